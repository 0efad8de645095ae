/* cmd_fill.c: tianbiao fill TEMPLATE DATA.xml|DATA.json -o OUT, and mail merge: many data
 * files -o DIR/, one output each, in one process (fonts, font map and programs are loaded once
 * into the context's caches and reused by every document). */
#include <errno.h>
#include <getopt.h>
#include <libintl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

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
	fputs(_("Mail merge: tianbiao fill TEMPLATE DATA... -o DIR/ [OPTIONS]\n"
	        "With -o naming a folder (ending in /, or an existing one), each data\n"
	        "file is rendered to DIR/NAME.pdf (or the --to format), NAME being the data file's name\n"
	        "without extension, or its folder's name when two data files share a name. A document\n"
	        "with errors is reported and skipped; the others are still written.\n"
	        "  -j, --jobs N             worker threads (default: number of processors)\n\n"), out);
	fputs(_("When rendering (OUT.pdf, --to):\n"), out);
	tb_cli_font_usage(out);
	fputs("\n", out);
	tb_cli_print_formats(out);
}

/* -o names a folder: it ends in a slash or is one. */
static int is_dir(const char *path)
{
	struct stat sb;
	size_t n = strlen(path);
	return (n && path[n - 1] == '/') || (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode));
}

/* The output name of data file i: its stem, or its folder's name when stems clash (every
 * applicant's evidence.xml in a folder of its own). NULL when out of memory. */
static char *merge_name(char **data, int i, int by_folder)
{
	const char *p = data[i], *slash, *dot, *start, *end;
	char *name;

	end = p + strlen(p);
	while (end > p && end[-1] == '/')
		end--;
	if (by_folder) {
		/* the folder holding the file: the component before the last one */
		slash = end;
		while (slash > p && slash[-1] != '/')
			slash--;
		end = slash;
		while (end > p && end[-1] == '/')
			end--;
		if (end == p) /* a bare file name: the current folder has no name to give */
			return NULL;
	}
	start = end;
	while (start > p && start[-1] != '/')
		start--;
	dot = NULL;
	if (!by_folder)
		for (slash = start; slash < end; slash++)
			if (*slash == '.' && slash > start)
				dot = slash;
	if (dot)
		end = dot;
	if (!(name = malloc((size_t)(end - start) + 1)))
		return NULL;
	memcpy(name, start, (size_t)(end - start));
	name[end - start] = '\0';
	return name;
}

/* Names for all data files, unique; 0, or -1 after a usage error (or out of memory). */
static int merge_names(char **data, int n, char **names)
{
	int i, j, by_folder;

	for (by_folder = 0; by_folder < 2; by_folder++) {
		int clash = 0;
		for (i = 0; i < n; i++) {
			if (!(names[i] = merge_name(data, i, by_folder)) || !names[i][0]) {
				if (!by_folder)
					return -1;
				clash = 1;
				break;
			}
		}
		for (i = 0; i < n && !clash; i++)
			for (j = 0; j < i && !clash; j++)
				clash = !strcmp(names[i], names[j]);
		if (!clash)
			return 0;
		for (i = 0; i < n; i++) {
			free(names[i]);
			names[i] = NULL;
		}
	}
	tb_cli_usage_error("fill", _("mail merge: two data files give the same output name (in the "
	                             "same folder, or in folders of the same name); rename one"));
	return -1;
}

typedef struct merge_print {
	tb_ctx *ctx;
	tb_out_format fmt;
	int rc;
} merge_print;

/* One document done (in the data files' order): its findings, then forgotten, since the
 * list is capped; the exit code is the worst of all. */
static void merge_done(void *user, size_t i, tb_status st)
{
	merge_print *p = user;
	int r = tb_cli_exit_for(st);
	(void)i;
	if (p->fmt == TB_OUT_TEXT) {
		tb_cli_print_diags(p->ctx, p->fmt);
		tb_diag_clear(p->ctx);
	}
	if (r > p->rc)
		p->rc = r;
}

/* Fill the template with each data file, one output each in `dir`, by `jobs` workers.
 * Documents with errors are reported and skipped; the exit code is the worst of all. */
static int merge(tb_ctx *ctx, const char *tmpl, char **data, int n, const char *dir,
                 unsigned jobs, const tb_fill_options *opts, const tb_render_options *ropts,
                 tb_out_format fmt)
{
	const tb_render_format *rf = tb_render_format_find(ropts->format ? ropts->format : "pdf");
	tb_merge_options mo = TB_MERGE_OPTIONS_INIT;
	merge_print pr = {ctx, fmt, TB_EXIT_OK};
	char **names, **outs;
	int i, r;
	size_t dl = strlen(dir);
	tb_status st;

	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, _("tianbiao fill: cannot create the folder %s: %s\n"), dir, strerror(errno));
		return TB_EXIT_FAILURE;
	}
	names = calloc((size_t)n, sizeof *names);
	outs = calloc((size_t)n, sizeof *outs);
	if (!names || !outs) {
		free(names);
		free(outs);
		return TB_EXIT_FAILURE;
	}
	if (merge_names(data, n, names) != 0) {
		free(names);
		free(outs);
		return TB_EXIT_USAGE;
	}
	/* Every output is named and checked before any is made: none overwrites an input. */
	for (i = 0; i < n && pr.rc == TB_EXIT_OK; i++) {
		if (!(outs[i] = malloc(dl + strlen(names[i]) + strlen(rf->ext) + 3))) {
			pr.rc = TB_EXIT_FAILURE;
			break;
		}
		sprintf(outs[i], "%s%s%s.%s", dir, dl && dir[dl - 1] == '/' ? "" : "/", names[i], rf->ext);
		if (tb_cli_same_file(outs[i], tmpl) || tb_cli_same_file(outs[i], data[i]) ||
		    tb_cli_same_as_attachment(ctx, outs[i], data[i]))
			pr.rc = TB_EXIT_USAGE;
	}
	if (pr.rc == TB_EXIT_OK) {
		mo.jobs = jobs;
		mo.done = merge_done;
		mo.user = &pr;
		st = tb_fill_merge(ctx, tmpl, (const char *const *)data, (const char *const *)outs,
		                   (size_t)n, opts, ropts, &mo);
		r = tb_cli_exit_for(st);
		if (r > pr.rc)
			pr.rc = r;
		if (fmt == TB_OUT_JSON || st != TB_OK)
			tb_cli_print_diags(ctx, fmt);
	}
	for (i = 0; i < n; i++) {
		free(names[i]);
		free(outs[i]);
	}
	free(names);
	free(outs);
	return pr.rc;
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
		{"jobs", required_argument, NULL, 'j'},
		TB_CLI_FONT_LONGOPTS,
		{NULL, 0, NULL, 0}};
	tb_render_options ropts = TB_RENDER_OPTIONS_INIT;
	const char *dot;
	tb_fill_options opts = TB_FILL_OPTIONS_INIT;
	tb_out_format fmt = TB_OUT_TEXT;
	const char *out = NULL;
	unsigned jobs = 0;
	char glyphs[64], *sp;
	tb_status st;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:j:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'j':
			if (tb_cli_parse_jobs("fill", optarg, &jobs) != 0)
				return TB_EXIT_USAGE;
			break;
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
	if (out && argc - optind >= 2 && is_dir(out)) {
		tb_cli_temps_die_with_signal(); /* the document being written goes on SIGINT/SIGTERM */
		tb_render_prefetch_fonts(); /* every document is rendered */
		return merge(ctx, argv[optind], argv + optind + 1, argc - optind - 1, out, jobs, &opts,
		             &ropts, fmt);
	}
	if (argc - optind != 2 || !out) {
		tb_cli_usage_error("fill", argc - optind > 2 && out
		                               ? _("several data files go into a folder: -o DIR/")
		                               : _("give TEMPLATE, DATA (.xml or .json) and -o OUT"));
		return TB_EXIT_USAGE;
	}
	if (tb_cli_out_is_dir(out) || tb_cli_same_file(out, argv[optind]) || tb_cli_same_file(out, argv[optind + 1]) ||
	    tb_cli_same_as_attachment(ctx, out, argv[optind + 1]))
		return TB_EXIT_USAGE;
	tb_cli_temps_die_with_signal();
	tb_ctx_set_one_document(ctx, 1);
	/* A document format goes to fill; an output format of the renderer to fill-and-render. */
	dot = strrchr(out, '.');
	if (ropts.format || (dot && strcasecmp(dot, ".docx") && strcasecmp(dot, ".odt") &&
	                     tb_render_format_find(dot + 1))) {
		tb_render_prefetch_fonts(); /* while the template and the data are read */
		st = tb_fill_render_file(ctx, argv[optind], argv[optind + 1], out, &opts, &ropts);
	} else {
		st = tb_fill_file(ctx, argv[optind], argv[optind + 1], out, &opts);
	}
	tb_cli_print_diags(ctx, fmt);
	return tb_cli_exit_for(st);
}
