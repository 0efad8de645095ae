/* page_office.c: the office: sign in, its applicants with validity, points and rank within
 * the quota (the library's ranking, tb_rank_dir), new private links, and the lists as XLSX. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/ctx.h"
#include "core/file.h"
#include "core/i18n.h"
#include "core/xml.h"
#include "serve/evedit.h"
#include "sheet/sheet.h"
#include "serve/office.h"

const char *office_kind_label(const tb_program *p, const char *kind)
{
	size_t i;
	for (i = 0; p && kind && i < tb_program_quota_count(p); i++)
		if (!strcmp(tb_program_quota_kind(p, i), kind))
			return tb_program_quota_label(p, i);
	return kind ? kind : "";
}

static char *dup0(const char *s) { return strdup(s ? s : ""); }

static char *diags_text(tb_ctx *ctx)
{
	tb_buf b = TB_BUF_INIT;
	size_t i;
	tb_buf_init(&b, 1 << 20);
	for (i = 0; i < tb_diag_count(ctx) && i < 50; i++) {
		const tb_diag *d = tb_diag_get(ctx, i);
		if (b.len)
			tb_buf_putc(&b, '\n');
		tb_buf_puts(&b, d->message);
	}
	return b.data ? tb_buf_detach(&b, NULL) : strdup("");
}

tb_status office_list_load(srv_req *r, office_list *l)
{
	char **ids = NULL;
	size_t n = 0, i, j;
	tb_rank *rk = NULL;
	tb_status st;

	memset(l, 0, sizeof *l);
	if ((st = store_list(r->ctx, r->s, &ids, &n)) != TB_OK)
		return st;
	if (n && !(l->rows = calloc(n, sizeof *l->rows))) {
		tb_strv_free(ids, n);
		return TB_ENOMEM;
	}
	for (i = 0; i < n; i++) {
		office_row *row = &l->rows[l->n++];
		char *path = store_evidence_path(r->s, ids[i]);
		tb_evidence *e = NULL;
		tb_score *sc = NULL;
		size_t mark = tb_diag_count(r->ctx);
		snprintf(row->id, sizeof row->id, "%s", ids[i]);
		tb_status lst = path ? tb_evidence_load(r->ctx, path, NULL, &e) : TB_ENOMEM;
		row->errors = 0;
		for (j = mark; j < tb_diag_count(r->ctx); j++) {
			const tb_diag *d = tb_diag_get(r->ctx, j);
			row->errors += d->severity == TB_SEV_ERROR;
			row->warnings += d->severity == TB_SEV_WARNING;
		}
		if (lst != TB_OK && !row->errors)
			row->errors = 1; /* not read and nothing said why (out of memory): not ready */
		if (e) {
			row->name = dup0(tb_evidence_applicant(e));
			row->recommender = dup0(tb_evidence_recommender(e));
			row->kind = dup0(office_kind_label(tb_evidence_program(e), tb_evidence_recommender_kind(e)));
			if (!l->prog)
				l->prog = tb_evidence_program(e);
			for (j = 0; j < tb_evidence_claim_count(e); j++)
				if (tb_evidence_claim_points(e, j) > 0)
					row->claimed += tb_evidence_claim_points(e, j);
			if (tb_evidence_program(e) && tb_score_compute(r->ctx, e, NULL, &sc) == TB_OK) {
				row->counted = tb_score_total(sc);
				row->scored = 1;
			}
		} else {
			row->name = dup0(NULL);
			row->recommender = dup0(NULL);
			row->kind = dup0(NULL);
			if (!row->errors)
				row->errors = 1;
		}
		tb_score_free(sc);
		tb_evidence_free(e);
		free(path);
		tb_diag_truncate(r->ctx, mark);
	}
	tb_strv_free(ids, n);
	if (n > 0) {
		size_t mark = tb_diag_count(r->ctx);
		if (tb_rank_dir(r->ctx, r->s->applicants, NULL, &rk) == TB_OK && rk) {
			l->ranked = 1;
			l->quota = tb_rank_quota(rk);
			for (i = 0; i < tb_rank_count(rk); i++) {
				const char *p = tb_rank_path(rk, i);
				for (j = 0; j < l->n; j++) {
					char want[64];
					snprintf(want, sizeof want, "/%s/evidence.xml", l->rows[j].id);
					if (p && strlen(p) >= strlen(want) && !strcmp(p + strlen(p) - strlen(want), want)) {
						l->rows[j].ranked = 1;
						l->rows[j].rank = tb_rank_position(rk, i);
						l->rows[j].within = tb_rank_within_quota(rk, i);
						l->rows[j].disqualified = tb_rank_disqualified(rk, i);
					}
				}
			}
			l->rank = rk;
			rk = NULL;
		} else {
			l->rank_problem = diags_text(r->ctx);
		}
		tb_rank_free(rk);
		tb_diag_truncate(r->ctx, mark);
	}
	tb_diag_clear(r->ctx);
	return TB_OK;
}

void office_list_free(office_list *l)
{
	size_t i;
	for (i = 0; i < l->n; i++) {
		free(l->rows[i].name);
		free(l->rows[i].recommender);
		free(l->rows[i].kind);
	}
	free(l->rows);
	free(l->rank_problem);
	tb_rank_free(l->rank);
	memset(l, 0, sizeof *l);
}

static void login_page(srv_req *r, int failed)
{
	tb_buf b = TB_BUF_INIT;
	tb_buf_init(&b, 1 << 16);
	if (failed)
		h_fmt(&b, "<p class=\"notice error\">%s</p>", _("Wrong password."));
	h_raw(&b, "<section class=\"card narrow\"><form method=\"post\" action=\"/office/login\">");
	h_csrf(r, &b);
	h_fmt(&b, "<label>%s <input type=\"password\" name=\"password\" autocomplete=\"current-password\" autofocus></label>",
	      _("Office password"));
	h_fmt(&b, "<button class=\"primary\">%s</button></form><p class=\"help\">%s</p></section>", _("Sign in"),
	      _("The password is in the file given to 'tianbiao serve --password-file', or was printed when the server started."));
	page_send(r, _("Office sign-in"), &b);
	tb_buf_free(&b);
	if (failed)
		r->status = 403;
}

void page_office_login(srv_req *r)
{
	char cookie[128];
	if (!auth_office_password(r->s, req_field(r, "password"))) {
		login_page(r, 1);
		return;
	}
	auth_office_cookie(r->s, cookie, sizeof cookie);
	resp_header(r, "Set-Cookie: tb_office=%s; Path=/; HttpOnly; SameSite=Strict", cookie);
	resp_redirect(r, "/office/");
}

void page_office_logout(srv_req *r)
{
	resp_header(r, "Set-Cookie: tb_office=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
	resp_redirect(r, "/");
}

void page_office_link(srv_req *r)
{
	char key[65], *ev = store_evidence_path(r->s, r->id);
	tb_buf b = TB_BUF_INIT;
	const char *host = req_header(r, MHD_HTTP_HEADER_HOST);
	if (!ev || !tb_file_exists(ev)) {
		free(ev);
		resp_error(r, 404, _("There is no such applicant."));
		return;
	}
	free(ev);
	if (auth_applicant_new_key(r->ctx, r->s, r->id, key) != TB_OK) {
		resp_diags(r, 500, _("No new link could be made"), "/office/");
		return;
	}
	tb_buf_init(&b, 1 << 16);
	h_fmt(&b, "<section class=\"notice\"><p>%s</p><p class=\"link\"><code>http://%s/a/%s/?key=%s</code></p>",
	      _("The applicant's new private link (the old one no longer works). Give it to the applicant only."),
	      host && !strpbrk(host, "<>\"&") ? host : "127.0.0.1", r->id, key);
	h_fmt(&b, "<p><a href=\"/office/\">%s</a></p></section>", _("Back to the applicants"));
	page_send(r, _("New private link"), &b);
	tb_buf_free(&b);
}

static void tools(srv_req *r, const office_list *l, tb_buf *b)
{
	char **ids = NULL;
	size_t n = 0, i;
	h_raw(b, "<div class=\"cards\"><section class=\"card\"><h2>");
	h_text(b, _("Import applicants"));
	h_fmt(b, "</h2><p class=\"help\">%s</p>",
	      _("An .xlsx or .csv sheet, one row per applicant, the first row naming the columns like the form's labels (申报单位, 推荐单位, 联系人姓名, ...)."));
	h_raw(b, "<form method=\"post\" action=\"/office/import\" enctype=\"multipart/form-data\">");
	h_csrf(r, b);
	h_fmt(b, "<label>%s <input type=\"file\" name=\"sheet\" accept=\".xlsx,.csv\"></label>", _("Sheet"));
	h_fmt(b, "<label>%s <select name=\"program\">", _("Program"));
	if (tb_program_list(r->ctx, &ids, &n) != TB_OK)
		n = 0; /* no list (reported): an empty choice */
	{
		char *def = store_default_program(r->ctx, r->s);
		for (i = 0; i < n; i++) {
			h_raw(b, "<option value=\"");
			h_text(b, ids[i]);
			h_fmt(b, "\"%s>", def && !strcmp(def, ids[i]) ? " selected" : "");
			h_text(b, ids[i]);
			h_raw(b, "</option>");
		}
		free(def);
	}
	tb_strv_free(ids, n);
	h_fmt(b, "</select></label><button>%s</button></form></section>", _("Import"));
	h_raw(b, "<section class=\"card\"><h2>");
	h_text(b, _("Take in packages"));
	h_fmt(b, "</h2><p class=\"help\">%s</p>",
	      _("Submission packages (.zip) that applicants made with 'tianbiao build' or downloaded here. Each is verified, then listed as an applicant; a newer package of the same applicant replaces the earlier one."));
	h_raw(b, "<form method=\"post\" action=\"/office/intake\" enctype=\"multipart/form-data\">");
	h_csrf(r, b);
	h_fmt(b, "<label>%s <input type=\"file\" name=\"package\" accept=\".zip\" multiple></label>", _("Packages"));
	h_fmt(b, "<button>%s</button></form></section>", _("Take in"));
	h_raw(b, "<section class=\"card\"><h2>");
	h_text(b, _("Batch and lists"));
	h_fmt(b, "</h2><p><a class=\"button primary\" href=\"/office/batch\">%s</a></p>", _("Build the batch"));
	h_fmt(b, "<p><a class=\"button\" href=\"/office/export/applicants.xlsx\">%s</a> ", _("Applicants (XLSX)"));
	h_fmt(b, "<a class=\"button\" href=\"/office/export/ranking.xlsx\">%s</a> ", _("Ranking (XLSX)"));
	if (l->rank && tb_rank_body_count(l->rank) > 1) {
		/* one ranking sheet per recommending body, as the batch's summaries */
		size_t k;
		for (k = 0; k < tb_rank_body_count(l->rank); k++) {
			h_fmt(b, "<a class=\"button\" href=\"/office/export/ranking.pdf?body=%zu\">%s: ", k, _("Ranking (PDF)"));
			h_text(b, tb_rank_body_name(l->rank, k));
			h_raw(b, "</a> ");
		}
		h_raw(b, "</p>");
	} else {
		h_fmt(b, "<a class=\"button\" href=\"/office/export/ranking.pdf\">%s</a></p>", _("Ranking (PDF)"));
	}
	h_fmt(b, "<p class=\"help\">%s</p></section></div>",
	      _("The summary sheets (推荐汇总表) of each recommending body, as PDF and DOCX, come with the batch."));
}

void page_office(srv_req *r)
{
	office_list l;
	tb_buf b = TB_BUF_INIT;
	size_t i;
	char t1[24], t2[24];
	if (!r->office) {
		login_page(r, 0);
		return;
	}
	if (office_list_load(r, &l) != TB_OK) {
		resp_diags(r, 500, _("The applicants cannot be listed"), "/");
		return;
	}
	tb_buf_init(&b, SRV_HTML_MAX);
	tools(r, &l, &b);
	h_raw(&b, "<section class=\"part\"><h2>");
	h_text(&b, _("Applicants"));
	h_raw(&b, "</h2>");
	if (l.ranked)
		h_fmt(&b, "<p class=\"help\">%s %u</p>", _("Ranked by the points that count; applicants within the quota:"), l.quota);
	else if (l.rank_problem) {
		h_fmt(&b, "<div class=\"notice warning\"><p>%s</p><pre>", _("No ranking yet:"));
		h_text(&b, l.rank_problem);
		h_raw(&b, "</pre></div>");
	}
	h_fmt(&b, "<table class=\"list\" id=\"applicants\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th class=\"n\">%s</th><th class=\"n\">%s</th><th class=\"n\">%s</th><th></th></tr></thead><tbody>",
	      _("No."), _("Applicant"), _("Recommending body"), _("State"), _("Claimed"), _("Counted"), _("Rank"));
	for (i = 0; i < l.n; i++) {
		office_row *w = &l.rows[i];
		char *pkg = store_intake_info(r->ctx, r->s, w->id, 1);
		h_fmt(&b, "<tr id=\"row-%s\"><td><a href=\"/a/%s/\">%s</a>", w->id, w->id, w->id);
		if (pkg) {
			h_fmt(&b, "<br><small class=\"from-package\" title=\"%s\">", _("taken in from a package"));
			h_text(&b, pkg);
			h_raw(&b, "</small>");
		}
		free(pkg);
		h_raw(&b, "</td><td>");
		h_text(&b, *w->name ? w->name : _("(no name yet)"));
		h_raw(&b, "</td><td>");
		h_text(&b, w->recommender);
		if (*w->kind) {
			h_raw(&b, "<br><small>");
			h_text(&b, w->kind);
			h_raw(&b, "</small>");
		}
		if (w->errors) {
			h_raw(&b, "</td><td><span class=\"badge bad\">");
			h_fmt(&b, _("%zu problems"), w->errors);
			h_raw(&b, "</span>");
		} else {
			h_fmt(&b, "</td><td><span class=\"badge ok\">%s</span>", _("complete"));
		}
		h_fmt(&b, "</td><td class=\"n\">%s</td><td class=\"n\">%s</td><td class=\"n\">",
		      tb_points_format(w->claimed, t1, sizeof t1), w->scored ? tb_points_format(w->counted, t2, sizeof t2) : "—");
		if (w->ranked) {
			h_fmt(&b, "%u", w->rank);
			if (w->disqualified)
				h_fmt(&b, " <span class=\"badge bad\">%s</span>", _("disqualified"));
			else if (w->within)
				h_fmt(&b, " <span class=\"badge ok\">%s</span>", _("within quota"));
			else
				h_fmt(&b, " <span class=\"badge warn\">%s</span>", _("over quota"));
		} else {
			h_raw(&b, "—");
		}
		h_fmt(&b, "</td><td><form method=\"post\" action=\"/office/link/%s\" class=\"inline\">", w->id);
		h_csrf(r, &b);
		h_fmt(&b, "<button class=\"small\">%s</button></form></td></tr>", _("New private link"));
	}
	if (l.n == 0)
		h_fmt(&b, "<tr><td colspan=\"8\" class=\"empty\">%s</td></tr>", _("No applicant yet."));
	h_raw(&b, "</tbody></table></section>");
	page_send(r, _("Applicants of the office"), &b);
	tb_buf_free(&b);
	office_list_free(&l);
}

/* ---- exports ---- */

/* The list as the office sees it, through the project's one XLSX writer (sheet/sheet.h).
 * The ranking sheet is the library's own (tb_rank_write_xlsx), the same as
 * `tianbiao score --rank --xlsx`. */
static tb_status write_applicants(srv_req *r, office_list *l, const char *path)
{
	tb_sheet_book *book = NULL;
	tb_sheet *x = NULL;
	tb_status st;
	size_t i;
	unsigned row = 1, c;
	const char *head[] = {_("No."), _("Applicant"), _("Recommending body"), _("Kind"), _("Errors"),
	                      _("Claimed"), _("Counted"), _("Rank"), _("Within quota")};

	if ((st = tb_sheet_book_new(r->ctx, path, (time_t)tb_ctx_epoch(r->ctx), NULL, &book)) != TB_OK)
		return st;
	if ((st = tb_sheet_add(book, "applicants", &x)) != TB_OK)
		goto fail;
	for (c = 0; c < sizeof head / sizeof *head && st == TB_OK; c++) {
		st = tb_sheet_text(x, 0, c, head[c], TB_SHEET_BOLD);
		if (st == TB_OK)
			st = tb_sheet_width(x, c, c == 1 || c == 2 ? 36 : 12);
	}
	if (st == TB_OK)
		st = tb_sheet_freeze(x, 1);
	for (i = 0; i < l->n && st == TB_OK; i++, row++) {
		const office_row *w = &l->rows[i];
		st = tb_sheet_text(x, row, 0, w->id, TB_SHEET_PLAIN);
		if (st == TB_OK) st = tb_sheet_text(x, row, 1, w->name, TB_SHEET_PLAIN);
		if (st == TB_OK) st = tb_sheet_text(x, row, 2, w->recommender, TB_SHEET_PLAIN);
		if (st == TB_OK) st = tb_sheet_text(x, row, 3, w->kind, TB_SHEET_PLAIN);
		if (st == TB_OK) st = tb_sheet_number(x, row, 4, (double)w->errors, TB_SHEET_PLAIN);
		if (st == TB_OK) st = tb_sheet_number(x, row, 5, (double)w->claimed / TB_POINTS_SCALE, TB_SHEET_PLAIN);
		if (st == TB_OK && w->scored)
			st = tb_sheet_number(x, row, 6, (double)w->counted / TB_POINTS_SCALE, TB_SHEET_PLAIN);
		if (st == TB_OK && w->ranked) {
			st = tb_sheet_number(x, row, 7, w->rank, TB_SHEET_PLAIN);
			if (st == TB_OK)
				st = tb_sheet_text(x, row, 8, w->disqualified ? _("disqualified") : w->within ? _("yes") : _("no"),
				                   TB_SHEET_PLAIN);
		}
	}
	if (st != TB_OK)
		goto fail;
	return tb_sheet_book_commit(book);
fail:
	tb_sheet_book_free(book);
	return st;
}

/* One body's ranking as PDF: the library's ranking data for that body (tb_rank_write_body,
 * root <batch>, as the batch's summaries) with the program's title, filled into
 * templates/ranking.docx and rendered. */
static tb_status write_ranking_pdf(srv_req *r, const tb_rank *rk, size_t body, const char *dir,
                                   const char *out)
{
	char *data = tb_path_join(dir, "ranking.xml"), *tpl = tb_ctx_data_path(r->ctx, "templates/ranking.docx");
	xmlDocPtr doc = NULL;
	tb_status st = data && tpl ? TB_OK : TB_ENOMEM;
	tb_ctx *h;

	if (st == TB_OK)
		st = tb_rank_write_body(r->ctx, rk, body, data);
	if (st == TB_OK)
		st = tb_xml_read_file(r->ctx, data, 0, &doc);
	if (st == TB_OK) {
		xmlSetProp(xmlDocGetRootElement(doc), (const xmlChar *)"title",
		           (const xmlChar *)tb_program_title(tb_rank_program(rk)));
		st = ev_save(r->ctx, doc, data);
	}
	if (st == TB_OK) {
		tb_fill_options fo = TB_FILL_OPTIONS_INIT;
		h = srv_heavy_begin(r->s);
		st = h ? tb_fill_render_file(h, tpl, data, out, &fo, NULL) : TB_ENOMEM;
		srv_heavy_end(r->s, h, r->ctx);
	}
	tb_xml_free(doc);
	if (data)
		unlink(data);
	free(data);
	free(tpl);
	return st;
}

void page_export(srv_req *r)
{
	office_list l;
	int pdf = !strcmp(r->rest, "ranking.pdf");
	int ranking = pdf || !strcmp(r->rest, "ranking.xlsx");
	char name[64], rnd[33], *path;
	if (!ranking && strcmp(r->rest, "applicants.xlsx")) {
		resp_error(r, 404, _("There is no such page."));
		return;
	}
	if (office_list_load(r, &l) != TB_OK) {
		resp_diags(r, 500, _("The applicants cannot be listed"), "/office/");
		return;
	}
	if (ranking && !l.ranked) {
		office_list_free(&l);
		resp_error(r, 409, _("There is no ranking yet: see the applicants page for why."));
		return;
	}
	auth_random_hex(rnd, 16);
	if (pdf) {
		/* one recommending body's ranking (the first unless ?body=N) */
		const char *arg = req_arg(r, "body");
		size_t body = arg ? strtoul(arg, NULL, 10) : 0;
		char *dir, *out;
		if (body >= tb_rank_body_count(l.rank)) {
			office_list_free(&l);
			resp_error(r, 404, _("There is no such page."));
			return;
		}
		dir = tb_path_join(r->s->tmp, rnd);
		out = dir ? tb_path_join(dir, "ranking.pdf") : NULL;
		if (!out || mkdir(dir, 0700) != 0 || write_ranking_pdf(r, l.rank, body, dir, out) != TB_OK)
			resp_diags(r, 500, _("The ranking could not be written"), "/office/");
		else
			resp_file(r, out, "application/pdf", "ranking.pdf", 1);
		if (dir)
			rmdir(dir);
		free(out);
		free(dir);
		office_list_free(&l);
		return;
	}
	snprintf(name, sizeof name, "%s.xlsx", rnd);
	path = tb_path_join(r->s->tmp, name);
	if (!path || (ranking ? tb_rank_write_xlsx(r->ctx, l.rank, (size_t)-1, path)
	                      : write_applicants(r, &l, path)) != TB_OK) {
		resp_diags(r, 500, _("The sheet could not be written"), "/office/");
	} else {
		resp_file(r, path, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", r->rest, 1);
	}
	free(path);
	office_list_free(&l);
}
