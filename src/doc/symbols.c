/* symbols.c: characters of the symbol fonts (Symbol, Wingdings, Wingdings 2, Webdings) as
 * the Unicode characters they draw, so check boxes, bullets and arrows print with the
 * ordinary fonts: Wingdings 2 "£" and "R" are ☐ and ☑, Wingdings "q" is ❑. Word stores
 * these characters either as themselves (0x20-0xFF) or in the private range F020-F0FF. A
 * character without an entry stays what it is. */
#include <string.h>
#include <strings.h>

#include "doc/doc_read.h"
#include "doc/symbols_data.h"

/* The tables are data: src/doc/symbols.tsv, one line per character with its Unicode name,
 * made into C by cmake/symbols.cmake (tb_sym_fonts). */
static const tb_sym_font *find(const char *family)
{
	const tb_sym_font *f;
	if (!family)
		return NULL;
	for (f = tb_sym_fonts; f->name; f++)
		if (!strcasecmp(family, f->name))
			return f;
	return NULL;
}

bool tb_symbol_font(const char *family)
{
	return find(family) != NULL;
}

bool tb_symbol_known(const char *family, uint32_t c)
{
	const tb_sym_font *t = find(family);
	uint8_t code = (uint8_t)(c & 0xFF);
	if (!t || !strcasecmp(t->name, "Symbol") || code == 0x20 ||
	    !((c >= 0x20 && c <= 0xFF) || (c >= 0xF020 && c <= 0xF0FF)))
		return true;
	return tb_symbol_char(family, c) != code;
}

uint32_t tb_symbol_char(const char *family, uint32_t c)
{
	const tb_sym_font *t = find(family);
	size_t lo = 0, hi;
	uint8_t code;
	if (!t || !((c >= 0x20 && c <= 0xFF) || (c >= 0xF020 && c <= 0xF0FF)))
		return c;
	code = (uint8_t)(c & 0xFF);
	hi = t->n;
	while (lo < hi) { /* tables are sorted by code */
		size_t mid = (lo + hi) / 2;
		if (t->t[mid].code == code)
			return t->t[mid].cp;
		if (t->t[mid].code < code)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* No entry: Symbol's digits and punctuation are ASCII; elsewhere keep the code. */
	return code;
}
