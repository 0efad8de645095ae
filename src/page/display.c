/* display.c: the display list's containers (pages of positioned items). */
#include <stdlib.h>
#include <string.h>

#include "page/display.h"
#include "core/vec.h"

/* A document with more pages or a page with more items is refused: hostile input must not
 * grow the list without bound. */
#define TB_DL_MAX_PAGES 100000
#define TB_DL_MAX_ITEMS 4000000

tb_dl_doc *tb_dl_doc_new(void)
{
	return calloc(1, sizeof(tb_dl_doc));
}

void tb_dl_item_free(tb_dl_item *it)
{
	switch (it->kind) {
	case TB_DL_GLYPHS:
		free(it->u.glyphs.glyphs);
		break;
	case TB_DL_IMAGE:
		free((void *)it->u.image.data);
		break;
	case TB_DL_SEAL:
	case TB_DL_BOX:
		free(it->u.seal.name);
		free(it->u.seal.label);
		break;
	case TB_DL_PATH:
		free(it->u.path.ops);
		free(it->u.path.pts);
		break;
	default:
		break;
	}
}

static void *dup_mem(const void *src, size_t n)
{
	void *d = malloc(n ? n : 1);
	if (d && n)
		memcpy(d, src, n);
	return d;
}

tb_status tb_dl_item_dup(tb_dl_item *it)
{
	switch (it->kind) {
	case TB_DL_GLYPHS:
		it->u.glyphs.glyphs = dup_mem(it->u.glyphs.glyphs, it->u.glyphs.n * sizeof(tb_dl_glyph));
		return it->u.glyphs.glyphs ? TB_OK : TB_ENOMEM;
	case TB_DL_IMAGE:
		it->u.image.data = dup_mem(it->u.image.data, it->u.image.len);
		return it->u.image.data ? TB_OK : TB_ENOMEM;
	case TB_DL_SEAL:
	case TB_DL_BOX: {
		char *n = it->u.seal.name ? strdup(it->u.seal.name) : NULL;
		char *l = it->u.seal.label ? strdup(it->u.seal.label) : NULL;
		if ((it->u.seal.name && !n) || (it->u.seal.label && !l)) {
			free(n);
			free(l);
			it->u.seal.name = it->u.seal.label = NULL;
			return TB_ENOMEM;
		}
		it->u.seal.name = n;
		it->u.seal.label = l;
		return TB_OK;
	}
	case TB_DL_PATH: {
		uint8_t *ops = dup_mem(it->u.path.ops, it->u.path.nops);
		tb_dl_point *pts = dup_mem(it->u.path.pts, it->u.path.npts * sizeof(tb_dl_point));
		if (!ops || !pts) {
			free(ops);
			free(pts);
			it->u.path.ops = NULL;
			it->u.path.pts = NULL;
			return TB_ENOMEM;
		}
		it->u.path.ops = ops;
		it->u.path.pts = pts;
		return TB_OK;
	}
	default:
		return TB_OK;
	}
}

tb_status tb_dl_push_path(tb_dl_page *p, const uint8_t *ops, size_t nops, const tb_dl_point *pts,
                          size_t npts, const tb_dl_item *style)
{
	tb_dl_item it;
	tb_status st;
	memset(&it, 0, sizeof it);
	it.kind = TB_DL_PATH;
	if (style)
		it.u.path = style->u.path;
	it.u.path.ops = (uint8_t *)ops;
	it.u.path.nops = nops;
	it.u.path.pts = (tb_dl_point *)pts;
	it.u.path.npts = npts;
	if ((st = tb_dl_item_dup(&it)) != TB_OK)
		return st;
	if ((st = tb_dl_push(p, &it)) != TB_OK)
		tb_dl_item_free(&it);
	return st;
}

void tb_dl_turn_point(const tb_dl_item *it, float x, float y, float *page_x, float *page_y)
{
	float dx = x - it->u.glyphs.px, dy = y - it->u.glyphs.py;
	/* y grows down: a counterclockwise quarter turn takes (dx, dy) to (dy, -dx). */
	switch (it->u.glyphs.rot & 3) {
	case TB_DL_TURN_CCW:
		*page_x = it->u.glyphs.px + dy, *page_y = it->u.glyphs.py - dx;
		break;
	case TB_DL_TURN_HALF:
		*page_x = it->u.glyphs.px - dx, *page_y = it->u.glyphs.py - dy;
		break;
	case TB_DL_TURN_CW:
		*page_x = it->u.glyphs.px - dy, *page_y = it->u.glyphs.py + dx;
		break;
	default:
		*page_x = x, *page_y = y;
	}
}

void tb_dl_turn_axes(const tb_dl_item *it, float *bx, float *by, float *ux, float *uy)
{
	static const float axes[4][4] = {{1, 0, 0, -1}, {0, -1, -1, 0}, {-1, 0, 0, 1}, {0, 1, 1, 0}};
	const float *a = axes[it->u.glyphs.rot & 3];
	*bx = a[0], *by = a[1], *ux = a[2], *uy = a[3];
}

void tb_dl_doc_free(tb_dl_doc *d)
{
	size_t i, j;
	if (!d)
		return;
	for (i = 0; i < d->npages; i++) {
		for (j = 0; j < d->pages[i].n; j++)
			tb_dl_item_free(&d->pages[i].items[j]);
		free(d->pages[i].items);
	}
	free(d->pages);
	free(d->title);
	free(d->author);
	free(d->subject);
	free(d->keywords);
	free(d->lang);
	if (d->owned_free)
		d->owned_free(d->owned);
	free(d);
}

tb_dl_page *tb_dl_add_page(tb_dl_doc *d, float width, float height)
{
	tb_dl_page *p;
	if (d->npages >= TB_DL_MAX_PAGES)
		return NULL;
	if (TB_GROW(d->pages, d->cap, d->npages + 1) != TB_OK)
		return NULL;
	p = &d->pages[d->npages++];
	memset(p, 0, sizeof(*p));
	p->width = width;
	p->height = height;
	return p;
}

tb_status tb_dl_push(tb_dl_page *p, const tb_dl_item *item)
{
	if (p->n >= TB_DL_MAX_ITEMS)
		return TB_ELIMIT;
	if (TB_GROW(p->items, p->cap, p->n + 1) != TB_OK)
		return TB_ENOMEM;
	p->items[p->n++] = *item;
	return TB_OK;
}

tb_status tb_dl_push_rule(tb_dl_page *p, float x1, float y1, float x2, float y2, float width,
                          tb_rgb color, int dashed)
{
	tb_dl_item it;
	memset(&it, 0, sizeof it);
	it.kind = TB_DL_RULE;
	it.u.rule.x1 = x1;
	it.u.rule.y1 = y1;
	it.u.rule.x2 = x2;
	it.u.rule.y2 = y2;
	it.u.rule.width = width;
	it.u.rule.color = color;
	it.u.rule.dashed = dashed != 0;
	return tb_dl_push(p, &it);
}

tb_status tb_dl_push_rect(tb_dl_page *p, float x, float y, float w, float h, tb_rgb color)
{
	tb_dl_item it;
	memset(&it, 0, sizeof it);
	it.kind = TB_DL_RECT;
	it.u.rect.x = x;
	it.u.rect.y = y;
	it.u.rect.w = w;
	it.u.rect.h = h;
	it.u.rect.color = color;
	return tb_dl_push(p, &it);
}
