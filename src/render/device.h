/* device.h: the devices that consume a display list: the PDF device (render/pdf_device.c)
 * and the trace device (render/trace.c), a readable text dump used by golden tests. */
#ifndef TB_RENDER_DEVICE_H
#define TB_RENDER_DEVICE_H
#include <stdio.h>

#include "page/display.h"

typedef struct tb_pdf_options {
	int pdfa;            /* PDF/A-1b */
	int compress;        /* default 1 */
} tb_pdf_options;
#define TB_PDF_OPTIONS_INIT {0, 1}
tb_status tb_dl_write_pdf(tb_ctx *ctx, const tb_dl_doc *d, const tb_pdf_options *opts,
                          const char *path);
tb_status tb_dl_write_trace(tb_ctx *ctx, const tb_dl_doc *d, FILE *out);

#endif
