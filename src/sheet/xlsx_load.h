/* xlsx_load.h: libxlsxwriter, opened on first use (core/lazylib.h): only XLSX output needs
 * it. Include this instead of <xlsxwriter.h>; the functions below are then calls through the
 * table (tb_lazylib_need(ctx, &tb_xlsx_lib) first). */
#ifndef TB_SHEET_XLSX_LOAD_H
#define TB_SHEET_XLSX_LOAD_H
#include <xlsxwriter.h>

#include "core/lazylib.h"

/* Every libxlsxwriter function tianbiao calls: a new one goes here and below. */
#define TB_XLSX_FUNCS(X)                                                                      \
	X(format_set_align) X(format_set_bold) X(format_set_text_wrap) X(lxw_strerror)            \
	X(workbook_add_format) X(workbook_add_worksheet) X(workbook_close) X(workbook_new)        \
	X(workbook_set_properties) X(worksheet_freeze_panes) X(worksheet_set_column)              \
	X(worksheet_write_blank) X(worksheet_write_number) X(worksheet_write_string)

enum {
#define X(f) TB_XLSX_##f,
	TB_XLSX_FUNCS(X)
#undef X
	TB_XLSX_N
};
extern tb_lazylib tb_xlsx_lib;
extern void *tb_xlsx_fn[TB_XLSX_N];

/* The function's own type, from libxlsxwriter's declaration (a name is not expanded again
 * inside its own macro, so &f below is the library's). */
#define TB_XLSX_CALL(f) ((__typeof__(&f))tb_xlsx_fn[TB_XLSX_##f])
#define format_set_align TB_XLSX_CALL(format_set_align)
#define format_set_bold TB_XLSX_CALL(format_set_bold)
#define format_set_text_wrap TB_XLSX_CALL(format_set_text_wrap)
#define lxw_strerror TB_XLSX_CALL(lxw_strerror)
#define workbook_add_format TB_XLSX_CALL(workbook_add_format)
#define workbook_add_worksheet TB_XLSX_CALL(workbook_add_worksheet)
#define workbook_close TB_XLSX_CALL(workbook_close)
#define workbook_new TB_XLSX_CALL(workbook_new)
#define workbook_set_properties TB_XLSX_CALL(workbook_set_properties)
#define worksheet_freeze_panes TB_XLSX_CALL(worksheet_freeze_panes)
#define worksheet_set_column TB_XLSX_CALL(worksheet_set_column)
#define worksheet_write_blank TB_XLSX_CALL(worksheet_write_blank)
#define worksheet_write_number TB_XLSX_CALL(worksheet_write_number)
#define worksheet_write_string TB_XLSX_CALL(worksheet_write_string)

#endif
