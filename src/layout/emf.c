/* emf.c: EMF and WMF pictures drawn as vectors: a small interpreter of the records Office
 * and WPS pictures use (mapping modes, window/viewport, world transform, pens, brushes,
 * fonts, lines, rectangles, ellipses, polygons, Bézier curves, paths, text, clipping to a
 * rectangle) into paths, rules and glyph runs, and embedded device-independent bitmaps into
 * BMP images. The whole picture is clipped to its box. What the interpreter skips (raster
 * operations, regions, EMF+ records: EMF's own records follow them) draws nothing; a
 * metafile it cannot read at all keeps its empty box, with a warning that names the part.
 * Everything is bounded: records, objects, points, text. */
#include <iconv.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/ctx.h"
#include "core/utf8.h"
#include "layout/lay.h"

#define MAX_RECORDS 200000
#define MAX_OBJECTS 1024
#define MAX_POINTS 100000
#define MAX_SAVES 32
#define MAX_TEXT 2000

enum { OBJ_NONE, OBJ_PEN, OBJ_BRUSH, OBJ_FONT };

typedef struct gobj {
	uint8_t kind;
	tb_rgb color;
	bool null;          /* PS_NULL pen, BS_NULL brush */
	float width;        /* pen width, logical units */
	uint8_t dashed;
	float height;       /* font height, logical units (negative: character height) */
	int weight, italic, charset;
	float escapement;
	char face[64];
} gobj;

typedef struct xform {
	float m11, m12, m21, m22, dx, dy;
} xform;

typedef struct dc {
	float wox, woy, wex, wey;   /* window origin and extent */
	float vox, voy, vex, vey;   /* viewport origin and extent */
	int map_mode;
	xform world;
	gobj pen, brush, font;
	tb_rgb text_color;
	unsigned text_align;
	bool winding;
	float cx, cy;               /* current position (logical) */
	bool clipped;               /* an IntersectClipRect is in force (one CLIP pushed) */
} dc;

typedef struct mf {
	lay_ctx *L;
	tb_dl_page *items;
	const unsigned char *d;
	size_t n;
	bool wmf;
	float bx, by, bw, bh;       /* the box on the page */
	float fx, fy, fw, fh;       /* the picture's frame in device units (EMF) or logical (WMF) */
	dc s;
	dc saves[MAX_SAVES];
	int nsaves;
	int clips;                  /* CLIP items open */
	gobj *obj;
	size_t nobj;
	/* the path being built (EMF BeginPath ... EndPath), or one primitive */
	uint8_t *ops;
	tb_dl_point *pts;
	size_t nops, npts, capops, cappts;
	bool in_path;
	bool failed;                /* out of memory */
} mf;

static uint32_t u32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int32_t i32(const unsigned char *p)
{
	return (int32_t)u32(p);
}

static uint16_t u16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static int16_t i16(const unsigned char *p)
{
	return (int16_t)u16(p);
}

static tb_rgb colorref(uint32_t c)
{
	tb_rgb r;
	r.r = (uint8_t)(c & 0xFF);
	r.g = (uint8_t)((c >> 8) & 0xFF);
	r.b = (uint8_t)((c >> 16) & 0xFF);
	return r;
}

/* ---- coordinates: logical → (world) → device → page ---- */

static void to_device(const mf *m, float x, float y, float *dx, float *dy)
{
	const dc *s = &m->s;
	float wx = x * s->world.m11 + y * s->world.m21 + s->world.dx;
	float wy = x * s->world.m12 + y * s->world.m22 + s->world.dy;
	if (m->wmf || s->map_mode == 1) { /* MM_TEXT: logical = device */
		*dx = wx;
		*dy = wy;
		return;
	}
	*dx = s->wex ? (wx - s->wox) * s->vex / s->wex + s->vox : wx;
	*dy = s->wey ? (wy - s->woy) * s->vey / s->wey + s->voy : wy;
}

static void to_page(const mf *m, float x, float y, float *px, float *py)
{
	float dx, dy;
	if (m->wmf) {
		/* WMF: the window (origin, extent) fills the box. */
		const dc *s = &m->s;
		float wex = s->wex ? s->wex : m->fw, wey = s->wey ? s->wey : m->fh;
		float wox = s->wex ? s->wox : m->fx, woy = s->wey ? s->woy : m->fy;
		*px = m->bx + (x - wox) * m->bw / (wex ? wex : 1);
		*py = m->by + (y - woy) * m->bh / (wey ? wey : 1);
		return;
	}
	to_device(m, x, y, &dx, &dy);
	*px = m->bx + (dx - m->fx) * m->bw / (m->fw ? m->fw : 1);
	*py = m->by + (dy - m->fy) * m->bh / (m->fh ? m->fh : 1);
}

/* Logical length → points (mean of the two axes' scales). */
static float scale_len(const mf *m, float l)
{
	float x0, y0, x1, y1, x2, y2;
	to_page(m, 0, 0, &x0, &y0);
	to_page(m, l, 0, &x1, &y1);
	to_page(m, 0, l, &x2, &y2);
	return (hypotf(x1 - x0, y1 - y0) + hypotf(x2 - x0, y2 - y0)) / 2;
}

/* ---- the path being built ---- */

static void add_op(mf *m, uint8_t op)
{
	if (m->failed || m->nops >= MAX_POINTS)
		return;
	if (m->nops == m->capops) {
		size_t cap = m->capops ? m->capops * 2 : 64;
		uint8_t *n = realloc(m->ops, cap);
		if (!n) {
			m->failed = true;
			return;
		}
		m->ops = n;
		m->capops = cap;
	}
	m->ops[m->nops++] = op;
}

static void add_pt(mf *m, float x, float y)
{
	if (m->failed || m->npts >= MAX_POINTS)
		return;
	if (m->npts == m->cappts) {
		size_t cap = m->cappts ? m->cappts * 2 : 64;
		tb_dl_point *n = realloc(m->pts, cap * sizeof(*n));
		if (!n) {
			m->failed = true;
			return;
		}
		m->pts = n;
		m->cappts = cap;
	}
	to_page(m, x, y, &m->pts[m->npts].x, &m->pts[m->npts].y);
	m->npts++;
}

static void move_to(mf *m, float x, float y)
{
	add_op(m, TB_DL_MOVE);
	add_pt(m, x, y);
	m->s.cx = x;
	m->s.cy = y;
}

static void line_to(mf *m, float x, float y)
{
	if (m->nops == 0 || m->ops[m->nops - 1] == TB_DL_CLOSE)
		move_to(m, m->s.cx, m->s.cy);
	add_op(m, TB_DL_LINE);
	add_pt(m, x, y);
	m->s.cx = x;
	m->s.cy = y;
}

static void curve_to(mf *m, float x1, float y1, float x2, float y2, float x3, float y3)
{
	if (m->nops == 0)
		move_to(m, m->s.cx, m->s.cy);
	add_op(m, TB_DL_CURVE);
	add_pt(m, x1, y1);
	add_pt(m, x2, y2);
	add_pt(m, x3, y3);
	m->s.cx = x3;
	m->s.cy = y3;
}

static void close_fig(mf *m)
{
	if (m->nops && m->ops[m->nops - 1] != TB_DL_CLOSE)
		add_op(m, TB_DL_CLOSE);
}

/* Paint the path built so far with the current pen and/or brush, then forget it. */
static void paint(mf *m, bool fill, bool stroke)
{
	tb_dl_item style;
	memset(&style, 0, sizeof(style));
	fill = fill && !m->s.brush.null && m->s.brush.kind == OBJ_BRUSH;
	stroke = stroke && !m->s.pen.null;
	if (m->nops && m->npts && (fill || stroke) && !m->failed) {
		float w = scale_len(m, m->s.pen.width);
		style.u.path.filled = fill;
		style.u.path.fill = m->s.brush.color;
		style.u.path.stroked = stroke;
		style.u.path.stroke = m->s.pen.color;
		style.u.path.width = w < 0.25f ? 0.25f : w; /* a cosmetic pen is one pixel */
		style.u.path.dashed = m->s.pen.dashed;
		style.u.path.even_odd = !m->s.winding;
		if (tb_dl_push_path(m->items, m->ops, m->nops, m->pts, m->npts, &style) != TB_OK)
			m->failed = true;
	}
	m->nops = m->npts = 0;
}

static void primitive_done(mf *m, bool fill, bool stroke)
{
	if (!m->in_path)
		paint(m, fill, stroke);
}

static void rect(mf *m, float l, float t, float r, float b)
{
	move_to(m, l, t);
	line_to(m, r, t);
	line_to(m, r, b);
	line_to(m, l, b);
	close_fig(m);
}

static void ellipse(mf *m, float l, float t, float r, float b)
{
	float cx = (l + r) / 2, cy = (t + b) / 2, rx = (r - l) / 2, ry = (b - t) / 2;
	float kx = rx * 0.5523f, ky = ry * 0.5523f;
	move_to(m, cx + rx, cy);
	curve_to(m, cx + rx, cy + ky, cx + kx, cy + ry, cx, cy + ry);
	curve_to(m, cx - kx, cy + ry, cx - rx, cy + ky, cx - rx, cy);
	curve_to(m, cx - rx, cy - ky, cx - kx, cy - ry, cx, cy - ry);
	curve_to(m, cx + kx, cy - ry, cx + rx, cy - ky, cx + rx, cy);
	close_fig(m);
}

/* ---- objects ---- */

static gobj *obj_slot(mf *m, size_t i)
{
	if (i >= MAX_OBJECTS)
		return NULL;
	if (i >= m->nobj) {
		gobj *n = realloc(m->obj, (i + 1) * sizeof(*n));
		if (!n) {
			m->failed = true;
			return NULL;
		}
		memset(n + m->nobj, 0, (i + 1 - m->nobj) * sizeof(*n));
		m->obj = n;
		m->nobj = i + 1;
	}
	return &m->obj[i];
}

/* WMF objects take the lowest free slot. */
static gobj *obj_new_wmf(mf *m)
{
	size_t i;
	for (i = 0; i < m->nobj; i++)
		if (m->obj[i].kind == OBJ_NONE)
			return &m->obj[i];
	return obj_slot(m, m->nobj);
}

static void select_obj(mf *m, uint32_t i)
{
	if (!m->wmf && (i & 0x80000000u)) {
		/* Stock objects: brushes 0-5, pens 6-8, fonts 10-17. */
		uint32_t k = i & 0xFF;
		if (k <= 5) {
			memset(&m->s.brush, 0, sizeof(gobj));
			m->s.brush.kind = OBJ_BRUSH;
			m->s.brush.null = k == 5;
			m->s.brush.color.r = m->s.brush.color.g = m->s.brush.color.b =
				k == 0 ? 255 : k == 1 ? 192 : k == 2 ? 128 : k == 3 ? 64 : 0;
		} else if (k <= 8) {
			memset(&m->s.pen, 0, sizeof(gobj));
			m->s.pen.kind = OBJ_PEN;
			m->s.pen.null = k == 8;
			if (k == 6)
				m->s.pen.color.r = m->s.pen.color.g = m->s.pen.color.b = 255;
		}
		return;
	}
	if (i >= m->nobj)
		return;
	switch (m->obj[i].kind) {
	case OBJ_PEN: m->s.pen = m->obj[i]; break;
	case OBJ_BRUSH: m->s.brush = m->obj[i]; break;
	case OBJ_FONT: m->s.font = m->obj[i]; break;
	default: break;
	}
}

static void make_pen(gobj *o, uint32_t style, float width, uint32_t color)
{
	memset(o, 0, sizeof(*o));
	o->kind = OBJ_PEN;
	o->null = (style & 0xF) == 5;
	o->dashed = (style & 0xF) >= 1 && (style & 0xF) <= 4;
	o->width = width;
	o->color = colorref(color);
}

static void make_brush(gobj *o, uint32_t style, uint32_t color)
{
	memset(o, 0, sizeof(*o));
	o->kind = OBJ_BRUSH;
	o->null = style == 1; /* BS_NULL; hatched and pattern brushes fill with their colour */
	o->color = colorref(color);
}

/* ---- text ---- */

static const char *charset_name(int cs)
{
	switch (cs) {
	case 128: return "SHIFT_JIS";
	case 129: return "CP949";
	case 134: return "GBK";
	case 136: return "BIG5";
	case 2: return NULL; /* SYMBOL_CHARSET */
	default: return "CP1252";
	}
}

/* 8-bit text of a WMF or EMF ANSI record, in the font's charset, to UTF-8. */
static size_t ansi_to_utf8(const char *cs, const unsigned char *s, size_t n, char *out,
                           size_t cap)
{
	iconv_t cd;
	char *in = (char *)s, *o = out;
	size_t il = n, ol = cap - 1, k;
	if (cs && (cd = iconv_open("UTF-8", cs)) != (iconv_t)-1) {
		while (il > 0 && ol > 0) {
			if (iconv(cd, &in, &il, &o, &ol) == (size_t)-1) {
				in++; /* skip an invalid byte */
				il--;
			}
		}
		iconv_close(cd);
		*o = 0;
		return (size_t)(o - out);
	}
	for (k = 0; k < n && (size_t)(o - out) + 4 < cap; k++)
		o += tb_utf8_encode(s[k], o);
	*o = 0;
	return (size_t)(o - out);
}

/* Draw text (UTF-8) at logical (x, y) with the current font, colour and alignment; dx (may
 * be NULL) gives the logical advance after each character. */
static void text_out(mf *m, float x, float y, const char *utf8, size_t len, const float *dx,
                     size_t ndx)
{
	lay_ctx *L = m->L;
	const gobj *f = &m->s.font;
	float size = scale_len(m, fabsf(f->height ? f->height : 12));
	bool sb = false;
	const tb_face *latin, *ea;
	bool sb_ea = false;
	float px, py, pen, base, total = 0, asc;
	uint32_t cps[MAX_TEXT];
	float adv[MAX_TEXT];
	size_t n = 0, i = 0, k;
	tb_dl_item it;
	if (size < 0.5f || size > 500)
		return;
	/* A positive height is the cell height: the character is about 0.85 of it. */
	if (f->height > 0)
		size *= 0.85f;
	latin = tb_fonts_resolve(L->fonts, f->face[0] ? f->face : NULL, f->weight >= 600, f->italic,
	                         TB_SCRIPT_LATIN, &sb);
	ea = tb_fonts_resolve(L->fonts, f->face[0] ? f->face : NULL, f->weight >= 600, f->italic,
	                      TB_SCRIPT_EAST_ASIAN, &sb_ea);
	while (i < len && n < MAX_TEXT) {
		int32_t c = tb_utf8_next(utf8, len, &i);
		if (c <= 0)
			continue;
		cps[n] = (uint32_t)c;
		adv[n] = 0;
		n++;
	}
	for (k = 0; k < n; k++) {
		const tb_face *face = tb_fonts_face_for(L->fonts, tb_cp_is_east_asian(cps[k]) ? ea : latin,
		                                        cps[k]);
		if (dx && k < ndx)
			adv[k] = scale_len(m, dx[k]);
		else if (face)
			adv[k] = tb_face_advance(face, cps[k], size);
		total += adv[k];
	}
	asc = latin ? tb_face_ascent(latin, size) : size * 0.8f;
	if (m->s.text_align & 1) { /* TA_UPDATECP */
		x = m->s.cx;
		y = m->s.cy;
	}
	to_page(m, x, y, &px, &py);
	switch (m->s.text_align & 6) {
	case 6: px -= total / 2; break; /* TA_CENTER */
	case 2: px -= total; break;     /* TA_RIGHT */
	default: break;
	}
	base = (m->s.text_align & 24) == 24 ? py :                      /* TA_BASELINE */
	       (m->s.text_align & 8) ? py - (latin ? tb_face_descent(latin, size) : size * 0.2f) :
	       py + asc;                                                   /* TA_TOP */
	pen = px;
	for (k = 0; k < n; k++) {
		/* One glyph run per face, as layout draws text. */
		const tb_face *face = tb_fonts_face_for(L->fonts, tb_cp_is_east_asian(cps[k]) ? ea : latin,
		                                        cps[k]);
		if (!face || cps[k] == ' ') {
			pen += adv[k];
			continue;
		}
		memset(&it, 0, sizeof(it));
		it.kind = TB_DL_GLYPHS;
		it.u.glyphs.face = face;
		it.u.glyphs.size = size;
		it.u.glyphs.y = base;
		it.u.glyphs.color = m->s.text_color;
		it.u.glyphs.synthetic_italic = f->italic && tb_cp_is_east_asian(cps[k]);
		it.u.glyphs.synthetic_bold = tb_cp_is_east_asian(cps[k]) ? sb_ea : sb;
		if (!(it.u.glyphs.glyphs = malloc(sizeof(tb_dl_glyph)))) {
			m->failed = true;
			return;
		}
		it.u.glyphs.glyphs[0].cp = cps[k];
		it.u.glyphs.glyphs[0].x = pen;
		it.u.glyphs.n = 1;
		/* Merge with the previous run when it is the same face, size and baseline. */
		if (m->items->n && m->items->items[m->items->n - 1].kind == TB_DL_GLYPHS) {
			tb_dl_item *prev = &m->items->items[m->items->n - 1];
			if (prev->u.glyphs.face == face && prev->u.glyphs.size == size &&
			    prev->u.glyphs.y == base && prev->u.glyphs.n < MAX_TEXT &&
			    prev->u.glyphs.synthetic_bold == it.u.glyphs.synthetic_bold &&
			    !memcmp(&prev->u.glyphs.color, &m->s.text_color, sizeof(tb_rgb))) {
				tb_dl_glyph *g = realloc(prev->u.glyphs.glyphs,
				                         (prev->u.glyphs.n + 1) * sizeof(tb_dl_glyph));
				if (g) {
					g[prev->u.glyphs.n++] = it.u.glyphs.glyphs[0];
					prev->u.glyphs.glyphs = g;
					free(it.u.glyphs.glyphs);
					pen += adv[k];
					continue;
				}
			}
		}
		if (tb_dl_push(m->items, &it) != TB_OK) {
			free(it.u.glyphs.glyphs);
			m->failed = true;
			return;
		}
		pen += adv[k];
	}
	if (m->s.text_align & 1)
		m->s.cx += total; /* roughly: in logical units only when the scale is one */
}

/* ---- bitmaps: a DIB (header + colours + bits) as a BMP file image ---- */

/* Size of a packed DIB's header and colour table (where its bits start). */
static size_t dib_header_len(const unsigned char *p, size_t n)
{
	size_t hs, colors, bpp;
	if (n < 12)
		return 0;
	hs = u32(p);
	if (hs == 12) /* BITMAPCOREHEADER: 3-byte colours */
		return n >= 12 ? 12 + (u16(p + 10) <= 8 ? ((size_t)1 << u16(p + 10)) * 3 : 0) : 0;
	if (hs < 40 || hs > n)
		return 0;
	bpp = u16(p + 14);
	colors = u32(p + 32);
	if (!colors && bpp <= 8)
		colors = (size_t)1 << bpp;
	if (colors > 256)
		colors = 256;
	hs += colors * 4;
	if (u32(p + 16) == 3 && u32(p) == 40)
		hs += 12; /* BI_BITFIELDS masks */
	return hs <= n ? hs : 0;
}

static void packed_dib(struct mf *m, const unsigned char *p, size_t n, float l, float t,
                       float w, float h);

static void dib(mf *m, const unsigned char *bmi, size_t bmi_len, const unsigned char *bits,
                size_t bits_len, float l, float t, float w, float h)
{
	tb_dl_item it;
	unsigned char *bmp;
	size_t len = 14 + bmi_len + bits_len;
	float x1, y1, x2, y2;
	if (bmi_len < 12 || bmi_len > (64u << 20) || bits_len > (256u << 20))
		return;
	if (!(bmp = malloc(len))) {
		m->failed = true;
		return;
	}
	bmp[0] = 'B';
	bmp[1] = 'M';
	bmp[2] = (unsigned char)len;
	bmp[3] = (unsigned char)(len >> 8);
	bmp[4] = (unsigned char)(len >> 16);
	bmp[5] = (unsigned char)(len >> 24);
	memset(bmp + 6, 0, 4);
	bmp[10] = (unsigned char)(14 + bmi_len);
	bmp[11] = (unsigned char)((14 + bmi_len) >> 8);
	bmp[12] = (unsigned char)((14 + bmi_len) >> 16);
	bmp[13] = (unsigned char)((14 + bmi_len) >> 24);
	memcpy(bmp + 14, bmi, bmi_len);
	memcpy(bmp + 14 + bmi_len, bits, bits_len);
	to_page(m, l, t, &x1, &y1);
	to_page(m, l + w, t + h, &x2, &y2);
	memset(&it, 0, sizeof(it));
	it.kind = TB_DL_IMAGE;
	it.u.image.x = x1 < x2 ? x1 : x2;
	it.u.image.y = y1 < y2 ? y1 : y2;
	it.u.image.w = fabsf(x2 - x1);
	it.u.image.h = fabsf(y2 - y1);
	it.u.image.format = TB_IMG_BMP;
	it.u.image.data = bmp;
	it.u.image.len = len;
	if (tb_dl_push(m->items, &it) != TB_OK) {
		free(bmp);
		m->failed = true;
	}
}

static void packed_dib(mf *m, const unsigned char *p, size_t n, float l, float t, float w,
                       float h)
{
	size_t hl = dib_header_len(p, n);
	if (hl)
		dib(m, p, hl, p + hl, n - hl, l, t, w, h);
}

static void clip_rect(mf *m, float l, float t, float r, float b)
{
	tb_dl_item it;
	float x1, y1, x2, y2;
	to_page(m, l, t, &x1, &y1);
	to_page(m, r, b, &x2, &y2);
	memset(&it, 0, sizeof(it));
	it.kind = TB_DL_CLIP;
	it.u.rect.x = x1 < x2 ? x1 : x2;
	it.u.rect.y = y1 < y2 ? y1 : y2;
	it.u.rect.w = fabsf(x2 - x1);
	it.u.rect.h = fabsf(y2 - y1);
	if (tb_dl_push(m->items, &it) != TB_OK)
		m->failed = true;
	else {
		m->clips++;
		m->s.clipped = true;
	}
}

static void clip_end(mf *m)
{
	tb_dl_item it;
	memset(&it, 0, sizeof(it));
	it.kind = TB_DL_CLIP_END;
	if (m->clips > 0 && tb_dl_push(m->items, &it) == TB_OK)
		m->clips--;
}

static void dc_default(dc *s)
{
	memset(s, 0, sizeof(*s));
	s->map_mode = 1;
	s->world.m11 = s->world.m22 = 1;
	s->wex = s->wey = s->vex = s->vey = 1;
	s->pen.kind = OBJ_PEN;
	s->pen.width = 1;
	s->brush.kind = OBJ_BRUSH;
	s->brush.color.r = s->brush.color.g = s->brush.color.b = 255;
	s->font.kind = OBJ_FONT;
	s->winding = false;
}

static void save_dc(mf *m)
{
	if (m->nsaves < MAX_SAVES)
		m->saves[m->nsaves++] = m->s;
}

static void restore_dc(mf *m, int rel)
{
	int k = rel < 0 ? -rel : 1;
	bool was_clipped = m->s.clipped;
	while (k-- > 0 && m->nsaves > 0)
		m->s = m->saves[--m->nsaves];
	/* A clip set after the save ends with the restore. */
	if (was_clipped && !m->s.clipped)
		while (m->clips > 0)
			clip_end(m);
}

/* ---- EMF ---- */

static void emf_poly(mf *m, const unsigned char *r, size_t size, int type)
{
	/* POLY*16 (85..89): bounds(16) count(4) points(4 each); 32-bit (2..6): 8 each. */
	bool small = type >= 85;
	size_t psz = small ? 4 : 8, cnt, i;
	if (size < 28)
		return;
	cnt = u32(r + 24);
	if (cnt > MAX_POINTS || 28 + cnt * psz > size)
		return;
#define PX(i) (small ? (float)i16(r + 28 + (i) * 4) : (float)i32(r + 28 + (i) * 8))
#define PY(i) (small ? (float)i16(r + 30 + (i) * 4) : (float)i32(r + 32 + (i) * 8))
	switch (type) {
	case 3: case 86: /* POLYGON */
	case 4: case 87: /* POLYLINE */
		for (i = 0; i < cnt; i++)
			(i ? line_to : move_to)(m, PX(i), PY(i));
		if (type == 3 || type == 86)
			close_fig(m);
		primitive_done(m, type == 3 || type == 86, true);
		break;
	case 6: case 89: /* POLYLINETO */
		for (i = 0; i < cnt; i++)
			line_to(m, PX(i), PY(i));
		primitive_done(m, false, true);
		break;
	case 2: case 85: /* POLYBEZIER: a start point, then triples */
		if (cnt < 1)
			break;
		move_to(m, PX(0), PY(0));
		for (i = 1; i + 2 < cnt; i += 3)
			curve_to(m, PX(i), PY(i), PX(i + 1), PY(i + 1), PX(i + 2), PY(i + 2));
		primitive_done(m, false, true);
		break;
	case 5: case 88: /* POLYBEZIERTO */
		for (i = 0; i + 2 < cnt; i += 3)
			curve_to(m, PX(i), PY(i), PX(i + 1), PY(i + 1), PX(i + 2), PY(i + 2));
		primitive_done(m, false, true);
		break;
	}
#undef PX
#undef PY
}

static void emf_polypoly(mf *m, const unsigned char *r, size_t size, int type)
{
	/* bounds(16) npolys(4) count(4) counts[npolys] points */
	bool small = type >= 90, polygon = type == 8 || type == 92;
	size_t np, cnt, i, k, base, off = 0, psz = small ? 4 : 8;
	if (size < 32)
		return;
	np = u32(r + 24);
	cnt = u32(r + 28);
	if (np > MAX_POINTS || cnt > MAX_POINTS || 32 + np * 4 + cnt * psz > size)
		return;
	base = 32 + np * 4;
	for (k = 0; k < np; k++) {
		size_t c = u32(r + 32 + k * 4);
		if (off + c > cnt)
			break;
		for (i = 0; i < c; i++) {
			size_t p = base + (off + i) * psz;
			float x = small ? (float)i16(r + p) : (float)i32(r + p);
			float y = small ? (float)i16(r + p + 2) : (float)i32(r + p + 4);
			(i ? line_to : move_to)(m, x, y);
		}
		if (polygon)
			close_fig(m);
		off += c;
	}
	primitive_done(m, polygon, true);
}

static void emf_text(mf *m, const unsigned char *r, size_t size, bool wide)
{
	/* bounds(16) gmode(4) exScale(4) eyScale(4), then EMRTEXT: ref(8) nChars(4) offString(4)
	 * options(4) rcl(16) offDx(4) */
	size_t nch, offs, offdx, i;
	float x, y, dx[MAX_TEXT];
	char buf[MAX_TEXT * 4 + 4];
	size_t len = 0;
	if (size < 76)
		return;
	x = (float)i32(r + 36);
	y = (float)i32(r + 40);
	nch = u32(r + 44);
	offs = u32(r + 48);
	offdx = u32(r + 72);
	if (nch > MAX_TEXT || offs > size || nch * (wide ? 2 : 1) > size - offs)
		return;
	if (wide) {
		for (i = 0; i < nch && len + 4 < sizeof(buf); i++) {
			uint32_t c = u16(r + offs + 2 * i);
			if (c >= 0xD800 && c < 0xDC00 && i + 1 < nch) {
				uint32_t lo = u16(r + offs + 2 * (i + 1));
				if (lo >= 0xDC00 && lo < 0xE000) {
					c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
					i++;
				}
			}
			len += tb_utf8_encode(c, buf + len);
		}
		buf[len] = 0;
	} else
		len = ansi_to_utf8(charset_name(m->s.font.charset), r + offs, nch, buf, sizeof(buf));
	if (offdx && offdx < size && nch * 4 <= size - offdx) {
		for (i = 0; i < nch; i++)
			dx[i] = (float)i32(r + offdx + 4 * i);
		text_out(m, x, y, buf, len, dx, wide ? nch : 0);
	} else
		text_out(m, x, y, buf, len, NULL, 0);
}

static void emf_font(mf *m, const unsigned char *r, size_t size)
{
	/* ihFont(4), LOGFONTW: height(4) width(4) esc(4) orient(4) weight(4) italic underline
	 * strike charset (1 each) ... facename (32 WCHAR at 28) */
	gobj *o;
	size_t i;
	if (size < 12 + 92 || !(o = obj_slot(m, u32(r + 8))))
		return;
	memset(o, 0, sizeof(*o));
	o->kind = OBJ_FONT;
	o->height = (float)i32(r + 12);
	o->escapement = (float)i32(r + 20) / 10.0f;
	o->weight = i32(r + 28);
	o->italic = r[32];
	o->charset = r[35];
	for (i = 0; i < 32; i++) {
		uint32_t c = u16(r + 40 + 2 * i);
		size_t l = strlen(o->face);
		if (!c || l + 5 > sizeof(o->face))
			break;
		o->face[l + tb_utf8_encode(c, o->face + l)] = 0;
	}
}

static void emf_record(mf *m, uint32_t type, const unsigned char *r, size_t size)
{
	gobj *o;
	switch (type) {
	case 9: if (size >= 16) { m->s.wex = (float)i32(r + 8); m->s.wey = (float)i32(r + 12); } break;
	case 10: if (size >= 16) { m->s.wox = (float)i32(r + 8); m->s.woy = (float)i32(r + 12); } break;
	case 11: if (size >= 16) { m->s.vex = (float)i32(r + 8); m->s.vey = (float)i32(r + 12); } break;
	case 12: if (size >= 16) { m->s.vox = (float)i32(r + 8); m->s.voy = (float)i32(r + 12); } break;
	case 17: if (size >= 12) m->s.map_mode = i32(r + 8); break;
	case 19: if (size >= 12) m->s.winding = u32(r + 8) == 2; break;
	case 22: if (size >= 12) m->s.text_align = u32(r + 8); break;
	case 24: if (size >= 12) m->s.text_color = colorref(u32(r + 8)); break;
	case 27: if (size >= 16) { m->s.cx = (float)i32(r + 8); m->s.cy = (float)i32(r + 12);
	                           if (m->in_path) move_to(m, m->s.cx, m->s.cy); } break;
	case 54: /* LINETO */
		if (size >= 16) {
			if (!m->in_path) {
				m->nops = m->npts = 0;
				move_to(m, m->s.cx, m->s.cy);
			}
			line_to(m, (float)i32(r + 8), (float)i32(r + 12));
			primitive_done(m, false, true);
		}
		break;
	case 33: save_dc(m); break;
	case 34: if (size >= 12) restore_dc(m, i32(r + 8)); break;
	case 35: /* SETWORLDTRANSFORM */
	case 36: /* MODIFYWORLDTRANSFORM */
		if (size >= 32) {
			xform x;
			float v[6];
			int k, mode = type == 35 ? 4 : (size >= 36 ? (int)u32(r + 32) : 1);
			for (k = 0; k < 6; k++) {
				uint32_t b = u32(r + 8 + 4 * k);
				memcpy(&v[k], &b, 4);
				if (!isfinite(v[k]) || fabsf(v[k]) > 1e7f)
					v[k] = k == 0 || k == 3 ? 1 : 0;
			}
			x.m11 = v[0]; x.m12 = v[1]; x.m21 = v[2]; x.m22 = v[3]; x.dx = v[4]; x.dy = v[5];
			if (mode == 1) { /* MWT_IDENTITY */
				memset(&m->s.world, 0, sizeof(xform));
				m->s.world.m11 = m->s.world.m22 = 1;
			} else if (mode == 4) /* MWT_SET */
				m->s.world = x;
			else {
				/* left (2): x · world; right (3): world · x */
				xform a = mode == 2 ? x : m->s.world, b = mode == 2 ? m->s.world : x, c;
				c.m11 = a.m11 * b.m11 + a.m12 * b.m21;
				c.m12 = a.m11 * b.m12 + a.m12 * b.m22;
				c.m21 = a.m21 * b.m11 + a.m22 * b.m21;
				c.m22 = a.m21 * b.m12 + a.m22 * b.m22;
				c.dx = a.dx * b.m11 + a.dy * b.m21 + b.dx;
				c.dy = a.dx * b.m12 + a.dy * b.m22 + b.dy;
				m->s.world = c;
			}
		}
		break;
	case 37: if (size >= 12) select_obj(m, u32(r + 8)); break;
	case 38: /* CREATEPEN: ih, style, width(x,y), color */
		if (size >= 28 && (o = obj_slot(m, u32(r + 8))))
			make_pen(o, u32(r + 12), (float)i32(r + 16), u32(r + 24));
		break;
	case 95: /* EXTCREATEPEN: ih offBmi cbBmi offBits cbBits style width brushstyle color */
		if (size >= 44 && (o = obj_slot(m, u32(r + 8))))
			make_pen(o, u32(r + 28), (float)u32(r + 32), u32(r + 40));
		break;
	case 39: /* CREATEBRUSHINDIRECT: ih style color hatch */
		if (size >= 24 && (o = obj_slot(m, u32(r + 8))))
			make_brush(o, u32(r + 12), u32(r + 16));
		break;
	case 40: if (size >= 12 && u32(r + 8) < m->nobj) m->obj[u32(r + 8)].kind = OBJ_NONE; break;
	case 82: emf_font(m, r, size); break;
	case 42: /* ELLIPSE */
	case 43: /* RECTANGLE */
	case 44: /* ROUNDRECT (drawn square-cornered) */
		if (size >= 24) {
			float l = (float)i32(r + 8), t = (float)i32(r + 12), rr = (float)i32(r + 16),
			      b = (float)i32(r + 20);
			if (type == 42)
				ellipse(m, l, t, rr, b);
			else
				rect(m, l, t, rr, b);
			primitive_done(m, true, true);
		}
		break;
	case 2: case 3: case 4: case 5: case 6:
	case 85: case 86: case 87: case 88: case 89:
		emf_poly(m, r, size, (int)type);
		break;
	case 7: case 8: case 90: case 91: case 92:
		emf_polypoly(m, r, size, (int)type == 90 ? 91 : (int)type);
		break;
	case 59: m->in_path = true; m->nops = m->npts = 0; break; /* BEGINPATH */
	case 60: m->in_path = false; break;                        /* ENDPATH */
	case 61: close_fig(m); break;                              /* CLOSEFIGURE */
	case 62: paint(m, true, false); break;                     /* FILLPATH */
	case 63: paint(m, true, true); break;                      /* STROKEANDFILLPATH */
	case 64: paint(m, false, true); break;                     /* STROKEPATH */
	case 68: m->nops = m->npts = 0; m->in_path = false; break; /* ABORTPATH */
	case 30: /* INTERSECTCLIPRECT */
		if (size >= 24)
			clip_rect(m, (float)i32(r + 8), (float)i32(r + 12), (float)i32(r + 16),
			          (float)i32(r + 20));
		break;
	case 83: emf_text(m, r, size, false); break;
	case 84: emf_text(m, r, size, true); break;
	case 81: /* STRETCHDIBITS: bounds xDest yDest xSrc ySrc cxSrc cySrc offBmi cbBmi offBits
	          * cbBits usage rop cxDest cyDest */
		if (size >= 80) {
			size_t ob = u32(r + 48), cb = u32(r + 52), obits = u32(r + 56), cbits = u32(r + 60);
			if (ob <= size && cb <= size - ob && obits <= size && cbits <= size - obits)
				dib(m, r + ob, cb, r + obits, cbits, (float)i32(r + 24), (float)i32(r + 28),
				    (float)i32(r + 72), (float)i32(r + 76));
		}
		break;
	case 76: /* BITBLT: bounds xDest yDest cxDest cyDest rop xSrc ySrc xform bk usage offBmi
	          * cbBmi offBits cbBits */
	case 77: /* STRETCHBLT: the same, then cxSrc cySrc */
		if (size >= 100) {
			size_t ob = u32(r + 84), cb = u32(r + 88), obits = u32(r + 92), cbits = u32(r + 96);
			if (cb && ob <= size && cb <= size - ob && obits <= size && cbits <= size - obits)
				dib(m, r + ob, cb, r + obits, cbits, (float)i32(r + 24), (float)i32(r + 28),
				    (float)i32(r + 32), (float)i32(r + 36));
		}
		break;
	default:
		break;
	}
}

static bool emf_run(mf *m)
{
	size_t off = 0, k = 0;
	const unsigned char *d = m->d;
	int32_t fl, ft, fr, fb, dw, dh, mw, mh;
	if (m->n < 88)
		return false;
	/* The frame in device pixels: rclFrame (0.01 mm) through the reference device. */
	fl = i32(d + 24);
	ft = i32(d + 28);
	fr = i32(d + 32);
	fb = i32(d + 36);
	dw = i32(d + 72);
	dh = i32(d + 76);
	mw = i32(d + 80);
	mh = i32(d + 84);
	if (dw <= 0 || dh <= 0 || mw <= 0 || mh <= 0 || fr <= fl || fb <= ft) {
		/* No usable frame: the bounds in device units. */
		m->fx = (float)i32(d + 8);
		m->fy = (float)i32(d + 12);
		m->fw = (float)(i32(d + 16) - i32(d + 8));
		m->fh = (float)(i32(d + 20) - i32(d + 12));
	} else {
		m->fx = (float)fl * (float)dw / ((float)mw * 100);
		m->fy = (float)ft * (float)dh / ((float)mh * 100);
		m->fw = (float)(fr - fl) * (float)dw / ((float)mw * 100);
		m->fh = (float)(fb - ft) * (float)dh / ((float)mh * 100);
	}
	if (!(m->fw > 0) || !(m->fh > 0))
		return false;
	while (off + 8 <= m->n && k++ < MAX_RECORDS && !m->failed) {
		uint32_t type = u32(d + off), size = u32(d + off + 4);
		if (size < 8 || size % 4 || size > m->n - off)
			break;
		if (type == 14) /* EOF */
			break;
		emf_record(m, type, d + off, size);
		off += size;
	}
	return true;
}

/* ---- WMF ---- */

static void wmf_font(mf *m, const unsigned char *p, size_t words)
{
	gobj *o = obj_new_wmf(m);
	size_t i, n = words * 2;
	unsigned char face[33];
	if (!o || n < 18)
		return;
	memset(o, 0, sizeof(*o));
	o->kind = OBJ_FONT;
	o->height = (float)i16(p);
	o->escapement = (float)i16(p + 4) / 10.0f;
	o->weight = i16(p + 8);
	o->italic = p[10];
	o->charset = p[13];
	for (i = 0; i < 32 && 18 + i < n && p[18 + i]; i++)
		face[i] = p[18 + i];
	face[i] = 0;
	ansi_to_utf8(charset_name(o->charset == 2 ? 0 : o->charset), face, i, o->face,
	             sizeof(o->face));
}

static void wmf_record(mf *m, unsigned fn, const unsigned char *p, size_t words)
{
	size_t nb = words * 2;
	gobj *o;
#define A(i) ((float)i16(p + 2 * (i)))
	switch (fn) {
	case 0x020B: if (nb >= 4) { m->s.woy = A(0); m->s.wox = A(1); } break;
	case 0x020C: if (nb >= 4) { m->s.wey = A(0); m->s.wex = A(1); } break;
	case 0x0103: if (nb >= 2) m->s.map_mode = i16(p); break;
	case 0x0106: if (nb >= 2) m->s.winding = i16(p) == 2; break;
	case 0x012E: if (nb >= 2) m->s.text_align = u16(p); break;
	case 0x0209: if (nb >= 4) m->s.text_color = colorref(u32(p)); break;
	case 0x001E: save_dc(m); break;
	case 0x0127: restore_dc(m, nb >= 2 ? i16(p) : -1); break;
	case 0x02FA: /* CREATEPENINDIRECT: style, width(x,y), color */
		if (nb >= 10 && (o = obj_new_wmf(m)))
			make_pen(o, u16(p), A(1), u32(p + 6));
		break;
	case 0x02FC: /* CREATEBRUSHINDIRECT: style, color, hatch */
		if (nb >= 8 && (o = obj_new_wmf(m)))
			make_brush(o, u16(p), u32(p + 2));
		break;
	case 0x02FB: wmf_font(m, p, words); break;
	case 0x01F9: case 0x06FF: case 0x0142: case 0x0F7: /* palette, region, pattern brush */
		if ((o = obj_new_wmf(m))) {
			memset(o, 0, sizeof(*o));
			o->kind = OBJ_BRUSH + 10; /* occupies a slot, selects nothing */
		}
		break;
	case 0x012D: if (nb >= 2) select_obj(m, u16(p)); break;
	case 0x01F0: if (nb >= 2 && u16(p) < m->nobj) m->obj[u16(p)].kind = OBJ_NONE; break;
	case 0x0214: if (nb >= 4) { m->s.cy = A(0); m->s.cx = A(1); } break; /* MOVETO y, x */
	case 0x0213: /* LINETO y, x */
		if (nb >= 4) {
			m->nops = m->npts = 0;
			move_to(m, m->s.cx, m->s.cy);
			line_to(m, A(1), A(0));
			paint(m, false, true);
		}
		break;
	case 0x041B: /* RECTANGLE b r t l */
	case 0x0418: /* ELLIPSE */
	case 0x061C: /* ROUNDRECT h w b r t l */
		if (nb >= 8) {
			size_t o0 = fn == 0x061C ? 2 : 0;
			float b = A(o0), r = A(o0 + 1), t = A(o0 + 2), l = A(o0 + 3);
			m->nops = m->npts = 0;
			if (fn == 0x0418)
				ellipse(m, l, t, r, b);
			else
				rect(m, l, t, r, b);
			paint(m, true, true);
		}
		break;
	case 0x0324: /* POLYGON count, points */
	case 0x0325: /* POLYLINE */
		if (nb >= 2) {
			size_t cnt = u16(p), i;
			if (2 + cnt * 4 > nb)
				break;
			m->nops = m->npts = 0;
			for (i = 0; i < cnt; i++)
				(i ? line_to : move_to)(m, A(1 + 2 * i), A(2 + 2 * i));
			if (fn == 0x0324)
				close_fig(m);
			paint(m, fn == 0x0324, true);
		}
		break;
	case 0x0538: /* POLYPOLYGON npolys, counts, points */
		if (nb >= 2) {
			size_t np = u16(p), k, i, at, total = 0;
			if (2 + np * 2 > nb)
				break;
			for (k = 0; k < np; k++)
				total += u16(p + 2 + 2 * k);
			if (2 + np * 2 + total * 4 > nb)
				break;
			m->nops = m->npts = 0;
			at = 1 + np;
			for (k = 0; k < np; k++) {
				size_t c = u16(p + 2 + 2 * k);
				for (i = 0; i < c; i++, at += 2)
					(i ? line_to : move_to)(m, A(at), A(at + 1));
				close_fig(m);
			}
			paint(m, true, true);
		}
		break;
	case 0x0416: /* INTERSECTCLIPRECT b r t l */
		if (nb >= 8)
			clip_rect(m, A(3), A(2), A(1), A(0));
		break;
	case 0x0521: /* TEXTOUT count, string (padded), y, x */
		if (nb >= 2) {
			size_t cnt = u16(p), sl = (cnt + 1) & ~(size_t)1;
			char buf[MAX_TEXT * 4 + 4];
			size_t len;
			if (cnt > MAX_TEXT || 2 + sl + 4 > nb)
				break;
			len = ansi_to_utf8(charset_name(m->s.font.charset), p + 2, cnt, buf, sizeof(buf));
			text_out(m, (float)i16(p + 2 + sl + 2), (float)i16(p + 2 + sl), buf, len, NULL, 0);
		}
		break;
	case 0x0A32: /* EXTTEXTOUT y, x, count, options, [rect], string, [dx] */
		if (nb >= 8) {
			size_t cnt = u16(p + 4), opt = u16(p + 6), at = 8, i;
			char buf[MAX_TEXT * 4 + 4];
			float dx[MAX_TEXT];
			size_t len;
			if (opt & 0x0006)
				at += 8; /* ETO_OPAQUE / ETO_CLIPPED: a rectangle */
			if (cnt > MAX_TEXT || at + cnt > nb)
				break;
			len = ansi_to_utf8(charset_name(m->s.font.charset), p + at, cnt, buf, sizeof(buf));
			at += (cnt + 1) & ~(size_t)1;
			if (at + cnt * 2 <= nb && cnt) {
				/* dx per byte: for double-byte characters the two values add up */
				const char *cs = charset_name(m->s.font.charset);
				bool dbcs = cs && (!strcmp(cs, "GBK") || !strcmp(cs, "BIG5") ||
				                   !strcmp(cs, "SHIFT_JIS") || !strcmp(cs, "CP949"));
				size_t nd = 0;
				for (i = 0; i < cnt && nd < MAX_TEXT; i++) {
					float v = (float)i16(p + at + 2 * i);
					if (dbcs && p[8 + ((opt & 6) ? 8 : 0) + i] >= 0x81 && i + 1 < cnt) {
						v += (float)i16(p + at + 2 * (i + 1));
						i++;
					}
					dx[nd++] = v;
				}
				text_out(m, A(1), A(0), buf, len, dx, nd);
			} else
				text_out(m, A(1), A(0), buf, len, NULL, 0);
		}
		break;
	case 0x0940: /* DIBBITBLT rop(2 words) ySrc xSrc height width yDest xDest DIB */
		if (nb > 16)
			packed_dib(m, p + 16, nb - 16, A(7), A(6), A(5), A(4));
		break;
	case 0x0B41: /* DIBSTRETCHBLT rop(2) srcH srcW ySrc xSrc destH destW yDest xDest DIB */
		if (nb > 20)
			packed_dib(m, p + 20, nb - 20, A(9), A(8), A(7), A(6));
		break;
	case 0x0F43: /* STRETCHDIB rop(2) usage srcH srcW ySrc xSrc destH destW yDest xDest DIB */
		if (nb > 22)
			packed_dib(m, p + 22, nb - 22, A(10), A(9), A(8), A(7));
		break;
	default:
		break;
	}
#undef A
}

static bool wmf_run(mf *m)
{
	const unsigned char *d = m->d;
	size_t off = 0, k = 0;
	if (m->n >= 22 && u32(d) == 0x9AC6CDD7u) {
		m->fx = (float)i16(d + 6);
		m->fy = (float)i16(d + 8);
		m->fw = (float)(i16(d + 10) - i16(d + 6));
		m->fh = (float)(i16(d + 12) - i16(d + 8));
		off = 22;
	}
	if (off + 18 > m->n)
		return false;
	off += (size_t)u16(d + off + 2) * 2; /* header size in words */
	while (off + 6 <= m->n && k++ < MAX_RECORDS && !m->failed) {
		size_t words = u32(d + off);
		unsigned fn = u16(d + off + 4);
		if (words < 3 || words > (m->n - off) / 2)
			break;
		if (fn == 0)
			break;
		wmf_record(m, fn, d + off + 6, words - 3);
		off += words * 2;
	}
	return m->fw != 0 || m->s.wex != 0;
}

tb_status lay_metafile(lay_ctx *L, tb_dl_page *items, const tb_inline *pic, float x, float y,
                       float w, float h, bool *drawn)
{
	mf m;
	tb_dl_item clip;
	size_t start = items->n;
	bool ok;
	*drawn = false;
	memset(&m, 0, sizeof(m));
	m.L = L;
	m.items = items;
	m.d = pic->data;
	m.n = pic->data_len;
	m.wmf = pic->format == TB_PIC_WMF;
	m.bx = x;
	m.by = y;
	m.bw = w;
	m.bh = h;
	dc_default(&m.s);
	if (m.wmf)
		m.s.wex = m.s.wey = 0; /* unset: the placeable header's box */
	memset(&clip, 0, sizeof(clip));
	clip.kind = TB_DL_CLIP;
	clip.u.rect.x = x;
	clip.u.rect.y = y;
	clip.u.rect.w = w;
	clip.u.rect.h = h;
	if (tb_dl_push(items, &clip) != TB_OK)
		return TB_ENOMEM;
	ok = m.wmf ? wmf_run(&m) : emf_run(&m);
	while (m.clips > 0)
		clip_end(&m);
	clip.kind = TB_DL_CLIP_END;
	if (!m.failed && tb_dl_push(items, &clip) != TB_OK)
		m.failed = true;
	free(m.ops);
	free(m.pts);
	free(m.obj);
	if (m.failed) {
		while (items->n > start)
			tb_dl_item_free(&items->items[--items->n]);
		return TB_ENOMEM;
	}
	if (!ok) {
		while (items->n > start)
			tb_dl_item_free(&items->items[--items->n]);
		if (lay_warn_once(L, pic))
			tb_warn(L->ctx, "layout.image-vector", L->doc->part, 0, 0,
			        "Insert the picture as PNG or JPEG.",
			        "picture %s (%s) cannot be read; an empty box is left in its place",
			        pic->text ? pic->text : "", pic->format == TB_PIC_EMF ? "EMF" : "WMF");
		return TB_OK;
	}
	*drawn = true;
	return TB_OK;
}
