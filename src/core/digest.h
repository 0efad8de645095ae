/* digest.h: SHA-256, SHA-512 and SM3 (GB/T 32905) digests as lower-case hex. */
#ifndef TB_CORE_DIGEST_H
#define TB_CORE_DIGEST_H
#include <stddef.h>
#include "tianbiao/tb_core.h"

typedef enum tb_digest_alg { TB_SHA256, TB_SHA512, TB_SM3 } tb_digest_alg;
#define TB_DIGEST_HEX_MAX 129

const char *tb_digest_name(tb_digest_alg alg); /* "sha256", "sha512", "sm3" */
TB_NODISCARD tb_status tb_digest_mem(tb_digest_alg alg, const void *data, size_t len, char hex[TB_DIGEST_HEX_MAX]);
/* Streams the file; errors recorded as io.read. */
TB_NODISCARD tb_status tb_digest_file(tb_ctx *ctx, tb_digest_alg alg, const char *path,
                         char hex[TB_DIGEST_HEX_MAX]);
/* The n (at most 4) digests algs[] of a file read once, into hex[], and its size in bytes
 * (size may be NULL): a package's SHA-256 and SM3 without reading it twice. */
TB_NODISCARD tb_status tb_digest_file_each(tb_ctx *ctx, const char *path, size_t n,
                                           const tb_digest_alg *algs,
                                           char (*hex)[TB_DIGEST_HEX_MAX], size_t *size);

/* Streaming: begin (NULL when out of memory), update any number of times, end (frees; with
 * hex NULL it only frees). */
typedef struct tb_digest_stream tb_digest_stream;
tb_digest_stream *tb_digest_begin(tb_digest_alg alg);
void tb_digest_update(tb_digest_stream *d, const void *data, size_t len);
tb_status tb_digest_end(tb_digest_stream *d, char hex[TB_DIGEST_HEX_MAX]);

#endif
