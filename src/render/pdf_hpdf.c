/* pdf_hpdf.c: small jobs on libharu's internal structures that its public API cannot do:
 * raw operators and font resources on a page (text shown by CID), /Lang, Info strings beyond
 * the BMP, the XMP stream and signature fields. The font objects are built in
 * pdf_cidfont.c and the file is written by pdf_save.c; hpdf_internal.h pins the version. */
#include <string.h>

#include "core/utf8.h"
#include "render/hpdf_internal.h"
#include "render/pdf_priv.h"

HPDF_STATUS tb_hpdf_page_write(HPDF_Page page, const char *ops, size_t len)
{
	HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
	if (len > 0x7FFFFFFF)
		return HPDF_INVALID_PARAMETER;
	return HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)ops, (HPDF_UINT)len);
}

const char *tb_hpdf_page_font_name(HPDF_Page page, HPDF_Dict font)
{
	return HPDF_Page_GetLocalFontName(page, (HPDF_Font)font);
}

/* A PDF text string: ASCII as is, anything else UTF-16BE with a byte order mark. */
static void *text_string(HPDF_Doc pdf, const char *s)
{
	size_t len = strlen(s), i = 0, n = 2;
	HPDF_BYTE *u;
	void *obj;
	bool ascii = true;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80 || s[i] < 0x20)
			ascii = false;
	if (ascii)
		return HPDF_String_New(pdf->mmgr, s, NULL);
	u = HPDF_GetMem(pdf->mmgr, (HPDF_UINT)(len * 4 + 2));
	if (!u)
		return NULL;
	u[0] = 0xFE;
	u[1] = 0xFF;
	for (i = 0; i < len;) {
		int32_t cp = tb_utf8_next(s, len, &i);
		if (cp < 0)
			cp = 0xFFFD;
		if (cp > 0xFFFF) {
			uint32_t v = (uint32_t)cp - 0x10000, hi = 0xD800 + (v >> 10), lo = 0xDC00 + (v & 0x3FF);
			u[n++] = (HPDF_BYTE)(hi >> 8);
			u[n++] = (HPDF_BYTE)hi;
			u[n++] = (HPDF_BYTE)(lo >> 8);
			u[n++] = (HPDF_BYTE)lo;
		} else {
			u[n++] = (HPDF_BYTE)(cp >> 8);
			u[n++] = (HPDF_BYTE)cp;
		}
	}
	obj = HPDF_Binary_New(pdf->mmgr, u, (HPDF_UINT)n);
	HPDF_FreeMem(pdf->mmgr, u);
	return obj;
}

HPDF_STATUS tb_hpdf_set_info(HPDF_Doc pdf, const char *key, const char *utf8)
{
	if (!pdf->info) {
		/* let libharu create (and register) the Info dictionary */
		HPDF_STATUS ret = HPDF_SetInfoAttr(pdf, HPDF_INFO_PRODUCER, "tianbiao");
		if (ret != HPDF_OK || !pdf->info)
			return HPDF_INVALID_DOCUMENT;
	}
	return HPDF_Dict_Add(pdf->info, key, text_string(pdf, utf8));
}

HPDF_STATUS tb_hpdf_set_lang(HPDF_Doc pdf, const char *lang)
{
	return HPDF_Dict_Add(pdf->catalog, "Lang", HPDF_String_New(pdf->mmgr, lang, NULL));
}

HPDF_STATUS tb_hpdf_add_metadata(HPDF_Doc pdf, const char *xmp, size_t len)
{
	HPDF_Dict md = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
	HPDF_STATUS ret;
	if (!md)
		return HPDF_FAILD_TO_ALLOC_MEM;
	md->filter = HPDF_STREAM_FILTER_NONE; /* PDF/A: metadata stays readable */
	ret = HPDF_Dict_AddName(md, "Type", "Metadata");
	ret += HPDF_Dict_AddName(md, "Subtype", "XML");
	ret += HPDF_Stream_Write(md->stream, (const HPDF_BYTE *)xmp, (HPDF_UINT)len);
	if (ret != HPDF_OK)
		return HPDF_INVALID_OBJECT;
	return HPDF_Dict_Add(pdf->catalog, "Metadata", md);
}

HPDF_STATUS tb_hpdf_add_sig_field(HPDF_Doc pdf, HPDF_Page page, const float rect[4],
                                  const char *name, const char *ap, size_t ap_len)
{
	HPDF_Dict apn, apd, w, acro;
	HPDF_Array annots, fields, bbox;
	HPDF_Rect box;
	HPDF_STATUS ret = HPDF_OK;

	/* Appearance: a form XObject the size of the field. */
	apn = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
	if (!apn)
		return HPDF_FAILD_TO_ALLOC_MEM;
	ret += HPDF_Dict_AddName(apn, "Type", "XObject");
	ret += HPDF_Dict_AddName(apn, "Subtype", "Form");
	bbox = HPDF_Array_New(pdf->mmgr);
	ret += HPDF_Dict_Add(apn, "BBox", bbox);
	ret += HPDF_Array_AddReal(bbox, 0);
	ret += HPDF_Array_AddReal(bbox, 0);
	ret += HPDF_Array_AddReal(bbox, rect[2] - rect[0]);
	ret += HPDF_Array_AddReal(bbox, rect[3] - rect[1]);
	ret += HPDF_Dict_Add(apn, "Resources", HPDF_Dict_New(pdf->mmgr));
	ret += HPDF_Stream_Write(apn->stream, (const HPDF_BYTE *)ap, (HPDF_UINT)ap_len);
	if (ret != HPDF_OK)
		return HPDF_INVALID_OBJECT;

	/* The field and its widget, merged, indirect: it sits in /Annots and /Fields. */
	w = HPDF_Dict_New(pdf->mmgr);
	if (!w || HPDF_Xref_Add(pdf->xref, w) != HPDF_OK)
		return HPDF_FAILD_TO_ALLOC_MEM;
	box.left = rect[0];
	box.bottom = rect[1];
	box.right = rect[2];
	box.top = rect[3];
	ret += HPDF_Dict_AddName(w, "Type", "Annot");
	ret += HPDF_Dict_AddName(w, "Subtype", "Widget");
	ret += HPDF_Dict_AddName(w, "FT", "Sig");
	ret += HPDF_Dict_Add(w, "T", text_string(pdf, name));
	ret += HPDF_Dict_AddNumber(w, "F", 4); /* Print */
	ret += HPDF_Dict_Add(w, "Rect", HPDF_Box_Array_New(pdf->mmgr, box));
	ret += HPDF_Dict_Add(w, "P", page);
	apd = HPDF_Dict_New(pdf->mmgr);
	ret += HPDF_Dict_Add(w, "AP", apd);
	if (ret != HPDF_OK)
		return HPDF_INVALID_OBJECT;
	ret += HPDF_Dict_Add(apd, "N", apn);

	annots = HPDF_Dict_GetItem(page, "Annots", HPDF_OCLASS_ARRAY);
	if (!annots) {
		annots = HPDF_Array_New(pdf->mmgr);
		ret += HPDF_Dict_Add(page, "Annots", annots);
	}
	ret += HPDF_Array_Add(annots, w);

	acro = HPDF_Dict_GetItem(pdf->catalog, "AcroForm", HPDF_OCLASS_DICT);
	if (!acro) {
		acro = HPDF_Dict_New(pdf->mmgr);
		ret += HPDF_Dict_Add(pdf->catalog, "AcroForm", acro);
		if (ret != HPDF_OK)
			return HPDF_INVALID_OBJECT;
		ret += HPDF_Dict_Add(acro, "Fields", HPDF_Array_New(pdf->mmgr));
		ret += HPDF_Dict_AddNumber(acro, "SigFlags", 1); /* SignaturesExist */
	}
	fields = HPDF_Dict_GetItem(acro, "Fields", HPDF_OCLASS_ARRAY);
	if (!fields)
		return HPDF_INVALID_OBJECT;
	ret += HPDF_Array_Add(fields, w);
	return ret == HPDF_OK ? HPDF_OK : HPDF_INVALID_OBJECT;
}
