/* score.c: computing an applicant's self-assessment score: each claim checked against its
 * indicator (weight, required evidence, character limit, service target, scoring rules),
 * then summed per level in exact hundredths. */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/ctx.h"
#include "core/i18n.h"
#include "core/utf8.h"
#include "core/xml.h"
#include "score/score_internal.h"

#define NO_CLAIM ((size_t)-1)
#define MAX_CONDITIONS 1000

static tb_status grow_findings(tb_score *s)
{
	if (s->nfind == s->capfind) {
		size_t cap = s->capfind ? s->capfind * 2 : 16;
		tb_score_find *nf = realloc(s->findings, cap * sizeof *nf);
		if (!nf)
			return TB_ENOMEM;
		s->findings = nf;
		s->capfind = cap;
	}
	return TB_OK;
}

/* A finding is made here and then recorded: it is never read back from the context's list,
 * which may be full (its last entry would then be some other diagnostic). */
tb_status tb_score_note(tb_ctx *ctx, tb_score *s, tb_severity sev, const char *code,
                        const char *indicator, unsigned line, const char *hint,
                        const char *fmt, ...)
{
	va_list ap;
	tb_status st;
	tb_score_find *f;
	tb_buf msg = TB_BUF_INIT;
	const char *h = hint ? _(hint) : NULL;

	va_start(ap, fmt);
	st = tb_buf_vprintf(&msg, _(fmt), ap);
	va_end(ap);
	if (st != TB_OK || !msg.data) {
		tb_buf_free(&msg);
		return TB_ENOMEM;
	}
	st = tb_diag_push(ctx, sev, code, s->file, line, 0, msg.data, h);
	if (st == TB_OK)
		st = grow_findings(s);
	if (st != TB_OK) {
		tb_buf_free(&msg);
		return st;
	}
	if (sev == TB_SEV_ERROR)
		s->nerrors++;
	f = &s->findings[s->nfind++];
	memset(f, 0, sizeof *f);
	f->d.severity = sev;
	f->d.line = line;
	f->d.code = strdup(code);
	f->d.file = s->file ? strdup(s->file) : NULL;
	f->d.message = tb_buf_detach(&msg, NULL);
	f->d.hint = h ? strdup(h) : NULL;
	f->indicator = indicator ? strdup(indicator) : NULL;
	if (!f->d.code || !f->d.message || (s->file && !f->d.file) || (h && !f->d.hint) ||
	    (indicator && !f->indicator))
		return TB_ENOMEM;
	return TB_OK;
}

/* The evidence's own diagnostics (validation) belong in the report too: the evidence keeps
 * them (the context's list may be full, or hold other files' diagnostics). */
static tb_status copy_validation(tb_score *s)
{
	const tb_diag_list *l = &s->ev->diags;
	size_t i;
	s->nerrors += s->ev->nerrors;
	for (i = 0; i < l->len; i++) {
		const tb_diag *d = &l->items[i];
		tb_score_find *f;
		if (grow_findings(s) != TB_OK)
			return TB_ENOMEM;
		f = &s->findings[s->nfind++];
		memset(f, 0, sizeof *f);
		f->d = *d;
		f->d.code = strdup(d->code ? d->code : "");
		f->d.file = d->file ? strdup(d->file) : NULL;
		f->d.message = strdup(d->message ? d->message : "");
		f->d.hint = d->hint ? strdup(d->hint) : NULL;
		if (!f->d.code || (d->file && !f->d.file) || !f->d.message || (d->hint && !f->d.hint))
			return TB_ENOMEM;
	}
	return TB_OK;
}

int tb_score_condition(const tb_score *s, const char *ref)
{
	size_t i;
	for (i = 0; i < s->ncond; i++)
		if (!strcmp(s->conds[i].ref, ref))
			return s->conds[i].met;
	return -1;
}

static int parse_bool(const char *v)
{
	if (!v)
		return -1;
	if (!strcmp(v, "true") || !strcmp(v, "1"))
		return 1;
	if (!strcmp(v, "false") || !strcmp(v, "0"))
		return 0;
	return -1;
}

static tb_status add_condition(tb_ctx *ctx, tb_score *s, xmlNodePtr n)
{
	char *ref = tb_ev_attr(n, "ref"), *met = tb_ev_attr(n, "met");
	unsigned line, col;
	int v = parse_bool(met), old;
	tb_status st = TB_OK;
	tb_score_cond *nc;

	tb_xml_node_pos(n, &line, &col);
	if (!ref || !*ref || v < 0) {
		st = tb_score_note(ctx, s, TB_SEV_ERROR, "score.rule", NULL, line,
		                   N_("write ref=\"CONDITION-ID\" and met=\"true\" or met=\"false\""),
		                   N_("a condition needs a ref and met=\"true\" or \"false\""));
		goto cleanup;
	}
	old = tb_score_condition(s, ref);
	if (old >= 0) {
		if (old != v)
			st = tb_score_note(ctx, s, TB_SEV_ERROR, "score.rule", NULL, line,
			                   N_("declare each condition once"),
			                   N_("condition \"%s\" is declared both met and not met"), ref);
		goto cleanup;
	}
	if (s->ncond >= MAX_CONDITIONS) {
		st = tb_score_note(ctx, s, TB_SEV_ERROR, "limit.count", NULL, line, NULL,
		                   N_("more than %d conditions"), MAX_CONDITIONS);
		goto cleanup;
	}
	nc = realloc(s->conds, (s->ncond + 1) * sizeof *nc);
	if (!nc) {
		st = TB_ENOMEM;
		goto cleanup;
	}
	s->conds = nc;
	nc[s->ncond].ref = ref;
	nc[s->ncond].met = v;
	nc[s->ncond].line = line;
	s->ncond++;
	ref = NULL;
cleanup:
	free(ref);
	free(met);
	return st;
}

/* <condition> directly in <self-assessment> or in one of its <item>s. */
static tb_status read_conditions(tb_ctx *ctx, tb_score *s)
{
	xmlDocPtr doc = tb_evidence_doc(s->ev);
	xmlNodePtr sa, n, c;
	tb_status st;

	if (!doc)
		return TB_OK;
	sa = tb_xml_child(xmlDocGetRootElement(doc), "self-assessment");
	if (!sa)
		return TB_OK;
	for (n = sa->children; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (!strcmp((const char *)n->name, "condition")) {
			if ((st = add_condition(ctx, s, n)) != TB_OK)
				return st;
		} else if (!strcmp((const char *)n->name, "item")) {
			for (c = tb_xml_child(n, "condition"); c; c = tb_xml_next(c, "condition"))
				if ((st = add_condition(ctx, s, c)) != TB_OK)
					return st;
		}
	}
	return TB_OK;
}

int tb_score_has_token(const char *list, const char *tok)
{
	size_t n = strlen(tok);
	const char *p = list;
	if (!list || !n)
		return 0;
	while (*p) {
		size_t k;
		while (*p == ' ')
			p++;
		k = strcspn(p, " ");
		if (k == n && !memcmp(p, tok, n))
			return 1;
		p += k;
	}
	return 0;
}

int tb_score_supports(const tb_evidence *e, size_t att, size_t claim, const char *indicator)
{
	const tb_ev_attachment *a = &e->att[att];
	const char *cited = claim != NO_CLAIM ? tb_evidence_claim_attachments(e, claim) : NULL;
	return (a->id && *a->id && tb_score_has_token(cited, a->id)) ||
	       tb_score_has_token(a->supports, indicator);
}

static int has_support(const tb_evidence *e, size_t claim, const char *indicator)
{
	size_t i;
	for (i = 0; i < e->natt; i++)
		if (tb_score_supports(e, i, claim, indicator))
			return 1;
	return 0;
}

/* The service target a category belongs to: its own or an ancestor's. */
static const char *target_of(const tb_indicator *ind)
{
	for (; ind; ind = tb_indicator_parent(ind))
		if (tb_indicator_target(ind))
			return tb_indicator_target(ind);
	return NULL;
}

static int cmp_ptr(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)((const tb_score_ptr *)a)->ind;
	uintptr_t y = (uintptr_t)((const tb_score_ptr *)b)->ind;
	return x < y ? -1 : x > y;
}

static size_t index_of(const tb_score *s, const tb_indicator *ind)
{
	tb_score_ptr key = {ind, 0}, *hit;
	hit = bsearch(&key, s->byptr, s->n, sizeof key, cmp_ptr);
	return hit ? hit->idx : NO_CLAIM;
}

/* The first line of `s`, cut at a character boundary to fit `cap` bytes (with "…"): a
 * program's required evidence can run to paragraphs, too long for a message. */
static void shorten(const char *s, char *out, size_t cap)
{
	size_t len = strcspn(s, "\n"), i = 0, keep = 0;
	if (len < cap && !s[len]) {
		memcpy(out, s, len + 1);
		return;
	}
	while (i < len) {
		tb_utf8_next(s, len, &i);
		if (i + 4 > cap)
			break;
		keep = i;
	}
	memcpy(out, s, keep);
	memcpy(out + keep, "\xE2\x80\xA6", 4); /* U+2026 and the terminator */
}

/* The explanation's character limit: the indicator's, else (when several of its required
 * evidence items have limits, e.g. 200 and 500 characters) their sum, since one explanation
 * covers them all. */
static unsigned char_limit(const tb_indicator *ind)
{
	unsigned sum = 0;
	size_t i;
	if (tb_indicator_char_limit(ind) > 0)
		return tb_indicator_char_limit(ind);
	for (i = 0; i < ind->evidence_count; i++)
		sum += ind->evidence[i].char_limit;
	return sum;
}

/* Check one claim and set the points it counts for. */
static tb_status score_claim(tb_ctx *ctx, tb_score *s, size_t ci)
{
	const tb_evidence *e = s->ev;
	const char *id = tb_evidence_claim_indicator(e, ci);
	const tb_indicator *ind = id ? tb_program_indicator_find(s->prog, id) : NULL;
	tb_points claimed = tb_evidence_claim_points(e, ci), weight, counted;
	unsigned line = tb_evidence_claim_line(e, ci);
	const char *expl = tb_evidence_claim_explanation(e, ci), *target;
	char a[32], b[32];
	size_t idx;
	unsigned limit;
	tb_status st;

	/* Unknown ids, parents, duplicates and malformed points are the validator's to
	 * report (claim.*); scoring leaves them out. */
	if (!ind || tb_indicator_child_count(ind) > 0 || claimed < 0)
		return TB_OK;
	idx = index_of(s, ind);
	if (idx == NO_CLAIM || s->claim[idx] != NO_CLAIM)
		return TB_OK;
	s->claim[idx] = ci;
	s->stated[idx] = claimed;
	weight = tb_indicator_weight(ind);
	counted = claimed;

	if (claimed > weight) {
		st = tb_score_note(ctx, s, TB_SEV_ERROR, "score.over-weight", id, line,
		                   N_("claim at most the indicator's weight; it counts as the weight"),
		                   N_("indicator %s: %s points claimed, its weight is %s"), id,
		                   tb_points_format(claimed, a, sizeof a), tb_points_format(weight, b, sizeof b));
		if (st != TB_OK)
			return st;
		counted = weight;
	}
	limit = char_limit(ind);
	if (limit > 0 && expl) {
		size_t chars = tb_utf8_count_limit(expl);
		if (chars > limit) {
			st = tb_score_note(ctx, s, TB_SEV_ERROR, "score.too-long", id, line,
			                   N_("shorten the explanation; the limit counts characters (a "
			                      "Chinese character is one), not whitespace"),
			                   N_("indicator %s: the explanation has %zu characters, the "
			                     "limit is %u"),
			                   id, chars, limit);
			if (st != TB_OK)
				return st;
		}
	}
	if (claimed > 0 && tb_indicator_evidence(ind) && !has_support(e, ci, id)) {
		char req[124];
		shorten(tb_indicator_evidence(ind), req, sizeof req);
		st = tb_score_note(ctx, s, TB_SEV_ERROR, "score.no-evidence", id, line,
		                   N_("cite an attachment in attachments=\"...\" (or list the "
		                      "indicator in an attachment's supports)"),
		                   N_("indicator %s: points claimed without a supporting attachment "
		                     "(required: %s)"),
		                   id, req);
		if (st != TB_OK)
			return st;
		if (!s->lenient)
			counted = 0;
	}
	target = target_of(ind);
	if (claimed > 0 && target && !tb_evidence_has_target(e, target)) {
		st = tb_score_note(ctx, s, TB_SEV_ERROR, "score.target-not-selected", id, line,
		                   N_("select the service target in <service-targets> or claim no "
		                      "points in its category"),
		                   N_("indicator %s: points claimed in the category of service "
		                     "target \"%s\", which is not selected"),
		                   id, target);
		if (st != TB_OK)
			return st;
		if (!s->lenient)
			counted = 0;
	}
	if (ind->criterion_count == 0 && tb_xml_child(e->claims[ci].node, "criterion")) {
		unsigned cl, cc;
		tb_xml_node_pos(tb_xml_child(e->claims[ci].node, "criterion"), &cl, &cc);
		st = tb_score_note(ctx, s, TB_SEV_ERROR, "score.rule", id, cl,
		                   N_("break points down by criterion only where the program has "
		                      "scoring criteria"),
		                   N_("indicator %s has no scoring criteria"), id);
		if (st != TB_OK)
			return st;
	}
	if (ind->criterion_count > 0) {
		tb_points ruled = counted;
		st = tb_score_rules(ctx, s, idx, ind, e->claims[ci].node, claimed, line, &ruled);
		if (st != TB_OK)
			return st;
		if (ruled < counted)
			counted = ruled;
	}
	s->points[idx] = counted;
	return TB_OK;
}

tb_status tb_score_compute(tb_ctx *ctx, const tb_evidence *e, const tb_score_options *opts,
                           tb_score **out)
{
	tb_score *s = NULL;
	tb_status st = TB_ENOMEM;
	size_t i;

	if (!ctx || !e || !out)
		return TB_EINVAL;
	*out = NULL;
	if (opts && opts->version != TB_SCORE_OPTIONS_VERSION)
		return TB_EINVAL;
	if (!tb_evidence_program(e)) {
		tb_error(ctx, "score.no-program", tb_evidence_path(e), 0, 0,
		         N_("set <evidence program=\"...\"> to a program listed by 'tianbiao programs'"),
		         N_("the evidence names no installed program, so it cannot be scored"));
		return TB_ERROR;
	}
	s = calloc(1, sizeof *s);
	if (!s)
		return TB_ENOMEM;
	s->ev = e;
	s->prog = tb_evidence_program(e);
	s->file = tb_evidence_path(e);
	s->lenient = opts ? opts->lenient : 0;
	s->n = tb_program_indicator_count(s->prog);
	s->points = calloc(s->n + 1, sizeof *s->points);
	s->stated = calloc(s->n + 1, sizeof *s->stated);
	s->claim = calloc(s->n + 1, sizeof *s->claim);
	s->crits = calloc(s->n + 1, sizeof *s->crits);
	s->byptr = calloc(s->n + 1, sizeof *s->byptr);
	if (!s->points || !s->stated || !s->claim || !s->crits || !s->byptr)
		goto cleanup;
	for (i = 0; i < s->n; i++) {
		s->stated[i] = -1;
		s->claim[i] = NO_CLAIM;
		s->byptr[i].ind = tb_program_indicator_at(s->prog, i);
		s->byptr[i].idx = i;
	}
	qsort(s->byptr, s->n, sizeof *s->byptr, cmp_ptr);
	if ((st = copy_validation(s)) != TB_OK)
		goto cleanup;
	if ((st = read_conditions(ctx, s)) != TB_OK)
		goto cleanup;
	for (i = 0; i < tb_evidence_claim_count(e); i++)
		if ((st = score_claim(ctx, s, i)) != TB_OK)
			goto cleanup;

	/* Sum bottom-up: pre-order reversed visits children before their parent. */
	for (i = s->n; i-- > 0;) {
		const tb_indicator *ind = tb_program_indicator_at(s->prog, i);
		const tb_indicator *parent = tb_indicator_parent(ind);
		if (s->points[i] > tb_indicator_weight(ind))
			s->points[i] = tb_indicator_weight(ind);
		if (parent) {
			size_t p = index_of(s, parent);
			if (p != NO_CLAIM)
				s->points[p] += s->points[i];
		} else {
			s->total += s->points[i];
		}
	}
	if (s->total > tb_program_total(s->prog))
		s->total = tb_program_total(s->prog);
	if ((st = tb_score_disqualifiers(ctx, s)) != TB_OK)
		goto cleanup;
	if (s->disqualified)
		s->total = 0;
	*out = s;
	return TB_OK;
cleanup:
	tb_score_free(s);
	return st;
}

void tb_score_free(tb_score *s)
{
	size_t i;
	if (!s)
		return;
	for (i = 0; i < s->nfind; i++) {
		free((char *)s->findings[i].d.code);
		free((char *)s->findings[i].d.file);
		free((char *)s->findings[i].d.message);
		free((char *)s->findings[i].d.hint);
		free(s->findings[i].indicator);
	}
	free(s->findings);
	for (i = 0; i < s->ncond; i++)
		free(s->conds[i].ref);
	free(s->conds);
	if (s->crits)
		for (i = 0; i < s->n; i++)
			free(s->crits[i]);
	free(s->crits);
	free(s->byptr);
	free(s->points);
	free(s->stated);
	free(s->claim);
	free(s->reason);
	free(s);
}

const tb_evidence *tb_score_evidence(const tb_score *s) { return s->ev; }
const tb_program *tb_score_program(const tb_score *s) { return s->prog; }
tb_points tb_score_total(const tb_score *s) { return s->total; }
tb_points tb_score_max(const tb_score *s) { return tb_program_total(s->prog); }
int tb_score_disqualified(const tb_score *s) { return s->disqualified; }
const char *tb_score_disqualified_reason(const tb_score *s) { return s->reason; }
size_t tb_score_finding_count(const tb_score *s) { return s->nfind; }
size_t tb_score_error_count(const tb_score *s) { return s->nerrors; }

tb_points tb_score_points(const tb_score *s, size_t i)
{
	return i < s->n ? s->points[i] : 0;
}

tb_points tb_score_stated(const tb_score *s, size_t i)
{
	return i < s->n ? s->stated[i] : -1;
}

size_t tb_score_claim_of(const tb_score *s, size_t i)
{
	return i < s->n ? s->claim[i] : NO_CLAIM;
}

const tb_diag *tb_score_finding(const tb_score *s, size_t i)
{
	return i < s->nfind ? &s->findings[i].d : NULL;
}

const char *tb_score_finding_indicator(const tb_score *s, size_t i)
{
	return i < s->nfind ? s->findings[i].indicator : NULL;
}

long tb_points_percent10(tb_points part, tb_points whole)
{
	if (whole <= 0 || part < 0)
		return 0;
	return (long)((part * 1000 + whole / 2) / whole);
}
