/* fuzz_layout_pdf.c: from a document to PDF bytes (the readers, layout, fonts and shaping,
 * subsetting, the PDF device on libharu, and a PNG preview of the first page) must never
 * crash, hang or leak. Input: a .docx or .odt when it starts with "PK", else
 * WordprocessingML for word/document.xml. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/buf.h"
#include "core/writer.h"
#include "fuzz_pkg.h"
#include "layout/layout.h"
#include "render/device.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tb_ctx *ctx;
	tb_layout_options lo = TB_LAYOUT_OPTIONS_INIT;
	tb_pdf_options po = TB_PDF_OPTIONS_INIT;
	tb_device_options png = TB_DEVICE_OPTIONS_INIT;
	const tb_device_format *f = tb_device_format_find("png");
	tb_dl_doc *d = NULL;
	unsigned char *docx = NULL;
	size_t len = size;
	const void *bytes = data;
	tb_buf out;
	tb_writer w;

	if (size > (1u << 20) || tb_ctx_new(&ctx) != TB_OK)
		return 0;
	if (!(size >= 2 && data[0] == 'P' && data[1] == 'K')) {
		if (fz_docx((const char *)data, size, &docx, &len) != 0)
			goto done;
		bytes = docx;
	}
	lo.max_pages = 30; /* a few pages show every path; thousands only take time */
	tb_buf_init(&out, 256u << 20);
	w = tb_writer_buf(&out);
	if (tb_layout_document_mem(ctx, "fuzz.docx", bytes, len, &lo, &d) == TB_OK) {
		po.pdfa = size & 1;
		if (tb_pdf_write(ctx, d, &po, &w) == TB_OK) {
			if (getenv("TB_FUZZ_VERBOSE")) /* what an input reached */
				fprintf(stderr, "layout_pdf: %zu pages, %zu PDF bytes\n", d->npages, out.len);
			tb_buf_reset(&out);
			png.dpi = 18; /* the lowest: every drawing path at a fraction of the pixels */
			if (f && tb_device_write(ctx, f, d, &png, &w) != TB_OK)
				tb_diag_clear(ctx);
		}
		tb_dl_doc_free(d);
	}
	tb_buf_free(&out);
done:
	free(docx);
	tb_ctx_free(ctx);
	return 0;
}
