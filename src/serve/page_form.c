/* page_form.c: the applicant's form, generated from the program (fields, service targets,
 * quotas, the indicator tree with weights, limits and criteria) and filled from the saved
 * evidence, each diagnostic shown beside the field it is about, in the form's words. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ctx.h"
#include "core/file.h"
#include "core/i18n.h"
#include "core/xml.h"
#include "serve/applicant.h"
#include "serve/evedit.h"

/* ---- placing diagnostics ---- */

/* The key of the form part an element belongs to. */
static void element_key(xmlNodePtr n, char *out, size_t cap)
{
	char path[256] = "";
	xmlNodePtr a;
	for (a = n; a && a->type == XML_ELEMENT_NODE && a->parent &&
	            a->parent->type == XML_ELEMENT_NODE;
	     a = a->parent) {
		const char *name = (const char *)a->name;
		char *v;
		if (!strcmp(name, "item") && a->parent && !strcmp((const char *)a->parent->name, "self-assessment") &&
		    (v = tb_xml_attr(a, "indicator")) != NULL) {
			snprintf(out, cap, "item:%s", v);
			free(v);
			return;
		}
		if (!strcmp(name, "attachment") && (v = tb_xml_attr(a, "id")) != NULL) {
			snprintf(out, cap, "att:%s", v);
			free(v);
			return;
		}
		{
			char tmp[256];
			snprintf(tmp, sizeof tmp, "%s%s%s", name, path[0] ? "/" : "", path);
			snprintf(path, sizeof path, "%s", tmp);
		}
	}
	snprintf(out, cap, "%s", path);
}

static xmlNodePtr find_at(xmlNodePtr n, unsigned line, unsigned col, xmlNodePtr *by_line)
{
	xmlNodePtr c, hit;
	for (c = n; c; c = c->next) {
		unsigned l = 0, k = 0;
		if (c->type != XML_ELEMENT_NODE)
			continue;
		tb_xml_node_pos(c, &l, &k);
		if (l == line) {
			*by_line = c;
			if (k == col)
				return c;
		}
		if ((hit = find_at(c->children, line, col, by_line)) != NULL)
			return hit;
	}
	return NULL;
}

static void place(app_view *v, placed_diag *pd)
{
	const tb_diag *d = pd->d;
	xmlNodePtr by_line = NULL, n = NULL;
	const fd_field *f = NULL;
	size_t i, best = 0;

	pd->key[0] = '\0';
	if (!strcmp(d->code, "field.missing")) {
		/* the message names the field's path in parentheses */
		for (i = 0; i < v->form.n; i++) {
			size_t l = strlen(v->form.f[i].path);
			if (l > best && strstr(d->message, v->form.f[i].path)) {
				best = l;
				f = &v->form.f[i];
			}
		}
	}
	if (!f && d->line > 0 && v->doc) {
		n = find_at(xmlDocGetRootElement(v->doc), d->line, d->column, &by_line);
		if (!n)
			n = by_line;
		if (n && n != xmlDocGetRootElement(v->doc)) {
			element_key(n, pd->key, sizeof pd->key);
			if (!strncmp(pd->key, "item:", 5))
				return;
			if (!strncmp(pd->key, "att:", 4)) {
				f = fd_for_element(&v->form, "attachments");
			} else {
				f = fd_for_element(&v->form, pd->key);
			}
		}
	}
	if (f) {
		snprintf(pd->key, sizeof pd->key, "%s", f->elem);
		pd->label = f->label;
	} else if (strncmp(pd->key, "item:", 5)) {
		pd->key[0] = '\0';
	}
}

/* A diagnostic that only says something is not filled in yet: a required field, or an item
 * whose points are still empty (claim.points also reports points that are wrong). */
static int unfilled(app_view *v, const placed_diag *pd)
{
	xmlNodePtr it;
	char *pts;
	int empty;
	if (!strcmp(pd->d->code, "field.missing"))
		return 1;
	if (strcmp(pd->d->code, "claim.points") || strncmp(pd->key, "item:", 5))
		return 0;
	it = ev_item(v->doc, pd->key + 5, 0);
	pts = it ? tb_xml_attr(it, "points") : NULL;
	empty = !pts || !*pts;
	free(pts);
	return empty;
}

tb_status app_view_load(srv_req *r, app_view *v)
{
	tb_evidence *e = NULL;
	tb_score *sc = NULL;
	tb_status st;
	size_t i, n;

	memset(v, 0, sizeof *v);
	if (!(v->dir = store_applicant_dir(r->s, r->id)) || !(v->path = store_evidence_path(r->s, r->id)))
		return TB_ENOMEM;
	/* Evidence with findings is still shown (the findings are the page's); only none at all
	 * is an error. */
	st = tb_evidence_load(r->ctx, v->path, NULL, &e);
	if (!e)
		return st == TB_ENOMEM ? TB_ENOMEM : TB_ERROR;
	v->prog = tb_evidence_program(e);
	if (v->prog) {
		for (i = 0; i < tb_evidence_claim_count(e); i++) {
			tb_points p = tb_evidence_claim_points(e, i);
			if (p > 0)
				v->claimed += p;
		}
		if (tb_score_compute(r->ctx, e, NULL, &sc) == TB_OK && sc) {
			v->counted = tb_score_total(sc);
			v->max = tb_score_max(sc);
			v->scored = 1;
		}
	}
	tb_score_free(sc);
	tb_evidence_free(e);
	if ((st = ev_load(r->ctx, v->path, &v->doc)) != TB_OK)
		return st;
	if (!v->prog || fd_build(v->prog, &v->form) != 0)
		return TB_ERROR;
	tb_diag_sort(r->ctx);
	n = tb_diag_count(r->ctx);
	if (n && !(v->diags = calloc(n, sizeof *v->diags)))
		return TB_ENOMEM;
	v->quiet = !store_saved(r->s, r->id) && !req_arg(r, "check");
	for (i = 0; i < n; i++) {
		placed_diag *pd = &v->diags[v->ndiags++];
		pd->d = tb_diag_get(r->ctx, i);
		place(v, pd);
		pd->unfilled = unfilled(v, pd);
		if (v->quiet && pd->unfilled) {
			if (!strcmp(pd->d->code, "field.missing"))
				v->to_fill++;
			else
				v->to_claim++;
			v->ndiags--;
			continue;
		}
		if (pd->d->severity == TB_SEV_ERROR)
			v->errors++;
		else if (pd->d->severity == TB_SEV_WARNING)
			v->warnings++;
	}
	return TB_OK;
}

void app_view_free(app_view *v)
{
	free(v->dir);
	free(v->path);
	tb_xml_free(v->doc);
	fd_free(&v->form);
	free(v->diags);
	memset(v, 0, sizeof *v);
}

/* ---- rendering ---- */

static void slug(const char *path, char *out, size_t cap)
{
	size_t i, j = 0;
	for (i = 0; path[i] && j + 1 < cap; i++) {
		char c = path[i];
		out[j++] = (c == '/' || c == '@' || c == '.' || c == ' ') ? '-' : c;
	}
	out[j] = '\0';
}

static void diag_list(tb_buf *b, app_view *v, const char *key)
{
	size_t i;
	int open = 0;
	for (i = 0; i < v->ndiags; i++) {
		const placed_diag *pd = &v->diags[i];
		if (strcmp(pd->key, key) || pd->d->severity == TB_SEV_NOTE)
			continue;
		if (!open) {
			h_raw(b, "<ul class=\"field-diags\">");
			open = 1;
		}
		h_fmt(b, "<li class=\"%s\">", pd->d->severity == TB_SEV_ERROR ? "error" : "warning");
		if (!strcmp(pd->d->code, "field.missing")) {
			/* the form already shows which field: say it plainly */
			h_text(b, _("Please fill in this field."));
			h_raw(b, "</li>");
			continue;
		}
		h_text(b, pd->d->message);
		if (pd->d->hint && !strstr(pd->d->hint, "tianbiao ")) {
			h_raw(b, "<span class=\"hint\">");
			h_text(b, pd->d->hint);
			h_raw(b, "</span>");
		}
		h_raw(b, "</li>");
	}
	if (open)
		h_raw(b, "</ul>");
}

static int has_error(app_view *v, const char *key)
{
	size_t i;
	for (i = 0; i < v->ndiags; i++)
		if (!strcmp(v->diags[i].key, key) && v->diags[i].d->severity == TB_SEV_ERROR)
			return 1;
	return 0;
}

static void label(tb_buf *b, const fd_field *f, const char *id)
{
	h_fmt(b, "<label for=\"%s\">", id);
	h_text(b, f->label);
	if (f->required)
		h_fmt(b, "<span class=\"req\" title=\"%s\">*</span>", _("required"));
	h_raw(b, "</label>");
}

static void input(tb_buf *b, app_view *v, const fd_field *f)
{
	char id[160], *val = ev_get(v->doc, f->path);
	const char *type = "text", *extra = "";
	slug(f->path, id, sizeof id);
	switch (f->kind) {
	case FD_DATE: type = "date"; break;
	case FD_INT: type = "text"; extra = " inputmode=\"numeric\" pattern=\"[0-9]*\" class=\"num\""; break;
	case FD_DECIMAL: type = "text"; extra = " inputmode=\"decimal\" class=\"num\""; break;
	case FD_EMAIL: type = "email"; break;
	case FD_TEL: type = "tel"; break;
	case FD_POSTCODE: extra = " inputmode=\"numeric\" maxlength=\"6\" class=\"short\""; break;
	default: break;
	}
	h_fmt(b, "<input type=\"%s\" id=\"i-%s\" name=\"f:", type, id);
	h_text(b, f->path);
	h_raw(b, "\" value=\"");
	h_text(b, val);
	h_fmt(b, "\"%s", extra);
	if (f->sum)
		h_fmt(b, " data-sum=\"%s\" data-sum-role=\"%s\"", f->sum, f->sum_total ? "total" : "part");
	h_raw(b, ">");
	if (f->unit) {
		h_raw(b, "<span class=\"unit\">");
		h_text(b, f->unit);
		h_raw(b, "</span>");
	}
	free(val);
}

static void field_simple(tb_buf *b, app_view *v, const fd_field *f, int show_diags)
{
	char id[160], iid[170];
	slug(f->path, id, sizeof id);
	snprintf(iid, sizeof iid, "i-%s", id);
	h_fmt(b, "<div class=\"field%s\" id=\"f-%s\">", show_diags && has_error(v, f->elem) ? " has-error" : "", id);
	label(b, f, iid);
	h_raw(b, "<div class=\"control\">");
	if (f->kind == FD_LONGTEXT) {
		char *val = ev_get(v->doc, f->path);
		h_fmt(b, "<textarea id=\"%s\" name=\"f:", iid);
		h_text(b, f->path);
		h_raw(b, "\" rows=\"3\" data-count>");
		h_text(b, val);
		h_raw(b, "</textarea>");
		free(val);
	} else {
		input(b, v, f);
	}
	h_raw(b, "</div>");
	if (show_diags)
		diag_list(b, v, f->elem);
	h_raw(b, "</div>");
}

static void field_paras(tb_buf *b, app_view *v, const fd_field *f)
{
	char id[160], *val = ev_get_paras(v->doc, f->path);
	slug(f->path, id, sizeof id);
	h_fmt(b, "<div class=\"field wide%s\" id=\"f-%s\">", has_error(v, f->elem) ? " has-error" : "", id);
	{
		char iid[170];
		snprintf(iid, sizeof iid, "i-%s", id);
		label(b, f, iid);
		h_fmt(b, "<p class=\"help\">%s</p>", _("One paragraph per block: leave an empty line between paragraphs."));
		h_fmt(b, "<textarea id=\"%s\" name=\"f:", iid);
	}
	h_text(b, f->path);
	h_raw(b, "\" rows=\"8\" data-count>");
	h_text(b, val);
	h_raw(b, "</textarea>");
	diag_list(b, v, f->elem);
	h_raw(b, "</div>");
	free(val);
}

static void field_kind(tb_buf *b, app_view *v, const fd_field *f)
{
	char *val = ev_get(v->doc, f->path);
	size_t i;
	h_fmt(b, "<div class=\"field%s\" id=\"f-recommender-kind\">", has_error(v, f->elem) ? " has-error" : "");
	label(b, f, "i-recommender--kind");
	h_raw(b, "<div class=\"control\"><select id=\"i-recommender--kind\" name=\"f:recommender/@kind\">");
	h_fmt(b, "<option value=\"\">%s</option>", _("(choose)"));
	for (i = 0; i < tb_program_quota_count(v->prog); i++) {
		const char *k = tb_program_quota_kind(v->prog, i);
		h_raw(b, "<option value=\"");
		h_text(b, k);
		h_fmt(b, "\"%s>", !strcmp(k, val) ? " selected" : "");
		h_text(b, tb_program_quota_label(v->prog, i));
		h_fmt(b, _(" (quota %u)"), tb_program_quota_max(v->prog, i));
		h_raw(b, "</option>");
	}
	h_raw(b, "</select></div>");
	free(val);
	h_raw(b, "</div>");
}

static void field_targets(tb_buf *b, app_view *v, const fd_field *f)
{
	xmlNodePtr st = ev_node(v->doc, "service-targets", 0);
	size_t i;
	h_fmt(b, "<div class=\"field wide%s\" id=\"f-service-targets\"><fieldset><legend>",
	      has_error(v, f->elem) ? " has-error" : "");
	h_text(b, f->label);
	if (f->required)
		h_raw(b, "<span class=\"req\">*</span>");
	h_raw(b, "</legend><input type=\"hidden\" name=\"L.targets\" value=\"1\"><div class=\"checks\">");
	for (i = 0; i < tb_program_target_count(v->prog); i++) {
		const char *id = tb_program_target_id(v->prog, i);
		int on = st && ev_find_attr(st, "target", "ref", id) != NULL;
		h_raw(b, "<label class=\"check\"><input type=\"checkbox\" name=\"targets\" value=\"");
		h_text(b, id);
		h_fmt(b, "\"%s> ", on ? " checked" : "");
		h_text(b, tb_program_target_label(v->prog, i));
		h_raw(b, "</label>");
	}
	h_raw(b, "</div></fieldset>");
	diag_list(b, v, f->elem);
	h_raw(b, "</div>");
}

static void award_row(tb_buf *b, const char *n, const char *year, const char *level,
                      const char *title, const char *issuer)
{
	h_raw(b, "<tr>");
	h_fmt(b, "<td><input name=\"aw.%s.year\" class=\"short\" inputmode=\"numeric\" value=\"", n);
	h_text(b, year);
	h_fmt(b, "\"></td><td><input name=\"aw.%s.level\" class=\"short\" value=\"", n);
	h_text(b, level);
	h_fmt(b, "\"></td><td><input name=\"aw.%s.title\" value=\"", n);
	h_text(b, title);
	h_fmt(b, "\"></td><td><input name=\"aw.%s.issuer\" value=\"", n);
	h_text(b, issuer);
	h_fmt(b, "\"></td><td><button type=\"button\" class=\"small\" data-remove-row>%s</button></td></tr>",
	      _("Remove"));
}

static void field_awards(tb_buf *b, app_view *v, const fd_field *f)
{
	xmlNodePtr aw = ev_node(v->doc, "awards", 0), a;
	unsigned n = 0;
	h_fmt(b, "<div class=\"field wide%s\" id=\"f-awards\"><fieldset><legend>", has_error(v, f->elem) ? " has-error" : "");
	h_text(b, f->label);
	h_raw(b, "</legend><input type=\"hidden\" name=\"L.awards\" value=\"1\">");
	h_fmt(b, "<table class=\"rows\" data-rows=\"awards\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th></th></tr></thead><tbody>",
	      _("Year"), _("Level"), _("Award"), _("Awarded by"));
	for (a = aw ? ev_child(aw, "award") : NULL; a; a = ev_next(a, "award")) {
		char num[16], *year = tb_xml_attr(a, "year"), *level = tb_xml_attr(a, "level");
		char *title = tb_xml_child_text(a, "title"), *issuer = tb_xml_child_text(a, "issuer");
		snprintf(num, sizeof num, "%u", n++);
		award_row(b, num, year ? year : "", level ? level : "", title ? title : "", issuer ? issuer : "");
		free(year);
		free(level);
		free(title);
		free(issuer);
	}
	if (n == 0) {
		award_row(b, "0", "", "", "", "");
		n = 1;
	}
	h_raw(b, "</tbody></table><template data-row-template=\"awards\">");
	award_row(b, "__N__", "", "", "", "");
	h_fmt(b, "</template><button type=\"button\" class=\"small\" data-add-row=\"awards\" data-next=\"%u\">%s</button>",
	      n, _("Add an award"));
	diag_list(b, v, f->elem);
	h_raw(b, "</fieldset></div>");
}

static void field_attachments(tb_buf *b, srv_req *r, app_view *v, const fd_field *f)
{
	xmlNodePtr at = ev_node(v->doc, "attachments", 0), a;
	size_t i = 0;
	h_fmt(b, "<div class=\"field wide%s\" id=\"f-attachments\"><fieldset><legend>", has_error(v, f->elem) ? " has-error" : "");
	h_text(b, f->label);
	if (f->required)
		h_raw(b, "<span class=\"req\">*</span>");
	h_fmt(b, "</legend><table class=\"rows\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th></th></tr></thead><tbody>",
	      _("No."), _("Title"), _("File"), _("Proves indicators"));
	for (a = at ? ev_child(at, "attachment") : NULL; a; a = ev_next(a, "attachment"), i++) {
		char *id = tb_xml_attr(a, "id"), *path = tb_xml_attr(a, "path"), *sup = tb_xml_attr(a, "supports");
		char *title = tb_xml_child_text(a, "title");
		h_raw(b, "<tr><td>");
		h_text(b, id);
		h_raw(b, "</td><td>");
		h_text(b, title);
		h_fmt(b, "</td><td><a href=\"/a/%s/file/%zu\" target=\"_blank\">", r->id, i);
		h_text(b, path ? tb_path_basename(path) : "");
		h_raw(b, "</a></td><td>");
		h_text(b, sup);
		h_fmt(b, "</td><td><button class=\"small danger\" form=\"detach-form\" name=\"id\" value=\"");
		h_text(b, id);
		h_fmt(b, "\">%s</button></td></tr>", _("Delete"));
		free(id);
		free(path);
		free(sup);
		free(title);
	}
	if (i == 0)
		h_fmt(b, "<tr><td colspan=\"5\" class=\"empty\">%s</td></tr>", _("No file yet."));
	h_raw(b, "</tbody></table>");
	h_fmt(b, "<div class=\"upload\"><h4>%s</h4>", _("Add a file (PDF, JPEG or PNG)"));
	h_fmt(b, "<label>%s <input type=\"file\" name=\"file\" form=\"upload-form\" accept=\".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png\"></label>", _("File"));
	h_fmt(b, "<label>%s <input type=\"text\" name=\"title\" form=\"upload-form\" class=\"wide-input\"></label>", _("Title"));
	h_fmt(b, "<label>%s <input type=\"text\" name=\"supports\" form=\"upload-form\" placeholder=\"%s\"></label>",
	      _("Proves indicators"), _("e.g. 1.1.1 1.2.3"));
	h_fmt(b, "<button form=\"upload-form\">%s</button></div>", _("Upload"));
	diag_list(b, v, f->elem);
	h_raw(b, "</fieldset></div>");
}

/* Sum groups (staff, funding): the total and its parts in one row, with a live check. */
static size_t field_sum_group(tb_buf *b, app_view *v, size_t i)
{
	const fd_field *first = &v->form.f[i];
	size_t j = i;
	h_fmt(b, "<div class=\"field sum-group%s\" id=\"f-%s\" data-sum-group=\"%s\"><div class=\"sum-row\">",
	      has_error(v, first->elem) ? " has-error" : "", first->sum, first->sum);
	while (j < v->form.n && v->form.f[j].sum && !strcmp(v->form.f[j].sum, first->sum)) {
		char id[160], iid[170];
		slug(v->form.f[j].path, id, sizeof id);
		snprintf(iid, sizeof iid, "i-%s", id);
		h_raw(b, "<div class=\"sum-cell\">");
		label(b, &v->form.f[j], iid);
		h_raw(b, "<div class=\"control\">");
		input(b, v, &v->form.f[j]);
		h_raw(b, "</div></div>");
		j++;
	}
	h_fmt(b, "</div><p class=\"sum-check\" data-sum-out=\"%s\" data-ok=\"%s\" data-bad=\"%s\"></p>",
	      first->sum, _("The parts add up to the total."), _("The parts add up to {sum}, not to the total {total}."));
	/* every element of the group shares the diagnostics of its element */
	{
		char seen[8][128];
		size_t ns = 0, k, m;
		for (k = i; k < j; k++) {
			int dup = 0;
			for (m = 0; m < ns; m++)
				dup |= !strcmp(seen[m], v->form.f[k].elem);
			if (dup || ns >= 8)
				continue;
			snprintf(seen[ns++], sizeof seen[0], "%s", v->form.f[k].elem);
			diag_list(b, v, v->form.f[k].elem);
		}
	}
	h_raw(b, "</div>");
	return j;
}

static void item_block(tb_buf *b, app_view *v, const tb_indicator *ind, size_t l1)
{
	const char *id = tb_indicator_id(ind);
	xmlNodePtr it = ev_item(v->doc, id, 0), at = ev_node(v->doc, "attachments", 0), a;
	char *points = it ? tb_xml_attr(it, "points") : NULL, *ex = it ? tb_xml_child_text(it, "explanation") : NULL;
	char *cited = it ? tb_xml_attr(it, "attachments") : NULL, w[24], key[80], sid[80];
	unsigned limit = tb_indicator_char_limit(ind);
	size_t c;

	snprintf(key, sizeof key, "item:%s", id);
	slug(id, sid, sizeof sid);
	h_fmt(b, "<div class=\"item%s\" id=\"item-%s\">", has_error(v, key) ? " has-error" : "", sid);
	h_raw(b, "<div class=\"item-head\"><span class=\"ind-id\">");
	h_text(b, id);
	h_raw(b, "</span><span class=\"ind-title\">");
	h_text(b, tb_indicator_title(ind));
	h_raw(b, "</span><span class=\"weight\">");
	h_fmt(b, _("%s points"), tb_points_format(tb_indicator_weight(ind), w, sizeof w));
	h_raw(b, "</span></div>");
	if (strcmp(tb_indicator_text(ind), tb_indicator_title(ind))) {
		h_raw(b, "<p class=\"ind-text\">");
		h_text(b, tb_indicator_text(ind));
		h_raw(b, "</p>");
	}
	if (tb_indicator_evidence(ind)) {
		h_fmt(b, "<p class=\"ind-evidence\"><span>%s</span>", _("Evidence asked for:"));
		h_text(b, tb_indicator_evidence(ind));
		h_raw(b, "</p>");
	}
	h_fmt(b, "<div class=\"item-row\"><label for=\"pt-%s\">%s</label>", sid, _("Points claimed"));
	h_fmt(b, "<input id=\"pt-%s\" name=\"pt.", sid);
	h_text(b, id);
	h_raw(b, "\" class=\"num points\" inputmode=\"decimal\" value=\"");
	h_text(b, points ? points : "");
	h_fmt(b, "\" data-points data-l1=\"%zu\" data-max=\"%s\"><span class=\"unit\">/ %s</span></div>", l1, w, w);
	for (c = 0; c < tb_indicator_criterion_count(ind); c++) {
		const char *cid = tb_indicator_criterion_id(ind, c);
		xmlNodePtr cr = it ? ev_find_attr(it, "criterion", "ref", cid) : NULL;
		char *cp = cr ? tb_xml_attr(cr, "points") : NULL, cw[24];
		h_raw(b, "<div class=\"criterion\"><span class=\"crit-id\">");
		h_text(b, cid);
		h_raw(b, "</span><span class=\"crit-text\">");
		h_text(b, tb_indicator_criterion_text(ind, c));
		h_raw(b, "</span><input class=\"num\" inputmode=\"decimal\" name=\"cr.");
		h_text(b, id);
		h_raw(b, ".");
		h_text(b, cid);
		h_raw(b, "\" value=\"");
		h_text(b, cp ? cp : "");
		h_fmt(b, "\"><span class=\"unit\">/ %s</span></div>",
		      tb_points_format(tb_indicator_criterion_max(ind, c), cw, sizeof cw));
		free(cp);
	}
	h_fmt(b, "<label for=\"ex-%s\" class=\"sub\">%s</label>", sid, _("Explanation"));
	h_fmt(b, "<textarea id=\"ex-%s\" name=\"ex.", sid);
	h_text(b, id);
	h_raw(b, "\" rows=\"3\"");
	if (limit)
		h_fmt(b, " data-limit=\"%u\"", limit);
	else
		h_raw(b, " data-count");
	h_raw(b, ">");
	h_text(b, ex ? ex : "");
	h_raw(b, "</textarea>");
	if (at && ev_child(at, "attachment")) {
		h_fmt(b, "<div class=\"cites\"><span>%s</span><input type=\"hidden\" name=\"L.at.", _("Supporting documents:"));
		h_text(b, id);
		h_raw(b, "\" value=\"1\">");
		for (a = ev_child(at, "attachment"); a; a = ev_next(a, "attachment")) {
			char *aid = tb_xml_attr(a, "id"), *title = tb_xml_child_text(a, "title");
			int on = 0;
			if (aid && cited) {
				char *p = cited;
				size_t n = strlen(aid);
				while ((p = strstr(p, aid)) != NULL) {
					if ((p == cited || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' ')) {
						on = 1;
						break;
					}
					p += n;
				}
			}
			h_raw(b, "<label class=\"check\"><input type=\"checkbox\" name=\"at.");
			h_text(b, id);
			h_raw(b, "\" value=\"");
			h_text(b, aid);
			h_fmt(b, "\"%s> ", on ? " checked" : "");
			h_text(b, aid);
			h_raw(b, " ");
			h_text(b, title);
			h_raw(b, "</label>");
			free(aid);
			free(title);
		}
		h_raw(b, "</div>");
	}
	diag_list(b, v, key);
	h_raw(b, "</div>");
	free(points);
	free(ex);
	free(cited);
}

static void indicator_tree(tb_buf *b, app_view *v, const tb_indicator *ind, size_t l1)
{
	size_t i, n = tb_indicator_child_count(ind);
	char w[24];
	if (n == 0) {
		item_block(b, v, ind, l1);
		return;
	}
	if (tb_indicator_level(ind) == 1) {
		h_fmt(b, "<details class=\"level1\" open><summary><span class=\"ind-id\">");
		h_text(b, tb_indicator_id(ind));
		h_raw(b, "</span> ");
		h_text(b, tb_indicator_title(ind));
		h_fmt(b, " <span class=\"weight\">%s</span>", tb_points_format(tb_indicator_weight(ind), w, sizeof w));
		h_fmt(b, "<span class=\"l1-sum\" data-l1-sum=\"%zu\"></span></summary>", l1);
	} else {
		h_fmt(b, "<h4 class=\"level%d\"><span class=\"ind-id\">", tb_indicator_level(ind));
		h_text(b, tb_indicator_id(ind));
		h_raw(b, "</span> ");
		h_text(b, tb_indicator_title(ind));
		h_fmt(b, " <span class=\"weight\">%s</span></h4>", tb_points_format(tb_indicator_weight(ind), w, sizeof w));
	}
	for (i = 0; i < n; i++)
		indicator_tree(b, v, tb_indicator_child(ind, i), l1);
	if (tb_indicator_level(ind) == 1)
		h_raw(b, "</details>");
}

static void summary_box(tb_buf *b, srv_req *r, app_view *v)
{
	size_t i, shown = 0;
	char t1[24], t2[24], t3[24];
	h_raw(b, "<section class=\"status\">");
	if (req_arg(r, "saved"))
		h_fmt(b, "<p class=\"saved\">%s</p>", _("Saved."));
	if (req_arg(r, "uploaded"))
		h_fmt(b, "<p class=\"saved\">%s</p>", _("The file was added."));
	if (v->quiet && (v->to_fill || v->to_claim)) {
		h_raw(b, "<p class=\"todo\" id=\"to-fill\">");
		if (v->to_fill && v->to_claim)
			h_fmt(b, _("%zu required fields and %zu self-assessment items still to fill in."), v->to_fill,
			      v->to_claim);
		else if (v->to_fill)
			h_fmt(b, _("%zu required fields still to fill in."), v->to_fill);
		else
			h_fmt(b, _("%zu self-assessment items still without points."), v->to_claim);
		h_fmt(b, " <a href=\"/a/%s/?check=1\">%s</a></p><p class=\"help\">%s</p>", r->id, _("Show them"),
		      _("Fill in what you have, in any order, and save: after the first save every field still empty is marked."));
	}
	if (v->errors == 0 && !(v->quiet && (v->to_fill || v->to_claim)))
		h_fmt(b, "<p class=\"ok\">%s</p>", _("No errors: the application is complete and can be packaged."));
	else if (v->errors) {
		h_raw(b, "<p class=\"bad\">");
		h_fmt(b, _("%zu problems to correct"), v->errors);
		if (v->warnings)
			h_fmt(b, _(", %zu warnings"), v->warnings);
		h_raw(b, "</p>");
	}
	if (v->scored)
		h_fmt(b, "<p class=\"score\">%s <strong>%s</strong> · %s <strong>%s</strong> / %s</p>",
		      _("Points claimed:"), tb_points_format(v->claimed, t1, sizeof t1), _("points that count:"),
		      tb_points_format(v->counted, t2, sizeof t2), tb_points_format(v->max, t3, sizeof t3));
	if (v->errors || v->warnings) {
		size_t missing = 0;
		h_raw(b, "<ol class=\"problems\">");
		for (i = 0; i < v->ndiags; i++)
			missing += !strcmp(v->diags[i].d->code, "field.missing");
		if (missing) {
			size_t k = 0;
			h_raw(b, "<li class=\"error\">");
			h_fmt(b, _("%zu required fields are still empty:"), missing);
			h_raw(b, " ");
			for (i = 0; i < v->ndiags; i++) {
				const placed_diag *pd = &v->diags[i];
				char s[150];
				const fd_field *f;
				if (strcmp(pd->d->code, "field.missing"))
					continue;
				f = pd->key[0] ? fd_for_element(&v->form, pd->key) : NULL;
				slug(f && f->sum ? f->sum : f ? f->path : pd->key, s, sizeof s);
				h_fmt(b, "%s<a href=\"#f-%s\">", k++ ? _(", ") : "", s);
				h_text(b, pd->label ? pd->label : pd->d->message);
				h_raw(b, "</a>");
			}
			h_raw(b, "</li>");
			shown++;
		}
		for (i = 0; i < v->ndiags && shown < 30; i++) {
			const placed_diag *pd = &v->diags[i];
			char anchor[200];
			if (pd->d->severity == TB_SEV_NOTE || !strcmp(pd->d->code, "field.missing"))
				continue;
			shown++;
			if (!strncmp(pd->key, "item:", 5)) {
				char s[150];
				slug(pd->key + 5, s, sizeof s);
				snprintf(anchor, sizeof anchor, "#item-%s", s);
			} else if (pd->key[0]) {
				char s[150];
				const fd_field *f = fd_for_element(&v->form, pd->key);
				slug(f && f->sum ? f->sum : f ? f->path : pd->key, s, sizeof s);
				snprintf(anchor, sizeof anchor, "#f-%s", s);
			} else {
				anchor[0] = '\0';
			}
			h_fmt(b, "<li class=\"%s\">", pd->d->severity == TB_SEV_ERROR ? "error" : "warning");
			if (anchor[0])
				h_fmt(b, "<a href=\"%s\">", anchor);
			if (pd->label) {
				h_raw(b, "<strong>");
				h_text(b, pd->label);
				h_raw(b, "</strong>: ");
			} else if (!strncmp(pd->key, "item:", 5)) {
				h_raw(b, "<strong>");
				h_text(b, pd->key + 5);
				h_raw(b, "</strong>: ");
			}
			h_text(b, pd->d->message);
			if (anchor[0])
				h_raw(b, "</a>");
			h_raw(b, "</li>");
		}
		if (v->errors + v->warnings > shown + (missing ? missing - 1 : 0))
			h_fmt(b, "<li class=\"more\">%s</li>", _("… and more below, beside their fields."));
		h_raw(b, "</ol>");
	}
	h_raw(b, "</section>");
}

void app_render(srv_req *r, app_view *v)
{
	tb_buf b = TB_BUF_INIT;
	size_t i, l1 = 0;
	const char *section = NULL;
	char title[512];

	tb_buf_init(&b, SRV_HTML_MAX);
	h_fmt(&b, "<p class=\"program\">%s · ", r->id);
	h_text(&b, tb_program_title(v->prog));
	h_raw(&b, "</p>");
	h_raw(&b, "<div class=\"toolbar\">");
	h_fmt(&b, "<a class=\"button\" href=\"/a/%s/form.pdf\" target=\"_blank\">%s</a>", r->id, _("Preview the form (PDF)"));
	h_fmt(&b, "<a class=\"button\" href=\"/a/%s/report.pdf\" target=\"_blank\">%s</a>", r->id, _("Preview the self-assessment report (PDF)"));
	h_fmt(&b, "<a class=\"button primary\" href=\"/a/%s/package.zip\">%s</a>", r->id, _("Download the submission package"));
	h_fmt(&b, "<a class=\"button plain\" href=\"/a/%s/evidence.xml\">%s</a>", r->id, _("Evidence XML"));
	h_raw(&b, "</div>");
	summary_box(&b, r, v);

	/* forms outside the main one, used through form="..." by controls inside it */
	h_fmt(&b, "<form id=\"upload-form\" method=\"post\" action=\"/a/%s/attach\" enctype=\"multipart/form-data\">", r->id);
	h_csrf(r, &b);
	h_fmt(&b, "</form><form id=\"detach-form\" method=\"post\" action=\"/a/%s/detach\">", r->id);
	h_csrf(r, &b);
	h_raw(&b, "</form>");

	h_fmt(&b, "<form id=\"main-form\" method=\"post\" action=\"/a/%s/save\" class=\"evidence\">", r->id);
	h_csrf(r, &b);
	for (i = 0; i < v->form.n;) {
		const fd_field *f = &v->form.f[i];
		if (!section || strcmp(section, f->section ? f->section : "")) {
			if (section)
				h_raw(&b, "</section>");
			section = f->section ? f->section : "";
			h_raw(&b, "<section class=\"part\"><h2>");
			h_text(&b, section);
			h_raw(&b, "</h2>");
		}
		if (f->sum) {
			i = field_sum_group(&b, v, i);
			continue;
		}
		switch (f->kind) {
		case FD_PARAS: field_paras(&b, v, f); break;
		case FD_KIND: field_kind(&b, v, f); break;
		case FD_TARGETS: field_targets(&b, v, f); break;
		case FD_AWARDS: field_awards(&b, v, f); break;
		case FD_ATTACHMENTS: field_attachments(&b, r, v, f); break;
		default: field_simple(&b, v, f, 1); break;
		}
		i++;
	}
	if (section)
		h_raw(&b, "</section>");
	h_raw(&b, "<section class=\"part self-assessment\"><h2>");
	h_text(&b, _("Self-assessment"));
	h_fmt(&b, "</h2><p class=\"claimed-total\">%s <strong data-points-total></strong></p>", _("Points claimed in all:"));
	for (i = 0; i < tb_program_indicator_count(v->prog); i++) {
		const tb_indicator *ind = tb_program_indicator_at(v->prog, i);
		if (tb_indicator_level(ind) != 1)
			continue;
		indicator_tree(&b, v, ind, ++l1);
	}
	h_raw(&b, "</section>");
	h_fmt(&b, "<div class=\"savebar\"><button class=\"primary\" type=\"submit\">%s</button><span>%s</span></div>",
	      _("Save"), _("Saving checks everything again; problems are shown beside their fields."));
	h_raw(&b, "</form>");
	snprintf(title, sizeof title, "%s", _("Application"));
	{
		char *name = ev_get(v->doc, "applicant/name");
		if (name && *name)
			snprintf(title, sizeof title, "%s", name);
		free(name);
	}
	page_send(r, title, &b);
	tb_buf_free(&b);
}

void page_form(srv_req *r)
{
	app_view v;
	tb_status st = app_view_load(r, &v);
	if (st != TB_OK && !v.doc) {
		resp_diags(r, 500, _("The application cannot be read"), "/");
		app_view_free(&v);
		return;
	}
	if (!v.prog || !v.form.f) {
		resp_diags(r, 500, _("The application's program is not installed"), "/");
		app_view_free(&v);
		return;
	}
	app_render(r, &v);
	app_view_free(&v);
}
