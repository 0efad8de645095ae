/* test_kept.c: what a batch keeps of an applicant between loading and building (pack_kept:
 * the digests only) and the build from it (pack_build_kept), which reads the applicant's
 * fields again from the evidence: the same fields, the same package bytes, and the same
 * refusals when the evidence or an attachment changed in between. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "check_diag.h"
#include "core/ctx.h"
#include "core/digest.h"
#include "core/file.h"
#include "data/evidence.h"
#include "pack/app.h"
#include "pack/pack.h"
#include "tianbiao/tb_evidence.h"

/* A fresh folder of generated applicants (tests/pack/gen_applicants.py). */
static void generate(const char *dir, int n)
{
	char cmd[8192];
	snprintf(cmd, sizeof cmd, "rm -rf '%s' && python3 '%s' '%s' %d --size 3000 --vary-text >/dev/null",
	         dir, src_path("tests/pack/gen_applicants.py"), dir, n);
	CHECK(system(cmd) == 0);
}

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* Every field pack_app_from_evidence fills must be what loading filled. */
static void check_same_fields(const pack_app *a, const pack_app *b)
{
	size_t i;
	CHECK(same(a->program_id, b->program_id));
	CHECK(same(a->program_title, b->program_title));
	CHECK_EQ_INT(a->year, b->year);
	CHECK(same(a->applicant, b->applicant));
	CHECK(same(a->authority, b->authority));
	CHECK(same(a->recommender, b->recommender));
	CHECK(same(a->kind, b->kind));
	CHECK(same(a->kind_label, b->kind_label));
	CHECK(same(a->date, b->date));
	CHECK(same(a->contact_name, b->contact_name));
	CHECK(same(a->phone, b->phone));
	CHECK(same(a->mobile, b->mobile));
	CHECK(same(a->email, b->email));
	CHECK(same(a->targets, b->targets));
	CHECK_EQ_INT(a->quota, b->quota);
	CHECK_EQ_INT(a->natts, b->natts);
	for (i = 0; i < a->natts && i < b->natts; i++) {
		CHECK(same(a->atts[i].id, b->atts[i].id));
		CHECK(same(a->atts[i].path, b->atts[i].path));
		CHECK(same(a->atts[i].title, b->atts[i].title));
		CHECK(same(a->atts[i].supports, b->atts[i].supports));
		CHECK(same(a->atts[i].declared, b->atts[i].declared));
	}
}

/* The applicant as a batch loads it: loaded, every attachment hashed (pack_att seen). */
static pack_app *load_hashed(tb_ctx *ctx, const char *evidence)
{
	pack_app *a = NULL;
	size_t i;
	CHECK(pack_app_load(ctx, evidence, NULL, NULL, &a) == TB_OK);
	for (i = 0; a && i < a->natts; i++) {
		char *full = NULL;
		CHECK(tb_path_confine(a->dir, a->atts[i].path, &full) == TB_PATH_OK);
		CHECK(full && tb_digest_file(ctx, TB_SHA256, full, a->atts[i].seen) == TB_OK);
		free(full);
	}
	return a;
}

/* The fields read again from the evidence are the ones loading read, for applicants that
 * differ in all of them (two bodies, their own texts and attachments). */
TEST(fields_read_again_equal_loaded)
{
	static const char *const ev[] = {"kept-fields/A0001/evidence.xml",
	                                 "kept-fields/A0002/evidence.xml"};
	tb_ctx *ctx;
	size_t k;
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	generate("kept-fields", 2);
	for (k = 0; k < 2; k++) {
		tb_evidence_options eo = TB_EVIDENCE_OPTIONS_INIT;
		tb_evidence *e = NULL;
		pack_app *loaded = NULL, *again = calloc(1, sizeof *again);
		char *data = NULL;
		size_t len = 0;
		CHECK(pack_app_load(ctx, ev[k], NULL, NULL, &loaded) == TB_OK);
		CHECK(tb_file_read(ctx, ev[k], 1 << 22, &data, &len) == TB_OK);
		CHECK(tb_evidence_load_mem(ctx, ev[k], data, len, &eo, &e) == TB_OK);
		CHECK(again && (again->evidence_path = strdup(ev[k])));
		CHECK(e && again && pack_app_from_evidence(ctx, again, e) == TB_OK);
		if (loaded && again) {
			CHECK(loaded->natts > 0 && loaded->applicant && *loaded->applicant);
			check_same_fields(loaded, again);
		}
		tb_evidence_free(e);
		free(data);
		pack_app_free(loaded);
		pack_app_free(again);
	}
	tb_ctx_free(ctx);
}

/* What is kept: the evidence's SHA-256, then each attachment's as hashed; nothing else. */
TEST(kept_is_the_digests)
{
	tb_ctx *ctx;
	pack_app *a;
	pack_kept k = {NULL, NULL, 0};
	size_t i;
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	generate("kept-digests", 1);
	a = load_hashed(ctx, "kept-digests/A0001/evidence.xml");
	CHECK(a && pack_kept_from_app(&k, a) == TB_OK);
	if (a && k.digests) {
		CHECK_EQ_INT(k.natts, a->natts);
		CHECK_EQ_INT(strlen(k.digests), (a->natts + 1) * PACK_KEPT_HEX);
		CHECK(!strncmp(k.digests, a->evidence_sha256, PACK_KEPT_HEX));
		for (i = 0; i < a->natts; i++)
			CHECK(!strncmp(k.digests + (i + 1) * PACK_KEPT_HEX, a->atts[i].seen, PACK_KEPT_HEX));
		/* nothing hashed: blanks, which the build reads as "not seen" */
		a->atts[0].seen[0] = '\0';
		free(k.digests);
		CHECK(pack_kept_from_app(&k, a) == TB_OK);
		CHECK(k.digests && k.digests[PACK_KEPT_HEX] == ' ');
	}
	free(k.digests);
	pack_app_free(a);
	tb_ctx_free(ctx);
}

/* Built from what was kept, the package is byte for byte the one built from the whole
 * pack_app; and it is not whatever pack_build_app makes: with one field changed in the
 * pack_app the bytes differ, so the comparison can fail. */
TEST(kept_build_is_the_same_package)
{
	tb_ctx *ctx;
	pack_app *a;
	pack_kept k = {"kept-build/A0001/evidence.xml", NULL, 0};
	char *p1 = NULL, *p2 = NULL, *p3 = NULL;
	size_t l1 = 0, l2 = 0, l3 = 0;
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	tb_ctx_set_epoch(ctx, 1638316800);
	generate("kept-build", 1);
	a = load_hashed(ctx, k.evidence);
	CHECK(a && pack_kept_from_app(&k, a) == TB_OK);
	CHECK(a && pack_build_app(ctx, a, "kept-build/app.zip", NULL, "A0001", NULL, NULL) == TB_OK);
	CHECK(pack_build_kept(ctx, &k, "kept-build/kept.zip", NULL, "A0001", NULL, NULL, NULL) == TB_OK);
	CHECK(tb_file_read(ctx, "kept-build/app.zip", 1 << 26, &p1, &l1) == TB_OK);
	CHECK(tb_file_read(ctx, "kept-build/kept.zip", 1 << 26, &p2, &l2) == TB_OK);
	CHECK(p1 && p2 && l1 == l2 && !memcmp(p1, p2, l1));
	if (a) {
		free(a->recommender);
		a->recommender = strdup("另一个推荐单位");
		CHECK(pack_build_app(ctx, a, "kept-build/other.zip", NULL, "A0001", NULL, NULL) == TB_OK);
		CHECK(tb_file_read(ctx, "kept-build/other.zip", 1 << 26, &p3, &l3) == TB_OK);
		CHECK(p1 && p3 && (l1 != l3 || memcmp(p1, p3, l1)));
	}
	CHECK_EQ_INT(tb_diag_count_severity(ctx, TB_SEV_ERROR), 0);
	free(p1);
	free(p2);
	free(p3);
	free(k.digests);
	pack_app_free(a);
	tb_ctx_free(ctx);
}

/* An attachment without a declared sha256 changed after it was hashed: only the kept digest
 * can tell, and the package is refused (attachment.changed), not written. */
TEST(kept_build_refuses_changed_attachment)
{
	tb_ctx *ctx;
	pack_app *a;
	pack_kept k = {"kept-att/A0001/evidence.xml", NULL, 0};
	size_t i, undeclared = (size_t)-1;
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	generate("kept-att", 1);
	a = load_hashed(ctx, k.evidence);
	CHECK(a && pack_kept_from_app(&k, a) == TB_OK);
	for (i = 0; a && i < a->natts && undeclared == (size_t)-1; i++)
		if (!a->atts[i].declared)
			undeclared = i;
	CHECK(undeclared != (size_t)-1);
	if (a && undeclared != (size_t)-1) {
		char *full = NULL;
		FILE *f;
		CHECK(tb_path_confine(a->dir, a->atts[undeclared].path, &full) == TB_PATH_OK);
		f = full ? fopen(full, "ab") : NULL;
		CHECK(f != NULL);
		if (f) {
			fputs("appended after hashing", f);
			fclose(f);
		}
		free(full);
		CHECK(pack_build_kept(ctx, &k, "kept-att/out.zip", NULL, "A0001", NULL, NULL, NULL) ==
		      TB_ERROR);
		CHECK(has_code(ctx, "attachment.changed"));
		CHECK(!tb_file_exists("kept-att/out.zip"));
	}
	free(k.digests);
	pack_app_free(a);
	tb_ctx_free(ctx);
}

/* The evidence edited (still valid) after it was loaded: the fields are not read from the
 * new bytes; the package is refused (evidence.changed). */
TEST(kept_build_refuses_changed_evidence)
{
	tb_ctx *ctx;
	pack_app *a;
	pack_kept k = {"kept-ev/A0001/evidence.xml", NULL, 0};
	char *data = NULL, *at;
	size_t len = 0;
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	generate("kept-ev", 1);
	a = load_hashed(ctx, k.evidence);
	CHECK(a && pack_kept_from_app(&k, a) == TB_OK);
	CHECK(tb_file_read(ctx, k.evidence, 1 << 22, &data, &len) == TB_OK);
	at = data ? strstr(data, "<postcode>066000<") : NULL;
	CHECK(at != NULL);
	if (at) {
		FILE *f = fopen(k.evidence, "wb");
		at[strlen("<postcode>06600")] = '9';
		CHECK(f && fwrite(data, 1, len, f) == len);
		if (f)
			fclose(f);
		CHECK(pack_build_kept(ctx, &k, "kept-ev/out.zip", NULL, "A0001", NULL, NULL, NULL) ==
		      TB_ERROR);
		CHECK(has_code(ctx, "evidence.changed"));
		CHECK(!tb_file_exists("kept-ev/out.zip"));
	}
	free(data);
	free(k.digests);
	pack_app_free(a);
	tb_ctx_free(ctx);
}

CHECK_MAIN(T(fields_read_again_equal_loaded), T(kept_is_the_digests), T(kept_build_is_the_same_package),
           T(kept_build_refuses_changed_attachment), T(kept_build_refuses_changed_evidence))
