/* linebreak.c: UAX #14 through libunibreak, then the Chinese tailoring that libunibreak 1.1
 * lacks (measured in reference/pdf-cjk-signing.md §4.3):
 *  - no break before the interpunct ·, a single dash —, ～, 〜 or –: connecting marks and the
 *    interpunct never start a line (they may end one);
 *  - —— and …… are never split, nor separated from each other's halves;
 *  - no break inside a number (a decimal comma or point included);
 *  - no break after a slash inside a Latin word or code (PDF/A), as ICU and LibreOffice;
 *  - no break after an opening mark or before a closing mark (kept even when the text has
 *    unusual neighbours, e.g. a Latin letter after “). */
#include <linebreak.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "layout/linebreak.h"

static pthread_once_t lb_once = PTHREAD_ONCE_INIT;

static void lb_init(void)
{
	init_linebreak();
}

static int is_opening(uint32_t c)
{
	switch (c) {
	case 0x201C: case 0x2018: case 0xFF08: case 0x3014: case 0x3010: case 0x300A:
	case 0x3008: case 0x300C: case 0x300E: case 0x3016: case 0xFF3B: case 0xFF5B:
	case '(': case '[': case '{':
		return 1;
	}
	return 0;
}

static int is_closing(uint32_t c)
{
	switch (c) {
	case 0x3002: case 0xFF0C: case 0x3001: case 0xFF1B: case 0xFF1A: case 0xFF1F:
	case 0xFF01: case 0x201D: case 0x2019: case 0xFF09: case 0x3015: case 0x3011:
	case 0x300B: case 0x3009: case 0x300D: case 0x300F: case 0x3017: case 0xFF3D:
	case 0xFF5D: case 0xFF0E: case 0x30FC:
		return 1;
	}
	return 0;
}

static int is_digit(uint32_t c)
{
	return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19);
}

static int is_latin_alnum(uint32_t c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

void tb_linebreaks(const uint32_t *text, size_t n, char *brks)
{
	size_t i;
	if (!n)
		return;
	pthread_once(&lb_once, lb_init);
	set_linebreaks_utf32((const utf32_t *)text, n, "zh", brks);
	for (i = 0; i + 1 < n; i++) {
		uint32_t a = text[i], b = text[i + 1];
		if (brks[i] == TB_LB_MUST)
			continue;
		/* Connecting marks and the interpunct do not start a line. */
		if (b == 0x00B7 || b == 0xFF5E || b == 0x301C || b == 0x2013 || b == 0x30FB)
			brks[i] = TB_LB_NO;
		/* A dash: never split a pair, never start a line with a single one. */
		if (b == 0x2014 && a != 0x2014 && !(i + 2 < n && text[i + 2] == 0x2014))
			brks[i] = TB_LB_NO;
		if ((a == 0x2014 && b == 0x2014) || (a == 0x2026 && b == 0x2026))
			brks[i] = TB_LB_NO;
		if (is_opening(a) || is_closing(b))
			brks[i] = TB_LB_NO;
		/* A slash inside a Latin word or code (PDF/A, 2024/25) does not break it. */
		if (a == '/' && i > 0 && is_latin_alnum(text[i - 1]) && is_latin_alnum(b))
			brks[i] = TB_LB_NO;
		/* Inside a number. */
		if (is_digit(a) && is_digit(b))
			brks[i] = TB_LB_NO;
	}
	brks[n - 1] = TB_LB_MUST;
}

char *tb_linebreaks_mark_utf8(const char *s)
{
	size_t len = strlen(s), n = 0, i = 0, o = 0;
	uint32_t *t = malloc((len + 1) * sizeof(uint32_t));
	char *brks = malloc(len + 1), *out = malloc(len * 2 + 1);
	if (!t || !brks || !out) {
		free(t);
		free(brks);
		free(out);
		return NULL;
	}
	while (i < len) {
		int32_t c = tb_utf8_next(s, len, &i);
		t[n++] = c < 0 ? 0xFFFD : (uint32_t)c;
	}
	tb_linebreaks(t, n, brks);
	for (i = 0; i < n; i++) {
		o += tb_utf8_encode(t[i], out + o);
		if (i + 1 < n && brks[i] == TB_LB_ALLOW)
			out[o++] = '|';
	}
	out[o] = 0;
	free(t);
	free(brks);
	return out;
}
