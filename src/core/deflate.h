/* deflate.h: the context's libdeflate compressors, one per level, made on first use and kept
 * with the context. A compressor's tables are large (about a megabyte at the higher levels):
 * made per stream or per document, they were mapped and unmapped again and again (twice the
 * system time of a batch, issue 16). For PDF streams, font programs and ZIP entries alike. */
#ifndef TB_CORE_DEFLATE_H
#define TB_CORE_DEFLATE_H
#include "tianbiao/tb_core.h"

struct libdeflate_compressor;

/* The compressor for `level` (1..12, libdeflate's); NULL when out of memory. Owned by the
 * context: the caller does not free it. One thread's, as the context is. */
struct libdeflate_compressor *tb_deflater(tb_ctx *ctx, int level);

#endif
