/* rank_internal.h: an office's ranking, shared by rank.c (the rule), rank_write.c and
 * rank_sheet.c (its outputs). */
#ifndef TB_SCORE_RANK_INTERNAL_H
#define TB_SCORE_RANK_INTERNAL_H

#include "core/pool.h"
#include "score/score_internal.h"

#define TB_RANK_MAX 100000 /* applicants in one ranking */

typedef struct tb_rank_entry {
	char *id;      /* folder or package id: names it, breaks ties after the name */
	char *path;    /* the evidence file */
	char *program_id;
	char *name, *authority, *contact, *phone, *mobile, *email;
	char *targets; /* labels of the selected service targets, joined by 、 */
	char *kind, *recommender, *date;
	char *reason;  /* disqualification, or NULL */
	char *package; /* set by a batch: the package file built for it, or NULL */
	tb_points total;
	int disqualified;
	size_t errors;
	size_t body;   /* index into bodies */
	unsigned position;
	int within;
} tb_rank_entry;

typedef struct tb_rank_body {
	char *kind, *name, *kind_label, *date;
	unsigned quota;    /* 0: the program sets none for this kind */
	int unlimited;     /* the program has no quotas at all: everyone eligible is within */
	size_t first, count; /* its entries, in rank order, after finishing */
} tb_rank_body;

struct tb_rank {
	const tb_program *prog; /* owned by the finishing context's cache */
	char *preparer, *preparer_phone;
	tb_rank_entry *e;
	size_t n, cap;
	tb_pool pool;           /* the entries' strings */
	tb_rank_body *bodies;
	size_t nbodies;
	int finished;
};

/* The summary-sheet data (<batch>) of one body as a parsed document, for filling the
 * summary-sheet template in memory; free with tb_xml_free. */
TB_NODISCARD tb_status tb_rank_batch_doc(tb_ctx *ctx, const tb_rank *r, size_t body, xmlDocPtr *out);

/* "Within quota" or why not, in the user's language ("" when within and without errors). */
const char *tb_rank_note(const tb_rank_entry *e, char *buf, size_t cap);

#endif
