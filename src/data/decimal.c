/* decimal.c: parsing, adding and printing scaled-integer decimals. */
#include "data/decimal.h"

#include <limits.h>
#include <stdio.h>

bool tb_dec_parse(const char *s, tb_dec *out)
{
	tb_dec ip = 0, fp = 0, scale = TB_DEC_SCALE;
	int n = 0;

	if (!s)
		return false;
	while (*s >= '0' && *s <= '9') {
		if (++n > TB_DEC_MAX_INT_DIGITS)
			return false;
		ip = ip * 10 + (*s++ - '0');
	}
	if (n == 0)
		return false;
	if (*s == '.') {
		s++;
		n = 0;
		while (*s >= '0' && *s <= '9') {
			if (++n > 4)
				return false;
			scale /= 10;
			fp += (*s++ - '0') * scale;
		}
		if (n == 0)
			return false;
	}
	if (*s)
		return false;
	*out = ip * TB_DEC_SCALE + fp;
	return true;
}

bool tb_dec_add(tb_dec a, tb_dec b, tb_dec *out)
{
	if ((b > 0 && a > LLONG_MAX - b) || (b < 0 && a < LLONG_MIN - b))
		return false;
	*out = a + b;
	return true;
}

void tb_dec_format(tb_dec v, char *buf, size_t cap)
{
	char frac[8];
	int k;
	unsigned long long a = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	unsigned long long f = a % TB_DEC_SCALE;

	if (f == 0) {
		snprintf(buf, cap, "%s%llu", v < 0 ? "-" : "", a / TB_DEC_SCALE);
		return;
	}
	snprintf(frac, sizeof frac, "%04llu", f);
	for (k = 3; k > 0 && frac[k] == '0'; k--)
		frac[k] = '\0';
	snprintf(buf, cap, "%s%llu.%s", v < 0 ? "-" : "", a / TB_DEC_SCALE, frac);
}

bool tb_dec_to_points(tb_dec v, tb_points *out)
{
	if (v % (TB_DEC_SCALE / TB_POINTS_SCALE) != 0)
		return false;
	*out = (tb_points)(v / (TB_DEC_SCALE / TB_POINTS_SCALE));
	return true;
}
