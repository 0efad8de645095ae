/* test_golden.c: golden layout tests: every tests/layout/fixtures/<name>.docx|.odt is laid
 * out and its trace compared with tests/layout/golden/<name>.<ext>.trace. With
 * TB_UPDATE_GOLDEN=1 the goldens are rewritten (check them by eye before committing).
 * Given file arguments, prints their traces instead (a tool for looking at layouts). */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "core/ctx.h"
#include "doc/doc.h"
#include "font/font.h"
#include "layout/layout.h"
#include "render/device.h"

static char *trace_of(const char *path, size_t *len, size_t *warnings)
{
	tb_ctx *ctx = NULL;
	tb_dl_doc *d = NULL;
	char *buf = NULL;
	FILE *mem;
	size_t i;
	if (tb_ctx_new(&ctx) != TB_OK)
		return NULL;
	/* Goldens pin their faces (tests/layout/fontmap-golden.xml): they test placement. */
	{
		char map[4200];
		snprintf(map, sizeof map, "%s/tests/layout/fontmap-golden.xml", getenv("TB_SRC") ? getenv("TB_SRC") : ".");
		if (tb_fonts_set_map(ctx, map) != TB_OK) {
			tb_ctx_free(ctx);
			return NULL;
		}
	}
	if (tb_layout_document(ctx, path, NULL, &d) != TB_OK) {
		tb_diag_print(ctx, stderr);
		tb_ctx_free(ctx);
		return NULL;
	}
	mem = open_memstream(&buf, len);
	if (tb_dl_write_trace(ctx, d, mem) != TB_OK)
		fprintf(mem, "trace failed\n");
	/* Warnings are part of the golden: missing glyphs or substitutions must not creep in
	 * unnoticed. */
	for (i = 0; i < tb_diag_count(ctx); i++)
		fprintf(mem, "diag %s %s\n", tb_severity_name(tb_diag_get(ctx, i)->severity),
		        tb_diag_get(ctx, i)->code);
	*warnings = tb_diag_count(ctx);
	fclose(mem);
	tb_dl_doc_free(d);
	tb_ctx_free(ctx);
	return buf;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *b;
	long n;
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	b = malloc((size_t)n + 1);
	if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
		free(b);
		b = NULL;
	}
	if (b)
		b[n] = 0;
	*len = (size_t)n;
	fclose(f);
	return b;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

TEST(goldens)
{
	const char *src = getenv("TB_SRC");
	char dir[4096], path[4600], gpath[4600];
	DIR *dp;
	struct dirent *e;
	char *names[256];
	size_t n = 0, i;
	int update = getenv("TB_UPDATE_GOLDEN") != NULL;
	CHECK(src != NULL);
	if (!src)
		return;
	snprintf(dir, sizeof(dir), "%s/tests/layout/fixtures", src);
	dp = opendir(dir);
	CHECK(dp != NULL);
	if (!dp)
		return;
	while ((e = readdir(dp)) && n < 256) {
		size_t l = strlen(e->d_name);
		if (l > 5 && (!strcmp(e->d_name + l - 5, ".docx") || !strcmp(e->d_name + l - 4, ".odt")))
			names[n++] = strdup(e->d_name);
	}
	closedir(dp);
	qsort(names, n, sizeof(char *), by_name);
	CHECK(n >= 8);
	for (i = 0; i < n; i++) {
		size_t tlen = 0, glen = 0, warnings = 0;
		char *t, *g;
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		snprintf(gpath, sizeof(gpath), "%s/tests/layout/golden/%s.trace", src, names[i]);
		t = trace_of(path, &tlen, &warnings);
		CHECK(t != NULL);
		if (t && update) {
			FILE *f = fopen(gpath, "wb");
			CHECK(f != NULL);
			if (f) {
				fwrite(t, 1, tlen, f);
				fclose(f);
			}
		} else if (t) {
			g = slurp(gpath, &glen);
			if (!g || glen != tlen || memcmp(g, t, tlen)) {
				fprintf(stderr, "golden mismatch: %s (diff the trace with %s; rerun with "
				        "TB_UPDATE_GOLDEN=1 after checking)\n", names[i], gpath);
				fprintf(stderr, "%s", t);
				check_failures++;
			}
			free(g);
		}
		free(t);
		free(names[i]);
	}
}

static const check_test tests[] = {
	{"goldens", goldens},
};

int main(int argc, char **argv)
{
	int i;
	if (argc == 4 && !strcmp(argv[1], "--time")) {
		/* --time N IN: lay out N times in one context (fonts opened once, as in a batch)
		 * and print the time per document; the first run, which opens the fonts, apart. */
		tb_ctx *ctx = NULL;
		int n = atoi(argv[2]), k;
		struct timespec t0, t1, t2;
		size_t pages = 0;
		if (tb_ctx_new(&ctx) != TB_OK || n < 1)
			return 1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		for (k = 0; k <= n; k++) {
			tb_dl_doc *d = NULL;
			if (tb_layout_document(ctx, argv[3], NULL, &d) != TB_OK)
				return 1;
			pages = d->npages;
			tb_dl_doc_free(d);
			if (k == 0)
				clock_gettime(CLOCK_MONOTONIC, &t1);
		}
		clock_gettime(CLOCK_MONOTONIC, &t2);
		{
			/* The same split in reading (unzip, XML, styles) and laying out. */
			tb_doc *doc = NULL;
			struct timespec a, b, c;
			clock_gettime(CLOCK_MONOTONIC, &a);
			for (k = 0; k < n; k++) {
				tb_doc_free(doc);
				doc = NULL;
				if (tb_doc_read_file(ctx, argv[3], NULL, &doc) != TB_OK)
					return 1;
			}
			clock_gettime(CLOCK_MONOTONIC, &b);
			for (k = 0; k < n; k++) {
				tb_dl_doc *d = NULL;
				if (tb_layout_doc(ctx, doc, NULL, &d) != TB_OK)
					return 1;
				tb_dl_doc_free(d);
			}
			clock_gettime(CLOCK_MONOTONIC, &c);
			printf("  read %.2f ms, layout %.2f ms per document\n",
			       ((double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6) / n,
			       ((double)(c.tv_sec - b.tv_sec) * 1e3 + (double)(c.tv_nsec - b.tv_nsec) / 1e6) / n);
			tb_doc_free(doc);
		}
		printf("%s: %zu pages; first run (opens fonts) %.1f ms; then %.2f ms per document "
		       "(%d runs)\n", argv[3], pages,
		       (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6,
		       ((double)(t2.tv_sec - t1.tv_sec) * 1e3 + (double)(t2.tv_nsec - t1.tv_nsec) / 1e6) / n,
		       n);
		tb_ctx_free(ctx);
		return 0;
	}
	if (argc == 4 && !strcmp(argv[1], "--pdf")) {
		/* --pdf IN OUT: render through the PDF device, to look at a layout. */
		tb_ctx *ctx = NULL;
		tb_dl_doc *d = NULL;
		tb_pdf_options po = TB_PDF_OPTIONS_INIT;
		int rc = 1;
		if (tb_ctx_new(&ctx) == TB_OK && tb_layout_document(ctx, argv[2], NULL, &d) == TB_OK &&
		    tb_dl_write_pdf(ctx, d, &po, argv[3]) == TB_OK)
			rc = 0;
		tb_diag_print(ctx, stderr);
		tb_dl_doc_free(d);
		tb_ctx_free(ctx);
		return rc;
	}
	if (argc > 1) {
		for (i = 1; i < argc; i++) {
			size_t len = 0, w = 0;
			char *t = trace_of(argv[i], &len, &w);
			if (!t)
				return 1;
			fwrite(t, 1, len, stdout);
			free(t);
		}
		return 0;
	}
	return check_run(tests, sizeof(tests) / sizeof(tests[0]));
}
