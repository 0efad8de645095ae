/* Scoring: exact totals per level for hand-made evidence of both programs, one finding per
 * check and rule, the report data XML, and an office's ranking with its quota and CSV. */
#include <unistd.h>

#include "check.h"
#include "core/ctx.h"
#include "core/file.h"
#include "core/xml.h"
#include "data/evidence.h"
#include "score/rank_internal.h"
#include "tianbiao/tianbiao.h"

typedef struct fixture {
	tb_ctx *ctx;
	tb_evidence *ev;
	tb_score *s;
} fixture;

static void open_score(fixture *f, const char *name, int lenient)
{
	char rel[256];
	tb_score_options opts = TB_SCORE_OPTIONS_INIT;
	opts.lenient = lenient;
	memset(f, 0, sizeof *f);
	CHECK_EQ_INT(tb_ctx_new(&f->ctx), TB_OK);
	snprintf(rel, sizeof rel, "tests/score/data/%s/evidence.xml", name);
	/* Some fixtures carry errors on purpose: what matters is that the evidence loads. */
	if (tb_evidence_load(f->ctx, src_path(rel), NULL, &f->ev) != TB_OK && !f->ev)
		fprintf(stderr, "%s: not loaded\n", name);
	CHECK(f->ev != NULL);
	if (f->ev)
		CHECK_EQ_INT(tb_score_compute(f->ctx, f->ev, &opts, &f->s), TB_OK);
	CHECK(f->s != NULL);
}

static void close_score(fixture *f)
{
	tb_score_free(f->s);
	tb_evidence_free(f->ev);
	tb_ctx_free(f->ctx);
}

/* Counted points of an indicator, in hundredths; -999999 if the id is unknown. */
static long pts(const fixture *f, const char *id)
{
	const tb_program *p = tb_score_program(f->s);
	size_t i;
	for (i = 0; i < tb_program_indicator_count(p); i++)
		if (!strcmp(tb_indicator_id(tb_program_indicator_at(p, i)), id))
			return tb_score_points(f->s, i);
	return -999999;
}

/* Number of findings with this code (and indicator and line, when given). */
static int findings(const fixture *f, const char *code, const char *ind, unsigned line)
{
	size_t i;
	int n = 0;
	for (i = 0; i < tb_score_finding_count(f->s); i++) {
		const tb_diag *d = tb_score_finding(f->s, i);
		const char *fi = tb_score_finding_indicator(f->s, i);
		if (strcmp(d->code, code))
			continue;
		if (ind && (!fi || strcmp(fi, ind)))
			continue;
		if (line && d->line != line)
			continue;
		n++;
	}
	return n;
}

/* Copies of XML attribute and text values in rotating static buffers (nothing to free). */
static const char *keep(char *v)
{
	static char buf[8][1024];
	static int k;
	if (!v)
		return NULL;
	k = (k + 1) % 8;
	snprintf(buf[k], sizeof buf[k], "%s", v);
	free(v);
	return buf[k];
}
#define ATTR(n, name) keep(tb_xml_attr((n), (name)))
#define TEXT(n) keep(tb_xml_text(n))
#define CHILD_TEXT(n, name) keep(tb_xml_child_text((n), (name)))

static int score_findings(const fixture *f)
{
	size_t i;
	int n = 0;
	for (i = 0; i < tb_score_finding_count(f->s); i++)
		if (!strncmp(tb_score_finding(f->s, i)->code, "score.", 6))
			n++;
	return n;
}

TEST(percent_integer_rounding)
{
	CHECK_EQ_INT(tb_points_percent10(3375, 10000), 338); /* 33.75% -> 33.8 */
	CHECK_EQ_INT(tb_points_percent10(100, 300), 333);
	CHECK_EQ_INT(tb_points_percent10(200, 300), 667);
	CHECK_EQ_INT(tb_points_percent10(1, 0), 0);
	CHECK_EQ_INT(tb_points_percent10(9500, 9500), 1000);
}

/* A batch's build phase scores bytes its load phase validated (tb_evidence_load_validated):
 * the same model and points as a full load, without the checks run again (a late date's
 * warning is not recorded a second time). */
TEST(validated_bytes_score_the_same)
{
	tb_ctx *ctx;
	tb_evidence *full = NULL, *again = NULL;
	tb_score *a = NULL, *b = NULL;
	char path[4096], *data = NULL, *late;
	size_t len = 0, warnings;
	snprintf(path, sizeof path, "%s", src_path("samples/qhd-haigang-youth/evidence.xml"));
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	CHECK_EQ_INT(tb_file_read(ctx, path, 1u << 24, &data, &len), TB_OK);
	late = data ? strstr(data, "<date>2021-11-30</date>") : NULL;
	CHECK(late != NULL);
	if (!late) {
		free(data);
		tb_ctx_free(ctx);
		return;
	}
	memcpy(late + 6, "2021-12-20", 10);
	CHECK_EQ_INT(tb_evidence_load_mem(ctx, path, data, len, NULL, &full), TB_OK);
	warnings = tb_diag_count_severity(ctx, TB_SEV_WARNING);
	CHECK(warnings >= 1); /* date.deadline */
	CHECK_EQ_INT(tb_evidence_load_validated(ctx, path, data, len, &again), TB_OK);
	CHECK_EQ_INT(tb_diag_count_severity(ctx, TB_SEV_WARNING), warnings);
	CHECK(full && again && tb_evidence_program(again) == tb_evidence_program(full));
	CHECK(again && tb_evidence_claim_count(again) == tb_evidence_claim_count(full) &&
	      tb_evidence_claim_count(again) > 0);
	CHECK_EQ_INT(tb_score_compute(ctx, full, NULL, &a), TB_OK);
	CHECK_EQ_INT(tb_score_compute(ctx, again, NULL, &b), TB_OK);
	CHECK(a && b && tb_score_total(a) == tb_score_total(b) && tb_score_total(a) > 0);
	tb_score_free(a);
	tb_score_free(b);
	tb_evidence_free(full);
	tb_evidence_free(again);
	free(data);
	tb_ctx_free(ctx);
}

TEST(qhd_clean_exact_totals)
{
	fixture f;
	open_score(&f, "qhd-clean", 0);
	if (!f.s)
		goto out;
	CHECK_EQ_INT(tb_score_total(f.s), 3375);
	CHECK_EQ_INT(tb_score_max(f.s), 10000);
	CHECK_EQ_INT(pts(&f, "1.1"), 900);
	CHECK_EQ_INT(pts(&f, "1.2"), 325);
	CHECK_EQ_INT(pts(&f, "1"), 1225);
	CHECK_EQ_INT(pts(&f, "2.1"), 800);
	CHECK_EQ_INT(pts(&f, "2.2"), 700); /* backed by an attachment's supports list */
	CHECK_EQ_INT(pts(&f, "2"), 1500);
	CHECK_EQ_INT(pts(&f, "3.1"), 500);
	CHECK_EQ_INT(pts(&f, "3.4"), 150);
	CHECK_EQ_INT(pts(&f, "3"), 650);
	CHECK_EQ_INT(pts(&f, "4"), 0);
	CHECK_EQ_INT(pts(&f, "1.2.2"), 25);
	CHECK_EQ_INT(tb_score_error_count(f.s), 0);
	CHECK_EQ_INT(tb_score_finding_count(f.s), 0);
	CHECK(!tb_score_disqualified(f.s));
out:
	close_score(&f);
}

TEST(qhd_checks_each_rule)
{
	fixture f;
	open_score(&f, "qhd-checks", 0);
	if (!f.s)
		goto out;
	CHECK_EQ_INT(findings(&f, "score.over-weight", "1.1.1", 58), 1);
	CHECK_EQ_INT(findings(&f, "score.no-evidence", "1.1.2", 61), 1);
	CHECK_EQ_INT(findings(&f, "score.too-long", "4.1.2", 64), 1);
	CHECK_EQ_INT(findings(&f, "score.too-long", "4.1.3", 0), 0); /* exactly 200 characters */
	CHECK_EQ_INT(findings(&f, "score.target-not-selected", "3.2.1", 70), 1);
	CHECK_EQ_INT(findings(&f, "score.no-evidence", "3.1.1", 0), 0); /* 0 points */
	CHECK_EQ_INT(findings(&f, "score.rule", "1.2.1", 78), 1); /* no criteria to break down */
	CHECK_EQ_INT(score_findings(&f), 5);
	CHECK_EQ_INT(pts(&f, "1.2.1"), 300);
	CHECK_EQ_INT(pts(&f, "1.1.1"), 400);  /* over the weight: counts the weight */
	CHECK_EQ_INT(pts(&f, "1.1.2"), 0);    /* no evidence: nothing */
	CHECK_EQ_INT(pts(&f, "3.2.1"), 0);    /* target not selected: nothing */
	CHECK_EQ_INT(pts(&f, "4.1.2"), 100);  /* too long still counts */
	CHECK_EQ_INT(pts(&f, "1.1"), 400);
	CHECK_EQ_INT(pts(&f, "1"), 700);
	CHECK_EQ_INT(pts(&f, "3"), 0);
	CHECK_EQ_INT(pts(&f, "4"), 200);
	CHECK_EQ_INT(tb_score_total(f.s), 900);
	CHECK_EQ_INT(tb_score_stated(f.s, 1), -1); /* a parent has no stated points */
	/* The validator's own findings are kept for the report, with their codes. */
	CHECK_EQ_INT(findings(&f, "claim.points", NULL, 58), 1);
	CHECK(tb_score_error_count(f.s) >= 4);
out:
	close_score(&f);
}

/* With the context's list already full, each finding still carries its own code, line and
 * message (not whatever diagnostic the list ends with), and the counts stay exact. */
TEST(findings_own_diagnostics_when_list_full)
{
	fixture f;
	tb_ctx *ctx;
	tb_evidence *ev = NULL;
	tb_score *s = NULL;
	size_t i;
	int fine = 1;
	tb_status st;
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	for (i = 0; i < 1000; i++)
		tb_error(ctx, "unrelated.code", "elsewhere.xml", 1, 1, NULL, "unrelated %zu", i);
	/* The evidence has validation errors by design: loaded all the same. */
	st = tb_evidence_load(ctx, src_path("tests/score/data/qhd-checks/evidence.xml"), NULL, &ev);
	CHECK(st == TB_OK || st == TB_ERROR);
	CHECK(ev != NULL);
	if (ev)
		CHECK_EQ_INT(tb_score_compute(ctx, ev, NULL, &s), TB_OK);
	open_score(&f, "qhd-checks", 0);
	if (s && f.s) {
		CHECK_EQ_INT(tb_score_finding_count(s), tb_score_finding_count(f.s));
		CHECK_EQ_INT(tb_score_error_count(s), tb_score_error_count(f.s));
		for (i = 0; i < tb_score_finding_count(s); i++) {
			const tb_diag *d = tb_score_finding(s, i);
			if (!strncmp(d->code, "unrelated", 9) || !strstr(d->message, "indicator"))
				fine = 0;
		}
		CHECK(fine);
		CHECK_EQ_INT(findings(&f, "score.over-weight", "1.1.1", 58), 1);
	}
	close_score(&f);
	tb_score_free(s);
	tb_evidence_free(ev);
	tb_ctx_free(ctx);
}

TEST(qhd_checks_lenient)
{
	fixture f;
	open_score(&f, "qhd-checks", 1);
	if (!f.s)
		goto out;
	CHECK_EQ_INT(pts(&f, "1.1.2"), 300);
	CHECK_EQ_INT(pts(&f, "3.2.1"), 100);
	CHECK_EQ_INT(pts(&f, "1.1.1"), 400); /* still capped at the weight */
	CHECK_EQ_INT(tb_score_total(f.s), 1300);
	CHECK_EQ_INT(score_findings(&f), 5);  /* lenient counts, but still reports */
out:
	close_score(&f);
}

TEST(kaifu_rules_each_kind)
{
	fixture f;
	open_score(&f, "kaifu-rules", 0);
	if (!f.s)
		goto out;
	CHECK_EQ_INT(pts(&f, "A1-1"), 400);  /* fixed criteria, breakdown adds up */
	CHECK_EQ_INT(pts(&f, "A1-3"), 250);  /* judged 0-3 */
	CHECK_EQ_INT(pts(&f, "A1"), 650);
	CHECK_EQ_INT(pts(&f, "A2-1"), 400);  /* fixed 2+2: 3 is not reachable, counts 2 */
	CHECK_EQ_INT(pts(&f, "A2-2"), 200);  /* tiered/judged 1-4: 0.5 is below, counts 0 */
	CHECK_EQ_INT(pts(&f, "A2-4"), 400);  /* judged 0-1: 1.5 counts 1 */
	CHECK_EQ_INT(pts(&f, "A2"), 1000);
	CHECK_EQ_INT(pts(&f, "A3-1"), 200);  /* cap 2, its condition undeclared */
	CHECK_EQ_INT(pts(&f, "A3-3"), 400);  /* cap lifted: condition declared not met */
	CHECK_EQ_INT(pts(&f, "A3-5"), 700);  /* per-unit 3 units x 2, max 4 -> 4; judged 3 */
	CHECK_EQ_INT(pts(&f, "A3-4"), 200);  /* breakdown adds up to less than claimed */
	CHECK_EQ_INT(pts(&f, "A3"), 1500);
	CHECK_EQ_INT(tb_score_total(f.s), 3150);
	CHECK_EQ_INT(tb_points_percent10(tb_score_total(f.s), tb_score_max(f.s)), 332);
	CHECK_EQ_INT(findings(&f, "score.rule", "A2-1.1", 24), 1);
	CHECK_EQ_INT(findings(&f, "score.rule", "A2-2.1", 29), 1);
	CHECK_EQ_INT(findings(&f, "score.rule", "A2-4.2", 35), 1);
	CHECK_EQ_INT(findings(&f, "score.rule", "A3-1.1", 39), 1);
	CHECK_EQ_INT(findings(&f, "score.rule", "A3-4", 50), 1);
	CHECK_EQ_INT(findings(&f, "score.rule", NULL, 0), 5);
	CHECK_EQ_INT(score_findings(&f), 5);
	CHECK(!tb_score_disqualified(f.s));
out:
	close_score(&f);
}

TEST(kaifu_cap_met_and_not_met)
{
	fixture f;
	open_score(&f, "kaifu-capped", 0);
	if (!f.s)
		goto out;
	CHECK_EQ_INT(pts(&f, "A3-1"), 300); /* declared not met inside the item: full 3 */
	CHECK_EQ_INT(pts(&f, "A3-3"), 200); /* declared met: capped at 2 */
	CHECK_EQ_INT(pts(&f, "A3-5"), 200); /* per-unit without units: 3 is not 2 or 4 */
	CHECK_EQ_INT(tb_score_total(f.s), 700);
	CHECK_EQ_INT(findings(&f, "score.rule", "A3-3", 18), 1);
	CHECK_EQ_INT(findings(&f, "score.rule", "A3-5.3", 23), 1);
	CHECK_EQ_INT(score_findings(&f), 2);
out:
	close_score(&f);
}

TEST(kaifu_disqualifier_zeroes_total)
{
	fixture f;
	open_score(&f, "kaifu-disq", 0);
	if (!f.s)
		goto out;
	CHECK(tb_score_disqualified(f.s));
	CHECK_EQ_STR(tb_score_disqualified_reason(f.s), "辖区内近三年发生恶劣影响的迷信、伪科学活动");
	CHECK_EQ_INT(tb_score_total(f.s), 0);
	CHECK_EQ_INT(pts(&f, "A1"), 300);   /* the rows keep their points; the total is zero */
	CHECK_EQ_INT(pts(&f, "A3-2"), 500);
	CHECK_EQ_INT(findings(&f, "score.disqualified", "A3-2.3", 19), 1);
out:
	close_score(&f);
}

/* The report data (<report>): levels, totals, attachments per indicator, diagnostics. */
TEST(report_xml_shape)
{
	fixture f;
	char tmpl[] = "/tmp/tb-score-XXXXXX";
	char *dir = mkdtemp(tmpl), *path;
	xmlDocPtr doc = NULL;
	xmlNodePtr root, n, l2, ind, att;
	int level1 = 0;

	open_score(&f, "qhd-clean", 0);
	path = tb_path_join(dir, "report.xml");
	if (!f.s || !path)
		goto out;
	CHECK_EQ_INT(tb_score_write(f.ctx, f.s, TB_SCORE_XML, path), TB_OK);
	CHECK_EQ_INT(tb_xml_read_file(f.ctx, path, TB_XML_NOBLANKS, &doc), TB_OK);
	if (!doc)
		goto out;
	root = xmlDocGetRootElement(doc);
	CHECK_EQ_STR((const char *)root->name, "report");
	CHECK_EQ_STR(ATTR(root, "program"), "qhd-2021");
	CHECK_EQ_STR(CHILD_TEXT(tb_xml_child(root, "applicant"), "name"),
	             "秦皇岛市海港区青少年科技活动中心");
	for (n = tb_xml_child(root, "level1"); n; n = tb_xml_next(n, "level1"))
		level1++;
	CHECK_EQ_INT(level1, 4);
	n = tb_xml_child(root, "level1"); /* "1" */
	CHECK_EQ_STR(ATTR(n, "claimed"), "12.25");
	CHECK_EQ_STR(ATTR(n, "percent"), "61.3"); /* 12.25 / 20 = 61.25% -> 61.3 */
	n = tb_xml_next(n, "level1"); /* "2" */
	l2 = tb_xml_next(tb_xml_child(n, "level2"), "level2"); /* 2.2 */
	CHECK_EQ_STR(ATTR(l2, "id"), "2.2");
	ind = tb_xml_child(l2, "indicator");
	CHECK_EQ_STR(ATTR(ind, "id"), "2.2.1");
	CHECK_EQ_STR(ATTR(ind, "claimed"), "7");
	att = tb_xml_child(ind, "attachment");
	CHECK(att != NULL);
	if (att) {
		CHECK_EQ_STR(ATTR(att, "id"), "a2");
		CHECK_EQ_STR(ATTR(att, "path"), "files/photo.txt");
		CHECK_EQ_STR(TEXT(att), "场所照片");
	}
	CHECK_EQ_STR(CHILD_TEXT(tb_xml_child(ind, "explanation"), "p"), "说明。");
	n = tb_xml_child(root, "total");
	CHECK_EQ_STR(ATTR(n, "claimed"), "33.75");
	CHECK_EQ_STR(ATTR(n, "max"), "100");
	CHECK_EQ_STR(ATTR(n, "percent"), "33.8");
	CHECK_EQ_STR(CHILD_TEXT(root, "disqualified"), "false");
	CHECK(tb_xml_child(root, "diagnostics") != NULL);
out:
	tb_xml_free(doc);
	if (path)
		unlink(path);
	free(path);
	rmdir(dir);
	close_score(&f);
}

TEST(report_xml_kaifu_disqualified)
{
	fixture f;
	char tmpl[] = "/tmp/tb-score-XXXXXX";
	char *dir = mkdtemp(tmpl), *path;
	xmlDocPtr doc = NULL;
	xmlNodePtr root, n, d;
	int diags = 0;

	open_score(&f, "kaifu-disq", 0);
	path = tb_path_join(dir, "report.xml");
	if (!f.s || !path)
		goto out;
	CHECK_EQ_INT(tb_score_write(f.ctx, f.s, TB_SCORE_XML, path), TB_OK);
	CHECK_EQ_INT(tb_xml_read_file(f.ctx, path, TB_XML_NOBLANKS, &doc), TB_OK);
	if (!doc)
		goto out;
	root = xmlDocGetRootElement(doc);
	n = tb_xml_child(root, "disqualified");
	CHECK_EQ_STR(TEXT(n), "true");
	CHECK_EQ_STR(ATTR(n, "reason"), "辖区内近三年发生恶劣影响的迷信、伪科学活动");
	CHECK_EQ_STR(ATTR(tb_xml_child(root, "total"), "claimed"), "0");
	for (d = tb_xml_child(tb_xml_child(root, "diagnostics"), "diagnostic"); d;
	     d = tb_xml_next(d, "diagnostic")) {
		diags++;
		CHECK_EQ_STR(ATTR(d, "code"), "score.disqualified");
		CHECK_EQ_STR(ATTR(d, "indicator"), "A3-2.3");
		CHECK_EQ_STR(ATTR(d, "line"), "19");
	}
	CHECK_EQ_INT(diags, 1);
	/* A level-2 leaf (kaifu) still appears as level2 > indicator, with its criteria. */
	n = tb_xml_child(root, "level1");
	n = tb_xml_child(n, "level2");
	CHECK_EQ_STR(ATTR(n, "id"), "A1-1");
	CHECK_EQ_STR(ATTR(tb_xml_child(n, "indicator"), "id"), "A1-1");
	CHECK(tb_xml_child(tb_xml_child(n, "indicator"), "criterion") != NULL);
out:
	tb_xml_free(doc);
	if (path)
		unlink(path);
	free(path);
	rmdir(dir);
	close_score(&f);
}

/* The same data in memory, for filling templates without a file. */
TEST(report_doc_in_memory)
{
	fixture f;
	xmlDocPtr doc = NULL;
	xmlNodePtr root;
	open_score(&f, "kaifu-rules", 0);
	if (!f.s)
		goto out;
	CHECK_EQ_INT(tb_score_report_doc(f.ctx, f.s, &doc), TB_OK);
	if (!doc)
		goto out;
	root = xmlDocGetRootElement(doc);
	CHECK_EQ_STR((const char *)root->name, "report");
	CHECK_EQ_STR(ATTR(tb_xml_child(root, "total"), "claimed"), "31.5");
	CHECK_EQ_STR(ATTR(tb_xml_child(root, "total"), "percent"), "33.2");
out:
	tb_xml_free(doc);
	close_score(&f);
}

TEST(rank_with_quota)
{
	tb_ctx *ctx;
	tb_rank *r = NULL;
	int tie = 0;
	size_t i;

	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	CHECK_EQ_INT(tb_rank_dir(ctx, src_path("tests/score/data/rank"), NULL, &r), TB_OK);
	if (!r)
		goto out;
	CHECK_EQ_INT(tb_rank_count(r), 5);
	CHECK_EQ_INT(tb_rank_quota(r), 2); /* county-association: 2 per body */
	CHECK_EQ_STR(tb_rank_applicant(r, 0), "北港科普中心");
	CHECK_EQ_INT(tb_rank_total(r, 0), 3000);
	CHECK_EQ_INT(tb_rank_position(r, 0), 1);
	CHECK_EQ_STR(tb_rank_applicant(r, 1), "抚宁区科技馆"); /* ties ordered by name */
	CHECK_EQ_STR(tb_rank_applicant(r, 2), "海港区\"科普\"中心,二部");
	CHECK_EQ_INT(tb_rank_total(r, 1), 2500);
	CHECK_EQ_INT(tb_rank_total(r, 2), 2500);
	CHECK_EQ_INT(tb_rank_position(r, 1), 2);
	CHECK_EQ_INT(tb_rank_position(r, 2), 2);
	CHECK_EQ_INT(tb_rank_position(r, 3), 4);
	CHECK_EQ_INT(tb_rank_total(r, 3), 2000);
	CHECK_EQ_INT(tb_rank_total(r, 4), 1000);
	CHECK(tb_rank_within_quota(r, 0));
	CHECK(tb_rank_within_quota(r, 1));
	CHECK(!tb_rank_within_quota(r, 2));
	CHECK(!tb_rank_within_quota(r, 3));
	CHECK(!tb_rank_within_quota(r, 4));
	for (i = 0; i < tb_rank_count(r); i++)
		CHECK_EQ_INT(tb_rank_error_count(r, i), 0);
	for (i = 0; i < tb_diag_count(ctx); i++)
		if (!strcmp(tb_diag_get(ctx, i)->code, "score.quota-tie"))
			tie++;
	CHECK_EQ_INT(tie, 1);
	CHECK_EQ_INT(tb_diag_count_severity(ctx, TB_SEV_ERROR), 0);
	{
		xmlDocPtr doc = NULL;
		xmlNodePtr root, a;
		int n = 0;
		CHECK_EQ_INT(tb_rank_batch_doc(ctx, r, 0, &doc), TB_OK);
		root = doc ? xmlDocGetRootElement(doc) : NULL;
		CHECK(root != NULL);
		if (root) {
			CHECK_EQ_STR(CHILD_TEXT(tb_xml_child(root, "recommender"), "quota"), "2");
			for (a = tb_xml_child(root, "applicant"); a; a = tb_xml_next(a, "applicant"))
				n++;
			CHECK_EQ_INT(n, 5);
			a = tb_xml_child(root, "applicant");
			CHECK_EQ_STR(ATTR(a, "rank"), "1");
			CHECK_EQ_STR(CHILD_TEXT(a, "within-quota"), "true");
			CHECK_EQ_STR(CHILD_TEXT(a, "authority"), "秦皇岛市教育局");
		}
		tb_xml_free(doc);
	}
out:
	tb_rank_free(r);
	tb_ctx_free(ctx);
}

TEST(rank_csv_bytes)
{
	tb_ctx *ctx;
	tb_rank *r = NULL;
	char tmpl[] = "/tmp/tb-score-XXXXXX";
	char *dir = mkdtemp(tmpl), *path = tb_path_join(dir, "rank.csv"), *data = NULL;
	size_t len = 0;

	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	CHECK_EQ_INT(tb_rank_dir(ctx, src_path("tests/score/data/rank"), NULL, &r), TB_OK);
	CHECK(r != NULL);
	if (!r || !path)
		goto out;
	CHECK_EQ_INT(tb_rank_write_csv(ctx, r, path, TB_CSV_UTF8_BOM), TB_OK);
	CHECK_EQ_INT(tb_file_read(ctx, path, 1 << 20, &data, &len), TB_OK);
	if (!data)
		goto out;
	CHECK(len > 3 && !memcmp(data, "\xEF\xBB\xBF", 3));
	CHECK(!strncmp(data + 3, "Recommending body,Rank,Applicant,Authority,", 43));
	/* RFC 4180: quotes doubled, the field quoted, rows end in CRLF. */
	CHECK(strstr(data, "\r\n秦皇岛市海港区科学技术协会,2,\"海港区\"\"科普\"\"中心,二部\",'=SUM(1+1),") != NULL);
	CHECK(strstr(data, "\r\n秦皇岛市海港区科学技术协会,1,北港科普中心,秦皇岛市教育局,李明,0335-3068277,"
	                   "13031886730,kjzx@example.cn,青少年、老年人,30,100,yes,\r\n") != NULL);
	CHECK(strstr(data, "\r\n秦皇岛市海港区科学技术协会,5,卢龙县农技中心,") != NULL);
	CHECK(strstr(data, ",no,over quota\r\n") != NULL);
	CHECK(len >= 2 && !memcmp(data + len - 2, "\r\n", 2));
	CHECK(strchr(data, '\n') == strstr(data, "\r\n") + 1); /* no bare LF */
out:
	free(data);
	if (path)
		unlink(path);
	free(path);
	rmdir(dir);
	tb_rank_free(r);
	tb_ctx_free(ctx);
}

TEST(rank_disqualified_last_without_quota)
{
	tb_ctx *ctx;
	tb_rank *r = NULL;
	size_t i;
	int warned = 0;

	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	CHECK_EQ_INT(tb_rank_dir(ctx, src_path("tests/score/data/rank-kaifu"), NULL, &r), TB_OK);
	if (!r)
		goto out;
	CHECK_EQ_INT(tb_rank_count(r), 3);
	CHECK_EQ_INT(tb_rank_quota(r), 0);
	CHECK_EQ_STR(tb_rank_applicant(r, 0), "开福区甲街道");
	CHECK_EQ_INT(tb_rank_total(r, 0), 200);
	CHECK_EQ_STR(tb_rank_applicant(r, 1), "开福区丙街道");
	CHECK_EQ_INT(tb_rank_total(r, 1), 0);
	CHECK(!tb_rank_disqualified(r, 1));
	CHECK_EQ_STR(tb_rank_applicant(r, 2), "开福区乙街道");
	CHECK(tb_rank_disqualified(r, 2));
	CHECK_EQ_INT(tb_rank_total(r, 2), 0);
	CHECK_EQ_INT(tb_rank_position(r, 2), 3); /* no tie with the 0 above: it is disqualified */
	CHECK_EQ_INT(tb_rank_error_count(r, 2), 1);
	/* kaifu-2022 sets no quotas: everyone who can be put forward is within, the
	 * disqualified one is not, and nothing is warned about a missing quota. */
	CHECK(tb_rank_body_unlimited(r, 0));
	CHECK(tb_rank_within_quota(r, 0));
	CHECK(tb_rank_within_quota(r, 1));
	CHECK(!tb_rank_within_quota(r, 2));
	for (i = 0; i < tb_diag_count(ctx); i++)
		if (!strcmp(tb_diag_get(ctx, i)->code, "score.rank-quota"))
			warned++;
	CHECK_EQ_INT(warned, 0);
out:
	tb_rank_free(r);
	tb_ctx_free(ctx);
}

TEST(rank_empty_dir)
{
	tb_ctx *ctx;
	tb_rank *r = NULL;
	char tmpl[] = "/tmp/tb-score-XXXXXX";
	char *dir = mkdtemp(tmpl);
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	CHECK_EQ_INT(tb_rank_dir(ctx, dir, NULL, &r), TB_ERROR);
	CHECK(r == NULL);
	CHECK_EQ_STR(tb_diag_get(ctx, 0)->code, "score.rank-empty");
	rmdir(dir);
	tb_ctx_free(ctx);
}

CHECK_MAIN(T(percent_integer_rounding), T(validated_bytes_score_the_same), T(qhd_clean_exact_totals), T(qhd_checks_each_rule), T(findings_own_diagnostics_when_list_full),
           T(qhd_checks_lenient), T(kaifu_rules_each_kind), T(kaifu_cap_met_and_not_met),
           T(kaifu_disqualifier_zeroes_total), T(report_xml_shape),
           T(report_xml_kaifu_disqualified), T(report_doc_in_memory), T(rank_with_quota),
           T(rank_csv_bytes), T(rank_disqualified_last_without_quota), T(rank_empty_dir))
