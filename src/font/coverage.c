/* coverage.c: every character of a name. A character no face of the map can draw is an
 * error (font.missing-glyph) unless the context allows missing glyphs: then a warning, and
 * the character is left out. Never dropped in silence. The data check runs before a fill
 * that goes to PDF, so the error names the evidence field (file, line, element path) rather
 * than a place on a page. */
#include <libxml/tree.h>
#include <stdio.h>
#include <string.h>

#include "core/ctx.h"
#include "core/i18n.h"
#include "core/utf8.h"
#include "core/xml.h"
#include "font/font_impl.h"

#define MAX_FINDINGS 20

void tb_fonts_report_missing(tb_ctx *ctx, const char *file, unsigned line, unsigned col,
                             uint32_t cp, const char *field)
{
	static const char *const hint_error =
		N_("Install a font that has this character and add it to a <fallback> list in fonts/fontmap.xml, or pass --allow-missing-glyphs to leave it out.");
	static const char *const hint_warn =
		N_("Install a font that has this character and add it to a <fallback> list in fonts/fontmap.xml.");
	char ch[5] = "";
	bool allow = tb_fonts_allow_missing(ctx);
	if (cp >= 0x20 && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF))
		ch[tb_utf8_encode(cp, ch)] = '\0';
	if (field && *field && allow)
		tb_warn(ctx, "font.missing-glyph", file, line, col, hint_warn,
		        N_("no installed font has U+%04X %s in %s; it is left out (--allow-missing-glyphs)"),
		        (unsigned)cp, ch, field);
	else if (field && *field)
		tb_error(ctx, "font.missing-glyph", file, line, col, hint_error,
		         N_("no installed font has U+%04X %s in %s"), (unsigned)cp, ch, field);
	else if (allow)
		tb_warn(ctx, "font.missing-glyph", file, line, col, hint_warn,
		        N_("no installed font has U+%04X %s; it is left out (--allow-missing-glyphs)"),
		        (unsigned)cp, ch);
	else
		tb_error(ctx, "font.missing-glyph", file, line, col, hint_error,
		         N_("no installed font has U+%04X %s"), (unsigned)cp, ch);
}

bool tb_fonts_missing_since(tb_ctx *ctx, size_t from)
{
	size_t i;
	for (i = from; i < tb_diag_count(ctx); i++) {
		const tb_diag *d = tb_diag_get(ctx, i);
		if (d->severity == TB_SEV_ERROR && !strcmp(d->code, "font.missing-glyph"))
			return true;
	}
	return false;
}

bool tb_fonts_ignorable(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0xAD || cp == 0x034F ||
	       (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2060 && cp <= 0x206F) || (cp >= 0xFE00 && cp <= 0xFE0F) ||
	       cp == 0xFEFF || (cp >= 0xD800 && cp <= 0xDFFF) ||
	       (cp >= 0xE0000 && cp <= 0xE0FFF) || cp > 0x10FFFF;
}

/* "/evidence/applicant/name" */
static void path_of(xmlNodePtr n, char *out, size_t cap)
{
	char tmp[300];
	out[0] = '\0';
	for (; n && n->type == XML_ELEMENT_NODE; n = n->parent) {
		snprintf(tmp, sizeof tmp, "/%s%s", (const char *)n->name, out);
		snprintf(out, cap, "%s", tmp);
	}
}

static void check_text(tb_ctx *ctx, tb_fonts *f, xmlNodePtr owner, const char *what,
                       const char *s, size_t *found)
{
	size_t len = strlen(s), i = 0;
	while (i < len && *found < MAX_FINDINGS) {
		int32_t cp = tb_utf8_next(s, len, &i);
		unsigned line = 0, col = 0;
		char path[300];
		if (cp < 0 || cp == 0xA0 || tb_fonts_ignorable((uint32_t)cp) || tb_fonts_can_draw(f, (uint32_t)cp))
			continue;
		tb_xml_node_pos(owner, &line, &col);
		path_of(owner, path, sizeof path);
		if (what) {
			size_t n = strlen(path);
			snprintf(path + n, sizeof path - n, "/@%s", what);
		}
		tb_fonts_report_missing(ctx, tb_xml_doc_name(owner->doc), line, col, (uint32_t)cp, path);
		(*found)++;
	}
}

static void walk(tb_ctx *ctx, tb_fonts *f, xmlNodePtr n, int depth, size_t *found)
{
	xmlNodePtr c;
	xmlAttrPtr a;
	if (depth > 256)
		return;
	for (a = n->properties; a; a = a->next)
		if (a->children && a->children->content)
			check_text(ctx, f, n, (const char *)a->name, (const char *)a->children->content, found);
	for (c = n->children; c && *found < MAX_FINDINGS; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			if (c->content)
				check_text(ctx, f, n, NULL, (const char *)c->content, found);
		} else if (c->type == XML_ELEMENT_NODE) {
			walk(ctx, f, c, depth + 1, found);
		}
	}
}

static tb_status check_tree(tb_ctx *ctx, tb_fonts *f, xmlDocPtr doc, size_t n0)
{
	xmlNodePtr root = xmlDocGetRootElement(doc);
	size_t found = 0;
	if (root)
		walk(ctx, f, root, 0, &found);
	return tb_fonts_missing_since(ctx, n0) ? TB_ERROR : TB_OK;
}

static tb_status check_doc(tb_ctx *ctx, tb_fonts *f, xmlDocPtr doc, size_t n0)
{
	tb_status st = check_tree(ctx, f, doc, n0);
	tb_xml_free(doc);
	return st;
}

tb_status tb_fonts_check_doc(tb_ctx *ctx, struct _xmlDoc *doc)
{
	tb_fonts *f;
	size_t n0 = tb_diag_count(ctx);
	tb_status st = tb_fonts_get(ctx, &f);
	return st == TB_OK ? check_tree(ctx, f, doc, n0) : st;
}

/* A tree read with blanks dropped lacks only text nodes of spaces, tabs and line ends: the
 * findings are the same as the whole tree's when a face draws the space (the others are
 * ignorable) and the tree carries the same name. */
tb_status tb_fonts_check_data_tree(tb_ctx *ctx, const char *name, const void *data, size_t len,
                                   struct _xmlDoc *doc)
{
	tb_fonts *f;
	size_t n0 = tb_diag_count(ctx);
	tb_status st;
	const char *dname = doc ? tb_xml_doc_name(doc) : NULL;
	if (!doc || !dname || strcmp(dname, name) != 0)
		return tb_fonts_check_data_mem(ctx, name, data, len);
	if ((st = tb_fonts_get(ctx, &f)) != TB_OK)
		return st;
	if (!tb_fonts_can_draw(f, 0x20))
		return tb_fonts_check_data_mem(ctx, name, data, len);
	return check_tree(ctx, f, doc, n0);
}

tb_status tb_fonts_check_data_mem(tb_ctx *ctx, const char *name, const void *data, size_t len)
{
	tb_fonts *f;
	xmlDocPtr doc = NULL;
	size_t n0 = tb_diag_count(ctx);
	tb_status st = tb_fonts_get(ctx, &f);
	if (st == TB_OK)
		st = tb_xml_read(ctx, name, data, len, TB_XML_FORGIVE_SILENT, &doc);
	return st == TB_OK ? check_doc(ctx, f, doc, n0) : st;
}
