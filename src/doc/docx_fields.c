/* docx_fields.c: STYLEREF fields. `STYLEREF "heading 1" [\l]` (or a heading level, or a
 * style id) becomes a FIELD_STYLEREF inline naming the paragraph style; layout shows the
 * text of the first (\l: last) paragraph of that style on the page, as Word does in headers
 * and footers. The result saved in the file stays as its text, shown when no paragraph of
 * the style is found. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "doc/docx.h"

static bool same_name(const char *a, const char *b)
{
	/* Word matches style names without regard to ASCII case ("Heading 1", "heading 1"). */
	for (; *a && *b; a++, b++)
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return false;
	return !*a && !*b;
}

/* The id of the paragraph style named `name` (its w:name, else its id). */
static const char *style_id(docx_reader *r, const char *name)
{
	size_t i, n = docx_style_count(r);
	char buf[32];
	char *end;
	long level = strtol(name, &end, 10);
	if (end != name && !*end && level >= 1 && level <= 9) {
		/* STYLEREF 1: the built-in heading of that level. */
		snprintf(buf, sizeof(buf), "heading %ld", level);
		name = buf;
	}
	/* every style of the part, a kept partial tree's read for it */
	for (i = 0; i < n; i++) {
		const docx_style *s = docx_style_at(r, i);
		xmlNodePtr c;
		if (!s || s->type != 'p')
			continue;
		for (c = s->node ? s->node->children : NULL; c; c = c->next)
			if (docx_is(c, "name")) {
				char *v = docx_attr(c, "val");
				bool eq = v && same_name(v, name);
				xmlFree(v);
				if (eq)
					return s->id;
				break;
			}
	}
	for (i = 0; i < n; i++) {
		const docx_style *s = docx_style_at(r, i);
		if (s && s->type == 'p' && s->id && same_name(s->id, name))
			return s->id;
	}
	return NULL;
}

bool docx_is_styleref(const char *instr)
{
	while (*instr == ' ')
		instr++;
	return !strncmp(instr, "STYLEREF", 8) && (instr[8] == ' ' || !instr[8]);
}

tb_status docx_styleref_begin(docx_reader *r, tb_block *para, const tb_rprops *rp,
                              const char *instr)
{
	char name[128];
	size_t n = 0;
	const char *p = instr, *id;
	tb_inline *in;
	while (*p == ' ')
		p++;
	p += 8; /* STYLEREF */
	while (*p == ' ')
		p++;
	if (*p == '"') {
		for (p++; *p && *p != '"' && n + 1 < sizeof(name); p++)
			name[n++] = *p;
		if (*p == '"')
			p++;
	} else
		for (; *p && *p != ' ' && *p != '\\' && n + 1 < sizeof(name); p++)
			name[n++] = *p;
	name[n] = 0;
	r->fld_ref = NULL;
	if (!n || !(id = style_id(r, name)))
		return TB_OK; /* an unknown style: the saved result shows */
	if (!(in = tb_block_add_inline(r->doc, para, TB_IN_FIELD_STYLEREF, rp)) ||
	    !(in->ref = tb_doc_strdup(r->doc, id)))
		return TB_ENOMEM;
	in->ref_last = strstr(p, "\\l") != NULL;
	in->text = "";
	r->fld_ref = in;
	r->fld_para = para;
	return TB_OK;
}

tb_status docx_styleref_end(docx_reader *r, tb_block *para)
{
	tb_inline *in = r->fld_ref, *x;
	tb_buf b = TB_BUF_INIT;
	tb_status st = TB_OK;
	r->fld_ref = NULL;
	if (!in || para != r->fld_para)
		return TB_OK; /* a result across paragraphs stays as it is */
	/* The saved result (the inlines after the field) becomes its fallback text. */
	tb_buf_init(&b, 4096);
	for (x = in->next; x; x = x->next)
		if (x->kind == TB_IN_TEXT)
			tb_buf_put(&b, x->text, x->len);
	if (b.len) {
		if (!(in->text = tb_doc_strndup(r->doc, b.data, b.len)))
			st = TB_ENOMEM;
		in->len = b.len;
	}
	tb_buf_free(&b);
	in->next = NULL;
	para->last = in;
	return st;
}
