/* pdf_image.c: check a PNG before libharu sees it. libharu 2.3.0's libpng error handler
 * returns instead of jumping, so libpng aborts the whole process on a damaged file; images
 * come from users' documents, so everything libpng would reject is refused here first:
 * chunk CRCs and order, header values, row filter types and the exact size of the inflated
 * image data. Interlaced PNGs are refused too (the hint asks for a plain one). */
#include <stdint.h>
#include <string.h>
#include <zlib.h>

#include "render/pdf_priv.h"

#define PNG_MAX_SIDE 20000u
#define PNG_MAX_RAW (512u << 20)

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static size_t raw_size(uint32_t w, uint32_t h, unsigned bpp, int interlaced)
{
	static const unsigned xs[7] = {0, 4, 0, 2, 0, 1, 0}, ys[7] = {0, 0, 4, 0, 2, 0, 1};
	static const unsigned dx[7] = {8, 8, 4, 4, 2, 2, 1}, dy[7] = {8, 8, 8, 4, 4, 2, 2};
	size_t total = 0;
	int p;
	if (!interlaced)
		return (size_t)h * (((size_t)w * bpp + 7) / 8 + 1);
	for (p = 0; p < 7; p++) {
		size_t pw = w > xs[p] ? (w - xs[p] + dx[p] - 1) / dx[p] : 0;
		size_t ph = h > ys[p] ? (h - ys[p] + dy[p] - 1) / dy[p] : 0;
		if (pw && ph)
			total += ph * ((pw * bpp + 7) / 8 + 1);
	}
	return total;
}

static bool depth_ok(unsigned type, unsigned depth)
{
	switch (type) {
	case 0: return depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16;
	case 3: return depth == 1 || depth == 2 || depth == 4 || depth == 8;
	case 2: case 4: case 6: return depth == 8 || depth == 16;
	default: return false;
	}
}

bool tb_pdf_png_ok(const unsigned char *p, size_t len)
{
	static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
	static const unsigned channels[7] = {1, 0, 3, 1, 2, 0, 4};
	uint32_t w = 0, h = 0;
	unsigned type = 0, depth = 0, interlaced = 0;
	size_t off = 8, expect = 0, inflated = 0, rowsize = 1;
	bool seen_ihdr = false, seen_plte = false, in_idat = false, idat_done = false, end = false;
	bool ok = false, stream_end = false;
	z_stream z;
	unsigned char out[16384];

	if (len < 8 + 25 + 12 || memcmp(p, sig, 8) != 0)
		return false;
	memset(&z, 0, sizeof z);
	if (inflateInit(&z) != Z_OK)
		return false;
	while (off + 12 <= len && !end) {
		uint32_t n = be32(p + off);
		const unsigned char *type_p = p + off + 4, *data = p + off + 8;
		if (n > len - off - 12 || be32(data + n) != (uint32_t)crc32(crc32(0, NULL, 0), type_p, n + 4))
			goto done;
		if (!seen_ihdr && memcmp(type_p, "IHDR", 4) != 0)
			goto done;
		if (in_idat && memcmp(type_p, "IDAT", 4) != 0) {
			in_idat = false;
			idat_done = true;
		}
		if (memcmp(type_p, "IHDR", 4) == 0) {
			if (seen_ihdr || n != 13)
				goto done;
			w = be32(data);
			h = be32(data + 4);
			depth = data[8];
			type = data[9];
			interlaced = data[12];
			if (w == 0 || h == 0 || w > PNG_MAX_SIDE || h > PNG_MAX_SIDE || type > 6 ||
			    !depth_ok(type, depth) || data[10] != 0 || data[11] != 0 || interlaced != 0)
				goto done;
			expect = raw_size(w, h, channels[type] * depth, interlaced);
			rowsize = ((size_t)w * channels[type] * depth + 7) / 8 + 1;
			if (expect > PNG_MAX_RAW)
				goto done;
			seen_ihdr = true;
		} else if (memcmp(type_p, "PLTE", 4) == 0) {
			if (n == 0 || n % 3 != 0 || n > 768 || seen_plte || idat_done || in_idat)
				goto done;
			seen_plte = true;
		} else if (memcmp(type_p, "IDAT", 4) == 0) {
			if (idat_done || (type == 3 && !seen_plte))
				goto done;
			in_idat = true;
			z.next_in = (unsigned char *)data;
			z.avail_in = n;
			while (z.avail_in > 0 && !stream_end) {
				int r;
				z.next_out = out;
				z.avail_out = sizeof out;
				r = inflate(&z, Z_NO_FLUSH);
				if (r != Z_OK && r != Z_STREAM_END && r != Z_BUF_ERROR)
					goto done;
				{
					/* every row starts with a filter type 0-4 */
					size_t got = sizeof out - z.avail_out, k;
					size_t first = inflated % rowsize ? rowsize - inflated % rowsize : 0;
					for (k = first; k < got; k += rowsize)
						if (out[k] > 4)
							goto done;
					inflated += got;
				}
				if (inflated > expect)
					goto done;
				if (r == Z_STREAM_END)
					stream_end = true;
				else if (r == Z_BUF_ERROR && z.avail_out != 0)
					break; /* needs the next IDAT */
			}
		} else if (memcmp(type_p, "IEND", 4) == 0) {
			end = true;
		} else if (!(type_p[0] & 0x20)) {
			goto done; /* an unknown critical chunk */
		}
		off += (size_t)n + 12;
	}
	ok = end && stream_end && inflated == expect;
done:
	inflateEnd(&z);
	return ok;
}
