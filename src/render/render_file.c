/* render_file.c: tb_render_file: layout (layout/layout.h) then the PDF device, plus the
 * optional trace. Both outputs are written atomically. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/ctx.h"
#include "core/file.h"
#include "core/i18n.h"
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

static tb_status write_trace(tb_ctx *ctx, const tb_dl_doc *d, const char *path)
{
	char *tmp = tb_file_tmp_name(path);
	FILE *f;
	tb_status st;
	if (!tmp)
		return TB_ENOMEM;
	f = fopen(tmp, "w");
	if (!f) {
		tb_error(ctx, "io.write", path, 0, 0, N_("Check that the directory exists and is writable."),
		         N_("cannot write the trace"));
		free(tmp);
		return TB_EIO;
	}
	st = tb_dl_write_trace(ctx, d, f);
	if (fclose(f) != 0 && st == TB_OK)
		st = TB_EIO;
	if (st == TB_OK)
		st = tb_file_commit_tmp(ctx, tmp, path);
	else
		unlink(tmp);
	free(tmp);
	return st;
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

tb_status tb_render_file(tb_ctx *ctx, const char *in_path, const char *out_pdf,
                         const tb_render_options *opts)
{
	static const tb_render_options defaults = TB_RENDER_OPTIONS_INIT;
	tb_layout_options lo = TB_LAYOUT_OPTIONS_INIT;
	tb_pdf_options po = TB_PDF_OPTIONS_INIT;
	tb_dl_doc *d = NULL;
	tb_status st;
	size_t n0;

	if (!ctx || !in_path || !out_pdf)
		return TB_EINVAL;
	if (!opts)
		opts = &defaults;
	if (opts->version != TB_RENDER_OPTIONS_VERSION)
		return TB_EINVAL;
	if (opts->font_map) {
		st = tb_fonts_set_map(ctx, opts->font_map);
		if (st != TB_OK)
			return st;
	}
	lo.strict = opts->strict;
	n0 = tb_diag_count(ctx);
	st = tb_layout_document(ctx, in_path, &lo, &d);
	if (st == TB_OK && tb_fonts_missing_since(ctx, n0))
		st = TB_ERROR; /* a character no face has, and that is not allowed */
	if (st != TB_OK) {
		tb_dl_doc_free(d);
		return st;
	}
	if ((st = replace(&d->title, opts->title)) != TB_OK ||
	    (st = replace(&d->author, opts->author)) != TB_OK ||
	    (st = replace(&d->subject, opts->subject)) != TB_OK ||
	    (st = replace(&d->keywords, opts->keywords)) != TB_OK)
		goto cleanup;
	if (opts->trace_path && (st = write_trace(ctx, d, opts->trace_path)) != TB_OK)
		goto cleanup;
	po.pdfa = opts->pdfa;
	st = tb_dl_write_pdf(ctx, d, &po, out_pdf);
cleanup:
	tb_dl_doc_free(d);
	return st;
}
