/* data.c: the data a template is filled from. XML is used as it is; JSON is mapped to the
 * XML tree the tags see (docs/tags.md, "JSON data"): objects become elements, arrays repeated
 * elements, and JSON's own truth (false, 0, "" and null are false; "false" is a true string)
 * is kept beside the tree, so the same tags work on both. */
#include <stdlib.h>
#include <string.h>

#include <libxml/parserInternals.h>

#include "core/ctx.h"
#include "core/file.h"
#include "core/i18n.h"
#include "core/json.h"
#include "core/utf8.h"
#include "core/xml.h"
#include "fill/fill_int.h"

#define JSON_ROOT "data"
#define JSON_ITEM "item" /* items of an array inside an array */

static int valid_start(int c)
{
	return c == '_' || xmlIsLetter(c);
}

static int valid_char(int c)
{
	return valid_start(c) || IS_DIGIT(c) || c == '-' || c == '.' || IS_COMBINING(c) ||
	       IS_EXTENDER(c);
}

/* Is s[i..] "_xHHHH_" or "_xHHHHHHHH_"? (an underscore there must itself be escaped) */
static int looks_escaped(const char *s)
{
	size_t n = 0;
	if (s[0] != '_' || s[1] != 'x')
		return 0;
	while (n < 8 && ((s[2 + n] >= '0' && s[2 + n] <= '9') || (s[2 + n] >= 'a' && s[2 + n] <= 'f') ||
	                 (s[2 + n] >= 'A' && s[2 + n] <= 'F')))
		n++;
	return (n == 4 || n == 8) && s[2 + n] == '_';
}

char *fill_json_name(const char *key)
{
	tb_buf b = TB_BUF_INIT;
	size_t i = 0, len = strlen(key);
	int first = 1;
	if (!len)
		return NULL;
	while (i < len) {
		size_t at = i;
		int32_t c = tb_utf8_next(key, len, &i);
		int ok = c >= 0 && (first ? valid_start(c) : valid_char(c));
		if (c == '_' && looks_escaped(key + at))
			ok = 0;
		if (ok)
			tb_buf_put(&b, key + at, i - at);
		else if (c < 0)
			tb_buf_puts(&b, "_xFFFD_");
		else
			tb_buf_printf(&b, c > 0xFFFF ? "_x%08X_" : "_x%04X_", (unsigned)c);
		first = 0;
	}
	return tb_buf_detach(&b, NULL);
}

typedef struct mapper {
	tb_ctx *ctx;
	const char *name;
	fill_data *out;
	size_t capfalsy, capnames;
} mapper;

static tb_status add_falsy(mapper *m, xmlNodePtr n)
{
	fill_data *d = m->out;
	if (d->nfalsy == m->capfalsy) {
		size_t nc = m->capfalsy ? m->capfalsy * 2 : 64;
		xmlNodePtr *v = realloc(d->falsy, nc * sizeof *v);
		if (!v)
			return TB_ENOMEM;
		d->falsy = v;
		m->capfalsy = nc;
	}
	d->falsy[d->nfalsy++] = n;
	return TB_OK;
}

static tb_status add_empty_name(mapper *m, const char *name)
{
	fill_data *d = m->out;
	size_t i;
	for (i = 0; i < d->nempty; i++)
		if (!strcmp(d->empty_names[i], name))
			return TB_OK;
	if (d->nempty == m->capnames) {
		size_t nc = m->capnames ? m->capnames * 2 : 16;
		char **v = realloc(d->empty_names, nc * sizeof *v);
		if (!v)
			return TB_ENOMEM;
		d->empty_names = v;
		m->capnames = nc;
	}
	d->empty_names[d->nempty] = strdup(name);
	return d->empty_names[d->nempty++] ? TB_OK : TB_ENOMEM;
}

static tb_status map_value(mapper *m, xmlNodePtr parent, const char *name, const tb_json *v);

/* One element `name` under parent for a value that is not an array. */
static tb_status map_one(mapper *m, xmlNodePtr parent, const char *name, const tb_json *v)
{
	xmlNodePtr e = xmlNewDocNode(parent->doc, NULL, BAD_CAST name, NULL);
	const tb_json *c;
	char num[32];
	tb_status st = TB_OK;
	if (!e)
		return TB_ENOMEM;
	xmlAddChild(parent, e);
	switch (v->type) {
	case TB_JSON_OBJECT:
		for (c = v->child; c && st == TB_OK; c = c->next) {
			char *cn = fill_json_name(c->key);
			if (!cn) {
				tb_error(m->ctx, "fill.data", m->name, c->line, c->col,
				         N_("Give the member a name: an empty name cannot be written in a tag."),
				         N_("an empty member name"));
				return TB_ERROR;
			}
			st = map_value(m, e, cn, c);
			free(cn);
		}
		return st;
	case TB_JSON_ARRAY: /* an array inside an array: its items are <item> */
		for (c = v->child; c && st == TB_OK; c = c->next)
			st = map_value(m, e, JSON_ITEM, c);
		if (st == TB_OK && !v->child)
			st = add_empty_name(m, JSON_ITEM);
		return st;
	case TB_JSON_STRING:
		if (v->len)
			xmlAddChild(e, xmlNewDocTextLen(parent->doc, BAD_CAST v->str, (int)v->len));
		else
			st = add_falsy(m, e);
		return st;
	case TB_JSON_NUMBER:
		tb_json_number_text(v->num, num);
		xmlAddChild(e, xmlNewDocText(parent->doc, BAD_CAST num));
		return v->num == 0 ? add_falsy(m, e) : TB_OK;
	case TB_JSON_TRUE: xmlAddChild(e, xmlNewDocText(parent->doc, BAD_CAST "true")); return TB_OK;
	case TB_JSON_FALSE:
		xmlAddChild(e, xmlNewDocText(parent->doc, BAD_CAST "false"));
		return add_falsy(m, e);
	case TB_JSON_NULL: return add_falsy(m, e); /* only inside arrays: an item still */
	}
	return TB_OK;
}

static tb_status map_value(mapper *m, xmlNodePtr parent, const char *name, const tb_json *v)
{
	const tb_json *c;
	tb_status st = TB_OK;
	if (v->type == TB_JSON_NULL && strcmp(name, JSON_ITEM))
		return add_empty_name(m, name); /* a member: absent, as docxtemplater looks further out */
	if (v->type != TB_JSON_ARRAY || !strcmp(name, JSON_ITEM))
		return map_one(m, parent, name, v);
	/* an array member: one element per item */
	if (!v->child)
		return add_empty_name(m, name);
	for (c = v->child; c && st == TB_OK; c = c->next)
		st = map_one(m, parent, name, c);
	return st;
}

static int cmp_ptr(const void *a, const void *b)
{
	const void *x = *(const void *const *)a, *y = *(const void *const *)b;
	return x < y ? -1 : x > y;
}

static tb_status read_json(tb_ctx *ctx, const char *name, const char *bytes, size_t len,
                           fill_data *out)
{
	tb_json *root = NULL;
	mapper m;
	xmlNodePtr top;
	tb_status st = tb_json_parse(ctx, name, bytes, len, &root);
	const tb_json *c;
	if (st != TB_OK)
		return st;
	if (root->type != TB_JSON_OBJECT) {
		tb_error(ctx, "fill.data", name, root->line, root->col,
		         N_("Put the values in one object: {\"name\": \"…\", \"items\": […]}."),
		         N_("the data must be a JSON object"));
		tb_json_free(root);
		return TB_ERROR;
	}
	memset(&m, 0, sizeof m);
	m.ctx = ctx;
	m.name = name;
	m.out = out;
	out->json = 1;
	out->doc = xmlNewDoc(BAD_CAST "1.0");
	top = out->doc ? xmlNewDocNode(out->doc, NULL, BAD_CAST JSON_ROOT, NULL) : NULL;
	if (!top) {
		tb_json_free(root);
		return TB_ENOMEM;
	}
	xmlDocSetRootElement(out->doc, top);
	for (c = root->child; c && st == TB_OK; c = c->next) {
		char *cn = fill_json_name(c->key);
		if (!cn) {
			tb_error(ctx, "fill.data", name, c->line, c->col,
			         N_("Give the member a name: an empty name cannot be written in a tag."),
			         N_("an empty member name"));
			st = TB_ERROR;
			break;
		}
		st = map_value(&m, top, cn, c);
		free(cn);
	}
	tb_json_free(root);
	if (st == TB_OK && out->nfalsy)
		qsort(out->falsy, out->nfalsy, sizeof *out->falsy, cmp_ptr);
	return st;
}

static int is_json(const char *name, const char *bytes, size_t len)
{
	char ext[16];
	size_t i = 0;
	tb_path_ext(name, ext, sizeof ext);
	if (!strcmp(ext, "json"))
		return 1;
	if (len >= 3 && !memcmp(bytes, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < len && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\r' || bytes[i] == '\n'))
		i++;
	return i < len && (bytes[i] == '{' || bytes[i] == '[');
}

tb_status fill_data_read(tb_ctx *ctx, const char *name, const char *bytes, size_t len,
                         fill_data *out)
{
	memset(out, 0, sizeof *out);
	if (is_json(name, bytes, len))
		return read_json(ctx, name, bytes, len, out);
	/* typographic quotes in people's files are read as meant (the evidence loader, which
	 * validation runs, says so once) */
	return tb_xml_read(ctx, name, bytes, len, TB_XML_NOBLANKS | TB_XML_FORGIVE_SILENT, &out->doc);
}

void fill_data_free(fill_data *d)
{
	size_t i;
	if (d->doc) {
		if (d->json)
			xmlFreeDoc(d->doc);
		else
			tb_xml_free(d->doc);
	}
	for (i = 0; i < d->nempty; i++)
		free(d->empty_names[i]);
	free(d->empty_names);
	free(d->falsy);
	memset(d, 0, sizeof *d);
}

int fill_data_falsy(const fill_data *d, xmlNodePtr n)
{
	return d->nfalsy && bsearch(&n, d->falsy, d->nfalsy, sizeof *d->falsy, cmp_ptr) != NULL;
}

int fill_data_declared_empty(const fill_data *d, const char *name)
{
	size_t i;
	for (i = 0; i < d->nempty; i++)
		if (!strcmp(d->empty_names[i], name))
			return 1;
	return 0;
}

static int blank(const xmlChar *s)
{
	for (; s && *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return 0;
	return 1;
}

static int has_element_sibling(xmlNodePtr t)
{
	xmlNodePtr c;
	for (c = t->parent ? t->parent->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return 1;
	return 0;
}

/* Text of n's subtree without the indentation between elements. */
static void gather_text(xmlNodePtr n, tb_buf *out, int depth)
{
	xmlNodePtr c;
	if (depth > 256)
		return;
	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		if (!(blank(n->content) && has_element_sibling(n)))
			tb_buf_puts(out, (const char *)n->content);
		return;
	}
	if (n->type == XML_ATTRIBUTE_NODE) {
		xmlChar *v = xmlNodeGetContent(n); /* "" for an empty value: NULL is a failed copy */
		if (v)
			tb_buf_puts(out, (const char *)v);
		else
			tb_xml_edit_nomem();
		xmlFree(v);
		return;
	}
	for (c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE || c->type == XML_TEXT_NODE ||
		    c->type == XML_CDATA_SECTION_NODE)
			gather_text(c, out, depth + 1);
}

void fill_data_text(const fill_data *d, xmlNodePtr n, tb_buf *out)
{
	size_t start = out->len, s, e;
	gather_text(n, out, 0);
	if (d->json || n->type == XML_NAMESPACE_DECL)
		return;
	if (n->type != XML_ATTRIBUTE_NODE && xmlNodeGetSpacePreserve(n) == 1)
		return; /* xml:space="preserve": the spaces are meant */
	/* trim what was appended */
	s = start;
	e = out->len;
	while (s < e && (out->data[s] == ' ' || out->data[s] == '\t' || out->data[s] == '\n' ||
	                 out->data[s] == '\r'))
		s++;
	while (e > s && (out->data[e - 1] == ' ' || out->data[e - 1] == '\t' ||
	                 out->data[e - 1] == '\n' || out->data[e - 1] == '\r'))
		e--;
	if (s > start)
		memmove(out->data + start, out->data + s, e - s);
	out->len = start + (e - s);
	if (out->data)
		out->data[out->len] = '\0';
}
