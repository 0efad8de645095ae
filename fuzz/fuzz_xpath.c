/* fuzz_xpath.c: XPath-heavy templates (issue 17 item 7). Every tag is an XPath expression over
 * the data; nested searches (count(//*[count(//*) > 0])), unions, predicates and functions must
 * end within the fill's step budget (fill.limit), never crash, hang or leak.
 * Input: one expression per line (at most 12). Line k becomes, by k mod 4, a value tag
 * {{expr}}, a section {{#expr}}{{.}} {{name(.)}}{{/expr}}, an inverted section
 * {{^expr}}none{{/expr}}, or a value with a formatter {{expr | cn_date}}. The data is a
 * generated tree whose size the first byte chooses (up to about 600 elements: a nested
 * search stays well under the budget, so runs are quick, yet every step kind is reached). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/writer.h"
#include "fuzz_pkg.h"
#include "tianbiao/tb_fill.h"

#define MAX_LINES 12

static void put_escaped(tb_buf *b, const char *s, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '<')
			tb_buf_puts(b, "&lt;");
		else if (c == '&')
			tb_buf_puts(b, "&amp;");
		else if (c == '>')
			tb_buf_puts(b, "&gt;");
		else if (c >= 0x20 || c == '\t')
			tb_buf_put(b, &s[i], 1);
	}
}

static void paragraph(tb_buf *b, const char *pre, const char *expr, size_t n, const char *post)
{
	tb_buf_puts(b, "<w:p><w:r><w:t xml:space=\"preserve\">");
	tb_buf_puts(b, pre);
	put_escaped(b, expr, n);
	tb_buf_puts(b, post);
	tb_buf_puts(b, "</w:t></w:r></w:p>");
}

/* <d> with `n` items, each with a few children, attributes and text: names repeat, so
 * predicates and // searches find many nodes. */
static void data_tree(tb_buf *b, unsigned n)
{
	unsigned i;
	tb_buf_puts(b, "<d><name>申报单位</name><date>2021-12-01</date><amount>1234.5</amount><items>");
	for (i = 0; i < n; i++)
		tb_buf_printf(b, "<item id=\"i%u\" level=\"%u\"><t>第%u项</t><n>%u</n><sub><t>%u</t>"
		                 "<empty/></sub></item>",
		              i, i % 4, i, i, i * 7 % 13);
	tb_buf_puts(b, "</items></d>");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tb_ctx *ctx;
	tb_fill_options o = TB_FILL_OPTIONS_INIT;
	tb_buf doc, dat, out;
	tb_writer w;
	unsigned char *tmpl = NULL;
	size_t tlen = 0, pos = 1, line = 0;
	tb_status st = TB_ERROR;

	if (size < 1 || size > 4096 || tb_ctx_new(&ctx) != TB_OK)
		return 0;
	tb_buf_init(&doc, 1u << 20);
	tb_buf_init(&dat, 1u << 20);
	tb_buf_init(&out, 64u << 20);
	data_tree(&dat, data[0] % 100);
	tb_buf_puts(&doc, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document "
	                  "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
	                  "<w:body>");
	while (pos < size && line < MAX_LINES) {
		const char *s = (const char *)data + pos, *nl = memchr(s, '\n', size - pos);
		size_t n = nl ? (size_t)(nl - s) : size - pos;
		/* The closing tag repeats the expression, as a template's would. */
		switch (line++ % 4) {
		case 0:
			paragraph(&doc, "{{", s, n, "}}");
			break;
		case 1:
			paragraph(&doc, "{{#", s, n, "}}");
			paragraph(&doc, "", "{{.}} {{name(.)}} {{count(*)}}", strlen("{{.}} {{name(.)}} {{count(*)}}"), "");
			paragraph(&doc, "{{/", s, n, "}}");
			break;
		case 2:
			paragraph(&doc, "{{^", s, n, "}}none");
			paragraph(&doc, "{{/", s, n, "}}");
			break;
		default:
			paragraph(&doc, "{{", s, n, " | cn_date}}");
			break;
		}
		pos += n + 1;
	}
	tb_buf_puts(&doc, "</w:body></w:document>");
	w = tb_writer_buf(&out);
	o.validate = 0;
	o.missing = TB_FILL_MISSING_EMPTY;
	if (tb_buf_status(&doc) == TB_OK && tb_buf_status(&dat) == TB_OK &&
	    fz_docx(doc.data, doc.len, &tmpl, &tlen) == 0)
		st = tb_fill_mem(ctx, "xpath.docx", tmpl, tlen, "data.xml", dat.data, dat.len, &w, &o);
	/* Errors are expected (bad expressions, the step budget); crashes, hangs and leaks are
	 * not. TB_FUZZ_VERBOSE shows what an input reached. */
	if (getenv("TB_FUZZ_VERBOSE")) {
		fprintf(stderr, "xpath: status %d, %zu bytes out, %zu diagnostics\n", (int)st, out.len,
		        tb_diag_count(ctx));
		tb_diag_print(ctx, stderr);
	}
	free(tmpl);
	tb_buf_free(&doc);
	tb_buf_free(&dat);
	tb_buf_free(&out);
	tb_ctx_free(ctx);
	return 0;
}
