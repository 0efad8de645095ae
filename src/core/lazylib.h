/* lazylib.h: libraries only some commands need (libmicrohttpd for `serve`, libxlsxwriter for
 * XLSX sheets, libtiff for TIFF pictures), opened with dlopen the first time they are used.
 * Linked, they and what they pull in (gnutls, jpeg, webp, ...) were loaded and relocated by
 * every process, ~12 ms of a fresh `tianbiao fill` that never uses them (issue 16).
 *
 * Each such library has a private header in the module that uses it (serve/mhd_load.h,
 * sheet/xlsx_load.h, render/tiff_load.h): it includes the library's own header, lists the
 * functions used and redefines each name as a call through the table this module fills, so
 * call sites read as before. */
#ifndef TB_CORE_LAZYLIB_H
#define TB_CORE_LAZYLIB_H
#include <stddef.h>

#include "tianbiao/tb_core.h"

typedef struct tb_lazylib {
	/* What dlopen opens: the SONAME found at build time (CMakeLists.txt). Not const: a test
	 * points it at a library that does not exist, to see the failure reported. */
	const char *soname;
	const char *package;      /* what to install when it is missing (Debian's package name) */
	const char *code;         /* the error's code, e.g. "serve.no-library" */
	const char *const *names; /* the functions to resolve ... */
	void **slots;             /* ... and where their addresses go, in the same order */
	size_t n;
	int state;                /* 0 not tried yet, 1 loaded, -1 failed (not tried again) */
	char why[256];            /* dlerror() of the failure */
} tb_lazylib;

#define TB_LAZYLIB_INIT(soname, package, code, names, slots) \
	{(soname), (package), (code), (names), (slots), sizeof(names) / sizeof *(names), 0, ""}

/* The table a module's *_load.c defines: the slots `fn` (n of them), the names FUNCS lists
 * (an X-macro list, as the module's header has it) and the library `lib` over both. */
#define TB_LAZYLIB_NAME_(f) #f,
#define TB_LAZYLIB_DEFINE(lib, fn, n, FUNCS, soname, package, code)                            \
	void *fn[n];                                                                           \
	static const char *const lib##_names[] = {FUNCS(TB_LAZYLIB_NAME_)};                    \
	tb_lazylib lib = TB_LAZYLIB_INIT(soname, package, code, lib##_names, fn)

/* Open the library and resolve every function, once (thread-safe; a failure is final):
 * TB_OK, or TB_EUNSUPPORTED when the library or one of its functions is missing. */
TB_NODISCARD tb_status tb_lazylib_load(tb_lazylib *lib);
/* tb_lazylib_load, and on failure lib->code as an error in `ctx` (tb_lazylib_report). */
TB_NODISCARD tb_status tb_lazylib_need(tb_ctx *ctx, tb_lazylib *lib);
/* Record why the library could not be loaded (for callers that had no context at hand). */
void tb_lazylib_report(tb_ctx *ctx, const tb_lazylib *lib);

#endif
