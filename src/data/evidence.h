/* evidence.h: the evidence model behind tb_evidence.h, with its XML tree (source positions
 * kept) for the modules above data that walk it themselves (fill, scoring). Part of the data
 * module's interface; the reader's own steps (schema, semantic checks) are in
 * evidence_internal.h. */
#ifndef TB_DATA_EVIDENCE_H
#define TB_DATA_EVIDENCE_H
#include <libxml/tree.h>

#include "core/diag_list.h"
#include "tianbiao/tb_evidence.h"

/* Bounds beyond the schema's, so hostile files fail with a diagnostic (limit.count). */
#define TB_EV_MAX_ATTACHMENTS 5000
#define TB_EV_MAX_CLAIMS 5000
#define TB_EV_MAX_TARGETS 100
/* Most attachments one submission package carries: validation says so, so that `build` never
 * refuses what `validate` passed (pack/app.c applies the same bound). */
#define TB_EV_MAX_PACKAGE_ATTACHMENTS 500

typedef struct tb_ev_attachment {
	char *id, *path, *title, *sha256, *supports;
	xmlNodePtr node;
} tb_ev_attachment;

typedef struct tb_ev_claim {
	char *indicator;
	char *points_text;  /* as written (trimmed) */
	tb_points points;   /* -1 when points_text is not a valid number of points */
	char *explanation;  /* paragraphs joined with "\n" */
	char *attachments;  /* space-separated ids, "" if none */
	xmlNodePtr node;
} tb_ev_claim;

struct tb_evidence {
	char *path;
	char *dir;
	xmlDocPtr doc;
	char *program_id;
	const tb_program *program; /* owned by the context's cache */
	char *applicant, *recommender, *kind, *date;
	char **targets;
	size_t ntargets;
	tb_ev_attachment *att;
	size_t natt;
	tb_ev_claim *claims;
	size_t nclaims;
	size_t nerrors, nwarnings; /* recorded while loading (exact: the context's counters) */
	tb_diag_list diags;        /* its own diagnostics, recorded while loading (scoring's
	                              report shows them; the context's list may be full) */
};

/* The parsed document (source positions kept); owned by the evidence. */
xmlDocPtr tb_evidence_doc(const tb_evidence *e);

/* Same as tb_evidence_load for bytes in memory; `path` names the file (its folder is where
 * attachments are looked up). */
TB_NODISCARD tb_status tb_evidence_load_mem(tb_ctx *ctx, const char *path, const char *data, size_t len,
                               const tb_evidence_options *opts, tb_evidence **out);

/* The evidence from bytes this process validated before (tb_evidence_load_mem gave them no
 * error; a batch's build phase reads again what its load phase validated, byte for byte, and
 * compares their digest): read and forgiven the same way, its program loaded, but neither the
 * schema nor the program's checks run again. For the model alone: its error and warning counts
 * are those of reading. */
TB_NODISCARD tb_status tb_evidence_load_validated(tb_ctx *ctx, const char *path, const char *data,
                                                  size_t len, tb_evidence **out);

/* Text of a long-text element: its <p> paragraphs joined with "\n", or its trimmed text when
 * it has none. NULL if node is NULL; caller frees. */
char *tb_ev_paragraphs(xmlNodePtr node);
/* Trimmed attribute value or NULL; caller frees. */
char *tb_ev_attr(xmlNodePtr node, const char *name);

#endif
