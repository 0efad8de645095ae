/* font.h: font faces for layout and devices. Requested family names (宋体, SimSun, 仿宋_GB2312,
 * Times New Roman, ...) are mapped through fonts/fontmap.xml to free faces found with
 * fontconfig; characters a face lacks fall back through a chain. Faces are opened once per
 * process (cached in the context) and shared by every document. */
#ifndef TB_FONT_FONT_H
#define TB_FONT_FONT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <hb.h>

#include "tianbiao/tb_core.h"

typedef struct tb_face tb_face;
typedef struct tb_fonts tb_fonts;

/* The context's font cache (created on first use from <datadir>/fonts/fontmap.xml). */
tb_status tb_fonts_get(tb_ctx *ctx, tb_fonts **out);
/* Use another map than <datadir>/fonts/fontmap.xml ($TIANBIAO_FONT_MAP also does); must be
 * called before the first tb_fonts_get. */
tb_status tb_fonts_set_map(tb_ctx *ctx, const char *path);
/* How many faces are open (each file+index once per context). */
size_t tb_fonts_open_count(const tb_fonts *f);

typedef enum tb_script_class { TB_SCRIPT_LATIN, TB_SCRIPT_EAST_ASIAN } tb_script_class;

/* The face to use for `family` (as written in the document) for text of class `cls`.
 * Never NULL once fonts exist: unknown families map to the default of the class. When the
 * requested family is replaced by another face a warning font.substituted is recorded
 * once per family. *synthetic_bold is set when bold was asked for and the face has no bold. */
const tb_face *tb_fonts_resolve(tb_fonts *f, const char *family, bool bold, bool italic,
                                tb_script_class cls, bool *synthetic_bold);
/* The face that will draw cp: `preferred` if it has the glyph, else the first face of the
 * fallback chain that has it, else NULL (the caller reports font.missing-glyph). */
const tb_face *tb_fonts_face_for(tb_fonts *f, const tb_face *preferred, uint32_t cp);
/* Latin letters and digits inside Chinese text come from a proportional Latin face. */
bool tb_cp_is_east_asian(uint32_t cp);

bool tb_face_has(const tb_face *face, uint32_t cp);
/* Advance width of cp at `size` points (0 if the face lacks it). */
float tb_face_advance(const tb_face *face, uint32_t cp, float size);
float tb_face_ascent(const tb_face *face, float size);  /* positive, above baseline */
float tb_face_descent(const tb_face *face, float size); /* positive, below baseline */
/* A face's line metrics at `size_tw` twips (1/20 pt) as LibreOffice computes them on its
 * 8640-dpi reference device (reference/layout-metrics.md §1): hhea ascender, descender and
 * line gap (OS/2 win metrics when hhea gives 0/0, typo metrics when USE_TYPO_METRICS is
 * set), each scaled to device pixels and rounded, then back to twips rounding half up; the
 * height is the rounded sum of ascent and descent. All in twips, leading not included. */
typedef struct tb_line_metrics {
	int ascent;  /* baseline to the top of the line box */
	int height;  /* ascent + descent */
	int leading; /* external leading (line gap), added to both when the document asks */
} tb_line_metrics;
void tb_face_line_metrics(const tb_face *face, int size_tw, tb_line_metrics *m);
const char *tb_face_name(const tb_face *face);          /* PostScript name */
const char *tb_face_path(const tb_face *face);
unsigned tb_face_index(const tb_face *face);            /* index inside a .ttc */
unsigned tb_face_upem(const tb_face *face);             /* design units per em */
int tb_face_cap_height(const tb_face *face);            /* font units */
/* Glyph id of cp, 0 if absent (never draw glyph 0). */
unsigned tb_face_glyph(const tb_face *face, uint32_t cp);
/* Horizontal advance of glyph `gid` in font units. */
int tb_face_glyph_advance(const tb_face *face, unsigned gid);
/* The HarfBuzz face (owned by the face; for shaping and subsetting). */
hb_face_t *tb_face_hb(const tb_face *face);

/* A subset of `face` holding the glyphs of the characters in `cps`, without hinting and
 * without the tables a PDF does not read (font/subset.c). A flat face made from one blob, so
 * its tables can be listed; NULL on failure. The caller destroys it. */
hb_face_t *tb_face_subset(const tb_face *face, const hb_set_t *cps);

#endif
