/* batch.h: pieces of the batch shared by batch.c (work) and batch_out.c (the files). */
#ifndef TB_PACK_BATCH_H
#define TB_PACK_BATCH_H
#include "core/digest.h"
#include "pack/app.h"
#include "pack/pack.h"

typedef struct saved_diag {
	char *code, *file, *msg, *hint;
	tb_severity sev;
	unsigned line, col;
} saved_diag;

typedef enum { APP_PENDING, APP_FAILED, APP_SKIPPED, APP_BUILT, APP_UNCHANGED } app_state;

typedef struct batch_item {
	char *folder;          /* applicant folder name = package id */
	char *evidence;
	pack_app *app;         /* NULL when loading failed */
	pack_app *stray;       /* loaded, but for another program than the batch's */
	char input[TB_DIGEST_HEX_MAX];
	app_state state;
	unsigned rank;         /* within its recommending body, from 1 */
	int within_quota;
	int group;             /* index of its recommending body */
	saved_diag *diags;
	size_t ndiags;
	/* the package, once built or found unchanged */
	size_t size;
	char sha256[TB_DIGEST_HEX_MAX], sm3[TB_DIGEST_HEX_MAX];
} batch_item;

typedef struct batch_group {
	const char *kind, *kind_label, *name; /* borrowed from the first member's app */
	unsigned quota;
	size_t count;
} batch_group;

typedef struct batch_run {
	tb_ctx *ctx;
	const char *dir, *out;
	batch_item *items;
	size_t n;
	batch_group *groups;
	size_t ngroups;
	time_t created;
} batch_run;

/* batch_out.c: summary sheets, batch-manifest.xml, checksums.sha256 (after the packages). */
TB_NODISCARD tb_status batch_write_outputs(batch_run *r);
void batch_format_points(tb_points p, char out[32]);

#endif
