/* cmd_programs.c: `tianbiao programs`: list the installed programs, or show one program's
 * indicator tree. Text is aligned in terminal columns (CJK characters are two wide). */
#include <libintl.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

#define _(s) dgettext("tianbiao", s)

/* Long indicator texts are cut to this many columns in the text tree (JSON has them whole). */
#define TITLE_COLUMNS 60

static void usage(FILE *out)
{
	fprintf(out, _("Usage: tianbiao programs [--format text|json] [--criteria] [ID]\n\n"
	               "Without ID, list the installed programs: id, year, total points, number of\n"
	               "indicators and title. With ID, show that program's indicator tree: id, weight\n"
	               "in points and title.\n\n"
	               "Options:\n"
	               "  --format text|json  output format (default text)\n"
	               "  --criteria          with ID: also show each indicator's scoring criteria\n"
	               "  --help              show this help\n\n"
	               "Exit status: 0 success, 1 a program file is invalid, 2 usage error,\n"
	               "3 unknown program or unreadable data folder.\n"));
}

static void pad(size_t n)
{
	while (n--)
		putchar(' ');
}

/* Print s left-aligned in `cols` columns. */
static void put_left(const char *s, size_t cols)
{
	size_t w = tb_text_width(s);
	fputs(s, stdout);
	if (w < cols)
		pad(cols - w);
}

static void put_right(const char *s, size_t cols)
{
	size_t w = tb_text_width(s);
	if (w < cols)
		pad(cols - w);
	fputs(s, stdout);
}

/* Print at most `cols` columns of s, ending with "…" when cut. */
static void put_cut(const char *s, size_t cols)
{
	char ch[8];
	size_t used = 0, i = 0, len = strlen(s);

	if (tb_text_width(s) <= cols) {
		fputs(s, stdout);
		return;
	}
	while (i < len) {
		size_t n = 1, w;
		unsigned char c = (unsigned char)s[i];
		if (c >= 0xf0)
			n = 4;
		else if (c >= 0xe0)
			n = 3;
		else if (c >= 0xc0)
			n = 2;
		if (i + n > len)
			break;
		memcpy(ch, s + i, n);
		ch[n] = '\0';
		w = tb_text_width(ch);
		if (used + w + 1 > cols)
			break;
		fputs(ch, stdout);
		used += w;
		i += n;
	}
	fputs("…", stdout);
}

/* ---- list ---- */

static int list_programs(tb_ctx *ctx, tb_out_format fmt)
{
	char **ids = NULL, buf[24], num[24];
	const tb_program **progs;
	size_t n = 0, i, wid, wtot;
	tb_status st;
	int rc = TB_EXIT_OK, first = 1;

	if ((st = tb_program_list(ctx, &ids, &n)) != TB_OK) {
		tb_cli_print_diags(ctx, fmt);
		return tb_cli_exit_for(st);
	}
	if (!(progs = calloc(n ? n : 1, sizeof *progs))) {
		tb_strv_free(ids, n);
		fprintf(stderr, "tianbiao: %s\n", _("out of memory"));
		return TB_EXIT_FAILURE;
	}
	wid = tb_text_width(_("ID"));
	wtot = tb_text_width(_("TOTAL"));
	for (i = 0; i < n; i++) {
		/* A broken program is reported and left out; the others are still listed. */
		if (tb_program_load(ctx, ids[i], &progs[i]) != TB_OK) {
			rc = TB_EXIT_INVALID;
			continue;
		}
		if (tb_text_width(ids[i]) > wid)
			wid = tb_text_width(ids[i]);
		tb_points_format(tb_program_total(progs[i]), buf, sizeof buf);
		if (tb_text_width(buf) > wtot)
			wtot = tb_text_width(buf);
	}
	if (fmt == TB_OUT_JSON) {
		fputs("{\"programs\":[", stdout);
		for (i = 0; i < n; i++) {
			if (!progs[i])
				continue;
			printf("%s{\"id\":", first ? "" : ",");
			first = 0;
			tb_json_print(stdout, ids[i]);
			printf(",\"year\":%d,\"title\":", tb_program_year(progs[i]));
			tb_json_print(stdout, tb_program_title(progs[i]));
			fputs(",\"deadline\":", stdout);
			tb_json_print(stdout, tb_program_deadline(progs[i]));
			printf(",\"total\":%s,\"indicators\":%zu,\"leaves\":%zu}",
			       tb_points_format(tb_program_total(progs[i]), buf, sizeof buf),
			       tb_program_indicator_count(progs[i]), tb_program_leaf_count(progs[i]));
		}
		fputs("]}\n", stdout);
	} else {
		put_left(_("ID"), wid + 2);
		put_left(_("YEAR"), 6);
		put_right(_("TOTAL"), wtot);
		pad(2);
		put_right(_("INDICATORS"), tb_text_width(_("INDICATORS")));
		pad(2);
		printf("%s\n", _("TITLE"));
		for (i = 0; i < n; i++) {
			if (!progs[i])
				continue;
			put_left(ids[i], wid + 2);
			snprintf(num, sizeof num, "%d", tb_program_year(progs[i]));
			put_left(num, 6);
			put_right(tb_points_format(tb_program_total(progs[i]), buf, sizeof buf), wtot);
			pad(2);
			snprintf(num, sizeof num, "%zu", tb_program_indicator_count(progs[i]));
			put_right(num, tb_text_width(_("INDICATORS")));
			pad(2);
			printf("%s\n", tb_program_title(progs[i]));
		}
	}
	if (tb_diag_count(ctx))
		tb_diag_print(ctx, stderr);
	free(progs);
	tb_strv_free(ids, n);
	return rc;
}

/* ---- one program ---- */

static void show_json(const tb_program *p)
{
	char buf[24];
	size_t i, j;

	fputs("{\"id\":", stdout);
	tb_json_print(stdout, tb_program_id(p));
	fputs(",\"title\":", stdout);
	tb_json_print(stdout, tb_program_title(p));
	fputs(",\"issuer\":", stdout);
	tb_json_print(stdout, tb_program_issuer(p));
	printf(",\"year\":%d,\"deadline\":", tb_program_year(p));
	tb_json_print(stdout, tb_program_deadline(p));
	printf(",\"total\":%s,\"indicators\":[", tb_points_format(tb_program_total(p), buf, sizeof buf));
	for (i = 0; i < tb_program_indicator_count(p); i++) {
		const tb_indicator *ind = tb_program_indicator_at(p, i);
		const tb_indicator *parent = tb_indicator_parent(ind);
		printf("%s{\"id\":", i ? "," : "");
		tb_json_print(stdout, tb_indicator_id(ind));
		printf(",\"level\":%d,\"weight\":%s,\"parent\":", tb_indicator_level(ind),
		       tb_points_format(tb_indicator_weight(ind), buf, sizeof buf));
		tb_json_print(stdout, parent ? tb_indicator_id(parent) : NULL);
		fputs(",\"title\":", stdout);
		tb_json_print(stdout, tb_indicator_title(ind));
		fputs(",\"evidence\":", stdout);
		tb_json_print(stdout, tb_indicator_evidence(ind));
		printf(",\"char_limit\":%u,\"target\":", tb_indicator_char_limit(ind));
		tb_json_print(stdout, tb_indicator_target(ind));
		fputs(",\"criteria\":[", stdout);
		for (j = 0; j < tb_indicator_criterion_count(ind); j++) {
			printf("%s{\"id\":", j ? "," : "");
			tb_json_print(stdout, tb_indicator_criterion_id(ind, j));
			printf(",\"max\":%s,\"text\":",
			       tb_points_format(tb_indicator_criterion_max(ind, j), buf, sizeof buf));
			tb_json_print(stdout, tb_indicator_criterion_text(ind, j));
			putchar('}');
		}
		fputs("]}", stdout);
	}
	fputs("],\"targets\":[", stdout);
	for (j = 0; j < tb_program_target_count(p); j++) {
		printf("%s{\"id\":", j ? "," : "");
		tb_json_print(stdout, tb_program_target_id(p, j));
		fputs(",\"label\":", stdout);
		tb_json_print(stdout, tb_program_target_label(p, j));
		putchar('}');
	}
	fputs("],\"quotas\":[", stdout);
	for (j = 0; j < tb_program_quota_count(p); j++) {
		printf("%s{\"kind\":", j ? "," : "");
		tb_json_print(stdout, tb_program_quota_kind(p, j));
		fputs(",\"label\":", stdout);
		tb_json_print(stdout, tb_program_quota_label(p, j));
		printf(",\"max\":%u}", tb_program_quota_max(p, j));
	}
	fputs("]}\n", stdout);
}

static void show_text(const tb_program *p, int criteria)
{
	char buf[24];
	size_t i, j, w, wid = tb_text_width(_("ID")), wweight = tb_text_width(_("WEIGHT"));

	printf("%s  %s\n", tb_program_id(p), tb_program_title(p));
	printf(_("Issuer: %s\n"), tb_program_issuer(p));
	if (tb_program_deadline(p))
		printf(_("Deadline: %s\n"), tb_program_deadline(p));
	printf(_("Total: %s points, %zu indicators (%zu leaves)\n\n"),
	       tb_points_format(tb_program_total(p), buf, sizeof buf),
	       tb_program_indicator_count(p), tb_program_leaf_count(p));
	for (i = 0; i < tb_program_indicator_count(p); i++) {
		const tb_indicator *ind = tb_program_indicator_at(p, i);
		w = 2 * (size_t)(tb_indicator_level(ind) - 1) + tb_text_width(tb_indicator_id(ind));
		if (w > wid)
			wid = w;
		tb_points_format(tb_indicator_weight(ind), buf, sizeof buf);
		if (tb_text_width(buf) > wweight)
			wweight = tb_text_width(buf);
		for (j = 0; criteria && j < tb_indicator_criterion_count(ind); j++) {
			w = 2 * (size_t)tb_indicator_level(ind) + tb_text_width(tb_indicator_criterion_id(ind, j));
			if (w > wid)
				wid = w;
		}
	}
	put_left(_("ID"), wid + 2);
	put_right(_("WEIGHT"), wweight);
	printf("  %s\n", _("TITLE"));
	for (i = 0; i < tb_program_indicator_count(p); i++) {
		const tb_indicator *ind = tb_program_indicator_at(p, i);
		size_t indent = 2 * (size_t)(tb_indicator_level(ind) - 1);
		pad(indent);
		put_left(tb_indicator_id(ind), wid + 2 - indent);
		put_right(tb_points_format(tb_indicator_weight(ind), buf, sizeof buf), wweight);
		pad(2 + indent);
		put_cut(tb_indicator_title(ind), TITLE_COLUMNS);
		putchar('\n');
		/* Criteria one level deeper than their indicator. */
		for (j = 0; criteria && j < tb_indicator_criterion_count(ind); j++) {
			size_t cindent = indent + 2;
			pad(cindent);
			put_left(tb_indicator_criterion_id(ind, j), wid + 2 - cindent);
			put_right(tb_points_format(tb_indicator_criterion_max(ind, j), buf, sizeof buf), wweight);
			pad(2 + cindent);
			put_cut(tb_indicator_criterion_text(ind, j), TITLE_COLUMNS);
			putchar('\n');
		}
	}
}

int tb_cmd_programs(tb_ctx *ctx, int argc, char **argv)
{
	tb_out_format fmt = TB_OUT_TEXT;
	const char *id = NULL;
	const tb_program *p = NULL;
	tb_status st;
	int i, criteria = 0;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return TB_EXIT_OK;
		} else if (!strcmp(argv[i], "--format") || !strncmp(argv[i], "--format=", 9)) {
			const char *v = argv[i][8] == '=' ? argv[i] + 9 : (i + 1 < argc ? argv[++i] : NULL);
			if (tb_cli_parse_format(v, &fmt) != 0)
				return TB_EXIT_USAGE;
		} else if (!strcmp(argv[i], "--criteria")) {
			criteria = 1;
		} else if (argv[i][0] == '-') {
			tb_cli_usage_error("programs", _("unknown option \"%s\""), argv[i]);
			return TB_EXIT_USAGE;
		} else if (id) {
			tb_cli_usage_error("programs", _("one program id at most"));
			return TB_EXIT_USAGE;
		} else {
			id = argv[i];
		}
	}
	if (!id)
		return list_programs(ctx, fmt);
	if ((st = tb_program_load(ctx, id, &p)) != TB_OK) {
		tb_cli_print_diags(ctx, fmt);
		return tb_cli_exit_for(st);
	}
	if (fmt == TB_OUT_JSON)
		show_json(p);
	else
		show_text(p, criteria);
	return TB_EXIT_OK;
}
