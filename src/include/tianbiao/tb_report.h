/* tb_report.h: documents assembled from several stages: a template filled and rendered to
 * PDF in one step, and the self-assessment report (score -> report data -> template -> DOCX,
 * ODT or PDF with a vector chart). */
#ifndef TIANBIAO_TB_REPORT_H
#define TIANBIAO_TB_REPORT_H

#include "tianbiao/tb_core.h"
#include "tianbiao/tb_fill.h"
#include "tianbiao/tb_render.h"
#include "tianbiao/tb_score.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Fill `template_path` with `data_path` and render the result to `out_pdf` (atomically). The
 * filled DOCX/ODT is kept only in a temporary file beside the output. Options may be NULL. */
TB_API tb_status tb_fill_render_file(tb_ctx *ctx, const char *template_path, const char *data_path,
                                     const char *out_pdf, const tb_fill_options *fill_opts,
                                     const tb_render_options *render_opts);

/* The self-assessment report of a scored applicant, through the program's shipped
 * "self-assessment" template, as .docx, .odt or .pdf (chosen by out_path's extension). The
 * PDF also shows a bar chart of claimed against maximum points per level-1 indicator, drawn as
 * vectors in the template's chart box (a bookmark tb_box_chart) or, if the template has none,
 * on a page of its own at the end. `render_opts` may be NULL. */
TB_API tb_status tb_report_write_file(tb_ctx *ctx, const tb_score *s, const char *out_path,
                                      const tb_render_options *render_opts);

#ifdef __cplusplus
}
#endif
#endif
