/* evidence_internal.h: the evidence reader's own steps, private to data/: the reader
 * (evidence.c) runs the schema check (schema.c) and the semantic checks (validate.c). The
 * model itself is data/evidence.h. */
#ifndef TB_DATA_EVIDENCE_INTERNAL_H
#define TB_DATA_EVIDENCE_INTERNAL_H
#include "data/evidence.h"

/* Check the document against templates/evidence.xsd; errors become schema.invalid. Returns
 * TB_OK when valid, TB_ERROR when not, another status if the schema cannot be loaded. */
tb_status tb_evidence_schema_check(tb_ctx *ctx, xmlDocPtr doc);

/* The semantic checks (validate.c): every problem recorded, none stops the others. */
void tb_evidence_check(tb_ctx *ctx, tb_evidence *e, const tb_evidence_options *opts);

#endif
