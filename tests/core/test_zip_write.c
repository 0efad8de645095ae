/* test_zip_write.c: the ZIP writer's entries as another reader sees them. Entries it deflates
 * itself (zipwrite.c, libdeflate) must read back through libzip's own reader, which checks
 * each entry's CRC-32 and sizes, with their bytes, method and CRC; data that deflating would
 * not shrink, and an empty entry, is stored; encrypted entries still take libzip's path; the same entries give the
 * same archive. */
#include <stdlib.h>
#include <string.h>
#include <zip.h>
#include <zlib.h>

#include "check.h"
#include "core/ctx.h"
#include "core/deflate.h"
#include "core/writer.h"
#include "core/zipwrite.h"

enum { NENTRIES = 6 };

static const char *const names[NENTRIES] = {"word/document.xml", "random.bin", "empty.xml",
                                             "big.xml", "stored.xml", "mimetype"};
static const int levels[NENTRIES] = {1, 9, 6, 6, 0, 0};

/* The entries' bytes: XML-like text, random bytes (incompressible), nothing, 1 MiB of text. */
static unsigned char *entry_bytes(int i, size_t *len)
{
	static const char xml[] = "<w:p><w:r><w:t>申报单位名称 第%d段</w:t></w:r></w:p>\n";
	unsigned char *b;
	size_t n = 0, cap;
	unsigned seed = 12345;
	switch (i) {
	case 1:
		*len = 70000;
		b = malloc(*len);
		for (n = 0; n < *len; n++) {
			seed = seed * 1103515245u + 12345u;
			b[n] = (unsigned char)(seed >> 16);
		}
		return b;
	case 2:
		*len = 0;
		return malloc(1);
	case 5:
		*len = strlen("application/vnd.oasis.opendocument.text");
		b = malloc(*len);
		memcpy(b, "application/vnd.oasis.opendocument.text", *len);
		return b;
	default:
		cap = i == 3 ? (size_t)1 << 20 : 30000;
		b = malloc(cap + 128);
		while (n < cap)
			n += (size_t)snprintf((char *)b + n, 128, xml, (int)n % 977);
		*len = n;
		return b;
	}
}

static void write_archive(const char *password, tb_buf *out)
{
	tb_ctx *ctx;
	tb_zipw *w = NULL;
	tb_writer wr = tb_writer_buf(out);
	int i;
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	CHECK(tb_zipw_open(ctx, NULL, "t.zip", 1638316800, password, &w) == TB_OK);
	for (i = 0; i < NENTRIES; i++) {
		size_t len;
		unsigned char *b = entry_bytes(i, &len);
		CHECK(tb_zipw_add(w, names[i], b, len, levels[i], 1) == TB_OK);
	}
	CHECK(tb_zipw_close(w, &wr) == TB_OK);
	CHECK(tb_diag_count(ctx) == 0);
	tb_ctx_free(ctx);
}

/* Read every entry back with libzip: bytes, CRC-32 (zlib's) and method. */
static void read_back(const tb_buf *zipped, const char *password)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za;
	int i;
	zip_error_init(&ze);
	src = zip_source_buffer_create(zipped->data, zipped->len, 0, &ze);
	CHECK(src != NULL);
	za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
	CHECK(za != NULL);
	if (!za)
		return;
	if (password)
		CHECK(zip_set_default_password(za, password) == 0);
	CHECK_EQ_INT(zip_get_num_entries(za, 0), NENTRIES);
	for (i = 0; i < NENTRIES; i++) {
		size_t len;
		unsigned char *want = entry_bytes(i, &len), *got = malloc(len + 1);
		zip_stat_t st;
		zip_file_t *f;
		zip_int64_t n;
		CHECK(zip_stat(za, names[i], 0, &st) == 0);
		CHECK(st.size == len);
		CHECK(st.crc == (zip_uint32_t)crc32(0, want, (uInt)len));
		/* deflated when it pays: the text, not the random bytes, the empty entry or level 0 */
		/* deflated when it pays: the text, not the random bytes (libzip's AES path deflates
		 * them all the same), the empty entry or level 0 */
		CHECK(st.comp_method == (levels[i] > 0 && len > 0 && (i != 1 || password) ? ZIP_CM_DEFLATE
		                                                                           : ZIP_CM_STORE));
		if (st.comp_method == ZIP_CM_DEFLATE && i != 1)
			CHECK(st.comp_size < len / 2);
		CHECK(st.encryption_method == (password ? ZIP_EM_AES_256 : ZIP_EM_NONE));
		CHECK((f = zip_fopen(za, names[i], 0)) != NULL);
		n = f ? zip_fread(f, got, len + 1) : -1;
		CHECK(n == (zip_int64_t)len && memcmp(got, want, len) == 0);
		if (f)
			CHECK(zip_fclose(f) == 0); /* libzip checks the CRC here */
		free(want);
		free(got);
	}
	zip_discard(za);
	zip_error_fini(&ze);
}

TEST(deflated_entries_read_back_by_libzip)
{
	tb_buf a = TB_BUF_INIT, b = TB_BUF_INIT;
	write_archive(NULL, &a);
	read_back(&a, NULL);
	write_archive(NULL, &b);
	CHECK(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
	tb_buf_free(&a);
	tb_buf_free(&b);
}

TEST(encrypted_entries_read_back_by_libzip)
{
	tb_buf a = TB_BUF_INIT;
	write_archive("secret", &a);
	read_back(&a, "secret");
	tb_buf_free(&a);
}

/* The context keeps one compressor per level (core/deflate.h): asked again, the same one;
 * another level, another; each context its own; freed with the context (LeakSanitizer). */
TEST(deflaters_kept_per_context_and_level)
{
	tb_ctx *a, *b;
	struct libdeflate_compressor *a6, *a1;
	CHECK(tb_ctx_new(&a) == TB_OK && tb_ctx_new(&b) == TB_OK);
	a6 = tb_deflater(a, 6);
	a1 = tb_deflater(a, 1);
	CHECK(a6 && a1 && a6 != a1);
	CHECK(tb_deflater(a, 6) == a6 && tb_deflater(a, 1) == a1);
	CHECK(tb_deflater(b, 6) && tb_deflater(b, 6) != a6);
	tb_ctx_free(a);
	tb_ctx_free(b);
}

int main(void)
{
	static const check_test tests[] = {
		{"deflated_entries_read_back_by_libzip", deflated_entries_read_back_by_libzip},
		{"encrypted_entries_read_back_by_libzip", encrypted_entries_read_back_by_libzip},
		{"deflaters_kept_per_context_and_level", deflaters_kept_per_context_and_level},
	};
	return check_run(tests, sizeof tests / sizeof tests[0]);
}
