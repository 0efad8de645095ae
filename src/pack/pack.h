/* pack.h: internals shared by the packaging files (build, manifest, batch, bagit, verify). */
#ifndef TB_PACK_PACK_H
#define TB_PACK_PACK_H
#include <libxml/tree.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/buf.h"
#include "core/digest.h"
#include "tianbiao/tb_pack.h"

/* One file of a submission package, before it goes into the ZIP. */
typedef struct pack_file {
	char *path;     /* below the package's top folder, e.g. "evidence/001-会议纪要.pdf" */
	const char *role;
	char *id;       /* attachment id, or NULL */
	char *title;
	char *source;   /* path in the evidence folder, or NULL */
	char *supports; /* indicator ids, or NULL */
	char *data;     /* the bytes, or NULL for a file streamed into the package: */
	char *file;     /* read again, and checked, only when the archive is written */
	int store;      /* a streamed file is already compressed (pack_store_decide) */
	size_t len;
	char sha256[TB_DIGEST_HEX_MAX];
	char sm3[TB_DIGEST_HEX_MAX];
} pack_file;

typedef struct pack_meta {
	const char *package;   /* top folder name = archive name without .zip */
	const char *program_id;
	const char *program_title;
	int year;
	const char *applicant;
	const char *recommender;
	const char *kind;
	time_t created;
} pack_meta;

/* Names of the package's own files (not listed in manifest.xml). */
#define PACK_MANIFEST "manifest.xml"
#define PACK_CHECKSUMS "checksums.sha256"

/* Largest single input file read into a package. */
#define PACK_MAX_FILE_BYTES ((size_t)256 << 20)
/* A package's attachments together. They are streamed into the archive (never held), so this
 * is not about memory: a package is mailed or uploaded, and 2 GiB is past what either takes. */
#define PACK_MAX_ATTACH_BYTES ((uint64_t)2048 << 20)

/* "2021-12-01T00:00:00Z" / "2021-12-01". */
void pack_iso_time(time_t t, char out[32]);
void pack_iso_date(time_t t, char out[16]);

/* manifest.c */
TB_NODISCARD tb_status pack_file_digest(pack_file *f);
TB_NODISCARD tb_status pack_manifest_xml(const pack_meta *m, pack_file *files, size_t n, tb_buf *out);
/* sha256sum-compatible lines "<hex>  <path>" sorted by path; `prefix` is prepended to paths. */
TB_NODISCARD tb_status pack_checksums(pack_file *files, size_t n, tb_buf *out);
/* Validate a parsed document against <datadir>/templates/<xsd>; errors: verify.schema. */
TB_NODISCARD tb_status pack_xsd_check(tb_ctx *ctx, xmlDocPtr doc, const char *xsd, const char *name);

/* build.c: build one package from an evidence file to `out` through `tmp` (NULL: beside it;
 * the producers' temporary files go beside `tmp` too). `id` is the top folder. Stops with
 * TB_ECANCELED, its temporary files removed, when *cancel turns non-zero (may be NULL). */
struct pack_app;
struct pack_zipw_sums;
TB_NODISCARD tb_status pack_build_app(tb_ctx *ctx, const struct pack_app *app, const char *out,
                         const char *tmp, const char *id, const char *password,
                         const volatile int *cancel);
/* The same package from what a batch kept of a loaded applicant: `sums` (may be NULL)
 * receives the package's SHA-256, SM3 and size. The evidence is read once,
 * checked against the kept digest (else evidence.changed), and the applicant's fields are
 * read from it again; the attachments must hash as kept (else attachment.changed). */
struct pack_kept;
TB_NODISCARD tb_status pack_build_kept(tb_ctx *ctx, const struct pack_kept *k, const char *out,
                         const char *tmp, const char *id, const char *password,
                         const volatile int *cancel, struct pack_zipw_sums *sums);
/* Read the password named by the options (file or environment); NULL if none asked. */
TB_NODISCARD tb_status pack_password(tb_ctx *ctx, const char *file, const char *env, char **out);

#endif
