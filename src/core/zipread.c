/* zipread.c: bounded ZIP reading over libzip. libzip returns names unchanged and does not
 * enforce declared sizes, so both are checked here. */
#include "core/zipread.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <zip.h>

#include "core/ctx.h"
#include "core/file.h"
#include "core/i18n.h"
#include "core/utf8.h"

struct tb_zipr {
	tb_ctx *ctx;
	char *name;
	zip_t *za;
	tb_zip_limits lim;
	size_t n;
	char **names;
	uint64_t *sizes;
	int *stored;
	int *flagged;
	uint64_t total_read;
};

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

typedef struct keyed {
	char *key;
	const char *name;
} keyed;

static int keyed_cmp(const void *a, const void *b)
{
	const keyed *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : strcmp(x->name, y->name);
}

/* Two names with one caseless key (tb_utf8_caseless_key) are refused. */
static tb_status caseless_clash(tb_zipr *z)
{
	keyed *v = calloc(z->n + 1, sizeof *v);
	tb_status st = TB_OK;
	size_t i;
	if (!v)
		return TB_ENOMEM;
	for (i = 0; i < z->n && st == TB_OK; i++) {
		v[i].name = z->names[i];
		if (!(v[i].key = tb_utf8_caseless_key(z->names[i])))
			st = TB_ENOMEM;
	}
	if (st == TB_OK)
		qsort(v, z->n, sizeof *v, keyed_cmp);
	for (i = 1; i < z->n && st == TB_OK; i++) {
		if (!strcmp(v[i - 1].key, v[i].key)) {
			tb_error(z->ctx, "zip.name", z->name, 0, 0,
			         N_("the archive may be hostile; do not use it"),
			         N_("entry names \"%s\" and \"%s\" differ only in case or Unicode "
			            "normalisation"),
			         v[i - 1].name, v[i].name);
			st = TB_ERROR;
		}
	}
	for (i = 0; i < z->n; i++)
		free(v[i].key);
	free(v);
	return st;
}

/* A name is used as written only in its one spelling: no "." segment and no empty segment
 * ("a/./b", "a//b", "./a"), so "A0001/./manifest.xml" cannot stand beside (and, once
 * extracted, replace) "A0001/manifest.xml". A trailing "/" marks a directory entry. */
static int canonical(const char *nm)
{
	const char *p = nm;
	while (*p) {
		size_t n = strcspn(p, "/");
		if (n == 0 || (n == 1 && p[0] == '.'))
			return 0;
		p += n;
		if (*p == '/')
			p++;
	}
	return 1;
}

static tb_status check_entries(tb_zipr *z)
{
	zip_int64_t n = zip_get_num_entries(z->za, 0);
	uint64_t total = 0, dense = 0;
	char **sorted;
	size_t i;
	tb_status st;

	if (n < 0 || (size_t)n > z->lim.max_entries) {
		tb_error(z->ctx, "zip.limit", z->name, 0, 0, NULL,
		         N_("the archive has %lld entries, more than the limit of %zu"), (long long)n,
		         z->lim.max_entries);
		return TB_ELIMIT;
	}
	z->n = (size_t)n;
	z->names = calloc(z->n + 1, sizeof *z->names);
	z->sizes = calloc(z->n + 1, sizeof *z->sizes);
	z->stored = calloc(z->n + 1, sizeof *z->stored);
	z->flagged = calloc(z->n + 1, sizeof *z->flagged);
	if (!z->names || !z->sizes || !z->stored || !z->flagged)
		return TB_ENOMEM;
	for (i = 0; i < z->n; i++) {
		zip_stat_t zs;
		zip_uint8_t os;
		zip_uint32_t attr;
		const char *nm = zip_get_name(z->za, i, ZIP_FL_ENC_GUESS);
		tb_path_problem pp;

		if (!nm || zip_stat_index(z->za, i, 0, &zs) != 0) {
			tb_error(z->ctx, "zip.corrupt", z->name, 0, 0, NULL,
			         N_("entry %zu cannot be read"), i);
			return TB_ERROR;
		}
		pp = tb_path_check_relative(nm);
		if (pp || !canonical(nm) || !tb_utf8_valid(nm, strlen(nm), NULL) || strlen(nm) > 1024) {
			tb_error(z->ctx, "zip.name", z->name, 0, 0,
			         N_("the archive may be hostile; do not use it"),
			         N_("unsafe entry name \"%s\""), nm);
			return TB_ERROR;
		}
		if (zip_file_get_external_attributes(z->za, i, 0, &os, &attr) == 0 &&
		    os == ZIP_OPSYS_UNIX && ((attr >> 16) & 0170000) == 0120000) {
			tb_error(z->ctx, "zip.name", z->name, 0, 0, NULL,
			         N_("entry \"%s\" is a symbolic link"), nm);
			return TB_ERROR;
		}
		if (zs.encryption_method != ZIP_EM_NONE ||
		    (zs.comp_method != ZIP_CM_STORE && zs.comp_method != ZIP_CM_DEFLATE)) {
			tb_error(z->ctx, "zip.unsupported", z->name, 0, 0, NULL,
			         N_("entry \"%s\" is encrypted or uses an unsupported compression"), nm);
			return TB_EUNSUPPORTED;
		}
		if (zs.size > z->lim.max_entry_bytes) {
			tb_error(z->ctx, "zip.limit", z->name, 0, 0, NULL,
			         N_("entry \"%s\" is %llu bytes, more than the limit of %llu"), nm,
			         (unsigned long long)zs.size, (unsigned long long)z->lim.max_entry_bytes);
			return TB_ELIMIT;
		}
		/* A big entry that expands past the ratio is a bomb. Small ones may (a part of a few
		 * repeated lines), but only up to TB_ZIP_DENSE_MAX together: thousands of them would
		 * otherwise make a 2 MB archive expand to a gigabyte. */
		if (zs.comp_size < (zip_uint64_t)(zs.size * z->lim.min_ratio)) {
			if (zs.size > 100 * 1024) {
				tb_error(z->ctx, "zip.limit", z->name, 0, 0,
				         N_("the archive may be a zip bomb; do not use it"),
				         N_("entry \"%s\" expands more than %.0f times"), nm,
				         1.0 / z->lim.min_ratio);
				return TB_ELIMIT;
			}
			dense += zs.size;
			if (dense > TB_ZIP_DENSE_MAX) {
				tb_error(z->ctx, "zip.limit", z->name, 0, 0,
				         N_("the archive may be a zip bomb; do not use it"),
				         N_("entries that expand more than %.0f times add up to more than %u "
				            "bytes (at \"%s\")"),
				         1.0 / z->lim.min_ratio, TB_ZIP_DENSE_MAX, nm);
				return TB_ELIMIT;
			}
		}
		total += zs.size;
		z->names[i] = strdup(nm);
		if (!z->names[i])
			return TB_ENOMEM;
		z->sizes[i] = zs.size;
		z->stored[i] = zs.comp_method == ZIP_CM_STORE;
		/* STRICT converts every name without the UTF-8 flag from CP437: a non-ASCII name
		 * that comes back unchanged carried the flag (or a valid Unicode path field). */
		{
			const char *raw = zip_get_name(z->za, i, ZIP_FL_ENC_RAW);
			const char *strict = zip_get_name(z->za, i, ZIP_FL_ENC_STRICT);
			const char *c;
			int ascii = 1;
			for (c = raw; c && *c; c++)
				if ((unsigned char)*c >= 0x80)
					ascii = 0;
			z->flagged[i] = ascii || (raw && strict && !strcmp(raw, strict));
		}
	}
	if (total > z->lim.max_total_bytes) {
		tb_error(z->ctx, "zip.limit", z->name, 0, 0, NULL,
		         N_("the archive expands to %llu bytes, more than the limit of %llu"),
		         (unsigned long long)total, (unsigned long long)z->lim.max_total_bytes);
		return TB_ELIMIT;
	}
	/* Duplicate names are how some archives show one thing to one reader and another to the
	 * next; libzip refuses exact duplicates, this also catches them if it ever does not. */
	sorted = malloc((z->n + 1) * sizeof *sorted);
	if (!sorted)
		return TB_ENOMEM;
	memcpy(sorted, z->names, z->n * sizeof *sorted);
	qsort(sorted, z->n, sizeof *sorted, name_cmp);
	for (i = 1; i < z->n; i++) {
		if (!strcmp(sorted[i - 1], sorted[i])) {
			tb_error(z->ctx, "zip.name", z->name, 0, 0, NULL,
			         N_("entry name \"%s\" appears twice"), sorted[i]);
			free(sorted);
			return TB_ERROR;
		}
	}
	/* Names that differ only in case or Unicode normalisation (é as one character or as e
	 * and an accent) are one file on Windows and macOS: unpacked there, one would overwrite
	 * the other. */
	if ((st = caseless_clash(z)) != TB_OK) {
		free(sorted);
		return st;
	}
	free(sorted);
	return TB_OK;
}

static tb_status finish_open(tb_ctx *ctx, const char *name, zip_t *za, const tb_zip_limits *limits,
                             tb_zipr **out)
{
	tb_zip_limits def = TB_ZIP_LIMITS_INIT;
	tb_zipr *z = calloc(1, sizeof *z);
	tb_status st = TB_ENOMEM;

	if (!z) {
		zip_discard(za);
		return TB_ENOMEM;
	}
	z->ctx = ctx;
	z->za = za;
	z->lim = limits ? *limits : def;
	z->name = strdup(name);
	st = z->name ? check_entries(z) : TB_ENOMEM;
	if (st != TB_OK) {
		tb_zipr_close(z); /* z is gone: return the status computed before */
		return st;
	}
	*out = z;
	return TB_OK;
}

static void open_error(tb_ctx *ctx, const char *name, int code)
{
	zip_error_t ze;
	zip_error_init_with_code(&ze, code);
	tb_error(ctx, "zip.open", name, 0, 0,
	         N_("the file is not a valid DOCX, ODT or ZIP archive, or it is damaged"),
	         N_("cannot open archive: %s"), zip_error_strerror(&ze));
	zip_error_fini(&ze);
}

tb_status tb_zipr_open_file(tb_ctx *ctx, const char *path, const tb_zip_limits *limits,
                            tb_zipr **out)
{
	int err = 0;
	zip_t *za;
	struct stat st;

	*out = NULL;
	/* A missing file or a folder cannot be read at all (exit 3), unlike a damaged archive. */
	if (stat(path, &st) != 0) {
		int e = errno;
		tb_error(ctx, "io.read", path, 0, 0, N_("check the path and the file's permissions"),
		         N_("cannot open file: %s"), strerror(e));
		return e == ENOENT ? TB_ENOTFOUND : TB_EIO;
	}
	if (!S_ISREG(st.st_mode)) {
		tb_error(ctx, "io.read", path, 0, 0, N_("name a file, not a folder or device"),
		         N_("not a regular file"));
		return TB_EIO;
	}
	za = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &err);
	if (!za) {
		open_error(ctx, path, err);
		return TB_ERROR;
	}
	return finish_open(ctx, path, za, limits, out);
}

tb_status tb_zipr_open_mem(tb_ctx *ctx, const char *name, const void *data, size_t len,
                           const tb_zip_limits *limits, tb_zipr **out)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za;

	*out = NULL;
	/* libzip reads empty bytes as an empty archive; a file would be "not a zip archive". */
	if (len == 0) {
		open_error(ctx, name, ZIP_ER_NOZIP);
		return TB_ERROR;
	}
	zip_error_init(&ze);
	src = zip_source_buffer_create(data, len, 0, &ze);
	if (!src) {
		zip_error_fini(&ze);
		return TB_ENOMEM;
	}
	za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
	if (!za) {
		open_error(ctx, name, zip_error_code_zip(&ze));
		zip_source_free(src);
		zip_error_fini(&ze);
		return TB_ERROR;
	}
	zip_error_fini(&ze);
	return finish_open(ctx, name, za, limits, out);
}

void tb_zipr_close(tb_zipr *z)
{
	size_t i;
	if (!z)
		return;
	if (z->za)
		zip_discard(z->za);
	for (i = 0; z->names && i < z->n; i++)
		free(z->names[i]);
	free(z->names);
	free(z->sizes);
	free(z->stored);
	free(z->flagged);
	free(z->name);
	free(z);
}

size_t tb_zipr_count(const tb_zipr *z) { return z->n; }
const char *tb_zipr_name(const tb_zipr *z, size_t i) { return i < z->n ? z->names[i] : NULL; }
uint64_t tb_zipr_size(const tb_zipr *z, size_t i) { return i < z->n ? z->sizes[i] : 0; }
int tb_zipr_is_stored(const tb_zipr *z, size_t i) { return i < z->n ? z->stored[i] : 0; }
int tb_zipr_utf8_flagged(const tb_zipr *z, size_t i) { return i < z->n ? z->flagged[i] : 0; }

long tb_zipr_find(const tb_zipr *z, const char *name)
{
	size_t i;
	for (i = 0; i < z->n; i++)
		if (!strcmp(z->names[i], name))
			return (long)i;
	return -1;
}

/* Reading entry i in full must keep the whole archive's reads under its total limit (the
 * declared sizes were checked at open; this bounds reading the same entries again). */
static tb_status within_total(const tb_zipr *z, size_t i)
{
	if (z->total_read + z->sizes[i] > z->lim.max_total_bytes) {
		tb_error(z->ctx, "zip.limit", z->name, 0, 0, NULL,
		         N_("reading \"%s\" would pass the archive's size limit"), z->names[i]);
		return TB_ELIMIT;
	}
	return TB_OK;
}

tb_status tb_zipr_read(tb_zipr *z, size_t i, char **data, size_t *len)
{
	zip_file_t *zf;
	char *buf;
	uint64_t want, got = 0;
	zip_int64_t r;
	tb_status st;

	*data = NULL;
	if (len)
		*len = 0;
	if (i >= z->n)
		return TB_ENOTFOUND;
	want = z->sizes[i];
	if ((st = within_total(z, i)) != TB_OK)
		return st;
	zf = zip_fopen_index(z->za, i, 0);
	if (!zf) {
		tb_error(z->ctx, "zip.corrupt", z->name, 0, 0, NULL, N_("cannot read entry \"%s\": %s"),
		         z->names[i], zip_strerror(z->za));
		return TB_ERROR;
	}
	/* One spare byte: reading it proves the entry is not longer than declared. */
	buf = malloc(want + 2);
	if (!buf) {
		zip_fclose(zf);
		return TB_ENOMEM;
	}
	while (got <= want && (r = zip_fread(zf, buf + got, want + 1 - got)) > 0)
		got += (uint64_t)r;
	if (r < 0 || got != want) {
		tb_error(z->ctx, "zip.corrupt", z->name, 0, 0, N_("the archive is damaged or hostile"),
		         N_("entry \"%s\" does not match its declared size or checksum"), z->names[i]);
		free(buf);
		zip_fclose(zf);
		return TB_ERROR;
	}
	zip_fclose(zf);
	buf[got] = '\0';
	z->total_read += got;
	*data = buf;
	if (len)
		*len = (size_t)got;
	return TB_OK;
}

tb_status tb_zipr_stream(tb_zipr *z, size_t i, tb_zipr_sink fn, void *user)
{
	zip_file_t *zf;
	char buf[65536];
	uint64_t want, got = 0;
	zip_int64_t r = 0;
	tb_status st = TB_OK;

	if (i >= z->n)
		return TB_ENOTFOUND;
	want = z->sizes[i];
	if ((st = within_total(z, i)) != TB_OK)
		return st;
	if (!(zf = zip_fopen_index(z->za, i, 0))) {
		tb_error(z->ctx, "zip.corrupt", z->name, 0, 0, NULL, N_("cannot read entry \"%s\": %s"),
		         z->names[i], zip_strerror(z->za));
		return TB_ERROR;
	}
	/* Past the declared size by even one byte is as wrong as short of it. */
	while (st == TB_OK && got <= want && (r = zip_fread(zf, buf, sizeof buf)) > 0) {
		got += (uint64_t)r;
		if (got <= want)
			st = fn(user, buf, (size_t)r);
	}
	zip_fclose(zf);
	if (st != TB_OK)
		return st;
	if (r < 0 || got != want) {
		tb_error(z->ctx, "zip.corrupt", z->name, 0, 0, N_("the archive is damaged or hostile"),
		         N_("entry \"%s\" does not match its declared size or checksum"), z->names[i]);
		return TB_ERROR;
	}
	z->total_read += got;
	return TB_OK;
}

tb_status tb_zipr_read_name(tb_zipr *z, const char *name, char **data, size_t *len)
{
	long i = tb_zipr_find(z, name);
	*data = NULL;
	if (i < 0)
		return TB_ENOTFOUND;
	return tb_zipr_read(z, (size_t)i, data, len);
}

tb_status tb_zipr_read_raw(tb_zipr *z, size_t i, tb_zip_raw *out)
{
	zip_stat_t zs;
	zip_file_t *zf;
	zip_int64_t r = 0;
	uint64_t got = 0;

	memset(out, 0, sizeof *out);
	if (i >= z->n)
		return TB_ENOTFOUND;
	zip_stat_init(&zs);
	if (zip_stat_index(z->za, i, 0, &zs) != 0 || !(zs.valid & ZIP_STAT_COMP_SIZE) ||
	    !(zs.valid & ZIP_STAT_CRC) || !(zs.valid & ZIP_STAT_COMP_METHOD) ||
	    zs.comp_size > z->lim.max_entry_bytes)
		return TB_ERROR;
	if (!(out->data = malloc(zs.comp_size + 1)))
		return TB_ENOMEM;
	if (!(zf = zip_fopen_index(z->za, i, ZIP_FL_COMPRESSED))) {
		free(out->data);
		out->data = NULL;
		return TB_ERROR;
	}
	while (got <= zs.comp_size && (r = zip_fread(zf, out->data + got, zs.comp_size + 1 - got)) > 0)
		got += (uint64_t)r;
	zip_fclose(zf);
	if (r < 0 || got != zs.comp_size) {
		free(out->data);
		out->data = NULL;
		return TB_ERROR;
	}
	out->len = (size_t)got;
	out->method = zs.comp_method;
	out->crc = zs.crc;
	out->size = z->sizes[i];
	return TB_OK;
}

bool tb_zip_raw_equal(const tb_zip_raw *a, const tb_zip_raw *b)
{
	return a->data && b->data && a->len == b->len && a->method == b->method && a->crc == b->crc &&
	       a->size == b->size && !memcmp(a->data, b->data, a->len);
}

long tb_zipr_copy_raw(tb_zipr *z, size_t i, void *dest)
{
	zip_t *out = dest;
	zip_source_t *src;
	zip_int64_t idx;

	if (i >= z->n || !out)
		return -1;
	src = zip_source_zip(out, z->za, i, 0, 0, -1);
	if (!src)
		return -1;
	idx = zip_file_add(out, z->names[i], src, ZIP_FL_ENC_UTF_8);
	if (idx < 0) {
		zip_source_free(src);
		return -1;
	}
	return (long)idx;
}
