/* deflate.c: the context's libdeflate compressors (see deflate.h). */
#include "core/deflate.h"

#include <libdeflate.h>
#include <stdio.h>

#include "core/ctx.h"

static void deflater_free(void *c)
{
	libdeflate_free_compressor(c);
}

struct libdeflate_compressor *tb_deflater(tb_ctx *ctx, int level)
{
	char key[32];
	struct libdeflate_compressor *c;
	snprintf(key, sizeof key, "deflater-%d", level);
	if ((c = tb_ctx_cache_get(ctx, key)))
		return c;
	if (!(c = libdeflate_alloc_compressor(level)))
		return NULL;
	if (tb_ctx_cache_set(ctx, key, c, deflater_free) != TB_OK) {
		libdeflate_free_compressor(c);
		return NULL;
	}
	return c;
}
