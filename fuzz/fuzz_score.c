/* fuzz_score.c: scoring (claims, criteria, caps, conditions, disqualifiers) and its three
 * writers must never crash, hang or leak on any evidence bytes. */
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "data/evidence.h"
#include "score/score_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tb_ctx *ctx;
	tb_evidence *e = NULL;
	tb_score *s = NULL;
	tb_evidence_options o = TB_EVIDENCE_OPTIONS_INIT;
	tb_score_options so = TB_SCORE_OPTIONS_INIT;

	if (tb_ctx_new(&ctx))
		return 0;
	o.check_attachments = 0;
	tb_evidence_load_mem(ctx, "fuzz/evidence.xml", (const char *)data, size, &o, &e);
	if (e && tb_score_compute(ctx, e, &so, &s) == TB_OK) {
		tb_buf b = TB_BUF_INIT;
		tb_score_text(s, &b);
		tb_buf_reset(&b);
		tb_score_json(s, &b);
		tb_buf_reset(&b);
		tb_score_report_xml(s, &b);
		tb_buf_free(&b);
	}
	tb_score_free(s);
	tb_evidence_free(e);
	tb_ctx_free(ctx);
	return 0;
}
