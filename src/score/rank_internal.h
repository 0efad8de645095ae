/* rank_internal.h: a recommending office's ranking, shared by rank.c and rank_write.c. */
#ifndef TB_SCORE_RANK_INTERNAL_H
#define TB_SCORE_RANK_INTERNAL_H

#include "score/score_internal.h"

#define TB_RANK_MAX 2000 /* applicant folders in one directory */

typedef struct tb_rank_entry {
	char *path, *name, *authority, *contact, *phone, *mobile, *email;
	char *targets; /* labels of the selected service targets, joined by 、 */
	char *kind, *recommender, *date;
	char *reason;  /* disqualification, or NULL */
	tb_points total;
	int disqualified;
	size_t errors;
	unsigned position;
	int within;
} tb_rank_entry;

struct tb_rank {
	const tb_program *prog; /* owned by the context's cache */
	char *recommender, *kind, *date;
	unsigned quota;
	tb_rank_entry *e;
	size_t n;
};

/* The summary-sheet data (<batch>) as a parsed document, for filling the summary-sheet
 * template in memory; free with tb_xml_free. */
TB_NODISCARD tb_status tb_rank_batch_doc(tb_ctx *ctx, const tb_rank *r, xmlDocPtr *out);

#endif
