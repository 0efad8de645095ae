/* skeleton.c: `tianbiao init`: a commented evidence skeleton generated from the program's
 * data (form fields and their labels, target options, recommender kinds, every leaf
 * indicator with its title and weight), so an applicant never starts from a blank page.
 * The skeleton parses and passes the schema; its empty values are what validation lists. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/ctx.h"
#include "core/file.h"
#include "core/i18n.h"
#include "data/decimal.h"
#include "data/program.h"
#include "tianbiao/tb_evidence.h"

#define SKELETON_MAX (8u * 1024 * 1024)

/* Text safe inside <!-- -->: no "--", no trailing "-", line breaks kept as spaces. */
static void put_comment_text(tb_buf *b, const char *s)
{
	size_t start = b->len;
	for (; s && *s; s++) {
		char c = *s == '\n' || *s == '\r' || *s == '\t' ? ' ' : *s;
		if (c == '-' && b->len > start && b->data[b->len - 1] == '-')
			tb_buf_putc(b, ' ');
		tb_buf_putc(b, c);
	}
	if (b->len > start && b->data[b->len - 1] == '-')
		tb_buf_putc(b, ' ');
}

static void indent(tb_buf *b, int depth)
{
	int i;
	for (i = 0; i < depth; i++)
		tb_buf_puts(b, "  ");
}

/* The labels of the form fields filled from `path` (the element itself, or its attributes
 * when attrs is set), as " <!-- label (required); ... -->". */
static void field_comment(tb_buf *b, const tb_program *p, const char *path, int attrs)
{
	size_t i, n = tb_program_field_count(p), plen = strlen(path);
	int any = 0;
	for (i = 0; i < n; i++) {
		const char *fp = tb_program_field_path(p, i);
		const char *attr = NULL;
		if (!fp)
			continue;
		if (attrs && !strncmp(fp, path, plen) && !strncmp(fp + plen, "/@", 2))
			attr = fp + plen + 2;
		else if (strcmp(fp, path) != 0)
			continue;
		tb_buf_puts(b, any ? "; " : "  <!-- ");
		if (attr) {
			put_comment_text(b, attr);
			tb_buf_puts(b, ": ");
		}
		put_comment_text(b, tb_program_field_label(p, i));
		if (tb_program_field_required(p, i))
			tb_buf_puts(b, _(" (required)"));
		any = 1;
	}
	if (any)
		tb_buf_puts(b, " -->");
}

static void leaf(tb_buf *b, const tb_program *p, int depth, const char *name, const char *path)
{
	indent(b, depth);
	tb_buf_printf(b, "<%s></%s>", name, name);
	field_comment(b, p, path, 0);
	tb_buf_putc(b, '\n');
}

static void open_el(tb_buf *b, const tb_program *p, int depth, const char *tag,
                    const char *path)
{
	indent(b, depth);
	tb_buf_printf(b, "<%s>", tag);
	if (path)
		field_comment(b, p, path, 0);
	tb_buf_putc(b, '\n');
}

static void close_el(tb_buf *b, int depth, const char *name)
{
	indent(b, depth);
	tb_buf_printf(b, "</%s>\n", name);
}

static void paragraphs(tb_buf *b, const tb_program *p, int depth, const char *name,
                       const char *path)
{
	open_el(b, p, depth, name, path);
	indent(b, depth + 1);
	tb_buf_puts(b, "<p></p>\n");
	close_el(b, depth, name);
}

static void write_header(tb_buf *b, const tb_program *p)
{
	tb_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- ");
	put_comment_text(b, tb_program_title(p));
	tb_buf_puts(b, "\n     ");
	put_comment_text(b, tb_program_issuer(p));
	if (tb_program_deadline(p)) {
		tb_buf_printf(b, " · %s ", _("deadline"));
		put_comment_text(b, tb_program_deadline(p));
	}
	tb_buf_printf(b, "\n     %s\n     %s\n     %s -->\n",
	              _("Fill in every element; fields marked (required) must not stay empty."),
	              _("Long texts: one <p> per paragraph. Amounts in 10,000 yuan (万元)."),
	              _("Check your work with: tianbiao validate evidence.xml"));
	tb_buf_printf(b, "<evidence program=\"%s\" version=\"1\">\n", tb_program_id(p));
}

static void write_applicant(tb_buf *b, const tb_program *p)
{
	size_t i;

	open_el(b, p, 1, "applicant", NULL);
	leaf(b, p, 2, "name", "applicant/name");
	leaf(b, p, 2, "postcode", "applicant/postcode");
	leaf(b, p, 2, "address", "applicant/address");
	leaf(b, p, 2, "authority", "applicant/authority");
	open_el(b, p, 2, "contact", NULL);
	leaf(b, p, 3, "name", "applicant/contact/name");
	leaf(b, p, 3, "phone", "applicant/contact/phone");
	leaf(b, p, 3, "mobile", "applicant/contact/mobile");
	leaf(b, p, 3, "email", "applicant/contact/email");
	leaf(b, p, 3, "fax", "applicant/contact/fax");
	close_el(b, 2, "contact");
	close_el(b, 1, "applicant");

	if (tb_program_quota_count(p) > 0) {
		tb_buf_printf(b, "\n  <!-- %s\n", _("kind of recommending body, one of:"));
		for (i = 0; i < tb_program_quota_count(p); i++) {
			tb_buf_printf(b, "       %-20s ", tb_program_quota_kind(p, i));
			put_comment_text(b, tb_program_quota_label(p, i));
			tb_buf_printf(b, " (%s %u)\n", _("quota"), tb_program_quota_max(p, i));
		}
		tb_buf_puts(b, "  -->\n  <recommender kind=\"\">\n");
	} else
		tb_buf_puts(b, "\n  <recommender>\n");
	leaf(b, p, 2, "name", "recommender/name");
	close_el(b, 1, "recommender");
	tb_buf_puts(b, "\n");
	leaf(b, p, 1, "date", "date");
}

static void write_targets(tb_buf *b, const tb_program *p)
{
	size_t i;

	if (tb_program_target_count(p) == 0)
		return; /* the program's form has no service-target options */
	tb_buf_puts(b, "\n");
	open_el(b, p, 1, "service-targets", "service-targets/target");
	tb_buf_printf(b, "    <!-- %s\n", _("one <target ref=\"...\"/> per target served, from:"));
	for (i = 0; i < tb_program_target_count(p); i++) {
		tb_buf_printf(b, "         <target ref=\"%s\"/>%*s", tb_program_target_id(p, i),
		              (int)(16 - strlen(tb_program_target_id(p, i)) > 0
		                        ? 16 - strlen(tb_program_target_id(p, i))
		                        : 1),
		              "");
		put_comment_text(b, tb_program_target_label(p, i));
		tb_buf_puts(b, "\n");
	}
	tb_buf_puts(b, "    -->\n");
	close_el(b, 1, "service-targets");
}

static void write_numbers(tb_buf *b, const tb_program *p)
{
	static const char *const facilities[] = {
		"area", "open-days", "desk-sets", "capacity", "computers", "tvs", "library-rooms",
		"books", "training-materials", "gallery-length", "gallery-update-months", "other"};
	static const char *const sources[] = {"fiscal", "self", "superior", "other"};
	char path[64];
	size_t i;

	tb_buf_puts(b, "\n  <staff total=\"\" full-time=\"\" part-time=\"\"/>");
	field_comment(b, p, "staff", 1);
	tb_buf_puts(b, "\n\n");
	open_el(b, p, 1, "awards", "awards/award");
	tb_buf_printf(b, "    <!-- %s\n", _("one per award:"));
	tb_buf_puts(b, "    <award year=\"2020\" level=\"\">\n      <title></title>\n"
	               "      <issuer></issuer>\n    </award>\n    -->\n");
	close_el(b, 1, "awards");

	tb_buf_puts(b, "\n  <funding total=\"\">");
	field_comment(b, p, "funding", 1);
	tb_buf_puts(b, "\n");
	for (i = 0; i < 4; i++) {
		snprintf(path, sizeof path, "funding/%s", sources[i]);
		leaf(b, p, 2, sources[i], path);
	}
	close_el(b, 1, "funding");

	tb_buf_puts(b, "\n");
	open_el(b, p, 1, "facilities", NULL);
	for (i = 0; i < sizeof facilities / sizeof facilities[0]; i++) {
		snprintf(path, sizeof path, "facilities/%s", facilities[i]);
		leaf(b, p, 2, facilities[i], path);
	}
	close_el(b, 1, "facilities");
}

static void write_texts(tb_buf *b, const tb_program *p)
{
	tb_buf_puts(b, "\n");
	paragraphs(b, p, 1, "summary", "summary");
	paragraphs(b, p, 1, "plan", "plan");
	open_el(b, p, 1, "opinions", NULL);
	paragraphs(b, p, 2, "applicant", "opinions/applicant");
	paragraphs(b, p, 2, "recommender", "opinions/recommender");
	close_el(b, 1, "opinions");

	tb_buf_puts(b, "\n");
	open_el(b, p, 1, "attachments", "attachments/attachment");
	tb_buf_printf(b, "    <!-- %s\n",
	              _("one per file; path relative to this file's folder; supports lists "
	                "indicator ids:"));
	tb_buf_puts(b, "    <attachment id=\"a1\" path=\"files/example.pdf\" supports=\"\">\n"
	               "      <title></title>\n    </attachment>\n    -->\n");
	close_el(b, 1, "attachments");
}

/* Scoring criteria and the conditions their rules depend on (docs/scoring.md), as
 * commented-out elements the applicant may fill in. */
static void write_criteria(tb_buf *b, const tb_indicator *ind)
{
	size_t i, k;
	char w[40];

	for (i = 0; i < ind->criterion_count; i++) {
		const tb_criterion *c = &ind->criteria[i];
		tb_points_format(c->max, w, sizeof w);
		tb_buf_puts(b, "      <!-- <criterion ref=\"");
		put_comment_text(b, c->id);
		tb_buf_printf(b, "\" points=\"\"/>  max %s: ", w);
		put_comment_text(b, c->text);
		tb_buf_puts(b, " -->\n");
	}
	/* conditions come after the criteria (the schema's order) */
	for (i = 0; i < ind->criterion_count; i++) {
		const tb_criterion *c = &ind->criteria[i];
		for (k = 0; k < c->rule_count; k++) {
			const tb_rule *r = &c->rules[k];
			if (!r->condition)
				continue;
			tb_buf_puts(b, "      <!-- <condition ref=\"");
			put_comment_text(b, r->condition);
			tb_buf_puts(b, "\" met=\"false\"/>  ");
			put_comment_text(b, r->text);
			tb_buf_puts(b, " -->\n");
		}
	}
}

static void write_claims(tb_buf *b, const tb_program *p)
{
	size_t i, n = tb_program_indicator_count(p);
	char w[40];

	tb_buf_printf(b, "\n  <!-- %s -->\n",
	              _("self-assessment: claimed points (0 up to the weight), an explanation and "
	                "the ids of the attachments that prove it"));
	tb_buf_puts(b, "  <self-assessment>\n");
	for (i = 0; i < n; i++) {
		const tb_indicator *ind = tb_program_indicator_at(p, i);
		tb_points_format(tb_indicator_weight(ind), w, sizeof w);
		if (tb_indicator_child_count(ind) > 0) {
			tb_buf_puts(b, "\n    <!-- ");
			put_comment_text(b, tb_indicator_id(ind));
			tb_buf_puts(b, " ");
			put_comment_text(b, tb_indicator_title(ind));
			tb_buf_printf(b, " (%s) -->\n", w);
			continue;
		}
		tb_buf_puts(b, "    <!-- ");
		put_comment_text(b, tb_indicator_id(ind));
		tb_buf_printf(b, " [%s %s] ", _("weight"), w);
		put_comment_text(b, tb_indicator_title(ind));
		if (tb_indicator_evidence(ind)) {
			tb_buf_printf(b, "\n         %s: ", _("evidence"));
			put_comment_text(b, tb_indicator_evidence(ind));
		}
		if (tb_indicator_char_limit(ind))
			tb_buf_printf(b, "\n         %s %u", _("explanation: at most characters:"),
			              tb_indicator_char_limit(ind));
		tb_buf_printf(b, " -->\n    <item indicator=\"%s\" points=\"\" attachments=\"\">\n"
		                 "      <explanation></explanation>\n",
		              tb_indicator_id(ind));
		write_criteria(b, ind);
		tb_buf_puts(b, "    </item>\n");
	}
	tb_buf_puts(b, "  </self-assessment>\n</evidence>\n");
}

tb_status tb_evidence_write_skeleton(tb_ctx *ctx, const char *program_id, const char *path)
{
	const tb_program *p = NULL;
	char **ids = NULL;
	size_t n = 0, i;
	int found = 0;
	tb_buf b;
	tb_status st;

	if (!ctx || !program_id)
		return TB_EINVAL;
	if (tb_program_list(ctx, &ids, &n) == TB_OK) {
		for (i = 0; i < n; i++)
			found |= !strcmp(ids[i], program_id);
		tb_strv_free(ids, n);
	}
	if (!found) {
		tb_error(ctx, "program.unknown", NULL, 0, 0,
		         N_("write the id of an installed program; 'tianbiao programs' lists them"),
		         N_("unknown program \"%s\""), program_id);
		return TB_ENOTFOUND;
	}
	if ((st = tb_program_load(ctx, program_id, &p)) != TB_OK)
		return st;
	tb_buf_init(&b, SKELETON_MAX);
	write_header(&b, p);
	write_applicant(&b, p);
	write_targets(&b, p);
	write_numbers(&b, p);
	write_texts(&b, p);
	write_claims(&b, p);
	if (!b.data || b.len + 1 >= SKELETON_MAX) {
		tb_buf_free(&b);
		return TB_ENOMEM;
	}
	if (!path || !strcmp(path, "-")) {
		st = fwrite(b.data, 1, b.len, stdout) == b.len && fflush(stdout) == 0 ? TB_OK : TB_EIO;
		if (st)
			tb_error(ctx, "io.write", "-", 0, 0, NULL, N_("cannot write to standard output"));
	} else
		st = tb_file_write_atomic(ctx, path, b.data, b.len);
	tb_buf_free(&b);
	return st;
}
