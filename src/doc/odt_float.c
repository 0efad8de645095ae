/* odt_float.c: ODF notes and frames. text:note becomes a footnote or endnote with its
 * citation as the mark; draw:frame anchored to the page, the paragraph or a character
 * becomes a floating object (position from svg:x/svg:y or the graphic style's horizontal
 * and vertical position, wrapping from style:wrap, border, background and padding), holding
 * its picture or its draw:text-box. Frames anchored as a character stay pictures in the
 * line; page-anchored frames, which stand between paragraphs, wait for the next paragraph. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/ctx.h"
#include "core/xml.h"
#include "doc/odt.h"

static void collect(xmlNodePtr n, tb_buf *b, int depth)
{
	xmlNodePtr c;
	for (c = n ? n->children : NULL; c && depth < 8; c = c->next) {
		if (c->type == XML_TEXT_NODE && c->content)
			tb_buf_puts(b, (const char *)c->content);
		else if (c->type == XML_ELEMENT_NODE)
			collect(c, b, depth + 1);
	}
}

tb_status odt_note(odt_reader *r, xmlNodePtr n, tb_block *para, const tb_rprops *rp)
{
	char *cls = odt_attr(n, "note-class");
	xmlNodePtr cit = odt_child(n, "note-citation"), body = odt_child(n, "note-body");
	tb_buf b = TB_BUF_INIT;
	tb_note *note = tb_doc_alloc(r->doc, sizeof(*note));
	tb_inline *in;
	tb_rprops mrp = *rp;
	tb_status st = TB_OK;
	if (!note) {
		xmlFree(cls);
		return TB_ENOMEM;
	}
	note->endnote = cls && !strcmp(cls, "endnote");
	xmlFree(cls);
	tb_buf_init(&b, 256);
	collect(cit, &b, 0);
	note->mark = tb_doc_strndup(r->doc, b.data ? b.data : "", b.len);
	tb_buf_free(&b);
	if (!note->mark)
		return TB_ENOMEM;
	mrp.valign = 1; /* the anchor character style is superscript */
	if (!(in = tb_block_add_inline(r->doc, para, TB_IN_NOTE_REF, &mrp)))
		return TB_ENOMEM;
	in->note = note;
	r->doc->nnotes++;
	in->text = note->mark;
	in->len = strlen(note->mark);
	if (note->endnote) {
		if (r->doc->endnotes_last)
			r->doc->endnotes_last->next = note;
		else
			r->doc->endnotes = note;
		r->doc->endnotes_last = note;
	}
	if (body && r->depth < 32) {
		r->depth++;
		st = odt_read_story(r, body, &note->body);
		r->depth--;
		/* The note area shows the citation before the text. */
		if (st == TB_OK && note->body.first && note->body.first->kind == TB_BLOCK_PARA) {
			tb_block *p = note->body.first;
			tb_inline *m = tb_doc_alloc(r->doc, sizeof(*m)), *sp = tb_doc_alloc(r->doc, sizeof(*sp));
			if (!m || !sp)
				return TB_ENOMEM;
			m->kind = sp->kind = TB_IN_TEXT;
			m->rp = p->first ? p->first->rp : p->pp.mark;
			m->rp.valign = 0;
			sp->rp = m->rp;
			m->text = note->mark;
			m->len = strlen(note->mark);
			sp->text = " ";
			sp->len = 1;
			sp->next = p->first;
			m->next = sp;
			p->first = m;
			if (!p->last)
				p->last = sp;
		}
	}
	return st;
}

/* The graphic properties of a frame's style and its parents, nearest first. */
static int graphic_props(odt_reader *r, const char *name, xmlNodePtr *out, int max)
{
	const odt_style *s = odt_find_style(r, "graphic", name);
	int n = 0, guard = 0;
	while (s && n < max && guard++ < 16) {
		xmlNodePtr p = odt_child(s->node, "graphic-properties");
		if (p)
			out[n++] = p;
		s = s->parent ? odt_find_style(r, "graphic", s->parent) : NULL;
	}
	return n;
}

static char *gattr(xmlNodePtr *props, int n, const char *local)
{
	int i;
	for (i = 0; i < n; i++) {
		char *v = odt_attr(props[i], local);
		if (v)
			return v;
	}
	return NULL;
}

static bool parse_border(const char *v, tb_border *b)
{
	/* "0.06pt solid #000000" or "none" */
	char w[32], style[32], color[16];
	float pt;
	if (!v || !strcmp(v, "none"))
		return false;
	if (sscanf(v, "%31s %31s #%15s", w, style, color) != 3 || !odt_length(w, &pt))
		return false;
	b->width = pt;
	b->style = !strcmp(style, "dashed") || !strcmp(style, "dotted") ? 2 : 1;
	tb_doc_parse_hex_color(color, &b->color);
	return true;
}

static void frame_style(odt_reader *r, xmlNodePtr frame, tb_float *fl)
{
	char *sn = odt_attr(frame, "style-name"), *v;
	xmlNodePtr props[8];
	int n = graphic_props(r, sn, props, 8);
	float f;
	xmlFree(sn);
	fl->wrap = TB_WRAP_FRONT;
	if ((v = gattr(props, n, "wrap"))) {
		if (!strcmp(v, "none"))
			fl->wrap = TB_WRAP_TOPBOTTOM;
		else if (strcmp(v, "run-through")) {
			/* parallel: both sides; dynamic and biggest: the larger one. */
			fl->wrap = TB_WRAP_SQUARE;
			fl->wrap_side = !strcmp(v, "left") ? TB_SIDE_LEFT :
			                !strcmp(v, "right") ? TB_SIDE_RIGHT :
			                !strcmp(v, "parallel") ? TB_SIDE_BOTH : TB_SIDE_LARGEST;
		}
		xmlFree(v);
	}
	if ((v = gattr(props, n, "run-through"))) {
		if (!strcmp(v, "background") && fl->wrap == TB_WRAP_FRONT)
			fl->wrap = TB_WRAP_BEHIND;
		xmlFree(v);
	}
	if ((v = gattr(props, n, "horizontal-pos"))) {
		fl->halign = !strcmp(v, "left") || !strcmp(v, "inside") ? TB_FALIGN_START :
		             !strcmp(v, "center") ? TB_FALIGN_CENTER :
		             !strcmp(v, "right") || !strcmp(v, "outside") ? TB_FALIGN_END : TB_FALIGN_NONE;
		xmlFree(v);
	}
	if ((v = gattr(props, n, "vertical-pos"))) {
		fl->valign = !strcmp(v, "top") ? TB_FALIGN_START : !strcmp(v, "middle") ?
		             TB_FALIGN_CENTER : !strcmp(v, "bottom") ? TB_FALIGN_END : TB_FALIGN_NONE;
		xmlFree(v);
	}
	if ((v = gattr(props, n, "horizontal-rel"))) {
		fl->hrel = !strcmp(v, "page") || !strcmp(v, "page-start-margin") ? TB_REL_PAGE :
		           !strcmp(v, "page-content") ? TB_REL_MARGIN : TB_REL_COLUMN;
		xmlFree(v);
	}
	if ((v = gattr(props, n, "vertical-rel"))) {
		fl->vrel = !strcmp(v, "page") ? TB_REL_PAGE : !strcmp(v, "page-content") ?
		           TB_REL_MARGIN : !strcmp(v, "line") ? TB_REL_LINE : TB_REL_PARAGRAPH;
		xmlFree(v);
	}
	if ((v = gattr(props, n, "background-color")) || (v = gattr(props, n, "fill-color"))) {
		char *fill = gattr(props, n, "fill");
		if (v[0] == '#' && (!fill || strcmp(fill, "none")))
			fl->has_fill = tb_doc_parse_hex_color(v + 1, &fl->fill);
		xmlFree(fill);
		xmlFree(v);
	}
	if ((v = gattr(props, n, "border"))) {
		parse_border(v, &fl->outline);
		xmlFree(v);
	} else if ((v = gattr(props, n, "stroke"))) {
		char *c = gattr(props, n, "stroke-color"), *w = gattr(props, n, "stroke-width");
		if (strcmp(v, "none")) {
			fl->outline.style = strcmp(v, "dash") ? 1 : 2;
			fl->outline.width = 0.75f;
			if (w && odt_length(w, &f) && f > 0)
				fl->outline.width = f;
			if (c && c[0] == '#')
				tb_doc_parse_hex_color(c + 1, &fl->outline.color);
		}
		xmlFree(c);
		xmlFree(w);
		xmlFree(v);
	}
	if ((v = gattr(props, n, "padding"))) {
		if (odt_length(v, &f))
			fl->inset[0] = fl->inset[1] = fl->inset[2] = fl->inset[3] = f;
		xmlFree(v);
	}
	{
		static const char *const pad[4] = {"padding-top", "padding-left", "padding-bottom",
		                                   "padding-right"};
		int k;
		for (k = 0; k < 4; k++)
			if ((v = gattr(props, n, pad[k]))) {
				if (odt_length(v, &f))
					fl->inset[k] = f;
				xmlFree(v);
			}
	}
	if ((v = gattr(props, n, "textarea-vertical-align"))) {
		fl->text_valign = !strcmp(v, "middle") ? TB_VALIGN_CENTER :
		                  !strcmp(v, "bottom") ? TB_VALIGN_BOTTOM : TB_VALIGN_TOP;
		xmlFree(v);
	}
	if ((v = gattr(props, n, "auto-grow-height"))) {
		fl->autofit = !strcmp(v, "true");
		xmlFree(v);
	}
	{
		static const char *const side[4] = {"margin-top", "margin-left", "margin-bottom",
		                                    "margin-right"};
		int k;
		for (k = 0; k < 4; k++)
			if ((v = gattr(props, n, side[k]))) {
				if (odt_length(v, &f))
					fl->dist[k] = f;
				xmlFree(v);
			}
	}
}

xmlNodePtr odt_frame_image(xmlNodePtr frame)
{
	/* LibreOffice writes an SVG with a PNG replacement after it: take the first picture
	 * whose name says a format that can be drawn, else the first. */
	static const char *const ext[] = {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif",
	                                  ".tiff", ".emf", ".wmf"};
	xmlNodePtr c, first = NULL;
	for (c = frame ? frame->children : NULL; c; c = c->next) {
		char *href;
		size_t i, n;
		bool ok = false;
		if (!odt_is(c, "image"))
			continue;
		if (!first)
			first = c;
		href = odt_attr(c, "href");
		n = href ? strlen(href) : 0;
		for (i = 0; href && i < sizeof(ext) / sizeof(ext[0]); i++)
			if (n > strlen(ext[i]) && !strcasecmp(href + n - strlen(ext[i]), ext[i]))
				ok = true;
		xmlFree(href);
		if (ok)
			return c;
	}
	return first;
}

/* A frame or shape read: into its paragraph, or, when anchored to the page between paragraphs,
 * held for the next paragraph to carry. */
static tb_status attach(odt_reader *r, xmlNodePtr n, tb_float *fl, tb_block *para,
                        const tb_rprops *rp)
{
	tb_inline *in;
	if (!para) {
		if (r->npending < ODT_MAX_PENDING) {
			r->pending[r->npending++] = fl;
		} else {
			unsigned line = 0, col = 0;
			tb_xml_node_pos(n, &line, &col);
			tb_warn(r->ctx, "layout.object-unsupported", r->part, line, col,
			        "Anchor the object to a paragraph instead of the page.",
			        "%s: more than %d objects are anchored to the page between two paragraphs; "
			        "this one is left out",
			        r->name, ODT_MAX_PENDING);
		}
		return TB_OK;
	}
	if (!(in = tb_block_add_inline(r->doc, para, TB_IN_FLOAT, rp)))
		return TB_ENOMEM;
	in->fl = fl;
	return TB_OK;
}

tb_status odt_frame(odt_reader *r, xmlNodePtr frame, tb_block *para, const tb_rprops *rp)
{
	char *anchor = odt_attr(frame, "anchor-type"), *v;
	xmlNodePtr img = odt_frame_image(frame), box = odt_child(frame, "text-box");
	tb_float *fl;
	tb_status st = TB_OK;
	unsigned col = 0;
	float f;
	if (!(fl = tb_doc_alloc(r->doc, sizeof(*fl)))) {
		xmlFree(anchor);
		return TB_ENOMEM;
	}
	tb_xml_node_pos(frame, &fl->line, &col);
	fl->part = r->part;
	fl->hrel = TB_REL_COLUMN;
	fl->vrel = anchor && !strcmp(anchor, "page") ? TB_REL_PAGE : TB_REL_PARAGRAPH;
	if (anchor && !strcmp(anchor, "page"))
		fl->hrel = TB_REL_PAGE;
	xmlFree(anchor);
	frame_style(r, frame, fl);
	if ((v = odt_attr(frame, "width"))) {
		if (odt_length(v, &f))
			fl->w = f;
		xmlFree(v);
	}
	if ((v = odt_attr(frame, "height")) || (v = odt_attr(frame, "min-height"))) {
		if (odt_length(v, &f))
			fl->h = f;
		xmlFree(v);
	}
	if ((v = odt_attr(frame, "x"))) {
		if (odt_length(v, &f))
			fl->x = f;
		xmlFree(v);
	}
	if ((v = odt_attr(frame, "y"))) {
		if (odt_length(v, &f))
			fl->y = f;
		xmlFree(v);
	}
	if (box) {
		if ((v = odt_attr(box, "min-height"))) {
			if (odt_length(v, &f) && f > fl->h)
				fl->h = f;
			xmlFree(v);
		}
		fl->autofit = true; /* ODF frames grow with their text unless fixed */
		if (r->depth < 32) {
			r->depth++;
			st = odt_read_story(r, box, &fl->content);
			r->depth--;
		}
	} else if (img) {
		char *href = odt_attr(img, "href");
		if (!(fl->picture = tb_doc_alloc(r->doc, sizeof(*fl->picture)))) {
			xmlFree(href);
			return TB_ENOMEM;
		}
		st = tb_doc_load_picture(r->ctx, r->doc, r->zip, r->name, r->part, frame, href, fl->w,
		                         fl->h, fl->picture);
		xmlFree(href);
	} else {
		/* Objects (formulas, charts) and other frame content: an empty box. */
		unsigned line = 0;
		tb_xml_node_pos(frame, &line, &col);
		tb_warn(r->ctx, "layout.object-unsupported", r->part, line, col,
		        "Insert the object as a picture (PNG or JPEG) if it must be printed.",
		        "%s: a frame's content cannot be drawn; an empty box is left in its place",
		        r->name);
	}
	return st != TB_OK ? st : attach(r, frame, fl, para, rp);
}

static float len_attr(xmlNodePtr n, const char *local)
{
	char *v = odt_attr(n, local);
	float f = 0;
	if (!odt_length(v, &f))
		f = 0;
	xmlFree(v);
	return f;
}

tb_status odt_shape(odt_reader *r, xmlNodePtr sh, tb_block *para, const tb_rprops *rp)
{
	char *anchor, *v;
	tb_float *fl;
	xmlNodePtr geo = odt_child(sh, "enhanced-geometry"), c;
	tb_status st = TB_OK;
	unsigned col = 0;
	if (odt_is(sh, "g")) {
		/* A group: each member is placed by the same anchor. */
		for (c = sh->children; c && st == TB_OK && r->depth < 32; c = c->next)
			if (odt_is(c, "custom-shape") || odt_is(c, "rect") || odt_is(c, "ellipse") ||
			    odt_is(c, "g") || odt_is(c, "frame")) {
				r->depth++;
				st = odt_is(c, "frame") ? odt_frame(r, c, para, rp) : odt_shape(r, c, para, rp);
				r->depth--;
			}
		return st;
	}
	if (!(fl = tb_doc_alloc(r->doc, sizeof(*fl))))
		return TB_ENOMEM;
	tb_xml_node_pos(sh, &fl->line, &col);
	fl->part = r->part;
	anchor = odt_attr(sh, "anchor-type");
	fl->hrel = anchor && !strcmp(anchor, "page") ? TB_REL_PAGE : TB_REL_COLUMN;
	fl->vrel = anchor && !strcmp(anchor, "page") ? TB_REL_PAGE : TB_REL_PARAGRAPH;
	fl->in_line = anchor && !strcmp(anchor, "as-char");
	xmlFree(anchor);
	/* Shapes have no fill or line unless their style says so; text insets default to
	 * LibreOffice's 0.125 / 0.25 cm. */
	fl->inset[0] = fl->inset[2] = 3.5f;
	fl->inset[1] = fl->inset[3] = 7.1f;
	frame_style(r, sh, fl);
	if (fl->in_line)
		fl->wrap = TB_WRAP_TOPBOTTOM; /* the line is as tall as the shape */
	fl->w = len_attr(sh, "width");
	fl->h = len_attr(sh, "height");
	fl->x = len_attr(sh, "x");
	fl->y = len_attr(sh, "y");
	if (odt_is(sh, "ellipse"))
		fl->shape = TB_SHAPE_ELLIPSE;
	else if ((v = odt_attr(geo, "type"))) {
		if (strstr(v, "ellipse"))
			fl->shape = TB_SHAPE_ELLIPSE;
		else if (strstr(v, "round-rect") || strstr(v, "roundRect"))
			fl->shape = TB_SHAPE_ROUNDRECT;
		xmlFree(v);
	}
	if (r->depth < 32) {
		r->depth++;
		st = odt_read_story(r, sh, &fl->content);
		r->depth--;
	}
	return st != TB_OK ? st : attach(r, sh, fl, para, rp);
}

tb_status odt_take_pending(odt_reader *r, tb_block *para)
{
	int i;
	for (i = 0; i < r->npending; i++) {
		tb_inline *in = tb_block_add_inline(r->doc, para, TB_IN_FLOAT, &para->pp.mark);
		if (!in)
			return TB_ENOMEM;
		in->fl = r->pending[i];
	}
	r->npending = 0;
	return TB_OK;
}
