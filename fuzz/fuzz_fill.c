/* fuzz_fill.c: the fill engine (tags, sections, conditions, formatters, images, the rewriting
 * of runs and paragraphs) must never crash, hang or leak on any template and data.
 * Input: a whole template when it starts with "PK" (filled with a small built-in data file);
 * else WordprocessingML for word/document.xml, then, after a NUL byte, the data XML (the
 * built-in data without one). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/writer.h"
#include "fuzz_pkg.h"
#include "tianbiao/tb_fill.h"

static const char DATA[] =
	"<d><name>申报单位 A&amp;B</name><amount>1234.5</amount><date>2021-12-01</date>"
	"<ok>true</ok><no>false</no><empty/><items><item><t>一</t><n>1</n></item>"
	"<item><t>二</t><n>2</n></item></items></d>";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tb_ctx *ctx;
	tb_fill_options o = TB_FILL_OPTIONS_INIT;
	tb_buf out;
	tb_writer w;
	const char *dat = DATA;
	size_t dlen = sizeof DATA - 1;
	unsigned char *tmpl = NULL;
	size_t tlen = 0;
	const uint8_t *nul;
	tb_status st = TB_OK;

	if (size > (1u << 20) || tb_ctx_new(&ctx) != TB_OK)
		return 0;
	tb_buf_init(&out, 64u << 20);
	w = tb_writer_buf(&out);
	o.validate = 0;
	/* Missing values: an error (nothing is written) when the last byte is even, else empty;
	 * whole templates always fill, since the built-in data cannot match their tags. */
	o.missing = size && (data[size - 1] & 1) ? TB_FILL_MISSING_EMPTY : TB_FILL_MISSING_ERROR;
	if (size >= 2 && data[0] == 'P' && data[1] == 'K') {
		o.missing = TB_FILL_MISSING_EMPTY;
		st = tb_fill_mem(ctx, "fuzz.docx", data, size, "data.xml", dat, dlen, &w, &o);
	} else {
		nul = memchr(data, 0, size);
		if (nul) {
			dat = (const char *)nul + 1;
			dlen = size - (size_t)(nul - data) - 1;
		}
		if (fz_docx((const char *)data, nul ? (size_t)(nul - data) : size, &tmpl, &tlen) == 0)
			st = tb_fill_mem(ctx, "fuzz.docx", tmpl, tlen, "data.xml", dat, dlen, &w, &o);
	}
	/* Errors are expected; crashes, leaks and undefined behaviour are not. TB_FUZZ_VERBOSE
	 * shows what an input reached, to check that a corpus exercises filling at all. */
	if (getenv("TB_FUZZ_VERBOSE")) {
		fprintf(stderr, "fill: status %d, %zu bytes out, %zu diagnostics\n", (int)st, out.len,
		        tb_diag_count(ctx));
		tb_diag_print(ctx, stderr);
	}
	free(tmpl);
	tb_buf_free(&out);
	tb_ctx_free(ctx);
	return 0;
}
