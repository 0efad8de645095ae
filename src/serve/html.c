/* html.c: HTML out: escaped text, the page frame from the compiled-in layout, the static
 * assets (style and script) served from memory. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "serve/assets.h"
#include "serve/serve.h"

void h_raw(tb_buf *b, const char *s)
{
	if (s)
		tb_buf_puts(b, s);
}

void h_text(tb_buf *b, const char *s)
{
	if (s)
		tb_buf_put_xml(b, s, strlen(s));
}

void h_fmt(tb_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	tb_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void h_csrf(srv_req *r, tb_buf *b)
{
	h_fmt(b, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", r->csrf);
}

const char *asset_find(const char *name, size_t *len)
{
	const tb_asset *a;
	for (a = tb_serve_assets; a->name; a++)
		if (!strcmp(a->name, name)) {
			*len = a->len;
			return (const char *)a->data;
		}
	return NULL;
}

static void nav(srv_req *r, tb_buf *b)
{
	if (r->id[0] && (r->applicant || r->office)) {
		h_fmt(b, "<a href=\"/a/%s/\">", r->id);
		h_text(b, _("Application"));
		h_fmt(b, " %s</a>", r->id);
	}
	if (r->office) {
		h_raw(b, "<a href=\"/office/\">");
		h_text(b, _("Applicants"));
		h_raw(b, "</a><a href=\"/office/batch\">");
		h_text(b, _("Batch"));
		h_raw(b, "</a><a href=\"/office/archive\">");
		h_text(b, _("Archive"));
		h_raw(b, "</a><form method=\"post\" action=\"/office/logout\" class=\"inline\">");
		h_csrf(r, b);
		h_raw(b, "<button class=\"link\">");
		h_text(b, _("Sign out"));
		h_raw(b, "</button></form>");
	} else {
		h_raw(b, "<a href=\"/office/\">");
		h_text(b, _("Office"));
		h_raw(b, "</a>");
	}
}

void page_send(srv_req *r, const char *title, tb_buf *body)
{
	size_t len;
	const char *tpl = asset_find("layout.html", &len), *p;
	tb_buf navb = TB_BUF_INIT, sw = TB_BUF_INIT;

	tb_buf_init(&navb, 1 << 16);
	tb_buf_init(&sw, 1 << 12);
	nav(r, &navb);
	if (!strcmp(r->lang, "en"))
		h_raw(&sw, "<a href=\"/lang?l=zh\" lang=\"zh-CN\">中文</a>");
	else
		h_raw(&sw, "<a href=\"/lang?l=en\" lang=\"en\">English</a>");
	tb_buf_reset(&r->out);
	r->ctype = "text/html; charset=utf-8";
	for (p = tpl; p && *p;) {
		const char *open = strstr(p, "{{"), *close;
		char key[16];
		if (!open) {
			h_raw(&r->out, p);
			break;
		}
		tb_buf_put(&r->out, p, (size_t)(open - p));
		close = strstr(open, "}}");
		if (!close || (size_t)(close - open - 2) >= sizeof key)
			break;
		memcpy(key, open + 2, (size_t)(close - open - 2));
		key[close - open - 2] = '\0';
		if (!strcmp(key, "lang"))
			h_raw(&r->out, strcmp(r->lang, "en") ? "zh-CN" : "en");
		else if (!strcmp(key, "title"))
			h_text(&r->out, title);
		else if (!strcmp(key, "app"))
			h_text(&r->out, _("tianbiao: applications and their evidence"));
		else if (!strcmp(key, "nav"))
			tb_buf_put(&r->out, navb.data ? navb.data : "", navb.len);
		else if (!strcmp(key, "switch"))
			tb_buf_put(&r->out, sw.data ? sw.data : "", sw.len);
		else if (!strcmp(key, "body"))
			tb_buf_put(&r->out, body->data ? body->data : "", body->len);
		else if (!strcmp(key, "footer")) {
			h_text(&r->out, _("Saved as evidence XML and files that the tianbiao command reads."));
			h_fmt(&r->out, " tianbiao %s", tb_version());
		}
		p = close + 2;
	}
	tb_buf_free(&navb);
	tb_buf_free(&sw);
	if (!r->status)
		r->status = 200;
}

void page_static(srv_req *r)
{
	size_t len;
	const char *data = NULL;
	if (strcmp(r->rest, "layout.html"))
		data = asset_find(r->rest, &len);
	if (!data) {
		resp_error(r, 404, _("There is no such page."));
		return;
	}
	tb_buf_reset(&r->out);
	tb_buf_put(&r->out, data, len);
	r->status = 200;
	if (strstr(r->rest, ".css"))
		r->ctype = "text/css; charset=utf-8";
	else if (strstr(r->rest, ".js"))
		r->ctype = "text/javascript; charset=utf-8";
	else
		r->ctype = "application/octet-stream";
}

void page_lang(srv_req *r)
{
	const char *l = req_arg(r, "l");
	const char *back = req_header(r, "Referer");
	resp_header(r, "Set-Cookie: tb_lang=%s; Path=/; SameSite=Lax", l && !strcmp(l, "en") ? "en" : "zh");
	/* Back to the page the switch was on, when it is one of ours. */
	if (back && !strncmp(back, "http://", 7)) {
		const char *path = strchr(back + 7, '/');
		const char *host = req_header(r, MHD_HTTP_HEADER_HOST);
		if (path && host && (size_t)(path - back - 7) == strlen(host) &&
		    !strncmp(back + 7, host, strlen(host)) && !strpbrk(path, "\r\n")) {
			resp_redirect(r, path);
			return;
		}
	}
	resp_redirect(r, "/");
}
