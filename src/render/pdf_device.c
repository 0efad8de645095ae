/* pdf_device.c: the PDF device: display list -> PDF, with libharu's object model. Two
 * passes: the first collects the glyphs each face draws (so each face is embedded once, as
 * a HarfBuzz subset), the second draws. Text is shown by CID at the layout's per-character
 * positions: one TJ per run, with an adjustment wherever a character does not sit at the
 * previous one's natural advance. pdf_save.c writes the file. Output is reproducible: the
 * /ID is a digest of the file (pdf_save.c), dates come from the data or SOURCE_DATE_EPOCH. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/ctx.h"
#include "core/deflate.h"
#include "core/helper.h"
#include "core/file.h"
#include "core/i18n.h"
#include "core/utf8.h"
#include "core/writer.h"
#include "render/image_decode.h"
#include "render/pdf_priv.h"
#include "render/tiff_load.h"

#define MAX_PAGES 10000
#define MAX_WARNED_CPS 64

typedef struct dev {
	tb_ctx *ctx;
	int pdfa;
	int compress; /* streams deflated (opts->compress) */
	HPDF_Doc pdf;
	tb_fonts *fm;
	tb_pdf_fontset fonts;
	tb_pdf_extra *extras; /* one per page */
	HPDF_STATUS err, detail;
	uint32_t warned[MAX_WARNED_CPS];
	size_t nwarned;
	bool missing; /* a character no face has, and missing glyphs are not allowed */
	char **fields; /* signature field names used so far: they must be unique */
	size_t nfields;
	/* The page's content operators, written here and handed to libharu once per page (and
	 * before an image, which libharu writes itself): libharu's own path and colour calls
	 * cost ~2,000 instructions each (a 512-byte memset and its float printing). The colours
	 * and line width last set on the page, so that a run or rule in the same ones sets
	 * nothing; unknown after Q, which restores an older state. */
	tb_buf ops;
	/* The operators stay here, each page's after the one before (ops_page: where this page's
	 * begin), and pdf_save.c deflates them from here: libharu's stream would copy them byte by
	 * byte, in and out again. A page with an image, whose operators libharu writes itself,
	 * goes to libharu's stream as it did (flushed: it did on this page). */
	size_t ops_page;
	bool flushed;
	tb_pdf_own *own;
	size_t nown;
	tb_rgb fill, stroke;
	float lw;
	bool fill_set, stroke_set, lw_set;
} dev;

static void on_hpdf_error(HPDF_STATUS err, HPDF_STATUS detail, void *user)
{
	dev *d = user;
	if (!d->err) {
		d->err = err;
		d->detail = detail;
	}
}

static tb_status hpdf_failed(dev *d, const char *what)
{
	tb_error(d->ctx, "pdf.write", NULL, 0, 0, N_("This is a bug in tianbiao or libharu; please report it with the input."),
	         N_("libharu failed while %s (error 0x%04X, detail %u)"), what,
	         (unsigned)d->err, (unsigned)d->detail);
	return TB_ERROR;
}

void tb_pdf_extra_free(tb_pdf_extra *x)
{
	size_t i;
	for (i = 0; i < x->n; i++)
		if (x->items[i].kind == TB_DL_GLYPHS)
			free(x->items[i].u.glyphs.glyphs);
	free(x->items);
	memset(x, 0, sizeof *x);
}

static void warn_missing(dev *d, uint32_t cp, size_t page, float x, float y)
{
	size_t i;
	char where[96];
	if (tb_fonts_ignorable(cp))
		return; /* nothing to draw, nothing to say (U+00AD inside a line, say) */
	if (!tb_fonts_allow_missing(d->ctx))
		d->missing = true;
	for (i = 0; i < d->nwarned; i++)
		if (d->warned[i] == cp)
			return;
	if (d->nwarned < MAX_WARNED_CPS)
		d->warned[d->nwarned++] = cp;
	snprintf(where, sizeof where, _("page %zu, %.1f mm from the left, %.1f mm from the top"),
	         page + 1, x * 25.4 / 72, y * 25.4 / 72);
	tb_fonts_report_missing(d->ctx, NULL, 0, 0, cp, where);
}

/* Pass 1: which face draws which glyphs. */
static tb_status collect(dev *d, const tb_dl_item *it, size_t page)
{
	size_t i;
	const tb_face *last = NULL;
	tb_pdf_face *pf = NULL;
	if (it->kind != TB_DL_GLYPHS)
		return TB_OK;
	for (i = 0; i < it->u.glyphs.n; i++) {
		const tb_dl_glyph *g = &it->u.glyphs.glyphs[i];
		const tb_face *f = tb_pdf_pick_face(d->fm, it->u.glyphs.face, g->cp);
		tb_status st;
		if (!f) {
			warn_missing(d, g->cp, page, g->x, it->u.glyphs.y);
			continue;
		}
		if (f != last) { /* a run's glyphs mostly share one face: looked up once */
			if (!(pf = tb_pdf_fontset_get(&d->fonts, f)))
				return TB_ENOMEM;
			last = f;
		}
		if ((st = tb_pdf_face_add(pf, g->cp)) != TB_OK)
			return st;
	}
	return TB_OK;
}

/* A number for a content stream: at most two decimals, no trailing zeros. */
/* Numbers and CIDs are written by hand, not by printf: one call per glyph and per
 * coordinate was 3% of a fresh fill. */
static void put_long(tb_buf *b, long v)
{
	char t[24];
	size_t i = sizeof t;
	unsigned long u = v < 0 ? 0ul - (unsigned long)v : (unsigned long)v;
	do
		t[--i] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		t[--i] = '-';
	tb_buf_put(b, t + i, sizeof t - i);
}

/* v to two decimals at most, without trailing zeros: 12, 12.5, -0.05 */
static void put_num(tb_buf *b, float v)
{
	long c = lroundf(v * 100.f), a = labs(c);
	if (c % 100 == 0) {
		put_long(b, c / 100);
		return;
	}
	if (c < 0)
		tb_buf_putc(b, '-');
	put_long(b, a / 100);
	tb_buf_putc(b, '.');
	tb_buf_putc(b, (char)('0' + a % 100 / 10));
	if (a % 10)
		tb_buf_putc(b, (char)('0' + a % 10));
}

/* v to four decimals at most, for rules and paths: a viewer snaps a thin line to the pixel
 * grid, and two decimals (enough for text) moved a rule at 40.125 pt to the next pixel row. */
static void put_fine(tb_buf *b, float v)
{
	long c = lroundf(v * 10000.f), a = labs(c), f = a % 10000;
	char d[4];
	int i, n = 4;
	if (c < 0)
		tb_buf_putc(b, '-');
	put_long(b, a / 10000);
	for (i = 3; i >= 0; i--, f /= 10)
		d[i] = (char)('0' + f % 10);
	while (n && d[n - 1] == '0')
		n--; /* no trailing zeros, nor a point with nothing after it */
	if (n) {
		tb_buf_putc(b, '.');
		tb_buf_put(b, d, (size_t)n);
	}
}

/* A colour component c/255 to three decimals: as exact as 8-bit colour needs. */
static void put_unit(tb_buf *b, unsigned char c)
{
	unsigned v = (c * 1000u + 127u) / 255u;
	if (v >= 1000) {
		tb_buf_putc(b, '1');
		return;
	}
	if (v == 0) {
		tb_buf_putc(b, '0');
		return;
	}
	tb_buf_putc(b, '.');
	tb_buf_putc(b, (char)('0' + v / 100));
	if (v % 100) {
		tb_buf_putc(b, (char)('0' + v / 10 % 10));
		if (v % 10)
			tb_buf_putc(b, (char)('0' + v % 10));
	}
}

static void put_rgb(tb_buf *b, tb_rgb c, const char *op)
{
	put_unit(b, c.r);
	tb_buf_putc(b, ' ');
	put_unit(b, c.g);
	tb_buf_putc(b, ' ');
	put_unit(b, c.b);
	tb_buf_puts(b, op);
}

static bool same_rgb(tb_rgb a, tb_rgb b)
{
	return a.r == b.r && a.g == b.g && a.b == b.b;
}

/* The fill (rg) or stroke (RG) colour, unless it is the one in force. */
static void set_colour(tb_buf *ops, tb_rgb *now, bool *known, tb_rgb c, const char *op)
{
	if (*known && same_rgb(*now, c))
		return;
	put_rgb(ops, c, op);
	*now = c;
	*known = true;
}

static void set_fill(dev *d, tb_rgb c)
{
	set_colour(&d->ops, &d->fill, &d->fill_set, c, " rg\n");
}

static void set_stroke(dev *d, tb_rgb c)
{
	set_colour(&d->ops, &d->stroke, &d->stroke_set, c, " RG\n");
}

static void set_line_width(dev *d, float w)
{
	if (d->lw_set && d->lw == w)
		return;
	put_fine(&d->ops, w);
	tb_buf_puts(&d->ops, " w\n");
	d->lw = w;
	d->lw_set = true;
}

/* x y followed by an operator */
static void put_xy(tb_buf *b, float x, float y, const char *op)
{
	put_fine(b, x);
	tb_buf_putc(b, ' ');
	put_fine(b, y);
	tb_buf_puts(b, op);
}

static void put_rect(tb_buf *b, float x, float y, float w, float h)
{
	put_fine(b, x);
	tb_buf_putc(b, ' ');
	put_fine(b, y);
	tb_buf_putc(b, ' ');
	put_fine(b, w);
	tb_buf_putc(b, ' ');
	put_fine(b, h);
	tb_buf_puts(b, " re\n");
}

/* The page's pending operators to libharu's content stream. */
static tb_status flush_ops(dev *d, HPDF_Page page)
{
	tb_status st = tb_buf_status(&d->ops);
	size_t n = d->ops.len - d->ops_page;
	if (st == TB_OK && n && tb_hpdf_page_write(page, d->ops.data + d->ops_page, n) != HPDF_OK)
		st = hpdf_failed(d, "drawing");
	d->ops.len = d->ops_page;
	d->flushed = true;
	return st;
}

/* The page is drawn: its operators stay in ops as its content stream's bytes, unless part of
 * them went to libharu's stream already (an image), where the rest then goes too. */
static tb_status end_page(dev *d, HPDF_Page page, size_t p)
{
	HPDF_Dict contents = ((HPDF_PageAttr)page->attr)->contents;
	tb_status st = tb_buf_status(&d->ops);
	if (st != TB_OK || d->flushed || !contents)
		return st == TB_OK ? flush_ops(d, page) : st;
	d->own[p].dict = contents;
	d->own[p].off = d->ops_page;
	d->own[p].len = d->ops.len - d->ops_page;
	contents->filter |= TB_PDF_STREAM_OWN;
	d->ops_page = d->ops.len;
	return TB_OK;
}

static tb_status draw_glyphs(dev *d, HPDF_Page page, float ph, const tb_dl_item *it)
{
	const tb_dl_glyph *gl = it->u.glyphs.glyphs;
	size_t n = it->u.glyphs.n, i = 0, j;
	float size = it->u.glyphs.size;
	float skew = it->u.glyphs.synthetic_italic ? 0.2f : 0.f;
	tb_buf *ops = &d->ops;
	HPDF_Dict cur = NULL;
	tb_status st = TB_OK;

	if (n == 0 || size <= 0.f)
		return TB_OK;
	set_fill(d, it->u.glyphs.color);
	if (it->u.glyphs.synthetic_bold) {
		/* Synthetic bold: fill and stroke the outlines with a thin line. */
		set_stroke(d, it->u.glyphs.color);
		set_line_width(d, size / 30.f);
	}
	tb_buf_puts(ops, "BT\n");
	if (it->u.glyphs.synthetic_bold)
		tb_buf_puts(ops, "2 Tr\n");
	while (i < n) {
		const tb_face *f = tb_pdf_pick_face(d->fm, it->u.glyphs.face, gl[i].cp);
		tb_pdf_face *pf;
		float natural;
		if (!f) {
			i++;
			continue;
		}
		pf = tb_pdf_fontset_get(&d->fonts, f);
		if (!pf || !pf->font) {
			st = TB_ENOMEM;
			break;
		}
		if (pf->font != cur) {
			const char *name = tb_hpdf_page_font_name(page, pf->font);
			if (!name) {
				st = hpdf_failed(d, "adding a font to a page");
				break;
			}
			tb_buf_printf(ops, "/%s ", name);
			put_num(ops, size);
			tb_buf_puts(ops, " Tf\n");
			cur = pf->font;
		}
		{
			/* The run's axes, y flipped for PDF (turned runs turn them); an italic slant
			 * leans the up axis along the baseline. TJ then advances along the run. */
			float bx, by, ux, uy, x, y;
			tb_dl_turn_axes(it, &bx, &by, &ux, &uy);
			tb_dl_turn_point(it, gl[i].x, it->u.glyphs.y, &x, &y);
			put_num(ops, bx);
			tb_buf_putc(ops, ' ');
			put_num(ops, 0.f - by);
			tb_buf_putc(ops, ' ');
			put_num(ops, ux + skew * bx);
			tb_buf_putc(ops, ' ');
			put_num(ops, 0.f - uy - skew * by);
			tb_buf_putc(ops, ' ');
			put_num(ops, x);
			tb_buf_putc(ops, ' ');
			put_num(ops, ph - y);
		}
		tb_buf_puts(ops, " Tm[<");
		natural = gl[i].x;
		for (j = i; j < n; j++) {
			unsigned gid;
			if (j > i && tb_pdf_pick_face(d->fm, it->u.glyphs.face, gl[j].cp) != f)
				break;
			gid = tb_face_glyph(f, gl[j].cp);
			if (gid == 0)
				continue; /* not drawable: never show .notdef */
			if (j > i && fabsf(gl[j].x - natural) > 0.005f) {
				/* TJ moves left by adj/1000 of the size; keep the rounding error */
				long adj = lroundf((natural - gl[j].x) * 1000.f / size);
				tb_buf_putc(ops, '>');
				put_long(ops, adj);
				tb_buf_putc(ops, '<');
				natural -= (float)adj * size / 1000.f;
			}
			tb_pdf_put_hex4(ops, tb_face_cid(f, gid));
			natural += (float)tb_pdf_face_width(pf, gid) * size / 1000.f;
		}
		tb_buf_puts(ops, ">]TJ\n");
		i = j;
	}
	if (it->u.glyphs.synthetic_bold)
		tb_buf_puts(ops, "0 Tr\n");
	tb_buf_puts(ops, "ET\n");
	if (st == TB_OK && tb_buf_status(ops) != TB_OK)
		st = TB_ENOMEM; /* sticky: a run cut short must not be drawn */
	if (st == TB_OK && d->err)
		st = hpdf_failed(d, "drawing text");
	return st;
}

/* Colour type 4 or 6 (grey or RGB with alpha), or a tRNS chunk: libharu adds an SMask. */
static bool png_has_alpha(const unsigned char *p, size_t len)
{
	size_t off = 8;
	if (len < 33)
		return false;
	if (p[25] == 4 || p[25] == 6)
		return true;
	while (off + 8 <= len) {
		size_t n = ((size_t)p[off] << 24) | ((size_t)p[off + 1] << 16) | ((size_t)p[off + 2] << 8) | p[off + 3];
		if (memcmp(p + off + 4, "tRNS", 4) == 0)
			return true;
		if (memcmp(p + off + 4, "IDAT", 4) == 0 || n > len - off - 8)
			return false;
		off += n + 12;
	}
	return false;
}

/* A picture that cannot be drawn keeps its place: a thin grey frame. */
static void draw_placeholder(dev *d, float ph, const tb_dl_item *it)
{
	static const tb_rgb grey = {191, 191, 191};
	set_line_width(d, 0.5f);
	set_stroke(d, grey);
	put_rect(&d->ops, it->u.image.x, ph - it->u.image.y - it->u.image.h, it->u.image.w,
	         it->u.image.h);
	tb_buf_puts(&d->ops, "S\n");
}

enum { IMG_DAMAGED_PNG, IMG_UNDECODABLE, IMG_NOT_EMBEDDED };

static void image_unreadable(dev *d, HPDF_Page page, float ph, const tb_dl_item *it, int why)
{
	const char *hint = N_("Save the picture again as a plain JPEG or PNG (8-bit, not interlaced).");
	double x = it->u.image.x * 25.4 / 72, y = it->u.image.y * 25.4 / 72;
	if (why == IMG_DAMAGED_PNG)
		tb_warn(d->ctx, "pdf.image", NULL, 0, 0, hint,
		        N_("a PNG picture at %.1f mm from the left, %.1f mm from the top is damaged or "
		           "interlaced; an empty frame is left in its place"), x, y);
	else if (why == IMG_UNDECODABLE)
		tb_warn(d->ctx, "pdf.image", NULL, 0, 0, hint,
		        N_("a picture at %.1f mm from the left, %.1f mm from the top could not be "
		           "decoded; an empty frame is left in its place"), x, y);
	else
		tb_warn(d->ctx, "pdf.image", NULL, 0, 0, hint,
		        N_("a picture at %.1f mm from the left, %.1f mm from the top could not be "
		           "embedded; an empty frame is left in its place"), x, y);
	draw_placeholder(d, ph, it);
}

/* Pictures are bounded by pixels, not file size (a small PNG can inflate to gigabytes): a
 * PNG over TB_IMAGE_MAX_OUT pixels is decoded here a row at a time and drawn downscaled (its
 * transparency over white) instead of through libharu, which holds it whole; a JPEG (embedded
 * undecoded) over TB_IMAGE_MAX_JPEG is left out. Either keeps its box and says so. */
static void image_budget_warn(dev *d, const tb_dl_item *it, unsigned w, unsigned h,
                              const tb_image_rgb *px)
{
	double x = it->u.image.x * 25.4 / 72, y = it->u.image.y * 25.4 / 72;
	if (px)
		tb_warn(d->ctx, "pdf.image", NULL, 0, 0,
		        N_("Scale the picture down before inserting it."),
		        N_("a %u x %u picture at %.1f mm from the left, %.1f mm from the top has more "
		           "than %u pixels; it is drawn downscaled to %u x %u"),
		        w, h, x, y, TB_IMAGE_MAX_OUT, px->w, px->h);
	else
		tb_warn(d->ctx, "pdf.image", NULL, 0, 0,
		        N_("Scale the picture down before inserting it."),
		        N_("a %u x %u JPEG picture at %.1f mm from the left, %.1f mm from the top has "
		           "more than %u pixels; an empty frame is left in its place"),
		        w, h, x, y, TB_IMAGE_MAX_JPEG);
}

static tb_status draw_image(dev *d, HPDF_Page page, float ph, const tb_dl_item *it)
{
	HPDF_Image img;
	uint8_t fmt = it->u.image.format;
	unsigned w = 0, h = 0;
	int raw = fmt != TB_IMG_PNG && fmt != TB_IMG_JPEG;
	if (it->u.image.len > 0x7FFFFFFF)
		return TB_ELIMIT;
	/* over the budget: our own decoder, which checks what it reads (libpng is not involved) */
	if (fmt == TB_IMG_PNG && tb_image_png_size(it->u.image.data, it->u.image.len, &w, &h) == TB_OK &&
	    (uint64_t)w * h > TB_IMAGE_MAX_OUT)
		raw = 1;
	else if (fmt == TB_IMG_PNG && !tb_pdf_png_ok(it->u.image.data, it->u.image.len)) {
		image_unreadable(d, page, ph, it, IMG_DAMAGED_PNG);
		return d->err ? hpdf_failed(d, "drawing") : TB_OK;
	}
	if (fmt == TB_IMG_JPEG && tb_image_jpeg_size(it->u.image.data, it->u.image.len, &w, &h) == TB_OK &&
	    (uint64_t)w * h > TB_IMAGE_MAX_JPEG) {
		image_budget_warn(d, it, w, h, NULL);
		draw_placeholder(d, ph, it);
		return d->err ? hpdf_failed(d, "drawing") : TB_OK;
	}
	if (raw) {
		tb_image_rgb px;
		tb_status st = tb_image_decode(it->u.image.data, it->u.image.len, fmt, 0, &px);
		if (st == TB_ENOMEM)
			return st;
		if (st == TB_EUNSUPPORTED) { /* libtiff is not installed: say so, not "damaged" */
			tb_lazylib_report(d->ctx, &tb_tiff_lib);
			return st;
		}
		if (st != TB_OK) {
			image_unreadable(d, page, ph, it, IMG_UNDECODABLE);
			return d->err ? hpdf_failed(d, "drawing") : TB_OK;
		}
		if (fmt == TB_IMG_PNG)
			image_budget_warn(d, it, w, h, &px);
		img = HPDF_LoadRawImageFromMem(d->pdf, px.rgb, px.w, px.h, HPDF_CS_DEVICE_RGB, 8);
		free(px.rgb);
	} else if (fmt == TB_IMG_PNG)
		img = HPDF_LoadPngImageFromMem(d->pdf, it->u.image.data, (HPDF_UINT)it->u.image.len);
	else
		img = HPDF_LoadJpegImageFromMem(d->pdf, it->u.image.data, (HPDF_UINT)it->u.image.len);
	if (!img) {
		d->err = 0;
		HPDF_ResetError(d->pdf);
		image_unreadable(d, page, ph, it, IMG_NOT_EMBEDDED);
		return d->err ? hpdf_failed(d, "drawing") : TB_OK;
	}
	if (d->pdfa && !raw && fmt == TB_IMG_PNG && png_has_alpha(it->u.image.data, it->u.image.len))
		tb_warn(d->ctx, "pdf.pdfa-transparency", NULL, 0, 0,
		        N_("Save the picture without transparency (no alpha channel) for PDF/A."),
		        N_("a PNG with transparency makes the file fail PDF/A-1 (soft masks are not allowed)"));
	{
		tb_status st = flush_ops(d, page); /* libharu writes the image's operators itself */
		if (st != TB_OK)
			return st;
	}
	HPDF_Page_DrawImage(page, img, it->u.image.x, ph - it->u.image.y - it->u.image.h,
	                    it->u.image.w, it->u.image.h);
	return d->err ? hpdf_failed(d, "drawing") : TB_OK;
}

static void draw_path(dev *d, float ph, const tb_dl_item *it)
{
	size_t i, k = 0;
	const tb_dl_point *p = it->u.path.pts;
	tb_buf *b = &d->ops;
	if (!it->u.path.filled && !it->u.path.stroked)
		return;
	if (it->u.path.filled)
		set_fill(d, it->u.path.fill);
	if (it->u.path.stroked) {
		set_stroke(d, it->u.path.stroke);
		set_line_width(d, it->u.path.width > 0 ? it->u.path.width : 0.5f);
		if (it->u.path.dashed)
			tb_buf_puts(b, "[3 2] 0 d\n");
	}
	for (i = 0; i < it->u.path.nops; i++) {
		switch (it->u.path.ops[i]) {
		case TB_DL_MOVE:
			if (k + 1 > it->u.path.npts)
				goto paint;
			put_xy(b, p[k].x, ph - p[k].y, " m\n");
			k++;
			break;
		case TB_DL_LINE:
			if (k + 1 > it->u.path.npts || k == 0)
				goto paint;
			put_xy(b, p[k].x, ph - p[k].y, " l\n");
			k++;
			break;
		case TB_DL_CURVE:
			if (k + 3 > it->u.path.npts || k == 0)
				goto paint;
			put_xy(b, p[k].x, ph - p[k].y, " ");
			put_xy(b, p[k + 1].x, ph - p[k + 1].y, " ");
			put_xy(b, p[k + 2].x, ph - p[k + 2].y, " c\n");
			k += 3;
			break;
		case TB_DL_CLOSE:
			if (k)
				tb_buf_puts(b, "h\n");
			break;
		}
	}
paint:
	if (k == 0)
		tb_buf_puts(b, "n\n");
	else if (it->u.path.filled && it->u.path.stroked)
		tb_buf_puts(b, it->u.path.even_odd ? "B*\n" : "B\n");
	else if (it->u.path.filled)
		tb_buf_puts(b, it->u.path.even_odd ? "f*\n" : "f\n");
	else
		tb_buf_puts(b, "S\n");
	if (it->u.path.stroked && it->u.path.dashed)
		tb_buf_puts(b, "[] 0 d\n");
}

static tb_status draw_item(dev *d, HPDF_Page page, float ph, const tb_dl_item *it)
{
	switch (it->kind) {
	case TB_DL_GLYPHS:
		return draw_glyphs(d, page, ph, it);
	case TB_DL_RULE:
		set_line_width(d, it->u.rule.width > 0.f ? it->u.rule.width : 0.5f);
		set_stroke(d, it->u.rule.color);
		if (it->u.rule.dashed)
			tb_buf_puts(&d->ops, "[3 2] 0 d\n");
		put_xy(&d->ops, it->u.rule.x1, ph - it->u.rule.y1, " m ");
		put_xy(&d->ops, it->u.rule.x2, ph - it->u.rule.y2, " l S\n");
		if (it->u.rule.dashed)
			tb_buf_puts(&d->ops, "[] 0 d\n");
		break;
	case TB_DL_RECT:
		set_fill(d, it->u.rect.color);
		put_rect(&d->ops, it->u.rect.x, ph - it->u.rect.y - it->u.rect.h, it->u.rect.w,
		         it->u.rect.h);
		tb_buf_puts(&d->ops, "f\n");
		break;
	case TB_DL_IMAGE:
		return draw_image(d, page, ph, it);
	case TB_DL_PATH:
		draw_path(d, ph, it);
		break;
	case TB_DL_CLIP:
		tb_buf_puts(&d->ops, "q\n");
		put_rect(&d->ops, it->u.rect.x, ph - it->u.rect.y - it->u.rect.h, it->u.rect.w,
		         it->u.rect.h);
		tb_buf_puts(&d->ops, "W n\n");
		break;
	case TB_DL_CLIP_END:
		tb_buf_puts(&d->ops, "Q\n");
		d->fill_set = d->stroke_set = d->lw_set = false; /* the state before q is back */
		break;
	case TB_DL_ANCHOR:
		break; /* layout's own marks; never reach a device */
	case TB_DL_SEAL:
		break; /* content in the page's extras; the field is added after the content */
	case TB_DL_BOX:
		break; /* a place for callers to draw into; nothing of its own */
	}
	return d->err ? hpdf_failed(d, "drawing") : TB_OK;
}

static tb_status set_info(dev *d, const tb_pdf_meta *m, long long epoch)
{
	static const char *const keys[] = {"Title", "Author", "Subject", "Keywords", "Creator", "Producer"};
	const char *vals[6];
	size_t i;

	vals[0] = m->title;
	vals[1] = m->author;
	vals[2] = m->subject;
	vals[3] = m->keywords;
	vals[4] = m->creator;
	vals[5] = m->producer;
	for (i = 0; i < 6; i++)
		if (vals[i] && *vals[i] && tb_hpdf_set_info(d->pdf, keys[i], vals[i]) != HPDF_OK)
			return hpdf_failed(d, "writing the document information");
	if (epoch > 0) {
		time_t t = (time_t)epoch;
		struct tm tm;
		HPDF_Date date;
		gmtime_r(&t, &tm);
		memset(&date, 0, sizeof date);
		date.year = tm.tm_year + 1900;
		date.month = tm.tm_mon + 1;
		date.day = tm.tm_mday;
		date.hour = tm.tm_hour;
		date.minutes = tm.tm_min;
		date.seconds = tm.tm_sec;
		date.ind = '+'; /* +00'00': PDFBox misreads libharu's Z00'00' */
		HPDF_SetInfoDateAttr(d->pdf, HPDF_INFO_CREATION_DATE, date);
		HPDF_SetInfoDateAttr(d->pdf, HPDF_INFO_MOD_DATE, date);
	}
	return d->err ? hpdf_failed(d, "writing the document information") : TB_OK;
}

/* A one-document PDF (tb_ctx_set_one_document) has its largest face cut and deflated on the
 * helper thread (core/helper.h) while this one does the others: the faces' programs are a
 * fifth of a fresh fill's work after start-up, one face most of it. Which one runs where
 * changes nothing in the file: tb_pdf_face_build then takes each outcome in the faces' order. */
typedef struct beside_face {
	tb_pdf_face *pf;
	int deflate;
} beside_face;

static size_t faces_beside; /* for the tests */

size_t tb_pdf_faces_beside(void)
{
	return __atomic_load_n(&faces_beside, __ATOMIC_RELAXED);
}

static void face_beside(void *arg)
{
	beside_face *b = arg;
	tb_pdf_face_work(b->pf, b->deflate, NULL);
}

static void work_beside(dev *d)
{
	struct libdeflate_compressor *c = NULL;
	beside_face b = {NULL, d->compress};
	tb_helper_job *job;
	size_t i, n = 0;
	unsigned most = 0;
	for (i = 0; i < d->fonts.n; i++) {
		tb_pdf_face *pf = &d->fonts.faces[i];
		if (tb_pdf_face_needs_work(d->ctx, pf, d->compress)) {
			n++;
			if (hb_set_get_population(pf->gids) > most) {
				most = hb_set_get_population(pf->gids);
				b.pf = pf;
			}
		}
	}
	/* the others here, with the context's compressor (none: tb_pdf_face_build fails them) */
	if (n < 2 || (d->compress && !(c = tb_deflater(d->ctx, TB_PDF_DEFLATE_LEVEL_FONT))) ||
	    !(job = tb_helper_post(face_beside, &b)))
		return;
	__atomic_add_fetch(&faces_beside, 1, __ATOMIC_RELAXED);
	for (i = 0; i < d->fonts.n; i++) {
		tb_pdf_face *pf = &d->fonts.faces[i];
		if (pf != b.pf && tb_pdf_face_needs_work(d->ctx, pf, d->compress))
			tb_pdf_face_work(pf, d->compress, c);
	}
	tb_helper_join(job);
}

/* Subset each face and make its font objects (before drawing: text needs the fonts). */
static tb_status load_fonts(dev *d)
{
	size_t i;
	if (tb_ctx_one_document(d->ctx))
		work_beside(d);
	for (i = 0; i < d->fonts.n; i++) {
		tb_pdf_face *pf = &d->fonts.faces[i];
		tb_status st = tb_pdf_face_build(d->ctx, pf, d->compress);
		if (st == TB_OK)
			st = tb_pdf_cidfont_make(d->ctx, d->pdf, pf, d->pdfa);
		if (st != TB_OK)
			return st == TB_ENOMEM && d->err ? hpdf_failed(d, "making a font") : st;
	}
	return TB_OK;
}

/* A field name not used before in this document: "name", else "name_2", "name_3", ... */
static tb_status unique_field_name(dev *d, const tb_dl_item *seal, char **out)
{
	const char *base = seal->u.seal.name && *seal->u.seal.name ? seal->u.seal.name : "seal";
	size_t len = strlen(base) + 24, i, k;
	char *name = malloc(len), **grown;
	if (!name)
		return TB_ENOMEM;
	snprintf(name, len, "%s", base);
	for (k = 2;; k++) {
		for (i = 0; i < d->nfields && strcmp(d->fields[i], name) != 0; i++)
			;
		if (i == d->nfields)
			break;
		snprintf(name, len, "%s_%zu", base, k);
	}
	if (k > 2)
		tb_warn(d->ctx, "pdf.seal-duplicate", NULL, 0, 0,
		        N_("Give every seal place of the template its own name."),
		        N_("seal name '%s' is used more than once; this field is named '%s'"), base, name);
	grown = realloc(d->fields, (d->nfields + 1) * sizeof *grown);
	if (!grown) {
		free(name);
		return TB_ENOMEM;
	}
	d->fields = grown;
	d->fields[d->nfields++] = name;
	*out = name;
	return TB_OK;
}

static tb_status draw_pages(dev *d, const tb_dl_doc *doc)
{
	size_t p, i;
	tb_status st = TB_OK;
	for (p = 0; p < doc->npages && st == TB_OK; p++) {
		const tb_dl_page *pg = &doc->pages[p];
		HPDF_Page page = HPDF_AddPage(d->pdf);
		if (!page)
			return hpdf_failed(d, "adding a page");
		HPDF_Page_SetWidth(page, pg->width);
		HPDF_Page_SetHeight(page, pg->height);
		d->fill_set = d->stroke_set = d->lw_set = false; /* a page starts from the defaults */
		for (i = 0; i < pg->n && st == TB_OK; i++)
			st = draw_item(d, page, pg->height, &pg->items[i]);
		for (i = 0; i < d->extras[p].n && st == TB_OK; i++)
			st = draw_item(d, page, pg->height, &d->extras[p].items[i]);
		if (st == TB_OK)
			st = end_page(d, page, p);
		d->flushed = false;
		for (i = 0; i < pg->n && st == TB_OK; i++) {
			char *name;
			if (pg->items[i].kind != TB_DL_SEAL)
				continue;
			st = unique_field_name(d, &pg->items[i], &name);
			if (st == TB_OK)
				st = tb_pdf_seal_field(d->ctx, d->pdf, page, pg->height, &pg->items[i], name);
		}
	}
	return st;
}

tb_status tb_pdf_write(tb_ctx *ctx, const tb_dl_doc *doc, const tb_pdf_options *opts,
                       tb_writer *out)
{
	static const tb_pdf_options defaults = TB_PDF_OPTIONS_INIT;
	dev d;
	size_t p, i;
	tb_status st;
	long long epoch;
	char creator[64], producer[96];
	tb_buf file = TB_BUF_INIT;
	tb_pdf_meta meta;

	if (!opts)
		opts = &defaults;
	if (!doc || !out || doc->npages == 0)
		return TB_EINVAL;
	if (doc->npages > MAX_PAGES) {
		tb_error(ctx, "pdf.too-many-pages", NULL, 0, 0, N_("Split the document."),
		         N_("more than %d pages"), MAX_PAGES);
		return TB_ELIMIT;
	}
	memset(&d, 0, sizeof d);
	d.ctx = ctx;
	d.pdfa = opts->pdfa;
	d.compress = opts->compress;
	epoch = doc->epoch > 0 ? doc->epoch : tb_ctx_epoch(ctx);
	st = tb_fonts_get(ctx, &d.fm);
	if (st != TB_OK)
		return st;
	d.extras = calloc(doc->npages, sizeof *d.extras);
	d.own = calloc(doc->npages, sizeof *d.own);
	d.nown = doc->npages;
	d.pdf = HPDF_New(on_hpdf_error, &d);
	if (!d.extras || !d.own || !d.pdf) {
		st = TB_ENOMEM;
		goto cleanup;
	}
	/* Streams are marked for Flate; pdf_save.c deflates them (or not: compress = 0). */
	HPDF_SetCompressionMode(d.pdf, HPDF_COMP_ALL);

	/* Pass 1: seal frames and labels to add, characters per face. */
	for (p = 0; p < doc->npages && st == TB_OK; p++) {
		const tb_dl_page *pg = &doc->pages[p];
		for (i = 0; i < pg->n && st == TB_OK; i++) {
			if (pg->items[i].kind == TB_DL_SEAL)
				st = tb_pdf_seal_content(ctx, d.fm, pg, &pg->items[i], &d.extras[p]);
			else
				st = collect(&d, &pg->items[i], p);
		}
		for (i = 0; i < d.extras[p].n && st == TB_OK; i++)
			st = collect(&d, &d.extras[p].items[i], p);
	}
	if (st == TB_OK && d.missing)
		st = TB_ERROR; /* reported: a character no face has (font/coverage.c) */
	if (st == TB_OK)
		st = load_fonts(&d);
	if (st == TB_OK)
		st = draw_pages(&d, doc);
	if (st == TB_OK)
		st = tb_fonts_status(d.fm); /* a face lookup lost to out of memory drew another face */
	if (st != TB_OK)
		goto cleanup;
	snprintf(creator, sizeof creator, "tianbiao %s", tb_version());
	snprintf(producer, sizeof producer, "tianbiao %s with libharu %s", tb_version(), HPDF_GetVersion());
	meta.title = doc->title;
	meta.author = doc->author;
	meta.subject = doc->subject;
	meta.keywords = doc->keywords;
	meta.creator = creator;
	meta.producer = producer;
	st = set_info(&d, &meta, epoch);
	if (st != TB_OK)
		goto cleanup;
	if (tb_hpdf_set_lang(d.pdf, doc->lang && *doc->lang ? doc->lang : "zh-CN") != HPDF_OK) {
		st = hpdf_failed(&d, "writing the catalog");
		goto cleanup;
	}
	if (opts->pdfa) {
		st = tb_pdf_pdfa_apply(ctx, d.pdf, &meta, epoch);
		if (st != TB_OK)
			goto cleanup;
	}
	if (d.err) {
		st = hpdf_failed(&d, "building the document");
		goto cleanup;
	}
	{
		tb_pdf_save_options so;
		so.ctx = d.ctx;
		so.pdfa = opts->pdfa;
		so.compress = opts->compress;
		so.fonts = &d.fonts;
		so.own = d.own;
		so.nown = d.nown;
		so.own_bytes = d.ops.data;
		/* Our own writer lays out the file (pdf_save.c); it needs the offsets of what it
		 * wrote, so the file is assembled in memory and handed to the writer at once. */
		st = tb_pdf_save(d.pdf, &so, &file);
		if (st == TB_OK && d.err)
			st = hpdf_failed(&d, "writing the file");
		if (st != TB_OK)
			goto cleanup;
	}
	st = tb_writer_put_buf(out, &file);
cleanup:
	tb_buf_free(&file);
	if (d.pdf)
		HPDF_Free(d.pdf);
	for (p = 0; d.extras && p < doc->npages; p++)
		tb_pdf_extra_free(&d.extras[p]);
	free(d.extras);
	for (i = 0; i < d.nfields; i++)
		free(d.fields[i]);
	free(d.fields);
	tb_buf_free(&d.ops);
	free(d.own);
	tb_pdf_fontset_free(&d.fonts);
	return st;
}
