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
	/* When *cancel turns non-zero (a front end's SIGINT handler sets it), work stops before
	 * the next document or applicant with TB_ECANCELED; temporary files are removed and
	 * nothing half-written is left. NULL: never. */
	const volatile int *cancel;
} tb_pack_options;
#define TB_PACK_OPTIONS_VERSION 2
#define TB_PACK_OPTIONS_INIT {TB_PACK_OPTIONS_VERSION, NULL, NULL, NULL}

/* One applicant's submission: `evidence` is the applicant's evidence.xml; `out` a .zip whose
 * single top folder is named like it. Validation errors stop it (diagnostics recorded). */
TB_API tb_status tb_pack_build(tb_ctx *ctx, const char *evidence, const char *out,
                               const tb_pack_options *opts);

/* Where a batch is, for a progress display. */
typedef struct tb_batch_progress {
	size_t done, total;   /* applicants of the build phase finished, and to do */
	const char *current;  /* the applicant (package id) just started, or NULL */
	double elapsed;       /* seconds since the build phase began (for "time left") */
} tb_batch_progress;
/* Called from worker threads (serialised by the library) as applicants start and finish. */
typedef void (*tb_progress_fn)(void *user, const tb_batch_progress *p);

typedef struct tb_batch_options {
	unsigned version;      /* TB_BATCH_OPTIONS_VERSION */
	unsigned jobs;         /* worker threads; 0 = number of online processors */
	/* Quotas (附件1): the top N of each body by rank are built; the rest are marked over
	 * quota in the summary sheet and the manifest and not built, or, with this set, built
	 * as packages/<id>-over-quota.zip. */
	int allow_over_quota;
	tb_progress_fn progress;
	void *progress_user;
	tb_pack_options pack;
	const char *name;      /* the batch's name (manifest, bundle); NULL: the output folder's */
	const char *preparer;  /* 填表人 on the summary sheets, and a telephone; may be NULL */
	const char *preparer_phone;
	/* Shard `shard_index` (1..shard_count) of a run split over processes or machines: every
	 * applicant is loaded and ranked (quotas are per body), but only those whose position in
	 * the sorted input is shard_index - 1 modulo shard_count are built; no manifest, summary
	 * or checksums are written (a shard is not a batch). 0/0: the whole batch. */
	unsigned shard_index, shard_count;
	/* Folders of earlier runs (shards' outputs, another copy of the batch): a package whose
	 * recorded inputs are this run's is copied from there instead of being built. */
	const char *const *reuse;
	size_t nreuse;
} tb_batch_options;
#define TB_BATCH_OPTIONS_VERSION 3
#define TB_BATCH_OPTIONS_INIT \
	{TB_BATCH_OPTIONS_VERSION, 0, 0, NULL, NULL, TB_PACK_OPTIONS_INIT, NULL, NULL, NULL, 0, 0, NULL, 0}

typedef struct tb_batch_result {
	size_t applicants; /* applicants in the input (folders, packages) */
	size_t built;      /* packages written in this run */
	size_t unchanged;  /* packages kept because their inputs did not change */
	size_t failed;     /* applicants with errors (reported, not built) */
	size_t skipped;    /* over quota, not built */
	size_t over_quota; /* over quota in all (built with allow_over_quota, or not) */
	int canceled;      /* stopped by opts.pack.cancel */
	double seconds;
} tb_batch_result;

/* An office's batch. The applicants of `dir` are its folders holding an evidence.xml,
 * submission packages from tb_pack_build (.zip) and such packages unpacked; every other
 * entry is reported (batch.unused and kin). Each applicant that can be scored is ranked by
 * the one rule of tb_rank (per recommending body); the top N within quota become
 * out/packages/<id>.zip. out also gets batch-manifest.xml, the summary sheet of each body
 * (summary/<body>.xml, root <batch>, with .docx/.pdf/.xlsx) and checksums.sha256. Returns
 * TB_ERROR when any applicant has errors, after building the rest; TB_ECANCELED when
 * canceled (what was and was not built is recorded as batch.canceled). `res` may be NULL. */
TB_API tb_status tb_pack_batch(tb_ctx *ctx, const char *dir, const char *out,
                               const tb_batch_options *opts, tb_batch_result *res);

typedef struct tb_archive_result {
	size_t batches, items, files; /* batches taken, 件 (packages), files in the bag */
	unsigned long long bytes;     /* payload bytes */
} tb_archive_result;

typedef struct tb_archive_options {
	unsigned version;      /* TB_ARCHIVE_OPTIONS_VERSION */
	int year;              /* 年度 (required) */
	const char *fonds;     /* 全宗号, default "X001" */
	const char *category;  /* 门类代码, default "WS" (文书) */
	const char *retention; /* 保管期限: "Y", "D30" (default) or "D10" */
	const char *org;       /* 机构(问题)代码, default "KP" */
	const char *source_org;/* Source-Organization of bag-info.txt, default: the bodies */
	tb_archive_result *result; /* filled when not NULL (for a one-line total) */
} tb_archive_options;
#define TB_ARCHIVE_OPTIONS_VERSION 2
#define TB_ARCHIVE_OPTIONS_INIT {TB_ARCHIVE_OPTIONS_VERSION, 0, NULL, NULL, NULL, NULL, NULL, NULL}

/* A BagIt 1.0 bag of the packages of the given batch folders (each verified first): a folder,
 * or a .zip when `out` ends in .zip. Each batch's batch-manifest.xml and summary sheets go in
 * too (data/batches/<batch name>/), and each item's item.xml names its batch. */
TB_API tb_status tb_pack_archive(tb_ctx *ctx, const char *const *batches, size_t nbatches,
                                 const char *out, const tb_archive_options *opts);

typedef struct tb_verify_result {
	size_t files;    /* files read and checked (a batch: its files and its packages' entries) */
	size_t packages; /* submission packages verified (in a batch or a bag: each one) */
} tb_verify_result;

typedef struct tb_verify_options {
	unsigned version;    /* TB_VERIFY_OPTIONS_VERSION */
	unsigned max_entries; /* per archive; 0 = 10000 */
	tb_verify_result *result; /* filled when not NULL */
} tb_verify_options;
#define TB_VERIFY_OPTIONS_VERSION 2
#define TB_VERIFY_OPTIONS_INIT {TB_VERIFY_OPTIONS_VERSION, 0, NULL}

/* Verify a package (.zip), a batch (folder with batch-manifest.xml) or a bundle (bag folder or
 * .zip). Every problem is recorded (verify.missing, verify.extra, verify.altered,
 * verify.manifest, verify.schema, zip.*); returns TB_ERROR if any. Files at a bag's root that
 * no tag manifest lists (Thumbs.db, .DS_Store) are warned about (verify.tag-extra), as
 * bagit-python does, not failed. AES-encrypted packages are refused (zip.unsupported): verify
 * them with 7z. */
TB_API tb_status tb_pack_verify(tb_ctx *ctx, const char *path, const tb_verify_options *opts);

#ifdef __cplusplus
}
#endif
#endif
