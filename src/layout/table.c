/* table.c: table layout: column widths from the grid (scaled to fit when auto), horizontal
 * and vertical merges, collapsed borders (each edge drawn once), shading, cell margins,
 * vertical alignment, row heights (exact / at least), rows split across pages unless
 * cantSplit, header rows repeated on every page, seal fields over marked cells. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "layout/lay.h"
#include "core/vec.h"

typedef struct cellbox {
	const tb_cell *c;
	int row, col, span, rowspan;
	float x, w, mar[4];
	tb_border bd[4];       /* resolved: top, left, bottom, right */
	lay_lines lines;
	float content_h;
	size_t next_line;      /* first line not yet placed (splitting) */
	char *seal, *seal_label;
	bool seal_done;
	float seg_y;           /* merged cells: top of the open segment on this page */
	int segments;
	float overflow;        /* merged cells: height their rows did not grow by */
} cellbox;

typedef struct edge {
	float x1, x2, y;
	tb_border b;
} edge;

typedef struct tbl {
	lay_ctx *L;
	lay_flow *f;
	const tb_table *t;
	int nrows, ncols;
	float *colx;           /* ncols + 1 edges, relative to the table's left */
	float x0;
	float *h;              /* row heights */
	float *hmin;           /* row heights before vertical merges grew them */
	const tb_row **rows;
	cellbox *cb;
	size_t ncb;
	int *owner;            /* nrows * ncols → cellbox index, -1 none */
	edge *pend;            /* bottom edges of the last row placed on this page */
	size_t npend, cappend;
	size_t *rfirst;        /* cellboxes of row r: rfirst[r] .. rfirst[r + 1] - 1 */
	size_t *merged;        /* cellboxes spanning several rows */
	size_t nmerged;
	int nheader;
	bool page_fresh;       /* only repeated header rows on this page so far */
	float ghost;           /* overflow of merged cells closed on this page */
} tbl;

static bool visible(const tb_border *b)
{
	return b->style != 0 && b->width > 0;
}

#define OWNER(T, r, c) ((T)->owner[(size_t)(r) * (size_t)(T)->ncols + (size_t)(c)])

static float lines_height(const lay_lines *ls, size_t from)
{
	float h = 0;
	size_t i;
	for (i = from; i < ls->n; i++)
		h += ls->v[i].before + ls->v[i].height + ls->v[i].after;
	return h;
}

static tb_status push_rule(tb_dl_page *p, float x1, float y1, float x2, float y2,
                           const tb_border *b)
{
	if (b->style == 0 || b->width <= 0)
		return TB_OK;
	return tb_dl_push_rule(p, x1, y1, x2, y2, b->width, b->color, b->style == 2);
}

static tb_status add_pending(tbl *T, float x1, float x2, float y, const tb_border *b)
{
	if (TB_GROW(T->pend, T->cappend, T->npend + 1) != TB_OK)
		return TB_ENOMEM;
	T->pend[T->npend].x1 = x1;
	T->pend[T->npend].x2 = x2;
	T->pend[T->npend].y = y;
	T->pend[T->npend].b = *b;
	T->npend++;
	return TB_OK;
}

static tb_status flush_pending(tbl *T)
{
	size_t i;
	tb_status st = TB_OK;
	for (i = 0; i < T->npend && st == TB_OK; i++)
		st = push_rule(T->f->page, T->pend[i].x1, T->pend[i].y, T->pend[i].x2, T->pend[i].y,
		               &T->pend[i].b);
	T->npend = 0;
	return st;
}

/* Column widths: the grid as given (a table wider than the text area keeps its width and
 * runs into the margin, as in Word and LibreOffice); missing widths share what is left;
 * relative widths (ODF rel-column-width) are shares of the table's width. */
static tb_status columns(tbl *T)
{
	const tb_table *t = T->t;
	float avail = T->f->width - (t->align == TB_ALIGN_LEFT ? t->indent : 0), sum = 0, tw;
	int i, zeros = 0;
	if (avail < 10)
		avail = 10;
	T->colx = calloc((size_t)T->ncols + 1, sizeof(float));
	if (!T->colx)
		return TB_ENOMEM;
	for (i = 0; i < T->ncols; i++) {
		if (t->cols[i] > 0)
			sum += t->cols[i];
		else
			zeros++;
	}
	if (t->rel_cols && sum > 0) {
		float w = t->width > 0 ? t->width : avail - t->mar_right;
		if (w < 10)
			w = 10;
		for (i = 0; i < T->ncols; i++)
			T->colx[i + 1] = T->colx[i] + (t->cols[i] > 0 ? t->cols[i] * w / sum : 0);
	} else
		for (i = 0; i < T->ncols; i++) {
			float w = t->cols[i];
			if (w <= 0)
				w = sum < avail ? (avail - sum) / (float)zeros : 10;
			T->colx[i + 1] = T->colx[i] + w;
		}
	tw = T->colx[T->ncols];
	T->x0 = T->f->left + (t->align == TB_ALIGN_CENTER ? (T->f->width - tw) / 2 :
	                      t->align == TB_ALIGN_RIGHT ? T->f->width - tw : t->indent);
	if (t->align == TB_ALIGN_LEFT && t->inset_rule == TB_INSET_WORD) {
		/* Word before 2013 puts the text of the first column at the indent; later
		 * versions the border's middle (LibreOffice's DomainMapperTableHandler). */
		float bl = visible(&t->bd[1]) ? t->bd[1].width : 0;
		float l = bl / 2 > t->mar[1] ? bl / 2 : t->mar[1];
		T->x0 += T->L->doc->table_outdent ? -l : bl / 2;
	}
	return TB_OK;
}

/* A cell's own border on one side: its cell-level border, else the table's outer or
 * inside border. */
static tb_border own_edge(const tbl *T, const cellbox *b, int side)
{
	const tb_table *t = T->t;
	if (b->c->bd[side].set)
		return b->c->bd[side];
	switch (side) {
	case 0:
		return b->row == 0 ? t->bd[0] : t->bd[4];
	case 1:
		return b->col == 0 ? t->bd[1] : t->bd[5];
	case 2:
		return b->row + b->rowspan >= T->nrows ? t->bd[2] : t->bd[4];
	default:
		return b->col + b->span >= T->ncols ? t->bd[3] : t->bd[5];
	}
}

/* Two borders on one edge, as Word resolves them (ECMA-376 §17.4.66) and LibreOffice paints
 * them: a side saying nil or none never erases the other; else the heavier line (width,
 * double lines counting twice), then the darker colour; `first` on a tie. */
static tb_border conflict(const tb_border *first, const tb_border *second)
{
	float w1, w2;
	int l1, l2;
	if (!visible(first))
		return *second;
	if (!visible(second))
		return *first;
	w1 = first->width * (first->style == 3 ? 2.0f : 1.0f);
	w2 = second->width * (second->style == 3 ? 2.0f : 1.0f);
	if (w1 != w2)
		return w2 > w1 ? *second : *first;
	l1 = first->color.r + first->color.g + first->color.b;
	l2 = second->color.r + second->color.g + second->color.b;
	return l2 < l1 ? *second : *first;
}

/* The border drawn on one side of a cell: its own against the neighbour's on that edge. */
static tb_border resolve_edge(const tbl *T, const cellbox *b, int side)
{
	tb_border mine = own_edge(T, b, side), theirs;
	int o = -1;
	if (T->t->inset_rule == TB_INSET_ODF)
		return mine; /* separated borders: each cell keeps its own */
	if (side == 0 && b->row > 0)
		o = OWNER(T, b->row - 1, b->col);
	else if (side == 1 && b->col > 0)
		o = OWNER(T, b->row, b->col - 1);
	else if (side == 2 && b->row + b->rowspan < T->nrows)
		o = OWNER(T, b->row + b->rowspan, b->col);
	else if (side == 3 && b->col + b->span < T->ncols)
		o = OWNER(T, b->row, b->col + b->span);
	if (o < 0 || &T->cb[o] == b)
		return mine;
	theirs = own_edge(T, &T->cb[o], side ^ 2);
	/* The upper or left cell's border is `first`, so both cells agree on the edge. */
	return side < 2 ? conflict(&theirs, &mine) : conflict(&mine, &theirs);
}

/* Where the text of a cell starts inside its box. Word (DOCX, as LibreOffice imports it):
 * left = max(left border / 2, left margin), right = max(left + right border / 2, left
 * margin + right margin) - left, top and bottom = border + margin. ODF: border + padding
 * on every side. */
static void insets(const tbl *T, cellbox *b)
{
	float m[4];
	int k;
	for (k = 0; k < 4; k++) {
		m[k] = b->c->mar[k] >= 0 ? b->c->mar[k] : T->t->mar[k];
		if (m[k] < 0)
			m[k] = 0;
	}
	for (k = 0; k < 4; k++)
		b->mar[k] = m[k] + (visible(&b->bd[k]) ? b->bd[k].width : 0);
	if (T->t->inset_rule == TB_INSET_ODF_COLLAPSE) {
		/* The borders sit on the cell edges: left and right keep the padding alone. */
		b->mar[1] = m[1];
		b->mar[3] = m[3];
	}
	else if (T->t->inset_rule == TB_INSET_WORD) {
		float bl = visible(&b->bd[1]) ? b->bd[1].width : 0;
		float br = visible(&b->bd[3]) ? b->bd[3].width : 0;
		float l = bl / 2 > m[1] ? bl / 2 : m[1];
		float r = l + br / 2 > m[1] + m[3] ? l + br / 2 : m[1] + m[3];
		b->mar[1] = l;
		b->mar[3] = r - l;
		/* A border between two rows is one line: it insets the row below it only
		 * (measured: each row of a bordered table is one border width taller than its
		 * text, not two). */
		if (b->row + b->rowspan < T->nrows)
			b->mar[2] = m[2];
	}
}

/* A cell's content as lines `len` long (vertical text). */
static tb_status lay_cell(tbl *T, cellbox *b, float len)
{
	size_t k;
	tb_status st;
	lay_lines_free(&b->lines);
	T->L->in_cell++;
	st = lay_blocks(T->L, b->c->first, len < 1 ? 1 : len, &b->lines);
	T->L->in_cell--;
	for (k = 0; k < b->lines.n; k++)
		b->lines.v[k].page_break_before = b->lines.v[k].page_break_after = false;
	return st;
}

static float rows_height(const tbl *T, const cellbox *b)
{
	float h = 0;
	int r;
	for (r = b->row; r < b->row + b->rowspan; r++)
		h += T->h[r];
	return h;
}

/* What a cell's vertical text needs unbroken: the length of its longest paragraph (at
 * most a page), checked by laying it out again at that length. */
static tb_status natural_length(tbl *T, cellbox *b, float *len)
{
	float ins = b->mar[0] + b->mar[2];
	float page = (T->f->out ? T->f->bottom - T->f->top : 1000) - ins;
	size_t n, tries;
	tb_status st = lay_cell(T, b, page);
	if (st != TB_OK)
		return st;
	n = b->lines.n;
	*len = ceilf(lay_lines_extent(&b->lines, page)) + 1;
	for (tries = 0; tries < 8 && *len < page; tries++, *len += 6) {
		if ((st = lay_cell(T, b, *len)) != TB_OK)
			return st;
		if (b->lines.n <= n)
			break;
	}
	return TB_OK;
}

/* Vertical text. As in LibreOffice, it does not make its row taller: its lines are as long
 * as the row is high (from the other cells and the height rule) and stack across the cell.
 * Where they would not fit across (LibreOffice then draws them over the cell's edge, or not
 * at all in a row of vertical cells only), the row grows, as Word makes it, to the unbroken
 * length of the longest vertical text in it, unless its height is exact. Then every
 * vertical cell is laid out at its rows' final height. */
static tb_status turned_cells(tbl *T)
{
	size_t i;
	tb_status st = TB_OK;
	bool *grow = calloc((size_t)T->nrows + 1, sizeof(bool));
	if (!grow)
		return TB_ENOMEM;
	for (i = 0; i < T->ncb && st == TB_OK; i++) {
		cellbox *b = &T->cb[i];
		int last = b->row + b->rowspan - 1;
		float ins = b->mar[0] + b->mar[2], len = rows_height(T, b) - ins;
		if (b->c->text_dir == TB_TEXT_HORIZONTAL || T->rows[last]->height_rule == 2)
			continue;
		if ((st = lay_cell(T, b, len)) == TB_OK &&
		    (len < 1 || lines_height(&b->lines, 0) > b->w - b->mar[1] - b->mar[3] + 0.01f))
			grow[last] = true;
	}
	for (i = 0; i < T->ncb && st == TB_OK; i++) {
		cellbox *b = &T->cb[i];
		int last = b->row + b->rowspan - 1;
		float len, have = rows_height(T, b);
		if (b->c->text_dir == TB_TEXT_HORIZONTAL || !grow[last] ||
		    (st = natural_length(T, b, &len)) != TB_OK)
			continue;
		if (len + b->mar[0] + b->mar[2] > have)
			T->h[last] += len + b->mar[0] + b->mar[2] - have;
	}
	for (i = 0; i < T->ncb && st == TB_OK; i++) {
		cellbox *b = &T->cb[i];
		if (b->c->text_dir != TB_TEXT_HORIZONTAL)
			st = lay_cell(T, b, rows_height(T, b) - b->mar[0] - b->mar[2]);
	}
	free(grow);
	return st;
}

/* Whether the cell row r covers at column col of a vertical merge has vertical text.
 * LibreOffice 7.4 then does not grow that last row for the merged cell's overflow: the
 * text runs on over the rows below, and the table ends as much lower as the row would have
 * grown (measured: table_merge_turned.docx). */
static bool covered_turned(const tbl *T, int r, int col)
{
	const tb_cell *c;
	for (c = T->rows[r]->first; c; c = c->next)
		if (c->col == col && c->vmerge == 2)
			return c->text_dir != TB_TEXT_HORIZONTAL;
	return false;
}

static tb_status build(tbl *T)
{
	const tb_row *row;
	int r = 0, i;
	size_t cap = 0;
	tb_status st;
	T->rows = calloc((size_t)T->nrows + 1, sizeof(*T->rows));
	T->h = calloc((size_t)T->nrows + 1, sizeof(float));
	T->hmin = calloc((size_t)T->nrows + 1, sizeof(float));
	T->owner = malloc(((size_t)T->nrows * (size_t)T->ncols + 1) * sizeof(int));
	if (!T->rows || !T->h || !T->hmin || !T->owner)
		return TB_ENOMEM;
	for (i = 0; i < T->nrows * T->ncols; i++)
		T->owner[i] = -1;
	for (row = T->t->first; row && r < T->nrows; row = row->next, r++) {
		const tb_cell *c;
		T->rows[r] = row;
		for (c = row->first; c; c = c->next) {
			cellbox *b;
			int k, col = c->col, span = c->span;
			if (col >= T->ncols || span < 1)
				continue;
			if (col + span > T->ncols)
				span = T->ncols - col;
			if (c->vmerge == 2 && r > 0 && OWNER(T, r - 1, col) >= 0) {
				int o = OWNER(T, r - 1, col);
				for (k = col; k < col + span; k++)
					OWNER(T, r, k) = o;
				continue;
			}
			if (TB_GROW(T->cb, cap, T->ncb + 1) != TB_OK)
				return TB_ENOMEM;
			b = &T->cb[T->ncb];
			memset(b, 0, sizeof(*b));
			b->c = c;
			b->row = r;
			b->col = col;
			b->span = span;
			b->rowspan = c->vmerge == 1 && c->rowspan > 1 ? c->rowspan : 1;
			if (r + b->rowspan > T->nrows)
				b->rowspan = T->nrows - r;
			for (k = col; k < col + span; k++)
				OWNER(T, r, k) = (int)T->ncb;
			T->ncb++;
		}
	}
	T->rfirst = calloc((size_t)T->nrows + 1, sizeof(size_t));
	T->merged = calloc(T->ncb + 1, sizeof(size_t));
	if (!T->rfirst || !T->merged)
		return TB_ENOMEM;
	{
		size_t k = 0;
		for (r = 0; r <= T->nrows; r++) {
			while (k < T->ncb && T->cb[k].row < r)
				k++;
			T->rfirst[r] = k;
		}
		for (k = 0; k < T->ncb; k++)
			if (T->cb[k].rowspan > 1)
				T->merged[T->nmerged++] = k;
	}
	for (i = 0; i < (int)T->ncb; i++)
		for (r = 0; r < 4; r++)
			T->cb[i].bd[r] = resolve_edge(T, &T->cb[i], r);
	for (i = 0; i < (int)T->ncb; i++)
		insets(T, &T->cb[i]);
	if (T->t->inset_rule == TB_INSET_WORD) {
		/* The text of a row starts below the row's thickest top border in every cell
		 * (measured: a 6 pt cell border moves its neighbours' text down too). */
		for (r = 0; r < T->nrows; r++) {
			float top = 0;
			size_t k;
			for (k = T->rfirst[r]; k < T->rfirst[r + 1]; k++)
				if (T->cb[k].mar[0] > top)
					top = T->cb[k].mar[0];
			for (k = T->rfirst[r]; k < T->rfirst[r + 1]; k++)
				T->cb[k].mar[0] = top;
		}
	}
	for (i = 0; i < (int)T->ncb; i++) {
		cellbox *b = &T->cb[i];
		float cw;
		size_t k;
		b->x = T->colx[b->col];
		b->w = T->colx[b->col + b->span] - b->x;
		cw = b->w - b->mar[1] - b->mar[3];
		if (cw < 1)
			cw = 1;
		if (b->c->text_dir != TB_TEXT_HORIZONTAL)
			continue; /* vertical text: laid out once the rows have their heights */
		T->L->in_cell++;
		st = lay_blocks(T->L, b->c->first, cw, &b->lines);
		T->L->in_cell--;
		if (st != TB_OK)
			return st;
		/* Breaks before paragraphs inside a cell are ignored too. */
		for (k = 0; k < b->lines.n; k++)
			b->lines.v[k].page_break_before = b->lines.v[k].page_break_after = false;
		b->content_h = lines_height(&b->lines, 0);
		/* A seal bookmark in the cell puts the field over the whole cell. */
		for (k = 0; k < b->lines.n; k++)
			if (b->lines.v[k].seal && !b->seal) {
				b->seal = b->lines.v[k].seal;
				b->seal_label = b->lines.v[k].seal_label;
				b->lines.v[k].seal = b->lines.v[k].seal_label = NULL;
			}
	}
	/* Row heights from single-row cells, then vertical merges stretch their last row. */
	for (r = 0; r < T->nrows; r++) {
		const tb_row *rw = T->rows[r];
		float h = 0;
		for (i = (int)T->rfirst[r]; i < (int)T->rfirst[r + 1]; i++) {
			const cellbox *b = &T->cb[i];
			float need = b->content_h + b->mar[0] + b->mar[2];
			if (b->row == r && b->rowspan == 1 && need > h)
				h = need;
		}
		if (rw->height_rule == 2 && rw->height > 0)
			h = rw->height;
		else if (rw->height_rule == 1 && rw->height > h)
			h = rw->height;
		if (h <= 0)
			h = 12;
		T->h[r] = T->hmin[r] = h;
	}
	for (i = 0; i < (int)T->ncb; i++) {
		const cellbox *b = &T->cb[i];
		float need = b->content_h + b->mar[0] + b->mar[2], have = 0;
		int last = b->row + b->rowspan - 1;
		if (b->rowspan < 2)
			continue;
		for (r = b->row; r <= last; r++)
			have += T->h[r];
		if (need <= have || T->rows[last]->height_rule == 2)
			continue;
		if (covered_turned(T, last, b->col))
			T->cb[i].overflow = need - have;
		else
			T->h[last] += need - have;
	}
	if ((st = turned_cells(T)) != TB_OK)
		return st;
	for (r = 0; r < T->nrows && T->rows[r]->header; r++)
		;
	T->nheader = r < T->nrows ? r : 0;
	return TB_OK;
}

/* Which of a cell's lines a fragment takes. */
enum {
	LINES_FIT,  /* those that fit whole (a row split across pages) */
	LINES_ALL,  /* every remaining line */
	LINES_CLIP  /* an exact height: those that start inside the box (LibreOffice clips the
	               last one at the cell's edge rather than dropping its text) */
};

/* Vertical text, all of it in the cell's first fragment: the lines stack from the left
 * (bottom to top) or from the right (top to bottom), and the cell's vertical alignment
 * moves them across the cell. Lines that would start beyond the cell are left out
 * (LibreOffice clips them at its edge). */
static tb_status place_turned(tbl *T, cellbox *b, size_t *from, float y, float h, float *used)
{
	float x = T->x0 + b->x + b->mar[1], across = b->w - b->mar[1] - b->mar[3];
	float th = lines_height(&b->lines, 0), off = 0, v = 0;
	lay_turn t;
	size_t i;
	tb_status st = TB_OK;
	*used = h;
	if (*from > 0)
		return TB_OK;
	if (th < across)
		off = b->c->valign == TB_VALIGN_CENTER ? (across - th) / 2 :
		      b->c->valign == TB_VALIGN_BOTTOM ? across - th : 0;
	t.dir = b->c->text_dir;
	t.ox = t.dir == TB_TEXT_BTLR ? x + off : x + across - off;
	t.oy = t.dir == TB_TEXT_BTLR ? y + h - b->mar[2] : y + b->mar[0];
	for (i = 0; i < b->lines.n && st == TB_OK; i++) {
		const lay_line *ln = &b->lines.v[i];
		if (i > 0 && off + v + ln->before >= across - 0.01f)
			break;
		st = lay_copy_items_turned(T->f->page, &ln->items, &t, v + ln->before, ln->height);
		v += ln->before + ln->height + ln->after;
	}
	*from = b->lines.n;
	return st;
}

/* Draw a cell's lines from *from into the box (y, h) as `mode` says. Returns the height
 * used. */
static tb_status place_lines(tbl *T, cellbox *b, size_t *from, float y, float h, int mode,
                             bool valign, float *used)
{
	lay_flow *f = T->f;
	float cx = T->x0 + b->x + b->mar[1], yy = y + b->mar[0], off = 0;
	float limit = h - b->mar[0] - b->mar[2];
	size_t i;
	tb_status st = TB_OK;
	if (b->c->text_dir != TB_TEXT_HORIZONTAL)
		return place_turned(T, b, from, y, h, used);
	if (valign && b->c->valign != TB_VALIGN_TOP) {
		float rest = limit - lines_height(&b->lines, *from);
		if (rest > 0)
			off = b->c->valign == TB_VALIGN_CENTER ? rest / 2 : rest;
	}
	for (i = *from; i < b->lines.n && st == TB_OK; i++) {
		const lay_line *ln = &b->lines.v[i];
		float lh = ln->before + ln->height + ln->after;
		float top = yy - y - b->mar[0];
		if (mode == LINES_FIT && top + ln->before + ln->height > limit + 0.01f)
			break;
		if (mode == LINES_CLIP && top + ln->before >= limit - 0.01f)
			break;
		st = lay_copy_items(f->page, &ln->items, cx, yy + off + ln->before);
		yy += lh;
	}
	*from = i;
	*used = yy - y + b->mar[2];
	return st;
}

/* Frame and shading of a cell fragment; the bottom edge waits in the pending list. */
static tb_status frame(tbl *T, cellbox *b, float y, float h, bool bottom_now)
{
	lay_flow *f = T->f;
	float x = T->x0 + b->x, x2 = x + b->w, y2 = y + h;
	const tb_border *bd = b->bd;
	tb_status st = TB_OK;
	if (b->c->has_shading)
		st = tb_dl_push_rect(f->page, x, y, b->w, h, b->c->shading);
	if (T->t->inset_rule == TB_INSET_ODF) {
		/* Separated borders: every cell draws its own four inside its box. */
		if (st == TB_OK)
			st = push_rule(f->page, x, y + bd[0].width / 2, x2, y + bd[0].width / 2, &bd[0]);
		if (st == TB_OK)
			st = push_rule(f->page, x, y2 - bd[2].width / 2, x2, y2 - bd[2].width / 2, &bd[2]);
		if (st == TB_OK)
			st = push_rule(f->page, x + bd[1].width / 2, y, x + bd[1].width / 2, y2, &bd[1]);
		if (st == TB_OK)
			st = push_rule(f->page, x2 - bd[3].width / 2, y, x2 - bd[3].width / 2, y2, &bd[3]);
	} else {
		/* Collapsed borders on the edges: top and left here, the table's right edge by
		 * the last column, bottom edges when the row below (or the page end) is known. */
		if (st == TB_OK)
			st = push_rule(f->page, x, y, x2, y, &bd[0]);
		if (st == TB_OK)
			st = push_rule(f->page, x, y, x, y2, &bd[1]);
		if (st == TB_OK && b->col + b->span >= T->ncols)
			st = push_rule(f->page, x2, y, x2, y2, &bd[3]);
		if (st == TB_OK && bottom_now)
			st = add_pending(T, x, x2, y2, &bd[2]);
	}
	if (st == TB_OK && b->seal && !b->seal_done) {
		b->seal_done = true;
		st = lay_push_seal(f->page, x, y, b->w, h, b->seal, b->seal_label);
	}
	return st;
}

/* The shading must lie under the text: frame first, then lines. */
static tb_status cell_fragment(tbl *T, cellbox *b, float y, float h, int mode, bool valign,
                               bool bottom, size_t *from)
{
	float used;
	tb_status st = frame(T, b, y, h, bottom);
	if (st == TB_OK)
		st = place_lines(T, b, from, y, h, mode, valign, &used);
	return st;
}

/* Close the open segment of a merged cell at `bottom_y` on the current page. */
static tb_status close_merged(tbl *T, cellbox *b, float bottom_y, bool last)
{
	bool only = last && b->segments == 0;
	if (last && b->overflow > T->ghost)
		T->ghost = b->overflow;
	tb_status st = cell_fragment(T, b, b->seg_y, bottom_y - b->seg_y,
	                             last ? LINES_ALL : LINES_FIT, only, true, &b->next_line);
	b->segments++;
	return st;
}

static tb_status place_row(tbl *T, int r, float h, bool repeat);

static tb_status table_new_page(tbl *T, int r)
{
	size_t i;
	int k;
	tb_status st;
	/* Merged cells still open close on this page. */
	for (i = 0; i < T->nmerged; i++) {
		cellbox *b = &T->cb[T->merged[i]];
		if (b->rowspan > 1 && b->row < r && b->row + b->rowspan > r)
			if ((st = close_merged(T, b, T->f->y, false)) != TB_OK)
				return st;
	}
	if ((st = flush_pending(T)) != TB_OK || (st = lay_flow_new_page(T->f)) != TB_OK)
		return st;
	T->ghost = 0;
	for (k = 0; k < T->nheader && r >= T->nheader; k++)
		if ((st = place_row(T, k, T->h[k], true)) != TB_OK)
			return st;
	for (i = 0; i < T->nmerged; i++) {
		cellbox *b = &T->cb[T->merged[i]];
		if (b->rowspan > 1 && b->row < r && b->row + b->rowspan > r)
			b->seg_y = T->f->y;
	}
	T->page_fresh = true;
	return TB_OK;
}

/* A whole row (or the last fragment of a split one) at the flow's y, height h. */
static tb_status place_row(tbl *T, int r, float h, bool repeat)
{
	float y = T->f->y;
	size_t i;
	tb_status st = TB_OK;
	bool exact = T->rows[r]->height_rule == 2;
	T->npend = 0; /* this row's top edges replace the pending bottom edges */
	for (i = T->rfirst[r]; i < T->rfirst[r + 1] && st == TB_OK; i++) {
		cellbox *b = &T->cb[i];
		if (b->row == r && b->rowspan == 1) {
			size_t from = repeat ? 0 : b->next_line;
			st = cell_fragment(T, b, y, h, exact ? LINES_CLIP : LINES_ALL,
			                   b->next_line == 0 || repeat, true, &from);
			if (!repeat)
				b->next_line = from;
		} else if (b->row == r && !repeat)
			b->seg_y = y;
	}
	T->f->y = y + h;
	T->f->fresh = false;
	T->f->blank = false;
	/* Merged cells whose last row this is. */
	for (i = 0; i < T->nmerged && st == TB_OK && !repeat; i++) {
		cellbox *b = &T->cb[T->merged[i]];
		if (b->rowspan > 1 && b->row + b->rowspan - 1 == r)
			st = close_merged(T, b, T->f->y, true);
	}
	return st;
}

/* Remaining height the row's single-row cells need. */
static float remaining(const tbl *T, int r)
{
	float h = 0;
	size_t i;
	for (i = T->rfirst[r]; i < T->rfirst[r + 1]; i++) {
		const cellbox *b = &T->cb[i];
		float need;
		if (b->row != r || b->rowspan != 1 || b->c->text_dir != TB_TEXT_HORIZONTAL)
			continue;
		need = lines_height(&b->lines, b->next_line) + b->mar[0] + b->mar[2];
		if (need > h)
			h = need;
	}
	return h;
}

/* `need`, or more if a merged cell whose last row is r has lines still to place. */
static float merged_remaining(const tbl *T, int r, float need)
{
	size_t i;
	for (i = 0; i < T->nmerged; i++) {
		const cellbox *b = &T->cb[T->merged[i]];
		float h;
		if (b->row + b->rowspan - 1 != r || b->c->text_dir != TB_TEXT_HORIZONTAL)
			continue;
		h = lines_height(&b->lines, b->next_line) + b->mar[0] + b->mar[2];
		if (h > need)
			need = h;
	}
	return need;
}

static bool some_line_fits(const tbl *T, int r, float avail)
{
	size_t i;
	for (i = T->rfirst[r]; i < T->rfirst[r + 1]; i++) {
		const cellbox *b = &T->cb[i];
		const lay_line *ln;
		if (b->row != r || b->rowspan != 1 || b->next_line >= b->lines.n ||
		    b->c->text_dir != TB_TEXT_HORIZONTAL)
			continue;
		ln = &b->lines.v[b->next_line];
		if (b->mar[0] + b->mar[2] + ln->before + ln->height <= avail)
			return true;
	}
	return false;
}

/* A fragment of row r filling what is left of the page. */
static tb_status split_row(tbl *T, int r, float avail, float *used)
{
	float y = T->f->y, h = 0;
	size_t i;
	tb_status st = TB_OK;
	/* First find how far each cell gets, then draw all frames at one height. */
	T->npend = 0;
	for (i = T->rfirst[r]; i < T->rfirst[r + 1]; i++) {
		cellbox *b = &T->cb[i];
		float hh = b->mar[0] + b->mar[2];
		size_t k;
		if (b->row != r || b->rowspan != 1 || b->c->text_dir != TB_TEXT_HORIZONTAL)
			continue;
		for (k = b->next_line; k < b->lines.n; k++) {
			const lay_line *ln = &b->lines.v[k];
			if (hh + ln->before + ln->height > avail + 0.01f)
				break;
			hh += ln->before + ln->height + ln->after;
		}
		if (hh > h)
			h = hh;
	}
	/* A merged cell ending in this row takes the row down as far as its own lines go;
	 * its bottom border must fit on the page too (LibreOffice 7.4, table_merge_split). */
	for (i = 0; i < T->nmerged; i++) {
		const cellbox *b = &T->cb[T->merged[i]];
		float hh = b->mar[0] + b->mar[2], room = y + avail - b->seg_y - b->bd[2].width;
		size_t k;
		if (b->row + b->rowspan - 1 != r || b->c->text_dir != TB_TEXT_HORIZONTAL)
			continue;
		for (k = b->next_line; k < b->lines.n; k++) {
			const lay_line *ln = &b->lines.v[k];
			if (hh + ln->before + ln->height > room + 0.01f)
				break;
			hh += ln->before + ln->height + ln->after;
		}
		if (b->seg_y + hh - y > h)
			h = b->seg_y + hh - y;
	}
	if (h > avail)
		h = avail;
	for (i = T->rfirst[r]; i < T->rfirst[r + 1] && st == TB_OK; i++) {
		cellbox *b = &T->cb[i];
		if (b->row == r && b->rowspan == 1)
			st = cell_fragment(T, b, y, h, LINES_FIT, false, true, &b->next_line);
		else if (b->row == r)
			b->seg_y = y;
	}
	T->f->y = y + h;
	T->f->fresh = false;
	T->f->blank = false;
	*used = h;
	return st;
}

/* The footnote references in row r's cells not placed yet (merged cells at their first
 * row), and their notes laid out for the foot of this page: *h their height. */
static tb_status row_notes(tbl *T, int r, tb_dl_page *refs, lay_lines *out, float *h)
{
	size_t i, k, j;
	tb_status st = TB_OK;
	*h = 0;
	refs->n = 0;
	for (i = T->rfirst[r]; i < T->rfirst[r + 1] && st == TB_OK; i++) {
		const cellbox *b = &T->cb[i];
		if (b->row != r)
			continue;
		for (k = b->next_line; k < b->lines.n && st == TB_OK; k++)
			for (j = 0; j < b->lines.v[k].items.n && st == TB_OK; j++) {
				const tb_dl_item *it = &b->lines.v[k].items.items[j];
				if (it->kind == TB_DL_ANCHOR && it->u.anchor.what == 0)
					st = tb_dl_push(refs, it);
			}
	}
	if (st == TB_OK && refs->n)
		st = lay_notes_collect(T->f, refs, out, h);
	return st;
}

/* Word keeps a row on the page of the next row when every paragraph in it is
 * keep-with-next: a table's closing rows stay together (a total and the seal box under it). */
static bool row_keeps_next(const tb_row *rw)
{
	const tb_cell *c;
	const tb_block *b;
	bool any = false;
	for (c = rw->first; c; c = c->next)
		for (b = c->first; b; b = b->next) {
			if (b->kind != TB_BLOCK_PARA || !b->pp.keep_next)
				return false;
			any = true;
		}
	return any;
}

/* Height of the keep-with-next chain starting at row r (the chained rows and the row they
 * keep with), 0 when r starts none. */
static float keep_chain(const tbl *T, int r)
{
	float h = 0;
	int j;
	if (r > T->nheader && row_keeps_next(T->rows[r - 1]))
		return 0; /* inside a chain: its start decided */
	for (j = r; j < T->nrows && row_keeps_next(T->rows[j]); j++)
		h += T->h[j];
	return j == r ? 0 : h + (j < T->nrows ? T->h[j] : 0);
}

tb_status lay_table(lay_ctx *L, const tb_table *t, lay_flow *f)
{
	tbl T;
	int r;
	size_t i;
	tb_status st;
	tb_dl_page refs;
	memset(&refs, 0, sizeof(refs));
	memset(&T, 0, sizeof(T));
	T.L = L;
	T.f = f;
	T.t = t;
	T.nrows = t->nrows;
	T.ncols = t->ncols;
	if (T.nrows <= 0 || T.ncols <= 0)
		return TB_OK;
	if ((st = columns(&T)) != TB_OK || (st = build(&T)) != TB_OK)
		goto cleanup;
	T.page_fresh = f->fresh;
	for (r = 0; r < T.nrows && st == TB_OK; r++) {
		float rem = T.h[r], minleft = T.hmin[r], page = f->bottom - f->top, hdr = 0;
		bool exact = T.rows[r]->height_rule == 2;
		bool splittable = !T.rows[r]->cant_split && !exact && r >= T.nheader;
		int k;
		for (k = 0; k < T.nheader && r >= T.nheader; k++)
			hdr += T.h[k];
		/* A row that can't split (or a header row) taller than any page splits anyway,
		 * starting where it is, as LibreOffice does; rather than run off the page. */
		if (!splittable && !exact && f->out && rem > page - hdr + 0.01f) {
			splittable = true;
			/* ...except the only body row of a table with nothing visible above it on
			 * the page (empty paragraphs): that starts on the next page (LibreOffice
			 * 7.4; with text above or another row after, it splits where it is). */
			if (!T.page_fresh && f->blank && T.nrows - T.nheader == 1 &&
			    (st = table_new_page(&T, r)) != TB_OK)
				break;
		}
		if (f->out && !T.page_fresh && r >= T.nheader) {
			/* A keep-with-next chain that does not fit starts on the next page (unless
			 * it would not fit on any page). */
			float chain = keep_chain(&T, r);
			if (chain > f->bottom - f->y + 0.01f && chain < (f->bottom - f->top) * 0.8f &&
			    (st = table_new_page(&T, r)) != TB_OK)
				break;
		}
		for (;;) {
			float avail = f->bottom - f->y - T.ghost, used, nh = 0;
			lay_lines notes = {0};
			/* Footnotes referenced in the row go on its page: a row that fits but not
			 * with its notes goes to the next page (unless the page is fresh). */
			if (f->out && (st = row_notes(&T, r, &refs, &notes, &nh)) != TB_OK) {
				lay_lines_free(&notes);
				break;
			}
			if (!f->out || rem <= avail - nh + 0.01f || (nh > 0 && T.page_fresh &&
			                                              rem <= avail + 0.01f)) {
				if (nh > 0 && (st = lay_notes_reserve(f, &refs, &notes, nh)) != TB_OK) {
					lay_lines_free(&notes);
					break;
				}
				lay_lines_free(&notes);
				st = place_row(&T, r, rem, false);
				T.page_fresh = false;
				break;
			}
			lay_lines_free(&notes);
			if (nh > 0 && rem <= avail + 0.01f) {
				if ((st = table_new_page(&T, r)) != TB_OK)
					break;
				continue;
			}
			if (!T.page_fresh && (!splittable || !some_line_fits(&T, r, avail))) {
				if ((st = table_new_page(&T, r)) != TB_OK)
					break;
				continue;
			}
			if (!splittable || !some_line_fits(&T, r, avail)) {
				/* An exact height taller than the page, or a line taller than the
				 * page: it overflows. */
				st = place_row(&T, r, rem, false);
				T.page_fresh = false;
				break;
			}
			if ((st = split_row(&T, r, avail, &used)) != TB_OK)
				break;
			if ((st = table_new_page(&T, r)) != TB_OK)
				break;
			{
				/* The rest: what the row's own height has left, or the lines of its
				 * cells not placed yet. A row grown by a merged cell ending in it
				 * moves on only as that cell's remaining lines (LibreOffice 7.4),
				 * not as the rest of the grown height. */
				float need = merged_remaining(&T, r, remaining(&T, r));
				minleft -= used;
				if (T.h[r] > T.hmin[r])
					rem = minleft > need ? minleft : need;
				else
					rem = rem - used > need ? rem - used : need;
			}
		}
		if (r >= T.nheader && f->first_row_end <= 0)
			f->first_row_end = f->y;
		if (f->out && f->L->max_pages && f->pages > f->L->max_pages)
			break;
	}
	if (st == TB_OK)
		st = flush_pending(&T);
	f->y += T.ghost;
	free(refs.items);
cleanup:
	for (i = 0; i < T.ncb; i++) {
		lay_lines_free(&T.cb[i].lines);
		free(T.cb[i].seal);
		free(T.cb[i].seal_label);
	}
	free(T.cb);
	free(T.colx);
	free(T.h);
	free(T.hmin);
	free(T.rows);
	free(T.owner);
	free(T.pend);
	free(T.rfirst);
	free(T.merged);
	return st;
}

tb_status lay_table_first_row(lay_ctx *L, const tb_table *t, float width, float *h)
{
	lay_flow f;
	tb_status st;
	size_t i;
	memset(&f, 0, sizeof(f));
	f.L = L;
	f.page = &f.collect;
	f.width = width;
	f.bottom = INFINITY;
	f.fresh = true;
	st = lay_table(L, t, &f);
	*h = f.first_row_end > 0 ? f.first_row_end : f.y;
	for (i = 0; i < f.collect.n; i++) {
		tb_dl_item_free(&f.collect.items[i]);
	}
	free(f.collect.items);
	return st;
}
