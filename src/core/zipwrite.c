/* zipwrite.c: the one ZIP writer (see zipwrite.h). */
#include "core/zipwrite.h"

#include <errno.h>
#include <libdeflate.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "core/ctx.h"
#include "core/deflate.h"
#include "core/digest.h"
#include "core/file.h"
#include "core/i18n.h"
#include "core/writer.h"

#define EPOCH_1980 315532800LL /* 1980-01-01T00:00:00Z, the first DOS time */

struct tb_zipw {
	tb_ctx *ctx;
	zip_t *za;
	zip_source_t *mem; /* the in-memory archive, or NULL when writing a file */
	char *name;
	char *password;
	time_t mtime;
	int changed; /* a file source found other bytes than it was given: the close fails */
};

static tb_status fail(tb_zipw *w, const char *entry, const char *what)
{
	if (entry)
		tb_error(w->ctx, "io.write", w->name, 0, 0, NULL,
		         N_("cannot add \"%s\" to the package: %s"), entry, what);
	else
		tb_error(w->ctx, "io.write", w->name, 0, 0, N_("Check free space and permissions."),
		         N_("cannot write the output: %s"), what);
	return TB_EIO;
}

tb_status tb_zipw_open(tb_ctx *ctx, const char *path, const char *name, time_t mtime,
                       const char *password, tb_zipw **out)
{
	tb_zipw *w = calloc(1, sizeof *w);
	zip_error_t ze;
	int err = 0;

	*out = NULL;
	if (!w || !(w->name = strdup(name ? name : path ? path : "")) ||
	    (password && !(w->password = strdup(password)))) {
		tb_zipw_discard(w);
		return TB_ENOMEM;
	}
	w->ctx = ctx;
	w->mtime = mtime < (time_t)EPOCH_1980 ? (time_t)EPOCH_1980 : mtime;
	zip_error_init(&ze);
	if (path) {
		if (!(w->za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err)))
			zip_error_init_with_code(&ze, err);
	} else if ((w->mem = zip_source_buffer_create(NULL, 0, 0, &ze))) {
		if ((w->za = zip_open_from_source(w->mem, ZIP_TRUNCATE, &ze)))
			zip_source_keep(w->mem); /* zip_close releases it once; it is read after */
	}
	if (!w->za) {
		tb_error(ctx, "io.write", w->name, 0, 0,
		         N_("check that the directory exists and is writable"),
		         N_("cannot create archive: %s"), zip_error_strerror(&ze));
		zip_error_fini(&ze);
		tb_zipw_discard(w);
		return path ? TB_EIO : TB_ENOMEM;
	}
	zip_error_fini(&ze);
	*out = w;
	return TB_OK;
}

/* The DOS time fields are the UTC time's. libzip turns them into a time_t with mktime() and
 * back with localtime() when it writes, which gives the same fields in any time zone of the
 * host (the process's TZ is never touched: that would change it for the host program too). */
static int set_utc_time(zip_t *za, zip_uint64_t idx, time_t t)
{
	struct tm tm;
	if (!gmtime_r(&t, &tm) || tm.tm_year < 80)
		return -1;
	return zip_file_set_dostime(za, idx,
	                            (zip_uint16_t)((tm.tm_hour << 11) | (tm.tm_min << 5) | (tm.tm_sec / 2)),
	                            (zip_uint16_t)(((tm.tm_year - 80) << 9) | ((tm.tm_mon + 1) << 5) |
	                                           tm.tm_mday),
	                            0);
}

/* Time, attributes, method (level < 0: keep the copied entry's) and encryption. */
static tb_status set_up(tb_zipw *w, const char *entry, zip_int64_t idx, int level)
{
	zip_uint64_t i = (zip_uint64_t)idx;
	if (set_utc_time(w->za, i, w->mtime) != 0 ||
	    zip_file_set_external_attributes(w->za, i, 0, ZIP_OPSYS_UNIX, (zip_uint32_t)0100644 << 16) !=
	            0 ||
	    (level >= 0 && zip_set_file_compression(w->za, i, level ? ZIP_CM_DEFLATE : ZIP_CM_STORE,
	                                            (zip_uint32_t)level) != 0) ||
	    (w->password && zip_file_set_encryption(w->za, i, ZIP_EM_AES_256, w->password) != 0))
		return fail(w, entry, zip_strerror(w->za));
	return TB_OK;
}

/* Add `src` as `entry` (freed here if that fails) and set it up at `level` (0..9). */
static tb_status add_source(tb_zipw *w, const char *entry, zip_source_t *src, int level)
{
	zip_int64_t idx = zip_file_add(w->za, entry, src, ZIP_FL_ENC_UTF_8);
	if (idx < 0) {
		zip_source_free(src);
		return fail(w, entry, zip_strerror(w->za));
	}
	return set_up(w, entry, idx, level < 0 ? 0 : level > 9 ? 9 : level);
}

/* An entry deflated here and handed to libzip as data compressed already, which libzip copies
 * as it copies an entry of another archive (its stat gives the method, sizes and CRC-32).
 * libdeflate at the same level takes less than half of the zlib time libzip would spend, and
 * its CRC-32 uses the CPU's carry-less multiply. */
typedef struct deflated_src {
	unsigned char *z;
	size_t zlen, len, at;
	uint32_t crc;
	int level;
	zip_error_t err;
} deflated_src;

static zip_int64_t deflated_cb(void *user, void *data, zip_uint64_t n, zip_source_cmd_t cmd)
{
	deflated_src *s = user;
	switch (cmd) {
	case ZIP_SOURCE_OPEN:
		s->at = 0;
		return 0;
	case ZIP_SOURCE_READ: {
		size_t k = s->zlen - s->at;
		if (k > n)
			k = (size_t)n;
		memcpy(data, s->z + s->at, k);
		s->at += k;
		return (zip_int64_t)k;
	}
	case ZIP_SOURCE_CLOSE:
		return 0;
	case ZIP_SOURCE_STAT: {
		zip_stat_t *st = data;
		if (n < sizeof *st) {
			zip_error_set(&s->err, ZIP_ER_INVAL, 0);
			return -1;
		}
		zip_stat_init(st);
		st->valid = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD | ZIP_STAT_CRC |
		            ZIP_STAT_ENCRYPTION_METHOD;
		st->size = s->len;
		st->comp_size = s->zlen;
		st->comp_method = ZIP_CM_DEFLATE;
		st->crc = s->crc;
		st->encryption_method = ZIP_EM_NONE;
		return sizeof *st;
	}
	case ZIP_SOURCE_GET_FILE_ATTRIBUTES: {
		/* The level in general purpose bits 1-2, as libzip's deflater says it (zipinfo's
		 * defX, defN, defF): 2 below level 3, 1 above level 7. */
		zip_file_attributes_t *a = data;
		if (n < sizeof *a) {
			zip_error_set(&s->err, ZIP_ER_INVAL, 0);
			return -1;
		}
		a->valid |= ZIP_FILE_ATTRIBUTES_GENERAL_PURPOSE_BIT_FLAGS;
		a->general_purpose_bit_mask = 0x0006;
		a->general_purpose_bit_flags = (zip_uint16_t)((s->level < 3 ? 2 : s->level > 7 ? 1 : 0) << 1);
		return 0;
	}
	case ZIP_SOURCE_ERROR:
		return zip_error_to_data(&s->err, data, n);
	case ZIP_SOURCE_FREE:
		free(s->z);
		free(s);
		return 0;
	case ZIP_SOURCE_SUPPORTS:
		return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
		                                      ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE,
		                                      ZIP_SOURCE_GET_FILE_ATTRIBUTES, -1);
	default:
		zip_error_set(&s->err, ZIP_ER_OPNOTSUPP, 0);
		return -1;
	}
}

/* Deflate `data` into a source; *stored when deflating would not make it smaller (then the
 * caller stores it). NULL with *stored 0: out of memory. */
static zip_source_t *deflated_source(tb_zipw *w, const void *data, size_t len, int level,
                                     int *stored)
{
	struct libdeflate_compressor *c = tb_deflater(w->ctx, level);
	deflated_src *s = c ? calloc(1, sizeof *s) : NULL;
	zip_source_t *src;
	size_t cap;
	*stored = 0;
	if (!s)
		return NULL;
	cap = libdeflate_deflate_compress_bound(c, len);
	if (!(s->z = malloc(cap))) {
		free(s);
		return NULL;
	}
	s->zlen = libdeflate_deflate_compress(c, data, len, s->z, cap);
	if (s->zlen == 0 || s->zlen >= len) {
		free(s->z);
		free(s);
		*stored = 1;
		return NULL;
	}
	s->len = len;
	s->level = level;
	s->crc = (uint32_t)libdeflate_crc32(0, data, len);
	zip_error_init(&s->err);
	if (!(src = zip_source_function(w->za, deflated_cb, s))) {
		free(s->z);
		free(s);
	}
	return src;
}

tb_status tb_zipw_add(tb_zipw *w, const char *entry, void *data, size_t len, int level, int owned)
{
	zip_source_t *src;
	if (len == 0) {
		/* nothing to deflate; and libzip drops an owned buffer of no bytes without freeing it */
		level = 0;
		if (owned)
			free(data);
		data = NULL;
		owned = 0;
	}
	/* Deflated here unless encrypted (libzip's AES then takes libzip's own data path). */
	if (level > 0 && !w->password) {
		int stored;
		level = level > 9 ? 9 : level;
		if ((src = deflated_source(w, data, len, level, &stored))) {
			if (owned)
				free(data);
			return add_source(w, entry, src, level);
		}
		if (!stored) {
			if (owned)
				free(data);
			return TB_ENOMEM;
		}
		level = 0;
	}
	src = zip_source_buffer(w->za, data, len, owned);
	if (!src) {
		if (owned)
			free(data);
		return TB_ENOMEM;
	}
	/* From here libzip owns an owned buffer, even if zip_file_add fails. */
	return add_source(w, entry, src, level);
}

/* A file read while libzip writes it: hashed as it is read, and at its end compared with the
 * size and SHA-256 the caller listed; a mismatch fails the read, and so zip_close. */
typedef struct file_src {
	tb_zipw *w;
	char *path;
	unsigned long long len, got;
	char sha256[TB_DIGEST_HEX_MAX];
	FILE *f;
	tb_digest_stream *d;
	zip_error_t err;
} file_src;

static void file_src_close(file_src *s)
{
	if (s->f)
		fclose(s->f);
	s->f = NULL;
	if (s->d) {
		char hex[TB_DIGEST_HEX_MAX];
		(void)tb_digest_end(s->d, hex); /* frees it */
	}
	s->d = NULL;
}

/* End of the file: its bytes must be the listed ones. */
static zip_int64_t file_src_end(file_src *s)
{
	char hex[TB_DIGEST_HEX_MAX] = "";
	tb_status st = tb_digest_end(s->d, hex);
	s->d = NULL;
	if (st == TB_OK && s->got == s->len && !strcmp(hex, s->sha256))
		return 0;
	if (st != TB_OK) {
		zip_error_set(&s->err, ZIP_ER_MEMORY, 0);
		return -1;
	}
	s->w->changed = 1;
	tb_error(s->w->ctx, "io.changed", s->path, 0, 0,
	         N_("do not edit files while they are being packed; run again"),
	         N_("the file changed while it was being packed (%llu bytes with SHA-256 %s when "
	            "listed, %llu bytes with SHA-256 %s when packed)"),
	         s->len, s->sha256, s->got, hex);
	zip_error_set(&s->err, ZIP_ER_CHANGED, 0);
	return -1;
}

static zip_int64_t file_src_cb(void *user, void *data, zip_uint64_t n, zip_source_cmd_t cmd)
{
	file_src *s = user;
	size_t r;
	tb_status st;
	switch (cmd) {
	case ZIP_SOURCE_OPEN:
		file_src_close(s);
		s->got = 0;
		if (!(s->f = tb_file_open_regular(s->w->ctx, s->path, NULL, &st))) {
			s->w->changed = 1; /* gone or no longer a regular file: said by io.read */
			zip_error_set(&s->err, ZIP_ER_OPEN, errno);
			return -1;
		}
		if (!(s->d = tb_digest_begin(TB_SHA256))) {
			zip_error_set(&s->err, ZIP_ER_MEMORY, 0);
			return -1;
		}
		return 0;
	case ZIP_SOURCE_READ:
		if (!s->d) /* the end was checked already */
			return 0;
		/* Never more than was listed, plus one byte to see that it grew. */
		if (n > s->len - s->got + 1)
			n = s->len - s->got + 1;
		r = fread(data, 1, (size_t)n, s->f);
		if (r == 0 && ferror(s->f)) {
			zip_error_set(&s->err, ZIP_ER_READ, errno);
			return -1;
		}
		s->got += r;
		if (r == 0 || s->got > s->len) {
			if (s->got > s->len)
				tb_digest_update(s->d, data, r);
			return file_src_end(s);
		}
		tb_digest_update(s->d, data, r);
		return (zip_int64_t)r;
	case ZIP_SOURCE_CLOSE:
		file_src_close(s);
		return 0;
	case ZIP_SOURCE_STAT: {
		zip_stat_t *zs = data;
		if (n < sizeof *zs) {
			zip_error_set(&s->err, ZIP_ER_INVAL, 0);
			return -1;
		}
		zip_stat_init(zs);
		zs->size = s->len;
		zs->valid = ZIP_STAT_SIZE;
		return sizeof *zs;
	}
	case ZIP_SOURCE_ERROR:
		return zip_error_to_data(&s->err, data, n);
	case ZIP_SOURCE_FREE:
		file_src_close(s);
		zip_error_fini(&s->err);
		free(s->path);
		free(s);
		return 0;
	case ZIP_SOURCE_SUPPORTS:
		return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
		                                      ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE,
		                                      -1);
	default:
		zip_error_set(&s->err, ZIP_ER_OPNOTSUPP, 0);
		return -1;
	}
}

tb_status tb_zipw_add_file(tb_zipw *w, const char *entry, const char *path,
                           unsigned long long len, const char *sha256, int level)
{
	file_src *s = calloc(1, sizeof *s);
	zip_source_t *src;
	if (!s || !(s->path = strdup(path)) || strlen(sha256) >= sizeof s->sha256) {
		if (s)
			free(s->path);
		free(s);
		return TB_ENOMEM;
	}
	s->w = w;
	s->len = len;
	strcpy(s->sha256, sha256);
	zip_error_init(&s->err);
	if (!(src = zip_source_function(w->za, file_src_cb, s))) {
		zip_error_fini(&s->err);
		free(s->path);
		free(s);
		return TB_ENOMEM;
	}
	return add_source(w, entry, src, level);
}

tb_status tb_zipw_add_raw(tb_zipw *w, tb_zipr *z, size_t i)
{
	long idx = tb_zipr_copy_raw(z, i, w->za);
	const char *entry = tb_zipr_name(z, i);
	if (idx < 0)
		return fail(w, entry, zip_strerror(w->za));
	return set_up(w, entry, idx, -1);
}

/* Read back what libzip wrote into the memory source and hand it to the writer. */
static tb_status drain(tb_zipw *w, tb_writer *out)
{
	char chunk[64 * 1024];
	zip_int64_t n = 0;
	tb_status st = TB_OK;
	if (zip_source_open(w->mem) != 0)
		return fail(w, NULL, zip_error_strerror(zip_source_error(w->mem)));
	while (st == TB_OK && (n = zip_source_read(w->mem, chunk, sizeof chunk)) > 0)
		st = tb_writer_put(out, chunk, (size_t)n);
	if (st == TB_OK && n < 0)
		st = fail(w, NULL, zip_error_strerror(zip_source_error(w->mem)));
	zip_source_close(w->mem);
	return st;
}

tb_status tb_zipw_close(tb_zipw *w, tb_writer *out)
{
	tb_status st = TB_OK;
	if (zip_close(w->za) != 0)
		st = w->changed ? TB_ERROR : fail(w, NULL, zip_strerror(w->za));
	else
		w->za = NULL;
	if (st == TB_OK && w->mem)
		st = out ? drain(w, out) : TB_EINVAL;
	tb_zipw_discard(w);
	return st;
}

void tb_zipw_discard(tb_zipw *w)
{
	if (!w)
		return;
	if (w->za)
		zip_discard(w->za);
	zip_source_free(w->mem);
	if (w->password) {
		memset(w->password, 0, strlen(w->password));
		free(w->password);
	}
	free(w->name);
	free(w);
}
