/* docx_fonts.c: the fonts a DOCX embeds (word/fontTable.xml w:embedRegular, w:embedBold,
 * w:embedItalic, w:embedBoldItalic), read into the model as bytes under the family name of
 * their w:font. Obfuscated fonts (.odttf) are restored: the first 32 bytes are XORed with the
 * 16 bytes of w:fontKey's GUID taken from its end (ECMA-376 Part 1, 17.8.1). The bytes go
 * to the model through tb_doc_embed_font (doc_util.c, the bounds); whether they make a usable
 * font is decided where faces are made (font/font_set.c). */
#define _GNU_SOURCE /* memmem */
#include <stdlib.h>
#include <string.h>

#include "core/ctx.h"
#include "core/opc.h"
#include "core/xml.h"
#include "core/zipread.h"
#include "doc/doc_read.h"
#include "doc/docx.h"

/* The 16 key bytes of "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}" in the order they are XORed:
 * the GUID's hex digits read as bytes, last byte first. False when it is no GUID. */
static bool font_key(const char *guid, unsigned char key[16])
{
	unsigned char b[16];
	size_t n = 0;
	const char *p;
	for (p = guid; *p && n < 32; p++) {
		int v;
		if (*p == '{' || *p == '}' || *p == '-')
			continue;
		if ((v = tb_doc_hexval(*p)) < 0)
			return false;
		if (n % 2 == 0)
			b[n / 2] = (unsigned char)(v << 4);
		else
			b[n / 2] |= (unsigned char)v;
		n++;
	}
	if (n != 32)
		return false;
	for (n = 0; n < 16; n++)
		key[n] = b[15 - n];
	return true;
}

static tb_status read_embed(docx_reader *r, const char *part, const docx_rels *rels, xmlNodePtr e,
                            const char *family, bool bold, bool italic)
{
	char *id = docx_attr(e, "id"), *guid = docx_attr(e, "fontKey");
	const char *target = NULL;
	unsigned char key[16];
	size_t i;
	tb_status st;
	for (i = 0; id && i < rels->n; i++)
		if (rels->id[i] && rels->target[i] && !strcmp(rels->id[i], id))
			target = rels->target[i];
	st = tb_doc_embed_font(r->ctx, r->doc, r->zip, r->name, part, e, family, bold, italic,
	                       target, guid && *guid && font_key(guid, key) ? key : NULL);
	xmlFree(id);
	xmlFree(guid);
	return st;
}

tb_status docx_fonts_load(docx_reader *r)
{
	static const char *const kinds[4] = {"embedRegular", "embedBold", "embedItalic",
	                                     "embedBoldItalic"};
	char *name = NULL;
	const char *part;
	xmlDocPtr x = NULL;
	xmlNodePtr n, e;
	docx_rels rels;
	char *data = NULL;
	size_t len = 0;
	tb_status st = docx_related(r, "fontTable", &name);
	if (st != TB_OK)
		return st;
	part = name ? name : "word/fontTable.xml";
	/* Most font tables embed nothing: those are not parsed, so a damaged one costs nothing
	 * (documents rendered before fonts were read still do). */
	if (tb_zipr_find(r->zip, part) >= 0 && (st = tb_zipr_read_name(r->zip, part, &data, &len)) == TB_OK &&
	    memmem(data, len, ":embed", 6))
		st = tb_xml_read(r->ctx, part, data, len, 0, &x);
	free(data);
	if (st == TB_OK && x && xmlDocGetRootElement(x))
		st = docx_load_rels(r, part, &rels);
	else if (x) {
		tb_xml_free(x);
		x = NULL;
	}
	for (n = st == TB_OK && x ? xmlDocGetRootElement(x)->children : NULL; n && st == TB_OK;
	     n = n->next) {
		char *family;
		if (!docx_is(n, "font"))
			continue;
		family = docx_attr(n, "name");
		for (e = n->children; family && *family && e && st == TB_OK; e = e->next) {
			int k;
			for (k = 0; k < 4 && !docx_is(e, kinds[k]); k++)
				;
			if (k < 4)
				st = read_embed(r, part, &rels, e, family, k & 1, k >= 2);
		}
		xmlFree(family);
	}
	tb_xml_free(x);
	free(name);
	return st;
}
