/* digest.c: SHA-256, SHA-512 and SM3 through OpenSSL's EVP interface. */
#include "core/digest.h"

#include <errno.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "core/ctx.h"
#include "core/file.h"
#include "core/i18n.h"

const char *tb_digest_name(tb_digest_alg alg)
{
	switch (alg) {
	case TB_SHA256: return "sha256";
	case TB_SHA512: return "sha512";
	case TB_SM3: return "sm3";
	}
	return "?";
}

/* The algorithms, fetched from the default provider once per process. EVP_sha256() and
 * friends are legacy handles that OpenSSL 3 resolves again at every EVP_DigestInit_ex
 * (an implicit EVP_MD_fetch: a lock and a method-store lookup, ~1 M instructions each time;
 * issue 16). A fetch that failed (out of memory) is tried again at the next use, so it is
 * a lock and an acquire load rather than pthread_once. Never freed: the process keeps them
 * until exit, reachable from here (OPENSSL_cleanup at exit may run before any destructor of
 * ours, so freeing them then would be unsafe). */
static pthread_mutex_t md_lock = PTHREAD_MUTEX_INITIALIZER;
static EVP_MD *mds[3];

static const EVP_MD *md_of(tb_digest_alg alg)
{
	static const char *const names[3] = {"SHA256", "SHA512", "SM3"};
	EVP_MD *md;
	if ((unsigned)alg >= 3)
		return NULL;
	if ((md = __atomic_load_n(&mds[alg], __ATOMIC_ACQUIRE)))
		return md;
	pthread_mutex_lock(&md_lock);
	if (!(md = mds[alg]) && (md = EVP_MD_fetch(NULL, names[alg], NULL)))
		__atomic_store_n(&mds[alg], md, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&md_lock);
	return md;
}

static void to_hex(const unsigned char *md, unsigned n, char *hex)
{
	static const char digits[] = "0123456789abcdef";
	unsigned i;
	for (i = 0; i < n; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[2 * n] = '\0';
}

tb_status tb_digest_mem(tb_digest_alg alg, const void *data, size_t len, char hex[TB_DIGEST_HEX_MAX])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned n = 0;
	const EVP_MD *type = md_of(alg);
	if (!type || !EVP_Digest(data, len, md, &n, type, NULL))
		return TB_EUNSUPPORTED;
	to_hex(md, n, hex);
	return TB_OK;
}

tb_status tb_digest_file(tb_ctx *ctx, tb_digest_alg alg, const char *path,
                         char hex[TB_DIGEST_HEX_MAX])
{
	char one[1][TB_DIGEST_HEX_MAX];
	tb_status st = tb_digest_file_each(ctx, path, 1, &alg, one, NULL);
	if (st == TB_OK)
		memcpy(hex, one[0], TB_DIGEST_HEX_MAX);
	return st;
}

tb_status tb_digest_file_each(tb_ctx *ctx, const char *path, size_t n, const tb_digest_alg *algs,
                             char (*hex)[TB_DIGEST_HEX_MAX], size_t *size)
{
	unsigned char md[EVP_MAX_MD_SIZE], buf[65536];
	EVP_MD_CTX *mc[4] = {NULL, NULL, NULL, NULL};
	size_t r, i, total = 0;
	unsigned len = 0;
	tb_status st = TB_OK;
	FILE *f;

	if (n > sizeof mc / sizeof mc[0])
		return TB_EINVAL;
	if (!(f = tb_file_open_regular(ctx, path, NULL, &st)))
		return st;
	for (i = 0; i < n; i++) {
		const EVP_MD *type = md_of(algs[i]);
		if (!type || !(mc[i] = EVP_MD_CTX_new()) || !EVP_DigestInit_ex(mc[i], type, NULL)) {
			st = TB_EUNSUPPORTED;
			goto done;
		}
	}
	while ((r = fread(buf, 1, sizeof buf, f)) > 0) {
		for (i = 0; i < n; i++)
			EVP_DigestUpdate(mc[i], buf, r);
		total += r;
	}
	if (ferror(f)) {
		tb_error(ctx, "io.read", path, 0, 0, NULL, N_("read error: %s"), strerror(errno));
		st = TB_EIO;
		goto done;
	}
	for (i = 0; i < n; i++) {
		EVP_DigestFinal_ex(mc[i], md, &len);
		to_hex(md, len, hex[i]);
	}
	if (size)
		*size = total;
done:
	for (i = 0; i < n; i++)
		EVP_MD_CTX_free(mc[i]);
	fclose(f);
	return st;
}

/* A streaming digest: an EVP_MD_CTX under the project's name. */
tb_digest_stream *tb_digest_begin(tb_digest_alg alg)
{
	const EVP_MD *type = md_of(alg);
	EVP_MD_CTX *mc = type ? EVP_MD_CTX_new() : NULL;
	if (mc && !EVP_DigestInit_ex(mc, type, NULL)) {
		EVP_MD_CTX_free(mc);
		mc = NULL;
	}
	return (tb_digest_stream *)mc;
}

void tb_digest_update(tb_digest_stream *d, const void *data, size_t len)
{
	if (d && len)
		EVP_DigestUpdate((EVP_MD_CTX *)d, data, len);
}

tb_status tb_digest_end(tb_digest_stream *d, char hex[TB_DIGEST_HEX_MAX])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned n = 0;
	tb_status st = TB_EUNSUPPORTED;
	if (!d)
		return st;
	if (hex && EVP_DigestFinal_ex((EVP_MD_CTX *)d, md, &n)) {
		to_hex(md, n, hex);
		st = TB_OK;
	}
	EVP_MD_CTX_free((EVP_MD_CTX *)d);
	return st;
}
