/* rank_write.c: a ranking as a terminal table, JSON, the summary-sheet data (<batch>,
 * docs/report-formats.md) and CSV for spreadsheets (UTF-8 with BOM, or GB18030). */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "core/ctx.h"
#include "core/file.h"
#include "core/i18n.h"
#include "core/utf8.h"
#include "core/xml.h"
#include "score/rank_internal.h"

#define OUT_MAX (64u * 1024 * 1024)
#define NAME_COLS 36


/* s padded or cut to `cols` display columns. */
static tb_status cols(tb_buf *b, const char *s, size_t n, int right)
{
	size_t w = tb_utf8_width(s), len = strlen(s), i = 0, used = 0, k;
	tb_status st = TB_OK;
	if (w > n) {
		while (i < len) {
			size_t start = i;
			int32_t cp = tb_utf8_next(s, len, &i);
			int cw = cp < 0 ? 1 : tb_cp_width((uint32_t)cp);
			if (used + (size_t)cw > n - 1)
				break;
			if ((st = cp < 0 ? tb_buf_putc(b, '?') : tb_buf_put(b, s + start, i - start)))
				return st;
			used += (size_t)cw;
		}
		if ((st = tb_buf_puts(b, "\xE2\x80\xA6")))
			return st;
		for (used++; used < n && !st; used++)
			st = tb_buf_putc(b, ' ');
		return st;
	}
	for (k = w; right && k < n && !st; k++)
		st = tb_buf_putc(b, ' ');
	if (!st)
		st = tb_buf_puts(b, s);
	for (k = w; !right && k < n && !st; k++)
		st = tb_buf_putc(b, ' ');
	return st;
}

const char *tb_rank_note(const tb_rank_entry *e, char *buf, size_t cap)
{
	if (e->disqualified)
		snprintf(buf, cap, _("disqualified: %s"), e->reason ? e->reason : "");
	else if (e->errors)
		snprintf(buf, cap, _("%zu problem(s)"), e->errors);
	else if (!e->within)
		snprintf(buf, cap, "%s", _("over quota"));
	else
		buf[0] = '\0';
	return buf;
}

static tb_status quota_text(const tb_rank_body *g, char *buf, size_t cap)
{
	if (g->unlimited)
		snprintf(buf, cap, "%s", _("no quota"));
	else
		snprintf(buf, cap, _("quota %u"), g->quota);
	return TB_OK;
}

static tb_status body_text(const tb_rank *r, size_t bi, tb_buf *b)
{
	const tb_rank_body *g = &r->bodies[bi];
	size_t i, rw = tb_utf8_width(_("Rank")), qw = tb_utf8_width(_("Within quota")), width, k;
	char x[32], y[32], pos[16], note[600], quota[64];
	tb_status st;

	if (rw < 4)
		rw = 4;
	if (qw < 4)
		qw = 4;
	width = rw + 1 + NAME_COLS + 1 + 8 + 1 + 8 + 1 + qw;
	quota_text(g, quota, sizeof quota);
	st = tb_buf_printf(b, _("%s (%s), %s · %s (%s)\n"), g->name, g->kind_label, quota,
	                   tb_program_title(r->prog), tb_program_id(r->prog));
	for (k = 0; !st && k < width; k++)
		st = tb_buf_putc(b, '-');
	if (st || (st = tb_buf_putc(b, '\n')) || (st = cols(b, _("Rank"), rw, 1)) ||
	    (st = tb_buf_putc(b, ' ')) || (st = cols(b, _("Applicant"), NAME_COLS, 0)) ||
	    (st = tb_buf_putc(b, ' ')) || (st = cols(b, _("Score"), 8, 1)) ||
	    (st = tb_buf_putc(b, ' ')) || (st = cols(b, _("Max"), 8, 1)) ||
	    (st = tb_buf_putc(b, ' ')) || (st = cols(b, _("Within quota"), qw, 0)) ||
	    (st = tb_buf_putc(b, '\n')))
		return st;
	for (k = 0; !st && k < width; k++)
		st = tb_buf_putc(b, '-');
	if (!st)
		st = tb_buf_putc(b, '\n');
	for (i = g->first; !st && i < g->first + g->count; i++) {
		const tb_rank_entry *e = &r->e[i];
		snprintf(pos, sizeof pos, "%u", e->position);
		if ((st = cols(b, pos, rw, 1)) || (st = tb_buf_putc(b, ' ')) ||
		    (st = cols(b, e->name, NAME_COLS, 0)) || (st = tb_buf_putc(b, ' ')) ||
		    (st = cols(b, tb_points_format(e->total, x, sizeof x), 8, 1)) ||
		    (st = tb_buf_putc(b, ' ')) ||
		    (st = cols(b, tb_points_format(tb_program_total(r->prog), y, sizeof y), 8, 1)) ||
		    (st = tb_buf_putc(b, ' ')) || (st = cols(b, e->within ? _("yes") : _("no"), qw, 0)))
			return st;
		/* "over quota" is what the column's "no" says already; only other notes follow */
		tb_rank_note(e, note, sizeof note);
		if (*note && (e->disqualified || e->errors))
			st = tb_buf_printf(b, "  %s", note);
		if (!st)
			st = tb_buf_putc(b, '\n');
	}
	for (k = 0; !st && k < width; k++)
		st = tb_buf_putc(b, '-');
	return st ? st : tb_buf_putc(b, '\n');
}

static tb_status rank_text(const tb_rank *r, tb_buf *b)
{
	size_t k;
	tb_status st = TB_OK;
	for (k = 0; !st && k < r->nbodies; k++) {
		if (k)
			st = tb_buf_putc(b, '\n');
		if (!st)
			st = body_text(r, k, b);
	}
	return st;
}

static tb_status jstr(tb_buf *b, const char *key, const char *v, const char *after)
{
	tb_status st = tb_buf_printf(b, "\"%s\": ", key);
	if (!st)
		st = v ? tb_buf_put_json(b, v) : tb_buf_puts(b, "null");
	return st ? st : tb_buf_puts(b, after);
}

static tb_status rank_json(const tb_rank *r, tb_buf *b)
{
	size_t i, k;
	char x[32], y[32];
	tb_status st = tb_buf_puts(b, "{\n  ");
	if (!st) st = jstr(b, "program", tb_program_id(r->prog), ",\n  ");
	if (!st) st = jstr(b, "preparer", r->preparer, ",\n  ");
	if (!st)
		st = tb_buf_printf(b, "\"max\": %s,\n  \"bodies\": [",
		                   tb_points_format(tb_program_total(r->prog), y, sizeof y));
	for (k = 0; !st && k < r->nbodies; k++) {
		const tb_rank_body *g = &r->bodies[k];
		st = tb_buf_puts(b, k ? ",\n    {" : "\n    {");
		if (!st) st = jstr(b, "recommender", g->name, ", ");
		if (!st) st = jstr(b, "recommender_kind", g->kind, ", ");
		if (!st) st = jstr(b, "date", g->date, ", ");
		if (!st)
			st = tb_buf_printf(b, "\"quota\": %u, \"unlimited\": %s, \"applicants\": [",
			                   g->quota, g->unlimited ? "true" : "false");
		for (i = g->first; !st && i < g->first + g->count; i++) {
			const tb_rank_entry *e = &r->e[i];
			st = tb_buf_printf(b, "%s\n      {\"rank\": %u, ", i > g->first ? "," : "",
			                   e->position);
			if (!st) st = jstr(b, "id", e->id, ", ");
			if (!st) st = jstr(b, "name", e->name, ", ");
			if (!st) st = jstr(b, "evidence", e->path, ", ");
			if (!st) st = jstr(b, "targets", e->targets, ", ");
			if (!st)
				st = tb_buf_printf(b, "\"score\": %s, \"within_quota\": %s, "
				                      "\"disqualified\": %s, \"errors\": %zu, ",
				                   tb_points_format(e->total, x, sizeof x),
				                   e->within ? "true" : "false",
				                   e->disqualified ? "true" : "false", e->errors);
			if (!st) st = jstr(b, "package", e->package, ", ");
			if (!st) st = jstr(b, "reason", e->reason, "}");
		}
		if (!st)
			st = tb_buf_puts(b, g->count ? "\n    ]}" : "]}");
	}
	if (!st)
		st = tb_buf_puts(b, r->nbodies ? "\n  ]\n}\n" : "]\n}\n");
	return st;
}

static tb_status xel(tb_buf *b, const char *indent, const char *tag, const char *v)
{
	tb_status st = tb_buf_printf(b, "%s<%s>", indent, tag);
	if (!st && v)
		st = tb_buf_put_xml(b, v, strlen(v));
	return st ? st : tb_buf_printf(b, "</%s>\n", tag);
}

static tb_status body_batch(const tb_rank *r, size_t bi, const char *indent0, tb_buf *b)
{
	const tb_rank_body *g = &r->bodies[bi];
	size_t i;
	char x[32], note[600], in1[16], in2[16], in3[16];
	tb_status st;

	snprintf(in1, sizeof in1, "%s  ", indent0);
	snprintf(in2, sizeof in2, "%s    ", indent0);
	snprintf(in3, sizeof in3, "%s      ", indent0);
	st = tb_buf_printf(b, "%s<batch program=\"", indent0);
	if (!st) st = tb_buf_put_xml(b, tb_program_id(r->prog), strlen(tb_program_id(r->prog)));
	if (!st) st = tb_buf_printf(b, "\" year=\"%d\">\n%s<recommender kind=\"", tb_program_year(r->prog), in1);
	if (!st) st = tb_buf_put_xml(b, g->kind, strlen(g->kind));
	if (!st) st = tb_buf_puts(b, "\">\n");
	if (!st) st = xel(b, in2, "name", g->name);
	if (!st) st = xel(b, in2, "kind-label", g->kind_label);
	if (!st && !g->unlimited) st = tb_buf_printf(b, "%s<quota>%u</quota>\n", in2, g->quota);
	if (!st) st = tb_buf_printf(b, "%s</recommender>\n", in1);
	if (!st) st = xel(b, in1, "date", g->date);
	if (!st && (r->preparer || r->preparer_phone)) {
		st = tb_buf_printf(b, "%s<preparer>\n", in1);
		if (!st) st = xel(b, in2, "name", r->preparer ? r->preparer : "");
		if (!st) st = xel(b, in2, "phone", r->preparer_phone ? r->preparer_phone : "");
		if (!st) st = tb_buf_printf(b, "%s</preparer>\n", in1);
	}
	for (i = g->first; !st && i < g->first + g->count; i++) {
		const tb_rank_entry *e = &r->e[i];
		st = tb_buf_printf(b, "%s<applicant rank=\"%u\"", in1, e->position);
		if (!st && e->package) {
			st = tb_buf_puts(b, " package=\"");
			if (!st) st = tb_buf_put_xml(b, e->package, strlen(e->package));
			if (!st) st = tb_buf_puts(b, "\"");
		}
		if (!st) st = tb_buf_puts(b, ">\n");
		if (!st) st = xel(b, in2, "name", e->name);
		if (!st) st = xel(b, in2, "authority", e->authority);
		if (!st) st = tb_buf_printf(b, "%s<contact>\n", in2);
		if (!st) st = xel(b, in3, "name", e->contact);
		if (!st) st = xel(b, in3, "phone", e->phone);
		if (!st) st = xel(b, in3, "mobile", e->mobile);
		if (!st) st = xel(b, in3, "email", e->email);
		if (!st) st = tb_buf_printf(b, "%s</contact>\n", in2);
		if (!st) st = xel(b, in2, "targets", e->targets);
		if (!st) st = xel(b, in2, "score", tb_points_format(e->total, x, sizeof x));
		if (!st) st = xel(b, in2, "within-quota", e->within ? "true" : "false");
		if (!st && e->errors) st = tb_buf_printf(b, "%s<errors>%zu</errors>\n", in2, e->errors);
		if (!st && *tb_rank_note(e, note, sizeof note)) st = xel(b, in2, "note", note);
		if (!st && e->disqualified) {
			st = tb_buf_printf(b, "%s<disqualified reason=\"", in2);
			if (!st) st = tb_buf_put_xml(b, e->reason, strlen(e->reason));
			if (!st) st = tb_buf_puts(b, "\">true</disqualified>\n");
		}
		if (!st) st = tb_buf_printf(b, "%s</applicant>\n", in1);
	}
	return st ? st : tb_buf_printf(b, "%s</batch>\n", indent0);
}

static tb_status rank_batch(const tb_rank *r, tb_buf *b)
{
	size_t k;
	tb_status st = tb_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	if (r->nbodies == 1)
		return st ? st : body_batch(r, 0, "", b);
	if (!st) st = tb_buf_puts(b, "<batches>\n");
	for (k = 0; !st && k < r->nbodies; k++)
		st = body_batch(r, k, "  ", b);
	return st ? st : tb_buf_puts(b, "</batches>\n");
}

tb_status tb_rank_body_xml(const tb_rank *r, size_t body, char **out, size_t *len)
{
	tb_buf b;
	tb_status st;
	*out = NULL;
	*len = 0;
	if (!r || body >= r->nbodies || !r->finished)
		return TB_EINVAL;
	tb_buf_init(&b, OUT_MAX);
	st = tb_buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	if (st == TB_OK)
		st = body_batch(r, body, "", &b);
	if (st != TB_OK) {
		tb_buf_free(&b);
		return st;
	}
	*out = tb_buf_detach(&b, len);
	return TB_OK;
}

tb_status tb_rank_write_body(tb_ctx *ctx, const tb_rank *r, size_t body, const char *path)
{
	char *data;
	size_t len;
	tb_status st;
	if (!ctx || !path)
		return TB_EINVAL;
	if ((st = tb_rank_body_xml(r, body, &data, &len)) != TB_OK)
		return st;
	st = tb_file_write_atomic(ctx, path, data, len);
	free(data);
	return st;
}

tb_status tb_rank_batch_doc(tb_ctx *ctx, const tb_rank *r, size_t body, xmlDocPtr *out)
{
	tb_buf b;
	tb_status st;
	*out = NULL;
	if (body >= r->nbodies)
		return TB_EINVAL;
	tb_buf_init(&b, OUT_MAX);
	st = body_batch(r, body, "", &b);
	if (st == TB_OK)
		st = tb_xml_read(ctx, "batch.xml", b.data, b.len, 0, out);
	tb_buf_free(&b);
	return st;
}

tb_status tb_rank_write(tb_ctx *ctx, const tb_rank *r, tb_score_format fmt, const char *path)
{
	tb_buf b;
	tb_status st;
	if (!ctx || !r || !r->finished)
		return TB_EINVAL;
	tb_buf_init(&b, OUT_MAX);
	switch (fmt) {
	case TB_SCORE_TEXT: st = rank_text(r, &b); break;
	case TB_SCORE_JSON: st = rank_json(r, &b); break;
	case TB_SCORE_XML: st = rank_batch(r, &b); break;
	default: st = TB_EINVAL; break;
	}
	if (st == TB_OK)
		st = tb_score_emit(ctx, path, &b);
	tb_buf_free(&b);
	return st;
}

/* ---- CSV ----------------------------------------------------------------------------- */

/* One RFC 4180 field. Text that a spreadsheet would take for a formula (= + - @ first) gets
 * a leading apostrophe, so opening the file cannot run anything. */
static tb_status csv_field(tb_buf *b, const char *v, int text, int last)
{
	int quote;
	tb_status st = TB_OK;
	const char *p;
	if (!v)
		v = "";
	quote = strpbrk(v, ",\"\r\n") != NULL;
	if (quote)
		st = tb_buf_putc(b, '"');
	if (!st && text && strchr("=+-@", v[0]) && v[0])
		st = tb_buf_putc(b, '\'');
	for (p = v; !st && *p; p++)
		st = *p == '"' ? tb_buf_puts(b, "\"\"") : tb_buf_putc(b, *p);
	if (!st && quote)
		st = tb_buf_putc(b, '"');
	return st ? st : tb_buf_puts(b, last ? "\r\n" : ",");
}

static tb_status rank_csv(const tb_rank *r, tb_buf *b)
{
	const char *head[] = {N_("Recommending body"), N_("Rank"), N_("Applicant"), N_("Authority"), N_("Contact"),
	                      N_("Phone"), N_("Mobile"), N_("E-mail"), N_("Service targets"),
	                      N_("Score"), N_("Max"), N_("Within quota"), N_("Notes")};
	size_t i, k, nh = sizeof head / sizeof head[0];
	char pos[16], x[32], y[32], note[600];
	tb_status st = TB_OK;

	for (k = 0; !st && k < nh; k++)
		st = csv_field(b, _(head[k]), 0, k + 1 == nh);
	for (i = 0; !st && i < r->n; i++) {
		const tb_rank_entry *e = &r->e[i];
		snprintf(pos, sizeof pos, "%u", e->position);
		if ((st = csv_field(b, r->bodies[e->body].name, 1, 0)) ||
		    (st = csv_field(b, pos, 0, 0)) || (st = csv_field(b, e->name, 1, 0)) ||
		    (st = csv_field(b, e->authority, 1, 0)) || (st = csv_field(b, e->contact, 1, 0)) ||
		    (st = csv_field(b, e->phone, 1, 0)) || (st = csv_field(b, e->mobile, 1, 0)) ||
		    (st = csv_field(b, e->email, 1, 0)) || (st = csv_field(b, e->targets, 1, 0)) ||
		    (st = csv_field(b, tb_points_format(e->total, x, sizeof x), 0, 0)) ||
		    (st = csv_field(b, tb_points_format(tb_program_total(r->prog), y, sizeof y), 0, 0)) ||
		    (st = csv_field(b, e->within ? _("yes") : _("no"), 0, 0)))
			return st;
		st = csv_field(b, tb_rank_note(e, note, sizeof note), 1, 1);
	}
	return st;
}

/* UTF-8 to GB18030 with iconv(3) (in process); every Unicode character has a GB18030 code. */
static tb_status to_gb18030(tb_ctx *ctx, const char *path, const tb_buf *in, tb_buf *out)
{
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	char *src = in->data, chunk[4096];
	size_t left = in->len;
	tb_status st = TB_OK;

	if (cd == (iconv_t)-1) {
		tb_error(ctx, "io.encoding", path, 0, 0, N_("write UTF-8 instead (the default)"),
		         N_("this system cannot convert to GB18030"));
		return TB_EUNSUPPORTED;
	}
	while (left > 0 && st == TB_OK) {
		char *dst = chunk;
		size_t room = sizeof chunk;
		size_t rc = iconv(cd, &src, &left, &dst, &room);
		if (dst > chunk)
			st = tb_buf_put(out, chunk, (size_t)(dst - chunk));
		if (rc == (size_t)-1 && errno != E2BIG) {
			tb_error(ctx, "io.encoding", path, 0, 0, N_("check the evidence files are valid UTF-8"),
			         N_("text could not be converted to GB18030"));
			st = TB_ERROR;
		}
	}
	iconv_close(cd);
	return st;
}

tb_status tb_rank_write_csv(tb_ctx *ctx, const tb_rank *r, const char *path, tb_csv_encoding enc)
{
	tb_buf b, conv;
	tb_status st;

	if (!ctx || !r || !path || !r->finished)
		return TB_EINVAL;
	tb_buf_init(&b, OUT_MAX);
	tb_buf_init(&conv, OUT_MAX);
	if (enc == TB_CSV_UTF8_BOM)
		st = tb_buf_puts(&b, "\xEF\xBB\xBF");
	else if (enc == TB_CSV_GB18030)
		st = TB_OK;
	else
		st = TB_EINVAL;
	if (st == TB_OK)
		st = rank_csv(r, &b);
	if (st == TB_OK && enc == TB_CSV_GB18030) {
		st = to_gb18030(ctx, path, &b, &conv);
		if (st == TB_OK)
			st = tb_score_emit(ctx, path, &conv);
	} else if (st == TB_OK) {
		st = tb_score_emit(ctx, path, &b);
	}
	tb_buf_free(&b);
	tb_buf_free(&conv);
	return st;
}
