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
	bool column_break_after; /* a column break inline ends this line */
	char *seal;              /* tb_seal_ name (without the prefix) anchored on this line */
	char *seal_label;        /* the paragraph's text, the seal's label */
	float seal_h;            /* height of the paragraph from this line on */
	float seal_w;            /* its width */
} lay_line;

typedef struct lay_lines {
	lay_line *v;
	size_t n, cap;
} lay_lines;

/* Room taken from the left and right of one line by floating objects the text wraps around.
 * An object with text on both sides makes two lines of one row: the second (same_row) starts
 * right of the object, at the first one's height. */
typedef struct lay_cut {
	float left, right;
	bool same_row;
} lay_cut;

#define LAY_MAX_WARNED_OBJS 256
#define LAY_MAX_EXCL 32

/* Room a floating object takes from the text on its page: its box grown by the distance it
 * keeps from wrapped text. */
typedef struct lay_excl {
	float x, y, w, h;
	uint8_t wrap;            /* TB_WRAP_SQUARE or TB_WRAP_TOPBOTTOM */
	uint8_t side;            /* TB_SIDE_*: where the text goes beside it */
} lay_excl;

/* What belongs to the page being filled, whichever section fills it (continuous sections
 * share pages): footnotes waiting for its foot, objects already on it, wrap exclusions. */
typedef struct lay_page_state {
	lay_lines notes;         /* footnote lines, in reference order */
	float notes_h;           /* their height */
	const void **done;       /* notes and floating objects placed on this page */
	size_t ndone, capdone;
	lay_excl excl[LAY_MAX_EXCL];
	int nexcl;
} lay_page_state;

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
	bool doc_last;           /* laying out the body's last paragraph */
	int max_pages;
	const void *warned_objs[LAY_MAX_WARNED_OBJS]; /* objects already reported (lay_warn_once) */
	int nwarned_objs;
	lay_page_state pg;
	int no_grid;             /* > 0: lines do not snap to the document grid (headers,
	                            footers, notes and text boxes never do; LibreOffice's
	                            HasGrid is the body's only) */
	/* STYLEREF (fields.c): paragraphs with a style, by the page they start on, in order. */
	bool track_styles;       /* some header or footer has a STYLEREF field */
	struct lay_styled *styled;
	size_t nstyled, capstyled;
	size_t page_index;       /* the page a header or footer is being laid out for */
	bool cell_first, cell_last; /* the paragraph is a cell's first / last block */
	/* A paragraph's working arrays, kept from one paragraph to the next (para.c) rather than
	 * grown afresh for each: every malloc or realloc past 1 KiB makes glibc merge its free
	 * small chunks first. A paragraph laid out inside another's takes its own. */
	void *spare_atoms, *spare_work;
	size_t spare_atoms_cap, spare_work_cap;
} lay_ctx;

/* Where lines go: pages of the output document (bottom finite), or one container that
 * grows without bound (nested tables, headers, footers). */
typedef struct lay_flow {
	lay_ctx *L;
	tb_dl_doc *out;          /* NULL: a collector, never breaks pages */
	tb_dl_page *page;
	tb_dl_page collect;      /* the collector's items */
	float left, width;
	float y, top, bottom;     /* bottom: of the text on this page (above the footnotes) */
	float page_bottom;       /* bottom of the text area without footnotes */
	float grid_floor;        /* line pitch when the text above the footnotes holds whole
	                            pitches (a line grid in a document with notes), else 0 */
	int ncols, col;          /* text columns of the section, the one being filled */
	float col_x[TB_MAX_COLUMNS], col_w[TB_MAX_COLUMNS];
	float col_top;           /* where the columns begin on this page */
	float col_maxy;          /* lowest text in the columns on this page */
	float first_row_end;     /* tables: y below the first body row placed (measuring) */
	bool fresh;              /* nothing placed since the page began */
	bool blank;              /* nothing visible placed since the page began (empty
	                            paragraphs only) */
	float prop_extra;        /* what the last paragraph placed adds above a table that
	                            follows it (its proportional spacing) */
	bool natural;            /* the page began because the previous one was full (not at an
	                            explicit break): the first paragraph's space before is
	                            dropped */
	int pages;               /* pages begun by this flow */
} lay_flow;

TB_NODISCARD tb_status lay_lines_push(lay_lines *ls, lay_line **out);
void lay_lines_free(lay_lines *ls);
void lay_line_free(lay_line *ln);

/* Copy items from src into dst, shifted by (dx, dy); glyph arrays, image data and strings
 * are duplicated so a line can be placed more than once (repeated header rows). */
TB_NODISCARD tb_status lay_copy_items(tb_dl_page *dst, const tb_dl_page *src, float dx, float dy);
/* Move one item by (dx, dy) in place. */
void lay_shift_item(tb_dl_item *it, float dx, float dy);

/* Go on in the next column, or on a new page after the last one (text that did not fit). */
TB_NODISCARD tb_status lay_flow_new_page(lay_flow *f);
/* Go on on a new page whatever the column (a page break). */
TB_NODISCARD tb_status lay_flow_page_break(lay_flow *f);
/* Finish the flow's page: floating objects and footnotes anchored on it, column rules;
 * layout anchors are removed. Called before a new page and at the end of the body. */
TB_NODISCARD tb_status lay_flow_finish_page(lay_flow *f);
/* The bottom of the text: above the page's footnotes, in whole grid pitches (grid_floor). */
void lay_flow_set_bottom(lay_flow *f);
/* The columns of section s in the flow's text area (f->left, f->width), which then become the first
 * column's. */
void lay_flow_columns(lay_flow *f, const tb_section *s);
/* Place a line at the flow's left + dx, breaking the page first when it does not fit. */
TB_NODISCARD tb_status lay_flow_place_line(lay_flow *f, const lay_line *ln, float dx, bool may_break);
/* A seal field (and nothing else) over a rectangle. */
TB_NODISCARD tb_status lay_push_seal(tb_dl_page *p, float x, float y, float w, float h, const char *name,
                        const char *label);

/* A picture (an IMAGE inline) into the box x, y, w, h: raster pictures as an image item,
 * EMF and WMF as paths and text (emf.c), anything else as an empty frame. */
tb_status lay_picture(lay_ctx *L, tb_dl_page *items, const tb_inline *pic, float x, float y,
                      float w, float h);

/* EMF or WMF into the box as paths and text; *drawn false when the metafile could not be
 * read (a warning naming the part was given). */
tb_status lay_metafile(lay_ctx *L, tb_dl_page *items, const tb_inline *pic, float x, float y,
                       float w, float h, bool *drawn);
/* A rectangle's four edges as rules. */
tb_status lay_frame(tb_dl_page *items, float x, float y, float w, float h, float lw, tb_rgb c,
                    int dashed);
/* notes.c: footnotes at the foot of the page. */
bool lay_page_done(lay_ctx *L, const void *obj);
tb_status lay_page_mark_done(lay_ctx *L, const void *obj);
void lay_page_reset(lay_ctx *L);
/* Lay out the footnotes referenced in `items` not yet on this page into *out; *h is the
 * height they add to the page's footnote area (with the separator for the first). */
tb_status lay_notes_collect(lay_flow *f, const tb_dl_page *items, lay_lines *out, float *h);
/* Add them to the page: the flow's bottom rises by h. */
tb_status lay_notes_commit(lay_flow *f, lay_lines *ls, float h);
/* Commit notes laid out by lay_notes_collect from `refs` and mark them as on this page. */
tb_status lay_notes_reserve(lay_flow *f, const tb_dl_page *refs, lay_lines *ls, float h);
/* Reserve room for the footnotes of a line about to be placed, breaking the page first when
 * the line and its notes do not fit (may_break). */
tb_status lay_notes_for_line(lay_flow *f, const lay_line *ln, bool may_break);
/* Draw the page's footnotes at its foot (on f->page). */
tb_status lay_notes_flush(lay_flow *f);
/* Endnotes after the body, on a new page. */
tb_status lay_endnotes(lay_flow *f);

/* float.c: floating objects. */
/* Place fl anchored at (ax, ay) (the anchor paragraph's top) on the flow's page: drawn now,
 * its wrap exclusion registered for the text still to come on this page. */
tb_status lay_float_place(lay_flow *f, const tb_float *fl, float ax, float ay);
/* Floating objects and notes whose anchors lie in f->page's items from index `from`:
 * objects drawn, notes queued for the foot; the anchors are removed. */
tb_status lay_resolve_anchors(lay_flow *f, size_t from);
/* How wrapped objects affect a line at y of height h in the flow's column: *cut the room
 * they take at its sides; *skip > y when the line must go below an object instead; *hole
 * (left < right, from the column's left) an object with text on both sides. */
void lay_excl_at(const lay_flow *f, float y, float h, lay_cut *cut, float *skip, lay_cut *hole);
/* A body paragraph with floating objects or on a page with wrap exclusions: objects
 * registered at the paragraph's top, text laid out around them, lines placed. */
tb_status lay_para_around(lay_flow *f, const tb_block *b, float tail);
/* The tallest shape in the paragraph's lines (in_line), 0 when none. */
float lay_in_line_height(const tb_block *b);
/* Does the paragraph anchor floating objects? */
bool lay_has_floats(const tb_block *b);

/* fields.c: STYLEREF. Does a header or footer of the document hold one (then body
 * paragraphs with a style are recorded by page)? */
bool lay_styleref_used(const tb_doc *doc);
/* Paragraph b starts on page `page` (from its anchor on the page). */
tb_status lay_styled_add(lay_ctx *L, size_t page, const tb_block *b);
/* What STYLEREF field `in` shows on page L->page_index: the text of the first (ref_last:
 * last) paragraph of its style on the page, else of the last one before it, else its saved
 * result. *s points into buf or the model. */
void lay_styleref_text(lay_ctx *L, const tb_inline *in, char *buf, size_t cap, const char **s,
                       size_t *n);

/* True the first time `key` (a model object) is seen: headers are laid out once per page,
 * and a problem is reported once. */
bool lay_warn_once(lay_ctx *L, const void *key);

/* Vertical text (turn.c): a cell's lines, laid out as if horizontal, placed turned. The
 * lines' frame has u along the lines (0 where they start) and v across them (0 at the first
 * line's top); (ox, oy) is where the frame's origin lands on the page: the bottom left of
 * the text area for TB_TEXT_BTLR, the top right for TB_TEXT_TBRL. */
typedef struct lay_turn {
	int dir;
	float ox, oy;
} lay_turn;
/* Copy one line's items turned; the line's box is v0 .. v0 + height across the lines. */
tb_status lay_copy_items_turned(tb_dl_page *dst, const tb_dl_page *src, const lay_turn *t,
                                float v0, float height);
/* The length of the longest of `ls`, laid out at `width`: what the lines need unbroken. */
float lay_lines_extent(const lay_lines *ls, float width);

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
TB_NODISCARD tb_status lay_para(lay_ctx *L, const tb_block *b, float width, lay_lines *out);
/* The same with line i of the paragraph narrowed by cuts[i] (i < ncuts). */
TB_NODISCARD tb_status lay_para_cut(lay_ctx *L, const tb_block *b, float width, const lay_cut *cuts,
                       size_t ncuts, lay_lines *out);
/* Blocks (paragraphs; tables become one unsplittable line per row) into lines. */
TB_NODISCARD tb_status lay_blocks(lay_ctx *L, const tb_block *first, float width, lay_lines *out);
/* A table into a flow, splitting rows and repeating header rows across pages. */
TB_NODISCARD tb_status lay_table(lay_ctx *L, const tb_table *t, lay_flow *f);
/* Place lines into the flow with keep-with-next handling; `tail` is the height of what
 * must follow the last line on the same page when it keeps with the next block. */
TB_NODISCARD tb_status lay_place_lines(lay_flow *f, lay_lines *ls, float tail);
/* Height from a table's top to the bottom of its first body row. */
TB_NODISCARD tb_status lay_table_first_row(lay_ctx *L, const tb_table *t, float width, float *h);

#endif
