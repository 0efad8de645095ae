/* pool.h: small records that live as long as their owner (a ranking's entries, a batch's kept
 * digests), bump-allocated in large blocks and freed all at once. No per-allocation header,
 * and records made in turn by several threads lie together in a few blocks instead of each
 * among its thread's freed memory, where they would keep pages resident. */
#ifndef TB_CORE_POOL_H
#define TB_CORE_POOL_H
#include <stddef.h>

typedef struct tb_pool_block tb_pool_block;
typedef struct tb_pool {
	tb_pool_block *head; /* the block being filled, then the older ones */
} tb_pool;
#define TB_POOL_INIT {NULL}

/* n bytes aligned for any object, valid until tb_pool_free; NULL when out of memory. Not
 * thread-safe: callers serialise. */
void *tb_pool_alloc(tb_pool *p, size_t n);
/* A NUL-terminated copy of n bytes of s (s may be NULL when n is 0). */
char *tb_pool_memdup(tb_pool *p, const char *s, size_t n);
/* A copy of s; NULL for NULL (and when out of memory: check s). */
char *tb_pool_strdup(tb_pool *p, const char *s);
/* Total bytes handed out (for tests and figures). */
size_t tb_pool_used(const tb_pool *p);
void tb_pool_free(tb_pool *p);

#endif
