/* test_zipw.c: the deterministic writer's rules, checked through the bounded reader. */
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "check_diag.h"
#include "core/ctx.h"
#include "core/digest.h"
#include "core/file.h"
#include "core/zipread.h"
#include "pack/zipw.h"

TEST(empty_archive_refused)
{
	tb_ctx *ctx;
	pack_zipw *w;
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	CHECK(pack_zipw_new(ctx, 1638316800, NULL, &w) == TB_OK);
	unlink("empty.zip");
	CHECK(pack_zipw_commit(w, "empty.zip", NULL, NULL) == TB_ERROR);
	CHECK(has_code(ctx, "pack.empty"));
	CHECK(!tb_file_exists("empty.zip"));
	tb_ctx_free(ctx);
}

TEST(bad_names_refused)
{
	tb_ctx *ctx;
	pack_zipw *w;
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	CHECK(pack_zipw_new(ctx, 1638316800, NULL, &w) == TB_OK);
	CHECK(pack_zipw_add_copy(w, "../x", "a", 1) == TB_EINVAL);
	CHECK(pack_zipw_add_copy(w, "/abs", "a", 1) == TB_EINVAL);
	CHECK(pack_zipw_add_copy(w, "a\\b", "a", 1) == TB_EINVAL);
	CHECK(pack_zipw_add_copy(w, "bad\xff.txt", "a", 1) == TB_EINVAL);
	CHECK(pack_zipw_add_copy(w, "p/ok.txt", "a", 1) == TB_OK);
	CHECK(pack_zipw_add_copy(w, "p/ok.txt", "b", 1) == TB_EINVAL);
	CHECK(has_code(ctx, "pack.name"));
	CHECK(has_code(ctx, "pack.duplicate"));
	CHECK_EQ_INT(pack_zipw_count(w), 1);
	pack_zipw_free(w);
	tb_ctx_free(ctx);
}

TEST(sorted_and_methods)
{
	static const char plain_pdf[] = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n"
	                                "1 0 obj << /Type /Catalog >> endobj\n1 0 obj << /Type /Catalog >> endobj\n";
	static const char xml[] = "<a><b>申报</b><b>申报</b><b>申报</b><b>申报</b><b>申报</b><b>申报</b></a>";
	tb_ctx *ctx;
	pack_zipw *w;
	tb_zipr *z;
	char *data;
	size_t len;
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	CHECK(pack_zipw_new(ctx, 1638316800, NULL, &w) == TB_OK);
	/* long enough to shrink when deflated (shorter entries are stored: core/test_zip_write) */
	CHECK(pack_zipw_add_copy(w, "p/证明.pdf", plain_pdf, strlen(plain_pdf)) == TB_OK);
	CHECK(pack_zipw_add_copy(w, "p/z.pdf", "%PDF-1.7 /Filter /FlateDecode", 29) == TB_OK);
	CHECK(pack_zipw_add_copy(w, "p/photo", "\x89PNG\r\n\x1a\n", 8) == TB_OK);
	CHECK(pack_zipw_add_copy(w, "p/b.xml", xml, strlen(xml)) == TB_OK);
	CHECK(pack_zipw_add_copy(w, "p/A.jpg", "\xff\xd8\xff", 3) == TB_OK);
	CHECK(pack_zipw_commit(w, "sorted.zip", NULL, NULL) == TB_OK);
	CHECK(tb_zipr_open_file(ctx, "sorted.zip", NULL, &z) == TB_OK);
	if (z) {
		CHECK_EQ_INT(tb_zipr_count(z), 5);
		CHECK_EQ_STR(tb_zipr_name(z, 0), "p/A.jpg");
		CHECK_EQ_STR(tb_zipr_name(z, 1), "p/b.xml");
		CHECK_EQ_STR(tb_zipr_name(z, 2), "p/photo");
		CHECK_EQ_STR(tb_zipr_name(z, 3), "p/z.pdf");
		CHECK_EQ_STR(tb_zipr_name(z, 4), "p/证明.pdf");
		CHECK(tb_zipr_is_stored(z, 0));
		CHECK(!tb_zipr_is_stored(z, 1));
		CHECK(tb_zipr_is_stored(z, 2));  /* PNG by its bytes, whatever its name */
		CHECK(tb_zipr_is_stored(z, 3));  /* compressed streams */
		CHECK(!tb_zipr_is_stored(z, 4)); /* plain streams deflate well */
		CHECK(tb_zipr_utf8_flagged(z, 4));
		CHECK(tb_zipr_read(z, 4, &data, &len) == TB_OK);
		CHECK(len == strlen(plain_pdf) && !memcmp(data, plain_pdf, len));
		free(data);
		tb_zipr_close(z);
	}
	unlink("sorted.zip");
	tb_ctx_free(ctx);
}

TEST(media_and_epoch)
{
	tb_ctx *ctx;
	CHECK(pack_is_precompressed("a/b.DOCX"));
	CHECK(pack_is_precompressed("x.ofd"));
	CHECK(!pack_is_precompressed("x.xml"));
	CHECK(!pack_is_precompressed("x.txt"));
	CHECK(pack_should_store("scan.bin", "\xff\xd8\xff\xe0", 4));
	CHECK(pack_should_store("x", "PK\x03\x04", 4));
	CHECK(pack_should_store("x.dat", "RIFF\0\0\0\0WEBPVP8 ", 16));
	CHECK(!pack_should_store("a.txt", "hello", 5));
	CHECK(pack_should_store("a.docx", "not a zip", 9)); /* unknown bytes: the name decides */
	CHECK(!pack_should_store("a.pdf", "%PDF-1.4\n1 0 obj", 17));
	CHECK(pack_should_store("a.txt", "%PDF-1.4 /DCTDecode", 19));
	CHECK_EQ_STR(pack_media_type("x.pdf"), "application/pdf");
	CHECK_EQ_STR(pack_media_type("x.unknown"), "application/octet-stream");
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	tb_ctx_set_epoch(ctx, 0);
	CHECK_EQ_INT(pack_epoch(ctx, "2021-11-30"), 1638230400);
	CHECK_EQ_INT(pack_epoch(ctx, NULL), 315532800);
	/* core/date.c's calendar: 2021-02-30 is no date (sscanf gave 2021-03-02) */
	CHECK_EQ_INT(pack_epoch(ctx, "2021-02-30"), 315532800);
	CHECK_EQ_INT(pack_epoch(ctx, "2021-11-30T08:00"), 1638230400);
	tb_ctx_set_epoch(ctx, 1638316800);
	CHECK_EQ_INT(pack_epoch(ctx, "2021-11-30"), 1638316800);
	tb_ctx_free(ctx);
}

/* The library never touches the process's environment: a host program in New York keeps its
 * TZ, and the entries still carry the epoch's UTC date and time (2021-12-01 00:00:00). */
static void utc_times_without_setenv(void)
{
	tb_ctx *ctx;
	pack_zipw *w;
	char *data = NULL;
	size_t len = 0;
	struct tm tm;
	time_t t = 1638316800;
	setenv("TZ", "America/New_York", 1);
	tzset();
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	CHECK(pack_zipw_new(ctx, t, NULL, &w) == TB_OK);
	CHECK(pack_zipw_add_copy(w, "p/a.txt", "a", 1) == TB_OK);
	unlink("tz.zip");
	CHECK(pack_zipw_commit(w, "tz.zip", NULL, NULL) == TB_OK);
	CHECK_EQ_STR(getenv("TZ"), "America/New_York");
	localtime_r(&t, &tm);
	CHECK_EQ_INT(tm.tm_hour, 19); /* the host still sees its own zone */
	CHECK(tb_file_read(ctx, "tz.zip", 1 << 20, &data, &len) == TB_OK);
	if (data && len > 14) {
		unsigned dtime = (unsigned char)data[10] | (unsigned char)data[11] << 8;
		unsigned ddate = (unsigned char)data[12] | (unsigned char)data[13] << 8;
		CHECK_EQ_INT(dtime, 0);
		CHECK_EQ_INT(ddate, (41u << 9) | (12u << 5) | 1u);
	}
	free(data);
	unlink("tz.zip");
	unsetenv("TZ");
	tzset();
	tb_ctx_free(ctx);
}

/* One archive committed with its sums and without: the same bytes either way, and the sums
 * are the file's SHA-256, SM3 and size. Small archives are made in memory and hashed as they
 * are written, one past PACK_ZIPW_MEM_MAX through libzip's file and hashed after: both. */
static void commit_both_ways(size_t big)
{
	static const tb_digest_alg algs[2] = {TB_SHA256, TB_SM3};
	char hex[2][TB_DIGEST_HEX_MAX];
	pack_zipw_sums sums;
	tb_ctx *ctx;
	pack_zipw *w[2];
	char *a = NULL, *b = NULL, *blob = malloc(big + 1);
	size_t alen = 0, blen = 0, size = 0, i;
	unsigned long long x = 88172645463325252ull;
	int k;
	CHECK(blob != NULL && tb_ctx_new(&ctx) == TB_OK);
	if (!blob)
		return;
	for (i = 0; i < big; i++) { /* xorshift: incompressible, stored at full size */
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		blob[i] = (char)(x >> 24);
	}
	for (k = 0; k < 2; k++) {
		CHECK(pack_zipw_new(ctx, 1638316800, NULL, &w[k]) == TB_OK);
		CHECK(pack_zipw_add_copy(w[k], "p/报告.pdf", "%PDF-1.7 /Filter /FlateDecode", 29) == TB_OK);
		CHECK(pack_zipw_add_copy(w[k], "p/manifest.xml", "<m><f>申报</f><f>申报</f></m>", 33) == TB_OK);
		CHECK(pack_zipw_add_copy(w[k], "p/scan.bin", blob, big) == TB_OK);
	}
	memset(&sums, 0, sizeof sums);
	CHECK(pack_zipw_commit(w[0], "sums-a.zip", NULL, &sums) == TB_OK);
	CHECK(pack_zipw_commit(w[1], "sums-b.zip", NULL, NULL) == TB_OK);
	CHECK(tb_file_read(ctx, "sums-a.zip", (size_t)64 << 20, &a, &alen) == TB_OK);
	CHECK(tb_file_read(ctx, "sums-b.zip", (size_t)64 << 20, &b, &blen) == TB_OK);
	CHECK(a && b && alen == blen && alen > big && !memcmp(a, b, alen));
	CHECK(tb_digest_file_each(ctx, "sums-b.zip", 2, algs, hex, &size) == TB_OK);
	CHECK_EQ_STR(sums.sha256, hex[0]);
	CHECK_EQ_STR(sums.sm3, hex[1]);
	CHECK(sums.size == size && size == blen);
	free(a);
	free(b);
	free(blob);
	unlink("sums-a.zip");
	unlink("sums-b.zip");
	tb_ctx_free(ctx);
}

TEST(sums_of_the_bytes_written)
{
	commit_both_ways(200000);                            /* in memory */
	commit_both_ways((size_t)PACK_ZIPW_MEM_MAX + 1000); /* through libzip's file */
}

/* A package that cannot be written whole (the file size limit: EFBIG on the write, as a full
 * disk gives ENOSPC): the commit fails with io.write naming the package, and leaves neither
 * the package nor its temporary file. */
TEST(write_failure_leaves_nothing)
{
	struct rlimit old, small;
	pack_zipw_sums sums;
	tb_ctx *ctx;
	pack_zipw *w;
	char *blob = malloc(100000);
	size_t i;
	unsigned long long x = 88172645463325252ull;
	CHECK(blob != NULL && tb_ctx_new(&ctx) == TB_OK);
	if (!blob)
		return;
	for (i = 0; i < 100000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		blob[i] = (char)(x >> 24);
	}
	CHECK(pack_zipw_new(ctx, 1638316800, NULL, &w) == TB_OK);
	CHECK(pack_zipw_add_copy(w, "p/scan.bin", blob, 100000) == TB_OK);
	unlink("full.zip");
	unlink("full.zip.tmp");
	CHECK(getrlimit(RLIMIT_FSIZE, &old) == 0);
	small = old;
	small.rlim_cur = 50000;
	signal(SIGXFSZ, SIG_IGN);
	CHECK(setrlimit(RLIMIT_FSIZE, &small) == 0);
	CHECK(pack_zipw_commit(w, "full.zip", "full.zip.tmp", &sums) == TB_EIO);
	CHECK(setrlimit(RLIMIT_FSIZE, &old) == 0);
	signal(SIGXFSZ, SIG_DFL);
	CHECK(has_code(ctx, "io.write"));
	CHECK(!tb_file_exists("full.zip") && !tb_file_exists("full.zip.tmp"));
	free(blob);
	tb_ctx_free(ctx);
}

int main(void)
{
	static const check_test tests[] = {
		{"empty_archive_refused", empty_archive_refused},
		{"bad_names_refused", bad_names_refused},
		{"sorted_and_methods", sorted_and_methods},
		{"media_and_epoch", media_and_epoch},
		{"utc_times_without_setenv", utc_times_without_setenv},
		{"sums_of_the_bytes_written", sums_of_the_bytes_written},
		{"write_failure_leaves_nothing", write_failure_leaves_nothing},
	};
	return check_run(tests, sizeof tests / sizeof tests[0]);
}
