/* cmd_batch.c: tianbiao batch DIR -o OUT [-j N] [--allow-over-quota] */
#include <getopt.h>
#include <libintl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

#define _(s) dgettext("tianbiao", s)

static void batch_usage(void)
{
	printf(_("Usage: tianbiao batch DIR -o OUT [OPTIONS]\n\n"
	         "Build every applicant folder of DIR (each with an evidence.xml) into\n"
	         "OUT/packages/<folder>.zip, in parallel, with batch-manifest.xml, the summary-sheet\n"
	         "data of each recommending body (OUT/summary/NN.xml) and checksums.sha256.\n"
	         "Applicants with errors are reported and skipped; a re-run rebuilds only what\n"
	         "changed.\n\n"
	         "  -o, --output DIR         the batch folder to write\n"
	         "  -j, --jobs N             worker threads (default: number of processors)\n"
	         "      --allow-over-quota   build bodies over their quota (附件1) anyway\n"
	         "      --password-file FILE encrypt packages with AES-256 (password in FILE)\n"
	         "      --password-env VAR   ... with the password in environment variable VAR\n"
	         "      --format text|json   how to print diagnostics\n"));
	tb_cli_font_usage(stdout);
}

static void draw_bar(void *user, size_t done, size_t total)
{
	int width = 40, fill = total ? (int)(done * (size_t)width / total) : width;
	(void)user;
	fprintf(stderr, "\r[%.*s%*s] %zu/%zu", fill, "########################################",
	        width - fill, "", done, total);
	if (done == total)
		fputc('\n', stderr);
	fflush(stderr);
}

int tb_cmd_batch(tb_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"output", required_argument, NULL, 'o'},
		{"jobs", required_argument, NULL, 'j'},
		{"allow-over-quota", no_argument, NULL, 'Q'},
		{"password-file", required_argument, NULL, 'P'},
		{"password-env", required_argument, NULL, 'E'},
		{"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		TB_CLI_FONT_LONGOPTS,
		{NULL, 0, NULL, 0},
	};
	tb_batch_options opts = TB_BATCH_OPTIONS_INIT;
	tb_batch_result res;
	tb_out_format fmt = TB_OUT_TEXT;
	const char *out = NULL;
	tb_status st;
	char *end;
	long j;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:j:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'j':
			j = strtol(optarg, &end, 10);
			if (*end || j < 1 || j > 256) {
				tb_cli_usage_error("batch", _("-j takes a number from 1 to 256"));
				return TB_EXIT_USAGE;
			}
			opts.jobs = (unsigned)j;
			break;
		case 'Q': opts.allow_over_quota = 1; break;
		case 'P': opts.pack.password_file = optarg; break;
		case 'E': opts.pack.password_env = optarg; break;
		case 'F':
		case 'G':
			if ((c = tb_cli_font_option(ctx, c, optarg)) != 0)
				return c;
			break;
		case 'f':
			if (tb_cli_parse_format(optarg, &fmt) != 0)
				return TB_EXIT_USAGE;
			break;
		case 'h': batch_usage(); return TB_EXIT_OK;
		default: tb_cli_usage_error("batch", _("unknown option")); return TB_EXIT_USAGE;
		}
	}
	if (optind != argc - 1 || !out) {
		tb_cli_usage_error("batch", _("give one folder of applicants and -o OUT"));
		return TB_EXIT_USAGE;
	}
	if (isatty(STDERR_FILENO))
		opts.progress = draw_bar;
	st = tb_pack_batch(ctx, argv[optind], out, &opts, &res);
	tb_cli_print_diags(ctx, fmt);
	if (fmt == TB_OUT_TEXT)
		fprintf(stderr, _("%zu applicants: %zu built, %zu unchanged, %zu failed, %zu skipped "
		                  "(over quota) in %.2f s\n"),
		        res.applicants, res.built, res.unchanged, res.failed, res.skipped, res.seconds);
	return tb_cli_exit_for(st);
}
