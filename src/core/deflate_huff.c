/* deflate_huff.c: zlib streams of Huffman-coded literals (deflate_huff.h). Each block of up
 * to 65,535 bytes gets its own code (RFC 1951 3.2.7, dynamic Huffman) built from the block's
 * byte counts, or is stored when coding would not shrink it. No matches are searched for:
 * the only work per byte is counting it and writing its code. */
#include <libdeflate.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/deflate_huff.h"

enum {
	BLOCK = 65535, /* the most a stored block holds, so any block can fall back to one */
	NLIT = 257,    /* bytes and end-of-block; no length codes */
	NCL = 19,      /* the code-length alphabet */
	MAXBITS = 15,  /* longest code deflate allows */
	MAXCLBITS = 7
};

/* The order in which a block header gives the code-length code's lengths. */
static const unsigned char cl_order[NCL] = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5,
                                            11, 4,  12, 3, 13, 2, 14, 1, 15};

typedef struct bitw {
	unsigned char *p;
	uint64_t acc; /* bits not yet written, the first in the lowest bit */
	unsigned n;   /* how many */
} bitw;

static void flush32(bitw *w)
{
	w->p[0] = (unsigned char)w->acc;
	w->p[1] = (unsigned char)(w->acc >> 8);
	w->p[2] = (unsigned char)(w->acc >> 16);
	w->p[3] = (unsigned char)(w->acc >> 24);
	w->p += 4;
	w->acc >>= 32;
	w->n -= 32;
}

/* Eight bytes of `v`, lowest first. */
static inline void store64le(unsigned char *o, uint64_t v)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	memcpy(o, &v, 8);
#else
	int k;
	for (k = 0; k < 8; k++)
		o[k] = (unsigned char)(v >> (8 * k));
#endif
}

static inline void put(bitw *w, uint32_t v, unsigned nbits)
{
	w->acc |= (uint64_t)v << w->n;
	w->n += nbits;
	if (w->n >= 32)
		flush32(w);
}

/* Out to the next byte boundary: the last byte's unused bits are zero. */
static void align(bitw *w)
{
	while (w->n > 0) {
		*w->p++ = (unsigned char)w->acc;
		w->acc >>= 8;
		w->n = w->n > 8 ? w->n - 8 : 0;
	}
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* Code lengths of at most `limit` bits for `nsym` symbols with counts `freq` (0: unused).
 * A Huffman tree by the two-queue method over leaves sorted by count; while it is too deep,
 * the counts are halved (keeping every used symbol) and it is built again, which ends, since
 * equal counts give a balanced tree. A lone symbol gets a partner, so the code is complete. */
static void code_lengths(const uint32_t *freq_in, unsigned nsym, unsigned limit, unsigned char *len)
{
	uint32_t freq[NLIT], w[2 * NLIT];
	uint64_t key[NLIT];
	uint16_t parent[2 * NLIT];
	unsigned char depth[2 * NLIT];
	unsigned m, s, i, j, k, maxd;
	memcpy(freq, freq_in, nsym * sizeof freq[0]);
	for (;;) {
		memset(len, 0, nsym);
		for (s = 0, m = 0; s < nsym; s++)
			if (freq[s])
				key[m++] = (uint64_t)freq[s] << 16 | s;
		if (m == 0)
			return;
		if (m == 1) {
			s = (unsigned)(key[0] & 0xffff);
			len[s] = 1;
			len[s == 0 ? 1 : 0] = 1;
			return;
		}
		qsort(key, m, sizeof key[0], cmp_u64);
		for (i = 0; i < m; i++)
			w[i] = (uint32_t)(key[i] >> 16);
		/* Internal nodes are made in order of weight, so the smallest two are always at the
		 * heads of the two queues: leaves i.., internal nodes j..k. */
		for (i = 0, j = m, k = m; k < 2 * m - 1; k++) {
			unsigned a, b;
			a = (i < m && (j >= k || w[i] <= w[j])) ? i++ : j++;
			b = (i < m && (j >= k || w[i] <= w[j])) ? i++ : j++;
			w[k] = w[a] + w[b];
			parent[a] = parent[b] = (uint16_t)k;
		}
		depth[2 * m - 2] = 0;
		maxd = 0;
		for (k = 2 * m - 2; k-- > 0;) {
			depth[k] = (unsigned char)(depth[parent[k]] + 1);
			if (k < m && depth[k] > maxd)
				maxd = depth[k];
		}
		if (maxd <= limit) {
			for (i = 0; i < m; i++)
				len[key[i] & 0xffff] = depth[i];
			return;
		}
		for (s = 0; s < nsym; s++)
			if (freq[s])
				freq[s] = freq[s] / 2 + 1;
	}
}

/* Canonical codes for the lengths (RFC 1951 3.2.2), bit-reversed: deflate writes a code's
 * first bit first, into the low end of the byte. */
static void codes(const unsigned char *len, unsigned nsym, uint16_t *code)
{
	unsigned count[MAXBITS + 1] = {0}, next[MAXBITS + 1];
	unsigned s, b, c = 0;
	for (s = 0; s < nsym; s++)
		count[len[s]]++;
	count[0] = 0;
	for (b = 1; b <= MAXBITS; b++) {
		c = (c + count[b - 1]) << 1;
		next[b] = c;
	}
	for (s = 0; s < nsym; s++) {
		unsigned v, r = 0, l = len[s];
		if (!l)
			continue;
		v = next[l]++;
		for (b = 0; b < l; b++)
			r |= ((v >> b) & 1u) << (l - 1 - b);
		code[s] = (uint16_t)r;
	}
}

/* How often each byte value occurs, added to `freq`. Four tables: a run of one value would
 * otherwise make each increment wait for the one before it. */
static void count_bytes(const unsigned char *p, size_t n, uint32_t *freq)
{
	uint32_t c[4][256];
	size_t i;
	unsigned v;
	memset(c, 0, sizeof c);
	for (i = 0; i + 4 <= n; i += 4) {
		c[0][p[i]]++;
		c[1][p[i + 1]]++;
		c[2][p[i + 2]]++;
		c[3][p[i + 3]]++;
	}
	for (; i < n; i++)
		c[0][p[i]]++;
	for (v = 0; v < 256; v++)
		freq[v] += c[0][v] + c[1][v] + c[2][v] + c[3][v];
}

/* One block of `n` (1..BLOCK) bytes; false when it would not fit in the `room` bytes left. */
static bool put_block(bitw *w, const unsigned char *p, size_t n, bool final, size_t room)
{
	uint32_t freq[NLIT] = {0}, clfreq[NCL] = {0}, table[256];
	unsigned char len[NLIT + 2], cllen[NCL];
	uint16_t code[NLIT] = {0}, clcode[NCL] = {0};
	uint64_t bits, stored;
	unsigned hclen, s;
	size_t i;
	count_bytes(p, n, freq);
	freq[256] = 1;
	code_lengths(freq, NLIT, MAXBITS, len);
	len[NLIT] = len[NLIT + 1] = 1; /* two distance codes, never used: a complete code */
	for (s = 0; s < NLIT + 2; s++)
		clfreq[len[s]]++;
	code_lengths(clfreq, NCL, MAXCLBITS, cllen);
	for (hclen = NCL; hclen > 4 && !cllen[cl_order[hclen - 1]]; hclen--)
		;
	bits = 3 + 5 + 5 + 4 + 3 * hclen;
	for (s = 0; s < NLIT + 2; s++)
		bits += cllen[len[s]];
	for (s = 0; s < NLIT; s++)
		bits += (uint64_t)freq[s] * len[s];
	stored = ((w->n + 3 + 7) / 8) * 8 - w->n + 32 + 8 * (uint64_t)n;
	if (bits >= stored) {
		if ((uint64_t)room * 8 < w->n + stored)
			return false;
		put(w, final, 3); /* BTYPE 00 */
		align(w);
		put(w, (uint32_t)n, 16);
		put(w, (uint32_t)n ^ 0xffffu, 16);
		memcpy(w->p, p, n);
		w->p += n;
		return true;
	}
	if ((uint64_t)room * 8 < w->n + bits)
		return false;
	codes(len, NLIT, code);
	codes(cllen, NCL, clcode);
	put(w, final | 2u << 1, 3); /* BTYPE 10: dynamic codes */
	put(w, NLIT - 257, 5);
	put(w, 2 - 1, 5);
	put(w, hclen - 4, 4);
	for (s = 0; s < hclen; s++)
		put(w, cllen[cl_order[s]], 3);
	for (s = 0; s < NLIT + 2; s++)
		put(w, clcode[len[s]], cllen[len[s]]);
	for (s = 0; s < 256; s++)
		table[s] = (uint32_t)code[s] | (uint32_t)len[s] << 16;
	/* The writer's state is kept in locals: through `w`, the compiler stored it back at
	 * every byte, since the output bytes might alias it. */
	i = 0;
	if ((uint64_t)room * 8 >= w->n + bits + 64) {
		/* Room for a whole word past the block's end: after each three codes (at most 45
		 * bits beside the fewer than 8 waiting) the word is stored whole and the pointer
		 * moves by the bytes completed, without a branch to mispredict. */
		uint64_t acc = w->acc;
		unsigned nb = w->n;
		unsigned char *o = w->p;
		store64le(o, acc);
		o += nb >> 3;
		acc >>= nb & 56;
		nb &= 7;
		for (; i + 3 <= n; i += 3) {
			uint32_t a = table[p[i]], b = table[p[i + 1]], c = table[p[i + 2]];
			acc |= (uint64_t)(a & 0xffff) << nb;
			nb += a >> 16;
			acc |= (uint64_t)(b & 0xffff) << nb;
			nb += b >> 16;
			acc |= (uint64_t)(c & 0xffff) << nb;
			nb += c >> 16;
			store64le(o, acc);
			o += nb >> 3;
			acc >>= nb & 56;
			nb &= 7;
		}
		w->acc = acc;
		w->n = nb;
		w->p = o;
	} else {
		/* Two codes of at most 15 bits each fit beside the fewer than 32 bits waiting. */
		uint64_t acc = w->acc;
		unsigned nb = w->n;
		unsigned char *o = w->p;
		for (; i + 2 <= n; i += 2) {
			uint32_t a = table[p[i]], b = table[p[i + 1]];
			acc |= (uint64_t)(a & 0xffff) << nb;
			nb += a >> 16;
			acc |= (uint64_t)(b & 0xffff) << nb;
			nb += b >> 16;
			if (nb >= 32) {
				o[0] = (unsigned char)acc;
				o[1] = (unsigned char)(acc >> 8);
				o[2] = (unsigned char)(acc >> 16);
				o[3] = (unsigned char)(acc >> 24);
				o += 4;
				acc >>= 32;
				nb -= 32;
			}
		}
		w->acc = acc;
		w->n = nb;
		w->p = o;
	}
	for (; i < n; i++)
		put(w, table[p[i]] & 0xffff, table[p[i]] >> 16);
	put(w, code[256], len[256]);
	return true;
}

size_t tb_zlib_huff_bound(size_t n)
{
	/* header, the stored blocks' 5 bytes each and a byte of bits before one, Adler-32 */
	return 2 + n + 6 * (n / BLOCK + 1) + 4;
}

size_t tb_zlib_huff_compress(const void *in, size_t n, void *out, size_t cap)
{
	const unsigned char *p = in;
	unsigned char *o = out;
	bitw w = {o + 2, 0, 0};
	uint32_t adler;
	size_t off = 0;
	if (cap < 2 + 2 + 4)
		return 0;
	o[0] = 0x78; /* deflate, 32 KiB window */
	o[1] = 0x01; /* fastest; (0x78 << 8 | 0x01) % 31 == 0 */
	if (n == 0) {
		put(&w, 1 | 1u << 1, 3); /* a final block of fixed codes: end-of-block alone */
		put(&w, 0, 7);
	}
	while (off < n) {
		size_t len = n - off < BLOCK ? n - off : BLOCK;
		size_t used = (size_t)(w.p - o);
		if (used + 4 > cap || !put_block(&w, p + off, len, off + len == n, cap - used - 4))
			return 0;
		off += len;
	}
	align(&w);
	if ((size_t)(w.p - o) + 4 > cap)
		return 0;
	adler = libdeflate_adler32(1, in, n);
	w.p[0] = (unsigned char)(adler >> 24);
	w.p[1] = (unsigned char)(adler >> 16);
	w.p[2] = (unsigned char)(adler >> 8);
	w.p[3] = (unsigned char)adler;
	return (size_t)(w.p + 4 - o);
}
