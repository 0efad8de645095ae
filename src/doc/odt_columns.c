/* odt_columns.c: ODF text columns (style:columns of a page layout or a section style). A
 * text:section with columns in the body becomes a continuous section of the document with
 * those columns, and the text after it another one like the section before: layout balances
 * the columns of a section that a continuous one follows, as LibreOffice balances a
 * section's columns. */
#include <stdlib.h>
#include <string.h>

#include "doc/odt.h"

static float len_attr(xmlNodePtr n, const char *local, float def)
{
	char *v = odt_attr(n, local);
	float f = def;
	if (!odt_length(v, &f))
		f = def;
	xmlFree(v);
	return f;
}

bool odt_read_columns(xmlNodePtr props, float text_w, tb_section *s)
{
	xmlNodePtr cols = odt_child(props, "columns"), c, sep;
	char *v = odt_attr(cols, "column-count");
	long n = v ? strtol(v, NULL, 10) : 0;
	float rel[TB_MAX_COLUMNS], start[TB_MAX_COLUMNS], end[TB_MAX_COLUMNS], sum = 0;
	int k = 0, i;
	xmlFree(v);
	if (n < 2)
		return false;
	if (n > TB_MAX_COLUMNS)
		n = TB_MAX_COLUMNS;
	memset(s->col_w, 0, sizeof(s->col_w));
	memset(s->col_space, 0, sizeof(s->col_space));
	s->columns = (int)n;
	s->col_gap = len_attr(cols, "column-gap", 0);
	for (c = cols->children; c && k < n; c = c->next) {
		if (!odt_is(c, "column"))
			continue;
		v = odt_attr(c, "rel-width");
		rel[k] = v ? (float)strtod(v, NULL) : 0;
		xmlFree(v);
		start[k] = len_attr(c, "start-indent", 0);
		end[k] = len_attr(c, "end-indent", 0);
		if (rel[k] > 0)
			sum += rel[k];
		k++;
	}
	if (k == n && sum > 0 && text_w > 0) {
		/* Each column's box is its share of the width; its text lies inside the indents. */
		for (i = 0; i < k; i++) {
			s->col_w[i] = rel[i] / sum * text_w - start[i] - end[i];
			s->col_space[i] = end[i] + (i + 1 < k ? start[i + 1] : 0);
			if (s->col_w[i] < 18)
				s->col_w[i] = 18;
		}
		if (s->col_gap <= 0)
			s->col_gap = end[0] + start[1];
	}
	sep = odt_child(cols, "column-sep");
	if (sep) {
		char *style = odt_attr(sep, "style");
		s->col_sep = (!style || strcmp(style, "none")) && len_attr(sep, "width", 0.5f) > 0;
		xmlFree(style);
	}
	return true;
}

bool odt_section_columns(odt_reader *r, xmlNodePtr section, float text_w, tb_section *s)
{
	char *sn = odt_attr(section, "style-name");
	const odt_style *st = odt_find_style(r, "section", sn);
	xmlFree(sn);
	return st && odt_read_columns(odt_child(st->node, "section-properties"), text_w, s);
}
