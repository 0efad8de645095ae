/* forgive.c: what people type that has one meaning only, read with a warning instead of
 * refused: full-width (全角) digits in a number, phone number or date ("０３３５－３０６８２７７",
 * "４"), and Windows backslashes in an attachment path when the file exists with slashes.
 * Anything else that is wrong stays an error, and the checks' hints then name the cause
 * (tb_ev_has_fullwidth). Runs on the parsed tree before the schema check. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/buf.h"
#include "core/ctx.h"
#include "core/file.h"
#include "core/i18n.h"
#include "core/utf8.h"
#include "core/xml.h"
#include "data/evidence_internal.h"

/* The half-width character for a full-width one used in numbers, or 0. */
static int narrow(int32_t cp)
{
	if (cp >= 0xFF10 && cp <= 0xFF19)
		return '0' + (cp - 0xFF10);
	switch (cp) {
	case 0xFF0E: return '.';  /* ． */
	case 0xFF0D: return '-';  /* － */
	case 0xFF0B: return '+';  /* ＋ */
	case 0xFF08: return '(';  /* （ */
	case 0xFF09: return ')';  /* ） */
	case 0x3000: return ' ';  /* ideographic space */
	default: return 0;
	}
}

int tb_ev_has_fullwidth(const char *s)
{
	size_t i = 0, len = s ? strlen(s) : 0;
	while (i < len) {
		int32_t cp = tb_utf8_next(s, len, &i);
		if ((cp >= 0xFF01 && cp <= 0xFF5E) || cp == 0x3000)
			return 1;
	}
	return 0;
}

/* The value with full-width digits made half-width, when it is a number-like value (only
 * digits, . - + ( ) and spaces, at least one digit) holding at least one full-width one;
 * else NULL. */
static char *narrowed(const char *s)
{
	tb_buf b = TB_BUF_INIT;
	size_t i = 0, len = strlen(s);
	int wide = 0, digit = 0;
	while (i < len) {
		size_t start = i;
		int32_t cp = tb_utf8_next(s, len, &i);
		int c = cp < 128 ? (int)cp : narrow(cp);
		if (cp >= 128 && c)
			wide = 1;
		if (!c || !(strchr("0123456789.-+() \t\r\n", c)))
			goto no;
		digit |= c >= '0' && c <= '9';
		if (tb_buf_putc(&b, (char)c))
			goto no;
		(void)start;
	}
	if (wide && digit && b.data)
		return tb_buf_detach(&b, NULL);
no:
	tb_buf_free(&b);
	return NULL;
}

typedef struct fstate {
	tb_ctx *ctx;
	tb_evidence *e;
	unsigned warned;
} fstate;

static void warn_fullwidth(fstate *fs, xmlNodePtr at, const char *was, const char *now)
{
	unsigned line, col;
	fs->warned++;
	tb_xml_node_pos(at, &line, &col);
	tb_warn(fs->ctx, "input.fullwidth", fs->e->path, line, col,
	        N_("type digits half-width (半角); they were read as such"),
	        N_("full-width (全角) characters in \"%s\" read as \"%s\""), was, now);
}

/* Text-only elements and every attribute of the evidence. */
static void walk(fstate *fs, xmlNodePtr n)
{
	for (; n; n = n->next) {
		xmlAttrPtr a;
		xmlNodePtr c;
		int text_only = 1;
		if (n->type != XML_ELEMENT_NODE)
			continue;
		for (a = n->properties; a; a = a->next) {
			xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
			char *w = v ? narrowed((const char *)v) : NULL;
			if (w) {
				warn_fullwidth(fs, n, (const char *)v, w);
				xmlSetProp(n, a->name, BAD_CAST w);
			}
			free(w);
			xmlFree(v);
		}
		for (c = n->children; c; c = c->next)
			text_only &= c->type == XML_TEXT_NODE;
		if (text_only && n->children) {
			xmlChar *v = xmlNodeGetContent(n);
			char *w = v ? narrowed((const char *)v) : NULL;
			if (w) {
				warn_fullwidth(fs, n, (const char *)v, w);
				xmlNodeSetContent(n, NULL);
				xmlNodeAddContent(n, BAD_CAST w);
			}
			free(w);
			xmlFree(v);
		} else {
			walk(fs, n->children);
		}
	}
}

static int regular_file(const char *dir, const char *rel)
{
	char *full = NULL;
	struct stat st;
	int ok = tb_path_confine(dir, rel, &full) == TB_PATH_OK && stat(full, &st) == 0 &&
	         S_ISREG(st.st_mode);
	free(full);
	return ok;
}

/* files\photo.png names files/photo.png when that exists and no file has the literal name. */
static void attachment_paths(fstate *fs, xmlNodePtr root)
{
	xmlNodePtr n = tb_xml_child(tb_xml_child(root, "attachments"), "attachment");
	for (; n; n = tb_xml_next(n, "attachment")) {
		char *p = tb_xml_attr(n, "path"), *q, *slashed;
		unsigned line, col;
		if (!p || !strchr(p, '\\') || regular_file(fs->e->dir, p)) {
			free(p);
			continue;
		}
		slashed = strdup(p);
		for (q = slashed; q && *q; q++)
			if (*q == '\\')
				*q = '/';
		if (slashed && tb_path_check_relative(slashed) == TB_PATH_OK &&
		    regular_file(fs->e->dir, slashed)) {
			tb_xml_node_pos(n, &line, &col);
			tb_warn(fs->ctx, "attachment.backslash", fs->e->path, line, col,
			        N_("write paths with forward slashes, e.g. files/photo.png"),
			        N_("the path \"%s\" uses backslashes; read as \"%s\""), p, slashed);
			xmlSetProp(n, BAD_CAST "path", BAD_CAST slashed);
		}
		free(slashed);
		free(p);
	}
}

void tb_evidence_forgive(tb_ctx *ctx, tb_evidence *e)
{
	fstate fs = {ctx, e, 0};
	xmlNodePtr root = xmlDocGetRootElement(e->doc);
	if (!root)
		return;
	walk(&fs, root);
	attachment_paths(&fs, root);
}
