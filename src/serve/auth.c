/* auth.c: who may see what. A server secret (DATA/.serve/secret, made once) signs the office's
 * sessions and the CSRF tokens; each applicant has a random key of its own whose digest is kept
 * in DATA/.serve/keys/<id>, so one applicant's link opens no other's pages; the office's
 * password is given in a file, or made for the run when the server only listens on loopback. */
#include <errno.h>
#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/ctx.h"
#include "core/file.h"
#include "core/i18n.h"
#include "serve/serve.h"

#define OFFICE_SESSION_SECONDS (12 * 3600)

static void fill_random(unsigned char *p, size_t n)
{
	while (n > 0) {
		ssize_t got = getrandom(p, n, 0);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			abort(); /* no randomness: no secrets; refuse to run rather than guess */
		}
		p += got;
		n -= (size_t)got;
	}
}

static void to_hex(const unsigned char *p, size_t n, char *out)
{
	static const char hx[] = "0123456789abcdef";
	size_t i;
	for (i = 0; i < n; i++) {
		out[2 * i] = hx[p[i] >> 4];
		out[2 * i + 1] = hx[p[i] & 15];
	}
	out[2 * n] = '\0';
}

void auth_random_hex(char *out, size_t bytes)
{
	unsigned char buf[64];
	if (bytes > sizeof buf)
		bytes = sizeof buf;
	fill_random(buf, bytes);
	to_hex(buf, bytes, out);
}

static void hmac(const unsigned char key[32], const char *a, const char *b, unsigned char out[32])
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned int len = 32;
	unsigned char *msg = malloc(la + lb + 2);
	if (!msg) {
		memset(out, 0, 32);
		return;
	}
	/* a and b joined with a separator no part contains. */
	memcpy(msg, a, la);
	msg[la] = '\n';
	memcpy(msg + la + 1, b, lb);
	if (!HMAC(EVP_sha256(), key, 32, msg, la + 1 + lb, out, &len))
		memset(out, 0, 32);
	free(msg);
}

void auth_hmac_hex(const srv *s, const char *a, const char *b, char out[65])
{
	unsigned char d[32];
	hmac(s->secret, a, b, d);
	to_hex(d, 32, out);
}

int auth_equal(const char *a, const char *b)
{
	size_t n = strlen(a);
	if (n != strlen(b))
		return 0;
	return CRYPTO_memcmp(a, b, n) == 0;
}

static tb_status load_secret(tb_ctx *ctx, srv *s)
{
	char *path = tb_path_join(s->state, "secret"), *data = NULL;
	size_t len = 0;
	tb_status st = TB_OK;
	if (!path)
		return TB_ENOMEM;
	if (tb_file_exists(path)) {
		if ((st = tb_file_read(ctx, path, 1024, &data, &len)) == TB_OK && len != 32) {
			tb_error(ctx, "serve.data", path, 0, 0,
			         N_("delete the file: a new secret is made (signed-in offices sign in again)"),
			         N_("the server's secret is damaged"));
			st = TB_ERROR;
		}
		if (st == TB_OK)
			memcpy(s->secret, data, 32);
	} else {
		fill_random(s->secret, 32);
		st = tb_file_write_atomic(ctx, path, s->secret, 32);
		chmod(path, 0600);
	}
	free(data);
	free(path);
	return st;
}

tb_status auth_init(tb_ctx *ctx, srv *s, const char *password_file, int loopback)
{
	char *pw = NULL;
	size_t len = 0;
	tb_status st;
	unsigned char d[32];

	if ((st = load_secret(ctx, s)) != TB_OK)
		return st;
	if (password_file) {
		if ((st = tb_file_read(ctx, password_file, 4096, &pw, &len)) != TB_OK)
			return st;
		pw[strcspn(pw, "\r\n")] = '\0';
		if (strlen(pw) < 8) {
			tb_error(ctx, "serve.password", password_file, 1, 1,
			         N_("write a password of at least 8 characters on the file's first line"),
			         N_("the office password is too short"));
			free(pw);
			return TB_ERROR;
		}
	} else {
		if (!loopback) {
			tb_error(ctx, "serve.password", NULL, 0, 0,
			         N_("give --password-file FILE with the office's password, or listen on 127.0.0.1"),
			         N_("listening beyond this computer needs an office password"));
			return TB_EINVAL;
		}
		auth_random_hex(s->generated_pw, 12);
		pw = strdup(s->generated_pw);
		if (!pw)
			return TB_ENOMEM;
	}
	hmac(s->secret, "office-password", pw, d);
	memcpy(s->office_pw, d, 32);
	memset(pw, 0, strlen(pw));
	free(pw);
	return TB_OK;
}

int auth_office_password(const srv *s, const char *pw)
{
	unsigned char d[32];
	hmac(s->secret, "office-password", pw ? pw : "", d);
	return CRYPTO_memcmp(d, s->office_pw, 32) == 0;
}

/* "<expiry>.<hmac(expiry, password digest)>": it survives restarts, and ends when the
 * password changes. */
void auth_office_cookie(srv *s, char *out, size_t cap)
{
	char exp[32], pwhex[65], sig[65];
	snprintf(exp, sizeof exp, "%lld", (long long)time(NULL) + OFFICE_SESSION_SECONDS);
	to_hex(s->office_pw, 32, pwhex);
	auth_hmac_hex(s, exp, pwhex, sig);
	snprintf(out, cap, "%s.%s", exp, sig);
}

int auth_office_valid(const srv *s, const char *cookie)
{
	char exp[32], pwhex[65], sig[65];
	const char *dot = strchr(cookie, '.');
	size_t n;
	char *end;
	long long t;
	if (!dot || (n = (size_t)(dot - cookie)) == 0 || n >= sizeof exp)
		return 0;
	memcpy(exp, cookie, n);
	exp[n] = '\0';
	t = strtoll(exp, &end, 10);
	if (*end || t < (long long)time(NULL))
		return 0;
	to_hex(s->office_pw, 32, pwhex);
	auth_hmac_hex(s, exp, pwhex, sig);
	return auth_equal(dot + 1, sig);
}

static char *key_path(const srv *s, const char *id)
{
	char *dir = tb_path_join(s->state, "keys"), *p;
	if (!dir)
		return NULL;
	p = tb_path_join(dir, id);
	free(dir);
	return p;
}

tb_status auth_applicant_new_key(tb_ctx *ctx, srv *s, const char *id, char key[65])
{
	char *dir = tb_path_join(s->state, "keys"), *path = key_path(s, id), digest[65];
	tb_status st;
	if (!dir || !path) {
		free(dir);
		free(path);
		return TB_ENOMEM;
	}
	auth_random_hex(key, 16);
	auth_hmac_hex(s, "applicant-key", key, digest);
	if ((st = tb_mkdirs(ctx, dir)) == TB_OK)
		st = tb_file_write_atomic(ctx, path, digest, 64);
	free(dir);
	free(path);
	return st;
}

int auth_applicant_valid(const srv *s, const char *id, const char *key)
{
	char *path, digest[65], stored[65];
	FILE *f;
	size_t n;
	if (!key || strlen(key) != 32 || strspn(key, "0123456789abcdef") != 32 || !store_valid_id(id))
		return 0;
	if (!(path = key_path(s, id)))
		return 0;
	f = fopen(path, "rb");
	free(path);
	if (!f)
		return 0;
	n = fread(stored, 1, 64, f);
	fclose(f);
	if (n != 64)
		return 0;
	stored[64] = '\0';
	auth_hmac_hex(s, "applicant-key", key, digest);
	return auth_equal(digest, stored);
}
