/* program_parse.c: build the program model from a schema-valid program.xml tree. */
#include <stdlib.h>
#include <string.h>

#include "core/ctx.h"
#include "core/file.h"
#include "core/i18n.h"
#include "core/vec.h"
#include "core/xml.h"
#include "data/decimal.h"
#include "data/program_parse.h"

typedef struct parse_state {
	tb_ctx *ctx;
	const char *path;
	tb_program *p;
	size_t ind_cap;
	tb_status st; /* first hard failure (memory, limits) */
	int errors;   /* data errors reported */
} parse_state;

static unsigned node_line(xmlNodePtr n)
{
	unsigned line = 0, col = 0;
	tb_xml_node_pos(n, &line, &col);
	return line;
}

static int is_elem(xmlNodePtr n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

static void nomem(parse_state *ps)
{
	if (ps->st == TB_OK)
		ps->st = TB_ENOMEM;
}

static char *text_of(parse_state *ps, xmlNodePtr n)
{
	char *s = tb_xml_text(n);
	if (n && !s)
		nomem(ps);
	return s;
}

static char *attr_of(parse_state *ps, xmlNodePtr n, const char *name)
{
	char *s = tb_xml_attr(n, name);
	if (!s && n && xmlHasProp(n, (const xmlChar *)name))
		nomem(ps); /* there, but not copied */
	return s;
}

const char *tb_points_format(tb_points p, char *buf, size_t cap)
{
	long whole, part;
	const char *sign = "";

	if (p < 0) {
		sign = "-";
		p = -p;
	}
	whole = p / TB_POINTS_SCALE;
	part = p % TB_POINTS_SCALE;
	if (part == 0)
		snprintf(buf, cap, "%s%ld", sign, whole);
	else if (part % 10 == 0)
		snprintf(buf, cap, "%s%ld.%ld", sign, whole, part / 10);
	else
		snprintf(buf, cap, "%s%ld.%02ld", sign, whole, part);
	return buf;
}

/* Points attribute; reports program.points on a malformed value (the schema should have). */
static tb_points points_attr(parse_state *ps, xmlNodePtr n, const char *name)
{
	char *s = attr_of(ps, n, name);
	tb_points v = tb_points_parse(s);
	if (v < 0) {
		tb_error(ps->ctx, "program.points", ps->path, node_line(n), 0,
		         N_("Write points as a number with at most two decimals, e.g. 2 or 0.5."),
		         N_("attribute %s=\"%s\" is not a number of points"), name, s ? s : "");
		ps->errors++;
		v = 0;
	}
	free(s);
	return v;
}

static unsigned uint_attr(parse_state *ps, xmlNodePtr n, const char *name)
{
	char *s = attr_of(ps, n, name), *end = NULL;
	unsigned long v = s ? strtoul(s, &end, 10) : 0;
	unsigned r = (s && end && !*end && v <= 1000000ul) ? (unsigned)v : 0;
	free(s);
	return r;
}

static int bool_attr(parse_state *ps, xmlNodePtr n, const char *name)
{
	char *s = attr_of(ps, n, name);
	int r = s && (!strcmp(s, "true") || !strcmp(s, "1"));
	free(s);
	return r;
}

/* Append a string to a growable string vector. */
static void strv_push(parse_state *ps, char ***v, size_t *n, char *s)
{
	char **nv;
	if (!s) {
		nomem(ps);
		return;
	}
	nv = realloc(*v, (*n + 1) * sizeof **v);
	if (!nv) {
		free(s);
		nomem(ps);
		return;
	}
	*v = nv;
	(*v)[(*n)++] = s;
}

static void strv_free_n(char **v, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* ---- scoring rules ---- */

static void rule_free(tb_rule *r)
{
	size_t i;
	for (i = 0; i < r->alt_count; i++)
		rule_free(&r->alts[i]);
	free(r->alts);
	free(r->unit);
	free(r->condition);
	free(r->text);
}

static void parse_rule(parse_state *ps, xmlNodePtr n, tb_rule *r)
{
	const char *name = (const char *)n->name;
	xmlNodePtr c;

	memset(r, 0, sizeof *r);
	r->line = node_line(n);
	r->text = text_of(ps, n);
	if (!strcmp(name, "fixed")) {
		r->kind = TB_RULE_FIXED;
		r->points = points_attr(ps, n, "points");
	} else if (!strcmp(name, "judged") || !strcmp(name, "tiered")) {
		r->kind = !strcmp(name, "judged") ? TB_RULE_JUDGED : TB_RULE_TIERED;
		r->min = points_attr(ps, n, "min");
		r->max = points_attr(ps, n, "max");
	} else if (!strcmp(name, "per-unit")) {
		r->kind = TB_RULE_PER_UNIT;
		r->points = points_attr(ps, n, "points");
		r->max = points_attr(ps, n, "max");
		r->unit = attr_of(ps, n, "unit");
	} else if (!strcmp(name, "cap")) {
		r->kind = TB_RULE_CAP;
		r->max = points_attr(ps, n, "max");
		r->condition = attr_of(ps, n, "condition");
	} else if (!strcmp(name, "disqualify")) {
		r->kind = TB_RULE_DISQUALIFY;
		r->condition = attr_of(ps, n, "condition");
	} else if (!strcmp(name, "alternatives")) {
		size_t n_alts = 0;
		r->kind = TB_RULE_ALTERNATIVES;
		free(r->text);
		r->text = NULL;
		for (c = tb_xml_child(n, NULL); c; c = tb_xml_next(c, NULL))
			n_alts++;
		r->alts = calloc(n_alts ? n_alts : 1, sizeof *r->alts);
		if (!r->alts) {
			nomem(ps);
			return;
		}
		for (c = tb_xml_child(n, NULL); c; c = tb_xml_next(c, NULL))
			parse_rule(ps, c, &r->alts[r->alt_count++]);
	}
}

static void criterion_free(tb_criterion *c)
{
	size_t i;
	for (i = 0; i < c->rule_count; i++)
		rule_free(&c->rules[i]);
	free(c->rules);
	strv_free_n(c->notes, c->note_count);
	free(c->id);
	free(c->text);
}

static void parse_criterion(parse_state *ps, xmlNodePtr n, tb_criterion *cr)
{
	xmlNodePtr c;
	size_t nrules = 0;

	memset(cr, 0, sizeof *cr);
	cr->line = node_line(n);
	cr->id = attr_of(ps, n, "id");
	cr->max = points_attr(ps, n, "max");
	if (!cr->id)
		nomem(ps);
	for (c = tb_xml_child(n, NULL); c; c = tb_xml_next(c, NULL))
		if (!is_elem(c, "text") && !is_elem(c, "note"))
			nrules++;
	cr->rules = calloc(nrules ? nrules : 1, sizeof *cr->rules);
	if (!cr->rules) {
		nomem(ps);
		return;
	}
	for (c = tb_xml_child(n, NULL); c; c = tb_xml_next(c, NULL)) {
		if (is_elem(c, "text")) {
			free(cr->text);
			cr->text = text_of(ps, c);
		} else if (is_elem(c, "note")) {
			strv_push(ps, &cr->notes, &cr->note_count, text_of(ps, c));
		} else {
			parse_rule(ps, c, &cr->rules[cr->rule_count++]);
		}
	}
}

/* ---- indicators ---- */

static void indicator_free(tb_indicator *ind)
{
	size_t i;
	if (!ind)
		return;
	for (i = 0; i < ind->evidence_count; i++) {
		free(ind->evidence[i].text);
		strv_free_n(ind->evidence[i].units, ind->evidence[i].unit_count);
	}
	free(ind->evidence);
	for (i = 0; i < ind->criterion_count; i++)
		criterion_free(&ind->criteria[i]);
	free(ind->criteria);
	strv_free_n(ind->units, ind->unit_count);
	strv_free_n(ind->notes, ind->note_count);
	free(ind->children);
	free(ind->id);
	free(ind->title);
	free(ind->text);
	free(ind->target);
	free(ind->evidence_joined);
	free(ind);
}

static tb_indicator *add_indicator(parse_state *ps, xmlNodePtr n)
{
	tb_program *p = ps->p;
	tb_indicator *ind;

	if (p->indicator_count >= TB_PROGRAM_MAX_INDICATORS) {
		if (ps->st == TB_OK) {
			tb_error(ps->ctx, "program.limit", ps->path, node_line(n), 0,
			         N_("Split the program or raise TB_PROGRAM_MAX_INDICATORS."),
			         N_("more than %d indicators"), TB_PROGRAM_MAX_INDICATORS);
			ps->st = TB_ELIMIT;
		}
		return NULL;
	}
	if (TB_GROW(p->indicators, ps->ind_cap, p->indicator_count + 1) != TB_OK) {
		nomem(ps);
		return NULL;
	}
	ind = calloc(1, sizeof *ind);
	if (!ind) {
		nomem(ps);
		return NULL;
	}
	p->indicators[p->indicator_count++] = ind;
	return ind;
}

static void join_evidence(parse_state *ps, tb_indicator *ind)
{
	size_t i, len = 0;
	char *s;
	unsigned limited = 0, limit = 0;

	for (i = 0; i < ind->evidence_count; i++) {
		len += strlen(ind->evidence[i].text ? ind->evidence[i].text : "") + 1;
		if (ind->evidence[i].char_limit) {
			limited++;
			limit = ind->evidence[i].char_limit;
		}
	}
	/* One limited piece of evidence: its limit is the limit of the explanation. */
	if (!ind->char_limit && limited == 1)
		ind->char_limit = limit;
	if (!ind->evidence_count)
		return;
	s = malloc(len);
	if (!s) {
		nomem(ps);
		return;
	}
	s[0] = '\0';
	for (i = 0; i < ind->evidence_count; i++) {
		if (i)
			strcat(s, "\n");
		strcat(s, ind->evidence[i].text ? ind->evidence[i].text : "");
	}
	ind->evidence_joined = s;
}

static void parse_evidence(parse_state *ps, xmlNodePtr n, tb_evidence_req *ev)
{
	xmlNodePtr c;
	memset(ev, 0, sizeof *ev);
	ev->char_limit = uint_attr(ps, n, "char-limit");
	for (c = tb_xml_child(n, NULL); c; c = tb_xml_next(c, NULL)) {
		if (is_elem(c, "text")) {
			free(ev->text);
			ev->text = text_of(ps, c);
		} else if (is_elem(c, "unit")) {
			strv_push(ps, &ev->units, &ev->unit_count, text_of(ps, c));
		}
	}
}

static void parse_indicator(parse_state *ps, xmlNodePtr n, tb_indicator *parent, int level)
{
	tb_indicator *ind;
	xmlNodePtr c;
	size_t nev = 0, ncrit = 0, nchild = 0;

	if (level > TB_PROGRAM_MAX_DEPTH) {
		if (ps->st == TB_OK) {
			tb_error(ps->ctx, "program.limit", ps->path, node_line(n), 0,
			         N_("Indicators may nest at most 8 levels deep."),
			         N_("indicator nesting deeper than %d levels"), TB_PROGRAM_MAX_DEPTH);
			ps->st = TB_ELIMIT;
		}
		return;
	}
	if (!(ind = add_indicator(ps, n)))
		return;
	ind->level = level;
	ind->parent = parent;
	ind->line = node_line(n);
	ind->id = attr_of(ps, n, "id");
	ind->weight = points_attr(ps, n, "weight");
	ind->char_limit = uint_attr(ps, n, "char-limit");
	ind->target = attr_of(ps, n, "target");
	if (!ind->id)
		nomem(ps);

	for (c = tb_xml_child(n, NULL); c; c = tb_xml_next(c, NULL)) {
		if (is_elem(c, "evidence"))
			nev++;
		else if (is_elem(c, "indicator"))
			nchild++;
		else if (is_elem(c, "scoring")) {
			xmlNodePtr k;
			for (k = tb_xml_child(c, "criterion"); k; k = tb_xml_next(k, "criterion"))
				ncrit++;
		}
	}
	ind->evidence = calloc(nev ? nev : 1, sizeof *ind->evidence);
	ind->criteria = calloc(ncrit ? ncrit : 1, sizeof *ind->criteria);
	ind->children = calloc(nchild ? nchild : 1, sizeof *ind->children);
	if (!ind->evidence || !ind->criteria || !ind->children) {
		nomem(ps);
		return;
	}
	for (c = tb_xml_child(n, NULL); c && ps->st == TB_OK; c = tb_xml_next(c, NULL)) {
		if (is_elem(c, "title")) {
			ind->title = text_of(ps, c);
		} else if (is_elem(c, "text")) {
			ind->text = text_of(ps, c);
		} else if (is_elem(c, "evidence")) {
			parse_evidence(ps, c, &ind->evidence[ind->evidence_count++]);
		} else if (is_elem(c, "unit")) {
			strv_push(ps, &ind->units, &ind->unit_count, text_of(ps, c));
		} else if (is_elem(c, "note")) {
			strv_push(ps, &ind->notes, &ind->note_count, text_of(ps, c));
		} else if (is_elem(c, "scoring")) {
			xmlNodePtr k;
			for (k = tb_xml_child(c, "criterion"); k; k = tb_xml_next(k, "criterion"))
				parse_criterion(ps, k, &ind->criteria[ind->criterion_count++]);
		} else if (is_elem(c, "indicator")) {
			size_t before = ps->p->indicator_count;
			parse_indicator(ps, c, ind, level + 1);
			if (ps->p->indicator_count > before)
				ind->children[ind->child_count++] = ps->p->indicators[before];
		}
	}
	join_evidence(ps, ind);
}

/* ---- program-level lists ---- */

static void parse_lists(parse_state *ps, xmlNodePtr root)
{
	tb_program *p = ps->p;
	xmlNodePtr sec, c;
	size_t n;

	if ((sec = tb_xml_child(root, "submission"))) {
		for (n = 0, c = tb_xml_child(sec, "format"); c; c = tb_xml_next(c, "format"))
			n++;
		if (!(p->formats = calloc(n ? n : 1, sizeof *p->formats)))
			return nomem(ps);
		for (c = tb_xml_child(sec, "format"); c; c = tb_xml_next(c, "format")) {
			tb_program_format *f = &p->formats[p->format_count++];
			f->type = attr_of(ps, c, "type");
			f->label = text_of(ps, c);
			f->signed_ = bool_attr(ps, c, "signed");
		}
		p->submit_to = tb_xml_child_text(sec, "to");
	}
	if ((sec = tb_xml_child(root, "templates"))) {
		for (n = 0, c = tb_xml_child(sec, "template"); c; c = tb_xml_next(c, "template"))
			n++;
		if (!(p->templates = calloc(n ? n : 1, sizeof *p->templates)))
			return nomem(ps);
		for (c = tb_xml_child(sec, "template"); c; c = tb_xml_next(c, "template")) {
			tb_program_template_ref *t = &p->templates[p->template_count++];
			t->role = attr_of(ps, c, "role");
			t->format = attr_of(ps, c, "format");
			t->file = attr_of(ps, c, "file");
		}
	}
	if ((sec = tb_xml_child(root, "quotas"))) {
		for (n = 0, c = tb_xml_child(sec, "quota"); c; c = tb_xml_next(c, "quota"))
			n++;
		if (!(p->quotas = calloc(n ? n : 1, sizeof *p->quotas)))
			return nomem(ps);
		for (c = tb_xml_child(sec, "quota"); c; c = tb_xml_next(c, "quota")) {
			tb_program_quota *q = &p->quotas[p->quota_count++];
			q->kind = attr_of(ps, c, "kind");
			q->line = node_line(c);
			q->max = uint_attr(ps, c, "max");
			q->label = tb_xml_child_text(c, "label");
			q->note = tb_xml_child_text(c, "note");
		}
	}
	if ((sec = tb_xml_child(root, "targets"))) {
		for (n = 0, c = tb_xml_child(sec, "target"); c; c = tb_xml_next(c, "target"))
			n++;
		if (!(p->targets = calloc(n ? n : 1, sizeof *p->targets)))
			return nomem(ps);
		for (c = tb_xml_child(sec, "target"); c; c = tb_xml_next(c, "target")) {
			tb_program_target *t = &p->targets[p->target_count++];
			t->id = attr_of(ps, c, "id");
			t->line = node_line(c);
			t->number = uint_attr(ps, c, "number");
			t->label = tb_xml_child_text(c, "label");
		}
	}
	if ((sec = tb_xml_child(root, "form"))) {
		for (n = 0, c = tb_xml_child(sec, "field"); c; c = tb_xml_next(c, "field"))
			n++;
		if (!(p->fields = calloc(n ? n : 1, sizeof *p->fields)))
			return nomem(ps);
		for (c = tb_xml_child(sec, "field"); c; c = tb_xml_next(c, "field")) {
			tb_program_field *f = &p->fields[p->field_count++];
			f->id = attr_of(ps, c, "id");
			f->line = node_line(c);
			f->path = attr_of(ps, c, "path");
			f->required = bool_attr(ps, c, "required");
			f->section = attr_of(ps, c, "section");
			f->unit = attr_of(ps, c, "unit");
			f->label = tb_xml_child_text(c, "label");
		}
	}
}

void tb_program_model_free(tb_program *p)
{
	size_t i;
	if (!p)
		return;
	for (i = 0; i < p->indicator_count; i++)
		indicator_free(p->indicators[i]);
	free(p->indicators);
	for (i = 0; i < p->target_count; i++) {
		free(p->targets[i].id);
		free(p->targets[i].label);
	}
	free(p->targets);
	for (i = 0; i < p->quota_count; i++) {
		free(p->quotas[i].kind);
		free(p->quotas[i].label);
		free(p->quotas[i].note);
	}
	free(p->quotas);
	for (i = 0; i < p->field_count; i++) {
		free(p->fields[i].id);
		free(p->fields[i].label);
		free(p->fields[i].path);
		free(p->fields[i].section);
		free(p->fields[i].unit);
	}
	free(p->fields);
	for (i = 0; i < p->template_count; i++) {
		free(p->templates[i].role);
		free(p->templates[i].format);
		free(p->templates[i].file);
		free(p->templates[i].path);
	}
	free(p->templates);
	for (i = 0; i < p->format_count; i++) {
		free(p->formats[i].type);
		free(p->formats[i].label);
	}
	free(p->formats);
	free(p->id);
	free(p->title);
	free(p->issuer);
	free(p->issued);
	free(p->deadline);
	free(p->submit_to);
	free(p->dir);
	free(p->path);
	free(p);
}

tb_status tb_program_model_build(tb_ctx *ctx, xmlDocPtr doc, const char *path, tb_program **out)
{
	parse_state ps;
	xmlNodePtr root = xmlDocGetRootElement(doc), c, inds;
	char *s;

	*out = NULL;
	memset(&ps, 0, sizeof ps);
	ps.ctx = ctx;
	ps.path = path;
	if (!(ps.p = calloc(1, sizeof *ps.p)))
		return TB_ENOMEM;
	ps.p->id = attr_of(&ps, root, "id");
	ps.p->title = tb_xml_child_text(root, "title");
	ps.p->issuer = tb_xml_child_text(root, "issuer");
	s = tb_xml_child_text(root, "year");
	ps.p->year = s ? atoi(s) : 0;
	free(s);
	ps.p->issued = tb_xml_child_text(root, "issued");
	ps.p->deadline = tb_xml_child_text(root, "deadline");
	ps.p->path = strdup(path);
	ps.p->dir = tb_path_dirname(path);
	if (!ps.p->id || !ps.p->path || !ps.p->dir)
		nomem(&ps);
	if (ps.st == TB_OK)
		parse_lists(&ps, root);
	inds = tb_xml_child(root, "indicators");
	if (inds && ps.st == TB_OK) {
		s = attr_of(&ps, inds, "total");
		ps.p->total = tb_points_parse(s);
		ps.p->total_line = node_line(inds);
		free(s);
		for (c = tb_xml_child(inds, "indicator"); c && ps.st == TB_OK;
		     c = tb_xml_next(c, "indicator"))
			parse_indicator(&ps, c, NULL, 1);
	}
	if (ps.st != TB_OK || ps.errors) {
		tb_program_model_free(ps.p);
		return ps.st != TB_OK ? ps.st : TB_ERROR;
	}
	*out = ps.p;
	return TB_OK;
}
