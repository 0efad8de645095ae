/* test_table.c: XLSX written by the project's writer (tb_sheet_*) reads back through
 * tb_table_read (text, numbers,
 * CJK), the same rows give the same bytes; CSV in UTF-8 with BOM and quotes, GB18030,
 * semicolons; hostile input refused with a code. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "check_diag.h"
#include "core/file.h"
#include "sheet/table.h"
#include "sheet/sheet.h"
#include "tianbiao/tianbiao.h"

static void write_book(tb_ctx *ctx, const char *path)
{
	tb_sheet_book *b = NULL;
	tb_sheet *x = NULL;
	CHECK(tb_sheet_book_new(ctx, path, (time_t)tb_ctx_epoch(ctx), NULL, &b) == TB_OK);
	CHECK(tb_sheet_add(b, "名单", &x) == TB_OK);
	CHECK(tb_sheet_text(x, 0, 0, "申报单位", TB_SHEET_BOLD) == TB_OK);
	CHECK(tb_sheet_text(x, 0, 1, "得分", TB_SHEET_BOLD) == TB_OK);
	CHECK(tb_sheet_text(x, 1, 0, "秦皇岛市海港区青少年科技活动中心", TB_SHEET_PLAIN) == TB_OK);
	CHECK(tb_sheet_number(x, 1, 1, 87.5, TB_SHEET_PLAIN) == TB_OK);
	CHECK(tb_sheet_text(x, 3, 2, "R&D <x>", TB_SHEET_PLAIN) == TB_OK);
	CHECK(tb_sheet_width(x, 0, 36) == TB_OK);
	CHECK(tb_sheet_freeze(x, 1) == TB_OK);
	CHECK(tb_sheet_book_commit(b) == TB_OK);
}

TEST(xlsx_round_trip)
{
	tb_ctx *ctx;
	tb_table *t = NULL;
	char *a = NULL, *b = NULL;
	size_t la = 0, lb = 0;
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	tb_ctx_set_epoch(ctx, 1638316800);
	write_book(ctx, "sheet-a.xlsx");
	sleep(1); /* a clock-dependent writer would differ now */
	write_book(ctx, "sheet-b.xlsx");
	CHECK(tb_file_read(ctx, "sheet-a.xlsx", 1 << 20, &a, &la) == TB_OK);
	CHECK(tb_file_read(ctx, "sheet-b.xlsx", 1 << 20, &b, &lb) == TB_OK);
	CHECK(la == lb && a && b && memcmp(a, b, la) == 0);
	CHECK(tb_table_read(ctx, "sheet-a.xlsx", &t) == TB_OK);
	CHECK_EQ_INT(tb_table_rows(t), 4);
	CHECK_EQ_STR(tb_table_cell(t, 0, 0), "申报单位");
	CHECK_EQ_STR(tb_table_cell(t, 1, 0), "秦皇岛市海港区青少年科技活动中心");
	CHECK_EQ_STR(tb_table_cell(t, 1, 1), "87.5");
	CHECK_EQ_STR(tb_table_cell(t, 3, 2), "R&D <x>");
	CHECK_EQ_STR(tb_table_cell(t, 2, 0), "");
	CHECK_EQ_STR(tb_table_cell(t, 9, 9), "");
	tb_table_free(t);
	free(a);
	free(b);
	tb_ctx_free(ctx);
}

static void put(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	fwrite(data, 1, len, f);
	fclose(f);
}

TEST(csv_forms)
{
	tb_ctx *ctx;
	tb_table *t = NULL;
	/* UTF-8 with BOM, CRLF, a quoted field with a comma, a doubled quote and a newline */
	static const char u8[] = "\xEF\xBB\xBF申报单位,联系电话\r\n\"甲,乙\",\"say \"\"hi\"\"\nok\"\r\n丙, 0335-1 \r\n";
	/* GB18030 for 申报单位;邮编 / 测试;066000 with semicolons */
	static const char gb[] = "\xC9\xEA\xB1\xA8\xB5\xA5\xCE\xBB;\xD3\xCA\xB1\xE0\n\xB2\xE2\xCA\xD4;066000\n";
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	put("u8.csv", u8, sizeof u8 - 1);
	CHECK(tb_table_read(ctx, "u8.csv", &t) == TB_OK);
	CHECK_EQ_INT(tb_table_rows(t), 3);
	CHECK_EQ_STR(tb_table_cell(t, 0, 0), "申报单位");
	CHECK_EQ_STR(tb_table_cell(t, 1, 0), "甲,乙");
	CHECK_EQ_STR(tb_table_cell(t, 1, 1), "say \"hi\"\nok");
	CHECK_EQ_STR(tb_table_cell(t, 2, 1), "0335-1");
	tb_table_free(t);
	put("gb.csv", gb, sizeof gb - 1);
	CHECK(tb_table_read(ctx, "gb.csv", &t) == TB_OK);
	CHECK_EQ_STR(tb_table_cell(t, 0, 0), "申报单位");
	CHECK_EQ_STR(tb_table_cell(t, 0, 1), "邮编");
	CHECK_EQ_STR(tb_table_cell(t, 1, 1), "066000");
	tb_table_free(t);
	tb_ctx_free(ctx);
}

TEST(hostile)
{
	tb_ctx *ctx;
	tb_table *t = NULL;
	char *big;
	size_t i;
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	put("old.xls", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
	CHECK(tb_table_read(ctx, "old.xls", &t) != TB_OK && !t && has_code(ctx, "sheet.format"));
	put("fake.xlsx", "PK\x03\x04 not really a zip", 22);
	CHECK(tb_table_read(ctx, "fake.xlsx", &t) != TB_OK && !t && tb_diag_count(ctx) > 1);
	tb_diag_clear(ctx);
	put("bin.csv", "a,b\n\0\0\0", 7);
	CHECK(tb_table_read(ctx, "bin.csv", &t) != TB_OK && has_code(ctx, "sheet.format"));
	tb_diag_clear(ctx);
	/* more columns than a sheet may have */
	big = malloc(TB_SHEET_MAX_COLS * 2 + 8);
	for (i = 0; i < TB_SHEET_MAX_COLS + 2; i++) {
		big[2 * i] = 'x';
		big[2 * i + 1] = ',';
	}
	put("wide.csv", big, (TB_SHEET_MAX_COLS + 2) * 2);
	CHECK(tb_table_read(ctx, "wide.csv", &t) != TB_OK && !t && has_code(ctx, "sheet.limit"));
	free(big);
	CHECK(tb_table_read(ctx, "missing.csv", &t) != TB_OK && has_code(ctx, "sheet.read"));
	tb_ctx_free(ctx);
}

CHECK_MAIN(T(xlsx_round_trip), T(csv_forms), T(hostile))
