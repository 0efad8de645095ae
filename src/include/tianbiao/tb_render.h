/* tb_render.h: render a filled DOCX or ODT to PDF with tianbiao's own layout engine:
 * embedded subset fonts, searchable text, empty named signature fields over seal places,
 * reproducible bytes, optionally PDF/A-1b. No office suite involved. */
#ifndef TIANBIAO_TB_RENDER_H
#define TIANBIAO_TB_RENDER_H

#include "tianbiao/tb_core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* An output format of the renderer: one row of its table (PDF, PNG preview, text trace...).
 * Formats are chosen by name, or by the output's extension. */
typedef struct tb_render_format {
	const char *name;    /* "pdf", "png", "trace" */
	const char *ext;     /* file name extension, without the dot */
	const char *mime;    /* media type, e.g. "image/png" */
	const char *summary; /* one line of English for help texts */
	unsigned options;    /* TB_RENDER_OPT_* the format honours */
} tb_render_format;
#define TB_RENDER_OPT_PDFA 1u /* pdfa */
#define TB_RENDER_OPT_DPI 2u  /* dpi */
#define TB_RENDER_OPT_PAGE 4u /* page */

/* The i-th format of the table, NULL past the end. */
TB_API const tb_render_format *tb_render_format_at(size_t i);
/* A format by name ("png") or extension ("PNG", ".png"); NULL if there is none. */
TB_API const tb_render_format *tb_render_format_find(const char *name_or_ext);

typedef struct tb_render_options {
	int version;            /* TB_RENDER_OPTIONS_VERSION */
	int pdfa;               /* PDF/A-1b (XMP metadata, sRGB output intent, CIDSet) */
	int strict;             /* report every element outside the supported scope */
	const char *trace_path; /* also write a text trace of what was placed where; NULL: none */
	const char *font_map;   /* a font map for this render and the context's later ones
	                         * (tb_render_set_font_map); NULL: the context's */
	/* Metadata; NULL keeps what the document says (its core properties). */
	const char *title, *author, *subject, *keywords;
	const char *format;     /* a format's name; NULL: by the output's extension, else "pdf" */
	float dpi;              /* raster formats: pixels per inch (0: 96) */
	unsigned page;          /* raster formats: the page to draw, 1-based (0: the first) */
} tb_render_options;
#define TB_RENDER_OPTIONS_VERSION 2
#define TB_RENDER_OPTIONS_INIT \
	{TB_RENDER_OPTIONS_VERSION, 0, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, 0}

/* Font settings of a context, used by every render in it (render, fill to PDF, report,
 * build, batch), any number of times: a font map instead of <datadir>/fonts/fontmap.xml
 * (NULL: the default again), and whether a character no installed font has is left out with
 * a warning (allow) or stops the render with font.missing-glyph (the default). Faces opened
 * under an earlier map stay valid. */
TB_API tb_status tb_render_set_font_map(tb_ctx *ctx, const char *path);
TB_API const char *tb_render_font_map(const tb_ctx *ctx); /* NULL: the default */
TB_API tb_status tb_render_set_allow_missing_glyphs(tb_ctx *ctx, int allow);
TB_API int tb_render_allow_missing_glyphs(const tb_ctx *ctx);
/* For a process about to render: start finding the installed fonts (fontconfig reading its
 * configuration and caches, about 10 ms) on a thread of its own, while the caller reads its
 * inputs; the first render takes the result. Once per process; a no-op after the first call.
 * The thread is waited for at exit if no render took its result. */
TB_API void tb_render_prefetch_fonts(void);

/* Lay out `in_path` (.docx or .odt, told apart by content) and write `out_path` atomically (a
 * reader never sees half a file), in opts->format or else the format named by out_path's
 * extension, else PDF. Warnings such as font.substituted and font.missing-glyph go to the
 * diagnostics; `opts` may be NULL. */
TB_API TB_NODISCARD tb_status tb_render_file(tb_ctx *ctx, const char *in_path, const char *out_path,
                                const tb_render_options *opts);

/* The same from a document in memory (`name` is used in messages) to a writer, in
 * opts->format (NULL: PDF). Nothing is written when it fails, except what `out` received
 * before the failure: a writer to a file should discard it then. */
TB_API TB_NODISCARD tb_status tb_render_mem(tb_ctx *ctx, const char *name, const void *doc, size_t len,
                               tb_writer *out, const tb_render_options *opts);

#ifdef __cplusplus
}
#endif
#endif
