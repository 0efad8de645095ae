/* pdf_cidfont.c: one face's font objects, built in libharu's object model (libharu 2.3.0
 * embeds only TrueType, through its own code-to-glyph tables, and no CFF at all):
 *
 *   Type0 /Encoding /Identity-H /ToUnicode -> CIDFontType0 (CFF) or CIDFontType2 (TrueType)
 *     /DW /W /CIDSystemInfo [/CIDToGIDMap] -> FontDescriptor [/CIDSet]
 *     -> FontFile3 /Subtype /CIDFontType0C (a bare CFF table) or FontFile2 (six tables)
 *
 * Codes are CIDs (pdf_font.c). A CID-keyed CFF subset names its glyphs by those CIDs itself;
 * a TrueType subset gets a /CIDToGIDMap from original glyph id to subset glyph id. */
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "render/hpdf_internal.h"
#include "render/pdf_priv.h"

typedef struct cid_w {
	unsigned cid;
	int w;
} cid_w;

static int by_cid(const void *a, const void *b)
{
	const cid_w *x = a, *y = b;
	return x->cid < y->cid ? -1 : x->cid > y->cid;
}

static int scale(const tb_pdf_face *pf, long v)
{
	long upem = (long)tb_face_upem(pf->face);
	return (int)((v * 1000 + (v >= 0 ? upem / 2 : -upem / 2)) / upem);
}

/* The end of the run of consecutive CIDs with m[i]'s width that starts at i. */
static size_t same_run(const cid_w *m, size_t k, size_t i)
{
	size_t e = i + 1;
	while (e < k && m[e].cid == m[e - 1].cid + 1 && m[e].w == m[i].w)
		e++;
	return e;
}

/* /DW and /W: the commonest width as the default; other widths as c_first c_last w where
 * three or more consecutive CIDs share one, else as c [w ...]. */
static HPDF_STATUS widths(HPDF_Doc pdf, const tb_pdf_face *pf, HPDF_Dict cid)
{
	size_t n = hb_set_get_population(pf->gids), k = 0, i;
	hb_codepoint_t g = HB_SET_VALUE_INVALID;
	cid_w *m = malloc((n + 1) * sizeof *m);
	HPDF_Array w;
	HPDF_STATUS ret = HPDF_OK;
	int dw = 1000, best = 0;

	if (!m)
		return HPDF_FAILD_TO_ALLOC_MEM;
	while (hb_set_next(pf->gids, &g)) {
		m[k].cid = tb_face_cid(pf->face, g);
		m[k].w = tb_pdf_face_width(pf, g);
		k++;
	}
	qsort(m, k, sizeof *m, by_cid);
	for (i = 0; i < k; i++) { /* the commonest width (CJK: one em) */
		size_t j, c = 0;
		for (j = 0; j < k; j++)
			c += m[j].w == m[i].w;
		if ((int)c > best) {
			best = (int)c;
			dw = m[i].w;
		}
		if (c * 2 > k)
			break;
	}
	ret += HPDF_Dict_AddNumber(cid, "DW", dw);
	w = HPDF_Array_New(pdf->mmgr);
	ret += HPDF_Dict_Add(cid, "W", w);
	for (i = 0; i < k && ret == HPDF_OK;) {
		HPDF_Array run;
		size_t e = same_run(m, k, i);
		if (m[i].w == dw) {
			i++;
			continue;
		}
		if (e - i >= 3) { /* c_first c_last w */
			ret += HPDF_Array_AddNumber(w, (HPDF_INT32)m[i].cid);
			ret += HPDF_Array_AddNumber(w, (HPDF_INT32)m[e - 1].cid);
			ret += HPDF_Array_AddNumber(w, m[i].w);
			i = e;
			continue;
		}
		ret += HPDF_Array_AddNumber(w, (HPDF_INT32)m[i].cid);
		run = HPDF_Array_New(pdf->mmgr);
		ret += HPDF_Array_Add(w, run);
		ret += HPDF_Array_AddNumber(run, m[i].w);
		/* c [w ...] up to a gap, the default width, or a run of three equal widths */
		for (i++; i < k && m[i].cid == m[i - 1].cid + 1 && m[i].w != dw &&
		          same_run(m, k, i) - i < 3 && ret == HPDF_OK; i++)
			ret += HPDF_Array_AddNumber(run, m[i].w);
	}
	free(m);
	return ret;
}

static HPDF_Dict stream(HPDF_Doc pdf, const void *data, size_t len)
{
	HPDF_Dict s = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
	if (!s || len > 0x7FFFFFFF)
		return NULL;
	s->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	if (len && HPDF_Stream_Write(s->stream, data, (HPDF_UINT)len) != HPDF_OK)
		return NULL;
	return s;
}

static HPDF_Dict cid_to_gid_map(HPDF_Doc pdf, const tb_pdf_face *pf)
{
	hb_codepoint_t g = HB_SET_VALUE_INVALID;
	unsigned max = 0;
	unsigned char *b;
	HPDF_Dict s;
	while (hb_set_next(pf->gids, &g))
		if (g > max)
			max = g;
	b = calloc(max + 1, 2);
	if (!b)
		return NULL;
	g = HB_SET_VALUE_INVALID;
	while (hb_set_next(pf->gids, &g)) {
		hb_codepoint_t n = hb_map_get(pf->prog.new_gid, g);
		if (n != HB_MAP_VALUE_INVALID) {
			b[2 * g] = (unsigned char)(n >> 8);
			b[2 * g + 1] = (unsigned char)n;
		}
	}
	s = stream(pdf, b, (size_t)(max + 1) * 2);
	free(b);
	return s;
}

static HPDF_STATUS descriptor(HPDF_Doc pdf, tb_pdf_face *pf, const char *name, HPDF_Dict desc,
                              int pdfa)
{
	const tb_face *f = pf->face;
	HPDF_STATUS ret = HPDF_OK;
	HPDF_Dict file;
	HPDF_Rect box;
	int bb[4];

	tb_face_bbox(f, bb);
	box.left = (HPDF_REAL)scale(pf, bb[0]);
	box.bottom = (HPDF_REAL)scale(pf, bb[1]);
	box.right = (HPDF_REAL)scale(pf, bb[2]);
	box.top = (HPDF_REAL)scale(pf, bb[3]);
	ret += HPDF_Dict_AddName(desc, "Type", "FontDescriptor");
	ret += HPDF_Dict_AddName(desc, "FontName", name);
	ret += HPDF_Dict_AddNumber(desc, "Flags", 4); /* symbolic: glyphs outside Latin */
	ret += HPDF_Dict_Add(desc, "FontBBox", HPDF_Box_Array_New(pdf->mmgr, box));
	ret += HPDF_Dict_AddNumber(desc, "ItalicAngle", 0);
	ret += HPDF_Dict_AddNumber(desc, "Ascent", scale(pf, (long)(tb_face_ascent(f, 1.f) * (float)tb_face_upem(f))));
	ret += HPDF_Dict_AddNumber(desc, "Descent", -scale(pf, (long)(tb_face_descent(f, 1.f) * (float)tb_face_upem(f))));
	ret += HPDF_Dict_AddNumber(desc, "CapHeight", scale(pf, tb_face_cap_height(f)));
	ret += HPDF_Dict_AddNumber(desc, "StemV", 80);
	if (ret != HPDF_OK)
		return HPDF_INVALID_OBJECT;
	/* A deflated program stays in pf->z: pdf_save.c writes it from there. */
	file = pf->z ? stream(pdf, NULL, 0) : stream(pdf, pf->prog.data, pf->prog.len);
	if (!file)
		return HPDF_FAILD_TO_ALLOC_MEM;
	pf->file = file;
	if (pf->z)
		file->filter = TB_PDF_STREAM_DEFLATED;
	if (tb_face_is_cff(f)) {
		ret += HPDF_Dict_AddName(file, "Subtype", "CIDFontType0C");
		ret += HPDF_Dict_Add(desc, "FontFile3", file);
	} else {
		ret += HPDF_Dict_AddNumber(file, "Length1", (HPDF_INT32)pf->prog.len);
		ret += HPDF_Dict_Add(desc, "FontFile2", file);
	}
	if (pdfa && ret == HPDF_OK) {
		unsigned char *bits = NULL;
		size_t len = 0;
		HPDF_Dict set;
		if (tb_pdf_face_cidset(pf, &bits, &len) != TB_OK)
			return HPDF_FAILD_TO_ALLOC_MEM;
		set = stream(pdf, bits, len);
		free(bits);
		if (!set)
			return HPDF_FAILD_TO_ALLOC_MEM;
		ret += HPDF_Dict_Add(desc, "CIDSet", set);
	}
	return ret == HPDF_OK ? HPDF_OK : HPDF_INVALID_OBJECT;
}

tb_status tb_pdf_cidfont_make(tb_ctx *ctx, HPDF_Doc pdf, tb_pdf_face *pf, int pdfa)
{
	const tb_face *f = pf->face;
	bool cff = tb_face_is_cff(f);
	char name[HPDF_LIMIT_MAX_NAME_LEN + 1], base[HPDF_LIMIT_MAX_NAME_LEN + 1];
	const char *reg, *ord;
	int supp;
	HPDF_Dict type0, cid, desc, sysinfo, tu, ind[3];
	HPDF_Array desc_fonts;
	size_t k = 0;
	HPDF_STATUS ret = HPDF_OK;
	tb_buf cmap = TB_BUF_INIT;
	tb_status st;

	(void)ctx;
	snprintf(name, sizeof name, "%s+%.100s", pf->tag, tb_face_name(f));
	/* ISO 32000-1, 9.7.6.1: a Type0 font over a CIDFontType0 is named font-CMap. */
	snprintf(base, sizeof base, cff ? "%s-Identity-H" : "%s", name);
	type0 = HPDF_Dict_New(pdf->mmgr);
	cid = HPDF_Dict_New(pdf->mmgr);
	desc = HPDF_Dict_New(pdf->mmgr);
	sysinfo = HPDF_Dict_New(pdf->mmgr);
	desc_fonts = HPDF_Array_New(pdf->mmgr);
	/* Until the xref owns them (it frees one it fails to add), or a dictionary holds them,
	 * these objects are ours to free on failure: ind[k..] and the two direct ones. */
	ind[0] = type0, ind[1] = cid, ind[2] = desc;
	st = TB_ENOMEM;
	if (!type0 || !cid || !desc || !sysinfo || !desc_fonts)
		goto loose;
	for (k = 0; k < 3; k++)
		if (HPDF_Xref_Add(pdf->xref, ind[k]) != HPDF_OK) {
			k++;
			goto loose;
		}
	st = tb_pdf_face_tounicode(pf, &cmap);
	tu = st == TB_OK ? stream(pdf, cmap.data, cmap.len) : NULL;
	tb_buf_free(&cmap);
	if (!tu) {
		if (st == TB_OK)
			st = TB_ENOMEM;
		goto loose;
	}

	ret += HPDF_Dict_AddName(type0, "Type", "Font");
	ret += HPDF_Dict_AddName(type0, "Subtype", "Type0");
	ret += HPDF_Dict_AddName(type0, "BaseFont", base);
	ret += HPDF_Dict_AddName(type0, "Encoding", "Identity-H");
	ret += HPDF_Dict_Add(type0, "DescendantFonts", desc_fonts);
	ret += HPDF_Array_Add(desc_fonts, cid);
	ret += HPDF_Dict_Add(type0, "ToUnicode", tu);

	tb_face_ros(f, &reg, &ord, &supp);
	ret += HPDF_Dict_AddName(cid, "Type", "Font");
	ret += HPDF_Dict_AddName(cid, "Subtype", cff ? "CIDFontType0" : "CIDFontType2");
	ret += HPDF_Dict_AddName(cid, "BaseFont", name);
	ret += HPDF_Dict_Add(cid, "CIDSystemInfo", sysinfo);
	ret += HPDF_Dict_Add(sysinfo, "Registry", HPDF_String_New(pdf->mmgr, reg, NULL));
	ret += HPDF_Dict_Add(sysinfo, "Ordering", HPDF_String_New(pdf->mmgr, ord, NULL));
	ret += HPDF_Dict_AddNumber(sysinfo, "Supplement", supp);
	ret += HPDF_Dict_Add(cid, "FontDescriptor", desc);
	if (ret == HPDF_OK)
		ret = widths(pdf, pf, cid);
	if (ret == HPDF_OK && !cff) {
		HPDF_Dict map = cid_to_gid_map(pdf, pf);
		ret = map ? HPDF_Dict_Add(cid, "CIDToGIDMap", map) : HPDF_FAILD_TO_ALLOC_MEM;
	}
	if (ret == HPDF_OK)
		ret = descriptor(pdf, pf, name, desc, pdfa);
	if (ret != HPDF_OK)
		return TB_ENOMEM;
	pf->font = type0;
	return TB_OK;
loose:
	for (; k < 3; k++)
		if (ind[k])
			HPDF_Dict_Free(ind[k]);
	if (sysinfo)
		HPDF_Dict_Free(sysinfo);
	if (desc_fonts)
		HPDF_Array_Free(desc_fonts);
	return st;
}
