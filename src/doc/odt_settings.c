/* odt_settings.c: the settings.xml configuration items of an ODT that move lines
 * (AddExternalLeading, AddParaTableSpacing, CharacterCompressionType...) into the model's
 * tb_compat, with LibreOffice's rules for items that are missing. */
#include <stdlib.h>
#include <string.h>

#include "core/xml.h"
#include "doc/odt.h"

typedef struct item {
	const char *name;
	size_t off;
	bool missing;   /* value when settings.xml has configuration items but not this one */
} item;

#define F(f) offsetof(tb_compat, f)
/* LibreOffice (sw/source/filter/xml/xmlimp.cxx, SetConfigurationSettings) treats a
 * missing item as written by a version older than the setting: these take the old
 * behaviour; AddParaTableSpacing(AtStart) keep the application default (on). */
static const item items[] = {
	{"AddExternalLeading", F(ext_leading), false},
	{"AddParaTableSpacing", F(para_space_sum), true},
	{"AddParaTableSpacingAtStart", F(para_space_at_start), true},
	{"AddParaSpacingToTableCells", F(para_space_in_cells), false},
	{"AddParaLineSpacingToTableCells", F(line_space_in_cells), false},
	{"PropLineSpacingShrinksFirstLine", F(prop_shrinks_first), false},
	{"IgnoreTabsAndBlanksForLineCalculation", F(ignore_blank_lines), false},
	{"CollapseEmptyCellPara", F(collapse_empty_cell_para), false},
	{"HeaderSpacingBelowLastPara", F(header_space_below_last), false},
	{"TabOverMargin", F(tab_over_margin), false},
};
#undef F

static void set_flag(tb_compat *c, size_t off, bool v)
{
	*(bool *)((char *)c + off) = v;
}

static xmlNodePtr find_set(xmlNodePtr n, const char *name, int depth)
{
	xmlNodePtr c, f;
	if (!n || depth > 8)
		return NULL;
	for (c = n->children; c; c = c->next) {
		char *nm;
		bool hit;
		if (c->type != XML_ELEMENT_NODE)
			continue;
		nm = odt_attr(c, "name");
		hit = odt_is(c, "config-item-set") && nm && !strcmp(nm, name);
		xmlFree(nm);
		if (hit)
			return c;
		if ((f = find_set(c, name, depth + 1)))
			return f;
	}
	return NULL;
}

tb_status odt_read_settings(odt_reader *r)
{
	xmlDocPtr x = NULL;
	xmlNodePtr set, n;
	tb_compat *c = &r->doc->compat;
	bool seen[sizeof(items) / sizeof(items[0])] = {false};
	size_t i;
	tb_status st = tb_doc_load_part(r->ctx, r->zip, r->opts, r->name, "settings.xml", false, &x);
	/* Without configuration items a document gets the defaults of a new Writer document:
	 * as tb_doc_new set them, but paragraph spacing sums and blanks count. */
	c->para_space_sum = true;
	c->ignore_blank_lines = false;
	c->header_space_below_last = false;
	c->tab_over_margin = false;
	c->char_compression = 0;
	if (st != TB_OK || !x)
		return st;
	set = find_set(xmlDocGetRootElement(x), "ooo:configuration-settings", 0);
	if (!set || !set->children) {
		tb_doc_part_free(r->ctx, x);
		return TB_OK;
	}
	for (n = set->children; n; n = n->next) {
		char *nm, *v;
		if (!odt_is(n, "config-item"))
			continue;
		nm = odt_attr(n, "name");
		v = (char *)xmlNodeGetContent(n);
		for (i = 0; nm && v && i < sizeof(items) / sizeof(items[0]); i++)
			if (!strcmp(nm, items[i].name)) {
				set_flag(c, items[i].off, !strcmp(v, "true"));
				seen[i] = true;
			}
		if (nm && v && !strcmp(nm, "CharacterCompressionType")) {
			long k = strtol(v, NULL, 10);
			c->char_compression = (uint8_t)(k >= 0 && k <= 2 ? k : 0);
		}
		xmlFree(nm);
		xmlFree(v);
	}
	for (i = 0; i < sizeof(items) / sizeof(items[0]); i++)
		if (!seen[i])
			set_flag(c, items[i].off, items[i].missing);
	tb_doc_part_free(r->ctx, x);
	return TB_OK;
}
