/* vset.h: a set of files read back for verification, from a ZIP (through the bounded reader)
 * or a folder (no symlinks followed), with their paths relative to one base. */
#ifndef TB_PACK_VSET_H
#define TB_PACK_VSET_H
#include <stddef.h>
#include "core/digest.h"
#include "tianbiao/tb_core.h"

typedef struct vent {
	char *name;  /* relative to the base, '/' separated */
	char *data;  /* in memory, or NULL when on disk */
	size_t len;
	char *disk;  /* path on disk when data is NULL */
	int seen;    /* listed by a manifest */
} vent;

typedef struct vset {
	vent *v;
	size_t n, cap;
} vset;

#define VSET_MAX_ENTRIES 200000

/* Counting for tb_verify_result: tb_pack_verify hangs its result on the context under this
 * key while it runs; readers add to it. NULL when nobody counts. */
#define VERIFY_COUNT_KEY "pack.verify.result"
void verify_count(tb_ctx *ctx, size_t files, size_t packages);

void vset_free(vset *s);
tb_status vset_add(vset *s, const char *name, char *data, size_t len, const char *disk);
vent *vset_find(vset *s, const char *name);
tb_status vent_digest(tb_ctx *ctx, const vent *e, tb_digest_alg alg, char hex[TB_DIGEST_HEX_MAX]);
/* Read fully (for files on disk: up to max bytes). Caller frees unless e->data is returned. */
tb_status vent_bytes(tb_ctx *ctx, const vent *e, size_t max, char **data, size_t *len, int *owned);

/* Every entry of a ZIP read fully (CRC and size checked) into memory; the names must share
 * one top folder, returned in *top (caller frees), and are stored without it. */
tb_status vset_from_zip(tb_ctx *ctx, const char *label, const char *path, const void *mem,
                        size_t memlen, size_t max_entries, vset *s, char **top);
/* Every regular file below dir (recursively); symlinks and other types are refused. */
tb_status vset_from_dir(tb_ctx *ctx, const char *dir, size_t max_entries, vset *s);

/* Verify one submission package held in s (names relative to its top folder `top`).
 * `allowed_extra` (may be NULL) is one more name tolerated beside the package's files. */
tb_status verify_package_set(tb_ctx *ctx, const char *label, vset *s, const char *top,
                             const char *allowed_extra);
/* Verify a BagIt bag held in s; `name` is the bag's base name. */
tb_status verify_bag_set(tb_ctx *ctx, const char *label, vset *s, const char *name);

/* Parse "<hex><spaces><path>" lines; calls fn for each (path checked for safety). */
typedef tb_status (*vline_fn)(void *user, const char *hex, const char *path, unsigned line);
tb_status vparse_lines(tb_ctx *ctx, const char *label, const char *text, size_t len,
                       vline_fn fn, void *user);

#endif
