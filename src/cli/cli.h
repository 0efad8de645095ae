/* cli.h: the tianbiao command line: one table of subcommands, public API only. */
#ifndef TB_CLI_H
#define TB_CLI_H
#include <stdio.h>
#include "tianbiao/tianbiao.h"

/* Exit codes (documented in the man page and README). */
enum {
	TB_EXIT_OK = 0,      /* success */
	TB_EXIT_INVALID = 1, /* the input has errors (validation, template, verify) */
	TB_EXIT_USAGE = 2,   /* wrong command line */
	TB_EXIT_FAILURE = 3  /* could not run: missing file, I/O error, out of memory */
};

typedef struct tb_cli_cmd {
	const char *name;
	int (*run)(tb_ctx *ctx, int argc, char **argv); /* argv[0] is the subcommand name */
	const char *summary;                            /* msgid */
	int one_document; /* makes a document or a few and exits: tb_process_heap_huge */
} tb_cli_cmd;

/* Output format shared by subcommands that offer --format. */
typedef enum { TB_OUT_TEXT, TB_OUT_JSON } tb_out_format;
/* Parses "text" or "json"; prints a usage error and returns -1 otherwise. */
int tb_cli_parse_format(const char *arg, tb_out_format *out);
/* -j N: worker threads, 1 to 256; -1 after a usage error naming `cmd`. */
int tb_cli_parse_jobs(const char *cmd, const char *arg, unsigned *jobs);
/* --syntax auto|tianbiao|docxtemplater of fill and inspect; -1 (message printed) otherwise. */
int tb_cli_parse_syntax(const char *cmd, const char *arg, tb_fill_syntax *out);
/* Print the context's diagnostics to stderr in the chosen format. */
void tb_cli_print_diags(tb_ctx *ctx, tb_out_format fmt);
/* Exit code for a library status (after diagnostics were printed). */
int tb_cli_exit_for(tb_status st);
/* 1 (after printing error[io.same-file]) when `out` names the same existing file as `in`. */
int tb_cli_same_file(const char *out, const char *in);
/* 1 (after printing error[io.same-file]) when `out` names an existing attachment of the
 * evidence file `evidence` (any other data file: 0). */
int tb_cli_same_as_attachment(tb_ctx *ctx, const char *out, const char *evidence);
/* 1 (after printing error[io.same-file]) when `out` is, or lies inside, the folder `dir` (a
 * data folder the command reads). */
int tb_cli_inside(const char *out, const char *dir);
/* 1 (after printing error[io.same-file]) when `out` is the input `in`, lies inside it, or
 * contains it: replacing the output would then destroy what the command reads. */
int tb_cli_overlap(const char *out, const char *in);
/* SIGINT and SIGTERM remove the temporary files being written, then end the process as the
 * signal would (its exit status says which): an interrupted command leaves nothing behind. */
void tb_cli_temps_die_with_signal(void);
/* 1 (after printing error[io.write]) when the output file named is an existing folder. */
int tb_cli_out_is_dir(const char *out);
/* The font options every command that renders PDF takes: --font-map FILE (getopt value 'F')
 * and --allow-missing-glyphs ('G'); applied to the context. 0, or an exit code. */
#define TB_CLI_FONT_LONGOPTS \
	{"font-map", required_argument, NULL, 'F'}, {"allow-missing-glyphs", no_argument, NULL, 'G'}
int tb_cli_font_option(tb_ctx *ctx, int c, const char *arg);
void tb_cli_font_usage(FILE *out);
/* --to NAME, --dpi N, --page N (opt without dashes) into render options; -1 after a usage
 * error. */
int tb_cli_render_opt(const char *cmd, const char *opt, const char *val, tb_render_options *o);
/* The renderer's formats, from its table, for --help. */
void tb_cli_print_formats(FILE *out);
void tb_cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Subcommands (one file each: cmd_<name>.c). */
int tb_cmd_programs(tb_ctx *ctx, int argc, char **argv);
int tb_cmd_score(tb_ctx *ctx, int argc, char **argv);
int tb_cmd_init(tb_ctx *ctx, int argc, char **argv);
int tb_cmd_validate(tb_ctx *ctx, int argc, char **argv);
int tb_cmd_fill(tb_ctx *ctx, int argc, char **argv);
int tb_cmd_inspect(tb_ctx *ctx, int argc, char **argv);
int tb_cmd_render(tb_ctx *ctx, int argc, char **argv);
int tb_cmd_report(tb_ctx *ctx, int argc, char **argv);
int tb_cmd_build(tb_ctx *ctx, int argc, char **argv);
int tb_cmd_batch(tb_ctx *ctx, int argc, char **argv);
int tb_cmd_archive(tb_ctx *ctx, int argc, char **argv);
int tb_cmd_verify(tb_ctx *ctx, int argc, char **argv);
int tb_cmd_serve(tb_ctx *ctx, int argc, char **argv);

#endif
