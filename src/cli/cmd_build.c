/* cmd_build.c: tianbiao build EVIDENCE -o OUT.zip */
#include <getopt.h>
#include <libintl.h>
#include <signal.h>
#include <string.h>

#include "cli/cli.h"

#define _(s) dgettext("tianbiao", s)

static void build_usage(void)
{
	printf(_("Usage: tianbiao build EVIDENCE.xml -o OUT.zip [OPTIONS]\n\n"
	         "Build one applicant's submission package: the evidence, the generated documents,\n"
	         "every attachment, manifest.xml and checksums.sha256, in one top folder named\n"
	         "like OUT. The same inputs give the same bytes.\n\n"
	         "  -o, --output FILE        the package to write (.zip)\n"
	         "      --password-file FILE encrypt every entry with AES-256 (password in FILE)\n"
	         "      --password-env VAR   ... with the password in environment variable VAR\n"
	         "      --format text|json   how to print diagnostics\n"));
	tb_cli_font_usage(stdout);
}

/* SIGINT/SIGTERM: the library stops before the next document and writes nothing (its
 * temporary file is removed); a second signal ends the process at once, removing the
 * temporary files being written (ours and libzip's), and the next run sweeps anything left. */
static volatile int stop_requested;

static void on_stop(int sig)
{
	(void)sig;
	stop_requested = 1;
	tb_cli_temps_die_with_signal(); /* the second signal */
}

int tb_cmd_build(tb_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"output", required_argument, NULL, 'o'},
		{"password-file", required_argument, NULL, 'P'},
		{"password-env", required_argument, NULL, 'E'},
		{"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		TB_CLI_FONT_LONGOPTS,
		{NULL, 0, NULL, 0},
	};
	tb_pack_options opts = TB_PACK_OPTIONS_INIT;
	tb_out_format fmt = TB_OUT_TEXT;
	const char *out = NULL;
	tb_status st;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'P': opts.password_file = optarg; break;
		case 'E': opts.password_env = optarg; break;
		case 'F':
		case 'G':
			if ((c = tb_cli_font_option(ctx, c, optarg)) != 0)
				return c;
			break;
		case 'f':
			if (tb_cli_parse_format(optarg, &fmt) != 0)
				return TB_EXIT_USAGE;
			break;
		case 'h': build_usage(); return TB_EXIT_OK;
		default: tb_cli_usage_error("build", _("unknown option")); return TB_EXIT_USAGE;
		}
	}
	if (optind != argc - 1 || !out) {
		tb_cli_usage_error("build", _("give one evidence file and -o OUT.zip"));
		return TB_EXIT_USAGE;
	}
	if (tb_cli_out_is_dir(out) || tb_cli_same_file(out, argv[optind]) || tb_cli_same_as_attachment(ctx, out, argv[optind]))
		return TB_EXIT_USAGE;
	opts.cancel = &stop_requested;
	tb_ctx_set_one_document(ctx, 1); /* each template is filled once */
	tb_render_prefetch_fonts(); /* the package's PDFs: while the evidence is read */
	signal(SIGINT, on_stop);
	signal(SIGTERM, on_stop);
	st = tb_pack_build(ctx, argv[optind], out, &opts);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	tb_cli_print_diags(ctx, fmt);
	if (st == TB_ECANCELED)
		return 130; /* 128 + SIGINT, as shells report an interrupted command */
	return tb_cli_exit_for(st);
}
