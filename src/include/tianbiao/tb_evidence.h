/* tb_evidence.h: one applicant's evidence (XML + the attachments it references): reading,
 * schema and semantic validation, and the skeleton an applicant starts from. */
#ifndef TIANBIAO_TB_EVIDENCE_H
#define TIANBIAO_TB_EVIDENCE_H

#include "tianbiao/tb_core.h"
#include "tianbiao/tb_program.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tb_evidence tb_evidence;

typedef struct tb_evidence_options {
	unsigned version;      /* TB_EVIDENCE_OPTIONS_VERSION */
	int check_attachments; /* check files exist, stay inside the folder, match SHA-256 (default 1) */
} tb_evidence_options;
#define TB_EVIDENCE_OPTIONS_VERSION 1
#define TB_EVIDENCE_OPTIONS_INIT {TB_EVIDENCE_OPTIONS_VERSION, 1}

/* Read, schema-validate and semantically validate one evidence file. Every problem found is
 * recorded in the context's diagnostics (all of them, not just the first). Returns TB_ERROR
 * if any error was recorded; *out is set whenever the XML itself could be read (so callers
 * may still inspect it), else NULL. `opts` may be NULL. */
TB_API tb_status tb_evidence_load(tb_ctx *ctx, const char *path, const tb_evidence_options *opts,
                                  tb_evidence **out);
TB_API void tb_evidence_free(tb_evidence *e);

TB_API const char *tb_evidence_path(const tb_evidence *e);
TB_API const char *tb_evidence_dir(const tb_evidence *e); /* attachments are relative to it */
TB_API const tb_program *tb_evidence_program(const tb_evidence *e); /* NULL if unknown */
TB_API const char *tb_evidence_applicant(const tb_evidence *e);     /* unit name */
TB_API const char *tb_evidence_recommender(const tb_evidence *e);   /* body name */
TB_API const char *tb_evidence_recommender_kind(const tb_evidence *e);
TB_API const char *tb_evidence_date(const tb_evidence *e);          /* ISO application date */
/* Errors and warnings recorded while it was loaded (all of them, however many). */
TB_API size_t tb_evidence_error_count(const tb_evidence *e);
TB_API size_t tb_evidence_warning_count(const tb_evidence *e);
/* Is the service target with this option id selected? */
TB_API int tb_evidence_has_target(const tb_evidence *e, const char *target_id);

/* Attachments, in document order. */
TB_API size_t tb_evidence_attachment_count(const tb_evidence *e);
TB_API const char *tb_evidence_attachment_id(const tb_evidence *e, size_t i);
TB_API const char *tb_evidence_attachment_path(const tb_evidence *e, size_t i); /* relative */
TB_API const char *tb_evidence_attachment_title(const tb_evidence *e, size_t i);
TB_API const char *tb_evidence_attachment_sha256(const tb_evidence *e, size_t i); /* or NULL */

/* Self-assessment claims, in document order. */
TB_API size_t tb_evidence_claim_count(const tb_evidence *e);
TB_API const char *tb_evidence_claim_indicator(const tb_evidence *e, size_t i);
/* Claimed points in hundredths; -1 when missing or not a number with at most two decimals. */
TB_API tb_points tb_evidence_claim_points(const tb_evidence *e, size_t i);
TB_API const char *tb_evidence_claim_explanation(const tb_evidence *e, size_t i);
/* Attachment ids cited by claim i, space-separated ("" if none). */
TB_API const char *tb_evidence_claim_attachments(const tb_evidence *e, size_t i);
TB_API unsigned tb_evidence_claim_line(const tb_evidence *e, size_t i);

/* Write a commented evidence skeleton for a program (every element present, comments saying
 * what goes where) to `path` atomically, or to stdout when path is NULL or "-". */
TB_API tb_status tb_evidence_write_skeleton(tb_ctx *ctx, const char *program_id, const char *path);

#ifdef __cplusplus
}
#endif
#endif
