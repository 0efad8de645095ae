/* batch_in.c: what an office's input folder holds. An applicant is a folder with its
 * evidence.xml (and attachments), a submission package from `tianbiao build` (.zip), or
 * such a package unpacked. Everything else is reported, never skipped in silence: nested
 * applicant folders, folders with Word files only, stray files; and inside an applicant's
 * folder, files its evidence does not name (they are not packaged). */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/ctx.h"
#include "core/file.h"
#include "core/i18n.h"
#include "core/vec.h"
#include "pack/batch.h"
#include "pack/vset.h"

#define BATCH_MAX_APPLICANTS 100000
#define WALK_MAX_FILES 2000
#define WALK_MAX_DEPTH 8
#define LIST_SHOWN 5

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static tb_status list_names(tb_ctx *ctx, const char *dir, char ***out, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **v = NULL;
	size_t cap = 0;

	*out = NULL;
	*n = 0;
	if (!d) {
		tb_error(ctx, "io.read", dir, 0, 0, NULL, N_("cannot read the folder: %s"), strerror(errno));
		return TB_EIO;
	}
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (*n >= BATCH_MAX_APPLICANTS) {
			tb_error(ctx, "pack.limit", dir, 0, 0, NULL, N_("more than %d entries"),
			         BATCH_MAX_APPLICANTS);
			closedir(d);
			tb_strv_free(v, *n);
			*n = 0;
			return TB_ELIMIT;
		}
		if (TB_GROW(v, cap, *n + 1) != TB_OK)
			break;
		if (!(v[*n] = strdup(de->d_name)))
			break;
		(*n)++;
	}
	closedir(d);
	if (de) { /* stopped early: out of memory */
		tb_strv_free(v, *n);
		*n = 0;
		return TB_ENOMEM;
	}
	if (*n)
		qsort(v, *n, sizeof *v, str_cmp);
	*out = v;
	return TB_OK;
}

static int has_file(const char *dir, const char *rel)
{
	char *p = tb_path_join(dir, rel);
	int ok = p && tb_file_exists(p);
	free(p);
	return ok;
}

static int is_package_dir(const char *dir)
{
	return has_file(dir, "manifest.xml") && has_file(dir, "evidence/evidence.xml");
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n > k && !strcasecmp(s + n - k, suffix);
}

static int is_document(const char *name)
{
	return ends_with(name, ".doc") || ends_with(name, ".docx") || ends_with(name, ".wps") ||
	       ends_with(name, ".odt") || ends_with(name, ".pdf");
}

/* What an unused folder holds, to say why it is not an applicant. */
typedef struct probe {
	size_t files, documents;
	char nested[256]; /* first evidence.xml or manifest.xml found below, relative */
} probe;

static void probe_dir(const char *dir, const char *rel, int depth, probe *pr)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	while (d && (de = readdir(d)) && pr->files < WALK_MAX_FILES) {
		char *full, *sub;
		struct stat st;
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		full = tb_path_join(dir, de->d_name);
		sub = rel ? tb_path_join(rel, de->d_name) : strdup(de->d_name);
		if (full && sub && lstat(full, &st) == 0) {
			if (S_ISDIR(st.st_mode) && depth < WALK_MAX_DEPTH) {
				probe_dir(full, sub, depth + 1, pr);
			} else if (S_ISREG(st.st_mode)) {
				pr->files++;
				if (is_document(de->d_name))
					pr->documents++;
				if (!pr->nested[0] && rel &&
				    (!strcmp(de->d_name, "evidence.xml") || !strcmp(de->d_name, "manifest.xml")))
					snprintf(pr->nested, sizeof pr->nested, "%s", sub);
			}
		}
		free(full);
		free(sub);
	}
	if (d)
		closedir(d);
}

static void report_unused_dir(tb_ctx *ctx, const char *full, const char *dir)
{
	probe pr;
	memset(&pr, 0, sizeof pr);
	probe_dir(full, NULL, 0, &pr);
	if (pr.nested[0])
		tb_warn(ctx, "batch.nested", full, 0, 0,
		        N_("move each applicant's folder (or package) directly into the input folder, "
		           "or run the batch on this folder"),
		        N_("not used: it holds an applicant one level down (%s), but only the folders "
		           "directly in %s are read"),
		        pr.nested, dir);
	else if (pr.files && pr.documents == pr.files)
		tb_warn(ctx, "batch.documents-only", full, 0, 0,
		        N_("tianbiao reads an applicant's data from evidence.xml: write one with "
		           "'tianbiao init --program ID' and list the documents in it as attachments"),
		        N_("not used: the folder holds only documents (%zu Word, ODT or PDF files) and "
		           "no evidence.xml"),
		        pr.documents);
	else
		tb_warn(ctx, "batch.unused", full, 0, 0,
		        N_("an applicant is a folder with an evidence.xml, or a package from 'tianbiao "
		           "build' (.zip, or unpacked)"),
		        N_("not used: the folder has no evidence.xml"));
}

static tb_status add_item(batch_run *r, size_t *cap, const char *name, const char *full,
                          const char *id, input_kind kind, const char *evidence)
{
	batch_item *it;
	size_t i;
	for (i = 0; i < r->n; i++)
		if (!strcmp(r->items[i].id, id)) {
			tb_error(r->ctx, "batch.duplicate", full, 0, 0,
			         N_("give every applicant its own folder or package name"),
			         N_("not used: \"%s\" already names an applicant (%s)"), id,
			         r->items[i].folder);
			return TB_OK;
		}
	if (tb_path_check_relative(id) != TB_PATH_OK || id[0] == '.' || strchr(id, '/')) {
		tb_error(r->ctx, "batch.name", full, 0, 0,
		         N_("rename it: the name becomes the package's file and folder name"),
		         N_("not used: \"%s\" cannot name a package"), id);
		return TB_OK;
	}
	if (TB_GROW(r->items, *cap, r->n + 1) != TB_OK)
		return TB_ENOMEM;
	it = &r->items[r->n];
	memset(it, 0, sizeof *it);
	it->kind = kind;
	it->folder = strdup(name);
	it->id = strdup(id);
	it->source = strdup(full);
	it->evidence = evidence ? strdup(evidence) : NULL;
	r->n++;
	if (!it->folder || !it->id || !it->source || (evidence && !it->evidence))
		return TB_ENOMEM;
	return TB_OK;
}

/* One entry of the input folder. */
static tb_status scan_entry(batch_run *r, size_t *cap, const char *name)
{
	char *full = tb_path_join(r->dir, name), *ev = NULL, *one = NULL;
	struct stat st;
	tb_status rc = TB_OK;

	if (!full)
		return TB_ENOMEM;
	if (stat(full, &st) != 0) {
		tb_warn(r->ctx, "batch.unused", full, 0, 0, NULL, N_("not used: it cannot be read"));
	} else if (S_ISDIR(st.st_mode)) {
		char **sub = NULL;
		size_t ns = 0;
		if ((ev = tb_path_join(full, "evidence.xml")) && tb_file_exists(ev)) {
			rc = add_item(r, cap, name, full, name, INPUT_EVIDENCE, ev);
		} else if (is_package_dir(full)) {
			free(ev);
			ev = tb_path_join(full, "evidence/evidence.xml");
			rc = ev ? add_item(r, cap, name, full, name, INPUT_UNPACKED, ev) : TB_ENOMEM;
		} else if (list_names(r->ctx, full, &sub, &ns) == TB_OK && ns == 1 &&
		           (one = tb_path_join(full, sub[0])) && tb_dir_exists(one) && is_package_dir(one)) {
			/* a package unzipped into a folder of its own name: NAME/NAME/manifest.xml */
			free(ev);
			ev = tb_path_join(one, "evidence/evidence.xml");
			rc = ev ? add_item(r, cap, name, full, name, INPUT_UNPACKED, ev) : TB_ENOMEM;
		} else {
			report_unused_dir(r->ctx, full, r->dir);
		}
		tb_strv_free(sub, ns);
	} else if (S_ISREG(st.st_mode) && ends_with(name, ".zip")) {
		char *id = strndup(name, strlen(name) - 4);
		rc = id ? add_item(r, cap, name, full, id, INPUT_ZIP, NULL) : TB_ENOMEM;
		free(id);
	} else {
		tb_warn(r->ctx, "batch.unused", full, 0, 0,
		        N_("an applicant is a folder with an evidence.xml, or a package from 'tianbiao "
		           "build' (.zip, or unpacked)"),
		        N_("not used: only applicant folders and submission packages (.zip) are read"));
	}
	free(one);
	free(ev);
	free(full);
	return rc;
}

tb_status batch_scan_input(batch_run *r)
{
	char **names = NULL;
	size_t n = 0, i, cap = 0;
	tb_status st = list_names(r->ctx, r->dir, &names, &n);
	for (i = 0; st == TB_OK && i < n; i++)
		st = scan_entry(r, &cap, names[i]);
	tb_strv_free(names, n);
	return st;
}

tb_status batch_unpack(tb_ctx *t, const batch_run *r, batch_item *it)
{
	tb_verify_options vo = TB_VERIFY_OPTIONS_INIT;
	vset s = {0};
	char *top = NULL, *dest = NULL, *base;
	tb_status st;
	size_t i;

	/* Only a package that verifies is taken in: its digests say it is what was built. */
	if ((st = tb_pack_verify(t, it->source, &vo)) != TB_OK) {
		tb_error(t, "batch.package", it->source, 0, 0,
		         N_("ask the applicant for a fresh copy of the package, or its evidence folder"),
		         N_("the submission package does not verify; it is not used"));
		return TB_ERROR;
	}
	base = tb_path_join(r->out, ".input");
	dest = base ? tb_path_join(base, it->id) : NULL;
	free(base);
	if (!dest)
		return TB_ENOMEM;
	batch_remove_tree(dest);
	st = vset_from_zip(t, it->source, it->source, NULL, 0, 10000, 1, &s, &top);
	for (i = 0; st == TB_OK && i < s.n; i++) {
		/* vset_from_zip checked every name (relative, no "..", inside the top folder). */
		char *path = tb_path_join(dest, s.v[i].name), *dir = path ? tb_path_dirname(path) : NULL;
		st = dir ? tb_mkdirs(t, dir) : TB_ENOMEM;
		if (st == TB_OK)
			st = tb_file_write_atomic(t, path, s.v[i].data ? s.v[i].data : "", s.v[i].len);
		free(dir);
		free(path);
	}
	if (st == TB_OK) {
		free(it->evidence);
		it->evidence = tb_path_join(dest, "evidence/evidence.xml");
		if (!it->evidence)
			st = TB_ENOMEM;
	}
	vset_free(&s);
	free(top);
	free(dest);
	return st;
}

/* Files below dir (relative names), bounded. */
static void walk_files(const char *dir, const char *rel, int depth, char ***v, size_t *n,
                       size_t *cap)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	while (d && (de = readdir(d)) && *n < WALK_MAX_FILES) {
		char *full, *sub;
		struct stat st;
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		full = tb_path_join(dir, de->d_name);
		sub = rel ? tb_path_join(rel, de->d_name) : strdup(de->d_name);
		if (full && sub && lstat(full, &st) == 0) {
			if (S_ISDIR(st.st_mode) && depth < WALK_MAX_DEPTH) {
				walk_files(full, sub, depth + 1, v, n, cap);
			} else if (!S_ISDIR(st.st_mode) && TB_GROW(*v, *cap, *n + 1) == TB_OK) {
				/* out of memory: the file is left out of this advisory list, nothing leaks */
				(*v)[(*n)++] = sub;
				sub = NULL;
			}
		}
		free(full);
		free(sub);
	}
	if (d)
		closedir(d);
}

void batch_report_unused_files(tb_ctx *t, const batch_item *it, const pack_app *app)
{
	char **v = NULL;
	size_t n = 0, cap = 0, i, k, unused = 0;
	tb_buf names = TB_BUF_INIT;

	if (it->kind != INPUT_EVIDENCE || !app)
		return;
	walk_files(app->dir, NULL, 0, &v, &n, &cap);
	qsort(v, n, sizeof *v, str_cmp);
	for (i = 0; i < n; i++) {
		int used = !strcmp(v[i], "evidence.xml");
		for (k = 0; !used && k < app->natts; k++) {
			const char *p = app->atts[k].path;
			while (p[0] == '.' && p[1] == '/')
				p += 2;
			used = !strcmp(v[i], p);
		}
		if (used)
			continue;
		if (unused < LIST_SHOWN)
			tb_buf_printf(&names, "%s%s", unused ? ", " : "", v[i]);
		unused++;
	}
	if (unused > LIST_SHOWN)
		tb_buf_puts(&names, ", …");
	if (unused)
		tb_warn(t, "batch.unused-file", it->source, 0, 0,
		        N_("list the file as an <attachment> in evidence.xml if it belongs to the "
		           "application, or remove it"),
		        N_("%zu file(s) in the applicant's folder are not attachments and are not "
		           "packaged: %s"),
		        unused, names.data ? names.data : "");
	tb_buf_free(&names);
	tb_strv_free(v, n);
}

void batch_remove_tree(const char *dir)
{
	tb_remove_tree(dir);
}
