/* app.h: what packaging needs to know about one applicant, read once from the evidence. */
#ifndef TB_PACK_APP_H
#define TB_PACK_APP_H
#include <stddef.h>
#include "tianbiao/tb_program.h"

typedef struct pack_att {
	char *id;
	char *path;     /* relative to the evidence folder, as written in the evidence */
	char *title;
	char *supports; /* indicator ids, space-separated: @supports plus the claims citing it */
} pack_att;

typedef struct pack_app {
	char *evidence_path;
	char *dir;      /* the evidence folder */
	char *program_id;
	char *program_title;
	int year;
	char *applicant;
	char *authority;
	char *recommender;
	char *kind;
	char *date;
	char *contact_name, *phone, *mobile, *email;
	char *targets;  /* labels of the selected service targets joined with 、 */
	tb_points claimed;
	unsigned quota; /* of the recommender's kind; 0 when the program does not say */
	char *kind_label;
	pack_att *atts;
	size_t natts;
} pack_app;

/* Read and validate one evidence file; errors stop it (diagnostics recorded). */
TB_NODISCARD tb_status pack_app_load(tb_ctx *ctx, const char *evidence_path, pack_app **out);
void pack_app_free(pack_app *a);

/* Program facts from the evidence loader (evload.c: the seam to tb_evidence.h). */
TB_NODISCARD tb_status pack_app_validate(tb_ctx *ctx, pack_app *a);

#endif
