/* test_fonts.c: the font map, fontconfig lookup, metrics, synthetic bold, substitution
 * warnings and the fallback chain, against the Debian fonts the set-up script installs. */
#include <fontconfig/fontconfig.h>
#include <hb-subset.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "tianbiao/tb_render.h"
#include "core/ctx.h"
#include "core/xml.h"
#include "font/font_impl.h"
#include "font/font.h"
#include "font/font_impl.h"

static size_t count_code(tb_ctx *ctx, const char *code)
{
	size_t i, n = 0;
	for (i = 0; i < tb_diag_count(ctx); i++)
		if (strcmp(tb_diag_get(ctx, i)->code, code) == 0)
			n++;
	return n;
}


/* fontconfig's set-up started early on a thread (tb_render_prefetch_fonts) is taken by the
 * first font cache, once: a second context reads its own, and both find the same faces. A
 * second call starts nothing. */
TEST(fonts_prefetched_once)
{
	tb_ctx *a, *b;
	tb_fonts *fa, *fb;
	CHECK_EQ_INT(tb_fonts_prefetch_taken(), 0);
	tb_render_prefetch_fonts();
	CHECK(tb_ctx_new(&a) == TB_OK && tb_ctx_new(&b) == TB_OK);
	CHECK(tb_fonts_get(a, &fa) == TB_OK);
	CHECK_EQ_INT(tb_fonts_prefetch_taken(), 1);
	tb_render_prefetch_fonts();
	CHECK(tb_fonts_get(b, &fb) == TB_OK);
	CHECK_EQ_INT(tb_fonts_prefetch_taken(), 1);
	CHECK_EQ_STR(tb_face_name(tb_fonts_resolve(fa, "宋体", false, false, TB_SCRIPT_EAST_ASIAN, NULL)),
	             tb_face_name(tb_fonts_resolve(fb, "宋体", false, false, TB_SCRIPT_EAST_ASIAN, NULL)));
	tb_ctx_free(a);
	tb_ctx_free(b);
}

TEST(map_names_to_debian_faces)
{
	tb_ctx *ctx;
	tb_fonts *f;
	bool synth = true;
	const tb_face *song, *again;
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	CHECK(tb_fonts_get(ctx, &f) == TB_OK);
	/* The GB/T 9704 faces: Fandol (texlive-lang-chinese) and Noto CJK (fonts-noto-cjk). */
	song = tb_fonts_resolve(f, "宋体", false, false, TB_SCRIPT_EAST_ASIAN, &synth);
	CHECK_EQ_STR(tb_face_name(song), "FandolSong-Regular");
	CHECK(!synth);
	again = tb_fonts_resolve(f, "SimSun", false, false, TB_SCRIPT_EAST_ASIAN, NULL);
	CHECK(again == song); /* one face per process */
	CHECK_EQ_STR(tb_face_name(tb_fonts_resolve(f, "仿宋_GB2312", false, false, TB_SCRIPT_EAST_ASIAN, NULL)), "FandolFang-Regular");
	CHECK_EQ_STR(tb_face_name(tb_fonts_resolve(f, "楷体_GB2312", false, false, TB_SCRIPT_EAST_ASIAN, NULL)), "FandolKai-Regular");
	CHECK_EQ_STR(tb_face_name(tb_fonts_resolve(f, "黑体", false, false, TB_SCRIPT_EAST_ASIAN, NULL)), "FandolHei-Regular");
	CHECK_EQ_STR(tb_face_name(tb_fonts_resolve(f, "方正小标宋简体", false, false, TB_SCRIPT_EAST_ASIAN, &synth)), "NotoSerifCJKsc-Bold");
	CHECK(!synth); /* 小标宋 is a heavy Song: the Bold face itself */
	CHECK_EQ_STR(tb_face_name(tb_fonts_resolve(f, "Microsoft YaHei", false, false, TB_SCRIPT_EAST_ASIAN, NULL)), "NotoSansCJKsc-Regular");
	CHECK_EQ_INT(tb_diag_count(ctx), 0); /* none of them is a substitute */
	CHECK_EQ_STR(tb_face_name(tb_fonts_resolve(f, "Times New Roman", false, false, TB_SCRIPT_LATIN, NULL)), "LiberationSerif");
	CHECK_EQ_STR(tb_face_name(tb_fonts_resolve(f, "Arial", false, false, TB_SCRIPT_LATIN, NULL)), "LiberationSans");
	CHECK_EQ_STR(tb_face_name(tb_fonts_resolve(f, "Calibri", false, false, TB_SCRIPT_LATIN, NULL)), "Carlito");
	/* A Latin family asked for East Asian text draws with the East Asian default. */
	CHECK(tb_fonts_resolve(f, "Times New Roman", false, false, TB_SCRIPT_EAST_ASIAN, NULL) == song);
	CHECK_EQ_INT(tb_diag_count(ctx), 0);
	tb_ctx_free(ctx);
}

/* A family installed but not in the map is found by any of its names, in any case: the
 * names fontconfig knows are looked up before a match is asked for (font_map.c
 * installed_family), and a name no face has is never matched. */
TEST(installed_family_by_any_name)
{
	tb_ctx *ctx;
	tb_fonts *f;
	const tb_face *a, *b, *c;
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	CHECK(tb_fonts_get(ctx, &f) == TB_OK);
	/* fonts-wqy-zenhei: "WenQuanYi Zen Hei Sharp,文泉驛點陣正黑,文泉驿点阵正黑", the second
	 * face of its collection */
	a = tb_fonts_resolve(f, "WenQuanYi Zen Hei Sharp", false, false, TB_SCRIPT_EAST_ASIAN, NULL);
	b = tb_fonts_resolve(f, "文泉驛點陣正黑", false, false, TB_SCRIPT_EAST_ASIAN, NULL);
	c = tb_fonts_resolve(f, "WENQUANYI ZEN HEI SHARP", false, false, TB_SCRIPT_EAST_ASIAN, NULL);
	CHECK(a && a == b && a == c);
	CHECK(a && strstr(tb_face_path(a), "wqy-zenhei.ttc") != NULL);
	CHECK_EQ_INT(tb_diag_count(ctx), 0); /* found as installed, not as a substitute */
	/* not installed: not that face, and the question answered again the same way */
	a = tb_fonts_resolve(f, "No Such Family 4711", false, false, TB_SCRIPT_EAST_ASIAN, NULL);
	CHECK(a != b);
	CHECK(tb_fonts_resolve(f, "No Such Family 4711", false, false, TB_SCRIPT_EAST_ASIAN, NULL) == a);
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
	/* FandolHei-Bold and FandolSong-Bold say OS/2 weight 400: fontconfig ranks them
	 * regular, so LibreOffice emboldens the Regular face (and takes its line metrics). */
	b = tb_fonts_resolve(f, "黑体", true, false, TB_SCRIPT_EAST_ASIAN, &synth);
	CHECK_EQ_STR(tb_face_name(b), "FandolHei-Regular");
	CHECK(synth);
	synth = false;
	b = tb_fonts_resolve(f, "宋体", true, false, TB_SCRIPT_EAST_ASIAN, &synth);
	CHECK_EQ_STR(tb_face_name(b), "FandolSong-Regular");
	CHECK(synth);
	synth = false;
	b = tb_fonts_resolve(f, "FandolSong", true, false, TB_SCRIPT_EAST_ASIAN, &synth);
	CHECK_EQ_STR(tb_face_name(b), "FandolSong-Regular");
	CHECK(synth);
	b = tb_fonts_resolve(f, "宋体", false, false, TB_SCRIPT_EAST_ASIAN, &synth);
	CHECK_EQ_STR(tb_face_name(b), "FandolSong-Regular");
	CHECK(!synth);
	/* 小标宋's Noto Serif CJK SC Bold is heavy (700): drawn as it is */
	b = tb_fonts_resolve(f, "方正小标宋简体", true, false, TB_SCRIPT_EAST_ASIAN, &synth);
	CHECK_EQ_STR(tb_face_name(b), "NotoSerifCJKsc-Bold");
	CHECK(!synth);
	b = tb_fonts_resolve(f, "仿宋_GB2312", true, false, TB_SCRIPT_EAST_ASIAN, &synth);
	CHECK_EQ_STR(tb_face_name(b), "FandolFang-Regular");
	CHECK(synth); /* no bold FangSong */
	tb_ctx_free(ctx);
}

TEST(substitution_warned_once_per_family)
{
	tb_ctx *ctx;
	tb_fonts *f;
	const tb_face *fs;
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	CHECK(tb_fonts_get(ctx, &f) == TB_OK);
	fs = tb_fonts_resolve(f, "Georgia", false, false, TB_SCRIPT_LATIN, NULL);
	CHECK_EQ_STR(tb_face_name(fs), "LiberationSerif");
	tb_fonts_resolve(f, "Georgia", true, false, TB_SCRIPT_LATIN, NULL);
	CHECK_EQ_INT(count_code(ctx, "font.substituted"), 1);
	tb_fonts_resolve(f, "Tahoma", false, false, TB_SCRIPT_LATIN, NULL);
	CHECK_EQ_INT(count_code(ctx, "font.substituted"), 2);
	/* Unknown and not installed: what fontconfig gives LibreOffice for it
	 * (fonts/fontconfig.conf: Liberation Sans), reported. */
	fs = tb_fonts_resolve(f, "No Such Font 42", false, false, TB_SCRIPT_LATIN, NULL);
	CHECK_EQ_STR(tb_face_name(fs), "LiberationSans");
	CHECK_EQ_INT(count_code(ctx, "font.substituted"), 3);
	/* Not in the map but installed: used as is, silently. */
	fs = tb_fonts_resolve(f, "DejaVu Serif", false, false, TB_SCRIPT_LATIN, NULL);
	CHECK_EQ_STR(tb_face_name(fs), "DejaVuSerif");
	CHECK_EQ_INT(count_code(ctx, "font.substituted"), 3);
	tb_ctx_free(ctx);
}

/* A name neither mapped nor installed is matched as LibreOffice's fontconfig matches it
 * (<unknown fontconfig="fontconfig.conf">); zh-lo-28 names "Roboto" and "Droid Sans
 * Fallback" for its Chinese text and used to get FandolSong, whose lines are taller. */
TEST(unknown_names_as_fontconfig_matches_them)
{
	tb_ctx *ctx;
	tb_fonts *f;
	const tb_face *fs, *b;
	bool synth = true;
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	CHECK(tb_fonts_get(ctx, &f) == TB_OK);
	/* East Asian text: Liberation Sans (the line's metrics), its glyph fallback Noto Sans
	 * CJK for the ideographs, in the face's weight. */
	fs = tb_fonts_resolve(f, "Droid Sans Fallback", false, false, TB_SCRIPT_EAST_ASIAN, &synth);
	CHECK_EQ_STR(tb_face_name(fs), "LiberationSans");
	CHECK(!synth);
	CHECK_EQ_STR(tb_face_name(tb_fonts_face_for(f, fs, 0x4E2D)), "NotoSansCJKsc-Regular");
	b = tb_fonts_resolve(f, "Droid Sans Fallback", true, false, TB_SCRIPT_EAST_ASIAN, &synth);
	CHECK_EQ_STR(tb_face_name(b), "LiberationSans-Bold");
	CHECK(!synth);
	CHECK_EQ_STR(tb_face_name(tb_fonts_face_for(f, b, 0x4E2D)), "NotoSansCJKsc-Bold");
	/* The CJK fallback serves East Asian characters only: a symbol Liberation Sans lacks
	 * (⌘, which Noto Sans CJK has) still goes down the Latin chain. */
	CHECK(!tb_face_has(fs, 0x2318));
	CHECK(strncmp(tb_face_name(tb_fonts_face_for(f, fs, 0x2318)), "NotoSansCJK", 11) != 0);
	/* A name fontconfig's own rules call serif gets Liberation Serif, and Noto Serif CJK. */
	fs = tb_fonts_resolve(f, "Palatino Linotype", false, false, TB_SCRIPT_EAST_ASIAN, NULL);
	CHECK_EQ_STR(tb_face_name(fs), "LiberationSerif");
	CHECK_EQ_STR(tb_face_name(tb_fonts_face_for(f, fs, 0x4E2D)), "NotoSerifCJKsc-Regular");
	/* Lists (ODF's svg:font-family "宋体, SimSun", read as LibreOffice keeps it): the first
	 * name that is mapped or installed, silently; else fontconfig's match for the first. */
	CHECK_EQ_INT(count_code(ctx, "font.substituted"), 2);
	fs = tb_fonts_resolve(f, "宋体;SimSun", false, false, TB_SCRIPT_EAST_ASIAN, NULL);
	CHECK_EQ_STR(tb_face_name(fs), "FandolSong-Regular");
	fs = tb_fonts_resolve(f, "No Such Font 42; DejaVu Serif", false, false, TB_SCRIPT_LATIN, NULL);
	CHECK_EQ_STR(tb_face_name(fs), "DejaVuSerif");
	CHECK_EQ_INT(count_code(ctx, "font.substituted"), 2);
	fs = tb_fonts_resolve(f, "Roboto;sans-serif", false, false, TB_SCRIPT_EAST_ASIAN, NULL);
	CHECK_EQ_STR(tb_face_name(fs), "LiberationSans");
	CHECK_EQ_INT(count_code(ctx, "font.substituted"), 3);
	/* A mapped Latin name for East Asian text still takes the class default. */
	CHECK_EQ_STR(tb_face_name(tb_fonts_resolve(f, "Arial", false, false, TB_SCRIPT_EAST_ASIAN, NULL)),
	             "FandolSong-Regular");
	tb_ctx_free(ctx);
}

TEST(metrics_and_cff)
{
	tb_ctx *ctx;
	tb_fonts *f;
	const tb_face *song, *serif, *fang;
	const char *reg, *ord;
	int supp, bb[4];
	unsigned g, mismatched = 0;
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
	CHECK(strstr(tb_face_path(song), "FandolSong") != NULL);
	/* CFF, CID-keyed Adobe-GB1-5: glyphs have CIDs of their own (gid 8896 is CID 8927). */
	CHECK(tb_face_is_cff(song) && tb_face_cid_keyed(song) && !tb_face_is_cff(serif));
	tb_face_ros(song, &reg, &ord, &supp);
	CHECK_EQ_STR(reg, "Adobe");
	CHECK_EQ_STR(ord, "GB1");
	CHECK_EQ_INT(supp, 5);
	CHECK_EQ_INT(tb_face_cid(song, 8896), 8927);
	CHECK_EQ_INT(tb_face_cid(serif, 36), 36); /* TrueType: the glyph id */
	fang = tb_fonts_resolve(f, "仿宋_GB2312", false, false, TB_SCRIPT_EAST_ASIAN, NULL);
	for (g = 1; g < 10000; g++)
		mismatched += tb_face_cid(fang, g) != g;
	CHECK(mismatched > 1000 && tb_face_cid(fang, 1) == 1);
	tb_face_bbox(song, bb);
	CHECK(bb[2] > bb[0] && bb[3] > bb[1]);
	tb_ctx_free(ctx);
}

TEST(fallback_chain)
{
	tb_ctx *ctx;
	tb_fonts *f;
	const tb_face *song, *serif, *kai, *x;
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	CHECK(tb_fonts_get(ctx, &f) == TB_OK);
	song = tb_fonts_resolve(f, "宋体", false, false, TB_SCRIPT_EAST_ASIAN, NULL);
	serif = tb_fonts_resolve(f, "Times New Roman", false, false, TB_SCRIPT_LATIN, NULL);
	kai = tb_fonts_resolve(f, "楷体_GB2312", false, false, TB_SCRIPT_EAST_ASIAN, NULL);
	CHECK(tb_fonts_face_for(f, song, 0x4E2D) == song);
	CHECK(!tb_face_has(song, 0xAC00)); /* Hangul 가: not in FandolSong */
	x = tb_fonts_face_for(f, song, 0xAC00);
	CHECK(x && strstr(tb_face_name(x), "NotoSerifCJK") != NULL); /* the face's own fallback */
	/* 丂 is not in FandolKai: another Kai (the face's fallback list), not the class chain's Song. */
	CHECK(!tb_face_has(kai, 0x4E02));
	x = tb_fonts_face_for(f, kai, 0x4E02);
	CHECK(x && strstr(tb_face_name(x), "UKai") != NULL);
	/* CJK in a Latin face: its East Asian fallback, as fontconfig's glyph fallback gives
	 * LibreOffice (Liberation Serif and 中: Noto Serif CJK). */
	x = tb_fonts_face_for(f, serif, 0x4E2D);
	CHECK(x && strstr(tb_face_name(x), "NotoSerifCJK") != NULL);
	/* Every extension has a face: A, B (𡈼), G (𰻞 of biáng), H (BabelStone Han). */
	CHECK(tb_fonts_face_for(f, song, 0x3400) != NULL);
	CHECK(tb_fonts_face_for(f, song, 0x2123C) != NULL);
	CHECK(tb_fonts_face_for(f, song, 0x2B740) != NULL); /* D */
	CHECK(tb_fonts_face_for(f, song, 0x2CEB0) != NULL); /* F */
	CHECK(tb_fonts_face_for(f, song, 0x30EDE) != NULL);
	x = tb_fonts_face_for(f, song, 0x31350);
	CHECK(x && strstr(tb_face_name(x), "BabelStone") != NULL);
	CHECK(tb_fonts_can_draw(f, 0x30EDE) && tb_fonts_can_draw(f, 0x30EDE)); /* cached */
	/* Extension I (Unicode 15.1): no Debian 12 face has it. */
	CHECK(tb_fonts_face_for(f, song, 0x2EBF0) == NULL);
	CHECK(!tb_fonts_can_draw(f, 0x2EBF0) && !tb_fonts_can_draw(f, 0x2EBF0));
	CHECK(tb_fonts_face_for(f, song, 0x10FFFD) == NULL); /* private use: nobody */
	CHECK(tb_cp_is_east_asian(0x4E2D) && tb_cp_is_east_asian(0xFF0C) &&
	      tb_cp_is_east_asian(0x201C) && tb_cp_is_east_asian(0x20BB7));
	CHECK(!tb_cp_is_east_asian('A') && !tb_cp_is_east_asian('7') && !tb_cp_is_east_asian(0xE9));
	tb_ctx_free(ctx);
}

/* A map in a temporary directory; returns its path in `path`. */
static void write_map(char *dir, char *path, size_t cap, const char *xml)
{
	FILE *fp;
	snprintf(path, cap, "%s/map.xml", dir);
	fp = fopen(path, "w");
	CHECK(fp != NULL);
	if (fp) {
		fputs(xml, fp);
		fclose(fp);
	}
}

TEST(candidates_licensed_first_and_maps_per_context)
{
	tb_ctx *ctx;
	tb_fonts *f, *f2;
	char dir[] = "/tmp/tbfontXXXXXX", path[64], golden[1024];
	const tb_face *a, *b;
	bool synth = true;
	CHECK(mkdtemp(dir) != NULL);
	/* The first installed candidate wins, with the weight it names; the font a document
	 * names wins over the map's stand-in when it is installed (as a licensed 仿宋 would). */
	write_map(dir, path, sizeof path,
	          "<fontmap><dir>/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol</dir>"
	          "<face id='ea' class='east-asian' family='No Such CJK Face, FandolSong'/>"
	          "<face id='la' class='latin' family='Nope, Liberation Sans:bold'/>"
	          "<face id='se' class='latin' family='Liberation Serif'/>"
	          "<family name='Liberation Sans Narrow' face='se'/>"
	          "<family name='Headline' face='la'/>"
	          "<default class='latin' face='se'/><default class='east-asian' face='ea'/>"
	          "<fallback class='latin'>se</fallback></fontmap>");
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	CHECK(tb_fonts_set_map(ctx, path) == TB_OK);
	CHECK(tb_fonts_get(ctx, &f) == TB_OK);
	a = tb_fonts_resolve(f, "Headline", false, false, TB_SCRIPT_LATIN, &synth);
	CHECK_EQ_STR(tb_face_name(a), "LiberationSans-Bold");
	CHECK(!synth);
	CHECK_EQ_STR(tb_face_name(tb_fonts_resolve(f, "Liberation Sans Narrow", false, false, TB_SCRIPT_LATIN, NULL)),
	             "LiberationSansNarrow");
	CHECK_EQ_STR(tb_face_name(tb_fonts_resolve(f, "宋体", false, false, TB_SCRIPT_EAST_ASIAN, NULL)),
	             "FandolSong-Regular");
	/* Another map later in the same context: its own faces; the first map's stay valid. */
	snprintf(golden, sizeof golden, "%s/tests/layout/fontmap-golden.xml", getenv("TB_SRC"));
	CHECK(tb_fonts_set_map(ctx, golden) == TB_OK);
	CHECK(tb_fonts_get(ctx, &f2) == TB_OK);
	CHECK(f2 != f);
	b = tb_fonts_resolve(f2, "宋体", false, false, TB_SCRIPT_EAST_ASIAN, NULL);
	CHECK(strstr(tb_face_name(b), "UMing") != NULL);
	CHECK_EQ_STR(tb_face_name(a), "LiberationSans-Bold");
	CHECK(tb_fonts_set_map(ctx, path) == TB_OK); /* back: the same cache */
	CHECK(tb_fonts_get(ctx, &f2) == TB_OK && f2 == f);
	tb_ctx_free(ctx);
	unlink(path);
	rmdir(dir);
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

/* A subset cut by HarfBuzz from the whole face, the way subset.c did before it kept a face
 * of only the tables it keeps (issue 16): the table `tag` of it. */
static hb_blob_t *whole_face_subset(const tb_face *face, const hb_set_t *gids, hb_tag_t tag)
{
	/* subset.c's list */
	static const hb_tag_t drop[] = {
	HB_TAG('G', 'S', 'U', 'B'), HB_TAG('G', 'P', 'O', 'S'), HB_TAG('G', 'D', 'E', 'F'),
	HB_TAG('k', 'e', 'r', 'n'), HB_TAG('V', 'O', 'R', 'G'), HB_TAG('v', 'h', 'e', 'a'),
	HB_TAG('v', 'm', 't', 'x'), HB_TAG('D', 'S', 'I', 'G'), HB_TAG('B', 'A', 'S', 'E'),
	HB_TAG('E', 'B', 'D', 'T'), HB_TAG('E', 'B', 'L', 'C'), HB_TAG('E', 'B', 'S', 'C'),
	HB_TAG('g', 'a', 's', 'p'), HB_TAG('h', 'd', 'm', 'x'), HB_TAG('L', 'T', 'S', 'H'),
	HB_TAG('V', 'D', 'M', 'X'), HB_TAG('P', 'C', 'L', 'T'), HB_TAG('n', 'a', 'm', 'e'),
	HB_TAG('p', 'o', 's', 't'), HB_TAG('c', 'm', 'a', 'p'), HB_TAG('O', 'S', '/', '2'),
	HB_TAG('J', 'S', 'T', 'F'), HB_TAG('M', 'A', 'T', 'H'), HB_TAG('m', 'e', 't', 'a'),
	HB_TAG('C', 'O', 'L', 'R'), HB_TAG('C', 'P', 'A', 'L'), HB_TAG('S', 'V', 'G', ' '),
	HB_TAG('s', 'b', 'i', 'x'), HB_TAG('C', 'B', 'D', 'T'), HB_TAG('C', 'B', 'L', 'C'),
	HB_TAG('S', 'T', 'A', 'T'), HB_TAG('m', 'o', 'r', 'x'), HB_TAG('k', 'e', 'r', 'x'),
	HB_TAG('c', 'v', 't', ' '), HB_TAG('f', 'p', 'g', 'm'), HB_TAG('p', 'r', 'e', 'p')};
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	hb_face_t *sub;
	hb_blob_t *b;
	unsigned flags = HB_SUBSET_FLAGS_NO_HINTING | HB_SUBSET_FLAGS_DESUBROUTINIZE;
	size_t i;
	hb_set_union(hb_subset_input_glyph_set(in), gids);
	hb_set_add(hb_subset_input_glyph_set(in), 0);
	for (i = 0; i < sizeof drop / sizeof drop[0]; i++)
		hb_set_add(hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG), drop[i]);
	if (tb_face_is_cff(face) && !tb_face_cid_keyed(face))
		flags |= HB_SUBSET_FLAGS_RETAIN_GIDS;
	hb_subset_input_set_flags(in, flags);
	sub = hb_subset_or_fail(tb_face_hb(face), in);
	hb_subset_input_destroy(in);
	b = hb_face_reference_table(sub, tag);
	hb_face_destroy(sub);
	return b;
}

/* Same bytes; in a 'head' table (skip 8), checkSumAdjustment apart: it sums the whole file,
 * and the reference keeps more tables than the six of a program. */
static bool same_blob(hb_blob_t *a, hb_blob_t *b, unsigned skip)
{
	unsigned la, lb;
	const char *pa = hb_blob_get_data(a, &la), *pb = hb_blob_get_data(b, &lb);
	if (skip && la == lb && la > skip + 4)
		return memcmp(pa, pb, skip) == 0 && memcmp(pa + skip + 4, pb + skip + 4, la - skip - 4) == 0;
	return la > 0 && la == lb && memcmp(pa, pb, la) == 0;
}

/* A CFF INDEX at `off` (Adobe TN 5176): its count, the offsets of its first and last data
 * byte, and the offset after it; 0 when it cannot be read. */
static int cff_index(const unsigned char *p, unsigned len, unsigned off, unsigned *count,
                     unsigned *first, unsigned *last, unsigned *next)
{
	unsigned osz, k, a = 0, z = 0, base;
	if (off + 2 > len)
		return 0;
	*count = (unsigned)p[off] << 8 | p[off + 1];
	if (*count == 0) {
		*first = *last = *next = off + 2;
		return 1;
	}
	if (off + 3 > len)
		return 0;
	osz = p[off + 2];
	if (osz < 1 || osz > 4 || off + 3 + (*count + 1) * osz > len)
		return 0;
	for (k = 0; k < osz; k++) {
		a = a << 8 | p[off + 3 + k];
		z = z << 8 | p[off + 3 + *count * osz + k];
	}
	base = off + 3 + (*count + 1) * osz - 1; /* offsets count from 1 */
	*first = base + a;
	*last = base + z;
	*next = *last;
	return *next <= len;
}

/* A bare CFF table's glyph count (its CharStrings INDEX, Top DICT operator 17) and global
 * subroutine count; 0 when it cannot be read. Enough of CFF for a test. */
static int cff_counts(hb_blob_t *blob, unsigned *glyphs, unsigned *gsubrs)
{
	unsigned len, i, n, top, top_end, off, charstrings = 0, a, z;
	const unsigned char *p = (const unsigned char *)hb_blob_get_data(blob, &len);
	long operand = 0;
	if (len < 4 || !cff_index(p, len, p[2], &n, &a, &z, &off) || /* Name */
	    !cff_index(p, len, off, &n, &top, &top_end, &off) ||      /* Top DICT */
	    !cff_index(p, len, off, &n, &a, &z, &off) ||              /* String */
	    !cff_index(p, len, off, gsubrs, &a, &z, &off))            /* Global Subr */
		return 0;
	for (i = top; i < top_end;) {
		unsigned char b0 = p[i];
		if (b0 >= 32 && b0 <= 246) {
			operand = b0 - 139, i += 1;
		} else if (b0 >= 247 && b0 <= 250 && i + 1 < top_end) {
			operand = (b0 - 247) * 256 + p[i + 1] + 108, i += 2;
		} else if (b0 >= 251 && b0 <= 254 && i + 1 < top_end) {
			operand = -(b0 - 251) * 256 - p[i + 1] - 108, i += 2;
		} else if (b0 == 28 && i + 2 < top_end) {
			operand = (int16_t)(p[i + 1] << 8 | p[i + 2]), i += 3;
		} else if (b0 == 29 && i + 4 < top_end) {
			operand = (int32_t)((uint32_t)p[i + 1] << 24 | (uint32_t)p[i + 2] << 16 | (uint32_t)p[i + 3] << 8 | p[i + 4]), i += 5;
		} else if (b0 == 30) { /* a real: nibbles up to an 0xf */
			for (i++; i < top_end && (p[i] & 0x0f) != 0x0f && (p[i] >> 4) != 0x0f; i++)
				;
			i++;
		} else if (b0 == 12) {
			i += 2;
		} else {
			if (b0 == 17)
				charstrings = (unsigned)operand;
			i += 1;
		}
	}
	return charstrings && cff_index(p, len, charstrings, glyphs, &a, &z, &off);
}

/* HarfBuzz's CFF subset as subset.c asks for it, from a face of the CFF table and the
 * metrics only (no cmap): what a CID-keyed face's subset was before cff_subset.c. */
static hb_blob_t *hb_cff_cut(const tb_face *face, const hb_set_t *gids)
{
	static const hb_tag_t tags[] = {HB_TAG('C', 'F', 'F', ' '), HB_TAG('h', 'e', 'a', 'd'),
	                                HB_TAG('h', 'h', 'e', 'a'), HB_TAG('h', 'm', 't', 'x'),
	                                HB_TAG('m', 'a', 'x', 'p')};
	hb_face_t *b = hb_face_builder_create(), *sub;
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	hb_blob_t *r;
	size_t i;
	for (i = 0; i < sizeof tags / sizeof tags[0]; i++) {
		hb_blob_t *t = hb_face_reference_table(tb_face_hb(face), tags[i]);
		hb_face_builder_add_table(b, tags[i], t);
		hb_blob_destroy(t);
	}
	hb_set_union(hb_subset_input_glyph_set(in), gids);
	hb_set_add(hb_subset_input_glyph_set(in), 0);
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING | HB_SUBSET_FLAGS_DESUBROUTINIZE);
	sub = hb_subset_or_fail(b, in);
	hb_subset_input_destroy(in);
	hb_face_destroy(b);
	r = hb_face_reference_table(sub, HB_TAG('C', 'F', 'F', ' '));
	hb_face_destroy(sub);
	return r;
}

/* The Top DICT's operand for `op` (a one-byte operator) in a bare CFF table, -1 if none. */
static long cff_top_op(const unsigned char *p, unsigned len, unsigned op)
{
	unsigned n, a, z, off, top, top_end, i;
	long operand = -1;
	if (len < 4 || !cff_index(p, len, p[2], &n, &a, &z, &off) ||
	    !cff_index(p, len, off, &n, &top, &top_end, &off))
		return -1;
	for (i = top; i < top_end;) {
		unsigned char b0 = p[i];
		if (b0 >= 32 && b0 <= 246)
			operand = b0 - 139, i += 1;
		else if (b0 >= 247 && b0 <= 254)
			operand = b0 <= 250 ? (b0 - 247) * 256 + p[i + 1] + 108 : -(b0 - 251) * 256 - p[i + 1] - 108, i += 2;
		else if (b0 == 28)
			operand = (int16_t)(p[i + 1] << 8 | p[i + 2]), i += 3;
		else if (b0 == 29)
			operand = (int32_t)((uint32_t)p[i + 1] << 24 | (uint32_t)p[i + 2] << 16 | (uint32_t)p[i + 3] << 8 | p[i + 4]), i += 5;
		else if (b0 == 30)
			for (i++; i < top_end && (p[i] & 0x0f) != 0x0f && (p[i] >> 4) != 0x0f; i++)
				;
		else if (b0 == 12)
			i += 2;
		else if (b0 == op)
			return operand;
		else
			i++;
	}
	return -1;
}

/* Charstring `g` of a bare CFF table: 0 when it cannot be read. */
static int cff_charstring(const unsigned char *p, unsigned len, unsigned g, const unsigned char **cs, unsigned *cs_len)
{
	long at = cff_top_op(p, len, 17);
	unsigned n, a, z, next, osz, k, o1 = 0, o2 = 0, base;
	if (at < 0 || !cff_index(p, len, (unsigned)at, &n, &a, &z, &next) || g >= n)
		return 0;
	osz = p[at + 2];
	for (k = 0; k < osz; k++) {
		o1 = o1 << 8 | p[at + 3 + g * osz + k];
		o2 = o2 << 8 | p[at + 3 + (g + 1) * osz + k];
	}
	base = (unsigned)at + 3 + (n + 1) * osz - 1;
	*cs = p + base + o1;
	*cs_len = o2 - o1;
	return o2 >= o1 && base + o2 <= len;
}

/* The CID of glyph g of a bare CFF table, from its charset (format 0 or 2); -1 if unread. */
static long cff_charset_cid(const unsigned char *p, unsigned len, unsigned g)
{
	long at = cff_top_op(p, len, 15);
	unsigned k = 1;
	if (g == 0)
		return 0;
	if (at <= 0 || (unsigned)at >= len)
		return -1;
	if (p[at] == 0)
		return (unsigned)at + 1 + 2 * g <= len ? (long)(p[at + 2 * g - 1] << 8 | p[at + 2 * g]) : -1;
	for (at++; p[at - 1] == 2 && (unsigned)at + 4 <= len; at += 4) {
		unsigned first = p[at] << 8 | p[at + 1], left = p[at + 2] << 8 | p[at + 3];
		if (g <= k + left)
			return first + (g - k);
		k += left + 1;
	}
	return -1;
}

/* Fandol's CID-keyed CFF faces call no subroutines: their subsets are written directly
 * (font/cff_subset.c), not by HarfBuzz; each kept glyph's charstring is HarfBuzz's to the
 * byte (hints dropped), the charset gives each new glyph its original CID and new_gid maps
 * every glyph asked for. Noto Serif CJK (subroutines) is still HarfBuzz's, byte for byte. */
TEST(cff_subset_without_subroutines)
{
	static const char *fams[] = {"宋体", "仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体"};
	tb_ctx *ctx;
	tb_fonts *f;
	size_t i;
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	CHECK(tb_fonts_get(ctx, &f) == TB_OK);
	for (i = 0; i < sizeof fams / sizeof fams[0]; i++) {
		const tb_face *face = tb_fonts_resolve(f, fams[i], false, false, TB_SCRIPT_EAST_ASIAN, NULL);
		hb_set_t *gids = hb_set_create();
		unsigned n = hb_face_get_glyph_count(tb_face_hb(face)), g, lm, lr, kept = 0;
		tb_font_program prog;
		hb_blob_t *ref;
		const unsigned char *m, *r;
		CHECK(tb_face_is_cff(face) && tb_face_cid_keyed(face) && n > 5000);
		for (g = 7; g < n; g += 17) /* every 17th glyph, and some neighbours: runs of CIDs */
			hb_set_add(gids, g);
		hb_set_add_range(gids, 1000, 1040);
		CHECK(tb_face_subset_glyphs(face, gids, &prog) == TB_OK);
		ref = hb_cff_cut(face, gids);
		r = (const unsigned char *)hb_blob_get_data(ref, &lr);
		m = prog.data;
		lm = (unsigned)prog.len;
		if (strcmp(tb_face_name(face), "NotoSerifCJKsc-Bold") == 0) {
			CHECK(lm == lr && memcmp(m, r, lm) == 0); /* HarfBuzz's */
		} else {
			g = HB_SET_VALUE_INVALID;
			while (hb_set_next(gids, &g)) {
				unsigned ng = hb_map_get(prog.new_gid, g), la = 0, lb = 0;
				const unsigned char *a = NULL, *b = NULL;
				CHECK(ng == ++kept); /* ascending old ids after .notdef */
				CHECK(cff_charstring(m, lm, ng, &a, &la) && cff_charstring(r, lr, ng, &b, &lb));
				CHECK(la == lb && memcmp(a, b, la) == 0);
				CHECK(cff_charset_cid(m, lm, ng) == (long)tb_face_cid(face, g));
			}
			CHECK(lm < lr + 16); /* no larger than HarfBuzz's, but for layout */
			CHECK(!cff_charstring(m, lm, kept + 1, &r, &lr)); /* no more glyphs */
		}
		hb_blob_destroy(ref);
		tb_font_program_free(&prog);
		hb_set_destroy(gids);
	}
	tb_ctx_free(ctx);
}

/* The charstrings kept from earlier subsets (cff_subset.c's memo, one per font file and face
 * index in the process) give the bytes a first parse gives: the reference is made while no
 * context holds the file (nothing kept), then a second subset overlapping a first one, in
 * another context holding the same file (the memo is shared), and a third, equal it. */
TEST(charstrings_remembered_across_subsets)
{
	static const char *fams[] = {"宋体", "仿宋_GB2312", "黑体", "楷体_GB2312"};
	size_t i;
	for (i = 0; i < sizeof fams / sizeof fams[0]; i++) {
		tb_ctx *ctx, *other;
		tb_fonts *f, *fo;
		const tb_face *face, *oface;
		hb_set_t *s1 = hb_set_create(), *s2 = hb_set_create();
		tb_font_program p1, p2, p2again, ref;
		unsigned g;
		for (g = 7; g < 6000; g += 17)
			hb_set_add(s1, g);
		for (g = 5; g < 9000; g += 13) /* some of s1's, and new ones */
			hb_set_add(s2, g);
		hb_set_add_range(s2, 1000, 1040);
		CHECK(tb_ctx_new(&ctx) == TB_OK && tb_fonts_get(ctx, &f) == TB_OK);
		face = tb_fonts_resolve(f, fams[i], false, false, TB_SCRIPT_EAST_ASIAN, NULL);
		CHECK(tb_face_subset_glyphs(face, s2, &ref) == TB_OK);
		tb_ctx_free(ctx); /* the file, and what was kept of it, let go */
		CHECK(tb_ctx_new(&ctx) == TB_OK && tb_fonts_get(ctx, &f) == TB_OK);
		CHECK(tb_ctx_new(&other) == TB_OK && tb_fonts_get(other, &fo) == TB_OK);
		face = tb_fonts_resolve(f, fams[i], false, false, TB_SCRIPT_EAST_ASIAN, NULL);
		oface = tb_fonts_resolve(fo, fams[i], false, false, TB_SCRIPT_EAST_ASIAN, NULL);
		CHECK(tb_face_subset_glyphs(face, s1, &p1) == TB_OK);
		CHECK(tb_face_subset_glyphs(oface, s2, &p2) == TB_OK);
		CHECK(tb_face_subset_glyphs(face, s2, &p2again) == TB_OK);
		CHECK(p2.len == ref.len && memcmp(p2.data, ref.data, ref.len) == 0);
		CHECK(p2again.len == ref.len && memcmp(p2again.data, ref.data, ref.len) == 0);
		tb_font_program_free(&p1);
		tb_font_program_free(&p2);
		tb_font_program_free(&p2again);
		tb_font_program_free(&ref);
		hb_set_destroy(s1);
		hb_set_destroy(s2);
		tb_ctx_free(ctx);
		tb_ctx_free(other);
	}
}

/* Contexts that open the same CID-keyed face share one table of CIDs by glyph (the first
 * one's); a context freed first leaves the others' intact (run under ASan). */
TEST(cid_table_shared_across_contexts)
{
	tb_ctx *a, *b, *c;
	tb_fonts *fa, *fb, *fc;
	const tb_face *sa, *sb, *sc;
	CHECK(tb_ctx_new(&a) == TB_OK && tb_fonts_get(a, &fa) == TB_OK);
	CHECK(tb_ctx_new(&b) == TB_OK && tb_fonts_get(b, &fb) == TB_OK);
	sa = tb_fonts_resolve(fa, "宋体", false, false, TB_SCRIPT_EAST_ASIAN, NULL);
	sb = tb_fonts_resolve(fb, "宋体", false, false, TB_SCRIPT_EAST_ASIAN, NULL);
	CHECK(sa && sb && sa != sb && sa->gid_cid && sa->gid_cid == sb->gid_cid);
	CHECK_EQ_INT(tb_face_cid(sb, 8896), 8927);
	tb_ctx_free(a);
	CHECK_EQ_INT(tb_face_cid(sb, 8896), 8927);
	CHECK(tb_ctx_new(&c) == TB_OK && tb_fonts_get(c, &fc) == TB_OK);
	sc = tb_fonts_resolve(fc, "宋体", false, false, TB_SCRIPT_EAST_ASIAN, NULL);
	CHECK(sc && sc->gid_cid == sb->gid_cid && tb_face_cid(sc, 8896) == 8927);
	tb_ctx_free(b);
	tb_ctx_free(c);
}

/* A CID-keyed CFF face that is truncated or garbled (an embedded font may be hostile):
 * every subset answers, none reads outside the table (run under ASan); a table cut short
 * before its FDArray is no subset at all. */
TEST(cff_subset_hostile)
{
	tb_ctx *ctx;
	tb_fonts *f;
	const tb_face *hei;
	FILE *fp;
	unsigned char *data = NULL, *copy;
	long size = 0;
	size_t cff_at = 0, cff_len = 0, dir = 0, k;
	unsigned seed = 12345, round;
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	CHECK(tb_fonts_get(ctx, &f) == TB_OK);
	hei = tb_fonts_resolve(f, "黑体", false, false, TB_SCRIPT_EAST_ASIAN, NULL);
	CHECK_EQ_STR(tb_face_name(hei), "FandolHei-Regular");
	fp = fopen(tb_face_path(hei), "rb");
	CHECK(fp && fseek(fp, 0, SEEK_END) == 0 && (size = ftell(fp)) > 0 && fseek(fp, 0, SEEK_SET) == 0);
	data = malloc((size_t)size);
	copy = malloc((size_t)size);
	CHECK(data && copy && fread(data, 1, (size_t)size, fp) == (size_t)size);
	fclose(fp);
	for (k = 0; k < (size_t)(data[4] << 8 | data[5]); k++) {
		const unsigned char *e = data + 12 + 16 * k;
		if (memcmp(e, "CFF ", 4) == 0) {
			dir = 12 + 16 * k;
			cff_at = (size_t)e[8] << 24 | (size_t)e[9] << 16 | (size_t)e[10] << 8 | e[11];
			cff_len = (size_t)e[12] << 24 | (size_t)e[13] << 16 | (size_t)e[14] << 8 | e[15];
		}
	}
	CHECK(cff_len > 100000 && cff_at + cff_len <= (size_t)size);
	for (round = 0; round < 40; round++) {
		tb_font_set *set;
		const tb_face *e;
		CHECK(tb_font_set_new(&set) == TB_OK);
		memcpy(copy, data, (size_t)size);
		if (round < 8) { /* the table cut short, its length in the directory too */
			size_t cut = round == 0 ? cff_len - 8 : round == 1 ? cff_len / 2 : round * 40;
			copy[dir + 12] = (unsigned char)(cut >> 24), copy[dir + 13] = (unsigned char)(cut >> 16);
			copy[dir + 14] = (unsigned char)(cut >> 8), copy[dir + 15] = (unsigned char)cut;
		} else { /* bytes of the header, INDEXes, DICTs, charset, FDSelect, FDArray, Private */
			for (k = 0; k < 1 + round % 4; k++) {
				size_t at;
				seed = seed * 1103515245u + 12345u;
				at = (seed >> 8) % 2 ? (seed >> 9) % 400 : cff_len - 1 - (seed >> 9) % 120;
				seed = seed * 1103515245u + 12345u;
				copy[cff_at + at] = (unsigned char)(seed >> 16);
			}
		}
		CHECK(tb_font_set_add(ctx, set, "Hostile Hei", false, false, copy, (size_t)size, "f.otf") == TB_OK);
		tb_fonts_use_set(f, set);
		e = tb_fonts_resolve(f, "Hostile Hei", false, false, TB_SCRIPT_EAST_ASIAN, NULL);
		if (e && e != hei && tb_face_is_cff(e)) {
			hb_set_t *gids = hb_set_create();
			tb_font_program prog;
			tb_status st;
			hb_set_add_range(gids, 1, 60);
			hb_set_add(gids, 9000);
			st = tb_face_subset_glyphs(e, gids, &prog);
			CHECK(st == TB_OK || st == TB_ERROR || st == TB_ENOMEM);
			if (st == TB_OK)
				CHECK(prog.len > 0 && prog.new_gid != NULL);
			if (round == 0)
				CHECK(st != TB_OK); /* no FDArray, no Private DICT */
			tb_font_program_free(&prog);
			hb_set_destroy(gids);
		}
		tb_fonts_use_set(f, NULL);
		tb_font_set_free(set);
	}
	free(data);
	free(copy);
	tb_ctx_free(ctx);
}

/* Subsets are cut from a face of only the tables they keep (font/subset.c, for speed): the
 * same bytes as a subset of the whole face for a TrueType face and a face inside a
 * collection; for CID-keyed CFF faces (Noto CJK, Fandol) only the glyphs drawn; the first
 * time and again from the cached face. */
TEST(subset_same_bytes_as_whole_face)
{
	static const hb_tag_t tt[] = {
		HB_TAG('g', 'l', 'y', 'f'), HB_TAG('l', 'o', 'c', 'a'), HB_TAG('h', 'e', 'a', 'd'),
		HB_TAG('h', 'h', 'e', 'a'), HB_TAG('h', 'm', 't', 'x'), HB_TAG('m', 'a', 'x', 'p')};
	static const uint32_t text[] = {0x7533, 0x62A5, 0x63A8, 0x8350, 0x8868, 0x4E2D, 'A', 'g', '1', 0x3002};
	static const struct { const char *family; int script; } faces[] = {
		{"宋体", TB_SCRIPT_EAST_ASIAN}, {"Times New Roman", TB_SCRIPT_LATIN},
		{"方正小标宋简体", TB_SCRIPT_EAST_ASIAN}, {"仿宋_GB2312", TB_SCRIPT_EAST_ASIAN}};
	tb_ctx *ctx;
	tb_fonts *f;
	size_t i, k;
	int round;
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	CHECK(tb_fonts_get(ctx, &f) == TB_OK);
	for (i = 0; i < sizeof faces / sizeof faces[0]; i++) {
		const tb_face *face = tb_fonts_resolve(f, faces[i].family, false, false, faces[i].script, NULL);
		hb_set_t *gids = hb_set_create();
		CHECK(face != NULL);
		for (k = 0; k < sizeof text / sizeof text[0]; k++)
			if (tb_face_glyph(face, text[k]))
				hb_set_add(gids, tb_face_glyph(face, text[k]));
		CHECK(hb_set_get_population(gids) >= 3);
		for (round = 0; round < 2; round++) {
			tb_font_program prog;
			hb_blob_t *mine, *ref;
			CHECK(tb_face_subset_glyphs(face, gids, &prog) == TB_OK);
			mine = hb_blob_create((const char *)prog.data, (unsigned)prog.len, HB_MEMORY_MODE_READONLY, NULL, NULL);
			if (tb_face_is_cff(face)) {
				ref = whole_face_subset(face, gids, HB_TAG('C', 'F', 'F', ' '));
				/* A CID-keyed face is cut without its cmap, whose closure added a glyph
				 * never drawn (a variation-sequence one of Noto CJK): the glyphs drawn and
				 * .notdef, no more. A name-keyed face keeps its cmap: the same bytes. */
				unsigned glyphs = 0, gsubrs = 1;
				CHECK(cff_counts(mine, &glyphs, &gsubrs));
				if (tb_face_cid_keyed(face))
					CHECK(glyphs == hb_set_get_population(gids) + 1 &&
					      hb_blob_get_length(mine) <= hb_blob_get_length(ref));
				else
					CHECK(same_blob(mine, ref, 0));
				/* desubroutinized: no global subroutines left (Noto CJK has thousands) */
				CHECK(gsubrs == 0);
				hb_blob_destroy(ref);
			} else {
				hb_face_t *m = hb_face_create(mine, 0);
				for (k = 0; k < sizeof tt / sizeof tt[0]; k++) {
					hb_blob_t *t = hb_face_reference_table(m, tt[k]);
					ref = whole_face_subset(face, gids, tt[k]);
					CHECK(same_blob(t, ref, tt[k] == HB_TAG('h', 'e', 'a', 'd') ? 8 : 0));
					hb_blob_destroy(t);
					hb_blob_destroy(ref);
				}
				hb_face_destroy(m);
			}
			hb_blob_destroy(mine);
			tb_font_program_free(&prog);
		}
		hb_set_destroy(gids);
	}
	tb_ctx_free(ctx);
}

/* Fonts a document embeds: faces from memory, found by the document's family name while the
 * set is in use, for that document only; hostile bytes are a warning, never a face. */
TEST(embedded_faces_from_memory)
{
	tb_ctx *ctx;
	tb_fonts *f;
	tb_font_set *set;
	FILE *fp = fopen("/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf", "rb");
	unsigned char *data = malloc(1 << 20), junk[4096];
	size_t len = fp && data ? fread(data, 1, 1 << 20, fp) : 0, i;
	const tb_face *e, *song, *cjk;
	bool synth = false;
	if (fp)
		fclose(fp);
	CHECK(len > 100000);
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	CHECK(tb_fonts_get(ctx, &f) == TB_OK);
	song = tb_fonts_resolve(f, "宋体", false, false, TB_SCRIPT_EAST_ASIAN, NULL);
	CHECK(tb_font_set_new(&set) == TB_OK);
	CHECK(tb_font_set_add(ctx, set, "Doc Mono", false, false, data, len, "word/fonts/f1.ttf") == TB_OK);
	CHECK(tb_font_set_count(set) == 1);
	CHECK(count_code(ctx, "font.embedded") == 0);
	/* Hostile bytes: noise, a truncated font, a wrong obfuscation key, nothing. */
	for (i = 0; i < sizeof junk; i++)
		junk[i] = (unsigned char)(i * 2654435761u >> 13);
	CHECK(tb_font_set_add(ctx, set, "Noise", false, false, junk, sizeof junk, "n.odttf") == TB_OK);
	memcpy(junk, data, sizeof junk);
	CHECK(tb_font_set_add(ctx, set, "Cut", false, false, junk, sizeof junk, "c.ttf") == TB_OK);
	for (i = 0; i < 32; i++)
		junk[i] ^= 0x5A;
	CHECK(tb_font_set_add(ctx, set, "Key", false, false, junk, sizeof junk, "k.odttf") == TB_OK);
	CHECK(tb_font_set_add(ctx, set, "Empty", false, false, junk, 0, "e.ttf") == TB_OK);
	/* A font whose licence forbids embedding (OS/2 fsType 0x0002, restricted). */
	{
		unsigned char *r = malloc(len);
		unsigned n = (unsigned)data[4] << 8 | data[5], t;
		CHECK(r != NULL);
		memcpy(r, data, len);
		for (t = 0; t < n && 12 + 16 * t + 16 <= len; t++)
			if (!memcmp(r + 12 + 16 * t, "OS/2", 4)) {
				size_t off = (size_t)r[12 + 16 * t + 8] << 24 | (size_t)r[12 + 16 * t + 9] << 16 |
				             (size_t)r[12 + 16 * t + 10] << 8 | r[12 + 16 * t + 11];
				r[off + 8] = 0;
				r[off + 9] = 2;
			}
		CHECK(tb_font_set_add(ctx, set, "Restricted", false, false, r, len, "r.ttf") == TB_OK);
		free(r);
	}
	CHECK(tb_font_set_count(set) == 1);
	CHECK(count_code(ctx, "font.embedded") == 5);
	/* Not in use: the map decides. */
	e = tb_fonts_resolve(f, "Doc Mono", false, false, TB_SCRIPT_LATIN, NULL);
	CHECK(strcmp(tb_face_name(e), "LiberationMono") != 0);
	tb_fonts_use_set(f, set);
	e = tb_fonts_resolve(f, "doc mono", false, false, TB_SCRIPT_LATIN, &synth);
	CHECK_EQ_STR(tb_face_name(e), "LiberationMono");
	CHECK(!synth);
	/* East Asian text in that family: the embedded face (its line height), whose missing
	 * characters come from the map's face for the name. */
	CHECK(tb_fonts_resolve(f, "Doc Mono", false, false, TB_SCRIPT_EAST_ASIAN, NULL) == e);
	cjk = tb_fonts_face_for(f, e, 0x4E2D);
	CHECK(cjk && cjk != e && tb_face_has(cjk, 0x4E2D));
	CHECK(tb_fonts_face_for(f, e, 'A') == e);
	/* Bold from the regular face is emboldened. */
	CHECK(tb_fonts_resolve(f, "Doc Mono", true, false, TB_SCRIPT_LATIN, &synth) == e);
	CHECK(synth);
	/* The damaged ones fall back to the map; other names are untouched. */
	CHECK(tb_fonts_resolve(f, "Noise", false, false, TB_SCRIPT_LATIN, NULL) != NULL);
	CHECK(tb_fonts_resolve(f, "宋体", false, false, TB_SCRIPT_EAST_ASIAN, NULL) == song);
	/* The face subsets for the PDF like any other. */
	{
		hb_set_t *gids = hb_set_create();
		tb_font_program prog;
		hb_set_add(gids, tb_face_glyph(e, 'A'));
		CHECK(tb_face_subset_glyphs(e, gids, &prog) == TB_OK);
		CHECK(prog.len > 0 && prog.len < len);
		tb_font_program_free(&prog);
		hb_set_destroy(gids);
	}
	tb_fonts_use_set(f, NULL);
	CHECK(tb_fonts_resolve(f, "Doc Mono", false, false, TB_SCRIPT_LATIN, NULL) != e);
	tb_font_set_free(set);
	free(data);
	tb_ctx_free(ctx);
}

/* Answers are remembered (tb_fonts_resolve): the same face, the same synthetic bold and one
 * warning per name however often a name is asked; a name first met as an embedded face's
 * stand-in, with warnings off, still warns when it is asked for in a document that does
 * not embed it. */
TEST(answers_remembered_as_asked)
{
	tb_ctx *ctx;
	tb_fonts *f;
	tb_font_set *set;
	FILE *fp = fopen("/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf", "rb");
	unsigned char *data = malloc(1 << 20);
	size_t len = fp && data ? fread(data, 1, 1 << 20, fp) : 0;
	const tb_face *a, *e;
	bool s1 = false, s2 = false;
	int i;
	if (fp)
		fclose(fp);
	CHECK(len > 100000);
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	CHECK(tb_fonts_get(ctx, &f) == TB_OK);
	a = tb_fonts_resolve(f, "Georgia", false, false, TB_SCRIPT_LATIN, &s1);
	for (i = 0; i < 3; i++)
		CHECK(tb_fonts_resolve(f, "Georgia", false, false, TB_SCRIPT_LATIN, &s2) == a && !s2);
	CHECK_EQ_INT(count_code(ctx, "font.substituted"), 1);
	a = tb_fonts_resolve(f, "仿宋_GB2312", true, false, TB_SCRIPT_EAST_ASIAN, &s1);
	CHECK(s1);
	CHECK(tb_fonts_resolve(f, "仿宋_GB2312", true, false, TB_SCRIPT_EAST_ASIAN, &s2) == a && s2);
	CHECK(tb_fonts_resolve(f, "仿宋_GB2312", false, false, TB_SCRIPT_EAST_ASIAN, &s2) == a && !s2);
	CHECK(tb_font_set_new(&set) == TB_OK);
	CHECK(tb_font_set_add(ctx, set, "No Such Font 43", false, false, data, len, "f.ttf") == TB_OK);
	tb_fonts_use_set(f, set);
	e = tb_fonts_resolve(f, "No Such Font 43", false, false, TB_SCRIPT_EAST_ASIAN, NULL);
	CHECK_EQ_STR(tb_face_name(e), "LiberationMono");
	CHECK_EQ_INT(count_code(ctx, "font.substituted"), 1);
	tb_fonts_use_set(f, NULL);
	a = tb_fonts_resolve(f, "No Such Font 43", false, false, TB_SCRIPT_EAST_ASIAN, NULL);
	CHECK(a && a != e);
	CHECK_EQ_INT(count_code(ctx, "font.substituted"), 2);
	CHECK(tb_fonts_resolve(f, "No Such Font 43", false, false, TB_SCRIPT_EAST_ASIAN, NULL) == a);
	CHECK_EQ_INT(count_code(ctx, "font.substituted"), 2);
	tb_font_set_free(set);
	free(data);
	tb_ctx_free(ctx);
}

/* Two contexts' faces of one file share the process's one mapping of it, which lives as long
 * as some face uses it. */
TEST(font_files_mapped_once_per_process)
{
	tb_ctx *c1, *c2;
	tb_fonts *f1, *f2;
	const tb_face *a, *b;
	unsigned n;
	CHECK_EQ_INT(tb_font_file_count(), 0);
	CHECK(tb_ctx_new(&c1) == TB_OK && tb_ctx_new(&c2) == TB_OK);
	CHECK(tb_fonts_get(c1, &f1) == TB_OK && tb_fonts_get(c2, &f2) == TB_OK);
	a = tb_fonts_resolve(f1, "宋体", false, false, TB_SCRIPT_EAST_ASIAN, NULL);
	n = tb_font_file_count();
	CHECK(a && n >= 1);
	b = tb_fonts_resolve(f2, "宋体", false, false, TB_SCRIPT_EAST_ASIAN, NULL);
	CHECK(b && b != a);
	CHECK_EQ_STR(tb_face_name(a), tb_face_name(b));
	CHECK_EQ_INT(tb_font_file_count(), n);
	tb_ctx_free(c1);
	CHECK_EQ_INT(tb_font_file_count(), n); /* c2's face still reads it */
	CHECK(tb_face_glyph(b, 0x5B8B) != 0); /* 宋 */
	tb_ctx_free(c2);
	CHECK_EQ_INT(tb_font_file_count(), 0);
}

/* Every family name of fonts/fontmap.xml and every family installed here, in regular, bold,
 * italic and bold italic (and the map's own weights, medium and light), finds the same file
 * and index whether the font cache chooses among the family's faces itself (font_map.c
 * fc_direct) or asks FcFontMatch as it used to. */
static void add_name(char ***names, size_t *n, const char *name, size_t len)
{
	size_t i;
	while (len && (*name == ' ' || *name == '\n' || *name == '\t'))
		name++, len--;
	while (len && (name[len - 1] == ' ' || name[len - 1] == '\n' || name[len - 1] == '\t'))
		len--;
	for (i = 0; i < *n; i++)
		if (strlen((*names)[i]) == len && strncmp((*names)[i], name, len) == 0)
			return;
	*names = realloc(*names, (*n + 1) * sizeof **names);
	(*names)[(*n)++] = strndup(name, len);
}

static void map_names(xmlNodePtr n, char ***names, size_t *count)
{
	for (; n; n = n->next) {
		xmlChar *v;
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if ((v = xmlGetProp(n, (const xmlChar *)"name")) && !xmlStrcmp(n->name, (const xmlChar *)"family"))
			add_name(names, count, (const char *)v, strlen((const char *)v));
		xmlFree(v);
		if ((v = xmlGetProp(n, (const xmlChar *)"family"))) {
			const char *p = (const char *)v, *e;
			for (; *p; p = *e ? e + 1 : e) {
				const char *colon;
				e = strchr(p, ',');
				if (!e)
					e = p + strlen(p);
				colon = memchr(p, ':', (size_t)(e - p));
				add_name(names, count, p, (size_t)((colon ? colon : e) - p));
			}
		}
		xmlFree(v);
		map_names(n->children, names, count);
	}
}

TEST(direct_choice_as_fontmatch)
{
	static const int weights[] = {FC_WEIGHT_REGULAR, FC_WEIGHT_BOLD, FC_WEIGHT_MEDIUM, FC_WEIGHT_LIGHT};
	tb_ctx *ctx;
	tb_fonts *f;
	xmlDocPtr doc = NULL;
	char path[4096], **names = NULL;
	size_t n = 0, i, nmap, asked = 0, found = 0, direct = 0;
	FcFontSet *fs;
	FcConfig *fc;
	int k, w, it;
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	CHECK(tb_fonts_get(ctx, &f) == TB_OK);
	snprintf(path, sizeof path, "%s/fonts/fontmap.xml", getenv("TB_SRC"));
	CHECK(tb_xml_read_file(ctx, path, 0, &doc) == TB_OK);
	map_names(xmlDocGetRootElement(doc), &names, &n);
	tb_xml_free(doc);
	nmap = n;
	CHECK(nmap > 50);
	/* A configuration of its own (the default one, loaded by a NULL argument, is never
	 * freed: LeakSanitizer reports its parser's blocks). */
	CHECK((fc = FcInitLoadConfigAndFonts()) != NULL);
	fs = FcConfigGetFonts(fc, FcSetSystem);
	for (k = 0; fs && k < fs->nfont; k++) {
		FcChar8 *fam;
		int j;
		for (j = 0; FcPatternGetString(fs->fonts[k], FC_FAMILY, j, &fam) == FcResultMatch; j++)
			add_name(&names, &n, (const char *)fam, strlen((const char *)fam));
	}
	FcConfigDestroy(fc);
	for (i = 0; i < n; i++)
		for (w = 0; w < 4; w++)
			for (it = 0; it < 2; it++) {
				char *file1 = NULL, *file2 = NULL;
				int index1 = -1, index2 = -2;
				bool d1 = false, d2 = true;
				bool ok1 = tb_fonts_fc_choose(f, names[i], weights[w], it, false, &file1, &index1, &d1);
				bool ok2 = tb_fonts_fc_choose(f, names[i], weights[w], it, true, &file2, &index2, &d2);
				asked++;
				CHECK(!d2);
				if (ok1 != ok2 || (ok1 && (strcmp(file1, file2) != 0 || index1 != index2)))
					fprintf(stderr, "%s weight %d italic %d: %s %d (direct %d), FcFontMatch %s %d\n",
					        names[i], weights[w], it, file1 ? file1 : "-", index1, d1,
					        file2 ? file2 : "-", index2);
				CHECK(ok1 == ok2);
				if (ok1) {
					CHECK_EQ_STR(file1, file2);
					CHECK_EQ_INT(index1, index2);
					found++;
					direct += d1;
				}
				free(file1);
				free(file2);
			}
	fprintf(stderr, "%zu names (%zu of the map), %zu asked, %zu found, %zu of them without FcFontMatch\n",
	        n, nmap, asked, found, direct);
	/* The direct choice answers for most (here 797 of 936; the rest are names with other
	 * than ASCII letters and families with faces alike down to the width, such as one file
	 * installed twice), or this test would compare FcFontMatch with itself. */
	CHECK(found > 100 && direct * 4 >= found * 3);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	tb_ctx_free(ctx);
}

/* The font check of a fill's data on the fill's own tree (read with blanks dropped) gives
 * the diagnostics of reading the bytes again, in text and attributes, positions included;
 * a tree under another name is not used. */
static void same_diags(tb_ctx *a, tb_ctx *b)
{
	size_t i;
	CHECK_EQ_INT(tb_diag_count(a), tb_diag_count(b));
	for (i = 0; i < tb_diag_count(a) && i < tb_diag_count(b); i++) {
		const tb_diag *x = tb_diag_get(a, i), *y = tb_diag_get(b, i);
		CHECK_EQ_STR(x->code, y->code);
		CHECK_EQ_STR(x->file ? x->file : "", y->file ? y->file : "");
		CHECK_EQ_INT(x->line, y->line);
		CHECK_EQ_INT(x->column, y->column);
		CHECK_EQ_STR(x->message, y->message);
	}
}

TEST(data_check_on_the_fills_tree)
{
	static const char data[] =
	    "<?xml version='1.0' encoding='UTF-8'?>\n"
	    "<evidence program='x'>\n"
	    "  <applicant kind=\"\xf0\xae\xaf\xb0\">\n"
	    "    <name>\xe7\x8e\x8b\xf0\xae\xaf\xb0\xe8\x8a\xb3</name>\n"
	    "    \n"
	    "    <note>a \xe2\x80\x9cquoted\xe2\x80\x9d \xf0\xae\xaf\xb1 text</note>\n"
	    "  </applicant>\n"
	    "</evidence>\n";
	tb_ctx *a, *b;
	xmlDocPtr doc = NULL;
	CHECK(tb_ctx_new(&a) == TB_OK && tb_ctx_new(&b) == TB_OK);
	CHECK(tb_xml_read(b, "ev.xml", data, sizeof data - 1, TB_XML_NOBLANKS | TB_XML_FORGIVE_SILENT, &doc) == TB_OK);
	CHECK_EQ_INT(tb_diag_count(b), 0);
	CHECK_EQ_INT(tb_fonts_check_data_mem(a, "ev.xml", data, sizeof data - 1), TB_ERROR);
	CHECK_EQ_INT(tb_fonts_check_data_tree(b, "ev.xml", data, sizeof data - 1, doc), TB_ERROR);
	CHECK_EQ_INT(count_code(a, "font.missing-glyph"), 3);
	same_diags(a, b);
	tb_ctx_free(b);
	/* Another name: the bytes are read again under it. */
	CHECK(tb_ctx_new(&b) == TB_OK);
	tb_ctx_free(a);
	CHECK(tb_ctx_new(&a) == TB_OK);
	CHECK_EQ_INT(tb_fonts_check_data_mem(a, "other.xml", data, sizeof data - 1), TB_ERROR);
	CHECK_EQ_INT(tb_fonts_check_data_tree(b, "other.xml", data, sizeof data - 1, doc), TB_ERROR);
	CHECK_EQ_STR(tb_diag_get(b, 0)->file, "other.xml");
	same_diags(a, b);
	tb_xml_free(doc);
	tb_ctx_free(a);
	tb_ctx_free(b);
}

/* tb_face_glyph remembers each character's glyph (face.c): asked twice, in any order, it gives
 * HarfBuzz's own answer, for characters the face has and lacks, inside the cached planes
 * (Basic to plane 2) and past them, in a CJK face with 65,535-entry cmaps and a Latin one. */
static size_t glyphs_as_harfbuzz(const tb_face *face)
{
	static const uint32_t ranges[][2] = {
		{0, 0x3000}, {0x3000, 0x3100}, {0x4E00, 0xA000}, {0xAC00, 0xAD00}, {0xFF00, 0x10000},
		{0x1F300, 0x1F400}, {0x20000, 0x20400}, {0x2A6D0, 0x2A720}, {0x2FF00, 0x30010},
		{0x31340, 0x31360}, {0x10FFF0, 0x110010},
	};
	hb_font_t *hb = hb_font_create(tb_face_hb(face));
	size_t r, bad = 0, have = 0;
	int pass;
	for (pass = 0; pass < 2; pass++)
		for (r = 0; r < sizeof ranges / sizeof ranges[0]; r++) {
			/* the second pass backwards: cached pages met in another order */
			uint32_t cp, n = ranges[r][1] - ranges[r][0];
			for (cp = 0; cp < n; cp++) {
				uint32_t c = pass ? ranges[r][1] - 1 - cp : ranges[r][0] + cp;
				hb_codepoint_t g = 0;
				unsigned want = hb_font_get_nominal_glyph(hb, c, &g) ? g : 0;
				if (tb_face_glyph(face, c) != want || tb_face_has(face, c) != (want != 0))
					bad++;
				have += want != 0;
			}
		}
	hb_font_destroy(hb);
	CHECK(have > 1000); /* the face was asked characters it has */
	return bad;
}

TEST(glyphs_remembered_as_harfbuzz_gives_them)
{
	tb_ctx *ctx;
	tb_fonts *f;
	const tb_face *song, *latin;
	CHECK(tb_ctx_new(&ctx) == TB_OK && tb_fonts_get(ctx, &f) == TB_OK);
	song = tb_fonts_resolve(f, "宋体", false, false, TB_SCRIPT_EAST_ASIAN, NULL);
	latin = tb_fonts_resolve(f, "Times New Roman", false, false, TB_SCRIPT_LATIN, NULL);
	CHECK(song && latin && song != latin);
	CHECK_EQ_INT(glyphs_as_harfbuzz(song), 0);
	CHECK_EQ_INT(glyphs_as_harfbuzz(latin), 0);
	CHECK(tb_face_glyph(song, 0x5B8B) != 0 && tb_face_glyph(song, 0xAC00) == 0);
	CHECK(tb_face_glyph(NULL, 0x5B8B) == 0);
	tb_ctx_free(ctx);
}

int main(void)
{
	static const check_test tests[] = {
		{"fonts_prefetched_once", fonts_prefetched_once},
		{"map_names_to_debian_faces", map_names_to_debian_faces},
		{"installed_family_by_any_name", installed_family_by_any_name},
		{"bold_real_and_synthetic", bold_real_and_synthetic},
		{"substitution_warned_once_per_family", substitution_warned_once_per_family},
		{"unknown_names_as_fontconfig_matches_them", unknown_names_as_fontconfig_matches_them},
		{"metrics_and_cff", metrics_and_cff},
		{"fallback_chain", fallback_chain},
		{"candidates_licensed_first_and_maps_per_context", candidates_licensed_first_and_maps_per_context},
		{"user_font_file_in_map", user_font_file_in_map},
		{"subset_same_bytes_as_whole_face", subset_same_bytes_as_whole_face},
		{"cff_subset_without_subroutines", cff_subset_without_subroutines},
		{"charstrings_remembered_across_subsets", charstrings_remembered_across_subsets},
		{"cid_table_shared_across_contexts", cid_table_shared_across_contexts},
		{"cff_subset_hostile", cff_subset_hostile},
		{"embedded_faces_from_memory", embedded_faces_from_memory},
		{"answers_remembered_as_asked", answers_remembered_as_asked},
		{"font_files_mapped_once_per_process", font_files_mapped_once_per_process},
		{"direct_choice_as_fontmatch", direct_choice_as_fontmatch},
		{"data_check_on_the_fills_tree", data_check_on_the_fills_tree},
		{"glyphs_remembered_as_harfbuzz_gives_them", glyphs_remembered_as_harfbuzz_gives_them},
	};
	return check_run(tests, sizeof tests / sizeof tests[0]);
}
