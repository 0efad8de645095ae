/* fields.c: fields that depend on the pages: STYLEREF in headers and footers shows the text
 * of a paragraph of a given style on the page (a running heading). While the body is laid
 * out, the first line of each paragraph with a style carries an anchor; when its page is
 * finished, the paragraph is recorded with the page (lay_styled_add). Headers and footers,
 * laid out after the body, look the paragraph up as Word does: the first of the style on
 * the page (the last with \l), else the last one before the page. */
#include <stdlib.h>
#include <string.h>

#include "layout/lay.h"

typedef struct lay_styled {
	size_t page;
	const tb_block *b;
} lay_styled;

static bool story_has(const tb_block *b, int depth)
{
	const tb_inline *in;
	const tb_row *r;
	const tb_cell *c;
	for (; b && depth < 8; b = b->next) {
		if (b->kind == TB_BLOCK_PARA) {
			for (in = b->first; in; in = in->next)
				if (in->kind == TB_IN_FIELD_STYLEREF)
					return true;
			continue;
		}
		for (r = b->table ? b->table->first : NULL; r; r = r->next)
			for (c = r->first; c; c = c->next)
				if (story_has(c->first, depth + 1))
					return true;
	}
	return false;
}

bool lay_styleref_used(const tb_doc *doc)
{
	const tb_section *s;
	for (s = doc->first; s; s = s->next) {
		const tb_story *st[6] = {s->header, s->footer, s->header_first, s->footer_first,
		                         s->header_even, s->footer_even};
		int i;
		for (i = 0; i < 6; i++)
			if (st[i] && story_has(st[i]->first, 0))
				return true;
	}
	return false;
}

tb_status lay_styled_add(lay_ctx *L, size_t page, const tb_block *b)
{
	if (L->nstyled == L->capstyled) {
		size_t cap = L->capstyled ? L->capstyled * 2 : 64;
		lay_styled *nv = realloc(L->styled, cap * sizeof(*nv));
		if (!nv)
			return TB_ENOMEM;
		L->styled = nv;
		L->capstyled = cap;
	}
	L->styled[L->nstyled].page = page;
	L->styled[L->nstyled].b = b;
	L->nstyled++;
	return TB_OK;
}

/* The paragraph's text (its label left out, as Word shows it without \n), at most cap - 1
 * bytes, cut at a character boundary. */
static size_t para_text(const tb_block *b, char *buf, size_t cap)
{
	const tb_inline *in;
	size_t n = 0;
	for (in = b->first; in && n + 1 < cap; in = in->next) {
		size_t k;
		if (in->kind != TB_IN_TEXT || in->rp.hidden)
			continue;
		k = in->len < cap - 1 - n ? in->len : cap - 1 - n;
		while (k > 0 && k < in->len && ((unsigned char)in->text[k] & 0xC0) == 0x80)
			k--;
		memcpy(buf + n, in->text, k);
		n += k;
	}
	buf[n] = 0;
	return n;
}

void lay_styleref_text(lay_ctx *L, const tb_inline *in, char *buf, size_t cap, const char **s,
                       size_t *n)
{
	const tb_block *found = NULL;
	size_t i;
	*s = in->text ? in->text : "";
	*n = in->text ? in->len : 0;
	if (!in->ref)
		return;
	/* Records are in page order: on this page, the first (or last); else the last before. */
	for (i = 0; i < L->nstyled; i++) {
		const lay_styled *x = &L->styled[i];
		if (x->page > L->page_index || !x->b->style || strcmp(x->b->style, in->ref))
			continue;
		found = x->b;
		if (x->page == L->page_index && !in->ref_last)
			break;
	}
	if (found) {
		*n = para_text(found, buf, cap);
		*s = buf;
	}
}
