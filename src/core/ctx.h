/* ctx.h: the library-internal view of tb_ctx. */
#ifndef TB_CORE_CTX_H
#define TB_CORE_CTX_H
#include <stdarg.h>
#include "tianbiao/tb_core.h"

/* Per-process caches (font faces, parsed programs, ...) hang off the context by key, so a
 * module adds one without touching this file. `free_fn` runs at tb_ctx_free. */
void *tb_ctx_cache_get(const tb_ctx *ctx, const char *key);
TB_NODISCARD tb_status tb_ctx_cache_set(tb_ctx *ctx, const char *key, void *value, void (*free_fn)(void *));

/* Record a diagnostic. `fmt` and `hint` are English msgids, translated here; `hint` may be
 * NULL. file may be NULL. Returns TB_ENOMEM only if the list itself cannot grow; callers
 * report a failure anyway, so losing its description is not a second failure (hence no
 * TB_NODISCARD here). */
tb_status tb_diag_add(tb_ctx *ctx, tb_severity sev, const char *code, const char *file,
                      unsigned line, unsigned column, const char *hint, const char *fmt, ...)
	__attribute__((format(printf, 8, 9)));
tb_status tb_diag_vadd(tb_ctx *ctx, tb_severity sev, const char *code, const char *file,
                       unsigned line, unsigned column, const char *hint, const char *fmt,
                       va_list ap);

/* Shorthands for the common case. */
#define tb_error(ctx, code, file, line, col, hint, ...) \
	tb_diag_add((ctx), TB_SEV_ERROR, (code), (file), (line), (col), (hint), __VA_ARGS__)
#define tb_warn(ctx, code, file, line, col, hint, ...) \
	tb_diag_add((ctx), TB_SEV_WARNING, (code), (file), (line), (col), (hint), __VA_ARGS__)

/* Every options struct starts with the version of the header it was compiled with; another
 * version means another layout: api.version naming `type` (e.g. "tb_fill_options"), and
 * TB_EINVAL. */
TB_NODISCARD tb_status tb_options_check(tb_ctx *ctx, const char *type, unsigned have,
                                        unsigned want);

/* Diagnostics from index `from` on that name the file `from_name` name `to_name` instead
 * (work done on a temporary file is reported against the user's file). */
void tb_diag_rename_file(tb_ctx *ctx, size_t from, const char *from_name, const char *to_name);

/* Warnings recorded from index `from` on that repeat an earlier one there exactly (a font
 * substituted in every document of a batch) are kept once, their message ending in how many
 * times they were reported. The counters still count every one. */
void tb_diag_collapse(tb_ctx *ctx, size_t from);

/* Diagnostics carried from one context to another (a worker's, one document at a time):
 * tb_diag_save moves the context's list and counts into a new tb_diag_saved (NULL: no memory,
 * the context then cleared) and leaves the context empty; tb_diag_restore records them in
 * `ctx` after its own, as if recorded there (the cap applies, every one is counted), and
 * frees the saved set. */
typedef struct tb_diag_saved tb_diag_saved;
tb_diag_saved *tb_diag_save(tb_ctx *ctx);
tb_status tb_diag_restore(tb_ctx *ctx, tb_diag_saved *saved);
/* tb_diag_restore, recording them before the diagnostics kept from index `at` on (work that
 * ran beside the caller's but would have come first), which keep their order after them. */
tb_status tb_diag_restore_at(tb_ctx *ctx, size_t at, tb_diag_saved *saved);
/* The kept diagnostics from index `from` on, moved before those from index `at` on (at <=
 * from): findings of a step run later than it would have been, put back in its place. */
void tb_diag_move_before(tb_ctx *ctx, size_t at, size_t from);
void tb_diag_saved_free(tb_diag_saved *saved);

/* A new context for another thread working for `parent`: its data directory and epoch (what
 * the library's own settings are; render/ adds the font settings, tb_render_ctx_like). */
TB_NODISCARD tb_status tb_ctx_new_like(const tb_ctx *parent, tb_ctx **out);

/* Resolve `rel` (e.g. "templates/programs") against the data directory; caller frees. */
char *tb_ctx_data_path(const tb_ctx *ctx, const char *rel);

#endif
