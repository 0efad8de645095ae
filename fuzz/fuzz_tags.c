/* fuzz_tags.c: the tag lexer and parser (delimiters, {{…}} finding, formatter chains) must
 * never crash, hang or leak on any paragraph text. The first line, when it is short, is
 * taken as a delimiter spec so custom delimiters are fuzzed too. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fill/tag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	const uint8_t *nl = memchr(data, '\n', size < 40 ? size : 40);
	tb_delims d;
	size_t pos = 0, start, end;
	int r, n = 0;

	if (nl) {
		char spec[41];
		size_t sl = (size_t)(nl - data);
		memcpy(spec, data, sl);
		spec[sl] = '\0';
		if (tb_delims_parse(spec, &d) != 0)
			tb_delims_parse(NULL, &d);
		text += sl + 1;
		size -= sl + 1;
	} else {
		tb_delims_parse(NULL, &d);
	}
	while (pos <= size && n++ < 10000 &&
	       (r = tb_tag_find(&d, text, size, pos, &start, &end)) != 0) {
		tb_tag t;
		const char *code = NULL, *msg = NULL;
		char *arg = NULL;
		if (r < 0)
			break;
		if (end < start + d.olen + d.clen || end > size)
			abort(); /* the contract: [start,end) holds both delimiters */
		memset(&t, 0, sizeof t);
		if (tb_tag_parse(text + start + d.olen, end - start - d.olen - d.clen, &t, &code, &msg,
		                 &arg) == 0) {
			int i;
			for (i = 0; i < t.nfmt; i++)
				(void)tb_fmt_check(t.fmt[i].name, t.fmt[i].nargs, t.fmt[i].is_str);
			tb_tag_clear(&t);
		}
		free(arg);
		pos = end;
	}
	return 0;
}
