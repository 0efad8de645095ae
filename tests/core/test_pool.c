/* test_pool.c: the bump allocator of core/pool.h: copies intact and apart, alignment, blocks
 * of their own for big requests, everything freed at once. */
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "core/pool.h"

/* Many strings over several blocks: each copy is its text (none overwrote another). */
TEST(strings_kept_intact_across_blocks)
{
	tb_pool p = TB_POOL_INIT;
	char *v[5000];
	char want[32];
	size_t i, total = 0;
	for (i = 0; i < 5000; i++) {
		snprintf(want, sizeof want, "string %zu", i * 7919);
		v[i] = tb_pool_strdup(&p, want);
		CHECK(v[i] != NULL);
		total += strlen(want) + 1;
	}
	for (i = 0; i < 5000; i++) {
		snprintf(want, sizeof want, "string %zu", i * 7919);
		CHECK(v[i] && !strcmp(v[i], want));
	}
	/* strings lie end to end: no header or padding between them */
	CHECK_EQ_INT(tb_pool_used(&p), total);
	CHECK(tb_pool_strdup(&p, NULL) == NULL);
	CHECK(!strcmp(tb_pool_memdup(&p, "abc", 2), "ab"));
	CHECK(!strcmp(tb_pool_memdup(&p, NULL, 0), ""));
	tb_pool_free(&p);
	CHECK(p.head == NULL);
	CHECK_EQ_INT(tb_pool_used(&p), 0);
}

/* Records are aligned for any object, also after an odd-length string. */
TEST(records_aligned)
{
	tb_pool p = TB_POOL_INIT;
	size_t i;
	for (i = 0; i < 100; i++) {
		double *d;
		CHECK(tb_pool_memdup(&p, "odd", i % 5) != NULL);
		d = tb_pool_alloc(&p, sizeof *d * (i + 1));
		CHECK(d && (uintptr_t)d % alignof(max_align_t) == 0);
		if (d)
			d[i] = (double)i;
	}
	tb_pool_free(&p);
}

/* A request bigger than a block gets a block of its own; the current block keeps filling
 * (the small copies after it are next to the ones before). */
TEST(big_request_own_block)
{
	tb_pool p = TB_POOL_INIT;
	char *a = tb_pool_strdup(&p, "before"), *big = tb_pool_alloc(&p, 200000), *b;
	CHECK(a && big);
	if (big)
		memset(big, 'x', 200000);
	b = tb_pool_strdup(&p, "after");
	CHECK(a && b && b == a + strlen("before") + 1);
	CHECK(a && !strcmp(a, "before"));
	CHECK(b && !strcmp(b, "after"));
	CHECK_EQ_INT(tb_pool_used(&p), 200000 + 7 + 6);
	tb_pool_free(&p);
}

CHECK_MAIN(T(strings_kept_intact_across_blocks), T(records_aligned), T(big_request_own_block))
