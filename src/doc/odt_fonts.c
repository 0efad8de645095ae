/* odt_fonts.c: the fonts an ODT embeds, as LibreOffice writes them when its EmbedFonts
 * setting is on: a style:font-face whose svg:font-face-src lists svg:font-face-uri entries
 * (xlink:href="Fonts/Font_Noto_Sans_1.ttf"), one per style, loext:font-weight and
 * loext:font-style saying which. Read into the model under the face's first family name
 * (tb_doc_embed_font, doc_util.c); faces are made of them in layout. */
#include <stdlib.h>
#include <string.h>

#include "core/xml.h"
#include "doc/odt.h"

/* The package part an href names: relative to the package root, inside it. NULL for a link
 * out of the package (a URL, an absolute or climbing path). */
static const char *font_part(const char *href)
{
	if (!href)
		return NULL;
	while (href[0] == '.' && href[1] == '/')
		href += 2;
	if (!*href || href[0] == '/' || strchr(href, ':') || strstr(href, ".."))
		return NULL;
	return href;
}

static tb_status read_face(odt_reader *r, xmlNodePtr face, const char *part)
{
	char *fam = odt_attr(face, "font-family");
	const char *list = fam ? odt_family_list(r, fam) : NULL;
	char *first = NULL;
	xmlNodePtr u;
	tb_status st = TB_OK;

	if (fam && !list) {
		xmlFree(fam);
		return TB_ENOMEM;
	}
	if (list && *list) {
		size_t n = strcspn(list, ";");
		if (!(first = malloc(n + 1))) {
			xmlFree(fam);
			return TB_ENOMEM;
		}
		memcpy(first, list, n);
		first[n] = '\0';
	}
	for (u = first ? odt_child(face, "font-face-src") : NULL, u = u ? u->children : NULL;
	     u && st == TB_OK; u = u->next) {
		char *href, *weight, *style;
		bool bold, italic;
		if (!odt_is(u, "font-face-uri"))
			continue;
		href = odt_attr(u, "href");
		weight = odt_attr(u, "font-weight");
		style = odt_attr(u, "font-style");
		bold = weight && (!strcmp(weight, "bold") || atoi(weight) >= 600);
		italic = style && (!strcmp(style, "italic") || !strcmp(style, "oblique"));
		if (font_part(href))
			st = tb_doc_embed_font(r->ctx, r->doc, r->zip, r->name, part, u, first, bold,
			                       italic, font_part(href), NULL);
		xmlFree(href);
		xmlFree(weight);
		xmlFree(style);
	}
	free(first);
	xmlFree(fam);
	return st;
}

tb_status odt_embedded_fonts(odt_reader *r, xmlNodePtr decls, const char *part)
{
	xmlNodePtr n;
	tb_status st = TB_OK;
	for (n = decls ? decls->children : NULL; n && st == TB_OK; n = n->next)
		if (odt_is(n, "font-face"))
			st = read_face(r, n, part);
	return st;
}
