/* check_diag.h: what tests ask of a context's diagnostics. */
#ifndef TB_TESTS_CHECK_DIAG_H
#define TB_TESTS_CHECK_DIAG_H
#include <string.h>

#include "tianbiao/tb_core.h"

/* Does ctx hold a diagnostic with this code? */
static inline int has_code(tb_ctx *ctx, const char *code)
{
	size_t i;
	for (i = 0; i < tb_diag_count(ctx); i++)
		if (!strcmp(tb_diag_get(ctx, i)->code, code))
			return 1;
	return 0;
}

#endif
