/* cmd_validate.c: `tianbiao validate FILE...`: schema and semantic checks of evidence files,
 * every problem listed, for people (text) or machines (one JSON document). */
#include <libintl.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

#define _(s) dgettext("tianbiao", s)

typedef enum { FILE_VALID, FILE_INVALID, FILE_UNREADABLE } file_result;

static void usage(FILE *out)
{
	fprintf(out, "%s", _("Usage: tianbiao validate [--format text|json] [--no-attachments] FILE...\n"
	                     "\n"
	                     "Check evidence files against the evidence schema and against their\n"
	                     "program: required fields, formats, sums, indicator and attachment ids,\n"
	                     "attachment files and their SHA-256. Every problem is listed with\n"
	                     "file:line:column, a stable code and a hint.\n"
	                     "\n"
	                     "Options:\n"
	                     "  --format text|json  readable text (default) or one JSON document\n"
	                     "  --no-attachments    do not look at the attachment files\n"
	                     "  -h, --help          show this help\n"
	                     "\n"
	                     "Exit status:\n"
	                     "  0  every file is valid\n"
	                     "  1  some file has errors\n"
	                     "  2  wrong command line\n"
	                     "  3  some file could not be read (missing, unreadable, no schema)\n"));
}

static void json_str(FILE *out, const char *s)
{
	if (!s) {
		fputs("null", out);
		return;
	}
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", out);
		else if (c == '\t')
			fputs("\\t", out);
		else if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

/* Diagnostics in document order (the checks run one kind after another), so a reader can go
 * through the file from top to bottom; file-level ones (line 0) first. */
typedef struct ranked {
	const tb_diag *d;
	size_t i;
} ranked;

static int by_position(const void *pa, const void *pb)
{
	const ranked *a = pa, *b = pb;
	if (a->d->line != b->d->line)
		return a->d->line < b->d->line ? -1 : 1;
	if (a->d->column != b->d->column)
		return a->d->column < b->d->column ? -1 : 1;
	return a->i < b->i ? -1 : a->i > b->i;
}

static ranked *sorted_diags(const tb_ctx *ctx, size_t *n)
{
	ranked *r;
	size_t i;
	*n = tb_diag_count(ctx);
	r = calloc(*n ? *n : 1, sizeof *r);
	if (!r) {
		*n = 0;
		return NULL;
	}
	for (i = 0; i < *n; i++) {
		r[i].d = tb_diag_get(ctx, i);
		r[i].i = i;
	}
	qsort(r, *n, sizeof *r, by_position);
	return r;
}

static const char *severity_label(tb_severity sev)
{
	switch (sev) {
	case TB_SEV_NOTE: return _("note");
	case TB_SEV_WARNING: return _("warning");
	default: return _("error");
	}
}

/* Same format as tb_diag_print: "file:line:col: error[code]: message" and "  hint: ...". */
static void text_diags(FILE *out, const tb_ctx *ctx)
{
	size_t i, n;
	ranked *r = sorted_diags(ctx, &n);
	for (i = 0; i < n; i++) {
		const tb_diag *d = r[i].d;
		if (d->file) {
			fputs(d->file, out);
			if (d->line)
				fprintf(out, ":%u", d->line);
			if (d->line && d->column)
				fprintf(out, ":%u", d->column);
			fputs(": ", out);
		}
		fprintf(out, "%s[%s]: %s\n", severity_label(d->severity), d->code, d->message);
		if (d->hint)
			fprintf(out, "  %s: %s\n", _("hint"), d->hint);
	}
	free(r);
}

static void json_diags(FILE *out, const tb_ctx *ctx)
{
	size_t i, n;
	ranked *r = sorted_diags(ctx, &n);
	fputs("[", out);
	for (i = 0; i < n; i++) {
		const tb_diag *d = r[i].d;
		fputs(i ? ",\n      {" : "\n      {", out);
		fputs("\"code\": ", out);
		json_str(out, d->code);
		fprintf(out, ", \"severity\": \"%s\", \"file\": ", tb_severity_name(d->severity));
		json_str(out, d->file);
		fprintf(out, ", \"line\": %u, \"column\": %u, \"message\": ", d->line, d->column);
		json_str(out, d->message);
		fputs(", \"hint\": ", out);
		json_str(out, d->hint);
		fputs("}", out);
	}
	fputs(n ? "\n    ]" : "]", out);
	free(r);
}

static file_result validate_one(tb_ctx *ctx, const char *path, int check_attachments)
{
	tb_evidence_options opts = TB_EVIDENCE_OPTIONS_INIT;
	tb_evidence *e = NULL;
	tb_status st;

	opts.check_attachments = check_attachments;
	st = tb_evidence_load(ctx, path, &opts, &e);
	tb_evidence_free(e);
	switch (st) {
	case TB_OK: return FILE_VALID;
	case TB_ERROR:
	case TB_ELIMIT: return FILE_INVALID; /* the file itself is wrong (or too large) */
	default: return FILE_UNREADABLE;
	}
}

int tb_cmd_validate(tb_ctx *ctx, int argc, char **argv)
{
	tb_out_format fmt = TB_OUT_TEXT;
	int i, check_att = 1, nfiles = 0, counts[3] = {0, 0, 0};
	char **files = calloc((size_t)argc + 1, sizeof *files);

	if (!files)
		return TB_EXIT_FAILURE;

	for (i = 1; i < argc; i++) {
		int bad = 0;
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			free(files);
			return TB_EXIT_OK;
		} else if (!strcmp(argv[i], "--format")) {
			bad = i + 1 >= argc || tb_cli_parse_format(argv[++i], &fmt);
		} else if (!strncmp(argv[i], "--format=", 9)) {
			bad = tb_cli_parse_format(argv[i] + 9, &fmt);
		} else if (!strcmp(argv[i], "--no-attachments")) {
			check_att = 0;
		} else if (!strcmp(argv[i], "--")) {
			while (++i < argc)
				files[nfiles++] = argv[i];
		} else if (argv[i][0] == '-' && argv[i][1]) {
			tb_cli_usage_error("validate", _("unknown option \"%s\""), argv[i]);
			bad = 1;
		} else
			files[nfiles++] = argv[i];
		if (bad) {
			free(files);
			return TB_EXIT_USAGE;
		}
	}
	if (nfiles == 0) {
		tb_cli_usage_error("validate", "%s", _("no evidence file given"));
		free(files);
		return TB_EXIT_USAGE;
	}
	if (fmt == TB_OUT_JSON)
		printf("{\n  \"files\": [");
	for (i = 0; i < nfiles; i++) {
		const char *path = files[i];
		file_result r;
		size_t errors, warnings;

		tb_diag_clear(ctx);
		r = validate_one(ctx, path, check_att);
		counts[r]++;
		errors = tb_diag_count_severity(ctx, TB_SEV_ERROR);
		warnings = tb_diag_count_severity(ctx, TB_SEV_WARNING);
		if (fmt == TB_OUT_JSON) {
			static const char *const names[] = {"valid", "invalid", "unreadable"};
			printf("%s\n    {\"file\": ", i ? "," : "");
			json_str(stdout, path);
			printf(", \"status\": \"%s\", \"errors\": %zu, \"warnings\": %zu,\n"
			       "     \"diagnostics\": ",
			       names[r], errors, warnings);
			json_diags(stdout, ctx);
			printf("}");
		} else {
			text_diags(stderr, ctx);
			fflush(stderr);
			if (r == FILE_VALID)
				printf(_("%s: valid (%zu warnings)\n"), path, warnings);
			else if (r == FILE_INVALID)
				printf(_("%s: INVALID (%zu errors, %zu warnings)\n"), path, errors, warnings);
			else
				printf(_("%s: could not be read\n"), path);
			fflush(stdout);
		}
	}
	if (fmt == TB_OUT_JSON)
		printf("\n  ],\n  \"valid\": %d, \"invalid\": %d, \"unreadable\": %d\n}\n", counts[0],
		       counts[1], counts[2]);
	tb_diag_clear(ctx);
	free(files);
	if (counts[FILE_UNREADABLE])
		return TB_EXIT_FAILURE;
	return counts[FILE_INVALID] ? TB_EXIT_INVALID : TB_EXIT_OK;
}
