/* layout.h: the layout engine's entry point: a DOCX or ODT file in, a display list out.
 * The PDF device (render/pdf*.c) and the trace device (render/trace.c) consume the result;
 * the CLI's `render` command wires them together. */
#ifndef TB_LAYOUT_LAYOUT_H
#define TB_LAYOUT_LAYOUT_H
#include "page/display.h"
#include "tianbiao/tb_core.h"

typedef struct tb_doc tb_doc; /* doc/doc.h: the document model */

typedef struct tb_layout_options {
	int strict;    /* report each element outside the supported scope (layout.unsupported) */
	int max_pages; /* refuse documents that lay out to more pages (0 = default 2000) */
	int own;       /* the document was made in this process (tb_doc_read_options.own) */
} tb_layout_options;
#define TB_LAYOUT_OPTIONS_INIT {0, 0, 0}

/* Read `path` (.docx or .odt, chosen by content, not by name) and lay it out. On success the
 * caller owns *out (tb_dl_doc_free). Warnings (font.missing-glyph, font.substituted,
 * layout.unsupported, ...) go to the context's diagnostics. `opts` may be NULL. */
TB_NODISCARD tb_status tb_layout_document(tb_ctx *ctx, const char *path, const tb_layout_options *opts,
                             tb_dl_doc **out);
/* The same from memory (fuzzing, fill-then-render without a temporary file). */
TB_NODISCARD tb_status tb_layout_document_mem(tb_ctx *ctx, const char *name, const void *data, size_t len,
                                 const tb_layout_options *opts, tb_dl_doc **out);
/* Lay out an already read document model (the fill step hands its result over this way). */
TB_NODISCARD tb_status tb_layout_doc(tb_ctx *ctx, const tb_doc *doc, const tb_layout_options *opts,
                        tb_dl_doc **out);

#endif
