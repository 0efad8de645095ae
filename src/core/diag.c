/* diag.c: the diagnostics list: record, query, print for people and as JSON. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/ctx.h"
#include "core/diag_list.h"
#include "core/i18n.h"
#include "core/json.h"
#include "core/vec.h"

/* Hostile input can produce endless errors; beyond this many only the count grows. */
#define TB_DIAG_MAX 1000

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static void diag_free(tb_diag *d)
{
	free((char *)d->code);
	free((char *)d->file);
	free((char *)d->message);
	free((char *)d->hint);
}

void tb_diag_list_free(tb_diag_list *l)
{
	size_t i;
	for (i = 0; i < l->len; i++)
		diag_free(&l->items[i]);
	free(l->items);
	l->items = NULL;
	l->len = l->cap = 0;
	memset(l->counts, 0, sizeof l->counts);
	l->dropped = 0;
}

/* Append a copy to one list (no cap check here). */
static tb_status list_add(tb_diag_list *l, tb_severity sev, const char *code, const char *file,
                          unsigned line, unsigned column, const char *msg, const char *hint)
{
	tb_diag *d;
	if (TB_GROW(l->items, l->cap, l->len + 1) != TB_OK)
		return TB_ENOMEM;
	d = &l->items[l->len];
	d->code = dup_or_null(code ? code : "internal");
	d->severity = sev;
	d->file = dup_or_null(file);
	d->line = line;
	d->column = column;
	d->message = strdup(msg ? msg : "");
	d->hint = dup_or_null(hint);
	if (!d->code || !d->message || (file && !d->file) || (hint && !d->hint)) {
		diag_free(d);
		return TB_ENOMEM;
	}
	l->len++;
	return TB_OK;
}

static void count(tb_diag_list *l, tb_severity sev, int kept)
{
	if (sev >= TB_SEV_NOTE && sev <= TB_SEV_ERROR)
		l->counts[sev]++;
	if (!kept)
		l->dropped++;
}

static tb_status push(tb_ctx *ctx, tb_severity sev, const char *code, const char *file,
                      unsigned line, unsigned column, char *msg, const char *hint)
{
	tb_diag_list *l = tb_ctx_diags(ctx), *cap = *tb_ctx_capture(ctx);
	tb_status st = TB_OK;
	int kept = 0;

	if (cap) {
		int room = cap->len < TB_DIAG_CAPTURE_MAX;
		if (room && list_add(cap, sev, code, file, line, column, msg, hint) != TB_OK)
			room = 0;
		count(cap, sev, room);
	}
	if (l->len < TB_DIAG_MAX) {
		st = list_add(l, sev, code, file, line, column, msg, hint);
		kept = st == TB_OK;
	}
	count(l, sev, kept);
	free(msg);
	return st;
}

tb_diag_list *tb_diag_capture(tb_ctx *ctx, tb_diag_list *into)
{
	tb_diag_list **c = tb_ctx_capture(ctx), *old = *c;
	*c = into;
	return old;
}

tb_status tb_diag_vadd(tb_ctx *ctx, tb_severity sev, const char *code, const char *file,
                       unsigned line, unsigned column, const char *hint, const char *fmt,
                       va_list ap)
{
	tb_buf b = TB_BUF_INIT;

	tb_buf_init(&b, 64 * 1024);
	if (tb_buf_vprintf(&b, _(fmt), ap) != TB_OK) {
		tb_buf_free(&b);
		return TB_ENOMEM;
	}
	return push(ctx, sev, code, file, line, column, tb_buf_detach(&b, NULL),
	            hint ? _(hint) : NULL);
}

tb_status tb_diag_add(tb_ctx *ctx, tb_severity sev, const char *code, const char *file,
                      unsigned line, unsigned column, const char *hint, const char *fmt, ...)
{
	va_list ap;
	tb_status st;

	va_start(ap, fmt);
	st = tb_diag_vadd(ctx, sev, code, file, line, column, hint, fmt, ap);
	va_end(ap);
	return st;
}

tb_status tb_diag_push(tb_ctx *ctx, tb_severity sev, const char *code, const char *file,
                       unsigned line, unsigned column, const char *msg, const char *hint)
{
	char *m = strdup(msg ? msg : "");
	if (!m)
		return TB_ENOMEM;
	return push(ctx, sev, code, file, line, column, m, hint);
}

void tb_diag_rename_file(tb_ctx *ctx, size_t from, const char *from_name, const char *to_name)
{
	tb_diag_list *l = tb_ctx_diags(ctx);
	size_t i;
	for (i = from; l && i < l->len; i++) {
		char *c;
		if (!l->items[i].file || strcmp(l->items[i].file, from_name) || !(c = strdup(to_name)))
			continue;
		free((char *)l->items[i].file);
		l->items[i].file = c;
	}
}

static int same_warning(const tb_diag *a, const tb_diag *b)
{
	return a->severity == TB_SEV_WARNING && b->severity == TB_SEV_WARNING &&
	       !strcmp(a->code, b->code) && !strcmp(a->message, b->message) &&
	       a->line == b->line && a->column == b->column &&
	       (a->file == b->file || (a->file && b->file && !strcmp(a->file, b->file))) &&
	       (a->hint == b->hint || (a->hint && b->hint && !strcmp(a->hint, b->hint)));
}

void tb_diag_collapse(tb_ctx *ctx, size_t from)
{
	tb_diag_list *l = tb_ctx_diags(ctx);
	size_t *times, i, j, k = from;

	if (from >= l->len || !(times = calloc(l->len, sizeof *times)))
		return;
	for (i = from; i < l->len; i++) {
		for (j = from; j < k && !same_warning(&l->items[j], &l->items[i]); j++)
			;
		if (j < k) {
			times[j]++;
			diag_free(&l->items[i]);
			continue;
		}
		l->items[k] = l->items[i];
		times[k++] = 1;
	}
	l->len = k;
	for (i = from; i < l->len; i++) {
		tb_buf b = TB_BUF_INIT;
		if (times[i] < 2 ||
		    tb_buf_printf(&b, _("%s (reported %zu times)"), l->items[i].message, times[i])) {
			tb_buf_free(&b);
			continue;
		}
		free((char *)l->items[i].message);
		l->items[i].message = tb_buf_detach(&b, NULL);
	}
	free(times);
}

typedef struct ranked {
	tb_diag d;
	size_t i;
} ranked;

static int by_position(const void *pa, const void *pb)
{
	const ranked *a = pa, *b = pb;
	if (a->d.line != b->d.line)
		return a->d.line < b->d.line ? -1 : 1;
	if (a->d.column != b->d.column)
		return a->d.column < b->d.column ? -1 : 1;
	return a->i < b->i ? -1 : a->i > b->i;
}

void tb_diag_sort(tb_ctx *ctx)
{
	tb_diag_list *l = tb_ctx_diags(ctx);
	ranked *r;
	size_t i;

	if (l->len < 2 || !(r = malloc(l->len * sizeof *r)))
		return; /* unsorted is still correct, only less convenient */
	for (i = 0; i < l->len; i++) {
		r[i].d = l->items[i];
		r[i].i = i;
	}
	qsort(r, l->len, sizeof *r, by_position);
	for (i = 0; i < l->len; i++)
		l->items[i] = r[i].d;
	free(r);
}

size_t tb_diag_count(const tb_ctx *ctx)
{
	return tb_ctx_diags((tb_ctx *)ctx)->len;
}

const tb_diag *tb_diag_get(const tb_ctx *ctx, size_t i)
{
	tb_diag_list *l = tb_ctx_diags((tb_ctx *)ctx);
	return i < l->len ? &l->items[i] : NULL;
}

size_t tb_diag_count_severity(const tb_ctx *ctx, tb_severity sev)
{
	tb_diag_list *l = tb_ctx_diags((tb_ctx *)ctx);
	return sev >= TB_SEV_NOTE && sev <= TB_SEV_ERROR ? l->counts[sev] : 0;
}

size_t tb_diag_dropped(const tb_ctx *ctx)
{
	return tb_ctx_diags((tb_ctx *)ctx)->dropped;
}

void tb_diag_mark(const tb_ctx *ctx, tb_diag_pos *m)
{
	tb_diag_list *l = tb_ctx_diags((tb_ctx *)ctx);
	m->kept = l->len;
	m->dropped = l->dropped;
	memcpy(m->counts, l->counts, sizeof m->counts);
}

void tb_diag_rewind(tb_ctx *ctx, const tb_diag_pos *m)
{
	tb_diag_list *l = tb_ctx_diags(ctx);
	while (l->len > m->kept)
		diag_free(&l->items[--l->len]);
	if (l->dropped >= m->dropped) {
		l->dropped = m->dropped;
		memcpy(l->counts, m->counts, sizeof l->counts);
	}
}

void tb_diag_truncate(tb_ctx *ctx, size_t n)
{
	tb_diag_list *l = tb_ctx_diags(ctx);
	while (l->len > n) {
		tb_diag *d = &l->items[--l->len];
		if (d->severity <= TB_SEV_ERROR && l->counts[d->severity])
			l->counts[d->severity]--;
		diag_free(d);
	}
}

struct tb_diag_saved {
	tb_diag_list l;
};

tb_diag_saved *tb_diag_save(tb_ctx *ctx)
{
	tb_diag_list *l = tb_ctx_diags(ctx);
	tb_diag_saved *s = malloc(sizeof *s);
	if (!s) {
		tb_diag_list_free(l);
		return NULL;
	}
	s->l = *l;
	memset(l, 0, sizeof *l);
	return s;
}

void tb_diag_saved_free(tb_diag_saved *s)
{
	if (s) {
		tb_diag_list_free(&s->l);
		free(s);
	}
}

tb_status tb_diag_restore(tb_ctx *ctx, tb_diag_saved *s)
{
	tb_diag_list *l;
	size_t i, kept[3] = {0, 0, 0};
	tb_status st = TB_OK;
	int sev;
	if (!s)
		return TB_OK;
	for (i = 0; i < s->l.len; i++) {
		const tb_diag *d = &s->l.items[i];
		if (tb_diag_push(ctx, d->severity, d->code, d->file, d->line, d->column, d->message,
		                 d->hint) != TB_OK)
			st = TB_ENOMEM;
		if (d->severity >= TB_SEV_NOTE && d->severity <= TB_SEV_ERROR)
			kept[d->severity]++;
	}
	/* the ones the worker counted but could not keep are counted here too */
	l = tb_ctx_diags(ctx);
	for (sev = TB_SEV_NOTE; sev <= TB_SEV_ERROR; sev++)
		if (s->l.counts[sev] > kept[sev]) {
			l->counts[sev] += s->l.counts[sev] - kept[sev];
			l->dropped += s->l.counts[sev] - kept[sev];
		}
	tb_diag_saved_free(s);
	return st;
}

tb_status tb_diag_restore_at(tb_ctx *ctx, size_t at, tb_diag_saved *s)
{
	tb_diag_list *l = tb_ctx_diags(ctx);
	size_t from;
	tb_status st;
	if (!s || at >= l->len)
		return tb_diag_restore(ctx, s);
	from = l->len;
	st = tb_diag_restore(ctx, s);
	tb_diag_move_before(ctx, at, from);
	return st;
}

/* Rotates items [at, len) so that [from, len) comes first: three reversals, in place. */
static void reverse(tb_diag *v, size_t a, size_t b) /* [a, b) */
{
	while (b > a + 1) {
		tb_diag t = v[a];
		v[a++] = v[--b];
		v[b] = t;
	}
}

void tb_diag_move_before(tb_ctx *ctx, size_t at, size_t from)
{
	tb_diag_list *l = tb_ctx_diags(ctx);
	if (from > l->len)
		from = l->len;
	if (at >= from)
		return;
	reverse(l->items, at, from);
	reverse(l->items, from, l->len);
	reverse(l->items, at, l->len);
}

void tb_diag_clear(tb_ctx *ctx)
{
	tb_diag_list_free(tb_ctx_diags(ctx));
}

const char *tb_severity_name(tb_severity sev)
{
	switch (sev) {
	case TB_SEV_NOTE: return "note";
	case TB_SEV_WARNING: return "warning";
	case TB_SEV_ERROR: return "error";
	}
	return "?";
}

static const char *severity_label(tb_severity sev)
{
	switch (sev) {
	case TB_SEV_NOTE: return _("note");
	case TB_SEV_WARNING: return _("warning");
	case TB_SEV_ERROR: return _("error");
	}
	return "?";
}

/* "N more not shown (E errors and W warnings in all)": the list is capped, the counts are not. */
static char *more_note(const tb_ctx *ctx)
{
	tb_buf b = TB_BUF_INIT;
	if (tb_buf_printf(&b, _("%zu more diagnostics not shown (%zu errors and %zu warnings in all)"),
	                  tb_diag_dropped(ctx), tb_diag_count_severity(ctx, TB_SEV_ERROR),
	                  tb_diag_count_severity(ctx, TB_SEV_WARNING))) {
		tb_buf_free(&b);
		return NULL;
	}
	return tb_buf_detach(&b, NULL);
}

void tb_diag_print(const tb_ctx *ctx, FILE *out)
{
	size_t i, n = tb_diag_count(ctx);

	for (i = 0; i < n; i++) {
		const tb_diag *d = tb_diag_get(ctx, i);
		if (d->file) {
			fputs(d->file, out);
			if (d->line)
				fprintf(out, ":%u", d->line);
			if (d->line && d->column)
				fprintf(out, ":%u", d->column);
			fputs(": ", out);
		}
		fprintf(out, "%s[%s]: %s\n", severity_label(d->severity), d->code, d->message);
		if (d->hint)
			fprintf(out, "  %s: %s\n", _("hint"), d->hint);
	}
	if (tb_diag_dropped(ctx)) {
		char *m = more_note(ctx);
		fprintf(out, "%s[diag.more]: %s\n", severity_label(TB_SEV_NOTE), m ? m : "");
		free(m);
	}
}

void tb_diag_print_json(const tb_ctx *ctx, FILE *out)
{
	size_t i, n = tb_diag_count(ctx);
	tb_buf b = TB_BUF_INIT;

	tb_buf_puts(&b, "[");
	for (i = 0; i < n; i++) {
		const tb_diag *d = tb_diag_get(ctx, i);
		tb_buf_puts(&b, i ? ",\n {" : "\n {");
		tb_buf_puts(&b, "\"code\": ");
		tb_buf_put_json(&b, d->code);
		tb_buf_printf(&b, ", \"severity\": \"%s\", \"file\": ", tb_severity_name(d->severity));
		if (d->file)
			tb_buf_put_json(&b, d->file);
		else
			tb_buf_puts(&b, "null");
		tb_buf_printf(&b, ", \"line\": %u, \"column\": %u, \"message\": ", d->line, d->column);
		tb_buf_put_json(&b, d->message);
		tb_buf_puts(&b, ", \"hint\": ");
		if (d->hint)
			tb_buf_put_json(&b, d->hint);
		else
			tb_buf_puts(&b, "null");
		tb_buf_puts(&b, "}");
	}
	if (tb_diag_dropped(ctx)) {
		char *m = more_note(ctx);
		tb_buf_puts(&b, n ? ",\n {" : "\n {");
		tb_buf_puts(&b, "\"code\": \"diag.more\", \"severity\": \"note\", \"file\": null, "
		                "\"line\": 0, \"column\": 0, \"message\": ");
		tb_buf_put_json(&b, m ? m : "");
		tb_buf_puts(&b, ", \"hint\": null}");
		free(m);
		n++;
	}
	tb_buf_puts(&b, n ? "\n]\n" : "]\n");
	/* Appends above are checked once: half an array is not JSON. */
	if (tb_buf_status(&b) == TB_OK)
		fputs(b.data, out);
	else
		fputs("[{\"code\": \"internal.nomem\", \"severity\": \"error\", \"file\": null, "
		      "\"line\": 0, \"column\": 0, \"message\": \"out of memory\", \"hint\": null}]\n",
		      out);
	tb_buf_free(&b);
}
