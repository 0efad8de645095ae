/* docx.h: the DOCX reader's internals shared by docx_read.c (body, tables, headers) and
 * docx_props.c (styles, theme fonts, numbering and property application). */
#ifndef TB_DOC_DOCX_H
#define TB_DOC_DOCX_H
#include <libxml/tree.h>
#include "doc/doc_read.h"

/* Conditional formats of a table style that can apply to one cell at once. */
#define DOCX_MAX_CNF 6
/* Paragraph frames waiting for their anchor paragraph in one story. */
#define DOCX_MAX_FRAMES 8

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
	xmlNodePtr rpr;      /* the label's run properties (a bullet's font, size, colour) */
	uint8_t suff;        /* after the label: 0 tab, 1 space, 2 nothing (w:suff) */
	bool pic;            /* a picture bullet (w:lvlPicBulletId): drawn as ● */
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
	xmlDocPtr main_rels_xml; /* the main part's relationships, read once (docx_related) */
	bool main_rels_read;
	xmlNodePtr def_rpr, def_ppr;
	docx_style *styles;
	size_t nstyles;
	/* styles_xml is a kept partial tree: the styles it left out, read from the part's
	 * bytes when first asked for (docx_prune.c); NULL: styles_xml has all there is */
	struct docx_more_styles *more;
	const char *default_pstyle, *default_tstyle;
	const char *theme_major_latin, *theme_minor_latin, *theme_major_ea, *theme_minor_ea;
	/* a:font typefaces of the theme by script, [0] major, [1] minor: Hans, Hant, Jpan,
	 * Hang; used when a:ea is empty, chosen by w:themeFontLang/@w:eastAsia. */
	const char *theme_script[2][4];
	int theme_ea_script;   /* index into theme_script: 0 Hans (the default), 1 Hant, ... */
	bool in_style;         /* applying a style (or docDefaults), not direct formatting */
	/* styles.xml has no w:pPrDefault: LibreOffice then leaves widow and orphan control
	 * off unless a style or the paragraph turns it on (with one, even empty, it is on;
	 * measured, metrics_widow_default) */
	bool no_ppr_default;
	bool widow_set;        /* a w:widowControl applied to the paragraph being read */
	float auto_space;      /* points of w:before/afterAutospacing: 14, or 5 with
	                          doNotUseHTMLParagraphAutoSpacing */
	docx_num *nums;
	size_t nnums;
	/* Relationships of the current part: id → package path. */
	struct docx_rels *rels;
	/* Complex field state: 0 none, 1 collecting instructions, 2 showing result, 3 hiding
	 * the result because a PAGE/NUMPAGES inline replaced it. */
	int fld_state;
	char fld_instr[256];
	size_t fld_len;
	const char *ff_text;   /* what the legacy form field being read shows (☐, ☒, an entry) */
	struct tb_inline *fld_ref; /* the STYLEREF field whose saved result is being read */
	struct tb_block *fld_para; /* ... in this paragraph */
	int depth;
	/* The body whose blocks are freed once read (the main part's tree is this reader's
	 * alone, as the fill step's filled tree is): NULL, kept whole */
	xmlNodePtr free_read;
	int unsupported_count;
	const docx_num_level *last_level; /* of the last list label */
	const char *sym_warned[8];   /* symbol fonts with an unknown character reported */
	int nsym_warned;
	bool del_warned;             /* tracked deletions reported (once per document) */
	/* Notes (docx_notes.c): the parts, their relationships, the numbering so far. */
	xmlDocPtr notes_xml[2];          /* footnotes, endnotes */
	struct docx_rels *notes_rels[2];
	int note_fmt[2];                 /* number format (docx_num_fmt) */
	int note_count[2];
	const char *note_mark;           /* the mark of the note being read (footnoteRef) */
	int note_depth;                  /* notes inside notes are not followed */
	/* Style chains applied before (docx_apply_style_chain): the same style on the same
	 * properties gives the same properties, and a document applies a few styles to thousands
	 * of paragraphs and runs. */
	tb_rprops def_rp;      /* a paragraph's run properties before its styles (rPrDefault) */
	bool def_rp_ready;
	struct docx_chain_memo *memo;
	size_t nmemo;
	unsigned memo_next;
} docx_reader;

/* docx_prune.c: the styles part, parsed without the styles the document cannot use, and
 * kept so for the next documents of the same part (tb_doc_load_part_pruned), which read a
 * style it left out when they ask for it (docx_more_style). */
TB_NODISCARD tb_status docx_load_styles_part(docx_reader *r, const char *part, xmlDocPtr *out);
/* The style `id` the kept partial tree left out, read now; NULL when the part has none. */
const docx_style *docx_more_style(docx_reader *r, const char *id);
/* Every style of the part, in the part's order (a partial tree's are read for it): the
 * count, and the i-th. */
size_t docx_style_count(docx_reader *r);
const docx_style *docx_style_at(docx_reader *r, size_t i);
void docx_more_free(docx_reader *r);
/* docx_props.c: a style's entry from its w:style element, as docx_load_styles reads it;
 * _late: for a style read after docx_load_styles, with what it does for all it read. */
void docx_style_read(docx_reader *r, xmlNodePtr n, docx_style *s);
void docx_style_read_late(docx_reader *r, xmlNodePtr n, docx_style *s);

/* Where blocks go: a story (body, header, footer) or a table cell. */
typedef struct docx_target {
	tb_story *story;
	tb_cell *cell;
	const char *tstyle; /* table style of the enclosing table, for paragraphs in cells */
	xmlNodePtr cnf_ppr[DOCX_MAX_CNF]; /* the table style's conditional formatting that */
	xmlNodePtr cnf_rpr[DOCX_MAX_CNF]; /* applies to this cell, lowest priority first */
	int ncnf;
	tb_section *sect;   /* body only: the section being filled */
	bool hf;            /* a header or footer story */
	/* Paragraph frames read, waiting for the paragraph after them (docx_frame.c). */
	struct tb_float *frames[DOCX_MAX_FRAMES];
	xmlNodePtr frame_pr[DOCX_MAX_FRAMES];
	int nframes;
} docx_target;

/* "on/off" properties: absent val or val in {1,true,on} is true. */
bool docx_onoff(xmlNodePtr n);
/* Integer attribute w:<name>, with a default. */
long docx_attr_long(xmlNodePtr n, const char *name, long def);
/* w:<name> attribute (namespaced attributes are matched by local name); caller frees. */
char *docx_attr(xmlNodePtr n, const char *name);
/* The same without a copy when the value is one text node (nearly always): NULL when absent,
 * else the value, which *own holds when it had to be copied (xmlFree(*own) after use). */
const char *docx_attr_ref(xmlNodePtr n, const char *name, char **own);
/* An element named `local` (namespace not checked): inline, the readers ask it of every
 * element, most often in vain. */
static inline bool docx_is(xmlNodePtr n, const char *local)
{
	return n && n->type == XML_ELEMENT_NODE && tb_xml_name_is((const char *)n->name, local);
}

TB_NODISCARD tb_status docx_load_styles(docx_reader *r);
void docx_free_styles(docx_reader *r); /* and the memo of style chains */
void docx_free_chain_memo(docx_reader *r);
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
/* docx_bullets.c: a bullet level's text as drawn (lvlText through the level's symbol
 * font: Wingdings "§" is ▪, "v" is ❖, "Ø" is ➢), and the label's run properties. */
const char *docx_bullet_text(docx_reader *r, const docx_num_level *lvl);
void docx_label_props(docx_reader *r, const docx_num_level *lvl, tb_rprops *rp);
/* The level of the last label docx_number_label returned (suffix, label properties). */
const docx_num_level *docx_number_level(const docx_reader *r);

/* A numFmt value ("decimal", "chineseCounting", ...) as the one-letter code of
 * docx_num_level.fmt; number v in that format. */
int docx_num_fmt(const char *s);
void docx_format_number(char *out, size_t cap, int fmt, int v);

void docx_unsupported(docx_reader *r, xmlNodePtr n);

/* docx_read.c: the blocks below `parent` (paragraphs, tables) into a story of their own
 * (notes, text boxes); `part` and `rels` are the part they come from. */
tb_status docx_read_story(docx_reader *r, xmlNodePtr parent, tb_story *story);
/* The relationships of `part` (from its _rels part; none is no error). */
tb_status docx_load_rels(docx_reader *r, const char *part, docx_rels *rels);
/* The part the current part's relationships name by type ("styles", "fontTable"): *name
 * NULL when none (caller frees). The main part's relationships are parsed once per document
 * (and kept across documents as small parts are, doc_util.c), not once per type. */
tb_status docx_related(docx_reader *r, const char *type, char **name);
/* docx_fonts.c: the fonts word/fontTable.xml embeds, de-obfuscated, into doc->fonts (a
 * missing font part is a warning). */
tb_status docx_fonts_load(docx_reader *r);

/* docx_float.c: w:drawing (inline pictures, anchored objects), w:pict and w:object (VML);
 * mc:AlternateContent's branch to read (the DrawingML choice, else the fallback). */
tb_status docx_drawing(docx_reader *r, xmlNodePtr drawing, tb_block *para, const tb_rprops *rp);
tb_status docx_pict(docx_reader *r, xmlNodePtr pict, tb_block *para, const tb_rprops *rp);
xmlNodePtr docx_alternate(xmlNodePtr ac);
/* wrapText / w10:wrap side → TB_SIDE_*. */
uint8_t docx_wrap_side(const char *v);
/* A drawing's or a frame's alignment (left/top/inside, center, right/bottom/outside) →
 * TB_FALIGN_*. */
int docx_float_align(const char *v);

/* docx_notes.c: footnotes and endnotes. */
/* Load the note parts; numbering formats from settings.xml and the body's last sectPr. */
tb_status docx_notes_load(docx_reader *r, xmlNodePtr sectpr);
void docx_notes_free(docx_reader *r);
/* A w:footnoteReference / w:endnoteReference in a run: the note, read now, and its mark. */
tb_status docx_note_ref(docx_reader *r, xmlNodePtr n, tb_block *para, const tb_rprops *rp);
/* A w:footnoteRef / w:endnoteRef inside a note: the mark of the note being read. */
tb_status docx_note_mark(docx_reader *r, tb_block *para, const tb_rprops *rp);
/* docx_read.c, for the table reader. */
tb_block *docx_add_block(docx_reader *r, docx_target *tg, tb_block_kind kind);
TB_NODISCARD tb_status docx_plain_text(docx_reader *r, xmlNodePtr n, tb_block *para, const tb_rprops *rp);
TB_NODISCARD tb_status docx_read_blocks(docx_reader *r, xmlNodePtr parent, docx_target *tg);
TB_NODISCARD tb_status docx_read_para(docx_reader *r, xmlNodePtr p, docx_target *tg);

/* docx_frame.c: paragraph frames. The frame properties of paragraph p (direct or from its
 * style) when it is a frame; NULL for ordinary paragraphs, drop caps and inline frames. */
xmlNodePtr docx_frame_pr(docx_reader *r, xmlNodePtr p);
/* Read frame paragraph p into the frame it shares with the paragraphs before it, or a new
 * one waiting in tg for the next paragraph. */
TB_NODISCARD tb_status docx_frame_para(docx_reader *r, xmlNodePtr p, xmlNodePtr fp, docx_target *tg);
/* A floating table (w:tblpPr) that LibreOffice would float: read into a frame waiting in tg
 * for the next paragraph, *done set; otherwise nothing read (the caller reads it inline). */
TB_NODISCARD tb_status docx_frame_table(docx_reader *r, xmlNodePtr tbl, docx_target *tg, bool *done);
/* The frames waiting in tg anchored to para (the paragraph after them). */
TB_NODISCARD tb_status docx_frames_attach(docx_reader *r, docx_target *tg, tb_block *para);
/* At the end of a story or cell: waiting frames go to its last paragraph. */
TB_NODISCARD tb_status docx_frames_flush(docx_reader *r, docx_target *tg);
/* docx_fields.c: STYLEREF. Is instr a STYLEREF field? begin: the field inline after which
 * its saved result is read (r->fld_ref, none for an unknown style); end: that result
 * becomes the field's fallback text. */
bool docx_is_styleref(const char *instr);
TB_NODISCARD tb_status docx_styleref_begin(docx_reader *r, tb_block *para, const tb_rprops *rp,
                              const char *instr);
TB_NODISCARD tb_status docx_styleref_end(docx_reader *r, tb_block *para);
/* docx_table.c: w:tbl with its rows and cells, table styles with conditional formatting. */
TB_NODISCARD tb_status docx_read_table(docx_reader *r, xmlNodePtr tbl, docx_target *tg);
/* A border element (w:top, w:left ... of pBdr, tblBorders, tcBorders). */
void docx_read_border(xmlNodePtr n, tb_border *b);

#endif
