/* Unit tests for src/core: buffers, UTF-8, diagnostics, safe XML, paths, digests. */
#include <dirent.h>
#include <openssl/evp.h>
#include <malloc.h>
#include <unistd.h>

#include "check.h"
#include "check_diag.h"
#include "core/buf.h"
#include "core/ctx.h"
#include "core/strset.h"
#include "core/digest.h"
#include "core/gcrypt_load.h"
#include "core/file.h"
#include "core/utf8.h"
#include "core/writer.h"
#include "core/xml.h"

TEST(buf_ceiling)
{
	tb_buf b;
	tb_buf_init(&b, 8);
	CHECK_EQ_INT(tb_buf_puts(&b, "12345678"), TB_OK);
	CHECK_EQ_INT(tb_buf_puts(&b, "9"), TB_ELIMIT);
	CHECK_EQ_STR(b.data, "12345678");
	tb_buf_free(&b);
}

/* A detached buffer gives back what doubling left unused (a package holds its documents'
 * bytes until it is written): 70,001 bytes grew the buffer to 131,072. */
TEST(buf_detach_gives_back_slack)
{
	tb_buf b = TB_BUF_INIT;
	size_t i, len = 0;
	char *p;
	for (i = 0; i < 70001; i++)
		CHECK_EQ_INT(tb_buf_putc(&b, (char)('a' + i % 26)), TB_OK);
	CHECK(b.cap >= 131072);
	p = tb_buf_detach(&b, &len);
	CHECK(p && len == 70001 && p[len] == '\0' && p[70000] == 'a' + 70000 % 26);
	CHECK(malloc_usable_size(p) < len + len / 8 + 4096);
	free(p);
}

/* The inline appends and the printf that formats in place: an exact fit, one byte over,
 * a grow mid-way, the ceiling (a put that would pass it fails and keeps nothing), and a
 * failure that sticks. */
TEST(buf_inline_appends_and_printf)
{
	tb_buf b = TB_BUF_INIT;
	size_t i;
	CHECK_EQ_INT(tb_buf_put(&b, NULL, 0), TB_OK); /* nothing: an empty string */
	CHECK(b.data && b.len == 0 && !b.data[0] && b.cap == 64);
	for (i = 0; i + 10 < b.cap; i++)
		CHECK_EQ_INT(tb_buf_putc(&b, 'a'), TB_OK);
	/* 9 bytes left beside the NUL: "%s" of 9 fits exactly, then 1 more grows */
	CHECK_EQ_INT(tb_buf_printf(&b, "%s", "123456789"), TB_OK);
	CHECK_EQ_INT(b.len + 1, b.cap);
	CHECK_EQ_INT(tb_buf_printf(&b, "%d", 7), TB_OK);
	CHECK(b.cap > b.len + 1 && !strcmp(b.data + b.len - 10, "1234567897"));
	for (i = 0; i < 300; i++) /* each printf past the room grows and formats again */
		CHECK_EQ_INT(tb_buf_printf(&b, "<%zu:%s>", i, "xyz"), TB_OK);
	CHECK(strstr(b.data, "<0:xyz><1:xyz>") && strstr(b.data, "<299:xyz>") &&
	      b.data[b.len] == '\0' && strlen(b.data) == b.len);
	tb_buf_free(&b);

	tb_buf_init(&b, 12);
	CHECK_EQ_INT(tb_buf_printf(&b, "%s", "12345678"), TB_OK);
	CHECK_EQ_INT(tb_buf_printf(&b, "%s", "12345"), TB_ELIMIT); /* 13 > 12 */
	CHECK_EQ_STR(b.data, "12345678");
	CHECK_EQ_INT(tb_buf_putc(&b, 'x'), TB_ELIMIT); /* sticks */
	CHECK_EQ_INT(tb_buf_put(&b, "y", 1), TB_ELIMIT);
	CHECK_EQ_STR(b.data, "12345678");
	tb_buf_reset(&b);
	CHECK_EQ_INT(tb_buf_puts(&b, "123456789012"), TB_OK); /* the ceiling itself */
	CHECK_EQ_INT(tb_buf_putc(&b, '3'), TB_ELIMIT);
	CHECK_EQ_STR(b.data, "123456789012");
	tb_buf_free(&b);
}

TEST(buf_xml_escape)
{
	tb_buf b = TB_BUF_INIT;
	const char in[] = "a<b>&\"c\x01";
	tb_buf_put_xml(&b, in, sizeof in - 1);
	CHECK_EQ_STR(b.data, "a&lt;b&gt;&amp;&quot;c");
	tb_buf_free(&b);
}

TEST(utf8_basics)
{
	const char *s = "申报单位AB";
	size_t bad = 99;
	CHECK_EQ_INT(tb_utf8_count(s, strlen(s)), 6);
	CHECK_EQ_INT(tb_utf8_width(s), 10);
	CHECK(tb_utf8_valid(s, strlen(s), NULL));
	CHECK(!tb_utf8_valid("ab\xE4\xB8", 4, &bad));
	CHECK_EQ_INT(bad, 2);
	{
		char out[4];
		CHECK_EQ_INT(tb_utf8_encode(0x20000, out), 4);
		CHECK(memcmp(out, "\xF0\xA0\x80\x80", 4) == 0);
	}
}

TEST(utf8_count_limit)
{
	/* Word limits count characters, not bytes, and not whitespace (U+3000 included). */
	CHECK_EQ_INT(tb_utf8_count_limit("科普 活动\n\t示范\u3000基地 AB"), 10);
	CHECK_EQ_INT(tb_utf8_count_limit(""), 0);
}

/* A prefix that fits, cut before a character that does not fit whole (填 is 3 bytes). */
TEST(utf8_copy_prefix)
{
	char out[6];
	CHECK_EQ_INT(tb_utf8_copy_prefix(out, sizeof out, "ab填表"), 5);
	CHECK_EQ_STR(out, "ab填");
	CHECK_EQ_INT(tb_utf8_copy_prefix(out, sizeof out, "a填表"), 4);
	CHECK_EQ_STR(out, "a填");
	CHECK_EQ_INT(tb_utf8_copy_prefix(out, 3, "填"), 0);
	CHECK_EQ_STR(out, "");
	CHECK_EQ_INT(tb_utf8_copy_prefix(out, sizeof out, NULL), 0);
	CHECK_EQ_STR(out, "");
}

TEST(xml_rejects_doctype)
{
	tb_ctx *ctx;
	xmlDocPtr doc;
	const char *bomb =
		"<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">"
		"<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>\n"
		"<lolz>&lol2;</lolz>";
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	CHECK_EQ_INT(tb_xml_read(ctx, "bomb.xml", bomb, strlen(bomb), 0, &doc), TB_ERROR);
	CHECK(doc == NULL);
	CHECK(has_code(ctx, "xml.doctype"));
	CHECK_EQ_INT(tb_diag_get(ctx, 0)->line, 2);
	tb_ctx_free(ctx);
}

TEST(xml_reports_bad_utf8_position)
{
	tb_ctx *ctx;
	xmlDocPtr doc;
	const char *bad = "<a>\n  <b>ok\xC3</b>\n</a>";
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	CHECK_EQ_INT(tb_xml_read(ctx, "bad.xml", bad, strlen(bad), 0, &doc), TB_ERROR);
	CHECK(has_code(ctx, "xml.encoding"));
	CHECK_EQ_INT(tb_diag_get(ctx, 0)->line, 2);
	CHECK_EQ_INT(tb_diag_get(ctx, 0)->column, 8);
	tb_ctx_free(ctx);
}

/* The scans before libxml2 (core/xml.c) jump over ASCII and quoted values: a bad byte after
 * a long ASCII run and after multibyte text is still found where it is; '=' and '>' inside
 * quoted values are not attributes; one attribute too many is still refused. */
TEST(xml_prescan_fast_paths)
{
	tb_ctx *ctx;
	xmlDocPtr doc;
	tb_buf b = TB_BUF_INIT;
	unsigned i;
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	CHECK(tb_buf_puts(&b, "<a>\n<b>") == TB_OK);
	for (i = 0; i < 1001; i++)
		CHECK(tb_buf_putc(&b, 'x') == TB_OK);
	CHECK(tb_buf_puts(&b, "填表\xE5\xA1</b></a>") == TB_OK); /* a 3-byte sequence cut short */
	CHECK_EQ_INT(tb_xml_read(ctx, "bad.xml", b.data, b.len, 0, &doc), TB_ERROR);
	CHECK(has_code(ctx, "xml.encoding"));
	CHECK_EQ_INT(tb_diag_get(ctx, 0)->line, 2);
	CHECK_EQ_INT(tb_diag_get(ctx, 0)->column, 3 + 1001 + 2 + 1);
	tb_ctx_free(ctx);
	tb_buf_free(&b);

	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	CHECK(tb_buf_puts(&b, "<a x='1=2>3' y=\"a=b=c>\">t</a>") == TB_OK);
	CHECK_EQ_INT(tb_xml_read(ctx, "ok.xml", b.data, b.len, 0, &doc), TB_OK);
	tb_xml_free(doc);
	tb_buf_free(&b);
	/* exactly the limit, each value with an '=' and a '>': accepted */
	CHECK(tb_buf_puts(&b, "<e") == TB_OK);
	for (i = 0; i < TB_XML_MAX_ATTRS; i++)
		CHECK(tb_buf_printf(&b, " a%u=\"x=>%u\"", i, i) == TB_OK);
	CHECK(tb_buf_puts(&b, "/>") == TB_OK);
	CHECK_EQ_INT(tb_xml_read(ctx, "limit.xml", b.data, b.len, 0, &doc), TB_OK);
	tb_xml_free(doc);
	tb_buf_free(&b);
	CHECK(tb_buf_puts(&b, "<e") == TB_OK);
	for (i = 0; i <= TB_XML_MAX_ATTRS; i++)
		CHECK(tb_buf_printf(&b, " a%u='x=>%u'", i, i) == TB_OK);
	CHECK(tb_buf_puts(&b, "/>") == TB_OK);
	CHECK_EQ_INT(tb_xml_read(ctx, "many.xml", b.data, b.len, 0, &doc), TB_ELIMIT);
	CHECK(has_code(ctx, "xml.limit"));
	CHECK(!has_code(ctx, "xml.malformed"));
	tb_buf_free(&b);
	tb_ctx_free(ctx);
}

TEST(xml_gb18030)
{
	tb_ctx *ctx;
	xmlDocPtr doc = NULL;
	/* "<a>中文</a>" in GB18030: D6D0 CEC4 */
	const char *gb = "<?xml version=\"1.0\" encoding=\"GB18030\"?>\n<a>\xD6\xD0\xCE\xC4</a>";
	char *t;
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	CHECK_EQ_INT(tb_xml_read(ctx, "gb.xml", gb, strlen(gb), 0, &doc), TB_OK);
	t = tb_xml_text(xmlDocGetRootElement(doc));
	CHECK_EQ_STR(t, "中文");
	free(t);
	tb_xml_free(doc);
	tb_ctx_free(ctx);
}

TEST(xml_malformed_line)
{
	tb_ctx *ctx;
	xmlDocPtr doc;
	const char *bad = "<a>\n<b>\n</a>";
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	CHECK_EQ_INT(tb_xml_read(ctx, "m.xml", bad, strlen(bad), 0, &doc), TB_ERROR);
	CHECK(has_code(ctx, "xml.malformed"));
	CHECK(tb_diag_get(ctx, 0)->line >= 2);
	tb_ctx_free(ctx);
}

TEST(xml_node_column)
{
	tb_ctx *ctx;
	xmlDocPtr doc;
	unsigned line, col;
	const char *x = "<a>\n  <b/>\n    <c x=\"1\"/>\n</a>";
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	CHECK_EQ_INT(tb_xml_read(ctx, "c.xml", x, strlen(x), TB_XML_NOBLANKS, &doc), TB_OK);
	tb_xml_node_pos(tb_xml_child(xmlDocGetRootElement(doc), "c"), &line, &col);
	CHECK_EQ_INT(line, 3);
	CHECK_EQ_INT(col, 5);
	tb_xml_free(doc);
	tb_ctx_free(ctx);
}

/* tb_xml_read_pruned: a child of the root the filter refuses is not in the tree, nor anything
 * inside it (text, comments, elements); the others are, with their lines. */
static int keep_not_b(void *user, const unsigned char *localname, const unsigned char *uri,
                      int nb_attributes, const unsigned char **attributes)
{
	int i;
	(*(int *)user)++;
	(void)uri;
	for (i = 0; i < nb_attributes; i++)
		if (!strcmp((const char *)attributes[5 * i], "keep"))
			return 1;
	return strcmp((const char *)localname, "b") != 0;
}

TEST(xml_pruned)
{
	static const char x[] = "<r>\n<a>1<b>inner</b></a>\n<b>x<c>y</c><!-- c --></b>\n"
	                        "<b keep=\"1\">kept</b>\n<d/></r>";
	tb_ctx *ctx;
	xmlDocPtr doc;
	xmlNodePtr n;
	int asked = 0;
	unsigned line, col;
	char *text;
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	CHECK_EQ_INT(tb_xml_read_pruned(ctx, "p.xml", x, strlen(x), TB_XML_NOBLANKS, keep_not_b, &asked,
	                                &doc),
	             TB_OK);
	CHECK_EQ_INT(asked, 4); /* the root's children only: a, b, b, d */
	n = xmlDocGetRootElement(doc)->children;
	CHECK(n && !strcmp((const char *)n->name, "a"));
	text = (char *)xmlNodeGetContent(n);
	CHECK(text && !strcmp(text, "1inner")); /* a <b> deeper down is no child of the root */
	xmlFree(text);
	n = n->next;
	CHECK(n && !strcmp((const char *)n->name, "b") && xmlHasProp(n, BAD_CAST "keep"));
	tb_xml_node_pos(n, &line, &col);
	CHECK_EQ_INT(line, 4);
	n = n->next;
	CHECK(n && !strcmp((const char *)n->name, "d") && !n->next);
	tb_xml_free(doc);
	tb_ctx_free(ctx);
}

/* tb_xml_copy: the copy serialises to the same bytes and tells the same positions, past line
 * 65,535 too (where libxml2 keeps a line outside the node's line field), and the same name. */
TEST(xml_copy)
{
	tb_ctx *ctx;
	tb_buf x = TB_BUF_INIT;
	xmlDocPtr doc = NULL, copy = NULL;
	xmlNodePtr a, b;
	xmlChar *m1 = NULL, *m2 = NULL;
	int l1 = 0, l2 = 0, i, checked = 0;
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	CHECK_EQ_INT(tb_buf_puts(&x, "<r xmlns:w=\"urn:w\">\n"), TB_OK);
	for (i = 0; i < 70000; i++)
		CHECK_EQ_INT(tb_buf_printf(&x, "  <w:p n=\"%d\">t%d</w:p>\n", i, i), TB_OK);
	CHECK_EQ_INT(tb_buf_puts(&x, "</r>"), TB_OK);
	CHECK_EQ_INT(tb_xml_read(ctx, "big.xml", x.data, x.len, 0, &doc), TB_OK);
	CHECK_EQ_INT(tb_xml_copy(doc, &copy), TB_OK);
	CHECK(copy && copy != doc);
	CHECK_EQ_STR(tb_xml_doc_name(copy), "big.xml");
	xmlDocDumpMemoryEnc(doc, &m1, &l1, "UTF-8");
	xmlDocDumpMemoryEnc(copy, &m2, &l2, "UTF-8");
	CHECK(m1 && m2 && l1 == l2 && !memcmp(m1, m2, (size_t)l1));
	for (a = xmlDocGetRootElement(doc)->children, b = xmlDocGetRootElement(copy)->children;
	     a && b; a = a->next, b = b->next) {
		unsigned la, ca, lb, cb;
		if (a->type != XML_ELEMENT_NODE)
			continue;
		tb_xml_node_pos(a, &la, &ca);
		tb_xml_node_pos(b, &lb, &cb);
		if (la != lb || ca != cb)
			break;
		checked += la > 65535;
	}
	CHECK(!a && !b);
	CHECK_EQ_INT(checked, 70000 + 2 - 65536);
	xmlFree(m1);
	xmlFree(m2);
	tb_xml_free(copy);
	tb_xml_free(doc);
	tb_buf_free(&x);
	tb_ctx_free(ctx);
}

/* The same for a tree as the fill leaves it: an element moved out of the scope of its
 * namespace's declaration (written with its prefix and no declaration: so is the copy, with
 * no declaration added), xml:space (libxml2's own namespace), a comment; the copy's
 * namespaces are its own. */
TEST(xml_copy_namespaces)
{
	static const char x[] = "<r xmlns:w=\"urn:w\"><a xmlns:p=\"urn:p\"><p:x p:k=\"1\"/></a><b/>"
	                        "<w:t xml:space=\"preserve\"> s </w:t><!-- c --></r>";
	tb_ctx *ctx;
	xmlDocPtr doc = NULL, copy = NULL;
	xmlNodePtr r, px, b, t, ct;
	xmlChar *m1 = NULL, *m2 = NULL;
	int l1 = 0, l2 = 0;
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	CHECK_EQ_INT(tb_xml_read(ctx, "ns.xml", x, strlen(x), 0, &doc), TB_OK);
	r = xmlDocGetRootElement(doc);
	px = r->children->children;
	b = r->children->next;
	xmlUnlinkNode(px);
	xmlAddChild(b, px); /* its p: is declared on <a>, no ancestor now */
	CHECK_EQ_INT(tb_xml_copy(doc, &copy), TB_OK);
	xmlDocDumpMemoryEnc(doc, &m1, &l1, "UTF-8");
	xmlDocDumpMemoryEnc(copy, &m2, &l2, "UTF-8");
	CHECK(m1 && strstr((const char *)m1, "<b><p:x p:k=\"1\"/></b>"));
	CHECK(m1 && m2 && l1 == l2 && !memcmp(m1, m2, (size_t)l1));
	t = xmlDocGetRootElement(copy)->children->next->next;
	ct = xmlDocGetRootElement(copy)->children->next->children;
	CHECK(t && t->properties && t->properties->ns && t->ns);
	CHECK(t && t->properties->ns != r->children->next->next->properties->ns);
	CHECK(t && t->ns == xmlDocGetRootElement(copy)->nsDef);
	CHECK(ct && ct->ns && ct->ns != px->ns && !strcmp((const char *)ct->ns->href, "urn:p"));
	xmlFree(m1);
	xmlFree(m2);
	tb_xml_free(doc); /* the copy stands alone */
	m2 = NULL;
	xmlDocDumpMemoryEnc(copy, &m2, &l2, "UTF-8");
	CHECK(m2 && l2 == l1);
	xmlFree(m2);
	tb_xml_free(copy);
	tb_ctx_free(ctx);
}

/* tb_xml_intern_text: the text of a prepared template moves into its dictionary, and a copy
 * shares it; the copy's text can still be changed and freed (libxml2 frees no dictionary
 * string), and it writes the same bytes as before. */
TEST(xml_intern_text)
{
	static const char x[] = "<r xmlns:w=\"urn:w\"><w:t a=\"long attribute value\">some text "
	                        "long enough not to be interned by the parser</w:t><!-- c -->"
	                        "<w:t>second</w:t></r>";
	tb_ctx *ctx;
	xmlDocPtr doc = NULL, copy = NULL;
	xmlNodePtr t1, c1, t2;
	xmlChar *m1 = NULL, *m2 = NULL;
	int l1 = 0, l2 = 0;
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	CHECK_EQ_INT(tb_xml_read(ctx, "t.xml", x, strlen(x), 0, &doc), TB_OK);
	CHECK(doc->dict != NULL);
	t1 = xmlDocGetRootElement(doc)->children;
	CHECK(xmlDictOwns(doc->dict, t1->children->content) != 1);
	xmlDocDumpMemoryEnc(doc, &m1, &l1, "UTF-8");
	tb_xml_intern_text(doc);
	CHECK(xmlDictOwns(doc->dict, t1->children->content) == 1);
	CHECK(xmlDictOwns(doc->dict, t1->properties->children->content) == 1);
	CHECK_EQ_INT(tb_xml_copy(doc, &copy), TB_OK);
	c1 = xmlDocGetRootElement(copy)->children;
	CHECK(c1->children->content == t1->children->content); /* shared, not copied */
	xmlDocDumpMemoryEnc(copy, &m2, &l2, "UTF-8");
	CHECK(m1 && m2 && l1 == l2 && !memcmp(m1, m2, (size_t)l1));
	xmlFree(m2);
	/* the copy's text changes as any text does; the original's stays */
	xmlNodeSetContent(c1->children, BAD_CAST "filled");
	xmlNodeAddContent(c1->children, BAD_CAST " in");
	xmlSetProp(c1, BAD_CAST "a", BAD_CAST "v");
	t2 = c1->next->next;
	xmlTextConcat(t2->children, BAD_CAST "+", 1);
	xmlFreeNode(xmlNewDocText(copy, BAD_CAST "unused"));
	m2 = NULL;
	xmlDocDumpMemoryEnc(copy, &m2, &l2, "UTF-8");
	CHECK(m2 && strstr((const char *)m2, "<w:t a=\"v\">filled in</w:t>") &&
	      strstr((const char *)m2, "<w:t>second+</w:t>"));
	xmlFree(m2);
	tb_xml_free(copy);
	m2 = NULL;
	xmlDocDumpMemoryEnc(doc, &m2, &l2, "UTF-8");
	CHECK(m2 && l1 == l2 && !memcmp(m1, m2, (size_t)l1));
	xmlFree(m1);
	xmlFree(m2);
	tb_xml_free(doc);
	tb_ctx_free(ctx);
}

/* tb_xml_copy_node: a node copied for its own document and place, the section item's way:
 * namespaces declared around it are the original's pointers (nothing declared again on the
 * copy), those declared inside it are the copy's own; linked beside the original, it
 * serialises as the original does. */
TEST(xml_copy_node_in_place)
{
	static const char x[] = "<w:r xmlns:w=\"urn:w\" xmlns:x=\"urn:x\"><w:tr w:a=\"1\" x:b=\"2\">"
	                        "<w:tc xmlns:p=\"urn:p\"><p:q p:k=\"v\">t &amp; u</p:q><!--c--></w:tc>"
	                        "</w:tr></w:r>";
	tb_ctx *ctx;
	xmlDocPtr doc = NULL;
	xmlNodePtr tr, c, tc, q;
	xmlChar *m = NULL;
	int l = 0;
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	CHECK_EQ_INT(tb_xml_read(ctx, "cn.xml", x, strlen(x), 0, &doc), TB_OK);
	tr = xmlDocGetRootElement(doc)->children;
	c = tb_xml_copy_node(tr);
	CHECK(c && c != tr && c->doc == doc && !c->parent && !c->nsDef);
	CHECK(c && c->ns == tr->ns);                                  /* w: the original's */
	CHECK(c && c->properties && c->properties->next && c->properties->next->ns == tr->properties->next->ns);
	tc = c ? c->children : NULL;
	q = tc ? tc->children : NULL;
	CHECK(tc && tc->nsDef && tc->nsDef != tr->children->nsDef);  /* p: declared inside: its own */
	CHECK(q && q->ns == tc->nsDef && q->properties && q->properties->ns == tc->nsDef);
	CHECK(tr->children->nsDef->_private == NULL);                 /* no marks left */
	CHECK(xmlGetLineNo(c) == xmlGetLineNo(tr));
	if (c)
		xmlAddNextSibling(tr, c);
	xmlDocDumpMemoryEnc(doc, &m, &l, "UTF-8");
	CHECK(m && strstr((const char *)m, "<w:tr w:a=\"1\" x:b=\"2\"><w:tc xmlns:p=\"urn:p\"><p:q p:k=\"v\">t &amp; "
	                                    "u</p:q><!--c--></w:tc></w:tr><w:tr w:a=\"1\" x:b=\"2\"><w:tc "
	                                    "xmlns:p=\"urn:p\"><p:q p:k=\"v\">t &amp; u</p:q><!--c--></w:tc></w:tr>"));
	xmlFree(m);
	tb_xml_free(doc);
	tb_ctx_free(ctx);
}

/* tb_strset: what was added is there, by its bytes (or without ASCII case), through growth;
 * tb_hash_bytes is FNV-1a. */
TEST(strset)
{
	tb_strset a = {0}, b = {0};
	char key[32];
	int i;
	CHECK(!tb_strset_has(&a, "x", 1));
	for (i = 0; i < 1000; i++) {
		snprintf(key, sizeof key, "Style%d", i);
		CHECK(tb_strset_add(&a, key, strlen(key)));
	}
	CHECK(tb_strset_add(&a, "Style7", 6)); /* again: no second copy */
	CHECK_EQ_INT(a.n, 1000);
	CHECK(tb_strset_has(&a, "Style999", 8) && tb_strset_has(&a, "Style0", 6));
	CHECK(!tb_strset_has(&a, "style1", 6) && !tb_strset_has(&a, "Style1000", 9));
	CHECK(tb_strset_has(&a, "Style12x", 7)); /* the first 7 bytes: "Style12" */
	b.nocase = true;
	CHECK(tb_strset_add(&b, "WenQuanYi Zen Hei", 17));
	CHECK(tb_strset_has(&b, "wenquanyi ZEN hei", 17) && !tb_strset_has(&b, "WenQuanYi", 9));
	CHECK(tb_hash_bytes(TB_HASH_INIT, "a", 1) == 0xaf63dc4c8601ec8cu); /* FNV-1a 64 of "a" */
	tb_strset_free(&a);
	tb_strset_free(&b);
}

TEST(paths)
{
	CHECK_EQ_INT(tb_path_check_relative("files/a.jpg"), TB_PATH_OK);
	CHECK_EQ_INT(tb_path_check_relative("../a.jpg"), TB_PATH_DOTDOT);
	CHECK_EQ_INT(tb_path_check_relative("a/../../b"), TB_PATH_DOTDOT);
	CHECK_EQ_INT(tb_path_check_relative("/etc/passwd"), TB_PATH_ABSOLUTE);
	CHECK_EQ_INT(tb_path_check_relative("C:\\x"), TB_PATH_ABSOLUTE);
	CHECK_EQ_INT(tb_path_check_relative("a\\b"), TB_PATH_BACKSLASH);
	CHECK_EQ_INT(tb_path_check_relative(""), TB_PATH_EMPTY);
}

TEST(confine_symlink)
{
	char dir[] = "/tmp/tbtestXXXXXX", *out = NULL, p[4200];
	CHECK(mkdtemp(dir) != NULL);
	snprintf(p, sizeof p, "%s/in.txt", dir);
	{
		FILE *f = fopen(p, "w");
		fputs("x", f);
		fclose(f);
	}
	snprintf(p, sizeof p, "%s/out", dir);
	CHECK(symlink("/etc/hostname", p) == 0);
	CHECK_EQ_INT(tb_path_confine(dir, "in.txt", &out), TB_PATH_OK);
	free(out);
	CHECK_EQ_INT(tb_path_confine(dir, "out", &out), TB_PATH_ESCAPES);
	CHECK_EQ_INT(tb_path_confine(dir, "missing", &out), TB_PATH_MISSING);
	unlink(p);
	snprintf(p, sizeof p, "%s/in.txt", dir);
	unlink(p);
	rmdir(dir);
}

TEST(atomic_write)
{
	tb_ctx *ctx;
	char dir[] = "/tmp/tbtestXXXXXX", p[4200], *data;
	size_t len;
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	CHECK(mkdtemp(dir) != NULL);
	snprintf(p, sizeof p, "%s/out.txt", dir);
	CHECK_EQ_INT(tb_file_write_atomic(ctx, p, "hello", 5), TB_OK);
	CHECK_EQ_INT(tb_file_read(ctx, p, 100, &data, &len), TB_OK);
	CHECK_EQ_STR(data, "hello");
	free(data);
	CHECK_EQ_INT(tb_file_read(ctx, p, 3, &data, &len), TB_ELIMIT);
	/* a record (not synced) replaces the file whole and leaves no temporary beside it */
	CHECK_EQ_INT(tb_file_write_record(ctx, p, "record two", 10), TB_OK);
	CHECK_EQ_INT(tb_file_read(ctx, p, 100, &data, &len), TB_OK);
	CHECK(len == 10 && memcmp(data, "record two", 10) == 0);
	free(data);
	{
		DIR *d = opendir(dir);
		struct dirent *de;
		int entries = 0;
		while (d && (de = readdir(d)))
			entries += de->d_name[0] != '.';
		if (d)
			closedir(d);
		CHECK_EQ_INT(entries, 1);
	}
	unlink(p);
	rmdir(dir);
	snprintf(p, sizeof p, "%s/no/such/dir/x", dir);
	CHECK_EQ_INT(tb_file_write_atomic(ctx, p, "x", 1), TB_EIO);
	CHECK(has_code(ctx, "io.write"));
	tb_diag_clear(ctx);
	CHECK_EQ_INT(tb_file_write_record(ctx, p, "x", 1), TB_EIO);
	CHECK(has_code(ctx, "io.write"));
	tb_ctx_free(ctx);
}

TEST(writers)
{
	tb_ctx *ctx;
	tb_buf b;
	tb_writer w;
	tb_file_writer *fw;
	char dir[] = "/tmp/tbtestXXXXXX", p[4200], *data;
	size_t len;
	DIR *d;
	struct dirent *de;
	int entries = 0;

	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	/* memory: pieces in order, the buffer's ceiling applies */
	tb_buf_init(&b, 8);
	w = tb_writer_buf(&b);
	CHECK_EQ_INT(tb_writer_put(&w, "abc", 3), TB_OK);
	CHECK_EQ_INT(tb_writer_put(&w, "def", 3), TB_OK);
	CHECK_EQ_STR(b.data, "abcdef");
	CHECK_EQ_INT(tb_writer_put(&w, "ghij", 4), TB_ELIMIT);
	tb_buf_free(&b);
	/* a finished buffer handed on: an empty buffer takes its memory; one with bytes, or past
	 * its ceiling, gets them written; a failed buffer gives its status; the source is empty */
	{
		tb_buf src = TB_BUF_INIT, to = TB_BUF_INIT;
		char *mem;
		CHECK_EQ_INT(tb_buf_puts(&src, "document"), TB_OK);
		mem = src.data;
		w = tb_writer_buf(&to);
		CHECK_EQ_INT(tb_writer_put_buf(&w, &src), TB_OK);
		CHECK(to.data == mem && to.len == 8 && !strcmp(to.data, "document"));
		CHECK(!src.data && !src.len && !src.cap);
		CHECK_EQ_INT(tb_buf_puts(&src, "+more"), TB_OK);
		CHECK_EQ_INT(tb_writer_put_buf(&w, &src), TB_OK); /* appended */
		CHECK_EQ_STR(to.data, "document+more");
		CHECK_EQ_INT(tb_buf_putc(&to, '!'), TB_OK); /* still a working buffer */
		CHECK_EQ_STR(to.data, "document+more!");
		CHECK(!src.data);
		tb_buf_free(&to);
		tb_buf_init(&to, 4);
		CHECK_EQ_INT(tb_buf_puts(&src, "too long"), TB_OK);
		CHECK_EQ_INT(tb_writer_put_buf(&w, &src), TB_ELIMIT); /* the ceiling holds */
		CHECK(!to.len && !src.data);
		tb_buf_free(&to);
		tb_buf_init(&src, 2);
		(void)tb_buf_puts(&src, "xyz"); /* fails: the status sticks */
		CHECK_EQ_INT(tb_writer_put_buf(&w, &src), TB_ELIMIT);
		CHECK(!src.data && !to.data);
		tb_buf_free(&to);
	}
	/* file: nothing at the target until the commit */
	CHECK(mkdtemp(dir) != NULL);
	snprintf(p, sizeof p, "%s/out.bin", dir);
	CHECK_EQ_INT(tb_file_writer_open(ctx, p, &fw), TB_OK);
	CHECK_EQ_INT(tb_writer_put(tb_file_writer_get(fw), "one ", 4), TB_OK);
	CHECK(!tb_file_exists(p));
	CHECK_EQ_INT(tb_writer_put(tb_file_writer_get(fw), "two", 3), TB_OK);
	CHECK_EQ_INT(tb_file_writer_finish(fw, TB_OK), TB_OK);
	CHECK_EQ_INT(tb_file_read(ctx, p, 100, &data, &len), TB_OK);
	CHECK_EQ_STR(data, "one two");
	free(data);
	/* a producer that failed: the old file stays, the temporary file goes */
	CHECK_EQ_INT(tb_file_writer_open(ctx, p, &fw), TB_OK);
	CHECK_EQ_INT(tb_writer_put(tb_file_writer_get(fw), "half", 4), TB_OK);
	CHECK_EQ_INT(tb_file_writer_finish(fw, TB_ERROR), TB_ERROR);
	CHECK_EQ_INT(tb_file_read(ctx, p, 100, &data, &len), TB_OK);
	CHECK_EQ_STR(data, "one two");
	free(data);
	d = opendir(dir);
	while (d && (de = readdir(d)))
		if (de->d_name[0] != '.')
			entries++;
	if (d)
		closedir(d);
	CHECK_EQ_INT(entries, 1);
	unlink(p);
	rmdir(dir);
	snprintf(p, sizeof p, "%s/no/such/dir/x", dir);
	CHECK_EQ_INT(tb_file_writer_open(ctx, p, &fw), TB_EIO);
	CHECK(fw == NULL);
	CHECK(has_code(ctx, "io.write"));
	tb_ctx_free(ctx);
}

TEST(digests)
{
	char hex[TB_DIGEST_HEX_MAX];
	CHECK_EQ_INT(tb_digest_mem(TB_SHA256, "abc", 3, hex), TB_OK);
	CHECK_EQ_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	/* GB/T 32905-2016 example A.1 */
	CHECK_EQ_INT(tb_digest_mem(TB_SM3, "abc", 3, hex), TB_OK);
	CHECK_EQ_STR(hex, "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
}

/* SM3 goes through libgcrypt, opened on first use (core/digest.c): the same digests as
 * OpenSSL's SM3, over the standard's second example, 150,001 bytes at once and the same in
 * uneven pieces. */
TEST(sm3_by_libgcrypt_as_by_openssl)
{
	char hex[TB_DIGEST_HEX_MAX], want[TB_DIGEST_HEX_MAX];
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned mdlen = 0, k;
	size_t n = 150001, i, at;
	unsigned char *data = malloc(n);
	tb_digest_stream *d;
	tb_buf abcd = TB_BUF_INIT;
	CHECK(data != NULL);
	for (i = 0; i < 16; i++)
		tb_buf_puts(&abcd, "abcd");
	/* GB/T 32905-2016 example A.2 */
	CHECK_EQ_INT(tb_digest_mem(TB_SM3, abcd.data, abcd.len, hex), TB_OK);
	CHECK_EQ_STR(hex, "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
	CHECK_EQ_INT(tb_gcrypt_lib.state, 1); /* a dependency (scripts/install-deps.sh): used */
	for (i = 0; data && i < n; i++)
		data[i] = (unsigned char)(i * 13 + (i >> 7));
	CHECK(data && EVP_Digest(data, n, md, &mdlen, EVP_sm3(), NULL) && mdlen == 32);
	for (k = 0; k < mdlen; k++)
		snprintf(want + 2 * k, 3, "%02x", md[k]);
	CHECK_EQ_INT(tb_digest_mem(TB_SM3, data, n, hex), TB_OK);
	CHECK_EQ_STR(hex, want);
	CHECK((d = tb_digest_begin(TB_SM3)) != NULL);
	for (at = 0, k = 1; at < n; at += k, k = k * 7 % 9001 + 1)
		tb_digest_update(d, data + at, at + k > n ? n - at : k);
	CHECK_EQ_INT(tb_digest_end(d, hex), TB_OK);
	CHECK_EQ_STR(hex, want);
	tb_buf_free(&abcd);
	free(data);
}

/* Several digests of a file in one read: each as tb_digest_mem gives it, over more than one
 * read buffer (150,001 bytes), and the size; a missing file fails. */
TEST(digests_of_a_file_in_one_read)
{
	static const tb_digest_alg algs[3] = {TB_SM3, TB_SHA256, TB_SHA512};
	char hex[3][TB_DIGEST_HEX_MAX], want[TB_DIGEST_HEX_MAX];
	size_t n = 150001, i, size = 0;
	unsigned char *data = malloc(n);
	tb_ctx *ctx;
	FILE *f;
	CHECK(data && tb_ctx_new(&ctx) == TB_OK);
	for (i = 0; i < n; i++)
		data[i] = (unsigned char)(i * 7 + (i >> 9));
	CHECK((f = fopen("digests.bin", "wb")) != NULL && fwrite(data, 1, n, f) == n && fclose(f) == 0);
	CHECK_EQ_INT(tb_digest_file_each(ctx, "digests.bin", 3, algs, hex, &size), TB_OK);
	CHECK(size == n);
	for (i = 0; i < 3; i++) {
		CHECK_EQ_INT(tb_digest_mem(algs[i], data, n, want), TB_OK);
		CHECK_EQ_STR(hex[i], want);
	}
	CHECK_EQ_INT(tb_digest_file(ctx, TB_SM3, "digests.bin", want), TB_OK);
	CHECK_EQ_STR(hex[0], want);
	CHECK(tb_digest_file_each(ctx, "no-such-file.bin", 1, algs, hex, NULL) != TB_OK);
	unlink("digests.bin");
	free(data);
	tb_ctx_free(ctx);
}

static void codes_of(tb_ctx *ctx, char *out, size_t cap)
{
	size_t i, n = 0;
	out[0] = '\0';
	for (i = 0; i < tb_diag_count(ctx) && n + 2 < cap; i++)
		n += (size_t)snprintf(out + n, cap - n, "%s", tb_diag_get(ctx, i)->code);
}

/* Findings put back in their place (core/ctx.h): a step's moved before a later one's, and a
 * saved set recorded before the findings from an index on; counts follow. */
TEST(diag_moved_and_restored_in_place)
{
	tb_ctx *ctx, *other;
	tb_diag_saved *s;
	char got[64];
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	CHECK_EQ_INT(tb_ctx_new(&other), TB_OK);
	tb_warn(ctx, "a", NULL, 0, 0, NULL, "a");
	tb_warn(ctx, "b", NULL, 0, 0, NULL, "b");
	tb_warn(ctx, "c", NULL, 0, 0, NULL, "c");
	tb_error(ctx, "d", NULL, 0, 0, NULL, "d");
	tb_error(ctx, "e", NULL, 0, 0, NULL, "e");
	tb_diag_move_before(ctx, 1, 3); /* d e before b c */
	codes_of(ctx, got, sizeof got);
	CHECK_EQ_STR(got, "adebc");
	tb_diag_move_before(ctx, 4, 4); /* nothing to move */
	tb_diag_move_before(ctx, 0, 99); /* past the end: nothing */
	codes_of(ctx, got, sizeof got);
	CHECK_EQ_STR(got, "adebc");
	tb_warn(other, "x", NULL, 0, 0, NULL, "x");
	tb_error(other, "y", NULL, 0, 0, NULL, "y");
	CHECK((s = tb_diag_save(other)) != NULL);
	CHECK_EQ_INT(tb_diag_restore_at(ctx, 2, s), TB_OK);
	codes_of(ctx, got, sizeof got);
	CHECK_EQ_STR(got, "adxyebc");
	CHECK_EQ_INT(tb_diag_count_severity(ctx, TB_SEV_ERROR), 3);
	CHECK_EQ_INT(tb_diag_count_severity(ctx, TB_SEV_WARNING), 4);
	tb_ctx_free(other);
	tb_ctx_free(ctx);
}

TEST(diag_json)
{
	tb_ctx *ctx;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	tb_error(ctx, "x.y", "f\"ile.xml", 3, 4, "do \"this\"", "bad %s", "thing");
	f = open_memstream(&buf, &len);
	tb_diag_print_json(ctx, f);
	fclose(f);
	CHECK(strstr(buf, "\"code\": \"x.y\"") != NULL);
	CHECK(strstr(buf, "\"file\": \"f\\\"ile.xml\"") != NULL);
	CHECK(strstr(buf, "\"line\": 3, \"column\": 4") != NULL);
	CHECK(strstr(buf, "\"hint\": \"do \\\"this\\\"\"") != NULL);
	free(buf);
	tb_ctx_free(ctx);
}

TEST(diag_sort)
{
	tb_ctx *ctx;
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	tb_error(ctx, "b", "f", 9, 1, NULL, "later");
	tb_error(ctx, "a", "f", 2, 5, NULL, "earlier");
	tb_error(ctx, "z", "f", 0, 0, NULL, "file-level");
	tb_error(ctx, "c", "f", 2, 5, NULL, "same place, recorded after a");
	tb_diag_sort(ctx);
	CHECK_EQ_STR(tb_diag_get(ctx, 0)->code, "z");
	CHECK_EQ_STR(tb_diag_get(ctx, 1)->code, "a");
	CHECK_EQ_STR(tb_diag_get(ctx, 2)->code, "c");
	CHECK_EQ_STR(tb_diag_get(ctx, 3)->code, "b");
	tb_ctx_free(ctx);
}

/* The list keeps 1000; the counters count all, a mark/rewind restores both, and the printed
 * list ends with a note saying how many more there were. */
TEST(diag_counters_uncapped)
{
	tb_ctx *ctx;
	tb_diag_pos m;
	size_t i;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	for (i = 0; i < 1500; i++)
		tb_error(ctx, "e", "f", 1, 1, NULL, "error %zu", i);
	tb_warn(ctx, "w", "f", 1, 1, NULL, "a warning past the cap");
	CHECK_EQ_INT(tb_diag_count(ctx), 1000);
	CHECK_EQ_INT(tb_diag_count_severity(ctx, TB_SEV_ERROR), 1500);
	CHECK_EQ_INT(tb_diag_count_severity(ctx, TB_SEV_WARNING), 1);
	CHECK_EQ_INT(tb_diag_dropped(ctx), 501);
	tb_diag_mark(ctx, &m);
	tb_error(ctx, "e", "f", 1, 1, NULL, "one more");
	CHECK_EQ_INT(tb_diag_count_severity(ctx, TB_SEV_ERROR), 1501);
	tb_diag_rewind(ctx, &m);
	CHECK_EQ_INT(tb_diag_count_severity(ctx, TB_SEV_ERROR), 1500);
	CHECK_EQ_INT(tb_diag_dropped(ctx), 501);
	f = open_memstream(&buf, &len);
	tb_diag_print(ctx, f);
	fclose(f);
	CHECK(buf && strstr(buf, "note[diag.more]: 501 more diagnostics not shown (1500 errors and 1 warnings in all)"));
	free(buf);
	tb_diag_clear(ctx);
	CHECK_EQ_INT(tb_diag_count_severity(ctx, TB_SEV_ERROR), 0);
	CHECK_EQ_INT(tb_diag_dropped(ctx), 0);
	tb_ctx_free(ctx);
}

CHECK_MAIN(T(buf_ceiling), T(buf_detach_gives_back_slack), T(buf_inline_appends_and_printf), T(buf_xml_escape), T(utf8_basics), T(utf8_count_limit), T(utf8_copy_prefix), T(xml_rejects_doctype),
           T(xml_reports_bad_utf8_position), T(xml_prescan_fast_paths), T(xml_gb18030), T(xml_malformed_line),
           T(xml_node_column), T(xml_pruned), T(xml_copy), T(xml_copy_namespaces), T(xml_intern_text), T(xml_copy_node_in_place), T(strset), T(paths), T(confine_symlink),
           T(atomic_write), T(writers), T(digests), T(sm3_by_libgcrypt_as_by_openssl), T(digests_of_a_file_in_one_read),
           T(diag_moved_and_restored_in_place), T(diag_json), T(diag_sort), T(diag_counters_uncapped))
