/* http.c: what a page reads from its request (query, cookies, headers, form fields, uploaded
 * files) and the responses it can give. Uploaded files are streamed to the server's own
 * temporary folder as they arrive, with a ceiling per file; a page moves them into place
 * after checking them. */
#define _GNU_SOURCE /* vasprintf */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/i18n.h"
#include "serve/serve.h"

const char *req_arg(srv_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *req_cookie(srv_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

const char *req_header(srv_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *req_field(srv_req *r, const char *name)
{
	size_t i;
	for (i = 0; i < r->nfields; i++)
		if (!strcmp(r->fields[i].name, name))
			return r->fields[i].value;
	return NULL;
}

size_t req_field_all(srv_req *r, const char *name, const char **out, size_t max)
{
	size_t i, n = 0;
	for (i = 0; i < r->nfields; i++)
		if (!strcmp(r->fields[i].name, name)) {
			if (n < max)
				out[n] = r->fields[i].value;
			n++;
		}
	return n;
}

srv_file *req_file(srv_req *r, const char *field)
{
	size_t i;
	for (i = 0; i < r->nfiles; i++)
		if (!strcmp(r->files[i].field, field) && r->files[i].size > 0)
			return &r->files[i];
	return NULL;
}

static enum MHD_Result body_refused(srv_req *r, int status, const char *why)
{
	if (!r->body_status) {
		r->body_status = status;
		r->body_error = why;
	}
	return MHD_NO;
}

static enum MHD_Result add_file_data(srv_req *r, const char *key, const char *filename,
                                     const char *data, uint64_t off, size_t size)
{
	srv_file *f = r->nfiles ? &r->files[r->nfiles - 1] : NULL;
	if (!r->route->upload)
		return body_refused(r, 400, _("Files cannot be sent to this page."));
	if (size == 0)
		return MHD_YES;
	if (off == 0 || !f || f->fd < 0 || strcmp(f->field, key)) {
		char name[64], *path;
		if (r->nfiles >= SRV_MAX_FILES)
			return body_refused(r, 413, _("Too many files were sent at once."));
		f = &r->files[r->nfiles];
		memset(f, 0, sizeof *f);
		f->fd = -1;
		auth_random_hex(name, 12);
		strcat(name, ".part");
		if (!(path = malloc(strlen(r->s->tmp) + strlen(name) + 2)))
			return body_refused(r, 500, _("Out of memory."));
		sprintf(path, "%s/%s", r->s->tmp, name);
		f->tmp = path;
		f->field = strdup(key);
		f->filename = strdup(filename);
		r->nfiles++;
		if (!f->field || !f->filename)
			return body_refused(r, 500, _("Out of memory."));
		f->fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
		if (f->fd < 0)
			return body_refused(r, 500, _("The file could not be stored."));
	}
	if (f->size + size > r->s->max_upload)
		return body_refused(r, 413, _("The file is larger than this server accepts."));
	while (size > 0) {
		ssize_t w = write(f->fd, data, size);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return body_refused(r, 500, _("The file could not be stored."));
		data += w;
		size -= (size_t)w;
		f->size += (uint64_t)w;
	}
	return MHD_YES;
}

enum MHD_Result http_post_iterator(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *filename, const char *content_type,
                                   const char *transfer_encoding, const char *data, uint64_t off,
                                   size_t size)
{
	srv_req *r = cls;
	srv_field *f;
	(void)kind;
	(void)content_type;
	(void)transfer_encoding;
	if (!key)
		return body_refused(r, 400, _("The form's data could not be read."));
	if (filename)
		return add_file_data(r, key, filename, data, off, size);
	if (off > 0 && r->nfields > 0 && !strcmp(r->fields[r->nfields - 1].name, key)) {
		f = &r->fields[r->nfields - 1];
	} else {
		srv_field *nf;
		if (r->nfields >= SRV_MAX_FIELDS)
			return body_refused(r, 413, _("The form has too many fields."));
		if (!(nf = realloc(r->fields, (r->nfields + 1) * sizeof *nf)))
			return body_refused(r, 500, _("Out of memory."));
		r->fields = nf;
		f = &r->fields[r->nfields++];
		f->name = strdup(key);
		f->value = calloc(1, 1);
		f->len = 0;
		if (!f->name || !f->value)
			return body_refused(r, 500, _("Out of memory."));
	}
	if (size) {
		char *nv;
		if (f->len + size > SRV_MAX_FIELD_BYTES)
			return body_refused(r, 413, _("A field of the form is too long."));
		if (!(nv = realloc(f->value, f->len + size + 1)))
			return body_refused(r, 500, _("Out of memory."));
		memcpy(nv + f->len, data, size);
		f->len += size;
		nv[f->len] = '\0';
		f->value = nv;
	}
	return MHD_YES;
}

void http_req_free(srv_req *r)
{
	size_t i;
	for (i = 0; i < r->nfields; i++) {
		free(r->fields[i].name);
		free(r->fields[i].value);
	}
	free(r->fields);
	for (i = 0; i < r->nfiles; i++) {
		if (r->files[i].fd >= 0)
			close(r->files[i].fd);
		if (r->files[i].tmp)
			unlink(r->files[i].tmp); /* still there: not taken by its page */
		free(r->files[i].tmp);
		free(r->files[i].field);
		free(r->files[i].filename);
	}
	for (i = 0; i < r->nheaders; i++)
		free(r->headers[i]);
	if (r->fd >= 0)
		close(r->fd);
	if (r->ctx)
		srv_ctx_put(r->s, r->ctx);
	tb_buf_free(&r->out);
	free(r);
}

void resp_header(srv_req *r, const char *fmt, ...)
{
	va_list ap;
	char *h = NULL;
	if (r->nheaders >= sizeof r->headers / sizeof r->headers[0])
		return;
	va_start(ap, fmt);
	if (vasprintf(&h, fmt, ap) < 0)
		h = NULL;
	va_end(ap);
	if (h && !strpbrk(h, "\r\n"))
		r->headers[r->nheaders++] = h;
	else
		free(h);
}

void resp_redirect(srv_req *r, const char *location)
{
	r->status = 303;
	resp_header(r, "Location: %s", location);
	tb_buf_reset(&r->out);
}

void resp_file(srv_req *r, const char *path, const char *ctype, const char *name, int unlink_after)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		if (fd >= 0)
			close(fd);
		resp_error(r, 404, _("The file is not there."));
		return;
	}
	if (unlink_after)
		unlink(path);
	r->fd = fd;
	r->fd_size = (uint64_t)st.st_size;
	r->ctype = ctype;
	r->status = 200;
	if (name)
		resp_header(r, "Content-Disposition: attachment; filename=\"%s\"", name);
	else
		resp_header(r, "Content-Disposition: inline");
}

void resp_error(srv_req *r, int status, const char *message)
{
	tb_buf b = TB_BUF_INIT;
	tb_buf_init(&b, SRV_HTML_MAX);
	h_raw(&b, "<section class=\"notice error\"><h2>");
	h_text(&b, _("Not possible"));
	h_raw(&b, "</h2><p>");
	h_text(&b, message);
	h_raw(&b, "</p><p><a href=\"/\">");
	h_text(&b, _("Back to the start page"));
	h_raw(&b, "</a></p></section>");
	page_send(r, _("Not possible"), &b);
	tb_buf_free(&b);
	r->status = status;
}

void resp_diags(srv_req *r, int status, const char *title, const char *back)
{
	tb_buf b = TB_BUF_INIT;
	size_t i, n = tb_diag_count(r->ctx);
	tb_buf_init(&b, SRV_HTML_MAX);
	h_raw(&b, "<section class=\"notice error\"><h2>");
	h_text(&b, title);
	h_raw(&b, "</h2><ul class=\"diags\">");
	for (i = 0; i < n && i < 200; i++) {
		const tb_diag *d = tb_diag_get(r->ctx, i);
		h_fmt(&b, "<li class=\"%s\"><span class=\"code\">",
		      d->severity == TB_SEV_ERROR ? "error" : "warning");
		h_text(&b, d->code);
		h_raw(&b, "</span> ");
		h_text(&b, d->message);
		if (d->hint) {
			h_raw(&b, "<br><span class=\"hint\">");
			h_text(&b, d->hint);
			h_raw(&b, "</span>");
		}
		h_raw(&b, "</li>");
	}
	h_raw(&b, "</ul>");
	if (back) {
		h_raw(&b, "<p><a href=\"");
		h_text(&b, back);
		h_raw(&b, "\">");
		h_text(&b, _("Back"));
		h_raw(&b, "</a></p>");
	}
	h_raw(&b, "</section>");
	page_send(r, title, &b);
	tb_buf_free(&b);
	r->status = status;
}
