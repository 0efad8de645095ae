/* test_format.c: formatters (人民币大写, Chinese dates, money) and the tag parser. */
#include "check.h"
#include "fill/format.h"
#include "fill/tag.h"

static char *fmt_str(int (*fn)(const char *, tb_buf *), const char *in)
{
	static char out[256];
	tb_buf b = TB_BUF_INIT;
	if (fn(in, &b) != 0) {
		tb_buf_free(&b);
		return NULL;
	}
	snprintf(out, sizeof out, "%s", b.data ? b.data : "");
	tb_buf_free(&b);
	return out;
}

static const char *rmb(const char *in) { return fmt_str(tb_fmt_rmb_upper, in); }

static int date_lower(const char *in, tb_buf *b) { return tb_fmt_cn_date(in, 0, b); }
static int date_upper(const char *in, tb_buf *b) { return tb_fmt_cn_date(in, 1, b); }

static const char *money(const char *in, int n, int shift)
{
	static char out[128];
	tb_buf b = TB_BUF_INIT;
	int rc = tb_fmt_money(in, n, shift, &b);
	snprintf(out, sizeof out, "%s", rc ? "(error)" : b.data ? b.data : "");
	tb_buf_free(&b);
	return out;
}

TEST(rmb_upper_edges)
{
	CHECK_EQ_STR(rmb("0"), "零元整");
	CHECK_EQ_STR(rmb("10.00"), "壹拾元整");
	CHECK_EQ_STR(rmb("100.05"), "壹佰元零伍分");
	CHECK_EQ_STR(rmb("1000000.10"), "壹佰万元壹角整");
	CHECK_EQ_STR(rmb("100010001.01"), "壹亿零壹万零壹元零壹分");
	CHECK_EQ_STR(rmb("123.45"), "壹佰贰拾叁元肆角伍分");
	CHECK_EQ_STR(rmb("0.5"), "伍角整");
	CHECK_EQ_STR(rmb("0.05"), "伍分");
	CHECK_EQ_STR(rmb("1001"), "壹仟零壹元整");
	CHECK_EQ_STR(rmb("1010"), "壹仟零壹拾元整");
	CHECK_EQ_STR(rmb("100000000"), "壹亿元整");
	CHECK_EQ_STR(rmb("10001000"), "壹仟万零壹仟元整");
	CHECK_EQ_STR(rmb("101000000"), "壹亿零壹佰万元整");
	CHECK_EQ_STR(rmb("355000"), "叁拾伍万伍仟元整");
	CHECK_EQ_STR(rmb("1680.32"), "壹仟陆佰捌拾元叁角贰分");
	CHECK_EQ_STR(rmb("-3"), "负叁元整");
	CHECK_EQ_STR(rmb("9.995"), "壹拾元整");
	CHECK_EQ_STR(rmb("999999999999.99"), "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分");
	CHECK(rmb("1000000000000") == NULL);
	CHECK(rmb("abc") == NULL);
	CHECK(rmb("") == NULL);
}

TEST(dates)
{
	CHECK_EQ_STR(fmt_str(date_lower, "2021-11-25"), "2021年11月25日");
	CHECK_EQ_STR(fmt_str(date_lower, "2021-01-05"), "2021年1月5日");
	CHECK_EQ_STR(fmt_str(date_lower, "2021-11"), "2021年11月");
	CHECK_EQ_STR(fmt_str(date_upper, "2021-11-25"), "二〇二一年十一月二十五日");
	CHECK_EQ_STR(fmt_str(date_upper, "2020-10-10"), "二〇二〇年十月十日");
	CHECK_EQ_STR(fmt_str(date_upper, "2008-01-31"), "二〇〇八年一月三十一日");
	CHECK_EQ_STR(fmt_str(date_upper, "2024-02-29T10:00:00"), "二〇二四年二月二十九日");
	CHECK(fmt_str(date_lower, "2023-02-29") == NULL);
	CHECK(fmt_str(date_lower, "2021-13-01") == NULL);
	CHECK(fmt_str(date_lower, "yesterday") == NULL);
	/* the one date reader's calendar check: months have their own lengths */
	CHECK(fmt_str(date_lower, "2021-04-31") == NULL);
	CHECK(fmt_str(date_upper, "1900-02-29") == NULL);
	CHECK_EQ_STR(fmt_str(date_lower, " 2021/4/30"), "2021年4月30日");
}

TEST(money_and_thousands)
{
	CHECK_EQ_STR(money("3.5", 2, 0), "3.50");
	CHECK_EQ_STR(money("2.675", 2, 0), "2.68");
	CHECK_EQ_STR(money("-2.675", 2, 0), "-2.68");
	CHECK_EQ_STR(money("0.1", 0, 0), "0");
	CHECK_EQ_STR(money("99.999", 2, 0), "100.00");
	CHECK_EQ_STR(money("123456", 2, 4), "12.35");
	CHECK_EQ_STR(money("5", 4, 4), "0.0005");
	CHECK_EQ_STR(money("1,234.5", 1, 0), "1234.5");
	CHECK_EQ_STR(money("x", 2, 0), "(error)");
	/* the one decimal reader: commas group thousands only, a decimal comma is no number */
	CHECK_EQ_STR(money("12,345,678.905", 2, 0), "12345678.91");
	CHECK_EQ_STR(money("12,34", 2, 0), "(error)");
	CHECK_EQ_STR(money(" -0.004 ", 2, 0), "0.00");
	CHECK_EQ_STR(money("1.50000000000000000000000", 1, 0), "1.5");
	CHECK_EQ_STR(fmt_str(tb_fmt_thousands, "1234567.5"), "1,234,567.5");
	CHECK_EQ_STR(fmt_str(tb_fmt_thousands, "-1000"), "-1,000");
	CHECK_EQ_STR(fmt_str(tb_fmt_thousands, "999"), "999");
	CHECK(fmt_str(tb_fmt_thousands, "1e5") == NULL);
}

static int parse(const char *s, tb_tag *t, const char **code)
{
	const char *msg;
	char *arg = NULL;
	int rc = tb_tag_parse(s, strlen(s), t, code, &msg, &arg);
	free(arg);
	return rc;
}

TEST(tag_parse)
{
	tb_tag t;
	const char *code = NULL;
	CHECK_EQ_INT(parse(" applicant.name ", &t, &code), 0);
	CHECK_EQ_INT(t.kind, TB_TAG_VALUE);
	CHECK_EQ_STR(t.xpath, "applicant/name");
	CHECK(t.plain);
	tb_tag_clear(&t);
	CHECK_EQ_INT(parse("#awards/award", &t, &code), 0);
	CHECK_EQ_INT(t.kind, TB_TAG_OPEN);
	CHECK_EQ_STR(t.expr, "awards/award");
	tb_tag_clear(&t);
	CHECK_EQ_INT(parse("/", &t, &code), 0);
	CHECK_EQ_INT(t.kind, TB_TAG_CLOSE);
	CHECK_EQ_STR(t.expr, "");
	tb_tag_clear(&t);
	CHECK_EQ_INT(parse("count(a | b) > 1.5", &t, &code), 0);
	CHECK_EQ_STR(t.xpath, "count(a | b) > 1.5");
	CHECK(!t.plain);
	tb_tag_clear(&t);
	CHECK_EQ_INT(parse("x | check(\"√\", \"□\") | default(\"a|b\")", &t, &code), 0);
	CHECK_EQ_INT(t.nfmt, 2);
	CHECK_EQ_STR(t.fmt[0].args[0], "√");
	CHECK_EQ_STR(t.fmt[1].args[0], "a|b");
	tb_tag_clear(&t);
	CHECK_EQ_INT(parse("x | money(2)", &t, &code), 0);
	CHECK_EQ_STR(t.expr, "x");
	tb_tag_clear(&t);
	CHECK_EQ_INT(parse("x | nosuch", &t, &code), -1);
	CHECK_EQ_STR(code, "fill.formatter");
	CHECK_EQ_INT(parse("x | money(\"2\")", &t, &code), -1);
	CHECK_EQ_INT(parse("#x | money", &t, &code), -1);
	CHECK_EQ_INT(parse("  ", &t, &code), -1);
	CHECK_EQ_INT(parse("@year", &t, &code), 0);
	CHECK(t.plain);
	tb_tag_clear(&t);
}

TEST(tag_find)
{
	tb_delims d;
	size_t s, e;
	const char *txt = "a {{x}} b {{y | default(\"}}\")}} c {{z";
	CHECK_EQ_INT(tb_delims_parse(NULL, &d), 0);
	CHECK_EQ_INT(tb_tag_find(&d, txt, strlen(txt), 0, &s, &e), 1);
	CHECK_EQ_INT(s, 2);
	CHECK_EQ_INT(e, 7);
	CHECK_EQ_INT(tb_tag_find(&d, txt, strlen(txt), e, &s, &e), 1);
	CHECK_EQ_INT(e - s, strlen("{{y | default(\"}}\")}}"));
	CHECK_EQ_INT(tb_tag_find(&d, txt, strlen(txt), e, &s, &e), -1);
	CHECK_EQ_INT(tb_delims_parse("{ }", &d), 0);
	CHECK_EQ_INT(tb_tag_find(&d, "x{a}y", 5, 0, &s, &e), 1);
	CHECK_EQ_INT(s, 1);
	CHECK_EQ_INT(e, 4);
	CHECK_EQ_INT(tb_delims_parse("{", &d), -1);
	CHECK_EQ_INT(tb_delims_parse("[[ ]] x", &d), -1);
}


/* Every formatter tb_fmt_check accepts is applied through the one table: a formatter listed
 * for the check but missing from the apply (as with the old strcmp chain) would leave the
 * value as it was. */
static const char *apply(const char *name, const char *value, int truth)
{
	static char out[128];
	tb_tag_fmt f;
	tb_fval v;
	const char *problem;
	int rc;
	memset(&f, 0, sizeof f);
	memset(&v, 0, sizeof v);
	f.name = (char *)name;
	if (strcmp(name, "default") == 0) {
		f.nargs = 1;
		f.args[0] = (char *)"无";
		f.is_str[0] = 1;
	}
	CHECK(tb_fmt_check(name, f.nargs, f.is_str) == NULL);
	tb_buf_puts(&v.s, value);
	v.empty = !*value;
	v.truth = truth;
	rc = tb_fmt_apply(&f, &v, "Y", "N", &problem);
	snprintf(out, sizeof out, "%s%s", rc ? "(error)" : "", v.image ? "(image)" : v.s.data ? v.s.data : "");
	tb_buf_free(&v.s);
	return out;
}

TEST(every_formatter_applies)
{
	CHECK_EQ_STR(apply("cn_date", "2021-12-01", 0), "2021年12月1日");
	CHECK(strcmp(apply("cn_date_upper", "2021-12-01", 0), "2021-12-01") != 0);
	CHECK_EQ_STR(apply("money", "1234.5", 0), "1234.50");
	CHECK(strcmp(apply("wan", "12345", 0), "12345") != 0);
	CHECK_EQ_STR(apply("thousands", "1234567", 0), "1,234,567");
	CHECK_EQ_STR(apply("rmb_upper", "10.00", 0), "壹拾元整");
	CHECK_EQ_STR(apply("default", "", 0), "无");
	CHECK_EQ_STR(apply("check", "", 1), "Y");
	CHECK_EQ_STR(apply("image", "a.png", 0), "(image)");
	CHECK_EQ_STR(apply("trim", "  x  ", 0), "x");
	CHECK_EQ_STR(apply("money", "abc", 0), "(error)abc");
	CHECK_EQ_STR(apply("money", "", 0), ""); /* an empty value passes through */
}

CHECK_MAIN(T(rmb_upper_edges), T(dates), T(money_and_thousands), T(tag_parse), T(tag_find),
           T(every_formatter_applies))
