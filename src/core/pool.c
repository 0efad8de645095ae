/* pool.c: the bump allocator of pool.h. */
#include "core/pool.h"

#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* 64 KiB: a few hundred records a block; a bigger request gets a block of its own. */
#define POOL_BLOCK (64 * 1024)
#define POOL_ALIGN alignof(max_align_t)

struct tb_pool_block {
	tb_pool_block *next;
	size_t used, cap;
	alignas(max_align_t) unsigned char data[];
};

/* n bytes at a multiple of `align` (a power of two, at most POOL_ALIGN): strings take 1, so
 * they lie end to end. */
static void *take(tb_pool *p, size_t n, size_t align)
{
	tb_pool_block *b = p->head;
	size_t at;
	if (n > SIZE_MAX - POOL_ALIGN - sizeof *b)
		return NULL;
	at = b ? (b->used + align - 1) & ~(align - 1) : 0;
	if (!b || at > b->cap || b->cap - at < n) {
		size_t cap = n > POOL_BLOCK ? n : POOL_BLOCK;
		tb_pool_block *nb = malloc(sizeof *nb + cap);
		if (!nb)
			return NULL;
		nb->cap = cap;
		nb->used = 0;
		/* a block of its own for a big request keeps the current one filling */
		if (b && n > POOL_BLOCK) {
			nb->next = b->next;
			b->next = nb;
		} else {
			nb->next = b;
			p->head = nb;
		}
		b = nb;
		at = 0;
	}
	b->used = at + n;
	return b->data + at;
}

void *tb_pool_alloc(tb_pool *p, size_t n)
{
	return take(p, n, POOL_ALIGN);
}

char *tb_pool_memdup(tb_pool *p, const char *s, size_t n)
{
	char *d = n < SIZE_MAX ? take(p, n + 1, 1) : NULL;
	if (!d)
		return NULL;
	if (n)
		memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *tb_pool_strdup(tb_pool *p, const char *s)
{
	return s ? tb_pool_memdup(p, s, strlen(s)) : NULL;
}

size_t tb_pool_used(const tb_pool *p)
{
	const tb_pool_block *b;
	size_t n = 0;
	for (b = p->head; b; b = b->next)
		n += b->used;
	return n;
}

void tb_pool_free(tb_pool *p)
{
	while (p->head) {
		tb_pool_block *b = p->head;
		p->head = b->next;
		free(b);
	}
}
