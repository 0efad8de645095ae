/* score_rules.c: scoring rules from program data (kaifu-2022 style): a claim is checked
 * against the set of points its criteria can give (fixed points, judged and tiered ranges,
 * points per unit up to a maximum, alternatives), conditional caps and disqualifiers. The
 * reachable points are computed exactly, in hundredths, as a set. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/ctx.h"
#include "core/i18n.h"
#include "core/xml.h"
#include "core/vec.h"
#include "data/decimal.h"
#include "score/score_internal.h"

/* Values lo, lo + step, ..., up to hi (step 0: every hundredth from lo to hi). */
typedef struct ival {
	tb_points lo, hi, step;
} ival;

typedef struct ivals {
	ival *v;
	size_t n, cap;
} ivals;

static int ivals_add_step(ivals *a, tb_points lo, tb_points hi, tb_points step)
{
	if (lo > hi || hi <= 0)
		return 0;
	if (lo < 1 && step == 0)
		lo = 1; /* 0 is always reachable (the rule not applied) */
	if (lo < 1)
		return 0;
	if (TB_GROW(a->v, a->cap, a->n + 1) != TB_OK)
		return -1;
	a->v[a->n].lo = lo;
	a->v[a->n].hi = hi;
	a->v[a->n].step = step;
	a->n++;
	return 0;
}

static int ivals_add(ivals *a, tb_points lo, tb_points hi)
{
	return ivals_add_step(a, lo, hi, 0);
}

/* The non-zero points one rule can give; units >= 0 fixes what a per-unit rule gives. */
static int rule_values(const tb_rule *r, long units, ivals *out)
{
	size_t i;
	tb_points v;
	switch (r->kind) {
	case TB_RULE_FIXED:
		return ivals_add(out, r->points, r->points);
	case TB_RULE_JUDGED:
	case TB_RULE_TIERED:
		return ivals_add(out, r->min, r->max);
	case TB_RULE_PER_UNIT:
		if (r->points <= 0)
			return 0;
		if (units >= 0) {
			if (units > r->max / r->points + 1)
				units = r->max / r->points + 1;
			v = (tb_points)units * r->points;
			return ivals_add(out, v < r->max ? v : r->max, v < r->max ? v : r->max);
		}
		v = r->max / r->points * r->points; /* the last whole multiple */
		if (v >= r->points && ivals_add_step(out, r->points, v, r->points))
			return -1;
		return ivals_add(out, r->max, r->max);
	case TB_RULE_ALTERNATIVES:
		for (i = 0; i < r->alt_count; i++)
			if (rule_values(&r->alts[i], units, out))
				return -1;
		return 0;
	case TB_RULE_CAP:
	case TB_RULE_DISQUALIFY:
		return 0;
	}
	return 0;
}

/* set := set + ({0} u values), over 0..n, in O(n) per interval: a prefix count along each
 * residue class of the interval's step says whether some a in the set has x - a in it. */
static int sumset(unsigned char *set, size_t n, const ivals *vals)
{
	size_t *pre = malloc((n + 1) * sizeof *pre), x, k;
	unsigned char *res = malloc(n + 1);
	if (!pre || !res) {
		free(pre);
		free(res);
		return -1;
	}
	memcpy(res, set, n + 1);
	for (k = 0; k < vals->n; k++) {
		size_t lo = (size_t)vals->v[k].lo, hi = (size_t)vals->v[k].hi;
		size_t step = vals->v[k].step > 0 ? (size_t)vals->v[k].step : 1;
		if (lo > n)
			continue;
		if (hi > n)
			hi = lo + (n - lo) / step * step;
		/* pre[a] = number of set members among a, a - step, a - 2 step, ... */
		for (x = 0; x <= n; x++)
			pre[x] = (set[x] ? 1 : 0) + (x >= step ? pre[x - step] : 0);
		for (x = lo; x <= n; x++) {
			/* members a = x - v for v in lo, lo + step, ..., hi: a from x - lo down */
			size_t top = x - lo, cnt = pre[top];
			size_t span = hi - lo + step; /* the chain below x - hi is not counted */
			if (top >= span)
				cnt -= pre[top - span];
			if (cnt)
				res[x] = 1;
		}
	}
	memcpy(set, res, n + 1);
	free(pre);
	free(res);
	return 0;
}

/* The cap in force for a criterion: a cap applies unless the evidence declares its
 * condition not met (an undeclared condition is assumed to hold: the applicant must say
 * the cap does not apply). Returns the cap rule that binds, or NULL. */
static const tb_rule *binding_cap(const tb_score *s, const tb_criterion *c, tb_points *eff)
{
	const tb_rule *bind = NULL;
	size_t i;
	*eff = c->max;
	for (i = 0; i < c->rule_count; i++) {
		const tb_rule *r = &c->rules[i];
		if (r->kind != TB_RULE_CAP)
			continue;
		if (r->condition && tb_score_condition(s, r->condition) == 0)
			continue;
		if (r->max < *eff) {
			*eff = r->max;
			bind = r;
		}
	}
	return bind;
}

/* Reachable points of one criterion over 0..eff (values above the cap count as the cap). */
static unsigned char *criterion_set(const tb_criterion *c, tb_points eff, long units)
{
	size_t n = (size_t)(c->max > eff ? c->max : eff), i, x;
	unsigned char *set = calloc(n + 1, 1);
	ivals vals = {NULL, 0, 0};
	if (!set)
		return NULL;
	set[0] = 1;
	for (i = 0; i < c->rule_count; i++) {
		vals.n = 0;
		if (rule_values(&c->rules[i], units, &vals) || sumset(set, n, &vals)) {
			free(vals.v);
			free(set);
			return NULL;
		}
	}
	free(vals.v);
	for (x = (size_t)eff + 1; x <= n; x++)
		if (set[x])
			set[eff] = 1;
	return set;
}

static tb_points best_below(const unsigned char *set, tb_points v)
{
	for (; v > 0; v--)
		if (set[v])
			return v;
	return 0;
}

static const tb_criterion *find_criterion(const tb_indicator *ind, const char *ref)
{
	size_t i;
	for (i = 0; i < ind->criterion_count; i++)
		if (!strcmp(ind->criteria[i].id, ref))
			return &ind->criteria[i];
	return NULL;
}

static tb_status cap_note(tb_ctx *ctx, tb_score *s, const char *id, unsigned line,
                          tb_points claimed, tb_points eff, const tb_rule *cap)
{
	const char *cond = cap->condition ? cap->condition : "";
	char a[32], b[32];
	tb_points_format(claimed, a, sizeof a);
	tb_points_format(eff, b, sizeof b);
	if (tb_score_condition(s, cond) == 1)
		return tb_score_note(ctx, s, TB_SEV_ERROR, "score.rule", id, line,
		                     N_("claim at most the cap while its condition holds"),
		                     N_("%s: %s points claimed, at most %s because condition \"%s\" "
		                        "holds (%s)"),
		                     id, a, b, cond, cap->text ? cap->text : "");
	return tb_score_note(ctx, s, TB_SEV_ERROR, "score.rule", id, line,
	                     N_("if the condition does not hold, declare <condition ref=\"...\" "
	                        "met=\"false\"/> in the self-assessment; otherwise claim at most "
	                        "the cap"),
	                     N_("%s: %s points claimed, at most %s unless the evidence declares "
	                        "condition \"%s\" not met (%s)"),
	                     id, a, b, cond, cap->text ? cap->text : "");
}

static tb_status value_note(tb_ctx *ctx, tb_score *s, const char *id, unsigned line,
                            tb_points claimed, const char *rule_text)
{
	char a[32];
	return tb_score_note(ctx, s, TB_SEV_ERROR, "score.rule", id, line,
	                     N_("claim points the scoring rules can give: fixed points exactly, "
	                        "judged points within their range, per-unit points as a multiple"),
	                     N_("%s: %s points is not a value the scoring rules give (%s)"), id,
	                     tb_points_format(claimed, a, sizeof a), rule_text ? rule_text : "");
}

/* Claims broken down by criterion: <criterion ref points units> children of the item. */
static tb_status check_breakdown(tb_ctx *ctx, tb_score *s, tb_score_crit *cr, size_t ncr,
                                 const tb_indicator *ind, xmlNodePtr item, tb_points claimed,
                                 unsigned line, tb_points *counted, int *any)
{
	xmlNodePtr n;
	tb_points sum_stated = 0, sum_counted = 0;
	tb_status st = TB_OK;
	char a[32], b[32];
	size_t k;

	*any = 0;
	for (n = tb_xml_child(item, "criterion"); n; n = tb_xml_next(n, "criterion")) {
		char *ref = tb_ev_attr(n, "ref"), *pts = tb_ev_attr(n, "points");
		char *un = tb_ev_attr(n, "units");
		const tb_criterion *c = ref ? find_criterion(ind, ref) : NULL;
		unsigned cl, cc;
		tb_points v = pts ? tb_points_parse(pts) : -1;
		long units = -1;

		*any = 1;
		tb_xml_node_pos(n, &cl, &cc);
		if (un && *un) {
			char *end;
			units = strtol(un, &end, 10);
			if (*end || units < 0)
				units = -2;
		}
		if (!c) {
			st = tb_score_note(ctx, s, TB_SEV_ERROR, "score.rule", tb_indicator_id(ind), cl,
			                   N_("use a criterion id of this indicator (see 'tianbiao programs')"),
			                   N_("indicator %s has no criterion \"%s\""), tb_indicator_id(ind),
			                   ref ? ref : "");
		} else if (v < 0 || units == -2) {
			st = tb_score_note(ctx, s, TB_SEV_ERROR, "score.rule", c->id, cl,
			                   N_("write points as a number such as 2 or 0.5 and units as a "
			                      "whole number"),
			                   N_("%s: the points or units are not numbers"), c->id);
		} else {
			size_t ci = (size_t)(c - ind->criteria);
			if (cr[ci].stated >= 0) {
				st = tb_score_note(ctx, s, TB_SEV_ERROR, "score.rule", c->id, cl,
				                   N_("claim each criterion once"),
				                   N_("%s is claimed twice"), c->id);
			} else {
				tb_points eff, cnt;
				const tb_rule *cap = binding_cap(s, c, &eff);
				unsigned char *set = NULL;
				if (c->max <= TB_SCORE_EXACT_MAX && !(set = criterion_set(c, eff, units))) {
					st = TB_ENOMEM;
				} else {
					cnt = set ? best_below(set, v < eff ? v : eff) : (v < eff ? v : eff);
					if (v > eff && cap)
						st = cap_note(ctx, s, c->id, cl, v, eff, cap);
					else if (v > eff)
						st = tb_score_note(ctx, s, TB_SEV_ERROR, "score.rule", c->id, cl,
						                   N_("claim at most the criterion's maximum"),
						                   N_("%s: %s points claimed, the maximum is %s"),
						                   c->id, tb_points_format(v, a, sizeof a),
						                   tb_points_format(eff, b, sizeof b));
					else if (set && !set[v])
						st = value_note(ctx, s, c->id, cl, v, c->text);
					free(set);
					cr[ci].stated = v;
					cr[ci].counted = cnt;
					cr[ci].units = units;
					cr[ci].line = cl;
					sum_stated += v;
					sum_counted += cnt;
				}
			}
		}
		free(ref);
		free(pts);
		free(un);
		if (st != TB_OK)
			return st;
	}
	if (!*any)
		return TB_OK;
	if (sum_stated != claimed) {
		st = tb_score_note(ctx, s, TB_SEV_ERROR, "score.rule", tb_indicator_id(ind), line,
		                   N_("make the item's points the sum of its criteria's points"),
		                   N_("indicator %s: %s points claimed, its criteria add up to %s"),
		                   tb_indicator_id(ind), tb_points_format(claimed, a, sizeof a),
		                   tb_points_format(sum_stated, b, sizeof b));
		if (st != TB_OK)
			return st;
	}
	for (k = 0; k < ncr; k++)
		if (cr[k].stated < 0)
			cr[k].counted = 0;
	*counted = sum_counted < claimed ? sum_counted : claimed;
	return TB_OK;
}

tb_status tb_score_rules(tb_ctx *ctx, tb_score *s, size_t idx, const tb_indicator *ind,
                         xmlNodePtr item, tb_points claimed, unsigned line, tb_points *counted)
{
	size_t ncr = ind->criterion_count, k;
	tb_score_crit *cr = calloc(ncr, sizeof *cr);
	tb_points weight = tb_indicator_weight(ind), effsum = 0;
	const tb_rule *cap = NULL;
	unsigned char *set = NULL;
	tb_status st;
	int any = 0;

	if (!cr)
		return TB_ENOMEM;
	s->crits[idx] = cr;
	for (k = 0; k < ncr; k++) {
		cr[k].crit = &ind->criteria[k];
		cr[k].stated = -1;
		cr[k].units = -1;
	}
	if (item) {
		st = check_breakdown(ctx, s, cr, ncr, ind, item, claimed, line, counted, &any);
		if (st != TB_OK || any)
			return st;
	}

	/* No breakdown: the item's points must be reachable by the criteria together. */
	for (k = 0; k < ncr; k++) {
		tb_points eff;
		const tb_rule *c = binding_cap(s, &ind->criteria[k], &eff);
		if (c && !cap)
			cap = c;
		effsum += eff;
	}
	if (claimed > effsum && cap) {
		*counted = effsum;
		return cap_note(ctx, s, tb_indicator_id(ind), line, claimed, effsum, cap);
	}
	if (claimed > weight || weight > TB_SCORE_EXACT_MAX) {
		*counted = claimed < effsum ? claimed : effsum; /* over-weight is reported already */
		return TB_OK;
	}
	set = calloc((size_t)weight + 1, 1);
	if (!set)
		return TB_ENOMEM;
	set[0] = 1;
	for (k = 0; k < ncr; k++) {
		const tb_criterion *c = &ind->criteria[k];
		tb_points eff, x;
		unsigned char *cs;
		ivals runs = {NULL, 0, 0};
		binding_cap(s, c, &eff);
		cs = criterion_set(c, eff, -1);
		if (!cs) {
			free(set);
			return TB_ENOMEM;
		}
		for (x = 1; x <= eff; x++) {
			if (!cs[x])
				continue;
			tb_points lo = x;
			while (x + 1 <= eff && cs[x + 1])
				x++;
			if (ivals_add(&runs, lo, x)) {
				free(runs.v);
				free(cs);
				free(set);
				return TB_ENOMEM;
			}
		}
		free(cs);
		if (sumset(set, (size_t)weight, &runs)) {
			free(runs.v);
			free(set);
			return TB_ENOMEM;
		}
		free(runs.v);
	}
	*counted = best_below(set, claimed);
	st = TB_OK;
	if (!set[claimed])
		st = value_note(ctx, s, tb_indicator_id(ind), line, claimed,
		                ncr == 1 ? ind->criteria[0].text : NULL);
	free(set);
	return st;
}

/* Condition ids the program knows (caps and disqualifiers). */
static int program_knows(const tb_program *p, const char *ref)
{
	size_t i, j, k;
	for (i = 0; i < p->indicator_count; i++) {
		const tb_indicator *ind = p->indicators[i];
		for (j = 0; j < ind->criterion_count; j++)
			for (k = 0; k < ind->criteria[j].rule_count; k++) {
				const tb_rule *r = &ind->criteria[j].rules[k];
				if (r->condition && !strcmp(r->condition, ref))
					return 1;
			}
	}
	return 0;
}

tb_status tb_score_disqualifiers(tb_ctx *ctx, tb_score *s)
{
	const tb_program *p = s->prog;
	size_t i, j, k;
	tb_status st;

	for (i = 0; i < s->ncond; i++) {
		if (program_knows(p, s->conds[i].ref))
			continue;
		st = tb_score_note(ctx, s, TB_SEV_WARNING, "score.rule", NULL, s->conds[i].line,
		                   N_("use a condition id named by the program's caps or "
		                      "disqualifiers"),
		                   N_("the program has no condition \"%s\""), s->conds[i].ref);
		if (st != TB_OK)
			return st;
	}
	for (i = 0; i < p->indicator_count; i++) {
		const tb_indicator *ind = p->indicators[i];
		for (j = 0; j < ind->criterion_count; j++) {
			const tb_criterion *c = &ind->criteria[j];
			for (k = 0; k < c->rule_count; k++) {
				const tb_rule *r = &c->rules[k];
				const char *why;
				size_t ci;
				unsigned line = 0;
				if (r->kind != TB_RULE_DISQUALIFY || !r->condition ||
				    tb_score_condition(s, r->condition) != 1)
					continue;
				why = r->text ? r->text : c->text;
				for (ci = 0; ci < s->ncond; ci++)
					if (!strcmp(s->conds[ci].ref, r->condition))
						line = s->conds[ci].line;
				st = tb_score_note(ctx, s, TB_SEV_ERROR, "score.disqualified", c->id, line,
				                   N_("a disqualifying condition holds: the total is zero"),
				                   N_("disqualified by %s (condition \"%s\"): %s"), c->id,
				                   r->condition, why ? why : "");
				if (st != TB_OK)
					return st;
				if (!s->disqualified) {
					s->disqualified = 1;
					s->reason = strdup(why ? why : r->condition);
					if (!s->reason)
						return TB_ENOMEM;
				}
			}
		}
	}
	return TB_OK;
}
