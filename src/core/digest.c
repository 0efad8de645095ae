/* digest.c: SHA-256, SHA-512 and SM3 through libgcrypt where it can be opened, else through
 * OpenSSL's EVP interface. */
#include "core/digest.h"

#include <errno.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ctx.h"
#include "core/file.h"
#include "core/gcrypt_load.h"
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

/* The digests by libgcrypt, opened on first use (gcrypt_load.h), else by OpenSSL. Its SM3
 * has AVX/BMI2 code and runs 430 MB/s on the AMD EPYC machines here, where OpenSSL 3.0's
 * portable C runs 280 MB/s (on Intel both ran about 430); a batch hashes every package and
 * every file in it with SM3, 1.5 MB an applicant: 5.4 ms of its 39 ms of CPU with OpenSSL.
 * Its SHA-256 uses the SHA extensions as OpenSSL's does (1.57 against 1.60 GB/s). SHA-256
 * goes there too: OpenSSL's digests cost 1.6 MB of resident memory to set up (its default
 * provider's tables), libgcrypt's 0.75 MB, and a batch's peak is held to 50 MiB. Without
 * libgcrypt (not installed, older than 1.9, an algorithm refused as in FIPS mode), OpenSSL.
 * Initialised here unless the program that holds the library already did. */
#define TB_GCRYPT_MIN "1.9.0" /* its first with SM3 */
static pthread_once_t gc_once = PTHREAD_ONCE_INIT;
static bool gc_has[3];

static int gc_algo(tb_digest_alg alg)
{
	static const int ids[3] = {GCRY_MD_SHA256, GCRY_MD_SHA512, GCRY_MD_SM3};
	return ids[alg];
}

static void gc_init(void)
{
	int a;
	if (tb_lazylib_load(&tb_gcrypt_lib) != TB_OK || !gcry_check_version(TB_GCRYPT_MIN))
		return;
	if (!gcry_control(GCRYCTL_INITIALIZATION_FINISHED_P)) {
		gcry_control(GCRYCTL_DISABLE_SECMEM, 0); /* no key material here */
		gcry_control(GCRYCTL_INITIALIZATION_FINISHED, 0);
	}
	for (a = 0; a < 3; a++)
		gc_has[a] = gcry_md_algo_info(gc_algo((tb_digest_alg)a), GCRYCTL_TEST_ALGO, NULL, NULL) == 0;
}

static bool use_gcrypt(tb_digest_alg alg)
{
	if ((unsigned)alg >= 3)
		return false;
	pthread_once(&gc_once, gc_init);
	return gc_has[alg];
}

static unsigned gc_len(tb_digest_alg alg)
{
	return alg == TB_SHA512 ? 64 : 32;
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
	const EVP_MD *type;
	if (use_gcrypt(alg)) {
		gcry_md_hash_buffer(gc_algo(alg), md, data, len);
		to_hex(md, gc_len(alg), hex);
		return TB_OK;
	}
	type = md_of(alg);
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
	unsigned char buf[65536];
	tb_digest_stream *ds[4] = {NULL, NULL, NULL, NULL};
	size_t r, i, total = 0;
	tb_status st = TB_OK;
	FILE *f;

	if (n > sizeof ds / sizeof ds[0])
		return TB_EINVAL;
	if (!(f = tb_file_open_regular(ctx, path, NULL, &st)))
		return st;
	for (i = 0; i < n; i++)
		if (!(ds[i] = tb_digest_begin(algs[i]))) {
			st = TB_EUNSUPPORTED;
			goto done;
		}
	while ((r = fread(buf, 1, sizeof buf, f)) > 0) {
		for (i = 0; i < n; i++)
			tb_digest_update(ds[i], buf, r);
		total += r;
	}
	if (ferror(f)) {
		tb_error(ctx, "io.read", path, 0, 0, NULL, N_("read error: %s"), strerror(errno));
		st = TB_EIO;
		goto done;
	}
	for (i = 0; i < n; i++) {
		tb_status e = tb_digest_end(ds[i], hex[i]);
		ds[i] = NULL;
		if (e != TB_OK && st == TB_OK)
			st = e;
	}
	if (size && st == TB_OK)
		*size = total;
done:
	for (i = 0; i < n; i++)
		(void)tb_digest_end(ds[i], NULL);
	fclose(f);
	return st;
}

/* A streaming digest: OpenSSL's EVP_MD_CTX or libgcrypt's handle. */
struct tb_digest_stream {
	EVP_MD_CTX *evp;
	gcry_md_hd_t gc;
	tb_digest_alg alg;
};

tb_digest_stream *tb_digest_begin(tb_digest_alg alg)
{
	tb_digest_stream *d = calloc(1, sizeof *d);
	const EVP_MD *type;
	if (!d)
		return NULL;
	d->alg = alg;
	if (use_gcrypt(alg)) {
		if (gcry_md_open(&d->gc, gc_algo(alg), 0) == 0)
			return d;
		d->gc = NULL; /* out of memory there: OpenSSL's */
	}
	if (!(type = md_of(alg)) || !(d->evp = EVP_MD_CTX_new()) ||
	    !EVP_DigestInit_ex(d->evp, type, NULL)) {
		EVP_MD_CTX_free(d->evp);
		free(d);
		return NULL;
	}
	return d;
}

void tb_digest_update(tb_digest_stream *d, const void *data, size_t len)
{
	if (!d || !len)
		return;
	if (d->gc)
		gcry_md_write(d->gc, data, len);
	else
		EVP_DigestUpdate(d->evp, data, len);
}

tb_status tb_digest_end(tb_digest_stream *d, char hex[TB_DIGEST_HEX_MAX])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned n = 0;
	tb_status st = TB_EUNSUPPORTED;
	if (!d)
		return st;
	if (d->gc) {
		const unsigned char *r = hex ? gcry_md_read(d->gc, gc_algo(d->alg)) : NULL;
		if (r) {
			to_hex(r, gc_len(d->alg), hex);
			st = TB_OK;
		}
		gcry_md_close(d->gc);
	} else {
		if (hex && EVP_DigestFinal_ex(d->evp, md, &n)) {
			to_hex(md, n, hex);
			st = TB_OK;
		}
		EVP_MD_CTX_free(d->evp);
	}
	free(d);
	return st;
}
