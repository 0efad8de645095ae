/* rank.c: a recommending office's view: every applicant folder of a directory scored and
 * ranked by total, with the office's quota (附件1) marking who can be put forward. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/ctx.h"
#include "core/file.h"
#include "core/i18n.h"
#include "core/xml.h"
#include "score/rank_internal.h"

static char *dupn(const char *s)
{
	return strdup(s ? s : "");
}

static void entry_free(tb_rank_entry *e)
{
	free(e->path);
	free(e->name);
	free(e->authority);
	free(e->contact);
	free(e->phone);
	free(e->mobile);
	free(e->email);
	free(e->targets);
	free(e->kind);
	free(e->recommender);
	free(e->date);
	free(e->reason);
}

void tb_rank_free(tb_rank *r)
{
	size_t i;
	if (!r)
		return;
	for (i = 0; i < r->n; i++)
		entry_free(&r->e[i]);
	free(r->e);
	free(r->recommender);
	free(r->kind);
	free(r->date);
	free(r);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Applicant folders: DIR/<name>/evidence.xml, sorted by name, hidden ones skipped. */
static tb_status list_folders(tb_ctx *ctx, const char *dir, char ***out, size_t *count)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **v = NULL;
	size_t n = 0, cap = 0;
	tb_status st = TB_OK;

	*out = NULL;
	*count = 0;
	if (!d) {
		tb_error(ctx, "io.read", dir, 0, 0, N_("give the folder that holds one folder per applicant"),
		         N_("cannot open the directory"));
		return TB_EIO;
	}
	while ((de = readdir(d)) != NULL) {
		char *sub, *ev;
		if (de->d_name[0] == '.')
			continue;
		sub = tb_path_join(dir, de->d_name);
		ev = sub ? tb_path_join(sub, "evidence.xml") : NULL;
		free(sub);
		if (!ev) {
			st = TB_ENOMEM;
			break;
		}
		if (!tb_file_exists(ev)) {
			free(ev);
			continue;
		}
		if (n >= TB_RANK_MAX) {
			free(ev);
			tb_error(ctx, "limit.count", dir, 0, 0, N_("split the applicants into several folders"),
			         N_("more than %d applicant folders"), TB_RANK_MAX);
			st = TB_ELIMIT;
			break;
		}
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 16;
			char **nv = realloc(v, nc * sizeof *nv);
			if (!nv) {
				free(ev);
				st = TB_ENOMEM;
				break;
			}
			v = nv;
			cap = nc;
		}
		v[n++] = ev;
	}
	closedir(d);
	if (st != TB_OK) {
		tb_strv_free(v, n);
		return st;
	}
	if (n)
		qsort(v, n, sizeof *v, cmp_names);
	*out = v;
	*count = n;
	return TB_OK;
}

static char *target_labels(const tb_evidence *ev, const tb_program *p)
{
	tb_buf b = TB_BUF_INIT;
	size_t i;
	int any = 0;
	for (i = 0; i < tb_program_target_count(p); i++) {
		if (!tb_evidence_has_target(ev, tb_program_target_id(p, i)))
			continue;
		if ((any && tb_buf_puts(&b, "、")) || tb_buf_puts(&b, tb_program_target_label(p, i))) {
			tb_buf_free(&b);
			return NULL;
		}
		any = 1;
	}
	return any ? tb_buf_detach(&b, NULL) : strdup("");
}

/* Load and score one applicant into `en`; 1 if it joins the ranking. */
static tb_status add_one(tb_ctx *ctx, tb_rank *r, const char *path, const tb_score_options *opts,
                         tb_rank_entry *en, int *joined)
{
	tb_evidence *ev = NULL;
	tb_score *sc = NULL;
	size_t before = tb_diag_count_severity(ctx, TB_SEV_ERROR);
	xmlNodePtr root, app, contact;
	tb_status st;

	*joined = 0;
	memset(en, 0, sizeof *en);
	st = tb_evidence_load(ctx, path, NULL, &ev);
	if (!ev)
		return st == TB_ENOMEM ? st : TB_OK; /* unreadable: reported, left out */
	st = tb_score_compute(ctx, ev, opts, &sc);
	if (st != TB_OK) {
		tb_evidence_free(ev);
		return st == TB_ENOMEM ? st : TB_OK;
	}
	if (!r->prog) {
		r->prog = tb_evidence_program(ev);
		r->kind = dupn(tb_evidence_recommender_kind(ev));
		r->recommender = dupn(tb_evidence_recommender(ev));
		if (!r->kind || !r->recommender) {
			st = TB_ENOMEM;
			goto cleanup;
		}
	} else if (r->prog != tb_evidence_program(ev) ||
	           strcmp(r->kind, tb_evidence_recommender_kind(ev) ? tb_evidence_recommender_kind(ev) : "") ||
	           strcmp(r->recommender, tb_evidence_recommender(ev) ? tb_evidence_recommender(ev) : "")) {
		tb_error(ctx, "score.rank-mixed", path, 0, 0,
		         N_("rank the applicants of one recommending body and one program together"),
		         N_("left out: its program or recommending body (%s, %s) differs from the first "
		           "applicant's (%s, %s)"),
		         tb_program_id(tb_evidence_program(ev)),
		         tb_evidence_recommender(ev) ? tb_evidence_recommender(ev) : "",
		         tb_program_id(r->prog), r->recommender);
		goto cleanup;
	}
	root = xmlDocGetRootElement(tb_evidence_doc(ev));
	app = tb_xml_child(root, "applicant");
	contact = tb_xml_child(app, "contact");
	en->path = dupn(path);
	en->name = dupn(tb_evidence_applicant(ev));
	en->authority = tb_xml_child_text(app, "authority");
	en->contact = tb_xml_child_text(contact, "name");
	en->phone = tb_xml_child_text(contact, "phone");
	en->mobile = tb_xml_child_text(contact, "mobile");
	en->email = tb_xml_child_text(contact, "email");
	en->targets = target_labels(ev, r->prog);
	en->kind = dupn(tb_evidence_recommender_kind(ev));
	en->recommender = dupn(tb_evidence_recommender(ev));
	en->date = dupn(tb_evidence_date(ev));
	en->total = tb_score_total(sc);
	en->disqualified = tb_score_disqualified(sc);
	en->reason = tb_score_disqualified_reason(sc) ? strdup(tb_score_disqualified_reason(sc)) : NULL;
	if (!en->path || !en->name || !en->targets || !en->kind || !en->recommender || !en->date ||
	    (en->disqualified && !en->reason)) {
		st = TB_ENOMEM;
		goto cleanup;
	}
	*joined = 1;
cleanup:
	en->errors = tb_diag_count_severity(ctx, TB_SEV_ERROR) - before;
	if (!*joined)
		entry_free(en);
	tb_score_free(sc);
	tb_evidence_free(ev);
	return st;
}

static int cmp_entries(const void *a, const void *b)
{
	const tb_rank_entry *x = a, *y = b;
	int c;
	if (x->disqualified != y->disqualified)
		return x->disqualified - y->disqualified;
	if (x->total != y->total)
		return x->total > y->total ? -1 : 1;
	if ((c = strcmp(x->name, y->name)) != 0)
		return c;
	return strcmp(x->path, y->path);
}

/* The office's date: SOURCE_DATE_EPOCH if set, else the latest application date. */
static char *office_date(const tb_ctx *ctx, const tb_rank *r)
{
	long long ep = tb_ctx_epoch(ctx);
	const char *best = "";
	size_t i;
	if (ep > 0) {
		char buf[32];
		time_t t = (time_t)ep;
		struct tm tm;
		if (gmtime_r(&t, &tm) && strftime(buf, sizeof buf, "%Y-%m-%d", &tm))
			return strdup(buf);
	}
	for (i = 0; i < r->n; i++)
		if (strcmp(r->e[i].date, best) > 0)
			best = r->e[i].date;
	return strdup(best);
}

static tb_status assign_ranks(tb_ctx *ctx, tb_rank *r, const char *dir)
{
	size_t i, within = 0;
	for (i = 0; i < r->n; i++) {
		tb_rank_entry *e = &r->e[i];
		if (i > 0 && e->disqualified == r->e[i - 1].disqualified &&
		    e->total == r->e[i - 1].total)
			e->position = r->e[i - 1].position;
		else
			e->position = (unsigned)i + 1;
		if (!e->disqualified && within < r->quota) {
			e->within = 1;
			within++;
		}
	}
	/* A tie across the cut-off is the office's call: the order by name is only a default. */
	for (i = 1; i < r->n; i++) {
		const tb_rank_entry *a = &r->e[i - 1], *b = &r->e[i];
		char x[32];
		if (a->within && !b->within && !b->disqualified && a->total == b->total) {
			tb_warn(ctx, "score.quota-tie", dir, 0, 0,
			        N_("decide between the tied applicants; the order by name is arbitrary"),
			        N_("\"%s\" and \"%s\" tie at %s points across the quota of %u"), a->name,
			        b->name, tb_points_format(a->total, x, sizeof x), r->quota);
		}
	}
	return TB_OK;
}

tb_status tb_rank_dir(tb_ctx *ctx, const char *dir, const tb_score_options *opts, tb_rank **out)
{
	tb_rank *r;
	char **paths = NULL;
	size_t np = 0, i;
	tb_status st;

	if (!ctx || !dir || !out)
		return TB_EINVAL;
	*out = NULL;
	if ((st = list_folders(ctx, dir, &paths, &np)) != TB_OK)
		return st;
	if (np == 0) {
		tb_error(ctx, "score.rank-empty", dir, 0, 0,
		         N_("put each applicant's folder (with its evidence.xml) in the directory"),
		         N_("no applicant folder with an evidence.xml"));
		return TB_ERROR;
	}
	r = calloc(1, sizeof *r);
	if (!r || !(r->e = calloc(np, sizeof *r->e))) {
		free(r);
		tb_strv_free(paths, np);
		return TB_ENOMEM;
	}
	for (i = 0; i < np; i++) {
		int joined;
		st = add_one(ctx, r, paths[i], opts, &r->e[r->n], &joined);
		if (st != TB_OK)
			goto fail;
		if (joined)
			r->n++;
	}
	tb_strv_free(paths, np);
	paths = NULL;
	if (r->n == 0) {
		tb_error(ctx, "score.rank-empty", dir, 0, 0,
		         N_("fix the evidence files so they can be read and scored"),
		         N_("no applicant could be scored"));
		tb_rank_free(r);
		return TB_ERROR;
	}
	r->quota = tb_program_quota_for(r->prog, r->kind);
	if (r->quota == 0)
		tb_warn(ctx, "score.rank-quota", dir, 0, 0,
		        N_("set <recommender kind=\"...\"> to a quota kind of the program (附件1)"),
		        N_("recommender kind \"%s\" has no quota in program %s"), r->kind,
		        tb_program_id(r->prog));
	qsort(r->e, r->n, sizeof *r->e, cmp_entries);
	if ((st = assign_ranks(ctx, r, dir)) != TB_OK)
		goto fail;
	if (!(r->date = office_date(ctx, r))) {
		st = TB_ENOMEM;
		goto fail;
	}
	*out = r;
	return TB_OK;
fail:
	tb_strv_free(paths, np);
	tb_rank_free(r);
	return st;
}

const tb_program *tb_rank_program(const tb_rank *r) { return r->prog; }
unsigned tb_rank_quota(const tb_rank *r) { return r->quota; }
size_t tb_rank_count(const tb_rank *r) { return r->n; }
unsigned tb_rank_position(const tb_rank *r, size_t i) { return i < r->n ? r->e[i].position : 0; }
const char *tb_rank_applicant(const tb_rank *r, size_t i) { return i < r->n ? r->e[i].name : NULL; }
const char *tb_rank_path(const tb_rank *r, size_t i) { return i < r->n ? r->e[i].path : NULL; }
tb_points tb_rank_total(const tb_rank *r, size_t i) { return i < r->n ? r->e[i].total : 0; }
int tb_rank_within_quota(const tb_rank *r, size_t i) { return i < r->n && r->e[i].within; }
int tb_rank_disqualified(const tb_rank *r, size_t i) { return i < r->n && r->e[i].disqualified; }
size_t tb_rank_error_count(const tb_rank *r, size_t i) { return i < r->n ? r->e[i].errors : 0; }
