/* test_process_init.c: after tb_process_init, the digests do not depend on the system's
 * OpenSSL configuration. OPENSSL_CONF names a configuration that activates the base provider
 * only (no SHA-256, no SM3): read, it would leave the digests unsupported. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/digest.h"

TEST(digests_whatever_openssl_cnf_says)
{
	char hex[TB_DIGEST_HEX_MAX];
	CHECK(tb_digest_mem(TB_SHA256, "abc", 3, hex) == TB_OK);
	CHECK_EQ_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	CHECK(tb_digest_mem(TB_SM3, "abc", 3, hex) == TB_OK);
	CHECK_EQ_STR(hex, "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
}

int main(void)
{
	static const check_test tests[] = {
		{"digests_whatever_openssl_cnf_says", digests_whatever_openssl_cnf_says},
	};
	FILE *f = fopen("base-only-openssl.cnf", "w");
	if (!f || fputs("openssl_conf = openssl_init\n[openssl_init]\nproviders = provider_sect\n"
	                "[provider_sect]\nbase = base_sect\n[base_sect]\nactivate = 1\n", f) < 0 ||
	    fclose(f) != 0)
		return 1;
	setenv("OPENSSL_CONF", "base-only-openssl.cnf", 1);
	tb_process_init(); /* before any other use of OpenSSL, as a front end calls it */
	return check_run(tests, sizeof tests / sizeof tests[0]);
}
