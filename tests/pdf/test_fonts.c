/* test_fonts.c: the font map, fontconfig lookup, metrics, synthetic bold, substitution
 * warnings and the fallback chain, against the Debian fonts the set-up script installs. */
#include <fontconfig/fontconfig.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "core/ctx.h"
#include "font/font.h"

static size_t count_code(tb_ctx *ctx, const char *code)
{
	size_t i, n = 0;
	for (i = 0; i < tb_diag_count(ctx); i++)
		if (strcmp(tb_diag_get(ctx, i)->code, code) == 0)
			n++;
	return n;
}


TEST(map_names_to_debian_faces)
{
	tb_ctx *ctx;
	tb_fonts *f;
	bool synth = true;
	const tb_face *song, *again;
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	CHECK(tb_fonts_get(ctx, &f) == TB_OK);
	song = tb_fonts_resolve(f, "宋体", false, false, TB_SCRIPT_EAST_ASIAN, &synth);
	CHECK(song && strstr(tb_face_name(song), "UMing") != NULL);
	CHECK(!synth);
	again = tb_fonts_resolve(f, "SimSun", false, false, TB_SCRIPT_EAST_ASIAN, NULL);
	CHECK(again == song); /* one face per process */
	CHECK(strstr(tb_face_name(tb_fonts_resolve(f, "黑体", false, false, TB_SCRIPT_EAST_ASIAN, NULL)), "WenQuanYi") != NULL);
	CHECK(strstr(tb_face_name(tb_fonts_resolve(f, "Microsoft YaHei", false, false, TB_SCRIPT_EAST_ASIAN, NULL)), "WenQuanYi") != NULL);
	CHECK(strstr(tb_face_name(tb_fonts_resolve(f, "楷体_GB2312", false, false, TB_SCRIPT_EAST_ASIAN, NULL)), "UKai") != NULL);
	CHECK_EQ_INT(tb_diag_count(ctx), 0);
	CHECK_EQ_STR(tb_face_name(tb_fonts_resolve(f, "Times New Roman", false, false, TB_SCRIPT_LATIN, NULL)), "LiberationSerif");
	CHECK_EQ_STR(tb_face_name(tb_fonts_resolve(f, "Arial", false, false, TB_SCRIPT_LATIN, NULL)), "LiberationSans");
	/* A Latin family asked for East Asian text draws with the East Asian default. */
	CHECK(tb_fonts_resolve(f, "Times New Roman", false, false, TB_SCRIPT_EAST_ASIAN, NULL) == song);
	CHECK_EQ_INT(tb_diag_count(ctx), 0);
	tb_ctx_free(ctx);
}

TEST(bold_real_and_synthetic)
{
	tb_ctx *ctx;
	tb_fonts *f;
	bool synth = false;
	const tb_face *b;
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	CHECK(tb_fonts_get(ctx, &f) == TB_OK);
	b = tb_fonts_resolve(f, "Times New Roman", true, false, TB_SCRIPT_LATIN, &synth);
	CHECK_EQ_STR(tb_face_name(b), "LiberationSerif-Bold");
	CHECK(!synth);
	b = tb_fonts_resolve(f, "Times New Roman", true, true, TB_SCRIPT_LATIN, &synth);
	CHECK_EQ_STR(tb_face_name(b), "LiberationSerif-BoldItalic");
	b = tb_fonts_resolve(f, "黑体", true, false, TB_SCRIPT_EAST_ASIAN, &synth);
	CHECK(strstr(tb_face_name(b), "WenQuanYi") != NULL);
	CHECK(synth); /* no bold Hei on Debian */
	tb_ctx_free(ctx);
}

TEST(substitution_warned_once_per_family)
{
	tb_ctx *ctx;
	tb_fonts *f;
	const tb_face *fs;
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	CHECK(tb_fonts_get(ctx, &f) == TB_OK);
	fs = tb_fonts_resolve(f, "仿宋_GB2312", false, false, TB_SCRIPT_EAST_ASIAN, NULL);
	CHECK(strstr(tb_face_name(fs), "UKai") != NULL);
	tb_fonts_resolve(f, "仿宋_GB2312", true, false, TB_SCRIPT_EAST_ASIAN, NULL);
	CHECK_EQ_INT(count_code(ctx, "font.substituted"), 1);
	tb_fonts_resolve(f, "方正小标宋简体", false, false, TB_SCRIPT_EAST_ASIAN, NULL);
	CHECK_EQ_INT(count_code(ctx, "font.substituted"), 2);
	/* Unknown and not installed: the class default, reported. */
	fs = tb_fonts_resolve(f, "No Such Font 42", false, false, TB_SCRIPT_LATIN, NULL);
	CHECK_EQ_STR(tb_face_name(fs), "LiberationSerif");
	CHECK_EQ_INT(count_code(ctx, "font.substituted"), 3);
	/* Not in the map but installed: used as is, silently. */
	fs = tb_fonts_resolve(f, "DejaVu Serif", false, false, TB_SCRIPT_LATIN, NULL);
	CHECK_EQ_STR(tb_face_name(fs), "DejaVuSerif");
	CHECK_EQ_INT(count_code(ctx, "font.substituted"), 3);
	tb_ctx_free(ctx);
}

TEST(metrics)
{
	tb_ctx *ctx;
	tb_fonts *f;
	const tb_face *song, *serif;
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	CHECK(tb_fonts_get(ctx, &f) == TB_OK);
	song = tb_fonts_resolve(f, "宋体", false, false, TB_SCRIPT_EAST_ASIAN, NULL);
	serif = tb_fonts_resolve(f, "Times New Roman", false, false, TB_SCRIPT_LATIN, NULL);
	CHECK(fabsf(tb_face_advance(song, 0x4E2D, 12.f) - 12.f) < 0.01f); /* 中: one em */
	/* Liberation Serif 'A' is 1479/2048 em, metric-compatible with Times New Roman. */
	CHECK(fabsf(tb_face_advance(serif, 'A', 12.f) - 1479.f * 12.f / 2048.f) < 0.01f);
	CHECK(tb_face_advance(serif, 0x4E2D, 12.f) == 0.f);
	CHECK(tb_face_ascent(serif, 10.f) > 8.f && tb_face_ascent(serif, 10.f) < 9.5f);
	CHECK(tb_face_descent(serif, 10.f) > 1.5f && tb_face_descent(serif, 10.f) < 2.5f);
	CHECK(tb_face_ascent(song, 10.f) > 7.f);
	CHECK(tb_face_index(song) == 0 && strstr(tb_face_path(song), "uming") != NULL);
	tb_ctx_free(ctx);
}

TEST(fallback_chain)
{
	tb_ctx *ctx;
	tb_fonts *f;
	const tb_face *song, *serif, *x;
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	CHECK(tb_fonts_get(ctx, &f) == TB_OK);
	song = tb_fonts_resolve(f, "宋体", false, false, TB_SCRIPT_EAST_ASIAN, NULL);
	serif = tb_fonts_resolve(f, "Times New Roman", false, false, TB_SCRIPT_LATIN, NULL);
	CHECK(tb_fonts_face_for(f, song, 0x4E2D) == song);
	CHECK(!tb_face_has(song, 0xAC00)); /* Hangul 가: not in UMing */
	x = tb_fonts_face_for(f, song, 0xAC00);
	CHECK(x && strstr(tb_face_name(x), "WenQuanYi") != NULL);
	CHECK(tb_fonts_face_for(f, serif, 0x4E2D) == song); /* CJK in a Latin run */
	x = tb_fonts_face_for(f, song, 0x2123C); /* 𡈼, Extension B: in UMing CN */
	CHECK(x == song);
	CHECK(tb_fonts_face_for(f, song, 0x10FFFD) == NULL); /* private use: nobody */
	CHECK(tb_cp_is_east_asian(0x4E2D) && tb_cp_is_east_asian(0xFF0C) &&
	      tb_cp_is_east_asian(0x201C) && tb_cp_is_east_asian(0x20BB7));
	CHECK(!tb_cp_is_east_asian('A') && !tb_cp_is_east_asian('7') && !tb_cp_is_east_asian(0xE9));
	tb_ctx_free(ctx);
}

TEST(user_font_file_in_map)
{
	tb_ctx *ctx;
	tb_fonts *f;
	FcPattern *pat, *m;
	FcResult r;
	FcChar8 *file = NULL;
	char dir[] = "/tmp/tbfontXXXXXX", path[64];
	FILE *fp;
	const tb_face *face;

	/* Find Liberation Sans Narrow's file the way a user would, then name it in a map. */
	CHECK(FcInit());
	pat = FcNameParse((const FcChar8 *)"Liberation Sans Narrow");
	FcConfigSubstitute(NULL, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	m = FcFontMatch(NULL, pat, &r);
	CHECK(m && FcPatternGetString(m, FC_FILE, 0, &file) == FcResultMatch);
	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof path, "%s/map.xml", dir);
	fp = fopen(path, "w");
	CHECK(fp != NULL);
	fprintf(fp, "<fontmap><face id='ea' class='east-asian' family='AR PL UMing CN'/>"
	            "<face id='mine' class='latin' file='%s'/>"
	            "<family name='Arial' face='mine'/>"
	            "<default class='latin' face='mine'/><default class='east-asian' face='ea'/>"
	            "<fallback class='latin'>mine</fallback></fontmap>", (const char *)file);
	fclose(fp);
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	CHECK(tb_fonts_set_map(ctx, path) == TB_OK);
	CHECK(tb_fonts_get(ctx, &f) == TB_OK);
	face = tb_fonts_resolve(f, "Arial", false, false, TB_SCRIPT_LATIN, NULL);
	CHECK_EQ_STR(tb_face_name(face), "LiberationSansNarrow");
	CHECK(tb_fonts_set_map(ctx, path) != TB_OK); /* too late */
	tb_ctx_free(ctx);

	/* A broken map is an error with a position, not a crash. */
	fp = fopen(path, "w");
	fputs("<fontmap>\n<face id='x'/>\n</fontmap>", fp);
	fclose(fp);
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	CHECK(tb_fonts_set_map(ctx, path) == TB_OK);
	CHECK(tb_fonts_get(ctx, &f) != TB_OK);
	CHECK(count_code(ctx, "font.map") == 1 && tb_diag_get(ctx, 0)->line == 2);
	tb_ctx_free(ctx);
	unlink(path);
	rmdir(dir);
	FcPatternDestroy(pat);
	FcPatternDestroy(m);
	FcFini(); /* the test used the global configuration */
}

int main(void)
{
	static const check_test tests[] = {
		{"map_names_to_debian_faces", map_names_to_debian_faces},
		{"bold_real_and_synthetic", bold_real_and_synthetic},
		{"substitution_warned_once_per_family", substitution_warned_once_per_family},
		{"metrics", metrics},
		{"fallback_chain", fallback_chain},
		{"user_font_file_in_map", user_font_file_in_map},
	};
	return check_run(tests, sizeof tests / sizeof tests[0]);
}
