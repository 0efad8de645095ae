/* doc_read.h: the two readers behind tb_doc_read_*; each fills a fresh model from an open
 * package. Shared helpers for both live here too. */
#ifndef TB_DOC_DOC_READ_H
#define TB_DOC_DOC_READ_H
#include <libxml/tree.h>
#include <stdbool.h>

#include "core/xml.h"
#include "core/zipread.h"
#include "doc/doc.h"

TB_NODISCARD tb_status tb_docx_read(tb_ctx *ctx, tb_zipr *z, const char *name,
                       const tb_doc_read_options *o, tb_doc *doc);
TB_NODISCARD tb_status tb_odt_read(tb_ctx *ctx, tb_zipr *z, const char *name,
                      const tb_doc_read_options *o, tb_doc *doc);

/* Nesting of tables inside cells deeper than this is flattened to text. */
#define TB_DOC_MAX_DEPTH 16
/* Grid columns of one table. */
#define TB_DOC_MAX_COLS 64

/* Read and parse one part of the package `pkg` (used in messages), or take it already parsed
 * from o->take. A missing optional part,
 * or one with no root element, gives TB_OK with *out NULL; a missing required part is
 * doc.part-missing. */
TB_NODISCARD tb_status tb_doc_load_part(tb_ctx *ctx, tb_zipr *z, const tb_doc_read_options *o,
                                        const char *pkg, const char *part, bool required,
                                        xmlDocPtr *out);
/* A kept tree of a large part (part_store.c, below). */
typedef struct tb_part_ref tb_part_ref;

/* A pruner for tb_doc_load_part_pruned: given the part's bytes, the filter that leaves out
 * what the document cannot use (and its state, freed with `done`), or NULL to read it all.
 * It may also give shorter bytes to parse instead (*cut, malloc'd; NULL: the part's own),
 * with what it is sure to leave out already removed. `partial`: whether the pruned tree may
 * be kept for the next documents of the same part, whose readers complete it from the
 * part's bytes when they need what it left out (NULL: never). */
typedef struct tb_doc_pruner {
	tb_xml_keep_fn (*prepare)(void *user, const char *part, const char *data, size_t len,
	                          char **cut, size_t *cut_len, void **keep_user);
	void (*done)(void *keep_user);
	bool (*partial)(void *keep_user, const char *data, size_t len);
	void *user;
} tb_doc_pruner;
/* tb_doc_load_part for a large part a document may use little of (Word's styles.xml): parsed
 * pruned to what the document can use, and when the pruner says so kept as a partial tree
 * for the next documents of the same bytes: then *partial is the kept entry, whose bytes
 * the reader completes the tree from on demand (else *partial is NULL: the tree is all this
 * document needs). A part the pruner refuses is parsed whole and kept as tb_doc_load_part
 * does. */
TB_NODISCARD tb_status tb_doc_load_part_pruned(tb_ctx *ctx, tb_zipr *z, const tb_doc_read_options *o,
                                               const char *pkg, const char *part, bool required,
                                               const tb_doc_pruner *pruner, xmlDocPtr *out,
                                               tb_part_ref **partial);
/* Free a tree tb_doc_load_part gave: trees it keeps for the next documents (large parts of
 * the same bytes) are left alone. */
void tb_doc_part_free(tb_ctx *ctx, xmlDocPtr doc);
/* Is `doc` the caller's alone (not a tree kept for other documents, which only read it)? */
bool tb_doc_part_owned(tb_ctx *ctx, xmlDocPtr doc);

/* part_store.c: kept trees of large parts, one per part's bytes in the process, shared by
 * the contexts (which only read them) and counted: find and add take a reference, release
 * gives one back and the last frees the tree. tb_part_store_add takes data, doc and raw's
 * data over; when an entry of the same bytes exists, those are freed and it is returned.
 * NULL: not found, or (add) no memory, nothing taken. */
tb_part_ref *tb_part_store_find_raw(const tb_zip_raw *raw, bool partial_ok);
tb_part_ref *tb_part_store_find(const char *data, size_t len, bool partial_ok);
tb_part_ref *tb_part_store_add(char *data, size_t len, xmlDocPtr doc, tb_zip_raw *raw,
                               bool partial);
/* Remember how the entry's part was stored, when not known yet (raw's data taken over). */
void tb_part_store_set_raw(tb_part_ref *e, tb_zip_raw *raw);
xmlDocPtr tb_part_ref_doc(const tb_part_ref *e);
size_t tb_part_ref_len(const tb_part_ref *e);
const char *tb_part_ref_bytes(const tb_part_ref *e);
bool tb_part_ref_partial(const tb_part_ref *e);
/* A partial entry's completion state: set once by the first reader (a later set frees its
 * own `aux` and gets the one in place), freed with the entry. */
void *tb_part_ref_aux(tb_part_ref *e);
void *tb_part_ref_set_aux(tb_part_ref *e, void *aux, void (*aux_free)(void *));
void tb_part_store_release(tb_part_ref *e);
size_t tb_part_store_count(void); /* entries now (for tests) */
/* docx_prune.c: styles a document read from the part's bytes because the kept partial
 * tree of its styles part left them out, in the process so far (for tests). */
size_t tb_doc_styles_read_late(void);
/* In strict mode, report element n of `part` as outside the layout's scope (at most 200
 * reports per document, counted in *count). */
void tb_doc_unsupported(tb_ctx *ctx, const tb_doc_read_options *o, int *count, const char *pkg,
                        const char *part, xmlNodePtr n);
/* Tracked deletions are laid out as accepted, so not drawn: the warning both readers give,
 * once per document, at node n of `part`, quoting the first deleted text. */
void tb_doc_tracked_deletion(tb_ctx *ctx, const char *pkg, const char *part, xmlNodePtr n,
                             const char *first_text);

/* A font the document embeds: package part `target` into doc->fonts as `family` in a style;
 * `key`: the 16 bytes that undo Word's obfuscation of the first 32 (.odttf), or NULL. A part
 * that is missing, or past the bounds (TB_DOC_MAX_FONTS, TB_DOC_MAX_FONT_BYTES,
 * TB_DOC_MAX_FONTS_BYTES), is the warning doc.font-embedded at node `at` of `part`. */
TB_NODISCARD tb_status tb_doc_embed_font(tb_ctx *ctx, tb_doc *doc, tb_zipr *z, const char *pkg,
                                         const char *part, xmlNodePtr at, const char *family,
                                         bool bold, bool italic, const char *target,
                                         const unsigned char key[16]);

/* "RRGGBB" → colour; false if not a colour (e.g. "auto"). */
/* One hexadecimal digit's value, or -1. */
int tb_doc_hexval(char c);
bool tb_doc_parse_hex_color(const char *s, tb_rgb *out);
/* Sniff a picture's format from its bytes: a tb_img_format, TB_PIC_EMF, TB_PIC_WMF, or -1
 * for anything else. */
int tb_doc_image_kind(const unsigned char *d, size_t n);
/* Pixel size of a raster picture (PNG, JPEG, GIF, BMP, TIFF); false if it cannot be found. */
bool tb_doc_image_size(const unsigned char *d, size_t n, unsigned *w, unsigned *h);

/* Load picture part `target` into `in` (made an IMAGE inline) with extent w x h points (0:
 * from the pixel size at 96 dpi). A missing part or an unknown format is a warning naming
 * the part (`at` gives the position in `part`), and the inline keeps its box with format
 * TB_PIC_NONE. in->text is set to the part name. */
tb_status tb_doc_load_picture(tb_ctx *ctx, tb_doc *doc, tb_zipr *zip, const char *pkg,
                              const char *part, xmlNodePtr at, const char *target, float w,
                              float h, tb_inline *in);
/* symbols.c: is `family` a symbol font (Symbol, Wingdings, Wingdings 2/3, Webdings)? The
 * Unicode character that its character c (0x20-0xFF or U+F020-F0FF) draws; c itself when
 * the font is no symbol font. */
bool tb_symbol_font(const char *family);
uint32_t tb_symbol_char(const char *family, uint32_t c);
/* Does tb_symbol_char know what c draws in `family`? (Symbol's unlisted codes are ASCII; a
 * Wingdings or Webdings code without an entry prints as the character it is stored as.) */
bool tb_symbol_known(const char *family, uint32_t c);

/* "PNG", "EMF", ... for messages. */
const char *tb_doc_picture_format_name(int format);

#endif
