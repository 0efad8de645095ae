/* strset.h: a set of byte strings (open addressing over an FNV-1a hash), and that hash. */
#ifndef TB_CORE_STRSET_H
#define TB_CORE_STRSET_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* FNV-1a over n bytes, continuing from h (start with TB_HASH_INIT). Not for security. */
#define TB_HASH_INIT 14695981039346656037u
uint64_t tb_hash_bytes(uint64_t h, const void *p, size_t n);

/* Zero-initialised is empty. `nocase`: ASCII letters compare and hash without case. */
typedef struct tb_strset {
	char **slots; /* a power of two of them, at most half full; NUL-terminated copies */
	size_t nslots, n;
	bool nocase;
} tb_strset;

bool tb_strset_add(tb_strset *set, const char *s, size_t len); /* false: out of memory */
bool tb_strset_has(const tb_strset *set, const char *s, size_t len);
void tb_strset_free(tb_strset *set);

#endif
