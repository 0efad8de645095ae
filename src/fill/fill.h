/* fill.h: the fill step as the other modules use it (fill then render, in report/): the filled
 * package and, beside it, the filled XML trees, so that the document reader takes the trees
 * instead of parsing the serialised parts again. */
#ifndef TB_FILL_FILL_H
#define TB_FILL_FILL_H
#include <stdbool.h>

#include "tianbiao/tb_fill.h"

/* The filled parts' trees, by part name. */
typedef struct tb_fill_parts tb_fill_parts;

/* tb_fill_mem, also giving the trees of the parts it filled in *parts (NULL when nothing is
 * written). The trees are those the package's bytes were serialised from. With `main_as_tree`,
 * for a caller that only lays the document out, the main part (most of a document) is not
 * serialised: in `out` it stays the template's, and its tree is the only filled copy. */
TB_NODISCARD tb_status tb_fill_mem_parts(tb_ctx *ctx, const char *template_name, const void *tmpl,
                                         size_t tmpl_len, const char *data_name, const void *data,
                                         size_t data_len, tb_writer *out,
                                         const tb_fill_options *opts, bool main_as_tree,
                                         tb_fill_parts **parts);
/* Hand the tree of part `name` over (the caller frees it), or NULL if the fill did not fill it.
 * A main part kept as a tree only, asked for again, is an empty tree (the reader refuses it)
 * rather than the template's unfilled bytes.
 * `parts` is a tb_fill_parts: the signature is the document reader's tb_doc_take_part. */
struct _xmlDoc *tb_fill_parts_take(void *parts, const char *name);
/* The tree of the XML data the parts were filled from (read with blanks dropped and
 * typographic quotes forgiven silently; named as the fill named it), kept by `parts`; NULL
 * for JSON data. */
struct _xmlDoc *tb_fill_parts_data(const tb_fill_parts *parts);
/* The evidence's validation, when it ran beside the fill (a context making one document,
 * tb_ctx_set_one_document): waited for, its findings recorded before the fill's; its failure
 * when it failed (the fill's findings then dropped, as the fill would not have run), else st.
 * Call it before keeping anything made from the parts. */
TB_NODISCARD tb_status tb_fill_parts_finish(tb_ctx *ctx, tb_fill_parts *parts, tb_status st);
/* Without tb_fill_parts_finish first, a validation still running is waited for and forgotten. */
void tb_fill_parts_free(tb_fill_parts *parts);

#endif
