/* package.c: in-memory DOCX/ODT packages and their deterministic writing with libzip. */
#include "pkg/package.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>

#include "core/ctx.h"
#include "core/file.h"
#include "core/i18n.h"
#include "core/opc.h"
#include "core/writer.h"
#include "core/zipread.h"

#define PKG_EPOCH_1980 315532800LL /* 1980-01-01T00:00:00Z, the first DOS time */

typedef struct pkg_entry {
	char *name;
	char *data;   /* NULL until read or replaced */
	size_t len;
	int stored;
	long src;     /* index in the template archive, -1 for added parts */
	int modified; /* replaced or added: written from data, else copied raw */
} pkg_entry;

struct tb_pkg {
	tb_pkg_kind kind;
	char *main;  /* the main part, as the package's relationships name it */
	tb_zipr *z; /* kept open: untouched parts are copied from it when writing */
	pkg_entry *e;
	size_t n, cap;
};

static tb_status add_entry(tb_pkg *p, const char *name, char *data, size_t len, int stored)
{
	if (p->n == p->cap) {
		size_t nc = p->cap ? p->cap * 2 : 32;
		pkg_entry *ne = realloc(p->e, nc * sizeof *ne);
		if (!ne) {
			free(data);
			return TB_ENOMEM;
		}
		p->e = ne;
		p->cap = nc;
	}
	p->e[p->n].name = strdup(name);
	if (!p->e[p->n].name) {
		free(data);
		return TB_ENOMEM;
	}
	p->e[p->n].data = data;
	p->e[p->n].len = len;
	p->e[p->n].stored = stored;
	p->e[p->n].src = -1;
	p->e[p->n].modified = 1;
	p->n++;
	return TB_OK;
}

/* Take over an open archive: list its entries and detect the package (core/opc.c). */
static tb_status open_zip(tb_ctx *ctx, tb_zipr *z, const char *name, tb_pkg **out)
{
	tb_opc opc;
	tb_pkg *p;
	tb_status st;
	size_t i;

	*out = NULL;
	if ((st = tb_opc_detect(ctx, z, name, &opc)) != TB_OK) {
		tb_zipr_close(z);
		return st;
	}
	if (!(p = calloc(1, sizeof *p))) {
		tb_opc_clear(&opc);
		tb_zipr_close(z);
		return TB_ENOMEM;
	}
	p->kind = opc.kind == TB_OPC_ODT ? TB_PKG_ODT : TB_PKG_DOCX;
	p->main = opc.main;
	p->z = z;
	for (i = 0; i < tb_zipr_count(z); i++) {
		const char *nm = tb_zipr_name(z, i);
		if (nm[0] && nm[strlen(nm) - 1] == '/') /* directory entries carry nothing */
			continue;
		st = add_entry(p, nm, NULL, (size_t)tb_zipr_size(z, i), tb_zipr_is_stored(z, i));
		if (st != TB_OK) {
			tb_pkg_free(p);
			return st;
		}
		p->e[p->n - 1].src = (long)i;
		p->e[p->n - 1].modified = 0;
	}
	*out = p;
	return TB_OK;
}

tb_status tb_pkg_open(tb_ctx *ctx, const char *path, tb_pkg **out)
{
	tb_zipr *z = NULL;
	tb_status st;

	*out = NULL;
	if (!tb_file_exists(path)) {
		tb_error(ctx, "io.read", path, 0, 0, N_("Check the path of the template."),
		         N_("the file does not exist"));
		return TB_EIO;
	}
	if ((st = tb_zipr_open_file(ctx, path, NULL, &z)) != TB_OK)
		return st;
	return open_zip(ctx, z, path, out);
}

tb_status tb_pkg_open_mem(tb_ctx *ctx, const char *name, const void *data, size_t len,
                          tb_pkg **out)
{
	tb_zipr *z = NULL;
	tb_status st;
	*out = NULL;
	if ((st = tb_zipr_open_mem(ctx, name, data, len, NULL, &z)) != TB_OK)
		return st;
	return open_zip(ctx, z, name, out);
}

void tb_pkg_free(tb_pkg *p)
{
	size_t i;
	if (!p)
		return;
	for (i = 0; i < p->n; i++) {
		free(p->e[i].name);
		free(p->e[i].data);
	}
	free(p->e);
	free(p->main);
	tb_zipr_close(p->z);
	free(p);
}

tb_pkg_kind tb_pkg_kind_of(const tb_pkg *p) { return p->kind; }
const char *tb_pkg_main(const tb_pkg *p) { return p->main; }
size_t tb_pkg_count(const tb_pkg *p) { return p->n; }
const char *tb_pkg_name(const tb_pkg *p, size_t i) { return p->e[i].name; }

const char *tb_pkg_data(tb_pkg *p, size_t i, size_t *len)
{
	pkg_entry *e = &p->e[i];
	if (!e->data && e->src >= 0 && p->z &&
	    tb_zipr_read(p->z, (size_t)e->src, &e->data, &e->len) != TB_OK)
		return NULL;
	if (len)
		*len = e->len;
	return e->data;
}

long tb_pkg_find(const tb_pkg *p, const char *name)
{
	size_t i;
	for (i = 0; i < p->n; i++)
		if (!strcmp(p->e[i].name, name))
			return (long)i;
	return -1;
}

tb_status tb_pkg_set(tb_pkg *p, const char *name, char *data, size_t len, int stored)
{
	long i = tb_pkg_find(p, name);
	if (i < 0)
		return add_entry(p, name, data, len, stored);
	free(p->e[i].data);
	p->e[i].data = data;
	p->e[i].len = len;
	p->e[i].stored = stored;
	p->e[i].modified = 1;
	return TB_OK;
}

/* Untouched parts are copied raw from the template (no inflate/deflate); rewritten parts are
 * deflated at level 1: several times faster than 6 for a few percent in size. */
/* The entry's DOS time fields are `t` in UTC: libzip's zip_file_set_mtime would convert with
 * localtime(), and changing the process's TZ would change it for the host program too. */
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

static tb_status add_to_zip(tb_ctx *ctx, const tb_pkg *p, zip_t *za, const pkg_entry *e,
                            time_t mtime, const char *path)
{
	zip_int64_t idx;
	int raw = !e->modified && e->src >= 0 && p->z;
	if (raw)
		idx = tb_zipr_copy_raw(p->z, (size_t)e->src, za);
	else {
		zip_source_t *src = zip_source_buffer(za, e->data, e->len, 0);
		if (!src)
			return TB_ENOMEM;
		idx = zip_file_add(za, e->name, src, ZIP_FL_ENC_UTF_8);
		if (idx < 0)
			zip_source_free(src);
	}
	if (idx < 0) {
		tb_error(ctx, "io.write", path, 0, 0, NULL, N_("cannot add \"%s\" to the package: %s"),
		         e->name, zip_strerror(za));
		return TB_EIO;
	}
	if ((!raw && zip_set_file_compression(za, (zip_uint64_t)idx,
	                                      e->stored ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
	                                      e->stored ? 0 : 1) != 0) ||
	    set_utc_time(za, (zip_uint64_t)idx, mtime) != 0 ||
	    zip_file_set_external_attributes(za, (zip_uint64_t)idx, 0, ZIP_OPSYS_UNIX,
	                                     0100644u << 16) != 0) {
		tb_error(ctx, "io.write", path, 0, 0, NULL, N_("cannot set up \"%s\" in the package: %s"),
		         e->name, zip_strerror(za));
		return TB_EIO;
	}
	return TB_OK;
}

/* Read back what libzip wrote into the memory source and hand it to the writer. */
static tb_status drain(tb_ctx *ctx, zip_source_t *src, const char *name, tb_writer *out)
{
	char chunk[64 * 1024];
	zip_int64_t n;
	tb_status st = TB_OK;
	if (zip_source_open(src) != 0) {
		tb_error(ctx, "io.write", name, 0, 0, NULL, N_("cannot write the output: %s"),
		         zip_error_strerror(zip_source_error(src)));
		return TB_EIO;
	}
	while (st == TB_OK && (n = zip_source_read(src, chunk, sizeof chunk)) > 0)
		st = tb_writer_put(out, chunk, (size_t)n);
	if (st == TB_OK && n < 0) {
		tb_error(ctx, "io.write", name, 0, 0, NULL, N_("cannot write the output: %s"),
		         zip_error_strerror(zip_source_error(src)));
		st = TB_EIO;
	}
	zip_source_close(src);
	return st;
}

tb_status tb_pkg_write_to(tb_ctx *ctx, const tb_pkg *p, const char *name, tb_writer *out)
{
	long long epoch = tb_ctx_epoch(ctx);
	time_t mtime = (time_t)(epoch > PKG_EPOCH_1980 ? epoch : PKG_EPOCH_1980);
	zip_source_t *src;
	zip_error_t ze;
	zip_t *za;
	long mt;
	size_t i;
	tb_status st = TB_OK;

	if (!p->n || !out)
		return TB_EINVAL;
	zip_error_init(&ze);
	src = zip_source_buffer_create(NULL, 0, 0, &ze);
	za = src ? zip_open_from_source(src, ZIP_TRUNCATE, &ze) : NULL;
	if (!za) {
		tb_error(ctx, "io.write", name, 0, 0, NULL, N_("cannot create the output: %s"),
		         zip_error_strerror(&ze));
		zip_error_fini(&ze);
		zip_source_free(src);
		return TB_ENOMEM;
	}
	zip_error_fini(&ze);
	zip_source_keep(src); /* zip_close releases it once; the bytes are read after */
	/* ODF: mimetype first and stored, so its bytes sit at offset 38. */
	mt = p->kind == TB_PKG_ODT ? tb_pkg_find(p, "mimetype") : -1;
	if (mt >= 0) {
		pkg_entry e = p->e[mt];
		e.stored = 1;
		e.modified = 1; /* always written stored, whatever the template did */
		e.data = (char *)tb_pkg_data((tb_pkg *)p, (size_t)mt, &e.len);
		st = e.data ? add_to_zip(ctx, p, za, &e, mtime, name) : TB_ERROR;
	}
	for (i = 0; st == TB_OK && i < p->n; i++)
		if ((long)i != mt)
			st = add_to_zip(ctx, p, za, &p->e[i], mtime, name);
	if (st != TB_OK) {
		zip_discard(za);
		zip_source_free(src);
		return st;
	}
	if (zip_close(za) != 0) {
		tb_error(ctx, "io.write", name, 0, 0, N_("Check free space and permissions."),
		         N_("cannot write the output: %s"), zip_strerror(za));
		zip_discard(za);
		zip_source_free(src);
		return TB_EIO;
	}
	st = drain(ctx, src, name, out);
	zip_source_free(src);
	return st;
}

tb_status tb_pkg_write(tb_ctx *ctx, const tb_pkg *p, const char *path)
{
	tb_file_writer *fw;
	tb_status st;
	if (!p->n)
		return TB_EINVAL;
	if ((st = tb_file_writer_open(ctx, path, &fw)) != TB_OK)
		return st;
	st = tb_pkg_write_to(ctx, p, path, tb_file_writer_get(fw));
	return tb_file_writer_finish(fw, st);
}
