/* format.h: the formatters of the tag language (cn_date, rmb_upper, money, ...). Pure string
 * functions: dates and decimals read by core/date and data/decimal, never floating point. */
#ifndef TB_FILL_FORMAT_H
#define TB_FILL_FORMAT_H
#include "core/buf.h"
#include "fill/tag.h"

/* A value travelling through a formatter chain. */
typedef struct tb_fval {
	tb_buf s;    /* the text */
	int empty;   /* nothing selected, or empty text */
	int missing; /* nothing selected (an error unless a formatter or the policy handles it) */
	int truth;   /* for check and sections */
	int image;   /* an image formatter was seen: s is a path */
	double img_w, img_h; /* box in mm */
} tb_fval;

/* Apply one formatter. Returns 0, or -1 with *problem set to a msgid with one %s (the
 * value) when the value cannot be read. `yes`/`no` are the default checkbox glyphs. */
int tb_fmt_apply(const tb_tag_fmt *f, tb_fval *v, const char *yes, const char *no,
                 const char **problem);

/* The formatters themselves (0 = done, -1 = the input is not what they read). */
int tb_fmt_cn_date(const char *in, int upper, tb_buf *out);
/* Round `in` (a decimal, commas allowed) divided by 10^shift to `decimals` places. */
int tb_fmt_money(const char *in, int decimals, int shift, tb_buf *out);
int tb_fmt_thousands(const char *in, tb_buf *out);
int tb_fmt_rmb_upper(const char *in, tb_buf *out);

#endif
