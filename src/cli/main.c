/* main.c: the tianbiao command: dispatch to subcommands through one table. */
#include <libintl.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

#define _(s) dgettext("tianbiao", s)
#define N_(s) (s)

static int tb_cmd_version(tb_ctx *ctx, int argc, char **argv);

static const tb_cli_cmd commands[] = {
	{"init", tb_cmd_init, N_("write a commented evidence skeleton for a program"), 0},
	{"validate", tb_cmd_validate, N_("check evidence files (schema, program, attachments)"), 0},
	{"programs", tb_cmd_programs, N_("list the installed programs or show one's indicators"), 0},
	{"fill", tb_cmd_fill, N_("fill a DOCX or ODT template with XML data"), 1},
	{"inspect", tb_cmd_inspect, N_("list a template's tags and problems"), 0},
	{"render", tb_cmd_render, N_("render a filled DOCX or ODT to PDF"), 1},
	{"score", tb_cmd_score, N_("score a self-assessment; rank an office's applicants"), 0},
	{"report", tb_cmd_report, N_("write the self-assessment report (DOCX, ODT or PDF)"), 1},
	{"build", tb_cmd_build, N_("build one applicant's submission package"), 1},
	{"batch", tb_cmd_batch, N_("build a recommending office's batch of packages"), 0},
	{"archive", tb_cmd_archive, N_("bundle a year's batches as a BagIt bag for archivists"), 0},
	{"verify", tb_cmd_verify, N_("verify a package, a batch or a bundle"), 0},
	{"serve", tb_cmd_serve, N_("serve the web application for applicants, offices and archivists"), 0},
	{"version", tb_cmd_version, N_("print the version"), 0},
};

static void usage(FILE *out)
{
	size_t i;
	fprintf(out, _("Usage: tianbiao COMMAND [OPTIONS] [ARGS]\n\n"
	               "Fill, render, score and package application forms from evidence data.\n\n"
	               "Commands:\n"));
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
	fprintf(out, _("\nRun 'tianbiao COMMAND --help' for a command's options.\n"
	               "Options: --help, --version\n"));
}

/* Translations need a locale; when the requested one is not installed, fall back to C.UTF-8
 * and ask gettext for the language directly, so LANG=zh_CN.UTF-8 still gives Chinese. */
static void setup_locale(void)
{
	const char *lang;
	if (setlocale(LC_ALL, "") != NULL)
		return;
	lang = getenv("LC_ALL");
	if (!lang || !*lang)
		lang = getenv("LC_MESSAGES");
	if (!lang || !*lang)
		lang = getenv("LANG");
	if (setlocale(LC_ALL, "C.UTF-8") && lang && *lang && strcmp(lang, "C") && strcmp(lang, "POSIX")) {
		char buf[64];
		size_t n = strcspn(lang, ".@");
		if (n >= sizeof buf)
			n = sizeof buf - 1;
		memcpy(buf, lang, n);
		buf[n] = '\0';
		if (!getenv("LANGUAGE") || !*getenv("LANGUAGE"))
			setenv("LANGUAGE", buf, 1);
	}
}

static int tb_cmd_version(tb_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	(void)argc;
	(void)argv;
	printf("tianbiao %s\n", tb_version());
	return TB_EXIT_OK;
}

int main(int argc, char **argv)
{
	tb_ctx *ctx = NULL;
	size_t i;
	int rc;

	tb_process_init();
	setup_locale();
	tb_i18n_init();
	if (argc < 2) {
		usage(stderr);
		return TB_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return TB_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		printf("tianbiao %s\n", tb_version());
		return TB_EXIT_OK;
	}
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		if (strcmp(argv[1], commands[i].name) != 0)
			continue;
		if (commands[i].one_document)
			tb_process_heap_huge((size_t)16 << 20);
		if (tb_ctx_new(&ctx) != TB_OK) {
			fprintf(stderr, "tianbiao: %s\n", _("out of memory"));
			return TB_EXIT_FAILURE;
		}
		rc = commands[i].run(ctx, argc - 1, argv + 1);
#ifndef TB_FREE_AT_EXIT
		/* A command that made its one document leaves the context to the exit: the kernel
		 * takes the memory back at once, where freeing it piece by piece (faces unmapped,
		 * trees, caches) took 1-1.5 ms of a 26 ms fill. A failure still frees it, which drops
		 * the temporaries of unfinished outputs; sanitizer builds always free (leaks show). */
		if (rc == TB_EXIT_OK && tb_ctx_one_document(ctx))
			return rc;
#endif
		tb_ctx_free(ctx);
		return rc;
	}
	fprintf(stderr, _("tianbiao: unknown command \"%s\"\n"), argv[1]);
	usage(stderr);
	return TB_EXIT_USAGE;
}
