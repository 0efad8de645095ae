/* report.c: multi-stage documents: fill then render in one step, and the self-assessment
 * report (score data -> the program's template -> DOCX/ODT, or PDF with a vector chart). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/ctx.h"
#include "core/file.h"
#include "core/i18n.h"
#include "font/font.h"
#include "layout/layout.h"
#include "render/device.h"
#include "report/chart.h"
#include "tianbiao/tb_evidence.h"
#include "tianbiao/tb_program.h"
#include "tianbiao/tb_render.h"
#include "tianbiao/tb_report.h"

/* A temporary path beside `out` with the extension `ext`, so tools that look at extensions
 * (and the same file system for the final rename) are happy. Caller frees. */
static char *tmp_beside(const char *out, const char *ext)
{
	char *t = tb_file_tmp_name(out);
	tb_buf b = TB_BUF_INIT;
	if (!t)
		return NULL;
	if (tb_buf_printf(&b, "%s.%s", t, ext)) {
		free(t);
		tb_buf_free(&b);
		return NULL;
	}
	free(t);
	return tb_buf_detach(&b, NULL);
}

tb_status tb_fill_render_file(tb_ctx *ctx, const char *template_path, const char *data_path,
                              const char *out_pdf, const tb_fill_options *fill_opts,
                              const tb_render_options *render_opts)
{
	char ext[16], *tmp;
	tb_status st;
	size_t n0;

	if (!ctx || !template_path || !data_path || !out_pdf)
		return TB_EINVAL;
	tb_path_ext(template_path, ext, sizeof ext);
	tmp = tmp_beside(out_pdf, strcmp(ext, "odt") ? "docx" : "odt");
	if (!tmp)
		return TB_ENOMEM;
	n0 = tb_diag_count(ctx);
	st = tb_fill_file(ctx, template_path, data_path, tmp, fill_opts);
	/* Every character of the data must have a face (a name's rare character included): the
	 * error names the data field, not a place on a page. */
	if (st == TB_OK && render_opts && render_opts->font_map)
		st = tb_render_set_font_map(ctx, render_opts->font_map);
	if (st == TB_OK)
		st = tb_fonts_check_data(ctx, data_path);
	if (st == TB_OK)
		st = tb_render_file(ctx, tmp, out_pdf, render_opts);
	tb_diag_rename_file(ctx, n0, tmp, template_path);
	unlink(tmp);
	free(tmp);
	return st;
}

static tb_status set_meta(char **field, const char *value)
{
	char *c;
	if (!value)
		return TB_OK;
	if (!(c = strdup(value)))
		return TB_ENOMEM;
	free(*field);
	*field = c;
	return TB_OK;
}

/* The chart goes into the rectangle of the template's chart box when layout found one, else
 * onto a page of its own after the report. */
static tb_status add_chart(tb_ctx *ctx, const tb_score *s, tb_dl_doc *d)
{
	const tb_program *p = tb_score_program(s);
	size_t i, n = 0, count = tb_program_indicator_count(p);
	tb_chart_bar *bars;
	char **labels;
	tb_dl_page *page = NULL;
	float x = 0, y = 0, w = 0, h = 0;
	tb_status st = TB_OK;

	bars = calloc(count + 1, sizeof *bars);
	labels = calloc(count + 1, sizeof *labels);
	if (!bars || !labels) {
		free(bars);
		free(labels);
		return TB_ENOMEM;
	}
	for (i = 0; i < count && st == TB_OK; i++) {
		const tb_indicator *ind = tb_program_indicator_at(p, i);
		tb_buf b = TB_BUF_INIT;
		if (tb_indicator_level(ind) != 1)
			continue;
		if (tb_buf_printf(&b, "%s %s", tb_indicator_id(ind), tb_indicator_title(ind))) {
			tb_buf_free(&b);
			st = TB_ENOMEM;
			break;
		}
		labels[n] = tb_buf_detach(&b, NULL);
		bars[n].label = labels[n];
		bars[n].value = tb_score_points(s, i);
		bars[n].max = tb_indicator_weight(ind);
		n++;
	}
	for (i = 0; st == TB_OK && i < d->npages && !page; i++) {
		tb_dl_page *pg = &d->pages[i];
		size_t k;
		for (k = 0; k < pg->n; k++) {
			const tb_dl_item *it = &pg->items[k];
			if (it->kind == TB_DL_BOX && it->u.seal.name && !strcmp(it->u.seal.name, "chart")) {
				page = pg;
				x = it->u.seal.x + 6;
				y = it->u.seal.y + 6;
				w = it->u.seal.w - 12;
				h = it->u.seal.h - 12;
				break;
			}
		}
	}
	if (st == TB_OK && !page) {
		float pw = d->npages ? d->pages[d->npages - 1].width : 595.28f;
		float ph = d->npages ? d->pages[d->npages - 1].height : 841.89f;
		page = tb_dl_add_page(d, pw, ph);
		if (!page)
			st = TB_ENOMEM;
		x = 72;
		y = 90;
		w = pw - 144;
		h = 36.0f * (float)n + 60;
	}
	if (st == TB_OK)
		st = tb_chart_draw(ctx, page, x, y, w, h, "自评得分与满分（一级指标）", bars, n);
	for (i = 0; i < n; i++)
		free(labels[i]);
	free(labels);
	free(bars);
	return st;
}

tb_status tb_report_write_file(tb_ctx *ctx, const tb_score *s, const char *out_path,
                               const tb_render_options *render_opts)
{
	static const tb_render_options rdefault = TB_RENDER_OPTIONS_INIT;
	tb_fill_options fo = TB_FILL_OPTIONS_INIT;
	const tb_program *p;
	const char *tmpl;
	char ext[16], *data = NULL, *filled = NULL;
	int pdf;
	tb_status st;

	if (!ctx || !s || !out_path)
		return TB_EINVAL;
	if (!render_opts)
		render_opts = &rdefault;
	p = tb_score_program(s);
	tb_path_ext(out_path, ext, sizeof ext);
	pdf = !strcmp(ext, "pdf");
	if (!pdf && strcmp(ext, "docx") && strcmp(ext, "odt")) {
		tb_error(ctx, "report.format", out_path, 0, 0,
		         N_("name the output .docx, .odt or .pdf"),
		         N_("cannot tell the report's format from the file name"));
		return TB_EINVAL;
	}
	tmpl = tb_program_template(p, "self-assessment", !strcmp(ext, "odt") ? "odt" : "docx");
	if (!tmpl) {
		tb_error(ctx, "report.no-template", out_path, 0, 0,
		         N_("install the program's templates (see docs/templates.md)"),
		         N_("program %s ships no self-assessment template"), tb_program_id(p));
		return TB_ENOTFOUND;
	}
	/* Report data is computed, so an unclaimed indicator legitimately has no explanation. */
	fo.missing = TB_FILL_MISSING_EMPTY;
	fo.validate = 0;
	if (!(data = tmp_beside(out_path, "xml")))
		return TB_ENOMEM;
	if ((st = tb_score_write(ctx, s, TB_SCORE_XML, data)) != TB_OK)
		goto done;
	if (!pdf) {
		st = tb_fill_file(ctx, tmpl, data, out_path, &fo);
		goto done;
	}
	if (!(filled = tmp_beside(out_path, "docx"))) {
		st = TB_ENOMEM;
		goto done;
	}
	if ((st = tb_fill_file(ctx, tmpl, data, filled, &fo)) != TB_OK)
		goto done;
	if (render_opts->font_map && (st = tb_render_set_font_map(ctx, render_opts->font_map)) != TB_OK)
		goto done;
	if ((st = tb_fonts_check_data(ctx, tb_evidence_path(tb_score_evidence(s)))) != TB_OK)
		goto done;
	{
		tb_layout_options lo = TB_LAYOUT_OPTIONS_INIT;
		tb_pdf_options po = TB_PDF_OPTIONS_INIT;
		tb_dl_doc *d = NULL;
		tb_buf title = TB_BUF_INIT;
		size_t n0 = tb_diag_count(ctx);
		lo.strict = render_opts->strict;
		if ((st = tb_layout_document(ctx, filled, &lo, &d)) != TB_OK)
			goto done;
		if (tb_fonts_missing_since(ctx, n0)) {
			tb_dl_doc_free(d);
			st = TB_ERROR;
			goto done;
		}
		tb_buf_printf(&title, "%s 自评报告", tb_evidence_applicant(tb_score_evidence(s)));
		st = add_chart(ctx, s, d);
		if (st == TB_OK)
			st = set_meta(&d->title, render_opts->title ? render_opts->title : title.data);
		if (st == TB_OK)
			st = set_meta(&d->author, render_opts->author);
		if (st == TB_OK)
			st = set_meta(&d->subject, render_opts->subject ? render_opts->subject : tb_program_title(p));
		if (st == TB_OK)
			st = set_meta(&d->keywords, render_opts->keywords);
		po.pdfa = render_opts->pdfa;
		if (st == TB_OK)
			st = tb_dl_write_pdf(ctx, d, &po, out_path);
		tb_buf_free(&title);
		tb_dl_doc_free(d);
	}
done:
	if (filled)
		tb_diag_rename_file(ctx, 0, filled, tmpl);
	if (filled)
		unlink(filled);
	unlink(data);
	free(filled);
	free(data);
	return st;
}
