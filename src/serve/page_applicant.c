/* page_applicant.c: the applicant's actions: start an application, save the form, add and
 * delete supporting files, look at them, preview the form and the report as PDF, download
 * the submission package. Every change is a read-modify-write of evidence.xml under the
 * applicant's lock, written atomically. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/ctx.h"
#include "core/digest.h"
#include "core/file.h"
#include "core/i18n.h"
#include "core/xml.h"
#include "serve/applicant.h"
#include "serve/evedit.h"

/* ---- start page and new applications ---- */

static void program_select(srv_req *r, tb_buf *b, const char *name)
{
	char **ids = NULL, *def = store_default_program(r->ctx, r->s);
	size_t n = 0, i;
	if (tb_program_list(r->ctx, &ids, &n) != TB_OK)
		n = 0; /* no list (reported): an empty choice */
	h_fmt(b, "<select name=\"%s\">", name);
	for (i = 0; i < n; i++) {
		const tb_program *p = NULL;
		if (tb_program_load(r->ctx, ids[i], &p) != TB_OK)
			continue;
		h_raw(b, "<option value=\"");
		h_text(b, ids[i]);
		h_fmt(b, "\"%s>", def && !strcmp(def, ids[i]) ? " selected" : "");
		h_text(b, tb_program_title(p));
		h_raw(b, "</option>");
	}
	h_raw(b, "</select>");
	tb_strv_free(ids, n);
	free(def);
	tb_diag_clear(r->ctx);
}

void page_home(srv_req *r)
{
	tb_buf b = TB_BUF_INIT;
	tb_buf_init(&b, 1 << 20);
	h_raw(&b, "<div class=\"cards\"><section class=\"card\"><h2>");
	h_text(&b, _("Applicants"));
	h_raw(&b, "</h2><p>");
	h_text(&b, _("Fill in the application form and the self-assessment, add the supporting documents, check everything and download the submission package."));
	h_raw(&b, "</p><form method=\"post\" action=\"/new\">");
	h_csrf(r, &b);
	h_fmt(&b, "<label>%s ", _("Program"));
	program_select(r, &b, "program");
	h_fmt(&b, "</label><button class=\"primary\">%s</button></form><p class=\"help\">%s</p></section>",
	      _("Start a new application"),
	      _("Already started? Open your private link (you got it when you started, or from your office)."));
	h_raw(&b, "<section class=\"card\"><h2>");
	h_text(&b, _("Offices"));
	h_raw(&b, "</h2><p>");
	h_text(&b, _("See your applicants with their validity, points and rank within the quota; import applicants from a spreadsheet; build the batch; export the lists; archive the year."));
	h_fmt(&b, "</p><p><a class=\"button\" href=\"/office/\">%s</a></p></section></div>", _("Office sign-in"));
	page_send(r, _("Applications and their evidence"), &b);
	tb_buf_free(&b);
}

void page_new(srv_req *r)
{
	const char *program = req_field(r, "program");
	char id[16], key[65];
	tb_buf b = TB_BUF_INIT;
	const char *host = req_header(r, MHD_HTTP_HEADER_HOST);

	if (!program || !*program || strpbrk(program, "/\\") || tb_program_load(r->ctx, program, &(const tb_program *){NULL}) != TB_OK) {
		resp_diags(r, 400, _("This program is not installed"), "/");
		return;
	}
	if (store_create(r->ctx, r->s, program, id) != TB_OK ||
	    auth_applicant_new_key(r->ctx, r->s, id, key) != TB_OK) {
		resp_diags(r, 500, _("The application could not be started"), "/");
		return;
	}
	tb_buf_init(&b, 1 << 16);
	h_raw(&b, "<section class=\"notice\"><h2>");
	h_text(&b, _("Your application has been started"));
	h_raw(&b, "</h2><p>");
	h_text(&b, _("This is your private link. Keep it (bookmark it, or copy it somewhere safe): it is the only way back to your application, and anyone who has it can open it."));
	h_fmt(&b, "</p><p class=\"link\"><code id=\"private-link\">http://%s/a/%s/?key=%s</code></p>",
	      host && !strpbrk(host, "<>\"&") ? host : "127.0.0.1", id, key);
	h_fmt(&b, "<p><a class=\"button primary\" id=\"continue\" href=\"/a/%s/?key=%s\">%s</a></p></section>", id, key,
	      _("Continue to the form"));
	page_send(r, _("Application started"), &b);
	tb_buf_free(&b);
}

/* ---- saving the form ---- */

static void save_awards(srv_req *r, xmlDocPtr doc)
{
	xmlNodePtr aw = ev_node(doc, "awards", 1);
	unsigned n, misses = 0;
	if (!aw)
		return;
	ev_remove_children(aw, "award");
	for (n = 0; n < 1000 && misses < 50; n++) {
		char k[4][48];
		const char *v[4];
		static const char *part[4] = {"year", "level", "title", "issuer"};
		int i, any = 0;
		for (i = 0; i < 4; i++) {
			snprintf(k[i], sizeof k[i], "aw.%u.%s", n, part[i]);
			v[i] = req_field(r, k[i]);
			any |= v[i] != NULL;
		}
		if (!any) {
			misses++;
			continue;
		}
		{
			char *year = ev_clean(v[0] ? v[0] : "", 0), *level = ev_clean(v[1] ? v[1] : "", 0);
			char *title = ev_clean(v[2] ? v[2] : "", 0), *issuer = ev_clean(v[3] ? v[3] : "", 0);
			if (title && year && level && issuer && (*title || *year || *issuer)) {
				xmlNodePtr a = xmlNewChild(aw, NULL, (const xmlChar *)"award", NULL);
				xmlSetProp(a, (const xmlChar *)"year", (const xmlChar *)year);
				xmlSetProp(a, (const xmlChar *)"level", (const xmlChar *)level);
				xmlNewTextChild(a, NULL, (const xmlChar *)"title", (const xmlChar *)title);
				if (*issuer)
					xmlNewTextChild(a, NULL, (const xmlChar *)"issuer", (const xmlChar *)issuer);
			}
			free(year);
			free(level);
			free(title);
			free(issuer);
		}
	}
}

static void save_targets(srv_req *r, xmlDocPtr doc, const tb_program *p)
{
	const char *vals[128];
	size_t n = req_field_all(r, "targets", vals, 128), i, j;
	xmlNodePtr st = ev_node(doc, "service-targets", 1);
	if (!st)
		return;
	ev_remove_children(st, "target");
	for (j = 0; j < tb_program_target_count(p); j++) /* in form order, each once */
		for (i = 0; i < n && i < 128; i++)
			if (!strcmp(vals[i], tb_program_target_id(p, j))) {
				xmlNodePtr t = xmlNewChild(st, NULL, (const xmlChar *)"target", NULL);
				xmlSetProp(t, (const xmlChar *)"ref", (const xmlChar *)vals[i]);
				break;
			}
}

static int attachment_exists(xmlDocPtr doc, const char *id)
{
	xmlNodePtr at = ev_node(doc, "attachments", 0);
	return at && ev_find_attr(at, "attachment", "id", id) != NULL;
}

static void save_item(srv_req *r, xmlDocPtr doc, const tb_indicator *ind)
{
	const char *id = tb_indicator_id(ind);
	char name[160];
	const char *pt, *ex;
	xmlNodePtr it;
	size_t c;

	snprintf(name, sizeof name, "pt.%s", id);
	pt = req_field(r, name);
	snprintf(name, sizeof name, "ex.%s", id);
	ex = req_field(r, name);
	snprintf(name, sizeof name, "L.at.%s", id);
	if (!pt && !ex && !req_field(r, name))
		return;
	if (!(it = ev_item(doc, id, 1)))
		return;
	if (pt) {
		char *v = ev_clean(pt, 0);
		if (v)
			xmlSetProp(it, (const xmlChar *)"points", (const xmlChar *)v);
		free(v);
	}
	if (ex) {
		xmlNodePtr e = ev_child(it, "explanation");
		char *v = ev_clean(ex, 1);
		if (!e) {
			e = xmlNewNode(NULL, (const xmlChar *)"explanation");
			if (it->children)
				xmlAddPrevSibling(it->children, e);
			else
				xmlAddChild(it, e);
		}
		if (v)
			ev_set_text(e, v);
		free(v);
	}
	if (req_field(r, name)) {
		const char *vals[64];
		size_t n, i;
		tb_buf b = TB_BUF_INIT;
		snprintf(name, sizeof name, "at.%s", id);
		n = req_field_all(r, name, vals, 64);
		tb_buf_init(&b, 1 << 16);
		for (i = 0; i < n && i < 64; i++)
			if (attachment_exists(doc, vals[i]) && !strpbrk(vals[i], " \t\n")) {
				if (b.len)
					tb_buf_putc(&b, ' ');
				tb_buf_puts(&b, vals[i]);
			}
		xmlSetProp(it, (const xmlChar *)"attachments", (const xmlChar *)(b.data ? b.data : ""));
		tb_buf_free(&b);
	}
	for (c = 0; c < tb_indicator_criterion_count(ind); c++) {
		const char *cid = tb_indicator_criterion_id(ind, c), *v;
		snprintf(name, sizeof name, "cr.%s.%s", id, cid);
		if ((v = req_field(r, name)) != NULL)
			ev_item_criterion(it, cid, v);
	}
}

/* The program of an evidence document, loaded in the request's context. */
static const tb_program *doc_program(srv_req *r, xmlDocPtr doc)
{
	char *id = tb_xml_attr(xmlDocGetRootElement(doc), "program");
	const tb_program *p = NULL;
	if (id && tb_program_load(r->ctx, id, &p) != TB_OK)
		p = NULL;
	free(id);
	return p;
}

/* Apply the posted form to a loaded document. Fields not sent stay as they were; lists
 * change only when their marker (L.*) was sent. */
static void apply_form(srv_req *r, xmlDocPtr doc, const tb_program *p)
{
	fd_form form;
	size_t i;
	if (fd_build(p, &form) != 0)
		return;
	for (i = 0; i < form.n; i++) {
		const fd_field *f = &form.f[i];
		char name[300];
		const char *v;
		snprintf(name, sizeof name, "f:%s", f->path);
		v = req_field(r, name);
		switch (f->kind) {
		case FD_TARGETS:
			if (req_field(r, "L.targets"))
				save_targets(r, doc, p);
			break;
		case FD_AWARDS:
			if (req_field(r, "L.awards"))
				save_awards(r, doc);
			break;
		case FD_ATTACHMENTS:
			break;
		case FD_PARAS:
			if (v)
				ev_set_paras(doc, f->path, v);
			break;
		default:
			if (v)
				ev_set(doc, f->path, v, f->kind == FD_LONGTEXT);
			break;
		}
	}
	fd_free(&form);
	for (i = 0; i < tb_program_indicator_count(p); i++) {
		const tb_indicator *ind = tb_program_indicator_at(p, i);
		if (tb_indicator_child_count(ind) == 0)
			save_item(r, doc, ind);
	}
}

void page_save(srv_req *r)
{
	char *path = store_evidence_path(r->s, r->id), loc[64];
	pthread_mutex_t *lock = srv_lock_for(r->s, r->id);
	xmlDocPtr doc = NULL;
	const tb_program *p;
	tb_status st;

	pthread_mutex_lock(lock);
	st = path ? ev_load(r->ctx, path, &doc) : TB_ENOMEM;
	if (st == TB_OK && !(p = doc_program(r, doc)))
		st = TB_ERROR;
	if (st == TB_OK) {
		apply_form(r, doc, p);
		st = ev_save(r->ctx, doc, path);
	}
	pthread_mutex_unlock(lock);
	tb_xml_free(doc);
	free(path);
	if (st != TB_OK) {
		resp_diags(r, 500, _("The form could not be saved"), NULL);
		return;
	}
	store_mark_saved(r->s, r->id);
	if (req_header(r, "X-CSRF-Token")) {
		/* a script's save: a short answer instead of the page */
		tb_buf_reset(&r->out);
		tb_buf_puts(&r->out, "{\"saved\":true}\n");
		r->ctype = "application/json";
		r->status = 200;
		return;
	}
	snprintf(loc, sizeof loc, "/a/%s/?saved=1", r->id);
	resp_redirect(r, loc);
}

/* ---- supporting files ---- */

static const char *sniff(const char *path)
{
	unsigned char m[8] = {0};
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, m, sizeof m) : -1;
	if (fd >= 0)
		close(fd);
	if (n >= 5 && !memcmp(m, "%PDF-", 5))
		return "pdf";
	if (n >= 3 && m[0] == 0xFF && m[1] == 0xD8 && m[2] == 0xFF)
		return "jpg";
	if (n == 8 && !memcmp(m, "\x89PNG\r\n\x1a\n", 8))
		return "png";
	return NULL;
}

static void next_attachment_id(xmlDocPtr doc, char *out, size_t cap)
{
	xmlNodePtr at = ev_node(doc, "attachments", 0), a;
	unsigned long max = 0;
	for (a = at ? ev_child(at, "attachment") : NULL; a; a = ev_next(a, "attachment")) {
		char *id = tb_xml_attr(a, "id");
		if (id && id[0] == 'a' && id[1] >= '0' && id[1] <= '9') {
			unsigned long v = strtoul(id + 1, NULL, 10);
			if (v > max)
				max = v;
		}
		free(id);
	}
	do {
		snprintf(out, cap, "a%lu", ++max);
	} while (at && ev_find_attr(at, "attachment", "id", out));
}

/* Indicator ids as typed ("1.1.1, 1.2.3、2.1") to the form the evidence uses. */
static char *normalize_ids(const char *in)
{
	char *v = ev_clean(in ? in : "", 0), *out, *tok, *save = NULL;
	size_t len;
	if (!v)
		return NULL;
	len = strlen(v);
	if (!(out = calloc(1, len + 1))) {
		free(v);
		return NULL;
	}
	/* full-width separators to spaces */
	{
		char *p;
		while ((p = strstr(v, "、")) || (p = strstr(v, "，")) || (p = strstr(v, "；"))) {
			p[0] = ' ';
			memmove(p + 1, p + 3, strlen(p + 3) + 1);
		}
	}
	for (tok = strtok_r(v, " ,;", &save); tok; tok = strtok_r(NULL, " ,;", &save)) {
		if (*out)
			strcat(out, " ");
		strcat(out, tok);
	}
	free(v);
	return out;
}

void page_attach(srv_req *r)
{
	srv_file *f = req_file(r, "file");
	const char *ext;
	char *dir = NULL, *path = NULL, *files = NULL, *dest = NULL, *title = NULL, *sup = NULL;
	char aid[32], rel[64], hex[TB_DIGEST_HEX_MAX], loc[80];
	pthread_mutex_t *lock = srv_lock_for(r->s, r->id);
	xmlDocPtr doc = NULL;
	xmlNodePtr at, a;
	tb_status st = TB_OK;

	if (!f) {
		resp_error(r, 400, _("Choose a file to upload first."));
		return;
	}
	if (!(ext = sniff(f->tmp))) {
		resp_error(r, 415, _("Only PDF, JPEG and PNG files are accepted, and this file is none of them (whatever its name says)."));
		return;
	}
	close(f->fd);
	f->fd = -1;
	title = ev_clean(req_field(r, "title") ? req_field(r, "title") : "", 0);
	if (title && !*title) {
		free(title);
		title = ev_clean(tb_path_basename(f->filename), 0);
	}
	sup = normalize_ids(req_field(r, "supports"));
	dir = store_applicant_dir(r->s, r->id);
	path = store_evidence_path(r->s, r->id);
	files = dir ? tb_path_join(dir, "files") : NULL;
	if (!title || !sup || !dir || !path || !files) {
		st = TB_ENOMEM;
		goto done;
	}
	if (tb_digest_file(r->ctx, TB_SHA256, f->tmp, hex) != TB_OK || tb_mkdirs(r->ctx, files) != TB_OK) {
		st = TB_EIO;
		goto done;
	}
	pthread_mutex_lock(lock);
	if ((st = ev_load(r->ctx, path, &doc)) == TB_OK) {
		int k;
		next_attachment_id(doc, aid, sizeof aid);
		/* the server names the file: nothing the browser sent reaches the file system */
		for (k = 0; k < 100; k++) {
			if (k == 0)
				snprintf(rel, sizeof rel, "files/%s.%s", aid, ext);
			else
				snprintf(rel, sizeof rel, "files/%s-%d.%s", aid, k, ext);
			free(dest);
			dest = tb_path_join(dir, rel);
			if (dest && !tb_file_exists(dest))
				break;
		}
		if (!dest || rename(f->tmp, dest) != 0) {
			tb_error(r->ctx, "io.write", dest, 0, 0, NULL, N_("cannot write file: %s"), strerror(errno));
			st = TB_EIO;
		} else {
			int dfd = open(files, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			if (dfd >= 0) {
				fsync(dfd);
				close(dfd);
			}
			free(f->tmp);
			f->tmp = NULL;
			at = ev_node(doc, "attachments", 1);
			a = xmlNewChild(at, NULL, (const xmlChar *)"attachment", NULL);
			xmlSetProp(a, (const xmlChar *)"id", (const xmlChar *)aid);
			xmlSetProp(a, (const xmlChar *)"path", (const xmlChar *)rel);
			xmlSetProp(a, (const xmlChar *)"supports", (const xmlChar *)sup);
			xmlSetProp(a, (const xmlChar *)"sha256", (const xmlChar *)hex);
			xmlNewTextChild(a, NULL, (const xmlChar *)"title", (const xmlChar *)title);
			st = ev_save(r->ctx, doc, path);
		}
	}
	pthread_mutex_unlock(lock);
done:
	tb_xml_free(doc);
	free(dir);
	free(path);
	free(files);
	free(dest);
	free(title);
	free(sup);
	if (st != TB_OK) {
		resp_diags(r, 500, _("The file could not be added"), NULL);
		return;
	}
	snprintf(loc, sizeof loc, "/a/%s/?uploaded=1#f-attachments", r->id);
	resp_redirect(r, loc);
}

/* Remove id from a space-separated list in place. */
static void drop_token(char *list, const char *id)
{
	char *p = list;
	size_t n = strlen(id);
	while ((p = strstr(p, id)) != NULL) {
		if ((p == list || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' ')) {
			char *q = p + n;
			while (*q == ' ')
				q++;
			memmove(p, q, strlen(q) + 1);
		} else {
			p += n;
		}
	}
	n = strlen(list);
	while (n > 0 && list[n - 1] == ' ')
		list[--n] = '\0';
}

void page_detach(srv_req *r)
{
	const char *id = req_field(r, "id");
	char *dir = store_applicant_dir(r->s, r->id), *path = store_evidence_path(r->s, r->id), loc[80];
	pthread_mutex_t *lock = srv_lock_for(r->s, r->id);
	xmlDocPtr doc = NULL;
	xmlNodePtr at, a, sa, it;
	tb_status st = TB_OK;

	if (!id || !dir || !path) {
		free(dir);
		free(path);
		resp_error(r, 400, _("Which file?"));
		return;
	}
	pthread_mutex_lock(lock);
	if ((st = ev_load(r->ctx, path, &doc)) == TB_OK) {
		at = ev_node(doc, "attachments", 0);
		a = at ? ev_find_attr(at, "attachment", "id", id) : NULL;
		if (a) {
			char *rel = tb_xml_attr(a, "path"), *full = NULL;
			/* only files this server put there are deleted; others stay on disk */
			if (rel && !strncmp(rel, "files/", 6) && tb_path_confine(dir, rel, &full) == TB_PATH_OK)
				unlink(full);
			free(rel);
			free(full);
			xmlUnlinkNode(a);
			xmlFreeNode(a);
			sa = ev_node(doc, "self-assessment", 0);
			for (it = sa ? ev_child(sa, "item") : NULL; it; it = ev_next(it, "item")) {
				char *cited = tb_xml_attr(it, "attachments");
				if (cited) {
					drop_token(cited, id);
					xmlSetProp(it, (const xmlChar *)"attachments", (const xmlChar *)cited);
				}
				free(cited);
			}
			st = ev_save(r->ctx, doc, path);
		}
	}
	pthread_mutex_unlock(lock);
	tb_xml_free(doc);
	free(dir);
	free(path);
	if (st != TB_OK) {
		resp_diags(r, 500, _("The file could not be deleted"), NULL);
		return;
	}
	snprintf(loc, sizeof loc, "/a/%s/#f-attachments", r->id);
	resp_redirect(r, loc);
}

void page_attachment(srv_req *r)
{
	char *dir = store_applicant_dir(r->s, r->id), *path = store_evidence_path(r->s, r->id);
	char *end, *rel = NULL, *full = NULL;
	unsigned long want = strtoul(r->rest, &end, 10), i = 0;
	xmlDocPtr doc = NULL;
	xmlNodePtr at, a;
	const char *ctype = "application/octet-stream", *kind;

	if (*end || !*r->rest || !dir || !path || ev_load(r->ctx, path, &doc) != TB_OK) {
		resp_error(r, 404, _("The file is not there."));
		goto done;
	}
	at = ev_node(doc, "attachments", 0);
	for (a = at ? ev_child(at, "attachment") : NULL; a; a = ev_next(a, "attachment"), i++)
		if (i == want) {
			rel = tb_xml_attr(a, "path");
			break;
		}
	if (!rel || tb_path_check_relative(rel) != TB_PATH_OK || tb_path_confine(dir, rel, &full) != TB_PATH_OK) {
		resp_error(r, 404, _("The file is not there."));
		goto done;
	}
	kind = sniff(full);
	if (kind && !strcmp(kind, "pdf"))
		ctype = "application/pdf";
	else if (kind && !strcmp(kind, "jpg"))
		ctype = "image/jpeg";
	else if (kind && !strcmp(kind, "png"))
		ctype = "image/png";
	resp_file(r, full, ctype, kind ? NULL : "attachment.bin", 0);
done:
	tb_xml_free(doc);
	free(dir);
	free(path);
	free(rel);
	free(full);
}

void page_evidence_xml(srv_req *r)
{
	char *path = store_evidence_path(r->s, r->id);
	if (!path) {
		resp_error(r, 404, _("The file is not there."));
		return;
	}
	resp_file(r, path, "application/xml; charset=utf-8", "evidence.xml", 0);
	free(path);
}

/* ---- the package (previews: preview.c) ---- */

void page_package(srv_req *r)
{
	char name[32], *ev = store_evidence_path(r->s, r->id), *out;
	tb_status st;
	snprintf(name, sizeof name, "%s.zip", r->id);
	out = store_tmp_path(r->s, name);
	if (!ev || !out) {
		resp_error(r, 500, _("Out of memory."));
		free(ev);
		store_tmp_done(out);
		return;
	}
	{
		tb_ctx *h = srv_heavy_begin(r->s);
		st = h ? tb_pack_build(h, ev, out, NULL) : TB_ENOMEM;
		srv_heavy_end(r->s, h, r->ctx);
	}
	if (st != TB_OK) {
		char back[64];
		snprintf(back, sizeof back, "/a/%s/", r->id);
		tb_diag_sort(r->ctx);
		resp_diags(r, 422, _("The package cannot be made yet: correct these problems first"), back);
	} else {
		resp_file(r, out, "application/zip", name, 1);
	}
	free(ev);
	store_tmp_done(out);
}
