/* cmd_verify.c: tianbiao verify PACKAGE.zip|BATCH|BUNDLE */
#include <getopt.h>
#include <libintl.h>
#include <string.h>

#include "cli/cli.h"

#define _(s) dgettext("tianbiao", s)

static void verify_usage(void)
{
	printf(_("Usage: tianbiao verify PACKAGE.zip|BATCH|BUNDLE [--format text|json]\n\n"
	         "Check completeness and every digest of a package, a batch (and each of its\n"
	         "packages) or a BagIt bundle (and each item). Reports missing, extra and altered\n"
	         "files; exits 1 on any problem. Archives are read with size, count, ratio and\n"
	         "name checks, never extracted.\n"));
}

/* One line at the end, whatever the number of findings above it. */
static void print_total(const tb_ctx *ctx, const char *path, tb_status st,
                        const tb_verify_result *res)
{
	size_t i, altered = 0, missing = 0, extra = 0;
	size_t errors = tb_diag_count_severity(ctx, TB_SEV_ERROR);
	if (st == TB_OK) {
		fprintf(stderr, _("%s: verified: %zu files in %zu package(s) checked, no problem\n"), path,
		        res->files, res->packages);
		return;
	}
	for (i = 0; i < tb_diag_count(ctx); i++) {
		const tb_diag *d = tb_diag_get(ctx, i);
		if (d->severity != TB_SEV_ERROR)
			continue;
		altered += !strcmp(d->code, "verify.altered");
		missing += !strcmp(d->code, "verify.missing");
		extra += !strcmp(d->code, "verify.extra");
	}
	fprintf(stderr,
	        _("%s: NOT verified: %zu problem(s) (%zu altered, %zu missing, %zu added, %zu other) "
	          "in %zu files of %zu package(s)\n"),
	        path, errors, altered, missing, extra,
	        errors >= altered + missing + extra ? errors - altered - missing - extra : 0,
	        res->files, res->packages);
}

int tb_cmd_verify(tb_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	tb_verify_options opts = TB_VERIFY_OPTIONS_INIT;
	tb_verify_result res;
	tb_out_format fmt = TB_OUT_TEXT;
	tb_status st;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (tb_cli_parse_format(optarg, &fmt) != 0)
				return TB_EXIT_USAGE;
			break;
		case 'h': verify_usage(); return TB_EXIT_OK;
		default: tb_cli_usage_error("verify", _("unknown option")); return TB_EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		tb_cli_usage_error("verify", _("give one package, batch or bundle"));
		return TB_EXIT_USAGE;
	}
	opts.result = &res;
	st = tb_pack_verify(ctx, argv[optind], &opts);
	tb_cli_print_diags(ctx, fmt);
	if (fmt == TB_OUT_TEXT)
		print_total(ctx, argv[optind], st, &res);
	/* Any finding (I/O trouble included) is a failed verification. */
	return st == TB_OK ? TB_EXIT_OK : st == TB_EINVAL ? TB_EXIT_USAGE : TB_EXIT_INVALID;
}
