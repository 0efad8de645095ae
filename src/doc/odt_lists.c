/* odt_lists.c: list labels as LibreOffice draws them for ODT: text:list / text:list-item
 * with the level styles of text:list-style (numbers with prefix, suffix and upper levels,
 * bullets in their own font), and the outline numbering (text:outline-style) of headings.
 * A level's label-alignment indents (or the older space-before/min-label-width pair)
 * become the paragraph's, unless the paragraph's own automatic style sets an indent. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/utf8.h"
#include "doc/docx.h"
#include "doc/odt.h"

void odt_list_enter(odt_reader *r, xmlNodePtr list, odt_list_save *save)
{
	odt_lists *L = &r->lists;
	char *sn = odt_attr(list, "style-name");
	const char *style = sn ? tb_doc_strdup(r->doc, sn) : L->depth > 0 ? L->style[L->depth] : NULL;
	save->item = L->item;
	L->item = 0;
	if (L->depth == 0) {
		/* A new top-level list restarts its counters unless it continues an earlier one. */
		char *cont = odt_attr(list, "continue-numbering");
		char *cl = odt_attr(list, "continue-list");
		bool keep = (cont && !strcmp(cont, "true")) || cl;
		if (!keep || !L->cnt_style || !style || strcmp(L->cnt_style, style))
			memset(L->cnt, 0, sizeof(L->cnt));
		L->cnt_style = style;
		xmlFree(cont);
		xmlFree(cl);
	}
	xmlFree(sn);
	L->depth++;
	if (L->depth < ODT_MAX_LEVELS + 1)
		L->style[L->depth] = style;
}

void odt_list_leave(odt_reader *r, const odt_list_save *save)
{
	odt_lists *L = &r->lists;
	L->depth--;
	/* Paragraphs after a sublist in the same item carry no label. */
	L->item = save->item ? 2 : 0;
}

void odt_list_item(odt_reader *r, xmlNodePtr item, bool header)
{
	odt_lists *L = &r->lists;
	char *sv = header ? NULL : odt_attr(item, "start-value");
	L->item = header ? 3 : 1;
	L->start = sv ? atoi(sv) : 0;
	xmlFree(sv);
}

const char *odt_para_list_style(odt_reader *r, const char *pstyle)
{
	const odt_style *s = odt_find_style(r, "paragraph", pstyle);
	int guard = 0;
	for (; s && guard < 32; guard++) {
		char *v = odt_attr(s->node, "list-style-name");
		if (v) {
			const char *res = tb_doc_strdup(r->doc, v);
			xmlFree(v);
			return res;
		}
		s = odt_find_style(r, "paragraph", s->parent);
	}
	return NULL;
}

/* The level style (text:list-level-style-*, text:outline-level-style) for level 1..10. */
static xmlNodePtr level_style(const odt_style *s, int level)
{
	xmlNodePtr n;
	for (n = s ? s->node->children : NULL; n; n = n->next) {
		char *lv;
		int l;
		if (n->type != XML_ELEMENT_NODE)
			continue;
		lv = odt_attr(n, "level");
		l = lv ? atoi(lv) : 0;
		xmlFree(lv);
		if (l == level)
			return n;
	}
	return NULL;
}

static int fmt_of(xmlNodePtr lvl)
{
	char *f = odt_attr(lvl, "num-format");
	int c = !f || !*f ? 0 : (f[0] == 'a' || f[0] == 'A' || f[0] == 'i' || f[0] == 'I') ? f[0] : 'd';
	xmlFree(f);
	return c;
}

static int start_of(xmlNodePtr lvl)
{
	char *v = odt_attr(lvl, "start-value");
	int s = v ? atoi(v) : 1;
	xmlFree(v);
	return s;
}

/* "1.2." from the counters: display-levels levels ending at `level`, each in its own
 * format, joined by dots, with the level's prefix and suffix. */
static const char *number_label(odt_reader *r, const odt_style *s, xmlNodePtr lvl, int level,
                                const int *cnt)
{
	char out[160], nb[32];
	size_t o = 0;
	char *pre = odt_attr(lvl, "num-prefix"), *suf = odt_attr(lvl, "num-suffix");
	char *dl = odt_attr(lvl, "display-levels");
	int shown = dl ? atoi(dl) : 1, l;
	xmlFree(dl);
	if (shown < 1)
		shown = 1;
	if (shown > level)
		shown = level;
	out[0] = 0;
	if (pre)
		o += (size_t)snprintf(out + o, sizeof(out) - o, "%s", pre);
	for (l = level - shown + 1; l <= level && o < sizeof(out); l++) {
		xmlNodePtr ul = l == level ? lvl : level_style(s, l);
		int f = ul ? fmt_of(ul) : 'd', v = cnt[l - 1];
		if (!f)
			continue;
		if (v <= 0)
			v = ul ? start_of(ul) : 1;
		docx_format_number(nb, sizeof(nb), f, v);
		o += (size_t)snprintf(out + o, sizeof(out) - o, "%s%s", l > level - shown + 1 ? "." : "",
		                      nb);
	}
	if (suf && o < sizeof(out))
		snprintf(out + o, sizeof(out) - o, "%s", suf);
	xmlFree(pre);
	xmlFree(suf);
	return tb_doc_strdup(r->doc, out);
}

/* LibreOffice's bullet face under its names (fonts seldom installed elsewhere). */
static bool opensymbol(const char *font)
{
	return !strcasecmp(font, "OpenSymbol") || !strcasecmp(font, "StarSymbol") ||
	       !strcasecmp(font, "starbats");
}

/* A bullet character as a Unicode one: OpenSymbol's private-use bullets map to what they
 * draw, a symbol font's code to its character. */
static const char *bullet_label(odt_reader *r, xmlNodePtr lvl, const char *font)
{
	char *bc = odt_attr(lvl, "bullet-char");
	char u[8];
	size_t i = 0, n = bc ? strlen(bc) : 0;
	int32_t c = n ? tb_utf8_next(bc, n, &i) : 0x2022;
	xmlFree(bc);
	if (c <= 0)
		c = 0x2022;
	if (c >= 0xE000 && c <= 0xF8FF) {
		/* OpenSymbol's private-use bullets (LibreOffice's "Bullets" list styles). */
		static const struct { int32_t pua, uni; } os[] = {
			{0xE006, 0x25A0}, {0xE00A, 0x2022}, {0xE00C, 0x25C6}, {0xE00D, 0x2B25},
			{0xE012, 0x25A1}, {0xE015, 0x2192}, {0xE017, 0x2714}, {0xE018, 0x2717},
			{0xE019, 0x2717}, {0xE01B, 0x25A3},
		};
		size_t k;
		int32_t m = 0;
		if (font && tb_symbol_font(font))
			m = (int32_t)tb_symbol_char(font, (uint32_t)c);
		for (k = 0; !m && k < sizeof(os) / sizeof(os[0]); k++)
			if (os[k].pua == c)
				m = os[k].uni;
		c = m > 0 && (m < 0xE000 || m > 0xF8FF) ? m : 0x2022;
	} else if (font && tb_symbol_font(font))
		c = (int32_t)tb_symbol_char(font, (uint32_t)c);
	u[tb_utf8_encode((uint32_t)c, u)] = 0;
	return tb_doc_strdup(r->doc, u);
}

/* Does the paragraph's own automatic style set an indent? Then the list's does not apply
 * (LibreOffice: direct indents win over the list level's). */
static bool own_indent(odt_reader *r, const char *pstyle)
{
	const odt_style *s = odt_find_style(r, "paragraph", pstyle);
	xmlNodePtr pp = s && s->automatic ? odt_child(s->node, "paragraph-properties") : NULL;
	char *ml = pp ? odt_attr(pp, "margin-left") : NULL, *mi;
	bool own = ml != NULL;
	xmlFree(ml);
	if (!own && pp && (mi = odt_attr(pp, "margin-start"))) {
		own = true;
		xmlFree(mi);
	}
	return own;
}

/* The level's indents and what follows the label. */
static void level_layout(xmlNodePtr lvl, tb_block *b, bool indents)
{
	xmlNodePtr lp = odt_child(lvl, "list-level-properties");
	xmlNodePtr la = lp ? odt_child(lp, "list-level-label-alignment") : NULL;
	char *mode = lp ? odt_attr(lp, "list-level-position-and-space-mode") : NULL;
	char *v;
	float f;
	if (mode && !strcmp(mode, "label-alignment")) {
		char *fb = la ? odt_attr(la, "label-followed-by") : NULL;
		b->prefix_suffix = !fb || !strcmp(fb, "listtab") ? 0 : !strcmp(fb, "space") ? 1 : 2;
		xmlFree(fb);
		if (indents && la) {
			if ((v = odt_attr(la, "margin-left")) && odt_length(v, &f))
				b->pp.ind_left = f;
			xmlFree(v);
			if ((v = odt_attr(la, "text-indent")) && odt_length(v, &f))
				b->pp.ind_first = f;
			xmlFree(v);
		}
	} else {
		/* label-width-and-position: the label starts space-before in, the text
		 * min-label-width after that. */
		float sb = 0, w = 0;
		if (lp && (v = odt_attr(lp, "space-before")) && odt_length(v, &f))
			sb = f;
		if (lp)
			xmlFree(v);
		if (lp && (v = odt_attr(lp, "min-label-width")) && odt_length(v, &f))
			w = f;
		if (lp)
			xmlFree(v);
		b->prefix_suffix = w > 0.01f ? 0 : 2;
		if (indents && (sb > 0 || w > 0)) {
			b->pp.ind_left += sb + w;
			b->pp.ind_first = -w;
		}
	}
	xmlFree(mode);
}

/* The label's character properties: the paragraph's, then the level's character style
 * and its own text properties (a bullet's font). */
static const tb_rprops *label_props(odt_reader *r, xmlNodePtr lvl, const tb_rprops *para,
                                    const char **font)
{
	tb_rprops *rp = tb_doc_alloc(r->doc, sizeof(*rp));
	char *cs;
	if (!rp)
		return NULL;
	*rp = *para;
	if ((cs = odt_attr(lvl, "style-name"))) {
		odt_apply_style(r, "text", cs, NULL, rp);
		xmlFree(cs);
	}
	odt_apply_text_props(r, odt_child(lvl, "text-properties"), rp);
	*font = rp->font_latin;
	return rp;
}

void odt_list_label(odt_reader *r, xmlNodePtr p, tb_block *b, const char *pstyle,
                    const tb_rprops *rp)
{
	odt_lists *L = &r->lists;
	const odt_style *s = NULL;
	xmlNodePtr lvl;
	int level, *cnt, i;
	const char *font = NULL;
	bool heading = odt_is(p, "h");
	if (L->depth > 0 && L->item) {
		/* In a list: the innermost list style, else the paragraph style's. */
		const char *ls = L->style[L->depth < ODT_MAX_LEVELS ? L->depth : ODT_MAX_LEVELS];
		level = L->depth < ODT_MAX_LEVELS ? L->depth : ODT_MAX_LEVELS;
		s = odt_find_style(r, "list", ls);
		if (!s && pstyle)
			s = odt_find_style(r, "list", odt_para_list_style(r, pstyle));
		cnt = L->cnt;
	} else if (heading) {
		char *ol = odt_attr(p, "outline-level"), *lh = odt_attr(p, "is-list-header");
		size_t k;
		bool hdr = lh && !strcmp(lh, "true");
		level = ol ? atoi(ol) : 0;
		xmlFree(ol);
		xmlFree(lh);
		if (level < 1 || level > ODT_MAX_LEVELS || hdr)
			return;
		for (k = 0; k < r->nstyles && !s; k++)
			if (!strcmp(r->styles[k].family, "outline"))
				s = &r->styles[k];
		cnt = L->outline;
	} else
		return;
	if (!s || !(lvl = level_style(s, level)))
		return;
	if (L->depth > 0 && L->item >= 2) {
		/* A later paragraph of an item, or a text:list-header: at the text's indent. */
		level_layout(lvl, b, !own_indent(r, pstyle));
		b->pp.ind_first = 0;
		return;
	}
	if (odt_is(lvl, "list-level-style-number") || odt_is(lvl, "outline-level-style")) {
		int f = fmt_of(lvl);
		cnt[level - 1] = L->depth > 0 && L->start > 0 ? L->start :
		                 cnt[level - 1] > 0 ? cnt[level - 1] + 1 : start_of(lvl);
		for (i = level; i < ODT_MAX_LEVELS; i++)
			cnt[i] = 0;
		if (!f && heading)
			return; /* an outline level without numbering (LibreOffice's default) */
		b->prefix = number_label(r, s, lvl, level, cnt);
		b->prefix_rp = label_props(r, lvl, rp, &font);
	} else if (odt_is(lvl, "list-level-style-bullet")) {
		const tb_rprops *lr = label_props(r, lvl, rp, &font);
		b->prefix = bullet_label(r, lvl, font);
		if (lr && font && (opensymbol(font) || tb_symbol_font(font))) {
			/* The bullet is a Unicode character now: the paragraph's face draws it. */
			tb_rprops *m = (tb_rprops *)lr;
			m->font_latin = rp->font_latin;
			m->font_ea = rp->font_ea;
		}
		b->prefix_rp = lr;
	} else
		return; /* an image bullet: indented, no label */
	level_layout(lvl, b, !own_indent(r, pstyle));
	if (L->depth > 0) {
		L->item = 2;
		L->start = 0;
	}
}
