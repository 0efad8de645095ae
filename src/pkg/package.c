/* package.c: in-memory DOCX/ODT packages, written deterministically through core/zipwrite. */
#include "pkg/package.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/ctx.h"
#include "core/file.h"
#include "core/i18n.h"
#include "core/opc.h"
#include "core/writer.h"
#include "core/zipread.h"
#include "core/vec.h"
#include "core/zipwrite.h"

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
	if (TB_GROW(p->e, p->cap, p->n + 1) != TB_OK) {
		free(data);
		return TB_ENOMEM;
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
static tb_status add_part(tb_zipw *w, const tb_pkg *p, const pkg_entry *e)
{
	if (!e->modified && e->src >= 0 && p->z)
		return tb_zipw_add_raw(w, p->z, (size_t)e->src);
	return tb_zipw_add(w, e->name, e->data, e->len, e->stored ? 0 : 1, 0);
}

tb_status tb_pkg_write_to(tb_ctx *ctx, const tb_pkg *p, const char *name, tb_writer *out)
{
	tb_zipw *w;
	long mt;
	size_t i;
	tb_status st;

	if (!p->n || !out)
		return TB_EINVAL;
	if ((st = tb_zipw_open(ctx, NULL, name, (time_t)tb_ctx_epoch(ctx), NULL, &w)) != TB_OK)
		return st;
	/* ODF: mimetype first and stored, so its bytes sit at offset 38. */
	mt = p->kind == TB_PKG_ODT ? tb_pkg_find(p, "mimetype") : -1;
	if (mt >= 0) {
		size_t len;
		char *data = (char *)tb_pkg_data((tb_pkg *)p, (size_t)mt, &len);
		st = data ? tb_zipw_add(w, "mimetype", data, len, 0, 0) : TB_ERROR;
	}
	for (i = 0; st == TB_OK && i < p->n; i++)
		if ((long)i != mt)
			st = add_part(w, p, &p->e[i]);
	if (st != TB_OK) {
		tb_zipw_discard(w);
		return st;
	}
	return tb_zipw_close(w, out);
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
