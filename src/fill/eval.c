/* eval.c: XPath on the data: compiling tag expressions with their errors captured,
 * evaluating them in the section scopes (Mustache lookup for plain name paths), and turning
 * results into text and truth. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlerror.h>
#include <libxml/xpathInternals.h>

#include "core/ctx.h"
#include "core/i18n.h"
#include "core/json.h"
#include "core/xml.h"
#include "fill/fill_int.h"

typedef struct xp_capture {
	char msg[256];
	int count;
} xp_capture;

static void on_xpath_error(void *user, tb_xml_error e)
{
	xp_capture *c = user;
	/* XPath answers short when libxml2 runs out of memory (a node set not made is an empty
	 * one): the tree edit in progress (the scan's, the expansion's) must fail. */
	if (e && e->code == XML_ERR_NO_MEMORY)
		tb_xml_edit_nomem();
	if (!c->count++ && e && e->message) {
		size_t n;
		snprintf(c->msg, sizeof c->msg, "%s", e->message);
		n = strlen(c->msg);
		while (n && (c->msg[n - 1] == '\n' || c->msg[n - 1] == ' '))
			c->msg[--n] = '\0';
	}
}

/* Some XPath errors ("function x not found") go only to the generic handler, which prints
 * to stderr; the structured one already says what went wrong. */
static void xpath_generic_silent(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

/* Run XPath work with libxml2's global error output redirected into `cap`. */
#define WITH_CAPTURE(cap, stmt)                                              \
	do {                                                                     \
		xmlStructuredErrorFunc old_ = xmlStructuredError;                    \
		void *oldctx_ = xmlStructuredErrorContext;                           \
		xmlGenericErrorFunc oldg_ = xmlGenericError;                         \
		void *oldgctx_ = xmlGenericErrorContext;                             \
		xmlSetStructuredErrorFunc(&(cap), on_xpath_error);                   \
		xmlSetGenericErrorFunc(NULL, xpath_generic_silent);                  \
		stmt;                                                                \
		xmlSetGenericErrorFunc(oldgctx_, oldg_);                             \
		xmlSetStructuredErrorFunc(oldctx_, old_);                            \
	} while (0)

int fill_xpath_probe(const char *expr)
{
	xp_capture cap = {{0}, 0};
	xmlXPathCompExprPtr c;
	WITH_CAPTURE(cap, c = xmlXPathCompile(BAD_CAST expr));
	xmlXPathFreeCompExpr(c);
	return c != NULL;
}

xmlXPathCompExprPtr fill_xpath_compile(fill_doc *d, fill_tag *t)
{
	xp_capture cap = {{0}, 0};
	xmlXPathCompExprPtr c;
	char prob[512];

	WITH_CAPTURE(cap, c = xmlXPathCompile(BAD_CAST t->tag.xpath));
	if (c) {
		/* Unknown functions and type errors show only when evaluated: try it on an empty
		 * document so they are template errors, not data errors. */
		xmlDocPtr probe = xmlNewDoc(BAD_CAST "1.0");
		xmlNodePtr root = probe ? xmlNewDocNode(probe, NULL, BAD_CAST "x", NULL) : NULL;
		xmlXPathContextPtr xp;
		xmlXPathObjectPtr r = NULL;
		xmlDocSetRootElement(probe, root);
		xp = root ? xmlXPathNewContext(probe) : NULL;
		/* A context made while libxml2 ran out of memory can lack functions it registers,
		 * and evaluating with it crashes libxml2 2.9. */
		if (xp && !tb_xml_edit_failed()) {
			fill_xpath_setup(NULL, xp);
			xp->node = root;
			WITH_CAPTURE(cap, r = xmlXPathCompiledEval(c, xp));
		}
		if (xp)
			xmlXPathFreeContext(xp);
		if (!r) {
			xmlXPathFreeCompExpr(c);
			c = NULL;
		}
		xmlXPathFreeObject(r);
		xmlFreeDoc(probe);
	}
	if (!c && tb_xml_edit_failed())
		return NULL; /* out of memory, not the template's fault: the scan fails with it */
	if (!c) {
		snprintf(prob, sizeof prob, _("\"%s\" is not a valid XPath 1.0 expression (%s)"),
		         t->tag.xpath, cap.msg[0] ? cap.msg : "?");
		fill_tag_error(d, t, "fill.xpath",
		               N_("Check brackets, quotes and function names; write a union in parentheses: (a | b)."),
		               prob);
	}
	return c;
}

static int empty_nodeset(xmlXPathObjectPtr o)
{
	return o->type == XPATH_NODESET && (!o->nodesetval || o->nodesetval->nodeNr == 0);
}

xmlXPathObjectPtr fill_eval(fill_doc *d, fill_tag *t)
{
	int level = d->depth;
	xp_capture cap = {{0}, 0};
	xmlXPathObjectPtr r = NULL;

	if (!t->comp)
		return NULL;
	d->xp->proximityPosition = d->depth > 0 ? (int)d->loop_i[d->depth] + 1 : 1;
	d->xp->contextSize = d->depth > 0 ? (int)d->loop_n[d->depth] : 1;
	for (;;) {
		d->xp->node = d->scope[level];
		WITH_CAPTURE(cap, r = xmlXPathCompiledEval(t->comp, d->xp));
		if (!r && d->xp->opLimit && d->xp->opCount >= d->xp->opLimit) {
			if (!d->xpath_spent) {
				char prob[512];
				snprintf(prob, sizeof prob,
				         _("the template's expressions took more than %lu XPath steps on "
				           "this data; the fill is stopped"),
				         (unsigned long)FILL_XPATH_OPS);
				fill_tag_error(d, t, "fill.limit",
				               N_("avoid expressions that search the whole data for every node, "
				                  "such as nested //"),
				               prob);
				d->xpath_spent = 1;
			}
			return NULL;
		}
		if (!r) {
			if (!t->reported) {
				char prob[512];
				snprintf(prob, sizeof prob, _("the expression failed on the data: %s"),
				         cap.msg[0] ? cap.msg : "?");
				fill_tag_error(d, t, "fill.xpath", NULL, prob);
				t->reported = 1;
			}
			return NULL;
		}
		if (!t->tag.plain || level == 0 || !empty_nodeset(r))
			return r;
		xmlXPathFreeObject(r);
		level--;
	}
}

static int falsy_text(const char *s)
{
	return !strcmp(s, "false") || !strcmp(s, "0") || !strcmp(s, "否") || !strcmp(s, "no");
}

static int has_element_child(xmlNodePtr n)
{
	xmlNodePtr c;
	for (c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return 1;
	return 0;
}

static void put_trimmed(tb_buf *b, const char *s)
{
	size_t n;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	tb_buf_put(b, s, n);
}

/* Truth of a node: JSON data by JSON's rules (false, 0, "" and null are false, any other
 * value, "false" included, is true); XML data by its text (false, 0, 否, no are false). */
static int node_truth(const fill_doc *d, xmlNodePtr n)
{
	xmlChar *s;
	int falsy;
	tb_buf b = TB_BUF_INIT;
	if (d && d->data && d->data->json) {
		if (n->type == XML_ELEMENT_NODE)
			return !fill_data_falsy(d->data, n);
		s = xmlNodeGetContent(n);
		falsy = !s || !*s;
		xmlFree(s);
		return !falsy;
	}
	if (n->type == XML_ELEMENT_NODE && has_element_child(n))
		return 1;
	s = xmlNodeGetContent(n);
	put_trimmed(&b, s ? (const char *)s : "");
	falsy = falsy_text(b.data ? b.data : "");
	tb_buf_free(&b);
	xmlFree(s);
	return !falsy;
}

int fill_truth_of(const fill_doc *d, xmlXPathObjectPtr o)
{
	switch (o->type) {
	case XPATH_NODESET:
		if (empty_nodeset(o))
			return 0;
		return node_truth(d, o->nodesetval->nodeTab[0]);
	case XPATH_BOOLEAN: return o->boolval != 0;
	case XPATH_NUMBER: return o->floatval != 0 && !isnan(o->floatval);
	case XPATH_STRING: return o->stringval && *o->stringval;
	default: return 0;
	}
}

/* A node's text: through the data's rules when there is data, else trimmed. */
static void node_text(const fill_doc *d, xmlNodePtr n, tb_buf *out)
{
	if (d && d->data)
		fill_data_text(d->data, n, out);
	else {
		xmlChar *s = xmlNodeGetContent(n);
		put_trimmed(out, s ? (const char *)s : "");
		xmlFree(s);
	}
}

void fill_value_of(const fill_doc *d, xmlXPathObjectPtr o, tb_fval *v)
{
	tb_buf_reset(&v->s);
	v->missing = v->empty = 0;
	v->truth = fill_truth_of(d, o);
	switch (o->type) {
	case XPATH_NODESET: {
		xmlNodePtr n, c;
		int paras = 0;
		if (empty_nodeset(o)) {
			v->missing = v->empty = 1;
			return;
		}
		n = o->nodesetval->nodeTab[0];
		if (n->type == XML_ELEMENT_NODE)
			for (c = n->children; c; c = c->next)
				if (c->type == XML_ELEMENT_NODE && !strcmp((const char *)c->name, "p")) {
					if (paras++)
						tb_buf_puts(&v->s, "\n\n");
					node_text(d, c, &v->s);
				}
		if (!paras)
			node_text(d, n, &v->s);
		break;
	}
	case XPATH_BOOLEAN: tb_buf_puts(&v->s, o->boolval ? "true" : "false"); break;
	case XPATH_NUMBER: {
		double x = o->floatval;
		char tmp[64];
		if (d && d->syntax == FILL_SYNTAX_DT) {
			tb_json_number_text(x, tmp); /* as docxtemplater prints a JavaScript number */
			tb_buf_puts(&v->s, tmp);
		} else if (isnan(x))
			tb_buf_puts(&v->s, "NaN");
		else if (x == floor(x) && fabs(x) < 1e15)
			tb_buf_printf(&v->s, "%.0f", x);
		else {
			size_t n;
			snprintf(tmp, sizeof tmp, "%.10f", x);
			n = strlen(tmp);
			while (n && tmp[n - 1] == '0')
				tmp[--n] = '\0';
			if (n && tmp[n - 1] == '.')
				tmp[--n] = '\0';
			tb_buf_puts(&v->s, tmp);
		}
		break;
	}
	case XPATH_STRING:
		tb_buf_puts(&v->s, o->stringval ? (const char *)o->stringval : "");
		break;
	default: break;
	}
	v->empty = v->s.len == 0;
}

/* ---- row numbers and the functions of the docxtemplater syntax ---- */

/* $index (from 0), $position (from 1) and $count of the innermost repeated section; outside
 * any, the document is one item. */
static xmlXPathObjectPtr variable(void *data, const xmlChar *name, const xmlChar *ns_uri)
{
	const fill_doc *d = data;
	size_t i = d && d->depth > 0 ? d->loop_i[d->depth] : 0;
	size_t n = d && d->depth > 0 ? d->loop_n[d->depth] : 1;
	if (ns_uri)
		return NULL;
	if (!strcmp((const char *)name, "index"))
		return xmlXPathNewFloat((double)i);
	if (!strcmp((const char *)name, "position"))
		return xmlXPathNewFloat((double)i + 1);
	if (!strcmp((const char *)name, "count"))
		return xmlXPathNewFloat((double)n);
	return NULL;
}

typedef struct fill_cached {
	char *path;
	xmlXPathCompExprPtr comp;
} fill_cached;

static xmlXPathCompExprPtr cached_path(fill_doc *d, const char *path)
{
	size_t i;
	fill_cached *c;
	for (i = 0; i < d->nlookups; i++)
		if (!strcmp(d->lookups[i].path, path))
			return d->lookups[i].comp;
	if (d->nlookups >= 4096)
		return NULL;
	c = realloc(d->lookups, (d->nlookups + 1) * sizeof *c);
	if (!c)
		return NULL;
	d->lookups = c;
	c[d->nlookups].path = strdup(path);
	c[d->nlookups].comp = xmlXPathCompile(BAD_CAST path);
	if (!c[d->nlookups].path) {
		xmlXPathFreeCompExpr(c[d->nlookups].comp);
		return NULL;
	}
	return c[d->nlookups++].comp;
}

void fill_lookups_free(fill_doc *d)
{
	size_t i;
	for (i = 0; i < d->nlookups; i++) {
		free(d->lookups[i].path);
		xmlXPathFreeCompExpr(d->lookups[i].comp);
	}
	free(d->lookups);
	d->lookups = NULL;
	d->nlookups = 0;
}

/* tb-lookup('a/b'): the path looked up as a plain tag is, innermost section first. */
static void fn_lookup(xmlXPathParserContextPtr ctxt, int nargs)
{
	fill_doc *d = ctxt->context->userData;
	xmlXPathObjectPtr arg;
	xmlChar *path;
	int level;
	CHECK_ARITY(1);
	arg = valuePop(ctxt);
	path = xmlXPathCastToString(arg);
	xmlXPathFreeObject(arg);
	if (d && d->xp_lookup && path) {
		xmlXPathCompExprPtr comp = cached_path(d, (const char *)path);
		for (level = d->depth; comp && level >= 0; level--) {
			xmlXPathObjectPtr r;
			d->xp_lookup->node = d->scope[level];
			r = xmlXPathCompiledEval(comp, d->xp_lookup);
			if (r && r->type == XPATH_NODESET && !empty_nodeset(r)) {
				xmlFree(path);
				valuePush(ctxt, r);
				return;
			}
			xmlXPathFreeObject(r);
		}
	}
	xmlFree(path);
	valuePush(ctxt, xmlXPathNewNodeSet(NULL));
}

/* tb-truth(x): x's truth as sections see it (JSON's rules on JSON data). */
static void fn_truth(xmlXPathParserContextPtr ctxt, int nargs)
{
	fill_doc *d = ctxt->context->userData;
	xmlXPathObjectPtr arg;
	int t;
	CHECK_ARITY(1);
	arg = valuePop(ctxt);
	t = arg ? fill_truth_of(d, arg) : 0;
	xmlXPathFreeObject(arg);
	valuePush(ctxt, xmlXPathNewBoolean(t));
}

/* tb-if(c, a, b): a when c is true, else b (JavaScript's c ? a : b, a || b, a && b). */
static void fn_if(xmlXPathParserContextPtr ctxt, int nargs)
{
	fill_doc *d = ctxt->context->userData;
	xmlXPathObjectPtr a, b, c;
	CHECK_ARITY(3);
	b = valuePop(ctxt);
	a = valuePop(ctxt);
	c = valuePop(ctxt);
	if (c && fill_truth_of(d, c)) {
		valuePush(ctxt, a);
		xmlXPathFreeObject(b);
	} else {
		valuePush(ctxt, b);
		xmlXPathFreeObject(a);
	}
	xmlXPathFreeObject(c);
}

void fill_xpath_setup(fill_doc *d, xmlXPathContextPtr xp)
{
	xp->userData = d;
	xmlXPathRegisterVariableLookup(xp, variable, d);
	xmlXPathRegisterFunc(xp, BAD_CAST "tb-lookup", fn_lookup);
	xmlXPathRegisterFunc(xp, BAD_CAST "tb-truth", fn_truth);
	xmlXPathRegisterFunc(xp, BAD_CAST "tb-if", fn_if);
	/* position() and last() are the innermost section's */
	xp->proximityPosition = d && d->depth > 0 ? (int)d->loop_i[d->depth] + 1 : 1;
	xp->contextSize = d && d->depth > 0 ? (int)d->loop_n[d->depth] : 1;
}
