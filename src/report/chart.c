/* chart.c: the self-assessment chart: bars drawn as display-list rectangles and rules, labels
 * as glyph runs, so the PDF carries vectors and searchable text. */
#include "report/chart.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ctx.h"
#include "core/utf8.h"
#include "font/font.h"
#include "tianbiao/tb_program.h"

static const tb_rgb black = {0, 0, 0};
static const tb_rgb grey = {217, 217, 217};
static const tb_rgb blue = {46, 92, 158};

/* Push the run of n characters drawn with `face`; the page takes over `glyphs`. */
static tb_status push_run(tb_dl_page *page, const tb_face *face, float size, float baseline,
                          tb_rgb color, tb_dl_glyph *glyphs, size_t n)
{
	tb_dl_item it;
	tb_status st;
	memset(&it, 0, sizeof it);
	it.kind = TB_DL_GLYPHS;
	it.u.glyphs.face = face;
	it.u.glyphs.size = size;
	it.u.glyphs.y = baseline;
	it.u.glyphs.color = color;
	it.u.glyphs.n = n;
	it.u.glyphs.glyphs = glyphs;
	if ((st = tb_dl_push(page, &it)) != TB_OK)
		free(glyphs);
	return st;
}

/* One pass over the text: measure, and draw when page is not NULL. */
static tb_status text_run(tb_ctx *ctx, tb_dl_page *page, const char *family, float size, float x,
                          float baseline, tb_rgb color, const char *s, float *width)
{
	tb_fonts *fonts;
	const tb_face *ea, *latin, *cur = NULL;
	tb_dl_glyph *run = NULL;
	size_t n = 0, i = 0, len = strlen(s);
	float pen = x;
	bool sb1 = false, sb2 = false;
	tb_status st = TB_OK;

	*width = 0;
	if ((st = tb_fonts_get(ctx, &fonts)) != TB_OK)
		return st;
	ea = tb_fonts_resolve(fonts, family, false, false, TB_SCRIPT_EAST_ASIAN, &sb1);
	latin = tb_fonts_resolve(fonts, family, false, false, TB_SCRIPT_LATIN, &sb2);
	while (i < len && st == TB_OK) {
		int32_t cp = tb_utf8_next(s, len, &i);
		const tb_face *face;
		if (cp < 0)
			continue;
		face = tb_cp_is_east_asian((uint32_t)cp) ? ea : latin;
		if (!face || !tb_face_has(face, (uint32_t)cp))
			face = tb_fonts_face_for(fonts, face, (uint32_t)cp);
		if (!face)
			continue; /* nothing can draw it; the layout reports such characters */
		if (page && face != cur && n) {
			st = push_run(page, cur, size, baseline, color, run, n);
			run = NULL;
			n = 0;
		}
		if (page && !run && !(run = malloc((len + 1) * sizeof *run)))
			return TB_ENOMEM;
		if (run) {
			run[n].cp = (uint32_t)cp;
			run[n].x = pen;
			n++;
		}
		cur = face;
		pen += tb_face_advance(face, (uint32_t)cp, size);
	}
	if (st == TB_OK && page && n) {
		st = push_run(page, cur, size, baseline, color, run, n);
		run = NULL;
	}
	free(run);
	*width = pen - x;
	return st;
}

tb_status tb_chart_text(tb_ctx *ctx, tb_dl_page *page, const char *family, float size, float x,
                        float baseline, tb_rgb color, const char *utf8, float *width)
{
	float w;
	tb_status st = text_run(ctx, page, family, size, x, baseline, color, utf8, &w);
	if (width)
		*width = w;
	return st;
}

float tb_chart_text_width(tb_ctx *ctx, const char *family, float size, const char *utf8)
{
	float w = 0;
	/* Measuring only: a face that cannot shape the text measures as nothing. */
	if (text_run(ctx, NULL, family, size, 0, 0, black, utf8, &w) != TB_OK)
		return 0;
	return w;
}

/* Cut a label to fit `maxw`, ending with an ellipsis. */
static char *fit_label(tb_ctx *ctx, const char *family, float size, const char *s, float maxw)
{
	size_t len = strlen(s), i = 0, keep = 0;
	char *out;
	if (tb_chart_text_width(ctx, family, size, s) <= maxw)
		return strdup(s);
	out = malloc(len + 4);
	if (!out)
		return NULL;
	while (i < len) {
		size_t j = i;
		tb_utf8_next(s, len, &j);
		memcpy(out, s, j);
		memcpy(out + j, "…", 3 + 1);
		if (tb_chart_text_width(ctx, family, size, out) > maxw)
			break;
		keep = j;
		i = j;
	}
	memcpy(out, s, keep);
	memcpy(out + keep, "…", 3 + 1);
	return out;
}

/* A label in at most two lines of `maxw`: the first as many characters as fit (at a space
 * when the cut falls in Latin text), the second the rest, cut with an ellipsis only when even
 * two lines are too short (the table under the chart has every title in full). */
static tb_status wrap_label(tb_ctx *ctx, const char *family, float size, const char *s,
                            float maxw, char **l1, char **l2)
{
	size_t len = strlen(s), i = 0, cut = 0, space = 0;
	*l1 = *l2 = NULL;
	if (tb_chart_text_width(ctx, family, size, s) <= maxw) {
		*l1 = strdup(s);
		return *l1 ? TB_OK : TB_ENOMEM;
	}
	while (i < len) {
		size_t j = i;
		char tmp[512];
		int32_t cp = tb_utf8_next(s, len, &j);
		if (j >= sizeof tmp)
			break;
		memcpy(tmp, s, j);
		tmp[j] = '\0';
		if (tb_chart_text_width(ctx, family, size, tmp) > maxw)
			break;
		if (cp == ' ')
			space = j;
		cut = j;
		i = j;
	}
	/* inside a Latin word: break at its space instead */
	if (space && cut < len && s[cut] != ' ' && (unsigned char)s[cut] < 0x80 && cut > 0 &&
	    (unsigned char)s[cut - 1] < 0x80)
		cut = space;
	if (cut == 0)
		cut = len;
	*l1 = malloc(cut + 1);
	if (!*l1)
		return TB_ENOMEM;
	memcpy(*l1, s, cut);
	(*l1)[cut] = '\0';
	while (cut < len && s[cut] == ' ')
		cut++;
	if (cut < len && !(*l2 = fit_label(ctx, family, size, s + cut, maxw)))
		return TB_ENOMEM;
	return TB_OK;
}

tb_status tb_chart_draw(tb_ctx *ctx, tb_dl_page *page, float x, float y, float w, float h,
                        const char *title, const tb_chart_bar *bars, size_t n)
{
	const char *family = "宋体";
	float title_size = 12, size = 10.5f, label_w, bar_x, bar_w, row_h, top, scale;
	long maxmax = 1;
	size_t i;
	tb_status st;
	float tw;

	if (n == 0 || w < 100 || h < 60)
		return TB_OK;
	for (i = 0; i < n; i++)
		if (bars[i].max > maxmax)
			maxmax = bars[i].max;
	/* Title centred, legend under it, then the rows. */
	tw = tb_chart_text_width(ctx, "黑体", title_size, title);
	if ((st = tb_chart_text(ctx, page, "黑体", title_size, x + (w - tw) / 2, y + title_size + 2,
	                        black, title, NULL)))
		return st;
	{
		float lx = x + w / 2 - 90, ly = y + title_size + 10;
		if ((st = tb_dl_push_rect(page, lx, ly, 10, 8, blue)) ||
		    (st = tb_chart_text(ctx, page, family, 9, lx + 14, ly + 8, black, "自评得分", &tw)) ||
		    (st = tb_dl_push_rect(page, lx + 90, ly, 10, 8, grey)) ||
		    (st = tb_chart_text(ctx, page, family, 9, lx + 104, ly + 8, black, "满分", &tw)))
			return st;
	}
	top = y + title_size + 28;
	row_h = (y + h - top) / (float)n;
	if (row_h > 36)
		row_h = 36;
	label_w = w * 0.40f;
	if (row_h < 2.4f * size + 4)
		size = (row_h - 4) / 2.4f > 7.5f ? (row_h - 4) / 2.4f : 7.5f;
	bar_x = x + label_w + 6;
	bar_w = w - label_w - 6 - 60; /* room for "17 / 20" */
	scale = bar_w / (float)maxmax;
	for (i = 0; i < n; i++) {
		float ry = top + row_h * (float)i, bh = row_h * 0.5f, by = ry + (row_h - bh) / 2;
		char *l1, *l2;
		char a[32], b[32], txt[80];
		float mid = by + bh / 2 + size * 0.35f, lead = size * 1.2f;
		st = wrap_label(ctx, family, size, bars[i].label, label_w, &l1, &l2);
		if (st == TB_OK)
			st = tb_chart_text(ctx, page, family, size, x, l2 ? mid - lead / 2 : mid, black, l1, NULL);
		if (st == TB_OK && l2)
			st = tb_chart_text(ctx, page, family, size, x, mid + lead / 2, black, l2, NULL);
		free(l1);
		free(l2);
		if (st)
			return st;
		if ((st = tb_dl_push_rect(page, bar_x, by, scale * (float)bars[i].max, bh, grey)))
			return st;
		if (bars[i].value > 0 &&
		    (st = tb_dl_push_rect(page, bar_x, by, scale * (float)(bars[i].value < bars[i].max ? bars[i].value : bars[i].max), bh, blue)))
			return st;
		tb_points_format(bars[i].value, a, sizeof a);
		tb_points_format(bars[i].max, b, sizeof b);
		snprintf(txt, sizeof txt, "%s / %s", a, b);
		if ((st = tb_chart_text(ctx, page, family, size, bar_x + scale * (float)bars[i].max + 6,
		                        by + bh / 2 + size * 0.35f, black, txt, NULL)))
			return st;
	}
	/* The axis the bars start from. */
	return tb_dl_push_rule(page, bar_x, top, bar_x, top + row_h * (float)n, 0.75f, black, 0);
}
