/* picture.c: pictures on the page: raster formats become one image item (the device embeds
 * or decodes them), EMF and WMF are interpreted into paths and text (emf.c), and a picture
 * nothing can draw keeps its box as a thin grey frame (the reader or emf.c said why). */
#include <stdlib.h>
#include <string.h>

#include "core/ctx.h"
#include "layout/lay.h"

bool lay_warn_once(lay_ctx *L, const void *key)
{
	int i;
	for (i = 0; i < L->nwarned_objs; i++)
		if (L->warned_objs[i] == key)
			return false;
	if (L->nwarned_objs < LAY_MAX_WARNED_OBJS)
		L->warned_objs[L->nwarned_objs++] = key;
	return true;
}

tb_status lay_frame(tb_dl_page *items, float x, float y, float w, float h, float lw, tb_rgb c,
                    int dashed)
{
	tb_status st;
	if ((st = tb_dl_push_rule(items, x, y, x + w, y, lw, c, dashed)) != TB_OK ||
	    (st = tb_dl_push_rule(items, x + w, y, x + w, y + h, lw, c, dashed)) != TB_OK ||
	    (st = tb_dl_push_rule(items, x + w, y + h, x, y + h, lw, c, dashed)) != TB_OK)
		return st;
	return tb_dl_push_rule(items, x, y + h, x, y, lw, c, dashed);
}

tb_status lay_picture(lay_ctx *L, tb_dl_page *items, const tb_inline *pic, float x, float y,
                      float w, float h)
{
	static const tb_rgb grey = {0xC0, 0xC0, 0xC0};
	tb_dl_item it;
	tb_status st;
	bool drawn = false;
	if (pic->format <= TB_IMG_TIFF && pic->data) {
		memset(&it, 0, sizeof(it));
		it.kind = TB_DL_IMAGE;
		it.u.image.x = x;
		it.u.image.y = y;
		it.u.image.w = w;
		it.u.image.h = h;
		it.u.image.format = pic->format;
		it.u.image.len = pic->data_len;
		if (!(it.u.image.data = malloc(pic->data_len ? pic->data_len : 1)))
			return TB_ENOMEM;
		memcpy((void *)it.u.image.data, pic->data, pic->data_len);
		if ((st = tb_dl_push(items, &it)) != TB_OK)
			free((void *)it.u.image.data);
		return st;
	}
	if ((pic->format == TB_PIC_EMF || pic->format == TB_PIC_WMF) && pic->data) {
		if ((st = lay_metafile(L, items, pic, x, y, w, h, &drawn)) != TB_OK)
			return st;
		if (drawn)
			return TB_OK;
	}
	return lay_frame(items, x, y, w, h, 0.5f, grey, 0);
}
