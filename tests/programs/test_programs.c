/* test_programs.c: the program loader on the shipped programs and on broken ones. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "core/ctx.h"
#include "data/decimal.h"
#include "data/program.h"
#include "tianbiao/tianbiao.h"

#define P(x) ((tb_points)((x) * TB_POINTS_SCALE + 0.5))

static tb_ctx *new_ctx(void)
{
	tb_ctx *ctx = NULL;
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	CHECK(tb_ctx_set_datadir(ctx, src_path("")) == TB_OK);
	return ctx;
}

static void print_diags(tb_ctx *ctx)
{
	if (tb_diag_count(ctx))
		tb_diag_print(ctx, stderr);
}

/* Sum of children's weights equals the parent's, for every parent; returns mismatches. */
static int weights_mismatch(const tb_program *p)
{
	size_t i, j;
	int bad = 0;
	for (i = 0; i < tb_program_indicator_count(p); i++) {
		const tb_indicator *ind = tb_program_indicator_at(p, i);
		tb_points sum = 0;
		if (!tb_indicator_child_count(ind))
			continue;
		for (j = 0; j < tb_indicator_child_count(ind); j++)
			sum += tb_indicator_weight(tb_indicator_child(ind, j));
		if (sum != tb_indicator_weight(ind)) {
			fprintf(stderr, "indicator %s: %ld != %ld\n", tb_indicator_id(ind),
			        (long)sum, (long)tb_indicator_weight(ind));
			bad++;
		}
	}
	return bad;
}

static size_t count_level(const tb_program *p, int level)
{
	size_t i, n = 0;
	for (i = 0; i < tb_program_indicator_count(p); i++)
		n += tb_indicator_level(tb_program_indicator_at(p, i)) == level;
	return n;
}

TEST(qhd_loads)
{
	tb_ctx *ctx = new_ctx();
	const tb_program *p = NULL, *again = NULL;
	const tb_indicator *l1[4];
	size_t i;
	tb_points sum = 0;
	static const double w1[] = {20, 20, 30, 30};

	CHECK(tb_program_load(ctx, "qhd-2021", &p) == TB_OK);
	print_diags(ctx);
	if (!p) {
		tb_ctx_free(ctx);
		return;
	}
	CHECK_EQ_INT(tb_diag_count(ctx), 0);
	CHECK_EQ_STR(tb_program_id(p), "qhd-2021");
	CHECK_EQ_INT(tb_program_year(p), 2021);
	CHECK_EQ_STR(tb_program_deadline(p), "2021-12-06");
	CHECK_EQ_STR(tb_program_issued(p), "2021-11-25");
	CHECK_EQ_STR(tb_program_issuer(p), "秦皇岛市全民科学素质工作领导小组办公室");
	CHECK_EQ_INT(tb_program_total(p), P(100));

	/* Level 1: 20 + 20 + 30 + 30 = 100. */
	CHECK_EQ_INT(count_level(p, 1), 4);
	for (i = 0; i < 4; i++) {
		char id[4];
		snprintf(id, sizeof id, "%zu", i + 1);
		l1[i] = tb_program_indicator_find(p, id);
		CHECK(l1[i] != NULL);
		CHECK_EQ_INT(tb_indicator_level(l1[i]), 1);
		CHECK_EQ_INT(tb_indicator_weight(l1[i]), P(w1[i]));
		sum += tb_indicator_weight(l1[i]);
	}
	CHECK_EQ_INT(sum, P(100));
	CHECK_EQ_STR(tb_indicator_title(l1[0]), "组织管理与工作机制");
	CHECK_EQ_STR(tb_indicator_title(l1[3]), "公民科学素质示范工程(重点工程)");

	/* Every level adds up to its parent; exact counts per level. */
	CHECK_EQ_INT(weights_mismatch(p), 0);
	CHECK_EQ_INT(count_level(p, 2), 16);
	CHECK_EQ_INT(count_level(p, 3), 72);
	CHECK_EQ_INT(tb_program_indicator_count(p), 92);
	CHECK_EQ_INT(tb_program_leaf_count(p), 72);
	CHECK_EQ_INT(tb_indicator_child_count(tb_program_indicator_find(p, "4.5")), 4);
	CHECK_EQ_INT(tb_indicator_weight(tb_program_indicator_find(p, "4.5.1")), P(2));
	CHECK_EQ_INT(tb_indicator_weight(tb_program_indicator_find(p, "2.1.1")), P(8));
	CHECK_EQ_INT(tb_indicator_weight(tb_program_indicator_find(p, "2.2.1")), P(7));
	CHECK_EQ_INT(tb_indicator_child_count(tb_program_indicator_find(p, "2.2")), 3);

	/* Pre-order: 1, 1.1, 1.1.1, ... */
	CHECK_EQ_STR(tb_indicator_id(tb_program_indicator_at(p, 0)), "1");
	CHECK_EQ_STR(tb_indicator_id(tb_program_indicator_at(p, 1)), "1.1");
	CHECK_EQ_STR(tb_indicator_id(tb_program_indicator_at(p, 2)), "1.1.1");
	CHECK_EQ_STR(tb_indicator_id(tb_program_indicator_at(p, 91)), "4.6.5");
	CHECK(tb_indicator_parent(tb_program_indicator_find(p, "3.3.2")) ==
	      tb_program_indicator_find(p, "3.3"));

	/* Cached: the same object comes back. */
	CHECK(tb_program_load(ctx, "qhd-2021", &again) == TB_OK);
	CHECK(again == p);
	tb_ctx_free(ctx);
}

TEST(qhd_texts)
{
	tb_ctx *ctx = new_ctx();
	const tb_program *p = NULL;
	const tb_indicator *ind;

	CHECK(tb_program_load(ctx, "qhd-2021", &p) == TB_OK);
	if (!p) {
		tb_ctx_free(ctx);
		return;
	}
	ind = tb_program_indicator_find(p, "1.1.1");
	CHECK_EQ_STR(tb_indicator_title(ind),
	             "将公民科学素质建设纳入主办单位议事日程, 纳入主管领导工作目标, 纳入业绩考核; "
	             "每年召开2次以上专题会议, 研究解决有关实际问题。");
	CHECK_EQ_STR(tb_indicator_evidence(ind), "单位议事日程、主管领导工作目标、专题会议记录");
	CHECK_EQ_INT(tb_indicator_weight(ind), P(4));

	/* 2.2's items follow 2.1's in the flattened seed: (2) belongs to 2.2. */
	ind = tb_program_indicator_find(p, "2.2.2");
	CHECK_EQ_STR(tb_indicator_title(ind),
	             "有 5 名以上实施科学素质教育和技能培训的专兼职科技人员, 有培训教材和教学资料。"
	             "坚持开展专兼职科普人员业务培训, 积极发展科普志愿者队伍。");
	CHECK_EQ_STR(tb_indicator_evidence(ind), "培训情况、文字、图片说明");

	/* Category 3 is the industrial workers' action, whatever the flattened label says. */
	ind = tb_program_indicator_find(p, "3.3");
	CHECK_EQ_STR(tb_indicator_title(ind), "产业工人科学素质提升行动");
	CHECK_EQ_STR(tb_indicator_target(ind), "workers");
	CHECK_EQ_STR(tb_indicator_target(tb_program_indicator_find(p, "3.3.4")), "workers");
	CHECK_EQ_STR(tb_indicator_target(tb_program_indicator_find(p, "4.5.2")), "exchange");
	CHECK(tb_indicator_target(tb_program_indicator_find(p, "1.1.1")) == NULL);
	CHECK_EQ_STR(tb_indicator_title(tb_program_indicator_find(p, "3.5.4")),
	             "贯彻落实《干部教育培训工作条例》、《公务员培训规定》，开展面向基层领导干部和公务员，"
	             "特别是革命老区、民族地区、边疆地区、脱贫地区干部的科学素质培训工作。");

	/* Character limits from "200字以内" / "100字以内". */
	CHECK_EQ_INT(tb_indicator_char_limit(tb_program_indicator_find(p, "4.1.2")), 200);
	CHECK_EQ_INT(tb_indicator_char_limit(tb_program_indicator_find(p, "4.2.1")), 100);
	CHECK_EQ_INT(tb_indicator_char_limit(tb_program_indicator_find(p, "4.6.4")), 200);
	CHECK_EQ_INT(tb_indicator_char_limit(tb_program_indicator_find(p, "4.1.1")), 0);
	CHECK_EQ_INT(tb_indicator_char_limit(tb_program_indicator_find(p, "1.1.1")), 0);
	CHECK_EQ_STR(tb_indicator_evidence(tb_program_indicator_find(p, "4.1.1")),
	             "科技资源科普化成果目录，典型案例最多5个");
	tb_ctx_free(ctx);
}

TEST(qhd_form)
{
	tb_ctx *ctx = new_ctx();
	const tb_program *p = NULL;
	static const char *const ids[] = {"youth", "farmers", "workers", "elderly", "officials",
	                                  "comprehensive", "resources", "informatization",
	                                  "infrastructure", "grassroots", "exchange", "other"};
	static const char *const labels[] = {"青少年", "农民", "产业工人", "老年人",
	                                     "领导干部和公务员", "综合类行动", "科技资源科普化工程",
	                                     "科普信息化提升工程", "科普基础设施工程",
	                                     "基层科普服务能力提升工程", "科学素质交流与合作工程",
	                                     "其他类工程"};
	size_t i, required = 0;
	int seen_fax = 0;

	CHECK(tb_program_load(ctx, "qhd-2021", &p) == TB_OK);
	if (!p) {
		tb_ctx_free(ctx);
		return;
	}
	CHECK_EQ_INT(tb_program_target_count(p), 12);
	for (i = 0; i < 12; i++) {
		CHECK_EQ_STR(tb_program_target_id(p, i), ids[i]);
		CHECK_EQ_STR(tb_program_target_label(p, i), labels[i]);
	}
	CHECK(tb_program_target_id(p, 12) == NULL);

	CHECK_EQ_INT(tb_program_quota_count(p), 4);
	CHECK_EQ_STR(tb_program_quota_kind(p, 0), "member-unit");
	CHECK_EQ_STR(tb_program_quota_label(p, 0), "市全民科学素质工作领导小组成员单位");
	CHECK_EQ_INT(tb_program_quota_for(p, "member-unit"), 1);
	CHECK_EQ_INT(tb_program_quota_for(p, "society"), 1);
	CHECK_EQ_INT(tb_program_quota_for(p, "county-association"), 2);
	CHECK_EQ_INT(tb_program_quota_for(p, "beidaihe"), 2);
	CHECK_EQ_INT(tb_program_quota_for(p, "nobody"), 0);
	CHECK_EQ_STR(tb_program_quota_label(p, 1), "市级学会（协会、研究会）");

	CHECK_EQ_INT(tb_program_field_count(p), 38);
	CHECK_EQ_STR(tb_program_field_id(p, 0), "applicant-name");
	CHECK_EQ_STR(tb_program_field_label(p, 0), "申报单位");
	CHECK_EQ_STR(tb_program_field_path(p, 0), "applicant/name");
	for (i = 0; i < tb_program_field_count(p); i++) {
		required += tb_program_field_required(p, i) != 0;
		if (!strcmp(tb_program_field_id(p, i), "fax")) {
			seen_fax = 1;
			CHECK(!tb_program_field_required(p, i));
			CHECK_EQ_STR(tb_program_field_path(p, i), "applicant/contact/fax");
			CHECK_EQ_STR(tb_program_field_label(p, i), "传真");
		}
		if (!strcmp(tb_program_field_id(p, i), "staff-full-time")) {
			CHECK_EQ_STR(tb_program_field_path(p, i), "staff/@full-time");
			CHECK_EQ_STR(tb_program_field_unit(p, i), "人");
		}
	}
	CHECK(seen_fax);
	CHECK_EQ_INT(required, 34);

	/* Templates are made elsewhere; a missing file reads as NULL, not an error. */
	{
		const char *t = tb_program_template(p, "application-form", "docx");
		if (t)
			CHECK(strstr(t, "application-form.docx") != NULL);
		CHECK(tb_program_template(p, "no-such-role", "docx") == NULL);
	}
	tb_ctx_free(ctx);
}

static const tb_criterion *crit(const tb_program *p, const char *ind_id, const char *crit_id)
{
	const tb_indicator *ind = tb_program_indicator_find(p, ind_id);
	size_t i;
	for (i = 0; ind && i < ind->criterion_count; i++)
		if (!strcmp(ind->criteria[i].id, crit_id))
			return &ind->criteria[i];
	fprintf(stderr, "criterion %s not found\n", crit_id);
	return NULL;
}

TEST(kaifu_loads)
{
	tb_ctx *ctx = new_ctx();
	const tb_program *p = NULL;
	const tb_criterion *c;
	size_t i, ncrit = 0;

	CHECK(tb_program_load(ctx, "kaifu-2022", &p) == TB_OK);
	print_diags(ctx);
	if (!p) {
		tb_ctx_free(ctx);
		return;
	}
	CHECK_EQ_INT(count_level(p, 1), 3);
	CHECK_EQ_INT(count_level(p, 2), 12);
	CHECK_EQ_INT(weights_mismatch(p), 0);
	for (i = 0; i < tb_program_indicator_count(p); i++) {
		const tb_indicator *ind = tb_program_indicator_at(p, i);
		size_t k;
		tb_points sum = 0;
		for (k = 0; k < ind->criterion_count; k++) {
			CHECK_EQ_INT(tb_criterion_computed_max(&ind->criteria[k]), ind->criteria[k].max);
			sum += ind->criteria[k].max;
		}
		if (ind->criterion_count)
			CHECK_EQ_INT(sum, tb_indicator_weight(ind));
		ncrit += ind->criterion_count;
	}
	CHECK_EQ_INT(ncrit, 38);
	CHECK_EQ_INT(tb_indicator_weight(tb_program_indicator_find(p, "A1")), P(19));
	CHECK_EQ_INT(tb_indicator_weight(tb_program_indicator_find(p, "A2")), P(34));
	CHECK_EQ_INT(tb_indicator_weight(tb_program_indicator_find(p, "A3")), P(42));
	CHECK_EQ_INT(tb_program_total(p), P(95));
	CHECK_EQ_INT(tb_indicator_weight(tb_program_indicator_find(p, "A1-1")), P(16));
	CHECK_EQ_INT(tb_indicator_weight(tb_program_indicator_find(p, "A3-5")), P(16));
	CHECK_EQ_STR(tb_indicator_title(tb_program_indicator_find(p, "A2-4")), "科技志愿服务扎实推进");
	CHECK(!strncmp(tb_indicator_text(tb_program_indicator_find(p, "A2-4")),
	               "科技志愿服务扎实推进。成立县级科技志愿服务队伍", strlen("科技志愿服务扎实推进。成立县级科技志愿服务队伍")));
	CHECK_EQ_STR(tb_indicator_text(tb_program_indicator_find(p, "A2")), "科普条件和能力不断增强");
	CHECK_EQ_INT(tb_indicator_weight(tb_program_indicator_find(p, "A1-2")), 0);
	CHECK_EQ_INT(tb_indicator_criterion_count(tb_program_indicator_find(p, "A1-2")), 0);
	CHECK_EQ_INT(tb_program_leaf_count(p), 12);

	/* A1-1 ⑥: 0.5 + 0.5, exact in hundredths. */
	c = crit(p, "A1-1", "A1-1.6");
	if (c) {
		CHECK_EQ_INT(c->max, P(1));
		CHECK_EQ_INT(c->rule_count, 2);
		CHECK_EQ_INT(c->rules[0].kind, TB_RULE_FIXED);
		CHECK_EQ_INT(c->rules[0].points, 50);
	}
	/* A1-3: judged 0-3. */
	c = crit(p, "A1-3", "A1-3.1");
	if (c) {
		CHECK_EQ_INT(c->rules[0].kind, TB_RULE_JUDGED);
		CHECK_EQ_INT(c->rules[0].min, 0);
		CHECK_EQ_INT(c->rules[0].max, P(3));
	}
	/* A2-2 ①: judged 1-4 for a single applicant, tiered 1-4 otherwise, plus 2 fixed. */
	c = crit(p, "A2-2", "A2-2.1");
	if (c) {
		CHECK_EQ_INT(c->max, P(6));
		CHECK_EQ_INT(c->rules[0].kind, TB_RULE_ALTERNATIVES);
		CHECK_EQ_INT(c->rules[0].alt_count, 2);
		CHECK_EQ_INT(c->rules[0].alts[1].kind, TB_RULE_TIERED);
		CHECK_EQ_INT(c->rules[0].alts[1].min, P(1));
		CHECK_EQ_INT(c->rules[0].alts[1].max, P(4));
	}
	/* A3-1 ①: judged 0-3, capped at 2 without activities in the civilisation centres. */
	c = crit(p, "A3-1", "A3-1.1");
	if (c) {
		CHECK_EQ_INT(c->max, P(3));
		CHECK_EQ_INT(c->rule_count, 2);
		CHECK_EQ_INT(c->rules[1].kind, TB_RULE_CAP);
		CHECK_EQ_INT(c->rules[1].max, P(2));
		CHECK(c->rules[1].condition != NULL);
	}
	/* A3-2 ③: disqualifier. */
	c = crit(p, "A3-2", "A3-2.3");
	if (c) {
		CHECK_EQ_INT(c->max, 0);
		CHECK_EQ_INT(c->rules[0].kind, TB_RULE_DISQUALIFY);
		CHECK(c->rules[0].text && strstr(c->rules[0].text, "伪科学活动"));
		CHECK(c->text && strstr(c->text, "取消创建资格"));
	}
	/* A3-3: judged 0-4, capped at 2 unless the province ranking is in the top 30%. */
	c = crit(p, "A3-3", "A3-3.1");
	if (c) {
		CHECK_EQ_INT(c->max, P(4));
		CHECK_EQ_INT(c->rules[1].kind, TB_RULE_CAP);
		CHECK_EQ_INT(c->rules[1].max, P(2));
	}
	/* A3-5 ③: 2 per unit, at most 4. */
	c = crit(p, "A3-5", "A3-5.3");
	if (c) {
		CHECK_EQ_INT(c->rules[0].kind, TB_RULE_PER_UNIT);
		CHECK_EQ_INT(c->rules[0].points, P(2));
		CHECK_EQ_INT(c->rules[0].max, P(4));
	}
	/* Materials and their word limits. */
	{
		const tb_indicator *ind = tb_program_indicator_find(p, "A3-2");
		CHECK(ind && ind->evidence_count == 3);
		if (ind && ind->evidence_count == 3) {
			CHECK_EQ_INT(ind->evidence[0].char_limit, 500);
			CHECK_EQ_INT(ind->evidence[2].char_limit, 100);
		}
		CHECK_EQ_INT(tb_indicator_char_limit(tb_program_indicator_find(p, "A3-3")), 500);
		ind = tb_program_indicator_find(p, "A1-1");
		CHECK(ind && ind->evidence_count == 6);
		if (ind && ind->evidence_count == 6) {
			CHECK_EQ_INT(ind->evidence[1].unit_count, 2);
			CHECK_EQ_STR(ind->evidence[1].units[1], "区文明办");
		}
	}
	tb_ctx_free(ctx);
}

TEST(list)
{
	tb_ctx *ctx = new_ctx();
	char **ids = NULL;
	size_t n = 0;
	CHECK(tb_program_list(ctx, &ids, &n) == TB_OK);
	CHECK_EQ_INT(n, 2);
	if (n == 2) {
		CHECK_EQ_STR(ids[0], "kaifu-2022");
		CHECK_EQ_STR(ids[1], "qhd-2021");
	}
	tb_strv_free(ids, n);
	tb_ctx_free(ctx);
}

/* tb_program_installed says what tb_program_list lists, for every listed id and for names
 * it would not list: unknown, climbing out, the schema file, nothing. */
TEST(installed_as_listed)
{
	tb_ctx *ctx = new_ctx();
	char **ids = NULL;
	size_t n = 0, i;
	CHECK(tb_program_list(ctx, &ids, &n) == TB_OK && n >= 2);
	for (i = 0; i < n; i++)
		CHECK(tb_program_installed(ctx, ids[i]));
	tb_strv_free(ids, n);
	CHECK(!tb_program_installed(ctx, "no-such-program"));
	CHECK(!tb_program_installed(ctx, "../etc"));
	CHECK(!tb_program_installed(ctx, "program.xsd"));
	CHECK(!tb_program_installed(ctx, ""));
	CHECK(tb_diag_count(ctx) == 0); /* asking says nothing */
	tb_ctx_free(ctx);
}

TEST(unknown)
{
	tb_ctx *ctx = new_ctx();
	const tb_program *p = NULL;
	CHECK(tb_program_load(ctx, "no-such-program", &p) == TB_ENOTFOUND);
	CHECK(p == NULL);
	CHECK(tb_diag_count(ctx) == 1 && !strcmp(tb_diag_get(ctx, 0)->code, "program.unknown"));
	tb_diag_clear(ctx);
	CHECK(tb_program_load(ctx, "../etc", &p) == TB_ENOTFOUND);
	CHECK(tb_diag_count(ctx) == 1 && !strcmp(tb_diag_get(ctx, 0)->code, "program.unknown"));
	tb_diag_clear(ctx);
	/* Once a program is loaded the schema is cached too; its cache entry is not a program. */
	CHECK(tb_program_load(ctx, "qhd-2021", &p) == TB_OK);
	CHECK(tb_program_load(ctx, "schema", &p) == TB_ENOTFOUND);
	CHECK(p == NULL);
	tb_ctx_free(ctx);
}

/* Each broken file is rejected with one expected code at an expected line. */
static void expect_bad(const char *file, const char *code, unsigned line)
{
	tb_ctx *ctx = new_ctx();
	tb_program *p = NULL;
	char rel[256];
	size_t i;
	int found = 0;

	snprintf(rel, sizeof rel, "tests/programs/bad/%s", file);
	CHECK(tb_program_load_file(ctx, src_path(rel), &p) != TB_OK);
	CHECK(p == NULL);
	for (i = 0; i < tb_diag_count(ctx); i++) {
		const tb_diag *d = tb_diag_get(ctx, i);
		if (!strcmp(d->code, code) && d->line == line)
			found = 1;
	}
	if (!found) {
		fprintf(stderr, "%s: expected %s at line %u, got:\n", file, code, line);
		tb_diag_print(ctx, stderr);
	}
	CHECK(found);
	tb_program_free(p);
	tb_ctx_free(ctx);
}

TEST(bad_files)
{
	expect_bad("weights.xml", "program.weights", 9);
	expect_bad("total.xml", "program.weights", 6);
	expect_bad("duplicate.xml", "program.duplicate-id", 10);
	expect_bad("schema.xml", "program.schema", 7);
	expect_bad("criterion.xml", "program.weights", 12);
	expect_bad("cap.xml", "program.rule", 15);
	expect_bad("target.xml", "program.target", 12);
	expect_bad("malformed.xml", "xml.malformed", 7);
}

/* Write a generated program to a temporary file; returns its path (static buffer). */
static const char *write_tmp(const char *text)
{
	static char path[] = "/tmp/tb_program_XXXXXX";
	int fd;
	FILE *f;
	strcpy(path, "/tmp/tb_program_XXXXXX");
	fd = mkstemp(path);
	CHECK(fd >= 0);
	f = fdopen(fd, "w");
	CHECK(f != NULL);
	if (f) {
		fputs(text, f);
		fclose(f);
	}
	return path;
}

static char *flat_program(size_t n, int duplicate_last)
{
	size_t cap = 256 + n * 96, i, len;
	char *s = malloc(cap);
	if (!s)
		return NULL;
	len = (size_t)snprintf(s, cap, "<?xml version=\"1.0\"?>\n<program id=\"big\" format=\"1\">"
	                       "<title>t</title><issuer>i</issuer><year>2021</year>"
	                       "<indicators total=\"%zu\">\n", n);
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(s + len, cap - len,
		                        "<indicator id=\"i%zu\" weight=\"1\"><title>x</title></indicator>\n",
		                        duplicate_last && i == n - 1 ? (size_t)0 : i);
	snprintf(s + len, cap - len, "</indicators></program>\n");
	return s;
}

static int has_code(tb_ctx *ctx, const char *code, unsigned line)
{
	size_t i;
	for (i = 0; i < tb_diag_count(ctx); i++)
		if (!strcmp(tb_diag_get(ctx, i)->code, code) && (!line || tb_diag_get(ctx, i)->line == line))
			return 1;
	return 0;
}

TEST(limits)
{
	tb_ctx *ctx = new_ctx();
	tb_program *p = NULL;
	char *text;
	const char *path;
	size_t i;
	char deep[4096];
	size_t len;

	/* The largest program the limits allow loads; a duplicate in it is found (sorted check). */
	text = flat_program(TB_PROGRAM_MAX_INDICATORS, 0);
	path = write_tmp(text);
	CHECK(tb_program_load_file(ctx, path, &p) == TB_OK);
	CHECK_EQ_INT(tb_program_indicator_count(p), TB_PROGRAM_MAX_INDICATORS);
	CHECK_EQ_INT(tb_program_total(p), (tb_points)TB_PROGRAM_MAX_INDICATORS * TB_POINTS_SCALE);
	tb_program_free(p);
	p = NULL;
	unlink(path);
	free(text);

	text = flat_program(TB_PROGRAM_MAX_INDICATORS, 1);
	path = write_tmp(text);
	CHECK(tb_program_load_file(ctx, path, &p) == TB_ERROR);
	CHECK(has_code(ctx, "program.duplicate-id", TB_PROGRAM_MAX_INDICATORS + 2));
	unlink(path);
	free(text);
	tb_diag_clear(ctx);

	/* One more indicator than allowed: refused with program.limit. */
	text = flat_program(TB_PROGRAM_MAX_INDICATORS + 1, 0);
	path = write_tmp(text);
	CHECK(tb_program_load_file(ctx, path, &p) == TB_ELIMIT);
	CHECK(p == NULL);
	CHECK(has_code(ctx, "program.limit", 0));
	unlink(path);
	free(text);
	tb_diag_clear(ctx);

	/* Nesting deeper than the limit. */
	len = (size_t)snprintf(deep, sizeof deep, "<?xml version=\"1.0\"?>\n<program id=\"deep\" format=\"1\">"
	                       "<title>t</title><issuer>i</issuer><year>2021</year><indicators total=\"1\">\n");
	for (i = 0; i <= TB_PROGRAM_MAX_DEPTH; i++)
		len += (size_t)snprintf(deep + len, sizeof deep - len,
		                        "<indicator id=\"d%zu\" weight=\"1\"><title>x</title>\n", i);
	for (i = 0; i <= TB_PROGRAM_MAX_DEPTH; i++)
		len += (size_t)snprintf(deep + len, sizeof deep - len, "</indicator>");
	snprintf(deep + len, sizeof deep - len, "</indicators></program>\n");
	path = write_tmp(deep);
	CHECK(tb_program_load_file(ctx, path, &p) == TB_ELIMIT);
	CHECK(has_code(ctx, "program.limit", TB_PROGRAM_MAX_DEPTH + 3));
	unlink(path);
	tb_ctx_free(ctx);
}

/* Templates resolve against the program's folder when present, NULL when absent. */
TEST(templates)
{
	tb_ctx *ctx = new_ctx();
	tb_program *p = NULL;
	char dir[] = "/tmp/tb_prog_tpl_XXXXXX", name[256], docx[256];
	char *data = NULL;
	size_t len = 0;
	FILE *f;

	CHECK(mkdtemp(dir) != NULL);
	f = fopen(src_path("templates/programs/qhd-2021/program.xml"), "rb");
	CHECK(f != NULL);
	if (f) {
		data = malloc(1 << 20);
		len = data ? fread(data, 1, 1 << 20, f) : 0;
		fclose(f);
	}
	snprintf(name, sizeof name, "%s/program.xml", dir);
	snprintf(docx, sizeof docx, "%s/application-form.docx", dir);
	f = fopen(docx, "wb");
	CHECK(f != NULL);
	if (f) {
		fputs("PK", f);
		fclose(f);
	}
	CHECK(tb_program_load_data(ctx, name, data, len, &p) == TB_OK);
	print_diags(ctx);
	CHECK_EQ_STR(tb_program_dir(p), dir);
	{
		char real[4096];
		CHECK(realpath(docx, real) != NULL);
		CHECK_EQ_STR(tb_program_template(p, "application-form", "docx"), real);
	}
	CHECK(tb_program_template(p, "application-form", "odt") == NULL);
	CHECK(tb_program_template(p, "summary-sheet", "docx") == NULL);
	CHECK_EQ_INT(tb_program_indicator_count(p), 92);
	tb_program_free(p);
	unlink(docx);
	rmdir(dir);
	free(data);
	tb_ctx_free(ctx);
}

TEST(points_format)
{
	char b[24];
	CHECK_EQ_STR(tb_points_format(100, b, sizeof b), "1");
	CHECK_EQ_STR(tb_points_format(50, b, sizeof b), "0.5");
	CHECK_EQ_STR(tb_points_format(125, b, sizeof b), "1.25");
	CHECK_EQ_STR(tb_points_format(10005, b, sizeof b), "100.05");
	CHECK_EQ_INT(tb_points_parse("0.5"), 50);
	CHECK_EQ_INT(tb_points_parse("12"), 1200);
	CHECK_EQ_INT(tb_points_parse("1.25"), 125);
	CHECK_EQ_INT(tb_points_parse("1."), -1);
	CHECK_EQ_INT(tb_points_parse("1.234"), -1);
	CHECK_EQ_INT(tb_points_parse(""), -1);
	CHECK_EQ_INT(tb_points_parse("-1"), -1);
}

CHECK_MAIN(T(qhd_loads), T(qhd_texts), T(qhd_form), T(kaifu_loads), T(list), T(installed_as_listed), T(unknown),
           T(bad_files), T(limits), T(templates), T(points_format))
