/* mhd_load.h: libmicrohttpd, opened on first use (core/lazylib.h): only `serve` needs it, and
 * it brings gnutls and its dependencies with it. Include this instead of <microhttpd.h>; the
 * functions below are then calls through the table (tb_serve_start loads it). */
#ifndef TB_SERVE_MHD_LOAD_H
#define TB_SERVE_MHD_LOAD_H
#include <microhttpd.h>

#include "core/lazylib.h"

/* Every libmicrohttpd function tianbiao calls: a new one goes here and below. */
#define TB_MHD_FUNCS(X)                                                                       \
	X(MHD_add_response_header) X(MHD_create_post_processor)                                   \
	X(MHD_create_response_from_buffer) X(MHD_create_response_from_fd64)                      \
	X(MHD_destroy_post_processor) X(MHD_destroy_response) X(MHD_get_daemon_info)              \
	X(MHD_lookup_connection_value) X(MHD_post_process) X(MHD_queue_response)                  \
	X(MHD_start_daemon) X(MHD_stop_daemon)

enum {
#define X(f) TB_MHD_##f,
	TB_MHD_FUNCS(X)
#undef X
	TB_MHD_N
};
extern tb_lazylib tb_mhd_lib;
extern void *tb_mhd_fn[TB_MHD_N];

/* The function's own type, from libmicrohttpd's declaration (a name is not expanded again
 * inside its own macro, so &f below is the library's). */
#define TB_MHD_CALL(f) ((__typeof__(&f))tb_mhd_fn[TB_MHD_##f])
#define MHD_add_response_header TB_MHD_CALL(MHD_add_response_header)
#define MHD_create_post_processor TB_MHD_CALL(MHD_create_post_processor)
#define MHD_create_response_from_buffer TB_MHD_CALL(MHD_create_response_from_buffer)
#define MHD_create_response_from_fd64 TB_MHD_CALL(MHD_create_response_from_fd64)
#define MHD_destroy_post_processor TB_MHD_CALL(MHD_destroy_post_processor)
#define MHD_destroy_response TB_MHD_CALL(MHD_destroy_response)
#define MHD_get_daemon_info TB_MHD_CALL(MHD_get_daemon_info)
#define MHD_lookup_connection_value TB_MHD_CALL(MHD_lookup_connection_value)
#define MHD_post_process TB_MHD_CALL(MHD_post_process)
#define MHD_queue_response TB_MHD_CALL(MHD_queue_response)
#define MHD_start_daemon TB_MHD_CALL(MHD_start_daemon)
#define MHD_stop_daemon TB_MHD_CALL(MHD_stop_daemon)

#endif
