/* test_process_init.c: after tb_process_init, the digests do not depend on the system's
 * OpenSSL configuration. OPENSSL_CONF names a configuration that activates the base provider
 * only (no SHA-256, no SM3): read, it would leave the digests unsupported. And TZ, unset, is
 * named. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/digest.h"
#include "tianbiao/tb_core.h"

TEST(digests_whatever_openssl_cnf_says)
{
	char hex[TB_DIGEST_HEX_MAX];
	CHECK(tb_digest_mem(TB_SHA256, "abc", 3, hex) == TB_OK);
	CHECK_EQ_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	CHECK(tb_digest_mem(TB_SM3, "abc", 3, hex) == TB_OK);
	CHECK_EQ_STR(hex, "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
}

/* An unset TZ is named as the zone glibc would read anyway; one the user set is kept. */
TEST(unset_time_zone_named)
{
	CHECK(getenv("TZ") && !strcmp(getenv("TZ"), ":/etc/localtime"));
	setenv("TZ", "Asia/Shanghai", 1);
	tb_process_init();
	CHECK(getenv("TZ") && !strcmp(getenv("TZ"), "Asia/Shanghai"));
}

/* The smaps flag THPeligible of the mapping holding `addr`; -1: not found. And its name. */
static int thp_eligible(const void *addr, char name[64])
{
	FILE *f = fopen("/proc/self/smaps", "r");
	char line[512];
	int in = 0, got = -1;
	name[0] = '\0';
	while (f && fgets(line, sizeof line, f)) {
		unsigned long lo, hi;
		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 && strchr(line, '-') < strchr(line, ' ')) {
			char *sp = strrchr(line, ' ');
			in = (uintptr_t)addr >= lo && (uintptr_t)addr < hi;
			if (in && sp)
				snprintf(name, 64, "%s", sp + 1);
		} else if (in && !strncmp(line, "THPeligible:", 12)) {
			got = atoi(line + 12);
			break;
		}
	}
	if (f)
		fclose(f);
	return got;
}

/* After tb_process_heap_huge, memory malloc gives from its heap may be backed by huge pages
 * (THPeligible 1), unless the kernel's THP mode is "never". (Under AddressSanitizer malloc
 * is the sanitizer's, not glibc's: the heap is then left alone, and memory still works.) */
TEST(heap_may_take_huge_pages)
{
	char name[64], mode[128] = "";
	FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
	unsigned char *p;
	int e;
	if (f) {
		if (!fgets(mode, sizeof mode, f))
			mode[0] = '\0';
		fclose(f);
	}
	tb_process_heap_huge((size_t)16 << 20);
	p = malloc((size_t)6 << 20);
	CHECK(p != NULL);
	memset(p, 1, (size_t)6 << 20);
	e = thp_eligible(p + (3u << 20), name);
#if defined(__SANITIZE_ADDRESS__)
	CHECK(strncmp(name, "[heap]", 6) != 0); /* the sanitizer's own mappings */
#else
	CHECK(!strncmp(name, "[heap]", 6));
	if (mode[0] && !strstr(mode, "[never]"))
		CHECK_EQ_INT(e, 1);
#endif
	(void)e;
	CHECK(p[(6u << 20) - 1] == 1);
	free(p);
}

int main(void)
{
	static const check_test tests[] = {
		{"digests_whatever_openssl_cnf_says", digests_whatever_openssl_cnf_says},
		{"unset_time_zone_named", unset_time_zone_named},
		{"heap_may_take_huge_pages", heap_may_take_huge_pages},
	};
	FILE *f = fopen("base-only-openssl.cnf", "w");
	if (!f || fputs("openssl_conf = openssl_init\n[openssl_init]\nproviders = provider_sect\n"
	                "[provider_sect]\nbase = base_sect\n[base_sect]\nactivate = 1\n", f) < 0 ||
	    fclose(f) != 0)
		return 1;
	setenv("OPENSSL_CONF", "base-only-openssl.cnf", 1);
	unsetenv("TZ");
	tb_process_init(); /* before any other use of OpenSSL, as a front end calls it */
	return check_run(tests, sizeof tests / sizeof tests[0]);
}
