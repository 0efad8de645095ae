/* odt_styles.c: ODF styles: common and automatic styles, style:parent-style-name chains
 * (root first, like LibreOffice), default styles, font-face declarations and the fo:* and
 * style:* properties the model knows. */
#include <stdlib.h>
#include <string.h>

#include "core/ctx.h"
#include "core/xml.h"
#include "core/vec.h"
#include "doc/doc_read.h"
#include "doc/odt.h"

#define MAX_STYLES 8000
#define MAX_CHAIN 32

bool odt_is(xmlNodePtr n, const char *local)
{
	return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, local) == 0;
}

char *odt_attr(xmlNodePtr n, const char *local)
{
	xmlAttrPtr a;
	if (!n || n->type != XML_ELEMENT_NODE)
		return NULL;
	for (a = n->properties; a; a = a->next)
		if (strcmp((const char *)a->name, local) == 0)
			return (char *)xmlNodeGetContent((xmlNodePtr)a);
	return NULL;
}

/* An attribute in a given namespace prefix when local names collide (fo:margin-left vs
 * others are unique enough; the few duplicates are asked for by prefix). */
static char *attr_ns(xmlNodePtr n, const char *prefix, const char *local)
{
	xmlAttrPtr a;
	for (a = n ? n->properties : NULL; a; a = a->next)
		if (!strcmp((const char *)a->name, local) && a->ns && a->ns->prefix &&
		    !strcmp((const char *)a->ns->prefix, prefix))
			return (char *)xmlNodeGetContent((xmlNodePtr)a);
	return NULL;
}

xmlNodePtr odt_child(xmlNodePtr n, const char *local)
{
	xmlNodePtr c;
	for (c = n ? n->children : NULL; c; c = c->next)
		if (odt_is(c, local))
			return c;
	return NULL;
}

bool odt_length(const char *s, float *pt)
{
	char *end;
	double v;
	if (!s)
		return false;
	v = strtod(s, &end);
	if (end == s || v != v || v > 1e6 || v < -1e6)
		return false;
	if (!strcmp(end, "cm"))
		v *= 72.0 / 2.54;
	else if (!strcmp(end, "mm"))
		v *= 72.0 / 25.4;
	else if (!strcmp(end, "in") || !strcmp(end, "inch"))
		v *= 72.0;
	else if (!strcmp(end, "pc"))
		v *= 12.0;
	else if (!strcmp(end, "px"))
		v *= 0.75;
	else if (strcmp(end, "pt") != 0)
		return false;
	*pt = (float)v;
	return true;
}

/* svg:font-family is a list, names quoted or not ("Roboto, sans-serif", "'宋体', SimSun"):
 * the names without quotes, joined by ';' as LibreOffice keeps them (tb_fonts_resolve takes
 * the first one that is mapped or installed). */
const char *odt_family_list(odt_reader *r, const char *fam)
{
	size_t l = strlen(fam), n = 0;
	char *out = tb_doc_alloc(r->doc, l + 1);
	const char *p = fam;
	if (!out)
		return NULL;
	while (*p) {
		char q = 0;
		size_t start;
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (!*p)
			break;
		if (n)
			out[n++] = ';';
		start = n;
		if (*p == '\'' || *p == '"')
			q = *p++;
		for (; *p && (q ? *p != q : *p != ','); p++)
			out[n++] = *p == ';' ? ',' : *p;
		if (q && *p)
			p++;
		while (n > start && (out[n - 1] == ' ' || out[n - 1] == '\t'))
			n--;
		while (*p && *p != ',') /* anything after a closing quote */
			p++;
	}
	out[n] = '\0';
	return out;
}

void odt_add_fonts(odt_reader *r, xmlNodePtr decls)
{
	xmlNodePtr n;
	for (n = decls ? decls->children : NULL; n; n = n->next) {
		char *name, *fam;
		const char **nn, **nf;
		if (!odt_is(n, "font-face") || r->nfonts >= 1000)
			continue;
		name = odt_attr(n, "name");
		fam = odt_attr(n, "font-family");
		nn = tb_doc_alloc(r->doc, (r->nfonts + 1) * sizeof(char *));
		nf = tb_doc_alloc(r->doc, (r->nfonts + 1) * sizeof(char *));
		if (name && fam && nn && nf) {
			if (r->nfonts) {
				memcpy(nn, r->font_name, r->nfonts * sizeof(char *));
				memcpy(nf, r->font_family, r->nfonts * sizeof(char *));
			}
			nn[r->nfonts] = tb_doc_strdup(r->doc, name);
			nf[r->nfonts] = odt_family_list(r, fam);
			r->font_name = nn;
			r->font_family = nf;
			r->nfonts++;
		}
		xmlFree(name);
		xmlFree(fam);
	}
}

static const char *font_family(odt_reader *r, const char *name)
{
	size_t i;
	for (i = 0; i < r->nfonts; i++)
		if (!strcmp(r->font_name[i], name))
			return r->font_family[i];
	return tb_doc_strdup(r->doc, name);
}

tb_status odt_add_styles(odt_reader *r, xmlNodePtr container, int automatic)
{
	xmlNodePtr n;
	for (n = container ? container->children : NULL; n; n = n->next) {
		odt_style *s;
		char *v;
		if (odt_is(n, "default-style")) {
			char *fam = odt_attr(n, "family");
			if (fam && !strcmp(fam, "paragraph"))
				r->default_para = n;
			else if (fam && !strcmp(fam, "table-cell"))
				r->default_cell = n;
			else if (fam && !strcmp(fam, "table"))
				r->default_table = n;
			xmlFree(fam);
			continue;
		}
		/* Table templates sit among the styles as family "table-template", list styles
		 * as "list", the outline numbering as "outline" (odt_lists.c). */
		if (!odt_is(n, "style") && !odt_is(n, "page-layout") && !odt_is(n, "table-template") &&
		    !odt_is(n, "list-style") && !odt_is(n, "outline-style"))
			continue;
		if (r->nstyles >= MAX_STYLES)
			break;
		if (TB_GROW(r->styles, r->cap, r->nstyles + 1) != TB_OK)
			return TB_ENOMEM;
		s = &r->styles[r->nstyles++];
		memset(s, 0, sizeof(*s));
		s->node = n;
		s->automatic = automatic;
		v = odt_attr(n, "name");
		s->name = tb_doc_strdup(r->doc, v ? v : "");
		xmlFree(v);
		v = odt_attr(n, "family");
		s->family = tb_doc_strdup(r->doc, odt_is(n, "page-layout") ? "page-layout" :
		                          odt_is(n, "table-template") ? "table-template" :
		                          odt_is(n, "list-style") ? "list" :
		                          odt_is(n, "outline-style") ? "outline" : v ? v : "");
		xmlFree(v);
		v = odt_attr(n, "parent-style-name");
		s->parent = v ? tb_doc_strdup(r->doc, v) : NULL;
		xmlFree(v);
		v = odt_attr(n, "master-page-name");
		s->master = v ? tb_doc_strdup(r->doc, v) : NULL;
		xmlFree(v);
	}
	return TB_OK;
}

const odt_style *odt_find_style(const odt_reader *r, const char *family, const char *name)
{
	size_t i;
	const odt_style *common = NULL;
	if (!name)
		return NULL;
	for (i = 0; i < r->nstyles; i++) {
		const odt_style *s = &r->styles[i];
		if (strcmp(s->name, name) || (family && strcmp(s->family, family)))
			continue;
		if (s->automatic == r->scope)
			return s; /* automatic styles of the part being read win */
		if (!s->automatic && !common)
			common = s;
	}
	return common;
}

void odt_apply_text_props(odt_reader *r, xmlNodePtr p, tb_rprops *rp)
{
	char *v;
	float f;
	if (!p)
		return;
	if ((v = attr_ns(p, "fo", "font-size"))) {
		size_t l = strlen(v);
		if (l && v[l - 1] == '%')
			rp->size = rp->size * (float)atof(v) / 100.0f;
		else if (odt_length(v, &f) && f >= 1 && f <= 1638)
			rp->size = f;
		xmlFree(v);
	}
	if ((v = odt_attr(p, "font-size-asian"))) {
		/* East Asian text has its own size in ODF (the reader keeps size_ea set). */
		size_t l = strlen(v);
		float base = rp->size_ea > 0 ? rp->size_ea : rp->size;
		if (l && v[l - 1] == '%')
			rp->size_ea = base * (float)atof(v) / 100.0f;
		else if (odt_length(v, &f) && f >= 1 && f <= 1638)
			rp->size_ea = f;
		xmlFree(v);
	}

	if ((v = odt_attr(p, "font-name"))) {
		rp->font_latin = font_family(r, v);
		xmlFree(v);
	} else if ((v = attr_ns(p, "fo", "font-family"))) {
		rp->font_latin = odt_family_list(r, v);
		xmlFree(v);
	}
	if ((v = odt_attr(p, "font-name-asian"))) {
		rp->font_ea = font_family(r, v);
		xmlFree(v);
	} else if ((v = odt_attr(p, "font-family-asian"))) {
		rp->font_ea = odt_family_list(r, v);
		xmlFree(v);
	}
	if ((v = attr_ns(p, "fo", "font-weight"))) {
		rp->bold = !strcmp(v, "bold") || atoi(v) >= 600;
		xmlFree(v);
	} else if ((v = odt_attr(p, "font-weight-asian"))) {
		rp->bold = !strcmp(v, "bold") || atoi(v) >= 600;
		xmlFree(v);
	}
	if ((v = attr_ns(p, "fo", "font-style"))) {
		rp->italic = !strcmp(v, "italic") || !strcmp(v, "oblique");
		xmlFree(v);
	}
	if ((v = odt_attr(p, "text-underline-style"))) {
		rp->underline = strcmp(v, "none") != 0;
		xmlFree(v);
	}
	if ((v = odt_attr(p, "text-line-through-style"))) {
		rp->strike = strcmp(v, "none") != 0;
		xmlFree(v);
	}
	if ((v = attr_ns(p, "fo", "color"))) {
		tb_doc_parse_hex_color(v, &rp->color);
		xmlFree(v);
	}
	if ((v = attr_ns(p, "fo", "background-color"))) {
		rp->has_highlight = tb_doc_parse_hex_color(v, &rp->highlight);
		xmlFree(v);
	}
	if ((v = odt_attr(p, "text-position"))) {
		rp->valign = !strncmp(v, "super", 5) || atof(v) > 0 ? 1 :
		             !strncmp(v, "sub", 3) || atof(v) < 0 ? -1 : 0;
		xmlFree(v);
	}
	if ((v = attr_ns(p, "fo", "display"))) {
		rp->hidden = !strcmp(v, "none");
		xmlFree(v);
	}
	if ((v = attr_ns(p, "fo", "letter-spacing"))) {
		if (!strcmp(v, "normal"))
			rp->letter_spacing = 0;
		else if (odt_length(v, &f) && f > -100 && f < 100)
			rp->letter_spacing = f;
		xmlFree(v);
	}
}

static void border(const char *v, tb_border *b)
{
	/* "0.5pt solid #000000", "none", "0.06pt dashed #ff0000" */
	char w[32], style[32], color[32];
	float pt = 0;
	b->set = 1;
	if (!v || !strcmp(v, "none") || sscanf(v, "%31s %31s %31s", w, style, color) < 2 ||
	    !odt_length(w, &pt)) {
		b->style = 0;
		b->width = 0;
		return;
	}
	b->width = pt < 0.25f ? 0.25f : pt > 12 ? 12 : pt;
	b->style = !strcmp(style, "none") ? 0 : strstr(style, "dash") || strstr(style, "dot") ? 2 :
	           !strcmp(style, "double") ? 3 : 1;
	if (!tb_doc_parse_hex_color(color, &b->color))
		memset(&b->color, 0, sizeof(b->color));
}

/* Paragraph borders and padding: the text moves in by the border and the padding on each
 * side that has a line (LibreOffice counts a paragraph's padding only with a border);
 * the top and bottom lines are drawn. */
static void para_box(xmlNodePtr p, tb_pprops *pp)
{
	static const char *const sides[4] = {"top", "left", "bottom", "right"};
	tb_border bd[4];
	float pad[4] = {0, 0, 0, 0}, f;
	char *v, an[32];
	int i;
	bool any = false;
	memset(bd, 0, sizeof(bd));
	if ((v = attr_ns(p, "fo", "border"))) {
		for (i = 0; i < 4; i++)
			border(v, &bd[i]);
		xmlFree(v);
	}
	for (i = 0; i < 4; i++) {
		snprintf(an, sizeof(an), "border-%s", sides[i]);
		if ((v = attr_ns(p, "fo", an))) {
			border(v, &bd[i]);
			xmlFree(v);
		}
		any = any || bd[i].set;
	}
	if (!any)
		return;
	if ((v = attr_ns(p, "fo", "padding")) && odt_length(v, &f))
		for (i = 0; i < 4; i++)
			pad[i] = f;
	xmlFree(v);
	for (i = 0; i < 4; i++) {
		snprintf(an, sizeof(an), "padding-%s", sides[i]);
		if ((v = attr_ns(p, "fo", an)) && odt_length(v, &f))
			pad[i] = f;
		xmlFree(v);
	}
	for (i = 0; i < 4; i++)
		if (bd[i].style)
			pad[i] += bd[i].width;
		else
			pad[i] = 0;
	pp->ind_left += pad[1];
	pp->ind_right += pad[3];
	pp->space_before += pad[0];
	pp->space_after += pad[2];
	pp->bd_top = bd[0];
	pp->bd_bottom = bd[2];
}

void odt_apply_para_props(odt_reader *r, xmlNodePtr p, tb_pprops *pp)
{
	char *v, *last;
	float f;
	(void)r;
	if (!p)
		return;
	if ((v = attr_ns(p, "fo", "text-align"))) {
		pp->align = !strcmp(v, "center") ? TB_ALIGN_CENTER :
		            !strcmp(v, "end") || !strcmp(v, "right") ? TB_ALIGN_RIGHT :
		            !strcmp(v, "justify") ? TB_ALIGN_JUSTIFY : TB_ALIGN_LEFT;
		xmlFree(v);
	}
	if ((last = attr_ns(p, "fo", "text-align-last"))) {
		if (!strcmp(last, "justify") && pp->align == TB_ALIGN_JUSTIFY)
			pp->align = TB_ALIGN_DISTRIBUTE;
		pp->last_center = !strcmp(last, "center");
		xmlFree(last);
	}
	if ((v = odt_attr(p, "contextual-spacing"))) {
		pp->contextual_spacing = !strcmp(v, "true");
		xmlFree(v);
	}
	if ((v = attr_ns(p, "fo", "margin-left")) && odt_length(v, &f))
		pp->ind_left = f;
	xmlFree(v);
	if ((v = attr_ns(p, "fo", "margin-right")) && odt_length(v, &f))
		pp->ind_right = f;
	xmlFree(v);
	if ((v = attr_ns(p, "fo", "text-indent"))) {
		if (odt_length(v, &f)) {
			pp->ind_first = f;
			pp->ind_first_chars = pp->ind_hanging_chars = 0;
		}
		xmlFree(v);
	}
	if ((v = attr_ns(p, "fo", "margin-top")) && odt_length(v, &f)) {
		pp->space_before = f;
		pp->before_lines = 0;
	}
	xmlFree(v);
	if ((v = attr_ns(p, "fo", "margin-bottom")) && odt_length(v, &f)) {
		pp->space_after = f;
		pp->after_lines = 0;
	}
	xmlFree(v);
	if ((v = attr_ns(p, "fo", "line-height"))) {
		size_t l = strlen(v);
		pp->line_leading = 0;
		if (l && v[l - 1] == '%') {
			pp->line_rule = TB_LINE_MULTIPLE;
			pp->line = (float)atof(v) / 100.0f;
			if (pp->line <= 0)
				pp->line = 1; /* 0% means single, as in LibreOffice */
		} else if (odt_length(v, &f)) {
			pp->line_rule = TB_LINE_EXACT;
			pp->line = f;
		} else if (!strcmp(v, "normal")) {
			pp->line_rule = TB_LINE_MULTIPLE;
			pp->line = 1;
		}
		xmlFree(v);
	}
	if ((v = odt_attr(p, "line-height-at-least")) && odt_length(v, &f)) {
		pp->line_rule = TB_LINE_ATLEAST;
		pp->line = f;
		pp->line_leading = 0;
	}
	xmlFree(v);
	/* style:line-spacing is LibreOffice's "leading": single lines plus a fixed gap. Like
	 * the other line-height attributes it replaces whatever rule the parent style set. */
	if ((v = odt_attr(p, "line-spacing")) && odt_length(v, &f)) {
		pp->line_rule = TB_LINE_MULTIPLE;
		pp->line = 1;
		pp->line_leading = f;
	}
	xmlFree(v);
	if ((v = odt_attr(p, "snap-to-layout-grid"))) {
		pp->no_snap_grid = !strcmp(v, "false");
		xmlFree(v);
	}
	{
		/* Tab stops are relative to the paragraph's left margin (LibreOffice's default). */
		xmlNodePtr ts = odt_child(p, "tab-stops"), t;
		for (t = ts ? ts->children : NULL; t; t = t->next) {
			char *pos, *type, *lstyle, *ltext;
			int align = 0, leader = 0;
			if (!odt_is(t, "tab-stop"))
				continue;
			pos = odt_attr(t, "position");
			type = odt_attr(t, "type");
			lstyle = odt_attr(t, "leader-style");
			ltext = odt_attr(t, "leader-text");
			if (type)
				align = !strcmp(type, "center") ? 1 : !strcmp(type, "right") ? 2 :
				        !strcmp(type, "char") ? 3 : 0;
			if (ltext && !strcmp(ltext, "."))
				leader = 1;
			else if (ltext && !strcmp(ltext, "_"))
				leader = 2;
			else if (ltext && !strcmp(ltext, "-"))
				leader = 3;
			else if (lstyle && strcmp(lstyle, "none"))
				leader = !strcmp(lstyle, "dotted") ? 1 : 2;
			if (odt_length(pos, &f))
				tb_pprops_set_tab(pp, pp->ind_left + f, align, leader, false);
			xmlFree(pos);
			xmlFree(type);
			xmlFree(lstyle);
			xmlFree(ltext);
		}
	}
	if ((v = attr_ns(p, "fo", "widows"))) {
		pp->no_widow_control = atoi(v) < 2;
		xmlFree(v);
	}
	if ((v = odt_attr(p, "text-autospace"))) {
		pp->no_autospace = !strcmp(v, "none");
		xmlFree(v);
	}
	if ((v = attr_ns(p, "fo", "keep-with-next"))) {
		pp->keep_next = !strcmp(v, "always");
		xmlFree(v);
	}
	if ((v = attr_ns(p, "fo", "keep-together"))) {
		pp->keep_lines = !strcmp(v, "always");
		xmlFree(v);
	}
	if ((v = attr_ns(p, "fo", "break-before"))) {
		pp->page_break_before = !strcmp(v, "page");
		xmlFree(v);
	}
	if ((v = attr_ns(p, "fo", "background-color"))) {
		pp->has_shading = tb_doc_parse_hex_color(v, &pp->shading);
		xmlFree(v);
	}
	para_box(p, pp);
}

/* Parents first: collect the chain, then apply from the root. */
void odt_apply_style(odt_reader *r, const char *family, const char *name, tb_pprops *pp,
                     tb_rprops *rp)
{
	const odt_style *chain[MAX_CHAIN];
	int n = 0, i;
	const odt_style *s = odt_find_style(r, family, name);
	while (s && n < MAX_CHAIN) {
		for (i = 0; i < n; i++)
			if (chain[i] == s)
				break;
		if (i < n)
			break;
		chain[n++] = s;
		s = odt_find_style(r, family, s->parent);
	}
	for (i = n - 1; i >= 0; i--) {
		if (pp)
			odt_apply_para_props(r, odt_child(chain[i]->node, "paragraph-properties"), pp);
		if (rp)
			odt_apply_text_props(r, odt_child(chain[i]->node, "text-properties"), rp);
	}
}

void odt_apply_cell_style(odt_reader *r, const char *name, tb_cell *c)
{
	const odt_style *s = odt_find_style(r, "table-cell", name);
	xmlNodePtr p;
	char *v;
	float f;
	int i;
	static const char *const sides[4] = {"top", "left", "bottom", "right"};
	if (!s || !(p = odt_child(s->node, "table-cell-properties")))
		return;
	if ((v = attr_ns(p, "fo", "border"))) {
		for (i = 0; i < 4; i++)
			border(v, &c->bd[i]);
		xmlFree(v);
	}
	for (i = 0; i < 4; i++) {
		char an[32];
		snprintf(an, sizeof(an), "border-%s", sides[i]);
		if ((v = attr_ns(p, "fo", an))) {
			border(v, &c->bd[i]);
			xmlFree(v);
		}
	}
	if ((v = attr_ns(p, "fo", "padding")) && odt_length(v, &f))
		for (i = 0; i < 4; i++)
			c->mar[i] = f;
	xmlFree(v);
	for (i = 0; i < 4; i++) {
		char an[32];
		snprintf(an, sizeof(an), "padding-%s", sides[i]);
		if ((v = attr_ns(p, "fo", an)) && odt_length(v, &f))
			c->mar[i] = f;
		xmlFree(v);
	}
	if ((v = attr_ns(p, "fo", "background-color"))) {
		c->has_shading = tb_doc_parse_hex_color(v, &c->shading);
		xmlFree(v);
	}
	if ((v = odt_attr(p, "vertical-align"))) {
		c->valign = !strcmp(v, "middle") ? TB_VALIGN_CENTER :
		            !strcmp(v, "bottom") ? TB_VALIGN_BOTTOM : TB_VALIGN_TOP;
		xmlFree(v);
	}
	/* style:writing-mode tb-rl (or tb, the ODF 1.0 name); LibreOffice writes bt-lr as
	 * loext:writing-mode and reads it in either namespace. Writer ignores a cell's
	 * style:rotation-angle (a spreadsheet property), so do we. */
	if ((v = odt_attr(p, "writing-mode"))) {
		c->text_dir = !strcmp(v, "bt-lr") ? TB_TEXT_BTLR :
		              !strcmp(v, "tb-rl") || !strcmp(v, "tb") ? TB_TEXT_TBRL : TB_TEXT_HORIZONTAL;
		xmlFree(v);
	}
}

static bool attr_true(xmlNodePtr n, const char *local, bool def)
{
	char *v = odt_attr(n, local);
	bool b = v ? !strcmp(v, "true") : def;
	xmlFree(v);
	return b;
}

void odt_apply_grid(odt_reader *r, xmlNodePtr p, tb_section *sec)
{
	char *mode = odt_attr(p, "layout-grid-mode"), *v;
	float base = 0, ruby = 0, width = 0;
	(void)r;
	if (!mode || !strcmp(mode, "none")) {
		xmlFree(mode);
		return;
	}
	v = odt_attr(p, "layout-grid-base-height");
	if (!odt_length(v, &base) || base < 5 || base > 1000)
		base = 0;
	xmlFree(v);
	v = odt_attr(p, "layout-grid-ruby-height");
	if (!odt_length(v, &ruby) || ruby < 0 || ruby > 1000)
		ruby = 0;
	xmlFree(v);
	v = odt_attr(p, "layout-grid-base-width");
	if (!odt_length(v, &width) || width < 1 || width > 1000)
		width = 0;
	xmlFree(v);
	if (base > 0) {
		/* A grid line is the base height plus the ruby above it (SwTextGridItem). */
		sec->line_pitch = base + ruby;
		sec->grid_ruby = ruby;
		sec->grid_lines = true;
		/* Without standard-mode the grid is square: characters are base-height wide. */
		sec->grid_square = !attr_true(p, "layout-grid-standard-mode", false);
		sec->grid_chars = !strcmp(mode, "both");
		sec->char_pitch = sec->grid_chars ? (sec->grid_square ? base : width) : 0;
		sec->grid_snap_chars = attr_true(p, "layout-grid-snap-to", true);
		v = odt_attr(p, "layout-grid-lines");
		sec->grid_line_count = v ? (int)strtol(v, NULL, 10) : 0;
		if (sec->grid_line_count < 0 || sec->grid_line_count > 1000)
			sec->grid_line_count = 0;
		xmlFree(v);
	}
	xmlFree(mode);
}

void odt_unsupported(odt_reader *r, xmlNodePtr n)
{
	tb_doc_unsupported(r->ctx, r->opts, &r->unsupported_count, r->name, r->part, n);
}
