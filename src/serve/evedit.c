/* evedit.c: the evidence XML changed in place (see evedit.h). */
#include <stdlib.h>
#include <string.h>
#include <libxml/xmlsave.h>

#include "core/buf.h"
#include "core/ctx.h"
#include "core/file.h"
#include "core/utf8.h"
#include "core/xml.h"
#include "serve/evedit.h"

tb_status ev_load(tb_ctx *ctx, const char *path, xmlDocPtr *out)
{
	return tb_xml_read_file(ctx, path, TB_XML_NOBLANKS, out);
}

tb_status ev_save(tb_ctx *ctx, xmlDocPtr doc, const char *path)
{
	xmlChar *mem = NULL;
	int len = 0;
	tb_status st;
	xmlDocDumpFormatMemoryEnc(doc, &mem, &len, "UTF-8", 1);
	if (!mem || len <= 0) {
		xmlFree(mem);
		return TB_ENOMEM;
	}
	st = tb_file_write_atomic(ctx, path, mem, (size_t)len);
	xmlFree(mem);
	return st;
}

char *ev_clean(const char *in, int multiline)
{
	size_t len = strlen(in), i = 0;
	tb_buf b = TB_BUF_INIT;
	char *s, *start, *end;
	tb_buf_init(&b, len * 3 + 16);
	while (i < len) {
		size_t at = i;
		int32_t cp = tb_utf8_next(in, len, &i);
		if (cp < 0) {
			tb_buf_puts(&b, "\xEF\xBF\xBD");
			continue;
		}
		if (cp == '\r') {
			if (i < len && in[i] == '\n')
				continue;
			cp = '\n';
		}
		if (cp == '\n' || cp == '\t') {
			tb_buf_putc(&b, multiline ? (char)cp : ' ');
			continue;
		}
		if (cp < 0x20 || cp == 0x7F || cp == 0xFFFE || cp == 0xFFFF)
			continue;
		tb_buf_put(&b, in + at, i - at);
	}
	s = b.data ? tb_buf_detach(&b, NULL) : strdup("");
	if (!s)
		return NULL;
	for (start = s; *start == ' ' || *start == '\n' || *start == '\t'; start++)
		;
	end = start + strlen(start);
	while (end > start && (end[-1] == ' ' || end[-1] == '\n' || end[-1] == '\t'))
		end--;
	*end = '\0';
	memmove(s, start, (size_t)(end - start) + 1);
	return s;
}

xmlNodePtr ev_child(xmlNodePtr parent, const char *name)
{
	return tb_xml_child(parent, name);
}

xmlNodePtr ev_next(xmlNodePtr node, const char *name)
{
	return tb_xml_next(node, name);
}

xmlNodePtr ev_find_attr(xmlNodePtr parent, const char *name, const char *attr, const char *value)
{
	xmlNodePtr c;
	for (c = ev_child(parent, name); c; c = ev_next(c, name)) {
		xmlChar *v = xmlGetProp(c, (const xmlChar *)attr);
		int same = v && !strcmp((const char *)v, value);
		xmlFree(v);
		if (same)
			return c;
	}
	return NULL;
}

void ev_remove_children(xmlNodePtr parent, const char *name)
{
	xmlNodePtr c, next;
	for (c = parent ? parent->children : NULL; c; c = next) {
		next = c->next;
		if (c->type == XML_ELEMENT_NODE && (!name || !strcmp((const char *)c->name, name))) {
			xmlUnlinkNode(c);
			xmlFreeNode(c);
		}
	}
}

void ev_set_text(xmlNodePtr node, const char *text)
{
	xmlNodePtr c, next;
	for (c = node->children; c; c = next) {
		next = c->next;
		xmlUnlinkNode(c);
		xmlFreeNode(c);
	}
	if (text && *text)
		xmlAddChild(node, xmlNewText((const xmlChar *)text));
}

/* Split "a/b/@c" into element steps and the attribute; steps must be plain names. */
static int split_path(const char *path, char *buf, size_t cap, const char **steps, size_t *nsteps,
                      const char **attr)
{
	char *p;
	size_t n = 0;
	if (strlen(path) >= cap || !*path)
		return 0;
	strcpy(buf, path);
	*attr = NULL;
	for (p = strtok(buf, "/"); p; p = strtok(NULL, "/")) {
		if (*p == '@') {
			if (*attr || !p[1])
				return 0;
			*attr = p + 1;
			continue;
		}
		if (*attr || n >= 8 || strpbrk(p, "[]()*:.=' \"") || !strcmp(p, ".."))
			return 0;
		steps[n++] = p;
	}
	*nsteps = n;
	return 1;
}

xmlNodePtr ev_node(xmlDocPtr doc, const char *path, int create)
{
	char buf[256];
	const char *steps[8], *attr;
	size_t n, i;
	xmlNodePtr cur = xmlDocGetRootElement(doc);
	if (!cur || !split_path(path, buf, sizeof buf, steps, &n, &attr))
		return NULL;
	for (i = 0; i < n && cur; i++) {
		xmlNodePtr next = ev_child(cur, steps[i]);
		if (!next && create)
			next = xmlNewChild(cur, NULL, (const xmlChar *)steps[i], NULL);
		cur = next;
	}
	return cur;
}

static const char *path_attr(const char *path)
{
	const char *at = strrchr(path, '@');
	return at && (at == path || at[-1] == '/') ? at + 1 : NULL;
}

char *ev_get(xmlDocPtr doc, const char *path)
{
	xmlNodePtr n = ev_node(doc, path, 0);
	const char *attr = path_attr(path);
	char *v;
	if (!n)
		return strdup("");
	if (attr) {
		v = tb_xml_attr(n, attr);
		return v ? v : strdup("");
	}
	v = tb_xml_text(n);
	return v ? v : strdup("");
}

void ev_set(xmlDocPtr doc, const char *path, const char *value, int multiline)
{
	char *v = ev_clean(value ? value : "", multiline);
	const char *attr = path_attr(path);
	xmlNodePtr n;
	if (!v)
		return;
	n = ev_node(doc, path, 1);
	if (n) {
		if (attr)
			xmlSetProp(n, (const xmlChar *)attr, (const xmlChar *)v);
		else
			ev_set_text(n, v);
	}
	free(v);
}

char *ev_get_paras(xmlDocPtr doc, const char *path)
{
	xmlNodePtr n = ev_node(doc, path, 0), p;
	tb_buf b = TB_BUF_INIT;
	tb_buf_init(&b, 0);
	for (p = n ? ev_child(n, "p") : NULL; p; p = ev_next(p, "p")) {
		char *t = tb_xml_text(p);
		if (b.len)
			tb_buf_puts(&b, "\n\n");
		tb_buf_puts(&b, t ? t : "");
		free(t);
	}
	return b.data ? tb_buf_detach(&b, NULL) : strdup("");
}

/* Start of the next paragraph after a blank line (spaces allowed on it) at or after p, with
 * *end set to where this paragraph stops; NULL when p's paragraph is the last. */
static char *para_break(char *p, char **end)
{
	char *q;
	for (q = p; *q; q++) {
		char *r;
		if (*q != '\n')
			continue;
		for (r = q + 1; *r == ' ' || *r == '\t'; r++)
			;
		if (*r == '\n') {
			*end = q;
			while (*r == '\n' || *r == ' ' || *r == '\t')
				r++;
			return r;
		}
	}
	*end = q;
	return NULL;
}

void ev_set_paras(xmlDocPtr doc, const char *path, const char *text)
{
	char *v = ev_clean(text ? text : "", 1), *p, *end, *next;
	xmlNodePtr n;
	if (!v)
		return;
	if (!(n = ev_node(doc, path, 1))) {
		free(v);
		return;
	}
	ev_remove_children(n, "p");
	for (p = v; p && *p; p = next) {
		char *para;
		next = para_break(p, &end);
		*end = '\0';
		para = ev_clean(p, 1);
		if (para && *para)
			xmlNewTextChild(n, NULL, (const xmlChar *)"p", (const xmlChar *)para);
		free(para);
	}
	free(v);
}

xmlNodePtr ev_item(xmlDocPtr doc, const char *indicator, int create)
{
	xmlNodePtr sa = ev_node(doc, "self-assessment", create), it;
	if (!sa)
		return NULL;
	it = ev_find_attr(sa, "item", "indicator", indicator);
	if (!it && create) {
		it = xmlNewChild(sa, NULL, (const xmlChar *)"item", NULL);
		xmlSetProp(it, (const xmlChar *)"indicator", (const xmlChar *)indicator);
		xmlSetProp(it, (const xmlChar *)"points", (const xmlChar *)"");
		xmlSetProp(it, (const xmlChar *)"attachments", (const xmlChar *)"");
		xmlNewChild(it, NULL, (const xmlChar *)"explanation", NULL);
	}
	return it;
}

void ev_item_criterion(xmlNodePtr item, const char *ref, const char *points)
{
	xmlNodePtr c = ev_find_attr(item, "criterion", "ref", ref), after, n;
	char *v = ev_clean(points ? points : "", 0);
	if (!v)
		return;
	if (!*v) {
		if (c) {
			xmlUnlinkNode(c);
			xmlFreeNode(c);
		}
		free(v);
		return;
	}
	if (!c) {
		/* <explanation>, then the criteria, then the conditions */
		c = xmlNewNode(NULL, (const xmlChar *)"criterion");
		xmlSetProp(c, (const xmlChar *)"ref", (const xmlChar *)ref);
		after = NULL;
		for (n = item->children; n; n = n->next)
			if (n->type == XML_ELEMENT_NODE && (!strcmp((const char *)n->name, "explanation") ||
			                                    !strcmp((const char *)n->name, "criterion")))
				after = n;
		if (after)
			xmlAddNextSibling(after, c);
		else if (item->children)
			xmlAddPrevSibling(item->children, c);
		else
			xmlAddChild(item, c);
	}
	xmlSetProp(c, (const xmlChar *)"points", (const xmlChar *)v);
	free(v);
}
