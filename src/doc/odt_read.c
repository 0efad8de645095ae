/* odt_read.c: ODT (OpenDocument text) → document model: master page and page layout,
 * headers and footers, text:p/text:h with spans, tabs, spaces, line breaks, page fields,
 * bookmarks and images, lists and sections (their content), and tables with spanned and
 * covered cells. Styles are in odt_styles.c. */
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/ctx.h"
#include "core/utf8.h"
#include "core/xml.h"
#include "doc/odt.h"

#define MAX_ROWS_REPEAT 1000

#define MAX_TEMPLATE_STYLES 8

typedef struct target {
	tb_story *story;
	tb_cell *cell;
	/* The table template's cell styles for this cell, lowest first: their paragraph and
	 * text properties lie under the paragraphs' own styles. */
	const char *tmpl[MAX_TEMPLATE_STYLES];
	int ntmpl;
} target;

/* The text of the first paragraph with text in a text:deletion below n, up to cap bytes. */
static void first_deleted_text(xmlNodePtr n, bool in_del, char *out, size_t cap, int depth)
{
	xmlNodePtr c;
	for (c = n->children; c && !*out && depth < 32; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || odt_is(c, "change-info"))
			continue;
		if (in_del && (odt_is(c, "p") || odt_is(c, "h"))) {
			xmlChar *t = xmlNodeGetContent(c);
			tb_utf8_copy_prefix(out, cap, (const char *)t);
			xmlFree(t);
		} else
			first_deleted_text(c, in_del || odt_is(c, "deletion"), out, cap, depth + 1);
	}
}

/* Tracked deletions (text:tracked-changes) are laid out as accepted, so not drawn, where
 * LibreOffice prints them struck through: said once per document. */
static void tracked_deletion(odt_reader *r, xmlNodePtr n)
{
	char text[64] = {0};
	if (r->del_warned)
		return;
	first_deleted_text(n, false, text, sizeof(text), 0);
	if (!*text)
		return; /* insertions and format changes only: nothing left out */
	r->del_warned = true;
	tb_doc_tracked_deletion(r->ctx, r->name, r->part, n, text);
}

static tb_status read_blocks(odt_reader *r, xmlNodePtr parent, target *tg);

static tb_block *add_block(odt_reader *r, target *tg, tb_block_kind kind)
{
	return tg->cell ? tb_cell_add_block(r->doc, tg->cell, kind) :
	                  tb_story_add_block(r->doc, tg->story, kind);
}

static tb_status load_part(odt_reader *r, const char *name, xmlDocPtr *out, bool required)
{
	return tb_doc_load_part(r->ctx, r->zip, r->opts, r->name, name, required, out);
}

/* Inline reading state: ODF collapses runs of white space, and drops leading white space
 * of a paragraph. */
typedef struct inl {
	tb_block *para;
	bool space; /* the last character written was white space (or nothing yet) */
} inl;

static tb_status add_text_collapsed(odt_reader *r, inl *st, const tb_rprops *rp,
                                    const char *s)
{
	tb_buf b = TB_BUF_INIT;
	tb_status rc;
	tb_buf_init(&b, 1u << 24);
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			if (!st->space)
				tb_buf_putc(&b, ' ');
			st->space = true;
		} else {
			tb_buf_putc(&b, *s);
			st->space = false;
		}
	}
	rc = b.len ? tb_block_add_text(r->doc, st->para, rp, b.data, b.len) : TB_OK;
	tb_buf_free(&b);
	return rc;
}

static void collect_text(xmlNodePtr n, tb_buf *b, int depth)
{
	xmlNodePtr c;
	if (depth > 32)
		return;
	for (c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE && c->content)
			tb_buf_puts(b, (const char *)c->content);
		else if (c->type == XML_ELEMENT_NODE) {
			if (odt_is(c, "p") && b->len)
				tb_buf_putc(b, ' ');
			collect_text(c, b, depth + 1);
		}
	}
}

static tb_status plain_text(odt_reader *r, xmlNodePtr n, inl *st, const tb_rprops *rp)
{
	tb_buf b = TB_BUF_INIT;
	tb_status rc;
	odt_unsupported(r, n);
	tb_buf_init(&b, 1u << 24);
	collect_text(n, &b, 0);
	rc = b.len ? add_text_collapsed(r, st, rp, b.data) : TB_OK;
	tb_buf_free(&b);
	return rc;
}

static tb_status read_image(odt_reader *r, xmlNodePtr frame, inl *st, const tb_rprops *rp)
{
	xmlNodePtr img = odt_frame_image(frame);
	char *href = odt_attr(img, "href"), *w = odt_attr(frame, "width"),
	     *h = odt_attr(frame, "height");
	tb_inline *in;
	tb_status rc;
	float fw = 0, fh = 0;
	odt_length(w, &fw);
	odt_length(h, &fh);
	xmlFree(w);
	xmlFree(h);
	if (!img) {
		xmlFree(href);
		return plain_text(r, frame, st, rp); /* text boxes and other frames */
	}
	if (!(in = tb_block_add_inline(r->doc, st->para, TB_IN_IMAGE, rp)))
		rc = TB_ENOMEM;
	else
		rc = tb_doc_load_picture(r->ctx, r->doc, r->zip, r->name, r->part, frame, href, fw, fh,
		                         in);
	st->space = false;
	xmlFree(href);
	return rc;
}

static tb_status read_inlines(odt_reader *r, xmlNodePtr parent, inl *st, const tb_rprops *rp)
{
	xmlNodePtr n;
	tb_status rc = TB_OK;
	if (++r->depth > 64) {
		r->depth--;
		return TB_OK;
	}
	for (n = parent->children; n && rc == TB_OK; n = n->next) {
		const char *nm;
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content)
				rc = add_text_collapsed(r, st, rp, (const char *)n->content);
			continue;
		}
		if (n->type != XML_ELEMENT_NODE)
			continue;
		nm = (const char *)n->name;
		if (tb_xml_name_is(nm, "span")) {
			tb_rprops rp2 = *rp;
			char *sn = odt_attr(n, "style-name");
			odt_apply_style(r, "text", sn, NULL, &rp2);
			xmlFree(sn);
			rc = read_inlines(r, n, st, &rp2);
		} else if (tb_xml_name_is(nm, "a") || tb_xml_name_is(nm, "meta") || tb_xml_name_is(nm, "ruby") ||
		           tb_xml_name_is(nm, "ruby-base") || tb_xml_name_is(nm, "date") || tb_xml_name_is(nm, "time") ||
		           tb_xml_name_is(nm, "sequence") || tb_xml_name_is(nm, "variable-get") ||
		           tb_xml_name_is(nm, "variable-set") || tb_xml_name_is(nm, "user-field-get") ||
		           tb_xml_name_is(nm, "chapter") || tb_xml_name_is(nm, "title") || tb_xml_name_is(nm, "subject") ||
		           tb_xml_name_is(nm, "author-name") || tb_xml_name_is(nm, "initial-creator") ||
		           tb_xml_name_is(nm, "creation-date") || tb_xml_name_is(nm, "text-input") ||
		           tb_xml_name_is(nm, "drop-down") || tb_xml_name_is(nm, "placeholder") ||
		           tb_xml_name_is(nm, "reference-ref") || tb_xml_name_is(nm, "bookmark-ref") ||
		           tb_xml_name_is(nm, "sequence-ref"))
			rc = read_inlines(r, n, st, rp);
		else if (tb_xml_name_is(nm, "s")) {
			char *c = odt_attr(n, "c");
			long k = c ? strtol(c, NULL, 10) : 1, i;
			xmlFree(c);
			if (k < 1)
				k = 1;
			if (k > 1000)
				k = 1000;
			for (i = 0; i < k && rc == TB_OK; i++)
				rc = tb_block_add_text(r->doc, st->para, rp, " ", 1);
			st->space = true;
		} else if (tb_xml_name_is(nm, "tab")) {
			tb_block_add_inline(r->doc, st->para, TB_IN_TAB, rp);
			st->space = true;
		} else if (tb_xml_name_is(nm, "line-break")) {
			tb_block_add_inline(r->doc, st->para, TB_IN_LINEBREAK, rp);
			st->space = true;
		} else if (tb_xml_name_is(nm, "page-number")) {
			tb_block_add_inline(r->doc, st->para, TB_IN_FIELD_PAGE, rp);
			st->space = false;
		} else if (tb_xml_name_is(nm, "page-count")) {
			tb_block_add_inline(r->doc, st->para, TB_IN_FIELD_NUMPAGES, rp);
			st->space = false;
		} else if (tb_xml_name_is(nm, "bookmark") || tb_xml_name_is(nm, "bookmark-start")) {
			char *name = odt_attr(n, "name");
			if (name && (!strncmp(name, "tb_seal_", 8) || !strncmp(name, "tb_box_", 7))) {
				tb_inline *in = tb_block_add_inline(r->doc, st->para, TB_IN_BOOKMARK, rp);
				if (!in || !(in->text = tb_doc_strdup(r->doc, name)))
					rc = TB_ENOMEM;
				else
					in->len = strlen(name);
			}
			xmlFree(name);
		} else if (tb_xml_name_is(nm, "frame")) {
			char *at = odt_attr(n, "anchor-type");
			if (at && strcmp(at, "as-char"))
				rc = odt_frame(r, n, st->para, rp); /* floating: placed by its anchor */
			else
				rc = read_image(r, n, st, rp);
			xmlFree(at);
		}
		else if (tb_xml_name_is(nm, "bookmark-end") || tb_xml_name_is(nm, "soft-page-break") ||
		         !strncmp(nm, "reference-mark", 14) || tb_xml_name_is(nm, "annotation-end") ||
		         tb_xml_name_is(nm, "change-start") || tb_xml_name_is(nm, "change-end") ||
		         tb_xml_name_is(nm, "change") || tb_xml_name_is(nm, "ruby-text") ||
		         tb_xml_name_is(nm, "alphabetical-index-mark") || tb_xml_name_is(nm, "toc-mark"))
			continue;
		else if (tb_xml_name_is(nm, "note"))
			rc = odt_note(r, n, st->para, rp);
		else if (tb_xml_name_is(nm, "custom-shape") || tb_xml_name_is(nm, "rect") || tb_xml_name_is(nm, "ellipse") ||
		         tb_xml_name_is(nm, "g"))
			rc = odt_shape(r, n, st->para, rp);
		else if (tb_xml_name_is(nm, "annotation"))
			odt_unsupported(r, n); /* comments are not printed */
		else
			rc = plain_text(r, n, st, rp);
	}
	r->depth--;
	return rc;
}

static tb_status read_para(odt_reader *r, xmlNodePtr p, target *tg)
{
	tb_block *b = add_block(r, tg, TB_BLOCK_PARA);
	char *sn = odt_attr(p, "style-name");
	tb_rprops rp;
	inl st;
	unsigned col;
	tb_status rc;
	int i;
	if (!b) {
		xmlFree(sn);
		return TB_ENOMEM;
	}
	tb_xml_node_pos(p, &b->line, &col);
	tb_rprops_default(&rp);
	rp.size = rp.size_ea = 12; /* ODF's default when no default style says otherwise */
	/* LibreOffice's pool default: no widow or orphan control until a style asks for it
	 * (fr-lo-38 sets none; LibreOffice leaves one-line widows) */
	b->pp.no_widow_control = true;
	odt_apply_para_props(r, odt_child(r->default_para, "paragraph-properties"), &b->pp);
	odt_apply_text_props(r, odt_child(r->default_para, "text-properties"), &rp);
	for (i = 0; i < tg->ntmpl; i++)
		odt_apply_style(r, "table-cell", tg->tmpl[i], &b->pp, &rp);
	odt_apply_style(r, "paragraph", sn, &b->pp, &rp);
	b->pp.mark = rp;
	odt_list_label(r, p, b, sn, &rp);
	xmlFree(sn);
	st.para = b;
	st.space = true;
	rc = r->npending ? odt_take_pending(r, b) : TB_OK;
	if (rc == TB_OK)
		rc = read_inlines(r, p, &st, &rp);
	return rc;
}

/* A column's absolute width in points (0 if none) and its relative width (0 if none;
 * style:rel-column-width is "1234*"). */
static float column_width(odt_reader *r, const char *style, float *rel)
{
	const odt_style *s = odt_find_style(r, "table-column", style);
	xmlNodePtr p = s ? odt_child(s->node, "table-column-properties") : NULL;
	char *v;
	float f = 0;
	*rel = 0;
	if (!p)
		return 0;
	v = odt_attr(p, "column-width");
	if (!odt_length(v, &f) || f < 0)
		f = 0;
	xmlFree(v);
	if ((v = odt_attr(p, "rel-column-width"))) {
		double d = strtod(v, NULL);
		*rel = d > 0 && d < 1e9 ? (float)d : 0;
		xmlFree(v);
	}
	return f;
}

typedef struct tstate {
	tb_table *t;
	float cols[TB_DOC_MAX_COLS];
	float rel[TB_DOC_MAX_COLS];  /* style:rel-column-width, 0 = none */
	int ncols;
	int vleft[TB_DOC_MAX_COLS];  /* rows still covered by a vertical span starting above */
	int vspan[TB_DOC_MAX_COLS];  /* its column span, at the span's first column */
	int vstart[TB_DOC_MAX_COLS]; /* 1 at the first column of a vertical span */
	int nrows;
	/* table:template-name: the cell styles of the template's parts (P_*) and which
	 * parts the table uses */
	const char *part[16];
	bool has_tmpl, use_first_row, use_last_row, use_first_col, use_last_col, band_rows, band_cols;
	bool row_wins[4];            /* each corner belongs to its row (else its column) */
	int total_rows;              /* rows of the table, counted first (last-row styles) */
} tstate;

enum { P_BACKGROUND, P_BODY, P_ODD_COLS, P_EVEN_COLS, P_ODD_ROWS, P_EVEN_ROWS, P_FIRST_COL,
       P_LAST_COL, P_FIRST_ROW, P_LAST_ROW, P_CORNER /* + 0..3: first-row-start-column,
       first-row-end-column, last-row-start-column, last-row-end-column */ };

static const char *const part_names[] = {
	"background", "body", "odd-columns", "even-columns", "odd-rows", "even-rows", "first-column",
	"last-column", "first-row", "last-row", "first-row-start-column", "first-row-end-column",
	"last-row-start-column", "last-row-end-column"};

static bool flag(xmlNodePtr n, const char *local)
{
	char *v = odt_attr(n, local);
	bool on = v && !strcmp(v, "true");
	xmlFree(v);
	return on;
}

/* The table's template (table:template-name): its parts' cell styles (the loext:
 * elements give LibreOffice's corner cells), whether a corner goes with its row or its
 * column (table:first-row-start-column ...), the table's table:use-*-styles flags. */
static void read_template(odt_reader *r, xmlNodePtr tbl, tstate *ts)
{
	char *name = odt_attr(tbl, "template-name");
	const odt_style *t = odt_find_style(r, "table-template", name);
	size_t i;
	xmlFree(name);
	if (!t)
		return;
	ts->has_tmpl = true;
	for (i = 0; i < sizeof part_names / sizeof *part_names; i++) {
		char *v = odt_attr(odt_child(t->node, part_names[i]), "style-name");
		ts->part[i] = v ? tb_doc_strdup(r->doc, v) : NULL;
		xmlFree(v);
	}
	for (i = 0; i < 4; i++) {
		char *v = odt_attr(t->node, part_names[P_CORNER + i]);
		ts->row_wins[i] = !v || strcmp(v, "column") != 0;
		xmlFree(v);
	}
	ts->use_first_row = flag(tbl, "use-first-row-styles");
	ts->use_last_row = flag(tbl, "use-last-row-styles");
	ts->use_first_col = flag(tbl, "use-first-column-styles");
	ts->use_last_col = flag(tbl, "use-last-column-styles");
	ts->band_rows = flag(tbl, "use-banding-rows-styles");
	ts->band_cols = flag(tbl, "use-banding-columns-styles");
}

static void tmpl_add(target *tg, const char *name)
{
	if (name && tg->ntmpl < MAX_TEMPLATE_STYLES)
		tg->tmpl[tg->ntmpl++] = name;
}

/* The template's cell style for the cell at (row, col) spanning `span` columns. One part
 * gives it, as LibreOffice gives each cell one of its table style's formats: the first
 * or last row, or column (a corner goes with its row unless the template's
 * table:*-start-column or *-end-column attribute says column; LibreOffice's own corner
 * style first), else banded rows, else banded columns (the first body row or column is odd),
 * else the body. The background part lies under it. */
static void tmpl_cell(const tstate *ts, int row, int col, int span, target *tg)
{
	bool first_r = ts->use_first_row && row == 0;
	bool last_r = ts->use_last_row && row == ts->total_rows - 1 && row > 0;
	bool first_c = ts->use_first_col && col == 0;
	bool last_c = ts->use_last_col && col + span >= ts->ncols && col + span > 1;
	const char *st = NULL;
	tg->ntmpl = 0;
	if (!ts->has_tmpl)
		return;
	if ((first_r || last_r) && (first_c || last_c)) {
		int corner = (last_r ? 2 : 0) + (last_c ? 1 : 0);
		st = ts->part[P_CORNER + corner];
		if (!st && ts->row_wins[corner])
			st = ts->part[first_r ? P_FIRST_ROW : P_LAST_ROW];
		if (!st)
			st = ts->part[first_c ? P_FIRST_COL : P_LAST_COL];
	}
	if (!st && (first_r || last_r))
		st = ts->part[first_r ? P_FIRST_ROW : P_LAST_ROW];
	if (!st && (first_c || last_c))
		st = ts->part[first_c ? P_FIRST_COL : P_LAST_COL];
	/* Bands count from the first row (column) under a styled first row (column), as
	 * LibreOffice's table styles and Word's bands do. */
	if (!st && ts->band_rows)
		st = ts->part[(row - ts->use_first_row) % 2 == 0 ? P_ODD_ROWS : P_EVEN_ROWS];
	if (!st && ts->band_cols)
		st = ts->part[(col - ts->use_first_col) % 2 == 0 ? P_ODD_COLS : P_EVEN_COLS];
	if (!st)
		st = ts->part[P_BODY];
	tmpl_add(tg, ts->part[P_BACKGROUND]);
	tmpl_add(tg, st);
}

static tb_status read_row(odt_reader *r, xmlNodePtr tr, tstate *ts, bool header)
{
	tb_row *row = tb_table_add_row(r->doc, ts->t);
	char *sn = odt_attr(tr, "style-name");
	const odt_style *s = odt_find_style(r, "table-row", sn);
	xmlNodePtr c, props = s ? odt_child(s->node, "table-row-properties") : NULL;
	char *v;
	float f;
	int col = 0, k;
	tb_status rc = TB_OK;
	xmlFree(sn);
	if (!row)
		return TB_ENOMEM;
	row->header = header;
	if ((v = odt_attr(props, "row-height")) && odt_length(v, &f)) {
		row->height = f;
		row->height_rule = 2;
	}
	xmlFree(v);
	if ((v = odt_attr(props, "min-row-height")) && odt_length(v, &f)) {
		row->height = f;
		row->height_rule = 1;
	}
	xmlFree(v);
	if ((v = odt_attr(props, "keep-together"))) {
		row->cant_split = !strcmp(v, "always");
		xmlFree(v);
	}
	for (c = tr->children; c && rc == TB_OK; c = c->next) {
		bool covered = odt_is(c, "covered-table-cell");
		long rep = 1, i;
		if (!covered && !odt_is(c, "table-cell"))
			continue;
		if ((v = odt_attr(c, "number-columns-repeated"))) {
			rep = strtol(v, NULL, 10);
			xmlFree(v);
			if (rep < 1)
				rep = 1;
		}
		/* Every element (and every repetition) is one grid column: a cell spanning n
		 * columns is followed by n - 1 covered cells. */
		for (i = 0; i < rep && col < TB_DOC_MAX_COLS && rc == TB_OK; i++, col++) {
			tb_cell *cell;
			target tg;
			if (covered) {
				/* The first covered column of a vertical span continues it; other
				 * covered cells belong to a span and take no cell. Their content, if
				 * any, is hidden, as LibreOffice hides it. */
				if (ts->vleft[col] > 0 && ts->vstart[col]) {
					if (!(cell = tb_row_add_cell(r->doc, row)))
						return TB_ENOMEM;
					cell->vmerge = 2;
					cell->span = ts->vspan[col];
				}
				continue;
			}
			if (!(cell = tb_row_add_cell(r->doc, row)))
				return TB_ENOMEM;
			if ((v = odt_attr(c, "number-columns-spanned"))) {
				cell->span = (int)strtol(v, NULL, 10);
				xmlFree(v);
				if (cell->span < 1)
					cell->span = 1;
				if (cell->span > TB_DOC_MAX_COLS - col)
					cell->span = TB_DOC_MAX_COLS - col;
			}
			for (k = col; k < col + cell->span; k++)
				ts->vleft[k] = 0; /* a real cell ends any span the file left open */
			if ((v = odt_attr(c, "number-rows-spanned"))) {
				long rs = strtol(v, NULL, 10);
				xmlFree(v);
				if (rs > 1) {
					cell->vmerge = 1;
					for (k = col; k < col + cell->span; k++) {
						ts->vleft[k] = (int)(rs > 100000 ? 100000 : rs);
						ts->vstart[k] = k == col;
					}
					ts->vspan[col] = cell->span;
				}
			}
			/* The template's styles first, the cell's own over them. */
			tmpl_cell(ts, ts->nrows - 1, col, cell->span, &tg);
			for (k = 0; k < tg.ntmpl; k++)
				odt_apply_cell_style(r, tg.tmpl[k], cell);
			if ((v = odt_attr(c, "style-name"))) {
				odt_apply_cell_style(r, v, cell);
				xmlFree(v);
			}
			/* Repeated cells repeat their content too. */
			tg.story = NULL;
			tg.cell = cell;
			if (r->depth > TB_DOC_MAX_DEPTH) {
				tb_block *pb = add_block(r, &tg, TB_BLOCK_PARA);
				inl st = {pb, true};
				rc = pb ? plain_text(r, c, &st, &pb->pp.mark) : TB_ENOMEM;
			} else {
				r->depth++;
				rc = read_blocks(r, c, &tg);
				r->depth--;
			}
		}
	}
	/* One row of every vertical span is used up. */
	for (k = 0; k < TB_DOC_MAX_COLS; k++)
		if (ts->vleft[k] > 0)
			ts->vleft[k]--;
	return rc;
}

static tb_status read_rows(odt_reader *r, xmlNodePtr parent, tstate *ts, bool header)
{
	xmlNodePtr n;
	tb_status rc = TB_OK;
	for (n = parent->children; n && rc == TB_OK; n = n->next) {
		if (odt_is(n, "table-row")) {
			char *v = odt_attr(n, "number-rows-repeated");
			long rep = v ? strtol(v, NULL, 10) : 1, i;
			xmlFree(v);
			if (rep < 1)
				rep = 1;
			for (i = 0; i < rep && rc == TB_OK; i++) {
				if (ts->nrows >= MAX_ROWS_REPEAT * 10)
					return TB_OK;
				ts->nrows++;
				rc = read_row(r, n, ts, header);
			}
		} else if (odt_is(n, "table-header-rows"))
			rc = read_rows(r, n, ts, true);
		else if (odt_is(n, "table-rows") || odt_is(n, "table-row-group"))
			rc = read_rows(r, n, ts, header);
	}
	return rc;
}

/* Rows as read_rows reads them (repetitions and groups included). */
static int count_rows(xmlNodePtr parent, int n)
{
	xmlNodePtr c;
	for (c = parent->children; c && n < MAX_ROWS_REPEAT * 10; c = c->next) {
		if (odt_is(c, "table-row")) {
			char *v = odt_attr(c, "number-rows-repeated");
			long rep = v ? strtol(v, NULL, 10) : 1;
			xmlFree(v);
			n += rep < 1 ? 1 : rep > MAX_ROWS_REPEAT * 10 ? MAX_ROWS_REPEAT * 10 : (int)rep;
		} else if (odt_is(c, "table-header-rows") || odt_is(c, "table-rows") ||
		           odt_is(c, "table-row-group"))
			n = count_rows(c, n);
	}
	return n < MAX_ROWS_REPEAT * 10 ? n : MAX_ROWS_REPEAT * 10;
}

static void read_columns(odt_reader *r, xmlNodePtr parent, tstate *ts)
{
	xmlNodePtr n;
	for (n = parent->children; n; n = n->next) {
		if (odt_is(n, "table-column")) {
			char *v = odt_attr(n, "number-columns-repeated"), *sn = odt_attr(n, "style-name");
			long rep = v ? strtol(v, NULL, 10) : 1, i;
			float rel, w = column_width(r, sn, &rel);
			xmlFree(v);
			xmlFree(sn);
			for (i = 0; i < rep && ts->ncols < TB_DOC_MAX_COLS; i++) {
				ts->rel[ts->ncols] = rel;
				ts->cols[ts->ncols++] = w;
			}
		} else if (odt_is(n, "table-columns") || odt_is(n, "table-header-columns") ||
		           odt_is(n, "table-column-group"))
			read_columns(r, n, ts);
	}
}

static tb_status read_table(odt_reader *r, xmlNodePtr tbl, target *tg)
{
	tb_block *b = add_block(r, tg, TB_BLOCK_TABLE);
	tstate *ts;
	char *sn, *v;
	const odt_style *s;
	xmlNodePtr props;
	float f;
	unsigned col;
	tb_status rc;
	int i;
	if (!b)
		return TB_ENOMEM;
	tb_xml_node_pos(tbl, &b->line, &col);
	if (!(ts = calloc(1, sizeof(*ts))))
		return TB_ENOMEM;
	ts->t = b->table;
	for (i = 0; i < 4; i++)
		ts->t->mar[i] = 0; /* ODF cell padding comes from the cell styles */
	sn = odt_attr(tbl, "style-name");
	s = odt_find_style(r, "table", sn);
	xmlFree(sn);
	props = s ? odt_child(s->node, "table-properties") : NULL;
	/* Separated borders unless the table (or the default table style) collapses them. */
	if (!(v = odt_attr(props, "border-model")))
		v = odt_attr(odt_child(r->default_table, "table-properties"), "border-model");
	ts->t->inset_rule = v && !strcmp(v, "collapsing") ? TB_INSET_ODF_COLLAPSE : TB_INSET_ODF;
	xmlFree(v);
	if ((v = odt_attr(props, "width")) && odt_length(v, &f))
		ts->t->width = f;
	xmlFree(v);
	if ((v = odt_attr(props, "align"))) {
		ts->t->align = !strcmp(v, "center") ? TB_ALIGN_CENTER :
		               !strcmp(v, "right") ? TB_ALIGN_RIGHT : TB_ALIGN_LEFT;
		xmlFree(v);
	}
	if ((v = odt_attr(props, "margin-left")) && odt_length(v, &f))
		ts->t->indent = f;
	xmlFree(v);
	if ((v = odt_attr(props, "margin-right")) && odt_length(v, &f))
		ts->t->mar_right = f;
	xmlFree(v);
	read_columns(r, tbl, ts);
	{
		/* Columns with only relative widths (LibreOffice writes them alone when the
		 * table is sized relative to the page): weights of the table's width. */
		bool all_rel = ts->ncols > 0;
		for (i = 0; i < ts->ncols; i++)
			if (ts->cols[i] > 0 || ts->rel[i] <= 0)
				all_rel = false;
		if (all_rel) {
			for (i = 0; i < ts->ncols; i++)
				ts->cols[i] = ts->rel[i];
			ts->t->rel_cols = true;
		}
	}
	if (ts->ncols) {
		ts->t->cols = tb_doc_alloc(r->doc, (size_t)ts->ncols * sizeof(float));
		if (!ts->t->cols) {
			free(ts);
			return TB_ENOMEM;
		}
		memcpy(ts->t->cols, ts->cols, (size_t)ts->ncols * sizeof(float));
		ts->t->ncols = ts->ncols;
	}
	read_template(r, tbl, ts);
	if (ts->has_tmpl)
		ts->total_rows = count_rows(tbl, 0);
	rc = read_rows(r, tbl, ts, false);
	free(ts);
	if (rc == TB_OK)
		rc = tb_doc_table_finish(r->doc, b->table);
	return rc;
}

/* A continuous section after the last one, on its page layout, with its headers. */
static tb_section *continue_section(odt_reader *r, const tb_section *like)
{
	tb_section *s = tb_doc_add_section(r->doc);
	if (s) {
		tb_section keep = *s;
		*s = *like;
		s->body = keep.body;
		s->next = NULL;
		s->continuous = true;
		s->page_start = 0;
	}
	return s;
}

/* A text:section in the body: its content; with columns of its own, in a section of the
 * document with those columns, the text after it in one like the section before. */
static tb_status read_section(odt_reader *r, xmlNodePtr n, target *tg)
{
	tb_section *base = r->doc->last, *cols;
	tb_section probe = *base;
	tb_status rc;
	if (++r->depth > 64) {
		r->depth--;
		return TB_OK;
	}
	if (!odt_section_columns(r, n, base->page_w - base->mar_left - base->mar_right, &probe)) {
		rc = read_blocks(r, n, tg);
		r->depth--;
		return rc;
	}
	if (!(cols = continue_section(r, base))) {
		r->depth--;
		return TB_ENOMEM;
	}
	cols->columns = probe.columns;
	cols->col_gap = probe.col_gap;
	cols->col_sep = probe.col_sep;
	memcpy(cols->col_w, probe.col_w, sizeof(cols->col_w));
	memcpy(cols->col_space, probe.col_space, sizeof(cols->col_space));
	tg->story = &cols->body;
	rc = read_blocks(r, n, tg);
	r->depth--;
	if (rc == TB_OK) {
		tb_section *after = continue_section(r, base);
		if (!after)
			return TB_ENOMEM;
		tg->story = &after->body;
	}
	return rc;
}

static tb_status read_blocks(odt_reader *r, xmlNodePtr parent, target *tg)
{
	xmlNodePtr n;
	tb_status rc = TB_OK;
	for (n = parent->children; n && rc == TB_OK; n = n->next) {
		const char *nm;
		if (n->type != XML_ELEMENT_NODE)
			continue;
		nm = (const char *)n->name;
		if (tb_xml_name_is(nm, "p") || tb_xml_name_is(nm, "h"))
			rc = read_para(r, n, tg);
		else if (tb_xml_name_is(nm, "table")) {
			if (r->depth > TB_DOC_MAX_DEPTH) {
				tb_block *pb = add_block(r, tg, TB_BLOCK_PARA);
				inl st = {pb, true};
				rc = pb ? plain_text(r, n, &st, &pb->pp.mark) : TB_ENOMEM;
			} else
				rc = read_table(r, n, tg);
		} else if (tb_xml_name_is(nm, "section") && tg->story && !tg->cell &&
		           tg->story == &r->doc->last->body) {
			rc = read_section(r, n, tg);
		} else if (tb_xml_name_is(nm, "list") || tb_xml_name_is(nm, "list-item") ||
		           tb_xml_name_is(nm, "list-header")) {
			odt_list_save sv;
			if (nm[4] == 0)
				odt_list_enter(r, n, &sv);
			else
				odt_list_item(r, n, nm[5] == 'h');
			if (++r->depth <= 64)
				rc = read_blocks(r, n, tg);
			r->depth--;
			if (nm[4] == 0)
				odt_list_leave(r, &sv);
		} else if (tb_xml_name_is(nm, "section") ||
		           tb_xml_name_is(nm, "index-body") || tb_xml_name_is(nm, "table-of-content") ||
		           tb_xml_name_is(nm, "illustration-index") || tb_xml_name_is(nm, "table-index") ||
		           tb_xml_name_is(nm, "alphabetical-index") || tb_xml_name_is(nm, "user-index") ||
		           tb_xml_name_is(nm, "bibliography") || tb_xml_name_is(nm, "object-index") ||
		           tb_xml_name_is(nm, "index-title")) {
			if (++r->depth <= 64)
				rc = read_blocks(r, n, tg);
			r->depth--;
		} else if (tb_xml_name_is(nm, "frame")) {
			rc = odt_frame(r, n, NULL, NULL); /* page-anchored: the next paragraph takes it */
		} else if (tb_xml_name_is(nm, "custom-shape") || tb_xml_name_is(nm, "rect") ||
		           tb_xml_name_is(nm, "ellipse") || tb_xml_name_is(nm, "g")) {
			rc = odt_shape(r, n, NULL, NULL);
		} else if (tb_xml_name_is(nm, "enhanced-geometry") || tb_xml_name_is(nm, "glue-point") ||
		           tb_xml_name_is(nm, "event-listeners") || tb_xml_name_is(nm, "contour-polygon")) {
			continue; /* a shape's geometry, beside its text */
		} else if (tb_xml_name_is(nm, "sequence-decls") || tb_xml_name_is(nm, "variable-decls") ||
		           tb_xml_name_is(nm, "user-field-decls") || tb_xml_name_is(nm, "forms") ||
		           tb_xml_name_is(nm, "soft-page-break") ||
		           tb_xml_name_is(nm, "table-of-content-source") || tb_xml_name_is(nm, "index-source") ||
		           tb_xml_name_is(nm, "illustration-index-source") || tb_xml_name_is(nm, "table-index-source") ||
		           tb_xml_name_is(nm, "alphabetical-index-source") || tb_xml_name_is(nm, "bookmark-end"))
			continue;
		else if (tb_xml_name_is(nm, "tracked-changes"))
			tracked_deletion(r, n);
		else {
			tb_block *pb = add_block(r, tg, TB_BLOCK_PARA);
			inl st = {pb, true};
			rc = pb ? plain_text(r, n, &st, &pb->pp.mark) : TB_ENOMEM;
		}
	}
	return rc;
}

/* A nested story (a note, a text box, a shape's text) keeps its own list of page-anchored
 * frames waiting for a paragraph: those waiting outside belong to the body's next paragraph.
 * Sharing the list put each of two page-anchored text boxes in a row inside the next one's
 * first paragraph. */
tb_status odt_read_story(odt_reader *r, xmlNodePtr parent, tb_story *story)
{
	struct tb_float *outer[ODT_MAX_PENDING];
	int n = r->npending, i;
	target tg;
	tb_status rc;

	memcpy(outer, r->pending, (size_t)n * sizeof *outer);
	r->npending = 0;
	memset(&tg, 0, sizeof(tg));
	tg.story = story;
	rc = read_blocks(r, parent, &tg);
	/* Frames still waiting at the story's end wait on for the body's next paragraph. */
	for (i = 0; i < r->npending && n < ODT_MAX_PENDING; i++)
		outer[n++] = r->pending[i];
	memcpy(r->pending, outer, (size_t)n * sizeof *outer);
	r->npending = n;
	return rc;
}

static float attr_len(xmlNodePtr n, const char *local, float def)
{
	char *v = odt_attr(n, local);
	float f = def;
	if (!odt_length(v, &f))
		f = def;
	xmlFree(v);
	return f;
}

/* A master page's header and footer (display="false": none). */
static tb_status read_header_footer(odt_reader *r, xmlNodePtr master, tb_story **header,
                                    tb_story **footer)
{
	tb_status rc = TB_OK;
	int k;
	for (k = 0; k < 2 && rc == TB_OK; k++) {
		xmlNodePtr part = odt_child(master, k ? "footer" : "header");
		tb_story *story;
		target tg;
		char *disp = odt_attr(part, "display");
		bool off = disp && !strcmp(disp, "false");
		xmlFree(disp);
		if (!part || off)
			continue;
		if (!(story = tb_doc_alloc(r->doc, sizeof(*story))))
			return TB_ENOMEM;
		memset(&tg, 0, sizeof tg);
		tg.story = story;
		rc = read_blocks(r, part, &tg);
		*(k ? footer : header) = story;
	}
	return rc;
}

/* The master page named `name` (NULL: none). */
static xmlNodePtr find_master(xmlNodePtr ms, const char *name)
{
	xmlNodePtr m;
	for (m = ms && name ? ms->children : NULL; m; m = m->next) {
		char *nm;
		bool hit;
		if (!odt_is(m, "master-page"))
			continue;
		nm = odt_attr(m, "name");
		hit = nm && !strcmp(nm, name);
		xmlFree(nm);
		if (hit)
			return m;
	}
	return NULL;
}

/* The master page: its page layout sizes the section, its header and footer are read. A
 * master whose style:next-style-name is another one ("First Page" → "Standard") is the
 * first page's: its header and footer are the section's first-page ones, the next master's
 * the others', and the next master's page layout gives the header and footer room. */
static tb_status read_master(odt_reader *r, xmlDocPtr styles, const char *master_name,
                             tb_section *sec)
{
	xmlNodePtr root = xmlDocGetRootElement(styles), ms = odt_child(root, "master-styles"), m,
	           chosen = NULL;
	const odt_style *pl;
	xmlNodePtr props, hs, fs, sep, follow = NULL;
	const odt_style *fpl = NULL;
	char *pln, *next;
	float hh = 0, fh = 0;
	tb_status rc = TB_OK;
	for (m = ms ? ms->children : NULL; m; m = m->next) {
		char *nm;
		if (!odt_is(m, "master-page"))
			continue;
		nm = odt_attr(m, "name");
		if (!chosen)
			chosen = m;
		if (nm && master_name && !strcmp(nm, master_name)) {
			chosen = m;
			xmlFree(nm);
			break;
		}
		if (nm && !master_name && tb_xml_name_is(nm, "Standard"))
			chosen = m;
		xmlFree(nm);
	}
	if (!chosen)
		return TB_OK;
	pln = odt_attr(chosen, "page-layout-name");
	pl = odt_find_style(r, "page-layout", pln);
	xmlFree(pln);
	props = pl ? odt_child(pl->node, "page-layout-properties") : NULL;
	if (props) {
		char *o = odt_attr(props, "print-orientation");
		sec->page_w = attr_len(props, "page-width", sec->page_w);
		sec->page_h = attr_len(props, "page-height", sec->page_h);
		if (o && !strcmp(o, "landscape") && sec->page_w < sec->page_h) {
			float t = sec->page_w;
			sec->page_w = sec->page_h;
			sec->page_h = t;
		}
		xmlFree(o);
		sec->mar_top = attr_len(props, "margin-top", 56.7f);
		sec->mar_bottom = attr_len(props, "margin-bottom", 56.7f);
		sec->mar_left = attr_len(props, "margin-left", 56.7f);
		sec->mar_right = attr_len(props, "margin-right", 56.7f);
		odt_apply_grid(r, props, sec);
		odt_read_columns(props, sec->page_w - sec->mar_left - sec->mar_right, sec);
		if ((sep = odt_child(props, "footnote-sep"))) {
			/* LibreOffice's defaults: 0.1 cm, a 0.5 pt line, 0.1 cm */
			sec->fn_sep = true;
			sec->fn_sep_above = attr_len(sep, "distance-before-sep", 2.83f);
			sec->fn_sep_width = attr_len(sep, "width", 0.5f);
			sec->fn_sep_below = attr_len(sep, "distance-after-sep", 2.83f);
		}
	}
	next = odt_attr(chosen, "next-style-name");
	follow = find_master(ms, next);
	xmlFree(next);
	if (follow == chosen)
		follow = NULL;
	if (follow) {
		sec->title_page = true;
		rc = read_header_footer(r, chosen, &sec->header_first, &sec->footer_first);
		if (rc == TB_OK)
			rc = read_header_footer(r, follow, &sec->header, &sec->footer);
		pln = odt_attr(follow, "page-layout-name");
		fpl = odt_find_style(r, "page-layout", pln);
		xmlFree(pln);
	} else
		rc = read_header_footer(r, chosen, &sec->header, &sec->footer);
	if (fpl)
		pl = fpl;
	/* ODF margins are page edge → header; the body starts below the header box. */
	hs = pl ? odt_child(odt_child(pl->node, "header-style"), "header-footer-properties") : NULL;
	fs = pl ? odt_child(odt_child(pl->node, "footer-style"), "header-footer-properties") : NULL;
	sec->header_dist = sec->mar_top;
	sec->footer_dist = sec->mar_bottom;
	if (sec->header && hs) {
		sec->header_space = attr_len(hs, "margin-bottom", 0);
		hh = attr_len(hs, "min-height", 0) + sec->header_space;
		if (hh < 14)
			hh = 14;
		sec->mar_top += hh;
	}
	if (sec->footer && fs) {
		sec->footer_space = attr_len(fs, "margin-top", 0);
		fh = attr_len(fs, "min-height", 0) + sec->footer_space;
		if (fh < 14)
			fh = 14;
		sec->mar_bottom += fh;
	}
	if (sec->mar_left + sec->mar_right > sec->page_w - 36)
		sec->mar_left = sec->mar_right = 18;
	if (sec->mar_top + sec->mar_bottom > sec->page_h - 36)
		sec->mar_top = sec->mar_bottom = 18;
	return rc;
}

/* The master page named by the first paragraph's style chain, if any. */
static const char *first_master(odt_reader *r, xmlNodePtr text)
{
	xmlNodePtr n;
	for (n = text ? text->children : NULL; n; n = n->next) {
		char *sn;
		const odt_style *s;
		int guard = 0;
		if (!odt_is(n, "p") && !odt_is(n, "h") && !odt_is(n, "table"))
			continue;
		sn = odt_attr(n, "style-name");
		s = odt_find_style(r, odt_is(n, "table") ? "table" : "paragraph", sn);
		xmlFree(sn);
		while (s && !s->master && s->parent && guard++ < 32)
			s = odt_find_style(r, s->family, s->parent);
		return s ? s->master : NULL;
	}
	return NULL;
}

tb_status tb_odt_read(tb_ctx *ctx, tb_zipr *z, const char *name,
                      const tb_doc_read_options *o, tb_doc *doc)
{
	odt_reader r;
	xmlDocPtr content = NULL, styles = NULL;
	xmlNodePtr root, sroot, body, text;
	tb_section *sec;
	target tg;
	tb_status rc;
	const char *master;
	memset(&r, 0, sizeof(r));
	r.ctx = ctx;
	r.zip = z;
	r.doc = doc;
	r.opts = o;
	r.name = name;
	r.part = "content.xml";
	doc->part = r.part;
	if ((rc = load_part(&r, "content.xml", &content, true)) != TB_OK ||
	    (rc = load_part(&r, "styles.xml", &styles, false)) != TB_OK)
		goto cleanup;
	if ((rc = odt_read_settings(&r)) != TB_OK)
		goto cleanup;
	root = xmlDocGetRootElement(content);
	sroot = styles ? xmlDocGetRootElement(styles) : NULL;
	odt_add_fonts(&r, odt_child(sroot, "font-face-decls"));
	odt_add_fonts(&r, odt_child(root, "font-face-decls"));
	/* Embedded fonts as LibreOffice 7.4 reads them: from content.xml's declarations (it
	 * writes them in styles.xml too, and ignores those when content.xml has none). */
	if ((rc = odt_embedded_fonts(&r, odt_child(root, "font-face-decls"), "content.xml")) != TB_OK)
		goto cleanup;
	if ((rc = odt_add_styles(&r, odt_child(sroot, "styles"), 0)) != TB_OK ||
	    (rc = odt_add_styles(&r, odt_child(sroot, "automatic-styles"), 2)) != TB_OK ||
	    (rc = odt_add_styles(&r, odt_child(root, "automatic-styles"), 1)) != TB_OK)
		goto cleanup;
	{
		/* The default style's tab-stop distance is the document's default tab. */
		char *v = odt_attr(odt_child(r.default_para, "paragraph-properties"),
		                   "tab-stop-distance");
		float f;
		if (odt_length(v, &f) && f >= 1 && f <= 1000)
			doc->default_tab = f;
		xmlFree(v);
	}
	body = odt_child(root, "body");
	text = odt_child(body, "text");
	if (!(sec = tb_doc_add_section(doc))) {
		rc = TB_ENOMEM;
		goto cleanup;
	}
	r.scope = 1;
	master = first_master(&r, text);
	if (styles) {
		r.scope = 2;
		r.part = "styles.xml";
		rc = read_master(&r, styles, master, sec);
		r.scope = 1;
		r.part = "content.xml";
		if (rc != TB_OK)
			goto cleanup;
	}
	memset(&tg, 0, sizeof tg);
	tg.story = &sec->body;
	if (text)
		rc = read_blocks(&r, text, &tg);
	else if (body)
		odt_unsupported(&r, body);
cleanup:
	free(r.styles);
	tb_doc_part_free(ctx, content);
	tb_doc_part_free(ctx, styles);
	return rc;
}
