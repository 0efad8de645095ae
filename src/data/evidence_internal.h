/* evidence_internal.h: the evidence reader's own steps, private to data/: the reader
 * (evidence.c) runs the schema check (schema.c) and the semantic checks (validate.c). The
 * model itself is data/evidence.h. */
#ifndef TB_DATA_EVIDENCE_INTERNAL_H
#define TB_DATA_EVIDENCE_INTERNAL_H
#include "data/evidence.h"

/* Check the document against templates/evidence.xsd; errors become schema.invalid. Returns
 * TB_OK when valid, TB_ERROR when not, another status if the schema cannot be loaded. */
TB_NODISCARD tb_status tb_evidence_schema_check(tb_ctx *ctx, xmlDocPtr doc);

/* The semantic checks (validate.c): every problem recorded, none stops the others. */
void tb_evidence_check(tb_ctx *ctx, tb_evidence *e, const tb_evidence_options *opts);
/* e->program: its installed program, loaded (cached per context), or NULL; the checks say why
 * when it is not installed, this does not. */
void tb_evidence_load_program(tb_ctx *ctx, tb_evidence *e);

/* forgive.c: full-width digits in number-like values and backslashed attachment paths that
 * name an existing file are read as meant, with warnings (input.fullwidth,
 * attachment.backslash); run on the tree before the schema check. */
void tb_evidence_forgive(tb_ctx *ctx, tb_evidence *e);
/* Does the text hold full-width (全角) characters (U+FF01..FF5E, U+3000)? */
int tb_ev_has_fullwidth(const char *s);

#endif
