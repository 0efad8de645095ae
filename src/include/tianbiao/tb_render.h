/* tb_render.h: render a filled DOCX or ODT to PDF with tianbiao's own layout engine:
 * embedded subset fonts, searchable text, empty named signature fields over seal places,
 * reproducible bytes, optionally PDF/A-1b. No office suite involved. */
#ifndef TIANBIAO_TB_RENDER_H
#define TIANBIAO_TB_RENDER_H

#include "tianbiao/tb_core.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tb_render_options {
	int version;            /* TB_RENDER_OPTIONS_VERSION */
	int pdfa;               /* PDF/A-1b (XMP metadata, sRGB output intent, CIDSet) */
	int strict;             /* report every element outside the supported scope */
	const char *trace_path; /* also write a text trace of what was placed where; NULL: none */
	const char *font_map;   /* a font map for this render and the context's later ones
	                         * (tb_render_set_font_map); NULL: the context's */
	/* Metadata; NULL keeps what the document says (its core properties). */
	const char *title, *author, *subject, *keywords;
} tb_render_options;
#define TB_RENDER_OPTIONS_VERSION 1
#define TB_RENDER_OPTIONS_INIT {TB_RENDER_OPTIONS_VERSION, 0, 0, NULL, NULL, NULL, NULL, NULL, NULL}

/* Font settings of a context, used by every render in it (render, fill to PDF, report,
 * build, batch), any number of times: a font map instead of <datadir>/fonts/fontmap.xml
 * (NULL: the default again), and whether a character no installed font has is left out with
 * a warning (allow) or stops the render with font.missing-glyph (the default). Faces opened
 * under an earlier map stay valid. */
TB_API tb_status tb_render_set_font_map(tb_ctx *ctx, const char *path);
TB_API const char *tb_render_font_map(const tb_ctx *ctx); /* NULL: the default */
TB_API tb_status tb_render_set_allow_missing_glyphs(tb_ctx *ctx, int allow);
TB_API int tb_render_allow_missing_glyphs(const tb_ctx *ctx);

/* Lay out `in_path` (.docx or .odt) and write `out_pdf` atomically (a reader never sees half
 * a file). Warnings such as font.substituted and font.missing-glyph go to the diagnostics;
 * `opts` may be NULL. */
TB_API tb_status tb_render_file(tb_ctx *ctx, const char *in_path, const char *out_pdf,
                                const tb_render_options *opts);

#ifdef __cplusplus
}
#endif
#endif
