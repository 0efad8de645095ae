/* fuzz_evidence.c: the evidence reader (parse, schema, model, every semantic check) must never
 * crash, hang or leak on any bytes. Attachments are looked up relative to the current folder,
 * confined to it. */
#include <stddef.h>
#include <stdint.h>

#include "data/evidence.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tb_ctx *ctx;
	tb_evidence *e = NULL;
	tb_evidence_options o = TB_EVIDENCE_OPTIONS_INIT;

	if (tb_ctx_new(&ctx))
		return 0;
	tb_evidence_load_mem(ctx, "fuzz/evidence.xml", (const char *)data, size, &o, &e);
	if (e) {
		size_t i, n = tb_evidence_claim_count(e);
		for (i = 0; i < n; i++)
			(void)tb_evidence_claim_line(e, i);
	}
	tb_evidence_free(e);
	tb_ctx_free(ctx);
	return 0;
}
