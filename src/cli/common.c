/* common.c: helpers shared by the subcommands. */
#include <libgen.h>
#include <libintl.h>
#include <signal.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"

#define _(s) dgettext("tianbiao", s)

int tb_cli_parse_syntax(const char *cmd, const char *arg, tb_fill_syntax *out)
{
	if (!strcmp(arg, "auto"))
		*out = TB_FILL_SYNTAX_AUTO;
	else if (!strcmp(arg, "tianbiao"))
		*out = TB_FILL_SYNTAX_NATIVE;
	else if (!strcmp(arg, "docxtemplater"))
		*out = TB_FILL_SYNTAX_DOCXTEMPLATER;
	else {
		tb_cli_usage_error(cmd, _("--syntax takes \"auto\", \"tianbiao\" or \"docxtemplater\""));
		return -1;
	}
	return 0;
}

int tb_cli_parse_jobs(const char *cmd, const char *arg, unsigned *jobs)
{
	char *end;
	long j = strtol(arg, &end, 10);
	if (end == arg || *end || j < 1 || j > 256) {
		tb_cli_usage_error(cmd, _("-j takes a number from 1 to 256"));
		return -1;
	}
	*jobs = (unsigned)j;
	return 0;
}

int tb_cli_parse_format(const char *arg, tb_out_format *out)
{
	if (arg && !strcmp(arg, "text")) {
		*out = TB_OUT_TEXT;
		return 0;
	}
	if (arg && !strcmp(arg, "json")) {
		*out = TB_OUT_JSON;
		return 0;
	}
	fprintf(stderr, _("tianbiao: --format takes \"text\" or \"json\", not \"%s\"\n"),
	        arg ? arg : "");
	return -1;
}

int tb_cli_render_opt(const char *cmd, const char *opt, const char *val, tb_render_options *o)
{
	char *end;
	if (!strcmp(opt, "to")) {
		if (!tb_render_format_find(val)) {
			tb_cli_usage_error(cmd, _("there is no output format \"%s\" (see --help)"), val);
			return -1;
		}
		o->format = tb_render_format_find(val)->name;
	} else if (!strcmp(opt, "dpi")) {
		double d = strtod(val, &end);
		if (end == val || *end || d < 18 || d > 600) {
			tb_cli_usage_error(cmd, _("--dpi takes a resolution from 18 to 600"));
			return -1;
		}
		o->dpi = (float)d;
	} else if (!strcmp(opt, "page")) {
		long n = strtol(val, &end, 10);
		if (end == val || *end || n < 1 || n > 100000) {
			tb_cli_usage_error(cmd, _("--page takes a page number (1 is the first)"));
			return -1;
		}
		o->page = (unsigned)n;
	} else
		return -1;
	return 0;
}

void tb_cli_print_formats(FILE *out)
{
	const tb_render_format *f;
	size_t i;
	fputs(_("Output formats (--to NAME, or by the output's extension):\n"), out);
	for (i = 0; (f = tb_render_format_at(i)); i++)
		fprintf(out, "  %-8s .%-6s %s\n", f->name, f->ext, f->summary);
}

void tb_cli_print_diags(tb_ctx *ctx, tb_out_format fmt)
{
	if (fmt == TB_OUT_JSON)
		tb_diag_print_json(ctx, stdout);
	else
		tb_diag_print(ctx, stderr);
}

int tb_cli_exit_for(tb_status st)
{
	switch (st) {
	case TB_OK: return TB_EXIT_OK;
	case TB_ERROR: return TB_EXIT_INVALID;
	/* A limit is exceeded by what the input holds (a ZIP bomb, 600 attachments, a huge
	 * element): bad input like any other, whichever reader found it (issue 17 item 16). */
	case TB_ELIMIT: return TB_EXIT_INVALID;
	case TB_EINVAL: return TB_EXIT_USAGE;
	default: return TB_EXIT_FAILURE;
	}
}

void tb_cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "tianbiao %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, _("\nTry 'tianbiao %s --help'.\n"), cmd);
}

int tb_cli_same_file(const char *out, const char *in)
{
	struct stat so, si;
	/* Atomic writing would replace the input with the output: the template or data is lost. */
	if (!out || !in || stat(out, &so) != 0 || stat(in, &si) != 0 || so.st_dev != si.st_dev ||
	    so.st_ino != si.st_ino)
		return 0;
	fprintf(stderr, _("%s: error[io.same-file]: the output is the input file %s\n"
	                  "  hint: write the output to another file\n"), out, in);
	return 1;
}

/* Whether the existing file `out` lies in the folder of `file` or below it. */
static int out_in_folder_of(const char *out, const char *file)
{
	char rdir[PATH_MAX], rout[PATH_MAX], *copy = strdup(file);
	const char *dir = copy ? dirname(copy) : NULL;
	size_t n;
	int inside = 1; /* when unsure, the caller looks */
	if (dir && realpath(dir, rdir) && realpath(out, rout)) {
		n = strlen(rdir);
		inside = !strncmp(rout, rdir, n) && (rout[n] == '/' || !strcmp(rdir, "/"));
	}
	free(copy);
	return inside;
}

int tb_cli_same_as_attachment(tb_ctx *ctx, const char *out, const char *evidence)
{
	tb_evidence_options eo = TB_EVIDENCE_OPTIONS_INIT;
	tb_evidence *e = NULL;
	tb_diag_pos mark;
	size_t i;
	int same = 0;
	struct stat st;

	/* An output that does not exist yet cannot be an attachment: skip loading the evidence
	 * a second time (a fresh fill spent 5% of its time here). Nor can one outside the
	 * evidence's folder: attachments are read only from inside it (tb_path_confine), so a
	 * mail merge run again into its output folder loads each evidence once (it was 6% of
	 * the run). */
	if (!out || !evidence || stat(out, &st) != 0 || !out_in_folder_of(out, evidence))
		return 0;
	/* Only the attachments' paths are wanted: whatever the loading finds is the command's
	 * own business (reported again when it runs), so it is dropped here. */
	tb_diag_mark(ctx, &mark);
	eo.check_attachments = 0;
	if (tb_evidence_load(ctx, evidence, &eo, &e) != TB_OK && !e) {
		tb_diag_rewind(ctx, &mark);
		return 0; /* nothing loaded, nothing to guard */
	}
	tb_diag_rewind(ctx, &mark);
	for (i = 0; e && !same && i < tb_evidence_attachment_count(e); i++) {
		const char *rel = tb_evidence_attachment_path(e, i);
		size_t n = strlen(tb_evidence_dir(e)) + (rel ? strlen(rel) : 0) + 2;
		char *full = rel ? malloc(n) : NULL;
		if (full) {
			snprintf(full, n, "%s/%s", tb_evidence_dir(e), rel);
			same = tb_cli_same_file(out, full);
		}
		free(full);
	}
	tb_evidence_free(e);
	return same;
}

int tb_cli_inside(const char *out, const char *dir)
{
	char rdir[PATH_MAX], rout[PATH_MAX], *copy, *parent;
	size_t n;
	int inside = 0;

	if (!out || !dir || !realpath(dir, rdir))
		return 0;
	/* The output may not exist yet: its folder does (or the command fails later anyway). */
	if (!realpath(out, rout)) {
		copy = strdup(out);
		parent = copy ? dirname(copy) : NULL;
		if (!parent || !realpath(parent, rout)) {
			free(copy);
			return 0;
		}
		free(copy);
	}
	n = strlen(rdir);
	inside = !strncmp(rout, rdir, n) && (rout[n] == '/' || rout[n] == '\0' || !strcmp(rdir, "/"));
	if (inside)
		fprintf(stderr, _("%s: error[io.same-file]: the output lies inside the input folder %s\n"
		                  "  hint: write the output outside the folder the command reads\n"),
		        out, dir);
	return inside;
}

int tb_cli_font_option(tb_ctx *ctx, int c, const char *arg)
{
	tb_status st = c == 'F' ? tb_render_set_font_map(ctx, arg)
	                        : tb_render_set_allow_missing_glyphs(ctx, 1);
	return st == TB_OK ? 0 : TB_EXIT_FAILURE;
}

void tb_cli_font_usage(FILE *out)
{
	fputs(_("  --font-map FILE          use this font map instead of fonts/fontmap.xml\n"
	        "  --allow-missing-glyphs   leave out (with a warning) characters no installed font\n"
	        "                           has, instead of stopping with font.missing-glyph\n"),
	      out);
}

/* realpath of `p`, or of its folder followed by its last name when it does not exist yet. */
static int resolve(const char *p, char *buf)
{
	char parent[PATH_MAX], *copy, *dir, *base;
	int ok;

	if (realpath(p, buf))
		return 1;
	copy = strdup(p);
	if (!copy)
		return 0;
	dir = dirname(copy);
	ok = realpath(dir, parent) != NULL;
	free(copy);
	copy = strdup(p);
	if (!copy)
		return 0;
	base = basename(copy);
	if (ok)
		ok = snprintf(buf, PATH_MAX, "%s/%s", strcmp(parent, "/") ? parent : "", base) < PATH_MAX;
	free(copy);
	return ok;
}

static int under(const char *a, const char *b)
{
	size_t n = strlen(b);
	return !strcmp(b, "/") || (!strncmp(a, b, n) && (a[n] == '/' || a[n] == '\0'));
}

int tb_cli_overlap(const char *out, const char *in)
{
	char rin[PATH_MAX], rout[PATH_MAX];

	if (!out || !in)
		return 0;
	if (tb_cli_same_file(out, in))
		return 1;
	if (!resolve(in, rin) || !resolve(out, rout))
		return 0;
	if (under(rout, rin)) {
		fprintf(stderr, _("%s: error[io.same-file]: the output lies inside the input %s\n"
		                  "  hint: write the output outside what the command reads\n"),
		        out, in);
		return 1;
	}
	if (under(rin, rout)) {
		fprintf(stderr, _("%s: error[io.same-file]: the input %s lies inside the output\n"
		                  "  hint: write the output outside what the command reads\n"),
		        out, in);
		return 1;
	}
	return 0;
}

static void on_fatal_signal(int sig)
{
	tb_temp_remove_all();
	signal(sig, SIG_DFL);
	raise(sig);
}

void tb_cli_temps_die_with_signal(void)
{
	signal(SIGINT, on_fatal_signal);
	signal(SIGTERM, on_fatal_signal);
}

int tb_cli_out_is_dir(const char *out)
{
	struct stat st;
	if (!out || stat(out, &st) != 0 || !S_ISDIR(st.st_mode))
		return 0;
	fprintf(stderr, _("%s: error[io.write]: the output is a folder\n"
	                  "  hint: give a file name, e.g. %s/out.pdf\n"), out, out);
	return 1;
}
