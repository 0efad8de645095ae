/* dev_png.c: the PNG preview device: one page of the display list rasterised to an RGB
 * image (white paper), for previews in the web form and pixel checks in tests.
 *
 * Glyphs are drawn from their outlines (HarfBuzz's draw callbacks), rules and rectangles as
 * polygons; everything is filled by one anti-aliased scanline filler (non-zero winding,
 * SUBROWS sample rows per pixel row, exact horizontal coverage). Images are not decoded: the
 * preview shows a grey frame where one sits. Seal places show their dashed frame. The PNG is
 * written with zlib, no ancillary chunks, so the same display list gives the same bytes. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "core/buf.h"
#include "core/ctx.h"
#include "core/i18n.h"
#include "core/vec.h"
#include "core/writer.h"
#include "font/font.h"
#include "render/device.h"

#define SUBROWS 5
#define DEFAULT_DPI 96.f
#define MIN_DPI 18.f
#define MAX_DPI 600.f
#define MAX_PIXELS (40u * 1000 * 1000)
#define MAX_EDGES (1u << 20)

typedef struct edge {
	float x0, y0, x1, y1; /* y0 < y1 */
	int dir;              /* +1 downwards in the outline's order, -1 upwards */
} edge;

/* A polygon being built: edges in device pixels, plus the pen for outline callbacks. */
typedef struct path {
	edge *e;
	size_t n, cap;
	float sx, sy, cx, cy; /* contour start, current point */
	int open;
	int oom;
	/* outline units -> pixels: x = ox + m[0] fx + m[2] fy, y = oy + m[1] fx + m[3] fy (the
	 * run's axes, scale and italic slant) */
	float ox, oy, m[4];
} path;

typedef struct face_font {
	const tb_face *face;
	hb_font_t *font;
} face_font;

typedef struct png_dev {
	tb_device base;
	tb_writer *out;
	float scale; /* pixels per point */
	unsigned want; /* 0-based page to draw */
	int drawing;   /* the current page is the one wanted */
	int done;
	unsigned w, h;
	unsigned char *px; /* RGB, w * h * 3 */
	tb_fonts *fm;
	face_font *fonts;
	size_t nfonts;
	hb_draw_funcs_t *draw;
	path p;
	float clip[4];     /* x0, y0, x1, y1 in pixels: drawing stays inside */
	float clips[16][4]; /* the clips pushed before (TB_DL_CLIP nests) */
	int nclips;
	float *cov;        /* one pixel row's coverage */
	float *xs;         /* crossings of one sample row */
	int *ds;
	size_t xcap;
} png_dev;

/* ---- polygons ---- */

static void add_edge(path *p, float x0, float y0, float x1, float y1)
{
	edge *e;
	if (y0 == y1 || p->oom)
		return; /* horizontal edges cover nothing in a scanline filler */
	if (p->n >= MAX_EDGES || TB_GROW(p->e, p->cap, p->n + 1) != TB_OK) {
		p->oom = 1;
		return;
	}
	e = &p->e[p->n++];
	if (y0 < y1) {
		e->x0 = x0, e->y0 = y0, e->x1 = x1, e->y1 = y1, e->dir = 1;
	} else {
		e->x0 = x1, e->y0 = y1, e->x1 = x0, e->y1 = y0, e->dir = -1;
	}
}

static void path_move(path *p, float x, float y)
{
	if (p->open && (p->cx != p->sx || p->cy != p->sy))
		add_edge(p, p->cx, p->cy, p->sx, p->sy);
	p->sx = p->cx = x;
	p->sy = p->cy = y;
	p->open = 1;
}

static void path_line(path *p, float x, float y)
{
	add_edge(p, p->cx, p->cy, x, y);
	p->cx = x;
	p->cy = y;
}

static void path_close(path *p)
{
	if (p->open)
		path_line(p, p->sx, p->sy);
	p->open = 0;
}

/* Segments for a curve whose control polygon is `len` pixels long: short enough that the
 * chord stays within a fraction of a pixel of the curve. */
static int curve_steps(float len)
{
	int n = (int)ceilf(sqrtf(len * 2.f));
	return n < 1 ? 1 : n > 64 ? 64 : n;
}

static void path_quad(path *p, float x1, float y1, float x2, float y2)
{
	float x0 = p->cx, y0 = p->cy;
	int i, n = curve_steps(hypotf(x1 - x0, y1 - y0) + hypotf(x2 - x1, y2 - y1));
	for (i = 1; i <= n; i++) {
		float t = (float)i / (float)n, u = 1.f - t;
		path_line(p, u * u * x0 + 2 * u * t * x1 + t * t * x2,
		          u * u * y0 + 2 * u * t * y1 + t * t * y2);
	}
}

static void path_cubic(path *p, float x1, float y1, float x2, float y2, float x3, float y3)
{
	float x0 = p->cx, y0 = p->cy;
	int i, n = curve_steps(hypotf(x1 - x0, y1 - y0) + hypotf(x2 - x1, y2 - y1) +
	                       hypotf(x3 - x2, y3 - y2));
	for (i = 1; i <= n; i++) {
		float t = (float)i / (float)n, u = 1.f - t;
		float a = u * u * u, b = 3 * u * u * t, c = 3 * u * t * t, d = t * t * t;
		path_line(p, a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3);
	}
}

/* ---- the filler ---- */

static tb_status grow_row_buffers(png_dev *d, size_t crossings)
{
	if (crossings > d->xcap) {
		size_t nc = crossings * 2;
		float *xs = realloc(d->xs, nc * sizeof *xs);
		int *ds;
		if (!xs)
			return TB_ENOMEM;
		d->xs = xs;
		if (!(ds = realloc(d->ds, nc * sizeof *ds)))
			return TB_ENOMEM;
		d->ds = ds;
		d->xcap = nc;
	}
	return TB_OK;
}

/* Add a horizontal span [a, b) of one sample row to the row's coverage. */
static void cover_span(float *cov, unsigned w, float a, float b)
{
	int i, ia, ib;
	if (a < 0)
		a = 0;
	if (b > (float)w)
		b = (float)w;
	if (b <= a)
		return;
	ia = (int)a;
	ib = (int)b;
	if (ia == ib) {
		cov[ia] += b - a;
		return;
	}
	cov[ia] += (float)(ia + 1) - a;
	for (i = ia + 1; i < ib; i++)
		cov[i] += 1.f;
	if (ib < (int)w)
		cov[ib] += b - (float)ib;
}

/* Fill the path (non-zero winding) with `c`, blending by coverage; then empty it. */
static tb_status fill_path(png_dev *d, tb_rgb c)
{
	path *p = &d->p;
	float miny = INFINITY, maxy = -INFINITY;
	size_t i;
	int y, y0, y1;
	tb_status st = TB_OK;

	path_close(p);
	if (p->oom) {
		st = TB_ENOMEM;
		goto done;
	}
	for (i = 0; i < p->n; i++) {
		if (p->e[i].y0 < miny)
			miny = p->e[i].y0;
		if (p->e[i].y1 > maxy)
			maxy = p->e[i].y1;
	}
	if (p->n == 0 || maxy <= 0 || miny >= (float)d->h)
		goto done;
	if ((st = grow_row_buffers(d, p->n)) != TB_OK)
		goto done;
	y0 = miny < d->clip[1] ? (int)d->clip[1] : (int)miny;
	y1 = maxy > d->clip[3] ? (int)ceilf(d->clip[3]) : (int)ceilf(maxy);
	if (y1 > (int)d->h)
		y1 = (int)d->h;
	for (y = y0; y < y1; y++) {
		unsigned char *row = d->px + (size_t)y * d->w * 3;
		float lo = (float)d->w, hi = 0;
		int s, x;
		memset(d->cov, 0, d->w * sizeof *d->cov);
		for (s = 0; s < SUBROWS; s++) {
			float sy = (float)y + ((float)s + 0.5f) / SUBROWS;
			size_t n = 0, k, j;
			int wind = 0;
			float start = 0;
			for (i = 0; i < p->n; i++) {
				const edge *e = &p->e[i];
				float ex;
				if (sy < e->y0 || sy >= e->y1)
					continue;
				ex = e->x0 + (sy - e->y0) * (e->x1 - e->x0) / (e->y1 - e->y0);
				/* insertion by x: sample rows cross few edges */
				for (k = n; k > 0 && d->xs[k - 1] > ex; k--) {
					d->xs[k] = d->xs[k - 1];
					d->ds[k] = d->ds[k - 1];
				}
				d->xs[k] = ex;
				d->ds[k] = e->dir;
				n++;
			}
			for (j = 0; j < n; j++) {
				int was = wind;
				wind += d->ds[j];
				if (!was && wind)
					start = d->xs[j];
				else if (was && !wind) {
					cover_span(d->cov, d->w, start, d->xs[j]);
					if (start < lo)
						lo = start;
					if (d->xs[j] > hi)
						hi = d->xs[j];
				}
			}
		}
		if (hi <= lo)
			continue;
		if (lo < d->clip[0])
			lo = d->clip[0];
		if (hi > d->clip[2] - 1)
			hi = d->clip[2] - 1;
		for (x = lo < 0 ? 0 : (int)lo; x < (int)d->w && (float)x < hi + 1; x++) {
			float a = d->cov[x] / SUBROWS;
			unsigned char *q = row + (size_t)x * 3;
			if (a <= 0.f)
				continue;
			if (a > 1.f)
				a = 1.f;
			q[0] = (unsigned char)lrintf((float)q[0] + ((float)c.r - (float)q[0]) * a);
			q[1] = (unsigned char)lrintf((float)q[1] + ((float)c.g - (float)q[1]) * a);
			q[2] = (unsigned char)lrintf((float)q[2] + ((float)c.b - (float)q[2]) * a);
		}
	}
done:
	p->n = 0;
	p->open = 0;
	p->oom = 0;
	return st;
}

/* A rectangle (points) into the path. */
static void rect_path(png_dev *d, float x, float y, float w, float h)
{
	float k = d->scale;
	path_move(&d->p, x * k, y * k);
	path_line(&d->p, (x + w) * k, y * k);
	path_line(&d->p, (x + w) * k, (y + h) * k);
	path_line(&d->p, x * k, (y + h) * k);
	path_close(&d->p);
}

/* A straight line of width w (points) as a quadrilateral, at least a pixel wide so hairlines
 * stay visible; dashed lines as 3-on-2-off dashes in points, like the PDF device's. */
static tb_status stroke(png_dev *d, float x1, float y1, float x2, float y2, float w, int dashed,
                        tb_rgb c)
{
	float k = d->scale, len = hypotf(x2 - x1, y2 - y1), hw, nx, ny, ux, uy, t;
	if (len <= 0.f)
		return TB_OK;
	if (w <= 0.f)
		w = 0.5f;
	hw = (w * k < 1.f ? 1.f : w * k) / 2.f;
	ux = (x2 - x1) / len;
	uy = (y2 - y1) / len;
	nx = -uy * hw;
	ny = ux * hw;
	for (t = 0; t < len; t += dashed ? 5.f : len) {
		float e = dashed ? (t + 3.f < len ? t + 3.f : len) : len;
		float ax = (x1 + ux * t) * k, ay = (y1 + uy * t) * k;
		float bx = (x1 + ux * e) * k, by = (y1 + uy * e) * k;
		path_move(&d->p, ax + nx, ay + ny);
		path_line(&d->p, bx + nx, by + ny);
		path_line(&d->p, bx - nx, by - ny);
		path_line(&d->p, ax - nx, ay - ny);
		path_close(&d->p);
	}
	return fill_path(d, c);
}

/* ---- glyph outlines ---- */

/* A point of an outline (font units) on the device, through the run's matrix. */
#define PX(p, fx, fy) ((p)->ox + (p)->m[0] * (fx) + (p)->m[2] * (fy))
#define PY(p, fx, fy) ((p)->oy + (p)->m[1] * (fx) + (p)->m[3] * (fy))

static void on_move(hb_draw_funcs_t *f, void *data, hb_draw_state_t *s, float x, float y, void *u)
{
	path *p = data;
	(void)f, (void)s, (void)u;
	path_move(p, PX(p, x, y), PY(p, x, y));
}

static void on_line(hb_draw_funcs_t *f, void *data, hb_draw_state_t *s, float x, float y, void *u)
{
	path *p = data;
	(void)f, (void)s, (void)u;
	path_line(p, PX(p, x, y), PY(p, x, y));
}

static void on_quad(hb_draw_funcs_t *f, void *data, hb_draw_state_t *s, float cx, float cy,
                    float x, float y, void *u)
{
	path *p = data;
	(void)f, (void)s, (void)u;
	path_quad(p, PX(p, cx, cy), PY(p, cx, cy), PX(p, x, y), PY(p, x, y));
}

static void on_cubic(hb_draw_funcs_t *f, void *data, hb_draw_state_t *s, float c1x, float c1y,
                     float c2x, float c2y, float x, float y, void *u)
{
	path *p = data;
	(void)f, (void)s, (void)u;
	path_cubic(p, PX(p, c1x, c1y), PY(p, c1x, c1y), PX(p, c2x, c2y), PY(p, c2x, c2y),
	           PX(p, x, y), PY(p, x, y));
}

static void on_close(hb_draw_funcs_t *f, void *data, hb_draw_state_t *s, void *u)
{
	(void)f, (void)s, (void)u;
	path_close(data);
}

/* The HarfBuzz font of a face, at its design units. */
static hb_font_t *font_of(png_dev *d, const tb_face *face)
{
	size_t i;
	face_font *grown;
	hb_font_t *font;
	for (i = 0; i < d->nfonts; i++)
		if (d->fonts[i].face == face)
			return d->fonts[i].font;
	font = hb_font_create(tb_face_hb(face));
	if (!font || font == hb_font_get_empty())
		return NULL;
	hb_font_set_scale(font, (int)tb_face_upem(face), (int)tb_face_upem(face));
	grown = realloc(d->fonts, (d->nfonts + 1) * sizeof *grown);
	if (!grown) {
		hb_font_destroy(font);
		return NULL;
	}
	d->fonts = grown;
	d->fonts[d->nfonts].face = face;
	d->fonts[d->nfonts++].font = font;
	return font;
}

static tb_status png_glyphs(tb_device *dev, const tb_dl_item *it)
{
	png_dev *d = (png_dev *)dev;
	size_t i;
	tb_status st = TB_OK;
	if (!d->drawing || it->u.glyphs.size <= 0.f)
		return TB_OK;
	for (i = 0; i < it->u.glyphs.n && st == TB_OK; i++) {
		const tb_dl_glyph *g = &it->u.glyphs.glyphs[i];
		const tb_face *face = it->u.glyphs.face;
		hb_font_t *font;
		unsigned gid;
		int pass;
		if (!face || !tb_face_has(face, g->cp))
			face = tb_fonts_face_for(d->fm, face, g->cp);
		if (!face || !(gid = tb_face_glyph(face, g->cp)))
			continue; /* the PDF device reports missing glyphs; a preview just leaves a gap */
		if (!(font = font_of(d, face)))
			return TB_ENOMEM;
		/* Synthetic bold: the outline again, a thirtieth of the size to the right. */
		for (pass = 0; pass < (it->u.glyphs.synthetic_bold ? 2 : 1) && st == TB_OK; pass++) {
			float k = it->u.glyphs.size / (float)tb_face_upem(face) * d->scale;
			float skew = it->u.glyphs.synthetic_italic ? 0.2f : 0.f, bx, by, ux, uy, x, y;
			tb_dl_turn_axes(it, &bx, &by, &ux, &uy);
			tb_dl_turn_point(it, g->x + (float)pass * it->u.glyphs.size / 30.f, it->u.glyphs.y,
			                 &x, &y);
			d->p.ox = x * d->scale;
			d->p.oy = y * d->scale;
			d->p.m[0] = k * bx;
			d->p.m[1] = k * by;
			d->p.m[2] = k * (ux + skew * bx);
			d->p.m[3] = k * (uy + skew * by);
#if HB_VERSION_ATLEAST(7, 0, 0)
			hb_font_draw_glyph(font, gid, d->draw, &d->p);
#else
			hb_font_get_glyph_shape(font, gid, d->draw, &d->p);
#endif
			st = fill_path(d, it->u.glyphs.color);
		}
	}
	return st;
}

/* ---- other items ---- */

static tb_status png_rule(tb_device *dev, const tb_dl_item *it)
{
	png_dev *d = (png_dev *)dev;
	if (!d->drawing)
		return TB_OK;
	return stroke(d, it->u.rule.x1, it->u.rule.y1, it->u.rule.x2, it->u.rule.y2,
	              it->u.rule.width, it->u.rule.dashed, it->u.rule.color);
}

static tb_status png_rect(tb_device *dev, const tb_dl_item *it)
{
	png_dev *d = (png_dev *)dev;
	if (!d->drawing || it->u.rect.w <= 0.f || it->u.rect.h <= 0.f)
		return TB_OK;
	rect_path(d, it->u.rect.x, it->u.rect.y, it->u.rect.w, it->u.rect.h);
	return fill_path(d, it->u.rect.color);
}

/* A frame of four strokes along a rectangle's edges. */
static tb_status frame(png_dev *d, float x, float y, float w, float h, int dashed, tb_rgb c)
{
	tb_status st = stroke(d, x, y, x + w, y, 0.5f, dashed, c);
	if (!st)
		st = stroke(d, x + w, y, x + w, y + h, 0.5f, dashed, c);
	if (!st)
		st = stroke(d, x + w, y + h, x, y + h, 0.5f, dashed, c);
	if (!st)
		st = stroke(d, x, y + h, x, y, 0.5f, dashed, c);
	return st;
}

static tb_status png_image(tb_device *dev, const tb_dl_item *it)
{
	png_dev *d = (png_dev *)dev;
	const tb_rgb fill = {0xee, 0xee, 0xee}, line = {0x99, 0x99, 0x99};
	tb_status st;
	if (!d->drawing || it->u.image.w <= 0.f || it->u.image.h <= 0.f)
		return TB_OK;
	rect_path(d, it->u.image.x, it->u.image.y, it->u.image.w, it->u.image.h);
	if ((st = fill_path(d, fill)) != TB_OK)
		return st;
	return frame(d, it->u.image.x, it->u.image.y, it->u.image.w, it->u.image.h, 0, line);
}

/* A path: filled (non-zero winding) and/or stroked segment by segment, curves flattened. */
static tb_status png_path(tb_device *dev, const tb_dl_item *it)
{
	png_dev *d = (png_dev *)dev;
	const tb_dl_point *p = it->u.path.pts;
	float k = d->scale, cx = 0, cy = 0, sx = 0, sy = 0;
	size_t i, j = 0;
	tb_status st = TB_OK;
	if (!d->drawing)
		return TB_OK;
	if (it->u.path.filled) {
		for (i = 0; i < it->u.path.nops; i++) {
			int op = it->u.path.ops[i];
			if (op == TB_DL_MOVE && j < it->u.path.npts) {
				path_move(&d->p, p[j].x * k, p[j].y * k);
				j++;
			} else if (op == TB_DL_LINE && j < it->u.path.npts) {
				path_line(&d->p, p[j].x * k, p[j].y * k);
				j++;
			} else if (op == TB_DL_CURVE && j + 3 <= it->u.path.npts) {
				path_cubic(&d->p, p[j].x * k, p[j].y * k, p[j + 1].x * k, p[j + 1].y * k,
				           p[j + 2].x * k, p[j + 2].y * k);
				j += 3;
			} else if (op == TB_DL_CLOSE)
				path_close(&d->p);
		}
		if ((st = fill_path(d, it->u.path.fill)) != TB_OK)
			return st;
	}
	if (!it->u.path.stroked)
		return TB_OK;
	for (i = j = 0; i < it->u.path.nops && st == TB_OK; i++) {
		int op = it->u.path.ops[i], s;
		if (op == TB_DL_MOVE && j < it->u.path.npts) {
			sx = cx = p[j].x;
			sy = cy = p[j].y;
			j++;
		} else if (op == TB_DL_LINE && j < it->u.path.npts) {
			st = stroke(d, cx, cy, p[j].x, p[j].y, it->u.path.width, it->u.path.dashed,
			            it->u.path.stroke);
			cx = p[j].x;
			cy = p[j].y;
			j++;
		} else if (op == TB_DL_CURVE && j + 3 <= it->u.path.npts) {
			for (s = 1; s <= 12 && st == TB_OK; s++) {
				float t = (float)s / 12.f, u = 1.f - t;
				float x = u * u * u * cx + 3 * u * u * t * p[j].x + 3 * u * t * t * p[j + 1].x +
				          t * t * t * p[j + 2].x;
				float y = u * u * u * cy + 3 * u * u * t * p[j].y + 3 * u * t * t * p[j + 1].y +
				          t * t * t * p[j + 2].y;
				st = stroke(d, cx, cy, x, y, it->u.path.width, 0, it->u.path.stroke);
				cx = x;
				cy = y;
			}
			j += 3;
		} else if (op == TB_DL_CLOSE) {
			st = stroke(d, cx, cy, sx, sy, it->u.path.width, it->u.path.dashed, it->u.path.stroke);
			cx = sx;
			cy = sy;
		}
	}
	return st;
}

static tb_status png_clip(tb_device *dev, const tb_dl_item *it)
{
	png_dev *d = (png_dev *)dev;
	float k = d->scale, c[4];
	if (d->nclips < 16)
		memcpy(d->clips[d->nclips], d->clip, sizeof(d->clip));
	d->nclips++;
	c[0] = it->u.rect.x * k;
	c[1] = it->u.rect.y * k;
	c[2] = (it->u.rect.x + it->u.rect.w) * k;
	c[3] = (it->u.rect.y + it->u.rect.h) * k;
	if (c[0] > d->clip[0])
		d->clip[0] = c[0];
	if (c[1] > d->clip[1])
		d->clip[1] = c[1];
	if (c[2] < d->clip[2])
		d->clip[2] = c[2];
	if (c[3] < d->clip[3])
		d->clip[3] = c[3];
	return TB_OK;
}

static tb_status png_clip_end(tb_device *dev, const tb_dl_item *it)
{
	png_dev *d = (png_dev *)dev;
	(void)it;
	if (d->nclips > 0 && --d->nclips < 16)
		memcpy(d->clip, d->clips[d->nclips], sizeof(d->clip));
	return TB_OK;
}

static tb_status png_seal(tb_device *dev, const tb_dl_item *it)
{
	png_dev *d = (png_dev *)dev;
	const tb_rgb black = {0, 0, 0};
	if (!d->drawing || it->u.seal.w <= 0.f || it->u.seal.h <= 0.f)
		return TB_OK;
	return frame(d, it->u.seal.x, it->u.seal.y, it->u.seal.w, it->u.seal.h, 1, black);
}

/* ---- pages and the PNG file ---- */

static tb_status png_begin_doc(tb_device *dev, const tb_dl_doc *doc)
{
	png_dev *d = (png_dev *)dev;
	if (d->want >= doc->npages) {
		tb_error(dev->ctx, "render.page", NULL, 0, 0, N_("Ask for a page the document has."),
		         N_("page %u asked for; the document has %zu"), d->want + 1, doc->npages);
		return TB_EINVAL;
	}
	return TB_OK;
}

static tb_status png_begin_page(tb_device *dev, const tb_dl_page *pg, size_t index)
{
	png_dev *d = (png_dev *)dev;
	double w = ceil((double)pg->width * d->scale), h = ceil((double)pg->height * d->scale);
	d->drawing = index == d->want;
	if (!d->drawing)
		return TB_OK;
	if (w < 1 || h < 1 || w * h > MAX_PIXELS) {
		tb_error(dev->ctx, "render.too-large", NULL, 0, 0, N_("Ask for a lower resolution."),
		         N_("a %.0f x %.0f pixel image is more than this device draws (%u pixels)"), w, h,
		         MAX_PIXELS);
		return TB_ELIMIT;
	}
	d->w = (unsigned)w;
	d->h = (unsigned)h;
	d->px = malloc((size_t)d->w * d->h * 3);
	d->cov = malloc((size_t)d->w * sizeof *d->cov);
	if (!d->px || !d->cov)
		return TB_ENOMEM;
	memset(d->px, 0xff, (size_t)d->w * d->h * 3);
	d->clip[0] = d->clip[1] = 0;
	d->clip[2] = (float)d->w;
	d->clip[3] = (float)d->h;
	d->nclips = 0;
	return TB_OK;
}

static tb_status chunk(tb_buf *b, const char *type, const unsigned char *data, size_t len)
{
	unsigned char be[4];
	uLong crc;
	tb_status st;
	if (len > 0x7fffffffu)
		return TB_ELIMIT;
	be[0] = (unsigned char)(len >> 24), be[1] = (unsigned char)(len >> 16);
	be[2] = (unsigned char)(len >> 8), be[3] = (unsigned char)len;
	if ((st = tb_buf_put(b, be, 4)) || (st = tb_buf_put(b, type, 4)) ||
	    (len && (st = tb_buf_put(b, data, len))))
		return st;
	crc = crc32(0L, (const Bytef *)type, 4);
	if (len) /* crc32 with a NULL buffer returns the initial value, not the running CRC */
		crc = crc32(crc, data, (uInt)len);
	be[0] = (unsigned char)(crc >> 24), be[1] = (unsigned char)(crc >> 16);
	be[2] = (unsigned char)(crc >> 8), be[3] = (unsigned char)crc;
	return tb_buf_put(b, be, 4);
}

/* Rows with PNG filter "Up" (each byte minus the one above), which suits pages of mostly
 * white paper and straight lines, deflated in one go. */
static tb_status encode(png_dev *d, tb_buf *b)
{
	static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
	unsigned char ihdr[13];
	size_t stride = (size_t)d->w * 3, rawlen = (stride + 1) * d->h, y, x;
	unsigned char *raw = malloc(rawlen), *z = NULL;
	uLongf zlen = compressBound((uLong)rawlen);
	tb_status st;

	if (!raw || !(z = malloc(zlen))) {
		free(raw);
		return TB_ENOMEM;
	}
	for (y = 0; y < d->h; y++) {
		unsigned char *r = raw + y * (stride + 1), *cur = d->px + y * stride;
		const unsigned char *up = y ? cur - stride : NULL; /* the row above */
		r[0] = y ? 2 : 0;
		for (x = 0; x < stride; x++)
			r[1 + x] = up ? (unsigned char)(cur[x] - up[x]) : cur[x];
	}
	if (compress2(z, &zlen, raw, (uLong)rawlen, 6) != Z_OK) {
		free(raw);
		free(z);
		return TB_ENOMEM;
	}
	free(raw);
	ihdr[0] = (unsigned char)(d->w >> 24), ihdr[1] = (unsigned char)(d->w >> 16);
	ihdr[2] = (unsigned char)(d->w >> 8), ihdr[3] = (unsigned char)d->w;
	ihdr[4] = (unsigned char)(d->h >> 24), ihdr[5] = (unsigned char)(d->h >> 16);
	ihdr[6] = (unsigned char)(d->h >> 8), ihdr[7] = (unsigned char)d->h;
	ihdr[8] = 8;  /* bits per sample */
	ihdr[9] = 2;  /* RGB */
	ihdr[10] = ihdr[11] = ihdr[12] = 0; /* deflate, adaptive filters, not interlaced */
	if (!(st = tb_buf_put(b, sig, sizeof sig)) && !(st = chunk(b, "IHDR", ihdr, sizeof ihdr)) &&
	    !(st = chunk(b, "IDAT", z, zlen)))
		st = chunk(b, "IEND", NULL, 0);
	free(z);
	return st;
}

static tb_status png_end_page(tb_device *dev, const tb_dl_page *pg, size_t index)
{
	png_dev *d = (png_dev *)dev;
	tb_buf b = TB_BUF_INIT;
	tb_status st;
	(void)pg, (void)index;
	if (!d->drawing)
		return TB_OK;
	d->drawing = 0;
	d->done = 1;
	st = tb_fonts_status(d->fm); /* a face lookup lost to out of memory drew another face */
	if (st == TB_OK)
		st = encode(d, &b);
	if (st == TB_OK)
		st = tb_writer_put(d->out, b.data, b.len);
	tb_buf_free(&b);
	return st;
}

static void png_drop(tb_device *dev)
{
	png_dev *d = (png_dev *)dev;
	size_t i;
	for (i = 0; i < d->nfonts; i++)
		hb_font_destroy(d->fonts[i].font);
	free(d->fonts);
	if (d->draw)
		hb_draw_funcs_destroy(d->draw);
	free(d->p.e);
	free(d->px);
	free(d->cov);
	free(d->xs);
	free(d->ds);
	free(d);
}

tb_status tb_dev_png_new(tb_ctx *ctx, const tb_device_options *opts, tb_writer *out,
                         tb_device **dev)
{
	float dpi = opts->dpi != 0.f ? opts->dpi : DEFAULT_DPI;
	png_dev *d;
	tb_status st;

	*dev = NULL;
	if (!(dpi >= MIN_DPI && dpi <= MAX_DPI)) {
		tb_error(ctx, "render.option", NULL, 0, 0, N_("Give a resolution between 18 and 600."),
		         N_("a resolution of %g dpi is out of range"), (double)dpi);
		return TB_EINVAL;
	}
	if (!(d = calloc(1, sizeof *d)))
		return TB_ENOMEM;
	d->base.ctx = ctx;
	d->base.begin_doc = png_begin_doc;
	d->base.begin_page = png_begin_page;
	d->base.glyphs = png_glyphs;
	d->base.rule = png_rule;
	d->base.rect = png_rect;
	d->base.image = png_image;
	d->base.seal = png_seal;
	d->base.path = png_path;
	d->base.clip = png_clip;
	d->base.clip_end = png_clip_end;
	d->base.end_page = png_end_page;
	d->base.drop = png_drop;
	d->out = out;
	d->scale = dpi / 72.f;
	d->want = opts->page ? opts->page - 1 : 0;
	if ((st = tb_fonts_get(ctx, &d->fm)) != TB_OK) {
		png_drop(&d->base);
		return st;
	}
	d->draw = hb_draw_funcs_create();
	hb_draw_funcs_set_move_to_func(d->draw, on_move, NULL, NULL);
	hb_draw_funcs_set_line_to_func(d->draw, on_line, NULL, NULL);
	hb_draw_funcs_set_quadratic_to_func(d->draw, on_quad, NULL, NULL);
	hb_draw_funcs_set_cubic_to_func(d->draw, on_cubic, NULL, NULL);
	hb_draw_funcs_set_close_path_func(d->draw, on_close, NULL, NULL);
	hb_draw_funcs_make_immutable(d->draw);
	*dev = &d->base;
	return TB_OK;
}
