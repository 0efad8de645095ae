/* app.h: what packaging needs to know about one applicant, read once from the evidence. */
#ifndef TB_PACK_APP_H
#define TB_PACK_APP_H
#include <stddef.h>
#include "core/digest.h"
#include "tianbiao/tb_program.h"

typedef struct pack_att {
	char *id;
	char *path;     /* relative to the evidence folder, as written in the evidence */
	char *title;
	char *supports; /* indicator ids, space-separated: @supports plus the claims citing it */
	char *declared; /* the evidence's sha256 attribute, or NULL */
	/* The SHA-256 an earlier phase saw (batch hashes inputs before it packs); empty when
	 * nothing was seen. The bytes packed must match both, or the package is refused. */
	char seen[TB_DIGEST_HEX_MAX];
} pack_att;

typedef struct pack_app {
	char *evidence_path;
	/* SHA-256 of the evidence bytes validated and scored: what the input digest names and
	 * what the build must read again (else evidence.changed). */
	char evidence_sha256[TB_DIGEST_HEX_MAX];
	char *dir;      /* the evidence folder */
	char *program_id;
	char *program_title;
	int year;
	char *applicant;
	char *authority;
	char *recommender;
	char *kind;
	char *date;
	char *contact_name, *phone, *mobile, *email;
	char *targets;  /* labels of the selected service targets joined with 、 */
	tb_points claimed; /* the points scoring counts */
	unsigned quota; /* of the recommender's kind; 0 when the program does not say */
	char *kind_label;
	pack_att *atts;
	size_t natts;
} pack_app;

struct tb_score;
/* Called once the evidence is loaded and scored (even with errors: a batch ranks every
 * applicant that can be scored), with the number of errors found so far. */
typedef tb_status (*pack_scored_fn)(void *user, tb_ctx *ctx, const struct tb_score *s,
                                    size_t errors);

/* Read, validate and score one evidence file; any error (validation or scoring: one verdict,
 * as `tianbiao validate` gives it) stops it with TB_ERROR (diagnostics recorded). `hook` may
 * be NULL. */
TB_NODISCARD tb_status pack_app_load(tb_ctx *ctx, const char *evidence_path, pack_scored_fn hook, void *user,
                        pack_app **out);
void pack_app_free(pack_app *a);

/* The seam to tb_evidence.h and scoring (evload.c): load, validate, score, the fields
 * (pack_app_read_fields, from the loaded tree), program facts. */
#include <libxml/tree.h>
TB_NODISCARD tb_status pack_app_read_fields(tb_ctx *ctx, pack_app *a, xmlDocPtr doc);
TB_NODISCARD tb_status pack_app_validate(tb_ctx *ctx, pack_app *a, pack_scored_fn hook, void *user);
/* Everything pack_app_validate reads from an evidence it loaded (kind, fields, attachments,
 * program facts), from `e`: a build reads a kept applicant's fields again with it. */
struct tb_evidence;
TB_NODISCARD tb_status pack_app_from_evidence(tb_ctx *ctx, pack_app *a, const struct tb_evidence *e);

/* What a batch keeps of a loaded applicant until its package is built: the digests its
 * loading saw, nothing re-readable. The build reads the fields again from the evidence, which
 * must be these bytes (pack_build_kept), so a batch keeps a few hundred bytes per applicant
 * (in a file: batch.c), not its whole pack_app. */
#define PACK_KEPT_HEX 64 /* one SHA-256 in `digests` */
typedef struct pack_kept {
	const char *evidence; /* the evidence file */
	/* SHA-256 hex of the evidence's bytes, then of each attachment's as hashed (pack_att
	 * seen, "" when not hashed: then 64 spaces), PACK_KEPT_HEX characters each, no separators */
	char *digests;
	size_t natts;
} pack_kept;
/* Sets k->digests (malloc'd: the caller frees it) and k->natts from a loaded applicant
 * (k->evidence is left alone). */
TB_NODISCARD tb_status pack_kept_from_app(pack_kept *k, const pack_app *a);

#endif
