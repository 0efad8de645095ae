/* cmd_report.c: tianbiao report EVIDENCE -o OUT: the self-assessment report. */
#include <getopt.h>
#include <libintl.h>
#include <string.h>
#include <strings.h>

#include "cli/cli.h"

#define _(s) dgettext("tianbiao", s)

static void report_usage(FILE *out)
{
	fprintf(out, _("Usage: tianbiao report EVIDENCE -o OUT.docx|OUT.odt|OUT.pdf [OPTIONS]\n\n"
	               "Score the self-assessment and write the report through the program's\n"
	               "template; rendered, it also shows a chart of claimed against maximum points.\n\n"
	               "Options:\n"
	               "  -o, --output FILE        the report (.docx, .odt, or an output format below)\n"
	               "      --to FORMAT          render to this output format\n"
	               "      --dpi N, --page N    raster formats: resolution and page\n"
	               "      --pdfa               PDF/A-1b for archives\n"
	               "      --format text|json   diagnostics format\n"));
	tb_cli_font_usage(out);
	fputs("\n", out);
	tb_cli_print_formats(out);
}

int tb_cmd_report(tb_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"output", required_argument, NULL, 'o'}, {"pdfa", no_argument, NULL, 'p'},
		{"format", required_argument, NULL, 'f'}, {"help", no_argument, NULL, 'h'},
		{"to", required_argument, NULL, 't'},     {"dpi", required_argument, NULL, 'D'},
		{"page", required_argument, NULL, 'P'},   TB_CLI_FONT_LONGOPTS,
		{NULL, 0, NULL, 0}};
	tb_render_options ropts = TB_RENDER_OPTIONS_INIT;
	tb_out_format fmt = TB_OUT_TEXT;
	tb_evidence *e = NULL;
	tb_score *s = NULL;
	const char *out = NULL, *dot;
	tb_status st;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'p': ropts.pdfa = 1; break;
		case 'F':
		case 'G':
			if ((c = tb_cli_font_option(ctx, c, optarg)) != 0)
				return c;
			break;
		case 't':
		case 'D':
		case 'P':
			if (tb_cli_render_opt("report", c == 't' ? "to" : c == 'D' ? "dpi" : "page", optarg, &ropts))
				return TB_EXIT_USAGE;
			break;
		case 'f':
			if (tb_cli_parse_format(optarg, &fmt) != 0)
				return TB_EXIT_USAGE;
			break;
		case 'h': report_usage(stdout); return TB_EXIT_OK;
		default: report_usage(stderr); return TB_EXIT_USAGE;
		}
	}
	if (argc - optind != 1 || !out) {
		tb_cli_usage_error("report", _("give EVIDENCE and -o OUT"));
		return TB_EXIT_USAGE;
	}
	if (tb_cli_out_is_dir(out) || tb_cli_same_file(out, argv[optind]) || tb_cli_same_as_attachment(ctx, out, argv[optind]))
		return TB_EXIT_USAGE;
	tb_cli_temps_die_with_signal();
	tb_ctx_set_one_document(ctx, 1);
	dot = strrchr(out, '.');
	if (!dot || (strcasecmp(dot, ".docx") && strcasecmp(dot, ".odt")))
		tb_render_prefetch_fonts(); /* rendered: while the evidence is read and scored */
	st = tb_evidence_load(ctx, argv[optind], NULL, &e);
	if (st == TB_OK)
		st = tb_score_compute(ctx, e, NULL, &s);
	if (st == TB_OK)
		st = tb_report_write_file(ctx, s, out, &ropts);
	/* The report is written (its problems section lists the findings), but any error is
	 * exit 1: the same verdict as validate, score and build. */
	if (st == TB_OK && tb_diag_count_severity(ctx, TB_SEV_ERROR))
		st = TB_ERROR;
	tb_cli_print_diags(ctx, fmt);
	tb_score_free(s);
	tb_evidence_free(e);
	return tb_cli_exit_for(st);
}
