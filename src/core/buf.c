/* buf.c: growable byte buffer with a ceiling. */
#include "core/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void tb_buf_init(tb_buf *b, size_t max)
{
	b->data = NULL;
	b->len = b->cap = 0;
	b->max = max;
	b->err = TB_OK;
}

void tb_buf_free(tb_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
	b->err = TB_OK;
}

void tb_buf_reset(tb_buf *b)
{
	b->len = 0;
	b->err = TB_OK;
	if (b->data)
		b->data[0] = '\0';
}

/* Remember the first failure. */
static tb_status fail(tb_buf *b, tb_status st)
{
	if (!b->err)
		b->err = st;
	return st;
}

tb_status tb_buf_grow(tb_buf *b, size_t extra)
{
	size_t need, cap;
	char *p;

	if (b->err)
		return b->err;
	if (extra > (size_t)-1 - b->len - 1)
		return fail(b, TB_ELIMIT);
	need = b->len + extra + 1;
	if (b->max && need > b->max + 1)
		return fail(b, TB_ELIMIT);
	if (need <= b->cap)
		return TB_OK;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > (size_t)-1 / 2 ? need : cap * 2;
	if (b->max && cap > b->max + 1)
		cap = b->max + 1;
	p = realloc(b->data, cap);
	if (!p)
		return fail(b, TB_ENOMEM);
	b->data = p;
	b->cap = cap;
	return TB_OK;
}

tb_status tb_buf_put_grow(tb_buf *b, const void *p, size_t n)
{
	tb_status st = tb_buf_grow(b, n);
	if (st)
		return st;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return TB_OK;
}

tb_status tb_buf_putc_grow(tb_buf *b, char c)
{
	return tb_buf_put_grow(b, &c, 1);
}

tb_status tb_buf_vprintf(tb_buf *b, const char *fmt, va_list ap)
{
	va_list aq;
	size_t room = b->cap > b->len ? b->cap - b->len : 0;
	int n;
	tb_status st;

	if (b->err)
		return b->err;
	/* Formatted straight into the room left when it fits (nearly always): measuring first
	 * formatted everything twice. */
	va_copy(aq, ap);
	n = room ? vsnprintf(b->data + b->len, room, fmt, aq) : vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0) {
		if (room)
			b->data[b->len] = '\0';
		return fail(b, TB_EINVAL);
	}
	if ((size_t)n < room) { /* and so within the ceiling: cap never passes it */
		b->len += (size_t)n;
		return TB_OK;
	}
	if (room)
		b->data[b->len] = '\0'; /* what did not fit is not kept */
	if ((st = tb_buf_grow(b, (size_t)n)))
		return st;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return TB_OK;
}

tb_status tb_buf_printf(tb_buf *b, const char *fmt, ...)
{
	va_list ap;
	tb_status st;

	va_start(ap, fmt);
	st = tb_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return st;
}

tb_status tb_buf_put_xml(tb_buf *b, const char *s, size_t n)
{
	size_t i, start = 0;
	tb_status st = TB_OK;

	for (i = 0; i < n && !st; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *rep = NULL;
		switch (c) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		default:
			if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
				rep = ""; /* not allowed in XML 1.0 at all */
		}
		if (rep) {
			st = tb_buf_put(b, s + start, i - start);
			if (!st)
				st = tb_buf_puts(b, rep);
			start = i + 1;
		}
	}
	if (!st)
		st = tb_buf_put(b, s + start, n - start);
	return st;
}

char *tb_buf_detach(tb_buf *b, size_t *len)
{
	char *p = b->data;
	if (b->err) {
		free(p);
		p = NULL;
	} else if (!p) {
		p = calloc(1, 1);
	} else if (b->cap - b->len > b->len / 8 + 4096) {
		/* Grown by doubling, up to half of it unused: a detached document is kept whole
		 * (a package holds its PDFs until it is written), its slack is given back. */
		char *q = realloc(p, b->len + 1);
		if (q)
			p = q;
	}
	if (len)
		*len = p ? b->len : 0;
	b->data = NULL;
	b->len = b->cap = 0;
	b->err = TB_OK;
	return p;
}
