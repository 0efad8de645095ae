/* fuzz_json.c: the JSON reader and the mapping of JSON data to the tree tags see must never
 * crash, hang or leak, and must refuse what they cannot read with a diagnostic. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/ctx.h"
#include "core/json.h"
#include "fill/fill_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tb_ctx *ctx;
	tb_json *v = NULL;
	fill_data d;
	if (size > 1 << 20 || tb_ctx_new(&ctx) != TB_OK)
		return 0;
	if (tb_json_parse(ctx, "f.json", (const char *)data, size, &v) != TB_OK && !tb_diag_count(ctx))
		abort(); /* a refusal always says why */
	tb_json_free(v);
	if (fill_data_read(ctx, "f.json", (const char *)data, size, &d) == TB_OK) {
		tb_buf b = TB_BUF_INIT;
		fill_data_text(&d, xmlDocGetRootElement(d.doc), &b);
		tb_buf_free(&b);
	}
	fill_data_free(&d);
	tb_ctx_free(ctx);
	return 0;
}
