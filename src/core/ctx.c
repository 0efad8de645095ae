/* ctx.c: the context: settings, per-process caches, the data directory. */
#include "core/ctx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/buf.h"
#include "core/diag_list.h"

typedef struct cache_slot {
	char *key;
	void *value;
	void (*free_fn)(void *);
} cache_slot;

struct tb_ctx {
	char *datadir;
	long long epoch;
	tb_diag_list diags;
	tb_diag_list *capture; /* also receives every diagnostic, while set */
	cache_slot *caches;
	size_t ncaches;
	int one_document; /* tb_ctx_set_one_document */
};

const char *tb_strerror(tb_status st)
{
	switch (st) {
	case TB_OK: return "success";
	case TB_ERROR: return "invalid input";
	case TB_ENOMEM: return "out of memory";
	case TB_EIO: return "input/output error";
	case TB_EINVAL: return "invalid argument";
	case TB_ELIMIT: return "limit exceeded";
	case TB_ENOTFOUND: return "not found";
	case TB_EUNSUPPORTED: return "not supported";
	case TB_ECANCELED: return "canceled";
	}
	return "unknown status";
}

static int is_dir(const char *p)
{
	struct stat st;
	return p && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The data directory holds templates/programs; prefer the environment, then the install,
 * then the current directory (a source checkout). No path of the build machine is compiled
 * in: tests and uninstalled runs say where the data is with TIANBIAO_DATADIR. */
static char *default_datadir(void)
{
	const char *env = getenv("TIANBIAO_DATADIR");

	if (env && *env)
		return strdup(env);
#ifdef TB_INSTALL_DATADIR
	if (is_dir(TB_INSTALL_DATADIR "/templates/programs"))
		return strdup(TB_INSTALL_DATADIR);
#endif
	return strdup(".");
}

tb_status tb_ctx_new(tb_ctx **out)
{
	tb_ctx *ctx;
	const char *sde;

	*out = NULL;
	ctx = calloc(1, sizeof *ctx);
	if (!ctx)
		return TB_ENOMEM;
	ctx->datadir = default_datadir();
	if (!ctx->datadir) {
		free(ctx);
		return TB_ENOMEM;
	}
	sde = getenv("SOURCE_DATE_EPOCH");
	if (sde && *sde)
		ctx->epoch = strtoll(sde, NULL, 10);
	*out = ctx;
	return TB_OK;
}

tb_status tb_ctx_new_like(const tb_ctx *parent, tb_ctx **out)
{
	tb_ctx *t = NULL;
	*out = NULL;
	if (tb_ctx_new(&t) != TB_OK || tb_ctx_set_datadir(t, parent->datadir) != TB_OK) {
		tb_ctx_free(t);
		return TB_ENOMEM;
	}
	t->epoch = parent->epoch;
	*out = t;
	return TB_OK;
}

void tb_ctx_free(tb_ctx *ctx)
{
	size_t i;

	if (!ctx)
		return;
	/* Later caches may refer to earlier ones: free in reverse order. */
	for (i = ctx->ncaches; i-- > 0;) {
		if (ctx->caches[i].free_fn)
			ctx->caches[i].free_fn(ctx->caches[i].value);
		free(ctx->caches[i].key);
	}
	free(ctx->caches);
	tb_diag_list_free(&ctx->diags);
	free(ctx->datadir);
	free(ctx);
}

tb_status tb_ctx_set_datadir(tb_ctx *ctx, const char *dir)
{
	char *d = strdup(dir);
	if (!d)
		return TB_ENOMEM;
	free(ctx->datadir);
	ctx->datadir = d;
	return TB_OK;
}

const char *tb_ctx_datadir(const tb_ctx *ctx)
{
	return ctx->datadir;
}

void tb_ctx_set_epoch(tb_ctx *ctx, long long epoch)
{
	ctx->epoch = epoch;
}

long long tb_ctx_epoch(const tb_ctx *ctx)
{
	return ctx->epoch;
}

void tb_ctx_set_one_document(tb_ctx *ctx, int one)
{
	ctx->one_document = one != 0;
}

int tb_ctx_one_document(const tb_ctx *ctx)
{
	return ctx->one_document;
}

char *tb_ctx_data_path(const tb_ctx *ctx, const char *rel)
{
	tb_buf b = TB_BUF_INIT;
	if (tb_buf_printf(&b, "%s/%s", ctx->datadir, rel)) {
		tb_buf_free(&b);
		return NULL;
	}
	return tb_buf_detach(&b, NULL);
}

void *tb_ctx_cache_get(const tb_ctx *ctx, const char *key)
{
	size_t i;
	for (i = 0; i < ctx->ncaches; i++)
		if (strcmp(ctx->caches[i].key, key) == 0)
			return ctx->caches[i].value;
	return NULL;
}

tb_status tb_ctx_cache_set(tb_ctx *ctx, const char *key, void *value, void (*free_fn)(void *))
{
	cache_slot *n;
	size_t i;

	for (i = 0; i < ctx->ncaches; i++) {
		if (strcmp(ctx->caches[i].key, key) == 0) {
			if (ctx->caches[i].free_fn && ctx->caches[i].value != value)
				ctx->caches[i].free_fn(ctx->caches[i].value);
			ctx->caches[i].value = value;
			ctx->caches[i].free_fn = free_fn;
			return TB_OK;
		}
	}
	n = realloc(ctx->caches, (ctx->ncaches + 1) * sizeof *n);
	if (!n)
		return TB_ENOMEM;
	ctx->caches = n;
	n[ctx->ncaches].key = strdup(key);
	if (!n[ctx->ncaches].key)
		return TB_ENOMEM;
	n[ctx->ncaches].value = value;
	n[ctx->ncaches].free_fn = free_fn;
	ctx->ncaches++;
	return TB_OK;
}

/* The diagnostics list lives in the context; diag.c works on it through this accessor. */
tb_diag_list *tb_ctx_diags(tb_ctx *ctx);
tb_diag_list *tb_ctx_diags(tb_ctx *ctx)
{
	return &ctx->diags;
}

tb_diag_list **tb_ctx_capture(tb_ctx *ctx);
tb_diag_list **tb_ctx_capture(tb_ctx *ctx)
{
	return &ctx->capture;
}
