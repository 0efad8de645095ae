/* program.h: the in-memory program model behind tb_program.h, including the scoring
 * criteria, so scoring can compute points from data. Part of the data module's interface to
 * the modules above it (its private steps are in program_parse.h). Format: docs/programs.md. */
#ifndef TB_DATA_PROGRAM_H
#define TB_DATA_PROGRAM_H
#include <stdbool.h>
#include <stddef.h>
#include "tianbiao/tb_program.h"

/* Limits on what one program.xml may hold. */
#define TB_PROGRAM_MAX_DEPTH 8
#define TB_PROGRAM_MAX_INDICATORS 4096

/* Kinds of scoring rule. A criterion's maximum is the sum of its rules' maxima. */
typedef enum tb_rule_kind {
	TB_RULE_FIXED,        /* <fixed points>: the points when the described condition holds */
	TB_RULE_JUDGED,       /* <judged min max>: assessors judge within [min, max] (视情况得0—3分) */
	TB_RULE_TIERED,       /* <tiered min max>: ranked applicants get tiers within [min, max] */
	TB_RULE_PER_UNIT,     /* <per-unit points max unit>: points per counted unit, up to max */
	TB_RULE_ALTERNATIVES, /* <alternatives>: exactly one member applies; max is the largest */
	TB_RULE_CAP,          /* <cap max condition>: when the condition holds, the criterion
	                         is capped at max (最高不超过2分) */
	TB_RULE_DISQUALIFY    /* <disqualify condition>: when the condition holds, the whole
	                         program total is zero (取消创建资格); text = the reason */
} tb_rule_kind;

typedef struct tb_rule {
	tb_rule_kind kind;
	tb_points points;    /* FIXED: points; PER_UNIT: points per unit */
	tb_points min;       /* JUDGED, TIERED */
	tb_points max;       /* JUDGED, TIERED, PER_UNIT: upper bound; CAP: the cap */
	char *unit;          /* PER_UNIT: what is counted (项), or NULL */
	char *condition;     /* CAP, DISQUALIFY: condition id, or NULL */
	char *text;          /* what earns the points / when the cap or disqualifier applies */
	struct tb_rule *alts; /* ALTERNATIVES: members */
	size_t alt_count;
	unsigned line;
} tb_rule;

typedef struct tb_criterion {
	char *id;            /* e.g. "A3-1.1" */
	char *text;          /* the rule as the program words it */
	tb_points max;       /* stated maximum, checked against the rules */
	tb_rule *rules;
	size_t rule_count;
	char **notes;
	size_t note_count;
	unsigned line;
} tb_criterion;

typedef struct tb_evidence_req {
	char *text;          /* 评估依据 / 考察内容 */
	unsigned char_limit; /* 0 = none */
	char **units;        /* responsible units (责任单位) */
	size_t unit_count;
} tb_evidence_req;

struct tb_indicator {
	char *id;
	int level;
	char *title;
	char *text;          /* longer statement, or NULL */
	tb_points weight;
	unsigned char_limit; /* explicit, or derived from a single limited evidence */
	char *target;        /* own target attribute, or NULL */
	char *evidence_joined; /* evidence texts joined by newlines, or NULL */
	tb_evidence_req *evidence;
	size_t evidence_count;
	char **units;
	size_t unit_count;
	tb_criterion *criteria;
	size_t criterion_count;
	char **notes;
	size_t note_count;
	struct tb_indicator *parent;
	struct tb_indicator **children;
	size_t child_count;
	unsigned line;
};

typedef struct tb_program_target {
	char *id;
	char *label;
	unsigned number;
	unsigned line;
} tb_program_target;

typedef struct tb_program_quota {
	char *kind;
	char *label;
	char *note;
	unsigned max;
	unsigned line;
} tb_program_quota;

typedef struct tb_program_field {
	char *id;
	char *label;
	char *path;
	char *section;
	char *unit;
	int required;
	unsigned line;
} tb_program_field;

typedef struct tb_program_template_ref {
	char *role;
	char *format;
	char *file;
	char *path; /* absolute path if the file exists, else NULL */
} tb_program_template_ref;

typedef struct tb_program_format {
	char *type;  /* docx, odt, pdf */
	char *label;
	int signed_;
} tb_program_format;

struct tb_program {
	char *id;
	char *title;
	char *issuer;
	int year;
	char *issued;
	char *deadline;
	char *submit_to;
	char *dir;
	char *path;
	tb_points total;
	unsigned total_line;
	tb_indicator **indicators; /* pre-order; owns the nodes */
	size_t indicator_count;
	tb_program_target *targets;
	size_t target_count;
	tb_program_quota *quotas;
	size_t quota_count;
	tb_program_field *fields;
	size_t field_count;
	tb_program_template_ref *templates;
	size_t template_count;
	tb_program_format *formats;
	size_t format_count;
};

/* Largest points a rule can give (CAP and DISQUALIFY give none). */
tb_points tb_rule_max(const tb_rule *r);
/* Sum of the rules' maxima. */
tb_points tb_criterion_computed_max(const tb_criterion *c);
/* Is `id` an installed program (one tb_program_list would list)? Without reading the programs
 * folder: the evidence check asked for the whole list, a folder read and a stat per program,
 * for every evidence file of a batch or a mail merge. */
bool tb_program_installed(tb_ctx *ctx, const char *id);

#endif
