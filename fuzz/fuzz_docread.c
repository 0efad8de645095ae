/* fuzz_docread.c: the DOCX and ODT readers and the layout engine must never crash, hang or
 * leak on any bytes: bytes → zip → document model → pages. */
#include <stddef.h>
#include <stdint.h>

#include "doc/doc.h"
#include "layout/layout.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tb_ctx *ctx;
	tb_doc *doc = NULL;
	tb_dl_doc *d = NULL;
	tb_doc_read_options ro = {0};
	ro.strict = 1;
	tb_layout_options lo = TB_LAYOUT_OPTIONS_INIT;
	if (tb_ctx_new(&ctx))
		return 0;
	lo.max_pages = 50;
	if (tb_doc_read_mem(ctx, "fuzz", data, size, &ro, &doc) == TB_OK) {
		if (tb_layout_doc(ctx, doc, &lo, &d) == TB_OK)
			tb_dl_doc_free(d);
		tb_doc_free(doc);
	}
	tb_ctx_free(ctx);
	return 0;
}
