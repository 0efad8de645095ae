/* report.c: multi-stage documents: fill then render in one step, and the self-assessment
 * report (score data -> the program's template -> DOCX/ODT, or rendered with a vector chart).
 * Every stage hands the next its bytes in memory; only the final output touches the disk. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/ctx.h"
#include "core/file.h"
#include "core/i18n.h"
#include "core/writer.h"
#include "data/evidence.h"
#include "doc/doc.h"
#include "fill/fill.h"
#include "font/font.h"
#include "layout/layout.h"
#include "render/device.h"
#include "report/chart.h"
#include "report/report.h"
#include "tianbiao/tb_evidence.h"
#include "tianbiao/tb_program.h"
#include "tianbiao/tb_render.h"
#include "tianbiao/tb_report.h"

/* Templates and data files are small; a template past this is refused. */
#define REPORT_MAX_INPUT ((size_t)512 << 20)

/* Fill, then lay out the filled trees themselves, not their serialised bytes parsed again.
 * The filled document's bytes also go to `filled_out` when given. `check_data` names the
 * data whose every character must have a face (NULL: none checked here). */
static tb_status fill_layout(tb_ctx *ctx, const char *tname, const void *tmpl, size_t tlen,
                             const char *dname, const void *data, size_t dlen,
                             const tb_fill_options *fo, int strict, const char *check_data,
                             tb_writer *filled_out, tb_dl_doc **out)
{
	tb_layout_options lo = TB_LAYOUT_OPTIONS_INIT;
	tb_buf filled = TB_BUF_INIT;
	tb_writer fw = tb_writer_buf(&filled);
	tb_fill_parts *parts = NULL;
	tb_doc_read_options ro = {0};
	tb_doc *doc = NULL;
	tb_status st;
	size_t n0; /* where the reader's and the layout's findings start */

	*out = NULL;
	/* Nobody reads the filled main part's bytes unless they are wanted too: its tree is
	 * all the layout takes. */
	st = tb_fill_mem_parts(ctx, tname, tmpl, tlen, dname, data, dlen, &fw, fo, !filled_out, &parts);
	lo.strict = strict;
	lo.own = 1; /* the filled document was just made here: not a hostile archive */
	ro.strict = lo.strict;
	ro.own = 1;
	ro.take = tb_fill_parts_take;
	ro.take_user = parts;
	/* The filled document is read before the data's characters are checked, although its
	 * findings come after theirs: reading needs no font, and by its end fontconfig's set-up
	 * (core/helper.h) is done rather than waited for. */
	n0 = tb_diag_count(ctx);
	if (st == TB_OK) {
		tb_status read_st = tb_doc_read_mem(ctx, tname, filled.data, filled.len, &ro, &doc);
		size_t n_check = tb_diag_count(ctx);
		/* Every character of the data must have a face (a name's rare character included):
		 * the error names the data field, not a place on a page. */
		if (check_data)
			st = tb_fonts_check_data_tree(ctx, check_data, data, dlen, tb_fill_parts_data(parts));
		tb_diag_move_before(ctx, n0, n_check);
		n0 += tb_diag_count(ctx) - n_check; /* the check's findings, now first */
		if (st != TB_OK) /* in that order, nothing was read: what reading found goes */
			tb_diag_truncate(ctx, n0);
		else
			st = read_st;
	}
	if (st == TB_OK && filled_out)
		st = tb_writer_put_buf(filled_out, &filled);
	if (st == TB_OK)
		st = tb_layout_doc(ctx, doc, &lo, out);
	tb_doc_free(doc);
	tb_buf_free(&filled);
	if (st == TB_OK && tb_fonts_missing_since(ctx, n0))
		st = TB_ERROR; /* a character of the template itself no face has */
	/* a validation that ran beside: its findings go before the fill's (n0 is past) */
	st = tb_fill_parts_finish(ctx, parts, st);
	tb_fill_parts_free(parts);
	if (st != TB_OK) {
		tb_dl_doc_free(*out);
		*out = NULL;
	}
	return st;
}

tb_status tb_fill_render_mem_both(tb_ctx *ctx, const char *template_name, const void *tmpl,
                                  size_t tmpl_len, const char *data_name, const void *data,
                                  size_t data_len, tb_writer *filled, tb_writer *out,
                                  const tb_fill_options *fill_opts,
                                  const tb_render_options *render_opts)
{
	static const tb_render_options rdefault = TB_RENDER_OPTIONS_INIT;
	const tb_device_format *fmt;
	tb_dl_doc *d = NULL;
	tb_status st;

	if (!ctx || !tmpl || !data || !out || !out->write)
		return TB_EINVAL;
	if (!render_opts)
		render_opts = &rdefault;
	if ((st = tb_render_setup(ctx, render_opts, NULL, &fmt)) != TB_OK)
		return st;
	st = fill_layout(ctx, template_name ? template_name : "template", tmpl, tmpl_len, data_name,
	                 data, data_len, fill_opts, render_opts->strict,
	                 data_name ? data_name : "data", filled, &d);
	if (st == TB_OK)
		st = tb_render_dl(ctx, d, render_opts, fmt, out);
	tb_dl_doc_free(d);
	return st;
}

tb_status tb_fill_render_mem(tb_ctx *ctx, const char *template_name, const void *tmpl,
                             size_t tmpl_len, const char *data_name, const void *data,
                             size_t data_len, tb_writer *out, const tb_fill_options *fill_opts,
                             const tb_render_options *render_opts)
{
	return tb_fill_render_mem_both(ctx, template_name, tmpl, tmpl_len, data_name, data, data_len,
	                               NULL, out, fill_opts, render_opts);
}

tb_status tb_fill_render_file(tb_ctx *ctx, const char *template_path, const char *data_path,
                              const char *out_path, const tb_fill_options *fill_opts,
                              const tb_render_options *render_opts)
{
	static const tb_render_options rdefault = TB_RENDER_OPTIONS_INIT;
	tb_render_options ro;
	const tb_device_format *fmt;
	tb_file_writer *fw = NULL;
	char *tmpl = NULL, *data = NULL;
	size_t tlen = 0, dlen = 0;
	tb_status st;

	if (!ctx || !template_path || !data_path || !out_path)
		return TB_EINVAL;
	ro = render_opts ? *render_opts : rdefault;
	/* The output's extension chooses the format unless the options do. */
	if ((st = tb_render_setup(ctx, &ro, out_path, &fmt)) != TB_OK)
		return st;
	ro.format = fmt->info.name;
	if ((st = tb_file_read(ctx, template_path, REPORT_MAX_INPUT, &tmpl, &tlen)) == TB_OK &&
	    (st = tb_file_read(ctx, data_path, REPORT_MAX_INPUT, &data, &dlen)) == TB_OK &&
	    (st = tb_file_writer_open(ctx, out_path, &fw)) == TB_OK)
		st = tb_fill_render_mem(ctx, template_path, tmpl, tlen, data_path, data, dlen,
		                        tb_file_writer_get(fw), fill_opts, &ro);
	st = tb_file_writer_finish(fw, st);
	free(tmpl);
	free(data);
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

/* Is `format` a document format of the template (docx, odt) rather than a rendered one? */
static int is_document_format(const char *format)
{
	return format && (!strcmp(format, "docx") || !strcmp(format, "odt"));
}

tb_status tb_report_write_both(tb_ctx *ctx, const tb_score *s, const char *format,
                               tb_writer *filled, tb_writer *out,
                               const tb_render_options *render_opts)
{
	static const tb_render_options rdefault = TB_RENDER_OPTIONS_INIT;
	tb_render_options ro;
	tb_fill_options fo = TB_FILL_OPTIONS_INIT;
	const tb_device_format *fmt = NULL;
	const tb_program *p;
	const char *tmpl;
	tb_buf data = TB_BUF_INIT, title = TB_BUF_INIT;
	tb_writer dw = tb_writer_buf(&data);
	char *tbytes = NULL;
	size_t tlen = 0;
	int document = is_document_format(format);
	tb_dl_doc *d = NULL;
	tb_status st;

	if (!ctx || !s || !out || !out->write)
		return TB_EINVAL;
	ro = render_opts ? *render_opts : rdefault;
	if (!document) {
		if (format)
			ro.format = format;
		if ((st = tb_render_setup(ctx, &ro, NULL, &fmt)) != TB_OK)
			return st;
	}
	p = tb_score_program(s);
	tmpl = tb_program_template(p, "self-assessment", format && !strcmp(format, "odt") ? "odt" : "docx");
	if (!tmpl) {
		tb_error(ctx, "report.no-template", NULL, 0, 0,
		         N_("install the program's templates (see docs/templates.md)"),
		         N_("program %s ships no self-assessment template"), tb_program_id(p));
		return TB_ENOTFOUND;
	}
	/* Report data is computed, so an unclaimed indicator legitimately has no explanation. */
	fo.missing = TB_FILL_MISSING_EMPTY;
	fo.validate = 0;
	if ((st = tb_score_write_to(ctx, s, TB_SCORE_XML, &dw)) != TB_OK ||
	    (st = tb_file_read(ctx, tmpl, REPORT_MAX_INPUT, &tbytes, &tlen)) != TB_OK)
		goto done;
	if (document) {
		st = tb_fill_mem(ctx, tmpl, tbytes, tlen, "report-data.xml", data.data, data.len, out, &fo);
		goto done;
	}
	/* The evidence's characters, not the report data's: the data names the evidence's text.
	 * Its tree as the loader read it (quotes and full-width digits forgiven), not the file
	 * read again. */
	if ((st = tb_fonts_check_doc(ctx, tb_evidence_doc(tb_score_evidence(s)))) != TB_OK ||
	    (st = fill_layout(ctx, tmpl, tbytes, tlen, "report-data.xml", data.data, data.len, &fo,
	                      ro.strict, NULL, filled, &d)) != TB_OK)
		goto done;
	tb_buf_printf(&title, "%s 自评报告", tb_evidence_applicant(tb_score_evidence(s)));
	/* The report's own metadata; the options' (applied by tb_render_dl) win. */
	st = tb_buf_status(&title);
	if (st == TB_OK)
		st = add_chart(ctx, s, d);
	if (st == TB_OK)
		st = set_meta(&d->title, title.data);
	if (st == TB_OK)
		st = set_meta(&d->subject, tb_program_title(p));
	if (st == TB_OK)
		st = tb_render_dl(ctx, d, &ro, fmt, out);
done:
	tb_dl_doc_free(d);
	free(tbytes);
	tb_buf_free(&data);
	tb_buf_free(&title);
	return st;
}

tb_status tb_report_write(tb_ctx *ctx, const tb_score *s, const char *format, tb_writer *out,
                          const tb_render_options *render_opts)
{
	return tb_report_write_both(ctx, s, format, NULL, out, render_opts);
}

tb_status tb_report_write_file(tb_ctx *ctx, const tb_score *s, const char *out_path,
                               const tb_render_options *render_opts)
{
	const tb_device_format *f;
	const char *format;
	tb_file_writer *fw;
	char ext[16];
	tb_status st;

	if (!ctx || !s || !out_path)
		return TB_EINVAL;
	tb_path_ext(out_path, ext, sizeof ext);
	if (render_opts && render_opts->format)
		format = render_opts->format;
	else if (is_document_format(ext))
		format = !strcmp(ext, "odt") ? "odt" : "docx";
	else if ((f = tb_device_format_for_path(out_path)))
		format = f->info.name;
	else {
		tb_error(ctx, "report.format", out_path, 0, 0,
		         N_("name the output .docx, .odt or .pdf"),
		         N_("cannot tell the report's format from the file name"));
		return TB_EINVAL;
	}
	if ((st = tb_file_writer_open(ctx, out_path, &fw)) != TB_OK)
		return st;
	st = tb_report_write(ctx, s, format, tb_file_writer_get(fw), render_opts);
	return tb_file_writer_finish(fw, st);
}
