/* decimal.h: exact decimals for money (万元), points and lengths: a scaled integer, never a
 * floating-point number, so 0.1 + 0.2 is 0.3 and sums compare exactly. */
#ifndef TB_DATA_DECIMAL_H
#define TB_DATA_DECIMAL_H
#include <stdbool.h>
#include <stddef.h>

#include "tianbiao/tb_program.h"

/* value x 10^4: the format allows at most four decimal places. */
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

#endif
