/* dev_pdf.c: the PDF device on the device interface. The PDF device makes two passes over
 * the whole document (characters per face first, so each face is embedded once as a subset),
 * so it takes the document in begin_doc and writes it in end_doc through tb_pdf_write
 * (pdf_device.c); it has no per-item hooks. */
#include <stdlib.h>

#include "core/writer.h"
#include "render/device.h"

typedef struct pdf_dev {
	tb_device base;
	tb_pdf_options opts;
	tb_writer *out;
	const tb_dl_doc *doc;
} pdf_dev;

static tb_status pdf_begin_doc(tb_device *dev, const tb_dl_doc *doc)
{
	((pdf_dev *)dev)->doc = doc;
	return TB_OK;
}

static tb_status pdf_end_doc(tb_device *dev)
{
	pdf_dev *p = (pdf_dev *)dev;
	return p->doc ? tb_pdf_write(dev->ctx, p->doc, &p->opts, p->out) : TB_EINVAL;
}

static void pdf_drop(tb_device *dev)
{
	free(dev);
}

tb_status tb_dev_pdf_new(tb_ctx *ctx, const tb_device_options *opts, tb_writer *out,
                         tb_device **dev)
{
	pdf_dev *p = calloc(1, sizeof *p);
	*dev = NULL;
	if (!p)
		return TB_ENOMEM;
	p->base.ctx = ctx;
	p->base.begin_doc = pdf_begin_doc;
	p->base.end_doc = pdf_end_doc;
	p->base.drop = pdf_drop;
	p->opts.pdfa = opts->pdfa;
	p->opts.compress = opts->compress;
	p->out = out;
	*dev = &p->base;
	return TB_OK;
}

tb_status tb_dl_write_pdf(tb_ctx *ctx, const tb_dl_doc *d, const tb_pdf_options *opts,
                          const char *path)
{
	tb_file_writer *fw;
	tb_status st;
	if (!d || !path)
		return TB_EINVAL;
	if ((st = tb_file_writer_open(ctx, path, &fw)) != TB_OK)
		return st;
	st = tb_pdf_write(ctx, d, opts, tb_file_writer_get(fw));
	return tb_file_writer_finish(fw, st);
}
