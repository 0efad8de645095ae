/* device.h: output devices, which turn a display list (page/display.h) into bytes, and the
 * one table of output formats that render, report, pack and the CLI choose from.
 *
 * A device is a struct of callbacks, as MuPDF's fz_device: tb_device_run calls begin_doc,
 * then for each page begin_page, one callback per item (glyphs, rule, rect, image, seal,
 * box, path, clip, clip_end), end_page, and finally end_doc, which writes the output to the
 * device's tb_writer.
 * A device sets only the hooks it needs; unset ones are skipped. A device needing the whole
 * document at once (the PDF device makes two passes) takes it in begin_doc.
 *
 * A new device is one file (render/dev_<name>.c, its constructor declared below) and one
 * row in the table of render/device.c. */
#ifndef TB_RENDER_DEVICE_H
#define TB_RENDER_DEVICE_H
#include <stdio.h>

#include "page/display.h"
#include "tianbiao/tb_render.h"

typedef struct tb_device tb_device;
struct tb_device {
	tb_ctx *ctx;
	tb_status (*begin_doc)(tb_device *dev, const tb_dl_doc *doc);
	tb_status (*begin_page)(tb_device *dev, const tb_dl_page *page, size_t index);
	tb_status (*glyphs)(tb_device *dev, const tb_dl_item *it);
	tb_status (*rule)(tb_device *dev, const tb_dl_item *it);
	tb_status (*rect)(tb_device *dev, const tb_dl_item *it);
	tb_status (*image)(tb_device *dev, const tb_dl_item *it);
	tb_status (*seal)(tb_device *dev, const tb_dl_item *it);
	tb_status (*box)(tb_device *dev, const tb_dl_item *it);
	tb_status (*path)(tb_device *dev, const tb_dl_item *it);
	tb_status (*clip)(tb_device *dev, const tb_dl_item *it);     /* push a clip rectangle */
	tb_status (*clip_end)(tb_device *dev, const tb_dl_item *it); /* pop it */
	tb_status (*end_page)(tb_device *dev, const tb_dl_page *page, size_t index);
	tb_status (*end_doc)(tb_device *dev);
	void (*drop)(tb_device *dev); /* frees the device (it embeds this struct first) */
};

/* Run every page and item of `doc` through `dev`; stops at the first failing hook. */
TB_NODISCARD tb_status tb_device_run(tb_device *dev, const tb_dl_doc *doc);
void tb_device_drop(tb_device *dev);

/* What any device may be asked for; each format's row says which it honours. */
typedef struct tb_device_options {
	int pdfa;       /* PDF/A-1b */
	int compress;   /* compressed PDF streams (default 1) */
	float dpi;      /* raster devices: pixels per inch (0: 96) */
	unsigned page;  /* raster devices: the page, 1-based (0: the first) */
} tb_device_options;
#define TB_DEVICE_OPTIONS_INIT {0, 1, 0, 0}

typedef tb_status (*tb_device_new_fn)(tb_ctx *ctx, const tb_device_options *opts,
                                      tb_writer *out, tb_device **dev);

/* A row of the format table: the public description, then the constructor. */
typedef struct tb_device_format {
	tb_render_format info;
	tb_device_new_fn create;
} tb_device_format;

/* By name ("pdf") or, failing that, by extension ("PDF", ".pdf"); NULL if none. */
const tb_device_format *tb_device_format_find(const char *name);
/* By the extension of a file name; NULL if none. */
const tb_device_format *tb_device_format_for_path(const char *path);
/* Create the device and run the document through it into `out`. Options the format does not
 * honour are refused (render.option). */
TB_NODISCARD tb_status tb_device_write(tb_ctx *ctx, const tb_device_format *f, const tb_dl_doc *doc,
                          const tb_device_options *opts, tb_writer *out);

/* The devices, one file each. */
TB_NODISCARD tb_status tb_dev_pdf_new(tb_ctx *ctx, const tb_device_options *opts, tb_writer *out,
                         tb_device **dev);
TB_NODISCARD tb_status tb_dev_trace_new(tb_ctx *ctx, const tb_device_options *opts, tb_writer *out,
                           tb_device **dev);
TB_NODISCARD tb_status tb_dev_png_new(tb_ctx *ctx, const tb_device_options *opts, tb_writer *out,
                         tb_device **dev);

/* Rendering with the public options (render_file.c), for render and report: check the
 * options' version, set the font map, and choose the format (opts->format, else out_path's
 * extension, else PDF); errors api.version, render.format. */
TB_NODISCARD tb_status tb_render_setup(tb_ctx *ctx, const tb_render_options *opts, const char *out_path,
                          const tb_device_format **fmt);
/* A context for another thread that renders as `parent` does: its data folder, epoch, font
 * map and missing-glyph setting (a batch's or a mail merge's workers). TB_ENOMEM. */
TB_NODISCARD tb_status tb_render_ctx_like(const tb_ctx *parent, tb_ctx **out);
/* Worker threads for `items` pieces of work: `asked`, or one per online processor when 0,
 * never more than the pieces (at least 1). */
unsigned tb_render_workers(unsigned asked, size_t items);
/* Apply the options' metadata to `d`, write the trace if asked, and run the device. */
TB_NODISCARD tb_status tb_render_dl(tb_ctx *ctx, tb_dl_doc *d, const tb_render_options *opts,
                       const tb_device_format *fmt, tb_writer *out);

/* The PDF device's own entry point (pdf_device.c): the whole document, two passes. */
typedef struct tb_pdf_options {
	int pdfa;            /* PDF/A-1b */
	int compress;        /* default 1 */
} tb_pdf_options;
#define TB_PDF_OPTIONS_INIT {0, 1}
TB_NODISCARD tb_status tb_pdf_write(tb_ctx *ctx, const tb_dl_doc *d, const tb_pdf_options *opts,
                       tb_writer *out);

/* Conveniences for tests and tools: the PDF to a file (atomically), the trace to a stream. */
TB_NODISCARD tb_status tb_dl_write_pdf(tb_ctx *ctx, const tb_dl_doc *d, const tb_pdf_options *opts,
                          const char *path);
TB_NODISCARD tb_status tb_dl_write_trace(tb_ctx *ctx, const tb_dl_doc *d, FILE *out);

#endif
