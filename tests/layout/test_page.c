/* test_page.c: what issue 10 puts on the page, asserted on the display list: footnotes at
 * the foot of their reference's page under a separator, endnotes after the text, text
 * wrapped around a floating photo box, balanced columns, symbol-font check boxes and
 * bullets as Unicode, pictures in every format with a warning naming a missing part,
 * metafiles as vectors inside their box, and the pixel budget of decoded pictures. */
#include <gif_lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/utf8.h"
#include "core/zipread.h"
#include "lay_fixture.h"
#include "layout/layout.h"
#include "render/image_decode.h"

/* The glyph run holding the UTF-8 text `s` (its first character), or NULL. */
static const tb_dl_item *find_text(const tb_dl_page *p, const char *s)
{
	size_t i, j, k;
	uint32_t want[64];
	size_t n = 0, at = 0, len = strlen(s);
	while (at < len && n < 64) {
		int32_t c = tb_utf8_next(s, len, &at);
		want[n++] = (uint32_t)c;
	}
	for (i = 0; i < p->n; i++) {
		const tb_dl_item *it = &p->items[i];
		if (it->kind != TB_DL_GLYPHS)
			continue;
		for (j = 0; j + n <= it->u.glyphs.n; j++) {
			for (k = 0; k < n && it->u.glyphs.glyphs[j + k].cp == want[k]; k++)
				;
			if (k == n)
				return it;
		}
	}
	return NULL;
}

/* Does the page's text (its glyph runs in order, runs of one line joined) hold s? */
static bool page_has(const tb_dl_page *p, const char *s)
{
	char *buf = malloc(p->n * 64 + 65536), *o = buf;
	size_t i, j;
	bool found;
	if (!buf)
		return false;
	for (i = 0; i < p->n; i++) {
		const tb_dl_item *it = &p->items[i];
		if (it->kind != TB_DL_GLYPHS)
			continue;
		for (j = 0; j < it->u.glyphs.n && (size_t)(o - buf) + 8 < p->n * 64 + 65536; j++)
			o += tb_utf8_encode(it->u.glyphs.glyphs[j].cp, o);
	}
	*o = 0;
	found = strstr(buf, s) != NULL;
	free(buf);
	return found;
}

static size_t count_kind(const tb_dl_page *p, tb_dl_kind kind)
{
	size_t i, n = 0;
	for (i = 0; i < p->n; i++)
		n += p->items[i].kind == kind;
	return n;
}

static bool has_diag(tb_ctx *ctx, const char *code, const char *in_message)
{
	size_t i;
	for (i = 0; i < tb_diag_count(ctx); i++) {
		const tb_diag *g = tb_diag_get(ctx, i);
		if (!strcmp(g->code, code) && (!in_message || strstr(g->message, in_message)))
			return true;
	}
	return false;
}

TEST(notes_at_the_foot_of_their_page)
{
	static const char *const docs[] = {"notes.docx", "notes.odt"};
	size_t k;
	for (k = 0; k < 2; k++) {
		tb_ctx *ctx;
		tb_dl_doc *d;
		const tb_dl_item *ref, *note, *note2, *ref2, *end;
		size_t p, i, rules = 0;
		if (tb_ctx_new(&ctx) != TB_OK)
			abort(); /* out of memory: nothing to test */
		d = lay(ctx, docs[k]);
		CHECK(d != NULL && d->npages == 3);
		if (!d || d->npages != 3) {
			tb_ctx_free(ctx);
			continue;
		}
		/* Note 1: referenced on page 1, printed low on page 1, smaller than the text. */
		ref = find_text(&d->pages[0], "第一个脚注在这里");
		note = find_text(&d->pages[0], "第一个脚注：资料来源");
		CHECK(ref && note);
		CHECK(note && note->u.glyphs.y > 700 && note->u.glyphs.size < 10);
		/* A separator above the notes: a short rule, a quarter of the text width. */
		for (i = 0; i < d->pages[0].n; i++) {
			const tb_dl_item *it = &d->pages[0].items[i];
			if (it->kind == TB_DL_RULE && it->u.rule.y1 == it->u.rule.y2 && note &&
			    it->u.rule.y1 < note->u.glyphs.y && it->u.rule.y1 > note->u.glyphs.y - 30 &&
			    it->u.rule.x2 - it->u.rule.x1 < 150)
				rules++;
		}
		CHECK_EQ_INT(rules, 1);
		/* Note 2 is on the page of its reference (the next page for the DOCX, whose line
		 * and note no longer fit on page 1), below it; the endnote alone on page 3. */
		ref2 = note2 = NULL;
		for (p = 0; p < 2 && !ref2; p++)
			if ((ref2 = find_text(&d->pages[p], "页末附近的段落带第二个脚注")))
				note2 = find_text(&d->pages[p], "第二个脚注较长");
		CHECK(ref2 && note2 && note2->u.glyphs.y > ref2->u.glyphs.y);
		CHECK(k == 1 || find_text(&d->pages[0], "页末附近的段落带第二个脚注") == NULL);
		CHECK(page_has(&d->pages[1], "第三个脚注。"));
		CHECK(find_text(&d->pages[2], "第一个脚注") == NULL);
		end = find_text(&d->pages[2], "尾注：以上数据截至");
		CHECK(end != NULL);
		/* No layout anchors leak out of layout. */
		for (p = 0; p < d->npages; p++)
			CHECK_EQ_INT(count_kind(&d->pages[p], TB_DL_ANCHOR), 0);
		tb_dl_doc_free(d);
		tb_ctx_free(ctx);
	}
}

TEST(text_wraps_around_the_photo_box)
{
	tb_ctx *ctx;
	tb_dl_doc *d;
	const tb_dl_item *label, *after;
	size_t i, beside = 0;
	if (tb_ctx_new(&ctx) != TB_OK)
		abort(); /* out of memory: nothing to test */
	d = lay(ctx, "floats.docx");
	CHECK(d && d->npages == 1);
	if (!d) {
		tb_ctx_free(ctx);
		return;
	}
	/* The photo box is page-anchored at x 430, y 90 (72 x 99 pt), its label centred in it. */
	label = find_text(&d->pages[0], "一寸照片");
	CHECK(label && label->u.glyphs.glyphs[0].x > 430 && label->u.glyphs.glyphs[0].x < 502 &&
	      label->u.glyphs.y > 90 && label->u.glyphs.y < 189);
	/* Every body line beside the box ends before it (less its 9 pt distance). */
	for (i = 0; i < d->pages[0].n; i++) {
		const tb_dl_item *it = &d->pages[0].items[i];
		const tb_dl_glyph *last;
		if (it->kind != TB_DL_GLYPHS || it == label || it->u.glyphs.y < 95 ||
		    it->u.glyphs.y > 189 || !it->u.glyphs.n)
			continue;
		last = &it->u.glyphs.glyphs[it->u.glyphs.n - 1];
		if (last->x < 430) {
			beside++;
			CHECK(last->x + it->u.glyphs.size <= 421 + 0.5);
		}
	}
	CHECK(beside >= 5);
	/* Below the box the text takes the full width again. */
	after = find_text(&d->pages[0], "文本框之后的正文");
	CHECK(after && after->u.glyphs.y > 189);
	CHECK_EQ_INT(count_kind(&d->pages[0], TB_DL_ANCHOR), 0);
	tb_dl_doc_free(d);
	tb_ctx_free(ctx);
}

TEST(balanced_columns)
{
	tb_ctx *ctx;
	tb_dl_doc *d;
	const tb_dl_item *first, *last, *after;
	if (tb_ctx_new(&ctx) != TB_OK)
		abort(); /* out of memory: nothing to test */
	d = lay(ctx, "columns.docx");
	CHECK(d && d->npages == 2);
	if (!d) {
		tb_ctx_free(ctx);
		return;
	}
	/* The column break: the text after it starts the right column at its top. */
	first = find_text(&d->pages[0], "分栏符之后");
	CHECK(first && first->u.glyphs.glyphs[0].x > 250);
	/* The balanced section: its last paragraph ends in the right column, and the single
	 * column text after it starts below both columns, on the same page. */
	last = find_text(&d->pages[0], "平衡分栏的最后一段");
	after = find_text(&d->pages[0], "恢复单栏的正文");
	CHECK(last && last->u.glyphs.glyphs[0].x > 250);
	CHECK(after && after->u.glyphs.glyphs[0].x < 100 && last &&
	      after->u.glyphs.y > last->u.glyphs.y);
	/* The three-column section on page 2 is not balanced: its first column is full. */
	CHECK(page_has(&d->pages[1], "三栏第"));
	tb_dl_doc_free(d);
	tb_ctx_free(ctx);
}

TEST(symbol_fonts_and_bullets)
{
	tb_ctx *ctx;
	tb_dl_doc *d;
	if (tb_ctx_new(&ctx) != TB_OK)
		abort(); /* out of memory: nothing to test */
	d = lay(ctx, "forms.docx");
	CHECK(d != NULL);
	if (d) {
		const tb_dl_page *p = &d->pages[0];
		CHECK(find_text(p, "\xe2\x96\xaa") != NULL); /* ▪ Wingdings § */
		CHECK(find_text(p, "\xe2\x9d\x96") != NULL); /* ❖ Wingdings v */
		CHECK(find_text(p, "\xe2\x9e\xa2") != NULL); /* ➢ Wingdings Ø */
		CHECK(find_text(p, "\xe2\x97\x8b") != NULL); /* ○ in 宋体 */
		CHECK(find_text(p, "\xe2\x97\x8f") != NULL); /* ● picture bullet */
		CHECK(page_has(p, "\xe2\x98\x91同意")); /* ☑ w:sym F0FE */
		CHECK(page_has(p, "\xe2\x98\x90男")); /* ☐ Wingdings 2 £ */
		CHECK(page_has(p, "\xe2\x98\x91女")); /* ☑ Wingdings 2 R */
		CHECK(find_text(p, "\xc2\xa3") == NULL);         /* no £ left */
		CHECK(page_has(p, "\xe2\x98\x92已核实")); /* FORMCHECKBOX checked */
		CHECK(page_has(p, "\xe2\x98\x90未核实"));
		CHECK(find_text(p, "硕士研究生") != NULL);        /* FORMDROPDOWN entry */
		CHECK(find_text(p, "项目") != NULL);              /* header cell in a content control */
		CHECK(find_text(p, "内容控件中的一行") != NULL);  /* row in a content control */
		CHECK(page_has(p, "1. 编号后接空格"));   /* suffix: a space, not a tab */
	}
	tb_dl_doc_free(d);
	tb_ctx_free(ctx);
}

TEST(pictures_in_every_format)
{
	tb_ctx *ctx;
	tb_dl_doc *d;
	size_t i, fmt[5] = {0}, paths = 0, clips = 0, ends = 0, bmp_in_emf = 0;
	if (tb_ctx_new(&ctx) != TB_OK)
		abort(); /* out of memory: nothing to test */
	d = lay(ctx, "pictures.docx");
	CHECK(d != NULL);
	if (d) {
		const tb_dl_page *p = &d->pages[0];
		const tb_dl_item *label = find_text(p, "示意图");  /* EMF text */
		const tb_dl_item *wlabel = find_text(p, "图表");    /* WMF text in GBK */
		for (i = 0; i < p->n; i++) {
			const tb_dl_item *it = &p->items[i];
			if (it->kind == TB_DL_IMAGE && it->u.image.format <= TB_IMG_TIFF)
				fmt[it->u.image.format]++;
			if (it->kind == TB_DL_IMAGE && it->u.image.w < 40)
				bmp_in_emf++;
			paths += it->kind == TB_DL_PATH;
			clips += it->kind == TB_DL_CLIP;
			ends += it->kind == TB_DL_CLIP_END;
		}
		CHECK_EQ_INT(fmt[TB_IMG_GIF], 1);
		CHECK_EQ_INT(fmt[TB_IMG_TIFF], 1);
		CHECK_EQ_INT(fmt[TB_IMG_BMP], 2); /* the BMP and the EMF's bitmap */
		CHECK_EQ_INT(bmp_in_emf, 1);
		CHECK(paths >= 5);
		CHECK(clips >= 2 && clips == ends);
		CHECK(label != NULL && wlabel != NULL);
		CHECK(label && label->u.glyphs.synthetic_bold); /* 黑体 weight 700, no bold face */
	}
	/* The picture whose relationship leads nowhere: named, its box kept. */
	CHECK(has_diag(ctx, "layout.image-missing", "rId_missing"));
	tb_dl_doc_free(d);
	tb_ctx_free(ctx);
}

/* A GIF of w x h pixels of one colour, in memory. */
typedef struct membuf {
	unsigned char *p;
	size_t n, cap;
} membuf;

static int gif_out(GifFileType *g, const GifByteType *b, int n)
{
	membuf *m = g->UserData;
	if (m->n + (size_t)n > m->cap) {
		size_t cap = (m->n + (size_t)n) * 2;
		unsigned char *np = realloc(m->p, cap);
		if (!np)
			return 0;
		m->p = np;
		m->cap = cap;
	}
	memcpy(m->p + m->n, b, (size_t)n);
	m->n += (size_t)n;
	return n;
}

static bool big_gif(membuf *m, int w, int h)
{
	int err = 0, y;
	GifColorType colors[2] = {{0x2E, 0x75, 0xB6}, {255, 255, 255}};
	ColorMapObject *cm = GifMakeMapObject(2, colors);
	GifFileType *g = EGifOpen(m, gif_out, &err);
	GifPixelType *row = calloc((size_t)w, 1);
	bool ok = g && cm && row && EGifPutScreenDesc(g, w, h, 1, 0, cm) == GIF_OK &&
	          EGifPutImageDesc(g, 0, 0, w, h, false, NULL) == GIF_OK;
	for (y = 0; ok && y < h; y++)
		ok = EGifPutLine(g, row, w) == GIF_OK;
	if (g)
		EGifCloseFile(g, &err);
	GifFreeMapObject(cm);
	free(row);
	return ok;
}

TEST(decoded_pictures_stay_within_the_budget)
{
	membuf m = {0};
	tb_image_rgb out;
	CHECK(big_gif(&m, 6000, 5000));
	/* 30 million pixels in, at most one million out, averaged down on the fly. */
	CHECK_EQ_INT(tb_image_decode(m.p, m.n, TB_IMG_GIF, 1000000, &out), TB_OK);
	CHECK((size_t)out.w * out.h <= 1000000);
	CHECK(out.w > 900 && out.h > 700);
	CHECK(out.rgb && out.rgb[0] == 0x2E && out.rgb[1] == 0x75 && out.rgb[2] == 0xB6);
	free(out.rgb);
	/* Damaged data is refused, not decoded. */
	CHECK(tb_image_decode(m.p, m.n / 3, TB_IMG_GIF, 0, &out) != TB_OK);
	CHECK(tb_image_decode((const unsigned char *)"BM garbage garbage garbage garbage", 34,
	                      TB_IMG_BMP, 0, &out) != TB_OK);
	free(m.p);
}

/* The fixture's TIFF (24 x 16, its top half orange, the rest blue) decodes through libtiff,
 * which is opened on first use (render/tiff_load.h): every function is found, and called with
 * the right arguments. */
TEST(tiff_decodes_through_the_library_opened_on_first_use)
{
	tb_ctx *ctx;
	tb_zipr *z = NULL;
	char *tif = NULL;
	size_t len = 0;
	long i;
	tb_image_rgb out = {0};
	if (tb_ctx_new(&ctx) != TB_OK)
		abort(); /* out of memory: nothing to test */
	CHECK_EQ_INT(tb_zipr_open_file(ctx, src_path("tests/layout/fixtures/pictures.docx"), NULL, &z),
	             TB_OK);
	i = z ? tb_zipr_find(z, "word/media/pic_tiff.tiff") : -1;
	CHECK(i >= 0);
	if (i >= 0)
		CHECK_EQ_INT(tb_zipr_read(z, (size_t)i, &tif, &len), TB_OK);
	CHECK_EQ_INT(tb_image_decode((const unsigned char *)tif, len, TB_IMG_TIFF, 0, &out), TB_OK);
	CHECK_EQ_INT(out.w, 24);
	CHECK_EQ_INT(out.h, 16);
	if (out.rgb && out.w == 24 && out.h == 16) {
		const unsigned char *top = out.rgb, *bottom = out.rgb + 15 * 24 * 3 + 23 * 3;
		CHECK(top[0] == 0xF4 && top[1] == 0xB1 && top[2] == 0x83);
		CHECK(bottom[0] == 0x2E && bottom[1] == 0x75 && bottom[2] == 0xB6);
	}
	free(out.rgb);
	/* A TIFF cut after its header is damaged data (TB_ERROR), not a missing library. */
	if (len > 8)
		CHECK_EQ_INT(tb_image_decode((const unsigned char *)tif, 8, TB_IMG_TIFF, 0, &out), TB_ERROR);
	free(out.rgb);
	free(tif);
	tb_zipr_close(z);
	tb_ctx_free(ctx);
}

/* A shape in the line (ODF as-char) that does not fit below its paragraph's top moves the
 * paragraph, and the heading kept with it, to the next page, as in LibreOffice; before, the
 * shape ran off the page with its caption (it-lo-34). */
TEST(shape_in_the_line_moves_to_the_next_page)
{
	tb_ctx *ctx;
	tb_dl_doc *d;
	const tb_dl_item *head, *cap;
	if (tb_ctx_new(&ctx) != TB_OK)
		abort(); /* out of memory: nothing to test */
	d = lay(ctx, "inline_shape.odt");
	CHECK(d && d->npages == 2);
	if (!d || d->npages != 2) {
		tb_dl_doc_free(d);
		tb_ctx_free(ctx);
		return;
	}
	CHECK(!page_has(&d->pages[0], "图片"));
	head = find_text(&d->pages[1], "图片");
	cap = find_text(&d->pages[1], "嵌入行内的图形说明");
	CHECK(head && cap);
	if (head && cap) {
		CHECK(head->u.glyphs.y < 120);
		CHECK(cap->u.glyphs.y > head->u.glyphs.y && cap->u.glyphs.y < d->pages[1].height - 56);
	}
	tb_dl_doc_free(d);
	tb_ctx_free(ctx);
}

/* LibreOffice 7.4's page counts (en-word-50, zh-word-07/08): a page break ending the
 * document's last paragraph makes no page (before: a blank second page); a table's only row,
 * marked can't split and taller than a page, below nothing but an empty paragraph, starts on
 * the next page and splits there (before: it split on page 1, one page short). */
TEST(page_breaks_at_the_end_and_a_tall_only_row)
{
	tb_ctx *ctx;
	tb_dl_doc *d;
	if (tb_ctx_new(&ctx) != TB_OK)
		abort(); /* out of memory: nothing to test */
	d = lay(ctx, "trailing_break.docx");
	CHECK(d && d->npages == 1);
	tb_dl_doc_free(d);
	d = lay(ctx, "tall_row.docx");
	CHECK(d && d->npages == 3);
	if (d && d->npages == 3) {
		CHECK(!page_has(&d->pages[0], "第1行"));
		CHECK(page_has(&d->pages[1], "第1行"));
		CHECK(page_has(&d->pages[2], "第44行")); /* as LibreOffice splits it */
		CHECK(page_has(&d->pages[2], "表后段落"));
	}
	tb_dl_doc_free(d);
	/* A first section of one empty paragraph before a continuous one keeps its line (before:
	 * removed, the text began at the top margin). */
	d = lay(ctx, "contsection_empty.docx");
	CHECK(d && d->npages == 1);
	if (d && d->npages == 1) {
		const tb_dl_item *first = find_text(&d->pages[0], "分栏");
		CHECK(first && first->u.glyphs.y > 88 && first->u.glyphs.y < 100); /* before: about 81 */
	}
	tb_dl_doc_free(d);
	tb_ctx_free(ctx);
}

/* w:caps: the text is drawn in capitals (en-word-47 printed its answers in small letters;
 * LibreOffice shows and extracts capitals). */
TEST(caps_draws_capitals)
{
	tb_ctx *ctx;
	tb_dl_doc *d;
	if (tb_ctx_new(&ctx) != TB_OK)
		abort(); /* out of memory: nothing to test */
	d = lay(ctx, "caps.docx");
	CHECK(d && d->npages == 1);
	if (d && d->npages == 1) {
		CHECK(page_has(&d->pages[0], "HARD TO SAY; GO TO QUESTION 5."));
		CHECK(page_has(&d->pages[0], "ÉVÉNEMENT À CÔTÉ, ĲSSEL, ΑΒΓ, ЖИЗНЬ."));
		CHECK(page_has(&d->pages[0], "Kept as written."));
		CHECK(page_has(&d->pages[0], "Not in capitals here."));
	}
	tb_dl_doc_free(d);
	tb_ctx_free(ctx);
}

/* en-word-56: Wingdings codes whose characters only FreeSerif has (⌖ ॐ), and private-use
 * characters in runs whose symbol font is named only by w:hAnsi (they drew nothing: no face
 * has U+F052). */
TEST(symbols_from_ascii_and_hansi)
{
	tb_ctx *ctx;
	tb_dl_doc *d;
	if (tb_ctx_new(&ctx) != TB_OK)
		abort(); /* out of memory: nothing to test */
	d = lay(ctx, "symbols_pua.docx");
	CHECK(d && d->npages == 1);
	if (d && d->npages == 1) {
		CHECK(page_has(&d->pages[0], "\xe2\x8c\x96")); /* ⌖ */
		CHECK(page_has(&d->pages[0], "\xe0\xa5\x90")); /* ॐ */
		CHECK(page_has(&d->pages[0], "0082 "));
		CHECK(page_has(&d->pages[0], "\xe2\x98\x91")); /* ☑ */
		CHECK(page_has(&d->pages[0], "\xe2\x98\x90")); /* ☐ */
		CHECK(!page_has(&d->pages[0], "\xef\x81\x92")); /* no U+F052 left */
		CHECK(page_has(&d->pages[0], "MW"));
	}
	CHECK(tb_diag_count_severity(ctx, TB_SEV_ERROR) == 0);
	{
		size_t i, n = 0;
		for (i = 0; i < tb_diag_count(ctx); i++) {
			const tb_diag *g = tb_diag_get(ctx, i);
			if (!strcmp(g->code, "layout.symbol-unknown")) {
				n++;
				CHECK(strstr(g->message, "4D") && strstr(g->message, "Webdings"));
			}
		}
		CHECK(n == 1); /* once per font */
	}
	tb_dl_doc_free(d);
	tb_ctx_free(ctx);
}

/* en-word-47: a right tab stop 58 twips beyond the right margin keeps its number on the
 * line (LibreOffice's TabOverMargin for DOCX); the number wrapped to a line of its own. */
TEST(tab_stop_beyond_the_margin)
{
	tb_ctx *ctx;
	tb_dl_doc *d;
	if (tb_ctx_new(&ctx) != TB_OK)
		abort(); /* out of memory: nothing to test */
	d = lay(ctx, "tab_over_margin.docx");
	CHECK(d && d->npages == 1);
	if (d && d->npages == 1) {
		const tb_dl_page *p = &d->pages[0];
		const tb_dl_item *row = find_text(p, "10.Sports"), *nine = NULL;
		size_t i;
		int nines = 0;
		CHECK(row != NULL);
		for (i = 0; row && i < p->n; i++) {
			const tb_dl_item *it = &p->items[i];
			if (it->kind == TB_DL_GLYPHS && it->u.glyphs.n == 1 &&
			    it->u.glyphs.glyphs[0].cp == '9' && ++nines == 1)
				nine = it;
		}
		/* the first row's "9" is on its baseline and ends at the stop (418.2 pt from the
		 * margin at 90 pt), past the right margin at 505.3 pt */
		CHECK(nine && row && fabsf(nine->u.glyphs.y - row->u.glyphs.y) < 0.1f);
		CHECK(nine && nine->u.glyphs.glyphs[0].x > 500.0f && nine->u.glyphs.glyphs[0].x < 508.2f);
		CHECK(page_has(p, "before the stop")); /* a long answer still wraps */
	}
	tb_dl_doc_free(d);
	tb_ctx_free(ctx);
}

/* zh-word-24: a list made from a list style (w:numStyleLink) lost its labels "一." "1.";
 * w:startOverride and w:lvlOverride/w:lvl, ideographTraditional 甲 乙. */
TEST(list_style_links_and_overrides)
{
	tb_ctx *ctx;
	tb_dl_doc *d;
	if (tb_ctx_new(&ctx) != TB_OK)
		abort(); /* out of memory: nothing to test */
	d = lay(ctx, "list_links.docx");
	CHECK(d && d->npages == 1);
	if (d && d->npages == 1) {
		const tb_dl_page *p = &d->pages[0];
		CHECK(page_has(p, "一.实验目的"));
		CHECK(page_has(p, "1.学习和掌握标准"));
		CHECK(page_has(p, "2.学习和掌握用流"));
		CHECK(page_has(p, "甲、天干"));
		CHECK(page_has(p, "乙、地支"));
		CHECK(page_has(p, "二.实验内容"));
		CHECK(page_has(p, "1.利用输出流"));
		CHECK(page_has(p, "Part III:The override") || page_has(p, "Part III: The override"));
	}
	tb_dl_doc_free(d);
	tb_ctx_free(ctx);
}

/* en-lo-39: a first-page master ("First Page", next style "Standard"): page 1 has its
 * header and no footer, later pages the Standard master's (every page had the first one's). */
TEST(odt_first_page_master)
{
	tb_ctx *ctx;
	tb_dl_doc *d;
	if (tb_ctx_new(&ctx) != TB_OK)
		abort(); /* out of memory: nothing to test */
	d = lay(ctx, "odt_first_page.odt");
	CHECK(d && d->npages >= 3);
	if (d && d->npages >= 3) {
		size_t k;
		CHECK(page_has(&d->pages[0], "First page header"));
		CHECK(!page_has(&d->pages[0], "Running header"));
		CHECK(!page_has(&d->pages[0], "Page 1"));
		for (k = 1; k < d->npages; k++) {
			char want[64];
			snprintf(want, sizeof want, "Page %zu of %zu", k + 1, d->npages);
			CHECK(page_has(&d->pages[k], "Running header"));
			CHECK(!page_has(&d->pages[k], "First page header"));
			CHECK(page_has(&d->pages[k], want));
		}
	}
	tb_dl_doc_free(d);
	tb_ctx_free(ctx);
}

/* en-word-47: a dot leader fills its whole tab as LibreOffice's does, with as many whole
 * periods as the tab holds stretched over it; it was inset 1.5 pt at each end (6.6% fewer
 * dots over the document, its text similarity below 0.99). */
TEST(dot_leader_fills_the_tab)
{
	tb_ctx *ctx;
	tb_dl_doc *d;
	if (tb_ctx_new(&ctx) != TB_OK)
		abort(); /* out of memory: nothing to test */
	d = lay(ctx, "tabs.docx");
	CHECK(d && d->npages == 1);
	if (d && d->npages == 1) {
		const tb_dl_page *p = &d->pages[0];
		const tb_dl_item *head = find_text(p, "一、项目概况"), *dots = NULL, *three = NULL;
		size_t i;
		for (i = 0; i < p->n; i++) {
			const tb_dl_item *it = &p->items[i];
			if (it->kind != TB_DL_GLYPHS || !head || it->u.glyphs.y != head->u.glyphs.y)
				continue;
			if (it->u.glyphs.n > 10 && it->u.glyphs.glyphs[0].cp == '.')
				dots = it;
			if (it->u.glyphs.n == 1 && it->u.glyphs.glyphs[0].cp == '3')
				three = it;
		}
		CHECK(head && dots && three);
		if (head && dots && three) {
			const tb_dl_glyph *g = dots->u.glyphs.glyphs;
			size_t n = dots->u.glyphs.n;
			float end = head->u.glyphs.glyphs[head->u.glyphs.n - 1].x +
			            tb_face_advance(head->u.glyphs.face, 0x51B5, head->u.glyphs.size);
			float adv = tb_face_advance(dots->u.glyphs.face, '.', dots->u.glyphs.size);
			float pitch = (g[n - 1].x - g[0].x) / (float)(n - 1);
			float tab = three->u.glyphs.glyphs[0].x - end;
			/* from the end of the text to the number, whole periods, evenly spaced */
			CHECK(fabsf(g[0].x - end) < 0.05f);
			CHECK(fabsf(g[n - 1].x + pitch - three->u.glyphs.glyphs[0].x) < 0.05f);
			CHECK(n == (size_t)(tab / adv + 0.001f));
			CHECK(pitch >= adv && pitch < adv * (1.0f + 1.0f / (float)n) + 0.001f);
		}
	}
	tb_dl_doc_free(d);
	tb_ctx_free(ctx);
}

/* zh-wps-04: in a line grid with 150 % spacing, a row whose cell holds only an empty
 * paragraph is taller than a row of text: the extra below a cell's last paragraph comes from
 * the mark's size for an empty paragraph (12 pt: 138 tw), from the style's for text (Normal
 * 10.5 pt: 120 tw). Both rows were 120 tw: the document's last paragraph stayed on page 1. */
TEST(empty_cell_takes_its_mark_size)
{
	tb_ctx *ctx;
	tb_dl_doc *d;
	if (tb_ctx_new(&ctx) != TB_OK)
		abort(); /* out of memory: nothing to test */
	d = lay(ctx, "cell_empty_mark.docx");
	CHECK(d && d->npages == 1);
	if (d && d->npages == 1) {
		const tb_dl_page *p = &d->pages[0];
		const tb_dl_item *r1 = NULL, *r2 = NULL, *r3 = NULL;
		size_t i;
		/* the first column's six characters (the paragraphs around hold the same text) */
		for (i = 0; i < p->n; i++) {
			const tb_dl_item *it = &p->items[i];
			if (it->kind != TB_DL_GLYPHS || it->u.glyphs.n != 6)
				continue;
			if (it->u.glyphs.glyphs[0].cp == 0x6839) /* 根 */
				r1 = it;
			else if (it->u.glyphs.glyphs[0].cp == 0x5404) /* 各 */
				r2 = it;
			else if (it->u.glyphs.glyphs[0].cp == 0x65F6) /* 时 */
				r3 = it;
		}
		CHECK(r1 && r2 && r3);
		if (r1 && r2 && r3) {
			float a = r2->u.glyphs.y - r1->u.glyphs.y, b = r3->u.glyphs.y - r2->u.glyphs.y;
			/* row 2 (with the empty cell) is 18 tw taller than row 1 */
			CHECK(fabsf((b - a) - 0.9f) < 0.06f);
		}
	}
	tb_dl_doc_free(d);
	tb_ctx_free(ctx);
}

static const check_test tests[] = {
	{"notes_at_the_foot_of_their_page", notes_at_the_foot_of_their_page},
	{"text_wraps_around_the_photo_box", text_wraps_around_the_photo_box},
	{"balanced_columns", balanced_columns},
	{"symbol_fonts_and_bullets", symbol_fonts_and_bullets},
	{"pictures_in_every_format", pictures_in_every_format},
	{"decoded_pictures_stay_within_the_budget", decoded_pictures_stay_within_the_budget},
	{"tiff_decodes_through_the_library_opened_on_first_use", tiff_decodes_through_the_library_opened_on_first_use},
	{"shape_in_the_line_moves_to_the_next_page", shape_in_the_line_moves_to_the_next_page},
	{"page_breaks_at_the_end_and_a_tall_only_row", page_breaks_at_the_end_and_a_tall_only_row},
	{"caps_draws_capitals", caps_draws_capitals},
	{"symbols_from_ascii_and_hansi", symbols_from_ascii_and_hansi},
	{"tab_stop_beyond_the_margin", tab_stop_beyond_the_margin},
	{"list_style_links_and_overrides", list_style_links_and_overrides},
	{"odt_first_page_master", odt_first_page_master},
	{"dot_leader_fills_the_tab", dot_leader_fills_the_tab},
	{"empty_cell_takes_its_mark_size", empty_cell_takes_its_mark_size},
};

int main(void)
{
	return check_run(tests, sizeof(tests) / sizeof(tests[0]));
}
