/* pdf_font.c: fonts as one document uses them: the glyphs drawn with each face (by glyph id,
 * so layout's glyph ids go straight through), the subset program, and the ToUnicode CMap and
 * CIDSet that say what each code is. Text is shown with 2-byte codes that are CIDs: a
 * CID-keyed CFF font's own CIDs, otherwise the original glyph ids. Characters beyond the BMP
 * need nothing special. */
#include <libdeflate.h>
#include <stdlib.h>
#include <string.h>

#include "core/ctx.h"
#include "core/deflate.h"
#include "core/deflate_huff.h"
#include "core/i18n.h"
#include "core/strset.h"
#include "core/vec.h"
#include "font/font.h"
#include "render/pdf_priv.h"

void tb_pdf_fontset_free(tb_pdf_fontset *s)
{
	size_t i;
	for (i = 0; i < s->n; i++) {
		hb_set_destroy(s->faces[i].gids);
		hb_map_destroy(s->faces[i].gid_cp);
		tb_font_program_free(&s->faces[i].prog);
		free(s->faces[i].z);
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
	if (TB_GROW(s->faces, s->cap, s->n + 1) != TB_OK)
		return NULL;
	pf = &s->faces[s->n];
	memset(pf, 0, sizeof *pf);
	pf->face = face;
	pf->gids = hb_set_create();
	pf->gid_cp = hb_map_create();
	if (!hb_set_allocation_successful(pf->gids) || !hb_map_allocation_successful(pf->gid_cp)) {
		hb_set_destroy(pf->gids);
		hb_map_destroy(pf->gid_cp);
		return NULL;
	}
	s->n++;
	return pf;
}

tb_status tb_pdf_face_add(tb_pdf_face *pf, uint32_t cp)
{
	unsigned gid = tb_face_glyph(pf->face, cp);
	if (gid == 0)
		return TB_OK; /* never .notdef: the caller picked a face that has cp */
	hb_set_add(pf->gids, gid);
	if (!hb_map_has(pf->gid_cp, gid))
		hb_map_set(pf->gid_cp, gid, cp);
	return hb_set_allocation_successful(pf->gids) && hb_map_allocation_successful(pf->gid_cp)
	           ? TB_OK
	           : TB_ENOMEM;
}

const tb_face *tb_pdf_pick_face(tb_fonts *fm, const tb_face *run, uint32_t cp)
{
	if (tb_fonts_ignorable(cp))
		return NULL;
	if (run && tb_face_has(run, cp))
		return run;
	return tb_fonts_face_for(fm, run, cp);
}

int tb_pdf_face_width(const tb_pdf_face *pf, unsigned gid)
{
	long adv = tb_face_glyph_advance(pf->face, gid);
	long upem = (long)tb_face_upem(pf->face);
	/* rounded, the same way everywhere the device compares positions */
	return (int)((adv * 1000 + (adv >= 0 ? upem / 2 : -upem / 2)) / upem);
}

/* Font programs made before in this context, deflated. A batch or a mail merge draws many
 * documents from one template: the faces of its fixed text (labels, headings, the indicator
 * system) take the same glyphs document after document, and subsetting and deflating a CJK
 * face is most of a PDF's cost. Kept: the face, its glyphs, the program's length and glyph
 * renumbering, the deflated bytes and the tag; the same inputs give these same bytes, so a
 * PDF is the same whether its fonts came from here or not. Only the map's faces, which live
 * as long as the context (a document's embedded faces go with it, and their address may be
 * another face's next time). A program is kept the second time its face and glyphs are seen
 * (a signature of both is remembered the first time): the faces of each applicant's own prose
 * would only fill the memo. Oldest out first, within FONT_MEMO_SLOTS and FONT_MEMO_BYTES. */
#define FONT_MEMO_SLOTS 12
#define FONT_MEMO_BYTES ((size_t)4 << 20)
#define FONT_MEMO_SEEN 32

typedef struct font_memo_entry {
	const tb_face *face;
	hb_set_t *gids;
	hb_map_t *new_gid;
	size_t len; /* the program's */
	unsigned char *z;
	size_t zlen;
	char tag[7];
} font_memo_entry;

typedef struct font_memo {
	font_memo_entry e[FONT_MEMO_SLOTS];
	size_t n, bytes;
	uint64_t seen[FONT_MEMO_SEEN]; /* signatures of programs made once (a ring) */
	size_t nseen;
} font_memo;

static const char font_memo_key[] = "pdf.font-memo";

static void memo_entry_free(font_memo_entry *e)
{
	hb_set_destroy(e->gids);
	hb_map_destroy(e->new_gid);
	free(e->z);
	memset(e, 0, sizeof *e);
}

static void font_memo_free(void *p)
{
	font_memo *m = p;
	size_t i;
	for (i = 0; i < m->n; i++)
		memo_entry_free(&m->e[i]);
	free(m);
}

static const font_memo_entry *memo_find(tb_ctx *ctx, const tb_pdf_face *pf)
{
	font_memo *m = tb_ctx_cache_get(ctx, font_memo_key);
	size_t i;
	for (i = 0; m && i < m->n; i++)
		if (m->e[i].face == pf->face && hb_set_is_equal(m->e[i].gids, pf->gids))
			return &m->e[i];
	return NULL;
}

/* Whether pf's face and glyphs were seen before; remembered if not. */
/* FNV-1a continued over the glyph ids of a set (the subset tag hashes them too). */
static uint64_t hash_gids(uint64_t h, const hb_set_t *gids)
{
	hb_codepoint_t g = HB_SET_VALUE_INVALID;
	while (hb_set_next(gids, &g))
		h = (h ^ g) * 1099511628211u;
	return h;
}

static bool memo_seen(font_memo *m, const tb_pdf_face *pf)
{
	uintptr_t face = (uintptr_t)pf->face;
	uint64_t h = hash_gids(tb_hash_bytes(TB_HASH_INIT, &face, sizeof face), pf->gids);
	size_t i;
	for (i = 0; i < FONT_MEMO_SEEN && i < m->nseen; i++)
		if (m->seen[i] == h)
			return true;
	m->seen[m->nseen++ % FONT_MEMO_SEEN] = h;
	return false;
}

/* Remember pf's program (a copy) if it was made before; nothing is kept when memory is
 * short, and that is no failure: the next document subsets again. */
static void memo_add(tb_ctx *ctx, const tb_pdf_face *pf)
{
	font_memo *m = tb_ctx_cache_get(ctx, font_memo_key);
	font_memo_entry e;
	if (pf->zlen > FONT_MEMO_BYTES / 2)
		return;
	if (!m) {
		if (!(m = calloc(1, sizeof *m)))
			return;
		if (tb_ctx_cache_set(ctx, font_memo_key, m, font_memo_free) != TB_OK) {
			free(m);
			return;
		}
	}
	if (!memo_seen(m, pf))
		return;
	memset(&e, 0, sizeof e);
	e.face = pf->face;
	e.gids = hb_set_copy(pf->gids);
	e.new_gid = hb_map_copy(pf->prog.new_gid);
	e.z = malloc(pf->zlen);
	if (!hb_set_allocation_successful(e.gids) || !e.new_gid ||
	    !hb_map_allocation_successful(e.new_gid) || !e.z) {
		memo_entry_free(&e);
		return;
	}
	memcpy(e.z, pf->z, pf->zlen);
	e.zlen = pf->zlen;
	e.len = pf->prog.len;
	memcpy(e.tag, pf->tag, sizeof e.tag);
	while (m->n && (m->n == FONT_MEMO_SLOTS || m->bytes + e.zlen > FONT_MEMO_BYTES)) {
		m->bytes -= m->e[0].zlen;
		memo_entry_free(&m->e[0]);
		memmove(&m->e[0], &m->e[1], (m->n - 1) * sizeof m->e[0]);
		m->n--;
		memset(&m->e[m->n], 0, sizeof m->e[0]);
	}
	m->e[m->n++] = e;
	m->bytes += e.zlen;
}

/* pf's program from a memo entry: copies, the entry may go before pf does. */
static tb_status memo_use(const font_memo_entry *e, tb_pdf_face *pf)
{
	pf->prog.new_gid = hb_map_copy(e->new_gid);
	pf->z = malloc(e->zlen);
	if (!pf->prog.new_gid || !hb_map_allocation_successful(pf->prog.new_gid) || !pf->z) {
		hb_map_destroy(pf->prog.new_gid);
		pf->prog.new_gid = NULL;
		free(pf->z);
		pf->z = NULL;
		return TB_ENOMEM;
	}
	memcpy(pf->z, e->z, e->zlen);
	pf->zlen = e->zlen;
	pf->prog.data = NULL;
	pf->prog.len = e->len;
	memcpy(pf->tag, e->tag, sizeof pf->tag);
	return TB_OK;
}

/* The program deflated into pf->z (pdf_priv.h says how); its bytes are then let go. `c` is
 * level 1's compressor; NULL: one of its own, when needed (the helper thread has no context). */
static tb_status deflate_program(tb_pdf_face *pf, struct libdeflate_compressor *c)
{
	bool small = pf->prog.len < TB_PDF_DEFLATE_FONT_SMALL;
	bool huff = !small && tb_face_is_cff(pf->face);
	struct libdeflate_compressor *own = NULL;
	size_t cap;
	if (!huff && !c && !(c = own = libdeflate_alloc_compressor(TB_PDF_DEFLATE_LEVEL_FONT)))
		return TB_ENOMEM;
	cap = huff ? tb_zlib_huff_bound(pf->prog.len) : libdeflate_zlib_compress_bound(c, pf->prog.len);
	pf->z = malloc(cap);
	if (pf->z)
		pf->zlen = huff ? tb_zlib_huff_compress(pf->prog.data, pf->prog.len, pf->z, cap)
		                : libdeflate_zlib_compress(c, pf->prog.data, pf->prog.len, pf->z, cap);
	libdeflate_free_compressor(own);
	if (!pf->z || !pf->zlen) {
		free(pf->z);
		pf->z = NULL;
		return TB_ENOMEM;
	}
	free(pf->prog.data);
	pf->prog.data = NULL;
	return TB_OK;
}

bool tb_pdf_face_needs_work(tb_ctx *ctx, const tb_pdf_face *pf, int deflate)
{
	return hb_set_get_population(pf->gids) <= TB_PDF_MAX_GLYPHS_PER_FACE && !pf->worked &&
	       !(deflate && !tb_face_is_embedded(pf->face) && memo_find(ctx, pf));
}

void tb_pdf_face_work(tb_pdf_face *pf, int deflate, struct libdeflate_compressor *c)
{
	tb_status st = tb_face_subset_glyphs(pf->face, pf->gids, &pf->prog);
	int i;
	if (st == TB_OK) {
		/* The tag names the subset: same face and glyphs, same tag, run after run. It is
		 * hashed (FNV-1a) from the face's name, the program's length and the glyph ids, not
		 * from the subset's bytes: a SHA-256 of every font program cost 2% of a fresh fill. */
		const char *n = tb_face_name(pf->face);
		uint64_t h = tb_hash_bytes(TB_HASH_INIT, n ? n : "", n ? strlen(n) : 0);
		h = (h ^ pf->prog.len) * 1099511628211u; /* two faces of one name: two programs */
		h = hash_gids(h, pf->gids);
		for (i = 0; i < 6; i++, h /= 26)
			pf->tag[i] = (char)('A' + h % 26);
		pf->tag[6] = '\0';
		if (deflate)
			st = deflate_program(pf, c);
	} else if (st != TB_ENOMEM) {
		st = TB_ERROR; /* reported by tb_pdf_face_build, in the faces' order */
	}
	pf->work_st = st;
	pf->worked = true;
}

tb_status tb_pdf_face_build(tb_ctx *ctx, tb_pdf_face *pf, int deflate)
{
	const font_memo_entry *e;
	bool memo = deflate && !tb_face_is_embedded(pf->face);
	if (hb_set_get_population(pf->gids) > TB_PDF_MAX_GLYPHS_PER_FACE) {
		tb_error(ctx, "pdf.too-many-chars", NULL, 0, 0,
		         N_("Split the document; one face can draw at most 20000 distinct characters."),
		         N_("too many distinct characters in font %s"), tb_face_name(pf->face));
		return TB_ELIMIT;
	}
	if (!pf->worked && memo && (e = memo_find(ctx, pf)) != NULL)
		return memo_use(e, pf);
	if (!pf->worked) {
		struct libdeflate_compressor *c = deflate ? tb_deflater(ctx, TB_PDF_DEFLATE_LEVEL_FONT) : NULL;
		if (deflate && !c)
			return TB_ENOMEM;
		tb_pdf_face_work(pf, deflate, c);
	}
	if (pf->work_st == TB_ERROR)
		tb_error(ctx, "pdf.subset", tb_face_path(pf->face), 0, 0,
		         N_("Check that the font file is a valid TrueType or OpenType font."),
		         N_("HarfBuzz could not subset font %s"), tb_face_name(pf->face));
	if (pf->work_st != TB_OK)
		return pf->work_st;
	if (memo)
		memo_add(ctx, pf);
	return TB_OK;
}

void tb_pdf_put_hex4(tb_buf *b, unsigned v)
{
	static const char hex[] = "0123456789ABCDEF";
	char t[4];
	if (v > 0xFFFF) {
		tb_buf_printf(b, "%04X", v);
		return;
	}
	t[0] = hex[v >> 12];
	t[1] = hex[(v >> 8) & 15];
	t[2] = hex[(v >> 4) & 15];
	t[3] = hex[v & 15];
	tb_buf_put(b, t, 4);
}

static void put_utf16(tb_buf *b, uint32_t cp)
{
	if (cp > 0xFFFF) {
		cp -= 0x10000;
		tb_pdf_put_hex4(b, 0xD800 + (cp >> 10));
		tb_pdf_put_hex4(b, 0xDC00 + (cp & 0x3FF));
	} else {
		tb_pdf_put_hex4(b, cp);
	}
}

typedef struct code_cp {
	unsigned code, last; /* last: the end of the run this code starts (ToUnicode ranges) */
	uint32_t cp;
} code_cp;

/* The single entries (ranges == 0) as bfchar, or the ranges as bfrange, 100 a block. */
static void put_entries(tb_buf *out, const code_cp *m, size_t n, int ranges)
{
	const char *what = ranges ? "bfrange" : "bfchar";
	size_t i, count = 0, left, done = 0;
	for (i = 0; i < n; i = i + (m[i].last - m[i].code) + 1)
		count += (m[i].last != m[i].code) == ranges;
	for (i = 0, left = count; i < n; i = i + (m[i].last - m[i].code) + 1) {
		if ((m[i].last != m[i].code) != ranges)
			continue;
		if (done % 100 == 0)
			tb_buf_printf(out, "%zu begin%s\n", left < 100 ? left : (size_t)100, what);
		tb_buf_putc(out, '<');
		tb_pdf_put_hex4(out, m[i].code);
		if (ranges) {
			tb_buf_puts(out, "> <");
			tb_pdf_put_hex4(out, m[i].last);
		}
		tb_buf_puts(out, "> <");
		put_utf16(out, m[i].cp);
		tb_buf_puts(out, ">\n");
		done++;
		left--;
		if (done % 100 == 0 || left == 0)
			tb_buf_printf(out, "end%s\n", what);
	}
}

static int by_code(const void *a, const void *b)
{
	const code_cp *x = a, *y = b;
	return x->code < y->code ? -1 : x->code > y->code;
}

tb_status tb_pdf_face_tounicode(const tb_pdf_face *pf, tb_buf *out)
{
	hb_codepoint_t g = HB_SET_VALUE_INVALID;
	size_t total = hb_set_get_population(pf->gids), n = 0, i;
	code_cp *m = malloc((total + 1) * sizeof *m);

	if (!m)
		return TB_ENOMEM;
	while (hb_set_next(pf->gids, &g)) {
		m[n].code = m[n].last = tb_face_cid(pf->face, g);
		m[n].cp = hb_map_get(pf->gid_cp, g);
		n++;
	}
	qsort(m, n, sizeof *m, by_code); /* CIDs need not follow glyph ids */
	tb_buf_puts(out, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
	                 "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
	                 "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
	                 "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	/* Runs of consecutive codes for consecutive characters (digits, letters) as bfrange;
	 * a range may only vary the last byte of both (ISO 32000-1, 9.10.3). */
	for (i = 0; i < n; i++) {
		size_t j = i;
		while (j + 1 < n && m[j + 1].code == m[j].code + 1 && m[j + 1].cp == m[j].cp + 1 &&
		       m[j + 1].cp <= 0xFFFF && (m[j + 1].code >> 8) == (m[i].code >> 8) &&
		       (m[j + 1].cp >> 8) == (m[i].cp >> 8))
			j++;
		m[i].last = m[j].code;
		i = j;
	}
	put_entries(out, m, n, 0);
	put_entries(out, m, n, 1);
	free(m);
	return tb_buf_puts(out, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
}

tb_status tb_pdf_face_cidset(const tb_pdf_face *pf, unsigned char **bits, size_t *len)
{
	hb_codepoint_t g = HB_SET_VALUE_INVALID;
	unsigned max = 0;
	unsigned char *b;

	while (hb_set_next(pf->gids, &g)) {
		unsigned code = tb_face_cid(pf->face, g);
		if (code > max)
			max = code;
	}
	*len = max / 8 + 1;
	b = calloc(1, *len);
	if (!b)
		return TB_ENOMEM;
	b[0] = 0x80; /* CID 0, .notdef, is always in the font */
	g = HB_SET_VALUE_INVALID;
	while (hb_set_next(pf->gids, &g)) {
		unsigned code = tb_face_cid(pf->face, g);
		b[code / 8] |= (unsigned char)(0x80 >> (code % 8));
	}
	*bits = b;
	return TB_OK;
}
