/* fuzz_xml.c: the hardened XML reader must never crash, hang or leak on any bytes. */
#include <stdint.h>
#include <stddef.h>

#include "core/xml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tb_ctx *ctx;
	xmlDocPtr doc = NULL;
	if (tb_ctx_new(&ctx))
		return 0;
	if (tb_xml_read(ctx, "fuzz.xml", (const char *)data, size, 0, &doc) == TB_OK)
		tb_xml_free(doc);
	tb_ctx_free(ctx);
	return 0;
}
