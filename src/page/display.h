/* display.h: the display list: positioned pages that layout produces and devices consume.
 * Units are PostScript points; the origin is the page's top-left corner and y grows down
 * (devices convert). Layout knows nothing of PDF; devices know nothing of documents. */
#ifndef TB_PAGE_DISPLAY_H
#define TB_PAGE_DISPLAY_H
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include "tianbiao/tb_core.h"

typedef struct tb_face tb_face; /* font/font.h */

typedef struct tb_rgb { uint8_t r, g, b; } tb_rgb;

typedef enum tb_dl_kind {
	TB_DL_GLYPHS, /* a run of characters of one face and size on one baseline */
	TB_DL_RULE,   /* a straight line (table borders, underlines, seal frames) */
	TB_DL_RECT,   /* a filled rectangle (cell shading) */
	TB_DL_IMAGE,  /* a JPEG or PNG */
	TB_DL_SEAL,   /* an empty signature field over a seal place */
	TB_DL_BOX     /* a named rectangle (bookmark tb_box_<name>) a caller may draw into, e.g.
	               * the report's chart; uses u.seal (label unused); devices draw nothing */
} tb_dl_kind;

typedef struct tb_dl_glyph {
	uint32_t cp; /* Unicode code point (any plane) */
	float x;     /* pen position of this character */
} tb_dl_glyph;

typedef struct tb_dl_item {
	tb_dl_kind kind;
	union {
		struct {
			const tb_face *face; /* owned by the font cache; lives as long as the context */
			float size;          /* points */
			float y;             /* baseline */
			tb_rgb color;
			uint8_t synthetic_bold, synthetic_italic;
			size_t n;
			tb_dl_glyph *glyphs; /* n items, owned by the page */
		} glyphs;
		struct {
			float x1, y1, x2, y2, width;
			tb_rgb color;
			uint8_t dashed;
		} rule;
		struct {
			float x, y, w, h;
			tb_rgb color;
		} rect;
		struct {
			float x, y, w, h;
			const unsigned char *data; /* owned by the page */
			size_t len;
			uint8_t is_png;
		} image;
		struct {
			float x, y, w, h;
			char *name;  /* field name, from the template's seal marker */
			char *label; /* e.g. 申报单位（公章）, also drawn in the page content by layout */
		} seal;
	} u;
} tb_dl_item;

typedef struct tb_dl_page {
	float width, height;
	tb_dl_item *items;
	size_t n, cap;
} tb_dl_page;

typedef struct tb_dl_doc {
	tb_dl_page *pages;
	size_t npages, cap;
	/* Metadata for the device. */
	char *title, *author, *subject, *keywords, *lang;
	long long epoch; /* creation date, Unix time; 0 = none */
} tb_dl_doc;

tb_dl_doc *tb_dl_doc_new(void);
void tb_dl_doc_free(tb_dl_doc *d);
tb_dl_page *tb_dl_add_page(tb_dl_doc *d, float width, float height);
/* Append a straight line / a filled rectangle (the common items of layout and charts). */
TB_NODISCARD tb_status tb_dl_push_rule(tb_dl_page *p, float x1, float y1, float x2, float y2, float width,
                          tb_rgb color, int dashed);
TB_NODISCARD tb_status tb_dl_push_rect(tb_dl_page *p, float x, float y, float w, float h, tb_rgb color);
/* Free what an item owns (glyph array, image data, names), not the item itself. */
void tb_dl_item_free(tb_dl_item *it);
/* Append an item (copied; glyph arrays, image data and strings are taken over by the page). */
TB_NODISCARD tb_status tb_dl_push(tb_dl_page *p, const tb_dl_item *item);

#endif
