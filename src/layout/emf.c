/* emf.c: EMF and WMF pictures as paths and text (placeholder until the interpreter lands). */
#include "core/ctx.h"
#include "layout/lay.h"

tb_status lay_metafile(lay_ctx *L, tb_dl_page *items, const tb_inline *pic, float x, float y,
                       float w, float h, bool *drawn)
{
	(void)items; (void)x; (void)y; (void)w; (void)h;
	*drawn = false;
	if (lay_warn_once(L, pic))
		tb_warn(L->ctx, "layout.image-vector", L->doc->part, 0, 0,
		        "Insert the picture as PNG or JPEG.",
		        "picture %s (%s) cannot be drawn; an empty box is left in its place",
		        pic->text ? pic->text : "", pic->format == TB_PIC_EMF ? "EMF" : "WMF");
	return TB_OK;
}
