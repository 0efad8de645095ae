/* writer.c: tb_writer into memory and into an atomically replaced file. */
#define _GNU_SOURCE
#include "core/writer.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/ctx.h"
#include "core/file.h"
#include "core/i18n.h"

static tb_status buf_write(void *user, const void *data, size_t len)
{
	return tb_buf_put(user, data, len);
}

tb_writer tb_writer_buf(tb_buf *b)
{
	tb_writer w = {buf_write, b};
	return w;
}

tb_status tb_writer_put(tb_writer *w, const void *data, size_t len)
{
	if (!w || !w->write)
		return TB_EINVAL;
	return len ? w->write(w->user, data, len) : TB_OK;
}

tb_status tb_writer_put_buf(tb_writer *w, tb_buf *b)
{
	tb_buf *to = w && w->write == buf_write ? w->user : NULL;
	tb_status st;
	if ((st = tb_buf_status(b)) != TB_OK) {
		tb_buf_free(b);
		return st;
	}
	if (to && !to->len && !to->err && b->data && (!to->max || b->len <= to->max)) {
		tb_buf_free(to);
		to->data = b->data;
		to->len = b->len;
		to->cap = b->len + 1 <= b->cap ? b->cap : b->len + 1;
		if (to->max && to->cap > to->max + 1)
			to->cap = to->max + 1; /* never past the ceiling (buf.h) */
		b->data = NULL;
		b->len = b->cap = 0;
		return TB_OK;
	}
	st = tb_writer_put(w, b->data, b->len);
	tb_buf_free(b);
	return st;
}

struct tb_file_writer {
	tb_writer w;
	tb_ctx *ctx;
	char *path, *tmp;
	int fd;
	int err; /* errno of the first failed write, 0 if none */
};

static tb_status file_write(void *user, const void *data, size_t len)
{
	tb_file_writer *fw = user;
	if (fw->err)
		return TB_EIO;
	if ((fw->err = tb_fd_write_all(fw->fd, data, len)) != 0) {
		tb_error(fw->ctx, "io.write", fw->path, 0, 0,
		         N_("check free space and that the directory is writable"),
		         N_("cannot write file: %s"), strerror(fw->err));
		return TB_EIO;
	}
	return TB_OK;
}

tb_status tb_file_writer_open(tb_ctx *ctx, const char *path, tb_file_writer **out)
{
	tb_file_writer *fw;
	*out = NULL;
	if (!ctx || !path)
		return TB_EINVAL;
	fw = calloc(1, sizeof *fw);
	if (!fw || !(fw->path = strdup(path)) || !(fw->tmp = tb_file_tmp_name(path))) {
		if (fw)
			free(fw->path);
		free(fw);
		return TB_ENOMEM;
	}
	fw->ctx = ctx;
	fw->fd = open(fw->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fw->fd < 0) {
		tb_error(ctx, "io.write", path, 0, 0, N_("check that the directory exists and is writable"),
		         N_("cannot write file: %s"), strerror(errno));
		free(fw->tmp);
		free(fw->path);
		free(fw);
		return TB_EIO;
	}
	fw->w.write = file_write;
	fw->w.user = fw;
	*out = fw;
	return TB_OK;
}

tb_writer *tb_file_writer_get(tb_file_writer *fw)
{
	return &fw->w;
}

tb_status tb_file_writer_finish(tb_file_writer *fw, tb_status st)
{
	if (!fw)
		return st;
	if (st == TB_OK && fw->err)
		st = TB_EIO;
	/* tb_file_commit_tmp syncs the file before the rename. */
	if (close(fw->fd) != 0 && st == TB_OK && !fw->err)
		fw->err = errno;
	if (st == TB_OK && fw->err) {
		tb_error(fw->ctx, "io.write", fw->path, 0, 0,
		         N_("check free space and that the directory is writable"),
		         N_("cannot write file: %s"), strerror(fw->err));
		st = TB_EIO;
	}
	if (st == TB_OK)
		st = tb_file_commit_tmp(fw->ctx, fw->tmp, fw->path);
	else
		unlink(fw->tmp);
	free(fw->tmp);
	free(fw->path);
	free(fw);
	return st;
}
