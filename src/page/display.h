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
	TB_DL_IMAGE,  /* a raster picture (tb_img_format) */
	TB_DL_SEAL,   /* an empty signature field over a seal place */
	TB_DL_BOX,    /* a named rectangle (bookmark tb_box_<name>) a caller may draw into, e.g.
	               * the report's chart; uses u.seal (label unused); devices draw nothing */
	TB_DL_PATH,   /* lines and Bézier curves, filled and/or stroked (shapes, EMF/WMF) */
	TB_DL_CLIP,   /* start clipping to a rectangle (u.rect, colour unused) ... */
	TB_DL_CLIP_END, /* ... until here; clips nest */
	TB_DL_ANCHOR  /* layout-internal: where a note reference or a floating object's anchor
	               * landed; layout removes them before the list leaves it, devices ignore them */
} tb_dl_kind;

/* The raster formats of TB_DL_IMAGE, sniffed from the bytes by the document readers. PNG
 * and JPEG go into a PDF as they are; the others are decoded (within a pixel budget). */
typedef enum tb_img_format {
	TB_IMG_JPEG,
	TB_IMG_PNG,
	TB_IMG_GIF,
	TB_IMG_BMP,
	TB_IMG_TIFF
} tb_img_format;

/* Path operators: MOVE and LINE take one point, CURVE three (two controls, the end),
 * CLOSE none. */
enum { TB_DL_MOVE, TB_DL_LINE, TB_DL_CURVE, TB_DL_CLOSE };

typedef struct tb_dl_point {
	float x, y;
} tb_dl_point;

typedef struct tb_dl_glyph {
	uint32_t cp; /* Unicode code point (any plane) */
	float x;     /* pen position of this character */
} tb_dl_glyph;

/* Turned glyph runs (vertical text in table cells): the run is laid out as if horizontal
 * (glyph x along the baseline, y the baseline) and then turned by `rot` quarter turns
 * counterclockwise as seen on the page about the pivot (px, py): 1 is a baseline running
 * upwards (w:textDirection btLr), 3 downwards (Latin in tbRl), 0 not turned. Moving a run
 * moves its pivot with it (tb_dl_turn_point maps a point of the run to the page). */
enum { TB_DL_TURN_NONE = 0, TB_DL_TURN_CCW = 1, TB_DL_TURN_HALF = 2, TB_DL_TURN_CW = 3 };

typedef struct tb_dl_item {
	tb_dl_kind kind;
	union {
		struct {
			const tb_face *face; /* owned by the font cache; lives as long as the context */
			float size;          /* points */
			float y;             /* baseline */
			tb_rgb color;
			uint8_t synthetic_bold, synthetic_italic;
			uint8_t rot;         /* quarter turns counterclockwise (TB_DL_TURN_*) */
			float px, py;        /* the pivot of the turn */
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
			uint8_t format; /* tb_img_format */
		} image;
		struct {
			float x, y, w, h;
			char *name;  /* field name, from the template's seal marker */
			char *label; /* e.g. 申报单位（公章）, also drawn in the page content by layout */
		} seal;
		struct {
			uint8_t *ops;        /* nops operators (TB_DL_MOVE...), owned by the page */
			tb_dl_point *pts;    /* npts points, owned by the page */
			size_t nops, npts;
			tb_rgb fill, stroke;
			float width;         /* stroke width in points */
			uint8_t filled, stroked, even_odd, dashed;
		} path;
		struct {
			float x, y;
			const void *obj;     /* the note or floating object (layout's own pointer) */
			uint8_t what;        /* 0 a note reference, 1 a floating object, 2 the start of
			                        a paragraph a STYLEREF field may show */
		} anchor;
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
	/* What the glyph items use that the context does not keep (the faces a document
	 * embeds): released with the list. */
	void *owned;
	void (*owned_free)(void *owned);
} tb_dl_doc;

tb_dl_doc *tb_dl_doc_new(void);
void tb_dl_doc_free(tb_dl_doc *d);
tb_dl_page *tb_dl_add_page(tb_dl_doc *d, float width, float height);
/* Append a straight line / a filled rectangle (the common items of layout and charts). */
TB_NODISCARD tb_status tb_dl_push_rule(tb_dl_page *p, float x1, float y1, float x2, float y2, float width,
                          tb_rgb color, int dashed);
TB_NODISCARD tb_status tb_dl_push_rect(tb_dl_page *p, float x, float y, float w, float h, tb_rgb color);
/* Append a path (ops and pts are copied); style gives fill, stroke, width and flags. */
TB_NODISCARD tb_status tb_dl_push_path(tb_dl_page *p, const uint8_t *ops, size_t nops, const tb_dl_point *pts,
                          size_t npts, const tb_dl_item *style);
/* Copy what an item owns (glyph array, image data, path arrays, names) so the copy can be
 * pushed on its own; on failure the copy owns nothing. */
TB_NODISCARD tb_status tb_dl_item_dup(tb_dl_item *it);
/* Free what an item owns (glyph array, image data, names), not the item itself. */
void tb_dl_item_free(tb_dl_item *it);
/* Where the point (x, y) of a glyph run's own frame lands on the page (the run's turn about
 * its pivot; the point itself when the run is not turned). */
void tb_dl_turn_point(const tb_dl_item *it, float x, float y, float *page_x, float *page_y);
/* The run's axes on the page (y down): the baseline's direction (bx, by) and the glyphs'
 * up (ux, uy), unit vectors; (1, 0) and (0, -1) when the run is not turned. */
void tb_dl_turn_axes(const tb_dl_item *it, float *bx, float *by, float *ux, float *uy);
/* Append an item (copied; glyph arrays, image data and strings are taken over by the page). */
TB_NODISCARD tb_status tb_dl_push(tb_dl_page *p, const tb_dl_item *item);

#endif
