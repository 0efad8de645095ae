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

struct _xmlDoc; /* libxml2's xmlDoc */

typedef struct tb_face tb_face;
typedef struct tb_fonts tb_fonts;

/* The context's font cache (created on first use from <datadir>/fonts/fontmap.xml). */
TB_NODISCARD tb_status tb_fonts_get(tb_ctx *ctx, tb_fonts **out);
/* Use another map than <datadir>/fonts/fontmap.xml ($TIANBIAO_FONT_MAP also does) from now
 * on in this context. Each map's faces stay open as long as the context (display lists made
 * with them stay valid), so a context can render any number of documents, with any maps. */
TB_NODISCARD tb_status tb_fonts_set_map(tb_ctx *ctx, const char *path); /* NULL: the default again */
const char *tb_fonts_map_setting(const tb_ctx *ctx);        /* NULL: none set */
/* A character no installed face has is an error (font.missing-glyph) unless allowed; then
 * it is a warning and the character is left out. Per context. */
TB_NODISCARD tb_status tb_fonts_set_allow_missing(tb_ctx *ctx, bool allow);
bool tb_fonts_allow_missing(const tb_ctx *ctx);
/* Characters that draw nothing by definition: controls, the soft hyphen inside a line,
 * zero-width and bidi marks, variation selectors, tags, surrogates. One list for the data
 * check, face picking and the devices' missing-glyph reports. */
bool tb_fonts_ignorable(uint32_t cp);
/* Can some face of the map (the defaults and the fallback chains) draw cp? */
bool tb_fonts_can_draw(tb_fonts *f, uint32_t cp);
/* font/coverage.c: record font.missing-glyph for cp at a place (an error, or a warning when
 * missing glyphs are allowed); `field` names what holds it ("/evidence/applicant/name"),
 * or NULL. */
void tb_fonts_report_missing(tb_ctx *ctx, const char *file, unsigned line, unsigned col,
                             uint32_t cp, const char *field);
/* Was a font.missing-glyph error recorded since diagnostic number `from`? */
bool tb_fonts_missing_since(tb_ctx *ctx, size_t from);
/* Check every text and attribute of XML data (the evidence a form is filled with): each
 * character some face must draw. TB_ERROR when one cannot be (errors name the field, in the
 * file the tree was read from). This one takes a tree the caller keeps (the evidence's, as
 * its loader read it). */
TB_NODISCARD tb_status tb_fonts_check_doc(tb_ctx *ctx, struct _xmlDoc *doc);
/* The same for data in memory; `name` is the file name messages give. */
TB_NODISCARD tb_status tb_fonts_check_data_mem(tb_ctx *ctx, const char *name, const void *data, size_t len);
/* tb_fonts_check_data_mem on the tree already read from those bytes with blanks dropped
 * (the fill's, tb_fill_parts_data): the same findings without reading them again, which it
 * does only when the tree could differ (another name, no face for the space, NULL). */
TB_NODISCARD tb_status tb_fonts_check_data_tree(tb_ctx *ctx, const char *name, const void *data,
                                                size_t len, struct _xmlDoc *doc);
/* TB_ENOMEM when a face lookup since the last call ran out of memory (it then answered as if
 * the face were missing, and the text may have gone to another face): layout and the devices
 * call it once at their end and fail. Clears the state. */
TB_NODISCARD tb_status tb_fonts_status(tb_fonts *f);
/* How many faces are open (each file+index once per context). */
size_t tb_fonts_open_count(const tb_fonts *f);
/* tb_render_prefetch_fonts: fontconfig's set-up begun on a thread of its own; the first
 * font cache made takes it (font_map.c). */
void tb_fonts_prefetch(void);
/* How many font caches took fontconfig's set-up from tb_fonts_prefetch (0 or 1 per
 * process), for tests. */
int tb_fonts_prefetch_taken(void);

typedef enum tb_script_class { TB_SCRIPT_LATIN, TB_SCRIPT_EAST_ASIAN } tb_script_class;

/* Faces a document brings in its package (DOCX word/fonts/, ODT Fonts/), for that document
 * only. While a set is in use (tb_fonts_use_set), its faces win over the font map for their
 * family names, as in LibreOffice; characters they lack come from the face the map gives the
 * family, then the fallback chains. A set owns its faces (read from memory); a display list
 * drawn with them keeps the set (layout hands it over, page/display.h). */
typedef struct tb_font_set tb_font_set;
#define TB_FONT_SET_MAX_FACES 32
#define TB_FONT_MAX_EMBEDDED_BYTES (64u << 20) /* one embedded font file */
TB_NODISCARD tb_status tb_font_set_new(tb_font_set **out);
void tb_font_set_free(tb_font_set *s);
void tb_font_set_free_any(void *s); /* the same, as a display list's release hook */
/* Add the font file `data` (TrueType or OpenType; a collection's first face) as `family`
 * in a style. A font that cannot be used is the warning font.embedded at `where` (the
 * package part) and is left out: the font map draws that family. TB_ENOMEM only. */
TB_NODISCARD tb_status tb_font_set_add(tb_ctx *ctx, tb_font_set *s, const char *family, bool bold,
                                       bool italic, const void *data, size_t len,
                                       const char *where);
size_t tb_font_set_count(const tb_font_set *s);
/* Resolve with the faces of `s` first from now on (NULL: the font map alone again). */
void tb_fonts_use_set(tb_fonts *f, const tb_font_set *s);

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
/* Outlines in a CFF table (embedded as CIDFontType0C) rather than glyf (CIDFontType2). */
bool tb_face_is_cff(const tb_face *face);
/* A face a document embeds (its set's, freed with the document), not one of the map's, which
 * live as long as their context. */
bool tb_face_is_embedded(const tb_face *face);
/* A CID-keyed CFF font (Noto CJK, Fandol): its glyphs have CIDs of their own. */
bool tb_face_cid_keyed(const tb_face *face);
/* The code a PDF shows for glyph `gid`: its CID in a CID-keyed CFF font, else the glyph id
 * itself (font/cff.c). Subsets keep these, so layout's glyph ids go straight through. */
unsigned tb_face_cid(const tb_face *face, unsigned gid);
/* Registry, Ordering and Supplement of a CID-keyed font ("Adobe", "Identity", 0 otherwise). */
void tb_face_ros(const tb_face *face, const char **registry, const char **ordering,
                 int *supplement);
/* Bounding box of all glyphs (head table) in font units: xmin, ymin, xmax, ymax. */
void tb_face_bbox(const tb_face *face, int bbox[4]);

/* A font program for embedding (font/subset.c): the glyphs `gids` (original glyph ids;
 * .notdef is always kept) of `face`, without hinting and without the tables a PDF does not
 * read: a bare CFF table for CFF faces (FontFile3 /CIDFontType0C), or a TrueType file with
 * only glyf, loca, head, hhea, hmtx and maxp (FontFile2). new_gid maps an original glyph id
 * to the subset's (TrueType: the /CIDToGIDMap; CFF: glyphs are named by CID instead). */
typedef struct tb_font_program {
	unsigned char *data;
	size_t len;
	hb_map_t *new_gid;
} tb_font_program;
tb_status tb_face_subset_glyphs(const tb_face *face, const hb_set_t *gids, tb_font_program *out);
void tb_font_program_free(tb_font_program *p);

#endif
