/* tb_core.h: context, status codes and diagnostics shared by every tianbiao module. */
#ifndef TIANBIAO_TB_CORE_H
#define TIANBIAO_TB_CORE_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(TB_BUILDING_LIBRARY) && defined(__GNUC__)
#define TB_API __attribute__((visibility("default")))
#else
#define TB_API
#endif

/* A status that must not be dropped: the compiler warns when a caller ignores it. On the
 * declarations of functions (GCC takes it only there); buffer appends do without it, their
 * errors stick (core/buf.h). */
#if defined(__GNUC__)
#define TB_NODISCARD __attribute__((warn_unused_result))
#else
#define TB_NODISCARD
#endif

/* Every fallible call returns a tb_status; details go to the context's diagnostics. */
typedef enum tb_status {
	TB_OK = 0,
	TB_ERROR = -1,     /* the input is wrong; diagnostics say why */
	TB_ENOMEM = -2,    /* out of memory */
	TB_EIO = -3,       /* a file could not be read or written */
	TB_EINVAL = -4,    /* the caller passed something invalid */
	TB_ELIMIT = -5,    /* a size, count or depth limit was exceeded */
	TB_ENOTFOUND = -6, /* a named thing (file, program, field) does not exist */
	TB_EUNSUPPORTED = -7,
	TB_ECANCELED = -8  /* the caller asked to stop (tb_pack_options.cancel) */
} tb_status;

typedef enum tb_severity {
	TB_SEV_NOTE = 0,
	TB_SEV_WARNING = 1,
	TB_SEV_ERROR = 2
} tb_severity;

/* A read-only view of one diagnostic. Strings live as long as the context (or until
 * tb_diag_clear). `code` is stable across releases and languages; `message` and `hint` are
 * translated when the diagnostic is recorded. line/column are 1-based, 0 when unknown. */
typedef struct tb_diag {
	const char *code;
	tb_severity severity;
	const char *file;
	unsigned line;
	unsigned column;
	const char *message;
	const char *hint;
} tb_diag;

typedef struct tb_ctx tb_ctx;

TB_API const char *tb_strerror(tb_status status);

/* Where output goes: `write` is called with consecutive pieces of the output and returns
 * TB_OK, or a status that stops the producer (which then returns it). The library's own
 * writers write a file atomically or collect the bytes in memory; a front end can pass its own
 * (a socket, a pipe, a response body). */
typedef tb_status (*tb_write_fn)(void *user, const void *data, size_t len);
typedef struct tb_writer {
	tb_write_fn write;
	void *user;
} tb_writer;

/* A context holds settings, per-process caches and the diagnostics list. One per thread. */
TB_API TB_NODISCARD tb_status tb_ctx_new(tb_ctx **out);
TB_API void tb_ctx_free(tb_ctx *ctx);

/* Where programs, templates and the font map live. Default: $TIANBIAO_DATADIR, else the
 * installed data directory, else the source tree the library was built from. */
TB_API TB_NODISCARD tb_status tb_ctx_set_datadir(tb_ctx *ctx, const char *dir);
TB_API const char *tb_ctx_datadir(const tb_ctx *ctx);

/* Unix time used for every timestamp written into outputs. Default: $SOURCE_DATE_EPOCH if
 * set, else 0 meaning "take it from the data". */
TB_API void tb_ctx_set_epoch(tb_ctx *ctx, long long epoch);
TB_API long long tb_ctx_epoch(const tb_ctx *ctx);

/* A hint, for a caller that makes one document with this context and then frees it (a
 * command-line fill): nothing is kept for a next document, such as the copy of a prepared
 * template a later fill of the same template would take. The outputs are the same either
 * way. Default: off. */
TB_API void tb_ctx_set_one_document(tb_ctx *ctx, int one);
TB_API int tb_ctx_one_document(const tb_ctx *ctx);

/* The list keeps the first 1000 diagnostics; every one recorded is counted. Decide success
 * by tb_diag_count_severity (never capped), not by walking the list. */
TB_API size_t tb_diag_count(const tb_ctx *ctx); /* kept in the list */
TB_API const tb_diag *tb_diag_get(const tb_ctx *ctx, size_t i);
TB_API size_t tb_diag_count_severity(const tb_ctx *ctx, tb_severity sev); /* all recorded */
TB_API size_t tb_diag_dropped(const tb_ctx *ctx); /* recorded past the cap, not kept */
TB_API void tb_diag_clear(tb_ctx *ctx);

/* A position in the diagnostics (list and counters), to go back to: a caller that runs a
 * step only for its result keeps the step's findings out of its own. */
typedef struct tb_diag_pos {
	size_t kept, dropped;
	size_t counts[3];
} tb_diag_pos;
TB_API void tb_diag_mark(const tb_ctx *ctx, tb_diag_pos *pos);
TB_API void tb_diag_rewind(tb_ctx *ctx, const tb_diag_pos *pos);
/* Drop the kept diagnostics after the first n (and their counts). */
TB_API void tb_diag_truncate(tb_ctx *ctx, size_t n);
/* Record a diagnostic from outside the library (front ends); msg is used as given. TB_ENOMEM
 * only if the list cannot grow. */
TB_API tb_status tb_diag_push(tb_ctx *ctx, tb_severity sev, const char *code, const char *file,
                              unsigned line, unsigned column, const char *msg, const char *hint);

/* Put the diagnostics in document order (line, then column; ties and file-level ones, line 0,
 * keep the order they were recorded in), so a reader goes through a file from top to bottom
 * although the checks ran one kind after another. */
TB_API void tb_diag_sort(tb_ctx *ctx);
/* "file:line:col: error[code]: message\n  hint: ...". */
TB_API void tb_diag_print(const tb_ctx *ctx, FILE *out);
/* One JSON array of objects {code, severity, file, line, column, message, hint}. */
TB_API void tb_diag_print_json(const tb_ctx *ctx, FILE *out);
/* s as a JSON string literal, quotes included, or null for NULL: the escaping that
 * tb_diag_print_json and the library's other JSON use, for tools that write their own JSON. */
TB_API void tb_json_print(FILE *out, const char *s);
TB_API const char *tb_severity_name(tb_severity sev);

/* Terminal columns of a UTF-8 string (CJK characters take two), for aligned text output. */
TB_API size_t tb_text_width(const char *utf8);

/* Translations: bind the message catalog. Front ends call this once after setlocale(). */
TB_API void tb_i18n_init(void);
/* For a front end that owns its process, once, before anything else: OpenSSL (the library's
 * digests) is set up without the system's openssl.cnf, whose providers could take SHA-256 or
 * SM3 away, and without its error strings, which the library never shows: 5 M instructions
 * less per process. An unset TZ is set to ":/etc/localtime", the zone glibc would read, so
 * that it stops checking that file at every local-time conversion. With glibc, allocations
 * under TB_PROCESS_MMAP_THRESHOLD bytes come from malloc's arenas, which keep up to
 * TB_PROCESS_TRIM_THRESHOLD bytes of freed memory rather than faulting it in again for the
 * next document. A host program that uses OpenSSL itself, or tunes malloc, does not call
 * this. */
#define TB_PROCESS_MMAP_THRESHOLD (32 * 1024 * 1024)
#define TB_PROCESS_TRIM_THRESHOLD (4 * 1024 * 1024)
TB_API void tb_process_init(void);
/* For a process that makes one document (or a mail merge) and exits, after tb_process_init:
 * the heap grows `bytes` at a time, backed by transparent huge pages where the kernel allows
 * them (madvise; THP "always" or "madvise"). A fresh fill of 附件2 then takes 1,200-1,400
 * page faults instead of 2,150. Resident memory grows in 2 MiB steps: a batch or a server does
 * not call this. No effect without glibc. */
TB_API void tb_process_heap_huge(size_t bytes);
/* Outputs committed in a group (a mail merge's): after tb_ctx_commit_group(ctx, 1), each
 * output file the context finishes stays under its temporary name, its writeback started;
 * when the group ends (tb_ctx_commit_group(ctx, 0)), or holds 16 files, they are synced,
 * renamed into place and each folder synced once, rather than waiting for the disk twice per
 * file. Nothing appears under its name before its bytes are on disk; a crash leaves
 * temporaries that the next run sweeps. Returns the first failure of the files committed
 * (each is reported, io.write). Only for outputs nothing reads before the group ends. */
TB_API TB_NODISCARD tb_status tb_ctx_commit_group(tb_ctx *ctx, int on);
/* Translate what this thread records and prints from now on into `lang` ("zh_CN", "en"),
 * whatever the process locale; NULL goes back to the process-wide choice. A server answering
 * each request in its own language calls this per request. Returns -1 when no catalog for
 * `lang` is installed (messages then stay in English). */
TB_API int tb_i18n_set_thread_language(const char *lang);

/* Remove the temporary files this process is writing and has not yet renamed into place.
 * Async-signal-safe: a front end's SIGINT/SIGTERM handler calls it before ending, so an
 * interrupted command leaves nothing half-written. (A temporary folder, and whatever a
 * SIGKILL leaves, is swept by the next run writing the same output.) */
TB_API void tb_temp_remove_all(void);

#ifdef __cplusplus
}
#endif

/* tb_version() and the version macros (a generated header). */
#include "tianbiao/tb_version.h"
#endif
