/* symbols_data.h: the symbol-font tables generated from src/doc/symbols.tsv by
 * cmake/symbols.cmake (build directory, symbols_data.c). */
#ifndef TB_DOC_SYMBOLS_DATA_H
#define TB_DOC_SYMBOLS_DATA_H
#include <stddef.h>
#include <stdint.h>

typedef struct tb_sym {
	uint8_t code;
	uint32_t cp;
} tb_sym;

typedef struct tb_sym_font {
	const char *name;
	const tb_sym *t; /* sorted by code; NULL: characters kept as codes */
	size_t n;
} tb_sym_font;

extern const tb_sym_font tb_sym_fonts[]; /* ends with a NULL name */

#endif
