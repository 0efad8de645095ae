/* odt_read.c: ODT (OpenDocument text) → document model. */
#include "core/ctx.h"
#include "doc/doc_read.h"

tb_status tb_odt_read(tb_ctx *ctx, tb_zipr *z, const char *name,
                      const tb_doc_read_options *o, tb_doc *doc)
{
	(void)z; (void)o; (void)doc;
	tb_error(ctx, "doc.format", name, 0, 0, "Convert it to DOCX.", "ODT is not read yet");
	return TB_EUNSUPPORTED;
}
