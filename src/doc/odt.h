/* odt.h: the ODT reader's internals shared by odt_read.c (body, tables, master pages) and
 * odt_styles.c (style tables, parent chains, fo:* properties, lengths). */
#ifndef TB_DOC_ODT_H
#define TB_DOC_ODT_H
#include <libxml/tree.h>
#include "doc/doc_read.h"

typedef struct odt_style {
	const char *name, *family, *parent, *master;
	xmlNodePtr node;
	int automatic; /* 1 content.xml automatic, 2 styles.xml automatic, 0 common */
} odt_style;

#define ODT_MAX_PENDING 64
#define ODT_MAX_LEVELS 10

/* Where the reader is in lists (odt_lists.c). */
typedef struct odt_lists {
	int depth;                              /* text:list nesting */
	const char *style[ODT_MAX_LEVELS + 1];  /* the list style in effect at each depth */
	int item;        /* 0 not in an item, 1 its first paragraph is next, 2 later ones, 3 a
	                    text:list-header */
	int start;       /* text:list-item's start-value, 0 none */
	int cnt[ODT_MAX_LEVELS];               /* the current top-level list's counters */
	const char *cnt_style;
	int outline[ODT_MAX_LEVELS];           /* heading numbering (text:outline-style) */
} odt_lists;

typedef struct odt_list_save {
	int item;
} odt_list_save;

typedef struct odt_reader {
	tb_ctx *ctx;
	tb_zipr *zip;
	tb_doc *doc;
	const tb_doc_read_options *opts;
	const char *name;
	const char *part;
	odt_style *styles;
	size_t nstyles, cap;
	int scope;     /* which automatic styles are visible: 1 content, 2 styles.xml */
	const char **font_name, **font_family;
	size_t nfonts;
	xmlNodePtr default_para, default_cell, default_table;
	int depth;
	int unsupported_count;
	bool del_warned; /* tracked deletions reported (once per document) */
	/* Page-anchored frames between paragraphs, for the next paragraph (odt_float.c). */
	struct tb_float *pending[ODT_MAX_PENDING];
	int npending;
	odt_lists lists;
} odt_reader;

bool odt_is(xmlNodePtr n, const char *local);
/* Attribute by local name (any namespace); caller frees with xmlFree. */
char *odt_attr(xmlNodePtr n, const char *local);
/* A length ("1.5cm", "12pt", "0.5in", "3mm", "10px") in points; false if not a length. */
bool odt_length(const char *s, float *pt);

TB_NODISCARD tb_status odt_add_styles(odt_reader *r, xmlNodePtr container, int automatic);
void odt_add_fonts(odt_reader *r, xmlNodePtr decls);
/* An svg:font-family list ("Roboto, sans-serif", "'宋体', SimSun") as LibreOffice keeps it:
 * the names without quotes, joined by ';' (in the model's arena; NULL when out of memory). */
const char *odt_family_list(odt_reader *r, const char *fam);
/* odt_fonts.c: the fonts the font-face declarations `decls` of `part` embed, into doc->fonts. */
tb_status odt_embedded_fonts(odt_reader *r, xmlNodePtr decls, const char *part);
const odt_style *odt_find_style(const odt_reader *r, const char *family, const char *name);
/* Resolve a style (parents first) onto paragraph and/or run properties. */
void odt_apply_style(odt_reader *r, const char *family, const char *name, tb_pprops *pp,
                     tb_rprops *rp);
void odt_apply_text_props(odt_reader *r, xmlNodePtr props, tb_rprops *rp);
void odt_apply_para_props(odt_reader *r, xmlNodePtr props, tb_pprops *pp);
void odt_apply_cell_style(odt_reader *r, const char *name, tb_cell *c);
/* A child element named local. */
xmlNodePtr odt_child(xmlNodePtr n, const char *local);
void odt_unsupported(odt_reader *r, xmlNodePtr n);
/* settings.xml → doc->compat (odt_settings.c). */
TB_NODISCARD tb_status odt_read_settings(odt_reader *r);
/* The page layout's style:layout-grid-* → the section's document grid. */
void odt_apply_grid(odt_reader *r, xmlNodePtr page_layout_props, tb_section *sec);

/* odt_columns.c: style:columns below `props` (page layout or section properties) into the
 * section's columns, text_w the width they share; false when there are not two or more. */
bool odt_read_columns(xmlNodePtr props, float text_w, tb_section *s);
/* The columns of text:section's style. */
bool odt_section_columns(odt_reader *r, xmlNodePtr section, float text_w, tb_section *s);

/* odt_read.c: the blocks below `parent` into a story of their own (notes, text boxes). */
tb_status odt_read_story(odt_reader *r, xmlNodePtr parent, tb_story *story);
/* odt_float.c: text:note; draw:frame not anchored as a character (para NULL: between
 * paragraphs, given to the next one by odt_take_pending). */
tb_status odt_note(odt_reader *r, xmlNodePtr n, tb_block *para, const tb_rprops *rp);
tb_status odt_frame(odt_reader *r, xmlNodePtr frame, tb_block *para, const tb_rprops *rp);
tb_status odt_take_pending(odt_reader *r, tb_block *para);
/* The draw:image of a frame to draw (a PNG replacement rather than an SVG), or NULL. */
xmlNodePtr odt_frame_image(xmlNodePtr frame);
/* draw:custom-shape, draw:rect, draw:ellipse (with their text) and draw:g. */
tb_status odt_shape(odt_reader *r, xmlNodePtr sh, tb_block *para, const tb_rprops *rp);

/* odt_lists.c: text:list and text:list-item/-header as the reader walks them, then the
 * label (and the level's indents) of a paragraph or a numbered heading. */
void odt_list_enter(odt_reader *r, xmlNodePtr list, odt_list_save *save);
void odt_list_leave(odt_reader *r, const odt_list_save *save);
void odt_list_item(odt_reader *r, xmlNodePtr item, bool header);
void odt_list_label(odt_reader *r, xmlNodePtr p, tb_block *b, const char *pstyle,
                    const tb_rprops *rp);
/* The style:list-style-name of a paragraph style or its parents, or NULL. */
const char *odt_para_list_style(odt_reader *r, const char *pstyle);

#endif
