/* tb_score.h: self-assessment scoring: an applicant's claimed points checked against the
 * program's indicator system and scoring rules, summed per level in exact hundredths; the
 * report data written from it; and a recommending office's ranking of its applicants. */
#ifndef TIANBIAO_TB_SCORE_H
#define TIANBIAO_TB_SCORE_H

#include "tianbiao/tb_core.h"
#include "tianbiao/tb_evidence.h"
#include "tianbiao/tb_program.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tb_score tb_score;
typedef struct tb_rank tb_rank;

typedef struct tb_score_options {
	unsigned version; /* TB_SCORE_OPTIONS_VERSION */
	/* 0 (default): a claim that fails a check counts for nothing when the check says the
	 * points cannot be given (no supporting evidence, service target not selected); 1: it
	 * still counts. Claims above a maximum always count at most the maximum. */
	int lenient;
} tb_score_options;
#define TB_SCORE_OPTIONS_VERSION 1
#define TB_SCORE_OPTIONS_INIT {TB_SCORE_OPTIONS_VERSION, 0}

/* Score one loaded evidence (it may carry validation errors; its program must be known).
 * Every finding of the checks is recorded in the context's diagnostics (codes score.*) with
 * the evidence line, and kept in the result for the report. Returns TB_OK when the score
 * could be computed (even with findings): check tb_score_error_count. The result borrows
 * the evidence and its program: free it first. */
TB_API tb_status tb_score_compute(tb_ctx *ctx, const tb_evidence *e, const tb_score_options *opts,
                                  tb_score **out);
TB_API void tb_score_free(tb_score *s);

TB_API const tb_evidence *tb_score_evidence(const tb_score *s);
TB_API const tb_program *tb_score_program(const tb_score *s);

/* Points counted (after the checks and rules; 0 when disqualified) and the program total. */
TB_API tb_points tb_score_total(const tb_score *s);
TB_API tb_points tb_score_max(const tb_score *s);
/* Per indicator, indexed as tb_program_indicator_at: the counted points (for a parent, the
 * sum of its children's) and, for a leaf, the points as stated in the evidence (-1 when the
 * indicator is not claimed). The maximum is tb_indicator_weight. */
TB_API tb_points tb_score_points(const tb_score *s, size_t indicator);
TB_API tb_points tb_score_stated(const tb_score *s, size_t indicator);
/* The claim (index into tb_evidence_claim_*) behind a leaf indicator, or (size_t)-1. */
TB_API size_t tb_score_claim_of(const tb_score *s, size_t indicator);

/* Disqualified (取消创建资格): the total is zero and the reason says which condition holds. */
TB_API int tb_score_disqualified(const tb_score *s);
TB_API const char *tb_score_disqualified_reason(const tb_score *s); /* NULL if not */

/* Findings of the checks (and the evidence's validation diagnostics), in order. */
TB_API size_t tb_score_finding_count(const tb_score *s);
TB_API const tb_diag *tb_score_finding(const tb_score *s, size_t i);
/* Indicator a finding is about, or NULL. */
TB_API const char *tb_score_finding_indicator(const tb_score *s, size_t i);
TB_API size_t tb_score_error_count(const tb_score *s);

/* Percentage of part in whole, times ten, rounded half up (875 = 87.5%); 0 if whole is 0. */
TB_API long tb_points_percent10(tb_points part, tb_points whole);

typedef enum tb_score_format {
	TB_SCORE_TEXT = 0, /* a table aligned for a terminal (CJK characters take two columns) */
	TB_SCORE_JSON = 1, /* one JSON object */
	TB_SCORE_XML = 2   /* report data, root <report> (docs/report-formats.md) */
} tb_score_format;

/* Write the score in a format to `path` atomically, or to stdout when path is NULL or "-". */
TB_API tb_status tb_score_write(tb_ctx *ctx, const tb_score *s, tb_score_format fmt,
                                const char *path);
/* ... or to a writer (e.g. the report data, straight into a fill in memory). */
TB_API tb_status tb_score_write_to(tb_ctx *ctx, const tb_score *s, tb_score_format fmt,
                                   tb_writer *out);

/* A recommending office's ranking, by the one rule every command uses: applicants grouped by
 * recommending body (kind and name), in each body sorted by counted total (highest first),
 * disqualified ones last, ties by name then id; tied totals share a rank (1, 2, 2, 4). The
 * first *quota* applicants of a body that can be put forward (not disqualified, no errors)
 * are within its quota (附件1: tb_program_quota_for of its kind; a program without quotas
 * limits nobody). One ranking holds one program. */
TB_API tb_status tb_rank_new(tb_rank **out);
/* Add a scored applicant (everything needed is copied). `id` names it (its folder or package
 * id; ties after the name); `errors` is how many errors its evidence and score had. */
TB_API tb_status tb_rank_add(tb_rank *r, const tb_score *s, const char *id, size_t errors);
/* Group, sort and apply the quotas; warnings (score.quota-tie, score.rank-quota) and
 * applicants of another program (score.rank-mixed, left out) are recorded against `label`.
 * The ranking keeps a pointer to the program cached in ctx: free it before ctx. */
TB_API tb_status tb_rank_finish(tb_ctx *ctx, tb_rank *r, const char *label);
/* Every DIR/<folder>/evidence.xml loaded, scored, added and finished. A folder whose evidence
 * cannot be read is reported and left out; one without evidence.xml is warned about. */
TB_API tb_status tb_rank_dir(tb_ctx *ctx, const char *dir, const tb_score_options *opts,
                             tb_rank **out);
TB_API void tb_rank_free(tb_rank *r);
/* 填表人 (and a telephone) for the summary sheets; NULL clears. */
TB_API tb_status tb_rank_set_preparer(tb_rank *r, const char *name, const char *phone);
/* The package built for entry i (a batch's), shown in its summary data; NULL: none. */
TB_API tb_status tb_rank_set_package(tb_rank *r, size_t i, const char *package);

TB_API const tb_program *tb_rank_program(const tb_rank *r);
TB_API size_t tb_rank_body_count(const tb_rank *r);
TB_API const char *tb_rank_body_name(const tb_rank *r, size_t b);
TB_API const char *tb_rank_body_kind(const tb_rank *r, size_t b);
TB_API const char *tb_rank_body_kind_label(const tb_rank *r, size_t b);
TB_API unsigned tb_rank_body_quota(const tb_rank *r, size_t b);
TB_API int tb_rank_body_unlimited(const tb_rank *r, size_t b); /* the program sets no quotas */
TB_API unsigned tb_rank_quota(const tb_rank *r); /* the first body's */
TB_API size_t tb_rank_count(const tb_rank *r);
/* Entries by body (in byte order of the bodies' names), then in rank order. */
TB_API size_t tb_rank_body_of(const tb_rank *r, size_t i);
TB_API unsigned tb_rank_position(const tb_rank *r, size_t i); /* 1-based in its body */
TB_API const char *tb_rank_applicant(const tb_rank *r, size_t i);
TB_API const char *tb_rank_path(const tb_rank *r, size_t i); /* the evidence file */
TB_API const char *tb_rank_id(const tb_rank *r, size_t i);
TB_API tb_points tb_rank_total(const tb_rank *r, size_t i);
TB_API int tb_rank_within_quota(const tb_rank *r, size_t i);
TB_API int tb_rank_disqualified(const tb_rank *r, size_t i);
TB_API size_t tb_rank_error_count(const tb_rank *r, size_t i); /* errors in its evidence */

/* Text table, JSON, or XML summary-sheet data (root <batch>, docs/report-formats.md; with
 * several bodies, <batches> holding one <batch> each), to `path` atomically or stdout. */
TB_API tb_status tb_rank_write(tb_ctx *ctx, const tb_rank *r, tb_score_format fmt,
                               const char *path);
/* One body's summary-sheet data (<batch>) in memory (caller frees), or to `path`. */
TB_API tb_status tb_rank_body_xml(const tb_rank *r, size_t body, char **out, size_t *len);
TB_API tb_status tb_rank_write_body(tb_ctx *ctx, const tb_rank *r, size_t body,
                                    const char *path);
/* The ranking as a spreadsheet (XLSX): one sheet per body (or only `body`, when it is not
 * (size_t)-1), headers in the user's language, scores as numbers. Written atomically. */
TB_API tb_status tb_rank_write_xlsx(tb_ctx *ctx, const tb_rank *r, size_t body,
                                    const char *path);

typedef enum tb_csv_encoding {
	TB_CSV_UTF8_BOM = 0, /* UTF-8 with a byte-order mark: Excel opens it correctly */
	TB_CSV_GB18030 = 1   /* for older office software */
} tb_csv_encoding;

/* The ranking as CSV (RFC 4180: CRLF, fields quoted when needed), written atomically. */
TB_API tb_status tb_rank_write_csv(tb_ctx *ctx, const tb_rank *r, const char *path,
                                   tb_csv_encoding enc);

#ifdef __cplusplus
}
#endif
#endif
