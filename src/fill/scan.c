/* scan.c: finding tags in a part. Each paragraph's text nodes are joined (with a map back to
 * the nodes), tags are found in the joined text, and each tag is moved into a node of its own
 * (a run cloned from the run of its first character, or a marker element in ODT) so that the
 * formatting of its first character survives and runs split by editors do not matter. */
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "core/ctx.h"
#include "core/i18n.h"
#include "core/vec.h"
#include "fill/fill_int.h"

#define AROUND_CHARS 20

/* ---- DOM helpers: linking without libxml2's merging of adjacent text nodes ---- */

int fill_is(xmlNodePtr n, const char *ns, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns && !strcmp((const char *)n->name, name) &&
	       !strcmp((const char *)n->ns->href, ns);
}

void fill_link_before(xmlNodePtr ref, xmlNodePtr n)
{
	n->parent = ref->parent;
	n->prev = ref->prev;
	n->next = ref;
	if (ref->prev)
		ref->prev->next = n;
	else if (ref->parent)
		ref->parent->children = n;
	ref->prev = n;
}

void fill_link_after(xmlNodePtr ref, xmlNodePtr n)
{
	n->parent = ref->parent;
	n->next = ref->next;
	n->prev = ref;
	if (ref->next)
		ref->next->prev = n;
	else if (ref->parent)
		ref->parent->last = n;
	ref->next = n;
}

void fill_link_append(xmlNodePtr parent, xmlNodePtr n)
{
	n->parent = parent;
	n->next = NULL;
	n->prev = parent->last;
	if (parent->last)
		parent->last->next = n;
	else
		parent->children = n;
	parent->last = n;
}

static void remap_ns(xmlNodePtr n, xmlNsPtr from, xmlNsPtr to, int depth)
{
	xmlNodePtr c;
	xmlAttrPtr a;
	if (depth > 512)
		return;
	if (n->ns == from)
		n->ns = to;
	for (a = n->properties; a; a = a->next)
		if (a->ns == from)
			a->ns = to;
	for (c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			remap_ns(c, from, to, depth + 1);
}

void fill_drop_redundant_ns(xmlNodePtr n)
{
	xmlNsPtr *pp, d;
	if (!n->parent || n->type != XML_ELEMENT_NODE)
		return;
	pp = &n->nsDef;
	while ((d = *pp) != NULL) {
		xmlNsPtr up = xmlSearchNs(n->doc, n->parent, d->prefix);
		if (up && up != d && d->href && up->href && xmlStrEqual(up->href, d->href)) {
			remap_ns(n, d, up, 0);
			*pp = d->next;
			d->next = NULL;
			xmlFreeNs(d);
		} else
			pp = &d->next;
	}
}

void fill_remove(xmlNodePtr n)
{
	xmlUnlinkNode(n);
	xmlFreeNode(n);
}

int fill_is_para(const fill_doc *d, xmlNodePtr n)
{
	if (d->kind == TB_PKG_DOCX)
		return fill_is(n, NS_W, "p");
	return fill_is(n, NS_TEXT, "p") || fill_is(n, NS_TEXT, "h");
}

static int is_row(const fill_doc *d, xmlNodePtr n)
{
	return d->kind == TB_PKG_DOCX ? fill_is(n, NS_W, "tr") : fill_is(n, NS_TABLE, "table-row");
}

static int is_cell(const fill_doc *d, xmlNodePtr n)
{
	return d->kind == TB_PKG_DOCX ? fill_is(n, NS_W, "tc")
	                              : (fill_is(n, NS_TABLE, "table-cell") ||
	                                 fill_is(n, NS_TABLE, "covered-table-cell"));
}

static int is_table(const fill_doc *d, xmlNodePtr n)
{
	return d->kind == TB_PKG_DOCX ? fill_is(n, NS_W, "tbl") : fill_is(n, NS_TABLE, "table");
}

/* ---- text map of one paragraph ---- */

typedef struct tmap {
	xmlNodePtr node; /* a text node */
	size_t start;    /* offset in the joined text */
} tmap;

typedef struct scan {
	fill_doc *d;
	const char *part;
	unsigned para_no, table_no;
	unsigned tables[FILL_MAX_DEPTH + 1]; /* numbers of the enclosing tables */
	int tdepth;
	tb_buf text;
	tmap *map;
	size_t nmap, capmap;
	int oom; /* an allocation failed while the tree was being cut (checked per paragraph) */
} scan;

static int skip_subtree(const fill_doc *d, xmlNodePtr n)
{
	if (fill_is_para(d, n))
		return 1;
	if (d->kind == TB_PKG_ODT)
		return fill_is(n, NS_OFFICE, "annotation") || fill_is(n, NS_SVG, "title") ||
		       fill_is(n, NS_SVG, "desc") || fill_is(n, NS_TEXT, "note-citation");
	return 0;
}

static tb_status gather(scan *s, xmlNodePtr n, int depth)
{
	xmlNodePtr c;
	if (depth > 200)
		return TB_ELIMIT;
	for (c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE) {
			int ok = s->d->kind == TB_PKG_ODT || fill_is(c->parent, NS_W, "t");
			if (!ok || !c->content)
				continue;
			if (TB_GROW(s->map, s->capmap, s->nmap + 1) != TB_OK)
				return TB_ENOMEM;
			s->map[s->nmap].node = c;
			s->map[s->nmap].start = s->text.len;
			s->nmap++;
			if (tb_buf_puts(&s->text, (const char *)c->content) != TB_OK)
				return TB_ELIMIT;
		} else if (c->type == XML_ELEMENT_NODE && !skip_subtree(s->d, c)) {
			tb_status st = gather(s, c, depth + 1);
			if (st != TB_OK)
				return st;
		}
	}
	return TB_OK;
}

static size_t node_index(xmlNodePtr n, int (*same)(const fill_doc *, xmlNodePtr),
                         const fill_doc *d)
{
	size_t k = 1;
	xmlNodePtr p;
	for (p = n->prev; p; p = p->prev)
		if (same(d, p))
			k++;
	return k;
}

/* The words below and the check boxes' are in fill_scan_words: a new translated word in a
 * tag's where or around goes there too. */
static char *describe(scan *s, xmlNodePtr para)
{
	tb_buf b = TB_BUF_INIT;
	xmlNodePtr cell = NULL, p;
	for (p = para ? para->parent : NULL; p; p = p->parent)
		if (is_cell(s->d, p)) {
			cell = p;
			break;
		}
	if (cell && cell->parent && s->tdepth > 0)
		tb_buf_printf(&b, _("table %u, row %zu, cell %zu, paragraph %u"),
		              s->tables[s->tdepth - 1], node_index(cell->parent, is_row, s->d),
		              node_index(cell, is_cell, s->d), s->para_no);
	else
		tb_buf_printf(&b, _("paragraph %u"), s->para_no);
	return tb_buf_detach(&b, NULL);
}

/* Up to AROUND_CHARS characters on each side of [a,b), tag marked with brackets. */
static char *around(const char *t, size_t len, size_t a, size_t b)
{
	tb_buf o = TB_BUF_INIT;
	size_t s = a, e = b;
	int k;
	for (k = 0; k < AROUND_CHARS && s > 0; k++)
		do
			s--;
		while (s > 0 && ((unsigned char)t[s] & 0xC0) == 0x80);
	for (k = 0; k < AROUND_CHARS && e < len; k++)
		do
			e++;
		while (e < len && ((unsigned char)t[e] & 0xC0) == 0x80);
	if (s > 0)
		tb_buf_puts(&o, "…");
	tb_buf_put_xml(&o, t + s, a - s); /* escaping also drops control characters */
	tb_buf_puts(&o, "⟦");
	tb_buf_put(&o, t + a, b - a);
	tb_buf_puts(&o, "⟧");
	tb_buf_put(&o, t + b, e - b);
	if (e < len)
		tb_buf_puts(&o, "…");
	return tb_buf_detach(&o, NULL);
}

/* A tag's problem names the template part, where in it, the tag and the text around it. */
static void tag_report(fill_doc *d, tb_severity sev, const fill_tag *t, const char *code,
                       const char *hint, const char *problem)
{
	static const char none[] = "";
	char file[1024];
	d->nreports++;
	snprintf(file, sizeof file, "%s:%s", d->template_path, t->part ? t->part : none);
	(void)tb_diag_add(d->ctx, sev, code, file, 0, 0, hint, N_("%s: tag %s: %s; text: %s"),
	                  t->where ? t->where : none, t->text ? t->text : none, problem,
	                  t->around ? t->around : none);
}

void fill_tag_error(fill_doc *d, const fill_tag *t, const char *code, const char *hint,
                    const char *problem)
{
	tag_report(d, TB_SEV_ERROR, t, code, hint, problem);
	d->nerrors++;
}

void fill_tag_warn(fill_doc *d, const fill_tag *t, const char *code, const char *hint,
                   const char *problem)
{
	tag_report(d, TB_SEV_WARNING, t, code, hint, problem);
}

void fill_scan_words(const char *out[FILL_SCAN_WORDS])
{
	out[0] = _("table %u, row %zu, cell %zu, paragraph %u");
	out[1] = _("paragraph %u");
	out[2] = _("(check box content control)");
	out[3] = _("form");
	out[4] = _("(form check box)");
}

static fill_tag *new_tag(fill_doc *d)
{
	fill_tag *t;
	if (d->ntags >= FILL_MAX_TAGS)
		return NULL;
	if (TB_GROW(d->tags, d->cap, d->ntags + 1) != TB_OK)
		return NULL;
	t = &d->tags[d->ntags++];
	memset(t, 0, sizeof *t);
	t->match = -1;
	return t;
}

static int mark_holder(fill_doc *d, xmlNodePtr n, size_t idx)
{
	char num[32];
	snprintf(num, sizeof num, "%zu", idx);
	d->tags[idx].holder = n;
	return xmlSetProp(n, BAD_CAST FILL_HOLDER_ATTR, BAD_CAST num) ? 0 : -1;
}

/* Parse and compile one tag text; problems are reported, the tag is kept for inspect. */
static void parse_tag(fill_doc *d, fill_tag *t, const char *inner, size_t ilen)
{
	const char *code, *msg;
	char *arg = NULL;
	int r = d->syntax == FILL_SYNTAX_DT ? tb_tag_parse_dt(inner, ilen, &t->tag, &code, &msg, &arg)
	                                    : tb_tag_parse(inner, ilen, &t->tag, &code, &msg, &arg);
	if (r != 0) {
		char prob[512];
		snprintf(prob, sizeof prob, _(msg), arg ? arg : "");
		fill_tag_error(d, t, code, N_("See docs/tags.md for the tag syntax and formatters."),
		               prob);
		free(arg);
		return;
	}
	t->parsed = 1;
	if (t->tag.kind != TB_TAG_CLOSE)
		t->comp = fill_xpath_compile(d, t);
}

static int has_keeper(const fill_doc *d, xmlNodePtr n, int depth)
{
	xmlNodePtr c;
	if (depth > 100)
		return 1;
	for (c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (d->kind == TB_PKG_DOCX) {
			if (fill_is(c, NS_W, "drawing") || fill_is(c, NS_W, "pict") ||
			    fill_is(c, NS_W, "object") || fill_is(c, NS_W, "footnoteReference") ||
			    fill_is(c, NS_W, "endnoteReference") || fill_is(c, NS_W, "commentRangeStart") ||
			    fill_is(c, NS_W, "commentRangeEnd") || fill_is(c, NS_W, "sdt") ||
			    fill_is(c, NS_W, "fldChar"))
				return 1;
			if (fill_is(c, NS_W, "bookmarkStart")) {
				xmlChar *nm = xmlGetNsProp(c, BAD_CAST "name", BAD_CAST NS_W);
				int keep = nm && nm[0] != '_';
				xmlFree(nm);
				if (keep)
					return 1;
			}
		} else if (fill_is(c, NS_DRAW, "frame") || fill_is(c, NS_TEXT, "bookmark") ||
		           fill_is(c, NS_TEXT, "bookmark-start") || fill_is(c, NS_TEXT, "note") ||
		           fill_is(c, NS_OFFICE, "annotation"))
			return 1;
		if (has_keeper(d, c, depth + 1))
			return 1;
	}
	return 0;
}

static int has_picture(const fill_doc *d, xmlNodePtr n, int depth)
{
	xmlNodePtr c;
	if (depth > 100)
		return 1;
	for (c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (fill_is(c, NS_W, "drawing") || fill_is(c, NS_DRAW, "frame"))
			return 1;
		if (has_picture(d, c, depth + 1))
			return 1;
	}
	return 0;
}

static size_t cur_len(xmlNodePtr n)
{
	return n->content ? strlen((const char *)n->content) : 0;
}

/* Replace a text node's content; -1 if memory ran out (libxml2 then leaves it empty). */
static int set_text(xmlNodePtr n, const char *c)
{
	xmlNodeSetContent(n, BAD_CAST c);
	return *c && !n->content ? -1 : 0;
}

/* Remove [a,b) of text node n's content (local offsets); -1 when out of memory. */
static int cut_text(xmlNodePtr n, size_t a, size_t b)
{
	size_t len = cur_len(n);
	char *c;
	int r;
	if (a >= b || a >= len)
		return 0;
	if (b > len)
		b = len;
	c = malloc(len - (b - a) + 1);
	if (!c)
		return -1;
	memcpy(c, n->content, a);
	memcpy(c + a, n->content + b, len - b);
	c[len - (b - a)] = '\0';
	r = set_text(n, c);
	free(c);
	return r;
}

/* Keep the first o bytes of a text node (its content may live in the parser's dictionary,
 * so it is replaced, never written in place). */
static int set_head(xmlNodePtr n, size_t o)
{
	char *c = malloc(o + 1);
	int r;
	if (!c)
		return -1;
	memcpy(c, n->content, o);
	c[o] = '\0';
	r = set_text(n, c);
	free(c);
	return r;
}

static xmlNodePtr new_w(xmlNodePtr like, const char *name)
{
	return xmlNewDocNode(like->doc, like->ns, BAD_CAST name, NULL);
}

static int set_preserve(xmlNodePtr t)
{
	xmlNsPtr xmlns = t ? xmlSearchNs(t->doc, t, BAD_CAST "xml") : NULL;
	return t && xmlSetNsProp(t, xmlns, BAD_CAST "space", BAD_CAST "preserve") ? 0 : -1;
}

/* A node made for the tree, or sc->oom set (libxml2 returns NULL when memory runs out). */
static xmlNodePtr made(scan *sc, xmlNodePtr n)
{
	if (!n)
		sc->oom = 1;
	return n;
}

/* A new run r holding rPr (a copy of rpr, when given) and t, whose text is `text` with its
 * spaces kept. r and t are fresh nodes (NULL when their allocation failed). Returns r, or
 * NULL with sc->oom set and both freed. */
static xmlNodePtr fill_run(scan *sc, xmlNodePtr r, xmlNodePtr rpr, xmlNodePtr t, const xmlChar *text)
{
	xmlNodePtr x = NULL, tx = NULL;
	if (!r || !t || (rpr && !(x = made(sc, xmlDocCopyNode(rpr, r->doc, 1)))) ||
	    set_preserve(t) != 0 || !(tx = made(sc, xmlNewDocText(r->doc, text)))) {
		sc->oom = 1;
		xmlFreeNode(x);
		xmlFreeNode(t);
		xmlFreeNode(r);
		return NULL;
	}
	if (x)
		fill_link_append(r, x);
	fill_link_append(t, tx);
	fill_link_append(r, t);
	return r;
}

/* Move tag [s,e) of the joined text into a node of its own; returns the holder (NULL with
 * sc->oom set when memory ran out). */
static xmlNodePtr isolate(scan *sc, size_t s, size_t e)
{
	fill_doc *d = sc->d;
	size_t i, a = SIZE_MAX, o;
	xmlNodePtr A, H;
	char *tagtext = malloc(e - s + 1);

	if (!tagtext) {
		sc->oom = 1;
		return NULL;
	}
	memcpy(tagtext, sc->text.data + s, e - s);
	tagtext[e - s] = '\0';
	/* The node holding the tag's first byte, found before cutting. */
	for (i = 0; i < sc->nmap; i++) {
		size_t st = sc->map[i].start, ln = cur_len(sc->map[i].node);
		if (st <= s && s < st + ln) {
			a = i;
			break;
		}
	}
	if (a == SIZE_MAX) {
		free(tagtext);
		return NULL;
	}
	for (i = a; i < sc->nmap; i++) {
		size_t st = sc->map[i].start;
		if (st >= e)
			break;
		if (cut_text(sc->map[i].node, s > st ? s - st : 0, e - st) != 0 ||
		    /* a cut may leave edge spaces that must stay */
		    (d->kind == TB_PKG_DOCX && set_preserve(sc->map[i].node->parent) != 0)) {
			sc->oom = 1;
			free(tagtext);
			return NULL;
		}
	}
	A = sc->map[a].node;
	o = s - sc->map[a].start;
	if (d->kind == TB_PKG_DOCX) {
		xmlNodePtr T = A->parent, R = T->parent, rpr = NULL, c;
		for (c = R->children; c; c = c->next)
			if (fill_is(c, NS_W, "rPr"))
				rpr = c;
		/* The holder run, complete before it goes into the tree. */
		H = fill_run(sc, made(sc, new_w(R, "r")), rpr, made(sc, new_w(R, "t")), BAD_CAST tagtext);
		if (!H) {
			free(tagtext);
			return NULL;
		}
		{
			int first = 1, last = T->next == NULL;
			for (c = T->prev; c; c = c->prev)
				if (c->type == XML_ELEMENT_NODE && !fill_is(c, NS_W, "rPr"))
					first = 0;
			if (o == 0 && first)
				fill_link_before(R, H);
			else if (o >= cur_len(A) && last)
				fill_link_after(R, H);
			else {
				/* Split the run at o: R keeps the head, R2 the tail. */
				xmlNodePtr R2, next;
				R2 = fill_run(sc, made(sc, xmlDocCopyNode(R, R->doc, 2)), rpr,
				              made(sc, xmlDocCopyNode(T, R->doc, 2)), A->content + o);
				if (!R2) {
					xmlFreeNode(H);
					free(tagtext);
					return NULL;
				}
				for (c = T->next; c; c = next) {
					next = c->next;
					xmlUnlinkNode(c);
					fill_link_append(R2, c);
				}
				if (set_head(A, o) != 0)
					sc->oom = 1;
				fill_link_after(R, R2);
				fill_link_after(R, H);
			}
		}
	} else {
		xmlNodePtr t = NULL, A2 = NULL;
		if (!(H = made(sc, xmlNewDocNode(A->doc, NULL, BAD_CAST FILL_ODT_HOLDER, NULL))) ||
		    !(t = made(sc, xmlNewDocText(A->doc, BAD_CAST tagtext))) ||
		    (o > 0 && o < cur_len(A) && !(A2 = made(sc, xmlNewDocText(A->doc, A->content + o))))) {
			xmlFreeNode(t);
			xmlFreeNode(H);
			free(tagtext);
			return NULL;
		}
		fill_link_append(H, t);
		if (o == 0)
			fill_link_before(A, H);
		else if (o >= cur_len(A))
			fill_link_after(A, H);
		else {
			if (set_head(A, o) != 0)
				sc->oom = 1;
			fill_link_after(A, A2);
			fill_link_after(A, H);
		}
	}
	free(tagtext);
	return H;
}

/* After isolating: drop text nodes left empty, then runs/spans left with nothing. */
static void sweep(scan *sc)
{
	size_t i;
	for (i = 0; i < sc->nmap; i++) {
		xmlNodePtr n = sc->map[i].node, parent = n->parent;
		if (cur_len(n))
			continue;
		if (sc->d->kind == TB_PKG_DOCX) {
			xmlNodePtr R = parent ? parent->parent : NULL, c;
			int other = 0;
			/* The empty text, then its w:t once nothing else is in it: a w:t may hold more
			 * text nodes (around elements a hostile file puts there) still in the map. */
			fill_remove(n);
			if (!parent || parent->children)
				continue;
			fill_remove(parent);
			if (!R || !fill_is(R, NS_W, "r"))
				continue;
			for (c = R->children; c; c = c->next)
				if (c->type == XML_ELEMENT_NODE && !fill_is(c, NS_W, "rPr"))
					other = 1;
			if (!other)
				fill_remove(R);
		} else {
			fill_remove(n);
			while (parent && fill_is(parent, NS_TEXT, "span") && !parent->children) {
				xmlNodePtr up = parent->parent;
				fill_remove(parent);
				parent = up;
			}
		}
	}
}

static int is_blank(const char *s, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			return 0;
	return 1;
}

#define MAX_TAGS_PER_PARA 1024

/* ｛ (U+FF5B) and ｝ (U+FF5D): typed in a Chinese input method's full-width mode. */
#define FW_OPEN "\xEF\xBD\x9B"
#define FW_CLOSE "\xEF\xBD\x9D"

/* A tag typed with full-width braces (｛｛name｝｝, or one of them mixed with {/}) is not a
 * tag: say so instead of leaving it in the document unnoticed. */
static void fullwidth_check(scan *sc, xmlNodePtr P)
{
	const char *t = sc->text.data, *o = strstr(t, FW_OPEN), *c;
	fill_doc *d = sc->d;
	fill_tag tmp;
	size_t a, b;
	char prob[256];
	if (!o) {
		o = strstr(t, FW_CLOSE); /* {{name｝｝ */
		if (!o)
			return;
		c = o;
		o = NULL;
		{
			const char *q = t, *last = NULL;
			while ((q = strstr(q, d->delims.open)) != NULL && q < c) {
				last = q;
				q += d->delims.olen;
			}
			if (!last)
				return;
			o = last;
		}
	} else {
		c = strstr(o, FW_CLOSE);
		if (!c)
			c = strstr(o, d->delims.close);
		if (!c)
			return;
	}
	a = (size_t)(o - t);
	b = (size_t)(c - t);
	while (b < sc->text.len && (!strncmp(t + b, FW_CLOSE, 3) || t[b] == '}'))
		b += t[b] == '}' ? 1 : 3;
	if (b - a > 200)
		return;
	memset(&tmp, 0, sizeof tmp);
	tmp.part = sc->part;
	tmp.where = describe(sc, P);
	tmp.text = strndup(t + a, b - a);
	tmp.around = around(t, sc->text.len, a, b);
	snprintf(prob, sizeof prob, _("this looks like a tag typed with full-width braces (｛ ｝), "
	                              "which is not read as a tag"));
	fill_tag_warn(d, &tmp, "fill.fullwidth",
	              N_("Retype the braces in half-width (English) input mode: {{ and }}."), prob);
	free(tmp.where);
	free(tmp.text);
	free(tmp.around);
}

static tb_status process_paragraph(scan *sc, xmlNodePtr P)
{
	fill_doc *d = sc->d;
	size_t starts[MAX_TAGS_PER_PARA], ends[MAX_TAGS_PER_PARA], idx[MAX_TAGS_PER_PARA];
	size_t n = 0, pos = 0, k;
	int r;
	tb_status st;

	tb_buf_reset(&sc->text);
	sc->nmap = 0;
	st = gather(sc, P, 0);
	if (st != TB_OK)
		return st;
	if (!sc->text.len)
		return TB_OK;
	fullwidth_check(sc, P);
	while (n < MAX_TAGS_PER_PARA &&
	       (r = tb_tag_find(&d->delims, sc->text.data, sc->text.len, pos, &starts[n], &ends[n])) != 0) {
		if (r < 0) {
			/* Never closed in this paragraph: report, list it, do not isolate it. */
			fill_tag *t = new_tag(d);
			size_t e = sc->text.len - starts[n] > 40 ? starts[n] + 40 : sc->text.len;
			while (e < sc->text.len && ((unsigned char)sc->text.data[e] & 0xC0) == 0x80)
				e++;
			if (!t)
				return TB_ELIMIT;
			t->part = sc->part;
			t->where = describe(sc, P);
			t->text = strndup(sc->text.data + starts[n], e - starts[n]);
			t->around = around(sc->text.data, sc->text.len, starts[n], e);
			t->para = P;
			fill_tag_error(d, t, "fill.split-tag",
			               N_("Write the whole tag inside one paragraph, or close it with the end delimiter."),
			               _("the tag is not closed before the end of its paragraph"));
			break;
		}
		pos = ends[n];
		n++;
	}
	for (k = 0; k < n; k++) {
		fill_tag *t = new_tag(d);
		size_t ol = d->delims.olen, cl = d->delims.clen;
		if (!t)
			return TB_ELIMIT;
		idx[k] = d->ntags - 1;
		t->part = sc->part;
		t->where = describe(sc, P);
		t->text = strndup(sc->text.data + starts[k], ends[k] - starts[k]);
		t->around = around(sc->text.data, sc->text.len, starts[k], ends[k]);
		t->para = P;
		if (!t->where || !t->text || !t->around)
			return TB_ENOMEM;
		if (d->syntax == FILL_SYNTAX_DT) { /* docxtemplater: no other text at all */
			t->alone = n == 1 && starts[0] == 0 && ends[0] == sc->text.len;
			t->keep = has_picture(d, P, 0); /* ... and a picture keeps the paragraph */
		} else
			t->alone = n == 1 && is_blank(sc->text.data, starts[0]) &&
			           is_blank(sc->text.data + ends[0], sc->text.len - ends[0]) &&
			           !has_keeper(d, P, 0);
		parse_tag(d, t, sc->text.data + starts[k] + ol, ends[k] - starts[k] - ol - cl);
	}
	/* Right to left, so the offsets of the tags not yet moved stay valid. */
	for (k = n; k-- > 0 && !sc->oom;) {
		xmlNodePtr H = isolate(sc, starts[k], ends[k]);
		if (H && mark_holder(d, H, idx[k]) != 0)
			sc->oom = 1;
	}
	if (sc->oom)
		return TB_ENOMEM; /* the part is half cut: the whole fill fails */
	sweep(sc);
	return TB_OK;
}

/* Word content-control checkbox: w:sdt / w:sdtPr with w14:checkbox and a w:tag. */
static void checkbox_sdt(scan *sc, xmlNodePtr sdt, xmlNodePtr para)
{
	xmlNodePtr pr, c, tagel = NULL, box = NULL;
	xmlChar *val;
	for (pr = sdt->children; pr && !fill_is(pr, NS_W, "sdtPr"); pr = pr->next)
		;
	if (!pr)
		return;
	for (c = pr->children; c; c = c->next) {
		if (fill_is(c, NS_W, "tag"))
			tagel = c;
		else if (fill_is(c, NS_W14, "checkbox"))
			box = c;
	}
	if (!tagel || !box)
		return;
	val = xmlGetNsProp(tagel, BAD_CAST "val", BAD_CAST NS_W);
	if (val && *val) {
		fill_tag *t = new_tag(sc->d);
		if (t) {
			size_t i = sc->d->ntags - 1;
			t->part = sc->part;
			t->where = describe(sc, para);
			t->text = strdup((const char *)val);
			t->around = strdup(_("(check box content control)"));
			t->para = para;
			parse_tag(sc->d, t, (const char *)val, strlen((const char *)val));
			if (t->parsed && t->tag.kind != TB_TAG_VALUE) {
				fill_tag_error(sc->d, t, "fill.syntax", NULL,
				               _("a check box tag must be a plain expression"));
				t->parsed = 0;
			}
			t->tag.kind = TB_TAG_CHECKBOX;
			if (mark_holder(sc->d, sdt, i) != 0 || !t->where || !t->text || !t->around)
				sc->oom = 1;
		}
	}
	xmlFree(val);
}

/* ODF form checkbox: the expression is its title or name, bare or inside the delimiters.
 * A bare name is taken only when it is valid XPath (default names like "Check Box 1" are
 * not). */
static void checkbox_form(scan *sc, xmlNodePtr box)
{
	fill_doc *d = sc->d;
	const char *attrs[] = {"title", "name"};
	size_t k;
	for (k = 0; k < 2; k++) {
		xmlChar *v = xmlGetNsProp(box, BAD_CAST attrs[k], BAD_CAST NS_FORM);
		const char *e = (const char *)v, *inner = e;
		size_t len = v ? strlen(e) : 0, ilen = len;
		fill_tag *t;
		if (!v || !len) {
			xmlFree(v);
			continue;
		}
		if (len > d->delims.olen + d->delims.clen && !strncmp(e, d->delims.open, d->delims.olen) &&
		    !strcmp(e + len - d->delims.clen, d->delims.close)) {
			inner = e + d->delims.olen;
			ilen = len - d->delims.olen - d->delims.clen;
		} else if (!fill_xpath_probe(e)) {
			xmlFree(v);
			continue;
		}
		t = new_tag(d);
		if (t) {
			size_t i = d->ntags - 1;
			t->part = sc->part;
			t->where = strdup(_("form"));
			t->text = strdup(e);
			t->around = strdup(_("(form check box)"));
			parse_tag(d, t, inner, ilen);
			t->tag.kind = TB_TAG_CHECKBOX;
			if (mark_holder(d, box, i) != 0 || !t->where || !t->text || !t->around)
				sc->oom = 1;
		}
		xmlFree(v);
		return;
	}
}

static tb_status walk(scan *sc, xmlNodePtr n, xmlNodePtr para, int depth)
{
	xmlNodePtr c;
	tb_status st = TB_OK;
	if (depth > 256)
		return TB_ELIMIT;
	for (c = n->children; c && st == TB_OK; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (fill_is_para(sc->d, c)) {
			sc->para_no++;
			st = process_paragraph(sc, c);
			if (st == TB_OK)
				st = walk(sc, c, c, depth + 1);
		} else if (is_table(sc->d, c)) {
			if (sc->tdepth >= FILL_MAX_DEPTH)
				return TB_ELIMIT;
			sc->tables[sc->tdepth++] = ++sc->table_no;
			st = walk(sc, c, para, depth + 1);
			sc->tdepth--;
		} else {
			if (sc->d->kind == TB_PKG_DOCX && fill_is(c, NS_W, "sdt"))
				checkbox_sdt(sc, c, para);
			else if (sc->d->kind == TB_PKG_ODT && fill_is(c, NS_FORM, "checkbox"))
				checkbox_form(sc, c);
			st = sc->oom ? TB_ENOMEM : walk(sc, c, para, depth + 1);
		}
	}
	return st;
}

tb_status fill_scan_part(fill_doc *d, const char *part, xmlDocPtr doc)
{
	scan sc;
	tb_status st;
	memset(&sc, 0, sizeof sc);
	sc.d = d;
	sc.part = part;
	tb_buf_init(&sc.text, 16u << 20);
	st = walk(&sc, (xmlNodePtr)doc, NULL, 0);
	tb_buf_free(&sc.text);
	free(sc.map);
	if (st == TB_ELIMIT)
		tb_error(d->ctx, "fill.limit", d->template_path, 0, 0, NULL,
		         N_("%s: the part is nested too deeply or has too many tags"), part);
	return st;
}

/* ---- which syntax ---- */

/* Does the text hold a docxtemplater tag: {…} whose inside reads as one (a brace in prose,
 * "{a, b}", does not make a template docxtemplater's)? {@…} and {-…} count, so that they
 * are refused with a reason rather than left as text. */
static int single_brace_tag(const char *t, size_t n, int *oom)
{
	size_t i, j, e;
	for (i = 0; i + 2 < n; i++) {
		tb_tag tag;
		const char *code, *msg;
		char *arg = NULL;
		int ok;
		if (t[i] != '{' || t[i + 1] == '{' || (i > 0 && t[i - 1] == '{'))
			continue;
		for (e = i + 1; e < n && t[e] != '}' && t[e] != '{'; e++)
			;
		if (e >= n || t[e] != '}')
			continue;
		for (j = i + 1; j < e && t[j] == ' '; j++)
			;
		if (j < e && (t[j] == '@' || t[j] == '-'))
			return 1;
		if (j < e && (t[j] == '#' || t[j] == '^' || t[j] == '/' || t[j] == '%'))
			for (j++; j < e && t[j] == ' '; j++)
				;
		/* a name, ., $index or {/}: not a number or a quotation in braces */
		if (j < e && !((unsigned char)t[j] >= 0x80 || t[j] == '_' || t[j] == '$' || t[j] == '.' ||
		               (t[j] >= 'a' && t[j] <= 'z') || (t[j] >= 'A' && t[j] <= 'Z')))
			continue;
		ok = tb_tag_parse_dt(t + i + 1, e - i - 1, &tag, &code, &msg, &arg) == 0;
		tb_tag_clear(&tag);
		free(arg);
		if (ok)
			return 1;
		if (msg && !strcmp(msg, TB_TAG_NOMEM)) {
			*oom = 1; /* no answer: not "no tag" */
			return 0;
		}
	}
	return 0;
}

static int detect_walk(scan *sc, xmlNodePtr n, int *dt, int depth)
{
	xmlNodePtr c;
	if (depth > 256)
		return 0;
	for (c = n->children; c && !sc->oom; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (fill_is_para(sc->d, c)) {
			tb_status st;
			tb_buf_reset(&sc->text);
			sc->nmap = 0;
			st = gather(sc, c, 0);
			if (st == TB_OK && sc->text.len) {
				if (strstr(sc->text.data, "{{"))
					return 1; /* tianbiao's own: decided */
				if (single_brace_tag(sc->text.data, sc->text.len, &sc->oom))
					*dt = 1;
			} else if (st == TB_ENOMEM || tb_buf_status(&sc->text) == TB_ENOMEM) {
				sc->oom = 1;
			}
		}
		if (detect_walk(sc, c, dt, depth + 1))
			return 1;
	}
	return 0;
}

tb_status fill_detect_syntax(const fill_doc *d, xmlDocPtr *docs, size_t n, fill_syntax *out)
{
	scan sc;
	size_t i;
	int dt = 0, native = 0;
	memset(&sc, 0, sizeof sc);
	sc.d = (fill_doc *)d;
	tb_buf_init(&sc.text, 16u << 20);
	for (i = 0; i < n && !native && !sc.oom; i++)
		native = detect_walk(&sc, (xmlNodePtr)docs[i], &dt, 0);
	tb_buf_free(&sc.text);
	free(sc.map);
	*out = !native && dt ? FILL_SYNTAX_DT : FILL_SYNTAX_NATIVE;
	/* a paragraph not read for want of memory could have decided otherwise */
	return sc.oom && !native ? TB_ENOMEM : TB_OK;
}
