/* pdf_font.c: fonts as one document uses them: the characters drawn with each face, a
 * HarfBuzz subset of the face with a cmap libharu can read (non-BMP characters moved to
 * private BMP codes, since libharu 2.3.0 encodes text as UCS-2), and the ToUnicode CMap and
 * CIDSet that say what each code is. */
#include <hb-subset.h>
#include <stdlib.h>
#include <string.h>

#include "core/ctx.h"
#include "core/digest.h"
#include "core/i18n.h"
#include "font/font.h"
#include "render/pdf_priv.h"

void tb_pdf_fontset_free(tb_pdf_fontset *s)
{
	size_t i;
	for (i = 0; i < s->n; i++) {
		hb_set_destroy(s->faces[i].cps);
		free(s->faces[i].big);
		free(s->faces[i].big_code);
		free(s->faces[i].ttf);
	}
	free(s->faces);
	memset(s, 0, sizeof *s);
}

tb_pdf_face *tb_pdf_fontset_get(tb_pdf_fontset *s, const tb_face *face)
{
	size_t i;
	tb_pdf_face *pf;
	for (i = 0; i < s->n; i++)
		if (s->faces[i].face == face)
			return &s->faces[i];
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 8;
		tb_pdf_face *n = realloc(s->faces, cap * sizeof *n);
		if (!n)
			return NULL;
		s->faces = n;
		s->cap = cap;
	}
	pf = &s->faces[s->n];
	memset(pf, 0, sizeof *pf);
	pf->face = face;
	pf->cps = hb_set_create();
	if (!hb_set_allocation_successful(pf->cps)) {
		hb_set_destroy(pf->cps);
		return NULL;
	}
	s->n++;
	return pf;
}

/* Characters that draw nothing by definition (zero-width and format controls, variation
 * selectors): dropped silently rather than drawn as .notdef. */
static bool default_ignorable(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0xAD || cp == 0x034F ||
	       (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2060 && cp <= 0x206F) || (cp >= 0xFE00 && cp <= 0xFE0F) ||
	       cp == 0xFEFF || (cp >= 0xD800 && cp <= 0xDFFF) ||
	       (cp >= 0xE0000 && cp <= 0xE0FFF) || cp > 0x10FFFF;
}

const tb_face *tb_pdf_pick_face(tb_fonts *fm, const tb_face *run, uint32_t cp)
{
	if (default_ignorable(cp))
		return NULL;
	if (run && tb_face_has(run, cp))
		return run;
	return tb_fonts_face_for(fm, run, cp);
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

uint16_t tb_pdf_face_code(const tb_pdf_face *pf, uint32_t cp)
{
	uint32_t *hit;
	if (cp <= 0xFFFF)
		return hb_set_has(pf->cps, cp) ? (uint16_t)cp : 0;
	hit = pf->nbig ? bsearch(&cp, pf->big, pf->nbig, sizeof *pf->big, cmp_u32) : NULL;
	return hit ? pf->big_code[hit - pf->big] : 0;
}

/* Private codes for the non-BMP characters: from U+F8FF down, skipping private-use
 * characters the document draws itself with this face. */
static tb_status assign_private_codes(tb_ctx *ctx, tb_pdf_face *pf)
{
	hb_codepoint_t cp = 0xFFFF;
	uint32_t code = TB_PDF_PUA_TOP;
	size_t n = 0, i;

	while (hb_set_next(pf->cps, &cp))
		n++;
	if (n == 0)
		return TB_OK;
	pf->big = malloc(n * sizeof *pf->big);
	pf->big_code = malloc(n * sizeof *pf->big_code);
	if (!pf->big || !pf->big_code)
		return TB_ENOMEM;
	cp = 0xFFFF;
	for (i = 0; hb_set_next(pf->cps, &cp); i++) {
		while (code >= TB_PDF_PUA_BOTTOM && hb_set_has(pf->cps, code))
			code--;
		if (code < TB_PDF_PUA_BOTTOM) {
			tb_error(ctx, "pdf.too-many-chars", NULL, 0, 0,
			         N_("Split the document or use fewer distinct characters beyond the BMP."),
			         N_("too many characters beyond the BMP in font %s"),
			         tb_face_name(pf->face));
			return TB_ELIMIT;
		}
		pf->big[i] = cp; /* hb_set_next walks in order: already sorted */
		pf->big_code[i] = (uint16_t)code--;
	}
	pf->nbig = n;
	return TB_OK;
}

static void put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
}

typedef struct code_gid {
	uint16_t code, gid;
} code_gid;

static int cmp_code(const void *a, const void *b)
{
	return (int)((const code_gid *)a)->code - (int)((const code_gid *)b)->code;
}

/* A cmap table with one (3,1) format 4 subtable: libharu reads only that one. Runs of
 * consecutive codes with consecutive glyphs share a segment (idDelta). */
static hb_blob_t *make_cmap(code_gid *m, size_t n)
{
	size_t seg = 0, i, j, len;
	unsigned char *t, *sub;
	unsigned search = 1, sel = 0;

	qsort(m, n, sizeof *m, cmp_code);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && m[j].code == m[j - 1].code + 1 && m[j].gid == m[j - 1].gid + 1; j++)
			;
		seg++;
	}
	seg++; /* the closing 0xFFFF segment */
	len = 16 + 8 * seg;
	if (len > 0xFFFF)
		return NULL;
	t = calloc(1, 12 + len);
	if (!t)
		return NULL;
	put16(t + 2, 1);      /* one subtable */
	put16(t + 4, 3);      /* Windows */
	put16(t + 6, 1);      /* Unicode BMP */
	put16(t + 10, 12);    /* offset (32-bit, high half 0) */
	sub = t + 12;
	while (search * 2 <= seg) {
		search *= 2;
		sel++;
	}
	put16(sub, 4);
	put16(sub + 2, (unsigned)len);
	put16(sub + 6, (unsigned)(seg * 2));
	put16(sub + 8, search * 2);
	put16(sub + 10, sel);
	put16(sub + 12, (unsigned)(seg * 2 - search * 2));
	{
		unsigned char *end = sub + 14, *start = end + seg * 2 + 2;
		unsigned char *delta = start + seg * 2, *range = delta + seg * 2;
		size_t s = 0;
		for (i = 0; i < n; i = j, s++) {
			for (j = i + 1; j < n && m[j].code == m[j - 1].code + 1 && m[j].gid == m[j - 1].gid + 1; j++)
				;
			put16(start + 2 * s, m[i].code);
			put16(end + 2 * s, m[j - 1].code);
			put16(delta + 2 * s, (unsigned)(m[i].gid - m[i].code) & 0xFFFF);
			put16(range + 2 * s, 0);
		}
		put16(start + 2 * s, 0xFFFF);
		put16(end + 2 * s, 0xFFFF);
		put16(delta + 2 * s, 1);
		put16(range + 2 * s, 0);
	}
	return hb_blob_create((const char *)t, (unsigned)(12 + len), HB_MEMORY_MODE_WRITABLE, t, free);
}

/* The subset, with our cmap in place of HarfBuzz's. */
static tb_status rebuild_with_cmap(tb_pdf_face *pf, hb_face_t *sub)
{
	hb_font_t *font = hb_font_create(sub);
	hb_face_t *builder = hb_face_builder_create();
	hb_tag_t tags[64];
	unsigned ntags = 64, i, off = 0;
	code_gid *m;
	size_t n = 0;
	hb_codepoint_t cp = HB_SET_VALUE_INVALID, gid;
	hb_blob_t *cmap, *out;
	tb_status st = TB_ENOMEM;

	m = malloc((hb_set_get_population(pf->cps) + 1) * sizeof *m);
	if (!m || !font || !builder)
		goto cleanup;
	while (hb_set_next(pf->cps, &cp)) {
		if (hb_font_get_nominal_glyph(font, cp, &gid) && gid != 0) {
			m[n].code = tb_pdf_face_code(pf, cp);
			m[n].gid = (uint16_t)gid;
			n++;
		}
	}
	cmap = make_cmap(m, n);
	if (!cmap) {
		st = TB_ELIMIT;
		goto cleanup;
	}
	hb_face_builder_add_table(builder, HB_TAG('c', 'm', 'a', 'p'), cmap);
	hb_blob_destroy(cmap);
	do {
		ntags = 64;
		hb_face_get_table_tags(sub, off, &ntags, tags);
		for (i = 0; i < ntags; i++) {
			hb_blob_t *b;
			if (tags[i] == HB_TAG('c', 'm', 'a', 'p'))
				continue;
			b = hb_face_reference_table(sub, tags[i]);
			hb_face_builder_add_table(builder, tags[i], b);
			hb_blob_destroy(b);
		}
		off += ntags;
	} while (ntags == 64);
	out = hb_face_reference_blob(builder);
	{
		unsigned len = 0;
		const char *data = hb_blob_get_data(out, &len);
		pf->ttf = len ? malloc(len) : NULL;
		if (pf->ttf) {
			memcpy(pf->ttf, data, len);
			pf->ttf_len = len;
			st = TB_OK;
		}
	}
	hb_blob_destroy(out);
cleanup:
	free(m);
	hb_font_destroy(font);
	hb_face_destroy(builder);
	return st;
}

tb_status tb_pdf_face_build(tb_ctx *ctx, tb_pdf_face *pf)
{
	hb_face_t *sub;
	tb_status st;
	char hex[TB_DIGEST_HEX_MAX];
	int i;
	if (hb_set_get_population(pf->cps) > TB_PDF_MAX_CHARS_PER_FACE) {
		tb_error(ctx, "pdf.too-many-chars", NULL, 0, 0,
		         N_("Split the document; one face can draw at most 8000 distinct characters."),
		         N_("too many distinct characters in font %s"), tb_face_name(pf->face));
		return TB_ELIMIT;
	}
	st = assign_private_codes(ctx, pf);
	if (st != TB_OK)
		return st;
	sub = tb_face_subset(pf->face, pf->cps);
	if (!sub) {
		tb_error(ctx, "pdf.subset", tb_face_path(pf->face), 0, 0,
		         N_("Check that the font file is a valid TrueType font."),
		         N_("HarfBuzz could not subset font %s"), tb_face_name(pf->face));
		return TB_ERROR;
	}
	st = rebuild_with_cmap(pf, sub);
	hb_face_destroy(sub);
	if (st != TB_OK)
		return st;
	/* The tag names the subset: same characters, same tag, run after run. */
	st = tb_digest_mem(TB_SHA256, pf->ttf, pf->ttf_len, hex);
	if (st != TB_OK)
		return st;
	for (i = 0; i < 6; i++) {
		unsigned v = (unsigned)(hex[2 * i] <= '9' ? hex[2 * i] - '0' : hex[2 * i] - 'a' + 10) * 16 +
		             (unsigned)(hex[2 * i + 1] <= '9' ? hex[2 * i + 1] - '0' : hex[2 * i + 1] - 'a' + 10);
		pf->tag[i] = (char)('A' + v % 26);
	}
	pf->tag[6] = '\0';
	return TB_OK;
}

static void put_utf16(tb_buf *b, uint32_t cp)
{
	if (cp > 0xFFFF) {
		cp -= 0x10000;
		tb_buf_printf(b, "%04X%04X", 0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF));
	} else {
		tb_buf_printf(b, "%04X", cp);
	}
}

tb_status tb_pdf_face_tounicode(const tb_pdf_face *pf, tb_buf *out)
{
	hb_codepoint_t cp = HB_SET_VALUE_INVALID;
	size_t total = hb_set_get_population(pf->cps), done = 0, inblock = 0;

	tb_buf_puts(out, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
	                 "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
	                 "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
	                 "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	while (hb_set_next(pf->cps, &cp)) {
		if (inblock == 0) {
			size_t left = total - done;
			tb_buf_printf(out, "%zu beginbfchar\n", left < 100 ? left : (size_t)100);
		}
		tb_buf_printf(out, "<%04X> <", tb_pdf_face_code(pf, cp));
		put_utf16(out, cp);
		tb_buf_puts(out, ">\n");
		done++;
		if (++inblock == 100 || done == total) {
			tb_buf_puts(out, "endbfchar\n");
			inblock = 0;
		}
	}
	return tb_buf_puts(out, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
}

tb_status tb_pdf_face_cidset(const tb_pdf_face *pf, unsigned char **bits, size_t *len)
{
	hb_codepoint_t cp = HB_SET_VALUE_INVALID;
	unsigned max = 0;
	unsigned char *b;

	while (hb_set_next(pf->cps, &cp)) {
		unsigned code = tb_pdf_face_code(pf, cp);
		if (code > max)
			max = code;
	}
	*len = max / 8 + 1;
	b = calloc(1, *len);
	if (!b)
		return TB_ENOMEM;
	b[0] = 0x80; /* CID 0, .notdef, is always in the font */
	cp = HB_SET_VALUE_INVALID;
	while (hb_set_next(pf->cps, &cp)) {
		unsigned code = tb_pdf_face_code(pf, cp);
		if (code && tb_face_has(pf->face, cp))
			b[code / 8] |= (unsigned char)(0x80 >> (code % 8));
	}
	*bits = b;
	return TB_OK;
}

int tb_pdf_face_cap_height(const tb_pdf_face *pf)
{
	return (int)((long)tb_face_cap_height(pf->face) * 1000 / (long)tb_face_upem(pf->face));
}
