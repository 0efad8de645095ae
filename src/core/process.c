/* process.c: what a front end that owns its process sets up once (tb_process_init). */
#include <openssl/crypto.h>
#include <stdlib.h>

#include "tianbiao/tb_core.h"

void tb_process_init(void)
{
	(void)OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG | OPENSSL_INIT_NO_LOAD_CRYPTO_STRINGS, NULL);
	/* The same zone glibc reads when TZ is unset, named: unset, glibc stats /etc/localtime
	 * again at every mktime() and localtime(), and libzip calls them for each ZIP entry
	 * (282 stats per applicant of a batch). */
	if (!getenv("TZ"))
		(void)setenv("TZ", ":/etc/localtime", 0);
}
