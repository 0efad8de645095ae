/* diag_list.h: storage behind the diagnostics API (private to core/). */
#ifndef TB_CORE_DIAG_LIST_H
#define TB_CORE_DIAG_LIST_H
#include "tianbiao/tb_core.h"

typedef struct tb_diag_list {
	tb_diag *items;
	size_t len, cap;
} tb_diag_list;

void tb_diag_list_free(tb_diag_list *l);
tb_diag_list *tb_ctx_diags(tb_ctx *ctx);

#endif
