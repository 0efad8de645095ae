/* docx_read.c: DOCX (WordprocessingML) → document model: body, sections, paragraphs, runs,
 * fields, tables, images, bookmarks, headers and footers. Styles and property elements are
 * in docx_props.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/ctx.h"
#include "core/opc.h"
#include "core/utf8.h"
#include "core/xml.h"
#include "doc/docx.h"

#define MAX_RELS 10000

typedef docx_target target;

static tb_status read_blocks(docx_reader *r, xmlNodePtr parent, target *tg);

static tb_block *add_block(docx_reader *r, target *tg, tb_block_kind kind)
{
	return tg->cell ? tb_cell_add_block(r->doc, tg->cell, kind) :
	                  tb_story_add_block(r->doc, tg->story, kind);
}

static xmlNodePtr child(xmlNodePtr n, const char *local)
{
	xmlNodePtr c;
	for (c = n ? n->children : NULL; c; c = c->next)
		if (docx_is(c, local))
			return c;
	return NULL;
}

static tb_status load_part(docx_reader *r, const char *name, xmlDocPtr *out, bool required)
{
	return tb_doc_load_part(r->ctx, r->zip, r->opts, r->name, name, required, out);
}

tb_status docx_related(docx_reader *r, const char *type, char **name)
{
	const char *slash;
	char relname[1100];
	tb_status st;
	*name = NULL;
	if (strcmp(r->part, r->doc->part) != 0) {
		*name = tb_opc_rel_target(r->ctx, r->zip, r->part, type);
		return TB_OK;
	}
	if (!r->main_rels_read) {
		slash = strrchr(r->part, '/');
		r->main_rels_read = true;
		if (snprintf(relname, sizeof relname, "%.*s_rels/%s.rels",
		             slash ? (int)(slash - r->part + 1) : 0, r->part,
		             slash ? slash + 1 : r->part) >= (int)sizeof relname)
			return TB_OK; /* no part has so long a name */
		if ((st = load_part(r, relname, &r->main_rels_xml, false)) != TB_OK)
			return st;
	}
	*name = tb_opc_rel_target_in(r->main_rels_xml, r->part, type);
	return TB_OK;
}

/* A part the main part's relationships name by type (styles, numbering, settings, theme),
 * else the name Word gives it. */
static tb_status load_related(docx_reader *r, const char *type, const char *usual, xmlDocPtr *out)
{
	char *name;
	tb_status st = docx_related(r, type, &name);
	if (st == TB_OK)
		st = load_part(r, name ? name : usual, out, false);
	free(name);
	return st;
}

/* The styles part, pruned to the styles the document can use when it is first met
 * (docx_prune.c). */
static tb_status load_styles(docx_reader *r)
{
	char *name;
	tb_status st = docx_related(r, "styles", &name);
	if (st == TB_OK)
		st = docx_load_styles_part(r, name ? name : "word/styles.xml", &r->styles_xml);
	free(name);
	return st;
}

/* Resolve a relationship target against the part's folder ("word/"); handles "../" and
 * absolute "/word/..." targets. */
static const char *resolve_target(docx_reader *r, const char *base_dir, const char *t)
{
	char buf[512];
	size_t n;
	if (t[0] == '/')
		return tb_doc_strdup(r->doc, t + 1);
	n = strlen(base_dir);
	if (n + strlen(t) + 1 >= sizeof(buf))
		return NULL;
	memcpy(buf, base_dir, n + 1);
	while (!strncmp(t, "../", 3)) {
		t += 3;
		if (n > 0)
			n--;
		while (n > 0 && buf[n - 1] != '/')
			n--;
		buf[n] = 0;
	}
	strcat(buf, t);
	return tb_doc_strdup(r->doc, buf);
}

tb_status docx_load_rels(docx_reader *r, const char *part, docx_rels *rels)
{
	char relname[1100], dir[512];
	const char *slash = strrchr(part, '/');
	size_t dl = slash ? (size_t)(slash - part + 1) : 0;
	xmlDocPtr x = NULL;
	xmlNodePtr n;
	tb_status st;
	memset(rels, 0, sizeof(*rels));
	if (dl >= sizeof(dir) || strlen(part) + 8 >= sizeof(relname))
		return TB_OK;
	memcpy(dir, part, dl);
	dir[dl] = 0;
	snprintf(relname, sizeof(relname), "%s_rels/%s.rels", dir, part + dl);
	if ((st = load_part(r, relname, &x, false)) != TB_OK || !x)
		return st;
	for (n = xmlDocGetRootElement(x)->children; n; n = n->next) {
		char *id, *t;
		if (!docx_is(n, "Relationship") || rels->n >= MAX_RELS)
			continue;
		id = docx_attr(n, "Id");
		t = docx_attr(n, "Target");
		if (id && t) {
			const char **ni = tb_doc_alloc(r->doc, (rels->n + 1) * sizeof(char *));
			const char **nt = tb_doc_alloc(r->doc, (rels->n + 1) * sizeof(char *));
			if (!ni || !nt) {
				xmlFree(id);
				xmlFree(t);
				tb_doc_part_free(r->ctx, x);
				return TB_ENOMEM;
			}
			if (rels->n) {
				memcpy(ni, rels->id, rels->n * sizeof(char *));
				memcpy(nt, rels->target, rels->n * sizeof(char *));
			}
			ni[rels->n] = tb_doc_strdup(r->doc, id);
			nt[rels->n] = resolve_target(r, dir, t);
			rels->id = ni;
			rels->target = nt;
			rels->n++;
		}
		xmlFree(id);
		xmlFree(t);
	}
	tb_doc_part_free(r->ctx, x);
	return TB_OK;
}

static const char *rel_target(docx_reader *r, const char *id)
{
	size_t i;
	if (!id || !r->rels)
		return NULL;
	for (i = 0; i < r->rels->n; i++)
		if (r->rels->id[i] && r->rels->target[i] && !strcmp(r->rels->id[i], id))
			return r->rels->target[i];
	return NULL;
}

/* Text of every w:t below n: what an unsupported element still shows. */
static void collect_text(xmlNodePtr n, tb_buf *b, int depth)
{
	xmlNodePtr c;
	if (depth > 32)
		return;
	for (c = n->children; c; c = c->next) {
		if (docx_is(c, "t")) {
			xmlChar *t = xmlNodeGetContent(c);
			if (t)
				tb_buf_puts(b, (const char *)t);
			xmlFree(t);
		} else if (docx_is(c, "p") && b->len)
			tb_buf_putc(b, ' ');
		else if (docx_is(c, "Fallback") || docx_is(c, "delText"))
			continue; /* mc:AlternateContent shows Choice's text once */
		if (c->type == XML_ELEMENT_NODE)
			collect_text(c, b, depth + 1);
	}
}

static tb_status plain_text(docx_reader *r, xmlNodePtr n, tb_block *para, const tb_rprops *rp)
{
	tb_buf b = TB_BUF_INIT;
	tb_status st;
	docx_unsupported(r, n);
	tb_buf_init(&b, 1u << 24);
	collect_text(n, &b, 0);
	st = b.len ? tb_block_add_text(r->doc, para, rp, b.data, b.len) : TB_OK;
	tb_buf_free(&b);
	return st;
}

static void emit_field(docx_reader *r, tb_block *para, const tb_rprops *rp, const char *instr)
{
	char word[32];
	size_t i = 0;
	while (*instr == ' ')
		instr++;
	while (instr[i] && instr[i] != ' ' && i + 1 < sizeof(word)) {
		word[i] = instr[i];
		i++;
	}
	word[i] = 0;
	if (!strcmp(word, "PAGE"))
		tb_block_add_inline(r->doc, para, TB_IN_FIELD_PAGE, rp);
	else if (!strcmp(word, "NUMPAGES") || !strcmp(word, "SECTIONPAGES"))
		tb_block_add_inline(r->doc, para, TB_IN_FIELD_NUMPAGES, rp);
}

static bool is_page_field(const char *instr)
{
	while (*instr == ' ')
		instr++;
	return (!strncmp(instr, "PAGE", 4) && (instr[4] == ' ' || !instr[4])) ||
	       !strncmp(instr, "NUMPAGES", 8) || !strncmp(instr, "SECTIONPAGES", 12);
}

/* The first text below n in w:delText (or w:t, for moved-away runs), up to cap bytes. */
static void first_deleted_text(xmlNodePtr n, char *out, size_t cap, int depth)
{
	xmlNodePtr c;
	for (c = n->children; c && !*out && depth < 32; c = c->next) {
		if (docx_is(c, "delText") || docx_is(c, "t")) {
			xmlChar *t = xmlNodeGetContent(c);
			tb_utf8_copy_prefix(out, cap, (const char *)t);
			xmlFree(t);
		} else if (c->type == XML_ELEMENT_NODE)
			first_deleted_text(c, out, cap, depth + 1);
	}
}

/* Tracked deletions (w:del, w:moveFrom) are laid out as accepted, so not drawn, where
 * Word and LibreOffice print them struck through: said once per document. */
static void tracked_deletion(docx_reader *r, xmlNodePtr n)
{
	char text[64] = {0};
	if (r->del_warned)
		return;
	first_deleted_text(n, text, sizeof(text), 0);
	if (!*text)
		return; /* a deleted paragraph mark or empty run: nothing to show */
	r->del_warned = true;
	tb_doc_tracked_deletion(r->ctx, r->name, r->part, n, text);
}

/* A symbol-font character with no entry in doc/symbols.tsv prints as the letter it is
 * stored as: reported once per font (a chart of all codes would flood the list). */
static void symbol_unknown(docx_reader *r, const char *family, uint32_t c)
{
	char u[5] = {0};
	int i;
	for (i = 0; i < r->nsym_warned; i++)
		if (!strcasecmp(r->sym_warned[i], family))
			return;
	if (r->nsym_warned < 8)
		r->sym_warned[r->nsym_warned++] = family;
	tb_utf8_encode(c & 0xFF, u);
	tb_warn(r->ctx, "layout.symbol-unknown", r->part, 0, 0,
	        "Use a character of Symbol, Wingdings or Wingdings 2, or the Unicode character in "
	        "an ordinary font.",
	        "%s: character %02X of the symbol font %s has no known Unicode equivalent; it "
	        "prints as \"%s\" (further ones in this font are not reported)",
	        r->name, (unsigned)(c & 0xFF), family, u);
}

/* Does s hold a symbol font's private-use character (U+F020-F0FF: EF 80 A0 .. EF 83 BF)? */
static bool has_pua_symbol(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)s[0] == 0xEF && ((unsigned char)s[1] & 0xFC) == 0x80)
			return true;
	return false;
}

/* Text in a symbol font (Wingdings check boxes, Symbol's Greek): the Unicode characters
 * it draws, in the ordinary fonts (no face here has the symbol fonts' own layout). */
static tb_status add_symbol_text(docx_reader *r, tb_block *para, const tb_rprops *rp,
                                 const char *family, const char *s, size_t n, bool pua_only)
{
	tb_buf b = TB_BUF_INIT;
	tb_rprops srp = *rp;
	size_t i = 0;
	tb_status st;
	tb_buf_init(&b, 1u << 24);
	while (i < n) {
		int32_t c = tb_utf8_next(s, n, &i);
		char u[4];
		if (c < 0)
			c = 0xFFFD;
		if (!pua_only || (c >= 0xF020 && c <= 0xF0FF)) {
			if (!tb_symbol_known(family, (uint32_t)c))
				symbol_unknown(r, family, (uint32_t)c);
			c = (int32_t)tb_symbol_char(family, (uint32_t)c);
		}
		tb_buf_put(&b, u, tb_utf8_encode((uint32_t)c, u));
	}
	/* Only the symbols of a w:hAnsi symbol font: the rest keeps the run's fonts. */
	if (!pua_only)
		srp.font_latin = srp.font_ea = NULL;
	st = b.len ? tb_block_add_text(r->doc, para, &srp, b.data, b.len) : TB_OK;
	tb_buf_free(&b);
	return st;
}

/* A legacy form field's w:ffData: what a check box or drop-down shows (Word draws them,
 * there is no result text): ☐ or ☒, the selected entry. Text fields show their result. */
static void form_field_data(docx_reader *r, xmlNodePtr ff)
{
	xmlNodePtr cb = child(ff, "checkBox"), dd = child(ff, "ddList"), c;
	r->ff_text = NULL;
	if (cb) {
		xmlNodePtr chk = child(cb, "checked");
		bool on = chk ? docx_onoff(chk) : docx_attr_long(child(cb, "default"), "val", 0) != 0;
		r->ff_text = on ? "\xe2\x98\x92" : "\xe2\x98\x90"; /* ☒ ☐ */
	} else if (dd) {
		long sel = docx_attr_long(child(dd, "result"), "val",
		                          docx_attr_long(child(dd, "default"), "val", 0));
		long k = 0;
		for (c = dd->children; c; c = c->next)
			if (docx_is(c, "listEntry") && k++ == sel) {
				char *v = docx_attr(c, "val");
				r->ff_text = v ? tb_doc_strdup(r->doc, v) : NULL;
				xmlFree(v);
				break;
			}
	}
}

static tb_status read_run(docx_reader *r, xmlNodePtr run, tb_block *para,
                          const tb_pprops *pp_base, const tb_rprops *rp_para)
{
	tb_rprops rp = *rp_para;
	xmlNodePtr rpr = child(run, "rPr"), n;
	char *own;
	const char *rs = docx_attr_ref(child(rpr, "rStyle"), "val", &own);
	tb_status st = TB_OK;
	(void)pp_base;
	if (rs)
		docx_apply_style_chain(r, rs, NULL, &rp, NULL);
	xmlFree(own);
	docx_apply_rpr(r, rpr, &rp);
	for (n = run->children; n && st == TB_OK; n = n->next) {
		const char *nm = (const char *)n->name;
		if (n->type != XML_ELEMENT_NODE || tb_xml_name_is(nm, "rPr"))
			continue;
		if (tb_xml_name_is(nm, "fldChar")) {
			char *t = docx_attr(n, "fldCharType");
			if (t && !strcmp(t, "begin")) {
				r->fld_state = 1;
				r->fld_ref = NULL;
				r->fld_len = 0;
				r->fld_instr[0] = 0;
				form_field_data(r, child(n, "ffData"));
			} else if (t && !strcmp(t, "separate")) {
				if (r->fld_state == 1 && is_page_field(r->fld_instr)) {
					emit_field(r, para, &rp, r->fld_instr);
					r->fld_state = 3;
				} else if (r->fld_state == 1 && r->ff_text) {
					st = tb_block_add_text(r->doc, para, &rp, r->ff_text, strlen(r->ff_text));
					r->fld_state = 3;
				} else {
					if (r->fld_state == 1 && docx_is_styleref(r->fld_instr))
						st = docx_styleref_begin(r, para, &rp, r->fld_instr);
					r->fld_state = 2;
				}
			} else if (t && !strcmp(t, "end")) {
				if (r->fld_state == 1 && is_page_field(r->fld_instr))
					emit_field(r, para, &rp, r->fld_instr);
				else if (r->fld_state == 1 && r->ff_text)
					st = tb_block_add_text(r->doc, para, &rp, r->ff_text, strlen(r->ff_text));
				else if (r->fld_state == 1 && docx_is_styleref(r->fld_instr))
					st = docx_styleref_begin(r, para, &rp, r->fld_instr);
				if (st == TB_OK && r->fld_ref)
					st = docx_styleref_end(r, para);
				r->fld_state = 0;
				r->ff_text = NULL;
			}
			xmlFree(t);
			continue;
		}
		if (tb_xml_name_is(nm, "instrText")) {
			xmlChar *t = xmlNodeGetContent(n); /* "" when empty: NULL is a failed copy */
			size_t l = t ? strlen((char *)t) : 0;
			if (!t)
				st = TB_ENOMEM;
			else if (r->fld_state == 1 && r->fld_len + l < sizeof(r->fld_instr)) {
				memcpy(r->fld_instr + r->fld_len, t, l + 1);
				r->fld_len += l;
			}
			xmlFree(t);
			continue;
		}
		if (r->fld_state == 1 || r->fld_state == 3)
			continue; /* instructions, or a result replaced by a live field */
		if (tb_xml_name_is(nm, "t")) {
			xmlChar *t = xmlNodeGetContent(n); /* "" when empty: NULL is a failed copy */
			if (!t)
				st = TB_ENOMEM; /* not a run without its text */
			else if (tb_symbol_font(rp.font_latin))
				st = add_symbol_text(r, para, &rp, rp.font_latin, (const char *)t,
				                     strlen((char *)t), false);
			else if (t && rp.font_sym && has_pua_symbol((const char *)t))
				st = add_symbol_text(r, para, &rp, rp.font_sym, (const char *)t,
				                     strlen((char *)t), true);
			else if (t)
				st = tb_block_add_text(r->doc, para, &rp, (const char *)t, strlen((char *)t));
			xmlFree(t);
		} else if (tb_xml_name_is(nm, "tab") || tb_xml_name_is(nm, "ptab"))
			tb_block_add_inline(r->doc, para, TB_IN_TAB, &rp);
		else if (tb_xml_name_is(nm, "br")) {
			char *t = docx_attr(n, "type");
			tb_block_add_inline(r->doc, para,
			                    t && !strcmp(t, "page") ? TB_IN_PAGEBREAK :
			                    t && !strcmp(t, "column") ? TB_IN_COLUMNBREAK : TB_IN_LINEBREAK,
			                    &rp);
			xmlFree(t);
		} else if (tb_xml_name_is(nm, "cr"))
			tb_block_add_inline(r->doc, para, TB_IN_LINEBREAK, &rp);
		else if (tb_xml_name_is(nm, "noBreakHyphen"))
			st = tb_block_add_text(r->doc, para, &rp, "\xe2\x80\x91", 3);
		else if (tb_xml_name_is(nm, "sym")) {
			/* w:sym font="Wingdings" char="F0FE": a character of a symbol font. */
			char *c = docx_attr(n, "char"), *font = docx_attr(n, "font");
			long v = c ? strtol(c, NULL, 16) : 0;
			char u[4];
			if (v > 0 && v < 0x110000) {
				size_t k = tb_utf8_encode((uint32_t)v, u);
				if (!font || tb_symbol_font(font))
					st = add_symbol_text(r, para, &rp, font ? font : "Wingdings", u, k,
					                     false);
				else {
					tb_rprops frp = rp;
					frp.font_latin = frp.font_ea = tb_doc_strdup(r->doc, font);
					st = tb_block_add_text(r->doc, para, &frp, u, k);
				}
			}
			xmlFree(c);
			xmlFree(font);
		} else if (tb_xml_name_is(nm, "drawing"))
			st = docx_drawing(r, n, para, &rp);
		else if (tb_xml_name_is(nm, "pict") || tb_xml_name_is(nm, "object"))
			st = docx_pict(r, n, para, &rp);
		else if (tb_xml_name_is(nm, "AlternateContent")) {
			xmlNodePtr alt = docx_alternate(n), c;
			for (c = alt ? alt->children : NULL; c && st == TB_OK; c = c->next) {
				if (docx_is(c, "drawing"))
					st = docx_drawing(r, c, para, &rp);
				else if (docx_is(c, "pict") || docx_is(c, "object"))
					st = docx_pict(r, c, para, &rp);
				else if (c->type == XML_ELEMENT_NODE)
					st = plain_text(r, c, para, &rp);
			}
		}
		else if (tb_xml_name_is(nm, "footnoteReference") || tb_xml_name_is(nm, "endnoteReference"))
			st = docx_note_ref(r, n, para, &rp);
		else if (tb_xml_name_is(nm, "footnoteRef") || tb_xml_name_is(nm, "endnoteRef"))
			st = docx_note_mark(r, para, &rp);
		else if (tb_xml_name_is(nm, "separator") || tb_xml_name_is(nm, "continuationSeparator"))
			continue;
		else if (tb_xml_name_is(nm, "softHyphen") || tb_xml_name_is(nm, "lastRenderedPageBreak") ||
		         tb_xml_name_is(nm, "delText") || tb_xml_name_is(nm, "annotationRef"))
			continue;
		else
			st = plain_text(r, n, para, &rp);
	}
	return st;
}

static tb_status read_bookmark(docx_reader *r, xmlNodePtr n, tb_block *para,
                               const tb_rprops *rp)
{
	char *name = docx_attr(n, "name");
	tb_inline *in;
	tb_status st = TB_OK;
	if (name && (!strncmp(name, "tb_seal_", 8) || !strncmp(name, "tb_box_", 7))) {
		in = tb_block_add_inline(r->doc, para, TB_IN_BOOKMARK, rp);
		if (!in || !(in->text = tb_doc_strdup(r->doc, name)))
			st = TB_ENOMEM;
		else
			in->len = strlen(name);
	}
	xmlFree(name);
	return st;
}

/* Paragraph content: runs and the containers that hold runs. */
static tb_status read_inlines(docx_reader *r, xmlNodePtr parent, tb_block *para,
                              const tb_pprops *pp, const tb_rprops *rp)
{
	xmlNodePtr n;
	tb_status st = TB_OK;
	if (++r->depth > 64) {
		r->depth--;
		return TB_OK;
	}
	for (n = parent->children; n && st == TB_OK; n = n->next) {
		const char *nm = (const char *)n->name;
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (tb_xml_name_is(nm, "r"))
			st = read_run(r, n, para, pp, rp);
		else if (tb_xml_name_is(nm, "hyperlink") || tb_xml_name_is(nm, "ins") || tb_xml_name_is(nm, "smartTag") ||
		         tb_xml_name_is(nm, "customXml") || tb_xml_name_is(nm, "sdtContent") ||
		         tb_xml_name_is(nm, "moveTo") || tb_xml_name_is(nm, "dir") || tb_xml_name_is(nm, "bdo"))
			st = read_inlines(r, n, para, pp, rp);
		else if (tb_xml_name_is(nm, "sdt"))
			st = read_inlines(r, n, para, pp, rp);
		else if (tb_xml_name_is(nm, "AlternateContent")) {
			xmlNodePtr alt = docx_alternate(n);
			if (alt)
				st = read_inlines(r, alt, para, pp, rp);
		}
		else if (tb_xml_name_is(nm, "fldSimple")) {
			char *instr = docx_attr(n, "instr");
			if (instr && is_page_field(instr)) {
				tb_rprops frp = *rp;
				docx_apply_rpr(r, child(child(n, "r"), "rPr"), &frp);
				emit_field(r, para, &frp, instr);
			} else if (instr && docx_is_styleref(instr)) {
				tb_rprops frp = *rp;
				docx_apply_rpr(r, child(child(n, "r"), "rPr"), &frp);
				st = docx_styleref_begin(r, para, &frp, instr);
				if (st == TB_OK)
					st = read_inlines(r, n, para, pp, rp);
				if (st == TB_OK && r->fld_ref)
					st = docx_styleref_end(r, para);
			} else
				st = read_inlines(r, n, para, pp, rp);
			xmlFree(instr);
		} else if (tb_xml_name_is(nm, "bookmarkStart"))
			st = read_bookmark(r, n, para, rp);
		else if (tb_xml_name_is(nm, "pPr") || tb_xml_name_is(nm, "sdtPr") || tb_xml_name_is(nm, "sdtEndPr") ||
		         tb_xml_name_is(nm, "bookmarkEnd") || tb_xml_name_is(nm, "proofErr") ||
		         tb_xml_name_is(nm, "permStart") || tb_xml_name_is(nm, "permEnd") ||
		         !strncmp(nm, "commentRange", 12) || !strncmp(nm, "moveFromRange", 13) ||
		         !strncmp(nm, "moveToRange", 11) || tb_xml_name_is(nm, "customXmlPr") ||
		         tb_xml_name_is(nm, "smartTagPr"))
			continue;
		else if (tb_xml_name_is(nm, "del") || tb_xml_name_is(nm, "moveFrom"))
			tracked_deletion(r, n);
		else
			st = plain_text(r, n, para, rp);
	}
	r->depth--;
	return st;
}

/* The run properties every paragraph starts from, as LibreOffice applies w:docDefaults
 * (StyleSheetTable applyDefaults): with an rPrDefault the Latin font is first reset to Times
 * New Roman and a missing size means 10 pt; without one, Calibri 11 pt (tdf#108350). */
static void default_rprops(docx_reader *r, tb_rprops *rp)
{
	/* The same for every paragraph: worked out once (a copy of its font names made for each
	 * paragraph also kept the style chains' memo from ever matching). */
	if (r->def_rp_ready) {
		*rp = r->def_rp;
		return;
	}
	tb_rprops_default(rp);
	r->def_rp_ready = true;
	if (r->def_rpr) {
		rp->font_latin = "Times New Roman";
		rp->size = 10.0f;
		r->in_style = true;
		docx_apply_rpr(r, r->def_rpr, rp);
		r->in_style = false;
	} else {
		rp->font_latin = "Calibri";
		rp->size = 11.0f;
	}
	r->def_rp = *rp;
}

static tb_status read_para(docx_reader *r, xmlNodePtr p, target *tg)
{
	xmlNodePtr ppr = child(p, "pPr"), lvl_ppr = NULL;
	char *ps_own;
	const char *ps = docx_attr_ref(child(ppr, "pStyle"), "val", &ps_own);
	const char *pstyle = ps ? ps : r->default_pstyle;
	tb_block *b = add_block(r, tg, TB_BLOCK_PARA);
	const char *pstyle_id = pstyle ? tb_doc_strdup(r->doc, pstyle) : NULL;
	tb_rprops rp;
	tb_status st;
	unsigned col;
	int i;
	if (!b || (pstyle && !pstyle_id)) {
		xmlFree(ps_own);
		return TB_ENOMEM;
	}
	tb_xml_node_pos(p, &b->line, &col);
	default_rprops(r, &rp);
	r->in_style = true; /* pPrDefault is the root paragraph style */
	r->widow_set = false;
	docx_apply_ppr(r, r->def_ppr, &b->pp);
	r->in_style = false;
	if (tg->tstyle)
		docx_apply_style_chain(r, tg->tstyle, &b->pp, &rp, NULL);
	for (i = 0; i < tg->ncnf; i++) { /* the table style's conditional formatting */
		docx_apply_ppr(r, tg->cnf_ppr[i], &b->pp);
		docx_apply_rpr(r, tg->cnf_rpr[i], &rp);
	}
	docx_apply_style_chain(r, pstyle, &b->pp, &rp, NULL);
	b->prefix = docx_number_label(r, ppr, pstyle, &lvl_ppr);
	docx_apply_ppr(r, lvl_ppr, &b->pp);
	docx_apply_ppr(r, ppr, &b->pp);
	if (r->no_ppr_default && !r->widow_set)
		b->pp.no_widow_control = true;
	if (b->pp.before_auto)
		b->pp.space_before = r->auto_space;
	if (b->pp.after_auto)
		b->pp.space_after = r->auto_space;
	b->pp.mark = rp;
	b->pp.font = rp;
	docx_apply_rpr(r, child(ppr, "rPr"), &b->pp.mark);
	if (b->prefix && docx_number_level(r)) {
		/* The label: suffix and properties of its level over the paragraph mark's. */
		const docx_num_level *lvl = docx_number_level(r);
		tb_rprops *lrp = tb_doc_alloc(r->doc, sizeof(*lrp));
		if (!lrp) {
			xmlFree(ps_own);
			return TB_ENOMEM;
		}
		*lrp = b->pp.mark;
		docx_label_props(r, lvl, lrp);
		b->prefix_rp = lrp;
		b->prefix_suffix = lvl->suff;
	}
	xmlFree(ps_own);
	b->style = pstyle_id;
	if (tg->nframes && (st = docx_frames_attach(r, tg, b)) != TB_OK)
		return st;
	st = read_inlines(r, p, b, &b->pp, &rp);
	return st;
}

static tb_status read_story_part(docx_reader *r, const char *id, tb_story **out)
{
	const char *part = rel_target(r, id);
	docx_rels rels, *saved_rels = r->rels;
	const char *saved_part = r->part;
	xmlDocPtr x = NULL;
	tb_story *story;
	target tg;
	tb_status st;
	if (!part)
		return TB_OK;
	if ((st = load_part(r, part, &x, false)) != TB_OK || !x)
		return st;
	if (!(story = tb_doc_alloc(r->doc, sizeof(*story)))) {
		tb_doc_part_free(r->ctx, x);
		return TB_ENOMEM;
	}
	if ((st = docx_load_rels(r, part, &rels)) == TB_OK) {
		r->rels = &rels;
		r->part = part;
		memset(&tg, 0, sizeof(tg));
		tg.story = story;
		tg.hf = true;
		st = read_blocks(r, xmlDocGetRootElement(x), &tg);
	}
	r->rels = saved_rels;
	r->part = saved_part;
	tb_doc_part_free(r->ctx, x);
	*out = story;
	return st;
}

/* The width of a character-grid cell: the Normal style's own East Asian size (12 pt if it
 * sets none; docDefaults are not consulted) plus w:charSpace, a 20.12 fixed-point number of
 * points (LibreOffice's SectionPropertyMap). */
static float grid_char_width(docx_reader *r, long cs)
{
	const docx_style *normal = docx_find_style(r, r->default_pstyle);
	xmlNodePtr n;
	long base = 240, extra;
	for (n = normal && normal->rpr ? normal->rpr->children : NULL; n; n = n->next)
		if (docx_is(n, "sz")) {
			long hp = docx_attr_long(n, "val", 24);
			if (hp >= 2 && hp <= 3276)
				base = hp * 10;
		}
	extra = (cs >> 12) * 20 + (cs & 0xFFF) * 20 / 4095;
	return base + extra > 20 ? (float)(base + extra) / 20.0f : 1.0f;
}

static tb_status read_sectpr(docx_reader *r, xmlNodePtr sp, tb_section *s, const tb_section *prev)
{
	xmlNodePtr n;
	tb_status st = TB_OK;
	long grid_cs = 0;
	char *grid_type = NULL;
	/* Without w:pgSz, LibreOffice's DOCX import takes Letter, whatever the locale
	 * (it-word-43); without w:pgMar, its margins: 1440 tw, header and footer 720 tw. */
	s->page_w = 612.0f;
	s->page_h = 792.0f;
	s->mar_top = s->mar_bottom = s->mar_left = s->mar_right = 72.0f;
	s->header_dist = s->footer_dist = 36.0f;
	if (prev) {
		/* Header and footer references not given are inherited from the section before. */
		s->header = prev->header;
		s->footer = prev->footer;
		s->header_first = prev->header_first;
		s->footer_first = prev->footer_first;
		s->header_even = prev->header_even;
		s->footer_even = prev->footer_even;
	}
	for (n = sp ? sp->children : NULL; n && st == TB_OK; n = n->next) {
		if (docx_is(n, "pgSz")) {
			long w = docx_attr_long(n, "w", 12240), h = docx_attr_long(n, "h", 15840);
			char *o = docx_attr(n, "orient");
			if (w < 1440)
				w = 1440;
			if (h < 1440)
				h = 1440;
			if (w > 200000)
				w = 200000;
			if (h > 200000)
				h = 200000;
			/* Word stores the rotated size already; orient only confirms it. */
			if (o && !strcmp(o, "landscape") && w < h) {
				long t = w;
				w = h;
				h = t;
			}
			xmlFree(o);
			s->page_w = (float)w / 20.0f;
			s->page_h = (float)h / 20.0f;
		} else if (docx_is(n, "pgMar")) {
			long top = docx_attr_long(n, "top", 1440);
			/* A negative top fixes the body there, whatever the header's height. */
			s->top_fixed = top < 0;
			s->mar_top = (float)labs(top) / 20.0f;
			s->mar_bottom = (float)labs(docx_attr_long(n, "bottom", 1440)) / 20.0f;
			s->mar_left = (float)docx_attr_long(n, "left", docx_attr_long(n, "start", 1440)) / 20.0f;
			s->mar_right = (float)docx_attr_long(n, "right", docx_attr_long(n, "end", 1440)) / 20.0f;
			s->header_dist = (float)docx_attr_long(n, "header", 720) / 20.0f;
			s->footer_dist = (float)docx_attr_long(n, "footer", 720) / 20.0f;
		} else if (docx_is(n, "type")) {
			char *v = docx_attr(n, "val");
			s->continuous = v && !strcmp(v, "continuous");
			xmlFree(v);
		} else if (docx_is(n, "cols")) {
			/* Text columns: equal ones (num, space) or each given (w:col w, space). */
			xmlNodePtr c;
			int k = 0;
			s->columns = (int)docx_attr_long(n, "num", 1);
			if (s->columns > TB_MAX_COLUMNS)
				s->columns = TB_MAX_COLUMNS;
			s->col_gap = (float)docx_attr_long(n, "space", 720) / 20.0f;
			{
				char *sep = docx_attr(n, "sep");
				s->col_sep = sep && (!strcmp(sep, "1") || !strcmp(sep, "true") || !strcmp(sep, "on"));
				xmlFree(sep);
			}
			for (c = n->children; c && k < TB_MAX_COLUMNS; c = c->next)
				if (docx_is(c, "col")) {
					s->col_w[k] = (float)docx_attr_long(c, "w", 0) / 20.0f;
					s->col_space[k] = (float)docx_attr_long(c, "space", 0) / 20.0f;
					k++;
				}
			if (k >= 2 && docx_attr_long(n, "num", 0) <= 0)
				s->columns = k;
			if (k < s->columns)
				memset(s->col_w, 0, sizeof(s->col_w)); /* equal widths */
		} else if (docx_is(n, "titlePg"))
			s->title_page = docx_onoff(n);
		else if (docx_is(n, "docGrid")) {
			long pitch = docx_attr_long(n, "linePitch", 0);
			xmlFree(grid_type);
			grid_type = docx_attr(n, "type");
			grid_cs = docx_attr_long(n, "charSpace", 0);
			/* LibreOffice keeps a base height of at least 100 tw. */
			s->line_pitch = pitch > 0 && pitch < 20000 ? (float)(pitch < 100 ? 100 : pitch) / 20.0f : 0;
		} else if (docx_is(n, "pgNumType"))
			s->page_start = (int)docx_attr_long(n, "start", 0);
		else if (docx_is(n, "headerReference") || docx_is(n, "footerReference")) {
			bool header = docx_is(n, "headerReference");
			char *type = docx_attr(n, "type"), *id = docx_attr(n, "id");
			tb_story *story = NULL;
			st = read_story_part(r, id, &story);
			if (st == TB_OK && story) {
				bool first = type && !strcmp(type, "first"), even = type && !strcmp(type, "even");
				if (header)
					*(first ? &s->header_first : even ? &s->header_even : &s->header) = story;
				else
					*(first ? &s->footer_first : even ? &s->footer_even : &s->footer) = story;
			}
			xmlFree(type);
			xmlFree(id);
		}
	}
	/* Keep a usable type area whatever the margins say. */
	if (s->mar_left + s->mar_right > s->page_w - 36)
		s->mar_left = s->mar_right = 18;
	if (s->mar_top + s->mar_bottom > s->page_h - 36)
		s->mar_top = s->mar_bottom = 18;
	/* The grid as LibreOffice imports it: default → none, lines → lines,
	 * linesAndChars / snapToChars → lines and characters, but lines only when charSpace
	 * is 0; at most (page height - margins) / pitch lines. */
	s->grid_lines = false;
	s->grid_chars = false;
	s->char_pitch = 0;
	s->grid_snap_chars = false;
	s->grid_line_count = 0;
	if (grid_type && s->line_pitch > 0 &&
	    (!strcmp(grid_type, "lines") || !strcmp(grid_type, "linesAndChars") ||
	     !strcmp(grid_type, "snapToChars"))) {
		long body = lroundf((s->page_h - s->mar_top - s->mar_bottom) * 20.0f);
		s->grid_lines = true;
		s->grid_line_count = (int)(body / lroundf(s->line_pitch * 20.0f));
		if (s->grid_line_count < 1)
			s->grid_line_count = 1;
		if (strcmp(grid_type, "lines") && grid_cs != 0) {
			s->grid_chars = true;
			s->char_pitch = grid_char_width(r, grid_cs);
			s->grid_snap_chars = !strcmp(grid_type, "snapToChars");
		}
	}
	xmlFree(grid_type);
	return st;
}

/* A body paragraph or table read into the model is let go at once, when nothing waits on it
 * (a frame still looking for its paragraph keeps its w:framePr): the model and the tree are
 * not both whole at the same time. */
static void free_read(docx_reader *r, xmlNodePtr parent, xmlNodePtr n, const target *tg)
{
	if (parent != r->free_read || tg->nframes)
		return;
	xmlUnlinkNode(n);
	xmlFreeNode(n);
}

static tb_status read_blocks_in(docx_reader *r, xmlNodePtr parent, target *tg)
{
	xmlNodePtr n, after;
	tb_status st = TB_OK;
	for (n = parent->children; n && st == TB_OK; n = after) {
		const char *nm = (const char *)n->name;
		after = n->next;
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (tb_xml_name_is(nm, "p")) {
			xmlNodePtr sp = child(child(n, "pPr"), "sectPr"), fp = docx_frame_pr(r, n);
			st = fp && r->depth < TB_DOC_MAX_DEPTH ? docx_frame_para(r, n, fp, tg) :
			                                         read_para(r, n, tg);
			if (st == TB_OK && sp && tg->sect && n->next) {
				/* This paragraph ends a section; the next one starts. */
				tb_section *next;
				st = read_sectpr(r, sp, tg->sect, NULL);
				if (st == TB_OK && !(next = tb_doc_add_section(r->doc)))
					st = TB_ENOMEM;
				if (st == TB_OK) {
					next->header = tg->sect->header;
					next->footer = tg->sect->footer;
					next->header_first = tg->sect->header_first;
					next->footer_first = tg->sect->footer_first;
					next->header_even = tg->sect->header_even;
					next->footer_even = tg->sect->footer_even;
					tg->sect = next;
					tg->story = &next->body;
				}
			}
			if (st == TB_OK)
				free_read(r, parent, n, tg);
		} else if (tb_xml_name_is(nm, "tbl")) {
			if (r->depth > TB_DOC_MAX_DEPTH) {
				tb_block *pb = add_block(r, tg, TB_BLOCK_PARA);
				st = pb ? plain_text(r, n, pb, &pb->pp.mark) : TB_ENOMEM;
			} else {
				bool floated;
				st = docx_frame_table(r, n, tg, &floated);
				if (st == TB_OK && !floated)
					st = docx_read_table(r, n, tg);
				if (st == TB_OK && !floated)
					free_read(r, parent, n, tg);
			}
		} else if (tb_xml_name_is(nm, "sdt") || tb_xml_name_is(nm, "customXml") || tb_xml_name_is(nm, "ins") ||
		           tb_xml_name_is(nm, "moveTo")) {
			xmlNodePtr c = child(n, "sdtContent");
			if (++r->depth > 64)
				st = TB_OK;
			else
				st = read_blocks_in(r, c ? c : n, tg);
			r->depth--;
		} else if (tb_xml_name_is(nm, "sectPr") || tb_xml_name_is(nm, "tcPr") || tb_xml_name_is(nm, "bookmarkEnd") ||
		           tb_xml_name_is(nm, "proofErr") || tb_xml_name_is(nm, "sdtPr") || tb_xml_name_is(nm, "sdtEndPr") ||
		           !strncmp(nm, "permSt", 6) || !strncmp(nm, "permEnd", 7) ||
		           !strncmp(nm, "commentRange", 12))
			continue;
		else if (tb_xml_name_is(nm, "del") || tb_xml_name_is(nm, "moveFrom"))
			tracked_deletion(r, n);
		else if (tb_xml_name_is(nm, "bookmarkStart")) {
			/* A bookmark between blocks marks the next paragraph; keep it in an empty
			 * zero-height paragraph only when a seal name needs it. */
			char *name = docx_attr(n, "name");
			if (name && (!strncmp(name, "tb_seal_", 8) || !strncmp(name, "tb_box_", 7))) {
				tb_block *pb = add_block(r, tg, TB_BLOCK_PARA);
				st = pb ? read_bookmark(r, n, pb, &pb->pp.mark) : TB_ENOMEM;
			}
			xmlFree(name);
		} else {
			tb_block *pb = add_block(r, tg, TB_BLOCK_PARA);
			st = pb ? plain_text(r, n, pb, &pb->pp.mark) : TB_ENOMEM;
		}
	}
	return st;
}

/* The blocks of a story or cell, then the frames still waiting for a paragraph. */
static tb_status read_blocks(docx_reader *r, xmlNodePtr parent, target *tg)
{
	tb_status st = read_blocks_in(r, parent, tg);
	return st == TB_OK ? docx_frames_flush(r, tg) : st;
}

tb_status docx_read_para(docx_reader *r, xmlNodePtr p, docx_target *tg)
{
	return read_para(r, p, tg);
}

tb_status docx_read_story(docx_reader *r, xmlNodePtr parent, tb_story *story)
{
	target tg;
	tb_status st;
	memset(&tg, 0, sizeof(tg));
	tg.story = story;
	if (++r->depth > TB_DOC_MAX_DEPTH) {
		r->depth--;
		return TB_OK;
	}
	st = read_blocks(r, parent, &tg);
	r->depth--;
	return st;
}

/* For the table reader (docx_table.c). */
tb_block *docx_add_block(docx_reader *r, docx_target *tg, tb_block_kind kind)
{
	return add_block(r, tg, kind);
}

tb_status docx_plain_text(docx_reader *r, xmlNodePtr n, tb_block *para, const tb_rprops *rp)
{
	return plain_text(r, n, para, rp);
}

tb_status docx_read_blocks(docx_reader *r, xmlNodePtr parent, docx_target *tg)
{
	return read_blocks(r, parent, tg);
}

/* settings.xml: default tab stop, even/odd headers, the compatibility mode. */
static tb_status read_settings(docx_reader *r)
{
	xmlDocPtr x = NULL;
	xmlNodePtr n, c;
	tb_status st = load_related(r, "settings", "word/settings.xml", &x);
	long mode = 12;
	bool html_spacing = false, no_leading = false;
	r->auto_space = 14.0f; /* tb_doc_new set LibreOffice's other DOCX settings */
	if (st != TB_OK || !x) {
		r->doc->table_outdent = true;
		return st;
	}
	for (n = xmlDocGetRootElement(x)->children; n; n = n->next) {
		if (docx_is(n, "defaultTabStop")) {
			long tab = docx_attr_long(n, "val", 0);
			if (tab >= 20 && tab <= 20000)
				r->doc->default_tab = (float)tab / 20.0f;
		} else if (docx_is(n, "evenAndOddHeaders"))
			r->doc->even_odd_headers = docx_onoff(n);
		else if (docx_is(n, "themeFontLang")) {
			char *ea = docx_attr(n, "eastAsia");
			if (ea)
				r->theme_ea_script = !strcmp(ea, "zh-TW") || !strcmp(ea, "zh-HK") ||
				                     !strcmp(ea, "zh-MO") ? 1 :
				                     !strncmp(ea, "ja", 2) ? 2 : !strncmp(ea, "ko", 2) ? 3 : 0;
			xmlFree(ea);
		} else if (docx_is(n, "compat"))
			for (c = n->children; c; c = c->next) {
				char *name = docx_attr(c, "name");
				if (docx_is(c, "compatSetting") && name && !strcmp(name, "compatibilityMode"))
					mode = docx_attr_long(c, "val", 12);
				else if (docx_is(c, "doNotUseHTMLParagraphAutoSpacing"))
					html_spacing = docx_onoff(c);
				else if (docx_is(c, "splitPgBreakAndParaMark"))
					r->doc->compat.split_pg_break = docx_onoff(c);
				else if (docx_is(c, "noLeading"))
					no_leading = docx_onoff(c);
				xmlFree(name);
			}
	}
	r->doc->table_outdent = mode < 15;
	/* doNotUseHTMLParagraphAutoSpacing: paragraph spacing adds up, autospacing is 100 tw;
	 * otherwise the larger of after and before (LibreOffice's PARA_SPACE_MAX). */
	r->doc->compat.para_space_sum = html_spacing;
	r->auto_space = html_spacing ? 5.0f : 14.0f;
	r->doc->compat.ext_leading = !no_leading;
	tb_doc_part_free(r->ctx, x);
	return TB_OK;
}

tb_status tb_docx_read(tb_ctx *ctx, tb_zipr *z, const char *name,
                       const tb_doc_read_options *o, tb_doc *doc)
{
	docx_reader r;
	docx_rels rels;
	xmlDocPtr main = NULL;
	xmlNodePtr body;
	target tg;
	tb_status st;
	memset(&r, 0, sizeof(r));
	r.ctx = ctx;
	r.zip = z;
	r.doc = doc;
	r.opts = o;
	r.name = name;
	/* The main part as the package's relationships name it (core/opc.c): Word for the web
	 * writes word/document2.xml. */
	r.part = doc->part ? doc->part : "word/document.xml";
	doc->part = r.part;
	if ((st = load_part(&r, r.part, &main, true)) != TB_OK)
		goto cleanup;
	if ((st = load_styles(&r)) != TB_OK ||
	    (st = load_related(&r, "theme", "word/theme/theme1.xml", &r.theme_xml)) != TB_OK ||
	    (st = load_related(&r, "numbering", "word/numbering.xml", &r.numbering_xml)) != TB_OK ||
	    (st = docx_load_styles(&r)) != TB_OK ||
	    (st = docx_load_rels(&r, r.part, &rels)) != TB_OK)
		goto cleanup;
	r.rels = &rels;
	if ((st = read_settings(&r)) != TB_OK || (st = docx_fonts_load(&r)) != TB_OK)
		goto cleanup;
	body = child(xmlDocGetRootElement(main), "body");
	if ((st = docx_notes_load(&r, child(body, "sectPr"))) != TB_OK)
		goto cleanup;
	memset(&tg, 0, sizeof(tg));
	if (!(tg.sect = tb_doc_add_section(doc))) {
		st = TB_ENOMEM;
		goto cleanup;
	}
	tg.story = &tg.sect->body;
	if (body) {
		tb_section *prev = NULL, *s;
		r.free_read = tb_doc_part_owned(ctx, main) ? body : NULL;
		if ((st = read_blocks(&r, body, &tg)) != TB_OK)
			goto cleanup;
		/* No autospacing before the document's first paragraph. */
		if (doc->first->body.first && doc->first->body.first->kind == TB_BLOCK_PARA &&
		    doc->first->body.first->pp.before_auto)
			doc->first->body.first->pp.space_before = 0;
		for (s = doc->first; s && s != tg.sect; s = s->next)
			prev = s;
		st = read_sectpr(&r, child(body, "sectPr"), tg.sect, prev);
		/* LibreOffice makes a continuous section a text section inside the page style
		 * before it: the page (size, margins, headers, grid) stays the previous
		 * section's. And the empty paragraph that only carries the section break takes
		 * no room: it is removed, unless it is all the section holds (a section keeps a
		 * paragraph: one line of room, as in LibreOffice, en-wps-51). */
		for (prev = doc->first; st == TB_OK && prev && prev->next; prev = prev->next) {
			tb_block *b = prev->body.first, *before = NULL;
			tb_section *next = prev->next;
			if (!next->continuous)
				continue;
			next->page_w = prev->page_w;
			next->page_h = prev->page_h;
			next->mar_top = prev->mar_top;
			next->mar_bottom = prev->mar_bottom;
			next->mar_left = prev->mar_left;
			next->mar_right = prev->mar_right;
			next->header_dist = prev->header_dist;
			next->footer_dist = prev->footer_dist;
			next->top_fixed = prev->top_fixed;
			next->title_page = prev->title_page;
			next->header = prev->header;
			next->footer = prev->footer;
			next->header_first = prev->header_first;
			next->footer_first = prev->footer_first;
			next->header_even = prev->header_even;
			next->footer_even = prev->footer_even;
			next->line_pitch = prev->line_pitch;
			next->grid_lines = prev->grid_lines;
			next->grid_chars = prev->grid_chars;
			next->grid_ruby = prev->grid_ruby;
			next->char_pitch = prev->char_pitch;
			next->grid_snap_chars = prev->grid_snap_chars;
			next->grid_square = prev->grid_square;
			next->grid_line_count = prev->grid_line_count;
			if (!prev->body.last)
				continue;
			while (b && b != prev->body.last) {
				before = b;
				b = b->next;
			}
			if (b && before && b->kind == TB_BLOCK_PARA && !b->first && !b->prefix) {
				before->next = NULL;
				prev->body.last = before;
			}
		}
	}
cleanup:
	docx_notes_free(&r);
	docx_free_styles(&r);
	tb_doc_part_free(ctx, r.styles_xml);
	tb_doc_part_free(ctx, r.theme_xml);
	tb_doc_part_free(ctx, r.main_rels_xml);
	tb_doc_part_free(ctx, r.numbering_xml);
	tb_doc_part_free(ctx, main);
	return st;
}
