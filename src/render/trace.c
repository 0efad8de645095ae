/* trace.c: the trace device: a stable, readable dump of a display list, one line per item,
 * for golden tests. Coordinates are rounded to 0.1 pt so tiny float noise does not matter. */
#include <math.h>
#include <stdio.h>

#include "core/utf8.h"
#include "font/font.h"
#include "render/device.h"

/* Round to one decimal and never print "-0.0". */
static double r1(float v)
{
	double d = round((double)v * 10.0) / 10.0;
	return d == 0.0 ? 0.0 : d;
}

static void put_color(FILE *out, tb_rgb c)
{
	if (c.r || c.g || c.b)
		fprintf(out, " color=#%02x%02x%02x", c.r, c.g, c.b);
}

static void trace_glyphs(const tb_dl_item *it, FILE *out)
{
	size_t i;
	char u[4];
	fprintf(out, "glyphs x=%.1f y=%.1f face=%s size=%.1f", it->u.glyphs.n ?
	        r1(it->u.glyphs.glyphs[0].x) : 0.0, r1(it->u.glyphs.y),
	        it->u.glyphs.face ? tb_face_name(it->u.glyphs.face) : "-", r1(it->u.glyphs.size));
	put_color(out, it->u.glyphs.color);
	if (it->u.glyphs.synthetic_bold)
		fputs(" bold", out);
	if (it->u.glyphs.synthetic_italic)
		fputs(" italic", out);
	fputs(" \"", out);
	for (i = 0; i < it->u.glyphs.n; i++) {
		uint32_t cp = it->u.glyphs.glyphs[i].cp;
		if (cp == '"' || cp == '\\')
			fputc('\\', out);
		fwrite(u, 1, tb_utf8_encode(cp, u), out);
	}
	fputs("\"", out);
	/* Positions of every character after the first, as advances from the previous one:
	 * justification and script runs show up here. */
	if (it->u.glyphs.n > 1) {
		fputs(" dx=", out);
		for (i = 1; i < it->u.glyphs.n; i++)
			fprintf(out, "%s%.1f", i > 1 ? "," : "",
			        r1(it->u.glyphs.glyphs[i].x - it->u.glyphs.glyphs[i - 1].x));
	}
}

static const char *image_format(uint8_t f)
{
	switch (f) {
	case TB_IMG_JPEG: return "jpeg";
	case TB_IMG_PNG: return "png";
	case TB_IMG_GIF: return "gif";
	case TB_IMG_BMP: return "bmp";
	case TB_IMG_TIFF: return "tiff";
	default: return "?";
	}
}

/* "path fill=#rrggbb stroke=#rrggbb w=0.50 M x,y L x,y C x,y x,y x,y Z" */
static void trace_path(const tb_dl_item *it, FILE *out)
{
	size_t i, k = 0;
	fputs("path", out);
	if (it->u.path.filled)
		fprintf(out, " fill=#%02x%02x%02x%s", it->u.path.fill.r, it->u.path.fill.g,
		        it->u.path.fill.b, it->u.path.even_odd ? " evenodd" : "");
	if (it->u.path.stroked)
		fprintf(out, " stroke=#%02x%02x%02x w=%.2f%s", it->u.path.stroke.r, it->u.path.stroke.g,
		        it->u.path.stroke.b, round(it->u.path.width * 100.0) / 100.0,
		        it->u.path.dashed ? " dashed" : "");
	for (i = 0; i < it->u.path.nops; i++) {
		int op = it->u.path.ops[i], np = op == TB_DL_CURVE ? 3 : op == TB_DL_CLOSE ? 0 : 1, j;
		fputs(op == TB_DL_MOVE ? " M" : op == TB_DL_LINE ? " L" : op == TB_DL_CURVE ? " C" : " Z",
		      out);
		for (j = 0; j < np && k < it->u.path.npts; j++, k++)
			fprintf(out, " %.1f,%.1f", r1(it->u.path.pts[k].x), r1(it->u.path.pts[k].y));
	}
}

tb_status tb_dl_write_trace(tb_ctx *ctx, const tb_dl_doc *d, FILE *out)
{
	size_t p, i;
	(void)ctx;
	for (p = 0; p < d->npages; p++) {
		const tb_dl_page *pg = &d->pages[p];
		fprintf(out, "page %zu %.1fx%.1f\n", p + 1, r1(pg->width), r1(pg->height));
		for (i = 0; i < pg->n; i++) {
			const tb_dl_item *it = &pg->items[i];
			fprintf(out, "%zu ", p + 1);
			switch (it->kind) {
			case TB_DL_GLYPHS:
				trace_glyphs(it, out);
				break;
			case TB_DL_RULE:
				fprintf(out, "rule %.1f,%.1f-%.1f,%.1f w=%.2f%s", r1(it->u.rule.x1),
				        r1(it->u.rule.y1), r1(it->u.rule.x2), r1(it->u.rule.y2),
				        round(it->u.rule.width * 100.0) / 100.0,
				        it->u.rule.dashed ? " dashed" : "");
				put_color(out, it->u.rule.color);
				break;
			case TB_DL_RECT:
				fprintf(out, "rect %.1f,%.1f %.1fx%.1f color=#%02x%02x%02x", r1(it->u.rect.x),
				        r1(it->u.rect.y), r1(it->u.rect.w), r1(it->u.rect.h),
				        it->u.rect.color.r, it->u.rect.color.g, it->u.rect.color.b);
				break;
			case TB_DL_IMAGE:
				fprintf(out, "image %.1f,%.1f %.1fx%.1f %s %zu bytes", r1(it->u.image.x),
				        r1(it->u.image.y), r1(it->u.image.w), r1(it->u.image.h),
				        image_format(it->u.image.format), it->u.image.len);
				break;
			case TB_DL_PATH:
				trace_path(it, out);
				break;
			case TB_DL_CLIP:
				fprintf(out, "clip %.1f,%.1f %.1fx%.1f", r1(it->u.rect.x), r1(it->u.rect.y),
				        r1(it->u.rect.w), r1(it->u.rect.h));
				break;
			case TB_DL_CLIP_END:
				fputs("clip-end", out);
				break;
			case TB_DL_ANCHOR:
				fprintf(out, "anchor %.1f,%.1f", r1(it->u.anchor.x), r1(it->u.anchor.y));
				break;
			case TB_DL_SEAL:
				fprintf(out, "seal %.1f,%.1f %.1fx%.1f name=%s label=%s", r1(it->u.seal.x),
				        r1(it->u.seal.y), r1(it->u.seal.w), r1(it->u.seal.h),
				        it->u.seal.name ? it->u.seal.name : "",
				        it->u.seal.label ? it->u.seal.label : "");
				break;
			case TB_DL_BOX:
				fprintf(out, "box %.1f,%.1f %.1fx%.1f name=%s", r1(it->u.seal.x),
				        r1(it->u.seal.y), r1(it->u.seal.w), r1(it->u.seal.h),
				        it->u.seal.name ? it->u.seal.name : "");
				break;
			}
			fputc('\n', out);
			if (ferror(out))
				return TB_EIO;
		}
	}
	return ferror(out) ? TB_EIO : TB_OK;
}
