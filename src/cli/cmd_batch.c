/* cmd_batch.c: tianbiao batch DIR -o OUT [-j N] [--allow-over-quota] */
#include <getopt.h>
#include <signal.h>
#include <libintl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

#define _(s) dgettext("tianbiao", s)

static void batch_usage(void)
{
	printf(_("Usage: tianbiao batch DIR -o OUT [OPTIONS]\n\n"
	         "Build an office's batch from DIR: every applicant folder (with an evidence.xml),\n"
	         "every submission package from 'tianbiao build' (.zip, or unpacked). Each\n"
	         "recommending body's applicants are ranked (as 'tianbiao score --rank' does); the\n"
	         "top N within its quota become OUT/packages/<name>.zip, in parallel, with\n"
	         "batch-manifest.xml, the summary sheet of each body (OUT/summary/<body>.xml, .docx,\n"
	         ".pdf, .xlsx) and checksums.sha256. Applicants with errors are reported and not\n"
	         "built; anything in DIR that is not used is reported. A re-run rebuilds only what\n"
	         "changed; Ctrl-C stops cleanly.\n\n"
	         "  -o, --output DIR         the batch folder to write\n"
	         "  -j, --jobs N             worker threads (default: number of processors)\n"
	         "      --allow-over-quota   also build applicants over their body's quota (附件1),\n"
	         "                           as packages/<name>-over-quota.zip\n"
	         "      --name NAME          the batch's name (default: the output folder's name)\n"
	         "      --preparer NAME      填表人 on the summary sheets\n"
	         "      --preparer-phone TEL the preparer's telephone\n"
	         "      --password-file FILE encrypt packages with AES-256 (password in FILE)\n"
	         "      --password-env VAR   ... with the password in environment variable VAR\n"
	         "      --format text|json   how to print diagnostics\n"));
	printf(_("      --shard I/N          build only every N-th applicant of the sorted input,\n"
	         "                           starting with the I-th (1 <= I <= N): one of N runs,\n"
	         "                           on other machines; writes packages only\n"
	         "      --reuse DIR          copy the packages another run (a shard) wrote to DIR\n"
	         "                           when their inputs are the same; may be repeated\n"
	         "                           (docs/sharding.md)\n"));
	tb_cli_font_usage(stdout);
}

/* Ctrl-C: the first asks the library to stop after the documents in progress (it removes its
 * temporary files and says what was finished); a second one ends the process at once. */
static volatile int stop_requested;
static const char *stop_message;
static char stop_buf[512];

static volatile sig_atomic_t stop_signal;

static void on_sigint(int sig)
{
	stop_signal = sig;
	stop_requested = 1;
	tb_cli_temps_die_with_signal(); /* the second signal */
	if (stop_message && write(STDERR_FILENO, stop_message, strlen(stop_message)) < 0)
		return;
}

typedef struct bar {
	char current[64];
	int drawn;
} bar;

/* [#####     ] 3/6  A0004  about 12 s left */
static void draw_bar(void *user, const tb_batch_progress *p)
{
	bar *b = user;
	int width = 30, fill = p->total ? (int)(p->done * (size_t)width / p->total) : width;
	if (p->current)
		snprintf(b->current, sizeof b->current, "%s", p->current);
	fprintf(stderr, "\r[%.*s%*s] %zu/%zu  %s", fill, "##############################",
	        width - fill, "", p->done, p->total, b->current);
	if (p->done && p->done < p->total)
		fprintf(stderr, _("  about %.0f s left"),
		        p->elapsed / (double)p->done * (double)(p->total - p->done));
	fputs("\033[K", stderr); /* clear the rest of the line */
	b->drawn = 1;
	fflush(stderr);
}

int tb_cmd_batch(tb_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"output", required_argument, NULL, 'o'},
		{"jobs", required_argument, NULL, 'j'},
		{"allow-over-quota", no_argument, NULL, 'Q'},
		{"name", required_argument, NULL, 'N'},
		{"preparer", required_argument, NULL, 'R'},
		{"preparer-phone", required_argument, NULL, 'T'},
		{"password-file", required_argument, NULL, 'P'},
		{"password-env", required_argument, NULL, 'E'},
		{"format", required_argument, NULL, 'f'},
		{"shard", required_argument, NULL, 'S'},
		{"reuse", required_argument, NULL, 'U'},
		{"help", no_argument, NULL, 'h'},
		TB_CLI_FONT_LONGOPTS,
		{NULL, 0, NULL, 0},
	};
	tb_batch_options opts = TB_BATCH_OPTIONS_INIT;
	const char *reuse[64]; /* --reuse folders */
	unsigned si, sn;
	char extra;
	tb_batch_result res;
	tb_out_format fmt = TB_OUT_TEXT;
	const char *out = NULL;
	bar b;
	tb_status st;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:j:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'j':
			if (tb_cli_parse_jobs("batch", optarg, &opts.jobs) != 0)
				return TB_EXIT_USAGE;
			break;
		case 'Q': opts.allow_over_quota = 1; break;
		case 'N': opts.name = optarg; break;
		case 'R': opts.preparer = optarg; break;
		case 'T': opts.preparer_phone = optarg; break;
		case 'P': opts.pack.password_file = optarg; break;
		case 'E': opts.pack.password_env = optarg; break;
		case 'F':
		case 'G':
			if ((c = tb_cli_font_option(ctx, c, optarg)) != 0)
				return c;
			break;
		case 'f':
			if (tb_cli_parse_format(optarg, &fmt) != 0)
				return TB_EXIT_USAGE;
			break;
		case 'S':
			if (sscanf(optarg, "%u/%u%c", &si, &sn, &extra) != 2 || sn < 1 || sn > 100000 ||
			    si < 1 || si > sn) {
				tb_cli_usage_error("batch", _("--shard takes I/N, with 1 <= I <= N (e.g. 2/8)"));
				return TB_EXIT_USAGE;
			}
			opts.shard_index = si;
			opts.shard_count = sn;
			break;
		case 'U':
			if (opts.nreuse == sizeof reuse / sizeof reuse[0]) {
				tb_cli_usage_error("batch", _("--reuse may be given at most 64 times"));
				return TB_EXIT_USAGE;
			}
			reuse[opts.nreuse++] = optarg;
			opts.reuse = reuse;
			break;
		case 'h': batch_usage(); return TB_EXIT_OK;
		default: tb_cli_usage_error("batch", _("unknown option")); return TB_EXIT_USAGE;
		}
	}
	if (optind != argc - 1 || !out) {
		tb_cli_usage_error("batch", _("give one folder of applicants and -o OUT"));
		return TB_EXIT_USAGE;
	}
	/* The batch folder is replaced as a whole: over or inside the applicants it destroys them. */
	if (tb_cli_overlap(out, argv[optind]))
		return TB_EXIT_USAGE;
	memset(&b, 0, sizeof b);
	if (isatty(STDERR_FILENO)) {
		opts.progress = draw_bar;
		opts.progress_user = &b;
	}
	/* written by the signal handler: prepared here (gettext is not async-signal-safe) */
	snprintf(stop_buf, sizeof stop_buf, "%s%s\n", isatty(STDERR_FILENO) ? "\r\033[K" : "",
	         _("^C: stopping after the documents in progress (Ctrl-C again to quit at once)"));
	stop_message = stop_buf;
	opts.pack.cancel = &stop_requested;
	signal(SIGINT, on_sigint);
	signal(SIGTERM, on_sigint);
	st = tb_pack_batch(ctx, argv[optind], out, &opts, &res);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	if (b.drawn)
		fputs("\r\033[K", stderr); /* the progress line goes; the summary stays */
	tb_cli_print_diags(ctx, fmt);
	if (fmt == TB_OUT_TEXT)
		fprintf(stderr, _("%zu applicants: %zu built, %zu unchanged, %zu failed, %zu over quota "
		                  "(%zu not built) in %.2f s%s\n"),
		        res.applicants, res.built, res.unchanged, res.failed, res.over_quota, res.skipped,
		        res.seconds, res.canceled ? _(", interrupted") : "");
	if (st == TB_ECANCELED)
		return 128 + (stop_signal ? stop_signal : SIGINT); /* as shells report a signal */
	return tb_cli_exit_for(st);
}
