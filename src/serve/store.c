/* store.c: the office's data folder. DATA/applicants/<id>/ is one applicant, laid out as the
 * command line expects (evidence.xml and files/), so `tianbiao batch DATA/applicants` works on
 * it as it stands; ids are <year>-<number>, like the packages made from them. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/ctx.h"
#include "core/file.h"
#include "core/i18n.h"
#include "core/xml.h"
#include "serve/serve.h"

int store_valid_id(const char *id)
{
	size_t i;
	if (!id || strlen(id) != 9 || id[4] != '-')
		return 0;
	for (i = 0; i < 9; i++)
		if (i != 4 && (id[i] < '0' || id[i] > '9'))
			return 0;
	return 1;
}

char *store_applicant_dir(const srv *s, const char *id)
{
	return store_valid_id(id) ? tb_path_join(s->applicants, id) : NULL;
}

char *store_evidence_path(const srv *s, const char *id)
{
	char *dir = store_applicant_dir(s, id), *p;
	if (!dir)
		return NULL;
	p = tb_path_join(dir, "evidence.xml");
	free(dir);
	return p;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

tb_status store_list(tb_ctx *ctx, const srv *s, char ***ids, size_t *n)
{
	DIR *d = opendir(s->applicants);
	struct dirent *e;
	char **v = NULL;
	size_t cnt = 0;
	*ids = NULL;
	*n = 0;
	if (!d) {
		tb_error(ctx, "io.read", s->applicants, 0, 0, NULL, N_("cannot open folder: %s"),
		         strerror(errno));
		return TB_EIO;
	}
	while ((e = readdir(d)) != NULL) {
		char **nv;
		char *ev;
		if (!store_valid_id(e->d_name))
			continue;
		ev = store_evidence_path(s, e->d_name);
		if (!ev || !tb_file_exists(ev)) {
			free(ev);
			continue;
		}
		free(ev);
		if (cnt >= 5000 || !(nv = realloc(v, (cnt + 1) * sizeof *nv)))
			break;
		v = nv;
		if (!(v[cnt] = strdup(e->d_name)))
			break;
		cnt++;
	}
	closedir(d);
	if (cnt)
		qsort(v, cnt, sizeof *v, cmp_str);
	*ids = v;
	*n = cnt;
	return TB_OK;
}

static char *program_of(tb_ctx *ctx, const char *path)
{
	xmlDocPtr doc = NULL;
	char *p = NULL;
	size_t before = tb_diag_count(ctx);
	if (tb_xml_read_file(ctx, path, TB_XML_QUIET, &doc) == TB_OK && doc)
		p = tb_xml_attr(xmlDocGetRootElement(doc), "program");
	tb_xml_free(doc);
	tb_diag_truncate(ctx, before);
	return p;
}

char *store_default_program(tb_ctx *ctx, const srv *s)
{
	char **ids = NULL, **progs = NULL, *best = NULL;
	size_t n = 0, i, j, np = 0, bestn = 0;
	if (s->program)
		return strdup(s->program);
	if (store_list(ctx, s, &ids, &n) == TB_OK && n > 0) {
		for (i = 0; i < n && i < 200; i++) {
			char *ev = store_evidence_path(s, ids[i]);
			char *p = ev ? program_of(ctx, ev) : NULL;
			char **np2;
			free(ev);
			if (p && (np2 = realloc(progs, (np + 1) * sizeof *np2))) {
				progs = np2;
				progs[np++] = p;
			} else {
				free(p);
			}
		}
		for (i = 0; i < np; i++) {
			size_t c = 0;
			for (j = 0; j < np; j++)
				c += !strcmp(progs[i], progs[j]);
			if (c > bestn) {
				bestn = c;
				best = progs[i];
			}
		}
		best = best ? strdup(best) : NULL;
		tb_strv_free(progs, np);
	}
	tb_strv_free(ids, n);
	if (!best) {
		char **list = NULL;
		size_t nl = 0;
		if (tb_program_list(ctx, &list, &nl) == TB_OK && nl > 0) {
			for (i = 0; i < nl && !best; i++)
				if (!strcmp(list[i], "qhd-2021"))
					best = strdup(list[i]);
			if (!best)
				best = strdup(list[0]);
		}
		tb_strv_free(list, nl);
	}
	return best;
}

/* A new, empty applicant folder <year>-<n> (the lowest free n); the caller holds
 * s->create_lock. */
static tb_status reserve(tb_ctx *ctx, srv *s, int year, char id[16], char **dir_out)
{
	unsigned n;
	char *dir = NULL;
	if (year < 1000 || year > 9999)
		year = 2000;
	for (n = 1; n <= 9999; n++) {
		snprintf(id, 16, "%04d-%04u", year, n);
		free(dir);
		if (!(dir = tb_path_join(s->applicants, id)))
			return TB_ENOMEM;
		if (mkdir(dir, 0755) == 0) {
			*dir_out = dir;
			return TB_OK;
		}
		if (errno != EEXIST) {
			tb_error(ctx, "io.write", dir, 0, 0, N_("check that the data folder is writable"),
			         N_("cannot create folder: %s"), strerror(errno));
			free(dir);
			id[0] = '\0';
			return TB_EIO;
		}
	}
	free(dir);
	id[0] = '\0';
	tb_error(ctx, "serve.full", s->applicants, 0, 0, N_("start a new data folder for the next round"),
	         N_("this data folder already holds 9999 applicants of %d"), year);
	return TB_ELIMIT;
}

tb_status store_create(tb_ctx *ctx, srv *s, const char *program, char id[16])
{
	const tb_program *p;
	tb_status st;
	char *dir = NULL, *ev = NULL;

	id[0] = '\0';
	if ((st = tb_program_load(ctx, program, &p)) != TB_OK)
		return st;
	pthread_mutex_lock(&s->create_lock);
	st = reserve(ctx, s, tb_program_year(p), id, &dir);
	pthread_mutex_unlock(&s->create_lock);
	if (st == TB_OK && !(ev = tb_path_join(dir, "evidence.xml")))
		st = TB_ENOMEM;
	if (st == TB_OK)
		st = tb_evidence_write_skeleton(ctx, program, ev);
	if (st != TB_OK) {
		if (dir && id[0])
			rmdir(dir);
		id[0] = '\0';
	}
	free(dir);
	free(ev);
	return st;
}

void store_remove_tree(const char *path, int depth)
{
	DIR *d;
	struct dirent *e;
	struct stat st;
	if (lstat(path, &st) != 0)
		return;
	if (!S_ISDIR(st.st_mode) || depth > 16) {
		unlink(path);
		return;
	}
	if ((d = opendir(path)) != NULL) {
		while ((e = readdir(d)) != NULL) {
			char *sub;
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			if ((sub = tb_path_join(path, e->d_name)) != NULL)
				store_remove_tree(sub, depth + 1);
			free(sub);
		}
		closedir(d);
	}
	rmdir(path);
}

char *store_staging_dir(tb_ctx *ctx, const srv *s)
{
	char rnd[33], name[40], *dir;
	auth_random_hex(rnd, 16);
	snprintf(name, sizeof name, "in-%s", rnd);
	if (!(dir = tb_path_join(s->tmp, name)))
		return NULL;
	if (mkdir(dir, 0755) != 0) {
		tb_error(ctx, "io.write", dir, 0, 0, N_("check that the data folder is writable"),
		         N_("cannot create folder: %s"), strerror(errno));
		free(dir);
		return NULL;
	}
	return dir;
}

tb_status store_install(tb_ctx *ctx, srv *s, const char *staging, int year, const char *replace,
                        char id[16])
{
	tb_status st = TB_OK;
	char *dir = NULL, *old = NULL;

	pthread_mutex_lock(&s->create_lock);
	if (replace && store_valid_id(replace)) {
		pthread_mutex_t *lock = srv_lock_for(s, replace);
		char rnd[33], name[40];
		auth_random_hex(rnd, 16);
		snprintf(name, sizeof name, "old-%s", rnd);
		snprintf(id, 16, "%s", replace);
		dir = tb_path_join(s->applicants, replace);
		old = tb_path_join(s->tmp, name);
		pthread_mutex_lock(lock); /* no save of that applicant in between */
		if (!dir || !old)
			st = TB_ENOMEM;
		else if (rename(dir, old) != 0)
			st = TB_EIO;
		else if (rename(staging, dir) != 0) {
			int e = errno;
			rename(old, dir); /* the applicant as it was */
			errno = e;
			st = TB_EIO;
		}
		pthread_mutex_unlock(lock);
	} else if ((st = reserve(ctx, s, year, id, &dir)) == TB_OK && rename(staging, dir) != 0) {
		st = TB_EIO; /* onto the empty folder just made: atomic */
		rmdir(dir);
	}
	pthread_mutex_unlock(&s->create_lock);
	if (st == TB_EIO)
		tb_error(ctx, "io.write", dir, 0, 0, N_("check that the data folder is writable"),
		         N_("cannot put the applicant's folder in place: %s"), strerror(errno));
	if (old && st == TB_OK)
		store_remove_tree(old, 0);
	free(dir);
	free(old);
	return st;
}

/* Whether the applicant has saved the form once: until then the form shows how many fields
 * are still to fill in, not a mark on each (DATA/.serve/saved/<id>). */
static char *saved_marker(const srv *s, const char *id)
{
	char *dir, *p;
	if (!store_valid_id(id) || !(dir = tb_path_join(s->state, "saved")))
		return NULL;
	p = tb_path_join(dir, id);
	free(dir);
	return p;
}

int store_saved(const srv *s, const char *id)
{
	char *p = saved_marker(s, id);
	int yes = p && tb_file_exists(p);
	free(p);
	return yes;
}

void store_mark_saved(const srv *s, const char *id)
{
	char *p = saved_marker(s, id), *dir = p ? tb_path_dirname(p) : NULL;
	int fd;
	if (dir && (mkdir(dir, 0700) == 0 || errno == EEXIST) &&
	    (fd = open(p, O_WRONLY | O_CREAT | O_CLOEXEC, 0600)) >= 0)
		close(fd);
	free(dir);
	free(p);
}

/* ---- packages taken in: DATA/.serve/intake/<id>.zip and <id>.txt ("name\tfile\n") ---- */

static char *intake_path(const srv *s, const char *id, const char *ext)
{
	char name[32], *dir, *p;
	if (!store_valid_id(id) || !(dir = tb_path_join(s->state, "intake")))
		return NULL;
	snprintf(name, sizeof name, "%s.%s", id, ext);
	p = tb_path_join(dir, name);
	free(dir);
	return p;
}

tb_status store_intake_record(tb_ctx *ctx, const srv *s, const char *id, const char *zip,
                              const char *applicant, const char *filename)
{
	char *z = intake_path(s, id, "zip"), *t = intake_path(s, id, "txt"), *dir = z ? tb_path_dirname(z) : NULL;
	tb_buf b = TB_BUF_INIT;
	tb_status st = z && t && dir ? tb_mkdirs(ctx, dir) : TB_ENOMEM;
	if (st == TB_OK && rename(zip, z) != 0) {
		tb_error(ctx, "io.write", z, 0, 0, NULL, N_("cannot keep the package: %s"), strerror(errno));
		st = TB_EIO;
	}
	tb_buf_init(&b, 1 << 16);
	if (st == TB_OK && (st = tb_buf_printf(&b, "%s\t%s\n", applicant, filename)) == TB_OK)
		st = tb_file_write_atomic(ctx, t, b.data, b.len);
	tb_buf_free(&b);
	free(z);
	free(t);
	free(dir);
	return st;
}

/* The applicant name (field 0) or the package's file name (field 1) of a package taken in,
 * or NULL. */
char *store_intake_info(tb_ctx *ctx, const srv *s, const char *id, int field)
{
	char *t = intake_path(s, id, "txt"), *data = NULL, *tab, *nl, *out = NULL;
	size_t len;
	size_t mark = tb_diag_count(ctx);
	if (t && tb_file_exists(t) && tb_file_read(ctx, t, 1 << 16, &data, &len) == TB_OK &&
	    (tab = strchr(data, '\t')) != NULL) {
		*tab = '\0';
		if ((nl = strchr(tab + 1, '\n')) != NULL)
			*nl = '\0';
		out = strdup(field ? tab + 1 : data);
	}
	tb_diag_truncate(ctx, mark);
	free(data);
	free(t);
	return out;
}

/* The applicant taken in before from a package of the same applicant (by name), or "". */
void store_intake_find(tb_ctx *ctx, const srv *s, const char *applicant, char id[16])
{
	char **ids = NULL;
	size_t n = 0, i;
	id[0] = '\0';
	if (!applicant || !*applicant || store_list(ctx, s, &ids, &n) != TB_OK)
		return;
	for (i = 0; i < n && !id[0]; i++) {
		char *name = store_intake_info(ctx, s, ids[i], 0);
		if (name && !strcmp(name, applicant))
			snprintf(id, 16, "%s", ids[i]);
		free(name);
	}
	tb_strv_free(ids, n);
}

/* A fresh path `name` in a private folder under the server's temporary area (a file the
 * library writes by name, then serves); store_tmp_done removes both. */
char *store_tmp_path(srv *s, const char *name)
{
	char rnd[33], *dir, *p;
	auth_random_hex(rnd, 16);
	if (!(dir = tb_path_join(s->tmp, rnd)))
		return NULL;
	if (mkdir(dir, 0700) != 0) {
		free(dir);
		return NULL;
	}
	p = tb_path_join(dir, name);
	free(dir);
	return p;
}

void store_tmp_done(char *p)
{
	char *dir;
	if (!p)
		return;
	unlink(p);
	if ((dir = tb_path_dirname(p)) != NULL)
		rmdir(dir);
	free(dir);
	free(p);
}
