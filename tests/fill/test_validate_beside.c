/* A context that makes one document validates the evidence on the helper thread
 * (core/helper.h) while it fills and lays out (fill/validate_beside.c). Its outcome -- the
 * status, the PDF's bytes and every finding in its order -- must be that of a context that
 * validates in place: for valid evidence, for evidence with a warning (a date past the
 * deadline) and for invalid evidence (staff that do not add up, and a name of a character no
 * face has, whose finding comes from the fill's own check). Its PDF's largest face is cut
 * on the helper thread too (render/pdf_device.c): the bytes must not change. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/buf.h"
#include "core/ctx.h"
#include "core/file.h"
#include "core/writer.h"
#include "fill/fill_int.h"
#include "render/pdf_priv.h"
#include "tianbiao/tb_fill.h"
#include "tianbiao/tb_render.h"
#include "tianbiao/tb_report.h"

typedef struct outcome {
	tb_status st;
	tb_buf out, diags;
} outcome;

static void run(int one, int allow_missing, const char *tname, const char *t, size_t tlen, const char *dname,
                const char *d, size_t dlen, outcome *o)
{
	tb_fill_options fo = TB_FILL_OPTIONS_INIT;
	tb_ctx *ctx;
	tb_writer w;
	size_t i;
	memset(o, 0, sizeof *o);
	w = tb_writer_buf(&o->out);
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	tb_ctx_set_one_document(ctx, one);
	CHECK_EQ_INT(tb_render_set_allow_missing_glyphs(ctx, allow_missing), TB_OK);
	o->st = tb_fill_render_mem(ctx, tname, t, tlen, dname, d, dlen, &w, &fo, NULL);
	for (i = 0; i < tb_diag_count(ctx); i++) {
		const tb_diag *g = tb_diag_get(ctx, i);
		CHECK(tb_buf_printf(&o->diags, "%s|%s|%u:%u|%s\n", g->code, g->file ? g->file : "",
		                    g->line, g->column, g->message) == TB_OK);
	}
	tb_ctx_free(ctx);
}

static char *with(const char *s, const char *from, const char *to, size_t *len)
{
	const char *at = strstr(s, from);
	tb_buf b = TB_BUF_INIT;
	CHECK(at != NULL);
	if (!at)
		return NULL;
	tb_buf_put(&b, s, (size_t)(at - s));
	tb_buf_puts(&b, to);
	tb_buf_puts(&b, at + strlen(from));
	return tb_buf_detach(&b, len);
}

TEST(validation_beside_as_in_place)
{
	char tpath[4096], epath[4096], *t = NULL, *e = NULL;
	size_t tlen = 0, elen = 0, k, before, faces;
	tb_ctx *ctx;
	struct {
		const char *from, *to, *code;
		int allow_missing;
		tb_status st;
	} cases[] = {
		{"<date>", "<date>", NULL, 0, TB_OK},
		{"<date>2021-11-30</date>", "<date>2021-12-20</date>", "date.deadline", 0, TB_OK},
		{"part-time=\"7\"", "part-time=\"8\"", NULL, 0, TB_ERROR},
		{"<name>李明</name>", "<name>李\xf0\xae\xaf\xb0明</name>", "font.missing-glyph", 0, TB_ERROR},
		/* a warning of the validation's, then one of the check's (recorded before it, beside) */
		{"<name>李明</name>", "<name>李\xf0\xae\xaf\xb0明</name>", "date.deadline|", 1, TB_OK},
	};
	snprintf(tpath, sizeof tpath, "%s", src_path("templates/programs/qhd-2021/application-form.docx"));
	snprintf(epath, sizeof epath, "%s", src_path("samples/qhd-haigang-youth/evidence.xml"));
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	CHECK_EQ_INT(tb_file_read(ctx, tpath, 64u << 20, &t, &tlen), TB_OK);
	CHECK_EQ_INT(tb_file_read(ctx, epath, 64u << 20, &e, &elen), TB_OK);
	tb_ctx_free(ctx);
	tb_render_prefetch_fonts(); /* starts the helper thread, as the command line does */
	before = fill_validations_beside();
	faces = tb_pdf_faces_beside();
	for (k = 0; t && e && k < sizeof cases / sizeof cases[0]; k++) {
		size_t dlen = 0;
		char *d = with(e, cases[k].from, cases[k].to, &dlen);
		if (d && cases[k].allow_missing) { /* and late */
			char *late = with(d, "<date>2021-11-30</date>", "<date>2021-12-20</date>", &dlen);
			free(d);
			d = late;
		}
		outcome beside, in_place;
		run(1, cases[k].allow_missing, tpath, t, tlen, epath, d, dlen, &beside);
		CHECK_EQ_INT(fill_validations_beside(), before + k + 1); /* it did run beside */
		run(0, cases[k].allow_missing, tpath, t, tlen, epath, d, dlen, &in_place);
		CHECK_EQ_INT(fill_validations_beside(), before + k + 1);
		CHECK_EQ_INT(beside.st, cases[k].st);
		CHECK_EQ_INT(in_place.st, cases[k].st);
		CHECK(beside.out.len == in_place.out.len &&
		      (!beside.out.len || !memcmp(beside.out.data, in_place.out.data, beside.out.len)));
		CHECK((cases[k].st == TB_OK) == (beside.out.len > 1000));
		if (cases[k].st == TB_OK) { /* and its largest face made on the helper, same bytes */
			CHECK(tb_pdf_faces_beside() == faces + 1);
			faces = tb_pdf_faces_beside();
		}
		if (beside.diags.len != in_place.diags.len ||
		    (beside.diags.len && memcmp(beside.diags.data, in_place.diags.data, beside.diags.len))) {
			fprintf(stderr, "case %zu beside:\n%.*s\nin place:\n%.*s\n", k, (int)beside.diags.len,
			        beside.diags.data ? beside.diags.data : "", (int)in_place.diags.len,
			        in_place.diags.data ? in_place.diags.data : "");
			CHECK(!"the same findings in the same order");
		}
		CHECK(!cases[k].code || (beside.diags.data && strstr(beside.diags.data, cases[k].code)));
		if (cases[k].allow_missing) /* both, in this order */
			CHECK(beside.diags.data && strstr(beside.diags.data, "font.missing-glyph") &&
			      strstr(beside.diags.data, "date.deadline") <
			          strstr(beside.diags.data, "font.missing-glyph"));
		if (cases[k].st == TB_ERROR) /* the validation's or the check's error, first */
			CHECK(beside.diags.data && strstr(beside.diags.data, "|") != NULL);
		tb_buf_free(&beside.out);
		tb_buf_free(&beside.diags);
		tb_buf_free(&in_place.out);
		tb_buf_free(&in_place.diags);
		free(d);
	}
	free(t);
	free(e);
}

CHECK_MAIN(T(validation_beside_as_in_place))
