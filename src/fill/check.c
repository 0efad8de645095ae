/* check.c: conditions that can never be true because of a slip. Before filling, every
 * section, inverted section, check box and `| check` whose path matches nothing anywhere in
 * the data (the path tried below every node: //path), and one of whose names or compared
 * values is missing from the data while a near one (edit distance) is there, gets a warning
 * that names the tag, where it is, and the near name: a misspelt `@ref='farmer'` otherwise
 * shows □ without a word. A value the data just does not have is not warned about. */
#include <stdlib.h>
#include <string.h>

#include <libxml/xpathInternals.h>

#include "core/ctx.h"
#include "core/i18n.h"
#include "core/strset.h"
#include "core/utf8.h"
#include "core/vec.h"
#include "core/xml.h"
#include "fill/fill_int.h"

#define MAX_NAMES 20000  /* distinct names or values looked at */
#define MAX_CP 64        /* longer words are not compared */

/* Names or values in the order met (for the nearest one), with a hash set beside them for
 * "is it there": the data's every element was asked of a list with strcmp. */
typedef struct strset {
	char **v;
	size_t n, cap;
	tb_strset idx;
} strset;

static int set_has(const strset *s, const char *x)
{
	return tb_strset_has(&s->idx, x, strlen(x));
}

static void set_add(strset *s, const char *x)
{
	size_t len;
	if (!x || !*x || s->n >= MAX_NAMES || set_has(s, x))
		return;
	len = strlen(x);
	if (TB_GROW(s->v, s->cap, s->n + 1) != TB_OK || !tb_strset_add(&s->idx, x, len))
		return;
	s->v[s->n] = strdup(x);
	if (s->v[s->n])
		s->n++;
}

static void set_free(strset *s)
{
	size_t i;
	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	tb_strset_free(&s->idx);
	memset(s, 0, sizeof *s);
}

/* Element names (attr == NULL), attribute names (attr == ""), or the values of one attribute
 * or element (attr = its name, elements when `elem`). */
static void collect(xmlNodePtr n, strset *out, const char *what, int attrs, int elem, int depth)
{
	xmlNodePtr c;
	xmlAttrPtr a;
	if (depth > 256 || out->n >= MAX_NAMES)
		return;
	for (c = n; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (!what && !attrs)
			set_add(out, (const char *)c->name);
		for (a = c->properties; a && (attrs || (what && !elem)); a = a->next) {
			if (!what)
				set_add(out, (const char *)a->name);
			else if (!elem && !strcmp((const char *)a->name, what)) {
				xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
				set_add(out, (const char *)v);
				xmlFree(v);
			}
		}
		if (what && elem && !strcmp((const char *)c->name, what)) {
			xmlChar *v = xmlNodeGetContent(c);
			set_add(out, (const char *)v);
			xmlFree(v);
		}
		collect(c->children, out, what, attrs, elem, depth + 1);
	}
}

static size_t to_cps(const char *s, int32_t *cp)
{
	size_t i = 0, n = 0, len = strlen(s);
	while (i < len && n < MAX_CP) {
		int32_t c = tb_utf8_next(s, len, &i);
		cp[n++] = c;
	}
	return i < len ? MAX_CP + 1 : n;
}

static size_t distance(const char *a, const char *b)
{
	int32_t x[MAX_CP], y[MAX_CP];
	size_t n = to_cps(a, x), m = to_cps(b, y), i, j, row[MAX_CP + 1];
	if (n > MAX_CP || m > MAX_CP)
		return (size_t)-1;
	for (j = 0; j <= m; j++)
		row[j] = j;
	for (i = 1; i <= n; i++) {
		size_t diag = row[0], tmp;
		row[0] = i;
		for (j = 1; j <= m; j++) {
			size_t best = diag + (x[i - 1] != y[j - 1]);
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			tmp = row[j];
			row[j] = best;
			diag = tmp;
		}
	}
	return row[m];
}

/* The nearest member of s to x, when near enough to be a likely slip. */
static const char *nearest(const strset *s, const char *x)
{
	size_t i, best = (size_t)-1, len = tb_utf8_count(x, strlen(x));
	size_t limit = len / 3 > 2 ? len / 3 : 2;
	const char *r = NULL;
	for (i = 0; i < s->n; i++) {
		size_t dd = distance(x, s->v[i]);
		if (dd < best) {
			best = dd;
			r = s->v[i];
		}
	}
	return best <= limit && best > 0 ? r : NULL;
}

static int name_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
	       c == '-' || c == '.' || c >= 0x80;
}

/* The names of the data's elements and attributes, gathered once for all its conditions (a
 * walk of the data per condition that matched nothing was 3% of a mail merge). */
typedef struct data_names {
	strset elems, attrs;
	int ready;
	/* the values of the last attribute or element asked about: the check boxes' conditions
	 * all ask about the same one (target[@ref='...']) */
	strset vals;
	char vals_name[128];
	int vals_elem; /* -1: none yet */
} data_names;

/* Walk the expression's names and literals: the first name the data lacks, or the first
 * literal compared with an attribute or element whose values lack it, with the nearest. */
static int suggest(const fill_doc *d, data_names *dn, const char *x, char *what, size_t wlen,
                   char *near, size_t nlen)
{
	xmlNodePtr root = xmlDocGetRootElement(d->data->doc);
	strset *elems = &dn->elems, *attrs = &dn->attrs;
	size_t i = 0, n = strlen(x);
	char last_name[128] = "";
	int last_attr = 0, found = 0;
	if (!dn->ready) {
		collect(root, elems, NULL, 0, 0, 0);
		collect(root, attrs, NULL, 1, 0, 0);
		for (i = 0; i < d->data->nempty; i++) /* JSON names whose [] or null made no element */
			set_add(elems, d->data->empty_names[i]);
		dn->ready = 1;
	}
	i = 0;
	while (i < n && !found) {
		unsigned char c = (unsigned char)x[i];
		if (c == '\'' || c == '"') {
			size_t e = i + 1;
			char lit[150]; /* fits the 160-byte message field with its quotes */
			while (e < n && x[e] != (char)c)
				e++;
			snprintf(lit, sizeof lit, "%.*s", (int)(e - i - 1), x + i + 1);
			/* name = 'literal' or @name = 'literal' just before? */
			{
				size_t k = i;
				while (k > 0 && (x[k - 1] == ' ' || x[k - 1] == '='))
					k--;
				if (last_name[0] && k > 0 && name_char((unsigned char)x[k - 1])) {
					strset *vals = &dn->vals;
					if (dn->vals_elem != !last_attr || strcmp(dn->vals_name, last_name)) {
						set_free(vals);
						collect(root, vals, last_name, 0, !last_attr, 0);
						snprintf(dn->vals_name, sizeof dn->vals_name, "%s", last_name);
						dn->vals_elem = !last_attr;
					}
					if (!set_has(vals, lit)) {
						const char *s = nearest(vals, lit);
						snprintf(what, wlen, "'%s'", lit);
						snprintf(near, nlen, "%s", s ? s : "");
						found = 1;
					}
				}
			}
			i = e + 1;
			continue;
		}
		if (name_char(c) && !(c >= '0' && c <= '9') && c != '-' && c != '.') {
			size_t e = i, k;
			int attr = i > 0 && x[i - 1] == '@', var = i > 0 && x[i - 1] == '$';
			char nm[128];
			while (e < n && name_char((unsigned char)x[e]))
				e++;
			snprintf(nm, sizeof nm, "%.*s", (int)(e - i), x + i);
			for (k = e; k < n && x[k] == ' '; k++)
				;
			i = e;
			if (var || (k < n && (x[k] == '(' || (x[k] == ':' && k + 1 < n && x[k + 1] == ':'))) ||
			    !strcmp(nm, "and") || !strcmp(nm, "or") || !strcmp(nm, "div") || !strcmp(nm, "mod"))
				continue;
			snprintf(last_name, sizeof last_name, "%s", nm);
			last_attr = attr;
			if (!set_has(attr ? attrs : elems, nm) &&
			    !(d->data->json && fill_data_declared_empty(d->data, nm))) {
				const char *s = nearest(attr ? attrs : elems, nm);
				snprintf(what, wlen, "%s%s", attr ? "@" : "", nm);
				snprintf(near, nlen, "%s%s", s && attr ? "@" : "", s ? s : "");
				found = 1;
			}
			continue;
		}
		i++;
	}
	return found;
}

static int is_condition(const fill_tag *t)
{
	int i;
	if (t->tag.kind == TB_TAG_OPEN || t->tag.kind == TB_TAG_INVERT || t->tag.kind == TB_TAG_CHECKBOX)
		return 1;
	for (i = 0; i < t->tag.nfmt; i++)
		if (!strcmp(t->tag.fmt[i].name, "check"))
			return 1;
	return 0;
}

/* The last name of a plain path (a/b/@c → c). */
static const char *last_step(const char *x)
{
	const char *s = strrchr(x, '/');
	s = s ? s + 1 : x;
	return *s == '@' ? s + 1 : s;
}

/* The lookups' errors are not the template's; running out of memory is the fill's (an
 * answer cut short would drop or invent a warning). */
static void on_lookup_error(void *user, tb_xml_error e)
{
	(void)user;
	if (e && e->code == XML_ERR_NO_MEMORY)
		tb_xml_edit_nomem();
}

/* The data's elements (in document order) and attribute names, in no namespace, made once
 * for all of a template's conditions: a condition "a/b[@c='d']" is true somewhere in the data
 * when it holds at the parent of some element named a, which is far fewer places to try than
 * searching the whole data for //a/b[@c='d'] once per condition (2.6% of a mail merge). */
typedef struct data_index {
	xmlNodePtr *elems;
	size_t n, cap;
	tb_strset attrs;
	int state; /* 0 not built yet, 1 built, -1 could not be (no memory): search instead */
} data_index;

static bool index_data(data_index *ix, xmlNodePtr root)
{
	xmlNodePtr n = root;
	xmlAttrPtr a;
	bool ok = true;
	if (ix->state)
		return ix->state > 0;
	while (n && ok) {
		if (n->type == XML_ELEMENT_NODE) {
			if (!n->ns && (ok = TB_GROW(ix->elems, ix->cap, ix->n + 1) == TB_OK))
				ix->elems[ix->n++] = n;
			for (a = n->properties; a && ok; a = a->next)
				if (!a->ns)
					ok = tb_strset_add(&ix->attrs, (const char *)a->name,
					                   strlen((const char *)a->name));
			if (n->children) {
				n = n->children;
				continue;
			}
		}
		while (n && n != root && !n->next)
			n = n->parent;
		n = n && n != root ? n->next : NULL;
	}
	ix->state = ok ? 1 : -1;
	return ok;
}

static bool name_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool ascii_name_char(char c)
{
	return name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

/* Length of the XPath name test of ASCII letters, digits, '-', '_' and '.' at x (0: none; a
 * name of other characters is left to XPath, whose idea of a name is the judge). */
static size_t plain_name_len(const char *x)
{
	size_t i = 0;
	if (!name_start(x[0]))
		return 0;
	while (ascii_name_char(x[i]))
		i++;
	return i;
}

/* Whether p is only further steps ("/name", "//name", "/@name", "/" "*") and predicates, so
 * that the whole expression is a path whose first step is its leading name. */
static bool steps_only(const char *p)
{
	for (;;) {
		while (*p == '[') {
			int depth = 0;
			char q = 0;
			for (; *p; p++) {
				if (q) {
					if (*p == q)
						q = 0;
				} else if (*p == '\'' || *p == '"') {
					q = *p;
				} else if (*p == '[') {
					depth++;
				} else if (*p == ']' && --depth == 0) {
					break;
				}
			}
			if (!*p)
				return false;
			p++;
		}
		if (!*p)
			return true;
		if (*p++ != '/')
			return false;
		if (*p == '/')
			p++;
		if (*p == '@')
			p++;
		if (*p == '*')
			p++;
		else if (!plain_name_len(p))
			return false;
		else
			p += plain_name_len(p);
	}
}

static xmlXPathObjectPtr quiet_eval(xmlXPathContextPtr xp, xmlNodePtr at, const char *expr,
                                    xmlXPathCompExprPtr comp)
{
	xmlGenericErrorFunc oldg = xmlGenericError;
	void *oldgctx = xmlGenericErrorContext;
	xmlStructuredErrorFunc olds = xmlStructuredError;
	void *oldsctx = xmlStructuredErrorContext;
	xmlXPathObjectPtr r;
	xmlSetGenericErrorFunc(NULL, NULL);
	xmlSetStructuredErrorFunc(NULL, on_lookup_error);
	xp->node = at;
	r = comp ? xmlXPathCompiledEval(comp, xp) : xmlXPathEvalExpression(BAD_CAST expr, xp);
	xmlSetGenericErrorFunc(oldgctx, oldg);
	xmlSetStructuredErrorFunc(oldsctx, olds);
	return r;
}

/* Whether nothing anywhere in the data matches the condition x, found with the index: 1
 * nothing, 0 something (or x cannot be evaluated), -1 when x is not of a shape the index
 * answers (the caller searches //x). */
static int nothing_matches(data_index *ix, xmlNodePtr root, xmlXPathContextPtr xp, const char *x)
{
	size_t nl, i;
	xmlXPathCompExprPtr comp;
	xmlNodePtr last = NULL;
	int found = 0;
	if (x[0] == '@') {
		nl = plain_name_len(x + 1);
		if (!nl || x[1 + nl] || !index_data(ix, root))
			return -1;
		return !tb_strset_has(&ix->attrs, x + 1, nl);
	}
	nl = plain_name_len(x);
	if (!nl || !steps_only(x + nl) || !index_data(ix, root))
		return -1;
	{
		xmlGenericErrorFunc oldg = xmlGenericError;
		void *oldgctx = xmlGenericErrorContext;
		xmlStructuredErrorFunc olds = xmlStructuredError;
		void *oldsctx = xmlStructuredErrorContext;
		xmlSetGenericErrorFunc(NULL, NULL);
		xmlSetStructuredErrorFunc(NULL, on_lookup_error);
		comp = xmlXPathCtxtCompile(xp, BAD_CAST x);
		xmlSetGenericErrorFunc(oldgctx, oldg);
		xmlSetStructuredErrorFunc(oldsctx, olds);
	}
	if (!comp)
		return 0; /* as //x would fail: not reported */
	for (i = 0; i < ix->n && !found; i++) {
		xmlNodePtr e = ix->elems[i];
		xmlXPathObjectPtr r;
		if (e->parent == last || strncmp((const char *)e->name, x, nl) || e->name[nl])
			continue;
		last = e->parent;
		r = quiet_eval(xp, last, x, comp);
		found = !r || r->type != XPATH_NODESET || (r->nodesetval && r->nodesetval->nodeNr);
		xmlXPathFreeObject(r);
	}
	xmlXPathFreeCompExpr(comp);
	return !found;
}

void fill_check_conditions(fill_doc *d)
{
	size_t i, k;
	xmlXPathContextPtr xp;
	xmlNodePtr root = xmlDocGetRootElement(d->data->doc);
	data_names dn;
	data_index ix;
	memset(&dn, 0, sizeof dn);
	dn.vals_elem = -1;
	memset(&ix, 0, sizeof ix);
	if (!root)
		return;
	xp = xmlXPathNewContext(d->data->doc);
	if (!xp || tb_xml_edit_failed()) { /* out of memory: the fill fails with it */
		tb_xml_edit_nomem();
		if (xp)
			xmlXPathFreeContext(xp);
		return;
	}
	fill_xpath_setup(NULL, xp);
	for (i = 0; i < d->ntags; i++) {
		fill_tag *t = &d->tags[i];
		const char *x = t->tag.xpath;
		char *any, what[160], near[160], prob[768];
		xmlXPathObjectPtr r;
		int empty;
		if (!t->parsed || !t->comp || !x || !is_condition(t))
			continue;
		/* the same expression twice is checked (and reported) once */
		for (k = 0; k < i; k++)
			if (d->tags[k].parsed && d->tags[k].comp && d->tags[k].tag.xpath &&
			    !strcmp(d->tags[k].tag.xpath, x) && is_condition(&d->tags[k]))
				break;
		if (k < i)
			continue;
		/* a relative location path only: //path then means "anywhere" */
		if (!(x[0] == '@' || x[0] == '*' || x[0] == '_' || (unsigned char)x[0] >= 0x80 ||
		      (x[0] >= 'a' && x[0] <= 'z') || (x[0] >= 'A' && x[0] <= 'Z')))
			continue;
		if (!strncmp(x, "tb-", 3) || strstr(x, "tb-lookup("))
			continue;
		if (t->tag.plain && d->data->json && fill_data_declared_empty(d->data, last_step(x)))
			continue; /* the data says it is empty ([] or null) */
		if ((empty = nothing_matches(&ix, root, xp, x)) < 0) {
			any = malloc(strlen(x) + 3);
			if (!any)
				break;
			strcpy(any, "//");
			strcat(any, x);
			r = quiet_eval(xp, (xmlNodePtr)d->data->doc, any, NULL);
			free(any);
			empty = r && r->type == XPATH_NODESET && (!r->nodesetval || !r->nodesetval->nodeNr);
			xmlXPathFreeObject(r);
		}
		if (!empty)
			continue;
		what[0] = near[0] = '\0';
		/* Only a likely slip is reported: a value the data simply does not have (the boxes
		 * an applicant leaves unticked) is no mistake of the template. */
		if (!suggest(d, &dn, x, what, sizeof what, near, sizeof near) || !near[0])
			continue;
		snprintf(prob, sizeof prob,
		         _("nothing anywhere in the data matches \"%s\", so this condition is always "
		           "false; %s is not in the data (did you mean \"%s\"?)"),
		         x, what, near);
		fill_tag_warn(d, t, "fill.no-match",
		              N_("Check the names and values against the data; a condition that can "
		                 "never hold shows nothing without saying so."),
		              prob);
	}
	xmlXPathFreeContext(xp);
	set_free(&dn.elems);
	set_free(&dn.attrs);
	set_free(&dn.vals);
	free(ix.elems);
	tb_strset_free(&ix.attrs);
}
