/* score_internal.h: the scoring result shared by the computation (score.c), the rule checks
 * (score_rules.c), the writers (score_write.c) and the ranking (rank*.c). */
#ifndef TB_SCORE_INTERNAL_H
#define TB_SCORE_INTERNAL_H
#include <libxml/tree.h>

#include "core/buf.h"
#include "data/evidence.h"
#include "data/program.h"
#include "tianbiao/tb_score.h"

/* Points above this (in hundredths) are checked by bounds only, not by the exact set of
 * reachable values (which costs time and memory proportional to it). */
#define TB_SCORE_EXACT_MAX 10000

typedef struct tb_score_find {
	tb_diag d;          /* strings owned */
	char *indicator;    /* or NULL */
} tb_score_find;

/* A condition the evidence declares (<condition ref met>). */
typedef struct tb_score_cond {
	char *ref;
	int met;
	unsigned line;
} tb_score_cond;

/* Points claimed on one criterion of a leaf (<criterion ref points units>). */
typedef struct tb_score_crit {
	const tb_criterion *crit;
	tb_points stated;   /* -1 if not claimed */
	tb_points counted;
	long units;         /* -1 if not given */
	unsigned line;
} tb_score_crit;

typedef struct tb_score_ptr {
	const tb_indicator *ind;
	size_t idx;
} tb_score_ptr;

struct tb_score {
	const tb_evidence *ev;
	const tb_program *prog;
	const char *file;   /* evidence path for diagnostics */
	int lenient;
	size_t n;           /* indicators */
	tb_score_ptr *byptr; /* indicator -> index, sorted by address */
	tb_points *points;  /* counted, per indicator */
	tb_points *stated;  /* leaves: as claimed, -1 if not */
	size_t *claim;      /* leaves: claim index or (size_t)-1 */
	tb_score_crit **crits; /* leaves with criteria: one per criterion, else NULL */
	tb_points total;
	int disqualified;
	char *reason;
	tb_score_cond *conds;
	size_t ncond;
	tb_score_find *findings;
	size_t nfind, capfind;
	size_t nerrors;
};

/* Record a finding: into the context's diagnostics and the result's list. */
tb_status tb_score_note(tb_ctx *ctx, tb_score *s, tb_severity sev, const char *code,
                        const char *indicator, unsigned line, const char *hint,
                        const char *fmt, ...) __attribute__((format(printf, 8, 9)));

/* 1 if the evidence declares the condition met, 0 if declared not met, -1 if undeclared. */
int tb_score_condition(const tb_score *s, const char *ref);

/* Check a leaf's claim against its scoring criteria (kaifu-2022 style rules) and return the
 * points that count (at most `claimed`). Findings are score.rule. */
tb_status tb_score_rules(tb_ctx *ctx, tb_score *s, size_t idx, const tb_indicator *ind,
                         xmlNodePtr item, tb_points claimed, unsigned line, tb_points *counted);
/* The disqualifiers whose condition the evidence declares met. */
tb_status tb_score_disqualifiers(tb_ctx *ctx, tb_score *s);

/* Is `tok` one of the space-separated words of `list`? */
int tb_score_has_token(const char *list, const char *tok);
/* Is attachment `att` behind the claim on indicator `indicator`: cited by the claim
 * (claim may be (size_t)-1) or listing the indicator in its supports? */
int tb_score_supports(const tb_evidence *e, size_t att, size_t claim, const char *indicator);

/* "4", "0.5", "1.25" (buf >= 32). */
/* "87.5" (buf >= 32). */
const char *tb_score_fmt_percent(tb_points part, tb_points whole, char *buf, size_t cap);
/* Write a buffer to `path` atomically, or to stdout for NULL or "-". */
tb_status tb_score_emit(tb_ctx *ctx, const char *path, const tb_buf *b);

/* Writers of one score. */
tb_status tb_score_text(const tb_score *s, tb_buf *b);
tb_status tb_score_json(const tb_score *s, tb_buf *b);
tb_status tb_score_report_xml(const tb_score *s, tb_buf *b);

/* The report data as a parsed document (for filling templates in memory); free with
 * tb_xml_free. */
tb_status tb_score_report_doc(tb_ctx *ctx, const tb_score *s, xmlDocPtr *out);

/* Copy an element of the evidence (its element children and text) as XML at `depth`. */
tb_status tb_score_copy_xml(tb_buf *b, xmlNodePtr node, int depth);

#endif
