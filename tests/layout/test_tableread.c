/* test_tableread.c: what the readers put in the model for tables and ODT paragraphs:
 * relative ODF columns, covered and repeated cells, border models, LibreOffice settings
 * (settings.xml), ODF leading, letter spacing and East Asian size; DOCX row height rules,
 * can't-split rows and table-style conditional formatting; ODF table templates; cells' text
 * direction. Fixtures from make_table_fixtures.py. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/ctx.h"
#include "doc/doc.h"

static tb_doc *load(tb_ctx *ctx, const char *name)
{
	tb_doc *doc = NULL;
	tb_doc_read_options o = {0};
	if (tb_doc_read_file(ctx, src_path(name), &o, &doc) != TB_OK)
		tb_diag_print(ctx, stderr);
	return doc;
}

static const tb_block *nth_block(const tb_doc *d, int n, tb_block_kind kind)
{
	const tb_block *b;
	for (b = d->first->body.first; b; b = b->next)
		if (b->kind == kind && n-- == 0)
			return b;
	return NULL;
}

static const tb_row *nth_row(const tb_table *t, int n)
{
	const tb_row *r = t->first;
	while (r && n-- > 0)
		r = r->next;
	return r;
}

static const tb_cell *nth_cell(const tb_row *r, int n)
{
	const tb_cell *c = r ? r->first : NULL;
	while (c && n-- > 0)
		c = c->next;
	return c;
}

static const char *cell_text(const tb_cell *c)
{
	return c && c->first && c->first->first && c->first->first->kind == TB_IN_TEXT ?
	               c->first->first->text : "";
}

TEST(odt_relative_columns_and_spans)
{
	tb_ctx *ctx;
	tb_doc *d;
	const tb_table *t;
	const tb_row *r;
	int i;
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	d = load(ctx, "tests/layout/fixtures/odt_table.odt");
	CHECK(d != NULL);
	if (!d) {
		tb_ctx_free(ctx);
		return;
	}
	t = nth_block(d, 0, TB_BLOCK_TABLE)->table;
	/* style:rel-column-width alone: weights 2000:4000:3000:3000 of the table's width. */
	CHECK(t->rel_cols);
	CHECK_EQ_INT(t->ncols, 4);
	CHECK(t->cols[1] == 2 * t->cols[0] && t->cols[2] == t->cols[3]);
	CHECK(t->width > 481 && t->width < 482); /* 17 cm */
	CHECK_EQ_INT(t->inset_rule, TB_INSET_ODF); /* no table:border-model: separated */
	/* Row 2: the merged cell starts in column 1; row 3 continues it there. */
	r = nth_row(t, 1);
	CHECK_EQ_INT(nth_cell(r, 1)->vmerge, 1);
	CHECK_EQ_INT(nth_cell(r, 1)->col, 1);
	CHECK_EQ_INT(nth_cell(r, 1)->rowspan, 2);
	CHECK(nth_cell(r, 0)->mar[1] > 8.4f && nth_cell(r, 0)->mar[1] < 8.6f); /* 0.3 cm */
	CHECK_EQ_INT(nth_cell(r, 0)->valign, TB_VALIGN_CENTER);
	r = nth_row(t, 2);
	CHECK_EQ_INT(r->height_rule, 2);
	CHECK_EQ_INT(nth_cell(r, 1)->vmerge, 2);
	CHECK_EQ_INT(nth_cell(r, 1)->col, 1);
	CHECK_EQ_STR(cell_text(nth_cell(r, 2)), "乙");
	CHECK_EQ_INT(nth_cell(r, 2)->col, 2);
	/* Row 4: three columns spanned, the fourth cell in column 3. */
	r = nth_row(t, 3);
	CHECK_EQ_INT(nth_cell(r, 0)->span, 3);
	CHECK_EQ_INT(nth_cell(r, 1)->col, 3);
	CHECK_EQ_STR(cell_text(nth_cell(r, 1)), "丁");
	/* Row 5: a cell repeated three times keeps its text in each. */
	r = nth_row(t, 4);
	for (i = 0; i < 3; i++)
		CHECK_EQ_STR(cell_text(nth_cell(r, i)), "重复");
	CHECK_EQ_STR(cell_text(nth_cell(r, 3)), "末");
	/* settings.xml */
	CHECK(d->compat.para_space_sum && d->compat.ext_leading && d->compat.para_space_in_cells);
	CHECK(!d->compat.line_space_in_cells); /* missing item: the old behaviour */
	tb_doc_free(d);
	tb_ctx_free(ctx);
}

TEST(odt_paragraph_properties)
{
	tb_ctx *ctx;
	tb_doc *d;
	const tb_block *b;
	int k = 0;
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	d = load(ctx, "tests/layout/fixtures/odt_para.odt");
	CHECK(d != NULL);
	if (!d) {
		tb_ctx_free(ctx);
		return;
	}
	for (b = d->first->body.first; b; b = b->next, k++) {
		const tb_pprops *pp = &b->pp;
		const tb_rprops *rp = b->first ? &b->first->rp : &pp->mark;
		switch (k) {
		case 0: /* the default style: Latin 12 pt, East Asian 10.5 pt */
			CHECK(rp->size == 12 && rp->size_ea == 10.5f);
			CHECK(d->default_tab > 35.4f && d->default_tab < 35.5f); /* 1.25 cm */
			break;
		case 1:
			CHECK(pp->line_rule == TB_LINE_MULTIPLE && pp->line == 1.5f);
			break;
		case 2:
			CHECK(pp->line_rule == TB_LINE_EXACT && pp->line == 20);
			break;
		case 3:
			CHECK(pp->line_rule == TB_LINE_ATLEAST && pp->line == 24);
			break;
		case 4:
			CHECK(pp->line_rule == TB_LINE_MULTIPLE && pp->line == 1 && pp->line_leading == 6);
			break;
		case 6:
			CHECK(pp->align == TB_ALIGN_JUSTIFY && pp->last_center);
			break;
		case 7:
			CHECK(pp->align == TB_ALIGN_DISTRIBUTE);
			break;
		case 9:
			CHECK(pp->contextual_spacing);
			break;
		case 11: /* 0.2 cm padding inside a 0.5 pt border */
			CHECK(pp->ind_left > 6.1f && pp->ind_left < 6.2f && pp->bd_top.width == 0.5f);
			break;
		case 12:
			CHECK(rp->letter_spacing > 1.41f && rp->letter_spacing < 1.42f);
			break;
		case 13:
			CHECK(rp->size == 14 && rp->size_ea == 16);
			break;
		}
	}
	CHECK_EQ_INT(k, 15);
	tb_doc_free(d);
	tb_ctx_free(ctx);
}

TEST(docx_rows_and_table_styles)
{
	tb_ctx *ctx;
	tb_doc *d;
	const tb_table *t;
	const tb_cell *c;
	static const int rules[4] = {2, 1, 1, 1}; /* exact, atLeast, auto, none: minimums */
	int i;
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	d = load(ctx, "tests/layout/fixtures/table_cells.docx");
	CHECK(d != NULL);
	if (d) {
		t = nth_block(d, 0, TB_BLOCK_TABLE)->table;
		for (i = 0; i < 4; i++)
			CHECK_EQ_INT(nth_row(t, i)->height_rule, rules[i]);
		CHECK_EQ_INT(t->inset_rule, TB_INSET_WORD);
		CHECK(!d->table_outdent); /* compatibilityMode 15 */
	}
	tb_doc_free(d);
	d = load(ctx, "tests/layout/fixtures/table_breaks.docx");
	CHECK(d != NULL);
	if (d)
		CHECK(nth_row(nth_block(d, 0, TB_BLOCK_TABLE)->table, 0)->cant_split);
	tb_doc_free(d);
	d = load(ctx, "tests/layout/fixtures/table_style.docx");
	CHECK(d != NULL);
	if (!d) {
		tb_ctx_free(ctx);
		return;
	}
	/* First table: first row, last row, first column and row bands are on. */
	t = nth_block(d, 0, TB_BLOCK_TABLE)->table;
	c = nth_cell(nth_row(t, 0), 1);
	CHECK(c->has_shading && c->shading.r == 0x44 && c->shading.b == 0xC4);
	CHECK(c->first->first->rp.bold && c->first->first->rp.color.r == 0xFF);
	CHECK(c->bd[1].set && c->bd[1].style == 0); /* insideV nil inside the first row */
	c = nth_cell(nth_row(t, 1), 1); /* band 1 */
	CHECK(c->has_shading && c->shading.r == 0xD9);
	CHECK(!c->first->first->rp.bold);
	CHECK(!nth_cell(nth_row(t, 2), 1)->has_shading); /* band 2 */
	CHECK(nth_cell(nth_row(t, 2), 0)->first->first->rp.bold); /* first column */
	c = nth_cell(nth_row(t, 5), 2); /* last row */
	CHECK(c->bd[0].style == 3 && c->first->first->rp.bold);
	CHECK(!c->has_shading);
	/* Second table: only the first row. */
	t = nth_block(d, 1, TB_BLOCK_TABLE)->table;
	CHECK(nth_cell(nth_row(t, 0), 0)->has_shading);
	CHECK(!nth_cell(nth_row(t, 1), 0)->has_shading);
	CHECK(!nth_cell(nth_row(t, 1), 0)->first->first->rp.bold);
	CHECK(!nth_cell(nth_row(t, 5), 0)->first->first->rp.bold);
	tb_doc_free(d);
	tb_ctx_free(ctx);
}

TEST(vertical_text_in_cells)
{
	tb_ctx *ctx;
	tb_doc *d;
	const tb_table *t;
	const tb_row *r;
	if (tb_ctx_new(&ctx) != TB_OK)
		abort(); /* out of memory: nothing to test */
	d = load(ctx, "tests/layout/fixtures/table_vertical.docx");
	CHECK(d != NULL);
	if (d) {
		t = nth_block(d, 0, TB_BLOCK_TABLE)->table;
		r = nth_row(t, 0);
		CHECK_EQ_INT(nth_cell(r, 0)->text_dir, TB_TEXT_BTLR);
		CHECK_EQ_INT(nth_cell(r, 1)->text_dir, TB_TEXT_HORIZONTAL);
		CHECK_EQ_INT(nth_cell(r, 2)->text_dir, TB_TEXT_TBRL);
		r = nth_row(t, 2);
		CHECK_EQ_INT(nth_cell(r, 2)->text_dir, TB_TEXT_TBRL); /* tbRlV */
		CHECK_EQ_INT(nth_cell(nth_row(t, 1), 0)->valign, TB_VALIGN_CENTER);
		tb_doc_free(d);
	}
	d = load(ctx, "tests/layout/fixtures/odt_vertical.odt");
	CHECK(d != NULL);
	if (d) {
		t = nth_block(d, 0, TB_BLOCK_TABLE)->table;
		r = nth_row(t, 0);
		CHECK_EQ_INT(nth_cell(r, 0)->text_dir, TB_TEXT_BTLR); /* loext:writing-mode */
		CHECK_EQ_INT(nth_cell(r, 1)->valign, TB_VALIGN_CENTER);
		CHECK_EQ_INT(nth_cell(r, 3)->text_dir, TB_TEXT_TBRL);
		CHECK_EQ_INT(nth_cell(r, 5)->valign, TB_VALIGN_BOTTOM);
		r = nth_row(t, 1);
		CHECK_EQ_INT(nth_cell(r, 0)->text_dir, TB_TEXT_BTLR); /* style:writing-mode bt-lr */
		CHECK_EQ_INT(nth_cell(r, 1)->text_dir, TB_TEXT_HORIZONTAL); /* rotation-angle */
		CHECK_EQ_INT(nth_cell(r, 2)->text_dir, TB_TEXT_HORIZONTAL);
		tb_doc_free(d);
	}
	tb_ctx_free(ctx);
}

/* ODF table:table-template: each cell takes one part's cell style (first row with its corner
 * from the loext: element, last row, first column, banded rows counted from the first row
 * under the header; last-column styles are off in this table), its paragraphs the part's
 * text properties, and the cell's own style wins. */
TEST(odt_table_template)
{
	tb_ctx *ctx;
	tb_doc *d;
	const tb_table *t;
	const tb_cell *c;
	if (tb_ctx_new(&ctx) != TB_OK)
		abort(); /* out of memory: nothing to test */
	d = load(ctx, "tests/layout/fixtures/odt_template.odt");
	CHECK(d != NULL);
	if (d) {
		t = nth_block(d, 0, TB_BLOCK_TABLE)->table;
		c = nth_cell(nth_row(t, 0), 0); /* first-row-start-column (loext) */
		CHECK(c->has_shading && c->shading.r == 0xC0 && c->shading.g == 0);
		CHECK(c->first->first->rp.bold);
		c = nth_cell(nth_row(t, 0), 1); /* first row */
		CHECK(c->has_shading && c->shading.r == 0x44 && c->shading.b == 0xC4);
		CHECK(c->first->first->rp.bold);
		CHECK(c->bd[0].width > 0.4f && c->bd[0].width < 0.6f);
		c = nth_cell(nth_row(t, 1), 0); /* first column */
		CHECK(c->has_shading && c->shading.r == 0xEE);
		c = nth_cell(nth_row(t, 1), 1); /* the first body row is odd */
		CHECK(c->has_shading && c->shading.r == 0xFF && c->shading.b == 0xFF);
		CHECK(!c->first->first->rp.bold);
		c = nth_cell(nth_row(t, 2), 3); /* even row; no last-column styles in use */
		CHECK(c->has_shading && c->shading.r == 0xDA && c->shading.b == 0xF3);
		CHECK(!c->first->first->rp.bold);
		c = nth_cell(nth_row(t, 3), 3); /* the cell's own shading over the template's */
		CHECK(c->has_shading && c->shading.r == 0xA9 && c->shading.g == 0xD1);
		CHECK(c->bd[2].width > 0.4f); /* the template's border stays */
		c = nth_cell(nth_row(t, 4), 2); /* last row */
		CHECK(c->has_shading && c->shading.r == 0xFF && c->shading.g == 0xE6);
		CHECK(c->first->first->rp.bold);
		CHECK(c->bd[0].width > 2.0f && c->bd[2].width < 1.0f);
		c = nth_cell(nth_row(t, 4), 0); /* last-row-start-column="row" */
		CHECK(c->has_shading && c->shading.g == 0xE6);
		/* The paragraph after the table takes nothing from the template. */
		CHECK(!nth_block(d, 1, TB_BLOCK_PARA)->first->rp.bold);
		tb_doc_free(d);
	}
	tb_ctx_free(ctx);
}

CHECK_MAIN(T(odt_relative_columns_and_spans), T(odt_paragraph_properties),
           T(docx_rows_and_table_styles), T(vertical_text_in_cells),
           T(odt_table_template))
