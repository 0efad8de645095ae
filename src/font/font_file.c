/* font_file.c: one mapping of each font file per process. Every batch worker has its own
 * context and faces; mapped separately, the same CJK file's touched pages counted once per
 * worker in the resident set (a batch of 100 at -j 2 peaked at 73.8 MiB, 62.6 shared). The
 * blob is immutable, so the threads can share it: HarfBuzz counts its references atomically
 * and never writes an immutable blob. The charstrings cff_subset.c keeps of a face live here
 * too, for the same reason: one copy for every worker. */
#include "font/font_impl.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef struct font_file {
	struct font_file *next;
	char *path;
	hb_blob_t *blob;
	unsigned users;
	struct tb_cs_memo *memos; /* cff_subset.c's, one per face index asked for */
} font_file;

static pthread_mutex_t files_mu = PTHREAD_MUTEX_INITIALIZER;
static font_file *files;

hb_blob_t *tb_font_file_open(const char *path, bool *nomem)
{
	font_file *f;
	hb_blob_t *blob = NULL;

	*nomem = false;
	pthread_mutex_lock(&files_mu);
	for (f = files; f && strcmp(f->path, path); f = f->next)
		;
	if (f) {
		f->users++;
		blob = f->blob;
	} else if ((f = calloc(1, sizeof *f)) && (f->path = strdup(path))) {
		f->blob = hb_blob_create_from_file(path);
		if (hb_blob_get_length(f->blob) == 0) { /* unreadable: not kept, the caller reports */
			hb_blob_destroy(f->blob);
			free(f->path);
			free(f);
		} else {
			hb_blob_make_immutable(f->blob);
			f->users = 1;
			f->next = files;
			files = f;
			blob = f->blob;
		}
	} else {
		*nomem = true;
		free(f);
	}
	pthread_mutex_unlock(&files_mu);
	return blob ? blob : hb_blob_get_empty();
}

void tb_font_file_close(hb_blob_t *blob)
{
	font_file **p, *f;

	pthread_mutex_lock(&files_mu);
	for (p = &files; *p && (*p)->blob != blob; p = &(*p)->next)
		;
	if ((f = *p) != NULL && --f->users == 0) {
		*p = f->next;
		while (f->memos) {
			struct tb_cs_memo *m = f->memos;
			f->memos = *tb_cs_memo_next(m);
			tb_cs_memo_free(m);
		}
		hb_blob_destroy(f->blob);
		free(f->path);
		free(f);
	}
	pthread_mutex_unlock(&files_mu);
}

struct tb_cs_memo *tb_font_file_memo(hb_blob_t *blob, unsigned index)
{
	font_file *f;
	struct tb_cs_memo *m = NULL;

	pthread_mutex_lock(&files_mu);
	for (f = files; f && f->blob != blob; f = f->next)
		;
	if (f) {
		for (m = f->memos; m && tb_cs_memo_index(m) != index; m = *tb_cs_memo_next(m))
			;
		if (!m && (m = tb_cs_memo_new(index)) != NULL) {
			*tb_cs_memo_next(m) = f->memos;
			f->memos = m;
		}
	}
	pthread_mutex_unlock(&files_mu);
	return m;
}

unsigned tb_font_file_count(void)
{
	unsigned n = 0;
	font_file *f;

	pthread_mutex_lock(&files_mu);
	for (f = files; f; f = f->next)
		n++;
	pthread_mutex_unlock(&files_mu);
	return n;
}
