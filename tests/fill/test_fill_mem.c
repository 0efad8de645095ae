/* test_fill_mem.c: memory in, memory out: tb_fill_mem gives the very bytes tb_fill_file
 * writes, writes nothing when the data is wrong, and tb_fill_render_mem chains fill and
 * render without a file in between. */
#include <string.h>
#include <libxml/tree.h>
#include <unistd.h>

#include "check.h"
#include "check_diag.h"
#include "core/buf.h"
#include "core/ctx.h"
#include "core/file.h"
#include "core/writer.h"
#include "core/xml.h"
#include "fill/fill.h"
#include "report/report.h"
#include "tianbiao/tb_fill.h"
#include "tianbiao/tb_evidence.h"
#include "tianbiao/tb_report.h"
#include "tianbiao/tb_score.h"

#define TEMPLATE "templates/programs/qhd-2021/application-form.docx"
#define EVIDENCE "samples/qhd-haigang-youth/evidence.xml"

static char *slurp(const char *rel, size_t *len)
{
	tb_ctx *ctx;
	char *data = NULL;
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	if (tb_file_read(ctx, src_path(rel), 64u << 20, &data, len) != TB_OK)
		data = NULL;
	tb_ctx_free(ctx);
	return data;
}

TEST(same_bytes_as_the_file_fill)
{
	tb_ctx *ctx;
	tb_buf b = TB_BUF_INIT;
	tb_writer w = tb_writer_buf(&b);
	char dir[] = "/tmp/tbfillXXXXXX", out[4200], *file = NULL, *tmpl, *data;
	size_t flen = 0, tlen = 0, dlen = 0;
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	tmpl = slurp(TEMPLATE, &tlen);
	data = slurp(EVIDENCE, &dlen);
	CHECK(tmpl && data);
	CHECK(mkdtemp(dir) != NULL);
	snprintf(out, sizeof out, "%s/form.docx", dir);
	CHECK_EQ_INT(tb_fill_file(ctx, src_path(TEMPLATE), src_path(EVIDENCE), out, NULL), TB_OK);
	CHECK_EQ_INT(tb_file_read(ctx, out, 64u << 20, &file, &flen), TB_OK);
	CHECK_EQ_INT(tb_fill_mem(ctx, TEMPLATE, tmpl, tlen, src_path(EVIDENCE), data, dlen, &w, NULL),
	             TB_OK);
	CHECK(flen > 1000 && b.len == flen && !memcmp(b.data, file, flen));
	free(file);
	unlink(out);
	rmdir(dir);
	free(tmpl);
	free(data);
	tb_buf_free(&b);
	tb_ctx_free(ctx);
}

TEST(nothing_written_on_errors)
{
	static const char data[] = "<evidence><nothing/></evidence>";
	tb_ctx *ctx;
	tb_buf b = TB_BUF_INIT;
	tb_writer w = tb_writer_buf(&b);
	tb_fill_options o = TB_FILL_OPTIONS_INIT;
	size_t tlen = 0;
	char *tmpl = slurp(TEMPLATE, &tlen);
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	o.validate = 0;
	CHECK_EQ_INT(tb_fill_mem(ctx, "t.docx", tmpl, tlen, "d.xml", data, strlen(data), &w, &o),
	             TB_ERROR);
	CHECK(has_code(ctx, "fill.missing"));
	CHECK_EQ_INT(b.len, 0);
	/* bytes that are no package at all */
	tb_diag_clear(ctx);
	CHECK(tb_fill_mem(ctx, "t.docx", data, strlen(data), "d.xml", data, strlen(data), &w, &o) != TB_OK);
	CHECK(has_code(ctx, "zip.open"));
	CHECK_EQ_INT(b.len, 0);
	free(tmpl);
	tb_buf_free(&b);
	tb_ctx_free(ctx);
}

TEST(fill_and_render_in_memory)
{
	tb_ctx *ctx;
	tb_buf b = TB_BUF_INIT;
	tb_writer w = tb_writer_buf(&b);
	tb_render_options ro = TB_RENDER_OPTIONS_INIT;
	size_t tlen = 0, dlen = 0;
	char *tmpl = slurp(TEMPLATE, &tlen), *data = slurp(EVIDENCE, &dlen);
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	CHECK_EQ_INT(tb_fill_render_mem(ctx, TEMPLATE, tmpl, tlen, src_path(EVIDENCE), data, dlen, &w,
	                                NULL, NULL),
	             TB_OK);
	CHECK(b.len > 10000 && !memcmp(b.data, "%PDF-", 5));
	tb_buf_reset(&b);
	ro.format = "trace";
	CHECK_EQ_INT(tb_fill_render_mem(ctx, TEMPLATE, tmpl, tlen, src_path(EVIDENCE), data, dlen, &w,
	                                NULL, &ro),
	             TB_OK);
	/* the applicant's name, laid out */
	CHECK(b.data && strstr(b.data, "秦皇岛市海港区青少年科技活动中心") != NULL);
	free(tmpl);
	free(data);
	tb_buf_free(&b);
	tb_ctx_free(ctx);
}

/* Fill then render hands the filled trees over (tb_fill_mem_parts): the same bytes as
 * tb_fill_mem, and the filled parts' trees kept for the reader (they were once freed as soon
 * as written, and every render parsed the bytes again). */
TEST(filled_trees_handed_to_render)
{
	tb_ctx *ctx;
	tb_buf a = TB_BUF_INIT, b = TB_BUF_INIT;
	tb_writer wa = tb_writer_buf(&a), wb = tb_writer_buf(&b);
	tb_fill_parts *parts = NULL;
	struct _xmlDoc *doc;
	size_t tlen = 0, dlen = 0;
	char *tmpl = slurp(TEMPLATE, &tlen), *data = slurp(EVIDENCE, &dlen);
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	CHECK_EQ_INT(tb_fill_mem(ctx, TEMPLATE, tmpl, tlen, src_path(EVIDENCE), data, dlen, &wa, NULL),
	             TB_OK);
	CHECK_EQ_INT(tb_fill_mem_parts(ctx, TEMPLATE, tmpl, tlen, src_path(EVIDENCE), data, dlen, &wb,
	                               NULL, false, &parts),
	             TB_OK);
	CHECK(a.len > 1000 && a.len == b.len && !memcmp(a.data, b.data, a.len));
	doc = parts ? tb_fill_parts_take(parts, "word/document.xml") : NULL;
	CHECK(doc && xmlDocGetRootElement(doc) &&
	      !strcmp((const char *)xmlDocGetRootElement(doc)->name, "document"));
	tb_xml_free(doc);
	CHECK(tb_fill_parts_take(parts, "word/document.xml") == NULL); /* taken once */
	tb_fill_parts_free(parts);
	parts = NULL;
	/* for layout alone: the main part is not serialised (the package keeps the template's),
	 * its tree is handed over, and asked for again it is an empty tree, never those bytes */
	tb_buf_reset(&b);
	CHECK_EQ_INT(tb_fill_mem_parts(ctx, TEMPLATE, tmpl, tlen, src_path(EVIDENCE), data, dlen, &wb,
	                               NULL, true, &parts),
	             TB_OK);
	CHECK(b.len > 1000 && b.len != a.len);
	doc = parts ? tb_fill_parts_take(parts, "word/document.xml") : NULL;
	CHECK(doc && xmlDocGetRootElement(doc));
	tb_xml_free(doc);
	doc = parts ? tb_fill_parts_take(parts, "word/document.xml") : NULL;
	CHECK(doc && !xmlDocGetRootElement(doc));
	tb_xml_free(doc);
	tb_fill_parts_free(parts);
	free(tmpl);
	free(data);
	tb_buf_free(&a);
	tb_buf_free(&b);
	tb_ctx_free(ctx);
}

/* A package ships each form filled (DOCX) and rendered (PDF) from one fill: the same bytes
 * as filling and rendering separately, for the form and for the self-assessment report. */
TEST(one_fill_for_docx_and_pdf)
{
	tb_ctx *ctx;
	tb_buf docx = TB_BUF_INIT, pdf = TB_BUF_INIT, docx2 = TB_BUF_INIT, pdf2 = TB_BUF_INIT;
	tb_writer wd = tb_writer_buf(&docx), wp = tb_writer_buf(&pdf), wd2 = tb_writer_buf(&docx2),
	          wp2 = tb_writer_buf(&pdf2);
	tb_evidence *e = NULL;
	tb_score *sc = NULL;
	size_t tlen = 0, dlen = 0;
	char *tmpl = slurp(TEMPLATE, &tlen), *data = slurp(EVIDENCE, &dlen);
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	CHECK_EQ_INT(tb_fill_mem(ctx, TEMPLATE, tmpl, tlen, src_path(EVIDENCE), data, dlen, &wd, NULL),
	             TB_OK);
	CHECK_EQ_INT(tb_fill_render_mem(ctx, TEMPLATE, tmpl, tlen, src_path(EVIDENCE), data, dlen, &wp,
	                                NULL, NULL),
	             TB_OK);
	CHECK_EQ_INT(tb_fill_render_mem_both(ctx, TEMPLATE, tmpl, tlen, src_path(EVIDENCE), data, dlen,
	                                     &wd2, &wp2, NULL, NULL),
	             TB_OK);
	CHECK(docx.len > 1000 && docx.len == docx2.len && !memcmp(docx.data, docx2.data, docx.len));
	CHECK(pdf.len > 10000 && pdf.len == pdf2.len && !memcmp(pdf.data, pdf2.data, pdf.len));

	tb_buf_reset(&docx);
	tb_buf_reset(&pdf);
	tb_buf_reset(&docx2);
	tb_buf_reset(&pdf2);
	CHECK_EQ_INT(tb_evidence_load(ctx, src_path(EVIDENCE), NULL, &e), TB_OK);
	CHECK_EQ_INT(tb_score_compute(ctx, e, NULL, &sc), TB_OK);
	CHECK_EQ_INT(tb_report_write(ctx, sc, "docx", &wd, NULL), TB_OK);
	CHECK_EQ_INT(tb_report_write(ctx, sc, "pdf", &wp, NULL), TB_OK);
	CHECK_EQ_INT(tb_report_write_both(ctx, sc, "pdf", &wd2, &wp2, NULL), TB_OK);
	CHECK(docx.len > 1000 && docx.len == docx2.len && !memcmp(docx.data, docx2.data, docx.len));
	CHECK(pdf.len > 10000 && pdf.len == pdf2.len && !memcmp(pdf.data, pdf2.data, pdf.len));
	tb_score_free(sc);
	tb_evidence_free(e);
	free(tmpl);
	free(data);
	tb_buf_free(&docx);
	tb_buf_free(&pdf);
	tb_buf_free(&docx2);
	tb_buf_free(&pdf2);
	tb_ctx_free(ctx);
}

CHECK_MAIN(T(same_bytes_as_the_file_fill), T(nothing_written_on_errors), T(fill_and_render_in_memory),
           T(filled_trees_handed_to_render),
           T(one_fill_for_docx_and_pdf))
