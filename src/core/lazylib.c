/* lazylib.c: dlopen on first use (lazylib.h). */
#include "core/lazylib.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

#include "core/ctx.h"
#include "core/i18n.h"

/* One lock for every library: loading happens a few times per process at most. pthread_once
 * would need one once-function per library; the lock and an acquire load of `state` give the
 * same guarantee (every slot is written before state says loaded). */
static pthread_mutex_t load_lock = PTHREAD_MUTEX_INITIALIZER;

static int open_lib(tb_lazylib *lib)
{
	void *h;
	size_t i;
	/* RTLD_LOCAL: its symbols stay out of the global scope, as with a linked library that
	 * nothing else names. RTLD_NOW: a missing function fails here, not in the middle of a
	 * request. */
	if (!(h = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL))) {
		const char *e = dlerror();
		snprintf(lib->why, sizeof lib->why, "%s", e ? e : "dlopen failed");
		return -1;
	}
	for (i = 0; i < lib->n; i++) {
		dlerror();
		if (!(lib->slots[i] = dlsym(h, lib->names[i]))) {
			const char *e = dlerror();
			snprintf(lib->why, sizeof lib->why, "%s", e ? e : lib->names[i]);
			/* Kept open: its slots are cleared, and a library that ran constructors is not
			 * safely unloaded. */
			for (i = 0; i < lib->n; i++)
				lib->slots[i] = NULL;
			return -1;
		}
	}
	return 1; /* never closed: its functions are used until the process ends */
}

tb_status tb_lazylib_load(tb_lazylib *lib)
{
	int s = __atomic_load_n(&lib->state, __ATOMIC_ACQUIRE);
	if (!s) {
		pthread_mutex_lock(&load_lock);
		if (!(s = lib->state)) {
			s = open_lib(lib);
			__atomic_store_n(&lib->state, s, __ATOMIC_RELEASE);
		}
		pthread_mutex_unlock(&load_lock);
	}
	return s > 0 ? TB_OK : TB_EUNSUPPORTED;
}

void tb_lazylib_report(tb_ctx *ctx, const tb_lazylib *lib)
{
	tb_error(ctx, lib->code, NULL, 0, 0,
	         N_("only this feature needs the library: the rest of tianbiao works without it"),
	         N_("%s cannot be loaded (%s): install %s"), lib->soname, lib->why, lib->package);
}

tb_status tb_lazylib_need(tb_ctx *ctx, tb_lazylib *lib)
{
	tb_status st = tb_lazylib_load(lib);
	if (st != TB_OK)
		tb_lazylib_report(ctx, lib);
	return st;
}
