/* cmd_serve.c: tianbiao serve [--data DIR] [--listen ADDR:PORT] [--password-file FILE] */
#include <getopt.h>
#include <libintl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

#define _(s) dgettext("tianbiao", s)

static void serve_usage(void)
{
	printf(_("Usage: tianbiao serve [--data DIR] [--listen ADDR:PORT] [--password-file FILE]\n"
	         "                      [--program ID] [--max-upload MB]\n\n"
	         "Serve the web application: applicants fill in their evidence in the browser,\n"
	         "offices rank and batch their applicants, archivists build the year's bundle.\n"
	         "DIR (default: the current folder) holds applicants/<id>/evidence.xml and files,\n"
	         "batch/ and bundles/, the same files the other commands read.\n\n"
	         "  --listen ADDR:PORT   default 127.0.0.1:8080; port 0 picks a free one\n"
	         "  --password-file FILE the office's password (first line); required to listen\n"
	         "                       beyond loopback; without it one is made and printed\n"
	         "  --program ID         program of new applications\n"
	         "  --max-upload MB      largest uploaded file (default 50)\n\n"
	         "Stops on Ctrl-C (SIGINT) or SIGTERM.\n"));
}

int tb_cmd_serve(tb_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"data", required_argument, NULL, 'd'},
		{"listen", required_argument, NULL, 'l'},
		{"password-file", required_argument, NULL, 'p'},
		{"program", required_argument, NULL, 'P'},
		{"max-upload", required_argument, NULL, 'm'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	tb_serve_options o = TB_SERVE_OPTIONS_INIT;
	tb_serve *s = NULL;
	sigset_t set;
	tb_status st;
	int c, sig = 0;

	o.data_dir = ".";
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': o.data_dir = optarg; break;
		case 'l': o.listen = optarg; break;
		case 'p': o.password_file = optarg; break;
		case 'P': o.program = optarg; break;
		case 'm': {
			char *end;
			unsigned long mb = strtoul(optarg, &end, 10);
			if (*end || mb == 0 || mb > 4096) {
				tb_cli_usage_error("serve", _("--max-upload takes a number of megabytes from 1 to 4096"));
				return TB_EXIT_USAGE;
			}
			o.max_upload = (unsigned long long)mb << 20;
			break;
		}
		case 'h': serve_usage(); return TB_EXIT_OK;
		default: tb_cli_usage_error("serve", _("unknown option")); return TB_EXIT_USAGE;
		}
	}
	if (optind != argc) {
		tb_cli_usage_error("serve", _("unexpected argument; the data folder is given with --data"));
		return TB_EXIT_USAGE;
	}
	/* Signals are waited for here, not handled: block them before the server's threads start
	 * so that they inherit the mask. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	st = tb_serve_start(ctx, &o, &s);
	if (st != TB_OK) {
		tb_cli_print_diags(ctx, TB_OUT_TEXT);
		return st == TB_EINVAL ? TB_EXIT_USAGE : TB_EXIT_FAILURE;
	}
	printf(_("tianbiao serve: %s (data in %s)\n"), tb_serve_url(s), o.data_dir);
	if (tb_serve_office_password(s))
		printf(_("office password for this run: %s\n"), tb_serve_office_password(s));
	fflush(stdout);
	sigwait(&set, &sig);
	fprintf(stderr, _("tianbiao serve: stopping\n"));
	tb_serve_stop(s);
	return TB_EXIT_OK;
}
