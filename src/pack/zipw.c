/* zipw.c: deterministic ZIP writing. libzip writes entries in the order they were added, so
 * entries are collected, sorted and written at commit with one fixed time. */
#define _GNU_SOURCE /* memmem */
#include "pack/zipw.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "core/ctx.h"
#include "core/date.h"
#include "core/file.h"
#include "core/i18n.h"
#include "core/utf8.h"

typedef struct entry {
	char *name;
	char *data;
	size_t len;
} entry;

struct pack_zipw {
	tb_ctx *ctx;
	time_t mtime;
	char *password;
	entry *v;
	size_t n, cap;
};

int pack_zip_set_utc_time(zip_t *za, zip_uint64_t idx, time_t t)
{
	struct tm tm;
	/* The DOS fields are the UTC time's. libzip turns them into a time_t with mktime() and
	 * back with localtime() when it writes, which gives the same fields in any time zone of
	 * the host (the process's TZ is never touched). */
	if (!gmtime_r(&t, &tm) || tm.tm_year < 80)
		return -1;
	return zip_file_set_dostime(za, idx,
	                            (zip_uint16_t)((tm.tm_hour << 11) | (tm.tm_min << 5) | (tm.tm_sec / 2)),
	                            (zip_uint16_t)(((tm.tm_year - 80) << 9) | ((tm.tm_mon + 1) << 5) |
	                                           tm.tm_mday),
	                            0);
}

time_t pack_epoch(tb_ctx *ctx, const char *date)
{
	long long e = tb_ctx_epoch(ctx);
	tb_date dt;

	if (e >= 315532800LL) /* DOS times start in 1980 */
		return (time_t)e;
	/* core/date.c: the calendar-checked reader (2021-02-30 is no date) */
	if (date && tb_date_parse(date, TB_DATE_TAIL, &dt) && dt.year >= 1980 && dt.year < 2100)
		return (time_t)(tb_date_days(&dt) * 86400);
	return (time_t)315532800LL;
}

static const struct {
	const char *ext;
	const char *type;
	int stored;
} media[] = {
	{"7z", "application/x-7z-compressed", 1},
	{"doc", "application/msword", 0},
	{"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", 1},
	{"gif", "image/gif", 1},
	{"jpeg", "image/jpeg", 1},
	{"jpg", "image/jpeg", 1},
	{"json", "application/json", 0},
	{"mp4", "video/mp4", 1},
	{"odt", "application/vnd.oasis.opendocument.text", 1},
	{"ofd", "application/ofd", 1},
	{"pdf", "application/pdf", 1},
	{"png", "image/png", 1},
	{"sha256", "text/plain", 0},
	{"txt", "text/plain", 0},
	{"xls", "application/vnd.ms-excel", 0},
	{"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", 1},
	{"xml", "application/xml", 0},
	{"xsd", "application/xml", 0},
	{"zip", "application/zip", 1},
};

static int media_index(const char *name)
{
	char ext[16];
	size_t i;
	tb_path_ext(name, ext, sizeof ext);
	for (i = 0; i < sizeof media / sizeof media[0]; i++)
		if (!strcmp(ext, media[i].ext))
			return (int)i;
	return -1;
}

int pack_is_precompressed(const char *name)
{
	int i = media_index(name);
	return i >= 0 && media[i].stored;
}

/* Signatures of formats whose bytes are already compressed (deflating them again costs CPU
 * and gains nothing): JPEG, PNG, GIF, WebP, ZIP (DOCX, ODT, XLSX, OFD), 7z, gzip, xz, bzip2. */
static const struct {
	const char *magic;
	size_t len;
} packed[] = {
	{"\xff\xd8\xff", 3}, {"\x89PNG\r\n\x1a\n", 8}, {"GIF8", 4},     {"PK\x03\x04", 4},
	{"7z\xbc\xaf\x27\x1c", 6}, {"\x1f\x8b", 2},            {"\xfd" "7zXZ", 5}, {"BZh", 3},
};

int pack_should_store(const char *name, const void *data, size_t len)
{
	const unsigned char *d = data;
	size_t i;
	if (len >= 12 && !memcmp(d, "RIFF", 4) && !memcmp(d + 8, "WEBP", 4))
		return 1;
	for (i = 0; i < sizeof packed / sizeof packed[0]; i++)
		if (len >= packed[i].len && !memcmp(d, packed[i].magic, packed[i].len))
			return 1;
	/* A PDF is stored when its streams are compressed (any filter ending in "Decode":
	 * FlateDecode, DCTDecode, JPXDecode...), deflated when they are plain text. */
	if (len >= 5 && !memcmp(d, "%PDF-", 5))
		return memmem(d, len, "Decode", 6) != NULL;
	return pack_is_precompressed(name);
}

const char *pack_media_type(const char *name)
{
	int i = media_index(name);
	return i >= 0 ? media[i].type : "application/octet-stream";
}

tb_status pack_zipw_new(tb_ctx *ctx, time_t mtime, const char *password, pack_zipw **out)
{
	pack_zipw *w = calloc(1, sizeof *w);
	*out = NULL;
	if (!w)
		return TB_ENOMEM;
	w->ctx = ctx;
	w->mtime = mtime;
	if (password && !(w->password = strdup(password))) {
		free(w);
		return TB_ENOMEM;
	}
	*out = w;
	return TB_OK;
}

tb_status pack_zipw_add_owned(pack_zipw *w, const char *name, char *data, size_t len)
{
	size_t i;
	if (!tb_utf8_valid(name, strlen(name), NULL) || tb_path_check_relative(name) != TB_PATH_OK ||
	    strlen(name) > 1024) {
		free(data);
		tb_error(w->ctx, "pack.name", name, 0, 0, NULL,
		         N_("\"%s\" cannot be used as a name inside a package"), name);
		return TB_EINVAL;
	}
	if (len > PACK_ZIPW_MAX_ENTRY_BYTES || w->n >= PACK_ZIPW_MAX_ENTRIES) {
		free(data);
		tb_error(w->ctx, "pack.limit", name, 0, 0, NULL,
		         N_("the package would pass its size or entry-count limit"));
		return TB_ELIMIT;
	}
	for (i = 0; i < w->n; i++) {
		if (!strcmp(w->v[i].name, name)) {
			free(data);
			tb_error(w->ctx, "pack.duplicate", name, 0, 0, NULL,
			         N_("two files would have the same name \"%s\" in the package"), name);
			return TB_EINVAL;
		}
	}
	if (w->n == w->cap) {
		size_t nc = w->cap ? w->cap * 2 : 16;
		entry *nv = realloc(w->v, nc * sizeof *nv);
		if (!nv) {
			free(data);
			return TB_ENOMEM;
		}
		w->v = nv;
		w->cap = nc;
	}
	w->v[w->n].name = strdup(name);
	if (!w->v[w->n].name) {
		free(data);
		return TB_ENOMEM;
	}
	w->v[w->n].data = data;
	w->v[w->n].len = len;
	w->n++;
	return TB_OK;
}

tb_status pack_zipw_add_copy(pack_zipw *w, const char *name, const void *data, size_t len)
{
	char *copy = malloc(len ? len : 1);
	if (!copy)
		return TB_ENOMEM;
	if (len)
		memcpy(copy, data, len);
	return pack_zipw_add_owned(w, name, copy, len);
}

size_t pack_zipw_count(const pack_zipw *w)
{
	return w->n;
}

void pack_zipw_free(pack_zipw *w)
{
	size_t i;
	if (!w)
		return;
	for (i = 0; i < w->n; i++) {
		free(w->v[i].name);
		free(w->v[i].data);
	}
	free(w->v);
	if (w->password) {
		memset(w->password, 0, strlen(w->password));
		free(w->password);
	}
	free(w);
}

static int entry_cmp(const void *a, const void *b)
{
	return strcmp(((const entry *)a)->name, ((const entry *)b)->name);
}

static tb_status zip_fail(pack_zipw *w, zip_t *za, const char *path, const char *what)
{
	tb_error(w->ctx, "io.write", path, 0, 0, NULL, N_("cannot write archive (%s): %s"), what,
	         za ? zip_strerror(za) : "");
	return TB_EIO;
}

/* Adds every entry, in sorted order, with the fixed time, attributes and method. */
static tb_status add_all(pack_zipw *w, zip_t *za, const char *path)
{
	size_t i;
	for (i = 0; i < w->n; i++) {
		entry *e = &w->v[i];
		int store = pack_should_store(e->name, e->data, e->len);
		zip_source_t *src = zip_source_buffer(za, e->data, e->len, 1);
		zip_int64_t idx;
		if (!src)
			return zip_fail(w, za, path, "source");
		e->data = NULL; /* libzip owns it now (freep=1), even if zip_file_add fails below */
		idx = zip_file_add(za, e->name, src, ZIP_FL_ENC_UTF_8);
		if (idx < 0) {
			zip_source_free(src);
			return zip_fail(w, za, path, e->name);
		}
		if (pack_zip_set_utc_time(za, (zip_uint64_t)idx, w->mtime) != 0 ||
		    zip_file_set_external_attributes(za, (zip_uint64_t)idx, 0, ZIP_OPSYS_UNIX,
		                                     (zip_uint32_t)0100644 << 16) != 0 ||
		    zip_set_file_compression(za, (zip_uint64_t)idx, store ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
		                             store ? 0 : 9) != 0)
			return zip_fail(w, za, path, e->name);
		if (w->password && zip_file_set_encryption(za, (zip_uint64_t)idx, ZIP_EM_AES_256,
		                                           w->password) != 0)
			return zip_fail(w, za, path, "encryption");
	}
	return TB_OK;
}

tb_status pack_zipw_commit(pack_zipw *w, const char *path, const char *tmp_in)
{
	char *tmp = NULL;
	zip_t *za = NULL;
	int err = 0;
	tb_status st;

	if (w->n == 0) {
		/* libzip would silently delete the target instead of writing an empty archive. */
		tb_error(w->ctx, "pack.empty", path, 0, 0, NULL,
		         N_("refusing to write an archive with no files"));
		pack_zipw_free(w);
		return TB_ERROR;
	}
	qsort(w->v, w->n, sizeof *w->v, entry_cmp);
	tmp = tmp_in ? strdup(tmp_in) : tb_file_tmp_name(path);
	if (!tmp) {
		pack_zipw_free(w);
		return TB_ENOMEM;
	}
	za = zip_open(tmp, ZIP_CREATE | ZIP_TRUNCATE, &err);
	if (!za) {
		zip_error_t ze;
		zip_error_init_with_code(&ze, err);
		tb_error(w->ctx, "io.write", path, 0, 0,
		         N_("check that the directory exists and is writable"),
		         N_("cannot create archive: %s"), zip_error_strerror(&ze));
		zip_error_fini(&ze);
		st = TB_EIO;
		goto done;
	}
	st = add_all(w, za, path);
	if (st == TB_OK && zip_close(za) != 0)
		st = zip_fail(w, za, path, "close");
	if (st != TB_OK) {
		zip_discard(za);
		unlink(tmp);
		goto done;
	}
	/* zip_close renamed its own temporary over tmp without syncing: sync, then rename. */
	st = tb_file_commit_tmp(w->ctx, tmp, path);
done:
	free(tmp);
	pack_zipw_free(w);
	return st;
}
