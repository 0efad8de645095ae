/* zipread.h: bounded, hostile-input-safe reading of ZIP containers (DOCX, ODT, packages). */
#ifndef TB_CORE_ZIPREAD_H
#define TB_CORE_ZIPREAD_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "tianbiao/tb_core.h"

typedef struct tb_zip_limits {
	size_t max_entries;       /* default 1000 */
	uint64_t max_entry_bytes; /* default 64 MiB */
	uint64_t max_total_bytes; /* default 512 MiB */
	double min_ratio;         /* compressed/uncompressed below this: a bomb (see below) */
} tb_zip_limits;
#define TB_ZIP_LIMITS_INIT {1000, 64u << 20, 512u << 20, 0.01}
/* Entries of 100 KiB or less may pass min_ratio, but only this many bytes of them in all. */
#define TB_ZIP_DENSE_MAX (4u << 20)

typedef struct tb_zipr tb_zipr;

/* Opens with consistency checks and validates every entry name (no "..", absolute,
 * backslash, control characters, duplicates, symlinks) and every declared size against the
 * limits. Errors: zip.open, zip.name, zip.limit. `limits` may be NULL for defaults. */
TB_NODISCARD tb_status tb_zipr_open_file(tb_ctx *ctx, const char *path, const tb_zip_limits *limits,
                            tb_zipr **out);
/* `data` must stay alive until tb_zipr_close. */
TB_NODISCARD tb_status tb_zipr_open_mem(tb_ctx *ctx, const char *name, const void *data, size_t len,
                           const tb_zip_limits *limits, tb_zipr **out);
void tb_zipr_close(tb_zipr *z);

size_t tb_zipr_count(const tb_zipr *z);
const char *tb_zipr_name(const tb_zipr *z, size_t i);
uint64_t tb_zipr_size(const tb_zipr *z, size_t i);
/* Stored (1) or deflated (0): writers keep the original method when copying parts. */
int tb_zipr_is_stored(const tb_zipr *z, size_t i);
/* 1 if the name is ASCII or carries the UTF-8 language-encoding flag (bit 11), 0 if it is a
 * non-ASCII name a reader would have to guess the encoding of. */
int tb_zipr_utf8_flagged(const tb_zipr *z, size_t i);
/* Index of a name, or -1. */
long tb_zipr_find(const tb_zipr *z, const char *name);
/* Read the whole entry (NUL-terminated); the count of inflated bytes must equal the declared
 * size and stay within the limits, else zip.corrupt / zip.limit. Caller frees *data. */
TB_NODISCARD tb_status tb_zipr_read(tb_zipr *z, size_t i, char **data, size_t *len);
/* The same checks, streamed: fn gets the entry's bytes in pieces of at most 64 KiB (an error
 * it returns stops the read and is returned). Nothing of the entry is held. */
typedef tb_status (*tb_zipr_sink)(void *user, const void *data, size_t len);
TB_NODISCARD tb_status tb_zipr_stream(tb_zipr *z, size_t i, tb_zipr_sink fn, void *user);
TB_NODISCARD tb_status tb_zipr_read_name(tb_zipr *z, const char *name, char **data, size_t *len);

/* An entry as the archive stores it: its compressed bytes, method, CRC-32 and size. Two entries
 * alike in all of these hold the same data, which need not be inflated to be recognised (a
 * part a template carries unchanged into every filled document). No check of the data itself
 * is made here: only recognise with it what was read and checked whole before. */
typedef struct tb_zip_raw {
	char *data; /* malloc'd */
	size_t len;
	int method;
	uint32_t crc;
	uint64_t size;
} tb_zip_raw;
TB_NODISCARD tb_status tb_zipr_read_raw(tb_zipr *z, size_t i, tb_zip_raw *out);
/* Same entry (all of data, method, CRC and size)? */
bool tb_zip_raw_equal(const tb_zip_raw *a, const tb_zip_raw *b);

/* Add entry i to `dest` (the zip_t * of an archive being written with libzip) under its own
 * name, copying its compressed bytes unchanged: untouched parts of a template are neither
 * inflated nor deflated again. `z` must stay open until `dest` is closed. Returns the new
 * entry's index in `dest`, or -1. */
long tb_zipr_copy_raw(tb_zipr *z, size_t i, void *dest);

#endif
