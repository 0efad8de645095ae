/* evedit.h: reading and changing an applicant's evidence XML in place, by the simple paths
 * programs give their form fields ("applicant/contact/phone", "staff/@total"). Everything the
 * form does not touch (comments, criteria, conditions, elements of later versions) stays. */
#ifndef TB_SERVE_EVEDIT_H
#define TB_SERVE_EVEDIT_H
#include <libxml/tree.h>
#include "tianbiao/tb_core.h"

tb_status ev_load(tb_ctx *ctx, const char *path, xmlDocPtr *out);
/* Indented, UTF-8, written atomically. */
tb_status ev_save(tb_ctx *ctx, xmlDocPtr doc, const char *path);

/* The element a path names (its last "@attr" step ignored); created with its ancestors when
 * `create`. NULL for a path with other steps than plain names. */
xmlNodePtr ev_node(xmlDocPtr doc, const char *path, int create);
/* Text of an element or value of an attribute, "" when absent; caller frees. */
char *ev_get(xmlDocPtr doc, const char *path);
void ev_set(xmlDocPtr doc, const char *path, const char *value, int multiline);
/* Paragraph elements (<p>...</p>...) as text with blank lines between paragraphs. */
char *ev_get_paras(xmlDocPtr doc, const char *path);
void ev_set_paras(xmlDocPtr doc, const char *path, const char *text);

/* Input cleaned for XML: valid UTF-8 (bad bytes become U+FFFD), no control characters but tab
 * and newline (kept only when multiline, else spaces), CRLF made LF, trimmed. Caller frees. */
char *ev_clean(const char *in, int multiline);

/* Child elements by name. */
xmlNodePtr ev_child(xmlNodePtr parent, const char *name);
xmlNodePtr ev_next(xmlNodePtr node, const char *name);
/* The element child of `parent` named `name` whose attribute `attr` is `value`. */
xmlNodePtr ev_find_attr(xmlNodePtr parent, const char *name, const char *attr, const char *value);
/* Remove the element children named `name` (comments stay). */
void ev_remove_children(xmlNodePtr parent, const char *name);
/* Replace an element's content with text. */
void ev_set_text(xmlNodePtr node, const char *text);
/* The self-assessment item of an indicator, created (with an <explanation>) when asked. */
xmlNodePtr ev_item(xmlDocPtr doc, const char *indicator, int create);
/* Set or remove (empty points) an item's criterion claim, keeping the schema's order. */
void ev_item_criterion(xmlNodePtr item, const char *ref, const char *points);

#endif
