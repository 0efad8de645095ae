/* notes.c: footnotes at the foot of the page their reference lands on, and endnotes after
 * the body. A line with a reference takes its note along: it goes to the next page when the
 * line and the note do not both fit (the footnote area grows up from the bottom margin, so
 * the text above it gets shorter). The area starts with a separator: a rule over a quarter
 * of the text width, as LibreOffice draws it. A table row takes its cells' notes along
 * the same way (lay_notes_reserve); notes referenced from text boxes, and from the part of a
 * row split across pages, come onto the page when it is finished (lay_resolve_anchors). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "layout/lay.h"

/* Space of the separator block above the first note: LibreOffice's default of a 0.5 pt
 * rule with some room above and below. */
#define SEP_ABOVE 6.0f
#define SEP_BELOW 4.0f

/* The separator block: the space above the rule, the rule, the space below it (ODF's
 * style:footnote-sep when the page layout has one; fr-lo-38's 0.101 cm + 0.018 cm + 0.101 cm
 * leave room for one more body line than the defaults above). */
static float sep_above(const lay_ctx *L)
{
	return L->sect->fn_sep ? L->sect->fn_sep_above : SEP_ABOVE;
}

static float sep_height(const lay_ctx *L)
{
	const tb_section *s = L->sect;
	return s->fn_sep ? s->fn_sep_above + s->fn_sep_width + s->fn_sep_below : SEP_ABOVE + SEP_BELOW;
}

bool lay_page_done(lay_ctx *L, const void *obj)
{
	size_t i;
	for (i = 0; i < L->pg.ndone; i++)
		if (L->pg.done[i] == obj)
			return true;
	return false;
}

tb_status lay_page_mark_done(lay_ctx *L, const void *obj)
{
	if (L->pg.ndone == L->pg.capdone) {
		size_t cap = L->pg.capdone ? L->pg.capdone * 2 : 16;
		const void **nd = realloc(L->pg.done, cap * sizeof(*nd));
		if (!nd)
			return TB_ENOMEM;
		L->pg.done = nd;
		L->pg.capdone = cap;
	}
	L->pg.done[L->pg.ndone++] = obj;
	return TB_OK;
}

void lay_page_reset(lay_ctx *L)
{
	lay_lines_free(&L->pg.notes);
	L->pg.notes_h = 0;
	L->pg.ndone = 0;
	L->pg.nexcl = 0;
}

/* The text width of the page (notes span it whatever the columns). */
static float text_width(const lay_ctx *L)
{
	const tb_section *s = L->sect;
	return s->page_w - s->mar_left - s->mar_right;
}

static float lines_height(const lay_lines *ls, size_t from)
{
	float h = 0;
	size_t i;
	for (i = from; i < ls->n; i++)
		h += ls->v[i].before + ls->v[i].height + ls->v[i].after;
	return h;
}

tb_status lay_notes_collect(lay_flow *f, const tb_dl_page *items, lay_lines *out, float *h)
{
	lay_ctx *L = f->L;
	size_t i, j, first = out->n;
	tb_status st = TB_OK;
	*h = 0;
	for (i = 0; i < items->n && st == TB_OK; i++) {
		const tb_dl_item *it = &items->items[i];
		const tb_note *note;
		bool seen = false;
		if (it->kind != TB_DL_ANCHOR || it->u.anchor.what != 0)
			continue;
		note = it->u.anchor.obj;
		if (!note || note->endnote || lay_page_done(L, note))
			continue;
		for (j = 0; j < i; j++) /* the same reference twice in one line */
			if (items->items[j].kind == TB_DL_ANCHOR && items->items[j].u.anchor.obj == note)
				seen = true;
		if (seen || L->depth >= 16)
			continue;
		L->depth++;
		L->no_grid++;
		st = lay_blocks(L, note->body.first, text_width(L), out);
		L->no_grid--;
		L->depth--;
		/* The notes of one line are one unit: no keep flags from inside them. */
	}
	if (st == TB_OK && out->n > first) {
		*h = lines_height(out, first);
		if (L->pg.notes.n == 0)
			*h += sep_height(L);
	}
	return st;
}

tb_status lay_notes_commit(lay_flow *f, lay_lines *ls, float h)
{
	lay_ctx *L = f->L;
	size_t i;
	tb_status st = TB_OK;
	for (i = 0; i < ls->n && st == TB_OK; i++) {
		lay_line *dst;
		if ((st = lay_lines_push(&L->pg.notes, &dst)) != TB_OK)
			break;
		*dst = ls->v[i];
		memset(&ls->v[i], 0, sizeof(ls->v[i]));
	}
	ls->n = 0;
	L->pg.notes_h += h;
	if (f->out && f->grid_floor > 0)
		lay_flow_set_bottom(f); /* whole pitches above the notes */
	else if (f->out)
		f->bottom -= h;
	return st;
}

/* Mark the notes referenced in `items` as on this page. */
static tb_status mark_notes(lay_ctx *L, const tb_dl_page *items)
{
	size_t i;
	tb_status st = TB_OK;
	for (i = 0; i < items->n && st == TB_OK; i++)
		if (items->items[i].kind == TB_DL_ANCHOR && items->items[i].u.anchor.what == 0 &&
		    items->items[i].u.anchor.obj && !lay_page_done(L, items->items[i].u.anchor.obj))
			st = lay_page_mark_done(L, items->items[i].u.anchor.obj);
	return st;
}

tb_status lay_notes_reserve(lay_flow *f, const tb_dl_page *refs, lay_lines *ls, float h)
{
	tb_status st = lay_notes_commit(f, ls, h);
	return st == TB_OK ? mark_notes(f->L, refs) : st;
}

tb_status lay_notes_flush(lay_flow *f)
{
	lay_ctx *L = f->L;
	const tb_section *s = L->sect;
	static const tb_rgb black = {0, 0, 0};
	float y, x = s->mar_left;
	size_t i;
	tb_status st = TB_OK;
	if (!L->pg.notes.n || !f->page)
		return TB_OK;
	y = f->page_bottom - L->pg.notes_h;
	if (y < f->top)
		y = f->top; /* notes taller than the page: they run over the bottom margin */
	{
		float w = s->fn_sep ? s->fn_sep_width : 0.5f, ry = y + sep_above(L) + (s->fn_sep ? w / 2 : 0);
		if (w > 0)
			st = tb_dl_push_rule(f->page, x, ry, x + text_width(L) / 4, ry, w, black, 0);
	}
	y += sep_height(L);
	for (i = 0; i < L->pg.notes.n && st == TB_OK; i++) {
		const lay_line *ln = &L->pg.notes.v[i];
		st = lay_copy_items(f->page, &ln->items, x, y + ln->before);
		y += ln->before + ln->height + ln->after;
	}
	lay_lines_free(&L->pg.notes);
	L->pg.notes_h = 0;
	return st;
}

/* Used by lay_flow_place_line: reserve room for the line's notes, breaking the page first
 * when the line and its notes do not fit. */
tb_status lay_notes_for_line(lay_flow *f, const lay_line *ln, bool may_break)
{
	lay_lines tmp = {0};
	float h = 0;
	tb_status st;
	size_t i;
	bool any = false;
	for (i = 0; i < ln->items.n && !any; i++)
		any = ln->items.items[i].kind == TB_DL_ANCHOR && ln->items.items[i].u.anchor.what == 0;
	if (!any || !f->out)
		return TB_OK;
	if ((st = lay_notes_collect(f, &ln->items, &tmp, &h)) != TB_OK)
		goto done;
	if (may_break && !f->fresh && h > 0 &&
	    f->y + ln->before + ln->height > f->bottom - h + 0.01f) {
		if ((st = lay_flow_new_page(f)) != TB_OK)
			goto done;
		/* On the new page (or column) the separator may be needed again. */
		lay_lines_free(&tmp);
		if ((st = lay_notes_collect(f, &ln->items, &tmp, &h)) != TB_OK)
			goto done;
	}
	if ((st = lay_notes_commit(f, &tmp, h)) == TB_OK)
		st = mark_notes(f->L, &ln->items);
done:
	lay_lines_free(&tmp);
	return st;
}

#define ENDNOTE_MARGIN (72.0f * 2 / 2.54f)

tb_status lay_endnotes(lay_flow *f)
{
	lay_ctx *L = f->L;
	const tb_note *n;
	lay_lines ls = {0};
	tb_status st = TB_OK;
	if (!L->doc->endnotes || !f->out)
		return TB_OK;
	/* LibreOffice puts endnotes on pages of their own after the text, in its Endnote page
	 * style: the section's page size, 2 cm margins, one column. */
	if ((st = lay_flow_page_break(f)) != TB_OK) /* the last page is finished first */
		return st;
	f->ncols = 1;
	f->col_x[0] = f->left = ENDNOTE_MARGIN;
	f->col_w[0] = f->width = L->sect->page_w - 2 * ENDNOTE_MARGIN;
	f->col_top = f->col_maxy = f->y = f->top = ENDNOTE_MARGIN;
	f->bottom = f->page_bottom = L->sect->page_h - ENDNOTE_MARGIN;
	f->grid_floor = 0;
	for (n = L->doc->endnotes; n && st == TB_OK; n = n->next)
		st = lay_blocks(L, n->body.first, f->width, &ls);
	if (st == TB_OK)
		st = lay_place_lines(f, &ls, 0);
	lay_lines_free(&ls);
	return st;
}
