/* pdf_priv.h: the PDF device's own pieces: per-document font subsets (pdf_font.c), the one
 * file that reaches into libharu 2.3.0's internals (pdf_hpdf.c), signature fields
 * (sig_field.c) and PDF/A (pdf_pdfa.c). */
#ifndef TB_RENDER_PDF_PRIV_H
#define TB_RENDER_PDF_PRIV_H
#include <hb.h>
#include <hpdf.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"
#include "font/font.h"
#include "render/device.h"

/* A face's subset can hold at most this many characters (the cmap format 4 libharu reads
 * has one segment per character in the worst case, and its length is 16 bits). */
#define TB_PDF_MAX_CHARS_PER_FACE 8000
/* libharu 2.3.0 encodes text as UCS-2: characters beyond the BMP are drawn with codes from
 * the Private Use Area, counted down from here, and mapped back in ToUnicode. */
#define TB_PDF_PUA_TOP 0xF8FF
#define TB_PDF_PUA_BOTTOM 0xE000

/* One face as used by one document: the characters drawn, its subset, its PDF font. */
typedef struct tb_pdf_face {
	const tb_face *face;
	hb_set_t *cps;       /* code points drawn with this face */
	uint32_t *big;       /* non-BMP code points, sorted ... */
	uint16_t *big_code;  /* ... and the private BMP code each is drawn with */
	size_t nbig;
	unsigned char *ttf;  /* the subset font program */
	size_t ttf_len;
	char tag[7];         /* subset tag, six capitals from a digest of the subset */
	HPDF_Font font;
} tb_pdf_face;

typedef struct tb_pdf_fontset {
	tb_pdf_face *faces;
	size_t n, cap;
} tb_pdf_fontset;

void tb_pdf_fontset_free(tb_pdf_fontset *s);
/* The entry for face (added on first use); NULL when out of memory. */
tb_pdf_face *tb_pdf_fontset_get(tb_pdf_fontset *s, const tb_face *face);
/* Subset the face to its characters and give non-BMP characters private codes. */
TB_NODISCARD tb_status tb_pdf_face_build(tb_ctx *ctx, tb_pdf_face *pf);
/* The 16-bit code cp is drawn with (0 if cp was not collected). */
uint16_t tb_pdf_face_code(const tb_pdf_face *pf, uint32_t cp);
/* A ToUnicode CMap (bfchar, UTF-16BE, surrogate pairs beyond the BMP). */
TB_NODISCARD tb_status tb_pdf_face_tounicode(const tb_pdf_face *pf, tb_buf *out);
/* PDF/A: the CIDSet bit string (bit per CID present, CID 0 included). Caller frees. */
TB_NODISCARD tb_status tb_pdf_face_cidset(const tb_pdf_face *pf, unsigned char **bits, size_t *len);
/* Cap height in 1/1000 em. */
int tb_pdf_face_cap_height(const tb_pdf_face *pf);

/* pdf_hpdf.c: libharu internals (pinned to 2.3.0; see the file's header). Return HPDF_OK or
 * a libharu error code. */
HPDF_Font tb_hpdf_load_font(HPDF_Doc pdf, const unsigned char *ttf, size_t len, const char *tag);
HPDF_STATUS tb_hpdf_replace_tounicode(HPDF_Doc pdf, HPDF_Font font, const char *cmap, size_t len);
HPDF_STATUS tb_hpdf_font_descriptor_extras(HPDF_Doc pdf, HPDF_Font font, int cap_height,
                                           const unsigned char *cidset, size_t cidset_len);
HPDF_STATUS tb_hpdf_set_id(HPDF_Doc pdf, const unsigned char id[16]);
HPDF_STATUS tb_hpdf_set_lang(HPDF_Doc pdf, const char *lang);
/* An Info entry as a text string (UTF-16BE with surrogate pairs when not ASCII): libharu's
 * own HPDF_SetInfoAttr turns characters beyond the BMP into spaces. */
HPDF_STATUS tb_hpdf_set_info(HPDF_Doc pdf, const char *key, const char *utf8);
HPDF_STATUS tb_hpdf_add_metadata(HPDF_Doc pdf, const char *xmp, size_t len);
HPDF_STATUS tb_hpdf_set_version(HPDF_Doc pdf, int minor);
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

/* pdf_pdfa.c: XMP metadata, output intent; fonts get CIDSet/CapHeight in the device. */
TB_NODISCARD tb_status tb_pdf_pdfa_apply(tb_ctx *ctx, HPDF_Doc pdf, const tb_pdf_meta *m, long long epoch);


#endif
