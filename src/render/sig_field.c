/* sig_field.c: seal places become empty, named, visible signature fields. Their frame and
 * label are also drawn in the page content, because signing tools (pdfsig, mutool) replace
 * the widget's appearance with their own or with nothing. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ctx.h"
#include "core/i18n.h"
#include "core/utf8.h"
#include "core/vec.h"
#include "render/pdf_priv.h"

#define SEAL_LABEL_SIZE 10.5f /* 五号 */
#define SEAL_FRAME_WIDTH 0.75f
#define EDGE_TOLERANCE 1.5f

static bool near(float a, float b)
{
	return fabsf(a - b) <= EDGE_TOLERANCE;
}

/* Does a rule of the page run along one edge of the seal box? */
static bool on_edge(const tb_dl_item *r, const tb_dl_item *s)
{
	float x0 = s->u.seal.x, y0 = s->u.seal.y, x1 = x0 + s->u.seal.w, y1 = y0 + s->u.seal.h;
	float ax = r->u.rule.x1, ay = r->u.rule.y1, bx = r->u.rule.x2, by = r->u.rule.y2;
	if (near(ay, by) && (near(ay, y0) || near(ay, y1)))
		return fminf(ax, bx) <= x0 + EDGE_TOLERANCE && fmaxf(ax, bx) >= x1 - EDGE_TOLERANCE;
	if (near(ax, bx) && (near(ax, x0) || near(ax, x1)))
		return fminf(ay, by) <= y0 + EDGE_TOLERANCE && fmaxf(ay, by) >= y1 - EDGE_TOLERANCE;
	return false;
}

static tb_status push(tb_pdf_extra *x, const tb_dl_item *it)
{
	if (TB_GROW(x->items, x->cap, x->n + 1) != TB_OK)
		return TB_ENOMEM;
	x->items[x->n++] = *it;
	return TB_OK;
}

static tb_status add_frame(const tb_dl_item *s, tb_pdf_extra *out)
{
	float x0 = s->u.seal.x, y0 = s->u.seal.y, x1 = x0 + s->u.seal.w, y1 = y0 + s->u.seal.h;
	float pts[4][4] = {{x0, y0, x1, y0}, {x1, y0, x1, y1}, {x1, y1, x0, y1}, {x0, y1, x0, y0}};
	int k;
	for (k = 0; k < 4; k++) {
		tb_dl_item r;
		tb_status st;
		memset(&r, 0, sizeof r);
		r.kind = TB_DL_RULE;
		r.u.rule.x1 = pts[k][0];
		r.u.rule.y1 = pts[k][1];
		r.u.rule.x2 = pts[k][2];
		r.u.rule.y2 = pts[k][3];
		r.u.rule.width = SEAL_FRAME_WIDTH;
		r.u.rule.dashed = 1;
		if ((st = push(out, &r)) != TB_OK)
			return st;
	}
	return TB_OK;
}

/* The label, centred near the bottom of the box in the Song face (fallback per char). */
static tb_status add_label(tb_fonts *fm, const tb_dl_item *s, tb_pdf_extra *out)
{
	const char *label = s->u.seal.label;
	size_t len = strlen(label), i = 0, n = 0;
	const tb_face *song = tb_fonts_resolve(fm, "宋体", false, false, TB_SCRIPT_EAST_ASIAN, NULL);
	tb_dl_glyph *g = calloc(len + 1, sizeof *g);
	float x = 0.f, width = 0.f;
	tb_dl_item it;
	tb_status st;

	if (!g)
		return TB_ENOMEM;
	while (i < len) {
		int32_t cp = tb_utf8_next(label, len, &i);
		const tb_face *f;
		if (cp < 0)
			continue;
		f = tb_pdf_pick_face(fm, song, (uint32_t)cp);
		g[n].cp = (uint32_t)cp;
		g[n].x = width;
		width += f ? tb_face_advance(f, (uint32_t)cp, SEAL_LABEL_SIZE) : 0.f;
		n++;
	}
	x = s->u.seal.x + (s->u.seal.w - width) / 2.f;
	if (x < s->u.seal.x)
		x = s->u.seal.x;
	for (i = 0; i < n; i++)
		g[i].x += x;
	memset(&it, 0, sizeof it);
	it.kind = TB_DL_GLYPHS;
	it.u.glyphs.face = song;
	it.u.glyphs.size = SEAL_LABEL_SIZE;
	it.u.glyphs.y = s->u.seal.y + s->u.seal.h - SEAL_LABEL_SIZE * 0.6f;
	it.u.glyphs.n = n;
	it.u.glyphs.glyphs = g;
	st = push(out, &it);
	if (st != TB_OK)
		free(g);
	return st;
}

tb_status tb_pdf_seal_content(tb_ctx *ctx, tb_fonts *fm, const tb_dl_page *p,
                              const tb_dl_item *seal, tb_pdf_extra *out)
{
	size_t i, edges = 0;
	bool labelled = false;
	float x0 = seal->u.seal.x, y0 = seal->u.seal.y;
	float x1 = x0 + seal->u.seal.w, y1 = y0 + seal->u.seal.h;
	tb_status st = TB_OK;

	if (seal->u.seal.w <= 0.f || seal->u.seal.h <= 0.f) {
		const char *name = seal->u.seal.name ? seal->u.seal.name : "?";
		tb_warn(ctx, "pdf.seal-empty", NULL, 0, 0,
		        N_("Give the seal place a size in the template (a table cell or a frame)."),
		        N_("seal place '%s' has no area; its signature field is invisible"),
		        name);
		return TB_OK;
	}
	for (i = 0; i < p->n; i++) {
		const tb_dl_item *it = &p->items[i];
		if (it->kind == TB_DL_RULE && on_edge(it, seal))
			edges++;
		else if (it->kind == TB_DL_GLYPHS && it->u.glyphs.n > 0 && it->u.glyphs.y > y0 &&
		         it->u.glyphs.y <= y1 + 1.f && it->u.glyphs.glyphs[0].x >= x0 - 1.f &&
		         it->u.glyphs.glyphs[0].x < x1)
			labelled = true;
	}
	if (edges < 4)
		st = add_frame(seal, out);
	if (st == TB_OK && !labelled && seal->u.seal.label && *seal->u.seal.label)
		st = add_label(fm, seal, out);
	return st;
}

tb_status tb_pdf_seal_field(tb_ctx *ctx, HPDF_Doc pdf, HPDF_Page page, float page_height,
                            const tb_dl_item *seal, const char *name)
{
	float rect[4];
	char ap[160];
	int n;
	float w = seal->u.seal.w, h = seal->u.seal.h;

	if (w <= 0.f || h <= 0.f)
		w = h = 0.f; /* invisible field, as PDF allows */
	rect[0] = seal->u.seal.x;
	rect[1] = page_height - seal->u.seal.y - h;
	rect[2] = seal->u.seal.x + w;
	rect[3] = page_height - seal->u.seal.y;
	/* The widget's own appearance: the same dashed frame, inset by half the line. */
	n = snprintf(ap, sizeof ap, "q %.2f w [3 2] 0 d 0 0 0 RG %.2f %.2f %.2f %.2f re S Q\n",
	             SEAL_FRAME_WIDTH, SEAL_FRAME_WIDTH / 2, SEAL_FRAME_WIDTH / 2,
	             w > SEAL_FRAME_WIDTH ? w - SEAL_FRAME_WIDTH : 0.f,
	             h > SEAL_FRAME_WIDTH ? h - SEAL_FRAME_WIDTH : 0.f);
	if (n <= 0 || (size_t)n >= sizeof ap)
		return TB_ERROR;
	if (tb_hpdf_add_sig_field(pdf, page, rect, name, ap, (size_t)n) != HPDF_OK) {
		tb_error(ctx, "pdf.seal", NULL, 0, 0, N_("This is a bug; please report it with the input."),
		         N_("could not add signature field '%s'"), name);
		return TB_ERROR;
	}
	return TB_OK;
}
