/* server.c: the HTTP side of `tianbiao serve`: libmicrohttpd in thread-per-connection mode,
 * one table of routes, the checks every request passes before its page runs (route, role,
 * host, origin, size, CSRF), and a pool of library contexts so fonts and programs stay loaded
 * between requests. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/ctx.h"
#include "core/file.h"
#include "core/i18n.h"
#include "serve/serve.h"

static const srv_route routes[] = {
	{"GET", "/", ROLE_PUBLIC, 0, page_home},
	{"GET", "/lang", ROLE_PUBLIC, 0, page_lang},
	{"GET", "/static/*", ROLE_PUBLIC, 0, page_static},
	{"POST", "/new", ROLE_PUBLIC, 0, page_new},
	{"GET", "/a/%/", ROLE_APPLICANT, 0, page_form},
	{"POST", "/a/%/save", ROLE_APPLICANT, 0, page_save},
	{"POST", "/a/%/attach", ROLE_APPLICANT, 1, page_attach},
	{"POST", "/a/%/detach", ROLE_APPLICANT, 0, page_detach},
	{"GET", "/a/%/file/*", ROLE_APPLICANT, 0, page_attachment},
	{"GET", "/a/%/form.pdf", ROLE_APPLICANT, 0, page_preview},
	{"GET", "/a/%/report.pdf", ROLE_APPLICANT, 0, page_preview},
	{"GET", "/a/%/package.zip", ROLE_APPLICANT, 0, page_package},
	{"GET", "/a/%/evidence.xml", ROLE_APPLICANT, 0, page_evidence_xml},
	{"GET", "/office/", ROLE_PUBLIC, 0, page_office},
	{"POST", "/office/login", ROLE_PUBLIC, 0, page_office_login},
	{"POST", "/office/logout", ROLE_OFFICE, 0, page_office_logout},
	{"POST", "/office/link/%", ROLE_OFFICE, 0, page_office_link},
	{"POST", "/office/batch", ROLE_OFFICE, 0, page_batch_start},
	{"GET", "/office/batch", ROLE_OFFICE, 0, page_batch},
	{"GET", "/office/batch.json", ROLE_OFFICE, 0, page_batch_json},
	{"GET", "/office/batch/*", ROLE_OFFICE, 0, page_batch_file},
	{"GET", "/office/export/*", ROLE_OFFICE, 0, page_export},
	{"POST", "/office/import", ROLE_OFFICE, 1, page_import},
	{"POST", "/office/intake", ROLE_OFFICE, 1, page_intake},
	{"GET", "/office/archive", ROLE_OFFICE, 0, page_archive},
	{"POST", "/office/archive", ROLE_OFFICE, 0, page_archive_build},
	{"GET", "/office/bundle/*", ROLE_OFFICE, 0, page_bundle},
};

/* ---- library contexts, one per running request ---- */

tb_ctx *srv_ctx_get(srv *s)
{
	tb_ctx *ctx = NULL;
	pthread_mutex_lock(&s->pool_lock);
	if (s->npool > 0)
		ctx = s->pool[--s->npool];
	pthread_mutex_unlock(&s->pool_lock);
	if (ctx)
		return ctx;
	if (tb_ctx_new(&ctx) != TB_OK)
		return NULL;
	if (tb_ctx_set_datadir(ctx, s->datadir) != TB_OK) {
		tb_ctx_free(ctx);
		return NULL;
	}
	tb_ctx_set_epoch(ctx, s->epoch);
	return ctx;
}

void srv_ctx_put(srv *s, tb_ctx *ctx)
{
	if (!ctx)
		return;
	tb_diag_clear(ctx);
	pthread_mutex_lock(&s->pool_lock);
	if (s->npool < sizeof s->pool / sizeof s->pool[0]) {
		s->pool[s->npool++] = ctx;
		ctx = NULL;
	}
	pthread_mutex_unlock(&s->pool_lock);
	tb_ctx_free(ctx);
}

/* A request holds its light context while it waits for a render slot; the render itself runs
 * in the slot's own context. With one context per request, 50 waiting previews meant 50
 * contexts, most of them new (the pool keeps a bounded number), each loading the CJK fonts
 * again: the bench showed it. */
tb_ctx *srv_heavy_begin(srv *s)
{
	tb_ctx *ctx = NULL;
	sem_wait(&s->heavy);
	pthread_mutex_lock(&s->pool_lock);
	if (s->nheavy > 0)
		ctx = s->heavy_pool[--s->nheavy];
	pthread_mutex_unlock(&s->pool_lock);
	if (!ctx && tb_ctx_new(&ctx) == TB_OK) {
		if (tb_ctx_set_datadir(ctx, s->datadir) == TB_OK) {
			tb_ctx_set_epoch(ctx, s->epoch);
		} else {
			tb_ctx_free(ctx);
			ctx = NULL;
		}
	}
	if (!ctx)
		sem_post(&s->heavy);
	return ctx;
}

void srv_heavy_end(srv *s, tb_ctx *heavy, tb_ctx *into)
{
	size_t i;
	if (!heavy)
		return;
	for (i = 0; into && i < tb_diag_count(heavy); i++) {
		const tb_diag *d = tb_diag_get(heavy, i);
		tb_diag_push(into, d->severity, d->code, d->file, d->line, d->column, d->message, d->hint);
	}
	tb_diag_clear(heavy);
	pthread_mutex_lock(&s->pool_lock);
	if (s->nheavy < sizeof s->heavy_pool / sizeof s->heavy_pool[0]) {
		s->heavy_pool[s->nheavy++] = heavy;
		heavy = NULL;
	}
	pthread_mutex_unlock(&s->pool_lock);
	tb_ctx_free(heavy);
	sem_post(&s->heavy);
}

pthread_mutex_t *srv_lock_for(srv *s, const char *id)
{
	unsigned h = 5381;
	while (*id)
		h = h * 33 + (unsigned char)*id++;
	return &s->locks[h % SRV_LOCKS];
}

/* ---- routing ---- */

static int match(const char *pat, const char *url, srv_req *r)
{
	while (*pat) {
		if (*pat == '%') {
			size_t n = strcspn(url, "/");
			if (n == 0 || n >= sizeof r->id)
				return 0;
			memcpy(r->id, url, n);
			r->id[n] = '\0';
			url += n;
			pat++;
		} else if (*pat == '*') {
			r->rest = url;
			return 1;
		} else if (*pat++ != *url++) {
			return 0;
		}
	}
	r->rest = url;
	return *url == '\0';
}

static const srv_route *route_find(srv_req *r, int *method_ok)
{
	size_t i;
	const srv_route *any = NULL;
	*method_ok = 0;
	for (i = 0; i < sizeof routes / sizeof routes[0]; i++) {
		r->id[0] = '\0';
		if (!match(routes[i].pattern, r->url, r))
			continue;
		if (!strcmp(routes[i].method, r->method) ||
		    (!strcmp(r->method, "HEAD") && !strcmp(routes[i].method, "GET"))) {
			*method_ok = 1;
			return &routes[i];
		}
		any = &routes[i];
	}
	return any;
}

/* ---- the checks before a page runs ---- */

static const char *pick_lang(srv_req *r)
{
	const char *c = req_cookie(r, "tb_lang");
	if (c && !strcmp(c, "en"))
		return "en";
	return "zh_CN";
}

/* A page fetched by another site's script must not reach this server through a name that
 * resolves to loopback (DNS rebinding): on loopback, the Host must be a loopback name. */
static int host_ok(srv_req *r)
{
	const char *h = req_header(r, MHD_HTTP_HEADER_HOST);
	char want[64];
	if (!h)
		return 0;
	if (strncmp(r->s->url, "http://127.", 11) && strncmp(r->s->url, "http://[::1]", 12))
		return 1; /* listening elsewhere: the password guards it */
	snprintf(want, sizeof want, ":%u", r->s->port);
	if (!strncmp(h, "localhost", 9) && !strcmp(h + 9, want))
		return 1;
	if (!strncmp(h, "127.", 4) && strstr(h, want) && strlen(h) < 24)
		return 1;
	if (!strncmp(h, "[::1]", 5) && !strcmp(h + 5, want))
		return 1;
	return 0;
}

static int origin_ok(srv_req *r)
{
	const char *o = req_header(r, "Origin"), *h = req_header(r, MHD_HTTP_HEADER_HOST);
	if (!o || !strcmp(o, "null"))
		return o == NULL;
	return h && !strncmp(o, "http://", 7) && !strcmp(o + 7, h);
}

static void auth_stage(srv_req *r)
{
	const char *anon = req_cookie(r, "tb_v");
	const char *office = req_cookie(r, "tb_office");
	if (anon && strlen(anon) == 32 && strspn(anon, "0123456789abcdef") == 32) {
		snprintf(r->anon, sizeof r->anon, "%s", anon);
	} else {
		auth_random_hex(r->anon, 16);
		r->set_anon = 1;
	}
	auth_hmac_hex(r->s, "csrf", r->anon, r->csrf);
	r->office = office && auth_office_valid(r->s, office);
	if (r->id[0]) {
		const char *key = req_cookie(r, "tb_key");
		r->applicant = store_valid_id(r->id) && key && auth_applicant_valid(r->s, r->id, key);
	}
}

static enum MHD_Result queue(srv_req *r)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;
	size_t i;

	/* uploads the page did not take are gone before the answer leaves */
	for (i = 0; i < r->nfiles; i++) {
		if (r->files[i].fd >= 0) {
			close(r->files[i].fd);
			r->files[i].fd = -1;
		}
		if (r->files[i].tmp) {
			unlink(r->files[i].tmp);
			free(r->files[i].tmp);
			r->files[i].tmp = NULL;
		}
	}

	if (r->fd >= 0) {
		resp = MHD_create_response_from_fd64(r->fd_size, r->fd);
		r->fd = -1; /* the response closes it */
	} else {
		size_t len = r->out.len;
		char *data = tb_buf_detach(&r->out, NULL);
		resp = MHD_create_response_from_buffer(len, data ? data : (void *)"",
		                                       data ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	}
	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
	                        r->ctype ? r->ctype : "text/html; charset=utf-8");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	MHD_add_response_header(resp, "Content-Security-Policy",
	                        "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
	                        "form-action 'self'; base-uri 'none'");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	if (r->set_anon) {
		char c[128];
		snprintf(c, sizeof c, "tb_v=%s; Path=/; HttpOnly; SameSite=Strict", r->anon);
		MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, c);
	}
	for (i = 0; i < r->nheaders; i++) {
		char *colon = strchr(r->headers[i], ':');
		if (!colon)
			continue;
		*colon = '\0';
		MHD_add_response_header(resp, r->headers[i], colon + 1 + (colon[1] == ' '));
	}
	ret = MHD_queue_response(r->conn, (unsigned)(r->status ? r->status : 200), resp);
	MHD_destroy_response(resp);
	r->responded = 1;
	return ret;
}

static enum MHD_Result refuse(srv_req *r, int status, const char *why)
{
	tb_i18n_set_thread_language(r->lang);
	resp_error(r, status, why);
	return queue(r);
}

static uint64_t body_limit(const srv_req *r)
{
	return r->route->upload ? r->s->max_upload + SRV_MAX_FORM_BYTES : SRV_MAX_FORM_BYTES;
}

static enum MHD_Result first_call(srv_req *r)
{
	int method_ok;
	const char *cl;

	snprintf(r->lang, sizeof r->lang, "%s", pick_lang(r));
	tb_i18n_set_thread_language(r->lang);
	if (!host_ok(r))
		return refuse(r, 421, _("This server only answers requests for its own address."));
	r->route = route_find(r, &method_ok);
	if (!r->route)
		return refuse(r, 404, _("There is no such page."));
	if (!method_ok)
		return refuse(r, 405, _("This page cannot be used that way."));
	if (r->id[0] && !store_valid_id(r->id))
		return refuse(r, 404, _("There is no such applicant."));
	auth_stage(r);
	if (r->route->role == ROLE_APPLICANT && r->id[0] && !strcmp(r->method, "GET") &&
	    req_arg(r, "key")) {
		/* The private link: keep the key in a cookie for this applicant's pages only, and
		 * take it out of the address bar. */
		const char *key = req_arg(r, "key");
		if (!store_valid_id(r->id) || !auth_applicant_valid(r->s, r->id, key))
			return refuse(r, 403, _("This link is not valid (any more). Ask the office for a new one."));
		resp_header(r, "Set-Cookie: tb_key=%s; Path=/a/%s/; HttpOnly; SameSite=Lax", key, r->id);
		{
			char loc[64];
			snprintf(loc, sizeof loc, "/a/%s/", r->id);
			resp_redirect(r, loc);
		}
		return queue(r);
	}
	if (r->route->role == ROLE_OFFICE && !r->office)
		return refuse(r, 403, _("Office pages need the office's password: sign in on the office page."));
	if (r->route->role == ROLE_APPLICANT && !r->applicant && !r->office)
		return refuse(r, 403, _("This applicant's pages need its private link."));
	if (!strcmp(r->method, "POST")) {
		const char *tok = req_header(r, "X-CSRF-Token");
		if (!origin_ok(r))
			return refuse(r, 403, _("The form was sent from another site and has been refused."));
		if (r->set_anon || (tok && !auth_equal(tok, r->csrf)))
			return refuse(r, 403, _("The form has expired or did not come from this site. Reload the page and try again."));
		cl = req_header(r, MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl && strtoull(cl, NULL, 10) > body_limit(r))
			return refuse(r, 413, _("What was sent is too large."));
		r->pp = MHD_create_post_processor(r->conn, 64 * 1024, http_post_iterator, r);
	}
	return MHD_YES;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
	srv_req *r = *con_cls;
	const char *tok;
	(void)version;

	if (!r) {
		if (!(r = calloc(1, sizeof *r)))
			return MHD_NO;
		r->s = cls;
		r->conn = conn;
		r->url = url;
		r->method = method;
		r->fd = -1;
		tb_buf_init(&r->out, SRV_HTML_MAX);
		*con_cls = r;
		return first_call(r);
	}
	if (r->responded) {
		*upload_data_size = 0;
		return MHD_YES;
	}
	tb_i18n_set_thread_language(r->lang);
	if (*upload_data_size) {
		r->form_bytes += *upload_data_size;
		if (!r->pp) {
			if (!r->body_status) {
				r->body_status = 400;
				r->body_error = _("The form's data could not be read.");
			}
		} else if (!r->body_status &&
		           MHD_post_process(r->pp, upload_data, *upload_data_size) == MHD_NO &&
		           !r->body_status) {
			r->body_status = 400;
			r->body_error = _("The form's data could not be read.");
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (r->pp) {
		if (MHD_destroy_post_processor(r->pp) == MHD_NO && !r->body_status) {
			r->body_status = 400;
			r->body_error = _("The form's data could not be read.");
		}
		r->pp = NULL;
	}
	if (r->body_status)
		return refuse(r, r->body_status, r->body_error);
	if (!strcmp(method, "POST")) {
		tok = req_header(r, "X-CSRF-Token");
		if (!tok)
			tok = req_field(r, "csrf");
		if (!tok || !auth_equal(tok, r->csrf))
			return refuse(r, 403, _("The form has expired or did not come from this site. Reload the page and try again."));
	}
	if (!(r->ctx = srv_ctx_get(r->s)))
		return refuse(r, 500, _("Out of memory."));
	r->route->fn(r);
	srv_ctx_put(r->s, r->ctx);
	r->ctx = NULL;
	tb_i18n_set_thread_language(NULL);
	return queue(r);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	srv_req *r = *con_cls;
	(void)cls;
	(void)conn;
	(void)toe;
	if (!r)
		return;
	if (r->pp)
		MHD_destroy_post_processor(r->pp);
	http_req_free(r);
	*con_cls = NULL;
}

/* ---- start and stop ---- */

static tb_status parse_listen(tb_ctx *ctx, const char *listen, struct sockaddr_storage *ss,
                              socklen_t *sl, int *loopback)
{
	char host[64];
	const char *colon;
	unsigned long port;
	char *end;
	memset(ss, 0, sizeof *ss);
	if (listen[0] == '[') {
		const char *close = strchr(listen, ']');
		if (!close || close[1] != ':' || (size_t)(close - listen - 1) >= sizeof host)
			goto bad;
		memcpy(host, listen + 1, (size_t)(close - listen - 1));
		host[close - listen - 1] = '\0';
		colon = close + 1;
	} else {
		colon = strrchr(listen, ':');
		if (!colon || (size_t)(colon - listen) >= sizeof host)
			goto bad;
		memcpy(host, listen, (size_t)(colon - listen));
		host[colon - listen] = '\0';
	}
	port = strtoul(colon + 1, &end, 10);
	if (*end || port > 65535 || colon[1] == '\0')
		goto bad;
	if (!strcmp(host, "localhost"))
		strcpy(host, "127.0.0.1");
	if (strchr(host, ':')) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
		a->sin6_family = AF_INET6;
		a->sin6_port = htons((unsigned short)port);
		if (inet_pton(AF_INET6, host, &a->sin6_addr) != 1)
			goto bad;
		*loopback = IN6_IS_ADDR_LOOPBACK(&a->sin6_addr);
		*sl = sizeof *a;
	} else {
		struct sockaddr_in *a = (struct sockaddr_in *)ss;
		a->sin_family = AF_INET;
		a->sin_port = htons((unsigned short)port);
		if (inet_pton(AF_INET, host, &a->sin_addr) != 1)
			goto bad;
		*loopback = (ntohl(a->sin_addr.s_addr) >> 24) == 127;
		*sl = sizeof *a;
	}
	return TB_OK;
bad:
	tb_error(ctx, "serve.listen", NULL, 0, 0,
	         N_("give an address and port such as 127.0.0.1:8080 or [::1]:8080"),
	         N_("cannot understand the address to listen on: \"%s\""), listen);
	return TB_EINVAL;
}

static tb_status make_dirs(tb_ctx *ctx, srv *s, const char *data)
{
	tb_status st;
	if (!(s->data = strdup(data)) || !(s->applicants = tb_path_join(data, "applicants")) ||
	    !(s->batch = tb_path_join(data, "batch")) || !(s->bundles = tb_path_join(data, "bundles")) ||
	    !(s->state = tb_path_join(data, ".serve")) || !(s->tmp = tb_path_join(s->state, "tmp")) ||
	    !(s->previews = tb_path_join(s->state, "previews")))
		return TB_ENOMEM;
	if ((st = tb_mkdirs(ctx, s->applicants)) != TB_OK || (st = tb_mkdirs(ctx, s->bundles)) != TB_OK ||
	    (st = tb_mkdirs(ctx, s->tmp)) != TB_OK)
		return st;
	chmod(s->state, 0700);
	preview_cache_clear(s); /* made by another build, or before a font was installed */
	return TB_OK;
}

static void srv_free(srv *s)
{
	size_t i;
	if (!s)
		return;
	for (i = 0; i < s->npool; i++)
		tb_ctx_free(s->pool[i]);
	for (i = 0; i < s->nheavy; i++)
		tb_ctx_free(s->heavy_pool[i]);
	for (i = 0; i < SRV_LOCKS; i++)
		pthread_mutex_destroy(&s->locks[i]);
	pthread_mutex_destroy(&s->pool_lock);
	pthread_mutex_destroy(&s->create_lock);
	pthread_mutex_destroy(&s->flight_lock);
	pthread_cond_destroy(&s->flight_cond);
	pthread_mutex_destroy(&s->job.lock);
	sem_destroy(&s->heavy);
	free(s->job.report);
	free(s->data);
	free(s->applicants);
	free(s->batch);
	free(s->bundles);
	free(s->state);
	free(s->tmp);
	free(s->previews);
	free(s->datadir);
	free(s->program);
	free(s);
}

tb_status tb_serve_start(tb_ctx *ctx, const tb_serve_options *opts, tb_serve **out)
{
	srv *s;
	struct sockaddr_storage ss;
	socklen_t sl = 0;
	int loopback = 0, i;
	tb_status st;
	const union MHD_DaemonInfo *info;
	char host[64];

	if (!ctx || !opts || !out || opts->version != TB_SERVE_OPTIONS_VERSION || !opts->data_dir)
		return TB_EINVAL;
	*out = NULL;
	if (tb_lazylib_need(ctx, &tb_mhd_lib) != TB_OK)
		return TB_EUNSUPPORTED;
	if (!(s = calloc(1, sizeof *s)))
		return TB_ENOMEM;
	pthread_mutex_init(&s->pool_lock, NULL);
	pthread_mutex_init(&s->create_lock, NULL);
	pthread_mutex_init(&s->flight_lock, NULL);
	pthread_cond_init(&s->flight_cond, NULL);
	pthread_mutex_init(&s->job.lock, NULL);
	for (i = 0; i < SRV_LOCKS; i++)
		pthread_mutex_init(&s->locks[i], NULL);
	{
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);
		sem_init(&s->heavy, 0, (unsigned)(cpus > 0 && cpus < 64 ? cpus : 2));
	}
	s->epoch = tb_ctx_epoch(ctx);
	s->max_upload = opts->max_upload ? opts->max_upload : (50u << 20);
	if (!(s->datadir = strdup(tb_ctx_datadir(ctx))) ||
	    (opts->program && !(s->program = strdup(opts->program)))) {
		st = TB_ENOMEM;
		goto fail;
	}
	if ((st = parse_listen(ctx, opts->listen ? opts->listen : "127.0.0.1:8080", &ss, &sl,
	                       &loopback)) != TB_OK)
		goto fail;
	if ((st = make_dirs(ctx, s, opts->data_dir)) != TB_OK)
		goto fail;
	if ((st = auth_init(ctx, s, opts->password_file, loopback)) != TB_OK)
		goto fail;
	s->daemon = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION |
			(ss.ss_family == AF_INET6 ? MHD_USE_IPv6 : 0),
		0, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, s, MHD_OPTION_CONNECTION_LIMIT,
		(unsigned)(opts->max_connections ? opts->max_connections : 200),
		MHD_OPTION_CONNECTION_TIMEOUT, 120u, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
		(size_t)(256 * 1024), MHD_OPTION_THREAD_STACK_SIZE, (size_t)(8u << 20), MHD_OPTION_END);
	if (!s->daemon) {
		tb_error(ctx, "serve.listen", NULL, 0, 0,
		         N_("choose another port with --listen, or stop the program using it"),
		         N_("cannot listen on %s: %s"), opts->listen ? opts->listen : "127.0.0.1:8080",
		         strerror(errno));
		st = TB_EIO;
		goto fail;
	}
	info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? info->port : 0;
	if (ss.ss_family == AF_INET6) {
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, host, sizeof host);
		snprintf(s->url, sizeof s->url, "http://[%s]:%u/", host, s->port);
	} else {
		inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, host, sizeof host);
		snprintf(s->url, sizeof s->url, "http://%s:%u/", host, s->port);
	}
	*out = s;
	return TB_OK;
fail:
	srv_free(s);
	return st;
}

unsigned tb_serve_port(const tb_serve *s) { return s ? s->port : 0; }
const char *tb_serve_url(const tb_serve *s) { return s ? s->url : NULL; }

const char *tb_serve_office_password(const tb_serve *s)
{
	return s && s->generated_pw[0] ? s->generated_pw : NULL;
}

void tb_serve_stop(tb_serve *s)
{
	if (!s)
		return;
	if (s->daemon)
		MHD_stop_daemon(s->daemon);
	job_stop(s);
	srv_free(s);
}
