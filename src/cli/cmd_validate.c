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
	                     "attachment files and their SHA-256, and the self-assessment as scoring\n"
	                     "checks it (points backed by evidence, in selected categories, within the\n"
	                     "rules): what 'report', 'build' and 'batch' refuse, validate reports. Every\n"
	                     "problem is listed with file:line:column, a stable code and a hint. A folder\n"
	                     "stands for the evidence.xml inside it.\n"
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

/* score.over-weight says what claim.points says; score.too-long what text.too-long says when
 * the indicator itself has the limit. */
static int repeats_validation(const tb_ctx *ctx, const tb_evidence *e, const tb_score *s,
                              size_t f)
{
	const tb_diag *d = tb_score_finding(s, f);
	const char *id = tb_score_finding_indicator(s, f);
	const tb_indicator *ind = id ? tb_program_indicator_find(tb_evidence_program(e), id) : NULL;
	size_t i;
	if (!strcmp(d->code, "score.too-long"))
		return ind && tb_indicator_char_limit(ind) > 0;
	if (strcmp(d->code, "score.over-weight"))
		return 0;
	for (i = 0; i < tb_diag_count(ctx); i++) {
		const tb_diag *v = tb_diag_get(ctx, i);
		if (!strcmp(v->code, "claim.points") && v->line == d->line && v->file && d->file &&
		    !strcmp(v->file, d->file))
			return 1;
	}
	return 0;
}

static file_result validate_one(tb_ctx *ctx, const char *path, int check_attachments)
{
	tb_evidence_options opts = TB_EVIDENCE_OPTIONS_INIT;
	tb_evidence *e = NULL;
	tb_status st;

	opts.check_attachments = check_attachments;
	st = tb_evidence_load(ctx, path, &opts, &e);
	/* One verdict: what `score`, `report`, `build` and `batch` count as errors (points
	 * without the evidence they need, in an unselected category, against the rules) is
	 * reported here too. */
	if (e && tb_evidence_program(e) && (st == TB_OK || st == TB_ERROR)) {
		tb_score *s = NULL;
		tb_diag_pos m;
		tb_status ss;
		size_t i, added = 0;
		tb_diag_mark(ctx, &m);
		ss = tb_score_compute(ctx, e, NULL, &s);
		/* scoring's findings, less those saying again what the validator said */
		tb_diag_rewind(ctx, &m);
		for (i = 0; s && i < tb_score_finding_count(s); i++) {
			const tb_diag *d = tb_score_finding(s, i);
			if (strncmp(d->code, "score.", 6) || repeats_validation(ctx, e, s, i))
				continue;
			tb_diag_push(ctx, d->severity, d->code, d->file, d->line, d->column, d->message,
			             d->hint);
			added += d->severity == TB_SEV_ERROR;
		}
		if (ss != TB_OK && ss != TB_ERROR)
			st = ss;
		else if (added)
			st = TB_ERROR;
		tb_score_free(s);
	}
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
			tb_json_print(stdout, path);
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
