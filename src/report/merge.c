/* merge.c: mail merge (tb_fill_merge): one template filled with many data files, each
 * rendered to its own output, by worker threads with a context each. A document is the unit
 * of work; what a worker learns (the parsed template, fonts, subsetters) stays in its context
 * for its next document. Findings are handed to the caller's context in the documents' order,
 * whichever worker finished first, so the same inputs print the same report. */
#include <pthread.h>
#include <stdlib.h>

#include "core/ctx.h"
#include "core/xml.h"
#include "render/device.h"
#include "tianbiao/tb_report.h"

typedef struct slot {
	tb_diag_saved *diags;
	tb_status st;
	int done;
} slot;

typedef struct merge_run {
	tb_ctx *ctx; /* the caller's: touched only under `mu` while workers run */
	const char *tmpl;
	const char *const *data, *const *out;
	size_t n;
	const tb_fill_options *fo;
	const tb_render_options *ro;
	const tb_merge_options *mo;
	pthread_mutex_t mu;
	size_t next;    /* the next document to begin */
	size_t handed;  /* documents handed to the caller so far (in order) */
	tb_status stop; /* a failure that stops the run */
	slot *slots;
} merge_run;

typedef struct worker {
	merge_run *run;
	tb_ctx *t;
	tb_status commit; /* its commit group's end */
	tb_diag_saved *commit_diags;
} worker;

/* Hand every finished document at the head of the order to the caller (under mu). */
static void hand_over(merge_run *r)
{
	while (r->handed < r->n && r->slots[r->handed].done) {
		slot *s = &r->slots[r->handed];
		if (tb_diag_restore(r->ctx, s->diags) != TB_OK && r->stop == TB_OK)
			r->stop = TB_ENOMEM;
		s->diags = NULL;
		if (r->mo->done)
			r->mo->done(r->mo->user, r->handed, s->st);
		r->handed++;
	}
}

static void run_one(worker *w, size_t i)
{
	merge_run *r = w->run;
	tb_status st = tb_fill_render_file(w->t, r->tmpl, r->data[i], r->out[i], r->fo, r->ro);
	tb_diag_saved *d = tb_diag_save(w->t);

	pthread_mutex_lock(&r->mu);
	r->slots[i].st = st;
	r->slots[i].diags = d;
	r->slots[i].done = 1;
	if (!d && r->stop == TB_OK)
		r->stop = TB_ENOMEM; /* its findings were lost: stop rather than print nothing */
	if (st != TB_OK && st != TB_ERROR && r->stop == TB_OK)
		r->stop = st; /* no memory, no disk: the next documents would fail the same way */
	hand_over(r);
	pthread_mutex_unlock(&r->mu);
}

static void *work(void *arg)
{
	worker *w = arg;
	merge_run *r = w->run;
	for (;;) {
		size_t i;
		pthread_mutex_lock(&r->mu);
		i = r->stop == TB_OK && r->next < r->n ? r->next++ : r->n;
		pthread_mutex_unlock(&r->mu);
		if (i == r->n)
			break;
		run_one(w, i);
	}
	/* this worker's outputs reach the disk (and their names) now */
	w->commit = tb_ctx_commit_group(w->t, 0);
	w->commit_diags = tb_diag_save(w->t);
	return NULL;
}

tb_status tb_fill_merge(tb_ctx *ctx, const char *template_path, const char *const *data_paths,
                        const char *const *out_paths, size_t n, const tb_fill_options *fill_opts,
                        const tb_render_options *render_opts, const tb_merge_options *merge_opts)
{
	static const tb_merge_options mdefault = TB_MERGE_OPTIONS_INIT;
	merge_run r = {0};
	worker *w = NULL;
	pthread_t *th = NULL;
	unsigned jobs, i, started = 0;
	tb_status st;
	size_t k;

	if (!ctx || !template_path || (n && (!data_paths || !out_paths)))
		return TB_EINVAL;
	if (!merge_opts)
		merge_opts = &mdefault;
	if ((st = tb_options_check(ctx, "tb_merge_options", merge_opts->version,
	                           TB_MERGE_OPTIONS_VERSION)) != TB_OK)
		return st;
	if (!n)
		return TB_OK;
	jobs = tb_render_workers(merge_opts->jobs, n);
	r.ctx = ctx;
	r.tmpl = template_path;
	r.data = data_paths;
	r.out = out_paths;
	r.n = n;
	r.fo = fill_opts;
	r.ro = render_opts;
	r.mo = merge_opts;
	if (!(r.slots = calloc(n, sizeof *r.slots)) || !(w = calloc(jobs, sizeof *w)) ||
	    !(th = calloc(jobs, sizeof *th))) {
		free(r.slots);
		free(w);
		return TB_ENOMEM;
	}
	pthread_mutex_init(&r.mu, NULL);
	tb_xml_init_threads();
	/* The workers' contexts are made here, while nothing else reads the caller's. */
	for (i = 0; i < jobs; i++) {
		w[i].run = &r;
		if (tb_render_ctx_like(ctx, &w[i].t) != TB_OK || tb_ctx_commit_group(w[i].t, 1) != TB_OK)
			break;
	}
	if (i < jobs) {
		st = TB_ENOMEM;
		goto done;
	}
	for (i = 0; i < jobs; i++)
		if (pthread_create(&th[i], NULL, work, &w[i]) == 0)
			started++;
		else
			break;
	if (!started) /* no threads to be had: the work is done here, in order */
		work(&w[0]);
	for (i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	st = r.stop;
	/* After every document: what failed to reach the disk, worker by worker. */
	for (i = 0; i < jobs; i++) {
		if (tb_diag_restore(ctx, w[i].commit_diags) != TB_OK && st == TB_OK)
			st = TB_ENOMEM;
		w[i].commit_diags = NULL;
		if (w[i].commit != TB_OK && st == TB_OK)
			st = w[i].commit;
	}
done:
	for (i = 0; i < jobs; i++) {
		tb_diag_saved_free(w[i].commit_diags);
		tb_ctx_free(w[i].t); /* a group still open drops its temporaries */
	}
	for (k = 0; k < n; k++)
		tb_diag_saved_free(r.slots[k].diags);
	pthread_mutex_destroy(&r.mu);
	free(r.slots);
	free(w);
	free(th);
	return st;
}
