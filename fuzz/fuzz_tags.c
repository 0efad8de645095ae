/* fuzz_tags.c: the tag lexer, parsers (tianbiao's and docxtemplater's syntax) and formatters
 * must never crash, hang or leak on any paragraph text. The first byte picks the delimiters. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fill/format.h"
#include "fill/tag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const delims[] = {NULL, "{ }", "[[ ]]", "<< >>"};
	tb_delims d;
	char *text;
	size_t pos = 0, s, e, len;
	int r, guard = 0;

	if (size < 1 || size > 1 << 16)
		return 0;
	if (tb_delims_parse(delims[data[0] % 4], &d) != 0)
		return 0;
	len = size - 1;
	text = malloc(len + 1);
	if (!text)
		return 0;
	memcpy(text, data + 1, len);
	text[len] = '\0';
	while ((r = tb_tag_find(&d, text, len, pos, &s, &e)) == 1 && guard++ < 10000) {
		tb_tag t;
		const char *code, *msg;
		char *arg = NULL;
		if (tb_tag_parse(text + s + d.olen, e - s - d.olen - d.clen, &t, &code, &msg, &arg) == 0) {
			tb_fval v;
			int i;
			memset(&v, 0, sizeof v);
			tb_buf_init(&v.s, 1 << 20);
			tb_buf_puts(&v.s, t.expr);
			for (i = 0; i < t.nfmt; i++) {
				const char *problem;
				if (tb_fmt_apply(&t.fmt[i], &v, "Y", "N", &problem) != 0)
					break;
			}
			tb_buf_free(&v.s);
			tb_tag_clear(&t);
		}
		free(arg);
		arg = NULL;
		/* the same text read as docxtemplater's tag */
		if (tb_tag_parse_dt(text + s + d.olen, e - s - d.olen - d.clen, &t, &code, &msg, &arg) == 0)
			tb_tag_clear(&t);
		free(arg);
		if (e <= pos)
			break;
		pos = e;
	}
	{
		tb_buf b = TB_BUF_INIT;
		tb_fmt_rmb_upper(text, &b);
		tb_buf_reset(&b);
		tb_fmt_cn_date(text, 1, &b);
		tb_buf_reset(&b);
		tb_fmt_money(text, 2, 4, &b);
		tb_buf_reset(&b);
		tb_fmt_thousands(text, &b);
		tb_buf_free(&b);
	}
	free(text);
	return 0;
}
