/* tiff_load.c: the table behind tiff_load.h. */
#include "render/tiff_load.h"

void *tb_tiff_fn[TB_TIFF_N];

static const char *const tiff_names[] = {
#define X(f) #f,
	TB_TIFF_FUNCS(X)
#undef X
};

tb_lazylib tb_tiff_lib = TB_LAZYLIB_INIT(TB_TIFF_SONAME, TB_TIFF_PACKAGE, "image.no-library",
                                         tiff_names, tb_tiff_fn);
