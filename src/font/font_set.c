/* font_set.c: the fonts one document embeds in its package, read from memory and found by
 * the family names the document gives them (DOCX word/fontTable.xml). The bytes come from
 * the document, so they are checked before use: a font that cannot be used is a warning, and
 * the font map draws its family as if nothing were embedded. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/ctx.h"
#include "core/i18n.h"
#include "font/font_impl.h"

typedef struct set_face {
	char *family;
	bool bold, italic; /* the style the document embeds it as */
	tb_face *face;
} set_face;

struct tb_font_set {
	set_face faces[TB_FONT_SET_MAX_FACES];
	size_t n;
};

tb_status tb_font_set_new(tb_font_set **out)
{
	*out = calloc(1, sizeof **out);
	return *out ? TB_OK : TB_ENOMEM;
}

void tb_font_set_free(tb_font_set *s)
{
	size_t i;
	if (!s)
		return;
	for (i = 0; i < s->n; i++) {
		free(s->faces[i].family);
		tb_face_free(s->faces[i].face);
	}
	free(s);
}

void tb_font_set_free_any(void *s)
{
	tb_font_set_free(s);
}

size_t tb_font_set_count(const tb_font_set *s)
{
	return s ? s->n : 0;
}

/* A TrueType or OpenType file or collection by its first four bytes (an EOT, or a font
 * whose obfuscation key was wrong, is none of these). */
static bool font_magic(const unsigned char *p, size_t len)
{
	return len >= 12 && (!memcmp(p, "\0\1\0\0", 4) || !memcmp(p, "OTTO", 4) ||
	                     !memcmp(p, "true", 4) || !memcmp(p, "ttcf", 4));
}

/* Line metrics a layout can live with: a positive height of at most four ems. */
static bool sane_metrics(const tb_face *face)
{
	long em = (long)face->upem;
	long h = (long)face->lo_ascent + face->lo_descent;
	return h > 0 && h <= 4 * em && face->lo_gap >= 0 && face->lo_gap <= 4 * em;
}

/* OS/2 fsType: may the font be embedded in a PDF? Not when its licence is restricted
 * (0x0002, unless a less restrictive bit is set too) or allows bitmaps only (0x0200);
 * LibreOffice does not use such an embedded font either. */
static bool may_embed(const tb_face *face)
{
	hb_blob_t *os = hb_face_reference_table(face->hbface, HB_TAG('O', 'S', '/', '2'));
	unsigned len = 0, fs = 0;
	const unsigned char *p = (const unsigned char *)hb_blob_get_data(os, &len);
	if (p && len >= 10)
		fs = (unsigned)p[8] << 8 | p[9];
	hb_blob_destroy(os);
	return !((fs & 0x000E) == 0x0002 || (fs & 0x0200));
}

tb_status tb_font_set_add(tb_ctx *ctx, tb_font_set *s, const char *family, bool bold,
                          bool italic, const void *data, size_t len, const char *where)
{
	tb_face *face = NULL;
	bool nomem = false;
	size_t i;

	if (!family || !*family)
		return TB_OK;
	for (i = 0; i < s->n; i++)
		if (s->faces[i].bold == bold && s->faces[i].italic == italic &&
		    strcasecmp(s->faces[i].family, family) == 0)
			return TB_OK; /* the first one of a family and style counts */
	if (s->n == TB_FONT_SET_MAX_FACES) {
		tb_warn(ctx, "font.embedded", where, 0, 0,
		        N_("Embed fewer fonts in the document, or install the font and name it in fonts/fontmap.xml."),
		        N_("more than %d fonts are embedded; font '%s' is drawn with the font map's face"),
		        TB_FONT_SET_MAX_FACES, family);
		return TB_OK;
	}
	if (font_magic(data, len))
		face = tb_face_open_mem(where, data, len, &nomem);
	if (nomem)
		return TB_ENOMEM;
	if (face && !may_embed(face)) {
		tb_face_free(face);
		tb_warn(ctx, "font.embedded", where, 0, 0,
		        N_("Install a font whose licence allows embedding and name it in fonts/fontmap.xml."),
		        N_("embedded font '%s' may not be embedded in a PDF (its licence is restricted); the font map's face draws it instead"),
		        family);
		return TB_OK;
	}
	if (face && !sane_metrics(face)) {
		tb_face_free(face);
		face = NULL;
	}
	if (!face) {
		tb_warn(ctx, "font.embedded", where, 0, 0,
		        N_("Embed the font again in the office program, or install it and name it in fonts/fontmap.xml."),
		        N_("embedded font '%s' is damaged or not a usable TrueType or OpenType font; the font map's face draws it instead"),
		        family);
		return TB_OK;
	}
	if (!(s->faces[s->n].family = strdup(family))) {
		tb_face_free(face);
		return TB_ENOMEM;
	}
	s->faces[s->n].bold = bold;
	s->faces[s->n].italic = italic;
	s->faces[s->n].face = face;
	s->n++;
	return TB_OK;
}

/* The style asked for, else the nearest one embedded (as fontconfig matches the fonts
 * LibreOffice adds from the document): bold from the regular face is emboldened. */
tb_face *tb_font_set_find(const tb_font_set *s, const char *family, bool bold, bool italic,
                          bool *synthetic_bold)
{
	const set_face *best = NULL;
	int best_score = -1;
	size_t i;
	for (i = 0; s && i < s->n; i++) {
		const set_face *e = &s->faces[i];
		int score;
		if (strcasecmp(e->family, family) != 0)
			continue;
		score = (e->bold == bold ? 2 : 0) + (e->italic == italic ? 1 : 0);
		if (score > best_score) {
			best = e;
			best_score = score;
		}
	}
	if (!best)
		return NULL;
	*synthetic_bold = bold && !best->bold && !best->face->bold;
	return best->face;
}
