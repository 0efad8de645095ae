/* deflate_huff.h: a zlib stream (RFC 1950/1951) of Huffman-coded literals only, no LZ77
 * matches: what zlib calls Z_HUFFMAN_ONLY. For data with few repeats, where searching for
 * matches costs the time and saves almost nothing: CFF charstrings, which libdeflate's
 * fastest level takes to 81% of their size and Huffman coding alone to 83%, in a seventh
 * of the time (issue 16). */
#ifndef TB_CORE_DEFLATE_HUFF_H
#define TB_CORE_DEFLATE_HUFF_H
#include <stddef.h>

/* The most bytes tb_zlib_huff_compress can write for `n` bytes of input. */
size_t tb_zlib_huff_bound(size_t n);
/* Compress `n` bytes of `in` into `out` (`cap` bytes) as a zlib stream; its length, or 0
 * when `cap` is too small (tb_zlib_huff_bound(n) is always enough). Blocks that Huffman
 * coding would not shrink are stored. Same input, same bytes out. */
size_t tb_zlib_huff_compress(const void *in, size_t n, void *out, size_t cap);

#endif
