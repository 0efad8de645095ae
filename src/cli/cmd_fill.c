/* cmd_fill.c: tianbiao fill TEMPLATE DATA.xml|DATA.json -o OUT */
#include <getopt.h>
#include <libintl.h>
#include <string.h>
#include <strings.h>

#include "cli/cli.h"

#define _(s) dgettext("tianbiao", s)

static void fill_usage(FILE *out)
{
	fprintf(out, _("Usage: tianbiao fill TEMPLATE DATA.xml|DATA.json -o OUT [OPTIONS]\n\n"
	               "Fill a .docx or .odt template with XML or JSON data (see docs/tags.md); OUT has the\n"
	               "template's format, or is rendered from the filled document in one of the\n"
	               "output formats below (OUT.pdf, OUT.png, or --to).\n\n"
	               "Options:\n"
	               "  -o, --output FILE        the filled document (required)\n"
	               "      --syntax auto|tianbiao|docxtemplater  the tag language (default: auto,\n"
	               "                           docxtemplater's when the template has {tags} only)\n"
	               "      --delimiters 'O C'   tag delimiters (default '{{ }}', docxtemplater '{ }')\n"
	               "      --missing error|empty  missing data: an error (default) or empty text\n"
	               "      --check-glyphs 'Y N' glyphs of | check (default '☑ □')\n"
	               "      --no-validate        do not validate evidence of a known program first\n"
	               "      --pdfa               with OUT.pdf: PDF/A-1b for archives\n"
	               "      --to FORMAT          render to this output format\n"
	               "      --dpi N, --page N    raster formats: resolution and page\n"
	               "      --format text|json   diagnostics format\n"));
	fputs(_("When rendering (OUT.pdf, --to):\n"), out);
	tb_cli_font_usage(out);
	fputs("\n", out);
	tb_cli_print_formats(out);
}

int tb_cmd_fill(tb_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"output", required_argument, NULL, 'o'},  {"delimiters", required_argument, NULL, 'd'},
		{"missing", required_argument, NULL, 'm'}, {"check-glyphs", required_argument, NULL, 'g'},
		{"no-validate", no_argument, NULL, 'n'},   {"format", required_argument, NULL, 'f'},
		{"pdfa", no_argument, NULL, 'p'},          {"help", no_argument, NULL, 'h'},
		{"to", required_argument, NULL, 't'},      {"dpi", required_argument, NULL, 'D'},
		{"page", required_argument, NULL, 'P'},    {"syntax", required_argument, NULL, 's'},
		TB_CLI_FONT_LONGOPTS,
		{NULL, 0, NULL, 0}};
	tb_render_options ropts = TB_RENDER_OPTIONS_INIT;
	const char *dot;
	tb_fill_options opts = TB_FILL_OPTIONS_INIT;
	tb_out_format fmt = TB_OUT_TEXT;
	const char *out = NULL;
	char glyphs[64], *sp;
	tb_status st;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 't':
		case 'D':
		case 'P':
			if (tb_cli_render_opt("fill", c == 't' ? "to" : c == 'D' ? "dpi" : "page", optarg, &ropts))
				return TB_EXIT_USAGE;
			break;
		case 'd': opts.delimiters = optarg; break;
		case 's':
			if (tb_cli_parse_syntax("fill", optarg, &opts.syntax) != 0)
				return TB_EXIT_USAGE;
			break;
		case 'm':
			if (!strcmp(optarg, "error"))
				opts.missing = TB_FILL_MISSING_ERROR;
			else if (!strcmp(optarg, "empty"))
				opts.missing = TB_FILL_MISSING_EMPTY;
			else {
				tb_cli_usage_error("fill", _("--missing takes \"error\" or \"empty\""));
				return TB_EXIT_USAGE;
			}
			break;
		case 'g':
			snprintf(glyphs, sizeof glyphs, "%s", optarg);
			sp = strchr(glyphs, ' ');
			if (!sp || sp == glyphs || !sp[1]) {
				tb_cli_usage_error("fill", _("--check-glyphs takes two glyphs separated by a space"));
				return TB_EXIT_USAGE;
			}
			*sp = '\0';
			opts.check_yes = glyphs;
			opts.check_no = sp + 1;
			break;
		case 'n': opts.validate = 0; break;
		case 'p': ropts.pdfa = 1; break;
		case 'F':
		case 'G':
			if ((c = tb_cli_font_option(ctx, c, optarg)) != 0)
				return c;
			break;
		case 'f':
			if (tb_cli_parse_format(optarg, &fmt) != 0)
				return TB_EXIT_USAGE;
			break;
		case 'h': fill_usage(stdout); return TB_EXIT_OK;
		default: fill_usage(stderr); return TB_EXIT_USAGE;
		}
	}
	if (argc - optind != 2 || !out) {
		tb_cli_usage_error("fill", _("give TEMPLATE, DATA (.xml or .json) and -o OUT"));
		return TB_EXIT_USAGE;
	}
	if (tb_cli_out_is_dir(out) || tb_cli_same_file(out, argv[optind]) || tb_cli_same_file(out, argv[optind + 1]) ||
	    tb_cli_same_as_attachment(ctx, out, argv[optind + 1]))
		return TB_EXIT_USAGE;
	tb_cli_temps_die_with_signal();
	/* A document format goes to fill; an output format of the renderer to fill-and-render. */
	dot = strrchr(out, '.');
	if (ropts.format || (dot && strcasecmp(dot, ".docx") && strcasecmp(dot, ".odt") &&
	                     tb_render_format_find(dot + 1)))
		st = tb_fill_render_file(ctx, argv[optind], argv[optind + 1], out, &opts, &ropts);
	else
		st = tb_fill_file(ctx, argv[optind], argv[optind + 1], out, &opts);
	tb_cli_print_diags(ctx, fmt);
	return tb_cli_exit_for(st);
}
