/* cmd_score.c: `tianbiao score`: an applicant's self-assessment score, or an office's
 * ranking of its applicants with quota and CSV export. */
#include <libintl.h>
#include <string.h>

#include "cli/cli.h"

#define _(s) dgettext("tianbiao", s)

static void score_usage(FILE *out)
{
	fprintf(out, _("Usage: tianbiao score EVIDENCE [--format text|json|xml] [-o FILE] [--lenient]\n"
	               "       tianbiao score --rank DIR [--format text|json|xml] [-o FILE]\n"
	               "                      [--csv OUT.csv] [--encoding utf-8|gb18030] [--xlsx OUT.xlsx]\n"
	               "                      [--preparer NAME] [--preparer-phone PHONE]\n\n"
	               "Score an applicant's self-assessment against the program's indicator system:\n"
	               "claimed points per indicator, per level-2 and level-1 indicator and in total,\n"
	               "with the checks' findings. --format xml writes the report data (<report>).\n"
	               "With --rank, score every DIR/*/evidence.xml, rank each recommending body's\n"
	               "applicants by total (disqualified last) and mark who falls within its quota\n"
	               "(applicants with errors cannot); --format xml writes the summary-sheet data\n"
	               "(<batch>), --csv exports the table (UTF-8 with BOM by default, or GB18030),\n"
	               "--xlsx a spreadsheet with one sheet per body; --preparer names the 填表人.\n"
	               "  --lenient  count points whose claim lacks evidence or a selected target\n"));
}

static int parse_format(const char *arg, tb_score_format *fmt)
{
	if (arg && !strcmp(arg, "text"))
		*fmt = TB_SCORE_TEXT;
	else if (arg && !strcmp(arg, "json"))
		*fmt = TB_SCORE_JSON;
	else if (arg && !strcmp(arg, "xml"))
		*fmt = TB_SCORE_XML;
	else {
		tb_cli_usage_error("score", _("--format takes text, json or xml, not \"%s\""),
		                   arg ? arg : "");
		return -1;
	}
	return 0;
}

static int finish(tb_ctx *ctx, tb_status st)
{
	tb_diag_print(ctx, stderr);
	if (st != TB_OK && st != TB_ERROR)
		return tb_cli_exit_for(st);
	return tb_diag_count_severity(ctx, TB_SEV_ERROR) ? TB_EXIT_INVALID : TB_EXIT_OK;
}

typedef struct rank_args {
	const char *csv, *xlsx, *preparer, *phone;
	tb_csv_encoding enc;
} rank_args;

static int run_rank(tb_ctx *ctx, const char *dir, tb_score_format fmt, const char *out,
                    const rank_args *ra, const tb_score_options *opts)
{
	tb_rank *r = NULL;
	tb_status st = tb_rank_dir(ctx, dir, opts, &r);
	if (r) {
		st = tb_rank_set_preparer(r, ra->preparer, ra->phone);
		if (st == TB_OK)
			st = tb_rank_write(ctx, r, fmt, out);
		if (st == TB_OK && ra->csv)
			st = tb_rank_write_csv(ctx, r, ra->csv, ra->enc);
		if (st == TB_OK && ra->xlsx)
			st = tb_rank_write_xlsx(ctx, r, (size_t)-1, ra->xlsx);
		tb_rank_free(r);
	}
	return finish(ctx, st);
}

static int run_one(tb_ctx *ctx, const char *path, tb_score_format fmt, const char *out,
                   const tb_score_options *opts)
{
	tb_evidence *ev = NULL;
	tb_score *s = NULL;
	tb_status st = tb_evidence_load(ctx, path, NULL, &ev);
	if (ev) {
		st = tb_score_compute(ctx, ev, opts, &s);
		if (s)
			st = tb_score_write(ctx, s, fmt, out);
	}
	tb_score_free(s);
	tb_evidence_free(ev);
	return finish(ctx, st);
}

int tb_cmd_score(tb_ctx *ctx, int argc, char **argv)
{
	tb_score_options opts = TB_SCORE_OPTIONS_INIT;
	tb_score_format fmt = TB_SCORE_TEXT;
	rank_args ra = {NULL, NULL, NULL, NULL, TB_CSV_UTF8_BOM};
	const char *rank = NULL, *out = NULL, *path = NULL;
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			score_usage(stdout);
			return TB_EXIT_OK;
		} else if (!strcmp(a, "--format") && i + 1 < argc) {
			if (parse_format(argv[++i], &fmt))
				return TB_EXIT_USAGE;
		} else if (!strcmp(a, "--rank") && i + 1 < argc) {
			rank = argv[++i];
		} else if (!strcmp(a, "--csv") && i + 1 < argc) {
			ra.csv = argv[++i];
		} else if (!strcmp(a, "--xlsx") && i + 1 < argc) {
			ra.xlsx = argv[++i];
		} else if (!strcmp(a, "--preparer") && i + 1 < argc) {
			ra.preparer = argv[++i];
		} else if (!strcmp(a, "--preparer-phone") && i + 1 < argc) {
			ra.phone = argv[++i];
		} else if ((!strcmp(a, "-o") || !strcmp(a, "--output")) && i + 1 < argc) {
			out = argv[++i];
		} else if (!strcmp(a, "--encoding") && i + 1 < argc) {
			const char *e = argv[++i];
			if (!strcmp(e, "utf-8") || !strcmp(e, "UTF-8") || !strcmp(e, "utf8"))
				ra.enc = TB_CSV_UTF8_BOM;
			else if (!strcmp(e, "gb18030") || !strcmp(e, "GB18030"))
				ra.enc = TB_CSV_GB18030;
			else {
				tb_cli_usage_error("score", _("--encoding takes utf-8 or gb18030, not \"%s\""), e);
				return TB_EXIT_USAGE;
			}
		} else if (!strcmp(a, "--lenient")) {
			opts.lenient = 1;
		} else if (a[0] == '-' && a[1]) {
			tb_cli_usage_error("score", _("unknown option \"%s\" (or its value is missing)"), a);
			return TB_EXIT_USAGE;
		} else if (!path) {
			path = a;
		} else {
			tb_cli_usage_error("score", _("one EVIDENCE file at a time"));
			return TB_EXIT_USAGE;
		}
	}
	if (rank && path) {
		tb_cli_usage_error("score", _("give either EVIDENCE or --rank DIR, not both"));
		return TB_EXIT_USAGE;
	}
	if (!rank && (ra.csv || ra.xlsx || ra.preparer || ra.phone || ra.enc != TB_CSV_UTF8_BOM)) {
		tb_cli_usage_error("score", _("--csv, --xlsx, --encoding and --preparer go with --rank DIR"));
		return TB_EXIT_USAGE;
	}
	if (rank)
		return run_rank(ctx, rank, fmt, out, &ra, &opts);
	if (!path) {
		score_usage(stderr);
		return TB_EXIT_USAGE;
	}
	return run_one(ctx, path, fmt, out, &opts);
}
