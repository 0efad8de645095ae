/* xlsx_write.c: XLSX workbooks through libxlsxwriter: sheets of text and number cells with
 * bold headers. The workbook goes to a temporary name beside the target and is renamed when
 * complete; its creation time (and so its ZIP entries' times) is the context's epoch, so the
 * same rows give the same bytes. */
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "core/ctx.h"
#include "core/file.h"
#include "core/i18n.h"
#include "sheet/xlsx.h"

struct tb_xlsx {
	tb_ctx *ctx;
	char *path, *tmp;
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *bold;
};

static tb_status xlsx_error(tb_xlsx *x, lxw_error e)
{
	tb_error(x->ctx, "sheet.write", x->path, 0, 0,
	         N_("check that the folder exists and is writable"),
	         N_("cannot write the workbook: %s"), lxw_strerror(e));
	return TB_EIO;
}

tb_status tb_xlsx_new(tb_ctx *ctx, const char *path, tb_xlsx **out)
{
	tb_xlsx *x = calloc(1, sizeof *x);
	lxw_workbook_options wo = {0};
	lxw_doc_properties props = {0};
	long long epoch = tb_ctx_epoch(ctx);

	*out = NULL;
	if (!x || !(x->path = strdup(path)) || !(x->tmp = tb_file_tmp_name(path))) {
		if (x)
			free(x->path);
		free(x);
		return TB_ENOMEM;
	}
	x->ctx = ctx;
	wo.constant_memory = LXW_FALSE;
	if (!(x->wb = workbook_new_opt(x->tmp, &wo))) {
		free(x->path);
		free(x->tmp);
		free(x);
		tb_error(ctx, "sheet.write", path, 0, 0, N_("check that the folder exists and is writable"),
		         N_("cannot start the workbook"));
		return TB_EIO;
	}
	/* 0 would mean "now"; 1980-01-01, the first ZIP time, stands for "no date". */
	props.created = (time_t)(epoch > 315532800 ? epoch : 315532800);
	workbook_set_properties(x->wb, &props);
	x->bold = workbook_add_format(x->wb);
	format_set_bold(x->bold);
	*out = x;
	return TB_OK;
}

tb_status tb_xlsx_sheet(tb_xlsx *x, const char *name)
{
	if (!(x->ws = workbook_add_worksheet(x->wb, name))) {
		tb_error(x->ctx, "sheet.write", x->path, 0, 0,
		         N_("use a sheet name of at most 31 characters without []:*?/\\"),
		         N_("invalid or duplicate sheet name \"%s\""), name ? name : "");
		return TB_EINVAL;
	}
	return TB_OK;
}

static tb_status need_sheet(tb_xlsx *x)
{
	return x->ws ? TB_OK : tb_xlsx_sheet(x, NULL);
}

tb_status tb_xlsx_text(tb_xlsx *x, unsigned row, unsigned col, const char *text, int bold)
{
	lxw_error e;
	tb_status st;
	if ((st = need_sheet(x)) != TB_OK)
		return st;
	if (!text || !*text)
		return TB_OK;
	e = worksheet_write_string(x->ws, row, (lxw_col_t)col, text, bold ? x->bold : NULL);
	return e == LXW_NO_ERROR ? TB_OK : xlsx_error(x, e);
}

tb_status tb_xlsx_number(tb_xlsx *x, unsigned row, unsigned col, double v, int bold)
{
	lxw_error e;
	tb_status st;
	if ((st = need_sheet(x)) != TB_OK)
		return st;
	e = worksheet_write_number(x->ws, row, (lxw_col_t)col, v, bold ? x->bold : NULL);
	return e == LXW_NO_ERROR ? TB_OK : xlsx_error(x, e);
}

tb_status tb_xlsx_width(tb_xlsx *x, unsigned col, double chars)
{
	lxw_error e;
	tb_status st;
	if ((st = need_sheet(x)) != TB_OK)
		return st;
	e = worksheet_set_column(x->ws, (lxw_col_t)col, (lxw_col_t)col, chars, NULL);
	return e == LXW_NO_ERROR ? TB_OK : xlsx_error(x, e);
}

void tb_xlsx_discard(tb_xlsx *x)
{
	if (!x)
		return;
	if (x->wb) {
		/* libxlsxwriter has no "free without saving": save to the temporary name, drop it. */
		workbook_close(x->wb);
		remove(x->tmp);
	}
	free(x->path);
	free(x->tmp);
	free(x);
}

tb_status tb_xlsx_close(tb_xlsx *x)
{
	lxw_error e;
	tb_status st;
	if (!x)
		return TB_EINVAL;
	if ((st = need_sheet(x)) != TB_OK) {
		tb_xlsx_discard(x);
		return st;
	}
	e = workbook_close(x->wb);
	x->wb = NULL;
	if (e != LXW_NO_ERROR) {
		st = xlsx_error(x, e);
		remove(x->tmp);
	} else {
		st = tb_file_commit_tmp(x->ctx, x->tmp, x->path);
	}
	free(x->path);
	free(x->tmp);
	free(x);
	return st;
}
