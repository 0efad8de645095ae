/* rank_sheet.c: the ranking and the summary sheets as a spreadsheet (XLSX through sheet/):
 * one sheet per recommending body, the same columns as the CSV, scores as numbers. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/ctx.h"
#include "core/date.h"
#include "core/i18n.h"
#include "score/rank_internal.h"
#include "sheet/sheet.h"

static double as_number(tb_points p)
{
	return (double)p / TB_POINTS_SCALE;
}

static tb_status body_sheet(tb_sheet_book *book, const tb_rank *r, size_t bi)
{
	static const char *const head[] = {N_("Rank"), N_("Applicant"), N_("Authority"),
	                                   N_("Contact"), N_("Phone"), N_("Mobile"), N_("E-mail"),
	                                   N_("Service targets"), N_("Score"), N_("Max"),
	                                   N_("Within quota"), N_("Notes")};
	static const double widths[] = {6, 34, 24, 10, 16, 14, 24, 24, 8, 8, 10, 30};
	const tb_rank_body *g = &r->bodies[bi];
	const char *hv[sizeof head / sizeof head[0]];
	char line[1024], quota[64], note[600];
	tb_sheet *s;
	size_t i, k, nh = sizeof head / sizeof head[0];
	unsigned row = 0;
	tb_status st;

	if ((st = tb_sheet_add(book, g->name, &s)) != TB_OK)
		return st;
	for (k = 0; k < nh; k++) {
		hv[k] = _(head[k]);
		if ((st = tb_sheet_width(s, (unsigned)k, widths[k])) != TB_OK)
			return st;
	}
	if (g->unlimited)
		snprintf(quota, sizeof quota, "%s", _("no quota"));
	else
		snprintf(quota, sizeof quota, _("quota %u"), g->quota);
	snprintf(line, sizeof line, _("%s (%s), %s · %s (%s)"), g->name, g->kind_label, quota,
	         tb_program_title(r->prog), tb_program_id(r->prog));
	if ((st = tb_sheet_text(s, row++, 0, line, TB_SHEET_BOLD)) != TB_OK)
		return st;
	snprintf(line, sizeof line, _("Date: %s"), g->date);
	if ((st = tb_sheet_text(s, row++, 0, line, 0)) != TB_OK)
		return st;
	if (r->preparer || r->preparer_phone) {
		snprintf(line, sizeof line, _("Prepared by: %s %s"), r->preparer ? r->preparer : "",
		         r->preparer_phone ? r->preparer_phone : "");
		if ((st = tb_sheet_text(s, row++, 0, line, 0)) != TB_OK)
			return st;
	}
	if ((st = tb_sheet_row(s, row, hv, nh, TB_SHEET_BOLD)) != TB_OK ||
	    (st = tb_sheet_freeze(s, row + 1)) != TB_OK)
		return st;
	row++;
	for (i = g->first; i < g->first + g->count; i++, row++) {
		const tb_rank_entry *e = &r->e[i];
		const char *text[] = {e->name, e->authority, e->contact, e->phone, e->mobile,
		                      e->email, e->targets};
		if ((st = tb_sheet_number(s, row, 0, e->position, 0)) != TB_OK)
			return st;
		for (k = 0; k < 7; k++)
			if ((st = tb_sheet_text(s, row, (unsigned)k + 1, text[k] ? text[k] : "", 0)) != TB_OK)
				return st;
		if ((st = tb_sheet_number(s, row, 8, as_number(e->total), 0)) != TB_OK ||
		    (st = tb_sheet_number(s, row, 9, as_number(tb_program_total(r->prog)), 0)) != TB_OK ||
		    (st = tb_sheet_text(s, row, 10, e->within ? _("yes") : _("no"), 0)) != TB_OK ||
		    (st = tb_sheet_text(s, row, 11, tb_rank_note(e, note, sizeof note), 0)) != TB_OK)
			return st;
	}
	return TB_OK;
}

/* The workbook's time: the epoch when set, else the latest application date. */
static time_t book_time(const tb_ctx *ctx, const tb_rank *r, size_t body)
{
	const char *best = "";
	tb_date dt;
	size_t i;
	if (tb_ctx_epoch(ctx) > 0)
		return (time_t)tb_ctx_epoch(ctx);
	for (i = 0; i < r->n; i++)
		if ((body == (size_t)-1 || r->e[i].body == body) && strcmp(r->e[i].date, best) > 0)
			best = r->e[i].date;
	/* core/date.c: the calendar-checked reader (2021-02-30 is no date) */
	if (!tb_date_parse(best, TB_DATE_TAIL, &dt) || dt.year < 1980)
		return 0;
	return (time_t)(tb_date_days(&dt) * 86400);
}

tb_status tb_rank_write_xlsx(tb_ctx *ctx, const tb_rank *r, size_t body, const char *path)
{
	tb_sheet_book *book = NULL;
	tb_status st;
	size_t k;

	if (!ctx || !r || !path || !r->finished || (body != (size_t)-1 && body >= r->nbodies))
		return TB_EINVAL;
	st = tb_sheet_book_new(ctx, path, book_time(ctx, r, body), tb_program_title(r->prog), &book);
	for (k = 0; st == TB_OK && k < r->nbodies; k++)
		if (body == (size_t)-1 || body == k)
			st = body_sheet(book, r, k);
	if (st != TB_OK) {
		tb_sheet_book_free(book);
		return st;
	}
	return tb_sheet_book_commit(book);
}
