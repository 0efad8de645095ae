/* applicant.h: what the applicant's pages share: one applicant's evidence loaded with its
 * program and its diagnostics placed on the form's fields. */
#ifndef TB_SERVE_APPLICANT_H
#define TB_SERVE_APPLICANT_H
#include <libxml/tree.h>
#include "serve/formdef.h"
#include "serve/serve.h"

typedef struct placed_diag {
	const tb_diag *d;
	char key[160]; /* "item:1.1.1", "att:a1", a field's element, or "" (the whole form) */
	const char *label; /* the field's label when known */
	int unfilled;      /* says only that a field or an item's points are still empty */
} placed_diag;

typedef struct app_view {
	char *dir, *path;
	xmlDocPtr doc;             /* the evidence as saved */
	const tb_program *prog;
	fd_form form;
	placed_diag *diags;
	size_t ndiags, errors, warnings;
	tb_points claimed, counted, max;
	int scored;
	/* Before the first save (and unless ?check=1), what is merely not filled in yet is
	 * counted, not marked: a fresh form is not a wall of red. */
	int quiet;
	size_t to_fill, to_claim; /* fields and items (points) still empty, when quiet */
} app_view;

/* Load, validate and place the diagnostics (in r->ctx) of applicant r->id. */
tb_status app_view_load(srv_req *r, app_view *v);
void app_view_free(app_view *v);
/* The form page of a loaded applicant. */
void app_render(srv_req *r, app_view *v);

#endif
