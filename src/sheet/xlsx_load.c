/* xlsx_load.c: the table behind xlsx_load.h. */
#include "sheet/xlsx_load.h"

TB_LAZYLIB_DEFINE(tb_xlsx_lib, tb_xlsx_fn, TB_XLSX_N, TB_XLSX_FUNCS, TB_XLSX_SONAME, TB_XLSX_PACKAGE,
                  "sheet.no-library");
