/* vset.h: a set of files read back for verification, from a ZIP (through the bounded reader)
 * or a folder (no symlinks followed), with their paths relative to one base. */
#ifndef TB_PACK_VSET_H
#define TB_PACK_VSET_H
#include <stddef.h>
#include "core/digest.h"
#include "tianbiao/tb_core.h"

struct tb_zipr;

typedef struct vent {
	char *name;  /* relative to the base, '/' separated */
	char *data;  /* in memory, or NULL when on disk or in an archive */
	size_t len;
	char *disk;  /* path on disk when data is NULL */
	/* In an archive read for verification (vset_from_zip, keep = 0): its entry, and its
	 * digests taken while it was read once (TB_SHA256, TB_SHA512, TB_SM3 in that order,
	 * TB_DIGEST_HEX_MAX each); the bytes are read again only on request (vent_bytes). */
	struct tb_zipr *z;
	size_t zi;
	char *hex;
	int seen;    /* listed by a manifest (a package's manifest.xml: 2) */
} vent;

typedef struct vset {
	vent *v;
	size_t n, cap;
	struct tb_zipr *z; /* owned: the archive its entries are in */
} vset;

#define VSET_MAX_ENTRIES 200000

/* Counting for tb_verify_result: tb_pack_verify hangs its result on the context under this
 * key while it runs; readers add to it. NULL when nobody counts. */
#define VERIFY_COUNT_KEY "pack.verify.result"
void verify_count(tb_ctx *ctx, size_t files, size_t packages);

void vset_free(vset *s);
TB_NODISCARD tb_status vset_add(vset *s, const char *name, char *data, size_t len, const char *disk);
vent *vset_find(vset *s, const char *name);
TB_NODISCARD tb_status vent_digest(tb_ctx *ctx, const vent *e, tb_digest_alg alg, char hex[TB_DIGEST_HEX_MAX]);
/* Read fully (for files on disk: up to max bytes). Caller frees unless e->data is returned. */
TB_NODISCARD tb_status vent_bytes(tb_ctx *ctx, const vent *e, size_t max, char **data, size_t *len, int *owned);

/* Every entry of a ZIP read (CRC and size checked): into memory when `keep`, else streamed
 * once through the digests (the set keeps the archive open, and memory stays flat however
 * large or many the entries). The names must share one top folder, returned in *top (caller
 * frees), and are stored without it. */
TB_NODISCARD tb_status vset_from_zip(tb_ctx *ctx, const char *label, const char *path, const void *mem,
                        size_t memlen, size_t max_entries, int keep, vset *s, char **top);
/* A copy of e's place (bytes, file or archive entry and its digests) into s under `name`. */
TB_NODISCARD tb_status vset_add_copy(vset *s, const char *name, const vent *e);
/* Every regular file below dir (recursively); symlinks and other types are refused. */
TB_NODISCARD tb_status vset_from_dir(tb_ctx *ctx, const char *dir, size_t max_entries, vset *s);

/* Verify one submission package held in s (names relative to its top folder `top`).
 * `allowed_extra` (may be NULL) is one more name tolerated beside the package's files. */
TB_NODISCARD tb_status verify_package_set(tb_ctx *ctx, const char *label, vset *s, const char *top,
                             const char *allowed_extra);
/* Verify a BagIt bag held in s; `name` is the bag's base name. */
TB_NODISCARD tb_status verify_bag_set(tb_ctx *ctx, const char *label, vset *s, const char *name);

/* Parse "<hex><spaces><path>" lines; calls fn for each (path checked for safety). */
typedef tb_status (*vline_fn)(void *user, const char *hex, const char *path, unsigned line);
TB_NODISCARD tb_status vparse_lines(tb_ctx *ctx, const char *label, const char *text, size_t len,
                       vline_fn fn, void *user);

#endif
