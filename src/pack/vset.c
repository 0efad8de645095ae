/* vset.c: files read back for verification, from a ZIP or a folder. */
#include "pack/vset.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/buf.h"
#include "core/ctx.h"
#include "core/file.h"
#include "core/i18n.h"
#include "core/zipread.h"
#include "core/vec.h"
#include "tianbiao/tb_pack.h"

void vset_free(vset *s)
{
	size_t i;
	for (i = 0; i < s->n; i++) {
		free(s->v[i].name);
		free(s->v[i].data);
		free(s->v[i].disk);
		free(s->v[i].hex);
	}
	free(s->v);
	tb_zipr_close(s->z);
	memset(s, 0, sizeof *s);
}

void verify_count(tb_ctx *ctx, size_t files, size_t packages)
{
	tb_verify_result *r = tb_ctx_cache_get(ctx, VERIFY_COUNT_KEY);
	if (r) {
		r->files += files;
		r->packages += packages;
	}
}

tb_status vset_add(vset *s, const char *name, char *data, size_t len, const char *disk)
{
	vent *e;
	if (TB_GROW(s->v, s->cap, s->n + 1) != TB_OK) {
		free(data);
		return TB_ENOMEM;
	}
	e = &s->v[s->n];
	memset(e, 0, sizeof *e);
	e->name = strdup(name);
	e->disk = disk ? strdup(disk) : NULL;
	e->data = data;
	e->len = len;
	if (!e->name || (disk && !e->disk)) {
		free(e->name);
		free(e->disk);
		free(data);
		return TB_ENOMEM;
	}
	s->n++;
	return TB_OK;
}

vent *vset_find(vset *s, const char *name)
{
	size_t i;
	for (i = 0; i < s->n; i++)
		if (!strcmp(s->v[i].name, name))
			return &s->v[i];
	return NULL;
}

static int alg_slot(tb_digest_alg alg)
{
	return alg == TB_SHA256 ? 0 : alg == TB_SHA512 ? 1 : 2;
}

tb_status vent_digest(tb_ctx *ctx, const vent *e, tb_digest_alg alg, char hex[TB_DIGEST_HEX_MAX])
{
	if (e->hex) {
		memcpy(hex, e->hex + alg_slot(alg) * TB_DIGEST_HEX_MAX, TB_DIGEST_HEX_MAX);
		return TB_OK;
	}
	if (e->data || !e->disk)
		return tb_digest_mem(alg, e->data ? e->data : "", e->len, hex);
	return tb_digest_file(ctx, alg, e->disk, hex);
}

tb_status vent_bytes(tb_ctx *ctx, const vent *e, size_t max, char **data, size_t *len, int *owned)
{
	*owned = 0;
	if (e->z) {
		if (e->len > max) {
			tb_error(ctx, "verify.limit", tb_zipr_name(e->z, e->zi), 0, 0, NULL,
			         N_("more than %zu bytes"), max);
			return TB_ELIMIT;
		}
		*owned = 1;
		return tb_zipr_read(e->z, e->zi, data, len);
	}
	if (e->data || !e->disk) {
		*data = e->data;
		*len = e->len;
		return TB_OK;
	}
	*owned = 1;
	return tb_file_read(ctx, e->disk, max, data, len);
}

/* One pass over an entry: its three digests and its length. */
typedef struct digests {
	tb_digest_stream *d[3];
	size_t len;
} digests;

static tb_status digests_put(void *user, const void *data, size_t len)
{
	digests *g = user;
	int k;
	for (k = 0; k < 3; k++)
		tb_digest_update(g->d[k], data, len);
	g->len += len;
	return TB_OK;
}

static tb_status stream_entry(tb_zipr *z, size_t i, vent *e)
{
	static const tb_digest_alg algs[3] = {TB_SHA256, TB_SHA512, TB_SM3};
	digests g;
	tb_status st = TB_OK;
	int k;
	memset(&g, 0, sizeof g);
	for (k = 0; k < 3; k++)
		if (!(g.d[k] = tb_digest_begin(algs[k])))
			st = TB_ENOMEM;
	if (st == TB_OK && !(e->hex = calloc(3, TB_DIGEST_HEX_MAX)))
		st = TB_ENOMEM;
	if (st == TB_OK)
		st = tb_zipr_stream(z, i, digests_put, &g);
	for (k = 0; k < 3; k++)
		if (tb_digest_end(g.d[k], st == TB_OK ? e->hex + k * TB_DIGEST_HEX_MAX : NULL) != TB_OK &&
		    st == TB_OK)
			st = TB_ENOMEM;
	e->z = z;
	e->zi = i;
	e->len = g.len;
	return st;
}

tb_status vset_add_copy(vset *s, const char *name, const vent *e)
{
	char *copy = NULL;
	vent *n;
	if (e->data && !(copy = malloc(e->len + 1)))
		return TB_ENOMEM;
	if (copy)
		memcpy(copy, e->data, e->len);
	if (vset_add(s, name, copy, e->len, e->disk) != TB_OK)
		return TB_ENOMEM;
	n = &s->v[s->n - 1];
	n->z = e->z; /* the archive stays its owner's */
	n->zi = e->zi;
	if (e->hex && !(n->hex = malloc(3 * TB_DIGEST_HEX_MAX)))
		return TB_ENOMEM;
	if (e->hex)
		memcpy(n->hex, e->hex, 3 * TB_DIGEST_HEX_MAX);
	return TB_OK;
}

tb_status vset_from_zip(tb_ctx *ctx, const char *label, const char *path, const void *mem,
                        size_t memlen, size_t max_entries, int keep, vset *s, char **top)
{
	tb_zip_limits lim = TB_ZIP_LIMITS_INIT;
	tb_zipr *z = NULL;
	tb_status st, worst = TB_OK;
	size_t i, toplen = 0;

	*top = NULL;
	lim.max_entries = max_entries;
	lim.max_entry_bytes = (uint64_t)256 << 20;
	lim.max_total_bytes = (uint64_t)2 << 30;
	st = path ? tb_zipr_open_file(ctx, path, &lim, &z)
	          : tb_zipr_open_mem(ctx, label, mem, memlen, &lim, &z);
	if (st != TB_OK)
		return st;
	for (i = 0; i < tb_zipr_count(z); i++) {
		const char *nm = tb_zipr_name(z, i);
		const char *slash = strchr(nm, '/');
		char *data = NULL;
		size_t len = 0;

		if (!tb_zipr_utf8_flagged(z, i)) {
			tb_error(ctx, "verify.name-encoding", label, 0, 0,
			         N_("readers will guess the encoding and may show garbled names"),
			         N_("entry \"%s\" has a non-ASCII name without the UTF-8 flag"), nm);
			worst = TB_ERROR;
		}
		if (!slash || (*top && (slash - nm != (long)toplen || strncmp(nm, *top, toplen)))) {
			tb_error(ctx, "verify.layout", label, 0, 0,
			         N_("a package or bundle has exactly one top folder"),
			         N_("entry \"%s\" is outside the top folder"), nm);
			worst = TB_ERROR;
			continue;
		}
		if (!*top) {
			toplen = (size_t)(slash - nm);
			if (!(*top = strndup(nm, toplen))) {
				tb_zipr_close(z);
				return TB_ENOMEM;
			}
		}
		if (!slash[1] || slash[strlen(slash) - 1] == '/')
			continue; /* a directory entry */
		if (keep) {
			st = tb_zipr_read(z, i, &data, &len);
		} else {
			vent e;
			memset(&e, 0, sizeof e);
			st = stream_entry(z, i, &e);
			if (st == TB_OK && (st = vset_add(s, slash + 1, NULL, e.len, NULL)) == TB_OK) {
				s->v[s->n - 1].z = e.z;
				s->v[s->n - 1].zi = e.zi;
				s->v[s->n - 1].hex = e.hex;
				e.hex = NULL;
				verify_count(ctx, 1, 0);
			}
			free(e.hex);
			if (st == TB_ENOMEM) {
				worst = st;
				break;
			}
		}
		if (st != TB_OK) {
			tb_error(ctx, "verify.altered", label, 0, 0,
			         N_("the file was changed or damaged after it was packed"),
			         N_("\"%s\" cannot be read back intact"), nm);
			worst = TB_ERROR;
			if (st != TB_ERROR)
				break;
			continue;
		}
		if (!keep)
			continue;
		verify_count(ctx, 1, 0);
		if ((st = vset_add(s, slash + 1, data, len, NULL)) != TB_OK) {
			worst = st;
			break;
		}
	}
	if (keep)
		tb_zipr_close(z);
	else
		s->z = z; /* its entries are read from it on request */
	if (!*top && worst == TB_OK) {
		tb_error(ctx, "verify.layout", label, 0, 0, NULL, N_("the archive is empty"));
		worst = TB_ERROR;
	}
	return worst;
}

static tb_status walk(tb_ctx *ctx, const char *dir, const char *rel, size_t max, vset *s,
                      unsigned depth)
{
	DIR *d;
	struct dirent *de;
	tb_status st = TB_OK;

	if (depth > 16) {
		tb_error(ctx, "verify.limit", dir, 0, 0, NULL, N_("folders nested too deep"));
		return TB_ELIMIT;
	}
	if (!(d = opendir(dir))) {
		tb_error(ctx, "io.read", dir, 0, 0, NULL, N_("cannot read the folder"));
		return TB_EIO;
	}
	while (st == TB_OK && (de = readdir(d))) {
		struct stat sb;
		char *full, *r;
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		full = tb_path_join(dir, de->d_name);
		r = *rel ? tb_path_join(rel, de->d_name) : strdup(de->d_name);
		if (!full || !r)
			st = TB_ENOMEM;
		else if (lstat(full, &sb) != 0)
			st = TB_EIO;
		else if (S_ISDIR(sb.st_mode))
			st = walk(ctx, full, r, max, s, depth + 1);
		else if (!S_ISREG(sb.st_mode)) {
			tb_error(ctx, "verify.unsafe", full, 0, 0, N_("remove it; bundles hold regular files"),
			         N_("a symbolic link or special file"));
			st = TB_ERROR;
		} else if (s->n >= max) {
			tb_error(ctx, "verify.limit", dir, 0, 0, NULL, N_("more than %zu files"), max);
			st = TB_ELIMIT;
		} else {
			verify_count(ctx, 1, 0);
			st = vset_add(s, r, NULL, (size_t)sb.st_size, full);
		}
		free(full);
		free(r);
	}
	closedir(d);
	return st;
}

tb_status vset_from_dir(tb_ctx *ctx, const char *dir, size_t max_entries, vset *s)
{
	return walk(ctx, dir, "", max_entries, s, 0);
}

tb_status vparse_lines(tb_ctx *ctx, const char *label, const char *text, size_t len,
                       vline_fn fn, void *user)
{
	size_t pos = 0;
	unsigned line = 0;
	tb_status st = TB_OK, r;

	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len, hexlen;
		char hex[TB_DIGEST_HEX_MAX], *path;
		const char *p = text + pos, *q;

		line++;
		hexlen = strspn(p, "0123456789abcdefABCDEF");
		q = p + hexlen;
		if (hexlen == 0 && end == pos) {
			pos = end + 1;
			continue;
		}
		if (hexlen == 0 || hexlen >= TB_DIGEST_HEX_MAX || (*q != ' ' && *q != '\t')) {
			tb_error(ctx, "verify.manifest", label, line, 1, NULL,
			         N_("this line is not \"<digest> <path>\""));
			st = TB_ERROR;
			pos = end + 1;
			continue;
		}
		memcpy(hex, p, hexlen);
		hex[hexlen] = '\0';
		while (q < text + end && (*q == ' ' || *q == '\t'))
			q++;
		if (q < text + end && *q == '*') /* sha256sum's binary-mode marker */
			q++;
		path = strndup(q, (size_t)(text + end - q));
		if (!path)
			return TB_ENOMEM;
		if (tb_path_check_relative(path) != TB_PATH_OK) {
			tb_error(ctx, "verify.manifest", label, line, 1, NULL,
			         N_("unsafe path \"%s\" in a manifest"), path);
			st = TB_ERROR;
		} else if ((r = fn(user, hex, path, line)) != TB_OK) {
			st = r;
		}
		free(path);
		pos = end + 1;
		if (st == TB_ENOMEM)
			break;
	}
	return st;
}
