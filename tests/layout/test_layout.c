/* test_layout.c: properties of laid-out pages, asserted on the display list: page numbers
 * "第 X 页 共 Y 页" in footers, repeated header rows, seal fields over cells, first-line
 * indents in characters, and the Chinese line-start / line-end prohibitions over every
 * line of every fixture. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/utf8.h"
#include "font/font.h"
#include "layout/lay.h"
#include "layout/layout.h"

static tb_dl_doc *lay(tb_ctx *ctx, const char *name)
{
	char path[4096];
	tb_dl_doc *d = NULL;
	snprintf(path, sizeof(path), "%s/tests/layout/fixtures/%s", getenv("TB_SRC"), name);
	if (tb_layout_document(ctx, path, NULL, &d) != TB_OK)
		tb_diag_print(ctx, stderr);
	return d;
}

/* The text of one page's glyph runs whose baseline lies in [y0, y1), in x order per line
 * (items of a line are emitted left to right). */
static void page_text(const tb_dl_page *p, float y0, float y1, char *out, size_t cap)
{
	size_t i, j, o = 0;
	out[0] = 0;
	for (i = 0; i < p->n; i++) {
		const tb_dl_item *it = &p->items[i];
		if (it->kind != TB_DL_GLYPHS || it->u.glyphs.y < y0 || it->u.glyphs.y >= y1)
			continue;
		for (j = 0; j < it->u.glyphs.n && o + 5 < cap; j++)
			o += tb_utf8_encode(it->u.glyphs.glyphs[j].cp, out + o);
	}
	out[o] = 0;
}

TEST(footer_page_x_of_y)
{
	tb_ctx *ctx;
	tb_dl_doc *d;
	size_t p;
	char buf[256], want[64];
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	d = lay(ctx, "header_footer.docx");
	CHECK(d && d->npages == 4);
	for (p = 0; d && p < d->npages; p++) {
		page_text(&d->pages[p], 760, 842, buf, sizeof(buf));
		snprintf(want, sizeof(want), "第 %zu 页 共 %zu 页", p + 1, d->npages);
		CHECK_EQ_STR(buf, want);
		page_text(&d->pages[p], 0, 60, buf, sizeof(buf));
		CHECK_EQ_STR(buf, "优秀项目申报书");
	}
	tb_dl_doc_free(d);
	tb_ctx_free(ctx);
}

TEST(header_rows_repeat)
{
	tb_ctx *ctx;
	tb_dl_doc *d;
	size_t p;
	char buf[8192];
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	d = lay(ctx, "table_split.docx");
	CHECK(d && d->npages >= 3);
	for (p = 0; d && p < d->npages; p++) {
		page_text(&d->pages[p], 0, 2000, buf, sizeof(buf));
		CHECK(strstr(buf, "序号名称说明") != NULL);
	}
	tb_dl_doc_free(d);
	tb_ctx_free(ctx);
}

TEST(seal_fields_over_cells)
{
	tb_ctx *ctx;
	tb_dl_doc *d;
	size_t i;
	int found = 0;
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	d = lay(ctx, "seal.docx");
	CHECK(d && d->npages == 1);
	for (i = 0; d && i < d->pages[0].n; i++) {
		const tb_dl_item *it = &d->pages[0].items[i];
		if (it->kind != TB_DL_SEAL)
			continue;
		if (!strcmp(it->u.seal.name, "applicant")) {
			found++;
			CHECK(it->u.seal.h >= 113.0f); /* the whole 4 cm cell */
			CHECK_EQ_STR(it->u.seal.label, "申报单位（公章）");
		} else if (!strcmp(it->u.seal.name, "recommender"))
			found++;
		else if (!strcmp(it->u.seal.name, "head"))
			found++;
	}
	CHECK_EQ_INT(found, 3);
	tb_dl_doc_free(d);
	tb_ctx_free(ctx);
}

TEST(first_line_chars_ignored)
{
	tb_ctx *ctx;
	tb_dl_doc *d;
	size_t i;
	int at_margin = 0, indented = 0;
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	d = lay(ctx, "para_align.docx");
	/* w:firstLineChars="200" without w:firstLine: LibreOffice 7 ignores it, so the
	 * paragraph starts at the margin like the five before it, none 21 pt in. */
	for (i = 0; d && i < d->pages[0].n; i++) {
		const tb_dl_item *it = &d->pages[0].items[i];
		if (it->kind != TB_DL_GLYPHS || it->u.glyphs.glyphs[0].cp != 0x6839 /* 根 */)
			continue;
		if (fabsf(it->u.glyphs.glyphs[0].x - 89.85f) < 0.2f)
			at_margin++;
		if (fabsf(it->u.glyphs.glyphs[0].x - (89.85f + 21.0f)) < 0.2f)
			indented++;
	}
	CHECK(at_margin >= 6);
	CHECK_EQ_INT(indented, 0);
	tb_dl_doc_free(d);
	tb_ctx_free(ctx);
}

static bool never_starts(uint32_t c)
{
	static const uint32_t set[] = {0x3002, 0xFF0C, 0x3001, 0xFF1B, 0xFF1A, 0xFF1F, 0xFF01,
	                               0x201D, 0x2019, 0xFF09, 0x3015, 0x3011, 0x300B, 0x3009,
	                               0x300D, 0x300F, 0x00B7, 0xFF5E};
	size_t i;
	for (i = 0; i < sizeof(set) / sizeof(set[0]); i++)
		if (set[i] == c)
			return true;
	return false;
}

static bool never_ends(uint32_t c)
{
	static const uint32_t set[] = {0x201C, 0x2018, 0xFF08, 0x3014, 0x3010, 0x300A, 0x3008,
	                               0x300C, 0x300E};
	size_t i;
	for (i = 0; i < sizeof(set) / sizeof(set[0]); i++)
		if (set[i] == c)
			return true;
	return false;
}

TEST(prohibitions_on_every_line)
{
	static const char *const names[] = {"cjk_break.docx", "para_align.docx", "table_split.docx",
	                                    "header_footer.docx", "table_merge.odt"};
	size_t k, p, i, lines = 0;
	for (k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
		tb_ctx *ctx;
		tb_dl_doc *d;
		CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
		d = lay(ctx, names[k]);
		CHECK(d != NULL);
		for (p = 0; d && p < d->npages; p++) {
			const tb_dl_page *pg = &d->pages[p];
			/* A line: consecutive glyph runs on one baseline; its first and last
			 * characters are those of its leftmost and rightmost runs. */
			for (i = 0; i < pg->n; i++) {
				const tb_dl_item *it = &pg->items[i], *prev = NULL, *next = NULL;
				size_t j;
				if (it->kind != TB_DL_GLYPHS || !it->u.glyphs.n)
					continue;
				for (j = i; j-- > 0;)
					if (pg->items[j].kind == TB_DL_GLYPHS) {
						prev = &pg->items[j];
						break;
					}
				for (j = i + 1; j < pg->n; j++)
					if (pg->items[j].kind == TB_DL_GLYPHS) {
						next = &pg->items[j];
						break;
					}
				if (!prev || prev->u.glyphs.y != it->u.glyphs.y ||
				    prev->u.glyphs.glyphs[0].x > it->u.glyphs.glyphs[0].x) {
					lines++;
					CHECK(!never_starts(it->u.glyphs.glyphs[0].cp));
				}
				if (!next || next->u.glyphs.y != it->u.glyphs.y ||
				    next->u.glyphs.glyphs[0].x < it->u.glyphs.glyphs[0].x)
					CHECK(!never_ends(it->u.glyphs.glyphs[it->u.glyphs.n - 1].cp));
			}
		}
		tb_dl_doc_free(d);
		tb_ctx_free(ctx);
	}
	CHECK(lines > 100);
}

TEST(missing_glyph_reported_not_drawn)
{
	tb_ctx *ctx;
	tb_dl_doc *d;
	size_t i, warned = 0;
	char buf[512], map[1024];
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	/* the faces of the goldens: U+E000 must be missing (BabelStone Han has it) */
	snprintf(map, sizeof map, "%s/tests/layout/fontmap-golden.xml", getenv("TB_SRC"));
	CHECK(tb_fonts_set_map(ctx, map) == TB_OK);
	d = lay(ctx, "missing_glyph.docx");
	CHECK(d != NULL);
	if (d) {
		page_text(&d->pages[0], 0, 2000, buf, sizeof(buf));
		/* Extension B from the Ming face; U+12000 and U+E000 left out, no box. */
		CHECK(strstr(buf, "\xf0\xa0\x80\xbe\xf0\xa1\x88\xbc") != NULL);
		CHECK(strstr(buf, "\xf0\x92\x80\x80") == NULL);
		CHECK(strstr(buf, "\xe2\x96\xa1") == NULL);
	}
	for (i = 0; i < tb_diag_count(ctx); i++) {
		const tb_diag *g = tb_diag_get(ctx, i);
		if (!strcmp(g->code, "font.missing-glyph")) {
			warned++;
			CHECK(g->severity == TB_SEV_ERROR); /* not allowed: an error (issue 13) */
			CHECK_EQ_STR(g->file, "word/document.xml");
			CHECK(g->line > 0);
			CHECK(strstr(g->message, "U+12000") || strstr(g->message, "U+E000"));
		}
	}
	CHECK_EQ_INT(warned, 2);
	tb_dl_doc_free(d);
	tb_ctx_free(ctx);
}

/* A path (a shape or a metafile's lines) in a cell of vertical text is copied turned with arrays
 * of its own: the first merge of turned text and paths shared them, and freeing both pages
 * freed them twice (ASan). */
TEST(turned_copy_owns_its_path)
{
	tb_dl_doc *d = tb_dl_doc_new();
	tb_dl_page *src, *dst;
	static const uint8_t ops[] = {0, 1};
	static const tb_dl_point pts[] = {{1, 2}, {5, 2}};
	lay_turn t = {TB_TEXT_BTLR, 100, 200};
	size_t i, paths = 0;
	CHECK(d != NULL);
	if (!d)
		return;
	src = tb_dl_add_page(d, 100, 100);
	dst = tb_dl_add_page(d, 100, 100);
	CHECK(src && dst);
	if (src && dst) {
		src = &d->pages[0]; /* adding the second page may have moved the first */
		CHECK_EQ_INT(tb_dl_push_path(src, ops, 2, pts, 2, NULL), TB_OK);
		CHECK_EQ_INT(lay_copy_items_turned(dst, src, &t, 0, 10), TB_OK);
		for (i = 0; i < dst->n; i++) {
			const tb_dl_item *it = &dst->items[i];
			if (it->kind != TB_DL_PATH)
				continue;
			paths++;
			CHECK(it->u.path.pts != src->items[0].u.path.pts);
			CHECK(it->u.path.ops != src->items[0].u.path.ops);
			/* turned: the run along the line now runs up the page */
			CHECK(fabsf(it->u.path.pts[0].x - it->u.path.pts[1].x) < 0.01f);
			CHECK(fabsf(it->u.path.pts[0].y - it->u.path.pts[1].y - 4) < 0.01f);
		}
	}
	CHECK_EQ_INT(paths, 1);
	tb_dl_doc_free(d);
}

static const check_test tests[] = {
	{"turned_copy_owns_its_path", turned_copy_owns_its_path},
	{"missing_glyph_reported_not_drawn", missing_glyph_reported_not_drawn},
	{"footer_page_x_of_y", footer_page_x_of_y},
	{"header_rows_repeat", header_rows_repeat},
	{"seal_fields_over_cells", seal_fields_over_cells},
	{"first_line_chars_ignored", first_line_chars_ignored},
	{"prohibitions_on_every_line", prohibitions_on_every_line},
};

int main(void)
{
	return check_run(tests, sizeof(tests) / sizeof(tests[0]));
}
