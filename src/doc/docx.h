/* docx.h: the DOCX reader's internals shared by docx_read.c (body, tables, headers) and
 * docx_props.c (styles, theme fonts, numbering and property application). */
#ifndef TB_DOC_DOCX_H
#define TB_DOC_DOCX_H
#include <libxml/tree.h>
#include "doc/doc_read.h"

/* Conditional formats of a table style that can apply to one cell at once. */
#define DOCX_MAX_CNF 6

typedef struct docx_style {
	char *id;
	int type;            /* 'p', 'c', 't' (table), 'n' (numbering) */
	char *based_on;
	xmlNodePtr ppr, rpr, tblpr, tcpr;
	xmlNodePtr node;     /* the w:style element (table styles: w:tblStylePr children) */
	int depth_guard;
} docx_style;

typedef struct docx_num_level {
	int fmt;             /* 'd' decimal, 'c' chinese counting, 'b' bullet, 'n' none, ... */
	char *text;          /* lvlText, e.g. "%1." */
	int start;
	xmlNodePtr ppr;      /* the level's indents */
} docx_num_level;

typedef struct docx_num {
	int id;
	docx_num_level lvl[9];
	int count[9];
} docx_num;

typedef struct docx_rels {
	const char **id, **target;
	size_t n;
} docx_rels;

typedef struct docx_reader {
	tb_ctx *ctx;
	tb_zipr *zip;
	tb_doc *doc;
	const tb_doc_read_options *opts;
	const char *name;      /* package path for messages */
	const char *part;      /* current part ("word/document.xml") */
	xmlDocPtr styles_xml, theme_xml, numbering_xml;
	xmlNodePtr def_rpr, def_ppr;
	docx_style *styles;
	size_t nstyles;
	const char *default_pstyle, *default_tstyle;
	const char *theme_major_latin, *theme_minor_latin, *theme_major_ea, *theme_minor_ea;
	/* a:font typefaces of the theme by script, [0] major, [1] minor: Hans, Hant, Jpan,
	 * Hang; used when a:ea is empty, chosen by w:themeFontLang/@w:eastAsia. */
	const char *theme_script[2][4];
	int theme_ea_script;   /* index into theme_script: 0 Hans (the default), 1 Hant, ... */
	bool in_style;         /* applying a style (or docDefaults), not direct formatting */
	float auto_space;      /* points of w:before/afterAutospacing: 14, or 5 with
	                          doNotUseHTMLParagraphAutoSpacing */
	docx_num *nums;
	size_t nnums;
	/* Relationships of the current part: id → package path. */
	struct docx_rels *rels;
	/* Complex field state: 0 none, 1 collecting instructions, 2 showing result, 3 hiding
	 * the result because a PAGE/NUMPAGES inline replaced it. */
	int fld_state;
	char fld_instr[64];
	size_t fld_len;
	int depth;
	int unsupported_count;
} docx_reader;

/* Where blocks go: a story (body, header, footer) or a table cell. */
typedef struct docx_target {
	tb_story *story;
	tb_cell *cell;
	const char *tstyle; /* table style of the enclosing table, for paragraphs in cells */
	xmlNodePtr cnf_ppr[DOCX_MAX_CNF]; /* the table style's conditional formatting that */
	xmlNodePtr cnf_rpr[DOCX_MAX_CNF]; /* applies to this cell, lowest priority first */
	int ncnf;
	tb_section *sect;   /* body only: the section being filled */
} docx_target;

/* "on/off" properties: absent val or val in {1,true,on} is true. */
bool docx_onoff(xmlNodePtr n);
/* Integer attribute w:<name>, with a default. */
long docx_attr_long(xmlNodePtr n, const char *name, long def);
/* w:<name> attribute (namespaced attributes are matched by local name); caller frees. */
char *docx_attr(xmlNodePtr n, const char *name);
bool docx_is(xmlNodePtr n, const char *local);

tb_status docx_load_styles(docx_reader *r);
void docx_free_styles(docx_reader *r);
const docx_style *docx_find_style(const docx_reader *r, const char *id);

/* Apply property elements (pPr, rPr, tblPr, tcPr) on top of already resolved values. */
void docx_apply_rpr(docx_reader *r, xmlNodePtr rpr, tb_rprops *rp);
void docx_apply_ppr(docx_reader *r, xmlNodePtr ppr, tb_pprops *pp);
void docx_apply_tblpr(docx_reader *r, xmlNodePtr tblpr, tb_table *t);
void docx_apply_tcpr(docx_reader *r, xmlNodePtr tcpr, tb_cell *c);
/* Apply a style and everything it is based on, root first (pPr and/or rPr). */
void docx_apply_style_chain(docx_reader *r, const char *id, tb_pprops *pp, tb_rprops *rp,
                            tb_table *t);
/* The list label for a paragraph's numPr (advancing the counters), or NULL; *lvl_ppr is
 * set to the level's paragraph properties (indents), applied under direct formatting. */
const char *docx_number_label(docx_reader *r, xmlNodePtr ppr, const char *pstyle,
                              xmlNodePtr *lvl_ppr);

void docx_unsupported(docx_reader *r, xmlNodePtr n);

/* docx_read.c, for the table reader. */
tb_block *docx_add_block(docx_reader *r, docx_target *tg, tb_block_kind kind);
tb_status docx_plain_text(docx_reader *r, xmlNodePtr n, tb_block *para, const tb_rprops *rp);
tb_status docx_read_blocks(docx_reader *r, xmlNodePtr parent, docx_target *tg);
/* docx_table.c: w:tbl with its rows and cells, table styles with conditional formatting. */
tb_status docx_read_table(docx_reader *r, xmlNodePtr tbl, docx_target *tg);
/* A border element (w:top, w:left ... of pBdr, tblBorders, tcBorders). */
void docx_read_border(xmlNodePtr n, tb_border *b);

#endif
