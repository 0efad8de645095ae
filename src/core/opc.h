/* opc.h: what office document a ZIP package holds, decided in one place for every reader
 * (fill, the document model, and through them report and pack).
 *
 * OOXML (ECMA-376 Part 2, Open Packaging Conventions): the package relationships
 * `_rels/.rels` name the main part (type .../officeDocument), wherever it is: Word writes
 * word/document.xml, Word for the web word/document2.xml; [Content_Types].xml says whether
 * that part is a word-processing document. ODF: the `mimetype` entry, else the root entry of
 * META-INF/manifest.xml, says application/vnd.oasis.opendocument.text; the content is
 * content.xml. Packages without those markers but with the usual part names are accepted. */
#ifndef TB_CORE_OPC_H
#define TB_CORE_OPC_H
struct _xmlDoc;
#include "core/zipread.h"
#include "tianbiao/tb_core.h"

typedef enum tb_opc_kind { TB_OPC_UNKNOWN = 0, TB_OPC_DOCX, TB_OPC_ODT } tb_opc_kind;

typedef struct tb_opc {
	tb_opc_kind kind;
	char *main; /* the main part: "word/document.xml", "word/document2.xml", "content.xml" */
} tb_opc;

/* Detect the package of `z` (`name` is used in messages). A package that is not a text
 * document gives package.format (saying what it is when known: a workbook, a presentation)
 * and TB_ERROR. Free with tb_opc_clear. */
TB_NODISCARD tb_status tb_opc_detect(tb_ctx *ctx, tb_zipr *z, const char *name, tb_opc *out);
void tb_opc_clear(tb_opc *o);

/* The part targeted by the first relationship of `source`'s relationships part whose type
 * ends in "/<type>" (e.g. "styles", "officeDocument"); `source` "" means the package's own
 * _rels/.rels. NULL when there is none (a damaged relationships part counts as none), or on
 * error (caller frees). Internal targets only. */
char *tb_opc_rel_target(tb_ctx *ctx, tb_zipr *z, const char *source, const char *type);
/* The same in a relationships part already parsed (`rels`, NULL: none). */
char *tb_opc_rel_target_in(struct _xmlDoc *rels, const char *source, const char *type);

/* A relationship's target resolved against the folder of `source` ("word/document.xml" +
 * "../customXml/item1.xml" -> "customXml/item1.xml"; "/word/x.xml" -> "word/x.xml"). NULL if
 * it climbs above the package root. Caller frees. */
char *tb_opc_resolve(const char *source, const char *target);

#endif
