/* test_deflate_huff.c: the Huffman-only zlib streams (core/deflate_huff.h) as two other
 * inflaters read them: zlib's and libdeflate's, both of which refuse over-subscribed or
 * incomplete codes, a missing end-of-block code, a bad stored length and a wrong Adler-32.
 * Inputs cross the 65,535-byte block boundary, have one symbol or all 256, counts skewed
 * enough that a plain Huffman code would need more than 15 bits, and random bytes (stored). */
#include <libdeflate.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "check.h"
#include "core/deflate_huff.h"

enum { NCASES = 11 };

static unsigned rnd(unsigned *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return *seed >> 16;
}

/* Input number i and its length. */
static unsigned char *input(int i, size_t *len)
{
	static const size_t lens[NCASES] = {0,      1,      2,      65535,  65536, 65537,
	                                    300000, 200000, 131070, 100000, 70000};
	unsigned char *b;
	unsigned seed = 777u + (unsigned)i;
	size_t n;
	*len = lens[i];
	b = malloc(*len + 1);
	if (!b)
		return NULL;
	for (n = 0; n < *len; n++) {
		switch (i) {
		case 6: /* random: incompressible */
			b[n] = (unsigned char)rnd(&seed);
			break;
		case 7: /* one byte value throughout */
			b[n] = 'A';
			break;
		case 8: { /* counts ~ Fibonacci over 26 values: a deepest code of 25 bits unlimited */
			static const unsigned fib[26] = {1,    1,    2,    3,     5,     8,     13,
			                                 21,   34,   55,   89,    144,   233,   377,
			                                 610,  987,  1597, 2584,  4181,  6765,  10946,
			                                 17711, 28657, 46368, 75025, 121393};
			unsigned r = rnd(&seed) % 317810u, k = 0, acc = 0;
			while (k < 25 && r >= acc + fib[k]) {
				acc += fib[k];
				k++;
			}
			b[n] = (unsigned char)('a' + k);
			break;
		}
		case 9: /* charstring-like: mostly small operands and operators */
			b[n] = (unsigned char)(rnd(&seed) % 4 ? 139 + rnd(&seed) % 40 : rnd(&seed) % 32);
			break;
		case 10: /* every byte value, evenly */
			b[n] = (unsigned char)n;
			break;
		default: /* text */
			b[n] = (unsigned char)("申报推荐表 <w:t>科普</w:t> 0123456789\n"[n % 44]);
		}
	}
	return b;
}

/* Bytes needed at the order-0 entropy of the data: the least any code of single bytes gives. */
static double entropy_bytes(const unsigned char *p, size_t n)
{
	double count[256] = {0}, bits = 0;
	size_t i;
	for (i = 0; i < n; i++)
		count[p[i]]++;
	for (i = 0; i < 256; i++)
		if (count[i] > 0)
			bits -= count[i] * log2(count[i] / (double)n);
	return bits / 8;
}

/* Every input round-trips through zlib and libdeflate, within the bound. */
TEST(huffman_streams_inflate_in_zlib_and_libdeflate)
{
	struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
	int i;
	CHECK(d != NULL);
	for (i = 0; i < NCASES && d; i++) {
		size_t n, cap, zn, got = 0;
		unsigned char *in = input(i, &n), *z, *back;
		uLongf backlen = (uLongf)n;
		CHECK(in != NULL);
		if (!in)
			continue;
		cap = tb_zlib_huff_bound(n);
		z = malloc(cap);
		back = malloc(n + 1);
		CHECK(z && back);
		if (!z || !back) {
			free(in), free(z), free(back);
			continue;
		}
		zn = tb_zlib_huff_compress(in, n, z, cap);
		CHECK(zn > 0 && zn <= cap);
		CHECK_EQ_INT(uncompress(back, &backlen, z, (uLong)zn), Z_OK);
		CHECK_EQ_INT(backlen, n);
		CHECK(memcmp(back, in, n) == 0);
		memset(back, 0, n);
		CHECK_EQ_INT(libdeflate_zlib_decompress(d, z, zn, back, n, &got), LIBDEFLATE_SUCCESS);
		CHECK_EQ_INT(got, n);
		CHECK(memcmp(back, in, n) == 0);
		if (i == 6) /* random bytes are stored: a few bytes over */
			CHECK(zn <= n + 6 * (n / 65535 + 1) + 6);
		else if (i == 7) /* one symbol: a bit a byte */
			CHECK(zn <= n / 8 + 200);
		else if (n > 0) /* within 2% of the order-0 entropy, plus the blocks' headers */
			CHECK((double)zn <= entropy_bytes(in, n) * 1.02 + 200.0 * (double)(n / 65535 + 1));
		free(in);
		free(z);
		free(back);
	}
	libdeflate_free_decompressor(d);
}

/* One byte short of the stream's length is refused (0), never overrun; the exact length
 * gives the same stream again; two runs give the same bytes. */
TEST(huffman_streams_respect_capacity_and_repeat)
{
	int i;
	for (i = 0; i < NCASES; i++) {
		size_t n, cap, zn, zn2, zn3;
		unsigned char *in = input(i, &n), *z, *z2;
		if (!in)
			continue;
		cap = tb_zlib_huff_bound(n);
		z = malloc(cap);
		z2 = malloc(cap);
		CHECK(z && z2);
		if (z && z2) {
			zn = tb_zlib_huff_compress(in, n, z, cap);
			zn2 = tb_zlib_huff_compress(in, n, z2, zn);
			CHECK_EQ_INT(zn2, zn);
			CHECK(zn2 == zn && memcmp(z, z2, zn) == 0);
			/* a buffer of exactly zn - 1 bytes, so ASan sees any write past it */
			free(z2);
			z2 = malloc(zn - 1);
			CHECK(z2 != NULL);
			if (z2) {
				zn3 = tb_zlib_huff_compress(in, n, z2, zn - 1);
				CHECK_EQ_INT(zn3, 0);
			}
		}
		free(in);
		free(z);
		free(z2);
	}
}

int main(void)
{
	static const check_test tests[] = {
		{"huffman_streams_inflate_in_zlib_and_libdeflate",
		 huffman_streams_inflate_in_zlib_and_libdeflate},
		{"huffman_streams_respect_capacity_and_repeat", huffman_streams_respect_capacity_and_repeat},
	};
	return check_run(tests, sizeof tests / sizeof tests[0]);
}
