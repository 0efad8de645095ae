/* xlsx_load.c: the table behind xlsx_load.h. */
#include "sheet/xlsx_load.h"

void *tb_xlsx_fn[TB_XLSX_N];

static const char *const xlsx_names[] = {
#define X(f) #f,
	TB_XLSX_FUNCS(X)
#undef X
};

tb_lazylib tb_xlsx_lib = TB_LAZYLIB_INIT(TB_XLSX_SONAME, TB_XLSX_PACKAGE, "sheet.no-library",
                                         xlsx_names, tb_xlsx_fn);
