/* gcrypt_load.c: the table behind gcrypt_load.h. */
#include "core/gcrypt_load.h"

void *tb_gcrypt_fn[TB_GCRYPT_N];

static const char *const gcrypt_names[] = {
#define X(f) #f,
	TB_GCRYPT_FUNCS(X)
#undef X
};

tb_lazylib tb_gcrypt_lib = TB_LAZYLIB_INIT(TB_GCRYPT_SONAME, TB_GCRYPT_PACKAGE, "digest.no-library",
                                           gcrypt_names, tb_gcrypt_fn);
