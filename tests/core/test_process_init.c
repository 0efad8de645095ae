/* test_process_init.c: after tb_process_init, the digests do not depend on the system's
 * OpenSSL configuration. OPENSSL_CONF names a configuration that activates the base provider
 * only (no SHA-256, no SM3): read, it would leave the digests unsupported. And TZ, unset, is
 * named. */
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

int main(void)
{
	static const check_test tests[] = {
		{"digests_whatever_openssl_cnf_says", digests_whatever_openssl_cnf_says},
		{"unset_time_zone_named", unset_time_zone_named},
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
