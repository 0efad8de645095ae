/* file.h: reading with a ceiling, crash-safe writing, and path confinement. */
#ifndef TB_CORE_FILE_H
#define TB_CORE_FILE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "tianbiao/tb_core.h"

/* Read a whole file (NUL-terminated) refusing more than `max` bytes. Errors: io.read,
 * io.too-large. */
TB_NODISCARD tb_status tb_file_read(tb_ctx *ctx, const char *path, size_t max, char **out, size_t *len);
/* Open a regular file for reading (FILE, "rb"); anything else (a folder, a FIFO, a device) is
 * refused without blocking (io.read). NULL with *status set on failure. `st` may be NULL. */
struct stat;
FILE *tb_file_open_regular(tb_ctx *ctx, const char *path, struct stat *st, tb_status *status);
/* Write to a temporary file beside `path`, fsync, rename over `path`, fsync the directory:
 * readers see the old file or the new one, never half of one. Error: io.write. */
TB_NODISCARD tb_status tb_file_write_atomic(tb_ctx *ctx, const char *path, const void *data, size_t len);
/* Atomic (temporary file, rename) but not synced: for records that are checked against what
 * they describe before being believed (a batch's .state: a record that outlives a crash while
 * its package does not is caught by the package's digest, and costs a rebuild). A crash may
 * leave the old record or none; saves a file and a directory fsync per record. */
/* Write all of `data` to `fd`, again after EINTR and short writes: 0, or the errno that
 * stopped it (EIO for a write of nothing). */
int tb_fd_write_all(int fd, const void *data, size_t len);
TB_NODISCARD tb_status tb_file_write_record(tb_ctx *ctx, const char *path, const void *data, size_t len);
/* Same, for content produced by a callback writing to the temporary file's path (libraries
 * such as libharu save by name): the callback writes `tmp`; it is then synced and renamed. */
TB_NODISCARD tb_status tb_file_commit_tmp(tb_ctx *ctx, const char *tmp, const char *path);
/* Inside a commit group (tb_ctx_commit_group, commit_group.c): keeps the finished temporary
 * `tmp` for the group's end and says so (*st: how that went); false outside a group. */
bool tb_commit_group_keep(tb_ctx *ctx, const char *tmp, const char *path, tb_status *st);
/* A fresh temporary name beside `path` (caller frees): "<path>.tmp<pid>.<n>". Temporaries
 * of the same `path` left by processes that no longer run (SIGKILL, a second Ctrl-C, power
 * loss) are removed first, so every run sweeps what a killed run left. */
char *tb_file_tmp_name(const char *path);
/* rm -r (a file, or a folder and what it holds); symbolic links are removed, not followed. */
void tb_remove_tree(const char *path);
bool tb_file_exists(const char *path);
bool tb_dir_exists(const char *path);
/* mkdir -p */
TB_NODISCARD tb_status tb_mkdirs(tb_ctx *ctx, const char *dir);

/* The directory part of path ("." if none); caller frees. */
char *tb_path_dirname(const char *path);
const char *tb_path_basename(const char *path);
/* a + "/" + b; caller frees. */
char *tb_path_join(const char *a, const char *b);
/* The lower-cased extension without the dot ("" if none), e.g. "docx". */
const char *tb_path_ext(const char *path, char *buf, size_t cap);

typedef enum tb_path_problem {
	TB_PATH_OK = 0,
	TB_PATH_EMPTY,
	TB_PATH_ABSOLUTE,
	TB_PATH_DOTDOT,
	TB_PATH_BACKSLASH,
	TB_PATH_CONTROL,
	TB_PATH_ESCAPES,  /* resolves (through a symlink) outside the base directory */
	TB_PATH_MISSING
} tb_path_problem;

/* Check a relative path written in data: not empty, not absolute, no "..", no backslash or
 * control characters. */
tb_path_problem tb_path_check_relative(const char *rel);
/* Resolve base/rel and make sure the real path stays inside base's real path (symlinks
 * followed). On TB_PATH_OK *out is the joined path (caller frees). */
tb_path_problem tb_path_confine(const char *base, const char *rel, char **out);

#endif
