/* Libraries opened on first use (core/lazylib.c): a library and its functions are found, a
 * missing library or function fails cleanly (once, not retried), loading is safe from many
 * threads at once; and with libmicrohttpd, libxlsxwriter and libtiff missing, `serve`, XLSX
 * output and TIFF pictures stop with serve.no-library, sheet.no-library and image.no-library
 * naming the library and the package to install, while the rest works. */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "check.h"
#include "core/ctx.h"
#include "core/file.h"
#include "core/digest.h"
#include "core/lazylib.h"
#include "render/image_decode.h"
#include "sheet/sheet.h"
#include "tianbiao/tb_render.h"
#include "tianbiao/tb_serve.h"

/* The libraries' tables (their private headers include the libraries' own headers). */
extern tb_lazylib tb_mhd_lib, tb_xlsx_lib, tb_tiff_lib, tb_gcrypt_lib;

static const tb_diag *find_diag(tb_ctx *ctx, const char *code)
{
	size_t i;
	for (i = 0; i < tb_diag_count(ctx); i++)
		if (!strcmp(tb_diag_get(ctx, i)->code, code))
			return tb_diag_get(ctx, i);
	return NULL;
}

static const char *const zlib_names[] = {"zlibVersion", "crc32"};

TEST(a_library_and_its_functions_are_found)
{
	void *slots[2] = {0};
	tb_lazylib lib = TB_LAZYLIB_INIT("libz.so.1", "zlib1g", "test.no-library", zlib_names, slots);
	CHECK_EQ_INT(lib.n, 2);
	CHECK_EQ_INT(tb_lazylib_load(&lib), TB_OK);
	CHECK_EQ_INT(lib.state, 1);
	if (slots[0] && slots[1]) {
		const char *(*version)(void) = (const char *(*)(void))slots[0];
		uLong (*crc)(uLong, const Bytef *, uInt) = (uLong (*)(uLong, const Bytef *, uInt))slots[1];
		CHECK_EQ_STR(version(), zlibVersion());
		CHECK_EQ_INT(crc(0, (const Bytef *)"123456789", 9), 0xCBF43926); /* the CRC-32 check value */
	}
	CHECK_EQ_INT(tb_lazylib_load(&lib), TB_OK); /* again: nothing new */
}

static const char *const absent_names[] = {"zlibVersion", "tb_no_such_function"};

TEST(a_missing_function_or_library_fails_once_and_for_all)
{
	tb_ctx *ctx;
	void *slots[2] = {0}, *slots2[2] = {0};
	const tb_diag *d;
	tb_lazylib fn = TB_LAZYLIB_INIT("libz.so.1", "zlib1g", "test.no-function", absent_names, slots);
	tb_lazylib so = TB_LAZYLIB_INIT("libtb-absent.so.7", "libtb-absent7", "test.no-library",
	                                zlib_names, slots2);
	if (tb_ctx_new(&ctx) != TB_OK)
		abort();
	CHECK_EQ_INT(tb_lazylib_load(&fn), TB_EUNSUPPORTED);
	CHECK(strstr(fn.why, "tb_no_such_function") != NULL);
	CHECK(slots[0] == NULL && slots[1] == NULL); /* nothing half-loaded to call */
	CHECK_EQ_INT(tb_lazylib_load(&fn), TB_EUNSUPPORTED);
	CHECK_EQ_INT(tb_lazylib_need(ctx, &so), TB_EUNSUPPORTED);
	CHECK_EQ_INT(so.state, -1);
	d = find_diag(ctx, "test.no-library");
	CHECK(d && d->severity == TB_SEV_ERROR);
	CHECK(d && strstr(d->message, "libtb-absent.so.7") && strstr(d->message, "install libtb-absent7"));
	CHECK(d && d->hint && *d->hint);
	CHECK_EQ_INT(tb_lazylib_need(ctx, &so), TB_EUNSUPPORTED); /* reported each time it is needed */
	CHECK_EQ_INT(tb_diag_count_severity(ctx, TB_SEV_ERROR), 2);
	tb_ctx_free(ctx);
}

static void *load_in_thread(void *lib)
{
	return (void *)(intptr_t)tb_lazylib_load(lib);
}

TEST(threads_load_it_once_together)
{
	void *slots[2] = {0};
	tb_lazylib lib = TB_LAZYLIB_INIT("libz.so.1", "zlib1g", "test.no-library", zlib_names, slots);
	pthread_t t[8];
	int i, started = 0;
	for (i = 0; i < 8; i++)
		started += pthread_create(&t[i], NULL, load_in_thread, &lib) == 0;
	CHECK_EQ_INT(started, 8);
	for (i = 0; i < started; i++) {
		void *r;
		pthread_join(t[i], &r);
		CHECK_EQ_INT((intptr_t)r, TB_OK);
	}
	CHECK(slots[0] != NULL && slots[1] != NULL);
}

/* As on a machine without the three libraries: each table points at a SONAME that does not
 * exist, before anything in this process used them. */
TEST(without_the_libraries_their_features_say_what_to_install)
{
	tb_ctx *ctx;
	tb_sheet_book *book = (tb_sheet_book *)1;
	tb_serve *srv = (tb_serve *)1;
	tb_serve_options so = TB_SERVE_OPTIONS_INIT;
	const tb_diag *d;
	tb_image_rgb px;
	static const unsigned char tiff_header[8] = {'I', 'I', 42, 0, 8, 0, 0, 0};
	CHECK(tb_mhd_lib.state == 0 && tb_xlsx_lib.state == 0 && tb_tiff_lib.state == 0);
	/* The package named comes from the build: the real one, whatever the SONAME tried. */
	CHECK(strncmp(tb_mhd_lib.package, "libmicrohttpd", 13) == 0);
	CHECK(strncmp(tb_xlsx_lib.package, "libxlsxwriter", 13) == 0);
	CHECK(strncmp(tb_tiff_lib.package, "libtiff", 7) == 0);
	tb_mhd_lib.soname = "libmicrohttpd-absent.so.12";
	tb_xlsx_lib.soname = "libxlsxwriter-absent.so.4";
	tb_tiff_lib.soname = "libtiff-absent.so.6";
	tb_gcrypt_lib.soname = "libgcrypt-absent.so.20";
	if (tb_ctx_new(&ctx) != TB_OK)
		abort();

	/* SM3 without libgcrypt: OpenSSL's, the same digests (GB/T 32905-2016 A.1), at once and
	 * streamed */
	{
		char hex[TB_DIGEST_HEX_MAX];
		tb_digest_stream *ds;
		CHECK(tb_gcrypt_lib.state == 0);
		CHECK_EQ_INT(tb_digest_mem(TB_SM3, "abc", 3, hex), TB_OK);
		CHECK_EQ_STR(hex, "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
		CHECK_EQ_INT(tb_gcrypt_lib.state, -1);
		CHECK((ds = tb_digest_begin(TB_SM3)) != NULL);
		tb_digest_update(ds, "a", 1);
		tb_digest_update(ds, "bc", 2);
		CHECK_EQ_INT(tb_digest_end(ds, hex), TB_OK);
		CHECK_EQ_STR(hex, "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
	}
	CHECK_EQ_INT(tb_ctx_set_datadir(ctx, getenv("TB_SRC") ? getenv("TB_SRC") : ".."), TB_OK);

	/* TIFF: the decoder says unsupported (not "damaged"); rendering a document with a TIFF
	 * picture fails with image.no-library and writes nothing. */
	CHECK_EQ_INT(tb_image_decode(tiff_header, sizeof tiff_header, TB_IMG_TIFF, 0, &px),
	             TB_EUNSUPPORTED);
	unlink("lazylib-pictures.pdf");
	CHECK_EQ_INT(tb_render_file(ctx, src_path("tests/layout/fixtures/pictures.docx"),
	                            "lazylib-pictures.pdf", NULL),
	             TB_EUNSUPPORTED);
	d = find_diag(ctx, "image.no-library");
	CHECK(d && strstr(d->message, "libtiff-absent.so.6") && strstr(d->message, tb_tiff_lib.package));
	CHECK(!tb_file_exists("lazylib-pictures.pdf"));
	/* A document without TIFF still renders: only the feature needs the library. */
	CHECK_EQ_INT(tb_render_file(ctx, src_path("tests/layout/fixtures/notes.docx"),
	                            "lazylib-notes.pdf", NULL),
	             TB_OK);
	CHECK(tb_file_exists("lazylib-notes.pdf"));
	unlink("lazylib-notes.pdf");

	/* XLSX */
	unlink("lazylib.xlsx");
	CHECK_EQ_INT(tb_sheet_book_new(ctx, "lazylib.xlsx", 1638316800, NULL, &book), TB_EUNSUPPORTED);
	CHECK(book == NULL);
	d = find_diag(ctx, "sheet.no-library");
	CHECK(d && strstr(d->message, "libxlsxwriter-absent.so.4") && strstr(d->message, tb_xlsx_lib.package));
	CHECK(!tb_file_exists("lazylib.xlsx"));

	/* serve */
	so.data_dir = "lazylib-serve";
	so.listen = "127.0.0.1:0";
	CHECK_EQ_INT(tb_serve_start(ctx, &so, &srv), TB_EUNSUPPORTED);
	CHECK(srv == NULL);
	d = find_diag(ctx, "serve.no-library");
	CHECK(d && strstr(d->message, "libmicrohttpd-absent.so.12") && strstr(d->message, tb_mhd_lib.package));
	tb_ctx_free(ctx);
}

CHECK_MAIN(T(a_library_and_its_functions_are_found),
           T(a_missing_function_or_library_fails_once_and_for_all),
           T(threads_load_it_once_together),
           T(without_the_libraries_their_features_say_what_to_install))
