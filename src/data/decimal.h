/* decimal.h: the one reader of decimal numbers (evidence amounts and points, program points,
 * the fill formatters' money) and exact decimals for money (万元), points and lengths: a
 * scaled integer, never a floating-point number, so 0.1 + 0.2 is 0.3 and sums compare
 * exactly. */
#ifndef TB_DATA_DECIMAL_H
#define TB_DATA_DECIMAL_H
#include <stdbool.h>
#include <stddef.h>

#include "tianbiao/tb_program.h"

/* A decimal as written: digits x 10^-places, at most TB_DECIMAL_DIGITS significant digits
 * (trailing zeros after the point are dropped, so "1.50000" is digits 15, places 1). */
typedef struct tb_decimal {
	bool neg;
	unsigned long long digits;
	int places;
} tb_decimal;
#define TB_DECIMAL_DIGITS 18

/* What tb_decimal_read accepts beside `\d+(\.\d+)?`. */
enum {
	TB_DECIMAL_SIGN = 1 << 0,   /* a leading - or + */
	TB_DECIMAL_GROUPS = 1 << 1, /* commas between integer digits: 1,234.5 */
	TB_DECIMAL_SPACE = 1 << 2,  /* white space around */
};
/* Read a decimal with at most `max_places` digits after the point; false if `s` is not one
 * (or has more significant digits than TB_DECIMAL_DIGITS). */
bool tb_decimal_read(const char *s, unsigned flags, int max_places, tb_decimal *out);
/* Divide by 10^shift and round half away from zero to `places` decimals (0..9): the result
 * has exactly `places` places. False if that does not fit. */
bool tb_decimal_round(const tb_decimal *in, int shift, int places, tb_decimal *out);
/* Write v with exactly its places ("-12.50"); cap >= 48 is always enough. */
void tb_decimal_format(const tb_decimal *v, char *buf, size_t cap);

/* value x 10^4: the evidence format allows at most four decimal places. */
typedef long long tb_dec;
#define TB_DEC_SCALE 10000LL
#define TB_DEC_MAX_INT_DIGITS 14 /* 10^14 x 10^4 stays far below LLONG_MAX */

/* Parse `\d+(\.\d{1,4})?` exactly (no sign, no spaces, no exponent). */
bool tb_dec_parse(const char *s, tb_dec *out);
/* a + b; false on overflow. */
bool tb_dec_add(tb_dec a, tb_dec b, tb_dec *out);
/* Shortest form: "35.5", "20", "0.0001". cap >= 32 is always enough. */
void tb_dec_format(tb_dec v, char *buf, size_t cap);
/* Points are hundredths: false if v has a non-zero third or fourth decimal place. */
bool tb_dec_to_points(tb_dec v, tb_points *out);
/* Points as written in programs and scoring rules: `\d{1,9}(\.\d{1,2})?`; -1 if not. */
tb_points tb_points_parse(const char *s);

#endif
