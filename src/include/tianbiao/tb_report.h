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

/* Fill `template_path` with `data_path` and render the result to `out_path` (atomically), in
 * render_opts->format or the format named by out_path's extension, else PDF. The filled
 * DOCX/ODT stays in memory. Options may be NULL. */
TB_API TB_NODISCARD tb_status tb_fill_render_file(tb_ctx *ctx, const char *template_path, const char *data_path,
                                     const char *out_path, const tb_fill_options *fill_opts,
                                     const tb_render_options *render_opts);
/* The same in memory: template and data bytes in, the rendered document to `out` (in
 * render_opts->format, else PDF). The names are used in messages (see tb_fill_mem). */
TB_API TB_NODISCARD tb_status tb_fill_render_mem(tb_ctx *ctx, const char *template_name, const void *tmpl,
                                    size_t tmpl_len, const char *data_name, const void *data,
                                    size_t data_len, tb_writer *out,
                                    const tb_fill_options *fill_opts,
                                    const tb_render_options *render_opts);

/* Mail merge: the template filled with each data file and rendered to out_paths[i], as
 * tb_fill_render_file does, by `jobs` worker threads (0: one per processor), each with a
 * context like `ctx` (its data folder, epoch and font settings). Whichever worker made it,
 * document i's diagnostics are appended to ctx's and done(user, i, status) is called in the
 * order of i, one call at a time, so a front end can print one document's findings and clear
 * them. A document with errors (TB_ERROR) is skipped and the others are still made; any other
 * failure (memory, the disk) stops the run: the documents not yet begun are neither made nor
 * given to done. The outputs are committed in groups (tb_ctx_commit_group) and are all in
 * place when this returns TB_OK, or the status that stopped the run or the first failure to
 * commit an output (reported in ctx). The outputs are the same bytes whatever `jobs`. */
typedef void (*tb_merge_done_fn)(void *user, size_t i, tb_status status);
typedef struct tb_merge_options {
	unsigned version;      /* TB_MERGE_OPTIONS_VERSION */
	unsigned jobs;         /* worker threads; 0: one per online processor */
	tb_merge_done_fn done; /* may be NULL */
	void *user;
} tb_merge_options;
#define TB_MERGE_OPTIONS_VERSION 1
#define TB_MERGE_OPTIONS_INIT {TB_MERGE_OPTIONS_VERSION, 0, NULL, NULL}
TB_API TB_NODISCARD tb_status tb_fill_merge(tb_ctx *ctx, const char *template_path,
                                            const char *const *data_paths,
                                            const char *const *out_paths, size_t n,
                                            const tb_fill_options *fill_opts,
                                            const tb_render_options *render_opts,
                                            const tb_merge_options *merge_opts);

/* The self-assessment report of a scored applicant, through the program's shipped
 * "self-assessment" template, as .docx, .odt, or rendered in an output format of the
 * renderer (.pdf, .png, ...; render_opts->format, else chosen by out_path's extension).
 * Rendered, it also shows a bar chart of claimed against maximum points per level-1
 * indicator, drawn as vectors in the template's chart box (a bookmark tb_box_chart) or, if
 * the template has none, on a page of its own at the end. `render_opts` may be NULL; its
 * font map, trace and metadata apply. */
TB_API TB_NODISCARD tb_status tb_report_write_file(tb_ctx *ctx, const tb_score *s, const char *out_path,
                                      const tb_render_options *render_opts);
/* The same to a writer; `format` is "docx", "odt", or an output format's name (NULL: "pdf"). */
TB_API TB_NODISCARD tb_status tb_report_write(tb_ctx *ctx, const tb_score *s, const char *format,
                                 tb_writer *out, const tb_render_options *render_opts);

#ifdef __cplusplus
}
#endif
#endif
