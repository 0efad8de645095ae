/* table.c: the table of text cells that spreadsheets are read into, and the choice of
 * reader by the file's first bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ctx.h"
#include "core/i18n.h"
#include "sheet/table.h"

typedef struct table_row {
	char **cell;
	size_t n;
} table_row;

struct tb_table {
	table_row *row;
	size_t n;
};

tb_status tb_table_new(tb_table **out)
{
	*out = calloc(1, sizeof **out);
	return *out ? TB_OK : TB_ENOMEM;
}

void tb_table_free(tb_table *t)
{
	size_t r, c;
	if (!t)
		return;
	for (r = 0; r < t->n; r++) {
		for (c = 0; c < t->row[r].n; c++)
			free(t->row[r].cell[c]);
		free(t->row[r].cell);
	}
	free(t->row);
	free(t);
}

size_t tb_table_rows(const tb_table *t) { return t ? t->n : 0; }

size_t tb_table_cols(const tb_table *t, size_t row)
{
	return t && row < t->n ? t->row[row].n : 0;
}

const char *tb_table_cell(const tb_table *t, size_t row, size_t col)
{
	if (!t || row >= t->n || col >= t->row[row].n || !t->row[row].cell[col])
		return "";
	return t->row[row].cell[col];
}

static int is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

tb_status tb_table_set(tb_ctx *ctx, tb_table *t, size_t row, size_t col, const char *text,
                       size_t len)
{
	table_row *r;
	char *s;
	if (row >= TB_SHEET_MAX_ROWS || col >= TB_SHEET_MAX_COLS || len > TB_SHEET_MAX_CELL) {
		tb_error(ctx, "sheet.limit", NULL, (unsigned)row + 1, (unsigned)col + 1,
		         N_("split the sheet, or shorten the cell"),
		         N_("the sheet is too large: at most %u rows, %u columns and %u bytes per cell"),
		         TB_SHEET_MAX_ROWS, TB_SHEET_MAX_COLS, TB_SHEET_MAX_CELL);
		return TB_ELIMIT;
	}
	if (row >= t->n) {
		table_row *nr = realloc(t->row, (row + 1) * sizeof *nr);
		if (!nr)
			return TB_ENOMEM;
		memset(nr + t->n, 0, (row + 1 - t->n) * sizeof *nr);
		t->row = nr;
		t->n = row + 1;
	}
	r = &t->row[row];
	if (col >= r->n) {
		char **nc = realloc(r->cell, (col + 1) * sizeof *nc);
		if (!nc)
			return TB_ENOMEM;
		memset(nc + r->n, 0, (col + 1 - r->n) * sizeof *nc);
		r->cell = nc;
		r->n = col + 1;
	}
	while (len > 0 && is_space((unsigned char)*text)) {
		text++;
		len--;
	}
	while (len > 0 && is_space((unsigned char)text[len - 1]))
		len--;
	if (!(s = strndup(text, len)))
		return TB_ENOMEM;
	free(r->cell[col]);
	r->cell[col] = s;
	return TB_OK;
}

tb_status tb_table_read(tb_ctx *ctx, const char *path, tb_table **out)
{
	unsigned char sig[4] = {0};
	FILE *f = fopen(path, "rb");
	size_t n;
	*out = NULL;
	if (!f) {
		tb_error(ctx, "sheet.read", path, 0, 0, N_("check the path and the file's permissions"),
		         N_("cannot open the sheet"));
		return TB_EIO;
	}
	n = fread(sig, 1, sizeof sig, f);
	fclose(f);
	if (n == 4 && sig[0] == 'P' && sig[1] == 'K' && sig[2] == 3 && sig[3] == 4)
		return tb_table_read_xlsx(ctx, path, out);
	if (n >= 4 && sig[0] == 0xD0 && sig[1] == 0xCF && sig[2] == 0x11 && sig[3] == 0xE0) {
		tb_error(ctx, "sheet.format", path, 0, 0,
		         N_("save the sheet as .xlsx (Excel 2007 or later) or .csv and try again"),
		         N_("old Excel (.xls) workbooks cannot be read"));
		return TB_ERROR;
	}
	return tb_table_read_csv(ctx, path, out);
}
