/* tiff_load.c: the table behind tiff_load.h. */
#include "render/tiff_load.h"

TB_LAZYLIB_DEFINE(tb_tiff_lib, tb_tiff_fn, TB_TIFF_N, TB_TIFF_FUNCS, TB_TIFF_SONAME, TB_TIFF_PACKAGE,
                  "image.no-library");
