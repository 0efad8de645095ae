/* fill_int.h: the fill engine's shared state: tags found in the template's parts, their
 * places in the DOM, and the data scopes used while expanding. */
#ifndef TB_FILL_INT_H
#define TB_FILL_INT_H
#include <libxml/tree.h>
#include <libxml/xpath.h>

#include "core/buf.h"
#include "fill/format.h"
#include "fill/tag.h"
#include "pkg/package.h"
#include "tianbiao/tb_fill.h"

#define FILL_MAX_DEPTH 64          /* nested sections */
#define FILL_MAX_TAGS 100000       /* tags in one template */
#define FILL_MAX_ITEMS 1000000     /* repetitions in one fill */
#define FILL_HOLDER_ATTR "tbf"     /* marks a tag's node while filling; never written */
#define FILL_WRAP_NAME "tbf-section"
#define FILL_ODT_HOLDER "tbf-t"

#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_W14 "http://schemas.microsoft.com/office/word/2010/wordml"
#define NS_TEXT "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_TABLE "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define NS_FORM "urn:oasis:names:tc:opendocument:xmlns:form:1.0"
#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_DRAW "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
#define NS_SVG "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
#define NS_XLINK "http://www.w3.org/1999/xlink"

typedef struct fill_tag {
	tb_tag tag;
	int parsed;       /* tag is valid (parse succeeded) */
	char *text;       /* as written, delimiters included */
	const char *part; /* points into fill_doc.parts */
	char *where;      /* "paragraph 3" / "table 1, row 2, cell 1, paragraph 9" */
	char *around;     /* the paragraph's text around the tag */
	xmlXPathCompExprPtr comp;
	xmlNodePtr holder; /* the run / element standing for the tag */
	xmlNodePtr para;   /* its paragraph (NULL for form checkboxes) */
	int alone;         /* only this tag in its paragraph (the paragraph may go) */
	long match;        /* index of the matching open/close tag, -1 if none */
	int reported;      /* a data error was reported for it (once per tag) */
} fill_tag;

typedef struct fill_doc {
	tb_ctx *ctx;
	const tb_fill_options *opts;
	const char *template_path;
	tb_pkg_kind kind;
	tb_delims delims;
	fill_tag *tags;
	size_t ntags, cap;
	size_t nerrors; /* template and data errors recorded */
	/* fill time */
	xmlXPathContextPtr xp;
	xmlNodePtr scope[FILL_MAX_DEPTH + 1];
	int depth;
	size_t items;
	char *data_dir;
	tb_pkg *pkg;
	const char *part_name; /* the part being expanded */
	int rels_changed;
	xmlDocPtr rels;        /* DOCX: relationships of the part being expanded */
	unsigned images;
	int xpath_spent;       /* the XPath budget ran out (reported once) */
} fill_doc;

/* XPath steps one fill may take over its data, all expressions together (libxml2's opLimit):
 * far more than a real form needs, a few seconds of work at most, while a nested search of every element for every element (issue 17: 800 KB of data) would
 * otherwise run for minutes. */
#define FILL_XPATH_OPS 20000000UL

/* Record an error about tag `t` (code, translated problem text). */
void fill_tag_error(fill_doc *d, const fill_tag *t, const char *code, const char *hint,
                    const char *problem);

/* scan.c: find the tags of one part (adds to d->tags; holders are marked in the DOM), then
 * match sections and wrap the nodes each one repeats. */
TB_NODISCARD tb_status fill_scan_part(fill_doc *d, const char *part, xmlDocPtr doc);
TB_NODISCARD tb_status fill_structure(fill_doc *d, size_t first, size_t end);

/* eval.c */
xmlXPathCompExprPtr fill_xpath_compile(fill_doc *d, fill_tag *t);
/* Does expr compile (silently)? */
int fill_xpath_probe(const char *expr);
/* Evaluate tag t's expression in the current scope (with Mustache lookup); NULL on error
 * (reported). */
xmlXPathObjectPtr fill_eval(fill_doc *d, fill_tag *t);
/* The value of an XPath result as text, with emptiness and truth. */
void fill_value_of(xmlXPathObjectPtr obj, tb_fval *v);
int fill_truth_of(xmlXPathObjectPtr obj);

/* expand.c: fill one part's DOM in place. */
TB_NODISCARD tb_status fill_expand_part(fill_doc *d, xmlDocPtr doc);

/* image.c: put the picture at `path` (relative to the data folder) into holder's place. */
TB_NODISCARD tb_status fill_image(fill_doc *d, fill_tag *t, xmlNodePtr holder, const char *path,
                     double w_mm, double h_mm);

/* dom helpers (scan.c) */
int fill_is(xmlNodePtr n, const char *ns, const char *name);
void fill_link_before(xmlNodePtr ref, xmlNodePtr n);
void fill_link_after(xmlNodePtr ref, xmlNodePtr n);
void fill_link_append(xmlNodePtr parent, xmlNodePtr n);
void fill_remove(xmlNodePtr n);
/* A copied subtree declares again the namespaces its new ancestors declare: drop those. */
void fill_drop_redundant_ns(xmlNodePtr n);
int fill_is_para(const fill_doc *d, xmlNodePtr n);

#endif
