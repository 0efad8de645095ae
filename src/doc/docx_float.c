/* docx_float.c: DOCX drawings and VML as floating objects and pictures: w:drawing with
 * wp:inline (a picture in the line) or wp:anchor (a tb_float: position, size, wrapping, and
 * a picture, a shape with a text box, or a group of them), mc:AlternateContent (the
 * DrawingML choice, else the VML fallback), and w:pict / w:object with v:shape, v:rect,
 * v:roundrect, v:oval, v:line, v:group, v:textbox and v:imagedata. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/ctx.h"
#include "core/xml.h"
#include "doc/docx.h"

#define EMU_PER_PT 12700.0f

static xmlNodePtr kid(xmlNodePtr n, const char *local)
{
	xmlNodePtr c;
	for (c = n ? n->children : NULL; c; c = c->next)
		if (docx_is(c, local))
			return c;
	return NULL;
}

static xmlNodePtr desc(xmlNodePtr n, const char *local, int depth)
{
	xmlNodePtr c, f;
	if (depth > 24)
		return NULL;
	for (c = n ? n->children : NULL; c; c = c->next) {
		if (docx_is(c, local))
			return c;
		if (c->type == XML_ELEMENT_NODE && (f = desc(c, local, depth + 1)))
			return f;
	}
	return NULL;
}

static float emu(xmlNodePtr n, const char *attr, float def)
{
	char *v = docx_attr(n, attr);
	float f = def;
	if (v) {
		char *end;
		double d = strtod(v, &end);
		if (end != v && d == d && fabs(d) < 1e12)
			f = (float)(d / EMU_PER_PT);
	}
	xmlFree(v);
	return f;
}

uint8_t docx_wrap_side(const char *v)
{
	/* wrapText (DrawingML) and side (VML w10:wrap); absent is both sides. */
	if (!v || !strcmp(v, "bothSides") || !strcmp(v, "both"))
		return TB_SIDE_BOTH;
	return !strcmp(v, "largest") ? TB_SIDE_LARGEST : !strcmp(v, "left") ? TB_SIDE_LEFT :
	       !strcmp(v, "right") ? TB_SIDE_RIGHT : TB_SIDE_BOTH;
}

static void note_pos(docx_reader *r, xmlNodePtr n, tb_float *fl)
{
	unsigned col = 0;
	tb_xml_node_pos(n, &fl->line, &col);
	fl->part = r->part;
}

static const char *picture_target(docx_reader *r, xmlNodePtr blip_or_imagedata)
{
	char *id = docx_attr(blip_or_imagedata, "embed");
	const char *t;
	size_t i;
	if (!id)
		id = docx_attr(blip_or_imagedata, "id"); /* v:imagedata r:id */
	t = NULL;
	for (i = 0; id && r->rels && i < r->rels->n; i++)
		if (r->rels->id[i] && !strcmp(r->rels->id[i], id))
			t = r->rels->target[i];
	if (!t && id) {
		/* Named in the warning: the relationship that leads nowhere. */
		char buf[160];
		snprintf(buf, sizeof(buf), "(relationship %.100s)", id);
		t = tb_doc_strdup(r->doc, buf);
	}
	xmlFree(id);
	return t;
}

static tb_status load_picture(docx_reader *r, xmlNodePtr at, const char *target, float w,
                              float h, tb_inline **out)
{
	tb_inline *pic = tb_doc_alloc(r->doc, sizeof(*pic));
	if (!pic)
		return TB_ENOMEM;
	*out = pic;
	return tb_doc_load_picture(r->ctx, r->doc, r->zip, r->name, r->part, at, target, w, h, pic);
}

/* ---- colours: a:srgbClr, a:schemeClr (the theme's colour scheme), a:prstClr ---- */

static bool scheme_color(docx_reader *r, const char *name, tb_rgb *out)
{
	xmlNodePtr n, c;
	if (!r->theme_xml || !name)
		return false;
	if (!strcmp(name, "tx1"))
		name = "dk1";
	else if (!strcmp(name, "bg1"))
		name = "lt1";
	else if (!strcmp(name, "tx2"))
		name = "dk2";
	else if (!strcmp(name, "bg2"))
		name = "lt2";
	n = desc(xmlDocGetRootElement(r->theme_xml), "clrScheme", 0);
	for (c = n ? n->children : NULL; c; c = c->next) {
		xmlNodePtr v;
		char *val;
		bool ok;
		if (!docx_is(c, name))
			continue;
		if ((v = kid(c, "srgbClr")))
			val = docx_attr(v, "val");
		else
			val = docx_attr(kid(c, "sysClr"), "lastClr");
		ok = tb_doc_parse_hex_color(val, out);
		xmlFree(val);
		return ok;
	}
	return false;
}

/* The colour inside a fill element (a:solidFill, a:ln's fill...). */
static bool dml_color(docx_reader *r, xmlNodePtr fill, tb_rgb *out)
{
	xmlNodePtr c;
	for (c = fill ? fill->children : NULL; c; c = c->next) {
		char *v = docx_attr(c, "val");
		bool ok = false;
		if (docx_is(c, "srgbClr"))
			ok = tb_doc_parse_hex_color(v, out);
		else if (docx_is(c, "schemeClr"))
			ok = scheme_color(r, v, out);
		else if (docx_is(c, "sysClr")) {
			char *l = docx_attr(c, "lastClr");
			ok = tb_doc_parse_hex_color(l, out);
			xmlFree(l);
		} else if (docx_is(c, "prstClr")) {
			ok = true;
			if (v && !strcmp(v, "white"))
				out->r = out->g = out->b = 255;
			else
				out->r = out->g = out->b = 0;
		}
		xmlFree(v);
		if (ok)
			return true;
	}
	return false;
}

/* wps:spPr (or pic:spPr): geometry, fill, outline; wps:style's references as defaults. */
static void shape_props(docx_reader *r, xmlNodePtr sppr, xmlNodePtr style, tb_float *fl)
{
	xmlNodePtr g = kid(sppr, "prstGeom"), ln = kid(sppr, "ln"), f;
	char *prst = docx_attr(g, "prst");
	if (prst) {
		if (!strcmp(prst, "ellipse"))
			fl->shape = TB_SHAPE_ELLIPSE;
		else if (!strcmp(prst, "roundRect"))
			fl->shape = TB_SHAPE_ROUNDRECT;
		else if (!strcmp(prst, "line") || !strncmp(prst, "straightConnector", 17))
			fl->shape = TB_SHAPE_LINE;
	}
	xmlFree(prst);
	/* Style references give the theme's accent fill and line unless spPr says otherwise. */
	if (style) {
		xmlNodePtr fr = kid(style, "fillRef"), lr = kid(style, "lnRef");
		if (fr && docx_attr_long(fr, "idx", 0) > 0 && dml_color(r, fr, &fl->fill))
			fl->has_fill = true;
		if (lr && docx_attr_long(lr, "idx", 0) > 0 && dml_color(r, lr, &fl->outline.color)) {
			fl->outline.width = 0.75f;
			fl->outline.style = 1;
		}
	}
	if ((f = kid(sppr, "solidFill")))
		fl->has_fill = dml_color(r, f, &fl->fill);
	else if (kid(sppr, "noFill"))
		fl->has_fill = false;
	else if ((f = kid(sppr, "gradFill")) && dml_color(r, desc(f, "gs", 0), &fl->fill))
		fl->has_fill = true; /* the first stop's colour */
	if (ln) {
		if (kid(ln, "noFill")) {
			fl->outline.width = 0;
			fl->outline.style = 0;
		} else {
			float w = emu(ln, "w", 0);
			if ((f = kid(ln, "solidFill")) && dml_color(r, f, &fl->outline.color) &&
			    !fl->outline.width)
				fl->outline.width = 0.75f;
			if (w > 0)
				fl->outline.width = w;
			if (fl->outline.width > 0)
				fl->outline.style = kid(ln, "prstDash") ? 2 : 1;
		}
	}
	{
		xmlNodePtr x = kid(sppr, "xfrm");
		char *fh = docx_attr(x, "flipH"), *fv = docx_attr(x, "flipV");
		fl->flip_h = fh && (!strcmp(fh, "1") || !strcmp(fh, "true"));
		fl->flip_v = fv && (!strcmp(fv, "1") || !strcmp(fv, "true"));
		xmlFree(fh);
		xmlFree(fv);
	}
}

/* wps:wsp: a shape, with its text box when it has one. */
static tb_status read_wsp(docx_reader *r, xmlNodePtr wsp, tb_float *fl)
{
	xmlNodePtr txbx = kid(wsp, "txbx"), body = kid(wsp, "bodyPr");
	xmlNodePtr content = kid(txbx, "txbxContent");
	char *anchor = docx_attr(body, "anchor");
	shape_props(r, kid(wsp, "spPr"), kid(wsp, "style"), fl);
	fl->inset[0] = emu(body, "tIns", 3.6f);
	fl->inset[1] = emu(body, "lIns", 7.2f);
	fl->inset[2] = emu(body, "bIns", 3.6f);
	fl->inset[3] = emu(body, "rIns", 7.2f);
	fl->text_valign = !anchor ? TB_VALIGN_TOP : !strcmp(anchor, "ctr") ? TB_VALIGN_CENTER :
	                  !strcmp(anchor, "b") ? TB_VALIGN_BOTTOM : TB_VALIGN_TOP;
	xmlFree(anchor);
	fl->autofit = kid(body, "spAutoFit") != NULL;
	if (content)
		return docx_read_story(r, content, &fl->content);
	return TB_OK;
}

/* pic:pic: a picture filling the object. */
static tb_status read_pic(docx_reader *r, xmlNodePtr pic, tb_float *fl)
{
	xmlNodePtr blip = desc(pic, "blip", 0);
	shape_props(r, kid(pic, "spPr"), NULL, fl);
	return load_picture(r, pic, picture_target(r, blip), fl->w, fl->h, &fl->picture);
}

static tb_status read_graphic(docx_reader *r, xmlNodePtr gd, tb_float *fl, int depth);

/* wpg:wgp / wpg:grpSp: members placed in the group's child coordinates. */
static tb_status read_group(docx_reader *r, xmlNodePtr grp, tb_float *fl, int depth)
{
	xmlNodePtr x = kid(kid(grp, "grpSpPr"), "xfrm"), c;
	float offx = emu(kid(x, "off"), "x", 0), offy = emu(kid(x, "off"), "y", 0);
	float cx = emu(kid(x, "chOff"), "x", 0), cy = emu(kid(x, "chOff"), "y", 0);
	float ew = emu(kid(x, "ext"), "cx", fl->w), eh = emu(kid(x, "ext"), "cy", fl->h);
	float cw = emu(kid(x, "chExt"), "cx", ew), ch = emu(kid(x, "chExt"), "cy", eh);
	float sx = cw > 0 ? fl->w / cw : 1, sy = ch > 0 ? fl->h / ch : 1;
	tb_float *last = NULL;
	tb_status st = TB_OK;
	(void)offx;
	(void)offy;
	if (depth > 6)
		return TB_OK;
	for (c = grp->children; c && st == TB_OK; c = c->next) {
		xmlNodePtr cxfrm;
		tb_float *m;
		if (!docx_is(c, "wsp") && !docx_is(c, "pic") && !docx_is(c, "grpSp"))
			continue;
		if (!(m = tb_doc_alloc(r->doc, sizeof(*m))))
			return TB_ENOMEM;
		note_pos(r, c, m);
		cxfrm = docx_is(c, "grpSp") ? kid(kid(c, "grpSpPr"), "xfrm") : kid(kid(c, "spPr"), "xfrm");
		m->x = (emu(kid(cxfrm, "off"), "x", 0) - cx) * sx;
		m->y = (emu(kid(cxfrm, "off"), "y", 0) - cy) * sy;
		m->w = emu(kid(cxfrm, "ext"), "cx", 0) * sx;
		m->h = emu(kid(cxfrm, "ext"), "cy", 0) * sy;
		if (docx_is(c, "wsp"))
			st = read_wsp(r, c, m);
		else if (docx_is(c, "pic"))
			st = read_pic(r, c, m);
		else
			st = read_group(r, c, m, depth + 1);
		if (last)
			last->next_in_group = m;
		else
			fl->group = m;
		last = m;
	}
	return st;
}

static tb_status read_graphic(docx_reader *r, xmlNodePtr gd, tb_float *fl, int depth)
{
	xmlNodePtr c;
	for (c = gd ? gd->children : NULL; c; c = c->next) {
		if (docx_is(c, "wsp"))
			return read_wsp(r, c, fl);
		if (docx_is(c, "pic"))
			return read_pic(r, c, fl);
		if (docx_is(c, "wgp"))
			return read_group(r, c, fl, depth);
	}
	/* Charts, SmartArt, canvases, ink: their box stays empty. */
	if (gd) {
		unsigned line = 0, col = 0;
		char *uri = docx_attr(gd, "uri");
		tb_xml_node_pos(gd, &line, &col);
		tb_warn(r->ctx, "layout.object-unsupported", r->part, line, col,
		        "Insert the object as a picture (PNG or JPEG) if it must be printed.",
		        "%s: a drawing object (%s) cannot be drawn; an empty box is left in its place",
		        r->name, uri ? uri : "unknown kind");
		xmlFree(uri);
	}
	return TB_OK;
}

static int rel_h(const char *v)
{
	if (!v)
		return TB_REL_COLUMN;
	if (!strcmp(v, "page") || !strcmp(v, "leftMargin") || !strcmp(v, "rightMargin") ||
	    !strcmp(v, "insideMargin") || !strcmp(v, "outsideMargin"))
		return TB_REL_PAGE;
	if (!strcmp(v, "margin"))
		return TB_REL_MARGIN;
	if (!strcmp(v, "character"))
		return TB_REL_CHAR;
	return TB_REL_COLUMN;
}

static int rel_v(const char *v)
{
	if (!v)
		return TB_REL_PARAGRAPH;
	if (!strcmp(v, "page") || !strcmp(v, "topMargin") || !strcmp(v, "bottomMargin") ||
	    !strcmp(v, "insideMargin") || !strcmp(v, "outsideMargin"))
		return TB_REL_PAGE;
	if (!strcmp(v, "margin"))
		return TB_REL_MARGIN;
	if (!strcmp(v, "line"))
		return TB_REL_LINE;
	return TB_REL_PARAGRAPH;
}

int docx_float_align(const char *v)
{
	if (!v)
		return TB_FALIGN_NONE;
	if (!strcmp(v, "left") || !strcmp(v, "top") || !strcmp(v, "inside"))
		return TB_FALIGN_START;
	if (!strcmp(v, "center"))
		return TB_FALIGN_CENTER;
	if (!strcmp(v, "right") || !strcmp(v, "bottom") || !strcmp(v, "outside"))
		return TB_FALIGN_END;
	return TB_FALIGN_NONE;
}

static void read_position(xmlNodePtr pos, bool horizontal, tb_float *fl)
{
	char *rel = docx_attr(pos, "relativeFrom");
	xmlNodePtr a = kid(pos, "align"), o = kid(pos, "posOffset");
	int al = TB_FALIGN_NONE;
	float off = 0;
	if (a) {
		xmlChar *t = xmlNodeGetContent(a);
		al = docx_float_align((const char *)t);
		xmlFree(t);
	} else if (o) {
		xmlChar *t = xmlNodeGetContent(o);
		double d = t ? strtod((const char *)t, NULL) : 0;
		if (d == d && fabs(d) < 1e12)
			off = (float)(d / EMU_PER_PT);
		xmlFree(t);
	}
	if (horizontal) {
		fl->hrel = (uint8_t)rel_h(rel);
		fl->halign = (uint8_t)al;
		fl->x = off;
	} else {
		fl->vrel = (uint8_t)rel_v(rel);
		fl->valign = (uint8_t)al;
		fl->y = off;
	}
	xmlFree(rel);
}

static tb_status add_float(docx_reader *r, tb_block *para, const tb_rprops *rp, tb_float *fl)
{
	tb_inline *in = tb_block_add_inline(r->doc, para, TB_IN_FLOAT, rp);
	if (!in)
		return TB_ENOMEM;
	in->fl = fl;
	return TB_OK;
}

tb_status docx_drawing(docx_reader *r, xmlNodePtr drawing, tb_block *para, const tb_rprops *rp)
{
	xmlNodePtr anchor = kid(drawing, "anchor"), inl = kid(drawing, "inline"), c;
	xmlNodePtr box = anchor ? anchor : inl;
	xmlNodePtr gd = desc(box, "graphicData", 0), ext = kid(box, "extent");
	tb_float *fl;
	tb_status st;
	char *behind;
	if (!box)
		return TB_OK;
	if (inl && kid(gd, "pic")) {
		/* A picture in the line. */
		tb_inline *in = tb_block_add_inline(r->doc, para, TB_IN_IMAGE, rp);
		if (!in)
			return TB_ENOMEM;
		return tb_doc_load_picture(r->ctx, r->doc, r->zip, r->name, r->part, drawing,
		                           picture_target(r, desc(gd, "blip", 0)), emu(ext, "cx", 0),
		                           emu(ext, "cy", 0), in);
	}
	if (!(fl = tb_doc_alloc(r->doc, sizeof(*fl))))
		return TB_ENOMEM;
	note_pos(r, drawing, fl);
	fl->w = emu(ext, "cx", 0);
	fl->h = emu(ext, "cy", 0);
	if (anchor) {
		read_position(kid(anchor, "positionH"), true, fl);
		read_position(kid(anchor, "positionV"), false, fl);
		fl->dist[0] = emu(anchor, "distT", 0);
		fl->dist[1] = emu(anchor, "distL", 0);
		fl->dist[2] = emu(anchor, "distB", 0);
		fl->dist[3] = emu(anchor, "distR", 0);
		behind = docx_attr(anchor, "behindDoc");
		fl->wrap = behind && (!strcmp(behind, "1") || !strcmp(behind, "true")) ?
		           TB_WRAP_BEHIND : TB_WRAP_FRONT;
		xmlFree(behind);
		for (c = anchor->children; c; c = c->next) {
			if (docx_is(c, "wrapSquare") || docx_is(c, "wrapTight") || docx_is(c, "wrapThrough")) {
				char *side = docx_attr(c, "wrapText");
				fl->wrap = TB_WRAP_SQUARE;
				fl->wrap_side = docx_wrap_side(side);
				xmlFree(side);
			}
			else if (docx_is(c, "wrapTopAndBottom"))
				fl->wrap = TB_WRAP_TOPBOTTOM;
		}
	} else {
		/* An inline shape or group: kept in place above the following text. */
		fl->in_line = true;
		fl->hrel = TB_REL_COLUMN;
		fl->vrel = TB_REL_PARAGRAPH;
		fl->wrap = TB_WRAP_TOPBOTTOM;
	}
	if ((st = read_graphic(r, gd, fl, 0)) != TB_OK)
		return st;
	return add_float(r, para, rp, fl);
}

/* ---- VML ---- */

/* A CSS-like length of a VML style ("12pt", "1.5in", "20mm", "100" = px... in practice pt). */
static float vml_len(const char *s, size_t n)
{
	char buf[64];
	char *end;
	double v;
	if (n >= sizeof(buf))
		n = sizeof(buf) - 1;
	memcpy(buf, s, n);
	buf[n] = 0;
	v = strtod(buf, &end);
	if (end == buf || v != v || fabs(v) > 1e7)
		return 0;
	while (*end == ' ')
		end++;
	if (!strncmp(end, "in", 2))
		v *= 72;
	else if (!strncmp(end, "cm", 2))
		v *= 72 / 2.54;
	else if (!strncmp(end, "mm", 2))
		v *= 72 / 25.4;
	else if (!strncmp(end, "px", 2))
		v *= 0.75;
	else if (!strncmp(end, "emu", 3))
		v /= EMU_PER_PT;
	else if (strncmp(end, "pt", 2) && *end)
		return 0;
	else if (!*end)
		v *= 0.75; /* unitless VML lengths are pixels */
	return (float)v;
}

/* The value of `key` in a style string ("a:b;c:d"), or NULL; *n its length. */
static const char *style_get(const char *style, const char *key, size_t *n)
{
	size_t kl = strlen(key);
	const char *p = style;
	while (p && *p) {
		const char *semi = strchr(p, ';'), *colon;
		size_t len = semi ? (size_t)(semi - p) : strlen(p);
		while (len && (*p == ' ' || *p == '\n' || *p == '\t')) {
			p++;
			len--;
		}
		colon = memchr(p, ':', len);
		if (colon && (size_t)(colon - p) == kl && !strncmp(p, key, kl)) {
			*n = len - kl - 1;
			return colon + 1;
		}
		p = semi ? semi + 1 : NULL;
	}
	return NULL;
}

static bool style_is(const char *style, const char *key, const char *val)
{
	size_t n;
	const char *v = style_get(style, key, &n);
	return v && n == strlen(val) && !strncmp(v, val, n);
}

static bool vml_color(const char *v, tb_rgb *out)
{
	static const struct { const char *name; uint8_t r, g, b; } named[] = {
		{"black", 0, 0, 0}, {"white", 255, 255, 255}, {"red", 255, 0, 0},
		{"green", 0, 128, 0}, {"blue", 0, 0, 255}, {"yellow", 255, 255, 0},
		{"gray", 128, 128, 128}, {"silver", 192, 192, 192}, {"window", 255, 255, 255},
		{"windowText", 0, 0, 0}};
	size_t i;
	char buf[8];
	if (!v)
		return false;
	if (v[0] == '#') {
		size_t n = strcspn(v + 1, " [");
		if (n == 3) { /* #rgb */
			buf[0] = buf[1] = v[1];
			buf[2] = buf[3] = v[2];
			buf[4] = buf[5] = v[3];
			buf[6] = 0;
			return tb_doc_parse_hex_color(buf, out);
		}
		if (n == 6) {
			memcpy(buf, v + 1, 6);
			buf[6] = 0;
			return tb_doc_parse_hex_color(buf, out);
		}
		return false;
	}
	for (i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		if (!strncmp(v, named[i].name, strlen(named[i].name))) {
			out->r = named[i].r;
			out->g = named[i].g;
			out->b = named[i].b;
			return true;
		}
	return false;
}

static bool vml_false(const char *v)
{
	return v && (!strcmp(v, "f") || !strcmp(v, "false") || !strcmp(v, "0"));
}

/* One VML shape: fills fl from its attributes, style, v:fill/v:stroke, v:textbox and
 * v:imagedata. */
static tb_status vml_shape(docx_reader *r, xmlNodePtr sh, tb_float *fl, const char *style)
{
	char *filled = docx_attr(sh, "filled"), *fillc = docx_attr(sh, "fillcolor");
	char *stroked = docx_attr(sh, "stroked"), *strokec = docx_attr(sh, "strokecolor");
	char *weight = docx_attr(sh, "strokeweight");
	xmlNodePtr tb = kid(sh, "textbox"), img = kid(sh, "imagedata"), fill = kid(sh, "fill");
	xmlNodePtr stroke = kid(sh, "stroke");
	tb_status st = TB_OK;
	size_t n;
	const char *v;
	if (docx_is(sh, "oval"))
		fl->shape = TB_SHAPE_ELLIPSE;
	else if (docx_is(sh, "roundrect"))
		fl->shape = TB_SHAPE_ROUNDRECT;
	else if (docx_is(sh, "line"))
		fl->shape = TB_SHAPE_LINE;
	/* Fill: white unless filled="f"; stroke: black 0.75 pt unless stroked="f". Pictures
	 * have neither by default. */
	fl->has_fill = !img && !vml_false(filled) && fl->shape != TB_SHAPE_LINE;
	fl->fill.r = fl->fill.g = fl->fill.b = 255;
	if (fillc)
		vml_color(fillc, &fl->fill);
	if (fill) {
		char *on = docx_attr(fill, "on"), *c = docx_attr(fill, "color");
		if (vml_false(on))
			fl->has_fill = false;
		if (c)
			vml_color(c, &fl->fill);
		xmlFree(on);
		xmlFree(c);
	}
	if (!img && !vml_false(stroked)) {
		fl->outline.width = 0.75f;
		fl->outline.style = 1;
		if (strokec)
			vml_color(strokec, &fl->outline.color);
		if (weight && vml_len(weight, strlen(weight)) > 0)
			fl->outline.width = vml_len(weight, strlen(weight));
		if (stroke) {
			char *on = docx_attr(stroke, "on"), *dash = docx_attr(stroke, "dashstyle");
			if (vml_false(on))
				fl->outline.width = 0, fl->outline.style = 0;
			else if (dash && strcmp(dash, "solid"))
				fl->outline.style = 2;
			xmlFree(on);
			xmlFree(dash);
		}
	}
	xmlFree(filled);
	xmlFree(fillc);
	xmlFree(stroked);
	xmlFree(strokec);
	xmlFree(weight);
	fl->inset[0] = 3.6f;
	fl->inset[1] = 7.2f;
	fl->inset[2] = 3.6f;
	fl->inset[3] = 7.2f;
	if (tb) {
		char *inset = docx_attr(tb, "inset"), *ts = docx_attr(tb, "style");
		if (inset) {
			/* "left,top,right,bottom", empty parts keep their default */
			const char *p = inset;
			int k;
			static const int idx[4] = {1, 0, 3, 2};
			for (k = 0; k < 4 && p; k++) {
				const char *comma = strchr(p, ',');
				size_t len = comma ? (size_t)(comma - p) : strlen(p);
				if (len)
					fl->inset[idx[k]] = vml_len(p, len);
				p = comma ? comma + 1 : NULL;
			}
		}
		if (ts && style_is(ts, "mso-fit-shape-to-text", "t"))
			fl->autofit = true;
		xmlFree(inset);
		xmlFree(ts);
		if (kid(tb, "txbxContent"))
			st = docx_read_story(r, kid(tb, "txbxContent"), &fl->content);
	}
	if ((v = style_get(style, "v-text-anchor", &n)))
		fl->text_valign = !strncmp(v, "middle", 6) ? TB_VALIGN_CENTER :
		                  !strncmp(v, "bottom", 6) ? TB_VALIGN_BOTTOM : TB_VALIGN_TOP;
	if (st == TB_OK && img)
		st = load_picture(r, sh, picture_target(r, img), fl->w, fl->h, &fl->picture);
	return st;
}

static void vml_geometry(const char *style, tb_float *fl)
{
	size_t n;
	const char *v;
	if ((v = style_get(style, "width", &n)))
		fl->w = vml_len(v, n);
	if ((v = style_get(style, "height", &n)))
		fl->h = vml_len(v, n);
	if ((v = style_get(style, "margin-left", &n)) || (v = style_get(style, "left", &n)))
		fl->x = vml_len(v, n);
	if ((v = style_get(style, "margin-top", &n)) || (v = style_get(style, "top", &n)))
		fl->y = vml_len(v, n);
	fl->hrel = TB_REL_COLUMN;
	fl->vrel = TB_REL_PARAGRAPH;
	if (style_is(style, "mso-position-horizontal-relative", "page"))
		fl->hrel = TB_REL_PAGE;
	else if (style_is(style, "mso-position-horizontal-relative", "margin"))
		fl->hrel = TB_REL_MARGIN;
	if (style_is(style, "mso-position-vertical-relative", "page"))
		fl->vrel = TB_REL_PAGE;
	else if (style_is(style, "mso-position-vertical-relative", "margin"))
		fl->vrel = TB_REL_MARGIN;
	else if (style_is(style, "mso-position-vertical-relative", "line"))
		fl->vrel = TB_REL_LINE;
	if ((v = style_get(style, "mso-position-horizontal", &n))) {
		char b[16];
		snprintf(b, sizeof(b), "%.*s", (int)(n < 15 ? n : 15), v);
		fl->halign = (uint8_t)docx_float_align(b);
	}
	if ((v = style_get(style, "mso-position-vertical", &n))) {
		char b[16];
		snprintf(b, sizeof(b), "%.*s", (int)(n < 15 ? n : 15), v);
		fl->valign = (uint8_t)docx_float_align(b);
	}
}

static tb_status vml_object(docx_reader *r, xmlNodePtr sh, tb_float *fl, int depth);

/* v:group: children in the group's coordinate space (coordorigin, coordsize). */
static tb_status vml_group(docx_reader *r, xmlNodePtr g, tb_float *fl, int depth)
{
	char *co = docx_attr(g, "coordorigin"), *cs = docx_attr(g, "coordsize");
	float ox = 0, oy = 0, cw = 1000, ch = 1000, sx, sy;
	tb_float *last = NULL;
	xmlNodePtr c;
	tb_status st = TB_OK;
	if (co)
		sscanf(co, "%f,%f", &ox, &oy);
	if (cs)
		sscanf(cs, "%f,%f", &cw, &ch);
	xmlFree(co);
	xmlFree(cs);
	sx = cw > 0 ? fl->w / cw : 1;
	sy = ch > 0 ? fl->h / ch : 1;
	for (c = g->children; c && st == TB_OK && depth < 6; c = c->next) {
		char *style;
		tb_float *m;
		size_t n;
		const char *v;
		if (!docx_is(c, "shape") && !docx_is(c, "rect") && !docx_is(c, "roundrect") &&
		    !docx_is(c, "oval") && !docx_is(c, "line") && !docx_is(c, "group") &&
		    !docx_is(c, "shapetype"))
			continue;
		if (docx_is(c, "shapetype"))
			continue;
		if (!(m = tb_doc_alloc(r->doc, sizeof(*m))))
			return TB_ENOMEM;
		note_pos(r, c, m);
		style = docx_attr(c, "style");
		/* Members give left/top/width/height in group units, without a unit. */
		if ((v = style_get(style, "left", &n)))
			m->x = ((float)strtod(v, NULL) - ox) * sx;
		if ((v = style_get(style, "top", &n)))
			m->y = ((float)strtod(v, NULL) - oy) * sy;
		if ((v = style_get(style, "width", &n)))
			m->w = (float)strtod(v, NULL) * sx;
		if ((v = style_get(style, "height", &n)))
			m->h = (float)strtod(v, NULL) * sy;
		if (docx_is(c, "group"))
			st = vml_group(r, c, m, depth + 1);
		else
			st = vml_shape(r, c, m, style);
		xmlFree(style);
		if (last)
			last->next_in_group = m;
		else
			fl->group = m;
		last = m;
	}
	return st;
}

static tb_status vml_object(docx_reader *r, xmlNodePtr sh, tb_float *fl, int depth)
{
	char *style = docx_attr(sh, "style");
	xmlNodePtr wrap = kid(sh, "wrap");
	tb_status st;
	size_t n;
	const char *z;
	vml_geometry(style, fl);
	fl->wrap = TB_WRAP_FRONT;
	if ((z = style_get(style, "z-index", &n)) && *z == '-')
		fl->wrap = TB_WRAP_BEHIND;
	if (wrap) {
		char *t = docx_attr(wrap, "type");
		if (t && (!strcmp(t, "square") || !strcmp(t, "tight") || !strcmp(t, "through"))) {
			char *side = docx_attr(wrap, "side");
			fl->wrap = TB_WRAP_SQUARE;
			fl->wrap_side = docx_wrap_side(side);
			xmlFree(side);
		}
		else if (t && !strcmp(t, "topAndBottom"))
			fl->wrap = TB_WRAP_TOPBOTTOM;
		xmlFree(t);
	}
	if (docx_is(sh, "line")) {
		/* from="x,y" to="x,y" */
		char *from = docx_attr(sh, "from"), *to = docx_attr(sh, "to");
		float x1 = 0, y1 = 0, x2 = 0, y2 = 0;
		if (from)
			sscanf(from, "%fpt,%fpt", &x1, &y1);
		if (to)
			sscanf(to, "%fpt,%fpt", &x2, &y2);
		fl->x = x1 < x2 ? x1 : x2;
		fl->y = y1 < y2 ? y1 : y2;
		fl->w = fabsf(x2 - x1);
		fl->h = fabsf(y2 - y1);
		fl->flip_h = x2 < x1;
		fl->flip_v = y2 < y1;
		xmlFree(from);
		xmlFree(to);
	}
	if (docx_is(sh, "group"))
		st = vml_group(r, sh, fl, depth);
	else
		st = vml_shape(r, sh, fl, style);
	xmlFree(style);
	return st;
}

tb_status docx_pict(docx_reader *r, xmlNodePtr pict, tb_block *para, const tb_rprops *rp)
{
	xmlNodePtr c;
	tb_status st = TB_OK;
	bool any = false;
	for (c = pict->children; c && st == TB_OK; c = c->next) {
		char *style;
		tb_float *fl;
		bool absolute;
		if (docx_is(c, "shapetype") || docx_is(c, "control"))
			any = true; /* definitions and form controls draw nothing of their own */
		if (!docx_is(c, "shape") && !docx_is(c, "rect") && !docx_is(c, "roundrect") &&
		    !docx_is(c, "oval") && !docx_is(c, "line") && !docx_is(c, "group"))
			continue;
		any = true;
		style = docx_attr(c, "style");
		absolute = style && style_is(style, "position", "absolute");
		if (!absolute && kid(c, "imagedata") && !kid(c, "textbox")) {
			/* An inline picture (OLE objects show their preview this way). */
			tb_float tmp;
			tb_inline *in;
			memset(&tmp, 0, sizeof(tmp));
			vml_geometry(style, &tmp);
			xmlFree(style);
			if (!(in = tb_block_add_inline(r->doc, para, TB_IN_IMAGE, rp)))
				return TB_ENOMEM;
			st = tb_doc_load_picture(r->ctx, r->doc, r->zip, r->name, r->part, c,
			                         picture_target(r, kid(c, "imagedata")), tmp.w, tmp.h, in);
			continue;
		}
		xmlFree(style);
		if (!(fl = tb_doc_alloc(r->doc, sizeof(*fl))))
			return TB_ENOMEM;
		note_pos(r, c, fl);
		if ((st = vml_object(r, c, fl, 0)) != TB_OK)
			return st;
		if (!absolute) {
			/* An inline text box: kept in place above the following text. */
			fl->hrel = TB_REL_COLUMN;
			fl->vrel = TB_REL_PARAGRAPH;
			fl->x = fl->y = 0;
			fl->wrap = TB_WRAP_TOPBOTTOM;
		}
		st = add_float(r, para, rp, fl);
	}
	if (!any && st == TB_OK) {
		/* An embedded object without a preview picture, or VML we do not read. */
		unsigned line = 0, col = 0;
		tb_xml_node_pos(pict, &line, &col);
		tb_warn(r->ctx, "layout.object-unsupported", r->part, line, col,
		        "Insert the object as a picture (PNG or JPEG) if it must be printed.",
		        "%s: an embedded object or drawing (%s) has nothing that can be drawn; it is "
		        "left out", r->name, (const char *)pict->name);
	}
	return st;
}

xmlNodePtr docx_alternate(xmlNodePtr ac)
{
	xmlNodePtr c;
	/* The DrawingML choice when it is a drawing we read, else the VML fallback. */
	for (c = ac->children; c; c = c->next)
		if (docx_is(c, "Choice") && desc(c, "drawing", 0))
			return c;
	for (c = ac->children; c; c = c->next)
		if (docx_is(c, "Fallback"))
			return c;
	for (c = ac->children; c; c = c->next)
		if (docx_is(c, "Choice"))
			return c;
	return NULL;
}
