/* buf.h: growable byte buffer with a ceiling, so hostile input fails instead of eating memory.
 * Errors stick: after a failed append every later one does nothing and returns the same
 * status, so a writer may append freely and check tb_buf_status() once at the end (or the
 * NULL from tb_buf_detach). */
#ifndef TB_CORE_BUF_H
#define TB_CORE_BUF_H
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include "tianbiao/tb_core.h"

typedef struct tb_buf {
	char *data;   /* always NUL-terminated when non-NULL */
	size_t len;
	size_t cap;
	size_t max;   /* 0 = no ceiling */
	tb_status err; /* the first failed append's status, kept until reset or free */
} tb_buf;

#define TB_BUF_INIT {NULL, 0, 0, 0, TB_OK}

void tb_buf_init(tb_buf *b, size_t max);
void tb_buf_free(tb_buf *b);
/* Empty the buffer (keeping its memory) and forget an error. */
void tb_buf_reset(tb_buf *b);
/* TB_OK, or the status of the first append that failed. */
static inline tb_status tb_buf_status(const tb_buf *b)
{
	return b->err;
}
tb_status tb_buf_grow(tb_buf *b, size_t extra);
/* The appends' slow paths: growing, the ceiling, a sticky error. */
tb_status tb_buf_put_grow(tb_buf *b, const void *p, size_t n);
tb_status tb_buf_putc_grow(tb_buf *b, char c);
/* Appends are inline while the bytes fit: writing a document's XML or a page's content is
 * mostly appends of a few bytes, and a call for each was a twentieth of a batch (issue 16).
 * cap never passes the ceiling (tb_buf_grow), so fitting in cap is within it. */
static inline tb_status tb_buf_put(tb_buf *b, const void *p, size_t n)
{
	if (b->err == TB_OK && n < b->cap - b->len) {
		if (n) /* p may be NULL then */
			memcpy(b->data + b->len, p, n);
		b->len += n;
		b->data[b->len] = '\0';
		return TB_OK;
	}
	return tb_buf_put_grow(b, p, n);
}
static inline tb_status tb_buf_puts(tb_buf *b, const char *s)
{
	return tb_buf_put(b, s, strlen(s));
}
static inline tb_status tb_buf_putc(tb_buf *b, char c)
{
	if (b->err == TB_OK && b->cap - b->len > 1) {
		b->data[b->len++] = c;
		b->data[b->len] = '\0';
		return TB_OK;
	}
	return tb_buf_putc_grow(b, c);
}
tb_status tb_buf_printf(tb_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
tb_status tb_buf_vprintf(tb_buf *b, const char *fmt, va_list ap);
/* Append s with XML escaping (& < > " and drops C0 controls other than tab/LF/CR). */
tb_status tb_buf_put_xml(tb_buf *b, const char *s, size_t n);
/* Hand the bytes to the caller (who frees them) and reset the buffer; NULL (and the bytes
 * freed) if an append failed, or if there is no memory for an empty string. */
char *tb_buf_detach(tb_buf *b, size_t *len);

#endif
