/* format.c: formatters. Amounts are handled as digit strings so 0.1 + 0.2 never bites and
 * 人民币大写 is exact. */
#include "fill/format.h"

#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"

#define DEC_MAX 40 /* digits accepted in a number */

typedef struct dec {
	int neg;
	char ip[DEC_MAX + 8]; /* integer digits, no leading zeros ("0" for zero) */
	char fp[DEC_MAX + 8]; /* exactly `decimals` digits */
} dec;

static int is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Parse a decimal, divide by 10^shift, round half away from zero to `decimals` places. */
static int dec_round(const char *in, int shift, int decimals, dec *out)
{
	char d[2 * DEC_MAX + 16];
	size_t n = 0, point, keep, i;
	int neg = 0, seen = 0, frac = 0;
	const char *p = in;

	memset(out, 0, sizeof *out);
	if (decimals < 0 || decimals > 6 || shift < 0 || shift > 8)
		return -1;
	while (is_ws(*p))
		p++;
	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	point = 0;
	for (; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			if (n >= DEC_MAX)
				return -1;
			d[n++] = *p;
			if (!frac)
				point++;
			seen = 1;
		} else if (*p == '.' && !frac)
			frac = 1;
		else if (*p == ',' && !frac && seen)
			continue;
		else
			break;
	}
	while (is_ws(*p))
		p++;
	if (*p || !seen)
		return -1;
	/* Move the point left by `shift`, padding with zeros in front. */
	while (point < (size_t)shift) {
		memmove(d + 1, d, n);
		d[0] = '0';
		n++;
		point++;
	}
	point -= (size_t)shift;
	keep = point + (size_t)decimals;
	if (n > keep) {
		int up = d[keep] >= '5';
		n = keep;
		for (i = keep; up && i > 0; i--) {
			if (d[i - 1] == '9')
				d[i - 1] = '0';
			else {
				d[i - 1]++;
				up = 0;
			}
		}
		if (up) {
			memmove(d + 1, d, n);
			d[0] = '1';
			n++;
			point++;
		}
	}
	while (n < keep)
		d[n++] = '0';
	/* Integer part without leading zeros. */
	i = 0;
	while (i + 1 < point && d[i] == '0')
		i++;
	if (point == 0)
		strcpy(out->ip, "0");
	else {
		memcpy(out->ip, d + i, point - i);
		out->ip[point - i] = '\0';
	}
	memcpy(out->fp, d + point, (size_t)decimals);
	out->fp[decimals] = '\0';
	out->neg = neg;
	if (neg && !strcmp(out->ip, "0") && strspn(out->fp, "0") == strlen(out->fp))
		out->neg = 0;
	return 0;
}

int tb_fmt_money(const char *in, int decimals, int shift, tb_buf *out)
{
	dec v;
	if (dec_round(in, shift, decimals, &v) != 0)
		return -1;
	if (v.neg)
		tb_buf_putc(out, '-');
	tb_buf_puts(out, v.ip);
	if (decimals > 0) {
		tb_buf_putc(out, '.');
		tb_buf_puts(out, v.fp);
	}
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
	dec v;
	size_t n, k;
	int zero = 0, group_any = 0, jiao, fen, int_zero;

	if (dec_round(in, 0, 2, &v) != 0)
		return -1;
	n = strlen(v.ip);
	if (n > 12) /* below one trillion: 万亿 is not a unit of 《支付结算办法》 */
		return -1;
	int_zero = !strcmp(v.ip, "0");
	jiao = v.fp[0] - '0';
	fen = v.fp[1] - '0';
	if (v.neg)
		tb_buf_puts(out, "负");
	if (!int_zero) {
		for (k = 0; k < n; k++) {
			size_t pos = n - 1 - k; /* power of ten */
			int dg = v.ip[k] - '0';
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

static int read_int(const char **p, int maxdigits)
{
	int v = 0, n = 0;
	while (**p >= '0' && **p <= '9' && n < maxdigits) {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	return n ? v : -1;
}

int tb_fmt_cn_date(const char *in, int upper, tb_buf *out)
{
	const char *p = in, *ys;
	int y, m, d = -1;
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	while (is_ws(*p))
		p++;
	ys = p;
	y = read_int(&p, 4);
	if (y < 0 || p - ys != 4 || (*p != '-' && *p != '/' && *p != '.'))
		return -1;
	p++;
	m = read_int(&p, 2);
	if (m < 1 || m > 12)
		return -1;
	if (*p == '-' || *p == '/' || *p == '.') {
		p++;
		d = read_int(&p, 2);
		if (d < 1 || d > mdays[m - 1] || (m == 2 && d == 29 && (y % 4 || (y % 100 == 0 && y % 400))))
			return -1;
	}
	if (*p && *p != 'T' && !is_ws(*p))
		return -1;
	if (!upper) {
		tb_buf_printf(out, "%d年%d月", y, m);
		if (d > 0)
			tb_buf_printf(out, "%d日", d);
		return 0;
	}
	for (p = ys; p < ys + 4; p++)
		tb_buf_puts(out, CN_DIGIT[*p - '0']);
	tb_buf_puts(out, "年");
	cn_number(m, out);
	tb_buf_puts(out, "月");
	if (d > 0) {
		cn_number(d, out);
		tb_buf_puts(out, "日");
	}
	return 0;
}

/* name, minimum and maximum argument counts, argument types ('n' number, 's' string). */
static const struct {
	const char *name;
	int min, max;
	const char *types;
} FORMATTERS[] = {
	{"cn_date", 0, 0, ""},   {"cn_date_upper", 0, 0, ""}, {"money", 0, 1, "n"},
	{"wan", 0, 1, "n"},      {"thousands", 0, 0, ""},     {"rmb_upper", 0, 0, ""},
	{"default", 1, 1, "s"},  {"check", 0, 2, "ss"},       {"image", 0, 2, "nn"},
	{"trim", 0, 0, ""},
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

int tb_fmt_apply(const tb_tag_fmt *f, tb_fval *v, const char *yes, const char *no,
                 const char **problem)
{
	tb_buf r = TB_BUF_INIT;
	const char *in = v->s.data ? v->s.data : "";
	int rc = 0;

	*problem = NULL;
	if (!strcmp(f->name, "default")) {
		if (v->empty) {
			tb_buf_reset(&v->s);
			tb_buf_puts(&v->s, f->args[0]);
			v->empty = !*f->args[0];
			v->missing = 0;
		}
		return 0;
	}
	if (!strcmp(f->name, "check")) {
		const char *g = v->truth ? (f->nargs > 0 ? f->args[0] : yes)
		                         : (f->nargs > 1 ? f->args[1] : no);
		tb_buf_reset(&v->s);
		tb_buf_puts(&v->s, g);
		v->empty = v->missing = 0;
		return 0;
	}
	if (!strcmp(f->name, "image")) {
		v->image = 1;
		v->img_w = f->nargs > 0 ? atof(f->args[0]) : 40;
		v->img_h = f->nargs > 1 ? atof(f->args[1]) : 30;
		return 0;
	}
	if (!strcmp(f->name, "trim")) {
		trim_buf(&v->s);
		v->empty = v->s.len == 0;
		return 0;
	}
	if (v->empty) /* the other formatters pass empty values through */
		return 0;
	if (!strcmp(f->name, "cn_date") || !strcmp(f->name, "cn_date_upper")) {
		rc = tb_fmt_cn_date(in, f->name[7] == '_', &r);
		*problem = N_("\"%s\" is not a date (YYYY-MM-DD)");
	} else if (!strcmp(f->name, "money")) {
		rc = tb_fmt_money(in, decimals_arg(f, 2), 0, &r);
		*problem = N_("\"%s\" is not a number");
	} else if (!strcmp(f->name, "wan")) {
		rc = tb_fmt_money(in, decimals_arg(f, 2), 4, &r);
		*problem = N_("\"%s\" is not a number");
	} else if (!strcmp(f->name, "thousands")) {
		rc = tb_fmt_thousands(in, &r);
		*problem = N_("\"%s\" is not a number");
	} else if (!strcmp(f->name, "rmb_upper")) {
		rc = tb_fmt_rmb_upper(in, &r);
		*problem = N_("\"%s\" is not an amount below one trillion yuan");
	}
	if (rc != 0) {
		tb_buf_free(&r);
		return -1;
	}
	*problem = NULL;
	tb_buf_free(&v->s);
	v->s = r;
	return 0;
}
