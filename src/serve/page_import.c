/* page_import.c: applicants' basic data from an XLSX or CSV sheet, one row per applicant,
 * the first row naming the columns like the form's labels (in Chinese or English, or by the
 * field's path), each row becoming a draft with its own private link. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ctx.h"
#include "core/file.h"
#include "core/i18n.h"
#include "core/xml.h"
#include "serve/evedit.h"
#include "serve/formdef.h"
#include "serve/serve.h"
#include "sheet/table.h"

/* Header text without marks people add: "*", "（必填）", "(required)", spaces, a trailing
 * colon. */
static void norm(const char *in, char *out, size_t cap)
{
	static const char *drop[] = {"*", "（必填）", "(必填)", "(required)", "：", ":", " ", "\xE3\x80\x80"};
	size_t i;
	snprintf(out, cap, "%s", in);
	for (i = 0; i < sizeof drop / sizeof drop[0]; i++) {
		char *p;
		while ((p = strstr(out, drop[i])) != NULL)
			memmove(p, p + strlen(drop[i]), strlen(p + strlen(drop[i])) + 1);
	}
}

typedef struct column {
	const fd_field *f; /* NULL: not a field */
	int kind;          /* 1: targets, 2: recommender kind */
} column;

static const fd_field *match(fd_form *forms, size_t nforms, const char *head, size_t *which)
{
	char h[256], l[256];
	size_t k, i;
	norm(head, h, sizeof h);
	if (!*h)
		return NULL;
	for (k = 0; k < nforms; k++)
		for (i = 0; i < forms[k].n; i++) {
			norm(forms[k].f[i].label ? forms[k].f[i].label : "", l, sizeof l);
			if (!strcmp(h, l) || !strcmp(head, forms[k].f[i].path)) {
				*which = i;
				return &forms[k].f[i];
			}
		}
	return NULL;
}

/* Service targets written as labels or ids, separated by 、 ， , ; or spaces. */
static void set_targets(xmlDocPtr doc, const tb_program *p, const char *cell)
{
	xmlNodePtr st = ev_node(doc, "service-targets", 1);
	size_t i;
	if (!st)
		return;
	ev_remove_children(st, "target");
	for (i = 0; i < tb_program_target_count(p); i++) {
		const char *id = tb_program_target_id(p, i), *label = tb_program_target_label(p, i);
		if ((label && strstr(cell, label)) || strstr(cell, id)) {
			xmlNodePtr t = xmlNewChild(st, NULL, (const xmlChar *)"target", NULL);
			xmlSetProp(t, (const xmlChar *)"ref", (const xmlChar *)id);
		}
	}
}

static const char *kind_of(const tb_program *p, const char *cell)
{
	size_t i;
	for (i = 0; i < tb_program_quota_count(p); i++)
		if (!strcmp(cell, tb_program_quota_kind(p, i)) ||
		    (tb_program_quota_label(p, i) && !strcmp(cell, tb_program_quota_label(p, i))))
			return tb_program_quota_kind(p, i);
	return cell;
}

void page_import(srv_req *r)
{
	srv_file *file = req_file(r, "sheet");
	const char *program = req_field(r, "program");
	const tb_program *p = NULL;
	tb_table *t = NULL;
	fd_form forms[2] = {{NULL, 0}, {NULL, 0}};
	column *cols = NULL;
	size_t ncols, row, c, created = 0;
	tb_buf b = TB_BUF_INIT;
	const char *host = req_header(r, MHD_HTTP_HEADER_HOST);

	if (!file) {
		resp_error(r, 400, _("Choose a sheet (.xlsx or .csv) to import."));
		return;
	}
	if (!program || tb_program_load(r->ctx, program, &p) != TB_OK) {
		resp_diags(r, 400, _("This program is not installed"), "/office/");
		return;
	}
	if (tb_table_read(r->ctx, file->tmp, &t) != TB_OK) {
		resp_diags(r, 400, _("The sheet cannot be read"), "/office/");
		return;
	}
	/* labels in both languages match */
	tb_i18n_set_thread_language("zh_CN");
	fd_build(p, &forms[0]);
	tb_i18n_set_thread_language("en");
	fd_build(p, &forms[1]);
	tb_i18n_set_thread_language(r->lang);
	ncols = tb_table_cols(t, 0);
	cols = calloc(ncols + 1, sizeof *cols);
	tb_buf_init(&b, SRV_HTML_MAX);
	if (!cols || tb_table_rows(t) < 2 || ncols == 0) {
		resp_error(r, 400, _("The sheet needs a first row naming the columns and one row per applicant."));
		goto done;
	}
	h_raw(&b, "<section class=\"card\">");
	for (c = 0; c < ncols; c++) {
		size_t which;
		const char *head = tb_table_cell(t, 0, c);
		const fd_field *f = match(forms, 2, head, &which);
		if (f) {
			cols[c].f = &forms[0].f[which];
			cols[c].kind = f->kind == FD_TARGETS ? 1 : f->kind == FD_KIND ? 2 : 0;
		}
		if (!f || f->kind == FD_AWARDS || f->kind == FD_ATTACHMENTS) {
			cols[c].f = NULL;
			if (*head) {
				h_raw(&b, "<p class=\"notice warning\">");
				h_text(&b, _("Left out (not a field of the form):"));
				h_raw(&b, " ");
				h_text(&b, head);
				h_raw(&b, "</p>");
			}
		}
	}
	h_fmt(&b, "<table class=\"list\" id=\"imported\"><thead><tr><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
	      _("No."), _("Applicant"), _("Private link"));
	for (row = 1; row < tb_table_rows(t); row++) {
		char id[16], key[65], *path = NULL;
		xmlDocPtr doc = NULL;
		int any = 0;
		for (c = 0; c < ncols; c++)
			any |= cols[c].f && *tb_table_cell(t, row, c);
		if (!any)
			continue;
		if (store_create(r->ctx, r->s, program, id) != TB_OK ||
		    auth_applicant_new_key(r->ctx, r->s, id, key) != TB_OK || !(path = store_evidence_path(r->s, id)) ||
		    ev_load(r->ctx, path, &doc) != TB_OK) {
			free(path);
			break;
		}
		for (c = 0; c < ncols; c++) {
			const char *v = tb_table_cell(t, row, c);
			if (!cols[c].f || !*v)
				continue;
			if (cols[c].kind == 1)
				set_targets(doc, p, v);
			else if (cols[c].kind == 2)
				ev_set(doc, cols[c].f->path, kind_of(p, v), 0);
			else if (cols[c].f->kind == FD_PARAS)
				ev_set_paras(doc, cols[c].f->path, v);
			else
				ev_set(doc, cols[c].f->path, v, cols[c].f->kind == FD_LONGTEXT);
		}
		if (ev_save(r->ctx, doc, path) == TB_OK) {
			char *name = ev_get(doc, "applicant/name");
			created++;
			h_fmt(&b, "<tr><td><a href=\"/a/%s/\">%s</a></td><td>", id, id);
			h_text(&b, name);
			h_fmt(&b, "</td><td><code>http://%s/a/%s/?key=%s</code></td></tr>",
			      host && !strpbrk(host, "<>\"&") ? host : "127.0.0.1", id, key);
			free(name);
		}
		tb_xml_free(doc);
		free(path);
	}
	h_raw(&b, "</tbody></table>");
	h_fmt(&b, "<p class=\"help\">%s</p>", _("Give each applicant its own link only: it opens that application and no other. The links are shown only now; 'New private link' on the office page makes another."));
	h_fmt(&b, "<p><a class=\"button\" href=\"/office/\">%s</a></p></section>", _("Back to the applicants"));
	if (tb_diag_count_severity(r->ctx, TB_SEV_ERROR) > 0 && created == 0) {
		resp_diags(r, 500, _("The applicants could not be created"), "/office/");
		goto done;
	}
	{
		char title[128];
		snprintf(title, sizeof title, _("%zu applicants imported"), created);
		page_send(r, title, &b);
	}
done:
	tb_buf_free(&b);
	free(cols);
	fd_free(&forms[0]);
	fd_free(&forms[1]);
	tb_table_free(t);
}
