/* gcrypt_load.h: libgcrypt, opened on first use (core/lazylib.h) for the digests (digest.c),
 * which a fill to DOCX never takes. Include this instead of <gcrypt.h>; the functions
 * below are then calls through the table (load it first: tb_lazylib_load(&tb_gcrypt_lib)). */
#ifndef TB_CORE_GCRYPT_LOAD_H
#define TB_CORE_GCRYPT_LOAD_H
#include <gcrypt.h>

#include "core/lazylib.h"

/* Every libgcrypt function tianbiao calls: a new one goes here and below. */
#define TB_GCRYPT_FUNCS(X)                                                                    \
	X(gcry_check_version) X(gcry_control) X(gcry_md_algo_info) X(gcry_md_open)               \
	X(gcry_md_write) X(gcry_md_read) X(gcry_md_close) X(gcry_md_hash_buffer)

enum {
#define X(f) TB_GCRYPT_##f,
	TB_GCRYPT_FUNCS(X)
#undef X
	TB_GCRYPT_N
};
extern tb_lazylib tb_gcrypt_lib;
extern void *tb_gcrypt_fn[TB_GCRYPT_N];

#define TB_GCRYPT_CALL(f) ((__typeof__(&f))tb_gcrypt_fn[TB_GCRYPT_##f])
#define gcry_check_version TB_GCRYPT_CALL(gcry_check_version)
#define gcry_control TB_GCRYPT_CALL(gcry_control)
#define gcry_md_algo_info TB_GCRYPT_CALL(gcry_md_algo_info)
#define gcry_md_open TB_GCRYPT_CALL(gcry_md_open)
#define gcry_md_write TB_GCRYPT_CALL(gcry_md_write)
#define gcry_md_read TB_GCRYPT_CALL(gcry_md_read)
#define gcry_md_close TB_GCRYPT_CALL(gcry_md_close)
#define gcry_md_hash_buffer TB_GCRYPT_CALL(gcry_md_hash_buffer)

#endif
