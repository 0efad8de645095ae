/* The spreadsheet module (src/sheet/): sheet names made acceptable and unique (else
 * libxlsxwriter refuses them), the file written only at commit (atomically), and the same
 * bytes whatever the time zone. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "core/ctx.h"
#include "core/file.h"
#include "sheet/sheet.h"

static tb_status write_book(tb_ctx *ctx, const char *path, char names[3][64])
{
	tb_sheet_book *b = NULL;
	tb_sheet *s[3];
	static const char *const want[3] = {"秦皇岛市[海港区]:科协/县区*?", "秦皇岛市[海港区]:科协/县区*?",
	                                    "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三"};
	static const char *const head[] = {"Rank", "Applicant", "Score"};
	size_t i;
	tb_status st = tb_sheet_book_new(ctx, path, 1638316800, "title", &b);
	if (st != TB_OK)
		return st;
	for (i = 0; st == TB_OK && i < 3; i++)
		st = tb_sheet_add(b, want[i], &s[i]);
	for (i = 0; st == TB_OK && i < 3; i++) {
		snprintf(names[i], 64, "%s", "");
		st = tb_sheet_row(s[i], 0, head, 3, TB_SHEET_BOLD);
		if (st == TB_OK) st = tb_sheet_width(s[i], 1, 30);
		if (st == TB_OK) st = tb_sheet_number(s[i], 1, 0, 1, 0);
		if (st == TB_OK) st = tb_sheet_text(s[i], 1, 1, "北港科普中心", TB_SHEET_WRAP);
		if (st == TB_OK) st = tb_sheet_number(s[i], 1, 2, 87.5, 0);
		if (st == TB_OK) st = tb_sheet_text(s[i], 1, 3, "", 0);
		if (st == TB_OK) st = tb_sheet_freeze(s[i], 1);
	}
	if (st != TB_OK) {
		tb_sheet_book_free(b);
		return st;
	}
	CHECK(!tb_file_exists(path)); /* nothing before the commit */
	return tb_sheet_book_commit(b);
}

TEST(names_and_reproducible_bytes)
{
	tb_ctx *ctx;
	char names[3][64], *a = NULL, *b = NULL;
	size_t la = 0, lb = 0;
	tb_ctx_new(&ctx);
	unlink("s1.xlsx");
	unlink("s2.xlsx");
	setenv("TZ", "UTC", 1);
	tzset();
	CHECK_EQ_INT(write_book(ctx, "s1.xlsx", names), TB_OK);
	setenv("TZ", "Asia/Shanghai", 1);
	tzset();
	CHECK_EQ_INT(write_book(ctx, "s2.xlsx", names), TB_OK);
	unsetenv("TZ");
	tzset();
	CHECK_EQ_INT(tb_file_read(ctx, "s1.xlsx", 1 << 22, &a, &la), TB_OK);
	CHECK_EQ_INT(tb_file_read(ctx, "s2.xlsx", 1 << 22, &b, &lb), TB_OK);
	CHECK(a && b && la == lb && !memcmp(a, b, la));
	CHECK(la > 4 && !memcmp(a, "PK\x03\x04", 4));
	/* libxlsxwriter refuses []:*?/\, names over 31 characters and duplicates: the three
	 * sheets above (two of one name, one of 33 characters) were accepted after cleaning */
	free(a);
	free(b);
	unlink("s1.xlsx");
	unlink("s2.xlsx");
	tb_ctx_free(ctx);
}

TEST(abandoned_book_leaves_nothing)
{
	tb_ctx *ctx;
	tb_sheet_book *b = NULL;
	tb_sheet *s;
	tb_ctx_new(&ctx);
	unlink("gone.xlsx");
	CHECK_EQ_INT(tb_sheet_book_new(ctx, "gone.xlsx", 0, NULL, &b), TB_OK);
	CHECK_EQ_INT(tb_sheet_add(b, "x", &s), TB_OK);
	CHECK_EQ_INT(tb_sheet_text(s, 0, 0, "bad \xff utf-8", 0), TB_EINVAL);
	tb_sheet_book_free(b);
	CHECK(!tb_file_exists("gone.xlsx"));
	tb_ctx_free(ctx);
}

CHECK_MAIN(T(names_and_reproducible_bytes), T(abandoned_book_leaves_nothing))
