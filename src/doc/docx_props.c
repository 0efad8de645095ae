/* docx_props.c: DOCX styles, theme fonts, numbering and the application of property
 * elements. Resolution order, as Word does it: docDefaults → table style → paragraph style
 * chain (basedOn, root first) → run style chain → direct formatting. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/ctx.h"
#include "core/vec.h"
#include "core/xml.h"
#include "doc/doc_read.h"
#include "doc/docx.h"

/* basedOn chains longer than this are cut (loops in hostile files). */
#define MAX_CHAIN 32
#define MAX_STYLES 4000
#define MAX_NUMS 2000

static xmlAttrPtr find_attr(xmlNodePtr n, const char *name)
{
	xmlAttrPtr a;
	for (a = n ? n->properties : NULL; a; a = a->next)
		if (tb_xml_name_is((const char *)a->name, name))
			return a;
	return NULL;
}

/* The value of `a` without a copy when it is one text node, as nearly all are; NULL when it
 * is anything else (empty, entity references), which xmlNodeGetContent then reads. */
static const char *attr_text(xmlAttrPtr a)
{
	xmlNodePtr t = a->children;
	return t && !t->next && t->type == XML_TEXT_NODE && t->content ? (const char *)t->content
	                                                              : NULL;
}

char *docx_attr(xmlNodePtr n, const char *name)
{
	xmlAttrPtr a = find_attr(n, name);
	return a ? (char *)xmlNodeGetContent((xmlNodePtr)a) : NULL;
}

const char *docx_attr_ref(xmlNodePtr n, const char *name, char **own)
{
	xmlAttrPtr a = find_attr(n, name);
	const char *v;
	*own = NULL;
	if (!a)
		return NULL;
	if ((v = attr_text(a)))
		return v;
	return *own = (char *)xmlNodeGetContent((xmlNodePtr)a);
}

long docx_attr_long(xmlNodePtr n, const char *name, long def)
{
	xmlAttrPtr a = find_attr(n, name);
	const char *v;
	char *copy = NULL, *end;
	long l;
	if (!a)
		return def;
	/* read in place: each w:sz, w:spacing and w:ind of a document is read this way */
	if (!(v = attr_text(a)) && !(v = copy = (char *)xmlNodeGetContent((xmlNodePtr)a)))
		return def;
	l = strtol(v, &end, 10);
	if (end == v)
		l = def;
	else if (*end == '.') /* some writers emit "12.5" where integers are due */
		l = (long)strtod(v, NULL);
	xmlFree(copy);
	if (l > 100000000L)
		l = 100000000L;
	if (l < -100000000L)
		l = -100000000L;
	return l;
}

bool docx_onoff(xmlNodePtr n)
{
	xmlAttrPtr a = find_attr(n, "val");
	const char *v;
	char *copy = NULL;
	bool on = true;
	if (!a || (!(v = attr_text(a)) && !(v = copy = (char *)xmlNodeGetContent((xmlNodePtr)a))))
		return on;
	on = !(strcmp(v, "0") == 0 || strcmp(v, "false") == 0 || strcmp(v, "off") == 0 ||
	       strcmp(v, "none") == 0);
	xmlFree(copy);
	return on;
}

static xmlNodePtr child(xmlNodePtr n, const char *local)
{
	xmlNodePtr c;
	for (c = n ? n->children : NULL; c; c = c->next)
		if (docx_is(c, local))
			return c;
	return NULL;
}

static const char *attr_dup(docx_reader *r, xmlNodePtr n, const char *name)
{
	char *v = docx_attr(n, name);
	const char *s = v ? tb_doc_strdup(r->doc, v) : NULL;
	xmlFree(v);
	return s;
}

/* Theme fonts: a:majorFont / a:minorFont with a:latin, a:ea and a:font script="Hans". */
static void load_theme(docx_reader *r)
{
	xmlNodePtr n, c;
	if (!r->theme_xml)
		return;
	for (n = xmlDocGetRootElement(r->theme_xml)->children; n; n = n->next) {
		if (!docx_is(n, "themeElements"))
			continue;
		for (c = child(n, "fontScheme") ? child(n, "fontScheme")->children : NULL; c;
		     c = c->next) {
			bool major = docx_is(c, "majorFont");
			xmlNodePtr e;
			const char *latin = NULL, *ea = NULL;
			static const char *const scripts[4] = {"Hans", "Hant", "Jpan", "Hang"};
			if (!major && !docx_is(c, "minorFont"))
				continue;
			for (e = c->children; e; e = e->next) {
				if (docx_is(e, "latin"))
					latin = attr_dup(r, e, "typeface");
				else if (docx_is(e, "ea"))
					ea = attr_dup(r, e, "typeface");
				else if (docx_is(e, "font")) {
					char *sc = docx_attr(e, "script");
					int k;
					for (k = 0; sc && k < 4; k++)
						if (strcmp(sc, scripts[k]) == 0)
							r->theme_script[major ? 0 : 1][k] = attr_dup(r, e, "typeface");
					xmlFree(sc);
				}
			}
			/* An empty a:ea means "the font of the document's East Asian script"
			 * (resolved in theme_font, once settings.xml has given the language). */
			if (major) {
				r->theme_major_latin = latin;
				r->theme_major_ea = ea;
			} else {
				r->theme_minor_latin = latin;
				r->theme_minor_ea = ea;
			}
		}
	}
}

int docx_num_fmt(const char *s)
{
	if (!s)
		return 'd';
	if (!strcmp(s, "decimal") || !strcmp(s, "decimalZero"))
		return 'd';
	if (!strncmp(s, "chineseCounting", 15) || !strcmp(s, "taiwaneseCounting") ||
	    !strcmp(s, "japaneseCounting"))
		return 'c';
	if (!strcmp(s, "ideographTraditional")) /* 甲 乙 丙: the heavenly stems */
		return 'g';
	if (!strcmp(s, "ideographZodiac")) /* 子 丑 寅: the earthly branches */
		return 'z';
	if (!strcmp(s, "chineseLegalSimplified")) /* 壹 贰 叁 */
		return 'L';
	if (!strcmp(s, "decimalEnclosedCircle") || !strcmp(s, "decimalEnclosedCircleChinese"))
		return 'o';
	if (!strcmp(s, "bullet"))
		return 'b';
	if (!strcmp(s, "none"))
		return 'n';
	if (!strcmp(s, "lowerLetter"))
		return 'a';
	if (!strcmp(s, "upperLetter"))
		return 'A';
	if (!strcmp(s, "lowerRoman"))
		return 'i';
	if (!strcmp(s, "upperRoman"))
		return 'I';
	return 'd';
}

static void read_level(docx_reader *r, xmlNodePtr l, docx_num_level *lv)
{
	char *fmt = docx_attr(child(l, "numFmt"), "val"), *suff;
	lv->fmt = docx_num_fmt(fmt);
	xmlFree(fmt);
	lv->start = (int)docx_attr_long(child(l, "start"), "val", 1);
	lv->text = (char *)attr_dup(r, child(l, "lvlText"), "val");
	lv->ppr = child(l, "pPr");
	lv->rpr = child(l, "rPr");
	lv->pic = child(l, "lvlPicBulletId") != NULL;
	suff = docx_attr(child(l, "suff"), "val");
	lv->suff = !suff ? 0 : !strcmp(suff, "space") ? 1 : !strcmp(suff, "nothing") ? 2 : 0;
	xmlFree(suff);
}

/* The abstractNum aid. One without levels that names a numbering style (w:numStyleLink:
 * Word writes a list made from a list style so) is that style's list: the style's numPr
 * numId, its num, that num's abstractNum; a few hops at most. */
static xmlNodePtr find_abstract(docx_reader *r, xmlNodePtr root, long aid, int depth)
{
	xmlNodePtr a, n;
	const docx_style *s;
	char *link;
	long nid;
	for (a = root->children; a; a = a->next)
		if (docx_is(a, "abstractNum") && docx_attr_long(a, "abstractNumId", -2) == aid)
			break;
	if (!a || child(a, "lvl") || depth >= 4)
		return a;
	link = docx_attr(child(a, "numStyleLink"), "val");
	s = link ? docx_find_style(r, link) : NULL;
	xmlFree(link);
	if (!s || s->type != 'n')
		return a;
	nid = docx_attr_long(child(child(s->ppr, "numPr"), "numId"), "val", -1);
	for (n = root->children; n; n = n->next)
		if (docx_is(n, "num") && docx_attr_long(n, "numId", -2) == nid)
			return find_abstract(r, root,
			                     docx_attr_long(child(n, "abstractNumId"), "val", -1),
			                     depth + 1);
	return a;
}

/* numbering.xml: each w:num is its abstractNum's levels (through a list style's link),
 * with its w:lvlOverride (a level of its own, or w:startOverride). Needs the styles. */
static void load_numbering(docx_reader *r)
{
	xmlNodePtr root, n, a, l;
	if (!r->numbering_xml)
		return;
	root = xmlDocGetRootElement(r->numbering_xml);
	for (n = root->children; n; n = n->next) {
		docx_num *num;
		if (!docx_is(n, "num") || r->nnums >= MAX_NUMS)
			continue;
		num = tb_doc_alloc(r->doc, sizeof(*num));
		if (!num)
			return;
		num->id = (int)docx_attr_long(n, "numId", -1);
		a = find_abstract(r, root, docx_attr_long(child(n, "abstractNumId"), "val", -1), 0);
		for (l = a ? a->children : NULL; l; l = l->next) {
			long il = docx_attr_long(l, "ilvl", -1);
			if (docx_is(l, "lvl") && il >= 0 && il <= 8)
				read_level(r, l, &num->lvl[il]);
		}
		for (l = n->children; l; l = l->next) {
			long il = docx_attr_long(l, "ilvl", -1);
			xmlNodePtr so;
			if (!docx_is(l, "lvlOverride") || il < 0 || il > 8)
				continue;
			if (child(l, "lvl"))
				read_level(r, child(l, "lvl"), &num->lvl[il]);
			if ((so = child(l, "startOverride")))
				num->lvl[il].start = (int)docx_attr_long(so, "val", 1);
		}
		/* Keep the pointers in an arena array grown by copying. */
		{
			docx_num *arr = tb_doc_alloc(r->doc, (r->nnums + 1) * sizeof(*arr));
			if (!arr)
				return;
			if (r->nnums)
				memcpy(arr, r->nums, r->nnums * sizeof(*arr));
			arr[r->nnums++] = *num;
			r->nums = arr;
		}
	}
}

/* "toc 1" … "toc 9": names LibreOffice maps to its own Contents 1 … 9 styles. */
static bool toc_style_name(xmlNodePtr style)
{
	char *name = docx_attr(child(style, "name"), "val");
	bool yes = name && strlen(name) == 5 && strncasecmp(name, "toc ", 4) == 0 &&
	           name[4] >= '1' && name[4] <= '9';
	xmlFree(name);
	return yes;
}

/* LibreOffice reuses its own Contents N style for "toc N" and keeps that style's parent
 * (Index, then the default paragraph style) when the DOCX style names no basedOn; only a
 * w:pPrDefault in the document cuts the chain (StyleSheetTable::ApplyStyleSheets). So
 * without one, such a TOC style inherits Normal's spacing (WPS tables of contents). */
static void toc_styles_inherit_normal(docx_reader *r)
{
	size_t i;
	if (!r->default_pstyle)
		return;
	for (i = 0; i < r->nstyles; i++) {
		docx_style *s = &r->styles[i];
		if (s->type == 'p' && !s->based_on && s->id && strcmp(s->id, r->default_pstyle) != 0 &&
		    toc_style_name(s->node))
			s->based_on = (char *)r->default_pstyle;
	}
}

void docx_style_read(docx_reader *r, xmlNodePtr n, docx_style *s)
{
	char *type = docx_attr(n, "type");
	memset(s, 0, sizeof(*s));
	s->id = (char *)attr_dup(r, n, "styleId");
	s->type = !type ? 'p' : !strcmp(type, "character") ? 'c' :
	          !strcmp(type, "table") ? 't' : !strcmp(type, "numbering") ? 'n' : 'p';
	s->based_on = (char *)attr_dup(r, child(n, "basedOn"), "val");
	s->ppr = child(n, "pPr");
	s->rpr = child(n, "rPr");
	s->tblpr = child(n, "tblPr");
	s->tcpr = child(n, "tcPr");
	s->node = n;
	xmlFree(type);
}

void docx_style_read_late(docx_reader *r, xmlNodePtr n, docx_style *s)
{
	docx_style_read(r, n, s);
	/* what docx_load_styles did for the styles it read */
	if (r->no_ppr_default && r->default_pstyle && s->type == 'p' && !s->based_on && s->id &&
	    strcmp(s->id, r->default_pstyle) != 0 && toc_style_name(n))
		s->based_on = (char *)r->default_pstyle;
}

tb_status docx_load_styles(docx_reader *r)
{
	xmlNodePtr root, n;
	size_t cap = 0;
	bool ppr_default = false;
	load_theme(r);
	r->no_ppr_default = true;
	if (!r->styles_xml) {
		load_numbering(r);
		return TB_OK;
	}
	root = xmlDocGetRootElement(r->styles_xml);
	for (n = root->children; n; n = n->next) {
		if (docx_is(n, "docDefaults")) {
			r->def_rpr = child(child(n, "rPrDefault"), "rPr");
			r->def_ppr = child(child(n, "pPrDefault"), "pPr");
			ppr_default = child(n, "pPrDefault") != NULL;
		} else if (docx_is(n, "style") && r->nstyles < MAX_STYLES) {
			docx_style *s;
			if (TB_GROW(r->styles, cap, r->nstyles + 1) != TB_OK)
				return TB_ENOMEM;
			s = &r->styles[r->nstyles++];
			docx_style_read(r, n, s);
			if (docx_onoff(n) && docx_attr_long(n, "default", 0) == 1 && s->id) {
				if (s->type == 'p')
					r->default_pstyle = s->id;
				else if (s->type == 't')
					r->default_tstyle = s->id;
			}
		}
	}
	r->no_ppr_default = !ppr_default;
	if (!ppr_default)
		toc_styles_inherit_normal(r);
	load_numbering(r); /* after the styles: a list may be a list style's */
	return TB_OK;
}

void docx_free_styles(docx_reader *r)
{
	docx_free_chain_memo(r);
	docx_more_free(r);
	free(r->styles);
	r->styles = NULL;
	r->nstyles = 0;
}

const docx_style *docx_find_style(const docx_reader *r, const char *id)
{
	size_t i;
	if (!id)
		return NULL;
	for (i = 0; i < r->nstyles; i++)
		if (r->styles[i].id && strcmp(r->styles[i].id, id) == 0)
			return &r->styles[i];
	/* a style the kept partial tree left out: read into the reader's own list (the reader
	 * is the caller's; only that list changes) */
	return r->more ? docx_more_style((docx_reader *)r, id) : NULL;
}

/* A style chain applied once: the style and the properties it was applied to, and what came
 * out (widow: it set w:widowControl). Inputs are compared byte for byte, padding included: a
 * difference there only misses. */
#define CHAIN_MEMO 16
typedef struct docx_chain_memo {
	const char *id; /* the reader's copy */
	bool has_pp, has_rp, widow;
	tb_pprops pp_in, pp_out;
	tb_rprops rp_in, rp_out;
} docx_chain_memo;

static docx_chain_memo *memo_find(const docx_reader *r, const char *id, const tb_pprops *pp,
                                  const tb_rprops *rp)
{
	size_t i;
	for (i = 0; i < r->nmemo; i++) {
		docx_chain_memo *m = &r->memo[i];
		if (m->has_pp == (pp != NULL) && m->has_rp == (rp != NULL) && !strcmp(m->id, id) &&
		    (!pp || !memcmp(&m->pp_in, pp, sizeof *pp)) &&
		    (!rp || !memcmp(&m->rp_in, rp, sizeof *rp)))
			return m;
	}
	return NULL;
}

static void apply_chain(docx_reader *r, const char *id, tb_pprops *pp, tb_rprops *rp,
                        tb_table *t);

void docx_apply_style_chain(docx_reader *r, const char *id, tb_pprops *pp, tb_rprops *rp,
                            tb_table *t)
{
	docx_chain_memo *m;
	bool widow = r->widow_set;
	if (!id || t || (!pp && !rp)) {
		apply_chain(r, id, pp, rp, t);
		return;
	}
	if ((m = memo_find(r, id, pp, rp))) {
		if (pp)
			*pp = m->pp_out;
		if (rp)
			*rp = m->rp_out;
		if (m->widow)
			r->widow_set = true;
		return;
	}
	if (!r->memo && !(r->memo = calloc(CHAIN_MEMO, sizeof *r->memo))) {
		apply_chain(r, id, pp, rp, t); /* no room to remember: applied as it is */
		return;
	}
	m = &r->memo[r->nmemo < CHAIN_MEMO ? r->nmemo : r->memo_next++ % CHAIN_MEMO];
	if (!(m->id = tb_doc_strdup(r->doc, id))) {
		apply_chain(r, id, pp, rp, t);
		return;
	}
	m->has_pp = pp != NULL;
	m->has_rp = rp != NULL;
	if (pp)
		m->pp_in = *pp;
	if (rp)
		m->rp_in = *rp;
	r->widow_set = false;
	apply_chain(r, id, pp, rp, t);
	m->widow = r->widow_set;
	r->widow_set = widow || m->widow;
	if (pp)
		m->pp_out = *pp;
	if (rp)
		m->rp_out = *rp;
	if (r->nmemo < CHAIN_MEMO)
		r->nmemo++;
}

void docx_free_chain_memo(docx_reader *r)
{
	free(r->memo);
	r->memo = NULL;
	r->nmemo = 0;
}

static void apply_chain(docx_reader *r, const char *id, tb_pprops *pp, tb_rprops *rp,
                        tb_table *t)
{
	const docx_style *chain[MAX_CHAIN];
	int n = 0, i;
	const docx_style *s = docx_find_style(r, id);
	while (s && n < MAX_CHAIN) {
		for (i = 0; i < n; i++)
			if (chain[i] == s)
				break;
		if (i < n)
			break; /* a loop */
		chain[n++] = s;
		s = docx_find_style(r, s->based_on);
	}
	r->in_style = true;
	for (i = n - 1; i >= 0; i--) {
		if (t && chain[i]->tblpr)
			docx_apply_tblpr(r, chain[i]->tblpr, t);
		if (pp && chain[i]->ppr)
			docx_apply_ppr(r, chain[i]->ppr, pp);
		if (rp && chain[i]->rpr)
			docx_apply_rpr(r, chain[i]->rpr, rp);
	}
	r->in_style = false;
}

#define NOPE (-1000000000L)

static float tw(long twips)
{
	return (float)twips / 20.0f;
}

static const char *theme_font(docx_reader *r, const char *theme)
{
	bool major = !strncmp(theme, "major", 5);
	bool ea = strstr(theme, "EastAsia") != NULL;
	if (ea) {
		const char *f = major ? r->theme_major_ea : r->theme_minor_ea;
		return f && *f ? f : r->theme_script[major ? 0 : 1][r->theme_ea_script];
	}
	return major ? r->theme_major_latin : r->theme_minor_latin;
}

static bool hl_color(const char *v, tb_rgb *c)
{
	static const struct { const char *n; uint8_t r, g, b; } t[] = {
		{"yellow", 255, 255, 0}, {"green", 0, 255, 0}, {"cyan", 0, 255, 255},
		{"magenta", 255, 0, 255}, {"blue", 0, 0, 255}, {"red", 255, 0, 0},
		{"darkBlue", 0, 0, 128}, {"darkCyan", 0, 128, 128}, {"darkGreen", 0, 128, 0},
		{"darkMagenta", 128, 0, 128}, {"darkRed", 128, 0, 0}, {"darkYellow", 128, 128, 0},
		{"darkGray", 128, 128, 128}, {"lightGray", 192, 192, 192}, {"black", 0, 0, 0},
		{"white", 255, 255, 255}};
	size_t i;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (!strcmp(v, t[i].n)) {
			c->r = t[i].r;
			c->g = t[i].g;
			c->b = t[i].b;
			return true;
		}
	return false;
}

void docx_apply_rpr(docx_reader *r, xmlNodePtr rpr, tb_rprops *rp)
{
	xmlNodePtr n;
	for (n = rpr ? rpr->children : NULL; n; n = n->next) {
		const char *nm = (const char *)n->name;
		const char *v;
		char *own = NULL;
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (tb_xml_name_is(nm, "rFonts")) {
			const char *a;
			/* A theme attribute wins over the explicit name at the same level. Like
			 * LibreOffice, w:ascii names the font of all Latin text: w:hAnsi and w:hint
			 * are not read (reference/layout-metrics.md §6). */
			if ((a = docx_attr_ref(n, "asciiTheme", &own))) {
				const char *f = theme_font(r, a);
				if (f && *f)
					rp->font_latin = f;
				xmlFree(own);
			} else if ((a = docx_attr_ref(n, "ascii", &own))) {
				rp->font_latin = tb_doc_strdup(r->doc, a);
				xmlFree(own);
			}
			/* w:hAnsi is read for one thing only: a symbol font there draws the
			 * private-use characters (Word's rule for U+E000-F8FF; LibreOffice shows
			 * them as empty boxes). */
			if ((a = docx_attr_ref(n, "hAnsi", &own))) {
				rp->font_sym = tb_symbol_font(a) ? tb_doc_strdup(r->doc, a) : NULL;
				xmlFree(own);
			}
			if ((a = docx_attr_ref(n, "eastAsiaTheme", &own))) {
				const char *f = theme_font(r, a);
				if (f && *f)
					rp->font_ea = f;
				xmlFree(own);
			} else if ((a = docx_attr_ref(n, "eastAsia", &own))) {
				rp->font_ea = tb_doc_strdup(r->doc, a);
				xmlFree(own);
			}
		} else if (tb_xml_name_is(nm, "b"))
			rp->bold = docx_onoff(n);
		else if (tb_xml_name_is(nm, "i"))
			rp->italic = docx_onoff(n);
		else if (tb_xml_name_is(nm, "strike") || tb_xml_name_is(nm, "dstrike"))
			rp->strike = docx_onoff(n);
		else if (tb_xml_name_is(nm, "vanish"))
			rp->hidden = docx_onoff(n);
		else if (tb_xml_name_is(nm, "caps"))
			rp->caps = docx_onoff(n);
		else if (tb_xml_name_is(nm, "u"))
			rp->underline = docx_onoff(n);
		else if (tb_xml_name_is(nm, "sz")) {
			long hp = docx_attr_long(n, "val", 0);
			if (hp >= 2 && hp <= 3276)
				rp->size = (float)hp / 2.0f;
		} else if (tb_xml_name_is(nm, "spacing")) {
			rp->letter_spacing = tw(docx_attr_long(n, "val", 0));
		} else if (tb_xml_name_is(nm, "w")) {
			long w = docx_attr_long(n, "val", 100);
			rp->scale = (uint16_t)(w >= 1 && w <= 600 ? w : 100);
		} else if (tb_xml_name_is(nm, "kern")) {
			rp->kern = docx_attr_long(n, "val", 0) != 0;
		} else if (tb_xml_name_is(nm, "color")) {
			if ((v = docx_attr_ref(n, "val", &own))) {
				if (!tb_doc_parse_hex_color(v, &rp->color))
					memset(&rp->color, 0, sizeof(rp->color)); /* auto */
				xmlFree(own);
			}
		} else if (tb_xml_name_is(nm, "vertAlign")) {
			if ((v = docx_attr_ref(n, "val", &own))) {
				rp->valign = !strcmp(v, "superscript") ? 1 : !strcmp(v, "subscript") ? -1 : 0;
				xmlFree(own);
			}
		} else if (tb_xml_name_is(nm, "highlight")) {
			if ((v = docx_attr_ref(n, "val", &own))) {
				rp->has_highlight = hl_color(v, &rp->highlight);
				xmlFree(own);
			}
		} else if (tb_xml_name_is(nm, "shd")) {
			if ((v = docx_attr_ref(n, "fill", &own))) {
				if (tb_doc_parse_hex_color(v, &rp->highlight))
					rp->has_highlight = true;
				xmlFree(own);
			}
		}
	}
}


void docx_read_border(xmlNodePtr n, tb_border *b)
{
	char *v = docx_attr(n, "val"), *c = docx_attr(n, "color");
	b->set = 1;
	if (!v || !strcmp(v, "nil") || !strcmp(v, "none")) {
		b->style = 0;
		b->width = 0;
	} else {
		long sz = docx_attr_long(n, "sz", 4); /* eighths of a point */
		b->style = strstr(v, "dash") || strstr(v, "dot") ? 2 : !strcmp(v, "double") ? 3 : 1;
		long space = docx_attr_long(n, "space", 0);
		b->width = (float)(sz < 2 ? 2 : sz > 96 ? 96 : sz) / 8.0f;
		b->space = (float)(space < 0 ? 0 : space > 31 ? 31 : space);
		if (!c || !tb_doc_parse_hex_color(c, &b->color))
			memset(&b->color, 0, sizeof(b->color));
	}
	xmlFree(v);
	xmlFree(c);
}

void docx_apply_ppr(docx_reader *r, xmlNodePtr ppr, tb_pprops *pp)
{
	xmlNodePtr n;
	for (n = ppr ? ppr->children : NULL; n; n = n->next) {
		const char *nm = (const char *)n->name;
		const char *v;
		char *own = NULL;
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (tb_xml_name_is(nm, "jc")) {
			if ((v = docx_attr_ref(n, "val", &own))) {
				if (!strcmp(v, "center"))
					pp->align = TB_ALIGN_CENTER;
				else if (!strcmp(v, "right") || !strcmp(v, "end"))
					pp->align = TB_ALIGN_RIGHT;
				else if (!strcmp(v, "both") || !strcmp(v, "justify"))
					pp->align = TB_ALIGN_JUSTIFY;
				else if (!strcmp(v, "distribute"))
					pp->align = TB_ALIGN_DISTRIBUTE;
				else
					pp->align = TB_ALIGN_LEFT;
				xmlFree(own);
			}
		} else if (tb_xml_name_is(nm, "ind")) {
			long l;
			if ((l = docx_attr_long(n, "left", docx_attr_long(n, "start", NOPE))) != NOPE)
				pp->ind_left = tw(l);
			if ((l = docx_attr_long(n, "right", docx_attr_long(n, "end", NOPE))) != NOPE)
				pp->ind_right = tw(l);
			if ((l = docx_attr_long(n, "firstLine", NOPE)) != NOPE) {
				pp->ind_first = tw(l);
				pp->ind_first_chars = pp->ind_hanging_chars = 0;
			}
			if ((l = docx_attr_long(n, "hanging", NOPE)) != NOPE) {
				pp->ind_first = -tw(l);
				pp->ind_first_chars = pp->ind_hanging_chars = 0;
			}
			/* w:firstLineChars and w:hangingChars are not read: LibreOffice 7 ignores them
			 * (Word writes w:firstLine/w:hanging next to them). */
		} else if (tb_xml_name_is(nm, "spacing")) {
			long l;
			const char *rule, *a;
			/* As LibreOffice imports it (DomainMapper.cxx): beforeLines/afterLines are
			 * hundredths of a 12 pt line, ignored in styles, and lose to before/after;
			 * autospacing wins over both. */
			if ((l = docx_attr_long(n, "before", -1)) >= 0)
				pp->space_before = tw(l);
			else if (!r->in_style && (l = docx_attr_long(n, "beforeLines", -1)) >= 0)
				pp->space_before = tw(l * 240 / 100);
			if ((l = docx_attr_long(n, "after", -1)) >= 0)
				pp->space_after = tw(l);
			else if (!r->in_style && (l = docx_attr_long(n, "afterLines", -1)) >= 0)
				pp->space_after = tw(l * 240 / 100);
			if ((a = docx_attr_ref(n, "beforeAutospacing", &own))) {
				pp->before_auto = strcmp(a, "0") && strcmp(a, "false") && strcmp(a, "off");
				xmlFree(own);
			}
			if ((a = docx_attr_ref(n, "afterAutospacing", &own))) {
				pp->after_auto = strcmp(a, "0") && strcmp(a, "false") && strcmp(a, "off");
				xmlFree(own);
			}
			if ((l = docx_attr_long(n, "line", NOPE)) != NOPE) {
				rule = docx_attr_ref(n, "lineRule", &own);
				if (rule && !strcmp(rule, "auto")) {
					/* Percent through 1/100 mm, truncated: 259 → 108 %, 276 → 115 %. */
					long mm = (l * 127 + (l >= 0 ? 36 : -36)) / 72;
					pp->line_rule = TB_LINE_MULTIPLE;
					pp->line = (float)(mm * 100 / 423) / 100.0f;
				} else if (rule && !strcmp(rule, "atLeast")) {
					pp->line_rule = TB_LINE_ATLEAST;
					pp->line = tw(l);
				} else if (l > 0) {
					/* exact, and a line without lineRule, which LibreOffice reads as
					 * exact too */
					pp->line_rule = TB_LINE_EXACT;
					pp->line = tw(l);
				}
				xmlFree(own);
			}
		} else if (tb_xml_name_is(nm, "keepNext"))
			pp->keep_next = docx_onoff(n);
		else if (tb_xml_name_is(nm, "keepLines"))
			pp->keep_lines = docx_onoff(n);
		else if (tb_xml_name_is(nm, "pageBreakBefore"))
			pp->page_break_before = docx_onoff(n);
		else if (tb_xml_name_is(nm, "widowControl")) {
			pp->no_widow_control = !docx_onoff(n);
			r->widow_set = true;
		}
		else if (tb_xml_name_is(nm, "autoSpaceDE") || tb_xml_name_is(nm, "autoSpaceDN"))
			pp->no_autospace = !docx_onoff(n);
		else if (tb_xml_name_is(nm, "contextualSpacing"))
			pp->contextual_spacing = docx_onoff(n);
		else if (tb_xml_name_is(nm, "snapToGrid"))
			pp->no_snap_grid = !docx_onoff(n);
		else if (tb_xml_name_is(nm, "overflowPunct"))
			pp->no_hanging_punct = docx_onoff(n); /* inverted, as LibreOffice does */
		else if (tb_xml_name_is(nm, "shd")) {
			if ((v = docx_attr_ref(n, "fill", &own))) {
				pp->has_shading = tb_doc_parse_hex_color(v, &pp->shading);
				xmlFree(own);
			}
		} else if (tb_xml_name_is(nm, "tabs")) {
			xmlNodePtr t;
			for (t = n->children; t; t = t->next) {
				char *val, *lead;
				int align = 0, leader = 0;
				if (!docx_is(t, "tab"))
					continue;
				val = docx_attr(t, "val");
				lead = docx_attr(t, "leader");
				if (val && (!strcmp(val, "center")))
					align = 1;
				else if (val && (!strcmp(val, "right") || !strcmp(val, "end")))
					align = 2;
				else if (val && !strcmp(val, "decimal"))
					align = 3;
				if (lead && (!strcmp(lead, "dot") || !strcmp(lead, "middleDot")))
					leader = 1;
				else if (lead && (!strcmp(lead, "underscore") || !strcmp(lead, "heavy")))
					leader = 2;
				else if (lead && !strcmp(lead, "hyphen"))
					leader = 3;
				if (!val || strcmp(val, "bar"))
					tb_pprops_set_tab(pp, tw(docx_attr_long(t, "pos", 0)), align, leader,
					                  val && !strcmp(val, "clear"));
				xmlFree(val);
				xmlFree(lead);
			}
		} else if (tb_xml_name_is(nm, "pBdr")) {
			xmlNodePtr b;
			for (b = n->children; b; b = b->next) {
				if (docx_is(b, "top"))
					docx_read_border(b, &pp->bd_top);
				else if (docx_is(b, "bottom"))
					docx_read_border(b, &pp->bd_bottom);
			}
		}
	}
}

void docx_format_number(char *out, size_t cap, int fmt, int v)
{
	static const char *const digits[] = {"〇", "一", "二", "三", "四", "五", "六", "七",
	                                     "八", "九"};
	static const char *const circled[] = {"①", "②", "③", "④", "⑤", "⑥", "⑦",
	                                      "⑧", "⑨", "⑩"};
	static const char *const legal[] = {"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒",
	                                    "捌", "玖"};
	static const char *const stems[] = {"甲", "乙", "丙", "丁", "戊", "己", "庚", "辛",
	                                    "壬", "癸"};
	static const char *const branches[] = {"子", "丑", "寅", "卯", "辰", "巳", "午", "未",
	                                       "申", "酉", "戌", "亥"};
	if ((fmt == 'c' || fmt == 'L') && v > 0 && v < 100) {
		const char *const *d = fmt == 'c' ? digits : legal;
		if (v < 10)
			snprintf(out, cap, "%s", d[v]);
		else if (fmt == 'c')
			snprintf(out, cap, "%s十%s", v >= 20 ? d[v / 10] : "", v % 10 ? d[v % 10] : "");
		else /* legal numbers write the tens digit also for 10-19: 壹拾壹 */
			snprintf(out, cap, "%s拾%s", d[v / 10], v % 10 ? d[v % 10] : "");
	} else if (fmt == 'g' && v > 0 && v <= 10)
		snprintf(out, cap, "%s", stems[v - 1]);
	else if (fmt == 'z' && v > 0 && v <= 12)
		snprintf(out, cap, "%s", branches[v - 1]);
	else if (fmt == 'o' && v > 0 && v <= 10)
		snprintf(out, cap, "%s", circled[v - 1]);
	else if ((fmt == 'a' || fmt == 'A') && v > 0 && v <= 26)
		snprintf(out, cap, "%c", (fmt == 'a' ? 'a' : 'A') + v - 1);
	else if ((fmt == 'i' || fmt == 'I') && v > 0 && v < 40) {
		static const char *const ro[] = {"", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii",
		                                 "ix"};
		static const char *const RO[] = {"", "I", "II", "III", "IV", "V", "VI", "VII", "VIII",
		                                 "IX"};
		const char *const *t = fmt == 'i' ? ro : RO;
		char tens[8] = "";
		int k;
		for (k = 0; k < v / 10; k++)
			strcat(tens, fmt == 'i' ? "x" : "X");
		snprintf(out, cap, "%s%s", tens, t[v % 10]);
	} else
		snprintf(out, cap, "%d", v);
}

const char *docx_number_label(docx_reader *r, xmlNodePtr ppr, const char *pstyle,
                              xmlNodePtr *lvl_ppr)
{
	xmlNodePtr numpr = child(ppr, "numPr");
	const docx_style *s;
	long id, ilvl;
	size_t i;
	docx_num *num = NULL;
	char out[128];
	size_t o = 0;
	const char *p;
	int guard = 0;
	r->last_level = NULL;
	/* numPr may come from the paragraph style chain. */
	for (s = docx_find_style(r, pstyle); !numpr && s && guard < MAX_CHAIN; guard++) {
		numpr = child(s->ppr, "numPr");
		s = docx_find_style(r, s->based_on);
	}
	if (!numpr)
		return NULL;
	id = docx_attr_long(child(numpr, "numId"), "val", 0);
	ilvl = docx_attr_long(child(numpr, "ilvl"), "val", 0);
	if (id <= 0 || ilvl < 0 || ilvl > 8)
		return NULL;
	for (i = 0; i < r->nnums; i++)
		if (r->nums[i].id == id)
			num = &r->nums[i];
	if (!num || (!num->lvl[ilvl].text && !num->lvl[ilvl].pic))
		return NULL;
	*lvl_ppr = num->lvl[ilvl].ppr;
	r->last_level = &num->lvl[ilvl];
	if (num->lvl[ilvl].fmt == 'n')
		return NULL;
	if (!num->count[ilvl])
		num->count[ilvl] = num->lvl[ilvl].start;
	else
		num->count[ilvl]++;
	for (i = (size_t)ilvl + 1; i < 9; i++)
		num->count[i] = 0;
	if (num->lvl[ilvl].pic)
		return "\xe2\x97\x8f"; /* ● for a picture bullet */
	if (num->lvl[ilvl].fmt == 'b')
		return docx_bullet_text(r, &num->lvl[ilvl]);
	for (p = num->lvl[ilvl].text; *p && o + 16 < sizeof(out); p++) {
		if (*p == '%' && p[1] >= '1' && p[1] <= '9') {
			int l = p[1] - '1';
			char nb[32];
			int v = num->count[l] ? num->count[l] : num->lvl[l].start;
			docx_format_number(nb, sizeof(nb), num->lvl[l].fmt, v);
			o += (size_t)snprintf(out + o, sizeof(out) - o, "%s", nb);
			p++;
		} else
			out[o++] = *p;
	}
	out[o] = 0;
	return tb_doc_strdup(r->doc, out);
}

const docx_num_level *docx_number_level(const docx_reader *r)
{
	return r->last_level;
}

void docx_unsupported(docx_reader *r, xmlNodePtr n)
{
	tb_doc_unsupported(r->ctx, r->opts, &r->unsupported_count, r->name, r->part, n);
}
