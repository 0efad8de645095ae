/* store.c: the office's data folder. DATA/applicants/<id>/ is one applicant, laid out as the
 * command line expects (evidence.xml and files/), so `tianbiao batch DATA/applicants` works on
 * it as it stands; ids are <year>-<number>, like the packages made from them. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

tb_status store_create(tb_ctx *ctx, srv *s, const char *program, char id[16])
{
	const tb_program *p;
	tb_status st;
	unsigned n;
	int year;
	char *dir = NULL, *ev = NULL;

	id[0] = '\0';
	if ((st = tb_program_load(ctx, program, &p)) != TB_OK)
		return st;
	year = tb_program_year(p);
	if (year < 1000 || year > 9999)
		year = 2000;
	pthread_mutex_lock(&s->create_lock);
	for (n = 1; n <= 9999; n++) {
		snprintf(id, 16, "%04d-%04u", year, n);
		free(dir);
		if (!(dir = tb_path_join(s->applicants, id))) {
			st = TB_ENOMEM;
			break;
		}
		if (mkdir(dir, 0755) == 0)
			break;
		if (errno != EEXIST) {
			tb_error(ctx, "io.write", dir, 0, 0, N_("check that the data folder is writable"),
			         N_("cannot create folder: %s"), strerror(errno));
			st = TB_EIO;
			break;
		}
	}
	pthread_mutex_unlock(&s->create_lock);
	if (st == TB_OK && n > 9999) {
		tb_error(ctx, "serve.full", s->applicants, 0, 0, N_("start a new data folder for the next round"),
		         N_("this data folder already holds 9999 applicants of %d"), year);
		st = TB_ELIMIT;
	}
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
