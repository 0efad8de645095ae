/* package.h: a DOCX/ODT package held in memory: parts read with tb_zipr_*, some replaced or
 * added, then written deterministically (original order, untouched parts unchanged, ODT's
 * mimetype first and stored, fixed times and attributes). */
#ifndef TB_PKG_PACKAGE_H
#define TB_PKG_PACKAGE_H
#include <stddef.h>
#include "tianbiao/tb_core.h"

typedef enum tb_pkg_kind { TB_PKG_UNKNOWN = 0, TB_PKG_DOCX, TB_PKG_ODT } tb_pkg_kind;

typedef struct tb_pkg tb_pkg;

/* Open a package (entries are read when first asked for). Errors: zip.* from the reader,
 * package.format when it is neither DOCX nor ODT (core/opc.h decides). */
tb_status tb_pkg_open(tb_ctx *ctx, const char *path, tb_pkg **out);
/* The same for bytes in memory, which must stay alive until tb_pkg_free (untouched parts
 * are copied from them when writing); `name` is used in messages. */
tb_status tb_pkg_open_mem(tb_ctx *ctx, const char *name, const void *data, size_t len,
                          tb_pkg **out);
void tb_pkg_free(tb_pkg *p);

tb_pkg_kind tb_pkg_kind_of(const tb_pkg *p);
/* The main part: "word/document.xml" (or where the relationships put it, e.g. Word for the
 * web's "word/document2.xml"), "content.xml". */
const char *tb_pkg_main(const tb_pkg *p);
size_t tb_pkg_count(const tb_pkg *p);
const char *tb_pkg_name(const tb_pkg *p, size_t i);
/* The part's bytes, read from the template on first use; NULL if they cannot be read (the
 * reader's diagnostics say why). */
const char *tb_pkg_data(tb_pkg *p, size_t i, size_t *len);
long tb_pkg_find(const tb_pkg *p, const char *name);

/* Replace (or append) a part; the package takes `data` (malloc'd) in every case. */
tb_status tb_pkg_set(tb_pkg *p, const char *name, char *data, size_t len, int stored);

/* Write the package to `out` (`name` is used in messages). Entry times: tb_ctx_epoch, or
 * 1980-01-01 when it is 0. */
tb_status tb_pkg_write_to(tb_ctx *ctx, const tb_pkg *p, const char *name, tb_writer *out);
/* ... or atomically to `path`. */
tb_status tb_pkg_write(tb_ctx *ctx, const tb_pkg *p, const char *path);

#endif
