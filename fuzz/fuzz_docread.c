/* fuzz_docread.c: the DOCX and ODT readers (zip, parts, styles, numbering, tables, images)
 * must never crash, hang or leak on any package bytes. */
#include <stddef.h>
#include <stdint.h>

#include "doc/doc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tb_ctx *ctx;
	tb_doc *doc = NULL;
	tb_doc_read_options o = {1};

	if (tb_ctx_new(&ctx))
		return 0;
	if (tb_doc_read_mem(ctx, "fuzz.docx", data, size, &o, &doc) == TB_OK)
		tb_doc_free(doc);
	tb_ctx_free(ctx);
	return 0;
}
