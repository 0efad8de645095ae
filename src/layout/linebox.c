/* linebox.c: line heights and paragraph spacing as LibreOffice Writer computes them
 * (reference/layout-metrics.md §1-3): font metrics in twips, the line's real height and
 * baseline under single, proportional, at-least and exact spacing or the document grid, and
 * the space between two paragraphs (max or sum, contextual spacing, the previous paragraph's
 * proportional extra). Work is in twips, as Writer's core is, so rounding matches. */
#include <math.h>
#include <string.h>

#include "layout/lay.h"

int lay_tw(float pt)
{
	return (int)lroundf(pt * 20.0f);
}

void lay_face_metrics(const lay_ctx *L, const tb_face *f, float size, int *asc, int *height)
{
	tb_line_metrics m;
	int lead;
	tb_face_line_metrics(f, lay_tw(size), &m);
	lead = L->doc->compat.ext_leading ? m.leading : 0;
	*asc = m.ascent + lead;
	*height = m.height + lead;
}

int lay_prop_percent(const tb_pprops *pp)
{
	int p = (int)lroundf(pp->line * 100.0f);
	if (p <= 0)
		return 100;
	return p < 50 ? 50 : p;
}

float lay_grid_pitch(const tb_section *s)
{
	return s->line_pitch + (s->grid_ruby > 0 ? s->grid_ruby : 0);
}

bool lay_grid_applies(const lay_ctx *L, const tb_pprops *pp)
{
	const tb_section *s = L->sect;
	return s && s->grid_lines && s->line_pitch > 0 && !pp->no_snap_grid && !L->in_header;
}

/* SwTextFormatter::CalcRealHeight: from the natural ascent and height of the line (twips)
 * and the height of its tallest portion, the line's real height and its baseline below the
 * line top (points). Extra height goes above the text; *extra is the part of it that
 * proportional spacing adds (LibreOffice leaves it out on the first line of a page). */
void lay_line_box(const lay_ctx *L, const tb_pprops *pp, int asc, int height, int text_h,
                  bool first, float *real_h, float *base, float *extra)
{
	int h = height, a = asc, real = height, prop = 0;
	if (lay_grid_applies(L, pp)) {
		/* Whole grid pitches, the text centred in them; exact and at-least are ignored,
		 * proportional spacing stretches lines after the first. */
		int g = lay_tw(lay_grid_pitch(L->sect)), k = (height + g - 1) / g;
		int ruby = lay_tw(L->sect->grid_ruby > 0 ? L->sect->grid_ruby : 0);
		if (k < 1)
			k = 1;
		h = k * g;
		a = asc + (h - height + ruby) / 2;
		real = h;
		if (pp->line_rule == TB_LINE_MULTIPLE && !first && lay_prop_percent(pp) > 100) {
			real = h * lay_prop_percent(pp) / 100;
			prop = real - h;
		}
	} else if (pp->line_rule == TB_LINE_EXACT) {
		h = real = lay_tw(pp->line);
		a = 4 * h / 5;
	} else if (pp->line_rule == TB_LINE_ATLEAST) {
		int v = lay_tw(pp->line);
		real = v > height ? v : height;
	} else {
		int p = lay_prop_percent(pp);
		if (first) {
			/* No extra on a first line (the paragraph's top space gets it instead); under
			 * 100 % Word-compatible documents shrink it, ascent at four fifths. */
			if (p < 100 && L->doc->compat.prop_shrinks_first) {
				h = real = height * p / 100;
				a = 4 * h / 5;
			}
		} else {
			/* The extra is a share of the tallest portion's height. */
			real = height + (p - 100) * text_h / 100;
			if (real < 1)
				real = 1;
			prop = real > height ? real - height : 0;
		}
	}
	/* ODF style:line-spacing (LibreOffice's leading) adds above every line after the
	 * first; the first gets it as space above the paragraph (para.c). */
	if (pp->line_leading > 0 && !first) {
		real += lay_tw(pp->line_leading);
		prop += lay_tw(pp->line_leading);
	}
	*real_h = (float)real / 20.0f;
	*base = (float)(a + real - h) / 20.0f;
	*extra = (float)prop / 20.0f;
}

float lay_prop_extra(const lay_ctx *L, const tb_pprops *pp, int last_height)
{
	int p, extra;
	(void)L;
	if (pp->line_rule != TB_LINE_MULTIPLE)
		return 0;
	p = lay_prop_percent(pp);
	extra = last_height * p / 100 - last_height;
	return extra > 0 ? (float)extra / 20.0f : 0;
}

float lay_para_gap(const lay_ctx *L, const lay_line *prev, const tb_block *b)
{
	const tb_block *pb = prev->para;
	float after = prev->after, before = b->pp.space_before, gap;
	/* contextualSpacing: between paragraphs of the same style, a paragraph that sets it
	 * drops its own space on that side (tdf#125893). */
	bool same = pb->style && b->style && !strcmp(pb->style, b->style);
	if (same && b->pp.contextual_spacing)
		before = 0;
	if (same && pb->pp.contextual_spacing)
		after = 0;
	gap = L->doc->compat.para_space_sum ? after + before : after > before ? after : before;
	return gap + prev->prop_extra;
}
