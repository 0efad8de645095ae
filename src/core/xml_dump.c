/* xml_dump.c: a tree back to bytes, exactly as libxml2's xmlDocDumpMemoryEnc(doc, "UTF-8")
 * writes it (libxml2 2.9's xmlsave.c, without formatting): the XML declaration, each child
 * of the document followed by a newline, empty elements as <a/>, namespace declarations
 * before attributes, attribute values with & < > " TAB LF CR escaped, text with & < > CR
 * escaped, UTF-8 as it is. libxml2's writer passes every byte through an output buffer and
 * a UTF-8 to UTF-8 "conversion"; serialising a filled report's 300 KB document.xml was 5%
 * of a batch. (libxml2 gives the tree the encoding it writes in for the time of the dump,
 * so the parsed document's own encoding changes nothing.) A tree this writer does not know
 * byte for byte (CDATA sections, entity references, a DTD, XInclude marks) goes to libxml2. */
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "core/buf.h"
#include "core/xml.h"

/* What each byte is to put_escaped, as a mask: bit 1 ends a plain run in text, bit 2 in an
 * attribute's value (both for the end of the string, < > & and CR). A table: a switch per byte of a
 * report's 300 KB of text was a jump through a table anyway, and a compare chain before it. */
static const unsigned char special[256] = {
	[0] = 3, ['<'] = 3, ['>'] = 3, ['&'] = 3, ['\r'] = 3, ['"'] = 2, ['\n'] = 2, ['\t'] = 2,
};

/* s escaped as libxml2 escapes text (attr: an attribute's value): plain runs in one put. */
static void put_escaped(tb_buf *b, const xmlChar *s, bool attr)
{
	const xmlChar *run = s;
	unsigned mask = attr ? 2 : 1;
	if (!s)
		return;
	for (;; s++) {
		const char *rep;
		if (!(special[*s] & mask))
			continue;
		switch (*s) {
		case 0:
			tb_buf_put(b, run, (size_t)(s - run));
			return;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '&': rep = "&amp;"; break;
		case '\r': rep = "&#13;"; break;
		case '"': rep = "&quot;"; break;
		case '\n': rep = "&#10;"; break;
		default: rep = "&#9;"; break; /* tab */
		}
		tb_buf_put(b, run, (size_t)(s - run));
		tb_buf_puts(b, rep);
		run = s + 1;
	}
}

/* libxml2's xmlBufWriteQuotedString: double quotes, single ones when the string has a
 * double quote, and &quot; when it has both. Nothing else is escaped. */
static void put_quoted(tb_buf *b, const xmlChar *s)
{
	const char *p = (const char *)s;
	if (!strchr(p, '"')) {
		tb_buf_putc(b, '"');
		tb_buf_puts(b, p);
		tb_buf_putc(b, '"');
	} else if (!strchr(p, '\'')) {
		tb_buf_putc(b, '\'');
		tb_buf_puts(b, p);
		tb_buf_putc(b, '\'');
	} else {
		tb_buf_putc(b, '"');
		for (; *p; p++)
			if (*p == '"')
				tb_buf_puts(b, "&quot;");
			else
				tb_buf_putc(b, *p);
		tb_buf_putc(b, '"');
	}
}

/* A name or prefix (short, NUL-terminated): copied while it fits, without its length first. */
static void put_name(tb_buf *b, const char *s)
{
	if (b->err == TB_OK && b->data) {
		char *d = b->data + b->len, *end = b->data + b->cap - 1;
		while (d < end && *s)
			*d++ = *s++;
		b->len = (size_t)(d - b->data);
		*d = '\0';
		if (!*s)
			return;
	}
	tb_buf_puts(b, s); /* the rest, growing */
}

static void put_qname(tb_buf *b, xmlNsPtr ns, const xmlChar *name)
{
	if (ns && ns->prefix) {
		put_name(b, (const char *)ns->prefix);
		tb_buf_putc(b, ':');
	}
	put_name(b, (const char *)name);
}

/* false: an attribute holds something other than text (an entity reference), which only
 * libxml2 writes. */
static bool put_open(tb_buf *b, xmlNodePtr n)
{
	xmlNsPtr ns;
	xmlAttrPtr a;
	tb_buf_putc(b, '<');
	put_qname(b, n->ns, n->name);
	for (ns = n->nsDef; ns; ns = ns->next) {
		if (ns->type != XML_LOCAL_NAMESPACE || !ns->href ||
		    (ns->prefix && !strcmp((const char *)ns->prefix, "xml")))
			continue;
		tb_buf_puts(b, " xmlns");
		if (ns->prefix) {
			tb_buf_putc(b, ':');
			tb_buf_puts(b, (const char *)ns->prefix);
		}
		tb_buf_putc(b, '=');
		put_quoted(b, ns->href);
	}
	for (a = n->properties; a; a = a->next) {
		xmlNodePtr t;
		tb_buf_putc(b, ' ');
		put_qname(b, a->ns, a->name);
		tb_buf_puts(b, "=\"");
		for (t = a->children; t; t = t->next) {
			if (t->type != XML_TEXT_NODE)
				return false;
			put_escaped(b, t->content, true);
		}
		tb_buf_putc(b, '"');
	}
	return true;
}

/* Depth first without recursion: a hostile template may nest deeper than the stack. False
 * at a node this writer does not know byte for byte (CDATA, an entity reference, raw text):
 * the caller starts again with libxml2. (Asking first took a walk of the whole tree, 1.4% of
 * a batch, for trees that never have one.) */
static bool put_tree(tb_buf *b, xmlNodePtr top)
{
	xmlNodePtr n = top;
	while (n) {
		switch (n->type) {
		case XML_ELEMENT_NODE:
			if (!put_open(b, n))
				return false;
			if (n->children) {
				tb_buf_putc(b, '>');
				n = n->children;
				continue;
			}
			tb_buf_puts(b, "/>");
			break;
		case XML_TEXT_NODE:
			if (n->name && !strcmp((const char *)n->name, "textnoenc")) /* xmlStringTextNoenc: raw */
				return false;
			put_escaped(b, n->content, false);
			break;
		case XML_COMMENT_NODE:
			tb_buf_puts(b, "<!--");
			if (n->content)
				tb_buf_puts(b, (const char *)n->content);
			tb_buf_puts(b, "-->");
			break;
		case XML_PI_NODE:
			tb_buf_puts(b, "<?");
			tb_buf_puts(b, (const char *)n->name);
			if (n->content) {
				tb_buf_putc(b, ' ');
				tb_buf_puts(b, (const char *)n->content);
			}
			tb_buf_puts(b, "?>");
			break;
		default:
			return false;
		}
		/* next: a sibling, else close parents until one has a sibling */
		while (n != top && !n->next) {
			n = n->parent;
			tb_buf_puts(b, "</");
			put_qname(b, n->ns, n->name);
			tb_buf_putc(b, '>');
		}
		if (n == top)
			break;
		n = n->next;
	}
	return true;
}

/* What libxml2 writes, in a buffer of ours; NULL when out of memory. */
static char *dump_by_libxml2(xmlDocPtr doc, size_t *len)
{
	tb_buf b = TB_BUF_INIT;
	xmlChar *mem = NULL;
	int n = 0;
	xmlDocDumpMemoryEnc(doc, &mem, &n, "UTF-8");
	if (!mem)
		return NULL;
	if (tb_buf_put(&b, mem, (size_t)n) != TB_OK)
		b.err = TB_ENOMEM;
	xmlFree(mem);
	return tb_buf_detach(&b, len);
}

char *tb_xml_dump(xmlDocPtr doc, size_t *len)
{
	tb_buf b = TB_BUF_INIT;
	xmlNodePtr n;
	*len = 0;
	if (!doc || doc->intSubset || doc->extSubset)
		return doc ? dump_by_libxml2(doc, len) : NULL;
	if (tb_buf_grow(&b, 4096) != TB_OK)
		return NULL;
	tb_buf_puts(&b, "<?xml version=");
	if (doc->version)
		put_quoted(&b, doc->version);
	else
		tb_buf_puts(&b, "\"1.0\"");
	tb_buf_puts(&b, " encoding=\"UTF-8\"");
	if (doc->standalone == 0)
		tb_buf_puts(&b, " standalone=\"no\"");
	else if (doc->standalone == 1)
		tb_buf_puts(&b, " standalone=\"yes\"");
	tb_buf_puts(&b, "?>\n");
	for (n = doc->children; n; n = n->next) {
		if (!put_tree(&b, n)) {
			tb_buf_free(&b);
			return dump_by_libxml2(doc, len);
		}
		tb_buf_putc(&b, '\n');
	}
	if (b.err == TB_OK && b.cap - b.len > 4096) { /* kept a while by the package: no slack */
		char *fit = realloc(b.data, b.len + 1);
		if (fit) {
			b.data = fit;
			b.cap = b.len + 1;
		}
	}
	return tb_buf_detach(&b, len);
}
