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

typedef struct strset {
	char **v;
	size_t n, cap;
} strset;

static int set_has(const strset *s, const char *x)
{
	size_t i;
	for (i = 0; i < s->n; i++)
		if (!strcmp(s->v[i], x))
			return 1;
	return 0;
}

static void set_add(strset *s, const char *x)
{
	if (!x || !*x || s->n >= MAX_NAMES || set_has(s, x))
		return;
	if (TB_GROW(s->v, s->cap, s->n + 1) != TB_OK)
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
					strset vals = {0};
					collect(root, &vals, last_name, 0, !last_attr, 0);
					if (!set_has(&vals, lit)) {
						const char *s = nearest(&vals, lit);
						snprintf(what, wlen, "'%s'", lit);
						snprintf(near, nlen, "%s", s ? s : "");
						found = 1;
					}
					set_free(&vals);
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

/* Element and attribute names (in no namespace) anywhere in the data: a condition that is
 * one plain name, as most are, is then looked up instead of searching the whole data with
 * "//name" (2.5% of a mail merge when every condition searched). */
typedef struct name_index {
	tb_strset elems, attrs;
	int state; /* 0 not built yet, 1 built, -1 could not be (no memory): search instead */
} name_index;

static bool index_names(name_index *ix, xmlNodePtr root)
{
	xmlNodePtr n = root;
	xmlAttrPtr a;
	bool ok = true;
	if (ix->state)
		return ix->state > 0;
	while (n && ok) {
		if (n->type == XML_ELEMENT_NODE) {
			if (!n->ns)
				ok = tb_strset_add(&ix->elems, (const char *)n->name, strlen((const char *)n->name));
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

/* One XPath name test of ASCII letters, digits, '-', '_' and '.' (a name with other
 * characters is left to XPath, whose idea of a name is the judge). */
static bool plain_name(const char *x)
{
	size_t i;
	if (!((x[0] >= 'a' && x[0] <= 'z') || (x[0] >= 'A' && x[0] <= 'Z') || x[0] == '_'))
		return false;
	for (i = 1; x[i]; i++)
		if (!((x[i] >= 'a' && x[i] <= 'z') || (x[i] >= 'A' && x[i] <= 'Z') ||
		      (x[i] >= '0' && x[i] <= '9') || x[i] == '-' || x[i] == '_' || x[i] == '.'))
			return false;
	return true;
}

void fill_check_conditions(fill_doc *d)
{
	size_t i, k;
	xmlXPathContextPtr xp;
	xmlNodePtr root = xmlDocGetRootElement(d->data->doc);
	data_names dn;
	name_index ix;
	memset(&dn, 0, sizeof dn);
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
		if (plain_name(x[0] == '@' ? x + 1 : x) && index_names(&ix, root)) {
			const char *nm = x[0] == '@' ? x + 1 : x;
			if (tb_strset_has(x[0] == '@' ? &ix.attrs : &ix.elems, nm, strlen(nm)))
				continue;
			goto nothing;
		}
		any = malloc(strlen(x) + 3);
		if (!any)
			break;
		strcpy(any, "//");
		strcat(any, x);
		{
			xmlGenericErrorFunc oldg = xmlGenericError;
			void *oldgctx = xmlGenericErrorContext;
			xmlStructuredErrorFunc olds = xmlStructuredError;
			void *oldsctx = xmlStructuredErrorContext;
			xmlSetGenericErrorFunc(NULL, NULL);
			xmlSetStructuredErrorFunc(NULL, on_lookup_error);
			xp->node = (xmlNodePtr)d->data->doc;
			r = xmlXPathEvalExpression(BAD_CAST any, xp);
			xmlSetGenericErrorFunc(oldgctx, oldg);
			xmlSetStructuredErrorFunc(oldsctx, olds);
		}
		free(any);
		empty = r && r->type == XPATH_NODESET && (!r->nodesetval || !r->nodesetval->nodeNr);
		xmlXPathFreeObject(r);
		if (!empty)
			continue;
nothing:
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
	tb_strset_free(&ix.elems);
	tb_strset_free(&ix.attrs);
}
