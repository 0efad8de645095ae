/* vec.c: the one array-growing loop. */
#include "core/vec.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

tb_status tb_grow(void **p, size_t *cap, size_t need, size_t size, size_t first)
{
	size_t n = *cap ? *cap : (first ? first : 1);
	void *q;

	if (need <= *cap)
		return TB_OK;
	/* No object can be larger than PTRDIFF_MAX bytes (malloc refuses them too). */
	if (size == 0 || need > PTRDIFF_MAX / size)
		return TB_ELIMIT;
	while (n < need)
		n = n > PTRDIFF_MAX / 2 ? need : n * 2;
	if (n > PTRDIFF_MAX / size)
		n = need; /* doubling overshot what fits; the exact count still does */
	q = realloc(*p, n * size);
	if (!q)
		return TB_ENOMEM;
	*p = q;
	*cap = n;
	return TB_OK;
}
