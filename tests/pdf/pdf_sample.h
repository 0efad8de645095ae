/* pdf_sample.h: display lists built directly in C for the PDF device tests (no layout
 * needed): a form page with Chinese, Latin, digits, an Extension B character, fallback
 * characters, rules, shading, a PNG and two seal places. */
#ifndef TB_TESTS_PDF_SAMPLE_H
#define TB_TESTS_PDF_SAMPLE_H
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "font/font.h"
#include "render/device.h"

#define A4_W 595.276f
#define A4_H 841.89f

static const unsigned char sample_png[] = {
	0x89,0x50,0x4e,0x47,0x0d,0x0a,0x1a,0x0a,0x00,0x00,0x00,0x0d,0x49,0x48,0x44,0x52,0x00,0x00,
	0x00,0x04,0x00,0x00,0x00,0x04,0x08,0x02,0x00,0x00,0x00,0x26,0x93,0x09,0x29,0x00,0x00,0x00,
	0x10,0x49,0x44,0x41,0x54,0x78,0xda,0x63,0x38,0x21,0x27,0x07,0x47,0x0c,0xc4,0x71,0x00,0xb1,
	0x63,0x10,0x41,0xd3,0x4a,0xcc,0x0d,0x00,0x00,0x00,0x00,0x49,0x45,0x4e,0x44,0xae,0x42,0x60,
	0x82};

/* Lay one line of text the way the layout does: East Asian characters with the East Asian
 * family, the rest with the Latin one, each run on the same baseline; returns the end x. */
static float sample_text(tb_fonts *f, tb_dl_page *p, const char *ea, const char *latin, float size,
                         float x, float y, int bold, const char *s)
{
	size_t len = strlen(s), i = 0;
	while (i < len) {
		size_t save = i, n = 0, k = 0;
		int32_t cp = tb_utf8_next(s, len, &i);
		int is_ea = tb_cp_is_east_asian((uint32_t)cp);
		bool synth = false;
		const tb_face *face = tb_fonts_resolve(f, is_ea ? ea : latin, bold, false,
		                                       is_ea ? TB_SCRIPT_EAST_ASIAN : TB_SCRIPT_LATIN, &synth);
		tb_dl_item it;
		size_t j = save;
		while (j < len) {
			size_t before = j;
			int32_t c = tb_utf8_next(s, len, &j);
			if (tb_cp_is_east_asian((uint32_t)c) != is_ea) {
				j = before;
				break;
			}
			n++;
		}
		memset(&it, 0, sizeof it);
		it.kind = TB_DL_GLYPHS;
		it.u.glyphs.face = face;
		it.u.glyphs.size = size;
		it.u.glyphs.y = y;
		it.u.glyphs.synthetic_bold = synth;
		it.u.glyphs.n = n;
		it.u.glyphs.glyphs = calloc(n, sizeof(tb_dl_glyph));
		i = save;
		for (k = 0; k < n; k++) {
			uint32_t c = (uint32_t)tb_utf8_next(s, len, &i);
			const tb_face *g = tb_fonts_face_for(f, face, c);
			it.u.glyphs.glyphs[k].cp = c;
			it.u.glyphs.glyphs[k].x = x;
			x += g ? tb_face_advance(g, c, size) : 0.f;
		}
		if (tb_dl_push(p, &it) != TB_OK)
			abort();
	}
	return x;
}

static void sample_rule(tb_dl_page *p, float x1, float y1, float x2, float y2, int dashed)
{
	tb_dl_item it;
	memset(&it, 0, sizeof it);
	it.kind = TB_DL_RULE;
	it.u.rule.x1 = x1;
	it.u.rule.y1 = y1;
	it.u.rule.x2 = x2;
	it.u.rule.y2 = y2;
	it.u.rule.width = 0.75f;
	it.u.rule.dashed = (uint8_t)dashed;
	if (tb_dl_push(p, &it) != TB_OK)
		abort();
}

static void sample_seal(tb_dl_page *p, float x, float y, float w, float h, const char *name,
                        const char *label)
{
	tb_dl_item it;
	memset(&it, 0, sizeof it);
	it.kind = TB_DL_SEAL;
	it.u.seal.x = x;
	it.u.seal.y = y;
	it.u.seal.w = w;
	it.u.seal.h = h;
	it.u.seal.name = strdup(name);
	it.u.seal.label = label ? strdup(label) : NULL;
	if (tb_dl_push(p, &it) != TB_OK)
		abort();
}

/* The sample form. `variant` 1 changes one character (for the different-bytes check), 2 one
 * line to characters drawn nowhere else (other glyphs of the same faces). */
static tb_dl_doc *sample_doc(tb_fonts *f, int variant)
{
	tb_dl_doc *d = tb_dl_doc_new();
	tb_dl_page *p = tb_dl_add_page(d, A4_W, A4_H);
	tb_dl_item it;
	float x;

	d->title = strdup("个人信息登记表 & <测试>");
	d->author = strdup("张𡈼");
	d->subject = strdup("tianbiao PDF device test");
	d->keywords = strdup("申报, 测试");
	d->lang = strdup("zh-CN");
	d->epoch = 1638316800;

	sample_text(f, p, "黑体", "Arial", 18, 200, 80, 1, "个人信息登记表");
	x = sample_text(f, p, "宋体", "Times New Roman", 12, 72, 130, 0, "姓名：张𡈼");
	sample_text(f, p, "宋体", "Times New Roman", 12, x + 24, 130, 0, "Name: Zhang Ji");
	sample_text(f, p, "宋体", "Times New Roman", 12, 72, 160, 0,
	            variant == 2 ? "籍贯：漠河县北极村" : variant ? "出生日期：1990年1月2日"
	                                                  : "出生日期：1990年1月1日");
	/* bold FangSong: no such face, so synthetic bold */
	sample_text(f, p, "仿宋_GB2312", "Times New Roman", 12, 72, 190, 1, "联系电话：010-12345678");
	/* 가 is not in FandolSong: it falls back to Noto Serif CJK; 𰻞 (Extension G) too. */
	sample_text(f, p, "宋体", "Times New Roman", 12, 72, 220, 0, "韩文：가나 王𰻞芳");
	sample_text(f, p, "楷体", "Times New Roman", 12, 72, 250, 0,
	            "本人承诺以上信息真实、准确、完整。");
	/* Justified: per-character positions that are not the natural advances. */
	{
		const char *s = "分散对齐";
		size_t i = 0, k = 0, len = strlen(s);
		memset(&it, 0, sizeof it);
		it.kind = TB_DL_GLYPHS;
		it.u.glyphs.face = tb_fonts_resolve(f, "宋体", false, false, TB_SCRIPT_EAST_ASIAN, NULL);
		it.u.glyphs.size = 12;
		it.u.glyphs.y = 280;
		it.u.glyphs.synthetic_italic = 1;
		it.u.glyphs.n = 4;
		it.u.glyphs.glyphs = calloc(4, sizeof(tb_dl_glyph));
		while (i < len) {
			it.u.glyphs.glyphs[k].cp = (uint32_t)tb_utf8_next(s, len, &i);
			it.u.glyphs.glyphs[k].x = 72 + 40 * (float)k;
			k++;
		}
		if (tb_dl_push(p, &it) != TB_OK)
			abort();
	}
	/* A table frame, a shaded cell, a dashed rule, an image. */
	sample_rule(p, 72, 300, 523, 300, 0);
	sample_rule(p, 72, 340, 523, 340, 0);
	sample_rule(p, 72, 300, 72, 340, 0);
	sample_rule(p, 523, 300, 523, 340, 0);
	sample_rule(p, 72, 360, 523, 360, 1);
	memset(&it, 0, sizeof it);
	it.kind = TB_DL_RECT;
	it.u.rect.x = 73;
	it.u.rect.y = 301;
	it.u.rect.w = 100;
	it.u.rect.h = 38;
	it.u.rect.color = (tb_rgb){220, 220, 220};
	if (tb_dl_push(p, &it) != TB_OK)
		abort();
	sample_text(f, p, "宋体", "Times New Roman", 10.5f, 80, 324, 0, "备注");
	memset(&it, 0, sizeof it);
	it.kind = TB_DL_IMAGE;
	it.u.image.x = 450;
	it.u.image.y = 100;
	it.u.image.w = 60;
	it.u.image.h = 80;
	it.u.image.data = malloc(sizeof sample_png);
	memcpy((void *)it.u.image.data, sample_png, sizeof sample_png);
	it.u.image.len = sizeof sample_png;
	it.u.image.format = TB_IMG_PNG;
	if (tb_dl_push(p, &it) != TB_OK)
		abort();
	/* Seal places: the first with its label drawn by "layout", the second without. */
	sample_text(f, p, "宋体", "Times New Roman", 10.5f, 90, 560, 0, "申报单位（公章）");
	sample_seal(p, 72, 420, 200, 150, "applicant_seal", "申报单位（公章）");
	sample_seal(p, 323, 420, 200, 150, "recommender_seal", "推荐单位（公章）");

	p = tb_dl_add_page(d, A4_W, A4_H);
	sample_text(f, p, "宋体", "Times New Roman", 10.5f, 260, 800, 0, "第 2 页 共 2 页");
	return d;
}

#endif
