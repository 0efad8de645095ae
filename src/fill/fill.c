/* fill.c: the public fill and inspect calls: read the template's parts, find and check every
 * tag, then (for fill) expand them with the data and write the package. Templates and data
 * are worked on in memory; files are read first and the result written atomically. */
#include <stdlib.h>
#include <string.h>

#include <libxml/xpathInternals.h>

#include "core/buf.h"
#include "core/ctx.h"
#include "core/file.h"
#include "core/i18n.h"
#include "core/writer.h"
#include "core/xml.h"
#include "data/evidence.h"
#include "fill/fill.h"
#include "fill/fill_int.h"

typedef fill_part part;
typedef fill_tmpl tmpl;

struct tb_fill_parts {
	char **names;
	xmlDocPtr *docs;
	size_t n;
	xmlDocPtr data; /* the XML data the parts were filled from (tb_fill_parts_data) */
	char *tree_only; /* the part whose bytes were not written (main_as_tree), once taken */
	bool tree_only_taken;
	fill_validation *validation; /* still running (tb_fill_parts_finish) */
};

static int has_prefix(const char *s, const char *p)
{
	return !strncmp(s, p, strlen(p));
}

static int is_tag_part(const tb_pkg *pkg, const char *name)
{
	size_t n = strlen(name);
	if (tb_pkg_kind_of(pkg) == TB_PKG_ODT)
		return !strcmp(name, "content.xml") || !strcmp(name, "styles.xml");
	if (!strcmp(name, tb_pkg_main(pkg)))
		return 1; /* wherever the relationships put it (Word for the web: document2.xml) */
	if (n < 4 || strcmp(name + n - 4, ".xml") || strncmp(name, "word/", 5) || strchr(name + 5, '/'))
		return 0;
	/* comments too: docxtemplater fills them, and a reviewer's note may carry a tag */
	return has_prefix(name, "word/header") ||
	       has_prefix(name, "word/footer") || !strcmp(name, "word/footnotes.xml") ||
	       !strcmp(name, "word/endnotes.xml") || !strcmp(name, "word/comments.xml");
}

static void tmpl_free(tmpl *t)
{
	size_t i;
	for (i = 0; i < t->nparts; i++)
		tb_xml_free(t->parts[i].doc);
	free(t->parts);
	tb_pkg_free(t->pkg);
	memset(t, 0, sizeof *t);
}

static void doc_free(fill_doc *d)
{
	size_t i;
	fill_prepared_release(d); /* a borrowed table: only its array was d's */
	for (i = 0; i < d->ntags; i++) {
		tb_tag_clear(&d->tags[i].tag);
		free(d->tags[i].text);
		free(d->tags[i].where);
		free(d->tags[i].around);
		xmlXPathFreeCompExpr(d->tags[i].comp);
	}
	free(d->tags);
	free(d->data_dir);
	if (d->xp)
		xmlXPathFreeContext(d->xp);
	if (d->xp_lookup)
		xmlXPathFreeContext(d->xp_lookup);
	fill_lookups_free(d);
	memset(d, 0, sizeof *d);
}

static size_t diag_total(const tb_ctx *ctx)
{
	return tb_diag_count_severity(ctx, TB_SEV_NOTE) + tb_diag_count_severity(ctx, TB_SEV_WARNING) +
	       tb_diag_count_severity(ctx, TB_SEV_ERROR);
}

/* Open the template (bytes that stay alive while `t` does) and scan its tags, or take a copy
 * of what an earlier fill in this context prepared from the same bytes (prepared.c); *cost is
 * left 0 in that case. */
static tb_status load_parts(tb_ctx *ctx, const char *path, const void *bytes, size_t blen,
                            const tb_fill_options *opts, fill_doc *d, tmpl *t, size_t *cost_out)
{
	size_t i, cost = blen, diags = diag_total(ctx);
	tb_status st;
	xmlDocPtr *docs;
	tb_fill_syntax syntax = opts->version >= 2 ? opts->syntax : TB_FILL_SYNTAX_AUTO;

	memset(d, 0, sizeof *d);
	memset(t, 0, sizeof *t);
	d->ctx = ctx;
	d->opts = opts;
	d->template_path = path;
	if ((st = tb_options_check(ctx, "tb_fill_options", opts->version,
	                           TB_FILL_OPTIONS_VERSION)) != TB_OK)
		return st;
	st = tb_pkg_open_mem(ctx, path, bytes, blen, &t->pkg);
	if (st != TB_OK)
		return st;
	d->kind = tb_pkg_kind_of(t->pkg);
	t->parts = calloc(tb_pkg_count(t->pkg) + 1, sizeof *t->parts);
	if (!t->parts)
		return TB_ENOMEM;
	*cost_out = 0;
	if (diag_total(ctx) == diags &&
	    (st = fill_prepared_use(ctx, bytes, blen, opts, d, t)) != TB_ENOTFOUND)
		return st;
	for (i = 0; i < tb_pkg_count(t->pkg); i++) {
		const char *name = tb_pkg_name(t->pkg, i), *data;
		size_t len;
		part *p;
		if (!is_tag_part(t->pkg, name))
			continue;
		p = &t->parts[t->nparts];
		p->name = name;
		p->index = i;
		data = tb_pkg_data(t->pkg, i, &len);
		if (!data)
			return TB_ERROR;
		cost += len;
		st = tb_xml_read(ctx, name, data, len, 0, &p->doc);
		if (st != TB_OK)
			return st;
		t->nparts++;
	}
	/* The syntax decides the tags' reading and the default delimiters. */
	if (syntax == TB_FILL_SYNTAX_AUTO) {
		d->syntax = FILL_SYNTAX_NATIVE;
		if (!opts->delimiters) {
			if (!(docs = malloc((t->nparts + 1) * sizeof *docs)))
				return TB_ENOMEM;
			for (i = 0; i < t->nparts; i++)
				docs[i] = t->parts[i].doc;
			st = fill_detect_syntax(d, docs, t->nparts, &d->syntax);
			free(docs);
			if (st != TB_OK)
				return st;
		}
	} else
		d->syntax = syntax == TB_FILL_SYNTAX_DOCXTEMPLATER ? FILL_SYNTAX_DT : FILL_SYNTAX_NATIVE;
	if (tb_delims_parse(opts->delimiters ? opts->delimiters
	                                     : d->syntax == FILL_SYNTAX_DT ? "{ }" : NULL,
	                    &d->delims) != 0) {
		tb_error(ctx, "fill.delimiters", NULL, 0, 0,
		         N_("Give two delimiters separated by a space, e.g. '{{ }}' or '{ }'."),
		         N_("\"%s\" is not a pair of delimiters"), opts->delimiters);
		return TB_EINVAL;
	}
	for (i = 0; i < t->nparts; i++) {
		part *p = &t->parts[i];
		p->first = d->ntags;
		st = fill_scan_part(d, p->name, p->doc);
		if (st != TB_OK)
			return st;
		p->end = d->ntags;
		if ((st = fill_structure(d, p->first, p->end)) != TB_OK)
			return st;
		/* A part without tags is written as its bytes and read from them: its tree
		 * (an ODT's styles.xml: 1.2 MB of nodes) is not kept, prepared or copied. */
		if (p->first == p->end) {
			tb_xml_free(p->doc);
			p->doc = NULL;
		}
	}
	*cost_out = cost;
	return TB_OK;
}

/* load_parts in a tree edit: the scan joins runs, marks checkboxes and compiles XPath with
 * libxml2, whose failed allocations mostly show only to the error handler (a copied run
 * without its properties, a mark attribute not set, an expression compiled short). Any of
 * them fails the load, before a wrong template could be kept for the rest of the context. */
static tb_status load(tb_ctx *ctx, const char *path, const void *bytes, size_t blen,
                      const tb_fill_options *opts, fill_doc *d, tmpl *t)
{
	size_t cost = 0, diags = diag_total(ctx);
	tb_xml_edit edit;
	tb_status st;

	tb_xml_edit_begin(&edit);
	st = load_parts(ctx, path, bytes, blen, opts, d, t, &cost);
	if (tb_xml_edit_end(&edit) != TB_OK && st == TB_OK)
		st = TB_ENOMEM;
	/* Kept only when nothing was said: a fill from the cache could not say it again. */
	if (st == TB_OK && cost && !d->nreports && diag_total(ctx) == diags)
		fill_prepared_keep(ctx, bytes, blen, cost, opts, d, t);
	return st;
}

static tb_status check_output(tb_ctx *ctx, tb_pkg_kind kind, const char *out)
{
	char ext[16];
	const char *want = kind == TB_PKG_DOCX ? "docx" : "odt";
	tb_path_ext(out, ext, sizeof ext);
	if (!strcmp(ext, want))
		return TB_OK;
	tb_error(ctx, "fill.output", out, 0, 0,
	         N_("Name the output like the template (.docx for a .docx template, .odt for .odt)."),
	         N_("cannot write a .%s file from a .%s template"), ext, want);
	return TB_EINVAL;
}

/* Is there a program.xml for this program id under the data directory? */
static int program_installed(tb_ctx *ctx, const char *id)
{
	char *rel, *path;
	tb_buf b = TB_BUF_INIT;
	int found;

	if (!id || tb_path_check_relative(id) != TB_PATH_OK || strchr(id, '/'))
		return 0;
	if (tb_buf_printf(&b, "templates/programs/%s/program.xml", id)) {
		tb_buf_free(&b);
		return 0;
	}
	rel = tb_buf_detach(&b, NULL);
	path = tb_ctx_data_path(ctx, rel);
	found = path && tb_file_exists(path);
	free(path);
	free(rel);
	return found;
}

/* Move the filled parts' trees out of `t`, and an XML data's tree out of `data`, into a
 * new *out. */
static tb_status keep_parts(tmpl *t, fill_data *data, const char *tree_only, tb_fill_parts **out)
{
	tb_fill_parts *p = calloc(1, sizeof *p);
	size_t i;
	if (!p || !(p->names = calloc(t->nparts + 1, sizeof *p->names)) ||
	    !(p->docs = calloc(t->nparts + 1, sizeof *p->docs))) {
		tb_fill_parts_free(p);
		return TB_ENOMEM;
	}
	for (i = 0; i < t->nparts; i++) {
		if (t->parts[i].first == t->parts[i].end)
			continue;
		if (!(p->names[p->n] = strdup(t->parts[i].name))) {
			tb_fill_parts_free(p);
			return TB_ENOMEM;
		}
		p->docs[p->n++] = t->parts[i].doc;
		t->parts[i].doc = NULL;
	}
	if (!data->json) {
		p->data = data->doc;
		data->doc = NULL;
	}
	if (tree_only && !(p->tree_only = strdup(tree_only))) {
		tb_fill_parts_free(p);
		return TB_ENOMEM;
	}
	*out = p;
	return TB_OK;
}

struct _xmlDoc *tb_fill_parts_take(void *parts, const char *name)
{
	tb_fill_parts *p = parts;
	xmlDocPtr d;
	size_t i;
	for (i = 0; p && i < p->n; i++)
		if (p->docs[i] && !strcmp(p->names[i], name)) {
			d = p->docs[i];
			p->docs[i] = NULL;
			if (p->tree_only && !strcmp(p->tree_only, name))
				p->tree_only_taken = true;
			return d;
		}
	if (p && p->tree_only_taken && !strcmp(p->tree_only, name))
		return xmlNewDoc(BAD_CAST "1.0"); /* no root: refused, never the unfilled bytes */
	return NULL;
}

struct _xmlDoc *tb_fill_parts_data(const tb_fill_parts *parts)
{
	return parts ? parts->data : NULL;
}

tb_status tb_fill_parts_finish(tb_ctx *ctx, tb_fill_parts *p, tb_status st)
{
	fill_validation *v;
	if (!p)
		return st;
	v = p->validation;
	p->validation = NULL;
	return fill_validation_finish(ctx, v, st);
}

void tb_fill_parts_free(tb_fill_parts *p)
{
	size_t i;
	if (!p)
		return;
	fill_validation_discard(p->validation);
	tb_xml_free(p->data);
	for (i = 0; i < p->n; i++) {
		tb_xml_free(p->docs[i]);
		free(p->names[i]);
	}
	free(p->names);
	free(p->docs);
	free(p->tree_only);
	free(p);
}

/* Fill the template's bytes with the data's bytes into `out`. `out_path`, when writing a
 * file, is checked against the template's format first. */
static tb_status fill_run(tb_ctx *ctx, const char *tname, const void *tbytes, size_t tlen,
                          const char *dname, const char *dbytes, size_t dlen, const char *out_path,
                          tb_writer *out, const tb_fill_options *opts, bool main_as_tree,
                          tb_fill_parts **parts)
{
	const char *tree_only = NULL;
	fill_doc d;
	tmpl t;
	fill_data data;
	xmlNodePtr root;
	tb_xml_edit edit;
	fill_validation *beside = NULL;
	tb_status st;
	size_t i;

	memset(&data, 0, sizeof data);
	/* From the template's scan to the parts' serialisation, libxml2 builds, copies and
	 * evaluates: a failed allocation anywhere in it (libxml2's or ours) fails the fill
	 * instead of leaving a part short of something. */
	tb_xml_edit_begin(&edit);
	st = load(ctx, tname, tbytes, tlen, opts, &d, &t);
	if (st == TB_OK && out_path)
		st = check_output(ctx, d.kind, out_path);
	if (st == TB_OK)
		st = fill_data_read(ctx, dname, dbytes, dlen, &data);
	if (st != TB_OK)
		goto done;
	if (d.nerrors) {
		st = TB_ERROR;
		goto done;
	}
	root = xmlDocGetRootElement(data.doc);
	/* Evidence of an installed program is validated first: filling a form from evidence
	 * that breaks the program's rules would only produce a wrong form. Any other XML (or
	 * evidence of a program not installed here) is filled as it is. */
	if (opts->validate && !data.json && root && !strcmp((const char *)root->name, "evidence")) {
		char *prog = tb_xml_attr(root, "program");
		/* A context making one document has it done beside, while it fills and lays out;
		 * the caller of the parts hears the outcome (tb_fill_parts_finish). */
		if (program_installed(ctx, prog) &&
		    !(parts && tb_ctx_one_document(ctx) &&
		      (beside = fill_validation_start(ctx, dname, dbytes, dlen)) != NULL)) {
			tb_evidence *e = NULL;
			st = tb_evidence_load_mem(ctx, dname, dbytes, dlen, NULL, &e);
			tb_evidence_free(e);
		}
		free(prog);
		if (st != TB_OK)
			goto done;
	}
	d.xp = xmlXPathNewContext(data.doc);
	d.xp_lookup = xmlXPathNewContext(data.doc);
	if (d.xp)
		d.xp->opLimit = FILL_XPATH_OPS;
	if (d.xp_lookup)
		d.xp_lookup->opLimit = FILL_XPATH_OPS;
	d.data = &data;
	d.data_dir = tb_path_dirname(dname);
	d.pkg = t.pkg;
	if (!d.xp || !d.xp_lookup || !d.data_dir || !root || tb_xml_edit_failed()) {
		st = root ? TB_ENOMEM : TB_ERROR;
		goto done;
	}
	d.scope[0] = root;
	fill_xpath_setup(&d, d.xp);
	fill_check_conditions(&d);
	for (i = 0; i < t.nparts && st == TB_OK; i++) {
		if (t.parts[i].first == t.parts[i].end)
			continue;
		d.part_name = t.parts[i].name;
		st = fill_expand_part(&d, t.parts[i].doc);
	}
	if (st == TB_OK && edit.nomem)
		st = TB_ENOMEM;
	if (st == TB_OK && d.nerrors)
		st = TB_ERROR;
	for (i = 0; i < t.nparts && st == TB_OK; i++) {
		size_t len = 0;
		char *mem;
		if (t.parts[i].first == t.parts[i].end)
			continue; /* untouched: the original bytes are written */
		if (main_as_tree && parts && !strcmp(t.parts[i].name, tb_pkg_main(t.pkg))) {
			tree_only = t.parts[i].name; /* its tree is all the caller reads */
			continue;
		}
		mem = tb_xml_dump(t.parts[i].doc, &len);
		/* The tree is done with, unless the caller renders it next (parts): its memory
		 * (most of a big fill's) goes before the package is deflated. */
		if (!parts) {
			tb_xml_free(t.parts[i].doc);
			t.parts[i].doc = NULL;
		}
		st = mem ? tb_pkg_set(t.pkg, t.parts[i].name, mem, len, 0) : TB_ENOMEM;
	}
	if (st == TB_OK && edit.nomem)
		st = TB_ENOMEM; /* the serialisation's */
	if (st == TB_OK)
		st = tb_pkg_write_to(ctx, t.pkg, out_path ? out_path : tname, out);
	if (st == TB_OK && parts)
		st = keep_parts(&t, &data, tree_only, parts);
	if (st == TB_OK && beside) {
		(*parts)->validation = beside;
		beside = NULL;
	}
done:
	if (tb_xml_edit_end(&edit) != TB_OK && st == TB_OK)
		st = TB_ENOMEM;
	tmpl_free(&t);
	doc_free(&d);
	fill_data_free(&data);
	return fill_validation_finish(ctx, beside, st);
}

/* Templates and data files are read whole: they are small, and the fill works in memory. */
#define FILL_MAX_TEMPLATE_BYTES ((size_t)512 << 20)

tb_status tb_fill_mem(tb_ctx *ctx, const char *template_name, const void *template_bytes,
                      size_t tmpl_len, const char *data_name, const void *data, size_t data_len,
                      tb_writer *out, const tb_fill_options *opts)
{
	static const tb_fill_options dflt = TB_FILL_OPTIONS_INIT;
	if (!ctx || !template_bytes || !data || !out || !out->write)
		return TB_EINVAL;
	if (!opts)
		opts = &dflt;
	return fill_run(ctx, template_name ? template_name : "template", template_bytes, tmpl_len,
	                data_name ? data_name : "data.xml", data, data_len, NULL, out, opts, false,
	                NULL);
}

tb_status tb_fill_mem_parts(tb_ctx *ctx, const char *template_name, const void *template_bytes,
                            size_t tmpl_len, const char *data_name, const void *data,
                            size_t data_len, tb_writer *out, const tb_fill_options *opts,
                            bool main_as_tree, tb_fill_parts **parts)
{
	static const tb_fill_options dflt = TB_FILL_OPTIONS_INIT;
	if (!parts)
		return TB_EINVAL;
	*parts = NULL;
	if (!ctx || !template_bytes || !data || !out || !out->write)
		return TB_EINVAL;
	if (!opts)
		opts = &dflt;
	return fill_run(ctx, template_name ? template_name : "template", template_bytes, tmpl_len,
	                data_name ? data_name : "data.xml", data, data_len, NULL, out, opts,
	                main_as_tree, parts);
}

tb_status tb_fill_file(tb_ctx *ctx, const char *template_path, const char *data_path,
                       const char *out_path, const tb_fill_options *opts)
{
	static const tb_fill_options dflt = TB_FILL_OPTIONS_INIT;
	char *tbytes = NULL, *dbytes = NULL;
	size_t tlen = 0, dlen = 0;
	tb_file_writer *fw = NULL;
	tb_status st;

	if (!ctx || !template_path || !data_path || !out_path)
		return TB_EINVAL;
	if (!opts)
		opts = &dflt;
	st = tb_file_read(ctx, template_path, FILL_MAX_TEMPLATE_BYTES, &tbytes, &tlen);
	if (st == TB_OK)
		st = tb_file_read(ctx, data_path, TB_XML_MAX_BYTES, &dbytes, &dlen);
	if (st == TB_OK)
		st = tb_file_writer_open(ctx, out_path, &fw);
	if (st == TB_OK)
		st = fill_run(ctx, template_path, tbytes, tlen, data_path, dbytes, dlen, out_path,
		              tb_file_writer_get(fw), opts, false, NULL);
	st = tb_file_writer_finish(fw, st);
	free(tbytes);
	free(dbytes);
	return st;
}

/* ---- inspect ---- */

typedef struct insp {
	char *part, *where, *text, *expr, *fmts;
	tb_fill_tag_kind kind;
} insp;

struct tb_fill_tags {
	insp *t;
	size_t n;
};

static tb_fill_tag_kind public_kind(const fill_tag *t)
{
	int i;
	switch (t->tag.kind) {
	case TB_TAG_OPEN: return TB_FILL_TAG_SECTION;
	case TB_TAG_INVERT: return TB_FILL_TAG_INVERTED;
	case TB_TAG_CLOSE: return TB_FILL_TAG_CLOSE;
	case TB_TAG_IMAGE: return TB_FILL_TAG_IMAGE;
	case TB_TAG_CHECKBOX: return TB_FILL_TAG_CHECKBOX;
	default:
		for (i = 0; i < t->tag.nfmt; i++)
			if (!strcmp(t->tag.fmt[i].name, "image"))
				return TB_FILL_TAG_IMAGE;
		return TB_FILL_TAG_VALUE;
	}
}

static char *fmt_list(const tb_tag *t)
{
	tb_buf b = TB_BUF_INIT;
	int i, k;
	tb_buf_puts(&b, "");
	for (i = 0; i < t->nfmt; i++) {
		if (i)
			tb_buf_puts(&b, " | ");
		tb_buf_puts(&b, t->fmt[i].name);
		if (t->fmt[i].nargs) {
			tb_buf_putc(&b, '(');
			for (k = 0; k < t->fmt[i].nargs; k++) {
				if (k)
					tb_buf_puts(&b, ", ");
				tb_buf_printf(&b, t->fmt[i].is_str[k] ? "\"%s\"" : "%s", t->fmt[i].args[k]);
			}
			tb_buf_putc(&b, ')');
		}
	}
	return tb_buf_detach(&b, NULL);
}

tb_status tb_fill_inspect(tb_ctx *ctx, const char *template_path, const tb_fill_options *opts,
                          tb_fill_tags **out)
{
	tb_fill_options dflt = TB_FILL_OPTIONS_INIT;
	fill_doc d;
	tmpl t;
	tb_status st;
	tb_fill_tags *r;
	char *bytes = NULL;
	size_t i, blen = 0;

	if (!ctx || !template_path || !out)
		return TB_EINVAL;
	*out = NULL;
	if (!opts)
		opts = &dflt;
	memset(&d, 0, sizeof d);
	memset(&t, 0, sizeof t);
	st = tb_file_read(ctx, template_path, FILL_MAX_TEMPLATE_BYTES, &bytes, &blen);
	if (st == TB_OK)
		st = load(ctx, template_path, bytes, blen, opts, &d, &t);
	r = calloc(1, sizeof *r);
	if (r && d.ntags)
		r->t = calloc(d.ntags, sizeof *r->t);
	if (!r || (d.ntags && !r->t)) {
		free(r);
		r = NULL;
		if (st == TB_OK)
			st = TB_ENOMEM;
	}
	for (i = 0; r && i < d.ntags; i++) {
		fill_tag *ft = &d.tags[i];
		insp *x = &r->t[r->n++];
		x->part = strdup(ft->part ? ft->part : "");
		x->where = strdup(ft->where ? ft->where : "");
		x->text = strdup(ft->text ? ft->text : "");
		x->expr = strdup(ft->tag.xpath ? ft->tag.xpath : "");
		x->fmts = fmt_list(&ft->tag);
		x->kind = public_kind(ft);
	}
	if (st == TB_OK && d.nerrors)
		st = TB_ERROR;
	tmpl_free(&t);
	doc_free(&d);
	free(bytes);
	if (r && (st == TB_OK || st == TB_ERROR))
		*out = r;
	else
		tb_fill_tags_free(r);
	return st;
}

void tb_fill_tags_free(tb_fill_tags *tags)
{
	size_t i;
	if (!tags)
		return;
	for (i = 0; i < tags->n; i++) {
		free(tags->t[i].part);
		free(tags->t[i].where);
		free(tags->t[i].text);
		free(tags->t[i].expr);
		free(tags->t[i].fmts);
	}
	free(tags->t);
	free(tags);
}

size_t tb_fill_tags_count(const tb_fill_tags *tags) { return tags ? tags->n : 0; }
const char *tb_fill_tag_part(const tb_fill_tags *tags, size_t i) { return tags->t[i].part; }
const char *tb_fill_tag_location(const tb_fill_tags *tags, size_t i) { return tags->t[i].where; }
tb_fill_tag_kind tb_fill_tag_kind_of(const tb_fill_tags *tags, size_t i) { return tags->t[i].kind; }
const char *tb_fill_tag_text(const tb_fill_tags *tags, size_t i) { return tags->t[i].text; }
const char *tb_fill_tag_expression(const tb_fill_tags *tags, size_t i) { return tags->t[i].expr; }
const char *tb_fill_tag_formatters(const tb_fill_tags *tags, size_t i) { return tags->t[i].fmts; }

const char *tb_fill_tag_kind_name(tb_fill_tag_kind kind)
{
	static const char *const names[] = {"value", "section", "inverted", "close", "image", "checkbox"};
	return (unsigned)kind < sizeof names / sizeof names[0] ? names[kind] : "?";
}
