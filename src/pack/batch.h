/* batch.h: pieces of the batch shared by batch.c (the work), batch_in.c (what the input
 * folder holds) and batch_out.c (the files beside the packages). */
#ifndef TB_PACK_BATCH_H
#define TB_PACK_BATCH_H
#include <time.h>

#include "core/digest.h"
#include "pack/app.h"
#include "pack/pack.h"
#include "tianbiao/tb_score.h"


typedef enum {
	APP_PENDING,   /* to be built */
	APP_FAILED,    /* errors: reported, not built */
	APP_SKIPPED,   /* over its body's quota: in the summary, not built */
	APP_BUILT,
	APP_UNCHANGED,
	APP_ELSEWHERE  /* another shard's to build */
} app_state;

/* What an applicant's entry in the input folder is. */
typedef enum {
	INPUT_EVIDENCE, /* a folder with evidence.xml and its attachments */
	INPUT_ZIP,      /* a submission package from `tianbiao build` */
	INPUT_UNPACKED  /* such a package, unpacked: <folder>/[<id>/]manifest.xml + evidence/ */
} input_kind;

/* A SHA-256 or SM3 in hex and its NUL: an item's digests (not TB_DIGEST_HEX_MAX, which
 * fits SHA-512 too: a batch holds an item per applicant). */
#define BATCH_HEX 65

typedef struct batch_item {
	char *folder;          /* entry name in the input folder */
	char *id;              /* package id: the folder, or the ZIP's name without .zip */
	char *pkgid;           /* the package built for it: id, or id-over-quota */
	char *source;          /* the input entry's path */
	char *evidence;        /* evidence.xml to load (for a ZIP: in the extracted copy) */
	input_kind kind;
	/* Loaded, scored and hashed (else it failed). What the build needs of it is its digests
	 * (pack_kept), in the batch's file of them; the build reads the rest from the evidence
	 * again (pack_build_kept). */
	int loaded;
	unsigned long long kept_at; /* where its record starts in that file */
	size_t natts;
	time_t when;           /* the zip time of its application date (pack_epoch) */
	char input[BATCH_HEX];
	app_state state;
	int ranked;            /* it could be scored: the ranking has an entry with its id */
	size_t rank_index;     /* that entry, once the ranking is finished */
	/* its findings, moved out of the worker's context (tb_diag_save): the load's, the
	 * build's, and putting its package in place (batch.c end_group) */
	struct tb_diag_saved *diags[3];
	int ndiags;
	/* the package, once built or found unchanged */
	size_t size;
	char sha256[BATCH_HEX], sm3[BATCH_HEX];
} batch_item;

typedef struct batch_run {
	tb_ctx *ctx;
	const tb_batch_options *opts;
	const char *dir, *out;
	char *name;            /* the batch's name (batch-manifest.xml, the bundle's item.xml) */
	batch_item *items;
	size_t n;
	tb_rank *rank;         /* every applicant that could be scored */
	/* A nameless file in OUT/.tmp: the loaded items' digests, one record after another
	 * (written by the workers, under the lock), read back by each build. Memory would hold
	 * ~0.5 KB an applicant from loading to the end. */
	int kept;
	char *kept_path;       /* OUT/.tmp, for messages */
	unsigned long long kept_end;
	time_t created;
} batch_run;

/* batch_in.c: the applicants of the input folder (sorted by entry name) and a warning for
 * every entry that is not used (batch.unused), never a silent skip. */
TB_NODISCARD tb_status batch_scan_input(batch_run *r);
/* Verify a submission package and extract it under OUT/.input/<id>/; sets it->evidence. */
TB_NODISCARD tb_status batch_unpack(tb_ctx *t, const batch_run *r, batch_item *it);
/* Files of an evidence folder that the evidence (loaded as `app`) does not name (not
 * packaged): one warning. */
void batch_report_unused_files(tb_ctx *t, const batch_item *it, const pack_app *app);
/* Remove a folder tree we created (OUT/.input); no symlinks are followed. */
void batch_remove_tree(const char *dir);

/* batch_out.c: summary sheets, batch-manifest.xml, checksums.sha256 (after the packages). */
TB_NODISCARD tb_status batch_write_outputs(batch_run *r);

#endif
