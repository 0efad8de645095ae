/* program_access.c: read-only accessors of tb_program.h over the model in
 * program.h. NULL-safe: a NULL program or indicator reads as empty. */
#include <string.h>

#include "data/program.h"

const char *tb_program_id(const tb_program *p) { return p ? p->id : NULL; }
const char *tb_program_title(const tb_program *p) { return p ? p->title : NULL; }
const char *tb_program_issuer(const tb_program *p) { return p ? p->issuer : NULL; }
int tb_program_year(const tb_program *p) { return p ? p->year : 0; }
const char *tb_program_issued(const tb_program *p) { return p ? p->issued : NULL; }
const char *tb_program_deadline(const tb_program *p) { return p ? p->deadline : NULL; }
const char *tb_program_dir(const tb_program *p) { return p ? p->dir : NULL; }
tb_points tb_program_total(const tb_program *p) { return p ? p->total : 0; }

size_t tb_program_indicator_count(const tb_program *p) { return p ? p->indicator_count : 0; }

const tb_indicator *tb_program_indicator_at(const tb_program *p, size_t i)
{
	return p && i < p->indicator_count ? p->indicators[i] : NULL;
}

const tb_indicator *tb_program_indicator_find(const tb_program *p, const char *id)
{
	size_t i;
	if (!p || !id)
		return NULL;
	for (i = 0; i < p->indicator_count; i++)
		if (!strcmp(p->indicators[i]->id, id))
			return p->indicators[i];
	return NULL;
}

size_t tb_program_leaf_count(const tb_program *p)
{
	size_t i, n = 0;
	for (i = 0; p && i < p->indicator_count; i++)
		n += p->indicators[i]->child_count == 0;
	return n;
}

const char *tb_indicator_id(const tb_indicator *ind) { return ind ? ind->id : NULL; }
int tb_indicator_level(const tb_indicator *ind) { return ind ? ind->level : 0; }
const char *tb_indicator_title(const tb_indicator *ind) { return ind ? ind->title : NULL; }

const char *tb_indicator_text(const tb_indicator *ind)
{
	return ind ? (ind->text ? ind->text : ind->title) : NULL;
}

tb_points tb_indicator_weight(const tb_indicator *ind) { return ind ? ind->weight : 0; }
const char *tb_indicator_evidence(const tb_indicator *ind) { return ind ? ind->evidence_joined : NULL; }
const tb_indicator *tb_indicator_parent(const tb_indicator *ind) { return ind ? ind->parent : NULL; }
size_t tb_indicator_child_count(const tb_indicator *ind) { return ind ? ind->child_count : 0; }

const tb_indicator *tb_indicator_child(const tb_indicator *ind, size_t i)
{
	return ind && i < ind->child_count ? ind->children[i] : NULL;
}

unsigned tb_indicator_char_limit(const tb_indicator *ind) { return ind ? ind->char_limit : 0; }

/* The indicator's own target, else the nearest ancestor's: 3.1.2 belongs to 3.1's. */
const char *tb_indicator_target(const tb_indicator *ind)
{
	for (; ind; ind = ind->parent)
		if (ind->target)
			return ind->target;
	return NULL;
}

size_t tb_indicator_criterion_count(const tb_indicator *ind) { return ind ? ind->criterion_count : 0; }

const char *tb_indicator_criterion_id(const tb_indicator *ind, size_t i)
{
	return ind && i < ind->criterion_count ? ind->criteria[i].id : NULL;
}

tb_points tb_indicator_criterion_max(const tb_indicator *ind, size_t i)
{
	return ind && i < ind->criterion_count ? ind->criteria[i].max : 0;
}

const char *tb_indicator_criterion_text(const tb_indicator *ind, size_t i)
{
	return ind && i < ind->criterion_count ? ind->criteria[i].text : NULL;
}

size_t tb_program_target_count(const tb_program *p) { return p ? p->target_count : 0; }

const char *tb_program_target_id(const tb_program *p, size_t i)
{
	return p && i < p->target_count ? p->targets[i].id : NULL;
}

const char *tb_program_target_label(const tb_program *p, size_t i)
{
	return p && i < p->target_count ? p->targets[i].label : NULL;
}

size_t tb_program_quota_count(const tb_program *p) { return p ? p->quota_count : 0; }

const char *tb_program_quota_kind(const tb_program *p, size_t i)
{
	return p && i < p->quota_count ? p->quotas[i].kind : NULL;
}

const char *tb_program_quota_label(const tb_program *p, size_t i)
{
	return p && i < p->quota_count ? p->quotas[i].label : NULL;
}

unsigned tb_program_quota_max(const tb_program *p, size_t i)
{
	return p && i < p->quota_count ? p->quotas[i].max : 0;
}

unsigned tb_program_quota_for(const tb_program *p, const char *kind)
{
	size_t i;
	for (i = 0; p && kind && i < p->quota_count; i++)
		if (!strcmp(p->quotas[i].kind, kind))
			return p->quotas[i].max;
	return 0;
}

size_t tb_program_field_count(const tb_program *p) { return p ? p->field_count : 0; }

const char *tb_program_field_id(const tb_program *p, size_t i)
{
	return p && i < p->field_count ? p->fields[i].id : NULL;
}

const char *tb_program_field_label(const tb_program *p, size_t i)
{
	return p && i < p->field_count ? p->fields[i].label : NULL;
}

const char *tb_program_field_path(const tb_program *p, size_t i)
{
	return p && i < p->field_count ? p->fields[i].path : NULL;
}

int tb_program_field_required(const tb_program *p, size_t i)
{
	return p && i < p->field_count ? p->fields[i].required : 0;
}

const char *tb_program_field_section(const tb_program *p, size_t i)
{
	return p && i < p->field_count ? p->fields[i].section : NULL;
}

const char *tb_program_field_unit(const tb_program *p, size_t i)
{
	return p && i < p->field_count ? p->fields[i].unit : NULL;
}

const char *tb_program_template(const tb_program *p, const char *role, const char *format)
{
	size_t i;
	for (i = 0; p && role && format && i < p->template_count; i++)
		if (!strcmp(p->templates[i].role, role) && !strcmp(p->templates[i].format, format))
			return p->templates[i].path;
	return NULL;
}
