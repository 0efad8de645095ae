/* pdf_hpdf.c: everything that reaches into libharu's internal structures, in one file.
 *
 * Built without HPDF_SHARED, so hpdf.h exposes the real document, dictionary and font
 * records. Their layout is that of libharu 2.3.0 (Debian 12's libhpdf 2.3.0+dfsg); 2.4.x
 * changed HPDF_Doc_Rec (pdfa_type), so check this file when the library moves. Used for
 * what the public API cannot do: fonts from memory, a correct ToUnicode CMap, font
 * descriptor entries for PDF/A, a fixed /ID, /Lang, XMP metadata and signature fields. */
#include <string.h>

#include <hpdf.h>
#include <hpdf_conf.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>

#include "core/utf8.h"
#include "render/pdf_priv.h"

#if !defined(HPDF_MAJOR_VERSION) || HPDF_MAJOR_VERSION != 2 || HPDF_MINOR_VERSION != 3
#error "pdf_hpdf.c is written against libharu 2.3.x internals"
#endif

HPDF_Font tb_hpdf_load_font(HPDF_Doc pdf, const unsigned char *ttf, size_t len, const char *tag)
{
	HPDF_Stream s;
	HPDF_FontDef def;

	if (len > 0x7FFFFFFF)
		return NULL;
	s = HPDF_MemStream_New(pdf->mmgr, HPDF_STREAM_BUF_SIZ);
	if (!s)
		return NULL;
	if (HPDF_Stream_Write(s, ttf, (HPDF_UINT)len) != HPDF_OK ||
	    HPDF_Stream_Seek(s, 0, HPDF_SEEK_SET) != HPDF_OK) {
		HPDF_Stream_Free(s);
		return NULL;
	}
	/* What HPDF_LoadTTFontFromFile does, from a memory stream (the fontdef keeps it). */
	def = HPDF_TTFontDef_Load(pdf->mmgr, s, HPDF_TRUE);
	if (!def)
		return NULL;
	if (HPDF_Doc_FindFontDef(pdf, def->base_font)) {
		HPDF_FontDef_Free(def);
		return NULL;
	}
	if (HPDF_List_Add(pdf->fontdef_list, def) != HPDF_OK) {
		HPDF_FontDef_Free(def);
		return NULL;
	}
	HPDF_TTFontDef_SetTagName(def, (char *)tag);
	return HPDF_GetFont(pdf, def->base_font, "UTF-8");
}

HPDF_STATUS tb_hpdf_replace_tounicode(HPDF_Doc pdf, HPDF_Font font, const char *cmap, size_t len)
{
	HPDF_Dict tu = HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT);
	if (!tu || !tu->stream)
		return HPDF_INVALID_OBJECT;
	/* Swap the body in place (a new object would leave the old one written as an orphan)
	 * and drop the keys that belong to a CMap resource, not to a ToUnicode stream. */
	HPDF_Stream_Free(tu->stream);
	tu->stream = HPDF_MemStream_New(pdf->mmgr, HPDF_STREAM_BUF_SIZ);
	if (!tu->stream)
		return HPDF_FAILD_TO_ALLOC_MEM;
	HPDF_Dict_RemoveElement(tu, "Type");
	HPDF_Dict_RemoveElement(tu, "CMapName");
	HPDF_Dict_RemoveElement(tu, "CIDSystemInfo");
	HPDF_Dict_RemoveElement(tu, "WMode");
	return HPDF_Stream_Write(tu->stream, (const HPDF_BYTE *)cmap, (HPDF_UINT)len);
}

HPDF_STATUS tb_hpdf_font_descriptor_extras(HPDF_Doc pdf, HPDF_Font font, int cap_height,
                                           const unsigned char *cidset, size_t cidset_len)
{
	HPDF_FontAttr attr = (HPDF_FontAttr)font->attr;
	HPDF_Dict desc, set;
	HPDF_STATUS ret;

	/* libharu makes the descriptor in the font's before-write hook; run it now (it only
	 * creates what is missing, so the second run at save time changes nothing). */
	if (!attr->fontdef->descriptor && font->before_write_fn) {
		ret = font->before_write_fn(font);
		if (ret != HPDF_OK)
			return ret;
	}
	desc = attr->fontdef->descriptor;
	if (!desc)
		return HPDF_INVALID_OBJECT;
	ret = HPDF_Dict_AddNumber(desc, "CapHeight", cap_height);
	if (ret != HPDF_OK || !cidset)
		return ret;
	set = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
	if (!set)
		return HPDF_FAILD_TO_ALLOC_MEM;
	ret = HPDF_Stream_Write(set->stream, cidset, (HPDF_UINT)cidset_len);
	if (ret == HPDF_OK)
		ret = HPDF_Dict_Add(desc, "CIDSet", set);
	return ret;
}

HPDF_STATUS tb_hpdf_set_id(HPDF_Doc pdf, const unsigned char id[16])
{
	HPDF_Array a = HPDF_Array_New(pdf->mmgr);
	HPDF_STATUS ret;
	if (!a)
		return HPDF_FAILD_TO_ALLOC_MEM;
	ret = HPDF_Dict_Add(pdf->trailer, "ID", a);
	if (ret != HPDF_OK)
		return ret;
	ret = HPDF_Array_Add(a, HPDF_Binary_New(pdf->mmgr, (HPDF_BYTE *)id, 16));
	if (ret == HPDF_OK)
		ret = HPDF_Array_Add(a, HPDF_Binary_New(pdf->mmgr, (HPDF_BYTE *)id, 16));
	return ret;
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

HPDF_STATUS tb_hpdf_set_lang(HPDF_Doc pdf, const char *lang)
{
	return HPDF_Dict_Add(pdf->catalog, "Lang", HPDF_String_New(pdf->mmgr, lang, NULL));
}

HPDF_STATUS tb_hpdf_set_version(HPDF_Doc pdf, int minor)
{
	pdf->pdf_version = minor >= 4 ? HPDF_VER_14 : HPDF_VER_13;
	return HPDF_OK;
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
