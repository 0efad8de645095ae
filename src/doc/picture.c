/* picture.c: a picture part of the package into an IMAGE inline, for both readers: the
 * bytes, the format sniffed from them, the extent (from the pixel size at 96 dpi when the
 * document gives none). A part that is missing or in a format nothing here can draw keeps
 * its box (TB_PIC_NONE) and gives a warning that names the part: nothing vanishes. */
#include <stdlib.h>
#include <string.h>

#include "core/ctx.h"
#include "core/xml.h"
#include "doc/doc_read.h"

static const char *format_name(int kind)
{
	switch (kind) {
	case TB_IMG_JPEG: return "JPEG";
	case TB_IMG_PNG: return "PNG";
	case TB_IMG_GIF: return "GIF";
	case TB_IMG_BMP: return "BMP";
	case TB_IMG_TIFF: return "TIFF";
	case TB_PIC_EMF: return "EMF";
	case TB_PIC_WMF: return "WMF";
	default: return "unknown";
	}
}

const char *tb_doc_picture_format_name(int format)
{
	return format_name(format);
}

tb_status tb_doc_load_picture(tb_ctx *ctx, tb_doc *doc, tb_zipr *zip, const char *pkg,
                              const char *part, xmlNodePtr at, const char *target, float w,
                              float h, tb_inline *in)
{
	char *data = NULL;
	size_t len = 0;
	unsigned line = 0, col = 0, pw, ph;
	int kind = -1;
	tb_status st;
	in->kind = TB_IN_IMAGE;
	in->format = TB_PIC_NONE;
	in->w = w;
	in->h = h;
	if (at)
		tb_xml_node_pos(at, &line, &col);
	if (!target || tb_zipr_find(zip, target) < 0) {
		tb_warn(ctx, "layout.image-missing", part, line, col,
		        "Insert the picture again (it is linked, or its part is missing).",
		        "%s: picture %s is not in the package; an empty box is left in its place",
		        pkg, target ? target : "(no target)");
	} else if ((st = tb_zipr_read_name(zip, target, &data, &len)) != TB_OK) {
		return st;
	} else if ((kind = tb_doc_image_kind((unsigned char *)data, len)) < 0) {
		tb_warn(ctx, "layout.image-format", part, line, col,
		        "Insert the picture as PNG, JPEG, GIF, BMP, TIFF, EMF or WMF.",
		        "%s: picture %s is in a format that cannot be drawn; an empty box is left in "
		        "its place", pkg, target);
	} else if (!(in->data = tb_doc_alloc(doc, len))) {
		free(data);
		return TB_ENOMEM;
	} else {
		memcpy((void *)in->data, data, len);
		in->data_len = len;
		in->format = (uint8_t)kind;
	}
	free(data);
	if ((in->w <= 0 || in->h <= 0) && in->data && tb_doc_image_size(in->data, len, &pw, &ph)) {
		in->w = (float)pw * 0.75f; /* 96 dpi */
		in->h = (float)ph * 0.75f;
	}
	if (in->w <= 0 || in->h <= 0) {
		/* A vector picture without an extent, or an unreadable one: a modest box. */
		if (in->w <= 0)
			in->w = 72;
		if (in->h <= 0)
			in->h = 72;
	}
	in->text = tb_doc_strdup(doc, target ? target : ""); /* the part, for later messages */
	in->len = in->text ? strlen(in->text) : 0;
	return TB_OK;
}
