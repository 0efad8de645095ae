/* rank.c: the one ranking rule of a recommending office, used by `score --rank`, by `batch`
 * and by the summary sheets: applicants grouped by recommending body (kind and name); in each
 * body sorted by counted total (highest first), disqualified ones last, ties by name, then
 * id; tied totals share a rank (1, 2, 2, 4). The first *quota* applicants that can be put
 * forward (not disqualified, no errors) are within the body's quota (附件1). */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/ctx.h"
#include "core/file.h"
#include "core/i18n.h"
#include "core/xml.h"
#include "core/vec.h"
#include "score/rank_internal.h"

/* An entry's strings live in the ranking's pool (a batch of 1,000 holds 1,000 entries until
 * its summary sheets are written), except the package, set later. */
static char *dupn(tb_rank *r, const char *s)
{
	return tb_pool_strdup(&r->pool, s ? s : "");
}

/* A malloc'd string (NULL stays NULL) moved into the pool; *nomem set when it cannot be. */
static char *pooled(tb_rank *r, char *s, int *nomem)
{
	char *c = s ? tb_pool_strdup(&r->pool, s) : NULL;
	if (s && !c)
		*nomem = 1;
	free(s);
	return c;
}

static void entry_free(tb_rank_entry *e)
{
	free(e->package);
	e->package = NULL;
}

static void bodies_free(tb_rank *r)
{
	size_t i;
	for (i = 0; i < r->nbodies; i++) {
		free(r->bodies[i].kind);
		free(r->bodies[i].name);
		free(r->bodies[i].kind_label);
		free(r->bodies[i].date);
	}
	free(r->bodies);
	r->bodies = NULL;
	r->nbodies = 0;
}

void tb_rank_free(tb_rank *r)
{
	size_t i;
	if (!r)
		return;
	for (i = 0; i < r->n; i++)
		entry_free(&r->e[i]);
	free(r->e);
	tb_pool_free(&r->pool);
	bodies_free(r);
	free(r->preparer);
	free(r->preparer_phone);
	free(r);
}

tb_status tb_rank_new(tb_rank **out)
{
	if (!out)
		return TB_EINVAL;
	*out = calloc(1, sizeof **out);
	return *out ? TB_OK : TB_ENOMEM;
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

tb_status tb_rank_add(tb_rank *r, const tb_score *s, const char *id, size_t errors)
{
	const tb_evidence *ev = s ? tb_score_evidence(s) : NULL;
	const tb_program *p = s ? tb_score_program(s) : NULL;
	xmlNodePtr root, app, contact;
	tb_rank_entry *en;
	int nomem = 0;

	if (!r || !ev || !p || r->finished)
		return TB_EINVAL;
	if (r->n >= TB_RANK_MAX)
		return TB_ELIMIT;
	if (TB_GROW(r->e, r->cap, r->n + 1) != TB_OK)
		return TB_ENOMEM;
	en = &r->e[r->n];
	memset(en, 0, sizeof *en);
	root = xmlDocGetRootElement(tb_evidence_doc(ev));
	app = tb_xml_child(root, "applicant");
	contact = tb_xml_child(app, "contact");
	en->path = dupn(r, tb_evidence_path(ev));
	en->id = dupn(r, id ? id : tb_evidence_path(ev));
	en->program_id = dupn(r, tb_program_id(p));
	en->name = dupn(r, tb_evidence_applicant(ev));
	en->authority = pooled(r, tb_xml_child_text(app, "authority"), &nomem);
	en->contact = pooled(r, tb_xml_child_text(contact, "name"), &nomem);
	en->phone = pooled(r, tb_xml_child_text(contact, "phone"), &nomem);
	en->mobile = pooled(r, tb_xml_child_text(contact, "mobile"), &nomem);
	en->email = pooled(r, tb_xml_child_text(contact, "email"), &nomem);
	en->targets = target_labels(ev, p);
	en->targets = en->targets ? pooled(r, en->targets, &nomem) : NULL;
	en->kind = dupn(r, tb_evidence_recommender_kind(ev));
	en->recommender = dupn(r, tb_evidence_recommender(ev));
	en->date = dupn(r, tb_evidence_date(ev));
	en->total = tb_score_total(s);
	en->disqualified = tb_score_disqualified(s);
	en->reason = tb_pool_strdup(&r->pool, tb_score_disqualified_reason(s));
	en->errors = errors;
	/* (what was copied before a failure stays in the pool until the ranking is freed) */
	if (nomem || !en->path || !en->id || !en->program_id || !en->name || !en->targets ||
	    !en->kind || !en->recommender || !en->date || (en->disqualified && !en->reason))
		return TB_ENOMEM;
	r->n++;
	return TB_OK;
}

tb_status tb_rank_set_preparer(tb_rank *r, const char *name, const char *phone)
{
	char *n = name ? strdup(name) : NULL, *p = phone ? strdup(phone) : NULL;
	if ((name && !n) || (phone && !p)) {
		free(n);
		free(p);
		return TB_ENOMEM;
	}
	free(r->preparer);
	free(r->preparer_phone);
	r->preparer = n;
	r->preparer_phone = p;
	return TB_OK;
}

tb_status tb_rank_set_package(tb_rank *r, size_t i, const char *package)
{
	char *c = package ? strdup(package) : NULL;
	if (i >= r->n || (package && !c)) {
		free(c);
		return i >= r->n ? TB_EINVAL : TB_ENOMEM;
	}
	free(r->e[i].package);
	r->e[i].package = c;
	return TB_OK;
}

static int cmp_entries(const void *a, const void *b)
{
	const tb_rank_entry *x = a, *y = b;
	int c;
	if (x->body != y->body)
		return x->body < y->body ? -1 : 1;
	if (x->disqualified != y->disqualified)
		return x->disqualified - y->disqualified;
	if (x->total != y->total)
		return x->total > y->total ? -1 : 1;
	if ((c = strcmp(x->name, y->name)) != 0)
		return c;
	return strcmp(x->id, y->id);
}

static int cmp_bodies(const void *a, const void *b)
{
	const tb_rank_body *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : strcmp(x->kind, y->kind);
}

/* The program a mixed folder is ranked for: the one most applicants are for, and of those
 * tied, the one whose first evidence file sorts first by path. Never the first one added: a
 * batch adds entries in the order its workers finish. */
#define RANK_PROGRAMS_SEEN 16
static const char *main_program(const tb_rank *r)
{
	/* the distinct programs (a folder has one or two; past 16, the rest count as none) */
	struct program_seen {
		const char *id, *first_path;
		size_t n;
	} seen[RANK_PROGRAMS_SEEN];
	size_t i, k, nseen = 0, best = 0;
	for (i = 0; i < r->n; i++) {
		for (k = 0; k < nseen && strcmp(seen[k].id, r->e[i].program_id); k++)
			;
		if (k == nseen) {
			if (nseen == RANK_PROGRAMS_SEEN)
				continue;
			seen[nseen++] = (struct program_seen){r->e[i].program_id, r->e[i].path, 0};
		}
		seen[k].n++;
		if (strcmp(r->e[i].path, seen[k].first_path) < 0)
			seen[k].first_path = r->e[i].path;
	}
	for (k = 1; k < nseen; k++)
		if (seen[k].n > seen[best].n ||
		    (seen[k].n == seen[best].n && strcmp(seen[k].first_path, seen[best].first_path) < 0))
			best = k;
	return seen[best].id;
}

/* One program per ranking (r->n > 0): applicants of another program are left out. */
static tb_status one_program(tb_ctx *ctx, tb_rank *r)
{
	size_t i, k = 0;
	char *prog = strdup(main_program(r));
	tb_status st;
	if (!prog)
		return TB_ENOMEM;
	for (i = 0; i < r->n; i++) {
		if (strcmp(r->e[i].program_id, prog)) {
			tb_error(ctx, "score.rank-mixed", r->e[i].path, 0, 0,
			         N_("rank the applicants of one program together; put the others in a "
			            "folder of their own"),
			         N_("left out: it is for program \"%s\", the ranking for \"%s\""),
			         r->e[i].program_id, prog);
			entry_free(&r->e[i]);
			continue;
		}
		if (k != i)
			r->e[k] = r->e[i];
		k++;
	}
	r->n = k;
	st = tb_program_load(ctx, prog, &r->prog);
	free(prog);
	return st;
}

/* Bodies in byte order of their names (so summary sheets keep their names when bodies come
 * and go); each entry knows its body. */
static tb_status group(tb_rank *r)
{
	size_t i, b;
	r->bodies = calloc(r->n + 1, sizeof *r->bodies);
	if (!r->bodies)
		return TB_ENOMEM;
	for (i = 0; i < r->n; i++) {
		for (b = 0; b < r->nbodies; b++)
			if (!strcmp(r->bodies[b].kind, r->e[i].kind) &&
			    !strcmp(r->bodies[b].name, r->e[i].recommender))
				break;
		if (b == r->nbodies) {
			tb_rank_body *g = &r->bodies[r->nbodies++];
			if (!(g->kind = strdup(r->e[i].kind)) || !(g->name = strdup(r->e[i].recommender)))
				return TB_ENOMEM;
		}
	}
	qsort(r->bodies, r->nbodies, sizeof *r->bodies, cmp_bodies);
	for (i = 0; i < r->n; i++)
		for (b = 0; b < r->nbodies; b++)
			if (!strcmp(r->bodies[b].kind, r->e[i].kind) &&
			    !strcmp(r->bodies[b].name, r->e[i].recommender))
				r->e[i].body = b;
	return TB_OK;
}

/* 填报日期 of a body: the epoch when one is set, else its latest application date. */
static char *body_date(const tb_ctx *ctx, const tb_rank *r, size_t b)
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
		if (r->e[i].body == b && strcmp(r->e[i].date, best) > 0)
			best = r->e[i].date;
	return strdup(best);
}

static const char *kind_label(const tb_program *p, const char *kind)
{
	size_t i;
	for (i = 0; i < tb_program_quota_count(p); i++)
		if (!strcmp(tb_program_quota_kind(p, i), kind))
			return tb_program_quota_label(p, i);
	return kind;
}

static void assign(tb_ctx *ctx, tb_rank *r, size_t b, const char *label)
{
	tb_rank_body *g = &r->bodies[b];
	size_t i, within = 0, last_in = (size_t)-1;
	char x[32];

	for (i = g->first; i < g->first + g->count; i++) {
		tb_rank_entry *e = &r->e[i];
		if (i > g->first && e->disqualified == r->e[i - 1].disqualified &&
		    e->total == r->e[i - 1].total)
			e->position = r->e[i - 1].position;
		else
			e->position = (unsigned)(i - g->first) + 1;
		if (e->disqualified || e->errors)
			continue; /* cannot be put forward */
		if (g->unlimited || within < g->quota) {
			e->within = 1;
			within++;
			last_in = i;
		} else if (last_in != (size_t)-1 && r->e[last_in].total == e->total) {
			/* A tie across the cut-off is the office's call: the order by name is only a
			 * default. */
			tb_warn(ctx, "score.quota-tie", label, 0, 0,
			        N_("decide between the tied applicants; the order by name is arbitrary"),
			        N_("\"%s\" and \"%s\" tie at %s points across the quota of %u"),
			        r->e[last_in].name, e->name, tb_points_format(e->total, x, sizeof x),
			        g->quota);
			last_in = (size_t)-1;
		}
	}
}

tb_status tb_rank_finish(tb_ctx *ctx, tb_rank *r, const char *label)
{
	size_t i, b;
	tb_status st;

	if (!ctx || !r || r->finished)
		return TB_EINVAL;
	if (r->n == 0) {
		tb_error(ctx, "score.rank-empty", label, 0, 0,
		         N_("fix the evidence files so they can be read and scored"),
		         N_("no applicant could be scored"));
		return TB_ERROR;
	}
	if ((st = one_program(ctx, r)) != TB_OK || (st = group(r)) != TB_OK)
		return st;
	qsort(r->e, r->n, sizeof *r->e, cmp_entries);
	for (b = 0; b < r->nbodies; b++) {
		tb_rank_body *g = &r->bodies[b];
		for (i = 0; i < r->n && r->e[i].body != b; i++)
			;
		g->first = i;
		for (; i < r->n && r->e[i].body == b; i++)
			g->count++;
		g->unlimited = tb_program_quota_count(r->prog) == 0;
		g->quota = tb_program_quota_for(r->prog, g->kind);
		if (!(g->kind_label = strdup(kind_label(r->prog, g->kind))) ||
		    !(g->date = body_date(ctx, r, b)))
			return TB_ENOMEM;
		if (!g->unlimited && g->quota == 0)
			tb_warn(ctx, "score.rank-quota", label, 0, 0,
			        N_("set <recommender kind=\"...\"> to a quota kind of the program (附件1)"),
			        N_("recommender kind \"%s\" has no quota in program %s"), g->kind,
			        tb_program_id(r->prog));
		assign(ctx, r, b, label);
	}
	r->finished = 1;
	return TB_OK;
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
		char *sub;
		if (de->d_name[0] == '.')
			continue;
		sub = tb_path_join(dir, de->d_name);
		if (!sub) {
			st = TB_ENOMEM;
			break;
		}
		if (!tb_dir_exists(sub)) {
			free(sub);
			continue;
		}
		if (n >= TB_RANK_MAX) {
			free(sub);
			tb_error(ctx, "limit.count", dir, 0, 0, N_("split the applicants into several folders"),
			         N_("more than %d applicant folders"), TB_RANK_MAX);
			st = TB_ELIMIT;
			break;
		}
		if ((st = TB_GROW(v, cap, n + 1)) != TB_OK) {
			free(sub);
			break;
		}
		v[n++] = sub;
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

/* Load and score one applicant folder; it joins the ranking when it could be scored. */
static tb_status add_folder(tb_ctx *ctx, tb_rank *r, const char *folder,
                            const tb_score_options *opts)
{
	tb_evidence *ev = NULL;
	tb_score *sc = NULL;
	size_t before = tb_diag_count_severity(ctx, TB_SEV_ERROR);
	char *path = tb_path_join(folder, "evidence.xml");
	tb_status st;

	if (!path)
		return TB_ENOMEM;
	if (!tb_file_exists(path)) {
		tb_warn(ctx, "score.rank-unused", folder, 0, 0,
		        N_("put the applicant's evidence.xml in it ('tianbiao init' writes one), or "
		           "move the folder out"),
		        N_("left out: the folder has no evidence.xml"));
		free(path);
		return TB_OK;
	}
	st = tb_evidence_load(ctx, path, NULL, &ev);
	if (ev && tb_evidence_program(ev))
		st = tb_score_compute(ctx, ev, opts, &sc);
	if (sc)
		st = tb_rank_add(r, sc, tb_path_basename(folder),
		                 tb_diag_count_severity(ctx, TB_SEV_ERROR) - before);
	else if (st != TB_ENOMEM)
		st = TB_OK; /* unreadable or unscorable: reported, left out */
	tb_score_free(sc);
	tb_evidence_free(ev);
	free(path);
	return st;
}

tb_status tb_rank_dir(tb_ctx *ctx, const char *dir, const tb_score_options *opts, tb_rank **out)
{
	tb_rank *r = NULL;
	char **folders = NULL;
	size_t nf = 0, i;
	tb_status st;

	if (!ctx || !dir || !out)
		return TB_EINVAL;
	*out = NULL;
	if ((st = list_folders(ctx, dir, &folders, &nf)) != TB_OK)
		return st;
	if (nf == 0) {
		tb_error(ctx, "score.rank-empty", dir, 0, 0,
		         N_("put each applicant's folder (with its evidence.xml) in the directory"),
		         N_("no applicant folder with an evidence.xml"));
		return TB_ERROR;
	}
	st = tb_rank_new(&r);
	for (i = 0; st == TB_OK && i < nf; i++)
		st = add_folder(ctx, r, folders[i], opts);
	tb_strv_free(folders, nf);
	if (st == TB_OK)
		st = tb_rank_finish(ctx, r, dir);
	if (st != TB_OK) {
		tb_rank_free(r);
		return st;
	}
	*out = r;
	return TB_OK;
}

const tb_program *tb_rank_program(const tb_rank *r) { return r->prog; }
unsigned tb_rank_quota(const tb_rank *r) { return r->nbodies ? r->bodies[0].quota : 0; }
size_t tb_rank_count(const tb_rank *r) { return r->n; }
unsigned tb_rank_position(const tb_rank *r, size_t i) { return i < r->n ? r->e[i].position : 0; }
const char *tb_rank_applicant(const tb_rank *r, size_t i) { return i < r->n ? r->e[i].name : NULL; }
const char *tb_rank_path(const tb_rank *r, size_t i) { return i < r->n ? r->e[i].path : NULL; }
const char *tb_rank_id(const tb_rank *r, size_t i) { return i < r->n ? r->e[i].id : NULL; }
tb_points tb_rank_total(const tb_rank *r, size_t i) { return i < r->n ? r->e[i].total : 0; }
int tb_rank_within_quota(const tb_rank *r, size_t i) { return i < r->n && r->e[i].within; }
int tb_rank_disqualified(const tb_rank *r, size_t i) { return i < r->n && r->e[i].disqualified; }
size_t tb_rank_error_count(const tb_rank *r, size_t i) { return i < r->n ? r->e[i].errors : 0; }
size_t tb_rank_body_of(const tb_rank *r, size_t i) { return i < r->n ? r->e[i].body : 0; }
size_t tb_rank_body_count(const tb_rank *r) { return r->nbodies; }

const char *tb_rank_body_name(const tb_rank *r, size_t b)
{
	return b < r->nbodies ? r->bodies[b].name : NULL;
}

const char *tb_rank_body_kind(const tb_rank *r, size_t b)
{
	return b < r->nbodies ? r->bodies[b].kind : NULL;
}

const char *tb_rank_body_kind_label(const tb_rank *r, size_t b)
{
	return b < r->nbodies ? r->bodies[b].kind_label : NULL;
}

unsigned tb_rank_body_quota(const tb_rank *r, size_t b)
{
	return b < r->nbodies ? r->bodies[b].quota : 0;
}

int tb_rank_body_unlimited(const tb_rank *r, size_t b)
{
	return b < r->nbodies && r->bodies[b].unlimited;
}
