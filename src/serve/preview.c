/* preview.c: 附件2 and the self-assessment report as PDF, for the applicant to look at, kept
 * in a cache keyed by what they are made from, so a preview of unchanged evidence costs no
 * render.
 *
 * The key is the SHA-256 of the evidence's bytes, the kind, and the template's size and time
 * (a template replaced while the server runs is seen); the cache is emptied when the server
 * starts (fonts and programs are read once per process). A render is cached only if the
 * evidence file is still the one whose bytes were digested: saves replace the file (rename),
 * so the same inode, held open since it was read, means the render read those bytes. One
 * render per applicant and kind at a time: a second request waits for the first and is
 * served from the cache. */
#include <dirent.h>
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
#include "serve/serve.h"

#define EVIDENCE_MAX (64u << 20)

/* ---- one render per applicant and kind ---- */

static void flight_enter(srv *s, const char *key)
{
	size_t i;
	pthread_mutex_lock(&s->flight_lock);
	for (;;) {
		int busy = 0;
		for (i = 0; i < s->nflight; i++)
			busy |= !strcmp(s->flight[i], key);
		if (!busy && s->nflight < SRV_FLIGHTS)
			break;
		pthread_cond_wait(&s->flight_cond, &s->flight_lock);
	}
	snprintf(s->flight[s->nflight++], sizeof s->flight[0], "%s", key);
	pthread_mutex_unlock(&s->flight_lock);
}

static void flight_leave(srv *s, const char *key)
{
	size_t i;
	pthread_mutex_lock(&s->flight_lock);
	for (i = 0; i < s->nflight; i++)
		if (!strcmp(s->flight[i], key)) {
			memcpy(s->flight[i], s->flight[--s->nflight], sizeof s->flight[0]);
			break;
		}
	pthread_cond_broadcast(&s->flight_cond);
	pthread_mutex_unlock(&s->flight_lock);
}

/* ---- the cache folder ---- */

void preview_cache_clear(const srv *s)
{
	DIR *d = opendir(s->previews), *d2;
	struct dirent *e, *e2;
	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		char *sub;
		if (e->d_name[0] == '.' || !(sub = tb_path_join(s->previews, e->d_name)))
			continue;
		if ((d2 = opendir(sub)) != NULL) {
			while ((e2 = readdir(d2)) != NULL) {
				char *f = e2->d_name[0] != '.' ? tb_path_join(sub, e2->d_name) : NULL;
				if (f)
					unlink(f);
				free(f);
			}
			closedir(d2);
		}
		rmdir(sub);
		free(sub);
	}
	closedir(d);
}

/* Older previews of this applicant and kind: superseded by `keep`. */
static void drop_others(const char *dir, const char *kind, const char *keep)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t kl = strlen(kind);
	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		char *f;
		if (strncmp(e->d_name, kind, kl) || e->d_name[kl] != '-' || !strcmp(e->d_name, keep))
			continue;
		if ((f = tb_path_join(dir, e->d_name)) != NULL)
			unlink(f);
		free(f);
	}
	closedir(d);
}

/* ---- what a preview is made from ---- */

/* The program's template for the kind, or NULL. */
static const char *template_of(const tb_program *p, int report)
{
	const char *role = report ? "self-assessment" : "application-form";
	const char *t = p ? tb_program_template(p, role, "docx") : NULL;
	return t ? t : p ? tb_program_template(p, role, "odt") : NULL;
}

/* The cache key of evidence bytes for a kind: hex SHA-256 over the bytes, the kind and the
 * template's identity. The program is named by the evidence's root. */
static int cache_key(tb_ctx *ctx, const char *data, size_t len, int report, char key[TB_DIGEST_HEX_MAX])
{
	xmlDocPtr doc = NULL;
	char *prog_id = NULL;
	const tb_program *p = NULL;
	const char *tpl = NULL;
	struct stat st;
	size_t mark = tb_diag_count(ctx);
	tb_buf b = TB_BUF_INIT;
	int ok = 0;

	if (tb_digest_mem(TB_SHA256, data, len, key) != TB_OK)
		return 0;
	if (tb_xml_read(ctx, "evidence.xml", data, len, TB_XML_QUIET, &doc) == TB_OK && doc)
		prog_id = tb_xml_attr(xmlDocGetRootElement(doc), "program");
	if (prog_id && tb_program_load(ctx, prog_id, &p) == TB_OK)
		tpl = template_of(p, report);
	tb_diag_truncate(ctx, mark);
	memset(&st, 0, sizeof st);
	if (tpl)
		stat(tpl, &st);
	tb_buf_init(&b, 1 << 16);
	if (tb_buf_printf(&b, "%s\n%s\n%s\n%s\n%lld\n%lld.%09ld\n", key, report ? "report" : "form",
	                  prog_id ? prog_id : "", tpl ? tpl : "", (long long)st.st_size,
	                  (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec) == TB_OK)
		ok = tb_digest_mem(TB_SHA256, b.data, b.len, key) == TB_OK;
	tb_buf_free(&b);
	free(prog_id);
	tb_xml_free(doc);
	return ok;
}

static tb_status render(tb_ctx *h, const char *ev, const char *out, int report)
{
	tb_evidence_options eo = TB_EVIDENCE_OPTIONS_INIT;
	tb_evidence *e = NULL;
	tb_status st = TB_ERROR;

	eo.check_attachments = 0;
	/* a draft's problems are on its form; a preview is still made (not out of memory) */
	if (tb_evidence_load(h, ev, &eo, &e) == TB_ENOMEM) {
		tb_evidence_free(e);
		return TB_ENOMEM;
	}
	tb_diag_clear(h);
	if (report) {
		tb_score *sc = NULL;
		if (e && tb_evidence_program(e) && tb_score_compute(h, e, NULL, &sc) == TB_OK) {
			tb_diag_clear(h);
			st = tb_report_write_file(h, sc, out, NULL);
		}
		tb_score_free(sc);
	} else {
		tb_fill_options fo = TB_FILL_OPTIONS_INIT;
		const char *tpl = e ? template_of(tb_evidence_program(e), 0) : NULL;
		fo.validate = 0; /* as the package does: the same bytes */
		if (tpl)
			st = tb_fill_render_file(h, tpl, ev, out, &fo, NULL);
		else
			tb_error(h, "serve.template", NULL, 0, 0,
			         N_("the program's data names no application-form template; the package has the evidence and report only"),
			         N_("this program has no application form to preview"));
	}
	tb_evidence_free(e);
	return st;
}

void page_preview(srv_req *r)
{
	int report = !strcmp(r->rest, "report.pdf") || strstr(r->url, "report.pdf") != NULL;
	const char *kind = report ? "report" : "form";
	char *ev = store_evidence_path(r->s, r->id), *dir = NULL, *cached = NULL, *out = NULL;
	char key[TB_DIGEST_HEX_MAX], name[TB_DIGEST_HEX_MAX + 16], flight[SRV_FLIGHT_KEY];
	char *data = NULL;
	size_t len = 0;
	struct stat before, after;
	int fd = -1, keyed = 0, entered = 0;
	tb_status st;
	tb_ctx *h;

	if (!ev || !(dir = tb_path_join(r->s->previews, r->id))) {
		resp_error(r, 500, _("Out of memory."));
		goto done;
	}
	snprintf(flight, sizeof flight, "%s/%s", r->id, kind);
	flight_enter(r->s, flight);
	entered = 1;
	/* the bytes of the evidence as it is now, from a descriptor kept open (see the top) */
	if ((fd = open(ev, O_RDONLY | O_CLOEXEC)) >= 0 && fstat(fd, &before) == 0 &&
	    before.st_size >= 0 && (uint64_t)before.st_size <= EVIDENCE_MAX &&
	    (data = malloc((size_t)before.st_size + 1)) != NULL) {
		ssize_t got;
		while (len < (size_t)before.st_size &&
		       (got = read(fd, data + len, (size_t)before.st_size - len)) > 0)
			len += (size_t)got;
		keyed = len == (size_t)before.st_size && cache_key(r->ctx, data, len, report, key);
	}
	if (keyed) {
		snprintf(name, sizeof name, "%s-%s.pdf", kind, key);
		if (!(cached = tb_path_join(dir, name))) {
			resp_error(r, 500, _("Out of memory."));
			goto done;
		}
		if (tb_file_exists(cached)) {
			resp_file(r, cached, "application/pdf", NULL, 0);
			resp_header(r, "X-Tianbiao-Preview: cached");
			goto done;
		}
	}
	if (!(out = store_tmp_path(r->s, "preview.pdf"))) {
		resp_error(r, 500, _("Out of memory."));
		goto done;
	}
	h = srv_heavy_begin(r->s);
	st = h ? render(h, ev, out, report) : TB_ENOMEM;
	srv_heavy_end(r->s, h, r->ctx);
	if (st != TB_OK) {
		char back[64];
		snprintf(back, sizeof back, "/a/%s/", r->id);
		resp_diags(r, 422, _("The preview cannot be made"), back);
		goto done;
	}
	if (keyed && stat(ev, &after) == 0 && after.st_ino == before.st_ino &&
	    after.st_dev == before.st_dev && (mkdir(r->s->previews, 0700) == 0 || errno == EEXIST) &&
	    (mkdir(dir, 0700) == 0 || errno == EEXIST) && rename(out, cached) == 0) {
		drop_others(dir, kind, name);
		resp_file(r, cached, "application/pdf", NULL, 0);
	} else {
		resp_file(r, out, "application/pdf", NULL, 1); /* saved meanwhile: not cached */
	}
	resp_header(r, "X-Tianbiao-Preview: made");
done:
	if (fd >= 0)
		close(fd);
	if (entered)
		flight_leave(r->s, flight);
	free(data);
	free(ev);
	free(dir);
	free(cached);
	store_tmp_done(out);
}
