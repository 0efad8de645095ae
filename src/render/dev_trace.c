/* dev_trace.c: the trace device: a stable, readable dump of a display list, one line per
 * item, for golden tests. Coordinates are rounded to 0.1 pt so tiny float noise does not
 * matter. Each page's lines go to the writer when the page ends. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/buf.h"
#include "core/utf8.h"
#include "core/writer.h"
#include "font/font.h"
#include "render/device.h"

typedef struct trace_dev {
	tb_device base;
	tb_writer *out;
	tb_buf b;
	size_t page; /* 1-based number of the current page */
} trace_dev;

/* Round to one decimal and never print "-0.0". */
static double r1(float v)
{
	double d = round((double)v * 10.0) / 10.0;
	return d == 0.0 ? 0.0 : d;
}

static tb_status put_color(tb_buf *b, tb_rgb c)
{
	return c.r || c.g || c.b ? tb_buf_printf(b, " color=#%02x%02x%02x", c.r, c.g, c.b) : TB_OK;
}

/* Every item line starts with its page number and ends with a newline. */
static tb_status line_start(trace_dev *t)
{
	return tb_buf_printf(&t->b, "%zu ", t->page);
}

static tb_status trace_glyphs(tb_device *dev, const tb_dl_item *it)
{
	trace_dev *t = (trace_dev *)dev;
	tb_buf *b = &t->b;
	size_t i;
	char u[4];
	tb_status st = line_start(t);
	if (!st)
		st = tb_buf_printf(b, "glyphs x=%.1f y=%.1f face=%s size=%.1f",
		                   it->u.glyphs.n ? r1(it->u.glyphs.glyphs[0].x) : 0.0, r1(it->u.glyphs.y),
		                   it->u.glyphs.face ? tb_face_name(it->u.glyphs.face) : "-",
		                   r1(it->u.glyphs.size));
	if (!st)
		st = put_color(b, it->u.glyphs.color);
	if (!st && it->u.glyphs.synthetic_bold)
		st = tb_buf_puts(b, " bold");
	if (!st && it->u.glyphs.synthetic_italic)
		st = tb_buf_puts(b, " italic");
	if (!st)
		st = tb_buf_puts(b, " \"");
	for (i = 0; !st && i < it->u.glyphs.n; i++) {
		uint32_t cp = it->u.glyphs.glyphs[i].cp;
		if (cp == '"' || cp == '\\')
			st = tb_buf_putc(b, '\\');
		if (!st)
			st = tb_buf_put(b, u, tb_utf8_encode(cp, u));
	}
	if (!st)
		st = tb_buf_putc(b, '"');
	/* Positions of every character after the first, as advances from the previous one:
	 * justification and script runs show up here. */
	if (!st && it->u.glyphs.n > 1) {
		st = tb_buf_puts(b, " dx=");
		for (i = 1; !st && i < it->u.glyphs.n; i++)
			st = tb_buf_printf(b, "%s%.1f", i > 1 ? "," : "",
			                   r1(it->u.glyphs.glyphs[i].x - it->u.glyphs.glyphs[i - 1].x));
	}
	return st ? st : tb_buf_putc(b, '\n');
}

static tb_status trace_rule(tb_device *dev, const tb_dl_item *it)
{
	trace_dev *t = (trace_dev *)dev;
	tb_status st = line_start(t);
	if (!st)
		st = tb_buf_printf(&t->b, "rule %.1f,%.1f-%.1f,%.1f w=%.2f%s", r1(it->u.rule.x1),
		                   r1(it->u.rule.y1), r1(it->u.rule.x2), r1(it->u.rule.y2),
		                   round(it->u.rule.width * 100.0) / 100.0, it->u.rule.dashed ? " dashed" : "");
	if (!st)
		st = put_color(&t->b, it->u.rule.color);
	return st ? st : tb_buf_putc(&t->b, '\n');
}

static tb_status trace_rect(tb_device *dev, const tb_dl_item *it)
{
	trace_dev *t = (trace_dev *)dev;
	tb_status st = line_start(t);
	return st ? st : tb_buf_printf(&t->b, "rect %.1f,%.1f %.1fx%.1f color=#%02x%02x%02x\n",
	                               r1(it->u.rect.x), r1(it->u.rect.y), r1(it->u.rect.w),
	                               r1(it->u.rect.h), it->u.rect.color.r, it->u.rect.color.g,
	                               it->u.rect.color.b);
}

static tb_status trace_image(tb_device *dev, const tb_dl_item *it)
{
	trace_dev *t = (trace_dev *)dev;
	tb_status st = line_start(t);
	return st ? st : tb_buf_printf(&t->b, "image %.1f,%.1f %.1fx%.1f %s %zu bytes\n",
	                               r1(it->u.image.x), r1(it->u.image.y), r1(it->u.image.w),
	                               r1(it->u.image.h), it->u.image.is_png ? "png" : "jpeg",
	                               it->u.image.len);
}

static tb_status trace_seal(tb_device *dev, const tb_dl_item *it)
{
	trace_dev *t = (trace_dev *)dev;
	tb_status st = line_start(t);
	return st ? st : tb_buf_printf(&t->b, "seal %.1f,%.1f %.1fx%.1f name=%s label=%s\n",
	                               r1(it->u.seal.x), r1(it->u.seal.y), r1(it->u.seal.w),
	                               r1(it->u.seal.h), it->u.seal.name ? it->u.seal.name : "",
	                               it->u.seal.label ? it->u.seal.label : "");
}

static tb_status trace_box(tb_device *dev, const tb_dl_item *it)
{
	trace_dev *t = (trace_dev *)dev;
	tb_status st = line_start(t);
	return st ? st : tb_buf_printf(&t->b, "box %.1f,%.1f %.1fx%.1f name=%s\n", r1(it->u.seal.x),
	                               r1(it->u.seal.y), r1(it->u.seal.w), r1(it->u.seal.h),
	                               it->u.seal.name ? it->u.seal.name : "");
}

static tb_status trace_begin_page(tb_device *dev, const tb_dl_page *pg, size_t index)
{
	trace_dev *t = (trace_dev *)dev;
	t->page = index + 1;
	return tb_buf_printf(&t->b, "page %zu %.1fx%.1f\n", t->page, r1(pg->width), r1(pg->height));
}

static tb_status trace_end_page(tb_device *dev, const tb_dl_page *pg, size_t index)
{
	trace_dev *t = (trace_dev *)dev;
	tb_status st = tb_writer_put(t->out, t->b.data, t->b.len);
	(void)pg;
	(void)index;
	tb_buf_reset(&t->b);
	return st;
}

static void trace_drop(tb_device *dev)
{
	trace_dev *t = (trace_dev *)dev;
	tb_buf_free(&t->b);
	free(t);
}

tb_status tb_dev_trace_new(tb_ctx *ctx, const tb_device_options *opts, tb_writer *out,
                           tb_device **dev)
{
	trace_dev *t = calloc(1, sizeof *t);
	(void)opts;
	*dev = NULL;
	if (!t)
		return TB_ENOMEM;
	t->base.ctx = ctx;
	t->base.begin_page = trace_begin_page;
	t->base.glyphs = trace_glyphs;
	t->base.rule = trace_rule;
	t->base.rect = trace_rect;
	t->base.image = trace_image;
	t->base.seal = trace_seal;
	t->base.box = trace_box;
	t->base.end_page = trace_end_page;
	t->base.drop = trace_drop;
	t->out = out;
	*dev = &t->base;
	return TB_OK;
}

static tb_status stream_write(void *user, const void *data, size_t len)
{
	return fwrite(data, 1, len, user) == len ? TB_OK : TB_EIO;
}

tb_status tb_dl_write_trace(tb_ctx *ctx, const tb_dl_doc *d, FILE *out)
{
	tb_writer w = {stream_write, out};
	tb_status st = tb_device_write(ctx, tb_device_format_find("trace"), d, NULL, &w);
	return st == TB_OK && ferror(out) ? TB_EIO : st;
}
