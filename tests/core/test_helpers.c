/* The one-of-each helpers: arrays that grow (core/vec), dates (core/date), decimals
 * (data/decimal), and buffers whose failures stick (core/buf). */
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "check_diag.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/vec.h"
#include "core/xsd.h"
#include "data/decimal.h"

TEST(grow)
{
	int *v = NULL;
	size_t cap = 0, i;
	char *c = NULL;
	size_t ccap = 0;

	CHECK_EQ_INT(TB_GROW(v, cap, 1), TB_OK);
	CHECK_EQ_INT(cap, 8);
	for (i = 0; i < 1000; i++) {
		CHECK_EQ_INT(TB_GROW(v, cap, i + 1), TB_OK);
		v[i] = (int)i;
	}
	CHECK_EQ_INT(cap, 1024);
	CHECK_EQ_INT(v[999], 999);
	CHECK_EQ_INT(TB_GROW(v, cap, 10), TB_OK); /* already room: nothing moves */
	CHECK_EQ_INT(cap, 1024);
	/* count x size past what an object can hold: refused, the array kept */
	CHECK_EQ_INT(TB_GROW(v, cap, SIZE_MAX / 2), TB_ELIMIT);
	CHECK_EQ_INT(cap, 1024);
	CHECK_EQ_INT(v[999], 999);
	CHECK_EQ_INT(TB_GROW(c, ccap, SIZE_MAX), TB_ELIMIT); /* more than an object can hold */
	CHECK(c == NULL && ccap == 0);
	free(v);
	free(c);
}

static const char *date_text(const char *s, unsigned flags)
{
	static char out[32];
	tb_date d;
	if (!tb_date_parse(s, flags, &d))
		return "no";
	snprintf(out, sizeof out, "%d/%d/%d", d.year, d.month, d.day);
	return out;
}

TEST(dates)
{
	enum { L = TB_DATE_LOOSE | TB_DATE_MONTH | TB_DATE_TAIL };
	CHECK_EQ_STR(date_text("2021-12-01", 0), "2021/12/1");
	CHECK_EQ_STR(date_text("2024-02-29", 0), "2024/2/29");
	CHECK_EQ_STR(date_text("2000-02-29", 0), "2000/2/29");
	CHECK_EQ_STR(date_text("1900-02-29", 0), "no"); /* not a leap year */
	CHECK_EQ_STR(date_text("2021-02-29", 0), "no");
	CHECK_EQ_STR(date_text("2021-04-31", 0), "no");
	CHECK_EQ_STR(date_text("2021-13-01", 0), "no");
	CHECK_EQ_STR(date_text("2021-00-10", 0), "no");
	CHECK_EQ_STR(date_text("2021-1-5", 0), "no"); /* strict: two digits */
	CHECK_EQ_STR(date_text("2021-12", 0), "no");
	CHECK_EQ_STR(date_text("2021-12-01T08:00", 0), "no");
	CHECK_EQ_STR(date_text(" 2021-12-01", 0), "no");
	CHECK_EQ_STR(date_text("2021/12/01", 0), "no");
	CHECK_EQ_STR(date_text("2021-1-5", L), "2021/1/5");
	CHECK_EQ_STR(date_text("  2021/1/5", L), "2021/1/5");
	CHECK_EQ_STR(date_text("2021.12", L), "2021/12/0");
	CHECK_EQ_STR(date_text("2021-12-01T08:00", L), "2021/12/1");
	CHECK_EQ_STR(date_text("2021-02-30", L), "no");
	CHECK_EQ_STR(date_text("2021-12-01x", L), "no");
	CHECK_EQ_STR(date_text("21-12-01", L), "no");
	CHECK_EQ_STR(date_text(NULL, L), "no");
	{
		tb_date d = {2021, 12, 1}, e = {1970, 1, 1}, f = {2000, 3, 1};
		CHECK_EQ_INT(tb_date_days(&d) * 86400, 1638316800LL);
		CHECK_EQ_INT(tb_date_days(&e), 0);
		d = tb_date_from_unix(1638316800LL + 86399);
		CHECK_EQ_INT(d.year * 10000 + d.month * 100 + d.day, 20211201);
		d = tb_date_from_unix(tb_date_days(&f) * 86400 - 1);
		CHECK_EQ_INT(d.year * 10000 + d.month * 100 + d.day, 20000229);
		d = tb_date_from_unix(-1);
		CHECK_EQ_INT(d.year * 10000 + d.month * 100 + d.day, 19691231);
	}
}

static const char *dec_text(const char *s, unsigned flags, int max, int shift, int places)
{
	static char out[64];
	tb_decimal v;
	if (!tb_decimal_read(s, flags, max, &v))
		return "no";
	if (places >= 0 && !tb_decimal_round(&v, shift, places, &v))
		return "too big";
	tb_decimal_format(&v, out, sizeof out);
	return out;
}

TEST(decimals)
{
	enum { ALL = TB_DECIMAL_SIGN | TB_DECIMAL_GROUPS | TB_DECIMAL_SPACE };
	tb_dec d;
	CHECK_EQ_STR(dec_text("12.50", 0, 4, 0, -1), "12.5");
	CHECK_EQ_STR(dec_text("0.05", 0, 4, 0, -1), "0.05");
	CHECK_EQ_STR(dec_text("007", 0, 4, 0, -1), "7");
	CHECK_EQ_STR(dec_text("1.", 0, 4, 0, -1), "no");
	CHECK_EQ_STR(dec_text(".5", 0, 4, 0, -1), "no");
	CHECK_EQ_STR(dec_text("1.23456", 0, 4, 0, -1), "no");
	CHECK_EQ_STR(dec_text("1.00000", 0, 4, 0, -1), "no"); /* places as written */
	CHECK_EQ_STR(dec_text("-1", 0, 4, 0, -1), "no");
	CHECK_EQ_STR(dec_text("-1", ALL, 4, 0, -1), "-1");
	CHECK_EQ_STR(dec_text("-0.00", ALL, 4, 0, -1), "0");
	CHECK_EQ_STR(dec_text(" 1,234.5 ", ALL, 4, 0, -1), "1234.5");
	CHECK_EQ_STR(dec_text("12,345,678", ALL, 4, 0, -1), "12345678");
	CHECK_EQ_STR(dec_text("1,2345", ALL, 4, 0, -1), "no"); /* not thousands */
	CHECK_EQ_STR(dec_text("1234,567", ALL, 4, 0, -1), "no");
	CHECK_EQ_STR(dec_text("12,34", ALL, 4, 0, -1), "no"); /* a decimal comma is not read */
	CHECK_EQ_STR(dec_text("1,234", 0, 4, 0, -1), "no");
	CHECK_EQ_STR(dec_text("1e5", ALL, 4, 0, -1), "no");
	CHECK_EQ_STR(dec_text("", ALL, 4, 0, -1), "no");
	CHECK_EQ_STR(dec_text("123456789012345678", 0, 4, 0, -1), "123456789012345678");
	CHECK_EQ_STR(dec_text("1234567890123456789", 0, 4, 0, -1), "no"); /* 19 digits */
	CHECK_EQ_STR(dec_text("2.675", ALL, 18, 0, 2), "2.68");
	CHECK_EQ_STR(dec_text("-2.675", ALL, 18, 0, 2), "-2.68");
	CHECK_EQ_STR(dec_text("-0.001", ALL, 18, 0, 2), "0.00");
	CHECK_EQ_STR(dec_text("99.999", ALL, 18, 0, 2), "100.00");
	CHECK_EQ_STR(dec_text("123456", ALL, 18, 4, 2), "12.35");
	CHECK_EQ_STR(dec_text("5", ALL, 18, 4, 4), "0.0005");
	CHECK_EQ_STR(dec_text("5", ALL, 18, 8, 0), "0");
	CHECK_EQ_STR(dec_text("999999999999999999", ALL, 18, 0, 2), "too big");
	CHECK(tb_dec_parse("35.5", &d) && d == 355000);
	CHECK(!tb_dec_parse("1.23456", &d));
	CHECK(tb_dec_parse("99999999999999.9999", &d)); /* 14 integer digits */
	CHECK(!tb_dec_parse("100000000000000", &d));
	CHECK_EQ_INT(tb_points_parse("12"), 1200);
	CHECK_EQ_INT(tb_points_parse("0.5"), 50);
	CHECK_EQ_INT(tb_points_parse("1.25"), 125);
	CHECK_EQ_INT(tb_points_parse("1.255"), -1);
	CHECK_EQ_INT(tb_points_parse("1."), -1);
	CHECK_EQ_INT(tb_points_parse("-1"), -1);
	CHECK_EQ_INT(tb_points_parse("1234567890"), -1);
	CHECK_EQ_INT(tb_points_parse(""), -1);
	CHECK_EQ_INT(tb_points_parse(NULL), -1);
}

TEST(buf_sticky)
{
	tb_buf b;
	size_t len = 99;
	tb_buf_init(&b, 8);
	CHECK_EQ_INT(tb_buf_puts(&b, "1234"), TB_OK);
	CHECK_EQ_INT(tb_buf_status(&b), TB_OK);
	CHECK_EQ_INT(tb_buf_puts(&b, "56789"), TB_ELIMIT); /* past the ceiling */
	CHECK_EQ_INT(tb_buf_putc(&b, 'x'), TB_ELIMIT);     /* would fit, but the error sticks */
	CHECK_EQ_INT(tb_buf_printf(&b, "%d", 1), TB_ELIMIT);
	CHECK_EQ_INT(tb_buf_put_xml(&b, "", 0), TB_ELIMIT);
	CHECK_EQ_STR(b.data, "1234");
	CHECK_EQ_INT(tb_buf_status(&b), TB_ELIMIT);
	CHECK(tb_buf_detach(&b, &len) == NULL); /* the half-written text is not handed out */
	CHECK_EQ_INT(len, 0);
	CHECK_EQ_INT(tb_buf_status(&b), TB_OK);
	b.max = 8;
	CHECK_EQ_INT(tb_buf_puts(&b, "123456789"), TB_ELIMIT);
	tb_buf_reset(&b); /* starting over forgets the error */
	CHECK_EQ_INT(tb_buf_puts(&b, "ok"), TB_OK);
	CHECK_EQ_STR(tb_buf_status(&b) == TB_OK ? b.data : NULL, "ok");
	tb_buf_free(&b);
	{
		tb_buf e = TB_BUF_INIT;
		char *s = tb_buf_detach(&e, NULL);
		CHECK_EQ_STR(s, ""); /* nothing written is an empty string, not a failure */
		free(s);
	}
}

static void put_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static void count_error(void *user, tb_xml_error e)
{
	(*(int *)user)++;
	CHECK(e->message != NULL);
}

TEST(xsd)
{
	char dir[] = "/tmp/tb-xsd-XXXXXX", path[256];
	tb_ctx *ctx;
	xmlSchemaPtr s1 = NULL, s2 = NULL;
	xmlDocPtr good = NULL, bad = NULL;
	int errors = 0;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof path, "%s/templates", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/templates/n.xsd", dir);
	put_file(path, "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">"
	               "<xs:element name=\"n\" type=\"xs:integer\"/></xs:schema>");
	snprintf(path, sizeof path, "%s/templates/broken.xsd", dir);
	put_file(path, "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">"
	               "<xs:element name=\"n\" type=\"xs:nosuchtype\"/></xs:schema>");
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	CHECK_EQ_INT(tb_ctx_set_datadir(ctx, dir), TB_OK);
	CHECK_EQ_INT(tb_xsd_load(ctx, "templates/n.xsd", &s1), TB_OK);
	CHECK_EQ_INT(tb_xsd_load(ctx, "templates/n.xsd", &s2), TB_OK);
	CHECK(s1 != NULL && s1 == s2); /* compiled once, kept in the context */
	CHECK_EQ_INT(tb_xml_read(ctx, "good.xml", "<n>12</n>", 9, 0, &good), TB_OK);
	CHECK_EQ_INT(tb_xml_read(ctx, "bad.xml", "<n>twelve</n>", 13, 0, &bad), TB_OK);
	CHECK_EQ_INT(tb_xsd_validate(s1, good, count_error, &errors), TB_OK);
	CHECK_EQ_INT(errors, 0);
	CHECK_EQ_INT(tb_xsd_validate(s1, bad, count_error, &errors), TB_ERROR);
	CHECK(errors >= 1);
	CHECK_EQ_INT(tb_diag_count(ctx), 0);
	/* an installation problem, said as one */
	CHECK_EQ_INT(tb_xsd_load(ctx, "templates/broken.xsd", &s2), TB_EIO);
	CHECK(s2 == NULL && has_code(ctx, "schema.load"));
	tb_diag_clear(ctx);
	CHECK_EQ_INT(tb_xsd_load(ctx, "templates/missing.xsd", &s2), TB_EIO);
	CHECK(has_code(ctx, "schema.load"));
	tb_xml_free(good);
	tb_xml_free(bad);
	tb_ctx_free(ctx);
	snprintf(path, sizeof path, "%s/templates/n.xsd", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/templates/broken.xsd", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/templates", dir);
	rmdir(path);
	rmdir(dir);
}

CHECK_MAIN(T(grow), T(dates), T(decimals), T(buf_sticky), T(xsd))
