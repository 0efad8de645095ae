/* image_decode.h: raster pictures the PDF device cannot embed as they are (GIF, BMP, TIFF,
 * PNG over the budget) decoded into 8-bit RGB, downscaled on the fly to a pixel budget. */
#ifndef TB_RENDER_IMAGE_DECODE_H
#define TB_RENDER_IMAGE_DECODE_H
#include <stddef.h>

#include "page/display.h"

/* Decoded pixels never exceed this many (about 300 dpi over a whole A4 page); larger
 * pictures are averaged down while they are read, never held whole. */
#define TB_IMAGE_MAX_OUT (8u * 1000 * 1000)

typedef struct tb_image_rgb {
	unsigned char *rgb; /* w * h * 3 bytes, rows top-down; free() it */
	unsigned w, h;
} tb_image_rgb;

/* Pixels a JPEG may have to be embedded: libharu copies it without decoding, but every PDF
 * reader decodes it whole (3 bytes a pixel), so a larger one is refused. */
#define TB_IMAGE_MAX_JPEG (100u * 1000 * 1000)

/* Width and height from a PNG's IHDR or a JPEG's frame header (SOFn), without decoding;
 * TB_ERROR when there is none. */
tb_status tb_image_png_size(const unsigned char *data, size_t len, unsigned *w, unsigned *h);
tb_status tb_image_jpeg_size(const unsigned char *data, size_t len, unsigned *w, unsigned *h);

/* Decode `format` (TB_IMG_GIF, TB_IMG_BMP, TB_IMG_TIFF or a non-interlaced TB_IMG_PNG) to at
 * most max_out pixels (0: the
 * default). TB_ERROR for damaged or unsupported data (nothing reported: the caller names
 * the picture), TB_ENOMEM, TB_EINVAL for other formats, TB_EUNSUPPORTED when libtiff
 * cannot be loaded (render/tiff_load.h; tb_lazylib_report(ctx, &tb_tiff_lib) says why). */
tb_status tb_image_decode(const unsigned char *data, size_t len, int format, size_t max_out,
                          tb_image_rgb *out);

#endif
