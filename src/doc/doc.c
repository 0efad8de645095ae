/* doc.c: the document model's arena, builders and shared defaults. */
#include <stdlib.h>
#include <string.h>

#include "core/ctx.h"
#include "core/opc.h"
#include "core/xml.h"
#include "core/zipread.h"
#include "doc/doc.h"
#include "doc/doc_read.h"

typedef struct tb_arena_chunk {
	struct tb_arena_chunk *next;
	size_t used, cap;
	max_align_t data[];
} tb_arena_chunk;

#define CHUNK_BYTES (64u * 1024)

tb_doc *tb_doc_new(void)
{
	tb_doc *doc = calloc(1, sizeof(tb_doc));
	if (doc) {
		/* LibreOffice's settings for an imported DOCX (writerfilter); ODT overrides them. */
		doc->compat.ext_leading = true;
		doc->compat.para_space_at_start = true;
		doc->compat.para_space_in_cells = true;
		doc->compat.line_space_in_cells = true;
		doc->compat.prop_shrinks_first = true;
		doc->compat.ignore_blank_lines = true;
		doc->compat.collapse_empty_cell_para = true;
		doc->compat.header_space_below_last = true;
		doc->compat.tab_over_margin = true;
	}
	return doc;
}

void tb_doc_free(tb_doc *doc)
{
	tb_arena_chunk *c, *n;
	if (!doc)
		return;
	for (c = doc->arena; c; c = n) {
		n = c->next;
		free(c);
	}
	free(doc);
}

void *tb_doc_alloc(tb_doc *doc, size_t size)
{
	tb_arena_chunk *c = doc->arena;
	size_t need = (size + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
	void *p;
	if (size > TB_DOC_MAX_BYTES || doc->arena_used + need > TB_DOC_MAX_BYTES)
		return NULL;
	if (!c || c->cap - c->used < need) {
		size_t cap = need > CHUNK_BYTES ? need : CHUNK_BYTES;
		c = malloc(sizeof(*c) + cap);
		if (!c)
			return NULL;
		c->used = 0;
		c->cap = cap;
		c->next = doc->arena;
		doc->arena = c;
	}
	p = (char *)c->data + c->used;
	c->used += need;
	doc->arena_used += need;
	memset(p, 0, need);
	return p;
}

const char *tb_doc_strndup(tb_doc *doc, const char *s, size_t n)
{
	char *p;
	if (!s)
		return NULL;
	p = tb_doc_alloc(doc, n + 1);
	if (p)
		memcpy(p, s, n);
	return p;
}

const char *tb_doc_strdup(tb_doc *doc, const char *s)
{
	return s ? tb_doc_strndup(doc, s, strlen(s)) : NULL;
}

void tb_rprops_default(tb_rprops *rp)
{
	memset(rp, 0, sizeof(*rp));
	rp->size = 10.5f; /* 五号: Word's default for Chinese documents */
}

void tb_pprops_default(tb_pprops *pp)
{
	memset(pp, 0, sizeof(*pp));
	pp->align = TB_ALIGN_LEFT;
	pp->line_rule = TB_LINE_MULTIPLE;
	pp->line = 1.0f;
	tb_rprops_default(&pp->mark);
}

void tb_pprops_set_tab(tb_pprops *pp, float pos, int align, int leader, bool clear)
{
	int i, j;
	for (i = 0; i < pp->ntabs; i++)
		if (pp->tabs[i].pos > pos - 0.5f && pp->tabs[i].pos < pos + 0.5f) {
			/* replace or clear the stop at this position */
			for (j = i; j + 1 < pp->ntabs; j++)
				pp->tabs[j] = pp->tabs[j + 1];
			pp->ntabs--;
			break;
		}
	if (clear || pp->ntabs >= TB_MAX_TABS || pos < 0 || pos > 10000)
		return;
	for (i = pp->ntabs; i > 0 && pp->tabs[i - 1].pos > pos; i--)
		pp->tabs[i] = pp->tabs[i - 1];
	pp->tabs[i].pos = pos;
	pp->tabs[i].align = (uint8_t)align;
	pp->tabs[i].leader = (uint8_t)leader;
	pp->ntabs++;
}

void tb_section_default(tb_section *s)
{
	memset(s, 0, sizeof(*s));
	s->page_w = 595.3f; /* A4: 11906 x 16838 twips */
	s->page_h = 841.9f;
	s->mar_top = s->mar_bottom = 72.0f;
	s->mar_left = s->mar_right = 90.0f;
	s->header_dist = s->footer_dist = 42.55f;
}

tb_section *tb_doc_add_section(tb_doc *doc)
{
	tb_section *s = tb_doc_alloc(doc, sizeof(*s));
	if (!s)
		return NULL;
	tb_section_default(s);
	if (doc->last)
		doc->last->next = s;
	else
		doc->first = s;
	doc->last = s;
	return s;
}

static tb_block *new_block(tb_doc *doc, tb_block_kind kind)
{
	tb_block *b = tb_doc_alloc(doc, sizeof(*b));
	if (!b)
		return NULL;
	b->kind = kind;
	tb_pprops_default(&b->pp);
	if (kind == TB_BLOCK_TABLE) {
		b->table = tb_doc_alloc(doc, sizeof(*b->table));
		if (!b->table)
			return NULL;
		b->table->mar[1] = b->table->mar[3] = 5.4f; /* Word: 0.19 cm left and right */
	}
	return b;
}

tb_block *tb_story_add_block(tb_doc *doc, tb_story *story, tb_block_kind kind)
{
	tb_block *b = new_block(doc, kind);
	if (!b)
		return NULL;
	if (story->last)
		story->last->next = b;
	else
		story->first = b;
	story->last = b;
	return b;
}

tb_block *tb_cell_add_block(tb_doc *doc, tb_cell *cell, tb_block_kind kind)
{
	tb_block *b = new_block(doc, kind);
	if (!b)
		return NULL;
	if (cell->last)
		cell->last->next = b;
	else
		cell->first = b;
	cell->last = b;
	return b;
}

tb_inline *tb_block_add_inline(tb_doc *doc, tb_block *para, tb_inline_kind kind,
                               const tb_rprops *rp)
{
	tb_inline *in = tb_doc_alloc(doc, sizeof(*in));
	if (!in)
		return NULL;
	in->kind = kind;
	if (rp)
		in->rp = *rp;
	else
		tb_rprops_default(&in->rp);
	if (para->last)
		para->last->next = in;
	else
		para->first = in;
	para->last = in;
	return in;
}

static bool str_eq(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static bool rprops_eq(const tb_rprops *a, const tb_rprops *b)
{
	if (a->scale != b->scale || a->kern != b->kern)
		return false;
	return str_eq(a->font_latin, b->font_latin) && str_eq(a->font_ea, b->font_ea) &&
	       a->size == b->size && a->bold == b->bold && a->italic == b->italic &&
	       a->underline == b->underline && a->strike == b->strike && a->hidden == b->hidden &&
	       a->caps == b->caps &&
	       a->valign == b->valign && !memcmp(&a->color, &b->color, sizeof(tb_rgb)) &&
	       a->has_highlight == b->has_highlight &&
	       !memcmp(&a->highlight, &b->highlight, sizeof(tb_rgb)) && a->size_ea == b->size_ea &&
	       a->letter_spacing == b->letter_spacing;
}

tb_status tb_block_add_text(tb_doc *doc, tb_block *para, const tb_rprops *rp, const char *s,
                            size_t n)
{
	tb_inline *in = para->last;
	if (!n)
		return TB_OK;
	if (in && in->kind == TB_IN_TEXT && rprops_eq(&in->rp, rp)) {
		char *t = tb_doc_alloc(doc, in->len + n + 1);
		if (!t)
			return TB_ENOMEM;
		memcpy(t, in->text, in->len);
		memcpy(t + in->len, s, n);
		in->text = t;
		in->len += n;
		return TB_OK;
	}
	in = tb_block_add_inline(doc, para, TB_IN_TEXT, rp);
	if (!in || !(in->text = tb_doc_strndup(doc, s, n)))
		return TB_ENOMEM;
	in->len = n;
	return TB_OK;
}

tb_row *tb_table_add_row(tb_doc *doc, tb_table *t)
{
	tb_row *r = tb_doc_alloc(doc, sizeof(*r));
	if (!r)
		return NULL;
	if (t->last)
		t->last->next = r;
	else
		t->first = r;
	t->last = r;
	t->nrows++;
	return r;
}

tb_cell *tb_row_add_cell(tb_doc *doc, tb_row *r)
{
	tb_cell *c = tb_doc_alloc(doc, sizeof(*c));
	int i;
	if (!c)
		return NULL;
	c->span = 1;
	c->rowspan = 1;
	for (i = 0; i < 4; i++)
		c->mar[i] = -1;
	if (r->last)
		r->last->next = c;
	else
		r->first = c;
	r->last = c;
	return c;
}

tb_status tb_doc_table_finish(tb_doc *doc, tb_table *t)
{
	tb_row *r;
	tb_cell *c;
	int maxcols = 0, i;
	/* Columns of each cell, and the widest row. */
	for (r = t->first; r; r = r->next) {
		int col = 0;
		for (c = r->first; c; c = c->next) {
			if (c->span < 1)
				c->span = 1;
			if (c->span > TB_DOC_MAX_COLS)
				c->span = TB_DOC_MAX_COLS;
			c->col = col;
			col += c->span;
		}
		if (col > maxcols)
			maxcols = col;
	}
	if (maxcols > TB_DOC_MAX_COLS)
		maxcols = TB_DOC_MAX_COLS;
	if (t->ncols < maxcols) {
		/* The grid is missing or short: widen it with the cells' preferred widths. */
		float *cols = tb_doc_alloc(doc, (size_t)(maxcols ? maxcols : 1) * sizeof(float));
		if (!cols)
			return TB_ENOMEM;
		for (i = 0; i < t->ncols; i++)
			cols[i] = t->cols[i];
		for (; i < maxcols; i++)
			cols[i] = 0;
		t->cols = cols;
		t->ncols = maxcols;
	}
	/* Rowspans: each vertical-merge start counts the continuing cells below it. */
	for (r = t->first; r; r = r->next) {
		for (c = r->first; c; c = c->next) {
			tb_row *r2;
			if (c->vmerge != 1)
				continue;
			c->rowspan = 1;
			for (r2 = r->next; r2; r2 = r2->next) {
				tb_cell *c2;
				for (c2 = r2->first; c2 && c2->col < c->col; c2 = c2->next)
					;
				if (!c2 || c2->col != c->col || c2->vmerge != 2)
					break;
				c->rowspan++;
			}
		}
	}
	return TB_OK;
}

/* The package decides the format (core/opc.c), not the file name. */
static tb_status read_zip(tb_ctx *ctx, tb_zipr *z, const char *name,
                          const tb_doc_read_options *o, tb_doc **out)
{
	tb_doc *doc;
	tb_opc opc;
	tb_xml_edit edit;
	tb_status st;
	tb_doc_read_options def = {0};
	if ((st = tb_opc_detect(ctx, z, name, &opc)) != TB_OK)
		return st;
	if (!(doc = tb_doc_new())) {
		tb_opc_clear(&opc);
		return TB_ENOMEM;
	}
	if (!o)
		o = &def;
	doc->part = tb_doc_strdup(doc, opc.main);
	/* The readers take attribute values and text from libxml2 (xmlNodeGetContent), whose
	 * NULL for a failed copy would read as an absent attribute or an empty run: a failed
	 * allocation of libxml2's anywhere in the reading fails it. */
	tb_xml_edit_begin(&edit);
	if (!doc->part)
		st = TB_ENOMEM;
	else if (opc.kind == TB_OPC_ODT)
		st = tb_odt_read(ctx, z, name, o, doc);
	else
		st = tb_docx_read(ctx, z, name, o, doc);
	if (tb_xml_edit_end(&edit) != TB_OK && st == TB_OK)
		st = TB_ENOMEM;
	tb_opc_clear(&opc);
	if (st == TB_OK && !doc->first && !tb_doc_add_section(doc))
		st = TB_ENOMEM;
	if (st != TB_OK) {
		tb_doc_free(doc);
		return st;
	}
	*out = doc;
	return TB_OK;
}

tb_status tb_doc_read_file(tb_ctx *ctx, const char *path, const tb_doc_read_options *o,
                           tb_doc **out)
{
	tb_zipr *z = NULL;
	tb_status st;
	*out = NULL;
	if ((st = tb_zipr_open_file(ctx, path, NULL, &z)) != TB_OK)
		return st;
	st = read_zip(ctx, z, path, o, out);
	tb_zipr_close(z);
	return st;
}

tb_status tb_doc_read_mem(tb_ctx *ctx, const char *name, const void *data, size_t len,
                          const tb_doc_read_options *o, tb_doc **out)
{
	tb_zip_limits own = TB_ZIP_LIMITS_INIT;
	tb_zipr *z = NULL;
	tb_status st;
	*out = NULL;
	own.min_ratio = 0;
	if ((st = tb_zipr_open_mem(ctx, name, data, len, o && o->own ? &own : NULL, &z)) != TB_OK)
		return st;
	st = read_zip(ctx, z, name, o, out);
	tb_zipr_close(z);
	return st;
}
