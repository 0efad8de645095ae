/* cmd_archive.c: tianbiao archive --year YYYY BATCH... -o BUNDLE[.zip] */
#include <getopt.h>
#include <libintl.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

#define _(s) dgettext("tianbiao", s)

static void archive_usage(void)
{
	printf(_("Usage: tianbiao archive --year YYYY BATCH... -o BUNDLE[.zip] [OPTIONS]\n\n"
	         "Bundle the packages of verified batches as a BagIt 1.0 bag for archivists: a\n"
	         "folder, or a zip when BUNDLE ends in .zip. One folder per item (件) named by its\n"
	         "archival code (档号), SHA-256 and SHA-512 manifests, SM3 in metadata/fixity-sm3.txt.\n\n"
	         "  -o, --output PATH      the bag to create (never overwritten)\n"
	         "  -y, --year YYYY        the archival year (年度)\n"
	         "      --fonds CODE       全宗号 (default X001)\n"
	         "      --category CODE    门类代码 (default WS)\n"
	         "      --retention CODE   保管期限: Y, D30 (default) or D10\n"
	         "      --org CODE         机构(问题)代码 (default KP)\n"
	         "      --source-org NAME  Source-Organization (default: the recommending bodies)\n"
	         "      --format text|json how to print diagnostics\n"));
}

int tb_cmd_archive(tb_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"output", required_argument, NULL, 'o'},
		{"year", required_argument, NULL, 'y'},
		{"fonds", required_argument, NULL, 'F'},
		{"category", required_argument, NULL, 'C'},
		{"retention", required_argument, NULL, 'R'},
		{"org", required_argument, NULL, 'O'},
		{"source-org", required_argument, NULL, 'S'},
		{"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	tb_archive_options opts = TB_ARCHIVE_OPTIONS_INIT;
	tb_archive_result res;
	tb_out_format fmt = TB_OUT_TEXT;
	const char *out = NULL;
	tb_status st;
	int c, i;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:y:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'y': opts.year = atoi(optarg); break;
		case 'F': opts.fonds = optarg; break;
		case 'C': opts.category = optarg; break;
		case 'R': opts.retention = optarg; break;
		case 'O': opts.org = optarg; break;
		case 'S': opts.source_org = optarg; break;
		case 'f':
			if (tb_cli_parse_format(optarg, &fmt) != 0)
				return TB_EXIT_USAGE;
			break;
		case 'h': archive_usage(); return TB_EXIT_OK;
		default: tb_cli_usage_error("archive", _("unknown option")); return TB_EXIT_USAGE;
		}
	}
	if (optind >= argc || !out || !opts.year) {
		tb_cli_usage_error("archive", _("give --year, one or more batch folders and -o BUNDLE"));
		return TB_EXIT_USAGE;
	}
	for (i = optind; i < argc; i++)
		if (tb_cli_overlap(out, argv[i]))
			return TB_EXIT_USAGE;
	opts.result = &res;
	memset(&res, 0, sizeof res);
	tb_cli_temps_die_with_signal(); /* a bag being written is removed, folder and all */
	st = tb_pack_archive(ctx, (const char *const *)argv + optind, (size_t)(argc - optind), out,
	                     &opts);
	tb_cli_print_diags(ctx, fmt);
	if (fmt == TB_OUT_TEXT && st == TB_OK)
		fprintf(stderr, _("%s: %zu item(s) from %zu batch(es), %zu files, %.1f MB of payload\n"),
		        out, res.items, res.batches, res.files, (double)res.bytes / (1024.0 * 1024.0));
	else if (fmt == TB_OUT_TEXT)
		fprintf(stderr, _("%s: not written\n"), out);
	return tb_cli_exit_for(st);
}
