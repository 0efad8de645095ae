/* report.h: the library's own entry points for packages that ship a document both filled
 * (DOCX) and rendered (PDF): one fill gives both, instead of filling the template twice. */
#ifndef TB_REPORT_REPORT_H
#define TB_REPORT_REPORT_H
#include "core/writer.h"
#include "tianbiao/tb_report.h"

/* tb_fill_render_mem, with the filled document's bytes also written to `filled` (NULL: not
 * kept), the very bytes tb_fill_mem writes. */
TB_NODISCARD tb_status tb_fill_render_mem_both(tb_ctx *ctx, const char *template_name, const void *tmpl,
                                  size_t tmpl_len, const char *data_name, const void *data,
                                  size_t data_len, tb_writer *filled, tb_writer *out,
                                  const tb_fill_options *fill_opts,
                                  const tb_render_options *render_opts);
/* tb_report_write in a rendered format, with the filled DOCX also written to `filled` (NULL:
 * not kept), the very bytes tb_report_write(..., "docx", ...) writes. */
TB_NODISCARD tb_status tb_report_write_both(tb_ctx *ctx, const tb_score *s, const char *format,
                               tb_writer *filled, tb_writer *out,
                               const tb_render_options *render_opts);

#endif
