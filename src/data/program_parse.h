/* program_parse.h: internal steps of loading a program: build the model from a parsed,
 * schema-valid document, then check its ids, references and arithmetic. */
#ifndef TB_DATA_PROGRAM_PARSE_H
#define TB_DATA_PROGRAM_PARSE_H
#include <libxml/tree.h>
#include "data/program.h"

/* Build the model; on failure nothing is returned (diagnostics say why). */
tb_status tb_program_model_build(tb_ctx *ctx, xmlDocPtr doc, const char *path, tb_program **out);
void tb_program_model_free(tb_program *p);
/* Unique ids, resolvable references, consistent rules, weights that add up. Every problem is
 * reported (program.duplicate-id, program.target, program.rule, program.weights); returns
 * TB_ERROR if there was any. */
tb_status tb_program_check(tb_ctx *ctx, const tb_program *p);

#endif
