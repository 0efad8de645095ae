/* xlsx.h: XLSX workbooks out: sheets of text and number cells, bold headers, column widths,
 * through libxlsxwriter, written atomically and reproducibly (the workbook's time is the
 * context's epoch).
 * Interim: the round branch (issue 12) brings the project's one XLSX writer, tb_sheet_* in
 * sheet/sheet.h, with a richer API (sheet handles, wrapping, frozen headers). When it lands,
 * serve's exports move to it and this writer (xlsx.h, xlsx_write.c) goes. */
#ifndef TB_SHEET_XLSX_H
#define TB_SHEET_XLSX_H
#include "tianbiao/tb_core.h"

typedef struct tb_xlsx tb_xlsx;

/* Start a workbook that tb_xlsx_close writes to `path` atomically. */
tb_status tb_xlsx_new(tb_ctx *ctx, const char *path, tb_xlsx **out);
/* Add a sheet (names up to 31 characters, no []:*?/\); later cells go to it. */
tb_status tb_xlsx_sheet(tb_xlsx *x, const char *name);
/* Cells, rows and columns from 0. Text is UTF-8. */
tb_status tb_xlsx_text(tb_xlsx *x, unsigned row, unsigned col, const char *text, int bold);
tb_status tb_xlsx_number(tb_xlsx *x, unsigned row, unsigned col, double v, int bold);
/* Column width in characters (a CJK character counts as two). */
tb_status tb_xlsx_width(tb_xlsx *x, unsigned col, double chars);
/* Write the file (temporary name, then renamed) and free the workbook. */
tb_status tb_xlsx_close(tb_xlsx *x);
/* Free without writing anything. */
void tb_xlsx_discard(tb_xlsx *x);

#endif
