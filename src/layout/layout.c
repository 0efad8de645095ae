/* layout.c: the layout driver: sections → pages, the page flow with keep-with-next and page
 * breaks, headers and footers with page numbers (laid out after the body, when the page
 * count is known: "第 X 页 共 Y 页"), and the entry points of layout.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/ctx.h"
#include "core/vec.h"
#include "doc/doc.h"
#include "layout/lay.h"

#define DEFAULT_MAX_PAGES 2000
#define TB_DOC_MAX_DEPTH_LAYOUT 16

tb_status lay_lines_push(lay_lines *ls, lay_line **out)
{
	if (TB_GROW(ls->v, ls->cap, ls->n + 1) != TB_OK)
		return TB_ENOMEM;
	*out = &ls->v[ls->n++];
	memset(*out, 0, sizeof(**out));
	return TB_OK;
}

static void items_free(tb_dl_page *p)
{
	size_t i;
	for (i = 0; i < p->n; i++) {
		tb_dl_item_free(&p->items[i]);
	}
	free(p->items);
	memset(p, 0, sizeof(*p));
}

void lay_line_free(lay_line *ln)
{
	items_free(&ln->items);
	free(ln->seal);
	free(ln->seal_label);
}

void lay_lines_free(lay_lines *ls)
{
	size_t i;
	for (i = 0; i < ls->n; i++)
		lay_line_free(&ls->v[i]);
	free(ls->v);
	memset(ls, 0, sizeof(*ls));
}

void lay_shift_item(tb_dl_item *it, float dx, float dy)
{
	size_t k;
	switch (it->kind) {
	case TB_DL_GLYPHS:
		it->u.glyphs.y += dy;
		it->u.glyphs.px += dx; /* a turned run turns about a point that moves with it */
		it->u.glyphs.py += dy;
		for (k = 0; k < it->u.glyphs.n; k++)
			it->u.glyphs.glyphs[k].x += dx;
		break;
	case TB_DL_RULE:
		it->u.rule.x1 += dx;
		it->u.rule.x2 += dx;
		it->u.rule.y1 += dy;
		it->u.rule.y2 += dy;
		break;
	case TB_DL_RECT:
	case TB_DL_CLIP:
		it->u.rect.x += dx;
		it->u.rect.y += dy;
		break;
	case TB_DL_IMAGE:
		it->u.image.x += dx;
		it->u.image.y += dy;
		break;
	case TB_DL_SEAL:
	case TB_DL_BOX:
		it->u.seal.x += dx;
		it->u.seal.y += dy;
		break;
	case TB_DL_PATH:
		for (k = 0; k < it->u.path.npts; k++) {
			it->u.path.pts[k].x += dx;
			it->u.path.pts[k].y += dy;
		}
		break;
	case TB_DL_ANCHOR:
		it->u.anchor.x += dx;
		it->u.anchor.y += dy;
		break;
	case TB_DL_CLIP_END:
		break;
	}
}

tb_status lay_copy_items(tb_dl_page *dst, const tb_dl_page *src, float dx, float dy)
{
	size_t i;
	for (i = 0; i < src->n; i++) {
		tb_dl_item it = src->items[i];
		tb_status st;
		if ((st = tb_dl_item_dup(&it)) != TB_OK)
			return st;
		lay_shift_item(&it, dx, dy);
		if ((st = tb_dl_push(dst, &it)) != TB_OK) {
			tb_dl_item_free(&it);
			return st;
		}
	}
	return TB_OK;
}

tb_status lay_push_seal(tb_dl_page *p, float x, float y, float w, float h, const char *name,
                        const char *label)
{
	tb_dl_item it;
	memset(&it, 0, sizeof(it));
	it.kind = TB_DL_SEAL;
	/* Markers arrive as "seal_<name>" or "box_<name>" (the bookmark less its "tb_"). */
	if (!strncmp(name, "box_", 4)) {
		it.kind = TB_DL_BOX;
		name += 4;
	} else if (!strncmp(name, "seal_", 5))
		name += 5;
	it.u.seal.x = x;
	it.u.seal.y = y;
	it.u.seal.w = w;
	it.u.seal.h = h;
	it.u.seal.name = strdup(name);
	it.u.seal.label = strdup(label ? label : "");
	if (!it.u.seal.name || !it.u.seal.label || tb_dl_push(p, &it) != TB_OK) {
		free(it.u.seal.name);
		free(it.u.seal.label);
		return TB_ENOMEM;
	}
	return TB_OK;
}

void lay_flow_columns(lay_flow *f, const tb_section *s)
{
	/* The text area as set up (a character grid narrows and centres it). */
	float width = f->width, x = f->left;
	int n = s->columns > 1 ? s->columns : 1, i;
	bool equal = true;
	if (n > TB_MAX_COLUMNS)
		n = TB_MAX_COLUMNS;
	for (i = 0; i < n && n > 1; i++)
		if (s->col_w[i] <= 0)
			break;
	equal = n == 1 || i < n;
	for (i = 0; i < n; i++) {
		float w = equal ? (width - s->col_gap * (float)(n - 1)) / (float)n : s->col_w[i];
		if (w < 18)
			w = 18;
		f->col_x[i] = x;
		f->col_w[i] = w;
		x += w + (equal ? s->col_gap : s->col_space[i]);
	}
	f->ncols = n;
	f->col = 0;
	f->left = f->col_x[0];
	f->width = f->col_w[0];
}

/* Rules between the columns of a finished page, as tall as the text in them. */
static tb_status column_rules(lay_flow *f)
{
	const tb_section *s = f->L->sect;
	static const tb_rgb black = {0, 0, 0};
	tb_status st = TB_OK;
	int i;
	if (!s->col_sep || f->ncols < 2 || f->col_maxy <= f->col_top)
		return TB_OK;
	for (i = 1; i < f->ncols && st == TB_OK; i++) {
		float x = (f->col_x[i - 1] + f->col_w[i - 1] + f->col_x[i]) / 2;
		st = tb_dl_push_rule(f->page, x, f->col_top, x, f->col_maxy, 0.5f, black, 0);
	}
	return st;
}

tb_status lay_flow_finish_page(lay_flow *f)
{
	tb_status st;
	if (!f->out || !f->page)
		return TB_OK;
	if ((st = lay_resolve_anchors(f, 0)) != TB_OK || (st = lay_notes_flush(f)) != TB_OK)
		return st;
	lay_page_reset(f->L);
	return TB_OK;
}

void lay_flow_set_bottom(lay_flow *f)
{
	f->bottom = f->page_bottom - f->L->pg.notes_h;
	if (f->grid_floor > 0 && f->bottom > f->top)
		f->bottom = f->top + floorf((f->bottom - f->top) / f->grid_floor + 0.001f) * f->grid_floor;
}

tb_status lay_flow_page_break(lay_flow *f)
{
	const tb_section *s = f->L->sect;
	tb_status st;
	if (!f->out) {
		f->fresh = true;
		return TB_OK;
	}
	if (f->page && ((st = column_rules(f)) != TB_OK || (st = lay_flow_finish_page(f)) != TB_OK))
		return st;
	if (f->L->max_pages && f->pages >= f->L->max_pages) {
		tb_error(f->L->ctx, "layout.limit", f->L->doc->part, 0, 0,
		         "Split the document or raise the page limit.",
		         "the document lays out to more than %d pages", f->L->max_pages);
		return TB_ELIMIT;
	}
	if (!(f->page = tb_dl_add_page(f->out, s->page_w, s->page_h)))
		return TB_ENOMEM;
	f->pages++;
	f->L->page_no++;
	f->y = f->top;
	lay_flow_set_bottom(f);
	f->col = 0;
	if (f->ncols > 0) {
		f->left = f->col_x[0];
		f->width = f->col_w[0];
	}
	f->col_top = f->top;
	f->col_maxy = f->top;
	f->fresh = true;
	f->blank = true;
	f->natural = true; /* callers at explicit breaks say otherwise */
	return TB_OK;
}

tb_status lay_flow_new_page(lay_flow *f)
{
	if (f->out && f->ncols > 1 && f->col + 1 < f->ncols) {
		if (f->y > f->col_maxy)
			f->col_maxy = f->y;
		f->col++;
		f->left = f->col_x[f->col];
		f->width = f->col_w[f->col];
		f->y = f->col_top;
		f->fresh = true;
		f->blank = true;
		f->natural = true;
		return TB_OK;
	}
	return lay_flow_page_break(f);
}

/* A page (explicit_page) or column (explicit_column) begun at a break in the document: the
 * first paragraph keeps its space before. */
static tb_status explicit_page(lay_flow *f)
{
	tb_status st = lay_flow_page_break(f);
	f->natural = false;
	return st;
}

static tb_status explicit_column(lay_flow *f)
{
	tb_status st = lay_flow_new_page(f);
	f->natural = false;
	return st;
}

tb_status lay_flow_place_line(lay_flow *f, const lay_line *ln, float dx, bool may_break)
{
	tb_status st;
	float before;
	if (ln->page_break_before && !f->fresh && f->out)
		if ((st = explicit_page(f)) != TB_OK)
			return st;
	if ((st = lay_notes_for_line(f, ln, may_break)) != TB_OK)
		return st;
	if (may_break && f->out && !f->fresh && f->y + ln->before + ln->height > f->bottom + 0.01f)
		if ((st = lay_flow_new_page(f)) != TB_OK)
			return st;
	/* The first line of a page: its paragraph's own space before, except after a natural
	 * page break, where LibreOffice drops it (SwFlowFrame::HasParaSpaceAtPages), and no
	 * proportional spacing above it. */
	before = !f->fresh ? ln->before : f->natural && f->out ? 0 : ln->before_top;
	if (f->fresh && f->out)
		before -= ln->line_extra;
	if ((st = lay_copy_items(f->page, &ln->items, f->left + dx, f->y + before)) != TB_OK)
		return st;
	if (ln->seal && (st = lay_push_seal(f->page, f->left + dx, f->y + before, ln->seal_w,
	                                    ln->seal_h, ln->seal, ln->seal_label)) != TB_OK)
		return st;
	f->y += before + ln->height + ln->after;
	f->prop_extra = ln->para ? ln->prop_extra : 0;
	if (f->y > f->col_maxy)
		f->col_maxy = f->y;
	f->fresh = false;
	if (f->blank) {
		size_t k;
		for (k = 0; k < ln->items.n && ln->items.items[k].kind == TB_DL_ANCHOR; k++)
			;
		f->blank = k == ln->items.n && !ln->seal;
	}
	if (ln->page_break_after && f->out)
		return explicit_page(f);
	if (ln->column_break_after && f->out)
		return explicit_column(f);
	return TB_OK;
}

tb_status lay_place_lines(lay_flow *f, lay_lines *ls, float tail)
{
	size_t i, j;
	tb_status st;
	for (i = 0; i < ls->n; i++) {
		const lay_line *ln = &ls->v[i];
		if (ln->page_break_before && !f->fresh && f->out) {
			if ((st = explicit_page(f)) != TB_OK)
				return st;
		}
		/* Keep-with-next chains (keep_next, keepLines): move the chain to a new page when
		 * it does not fit here but fits on a page. */
		if (f->out && !f->fresh && ln->keep_next && (i == 0 || !ls->v[i - 1].keep_next)) {
			float h = 0;
			for (j = i; j < ls->n && j < i + 60; j++) {
				h += ls->v[j].before + ls->v[j].height + (ls->v[j].keep_next ? ls->v[j].after : 0);
				if (!ls->v[j].keep_next)
					break;
				if (j + 1 == ls->n)
					h += tail; /* the chain reaches into the next block */
			}
			if (f->y + h > f->bottom + 0.01f && h <= f->bottom - f->top)
				if ((st = lay_flow_new_page(f)) != TB_OK)
					return st;
		}
		if ((st = lay_flow_place_line(f, ln, 0, true)) != TB_OK)
			return st;
	}
	return TB_OK;
}

/* Nothing in the paragraph but bookmarks: LibreOffice's empty paragraph. */
static bool para_is_empty(const tb_block *b)
{
	const tb_inline *in;
	for (in = b->first; in; in = in->next)
		if (in->kind != TB_IN_BOOKMARK && !(in->kind == TB_IN_TEXT && !in->len))
			return false;
	return true;
}

tb_status lay_blocks(lay_ctx *L, const tb_block *first, float width, lay_lines *out)
{
	const tb_block *b;
	tb_status st = TB_OK;
	for (b = first; b && st == TB_OK; b = b->next) {
		if (b->kind == TB_BLOCK_PARA) {
			L->cell_first = L->in_cell > 0 && b == first;
			L->cell_last = L->in_cell > 0 && !b->next;
			st = lay_para(L, b, width, out);
			L->cell_first = L->cell_last = false;
			/* A cell's last paragraph with proportional spacing over 100 % adds 115 % of
			 * the extra for its font size below itself (AddParaLineSpacingToTableCells). */
			if (st == TB_OK && !b->next && L->in_cell > 0 && out->n &&
			    L->doc->compat.line_space_in_cells &&
			    b->pp.line_rule == TB_LINE_MULTIPLE && lay_prop_percent(&b->pp) > 100) {
				/* An empty paragraph carries its mark's properties (writerfilter copies
				 * them onto it, tdf#64222); another one its own (style) size. */
				const tb_rprops *f = b->pp.font.size > 0 && !para_is_empty(b) ? &b->pp.font
				                                                               : &b->pp.mark;
				int size = lay_tw(f->size > 0 ? f->size : 10.5f);
				int extra = size * (lay_prop_percent(&b->pp) - 100) * 115 / 10000;
				out->v[out->n - 1].after += (float)extra / 20.0f;
			}
		} else if (L->depth < TB_DOC_MAX_DEPTH_LAYOUT) {
			/* A nested table: laid out on an endless page, then one unsplittable line. */
			lay_flow f;
			lay_line *ln;
			memset(&f, 0, sizeof(f));
			f.L = L;
			f.page = &f.collect;
			f.width = width;
			f.bottom = INFINITY;
			f.fresh = true;
			L->depth++;
			st = lay_table(L, b->table, &f);
			L->depth--;
			if (st == TB_OK && (st = lay_lines_push(out, &ln)) == TB_OK) {
				ln->items = f.collect;
				ln->height = f.y;
				memset(&f.collect, 0, sizeof(f.collect));
			}
			items_free(&f.collect);
		}
	}
	return st;
}

/* Height of a header or footer story laid out at `width`. */
static tb_status story_height(lay_ctx *L, const tb_story *story, float width, float *h)
{
	lay_lines ls = {0};
	size_t i;
	tb_status st;
	*h = 0;
	if (!story || !story->first)
		return TB_OK;
	L->no_grid++; /* headers and footers never snap to the document grid */
	st = lay_blocks(L, story->first, width, &ls);
	L->no_grid--;
	for (i = 0; i < ls.n; i++)
		*h += ls.v[i].before + ls.v[i].height + ls.v[i].after;
	/* The last paragraph's space-after and proportional spacing count only with
	 * HeaderSpacingBelowLastPara (DOCX; LibreOffice's own documents leave it off). */
	if (ls.n && L->doc->compat.header_space_below_last)
		*h += ls.v[ls.n - 1].prop_extra;
	else if (ls.n)
		*h -= ls.v[ls.n - 1].after;
	lay_lines_free(&ls);
	return st;
}

/* With a line grid, the text area holds whole pitches (at most the grid's lines per page)
 * and is centred vertically in the body (SwBodyFrame::Format). */
static void grid_body(const tb_section *s, lay_flow *f)
{
	int g, body, n, off;
	if (!s->grid_lines || s->line_pitch <= 0)
		return;
	if (s->grid_chars && s->char_pitch > 0) {
		/* A character grid: whole cells, centred horizontally. */
		int gw = lay_tw(s->char_pitch), w = lay_tw(f->width), cells = w / gw;
		if (cells >= 1) {
			f->left += (float)((w - cells * gw) / 2) / 20.0f;
			f->width = (float)(cells * gw) / 20.0f;
		}
	}
	g = lay_tw(lay_grid_pitch(s));
	body = lay_tw(f->bottom - f->top);
	n = body / g;
	if (s->grid_line_count > 0 && n > s->grid_line_count)
		n = s->grid_line_count;
	if (n < 1)
		return;
	/* Not when the document has notes: the footnotes take the foot of the page, the text
	 * above them holds whole pitches from the top (SwBodyFrame::Format centres only
	 * without footnotes). */
	if (f->L->doc->nnotes) {
		f->grid_floor = (float)g / 20.0f;
		return;
	}
	off = (body - n * g) / 2;
	f->top += (float)off / 20.0f;
	f->bottom = f->top + (float)(n * g) / 20.0f;
}

/* Where each page came from, for headers and footers. */
typedef struct page_info {
	const tb_section *sect;
	int number;
	bool first_of_section;
} page_info;

/* Would lines fill at most ncols columns of height h, the way lay_place_lines places them
 * (keep-with-next chains move to the next column when they fit in one)? */
static bool columns_fit(const lay_lines *ls, int ncols, float h)
{
	int col = 0;
	float y = 0;
	size_t i, j;
	for (i = 0; i < ls->n; i++) {
		const lay_line *ln = &ls->v[i];
		float lh = ln->before + ln->height + ln->after;
		if (ln->page_break_before || ln->column_break_after || ln->page_break_after)
			return false; /* explicit breaks: no balancing */
		if (ln->keep_next && (i == 0 || !ls->v[i - 1].keep_next)) {
			float ch = 0;
			for (j = i; j < ls->n && j < i + 60; j++) {
				ch += ls->v[j].before + ls->v[j].height + ls->v[j].after;
				if (!ls->v[j].keep_next)
					break;
			}
			if (y > 0 && y + ch > h && ch <= h) {
				col++;
				y = 0;
			}
		}
		if (y > 0 && y + ln->before + ln->height > h) {
			col++;
			y = 0;
		}
		if (col >= ncols)
			return false;
		y += lh;
	}
	return true;
}

/* Columns of a section followed by a continuous one are balanced (Word and LibreOffice do):
 * the flow's bottom is lowered to the least height at which the section's text fills its
 * columns on this page. A section that does not fit on the page is not balanced. */
static tb_status balance_columns(lay_ctx *L, const tb_section *s, lay_flow *f)
{
	lay_lines ls = {0};
	float lo = 0, hi = f->bottom - f->col_top, total = 0;
	size_t i;
	int k;
	tb_status st;
	if (f->ncols < 2 || hi <= 0)
		return TB_OK;
	if ((st = lay_blocks(L, s->body.first, f->width, &ls)) != TB_OK)
		goto done;
	for (i = 0; i < ls.n; i++) {
		float lh = ls.v[i].before + ls.v[i].height + ls.v[i].after;
		total += lh;
		if (ls.v[i].before + ls.v[i].height > lo)
			lo = ls.v[i].before + ls.v[i].height;
	}
	if (!ls.n || !columns_fit(&ls, f->ncols, hi))
		goto done;
	if (total / (float)f->ncols > lo)
		lo = total / (float)f->ncols;
	for (k = 0; k < 24 && hi - lo > 0.5f; k++) {
		float mid = (lo + hi) / 2;
		if (columns_fit(&ls, f->ncols, mid))
			hi = mid;
		else
			lo = mid;
	}
	f->bottom = f->col_top + hi + 0.5f;
done:
	lay_lines_free(&ls);
	return st;
}

/* Does section s go on on the last page (a continuous section of the same page size)? */
static bool continues_page(const tb_section *s, const tb_dl_doc *out)
{
	return s->continuous && out->npages && s->page_w == out->pages[out->npages - 1].width &&
	       s->page_h == out->pages[out->npages - 1].height;
}

static tb_status body(lay_ctx *L, tb_dl_doc *out, page_info **pinfo)
{
	const tb_section *s;
	tb_status st = TB_OK;
	size_t np = 0, cap = 0;
	page_info *pi = NULL;
	float last_y = 0, last_extra = 0;
	int last_pages = 0;
	L->page_no = 0;
	for (s = L->doc->first; s && st == TB_OK; s = s->next) {
		lay_flow f;
		const tb_block *b;
		size_t first_page = out->npages, k;
		L->sect = s;
		memset(&f, 0, sizeof(f));
		f.L = L;
		f.out = out;
		f.left = s->mar_left;
		f.width = s->page_w - s->mar_left - s->mar_right;
		f.top = s->mar_top;
		f.bottom = s->page_h - s->mar_bottom;
		{
			/* A header or footer taller than its margin pushes the body, as in Word. */
			float hh = 0, fh = 0;
			if ((st = story_height(L, s->header, f.width, &hh)) != TB_OK ||
			    (st = story_height(L, s->footer, f.width, &fh)) != TB_OK)
				break;
			/* Without a header the body starts at the top margin, whatever w:header
			 * says (SectionPropertyMap::PrepareHeaderFooterProperties); the footer alike.
			 * (ODF: with the spacing between them, the header's fo:margin-bottom.) */
			if ((s->header || s->header_first || s->header_even) &&
			    s->header_dist + hh + s->header_space > f.top && !s->top_fixed)
				f.top = s->header_dist + hh + s->header_space;
			if ((s->footer || s->footer_first || s->footer_even) &&
			    s->page_h - s->footer_dist - fh - s->footer_space < f.bottom)
				f.bottom = s->page_h - s->footer_dist - fh - s->footer_space;
			if (f.bottom - f.top < 36)
				f.bottom = f.top + 36;
			grid_body(s, &f);
		}
		f.page_bottom = f.bottom;
		lay_flow_set_bottom(&f);
		lay_flow_columns(&f, s);
		if (continues_page(s, out)) {
			/* A continuous section goes on below the previous one on the same page. */
			f.page = &out->pages[out->npages - 1];
			f.y = last_y > f.top ? last_y + last_extra : f.top;
			lay_flow_set_bottom(&f);
			f.col_top = f.col_maxy = f.y;
			f.pages = last_pages;
			f.fresh = false;
			f.blank = false;
			first_page = out->npages; /* the shared page stays the earlier section's */
		} else {
			if (s->page_start > 0)
				L->page_no = s->page_start - 1;
			f.pages = last_pages; /* the page limit counts the whole document */
			if ((st = explicit_page(&f)) != TB_OK)
				break;
		}
		if (f.ncols > 1 && s->next && s->next->continuous && s->next->page_w == s->page_w &&
		    s->next->page_h == s->page_h)
			st = balance_columns(L, s, &f);
		for (b = s->body.first; b && st == TB_OK; b = b->next) {
			if (b->kind == TB_BLOCK_TABLE) {
				/* The previous paragraph's proportional spacing goes above the table
				 * too (SwFlowFrame::CalcUpperSpace). */
				if (!f.fresh)
					f.y += f.prop_extra;
				f.prop_extra = 0;
				st = lay_table(L, b->table, &f);
				continue;
			}
			if (lay_has_floats(b) || L->pg.nexcl) {
				/* Floating objects: the text goes around them, one paragraph at a time. */
				st = lay_para_around(&f, b, 0);
				continue;
			}
			{
				/* Consecutive paragraphs together, so keep-with-next can look ahead. */
				lay_lines ls = {0};
				const tb_block *e = b;
				float tail = 0;
				while (e && e->kind == TB_BLOCK_PARA && !lay_has_floats(e) && st == TB_OK) {
					L->doc_last = !e->next && !s->next;
					st = lay_para(L, e, f.width, &ls);
					L->doc_last = false;
					b = e;
					e = e->next;
					if (ls.n > 2000)
						break;
				}
				/* A heading kept with a following table needs the table's first row. */
				if (st == TB_OK && ls.n && ls.v[ls.n - 1].keep_next && e &&
				    e->kind == TB_BLOCK_TABLE)
					st = lay_table_first_row(L, e->table, f.width, &tail);
				/* And one kept with a shape in the next paragraph's line, the shape. */
				else if (st == TB_OK && ls.n && ls.v[ls.n - 1].keep_next && e &&
				         e->kind == TB_BLOCK_PARA)
					tail = lay_in_line_height(e);
				if (st == TB_OK)
					st = lay_place_lines(&f, &ls, tail);
				lay_lines_free(&ls);
			}
		}
		if (st == TB_OK && f.y > f.col_maxy)
			f.col_maxy = f.y;
		if (st == TB_OK)
			st = column_rules(&f); /* the section's columns on its last page */
		/* A continuous section after columns starts below the longest of them. */
		last_y = f.ncols > 1 ? f.col_maxy : f.y;
		last_extra = f.prop_extra;
		f.col_maxy = f.col_top; /* the rules are drawn */
		if (st == TB_OK && !s->next)
			st = lay_endnotes(&f);
		/* The page is finished unless the next section goes on on it. */
		if (st == TB_OK && !(s->next && continues_page(s->next, out)))
			st = lay_flow_finish_page(&f);
		last_pages = f.pages;
		/* Record each page of the section. */
		for (k = first_page; k < out->npages && st == TB_OK; k++) {
			if ((st = TB_GROW(pi, cap, np + 1)) != TB_OK)
				break;
			pi[np].sect = s;
			pi[np].first_of_section = k == first_page;
			if (k == first_page && s->page_start > 0)
				pi[np].number = s->page_start;
			else
				pi[np].number = np ? pi[np - 1].number + 1 : 1;
			np++;
		}
	}
	*pinfo = pi;
	if (st != TB_OK) {
		free(pi);
		*pinfo = NULL;
	}
	return st;
}

static tb_status header_footer(lay_ctx *L, tb_dl_doc *out, const page_info *pi)
{
	size_t p;
	tb_status st = TB_OK;
	L->num_pages = (int)out->npages;
	for (p = 0; p < out->npages && st == TB_OK; p++) {
		const tb_section *s = pi[p].sect;
		const tb_story *hs = s->header, *fs = s->footer;
		float width = s->page_w - s->mar_left - s->mar_right;
		int k;
		if (s->title_page && pi[p].first_of_section) {
			hs = s->header_first;
			fs = s->footer_first;
		} else if (L->doc->even_odd_headers && pi[p].number % 2 == 0) {
			hs = s->header_even;
			fs = s->footer_even;
		}
		L->sect = s;
		L->page_no = pi[p].number;
		L->page_index = p;
		for (k = 0; k < 2 && st == TB_OK; k++) {
			const tb_story *story = k ? fs : hs;
			lay_lines ls = {0};
			lay_flow f;
			float h;
			size_t i, from;
			if (!story || !story->first)
				continue;
			L->no_grid++;
			st = lay_blocks(L, story->first, width, &ls);
			L->no_grid--;
			for (h = 0, i = 0; i < ls.n; i++)
				h += ls.v[i].before + ls.v[i].height + ls.v[i].after;
			memset(&f, 0, sizeof(f));
			f.L = L;
			f.page = &out->pages[p];
			f.left = s->mar_left;
			f.width = width;
			f.y = k ? s->page_h - s->footer_dist - h : s->header_dist;
			f.bottom = INFINITY;
			from = f.page->n;
			for (i = 0; i < ls.n && st == TB_OK; i++)
				st = lay_flow_place_line(&f, &ls.v[i], 0, false);
			/* Objects anchored in the header or footer, on every page it is on. */
			lay_page_reset(L);
			if (st == TB_OK)
				st = lay_resolve_anchors(&f, from);
			lay_lines_free(&ls);
		}
	}
	return st;
}

/* The fonts the document embeds as faces (NULL when it embeds none, or none is usable). */
static tb_status embedded_fonts(tb_ctx *ctx, const tb_doc *doc, tb_font_set **out)
{
	const tb_doc_font *e;
	tb_status st = TB_OK;
	*out = NULL;
	if (!doc->fonts)
		return TB_OK;
	if ((st = tb_font_set_new(out)) != TB_OK)
		return st;
	for (e = doc->fonts; e && st == TB_OK; e = e->next)
		st = tb_font_set_add(ctx, *out, e->family, e->bold, e->italic, e->data, e->len, e->part);
	if (st != TB_OK || tb_font_set_count(*out) == 0) {
		tb_font_set_free(*out);
		*out = NULL;
	}
	return st;
}

tb_status tb_layout_doc(tb_ctx *ctx, const tb_doc *doc, const tb_layout_options *opts,
                        tb_dl_doc **out)
{
	lay_ctx L;
	tb_dl_doc *d = NULL;
	page_info *pi = NULL;
	tb_font_set *set = NULL;
	tb_status st;
	int pass, guess = 1;
	*out = NULL;
	memset(&L, 0, sizeof(L));
	L.ctx = ctx;
	L.doc = doc;
	L.max_pages = opts && opts->max_pages > 0 ? opts->max_pages : DEFAULT_MAX_PAGES;
	if ((st = tb_fonts_get(ctx, &L.fonts)) != TB_OK)
		return st;
	if ((st = embedded_fonts(ctx, doc, &set)) != TB_OK)
		return st;
	tb_fonts_use_set(L.fonts, set);
	L.track_styles = lay_styleref_used(doc);
	/* NUMPAGES in the body needs the page count: a second pass when the guess was wrong. */
	for (pass = 0; pass < 3; pass++) {
		tb_dl_doc_free(d);
		free(pi);
		pi = NULL;
		if (!(d = tb_dl_doc_new())) {
			st = TB_ENOMEM;
			goto fail;
		}
		L.num_pages = guess;
		L.used_numpages = false;
		L.nstyled = 0;
		lay_page_reset(&L);
		if ((st = body(&L, d, &pi)) != TB_OK)
			goto fail;
		if (!L.used_numpages || (int)d->npages == guess)
			break;
		guess = (int)d->npages;
	}
	if ((st = header_footer(&L, d, pi)) != TB_OK)
		goto fail;
	free(pi);
	lay_page_reset(&L);
	free(L.pg.done);
	free(L.styled);
	free(L.spare_atoms);
	free(L.spare_work);
	d->title = doc->title ? strdup(doc->title) : NULL;
	d->author = doc->author ? strdup(doc->author) : NULL;
	d->subject = doc->subject ? strdup(doc->subject) : NULL;
	d->keywords = doc->keywords ? strdup(doc->keywords) : NULL;
	d->lang = strdup("zh-CN");
	d->epoch = tb_ctx_epoch(ctx);
	/* Out of memory in a face lookup (fonts) or here: fail rather than lay out with another
	 * face or drop the title. */
	st = tb_fonts_status(L.fonts);
	tb_fonts_use_set(L.fonts, NULL);
	/* The embedded faces live as long as the display list drawn with them. */
	if (set) {
		d->owned = set;
		d->owned_free = tb_font_set_free_any;
	}
	if (st == TB_OK && (!d->lang || (doc->title && !d->title) || (doc->author && !d->author) ||
	                    (doc->subject && !d->subject) || (doc->keywords && !d->keywords)))
		st = TB_ENOMEM;
	if (st != TB_OK) {
		tb_dl_doc_free(d);
		return st;
	}
	*out = d;
	return TB_OK;
fail:
	tb_fonts_use_set(L.fonts, NULL);
	tb_font_set_free(set);
	lay_page_reset(&L);
	free(L.pg.done);
	free(L.styled);
	free(L.spare_atoms);
	free(L.spare_work);
	free(pi);
	tb_dl_doc_free(d);
	return st;
}

tb_status tb_layout_document(tb_ctx *ctx, const char *path, const tb_layout_options *opts,
                             tb_dl_doc **out)
{
	tb_doc *doc = NULL;
	tb_doc_read_options ro = {0};
	tb_status st;
	*out = NULL;
	ro.strict = opts ? opts->strict : 0;
	if ((st = tb_doc_read_file(ctx, path, &ro, &doc)) != TB_OK)
		return st;
	st = tb_layout_doc(ctx, doc, opts, out);
	tb_doc_free(doc);
	return st;
}

tb_status tb_layout_document_mem(tb_ctx *ctx, const char *name, const void *data, size_t len,
                                 const tb_layout_options *opts, tb_dl_doc **out)
{
	tb_doc *doc = NULL;
	tb_doc_read_options ro = {0};
	tb_status st;
	*out = NULL;
	ro.strict = opts ? opts->strict : 0;
	ro.own = opts ? opts->own : 0;
	if ((st = tb_doc_read_mem(ctx, name, data, len, &ro, &doc)) != TB_OK)
		return st;
	st = tb_layout_doc(ctx, doc, opts, out);
	tb_doc_free(doc);
	return st;
}
