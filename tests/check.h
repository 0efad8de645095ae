/* check.h: a tiny test harness. Each test file defines TEST(name) functions and lists them
 * in a TESTS table; main() runs them and prints "N passed, N failed". */
#ifndef TB_TESTS_CHECK_H
#define TB_TESTS_CHECK_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_failures;
static const char *check_current;

#define CHECK(cond)                                                                  \
	do {                                                                             \
		if (!(cond)) {                                                               \
			fprintf(stderr, "%s:%d: %s: check failed: %s\n", __FILE__, __LINE__,      \
			        check_current, #cond);                                           \
			check_failures++;                                                        \
		}                                                                            \
	} while (0)

#define CHECK_EQ_INT(a, b)                                                           \
	do {                                                                             \
		long long va_ = (long long)(a), vb_ = (long long)(b);                        \
		if (va_ != vb_) {                                                            \
			fprintf(stderr, "%s:%d: %s: %s == %lld, expected %s == %lld\n", __FILE__, \
			        __LINE__, check_current, #a, va_, #b, vb_);                      \
			check_failures++;                                                        \
		}                                                                            \
	} while (0)

#define CHECK_EQ_STR(a, b)                                                           \
	do {                                                                             \
		const char *sa_ = (a), *sb_ = (b);                                           \
		if (!sa_ || !sb_ || strcmp(sa_, sb_) != 0) {                                 \
			fprintf(stderr, "%s:%d: %s: %s == \"%s\", expected \"%s\"\n", __FILE__,   \
			        __LINE__, check_current, #a, sa_ ? sa_ : "(null)",               \
			        sb_ ? sb_ : "(null)");                                           \
			check_failures++;                                                        \
		}                                                                            \
	} while (0)

typedef struct check_test {
	const char *name;
	void (*fn)(void);
} check_test;

#define TEST(name) static void name(void)

static inline int check_run(const check_test *tests, size_t n)
{
	size_t i, passed = 0, failed = 0;
	for (i = 0; i < n; i++) {
		int before = check_failures;
		check_current = tests[i].name;
		tests[i].fn();
		if (check_failures == before)
			passed++;
		else {
			failed++;
			fprintf(stderr, "FAIL %s\n", tests[i].name);
		}
	}
	printf("%zu passed, %zu failed\n", passed, failed);
	return failed ? 1 : 0;
}

#define CHECK_MAIN(...)                                                              \
	int main(void)                                                                   \
	{                                                                                \
		static const check_test tests_[] = {__VA_ARGS__};                           \
		return check_run(tests_, sizeof tests_ / sizeof tests_[0]);                  \
	}
#define T(fn) {#fn, fn}

/* Path under the source tree (TB_SRC), in a static buffer. */
static inline const char *src_path(const char *rel)
{
	static char buf[8][4096];
	static int k;
	const char *root = getenv("TB_SRC");
	k = (k + 1) % 8;
	snprintf(buf[k], sizeof buf[k], "%s/%s", root ? root : "..", rel);
	return buf[k];
}

#endif
