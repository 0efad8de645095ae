/* batch.c: a recommending office's batch. Applicants are loaded and built by a pool of
 * threads (one tb_ctx each); every output goes through a temporary file that is synced and
 * renamed, and per-applicant state records the digest of the inputs, so a re-run (after a
 * crash, or after edits) rebuilds only what changed and ends with the same bytes. */
#include <dirent.h>
#include <libxml/parser.h>
#include <libxml/xmlschemastypes.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "core/ctx.h"
#include "core/file.h"
#include "core/i18n.h"
#include "pack/batch.h"
#include "pack/zipw.h"
#include "tianbiao/tb_render.h"

#define BATCH_MAX_APPLICANTS 100000

typedef struct pool {
	batch_run *run;
	const tb_batch_options *opts;
	const char *password;
	int phase;           /* 1 load, 3 build */
	size_t next, done, total;
	pthread_mutex_t mu;
	tb_status fatal;     /* ENOMEM / EIO that should stop the batch */
} pool;

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Applicant folders: sorted names of subfolders holding an evidence.xml. */
static tb_status list_folders(tb_ctx *ctx, const char *dir, char ***out, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **v = NULL;
	size_t cap = 0;
	tb_status st = TB_OK;

	*n = 0;
	*out = NULL;
	if (!d) {
		tb_error(ctx, "io.read", dir, 0, 0, NULL, N_("cannot read the folder: %s"), strerror(errno));
		return TB_EIO;
	}
	while ((de = readdir(d))) {
		char *sub, *ev;
		int ok;
		if (de->d_name[0] == '.')
			continue;
		sub = tb_path_join(dir, de->d_name);
		ev = sub ? tb_path_join(sub, "evidence.xml") : NULL;
		ok = ev && tb_dir_exists(sub) && tb_file_exists(ev);
		free(sub);
		free(ev);
		if (!ok)
			continue;
		if (*n >= BATCH_MAX_APPLICANTS) {
			tb_error(ctx, "pack.limit", dir, 0, 0, NULL, N_("more than %d applicants"),
			         BATCH_MAX_APPLICANTS);
			st = TB_ELIMIT;
			break;
		}
		if (*n == cap) {
			char **nv = realloc(v, (cap = cap ? cap * 2 : 64) * sizeof *nv);
			if (!nv) {
				st = TB_ENOMEM;
				break;
			}
			v = nv;
		}
		if (!(v[*n] = strdup(de->d_name))) {
			st = TB_ENOMEM;
			break;
		}
		(*n)++;
	}
	closedir(d);
	if (st == TB_OK && *n)
		qsort(v, *n, sizeof *v, str_cmp);
	*out = v;
	return st;
}

static void save_diags(batch_item *it, tb_ctx *t)
{
	size_t i, n = tb_diag_count(t);
	/* Appends: an applicant collects diagnostics in both phases (load, then build). */
	saved_diag *nv = realloc(it->diags, (it->ndiags + n + 1) * sizeof *nv);
	if (!nv) {
		tb_diag_clear(t);
		return;
	}
	it->diags = nv;
	for (i = 0; i < n; i++) {
		const tb_diag *d = tb_diag_get(t, i);
		saved_diag *s = &it->diags[it->ndiags++];
		s->code = strdup(d->code ? d->code : "");
		s->file = d->file ? strdup(d->file) : NULL;
		s->msg = strdup(d->message ? d->message : "");
		s->hint = d->hint ? strdup(d->hint) : NULL;
		s->sev = d->severity;
		s->line = d->line;
		s->col = d->column;
	}
	tb_diag_clear(t);
}

static void free_item(batch_item *it)
{
	size_t i;
	for (i = 0; i < it->ndiags; i++) {
		free(it->diags[i].code);
		free(it->diags[i].file);
		free(it->diags[i].msg);
		free(it->diags[i].hint);
	}
	free(it->diags);
	pack_app_free(it->app);
	pack_app_free(it->stray);
	free(it->folder);
	free(it->evidence);
}

/* Digest of everything a package is made from: engine version, epoch, the evidence bytes and
 * every attachment's path and bytes. */
static tb_status input_digest(tb_ctx *t, batch_item *it)
{
	tb_buf b = TB_BUF_INIT;
	char hex[TB_DIGEST_HEX_MAX];
	size_t i;
	tb_status st;

	if ((st = tb_digest_file(t, TB_SHA256, it->evidence, hex)) != TB_OK)
		return st;
	if (tb_buf_printf(&b, "tianbiao %s\nepoch %lld\nevidence %s\n", tb_version(),
	                  tb_ctx_epoch(t), hex))
		goto nomem;
	for (i = 0; i < it->app->natts; i++) {
		char *full = NULL;
		if (tb_path_confine(it->app->dir, it->app->atts[i].path, &full) != TB_PATH_OK ||
		    tb_digest_file(t, TB_SHA256, full, hex) != TB_OK) {
			free(full);
			tb_buf_free(&b);
			return TB_ERROR;
		}
		free(full);
		if (tb_buf_printf(&b, "attachment %s %s\n", hex, it->app->atts[i].path))
			goto nomem;
	}
	st = tb_digest_mem(TB_SHA256, b.data, b.len, it->input);
	tb_buf_free(&b);
	return st;
nomem:
	tb_buf_free(&b);
	return TB_ENOMEM;
}

static char *out_path(const batch_run *r, const char *sub, const char *folder, const char *ext)
{
	tb_buf b = TB_BUF_INIT;
	if (tb_buf_printf(&b, "%s/%s/%s%s", r->out, sub, folder, ext)) {
		tb_buf_free(&b);
		return NULL;
	}
	return tb_buf_detach(&b, NULL);
}

/* Is the package from an earlier run still the one these inputs give? */
static int unchanged(tb_ctx *t, const batch_run *r, batch_item *it, const char *pkg)
{
	char *state = out_path(r, ".state", it->folder, ".txt"), *data = NULL;
	char in[TB_DIGEST_HEX_MAX], sha[TB_DIGEST_HEX_MAX];
	int ok = 0;
	size_t len;

	if (state && tb_file_exists(state) && tb_file_exists(pkg) &&
	    tb_file_read(t, state, 4096, &data, &len) == TB_OK &&
	    sscanf(data, "input %128s\npackage %128s\n", in, sha) == 2 && !strcmp(in, it->input) &&
	    tb_digest_file(t, TB_SHA256, pkg, it->sha256) == TB_OK && !strcmp(sha, it->sha256))
		ok = 1;
	tb_diag_clear(t);
	free(data);
	free(state);
	return ok;
}

static tb_status build_item(tb_ctx *t, pool *p, batch_item *it)
{
	batch_run *r = p->run;
	char *pkg = out_path(r, "packages", it->folder, ".zip");
	char *tmp = out_path(r, ".tmp", it->folder, ".zip");
	char *state = out_path(r, ".state", it->folder, ".txt");
	tb_buf b = TB_BUF_INIT;
	tb_status st = TB_ENOMEM;

	if (!pkg || !tmp || !state)
		goto done;
	/* AES output is never the same twice: always rebuild. */
	if (!p->password && unchanged(t, r, it, pkg)) {
		it->state = APP_UNCHANGED;
	} else {
		st = pack_build_app(t, it->app, pkg, tmp, it->folder, p->password);
		if (st != TB_OK)
			goto done;
		if ((st = tb_digest_file(t, TB_SHA256, pkg, it->sha256)) != TB_OK)
			goto done;
		/* State last: a crash before this line only costs a rebuild of the same bytes. */
		if (tb_buf_printf(&b, "input %s\npackage %s\n", it->input, it->sha256) ||
		    (st = tb_file_write_atomic(t, state, b.data, b.len)) != TB_OK)
			goto done;
		it->state = APP_BUILT;
	}
	if ((st = tb_digest_file(t, TB_SM3, pkg, it->sm3)) == TB_OK) {
		FILE *f = fopen(pkg, "rb");
		if (f && fseek(f, 0, SEEK_END) == 0)
			it->size = (size_t)ftell(f);
		if (f)
			fclose(f);
	}
done:
	tb_buf_free(&b);
	free(pkg);
	free(tmp);
	free(state);
	return st;
}

static void work_one(tb_ctx *t, pool *p, batch_item *it)
{
	tb_status st = TB_OK;
	if (p->phase == 1) {
		st = pack_app_load(t, it->evidence, &it->app);
		if (st == TB_OK && (st = input_digest(t, it)) != TB_OK)
			tb_error(t, "io.read", it->evidence, 0, 0, NULL,
			         N_("the attachments cannot be read"));
		if (st != TB_OK)
			it->state = APP_FAILED;
	} else if (it->state == APP_PENDING) {
		st = build_item(t, p, it);
		if (st != TB_OK)
			it->state = APP_FAILED;
	}
	if (st == TB_ENOMEM) {
		pthread_mutex_lock(&p->mu);
		p->fatal = st;
		pthread_mutex_unlock(&p->mu);
	}
	if (tb_diag_count(t))
		save_diags(it, t);
}

static void *worker(void *arg)
{
	pool *p = arg;
	batch_run *r = p->run;
	tb_ctx *t = NULL;

	if (tb_ctx_new(&t) != TB_OK) {
		pthread_mutex_lock(&p->mu);
		p->fatal = TB_ENOMEM;
		pthread_mutex_unlock(&p->mu);
		return NULL;
	}
	tb_ctx_set_epoch(t, tb_ctx_epoch(r->ctx));
	tb_ctx_set_datadir(t, tb_ctx_datadir(r->ctx));
	/* the font settings of the batch (--font-map, --allow-missing-glyphs) */
	if (tb_render_font_map(r->ctx))
		tb_render_set_font_map(t, tb_render_font_map(r->ctx));
	tb_render_set_allow_missing_glyphs(t, tb_render_allow_missing_glyphs(r->ctx));
	for (;;) {
		size_t i;
		pthread_mutex_lock(&p->mu);
		i = p->next++;
		pthread_mutex_unlock(&p->mu);
		if (i >= r->n)
			break;
		work_one(t, p, &r->items[i]);
		pthread_mutex_lock(&p->mu);
		p->done++;
		if (p->phase == 3 && p->opts->progress)
			p->opts->progress(p->opts->progress_user, p->done, p->total);
		pthread_mutex_unlock(&p->mu);
	}
	tb_ctx_free(t);
	return NULL;
}

static tb_status run_pool(pool *p, unsigned jobs)
{
	pthread_t *th = calloc(jobs, sizeof *th);
	unsigned i, started = 0;
	if (!th)
		return TB_ENOMEM;
	p->next = p->done = 0;
	for (i = 0; i < jobs; i++)
		if (pthread_create(&th[i], NULL, worker, p) == 0)
			started++;
		else
			break;
	if (!started)
		worker(p); /* no threads available: do the work here */
	for (i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	free(th);
	return p->fatal;
}

static int rank_cmp(const void *a, const void *b)
{
	const batch_item *x = *(batch_item *const *)a, *y = *(batch_item *const *)b;
	int c;
	if (x->app->claimed != y->app->claimed)
		return x->app->claimed > y->app->claimed ? -1 : 1;
	if ((c = strcmp(x->app->applicant, y->app->applicant)))
		return c;
	return strcmp(x->folder, y->folder);
}

/* Group loaded applicants by recommending body, rank them by claimed score and apply the
 * quota of 附件1: a body over its quota is refused as a whole (naming its applicants) unless
 * over-quota batches are allowed, in which case the ranks past the quota are flagged. */
static tb_status apply_quotas(batch_run *r, int allow)
{
	batch_item **v = calloc(r->n + 1, sizeof *v);
	const char *first = NULL;
	size_t i, j, g;
	tb_status st = TB_OK;

	r->groups = calloc(r->n + 1, sizeof *r->groups);
	if (!v || !r->groups) {
		free(v);
		return TB_ENOMEM;
	}
	/* One batch, one program: the first applicant's (in folder order) decides. */
	for (i = 0; i < r->n; i++) {
		batch_item *it = &r->items[i];
		if (!it->app)
			continue;
		if (!first)
			first = it->app->program_id;
		else if (strcmp(first, it->app->program_id)) {
			tb_error(r->ctx, "batch.program", it->evidence, 0, 0,
			         N_("put applicants of different programs in different batches"),
			         N_("the applicant is for program \"%s\", the batch for \"%s\""),
			         it->app->program_id, first);
			it->state = APP_FAILED;
			it->stray = it->app; /* kept alive: `first` may point into an earlier app */
			it->app = NULL;
		}
	}
	for (i = 0; i < r->n; i++) {
		batch_item *it = &r->items[i];
		if (!it->app)
			continue;
		for (g = 0; g < r->ngroups; g++)
			if (!strcmp(r->groups[g].kind, it->app->kind) &&
			    !strcmp(r->groups[g].name, it->app->recommender))
				break;
		if (g == r->ngroups) {
			r->groups[g].kind = it->app->kind;
			r->groups[g].kind_label = it->app->kind_label;
			r->groups[g].name = it->app->recommender;
			r->groups[g].quota = it->app->quota;
			r->ngroups++;
		}
		it->group = (int)g;
		r->groups[g].count++;
	}
	for (g = 0; g < r->ngroups; g++) {
		batch_group *gr = &r->groups[g];
		size_t n = 0;
		int over;
		tb_buf names = TB_BUF_INIT;
		for (i = 0; i < r->n; i++)
			if (r->items[i].app && r->items[i].group == (int)g)
				v[n++] = &r->items[i];
		qsort(v, n, sizeof *v, rank_cmp);
		over = gr->quota && n > gr->quota;
		for (j = 0; j < n; j++) {
			v[j]->rank = (unsigned)(j + 1);
			v[j]->within_quota = !gr->quota || j < gr->quota;
			if (over && !allow)
				v[j]->state = APP_SKIPPED;
			if (over && tb_buf_printf(&names, "%s%s", j ? "、" : "", v[j]->app->applicant))
				st = TB_ENOMEM;
		}
		if (over && !allow)
			tb_error(r->ctx, "batch.quota", gr->name, 0, 0,
			         N_("withdraw applicants until the quota is met, or pass --allow-over-quota"),
			         N_("%s (%s) may recommend %u, but %zu applied: %s"), gr->name,
			         gr->kind_label, gr->quota, n, names.data ? names.data : "");
		else if (over)
			tb_warn(r->ctx, "batch.quota", gr->name, 0, 0, NULL,
			        N_("%s (%s) may recommend %u, but %zu applied: %s"), gr->name,
			        gr->kind_label, gr->quota, n, names.data ? names.data : "");
		tb_buf_free(&names);
	}
	free(v);
	return st;
}

/* Remove files under out/sub that no current applicant accounts for (a crash's leftovers,
 * applicants withdrawn or now failing), so the folder holds exactly this run's result. */
static void prune(batch_run *r, const char *sub, const char *ext, int keep_all_built)
{
	char *dir = tb_path_join(r->out, sub);
	DIR *d = dir ? opendir(dir) : NULL;
	struct dirent *de;
	while (d && (de = readdir(d))) {
		size_t i, nl = strlen(de->d_name), el = strlen(ext);
		int keep = 0;
		char *full;
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		for (i = 0; keep_all_built && i < r->n; i++) {
			batch_item *it = &r->items[i];
			if ((it->state == APP_BUILT || it->state == APP_UNCHANGED) &&
			    nl == strlen(it->folder) + el && !strncmp(de->d_name, it->folder, nl - el) &&
			    !strcmp(de->d_name + nl - el, ext))
				keep = 1;
		}
		if (!keep && !strcmp(de->d_name, "lock"))
			keep = 1;
		/* summary-NN.txt: the summary sheets' own state, pruned by batch_out.c */
		if (!keep && keep_all_built && !strncmp(de->d_name, "summary-", 8) && nl == 14 &&
		    !strcmp(de->d_name + 10, ".txt"))
			keep = 1;
		if (!keep && (full = tb_path_join(dir, de->d_name))) {
			unlink(full);
			free(full);
		}
	}
	if (d)
		closedir(d);
	free(dir);
}

static tb_status prepare_out(batch_run *r, int *lockfd)
{
	static const char *const subs[] = {"packages", ".state", ".tmp", "summary"};
	size_t i;
	char *lock;
	for (i = 0; i < sizeof subs / sizeof subs[0]; i++) {
		char *d = tb_path_join(r->out, subs[i]);
		tb_status st = d ? tb_mkdirs(r->ctx, d) : TB_ENOMEM;
		free(d);
		if (st != TB_OK)
			return st;
	}
	if (!(lock = tb_path_join(r->out, ".state/lock")))
		return TB_ENOMEM;
	*lockfd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	free(lock);
	if (*lockfd < 0 || flock(*lockfd, LOCK_EX | LOCK_NB) != 0) {
		tb_error(r->ctx, "batch.busy", r->out, 0, 0, N_("wait for the other run to finish"),
		         N_("another batch is writing to this folder"));
		return TB_EIO;
	}
	prune(r, ".tmp", "", 0);
	return TB_OK;
}

static void push_diags(batch_run *r)
{
	size_t i, j;
	for (i = 0; i < r->n; i++) {
		batch_item *it = &r->items[i];
		for (j = 0; j < it->ndiags; j++) {
			saved_diag *d = &it->diags[j];
			tb_diag_push(r->ctx, d->sev, d->code, d->file, d->line, d->col, d->msg, d->hint);
		}
		if (it->state == APP_FAILED)
			tb_error(r->ctx, "batch.failed", it->evidence, 0, 0,
			         N_("fix the errors above and run the batch again"),
			         N_("applicant \"%s\" was not built"), it->folder);
	}
}

static unsigned default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 && n < 256 ? (unsigned)n : 1;
}

tb_status tb_pack_batch(tb_ctx *ctx, const char *dir, const char *out,
                        const tb_batch_options *opts, tb_batch_result *res)
{
	tb_batch_options defaults = TB_BATCH_OPTIONS_INIT;
	batch_run r;
	pool p;
	char **folders = NULL, *pw = NULL, *tmpdir;
	size_t n = 0, i;
	struct timespec t0, t1;
	int lockfd = -1;
	unsigned jobs;
	tb_status st;

	if (!opts)
		opts = &defaults;
	if (opts->version != TB_BATCH_OPTIONS_VERSION)
		return TB_EINVAL;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pack_tz_utc();
	memset(&r, 0, sizeof r);
	memset(&p, 0, sizeof p);
	r.ctx = ctx;
	r.dir = dir;
	r.out = out;
	if ((st = pack_password(ctx, opts->pack.password_file, opts->pack.password_env, &pw)) ||
	    (st = list_folders(ctx, dir, &folders, &n)))
		goto done;
	if (!n) {
		tb_error(ctx, "batch.empty", dir, 0, 0,
		         N_("put one folder per applicant in it, each with an evidence.xml"),
		         N_("no applicant folders found"));
		st = TB_ERROR;
		goto done;
	}
	if ((st = prepare_out(&r, &lockfd)) != TB_OK)
		goto done;
	if (!(r.items = calloc(n, sizeof *r.items))) {
		st = TB_ENOMEM;
		goto done;
	}
	r.n = n;
	for (i = 0; i < n; i++) {
		char *sub = tb_path_join(dir, folders[i]);
		r.items[i].folder = folders[i];
		folders[i] = NULL;
		r.items[i].evidence = sub ? tb_path_join(sub, "evidence.xml") : NULL;
		free(sub);
		if (!r.items[i].evidence) {
			st = TB_ENOMEM;
			goto done;
		}
	}
	jobs = opts->jobs ? opts->jobs : default_jobs();
	if (jobs > n)
		jobs = (unsigned)n;
	/* libxml2 initialises its globals and its XSD type table lazily, which races (and leaks)
	 * between threads: do both here, before any thread starts. */
	xmlInitParser();
	xmlSchemaInitTypes();
	pthread_mutex_init(&p.mu, NULL);
	p.run = &r;
	p.opts = opts;
	p.password = pw;
	p.phase = 1;
	st = run_pool(&p, jobs);
	if (st == TB_OK)
		st = apply_quotas(&r, opts->allow_over_quota);
	if (st == TB_OK) {
		p.phase = 3;
		p.total = n;
		st = run_pool(&p, jobs);
	}
	pthread_mutex_destroy(&p.mu);
	if (st != TB_OK)
		goto done;
	prune(&r, "packages", ".zip", 1);
	prune(&r, ".state", ".txt", 1);
	/* The date written into the summaries: the epoch, else the newest application date. */
	for (i = 0; i < n; i++)
		if (r.items[i].app) {
			time_t t = pack_epoch(ctx, r.items[i].app->date);
			if (t > r.created)
				r.created = t;
		}
	if (!r.created)
		r.created = pack_epoch(ctx, NULL);
	st = batch_write_outputs(&r);
	if ((tmpdir = tb_path_join(out, ".tmp"))) {
		rmdir(tmpdir);
		free(tmpdir);
	}
done:
	push_diags(&r);
	if (res) {
		memset(res, 0, sizeof *res);
		res->applicants = r.n;
		for (i = 0; i < r.n; i++) {
			switch (r.items[i].state) {
			case APP_BUILT: res->built++; break;
			case APP_UNCHANGED: res->unchanged++; break;
			case APP_SKIPPED: res->skipped++; break;
			default: res->failed++; break;
			}
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		res->seconds = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	}
	if (st == TB_OK)
		for (i = 0; i < r.n; i++)
			if (r.items[i].state == APP_FAILED || r.items[i].state == APP_SKIPPED)
				st = TB_ERROR;
	for (i = 0; i < r.n; i++)
		free_item(&r.items[i]);
	free(r.items);
	free(r.groups);
	for (i = 0; folders && i < n; i++)
		free(folders[i]);
	free(folders);
	if (pw) {
		memset(pw, 0, strlen(pw));
		free(pw);
	}
	if (lockfd >= 0)
		close(lockfd);
	return st;
}
