/* fuzz_program.c: the program loader (schema, model, checks) must never crash, hang or leak,
 * whatever program.xml holds. The schema comes from TIANBIAO_DATADIR. */
#include <stdint.h>
#include <stddef.h>

#include "tianbiao/tb_program.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tb_ctx *ctx;
	tb_program *p = NULL;
	if (tb_ctx_new(&ctx))
		return 0;
	if (tb_program_load_data(ctx, "fuzz/program.xml", (const char *)data, size, &p) == TB_OK) {
		size_t i;
		/* Walk what was built, as the CLI and scoring do. */
		for (i = 0; i < tb_program_indicator_count(p); i++)
			(void)tb_indicator_target(tb_program_indicator_at(p, i));
		tb_program_free(p);
	}
	tb_ctx_free(ctx);
	return 0;
}
