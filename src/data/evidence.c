/* evidence.c: reading one applicant's evidence into a model, and its accessors. The XML tree
 * is kept (with source positions) for the validator, the fill and the scoring modules. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/ctx.h"
#include "core/file.h"
#include "core/i18n.h"
#include "core/xml.h"
#include "data/decimal.h"
#include "data/evidence_internal.h"

static void trim(char *s)
{
	char *b = s, *e;
	if (!s)
		return;
	while (*b == ' ' || *b == '\t' || *b == '\n' || *b == '\r')
		b++;
	e = b + strlen(b);
	while (e > b && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
		e--;
	memmove(s, b, (size_t)(e - b));
	s[e - b] = '\0';
}

char *tb_ev_attr(xmlNodePtr node, const char *name)
{
	char *v = tb_xml_attr(node, name);
	trim(v);
	return v;
}

char *tb_ev_paragraphs(xmlNodePtr node)
{
	tb_buf b = TB_BUF_INIT;
	xmlNodePtr p;
	int any = 0;

	if (!node)
		return NULL;
	tb_buf_init(&b, TB_XML_MAX_BYTES);
	for (p = tb_xml_child(node, "p"); p; p = tb_xml_next(p, "p")) {
		char *t = tb_xml_text(p);
		if (!t || (any && tb_buf_putc(&b, '\n')) || tb_buf_puts(&b, t)) {
			free(t);
			tb_buf_free(&b);
			return NULL;
		}
		free(t);
		any = 1;
	}
	if (!any) {
		tb_buf_free(&b);
		return tb_xml_text(node);
	}
	if (!b.data)
		return strdup("");
	return tb_buf_detach(&b, NULL);
}

static char *dup0(const char *s)
{
	return strdup(s ? s : "");
}

/* Fill the model from the tree. Tolerant: whatever is absent stays NULL/empty (the schema
 * and the checks report it). Returns TB_ENOMEM or TB_OK; limits are diagnostics. */
static tb_status read_model(tb_ctx *ctx, tb_evidence *e)
{
	xmlNodePtr root = xmlDocGetRootElement(e->doc), n, sec;
	unsigned line, col;

	e->program_id = tb_ev_attr(root, "program");
	e->applicant = tb_xml_child_text(tb_xml_child(root, "applicant"), "name");
	sec = tb_xml_child(root, "recommender");
	e->recommender = tb_xml_child_text(sec, "name");
	e->kind = tb_ev_attr(sec, "kind");
	e->date = tb_xml_child_text(root, "date");

	sec = tb_xml_child(root, "service-targets");
	for (n = tb_xml_child(sec, "target"); n; n = tb_xml_next(n, "target")) {
		char **v;
		if (e->ntargets >= TB_EV_MAX_TARGETS) {
			tb_xml_node_pos(n, &line, &col);
			tb_error(ctx, "limit.count", e->path, line, col, N_("list each target once"),
			         N_("more than %d service targets"), TB_EV_MAX_TARGETS);
			break;
		}
		v = realloc(e->targets, (e->ntargets + 1) * sizeof *v);
		if (!v)
			return TB_ENOMEM;
		e->targets = v;
		if (!(v[e->ntargets] = tb_ev_attr(n, "ref")) && !(v[e->ntargets] = strdup("")))
			return TB_ENOMEM;
		e->ntargets++;
	}

	sec = tb_xml_child(root, "attachments");
	for (n = tb_xml_child(sec, "attachment"); n; n = tb_xml_next(n, "attachment")) {
		tb_ev_attachment *a;
		if (e->natt >= TB_EV_MAX_ATTACHMENTS) {
			tb_xml_node_pos(n, &line, &col);
			tb_error(ctx, "limit.count", e->path, line, col,
			         N_("bundle related documents into fewer files"),
			         N_("more than %d attachments"), TB_EV_MAX_ATTACHMENTS);
			break;
		}
		a = realloc(e->att, (e->natt + 1) * sizeof *a);
		if (!a)
			return TB_ENOMEM;
		e->att = a;
		a = &e->att[e->natt++];
		memset(a, 0, sizeof *a);
		a->node = n;
		a->id = tb_ev_attr(n, "id");
		a->path = tb_ev_attr(n, "path");
		a->sha256 = tb_ev_attr(n, "sha256");
		a->supports = tb_ev_attr(n, "supports");
		a->title = tb_xml_child_text(n, "title");
		if (!a->id)
			a->id = dup0(NULL);
		if (!a->path)
			a->path = dup0(NULL);
		if (!a->supports)
			a->supports = dup0(NULL);
		if (!a->title)
			a->title = dup0(NULL);
		if (!a->id || !a->path || !a->supports || !a->title)
			return TB_ENOMEM;
	}

	sec = tb_xml_child(root, "self-assessment");
	for (n = tb_xml_child(sec, "item"); n; n = tb_xml_next(n, "item")) {
		tb_ev_claim *c;
		tb_dec d;
		if (e->nclaims >= TB_EV_MAX_CLAIMS) {
			tb_xml_node_pos(n, &line, &col);
			tb_error(ctx, "limit.count", e->path, line, col, N_("claim each indicator once"),
			         N_("more than %d self-assessment items"), TB_EV_MAX_CLAIMS);
			break;
		}
		c = realloc(e->claims, (e->nclaims + 1) * sizeof *c);
		if (!c)
			return TB_ENOMEM;
		e->claims = c;
		c = &e->claims[e->nclaims++];
		memset(c, 0, sizeof *c);
		c->node = n;
		c->indicator = tb_ev_attr(n, "indicator");
		c->points_text = tb_ev_attr(n, "points");
		c->attachments = tb_ev_attr(n, "attachments");
		c->explanation = tb_ev_paragraphs(tb_xml_child(n, "explanation"));
		if (!c->indicator)
			c->indicator = dup0(NULL);
		if (!c->points_text)
			c->points_text = dup0(NULL);
		if (!c->attachments)
			c->attachments = dup0(NULL);
		if (!c->explanation)
			c->explanation = dup0(NULL);
		if (!c->indicator || !c->points_text || !c->attachments || !c->explanation)
			return TB_ENOMEM;
		if (!tb_dec_parse(c->points_text, &d) || !tb_dec_to_points(d, &c->points))
			c->points = -1;
	}
	return TB_OK;
}

void tb_evidence_free(tb_evidence *e)
{
	size_t i;

	if (!e)
		return;
	for (i = 0; i < e->ntargets; i++)
		free(e->targets[i]);
	free(e->targets);
	for (i = 0; i < e->natt; i++) {
		free(e->att[i].id);
		free(e->att[i].path);
		free(e->att[i].title);
		free(e->att[i].sha256);
		free(e->att[i].supports);
	}
	free(e->att);
	for (i = 0; i < e->nclaims; i++) {
		free(e->claims[i].indicator);
		free(e->claims[i].points_text);
		free(e->claims[i].explanation);
		free(e->claims[i].attachments);
	}
	free(e->claims);
	tb_diag_list_free(&e->diags);
	free(e->program_id);
	free(e->applicant);
	free(e->recommender);
	free(e->kind);
	free(e->date);
	tb_xml_free(e->doc);
	free(e->path);
	free(e->dir);
	free(e);
}

static size_t error_count(const tb_ctx *ctx)
{
	return tb_diag_count_severity(ctx, TB_SEV_ERROR);
}

static size_t warning_count(const tb_ctx *ctx)
{
	return tb_diag_count_severity(ctx, TB_SEV_WARNING);
}

/* Shared by the file and memory entry points once the tree is parsed. */
static tb_status load_doc(tb_ctx *ctx, const char *path, xmlDocPtr doc,
                          const tb_evidence_options *opts, bool validated, size_t errors_before,
                          size_t warnings_before, tb_evidence **out)
{
	tb_evidence_options defaults = TB_EVIDENCE_OPTIONS_INIT;
	tb_evidence *e;
	tb_diag_list *prev;
	tb_xml_edit edit;
	tb_status st;

	if (!opts)
		opts = &defaults;
	if ((st = tb_options_check(ctx, "tb_evidence_options", opts->version,
	                           TB_EVIDENCE_OPTIONS_VERSION)) != TB_OK) {
		tb_xml_free(doc);
		return st;
	}
	e = calloc(1, sizeof *e);
	if (!e) {
		tb_xml_free(doc);
		return TB_ENOMEM;
	}
	e->doc = doc;
	e->path = strdup(path);
	e->dir = tb_path_dirname(path);
	if (!e->path || !e->dir) {
		tb_evidence_free(e);
		return TB_ENOMEM;
	}
	prev = tb_diag_capture(ctx, &e->diags);
	/* Schema validation, the model and the program's checks all ask libxml2 (schema
	 * compilation, XPath), which mostly says it ran out of memory only to the error handler,
	 * then answers short: a required field's path evaluated to nothing reads as missing, a
	 * check never made as passed. Any such failure fails the load. */
	tb_xml_edit_begin(&edit);
	tb_evidence_forgive(ctx, e);
	st = validated ? TB_OK : tb_evidence_schema_check(ctx, doc);
	if (st == TB_OK || st == TB_ERROR)
		st = read_model(ctx, e);
	if (st == TB_OK && !validated)
		tb_evidence_check(ctx, e, opts);
	else if (st == TB_OK)
		tb_evidence_load_program(ctx, e); /* the one thing the checks set */
	if (tb_xml_edit_end(&edit) != TB_OK)
		st = TB_ENOMEM;
	tb_diag_capture(ctx, prev);
	if (st != TB_OK) {
		tb_evidence_free(e);
		return st;
	}
	e->nerrors = error_count(ctx) - errors_before;
	e->nwarnings = warning_count(ctx) - warnings_before;
	*out = e;
	return e->nerrors ? TB_ERROR : TB_OK;
}

tb_status tb_evidence_load(tb_ctx *ctx, const char *path, const tb_evidence_options *opts,
                           tb_evidence **out)
{
	size_t before, wbefore;
	xmlDocPtr doc = NULL;
	tb_status st;

	if (!out)
		return TB_EINVAL;
	*out = NULL;
	if (!ctx || !path)
		return TB_EINVAL;
	before = error_count(ctx);
	wbefore = warning_count(ctx);
	if ((st = tb_xml_read_file(ctx, path, TB_XML_FORGIVE, &doc)) != TB_OK)
		return st;
	return load_doc(ctx, path, doc, opts, false, before, wbefore, out);
}

tb_status tb_evidence_load_mem(tb_ctx *ctx, const char *path, const char *data, size_t len,
                               const tb_evidence_options *opts, tb_evidence **out)
{
	size_t before, wbefore;
	xmlDocPtr doc = NULL;
	tb_status st;

	*out = NULL;
	before = error_count(ctx);
	wbefore = warning_count(ctx);
	if ((st = tb_xml_read(ctx, path, data, len, TB_XML_FORGIVE, &doc)) != TB_OK)
		return st;
	return load_doc(ctx, path, doc, opts, false, before, wbefore, out);
}

tb_status tb_evidence_load_validated(tb_ctx *ctx, const char *path, const char *data, size_t len,
                                     tb_evidence **out)
{
	size_t before = error_count(ctx), wbefore = warning_count(ctx);
	xmlDocPtr doc = NULL;
	tb_status st;

	*out = NULL;
	if ((st = tb_xml_read(ctx, path, data, len, TB_XML_FORGIVE, &doc)) != TB_OK)
		return st;
	return load_doc(ctx, path, doc, NULL, true, before, wbefore, out);
}

xmlDocPtr tb_evidence_doc(const tb_evidence *e)
{
	return e ? e->doc : NULL;
}

const char *tb_evidence_path(const tb_evidence *e) { return e->path; }
const char *tb_evidence_dir(const tb_evidence *e) { return e->dir; }
const tb_program *tb_evidence_program(const tb_evidence *e) { return e->program; }
const char *tb_evidence_applicant(const tb_evidence *e) { return e->applicant; }
const char *tb_evidence_recommender(const tb_evidence *e) { return e->recommender; }
const char *tb_evidence_recommender_kind(const tb_evidence *e) { return e->kind; }
const char *tb_evidence_date(const tb_evidence *e) { return e->date; }
size_t tb_evidence_error_count(const tb_evidence *e) { return e->nerrors; }
size_t tb_evidence_warning_count(const tb_evidence *e) { return e->nwarnings; }

int tb_evidence_has_target(const tb_evidence *e, const char *target_id)
{
	size_t i;
	for (i = 0; target_id && i < e->ntargets; i++)
		if (!strcmp(e->targets[i], target_id))
			return 1;
	return 0;
}

size_t tb_evidence_attachment_count(const tb_evidence *e) { return e->natt; }

const char *tb_evidence_attachment_id(const tb_evidence *e, size_t i)
{
	return i < e->natt ? e->att[i].id : NULL;
}

const char *tb_evidence_attachment_path(const tb_evidence *e, size_t i)
{
	return i < e->natt ? e->att[i].path : NULL;
}

const char *tb_evidence_attachment_title(const tb_evidence *e, size_t i)
{
	return i < e->natt ? e->att[i].title : NULL;
}

const char *tb_evidence_attachment_sha256(const tb_evidence *e, size_t i)
{
	return i < e->natt ? e->att[i].sha256 : NULL;
}

size_t tb_evidence_claim_count(const tb_evidence *e) { return e->nclaims; }

const char *tb_evidence_claim_indicator(const tb_evidence *e, size_t i)
{
	return i < e->nclaims ? e->claims[i].indicator : NULL;
}

tb_points tb_evidence_claim_points(const tb_evidence *e, size_t i)
{
	return i < e->nclaims ? e->claims[i].points : -1;
}

const char *tb_evidence_claim_explanation(const tb_evidence *e, size_t i)
{
	return i < e->nclaims ? e->claims[i].explanation : NULL;
}

const char *tb_evidence_claim_attachments(const tb_evidence *e, size_t i)
{
	return i < e->nclaims ? e->claims[i].attachments : NULL;
}

unsigned tb_evidence_claim_line(const tb_evidence *e, size_t i)
{
	unsigned line = 0, col;
	if (i < e->nclaims)
		tb_xml_node_pos(e->claims[i].node, &line, &col);
	return line;
}
