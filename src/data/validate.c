/* validate.c: the semantic checks that a schema cannot express: sums, formats, ids against
 * the program, attachment files. Every check runs; each problem is one diagnostic with the
 * element's position, a stable code and a hint. */
#include <libxml/xpath.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "core/ctx.h"
#include "core/digest.h"
#include "core/file.h"
#include "core/i18n.h"
#include "core/utf8.h"
#include "core/xml.h"
#include "data/decimal.h"
#include "data/evidence_internal.h"
#include "data/format.h"
#include "data/program.h"

typedef struct vstate {
	tb_ctx *ctx;
	tb_evidence *e;
	const char *file;
	xmlNodePtr root;
} vstate;

static void pos(xmlNodePtr n, unsigned *line, unsigned *col)
{
	tb_xml_node_pos(n, line, col);
}

/* ---- program ---- */

static void check_program(vstate *vs)
{
	tb_evidence *e = vs->e;
	unsigned line, col;

	if (!e->program_id || !e->program_id[0])
		return; /* the schema reported the missing attribute */
	if (!tb_program_installed(vs->ctx, e->program_id)) {
		pos(vs->root, &line, &col);
		tb_error(vs->ctx, "program.unknown", vs->file, line, col,
		         N_("write the id of an installed program; 'tianbiao programs' lists them"),
		         N_("unknown program \"%s\""), e->program_id);
		return;
	}
	tb_evidence_load_program(vs->ctx, e);
}

void tb_evidence_load_program(tb_ctx *ctx, tb_evidence *e)
{
	if (e->program_id && e->program_id[0] && tb_program_installed(ctx, e->program_id) &&
	    tb_program_load(ctx, e->program_id, &e->program) != TB_OK)
		e->program = NULL; /* the loader reported why */
}

/* ---- required fields of the program's form ---- */

static int has_text(const xmlChar *t)
{
	for (; t && *t; t++)
		if (!(*t == ' ' || *t == '\t' || *t == '\n' || *t == '\r'))
			return 1;
	return 0;
}

/* Filled: some non-blank text, or (an element like <target ref="youth"/>) a non-blank
 * attribute. */
static int node_filled(xmlNodePtr n)
{
	xmlChar *t = xmlNodeGetContent(n);
	int any = has_text(t);
	xmlAttrPtr a;
	xmlFree(t);
	if (n->type != XML_ELEMENT_NODE)
		return any;
	for (a = n->properties; a && !any; a = a->next) {
		t = xmlNodeGetContent((xmlNodePtr)a);
		any = has_text(t);
		xmlFree(t);
	}
	return any;
}

static xmlNodePtr as_element(xmlNodePtr n)
{
	while (n && n->type != XML_ELEMENT_NODE)
		n = n->parent;
	return n;
}

/* Where to point for an absent field: the deepest element of the path that exists. */
static xmlNodePtr nearest(xmlXPathContextPtr xc, xmlNodePtr root, const char *path)
{
	char buf[512];
	char *slash;
	snprintf(buf, sizeof buf, "%s", path);
	while ((slash = strrchr(buf, '/')) != NULL) {
		xmlXPathObjectPtr r;
		*slash = '\0';
		xc->node = root;
		r = xmlXPathEvalExpression((const xmlChar *)buf, xc);
		if (r && r->type == XPATH_NODESET && r->nodesetval && r->nodesetval->nodeNr > 0) {
			xmlNodePtr n = as_element(r->nodesetval->nodeTab[0]);
			xmlXPathFreeObject(r);
			if (n)
				return n;
		} else if (r)
			xmlXPathFreeObject(r);
	}
	return root;
}

static void check_fields(vstate *vs)
{
	const tb_program *p = vs->e->program;
	xmlXPathContextPtr xc;
	size_t i, nf;

	if (!p || !(nf = tb_program_field_count(p)))
		return;
	xc = xmlXPathNewContext(vs->e->doc);
	if (!xc || tb_xml_edit_failed()) { /* the load fails with it (evidence.c) */
		tb_xml_edit_nomem();
		if (xc)
			xmlXPathFreeContext(xc);
		return;
	}
	for (i = 0; i < nf; i++) {
		const char *path = tb_program_field_path(p, i);
		xmlXPathObjectPtr r;
		xmlNodePtr at = NULL;
		int filled = 0;
		unsigned line, col;

		if (!tb_program_field_required(p, i) || !path || !*path)
			continue;
		xc->node = vs->root;
		r = xmlXPathEvalExpression((const xmlChar *)path, xc);
		if (!r) {
			tb_warn(vs->ctx, "program.field-path", vs->file, 0, 0,
			        N_("the program data is wrong; report it to whoever maintains it"),
			        N_("form field \"%s\" has an invalid evidence path \"%s\""),
			        tb_program_field_id(p, i), path);
			continue;
		}
		if (r->type == XPATH_NODESET) {
			int k;
			for (k = 0; r->nodesetval && k < r->nodesetval->nodeNr; k++) {
				xmlNodePtr n = r->nodesetval->nodeTab[k];
				if (!at)
					at = as_element(n);
				if (node_filled(n))
					filled = 1;
			}
		} else {
			xmlChar *s = xmlXPathCastToString(r);
			filled = s && s[0];
			xmlFree(s);
		}
		xmlXPathFreeObject(r);
		if (filled)
			continue;
		if (!at)
			at = nearest(xc, vs->root, path);
		pos(at, &line, &col);
		tb_error(vs->ctx, "field.missing", vs->file, line, col,
		         N_("fill in this field of the form; 'tianbiao init --program ID' shows where "
		            "each field goes"),
		         N_("required field \"%s\" (%s) is missing or empty"),
		         tb_program_field_label(p, i), path);
	}
	xmlXPathFreeContext(xc);
}

/* ---- formats ---- */

typedef bool (*fmt_fn)(const char *);

static void check_format(vstate *vs, xmlNodePtr n, fmt_fn ok, const char *code,
                         const char *hint, const char *what)
{
	char *t = tb_xml_text(n);
	unsigned line, col;
	if (t && t[0] && !ok(t)) {
		pos(n, &line, &col);
		/* the usual cause, named: an input method left in full-width mode */
		if (tb_ev_has_fullwidth(t))
			hint = N_("it contains full-width (全角) characters; type letters, digits and "
			          "signs half-width (半角)");
		tb_error(vs->ctx, code, vs->file, line, col, hint, N_("%s \"%s\" is not valid"),
		         _(what), t);
	}
	free(t);
}

static void check_formats(vstate *vs)
{
	xmlNodePtr app = tb_xml_child(vs->root, "applicant");
	xmlNodePtr contact = tb_xml_child(app, "contact");

	check_format(vs, tb_xml_child(app, "postcode"), tb_fmt_postcode, "format.postcode",
	             N_("a postcode has six digits, e.g. 066000"), N_("postcode"));
	check_format(vs, tb_xml_child(contact, "phone"), tb_fmt_phone, "format.phone",
	             N_("write the area code, a hyphen and the number, e.g. 0335-3068277"),
	             N_("phone number"));
	check_format(vs, tb_xml_child(contact, "mobile"), tb_fmt_mobile, "format.mobile",
	             N_("a mobile number has 11 digits and starts with 1, e.g. 13031886730"),
	             N_("mobile number"));
	check_format(vs, tb_xml_child(contact, "email"), tb_fmt_email, "format.email",
	             N_("write an address like name@example.cn"), N_("e-mail address"));
	check_format(vs, tb_xml_child(contact, "fax"), tb_fmt_fax, "format.fax",
	             N_("write the area code, a hyphen and the number, e.g. 0335-3068278"),
	             N_("fax number"));
	check_format(vs, tb_xml_child(vs->root, "date"), tb_fmt_date, "format.date",
	             N_("write a real calendar date as YYYY-MM-DD, e.g. 2021-11-30"),
	             N_("date"));
}

/* A date after the program's deadline is allowed (offices sometimes accept late forms) but
 * worth a warning. ISO dates compare as strings. */
static void check_deadline(vstate *vs)
{
	const char *deadline = vs->e->program ? tb_program_deadline(vs->e->program) : NULL;
	const char *date = vs->e->date;
	unsigned line, col;

	if (!deadline || !date || !tb_fmt_date(date) || !tb_fmt_date(deadline) ||
	    strcmp(date, deadline) <= 0)
		return;
	pos(tb_xml_child(vs->root, "date"), &line, &col);
	tb_warn(vs->ctx, "date.deadline", vs->file, line, col,
	        N_("check the date; late applications may be refused"),
	        N_("the application date %s is after the program's deadline %s"), date, deadline);
}

/* ---- sums ---- */

static bool parse_count(const char *s, unsigned long *out)
{
	unsigned long v = 0;
	int n = 0;
	if (!s)
		return false;
	for (; *s >= '0' && *s <= '9'; s++, n++) {
		if (n >= 9)
			return false;
		v = v * 10 + (unsigned long)(*s - '0');
	}
	if (n == 0 || *s)
		return false;
	*out = v;
	return true;
}

static void check_staff(vstate *vs)
{
	xmlNodePtr n = tb_xml_child(vs->root, "staff");
	char *t = tb_ev_attr(n, "total"), *f = tb_ev_attr(n, "full-time"),
	     *p = tb_ev_attr(n, "part-time");
	unsigned long vt, vf, vp;
	unsigned line, col;

	if (parse_count(t, &vt) && parse_count(f, &vf) && parse_count(p, &vp) && vf + vp != vt) {
		pos(n, &line, &col);
		tb_error(vs->ctx, "staff.sum", vs->file, line, col,
		         N_("correct total, full-time or part-time so that full-time + part-time = "
		            "total"),
		         N_("staff: %lu full-time + %lu part-time = %lu, but the total says %lu"), vf,
		         vp, vf + vp, vt);
	}
	free(t);
	free(f);
	free(p);
}

static void check_funding(vstate *vs)
{
	static const char *const parts[] = {"fiscal", "self", "superior", "other"};
	xmlNodePtr n = tb_xml_child(vs->root, "funding");
	char *t = tb_ev_attr(n, "total");
	tb_dec total, sum = 0, v;
	char a[40], b[40];
	unsigned line, col;
	size_t i;
	int ok = 1;

	if (!n || !t || !tb_dec_parse(t, &total)) {
		free(t);
		return; /* absent (field.missing) or malformed (schema.invalid) */
	}
	free(t);
	for (i = 0; i < 4 && ok; i++) {
		char *s = tb_xml_child_text(n, parts[i]);
		if (s && s[0])
			ok = tb_dec_parse(s, &v) && tb_dec_add(sum, v, &sum);
		free(s); /* an absent or empty source counts as 0 */
	}
	if (!ok || sum == total)
		return;
	tb_dec_format(sum, a, sizeof a);
	tb_dec_format(total, b, sizeof b);
	pos(n, &line, &col);
	tb_error(vs->ctx, "funding.sum", vs->file, line, col,
	         N_("correct the total or one of fiscal, self, superior, other so that they add up "
	            "exactly"),
	         N_("funding sources add up to %s (10,000 yuan) but the total says %s"), a, b);
}

/* ---- enumerations ---- */

static void check_targets(vstate *vs)
{
	const tb_program *p = vs->e->program;
	xmlNodePtr sec = tb_xml_child(vs->root, "service-targets"), n, m;
	unsigned line, col;

	for (n = tb_xml_child(sec, "target"); n; n = tb_xml_next(n, "target")) {
		char *ref = tb_ev_attr(n, "ref");
		int known = 0, dup = 0;
		size_t i;
		if (!ref || !ref[0]) {
			free(ref);
			continue;
		}
		for (m = tb_xml_child(sec, "target"); m != n && !dup; m = tb_xml_next(m, "target")) {
			char *r2 = tb_ev_attr(m, "ref");
			dup = r2 && !strcmp(r2, ref);
			free(r2);
		}
		pos(n, &line, &col);
		if (dup)
			tb_error(vs->ctx, "enum.duplicate", vs->file, line, col,
			         N_("list each service target once"),
			         N_("service target \"%s\" is listed twice"), ref);
		if (p && !dup && tb_program_target_count(p) > 0) {
			for (i = 0; i < tb_program_target_count(p) && !known; i++)
				known = !strcmp(tb_program_target_id(p, i), ref);
			if (!known)
				tb_error(vs->ctx, "enum.target", vs->file, line, col,
				         N_("use one of the target ids listed in the skeleton from 'tianbiao "
				            "init'"),
				         N_("\"%s\" is not a service target of program %s"), ref,
				         tb_program_id(p));
		}
		free(ref);
	}
}

static void check_kind(vstate *vs)
{
	const tb_program *p = vs->e->program;
	size_t i;
	int known = 0;
	unsigned line, col;

	/* A program without quotas (kaifu-2022) has no kinds to choose from. */
	if (!p || !vs->e->kind || !vs->e->kind[0] || tb_program_quota_count(p) == 0)
		return;
	for (i = 0; i < tb_program_quota_count(p) && !known; i++)
		known = !strcmp(tb_program_quota_kind(p, i), vs->e->kind);
	if (known)
		return;
	pos(tb_xml_child(vs->root, "recommender"), &line, &col);
	tb_error(vs->ctx, "enum.recommender-kind", vs->file, line, col,
	         N_("use one of the recommender kinds listed in the skeleton from 'tianbiao init'"),
	         N_("\"%s\" is not a kind of recommending body of program %s"), vs->e->kind,
	         tb_program_id(p));
}

/* ---- attachments ---- */

/* Calls fn for each space-separated token of list. */
static void each_token(const char *list, void (*fn)(vstate *, void *, const char *), vstate *vs,
                       void *arg)
{
	char tok[128];
	const char *s = list;
	while (s && *s) {
		size_t n;
		while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			s++;
		n = strcspn(s, " \t\n\r");
		if (n == 0)
			break;
		if (n < sizeof tok) {
			memcpy(tok, s, n);
			tok[n] = '\0';
			fn(vs, arg, tok);
		}
		s += n;
	}
}

static void supports_one(vstate *vs, void *arg, const char *id)
{
	tb_ev_attachment *a = arg;
	unsigned line, col;
	if (tb_program_indicator_find(vs->e->program, id))
		return;
	pos(a->node, &line, &col);
	tb_error(vs->ctx, "attachment.supports", vs->file, line, col,
	         N_("list indicator ids of the program (e.g. 1.1.1), separated by spaces"),
	         N_("attachment \"%s\" supports indicator \"%s\", which program %s does not have"),
	         a->id, id, tb_program_id(vs->e->program));
}

static const char *path_problem_text(tb_path_problem pr)
{
	switch (pr) {
	case TB_PATH_EMPTY: return N_("the path is empty");
	case TB_PATH_ABSOLUTE: return N_("the path is absolute");
	case TB_PATH_DOTDOT: return N_("the path contains \"..\"");
	case TB_PATH_BACKSLASH: return N_("the path contains a backslash");
	case TB_PATH_CONTROL: return N_("the path contains control characters");
	case TB_PATH_ESCAPES: return N_("the path leads outside the evidence folder (symbolic link)");
	default: return N_("the path is not allowed");
	}
}

static void check_file(vstate *vs, tb_ev_attachment *a, unsigned line, unsigned col)
{
	char *full = NULL, hex[TB_DIGEST_HEX_MAX];
	tb_path_problem pr = tb_path_confine(vs->e->dir, a->path, &full);
	struct stat st;

	if (pr == TB_PATH_MISSING) {
		tb_error(vs->ctx, "attachment.missing", vs->file, line, col,
		         N_("put the file into the evidence folder, or correct the path (relative "
		            "to the folder of the evidence file)"),
		         N_("attachment \"%s\": file \"%s\" does not exist"), a->id, a->path);
		return;
	}
	if (pr != TB_PATH_OK) {
		tb_error(vs->ctx, "attachment.path", vs->file, line, col,
		         N_("copy the file into the evidence folder and give its path relative to it, "
		            "with forward slashes"),
		         N_("attachment \"%s\": %s: \"%s\""), a->id, _(path_problem_text(pr)), a->path);
		return;
	}
	if (stat(full, &st) != 0 || !S_ISREG(st.st_mode)) {
		tb_error(vs->ctx, "attachment.missing", vs->file, line, col,
		         N_("the path must name a file, not a folder"),
		         N_("attachment \"%s\": \"%s\" is not a regular file"), a->id, a->path);
	} else if (a->sha256 && a->sha256[0] &&
	           tb_digest_file(vs->ctx, TB_SHA256, full, hex) == TB_OK &&
	           strcasecmp(hex, a->sha256) != 0) {
		tb_error(vs->ctx, "attachment.sha256", vs->file, line, col,
		         N_("if the file is the right one, update the sha256 attribute (sha256sum "
		            "prints it); otherwise restore the original file"),
		         N_("attachment \"%s\": file \"%s\" has SHA-256 %s, not the %s written here"),
		         a->id, a->path, hex, a->sha256);
	}
	free(full);
}

static void check_attachments(vstate *vs, const tb_evidence_options *opts)
{
	tb_evidence *e = vs->e;
	size_t i, j;
	unsigned line, col;

	if (e->natt > TB_EV_MAX_PACKAGE_ATTACHMENTS) {
		pos(e->att[TB_EV_MAX_PACKAGE_ATTACHMENTS].node, &line, &col);
		tb_error(vs->ctx, "attachment.count", vs->file, line, col,
		         N_("put the scans or photos for one indicator into one PDF"),
		         N_("%zu attachments, more than the %d a submission can carry (this is the "
		            "first one past the limit)"),
		         e->natt, TB_EV_MAX_PACKAGE_ATTACHMENTS);
	}
	for (i = 0; i < e->natt; i++) {
		tb_ev_attachment *a = &e->att[i];
		tb_path_problem pr;
		pos(a->node, &line, &col);
		for (j = 0; j < i && a->id[0]; j++) {
			if (!strcmp(e->att[j].id, a->id)) {
				unsigned l2, c2;
				pos(e->att[j].node, &l2, &c2);
				tb_error(vs->ctx, "attachment.duplicate-id", vs->file, line, col,
				         N_("give every attachment its own id"),
				         N_("attachment id \"%s\" is already used (line %u)"), a->id, l2);
				break;
			}
		}
		if (e->program)
			each_token(a->supports, supports_one, vs, a);
		pr = tb_path_check_relative(a->path);
		if (pr != TB_PATH_OK) {
			tb_error(vs->ctx, "attachment.path", vs->file, line, col,
			         N_("copy the file into the evidence folder and give its path relative to "
			            "it, with forward slashes"),
			         N_("attachment \"%s\": %s: \"%s\""), a->id, _(path_problem_text(pr)),
			         a->path);
			continue;
		}
		if (opts->check_attachments)
			check_file(vs, a, line, col);
	}
}

/* ---- self-assessment ---- */

static void claim_att_one(vstate *vs, void *arg, const char *id)
{
	tb_ev_claim *c = arg;
	size_t i;
	unsigned line, col;
	for (i = 0; i < vs->e->natt; i++)
		if (!strcmp(vs->e->att[i].id, id))
			return;
	pos(c->node, &line, &col);
	tb_error(vs->ctx, "claim.attachment", vs->file, line, col,
	         N_("cite ids of <attachment> elements, separated by spaces"),
	         N_("indicator %s cites attachment \"%s\", which is not in <attachments>"),
	         c->indicator, id);
}

static void check_claim(vstate *vs, size_t k)
{
	tb_evidence *e = vs->e;
	tb_ev_claim *c = &e->claims[k];
	const tb_indicator *ind = NULL;
	size_t j;
	unsigned line, col;
	char a[40], b[40];

	pos(c->node, &line, &col);
	for (j = 0; j < k; j++) {
		if (c->indicator[0] && !strcmp(e->claims[j].indicator, c->indicator)) {
			unsigned l2, c2;
			pos(e->claims[j].node, &l2, &c2);
			tb_error(vs->ctx, "claim.duplicate", vs->file, line, col,
			         N_("claim each indicator once; merge the two items"),
			         N_("indicator %s is claimed twice (first at line %u)"), c->indicator, l2);
			break;
		}
	}
	if (!c->points_text[0]) {
		tb_error(vs->ctx, "claim.points", vs->file, line, col,
		         N_("write the points you claim, e.g. points=\"3\" (0 if none)"),
		         N_("no points claimed for indicator %s"), c->indicator);
	} else if (c->points < 0) {
		tb_dec d;
		if (tb_dec_parse(c->points_text, &d)) /* else the schema reported it */
			tb_error(vs->ctx, "claim.points", vs->file, line, col,
			         N_("points have at most two decimal places, e.g. 1.5 or 0.25"),
			         N_("points \"%s\" for indicator %s are finer than 0.01"), c->points_text,
			         c->indicator);
	}
	if (e->program && c->indicator[0]) {
		ind = tb_program_indicator_find(e->program, c->indicator);
		if (!ind)
			tb_error(vs->ctx, "claim.indicator", vs->file, line, col,
			         N_("use a leaf indicator id of the program; the skeleton from 'tianbiao "
			            "init' lists them all"),
			         N_("indicator \"%s\" does not exist in program %s"), c->indicator,
			         tb_program_id(e->program));
		else if (tb_indicator_child_count(ind) > 0) {
			tb_error(vs->ctx, "claim.indicator", vs->file, line, col,
			         N_("claim points on its sub-indicators instead"),
			         N_("indicator %s has sub-indicators (e.g. %s); only leaf indicators are "
			            "claimed"),
			         c->indicator, tb_indicator_id(tb_indicator_child(ind, 0)));
			ind = NULL;
		}
	}
	if (ind && c->points > tb_indicator_weight(ind)) {
		tb_points_format(c->points, a, sizeof a);
		tb_points_format(tb_indicator_weight(ind), b, sizeof b);
		tb_error(vs->ctx, "claim.points", vs->file, line, col,
		         N_("claim at most the indicator's weight"),
		         N_("%s points claimed for indicator %s, whose weight is %s"), a, c->indicator,
		         b);
	}
	each_token(c->attachments, claim_att_one, vs, c);
	if (ind && tb_indicator_char_limit(ind) > 0) {
		size_t n = tb_utf8_count_limit(c->explanation);
		if (n > tb_indicator_char_limit(ind)) {
			xmlNodePtr ex = tb_xml_child(c->node, "explanation");
			unsigned l3, c3;
			pos(ex ? ex : c->node, &l3, &c3);
			tb_error(vs->ctx, "text.too-long", vs->file, l3, c3,
			         N_("shorten the explanation; characters are counted, not bytes, and "
			            "whitespace is not counted"),
			         N_("the explanation for indicator %s has %zu characters, more than the "
			            "%u the program allows"),
			         c->indicator, n, tb_indicator_char_limit(ind));
		}
	}
}

void tb_evidence_check(tb_ctx *ctx, tb_evidence *e, const tb_evidence_options *opts)
{
	vstate vs;
	size_t k;

	vs.ctx = ctx;
	vs.e = e;
	vs.file = e->path;
	vs.root = xmlDocGetRootElement(e->doc);
	if (!vs.root || strcmp((const char *)vs.root->name, "evidence") != 0)
		return; /* the schema said so; nothing below would make sense */
	check_program(&vs);
	check_fields(&vs);
	check_formats(&vs);
	check_deadline(&vs);
	check_staff(&vs);
	check_funding(&vs);
	check_targets(&vs);
	check_kind(&vs);
	check_attachments(&vs, opts);
	for (k = 0; k < e->nclaims; k++)
		check_claim(&vs, k);
}
