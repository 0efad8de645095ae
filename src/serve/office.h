/* office.h: the office's view of its applicants, shared by its page and its exports. */
#ifndef TB_SERVE_OFFICE_H
#define TB_SERVE_OFFICE_H
#include "serve/serve.h"

typedef struct office_row {
	char id[16];
	char *name, *recommender, *kind;
	size_t errors, warnings;
	tb_points claimed, counted;
	int scored, ranked, within, disqualified;
	unsigned rank;
} office_row;

typedef struct office_list {
	office_row *rows;
	size_t n;
	unsigned quota;
	int ranked;            /* the library's ranking ran */
	char *rank_problem;    /* why it did not, for the page */
	tb_rank *rank;         /* the library's ranking, when it ran */
	const tb_program *prog;
} office_list;

/* Every applicant of the data folder, validated and scored, with its rank within the quota
 * from tb_rank_dir. Uses and then clears r->ctx's diagnostics. */
tb_status office_list_load(srv_req *r, office_list *l);
void office_list_free(office_list *l);
const char *office_kind_label(const tb_program *p, const char *kind);

#endif
