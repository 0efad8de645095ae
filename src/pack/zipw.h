/* zipw.h: packages (submissions, batches, bags) as ZIP files: entries collected, checked
 * (names, limits, duplicates), sorted by bytes, STORE for already-compressed members and DEFLATE
 * for the rest, written through core/zipwrite (fixed time and attributes, optional AES-256),
 * synced and renamed into place. */
#ifndef TB_PACK_ZIPW_H
#define TB_PACK_ZIPW_H
#include <stddef.h>
#include <time.h>
#include "core/digest.h"
#include "tianbiao/tb_core.h"

typedef struct pack_zipw pack_zipw;

/* Most entries per archive and largest entry we write (bounded, like every reader). */
#define PACK_ZIPW_MAX_ENTRIES 100000
#define PACK_ZIPW_MAX_ENTRY_BYTES ((size_t)1 << 31)

/* `mtime` is the one timestamp of every entry; `password` (may be NULL) turns on AES-256 for
 * every entry, which makes the bytes differ on each run (random salt). */
TB_NODISCARD tb_status pack_zipw_new(tb_ctx *ctx, time_t mtime, const char *password, pack_zipw **out);
/* Takes ownership of `data` (malloc'd) in every case. */
TB_NODISCARD tb_status pack_zipw_add_owned(pack_zipw *w, const char *name, char *data, size_t len);
TB_NODISCARD tb_status pack_zipw_add_copy(pack_zipw *w, const char *name, const void *data, size_t len);
/* Add the file `path` as `name`, read only when the archive is written (never held): `len`
 * and `sha256` are what the caller read and listed (pack_file_stream); if the bytes packed are
 * other ones, the commit fails (io.changed). `store`: stored rather than deflated. */
TB_NODISCARD tb_status pack_zipw_add_file(pack_zipw *w, const char *name, const char *path,
                                          unsigned long long len, const char *sha256, int store);
size_t pack_zipw_count(const pack_zipw *w);
/* What a commit can say of the archive it wrote: its SHA-256, SM3 (hex) and size. */
typedef struct pack_zipw_sums {
	char sha256[TB_DIGEST_HEX_MAX], sm3[TB_DIGEST_HEX_MAX];
	unsigned long long size;
} pack_zipw_sums;
/* Archives up to this size (their entries' bytes) are made in memory when sums are wanted,
 * and hashed as they are written; larger ones are hashed from the file after. A package of
 * forms is about 1 MB; one with scans streams them as before, so a batch worker never holds
 * more than this of an archive (the batch's peak RSS target is 50 MiB). */
#define PACK_ZIPW_MEM_MAX ((unsigned long long)4 << 20)
/* Write `path` through `tmp` (NULL: a temporary name beside path): sorted entries, zip_close,
 * fsync, rename, fsync of the directory. An empty archive is refused (pack.empty). Fills
 * `sums` (may be NULL) on success. Frees w. */
TB_NODISCARD tb_status pack_zipw_commit(pack_zipw *w, const char *path, const char *tmp,
                                        pack_zipw_sums *sums);
void pack_zipw_free(pack_zipw *w);

/* Does this file type get stored (already compressed) rather than deflated? */
int pack_is_precompressed(const char *name);
/* Is this member stored rather than deflated? By its bytes when they say (JPEG, PNG, GIF,
 * WebP, ZIP-based, 7z, gzip, xz, bzip2: stored; a PDF: stored when its streams are compressed),
 * else by its name (pack_is_precompressed). */
int pack_should_store(const char *name, const void *data, size_t len);
/* The same decision for bytes that come in pieces: feed them all, then ask. */
typedef struct pack_store_probe {
	unsigned char head[16];
	size_t nhead;
	char tail[5]; /* the last bytes fed, for a "Decode" cut between two pieces */
	size_t ntail;
	int decode;
} pack_store_probe;
void pack_store_feed(pack_store_probe *p, const void *data, size_t len);
int pack_store_decide(const pack_store_probe *p, const char *name);
/* Media type for a file name by its extension. */
const char *pack_media_type(const char *name);
/* Epoch for the outputs: tb_ctx_epoch, else `fallback_date` (YYYY-MM-DD) at 00:00 UTC, else
 * 1980-01-01 (the first DOS date). */
time_t pack_epoch(tb_ctx *ctx, const char *fallback_date);

#endif
