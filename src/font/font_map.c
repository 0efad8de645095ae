/* font_map.c: the font cache: reads fonts/fontmap.xml, finds faces with fontconfig, maps
 * document family names to faces, and picks fallback faces for characters a face lacks.
 * Lives in the context (one per process/thread), so faces are opened once. */
#include <fontconfig/fontconfig.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "core/ctx.h"
#include "core/file.h"
#include "core/i18n.h"
#include "core/xml.h"
#include "font/font_impl.h"

#define FONTS_CACHE_KEY "layout.fonts"
static const char *const class_names[2] = {"latin", "east-asian"}; /* as in the map */
#define FONTMAP_PATH_KEY "layout.fontmap-path"
#define MAX_CHAIN 16
#define MAX_VARIANTS 256
#define MAX_WARNED 256

typedef struct map_face {
	char *id, *family, *file;
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
	int chain[2][MAX_CHAIN];
	size_t nchain[2];
	FcConfig *fc;
	tb_face *open[TB_FONTS_MAX_OPEN];
	size_t nopen;
	variant *vars;
	size_t nvars;
	char *warned[MAX_WARNED];
	size_t nwarned;
};

static void fonts_free(void *p)
{
	tb_fonts *f = p;
	size_t i;
	if (!f)
		return;
	for (i = 0; i < f->nfaces; i++) {
		free(f->faces[i].id);
		free(f->faces[i].family);
		free(f->faces[i].file);
	}
	free(f->faces);
	for (i = 0; i < f->nfams; i++)
		free(f->fams[i].name);
	free(f->fams);
	for (i = 0; i < f->nopen; i++)
		tb_face_free(f->open[i]);
	for (i = 0; i < f->nvars; i++)
		free(f->vars[i].key);
	free(f->vars);
	for (i = 0; i < f->nwarned; i++)
		free(f->warned[i]);
	if (f->fc)
		FcConfigDestroy(f->fc);
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

static tb_status read_face(tb_fonts *f, xmlNodePtr n)
{
	map_face *mf;
	char *idx = NULL, *opt = NULL, *cls = NULL;
	if (f->nfaces >= TB_FONTMAP_MAX_FACES)
		return map_error(f, n, N_("too many faces"));
	mf = &f->faces[f->nfaces];
	memset(mf, 0, sizeof *mf);
	mf->id = tb_xml_attr(n, "id");
	mf->family = tb_xml_attr(n, "family");
	mf->file = tb_xml_attr(n, "file");
	f->nfaces++;
	if (!mf->id || (!mf->family && !mf->file))
		return map_error(f, n, N_("<face> needs id and family or file"));
	if (find_face_id(f, mf->id) != (int)f->nfaces - 1)
		return map_error(f, n, N_("duplicate face id"));
	idx = tb_xml_attr(n, "index");
	opt = tb_xml_attr(n, "optional");
	cls = tb_xml_attr(n, "class");
	mf->index = idx ? (unsigned)strtoul(idx, NULL, 10) : 0;
	mf->optional = opt && strcmp(opt, "yes") == 0;
	mf->east_asian = class_of(cls) == TB_SCRIPT_EAST_ASIAN;
	free(idx);
	free(opt);
	free(cls);
	return TB_OK;
}

static tb_status read_family(tb_fonts *f, xmlNodePtr n)
{
	map_family *fam;
	char *face, *sub;
	if (f->nfams >= TB_FONTMAP_MAX_FAMILIES)
		return map_error(f, n, N_("too many families"));
	fam = &f->fams[f->nfams++];
	fam->name = tb_xml_attr(n, "name");
	face = tb_xml_attr(n, "face");
	sub = tb_xml_attr(n, "substitute");
	fam->face = find_face_id(f, face);
	fam->substitute = sub && strcmp(sub, "yes") == 0;
	free(face);
	free(sub);
	if (!fam->name || fam->face < 0)
		return map_error(f, n, N_("<family> needs a name and the id of a face declared before it"));
	return TB_OK;
}

static tb_status read_chain(tb_fonts *f, xmlNodePtr n, bool is_default)
{
	char *cls = tb_xml_attr(n, "class");
	int c = class_of(cls);
	tb_status st = TB_OK;
	free(cls);
	if (is_default) {
		char *face = tb_xml_attr(n, "face");
		f->def[c] = find_face_id(f, face);
		free(face);
		if (f->def[c] < 0)
			st = map_error(f, n, N_("<default> names an unknown face"));
	} else {
		char *text = tb_xml_text(n), *save = NULL, *tok;
		for (tok = text ? strtok_r(text, " \t\r\n", &save) : NULL; tok;
		     tok = strtok_r(NULL, " \t\r\n", &save)) {
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
		else
			st = map_error(f, n, N_("unknown element"));
	}
	if (st == TB_OK && (f->def[0] < 0 || f->def[1] < 0))
		st = map_error(f, root, N_("a <default> is needed for class latin and east-asian"));
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
	face = tb_face_open(f->ctx, path, index, quiet);
	if (face)
		f->open[f->nopen++] = face;
	return face;
}

/* Ask fontconfig for `family` in a style; only an installed face of that very family counts
 * (fontconfig would otherwise hand back its own substitute). */
static tb_face *fc_find(tb_fonts *f, const char *family, bool bold, bool italic, bool *is_bold)
{
	FcPattern *pat, *match;
	FcResult res;
	FcChar8 *file = NULL, *fam = NULL;
	int index = 0, i;
	bool same = false;
	tb_face *face = NULL;

	if (!f->fc)
		return NULL;
	pat = FcPatternCreate();
	if (!pat)
		return NULL;
	FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
	FcPatternAddInteger(pat, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
	FcPatternAddInteger(pat, FC_SLANT, italic ? FC_SLANT_ITALIC : FC_SLANT_ROMAN);
	FcConfigSubstitute(f->fc, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	match = FcFontMatch(f->fc, pat, &res);
	FcPatternDestroy(pat);
	if (!match)
		return NULL;
	for (i = 0; FcPatternGetString(match, FC_FAMILY, i, &fam) == FcResultMatch; i++)
		if (strcasecmp((const char *)fam, family) == 0)
			same = true;
	if (same && FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch) {
		FcPatternGetInteger(match, FC_INDEX, 0, &index);
		/* fontconfig's synthetic rules report a regular face as bold (embolden): ask
		 * the face itself (OS/2 weight). */
		face = open_file(f, (const char *)file, (unsigned)index & 0xFFFF, true);
		*is_bold = face && face->bold;
	}
	FcPatternDestroy(match);
	return face;
}

static variant *find_variant(tb_fonts *f, const char *key)
{
	size_t i;
	for (i = 0; i < f->nvars; i++)
		if (strcmp(f->vars[i].key, key) == 0)
			return &f->vars[i];
	return NULL;
}

static variant *add_variant(tb_fonts *f, const char *key, tb_face *face, bool synth)
{
	variant *v;
	if (f->nvars >= MAX_VARIANTS)
		return NULL;
	v = &f->vars[f->nvars];
	v->key = strdup(key);
	if (!v->key)
		return NULL;
	v->face = face;
	v->synthetic_bold = synth;
	f->nvars++;
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
		face = fc_find(f, mf->family, bold, italic, &is_bold);
		/* A bold request may land on a regular face; a missing regular face is absent. */
		if (face && !bold)
			is_bold = false;
	}
	if (face)
		face->east_asian = mf->east_asian;
	return add_variant(f, key, face, face && bold && !is_bold && !face->bold);
}

static void warn_once(tb_fonts *f, const char *family, const tb_face *face)
{
	size_t i;
	for (i = 0; i < f->nwarned; i++)
		if (strcmp(f->warned[i], family) == 0)
			return;
	if (f->nwarned < MAX_WARNED)
		f->warned[f->nwarned++] = strdup(family);
	tb_warn(f->ctx, "font.substituted", NULL, 0, 0,
	        N_("Install that font and name its file in fonts/fontmap.xml (or pass --font-map) to use it."),
	        N_("font '%s' is not available; using %s instead"), family, tb_face_name(face));
}

static const tb_face *default_face(tb_fonts *f, int cls, bool bold, bool italic, bool *synth)
{
	variant *v = map_variant(f, f->def[cls], bold, italic);
	if (!v || !v->face)
		v = map_variant(f, f->def[cls], false, false);
	*synth = v && v->face && bold && (v->synthetic_bold || !v->face->bold);
	return v ? v->face : NULL;
}

const tb_face *tb_fonts_resolve(tb_fonts *f, const char *family, bool bold, bool italic,
                                tb_script_class cls, bool *synthetic_bold)
{
	size_t i;
	variant *v = NULL;
	bool synth = false;
	const tb_face *face;
	int c = cls == TB_SCRIPT_EAST_ASIAN ? 1 : 0;

	if (!synthetic_bold)
		synthetic_bold = &synth;
	*synthetic_bold = false;
	if (!family || !*family)
		return default_face(f, c, bold, italic, synthetic_bold);
	for (i = 0; i < f->nfams; i++)
		if (strcasecmp(f->fams[i].name, family) == 0)
			break;
	if (i < f->nfams) {
		map_family *fam = &f->fams[i];
		/* A Latin name asked for East Asian text draws with the class default; nothing
		 * is substituted. An East Asian name for Latin text keeps its face, whose Latin
		 * glyphs LibreOffice uses too (w:ascii="宋体"). */
		if (c == 1 && !f->faces[fam->face].east_asian)
			return default_face(f, c, bold, italic, synthetic_bold);
		v = map_variant(f, fam->face, bold, italic);
		if (v && v->face) {
			if (fam->substitute)
				warn_once(f, family, v->face);
			*synthetic_bold = v->synthetic_bold;
			return v->face;
		}
	} else {
		/* Not in the map: an installed face of exactly that family is used as is. */
		char key[300];
		snprintf(key, sizeof key, "=%s|%d|%d", family, bold, italic);
		v = find_variant(f, key);
		if (!v) {
			bool is_bold = false;
			tb_face *ff = fc_find(f, family, bold, italic, &is_bold);
			v = add_variant(f, key, ff, ff && bold && !is_bold && !ff->bold);
		}
		if (v && v->face) {
			*synthetic_bold = v->synthetic_bold;
			return v->face;
		}
	}
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

tb_status tb_fonts_set_map(tb_ctx *ctx, const char *path)
{
	char *copy;
	if (!path)
		return TB_EINVAL;
	if (tb_ctx_cache_get(ctx, FONTS_CACHE_KEY)) {
		tb_error(ctx, "font.map", path, 0, 0, N_("Set the font map before rendering."),
		         N_("fonts are already loaded"));
		return TB_EINVAL;
	}
	copy = strdup(path);
	if (!copy)
		return TB_ENOMEM;
	if (tb_ctx_cache_set(ctx, FONTMAP_PATH_KEY, copy, free) != TB_OK) {
		free(copy);
		return TB_ENOMEM;
	}
	return TB_OK;
}

/* <datadir>/fonts/fontmap.xml; when the data directory has no font map (a data directory
 * guessed before templates exist), the installed one, else the source tree's. */
static char *default_map_path(tb_ctx *ctx)
{
	static const char *const dirs[] = {
#ifdef TB_INSTALL_DATADIR
		TB_INSTALL_DATADIR,
#endif
#ifdef TB_SOURCE_DATADIR
		TB_SOURCE_DATADIR,
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
	tb_fonts *f = tb_ctx_cache_get(ctx, FONTS_CACHE_KEY);
	const char *set = tb_ctx_cache_get(ctx, FONTMAP_PATH_KEY);
	const char *env = getenv("TIANBIAO_FONT_MAP");
	tb_status st;
	int c;
	bool synth;

	*out = NULL;
	if (f) {
		*out = f;
		return TB_OK;
	}
	f = calloc(1, sizeof *f);
	if (!f)
		return TB_ENOMEM;
	f->ctx = ctx;
	f->vars = calloc(MAX_VARIANTS, sizeof *f->vars);
	if (set)
		f->map_path = strdup(set);
	else if (env && *env)
		f->map_path = strdup(env);
	else
		f->map_path = default_map_path(ctx);
	if (!f->vars || !f->map_path || !(f->map_dir = tb_path_dirname(f->map_path))) {
		fonts_free(f);
		return TB_ENOMEM;
	}
	st = read_map(f);
	if (st == TB_OK) {
		f->fc = FcInitLoadConfigAndFonts();
		for (c = 0; c < 2 && st == TB_OK; c++) {
			if (!default_face(f, c, false, false, &synth)) {
				tb_error(ctx, "font.not-found", f->map_path, 0, 0,
				         N_("Install the fonts listed in scripts/install-deps.sh (fonts-arphic-uming, fonts-wqy-zenhei, fonts-arphic-ukai, fonts-liberation) or point the map at font files."),
				         N_("the default %s face '%s' is not installed"),
				         class_names[c],
				         f->faces[f->def[c]].family ? f->faces[f->def[c]].family
				                                    : f->faces[f->def[c]].file);
				st = TB_ENOTFOUND;
			}
		}
	}
	if (st == TB_OK)
		st = tb_ctx_cache_set(ctx, FONTS_CACHE_KEY, f, fonts_free);
	if (st != TB_OK) {
		fonts_free(f);
		return st;
	}
	*out = f;
	return TB_OK;
}

/* Every face opened so far, for tests and diagnostics. */
size_t tb_fonts_open_count(const tb_fonts *f)
{
	return f->nopen;
}
