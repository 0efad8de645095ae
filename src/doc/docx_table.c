/* docx_table.c: w:tbl → the model's table: grid, rows (height rule, can't split, header,
 * gridBefore), cells (span, vertical merge, borders, shading, margins, alignment, text
 * direction), and table styles: the style's own table and cell properties, then its
 * conditional formatting (w:tblStylePr: whole table, bands, first/last row and column,
 * corners) as w:tblLook switches it on, under the cell's direct formatting. */
#include <stdlib.h>
#include <string.h>

#include "core/ctx.h"
#include "core/xml.h"
#include "core/vec.h"
#include "doc/docx.h"

static xmlNodePtr child(xmlNodePtr n, const char *local)
{
	xmlNodePtr c;
	for (c = n ? n->children : NULL; c; c = c->next)
		if (docx_is(c, local))
			return c;
	return NULL;
}

static float tw(long twips)
{
	return (float)twips / 20.0f;
}

static void read_margins(xmlNodePtr n, float mar[4])
{
	xmlNodePtr c;
	for (c = n ? n->children : NULL; c; c = c->next) {
		int i = docx_is(c, "top") ? 0 : docx_is(c, "left") || docx_is(c, "start") ? 1 :
		        docx_is(c, "bottom") ? 2 : docx_is(c, "right") || docx_is(c, "end") ? 3 : -1;
		if (i >= 0)
			mar[i] = tw(docx_attr_long(c, "w", 0));
	}
}

void docx_apply_tblpr(docx_reader *r, xmlNodePtr tblpr, tb_table *t)
{
	xmlNodePtr n;
	for (n = tblpr ? tblpr->children : NULL; n; n = n->next) {
		const char *v;
		char *own = NULL;
		if (docx_is(n, "tblW")) {
			const char *type = docx_attr_ref(n, "type", &own);
			if (!type || !strcmp(type, "dxa"))
				t->width = tw(docx_attr_long(n, "w", 0));
			xmlFree(own);
		} else if (docx_is(n, "tblLayout")) {
			v = docx_attr_ref(n, "type", &own);
			t->fixed = v && !strcmp(v, "fixed");
			xmlFree(own);
		} else if (docx_is(n, "jc")) {
			v = docx_attr_ref(n, "val", &own);
			t->align = !v ? TB_ALIGN_LEFT : !strcmp(v, "center") ? TB_ALIGN_CENTER :
			           !strcmp(v, "right") || !strcmp(v, "end") ? TB_ALIGN_RIGHT : TB_ALIGN_LEFT;
			xmlFree(own);
		} else if (docx_is(n, "tblInd"))
			t->indent = tw(docx_attr_long(n, "w", 0));
		else if (docx_is(n, "tblCellMar"))
			read_margins(n, t->mar);
		else if (docx_is(n, "tblBorders")) {
			xmlNodePtr b;
			for (b = n->children; b; b = b->next) {
				static const char *const names[6] = {"top", "left", "bottom", "right",
				                                     "insideH", "insideV"};
				int i;
				for (i = 0; i < 6; i++)
					if (docx_is(b, names[i]) || (i == 1 && docx_is(b, "start")) ||
					    (i == 3 && docx_is(b, "end")))
						docx_read_border(b, &t->bd[i]);
			}
		}
	}
}

void docx_apply_tcpr(docx_reader *r, xmlNodePtr tcpr, tb_cell *c)
{
	xmlNodePtr n;
	for (n = tcpr ? tcpr->children : NULL; n; n = n->next) {
		const char *v;
		char *own = NULL;
		if (docx_is(n, "tcW")) {
			const char *type = docx_attr_ref(n, "type", &own);
			if (!type || !strcmp(type, "dxa"))
				c->width = tw(docx_attr_long(n, "w", 0));
			xmlFree(own);
		} else if (docx_is(n, "gridSpan"))
			c->span = (int)docx_attr_long(n, "val", 1);
		else if (docx_is(n, "vMerge")) {
			v = docx_attr_ref(n, "val", &own);
			c->vmerge = v && !strcmp(v, "restart") ? 1 : 2;
			xmlFree(own);
		} else if (docx_is(n, "hMerge")) {
			/* Old-style horizontal merge: continuing cells are folded into the first. */
			v = docx_attr_ref(n, "val", &own);
			if (!v || strcmp(v, "restart"))
				c->span = -1;
			xmlFree(own);
		} else if (docx_is(n, "tcBorders")) {
			xmlNodePtr b;
			for (b = n->children; b; b = b->next) {
				int i = docx_is(b, "top") ? 0 : docx_is(b, "left") || docx_is(b, "start") ? 1 :
				        docx_is(b, "bottom") ? 2 : docx_is(b, "right") || docx_is(b, "end") ? 3 : -1;
				if (i >= 0)
					docx_read_border(b, &c->bd[i]);
			}
		} else if (docx_is(n, "shd")) {
			if ((v = docx_attr_ref(n, "fill", &own))) {
				c->has_shading = tb_doc_parse_hex_color(v, &c->shading);
				xmlFree(own);
			}
		} else if (docx_is(n, "tcMar"))
			read_margins(n, c->mar);
		else if (docx_is(n, "textDirection")) {
			/* LibreOffice's mapping (writerfilter's TablePropertiesHandler): btLr is
			 * bottom to top, tbRl and tbRlV top to bottom; lrTbV, tbLrV and the rest
			 * stay horizontal. */
			v = docx_attr_ref(n, "val", &own);
			c->text_dir = !v ? TB_TEXT_HORIZONTAL : !strcmp(v, "btLr") ? TB_TEXT_BTLR :
			              !strcmp(v, "tbRl") || !strcmp(v, "tbRlV") ? TB_TEXT_TBRL :
			              TB_TEXT_HORIZONTAL;
			xmlFree(own);
		} else if (docx_is(n, "vAlign")) {
			v = docx_attr_ref(n, "val", &own);
			c->valign = !v ? TB_VALIGN_TOP : !strcmp(v, "center") ? TB_VALIGN_CENTER :
			            !strcmp(v, "bottom") ? TB_VALIGN_BOTTOM : TB_VALIGN_TOP;
			xmlFree(own);
		}
	}
}


/* Conditional formats, lowest priority first (the order Word and LibreOffice apply them). */
enum {
	CNF_WHOLE, CNF_BAND1V, CNF_BAND2V, CNF_BAND1H, CNF_BAND2H, CNF_FIRST_COL, CNF_LAST_COL,
	CNF_FIRST_ROW, CNF_LAST_ROW, CNF_NW, CNF_NE, CNF_SW, CNF_SE, CNF_N
};
static const char *const cnf_names[CNF_N] = {
	"wholeTable", "band1Vert", "band2Vert", "band1Horz", "band2Horz", "firstCol", "lastCol",
	"firstRow", "lastRow", "nwCell", "neCell", "swCell", "seCell"};

#define MAX_CHAIN 8

/* A table style resolved for one table: w:tblStylePr of each kind along the basedOn chain
 * (root first), the style's own cell properties, and the table's w:tblLook. */
typedef struct tstyle {
	xmlNodePtr cnf[CNF_N][MAX_CHAIN];
	int ncnf[CNF_N];
	xmlNodePtr tcpr[MAX_CHAIN];
	int ntcpr;
	bool first_row, last_row, first_col, last_col, hband, vband;
	long row_band, col_band;
	int nrows, ncols;
} tstyle;

static void load_tstyle(docx_reader *r, const char *id, xmlNodePtr tblpr, tstyle *ts)
{
	const docx_style *chain[MAX_CHAIN];
	const docx_style *s = docx_find_style(r, id);
	xmlNodePtr look = child(tblpr, "tblLook"), n;
	int nc = 0, i, k;
	memset(ts, 0, sizeof(*ts));
	ts->row_band = ts->col_band = 1;
	while (s && nc < MAX_CHAIN) {
		for (i = 0; i < nc && chain[i] != s; i++)
			;
		if (i < nc)
			break;
		chain[nc++] = s;
		s = docx_find_style(r, s->based_on);
	}
	for (i = nc - 1; i >= 0; i--) {
		xmlNodePtr tp = child(chain[i]->node, "tblPr");
		long v;
		if (chain[i]->tcpr)
			ts->tcpr[ts->ntcpr++] = chain[i]->tcpr;
		if ((v = docx_attr_long(child(tp, "tblStyleRowBandSize"), "val", 0)) > 0 && v < 1000)
			ts->row_band = v;
		if ((v = docx_attr_long(child(tp, "tblStyleColBandSize"), "val", 0)) > 0 && v < 1000)
			ts->col_band = v;
		for (n = chain[i]->node ? chain[i]->node->children : NULL; n; n = n->next) {
			char *type;
			if (!docx_is(n, "tblStylePr"))
				continue;
			type = docx_attr(n, "type");
			for (k = 0; type && k < CNF_N; k++)
				if (!strcmp(type, cnf_names[k]) && ts->ncnf[k] < MAX_CHAIN)
					ts->cnf[k][ts->ncnf[k]++] = n;
			xmlFree(type);
		}
	}
	/* w:tblLook: attributes (Word 2010+) or the older hexadecimal w:val. Word's default
	 * without one is 04A0: first row, first column, row bands. */
	{
		long v = 0x04A0;
		char *hex = docx_attr(look, "val");
		if (hex) {
			v = strtol(hex, NULL, 16);
			xmlFree(hex);
		} else if (look)
			v = 0;
		ts->first_row = docx_attr_long(look, "firstRow", (v & 0x0020) != 0) != 0;
		ts->last_row = docx_attr_long(look, "lastRow", (v & 0x0040) != 0) != 0;
		ts->first_col = docx_attr_long(look, "firstColumn", (v & 0x0080) != 0) != 0;
		ts->last_col = docx_attr_long(look, "lastColumn", (v & 0x0100) != 0) != 0;
		ts->hband = docx_attr_long(look, "noHBand", (v & 0x0200) != 0) == 0;
		ts->vband = docx_attr_long(look, "noVBand", (v & 0x0400) != 0) == 0;
	}
}

/* Which conditional formats apply to the cell at (row, col..col+span-1), in order. */
static int cell_cnf(const tstyle *ts, int row, int col, int span, int *out)
{
	int n = 0, k;
	bool fr = ts->first_row && row == 0, lr = ts->last_row && row == ts->nrows - 1;
	bool fc = ts->first_col && col == 0, lc = ts->last_col && col + span >= ts->ncols;
	bool on[CNF_N] = {false};
	on[CNF_WHOLE] = true;
	if (ts->vband && !fc && !lc) {
		long c = col - (ts->first_col ? 1 : 0);
		on[(c / ts->col_band) % 2 ? CNF_BAND2V : CNF_BAND1V] = true;
	}
	if (ts->hband && !fr && !lr) {
		long rr = row - (ts->first_row ? 1 : 0);
		on[(rr / ts->row_band) % 2 ? CNF_BAND2H : CNF_BAND1H] = true;
	}
	on[CNF_FIRST_COL] = fc;
	on[CNF_LAST_COL] = lc;
	on[CNF_FIRST_ROW] = fr;
	on[CNF_LAST_ROW] = lr;
	on[CNF_NW] = fr && fc;
	on[CNF_NE] = fr && lc;
	on[CNF_SW] = lr && fc;
	on[CNF_SE] = lr && lc;
	for (k = 0; k < CNF_N; k++)
		if (on[k] && ts->ncnf[k])
			out[n++] = k;
	return n;
}

/* Borders of a conditional format: the group's outer edges apply where the cell lies on
 * them, insideH/insideV on the edges inside the group (rows for row formats, columns for
 * column formats, the whole table for wholeTable). */
static void cnf_borders(xmlNodePtr bd, int kind, const tstyle *ts, int row, int col, int span,
                        tb_cell *c)
{
	bool rows = kind == CNF_FIRST_ROW || kind == CNF_LAST_ROW || kind == CNF_BAND1H ||
	            kind == CNF_BAND2H;
	bool cols = kind == CNF_FIRST_COL || kind == CNF_LAST_COL || kind == CNF_BAND1V ||
	            kind == CNF_BAND2V;
	bool whole = kind == CNF_WHOLE;
	bool at_top = row == 0 || rows || (!whole && !cols);
	bool at_bottom = row == ts->nrows - 1 || rows || (!whole && !cols);
	bool at_left = col == 0 || cols || (!whole && !rows);
	bool at_right = col + span >= ts->ncols || cols || (!whole && !rows);
	xmlNodePtr b;
	for (b = bd ? bd->children : NULL; b; b = b->next) {
		if (docx_is(b, "top") && at_top)
			docx_read_border(b, &c->bd[0]);
		else if ((docx_is(b, "bottom") && at_bottom))
			docx_read_border(b, &c->bd[2]);
		else if ((docx_is(b, "left") || docx_is(b, "start")) && at_left)
			docx_read_border(b, &c->bd[1]);
		else if ((docx_is(b, "right") || docx_is(b, "end")) && at_right)
			docx_read_border(b, &c->bd[3]);
		else if (docx_is(b, "insideH")) {
			if (!at_top)
				docx_read_border(b, &c->bd[0]);
			if (!at_bottom)
				docx_read_border(b, &c->bd[2]);
		} else if (docx_is(b, "insideV")) {
			if (!at_left)
				docx_read_border(b, &c->bd[1]);
			if (!at_right)
				docx_read_border(b, &c->bd[3]);
		}
	}
}

/* A conditional format's cell properties: everything but the borders as tcPr says, the
 * borders by cnf_borders. */
static void apply_cnf_tcpr(docx_reader *r, xmlNodePtr tcpr, int kind, const tstyle *ts,
                           int row, int col, int span, tb_cell *c)
{
	tb_border keep[4];
	memcpy(keep, c->bd, sizeof(keep));
	docx_apply_tcpr(r, tcpr, c);
	memcpy(c->bd, keep, sizeof(keep));
	cnf_borders(child(tcpr, "tcBorders"), kind, ts, row, col, span, c);
}

static tb_status read_cell(docx_reader *r, xmlNodePtr tc, tb_row *row, const tstyle *ts,
                           const char *tstyle_id, xmlNodePtr prex, int rown, int *col)
{
	tb_cell *cell = tb_row_add_cell(r->doc, row);
	xmlNodePtr tcpr = child(tc, "tcPr");
	docx_target ctg;
	int kinds[CNF_N], nk, i, k;
	long span = docx_attr_long(child(tcpr, "gridSpan"), "val", 1);
	tb_status st;
	if (!cell)
		return TB_ENOMEM;
	if (span < 1 || span > 1000)
		span = 1;
	memset(&ctg, 0, sizeof(ctg));
	ctg.cell = cell;
	ctg.tstyle = tstyle_id;
	/* The style's own cell properties, its conditional formats, then the cell's own. */
	for (i = 0; i < ts->ntcpr; i++)
		docx_apply_tcpr(r, ts->tcpr[i], cell);
	nk = cell_cnf(ts, rown, *col, (int)span, kinds);
	for (i = 0; i < nk; i++)
		for (k = 0; k < ts->ncnf[kinds[i]]; k++) {
			xmlNodePtr pr = ts->cnf[kinds[i]][k];
			apply_cnf_tcpr(r, child(pr, "tcPr"), kinds[i], ts, rown, *col, (int)span, cell);
			if (ctg.ncnf < DOCX_MAX_CNF) {
				ctg.cnf_ppr[ctg.ncnf] = child(pr, "pPr");
				ctg.cnf_rpr[ctg.ncnf] = child(pr, "rPr");
				ctg.ncnf++;
			}
		}
	/* The row's table property exceptions (w:tblPrEx): its borders as the table's for
	 * this row, under the cell's own (LibreOffice 7.4 draws them and insets the text as
	 * for cell borders: table_prex.docx). */
	cnf_borders(child(prex, "tblBorders"), CNF_WHOLE, ts, rown, *col, (int)span, cell);
	docx_apply_tcpr(r, tcpr, cell);
	*col += cell->span > 0 ? cell->span : 1;
	if (r->depth > TB_DOC_MAX_DEPTH) {
		tb_block *pb = docx_add_block(r, &ctg, TB_BLOCK_PARA);
		return pb ? docx_plain_text(r, tc, pb, &pb->pp.mark) : TB_ENOMEM;
	}
	r->depth++;
	st = docx_read_blocks(r, tc, &ctg);
	r->depth--;
	return st;
}

typedef struct nodes {
	xmlNodePtr *v;
	size_t n, cap;
} nodes;

/* The `want` children of parent (rows of a table, cells of a row), also those wrapped in
 * content controls (w:sdt/w:sdtContent) and custom XML: a header cell in a content control
 * is a cell like any other. */
static tb_status gather(xmlNodePtr parent, const char *want, nodes *out, int depth)
{
	xmlNodePtr c;
	tb_status st = TB_OK;
	for (c = parent ? parent->children : NULL; c && st == TB_OK; c = c->next) {
		if (docx_is(c, want)) {
			if (TB_GROW(out->v, out->cap, out->n + 1) != TB_OK)
				return TB_ENOMEM;
			out->v[out->n++] = c;
		} else if (depth < 8 && docx_is(c, "sdt"))
			st = gather(child(c, "sdtContent"), want, out, depth + 1);
		else if (depth < 8 && docx_is(c, "customXml"))
			st = gather(c, want, out, depth + 1);
	}
	return st;
}

tb_status docx_read_table(docx_reader *r, xmlNodePtr tbl, docx_target *tg)
{
	tb_block *b = docx_add_block(r, tg, TB_BLOCK_TABLE);
	tb_table *t;
	xmlNodePtr tblpr = child(tbl, "tblPr"), grid = child(tbl, "tblGrid"), n;
	nodes rows = {0}, cells = {0};
	size_t ri;
	char *sid;
	const char *tstyle_id;
	tstyle *ts;
	tb_status st = TB_OK;
	unsigned line_col;
	int rown = 0;
	if (!b)
		return TB_ENOMEM;
	if (!(ts = malloc(sizeof(*ts))))
		return TB_ENOMEM;
	tb_xml_node_pos(tbl, &b->line, &line_col);
	t = b->table;
	sid = docx_attr(child(tblpr, "tblStyle"), "val");
	tstyle_id = sid ? tb_doc_strdup(r->doc, sid) : r->default_tstyle;
	xmlFree(sid);
	docx_apply_style_chain(r, tstyle_id, NULL, NULL, t);
	docx_apply_tblpr(r, tblpr, t);
	load_tstyle(r, tstyle_id, tblpr, ts);
	for (n = grid ? grid->children : NULL; n; n = n->next)
		if (docx_is(n, "gridCol") && t->ncols < TB_DOC_MAX_COLS) {
			float *cols = tb_doc_alloc(r->doc, (size_t)(t->ncols + 1) * sizeof(float));
			if (!cols) {
				free(ts);
				return TB_ENOMEM;
			}
			if (t->ncols)
				memcpy(cols, t->cols, (size_t)t->ncols * sizeof(float));
			cols[t->ncols++] = (float)docx_attr_long(n, "w", 0) / 20.0f;
			t->cols = cols;
		}
	/* Rows and cells, also those in content controls; conditional formats need the last
	 * row and column up front. */
	if ((st = gather(tbl, "tr", &rows, 0)) != TB_OK)
		goto done;
	ts->nrows = (int)rows.n;
	ts->ncols = t->ncols;
	for (ri = 0; ri < rows.n && st == TB_OK; ri++) {
		tb_row *row;
		xmlNodePtr trpr, h;
		int col = 0;
		long before;
		size_t ci;
		n = rows.v[ri];
		if (!(row = tb_table_add_row(r->doc, t))) {
			st = TB_ENOMEM;
			break;
		}
		trpr = child(n, "trPr");
		if ((h = child(trpr, "trHeight"))) {
			/* Only "exact" fixes the height; atLeast, auto or no rule make a minimum
			 * (LibreOffice's MeasureHandler). */
			char *rule = docx_attr(h, "hRule");
			row->height = tw(docx_attr_long(h, "val", 0));
			row->height_rule = rule && !strcmp(rule, "exact") ? 2 : 1;
			xmlFree(rule);
		}
		row->cant_split = child(trpr, "cantSplit") && docx_onoff(child(trpr, "cantSplit"));
		row->header = child(trpr, "tblHeader") && docx_onoff(child(trpr, "tblHeader"));
		/* Grid columns skipped before the first cell: an empty cell without borders. */
		before = docx_attr_long(child(trpr, "gridBefore"), "val", 0);
		if (before > 0 && before < TB_DOC_MAX_COLS) {
			tb_cell *gap = tb_row_add_cell(r->doc, row);
			int k;
			if (!gap) {
				st = TB_ENOMEM;
				break;
			}
			gap->span = (int)before;
			for (k = 0; k < 4; k++)
				gap->bd[k].set = 1;
			col = (int)before;
		}
		cells.n = 0;
		if ((st = gather(n, "tc", &cells, 0)) != TB_OK)
			break;
		for (ci = 0; ci < cells.n && st == TB_OK; ci++)
			st = read_cell(r, cells.v[ci], row, ts, tstyle_id, child(n, "tblPrEx"), rown,
			               &col);
		rown++;
	}
done:
	free(rows.v);
	free(cells.v);
	free(ts);
	if (st == TB_OK)
		st = tb_doc_table_finish(r->doc, t);
	return st;
}
