/* test_image_budget.c: issue 17 item 12. A picture is bounded by its pixels, not its file
 * size: a PNG over the budget (TB_IMAGE_MAX_OUT) is drawn downscaled from a row-at-a-time
 * decode (libharu would hold it whole), with its colours, filters and transparency right; a
 * JPEG too large for any reader to decode is left out. Both keep their box and say so. */
#define _GNU_SOURCE /* memmem */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "check.h"
#include "core/ctx.h"
#include "core/file.h"
#include "page/display.h"
#include "render/device.h"
#include "render/image_decode.h"
#include "tianbiao/tb_render.h"

#define A4_W 595.276f
#define A4_H 841.89f

static size_t count_code(tb_ctx *ctx, const char *code, const char *in_msg)
{
	size_t i, n = 0;
	for (i = 0; i < tb_diag_count(ctx); i++)
		if (!strcmp(tb_diag_get(ctx, i)->code, code) &&
		    (!in_msg || strstr(tb_diag_get(ctx, i)->message, in_msg)))
			n++;
	return n;
}

/* binary data: the PDF's streams hold NULs */
static int has(const char *hay, size_t n, const char *needle)
{
	return hay && memmem(hay, n, needle, strlen(needle)) != NULL;
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24), p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8), p[3] = (unsigned char)v;
}

static size_t chunk(unsigned char *o, const char *type, const unsigned char *data, size_t n)
{
	put32(o, (uint32_t)n);
	memcpy(o + 4, type, 4);
	if (n)
		memcpy(o + 8, data, n);
	put32(o + 8 + n, (uint32_t)crc32(crc32(0, NULL, 0), o + 4, (uInt)n + 4));
	return n + 12;
}

/* The test picture's pixel (x, y), RGBA: the left half opaque red, the right half fully
 * transparent blue (white once composited), the bottom quarter opaque green. */
static void pixel(unsigned w, unsigned h, unsigned x, unsigned y, unsigned char *o)
{
	static const unsigned char red[4] = {255, 0, 0, 255}, clear[4] = {0, 0, 255, 0},
	                           green[4] = {0, 255, 0, 255};
	memcpy(o, y >= h * 3 / 4 ? green : x < w / 2 ? red : clear, 4);
}

static unsigned paeth(int a, int b, int c)
{
	int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);
	return (unsigned)(pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
}

/* An 8-bit RGBA PNG whose rows cycle through the five filter types, so the decoder's
 * unfiltering is checked by the colours that come out. */
static unsigned char *make_png(unsigned w, unsigned h, size_t *len)
{
	size_t stride = (size_t)w * 4, rawlen = (stride + 1) * h, i;
	unsigned char *raw = malloc(rawlen), *prev = calloc(stride, 1), *row = malloc(stride);
	uLongf zlen = compressBound((uLong)rawlen);
	unsigned char *z = malloc(zlen), *out, ihdr[13];
	unsigned x, y;
	CHECK(raw && prev && row && z);
	for (y = 0; y < h; y++) {
		unsigned char *r = raw + y * (stride + 1), f = (unsigned char)(y % 5);
		for (x = 0; x < w; x++)
			pixel(w, h, x, y, row + 4 * x);
		r[0] = f;
		for (i = 0; i < stride; i++) {
			int a = i >= 4 ? row[i - 4] : 0, b = prev[i], c = i >= 4 ? prev[i - 4] : 0;
			int pred = f == 0 ? 0 : f == 1 ? a : f == 2 ? b : f == 3 ? (a + b) / 2 : (int)paeth(a, b, c);
			r[1 + i] = (unsigned char)(row[i] - pred);
		}
		memcpy(prev, row, stride);
	}
	CHECK(compress2(z, &zlen, raw, (uLong)rawlen, 1) == Z_OK);
	out = malloc(8 + 25 + zlen + 12 + 12);
	memcpy(out, "\x89PNG\r\n\x1a\n", 8);
	put32(ihdr, w);
	put32(ihdr + 4, h);
	ihdr[8] = 8, ihdr[9] = 6, ihdr[10] = ihdr[11] = ihdr[12] = 0;
	*len = 8;
	*len += chunk(out + *len, "IHDR", ihdr, 13);
	*len += chunk(out + *len, "IDAT", z, zlen);
	*len += chunk(out + *len, "IEND", NULL, 0);
	free(raw);
	free(prev);
	free(row);
	free(z);
	return out;
}

static void push_image(tb_dl_page *p, unsigned char *data, size_t len, int fmt, float x)
{
	tb_dl_item it;
	memset(&it, 0, sizeof it);
	it.kind = TB_DL_IMAGE;
	it.u.image.x = x;
	it.u.image.y = 100;
	it.u.image.w = 200;
	it.u.image.h = 125;
	it.u.image.data = data;
	it.u.image.len = len;
	it.u.image.format = (uint8_t)fmt;
	CHECK_EQ_INT(tb_dl_push(p, &it), TB_OK);
}

/* The decoder alone: an image just over the budget comes out within it, colours right. */
TEST(png_over_budget_decoded_downscaled)
{
	unsigned w = 4000, h = 2200;
	size_t len = 0;
	unsigned char *png = make_png(w, h, &len), *o;
	tb_image_rgb px;
	unsigned iw = 0, ih = 0;
	CHECK(tb_image_png_size(png, len, &iw, &ih) == TB_OK && iw == w && ih == h);
	CHECK((size_t)w * h > TB_IMAGE_MAX_OUT);
	CHECK(tb_image_decode(png, len, TB_IMG_PNG, 0, &px) == TB_OK);
	CHECK((size_t)px.w * px.h <= TB_IMAGE_MAX_OUT);
	CHECK(px.w < w && px.h < h && px.w * 10 / px.h == w * 10 / h);
	o = px.rgb + 3 * ((size_t)10 * px.w + 10); /* top left: red */
	CHECK(o[0] == 255 && o[1] == 0 && o[2] == 0);
	o = px.rgb + 3 * ((size_t)10 * px.w + px.w - 10); /* top right: transparent, so white */
	CHECK(o[0] == 255 && o[1] == 255 && o[2] == 255);
	o = px.rgb + 3 * ((size_t)(px.h - 10) * px.w + px.w / 2); /* bottom: green */
	CHECK(o[0] == 0 && o[1] == 255 && o[2] == 0);
	free(px.rgb);
	/* damaged (cut short): an error, nothing returned */
	CHECK(tb_image_decode(png, len / 2, TB_IMG_PNG, 0, &px) == TB_ERROR && !px.rgb);
	free(png);
}

/* Through the PDF device: the big PNG is drawn at most at the budget, in its box, with a
 * warning; an 11000 x 11000 JPEG header (a few bytes that every reader would decode to 363
 * MB) is left out with one. */
TEST(pdf_device_keeps_pictures_within_budget)
{
	static const unsigned char jpeg[] = {
		0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0,
		0xFF, 0xC0, 0x00, 0x11, 0x08, 0x2A, 0xF8, 0x2A, 0xF8, 0x03, 0x01, 0x22, 0x00, 0x02,
		0x11, 0x01, 0x03, 0x11, 0x01, 0xFF, 0xD9};
	tb_ctx *ctx;
	tb_dl_doc *d;
	tb_dl_page *p;
	tb_pdf_options o = TB_PDF_OPTIONS_INIT;
	size_t len = 0, plen = 0;
	unsigned char *png = make_png(4000, 2200, &len), *j = malloc(sizeof jpeg);
	char *pdf = NULL;
	unsigned iw = 0, ih = 0;

	memcpy(j, jpeg, sizeof jpeg);
	CHECK(tb_image_jpeg_size(j, sizeof jpeg, &iw, &ih) == TB_OK && iw == 11000 && ih == 11000);
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	d = tb_dl_doc_new();
	p = tb_dl_add_page(d, A4_W, A4_H);
	push_image(p, png, len, TB_IMG_PNG, 72);
	push_image(p, j, sizeof jpeg, TB_IMG_JPEG, 300);
	CHECK(tb_dl_write_pdf(ctx, d, &o, "budget.pdf") == TB_OK);
	CHECK_EQ_INT(count_code(ctx, "pdf.image", "drawn downscaled to 3200 x 1760"), 1);
	CHECK_EQ_INT(count_code(ctx, "pdf.image", "11000 x 11000 JPEG"), 1);
	/* the embedded picture is the downscaled one, and there is only that one */
	CHECK(tb_file_read(ctx, "budget.pdf", 64u << 20, &pdf, &plen) == TB_OK);
	CHECK(has(pdf, plen, "/Width 3200") && has(pdf, plen, "/Height 1760"));
	CHECK(!has(pdf, plen, "/Width 11000") && !has(pdf, plen, "/Width 4000"));
	/* as poppler sees it: one picture, 3200 x 1760 */
	CHECK(system("test \"$(pdfimages -list budget.pdf | awk 'NR > 2 { print $4 \"x\" $5 }')\" "
	             "= 3200x1760") == 0);
	free(pdf);
	tb_dl_doc_free(d);
	tb_ctx_free(ctx);
	unlink("budget.pdf");
}

CHECK_MAIN(T(png_over_budget_decoded_downscaled), T(pdf_device_keeps_pictures_within_budget))
