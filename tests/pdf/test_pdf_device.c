/* test_pdf_device.c: the PDF device on display lists built in C. Checks the bytes it can
 * (reproducibility, ToUnicode, non-BMP mapping, signature fields, PDF/A pieces); with
 * `--write DIR` it writes the sample PDFs that test_pdf_tools.sh checks with poppler, qpdf,
 * pdfsig and PDFBox Preflight. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "check.h"
#include "core/buf.h"
#include "core/ctx.h"
#include "core/digest.h"
#include "core/file.h"
#include "pdf_sample.h"
#include "render/pdf_priv.h"
#include "tianbiao/tb_render.h"

static size_t count_code(tb_ctx *ctx, const char *code)
{
	size_t i, n = 0;
	for (i = 0; i < tb_diag_count(ctx); i++)
		if (strcmp(tb_diag_get(ctx, i)->code, code) == 0)
			n++;
	return n;
}

static tb_status write_sample(tb_ctx *ctx, const char *path, int variant, int pdfa, int compress)
{
	tb_fonts *f;
	tb_dl_doc *d;
	tb_pdf_options o = TB_PDF_OPTIONS_INIT;
	tb_status st;
	if ((st = tb_fonts_get(ctx, &f)) != TB_OK)
		return st;
	d = sample_doc(f, variant);
	o.pdfa = pdfa;
	o.compress = compress;
	st = tb_dl_write_pdf(ctx, d, &o, path);
	tb_dl_doc_free(d);
	return st;
}

static char *slurp(const char *path, size_t *len)
{
	tb_ctx *ctx;
	char *data = NULL;
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	if (tb_file_read(ctx, path, 64u << 20, &data, len) != TB_OK)
		data = NULL;
	tb_ctx_free(ctx);
	return data;
}

/* Where needle first occurs in hay[0..n) (binary data: font programs hold NULs), or NULL. */
static const char *find_in(const char *hay, size_t n, const char *needle)
{
	size_t k = strlen(needle), i;
	for (i = 0; i + k <= n; i++)
		if (memcmp(hay + i, needle, k) == 0)
			return hay + i;
	return NULL;
}

static int contains(const char *hay, size_t n, const char *needle)
{
	size_t k = strlen(needle), i;
	for (i = 0; i + k <= n; i++)
		if (memcmp(hay + i, needle, k) == 0)
			return 1;
	return 0;
}

/* The file's /ID (32 hex digits) is the start of a SHA-256 of every byte before the
 * cross-reference section (startxref's offset): 1 when it is, 0 when not. */
static int id_is_file_digest(const char *pdf, size_t len, char id[33])
{
	const char *sx = NULL, *at = NULL;
	char hex[TB_DIGEST_HEX_MAX];
	unsigned long xref_at;
	size_t i;
	for (i = 0; i + 10 < len; i++) {
		if (!memcmp(pdf + i, "startxref\n", 10))
			sx = pdf + i; /* the last one */
		if (!at && i + 5 + 32 < len && !memcmp(pdf + i, "/ID[<", 5))
			at = pdf + i + 5;
	}
	if (!sx || !at)
		return 0;
	xref_at = strtoul(sx + 10, NULL, 10);
	if (xref_at == 0 || xref_at >= len || tb_digest_mem(TB_SHA256, pdf, xref_at, hex) != TB_OK)
		return 0;
	memcpy(id, at, 32);
	id[32] = '\0';
	for (i = 0; i < 32; i++)
		if (toupper((unsigned char)hex[i]) != id[i])
			return 0;
	return 1;
}

TEST(same_input_same_bytes)
{
	tb_ctx *ctx;
	char *a, *b, *c;
	size_t la = 0, lb = 0, lc = 0;
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	CHECK(write_sample(ctx, "repro-a.pdf", 0, 0, 1) == TB_OK);
	CHECK(write_sample(ctx, "repro-b.pdf", 0, 0, 1) == TB_OK);
	CHECK(write_sample(ctx, "repro-c.pdf", 1, 0, 1) == TB_OK);
	tb_ctx_free(ctx);
	/* A fresh context (fonts opened again) gives the same bytes too. */
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	CHECK(write_sample(ctx, "repro-b.pdf", 0, 0, 1) == TB_OK);
	tb_ctx_free(ctx);
	a = slurp("repro-a.pdf", &la);
	b = slurp("repro-b.pdf", &lb);
	c = slurp("repro-c.pdf", &lc);
	CHECK(a && b && c);
	CHECK(la == lb && la > 1000 && memcmp(a, b, la) == 0);
	CHECK(lc > 1000 && (lc != la || memcmp(a, c, la) != 0));
	CHECK(memcmp(a, "%PDF-1.5", 8) == 0);
	CHECK(contains(a, la, "/Type/XRef")); /* objects in object streams, a xref stream */
	{
		char ida[33], idc[33];
		CHECK(id_is_file_digest(a, la, ida) && id_is_file_digest(c, lc, idc));
		CHECK(strcmp(ida, idc) != 0);
	}
	CHECK(!contains(a, la, "/Encrypt"));
	free(a);
	free(b);
	free(c);
	unlink("repro-a.pdf");
	unlink("repro-b.pdf");
	unlink("repro-c.pdf");
}

TEST(structure_uncompressed)
{
	tb_ctx *ctx;
	char *a;
	size_t n = 0;
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	CHECK(write_sample(ctx, "plain.pdf", 0, 0, 0) == TB_OK);
	/* 仿宋_GB2312 is drawn with FandolFang, a FangSong: nothing substituted or missing. */
	CHECK_EQ_INT(count_code(ctx, "font.substituted"), 0);
	CHECK_EQ_INT(count_code(ctx, "font.missing-glyph"), 0);
	tb_ctx_free(ctx);
	a = slurp("plain.pdf", &n);
	CHECK(a != NULL);
	if (!a)
		return;
	/* ToUnicode is a bfchar map from CIDs, never libharu's cidrange copy of the encoding. */
	CHECK(!contains(a, n, "begincidrange"));
	CHECK(contains(a, n, "beginbfchar"));
	CHECK(contains(a, n, "> <4E2A>"));     /* 个 */
	CHECK(contains(a, n, "> <D844DE3C>")); /* 𡈼 U+2123C: a surrogate pair, no private code */
	CHECK(contains(a, n, "> <D883DEDE>")); /* 𰻞 U+30EDE, Extension G */
	CHECK(!contains(a, n, "<F8FF>"));
	/* CFF faces (Fandol, Noto) as CIDFontType0C, TrueType (Liberation) as before. */
	CHECK(contains(a, n, "/Subtype /CIDFontType0C"));
	CHECK(contains(a, n, "/FontFile3"));
	CHECK(contains(a, n, "/Subtype /CIDFontType0"));
	CHECK(contains(a, n, "/Subtype /CIDFontType2"));
	CHECK(contains(a, n, "/FontFile2"));
	CHECK(contains(a, n, "/CIDToGIDMap"));
	CHECK(contains(a, n, "/Registry (Adobe)"));
	CHECK(contains(a, n, "/Ordering (GB1)"));
	CHECK(contains(a, n, "/Type/ObjStm"));
	CHECK(contains(a, n, "/FT /Sig"));
	CHECK(contains(a, n, "(applicant_seal)"));
	CHECK(contains(a, n, "(recommender_seal)"));
	CHECK(contains(a, n, "/SigFlags 1"));
	CHECK(contains(a, n, "/Lang (zh-CN)"));
	CHECK(contains(a, n, "/Creator (tianbiao "));
	CHECK(contains(a, n, "/CreationDate (D:20211201000000+00'00')"));
	/* Author 张𡈼: UTF-16BE with a surrogate pair (libharu would write a space) */
	CHECK(contains(a, n, "/Author <FEFF5F20D844DE3C>"));
	CHECK(contains(a, n, "/CapHeight "));
	CHECK(!contains(a, n, "/CIDSet"));
	CHECK(contains(a, n, "2 Tr")); /* synthetic bold: fill then stroke */
	CHECK(contains(a, n, "]TJ"));  /* text shown by CID, adjusted where it is justified */
	free(a);
	unlink("plain.pdf");
}

/* Rules, fills and clips are written as content operators by the device itself: a colour or
 * line width already in force is not set again, is set again after a clip's Q (which
 * restores the state before it), and coordinates keep the quarter points a table's borders
 * sit on (two decimals moved such a rule to the next pixel row in viewers). */
TEST(vector_operators_as_few_as_needed)
{
	tb_ctx *ctx;
	tb_dl_doc *d = tb_dl_doc_new();
	tb_dl_page *p = d ? tb_dl_add_page(d, A4_W, A4_H) : NULL;
	tb_pdf_options o = TB_PDF_OPTIONS_INIT;
	tb_dl_item it;
	char *a;
	const char *q, *after;
	size_t n = 0;
	CHECK(p != NULL);
	if (!p)
		return;
	sample_rule(p, 40.125f, 100, 216.025f, 100, 0);
	sample_rule(p, 40.125f, 100, 40.125f, 140.5f, 0);
	memset(&it, 0, sizeof it);
	it.kind = TB_DL_CLIP;
	it.u.rect.x = 30;
	it.u.rect.y = 90;
	it.u.rect.w = 200;
	it.u.rect.h = 60;
	CHECK(tb_dl_push(p, &it) == TB_OK);
	sample_rule(p, 30, 95, 230, 95, 1);
	it.kind = TB_DL_CLIP_END;
	CHECK(tb_dl_push(p, &it) == TB_OK);
	sample_rule(p, 30, 145, 230, 145, 0);
	memset(&it, 0, sizeof it);
	it.kind = TB_DL_RECT;
	it.u.rect.x = 50;
	it.u.rect.y = 200;
	it.u.rect.w = 10;
	it.u.rect.h = 5;
	it.u.rect.color = (tb_rgb){255, 0, 128};
	CHECK(tb_dl_push(p, &it) == TB_OK);
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	o.compress = 0;
	CHECK(tb_dl_write_pdf(ctx, d, &o, "vector.pdf") == TB_OK);
	tb_ctx_free(ctx);
	tb_dl_doc_free(d);
	a = slurp("vector.pdf", &n);
	CHECK(a != NULL);
	if (!a)
		return;
	/* one width and one colour for the first two rules */
	CHECK(contains(a, n, "0.75 w\n0 0 0 RG\n40.125 741.89 m 216.025 741.89 l S\n"
	                     "40.125 741.89 m 40.125 701.39 l S\nq\n30 691.89 200 60 re\nW n\n"
	                     "[3 2] 0 d\n30 746.89 m 230 746.89 l S\n[] 0 d\nQ\n"));
	/* after Q: set again */
	q = find_in(a, n, "Q\n");
	after = q ? find_in(q, n - (size_t)(q - a), "0.75 w\n0 0 0 RG\n30 696.89 m 230 696.89 l S\n") : NULL;
	CHECK(after == q + 2);
	CHECK(contains(a, n, "1 0 .502 rg\n50 636.89 10 5 re\nf\n"));
	free(a);
	unlink("vector.pdf");
}

TEST(pdfa_pieces)
{
	tb_ctx *ctx;
	char *a;
	size_t n = 0;
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	CHECK(write_sample(ctx, "pdfa.pdf", 0, 1, 0) == TB_OK);
	tb_ctx_free(ctx);
	a = slurp("pdfa.pdf", &n);
	CHECK(a != NULL);
	if (!a)
		return;
	CHECK(memcmp(a, "%PDF-1.4", 8) == 0);
	CHECK(contains(a, n, "/CIDSet"));
	CHECK(contains(a, n, "/Subtype /XML"));
	CHECK(!contains(a, n, "/SubType"));
	CHECK(contains(a, n, "GTS_PDFA1"));
	CHECK(contains(a, n, "<pdfaid:part>1</pdfaid:part>"));
	/* The title's & and < are escaped in XMP. */
	CHECK(contains(a, n, "个人信息登记表 &amp; &lt;测试&gt;"));
	CHECK(contains(a, n, "<xmp:CreateDate>2021-12-01T00:00:00+00:00</xmp:CreateDate>"));
	free(a);
	unlink("pdfa.pdf");
}

TEST(missing_glyph_reported_not_drawn)
{
	tb_ctx *ctx;
	tb_fonts *f;
	tb_dl_doc *d;
	tb_dl_page *p;
	char *a;
	size_t n = 0;
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	CHECK(tb_fonts_get(ctx, &f) == TB_OK);
	d = tb_dl_doc_new();
	p = tb_dl_add_page(d, A4_W, A4_H);
	/* U+10FFFD (private use, plane 16): no installed font has it. An error: nothing is
	 * written. */
	sample_text(f, p, "宋体", "Times New Roman", 12, 72, 100, 0, "甲\xF4\x8F\xBF\xBD乙\xF4\x8F\xBF\xBD");
	unlink("missing.pdf");
	CHECK(tb_dl_write_pdf(ctx, d, NULL, "missing.pdf") == TB_ERROR);
	CHECK_EQ_INT(count_code(ctx, "font.missing-glyph"), 1); /* once per character */
	CHECK(tb_diag_get(ctx, 0)->severity == TB_SEV_ERROR);
	CHECK(strstr(tb_diag_get(ctx, 0)->message, "U+10FFFD") != NULL);
	CHECK(!tb_file_exists("missing.pdf"));
	/* Allowed: a warning, the character left out (never .notdef), the PDF written. */
	tb_diag_clear(ctx);
	CHECK(tb_fonts_set_allow_missing(ctx, true) == TB_OK);
	CHECK(tb_dl_write_pdf(ctx, d, NULL, "missing.pdf") == TB_OK);
	CHECK_EQ_INT(count_code(ctx, "font.missing-glyph"), 1);
	CHECK(tb_diag_get(ctx, 0)->severity == TB_SEV_WARNING);
	tb_dl_doc_free(d);
	tb_ctx_free(ctx);
	a = slurp("missing.pdf", &n);
	CHECK(a && n > 500);
	free(a);
	unlink("missing.pdf");
}

/* Compact font tables: widths shared by three or more consecutive CIDs as one range
 * (c_first c_last w), consecutive characters on consecutive CIDs as one bfrange. Capitals
 * and digits in Liberation Serif: 722 is the commonest width (/DW), the digits' 500 a range;
 * A-Z and 0-9 are consecutive glyphs. */
TEST(compact_widths_and_tounicode)
{
	tb_ctx *ctx;
	tb_fonts *f;
	tb_dl_doc *d;
	tb_pdf_options o = TB_PDF_OPTIONS_INIT;
	char *a;
	const char *w;
	size_t n = 0;
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	CHECK(tb_fonts_get(ctx, &f) == TB_OK);
	d = tb_dl_doc_new();
	sample_text(f, tb_dl_add_page(d, A4_W, A4_H), "宋体", "Times New Roman", 12, 72, 100, 0,
	            "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
	o.compress = 0;
	CHECK(tb_dl_write_pdf(ctx, d, &o, "compact.pdf") == TB_OK);
	tb_dl_doc_free(d);
	tb_ctx_free(ctx);
	a = slurp("compact.pdf", &n);
	CHECK(a != NULL);
	if (!a)
		return;
	CHECK(contains(a, n, "/DW 722"));
	w = find_in(a, n, "/W [");
	CHECK(w != NULL);
	/* the ten digits: "c c+9 500" at the top level of /W, never c [500 500 ...] */
	if (w) {
		const char *p = w + 4;
		int depth = 0, found = 0;
		while (p < a + n && *p && depth >= 0) {
			unsigned c1, c2, width;
			int used = 0;
			if (*p == '[' || *p == ']') {
				depth += *p == '[' ? 1 : -1;
				p++;
			} else if (depth == 0 && sscanf(p, "%u %u %u%n", &c1, &c2, &width, &used) == 3 &&
			           p[used + strspn(p + used, " ")] != '[') {
				found += width == 500 && c2 == c1 + 9;
				p += used;
			} else {
				p++;
			}
		}
		CHECK_EQ_INT(found, 1);
		CHECK(!find_in(w, (size_t)(p - w), "500 500"));
	}
	CHECK(contains(a, n, "beginbfrange"));
	CHECK(contains(a, n, "> <0041>\n")); /* A-Z from one entry */
	CHECK(contains(a, n, "> <0030>\n")); /* 0-9 */
	CHECK(!contains(a, n, "> <0042>\n"));
	free(a);
	unlink("compact.pdf");
}

static const unsigned char alpha_png[] = {
	0x89,0x50,0x4e,0x47,0x0d,0x0a,0x1a,0x0a,0x00,0x00,0x00,0x0d,0x49,0x48,0x44,0x52,0x00,0x00,
	0x00,0x02,0x00,0x00,0x00,0x02,0x08,0x06,0x00,0x00,0x00,0x72,0xb6,0x0d,0x24,0x00,0x00,0x00,
	0x11,0x49,0x44,0x41,0x54,0x78,0xda,0x63,0xe0,0x12,0x91,0x6b,0x00,0x61,0x06,0x18,0x03,0x00,
	0x17,0xaa,0x02,0xf1,0x21,0x41,0x68,0xb2,0x00,0x00,0x00,0x00,0x49,0x45,0x4e,0x44,0xae,0x42,
	0x60,0x82};

/* alpha_png, 20 pt square at (300, 300), on page p. */
static void push_alpha_png(tb_dl_page *p)
{
	tb_dl_item it;
	memset(&it, 0, sizeof it);
	it.kind = TB_DL_IMAGE;
	it.u.image.x = it.u.image.y = 300;
	it.u.image.w = it.u.image.h = 20;
	it.u.image.data = malloc(sizeof alpha_png);
	memcpy((void *)it.u.image.data, alpha_png, sizeof alpha_png);
	it.u.image.len = sizeof alpha_png;
	it.u.image.format = TB_IMG_PNG;
	CHECK_EQ_INT(tb_dl_push(p, &it), TB_OK);
}

TEST(duplicate_seals_alpha_and_shared_faces)
{
	tb_ctx *ctx;
	tb_fonts *f;
	tb_dl_doc *d;
	tb_dl_page *p;
	tb_pdf_options o = TB_PDF_OPTIONS_INIT;
	char *a;
	size_t n = 0, open_before;
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	CHECK(write_sample(ctx, "shared.pdf", 0, 0, 1) == TB_OK);
	CHECK(tb_fonts_get(ctx, &f) == TB_OK);
	open_before = tb_fonts_open_count(f);
	CHECK(open_before >= 4);
	d = tb_dl_doc_new();
	p = tb_dl_add_page(d, A4_W, A4_H);
	sample_text(f, p, "宋体", "Times New Roman", 12, 72, 100, 0, "第二份文档 second");
	sample_seal(p, 72, 200, 100, 80, "seal", NULL);
	sample_seal(p, 200, 200, 100, 80, "seal", NULL);
	push_alpha_png(p);
	o.pdfa = 1;
	o.compress = 0;
	CHECK(tb_dl_write_pdf(ctx, d, &o, "shared.pdf") == TB_OK);
	/* the second document reused the faces the first one opened */
	CHECK_EQ_INT(tb_fonts_open_count(f), open_before);
	CHECK_EQ_INT(count_code(ctx, "pdf.seal-duplicate"), 1);
	CHECK_EQ_INT(count_code(ctx, "pdf.pdfa-transparency"), 1);
	tb_dl_doc_free(d);
	tb_ctx_free(ctx);
	a = slurp("shared.pdf", &n);
	CHECK(a && contains(a, n, "/T (seal)") && contains(a, n, "/T (seal_2)"));
	free(a);
	unlink("shared.pdf");
}

/* Each page's operators are its content stream, in order: the device keeps them and the
 * writer takes them from there, except on a page with an image, whose operators libharu
 * writes itself (those before the image, the image, those after, in that order there too).
 * Deflated or not, every page has its own stream with exactly its operators. */
TEST(page_contents_kept_by_the_device)
{
	int compress;
	for (compress = 0; compress < 2; compress++) {
		tb_ctx *ctx;
		tb_dl_doc *d = tb_dl_doc_new();
		tb_dl_page *p1 = d ? tb_dl_add_page(d, A4_W, A4_H) : NULL;
		tb_dl_page *p2 = d ? tb_dl_add_page(d, A4_W, A4_H) : NULL;
		tb_dl_page *p3 = d ? tb_dl_add_page(d, A4_W, A4_H) : NULL;
		tb_pdf_options o = TB_PDF_OPTIONS_INIT;
		char *a, *text = NULL;
		const char *r1, *r2, *im, *r3, *r4;
		size_t n = 0;
		CHECK(p1 && p2 && p3);
		if (!p3)
			return;
		sample_rule(p1, 111.25f, 100, 200, 100, 0);
		sample_rule(p2, 222.25f, 100, 300, 100, 0);
		push_alpha_png(p2);
		sample_rule(p2, 333.25f, 100, 400, 100, 0);
		sample_rule(p3, 444.25f, 100, 500, 100, 0);
		CHECK(tb_ctx_new(&ctx) == TB_OK);
		o.compress = compress;
		CHECK(tb_dl_write_pdf(ctx, d, &o, "pages.pdf") == TB_OK);
		tb_ctx_free(ctx);
		tb_dl_doc_free(d);
		a = slurp("pages.pdf", &n);
		CHECK(a != NULL);
		if (!a)
			return;
		if (compress) { /* the streams inflated, one after another, to look at them */
			tb_buf all = TB_BUF_INIT;
			const char *at = a;
			CHECK(contains(a, n, "/FlateDecode"));
			while ((at = find_in(at, n - (size_t)(at - a), "stream\n")) != NULL) {
				unsigned char out[65536];
				uLongf olen = sizeof out;
				const char *end = find_in(at, n - (size_t)(at - a), "endstream");
				at += 7;
				if (end && uncompress(out, &olen, (const Bytef *)at, (uLong)(end - at)) == Z_OK) {
					CHECK_EQ_INT(tb_buf_put(&all, out, olen), TB_OK);
					CHECK_EQ_INT(tb_buf_puts(&all, "\n--\n"), TB_OK);
				}
			}
			text = tb_buf_detach(&all, &n);
		}
		{
			const char *t = text ? text : a;
			r1 = find_in(t, n, "111.25 741.89 m");
			r2 = find_in(t, n, "222.25 741.89 m");
			im = find_in(t, n, " Do");
			r3 = find_in(t, n, "333.25 741.89 m");
			r4 = find_in(t, n, "444.25 741.89 m");
			CHECK(r1 && r2 && im && r3 && r4);
			CHECK(r2 < im && im < r3); /* page 2 in its order */
			if (r1 && r2 && r3 && r4) { /* each once */
				CHECK(!find_in(r1 + 1, n - (size_t)(r1 + 1 - t), "111.25 741.89 m"));
				CHECK(!find_in(r2 + 1, n - (size_t)(r2 + 1 - t), "222.25 741.89 m"));
				CHECK(!find_in(r4 + 1, n - (size_t)(r4 + 1 - t), "444.25 741.89 m"));
			}
		}
		free(text);
		free(a);
		unlink("pages.pdf");
	}
}

/* Broken images (truncated PNG, garbage called JPEG) are left out with a warning. */
TEST(broken_images_left_out)
{
	tb_ctx *ctx;
	tb_fonts *f;
	tb_dl_doc *d;
	tb_dl_page *p;
	int k;
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	CHECK(tb_fonts_get(ctx, &f) == TB_OK);
	d = tb_dl_doc_new();
	p = tb_dl_add_page(d, A4_W, A4_H);
	sample_text(f, p, "宋体", "Arial", 12, 72, 100, 0, "图片");
	for (k = 0; k < 3; k++) {
		tb_dl_item it;
		size_t len = k == 0 ? 40 : k == 1 ? sizeof sample_png - 20 : 64;
		unsigned char *buf = calloc(1, len);
		static const char fake_jpeg[] = "\xff\xd8\xff\xe0 not really a jpeg";
		memcpy(buf, k == 2 ? (const unsigned char *)fake_jpeg : sample_png,
		       k == 2 ? sizeof fake_jpeg - 1 : len);
		memset(&it, 0, sizeof it);
		it.kind = TB_DL_IMAGE;
		it.u.image.x = it.u.image.y = 100 + 50 * (float)k;
		it.u.image.w = it.u.image.h = 40;
		it.u.image.data = buf;
		it.u.image.len = len;
		it.u.image.format = k < 2 ? TB_IMG_PNG : TB_IMG_JPEG;
		CHECK_EQ_INT(tb_dl_push(p, &it), TB_OK);
	}
	CHECK(tb_dl_write_pdf(ctx, d, NULL, "broken.pdf") == TB_OK);
	CHECK(count_code(ctx, "pdf.image") >= 2);
	CHECK(tb_file_exists("broken.pdf"));
	tb_dl_doc_free(d);
	tb_ctx_free(ctx);
	unlink("broken.pdf");
}

/* Any number of renders in one context, with any font maps (issue 13: a second render used
 * to fail with "fonts are already loaded"). */
/* Font programs are remembered across the documents of one context (pdf_font.c): a document
 * written again, after another that draws other glyphs with the same faces, is the same bytes
 * as from a fresh context, and so is one written with streams left uncompressed. */
TEST(fonts_remembered_across_documents)
{
	static const struct {
		const char *name;
		int variant, compress;
	} docs[] = {{"memo-a.pdf", 0, 1},  {"memo-c.pdf", 2, 1},  {"memo-a2.pdf", 0, 1},
	            {"memo-c2.pdf", 2, 1}, {"memo-a3.pdf", 0, 1}, {"memo-c3.pdf", 2, 1},
	            {"memo-u.pdf", 0, 0}};
	enum { N = sizeof docs / sizeof docs[0] };
	tb_ctx *ctx;
	char *got[N], *fresh[N];
	size_t lg[N], lf[N], i;
	/* a program is kept when seen the second time: the third document of each is served */
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	for (i = 0; i < N; i++)
		CHECK(write_sample(ctx, docs[i].name, docs[i].variant, 0, docs[i].compress) == TB_OK);
	tb_ctx_free(ctx);
	for (i = 0; i < N; i++) {
		got[i] = slurp(docs[i].name, &lg[i]);
		CHECK(tb_ctx_new(&ctx) == TB_OK);
		CHECK(write_sample(ctx, docs[i].name, docs[i].variant, 0, docs[i].compress) == TB_OK);
		tb_ctx_free(ctx);
		fresh[i] = slurp(docs[i].name, &lf[i]);
		CHECK(got[i] && fresh[i] && lg[i] > 1000);
		CHECK(lg[i] == lf[i] && memcmp(got[i], fresh[i], lg[i]) == 0);
		unlink(docs[i].name);
	}
	CHECK(lg[0] != lg[1] || memcmp(got[0], got[1], lg[0]) != 0);
	CHECK(find_in(got[N - 1], lg[N - 1], "/Subtype /CIDFontType0C/Length") != NULL); /* raw */
	for (i = 0; i < N; i++) {
		free(got[i]);
		free(fresh[i]);
	}
}

/* CFF font programs are deflated as their size calls for (pdf_priv.h): by Huffman coding
 * alone from TB_PDF_DEFLATE_FONT_SMALL bytes on, at level 1 below. A zlib stream's second
 * byte says which (its FLEVEL: 0x01 fastest, 0x9C default), the first block's header whether
 * matches could be used, and the program inflates to what it was. */
TEST(font_programs_deflated_by_size)
{
	tb_ctx *ctx;
	tb_fonts *f;
	tb_dl_doc *d = tb_dl_doc_new();
	tb_dl_page *p = d ? tb_dl_add_page(d, A4_W, A4_H) : NULL;
	tb_pdf_options o = TB_PDF_OPTIONS_INIT;
	char line[3 * 40 + 1], *pdf;
	const char *at;
	size_t len, nbig = 0, nsmall = 0;
	unsigned i, k;
	CHECK(p && tb_ctx_new(&ctx) == TB_OK && tb_fonts_get(ctx, &f) == TB_OK);
	d->epoch = 1638316800;
	/* 1,200 distinct characters in 宋体 (programs of some hundreds of KB: its face's, and the
	 * fallback's for those it lacks), a few in 黑体 */
	for (i = 0; i < 30; i++) {
		for (k = 0; k < 40; k++) {
			uint32_t cp = 0x4E00 + i * 40 + k;
			line[3 * k] = (char)(0xE0 | cp >> 12);
			line[3 * k + 1] = (char)(0x80 | (cp >> 6 & 0x3F));
			line[3 * k + 2] = (char)(0x80 | (cp & 0x3F));
		}
		line[3 * 40] = '\0';
		sample_text(f, p, "宋体", "Times New Roman", 9, 40, 60 + 20 * (float)i, 0, line);
	}
	sample_text(f, p, "黑体", "Arial", 18, 200, 760, 1, "申报推荐表");
	CHECK(tb_dl_write_pdf(ctx, d, &o, "deflate-levels.pdf") == TB_OK);
	tb_dl_doc_free(d);
	tb_ctx_free(ctx);
	CHECK((pdf = slurp("deflate-levels.pdf", &len)) != NULL);
	for (at = pdf; (at = find_in(at, len - (size_t)(at - pdf), "/Subtype /CIDFontType0C/Filter/FlateDecode/Length ")); at++) {
		const char *q = at + strlen("/Subtype /CIDFontType0C/Filter/FlateDecode/Length ");
		unsigned long zlen = strtoul(q, (char **)&q, 10);
		uLongf raw = 4u << 20;
		unsigned char *out = malloc(raw);
		const unsigned char *z;
		CHECK(out && !strncmp(q, ">>stream\n", 9));
		z = (const unsigned char *)q + 9;
		CHECK(z + zlen <= (const unsigned char *)pdf + len);
		CHECK(uncompress(out, &raw, z, zlen) == Z_OK);
		CHECK(z[0] == 0x78);
		if (raw >= TB_PDF_DEFLATE_FONT_SMALL) {
			/* Huffman coding alone: the first block has dynamic codes (BTYPE 2) for 257
			 * literal/length symbols (HLIT 0), so no match can be written */
			CHECK(z[1] == 0x01);
			CHECK(((z[2] >> 1) & 3) == 2 && (z[2] >> 3) == 0);
			nbig++;
		} else {
			/* level 1, the page contents' compressor: FLEVEL 0 (fastest) */
			CHECK(z[1] == 0x01);
			nsmall++;
		}
		free(out);
	}
	CHECK(nbig >= 1 && nsmall >= 1);
	free(pdf);
	unlink("deflate-levels.pdf");
}

/* An image's stream takes level 9 (the compressor made for the PDF that has one), the page
 * contents and maps level 1, the context's: a zlib stream's FLEVEL says which (0xDA, 0x01).
 * Font programs go their own way (font_programs_deflated_by_size). */
TEST(images_deflated_stronger_than_contents)
{
	tb_ctx *ctx;
	tb_fonts *f;
	tb_dl_doc *d = tb_dl_doc_new();
	tb_dl_page *p = d ? tb_dl_add_page(d, A4_W, A4_H) : NULL;
	tb_pdf_options o = TB_PDF_OPTIONS_INIT;
	char *pdf;
	const char *at;
	size_t len = 0, nimage = 0, nother = 0;
	CHECK(p && tb_ctx_new(&ctx) == TB_OK && tb_fonts_get(ctx, &f) == TB_OK);
	d->epoch = 1638316800;
	sample_text(f, p, "宋体", "Times New Roman", 12, 72, 100, 0, "图片 image");
	push_alpha_png(p);
	CHECK(tb_dl_write_pdf(ctx, d, &o, "levels.pdf") == TB_OK);
	tb_dl_doc_free(d);
	tb_ctx_free(ctx);
	CHECK((pdf = slurp("levels.pdf", &len)) != NULL);
	for (at = pdf; (at = find_in(at, len - (size_t)(at - pdf), ">>stream\n")); at++) {
		const char *dict = at, *z = at + 9, *l;
		unsigned char *out = malloc(1u << 20);
		uLongf raw = 1u << 20;
		unsigned long zlen;
		while (dict > pdf && memcmp(dict, "<<", 2))
			dict--;
		for (l = at; l > dict && memcmp(l, "/Length ", 8); l--)
			;
		zlen = strtoul(l + 8, NULL, 10);
		CHECK(out != NULL);
		if (find_in(dict, (size_t)(at - dict), "FlateDecode") &&
		    !find_in(dict, (size_t)(at - dict), "Length1") &&
		    !find_in(dict, (size_t)(at - dict), "CIDFontType0C")) {
			CHECK(z + zlen <= pdf + len && uncompress(out, &raw, (const unsigned char *)z, zlen) == Z_OK);
			if (find_in(dict, (size_t)(at - dict), "/Subtype /Image")) {
				CHECK_EQ_INT((unsigned char)z[1], 0xDA);
				nimage++;
			} else {
				CHECK_EQ_INT((unsigned char)z[1], 0x01);
				nother++;
			}
		}
		free(out);
	}
	CHECK(nimage >= 1 && nother >= 1);
	free(pdf);
	unlink("levels.pdf");
}

TEST(renders_in_one_context)
{
	tb_ctx *ctx;
	tb_render_options o = TB_RENDER_OPTIONS_INIT;
	char in[1024], map[1024];
	size_t la = 0, lb = 0, lc = 0;
	char *a, *b, *c;
	snprintf(in, sizeof in, "%s/tests/layout/fixtures/form.docx", getenv("TB_SRC"));
	snprintf(map, sizeof map, "%s/tests/layout/fontmap-golden.xml", getenv("TB_SRC"));
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	CHECK(tb_render_file(ctx, in, "ctx-a.pdf", NULL) == TB_OK);
	o.font_map = map;
	CHECK(tb_render_file(ctx, in, "ctx-b.pdf", &o) == TB_OK);
	CHECK(tb_render_file(ctx, in, "ctx-b2.pdf", &o) == TB_OK);
	CHECK_EQ_STR(tb_render_font_map(ctx), map); /* the option stays the context's setting */
	CHECK(tb_render_set_font_map(ctx, NULL) == TB_OK);
	CHECK(tb_render_font_map(ctx) == NULL);
	CHECK(tb_render_file(ctx, in, "ctx-c.pdf", NULL) == TB_OK);
	CHECK_EQ_INT(tb_diag_count_severity(ctx, TB_SEV_ERROR), 0);
	tb_ctx_free(ctx);
	a = slurp("ctx-a.pdf", &la);
	b = slurp("ctx-b.pdf", &lb);
	c = slurp("ctx-c.pdf", &lc);
	CHECK(a && b && c);
	CHECK(la == lc && memcmp(a, c, la) == 0); /* the default map again: the same bytes */
	CHECK(la != lb || memcmp(a, b, la) != 0); /* another map: other faces */
	free(a);
	free(b);
	free(c);
	unlink("ctx-a.pdf");
	unlink("ctx-b.pdf");
	unlink("ctx-b2.pdf");
	unlink("ctx-c.pdf");
}

TEST(bad_path_is_io_error)
{
	tb_ctx *ctx;
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	CHECK(write_sample(ctx, "no-such-dir/x.pdf", 0, 0, 1) != TB_OK);
	CHECK(tb_diag_count_severity(ctx, TB_SEV_ERROR) >= 1);
	tb_ctx_free(ctx);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		{"same_input_same_bytes", same_input_same_bytes},
		{"structure_uncompressed", structure_uncompressed},
		{"vector_operators_as_few_as_needed", vector_operators_as_few_as_needed},
		{"page_contents_kept_by_the_device", page_contents_kept_by_the_device},
		{"fonts_remembered_across_documents", fonts_remembered_across_documents},
		{"pdfa_pieces", pdfa_pieces},
		{"compact_widths_and_tounicode", compact_widths_and_tounicode},
		{"missing_glyph_reported_not_drawn", missing_glyph_reported_not_drawn},
		{"duplicate_seals_alpha_and_shared_faces", duplicate_seals_alpha_and_shared_faces},
		{"broken_images_left_out", broken_images_left_out},
		{"font_programs_deflated_by_size", font_programs_deflated_by_size},
		{"images_deflated_stronger_than_contents", images_deflated_stronger_than_contents},
		{"renders_in_one_context", renders_in_one_context},
		{"bad_path_is_io_error", bad_path_is_io_error},
	};
	if (argc == 3 && strcmp(argv[1], "--write") == 0) {
		tb_ctx *ctx;
		char path[4096];
		int ok;
		CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
		snprintf(path, sizeof path, "%s/sample.pdf", argv[2]);
		ok = write_sample(ctx, path, 0, 0, 1) == TB_OK;
		snprintf(path, sizeof path, "%s/sample-pdfa.pdf", argv[2]);
		ok = ok && write_sample(ctx, path, 0, 1, 1) == TB_OK;
		tb_diag_print(ctx, stderr);
		tb_ctx_free(ctx);
		return ok ? 0 : 1;
	}
	return check_run(tests, sizeof tests / sizeof tests[0]);
}
