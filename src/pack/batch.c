/* batch.c: a recommending office's batch. Applicants are loaded, scored and ranked, then the
 * ones within quota are built, by a pool of threads (one tb_ctx each); every output goes
 * through a temporary file that is synced and renamed, and per-applicant state records the
 * digest of the inputs, so a re-run (after a crash, or after edits) rebuilds only what
 * changed and ends with the same bytes. */
#define _GNU_SOURCE /* O_TMPFILE */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "core/ctx.h"
#include "core/file.h"
#include "core/i18n.h"
#include "core/xml.h"
#include "pack/batch.h"
#include "pack/zipw.h"
#include "render/device.h"
#include "tianbiao/tb_render.h"

/* Packages per commit group (worker's end_group): fewer than the group's own limit (16), so
 * a group ends only at an applicant's end, where each failure can be told whose it is. */
#define BATCH_GROUP 8

typedef struct pool {
	batch_run *run;
	const char *password;
	int phase;           /* 1 load and score, 3 build */
	size_t next, done, total;
	struct timespec t0;
	pthread_mutex_t mu;
	tb_status fatal;     /* ENOMEM / EIO / ECANCELED that should stop the batch */
} pool;

static int canceled(const batch_run *r)
{
	return r->opts->pack.cancel && *r->opts->pack.cancel;
}

/* An applicant collects findings in both phases (load, then build), and when its package is
 * put in place (end_group): each set is kept in turn. */
static void save_diags(batch_item *it, tb_ctx *t)
{
	if (it->ndiags < (int)(sizeof it->diags / sizeof it->diags[0]))
		it->diags[it->ndiags++] = tb_diag_save(t);
	else
		tb_diag_clear(t);
}

static void free_item(batch_item *it)
{
	int i;
	for (i = 0; i < it->ndiags; i++)
		tb_diag_saved_free(it->diags[i]);
	free(it->folder);
	free(it->id);
	free(it->pkgid);
	free(it->source);
	free(it->evidence);
}

/* A SHA-256 or SM3 (64 hex digits) into an item's field. */
static void put_hex(char dst[BATCH_HEX], const char hex[TB_DIGEST_HEX_MAX])
{
	memcpy(dst, hex, BATCH_HEX - 1);
	dst[BATCH_HEX - 1] = '\0';
}

/* Digest of everything a package is made from: engine version, epoch, the evidence bytes and
 * every attachment's path and bytes. */
static tb_status input_digest(tb_ctx *t, batch_item *it, pack_app *app)
{
	tb_buf b = TB_BUF_INIT;
	char hex[TB_DIGEST_HEX_MAX];
	size_t i;
	tb_status st;

	/* the evidence as validated (not read again: the build compares its bytes with this) */
	if (tb_buf_printf(&b, "tianbiao %s\nepoch %lld\nevidence %s\n", tb_version(),
	                  tb_ctx_epoch(t), app->evidence_sha256))
		goto nomem;
	for (i = 0; i < app->natts; i++) {
		char *full = NULL;
		if (tb_path_confine(app->dir, app->atts[i].path, &full) != TB_PATH_OK ||
		    tb_digest_file(t, TB_SHA256, full, hex) != TB_OK) {
			free(full);
			tb_buf_free(&b);
			return TB_ERROR;
		}
		free(full);
		/* what the build phase must find again (read once, packed as hashed) */
		memcpy(app->atts[i].seen, hex, sizeof hex);
		if (tb_buf_printf(&b, "attachment %s %s\n", hex, app->atts[i].path))
			goto nomem;
	}
	if ((st = tb_digest_mem(TB_SHA256, b.data, b.len, hex)) == TB_OK)
		put_hex(it->input, hex);
	tb_buf_free(&b);
	return st;
nomem:
	tb_buf_free(&b);
	return TB_ENOMEM;
}

static char *out_path(const batch_run *r, const char *sub, const char *name, const char *ext)
{
	tb_buf b = TB_BUF_INIT;
	if (tb_buf_printf(&b, "%s/%s/%s%s", r->out, sub, name, ext)) {
		tb_buf_free(&b);
		return NULL;
	}
	return tb_buf_detach(&b, NULL);
}

/* The package digest recorded in `base`'s state for this applicant, when the recorded
 * inputs are this run's; else 0. */
static int state_matches(tb_ctx *t, const char *base, const batch_item *it, char sha[TB_DIGEST_HEX_MAX])
{
	tb_buf path = TB_BUF_INIT;
	char in[TB_DIGEST_HEX_MAX], *data = NULL;
	size_t len;
	int ok = tb_buf_printf(&path, "%s/.state/%s.txt", base, it->pkgid) == TB_OK &&
	         tb_file_exists(path.data) && tb_file_read(t, path.data, 4096, &data, &len) == TB_OK &&
	         sscanf(data, "input %128s\npackage %128s\n", in, sha) == 2 && !strcmp(in, it->input);
	free(data);
	tb_buf_free(&path);
	return ok;
}

/* Is the package from an earlier run still the one these inputs give? Then its digests and
 * size are the item's. */
static int unchanged(tb_ctx *t, const batch_run *r, batch_item *it, const char *pkg)
{
	static const tb_digest_alg algs[2] = {TB_SHA256, TB_SM3};
	char sha[TB_DIGEST_HEX_MAX], now[2][TB_DIGEST_HEX_MAX];
	size_t size = 0;
	int ok = state_matches(t, r->out, it, sha) && tb_file_exists(pkg) &&
	         tb_digest_file_each(t, pkg, 2, algs, now, &size) == TB_OK && !strcmp(sha, now[0]);
	if (ok) {
		put_hex(it->sha256, now[0]);
		put_hex(it->sm3, now[1]);
		it->size = size;
	}
	tb_diag_clear(t);
	return ok;
}

/* A package another run (a shard) built from the same inputs: copied into place, through a
 * temporary file, with its state. The bytes are checked against the recorded digest. */
static int reused(tb_ctx *t, const batch_run *r, batch_item *it, const char *pkg, const char *state)
{
	size_t k, len;
	int ok = 0;
	for (k = 0; !ok && k < r->opts->nreuse; k++) {
		char sha[TB_DIGEST_HEX_MAX], now[TB_DIGEST_HEX_MAX], sm3[TB_DIGEST_HEX_MAX];
		char *data = NULL;
		tb_buf src = TB_BUF_INIT, st = TB_BUF_INIT;
		/* digests from the bytes read: the copy is put in place when the commit group ends */
		if (state_matches(t, r->opts->reuse[k], it, sha) &&
		    tb_buf_printf(&src, "%s/packages/%s.zip", r->opts->reuse[k], it->pkgid) == TB_OK &&
		    tb_file_exists(src.data) &&
		    tb_file_read(t, src.data, PACK_MAX_FILE_BYTES, &data, &len) == TB_OK &&
		    tb_digest_mem(TB_SHA256, data, len, now) == TB_OK && !strcmp(sha, now) &&
		    tb_digest_mem(TB_SM3, data, len, sm3) == TB_OK &&
		    tb_file_write_atomic(t, pkg, data, len) == TB_OK &&
		    tb_buf_printf(&st, "input %s\npackage %s\n", it->input, now) == TB_OK &&
		    tb_file_write_record(t, state, st.data, st.len) == TB_OK) {
			put_hex(it->sha256, now);
			put_hex(it->sm3, sm3);
			it->size = len;
			ok = 1;
		}
		free(data);
		tb_buf_free(&src);
		tb_buf_free(&st);
	}
	tb_diag_clear(t);
	return ok;
}

/* An applicant's digests to the file of them (batch_run kept). */
static tb_status write_kept(tb_ctx *t, pool *p, batch_item *it, const pack_app *app)
{
	batch_run *r = p->run;
	pack_kept k = {NULL, NULL, 0};
	size_t len, done = 0;
	int err = 0;
	tb_status st = pack_kept_from_app(&k, app);
	if (st != TB_OK)
		return st;
	len = strlen(k.digests);
	pthread_mutex_lock(&p->mu);
	while (done < len) {
		ssize_t w = pwrite(r->kept, k.digests + done, len - done, (off_t)(r->kept_end + done));
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			err = w < 0 ? errno : EIO;
			break;
		}
		done += (size_t)w;
	}
	if (done == len) {
		it->kept_at = r->kept_end;
		it->natts = k.natts;
		r->kept_end += len;
	} else {
		tb_error(t, "io.write", r->kept_path, 0, 0, NULL, N_("cannot write file: %s"),
		         strerror(err));
		st = TB_EIO;
	}
	pthread_mutex_unlock(&p->mu);
	free(k.digests);
	return st;
}

/* And back, for its build: *out malloc'd. */
static tb_status read_kept(tb_ctx *t, const batch_run *r, const batch_item *it, char **out)
{
	size_t len = (it->natts + 1) * PACK_KEPT_HEX, done = 0;
	char *d = malloc(len + 1);
	*out = NULL;
	if (!d)
		return TB_ENOMEM;
	while (done < len) {
		ssize_t n = pread(r->kept, d + done, len - done, (off_t)(it->kept_at + done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			tb_error(t, "io.read", r->kept_path, 0, 0, NULL, N_("read error: %s"),
			         strerror(n < 0 ? errno : EIO));
			free(d);
			return TB_EIO;
		}
		done += (size_t)n;
	}
	d[len] = '\0';
	*out = d;
	return TB_OK;
}

static tb_status build_item(tb_ctx *t, pool *p, batch_item *it)
{
	batch_run *r = p->run;
	char *pkg = out_path(r, "packages", it->pkgid, ".zip");
	char *tmp = out_path(r, ".tmp", it->pkgid, ".zip");
	char *state = out_path(r, ".state", it->pkgid, ".txt");
	tb_buf b = TB_BUF_INIT;
	tb_status st = TB_ENOMEM;

	if (!pkg || !tmp || !state)
		goto done;
	/* AES output is never the same twice: always rebuild. */
	if (!p->password && (unchanged(t, r, it, pkg) || reused(t, r, it, pkg, state))) {
		it->state = APP_UNCHANGED; /* its digests and size taken on the way */
		st = TB_OK;
	} else {
		pack_kept k = {it->evidence, NULL, it->natts};
		pack_zipw_sums sums;
		if ((st = read_kept(t, r, it, &k.digests)) == TB_OK)
			st = pack_build_kept(t, &k, pkg, tmp, it->pkgid, p->password, r->opts->pack.cancel,
			                     &sums);
		free(k.digests);
		if (st != TB_OK)
			goto done;
		it->size = (size_t)sums.size;
		put_hex(it->sm3, sums.sm3);
		put_hex(it->sha256, sums.sha256);
		/* The state: with the package's inputs and digest. Written before the package is in
		 * place (its commit group ends later), and that is safe: a later run takes the
		 * package as unchanged only when the file there has this digest. */
		if (tb_buf_printf(&b, "input %s\npackage %s\n", it->input, it->sha256) ||
		    (st = tb_file_write_record(t, state, b.data, b.len)) != TB_OK)
			goto done;
		it->state = APP_BUILT;
	}
done:
	tb_buf_free(&b);
	free(pkg);
	free(tmp);
	free(state);
	return st;
}

typedef struct scored_ctx {
	pool *p;
	batch_item *it;
} scored_ctx;

/* Every applicant that can be scored joins the ranking, errors or not: the ranking (and so
 * the summary sheet) shows it, with its problems, where the one rule puts it. */
static tb_status on_scored(void *user, tb_ctx *t, const tb_score *s, size_t errors)
{
	scored_ctx *sc = user;
	tb_status st;
	(void)t;
	pthread_mutex_lock(&sc->p->mu);
	st = tb_rank_add(sc->p->run->rank, s, sc->it->id, errors);
	pthread_mutex_unlock(&sc->p->mu);
	if (st == TB_OK)
		sc->it->ranked = 1;
	return st;
}

static void load_item(tb_ctx *t, pool *p, batch_item *it)
{
	scored_ctx sc = {p, it};
	pack_app *app = NULL;
	tb_status st = TB_OK;
	if (it->kind == INPUT_ZIP)
		st = batch_unpack(t, p->run, it);
	if (st == TB_OK)
		st = pack_app_load(t, it->evidence, on_scored, &sc, &app);
	if (st == TB_OK && (st = input_digest(t, it, app)) != TB_OK)
		tb_error(t, "io.read", it->evidence, 0, 0, NULL, N_("the attachments cannot be read"));
	if (st == TB_OK)
		batch_report_unused_files(t, it, app);
	/* Only the digests stay until the build: the rest is read again then. */
	if (st == TB_OK)
		st = write_kept(t, p, it, app);
	if (st == TB_OK) {
		it->when = pack_epoch(t, app->date);
		it->loaded = 1;
	}
	pack_app_free(app);
	if (st != TB_OK)
		it->state = APP_FAILED;
	if (st == TB_ENOMEM) {
		pthread_mutex_lock(&p->mu);
		p->fatal = st;
		pthread_mutex_unlock(&p->mu);
	}
}

static double since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static void progress(pool *p, const char *current)
{
	tb_batch_progress pr;
	if (p->phase != 3 || !p->run->opts->progress)
		return;
	pr.done = p->done;
	pr.total = p->total;
	pr.current = current;
	pr.elapsed = since(&p->t0);
	p->run->opts->progress(p->run->opts->progress_user, &pr);
}

static void work_one(tb_ctx *t, pool *p, batch_item *it)
{
	tb_status st;
	if (p->phase == 1) {
		load_item(t, p, it);
	} else if (it->state == APP_PENDING) {
		st = build_item(t, p, it);
		if (st != TB_OK)
			it->state = APP_FAILED;
		if (st == TB_ENOMEM || st == TB_ECANCELED) {
			pthread_mutex_lock(&p->mu);
			p->fatal = st;
			pthread_mutex_unlock(&p->mu);
		}
		if (st == TB_ECANCELED) {
			it->state = APP_PENDING; /* not built, not failed: interrupted */
			tb_diag_clear(t);    /* its half-done work says nothing about the applicant */
		}
	}
	if (tb_diag_count(t))
		save_diags(it, t);
}

/* Ends a worker's commit group (`again`: and opens the next): the packages of the applicants
 * it built since the last one are synced and put in place. A package that cannot be is its
 * applicant's failure: the error names the package (core/commit_group.c), and is kept with
 * the first applicant it names. A failure that names none stops the batch. */
static void end_group(tb_ctx *t, pool *p, batch_item **held, size_t *nheld, int again)
{
	batch_item *first = NULL;
	size_t i, k;
	tb_status st = tb_ctx_commit_group(t, again);
	for (i = 0; st != TB_OK && i < *nheld; i++) {
		char *pkg = out_path(p->run, "packages", held[i]->pkgid, ".zip");
		for (k = 0; pkg && k < tb_diag_count(t); k++) {
			const tb_diag *d = tb_diag_get(t, k);
			if (d->file && !strcmp(d->file, pkg)) {
				pthread_mutex_lock(&p->mu);
				held[i]->state = APP_FAILED;
				pthread_mutex_unlock(&p->mu);
				if (!first)
					first = held[i];
				break;
			}
		}
		free(pkg);
	}
	*nheld = 0;
	if (st == TB_OK)
		return;
	if (first) {
		save_diags(first, t);
		return;
	}
	pthread_mutex_lock(&p->mu);
	if (p->fatal == TB_OK)
		p->fatal = st;
	(void)tb_diag_restore(p->run->ctx, tb_diag_save(t));
	pthread_mutex_unlock(&p->mu);
}

static void *worker(void *arg)
{
	pool *p = arg;
	batch_run *r = p->run;
	batch_item *held[BATCH_GROUP];
	size_t nheld = 0;
	tb_ctx *t = NULL;

	/* the batch's data folder, epoch and font settings (--font-map, --allow-missing-glyphs) */
	if (tb_render_ctx_like(r->ctx, &t) != TB_OK) {
		pthread_mutex_lock(&p->mu);
		p->fatal = TB_ENOMEM;
		pthread_mutex_unlock(&p->mu);
		return NULL;
	}
	/* Packages are committed in groups (core/commit_group.c): each one's writeback starts as
	 * it is finished, and the syncs, renames and the folder's sync come every BATCH_GROUP
	 * packages, not twice per package while the worker waits. Only while building: loading
	 * reads back what it unpacks. */
	if (p->phase == 3 && tb_ctx_commit_group(t, 1) != TB_OK) {
		pthread_mutex_lock(&p->mu);
		p->fatal = TB_ENOMEM;
		pthread_mutex_unlock(&p->mu);
	}
	for (;;) {
		size_t i;
		batch_item *it;
		pthread_mutex_lock(&p->mu);
		/* skip what this phase has nothing to do for, so progress counts real work */
		while (p->phase == 3 && p->next < r->n && r->items[p->next].state != APP_PENDING)
			p->next++;
		i = p->next++;
		if (i < r->n && (canceled(r) || p->fatal != TB_OK))
			i = r->n;
		it = i < r->n ? &r->items[i] : NULL;
		if (it)
			progress(p, it->pkgid ? it->pkgid : it->id);
		pthread_mutex_unlock(&p->mu);
		if (!it)
			break;
		work_one(t, p, it);
		if (p->phase == 3) {
			held[nheld++] = it;
			if (nheld == BATCH_GROUP)
				end_group(t, p, held, &nheld, 1);
		}
		pthread_mutex_lock(&p->mu);
		if (p->phase == 1 || it->state != APP_PENDING)
			p->done++;
		progress(p, NULL);
		pthread_mutex_unlock(&p->mu);
	}
	if (p->phase == 3)
		end_group(t, p, held, &nheld, 0);
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
	clock_gettime(CLOCK_MONOTONIC, &p->t0);
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
	if (p->fatal == TB_OK && canceled(p->run))
		p->fatal = TB_ECANCELED;
	return p->fatal;
}

static batch_item *item_by_id(batch_run *r, const char *id)
{
	size_t i;
	for (i = 0; i < r->n; i++)
		if (!strcmp(r->items[i].id, id))
			return &r->items[i];
	return NULL;
}

/* The one ranking rule decides: the top N of each body (within quota) are built; the rest
 * are marked over quota and left out, or built under a name that says so. */
static tb_status apply_ranking(batch_run *r)
{
	size_t i, b;
	tb_status st = tb_rank_finish(r->ctx, r->rank, r->dir);
	if (st != TB_OK)
		return st;
	for (i = 0; i < tb_rank_count(r->rank); i++) {
		batch_item *it = item_by_id(r, tb_rank_id(r->rank, i));
		if (!it)
			continue;
		it->rank_index = i;
		if (it->state == APP_FAILED || !it->loaded)
			continue;
		if (tb_rank_within_quota(r->rank, i)) {
			it->pkgid = strdup(it->id);
		} else {
			if (r->opts->allow_over_quota) {
				tb_buf n = TB_BUF_INIT;
				if (tb_buf_printf(&n, "%s-over-quota", it->id) == TB_OK)
					it->pkgid = tb_buf_detach(&n, NULL);
				else
					tb_buf_free(&n);
			} else {
				it->state = APP_SKIPPED;
				continue;
			}
		}
		if (!it->pkgid)
			return TB_ENOMEM;
	}
	/* Loaded but not in the ranking: left out as another program's (score.rank-mixed says
	 * which). Not built: it has no place in this batch's summary sheets. */
	for (i = 0; i < r->n; i++)
		if (r->items[i].state == APP_PENDING && r->items[i].loaded && !r->items[i].pkgid) {
			r->items[i].state = APP_FAILED;
			r->items[i].ranked = 0;
		}
	/* One warning per body over its quota, naming who is left out (or built as such). */
	for (b = 0; b < tb_rank_body_count(r->rank); b++) {
		tb_buf names = TB_BUF_INIT;
		size_t over = 0;
		for (i = 0; i < tb_rank_count(r->rank); i++) {
			batch_item *it = item_by_id(r, tb_rank_id(r->rank, i));
			if (tb_rank_body_of(r->rank, i) != b || !it || !it->loaded ||
			    tb_rank_within_quota(r->rank, i))
				continue;
			if (tb_buf_printf(&names, "%s%s", over ? "、" : "", tb_rank_applicant(r->rank, i)))
				st = TB_ENOMEM;
			over++;
		}
		if (over && r->opts->allow_over_quota)
			tb_warn(r->ctx, "batch.quota", tb_rank_body_name(r->rank, b), 0, 0,
			        N_("the packages' names end in -over-quota; the summary sheet marks them 否"),
			        N_("%s (%s) may recommend %u; built over the quota anyway: %s"),
			        tb_rank_body_name(r->rank, b), tb_rank_body_kind_label(r->rank, b),
			        tb_rank_body_quota(r->rank, b), names.data ? names.data : "");
		else if (over)
			tb_warn(r->ctx, "batch.quota", tb_rank_body_name(r->rank, b), 0, 0,
			        N_("they are listed as over quota in the summary sheet and the manifest; "
			           "--allow-over-quota builds them too"),
			        N_("%s (%s) may recommend %u; not built, over the quota by rank: %s"),
			        tb_rank_body_name(r->rank, b), tb_rank_body_kind_label(r->rank, b),
			        tb_rank_body_quota(r->rank, b), names.data ? names.data : "");
		tb_buf_free(&names);
	}
	return st;
}

/* Remove files under out/sub that no current applicant accounts for (a crash's leftovers,
 * applicants withdrawn, over quota or now failing), so the folder holds exactly this run's
 * result. */
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
			/* another shard's package stays: its own run decides about it */
			if ((it->state == APP_BUILT || it->state == APP_UNCHANGED ||
			     it->state == APP_ELSEWHERE) && it->pkgid &&
			    nl == strlen(it->pkgid) + el && !strncmp(de->d_name, it->pkgid, nl - el) &&
			    !strcmp(de->d_name + nl - el, ext))
				keep = 1;
		}
		if (!keep && !strcmp(de->d_name, "lock"))
			keep = 1;
		/* summary-<body>.txt: the summary sheets' own state, pruned by batch_out.c */
		if (!keep && keep_all_built && !strncmp(de->d_name, "summary-", 8))
			keep = 1;
		if (!keep && (full = tb_path_join(dir, de->d_name))) {
			batch_remove_tree(full);
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

/* Temporary and extracted files go, whatever happened (finished, failed, canceled). */
static void sweep(batch_run *r)
{
	char *p;
	prune(r, ".tmp", "", 0);
	if ((p = tb_path_join(r->out, ".tmp"))) {
		rmdir(p);
		free(p);
	}
	if ((p = tb_path_join(r->out, ".input"))) {
		batch_remove_tree(p);
		free(p);
	}
}

/* Each applicant's diagnostics, in input order. */
static void push_diags(batch_run *r)
{
	size_t i;
	int j;
	for (i = 0; i < r->n; i++) {
		batch_item *it = &r->items[i];
		for (j = 0; j < it->ndiags; j++) {
			(void)tb_diag_restore(r->ctx, it->diags[j]); /* out of memory: fewer are shown */
			it->diags[j] = NULL;
		}
		it->ndiags = 0;
		if (it->state == APP_FAILED)
			tb_error(r->ctx, "batch.failed", it->source, 0, 0,
			         N_("fix the errors above and run the batch again"),
			         N_("applicant \"%s\" was not built"), it->id);
	}
}

/* Interrupted: say what was finished and what was not. */
static void report_canceled(batch_run *r)
{
	tb_buf done = TB_BUF_INIT, todo = TB_BUF_INIT;
	size_t i, nd = 0, nt = 0;
	for (i = 0; i < r->n; i++) {
		const batch_item *it = &r->items[i];
		if (it->state == APP_BUILT || it->state == APP_UNCHANGED)
			tb_buf_printf(&done, "%s%s", nd++ ? ", " : "", it->pkgid);
		else if (it->state == APP_PENDING)
			tb_buf_printf(&todo, "%s%s", nt++ ? ", " : "", it->pkgid ? it->pkgid : it->id);
	}
	tb_warn(r->ctx, "batch.canceled", r->out, 0, 0,
	        N_("run the same command again: finished packages are kept, the rest are built"),
	        N_("interrupted: %zu package(s) finished (%s); %zu not built (%s); no manifest or "
	           "summary was written"),
	        nd, done.data ? done.data : "-", nt, todo.data ? todo.data : "-");
	tb_buf_free(&done);
	tb_buf_free(&todo);
}

/* What the workers freed goes back to the system between the phases. Their malloc arenas keep
 * freed pages resident, and the next phase's working set (or the summary sheets, made on the
 * calling thread, in its own arena) would otherwise come on top of them: the peak would be
 * the sum of the phases, not the largest. */
static void release_free_memory(void)
{
#ifdef __GLIBC__
	malloc_trim(0);
#endif
}

/* A shard's folder holds packages and their state only: a manifest or checksums left by an
 * earlier whole run there would describe packages that are no longer all in it. */
static tb_status shard_done(batch_run *r)
{
	static const char *const whole[] = {"batch-manifest.xml", PACK_CHECKSUMS};
	size_t i;
	for (i = 0; i < sizeof whole / sizeof whole[0]; i++) {
		char *path = tb_path_join(r->out, whole[i]);
		if (!path)
			return TB_ENOMEM;
		if (unlink(path) != 0 && errno != ENOENT) {
			tb_error(r->ctx, "io.write", path, 0, 0, NULL, N_("cannot remove %s: %s"), whole[i],
			         strerror(errno));
			free(path);
			return TB_EIO;
		}
		free(path);
	}
	return TB_OK;
}

/* The file of the items' digests: nameless, in OUT/.tmp, so it goes with the process whatever
 * happens (where the file system cannot, named and unlinked at once). */
static tb_status open_kept(batch_run *r)
{
	char *named;
	if (!(r->kept_path = tb_path_join(r->out, ".tmp")))
		return TB_ENOMEM;
#ifdef O_TMPFILE
	if ((r->kept = open(r->kept_path, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600)) >= 0)
		return TB_OK;
#endif
	if (!(named = tb_path_join(r->kept_path, "kept")))
		return TB_ENOMEM;
	r->kept = open(named, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (r->kept >= 0)
		unlink(named);
	free(named);
	if (r->kept >= 0)
		return TB_OK;
	tb_error(r->ctx, "io.write", r->kept_path, 0, 0, NULL, N_("cannot write file: %s"),
	         strerror(errno));
	return TB_EIO;
}

static tb_status batch_name(batch_run *r)
{
	const char *n = r->opts->name;
	char *real = NULL;
	if (!n || !*n) {
		/* "out/" or "." name nothing: the folder's real name does */
		real = realpath(r->out, NULL);
		n = tb_path_basename(real ? real : r->out);
	}
	r->name = strdup(n);
	free(real);
	return r->name ? TB_OK : TB_ENOMEM;
}

tb_status tb_pack_batch(tb_ctx *ctx, const char *dir, const char *out,
                        const tb_batch_options *opts, tb_batch_result *res)
{
	tb_batch_options defaults = TB_BATCH_OPTIONS_INIT;
	batch_run r;
	pool p;
	char *pw = NULL;
	size_t i, loaded = 0, first_diag = tb_diag_count(ctx);
	struct timespec t0;
	int lockfd = -1, pool_ready = 0;
	unsigned jobs;
	tb_status st;

	if (!opts)
		opts = &defaults;
	if (tb_options_check(ctx, "tb_batch_options", opts->version, TB_BATCH_OPTIONS_VERSION) !=
	        TB_OK ||
	    tb_options_check(ctx, "tb_pack_options", opts->pack.version, TB_PACK_OPTIONS_VERSION) !=
	        TB_OK ||
	    (opts->shard_count && (opts->shard_index < 1 || opts->shard_index > opts->shard_count)) ||
	    (opts->nreuse && !opts->reuse))
		return TB_EINVAL;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	memset(&r, 0, sizeof r);
	r.kept = -1;
	memset(&p, 0, sizeof p);
	r.ctx = ctx;
	r.opts = opts;
	r.dir = dir;
	r.out = out;
	if ((st = pack_password(ctx, opts->pack.password_file, opts->pack.password_env, &pw)) ||
	    (st = tb_rank_new(&r.rank)) || (st = batch_scan_input(&r)))
		goto done;
	if (!r.n) {
		tb_error(ctx, "batch.empty", dir, 0, 0,
		         N_("put one folder per applicant in it (each with an evidence.xml), or the "
		            "applicants' packages from 'tianbiao build'"),
		         N_("no applicants found"));
		st = TB_ERROR;
		goto done;
	}
	if ((st = tb_rank_set_preparer(r.rank, opts->preparer, opts->preparer_phone)) ||
	    (st = batch_name(&r)) || (st = prepare_out(&r, &lockfd)) != TB_OK ||
	    (st = open_kept(&r)) != TB_OK)
		goto done;
	jobs = tb_render_workers(opts->jobs, r.n);
	tb_xml_init_threads();
	pthread_mutex_init(&p.mu, NULL);
	pool_ready = 1;
	p.run = &r;
	p.password = pw;
	p.phase = 1;
	st = run_pool(&p, jobs);
	release_free_memory();
	for (i = 0; i < r.n; i++)
		loaded += r.items[i].ranked;
	if (st == TB_OK && !loaded) {
		tb_error(ctx, "batch.empty", dir, 0, 0, N_("fix the errors above"),
		         N_("no applicant could be read and scored"));
		st = TB_ERROR;
	}
	if (st == TB_OK)
		st = apply_ranking(&r);
	if (st == TB_OK && opts->shard_count > 1) /* the other shards build the rest */
		for (i = 0; i < r.n; i++)
			if (r.items[i].state == APP_PENDING && i % opts->shard_count != opts->shard_index - 1)
				r.items[i].state = APP_ELSEWHERE;
	if (st == TB_OK) {
		p.phase = 3;
		p.fatal = TB_OK;
		for (i = 0, p.total = 0; i < r.n; i++)
			p.total += r.items[i].state == APP_PENDING;
		st = run_pool(&p, jobs);
		release_free_memory();
	}
	if (st != TB_OK)
		goto done;
	prune(&r, "packages", ".zip", 1);
	prune(&r, ".state", ".txt", 1);
	r.created = pack_epoch(ctx, NULL);
	if (tb_ctx_epoch(ctx) <= 0) /* from the data: the newest application date in the ranking */
		for (i = 0; i < r.n; i++)
			if (r.items[i].loaded && r.items[i].ranked && r.items[i].when > r.created)
				r.created = r.items[i].when;
	if (opts->shard_count > 1)
		st = shard_done(&r);
	else
		st = batch_write_outputs(&r);
done:
	if (pool_ready)
		pthread_mutex_destroy(&p.mu);
	if (r.kept >= 0)
		close(r.kept);
	if (lockfd >= 0)
		sweep(&r);
	push_diags(&r);
	/* A warning repeated in every document (a substituted font) is said once per batch. */
	tb_diag_collapse(ctx, first_diag);
	if (st == TB_ECANCELED)
		report_canceled(&r);
	if (res) {
		memset(res, 0, sizeof *res);
		res->applicants = r.n;
		res->canceled = st == TB_ECANCELED;
		for (i = 0; i < r.n; i++) {
			const batch_item *it = &r.items[i];
			switch (it->state) {
			case APP_BUILT: res->built++; break;
			case APP_UNCHANGED: res->unchanged++; break;
			case APP_SKIPPED: res->skipped++; break;
			case APP_FAILED: res->failed++; break;
			default: break;
			}
			if (it->loaded && it->ranked && r.rank && tb_rank_count(r.rank) > it->rank_index &&
			    !tb_rank_within_quota(r.rank, it->rank_index) &&
			    !strcmp(tb_rank_id(r.rank, it->rank_index), it->id))
				res->over_quota++;
		}
		res->seconds = since(&t0);
	}
	if (st == TB_OK)
		for (i = 0; i < r.n; i++)
			if (r.items[i].state == APP_FAILED)
				st = TB_ERROR;
	if (st == TB_OK && tb_diag_count_severity(ctx, TB_SEV_ERROR))
		st = TB_ERROR; /* an input error (batch.duplicate, batch.name) */
	for (i = 0; i < r.n; i++)
		free_item(&r.items[i]);
	free(r.items);
	free(r.kept_path);
	tb_rank_free(r.rank);
	free(r.name);
	if (pw) {
		memset(pw, 0, strlen(pw));
		free(pw);
	}
	if (lockfd >= 0)
		close(lockfd);
	return st;
}
