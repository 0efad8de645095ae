/* font_impl.h: the font cache's insides, private to font/: face.c (faces), font_map.c (the
 * map, fontconfig and fallback) and subset.c. Other modules use font/font.h. */
#ifndef TB_FONT_FONT_IMPL_H
#define TB_FONT_FONT_IMPL_H
#include <hb.h>
#include <stdbool.h>
#include <stdint.h>

#include "font/font.h"

/* Limits on the font map (it is data, possibly user-supplied). */
#define TB_FONTMAP_MAX_BYTES (1u << 20)
#define TB_FONTMAP_MAX_FACES 64
#define TB_FONTMAP_MAX_FAMILIES 1024
#define TB_FONTS_MAX_OPEN 64

struct tb_face {
	char *path;
	unsigned index;
	char *psname;   /* PostScript name from the name table (or the file name) */
	hb_blob_t *blob;
	hb_face_t *hbface;
	hb_font_t *hbfont; /* scale = units per em */
	unsigned upem;
	int ascent, descent, cap_height; /* font units; descent positive below the baseline */
	bool bold, italic;               /* the face itself is bold / italic */
	bool heavy;                      /* OS/2 weight >= 600: bold as fontconfig and LibreOffice see it */
	bool east_asian;                 /* the map's class of the face that opened it */
	bool cff;                        /* outlines in a 'CFF ' table (else glyf) */
	int map_id;                      /* the map face that opened it first, -1: none */
	/* Read when the face is opened (cff.c): the CID of each glyph (CID-keyed CFF; other
	 * faces' glyphs are their own CIDs) and the font's Registry-Ordering-Supplement. */
	bool cid_keyed;
	uint16_t *gid_cid;  /* the face's own, or (cids_shared) its file's memo's: read only */
	bool cids_shared;
	unsigned nglyphs;
	char registry[32], ordering[32];
	int supplement;
	/* Vertical metrics in font units as LibreOffice picks them (font.h
	 * tb_face_line_metrics): ascent, descent (positive below) and line gap. */
	int lo_ascent, lo_descent, lo_gap;
	/* subset.c: the face with only the tables a subset keeps, made at the first subset. A
	 * cache kept with the face, which is one thread's (one context per thread). */
	hb_face_t *subset_face;
	/* A face a document embeds (font/font_set.c): owned by its set, not by the cache. The
	 * faces the map gives its family for Latin [0] and East Asian [1] text, which draw the
	 * characters it lacks first (set when the face is resolved). */
	bool embedded;
	const tb_face *stand_in[2];
	/* face.c: each character's glyph, asked of HarfBuzz once (tb_face_glyph); pages of 256
	 * characters made on first use, NULL when there was no memory for the table (then every
	 * lookup asks HarfBuzz). One thread's, as the face is. */
	uint16_t **glyph_pages;
	/* cff_subset.c: glyphs' charstrings without hints, kept from earlier subsets, since a
	 * batch's documents use mostly the same characters and parsing them again was most of a
	 * subset's time. The process's for this file and index, shared by every context's face
	 * (font_file.c); NULL for a face a document embeds, or when there was no memory. */
	struct tb_cs_memo *cs_memo;
};
/* cff_subset.c's memo, made and freed with its font file (font_file.c). */
struct tb_cs_memo *tb_cs_memo_new(unsigned index);
void tb_cs_memo_free(struct tb_cs_memo *m);
unsigned tb_cs_memo_index(const struct tb_cs_memo *m);
/* The memo keeps the first context's table of CIDs by glyph and gives it to the others
 * (freeing theirs): a Noto CJK face's is 128 KB, made again by every batch worker's
 * context. Returns the table to use, the memo's. */
uint16_t *tb_cs_memo_share_cids(struct tb_cs_memo *m, uint16_t *mine);
struct tb_cs_memo **tb_cs_memo_next(struct tb_cs_memo *m);
/* The memo of face `index` of the mapped file `blob` (tb_font_file_open's), made on first
 * use; NULL when out of memory or the blob is not a mapped file's. */
struct tb_cs_memo *tb_font_file_memo(hb_blob_t *blob, unsigned index);

/* Open a face (file + index inside a .ttc). NULL on failure, with a diagnostic unless quiet. */
/* NULL with *nomem set when out of memory, NULL alone when the face is missing or unusable. */
tb_face *tb_face_open(tb_ctx *ctx, const char *path, unsigned index, bool quiet, bool *nomem);
/* A face from a font file in memory (copied; a document's embedded font, so possibly
 * hostile): NULL when it cannot be used, with *nomem set when out of memory. No
 * diagnostics: the caller reports. `name` names it in messages (the package part). */
tb_face *tb_face_open_mem(const char *name, const void *data, size_t len, bool *nomem);
void tb_face_free(tb_face *face);
/* font_file.c: the process's one mapping of a font file (shared by every context's faces,
 * immutable); an empty blob when it cannot be read (*nomem: for want of memory). Closed once
 * per open; the last close unmaps. tb_font_file_count: files mapped now (for tests). */
hb_blob_t *tb_font_file_open(const char *path, bool *nomem);
void tb_font_file_close(hb_blob_t *blob);
unsigned tb_font_file_count(void);
/* font_set.c: the face of the set for one family name in a style, NULL if it has none;
 * *synthetic_bold when bold is asked and only a regular face is embedded. */
tb_face *tb_font_set_find(const tb_font_set *s, const char *family, bool bold, bool italic,
                          bool *synthetic_bold);
/* cff.c: read the CFF table's charset and ROS into the face. False when out of memory (a
 * table that cannot be read leaves the face as not CID-keyed, and is no failure). */
bool tb_face_read_cff(tb_face *face);
/* cff_subset.c: the subset of a CID-keyed CFF face without subroutines, written directly
 * (tb_face_subset_glyphs' contract); TB_EUNSUPPORTED for any other face (HarfBuzz's then). */
tb_status tb_cff_subset(const tb_face *face, const hb_set_t *gids, tb_font_program *out);

/* font_map.c, for the tests: the file (malloc'd) and index of the face of an installed
 * `family` in a weight (FC_WEIGHT_*) and slant that the font cache would open, chosen as it
 * does (*direct: without FcFontMatch) or, with match_only, by FcFontMatch alone. False when
 * no face of that very family is found. */
bool tb_fonts_fc_choose(tb_fonts *f, const char *family, int weight, bool italic,
                        bool match_only, char **file, int *index, bool *direct);

#endif
