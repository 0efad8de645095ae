/* docx_fonts.c: the fonts a DOCX embeds (word/fontTable.xml w:embedRegular, w:embedBold,
 * w:embedItalic, w:embedBoldItalic), read into the model as bytes under the family name of
 * their w:font. Obfuscated fonts (.odttf) are restored: the first 32 bytes are XORed with the
 * 16 bytes of w:fontKey's GUID taken from its end (ECMA-376 Part 1, 17.8.1). Whether the
 * bytes make a usable font is decided where faces are made (font/font_set.c). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/ctx.h"
#include "core/i18n.h"
#include "core/opc.h"
#include "core/xml.h"
#include "core/zipread.h"
#include "doc/docx.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

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
		if ((v = hexval(*p)) < 0)
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

static void deobfuscate(unsigned char *data, size_t len, const unsigned char key[16])
{
	size_t i;
	for (i = 0; i < 32 && i < len; i++)
		data[i] ^= key[i % 16];
}

static tb_status read_embed(docx_reader *r, const char *part, const docx_rels *rels, xmlNodePtr e,
                            const char *family, bool bold, bool italic, size_t *count,
                            uint64_t *total)
{
	char *id = docx_attr(e, "id"), *guid = docx_attr(e, "fontKey");
	const char *target = NULL;
	char *data = NULL;
	size_t len = 0, i;
	uint64_t size = 0;
	unsigned char key[16];
	tb_doc_font *font, **tail;
	tb_status st = TB_OK;
	unsigned line = 0, col = 0;

	for (i = 0; id && i < rels->n; i++)
		if (rels->id[i] && rels->target[i] && !strcmp(rels->id[i], id))
			target = rels->target[i];
	tb_xml_node_pos(e, &line, &col);
	/* The document's fonts together get a budget too: the model has one (TB_DOC_MAX_BYTES). */
	if (!target || tb_zipr_find(r->zip, target) < 0 ||
	    (size = tb_zipr_size(r->zip, (size_t)tb_zipr_find(r->zip, target))) > TB_DOC_MAX_FONT_BYTES ||
	    *total + size > TB_DOC_MAX_FONTS_BYTES) {
		tb_warn(r->ctx, "doc.font-embedded", part, line, col,
		        N_("Embed the font again in the office program, or install it and name it in fonts/fontmap.xml."),
		        N_("%s: the embedded font '%s' (%s) is missing or too large; the font map's face draws it"),
		        r->name, family, target ? target : "?");
		goto done;
	}
	if ((st = tb_zipr_read_name(r->zip, target, &data, &len)) != TB_OK)
		goto done;
	if (guid && *guid && font_key(guid, key))
		deobfuscate((unsigned char *)data, len, key);
	font = tb_doc_alloc(r->doc, sizeof *font);
	if (!font || !(font->data = tb_doc_alloc(r->doc, len ? len : 1)) ||
	    !(font->family = tb_doc_strdup(r->doc, family)) ||
	    !(font->part = tb_doc_strdup(r->doc, target))) {
		st = TB_ENOMEM;
		goto done;
	}
	memcpy((void *)font->data, data, len);
	font->len = len;
	font->bold = bold;
	font->italic = italic;
	for (tail = &r->doc->fonts; *tail; tail = &(*tail)->next)
		;
	*tail = font;
	(*count)++;
	*total += len;
done:
	free(data);
	xmlFree(id);
	xmlFree(guid);
	return st;
}

tb_status docx_fonts_load(docx_reader *r)
{
	static const char *const kinds[4] = {"embedRegular", "embedBold", "embedItalic",
	                                     "embedBoldItalic"};
	char *name = tb_opc_rel_target(r->ctx, r->zip, r->part, "fontTable");
	const char *part = name ? name : "word/fontTable.xml";
	xmlDocPtr x = NULL;
	xmlNodePtr n, e;
	docx_rels rels;
	size_t count = 0;
	uint64_t total = 0;
	tb_status st = tb_doc_load_part(r->ctx, r->zip, r->name, part, false, &x);
	if (st == TB_OK && x)
		st = docx_load_rels(r, part, &rels);
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
			if (k < 4 && count < TB_DOC_MAX_FONTS)
				st = read_embed(r, part, &rels, e, family, k & 1, k >= 2, &count,
				                &total);
		}
		xmlFree(family);
	}
	tb_xml_free(x);
	free(name);
	return st;
}
