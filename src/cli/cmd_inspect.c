/* cmd_inspect.c: tianbiao inspect TEMPLATE: every tag and every template problem. */
#include <getopt.h>
#include <libintl.h>
#include <string.h>

#include "cli/cli.h"

#define _(s) dgettext("tianbiao", s)

int tb_cmd_inspect(tb_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {{"delimiters", required_argument, NULL, 'd'},
	                                         {"syntax", required_argument, NULL, 's'},
	                                         {"format", required_argument, NULL, 'f'},
	                                         {"help", no_argument, NULL, 'h'},
	                                         {NULL, 0, NULL, 0}};
	tb_fill_options opts = TB_FILL_OPTIONS_INIT;
	tb_out_format fmt = TB_OUT_TEXT;
	tb_fill_tags *tags = NULL;
	tb_status st;
	size_t i, n;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': opts.delimiters = optarg; break;
		case 's':
			if (tb_cli_parse_syntax("inspect", optarg, &opts.syntax) != 0)
				return TB_EXIT_USAGE;
			break;
		case 'f':
			if (tb_cli_parse_format(optarg, &fmt) != 0)
				return TB_EXIT_USAGE;
			break;
		case 'h':
			printf(_("Usage: tianbiao inspect TEMPLATE [--syntax auto|tianbiao|docxtemplater]\n"
			         "                        [--delimiters 'O C'] [--format text|json]\n\n"
			         "List every tag of a .docx or .odt template (part, location, kind,\n"
			         "expression, formatters) and every template problem, without filling.\n"));
			return TB_EXIT_OK;
		default: return TB_EXIT_USAGE;
		}
	}
	if (argc - optind != 1) {
		tb_cli_usage_error("inspect", _("give one TEMPLATE"));
		return TB_EXIT_USAGE;
	}
	st = tb_fill_inspect(ctx, argv[optind], &opts, &tags);
	n = tb_fill_tags_count(tags);
	if (fmt == TB_OUT_JSON) {
		printf("{\"tags\":[");
		for (i = 0; i < n; i++) {
			printf(i ? ",\n{" : "\n{");
			printf("\"part\":");
			tb_json_print(stdout, tb_fill_tag_part(tags, i));
			printf(",\"location\":");
			tb_json_print(stdout, tb_fill_tag_location(tags, i));
			printf(",\"kind\":\"%s\",\"text\":", tb_fill_tag_kind_name(tb_fill_tag_kind_of(tags, i)));
			tb_json_print(stdout, tb_fill_tag_text(tags, i));
			printf(",\"expression\":");
			tb_json_print(stdout, tb_fill_tag_expression(tags, i));
			printf(",\"formatters\":");
			tb_json_print(stdout, tb_fill_tag_formatters(tags, i));
			printf("}");
		}
		printf("],\n\"problems\":");
		tb_diag_print_json(ctx, stdout);
		printf("}\n");
	} else {
		for (i = 0; i < n; i++) {
			const char *f = tb_fill_tag_formatters(tags, i);
			printf("%s\t%s\t%s\t%s%s%s\n", tb_fill_tag_part(tags, i), tb_fill_tag_location(tags, i),
			       tb_fill_tag_kind_name(tb_fill_tag_kind_of(tags, i)), tb_fill_tag_expression(tags, i),
			       *f ? " | " : "", f);
		}
		tb_diag_print(ctx, stderr);
	}
	tb_fill_tags_free(tags);
	return tb_cli_exit_for(st);
}
