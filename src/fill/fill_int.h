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
/* What one fill may add: XML nodes copied by repetition, an attribute counting as two (it is
 * an attribute and a text node), and bytes of filled-in text (a part past TB_XML_MAX_BYTES
 * could not be read back). Each counted node costs about 150 bytes once copied, filled and
 * written out (100,000 rows of a two-cell table, 31 each with the tags' holders: 440 MB), so
 * the whole fill stays under 500 MB (issue 17 item 11: a million rows took 2.5 GB; 4,000,000
 * nodes counted without their attributes, 740 MB). */
#define FILL_MAX_NODES 3200000
#define FILL_MAX_TEXT (48u * 1024 * 1024)
#define FILL_HOLDER_ATTR "tbf"     /* marks a tag's node while filling; never written */
#define FILL_WRAP_NAME "tbf-section"
#define FILL_ODT_HOLDER "tbf-t"
#define FILL_JOIN_ATTR "tbf-join" /* a paragraph continuing the one before it (joined at the end) */

#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_W14 "http://schemas.microsoft.com/office/word/2010/wordml"
#define NS_TEXT "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_TABLE "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define NS_FORM "urn:oasis:names:tc:opendocument:xmlns:form:1.0"
#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_DRAW "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
#define NS_SVG "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
#define NS_XLINK "http://www.w3.org/1999/xlink"

/* Which tag language the template is written in. */
typedef enum fill_syntax {
	FILL_SYNTAX_NATIVE = 0, /* {{xpath | formatter}} (docs/tags.md) */
	FILL_SYNTAX_DT          /* docxtemplater's {tag}, with paragraphLoop and linebreaks */
} fill_syntax;

/* data.c: the data, XML as it is or JSON mapped to XML. */
typedef struct fill_data {
	xmlDocPtr doc;
	int json;              /* JSON's truth rules apply, strings are kept as given */
	xmlNodePtr *falsy;     /* JSON false, 0, "" and null items (sorted) */
	size_t nfalsy;
	char **empty_names;    /* JSON members whose null or [] made no element */
	size_t nempty;
} fill_data;

/* Read XML or JSON (JSON when the name ends in .json or the bytes start with { or [). */
tb_status fill_data_read(tb_ctx *ctx, const char *name, const char *bytes, size_t len,
                         fill_data *out);
void fill_data_free(fill_data *d);
int fill_data_falsy(const fill_data *d, xmlNodePtr n);
int fill_data_declared_empty(const fill_data *d, const char *name);
/* A node's text as a tag prints it: JSON strings and xml:space="preserve" as given, other
 * XML trimmed; indentation between elements is never text. Appended to out. */
void fill_data_text(const fill_data *d, xmlNodePtr n, tb_buf *out);
/* The element name a JSON member name becomes (NULL for ""); caller frees. */
char *fill_json_name(const char *key);

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
	int keep;          /* docxtemplater syntax: a picture keeps the tag's paragraph */
	long match;        /* index of the matching open/close tag, -1 if none */
	int reported;      /* a data error was reported for it (once per tag) */
} fill_tag;

typedef struct fill_doc {
	tb_ctx *ctx;
	const tb_fill_options *opts;
	const char *template_path;
	tb_pkg_kind kind;
	fill_syntax syntax;
	tb_delims delims;
	fill_tag *tags;
	size_t ntags, cap;
	size_t nerrors; /* template and data errors recorded */
	/* fill time */
	xmlXPathContextPtr xp;
	xmlXPathContextPtr xp_lookup;           /* tb-lookup()'s own evaluations */
	const fill_data *data;
	xmlNodePtr scope[FILL_MAX_DEPTH + 1];
	size_t loop_i[FILL_MAX_DEPTH + 1];      /* item number in each repeated section */
	size_t loop_n[FILL_MAX_DEPTH + 1];      /* and its item count */
	int depth;
	struct fill_cached *lookups;           /* tb-lookup() paths compiled once */
	size_t nlookups;
	size_t items;
	size_t nodes;      /* copied by repetition so far (FILL_MAX_NODES) */
	size_t text_bytes; /* filled in so far (FILL_MAX_TEXT) */
	int output_capped; /* the output cap was reported */
	char *data_dir;
	tb_pkg *pkg;
	const char *part_name; /* the part being expanded */
	int rels_changed;
	xmlDocPtr rels;        /* DOCX: relationships of the part being expanded */
	unsigned images;
	int xpath_spent;       /* the XPath budget ran out (reported once) */
	size_t nreports;       /* tag errors and warnings raised (recorded or not) */
	/* When set, the tags' strings and compiled expressions are the prepared template's
	 * (prepared.c), not this document's: only the array is its own. */
	struct fill_prepared *prep;
} fill_doc;

/* One part of the template that may hold tags, and its tags [first, end). */
typedef struct fill_part {
	const char *name; /* owned by the package */
	size_t index;     /* in the package */
	xmlDocPtr doc;
	size_t first, end;
} fill_part;

/* The template being filled: its package (opened for each fill: the filled parts and the
 * pictures go into it) and its parts' trees. */
typedef struct fill_tmpl {
	tb_pkg *pkg;
	fill_part *parts;
	size_t nparts;
} fill_tmpl;

/* XPath steps one fill may take over its data, all expressions together (libxml2's opLimit):
 * far more than a real form needs, a few seconds of work at most, while a nested search of every element for every element (issue 17: 800 KB of data) would
 * otherwise run for minutes. */
#define FILL_XPATH_OPS 20000000UL

/* Record an error about tag `t` (code, translated problem text). */
void fill_tag_error(fill_doc *d, const fill_tag *t, const char *code, const char *hint,
                    const char *problem);

/* ... or a warning (nothing is counted as an error). */
void fill_tag_warn(fill_doc *d, const fill_tag *t, const char *code, const char *hint,
                   const char *problem);

/* scan.c: find the tags of one part (adds to d->tags; holders are marked in the DOM), then
 * match sections and wrap the nodes each one repeats. */
TB_NODISCARD tb_status fill_scan_part(fill_doc *d, const char *part, xmlDocPtr doc);
TB_NODISCARD tb_status fill_structure(fill_doc *d, size_t first, size_t end);
/* Which syntax the parts' text is written in: docxtemplater's when single-brace tags are
 * found and no {{ }} ones. */
TB_NODISCARD tb_status fill_detect_syntax(const fill_doc *d, xmlDocPtr *docs, size_t n,
                                          fill_syntax *out);

/* The translations the tag table's descriptions (where, around) are written with: a table
 * scanned in one language is not reused in another. */
#define FILL_SCAN_WORDS 5
void fill_scan_words(const char *out[FILL_SCAN_WORDS]);

/* prepared.c: templates prepared (parsed, scanned, structured) once per context. The key is
 * the template's bytes, the options that decide its reading and the words above. */
/* Give d and t (package open, t->parts allocated for every package entry) copies of the
 * trees and tag table prepared before: TB_OK, TB_ENOTFOUND when there are none (nothing
 * changed), TB_ENOMEM. */
TB_NODISCARD tb_status fill_prepared_use(tb_ctx *ctx, const void *bytes, size_t len,
                                         const tb_fill_options *opts, fill_doc *d, fill_tmpl *t);
/* Keep copies of what load just prepared (it raised no diagnostics) for the next fills.
 * The tag table's strings and expressions go over to the cache (d->prep is set). Nothing
 * is kept when memory runs short or the template is too big: not a failure. */
void fill_prepared_keep(tb_ctx *ctx, const void *bytes, size_t len, size_t cost,
                        const tb_fill_options *opts, fill_doc *d, const fill_tmpl *t);
/* d's tag table is given back (its strings stay with the cache). */
void fill_prepared_release(fill_doc *d);
/* How many templates are kept, what they weigh (the bound below) and how many fills took
 * copies, for tests. */
void fill_prepared_stats(const tb_ctx *ctx, size_t *kept, size_t *bytes, unsigned long *served);
/* Part trees the context's prepared templates hold (parts with tags only; for tests). */
size_t fill_prepared_trees(const tb_ctx *ctx);
#define FILL_PREPARED_SLOTS 8
/* counted as the template's bytes and its parts' XML (the trees take a few times that) */
#define FILL_PREPARED_MAX_BYTES ((size_t)16 << 20)

/* eval.c */
xmlXPathCompExprPtr fill_xpath_compile(fill_doc *d, fill_tag *t);
/* Does expr compile (silently)? */
int fill_xpath_probe(const char *expr);
/* Evaluate tag t's expression in the current scope (with Mustache lookup); NULL on error
 * (reported). */
xmlXPathObjectPtr fill_eval(fill_doc *d, fill_tag *t);
/* The value of an XPath result as text, with emptiness and truth. */
void fill_value_of(const fill_doc *d, xmlXPathObjectPtr obj, tb_fval *v);
int fill_truth_of(const fill_doc *d, xmlXPathObjectPtr obj);
/* Set up an XPath context for tags: $index, $position, $count, position(), last() and the
 * tb-* functions the docxtemplater syntax uses. `d` may be NULL (compile-time probes). */
void fill_xpath_setup(fill_doc *d, xmlXPathContextPtr xp);
void fill_lookups_free(fill_doc *d);

/* sections.c: the paragraph holding n (NULL if none). */
xmlNodePtr fill_para_of(const fill_doc *d, xmlNodePtr n);

/* expand.c: fill one part's DOM in place. */
TB_NODISCARD tb_status fill_expand_part(fill_doc *d, xmlDocPtr doc);

/* check.c: warn about conditions that match nothing anywhere in the data. */
void fill_check_conditions(fill_doc *d);

/* image.c: put the picture at `path` (relative to the data folder) into holder's place. */
TB_NODISCARD tb_status fill_image(fill_doc *d, fill_tag *t, xmlNodePtr holder, const char *path,
                     double w_mm, double h_mm);

/* validate_beside.c: an evidence's validation (tb_evidence_load_mem) on the helper thread
 * (core/helper.h) while the caller fills; NULL when it cannot start (the caller validates in
 * place). `bytes` are copied. fill_validation_finish waits for it and records its findings
 * before those the caller recorded since the start; when it failed, those are dropped and its
 * failure is returned, else `st`. fill_validation_discard waits and forgets. */
typedef struct fill_validation fill_validation;
fill_validation *fill_validation_start(tb_ctx *ctx, const char *name, const char *bytes, size_t len);
TB_NODISCARD tb_status fill_validation_finish(tb_ctx *ctx, fill_validation *v, tb_status st);
void fill_validation_discard(fill_validation *v);
/* How many validations this process has started beside (for the tests). */
size_t fill_validations_beside(void);

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
