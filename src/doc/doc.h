/* doc.h: the document model (IR) that the DOCX and ODT readers produce and layout consumes.
 * Every property is resolved (styles, defaults, inheritance) by the reader, so layout never
 * looks at a style. Lengths are points. Everything lives in the document's arena and is freed
 * at once by tb_doc_free. Lists are singly linked (first/next) so readers only append. */
#ifndef TB_DOC_DOC_H
#define TB_DOC_DOC_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "page/display.h" /* tb_rgb */
#include "tianbiao/tb_core.h"

typedef enum tb_align {
	TB_ALIGN_LEFT,
	TB_ALIGN_CENTER,
	TB_ALIGN_RIGHT,
	TB_ALIGN_JUSTIFY,
	TB_ALIGN_DISTRIBUTE /* every line spread, the last one too (分散对齐) */
} tb_align;

typedef enum tb_line_rule {
	TB_LINE_MULTIPLE, /* line = factor of the font's natural line height (1.0 = single) */
	TB_LINE_EXACT,    /* line = points, content clipped or overlapping */
	TB_LINE_ATLEAST   /* line = minimum points */
} tb_line_rule;

typedef enum tb_valign { TB_VALIGN_TOP, TB_VALIGN_CENTER, TB_VALIGN_BOTTOM } tb_valign;
/* A cell's text direction, as LibreOffice maps w:textDirection and style:writing-mode:
 * horizontal; bottom to top, lines left to right, every glyph turned counterclockwise (btLr,
 * bt-lr); top to bottom, lines right to left, East Asian glyphs upright and others turned
 * clockwise (tbRl, tbRlV, tb-rl). */
enum { TB_TEXT_HORIZONTAL = 0, TB_TEXT_BTLR = 1, TB_TEXT_TBRL = 2 };

typedef struct tb_border {
	float width;    /* points; 0 = none */
	tb_rgb color;
	uint8_t style;  /* 0 none, 1 single, 2 dashed, 3 double */
	uint8_t set;    /* given explicitly at this level (cell borders override table borders) */
	float space;    /* paragraph borders: distance from the text, points (w:space) */
} tb_border;

typedef struct tb_rprops {
	const char *font_latin; /* family for Latin letters and digits */
	const char *font_ea;    /* family for Han, kana, full-width punctuation */
	const char *font_sym;   /* DOCX w:hAnsi when it is a symbol font: Word draws private-use
	                           characters (F020-F0FF) in it whatever w:ascii says */
	float size;             /* points */
	float size_ea;          /* size of East Asian characters when it differs (ODF
	                           style:font-size-asian), 0 = size */
	bool bold, italic, underline, strike, hidden;
	bool caps;              /* shown in capitals (w:caps) */
	int8_t valign;          /* 0 baseline, 1 superscript, -1 subscript */
	tb_rgb color;
	tb_rgb highlight;
	bool has_highlight;
	float letter_spacing;   /* points added between characters (fo:letter-spacing, w:spacing;
	                           may be negative) */
	uint16_t scale;         /* horizontal glyph scale in percent (w:w); 0 = 100 */
	bool kern;              /* pair kerning asked for (w:kern, style:letter-kerning) */
} tb_rprops;

/* A tab stop; positions are from the left margin of the text column. */
typedef struct tb_tab {
	float pos;
	uint8_t align;  /* 0 left, 1 center, 2 right, 3 decimal (treated as right) */
	uint8_t leader; /* 0 none, 1 dots, 2 line (underscore), 3 hyphens */
} tb_tab;
#define TB_MAX_TABS 16

typedef struct tb_pprops {
	tb_align align;
	float ind_left, ind_right;
	float ind_first;        /* positive first-line indent, negative hanging */
	float ind_first_chars;  /* first-line indent in characters (w:firstLineChars/100), wins */
	float ind_hanging_chars;
	float space_before, space_after;
	float before_lines, after_lines; /* in lines (w:beforeLines/100), win over points */
	bool before_auto, after_auto; /* w:before/afterAutospacing (the reader resolves the
	                                 amount, layout drops it at a cell's edges) */
	tb_line_rule line_rule;
	float line;             /* factor (MULTIPLE: percent/100, as LibreOffice rounds it) or
	                           points */
	bool keep_next, keep_lines, page_break_before;
	bool no_widow_control;  /* widow/orphan control is on unless this is set */
	tb_tab tabs[TB_MAX_TABS]; /* sorted by position */
	int ntabs;
	bool contextual_spacing;
	bool no_hanging_punct;  /* CJK punctuation that overflows does not hang in the margin
	                           (style:punctuation-wrap simple; DOCX: w:overflowPunct on,
	                           which LibreOffice maps inverted) */
	tb_rprops font;         /* the paragraph's own character properties (styles, not the
	                           mark's): a first line of blanks only is measured with them;
	                           size 0 = as `mark` */
	bool no_autospace;      /* no extra space between Han and Latin letters or digits
	                           (w:autoSpaceDE/DN off, style:text-autospace none) */
	tb_border bd_top, bd_bottom;
	tb_rgb shading;
	bool has_shading;
	tb_rprops mark;         /* the paragraph mark's run properties: height of empty lines */
	float line_leading;     /* points of extra space between lines (ODF style:line-spacing,
	                           LibreOffice's "leading" rule), on top of line_rule/line */
	bool no_snap_grid;      /* the paragraph ignores the document grid (w:snapToGrid="0",
	                           style:snap-to-layout-grid="false") */
	bool last_center;       /* justified: the last line is centred (fo:text-align-last) */
} tb_pprops;

typedef enum tb_inline_kind {
	TB_IN_TEXT,
	TB_IN_TAB,
	TB_IN_LINEBREAK,
	TB_IN_PAGEBREAK,
	TB_IN_FIELD_PAGE,     /* current page number */
	TB_IN_FIELD_NUMPAGES, /* total pages */
	TB_IN_IMAGE,
	TB_IN_BOOKMARK,       /* a named point; tb_seal_<name> marks a seal place */
	TB_IN_COLUMNBREAK,    /* the rest goes to the next column (a page break with one) */
	TB_IN_NOTE_REF,       /* a footnote or endnote reference: text = its mark, note */
	TB_IN_FLOAT,          /* a floating object anchored here: fl */
	TB_IN_FIELD_STYLEREF  /* the text of a paragraph in style `ref` on the page (STYLEREF);
	                         text = the result saved in the file, shown when none is found */
} tb_inline_kind;

typedef struct tb_note tb_note;
typedef struct tb_float tb_float;

/* Vector picture formats, beyond the raster ones of tb_img_format: layout draws them as
 * paths and text (layout/emf.c). */
enum {
	TB_PIC_EMF = 16,
	TB_PIC_WMF = 17,
	TB_PIC_NONE = 255 /* nothing can draw it: layout keeps its box, empty (the reader warned) */
};

typedef struct tb_inline {
	tb_inline_kind kind;
	tb_rprops rp;
	const char *text;            /* TEXT: UTF-8; BOOKMARK: name */
	size_t len;
	const unsigned char *data;   /* IMAGE: bytes (arena) */
	size_t data_len;
	float w, h;                  /* IMAGE: extent in points */
	uint8_t format;              /* IMAGE: tb_img_format (page/display.h), TB_PIC_EMF,
	                                TB_PIC_WMF or TB_PIC_NONE */
	tb_note *note;               /* NOTE_REF */
	tb_float *fl;                /* FLOAT */
	const char *ref;             /* FIELD_STYLEREF: the paragraph style id it looks for */
	bool ref_last;               /* FIELD_STYLEREF: the last such paragraph on the page (\l),
	                                else the first */
	struct tb_inline *next;
} tb_inline;

typedef struct tb_block tb_block;

typedef struct tb_cell {
	int span;                    /* grid columns covered (gridSpan) */
	int vmerge;                  /* 0 none, 1 starts a vertical merge, 2 continues one */
	int rowspan;                 /* for the first cell of a vertical merge: rows covered */
	float width;                 /* preferred width, 0 = from the grid */
	tb_border bd[4];             /* top, left, bottom, right (cell level, .set if given) */
	tb_rgb shading;
	bool has_shading;
	float mar[4];                /* top, left, bottom, right; <0 = table default */
	tb_valign valign;
	uint8_t text_dir;            /* TB_TEXT_*: horizontal, or vertical text in the cell */
	tb_block *first, *last;      /* content */
	struct tb_cell *next;
	int col;                     /* first grid column, computed by tb_doc_table_finish */
} tb_cell;

typedef struct tb_row {
	float height;
	int height_rule;             /* 0 auto, 1 at least, 2 exact */
	bool cant_split, header;
	tb_cell *first, *last;
	struct tb_row *next;
} tb_row;

/* tb_table.inset_rule */
enum {
	TB_INSET_WORD,        /* DOCX: collapsed borders on the cell edges; left = max(border/2,
	                         margin), top/bottom = border + margin */
	TB_INSET_ODF,         /* ODF separated borders (table:border-model "separating", the
	                         default): each cell draws its own inside its box; inset =
	                         border width + padding on every side */
	TB_INSET_ODF_COLLAPSE /* ODF "collapsing": borders on the cell edges, the stronger one
	                         of two neighbours wins; inset = padding */
};

typedef struct tb_table {
	int ncols;
	float *cols;                 /* grid column widths (arena) */
	float width;                 /* preferred table width, 0 = auto */
	bool fixed;                  /* fixed layout: the grid as given, never scaled up */
	bool rel_cols;               /* cols are relative weights (ODF style:rel-column-width
	                                alone): the table is `width` wide, else as wide as the
	                                text area less the table's margins */
	float mar_right;             /* the table's right margin (ODF fo:margin-right), with
	                                rel_cols or align "margins" */
	tb_align align;              /* left, center, right */
	float indent;
	tb_border bd[6];             /* top, left, bottom, right, insideH, insideV */
	float mar[4];                /* default cell margins */
	uint8_t inset_rule;          /* how borders and margins make a cell's text inset */
	tb_row *first, *last;
	int nrows;
} tb_table;

typedef enum tb_block_kind { TB_BLOCK_PARA, TB_BLOCK_TABLE } tb_block_kind;

struct tb_block {
	tb_block_kind kind;
	tb_pprops pp;                /* PARA */
	tb_inline *first, *last;     /* PARA: content */
	const char *prefix;          /* PARA: list label ("1.", "一、", "•"), or NULL */
	uint8_t prefix_suffix;       /* PARA: after the label: 0 a tab, 1 a space, 2 nothing */
	const tb_rprops *prefix_rp;  /* PARA: the label's own properties (a bullet's font), or
	                                NULL for those of the first run */
	tb_table *table;             /* TABLE */
	unsigned line;               /* source line of the element, for messages */
	const char *style;           /* PARA: its paragraph style id, or NULL (contextual spacing
	                                compares it, STYLEREF looks for it) */
	tb_block *next;
};

typedef struct tb_story {
	tb_block *first, *last;
} tb_story;

/* A footnote or endnote (DOCX footnotes.xml/endnotes.xml, ODF text:note). Footnotes go to
 * the foot of the page their reference lands on, endnotes after the last section. */
struct tb_note {
	tb_story body;
	bool endnote;
	const char *mark;            /* the reference mark as shown: "1", "i", "①", or custom */
	struct tb_note *next;        /* endnotes in document order (tb_doc.endnotes) */
};

/* Where a floating object is measured from. */
typedef enum tb_float_rel {
	TB_REL_PAGE,
	TB_REL_MARGIN,               /* the text area of the page */
	TB_REL_COLUMN,               /* the text column (= margin without columns) */
	TB_REL_PARAGRAPH,            /* vertical: the top of the anchor paragraph */
	TB_REL_LINE,                 /* vertical: the line of the anchor */
	TB_REL_CHAR                  /* horizontal: the anchor character (taken as the column) */
} tb_float_rel;

/* How text goes around a floating object. */
typedef enum tb_wrap {
	TB_WRAP_FRONT,               /* over the text, text ignores it (wrapNone) */
	TB_WRAP_BEHIND,              /* under the text (behindDoc) */
	TB_WRAP_SQUARE,              /* text beside it (square, tight, through) */
	TB_WRAP_TOPBOTTOM            /* text above and below only */
} tb_wrap;

/* The sides of an object with square wrapping that text goes on (wrapText, style:wrap). */
enum {
	TB_SIDE_BOTH,                /* both sides where there is room (bothSides, parallel) */
	TB_SIDE_LARGEST,             /* the side with more room (largest, dynamic) */
	TB_SIDE_LEFT,                /* the left side only */
	TB_SIDE_RIGHT                /* the right side only */
};

/* Alignment of a floating object instead of an offset. */
enum { TB_FALIGN_NONE, TB_FALIGN_START, TB_FALIGN_CENTER, TB_FALIGN_END };

/* Outline of a floating shape. */
enum { TB_SHAPE_RECT, TB_SHAPE_ROUNDRECT, TB_SHAPE_ELLIPSE, TB_SHAPE_LINE };

/* A floating object: an anchored picture, text box, shape or frame (DOCX wp:anchor, VML
 * v:shape/v:rect/v:textbox, ODF draw:frame anchored to page, paragraph or character). It
 * is placed by its anchor and never takes part in the text flow, except that wrapped text
 * goes around it. */
struct tb_float {
	float w, h;                  /* size in points */
	float x, y;                  /* offset from the reference edges (when not aligned) */
	uint8_t hrel, vrel;          /* tb_float_rel */
	uint8_t halign, valign;      /* TB_FALIGN_* (NONE: use x, y) */
	uint8_t wrap;                /* tb_wrap */
	uint8_t wrap_side;           /* TB_SIDE_* (square wrapping) */
	bool autowidth;              /* as wide as its text, up to the column (a paragraph frame
	                                without w:w) */
	float dist[4];               /* distance kept from wrapped text: top, left, bottom, right */
	uint8_t shape;               /* TB_SHAPE_* */
	bool flip_h, flip_v;         /* a line's direction */
	tb_border outline;           /* width 0 = none */
	tb_rgb fill;
	bool has_fill;
	float inset[4];              /* text box insets: top, left, bottom, right */
	tb_valign text_valign;
	bool autofit;                /* the box grows to its text (VML/ODF auto height) */
	bool in_line;                /* a shape in the line (DOCX wp:inline, ODF as-char): its
	                                paragraph starts on the next page when it does not fit */
	tb_story content;            /* a text box's content (empty for a picture) */
	tb_inline *picture;          /* a picture filling the box (an IMAGE inline), or NULL */
	const char *name;            /* the object's name or id, for messages */
	const char *part;            /* the part it comes from, for messages */
	unsigned line;               /* its source line, for messages */
	struct tb_float *group;      /* other members of a group, placed relative to this one */
	struct tb_float *next_in_group;
};

#define TB_MAX_COLUMNS 16

typedef struct tb_section {
	float page_w, page_h;        /* orientation already applied */
	float mar_top, mar_bottom, mar_left, mar_right;
	float header_dist, footer_dist;
	float header_space, footer_space; /* ODF: the header's fo:margin-bottom (footer's
	                                     margin-top), kept between it and the body when
	                                     the header outgrows its min-height */
	bool title_page;             /* a different first-page header/footer */
	bool continuous;             /* starts below the previous section, not on a new page */
	bool top_fixed;              /* the body starts at mar_top whatever the header's height
	                                (negative w:top) */
	tb_story *header, *footer;   /* default */
	tb_story *header_first, *footer_first;
	tb_story *header_even, *footer_even;
	int page_start;              /* restart numbering at this number, 0 = continue */
	int columns;                 /* text columns (w:cols, fo:column-count); 0 or 1 = one */
	float col_gap;               /* space between equal columns */
	float col_w[TB_MAX_COLUMNS]; /* widths of unequal columns, else 0 */
	float col_space[TB_MAX_COLUMNS]; /* space after each unequal column */
	bool col_sep;                /* a rule between columns */
	/* Document grid (w:docGrid; ODF style:layout-grid-* of the page layout). */
	float line_pitch;            /* document grid pitch (w:docGrid linePitch), 0 = none */
	bool grid_lines;             /* lines snap to the grid (type lines / linesAndChars) */
	bool grid_chars;             /* characters snap to cells of char_pitch too (linesAndChars,
	                                snapToChars; ODF layout-grid-mode="both") */
	bool grid_snap_chars;        /* snapToChars (ODF layout-grid-snap-to): glyphs centred in
	                                their cells; else at their left */
	float char_pitch;            /* width of a grid cell, points (0 = no character grid) */
	int grid_line_count;         /* lines per page the grid asks for (layout-grid-lines), 0 =
	                                as many as fit */
	float grid_ruby;             /* ruby height added to each grid line (layout-grid-ruby-height) */
	bool grid_square;            /* ODF square-page mode (layout-grid-standard-mode false):
	                                paragraph tops snap to the grid as well */
	/* ODF style:footnote-sep: the space above the separator rule, the rule's width and the
	 * space below it (fn_sep false: LibreOffice's defaults for DOCX, layout/notes.c). */
	bool fn_sep;
	float fn_sep_above, fn_sep_width, fn_sep_below;
	tb_story body;
	struct tb_section *next;
} tb_section;

/* Document settings that move lines, named after LibreOffice's document settings (ODT
 * settings.xml config items; DOCX w:compat and settings.xml). tb_doc_new sets the values
 * LibreOffice uses for DOCX; the ODT reader sets what settings.xml says. */
typedef struct tb_compat {
	bool ext_leading;            /* AddExternalLeading: a font's line gap counts in its line
	                                height (DOCX: unless w:noLeading) */
	bool para_space_sum;         /* AddParaTableSpacing (PARA_SPACE_MAX): the gap between two
	                                paragraphs is after + before; else the larger of the two */
	bool para_space_at_start;    /* AddParaTableSpacingAtStart: space-before at the top of a
	                                page after a natural page break */
	bool para_space_in_cells;    /* AddParaSpacingToTableCells: a cell's last paragraph's
	                                space-after counts in the cell's height */
	bool line_space_in_cells;    /* AddParaLineSpacingToTableCells: proportional spacing of a
	                                cell's last line adds below it */
	bool prop_shrinks_first;     /* PropLineSpacingShrinksFirstLine: spacing below 100% also
	                                shrinks the first line */
	bool ignore_blank_lines;     /* IgnoreTabsAndBlanksForLineCalculation */
	bool collapse_empty_cell_para; /* CollapseEmptyCellPara: an empty paragraph after a
	                                nested table at a cell's end takes no height */
	bool header_space_below_last; /* HeaderSpacingBelowLastPara: a header's or footer's last
	                                paragraph keeps its space-after in the header's height */
	bool split_pg_break;         /* DOCX splitPgBreakAndParaMark: a page break ending a
	                                paragraph leaves its empty remainder on the next page */
	bool tab_over_margin;        /* TabOverMargin: text after a tab to a stop beyond the right
	                                margin may run to that stop (DOCX) */
	uint8_t char_compression;    /* CharacterCompressionType: 0 none, 1 punctuation,
	                                2 punctuation and kana */
} tb_compat;

/* A font the document embeds (DOCX word/fonts/), as the file's bytes (de-obfuscated) under
 * the family name the document uses; layout makes faces of them (font/font.h tb_font_set). */
typedef struct tb_doc_font {
	const char *family;
	bool bold, italic;
	const unsigned char *data;
	size_t len;
	const char *part;            /* the package part, for messages */
	struct tb_doc_font *next;
} tb_doc_font;
/* At most this many embedded fonts are read from one document. */
#define TB_DOC_MAX_FONTS 32
#define TB_DOC_MAX_FONT_BYTES (64u << 20)   /* one font file (font.h TB_FONT_MAX_EMBEDDED_BYTES) */
#define TB_DOC_MAX_FONTS_BYTES (128u << 20) /* all of them */

typedef struct tb_doc {
	tb_section *first, *last;
	tb_doc_font *fonts;          /* embedded fonts, in the order the document lists them */
	tb_compat compat;
	bool even_odd_headers;
	tb_note *endnotes, *endnotes_last; /* endnotes in reference order */
	size_t nnotes;               /* footnotes and endnotes referenced in the document */
	float default_tab;           /* default tab stop interval, 0 = 21 pt */
	bool table_outdent;          /* Word before 2013 (compatibilityMode < 15): a table's
	                                edge sits one cell margin left of the text margin */
	const char *part;            /* main part name, for messages ("word/document.xml") */
	const char *title, *author, *subject, *keywords;
	struct tb_arena_chunk *arena;
	size_t arena_used;           /* bytes, bounded by TB_DOC_MAX_BYTES */
} tb_doc;

/* The whole model of one document may not take more than this. */
#define TB_DOC_MAX_BYTES (256u * 1024 * 1024)

tb_doc *tb_doc_new(void);
void tb_doc_free(tb_doc *doc);
/* Zeroed arena memory, or NULL when out of memory or past TB_DOC_MAX_BYTES. */
void *tb_doc_alloc(tb_doc *doc, size_t size);
const char *tb_doc_strdup(tb_doc *doc, const char *s);
const char *tb_doc_strndup(tb_doc *doc, const char *s, size_t n);

tb_section *tb_doc_add_section(tb_doc *doc);
tb_block *tb_story_add_block(tb_doc *doc, tb_story *story, tb_block_kind kind);
tb_block *tb_cell_add_block(tb_doc *doc, tb_cell *cell, tb_block_kind kind);
tb_inline *tb_block_add_inline(tb_doc *doc, tb_block *para, tb_inline_kind kind,
                               const tb_rprops *rp);
/* Append text to the paragraph, merging with the previous text inline when the properties
 * are the same. */
TB_NODISCARD tb_status tb_block_add_text(tb_doc *doc, tb_block *para, const tb_rprops *rp, const char *s,
                            size_t n);
tb_row *tb_table_add_row(tb_doc *doc, tb_table *t);
tb_cell *tb_row_add_cell(tb_doc *doc, tb_row *r);
/* After reading a table: grid columns of each cell, rowspans of vertical merges, and a grid
 * when the source gave none. */
TB_NODISCARD tb_status tb_doc_table_finish(tb_doc *doc, tb_table *t);

/* Add (or with clear, remove) a tab stop, keeping the list sorted. */
void tb_pprops_set_tab(tb_pprops *pp, float pos, int align, int leader, bool clear);

/* Defaults that both readers start from. */
void tb_rprops_default(tb_rprops *rp);
void tb_pprops_default(tb_pprops *pp);
/* A section with A4 portrait and Word's default margins. */
void tb_section_default(tb_section *s);

/* Open `path` (or memory) as DOCX or ODT, decided by the package content. */
/* A part the caller has already parsed (the fill step's filled tree): the reader takes the
 * tree (and frees it) instead of reading and parsing the package's bytes again. NULL: read
 * the part from the package. */
typedef struct _xmlDoc *(*tb_doc_take_part)(void *user, const char *part);
typedef struct tb_doc_read_options {
	int strict; /* warn layout.unsupported for each element outside the model */
	/* The bytes were made in this process (a filled template): the compression-ratio check,
	 * meant for hostile archives, is off (a repetitive form compresses well); the entry and
	 * total size limits still hold. */
	int own;
	tb_doc_take_part take; /* may be NULL */
	void *take_user;
} tb_doc_read_options;
TB_NODISCARD tb_status tb_doc_read_file(tb_ctx *ctx, const char *path, const tb_doc_read_options *o,
                           tb_doc **out);
TB_NODISCARD tb_status tb_doc_read_mem(tb_ctx *ctx, const char *name, const void *data, size_t len,
                          const tb_doc_read_options *o, tb_doc **out);

#endif
