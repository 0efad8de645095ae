/* test_qa.c: regression tests for bugs found by the quality pass (fuzzing, hostile input). */
#include <string.h>

#include "check.h"
#include "core/ctx.h"

/* fill -o OUT.pdf renders a temporary DOCX: its diagnostics must name the template. */
TEST(diag_rename_file)
{
	tb_ctx *ctx;
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	tb_error(ctx, "a.b", "keep.docx", 1, 1, NULL, "first");
	tb_error(ctx, "a.b", "out.pdf.tmp1.docx", 2, 1, NULL, "second");
	tb_error(ctx, "a.b", NULL, 0, 0, NULL, "third");
	tb_error(ctx, "a.b", "out.pdf.tmp1.docx", 3, 1, NULL, "fourth");
	tb_diag_rename_file(ctx, 2, "out.pdf.tmp1.docx", "form.docx");
	CHECK(!strcmp(tb_diag_get(ctx, 0)->file, "keep.docx"));
	CHECK(!strcmp(tb_diag_get(ctx, 1)->file, "out.pdf.tmp1.docx")); /* before `from` */
	CHECK(tb_diag_get(ctx, 2)->file == NULL);
	CHECK(!strcmp(tb_diag_get(ctx, 3)->file, "form.docx"));
	tb_ctx_free(ctx);
}

CHECK_MAIN(T(diag_rename_file))
