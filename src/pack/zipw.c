/* zipw.c: deterministic ZIP writing. libzip writes entries in the order they were added, so
 * entries are collected, sorted and written at commit with one fixed time. */
#define _GNU_SOURCE /* memmem */
#include "pack/zipw.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "core/ctx.h"
#include "core/date.h"
#include "core/digest.h"
#include "core/file.h"
#include "core/i18n.h"
#include "core/utf8.h"
#include "core/vec.h"
#include "core/zipwrite.h"

typedef struct entry {
	char *name;
	char *data;
	size_t len;
	char *file; /* or a file read at commit, with the length and digest listed for it */
	unsigned long long flen;
	char sha256[TB_DIGEST_HEX_MAX];
	int store;
} entry;

struct pack_zipw {
	tb_ctx *ctx;
	time_t mtime;
	char *password;
	entry *v;
	size_t n, cap;
};

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

void pack_store_feed(pack_store_probe *p, const void *data, size_t len)
{
	const char *d = data;
	char join[5 + 5];
	size_t k;
	if (p->nhead < sizeof p->head) {
		k = len < sizeof p->head - p->nhead ? len : sizeof p->head - p->nhead;
		memcpy(p->head + p->nhead, d, k);
		p->nhead += k;
	}
	if (p->decode || !len)
		return;
	/* "Decode" across the previous piece's end and this one's start, then inside this one */
	k = len < 5 ? len : 5;
	memcpy(join, p->tail, p->ntail);
	memcpy(join + p->ntail, d, k);
	if (memmem(join, p->ntail + k, "Decode", 6) || memmem(d, len, "Decode", 6)) {
		p->decode = 1;
		return;
	}
	if (len >= 5) {
		memcpy(p->tail, d + len - 5, 5);
		p->ntail = 5;
	} else {
		k = p->ntail + len;
		memcpy(p->tail, join + (k > 5 ? k - 5 : 0), k > 5 ? 5 : k);
		p->ntail = k > 5 ? 5 : k;
	}
}

int pack_store_decide(const pack_store_probe *p, const char *name)
{
	const unsigned char *d = p->head;
	size_t len = p->nhead, i;
	if (len >= 12 && !memcmp(d, "RIFF", 4) && !memcmp(d + 8, "WEBP", 4))
		return 1;
	for (i = 0; i < sizeof packed / sizeof packed[0]; i++)
		if (len >= packed[i].len && !memcmp(d, packed[i].magic, packed[i].len))
			return 1;
	/* A PDF is stored when its streams are compressed (any filter ending in "Decode":
	 * FlateDecode, DCTDecode, JPXDecode...), deflated when they are plain text. */
	if (len >= 5 && !memcmp(d, "%PDF-", 5))
		return p->decode;
	return pack_is_precompressed(name);
}

int pack_should_store(const char *name, const void *data, size_t len)
{
	pack_store_probe p;
	memset(&p, 0, sizeof p);
	pack_store_feed(&p, data, len);
	return pack_store_decide(&p, name);
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

/* A new entry's slot, after the checks on its name, size and count. */
static tb_status new_entry(pack_zipw *w, const char *name, unsigned long long len, entry **out)
{
	size_t i;
	*out = NULL;
	if (!tb_utf8_valid(name, strlen(name), NULL) || tb_path_check_relative(name) != TB_PATH_OK ||
	    strlen(name) > 1024) {
		tb_error(w->ctx, "pack.name", name, 0, 0, NULL,
		         N_("\"%s\" cannot be used as a name inside a package"), name);
		return TB_EINVAL;
	}
	if (len > PACK_ZIPW_MAX_ENTRY_BYTES || w->n >= PACK_ZIPW_MAX_ENTRIES) {
		tb_error(w->ctx, "pack.limit", name, 0, 0, NULL,
		         N_("the package would pass its size or entry-count limit"));
		return TB_ELIMIT;
	}
	for (i = 0; i < w->n; i++) {
		if (!strcmp(w->v[i].name, name)) {
			tb_error(w->ctx, "pack.duplicate", name, 0, 0, NULL,
			         N_("two files would have the same name \"%s\" in the package"), name);
			return TB_EINVAL;
		}
	}
	if (TB_GROW(w->v, w->cap, w->n + 1) != TB_OK)
		return TB_ENOMEM;
	memset(&w->v[w->n], 0, sizeof w->v[w->n]);
	if (!(w->v[w->n].name = strdup(name)))
		return TB_ENOMEM;
	*out = &w->v[w->n++];
	return TB_OK;
}

tb_status pack_zipw_add_owned(pack_zipw *w, const char *name, char *data, size_t len)
{
	entry *e;
	tb_status st = new_entry(w, name, len, &e);
	if (st != TB_OK) {
		free(data);
		return st;
	}
	e->data = data;
	e->len = len;
	return TB_OK;
}

tb_status pack_zipw_add_file(pack_zipw *w, const char *name, const char *path,
                             unsigned long long len, const char *sha256, int store)
{
	entry *e;
	tb_status st = new_entry(w, name, len, &e);
	if (st != TB_OK)
		return st;
	if (strlen(sha256) >= sizeof e->sha256 || !(e->file = strdup(path)))
		return TB_ENOMEM;
	e->flen = len;
	strcpy(e->sha256, sha256);
	e->store = store;
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
		free(w->v[i].file);
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

/* Would this entry, deflated, expand more than 100 times: what every reader here (verify,
 * batch, archive: core/zipread's min_ratio) refuses as a zip bomb above 100 KiB? Very
 * repetitive evidence does (a valid evidence.xml of 0.9 MB deflates to 8 KB), and the
 * package would then fail its own verify. Such an entry is stored. Deflated once into a
 * scratch piece to count the bytes (only in-memory entries, and only the big ones). */
static int too_dense(const char *data, size_t len)
{
	unsigned char piece[16384];
	z_stream zs;
	int rc;
	if (len <= 100 * 1024)
		return 0;
	memset(&zs, 0, sizeof zs);
	if (deflateInit2(&zs, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return 0;
	zs.next_in = (unsigned char *)data;
	zs.avail_in = (uInt)(len > UINT32_MAX ? UINT32_MAX : len);
	do {
		zs.next_out = piece;
		zs.avail_out = sizeof piece;
		rc = deflate(&zs, Z_FINISH);
	} while (rc == Z_OK || (rc == Z_BUF_ERROR && zs.avail_out == 0));
	deflateEnd(&zs);
	/* a margin over the readers' 1/100 for the few bytes libzip may write differently */
	return rc == Z_STREAM_END && zs.total_out < len / 100 + len / 1000;
}

/* Every entry, in sorted order, with the fixed time and attributes; deflated unless already
 * compressed, at level 1, the level of the PDFs' page contents, whose compressor the context
 * keeps anyway (another level's would add 672 KB to each batch worker's peak). Its PDFs, DOCX
 * and ODT are stored: a batch of 100's packages are 0.45% larger than at level 4, 0.5% than
 * at 9. The bytes pass to the writer (freed by it). */
#define PACK_DEFLATE_LEVEL 1
static tb_status add_all(pack_zipw *w, tb_zipw *zw)
{
	tb_status st = TB_OK;
	size_t i;
	for (i = 0; st == TB_OK && i < w->n; i++) {
		entry *e = &w->v[i];
		int store;
		if (e->file) {
			st = tb_zipw_add_file(zw, e->name, e->file, e->flen, e->sha256, e->store ? 0 : PACK_DEFLATE_LEVEL);
			continue;
		}
		store = pack_should_store(e->name, e->data, e->len) || too_dense(e->data, e->len);
		st = tb_zipw_add(zw, e->name, e->data, e->len, store ? 0 : PACK_DEFLATE_LEVEL, 1);
		e->data = NULL;
	}
	return st;
}

/* The archive as it goes to its file: written in the writer's pieces (64 KiB, not stdio's
 * 4 KiB: a package was 190 write calls) and hashed on the way, so the caller's SHA-256 and
 * SM3 of it need no second read. */
typedef struct commit_out {
	int fd;
	tb_digest_stream *sha256, *sm3;
	unsigned long long size;
	int err;
} commit_out;

static tb_status commit_write(void *user, const void *data, size_t len)
{
	commit_out *o = user;
	if ((o->err = tb_fd_write_all(o->fd, data, len)) != 0)
		return TB_EIO;
	tb_digest_update(o->sha256, data, len);
	tb_digest_update(o->sm3, data, len);
	o->size += len;
	return TB_OK;
}

/* The archive built in memory, then written to tmp. */
static tb_status commit_mem(pack_zipw *w, const char *tmp, const char *path, pack_zipw_sums *sums)
{
	commit_out o = {-1, NULL, NULL, 0, 0};
	tb_writer out = {commit_write, &o};
	tb_zipw *zw;
	tb_status st;

	if ((st = tb_zipw_open(w->ctx, NULL, path, w->mtime, w->password, &zw)) != TB_OK)
		return st;
	if ((st = add_all(w, zw)) != TB_OK) {
		tb_zipw_discard(zw);
		return st;
	}
	if (!(o.sha256 = tb_digest_begin(TB_SHA256)) || !(o.sm3 = tb_digest_begin(TB_SM3))) {
		tb_zipw_discard(zw);
		st = TB_ENOMEM;
		goto done;
	}
	if ((o.fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0666)) < 0) {
		o.err = errno;
		tb_zipw_discard(zw);
		st = TB_EIO;
		goto done;
	}
	st = tb_zipw_close(zw, &out);
	if (close(o.fd) != 0 && st == TB_OK) {
		o.err = errno;
		st = TB_EIO;
	}
	if (st == TB_OK) {
		tb_status a = tb_digest_end(o.sha256, sums->sha256), b = tb_digest_end(o.sm3, sums->sm3);
		o.sha256 = o.sm3 = NULL; /* both freed by their end */
		st = a != TB_OK ? a : b;
		sums->size = o.size;
	}
done:
	if (o.err)
		tb_error(w->ctx, "io.write", path, 0, 0, N_("Check free space and permissions."),
		         N_("cannot write file: %s"), strerror(o.err));
	(void)tb_digest_end(o.sha256, NULL);
	(void)tb_digest_end(o.sm3, NULL);
	return st;
}

/* Written by libzip to a file (an archive too big to hold: a bundle, or a package whose
 * attachments are), then read back for its sums when asked. */
static tb_status commit_file(pack_zipw *w, const char *tmp, const char *path, pack_zipw_sums *sums)
{
	static const tb_digest_alg algs[2] = {TB_SHA256, TB_SM3};
	char hex[2][TB_DIGEST_HEX_MAX];
	size_t size = 0;
	tb_zipw *zw;
	tb_status st;

	if ((st = tb_zipw_open(w->ctx, tmp, path, w->mtime, w->password, &zw)) != TB_OK)
		return st;
	st = add_all(w, zw);
	if (st == TB_OK)
		st = tb_zipw_close(zw, NULL);
	else
		tb_zipw_discard(zw);
	if (st == TB_OK && sums && (st = tb_digest_file_each(w->ctx, tmp, 2, algs, hex, &size)) == TB_OK) {
		memcpy(sums->sha256, hex[0], sizeof sums->sha256);
		memcpy(sums->sm3, hex[1], sizeof sums->sm3);
		sums->size = size;
	}
	return st;
}

tb_status pack_zipw_commit(pack_zipw *w, const char *path, const char *tmp_in,
                           pack_zipw_sums *sums)
{
	unsigned long long total = 0;
	char *tmp = NULL;
	tb_status st;
	size_t i;

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
	for (i = 0; i < w->n; i++)
		total += w->v[i].file ? w->v[i].flen : w->v[i].len;
	/* Held in memory only with sums wanted and when small (PACK_ZIPW_MEM_MAX): a package of
	 * forms, not a bundle or a package of large scans. */
	st = sums && total <= PACK_ZIPW_MEM_MAX ? commit_mem(w, tmp, path, sums)
	                                        : commit_file(w, tmp, path, sums);
	if (st != TB_OK) {
		unlink(tmp);
		goto done;
	}
	/* fsync, rename, fsync of the directory */
	st = tb_file_commit_tmp(w->ctx, tmp, path);
done:
	free(tmp);
	pack_zipw_free(w);
	return st;
}
