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
} odt_reader;

bool odt_is(xmlNodePtr n, const char *local);
/* Attribute by local name (any namespace); caller frees with xmlFree. */
char *odt_attr(xmlNodePtr n, const char *local);
/* A length ("1.5cm", "12pt", "0.5in", "3mm", "10px") in points; false if not a length. */
bool odt_length(const char *s, float *pt);

tb_status odt_add_styles(odt_reader *r, xmlNodePtr container, int automatic);
void odt_add_fonts(odt_reader *r, xmlNodePtr decls);
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
tb_status odt_read_settings(odt_reader *r);
/* The page layout's style:layout-grid-* → the section's document grid. */
void odt_apply_grid(odt_reader *r, xmlNodePtr page_layout_props, tb_section *sec);

#endif
