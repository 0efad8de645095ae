/* program_check.c: what the schema cannot say about a program: ids are unique, references
 * resolve, scoring rules are consistent and every weight adds up, in exact hundredths. */
#include <stdlib.h>
#include <string.h>

#include "core/ctx.h"
#include "core/i18n.h"
#include "data/program_parse.h"

tb_points tb_rule_max(const tb_rule *r)
{
	tb_points m = 0;
	size_t i;

	switch (r->kind) {
	case TB_RULE_FIXED:
		return r->points;
	case TB_RULE_JUDGED:
	case TB_RULE_TIERED:
	case TB_RULE_PER_UNIT:
		return r->max;
	case TB_RULE_ALTERNATIVES:
		for (i = 0; i < r->alt_count; i++)
			if (tb_rule_max(&r->alts[i]) > m)
				m = tb_rule_max(&r->alts[i]);
		return m;
	case TB_RULE_CAP:
	case TB_RULE_DISQUALIFY:
		return 0;
	}
	return 0;
}

tb_points tb_criterion_computed_max(const tb_criterion *c)
{
	tb_points sum = 0;
	size_t i;
	for (i = 0; i < c->rule_count; i++)
		sum += tb_rule_max(&c->rules[i]);
	return sum;
}

typedef struct check_state {
	tb_ctx *ctx;
	const char *path;
	int errors;
} check_state;

static void dup_error(check_state *cs, const char *what, const char *id, unsigned line,
                      unsigned first)
{
	tb_error(cs->ctx, "program.duplicate-id", cs->path, line, 0,
	         N_("Give every indicator, criterion, target, quota kind and field its own id."),
	         N_("%s id \"%s\" is already used (line %u)"), what, id, first);
	cs->errors++;
}

/* Indicators and criteria share one id space: self-assessments and scores name either. */
typedef struct id_line {
	const char *id;
	unsigned line;
	int criterion;
	size_t order; /* document order, so the later of two equal ids is the one reported */
} id_line;

static int cmp_id_line(const void *a, const void *b)
{
	const id_line *x = a, *y = b;
	int c = strcmp(x->id, y->id);
	if (c)
		return c;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* Sorting keeps this O(n log n) even for the largest program the limits allow. */
static void check_ids(check_state *cs, const tb_program *p)
{
	id_line *all;
	size_t n = 0, i, j, k;

	for (i = 0; i < p->indicator_count; i++)
		n += 1 + p->indicators[i]->criterion_count;
	all = calloc(n ? n : 1, sizeof *all);
	if (!all) {
		cs->errors++;
		return;
	}
	for (n = 0, i = 0; i < p->indicator_count; i++) {
		const tb_indicator *a = p->indicators[i];
		all[n] = (id_line){a->id, a->line, 0, n};
		n++;
		for (k = 0; k < a->criterion_count; k++, n++)
			all[n] = (id_line){a->criteria[k].id, a->criteria[k].line, 1, n};
	}
	qsort(all, n, sizeof *all, cmp_id_line);
	for (i = 1, j = 0; i < n; i++) {
		if (strcmp(all[i].id, all[j].id) != 0) {
			j = i; /* first of a new run of equal ids */
			continue;
		}
		dup_error(cs, all[i].criterion ? _("criterion") : _("indicator"), all[i].id,
		          all[i].line, all[j].line);
	}
	free(all);
	for (i = 0; i < p->target_count; i++)
		for (j = 0; j < i; j++)
			if (!strcmp(p->targets[i].id, p->targets[j].id)) {
				dup_error(cs, _("service target"), p->targets[i].id, p->targets[i].line, p->targets[j].line);
				break;
			}
	for (i = 0; i < p->quota_count; i++)
		for (j = 0; j < i; j++)
			if (!strcmp(p->quotas[i].kind, p->quotas[j].kind)) {
				dup_error(cs, _("quota kind"), p->quotas[i].kind, p->quotas[i].line, p->quotas[j].line);
				break;
			}
	for (i = 0; i < p->field_count; i++)
		for (j = 0; j < i; j++)
			if (!strcmp(p->fields[i].id, p->fields[j].id)) {
				dup_error(cs, _("form field"), p->fields[i].id, p->fields[i].line, p->fields[j].line);
				break;
			}
}

static void check_targets(check_state *cs, const tb_program *p)
{
	size_t i, j;
	for (i = 0; i < p->indicator_count; i++) {
		const tb_indicator *ind = p->indicators[i];
		int found = 0;
		if (!ind->target)
			continue;
		for (j = 0; j < p->target_count && !found; j++)
			found = !strcmp(ind->target, p->targets[j].id);
		if (!found) {
			tb_error(cs->ctx, "program.target", cs->path, ind->line, 0,
			         N_("Use the id of a <target> declared under <targets>."),
			         N_("indicator %s names service target \"%s\", which the program does not declare"),
			         ind->id, ind->target);
			cs->errors++;
		}
	}
}

static void check_rule(check_state *cs, const tb_criterion *c, const tb_rule *r)
{
	char a[24], b[24];
	size_t i;

	switch (r->kind) {
	case TB_RULE_JUDGED:
	case TB_RULE_TIERED:
		if (r->min > r->max) {
			tb_error(cs->ctx, "program.rule", cs->path, r->line, 0,
			         N_("Write the range as min <= max."),
			         N_("criterion %s: range %s..%s is empty"), c->id,
			         tb_points_format(r->min, a, sizeof a), tb_points_format(r->max, b, sizeof b));
			cs->errors++;
		}
		break;
	case TB_RULE_PER_UNIT:
		if (r->points <= 0 || r->points > r->max) {
			tb_error(cs->ctx, "program.rule", cs->path, r->line, 0,
			         N_("Points per unit must be above zero and at most the maximum."),
			         N_("criterion %s: %s points per unit with a maximum of %s"), c->id,
			         tb_points_format(r->points, a, sizeof a), tb_points_format(r->max, b, sizeof b));
			cs->errors++;
		}
		break;
	case TB_RULE_CAP:
		if (r->max >= tb_criterion_computed_max(c)) {
			tb_error(cs->ctx, "program.rule", cs->path, r->line, 0,
			         N_("A cap must be below the criterion's maximum, or it caps nothing."),
			         N_("criterion %s: cap %s is not below the maximum %s"), c->id,
			         tb_points_format(r->max, a, sizeof a),
			         tb_points_format(tb_criterion_computed_max(c), b, sizeof b));
			cs->errors++;
		}
		break;
	case TB_RULE_ALTERNATIVES:
		for (i = 0; i < r->alt_count; i++)
			check_rule(cs, c, &r->alts[i]);
		break;
	case TB_RULE_FIXED:
	case TB_RULE_DISQUALIFY:
		break;
	}
}

static void check_weights(check_state *cs, const tb_program *p)
{
	char a[24], b[24];
	tb_points total = 0;
	size_t i, j;

	for (i = 0; i < p->indicator_count; i++) {
		const tb_indicator *ind = p->indicators[i];
		tb_points sum = 0;

		if (ind->level == 1)
			total += ind->weight;
		if (ind->child_count && ind->criterion_count) {
			tb_error(cs->ctx, "program.rule", cs->path, ind->line, 0,
			         N_("Put scoring criteria on leaf indicators only."),
			         N_("indicator %s has both sub-indicators and scoring criteria"), ind->id);
			cs->errors++;
			continue;
		}
		for (j = 0; j < ind->criterion_count; j++) {
			const tb_criterion *c = &ind->criteria[j];
			tb_points m = tb_criterion_computed_max(c);
			size_t k;
			for (k = 0; k < c->rule_count; k++)
				check_rule(cs, c, &c->rules[k]);
			if (m != c->max) {
				tb_error(cs->ctx, "program.weights", cs->path, c->line, 0,
				         N_("Make max the sum of the rules' maxima (fixed points, range maxima, the largest alternative)."),
				         N_("criterion %s states max %s but its rules give at most %s"), c->id,
				         tb_points_format(c->max, a, sizeof a), tb_points_format(m, b, sizeof b));
				cs->errors++;
			}
			sum += c->max;
		}
		for (j = 0; j < ind->child_count; j++)
			sum += ind->children[j]->weight;
		if ((ind->child_count || ind->criterion_count) && sum != ind->weight) {
			tb_error(cs->ctx, "program.weights", cs->path, ind->line, 0,
			         N_("Make the weight equal the sum of its parts, or correct the parts."),
			         ind->child_count ? N_("indicator %s weighs %s but its sub-indicators add up to %s")
			                          : N_("indicator %s weighs %s but its criteria add up to %s"),
			         ind->id, tb_points_format(ind->weight, a, sizeof a),
			         tb_points_format(sum, b, sizeof b));
			cs->errors++;
		}
	}
	if (total != p->total) {
		tb_error(cs->ctx, "program.weights", cs->path, p->total_line, 0,
		         N_("Make <indicators total> the sum of the level-1 weights."),
		         N_("the program states a total of %s but its level-1 indicators add up to %s"),
		         tb_points_format(p->total, a, sizeof a), tb_points_format(total, b, sizeof b));
		cs->errors++;
	}
}

tb_status tb_program_check(tb_ctx *ctx, const tb_program *p)
{
	check_state cs = {ctx, p->path, 0};
	check_ids(&cs, p);
	check_targets(&cs, p);
	check_weights(&cs, p);
	return cs.errors ? TB_ERROR : TB_OK;
}
