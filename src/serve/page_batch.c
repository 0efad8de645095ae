/* page_batch.c: the office's batch, built by the library's tb_pack_batch in a thread of its
 * own while the page shows its progress; its files offered for download; and the archivist's
 * page: the year's BagIt bundle made from the batch with tb_pack_archive, then verified. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/ctx.h"
#include "core/file.h"
#include "core/i18n.h"
#include "serve/office.h"

typedef struct job_args {
	srv *s;
	char lang[8];
} job_args;

static void on_progress(void *user, const tb_batch_progress *p)
{
	srv *s = user;
	pthread_mutex_lock(&s->job.lock);
	s->job.done = p->done;
	s->job.total = p->total;
	pthread_mutex_unlock(&s->job.lock);
}

static char *diags_report(tb_ctx *ctx)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	tb_diag_sort(ctx);
	tb_diag_print(ctx, f);
	fclose(f);
	return buf;
}

static void *job_main(void *arg)
{
	job_args *a = arg;
	srv *s = a->s;
	tb_ctx *ctx = NULL;
	tb_batch_options o = TB_BATCH_OPTIONS_INIT;
	tb_batch_result res;
	tb_status st = TB_ENOMEM;
	char *report = NULL;

	tb_i18n_set_thread_language(a->lang);
	memset(&res, 0, sizeof res);
	if (tb_ctx_new(&ctx) == TB_OK && tb_ctx_set_datadir(ctx, s->datadir) == TB_OK) {
		tb_ctx_set_epoch(ctx, s->epoch);
		o.jobs = 0;
		o.allow_over_quota = s->job.allow_over_quota;
		o.progress = on_progress;
		o.progress_user = s;
		st = tb_pack_batch(ctx, s->applicants, s->batch, &o, &res);
		report = diags_report(ctx);
	}
	tb_ctx_free(ctx);
	pthread_mutex_lock(&s->job.lock);
	s->job.status = st;
	s->job.res = res;
	free(s->job.report);
	s->job.report = report;
	s->job.running = 0;
	pthread_mutex_unlock(&s->job.lock);
	free(a);
	return NULL;
}

void job_stop(srv *s)
{
	if (s->job.started && !s->job.joined) {
		pthread_join(s->job.thread, NULL);
		s->job.joined = 1;
	}
}

void page_batch_start(srv_req *r)
{
	srv *s = r->s;
	job_args *a;
	pthread_mutex_lock(&s->job.lock);
	if (!s->job.running && (a = calloc(1, sizeof *a)) != NULL) {
		if (s->job.started && !s->job.joined)
			pthread_join(s->job.thread, NULL);
		a->s = s;
		snprintf(a->lang, sizeof a->lang, "%s", r->lang);
		s->job.allow_over_quota = req_field(r, "over") != NULL;
		s->job.done = 0;
		s->job.total = 0;
		s->job.running = 1;
		s->job.started = 1;
		s->job.joined = 0;
		if (pthread_create(&s->job.thread, NULL, job_main, a) != 0) {
			s->job.running = 0;
			s->job.started = 0;
			free(a);
		}
	}
	pthread_mutex_unlock(&s->job.lock);
	resp_redirect(r, "/office/batch");
}

void page_batch_json(srv_req *r)
{
	srv_job *j = &r->s->job;
	tb_buf_reset(&r->out);
	pthread_mutex_lock(&j->lock);
	h_fmt(&r->out,
	      "{\"started\":%s,\"running\":%s,\"done\":%zu,\"total\":%zu,\"ok\":%s,\"built\":%zu,"
	      "\"unchanged\":%zu,\"failed\":%zu,\"skipped\":%zu}\n",
	      j->started ? "true" : "false", j->running ? "true" : "false", j->done, j->total,
	      j->started && !j->running && j->status == TB_OK ? "true" : "false", j->res.built,
	      j->res.unchanged, j->res.failed, j->res.skipped);
	pthread_mutex_unlock(&j->lock);
	r->ctype = "application/json";
	r->status = 200;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Files of a folder of the batch, sorted, as download links. */
static void list_files(tb_buf *b, const char *dir, const char *sub, const char *prefix)
{
	char *path = tb_path_join(dir, sub), *names[2000];
	DIR *d = path ? opendir(path) : NULL;
	struct dirent *e;
	size_t n = 0, i;
	if (d) {
		while ((e = readdir(d)) != NULL && n < 2000)
			if (e->d_name[0] != '.')
				names[n++] = strdup(e->d_name);
		closedir(d);
	}
	free(path);
	qsort(names, n, sizeof names[0], cmp_str);
	for (i = 0; i < n; i++) {
		if (!names[i])
			continue;
		h_fmt(b, "<li><a href=\"%s%s/", prefix, sub);
		h_text(b, names[i]);
		h_raw(b, "\">");
		h_text(b, names[i]);
		h_raw(b, "</a></li>");
		free(names[i]);
	}
}

void page_batch(srv_req *r)
{
	srv_job *j = &r->s->job;
	tb_buf b = TB_BUF_INIT;
	int running, started;
	char *report;
	tb_batch_result res;
	size_t done, total;
	tb_status status;

	pthread_mutex_lock(&j->lock);
	running = j->running;
	started = j->started;
	done = j->done;
	total = j->total;
	res = j->res;
	status = j->status;
	report = j->report ? strdup(j->report) : NULL;
	pthread_mutex_unlock(&j->lock);

	tb_buf_init(&b, SRV_HTML_MAX);
	h_raw(&b, "<section class=\"card\">");
	h_fmt(&b, "<p>%s</p>", _("The batch puts every applicant's submission package, the summary sheets of the recommending bodies and the manifests into the office's batch folder. Applicants whose evidence did not change are kept as they are."));
	h_raw(&b, "<form method=\"post\" action=\"/office/batch\">");
	h_csrf(r, &b);
	h_fmt(&b, "<label class=\"check\"><input type=\"checkbox\" name=\"over\"> %s</label> ", _("build bodies over their quota anyway (marked)"));
	h_fmt(&b, "<button class=\"primary\"%s>%s</button></form>", running ? " disabled" : "", _("Build the batch now"));
	h_fmt(&b, "<div class=\"progress\" data-batch-progress=\"%d\"><progress max=\"%zu\" value=\"%zu\"></progress> <span class=\"progress-text\">",
	      running, total ? total : 1, done);
	if (running)
		h_fmt(&b, _("%zu of %zu applicants done"), done, total);
	else if (started)
		h_text(&b, status == TB_OK ? _("Finished.") : _("Finished with problems (below)."));
	else
		h_text(&b, _("Not built in this session yet."));
	h_raw(&b, "</span></div>");
	if (started && !running)
		h_fmt(&b, "<p class=\"result\">%s %zu · %s %zu · %s %zu · %s %zu · %.1f s</p>", _("built"), res.built,
		      _("unchanged"), res.unchanged, _("failed"), res.failed, _("refused over quota"), res.skipped, res.seconds);
	if (report && *report) {
		h_fmt(&b, "<h3>%s</h3><pre class=\"report\">", _("Messages"));
		h_text(&b, report);
		h_raw(&b, "</pre>");
	}
	h_raw(&b, "</section>");
	if (tb_dir_exists(r->s->batch)) {
		h_fmt(&b, "<section class=\"part\"><h2>%s</h2><ul class=\"files\">", _("The batch folder"));
		h_raw(&b, "<li><a href=\"/office/batch/batch-manifest.xml\">batch-manifest.xml</a></li>");
		list_files(&b, r->s->batch, "summary", "/office/batch/");
		list_files(&b, r->s->batch, "packages", "/office/batch/");
		h_raw(&b, "</ul></section>");
	}
	free(report);
	page_send(r, _("The office's batch"), &b);
	tb_buf_free(&b);
	if (running)
		resp_header(r, "Refresh: 3");
}

static const char *ctype_of(const char *name)
{
	char ext[16];
	tb_path_ext(name, ext, sizeof ext);
	if (!strcmp(ext, "pdf"))
		return "application/pdf";
	if (!strcmp(ext, "zip"))
		return "application/zip";
	if (!strcmp(ext, "xml"))
		return "application/xml; charset=utf-8";
	if (!strcmp(ext, "xlsx"))
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	if (!strcmp(ext, "docx"))
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
	return "application/octet-stream";
}

/* A file under the batch folder: packages/, summary/ or the manifest; nothing else. */
void page_batch_file(srv_req *r)
{
	const char *rel = r->rest;
	char *full = NULL;
	if (tb_path_check_relative(rel) != TB_PATH_OK ||
	    (strncmp(rel, "packages/", 9) && strncmp(rel, "summary/", 8) && strcmp(rel, "batch-manifest.xml")) ||
	    strchr(strchr(rel, '/') ? strchr(rel, '/') + 1 : "", '/') ||
	    tb_path_confine(r->s->batch, rel, &full) != TB_PATH_OK) {
		resp_error(r, 404, _("The file is not there."));
		free(full);
		return;
	}
	resp_file(r, full, ctype_of(rel), tb_path_basename(rel), 0);
	free(full);
}

/* ---- the archivist ---- */

static int safe_name(const char *n)
{
	size_t len = strlen(n);
	return len > 4 && len < 100 && strspn(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.") == len &&
	       n[0] != '.' && !strcmp(n + len - 4, ".zip");
}

static void archive_page(srv_req *r, const char *built, tb_status built_st, char *built_report)
{
	tb_buf b = TB_BUF_INIT;
	char *def = store_default_program(r->ctx, r->s);
	const tb_program *p = NULL;
	int year = 0;
	DIR *d;
	struct dirent *e;

	if (def && tb_program_load(r->ctx, def, &p) == TB_OK)
		year = tb_program_year(p);
	free(def);
	tb_diag_clear(r->ctx);
	tb_buf_init(&b, SRV_HTML_MAX);
	if (built) {
		h_fmt(&b, "<section class=\"notice %s\"><p>", built_st == TB_OK ? "ok" : "error");
		if (built_st == TB_OK) {
			h_text(&b, _("The bundle was built and verified:"));
			h_fmt(&b, " <a href=\"/office/bundle/%s\">%s</a>", built, built);
		} else {
			h_text(&b, _("The bundle could not be built or did not verify:"));
		}
		h_raw(&b, "</p>");
		if (built_report && *built_report) {
			h_raw(&b, "<pre class=\"report\">");
			h_text(&b, built_report);
			h_raw(&b, "</pre>");
		}
		h_raw(&b, "</section>");
	}
	h_raw(&b, "<section class=\"card\"><h2>");
	h_text(&b, _("The year's bundle"));
	h_fmt(&b, "</h2><p>%s</p>", _("A BagIt bundle of every package of the office's batch, with the archival codes (档号) of DA/T 22, verified after it is written."));
	if (!tb_dir_exists(r->s->batch))
		h_fmt(&b, "<p class=\"notice warning\">%s</p>", _("Build the batch first."));
	h_raw(&b, "<form method=\"post\" action=\"/office/archive\" class=\"grid\">");
	h_csrf(r, &b);
	h_fmt(&b, "<label>%s <input name=\"year\" class=\"short\" value=\"%d\"></label>", _("Year"), year);
	h_fmt(&b, "<label>%s <input name=\"fonds\" class=\"short\" value=\"X001\"></label>", _("Fonds number (全宗号)"));
	h_fmt(&b, "<label>%s <select name=\"retention\"><option value=\"D30\">%s</option><option value=\"Y\">%s</option><option value=\"D10\">%s</option></select></label>",
	      _("Retention"), _("30 years"), _("permanent"), _("10 years"));
	h_fmt(&b, "<label class=\"check\"><input type=\"checkbox\" name=\"replace\"> %s</label>", _("replace a bundle of the same name"));
	h_fmt(&b, "<button class=\"primary\">%s</button></form></section>", _("Build and verify the bundle"));
	h_fmt(&b, "<section class=\"part\"><h2>%s</h2><ul class=\"files\">", _("Bundles"));
	if ((d = opendir(r->s->bundles)) != NULL) {
		while ((e = readdir(d)) != NULL)
			if (safe_name(e->d_name))
				h_fmt(&b, "<li><a href=\"/office/bundle/%s\">%s</a></li>", e->d_name, e->d_name);
		closedir(d);
	}
	h_raw(&b, "</ul></section>");
	page_send(r, _("Archive"), &b);
	tb_buf_free(&b);
}

void page_archive(srv_req *r)
{
	archive_page(r, NULL, TB_OK, NULL);
}

void page_archive_build(srv_req *r)
{
	tb_archive_options o = TB_ARCHIVE_OPTIONS_INIT;
	const char *year = req_field(r, "year"), *fonds = req_field(r, "fonds"), *ret = req_field(r, "retention");
	const char *batches[1];
	char name[128], *out = NULL, *report = NULL;
	tb_status st;

	o.year = year ? atoi(year) : 0;
	o.fonds = fonds && *fonds ? fonds : "X001";
	o.retention = ret && (!strcmp(ret, "Y") || !strcmp(ret, "D10")) ? ret : "D30";
	if (o.year < 1900 || o.year > 9999 || strspn(o.fonds, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") != strlen(o.fonds) ||
	    strlen(o.fonds) > 16) {
		resp_error(r, 400, _("Give a year (four digits) and a fonds number of capital letters and digits."));
		return;
	}
	snprintf(name, sizeof name, "%s-WS-%d.zip", o.fonds, o.year);
	if (!(out = tb_path_join(r->s->bundles, name))) {
		resp_error(r, 500, _("Out of memory."));
		return;
	}
	if (req_field(r, "replace"))
		unlink(out);
	batches[0] = r->s->batch;
	{
		tb_ctx *h = srv_heavy_begin(r->s);
		st = h ? tb_pack_archive(h, batches, 1, out, &o) : TB_ENOMEM;
		if (st == TB_OK)
			st = tb_pack_verify(h, out, NULL);
		srv_heavy_end(r->s, h, r->ctx);
	}
	report = diags_report(r->ctx);
	tb_diag_clear(r->ctx);
	archive_page(r, name, st, report);
	free(report);
	free(out);
}

void page_bundle(srv_req *r)
{
	char *full = NULL;
	if (!safe_name(r->rest) || tb_path_confine(r->s->bundles, r->rest, &full) != TB_PATH_OK) {
		resp_error(r, 404, _("The file is not there."));
		return;
	}
	resp_file(r, full, "application/zip", r->rest, 0);
	free(full);
}
