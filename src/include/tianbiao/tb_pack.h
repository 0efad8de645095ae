/* tb_pack.h: submission packages, recommending-office batches, yearly BagIt bundles, and
 * verification of all three. Outputs are deterministic: the same inputs and epoch give the
 * same bytes (except with AES encryption, whose salt is random). */
#ifndef TIANBIAO_TB_PACK_H
#define TIANBIAO_TB_PACK_H

#include "tianbiao/tb_core.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tb_pack_options {
	unsigned version;          /* TB_PACK_OPTIONS_VERSION */
	const char *password_file; /* AES-256 on every entry, password read from this file */
	const char *password_env;  /* ... or from this environment variable */
} tb_pack_options;
#define TB_PACK_OPTIONS_VERSION 1
#define TB_PACK_OPTIONS_INIT {TB_PACK_OPTIONS_VERSION, NULL, NULL}

/* One applicant's submission: `evidence` is the applicant's evidence.xml; `out` a .zip whose
 * single top folder is named like it. Validation errors stop it (diagnostics recorded). */
TB_API TB_NODISCARD tb_status tb_pack_build(tb_ctx *ctx, const char *evidence, const char *out,
                               const tb_pack_options *opts);

/* Called from worker threads (serialised by the library) as applicants finish. */
typedef void (*tb_progress_fn)(void *user, size_t done, size_t total);

typedef struct tb_batch_options {
	unsigned version;      /* TB_BATCH_OPTIONS_VERSION */
	unsigned jobs;         /* worker threads; 0 = number of online processors */
	int allow_over_quota;  /* build bodies over their 附件1 quota anyway */
	tb_progress_fn progress;
	void *progress_user;
	tb_pack_options pack;
} tb_batch_options;
#define TB_BATCH_OPTIONS_VERSION 1
#define TB_BATCH_OPTIONS_INIT {TB_BATCH_OPTIONS_VERSION, 0, 0, NULL, NULL, TB_PACK_OPTIONS_INIT}

typedef struct tb_batch_result {
	size_t applicants; /* folders with an evidence.xml */
	size_t built;      /* packages written in this run */
	size_t unchanged;  /* packages kept because their inputs did not change */
	size_t failed;     /* applicants with errors (reported, not built) */
	size_t skipped;    /* refused for being over quota */
	double seconds;
} tb_batch_result;

/* Every folder of `dir` holding an evidence.xml becomes out/packages/<folder>.zip; out also
 * gets batch-manifest.xml, one summary-sheet data file per recommending body
 * (summary/<n>.xml, root <batch>) and checksums.sha256. Returns TB_ERROR when any applicant
 * failed or was refused, after building the rest. `res` may be NULL. */
TB_API TB_NODISCARD tb_status tb_pack_batch(tb_ctx *ctx, const char *dir, const char *out,
                               const tb_batch_options *opts, tb_batch_result *res);

typedef struct tb_archive_options {
	unsigned version;      /* TB_ARCHIVE_OPTIONS_VERSION */
	int year;              /* 年度 (required) */
	const char *fonds;     /* 全宗号, default "X001" */
	const char *category;  /* 门类代码, default "WS" (文书) */
	const char *retention; /* 保管期限: "Y", "D30" (default) or "D10" */
	const char *org;       /* 机构(问题)代码, default "KP" */
	const char *source_org;/* Source-Organization of bag-info.txt, default: the bodies */
} tb_archive_options;
#define TB_ARCHIVE_OPTIONS_VERSION 1
#define TB_ARCHIVE_OPTIONS_INIT {TB_ARCHIVE_OPTIONS_VERSION, 0, NULL, NULL, NULL, NULL, NULL}

/* A BagIt 1.0 bag of the packages of the given batch folders: a folder, or a .zip when `out`
 * ends in .zip. */
TB_API TB_NODISCARD tb_status tb_pack_archive(tb_ctx *ctx, const char *const *batches, size_t nbatches,
                                 const char *out, const tb_archive_options *opts);

typedef struct tb_verify_options {
	unsigned version;    /* TB_VERIFY_OPTIONS_VERSION */
	unsigned max_entries; /* per archive; 0 = 10000 */
} tb_verify_options;
#define TB_VERIFY_OPTIONS_VERSION 1
#define TB_VERIFY_OPTIONS_INIT {TB_VERIFY_OPTIONS_VERSION, 0}

/* Verify a package (.zip), a batch (folder with batch-manifest.xml) or a bundle (bag folder or
 * .zip). Every problem is recorded (verify.missing, verify.extra, verify.altered,
 * verify.manifest, verify.schema, zip.*); returns TB_ERROR if any. AES-encrypted packages
 * are refused (zip.unsupported): verify them with 7z. */
TB_API TB_NODISCARD tb_status tb_pack_verify(tb_ctx *ctx, const char *path, const tb_verify_options *opts);

#ifdef __cplusplus
}
#endif
#endif
