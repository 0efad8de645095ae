/* formdef.h: the application form as the pages show it: the fields of the evidence contract
 * (docs/evidence-format.md) with the labels, sections, units and requirements the program's
 * <form> gives them, in the program's order; fields a program adds are shown as text. */
#ifndef TB_SERVE_FORMDEF_H
#define TB_SERVE_FORMDEF_H
#include <stddef.h>
#include "tianbiao/tb_program.h"

typedef enum fd_kind {
	FD_TEXT, FD_DATE, FD_INT, FD_DECIMAL, FD_EMAIL, FD_TEL, FD_POSTCODE, FD_LONGTEXT, FD_PARAS,
	FD_KIND, FD_TARGETS, FD_AWARDS, FD_ATTACHMENTS
} fd_kind;

typedef struct fd_field {
	const char *path;    /* from <evidence>; "staff/@total" */
	fd_kind kind;
	const char *label;   /* translated or the program's */
	const char *section; /* translated or the program's */
	const char *unit;    /* or NULL */
	int required;
	const char *sum;     /* live-sum group ("staff", "funding") or NULL */
	int sum_total;       /* 1: the group's stated total; 0: a part */
	char elem[128];      /* the element the field lives in ("staff" for staff/@total) */
} fd_field;

typedef struct fd_form {
	fd_field *f;
	size_t n;
} fd_form;

/* The form of a program, in the calling thread's language. */
int fd_build(const tb_program *p, fd_form *out);
void fd_free(fd_form *f);
/* The field whose element is `elem` (or an ancestor of it), or NULL. */
const fd_field *fd_for_element(const fd_form *f, const char *elem);

#endif
