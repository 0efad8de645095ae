/* test_linebreak.c: the Chinese line-breaking rules on the exact cases of
 * reference/pdf-cjk-signing.md §4.3 ("|" marks an allowed break). */
#include <stdlib.h>

#include "check.h"
#include "layout/linebreak.h"

static void expect(const char *in, const char *want)
{
	char *got = tb_linebreaks_mark_utf8(in);
	CHECK_EQ_STR(got, want);
	free(got);
}

TEST(punctuation_stays_with_preceding)
{
	expect("中文，标点。下", "中|文，|标|点。|下");
	expect("（盖章）：", "（盖|章）：");
	expect("《中华人民共和国》规", "《中|华|人|民|共|和|国》|规");
	expect("他说：“你好”。", "他|说：|“你|好”。");
}

TEST(dash_and_ellipsis_unsplit)
{
	expect("等等……还", "等|等……|还");
	expect("有——破", "有|——|破");
}

TEST(numbers_and_units_whole)
{
	expect("010-12345678", "010-12345678");
	expect("37.5℃", "37.5℃");
	expect("100%", "100%");
	expect("￥100", "￥100");
	expect("〔2024〕", "〔2024〕");
}

TEST(tailoring_connecting_marks)
{
	/* They may end a line but never start one. */
	expect("马克·吐温", "马|克·|吐|温");
	expect("北京—上海", "北|京—|上|海");
	expect("1949～1986", "1949～|1986");
	expect("北京〜上海", "北|京〜|上|海");
}

TEST(tailoring_dates)
{
	/* A number is never split, but it may end a line before 年/月/日, as in LibreOffice
	 * (both UAX #14 and its CJK break iterator allow it). */
	expect("2024年5月1日", "2024|年|5|月|1|日");
	expect("于2024年", "于|2024|年");
}

TEST(latin_words_unsplit)
{
	expect("Hello world", "Hello |world");
	expect("使用PDF文件", "使|用|PDF|文|件");
	expect("排版PDF/A文件", "排|版|PDF/A|文|件");
}

TEST(no_line_starts_with_closing)
{
	/* Every character of the closing set refuses a break before it. */
	static const char *const closers[] = {"。", "，", "、", "；", "：", "？", "！", "”", "’",
	                                      "）", "〕", "】", "》", "〉", "」", "』"};
	size_t i;
	for (i = 0; i < sizeof(closers) / sizeof(closers[0]); i++) {
		char in[32], want[32];
		snprintf(in, sizeof(in), "字%s字", closers[i]);
		snprintf(want, sizeof(want), "字%s|字", closers[i]);
		expect(in, want);
	}
}

TEST(no_line_ends_with_opening)
{
	static const char *const openers[] = {"“", "‘", "（", "〔", "【", "《", "〈", "「", "『"};
	size_t i;
	for (i = 0; i < sizeof(openers) / sizeof(openers[0]); i++) {
		char in[32], want[32];
		snprintf(in, sizeof(in), "字%s字", openers[i]);
		snprintf(want, sizeof(want), "字|%s字", openers[i]);
		expect(in, want);
	}
}

static const check_test tests[] = {
	{"punctuation_stays_with_preceding", punctuation_stays_with_preceding},
	{"dash_and_ellipsis_unsplit", dash_and_ellipsis_unsplit},
	{"numbers_and_units_whole", numbers_and_units_whole},
	{"tailoring_connecting_marks", tailoring_connecting_marks},
	{"tailoring_dates", tailoring_dates},
	{"latin_words_unsplit", latin_words_unsplit},
	{"no_line_starts_with_closing", no_line_starts_with_closing},
	{"no_line_ends_with_opening", no_line_ends_with_opening},
};

int main(void)
{
	return check_run(tests, sizeof(tests) / sizeof(tests[0]));
}
