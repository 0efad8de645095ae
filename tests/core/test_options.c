/* Every public options struct is version-checked with one diagnostic (api.version) naming the
 * struct, before anything is read or written. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "tianbiao/tianbiao.h"

/* The call failed with TB_EINVAL, recorded api.version naming `type`, and left nothing at
 * `out` (when given). */
static void refused(tb_ctx *ctx, tb_status st, const char *type, const char *out)
{
	size_t i;
	int found = 0;
	struct stat sb;
	CHECK_EQ_INT(st, TB_EINVAL);
	for (i = 0; i < tb_diag_count(ctx); i++) {
		const tb_diag *d = tb_diag_get(ctx, i);
		if (!strcmp(d->code, "api.version") && strstr(d->message, type))
			found = 1;
	}
	if (!found)
		fprintf(stderr, "  no api.version naming %s\n", type);
	CHECK(found);
	if (out)
		CHECK(stat(out, &sb) != 0);
	tb_diag_clear(ctx);
}

static tb_status discard(void *user, const void *data, size_t len)
{
	(void)user;
	(void)data;
	(void)len;
	return TB_OK;
}

TEST(every_options_struct_checked)
{
	tb_ctx *ctx;
	tb_evidence *ev = NULL;
	tb_score *s = NULL;
	tb_writer w = {discard, NULL};
	const char *evidence = src_path("tests/score/data/qhd-clean/evidence.xml");
	const char *batches[] = {"."};

	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	{
		tb_fill_options o = TB_FILL_OPTIONS_INIT;
		o.version = 99;
		refused(ctx, tb_fill_mem(ctx, "t.docx", "PK", 2, NULL, "<d/>", 4, &w, &o),
		        "tb_fill_options", NULL);
	}
	{
		tb_evidence_options o = TB_EVIDENCE_OPTIONS_INIT;
		o.version = 99;
		refused(ctx, tb_evidence_load(ctx, evidence, &o, &ev), "tb_evidence_options", NULL);
		CHECK(ev == NULL);
	}
	CHECK_EQ_INT(tb_evidence_load(ctx, evidence, NULL, &ev), TB_OK);
	tb_diag_clear(ctx);
	if (ev) {
		tb_score_options o = TB_SCORE_OPTIONS_INIT;
		o.version = 99;
		refused(ctx, tb_score_compute(ctx, ev, &o, &s), "tb_score_options", NULL);
		CHECK(s == NULL);
	}
	{
		tb_pack_options o = TB_PACK_OPTIONS_INIT;
		o.version = 99;
		refused(ctx, tb_pack_build(ctx, evidence, "opt-pack.zip", &o), "tb_pack_options",
		        "opt-pack.zip");
	}
	{
		tb_batch_options o = {0};
		o.version = 99;
		o.pack.version = TB_PACK_OPTIONS_VERSION;
		refused(ctx, tb_pack_batch(ctx, ".", "opt-batch", &o, NULL), "tb_batch_options",
		        "opt-batch");
		o.version = TB_BATCH_OPTIONS_VERSION;
		o.pack.version = 99;
		refused(ctx, tb_pack_batch(ctx, ".", "opt-batch", &o, NULL), "tb_pack_options",
		        "opt-batch");
	}
	{
		tb_archive_options o = TB_ARCHIVE_OPTIONS_INIT;
		o.version = 99;
		o.year = 2021;
		refused(ctx, tb_pack_archive(ctx, batches, 1, "opt-bag", &o), "tb_archive_options",
		        "opt-bag");
	}
	{
		tb_verify_options o = TB_VERIFY_OPTIONS_INIT;
		o.version = 99;
		refused(ctx, tb_pack_verify(ctx, "opt-pack.zip", &o), "tb_verify_options", NULL);
	}
	tb_evidence_free(ev);
	tb_ctx_free(ctx);
}

CHECK_MAIN(T(every_options_struct_checked))
