/* program.c: finding, loading (schema + arithmetic), caching and listing programs, and the
 * public accessors of tb_program.h. One generic loader: no program-specific code. */
#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "core/ctx.h"
#include "core/file.h"
#include "core/i18n.h"
#include "core/xml.h"
#include "core/xsd.h"
#include "data/program_parse.h"

#define PROGRAMS_DIR "templates/programs"
#define MAX_PROGRAMS 1024

/* ---- schema ---- */

typedef struct schema_report {
	tb_ctx *ctx;
	const char *path;
	int errors;
} schema_report;

static void on_schema_error(void *user, tb_xml_error e)
{
	schema_report *r = user;
	char msg[512];
	size_t n;

	snprintf(msg, sizeof msg, "%s", e->message ? e->message : "");
	n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	tb_error(r->ctx, "program.schema", r->path, (unsigned)(e->line > 0 ? e->line : 0), 0,
	         N_("Correct the program file so that it follows templates/programs/program.xsd (see docs/programs.md)."),
	         N_("not a valid program definition: %s"), msg);
	r->errors++;
}

static tb_status validate(tb_ctx *ctx, xmlDocPtr doc, const char *path)
{
	xmlSchemaPtr schema;
	schema_report rep = {ctx, path, 0};
	tb_status st;

	if ((st = tb_xsd_load(ctx, PROGRAMS_DIR "/program.xsd", &schema)) != TB_OK)
		return st;
	st = tb_xsd_validate(schema, doc, on_schema_error, &rep);
	if (st == TB_ERROR && !rep.errors)
		tb_error(ctx, "program.schema", path, 0, 0, NULL,
		         N_("not a valid program definition"));
	return st;
}

/* ---- loading ---- */

static void resolve_templates(tb_program *p)
{
	size_t i;
	for (i = 0; i < p->template_count; i++) {
		tb_program_template_ref *t = &p->templates[i];
		char *joined = tb_path_join(p->dir, t->file), real[PATH_MAX];
		/* A missing template file is not an error: tb_program_template returns NULL. */
		if (joined && tb_file_exists(joined) && realpath(joined, real))
			t->path = strdup(real);
		free(joined);
	}
}

/* Validate, build and check a parsed program; consumes nothing, frees nothing of doc. */
static tb_status load_doc(tb_ctx *ctx, xmlDocPtr doc, const char *path, tb_program **out)
{
	tb_program *p = NULL;
	tb_status st = validate(ctx, doc, path);

	if (st == TB_OK)
		st = tb_program_model_build(ctx, doc, path, &p);
	if (st == TB_OK && (st = tb_program_check(ctx, p)) != TB_OK) {
		tb_program_model_free(p);
		p = NULL;
	}
	if (st != TB_OK)
		return st;
	resolve_templates(p);
	*out = p;
	return TB_OK;
}

tb_status tb_program_load_file(tb_ctx *ctx, const char *path, tb_program **out)
{
	xmlDocPtr doc = NULL;
	tb_status st;

	if (!ctx || !path || !out)
		return TB_EINVAL;
	*out = NULL;
	if ((st = tb_xml_read_file(ctx, path, TB_XML_NOBLANKS, &doc)))
		return st;
	st = load_doc(ctx, doc, path, out);
	tb_xml_free(doc);
	return st;
}

tb_status tb_program_load_data(tb_ctx *ctx, const char *name, const char *data, size_t len,
                               tb_program **out)
{
	xmlDocPtr doc = NULL;
	tb_status st;

	if (!ctx || !name || (!data && len) || !out)
		return TB_EINVAL;
	*out = NULL;
	if ((st = tb_xml_read(ctx, name, data ? data : "", len, TB_XML_NOBLANKS, &doc)))
		return st;
	st = load_doc(ctx, doc, name, out);
	tb_xml_free(doc);
	return st;
}

void tb_program_free(tb_program *p)
{
	tb_program_model_free(p);
}

static void cache_free(void *v)
{
	tb_program_model_free(v);
}

/* Program ids name folders: keep them to safe characters. */
static int id_ok(const char *id)
{
	size_t i, n = id ? strlen(id) : 0;
	if (n == 0 || n > 64 || id[0] == '.' || id[0] == '-')
		return 0;
	for (i = 0; i < n; i++) {
		char c = id[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_' || c == '.'))
			return 0;
	}
	return 1;
}

tb_status tb_program_load(tb_ctx *ctx, const char *id, const tb_program **out)
{
	char key[128], rel[160], *path;
	tb_program *p;
	tb_status st;

	if (!ctx || !out)
		return TB_EINVAL;
	*out = NULL;
	if (!id_ok(id)) {
		const char *shown = id ? id : "";
		tb_error(ctx, "program.unknown", NULL, 0, 0,
		         N_("Run 'tianbiao programs' to list the installed programs."),
		         N_("\"%s\" is not a program id"), shown);
		return TB_ENOTFOUND;
	}
	snprintf(key, sizeof key, "program:%s", id);
	if ((p = tb_ctx_cache_get(ctx, key))) {
		*out = p;
		return TB_OK;
	}
	snprintf(rel, sizeof rel, PROGRAMS_DIR "/%s/program.xml", id);
	if (!(path = tb_ctx_data_path(ctx, rel)))
		return TB_ENOMEM;
	if (!tb_file_exists(path)) {
		tb_error(ctx, "program.unknown", NULL, 0, 0,
		         N_("Run 'tianbiao programs' to list the installed programs."),
		         N_("no program \"%s\" is installed"), id);
		free(path);
		return TB_ENOTFOUND;
	}
	st = tb_program_load_file(ctx, path, &p);
	if (st == TB_OK && strcmp(p->id, id) != 0) {
		tb_error(ctx, "program.id", path, 0, 0,
		         N_("Make <program id> equal the name of the program's folder."),
		         N_("the program in folder \"%s\" calls itself \"%s\""), id, p->id);
		tb_program_model_free(p);
		st = TB_ERROR;
	}
	free(path);
	if (st != TB_OK)
		return st;
	if ((st = tb_ctx_cache_set(ctx, key, p, cache_free)) != TB_OK) {
		tb_program_model_free(p);
		return st;
	}
	*out = p;
	return TB_OK;
}

bool tb_program_installed(tb_ctx *ctx, const char *id)
{
	char key[128], rel[160], *path;
	bool found;
	if (!ctx || !id_ok(id))
		return false;
	snprintf(key, sizeof key, "program:%s", id);
	if (tb_ctx_cache_get(ctx, key))
		return true;
	snprintf(rel, sizeof rel, PROGRAMS_DIR "/%s/program.xml", id);
	if (!(path = tb_ctx_data_path(ctx, rel)))
		return false;
	found = tb_file_exists(path);
	free(path);
	return found;
}

/* ---- listing ---- */

void tb_strv_free(char **v, size_t n)
{
	size_t i;
	if (!v)
		return;
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

tb_status tb_program_list(tb_ctx *ctx, char ***ids, size_t *count)
{
	char *dir, **v = NULL;
	size_t n = 0;
	DIR *d;
	struct dirent *e;
	tb_status st = TB_OK;

	if (!ctx || !ids || !count)
		return TB_EINVAL;
	*ids = NULL;
	*count = 0;
	if (!(dir = tb_ctx_data_path(ctx, PROGRAMS_DIR)))
		return TB_ENOMEM;
	if (!(d = opendir(dir))) {
		tb_error(ctx, "program.dir", dir, 0, 0,
		         N_("Set TIANBIAO_DATADIR to the folder that holds templates/programs."),
		         N_("cannot read the programs folder"));
		free(dir);
		return TB_EIO;
	}
	while ((e = readdir(d)) != NULL) {
		char *sub, *file;
		int ok;
		if (!id_ok(e->d_name))
			continue;
		sub = tb_path_join(dir, e->d_name);
		file = sub ? tb_path_join(sub, "program.xml") : NULL;
		ok = file && tb_file_exists(file);
		free(sub);
		free(file);
		if (!ok)
			continue;
		if (n >= MAX_PROGRAMS) {
			st = TB_ELIMIT;
			break;
		}
		{
			char **nv = realloc(v, (n + 1) * sizeof *v);
			if (!nv || !(nv[n] = strdup(e->d_name))) {
				v = nv ? nv : v;
				st = TB_ENOMEM;
				break;
			}
			v = nv;
			n++;
		}
	}
	closedir(d);
	free(dir);
	if (st != TB_OK) {
		tb_strv_free(v, n);
		return st;
	}
	if (n)
		qsort(v, n, sizeof *v, cmp_str);
	*ids = v;
	*count = n;
	return TB_OK;
}
