/* Unit tests for src/data evidence: exact decimals, field formats, the reader's model and
 * accessors, the checks on in-memory documents, the skeleton. */
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "core/ctx.h"
#include "core/file.h"
#include "core/xml.h"
#include "data/decimal.h"
#include "data/evidence.h"
#include "data/format.h"
#include "tianbiao/tb_evidence.h"

static int count_code(tb_ctx *ctx, const char *code)
{
	size_t i;
	int n = 0;
	for (i = 0; i < tb_diag_count(ctx); i++)
		n += !strcmp(tb_diag_get(ctx, i)->code, code);
	return n;
}

TEST(decimal_parse)
{
	tb_dec d;
	CHECK(tb_dec_parse("35.5", &d) && d == 355000);
	CHECK(tb_dec_parse("0.0001", &d) && d == 1);
	CHECK(tb_dec_parse("20", &d) && d == 200000);
	CHECK(tb_dec_parse("00012.3400", &d) && d == 123400);
	CHECK(tb_dec_parse("99999999999999.9999", &d) && d == 999999999999999999LL);
	CHECK(!tb_dec_parse("", &d));
	CHECK(!tb_dec_parse(".5", &d));
	CHECK(!tb_dec_parse("5.", &d));
	CHECK(!tb_dec_parse("1.23456", &d));
	CHECK(!tb_dec_parse("-1", &d));
	CHECK(!tb_dec_parse("+1", &d));
	CHECK(!tb_dec_parse("1e3", &d));
	CHECK(!tb_dec_parse(" 1", &d));
	CHECK(!tb_dec_parse("1,5", &d));
	CHECK(!tb_dec_parse("123456789012345", &d)); /* 15 integer digits */
	CHECK(!tb_dec_parse(NULL, &d));
}

TEST(decimal_exact_sums)
{
	tb_dec a = 0, b = 0, c = 0, s;
	char buf[40];
	/* 0.1 + 0.2 == 0.3 exactly, unlike binary floating point */
	CHECK(tb_dec_parse("0.1", &a) && tb_dec_parse("0.2", &b) && tb_dec_parse("0.3", &c));
	CHECK(tb_dec_add(a, b, &s) && s == c);
	/* the sample's sources: 12.3 + 2.05 + 3.5 + 0.75 = 18.6 */
	s = 0;
	CHECK(tb_dec_parse("12.3", &a) && tb_dec_add(s, a, &s));
	CHECK(tb_dec_parse("2.05", &a) && tb_dec_add(s, a, &s));
	CHECK(tb_dec_parse("3.5", &a) && tb_dec_add(s, a, &s));
	CHECK(tb_dec_parse("0.75", &a) && tb_dec_add(s, a, &s));
	CHECK(tb_dec_parse("18.6", &c) && s == c);
	tb_dec_format(s, buf, sizeof buf);
	CHECK_EQ_STR(buf, "18.6");
	tb_dec_format(1, buf, sizeof buf);
	CHECK_EQ_STR(buf, "0.0001");
	tb_dec_format(200000, buf, sizeof buf);
	CHECK_EQ_STR(buf, "20");
	tb_dec_format(-5000, buf, sizeof buf);
	CHECK_EQ_STR(buf, "-0.5");
	CHECK(!tb_dec_add(0x7fffffffffffffffLL, 1, &s));
}

TEST(decimal_points)
{
	tb_dec d;
	tb_points p;
	CHECK(tb_dec_parse("1.25", &d) && tb_dec_to_points(d, &p) && p == 125);
	CHECK(tb_dec_parse("4", &d) && tb_dec_to_points(d, &p) && p == 400);
	CHECK(tb_dec_parse("0.125", &d) && !tb_dec_to_points(d, &p));
	CHECK(tb_dec_parse("0.5000", &d) && tb_dec_to_points(d, &p) && p == 50);
}

TEST(formats)
{
	CHECK(tb_fmt_postcode("066000"));
	CHECK(!tb_fmt_postcode("06600"));
	CHECK(!tb_fmt_postcode("0660001"));
	CHECK(!tb_fmt_postcode("06600a"));
	CHECK(tb_fmt_phone("0335-3068277"));
	CHECK(tb_fmt_phone("010-12345678"));
	CHECK(tb_fmt_phone("0335-3091234-8012"));
	CHECK(tb_fmt_phone("(0335)3068277"));
	CHECK(tb_fmt_phone("\xEF\xBC\x88" "0335" "\xEF\xBC\x89" "3068277")); /* （0335）3068277 */
	CHECK(tb_fmt_phone("13031886730"));
	CHECK(!tb_fmt_phone("3068277"));
	CHECK(!tb_fmt_phone("0335-30682"));
	CHECK(!tb_fmt_phone("0335-3068277-"));
	CHECK(tb_fmt_fax("0335-3068278"));
	CHECK(!tb_fmt_fax("13031886730"));
	CHECK(tb_fmt_mobile("13031886730"));
	CHECK(tb_fmt_mobile("19912345678"));
	CHECK(!tb_fmt_mobile("12031886730"));
	CHECK(!tb_fmt_mobile("1303188673"));
	CHECK(!tb_fmt_mobile("1303188673a"));
	CHECK(tb_fmt_email("kjzx@example.cn"));
	CHECK(tb_fmt_email("zg.px+2021@mail.example.com.cn"));
	CHECK(!tb_fmt_email("kjzx@example"));
	CHECK(!tb_fmt_email("@example.cn"));
	CHECK(!tb_fmt_email("a@@example.cn"));
	CHECK(!tb_fmt_email("a..b@example.cn"));
	CHECK(!tb_fmt_email("a@-example.cn"));
	CHECK(!tb_fmt_email("a@example.c"));
	CHECK(!tb_fmt_email("a b@example.cn"));
	CHECK(tb_fmt_date("2021-11-30"));
	CHECK(tb_fmt_date("2020-02-29"));
	CHECK(tb_fmt_date("2000-02-29"));
	CHECK(!tb_fmt_date("2021-02-29"));
	CHECK(!tb_fmt_date("1900-02-29"));
	CHECK(!tb_fmt_date("2021-13-01"));
	CHECK(!tb_fmt_date("2021-04-31"));
	CHECK(!tb_fmt_date("2021-4-3"));
	CHECK(!tb_fmt_date("2021/11/30"));
}

TEST(reader_sample)
{
	tb_ctx *ctx;
	tb_evidence *e = NULL;
	tb_status st;

	CHECK(tb_ctx_new(&ctx) == TB_OK);
	st = tb_evidence_load(ctx, src_path("samples/qhd-haigang-youth/evidence.xml"), NULL, &e);
	if (st != TB_OK)
		tb_diag_print(ctx, stderr);
	CHECK_EQ_INT(st, TB_OK);
	CHECK(e != NULL);
	if (e) {
		CHECK_EQ_STR(tb_evidence_applicant(e), "秦皇岛市海港区青少年科技活动中心");
		CHECK_EQ_STR(tb_evidence_recommender(e), "秦皇岛市海港区科学技术协会");
		CHECK_EQ_STR(tb_evidence_recommender_kind(e), "county-association");
		CHECK_EQ_STR(tb_evidence_date(e), "2021-11-30");
		CHECK(tb_evidence_program(e) != NULL);
		CHECK_EQ_STR(tb_program_id(tb_evidence_program(e)), "qhd-2021");
		CHECK(tb_evidence_has_target(e, "youth"));
		CHECK(tb_evidence_has_target(e, "infrastructure"));
		CHECK(!tb_evidence_has_target(e, "farmers"));
		CHECK(strstr(tb_evidence_dir(e), "samples/qhd-haigang-youth") != NULL);
		CHECK_EQ_INT(tb_evidence_attachment_count(e), 6);
		CHECK_EQ_STR(tb_evidence_attachment_id(e, 0), "a1");
		CHECK_EQ_STR(tb_evidence_attachment_path(e, 0), "files/meeting-minutes-2021.pdf");
		CHECK_EQ_STR(tb_evidence_attachment_title(e, 0), "2021年科学素质工作专题会议纪要");
		CHECK(tb_evidence_attachment_sha256(e, 0) && strlen(tb_evidence_attachment_sha256(e, 0)) == 64);
		CHECK(tb_evidence_attachment_sha256(e, 2) == NULL);
		CHECK(tb_evidence_attachment_id(e, 99) == NULL);
		CHECK_EQ_INT(tb_evidence_claim_count(e), 72);
		CHECK_EQ_STR(tb_evidence_claim_indicator(e, 0), "1.1.1");
		CHECK_EQ_INT(tb_evidence_claim_points(e, 0), 400);
		CHECK_EQ_STR(tb_evidence_claim_attachments(e, 0), "a1");
		CHECK(strstr(tb_evidence_claim_explanation(e, 0), "专题会议") != NULL);
		CHECK_EQ_INT(tb_evidence_claim_line(e, 0), 98);
		CHECK(tb_evidence_claim_line(e, 1) > tb_evidence_claim_line(e, 0));
		CHECK(tb_evidence_doc(e) != NULL);
		CHECK_EQ_STR((const char *)xmlDocGetRootElement(tb_evidence_doc(e))->name, "evidence");
	}
	tb_evidence_free(e);
	tb_ctx_free(ctx);
}

TEST(reader_options_version)
{
	tb_ctx *ctx;
	tb_evidence *e = NULL;
	tb_evidence_options o = TB_EVIDENCE_OPTIONS_INIT;
	o.version = 99;
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	CHECK_EQ_INT(tb_evidence_load(ctx, src_path("samples/qhd-port-workers/evidence.xml"), &o, &e),
	             TB_EINVAL);
	CHECK(e == NULL);
	tb_ctx_free(ctx);
}

TEST(reader_missing_file)
{
	tb_ctx *ctx;
	tb_evidence *e = (tb_evidence *)1;
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	CHECK_EQ_INT(tb_evidence_load(ctx, "no/such/evidence.xml", NULL, &e), TB_ENOTFOUND);
	CHECK(e == NULL);
	CHECK_EQ_INT(count_code(ctx, "io.read"), 1);
	tb_ctx_free(ctx);
}

/* A minimal evidence document with a body spliced in. */
static tb_status load_body(tb_ctx *ctx, const char *body, tb_evidence **e)
{
	char doc[8192];
	tb_evidence_options o = TB_EVIDENCE_OPTIONS_INIT;
	o.check_attachments = 0;
	snprintf(doc, sizeof doc,
	         "<?xml version=\"1.0\"?>\n<evidence program=\"qhd-2021\" version=\"1\">\n%s\n"
	         "</evidence>\n",
	         body);
	return tb_evidence_load_mem(ctx, "mem/evidence.xml", doc, strlen(doc), &o, e);
}

TEST(checks_collect_everything)
{
	tb_ctx *ctx;
	tb_evidence *e = NULL;
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	CHECK_EQ_INT(load_body(ctx,
	                       "<staff total=\"3\" full-time=\"1\" part-time=\"1\"/>\n"
	                       "<funding total=\"1\"><fiscal>0.3</fiscal><other>0.6</other></funding>\n"
	                       "<self-assessment>\n"
	                       "<item indicator=\"1.1.3\" points=\"1.005\"/>\n"
	                       "<item indicator=\"1.1.3\" points=\"\"/>\n"
	                       "</self-assessment>",
	                       &e),
	             TB_ERROR);
	CHECK(e != NULL);
	CHECK_EQ_INT(count_code(ctx, "staff.sum"), 1);
	CHECK_EQ_INT(count_code(ctx, "funding.sum"), 1);
	CHECK_EQ_INT(count_code(ctx, "claim.points"), 2); /* finer than 0.01; empty */
	CHECK_EQ_INT(count_code(ctx, "claim.duplicate"), 1);
	CHECK(count_code(ctx, "field.missing") > 20);      /* everything else is empty */
	CHECK_EQ_INT(count_code(ctx, "schema.invalid"), 0);
	if (e)
		CHECK_EQ_INT(tb_evidence_claim_points(e, 0), -1);
	tb_evidence_free(e);
	tb_ctx_free(ctx);
}

TEST(deadline_warning)
{
	tb_ctx *ctx;
	tb_evidence *e = NULL;
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	load_body(ctx, "<date>2021-12-06</date>", &e); /* the deadline itself is in time */
	CHECK_EQ_INT(count_code(ctx, "date.deadline"), 0);
	tb_evidence_free(e);
	e = NULL;
	tb_diag_clear(ctx);
	load_body(ctx, "<date>2021-12-07</date>", &e);
	CHECK_EQ_INT(count_code(ctx, "date.deadline"), 1);
	{
		size_t i;
		for (i = 0; i < tb_diag_count(ctx); i++)
			if (!strcmp(tb_diag_get(ctx, i)->code, "date.deadline")) {
				CHECK_EQ_INT(tb_diag_get(ctx, i)->severity, TB_SEV_WARNING);
				CHECK_EQ_INT(tb_diag_get(ctx, i)->line, 3);
			}
	}
	tb_evidence_free(e);
	tb_ctx_free(ctx);
}

TEST(char_limit_counts_characters)
{
	/* 4.2.1 allows 100 characters: 100 Chinese characters (300 bytes) pass, 101 fail. */
	tb_ctx *ctx;
	tb_evidence *e = NULL;
	char body[4096], text[1024] = "";
	int i;

	for (i = 0; i < 100; i++)
		strcat(text, "科");
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	snprintf(body, sizeof body,
	         "<self-assessment><item indicator=\"4.2.1\" points=\"1\"><explanation>\n  %s\n"
	         "</explanation></item></self-assessment>",
	         text);
	load_body(ctx, body, &e);
	CHECK_EQ_INT(count_code(ctx, "text.too-long"), 0);
	tb_evidence_free(e);
	e = NULL;
	tb_diag_clear(ctx);
	strcat(text, "普");
	snprintf(body, sizeof body,
	         "<self-assessment><item indicator=\"4.2.1\" points=\"1\"><explanation>%s"
	         "</explanation></item></self-assessment>",
	         text);
	load_body(ctx, body, &e);
	CHECK_EQ_INT(count_code(ctx, "text.too-long"), 1);
	tb_evidence_free(e);
	tb_ctx_free(ctx);
}

TEST(schema_messages)
{
	tb_ctx *ctx;
	tb_evidence *e = NULL;
	size_t i;
	int found = 0;
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	load_body(ctx, "<staff total=\"x\"/>\n<applicant><nmae>a</nmae></applicant>", &e);
	CHECK_EQ_INT(count_code(ctx, "schema.invalid"), 2);
	for (i = 0; i < tb_diag_count(ctx); i++) {
		const tb_diag *d = tb_diag_get(ctx, i);
		if (strcmp(d->code, "schema.invalid"))
			continue;
		if (d->line == 3) {
			CHECK(strstr(d->message, "total") && strstr(d->message, "\"x\""));
			CHECK(strstr(d->hint, "whole number") != NULL);
			found++;
		} else if (d->line == 4) {
			CHECK(strstr(d->message, "<nmae> is not expected") != NULL);
			CHECK_EQ_INT(d->column, 12);
			found++;
		}
	}
	CHECK_EQ_INT(found, 2);
	tb_evidence_free(e);
	tb_ctx_free(ctx);
}

TEST(skeleton_parses)
{
	tb_ctx *ctx;
	xmlDocPtr doc = NULL;
	char path[] = "skeleton-test.xml";
	tb_evidence *e = NULL;

	CHECK(tb_ctx_new(&ctx) == TB_OK);
	CHECK_EQ_INT(tb_evidence_write_skeleton(ctx, "qhd-2021", path), TB_OK);
	CHECK_EQ_INT(tb_xml_read_file(ctx, path, 0, &doc), TB_OK);
	tb_xml_free(doc);
	tb_evidence_load(ctx, path, NULL, &e);
	CHECK_EQ_INT(count_code(ctx, "schema.invalid"), 0);
	CHECK(count_code(ctx, "field.missing") > 0);
	if (e)
		CHECK_EQ_INT(tb_evidence_claim_count(e), 72);
	tb_evidence_free(e);
	CHECK_EQ_INT(tb_evidence_write_skeleton(ctx, "no-such-program", path), TB_ENOTFOUND);
	CHECK_EQ_INT(count_code(ctx, "program.unknown"), 1);
	unlink(path);
	tb_ctx_free(ctx);
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

TEST(hostile_refused_fast)
{
	static const char *const files[] = {"tests/evidence/invalid/xxe.xml",
	                                    "tests/evidence/invalid/billion-laughs.xml"};
	size_t i, k;
	for (i = 0; i < 2; i++) {
		tb_ctx *ctx;
		tb_evidence *e = NULL;
		double t0, ms;
		CHECK(tb_ctx_new(&ctx) == TB_OK);
		t0 = now_ms();
		CHECK_EQ_INT(tb_evidence_load(ctx, src_path(files[i]), NULL, &e), TB_ERROR);
		ms = now_ms() - t0;
		printf("%s refused in %.1f ms\n", files[i], ms);
		CHECK(ms < 1000);
		CHECK(e == NULL);
		CHECK_EQ_INT(tb_diag_count(ctx), 1);
		CHECK_EQ_INT(count_code(ctx, "xml.doctype"), 1);
		for (k = 0; k < tb_diag_count(ctx); k++)
			CHECK(strstr(tb_diag_get(ctx, k)->message, "root:") == NULL);
		tb_ctx_free(ctx);
	}
}

CHECK_MAIN(T(hostile_refused_fast), T(decimal_parse), T(decimal_exact_sums), T(decimal_points), T(formats),
           T(reader_sample), T(reader_missing_file), T(reader_options_version), T(checks_collect_everything),
           T(deadline_warning), T(char_limit_counts_characters), T(schema_messages), T(skeleton_parses))
