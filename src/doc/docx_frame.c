/* docx_frame.c: paragraph frames (w:framePr). Consecutive paragraphs with the same frame
 * properties are one frame: a floating object holding them, anchored to the paragraph that
 * follows (Word keeps a frame with the next paragraph), sized, placed and wrapped as
 * LibreOffice imports them: anchors default to the column and the paragraph, no w:wrap
 * keeps text above and below, "around" puts text on both sides; the paragraphs' borders
 * become the frame's outline. Drop caps and inline frames stay in the text. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/xml.h"
#include "doc/docx.h"

#define MAX_CHAIN 16

static xmlNodePtr kid(xmlNodePtr n, const char *local)
{
	xmlNodePtr c;
	for (c = n ? n->children : NULL; c; c = c->next)
		if (docx_is(c, local))
			return c;
	return NULL;
}

/* A child of the paragraph's pPr, else of its style chain's. */
static xmlNodePtr ppr_kid(docx_reader *r, xmlNodePtr p, const char *local)
{
	xmlNodePtr ppr = kid(p, "pPr"), n = kid(ppr, local);
	const char *ps;
	char *own;
	const docx_style *s;
	int guard;
	if (n)
		return n;
	ps = docx_attr_ref(kid(ppr, "pStyle"), "val", &own);
	s = docx_find_style(r, ps ? ps : r->default_pstyle);
	xmlFree(own);
	for (guard = 0; s && guard < MAX_CHAIN; guard++) {
		if ((n = kid(s->ppr, local)))
			return n;
		s = s->based_on ? docx_find_style(r, s->based_on) : NULL;
	}
	return NULL;
}

xmlNodePtr docx_frame_pr(docx_reader *r, xmlNodePtr p)
{
	xmlNodePtr fp = ppr_kid(r, p, "framePr");
	char *v;
	bool keep;
	if (!fp)
		return NULL;
	v = docx_attr(fp, "dropCap");
	keep = !v || !strcmp(v, "none");
	xmlFree(v);
	if (keep) {
		v = docx_attr(fp, "yAlign");
		keep = !v || strcmp(v, "inline");
		xmlFree(v);
	}
	return keep ? fp : NULL;
}

/* Do two framePr elements say the same (the paragraphs share one frame)? */
static bool same_frame(xmlNodePtr a, xmlNodePtr b)
{
	xmlAttrPtr x;
	int na = 0, nb = 0;
	if (a == b)
		return true;
	for (x = a->properties; x; x = x->next)
		na++;
	for (x = b->properties; x; x = x->next)
		nb++;
	if (na != nb)
		return false;
	for (x = a->properties; x; x = x->next) {
		char *va = docx_attr(a, (const char *)x->name), *vb = docx_attr(b, (const char *)x->name);
		bool eq = va && vb && !strcmp(va, vb);
		xmlFree(va);
		xmlFree(vb);
		if (!eq)
			return false;
	}
	return true;
}

static float twips(xmlNodePtr n, const char *attr, float def)
{
	char *v = docx_attr(n, attr);
	float f = v ? (float)docx_attr_long(n, attr, 0) / 20.0f : def;
	xmlFree(v);
	return f;
}

static void read_frame_pr(xmlNodePtr fp, tb_float *fl)
{
	char *v;
	float h = twips(fp, "h", 0), hspace = twips(fp, "hSpace", 0), vspace = twips(fp, "vSpace", 0);
	fl->w = twips(fp, "w", 0);
	if (fl->w < 1 || fl->w > 20000) {
		fl->w = 0;
		fl->autowidth = true; /* as wide as its text */
	}
	/* Height: exact, else at least h (Word's default when h is given), else the text's. */
	v = docx_attr(fp, "hRule");
	fl->h = h > 0 && h < 20000 ? h : 0;
	fl->autofit = !v || strcmp(v, "exact") || fl->h <= 0;
	xmlFree(v);
	v = docx_attr(fp, "hAnchor");
	fl->hrel = v && !strcmp(v, "page") ? TB_REL_PAGE : v && !strcmp(v, "margin") ? TB_REL_MARGIN :
	           TB_REL_COLUMN;
	xmlFree(v);
	v = docx_attr(fp, "vAnchor");
	fl->vrel = v && !strcmp(v, "page") ? TB_REL_PAGE : v && !strcmp(v, "margin") ? TB_REL_MARGIN :
	           TB_REL_PARAGRAPH;
	xmlFree(v);
	fl->x = twips(fp, "x", 0);
	fl->y = twips(fp, "y", 0);
	v = docx_attr(fp, "xAlign");
	fl->halign = (uint8_t)docx_float_align(v);
	xmlFree(v);
	v = docx_attr(fp, "yAlign");
	fl->valign = (uint8_t)docx_float_align(v);
	xmlFree(v);
	/* Wrapping as LibreOffice maps it: around → both sides, auto/tight/through → the larger
	 * side, none → over the text, notBeside (and no w:wrap) → above and below. */
	v = docx_attr(fp, "wrap");
	fl->wrap = TB_WRAP_TOPBOTTOM;
	if (v && !strcmp(v, "around")) {
		fl->wrap = TB_WRAP_SQUARE;
		fl->wrap_side = TB_SIDE_BOTH;
	} else if (v && (!strcmp(v, "auto") || !strcmp(v, "tight") || !strcmp(v, "through"))) {
		fl->wrap = TB_WRAP_SQUARE;
		fl->wrap_side = TB_SIDE_LARGEST;
	} else if (v && !strcmp(v, "none"))
		fl->wrap = TB_WRAP_FRONT;
	xmlFree(v);
	/* Distance from the text, none on the side the frame is aligned to. */
	fl->dist[1] = fl->halign == TB_FALIGN_START ? 0 : hspace;
	fl->dist[3] = fl->halign == TB_FALIGN_END ? 0 : hspace;
	fl->dist[0] = fl->valign == TB_FALIGN_START ? 0 : vspace;
	fl->dist[2] = fl->valign == TB_FALIGN_END ? 0 : vspace;
}

/* The paragraph's borders become the frame's outline, their spacing its insets (as
 * LibreOffice moves them); the paragraph keeps none. */
static void take_borders(docx_reader *r, xmlNodePtr p, tb_float *fl, tb_block *b, bool first)
{
	xmlNodePtr bdr = ppr_kid(r, p, "pBdr"), c;
	static const char *const sides[4] = {"top", "left", "bottom", "right"};
	int i;
	b->pp.bd_top.width = b->pp.bd_bottom.width = 0;
	if (!first || !bdr)
		return;
	for (i = 0; i < 4; i++)
		for (c = bdr->children; c; c = c->next)
			if (docx_is(c, sides[i]) || (i == 1 && docx_is(c, "start")) ||
			    (i == 3 && docx_is(c, "end"))) {
				tb_border bd;
				memset(&bd, 0, sizeof(bd));
				docx_read_border(c, &bd);
				if (bd.width > 0 && fl->outline.width <= 0)
					fl->outline = bd;
				if (bd.width > 0)
					fl->inset[i] = (float)docx_attr_long(c, "space", 0);
			}
}

tb_status docx_frame_para(docx_reader *r, xmlNodePtr p, xmlNodePtr fp, docx_target *tg)
{
	tb_float *fl = NULL;
	docx_target ftg;
	tb_status st;
	bool first = false;
	unsigned col;
	if (tg->nframes > 0 && tg->frame_pr[tg->nframes - 1] &&
	    same_frame(tg->frame_pr[tg->nframes - 1], fp))
		fl = tg->frames[tg->nframes - 1];
	else {
		if (tg->nframes == DOCX_MAX_FRAMES)
			return docx_read_para(r, p, tg); /* bounded: further frames stay in the text */
		if (!(fl = tb_doc_alloc(r->doc, sizeof(*fl))))
			return TB_ENOMEM;
		read_frame_pr(fp, fl);
		tb_xml_node_pos(p, &fl->line, &col);
		fl->part = r->part;
		fl->name = "frame";
		tg->frames[tg->nframes] = fl;
		tg->frame_pr[tg->nframes] = fp;
		tg->nframes++;
		first = true;
	}
	memset(&ftg, 0, sizeof(ftg));
	ftg.story = &fl->content;
	ftg.tstyle = tg->tstyle;
	if ((st = docx_read_para(r, p, &ftg)) == TB_OK && fl->content.last)
		take_borders(r, p, fl, fl->content.last, first);
	return st;
}

/* The section a body element belongs to: the sectPr of the first paragraph after it that
 * ends a section, else the body's own (LibreOffice decides on floating tables when the
 * section closes, knowing its text area). */
static xmlNodePtr section_after(xmlNodePtr n)
{
	for (; n; n = n->next) {
		xmlNodePtr sp;
		if (docx_is(n, "sectPr"))
			return n;
		if (docx_is(n, "p") && (sp = kid(kid(n, "pPr"), "sectPr")))
			return sp;
	}
	return NULL;
}

/* LibreOffice's heuristics for a w:tblpPr table (SectionPropertyMap::FloatingTableConversion):
 * it floats when text can stand beside it, that is when the table with its distances and
 * a margin of 469/100 mm is narrower than the text area (the page, less the smaller page
 * margin, for a page-relative position), or when the section has columns; a table placed
 * by absolute page coordinates in the lower left quarter of the page stays in the text. All
 * in 1/100 mm as LibreOffice compares. */
static bool table_floats(xmlNodePtr tbl, xmlNodePtr pos, long width_tw)
{
	xmlNodePtr sp = section_after(tbl->next), sz = kid(sp, "pgSz"), mar = kid(sp, "pgMar");
	long pw = docx_attr_long(sz, "w", 12240), ph = docx_attr_long(sz, "h", 15840);
	long ml = docx_attr_long(mar, "left", 1440), mr = docx_attr_long(mar, "right", 1440);
	long cols = docx_attr_long(kid(sp, "cols"), "num", 1);
	long w = width_tw + docx_attr_long(pos, "leftFromText", 0) +
	         docx_attr_long(pos, "rightFromText", 0);
	char *ha = docx_attr(pos, "horzAnchor"), *va = docx_attr(pos, "vertAnchor");
	char *xs = docx_attr(pos, "tblpXSpec"), *ys = docx_attr(pos, "tblpYSpec");
	bool hpage = ha && !strcmp(ha, "page"), vpage = va && !strcmp(va, "page");
	bool floats;
#define MM100(t) ((long)lround((double)(t) * 127.0 / 72.0))
	if (hpage && vpage && !xs && !ys &&
	    MM100(docx_attr_long(pos, "tblpX", 0)) < MM100(pw) / 2 &&
	    MM100(docx_attr_long(pos, "tblpY", 0)) > MM100(ph) / 2)
		floats = false;
	else
		floats = MM100(w) + 469 < MM100(pw) - MM100(ml) - MM100(mr) ||
		         (hpage && MM100(w) + 469 < MM100(pw) - MM100(ml < mr ? ml : mr)) ||
		         cols >= 2;
#undef MM100
	xmlFree(ha);
	xmlFree(va);
	xmlFree(xs);
	xmlFree(ys);
	return floats;
}

/* Does the table hold a footnote or endnote reference (bounded depth)? */
static bool has_note(xmlNodePtr n, int depth)
{
	xmlNodePtr c;
	if (depth > 32)
		return false;
	for (c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (docx_is(c, "footnoteReference") || docx_is(c, "endnoteReference") ||
		    has_note(c, depth + 1))
			return true;
	}
	return false;
}

/* tblpPr as LibreOffice's TablePositionHandler maps it: the vertical anchor defaults to
 * the margin, the horizontal one to the text (the column); text goes on both sides, kept
 * the *FromText distances away. */
static void read_table_pos(xmlNodePtr pos, tb_float *fl)
{
	char *v = docx_attr(pos, "horzAnchor");
	fl->hrel = v && !strcmp(v, "page") ? TB_REL_PAGE : v && !strcmp(v, "margin") ? TB_REL_MARGIN :
	           TB_REL_COLUMN;
	xmlFree(v);
	v = docx_attr(pos, "vertAnchor");
	fl->vrel = v && !strcmp(v, "page") ? TB_REL_PAGE : v && !strcmp(v, "text") ? TB_REL_PARAGRAPH :
	           TB_REL_MARGIN;
	xmlFree(v);
	fl->x = twips(pos, "tblpX", 0);
	fl->y = twips(pos, "tblpY", 0);
	v = docx_attr(pos, "tblpXSpec");
	fl->halign = (uint8_t)docx_float_align(v);
	xmlFree(v);
	v = docx_attr(pos, "tblpYSpec");
	fl->valign = (uint8_t)docx_float_align(v);
	xmlFree(v);
	fl->wrap = TB_WRAP_SQUARE;
	fl->wrap_side = TB_SIDE_BOTH;
	fl->autofit = true;
	fl->dist[0] = twips(pos, "topFromText", 0);
	fl->dist[1] = twips(pos, "leftFromText", 0);
	fl->dist[2] = twips(pos, "bottomFromText", 0);
	fl->dist[3] = twips(pos, "rightFromText", 0);
}

tb_status docx_frame_table(docx_reader *r, xmlNodePtr tbl, docx_target *tg, bool *done)
{
	xmlNodePtr pos = kid(kid(tbl, "tblPr"), "tblpPr"), c;
	tb_float *fl;
	docx_target ftg;
	tb_table *t;
	tb_status st;
	long width = 0;
	unsigned col;
	bool aligned;
	*done = false;
	/* Tables of the body and of headers and footers (LibreOffice converts those at once,
	 * without the heuristics); none holding notes (frames cannot). Nested tables stay in
	 * their cells here. */
	if (!pos || tg->cell || (!tg->sect && !tg->hf) || tg->nframes == DOCX_MAX_FRAMES ||
	    has_note(tbl, 0))
		return TB_OK;
	for (c = kid(tbl, "tblGrid") ? kid(tbl, "tblGrid")->children : NULL; c; c = c->next)
		if (docx_is(c, "gridCol"))
			width += docx_attr_long(c, "w", 0);
	if (width <= 0 || width > 40000 || (!tg->hf && !table_floats(tbl, pos, width)))
		return TB_OK;
	if (tg->hf) {
		/* LibreOffice's header grows to hold a frame placed in its text, which the
		 * header's height here does not model yet: only frames placed on the page (their
		 * place independent of the header's text) leave the flow. */
		char *va = docx_attr(pos, "vertAnchor");
		bool page = va && !strcmp(va, "page");
		xmlFree(va);
		if (!page)
			return TB_OK;
	}
	if (!(fl = tb_doc_alloc(r->doc, sizeof(*fl))))
		return TB_ENOMEM;
	read_table_pos(pos, fl);
	fl->w = (float)width / 20.0f;
	aligned = fl->halign != TB_FALIGN_NONE;
	if (aligned) {
		/* An aligned frame keeps its distance on the aligned side too (LibreOffice counts
		 * the frame's margins in its box): placed as an offset in its area instead. */
		xmlNodePtr sp = section_after(tbl->next);
		long pw = docx_attr_long(kid(sp, "pgSz"), "w", 12240);
		float area = (float)(fl->hrel == TB_REL_PAGE ? pw :
		                     pw - docx_attr_long(kid(sp, "pgMar"), "left", 1440) -
		                     docx_attr_long(kid(sp, "pgMar"), "right", 1440)) / 20.0f;
		fl->x = fl->halign == TB_FALIGN_START ? fl->dist[1] :
		        fl->halign == TB_FALIGN_END ? area - fl->w - fl->dist[3] :
		        (area - fl->w - fl->dist[1] - fl->dist[3]) / 2 + fl->dist[1];
		fl->halign = TB_FALIGN_NONE;
	}
	tb_xml_node_pos(tbl, &fl->line, &col);
	fl->part = r->part;
	fl->name = "table";
	memset(&ftg, 0, sizeof(ftg));
	ftg.story = &fl->content;
	if ((st = docx_read_table(r, tbl, &ftg)) != TB_OK)
		return st;
	if (fl->content.last && fl->content.last->kind == TB_BLOCK_TABLE) {
		/* The table's edge is the frame's, and LibreOffice 7.4 moves the frame left by
		 * the left cell margin (lcl_DecrementHoriOrientPosition), whatever the Word
		 * version, so the first column's text sits at tblpX. */
		float bl, l;
		t = fl->content.last->table;
		bl = t->bd[1].width > 0 && t->bd[1].style ? t->bd[1].width : 0;
		l = bl / 2 > t->mar[1] ? bl / 2 : t->mar[1];
		t->align = TB_ALIGN_LEFT;
		t->indent = t->inset_rule == TB_INSET_WORD ? (r->doc->table_outdent ? l : -bl / 2) : 0;
		if (t->inset_rule == TB_INSET_WORD && !aligned)
			fl->x -= t->mar[1];
	}
	tg->frames[tg->nframes] = fl;
	tg->frame_pr[tg->nframes] = NULL;
	tg->nframes++;
	*done = true;
	return TB_OK;
}

tb_status docx_frames_attach(docx_reader *r, docx_target *tg, tb_block *para)
{
	int i;
	for (i = 0; i < tg->nframes; i++) {
		tb_inline *in = tb_block_add_inline(r->doc, para, TB_IN_FLOAT, &para->pp.mark);
		if (!in)
			return TB_ENOMEM;
		in->fl = tg->frames[i];
	}
	tg->nframes = 0;
	return TB_OK;
}

tb_status docx_frames_flush(docx_reader *r, docx_target *tg)
{
	tb_block *last;
	if (!tg->nframes)
		return TB_OK;
	/* No paragraph after the frames: the last one before them anchors them. */
	last = tg->cell ? tg->cell->last : tg->story ? tg->story->last : NULL;
	if (!last || last->kind != TB_BLOCK_PARA)
		last = docx_add_block(r, tg, TB_BLOCK_PARA);
	if (!last)
		return TB_ENOMEM;
	return docx_frames_attach(r, tg, last);
}
