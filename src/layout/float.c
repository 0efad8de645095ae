/* float.c: floating objects: anchored pictures, text boxes, shapes and frames. Each is
 * placed by its anchor (page, margin, column, or the anchor paragraph's top; offsets or
 * alignment), drawn with its fill, outline, picture and text (the text laid out in the box
 * less its insets), under the text when it is behind it, over it otherwise. Square and
 * top-and-bottom wrapping make the text of the same page go around the object: lines beside
 * it are narrowed on the side with less room, lines that cannot pass go below it. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/ctx.h"
#include "layout/lay.h"

/* A line beside an object needs at least this much room, else it goes below the object. */
#define MIN_ROOM 24.0f
/* Bézier control distance for a quarter circle. */
#define KAPPA 0.5523f

bool lay_has_floats(const tb_block *b)
{
	const tb_inline *in;
	if (b->kind != TB_BLOCK_PARA)
		return false;
	for (in = b->first; in; in = in->next)
		if (in->kind == TB_IN_FLOAT && in->fl)
			return true;
	return false;
}

/* The column holding x (objects anchored in columns align to their column). */
static void column_at(const lay_flow *f, float x, float *cx, float *cw)
{
	int i;
	*cx = f->left;
	*cw = f->width;
	for (i = 0; i < f->ncols; i++)
		if (x >= f->col_x[i] - 0.5f && x <= f->col_x[i] + f->col_w[i] + 0.5f) {
			*cx = f->col_x[i];
			*cw = f->col_w[i];
		}
}

static float place(uint8_t align, float off, float ref, float refw, float size)
{
	switch (align) {
	case TB_FALIGN_START: return ref;
	case TB_FALIGN_CENTER: return ref + (refw - size) / 2;
	case TB_FALIGN_END: return ref + refw - size;
	default: return ref + off;
	}
}

/* The object's top-left corner on the page. */
static void float_origin(const lay_flow *f, const tb_float *fl, float ax, float ay, float *x,
                         float *y)
{
	const tb_section *s = f->L->sect;
	float rx, rw, ry, rh;
	switch (fl->hrel) {
	case TB_REL_PAGE:
		rx = 0;
		rw = s->page_w;
		break;
	case TB_REL_MARGIN:
		rx = s->mar_left;
		rw = s->page_w - s->mar_left - s->mar_right;
		break;
	default:
		column_at(f, ax, &rx, &rw);
		break;
	}
	switch (fl->vrel) {
	case TB_REL_PAGE:
		ry = 0;
		rh = s->page_h;
		break;
	case TB_REL_MARGIN:
		ry = s->mar_top;
		rh = s->page_h - s->mar_top - s->mar_bottom;
		break;
	default:
		ry = ay;
		rh = fl->h;
		break;
	}
	*x = place(fl->halign, fl->x, rx, rw, fl->w);
	*y = place(fl->valign, fl->y, ry, rh, fl->h);
}

static tb_status push_path(tb_dl_page *dst, const uint8_t *ops, size_t nops,
                           const tb_dl_point *pts, size_t npts, const tb_float *fl, bool fill,
                           bool stroke)
{
	tb_dl_item style;
	memset(&style, 0, sizeof(style));
	style.u.path.filled = fill;
	style.u.path.fill = fl->fill;
	style.u.path.stroked = stroke;
	style.u.path.stroke = fl->outline.color;
	style.u.path.width = fl->outline.width;
	style.u.path.dashed = fl->outline.style == 2;
	return tb_dl_push_path(dst, ops, nops, pts, npts, &style);
}

/* An ellipse or a rounded rectangle (corner radius r) as Bézier curves. */
static tb_status round_shape(tb_dl_page *dst, const tb_float *fl, float x, float y, float w,
                             float h, float rx, float ry, bool fill, bool stroke)
{
	uint8_t ops[10];
	tb_dl_point p[17];
	size_t no = 0, np = 0;
	float kx = rx * KAPPA, ky = ry * KAPPA, x2 = x + w, y2 = y + h;
#define PT(X, Y) (p[np].x = (X), p[np].y = (Y), np++)
	ops[no++] = TB_DL_MOVE;
	PT(x + rx, y);
	ops[no++] = TB_DL_LINE;
	PT(x2 - rx, y);
	ops[no++] = TB_DL_CURVE;
	PT(x2 - rx + kx, y);
	PT(x2, y + ry - ky);
	PT(x2, y + ry);
	ops[no++] = TB_DL_LINE;
	PT(x2, y2 - ry);
	ops[no++] = TB_DL_CURVE;
	PT(x2, y2 - ry + ky);
	PT(x2 - rx + kx, y2);
	PT(x2 - rx, y2);
	ops[no++] = TB_DL_LINE;
	PT(x + rx, y2);
	ops[no++] = TB_DL_CURVE;
	PT(x + rx - kx, y2);
	PT(x, y2 - ry + ky);
	PT(x, y2 - ry);
	ops[no++] = TB_DL_LINE;
	PT(x, y + ry);
	ops[no++] = TB_DL_CURVE;
	PT(x, y + ry - ky);
	PT(x + rx - kx, y);
	PT(x + rx, y);
	ops[no++] = TB_DL_CLOSE;
#undef PT
	return push_path(dst, ops, no, p, np, fl, fill, stroke);
}

/* Fill and outline. */
static tb_status draw_shape(tb_dl_page *dst, const tb_float *fl, float x, float y, float w,
                            float h)
{
	bool stroke = fl->outline.width > 0 && fl->outline.style != 0;
	tb_status st = TB_OK;
	switch (fl->shape) {
	case TB_SHAPE_LINE: {
		uint8_t ops[2] = {TB_DL_MOVE, TB_DL_LINE};
		tb_dl_point p[2];
		p[0].x = fl->flip_h ? x + w : x;
		p[1].x = fl->flip_h ? x : x + w;
		p[0].y = fl->flip_v ? y + h : y;
		p[1].y = fl->flip_v ? y : y + h;
		return stroke ? push_path(dst, ops, 2, p, 2, fl, false, true) : TB_OK;
	}
	case TB_SHAPE_ELLIPSE:
		if (fl->has_fill || stroke)
			st = round_shape(dst, fl, x, y, w, h, w / 2, h / 2, fl->has_fill, stroke);
		return st;
	case TB_SHAPE_ROUNDRECT: {
		float r = (w < h ? w : h) * 0.1667f; /* Word's default adjustment */
		if (fl->has_fill || stroke)
			st = round_shape(dst, fl, x, y, w, h, r, r, fl->has_fill, stroke);
		return st;
	}
	default:
		if (fl->has_fill)
			st = tb_dl_push_rect(dst, x, y, w, h, fl->fill);
		if (st == TB_OK && stroke)
			st = lay_frame(dst, x, y, w, h, fl->outline.width, fl->outline.color,
			               fl->outline.style == 2);
		return st;
	}
}

/* An object and the members of its group into dst at (x, y). */
static tb_status float_draw(lay_ctx *L, tb_dl_page *dst, const tb_float *fl, float x, float y,
                            float *out_h, int depth)
{
	lay_lines ls = {0};
	float w = fl->w, h = fl->h, cw, ch = 0, ty;
	size_t i;
	tb_status st = TB_OK;
	const tb_float *m;
	if (depth > 8)
		return TB_OK;
	cw = w - fl->inset[1] - fl->inset[3];
	if (fl->content.first && L->depth < 16) {
		L->depth++;
		L->no_grid++;
		st = lay_blocks(L, fl->content.first, cw > 1 ? cw : 1, &ls);
		L->no_grid--;
		L->depth--;
		for (i = 0; i < ls.n; i++)
			ch += ls.v[i].before + ls.v[i].height + ls.v[i].after;
		if (fl->autofit && ch + fl->inset[0] + fl->inset[2] > h)
			h = ch + fl->inset[0] + fl->inset[2];
	}
	if (st == TB_OK)
		st = draw_shape(dst, fl, x, y, w, h);
	if (st == TB_OK && fl->picture)
		st = lay_picture(L, dst, fl->picture, x, y, w, h);
	ty = y + fl->inset[0];
	if (fl->text_valign == TB_VALIGN_CENTER)
		ty += (h - fl->inset[0] - fl->inset[2] - ch) / 2;
	else if (fl->text_valign == TB_VALIGN_BOTTOM)
		ty += h - fl->inset[0] - fl->inset[2] - ch;
	for (i = 0; i < ls.n && st == TB_OK; i++) {
		const lay_line *ln = &ls.v[i];
		st = lay_copy_items(dst, &ln->items, x + fl->inset[1], ty + ln->before);
		if (st == TB_OK && ln->seal)
			st = lay_push_seal(dst, x + fl->inset[1], ty + ln->before, ln->seal_w, ln->seal_h,
			                   ln->seal, ln->seal_label);
		ty += ln->before + ln->height + ln->after;
	}
	lay_lines_free(&ls);
	for (m = fl->group; m && st == TB_OK; m = m->next_in_group)
		st = float_draw(L, dst, m, x + m->x, y + m->y, NULL, depth + 1);
	if (out_h)
		*out_h = h;
	return st;
}

/* Move src's items to the front of dst (objects behind the text). */
static tb_status insert_front(tb_dl_page *dst, tb_dl_page *src)
{
	size_t i, n0 = dst->n;
	tb_status st = TB_OK;
	for (i = 0; i < src->n && st == TB_OK; i++)
		st = tb_dl_push(dst, &src->items[i]);
	if (st != TB_OK) {
		/* Items pushed so far belong to dst; the rest are freed by the caller. */
		memmove(src->items, src->items + i, (src->n - i) * sizeof(tb_dl_item));
		src->n -= i;
		return st;
	}
	{
		size_t k = src->n;
		tb_dl_item *tmp = malloc(k * sizeof(tb_dl_item));
		if (tmp) {
			memcpy(tmp, dst->items + n0, k * sizeof(tb_dl_item));
			memmove(dst->items + k, dst->items, n0 * sizeof(tb_dl_item));
			memcpy(dst->items, tmp, k * sizeof(tb_dl_item));
			free(tmp);
		}
	}
	free(src->items);
	memset(src, 0, sizeof(*src));
	return TB_OK;
}

/* The width a frame's text needs, laid out flush left at most `maxw` wide: the right end of
 * its widest line (a table takes maxw). */
static tb_status content_width(lay_ctx *L, const tb_float *fl, float maxw, float *out)
{
	const tb_block *b;
	tb_status st = TB_OK;
	float w = 0;
	for (b = fl->content.first; b && st == TB_OK; b = b->next) {
		tb_block one;
		lay_lines ls = {0};
		size_t i, k;
		if (b->kind != TB_BLOCK_PARA) {
			w = maxw;
			break;
		}
		one = *b;
		one.pp.align = TB_ALIGN_LEFT;
		one.next = NULL;
		L->no_grid++;
		st = lay_para(L, &one, maxw, &ls);
		L->no_grid--;
		for (i = 0; i < ls.n; i++)
			for (k = 0; k < ls.v[i].items.n; k++) {
				const tb_dl_item *it = &ls.v[i].items.items[k];
				float end = 0;
				if (it->kind == TB_DL_GLYPHS && it->u.glyphs.n) {
					const tb_dl_glyph *g = &it->u.glyphs.glyphs[it->u.glyphs.n - 1];
					end = g->x + tb_face_advance(it->u.glyphs.face, g->cp, it->u.glyphs.size);
				} else if (it->kind == TB_DL_IMAGE)
					end = it->u.image.x + it->u.image.w;
				if (end > w)
					w = end;
			}
		lay_lines_free(&ls);
	}
	*out = w < maxw ? w : maxw;
	return st;
}

tb_status lay_float_place(lay_flow *f, const tb_float *fl, float ax, float ay)
{
	lay_ctx *L = f->L;
	tb_dl_page tmp;
	tb_float sized;
	float x, y, h;
	size_t i;
	tb_status st;
	if (lay_page_done(L, fl))
		return TB_OK;
	if ((st = lay_page_mark_done(L, fl)) != TB_OK)
		return st;
	if (fl->autowidth && L->depth < 16) {
		/* A frame without a width: as wide as its text, up to the column. */
		float cw;
		sized = *fl;
		L->depth++;
		st = content_width(L, fl, f->width - fl->inset[1] - fl->inset[3], &cw);
		L->depth--;
		if (st != TB_OK)
			return st;
		sized.w = cw + 0.5f + fl->inset[1] + fl->inset[3];
		fl = &sized;
	}
	h = fl->h;
	float_origin(f, fl, ax, ay, &x, &y);
	memset(&tmp, 0, sizeof(tmp));
	st = float_draw(L, &tmp, fl, x, y, &h, 0);
	if (st == TB_OK) {
		if (fl->wrap == TB_WRAP_BEHIND)
			st = insert_front(f->page, &tmp);
		else
			for (i = 0; i < tmp.n && st == TB_OK; i++) {
				st = tb_dl_push(f->page, &tmp.items[i]);
				if (st == TB_OK)
					memset(&tmp.items[i], 0, sizeof(tmp.items[i]));
			}
	}
	for (i = 0; i < tmp.n; i++)
		tb_dl_item_free(&tmp.items[i]);
	free(tmp.items);
	if (st == TB_OK && f->out &&
	    (fl->wrap == TB_WRAP_SQUARE || fl->wrap == TB_WRAP_TOPBOTTOM) &&
	    L->pg.nexcl < LAY_MAX_EXCL) {
		lay_excl *e = &L->pg.excl[L->pg.nexcl++];
		e->x = x - fl->dist[1];
		e->y = y - fl->dist[0];
		e->w = fl->w + fl->dist[1] + fl->dist[3];
		e->h = h + fl->dist[0] + fl->dist[2];
		e->wrap = fl->wrap;
		e->side = fl->wrap_side;
	}
	return st;
}

static tb_status resolve_once(lay_flow *f, size_t from, bool *more);

tb_status lay_resolve_anchors(lay_flow *f, size_t from)
{
	/* Objects inside text boxes bring anchors of their own: a few rounds. */
	bool more = true;
	int round;
	tb_status st = TB_OK;
	for (round = 0; round < 4 && more && st == TB_OK; round++)
		st = resolve_once(f, from, &more);
	if (st == TB_OK && more && f->page) {
		/* Deeper nesting: the anchors go, the objects with them (bounded work). */
		size_t i, k;
		for (i = k = from; i < f->page->n; i++)
			if (f->page->items[i].kind != TB_DL_ANCHOR)
				f->page->items[k++] = f->page->items[i];
		f->page->n = k;
	}
	return st;
}

static tb_status resolve_once(lay_flow *f, size_t from, bool *more)
{
	tb_dl_page *p = f->page;
	tb_dl_page found;
	size_t i, k;
	tb_status st = TB_OK;
	*more = false;
	if (!p)
		return TB_OK;
	memset(&found, 0, sizeof(found));
	/* Take the anchors out first: placing objects changes the page's items. */
	for (i = k = from; i < p->n; i++) {
		if (p->items[i].kind == TB_DL_ANCHOR) {
			if (st == TB_OK)
				st = tb_dl_push(&found, &p->items[i]);
			continue;
		}
		p->items[k++] = p->items[i];
	}
	p->n = k;
	for (i = 0; i < found.n && st == TB_OK; i++) {
		const tb_dl_item *a = &found.items[i];
		if (a->u.anchor.what == 1)
			st = lay_float_place(f, a->u.anchor.obj, a->u.anchor.x, a->u.anchor.y);
		else if (a->u.anchor.what == 2 && f->out)
			st = lay_styled_add(f->L, (size_t)(p - f->out->pages), a->u.anchor.obj);
	}
	if (st == TB_OK && f->out) {
		/* Notes whose references came by another way than a body line (table cells). */
		lay_lines tmp = {0};
		float h = 0;
		st = lay_notes_collect(f, &found, &tmp, &h);
		if (st == TB_OK)
			st = lay_notes_commit(f, &tmp, h);
		for (i = 0; i < found.n && st == TB_OK; i++)
			if (found.items[i].u.anchor.what == 0 &&
			    !lay_page_done(f->L, found.items[i].u.anchor.obj))
				st = lay_page_mark_done(f->L, found.items[i].u.anchor.obj);
		lay_lines_free(&tmp);
	}
	free(found.items);
	for (i = from; p && i < p->n && st == TB_OK; i++)
		if (p->items[i].kind == TB_DL_ANCHOR)
			*more = true;
	return st;
}

void lay_excl_at(const lay_flow *f, float y, float h, lay_cut *cut, float *skip, lay_cut *hole)
{
	const lay_ctx *L = f->L;
	float cl = f->left, cr = f->left + f->width;
	int i;
	cut->left = cut->right = 0;
	hole->left = hole->right = 0;
	*skip = y;
	for (i = 0; i < L->pg.nexcl; i++) {
		const lay_excl *e = &L->pg.excl[i];
		float lroom, rroom;
		bool use_l, use_r;
		if (y >= e->y + e->h || y + h <= e->y || e->x >= cr || e->x + e->w <= cl)
			continue;
		lroom = e->x - cl;
		rroom = cr - (e->x + e->w);
		use_l = lroom >= MIN_ROOM && e->side != TB_SIDE_RIGHT;
		use_r = rroom >= MIN_ROOM && e->side != TB_SIDE_LEFT;
		if (e->wrap == TB_WRAP_TOPBOTTOM || (!use_l && !use_r)) {
			if (e->y + e->h > *skip)
				*skip = e->y + e->h;
			continue;
		}
		if (use_l && use_r && e->side == TB_SIDE_BOTH && hole->right <= hole->left) {
			/* Text on both sides: the line is cut in two. */
			hole->left = e->x - cl;
			hole->right = e->x + e->w - cl;
			continue;
		}
		if (use_l && use_r) /* the larger side (or a second object in the middle) */
			use_r = rroom > lroom;
		if (use_l) {
			if (cr - e->x > cut->right)
				cut->right = cr - e->x;
		} else if (e->x + e->w - cl > cut->left)
			cut->left = e->x + e->w - cl;
	}
	if (hole->right > hole->left) {
		/* Objects at the sides may leave too little room beside the one in the middle. */
		bool l_ok = hole->left - cut->left >= MIN_ROOM;
		bool r_ok = f->width - cut->right - hole->right >= MIN_ROOM;
		if (!l_ok && r_ok)
			cut->left = hole->right;
		else if (l_ok && !r_ok)
			cut->right = f->width - hole->left;
		else if (!l_ok && !r_ok) {
			/* No room on either side: below the objects beside this line. */
			for (i = 0; i < L->pg.nexcl; i++) {
				const lay_excl *e = &L->pg.excl[i];
				if (y < e->y + e->h && y + h > e->y && e->y + e->h > *skip)
					*skip = e->y + e->h;
			}
		}
		if (!(l_ok && r_ok))
			hole->left = hole->right = 0;
	}
}

/* Cuts for the lines of ls placed from y (cuts has room for ls->n + 1); with `apply`, lines
 * that must go below an object get more space before them and the two lines of a row cut
 * by an object share its top. Returns true when some line is cut. */
static bool plan(const lay_flow *f, lay_lines *ls, lay_cut *cuts, bool apply)
{
	float y = f->y;
	size_t i;
	bool any = false;
	memset(cuts, 0, (ls->n + 1) * sizeof(*cuts));
	for (i = 0; i < ls->n; i++) {
		lay_line *ln = &ls->v[i];
		float top = y + ln->before, skip;
		lay_cut hole;
		if (top > f->bottom)
			break; /* on the next page: no objects there yet */
		lay_excl_at(f, top, ln->height, &cuts[i], &skip, &hole);
		if (skip > top) {
			if (apply)
				ln->before += skip - top;
			top = skip;
			cuts[i].left = cuts[i].right = 0;
			hole.left = hole.right = 0;
		}
		if (cuts[i].left > 0 || cuts[i].right > 0)
			any = true;
		if (hole.right > hole.left) {
			/* This line left of the object, the next one right of it on the same row. */
			cuts[i + 1].left = hole.right;
			cuts[i + 1].right = cuts[i].right;
			cuts[i + 1].same_row = true;
			cuts[i].right = f->width - hole.left;
			any = true;
			if (i + 1 < ls->n) {
				lay_line *nx = &ls->v[i + 1];
				float h = ln->height > nx->height ? ln->height : nx->height;
				if (apply) {
					ln->height = h;
					ln->keep_next = true;
					nx->height = h;
					nx->before = -(h + ln->after);
				}
				y = top + h + nx->after;
				i++;
				continue;
			}
		}
		y = top + ln->height + ln->after;
	}
	return any;
}

static bool same_cuts(const lay_cut *a, const lay_cut *b, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (fabsf(a[i].left - b[i].left) > 0.01f || fabsf(a[i].right - b[i].right) > 0.01f ||
		    a[i].same_row != b[i].same_row)
			return false;
	return true;
}

float lay_in_line_height(const tb_block *b)
{
	const tb_inline *in;
	float h = 0;
	for (in = b->first; in; in = in->next)
		if (in->kind == TB_IN_FLOAT && in->fl && in->fl->in_line && in->fl->h > h)
			h = in->fl->h;
	return h;
}

tb_status lay_para_around(lay_flow *f, const tb_block *b, float tail)
{
	lay_ctx *L = f->L;
	lay_lines ls = {0};
	lay_cut *cuts = NULL;
	const tb_inline *in;
	tb_status st;
	int iter;
	if ((st = lay_para(L, b, f->width, &ls)) != TB_OK || !ls.n)
		goto done;
	if (f->out) {
		lay_line *first = &ls.v[0];
		if (first->page_break_before && !f->fresh) {
			if ((st = lay_flow_page_break(f)) != TB_OK)
				goto done;
			f->natural = false; /* an explicit break: the space before stays */
		} else if (!f->fresh && (f->y + first->before + first->height > f->bottom + 0.01f ||
		                         f->y + first->before + lay_in_line_height(b) >
		                         f->bottom + 0.01f)) {
			/* Nor a shape in its first line (LibreOffice moves the paragraph). */
			if ((st = lay_flow_new_page(f)) != TB_OK)
				goto done;
		}
		/* The paragraph starts here: its objects go on this page. */
		for (in = b->first; in && st == TB_OK; in = in->next)
			if (in->kind == TB_IN_FLOAT && in->fl)
				st = lay_float_place(f, in->fl, f->left, f->y + first->before);
		if (st != TB_OK)
			goto done;
	}
	if (L->pg.nexcl) {
		/* Lay the paragraph out again with the cuts its lines meet until they stay the
		 * same (text beside an object moves the lines below it). */
		lay_cut *used = NULL;
		size_t nused = 0;
		for (iter = 0; iter < 4; iter++) {
			lay_cut *nc = realloc(cuts, (ls.n + 1) * sizeof(*cuts));
			size_t n = ls.n + 1;
			if (!nc) {
				st = TB_ENOMEM;
				break;
			}
			cuts = nc;
			if (!plan(f, &ls, cuts, false) && !used)
				break;
			if (used && nused >= n && same_cuts(used, cuts, n))
				break;
			free(used);
			used = cuts;
			nused = n;
			cuts = NULL;
			lay_lines_free(&ls);
			if ((st = lay_para_cut(L, b, f->width, used, nused, &ls)) != TB_OK)
				break;
		}
		free(used);
		if (st != TB_OK)
			goto done;
		if (ls.n) {
			lay_cut *nc = realloc(cuts, (ls.n + 1) * sizeof(*cuts));
			if (!nc) {
				st = TB_ENOMEM;
				goto done;
			}
			cuts = nc;
			plan(f, &ls, cuts, true);
		}
	}
	if (ls.n)
		ls.v[0].page_break_before = ls.v[0].page_break_before && !f->fresh;
	st = lay_place_lines(f, &ls, tail);
done:
	free(cuts);
	lay_lines_free(&ls);
	return st;
}
