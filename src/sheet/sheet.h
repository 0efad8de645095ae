/* sheet.h: spreadsheets for offices (XLSX, on libxlsxwriter): a workbook of named sheets,
 * text and number cells, a bold style for headers, column widths. Small on purpose: the
 * ranking, the summary sheets and the `serve` front end write their tables through it.
 * Output is atomic (a temporary file beside the target, synced, renamed) and reproducible
 * (the workbook's creation time is given, never the clock). */
#ifndef TB_SHEET_SHEET_H
#define TB_SHEET_SHEET_H
#include <stddef.h>
#include <time.h>

#include "tianbiao/tb_core.h"

typedef struct tb_sheet_book tb_sheet_book;
typedef struct tb_sheet tb_sheet;

enum {
	TB_SHEET_PLAIN = 0,
	TB_SHEET_BOLD = 1 << 0, /* header cells */
	TB_SHEET_WRAP = 1 << 1  /* long text wraps in its column */
};

/* A workbook to be written to `path` (.xlsx); `created` is its creation time (document
 * properties), `title` may be NULL. Nothing appears at `path` before tb_sheet_book_commit.
 * TB_EUNSUPPORTED and sheet.no-library when libxlsxwriter (opened now, on first use) is not
 * installed. */
TB_NODISCARD tb_status tb_sheet_book_new(tb_ctx *ctx, const char *path, time_t created, const char *title,
                            tb_sheet_book **out);
/* A new sheet, named `name` made acceptable to spreadsheet programs (at most 31 characters,
 * none of []:*?/\, unique in the workbook). The sheet belongs to the book. */
TB_NODISCARD tb_status tb_sheet_add(tb_sheet_book *b, const char *name, tb_sheet **out);
/* Column width in characters (a Chinese character takes about two). */
TB_NODISCARD tb_status tb_sheet_width(tb_sheet *s, unsigned col, double width);
TB_NODISCARD tb_status tb_sheet_text(tb_sheet *s, unsigned row, unsigned col, const char *text,
                        unsigned style);
TB_NODISCARD tb_status tb_sheet_number(tb_sheet *s, unsigned row, unsigned col, double value,
                          unsigned style);
/* A row of text cells from column 0. */
TB_NODISCARD tb_status tb_sheet_row(tb_sheet *s, unsigned row, const char *const *cells, size_t n,
                       unsigned style);
/* Keep the first `rows` rows in view while scrolling (the header). */
TB_NODISCARD tb_status tb_sheet_freeze(tb_sheet *s, unsigned rows);
/* Write the workbook to its path (atomically) and free it. */
TB_NODISCARD tb_status tb_sheet_book_commit(tb_sheet_book *b);
/* Free without writing (after an error). */
void tb_sheet_book_free(tb_sheet_book *b);

#endif
