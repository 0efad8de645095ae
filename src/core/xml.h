/* xml.h: the one way tianbiao parses XML: no DTDs, no entities, no network, bounded size,
 * UTF-8 or GB18030/GBK input, errors with line and column in the diagnostics. */
#ifndef TB_CORE_XML_H
#define TB_CORE_XML_H
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlversion.h>
#include <stdbool.h>
#include <string.h>
#include "tianbiao/tb_core.h"

/* An element's name is `lit` (a literal): the first letters compared inline. The readers ask
 * each element one name after another (a run property through twenty of them), and a call
 * of strcmp for each was 3% of a batch (issue 16). */
static inline bool tb_xml_name_is(const char *nm, const char *lit)
{
	return nm[0] == lit[0] && !strcmp(nm, lit);
}

/* What libxml2's structured error callbacks receive: 2.12 made it const. Callbacks declare
 * their parameter with this type, so the same code builds with libxml2 2.9 through 2.13. */
#if LIBXML_VERSION >= 21200
typedef const xmlError *tb_xml_error;
#else
typedef xmlError *tb_xml_error;
#endif

enum {
	TB_XML_NOBLANKS = 1 << 0, /* drop whitespace-only text (data files, not documents) */
	TB_XML_QUIET = 1 << 1,    /* do not record diagnostics (probing) */
	TB_XML_FORGIVE = 1 << 2,  /* people's files: typographic quotes around attribute values
	                             are read as straight ones (warning xml.quotes) */
	TB_XML_FORGIVE_SILENT = 1 << 3 /* the same without the warning (said elsewhere already) */
};

/* Largest XML part we parse; beyond it the input is refused before parsing. */
#define TB_XML_MAX_BYTES (64u * 1024 * 1024)
/* Attributes (namespace declarations included) on one element. Office files use a few dozen
 * at most; libxml2 2.9 checks duplicates pairwise, so 60,000 took 16 s (issue 17 item 9). */
#define TB_XML_MAX_ATTRS 1000u

/* libxml2 sets up its globals and its XSD type table lazily, which races (and leaks)
 * between threads: a caller about to start worker threads calls this first. */
void tb_xml_init_threads(void);

/* Parse `data`; `name` is used in messages. On error, diagnostics are recorded (code
 * xml.malformed, xml.encoding, xml.doctype, xml.too-large) and *out is NULL. The document
 * keeps its UTF-8 source for column lookups; free it with tb_xml_free. */
TB_NODISCARD tb_status tb_xml_read(tb_ctx *ctx, const char *name, const char *data, size_t len,
                      unsigned flags, xmlDocPtr *out);
/* Decides, while parsing, whether a child of the root element is kept (nonzero) or left out
 * of the tree with everything inside it (0). `attributes` is libxml2's SAX2 array: five
 * pointers per attribute (localname, prefix, URI, value start, value end). */
typedef int (*tb_xml_keep_fn)(void *user, const unsigned char *localname, const unsigned char *uri,
                              int nb_attributes, const unsigned char **attributes);
/* tb_xml_read, with the root's children that `keep` refuses never built: a large part of
 * which a document uses little (Word's styles.xml) parses in half the instructions. */
TB_NODISCARD tb_status tb_xml_read_pruned(tb_ctx *ctx, const char *name, const char *data, size_t len,
                             unsigned flags, tb_xml_keep_fn keep, void *keep_user, xmlDocPtr *out);
TB_NODISCARD tb_status tb_xml_read_file(tb_ctx *ctx, const char *path, unsigned flags, xmlDocPtr *out);
void tb_xml_free(xmlDocPtr doc);

/* A copy of a tree tb_xml_read made, with its source (positions stay those of the
 * original's). TB_ENOMEM when any allocation failed, libxml2's included. */
TB_NODISCARD tb_status tb_xml_copy(xmlDocPtr doc, xmlDocPtr *out);
/* The text of a tree that is only ever copied (a prepared template) moved into its
 * dictionary, which its copies share: copying it then duplicates no string, and freeing a
 * copy frees none. Text that could not be moved stays as it was. */
void tb_xml_intern_text(xmlDocPtr doc);
/* A copy of `from` and everything in it, unlinked, for its own document at its own place (a
 * repeated section's next item): namespaces declared around it are shared, not declared
 * again on the copy as xmlDocCopyNode does. NULL for want of memory. */
xmlNodePtr tb_xml_copy_node(xmlNodePtr from);

/* Source position of an element: line from libxml2, column found in the source text (the
 * column of its '<'). Returns 0 for unknown parts. */
void tb_xml_node_pos(xmlNodePtr node, unsigned *line, unsigned *col);
/* The document's source name as given to tb_xml_read. */
const char *tb_xml_doc_name(xmlDocPtr doc);

/* Editing a tree (fill): libxml2's tree functions return NULL when memory runs out and say so
 * only to the error handler, so code that builds nodes cannot catch every case where it
 * happens. Between _begin and _end (on one thread, nested if need be) those reports, and
 * tb_xml_edit_nomem() from the editor's own failed allocations, are remembered: _end returns
 * TB_ENOMEM, and the edited tree is not to be written. Other errors go to the handler that
 * was in place before. */
typedef struct tb_xml_edit {
	int nomem;
	xmlStructuredErrorFunc old_fn;
	void *old_ctx;
	struct tb_xml_edit *outer;
} tb_xml_edit;
void tb_xml_edit_begin(tb_xml_edit *ed);
void tb_xml_edit_nomem(void);
/* Nonzero when an allocation has failed in the edit in progress (on this thread): what
 * libxml2 made since may be short (an XPath context without some of its functions), so it is
 * not to be used. */
int tb_xml_edit_failed(void);
TB_NODISCARD tb_status tb_xml_edit_end(tb_xml_edit *ed);

/* Small helpers for data files. */
xmlNodePtr tb_xml_child(xmlNodePtr parent, const char *name);
xmlNodePtr tb_xml_next(xmlNodePtr node, const char *name); /* next sibling element named */
/* Whitespace-trimmed text content, or NULL if the element is absent; caller frees. */
char *tb_xml_text(xmlNodePtr node);
char *tb_xml_child_text(xmlNodePtr parent, const char *name);
/* Attribute value or NULL; caller frees. NULL also when the copy failed: where that matters,
 * use tb_xml_attr_get. */
char *tb_xml_attr(xmlNodePtr node, const char *name);
/* *out = the attribute's value (caller frees) or NULL when it is absent; TB_ENOMEM when it is
 * present but could not be copied, so out of memory is not read as "absent". */
TB_NODISCARD tb_status tb_xml_attr_get(xmlNodePtr node, const char *name, char **out);

/* xml_dump.c: the document's bytes, exactly those of xmlDocDumpMemoryEnc(doc, &m, &n,
 * "UTF-8"), NUL-terminated (*len without it); caller frees. NULL for want of memory. */
char *tb_xml_dump(xmlDocPtr doc, size_t *len);

#endif
