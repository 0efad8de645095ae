/* docx_bullets.c: list labels as Word draws them: a bullet is the level's lvlText in the
 * level's own font (○ ▪ ❖ ➢ stay what they are; a symbol font's character becomes the
 * Unicode character it draws), and the label takes the level's run properties over the
 * paragraph mark's. */
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/utf8.h"
#include "doc/docx.h"

/* The w:ascii font of a level's w:rPr, or NULL. */
static char *level_font(const docx_num_level *lvl)
{
	xmlNodePtr c;
	for (c = lvl->rpr ? lvl->rpr->children : NULL; c; c = c->next)
		if (docx_is(c, "rFonts")) {
			char *f = docx_attr(c, "ascii");
			if (!f)
				f = docx_attr(c, "hAnsi");
			return f;
		}
	return NULL;
}

const char *docx_bullet_text(docx_reader *r, const docx_num_level *lvl)
{
	char *font = level_font(lvl);
	const char *t = lvl->text, *res;
	tb_buf b = TB_BUF_INIT;
	size_t i = 0, n;
	if (!t) {
		xmlFree(font);
		return "\xe2\x80\xa2"; /* • */
	}
	n = strlen(t);
	tb_buf_init(&b, 256);
	while (i < n) {
		int32_t c = tb_utf8_next(t, n, &i);
		char u[4];
		if (c < 0)
			break;
		if (font && tb_symbol_font(font))
			c = (int32_t)tb_symbol_char(font, (uint32_t)c);
		else if (c >= 0xF020 && c <= 0xF0FF)
			c = (int32_t)tb_symbol_char("Symbol", (uint32_t)c); /* private-use Symbol code */
		tb_buf_put(&b, u, tb_utf8_encode((uint32_t)c, u));
	}
	xmlFree(font);
	res = b.data ? tb_doc_strndup(r->doc, b.data, b.len) : "";
	tb_buf_free(&b);
	return res ? res : "";
}

void docx_label_props(docx_reader *r, const docx_num_level *lvl, tb_rprops *rp)
{
	char *font;
	if (!lvl || !lvl->rpr)
		return;
	docx_apply_rpr(r, lvl->rpr, rp);
	rp->underline = rp->underline && lvl->fmt != 'b';
	/* A symbol font's characters were mapped: draw them with the ordinary fonts. */
	font = level_font(lvl);
	if (font && tb_symbol_font(font))
		rp->font_latin = rp->font_ea = NULL;
	xmlFree(font);
}
