/* gcrypt_load.c: the table behind gcrypt_load.h. */
#include "core/gcrypt_load.h"

TB_LAZYLIB_DEFINE(tb_gcrypt_lib, tb_gcrypt_fn, TB_GCRYPT_N, TB_GCRYPT_FUNCS, TB_GCRYPT_SONAME, TB_GCRYPT_PACKAGE,
                  "digest.no-library");
