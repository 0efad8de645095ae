/* decimal.c: reading, rounding, adding and printing decimals, all in integers. */
#include "data/decimal.h"

#include <limits.h>
#include <stdio.h>

static const unsigned long long POW10[] = {
	1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL, 10000000ULL, 100000000ULL,
	1000000000ULL, 10000000000ULL, 100000000000ULL, 1000000000000ULL, 10000000000000ULL,
	100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL, 100000000000000000ULL,
	1000000000000000000ULL};

static bool space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Append one digit after `zeros` held-back zeros: v = v x 10^(zeros + 1) + d, counting
 * significant digits. */
static bool push(tb_decimal *v, int *sig, int zeros, int d)
{
	int k = zeros + 1;
	if (v->digits == 0) {
		v->digits = (unsigned long long)d;
		*sig = d != 0; /* leading zeros are not significant */
		return true;
	}
	if (*sig + k > TB_DECIMAL_DIGITS)
		return false;
	*sig += k;
	v->digits = v->digits * POW10[k] + (unsigned long long)d;
	return true;
}

bool tb_decimal_read(const char *s, unsigned flags, int max_places, tb_decimal *out)
{
	tb_decimal v = {false, 0, 0};
	int sig = 0, n = 0, zeros = 0, group = -1;

	if (!s)
		return false;
	if (flags & TB_DECIMAL_SPACE)
		while (space(*s))
			s++;
	if ((flags & TB_DECIMAL_SIGN) && (*s == '-' || *s == '+'))
		v.neg = *s++ == '-';
	for (;; s++) {
		if (*s >= '0' && *s <= '9') {
			if (!push(&v, &sig, 0, *s - '0'))
				return false;
			n++;
			if (group >= 0 && ++group > 3)
				return false;
		} else if (*s == ',' && (flags & TB_DECIMAL_GROUPS) && n > 0 && (group < 0 ? n <= 3 : group == 3)) {
			group = 0;
		} else {
			break;
		}
	}
	if (n == 0 || (group >= 0 && group != 3))
		return false;
	if (*s == '.') {
		s++;
		n = 0;
		/* Zeros after the point are held back: trailing ones are dropped. */
		for (; *s >= '0' && *s <= '9'; s++, n++) {
			if (*s == '0') {
				zeros++;
				continue;
			}
			if (v.places + zeros + 1 > max_places || !push(&v, &sig, zeros, *s - '0'))
				return false;
			v.places += zeros + 1;
			zeros = 0;
		}
		if (n == 0 || v.places + zeros > max_places)
			return false;
	}
	if (flags & TB_DECIMAL_SPACE)
		while (space(*s))
			s++;
	if (*s)
		return false;
	if (v.digits == 0)
		v.neg = false;
	*out = v;
	return true;
}

bool tb_decimal_round(const tb_decimal *in, int shift, int places, tb_decimal *out)
{
	tb_decimal v = *in;
	int have = in->places + shift;

	if (shift < 0 || places < 0 || places > 9 || in->places < 0 || have > 4 * TB_DECIMAL_DIGITS)
		return false;
	if (have > places) {
		int k = have - places;
		if (k > TB_DECIMAL_DIGITS) {
			v.digits = 0;
		} else {
			unsigned long long q = v.digits / POW10[k], r = v.digits % POW10[k];
			v.digits = q + (r * 2 >= POW10[k]); /* half away from zero */
		}
	} else if (have < places) {
		int k = places - have;
		if (v.digits > ULLONG_MAX / POW10[k])
			return false;
		v.digits *= POW10[k];
	}
	v.places = places;
	if (v.digits == 0)
		v.neg = false;
	*out = v;
	return true;
}

void tb_decimal_format(const tb_decimal *v, char *buf, size_t cap)
{
	int places = v->places < 0 ? 0 : v->places > 18 ? 18 : v->places;
	unsigned long long p = POW10[places];
	if (places == 0)
		snprintf(buf, cap, "%s%llu", v->neg ? "-" : "", v->digits);
	else
		snprintf(buf, cap, "%s%llu.%0*llu", v->neg ? "-" : "", v->digits / p, places,
		         v->digits % p);
}

/* An unsigned decimal with at most `places` places and `int_digits` integer digits, as an
 * integer scaled by 10^places. */
static bool scaled(const char *s, int places, int int_digits, long long *out)
{
	tb_decimal v;
	const char *p;
	int n = 0;

	for (p = s; p && *p >= '0' && *p <= '9'; p++)
		if (*p != '0' || n)
			n++;
	if (n > int_digits || !tb_decimal_read(s, 0, places, &v) ||
	    !tb_decimal_round(&v, 0, places, &v))
		return false;
	*out = (long long)v.digits;
	return true;
}

bool tb_dec_parse(const char *s, tb_dec *out)
{
	return scaled(s, 4, TB_DEC_MAX_INT_DIGITS, out);
}

tb_points tb_points_parse(const char *s)
{
	long long v;
	return scaled(s, 2, 9, &v) ? (tb_points)v : -1;
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
