/* format.c: formatters. Amounts go through the one decimal reader (integers, never floating
 * point), so 0.1 + 0.2 never bites and 人民币大写 is exact. */
#include "fill/format.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/i18n.h"
#include "data/decimal.h"

static int is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* A number as the formatters read it (sign, 1,234 groups, spaces around, up to 64 places
 * written), divided by 10^shift and rounded half away from zero to `places` decimals. */
static int number(const char *in, int shift, int places, tb_decimal *out)
{
	tb_decimal v;
	if (!tb_decimal_read(in, TB_DECIMAL_SIGN | TB_DECIMAL_GROUPS | TB_DECIMAL_SPACE, 64, &v) ||
	    !tb_decimal_round(&v, shift, places, out))
		return -1;
	return 0;
}

int tb_fmt_money(const char *in, int decimals, int shift, tb_buf *out)
{
	tb_decimal v;
	char text[48];
	if (number(in, shift, decimals, &v) != 0)
		return -1;
	tb_decimal_format(&v, text, sizeof text);
	tb_buf_puts(out, text);
	return 0;
}

int tb_fmt_thousands(const char *in, tb_buf *out)
{
	const char *p = in, *ds, *de;
	size_t n, i;
	while (is_ws(*p))
		p++;
	if (*p == '-' || *p == '+') {
		if (*p == '-')
			tb_buf_putc(out, '-');
		p++;
	}
	ds = p;
	while (*p >= '0' && *p <= '9')
		p++;
	de = p;
	n = (size_t)(de - ds);
	if (!n)
		return -1;
	if (*p == '.') {
		p++;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	while (is_ws(*p))
		p++;
	if (*p)
		return -1;
	for (i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			tb_buf_putc(out, ',');
		tb_buf_putc(out, ds[i]);
	}
	p = de;
	n = strlen(p);
	while (n && is_ws(p[n - 1]))
		n--;
	tb_buf_put(out, p, n);
	return 0;
}

static const char *const UPPER[] = {"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"};
static const char *const UNIT[] = {"", "拾", "佰", "仟"};
static const char *const GROUP[] = {"", "万", "亿"};

int tb_fmt_rmb_upper(const char *in, tb_buf *out)
{
	tb_decimal v;
	char ip[32]; /* the yuan, in digits */
	size_t n, k;
	int zero = 0, group_any = 0, jiao, fen, int_zero;

	if (number(in, 0, 2, &v) != 0)
		return -1;
	n = (size_t)snprintf(ip, sizeof ip, "%llu", v.digits / 100);
	if (n > 12) /* below one trillion: 万亿 is not a unit of 《支付结算办法》 */
		return -1;
	int_zero = v.digits < 100;
	jiao = (int)(v.digits / 10 % 10);
	fen = (int)(v.digits % 10);
	if (v.neg)
		tb_buf_puts(out, "负");
	if (!int_zero) {
		for (k = 0; k < n; k++) {
			size_t pos = n - 1 - k; /* power of ten */
			int dg = ip[k] - '0';
			if (dg == 0)
				zero = 1;
			else {
				if (zero)
					tb_buf_puts(out, UPPER[0]);
				zero = 0;
				tb_buf_puts(out, UPPER[dg]);
				tb_buf_puts(out, UNIT[pos % 4]);
				group_any = 1;
			}
			if (pos % 4 == 0) {
				if (group_any && pos > 0)
					tb_buf_puts(out, GROUP[pos / 4]);
				group_any = 0;
			}
		}
		tb_buf_puts(out, "元");
	} else if (!jiao && !fen)
		tb_buf_puts(out, "零元");
	if (!jiao && !fen) {
		tb_buf_puts(out, "整");
		return 0;
	}
	if (jiao) {
		tb_buf_puts(out, UPPER[jiao]);
		tb_buf_puts(out, "角");
	} else if (!int_zero)
		tb_buf_puts(out, UPPER[0]);
	if (fen) {
		tb_buf_puts(out, UPPER[fen]);
		tb_buf_puts(out, "分");
	} else
		tb_buf_puts(out, "整");
	return 0;
}

static const char *const CN_DIGIT[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};

static void cn_number(int v, tb_buf *out)
{
	if (v >= 20) {
		tb_buf_puts(out, CN_DIGIT[v / 10]);
		tb_buf_puts(out, "十");
	} else if (v >= 10)
		tb_buf_puts(out, "十");
	if (v % 10 || v < 10)
		tb_buf_puts(out, CN_DIGIT[v % 10]);
}

int tb_fmt_cn_date(const char *in, int upper, tb_buf *out)
{
	tb_date d;
	char year[8];

	if (!tb_date_parse(in, TB_DATE_LOOSE | TB_DATE_MONTH | TB_DATE_TAIL, &d))
		return -1;
	if (!upper) {
		tb_buf_printf(out, "%d年%d月", d.year, d.month);
		if (d.day > 0)
			tb_buf_printf(out, "%d日", d.day);
		return 0;
	}
	snprintf(year, sizeof year, "%04d", d.year);
	for (const char *p = year; *p; p++)
		tb_buf_puts(out, CN_DIGIT[*p - '0']);
	tb_buf_puts(out, "年");
	cn_number(d.month, out);
	tb_buf_puts(out, "月");
	if (d.day > 0) {
		cn_number(d.day, out);
		tb_buf_puts(out, "日");
	}
	return 0;
}

static int decimals_arg(const tb_tag_fmt *f, int dflt)
{
	int n = f->nargs ? atoi(f->args[0]) : dflt;
	return n < 0 ? 0 : n > 6 ? 6 : n;
}

static void trim_buf(tb_buf *b)
{
	size_t s = 0, e = b->len;
	if (!b->data)
		return;
	while (s < e && is_ws(b->data[s]))
		s++;
	while (e > s && is_ws(b->data[e - 1]))
		e--;
	memmove(b->data, b->data + s, e - s);
	b->len = e - s;
	b->data[b->len] = '\0';
}

typedef int (*fmt_fn)(const tb_tag_fmt *f, tb_fval *v, const char *yes, const char *no,
                      const char **problem);

static int fmt_default(const tb_tag_fmt *f, tb_fval *v, const char *yes, const char *no,
                       const char **problem)
{
	if (v->empty) {
		tb_buf_reset(&v->s);
		tb_buf_puts(&v->s, f->args[0]);
		v->empty = !*f->args[0];
		v->missing = 0;
	}
	return 0;
}

static int fmt_check(const tb_tag_fmt *f, tb_fval *v, const char *yes, const char *no,
                     const char **problem)
{
	const char *g = v->truth ? (f->nargs > 0 ? f->args[0] : yes) : (f->nargs > 1 ? f->args[1] : no);
	tb_buf_reset(&v->s);
	tb_buf_puts(&v->s, g);
	v->empty = v->missing = 0;
	return 0;
}

static int fmt_image(const tb_tag_fmt *f, tb_fval *v, const char *yes, const char *no,
                     const char **problem)
{
	v->image = 1;
	v->img_w = f->nargs > 0 ? atof(f->args[0]) : 40;
	v->img_h = f->nargs > 1 ? atof(f->args[1]) : 30;
	return 0;
}

static int fmt_trim(const tb_tag_fmt *f, tb_fval *v, const char *yes, const char *no,
                    const char **problem)
{
	trim_buf(&v->s);
	v->empty = v->s.len == 0;
	return 0;
}

/* The value formatters: an empty value passes through; otherwise the value is replaced by
 * the formatted text, or left alone with *problem set when it cannot be read. */
static int replace_value(tb_fval *v, int rc, tb_buf *r, const char **problem, const char *msg)
{
	if (rc != 0) {
		tb_buf_free(r);
		*problem = msg;
		return -1;
	}
	tb_buf_free(&v->s);
	v->s = *r;
	return 0;
}

static int fmt_cn_date(const tb_tag_fmt *f, tb_fval *v, const char *yes, const char *no,
                       const char **problem)
{
	tb_buf r = TB_BUF_INIT;
	int rc = tb_fmt_cn_date(v->s.data ? v->s.data : "", f->name[7] == '_', &r);
	return replace_value(v, rc, &r, problem, N_("\"%s\" is not a date (YYYY-MM-DD)"));
}

static int fmt_money(const tb_tag_fmt *f, tb_fval *v, const char *yes, const char *no,
                     const char **problem)
{
	tb_buf r = TB_BUF_INIT;
	int rc = tb_fmt_money(v->s.data ? v->s.data : "", decimals_arg(f, 2), f->name[0] == 'w' ? 4 : 0, &r);
	return replace_value(v, rc, &r, problem, N_("\"%s\" is not a number"));
}

static int fmt_thousands(const tb_tag_fmt *f, tb_fval *v, const char *yes, const char *no,
                         const char **problem)
{
	tb_buf r = TB_BUF_INIT;
	int rc = tb_fmt_thousands(v->s.data ? v->s.data : "", &r);
	return replace_value(v, rc, &r, problem, N_("\"%s\" is not a number"));
}

static int fmt_rmb_upper(const tb_tag_fmt *f, tb_fval *v, const char *yes, const char *no,
                         const char **problem)
{
	tb_buf r = TB_BUF_INIT;
	int rc = tb_fmt_rmb_upper(v->s.data ? v->s.data : "", &r);
	return replace_value(v, rc, &r, problem, N_("\"%s\" is not an amount below one trillion yuan"));
}

/* The one list of formatters: name, minimum and maximum argument counts, argument types ('n'
 * number, 's' string), whether an empty value skips it, and the function. Checking a tag and
 * applying it both go through this table, so a listed formatter always runs. */
static const struct {
	const char *name;
	int min, max;
	const char *types;
	bool skip_empty;
	fmt_fn fn;
} FORMATTERS[] = {
	{"cn_date", 0, 0, "", true, fmt_cn_date},
	{"cn_date_upper", 0, 0, "", true, fmt_cn_date},
	{"money", 0, 1, "n", true, fmt_money},
	{"wan", 0, 1, "n", true, fmt_money},
	{"thousands", 0, 0, "", true, fmt_thousands},
	{"rmb_upper", 0, 0, "", true, fmt_rmb_upper},
	{"default", 1, 1, "s", false, fmt_default},
	{"check", 0, 2, "ss", false, fmt_check},
	{"image", 0, 2, "nn", false, fmt_image},
	{"trim", 0, 0, "", false, fmt_trim},
};

const char *tb_fmt_check(const char *name, int nargs, const int *is_str)
{
	size_t i;
	int k;
	for (i = 0; i < sizeof FORMATTERS / sizeof FORMATTERS[0]; i++) {
		if (strcmp(FORMATTERS[i].name, name))
			continue;
		if (nargs < FORMATTERS[i].min || nargs > FORMATTERS[i].max)
			return N_("wrong number of arguments for formatter \"%s\"");
		for (k = 0; k < nargs; k++)
			if (is_str[k] != (FORMATTERS[i].types[k] == 's'))
				return FORMATTERS[i].types[k] == 's'
				           ? N_("formatter \"%s\" takes quoted strings")
				           : N_("formatter \"%s\" takes numbers");
		return NULL;
	}
	return N_("unknown formatter \"%s\"");
}

int tb_fmt_apply(const tb_tag_fmt *f, tb_fval *v, const char *yes, const char *no,
                 const char **problem)
{
	size_t i;
	*problem = NULL;
	for (i = 0; i < sizeof FORMATTERS / sizeof FORMATTERS[0]; i++)
		if (!strcmp(FORMATTERS[i].name, f->name))
			return FORMATTERS[i].skip_empty && v->empty ? 0 : FORMATTERS[i].fn(f, v, yes, no, problem);
	return 0; /* tb_fmt_check refused it when the tag was read */
}
