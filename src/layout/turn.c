/* turn.c: vertical text in table cells. The cell's lines are laid out as if horizontal, at
 * the cell's height, and placed turned, as LibreOffice draws w:textDirection and
 * style:writing-mode: bottom to top with every glyph turned counterclockwise (btLr), or top
 * to bottom with lines from right to left, East Asian characters upright and the rest turned
 * clockwise (tbRl). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "layout/lay.h"

/* Where the point (u, v) of the lines' frame lands on the page. */
static void to_page(const lay_turn *t, float u, float v, float *x, float *y)
{
	if (t->dir == TB_TEXT_BTLR)
		*x = t->ox + v, *y = t->oy - u;
	else
		*x = t->ox - v, *y = t->oy + u;
}

/* Characters that stand upright in top-to-bottom text: Unicode's vertical orientation U and
 * Tu (UAX #50), simplified; brackets, the long vowel mark and the wave dash turn with Latin
 * text (their vertical forms are the turned shapes). */
static bool upright(uint32_t cp)
{
	if (cp >= 0x3008 && cp <= 0x301C)
		return cp == 0x3012 || cp == 0x3013; /* 〒〓 stand; 〈〉《》「」『』【】〔〕…〜 turn */
	if (cp == 0x30FC || cp == 0xFF08 || cp == 0xFF09 || cp == 0xFF0D || cp == 0xFF1A ||
	    cp == 0xFF1B || (cp >= 0xFF1C && cp <= 0xFF1E) || cp == 0xFF3B || cp == 0xFF3D ||
	    cp == 0xFF3F || (cp >= 0xFF5B && cp <= 0xFF60) || cp == 0xFFE3)
		return false;
	return (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
	       (cp >= 0xA960 && cp <= 0xA97F) || (cp >= 0xAC00 && cp <= 0xD7FF) ||
	       (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE10 && cp <= 0xFE1F) ||
	       (cp >= 0xFE30 && cp <= 0xFE6F) || (cp >= 0xFF01 && cp <= 0xFF60) ||
	       (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F200 && cp <= 0x1F2FF) ||
	       (cp >= 0x20000 && cp <= 0x3FFFF);
}

static tb_status push_run(tb_dl_page *dst, const tb_dl_item *src, size_t s, size_t e,
                          const lay_turn *t, float v0)
{
	tb_dl_item it = *src;
	size_t k;
	tb_status st;
	it.u.glyphs.n = e - s;
	it.u.glyphs.glyphs = malloc((e - s ? e - s : 1) * sizeof(tb_dl_glyph));
	if (!it.u.glyphs.glyphs)
		return TB_ENOMEM;
	for (k = s; k < e; k++) {
		it.u.glyphs.glyphs[k - s] = src->u.glyphs.glyphs[k];
		it.u.glyphs.glyphs[k - s].x += t->ox;
	}
	/* The run keeps its frame, moved so that the frame's origin is the pivot. */
	it.u.glyphs.y += t->oy + v0;
	it.u.glyphs.px = t->ox;
	it.u.glyphs.py = t->oy;
	it.u.glyphs.rot = t->dir == TB_TEXT_BTLR ? TB_DL_TURN_CCW : TB_DL_TURN_CW;
	if ((st = tb_dl_push(dst, &it)) != TB_OK)
		free(it.u.glyphs.glyphs);
	return st;
}

/* One upright character: its cell starts at u along the line, centred across the line. */
static tb_status push_upright(tb_dl_page *dst, const tb_dl_item *src, size_t i,
                              const lay_turn *t, float vmid)
{
	tb_dl_item it = *src;
	const tb_dl_glyph *g = &src->u.glyphs.glyphs[i];
	float size = src->u.glyphs.size;
	float adv = src->u.glyphs.face ? tb_face_advance(src->u.glyphs.face, g->cp, size) : size;
	float asc = src->u.glyphs.face ? tb_face_ascent(src->u.glyphs.face, size) : size * 0.86f;
	float x, y;
	tb_status st;
	to_page(t, g->x, vmid, &x, &y);
	if (adv <= 0)
		adv = size;
	x -= adv / 2;
	y += asc;
	it.u.glyphs.n = 1;
	it.u.glyphs.glyphs = malloc(sizeof(tb_dl_glyph));
	if (!it.u.glyphs.glyphs)
		return TB_ENOMEM;
	it.u.glyphs.glyphs[0].cp = g->cp;
	it.u.glyphs.glyphs[0].x = x;
	it.u.glyphs.y = y;
	it.u.glyphs.rot = TB_DL_TURN_NONE;
	it.u.glyphs.px = it.u.glyphs.py = 0;
	if ((st = tb_dl_push(dst, &it)) != TB_OK)
		free(it.u.glyphs.glyphs);
	return st;
}

static tb_status turn_glyphs(tb_dl_page *dst, const tb_dl_item *src, const lay_turn *t,
                             float v0, float height)
{
	size_t i = 0, n = src->u.glyphs.n;
	tb_status st = TB_OK;
	if (t->dir == TB_TEXT_BTLR)
		return n ? push_run(dst, src, 0, n, t, v0) : TB_OK;
	while (i < n && st == TB_OK) {
		size_t j = i;
		if (upright(src->u.glyphs.glyphs[i].cp)) {
			st = push_upright(dst, src, i, t, v0 + height / 2);
			i++;
			continue;
		}
		while (j < n && !upright(src->u.glyphs.glyphs[j].cp))
			j++;
		st = push_run(dst, src, i, j, t, v0);
		i = j;
	}
	return st;
}

tb_status lay_copy_items_turned(tb_dl_page *dst, const tb_dl_page *src, const lay_turn *t,
                                float v0, float height)
{
	size_t i;
	tb_status st = TB_OK;
	for (i = 0; i < src->n && st == TB_OK; i++) {
		const tb_dl_item *s = &src->items[i];
		tb_dl_item it = *s;
		float x1, y1, x2, y2;
		switch (s->kind) {
		case TB_DL_GLYPHS:
			st = turn_glyphs(dst, s, t, v0, height);
			continue;
		case TB_DL_RULE:
			to_page(t, s->u.rule.x1, v0 + s->u.rule.y1, &it.u.rule.x1, &it.u.rule.y1);
			to_page(t, s->u.rule.x2, v0 + s->u.rule.y2, &it.u.rule.x2, &it.u.rule.y2);
			break;
		case TB_DL_RECT:
			to_page(t, s->u.rect.x, v0 + s->u.rect.y, &x1, &y1);
			to_page(t, s->u.rect.x + s->u.rect.w, v0 + s->u.rect.y + s->u.rect.h, &x2, &y2);
			it.u.rect.x = fminf(x1, x2), it.u.rect.y = fminf(y1, y2);
			it.u.rect.w = fabsf(x2 - x1), it.u.rect.h = fabsf(y2 - y1);
			break;
		case TB_DL_IMAGE:
			/* Pictures stay upright, centred where the turned line puts them. */
			to_page(t, s->u.image.x + s->u.image.w / 2, v0 + s->u.image.y + s->u.image.h / 2,
			        &x1, &y1);
			it.u.image.x = x1 - s->u.image.w / 2, it.u.image.y = y1 - s->u.image.h / 2;
			if (!(it.u.image.data = malloc(s->u.image.len ? s->u.image.len : 1)))
				return TB_ENOMEM;
			memcpy((void *)it.u.image.data, s->u.image.data, s->u.image.len);
			break;
		case TB_DL_SEAL:
		case TB_DL_BOX:
			to_page(t, s->u.seal.x, v0 + s->u.seal.y, &x1, &y1);
			to_page(t, s->u.seal.x + s->u.seal.w, v0 + s->u.seal.y + s->u.seal.h, &x2, &y2);
			it.u.seal.x = fminf(x1, x2), it.u.seal.y = fminf(y1, y2);
			it.u.seal.w = fabsf(x2 - x1), it.u.seal.h = fabsf(y2 - y1);
			it.u.seal.name = s->u.seal.name ? strdup(s->u.seal.name) : NULL;
			it.u.seal.label = s->u.seal.label ? strdup(s->u.seal.label) : NULL;
			break;
		case TB_DL_CLIP:
			to_page(t, s->u.rect.x, v0 + s->u.rect.y, &x1, &y1);
			to_page(t, s->u.rect.x + s->u.rect.w, v0 + s->u.rect.y + s->u.rect.h, &x2, &y2);
			it.u.rect.x = fminf(x1, x2), it.u.rect.y = fminf(y1, y2);
			it.u.rect.w = fabsf(x2 - x1), it.u.rect.h = fabsf(y2 - y1);
			break;
		case TB_DL_CLIP_END:
			break;
		case TB_DL_PATH: {
			/* The copy owns its arrays (tb_dl_item_dup); then every point is turned. */
			size_t k;
			if ((st = tb_dl_item_dup(&it)) != TB_OK)
				return st;
			for (k = 0; k < it.u.path.npts; k++)
				to_page(t, s->u.path.pts[k].x, v0 + s->u.path.pts[k].y, &it.u.path.pts[k].x,
				        &it.u.path.pts[k].y);
			break;
		}
		case TB_DL_ANCHOR:
			to_page(t, s->u.anchor.x, v0 + s->u.anchor.y, &it.u.anchor.x, &it.u.anchor.y);
			break;
		}
		if ((st = tb_dl_push(dst, &it)) != TB_OK)
			tb_dl_item_free(&it);
	}
	return st;
}

float lay_lines_extent(const lay_lines *ls, float width)
{
	float most = 0;
	size_t i, k;
	for (i = 0; i < ls->n; i++) {
		const tb_dl_page *p = &ls->v[i].items;
		float left = INFINITY, right = -INFINITY;
		for (k = 0; k < p->n; k++) {
			const tb_dl_item *it = &p->items[k];
			if (it->kind == TB_DL_GLYPHS && it->u.glyphs.n) {
				const tb_dl_glyph *last = &it->u.glyphs.glyphs[it->u.glyphs.n - 1];
				left = fminf(left, it->u.glyphs.glyphs[0].x);
				right = fmaxf(right, last->x + (it->u.glyphs.face ?
				              tb_face_advance(it->u.glyphs.face, last->cp, it->u.glyphs.size) : 0));
			} else if (it->kind == TB_DL_RULE) {
				left = fminf(left, fminf(it->u.rule.x1, it->u.rule.x2));
				right = fmaxf(right, fmaxf(it->u.rule.x1, it->u.rule.x2));
			} else if (it->kind == TB_DL_IMAGE) {
				left = fminf(left, it->u.image.x);
				right = fmaxf(right, it->u.image.x + it->u.image.w);
			}
		}
		if (right < left)
			continue;
		/* A line starting near its block's start keeps its indent; one further in was
		 * centred or pushed right at `width`, and only its own length counts. */
		if (left > 0 && left < width / 4)
			left = 0;
		if (right - left > most)
			most = right - left;
	}
	return most;
}
