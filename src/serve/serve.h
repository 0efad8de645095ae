/* serve.h: the web front end's internals, shared by the server core and the pages. */
#ifndef TB_SERVE_SERVE_H
#define TB_SERVE_SERVE_H

#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <libxml/tree.h>

#include "core/buf.h"
#include "serve/mhd_load.h"
#include "tianbiao/tb_core.h"
#include "tianbiao/tb_evidence.h"
#include "tianbiao/tb_fill.h"
#include "tianbiao/tb_pack.h"
#include "tianbiao/tb_program.h"
#include "tianbiao/tb_render.h"
#include "tianbiao/tb_report.h"
#include "tianbiao/tb_score.h"
#include "tianbiao/tb_serve.h"

#define SRV_MAX_FIELDS 20000          /* form fields in one POST */
#define SRV_MAX_FIELD_BYTES (1u << 20) /* one field's value */
#define SRV_MAX_FORM_BYTES (8u << 20)  /* all fields of one POST (files aside) */
#define SRV_MAX_FILES 8                /* files in one POST */
#define SRV_HTML_MAX (16u << 20)
#define SRV_LOCKS 64
#define SRV_FLIGHTS 128    /* previews being made at once (one per applicant and kind) */
#define SRV_FLIGHT_KEY 24  /* "<id>/<kind>" */

/* The office's batch, run in a thread of its own while the pages show its progress. */
typedef struct srv_job {
	pthread_mutex_t lock;
	pthread_t thread;
	int started, running, joined;
	size_t done, total;
	tb_status status;
	tb_batch_result res;
	char *report; /* diagnostics, as text for the page */
	int allow_over_quota;
} srv_job;

struct tb_serve {
	struct MHD_Daemon *daemon;
	char *data, *applicants, *batch, *bundles, *state, *tmp;
	char *previews;    /* DATA/.serve/previews/<id>/<kind>-<key>.pdf (preview.c) */
	char *datadir;     /* tianbiao's data (programs, templates) for request contexts */
	long long epoch;
	char *program;     /* default program of new applicants, or NULL */
	char url[128];
	unsigned port;
	unsigned char secret[32]; /* signs sessions and CSRF tokens; DATA/.serve/secret */
	unsigned char office_pw[32]; /* HMAC of the office password */
	char generated_pw[40];
	uint64_t max_upload;
	pthread_mutex_t pool_lock;
	tb_ctx *pool[64];     /* warm contexts of light requests (programs and schemas loaded) */
	size_t npool;
	tb_ctx *heavy_pool[64]; /* one context per render slot, kept for good: fonts stay loaded */
	size_t nheavy;
	pthread_mutex_t locks[SRV_LOCKS]; /* one applicant's read-modify-write at a time */
	pthread_mutex_t create_lock;
	sem_t heavy;      /* renders and packages at once: one per processor */
	pthread_mutex_t flight_lock;
	pthread_cond_t flight_cond;
	char flight[SRV_FLIGHTS][SRV_FLIGHT_KEY]; /* previews being made */
	size_t nflight;
	srv_job job;
};
typedef struct tb_serve srv;

typedef struct srv_field {
	char *name, *value;
	size_t len;
} srv_field;

typedef struct srv_file {
	char *field, *filename, *tmp;
	int fd;
	uint64_t size;
} srv_file;

typedef enum srv_role { ROLE_PUBLIC = 0, ROLE_APPLICANT, ROLE_OFFICE } srv_role;

typedef struct srv_req srv_req;
typedef void (*srv_handler)(srv_req *r);

typedef struct srv_route {
	const char *method;
	const char *pattern; /* '%' is an applicant id, a final '*' any rest */
	srv_role role;
	int upload;          /* accepts multipart files */
	srv_handler fn;
} srv_route;

struct srv_req {
	srv *s;
	struct MHD_Connection *conn;
	const char *method, *url;
	const srv_route *route;
	char id[16];          /* applicant id from the path, or "" */
	const char *rest;     /* path after the matched prefix */
	char lang[8];
	char anon[65];        /* the visitor cookie the CSRF token is bound to */
	int set_anon;
	char csrf[65];
	int office;           /* a valid office session */
	int applicant;        /* a valid key for `id` */
	tb_ctx *ctx;
	/* POST body */
	struct MHD_PostProcessor *pp;
	srv_field *fields;
	size_t nfields, form_bytes;
	srv_file files[SRV_MAX_FILES];
	size_t nfiles;
	int body_status;      /* 400 or 413 when the body was refused */
	const char *body_error;
	int responded;
	/* response */
	int status;
	tb_buf out;
	const char *ctype;
	char *headers[8];
	size_t nheaders;
	int fd;               /* a file to send instead of out */
	uint64_t fd_size;
};

/* ---- server.c ---- */
tb_ctx *srv_ctx_get(srv *s);
void srv_ctx_put(srv *s, tb_ctx *ctx);
/* Renders and packages: wait for a slot (one per processor) and get that slot's context,
 * whose fonts and templates stay loaded from one render to the next. srv_heavy_end copies
 * its diagnostics into `into` (the request's context) and frees the slot. */
tb_ctx *srv_heavy_begin(srv *s);
void srv_heavy_end(srv *s, tb_ctx *heavy, tb_ctx *into);
pthread_mutex_t *srv_lock_for(srv *s, const char *id);

/* ---- http.c: requests and responses ---- */
const char *req_arg(srv_req *r, const char *name);         /* query string */
const char *req_field(srv_req *r, const char *name);       /* POST field (first), or NULL */
size_t req_field_all(srv_req *r, const char *name, const char **out, size_t max);
const char *req_cookie(srv_req *r, const char *name);
const char *req_header(srv_req *r, const char *name);
srv_file *req_file(srv_req *r, const char *field);
void resp_header(srv_req *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void resp_redirect(srv_req *r, const char *location);
/* Send a file (deleted after opening when `unlink_after`); name: download name or NULL. */
void resp_file(srv_req *r, const char *path, const char *ctype, const char *name, int unlink_after);
void resp_error(srv_req *r, int status, const char *message);
/* The request context's diagnostics as an error page. */
void resp_diags(srv_req *r, int status, const char *title, const char *back);
enum MHD_Result http_post_iterator(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *filename, const char *content_type,
                                   const char *transfer_encoding, const char *data, uint64_t off,
                                   size_t size);
void http_req_free(srv_req *r);

/* ---- auth.c ---- */
tb_status auth_init(tb_ctx *ctx, srv *s, const char *password_file, int loopback);
void auth_random_hex(char *out, size_t bytes); /* 2*bytes hex digits + NUL */
void auth_hmac_hex(const srv *s, const char *a, const char *b, char out[65]);
int auth_equal(const char *a, const char *b);
int auth_office_password(const srv *s, const char *pw);
void auth_office_cookie(srv *s, char *out, size_t cap); /* a new session value */
int auth_office_valid(const srv *s, const char *cookie);
/* An applicant's key: made and stored (as a digest) when the applicant is created. */
tb_status auth_applicant_new_key(tb_ctx *ctx, srv *s, const char *id, char key[65]);
int auth_applicant_valid(const srv *s, const char *id, const char *key);

/* ---- html.c ---- */
void h_raw(tb_buf *b, const char *s);
void h_text(tb_buf *b, const char *s);   /* escaped */
void h_fmt(tb_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3))); /* raw */
/* The page around `body`: header with the role's navigation, language switch, footer. */
void page_send(srv_req *r, const char *title, tb_buf *body);
void h_csrf(srv_req *r, tb_buf *b);      /* hidden input */
const char *asset_find(const char *name, size_t *len);

/* ---- store.c: the data folder ---- */
int store_valid_id(const char *id);
char *store_applicant_dir(const srv *s, const char *id);
char *store_evidence_path(const srv *s, const char *id);
/* A path `name` in a fresh private folder under the temporary area; done removes both. */
char *store_tmp_path(srv *s, const char *name);
void store_tmp_done(char *p);
/* A new applicant folder with the program's skeleton; *id receives its name. */
tb_status store_create(tb_ctx *ctx, srv *s, const char *program, char id[16]);
tb_status store_list(tb_ctx *ctx, const srv *s, char ***ids, size_t *n);
char *store_default_program(tb_ctx *ctx, const srv *s);
/* rm -r (bounded depth; symbolic links removed, not followed). */
void store_remove_tree(const char *path, int depth);
/* A folder in DATA/.serve/tmp (same file system as the applicants: renamed into place) to
 * build an applicant in before it is put in place. */
char *store_staging_dir(tb_ctx *ctx, const srv *s);
/* Put a staged folder in place: as applicant `replace` (the old folder removed) or as a new
 * applicant of `year`; *id receives its name. */
tb_status store_install(tb_ctx *ctx, srv *s, const char *staging, int year, const char *replace,
                        char id[16]);
/* Packages taken in: the ZIP kept (moved from `zip`) with the applicant's name and the
 * package's file name; looked up by applicant name. */
tb_status store_intake_record(tb_ctx *ctx, const srv *s, const char *id, const char *zip,
                              const char *applicant, const char *filename);
char *store_intake_info(tb_ctx *ctx, const srv *s, const char *id, int field);
void store_intake_find(tb_ctx *ctx, const srv *s, const char *applicant, char id[16]);
/* Whether the applicant saved the form once (then every problem is marked on the form). */
int store_saved(const srv *s, const char *id);
void store_mark_saved(const srv *s, const char *id);

/* ---- preview.c ---- */
void preview_cache_clear(const srv *s);

/* ---- pages ---- */
void page_home(srv_req *r);
void page_lang(srv_req *r);
void page_static(srv_req *r);
void page_new(srv_req *r);
void page_form(srv_req *r);
void page_save(srv_req *r);
void page_attach(srv_req *r);
void page_detach(srv_req *r);
void page_attachment(srv_req *r);
void page_preview(srv_req *r);
void page_package(srv_req *r);
void page_evidence_xml(srv_req *r);
void page_office(srv_req *r);
void page_office_login(srv_req *r);
void page_office_logout(srv_req *r);
void page_office_link(srv_req *r);
void page_batch_start(srv_req *r);
void page_batch(srv_req *r);
void page_batch_json(srv_req *r);
void page_batch_file(srv_req *r);
void page_export(srv_req *r);
void page_import(srv_req *r);
void page_intake(srv_req *r);
void page_archive(srv_req *r);
void page_archive_build(srv_req *r);
void page_bundle(srv_req *r);
void job_stop(srv *s);

#endif
