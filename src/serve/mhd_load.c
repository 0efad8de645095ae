/* mhd_load.c: the table behind mhd_load.h. */
#include "serve/mhd_load.h"

void *tb_mhd_fn[TB_MHD_N];

static const char *const mhd_names[] = {
#define X(f) #f,
	TB_MHD_FUNCS(X)
#undef X
};

tb_lazylib tb_mhd_lib = TB_LAZYLIB_INIT(TB_MHD_SONAME, TB_MHD_PACKAGE, "serve.no-library",
                                        mhd_names, tb_mhd_fn);
