/* lay.h: the layout engine's internals: lines (relative display items), the page flow,
 * paragraphs (para.c), tables (table.c) and the driver (layout.c). */
#ifndef TB_LAYOUT_LAY_H
#define TB_LAYOUT_LAY_H
#include <stdbool.h>
#include "doc/doc.h"
#include "font/font.h"
#include "layout/layout.h"
#include "page/display.h"

/* A laid-out line: items with x relative to the block's left edge and y relative to the
 * top of the line box (below `before`). */
typedef struct lay_line {
	tb_dl_page items;
	float before, height, after;
	float before_top;        /* the space above the line when it starts a page after an
	                            explicit break, or a story (the paragraph's own space
	                            before; `before` is what it adds below the previous one) */
	const tb_block *para;    /* on a paragraph's last line: the paragraph (the next one's
	                            spacing depends on it) */
	float prop_extra;        /* on a paragraph's last line: what its proportional spacing
	                            adds above the next paragraph */
	float line_extra;        /* proportional spacing above the text of a line after the
	                            paragraph's first: dropped when the line starts a page */
	bool keep_next;          /* no page break between this line and the next */
	bool page_break_before;  /* start a new page before this line */
	bool page_break_after;   /* a page break inline ends this line */
	char *seal;              /* tb_seal_ name (without the prefix) anchored on this line */
	char *seal_label;        /* the paragraph's text, the seal's label */
	float seal_h;            /* height of the paragraph from this line on */
	float seal_w;            /* its width */
} lay_line;

typedef struct lay_lines {
	lay_line *v;
	size_t n, cap;
} lay_lines;

typedef struct lay_ctx {
	tb_ctx *ctx;
	tb_fonts *fonts;
	const tb_doc *doc;
	const tb_section *sect;
	int page_no, num_pages;  /* what PAGE and NUMPAGES fields show */
	bool used_numpages;      /* the body showed NUMPAGES: lay out again with the count */
	int missing_warned;
	uint32_t warned_cp[100];  /* (code point, paragraph line) already reported */
	unsigned warned_line[100];
	int depth;
	int in_cell;             /* laying out a table cell's content: page breaks inside it
	                            are ignored, as LibreOffice ignores them */
	int max_pages;
	bool in_header;          /* laying out a header or footer: no document grid */
	bool cell_first, cell_last; /* the paragraph is a cell's first / last block */
} lay_ctx;

/* Where lines go: pages of the output document (bottom finite), or one container that
 * grows without bound (nested tables, headers, footers). */
typedef struct lay_flow {
	lay_ctx *L;
	tb_dl_doc *out;          /* NULL: a collector, never breaks pages */
	tb_dl_page *page;
	tb_dl_page collect;      /* the collector's items */
	float left, width;
	float y, top, bottom;
	float first_row_end;     /* tables: y below the first body row placed (measuring) */
	bool fresh;              /* nothing placed since the page began */
	float prop_extra;        /* what the last paragraph placed adds above a table that
	                            follows it (its proportional spacing) */
	bool natural;            /* the page began because the previous one was full (not at an
	                            explicit break): the first paragraph's space before is
	                            dropped */
	int pages;               /* pages begun by this flow */
} lay_flow;

tb_status lay_lines_push(lay_lines *ls, lay_line **out);
void lay_lines_free(lay_lines *ls);
void lay_line_free(lay_line *ln);

/* Copy items from src into dst, shifted by (dx, dy); glyph arrays, image data and strings
 * are duplicated so a line can be placed more than once (repeated header rows). */
tb_status lay_copy_items(tb_dl_page *dst, const tb_dl_page *src, float dx, float dy);

tb_status lay_flow_new_page(lay_flow *f);
/* Place a line at the flow's left + dx, breaking the page first when it does not fit. */
tb_status lay_flow_place_line(lay_flow *f, const lay_line *ln, float dx, bool may_break);
/* A seal field (and nothing else) over a rectangle. */
tb_status lay_push_seal(tb_dl_page *p, float x, float y, float w, float h, const char *name,
                        const char *label);

/* Scripts of characters as LibreOffice classes them (script.c). */
enum { LAY_LATIN = 1, LAY_ASIAN = 2, LAY_COMPLEX = 3, LAY_WEAK = 4 };
int lay_script_class(uint32_t c);
/* Punctuation that may hang beyond the right margin (zh locale). */
bool lay_hanging_char(uint32_t c);

/* Line metrics and spacing (linebox.c); twips where LibreOffice works in twips. */
int lay_tw(float pt);
/* Ascent and height in twips of face f at `size` points, with the document's leading. */
void lay_face_metrics(const lay_ctx *L, const tb_face *f, float size, int *asc, int *height);
/* Proportional line spacing in percent (50..), 100 for single. */
int lay_prop_percent(const tb_pprops *pp);
/* The grid's line pitch in points: base height plus ruby height. */
float lay_grid_pitch(const tb_section *s);
/* Whether the paragraph's lines snap to the section's line grid. */
bool lay_grid_applies(const lay_ctx *L, const tb_pprops *pp);
/* A line's real height and baseline (points) from its portions' ascent and height (twips). */
void lay_line_box(const lay_ctx *L, const tb_pprops *pp, int asc, int height, int text_h,
                  bool first, float *real_h, float *base, float *extra);
/* What proportional spacing adds above the next paragraph, from the last line's height. */
float lay_prop_extra(const lay_ctx *L, const tb_pprops *pp, int last_height);
/* Space between the paragraph ending on `prev` and b: max or sum of after and before,
 * contextual spacing, plus the previous paragraph's proportional extra. */
float lay_para_gap(const lay_ctx *L, const lay_line *prev, const tb_block *b);

/* One paragraph into lines at `width`. */
tb_status lay_para(lay_ctx *L, const tb_block *b, float width, lay_lines *out);
/* Blocks (paragraphs; tables become one unsplittable line per row) into lines. */
tb_status lay_blocks(lay_ctx *L, const tb_block *first, float width, lay_lines *out);
/* A table into a flow, splitting rows and repeating header rows across pages. */
tb_status lay_table(lay_ctx *L, const tb_table *t, lay_flow *f);
/* Place lines into the flow with keep-with-next handling; `tail` is the height of what
 * must follow the last line on the same page when it keeps with the next block. */
tb_status lay_place_lines(lay_flow *f, lay_lines *ls, float tail);
/* Height from a table's top to the bottom of its first body row. */
tb_status lay_table_first_row(lay_ctx *L, const tb_table *t, float width, float *h);

#endif
