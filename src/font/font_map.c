/* font_map.c: the font cache: reads fonts/fontmap.xml, finds faces with fontconfig, maps
 * document family names to faces, and picks fallback faces for characters a face lacks.
 * Lives in the context (one per process/thread), so faces are opened once. */
#include <fontconfig/fontconfig.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "core/ctx.h"
#include "core/file.h"
#include "core/helper.h"
#include "core/i18n.h"
#include "core/strset.h"
#include "core/xml.h"
#include "font/font_impl.h"

#define FONTS_CACHE_PREFIX "font.cache:" /* + the map's path: one font cache per map */
static const char *const class_names[2] = {"latin", "east-asian"}; /* as in the map */
#define FONTMAP_PATH_KEY "font.map-path"
#define ALLOW_MISSING_KEY "font.allow-missing"
#define MAX_CHAIN 16
#define MAX_CANDIDATES 12
#define MAX_DIRS 8
/* fontconfig is asked about at most this many installed-font names in one run (about 0.3 ms
 * each): a document naming more (issue 17 item 10: 100,000 runs over 500 names took 34 s
 * when the cache was full and every run asked again) has the rest drawn as missing fonts. */
#define MAX_FC_NAMES 2000
#define MAX_WARNED 256

/* One family a face may be found under, with the weight to ask fontconfig for. */
typedef struct candidate {
	char *family;
	int weight; /* FC_WEIGHT_* */
} candidate;

typedef struct map_face {
	char *id, *file;
	candidate cands[MAX_CANDIDATES]; /* the first one installed wins */
	size_t ncands;
	int fallback[MAX_CHAIN]; /* faces tried first for characters this one lacks */
	size_t nfallback;
	unsigned index;
	bool east_asian, optional;
} map_face;

typedef struct map_family {
	char *name;
	int face;
	bool substitute;
} map_family;

/* A face asked for in a style: which opened face draws it, and whether bold is faked. */
typedef struct variant {
	char *key; /* "#<face index>|b|i" for map faces, "=<family>|b|i" for installed ones */
	tb_face *face; /* NULL: not available */
	bool synthetic_bold;
} variant;

struct tb_fonts {
	tb_ctx *ctx;
	char *map_path, *map_dir;
	map_face *faces;
	size_t nfaces;
	map_family *fams;
	size_t nfams;
	int def[2];
	/* <unknown fontconfig="...">: the configuration LibreOffice is given; a name neither
	 * mapped nor installed gets the face fontconfig matches for it there. */
	char *unknown_conf;
	FcConfig *unknown_fc; /* loaded on the first unknown name */
	bool unknown_tried;
	int chain[2][MAX_CHAIN];
	size_t nchain[2];
	char *dirs[MAX_DIRS]; /* more font directories for fontconfig (<dir>) */
	size_t ndirs;
	hb_set_t *covered, *uncovered; /* tb_fonts_can_draw's answers so far */
	FcConfig *fc;
	tb_face *open[TB_FONTS_MAX_OPEN];
	size_t nopen;
	variant *vars; /* every face asked for, found or not: asked once */
	size_t nvars, capvars;
	size_t *slots; /* hash of vars by key: index + 1, 0 empty */
	size_t nslots;
	size_t fc_names; /* installed names asked of fontconfig (MAX_FC_NAMES) */
	/* Every family name of every face fontconfig knows, ASCII-lower-cased, hashed: a name
	 * not among them is answered without a match (installed_family). */
	tb_strset families;
	bool families_built, families_failed;
	/* fontconfig's default languages (FcGetDefaultLangs: what FcConfigSubstitute adds to a
	 * pattern), for fc_direct's language rank; read on the first question. */
	FcStrSet *langs;
	char *warned[MAX_WARNED];
	size_t nwarned;
	/* An allocation failed while looking a face up: the lookup answered "not available" and
	 * another face may have drawn the text, so the operation must fail (tb_fonts_status). */
	bool nomem;
	/* The embedded fonts of the document being laid out (tb_fonts_use_set), and whether
	 * substitution warnings are off (while finding an embedded face's stand-ins). */
	const tb_font_set *set;
	bool quiet;
};

/* fontconfig's set-up, started early on the helper thread (core/helper.h, by
 * tb_fonts_prefetch): a fresh process spends 5-10 ms there, a fifth of a fresh fill, while
 * its main thread would only be reading the template and the evidence. */
static pthread_mutex_t prefetch_mu = PTHREAD_MUTEX_INITIALIZER;
static int prefetch_state; /* 0 not started, 1 started (or tried) */
static FcConfig *prefetched; /* written by the helper before its early work is done */
static int prefetch_taken;

static void prefetch_run(void)
{
	prefetched = FcInitLoadConfigAndFonts();
}

static void prefetch_at_exit(void)
{
	tb_helper_wait_early();
	pthread_mutex_lock(&prefetch_mu);
	if (prefetched)
		FcConfigDestroy(prefetched);
	prefetched = NULL;
	pthread_mutex_unlock(&prefetch_mu);
}

void tb_fonts_prefetch(void)
{
	pthread_mutex_lock(&prefetch_mu);
	if (prefetch_state == 0) {
		prefetch_state = 1; /* tried: a failure is not tried again */
		if (tb_helper_start(prefetch_run))
			atexit(prefetch_at_exit);
	}
	pthread_mutex_unlock(&prefetch_mu);
}

int tb_fonts_prefetch_taken(void)
{
	int n;
	pthread_mutex_lock(&prefetch_mu);
	n = prefetch_taken;
	pthread_mutex_unlock(&prefetch_mu);
	return n;
}

/* fontconfig's configuration and fonts: the prefetched ones, once, else read now. */
static FcConfig *fc_load(void)
{
	FcConfig *c;
	tb_helper_wait_early();
	pthread_mutex_lock(&prefetch_mu);
	c = prefetched;
	prefetched = NULL;
	prefetch_taken += c != NULL;
	pthread_mutex_unlock(&prefetch_mu);
	return c ? c : FcInitLoadConfigAndFonts();
}

static void fonts_free(void *p)
{
	tb_fonts *f = p;
	size_t i;
	if (!f)
		return;
	for (i = 0; i < f->nfaces; i++) {
		size_t k;
		free(f->faces[i].id);
		for (k = 0; k < f->faces[i].ncands; k++)
			free(f->faces[i].cands[k].family);
		free(f->faces[i].file);
	}
	for (i = 0; i < f->ndirs; i++)
		free(f->dirs[i]);
	hb_set_destroy(f->covered);
	hb_set_destroy(f->uncovered);
	free(f->faces);
	for (i = 0; i < f->nfams; i++)
		free(f->fams[i].name);
	free(f->fams);
	for (i = 0; i < f->nopen; i++)
		tb_face_free(f->open[i]);
	for (i = 0; i < f->nvars; i++)
		free(f->vars[i].key);
	free(f->vars);
	free(f->slots);
	for (i = 0; i < f->nwarned; i++)
		free(f->warned[i]);
	tb_strset_free(&f->families);
	if (f->langs)
		FcStrSetDestroy(f->langs);
	if (f->fc)
		FcConfigDestroy(f->fc);
	if (f->unknown_fc)
		FcConfigDestroy(f->unknown_fc);
	free(f->unknown_conf);
	free(f->map_path);
	free(f->map_dir);
	free(f);
}

static int find_face_id(const tb_fonts *f, const char *id)
{
	size_t i;
	for (i = 0; id && i < f->nfaces; i++)
		if (strcmp(f->faces[i].id, id) == 0)
			return (int)i;
	return -1;
}

static int class_of(const char *s)
{
	return s && strcmp(s, "east-asian") == 0 ? TB_SCRIPT_EAST_ASIAN : TB_SCRIPT_LATIN;
}

static tb_status map_error(tb_fonts *f, xmlNodePtr n, const char *what)
{
	unsigned line = 0, col = 0;
	tb_xml_node_pos(n, &line, &col);
	tb_error(f->ctx, "font.map", f->map_path, line, col,
	         N_("See the comment at the top of fonts/fontmap.xml for the format."),
	         N_("font map: %s"), _(what));
	return TB_ERROR;
}

/* "Noto Serif CJK SC:bold" -> family and weight. */
static int weight_of(const char *w)
{
	static const struct { const char *name; int weight; } t[] = {
		{"thin", FC_WEIGHT_THIN}, {"light", FC_WEIGHT_LIGHT}, {"regular", FC_WEIGHT_REGULAR},
		{"medium", FC_WEIGHT_MEDIUM}, {"semibold", FC_WEIGHT_SEMIBOLD}, {"bold", FC_WEIGHT_BOLD},
		{"black", FC_WEIGHT_BLACK}, {"heavy", FC_WEIGHT_HEAVY}};
	size_t i;
	for (i = 0; i < sizeof t / sizeof t[0]; i++)
		if (strcasecmp(w, t[i].name) == 0)
			return t[i].weight;
	return -1;
}

static tb_status read_candidates(tb_fonts *f, xmlNodePtr n, map_face *mf, const char *list)
{
	char *copy = strdup(list), *save = NULL, *tok;
	tb_status st = TB_OK;
	if (!copy)
		return TB_ENOMEM;
	for (tok = strtok_r(copy, ",", &save); tok && st == TB_OK; tok = strtok_r(NULL, ",", &save)) {
		char *end, *colon;
		int weight = FC_WEIGHT_REGULAR;
		while (*tok == ' ' || *tok == '\t' || *tok == '\n')
			tok++;
		end = tok + strlen(tok);
		while (end > tok && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n'))
			*--end = '\0';
		if ((colon = strrchr(tok, ':'))) {
			*colon = '\0';
			weight = weight_of(colon + 1);
		}
		if (!*tok || weight < 0 || mf->ncands >= MAX_CANDIDATES) {
			st = map_error(f, n, N_("family=\"A, B:bold, ...\" lists up to 12 names, each with an optional weight (light, regular, medium, semibold, bold, black)"));
			break;
		}
		mf->cands[mf->ncands].family = strdup(tok);
		mf->cands[mf->ncands].weight = weight;
		if (!mf->cands[mf->ncands++].family)
			st = TB_ENOMEM;
	}
	free(copy);
	return st;
}

static tb_status read_face(tb_fonts *f, xmlNodePtr n)
{
	map_face *mf;
	char *idx = NULL, *opt = NULL, *cls = NULL, *family = NULL;
	tb_status st;
	if (f->nfaces >= TB_FONTMAP_MAX_FACES)
		return map_error(f, n, N_("too many faces"));
	mf = &f->faces[f->nfaces++]; /* counted now: the map's cleanup frees what it holds */
	memset(mf, 0, sizeof *mf);
	/* An attribute lost to out of memory must fail the read, not pick another face. */
	st = tb_xml_attr_get(n, "id", &mf->id);
	if (st == TB_OK)
		st = tb_xml_attr_get(n, "family", &family);
	if (st == TB_OK)
		st = tb_xml_attr_get(n, "file", &mf->file);
	if (st == TB_OK)
		st = tb_xml_attr_get(n, "index", &idx);
	if (st == TB_OK)
		st = tb_xml_attr_get(n, "optional", &opt);
	if (st == TB_OK)
		st = tb_xml_attr_get(n, "class", &cls);
	if (st != TB_OK)
		goto cleanup;
	if (!mf->id || (!family && !mf->file)) {
		st = map_error(f, n, N_("<face> needs id and family or file"));
		goto cleanup;
	}
	if (find_face_id(f, mf->id) != (int)f->nfaces - 1) {
		st = map_error(f, n, N_("duplicate face id"));
		goto cleanup;
	}
	if (family)
		st = read_candidates(f, n, mf, family);
	mf->index = idx ? (unsigned)strtoul(idx, NULL, 10) : 0;
	mf->optional = opt && strcmp(opt, "yes") == 0;
	mf->east_asian = class_of(cls) == TB_SCRIPT_EAST_ASIAN;
cleanup:
	free(family);
	free(idx);
	free(opt);
	free(cls);
	return st;
}

/* fallback="id id" on a face: resolved once all faces are read. */
static tb_status read_face_fallbacks(tb_fonts *f, xmlNodePtr root)
{
	xmlNodePtr n;
	size_t k = 0;
	for (n = root->children; n; n = n->next) {
		char *text, *save = NULL, *tok;
		tb_status st;
		if (n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, "face") != 0)
			continue;
		st = tb_xml_attr_get(n, "fallback", &text);
		for (tok = text ? strtok_r(text, " \t\r\n", &save) : NULL; tok && st == TB_OK;
		     tok = strtok_r(NULL, " \t\r\n", &save)) {
			int id = find_face_id(f, tok);
			if (id < 0 || f->faces[k].nfallback >= MAX_CHAIN)
				st = map_error(f, n, N_("fallback= names an unknown face or too many"));
			else
				f->faces[k].fallback[f->faces[k].nfallback++] = id;
		}
		free(text);
		if (st != TB_OK)
			return st;
		k++;
	}
	return TB_OK;
}

static tb_status read_dir(tb_fonts *f, xmlNodePtr n)
{
	char *text = tb_xml_text(n), *path;
	if (!text || !*text || f->ndirs >= MAX_DIRS) {
		free(text);
		return map_error(f, n, N_("<dir> needs a directory (at most 8 of them)"));
	}
	path = text[0] == '/' ? text : tb_path_join(f->map_dir, text);
	if (path != text)
		free(text);
	if (!path)
		return TB_ENOMEM;
	f->dirs[f->ndirs++] = path;
	return TB_OK;
}

static tb_status read_family(tb_fonts *f, xmlNodePtr n)
{
	map_family *fam;
	char *face = NULL, *sub = NULL;
	tb_status st;
	if (f->nfams >= TB_FONTMAP_MAX_FAMILIES)
		return map_error(f, n, N_("too many families"));
	fam = &f->fams[f->nfams++];
	st = tb_xml_attr_get(n, "name", &fam->name);
	if (st == TB_OK)
		st = tb_xml_attr_get(n, "face", &face);
	if (st == TB_OK)
		st = tb_xml_attr_get(n, "substitute", &sub);
	fam->face = find_face_id(f, face);
	fam->substitute = sub && strcmp(sub, "yes") == 0;
	free(face);
	free(sub);
	if (st == TB_OK && (!fam->name || fam->face < 0))
		st = map_error(f, n, N_("<family> needs a name and the id of a face declared before it"));
	return st;
}

static tb_status read_chain(tb_fonts *f, xmlNodePtr n, bool is_default)
{
	char *cls;
	int c;
	tb_status st = tb_xml_attr_get(n, "class", &cls);
	if (st != TB_OK)
		return st;
	c = class_of(cls);
	free(cls);
	if (is_default) {
		char *face;
		st = tb_xml_attr_get(n, "face", &face);
		if (st != TB_OK)
			return st;
		f->def[c] = find_face_id(f, face);
		free(face);
		if (f->def[c] < 0)
			st = map_error(f, n, N_("<default> names an unknown face"));
	} else {
		char *text = tb_xml_text(n), *save = NULL, *tok;
		if (!text)
			return TB_ENOMEM; /* the element is there: its text was not copied */
		for (tok = strtok_r(text, " \t\r\n", &save); tok; tok = strtok_r(NULL, " \t\r\n", &save)) {
			int id = find_face_id(f, tok);
			if (id < 0 || f->nchain[c] >= MAX_CHAIN) {
				st = map_error(f, n, N_("<fallback> names an unknown face or too many"));
				break;
			}
			f->chain[c][f->nchain[c]++] = id;
		}
		free(text);
	}
	return st;
}

/* <unknown fontconfig="file"/>: the fontconfig configuration (relative to the map) that
 * LibreOffice renders with; names neither mapped nor installed are matched there. */
static tb_status read_unknown(tb_fonts *f, xmlNodePtr n)
{
	char *conf;
	tb_status st = tb_xml_attr_get(n, "fontconfig", &conf);
	if (st != TB_OK)
		return st;
	if (!conf || !*conf || f->unknown_conf) {
		free(conf);
		return map_error(f, n, N_("<unknown> needs fontconfig=\"file\" (once)"));
	}
	f->unknown_conf = conf[0] == '/' ? conf : tb_path_join(f->map_dir, conf);
	if (f->unknown_conf != conf)
		free(conf);
	return f->unknown_conf ? TB_OK : TB_ENOMEM;
}

static tb_status read_map(tb_fonts *f)
{
	xmlDocPtr doc = NULL;
	xmlNodePtr root, n;
	struct stat sb;
	tb_status st;

	if (stat(f->map_path, &sb) == 0 && sb.st_size > (off_t)TB_FONTMAP_MAX_BYTES) {
		tb_error(f->ctx, "font.map", f->map_path, 0, 0, N_("Keep the font map under 1 MiB."),
		         N_("font map too large"));
		return TB_ELIMIT;
	}
	st = tb_xml_read_file(f->ctx, f->map_path, TB_XML_NOBLANKS, &doc);
	if (st != TB_OK)
		return st;
	root = xmlDocGetRootElement(doc);
	if (!root || strcmp((const char *)root->name, "fontmap") != 0) {
		st = map_error(f, root, N_("the root element must be <fontmap>"));
		goto cleanup;
	}
	f->faces = calloc(TB_FONTMAP_MAX_FACES, sizeof *f->faces);
	f->fams = calloc(TB_FONTMAP_MAX_FAMILIES, sizeof *f->fams);
	if (!f->faces || !f->fams) {
		st = TB_ENOMEM;
		goto cleanup;
	}
	f->def[0] = f->def[1] = -1;
	for (n = root->children; n && st == TB_OK; n = n->next) {
		const char *name = (const char *)n->name;
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp(name, "face") == 0)
			st = read_face(f, n);
		else if (strcmp(name, "family") == 0)
			st = read_family(f, n);
		else if (strcmp(name, "default") == 0)
			st = read_chain(f, n, true);
		else if (strcmp(name, "fallback") == 0)
			st = read_chain(f, n, false);
		else if (strcmp(name, "unknown") == 0)
			st = read_unknown(f, n);
		else if (strcmp(name, "dir") == 0)
			st = read_dir(f, n);
		else
			st = map_error(f, n, N_("unknown element"));
	}
	if (st == TB_OK && (f->def[0] < 0 || f->def[1] < 0))
		st = map_error(f, root, N_("a <default> is needed for class latin and east-asian"));
	if (st == TB_OK)
		st = read_face_fallbacks(f, root);
cleanup:
	tb_xml_free(doc);
	return st;
}

/* The opened face for file+index, opening it on first use (once per process). */
static tb_face *open_file(tb_fonts *f, const char *path, unsigned index, bool quiet)
{
	size_t i;
	tb_face *face;
	for (i = 0; i < f->nopen; i++)
		if (f->open[i]->index == index && strcmp(f->open[i]->path, path) == 0)
			return f->open[i];
	if (f->nopen >= TB_FONTS_MAX_OPEN)
		return NULL;
	bool nomem;
	face = tb_face_open(f->ctx, path, index, quiet, &nomem);
	if (face)
		f->open[f->nopen++] = face;
	if (nomem)
		f->nomem = true;
	return face;
}

static FcPattern *fc_pattern(tb_fonts *f, const char *family, int weight, bool italic)
{
	FcPattern *pat = FcPatternCreate();
	if (!pat) {
		f->nomem = true;
		return NULL;
	}
	FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
	FcPatternAddInteger(pat, FC_WEIGHT, weight);
	FcPatternAddInteger(pat, FC_SLANT, italic ? FC_SLANT_ITALIC : FC_SLANT_ROMAN);
	/* The style name too: fontconfig ranks it above the weight, and some faces (Fandol's
	 * Bold ones) carry a regular weight class. */
	if (weight == FC_WEIGHT_REGULAR || weight == FC_WEIGHT_BOLD)
		FcPatternAddString(pat, FC_STYLE, (const FcChar8 *)(weight == FC_WEIGHT_BOLD
		                                                        ? (italic ? "Bold Italic" : "Bold")
		                                                        : (italic ? "Italic" : "Regular")));
	return pat;
}

/* Ask fontconfig for `family` in a style; only an installed face of that very family counts
 * (fontconfig would otherwise hand back its own substitute). */
/* The family names of the faces fontconfig can match (its system and application sets, after
 * its own rejections), built on the first question. */
static bool families_build(tb_fonts *f)
{
	FcFontSet *sets[2];
	int s, i, j;
	FcChar8 *fam;
	sets[0] = FcConfigGetFonts(f->fc, FcSetSystem);
	sets[1] = FcConfigGetFonts(f->fc, FcSetApplication);
	f->families.nocase = true; /* fc_find compares with strcasecmp */
	for (s = 0; s < 2; s++)
		for (i = 0; sets[s] && i < sets[s]->nfont; i++)
			for (j = 0; FcPatternGetString(sets[s]->fonts[i], FC_FAMILY, j, &fam) == FcResultMatch; j++)
				if (!tb_strset_add(&f->families, (const char *)fam, strlen((const char *)fam))) {
					tb_strset_free(&f->families);
					return false;
				}
	return true;
}

/* Whether some face fontconfig knows has this family name. fc_find accepts a match only of
 * the very family asked for, so a name no face has would cost a whole match (every installed
 * face scored, ~2 million instructions) to learn nothing: most of a map's candidates are
 * faces not installed here (SimSun, FangSong_GB2312 on Debian). Unsure (out of memory): yes. */
static bool installed_family(tb_fonts *f, const char *family)
{
	if (!f->families_built && !f->families_failed) {
		f->families_built = families_build(f);
		f->families_failed = !f->families_built;
	}
	return !f->families_built || tb_strset_has(&f->families, family, strlen(family));
}

/* ---- A face of an installed family, chosen without FcFontMatch ----
 * fc_find accepts only a face of the very family asked for, so FcFontMatch (with the
 * FcConfigSubstitute it needs: ~2.2 M instructions a question, every installed face scored)
 * comes down, for an installed family, to ranking that family's faces: they tie on the
 * family and, when they agree on what fontconfig ranks above the languages (variable,
 * colour, scalable, format, spacing, sizes), fontconfig takes the best languages (of its
 * defaults), then style name, slant, weight and width. That ranking is done here, on the
 * faces fontconfig's family comparison finds (case and blanks ignored). Where the faces
 * disagree above the languages, tie after the width, or the name is not ASCII (fontconfig
 * folds the case of other letters too), FcFontMatch decides as before. Not seen here:
 * configuration rules that put another family before the one asked for, or rank one face
 * of the family above another by an alias (pdf/test_fonts compares both ways on every
 * installed family). */

static char ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool same_family(const char *a, const char *b)
{
	for (;; a++, b++) {
		while (*a == ' ')
			a++;
		while (*b == ' ')
			b++;
		if (ascii_lower(*a) != ascii_lower(*b))
			return false;
		if (!*a)
			return true;
	}
}

static bool has_family(FcPattern *font, const char *family)
{
	FcChar8 *fam;
	int i;
	for (i = 0; FcPatternGetString(font, FC_FAMILY, i, &fam) == FcResultMatch; i++)
		if (same_family((const char *)fam, family))
			return true;
	return false;
}

/* A number fontconfig compares by distance (slant, weight); false for a range (variable). */
static bool fc_number(FcPattern *font, const char *object, double *out)
{
	FcValue v;
	if (FcPatternGet(font, object, 0, &v) != FcResultMatch)
		return false;
	if (v.type == FcTypeInteger)
		*out = v.u.i;
	else if (v.type == FcTypeDouble)
		*out = v.u.d;
	else
		return false;
	return true;
}

/* What fontconfig ranks above the style and the languages, as one face of the family has it. */
typedef struct fc_above {
	FcChar8 *format;
	int spacing; /* -1: none */
} fc_above;

/* Whether the face is one the ranking here can stand in for FcFontMatch on: a plain
 * scalable face (fontconfig prefers non-variable, non-colour faces above the family, and a
 * bitmap face is ranked by pixel size first) with the format and spacing of the family's
 * first face. */
static bool plain_like(FcPattern *font, fc_above *first, bool is_first)
{
	FcBool b;
	FcValue v;
	fc_above a = {NULL, -1};
	if ((FcPatternGetBool(font, FC_VARIABLE, 0, &b) == FcResultMatch && b) ||
	    (FcPatternGetBool(font, FC_COLOR, 0, &b) == FcResultMatch && b) ||
	    FcPatternGetBool(font, FC_SCALABLE, 0, &b) != FcResultMatch || !b ||
	    FcPatternGet(font, FC_SIZE, 0, &v) == FcResultMatch ||
	    FcPatternGet(font, FC_PIXEL_SIZE, 0, &v) == FcResultMatch)
		return false;
	if (FcPatternGetString(font, FC_FONTFORMAT, 0, &a.format) != FcResultMatch)
		a.format = NULL;
	if (FcPatternGetInteger(font, FC_SPACING, 0, &a.spacing) != FcResultMatch)
		a.spacing = -1;
	if (is_first) {
		*first = a;
		return true;
	}
	return first->spacing == a.spacing &&
	       (first->format ? a.format && strcmp((const char *)first->format, (const char *)a.format) == 0
	                      : !a.format);
}

/* fontconfig's language rank of a face: 1000 for a default language of another territory,
 * 2000 for none, plus 100 for each default language before the one that counted. */
static double lang_rank(tb_fonts *f, FcPattern *font, bool *ok)
{
	FcLangSet *ls;
	FcStrList *l;
	FcChar8 *lang;
	double best = -1, j = 0;
	if (!f->langs && !(f->langs = FcGetDefaultLangs()))
		return *ok = false, 0;
	if (FcPatternGetLangSet(font, FC_LANG, 0, &ls) != FcResultMatch)
		return 0; /* not compared */
	if (!(l = FcStrListCreate(f->langs)))
		return *ok = false, 0;
	for (; (lang = FcStrListNext(l)); j++) {
		FcLangResult r = FcLangSetHasLang(ls, lang);
		double v = (r == FcLangEqual ? 0 : r == FcLangDifferentTerritory ? 1000 : 2000) + 100 * j;
		if (best < 0 || v < best)
			best = v;
	}
	FcStrListDone(l);
	return best < 0 ? 0 : best;
}

/* The style name asked for with a weight (fc_pattern's), NULL for the other weights. */
static const char *style_name(int weight, bool italic)
{
	if (weight == FC_WEIGHT_BOLD)
		return italic ? "Bold Italic" : "Bold";
	if (weight == FC_WEIGHT_REGULAR)
		return italic ? "Italic" : "Regular";
	return NULL;
}

/* The face of `family` fontconfig's ranking puts first, NULL with *unsure when it cannot be
 * told here (see above), NULL alone when no face has the family. */
static FcPattern *fc_direct(tb_fonts *f, const char *family, int weight, bool italic, bool *unsure)
{
	FcFontSet *sets[2];
	FcPattern *best = NULL;
	fc_above first = {NULL, -1};
	const char *style = style_name(weight, italic), *p;
	double want_slant = italic ? FC_SLANT_ITALIC : FC_SLANT_ROMAN, bs[5] = {0, 0, 0, 0, 0};
	int s, i, k, ties = 0;
	bool any = false;

	*unsure = true;
	for (p = family; *p; p++)
		if ((unsigned char)*p >= 0x80)
			return NULL;
	sets[0] = FcConfigGetFonts(f->fc, FcSetSystem);
	sets[1] = FcConfigGetFonts(f->fc, FcSetApplication);
	for (s = 0; s < 2; s++)
		for (i = 0; sets[s] && i < sets[s]->nfont; i++) {
			FcPattern *font = sets[s]->fonts[i];
			FcChar8 *st;
			double sc[5], slant, w, width;
			bool ok = true;
			if (!has_family(font, family))
				continue;
			if (!plain_like(font, &first, !any) || !fc_number(font, FC_SLANT, &slant) ||
			    !fc_number(font, FC_WEIGHT, &w))
				return NULL;
			any = true;
			sc[0] = lang_rank(f, font, &ok);
			if (!ok)
				return NULL;
			/* fontconfig's style score: the place of the first style name equal to the
			 * one asked (case ignored), 1000 when none is. */
			sc[1] = style && FcPatternGetString(font, FC_STYLE, 0, &st) == FcResultMatch ? 1000 : 0;
			for (k = 0; style && FcPatternGetString(font, FC_STYLE, k, &st) == FcResultMatch; k++)
				if (strcasecmp((const char *)st, style) == 0) {
					sc[1] = k;
					break;
				}
			sc[2] = fabs(slant - want_slant);
			sc[3] = fabs(w - weight);
			/* The width asked is FcDefaultSubstitute's normal; a face without one is not
			 * compared on it. */
			sc[4] = fc_number(font, FC_WIDTH, &width) ? fabs(width - FC_WIDTH_NORMAL) : 0;
			for (k = 0; k < 5 && best && sc[k] == bs[k]; k++)
				;
			if (!best || (k < 5 && sc[k] < bs[k])) {
				best = font;
				memcpy(bs, sc, sizeof bs);
				ties = 0;
			} else if (k == 5) {
				ties++; /* the ranks below the width would decide */
			}
		}
	*unsure = ties > 0;
	return ties ? NULL : best;
}

/* The face of `family` in a style that FcFontMatch would give (match_only: FcFontMatch
 * itself, for the tests); *owned when the pattern is FcFontMatch's, to destroy. */
static FcPattern *fc_choose(tb_fonts *f, const char *family, int weight, bool italic,
                            bool match_only, bool *owned)
{
	FcPattern *pat, *match;
	FcResult res;
	bool unsure = true;
	*owned = false;
	if (!match_only && ((match = fc_direct(f, family, weight, italic, &unsure)) || !unsure))
		return match;
	if (!(pat = fc_pattern(f, family, weight, italic)))
		return NULL;
	FcConfigSubstitute(f->fc, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	match = FcFontMatch(f->fc, pat, &res);
	FcPatternDestroy(pat);
	*owned = match != NULL;
	return match;
}

/* The file and index of the chosen face, if it has the very family asked for. */
static bool fc_file(FcPattern *match, const char *family, const char **file, int *index)
{
	FcChar8 *fam = NULL, *fl = NULL;
	int i;
	bool same = false;
	for (i = 0; FcPatternGetString(match, FC_FAMILY, i, &fam) == FcResultMatch; i++)
		if (strcasecmp((const char *)fam, family) == 0)
			same = true;
	if (!same || FcPatternGetString(match, FC_FILE, 0, &fl) != FcResultMatch)
		return false;
	*index = 0;
	FcPatternGetInteger(match, FC_INDEX, 0, index);
	*file = (const char *)fl;
	return true;
}

bool tb_fonts_fc_choose(tb_fonts *f, const char *family, int weight, bool italic,
                        bool match_only, char **file, int *index, bool *direct)
{
	bool owned = false, ok = false;
	const char *fl;
	FcPattern *match;
	*file = NULL;
	*direct = false;
	if (!f->fc || !installed_family(f, family))
		return false;
	match = fc_choose(f, family, weight, italic, match_only, &owned);
	*direct = match && !owned;
	if (match && fc_file(match, family, &fl, index))
		ok = (*file = strdup(fl)) != NULL;
	if (owned)
		FcPatternDestroy(match);
	return ok;
}

static tb_face *fc_find(tb_fonts *f, const char *family, int weight, bool italic, bool *is_bold)
{
	FcPattern *match;
	const char *file;
	int index;
	bool owned;
	tb_face *face = NULL;

	if (!f->fc || !installed_family(f, family))
		return NULL;
	if (!(match = fc_choose(f, family, weight, italic, false, &owned)))
		return NULL;
	if (fc_file(match, family, &file, &index)) {
		/* fontconfig's synthetic rules report a regular face as bold (embolden): ask
		 * the face itself (OS/2 weight). */
		face = open_file(f, file, (unsigned)index & 0xFFFF, true);
		*is_bold = face && face->bold;
	}
	if (owned)
		FcPatternDestroy(match);
	return face;
}

static size_t key_hash(const char *s)
{
	size_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static variant *find_variant(tb_fonts *f, const char *key)
{
	size_t i;
	if (!f->nslots)
		return NULL;
	for (i = key_hash(key) & (f->nslots - 1); f->slots[i]; i = (i + 1) & (f->nslots - 1))
		if (strcmp(f->vars[f->slots[i] - 1].key, key) == 0)
			return &f->vars[f->slots[i] - 1];
	return NULL;
}

/* Variant pointers stay valid only until the next add (the array may move). */
static variant *add_variant(tb_fonts *f, const char *key, tb_face *face, bool synth)
{
	variant *v;
	size_t i;
	if (f->nvars == f->capvars) {
		size_t cap = f->capvars ? f->capvars * 2 : 64;
		variant *nv = realloc(f->vars, cap * sizeof *nv);
		if (!nv) {
			f->nomem = true;
			return NULL;
		}
		f->vars = nv;
		f->capvars = cap;
	}
	if (2 * (f->nvars + 1) > f->nslots) { /* keep the table at most half full */
		size_t n = f->nslots ? f->nslots * 2 : 128, k;
		size_t *s = calloc(n, sizeof *s);
		if (!s) {
			f->nomem = true;
			return NULL;
		}
		for (k = 0; k < f->nvars; k++) {
			for (i = key_hash(f->vars[k].key) & (n - 1); s[i]; i = (i + 1) & (n - 1))
				;
			s[i] = k + 1;
		}
		free(f->slots);
		f->slots = s;
		f->nslots = n;
	}
	v = &f->vars[f->nvars];
	v->key = strdup(key);
	if (!v->key) {
		f->nomem = true;
		return NULL;
	}
	v->face = face;
	v->synthetic_bold = synth;
	for (i = key_hash(key) & (f->nslots - 1); f->slots[i]; i = (i + 1) & (f->nslots - 1))
		;
	f->slots[i] = ++f->nvars;
	return v;
}

/* A map face in a style (opened once, remembered). */
static variant *map_variant(tb_fonts *f, int id, bool bold, bool italic)
{
	char key[48];
	variant *v;
	map_face *mf = &f->faces[id];
	tb_face *face = NULL;
	bool is_bold = false;

	snprintf(key, sizeof key, "#%d|%d|%d", id, bold, italic);
	if ((v = find_variant(f, key)))
		return v;
	if (mf->file) {
		char *path = mf->file[0] == '/' ? strdup(mf->file) : tb_path_join(f->map_dir, mf->file);
		if (path)
			face = open_file(f, path, mf->index, false);
		free(path);
		is_bold = face && face->bold;
	} else {
		size_t k;
		for (k = 0; k < mf->ncands && !face; k++) {
			int w = mf->cands[k].weight;
			if (bold && w < FC_WEIGHT_BOLD)
				w = FC_WEIGHT_BOLD;
			face = fc_find(f, mf->cands[k].family, w, italic, &is_bold);
		}
		/* A bold request may land on a regular face; a missing regular face is absent. */
		if (face && !bold)
			is_bold = false;
	}
	if (face && face->map_id < 0) {
		face->east_asian = mf->east_asian;
		face->map_id = id;
	}
	if (face && bold && !face->heavy) {
		/* A bold file of regular weight (Fandol's say 400): fontconfig ranks it as
		 * regular, so LibreOffice takes the Regular face and emboldens it, with Regular's
		 * line metrics. Do the same. */
		variant *r = map_variant(f, id, false, italic);
		if (r && r->face)
			return add_variant(f, key, r->face, true);
	}
	return add_variant(f, key, face, face && bold && !is_bold && !face->bold);
}

static void warn_once(tb_fonts *f, const char *family, const tb_face *face)
{
	size_t i;
	if (f->quiet)
		return;
	for (i = 0; i < f->nwarned; i++)
		if (strcmp(f->warned[i], family) == 0)
			return;
	/* Past MAX_WARNED names, no more: a full list used to warn at every run again. */
	if (f->nwarned == MAX_WARNED)
		return;
	if (!(f->warned[f->nwarned] = strdup(family))) {
		f->nomem = true;
		return;
	}
	f->nwarned++;
	tb_warn(f->ctx, "font.substituted", NULL, 0, 0,
	        N_("Install that font and name its file in fonts/fontmap.xml (or pass --font-map) to use it."),
	        N_("font '%s' is not available; using %s instead"), family, tb_face_name(face));
}

/* An installed face of exactly `family` in a style (remembered, found or not). */
static variant *installed_variant(tb_fonts *f, const char *family, bool bold, bool italic)
{
	char key[300];
	variant *v;
	bool is_bold = false;
	tb_face *ff;
	snprintf(key, sizeof key, "=%s|%d|%d", family, bold, italic);
	if ((v = find_variant(f, key)))
		return v;
	if (f->fc_names >= MAX_FC_NAMES) {
		if (f->fc_names++ == MAX_FC_NAMES)
			tb_warn(f->ctx, "font.limit", NULL, 0, 0,
			        N_("a document uses a few dozen fonts; this one was probably made to be hostile"),
			        N_("more than %d different font names: the rest are drawn as missing fonts"),
			        MAX_FC_NAMES);
		return add_variant(f, key, NULL, false);
	}
	f->fc_names++;
	ff = fc_find(f, family, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR, italic, &is_bold);
	if (ff && bold && !ff->heavy) {
		/* As in map_variant: a bold file of regular weight is emboldened Regular. */
		variant *r = installed_variant(f, family, false, italic);
		if (r && r->face)
			return add_variant(f, key, r->face, true);
	}
	return add_variant(f, key, ff, ff && bold && !is_bold && !ff->bold);
}

/* The face fontconfig matches for a name it does not know, with the configuration LibreOffice
 * is given (<unknown>): fonts/fontconfig.conf gives Liberation Sans ("Roboto", "Segoe UI") or
 * Liberation Serif ("Palatino Linotype", "Garamond": fontconfig's own rules call them serif).
 * A result that is one of the map's faces brings that face's fallbacks (Noto Sans CJK for
 * Liberation Sans, as LibreOffice's glyph fallback). Remembered, found or not. */
static variant *unknown_variant(tb_fonts *f, const char *family, bool bold, bool italic, int c)
{
	char key[300];
	variant *v;
	FcPattern *pat, *match;
	FcResult res;
	FcChar8 *file = NULL, *fam = NULL;
	int index = 0;
	size_t i, k;
	tb_face *face = NULL;

	snprintf(key, sizeof key, "?%s|%d|%d|%d", family, bold, italic, c);
	if ((v = find_variant(f, key)))
		return v;
	if (!f->unknown_tried) {
		f->unknown_tried = true;
		/* fontconfig reads a relative name in its own directory (/etc/fonts) */
		char *abs = realpath(f->unknown_conf, NULL);
		f->unknown_fc = abs ? FcConfigCreate() : NULL;
		if (f->unknown_fc && (!FcConfigParseAndLoad(f->unknown_fc, (const FcChar8 *)abs, FcTrue) ||
		                      !FcConfigBuildFonts(f->unknown_fc))) {
			FcConfigDestroy(f->unknown_fc);
			f->unknown_fc = NULL;
		}
		free(abs);
		if (!f->unknown_fc)
			tb_warn(f->ctx, "font.map", f->unknown_conf, 0, 0,
			        N_("Check the file named by <unknown fontconfig=...> in the font map."),
			        N_("fontconfig cannot load this configuration; unknown font names take the default face"));
	}
	if (!f->unknown_fc || f->fc_names >= MAX_FC_NAMES)
		return add_variant(f, key, NULL, false);
	f->fc_names++;
	if (!(pat = fc_pattern(f, family, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR, italic)))
		return NULL;
	/* LibreOffice asks with the text's language (zh-CN for the East Asian text here). */
	if (c == 1)
		FcPatternAddString(pat, FC_LANG, (const FcChar8 *)"zh-cn");
	FcConfigSubstitute(f->unknown_fc, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	match = FcFontMatch(f->unknown_fc, pat, &res);
	FcPatternDestroy(pat);
	if (match && FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch) {
		FcPatternGetInteger(match, FC_INDEX, 0, &index);
		face = open_file(f, (const char *)file, (unsigned)index & 0xFFFF, true);
		FcPatternGetString(match, FC_FAMILY, 0, &fam);
	}
	/* The map face of that family, if any, so that its fallbacks apply. */
	for (i = 0; face && face->map_id < 0 && fam && i < f->nfaces; i++)
		for (k = 0; k < f->faces[i].ncands; k++)
			if (strcasecmp(f->faces[i].cands[k].family, (const char *)fam) == 0) {
				map_variant(f, (int)i, bold, italic);
				break;
			}
	if (match)
		FcPatternDestroy(match);
	if (face && bold && !face->heavy) {
		/* As in map_variant: a bold file of regular weight is emboldened Regular. */
		variant *r = unknown_variant(f, family, false, italic, c);
		if (r && r->face)
			return add_variant(f, key, r->face, true);
	}
	return add_variant(f, key, face, face && bold && !face->bold);
}

static const tb_face *default_face(tb_fonts *f, int cls, bool bold, bool italic, bool *synth)
{
	variant *v = map_variant(f, f->def[cls], bold, italic);
	if (!v || !v->face)
		v = map_variant(f, f->def[cls], false, false);
	*synth = v && v->face && bold && (v->synthetic_bold || !v->face->bold);
	return v ? v->face : NULL;
}

/* One family name: the map's face for it or an installed face of that name; NULL when the
 * name is neither (the caller decides). */
static const tb_face *resolve_name(tb_fonts *f, const char *family, bool bold, bool italic, int c,
                                   bool *synthetic_bold)
{
	size_t i;
	variant *v;
	const tb_face *face;
	tb_face *emb = f->set ? tb_font_set_find(f->set, family, bold, italic, synthetic_bold) : NULL;
	if (emb) {
		/* The document's own face, for East Asian text too (LibreOffice draws the
		 * characters it lacks by glyph fallback, its line height stays the face's). */
		if (!emb->stand_in[c]) {
			const tb_font_set *set = f->set;
			bool synth;
			f->set = NULL;
			f->quiet = true;
			emb->stand_in[c] = tb_fonts_resolve(f, family, bold, italic, (tb_script_class)c, &synth);
			f->quiet = false;
			f->set = set;
		}
		return emb;
	}
	for (i = 0; i < f->nfams; i++)
		if (strcasecmp(f->fams[i].name, family) == 0)
			break;
	if (i == f->nfams) {
		/* Not in the map: an installed face of exactly that family is used as is. */
		v = installed_variant(f, family, bold, italic);
		if (!v || !v->face)
			return NULL;
		*synthetic_bold = v->synthetic_bold;
		return v->face;
	}
	map_family *fam = &f->fams[i];
	/* A Latin name asked for East Asian text draws with the class default; nothing
	 * is substituted. An East Asian name for Latin text keeps its face, whose Latin
	 * glyphs LibreOffice uses too (w:ascii="宋体"). */
	if (c == 1 && !f->faces[fam->face].east_asian)
		return default_face(f, c, bold, italic, synthetic_bold);
	/* The very font the document names, when installed (a licensed SimSun, 仿宋_GB2312,
	 * 方正小标宋简体...), wins over the map's stand-in. */
	v = installed_variant(f, family, bold, italic);
	if (v && v->face) {
		*synthetic_bold = v->synthetic_bold;
		return v->face;
	}
	v = map_variant(f, fam->face, bold, italic);
	if (v && v->face) {
		if (fam->substitute)
			warn_once(f, family, v->face);
		*synthetic_bold = v->synthetic_bold;
		return v->face;
	}
	/* The map's face is not installed (an optional one). */
	face = default_face(f, c, bold, italic, synthetic_bold);
	if (face)
		warn_once(f, family, face);
	return face;
}

static const tb_face *resolve(tb_fonts *f, const char *family, bool bold, bool italic, int c,
                              bool *synthetic_bold);

/* Every run asks for its fonts, a report's thousands of runs the same few names: each
 * answer is remembered under "?<class>|<bold>|<italic>|<family>" (a scan of the map's
 * names and three lookups each time were 4% of a batch). Not while a document's embedded
 * fonts are in use or warnings are off: the answer (or its warning) may differ there. An
 * answer made while an allocation failed is not kept. */
const tb_face *tb_fonts_resolve(tb_fonts *f, const char *family, bool bold, bool italic,
                                tb_script_class cls, bool *synthetic_bold)
{
	bool synth = false, nomem = f->nomem;
	int c = cls == TB_SCRIPT_EAST_ASIAN ? 1 : 0;
	size_t n = family ? strlen(family) : 0;
	char key[262];
	const tb_face *face;
	variant *v;

	if (!synthetic_bold)
		synthetic_bold = &synth;
	*synthetic_bold = false;
	if (f->set || f->quiet || n + 7 > sizeof key)
		return resolve(f, family, bold, italic, c, synthetic_bold);
	key[0] = '?';
	key[1] = (char)('0' + c);
	key[2] = '|';
	key[3] = bold ? '1' : '0';
	key[4] = '|';
	key[5] = italic ? '1' : '0';
	key[6] = '|';
	memcpy(key + 7, family ? family : "", n + 1);
	if ((v = find_variant(f, key))) {
		*synthetic_bold = v->synthetic_bold;
		return v->face;
	}
	face = resolve(f, family, bold, italic, c, synthetic_bold);
	if (!nomem && !f->nomem) {
		add_variant(f, key, (tb_face *)face, *synthetic_bold);
		f->nomem = false; /* not remembered: only asked again */
	}
	return face;
}

static const tb_face *resolve(tb_fonts *f, const char *family, bool bold, bool italic, int c,
                              bool *synthetic_bold)
{
	const tb_face *face;
	const char *p;

	if (!family || !*family)
		return default_face(f, c, bold, italic, synthetic_bold);
	/* "A;B" is a list, as in LibreOffice (ODF's svg:font-family "A, B"): the first name
	 * that is mapped or installed. */
	for (p = family; *p;) {
		const char *e = strchr(p, ';');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (!e && p == family) {
			face = resolve_name(f, family, bold, italic, c, synthetic_bold);
		} else {
			char name[256];
			while (n && (*p == ' ' || *p == '\t')) {
				p++;
				n--;
			}
			while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
				n--;
			face = NULL;
			if (n && n < sizeof name) {
				memcpy(name, p, n);
				name[n] = '\0';
				face = resolve_name(f, name, bold, italic, c, synthetic_bold);
			}
		}
		if (face)
			return face;
		if (!e)
			break;
		p = e + 1;
	}
	/* Neither mapped nor installed: the face fontconfig gives LibreOffice for it
	 * (<unknown>), else the class default. Reported either way. */
	face = NULL;
	if (f->unknown_conf) {
		/* fontconfig is asked for the first name of a list */
		char first[256];
		size_t n = strcspn(family, ";");
		variant *v;
		if (n >= sizeof first)
			n = sizeof first - 1;
		memcpy(first, family, n);
		first[n] = '\0';
		v = unknown_variant(f, first, bold, italic, c);
		face = v ? v->face : NULL;
		*synthetic_bold = face && v->synthetic_bold;
	}
	if (!face)
		face = default_face(f, c, bold, italic, synthetic_bold);
	if (face)
		warn_once(f, family, face);
	return face;
}

const tb_face *tb_fonts_face_for(tb_fonts *f, const tb_face *preferred, uint32_t cp)
{
	int first = tb_cp_is_east_asian(cp) ? 1 : 0, pass;
	size_t i;
	if (preferred && tb_face_has(preferred, cp))
		return preferred;
	/* An embedded face: the map's face for its family, then that face's fallbacks. */
	if (preferred && preferred->embedded) {
		const tb_face *s = preferred->stand_in[first];
		return tb_fonts_face_for(f, s && !s->embedded ? s : NULL, cp);
	}
	/* The face's own fallbacks first (FandolKai -> another Kai), then the class chains. A
	 * Latin face's East Asian fallback serves East Asian characters only, in the face's
	 * weight: fontconfig's glyph fallback for Liberation Sans and 中 is Noto Sans CJK
	 * (Bold for the bold face). */
	if (preferred && preferred->map_id >= 0) {
		const map_face *mf = &f->faces[preferred->map_id];
		for (i = 0; i < mf->nfallback; i++) {
			const map_face *fb = &f->faces[mf->fallback[i]];
			bool cross = !mf->east_asian && fb->east_asian;
			variant *v;
			if (cross && !first)
				continue;
			v = map_variant(f, mf->fallback[i], cross && preferred->bold, false);
			if (v && v->face && tb_face_has(v->face, cp))
				return v->face;
		}
	}
	for (pass = 0; pass < 2; pass++) {
		int c = pass == 0 ? first : !first;
		for (i = 0; i < f->nchain[c]; i++) {
			variant *v = map_variant(f, f->chain[c][i], false, false);
			if (v && v->face && tb_face_has(v->face, cp))
				return v->face;
		}
	}
	return NULL;
}

bool tb_fonts_can_draw(tb_fonts *f, uint32_t cp)
{
	bool ok;
	if (f->covered && hb_set_has(f->covered, cp))
		return true;
	if (f->uncovered && hb_set_has(f->uncovered, cp))
		return false;
	ok = tb_fonts_face_for(f, NULL, cp) != NULL;
	if (!ok) {
		bool synth;
		ok = tb_face_has(default_face(f, 0, false, false, &synth), cp) ||
		     tb_face_has(default_face(f, 1, false, false, &synth), cp);
	}
	if (!f->covered) {
		f->covered = hb_set_create();
		f->uncovered = hb_set_create();
	}
	hb_set_add(ok ? f->covered : f->uncovered, cp);
	return ok;
}

void tb_fonts_use_set(tb_fonts *f, const tb_font_set *s)
{
	f->set = s;
}

bool tb_fonts_allow_missing(const tb_ctx *ctx)
{
	return tb_ctx_cache_get(ctx, ALLOW_MISSING_KEY) != NULL;
}

tb_status tb_fonts_set_allow_missing(tb_ctx *ctx, bool allow)
{
	static char yes = 1;
	return tb_ctx_cache_set(ctx, ALLOW_MISSING_KEY, allow ? &yes : NULL, NULL);
}

const char *tb_fonts_map_setting(const tb_ctx *ctx)
{
	return tb_ctx_cache_get(ctx, FONTMAP_PATH_KEY);
}

tb_status tb_fonts_set_map(tb_ctx *ctx, const char *path)
{
	char *copy;
	if (!path) /* back to the default */
		return tb_ctx_cache_set(ctx, FONTMAP_PATH_KEY, NULL, NULL);
	copy = strdup(path);
	if (!copy)
		return TB_ENOMEM;
	/* Faces of the map used before stay open (display lists may point at them). */
	if (tb_ctx_cache_set(ctx, FONTMAP_PATH_KEY, copy, free) != TB_OK) {
		free(copy);
		return TB_ENOMEM;
	}
	return TB_OK;
}

/* <datadir>/fonts/fontmap.xml; when the data directory has no font map (a data directory
 * guessed before templates exist), the installed one. */
static char *default_map_path(tb_ctx *ctx)
{
	static const char *const dirs[] = {
#ifdef TB_INSTALL_DATADIR
		TB_INSTALL_DATADIR,
#endif
		NULL};
	char *p = tb_ctx_data_path(ctx, "fonts/fontmap.xml");
	size_t i;
	for (i = 0; p && !tb_file_exists(p) && dirs[i]; i++) {
		char *q = tb_path_join(dirs[i], "fonts/fontmap.xml");
		if (q && tb_file_exists(q)) {
			free(p);
			return q;
		}
		free(q);
	}
	return p;
}

tb_status tb_fonts_get(tb_ctx *ctx, tb_fonts **out)
{
	const char *set = tb_ctx_cache_get(ctx, FONTMAP_PATH_KEY);
	const char *env = getenv("TIANBIAO_FONT_MAP");
	char *path, *key;
	tb_fonts *f;
	tb_status st;
	struct stat sb;
	size_t i;
	int c;
	bool synth;

	*out = NULL;
	if (set)
		path = strdup(set);
	else if (env && *env)
		path = strdup(env);
	else
		path = default_map_path(ctx);
	key = path ? malloc(strlen(FONTS_CACHE_PREFIX) + strlen(path) + 1) : NULL;
	if (!key) {
		free(path);
		return TB_ENOMEM;
	}
	strcpy(key, FONTS_CACHE_PREFIX);
	strcat(key, path);
	if ((f = tb_ctx_cache_get(ctx, key))) {
		free(path);
		free(key);
		*out = f;
		return TB_OK;
	}
	f = calloc(1, sizeof *f);
	if (!f) {
		free(path);
		free(key);
		return TB_ENOMEM;
	}
	f->ctx = ctx;
	f->map_path = path;
	if (!(f->map_dir = tb_path_dirname(f->map_path))) {
		fonts_free(f);
		free(key);
		return TB_ENOMEM;
	}
	st = read_map(f);
	if (st == TB_OK) {
		f->fc = fc_load();
		/* <dir>: fonts outside fontconfig's directories (the Fandol faces live in TeX's
		 * tree); fontconfig caches what it scans. A missing directory is skipped. */
		for (i = 0; f->fc && i < f->ndirs; i++)
			if (stat(f->dirs[i], &sb) == 0 && S_ISDIR(sb.st_mode))
				FcConfigAppFontAddDir(f->fc, (const FcChar8 *)f->dirs[i]);
		for (c = 0; c < 2 && st == TB_OK; c++) {
			if (!default_face(f, c, false, false, &synth)) {
				const map_face *mf = &f->faces[f->def[c]];
				tb_error(ctx, "font.not-found", f->map_path, 0, 0,
				         N_("Install the fonts listed in scripts/install-deps.sh or point the map at font files."),
				         N_("the default %s face '%s' is not installed"), class_names[c],
				         mf->ncands ? mf->cands[0].family : mf->file);
				st = TB_ENOTFOUND;
			}
		}
	}
	if (st == TB_OK)
		st = tb_ctx_cache_set(ctx, key, f, fonts_free);
	free(key);
	if (st != TB_OK) {
		fonts_free(f);
		return st;
	}
	*out = f;
	return TB_OK;
}

tb_status tb_fonts_status(tb_fonts *f)
{
	size_t i;
	if (!f || !f->nomem)
		return TB_OK;
	/* The lookups since remembered faces as missing that may be there: forget every answer,
	 * so the context's next operation asks again. */
	for (i = 0; i < f->nvars; i++)
		free(f->vars[i].key);
	f->nvars = 0;
	if (f->slots)
		memset(f->slots, 0, f->nslots * sizeof *f->slots);
	f->nomem = false;
	return TB_ENOMEM;
}

/* Every face opened so far, for tests and diagnostics. */
size_t tb_fonts_open_count(const tb_fonts *f)
{
	return f->nopen;
}
