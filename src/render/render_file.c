/* render_file.c: tb_render_file and tb_render_mem: layout (layout/layout.h), then the device
 * of the chosen format (render/device.c), plus the optional trace. Files are written
 * atomically; the same steps serve the report, which adds its chart in between. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/ctx.h"
#include "core/i18n.h"
#include "core/writer.h"
#include "font/font.h"
#include "layout/layout.h"
#include "render/device.h"
#include "tianbiao/tb_render.h"

static tb_status replace(char **field, const char *value)
{
	char *copy;
	if (!value)
		return TB_OK;
	copy = strdup(value);
	if (!copy)
		return TB_ENOMEM;
	free(*field);
	*field = copy;
	return TB_OK;
}

tb_status tb_render_setup(tb_ctx *ctx, const tb_render_options *opts, const char *out_path,
                          const tb_device_format **fmt)
{
	const tb_device_format *f = NULL;
	tb_status st;

	*fmt = NULL;
	if ((st = tb_options_check(ctx, "tb_render_options", (unsigned)opts->version,
	                           TB_RENDER_OPTIONS_VERSION)) != TB_OK)
		return st;
	if (opts->format) {
		if (!(f = tb_device_format_find(opts->format))) {
			tb_buf names = TB_BUF_INIT;
			const tb_render_format *r;
			size_t i;
			for (i = 0; (r = tb_render_format_at(i)); i++)
				tb_buf_printf(&names, "%s%s", i ? ", " : "", r->name);
			tb_error(ctx, "render.format", NULL, 0, 0, N_("Choose one of the formats listed."),
			         N_("there is no output format '%s' (formats: %s)"), opts->format,
			         tb_buf_status(&names) == TB_OK && names.data ? names.data : "");
			tb_buf_free(&names);
			return TB_EINVAL;
		}
	} else if (!out_path || !(f = tb_device_format_for_path(out_path)))
		f = tb_device_format_find("pdf");
	if (opts->font_map && (st = tb_fonts_set_map(ctx, opts->font_map)) != TB_OK)
		return st;
	*fmt = f;
	return TB_OK;
}

tb_status tb_render_set_font_map(tb_ctx *ctx, const char *path)
{
	return ctx ? tb_fonts_set_map(ctx, path) : TB_EINVAL;
}

const char *tb_render_font_map(const tb_ctx *ctx)
{
	return ctx ? tb_fonts_map_setting(ctx) : NULL;
}

tb_status tb_render_set_allow_missing_glyphs(tb_ctx *ctx, int allow)
{
	return ctx ? tb_fonts_set_allow_missing(ctx, allow != 0) : TB_EINVAL;
}

int tb_render_allow_missing_glyphs(const tb_ctx *ctx)
{
	return ctx && tb_fonts_allow_missing(ctx);
}

void tb_render_prefetch_fonts(void)
{
	tb_fonts_prefetch();
}

unsigned tb_render_workers(unsigned asked, size_t items)
{
	long cpus = asked ? (long)asked : sysconf(_SC_NPROCESSORS_ONLN);
	unsigned n = cpus > 0 && cpus < 256 ? (unsigned)cpus : 1;
	return items && n > items ? (unsigned)items : n;
}

tb_status tb_render_ctx_like(const tb_ctx *parent, tb_ctx **out)
{
	tb_ctx *t = NULL;
	*out = NULL;
	if (tb_ctx_new_like(parent, &t) != TB_OK ||
	    (tb_render_font_map(parent) && tb_render_set_font_map(t, tb_render_font_map(parent)) != TB_OK) ||
	    tb_render_set_allow_missing_glyphs(t, tb_render_allow_missing_glyphs(parent)) != TB_OK) {
		tb_ctx_free(t);
		return TB_ENOMEM;
	}
	*out = t;
	return TB_OK;
}

static tb_status write_trace(tb_ctx *ctx, const tb_dl_doc *d, const char *path)
{
	tb_file_writer *fw;
	tb_status st = tb_file_writer_open(ctx, path, &fw);
	if (st != TB_OK)
		return st;
	st = tb_device_write(ctx, tb_device_format_find("trace"), d, NULL, tb_file_writer_get(fw));
	return tb_file_writer_finish(fw, st);
}

tb_status tb_render_dl(tb_ctx *ctx, tb_dl_doc *d, const tb_render_options *opts,
                       const tb_device_format *fmt, tb_writer *out)
{
	tb_device_options dopts = TB_DEVICE_OPTIONS_INIT;
	tb_status st;

	if ((st = replace(&d->title, opts->title)) != TB_OK ||
	    (st = replace(&d->author, opts->author)) != TB_OK ||
	    (st = replace(&d->subject, opts->subject)) != TB_OK ||
	    (st = replace(&d->keywords, opts->keywords)) != TB_OK)
		return st;
	if (opts->trace_path && (st = write_trace(ctx, d, opts->trace_path)) != TB_OK)
		return st;
	dopts.pdfa = opts->pdfa;
	dopts.dpi = opts->dpi;
	dopts.page = opts->page;
	return tb_device_write(ctx, fmt, d, &dopts, out);
}

tb_status tb_render_file(tb_ctx *ctx, const char *in_path, const char *out_path,
                         const tb_render_options *opts)
{
	static const tb_render_options defaults = TB_RENDER_OPTIONS_INIT;
	tb_layout_options lo = TB_LAYOUT_OPTIONS_INIT;
	const tb_device_format *fmt;
	tb_file_writer *fw = NULL;
	tb_dl_doc *d = NULL;
	tb_status st;
	size_t n0;

	if (!ctx || !in_path || !out_path)
		return TB_EINVAL;
	if (!opts)
		opts = &defaults;
	if ((st = tb_render_setup(ctx, opts, out_path, &fmt)) != TB_OK)
		return st;
	lo.strict = opts->strict;
	n0 = tb_diag_count(ctx);
	st = tb_layout_document(ctx, in_path, &lo, &d);
	if (st == TB_OK && tb_fonts_missing_since(ctx, n0))
		st = TB_ERROR; /* a character no face has, and that is not allowed */
	if (st != TB_OK) {
		tb_dl_doc_free(d);
		return st;
	}
	st = tb_file_writer_open(ctx, out_path, &fw);
	if (st == TB_OK)
		st = tb_render_dl(ctx, d, opts, fmt, tb_file_writer_get(fw));
	st = tb_file_writer_finish(fw, st);
	tb_dl_doc_free(d);
	return st;
}

tb_status tb_render_mem(tb_ctx *ctx, const char *name, const void *doc, size_t len,
                        tb_writer *out, const tb_render_options *opts)
{
	static const tb_render_options defaults = TB_RENDER_OPTIONS_INIT;
	tb_layout_options lo = TB_LAYOUT_OPTIONS_INIT;
	const tb_device_format *fmt;
	tb_dl_doc *d = NULL;
	tb_status st;
	size_t n0;

	if (!ctx || !doc || !out || !out->write)
		return TB_EINVAL;
	if (!opts)
		opts = &defaults;
	if ((st = tb_render_setup(ctx, opts, NULL, &fmt)) != TB_OK)
		return st;
	lo.strict = opts->strict;
	n0 = tb_diag_count(ctx);
	st = tb_layout_document_mem(ctx, name ? name : "document", doc, len, &lo, &d);
	if (st == TB_OK && tb_fonts_missing_since(ctx, n0))
		st = TB_ERROR;
	if (st != TB_OK) {
		tb_dl_doc_free(d);
		return st;
	}
	st = tb_render_dl(ctx, d, opts, fmt, out);
	tb_dl_doc_free(d);
	return st;
}
