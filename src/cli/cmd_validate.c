/* cmd_validate.c: `tianbiao validate FILE...`: schema and semantic checks of evidence files,
 * every problem listed, for people (text) or machines (one JSON document). */
#include <libintl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
	                     "file:line:column, a stable code and a hint. A folder stands for the\n"
	                     "evidence.xml inside it.\n"
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
		char *joined = NULL;
		file_result r;
		size_t errors, warnings;
		struct stat st;

		/* One applicant is one folder: a folder stands for its evidence.xml. */
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			size_t n = strlen(path);
			joined = malloc(n + sizeof "/evidence.xml");
			if (!joined) {
				free(files);
				return TB_EXIT_FAILURE;
			}
			snprintf(joined, n + sizeof "/evidence.xml", "%s%sevidence.xml", path,
			         n && path[n - 1] == '/' ? "" : "/");
			path = joined;
		}
		tb_diag_clear(ctx);
		r = validate_one(ctx, path, check_att);
		counts[r]++;
		errors = tb_diag_count_severity(ctx, TB_SEV_ERROR);
		warnings = tb_diag_count_severity(ctx, TB_SEV_WARNING);
		tb_diag_sort(ctx); /* the checks run kind by kind; a reader goes top to bottom */
		if (fmt == TB_OUT_JSON) {
			static const char *const names[] = {"valid", "invalid", "unreadable"};
			printf("%s\n    {\"file\": ", i ? "," : "");
			json_str(stdout, path);
			printf(", \"status\": \"%s\", \"errors\": %zu, \"warnings\": %zu,\n"
			       "     \"diagnostics\": ",
			       names[r], errors, warnings);
			tb_diag_print_json(ctx, stdout);
			printf("}");
		} else {
			tb_diag_print(ctx, stderr);
			fflush(stderr);
			if (r == FILE_VALID)
				printf(_("%s: valid (%zu warnings)\n"), path, warnings);
			else if (r == FILE_INVALID)
				printf(_("%s: INVALID (%zu errors, %zu warnings)\n"), path, errors, warnings);
			else
				printf(_("%s: could not be read\n"), path);
			fflush(stdout);
		}
		free(joined);
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
