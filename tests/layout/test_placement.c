/* test_placement.c: where issue 10's remaining items land, asserted on the display list:
 * paragraph frames out of the flow (a box at the margin the text goes around, a centred one
 * with text on both sides, one as wide as its text, one in the header), square wrapping on
 * both sides of a picture and on one side only, footnotes referenced in table rows kept with
 * their row, ODT section columns, and header fields (STYLEREF per page, DATE as saved, a
 * footer table in the footer's width). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/utf8.h"
#include "lay_fixture.h"
#include "layout/layout.h"

/* The first glyph run holding UTF-8 text s with its baseline in [y0, y1], or NULL. */
static const tb_dl_item *text_in(const tb_dl_page *p, const char *s, float y0, float y1)
{
	size_t i, j, k, n = 0, at = 0, len = strlen(s);
	uint32_t want[64];
	while (at < len && n < 64)
		want[n++] = (uint32_t)tb_utf8_next(s, len, &at);
	for (i = 0; i < p->n; i++) {
		const tb_dl_item *it = &p->items[i];
		if (it->kind != TB_DL_GLYPHS || it->u.glyphs.y < y0 || it->u.glyphs.y > y1)
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

static const tb_dl_item *text_at(const tb_dl_page *p, const char *s)
{
	return text_in(p, s, -1e9f, 1e9f);
}

/* The page's text, runs joined in order (caller frees). */
static char *page_text(const tb_dl_page *p)
{
	size_t i, j, cap = p->n * 64 + 1024, o = 0;
	char *buf = malloc(cap);
	if (!buf)
		return NULL;
	for (i = 0; i < p->n; i++)
		for (j = 0; p->items[i].kind == TB_DL_GLYPHS && j < p->items[i].u.glyphs.n; j++)
			if (o + 8 < cap)
				o += tb_utf8_encode(p->items[i].u.glyphs.glyphs[j].cp, buf + o);
	buf[o] = 0;
	return buf;
}

static bool page_has(const tb_dl_page *p, const char *s)
{
	char *t = page_text(p);
	bool found = t && strstr(t, s);
	free(t);
	return found;
}

/* Glyphs with baselines in [y0, y1]: how many start left of lo, at or right of hi, and
 * between. */
static void glyph_span(const tb_dl_page *p, float y0, float y1, float lo, float hi,
                       int *inside, int *left, int *right)
{
	size_t i, j;
	*inside = *left = *right = 0;
	for (i = 0; i < p->n; i++) {
		const tb_dl_item *it = &p->items[i];
		if (it->kind != TB_DL_GLYPHS || it->u.glyphs.y < y0 || it->u.glyphs.y > y1)
			continue;
		for (j = 0; j < it->u.glyphs.n; j++) {
			float x = it->u.glyphs.glyphs[j].x;
			if (x < lo)
				(*left)++;
			else if (x >= hi)
				(*right)++;
			else
				(*inside)++;
		}
	}
}

/* The vertical rule at x (±0.5) spanning at least `len`, its top in *y. */
static bool vrule(const tb_dl_page *p, float x, float len, float *y)
{
	size_t i;
	for (i = 0; i < p->n; i++) {
		const tb_dl_item *it = &p->items[i];
		if (it->kind == TB_DL_RULE && fabsf(it->u.rule.x1 - x) < 0.5f &&
		    fabsf(it->u.rule.x2 - x) < 0.5f && fabsf(it->u.rule.y2 - it->u.rule.y1) >= len) {
			*y = it->u.rule.y1 < it->u.rule.y2 ? it->u.rule.y1 : it->u.rule.y2;
			return true;
		}
	}
	return false;
}

TEST(paragraph_frames_leave_the_flow)
{
	tb_ctx *ctx;
	tb_dl_doc *d;
	const tb_dl_item *photo, *mid, *autow, *hdr;
	float top = 0, mtop = 0, atop = 0;
	int in, l, r;
	if (tb_ctx_new(&ctx) != TB_OK)
		abort(); /* out of memory: nothing to test */
	d = lay(ctx, "frames.docx");
	CHECK(d && d->npages == 1);
	if (!d) {
		tb_ctx_free(ctx);
		return;
	}
	/* The photo frame: 1701 twips wide at the right margin (505.3), 2268 twips tall, its
	 * borders drawn around it; the text beside it ends before it (with hSpace 9 pt). */
	CHECK(vrule(&d->pages[0], 505.3f, 113, &top));
	CHECK(vrule(&d->pages[0], 420.3f, 113, &top));
	photo = text_at(&d->pages[0], "一寸照片");
	CHECK(photo && photo->u.glyphs.glyphs[0].x > 420 && photo->u.glyphs.y < top + 20);
	glyph_span(&d->pages[0], top + 8, top + 113, 411.3f, 506, &in, &l, &r);
	CHECK(l > 50);
	CHECK_EQ_INT(in, 4); /* only 一寸照片 */
	/* The centred frame (2268 twips): text on both sides of it on its rows, none inside
	 * but its own two lines. */
	CHECK(vrule(&d->pages[0], 240.9f, 20, &mtop) && vrule(&d->pages[0], 354.4f, 20, &mtop));
	mid = text_at(&d->pages[0], "居中图文框");
	CHECK(mid && mid->u.glyphs.glyphs[0].x > 240.9f && mid->u.glyphs.glyphs[0].x < 300);
	glyph_span(&d->pages[0], mtop + 5, mtop + 22, 240.9f - 8.5f, 354.4f + 8.5f, &in, &l, &r);
	CHECK(l > 5 && r > 5);
	CHECK_EQ_INT(in, 5 + 7); /* 居中图文框 两侧都有文字。 */
	/* The frame without a width is as wide as its text, at x 1800 y 9600 twips. */
	autow = text_at(&d->pages[0], "无宽度的图文框");
	CHECK(vrule(&d->pages[0], 90, 10, &atop) && fabsf(atop - 480) < 0.5f);
	CHECK(autow && autow->u.glyphs.y > 480 && autow->u.glyphs.y < 493);
	CHECK(vrule(&d->pages[0], 235, 10, &atop)); /* 13 characters of 10.5 pt, and a border */
	/* Nothing flows under it: the line after the frame starts below it. */
	glyph_span(&d->pages[0], 482, 500, 0, 1000, &in, &l, &r);
	CHECK_EQ_INT(in, 13);
	/* The header's frame sits in the header, at the right margin. */
	hdr = text_at(&d->pages[0], "页眉图文框");
	CHECK(hdr && hdr->u.glyphs.y < 72 && hdr->u.glyphs.glyphs[0].x > 430);
	CHECK(text_in(&d->pages[0], "页眉正文", 0, 72) != NULL);
	tb_dl_doc_free(d);
	tb_ctx_free(ctx);
}

TEST(text_on_both_sides_of_a_picture)
{
	tb_ctx *ctx;
	tb_dl_doc *d;
	const tb_dl_item *img = NULL, *box = NULL;
	size_t i;
	int in, l, r, rows = 0;
	if (tb_ctx_new(&ctx) != TB_OK)
		abort(); /* out of memory: nothing to test */
	d = lay(ctx, "wrap_sides.docx");
	CHECK(d && d->npages == 1);
	if (!d) {
		tb_ctx_free(ctx);
		return;
	}
	for (i = 0; i < d->pages[0].n; i++) {
		const tb_dl_item *it = &d->pages[0].items[i];
		if (it->kind == TB_DL_IMAGE)
			img = it;
		if (it->kind == TB_DL_RECT && it->u.rect.color.r == 0xda && it->u.rect.color.g == 0xe3)
			box = it;
	}
	CHECK(img && box);
	if (img) {
		/* bothSides: every row beside the picture has text left and right of it. */
		float x0 = img->u.image.x - 9, x1 = img->u.image.x + img->u.image.w + 9, y;
		CHECK(fabsf(img->u.image.x + img->u.image.w / 2 - 297.6f) < 1);
		glyph_span(&d->pages[0], img->u.image.y + 3, img->u.image.y + img->u.image.h, x0, x1,
		           &in, &l, &r);
		CHECK(l > 20 && r > 20);
		CHECK_EQ_INT(in, 0);
		/* Of the six rows beside it, all but the first paragraph's last have both. */
		for (y = img->u.image.y; y < img->u.image.y + img->u.image.h; y += 15.6f) {
			glyph_span(&d->pages[0], y - 7.8f, y + 7.8f, x0, x1, &in, &l, &r);
			rows += l > 0 && r > 0;
		}
		CHECK_EQ_INT(rows, 5);
	}
	if (box) {
		/* side="left": nothing right of the VML box on its rows but its own text. */
		glyph_span(&d->pages[0], box->u.rect.y + 4, box->u.rect.y + box->u.rect.h,
		           box->u.rect.x, box->u.rect.x + box->u.rect.w + 1, &in, &l, &r);
		CHECK(l > 20);
		CHECK_EQ_INT(r, 0);
	}
	tb_dl_doc_free(d);
	tb_ctx_free(ctx);
}

TEST(footnotes_of_table_rows_stay_with_their_row)
{
	tb_ctx *ctx;
	tb_dl_doc *d;
	const tb_dl_item *note2, *row8;
	float sep = 0, lowest = 0;
	size_t i;
	if (tb_ctx_new(&ctx) != TB_OK)
		abort(); /* out of memory: nothing to test */
	d = lay(ctx, "table_notes.docx");
	CHECK(d && d->npages == 2);
	if (!d || d->npages != 2) {
		tb_dl_doc_free(d);
		tb_ctx_free(ctx);
		return;
	}
	/* Page 1: the rows with notes 2 and 5 and their notes; the table ends above the
	 * separator. */
	note2 = text_at(&d->pages[0], "行的脚注"); /* the first note's text, after its number */
	CHECK(note2 && page_has(&d->pages[0], "第2行的脚注") && page_has(&d->pages[0], "第5行的脚注"));
	for (i = 0; i < d->pages[0].n; i++) {
		const tb_dl_item *it = &d->pages[0].items[i];
		if (it->kind != TB_DL_RULE || it->u.rule.y1 != it->u.rule.y2)
			continue;
		if (it->u.rule.x2 - it->u.rule.x1 < 150 && note2 && it->u.rule.y1 < note2->u.glyphs.y)
			sep = it->u.rule.y1;
		else if (it->u.rule.x2 - it->u.rule.x1 > 300 && it->u.rule.y1 > lowest)
			lowest = it->u.rule.y1;
	}
	CHECK(sep > 600 && lowest > 600 && lowest < sep);
	/* Row 8 fits on page 1 but not with its note: both are on page 2. */
	CHECK(!page_has(&d->pages[0], "项目8"));
	CHECK(page_has(&d->pages[1], "项目8") && page_has(&d->pages[1], "第8行的脚注"));
	row8 = text_at(&d->pages[1], "项目");
	CHECK(row8 && row8->u.glyphs.y < 100); /* row 8 heads page 2 */
	CHECK(!page_has(&d->pages[1], "第5行的脚注"));
	tb_dl_doc_free(d);
	tb_ctx_free(ctx);
}

TEST(odt_section_columns)
{
	tb_ctx *ctx;
	tb_dl_doc *d;
	const tb_dl_item *before, *after;
	float top = 0;
	int in, l, r;
	if (tb_ctx_new(&ctx) != TB_OK)
		abort(); /* out of memory: nothing to test */
	d = lay(ctx, "odt_columns.odt");
	CHECK(d && d->npages == 1);
	if (!d) {
		tb_ctx_free(ctx);
		return;
	}
	before = text_at(&d->pages[0], "区段前的单栏正文");
	after = text_at(&d->pages[0], "区段后恢复单栏");
	CHECK(before && after);
	/* Two columns with a rule between them at the middle of the page. */
	CHECK(vrule(&d->pages[0], 297.6f, 100, &top));
	if (before && after) {
		CHECK(top > before->u.glyphs.y && top < after->u.glyphs.y);
		glyph_span(&d->pages[0], top, after->u.glyphs.y - 5, 286.5f, 308, &in, &l, &r);
		CHECK(l > 100 && r > 100);
		CHECK_EQ_INT(in, 0);
		/* The text after the section spans the page again. */
		glyph_span(&d->pages[0], after->u.glyphs.y + 10, after->u.glyphs.y + 20, 286.5f, 308,
		           &in, &l, &r);
		CHECK(in > 0);
	}
	tb_dl_doc_free(d);
	tb_ctx_free(ctx);
}

TEST(header_fields)
{
	static const char *const chapter[3] = {"第一章", "第一章", "第二章"};
	tb_ctx *ctx;
	tb_dl_doc *d;
	size_t p, i;
	if (tb_ctx_new(&ctx) != TB_OK)
		abort(); /* out of memory: nothing to test */
	d = lay(ctx, "header_fields.docx");
	CHECK(d && d->npages == 3);
	for (p = 0; d && p < d->npages && p < 3; p++) {
		const tb_dl_page *pg = &d->pages[p];
		const tb_dl_item *date;
		bool table_rule = false;
		/* STYLEREF "heading 1": the first heading on the page, else the one before. */
		CHECK(text_in(pg, chapter[p], 0, 60) != NULL);
		CHECK(!page_has(pg, "旧的章名"));
		/* DATE as saved, in the header (complex field) and the footer (simple field). */
		CHECK(page_has(pg, "2024年3月15日") && page_has(pg, "2024-03-15"));
		/* The footer's table spans the footer's width, its text inside it. */
		date = text_in(pg, "2024-03-15", 700, 842);
		CHECK(date && date->u.glyphs.glyphs[0].x > 400 &&
		      date->u.glyphs.glyphs[date->u.glyphs.n - 1].x < 505.3f - 5);
		CHECK(text_in(pg, "内部资料", 700, 842) != NULL);
		for (i = 0; i < pg->n; i++) {
			const tb_dl_item *it = &pg->items[i];
			if (it->kind == TB_DL_RULE && it->u.rule.y1 > 700 && fabsf(it->u.rule.x1 - 90) < 1)
				table_rule = true;
			if (it->kind == TB_DL_RULE && it->u.rule.y1 > 700)
				CHECK(it->u.rule.x2 <= 505.4f && it->u.rule.x1 >= 89.9f);
		}
		CHECK(table_rule);
	}
	if (d)
		CHECK(text_in(&d->pages[2], "第二章", 60, 842) != NULL);
	tb_dl_doc_free(d);
	tb_ctx_free(ctx);
}

static const check_test tests[] = {
	{"paragraph_frames_leave_the_flow", paragraph_frames_leave_the_flow},
	{"text_on_both_sides_of_a_picture", text_on_both_sides_of_a_picture},
	{"footnotes_of_table_rows_stay_with_their_row", footnotes_of_table_rows_stay_with_their_row},
	{"odt_section_columns", odt_section_columns},
	{"header_fields", header_fields},
};

int main(void)
{
	return check_run(tests, sizeof(tests) / sizeof(tests[0]));
}
