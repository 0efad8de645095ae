/* vec.h: growing an array by doubling, in one place, with the overflow checks that 22
 * hand-written loops used to leave out (count * 2 and count * size can wrap). */
#ifndef TB_CORE_VEC_H
#define TB_CORE_VEC_H
#include <stddef.h>
#include "tianbiao/tb_core.h"

/* Make room in *p for at least `need` elements of `size` bytes: the capacity *cap doubles,
 * starting at `first`. TB_ENOMEM if realloc fails, TB_ELIMIT if the byte size would pass
 * PTRDIFF_MAX (or the count x size wrap); on failure *p and *cap are left as they were. */
TB_NODISCARD tb_status tb_grow(void **p, size_t *cap, size_t need, size_t size, size_t first);

/* TB_GROW(array, capacity, count): room for `count` elements in `array` (any pointer type;
 * `capacity` a size_t lvalue). The statement expression passes the pointer through a void *
 * so no caller casts T ** to void **. */
#define TB_GROW(ptr, cap, need)                                                          \
	__extension__({                                                                      \
		void *tb_grow_p_ = (ptr);                                                        \
		tb_status tb_grow_st_ = tb_grow(&tb_grow_p_, &(cap), (need), sizeof *(ptr), 8); \
		(ptr) = tb_grow_p_;                                                              \
		tb_grow_st_;                                                                     \
	})

#endif
