/* page_intake.c: the office takes in its applicants' submission packages (the ZIPs `tianbiao
 * build` makes). A package is taken in only if it verifies (tb_pack_verify: every file
 * against manifest and checksums); it is then unpacked as an applicant folder, evidence.xml
 * at its top and each attachment beside it under its packaged name, as the package's
 * evidence/ folder holds them (`build` writes that folder's evidence.xml with those names, so
 * the folder is evidence as it stands: docs/packaging.md, "Handoff"), and loaded once more
 * with its attachments checked. So the office's list, its
 * ranking, `tianbiao batch DATA/applicants` and the applicant's own form (with a private link
 * from the office) treat it like any other applicant. The ZIP itself is kept in
 * DATA/.serve/intake/. A later package of the same applicant (same name) replaces the one
 * taken in before. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ctx.h"
#include "core/file.h"
#include "core/i18n.h"
#include "core/xml.h"
#include "core/zipread.h"
#include "serve/evedit.h"
#include "serve/serve.h"

#define INTAKE_MAX_FILES 2000

typedef struct intake_result {
	const char *filename;
	char id[16];
	int replaced;
	char *applicant;
	char *problems; /* the diagnostics, as text, when refused */
} intake_result;

static char *diag_text(tb_ctx *ctx, size_t from)
{
	tb_buf b = TB_BUF_INIT;
	size_t i;
	tb_buf_init(&b, 1 << 20);
	for (i = from; i < tb_diag_count(ctx) && i < from + 40; i++) {
		const tb_diag *d = tb_diag_get(ctx, i);
		if (d->severity == TB_SEV_NOTE)
			continue;
		if (b.len)
			tb_buf_putc(&b, '\n');
		tb_buf_printf(&b, "%s [%s]", d->message, d->code);
		if (d->hint && !strstr(d->hint, "tianbiao "))
			tb_buf_printf(&b, " — %s", d->hint);
	}
	return b.data ? tb_buf_detach(&b, NULL) : strdup("");
}

/* Unpack the verified package `zip` into `dir` as an applicant folder; *applicant is the
 * applicant's name from its manifest. */
static tb_status unpack(tb_ctx *ctx, const char *label, const char *zip, const char *dir,
                        char **applicant)
{
	tb_zipr *z = NULL;
	char *top = NULL, *man = NULL, *data = NULL, name[1024];
	size_t len = 0, nfiles = 0;
	xmlDocPtr doc = NULL;
	xmlNodePtr root, files, f;
	tb_status st;
	int have_evidence = 0;

	if ((st = tb_zipr_open_file(ctx, zip, NULL, &z)) != TB_OK)
		return st;
	if (tb_zipr_count(z) > 0) {
		const char *n0 = tb_zipr_name(z, 0), *slash = strchr(n0, '/');
		if (slash && (top = strndup(n0, (size_t)(slash - n0))) == NULL)
			st = TB_ENOMEM;
	}
	if (st == TB_OK && top)
		snprintf(name, sizeof name, "%s/manifest.xml", top);
	if (st == TB_OK && (!top || tb_zipr_find(z, name) < 0)) {
		tb_error(ctx, "serve.package", label, 0, 0,
		         N_("take in the .zip that 'build' made for one applicant; batches and bundles are not taken in here"),
		         N_("this is not a submission package (it has no manifest.xml in a top folder)"));
		st = TB_ERROR;
	}
	if (st == TB_OK && (st = tb_zipr_read_name(z, name, &man, &len)) == TB_OK)
		st = tb_xml_read(ctx, label, man, len, 0, &doc);
	root = doc ? xmlDocGetRootElement(doc) : NULL;
	files = root ? ev_child(root, "files") : NULL;
	if (st == TB_OK && root && !(*applicant = tb_xml_child_text(root, "applicant")) &&
	    !(*applicant = strdup("")))
		st = TB_ENOMEM;
	for (f = files ? files->children : NULL; st == TB_OK && f; f = f->next) {
		char *role, *path, *dest = NULL, *ddir = NULL;
		if (f->type != XML_ELEMENT_NODE || strcmp((const char *)f->name, "file"))
			continue;
		role = tb_xml_attr(f, "role");
		path = tb_xml_attr(f, "path");
		if (role && path && (!strcmp(role, "evidence") || !strcmp(role, "attachment"))) {
			/* the place in the applicant's folder: the path under the package's evidence/ */
			const char *rel = !strncmp(path, "evidence/", 9) ? path + 9 : NULL;
			if (!rel ||
			    (!strcmp(role, "evidence") && strcmp(rel, "evidence.xml")) || tb_path_check_relative(rel) != TB_PATH_OK || rel[0] == '.' ||
			    (!strcmp(role, "attachment") && !strcmp(rel, "evidence.xml")) ||
			    ++nfiles > INTAKE_MAX_FILES) {
				tb_error(ctx, "serve.package", label, 0, 0, NULL,
				         N_("the manifest names an attachment's place in the applicant's folder that cannot be used: \"%s\""),
				         rel ? rel : "");
				st = TB_ERROR;
			} else {
				snprintf(name, sizeof name, "%s/%s", top, path);
				free(data);
				data = NULL;
				st = tb_zipr_read_name(z, name, &data, &len);
				if (st == TB_OK && !(dest = tb_path_join(dir, rel)))
					st = TB_ENOMEM;
				if (st == TB_OK && (ddir = tb_path_dirname(dest)) != NULL)
					st = tb_mkdirs(ctx, ddir);
				if (st == TB_OK)
					st = tb_file_write_atomic(ctx, dest, data, len);
				have_evidence |= !strcmp(role, "evidence");
			}
		}
		free(dest);
		free(ddir);
		free(role);
		free(path);
	}
	if (st == TB_OK && !have_evidence) {
		tb_error(ctx, "serve.package", label, 0, 0, NULL,
		         N_("the package holds no evidence.xml"));
		st = TB_ERROR;
	}
	tb_xml_free(doc);
	tb_zipr_close(z);
	free(top);
	free(man);
	free(data);
	return st;
}

static void intake_one(srv_req *r, srv_file *f, intake_result *res)
{
	tb_ctx *h;
	tb_status st;
	size_t mark = tb_diag_count(r->ctx);
	char *staging = NULL, *ev = NULL, replace[16];
	tb_evidence *e = NULL;
	int year = 0;

	res->filename = f->filename && *f->filename ? f->filename : "package.zip";
	/* every digest, in a render slot: a package can be large */
	h = srv_heavy_begin(r->s);
	st = h ? tb_pack_verify(h, f->tmp, NULL) : TB_ENOMEM;
	if (h)
		tb_diag_rename_file(h, 0, f->tmp, res->filename);
	srv_heavy_end(r->s, h, r->ctx);
	if (st == TB_OK && !(staging = store_staging_dir(r->ctx, r->s)))
		st = TB_EIO;
	if (st == TB_OK)
		st = unpack(r->ctx, res->filename, f->tmp, staging, &res->applicant);
	if (st == TB_OK && !(ev = tb_path_join(staging, "evidence.xml")))
		st = TB_ENOMEM;
	if (st == TB_OK) {
		size_t before = tb_diag_count(r->ctx), k, errors = 0;
		/* attachments checked against their digests; every finding counts, below */
		tb_status lst = tb_evidence_load(r->ctx, ev, NULL, &e);
		tb_diag_rename_file(r->ctx, before, ev, res->filename);
		for (k = before; k < tb_diag_count(r->ctx); k++)
			errors += tb_diag_get(r->ctx, k)->severity == TB_SEV_ERROR;
		if (!e || errors)
			st = lst == TB_ENOMEM ? TB_ENOMEM : TB_ERROR;
		else
			year = tb_evidence_program(e) ? tb_program_year(tb_evidence_program(e)) : 0;
	}
	tb_evidence_free(e);
	if (st == TB_OK) {
		store_intake_find(r->ctx, r->s, res->applicant, replace);
		st = store_install(r->ctx, r->s, staging, year, replace[0] ? replace : NULL, res->id);
		res->replaced = st == TB_OK && replace[0];
	}
	if (st == TB_OK) {
		st = store_intake_record(r->ctx, r->s, res->id, f->tmp, res->applicant, res->filename);
		store_mark_saved(r->s, res->id); /* complete as it comes: its problems are shown */
	}
	if (st != TB_OK) {
		res->id[0] = '\0';
		res->problems = diag_text(r->ctx, mark);
		if (!*res->problems) {
			free(res->problems);
			res->problems = strdup(_("The package could not be taken in."));
		}
		if (staging)
			store_remove_tree(staging, 0);
	}
	tb_diag_truncate(r->ctx, mark);
	free(staging);
	free(ev);
}

void page_intake(srv_req *r)
{
	intake_result res[SRV_MAX_FILES];
	size_t n = 0, i, taken = 0;
	tb_buf b = TB_BUF_INIT;

	memset(res, 0, sizeof res);
	for (i = 0; i < r->nfiles && n < SRV_MAX_FILES; i++)
		if (!strcmp(r->files[i].field, "package") && r->files[i].size > 0)
			intake_one(r, &r->files[i], &res[n++]);
	tb_buf_init(&b, SRV_HTML_MAX);
	if (n == 0)
		h_fmt(&b, "<p class=\"notice error\">%s</p>", _("Choose one or more .zip packages first."));
	h_fmt(&b, "<section class=\"part\"><table class=\"list\" id=\"intake\"><thead><tr><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
	      _("Package"), _("Applicant"), _("Result"));
	for (i = 0; i < n; i++) {
		h_raw(&b, "<tr><td>");
		h_text(&b, res[i].filename);
		h_raw(&b, "</td><td>");
		h_text(&b, res[i].applicant ? res[i].applicant : "");
		if (res[i].id[0]) {
			taken++;
			h_fmt(&b, "</td><td class=\"taken\"><span class=\"badge ok\">%s</span> <a href=\"/office/#row-%s\">%s</a>",
			      res[i].replaced ? _("replaces the earlier package") : _("taken in"), res[i].id, res[i].id);
		} else {
			h_fmt(&b, "</td><td class=\"refused\"><span class=\"badge bad\">%s</span><pre>", _("refused"));
			h_text(&b, res[i].problems);
			h_raw(&b, "</pre>");
		}
		h_raw(&b, "</td></tr>");
		free(res[i].applicant);
		free(res[i].problems);
	}
	h_fmt(&b, "</tbody></table><p>");
	h_fmt(&b, _("%zu of %zu packages taken in."), taken, n);
	h_fmt(&b, " <a href=\"/office/\">%s</a></p></section>", _("Back to the applicants"));
	page_send(r, _("Packages taken in"), &b);
	tb_buf_free(&b);
	if (n && taken < n)
		r->status = 422;
}
