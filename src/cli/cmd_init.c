/* cmd_init.c: `tianbiao init --program ID [-o FILE]`: write a commented evidence skeleton
 * generated from the program's data. */
#include <libintl.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"

#define _(s) dgettext("tianbiao", s)

static void usage(FILE *out)
{
	fprintf(out, "%s", _("Usage: tianbiao init --program ID [-o FILE] [--force]\n"
	                     "\n"
	                     "Write a commented evidence skeleton for a program: every field of its\n"
	                     "form with the form's label, the options to choose from, and one\n"
	                     "self-assessment item per leaf indicator with its title and weight.\n"
	                     "\n"
	                     "Options:\n"
	                     "  --program ID   the program ('tianbiao programs' lists them)\n"
	                     "  -o FILE        write to FILE instead of standard output\n"
	                     "  --force        overwrite FILE if it exists\n"
	                     "  -h, --help     show this help\n"
	                     "\n"
	                     "Exit status: 0 written; 2 wrong command line or unknown program;\n"
	                     "3 could not write (or FILE exists without --force).\n"));
}

int tb_cmd_init(tb_ctx *ctx, int argc, char **argv)
{
	const char *program = NULL, *out = NULL;
	int i, force = 0;
	struct stat st;
	tb_status s;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return TB_EXIT_OK;
		} else if (!strcmp(argv[i], "--program") && i + 1 < argc) {
			program = argv[++i];
		} else if (!strncmp(argv[i], "--program=", 10)) {
			program = argv[i] + 10;
		} else if ((!strcmp(argv[i], "-o") || !strcmp(argv[i], "--output")) && i + 1 < argc) {
			out = argv[++i];
		} else if (!strcmp(argv[i], "--force")) {
			force = 1;
		} else {
			tb_cli_usage_error("init", _("unexpected argument \"%s\""), argv[i]);
			return TB_EXIT_USAGE;
		}
	}
	if (!program || !*program) {
		tb_cli_usage_error("init", "%s", _("--program ID is required"));
		return TB_EXIT_USAGE;
	}
	if (out && strcmp(out, "-") && !force && stat(out, &st) == 0) {
		fprintf(stderr, _("tianbiao init: %s exists; use --force to overwrite it\n"), out);
		return TB_EXIT_FAILURE;
	}
	s = tb_evidence_write_skeleton(ctx, program, out);
	tb_cli_print_diags(ctx, TB_OUT_TEXT);
	if (s == TB_ENOTFOUND)
		return TB_EXIT_USAGE;
	if (s == TB_OK && out && strcmp(out, "-"))
		fprintf(stderr, _("wrote %s; fill it in, then run: tianbiao validate %s\n"), out, out);
	return tb_cli_exit_for(s);
}
