/* face.c: one font face: opened once with HarfBuzz (the file is mapped, not read), asked for
 * glyphs, advances and vertical metrics. */
#include "font/font_impl.h"

#include <hb-ot.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/ctx.h"
#include "core/file.h"
#include "core/i18n.h"

/* Characters up to the end of plane 2 (CJK Extensions B to F) have their glyphs cached:
 * HarfBuzz's cmap lookup is a binary search over the CJK faces' subtables, ~200 instructions,
 * and layout asks a face for the same character again and again (the fallback chain, the
 * advance, the drawing): 780,000 lookups in a batch of 10 applicants. */
#define GLYPH_PAGES (0x30000 >> 8)

static char *ps_name(hb_face_t *f, const char *path)
{
	char buf[128];
	unsigned len = sizeof buf;
	unsigned n = hb_ot_name_get_utf8(f, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID,
	                                 &len, buf);
	size_t i;
	if (n == 0) {
		snprintf(buf, sizeof buf, "%s", tb_path_basename(path));
		char *dot = strrchr(buf, '.');
		if (dot)
			*dot = '\0';
	}
	/* PDF names: keep it to printable ASCII without delimiters. */
	for (i = 0; buf[i]; i++) {
		unsigned char c = (unsigned char)buf[i];
		if (c <= 0x20 || c >= 0x7f || strchr("()<>[]{}/%#", c))
			buf[i] = '-';
	}
	return strdup(buf);
}

/* head.macStyle: bit 0 bold, bit 1 italic. */
static unsigned style_bits(hb_face_t *f)
{
	hb_blob_t *head = hb_face_reference_table(f, HB_TAG('h', 'e', 'a', 'd'));
	unsigned len = 0, v = 0;
	const unsigned char *p = (const unsigned char *)hb_blob_get_data(head, &len);
	if (len >= 46)
		v = (unsigned)p[44] << 8 | p[45];
	hb_blob_destroy(head);
	return v;
}

static int be16s(const uint8_t *p)
{
	return (int16_t)(uint16_t)(p[0] << 8 | p[1]);
}

/* LibreOffice's choice of vertical metrics (vcl ImplFontMetricData::ImplCalcLineSpacing):
 * hhea if it gives an ascent ≥ 0 and a descent ≤ 0; OS/2 win metrics without gap when hhea
 * gave 0/0; OS/2 typo metrics when fsSelection has USE_TYPO_METRICS (bit 7). */
static void lo_metrics(tb_face *face)
{
	hb_blob_t *hh = hb_face_reference_table(face->hbface, HB_TAG('h', 'h', 'e', 'a'));
	hb_blob_t *os = hb_face_reference_table(face->hbface, HB_TAG('O', 'S', '/', '2'));
	unsigned hl, ol;
	const uint8_t *h = (const uint8_t *)hb_blob_get_data(hh, &hl);
	const uint8_t *o = (const uint8_t *)hb_blob_get_data(os, &ol);
	int asc = 0, desc = 0, gap = 0;
	if (h && hl >= 10 && be16s(h + 4) >= 0 && be16s(h + 6) <= 0) {
		asc = be16s(h + 4);
		desc = -be16s(h + 6);
		gap = be16s(h + 8) > 0 ? be16s(h + 8) : 0;
	}
	if (o && ol >= 78) {
		unsigned fs = (unsigned)(o[62] << 8 | o[63]);
		if (asc == 0 && desc == 0) {
			asc = (uint16_t)be16s(o + 74);
			desc = (uint16_t)be16s(o + 76);
			gap = 0;
		}
		if ((fs & 0x80) && be16s(o + 68) >= 0 && be16s(o + 70) <= 0) {
			asc = be16s(o + 68);
			desc = -be16s(o + 70);
			gap = be16s(o + 72) > 0 ? be16s(o + 72) : 0;
		}
	}
	if (asc == 0 && desc == 0) {
		asc = face->ascent;
		desc = face->descent;
	}
	face->lo_ascent = asc;
	face->lo_descent = desc;
	face->lo_gap = gap;
	hb_blob_destroy(hh);
	hb_blob_destroy(os);
}

/* The face in face->blob (face->path and face->index set): checked and measured. False when
 * it cannot be used (with a diagnostic unless quiet, *nomem set when out of memory); the
 * caller frees the face. The bytes may be hostile (fonts embedded in documents): HarfBuzz
 * sanitizes every table it reads, and the tables read here are checked for length. */
static bool face_init(tb_ctx *ctx, tb_face *face, bool quiet, bool *nomem)
{
	const char *path = face->path;
	unsigned index = face->index, count;
	hb_position_t pos;
	hb_blob_t *glyf;
	unsigned glyf_len;

	count = hb_face_count(face->blob);
	if (hb_blob_get_length(face->blob) == 0 || index >= (count ? count : 1)) {
		if (!quiet)
			tb_error(ctx, "font.open", path, 0, 0,
			         N_("Name a font file (.ttf, .otf, .ttc) and a valid index inside it."),
			         N_("cannot read font face %u"), index);
		return false;
	}
	face->hbface = hb_face_create(face->blob, index);
	face->upem = hb_face_get_upem(face->hbface);
	if (hb_face_get_glyph_count(face->hbface) == 0 || face->upem < 16) {
		if (!quiet)
			tb_error(ctx, "font.open", path, 0, 0,
			         N_("Name a font file (.ttf, .otf, .ttc) and a valid index inside it."),
			         N_("not a usable font face (index %u)"), index);
		return false;
	}
	/* Outlines: glyf (embedded as CIDFontType2) or CFF (CIDFontType0C). CFF2 (variable
	 * fonts) and bitmap-only faces cannot be embedded. */
	glyf = hb_face_reference_table(face->hbface, HB_TAG('g', 'l', 'y', 'f'));
	glyf_len = hb_blob_get_length(glyf);
	hb_blob_destroy(glyf);
	if (glyf_len == 0) {
		hb_blob_t *cff = hb_face_reference_table(face->hbface, HB_TAG('C', 'F', 'F', ' '));
		face->cff = hb_blob_get_length(cff) > 0;
		hb_blob_destroy(cff);
	}
	if (glyf_len == 0 && !face->cff) {
		if (!quiet)
			tb_error(ctx, "font.outlines", path, 0, 0,
			         N_("Use a font with TrueType (glyf) or CFF outlines; CFF2 variable fonts and bitmap fonts cannot be embedded."),
			         N_("font has neither TrueType nor CFF outlines"));
		return false;
	}
	face->map_id = -1;
	if (!tb_face_read_cff(face)) {
		*nomem = true; /* drawn without its CIDs, a CFF face would show other glyphs */
		return false;
	}
	face->hbfont = hb_font_create(face->hbface);
	hb_font_set_scale(face->hbfont, (int)face->upem, (int)face->upem);
	face->psname = ps_name(face->hbface, path);
	if (hb_ot_metrics_get_position(face->hbfont, HB_OT_METRICS_TAG_HORIZONTAL_ASCENDER, &pos))
		face->ascent = pos;
	else
		face->ascent = (int)(face->upem * 88 / 100);
	if (hb_ot_metrics_get_position(face->hbfont, HB_OT_METRICS_TAG_HORIZONTAL_DESCENDER, &pos))
		face->descent = pos < 0 ? -pos : pos;
	else
		face->descent = (int)(face->upem * 12 / 100);
	if (hb_ot_metrics_get_position(face->hbfont, HB_OT_METRICS_TAG_CAP_HEIGHT, &pos) && pos > 0)
		face->cap_height = pos;
	else
		face->cap_height = face->ascent;
	/* Bold by weight class, or by the style bits (the Fandol Bold faces say weight 400 but
	 * set OS/2 fsSelection BOLD and head macStyle bold). */
	{
		unsigned style = style_bits(face->hbface);
		face->heavy = hb_style_get_value(face->hbfont, HB_STYLE_TAG_WEIGHT) >= 600.f;
		face->bold = face->heavy || (style & 1);
		face->italic = hb_style_get_value(face->hbfont, HB_STYLE_TAG_ITALIC) > 0.f ||
		               hb_style_get_value(face->hbfont, HB_STYLE_TAG_SLANT_ANGLE) != 0.f;
	}
	if (!face->psname) {
		*nomem = true;
		return false;
	}
	lo_metrics(face);
	/* The cache is a speed-up only: without memory for it, lookups go to HarfBuzz. */
	face->glyph_pages = calloc(GLYPH_PAGES, sizeof *face->glyph_pages);
	return true;
}

tb_face *tb_face_open(tb_ctx *ctx, const char *path, unsigned index, bool quiet, bool *nomem)
{
	tb_face *face;

	*nomem = false;
	if (!tb_file_exists(path)) {
		if (!quiet)
			tb_error(ctx, "font.open", path, 0, 0,
			         N_("Check the font map (fonts/fontmap.xml) or install the font package."),
			         N_("font file not found"));
		return NULL;
	}
	face = calloc(1, sizeof *face);
	if (!face || !(face->path = strdup(path))) {
		*nomem = true; /* not "no such face": the caller must not fall back to another */
		free(face);
		return NULL;
	}
	face->index = index;
	face->blob = tb_font_file_open(path, nomem);
	if (*nomem || !face_init(ctx, face, quiet, nomem)) {
		tb_face_free(face);
		return NULL;
	}
	if (face->cff)
		face->cs_memo = tb_font_file_memo(face->blob, index); /* a speed-up too */
	if (face->cs_memo && face->gid_cid) {
		face->gid_cid = tb_cs_memo_share_cids(face->cs_memo, face->gid_cid);
		face->cids_shared = true;
	}
	return face;
}

tb_face *tb_face_open_mem(const char *name, const void *data, size_t len, bool *nomem)
{
	tb_face *face;
	void *copy;

	*nomem = false;
	if (len == 0 || len > TB_FONT_MAX_EMBEDDED_BYTES)
		return NULL;
	face = calloc(1, sizeof *face);
	copy = malloc(len);
	if (!face || !copy || !(face->path = strdup(name))) {
		*nomem = true;
		free(copy);
		if (face)
			free(face->path);
		free(face);
		return NULL;
	}
	memcpy(copy, data, len);
	face->blob = hb_blob_create(copy, (unsigned)len, HB_MEMORY_MODE_READONLY, copy, free);
	face->embedded = true;
	if (!face_init(NULL, face, true, nomem)) {
		tb_face_free(face);
		return NULL;
	}
	return face;
}

void tb_face_free(tb_face *face)
{
	if (!face)
		return;
	hb_font_destroy(face->hbfont);
	hb_face_destroy(face->subset_face);
	hb_face_destroy(face->hbface);
	if (face->embedded)
		hb_blob_destroy(face->blob);
	else
		tb_font_file_close(face->blob);
	free(face->path);
	free(face->psname);
	if (!face->cids_shared)
		free(face->gid_cid);
	if (face->glyph_pages) {
		size_t i;
		for (i = 0; i < GLYPH_PAGES; i++)
			free(face->glyph_pages[i]);
		free(face->glyph_pages);
	}
	free(face);
}

static unsigned hb_glyph(const tb_face *face, uint32_t cp)
{
	hb_codepoint_t g = 0;
	if (!hb_font_get_nominal_glyph(face->hbfont, cp, &g) || g > 0xFFFE)
		return 0;
	return g;
}

/* An entry is the glyph id + 1 (ids stop at 65534), 0 until asked. */
unsigned tb_face_glyph(const tb_face *face, uint32_t cp)
{
	uint16_t *page;
	if (!face)
		return 0;
	if (!face->glyph_pages || cp >= (uint32_t)GLYPH_PAGES << 8)
		return hb_glyph(face, cp);
	page = face->glyph_pages[cp >> 8];
	if (!page && !(page = face->glyph_pages[cp >> 8] = calloc(256, sizeof *page)))
		return hb_glyph(face, cp);
	if (!page[cp & 0xFF])
		page[cp & 0xFF] = (uint16_t)(hb_glyph(face, cp) + 1);
	return page[cp & 0xFF] - 1u;
}

bool tb_face_has(const tb_face *face, uint32_t cp)
{
	return tb_face_glyph(face, cp) != 0;
}

float tb_face_advance(const tb_face *face, uint32_t cp, float size)
{
	unsigned g = tb_face_glyph(face, cp);
	if (!g)
		return 0.f;
	return (float)hb_font_get_glyph_h_advance(face->hbfont, g) * size / (float)face->upem;
}

float tb_face_ascent(const tb_face *face, float size)
{
	return (float)face->ascent * size / (float)face->upem;
}

float tb_face_descent(const tb_face *face, float size)
{
	return (float)face->descent * size / (float)face->upem;
}

/* Device pixels (8640 dpi: 6 per twip) to twips, rounding half up (vcl ImplPixelToLogic). */
static int px_to_tw(long px)
{
	return (int)(((2 * px) / 6 + 1) / 2);
}

static long units_to_px(const tb_face *face, int units, long px_size)
{
	return lround((double)units * (double)px_size / (double)face->upem);
}

void tb_face_line_metrics(const tb_face *face, int size_tw, tb_line_metrics *m)
{
	long px = (long)size_tw * 6;
	long a = units_to_px(face, face->lo_ascent, px), d = units_to_px(face, face->lo_descent, px);
	m->ascent = px_to_tw(a);
	m->height = px_to_tw(a + d);
	m->leading = px_to_tw(units_to_px(face, face->lo_gap, px));
}

const char *tb_face_name(const tb_face *face) { return face->psname; }

bool tb_face_is_embedded(const tb_face *face) { return face->embedded; }

const char *tb_face_path(const tb_face *face) { return face->path; }
unsigned tb_face_index(const tb_face *face) { return face->index; }
hb_face_t *tb_face_hb(const tb_face *face) { return face->hbface; }
unsigned tb_face_upem(const tb_face *face) { return face->upem; }
int tb_face_cap_height(const tb_face *face) { return face->cap_height; }
void tb_face_bbox(const tb_face *face, int bbox[4])
{
	hb_blob_t *head = hb_face_reference_table(face->hbface, HB_TAG('h', 'e', 'a', 'd'));
	unsigned len = 0, i;
	const unsigned char *p = (const unsigned char *)hb_blob_get_data(head, &len);
	for (i = 0; i < 4; i++)
		bbox[i] = len >= 44 ? (int16_t)((unsigned)p[36 + 2 * i] << 8 | p[37 + 2 * i]) : 0;
	if (len < 44 || bbox[2] <= bbox[0] || bbox[3] <= bbox[1]) {
		bbox[0] = 0;
		bbox[1] = -face->descent;
		bbox[2] = (int)face->upem;
		bbox[3] = face->ascent;
	}
	hb_blob_destroy(head);
}

int tb_face_glyph_advance(const tb_face *face, unsigned gid)
{
	return (int)hb_font_get_glyph_h_advance(face->hbfont, gid);
}

/* East Asian text takes the document's East Asian font (w:eastAsia), everything else the
 * Latin one, as Word does for zh-CN text: Han, kana, Hangul, CJK and full-width punctuation,
 * plus the ambiguous marks Chinese text uses (curly quotes, dashes, ellipsis, ·, ×, ÷,
 * circled numbers, geometric shapes such as □ and ☑). */
bool tb_cp_is_east_asian(uint32_t cp)
{
	if (cp < 0x00B7)
		return false;
	if (cp == 0x00B7 || cp == 0x00D7 || cp == 0x00F7)
		return true;
	if (cp >= 0x2010 && cp <= 0x203B)
		return cp == 0x2014 || cp == 0x2015 || cp == 0x2016 || cp == 0x2018 ||
		       cp == 0x2019 || cp == 0x201C || cp == 0x201D || cp == 0x2025 ||
		       cp == 0x2026 || cp == 0x2030 || cp == 0x2032 || cp == 0x2033 ||
		       cp == 0x203B;
	return (cp >= 0x2100 && cp <= 0x214F) ||  /* letterlike: ℃ № */
	       (cp >= 0x2160 && cp <= 0x218F) ||  /* Roman numerals */
	       (cp >= 0x2190 && cp <= 0x21FF) ||  /* arrows */
	       (cp >= 0x2460 && cp <= 0x24FF) ||  /* circled numbers */
	       (cp >= 0x2500 && cp <= 0x27BF) ||  /* box drawing, shapes, dingbats: □ ■ ☑ ★ */
	       (cp >= 0x2E80 && cp <= 0x2FDF) ||  /* radicals */
	       (cp >= 0x2FF0 && cp <= 0x9FFF) ||  /* CJK punctuation, kana, bopomofo, Han */
	       (cp >= 0xA960 && cp <= 0xA97F) || (cp >= 0xAC00 && cp <= 0xD7FF) ||
	       (cp >= 0xF900 && cp <= 0xFAFF) ||  /* compatibility ideographs */
	       (cp >= 0xFE10 && cp <= 0xFE1F) || (cp >= 0xFE30 && cp <= 0xFE6F) ||
	       (cp >= 0xFF00 && cp <= 0xFFEF) ||  /* full-width forms */
	       (cp >= 0x1F200 && cp <= 0x1F2FF) ||
	       (cp >= 0x20000 && cp <= 0x3FFFF);  /* Extensions B-H */
}
