/* zipwrite.h: the one ZIP writer, on libzip, for DOCX/ODT packages and for submissions,
 * batches and bags: each entry gets one fixed time in UTC, fixed attributes (a regular file,
 * 0644, Unix), a UTF-8 name with the language-encoding flag, its method (stored or deflated at
 * a given level, by libdeflate, or by libzip under AES) and optionally AES-256; untouched
 * parts of a read archive can be copied without inflating them. Entries are written in the
 * order they are added: callers choose it (an ODF mimetype first, a package's names sorted). */
#ifndef TB_CORE_ZIPWRITE_H
#define TB_CORE_ZIPWRITE_H
#include <stddef.h>
#include <time.h>
#include "core/zipread.h"
#include "tianbiao/tb_core.h"

typedef struct tb_zipw tb_zipw;

/* Write to the file `path` (created or truncated; the caller syncs and renames it), or, with
 * path NULL, into memory for tb_zipw_close to hand to a writer. `name` is the output's name in
 * messages. An `mtime` before 1980 is taken as 1980-01-01. `password` (may be NULL) turns on
 * AES-256 for every entry (random salt: the bytes then differ on each run). Error: io.write. */
TB_NODISCARD tb_status tb_zipw_open(tb_ctx *ctx, const char *path, const char *name, time_t mtime,
                                    const char *password, tb_zipw **out);
/* Add `len` bytes as `entry`: `level` 0 stores them, 1 to 9 deflates at that level (with
 * libdeflate, unless encrypted; bytes that deflating would not shrink, and an empty entry,
 * are stored). With `owned`, data was malloc'd and is the writer's in every case; else it
 * must stay alive until tb_zipw_close. Error: io.write. */
TB_NODISCARD tb_status tb_zipw_add(tb_zipw *w, const char *entry, void *data, size_t len, int level,
                                   int owned);
/* Add the regular file `path` as `entry`, read in pieces while the archive is written (never
 * held whole). `len` and `sha256` (hex) are what an earlier read of the file gave, which the
 * caller has listed: the bytes packed are hashed as libzip reads them, and if they are not
 * exactly those (the file was changed in between), tb_zipw_close fails with io.changed
 * (TB_ERROR) and names the file. Error: io.read (not a regular file), io.write. */
TB_NODISCARD tb_status tb_zipw_add_file(tb_zipw *w, const char *entry, const char *path,
                                        unsigned long long len, const char *sha256, int level);
/* Copy entry `i` of `z` (open until tb_zipw_close) with its compressed bytes unchanged. */
TB_NODISCARD tb_status tb_zipw_add_raw(tb_zipw *w, tb_zipr *z, size_t i);
/* Finish the archive: for a file, write it (zip_close); in memory, hand the bytes to `out`.
 * Frees w, also on failure (a file is then left for the caller to remove). Error: io.write. */
TB_NODISCARD tb_status tb_zipw_close(tb_zipw *w, tb_writer *out);
/* Give up: nothing more is written. NULL is a no-op. */
void tb_zipw_discard(tb_zipw *w);

#endif
