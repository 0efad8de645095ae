/* image_decode.c: GIF (giflib), BMP (here), TIFF (libtiff) and PNG larger than the budget
 * (here, on zlib) into 8-bit RGB for the PDF device, which embeds JPEG and smaller PNG as
 * they are. Pictures come from users' documents, so the
 * work is bounded: rows are decoded one band at a time and averaged down on the fly to at
 * most TB_IMAGE_MAX_OUT pixels, so even a 20000 x 20000 picture never lies in memory whole.
 * Transparent pixels are composited over white. */
#include <gif_lib.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "render/image_decode.h"
#include "render/tiff_load.h"

/* Input pictures larger than this many pixels are refused (time, not memory, is the
 * bound: every pixel is still read). */
#define MAX_IN_PIXELS (400u * 1000 * 1000)
#define MAX_SIDE 65535u

/* A streaming box filter: input rows arrive in monotonic order (top-down or bottom-up),
 * each is added into the output row it falls on; a finished output row is averaged. */
typedef struct scaler {
	unsigned in_w, in_h, out_w, out_h;
	uint32_t *acc, *cnt;
	unsigned char *out; /* out_w * out_h * 3 */
	long cur;           /* output row being accumulated, -1 none */
	unsigned *xmap;     /* input x → output x */
} scaler;

static void scaler_free(scaler *s)
{
	free(s->acc);
	free(s->cnt);
	free(s->xmap);
	free(s->out);
	memset(s, 0, sizeof(*s));
}

static bool scaler_init(scaler *s, unsigned w, unsigned h, size_t max_out)
{
	double k = 1;
	unsigned x;
	memset(s, 0, sizeof(*s));
	s->in_w = w;
	s->in_h = h;
	s->out_w = w;
	s->out_h = h;
	while ((size_t)s->out_w * s->out_h > max_out) {
		k *= 1.25;
		s->out_w = (unsigned)(w / k);
		s->out_h = (unsigned)(h / k);
		if (s->out_w < 1)
			s->out_w = 1;
		if (s->out_h < 1)
			s->out_h = 1;
	}
	s->cur = -1;
	s->acc = calloc((size_t)s->out_w * 3, sizeof(uint32_t));
	s->cnt = calloc(s->out_w, sizeof(uint32_t));
	s->xmap = malloc((size_t)w * sizeof(unsigned));
	s->out = malloc((size_t)s->out_w * s->out_h * 3);
	if (!s->acc || !s->cnt || !s->xmap || !s->out) {
		scaler_free(s);
		return false;
	}
	for (x = 0; x < w; x++)
		s->xmap[x] = (unsigned)((uint64_t)x * s->out_w / w);
	/* Rows nothing lands on (none when shrinking) stay white. */
	memset(s->out, 0xFF, (size_t)s->out_w * s->out_h * 3);
	return true;
}

static void scaler_emit(scaler *s)
{
	unsigned x;
	unsigned char *o;
	if (s->cur < 0)
		return;
	o = s->out + (size_t)s->cur * s->out_w * 3;
	for (x = 0; x < s->out_w; x++) {
		uint32_t n = s->cnt[x] ? s->cnt[x] : 1;
		if (!s->cnt[x])
			continue;
		o[3 * x] = (unsigned char)(s->acc[3 * x] / n);
		o[3 * x + 1] = (unsigned char)(s->acc[3 * x + 1] / n);
		o[3 * x + 2] = (unsigned char)(s->acc[3 * x + 2] / n);
	}
	memset(s->acc, 0, (size_t)s->out_w * 3 * sizeof(uint32_t));
	memset(s->cnt, 0, (size_t)s->out_w * sizeof(uint32_t));
	s->cur = -1;
}

/* One input row y of RGB pixels. */
static void scaler_row(scaler *s, unsigned y, const unsigned char *rgb)
{
	long oy = (long)((uint64_t)y * s->out_h / s->in_h);
	unsigned x;
	if (oy != s->cur) {
		scaler_emit(s);
		s->cur = oy;
	}
	for (x = 0; x < s->in_w; x++) {
		unsigned ox = s->xmap[x];
		s->acc[3 * ox] += rgb[3 * x];
		s->acc[3 * ox + 1] += rgb[3 * x + 1];
		s->acc[3 * ox + 2] += rgb[3 * x + 2];
		s->cnt[ox]++;
	}
}

static tb_status scaler_finish(scaler *s, tb_image_rgb *out)
{
	scaler_emit(s);
	out->rgb = s->out;
	out->w = s->out_w;
	out->h = s->out_h;
	s->out = NULL;
	scaler_free(s);
	return TB_OK;
}

static bool size_ok(unsigned long w, unsigned long h)
{
	return w > 0 && h > 0 && w <= MAX_SIDE && h <= MAX_SIDE && (uint64_t)w * h <= MAX_IN_PIXELS;
}

/* ---- GIF: the first frame on its logical screen ---- */

typedef struct memsrc {
	const unsigned char *p;
	size_t len, off;
} memsrc;

static int gif_read(GifFileType *g, GifByteType *buf, int n)
{
	memsrc *m = g->UserData;
	size_t k = n > 0 ? (size_t)n : 0;
	if (k > m->len - m->off)
		k = m->len - m->off;
	memcpy(buf, m->p + m->off, k);
	m->off += k;
	return (int)k;
}

static tb_status decode_gif(const unsigned char *data, size_t len, size_t max_out,
                            tb_image_rgb *out)
{
	memsrc m = {data, len, 0};
	int err = 0, rec, transparent = -1;
	GifFileType *g = DGifOpen(&m, gif_read, &err);
	tb_status st = TB_ERROR;
	scaler s;
	GifPixelType *line = NULL, *frame = NULL;
	unsigned char *rgb = NULL;
	bool have_scaler = false;
	if (!g)
		return TB_ERROR;
	if (!size_ok((unsigned long)g->SWidth, (unsigned long)g->SHeight))
		goto done;
	do {
		if (DGifGetRecordType(g, (GifRecordType *)&rec) == GIF_ERROR)
			goto done;
		if (rec == EXTENSION_RECORD_TYPE) {
			int code;
			GifByteType *ext;
			if (DGifGetExtension(g, &code, &ext) == GIF_ERROR)
				goto done;
			while (ext) {
				if (code == GRAPHICS_EXT_FUNC_CODE && ext[0] >= 4 && (ext[1] & 1))
					transparent = ext[4];
				if (DGifGetExtensionNext(g, &ext) == GIF_ERROR)
					goto done;
			}
		} else if (rec == IMAGE_DESC_RECORD_TYPE) {
			ColorMapObject *cm;
			unsigned sw = (unsigned)g->SWidth, sh = (unsigned)g->SHeight, fw, fh, fx, fy, y, x;
			if (DGifGetImageDesc(g) == GIF_ERROR)
				goto done;
			cm = g->Image.ColorMap ? g->Image.ColorMap : g->SColorMap;
			fx = (unsigned)g->Image.Left;
			fy = (unsigned)g->Image.Top;
			fw = (unsigned)g->Image.Width;
			fh = (unsigned)g->Image.Height;
			if (!cm || !size_ok(fw, fh) || fx + fw > sw || fy + fh > sh)
				goto done;
			if (!scaler_init(&s, sw, sh, max_out))
				goto nomem;
			have_scaler = true;
			line = malloc(fw);
			rgb = malloc((size_t)sw * 3);
			if (!line || !rgb)
				goto nomem;
			if (g->Image.Interlace) {
				/* Rows come in four passes: keep the frame's indices (bounded by the
				 * input pixel limit: at most one byte per pixel). */
				static const unsigned start[4] = {0, 4, 2, 1}, step[4] = {8, 8, 4, 2};
				int pass;
				if (!(frame = malloc((size_t)fw * fh)))
					goto nomem;
				for (pass = 0; pass < 4; pass++)
					for (y = start[pass]; y < fh; y += step[pass])
						if (DGifGetLine(g, frame + (size_t)y * fw, (int)fw) == GIF_ERROR)
							goto done;
			}
			for (y = 0; y < sh; y++) {
				memset(rgb, 0xFF, (size_t)sw * 3);
				if (y >= fy && y < fy + fh) {
					const GifPixelType *px = line;
					if (frame)
						px = frame + (size_t)(y - fy) * fw;
					else if (DGifGetLine(g, line, (int)fw) == GIF_ERROR)
						goto done;
					for (x = 0; x < fw; x++) {
						int c = px[x];
						unsigned char *o = rgb + 3 * (fx + x);
						if (c == transparent || c >= cm->ColorCount)
							continue;
						o[0] = cm->Colors[c].Red;
						o[1] = cm->Colors[c].Green;
						o[2] = cm->Colors[c].Blue;
					}
				}
				scaler_row(&s, y, rgb);
			}
			st = scaler_finish(&s, out);
			have_scaler = false;
			goto done;
		}
	} while (rec != TERMINATE_RECORD_TYPE);
	goto done;
nomem:
	st = TB_ENOMEM;
done:
	if (have_scaler)
		scaler_free(&s);
	free(line);
	free(frame);
	free(rgb);
	DGifCloseFile(g, &err);
	return st;
}

/* ---- BMP: Windows and OS/2 bitmaps, 1 to 32 bits, uncompressed, bit fields, RLE4/8 ---- */

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static unsigned le16(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

typedef struct bmp {
	const unsigned char *d;
	size_t len;
	unsigned w, h, bpp, comp, ncolors;
	bool top_down;
	const unsigned char *pal; /* ncolors entries of palstride bytes (B, G, R) */
	unsigned palstride;
	uint32_t mask[3];
	size_t bits; /* offset of the pixel data */
} bmp;

static unsigned mask_value(uint32_t v, uint32_t mask)
{
	unsigned shift = 0, width = 0;
	uint32_t m = mask;
	if (!m)
		return 0;
	while (!(m & 1)) {
		m >>= 1;
		shift++;
	}
	while (m & 1) {
		m >>= 1;
		width++;
	}
	v = (v & mask) >> shift;
	return width >= 8 ? v >> (width - 8) : (unsigned)(v * 255 / ((1u << width) - 1));
}

static void bmp_palette(const bmp *b, unsigned idx, unsigned char *o)
{
	if (idx >= b->ncolors) {
		o[0] = o[1] = o[2] = 0;
		return;
	}
	o[0] = b->pal[idx * b->palstride + 2];
	o[1] = b->pal[idx * b->palstride + 1];
	o[2] = b->pal[idx * b->palstride];
}

static void bmp_row(const bmp *b, const unsigned char *src, unsigned char *rgb)
{
	unsigned x;
	for (x = 0; x < b->w; x++) {
		unsigned char *o = rgb + 3 * x;
		switch (b->bpp) {
		case 1: bmp_palette(b, (src[x >> 3] >> (7 - (x & 7))) & 1, o); break;
		case 4: bmp_palette(b, (src[x >> 1] >> ((x & 1) ? 0 : 4)) & 15, o); break;
		case 8: bmp_palette(b, src[x], o); break;
		case 16: {
			uint32_t v = le16(src + 2 * x);
			o[0] = (unsigned char)mask_value(v, b->mask[0]);
			o[1] = (unsigned char)mask_value(v, b->mask[1]);
			o[2] = (unsigned char)mask_value(v, b->mask[2]);
			break;
		}
		case 24:
			o[0] = src[3 * x + 2];
			o[1] = src[3 * x + 1];
			o[2] = src[3 * x];
			break;
		case 32:
			if (b->comp == 3) {
				uint32_t v = le32(src + 4 * x);
				o[0] = (unsigned char)mask_value(v, b->mask[0]);
				o[1] = (unsigned char)mask_value(v, b->mask[1]);
				o[2] = (unsigned char)mask_value(v, b->mask[2]);
			} else {
				o[0] = src[4 * x + 2];
				o[1] = src[4 * x + 1];
				o[2] = src[4 * x];
			}
			break;
		}
	}
}

/* RLE rows arrive bottom-up; a delta or end-of-bitmap leaves the rest white. */
static tb_status bmp_rle(const bmp *b, scaler *s, unsigned char *rgb)
{
	const unsigned char *p = b->d + b->bits, *end = b->d + b->len;
	unsigned x = 0, row = 0, k;
	bool four = b->comp == 2;
	memset(rgb, 0xFF, (size_t)b->w * 3);
#define PUT(idx) do { if (x < b->w) bmp_palette(b, (idx), rgb + 3 * x); x++; } while (0)
#define NEXT_ROW() do { scaler_row(s, b->h - 1 - row, rgb); memset(rgb, 0xFF, (size_t)b->w * 3); \
                        row++; x = 0; } while (0)
	while (p + 2 <= end && row < b->h) {
		unsigned n = p[0], v = p[1];
		p += 2;
		if (n) {
			for (k = 0; k < n; k++)
				PUT(four ? (k & 1 ? v & 15 : v >> 4) : v);
		} else if (v == 0) {
			NEXT_ROW();
		} else if (v == 1) {
			break;
		} else if (v == 2) {
			unsigned dy;
			if (p + 2 > end)
				break;
			x += p[0];
			dy = p[1];
			p += 2;
			while (dy-- && row < b->h) {
				unsigned keep = x;
				NEXT_ROW();
				x = keep;
			}
		} else {
			size_t bytes = four ? (v + 1) / 2 : v;
			if ((size_t)(end - p) < bytes)
				break;
			for (k = 0; k < v; k++)
				PUT(four ? (k & 1 ? p[k / 2] & 15 : p[k / 2] >> 4) : p[k]);
			p += (bytes + 1) & ~(size_t)1;
		}
	}
	while (row < b->h)
		NEXT_ROW();
#undef PUT
#undef NEXT_ROW
	return TB_OK;
}

static tb_status decode_bmp(const unsigned char *d, size_t len, size_t max_out, tb_image_rgb *out)
{
	bmp b;
	uint32_t hsize;
	long hw, hh;
	size_t stride, y;
	scaler s;
	unsigned char *rgb;
	tb_status st = TB_OK;
	memset(&b, 0, sizeof(b));
	b.d = d;
	b.len = len;
	if (len < 26 || d[0] != 'B' || d[1] != 'M')
		return TB_ERROR;
	hsize = le32(d + 14);
	if (hsize == 12) {
		hw = le16(d + 18);
		hh = (int16_t)le16(d + 20);
		b.bpp = le16(d + 24);
		b.palstride = 3;
	} else if (hsize >= 40 && 14 + (size_t)hsize <= len) {
		hw = (int32_t)le32(d + 18);
		hh = (int32_t)le32(d + 22);
		b.bpp = le16(d + 28);
		b.comp = le32(d + 30);
		b.ncolors = le32(d + 46);
		b.palstride = 4;
		if (b.comp == 3 || b.comp == 6) {
			/* Masks after a 40-byte header, or inside a V4/V5 one. */
			if (14 + 40 + 12 > len)
				return TB_ERROR;
			b.mask[0] = le32(d + 54);
			b.mask[1] = le32(d + 58);
			b.mask[2] = le32(d + 62);
			b.comp = 3;
		}
	} else
		return TB_ERROR;
	if (hw <= 0 || hh == 0 || hh == INT32_MIN)
		return TB_ERROR;
	b.top_down = hh < 0;
	b.w = (unsigned)hw;
	b.h = (unsigned)(hh < 0 ? -hh : hh);
	if (!size_ok(b.w, b.h))
		return TB_ERROR;
	if (b.bpp != 1 && b.bpp != 4 && b.bpp != 8 && b.bpp != 16 && b.bpp != 24 && b.bpp != 32)
		return TB_ERROR;
	if (b.comp != 0 && b.comp != 3 && !(b.comp == 1 && b.bpp == 8) && !(b.comp == 2 && b.bpp == 4))
		return TB_ERROR;
	if (b.bpp == 16 && b.comp == 0) {
		b.mask[0] = 0x7C00;
		b.mask[1] = 0x03E0;
		b.mask[2] = 0x001F;
	}
	if (b.bpp <= 8) {
		size_t pal_off = 14 + hsize + (hsize == 40 && b.comp == 3 ? 12 : 0);
		if (!b.ncolors || b.ncolors > (1u << b.bpp))
			b.ncolors = 1u << b.bpp;
		if (pal_off > len)
			return TB_ERROR;
		if ((len - pal_off) / b.palstride < b.ncolors)
			b.ncolors = (unsigned)((len - pal_off) / b.palstride);
		b.pal = d + pal_off;
	}
	b.bits = le32(d + 10);
	if (b.bits >= len)
		return TB_ERROR;
	stride = (((size_t)b.w * b.bpp + 31) / 32) * 4;
	if (b.comp == 0 || b.comp == 3) {
		if (stride * b.h > len - b.bits)
			return TB_ERROR;
	}
	if (!scaler_init(&s, b.w, b.h, max_out))
		return TB_ENOMEM;
	if (!(rgb = malloc((size_t)b.w * 3))) {
		scaler_free(&s);
		return TB_ENOMEM;
	}
	if (b.comp == 1 || b.comp == 2)
		st = bmp_rle(&b, &s, rgb);
	else
		for (y = 0; y < b.h; y++) {
			/* Top-down reading order whatever the storage order. */
			size_t src_row = b.top_down ? y : b.h - 1 - y;
			bmp_row(&b, d + b.bits + src_row * stride, rgb);
			scaler_row(&s, (unsigned)y, rgb);
		}
	free(rgb);
	if (st != TB_OK) {
		scaler_free(&s);
		return st;
	}
	return scaler_finish(&s, out);
}

/* ---- TIFF: through libtiff's RGBA interface, in bands of rows ---- */

static tsize_t tif_read(thandle_t h, tdata_t buf, tsize_t n)
{
	memsrc *m = h;
	size_t k = n > 0 ? (size_t)n : 0;
	if (m->off > m->len)
		return 0;
	if (k > m->len - m->off)
		k = m->len - m->off;
	memcpy(buf, m->p + m->off, k);
	m->off += k;
	return (tsize_t)k;
}

static tsize_t tif_write(thandle_t h, tdata_t buf, tsize_t n)
{
	(void)h;
	(void)buf;
	(void)n;
	return -1;
}

static toff_t tif_seek(thandle_t h, toff_t off, int whence)
{
	memsrc *m = h;
	uint64_t base = whence == SEEK_CUR ? m->off : whence == SEEK_END ? m->len : 0;
	if (off > UINT64_MAX - base)
		return (toff_t)-1;
	m->off = (size_t)(base + off);
	return m->off;
}

static int tif_close(thandle_t h)
{
	(void)h;
	return 0;
}

static toff_t tif_size(thandle_t h)
{
	return ((memsrc *)h)->len;
}

static int tif_quiet(TIFF *t, void *user, const char *module, const char *fmt, va_list ap)
{
	(void)t;
	(void)user;
	(void)module;
	(void)fmt;
	(void)ap;
	return 1; /* handled: libtiff prints nothing on stderr */
}

static tb_status decode_tiff(const unsigned char *data, size_t len, size_t max_out,
                             tb_image_rgb *out)
{
	memsrc m = {data, len, 0};
	TIFFOpenOptions *opts;
	TIFF *t;
	TIFFRGBAImage img;
	char emsg[1024];
	uint32_t w = 0, h = 0, *band = NULL, y, x, rows;
	unsigned char *rgb = NULL;
	scaler s;
	tb_status st = TB_ERROR;
	bool have_img = false, have_scaler = false;
	if (tb_lazylib_load(&tb_tiff_lib) != TB_OK)
		return TB_EUNSUPPORTED; /* the caller reports tb_tiff_lib's failure */
	if (!(opts = TIFFOpenOptionsAlloc()))
		return TB_ENOMEM;
	TIFFOpenOptionsSetErrorHandlerExtR(opts, tif_quiet, NULL);
	TIFFOpenOptionsSetWarningHandlerExtR(opts, tif_quiet, NULL);
	TIFFOpenOptionsSetMaxSingleMemAlloc(opts, 256 << 20);
	t = TIFFClientOpenExt("picture", "rm", &m, tif_read, tif_write, tif_seek, tif_close,
	                      tif_size, NULL, NULL, opts);
	TIFFOpenOptionsFree(opts);
	if (!t)
		return TB_ERROR;
	TIFFGetField(t, TIFFTAG_IMAGEWIDTH, &w);
	TIFFGetField(t, TIFFTAG_IMAGELENGTH, &h);
	if (!size_ok(w, h) || !TIFFRGBAImageOK(t, emsg) || !TIFFRGBAImageBegin(&img, t, 0, emsg))
		goto done;
	have_img = true;
	img.req_orientation = ORIENTATION_TOPLEFT;
	rows = (uint32_t)((4u << 20) / w);
	if (rows < 1)
		rows = 1;
	if (rows > h)
		rows = h;
	band = malloc((size_t)w * rows * sizeof(uint32_t));
	rgb = malloc((size_t)w * 3);
	if (!band || !rgb || !scaler_init(&s, w, h, max_out)) {
		st = TB_ENOMEM;
		goto done;
	}
	have_scaler = true;
	for (y = 0; y < h; y += rows) {
		uint32_t n = h - y < rows ? h - y : rows, r;
		img.row_offset = (int)y;
		img.col_offset = 0;
		if (!TIFFRGBAImageGet(&img, band, w, n))
			goto done;
		/* Asked for a top-left origin, the band's first row is its top one. */
		for (r = 0; r < n; r++) {
			const uint32_t *px = band + (size_t)r * w;
			for (x = 0; x < w; x++) {
				uint32_t p = px[x], a = TIFFGetA(p);
				/* Over white: c·a + 255·(1 − a). */
				rgb[3 * x] = (unsigned char)((TIFFGetR(p) * a + 255 * (255 - a)) / 255);
				rgb[3 * x + 1] = (unsigned char)((TIFFGetG(p) * a + 255 * (255 - a)) / 255);
				rgb[3 * x + 2] = (unsigned char)((TIFFGetB(p) * a + 255 * (255 - a)) / 255);
			}
			scaler_row(&s, y + r, rgb);
		}
	}
	st = scaler_finish(&s, out);
	have_scaler = false;
done:
	if (have_scaler)
		scaler_free(&s);
	if (have_img)
		TIFFRGBAImageEnd(&img);
	free(band);
	free(rgb);
	TIFFClose(t);
	return st;
}

/* ---- PNG, streamed: inflated one row at a time, unfiltered against the row before and
 * averaged down, so a picture larger than the budget is never held whole (libharu's own
 * loader would decode all of it). Only non-interlaced PNG; a damaged one (bad filter type,
 * short or corrupt data) is an error, never a crash. A colour-key tRNS is ignored; palette
 * and alpha transparency are composited over white. */

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

typedef struct png {
	unsigned w, h, depth, type, ch, bpp; /* bpp: bytes per complete pixel, at least 1 */
	size_t rowbytes;
	unsigned char pal[256][4];
} png;

static unsigned paeth(unsigned a, unsigned b, unsigned c)
{
	int p = (int)a + (int)b - (int)c, pa = abs(p - (int)a), pb = abs(p - (int)b),
	    pc = abs(p - (int)c);
	return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

static bool png_unfilter(const png *g, unsigned char *row, const unsigned char *prev)
{
	unsigned f = row[0];
	unsigned char *r = row + 1;
	size_t i;
	if (f == 0)
		return true;
	for (i = 0; i < g->rowbytes; i++) {
		unsigned a = i >= g->bpp ? r[i - g->bpp] : 0, b = prev[i];
		unsigned c = i >= g->bpp ? prev[i - g->bpp] : 0;
		switch (f) {
		case 0: break;
		case 1: r[i] = (unsigned char)(r[i] + a); break;
		case 2: r[i] = (unsigned char)(r[i] + b); break;
		case 3: r[i] = (unsigned char)(r[i] + ((a + b) >> 1)); break;
		case 4: r[i] = (unsigned char)(r[i] + paeth(a, b, c)); break;
		default: return false;
		}
	}
	return true;
}

/* Sample k (0-based, across the row) of a row of `depth`-bit samples, scaled to 0-255 unless
 * it is a palette index. */
static unsigned png_sample(const png *g, const unsigned char *r, size_t k)
{
	if (g->depth == 8)
		return r[k];
	if (g->depth == 16)
		return r[2 * k];
	{
		unsigned per = 8 / g->depth, shift = 8 - g->depth * (unsigned)(k % per + 1);
		unsigned v = (r[k / per] >> shift) & ((1u << g->depth) - 1);
		return g->type == 3 ? v : v * 255 / ((1u << g->depth) - 1);
	}
}

static void png_rgb(const png *g, const unsigned char *r, unsigned char *rgb)
{
	unsigned x;
	if (g->depth == 8 && (g->type == 2 || g->type == 6)) { /* the common case, direct */
		for (x = 0; x < g->w; x++, r += g->ch) {
			unsigned a = g->type == 6 ? r[3] : 255, k;
			for (k = 0; k < 3; k++)
				rgb[3 * x + k] = (unsigned char)((r[k] * a + 255 * (255 - a) + 127) / 255);
		}
		return;
	}
	for (x = 0; x < g->w; x++) {
		unsigned c[4] = {0, 0, 0, 255}, k;
		size_t base = (size_t)x * g->ch;
		switch (g->type) {
		case 0: c[0] = c[1] = c[2] = png_sample(g, r, base); break;
		case 2: for (k = 0; k < 3; k++) c[k] = png_sample(g, r, base + k); break;
		case 3: {
			const unsigned char *p = g->pal[png_sample(g, r, base) & 255];
			c[0] = p[0], c[1] = p[1], c[2] = p[2], c[3] = p[3];
			break;
		}
		case 4: c[0] = c[1] = c[2] = png_sample(g, r, base); c[3] = png_sample(g, r, base + 1); break;
		default: for (k = 0; k < 4; k++) c[k] = png_sample(g, r, base + k); break;
		}
		for (k = 0; k < 3; k++)
			rgb[3 * x + k] = (unsigned char)((c[k] * c[3] + 255 * (255 - c[3]) + 127) / 255);
	}
}

tb_status tb_image_png_size(const unsigned char *d, size_t len, unsigned *w, unsigned *h)
{
	if (len < 33 || memcmp(d + 1, "PNG", 3) != 0 || memcmp(d + 12, "IHDR", 4) != 0)
		return TB_ERROR;
	*w = be32(d + 16);
	*h = be32(d + 20);
	return TB_OK;
}

tb_status tb_image_jpeg_size(const unsigned char *d, size_t len, unsigned *w, unsigned *h)
{
	size_t off = 2;
	if (len < 4 || d[0] != 0xFF || d[1] != 0xD8)
		return TB_ERROR;
	while (off + 4 <= len) {
		unsigned m, n;
		if (d[off] != 0xFF)
			return TB_ERROR;
		m = d[off + 1];
		if (m == 0xFF) { /* fill byte */
			off++;
			continue;
		}
		if (m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7)) {
			off += 2;
			continue;
		}
		n = (unsigned)d[off + 2] << 8 | d[off + 3];
		/* SOF0-SOF15 but DHT (C4), JPG (C8) and DAC (CC) */
		if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
			if (n < 7 || off + 9 > len)
				return TB_ERROR;
			*h = (unsigned)d[off + 5] << 8 | d[off + 6];
			*w = (unsigned)d[off + 7] << 8 | d[off + 8];
			return TB_OK;
		}
		if (m == 0xD9 || m == 0xDA || n < 2)
			return TB_ERROR; /* image data or the end before any frame header */
		off += 2 + (size_t)n;
	}
	return TB_ERROR;
}

static tb_status decode_png(const unsigned char *d, size_t len, size_t max_out, tb_image_rgb *out)
{
	static const unsigned channels[7] = {1, 0, 3, 1, 2, 0, 4};
	png g;
	scaler s;
	z_stream z;
	unsigned char *cur = NULL, *prev = NULL, *rgb = NULL;
	size_t off = 8, pos = 0;
	unsigned y = 0, i;
	tb_status st = TB_ERROR;
	bool zinit = false;

	memset(&g, 0, sizeof g);
	memset(&s, 0, sizeof s);
	if (tb_image_png_size(d, len, &g.w, &g.h) != TB_OK || !size_ok(g.w, g.h))
		return TB_ERROR;
	g.depth = d[24];
	g.type = d[25];
	if (g.type > 6 || !channels[g.type] || d[26] != 0 || d[27] != 0 || d[28] != 0 ||
	    (g.depth != 1 && g.depth != 2 && g.depth != 4 && g.depth != 8 && g.depth != 16))
		return TB_ERROR;
	g.ch = channels[g.type];
	g.bpp = (g.ch * g.depth + 7) / 8;
	g.rowbytes = ((size_t)g.w * g.ch * g.depth + 7) / 8;
	for (i = 0; i < 256; i++)
		g.pal[i][0] = g.pal[i][1] = g.pal[i][2] = 0, g.pal[i][3] = 255;
	memset(&z, 0, sizeof z);
	if (inflateInit(&z) != Z_OK)
		return TB_ENOMEM;
	zinit = true;
	cur = malloc(g.rowbytes + 1);
	prev = calloc(g.rowbytes, 1);
	rgb = malloc((size_t)g.w * 3);
	if (!cur || !prev || !rgb || !scaler_init(&s, g.w, g.h, max_out)) {
		st = TB_ENOMEM;
		goto done;
	}
	while (off + 12 <= len && y < g.h) {
		uint32_t n = be32(d + off);
		const unsigned char *type = d + off + 4, *data = d + off + 8;
		if (n > len - off - 12)
			goto done;
		if (!memcmp(type, "PLTE", 4)) {
			for (i = 0; i < n / 3 && i < 256; i++)
				memcpy(g.pal[i], data + 3 * i, 3);
		} else if (!memcmp(type, "tRNS", 4) && g.type == 3) {
			for (i = 0; i < n && i < 256; i++)
				g.pal[i][3] = data[i];
		} else if (!memcmp(type, "IDAT", 4)) {
			z.next_in = (unsigned char *)data;
			z.avail_in = n;
			while (z.avail_in > 0 && y < g.h) {
				int r;
				z.next_out = cur + pos;
				z.avail_out = (uInt)(g.rowbytes + 1 - pos);
				r = inflate(&z, Z_NO_FLUSH);
				if (r != Z_OK && r != Z_STREAM_END && r != Z_BUF_ERROR)
					goto done;
				pos = g.rowbytes + 1 - z.avail_out;
				if (pos == g.rowbytes + 1) {
					if (!png_unfilter(&g, cur, prev))
						goto done;
					png_rgb(&g, cur + 1, rgb);
					scaler_row(&s, y++, rgb);
					/* the unfiltered row is the next one's "previous" */
					memcpy(prev, cur + 1, g.rowbytes);
					pos = 0;
				} else if (r == Z_STREAM_END || r == Z_BUF_ERROR)
					break;
			}
		} else if (!memcmp(type, "IEND", 4))
			break;
		off += (size_t)n + 12;
	}
	if (y == g.h)
		st = scaler_finish(&s, out);
done:
	if (zinit)
		inflateEnd(&z);
	scaler_free(&s);
	free(cur);
	free(prev);
	free(rgb);
	return st;
}

tb_status tb_image_decode(const unsigned char *data, size_t len, int format, size_t max_out,
                          tb_image_rgb *out)
{
	memset(out, 0, sizeof(*out));
	if (!max_out)
		max_out = TB_IMAGE_MAX_OUT;
	switch (format) {
	case TB_IMG_GIF: return decode_gif(data, len, max_out, out);
	case TB_IMG_BMP: return decode_bmp(data, len, max_out, out);
	case TB_IMG_TIFF: return decode_tiff(data, len, max_out, out);
	case TB_IMG_PNG: return decode_png(data, len, max_out, out);
	default: return TB_EINVAL;
	}
}
