/* para.c: paragraph layout: characters → faces (East Asian and Latin families chosen
 * separately, fallback per character) → break opportunities (linebreak.c) → greedy lines →
 * alignment (CJK justification spreads space between characters) → display items. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/ctx.h"
#include "core/utf8.h"
#include "core/vec.h"
#include "layout/lay.h"
#include "layout/linebreak.h"

/* A paragraph longer than this is cut (with a warning): bounded work per paragraph. */
#define MAX_ATOMS 200000
#define DEFAULT_TAB 21.0f /* Word's default tab stop in Chinese documents: 420 twips */

/* A_PAGEBREAK with leader 1 is a column break; A_ANCHOR marks a note reference or a
 * floating object (no width, its `in` says which). */
enum { A_CHAR, A_TAB, A_IMAGE, A_LINEBREAK, A_PAGEBREAK, A_BOOKMARK, A_ANCHOR };

typedef struct atom {
	uint32_t cp;
	uint8_t kind, ea, sbold, sitalic, leader;
	float tw; /* tabs: the width they took on their line */
	float tpos; /* tabs: the explicit stop they went to (from the margin), 0 = none */
	const tb_face *face;
	float size, adv, yoff;
	float trail; /* space at the end of adv that may pass the margin and is dropped at an
	                automatic line break: character spacing (w:spacing), autospace */
	float ih;    /* images: height in points */
	float gx;    /* character grid: where the glyph sits in its cells */
	float lead;  /* character grid: room before a Latin run up to the next grid line
	                (set with the line, like a tab's width) */
	bool gstart; /* character grid: a Latin run starts here, on a grid line */
	int lasc, lh; /* the portion's ascent and height in twips (its font's metrics, not the
	                 fallback face's) */
	const tb_inline *in;
} atom;

typedef struct para_state {
	lay_ctx *L;
	const tb_block *b;
	atom *a;
	size_t n, cap;
	bool truncated;
	int script;          /* script of the last non-weak character (weak ones take it) */
	tb_inline prefix_in; /* properties of the list label */
} para_state;

static tb_status push_atom(para_state *ps, const atom *at)
{
	if (ps->n >= MAX_ATOMS) {
		ps->truncated = true;
		return TB_OK;
	}
	if (TB_GROW(ps->a, ps->cap, ps->n + 1) != TB_OK)
		return TB_ENOMEM;
	ps->a[ps->n++] = *at;
	return TB_OK;
}

/* Superscript and subscript are 58 % of the size (LibreOffice's DFLT_ESC_PROP, what its
 * DOCX import gives w:vertAlign), in twips truncated. */
static float run_size(const tb_rprops *rp)
{
	float s = rp->size > 0 ? rp->size : 10.5f;
	return rp->valign ? (float)(lay_tw(s) * 58 / 100) / 20.0f : s;
}

static void missing_glyph(para_state *ps, uint32_t cp)
{
	lay_ctx *L = ps->L;
	int i;
	/* Headers are laid out once per page and some blocks twice: report each place once. */
	for (i = 0; i < L->missing_warned && i < 100; i++)
		if (L->warned_cp[i] == cp && L->warned_line[i] == ps->b->line)
			return;
	if (L->missing_warned >= 100)
		return;
	L->warned_cp[L->missing_warned] = cp;
	L->warned_line[L->missing_warned] = ps->b->line;
	L->missing_warned++;
	/* an error unless missing glyphs are allowed (font/coverage.c) */
	tb_fonts_report_missing(L->ctx, L->doc->part, ps->b->line, 0, cp, NULL);
}

/* The capital of c for w:caps: Latin (Basic, Latin-1, Extended-A), Greek and Cyrillic;
 * other characters stay as they are. */
static int32_t capital(int32_t c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 0xE0 && c <= 0xFE && c != 0xF7))
		return c - 0x20;
	if (c == 0xFF)
		return 0x178;
	if (c >= 0x100 && c <= 0x17F && c != 0x131 && c != 0x138 && c != 0x149 && c != 0x17F) {
		/* pairs: even capital, odd small, except 0x139-0x148 and 0x179-0x17E (odd capital) */
		bool odd_cap = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
		if (odd_cap ? !(c & 1) : (c & 1))
			return c - 1;
		return c;
	}
	if (c >= 0x3B1 && c <= 0x3C9 && c != 0x3C2)
		return c - 0x20;
	if (c >= 0x430 && c <= 0x44F)
		return c - 0x20;
	if (c >= 0x450 && c <= 0x45F)
		return c - 0x50;
	return c;
}

/* Characters of one text (or field) with the inline's properties. */
static tb_status add_text(para_state *ps, const tb_inline *in, const char *s, size_t len)
{
	lay_ctx *L = ps->L;
	const tb_rprops *rp = &in->rp;
	bool sb_latin = false, sb_ea = false;
	const tb_face *latin, *ea;
	size_t i = 0;
	tb_status st = TB_OK;
	/* What depends on the script alone, [0] Latin and [1] East Asian, worked out for the
	 * first character of each: the sizes, and the line metrics of the run's font at them
	 * (a character's own face, a fallback included, does not change the line's metrics). */
	float size[2];
	int lasc[2], lh[2], esc_asc[2], esc_h[2];
	bool known[2] = {false, false};
	latin = tb_fonts_resolve(L->fonts, rp->font_latin, rp->bold, rp->italic, TB_SCRIPT_LATIN,
	                         &sb_latin);
	ea = tb_fonts_resolve(L->fonts, rp->font_ea ? rp->font_ea : rp->font_latin, rp->bold,
	                      rp->italic, TB_SCRIPT_EAST_ASIAN, &sb_ea);
	while (i < len && st == TB_OK) {
		int32_t c = tb_utf8_next(s, len, &i);
		atom at;
		const tb_face *pref;
		int k;
		if (c < 0)
			c = 0xFFFD;
		if (c == '\n' || c == '\r' || c == '\t')
			c = ' ';
		if (c < 0x20 || (c >= 0x7F && c < 0xA0) || c == 0xFEFF || c == 0x200B)
			continue;
		if (rp->caps)
			c = capital(c);
		memset(&at, 0, sizeof(at));
		at.kind = A_CHAR;
		at.cp = (uint32_t)c;
		at.in = in;
		{
			/* The character's script picks the run's Latin or East Asian font; weak
			 * characters (spaces, quotes, dashes, symbols) take the previous one's. */
			int sc = lay_script_class(at.cp);
			if (sc == LAY_WEAK)
				sc = ps->script;
			else
				ps->script = sc;
			at.ea = sc == LAY_ASIAN;
		}
		pref = at.ea ? ea : latin;
		at.sbold = at.ea ? sb_ea : sb_latin;
		at.sitalic = rp->italic && at.ea;
		at.face = tb_fonts_face_for(L->fonts, pref, at.cp);
		if (!at.face && c == 0xA0) {
			at.cp = ' ';
			at.face = tb_fonts_face_for(L->fonts, pref, at.cp);
		}
		if (!at.face) {
			missing_glyph(ps, at.cp);
			continue;
		}
		k = at.ea;
		if (!known[k]) {
			/* ODF sizes East Asian text on its own (style:font-size-asian). */
			tb_rprops ea_rp = *rp;
			float full; /* the size without escapement */
			if (at.ea && rp->size_ea > 0)
				ea_rp.size = rp->size_ea;
			size[k] = run_size(&ea_rp);
			full = ea_rp.size > 0 ? ea_rp.size : 10.5f;
			lay_face_metrics(L, pref, size[k], &lasc[k], &lh[k]);
			if (rp->valign)
				lay_face_metrics(L, pref, full, &esc_asc[k], &esc_h[k]);
			known[k] = true;
		}
		at.size = size[k];
		at.adv = tb_face_advance(at.face, at.cp, at.size);
		if (rp->scale && rp->scale != 100)
			at.adv = at.adv * (float)rp->scale / 100.0f;
		if (rp->letter_spacing != 0) {
			/* Negative spacing is limited to a sixth of the font size (CheckKerning_). */
			at.trail = rp->letter_spacing < -at.size / 6 ? -at.size / 6 : rp->letter_spacing;
			at.adv += at.trail;
		}
		at.lasc = lasc[k];
		at.lh = lh[k];
		if (rp->valign) {
			/* Automatic escapement: the small glyphs' top (superscript) or bottom
			 * (subscript) meets the full-size font's, and the portion counts in the line
			 * as the full-size font (SwSubFont::CalcEscAscent, CalcEscHeight). */
			int sa = at.lasc, sh = at.lh;
			at.lasc = esc_asc[k];
			at.lh = esc_h[k];
			at.yoff = rp->valign > 0 ? -(float)(at.lasc - sa) / 20.0f :
			                           (float)((at.lh - at.lasc) - (sh - sa)) / 20.0f;
		}
		st = push_atom(ps, &at);
	}
	return st;
}

static tb_status add_inline(para_state *ps, const tb_inline *in, float width)
{
	atom at;
	char num[32];
	memset(&at, 0, sizeof(at));
	at.in = in;
	at.size = run_size(&in->rp);
	switch (in->kind) {
	case TB_IN_TEXT:
		return in->rp.hidden ? TB_OK : add_text(ps, in, in->text, in->len);
	case TB_IN_FIELD_PAGE:
	case TB_IN_FIELD_NUMPAGES:
		if (in->kind == TB_IN_FIELD_NUMPAGES)
			ps->L->used_numpages = true;
		snprintf(num, sizeof(num), "%d",
		         in->kind == TB_IN_FIELD_PAGE ? ps->L->page_no : ps->L->num_pages);
		return add_text(ps, in, num, strlen(num));
	case TB_IN_FIELD_STYLEREF: {
		char buf[256];
		const char *t;
		size_t n;
		lay_styleref_text(ps->L, in, buf, sizeof(buf), &t, &n);
		return in->rp.hidden ? TB_OK : add_text(ps, in, t, n);
	}
	case TB_IN_TAB: {
		bool sb = false;
		at.kind = A_TAB;
		at.cp = ' ';
		/* The Latin face draws dot leaders. */
		at.face = tb_fonts_resolve(ps->L->fonts, in->rp.font_latin, in->rp.bold,
		                           in->rp.italic, TB_SCRIPT_LATIN, &sb);
		if (at.face)
			lay_face_metrics(ps->L, at.face, at.size, &at.lasc, &at.lh);
		break;
	}
	case TB_IN_LINEBREAK:
		at.kind = A_LINEBREAK;
		at.cp = '\n';
		break;
	case TB_IN_PAGEBREAK:
		if (ps->L->in_cell)
			return TB_OK; /* no page break (nor a line break) inside a table cell */
		at.kind = A_PAGEBREAK;
		at.cp = '\n';
		break;
	case TB_IN_COLUMNBREAK:
		at.kind = A_PAGEBREAK;
		at.leader = 1;
		at.cp = '\n';
		break;
	case TB_IN_BOOKMARK:
		at.kind = A_BOOKMARK;
		at.cp = 0x2060; /* word joiner: no break opportunity of its own */
		break;
	case TB_IN_NOTE_REF: {
		/* The mark as text, then the anchor that brings the note onto this page. */
		tb_status st = in->text ? add_text(ps, in, in->text, in->len) : TB_OK;
		if (st != TB_OK)
			return st;
		at.kind = A_ANCHOR;
		at.cp = 0x2060;
		break;
	}
	case TB_IN_FLOAT:
		at.kind = A_ANCHOR;
		at.cp = 0x2060;
		break;
	case TB_IN_IMAGE: {
		float w = in->w > 0 ? in->w : 1, h = in->h > 0 ? in->h : 1;
		if (w > width && width > 0) { /* scaled to fit the line */
			h = h * width / w;
			w = width;
		}
		at.kind = A_IMAGE;
		at.cp = 0xFFFC;
		at.adv = w;
		at.ih = h;
		at.lasc = at.lh = lay_tw(h);
		break;
	}
	}
	return push_atom(ps, &at);
}

static bool is_alnum(uint32_t c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= 0xC0 && c < 0x250);
}

/* Full-width punctuation carries its own space: no autospace next to it. */
static bool is_cjk_punct(uint32_t c)
{
	return (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFF0F) ||
	       (c >= 0xFF1A && c <= 0xFF20) || (c >= 0xFF3B && c <= 0xFF40) ||
	       (c >= 0xFF5B && c <= 0xFF65) || (c >= 0x2018 && c <= 0x201F) || c == 0x2026 ||
	       c == 0x2014;
}

static bool is_space(const atom *a)
{
	return a->kind == A_CHAR && (a->cp == ' ' || a->cp == 0xA0);
}

/* Metrics of a run's font (twips): the paragraph mark's for empty lines, and for first
 * lines of blanks only. LibreOffice measures an empty paragraph with the Latin font of its
 * own attributes, the paragraph mark's run properties included (SwTextFrame::EmptyHeight). */
static void rp_metrics(lay_ctx *L, const tb_rprops *rp, int *asc, int *height)
{
	bool sb;
	const tb_face *f = tb_fonts_resolve(L->fonts, rp->font_latin, rp->bold, rp->italic,
	                                    TB_SCRIPT_LATIN, &sb);
	float size = rp->size > 0 ? rp->size : 10.5f;
	if (f)
		lay_face_metrics(L, f, size, asc, height);
	else {
		*asc = lay_tw(size * 0.9f);
		*height = lay_tw(size * 1.15f);
	}
}

static tb_status push_glyphs(tb_dl_page *items, const atom *a, const float *xs, size_t s,
                             size_t e, float base)
{
	tb_dl_item it;
	size_t i, k = 0;
	memset(&it, 0, sizeof(it));
	it.kind = TB_DL_GLYPHS;
	it.u.glyphs.face = a[s].face;
	it.u.glyphs.size = a[s].size;
	it.u.glyphs.y = base + a[s].yoff;
	it.u.glyphs.color = a[s].in->rp.color;
	it.u.glyphs.synthetic_bold = a[s].sbold;
	it.u.glyphs.synthetic_italic = a[s].sitalic;
	it.u.glyphs.glyphs = malloc((e - s) * sizeof(tb_dl_glyph));
	if (!it.u.glyphs.glyphs)
		return TB_ENOMEM;
	for (i = s; i < e; i++) {
		it.u.glyphs.glyphs[k].cp = a[i].cp;
		it.u.glyphs.glyphs[k].x = xs[i] + a[i].lead + a[i].gx;
		k++;
	}
	it.u.glyphs.n = k;
	if (tb_dl_push(items, &it) != TB_OK) {
		free(it.u.glyphs.glyphs);
		return TB_ENOMEM;
	}
	return TB_OK;
}

static tb_status push_rule(tb_dl_page *items, float x1, float x2, float y, float w, tb_rgb c)
{
	return tb_dl_push_rule(items, x1, y, x2, y, w, c, 0);
}

static bool same_run(const atom *x, const atom *y)
{
	return x->kind == A_CHAR && y->kind == A_CHAR && x->face == y->face && x->size == y->size &&
	       x->yoff == y->yoff && x->in == y->in && x->sbold == y->sbold;
}

/* Emit the items of atoms [s, e) whose pen positions are xs. */
static tb_status emit_line(lay_ctx *L, tb_dl_page *items, const atom *a, const float *xs,
                           size_t s, size_t e, float base)
{
	size_t i = s, j;
	tb_status st = TB_OK;
	/* Highlights first, so text draws over them. */
	for (i = s; i < e && st == TB_OK; i++)
		if (a[i].kind == A_CHAR && a[i].in->rp.has_highlight)
			st = tb_dl_push_rect(items, xs[i], base - a[i].size * 0.88f, a[i].adv,
			                     a[i].size * 1.1f, a[i].in->rp.highlight);
	for (i = s; i < e && st == TB_OK; i = j) {
		j = i + 1;
		if (a[i].kind == A_ANCHOR && a[i].in->kind == TB_IN_NOTE_REF) {
			tb_dl_item it;
			memset(&it, 0, sizeof(it));
			it.kind = TB_DL_ANCHOR;
			it.u.anchor.x = xs[i];
			it.u.anchor.obj = a[i].in->note;
			st = tb_dl_push(items, &it);
			continue;
		}
		if (a[i].kind == A_IMAGE) {
			st = lay_picture(L, items, a[i].in, xs[i], base - a[i].ih, a[i].adv, a[i].ih);
			continue;
		}
		if (a[i].kind == A_TAB && a[i].in) {
			/* Leaders fill the whole tab, as LibreOffice's do; other leaders and
			 * underlined tabs (blanks to fill in on forms) are rules. */
			float x1 = xs[i], x2 = xs[i] + a[i].tw;
			float sz = a[i].size > 0 ? a[i].size : 10.5f;
			if (x2 > x1 && a[i].leader == 1 && a[i].face &&
			    tb_face_has(a[i].face, '.') && tb_face_advance(a[i].face, '.', sz) > 0.5f) {
				/* As LibreOffice fills a tab: as many whole periods as the tab's
				 * width holds, stretched evenly over all of it. */
				float adv = tb_face_advance(a[i].face, '.', sz);
				float pitch;
				size_t nd = (size_t)((x2 - x1 + 0.01f) / adv), d;
				tb_dl_item it;
				memset(&it, 0, sizeof(it));
				it.kind = TB_DL_GLYPHS;
				it.u.glyphs.face = a[i].face;
				it.u.glyphs.size = sz;
				it.u.glyphs.y = base;
				it.u.glyphs.color = a[i].in->rp.color;
				if (nd > 2000)
					nd = 2000;
				pitch = nd ? (x2 - x1) / (float)nd : adv;
				if (nd && !(it.u.glyphs.glyphs = malloc(nd * sizeof(tb_dl_glyph))))
					return TB_ENOMEM;
				for (d = 0; d < nd; d++) {
					it.u.glyphs.glyphs[d].cp = '.';
					it.u.glyphs.glyphs[d].x = x1 + (float)d * pitch;
				}
				it.u.glyphs.n = nd;
				if (nd && (st = tb_dl_push(items, &it)) != TB_OK)
					free(it.u.glyphs.glyphs);
			} else if (x2 > x1 && (a[i].leader || a[i].in->rp.underline)) {
				float y = base + (a[i].leader == 1 ? 0 : sz * 0.12f);
				st = tb_dl_push_rule(items, x1, y, x2, y,
				                     a[i].leader == 1 ? sz / 12.0f : sz / 18.0f,
				                     a[i].in->rp.color, a[i].leader == 1 || a[i].leader == 3);
			}
			continue;
		}
		if (a[i].kind != A_CHAR)
			continue;
		while (j < e && same_run(&a[i], &a[j]))
			j++;
		st = push_glyphs(items, a, xs, i, j, base);
		if (st == TB_OK && (a[i].in->rp.underline || a[i].in->rp.strike)) {
			float x2 = xs[j - 1] + a[j - 1].adv, sz = a[i].size;
			size_t k = j;
			while (k > i && is_space(&a[k - 1]) && k == e) /* no underline on trailing spaces */
				x2 = xs[--k] ;
			if (a[i].in->rp.underline)
				st = push_rule(items, xs[i], x2, base + a[i].yoff + sz * 0.12f, sz / 18.0f,
				               a[i].in->rp.color);
			if (st == TB_OK && a[i].in->rp.strike)
				st = push_rule(items, xs[i], x2, base + a[i].yoff - sz * 0.3f, sz / 18.0f,
				               a[i].in->rp.color);
		}
	}
	return st;
}

/* Width of atom i placed at pen position x (tabs depend on where they start): explicit
 * stops first (left, center, right: the text up to the next tab is measured), then the
 * hanging indent, then default stops counted from the margin. */
static float atom_width(atom *a, size_t i, size_t n, float x, const tb_pprops *pp, float tab,
                        float gw)
{
	int k;
	if (a[i].gstart && gw > 0) {
		/* A Latin run in a character grid starts on a grid line. */
		a[i].lead = ceilf(x / gw - 0.001f) * gw - x;
		if (a[i].lead < 0)
			a[i].lead = 0;
		return a[i].lead + a[i].adv;
	}
	if (a[i].kind != A_TAB)
		return a[i].adv;
	a[i].leader = 0;
	a[i].tpos = 0;
	for (k = 0; k < pp->ntabs; k++) {
		const tb_tab *t = &pp->tabs[k];
		float seg = 0, w;
		size_t j;
		if (t->pos <= x + 0.01f)
			continue;
		for (j = i + 1; j < n && a[j].kind != A_TAB && a[j].kind != A_LINEBREAK &&
		                a[j].kind != A_PAGEBREAK; j++)
			seg += a[j].adv;
		w = t->align == 1 ? t->pos - x - seg / 2 : t->align >= 2 ? t->pos - x - seg : t->pos - x;
		a[i].leader = t->leader;
		a[i].tpos = t->pos;
		return w > 0 ? w : 0;
	}
	if (x < pp->ind_left - 0.01f)
		return pp->ind_left - x;
	return (floorf(x / tab + 0.001f) + 1) * tab - x;
}

/* Can justification add space after atom i (before i+1)? Between East Asian characters,
 * after spaces; never inside a Latin word or number. */
static bool expandable(const atom *a, size_t i)
{
	if (a[i].kind == A_BOOKMARK || a[i + 1].kind == A_BOOKMARK || a[i].kind == A_ANCHOR ||
	    a[i + 1].kind == A_ANCHOR)
		return false;
	if (is_space(&a[i]))
		return true;
	if (is_space(&a[i + 1]))
		return false;
	return a[i].ea || a[i + 1].ea || a[i].kind == A_IMAGE || a[i + 1].kind == A_IMAGE;
}

static tb_status para_decor(lay_line *ln, const tb_pprops *pp, float width, bool first,
                           bool last)
{
	float x1 = pp->ind_left, x2 = width - pp->ind_right;
	tb_status st = TB_OK;
	if (pp->has_shading) {
		/* The rectangle must lie under the text: put it first. */
		tb_dl_item it;
		memset(&it, 0, sizeof(it));
		it.kind = TB_DL_RECT;
		it.u.rect.x = x1;
		it.u.rect.y = 0;
		it.u.rect.w = x2 - x1;
		it.u.rect.h = ln->height;
		it.u.rect.color = pp->shading;
		if ((st = tb_dl_push(&ln->items, &it)) != TB_OK)
			return st;
		memmove(ln->items.items + 1, ln->items.items,
		        (ln->items.n - 1) * sizeof(tb_dl_item));
		ln->items.items[0] = it;
	}
	/* Borders and their distance from the text take room inside the paragraph's
	 * spacing. */
	if (first && pp->bd_top.width > 0 && pp->bd_top.style) {
		float room = pp->bd_top.width + pp->bd_top.space;
		ln->before += room;
		ln->before_top += room;
		st = push_rule(&ln->items, x1, x2, -pp->bd_top.space - pp->bd_top.width / 2,
		               pp->bd_top.width, pp->bd_top.color);
	}
	if (st == TB_OK && last && pp->bd_bottom.width > 0 && pp->bd_bottom.style) {
		float h = ln->height;
		ln->height += pp->bd_bottom.width + pp->bd_bottom.space;
		st = push_rule(&ln->items, x1, x2, h + pp->bd_bottom.space + pp->bd_bottom.width / 2,
		               pp->bd_bottom.width, pp->bd_bottom.color);
	}
	return st;
}

static char *para_text(const atom *a, size_t n)
{
	tb_buf b = TB_BUF_INIT;
	size_t i;
	char u[4];
	tb_buf_init(&b, 400);
	for (i = 0; i < n; i++)
		if (a[i].kind == A_CHAR && b.len + 4 < 400)
			tb_buf_put(&b, u, tb_utf8_encode(a[i].cp, u));
	if (!b.data)
		tb_buf_puts(&b, "");
	return tb_buf_detach(&b, NULL);
}

/* Autospace (ParaIsCharacterDistance): at a boundary between East Asian and other script
 * where both neighbours are letters or digits, a fifth of the font size (truncated to
 * twips) of the text after the boundary. Off inside a character grid. */
static void autospace(para_state *ps)
{
	size_t i;
	for (i = 0; i + 1 < ps->n; i++) {
		atom *x = &ps->a[i], *y = &ps->a[i + 1];
		if (x->kind != A_CHAR || y->kind != A_CHAR || x->ea == y->ea)
			continue;
		if ((x->ea && is_alnum(y->cp) && !is_cjk_punct(x->cp)) ||
		    (y->ea && is_alnum(x->cp) && !is_cjk_punct(y->cp))) {
			float sp = (float)(lay_tw(y->size) / 5) / 20.0f;
			x->adv += sp;
			x->trail += sp;
		}
	}
}

/* Is c placed at the left of its cells under snapToChars (、。 and closing brackets), or at
 * the right (opening brackets)? -1 left, 1 right, 0 centred. */
static int grid_side(uint32_t c)
{
	switch (c) {
	case 0x3001: case 0x3002: case 0xFF0C: case 0xFF0E: case 0x3009: case 0x300B:
	case 0x300D: case 0x300F: case 0x3011: case 0x3015: case 0x3017: case 0xFF09:
	case 0xFF3D: case 0xFF5D: case 0x201D: case 0x2019:
		return -1;
	case 0x3008: case 0x300A: case 0x300C: case 0x300E: case 0x3010: case 0x3014:
	case 0x3016: case 0xFF08: case 0xFF3B: case 0xFF5B: case 0x201C: case 0x2018:
		return 1;
	}
	return 0;
}

/* The character grid (linesAndChars, snapToChars; SwTextSizeInfo and justify.cxx
 * SnapToGrid): each East Asian character takes whole cells of width gw, at their left, or
 * centred with snapToChars; a run of other characters starts on a grid line (atom_width)
 * and is padded to whole cells, the padding split before and after with snapToChars. */
static void char_grid(para_state *ps, float gw, bool snap)
{
	size_t i = 0, j;
	while (i < ps->n) {
		atom *a = &ps->a[i];
		if (a->kind != A_CHAR) {
			i++;
			continue;
		}
		if (a->ea) {
			float cell = ceilf(a->adv / gw - 0.001f) * gw, pad = cell - a->adv;
			int side = snap ? grid_side(a->cp) : -1;
			if (cell < gw)
				cell = gw, pad = gw - a->adv;
			a->gx = side < 0 ? 0 : side > 0 ? pad : pad / 2;
			a->adv = cell;
			a->trail = 0;
			i++;
			continue;
		}
		{
			float w = 0, cells, pad;
			for (j = i; j < ps->n && ps->a[j].kind == A_CHAR && !ps->a[j].ea; j++)
				w += ps->a[j].adv;
			cells = ceilf(w / gw - 0.001f) * gw;
			pad = cells - w;
			ps->a[i].gstart = true;
			if (snap)
				for (size_t k = i; k < j; k++)
					ps->a[k].gx = pad / 2;
			ps->a[j - 1].adv += pad;
			i = j;
		}
	}
}

/* The space above the paragraph's first line, after what the previous one left below.
 * Autospacing does not apply before a cell's first paragraph (LibreOffice's
 * finishParagraph). */
static void para_spacing(lay_ctx *L, const tb_block *b, lay_lines *out, size_t first_line)
{
	lay_line *fl = &out->v[first_line];
	const lay_line *prev = first_line > 0 ? &out->v[first_line - 1] : NULL;
	float before = L->cell_first && b->pp.before_auto ? 0 : b->pp.space_before;
	float leading = b->pp.line_leading > 0 ? b->pp.line_leading : 0;
	fl->before_top = before + leading;
	if (prev && prev->para)
		fl->before = lay_para_gap(L, prev, b) - prev->after + leading;
	else
		fl->before = before + leading;
}

tb_status lay_para(lay_ctx *L, const tb_block *b, float width, lay_lines *out)
{
	return lay_para_cut(L, b, width, NULL, 0, out);
}

tb_status lay_para_cut(lay_ctx *L, const tb_block *b, float width, const lay_cut *cuts,
                       size_t ncuts, lay_lines *out)
{
	para_state ps;
	const tb_pprops *pp = &b->pp;
	const tb_inline *in;
	uint32_t *text = NULL;
	char *brks = NULL, *seal = NULL;
	float *xs = NULL, unit, first;
	void *work = NULL;
	size_t work_cap = 0;
	float tab = L->doc->default_tab > 0 ? L->doc->default_tab : DEFAULT_TAB;
	size_t i, s, first_line = out->n;
	tb_status st = TB_OK;
	int mark_asc, mark_h, font_asc, font_h, last_h = 0;
	lay_line *ln_rest;
	float base_rest;
	bool lead_break = false, after_break = false;
	bool hang = L->in_cell == 0 && !pp->no_hanging_punct;
	float gw = lay_grid_applies(L, pp) && L->sect->grid_chars ? L->sect->char_pitch : 0;
	memset(&ps, 0, sizeof(ps));
	ps.L = L;
	ps.b = b;
	ps.script = LAY_LATIN; /* a paragraph's leading weak characters: the locale's script */
	ps.a = L->spare_atoms; /* borrowed: a paragraph laid out inside this one finds none */
	ps.cap = L->spare_atoms_cap;
	L->spare_atoms = NULL;
	L->spare_atoms_cap = 0;
	if (b->prefix) {
		/* The list label: its own properties (a bullet's font), else the first run's, else
		 * the paragraph mark's; then a tab to the next stop, a space, or nothing. */
		atom ta;
		memset(&ps.prefix_in, 0, sizeof(ps.prefix_in));
		ps.prefix_in.kind = TB_IN_TEXT;
		ps.prefix_in.rp = b->prefix_rp ? *b->prefix_rp :
		                  b->first && b->first->kind == TB_IN_TEXT ? b->first->rp : pp->mark;
		st = add_text(&ps, &ps.prefix_in, b->prefix, strlen(b->prefix));
		memset(&ta, 0, sizeof(ta));
		ta.kind = A_TAB;
		ta.cp = ' ';
		ta.in = &ps.prefix_in;
		if (st == TB_OK && ps.n && b->prefix_suffix == 0)
			st = push_atom(&ps, &ta);
		else if (st == TB_OK && ps.n && b->prefix_suffix == 1)
			st = add_text(&ps, &ps.prefix_in, " ", 1);
	}
	for (in = b->first; in && st == TB_OK; in = in->next) {
		if (in->kind == TB_IN_BOOKMARK && in->len > 3 && !seal &&
		    !(seal = strndup(in->text + 3, in->len - 3 > 128 ? 128 : in->len - 3))) {
			st = TB_ENOMEM; /* else the seal's field would be left out */
			break;
		}
		st = add_inline(&ps, in, width - pp->ind_left - pp->ind_right);
	}
	if (ps.truncated && L->missing_warned < 100) {
		L->missing_warned++;
		tb_warn(L->ctx, "layout.limit", L->doc->part, b->line, 0,
		        "Split the paragraph into several.",
		        "a paragraph has more than %d characters; the rest is left out", MAX_ATOMS);
	}
	if (gw > 0)
		char_grid(&ps, gw, L->sect->grid_snap_chars);
	else if (!pp->no_autospace)
		autospace(&ps);
	rp_metrics(L, &pp->mark, &mark_asc, &mark_h);
	rp_metrics(L, pp->font.size > 0 ? &pp->font : &pp->mark, &font_asc, &font_h);
	unit = pp->mark.size > 0 ? pp->mark.size : 10.5f;
	first = pp->ind_first_chars > 0 ? pp->ind_first_chars * unit :
	        pp->ind_hanging_chars > 0 ? -pp->ind_hanging_chars * unit : pp->ind_first;
	if (st != TB_OK)
		goto cleanup;
	/* text, positions and breaks in one block, borrowed like the atoms */
	work = L->spare_work;
	work_cap = L->spare_work_cap;
	L->spare_work = NULL;
	L->spare_work_cap = 0;
	if (work_cap < (ps.n + 1) * (sizeof(uint32_t) + sizeof(float) + 1)) {
		free(work);
		work_cap = (ps.n + 1) * (sizeof(uint32_t) + sizeof(float) + 1);
		if (work_cap < 4096)
			work_cap = 4096;
		if (!(work = malloc(work_cap))) {
			work_cap = 0;
			st = TB_ENOMEM;
			goto cleanup;
		}
	}
	text = work;
	xs = (float *)(text + ps.n + 1);
	brks = (char *)(xs + ps.n + 1);
	for (i = 0; i < ps.n; i++) {
		uint32_t c = ps.a[i].cp;
		if (c >= 0xFF10 && c <= 0xFF19) /* full-width digits break like ASCII ones */
			c = c - 0xFF10 + '0';
		text[i] = c;
	}
	tb_linebreaks(text, ps.n, brks);
	for (i = 0; i < ps.n; i++)
		if (ps.a[i].kind == A_LINEBREAK || ps.a[i].kind == A_PAGEBREAK)
			brks[i] = TB_LB_MUST;
	/* A page break that starts the paragraph is a break before it, as LibreOffice's DOCX
	 * import makes it; one inside splits the paragraph, so the line after it starts a
	 * paragraph again (indent, spacing before at the page top); one at the end breaks
	 * before the next paragraph. */
	for (i = 0; i < ps.n && ps.a[i].kind == A_BOOKMARK; i++)
		;
	if (i + 1 < ps.n && ps.a[i].kind == A_PAGEBREAK) {
		size_t j = i + 1;
		while (j < ps.n && ps.a[j].kind == A_BOOKMARK)
			j++;
		if (j < ps.n) {
			ps.a[i].kind = A_BOOKMARK;
			lead_break = true;
		}
	}
	/* A page break ending the document's last paragraph breaks before nothing: LibreOffice
	 * makes no page for it (its DOCX import defers the break to a next paragraph). */
	if (L->doc_last) {
		size_t j = ps.n;
		while (j > 0 && ps.a[j - 1].kind == A_BOOKMARK)
			j--;
		if (j > 0 && ps.a[j - 1].kind == A_PAGEBREAK && !ps.a[j - 1].leader)
			ps.a[j - 1].kind = A_BOOKMARK;
	}
	s = 0;
	do {
		/* One line from atom s. */
		bool is_first = out->n == first_line || after_break;
		size_t lno = out->n - first_line;
		float cut_l = lno < ncuts ? cuts[lno].left : 0, cut_r = lno < ncuts ? cuts[lno].right : 0;
		float left = pp->ind_left + (is_first ? first : 0) + cut_l;
		float avail = width - left - pp->ind_right - cut_r, x = 0, fit_w = 0, lim;
		float height, base, extra, shift = 0, gap = 0;
		int asc = 0, desc = 0, text_h = 0, tasc = 0, tdesc = 0;
		size_t e = s, last_ok = (size_t)-1, end, vis_end, ngaps = 0, k;
		bool forced = false, last_line, counted = false;
		lay_line *ln;
		if (avail < 1)
			avail = 1;
		lim = avail;
		for (e = s; e < ps.n; e++) {
			float w = atom_width(ps.a, e, ps.n, left + x, pp, tab, gw);
			if (ps.a[e].kind == A_LINEBREAK || ps.a[e].kind == A_PAGEBREAK) {
				e++;
				forced = true;
				break;
			}
			/* TabOverMargin (LibreOffice's DOCX setting): after a tab to a stop beyond
			 * the right margin the line reaches that stop; a right-aligned number
			 * there stays on the line, past the margin (SwTextFormatInfo::GetLineWidth). */
			if (ps.a[e].kind == A_TAB && L->doc->compat.tab_over_margin &&
			    ps.a[e].tpos - left > lim)
				lim = ps.a[e].tpos - left;
			/* A character's own spacing may overflow the margin. */
			if (!is_space(&ps.a[e]) && x + w - ps.a[e].trail > lim + 0.01f && e > s) {
				/* Hanging punctuation: the first character that overflows stays on the
				 * line, beyond the margin, when the zh break iterator would break after
				 * it (outside tables); not into a floating object's room beside the
				 * line, as LibreOffice (floats.docx). */
				if (hang && cut_r <= 0 && ps.a[e].kind == A_CHAR && ps.a[e].ea &&
				    lay_hanging_char(ps.a[e].cp) && brks[e] != TB_LB_NO) {
					e++;
					break;
				}
				if (last_ok != (size_t)-1)
					e = last_ok + 1;
				break;
			}
			x += w;
			if (brks[e] == TB_LB_ALLOW)
				last_ok = e;
		}
		end = e;
		/* Visible end: drop trailing spaces and the break itself. */
		vis_end = end;
		while (vis_end > s && (is_space(&ps.a[vis_end - 1]) ||
		                       ps.a[vis_end - 1].kind == A_LINEBREAK ||
		                       ps.a[vis_end - 1].kind == A_PAGEBREAK))
			vis_end--;
		x = 0;
		for (k = s; k < end; k++) {
			xs[k] = x;
			ps.a[k].tw = atom_width(ps.a, k, ps.n, left + x, pp, tab, gw);
			x += ps.a[k].tw;
			if (k < vis_end) {
				const atom *a = &ps.a[k];
				fit_w = x;
				/* The line's ascent and descent are the largest of its portions'
				 * (SwLineLayout::CalcLine); a first line does not count blanks and
				 * tabs (IgnoreTabsAndBlanksForLineCalculation). */
				if (a->kind == A_BOOKMARK || (a->lh == 0 && a->lasc == 0))
					continue;
				if (is_first && L->doc->compat.ignore_blank_lines &&
				    (a->kind == A_TAB || is_space(a)))
					continue;
				counted = true;
				if (a->kind != A_IMAGE) { /* the last line's height leaves images out */
					if (a->lasc > tasc)
						tasc = a->lasc;
					if (a->lh - a->lasc > tdesc)
						tdesc = a->lh - a->lasc;
				}
				if (a->lh > text_h)
					text_h = a->lh;
				if (a->lasc > asc)
					asc = a->lasc;
				if (a->lh - a->lasc > desc)
					desc = a->lh - a->lasc;
			}
		}
		if (!counted && ps.n == 0) {
			/* An empty paragraph: the paragraph mark's font (SwTextFrame::EmptyHeight). */
			asc = mark_asc;
			desc = mark_h - mark_asc;
			text_h = mark_h;
		} else if (!counted) {
			/* A line of blanks: the paragraph's font, without the paragraph mark's
			 * properties (LibreOffice gives those to empty paragraphs only). */
			asc = font_asc;
			desc = font_h - font_asc;
			text_h = font_h;
		}
		last_line = end >= ps.n;
		/* The last character's own spacing does not count at an automatic break. */
		if (!last_line && !forced && vis_end > s)
			fit_w -= ps.a[vis_end - 1].trail;
		extra = avail - fit_w;
		for (k = s; k + 1 < vis_end; k++)
			if (expandable(ps.a, k))
				ngaps++;
		if (pp->align == TB_ALIGN_CENTER ||
		    (pp->align == TB_ALIGN_JUSTIFY && pp->last_center && (last_line || forced)))
			shift = extra / 2;
		else if (pp->align == TB_ALIGN_RIGHT)
			shift = extra;
		else if (extra > 0 && ((pp->align == TB_ALIGN_JUSTIFY && !last_line && !forced) ||
		                       pp->align == TB_ALIGN_DISTRIBUTE)) {
			if (ngaps)
				gap = extra / (float)ngaps;
			else if (pp->align == TB_ALIGN_DISTRIBUTE)
				shift = extra / 2; /* one character: centred */
		}
		if (gap > 0) {
			float add = 0;
			for (k = s; k < end; k++) {
				xs[k] += add;
				if (k + 1 < vis_end && expandable(ps.a, k))
					add += gap;
			}
		}
		for (k = s; k < end; k++)
			xs[k] += left + shift;
		if ((st = lay_lines_push(out, &ln)) != TB_OK)
			goto cleanup;
		lay_line_box(L, pp, asc, asc + desc, text_h, is_first, &height, &base,
		             &ln->line_extra);
		/* In a line grid an empty left-aligned paragraph is one pitch, whatever its
		 * font (SwTextFrame::FormatEmpty; other alignments take the normal path). */
		if (ps.n == 0 && lay_grid_applies(L, pp) && pp->align == TB_ALIGN_LEFT &&
		    pp->line_rule == TB_LINE_MULTIPLE)
			height = lay_grid_pitch(L->sect);
		/* What the next paragraph's proportional spacing is a share of: the text of
		 * the last line, images left out (SwTextFrame::CalcHeightOfLastLine). */
		last_h = tasc + tdesc > 0 ? tasc + tdesc : counted ? font_h : asc + desc;
		ln->height = height;
		ln->keep_next = pp->keep_lines;
		ln->page_break_after = end > s && ps.a[end - 1].kind == A_PAGEBREAK &&
		                       !ps.a[end - 1].leader;
		ln->column_break_after = end > s && ps.a[end - 1].kind == A_PAGEBREAK &&
		                         ps.a[end - 1].leader;
		if (after_break)
			ln->before_top = pp->space_before;
		/* After a page or column break the rest is a paragraph again. */
		after_break = end > s && ps.a[end - 1].kind == A_PAGEBREAK;
		if ((st = emit_line(L, &ln->items, ps.a, xs, s, vis_end, base)) != TB_OK)
			goto cleanup;
		/* A paragraph ending with a line break has one more, empty line in the font of
		 * the break. */
		if (last_line && forced && ps.a[end - 1].kind == A_LINEBREAK) {
			int ba, bh;
			rp_metrics(L, &ps.a[end - 1].in->rp, &ba, &bh);
			if ((st = lay_lines_push(out, &ln)) != TB_OK)
				goto cleanup;
			lay_line_box(L, pp, ba, bh, bh, false, &ln->height, &base, &ln->line_extra);
			last_h = bh;
			ln->keep_next = pp->keep_lines;
		}

		s = end;
	} while (s < ps.n);
	/* splitPgBreakAndParaMark (Word 2003 documents): a page break ending the paragraph
	 * keeps the paragraph mark apart, so LibreOffice's import starts the next page with
	 * the paragraph's empty remainder, one line in the mark's font (en-word-52). */
	if (L->doc->compat.split_pg_break && after_break && !L->doc_last && out->n > first_line &&
	    out->v[out->n - 1].page_break_after) {
		if ((st = lay_lines_push(out, &ln_rest)) != TB_OK)
			goto cleanup;
		lay_line_box(L, pp, mark_asc, mark_h, mark_h, true, &ln_rest->height, &base_rest,
		             &ln_rest->line_extra);
		ln_rest->before_top = pp->space_before;
		ln_rest->keep_next = pp->keep_lines;
		last_h = mark_h;
	}
	para_spacing(L, b, out, first_line);
	out->v[first_line].page_break_before = pp->page_break_before || lead_break;
	/* Nor after a cell's last one. */
	out->v[out->n - 1].after = L->cell_last && (pp->after_auto ||
	                                            !L->doc->compat.para_space_in_cells) ?
	                           0 : pp->space_after;
	out->v[out->n - 1].para = b;
	out->v[out->n - 1].prop_extra = lay_prop_extra(L, pp, last_h);
	/* keep-with-next: the last line stays with what follows. */
	out->v[out->n - 1].keep_next = pp->keep_next;
	if (pp->keep_lines)
		for (i = first_line; i + 1 < out->n; i++)
			out->v[i].keep_next = true;
	/* Widow and orphan control: the first two and the last two lines stay together. */
	if (!pp->no_widow_control && out->n - first_line >= 2) {
		out->v[first_line].keep_next = true;
		out->v[out->n - 2].keep_next = true;
	}
	/* Floating objects are placed from the paragraph's top: their anchors go on its first
	 * line; so does the mark of a paragraph a STYLEREF field may show. */
	if (L->track_styles && b->style && !L->no_grid) {
		tb_dl_item it;
		memset(&it, 0, sizeof(it));
		it.kind = TB_DL_ANCHOR;
		it.u.anchor.obj = b;
		it.u.anchor.what = 2;
		st = tb_dl_push(&out->v[first_line].items, &it);
	}
	for (in = b->first; in && st == TB_OK; in = in->next)
		if (in->kind == TB_IN_FLOAT && in->fl) {
			tb_dl_item it;
			memset(&it, 0, sizeof(it));
			it.kind = TB_DL_ANCHOR;
			it.u.anchor.obj = in->fl;
			it.u.anchor.what = 1;
			st = tb_dl_push(&out->v[first_line].items, &it);
		}
	/* Paragraph shading behind every line, borders above the first and below the last. */
	if (pp->has_shading || pp->bd_top.width > 0 || pp->bd_bottom.width > 0)
		for (i = first_line; i < out->n && st == TB_OK; i++)
			st = para_decor(&out->v[i], pp, width, i == first_line, i + 1 == out->n);
	if (seal && st == TB_OK) {
		lay_line *fl = &out->v[first_line];
		float h = 0;
		for (i = first_line; i < out->n; i++)
			h += out->v[i].height;
		fl->seal = seal;
		seal = NULL;
		fl->seal_label = para_text(ps.a, ps.n);
		if (!fl->seal_label)
			st = TB_ENOMEM;
		fl->seal_h = h;
		fl->seal_w = width;
	}
cleanup:
	free(seal);
	/* back for the next paragraph, unless one laid out inside this one left its own */
	if (!L->spare_work) {
		L->spare_work = work;
		L->spare_work_cap = work_cap;
	} else {
		free(work);
	}
	if (!L->spare_atoms) {
		L->spare_atoms = ps.a;
		L->spare_atoms_cap = ps.cap;
	} else {
		free(ps.a);
	}
	return st;
}
