/* table.h: spreadsheets in: an XLSX workbook's first sheet or a CSV file read into a table
 * of text cells (bounded: it comes from users). Writing XLSX: sheet/sheet.h (the one writer). */
#ifndef TB_SHEET_TABLE_H
#define TB_SHEET_TABLE_H
#include <stddef.h>
#include "tianbiao/tb_core.h"

#define TB_SHEET_MAX_ROWS 10000
#define TB_SHEET_MAX_COLS 256
#define TB_SHEET_MAX_CELL (32u * 1024)

/* ---- reading ---- */
typedef struct tb_table tb_table;

/* Read `path`: an XLSX workbook (by its ZIP signature; first sheet) or else CSV (UTF-8 with or
 * without BOM, or GB18030; comma, semicolon or tab separated, RFC 4180 quoting). Dates of
 * XLSX date cells come out as YYYY-MM-DD, numbers as written. Errors: sheet.read,
 * sheet.format, sheet.limit (and zip.*, xml.* from the readers underneath). */
tb_status tb_table_read(tb_ctx *ctx, const char *path, tb_table **out);
tb_status tb_table_read_xlsx(tb_ctx *ctx, const char *path, tb_table **out);
tb_status tb_table_read_csv(tb_ctx *ctx, const char *path, tb_table **out);
void tb_table_free(tb_table *t);
size_t tb_table_rows(const tb_table *t);
size_t tb_table_cols(const tb_table *t, size_t row);
/* Trimmed text of a cell, "" when the row has no such column. */
const char *tb_table_cell(const tb_table *t, size_t row, size_t col);

/* Building a table (used by the readers). */
tb_status tb_table_new(tb_table **out);
tb_status tb_table_set(tb_ctx *ctx, tb_table *t, size_t row, size_t col, const char *text,
                       size_t len);

#endif
