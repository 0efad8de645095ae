/* tb_serve.h: the web front end: applicants fill in their evidence in the browser, offices
 * rank and batch their applicants, archivists build the year's bundle. One process, pages
 * generated from the program's data, saved as the same evidence XML and files the command
 * line reads. */
#ifndef TIANBIAO_TB_SERVE_H
#define TIANBIAO_TB_SERVE_H

#include "tianbiao/tb_core.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tb_serve tb_serve;

typedef struct tb_serve_options {
	unsigned version;          /* TB_SERVE_OPTIONS_VERSION */
	const char *data_dir;      /* the office's folder: applicants/, batch/, bundles/ (created) */
	const char *listen;        /* "127.0.0.1:8080" (default), "[::1]:8080", "0.0.0.0:8080" */
	/* The office's password (first line of the file). Required to listen on anything but
	 * loopback; without it a random one is made for this run (tb_serve_office_password). */
	const char *password_file;
	const char *program;       /* program of new applicants; NULL: the most common one */
	unsigned long long max_upload; /* bytes per uploaded file; 0: 50 MiB */
	unsigned max_connections;  /* 0: 200 */
} tb_serve_options;
#define TB_SERVE_OPTIONS_VERSION 1
#define TB_SERVE_OPTIONS_INIT {TB_SERVE_OPTIONS_VERSION, NULL, NULL, NULL, NULL, 0, 0}

/* Start serving in background threads. The context gives the data directory and epoch of
 * every request's own context; its diagnostics say why starting failed (serve.listen,
 * serve.password, serve.data, serve.no-library: libmicrohttpd, opened now, is not installed,
 * io.*). */
TB_API tb_status tb_serve_start(tb_ctx *ctx, const tb_serve_options *opts, tb_serve **out);
/* The port actually bound (useful with port 0). */
TB_API unsigned tb_serve_port(const tb_serve *s);
/* The address to open in a browser, e.g. "http://127.0.0.1:8080/". */
TB_API const char *tb_serve_url(const tb_serve *s);
/* The office password made for this run when no password file was given, else NULL. */
TB_API const char *tb_serve_office_password(const tb_serve *s);
/* Stop accepting, finish running requests and background jobs, free everything. */
TB_API void tb_serve_stop(tb_serve *s);

#ifdef __cplusplus
}
#endif
#endif
