/* commit_group.c: outputs committed in a group (tb_ctx_commit_group). A mail merge synced
 * each PDF and its folder as it went, and waited for the disk twice per document: on this
 * machine about as long as laying the document out. In a group, each finished temporary has
 * its writeback started at once and is kept; when the group ends, the files are synced (by
 * then mostly written), renamed into place, and each folder synced once. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/ctx.h"
#include "core/file.h"
#include "core/i18n.h"

/* The temporaries kept stay among the names a signal handler removes (file.c keeps the last
 * 64): up to three mail-merge workers' groups and the documents they are writing. (With more,
 * a temporary an interrupt misses is swept by the next run into that folder.) */
#define GROUP_MAX 16

typedef struct pending {
	char *tmp, *path;
	int fd;
} pending;

typedef struct group {
	pending p[GROUP_MAX];
	int n;
	bool on;
} group;

static const char group_key[] = "file.commit-group";

static void pending_drop(pending *p)
{
	if (p->fd >= 0)
		close(p->fd);
	unlink(p->tmp);
	free(p->tmp);
	free(p->path);
}

/* A context freed inside a group (an error path) leaves nothing behind: its temporaries go. */
static void group_free(void *v)
{
	group *g = v;
	int i;
	for (i = 0; i < g->n; i++)
		pending_drop(&g->p[i]);
	free(g);
}

static tb_status fail(tb_ctx *ctx, pending *p, int e)
{
	tb_error(ctx, "io.write", p->path, 0, 0, NULL, N_("cannot write file: %s"), strerror(e));
	pending_drop(p);
	p->tmp = p->path = NULL;
	p->fd = -1;
	return TB_EIO;
}

/* Sync, rename and sync the folders of everything kept; the first failure is returned, the
 * others are reported too. */
static tb_status flush(tb_ctx *ctx, group *g)
{
	tb_status st = TB_OK;
	int i, j;
	for (i = 0; i < g->n; i++) {
		pending *p = &g->p[i];
		int e = fsync(p->fd) != 0 ? errno : 0;
		if (close(p->fd) != 0 && !e)
			e = errno;
		p->fd = -1;
		if (e) {
			if (fail(ctx, p, e) != TB_OK && st == TB_OK)
				st = TB_EIO;
			continue;
		}
		if (rename(p->tmp, p->path) != 0 && fail(ctx, p, errno) != TB_OK && st == TB_OK)
			st = TB_EIO;
	}
	for (i = 0; i < g->n; i++) {
		char *dir = g->p[i].path ? tb_path_dirname(g->p[i].path) : NULL;
		bool seen = false;
		int fd;
		for (j = 0; dir && j < i && !seen; j++) {
			char *other = g->p[j].path ? tb_path_dirname(g->p[j].path) : NULL;
			seen = other && !strcmp(other, dir);
			free(other);
		}
		if (dir && !seen && (fd = open(dir, O_RDONLY | O_DIRECTORY)) >= 0) {
			(void)fsync(fd);
			close(fd);
		}
		free(dir);
	}
	for (i = 0; i < g->n; i++) {
		free(g->p[i].tmp);
		free(g->p[i].path);
	}
	g->n = 0;
	return st;
}

tb_status tb_ctx_commit_group(tb_ctx *ctx, int on)
{
	group *g = tb_ctx_cache_get(ctx, group_key);
	tb_status st = TB_OK;
	if (!g && on) {
		if (!(g = calloc(1, sizeof *g)))
			return TB_ENOMEM;
		if ((st = tb_ctx_cache_set(ctx, group_key, g, group_free)) != TB_OK)
			return st;
	}
	if (g) {
		st = flush(ctx, g);
		g->on = on != 0;
	}
	return st;
}

bool tb_commit_group_keep(tb_ctx *ctx, const char *tmp, const char *path, tb_status *st)
{
	group *g = tb_ctx_cache_get(ctx, group_key);
	pending *p;
	if (!g || !g->on)
		return false;
	if (g->n == GROUP_MAX && (*st = flush(ctx, g)) != TB_OK) {
		unlink(tmp);
		return true;
	}
	p = &g->p[g->n];
	p->tmp = strdup(tmp);
	p->path = strdup(path);
	p->fd = open(tmp, O_RDONLY | O_CLOEXEC);
	if (!p->tmp || !p->path || p->fd < 0) {
		int e = p->fd < 0 ? errno : ENOMEM;
		free(p->tmp);
		free(p->path);
		if (p->fd >= 0)
			close(p->fd);
		unlink(tmp);
		if (e == ENOMEM) {
			*st = TB_ENOMEM;
			return true;
		}
		tb_error(ctx, "io.write", path, 0, 0, NULL, N_("cannot write file: %s"), strerror(e));
		*st = TB_EIO;
		return true;
	}
#ifdef SYNC_FILE_RANGE_WRITE
	/* writeback starts now, while the next documents are made */
	(void)sync_file_range(p->fd, 0, 0, SYNC_FILE_RANGE_WRITE);
#endif
	g->n++;
	*st = TB_OK;
	return true;
}
