/* file.c: reading with a ceiling, crash-safe writing, and path confinement. */
#define _GNU_SOURCE
#include "core/file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/ctx.h"
#include "core/i18n.h"
#include "core/writer.h"

FILE *tb_file_open_regular(tb_ctx *ctx, const char *path, struct stat *st, tb_status *status)
{
	struct stat sb;
	int fd, e;
	FILE *f;

	if (!st)
		st = &sb;
	/* O_NONBLOCK: opening a FIFO (or a tty) blocks until a writer comes, before fstat could
	 * tell; it changes nothing for a regular file and is cleared once that is known. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		e = errno;
		tb_error(ctx, "io.read", path, 0, 0, N_("check the path and the file's permissions"),
		         N_("cannot open file: %s"), strerror(e));
		*status = e == ENOENT ? TB_ENOTFOUND : TB_EIO;
		return NULL;
	}
	if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
		close(fd);
		tb_error(ctx, "io.read", path, 0, 0, N_("name a file, not a folder or device"),
		         N_("not a regular file"));
		*status = TB_EIO;
		return NULL;
	}
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0 || !(f = fdopen(fd, "rb"))) {
		e = errno;
		close(fd);
		tb_error(ctx, "io.read", path, 0, 0, NULL, N_("cannot open file: %s"), strerror(e));
		*status = TB_EIO;
		return NULL;
	}
	*status = TB_OK;
	return f;
}

tb_status tb_file_read(tb_ctx *ctx, const char *path, size_t max, char **out, size_t *len)
{
	FILE *f;
	struct stat st;
	char *data;
	size_t n;
	tb_status status;

	*out = NULL;
	if (len)
		*len = 0;
	if (!(f = tb_file_open_regular(ctx, path, &st, &status)))
		return status;
	if ((unsigned long long)st.st_size > max) {
		fclose(f);
		tb_error(ctx, "io.too-large", path, 0, 0, NULL,
		         N_("file is %lld bytes, more than the limit of %zu"), (long long)st.st_size,
		         max);
		return TB_ELIMIT;
	}
	data = malloc((size_t)st.st_size + 1);
	if (!data) {
		fclose(f);
		return TB_ENOMEM;
	}
	n = fread(data, 1, (size_t)st.st_size, f);
	if (ferror(f)) {
		fclose(f);
		free(data);
		tb_error(ctx, "io.read", path, 0, 0, NULL, N_("read error: %s"), strerror(errno));
		return TB_EIO;
	}
	fclose(f);
	data[n] = '\0';
	*out = data;
	if (len)
		*len = n;
	return TB_OK;
}

void tb_remove_tree(const char *path)
{
	DIR *d;
	struct dirent *de;
	struct stat st;
	if (!path || lstat(path, &st) != 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		unlink(path);
		return;
	}
	if ((d = opendir(path))) {
		while ((de = readdir(d))) {
			char *full;
			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
				continue;
			if ((full = tb_path_join(path, de->d_name))) {
				tb_remove_tree(full);
				free(full);
			}
		}
		closedir(d);
	}
	rmdir(path);
}

/* The pid of "<base>.tmp<pid>.<n>..." (libzip adds its own suffix to ours), or 0. */
static long stale_pid(const char *name, const char *base, size_t blen)
{
	const char *p;
	char *end;
	long pid;
	if (strncmp(name, base, blen) || strncmp(name + blen, ".tmp", 4))
		return 0;
	p = name + blen + 4;
	if (*p < '0' || *p > '9')
		return 0;
	pid = strtol(p, &end, 10);
	if (*end != '.' || end[1] < '0' || end[1] > '9')
		return 0;
	return pid;
}

/* Does `name` look like anyone's temporary: "<base>.tmp<digits>.<digit>..."? */
static int tmp_shaped(const char *name)
{
	const char *p = name;
	while ((p = strstr(p, ".tmp"))) {
		const char *q = p + 4;
		if (*q >= '0' && *q <= '9') {
			while (*q >= '0' && *q <= '9')
				q++;
			if (*q == '.' && q[1] >= '0' && q[1] <= '9')
				return 1;
		}
		p++;
	}
	return 0;
}

/* Folders already read, most recent first, each with the temporaries it held then (usually
 * none). A folder is read once per process, not again for every output written into it: a
 * batch writes a thousand packages into one, and reading it each time grew as N^2.
 * Temporaries that a process leaves there while this one runs are swept by the next run. */
#define SWEPT_DIRS 16
typedef struct swept_dir {
	char *dir;
	char **names;
	size_t n;
} swept_dir;
static swept_dir swept[SWEPT_DIRS];
static pthread_mutex_t swept_mu = PTHREAD_MUTEX_INITIALIZER;

static void swept_free(swept_dir *s)
{
	size_t i;
	for (i = 0; i < s->n; i++)
		free(s->names[i]);
	free(s->names);
	free(s->dir);
	memset(s, 0, sizeof *s);
}

/* `dir`'s entry, read now when it is not remembered (and moved to the front); NULL when out
 * of memory or unreadable, and then nothing is swept, as before. Under swept_mu. */
static swept_dir *swept_get(char *dir)
{
	swept_dir e = {0};
	DIR *d;
	struct dirent *de;
	size_t i;
	for (i = 0; i < SWEPT_DIRS && swept[i].dir; i++)
		if (!strcmp(swept[i].dir, dir)) {
			e = swept[i];
			memmove(&swept[1], &swept[0], i * sizeof swept[0]);
			swept[0] = e;
			free(dir);
			return &swept[0];
		}
	if (!(d = opendir(dir))) {
		free(dir);
		return NULL;
	}
	e.dir = dir;
	while ((de = readdir(d))) {
		char **grown, *copy;
		if (!tmp_shaped(de->d_name))
			continue;
		grown = realloc(e.names, (e.n + 1) * sizeof *grown);
		copy = strdup(de->d_name);
		if (grown)
			e.names = grown;
		if (!grown || !copy) {
			free(copy);
			closedir(d);
			swept_free(&e);
			return NULL;
		}
		e.names[e.n++] = copy;
	}
	closedir(d);
	swept_free(&swept[SWEPT_DIRS - 1]);
	memmove(&swept[1], &swept[0], (SWEPT_DIRS - 1) * sizeof swept[0]);
	swept[0] = e;
	return &swept[0];
}

/* Remove the temporaries of `path` whose process is gone. A live process's (another run
 * writing the same output now) are left alone; so are this process's own. */
static void sweep_stale(const char *path)
{
	char *dir = tb_path_dirname(path);
	const char *base = tb_path_basename(path);
	size_t blen = strlen(base), i;
	swept_dir *s;
	if (!dir || !blen) {
		free(dir);
		return;
	}
	pthread_mutex_lock(&swept_mu);
	s = swept_get(dir);
	for (i = 0; s && i < s->n;) {
		long pid = stale_pid(s->names[i], base, blen);
		char *full;
		if (pid <= 0 || pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH) {
			i++;
			continue;
		}
		if ((full = tb_path_join(s->dir, s->names[i]))) {
			tb_remove_tree(full);
			free(full);
		}
		free(s->names[i]);
		s->names[i] = s->names[--s->n];
	}
	pthread_mutex_unlock(&swept_mu);
}

/* The most recent temporary names, for tb_temp_remove_all (a signal handler may not take a
 * lock or free memory: fixed slots, each written before its name is handed out). A name
 * already renamed into place no longer exists, so unlinking it again is harmless: it is
 * unique to this process. */
#define TMP_SLOTS 64
static char tmp_slots[TMP_SLOTS][PATH_MAX];
static unsigned tmp_next;
/* Threads (a batch's workers) write and read the slots under this lock; only the signal
 * handler reads them without it, as it must. */
static pthread_mutex_t tmp_mu = PTHREAD_MUTEX_INITIALIZER;

/* A slot's folder and last name (no allocation: a signal handler calls this). */
static const char *split_slot(const char *slot, char dir[PATH_MAX])
{
	const char *slash = strrchr(slot, '/');
	if (slash) {
		size_t dlen = slash == slot ? 1 : (size_t)(slash - slot);
		memcpy(dir, slot, dlen);
		dir[dlen] = '\0';
		return slash + 1;
	}
	dir[0] = '.';
	dir[1] = '\0';
	return slot;
}

/* Remove `name` in the folder `dfd`, a whole tree if it is a folder (a bag being written),
 * with system calls only (getdents64, unlinkat, openat). Depth-bounded: temporaries are
 * shallow. */
static void remove_at(int dfd, const char *name, int depth)
{
	char buf[2048];
	long n;
	int fd;
	if (unlinkat(dfd, name, 0) == 0 || errno != EISDIR || depth > 12)
		return;
	fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return;
	while ((n = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0) {
		long off = 0;
		while (off < n) {
			struct dirent64 *de = (struct dirent64 *)(buf + off);
			off += de->d_reclen;
			if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
				remove_at(fd, de->d_name, depth + 1);
		}
	}
	close(fd);
	unlinkat(dfd, name, AT_REMOVEDIR);
}

/* A temporary (file or folder), and libzip's own mkstemp file "<name>.XXXXXX" beside it,
 * which zip_close renames over <name>. */
static void remove_slot(const char *slot)
{
	char dir[PATH_MAX], buf[2048];
	const char *base = split_slot(slot, dir);
	size_t blen = strlen(base);
	long n;
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return;
	remove_at(fd, base, 0);
	while ((n = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0) {
		long off = 0;
		while (off < n) {
			struct dirent64 *de = (struct dirent64 *)(buf + off);
			const char *name = de->d_name;
			off += de->d_reclen;
			if (strlen(name) == blen + 7 && !memcmp(name, base, blen) && name[blen] == '.')
				unlinkat(fd, name, 0);
		}
	}
	close(fd);
}

void tb_temp_remove_all(void)
{
	unsigned i;
	for (i = 0; i < TMP_SLOTS; i++)
		if (tmp_slots[i][0])
			remove_slot(tmp_slots[i]);
}

static int inside_slot(const char *name)
{
	unsigned i;
	for (i = 0; i < TMP_SLOTS; i++) {
		size_t n = strlen(tmp_slots[i]);
		if (n && !strncmp(name, tmp_slots[i], n) && name[n] == '/')
			return 1;
	}
	return 0;
}

char *tb_file_tmp_name(const char *path)
{
	static unsigned counter;
	tb_buf b = TB_BUF_INIT;
	char *name;
	sweep_stale(path);
	/* pid + counter: unique per process; O_EXCL below guards against the rest. */
	if (tb_buf_printf(&b, "%s.tmp%ld.%u", path, (long)getpid(),
	                  __atomic_add_fetch(&counter, 1, __ATOMIC_RELAXED))) {
		tb_buf_free(&b);
		return NULL;
	}
	name = tb_buf_detach(&b, NULL);
	/* A name inside a temporary folder (a bag's files) is removed with that folder: it takes
	 * no slot, so a bag of many files cannot push its folder out of the ring. */
	if (name && strlen(name) < PATH_MAX) {
		pthread_mutex_lock(&tmp_mu);
		if (!inside_slot(name)) {
			char *slot = tmp_slots[tmp_next++ % TMP_SLOTS];
			slot[0] = '\0';
			memcpy(slot + 1, name + 1, strlen(name));
			__atomic_store_n(&slot[0], name[0], __ATOMIC_RELEASE);
		}
		pthread_mutex_unlock(&tmp_mu);
	}
	return name;
}

static void sync_dir_of(const char *path)
{
	char *dir = tb_path_dirname(path);
	int fd;
	if (!dir)
		return;
	fd = open(dir, O_RDONLY | O_DIRECTORY);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

tb_status tb_file_commit_tmp(tb_ctx *ctx, const char *tmp, const char *path)
{
	tb_status st;
	int fd;
	if (tb_commit_group_keep(ctx, tmp, path, &st))
		return st;
	fd = open(tmp, O_RDONLY);
	if (fd < 0 || fsync(fd) != 0) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		unlink(tmp);
		tb_error(ctx, "io.write", path, 0, 0, NULL, N_("cannot write file: %s"), strerror(e));
		return TB_EIO;
	}
	close(fd);
	if (rename(tmp, path) != 0) {
		int e = errno;
		unlink(tmp);
		tb_error(ctx, "io.write", path, 0, 0, NULL, N_("cannot write file: %s"), strerror(e));
		return TB_EIO;
	}
	sync_dir_of(path);
	return TB_OK;
}

tb_status tb_file_write_atomic(tb_ctx *ctx, const char *path, const void *data, size_t len)
{
	tb_file_writer *fw;
	tb_status st = tb_file_writer_open(ctx, path, &fw);
	if (st != TB_OK)
		return st;
	st = tb_writer_put(tb_file_writer_get(fw), data, len);
	return tb_file_writer_finish(fw, st);
}

int tb_fd_write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? errno : EIO;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

tb_status tb_file_write_record(tb_ctx *ctx, const char *path, const void *data, size_t len)
{
	char *tmp = tb_file_tmp_name(path);
	int fd, e = 0;

	if (!tmp)
		return TB_ENOMEM;
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	e = fd < 0 ? errno : tb_fd_write_all(fd, data, len);
	if (fd >= 0 && close(fd) != 0 && !e)
		e = errno;
	if (!e && rename(tmp, path) != 0)
		e = errno;
	if (e) {
		unlink(tmp);
		free(tmp);
		tb_error(ctx, "io.write", path, 0, 0, NULL, N_("cannot write file: %s"), strerror(e));
		return TB_EIO;
	}
	free(tmp);
	return TB_OK;
}

bool tb_file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

bool tb_dir_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Make one folder of the chain; an error names that folder and the real cause (a file where
 * a folder is needed, a read-only or unwritable parent), not the full path asked for. */
static tb_status mkdir_one(tb_ctx *ctx, const char *p)
{
	struct stat st;
	int e;
	if (mkdir(p, 0755) == 0)
		return TB_OK;
	e = errno;
	if (stat(p, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return TB_OK;
		tb_error(ctx, "io.write", p, 0, 0, N_("move it away, or choose another output"),
		         N_("a file is in the way where a folder is needed"));
		return TB_EIO;
	}
	tb_error(ctx, "io.write", p, 0, 0,
	         e == EACCES || e == EROFS || e == EPERM ? N_("choose a folder you can write to")
	                                                 : NULL,
	         N_("cannot create directory: %s"), strerror(e));
	return TB_EIO;
}

tb_status tb_mkdirs(tb_ctx *ctx, const char *dir)
{
	char *p = strdup(dir), *s;
	tb_status st = TB_OK;
	if (!p)
		return TB_ENOMEM;
	for (s = p + 1; *s && st == TB_OK; s++) {
		if (*s == '/' && s[-1] != '/') {
			*s = '\0';
			st = mkdir_one(ctx, p);
			*s = '/';
		}
	}
	if (st == TB_OK)
		st = mkdir_one(ctx, p);
	free(p);
	return st;
}

char *tb_path_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}

const char *tb_path_basename(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

char *tb_path_join(const char *a, const char *b)
{
	tb_buf buf = TB_BUF_INIT;
	size_t la = strlen(a);
	if (tb_buf_puts(&buf, a) || (la && a[la - 1] != '/' && tb_buf_putc(&buf, '/')) ||
	    tb_buf_puts(&buf, b)) {
		tb_buf_free(&buf);
		return NULL;
	}
	return tb_buf_detach(&buf, NULL);
}

const char *tb_path_ext(const char *path, char *buf, size_t cap)
{
	const char *base = tb_path_basename(path), *dot = strrchr(base, '.');
	size_t i;
	if (!dot || cap == 0) {
		if (cap)
			buf[0] = '\0';
		return buf;
	}
	for (i = 0; dot[1 + i] && i + 1 < cap; i++)
		buf[i] = (char)(dot[1 + i] >= 'A' && dot[1 + i] <= 'Z' ? dot[1 + i] + 32 : dot[1 + i]);
	buf[i] = '\0';
	return buf;
}

tb_path_problem tb_path_check_relative(const char *rel)
{
	const char *seg;
	if (!rel || !*rel)
		return TB_PATH_EMPTY;
	if (rel[0] == '/' || (((rel[0] | 32) >= 'a' && (rel[0] | 32) <= 'z') && rel[1] == ':'))
		return TB_PATH_ABSOLUTE;
	for (seg = rel; *seg; seg++) {
		if (*seg == '\\')
			return TB_PATH_BACKSLASH;
		if ((unsigned char)*seg < 0x20 || *seg == 0x7F)
			return TB_PATH_CONTROL;
	}
	seg = rel;
	while (*seg) {
		size_t n = strcspn(seg, "/");
		if (n == 2 && seg[0] == '.' && seg[1] == '.')
			return TB_PATH_DOTDOT;
		seg += n;
		while (*seg == '/')
			seg++;
	}
	return TB_PATH_OK;
}

tb_path_problem tb_path_confine(const char *base, const char *rel, char **out)
{
	tb_path_problem pr = tb_path_check_relative(rel);
	char *joined, *rb, *rp;
	size_t n;

	*out = NULL;
	if (pr)
		return pr;
	joined = tb_path_join(base, rel);
	if (!joined)
		return TB_PATH_MISSING;
	rb = realpath(base, NULL);
	rp = realpath(joined, NULL);
	if (!rb || !rp) {
		free(rb);
		free(rp);
		free(joined);
		return TB_PATH_MISSING;
	}
	n = strlen(rb);
	if (strncmp(rp, rb, n) != 0 || (rp[n] != '/' && rp[n] != '\0')) {
		free(rb);
		free(rp);
		free(joined);
		return TB_PATH_ESCAPES;
	}
	free(rb);
	free(rp);
	*out = joined;
	return TB_PATH_OK;
}
