/* device_bench.c: time the PDF device alone on the test sample form (tests/pdf/pdf_sample.h),
 * fonts opened once per context as in a batch. Build against a Release build:
 *   cc -O2 -Isrc -Isrc/include -Itests bench/render/device_bench.c build-pdf-rel/libtianbiao.a \
 *      $(pkg-config --libs libxml-2.0 libzip harfbuzz harfbuzz-subset fontconfig libunibreak \
 *        libcrypto zlib) -lhpdf -lm -lpthread -o /tmp/device_bench
 *   TIANBIAO_DATADIR=$PWD /tmp/device_bench 50 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "core/ctx.h"
#include "pdf/pdf_sample.h"

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 20, i;
	tb_ctx *ctx;
	tb_fonts *f;
	double t0, first, rest;
	tb_pdf_options o = TB_PDF_OPTIONS_INIT;

	if (tb_ctx_new(&ctx) != TB_OK)
		return 1;
	t0 = now();
	if (tb_fonts_get(ctx, &f) != TB_OK) {
		tb_diag_print(ctx, stderr);
		return 1;
	}
	for (i = 0; i <= n; i++) {
		tb_dl_doc *d = sample_doc(f, 0);
		if (tb_dl_write_pdf(ctx, d, &o, "/tmp/device_bench.pdf") != TB_OK) {
			tb_diag_print(ctx, stderr);
			return 1;
		}
		tb_dl_doc_free(d);
		if (i == 0) {
			first = now() - t0;
			t0 = now();
		}
	}
	rest = (now() - t0) / n;
	printf("first document (font map, fontconfig, faces opened): %.1f ms\n", first * 1000);
	printf("each further document (layout-free display list -> PDF): %.1f ms\n", rest * 1000);
	unlink("/tmp/device_bench.pdf");
	tb_ctx_free(ctx);
	return 0;
}
