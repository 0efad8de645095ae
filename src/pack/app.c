/* app.c: the packaging view of one applicant. The evidence loader (evload.c) validates and
 * supplies program facts; the few fields its API does not expose (authority, contact, the
 * @supports of attachments) are read here from the already validated XML. */
#include "pack/app.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/ctx.h"
#include "core/file.h"
#include "core/i18n.h"
#include "core/xml.h"
#include "data/evidence.h"

void pack_app_free(pack_app *a)
{
	size_t i;
	if (!a)
		return;
	for (i = 0; i < a->natts; i++) {
		free(a->atts[i].id);
		free(a->atts[i].path);
		free(a->atts[i].title);
		free(a->atts[i].supports);
		free(a->atts[i].declared);
	}
	free(a->atts);
	free(a->evidence_path);
	free(a->dir);
	free(a->program_id);
	free(a->program_title);
	free(a->applicant);
	free(a->authority);
	free(a->recommender);
	free(a->kind);
	free(a->kind_label);
	free(a->date);
	free(a->contact_name);
	free(a->phone);
	free(a->mobile);
	free(a->email);
	free(a->targets);
	free(a);
}

/* Append the words of `add` not yet in the space-separated list *list. */
static tb_status add_words(char **list, const char *add)
{
	tb_buf b = TB_BUF_INIT;
	const char *p = add;
	if (*list && tb_buf_puts(&b, *list))
		goto nomem;
	while (p && *p) {
		size_t n;
		const char *q;
		int seen = 0;
		p += strspn(p, " \t\r\n");
		n = strcspn(p, " \t\r\n");
		if (!n)
			break;
		for (q = b.data; q && *q;) {
			size_t m;
			q += strspn(q, " ");
			m = strcspn(q, " ");
			if (m == n && !memcmp(q, p, n))
				seen = 1;
			q += m;
		}
		if (!seen && ((b.len && tb_buf_putc(&b, ' ')) || tb_buf_put(&b, p, n)))
			goto nomem;
		p += n;
	}
	free(*list);
	*list = b.data ? tb_buf_detach(&b, NULL) : strdup("");
	return *list ? TB_OK : TB_ENOMEM;
nomem:
	tb_buf_free(&b);
	return TB_ENOMEM;
}

static tb_status read_attachments(tb_ctx *ctx, pack_app *a, xmlNodePtr root)
{
	xmlNodePtr list = tb_xml_child(root, "attachments"), n, sa, it;
	size_t count = 0;

	for (n = list ? tb_xml_child(list, "attachment") : NULL; n; n = tb_xml_next(n, "attachment"))
		count++;
	if (count > TB_EV_MAX_PACKAGE_ATTACHMENTS) {
		tb_error(ctx, "pack.limit", a->evidence_path, 0, 0, NULL,
		         N_("%zu attachments, more than the limit of %d"), count,
		         TB_EV_MAX_PACKAGE_ATTACHMENTS);
		return TB_ELIMIT;
	}
	a->atts = calloc(count + 1, sizeof *a->atts);
	if (!a->atts)
		return TB_ENOMEM;
	for (n = list ? tb_xml_child(list, "attachment") : NULL; n; n = tb_xml_next(n, "attachment")) {
		pack_att *t = &a->atts[a->natts++];
		char *sup = tb_xml_attr(n, "supports");
		t->id = tb_xml_attr(n, "id");
		t->path = tb_xml_attr(n, "path");
		t->title = tb_xml_child_text(n, "title");
		t->declared = tb_xml_attr(n, "sha256");
		t->supports = strdup("");
		if (!t->supports || (sup && add_words(&t->supports, sup))) {
			free(sup);
			return TB_ENOMEM;
		}
		free(sup);
		if (!t->id || !t->path) {
			unsigned line, col;
			tb_xml_node_pos(n, &line, &col);
			tb_error(ctx, "attachment.path", a->evidence_path, line, col, NULL,
			         N_("an attachment has no id or no path"));
			return TB_ERROR;
		}
	}
	/* Indicators an attachment supports: its own list plus every claim that cites it. */
	sa = tb_xml_child(root, "self-assessment");
	for (it = sa ? tb_xml_child(sa, "item") : NULL; it; it = tb_xml_next(it, "item")) {
		char *ind = tb_xml_attr(it, "indicator"), *cites = tb_xml_attr(it, "attachments");
		const char *p = cites;
		while (ind && p && *p) {
			size_t k, len;
			p += strspn(p, " ");
			len = strcspn(p, " ");
			for (k = 0; len && k < a->natts; k++)
				if (strlen(a->atts[k].id) == len && !memcmp(a->atts[k].id, p, len) &&
				    add_words(&a->atts[k].supports, ind)) {
					free(ind);
					free(cites);
					return TB_ENOMEM;
				}
			p += len;
		}
		free(ind);
		free(cites);
	}
	return TB_OK;
}

/* Fields from the loaded evidence's tree (as read: forgiven full-width digits, quotes and
 * backslashes already made what they mean). */
tb_status pack_app_read_fields(tb_ctx *ctx, pack_app *a, xmlDocPtr doc)
{
	xmlNodePtr root, ap, ct, rc;
	tb_status st;

	root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (!root || strcmp((const char *)root->name, "evidence")) {
		tb_error(ctx, "schema.invalid", a->evidence_path, 1, 1, NULL,
		         N_("the root element must be <evidence>"));
		return TB_ERROR;
	}
	a->program_id = tb_xml_attr(root, "program");
	ap = tb_xml_child(root, "applicant");
	ct = ap ? tb_xml_child(ap, "contact") : NULL;
	rc = tb_xml_child(root, "recommender");
	a->applicant = ap ? tb_xml_child_text(ap, "name") : NULL;
	a->authority = ap ? tb_xml_child_text(ap, "authority") : NULL;
	a->contact_name = ct ? tb_xml_child_text(ct, "name") : NULL;
	a->phone = ct ? tb_xml_child_text(ct, "phone") : NULL;
	a->mobile = ct ? tb_xml_child_text(ct, "mobile") : NULL;
	a->email = ct ? tb_xml_child_text(ct, "email") : NULL;
	a->recommender = rc ? tb_xml_child_text(rc, "name") : NULL;
	/* kind: set from the evidence model by pack_app_validate */
	a->date = tb_xml_child_text(root, "date");
	st = read_attachments(ctx, a, root);
	/* A program without recommending bodies (no quota kinds) leaves these empty. */
	if (st == TB_OK && !a->recommender && !(a->recommender = strdup("")))
		st = TB_ENOMEM;
	if (st == TB_OK && !a->kind && !(a->kind = strdup("")))
		st = TB_ENOMEM;
	if (st == TB_OK && (!a->program_id || !a->applicant)) {
		tb_error(ctx, "schema.invalid", a->evidence_path, 1, 1,
		         N_("run 'tianbiao validate' on it for the details"),
		         N_("the evidence lacks the program or the applicant's name"));
		st = TB_ERROR;
	}
	return st;
}

tb_status pack_app_load(tb_ctx *ctx, const char *evidence_path, pack_scored_fn hook, void *user,
                        pack_app **out)
{
	pack_app *a = calloc(1, sizeof *a);
	tb_status st;

	*out = NULL;
	if (!a)
		return TB_ENOMEM;
	a->evidence_path = strdup(evidence_path);
	a->dir = tb_path_dirname(evidence_path);
	if (!a->evidence_path || !a->dir) {
		pack_app_free(a);
		return TB_ENOMEM;
	}
	st = pack_app_validate(ctx, a, hook, user);
	if (st != TB_OK) {
		pack_app_free(a);
		return st;
	}
	*out = a;
	return TB_OK;
}

tb_status pack_kept_from_app(pack_kept *k, const pack_app *a)
{
	size_t i, n = a->natts + 1;
	char *d = malloc(n * PACK_KEPT_HEX + 1);
	if (!d)
		return TB_ENOMEM;
	for (i = 0; i < n; i++) {
		const char *hex = i ? a->atts[i - 1].seen : a->evidence_sha256;
		size_t len = strlen(hex);
		/* a SHA-256 is 64 hex digits; anything else (nothing seen) keeps as blanks */
		if (len != PACK_KEPT_HEX)
			memset(d + i * PACK_KEPT_HEX, ' ', PACK_KEPT_HEX);
		else
			memcpy(d + i * PACK_KEPT_HEX, hex, PACK_KEPT_HEX);
	}
	d[n * PACK_KEPT_HEX] = '\0';
	k->digests = d;
	k->natts = a->natts;
	return TB_OK;
}
