/* sections.c: matching section tags and choosing what each one repeats (inline text, a row,
 * rows A..B, or paragraphs), then wrapping those nodes in a marker element that expansion
 * replaces by zero or more copies. */
#include <stdlib.h>
#include <string.h>

#include "core/ctx.h"
#include "core/i18n.h"
#include "fill/fill_int.h"

static xmlNodePtr ancestor(xmlNodePtr n, int (*pred)(const fill_doc *, xmlNodePtr),
                           const fill_doc *d)
{
	for (; n; n = n->parent)
		if (pred(d, n))
			return n;
	return NULL;
}

static int pred_row(const fill_doc *d, xmlNodePtr n)
{
	return d->kind == TB_PKG_DOCX ? fill_is(n, NS_W, "tr") : fill_is(n, NS_TABLE, "table-row");
}

static int pred_cell(const fill_doc *d, xmlNodePtr n)
{
	return d->kind == TB_PKG_DOCX ? fill_is(n, NS_W, "tc") : fill_is(n, NS_TABLE, "table-cell");
}

static int is_wrap(xmlNodePtr n)
{
	return n && n->type == XML_ELEMENT_NODE && !n->ns &&
	       !strcmp((const char *)n->name, FILL_WRAP_NAME);
}

/* Make first and last siblings by climbing out of the wrappers of inner sections. */
static int siblings(xmlNodePtr *first, xmlNodePtr *last)
{
	int guard = 0;
	while ((*first)->parent != (*last)->parent && guard++ < 2 * FILL_MAX_DEPTH) {
		if (is_wrap((*first)->parent))
			*first = (*first)->parent;
		else if (is_wrap((*last)->parent))
			*last = (*last)->parent;
		else
			return 0;
	}
	return (*first)->parent == (*last)->parent;
}

/* ODT lists hold each paragraph in a text:list-item: a paragraph loop over list items repeats
 * the items, so a paragraph whose partner is in another item stands for its item. */
static xmlNodePtr list_box(const fill_doc *d, xmlNodePtr para, xmlNodePtr other)
{
	if (d->kind == TB_PKG_ODT && para->parent != other->parent && para->parent &&
	    fill_is(para->parent, NS_TEXT, "list-item"))
		return para->parent;
	return para;
}

/* box is para itself, or a list item holding nothing but para. */
static int only_child(xmlNodePtr para, xmlNodePtr box)
{
	xmlNodePtr c;
	if (box == para)
		return 1;
	for (c = box->children; c; c = c->next)
		if (c != para && c->type == XML_ELEMENT_NODE)
			return 0;
	return 1;
}

/* Move first..last (siblings, first before last) into a new wrapper for tag `open`. */
static xmlNodePtr wrap(xmlNodePtr first, xmlNodePtr last, size_t open)
{
	xmlNodePtr w = xmlNewDocNode(first->doc, NULL, BAD_CAST FILL_WRAP_NAME, NULL), c, next;
	char num[32];
	if (!w)
		return NULL;
	snprintf(num, sizeof num, "%zu", open);
	xmlSetProp(w, BAD_CAST FILL_HOLDER_ATTR, BAD_CAST num);
	fill_link_before(first, w);
	for (c = first; c; c = next) {
		next = c->next;
		xmlUnlinkNode(c);
		fill_link_append(w, c);
		if (c == last)
			break;
	}
	return w;
}

static int before(xmlNodePtr a, xmlNodePtr b)
{
	for (; a; a = a->next)
		if (a == b)
			return 1;
	return 0;
}

static void drop_holder(fill_tag *t)
{
	if (t->holder) {
		fill_remove(t->holder);
		t->holder = NULL;
	}
}

xmlNodePtr fill_para_of(const fill_doc *d, xmlNodePtr n)
{
	for (; n; n = n->parent)
		if (fill_is_para(d, n))
			return n;
	return NULL;
}

/* Move what follows `h` in paragraph P into a new paragraph after P (P's attributes, no
 * properties); elements between h and P (a hyperlink, an insertion) are split too. */
static xmlNodePtr split_after(xmlNodePtr P, xmlNodePtr h)
{
	xmlNodePtr chain[64], np, dest, c, next;
	int k = 0, i;
	for (c = h; c && c != P && k < 64; c = c->parent)
		chain[k++] = c;
	if (c != P)
		return NULL;
	np = xmlDocCopyNode(P, P->doc, 2);
	if (!np)
		return NULL;
	fill_link_after(P, np);
	dest = np;
	for (i = k - 1; i >= 0; i--) {
		xmlNodePtr cp = NULL;
		if (i > 0) {
			cp = xmlDocCopyNode(chain[i], P->doc, 2);
			if (!cp)
				return np;
			fill_link_append(dest, cp);
			fill_drop_redundant_ns(cp);
		}
		for (c = chain[i]->next; c; c = next) {
			next = c->next;
			xmlUnlinkNode(c);
			fill_link_append(dest, c);
		}
		if (cp)
			dest = cp;
	}
	return np;
}

static void mark_join(xmlNodePtr p, size_t open)
{
	char num[32];
	snprintf(num, sizeof num, "%zu", open);
	xmlSetProp(p, BAD_CAST FILL_JOIN_ATTR, BAD_CAST num);
}

/* docxtemplater's loop between two paragraphs when a tag has other text beside it: what lies
 * between the tags is repeated as it is, so each copy's end shares a paragraph with the next
 * copy's start (A1 A2₁ M₁ B1₁+A2₂ M₂ B1₂+B2). A is split after the open tag, B after the
 * close tag; the continuing halves are marked and joined once everything is filled. */
static int chunk_scope(fill_doc *d, size_t oi, size_t ci)
{
	fill_tag *o = &d->tags[oi], *c = &d->tags[ci];
	xmlNodePtr A = fill_para_of(d, o->holder), B = fill_para_of(d, c->holder), A2, B2;
	if (!A || !B || A->parent != B->parent || !before(A, B))
		return -1;
	A2 = split_after(A, o->holder);
	B2 = split_after(B, c->holder);
	if (!A2 || !B2)
		return -1;
	drop_holder(o);
	drop_holder(c);
	mark_join(A2, oi);
	mark_join(B2, oi);
	wrap(A2, B, oi);
	return 0;
}

static void scope_of(fill_doc *d, size_t oi, size_t ci)
{
	fill_tag *o = &d->tags[oi], *c = &d->tags[ci];
	xmlNodePtr first, last, w, ob, cb;
	const char *problem = NULL;

	if (!o->holder || !c->holder || !o->para || !c->para)
		return;
	/* an inner section's split may have moved a holder into a new paragraph */
	o->para = fill_para_of(d, o->holder);
	c->para = fill_para_of(d, c->holder);
	if (!o->para || !c->para)
		return;
	if (o->para == c->para) { /* inline */
		if (o->holder->parent != c->holder->parent) {
			problem = _("the two tags are inside different formatting groups (hyperlink, field); "
			            "retype them with the same formatting");
			goto fail;
		}
		first = o->holder;
		last = c->holder;
		w = wrap(first, last, oi);
		drop_holder(o);
		drop_holder(c);
		(void)w;
		return;
	}
	{
		xmlNodePtr ro = ancestor(o->para, pred_row, d), rc = ancestor(c->para, pred_row, d);
		xmlNodePtr to = ancestor(o->para, pred_cell, d), tcl = ancestor(c->para, pred_cell, d);
		if (ro && rc && (ro != rc || to != tcl)) {
			first = ro;
			last = rc;
			if (siblings(&first, &last) && before(first, last) &&
			    (ro == rc || ancestor(ro->parent, pred_cell, d) == ancestor(rc->parent, pred_cell, d))) {
				wrap(first, last, oi);
				drop_holder(o);
				drop_holder(c);
				return;
			}
		}
	}
	if (d->syntax == FILL_SYNTAX_DT && !(o->alone && c->alone)) {
		if (chunk_scope(d, oi, ci) == 0)
			return;
		problem = _("the section's open and close tags are not in one table, one cell or one run "
		            "of paragraphs, or the section crosses another one");
		goto fail;
	}
	first = ob = list_box(d, o->para, c->para);
	last = cb = list_box(d, c->para, o->para);
	if (!siblings(&first, &last) || !before(first, last)) {
		problem = _("the section's open and close tags are not in one table, one cell or one run "
		            "of paragraphs, or the section crosses another one");
		goto fail;
	}
	wrap(first, last, oi);
	if (o->alone && !o->keep && first == ob && only_child(o->para, ob)) {
		fill_remove(first);
		o->holder = NULL;
	} else
		drop_holder(o);
	if (c->alone && !c->keep && last == cb && only_child(c->para, cb)) {
		fill_remove(last);
		c->holder = NULL;
	} else
		drop_holder(c);
	return;
fail:
	fill_tag_error(d, o, "fill.section",
	               N_("Put both tags in one paragraph, in cells of one table, or in paragraphs side by side."),
	               problem);
}

tb_status fill_structure(fill_doc *d, size_t first, size_t end)
{
	size_t stack[FILL_MAX_DEPTH], i;
	int sp = 0;
	char prob[512];

	for (i = first; i < end; i++) {
		fill_tag *t = &d->tags[i];
		if (!t->parsed)
			continue;
		if (t->tag.kind == TB_TAG_OPEN || t->tag.kind == TB_TAG_INVERT) {
			if (sp >= FILL_MAX_DEPTH) {
				fill_tag_error(d, t, "fill.section", NULL, _("sections are nested too deeply"));
				continue;
			}
			stack[sp++] = i;
		} else if (t->tag.kind == TB_TAG_CLOSE) {
			fill_tag *o;
			if (!sp) {
				fill_tag_error(d, t, "fill.section",
				               N_("Remove it, or add the opening tag {{#…}} before it."),
				               _("this closes a section that was never opened"));
				continue;
			}
			o = &d->tags[stack[--sp]];
			if (*t->tag.expr && strcmp(t->tag.expr, o->tag.expr)) {
				snprintf(prob, sizeof prob, _("this closes \"%s\" but the open section is \"%s\" (%s)"),
				         t->tag.expr, o->tag.expr, o->where ? o->where : "");
				fill_tag_error(d, t, "fill.section",
				               N_("Close sections in the reverse order of opening; {{/}} closes the innermost."),
				               prob);
			}
			o->match = (long)i;
			t->match = (long)stack[sp];
		}
	}
	while (sp > 0) {
		fill_tag *o = &d->tags[stack[--sp]];
		fill_tag_error(d, o, "fill.section",
		               N_("Add {{/}} (or {{/expression}}) where the section ends, in the same part."),
		               _("this section is never closed"));
	}
	/* Inner sections close first: wrapping in closing order nests the wrappers. */
	for (i = first; i < end; i++)
		if (d->tags[i].parsed && d->tags[i].tag.kind == TB_TAG_CLOSE && d->tags[i].match >= 0)
			scope_of(d, (size_t)d->tags[i].match, i);
	return TB_OK;
}
