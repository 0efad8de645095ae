/* test_fill_prepared.c: a template is prepared once per context and copied for each later
 * fill (fill/prepared.c). A fill served from the kept copy gives the bytes, the status and
 * the diagnostics of a fill in a fresh context; a template whose reading says something is
 * read afresh every time; other bytes or another reading are never served the kept one; the
 * cache stays within its bounds. */
#define _GNU_SOURCE /* memmem */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "core/buf.h"
#include "core/ctx.h"
#include "core/file.h"
#include "core/writer.h"
#include "core/zipwrite.h"
#include "fill/fill_int.h"
#include "tianbiao/tb_fill.h"
#include "pkg/package.h"
#include "tianbiao/tb_report.h"

static char *slurp(const char *rel, size_t *len)
{
	tb_ctx *ctx;
	char *data = NULL;
	char path[4096];
	if (rel[0] == '/')
		snprintf(path, sizeof path, "%s", rel);
	else
		snprintf(path, sizeof path, "%s", src_path(rel));
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	if (tb_file_read(ctx, path, 64u << 20, &data, len) != TB_OK)
		data = NULL;
	tb_ctx_free(ctx);
	return data;
}

/* What one fill gave: status, bytes, and its diagnostics as "code|file|message" lines. */
typedef struct outcome {
	tb_status st;
	tb_buf out, diags;
} outcome;

static void outcome_free(outcome *o)
{
	tb_buf_free(&o->out);
	tb_buf_free(&o->diags);
}

static void fill_into(tb_ctx *ctx, const char *tname, const char *t, size_t tlen, const char *dname,
                      const char *d, size_t dlen, const tb_fill_options *fo, int render,
                      outcome *o)
{
	tb_writer w;
	size_t i, from = tb_diag_count(ctx);
	memset(o, 0, sizeof *o);
	w = tb_writer_buf(&o->out);
	o->st = render ? tb_fill_render_mem(ctx, tname, t, tlen, dname, d, dlen, &w, fo, NULL)
	               : tb_fill_mem(ctx, tname, t, tlen, dname, d, dlen, &w, fo);
	for (i = from; i < tb_diag_count(ctx); i++) {
		const tb_diag *g = tb_diag_get(ctx, i);
		CHECK(tb_buf_printf(&o->diags, "%s|%s|%s\n", g->code, g->file ? g->file : "",
		                    g->message) == TB_OK);
	}
}

static int same(const outcome *a, const outcome *b)
{
	return a->st == b->st && a->out.len == b->out.len &&
	       (!a->out.len || !memcmp(a->out.data, b->out.data, a->out.len)) &&
	       a->diags.len == b->diags.len &&
	       (!a->diags.len || !memcmp(a->diags.data, b->diags.data, a->diags.len));
}

static outcome fresh(const char *tname, const char *t, size_t tlen, const char *dname,
                     const char *d, size_t dlen, const tb_fill_options *fo, int render)
{
	tb_ctx *ctx;
	outcome o;
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	fill_into(ctx, tname, t, tlen, dname, d, dlen, fo, render, &o);
	tb_ctx_free(ctx);
	return o;
}

static unsigned long served(const tb_ctx *ctx)
{
	size_t n, bytes;
	unsigned long s;
	fill_prepared_stats(ctx, &n, &bytes, &s);
	return s;
}

static size_t kept(const tb_ctx *ctx)
{
	size_t n, bytes;
	unsigned long s;
	fill_prepared_stats(ctx, &n, &bytes, &s);
	return n;
}

/* Fill `tmpl` with each data file in turn, then the first again, in one context: each the
 * same as in a fresh context. Returns how many fills the kept copy served. */
static unsigned long fill_series(const char *tmpl, const char *const *data, size_t ndata,
                                 int render)
{
	tb_ctx *ctx;
	size_t tlen = 0, k;
	char *t = slurp(tmpl, &tlen);
	unsigned long n;
	CHECK(t != NULL);
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	for (k = 0; t && k <= ndata; k++) {
		const char *dn = data[k % ndata];
		size_t dlen = 0;
		char *d = slurp(dn, &dlen);
		outcome a, b;
		CHECK(d != NULL);
		if (!d)
			continue;
		fill_into(ctx, tmpl, t, tlen, dn, d, dlen, NULL, render, &a);
		b = fresh(tmpl, t, tlen, dn, d, dlen, NULL, render);
		if (!same(&a, &b))
			fprintf(stderr, "%s with %s (fill %zu in one context): status %d/%d, %zu/%zu bytes\n%s--\n%s",
			        tmpl, dn, k + 1, a.st, b.st, a.out.len, b.out.len,
			        a.diags.data ? a.diags.data : "", b.diags.data ? b.diags.data : "");
		CHECK(same(&a, &b));
		CHECK(b.out.len > 0 || b.st != TB_OK);
		outcome_free(&a);
		outcome_free(&b);
		free(d);
	}
	n = served(ctx);
	tb_ctx_free(ctx);
	free(t);
	return n;
}

TEST(forms_same_as_fresh_contexts)
{
	static const char *const ev[] = {"samples/qhd-haigang-youth/evidence.xml",
	                                 "samples/qhd-port-workers/evidence.xml",
	                                 "samples/qhd-lulong-farmers/evidence.xml"};
	static const char *const forms[] = {"templates/programs/qhd-2021/application-form.docx",
	                                    "templates/programs/qhd-2021/application-form.odt",
	                                    "templates/programs/qhd-2021/summary-sheet.docx",
	                                    "templates/programs/qhd-2021/self-assessment.odt"};
	size_t i;
	for (i = 0; i < sizeof forms / sizeof forms[0]; i++)
		CHECK_EQ_INT(fill_series(forms[i], ev, 3, 0), 3); /* all but the first fill */
	/* rendered from the copied trees: the same PDF */
	CHECK_EQ_INT(fill_series(forms[0], ev, 2, 1), 2);
}

/* A part without tags is written as its bytes: the ODT form's styles.xml (master pages,
 * no tag) has no tree kept for the next fills, only content.xml, and a rendered ODT read
 * from those bytes is the fresh one. */
TEST(parts_without_tags_not_kept)
{
	static const char *const ev[] = {"samples/qhd-haigang-youth/evidence.xml",
	                                 "samples/qhd-port-workers/evidence.xml"};
	const char *tmpl = "templates/programs/qhd-2021/application-form.odt";
	tb_fill_options fo = TB_FILL_OPTIONS_INIT;
	tb_ctx *ctx;
	size_t tlen = 0, k;
	char *t = slurp(tmpl, &tlen);
	CHECK(t != NULL);
	fo.validate = 0; /* the samples' attachments are not beside the test's directory */
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	for (k = 0; t && k < 4; k++) { /* filled, then rendered, from the kept template */
		size_t dlen = 0;
		char *d = slurp(ev[k % 2], &dlen);
		outcome a, b;
		CHECK(d != NULL);
		fill_into(ctx, tmpl, t, tlen, ev[k % 2], d, dlen, &fo, k >= 2, &a);
		b = fresh(tmpl, t, tlen, ev[k % 2], d, dlen, &fo, k >= 2);
		CHECK_EQ_INT(a.st, TB_OK);
		CHECK(a.out.len > 1000 && same(&a, &b));
		CHECK_EQ_INT(kept(ctx), 1);
		CHECK_EQ_INT(fill_prepared_trees(ctx), 1); /* content.xml; not styles.xml */
		outcome_free(&a);
		outcome_free(&b);
		free(d);
	}
	CHECK_EQ_INT(served(ctx), 3);
	tb_ctx_free(ctx);
	free(t);
}

/* docxtemplater's syntax: sections that split paragraphs, loops over rows, pictures. Each
 * template with its own data and with the next case's. */
TEST(docxtemplater_cases_same_as_fresh_contexts)
{
	static const char *const cases[] = {
		"dt-loop-valid", "dt-loop-with-section", "dt-cond-image", "dt-empty-loop-regression",
		"dt-angular-example", "dt-loop-hebrew", "dt-header-without-digit", "dt-cyrillic"};
	size_t i, n = sizeof cases / sizeof cases[0];
	unsigned long total = 0;
	for (i = 0; i < n; i++) {
		char tmpl[512], d1[512], d2[512];
		const char *data[2];
		snprintf(tmpl, sizeof tmpl, "tests/fill/dt/cases/%s/template.docx", cases[i]);
		snprintf(d1, sizeof d1, "tests/fill/dt/cases/%s/data.json", cases[i]);
		snprintf(d2, sizeof d2, "tests/fill/dt/cases/%s/data.json", cases[(i + 1) % n]);
		data[0] = d1;
		data[1] = d2;
		total += fill_series(tmpl, data, 2, 0);
	}
	CHECK(total >= n); /* served at least once per template on average */
}

/* A minimal ODT whose content.xml body is `body` (text:p elements). Stored, not deflated:
 * two bodies of one length give two packages of one length. */
static char *odt(const char *body, size_t *len)
{
	static char mimetype[] = "application/vnd.oasis.opendocument.text";
	static const char head[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content "
		"xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
		"xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">"
		"<office:body><office:text>";
	static const char tail[] = "</office:text></office:body></office:document-content>";
	tb_buf content = TB_BUF_INIT, zip = TB_BUF_INIT;
	tb_writer w = tb_writer_buf(&zip);
	tb_zipw *zw = NULL;
	tb_ctx *ctx;
	char *out;
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	CHECK_EQ_INT(tb_buf_printf(&content, "%s%s%s", head, body, tail), TB_OK);
	CHECK_EQ_INT(tb_zipw_open(ctx, NULL, "t.odt", 0, NULL, &zw), TB_OK);
	CHECK_EQ_INT(tb_zipw_add(zw, "mimetype", mimetype, strlen(mimetype), 0, 0), TB_OK);
	CHECK_EQ_INT(tb_zipw_add(zw, "content.xml", content.data, content.len, 0, 0), TB_OK);
	CHECK_EQ_INT(tb_zipw_close(zw, &w), TB_OK);
	tb_buf_free(&content);
	tb_ctx_free(ctx);
	out = tb_buf_detach(&zip, len);
	CHECK(out != NULL);
	return out;
}

static const char data_xml[] = "<d><a>first-value</a><b>second-value</b></d>";

/* Does the filled package's content.xml hold s? */
static int has(const tb_buf *b, const char *s)
{
	tb_ctx *ctx;
	tb_pkg *p = NULL;
	const char *x = NULL;
	size_t len = 0;
	long i;
	int found = 0;
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	if (b->data && tb_pkg_open_mem(ctx, "out.odt", b->data, b->len, &p) == TB_OK &&
	    (i = tb_pkg_find(p, "content.xml")) >= 0 && (x = tb_pkg_data(p, (size_t)i, &len)) != NULL)
		found = memmem(x, len, s, strlen(s)) != NULL;
	tb_pkg_free(p);
	tb_ctx_free(ctx);
	return found;
}

TEST(other_bytes_of_the_same_length_not_served)
{
	size_t l1 = 0, l2 = 0;
	char *t1 = odt("<text:p>{{a}}</text:p>", &l1), *t2 = odt("<text:p>{{b}}</text:p>", &l2);
	tb_ctx *ctx;
	outcome a, b, c, f;
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	CHECK(l1 == l2 && memcmp(t1, t2, l1));
	fill_into(ctx, "t.odt", t1, l1, "d.xml", data_xml, strlen(data_xml), NULL, 0, &a);
	fill_into(ctx, "t.odt", t2, l2, "d.xml", data_xml, strlen(data_xml), NULL, 0, &b);
	fill_into(ctx, "t.odt", t1, l1, "d.xml", data_xml, strlen(data_xml), NULL, 0, &c);
	CHECK_EQ_INT(a.st, TB_OK);
	CHECK_EQ_INT(b.st, TB_OK);
	CHECK(has(&a.out, "first-value") && !has(&a.out, "second-value"));
	CHECK(has(&b.out, "second-value") && !has(&b.out, "first-value"));
	CHECK(same(&a, &c));
	f = fresh("t.odt", t2, l2, "d.xml", data_xml, strlen(data_xml), NULL, 0);
	CHECK(same(&b, &f));
	CHECK_EQ_INT(kept(ctx), 2);
	CHECK_EQ_INT(served(ctx), 1); /* only the third fill */
	outcome_free(&a);
	outcome_free(&b);
	outcome_free(&c);
	outcome_free(&f);
	free(t1);
	free(t2);
	tb_ctx_free(ctx);
}

/* The delimiters decide what the tags are: the same bytes read with others are read again. */
TEST(reading_options_are_part_of_the_key)
{
	size_t len = 0;
	char *t = odt("<text:p>[[a]] {{b}}</text:p>", &len);
	tb_fill_options sq = TB_FILL_OPTIONS_INIT;
	tb_ctx *ctx;
	outcome a, b, c, f;
	sq.delimiters = "[[ ]]";
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	fill_into(ctx, "t.odt", t, len, "d.xml", data_xml, strlen(data_xml), NULL, 0, &a);
	fill_into(ctx, "t.odt", t, len, "d.xml", data_xml, strlen(data_xml), &sq, 0, &b);
	fill_into(ctx, "t.odt", t, len, "d.xml", data_xml, strlen(data_xml), &sq, 0, &c);
	CHECK(has(&a.out, "[[a]] second-value"));
	CHECK(has(&b.out, "first-value {{b}}"));
	CHECK(same(&b, &c));
	f = fresh("t.odt", t, len, "d.xml", data_xml, strlen(data_xml), &sq, 0);
	CHECK(same(&b, &f));
	CHECK_EQ_INT(served(ctx), 1);
	outcome_free(&a);
	outcome_free(&b);
	outcome_free(&c);
	outcome_free(&f);
	free(t);
	tb_ctx_free(ctx);
}

/* A tag typed with full-width braces is warned about while the template is read: every fill
 * says so, as a fresh one would. */
TEST(a_template_that_warns_warns_every_time)
{
	size_t len = 0, i, k, warned;
	char *t = odt("<text:p>{{a}}</text:p><text:p>\xEF\xBD\x9B\xEF\xBD\x9B" "b\xEF\xBD\x9D\xEF\xBD\x9D</text:p>",
	              &len);
	tb_ctx *ctx;
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	for (k = 0; k < 3; k++) {
		outcome a, f;
		size_t from = tb_diag_count(ctx);
		fill_into(ctx, "t.odt", t, len, "d.xml", data_xml, strlen(data_xml), NULL, 0, &a);
		for (i = from, warned = 0; i < tb_diag_count(ctx); i++)
			warned += !strcmp(tb_diag_get(ctx, i)->code, "fill.fullwidth");
		CHECK_EQ_INT(warned, 1);
		CHECK_EQ_INT(a.st, TB_OK);
		f = fresh("t.odt", t, len, "d.xml", data_xml, strlen(data_xml), NULL, 0);
		CHECK(same(&a, &f));
		outcome_free(&a);
		outcome_free(&f);
	}
	CHECK_EQ_INT(kept(ctx), 0);
	CHECK_EQ_INT(served(ctx), 0);
	free(t);
	tb_ctx_free(ctx);
}

/* A context told it makes one document (tb_ctx_set_one_document, as `tianbiao fill` does)
 * keeps no copy of the template, and fills and renders the same bytes; the hint off, it
 * keeps one again. */
TEST(one_document_keeps_nothing)
{
	static const char *const ev = "samples/qhd-haigang-youth/evidence.xml";
	const char *tmpl = "templates/programs/qhd-2021/application-form.docx";
	tb_fill_options fo = TB_FILL_OPTIONS_INIT;
	size_t tlen = 0, dlen = 0;
	char *t = slurp(tmpl, &tlen), *d = slurp(ev, &dlen);
	int render;
	CHECK(t != NULL && d != NULL);
	fo.validate = 0; /* the sample's attachments are not beside the test's directory */
	for (render = 0; t && d && render < 2; render++) {
		tb_ctx *ctx;
		outcome a, b;
		CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
		CHECK_EQ_INT(tb_ctx_one_document(ctx), 0);
		tb_ctx_set_one_document(ctx, 1);
		CHECK_EQ_INT(tb_ctx_one_document(ctx), 1);
		fill_into(ctx, tmpl, t, tlen, ev, d, dlen, &fo, render, &a);
		CHECK_EQ_INT(kept(ctx), 0);
		b = fresh(tmpl, t, tlen, ev, d, dlen, &fo, render);
		CHECK_EQ_INT(a.st, TB_OK);
		CHECK(a.out.len > 1000 && same(&a, &b));
		outcome_free(&a);
		tb_ctx_set_one_document(ctx, 0);
		fill_into(ctx, tmpl, t, tlen, ev, d, dlen, &fo, render, &a);
		CHECK_EQ_INT(kept(ctx), 1);
		CHECK(same(&a, &b));
		outcome_free(&a);
		outcome_free(&b);
		tb_ctx_free(ctx);
	}
	free(t);
	free(d);
}

/* More templates than slots: the kept ones stay within the bounds, the least recently used
 * goes (and is read afresh when it comes back), the latest is served. */
TEST(cache_bounded)
{
	enum { N = FILL_PREPARED_SLOTS + 4 };
	char *t[N];
	size_t len[N], i, n, bytes;
	unsigned long s0, s1;
	tb_ctx *ctx;
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	for (i = 0; i < N; i++) {
		char body[64];
		snprintf(body, sizeof body, "<text:p>{{a}} %zu</text:p>", i);
		t[i] = odt(body, &len[i]);
	}
	for (i = 0; i < N; i++) {
		outcome a;
		fill_into(ctx, "t.odt", t[i], len[i], "d.xml", data_xml, strlen(data_xml), NULL, 0, &a);
		CHECK_EQ_INT(a.st, TB_OK);
		outcome_free(&a);
		fill_prepared_stats(ctx, &n, &bytes, &s0);
		CHECK(n <= FILL_PREPARED_SLOTS && bytes <= FILL_PREPARED_MAX_BYTES);
		CHECK_EQ_INT(n, i + 1 < FILL_PREPARED_SLOTS ? i + 1 : FILL_PREPARED_SLOTS);
	}
	CHECK_EQ_INT(s0, 0);
	{
		outcome a, b;
		fill_into(ctx, "t.odt", t[N - 1], len[N - 1], "d.xml", data_xml, strlen(data_xml), NULL, 0,
		          &a);
		fill_prepared_stats(ctx, &n, &bytes, &s1);
		CHECK_EQ_INT(s1, 1); /* the latest: kept */
		fill_into(ctx, "t.odt", t[0], len[0], "d.xml", data_xml, strlen(data_xml), NULL, 0, &b);
		fill_prepared_stats(ctx, &n, &bytes, &s1);
		CHECK_EQ_INT(s1, 1); /* the first: gone, read again */
		CHECK_EQ_INT(n, FILL_PREPARED_SLOTS);
		CHECK(has(&b.out, "first-value 0"));
		outcome_free(&a);
		outcome_free(&b);
	}
	for (i = 0; i < N; i++)
		free(t[i]);
	tb_ctx_free(ctx);
}

CHECK_MAIN(T(forms_same_as_fresh_contexts), T(parts_without_tags_not_kept),
           T(docxtemplater_cases_same_as_fresh_contexts),
           T(one_document_keeps_nothing), T(other_bytes_of_the_same_length_not_served), T(reading_options_are_part_of_the_key),
           T(a_template_that_warns_warns_every_time), T(cache_bounded))
