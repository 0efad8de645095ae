/* utf8.c: UTF-8 decoding, validation, counting, terminal width and caseless keys. */
#include "core/utf8.h"
#include "tianbiao/tb_core.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

int32_t tb_utf8_next(const char *str, size_t len, size_t *i)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t p = *i, n, k;
	uint32_t cp, min;
	unsigned char c = s[p];

	if (c < 0x80) {
		*i = p + 1;
		return c;
	}
	if (c >= 0xC2 && c <= 0xDF) { n = 1; cp = c & 0x1F; min = 0x80; }
	else if (c >= 0xE0 && c <= 0xEF) { n = 2; cp = c & 0x0F; min = 0x800; }
	else if (c >= 0xF0 && c <= 0xF4) { n = 3; cp = c & 0x07; min = 0x10000; }
	else { *i = p + 1; return -1; }
	if (p + n >= len) { /* truncated sequence */
		*i = p + 1;
		return -1;
	}
	for (k = 1; k <= n; k++) {
		if (p + k >= len || (s[p + k] & 0xC0) != 0x80) {
			*i = p + 1;
			return -1;
		}
		cp = (cp << 6) | (s[p + k] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
		*i = p + 1;
		return -1;
	}
	*i = p + n + 1;
	return (int32_t)cp;
}

size_t tb_utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;
	if (cp < 0x80) { o[0] = (unsigned char)cp; return 1; }
	if (cp < 0x800) { o[0] = 0xC0 | (cp >> 6); o[1] = 0x80 | (cp & 0x3F); return 2; }
	if (cp >= 0xD800 && cp <= 0xDFFF)
		return 0;
	if (cp < 0x10000) {
		o[0] = 0xE0 | (cp >> 12); o[1] = 0x80 | ((cp >> 6) & 0x3F); o[2] = 0x80 | (cp & 0x3F);
		return 3;
	}
	if (cp <= 0x10FFFF) {
		o[0] = 0xF0 | (cp >> 18); o[1] = 0x80 | ((cp >> 12) & 0x3F);
		o[2] = 0x80 | ((cp >> 6) & 0x3F); o[3] = 0x80 | (cp & 0x3F);
		return 4;
	}
	return 0;
}

bool tb_utf8_valid(const char *s, size_t len, size_t *bad)
{
	size_t i = 0;
	while (i < len) {
		size_t at = i;
		if ((unsigned char)s[i] < 0x80) { i++; continue; }
		if (tb_utf8_next(s, len, &i) < 0) {
			if (bad)
				*bad = at;
			return false;
		}
	}
	return true;
}

size_t tb_utf8_count(const char *s, size_t len)
{
	size_t i = 0, n = 0;
	while (i < len) {
		tb_utf8_next(s, len, &i);
		n++;
	}
	return n;
}

size_t tb_utf8_count_limit(const char *s)
{
	size_t n = 0, i = 0, len = strlen(s);
	while (i < len) {
		int32_t cp = tb_utf8_next(s, len, &i);
		if (cp != ' ' && cp != '\t' && cp != '\n' && cp != '\r' && cp != 0x3000)
			n++;
	}
	return n;
}

int tb_cp_width(uint32_t cp)
{
	if (cp == 0)
		return 0;
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		return 0;
	if ((cp >= 0x0300 && cp <= 0x036F) || cp == 0x200B || cp == 0xFEFF)
		return 0;
	if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
	    (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
	    (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
	    (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	    (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
	    (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
	    (cp >= 0x20000 && cp <= 0x3FFFD) || cp == 0x2610 || cp == 0x2611 || cp == 0x25A1)
		return 2;
	return 1;
}

size_t tb_utf8_width(const char *s)
{
	size_t i = 0, len = strlen(s), w = 0;
	while (i < len) {
		int32_t cp = tb_utf8_next(s, len, &i);
		w += cp < 0 ? 1 : (size_t)tb_cp_width((uint32_t)cp);
	}
	return w;
}

size_t tb_text_width(const char *utf8)
{
	return utf8 ? tb_utf8_width(utf8) : 0;
}

void tb_text_linecol(const char *s, size_t len, size_t off, unsigned *line, unsigned *col)
{
	size_t i = 0;
	unsigned l = 1, c = 1;
	if (off > len)
		off = len;
	while (i < off) {
		if (s[i] == '\n') {
			l++;
			c = 1;
			i++;
		} else {
			tb_utf8_next(s, len, &i);
			c++;
		}
	}
	*line = l;
	*col = c;
}

size_t tb_utf8_copy_prefix(char *out, size_t cap, const char *s)
{
	size_t len = s ? strlen(s) : 0;
	if (len >= cap) /* back to the start of the character that does not fit */
		for (len = cap - 1; len && ((unsigned char)s[len] & 0xC0) == 0x80; len--)
			;
	if (len)
		memcpy(out, s, len);
	out[len] = 0;
	return len;
}

/* One ICU step from `in` (n units) into a new buffer: normalise with `norm`, or case-fold when
 * norm is NULL. NULL on failure. */
static UChar *icu_step(const UNormalizer2 *norm, const UChar *in, int32_t n, int32_t *out_n)
{
	int32_t cap = n * 3 + 16, len;
	UErrorCode err = U_ZERO_ERROR;
	UChar *out = malloc((size_t)cap * sizeof *out);
	if (!out)
		return NULL;
	len = norm ? unorm2_normalize(norm, in, n, out, cap, &err)
	           : u_strFoldCase(out, cap, in, n, U_FOLD_CASE_DEFAULT, &err);
	if (U_FAILURE(err)) {
		free(out);
		return NULL;
	}
	*out_n = len;
	return out;
}

char *tb_utf8_caseless_key(const char *s)
{
	UErrorCode err = U_ZERO_ERROR;
	const UNormalizer2 *nfd = unorm2_getNFDInstance(&err), *nfc = unorm2_getNFCInstance(&err);
	size_t len = strlen(s);
	int32_t n = 0, n2 = 0, k;
	UChar *u = NULL, *a = NULL, *b = NULL, *c = NULL;
	char *key = NULL;

	if (U_FAILURE(err) || len > (1u << 20) || !tb_utf8_valid(s, len, NULL))
		return strdup(s);
	if (!(u = malloc((len + 1) * sizeof *u)))
		return NULL;
	u_strFromUTF8(u, (int32_t)len + 1, &n, s, (int32_t)len, &err);
	if (U_SUCCESS(err) && (a = icu_step(nfd, u, n, &n2)) && (b = icu_step(NULL, a, n2, &n)) &&
	    (c = icu_step(nfc, b, n, &n2))) {
		k = n2 * 3 + 1;
		if ((key = malloc((size_t)k))) {
			err = U_ZERO_ERROR;
			u_strToUTF8(key, k, NULL, c, n2, &err);
			if (U_FAILURE(err)) {
				free(key);
				key = NULL;
			}
		}
	} else if (U_FAILURE(err)) {
		key = strdup(s);
	}
	free(u);
	free(a);
	free(b);
	free(c);
	return key;
}
