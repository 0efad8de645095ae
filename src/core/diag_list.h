/* diag_list.h: storage behind the diagnostics API (private to core/). */
#ifndef TB_CORE_DIAG_LIST_H
#define TB_CORE_DIAG_LIST_H
#include "tianbiao/tb_core.h"

/* The list keeps at most TB_DIAG_MAX entries (hostile input can produce endless errors);
 * the counters count every diagnostic recorded, kept or not, so a caller deciding success
 * never reads a capped number. */
typedef struct tb_diag_list {
	tb_diag *items;
	size_t len, cap;
	size_t counts[3]; /* per tb_severity, uncapped */
	size_t dropped;   /* recorded but not kept */
} tb_diag_list;

/* A side list for one piece of work (an evidence file's own diagnostics): while set, every
 * diagnostic recorded in the context is also copied into it (its own cap: 10000), whether or
 * not the context's list still has room. Returns the previous capture, to restore. */
#define TB_DIAG_CAPTURE_MAX 10000
tb_diag_list *tb_diag_capture(tb_ctx *ctx, tb_diag_list *into);

void tb_diag_list_free(tb_diag_list *l);
tb_diag_list *tb_ctx_diags(tb_ctx *ctx);
tb_diag_list **tb_ctx_capture(tb_ctx *ctx);

#endif
