/* device.c: the table of output formats and the loop that runs a display list through a
 * device. Adding a format is adding a row here (and its device, render/dev_<name>.c). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/ctx.h"
#include "core/i18n.h"
#include "render/device.h"

static const tb_device_format formats[] = {
	{{"pdf", "pdf", "application/pdf",
	  "PDF with embedded subset fonts and empty signature fields (PDF/A-1b with pdfa)",
	  TB_RENDER_OPT_PDFA},
	 tb_dev_pdf_new},
	{{"png", "png", "image/png", "PNG preview of one page (dpi, page)",
	  TB_RENDER_OPT_DPI | TB_RENDER_OPT_PAGE},
	 tb_dev_png_new},
	{{"trace", "trace", "text/plain; charset=utf-8",
	  "text trace: one line per placed item, for tests and debugging", 0},
	 tb_dev_trace_new},
};
#define NFORMATS (sizeof formats / sizeof formats[0])

const tb_render_format *tb_render_format_at(size_t i)
{
	return i < NFORMATS ? &formats[i].info : NULL;
}

const tb_device_format *tb_device_format_find(const char *name)
{
	size_t i;
	if (!name)
		return NULL;
	for (i = 0; i < NFORMATS; i++)
		if (!strcmp(formats[i].info.name, name))
			return &formats[i];
	if (*name == '.')
		name++;
	for (i = 0; i < NFORMATS; i++)
		if (!strcasecmp(formats[i].info.ext, name))
			return &formats[i];
	return NULL;
}

const tb_render_format *tb_render_format_find(const char *name_or_ext)
{
	const tb_device_format *f = tb_device_format_find(name_or_ext);
	return f ? &f->info : NULL;
}

const tb_device_format *tb_device_format_for_path(const char *path)
{
	const char *base, *dot;
	if (!path)
		return NULL;
	base = strrchr(path, '/');
	dot = strrchr(base ? base : path, '.');
	return dot && dot[1] ? tb_device_format_find(dot + 1) : NULL;
}

static tb_status run_item(tb_device *dev, const tb_dl_item *it)
{
	tb_status (*hook)(tb_device *, const tb_dl_item *) = NULL;
	switch (it->kind) {
	case TB_DL_GLYPHS: hook = dev->glyphs; break;
	case TB_DL_RULE: hook = dev->rule; break;
	case TB_DL_RECT: hook = dev->rect; break;
	case TB_DL_IMAGE: hook = dev->image; break;
	case TB_DL_SEAL: hook = dev->seal; break;
	case TB_DL_BOX: hook = dev->box; break;
	}
	return hook ? hook(dev, it) : TB_OK;
}

tb_status tb_device_run(tb_device *dev, const tb_dl_doc *doc)
{
	size_t p, i;
	tb_status st = TB_OK;
	if (!dev || !doc)
		return TB_EINVAL;
	if (dev->begin_doc && (st = dev->begin_doc(dev, doc)) != TB_OK)
		return st;
	for (p = 0; p < doc->npages; p++) {
		const tb_dl_page *pg = &doc->pages[p];
		if (dev->begin_page && (st = dev->begin_page(dev, pg, p)) != TB_OK)
			return st;
		for (i = 0; i < pg->n; i++)
			if ((st = run_item(dev, &pg->items[i])) != TB_OK)
				return st;
		if (dev->end_page && (st = dev->end_page(dev, pg, p)) != TB_OK)
			return st;
	}
	return dev->end_doc ? dev->end_doc(dev) : TB_OK;
}

void tb_device_drop(tb_device *dev)
{
	if (dev && dev->drop)
		dev->drop(dev);
}

tb_status tb_device_write(tb_ctx *ctx, const tb_device_format *f, const tb_dl_doc *doc,
                          const tb_device_options *opts, tb_writer *out)
{
	static const tb_device_options defaults = TB_DEVICE_OPTIONS_INIT;
	tb_device *dev = NULL;
	const char *refused = NULL;
	tb_status st;

	if (!ctx || !f || !doc || !out)
		return TB_EINVAL;
	if (!opts)
		opts = &defaults;
	if (opts->pdfa && !(f->info.options & TB_RENDER_OPT_PDFA))
		refused = "pdfa";
	else if (opts->dpi != 0 && !(f->info.options & TB_RENDER_OPT_DPI))
		refused = "dpi";
	else if (opts->page != 0 && !(f->info.options & TB_RENDER_OPT_PAGE))
		refused = "page";
	if (refused) {
		tb_error(ctx, "render.option", NULL, 0, 0,
		         N_("Leave the option out, or choose a format that has it."),
		         N_("the %s format has no option '%s'"), f->info.name, refused);
		return TB_EINVAL;
	}
	st = f->create(ctx, opts, out, &dev);
	if (st == TB_OK)
		st = tb_device_run(dev, doc);
	tb_device_drop(dev);
	return st;
}
