/* pdf_priv.h: the PDF device's own pieces: per-document font subsets (pdf_font.c) and
 * their PDF objects (pdf_cidfont.c), the file writer (pdf_save.c), the one file that
 * reaches into libharu 2.3.0's internals (pdf_hpdf.c), signature fields (sig_field.c) and
 * PDF/A (pdf_pdfa.c). */
#ifndef TB_RENDER_PDF_PRIV_H
#define TB_RENDER_PDF_PRIV_H
#include <hb.h>
#include <hpdf.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/ctx.h"
#include "font/font.h"
#include "render/device.h"

/* A face can draw at most this many distinct glyphs in one document (a sanity limit; CIDs
 * are 16 bits). */
#define TB_PDF_MAX_GLYPHS_PER_FACE 20000

/* One face as used by one document: the glyphs drawn (by original glyph id), the
 * character each one was drawn for (ToUnicode), its subset program and its PDF font. */
typedef struct tb_pdf_face {
	const tb_face *face;
	hb_set_t *gids;      /* original glyph ids drawn */
	hb_map_t *gid_cp;    /* glyph id -> the first character drawn with it */
	tb_font_program prog; /* .data is NULL once deflated into z */
	unsigned char *z;    /* the program deflated (TB_PDF_DEFLATE_LEVEL_FONT or Huffman alone), when streams are */
	size_t zlen;
	HPDF_Dict file;      /* the program's stream; with z, its bytes are z, not libharu's */
	char tag[7];         /* subset tag, six capitals from a digest of the subset */
	HPDF_Dict font;      /* the Type0 font dictionary */
	bool worked;         /* subset (and deflated) already, by tb_pdf_face_work: ... */
	tb_status work_st;   /* ... with this outcome */
} tb_pdf_face;

typedef struct tb_pdf_fontset {
	tb_pdf_face *faces;
	size_t n, cap;
} tb_pdf_fontset;

void tb_pdf_fontset_free(tb_pdf_fontset *s);
/* The entry for face (added on first use); NULL when out of memory. */
tb_pdf_face *tb_pdf_fontset_get(tb_pdf_fontset *s, const tb_face *face);
/* Record that cp is drawn with this face (its nominal glyph). */
TB_NODISCARD tb_status tb_pdf_face_add(tb_pdf_face *pf, uint32_t cp);
/* Subset the face to its glyphs (after pass 1) and name the subset; with `deflate`, the
 * program is deflated into pf->z (and its stream marked TB_PDF_STREAM_DEFLATED). */
TB_NODISCARD tb_status tb_pdf_face_build(tb_ctx *ctx, tb_pdf_face *pf, int deflate);
/* The part of tb_pdf_face_build that needs no context and touches only pf: subset, tag,
 * deflate (`c`: level 1's compressor, or NULL for one of its own). Another thread may run it
 * before tb_pdf_face_build, which then takes its outcome and reports it in the faces' order;
 * tb_pdf_face_needs_work says whether there is any (not over the limit, not memoised). */
struct libdeflate_compressor;
bool tb_pdf_face_needs_work(tb_ctx *ctx, const tb_pdf_face *pf, int deflate);
void tb_pdf_face_work(tb_pdf_face *pf, int deflate, struct libdeflate_compressor *c);
/* How many PDFs of this process had a face made on the helper thread (for the tests). */
size_t tb_pdf_faces_beside(void);
/* A stream filter bit of our own (libharu's writer is never used): the stream's bytes are
 * zlib data already; pdf_save.c writes them as they are, /FlateDecode. */
#define TB_PDF_STREAM_DEFLATED 0x4000
/* Another: the stream's bytes are a page's operators the device kept (tb_pdf_own), not in
 * libharu's stream; pdf_save.c deflates them from there. */
#define TB_PDF_STREAM_OWN 0x2000
/* A page's content stream and where its operators lie in the device's buffer. */
typedef struct tb_pdf_own {
	HPDF_Dict dict;
	size_t off, len;
} tb_pdf_own;
/* Images are deflated at this level (pdf_save.c says why). Font programs: desubroutinized CFF
 * charstrings hardly compress (371 KB to 292 KB for the report's FandolFang subset), and the
 * deflater's time is spent looking for matches that are not there. On a 244 KB FandolFang
 * subset, libdeflate's level 6 takes 4.0 ms to 78.8%, level 1 2.5-2.9 ms to 79.6%, Huffman
 * coding alone (core/deflate_huff.h) 0.62 ms to 82.9%: CFF programs from
 * TB_PDF_DEFLATE_FONT_SMALL bytes up take that. TrueType outlines do repeat (a glyf table:
 * 51-63% at level 1, 73-83% by Huffman alone), so they keep level 1, as do small programs
 * (below TB_PDF_DEFLATE_FONT_SMALL bytes): the context keeps one compressor, level 1's
 * (pdf_save.c says why). */
#define TB_PDF_DEFLATE_LEVEL 9
#define TB_PDF_DEFLATE_LEVEL_FONT 1
#define TB_PDF_DEFLATE_FONT_SMALL (16u << 10)
/* Width of glyph gid in 1/1000 em, as written in /W (the text's natural advance). */
int tb_pdf_face_width(const tb_pdf_face *pf, unsigned gid);
/* v as four upper-case hex digits (more when it needs them), without printf. */
void tb_pdf_put_hex4(tb_buf *b, unsigned v);
/* A ToUnicode CMap (bfchar, UTF-16BE, surrogate pairs beyond the BMP), keyed by CID. */
TB_NODISCARD tb_status tb_pdf_face_tounicode(const tb_pdf_face *pf, tb_buf *out);
/* PDF/A: the CIDSet bit string (bit per CID present, CID 0 included). Caller frees. */
TB_NODISCARD tb_status tb_pdf_face_cidset(const tb_pdf_face *pf, unsigned char **bits, size_t *len);

/* pdf_cidfont.c: the font's objects in libharu's object model: Type0, CIDFontType0 (CFF)
 * or CIDFontType2 (TrueType), descriptor, program, /W, ToUnicode, CIDSet (PDF/A). */
TB_NODISCARD tb_status tb_pdf_cidfont_make(tb_ctx *ctx, HPDF_Doc pdf, tb_pdf_face *pf, int pdfa);

/* pdf_save.c: the file. libharu 2.3.0 writes only a classic cross-reference table and
 * deflates with zlib's defaults; this writer walks libharu's objects itself, deflates every
 * Flate stream with libdeflate and, unless PDF/A-1 (PDF 1.4) is asked for, packs the
 * objects that are not streams into object streams indexed by a cross-reference stream
 * (PDF 1.5). Objects are renumbered in order, without libharu's separate /Length objects. */
typedef struct tb_pdf_save_options {
	tb_ctx *ctx;             /* its compressors (core/deflate.h) */
	int pdfa;                /* classic table, %PDF-1.4 */
	int compress;            /* 0: streams stay as they are (debugging) */
	/* The document's faces: a deflated program is written from its face's z, never copied
	 * through libharu's stream (two byte-at-a-time copies of some hundreds of KB). */
	const tb_pdf_fontset *fonts;
	/* The pages' operators, kept by the device: libharu's streams copy byte by byte, in and
	 * out again, some hundreds of KB per document. */
	const tb_pdf_own *own;
	size_t nown;
	const char *own_bytes;
} tb_pdf_save_options;
TB_NODISCARD tb_status tb_pdf_save(HPDF_Doc pdf, const tb_pdf_save_options *o, tb_buf *out);

/* pdf_hpdf.c: libharu internals (pinned to 2.3.0; see the file's header). Return HPDF_OK or
 * a libharu error code. */
/* Append raw operators to a page's content stream (text shown by CID, which libharu's own
 * text functions cannot do). */
HPDF_STATUS tb_hpdf_page_write(HPDF_Page page, const char *ops, size_t len);
/* The page's resource name for a font dictionary ("F1"), registering it on first use. */
const char *tb_hpdf_page_font_name(HPDF_Page page, HPDF_Dict font);
HPDF_STATUS tb_hpdf_set_lang(HPDF_Doc pdf, const char *lang);
/* An Info entry as a text string (UTF-16BE with surrogate pairs when not ASCII): libharu's
 * own HPDF_SetInfoAttr turns characters beyond the BMP into spaces. */
HPDF_STATUS tb_hpdf_set_info(HPDF_Doc pdf, const char *key, const char *utf8);
HPDF_STATUS tb_hpdf_add_metadata(HPDF_Doc pdf, const char *xmp, size_t len);
/* An empty signature field (merged field and widget) with appearance operators `ap`
 * drawn in a w x h form XObject; listed in the page's /Annots and the AcroForm. */
HPDF_STATUS tb_hpdf_add_sig_field(HPDF_Doc pdf, HPDF_Page page, const float rect[4],
                                  const char *name, const char *ap, size_t ap_len);

/* The face that draws cp in a run of `run` (the run's face, else the fallback chain); NULL
 * for characters nothing can draw and for default-ignorable ones (never .notdef). */
const tb_face *tb_pdf_pick_face(tb_fonts *fm, const tb_face *run, uint32_t cp);

/* Items the device adds to a page (seal frames and labels the layout did not draw). */
typedef struct tb_pdf_extra {
	tb_dl_item *items;
	size_t n, cap;
} tb_pdf_extra;
void tb_pdf_extra_free(tb_pdf_extra *x);

/* pdf_image.c: true if libpng will read this PNG without error (libharu lets libpng abort
 * the process on a damaged one). */
bool tb_pdf_png_ok(const unsigned char *p, size_t len);

/* sig_field.c: the page content a seal needs (a dashed frame and its label, unless the
 * layout drew them already), and the signature field itself. */
TB_NODISCARD tb_status tb_pdf_seal_content(tb_ctx *ctx, tb_fonts *fm, const tb_dl_page *p,
                              const tb_dl_item *seal, tb_pdf_extra *out);
TB_NODISCARD tb_status tb_pdf_seal_field(tb_ctx *ctx, HPDF_Doc pdf, HPDF_Page page, float page_height,
                            const tb_dl_item *seal, const char *name);

/* The document information, as written to Info and repeated in XMP. */
typedef struct tb_pdf_meta {
	const char *title, *author, *subject, *keywords, *creator, *producer;
} tb_pdf_meta;

/* pdf_pdfa.c: XMP metadata and the output intent; fonts get CIDSet in pdf_cidfont.c. */
TB_NODISCARD tb_status tb_pdf_pdfa_apply(tb_ctx *ctx, HPDF_Doc pdf, const tb_pdf_meta *m, long long epoch);


#endif
