/* score_report.c: the report data (<report>, docs/report-formats.md) that the
 * self-assessment templates are filled from: levels, totals, percentages, explanations, the
 * attachments behind each indicator and the checks' findings. */
#include <stdlib.h>
#include <string.h>

#include "core/ctx.h"
#include "core/xml.h"
#include "score/score_internal.h"

#define NO_CLAIM ((size_t)-1)
#define REPORT_MAX (256u * 1024 * 1024)

static tb_status indent(tb_buf *b, int depth)
{
	tb_status st = TB_OK;
	while (depth-- > 0 && st == TB_OK)
		st = tb_buf_puts(b, "  ");
	return st;
}

/* An attribute; line breaks are written as character references, which survive attribute
 * value normalisation (a literal newline would be read back as a space). */
static tb_status attr(tb_buf *b, const char *name, const char *v)
{
	tb_status st = tb_buf_printf(b, " %s=\"", name);
	while (!st && v && *v) {
		size_t n = strcspn(v, "\n");
		st = tb_buf_put_xml(b, v, n);
		v += n;
		if (!st && *v == '\n') {
			st = tb_buf_puts(b, "&#10;");
			v++;
		}
	}
	return st ? st : tb_buf_putc(b, '"');
}

static tb_status text(tb_buf *b, const char *v)
{
	return v ? tb_buf_put_xml(b, v, strlen(v)) : TB_OK;
}

tb_status tb_score_copy_xml(tb_buf *b, xmlNodePtr node, int depth)
{
	xmlNodePtr c;
	xmlAttrPtr a;
	int kids = 0;
	tb_status st;

	if (depth > 32)
		return TB_ELIMIT;
	if ((st = indent(b, depth)) || (st = tb_buf_printf(b, "<%s", (const char *)node->name)))
		return st;
	for (a = node->properties; a; a = a->next) {
		char *v = tb_xml_attr(node, (const char *)a->name);
		st = attr(b, (const char *)a->name, v ? v : "");
		free(v);
		if (st)
			return st;
	}
	for (c = node->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			kids = 1;
	if (kids) {
		if ((st = tb_buf_puts(b, ">\n")))
			return st;
		for (c = node->children; c; c = c->next)
			if (c->type == XML_ELEMENT_NODE && (st = tb_score_copy_xml(b, c, depth + 1)))
				return st;
		if ((st = indent(b, depth)))
			return st;
	} else {
		char *t = tb_xml_text(node);
		st = tb_buf_putc(b, '>');
		if (!st)
			st = text(b, t);
		free(t);
		if (st)
			return st;
	}
	return tb_buf_printf(b, "</%s>\n", (const char *)node->name);
}

static tb_status xml_indicator(tb_buf *b, const tb_score *s, size_t i, int depth)
{
	const tb_indicator *ind = tb_program_indicator_at(s->prog, i);
	const char *id = tb_indicator_id(ind);
	size_t ci = s->claim[i], k;
	char x[32], y[32];
	tb_status st;

	if ((st = indent(b, depth)) || (st = tb_buf_puts(b, "<indicator")) ||
	    (st = attr(b, "id", id)) || (st = attr(b, "title", tb_indicator_title(ind))) ||
	    (st = attr(b, "weight", tb_points_format(tb_indicator_weight(ind), x, sizeof x))) ||
	    (st = attr(b, "claimed", tb_points_format(s->points[i], y, sizeof y))))
		return st;
	if (s->stated[i] >= 0 && s->stated[i] != s->points[i] &&
	    (st = attr(b, "stated", tb_points_format(s->stated[i], x, sizeof x))))
		return st;
	if (tb_indicator_evidence(ind) && (st = attr(b, "evidence", tb_indicator_evidence(ind))))
		return st;
	if ((st = tb_buf_puts(b, ">\n")))
		return st;
	if (ci != NO_CLAIM && tb_evidence_claim_explanation(s->ev, ci) &&
	    *tb_evidence_claim_explanation(s->ev, ci)) {
		const char *p = tb_evidence_claim_explanation(s->ev, ci);
		if ((st = indent(b, depth + 1)) || (st = tb_buf_puts(b, "<explanation>")))
			return st;
		while (*p) {
			size_t n = strcspn(p, "\n");
			if ((st = tb_buf_puts(b, "<p>")) || (st = tb_buf_put_xml(b, p, n)) ||
			    (st = tb_buf_puts(b, "</p>")))
				return st;
			p += n;
			if (*p)
				p++;
		}
		if ((st = tb_buf_puts(b, "</explanation>\n")))
			return st;
	}
	/* A claim counted for less than stated never shows as a bare lower number: templates
	 * print this next to it, and the findings (their codes here) say why. */
	if (s->stated[i] >= 0 && s->stated[i] != s->points[i]) {
		size_t f;
		int any = 0;
		if ((st = indent(b, depth + 1)) || (st = tb_buf_puts(b, "<adjusted")) ||
		    (st = attr(b, "stated", tb_points_format(s->stated[i], x, sizeof x))) ||
		    (st = attr(b, "counted", tb_points_format(s->points[i], y, sizeof y))) ||
		    (st = tb_buf_puts(b, " codes=\"")))
			return st;
		for (f = 0; f < s->nfind; f++) {
			const char *fi = s->findings[f].indicator;
			if (!fi || strcmp(fi, id) || s->findings[f].d.severity != TB_SEV_ERROR)
				continue;
			if ((any && (st = tb_buf_putc(b, ' '))) ||
			    (st = tb_buf_put_xml(b, s->findings[f].d.code, strlen(s->findings[f].d.code))))
				return st;
			any = 1;
		}
		if ((st = tb_buf_puts(b, "\"/>\n")))
			return st;
	}
	for (k = 0; k < ind->criterion_count; k++) {
		const tb_score_crit *cr = s->crits[i] ? &s->crits[i][k] : NULL;
		if ((st = indent(b, depth + 1)) || (st = tb_buf_puts(b, "<criterion")) ||
		    (st = attr(b, "id", ind->criteria[k].id)) ||
		    (st = attr(b, "max", tb_points_format(ind->criteria[k].max, x, sizeof x))))
			return st;
		if (cr && cr->stated >= 0 &&
		    (st = attr(b, "claimed", tb_points_format(cr->counted, y, sizeof y))))
			return st;
		if ((st = tb_buf_putc(b, '>')) || (st = text(b, ind->criteria[k].text)) ||
		    (st = tb_buf_puts(b, "</criterion>\n")))
			return st;
	}
	for (k = 0; k < s->ev->natt; k++) {
		if (!tb_score_supports(s->ev, k, ci, id))
			continue;
		if ((st = indent(b, depth + 1)) || (st = tb_buf_puts(b, "<attachment")) ||
		    (st = attr(b, "id", tb_evidence_attachment_id(s->ev, k))) ||
		    (st = attr(b, "path", tb_evidence_attachment_path(s->ev, k))) ||
		    (st = tb_buf_putc(b, '>')) || (st = text(b, tb_evidence_attachment_title(s->ev, k))) ||
		    (st = tb_buf_puts(b, "</attachment>\n")))
			return st;
	}
	if ((st = indent(b, depth)))
		return st;
	return tb_buf_puts(b, "</indicator>\n");
}

static tb_status xml_level(tb_buf *b, const tb_score *s, size_t i, const char *tag, int depth)
{
	const tb_indicator *ind = tb_program_indicator_at(s->prog, i);
	char x[32], y[32], z[32];
	tb_status st;
	if ((st = indent(b, depth)) || (st = tb_buf_printf(b, "<%s", tag)) ||
	    (st = attr(b, "id", tb_indicator_id(ind))) ||
	    (st = attr(b, "title", tb_indicator_title(ind))) ||
	    (st = attr(b, "max", tb_points_format(tb_indicator_weight(ind), x, sizeof x))) ||
	    (st = attr(b, "claimed", tb_points_format(s->points[i], y, sizeof y))) ||
	    (st = attr(b, "percent", tb_score_fmt_percent(s->points[i], tb_indicator_weight(ind), z,
	                                                  sizeof z))))
		return st;
	return tb_buf_puts(b, ">\n");
}

/* Index of an indicator in pre-order (children follow their parent). */
static size_t find_index(const tb_score *s, const tb_indicator *ind, size_t from)
{
	size_t i;
	for (i = from; i < s->n; i++)
		if (tb_program_indicator_at(s->prog, i) == ind)
			return i;
	return NO_CLAIM;
}

/* Leaves under indicator i, in pre-order: the <indicator> rows of a <level2>. */
static tb_status xml_leaves(tb_buf *b, const tb_score *s, size_t i, int depth)
{
	const tb_indicator *top = tb_program_indicator_at(s->prog, i);
	size_t k;
	tb_status st;
	if (tb_indicator_child_count(top) == 0)
		return xml_indicator(b, s, i, depth);
	for (k = i + 1; k < s->n; k++) {
		const tb_indicator *ind = tb_program_indicator_at(s->prog, k), *p;
		for (p = tb_indicator_parent(ind); p && p != top; p = tb_indicator_parent(p))
			;
		if (!p)
			break;
		if (tb_indicator_child_count(ind) == 0 && (st = xml_indicator(b, s, k, depth)))
			return st;
	}
	return TB_OK;
}

tb_status tb_score_report_xml(const tb_score *s, tb_buf *b)
{
	xmlDocPtr doc = tb_evidence_doc(s->ev);
	xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL, n;
	char x[32], y[32], z[32];
	size_t i, k;
	tb_status st;

	st = tb_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<report");
	if (!st) st = attr(b, "program", tb_program_id(s->prog));
	if (!st) st = attr(b, "program-title", tb_program_title(s->prog));
	if (!st) st = tb_buf_printf(b, " year=\"%d\">\n", tb_program_year(s->prog));
	if (!st && root && (n = tb_xml_child(root, "applicant")))
		st = tb_score_copy_xml(b, n, 1);
	if (!st && root && (n = tb_xml_child(root, "recommender")))
		st = tb_score_copy_xml(b, n, 1);
	if (!st && root && (n = tb_xml_child(root, "date")))
		st = tb_score_copy_xml(b, n, 1);
	for (i = 0; !st && i < s->n; i++) {
		const tb_indicator *l1 = tb_program_indicator_at(s->prog, i);
		if (tb_indicator_parent(l1))
			continue;
		if ((st = xml_level(b, s, i, "level1", 1)))
			break;
		if (tb_indicator_child_count(l1) == 0) {
			/* a level-1 leaf: one level2 and one indicator of the same id */
			if (!(st = xml_level(b, s, i, "level2", 2)) && !(st = xml_indicator(b, s, i, 3)))
				st = tb_buf_puts(b, "    </level2>\n");
		}
		for (k = 0; !st && k < tb_indicator_child_count(l1); k++) {
			size_t j = find_index(s, tb_indicator_child(l1, k), i + 1);
			if (j == NO_CLAIM)
				continue;
			if (!(st = xml_level(b, s, j, "level2", 2)) && !(st = xml_leaves(b, s, j, 3)))
				st = tb_buf_puts(b, "    </level2>\n");
		}
		if (!st)
			st = tb_buf_puts(b, "  </level1>\n");
	}
	if (!st)
		st = tb_buf_printf(b, "  <total max=\"%s\" claimed=\"%s\" percent=\"%s\"/>\n",
		                   tb_points_format(tb_program_total(s->prog), x, sizeof x),
		                   tb_points_format(s->total, y, sizeof y),
		                   tb_score_fmt_percent(s->total, tb_program_total(s->prog), z, sizeof z));
	if (!st && s->disqualified) {
		st = tb_buf_puts(b, "  <disqualified");
		if (!st) st = attr(b, "reason", s->reason);
		if (!st) st = tb_buf_puts(b, ">true</disqualified>\n");
	} else if (!st) {
		st = tb_buf_puts(b, "  <disqualified>false</disqualified>\n");
	}
	if (!st)
		st = tb_buf_puts(b, s->nfind ? "  <diagnostics>\n" : "  <diagnostics/>\n");
	for (i = 0; !st && i < s->nfind; i++) {
		const tb_score_find *f = &s->findings[i];
		st = tb_buf_puts(b, "    <diagnostic");
		if (!st) st = attr(b, "code", f->d.code);
		if (!st) st = attr(b, "severity", tb_severity_name(f->d.severity));
		if (!st && f->indicator) st = attr(b, "indicator", f->indicator);
		if (!st && f->d.line) st = tb_buf_printf(b, " line=\"%u\"", f->d.line);
		if (!st) st = tb_buf_putc(b, '>');
		if (!st) st = text(b, f->d.message);
		if (!st) st = tb_buf_puts(b, "</diagnostic>\n");
	}
	if (!st && s->nfind)
		st = tb_buf_puts(b, "  </diagnostics>\n");
	if (!st)
		st = tb_buf_puts(b, "</report>\n");
	return st;
}

tb_status tb_score_report_doc(tb_ctx *ctx, const tb_score *s, xmlDocPtr *out)
{
	tb_buf b;
	tb_status st;
	*out = NULL;
	tb_buf_init(&b, REPORT_MAX);
	st = tb_score_report_xml(s, &b);
	if (st == TB_OK)
		st = tb_xml_read(ctx, "report.xml", b.data, b.len, 0, out);
	tb_buf_free(&b);
	return st;
}
