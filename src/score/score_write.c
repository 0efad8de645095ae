/* score_write.c: one applicant's score as a terminal table and as JSON, and the choice of
 * writer (the report data XML is score_report.c's). */
#include <stdlib.h>
#include <string.h>

#include "core/ctx.h"
#include "core/file.h"
#include "core/i18n.h"
#include "core/utf8.h"
#include "score/score_internal.h"

#define OUT_MAX (256u * 1024 * 1024)
#define TITLE_COLS 40

const char *tb_score_fmt_percent(tb_points part, tb_points whole, char *buf, size_t cap)
{
	long p = tb_points_percent10(part, whole);
	snprintf(buf, cap, "%ld.%ld", p / 10, p % 10);
	return buf;
}

tb_status tb_score_emit(tb_ctx *ctx, const char *path, const tb_buf *b)
{
	if (!path || !strcmp(path, "-")) {
		if (b->len && fwrite(b->data, 1, b->len, stdout) != b->len)
			return TB_EIO;
		return fflush(stdout) ? TB_EIO : TB_OK;
	}
	return tb_file_write_atomic(ctx, path, b->data ? b->data : "", b->len);
}

/* ---- text ---------------------------------------------------------------------------- */

/* Append s padded (or cut, with an ellipsis) to exactly `cols` display columns. */
static tb_status put_cols(tb_buf *b, const char *s, size_t cols, int right)
{
	size_t w = tb_utf8_width(s), len = strlen(s), i = 0, used = 0;
	tb_status st = TB_OK;
	if (w <= cols) {
		size_t k;
		if (right)
			for (k = w; k < cols && st == TB_OK; k++)
				st = tb_buf_putc(b, ' ');
		if (st == TB_OK)
			st = tb_buf_puts(b, s);
		if (!right)
			for (k = w; k < cols && st == TB_OK; k++)
				st = tb_buf_putc(b, ' ');
		return st;
	}
	while (i < len && st == TB_OK) {
		size_t start = i;
		int32_t cp = tb_utf8_next(s, len, &i);
		int cw = cp < 0 ? 1 : tb_cp_width((uint32_t)cp);
		if (used + (size_t)cw > cols - 1)
			break;
		st = cp < 0 ? tb_buf_putc(b, '?') : tb_buf_put(b, s + start, i - start);
		used += (size_t)cw;
	}
	if (st == TB_OK)
		st = tb_buf_puts(b, "\xE2\x80\xA6"); /* U+2026, one column */
	for (used++; used < cols && st == TB_OK; used++)
		st = tb_buf_putc(b, ' ');
	return st;
}

/* The leaf a criterion id belongs to, or NULL. */
static const tb_indicator *criterion_owner(const tb_program *p, const char *id)
{
	size_t i, k;
	for (i = 0; i < p->indicator_count; i++)
		for (k = 0; k < p->indicators[i]->criterion_count; k++)
			if (!strcmp(p->indicators[i]->criteria[k].id, id))
				return p->indicators[i];
	return NULL;
}

/* Rows to mark: indicators with a finding (warning or error) on them, on one of their
 * criteria, or below them. */
static unsigned char *finding_rows(const tb_score *s)
{
	unsigned char *mark = calloc(s->n + 1, 1);
	size_t i, j;
	if (!mark)
		return NULL;
	for (i = 0; i < s->nfind; i++) {
		const char *id = s->findings[i].indicator;
		const tb_indicator *ind;
		if (!id || s->findings[i].d.severity < TB_SEV_WARNING)
			continue;
		ind = tb_program_indicator_find(s->prog, id);
		if (!ind)
			ind = criterion_owner(s->prog, id);
		for (; ind; ind = tb_indicator_parent(ind))
			for (j = 0; j < s->n; j++)
				if (tb_program_indicator_at(s->prog, j) == ind)
					mark[j] = 1;
	}
	return mark;
}

static tb_status text_row(tb_buf *b, size_t idw, const char *id, const char *title,
                          const char *claimed, const char *max, const char *pct, int flag)
{
	tb_status st;
	if ((st = put_cols(b, id, idw, 0)) || (st = tb_buf_putc(b, ' ')) ||
	    (st = put_cols(b, title, TITLE_COLS, 0)) || (st = tb_buf_putc(b, ' ')) ||
	    (st = put_cols(b, claimed, 8, 1)) || (st = tb_buf_putc(b, ' ')) ||
	    (st = put_cols(b, max, 8, 1)) || (st = tb_buf_putc(b, ' ')) ||
	    (st = put_cols(b, pct, 7, 1)) || (st = tb_buf_puts(b, flag ? " !" : "  ")))
		return st;
	return tb_buf_putc(b, '\n');
}

static tb_status text_rule(tb_buf *b, size_t width)
{
	size_t k;
	tb_status st = TB_OK;
	for (k = 0; k < width && st == TB_OK; k++)
		st = tb_buf_putc(b, '-');
	return st ? st : tb_buf_putc(b, '\n');
}

tb_status tb_score_text(const tb_score *s, tb_buf *b)
{
	size_t i, idw = tb_utf8_width(_("Indicator")), width;
	char idbuf[160], c[32], m[32], pc[32];
	const char *name = tb_evidence_applicant(s->ev);
	unsigned char *mark = finding_rows(s);
	tb_status st;

	if (!mark)
		return TB_ENOMEM;

	for (i = 0; i < s->n; i++) {
		const tb_indicator *ind = tb_program_indicator_at(s->prog, i);
		size_t w = tb_utf8_width(tb_indicator_id(ind)) + 2 * (size_t)(tb_indicator_level(ind) - 1);
		if (w > idw)
			idw = w;
	}
	if (tb_utf8_width(_("Total")) > idw)
		idw = tb_utf8_width(_("Total"));
	if (idw > 60)
		idw = 60;
	width = idw + 1 + TITLE_COLS + 1 + 8 + 1 + 8 + 1 + 7 + 2;

	st = tb_buf_printf(b, "%s · %s (%s)\n", name && *name ? name : tb_evidence_path(s->ev),
	                   tb_program_title(s->prog), tb_program_id(s->prog));
	if (st || (st = text_rule(b, width)) ||
	    (st = text_row(b, idw, _("Indicator"), _("Title"), _("Claimed"), _("Max"), "%", 0)) ||
	    (st = text_rule(b, width))) {
		free(mark);
		return st;
	}
	for (i = 0; i < s->n; i++) {
		const tb_indicator *ind = tb_program_indicator_at(s->prog, i);
		int leaf = tb_indicator_child_count(ind) == 0;
		size_t indent = 2 * (size_t)(tb_indicator_level(ind) - 1);
		if (indent > sizeof idbuf / 2)
			indent = sizeof idbuf / 2;
		memset(idbuf, ' ', indent);
		snprintf(idbuf + indent, sizeof idbuf - indent, "%s", tb_indicator_id(ind));
		if (leaf && s->stated[i] < 0)
			snprintf(c, sizeof c, "-");
		else
			tb_points_format(s->points[i], c, sizeof c);
		st = text_row(b, idw, idbuf, tb_indicator_title(ind), c,
		              tb_points_format(tb_indicator_weight(ind), m, sizeof m),
		              tb_score_fmt_percent(s->points[i], tb_indicator_weight(ind), pc, sizeof pc),
		              mark[i]);
		if (st)
			break;
	}
	free(mark);
	if (st)
		return st;
	if ((st = text_rule(b, width)) ||
	    (st = text_row(b, idw, _("Total"), s->disqualified ? _("disqualified") : "",
	                   tb_points_format(s->total, c, sizeof c),
	                   tb_points_format(tb_program_total(s->prog), m, sizeof m),
	                   tb_score_fmt_percent(s->total, tb_program_total(s->prog), pc, sizeof pc),
	                   s->disqualified)) ||
	    (st = text_rule(b, width)))
		return st;
	if (s->disqualified)
		st = tb_buf_printf(b, _("Disqualified: %s\n"), s->reason ? s->reason : "");
	if (!st && s->nerrors)
		st = tb_buf_printf(b, _("%zu problem(s) found; rows marked ! have findings.\n"),
		                   s->nerrors);
	return st;
}

/* ---- JSON ---------------------------------------------------------------------------- */

static tb_status json_str(tb_buf *b, const char *key, const char *v)
{
	tb_status st = tb_buf_printf(b, "\"%s\": ", key);
	if (st)
		return st;
	return v ? tb_buf_put_json(b, v) : tb_buf_puts(b, "null");
}

static tb_status json_attachments(tb_buf *b, const tb_score *s, size_t claim, const char *id)
{
	size_t k, n = 0;
	tb_status st = tb_buf_puts(b, "\"attachments\": [");
	for (k = 0; !st && k < s->ev->natt; k++) {
		if (!tb_score_supports(s->ev, k, claim, id))
			continue;
		if (n++)
			st = tb_buf_puts(b, ", ");
		if (!st)
			st = tb_buf_put_json(b, tb_evidence_attachment_id(s->ev, k));
	}
	return st ? st : tb_buf_putc(b, ']');
}

static tb_status json_criteria(tb_buf *b, const tb_score *s, size_t i)
{
	const tb_indicator *ind = tb_program_indicator_at(s->prog, i);
	size_t k;
	char x[32], y[32];
	tb_status st = tb_buf_puts(b, ", \"criteria\": [");
	for (k = 0; !st && k < ind->criterion_count; k++) {
		const tb_score_crit *cr = s->crits[i] ? &s->crits[i][k] : NULL;
		st = tb_buf_printf(b, "%s{", k ? ", " : "");
		if (!st)
			st = json_str(b, "id", ind->criteria[k].id);
		if (!st)
			st = tb_buf_printf(b, ", \"max\": %s", tb_points_format(ind->criteria[k].max, x, sizeof x));
		if (!st && cr && cr->stated >= 0)
			st = tb_buf_printf(b, ", \"stated\": %s, \"claimed\": %s",
			                   tb_points_format(cr->stated, x, sizeof x),
			                   tb_points_format(cr->counted, y, sizeof y));
		else if (!st)
			st = tb_buf_puts(b, ", \"stated\": null, \"claimed\": null");
		if (!st && cr && cr->units >= 0)
			st = tb_buf_printf(b, ", \"units\": %ld", cr->units);
		if (!st)
			st = tb_buf_putc(b, '}');
	}
	return st ? st : tb_buf_putc(b, ']');
}

tb_status tb_score_json(const tb_score *s, tb_buf *b)
{
	char x[32], y[32], z[32];
	size_t i;
	tb_status st;

	st = tb_buf_puts(b, "{\n  ");
	if (!st) st = json_str(b, "program", tb_program_id(s->prog));
	if (!st) st = tb_buf_puts(b, ",\n  ");
	if (!st) st = json_str(b, "program_title", tb_program_title(s->prog));
	if (!st) st = tb_buf_printf(b, ",\n  \"year\": %d,\n  ", tb_program_year(s->prog));
	if (!st) st = json_str(b, "evidence", tb_evidence_path(s->ev));
	if (!st) st = tb_buf_puts(b, ",\n  ");
	if (!st) st = json_str(b, "applicant", tb_evidence_applicant(s->ev));
	if (!st) st = tb_buf_puts(b, ",\n  ");
	if (!st) st = json_str(b, "recommender", tb_evidence_recommender(s->ev));
	if (!st) st = tb_buf_puts(b, ",\n  ");
	if (!st) st = json_str(b, "recommender_kind", tb_evidence_recommender_kind(s->ev));
	if (!st)
		st = tb_buf_printf(b, ",\n  \"total\": {\"claimed\": %s, \"max\": %s, \"percent\": %s},\n"
		                      "  \"disqualified\": %s,\n  ",
		                   tb_points_format(s->total, x, sizeof x),
		                   tb_points_format(tb_program_total(s->prog), y, sizeof y),
		                   tb_score_fmt_percent(s->total, tb_program_total(s->prog), z, sizeof z),
		                   s->disqualified ? "true" : "false");
	if (!st) st = json_str(b, "reason", s->reason);
	if (!st) st = tb_buf_puts(b, ",\n  \"indicators\": [");
	for (i = 0; !st && i < s->n; i++) {
		const tb_indicator *ind = tb_program_indicator_at(s->prog, i);
		const tb_indicator *par = tb_indicator_parent(ind);
		int leaf = tb_indicator_child_count(ind) == 0;
		st = tb_buf_printf(b, "%s\n    {", i ? "," : "");
		if (!st) st = json_str(b, "id", tb_indicator_id(ind));
		if (!st) st = tb_buf_printf(b, ", \"level\": %d, ", tb_indicator_level(ind));
		if (!st) st = json_str(b, "parent", par ? tb_indicator_id(par) : NULL);
		if (!st) st = tb_buf_puts(b, ", ");
		if (!st) st = json_str(b, "title", tb_indicator_title(ind));
		if (!st)
			st = tb_buf_printf(b, ", \"max\": %s, \"claimed\": %s, \"percent\": %s",
			                   tb_points_format(tb_indicator_weight(ind), x, sizeof x),
			                   tb_points_format(s->points[i], y, sizeof y),
			                   tb_score_fmt_percent(s->points[i], tb_indicator_weight(ind), z,
			                                        sizeof z));
		if (!st && leaf) {
			if (s->stated[i] >= 0)
				st = tb_buf_printf(b, ", \"stated\": %s, ", tb_points_format(s->stated[i], x, sizeof x));
			else
				st = tb_buf_puts(b, ", \"stated\": null, ");
			if (!st)
				st = json_attachments(b, s, s->claim[i], tb_indicator_id(ind));
			if (!st && ind->criterion_count)
				st = json_criteria(b, s, i);
		}
		if (!st)
			st = tb_buf_putc(b, '}');
	}
	if (!st) st = tb_buf_puts(b, "\n  ],\n  \"diagnostics\": [");
	for (i = 0; !st && i < s->nfind; i++) {
		const tb_score_find *f = &s->findings[i];
		st = tb_buf_printf(b, "%s\n    {", i ? "," : "");
		if (!st) st = json_str(b, "code", f->d.code);
		if (!st) st = tb_buf_puts(b, ", ");
		if (!st) st = json_str(b, "severity", tb_severity_name(f->d.severity));
		if (!st) st = tb_buf_puts(b, ", ");
		if (!st) st = json_str(b, "indicator", f->indicator);
		if (!st) st = tb_buf_printf(b, ", \"line\": %u, ", f->d.line);
		if (!st) st = json_str(b, "message", f->d.message);
		if (!st) st = tb_buf_puts(b, ", ");
		if (!st) st = json_str(b, "hint", f->d.hint);
		if (!st) st = tb_buf_putc(b, '}');
	}
	if (!st)
		st = tb_buf_puts(b, s->nfind ? "\n  ]\n}\n" : "]\n}\n");
	return st;
}

static tb_status render_score(const tb_score *s, tb_score_format fmt, tb_buf *b)
{
	switch (fmt) {
	case TB_SCORE_TEXT: return tb_score_text(s, b);
	case TB_SCORE_JSON: return tb_score_json(s, b);
	case TB_SCORE_XML: return tb_score_report_xml(s, b);
	default: return TB_EINVAL;
	}
}

tb_status tb_score_write(tb_ctx *ctx, const tb_score *s, tb_score_format fmt, const char *path)
{
	tb_buf b;
	tb_status st;
	if (!ctx || !s)
		return TB_EINVAL;
	tb_buf_init(&b, OUT_MAX);
	st = render_score(s, fmt, &b);
	if (st == TB_OK)
		st = tb_score_emit(ctx, path, &b);
	tb_buf_free(&b);
	return st;
}

tb_status tb_score_write_to(tb_ctx *ctx, const tb_score *s, tb_score_format fmt, tb_writer *out)
{
	tb_buf b;
	tb_status st;
	if (!ctx || !s || !out || !out->write)
		return TB_EINVAL;
	tb_buf_init(&b, OUT_MAX);
	st = render_score(s, fmt, &b);
	if (st == TB_OK && b.len)
		st = out->write(out->user, b.data, b.len);
	tb_buf_free(&b);
	return st;
}
