/* mhd_load.c: the table behind mhd_load.h. */
#include "serve/mhd_load.h"

TB_LAZYLIB_DEFINE(tb_mhd_lib, tb_mhd_fn, TB_MHD_N, TB_MHD_FUNCS, TB_MHD_SONAME, TB_MHD_PACKAGE,
                  "serve.no-library");
