/* test_devices.c: the output-device seam: the format table, the run loop (unset hooks are
 * skipped, a failing hook stops it), options a format does not have, render to a writer
 * from memory, and the PNG device's pixels on display lists built here. */
#define _GNU_SOURCE /* memmem */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "check.h"
#include "check_diag.h"
#include "core/buf.h"
#include "core/ctx.h"
#include "core/file.h"
#include "core/writer.h"
#include "font/font.h"
#include "render/device.h"

static char *fixture(const char *name, size_t *len)
{
	char path[4096];
	char *data = NULL;
	tb_ctx *ctx;
	snprintf(path, sizeof path, "%s/%s", getenv("TB_SRC"), name);
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	if (tb_file_read(ctx, path, 64u << 20, &data, len) != TB_OK)
		data = NULL;
	tb_ctx_free(ctx);
	return data;
}

TEST(format_table)
{
	const tb_render_format *f;
	size_t i, n = 0;
	int pdf = 0, png = 0, trace = 0;
	for (i = 0; (f = tb_render_format_at(i)); i++, n++) {
		pdf += !strcmp(f->name, "pdf") && !strcmp(f->mime, "application/pdf");
		png += !strcmp(f->name, "png") && !strcmp(f->mime, "image/png") &&
		       (f->options & TB_RENDER_OPT_DPI) && !(f->options & TB_RENDER_OPT_PDFA);
		trace += !strcmp(f->name, "trace");
	}
	CHECK_EQ_INT(n, 3);
	CHECK(pdf == 1 && png == 1 && trace == 1);
	CHECK(tb_render_format_find("PNG") == tb_render_format_find("png"));
	CHECK(tb_render_format_find(".pdf") && !strcmp(tb_render_format_find(".pdf")->name, "pdf"));
	CHECK(tb_render_format_find("ofd") == NULL);
	CHECK(tb_device_format_for_path("out/a.b/report.Trace") == tb_device_format_find("trace"));
	CHECK(tb_device_format_for_path("out.d/report") == NULL);
}

/* A device that logs the hooks it has. */
typedef struct log_dev {
	tb_device base;
	tb_buf log;
	int fail_on_rule;
} log_dev;

static tb_status log_begin(tb_device *d, const tb_dl_doc *doc)
{
	return tb_buf_printf(&((log_dev *)d)->log, "B%zu ", doc->npages);
}
static tb_status log_glyphs(tb_device *d, const tb_dl_item *it)
{
	return tb_buf_printf(&((log_dev *)d)->log, "G%zu ", it->u.glyphs.n);
}
static tb_status log_rule(tb_device *d, const tb_dl_item *it)
{
	(void)it;
	return ((log_dev *)d)->fail_on_rule ? TB_ERROR : tb_buf_puts(&((log_dev *)d)->log, "R ");
}
static tb_status log_end_page(tb_device *d, const tb_dl_page *p, size_t i)
{
	(void)p;
	return tb_buf_printf(&((log_dev *)d)->log, "E%zu ", i + 1);
}
static tb_status log_end(tb_device *d)
{
	return tb_buf_puts(&((log_dev *)d)->log, "D");
}

static void add_text(tb_dl_page *pg, const tb_face *face, float x, float y, float size,
                     const uint32_t *cps, size_t n)
{
	tb_dl_item it;
	size_t i;
	memset(&it, 0, sizeof it);
	it.kind = TB_DL_GLYPHS;
	it.u.glyphs.face = face;
	it.u.glyphs.size = size;
	it.u.glyphs.y = y;
	it.u.glyphs.n = n;
	it.u.glyphs.glyphs = calloc(n, sizeof *it.u.glyphs.glyphs);
	for (i = 0; i < n; i++) {
		it.u.glyphs.glyphs[i].cp = cps[i];
		it.u.glyphs.glyphs[i].x = x + (float)i * size;
	}
	CHECK_EQ_INT(tb_dl_push(pg, &it), TB_OK);
}

/* Two pages: a rule, a rectangle and a glyph run on the first, a rule on the second. */
static tb_dl_doc *small_doc(tb_ctx *ctx)
{
	static const uint32_t shen[] = {0x7533}; /* 申 */
	const tb_rgb black = {0, 0, 0}, red = {255, 0, 0};
	tb_dl_doc *d = tb_dl_doc_new();
	tb_dl_page *p1 = tb_dl_add_page(d, 72, 72);
	tb_dl_page *p2;
	tb_fonts *fm;
	bool synth;
	CHECK_EQ_INT(tb_dl_push_rect(p1, 0, 0, 36, 36, black), TB_OK);
	CHECK_EQ_INT(tb_dl_push_rule(p1, 40, 60, 70, 60, 2, red, 0), TB_OK);
	CHECK_EQ_INT(tb_fonts_get(ctx, &fm), TB_OK);
	add_text(p1, tb_fonts_resolve(fm, "宋体", false, false, TB_SCRIPT_EAST_ASIAN, &synth), 38, 30,
	         30, shen, 1);
	p2 = tb_dl_add_page(d, 72, 72);
	CHECK_EQ_INT(tb_dl_push_rule(p2, 0, 36, 72, 36, 1, black, 1), TB_OK);
	return d;
}

TEST(run_skips_unset_hooks)
{
	tb_ctx *ctx;
	log_dev dev;
	tb_dl_doc *d;
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	d = small_doc(ctx);
	memset(&dev, 0, sizeof dev);
	dev.base.ctx = ctx;
	dev.base.begin_doc = log_begin;
	dev.base.glyphs = log_glyphs;
	dev.base.rule = log_rule;
	dev.base.end_page = log_end_page;
	dev.base.end_doc = log_end;
	CHECK_EQ_INT(tb_device_run(&dev.base, d), TB_OK);
	CHECK_EQ_STR(dev.log.data, "B2 R G1 E1 R E2 D"); /* no rect hook: the rectangle is skipped */
	tb_buf_reset(&dev.log);
	dev.fail_on_rule = 1;
	CHECK_EQ_INT(tb_device_run(&dev.base, d), TB_ERROR);
	CHECK_EQ_STR(dev.log.data, "B2 "); /* stopped at the first failing hook */
	tb_buf_free(&dev.log);
	tb_dl_doc_free(d);
	tb_ctx_free(ctx);
}

/* Decode our own PNGs: 8-bit RGB, filters None and Up only. */
static unsigned char *png_decode(const unsigned char *p, size_t len, unsigned *w, unsigned *h)
{
	tb_buf idat = TB_BUF_INIT;
	size_t off = 8, stride, y, x;
	unsigned char *raw, *px;
	uLongf rawlen;
	if (len < 8 || memcmp(p, "\x89PNG\r\n\x1a\n", 8))
		return NULL;
	*w = *h = 0;
	while (off + 12 <= len) {
		size_t n = ((size_t)p[off] << 24) | ((size_t)p[off + 1] << 16) | ((size_t)p[off + 2] << 8) | p[off + 3];
		const unsigned char *type = p + off + 4, *data = p + off + 8;
		if (off + 12 + n > len || crc32(crc32(0, type, 4), data, (uInt)n) !=
		    (((uLong)data[n] << 24) | ((uLong)data[n + 1] << 16) | ((uLong)data[n + 2] << 8) | data[n + 3])) {
			tb_buf_free(&idat);
			return NULL;
		}
		if (!memcmp(type, "IHDR", 4)) {
			*w = ((unsigned)data[0] << 24) | ((unsigned)data[1] << 16) | ((unsigned)data[2] << 8) | data[3];
			*h = ((unsigned)data[4] << 24) | ((unsigned)data[5] << 16) | ((unsigned)data[6] << 8) | data[7];
			if (data[8] != 8 || data[9] != 2) {
				tb_buf_free(&idat);
				return NULL;
			}
		} else if (!memcmp(type, "IDAT", 4))
			tb_buf_put(&idat, data, n);
		off += n + 12;
	}
	stride = (size_t)*w * 3;
	rawlen = (uLongf)((stride + 1) * *h);
	raw = malloc(rawlen);
	px = malloc(stride * *h);
	if (!raw || !px || uncompress(raw, &rawlen, (const Bytef *)idat.data, idat.len) != Z_OK) {
		free(raw);
		free(px);
		tb_buf_free(&idat);
		return NULL;
	}
	for (y = 0; y < *h; y++)
		for (x = 0; x < stride; x++) {
			unsigned char f = raw[y * (stride + 1)], v = raw[y * (stride + 1) + 1 + x];
			px[y * stride + x] = f == 2 && y ? (unsigned char)(v + px[(y - 1) * stride + x]) : v;
		}
	free(raw);
	tb_buf_free(&idat);
	return px;
}

static int grey(const unsigned char *px, unsigned w, unsigned x, unsigned y)
{
	const unsigned char *q = px + ((size_t)y * w + x) * 3;
	return (q[0] + q[1] + q[2]) / 3;
}

TEST(png_pixels)
{
	tb_ctx *ctx;
	tb_dl_doc *d;
	tb_device_options o = TB_DEVICE_OPTIONS_INIT;
	tb_buf b = TB_BUF_INIT, b2 = TB_BUF_INIT;
	tb_writer w = tb_writer_buf(&b), w2 = tb_writer_buf(&b2);
	unsigned char *px;
	unsigned pw, ph, x, y, dark = 0, outside = 0;
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	d = small_doc(ctx);
	o.dpi = 144; /* two pixels per point */
	CHECK_EQ_INT(tb_device_write(ctx, tb_device_format_find("png"), d, &o, &w), TB_OK);
	px = png_decode((const unsigned char *)b.data, b.len, &pw, &ph);
	CHECK(px != NULL);
	if (px) {
		CHECK_EQ_INT(pw, 144);
		CHECK_EQ_INT(ph, 144);
		CHECK_EQ_INT(grey(px, pw, 10, 10), 0);      /* inside the black square */
		CHECK_EQ_INT(grey(px, pw, 71, 71), 0);      /* its last pixel (36 pt = 72 px) */
		CHECK_EQ_INT(grey(px, pw, 72, 10), 255);    /* just right of it */
		CHECK_EQ_INT(grey(px, pw, 10, 72), 255);    /* just below it */
		/* the red rule, 2 pt thick at y = 60 pt: pixel rows 118..121 */
		CHECK(px[(120 * pw + 100) * 3] == 255 && px[(120 * pw + 100) * 3 + 1] == 0);
		CHECK_EQ_INT(grey(px, pw, 100, 115), 255);
		/* 申 at 30 pt from x = 38 pt, baseline 30 pt: ink inside its em box, none above */
		for (y = 0; y < 144; y++)
			for (x = 76; x < 144; x++) {
				int inside = y >= 60 - 52 && y < 60 + 14 && x < 76 + 60;
				if (grey(px, pw, x, y) < 128) {
					if (inside)
						dark++;
					else if (y < 110) /* below 110: the rule */
						outside++;
				}
			}
		CHECK(dark > 300);   /* strokes of a 60-pixel character */
		CHECK(dark < 2500);  /* ... not a filled box */
		CHECK_EQ_INT(outside, 0);
		free(px);
	}
	/* same display list, same bytes; another page, another image */
	CHECK_EQ_INT(tb_device_write(ctx, tb_device_format_find("png"), d, &o, &w2), TB_OK);
	CHECK(b.len == b2.len && !memcmp(b.data, b2.data, b.len));
	tb_buf_reset(&b2);
	o.page = 2;
	CHECK_EQ_INT(tb_device_write(ctx, tb_device_format_find("png"), d, &o, &w2), TB_OK);
	px = png_decode((const unsigned char *)b2.data, b2.len, &pw, &ph);
	CHECK(px && grey(px, pw, 10, 10) == 255 && grey(px, pw, 1, 72) < 128); /* the dashed rule */
	free(px);
	tb_buf_free(&b);
	tb_buf_free(&b2);
	tb_dl_doc_free(d);
	tb_ctx_free(ctx);
}

/* Turned runs (vertical text): the trace names the turn, the PDF turns the text matrix, the
 * PNG turns the outlines. 申请 at 20 pt turned counterclockwise about (72, 120) runs up from
 * there; turned clockwise about (20, 20) it runs down. */
TEST(turned_runs)
{
	static const uint32_t cps[] = {0x7533, 0x8BF7}; /* 申请 */
	tb_ctx *ctx;
	tb_dl_doc *d = tb_dl_doc_new();
	tb_dl_page *pg = tb_dl_add_page(d, 144, 144);
	tb_device_options o = TB_DEVICE_OPTIONS_INIT;
	tb_buf b = TB_BUF_INIT;
	tb_writer w = tb_writer_buf(&b);
	tb_fonts *fm;
	const tb_face *song;
	bool synth;
	unsigned char *px;
	unsigned pw, ph, x, y, x0 = 999, x1 = 0, y0 = 999, y1 = 0, ox0 = 999, ox1 = 0, oy0 = 999, oy1 = 0;
	float tx, ty;
	if (tb_ctx_new(&ctx) != TB_OK)
		abort(); /* out of memory: nothing to test */
	if (tb_fonts_get(ctx, &fm) != TB_OK)
		abort(); /* the font map is the project's own: it must load */
	song = tb_fonts_resolve(fm, "宋体", false, false, TB_SCRIPT_EAST_ASIAN, &synth);
	add_text(pg, song, 72, 120, 20, cps, 2);
	pg->items[0].u.glyphs.rot = TB_DL_TURN_CCW;
	pg->items[0].u.glyphs.px = 72;
	pg->items[0].u.glyphs.py = 120;
	add_text(pg, song, 20, 20, 20, cps, 2);
	pg->items[1].u.glyphs.rot = TB_DL_TURN_CW;
	pg->items[1].u.glyphs.px = 20;
	pg->items[1].u.glyphs.py = 20;
	tb_dl_turn_point(&pg->items[0], 92, 120, &tx, &ty); /* the second pen position */
	CHECK(tx == 72 && ty == 100);
	tb_dl_turn_point(&pg->items[1], 40, 25, &tx, &ty); /* below the baseline: to the left */
	CHECK(tx == 15 && ty == 40);

	CHECK_EQ_INT(tb_device_write(ctx, tb_device_format_find("trace"), d, NULL, &w), TB_OK);
	CHECK(b.data && strstr(b.data, "glyphs x=72.0 y=120.0 face=") &&
	      strstr(b.data, "size=20.0 turn=90 \"申请\" dx=20.0"));
	CHECK(b.data && strstr(b.data, "glyphs x=20.0 y=20.0 face=") && strstr(b.data, "turn=270"));
	tb_buf_reset(&b);
	o.compress = 0;
	CHECK_EQ_INT(tb_device_write(ctx, tb_device_format_find("pdf"), d, &o, &w), TB_OK);
	CHECK(b.data && memmem(b.data, b.len, "0 1 -1 0 72 24 Tm", 17) &&
	      memmem(b.data, b.len, "0 -1 1 0 20 124 Tm", 18));
	tb_buf_reset(&b);
	o.compress = 1;
	o.dpi = 72;
	CHECK_EQ_INT(tb_device_write(ctx, tb_device_format_find("png"), d, &o, &w), TB_OK);
	px = png_decode((const unsigned char *)b.data, b.len, &pw, &ph);
	CHECK(px != NULL);
	for (y = 0; px && y < ph; y++)
		for (x = 0; x < pw; x++) {
			if (grey(px, pw, x, y) >= 128)
				continue;
			if (y > 60) { /* the first run: up from (72, 120), its tops to the left */
				x0 = x < x0 ? x : x0, x1 = x > x1 ? x : x1;
				y0 = y < y0 ? y : y0, y1 = y > y1 ? y : y1;
			} else { /* the second: down from (20, 20), its tops to the right */
				ox0 = x < ox0 ? x : ox0, ox1 = x > ox1 ? x : ox1;
				oy0 = y < oy0 ? y : oy0, oy1 = y > oy1 ? y : oy1;
			}
		}
	CHECK(x0 >= 72 - 20 && x1 <= 72 + 6 && x1 > 64 && y0 >= 78 && y0 < 86 && y1 <= 120);
	CHECK(2 * (y1 - y0) > 3 * (x1 - x0)); /* tall and narrow: two characters above each other */
	CHECK(2 * (oy1 - oy0) > 3 * (ox1 - ox0));
	CHECK(ox0 >= 20 - 6 && ox1 <= 20 + 20 && ox0 < 28 && oy0 >= 20 && oy1 <= 60 && oy1 > 52);
	free(px);
	tb_buf_free(&b);
	tb_dl_doc_free(d);
	tb_ctx_free(ctx);
}

TEST(options_a_format_lacks)
{
	tb_ctx *ctx;
	tb_dl_doc *d;
	tb_device_options o = TB_DEVICE_OPTIONS_INIT;
	tb_buf b = TB_BUF_INIT;
	tb_writer w = tb_writer_buf(&b);
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	d = small_doc(ctx);
	o.pdfa = 1;
	CHECK_EQ_INT(tb_device_write(ctx, tb_device_format_find("png"), d, &o, &w), TB_EINVAL);
	CHECK(has_code(ctx, "render.option"));
	o.pdfa = 0;
	o.dpi = 5;
	CHECK_EQ_INT(tb_device_write(ctx, tb_device_format_find("png"), d, &o, &w), TB_EINVAL);
	o.dpi = 0;
	o.page = 3;
	tb_diag_clear(ctx);
	CHECK_EQ_INT(tb_device_write(ctx, tb_device_format_find("png"), d, &o, &w), TB_EINVAL);
	CHECK(has_code(ctx, "render.page"));
	tb_diag_clear(ctx);
	CHECK_EQ_INT(tb_device_write(ctx, tb_device_format_find("trace"), d, &o, &w), TB_EINVAL);
	CHECK(has_code(ctx, "render.option"));
	CHECK_EQ_INT(b.len, 0); /* nothing was written by any of them */
	tb_buf_free(&b);
	tb_dl_doc_free(d);
	tb_ctx_free(ctx);
}

TEST(render_from_memory_to_writer)
{
	tb_ctx *ctx;
	tb_render_options o = TB_RENDER_OPTIONS_INIT;
	tb_buf b = TB_BUF_INIT;
	tb_writer w = tb_writer_buf(&b);
	size_t len = 0;
	char *doc = fixture("tests/layout/fixtures/form.docx", &len);
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	CHECK(doc != NULL);
	CHECK_EQ_INT(tb_render_mem(ctx, "form.docx", doc, len, &w, NULL), TB_OK);
	CHECK(b.len > 1000 && !memcmp(b.data, "%PDF-", 5));
	tb_buf_reset(&b);
	o.format = "png";
	o.page = 2;
	CHECK_EQ_INT(tb_render_mem(ctx, "form.docx", doc, len, &w, &o), TB_OK);
	CHECK(b.len > 1000 && !memcmp(b.data, "\x89PNG", 4));
	tb_buf_reset(&b);
	o.format = "trace";
	o.page = 0;
	CHECK_EQ_INT(tb_render_mem(ctx, "form.docx", doc, len, &w, &o), TB_OK);
	CHECK(b.data && !strncmp(b.data, "page 1 ", 7) && strstr(b.data, "\npage 2 "));
	o.format = "ofd";
	CHECK_EQ_INT(tb_render_mem(ctx, "form.docx", doc, len, &w, &o), TB_EINVAL);
	CHECK(has_code(ctx, "render.format"));
	o.format = NULL;
	o.version = 1;
	CHECK_EQ_INT(tb_render_mem(ctx, "form.docx", doc, len, &w, &o), TB_EINVAL);
	CHECK(has_code(ctx, "api.version"));
	free(doc);
	tb_buf_free(&b);
	tb_ctx_free(ctx);
}

TEST(render_file_by_extension)
{
	tb_ctx *ctx;
	char dir[] = "/tmp/tbdevXXXXXX", in[4096], out[4200], *data = NULL;
	size_t len = 0;
	snprintf(in, sizeof in, "%s/tests/layout/fixtures/form.docx", getenv("TB_SRC"));
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	CHECK(mkdtemp(dir) != NULL);
	snprintf(out, sizeof out, "%s/form.png", dir);
	CHECK_EQ_INT(tb_render_file(ctx, in, out, NULL), TB_OK);
	CHECK_EQ_INT(tb_file_read(ctx, out, 64u << 20, &data, &len), TB_OK);
	CHECK(data && len > 8 && !memcmp(data, "\x89PNG", 4));
	free(data);
	unlink(out);
	/* a failing render leaves nothing behind */
	snprintf(out, sizeof out, "%s/form.png", dir);
	{
		tb_render_options o = TB_RENDER_OPTIONS_INIT;
		o.page = 99;
		CHECK_EQ_INT(tb_render_file(ctx, in, out, &o), TB_EINVAL);
		CHECK(has_code(ctx, "render.page"));
		CHECK(!tb_file_exists(out));
	}
	CHECK_EQ_INT(rmdir(dir), 0); /* empty: no temporary file left */
	tb_ctx_free(ctx);
}

CHECK_MAIN(T(format_table), T(run_skips_unset_hooks), T(png_pixels), T(turned_runs), T(options_a_format_lacks),
           T(render_from_memory_to_writer), T(render_file_by_extension))
