/* sheet.c: XLSX workbooks on libxlsxwriter, written to a temporary file and renamed. */
#include "sheet/sheet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/ctx.h"
#include "core/file.h"
#include "core/i18n.h"
#include "core/utf8.h"
#include "sheet/xlsx_load.h"

#define SHEET_NAME_MAX 31 /* characters: Excel's limit */
#define SHEET_MAX 1000

struct tb_sheet {
	tb_sheet_book *book;
	lxw_worksheet *ws;
	char *name;
};

struct tb_sheet_book {
	tb_ctx *ctx;
	char *path, *tmp, *title;
	lxw_workbook *wb;
	lxw_format *fmt[4]; /* by style bits */
	tb_sheet **sheets;
	size_t n;
};

static tb_status fail(tb_sheet_book *b, lxw_error e)
{
	tb_error(b->ctx, "io.write", b->path, 0, 0,
	         N_("check that the folder exists, is writable and has free space"),
	         N_("cannot write the spreadsheet: %s"), lxw_strerror(e));
	return e == LXW_ERROR_MEMORY_MALLOC_FAILED ? TB_ENOMEM : TB_EIO;
}

tb_status tb_sheet_book_new(tb_ctx *ctx, const char *path, time_t created, const char *title,
                            tb_sheet_book **out)
{
	tb_sheet_book *b;
	lxw_doc_properties props;
	unsigned k;

	*out = NULL;
	if (tb_lazylib_need(ctx, &tb_xlsx_lib) != TB_OK)
		return TB_EUNSUPPORTED;
	if (!(b = calloc(1, sizeof *b)))
		return TB_ENOMEM;
	b->ctx = ctx;
	b->path = strdup(path);
	b->tmp = tb_file_tmp_name(path);
	b->title = title ? strdup(title) : NULL;
	if (!b->path || !b->tmp || (title && !b->title)) {
		tb_sheet_book_free(b);
		return TB_ENOMEM;
	}
	b->wb = workbook_new(b->tmp);
	if (!b->wb) {
		tb_error(ctx, "io.write", path, 0, 0,
		         N_("check that the folder exists, is writable and has free space"),
		         N_("cannot create the spreadsheet"));
		tb_sheet_book_free(b);
		return TB_EIO;
	}
	for (k = 0; k < 4; k++) {
		b->fmt[k] = workbook_add_format(b->wb);
		if (!b->fmt[k]) {
			tb_sheet_book_free(b);
			return TB_ENOMEM;
		}
		format_set_align(b->fmt[k], LXW_ALIGN_VERTICAL_TOP);
		if (k & TB_SHEET_BOLD)
			format_set_bold(b->fmt[k]);
		if (k & TB_SHEET_WRAP)
			format_set_text_wrap(b->fmt[k]);
	}
	memset(&props, 0, sizeof props);
	props.title = b->title;
	props.author = "tianbiao";
	props.created = created > 0 ? created : 315532800; /* never the clock: same input, same bytes */
	if (workbook_set_properties(b->wb, &props) != LXW_NO_ERROR) {
		tb_sheet_book_free(b);
		return TB_ENOMEM;
	}
	*out = b;
	return TB_OK;
}

/* Excel refuses []:*?/\ in sheet names, more than 31 characters, and a leading or trailing
 * apostrophe; names compare case-insensitively, so uniqueness is checked on bytes after
 * folding ASCII. */
static char *clean_name(const char *name)
{
	tb_buf b = TB_BUF_INIT;
	size_t i = 0, len = strlen(name ? name : ""), chars = 0;
	while (name && i < len && chars < SHEET_NAME_MAX) {
		size_t start = i;
		int32_t cp = tb_utf8_next(name, len, &i);
		tb_status st;
		if (cp < 0x20 || (cp < 128 && strchr("[]:*?/\\", (int)cp)))
			st = tb_buf_putc(&b, '_');
		else if (cp == '\'' && (start == 0 || i == len))
			continue;
		else
			st = tb_buf_put(&b, name + start, i - start);
		if (st) {
			tb_buf_free(&b);
			return NULL;
		}
		chars++;
	}
	return b.data ? tb_buf_detach(&b, NULL) : strdup("Sheet");
}

static int taken(const tb_sheet_book *b, const char *name)
{
	size_t i;
	for (i = 0; i < b->n; i++)
		if (!strcasecmp(b->sheets[i]->name, name))
			return 1;
	return 0;
}

tb_status tb_sheet_add(tb_sheet_book *b, const char *name, tb_sheet **out)
{
	tb_sheet *s, **nv;
	char *clean = clean_name(name);
	unsigned k;

	*out = NULL;
	if (!clean)
		return TB_ENOMEM;
	if (b->n >= SHEET_MAX) {
		free(clean);
		return TB_ELIMIT;
	}
	/* "name (2)": the suffix replaces the end when the name is already 31 characters long. */
	for (k = 2; taken(b, clean) && k < SHEET_MAX + 2; k++) {
		char suffix[16], *base = clean_name(name);
		size_t keep, chars = 0, i = 0;
		snprintf(suffix, sizeof suffix, " (%u)", k);
		if (!base) {
			free(clean);
			return TB_ENOMEM;
		}
		for (keep = 0; base[i] && chars + strlen(suffix) < SHEET_NAME_MAX; chars++) {
			tb_utf8_next(base, strlen(base), &i);
			keep = i;
		}
		base[keep] = '\0';
		free(clean);
		clean = malloc(strlen(base) + sizeof suffix);
		if (clean)
			sprintf(clean, "%s%s", base, suffix);
		free(base);
		if (!clean)
			return TB_ENOMEM;
	}
	s = calloc(1, sizeof *s);
	nv = realloc(b->sheets, (b->n + 1) * sizeof *nv);
	if (!s || !nv) {
		free(s);
		free(clean);
		if (nv)
			b->sheets = nv;
		return TB_ENOMEM;
	}
	b->sheets = nv;
	s->book = b;
	s->name = clean;
	s->ws = workbook_add_worksheet(b->wb, clean);
	if (!s->ws) {
		free(s->name);
		free(s);
		return fail(b, LXW_ERROR_SHEETNAME_ALREADY_USED);
	}
	b->sheets[b->n++] = s;
	*out = s;
	return TB_OK;
}

tb_status tb_sheet_width(tb_sheet *s, unsigned col, double width)
{
	lxw_error e = worksheet_set_column(s->ws, (lxw_col_t)col, (lxw_col_t)col, width, NULL);
	return e == LXW_NO_ERROR ? TB_OK : fail(s->book, e);
}

static lxw_format *style(tb_sheet *s, unsigned st)
{
	return s->book->fmt[st & 3];
}

tb_status tb_sheet_text(tb_sheet *s, unsigned row, unsigned col, const char *text,
                        unsigned st)
{
	lxw_error e;
	if (!text || !*text) /* libxlsxwriter writes "" as a blank cell; keep its style */
		e = worksheet_write_blank(s->ws, row, (lxw_col_t)col, style(s, st));
	else if (!tb_utf8_valid(text, strlen(text), NULL))
		return TB_EINVAL;
	else
		e = worksheet_write_string(s->ws, row, (lxw_col_t)col, text, style(s, st));
	return e == LXW_NO_ERROR ? TB_OK : fail(s->book, e);
}

tb_status tb_sheet_number(tb_sheet *s, unsigned row, unsigned col, double value, unsigned st)
{
	lxw_error e = worksheet_write_number(s->ws, row, (lxw_col_t)col, value, style(s, st));
	return e == LXW_NO_ERROR ? TB_OK : fail(s->book, e);
}

tb_status tb_sheet_row(tb_sheet *s, unsigned row, const char *const *cells, size_t n,
                       unsigned st)
{
	size_t i;
	tb_status r = TB_OK;
	for (i = 0; r == TB_OK && i < n; i++)
		r = tb_sheet_text(s, row, (unsigned)i, cells[i], st);
	return r;
}

tb_status tb_sheet_freeze(tb_sheet *s, unsigned rows)
{
	worksheet_freeze_panes(s->ws, rows, 0);
	return TB_OK;
}

static void free_sheets(tb_sheet_book *b)
{
	size_t i;
	for (i = 0; i < b->n; i++) {
		free(b->sheets[i]->name);
		free(b->sheets[i]);
	}
	free(b->sheets);
	b->sheets = NULL;
	b->n = 0;
}

tb_status tb_sheet_book_commit(tb_sheet_book *b)
{
	lxw_error e;
	tb_status st;
	if (!b->n) {
		tb_sheet *s;
		if ((st = tb_sheet_add(b, "Sheet1", &s)) != TB_OK) {
			tb_sheet_book_free(b);
			return st;
		}
	}
	e = workbook_close(b->wb);
	b->wb = NULL;
	if (e != LXW_NO_ERROR) {
		st = fail(b, e);
		unlink(b->tmp);
	} else {
		st = tb_file_commit_tmp(b->ctx, b->tmp, b->path);
	}
	tb_sheet_book_free(b);
	return st;
}

void tb_sheet_book_free(tb_sheet_book *b)
{
	if (!b)
		return;
	if (b->wb) {
		/* Abandoned: let libxlsxwriter free its state, then remove what it wrote. */
		workbook_close(b->wb);
		if (b->tmp)
			unlink(b->tmp);
	}
	free_sheets(b);
	free(b->path);
	free(b->tmp);
	free(b->title);
	free(b);
}
