/* expand.c: filling a part's DOM: sections are replaced by one copy of their nodes per item,
 * value tags by text (line breaks, extra paragraphs), checkboxes are set; then tables left
 * without rows go and cells get the paragraph Word requires. */
#include <stdlib.h>
#include <string.h>

#include "core/ctx.h"
#include "core/i18n.h"
#include "core/xml.h"
#include "fill/fill_int.h"

static tb_status expand(fill_doc *d, xmlNodePtr n, int depth);

static long holder_index(const fill_doc *d, xmlNodePtr n)
{
	xmlChar *v;
	long i;
	if (n->type != XML_ELEMENT_NODE || !n->properties)
		return -1;
	v = xmlGetNoNsProp(n, BAD_CAST FILL_HOLDER_ATTR);
	if (!v)
		return -1;
	i = strtol((const char *)v, NULL, 10);
	xmlFree(v);
	return i >= 0 && (size_t)i < d->ntags ? i : -1;
}

static int is_wrap(xmlNodePtr n)
{
	return n->type == XML_ELEMENT_NODE && !n->ns && !strcmp((const char *)n->name, FILL_WRAP_NAME);
}

/* ---- text output ---- */

/* Control characters out, CR/CRLF to LF. */
static void clean_text(tb_buf *b)
{
	size_t i, o = 0;
	for (i = 0; i < b->len; i++) {
		unsigned char c = (unsigned char)b->data[i];
		if (c == '\r') {
			if (i + 1 < b->len && b->data[i + 1] == '\n')
				continue;
			c = '\n';
		} else if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F)
			continue;
		else if (c == 0xC2 && i + 1 < b->len && (unsigned char)b->data[i + 1] >= 0x80 &&
		         (unsigned char)b->data[i + 1] <= 0x9F) {
			i++; /* C1 controls */
			continue;
		}
		else if (c == 0xEF && i + 2 < b->len && (unsigned char)b->data[i + 1] == 0xBF &&
		         ((unsigned char)b->data[i + 2] == 0xBE || (unsigned char)b->data[i + 2] == 0xBF)) {
			i += 2; /* U+FFFE, U+FFFF are not XML characters */
			continue;
		}
		b->data[o++] = (char)c;
	}
	b->len = o;
	if (b->data)
		b->data[o] = '\0';
}

/* Append `s[0..n)` to a DOCX run: w:t pieces, w:br for \n, w:tab for \t. */
static void docx_runs(xmlNodePtr R, const char *s, size_t n)
{
	size_t i = 0, j;
	while (i < n) {
		if (s[i] == '\n' || s[i] == '\t') {
			fill_link_append(R, xmlNewDocNode(R->doc, R->ns, BAD_CAST(s[i] == '\n' ? "br" : "tab"), NULL));
			i++;
			continue;
		}
		for (j = i; j < n && s[j] != '\n' && s[j] != '\t'; j++)
			;
		{
			xmlNodePtr t = xmlNewDocNode(R->doc, R->ns, BAD_CAST "t", NULL);
			xmlNsPtr xmlns = xmlSearchNs(R->doc, R, BAD_CAST "xml");
			xmlSetNsProp(t, xmlns, BAD_CAST "space", BAD_CAST "preserve");
			fill_link_append(t, xmlNewDocTextLen(R->doc, BAD_CAST(s + i), (int)(j - i)));
			fill_link_append(R, t);
		}
		i = j;
	}
}

/* ODT text: text nodes, text:line-break, text:tab, text:s for repeated spaces. Appended to
 * `parent` (or inserted before `ref` when given). */
static void odt_text(xmlNodePtr parent, xmlNodePtr ref, xmlNsPtr tns, const char *s, size_t n)
{
	size_t i = 0, j;
	while (i < n) {
		xmlNodePtr x;
		if (s[i] == '\n' || s[i] == '\t') {
			x = xmlNewDocNode(parent->doc, tns, BAD_CAST(s[i] == '\n' ? "line-break" : "tab"), NULL);
			i++;
		} else if (s[i] == ' ' && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\n' || s[i - 1] == '\t')) {
			char num[32];
			for (j = i; j < n && s[j] == ' '; j++)
				;
			x = xmlNewDocNode(parent->doc, tns, BAD_CAST "s", NULL);
			if (j - i > 1) {
				snprintf(num, sizeof num, "%zu", j - i);
				xmlSetNsProp(x, tns, BAD_CAST "c", BAD_CAST num);
			}
			i = j;
		} else {
			for (j = i + 1; j < n && s[j] != '\n' && s[j] != '\t' && !(s[j] == ' ' && s[j - 1] == ' '); j++)
				;
			x = xmlNewDocTextLen(parent->doc, BAD_CAST(s + i), (int)(j - i));
			i = j;
		}
		if (ref)
			fill_link_before(ref, x);
		else
			fill_link_append(parent, x);
	}
}

/* Start of the next paragraph break (a blank line) in s[from..n), or n. */
static size_t para_break(const char *s, size_t n, size_t from, size_t *next)
{
	size_t i, j;
	for (i = from; i < n; i++) {
		if (s[i] != '\n')
			continue;
		for (j = i + 1; j < n && (s[j] == ' ' || s[j] == '\t'); j++)
			;
		if (j < n && s[j] == '\n') {
			while (j < n && (s[j] == '\n' || s[j] == ' ' || s[j] == '\t'))
				j++;
			*next = j;
			return i;
		}
	}
	*next = n;
	return n;
}

static xmlNodePtr para_of(const fill_doc *d, xmlNodePtr n)
{
	for (; n; n = n->parent)
		if (fill_is_para(d, n))
			return n;
	return NULL;
}

/* A new paragraph after `after`, like P (properties, no content). */
static xmlNodePtr new_para_like(const fill_doc *d, xmlNodePtr P, xmlNodePtr after)
{
	xmlNodePtr np = xmlDocCopyNode(P, P->doc, 2), c;
	if (d->kind == TB_PKG_DOCX)
		for (c = P->children; c; c = c->next)
			if (fill_is(c, NS_W, "pPr")) {
				fill_link_append(np, xmlDocCopyNode(c, P->doc, 1));
				break;
			}
	fill_link_after(after, np);
	fill_drop_redundant_ns(np);
	return np;
}

static void put_value(fill_doc *d, xmlNodePtr H, const char *s, size_t n)
{
	size_t e, next, pos;
	xmlNodePtr P = para_of(d, H), lastp, top, c, nextc;
	xmlNodePtr rpr = NULL;

	/* docxtemplater (linebreaks: true) makes every newline a line break, never a paragraph */
	if (d->syntax == FILL_SYNTAX_DT)
		e = next = n;
	else
		e = para_break(s, n, 0, &next);
	if (d->kind == TB_PKG_DOCX) {
		for (c = H->children; c; c = nextc) {
			nextc = c->next;
			if (fill_is(c, NS_W, "rPr"))
				rpr = c;
			else
				fill_remove(c);
		}
		xmlUnsetProp(H, BAD_CAST FILL_HOLDER_ATTR);
		docx_runs(H, s, e);
	} else
		odt_text(H->parent, H, P ? P->ns : NULL, s, e);
	if (next >= n || !P) {
		if (d->kind == TB_PKG_ODT)
			fill_remove(H);
		return;
	}
	/* More paragraphs: each one like P, holding the tag's formatting. */
	for (top = H; top->parent != P; top = top->parent)
		;
	lastp = P;
	for (pos = next; pos < n; pos = next) {
		xmlNodePtr np = new_para_like(d, P, lastp);
		e = para_break(s, n, pos, &next);
		if (d->kind == TB_PKG_DOCX) {
			xmlNodePtr r = xmlDocCopyNode(H, H->doc, 2);
			if (rpr)
				fill_link_append(r, xmlDocCopyNode(rpr, H->doc, 1));
			docx_runs(r, s + pos, e - pos);
			fill_link_append(np, r);
			fill_drop_redundant_ns(r);
		} else {
			xmlNodePtr holder = np;
			if (H->parent != P && fill_is(H->parent, NS_TEXT, "span")) {
				holder = xmlDocCopyNode(H->parent, H->doc, 2);
				fill_link_append(np, holder);
				fill_drop_redundant_ns(holder);
			}
			odt_text(holder, NULL, P->ns, s + pos, e - pos);
		}
		lastp = np;
	}
	/* What followed the tag in its paragraph ends the last paragraph. */
	for (c = top->next; c; c = nextc) {
		nextc = c->next;
		xmlUnlinkNode(c);
		fill_link_append(lastp, c);
	}
	if (d->kind == TB_PKG_ODT)
		fill_remove(H);
}

static void data_error(fill_doc *d, fill_tag *t, const char *code, const char *hint,
                       const char *msg, const char *arg)
{
	char prob[768];
	if (t->reported)
		return;
	t->reported = 1;
	snprintf(prob, sizeof prob, _(msg), arg);
	fill_tag_error(d, t, code, hint, prob);
}

/* Evaluate a value tag through its formatters. Returns 0 and fills v, -1 (reported), or -2
 * when memory ran out (a formatter may reset the buffer, and with it the error: the value is
 * checked before any formatter sees it, and after). */
static int evaluate(fill_doc *d, fill_tag *t, tb_fval *v)
{
	xmlXPathObjectPtr r = fill_eval(d, t);
	int i;
	if (!r)
		return -1;
	fill_value_of(d, r, v);
	xmlXPathFreeObject(r);
	if (tb_buf_status(&v->s) != TB_OK)
		return -2;
	for (i = 0; i < t->tag.nfmt; i++) {
		const char *problem;
		char arg[200];
		snprintf(arg, sizeof arg, "%s", v->s.data ? v->s.data : "");
		if (tb_fmt_apply(&t->tag.fmt[i], v, d->opts->check_yes ? d->opts->check_yes : "☑",
		                 d->opts->check_no ? d->opts->check_no : "□", &problem) != 0) {
			data_error(d, t, "fill.value", N_("Correct the value in the data."), problem, arg);
			return -1;
		}
	}
	if (v->missing) {
		if (d->opts->missing == TB_FILL_MISSING_EMPTY) {
			tb_buf_reset(&v->s);
			return 0;
		}
		data_error(d, t, "fill.missing",
		           N_("Add the element to the data, use | default(\"…\"), or fill with --missing empty."),
		           N_("nothing in the data matches \"%s\""), t->tag.xpath);
		return -1;
	}
	return 0;
}

/* The output cap, reported once: the fill goes on (so other errors are seen) but writes
 * nothing. */
static tb_status output_cap(fill_doc *d, const char *what, unsigned limit)
{
	if (!d->output_capped) {
		tb_error(d->ctx, "fill.limit", d->template_path, 0, 0,
		         N_("repeat fewer items, or split the data over several documents"),
		         what, limit);
		d->nerrors++;
		d->output_capped = 1;
	}
	return TB_ELIMIT;
}

/* Nodes under and including the siblings from `n` (an attribute counts as two: it and its
 * text), and the bytes of their text. */
static size_t count_nodes(xmlNodePtr n, size_t *bytes)
{
	size_t k = 0;
	for (; n; n = n->next) {
		k++;
		if (n->type == XML_ELEMENT_NODE) {
			xmlAttrPtr a;
			for (a = n->properties; a; a = a->next)
				k += 2;
			k += count_nodes(n->children, bytes);
		} else if (n->content)
			*bytes += strlen((const char *)n->content);
	}
	return k;
}

static tb_status value_tag(fill_doc *d, fill_tag *t, xmlNodePtr H)
{
	tb_fval v;
	int ev;
	memset(&v, 0, sizeof v);
	tb_buf_init(&v.s, 16u << 20);
	ev = evaluate(d, t, &v);
	if (ev == -2) {
		tb_buf_free(&v.s);
		return TB_ENOMEM;
	}
	if (ev != 0) {
		tb_buf_free(&v.s);
		put_value(d, H, "", 0);
		return TB_OK;
	}
	if (tb_buf_status(&v.s) != TB_OK) { /* the value was cut short */
		tb_buf_free(&v.s);
		return TB_ENOMEM;
	}
	clean_text(&v.s);
	if (t->tag.kind == TB_TAG_IMAGE || v.image) {
		tb_status st = fill_image(d, t, H, v.s.data ? v.s.data : "", v.image ? v.img_w : 40,
		                          v.image ? v.img_h : 30);
		tb_buf_free(&v.s);
		return st;
	}
	d->text_bytes += v.s.len;
	if (d->text_bytes > FILL_MAX_TEXT) {
		tb_buf_free(&v.s);
		return output_cap(d, N_("the filled-in text would be more than %u MB: the document "
		                        "could not be read back"), FILL_MAX_TEXT >> 20);
	}
	put_value(d, H, v.s.data ? v.s.data : "", v.s.len);
	tb_buf_free(&v.s);
	return TB_OK;
}

/* UTF-8 of a code point written in hex (w14:checkedState w14:val="2612"). */
static void glyph_from_hex(const char *hex, char *out)
{
	unsigned long cp = hex ? strtoul(hex, NULL, 16) : 0;
	if (!cp || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0x2610;
	if (cp < 0x80) {
		out[0] = (char)cp;
		out[1] = 0;
	} else if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		out[2] = 0;
	} else if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		out[3] = 0;
	} else {
		out[0] = (char)(0xF0 | (cp >> 18));
		out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[3] = (char)(0x80 | (cp & 0x3F));
		out[4] = 0;
	}
}

static xmlNodePtr find_desc(xmlNodePtr n, const char *ns, const char *name, int depth)
{
	xmlNodePtr c, r;
	if (depth > 50)
		return NULL;
	for (c = n->children; c; c = c->next) {
		if (fill_is(c, ns, name))
			return c;
		if (c->type == XML_ELEMENT_NODE && (r = find_desc(c, ns, name, depth + 1)))
			return r;
	}
	return NULL;
}

static void checkbox_tag(fill_doc *d, fill_tag *t, xmlNodePtr H)
{
	xmlXPathObjectPtr r = fill_eval(d, t);
	int on;
	xmlUnsetProp(H, BAD_CAST FILL_HOLDER_ATTR);
	if (!r)
		return;
	on = fill_truth_of(d, r);
	xmlXPathFreeObject(r);
	if (d->kind == TB_PKG_DOCX) {
		xmlNodePtr box = find_desc(H, NS_W14, "checkbox", 0), checked, state, content, wt;
		char glyph[8];
		xmlChar *hex;
		if (!box)
			return;
		checked = find_desc(box, NS_W14, "checked", 0);
		if (checked)
			xmlSetNsProp(checked, checked->ns, BAD_CAST "val", BAD_CAST(on ? "1" : "0"));
		else {
			checked = xmlNewDocNode(box->doc, box->ns, BAD_CAST "checked", NULL);
			xmlSetNsProp(checked, box->ns, BAD_CAST "val", BAD_CAST(on ? "1" : "0"));
			if (box->children)
				fill_link_before(box->children, checked);
			else
				fill_link_append(box, checked);
		}
		state = find_desc(box, NS_W14, on ? "checkedState" : "uncheckedState", 0);
		hex = state ? xmlGetNsProp(state, BAD_CAST "val", BAD_CAST NS_W14) : NULL;
		glyph_from_hex(hex ? (const char *)hex : (on ? "2612" : "2610"), glyph);
		xmlFree(hex);
		content = find_desc(H, NS_W, "sdtContent", 0);
		wt = content ? find_desc(content, NS_W, "t", 0) : NULL;
		if (wt) {
			xmlNodePtr c, next;
			for (c = wt->children; c; c = next) {
				next = c->next;
				fill_remove(c);
			}
			fill_link_append(wt, xmlNewDocText(wt->doc, BAD_CAST glyph));
		}
	} else {
		xmlNsPtr fns = H->ns;
		xmlSetNsProp(H, fns, BAD_CAST "current-state", BAD_CAST(on ? "checked" : "unchecked"));
	}
}

static void cell_text(xmlNodePtr n, tb_buf *b, int depth)
{
	xmlNodePtr c;
	if (depth > 100)
		return;
	for (c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE && fill_is(c->parent, NS_W, "t"))
			tb_buf_puts(b, (const char *)c->content);
		else if (c->type == XML_ELEMENT_NODE)
			cell_text(c, b, depth + 1);
	}
}

static xmlNodePtr vmerge_of(xmlNodePtr tc)
{
	xmlNodePtr pr, c;
	for (pr = tc->children; pr && !fill_is(pr, NS_W, "tcPr"); pr = pr->next)
		;
	for (c = pr ? pr->children : NULL; c; c = c->next)
		if (fill_is(c, NS_W, "vMerge"))
			return c;
	return NULL;
}

/* A one-row DOCX block whose cell starts a vertical merge (a label spanning the repeated
 * rows): the merge starts in the first copy and continues through the others, instead of
 * restarting in each. Only where a copy's cell says the same as the first copy's. */
static void continue_merges(xmlNodePtr first_row, xmlNodePtr row)
{
	xmlNodePtr a, b;
	for (a = first_row->children, b = row->children; a && b; a = a->next, b = b->next) {
		xmlNodePtr vm;
		xmlChar *val;
		tb_buf ta = TB_BUF_INIT, tbb = TB_BUF_INIT;
		while (a && !fill_is(a, NS_W, "tc"))
			a = a->next;
		while (b && !fill_is(b, NS_W, "tc"))
			b = b->next;
		if (!a || !b)
			break;
		vm = vmerge_of(b);
		val = vm ? xmlGetNsProp(vm, BAD_CAST "val", BAD_CAST NS_W) : NULL;
		if (val && !xmlStrcmp(val, BAD_CAST "restart")) {
			cell_text(a, &ta, 0);
			cell_text(b, &tbb, 0);
			if (!strcmp(ta.data ? ta.data : "", tbb.data ? tbb.data : "")) {
				xmlNodePtr c, next;
				int kept = 0;
				xmlUnsetNsProp(vm, vm->ns, BAD_CAST "val");
				/* A continued cell shows nothing: keep one empty paragraph. */
				for (c = b->children; c; c = next) {
					next = c->next;
					if (fill_is(c, NS_W, "p")) {
						if (kept++) {
							fill_remove(c);
							continue;
						}
						{
							xmlNodePtr pc, pn;
							for (pc = c->children; pc; pc = pn) {
								pn = pc->next;
								if (!fill_is(pc, NS_W, "pPr"))
									fill_remove(pc);
							}
						}
					} else if (fill_is(c, NS_W, "tbl"))
						fill_remove(c);
				}
			}
		}
		xmlFree(val);
		tb_buf_free(&ta);
		tb_buf_free(&tbb);
	}
}

static tb_status section(fill_doc *d, fill_tag *t, xmlNodePtr W, int depth)
{
	xmlXPathObjectPtr r = fill_eval(d, t);
	xmlNodePtr *items = NULL, one = d->scope[d->depth], first_row = NULL;
	size_t nitems = 0, i;
	int push = 0, one_row;
	tb_status st = TB_OK;

	if (r) {
		int truth = fill_truth_of(d, r);
		if (t->tag.kind == TB_TAG_INVERT) {
			if (!truth) {
				items = &one;
				nitems = 1;
			}
		} else if (r->type == XPATH_NODESET && truth) {
			items = r->nodesetval->nodeTab;
			nitems = (size_t)r->nodesetval->nodeNr;
			push = 1;
		} else if (truth) {
			items = &one;
			nitems = 1;
		}
	}
	if (push && d->depth >= FILL_MAX_DEPTH)
		nitems = 0;
	if (d->items + nitems > FILL_MAX_ITEMS) {
		tb_error(d->ctx, "fill.limit", d->template_path, 0, 0, NULL,
		         N_("more than %d repetitions: the data is too large for one document"),
		         FILL_MAX_ITEMS);
		d->nerrors++;
		nitems = 0;
		st = TB_ELIMIT;
	}
	if (nitems) {
		size_t bytes = 0, per = count_nodes(W->children, &bytes);
		if (d->nodes + per * nitems > FILL_MAX_NODES) {
			nitems = 0;
			st = output_cap(d, N_("the repeated sections would make more than %u XML nodes: "
			                      "the document would be too large"), FILL_MAX_NODES);
		} else if (d->text_bytes + bytes * nitems > FILL_MAX_TEXT) {
			nitems = 0;
			st = output_cap(d, N_("the filled-in text would be more than %u MB: the document "
			                      "could not be read back"), FILL_MAX_TEXT >> 20);
		} else {
			d->nodes += per * nitems;
			d->text_bytes += bytes * nitems;
		}
	}
	d->items += nitems;
	one_row = d->kind == TB_PKG_DOCX && W->children && W->children == W->last &&
	          fill_is(W->children, NS_W, "tr");
	for (i = 0; i < nitems && st == TB_OK; i++) {
		xmlNodePtr c, next, copies[256], *cp = copies;
		size_t nc = 0, k, cap = 256;
		for (c = W->children; c; c = c->next)
			nc++;
		if (nc > cap) {
			cp = malloc(nc * sizeof *cp);
			if (!cp) {
				st = TB_ENOMEM;
				break;
			}
		}
		/* The last item takes the section's own nodes instead of a copy (they go with W
		 * otherwise): a condition that holds, a list of one, copies nothing. */
		k = 0;
		for (c = W->children; c; c = next) {
			next = c->next;
			if (i + 1 == nitems) {
				xmlUnlinkNode(c);
				cp[k] = c;
			} else if (!(cp[k] = tb_xml_copy_node(c))) {
				st = TB_ENOMEM;
				break;
			}
			fill_link_before(W, cp[k]);
			fill_drop_redundant_ns(cp[k]);
			k++;
		}
		nc = k;
		if (push) {
			d->scope[++d->depth] = items[i];
			d->loop_i[d->depth] = i;
			d->loop_n[d->depth] = nitems;
		}
		for (k = 0; k < nc && st == TB_OK; k++)
			st = expand(d, cp[k], depth + 1);
		if (one_row) {
			if (!i)
				first_row = cp[0];
			else if (first_row)
				continue_merges(first_row, cp[0]);
		}
		if (push)
			d->depth--;
		if (cp != copies)
			free(cp);
	}
	xmlXPathFreeObject(r);
	fill_remove(W);
	return st;
}

static tb_status expand(fill_doc *d, xmlNodePtr n, int depth)
{
	long i;
	xmlNodePtr c, next;
	tb_status st = TB_OK;

	if (n->type != XML_ELEMENT_NODE)
		return TB_OK;
	if (depth > 512)
		return TB_ELIMIT;
	i = holder_index(d, n);
	if (i >= 0) {
		fill_tag *t = &d->tags[i];
		if (is_wrap(n))
			return section(d, t, n, depth);
		if (t->tag.kind == TB_TAG_CHECKBOX) {
			checkbox_tag(d, t, n);
			/* the control's own content may hold tags too */
		} else
			return value_tag(d, t, n);
	}
	for (c = n->children; c && st == TB_OK; c = next) {
		next = c->next;
		st = expand(d, c, depth + 1);
	}
	return st;
}

/* ---- after filling ---- */

static int has_child(xmlNodePtr n, const char *ns, const char *name)
{
	xmlNodePtr c;
	for (c = n->children; c; c = c->next)
		if (fill_is(c, ns, name))
			return 1;
	return 0;
}

static xmlNodePtr last_element(xmlNodePtr n)
{
	xmlNodePtr c;
	for (c = n->last; c; c = c->prev)
		if (c->type == XML_ELEMENT_NODE)
			return c;
	return NULL;
}

static int odt_has_rows(xmlNodePtr n, int depth)
{
	xmlNodePtr c;
	if (depth > 4)
		return 0;
	for (c = n->children; c; c = c->next) {
		if (fill_is(c, NS_TABLE, "table-row"))
			return 1;
		if (c->type == XML_ELEMENT_NODE && c->ns && !strcmp((const char *)c->ns->href, NS_TABLE) &&
		    strstr((const char *)c->name, "rows") && odt_has_rows(c, depth + 1))
			return 1;
	}
	return 0;
}

/* A w:tc, w:txbxContent, w:hdr, w:ftr, w:footnote or w:endnote: a container Word wants to
 * end with a paragraph. By the name's first letter first: tidy asks this of every element. */
static int ends_with_para(xmlNodePtr n)
{
	const char *nm = (const char *)n->name;
	switch (n->type == XML_ELEMENT_NODE && n->ns ? nm[0] : 0) {
	case 't': return fill_is(n, NS_W, "tc") || fill_is(n, NS_W, "txbxContent");
	case 'h': return fill_is(n, NS_W, "hdr");
	case 'f': return fill_is(n, NS_W, "ftr") || fill_is(n, NS_W, "footnote");
	case 'e': return fill_is(n, NS_W, "endnote");
	default: return 0;
	}
}

static void tidy(fill_doc *d, xmlNodePtr n, int depth)
{
	xmlNodePtr c, next;
	if (depth > 512)
		return;
	for (c = n->children; c; c = next) {
		next = c->next;
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (c->nsDef)
			fill_drop_redundant_ns(c);
		tidy(d, c, depth + 1);
		if (d->kind == TB_PKG_DOCX && fill_is(c, NS_W, "tbl") && !has_child(c, NS_W, "tr"))
			fill_remove(c);
		else if (d->kind == TB_PKG_ODT && fill_is(c, NS_TABLE, "table") && !odt_has_rows(c, 0))
			fill_remove(c);
	}
	if (d->kind == TB_PKG_DOCX && ends_with_para(n)) {
		/* Word wants every cell (and these containers) to end with a paragraph. */
		xmlNodePtr le = last_element(n);
		if (!le || fill_is(le, NS_W, "tbl") || fill_is(le, NS_W, "tcPr"))
			fill_link_append(n, xmlNewDocNode(n->doc, n->ns, BAD_CAST "p", NULL));
	}
}

static int is_props(const fill_doc *d, xmlNodePtr n)
{
	return d->kind == TB_PKG_DOCX && fill_is(n, NS_W, "pPr");
}

/* Paragraphs marked as continuing the one before them (docxtemplater's loops between
 * paragraphs, sections.c) give it their content, in document order. */
static void join_paragraphs(fill_doc *d, xmlNodePtr n, int depth)
{
	xmlNodePtr c, next;
	if (depth > 512)
		return;
	for (c = n->children; c; c = next) {
		xmlNodePtr prev, k, kn;
		next = c->next;
		if (c->type != XML_ELEMENT_NODE)
			continue;
		join_paragraphs(d, c, depth + 1);
		if (!c->properties || !xmlHasProp(c, BAD_CAST FILL_JOIN_ATTR))
			continue;
		xmlUnsetProp(c, BAD_CAST FILL_JOIN_ATTR);
		for (prev = c->prev; prev && prev->type != XML_ELEMENT_NODE; prev = prev->prev)
			;
		if (!prev || !fill_is_para(d, prev))
			continue; /* nothing to continue: it stays a paragraph of its own */
		for (k = c->children; k; k = kn) {
			kn = k->next;
			if (is_props(d, k))
				continue;
			xmlUnlinkNode(k);
			fill_link_append(prev, k);
		}
		fill_remove(c);
	}
}

tb_status fill_expand_part(fill_doc *d, xmlDocPtr doc)
{
	xmlNodePtr root = xmlDocGetRootElement(doc);
	tb_status st;
	if (!root)
		return TB_OK;
	st = expand(d, root, 0);
	if (st == TB_OK && d->syntax == FILL_SYNTAX_DT)
		join_paragraphs(d, root, 0);
	if (st == TB_OK)
		tidy(d, root, 0);
	return st;
}
