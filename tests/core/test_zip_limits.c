/* test_zip_limits.c: issue 17 items 13 and 4. The bounded ZIP reader's ratio check covers
 * small entries too: one small part that expands a lot is fine, thousands of them (a 2 MB
 * archive of 100 KiB entries expanding to a gigabyte) are a bomb. Names that differ only in
 * case are refused. */
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "check.h"
#include "core/ctx.h"
#include "core/zipread.h"

/* A ZIP in memory of n deflated entries of `size` zero bytes each. Caller frees. */
static char *zeros_zip(size_t n, size_t size, size_t *len)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za;
	char *out, *zero = calloc(1, size), name[32];
	size_t i;
	zip_error_init(&ze);
	src = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_source_keep(src);
	za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	for (i = 0; i < n; i++) {
		zip_source_t *s = zip_source_buffer(za, zero, size, 0);
		snprintf(name, sizeof name, "p/%04zu.xml", i);
		CHECK(zip_file_add(za, name, s, ZIP_FL_ENC_UTF_8) >= 0);
	}
	CHECK(zip_close(za) == 0);
	zip_source_open(src);
	zip_source_seek(src, 0, SEEK_END);
	*len = (size_t)zip_source_tell(src);
	zip_source_seek(src, 0, SEEK_SET);
	out = malloc(*len);
	CHECK(zip_source_read(src, out, *len) == (zip_int64_t)*len);
	zip_source_close(src);
	zip_source_free(src);
	zip_error_fini(&ze);
	free(zero);
	return out;
}

static tb_status open_zeros(size_t n, size_t size, int *refused_as_bomb)
{
	tb_ctx *ctx;
	tb_zipr *z = NULL;
	size_t len = 0, i;
	char *data = zeros_zip(n, size, &len);
	tb_status st;
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	st = tb_zipr_open_mem(ctx, "z.zip", data, len, NULL, &z);
	*refused_as_bomb = 0;
	for (i = 0; i < tb_diag_count(ctx); i++)
		if (!strcmp(tb_diag_get(ctx, i)->code, "zip.limit") &&
		    strstr(tb_diag_get(ctx, i)->message, "expand"))
			*refused_as_bomb = 1;
	tb_zipr_close(z);
	tb_ctx_free(ctx);
	free(data);
	return st;
}

TEST(small_dense_entries_add_up)
{
	int bomb = 0;
	/* 60 x 100 KiB of zeros: 6 MiB from about 10 KB, every entry under 100 KiB */
	CHECK_EQ_INT(open_zeros(60, 100 * 1024, &bomb), TB_ELIMIT);
	CHECK(bomb);
	/* 30 of them (3 MiB) are still a document */
	CHECK_EQ_INT(open_zeros(30, 100 * 1024, &bomb), TB_OK);
	CHECK(!bomb);
	/* one big dense entry is refused on its own, as before */
	CHECK_EQ_INT(open_zeros(1, 200 * 1024, &bomb), TB_ELIMIT);
	CHECK(bomb);
	/* small entries that expand less than the ratio do not count */
	CHECK_EQ_INT(open_zeros(3, 10, &bomb), TB_OK);
}

/* Item 4: two names one file system would take for one file. */
/* An archive of two one-byte entries with these names: tb_zipr_open_mem's status, and whether
 * a zip.name error says why. */
static tb_status open_two(const char *a, const char *b, int *named)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za;
	tb_ctx *ctx;
	tb_zipr *z = NULL;
	char *out;
	size_t len, i;
	const char *names[2];
	tb_status st;
	names[0] = a;
	names[1] = b;
	*named = 0;
	zip_error_init(&ze);
	src = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_source_keep(src);
	za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	for (i = 0; i < 2; i++)
		CHECK(zip_file_add(za, names[i], zip_source_buffer(za, "x", 1, 0), ZIP_FL_ENC_UTF_8) >= 0);
	CHECK(zip_close(za) == 0);
	zip_source_open(src);
	zip_source_seek(src, 0, SEEK_END);
	len = (size_t)zip_source_tell(src);
	zip_source_seek(src, 0, SEEK_SET);
	out = malloc(len);
	CHECK(zip_source_read(src, out, len) == (zip_int64_t)len);
	zip_source_close(src);
	zip_source_free(src);
	zip_error_fini(&ze);
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	st = tb_zipr_open_mem(ctx, "case.zip", out, len, NULL, &z);
	for (i = 0; i < tb_diag_count(ctx); i++)
		if (!strcmp(tb_diag_get(ctx, i)->code, "zip.name") &&
		    strstr(tb_diag_get(ctx, i)->message, "differ only in case or Unicode normalisation"))
			*named = 1;
	tb_zipr_close(z);
	tb_ctx_free(ctx);
	free(out);
	return st;
}

/* Item 4: names one file on Windows or macOS (case-insensitive, macOS normalising) are
 * refused: ASCII case, Unicode case, NFC against NFD, both at once. */
TEST(names_differing_only_in_case)
{
	static const char *const clash[][2] = {
		{"A0001/manifest.xml", "A0001/Manifest.XML"},
		{"A0001/\xc3\x84nderung.pdf", "A0001/\xc3\xa4nderung.pdf"},          /* Ä / ä */
		{"A0001/caf\xc3\xa9.pdf", "A0001/cafe\xcc\x81.pdf"},                 /* é / e + U+0301 */
		{"A0001/CAF\xc3\x89.pdf", "A0001/cafe\xcc\x81.pdf"},                 /* É / e + U+0301 */
		{"A0001/\xce\xa3\xce\x91.txt", "A0001/\xcf\x83\xce\xb1.txt"},         /* ΣΑ / σα */
		{"A0001/\xef\xbc\xa1.txt", "A0001/\xef\xbd\x81.txt"},                 /* Ａ / ａ */
	};
	static const char *const fine[][2] = {
		{"A0001/a.pdf", "A0001/b.pdf"},
		{"A0001/\xe4\xb8\xad\xe6\x96\x87.pdf", "A0001/\xe4\xb8\xad\xe6\x96\x87" "2.pdf"}, /* 中文 */
		{"A0001/caf\xc3\xa9.pdf", "A0001/cafe.pdf"},
		{"A0001/\xef\xbc\xa1.txt", "A0001/A.txt"}, /* fullwidth is not the same letter */
	};
	size_t i;
	int named;
	for (i = 0; i < sizeof clash / sizeof clash[0]; i++) {
		CHECK_EQ_INT(open_two(clash[i][0], clash[i][1], &named), TB_ERROR);
		CHECK(named);
	}
	for (i = 0; i < sizeof fine / sizeof fine[0]; i++) {
		CHECK_EQ_INT(open_two(fine[i][0], fine[i][1], &named), TB_OK);
		CHECK(!named);
	}
}

CHECK_MAIN(T(small_dense_entries_add_up), T(names_differing_only_in_case))
