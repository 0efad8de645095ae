/* test_opc.c: package detection (core/opc.c) on packages built here in memory: OOXML through
 * its relationships and content types, ODF through its mimetype or manifest, fallbacks, and
 * refusals that say what the file is. */
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "check.h"
#include "core/ctx.h"
#include "core/opc.h"
#include "core/zipread.h"

#define RELS_NS "http://schemas.openxmlformats.org/package/2006/relationships"
#define OFFICE_DOC "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
#define STRICT_DOC "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"
#define WORD_MAIN "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"

/* A ZIP in memory from name/content pairs (NULL-terminated). Caller frees. */
static char *make_zip(size_t *len, const char *const *entries)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za;
	char *out = NULL;
	size_t i;
	zip_error_init(&ze);
	src = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_source_keep(src);
	za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	for (i = 0; entries[i]; i += 2) {
		zip_source_t *s = zip_source_buffer(za, entries[i + 1], strlen(entries[i + 1]), 0);
		zip_file_add(za, entries[i], s, ZIP_FL_ENC_UTF_8);
	}
	zip_close(za);
	zip_source_open(src);
	zip_source_seek(src, 0, SEEK_END);
	*len = (size_t)zip_source_tell(src);
	zip_source_seek(src, 0, SEEK_SET);
	out = malloc(*len);
	zip_source_read(src, out, *len);
	zip_source_close(src);
	zip_source_free(src);
	zip_error_fini(&ze);
	return out;
}

/* Detect in `ctx`; returns the kind, with the main part in `main` ("" if none) and the last
 * diagnostic's message in `msg` ("" if none). */
static tb_opc_kind detect_in(tb_ctx *ctx, const char *const *entries, char *main, char *msg)
{
	tb_zipr *z = NULL;
	tb_opc o;
	size_t len;
	char *data = make_zip(&len, entries);
	tb_opc_kind k = TB_OPC_UNKNOWN;
	main[0] = msg[0] = '\0';
	tb_diag_clear(ctx);
	if (tb_zipr_open_mem(ctx, "t.zip", data, len, NULL, &z) == TB_OK) {
		if (tb_opc_detect(ctx, z, "t.zip", &o) == TB_OK) {
			k = o.kind;
			strcpy(main, o.main);
		}
		tb_opc_clear(&o);
	}
	if (tb_diag_count(ctx)) {
		const tb_diag *d = tb_diag_get(ctx, tb_diag_count(ctx) - 1);
		snprintf(msg, 256, "%s: %s", d->code, d->message);
	}
	tb_zipr_close(z);
	free(data);
	return k;
}

/* The same in a context of its own. */
static tb_opc_kind detect(const char *const *entries, char *main, char *msg)
{
	tb_ctx *ctx;
	tb_opc_kind k;
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	k = detect_in(ctx, entries, main, msg);
	tb_ctx_free(ctx);
	return k;
}

TEST(docx_main_part_from_relationships)
{
	char main[256], msg[256];
	const char *const web[] = {
		"[Content_Types].xml",
		"<Types xmlns='http://schemas.openxmlformats.org/package/2006/content-types'>"
		"<Default Extension='xml' ContentType='application/xml'/>"
		"<Override PartName='/word/document2.xml' ContentType='" WORD_MAIN "'/></Types>",
		"_rels/.rels",
		"<Relationships xmlns='" RELS_NS "'><Relationship Id='r1' Type='" OFFICE_DOC "' "
		"Target='/word/document2.xml'/></Relationships>",
		"word/document2.xml", "<w:document xmlns:w='x'/>", NULL};
	const char *const strict[] = {
		"_rels/.rels",
		"<Relationships xmlns='" RELS_NS "'><Relationship Id='r1' Type='" STRICT_DOC "' "
		"Target='word/main.xml'/></Relationships>",
		"word/main.xml", "<w:document xmlns:w='x'/>", NULL};
	CHECK_EQ_INT(detect(web, main, msg), TB_OPC_DOCX);
	CHECK_EQ_STR(main, "word/document2.xml");
	/* strict OOXML's relationship type; no content types: a main part in word/ is trusted */
	CHECK_EQ_INT(detect(strict, main, msg), TB_OPC_DOCX);
	CHECK_EQ_STR(main, "word/main.xml");
}

TEST(workbook_refused)
{
	char main[256], msg[256];
	const char *const xlsx[] = {
		"[Content_Types].xml",
		"<Types xmlns='http://schemas.openxmlformats.org/package/2006/content-types'>"
		"<Override PartName='/xl/workbook.xml' ContentType='application/vnd.openxmlformats-"
		"officedocument.spreadsheetml.sheet.main+xml'/></Types>",
		"_rels/.rels",
		"<Relationships xmlns='" RELS_NS "'><Relationship Id='r1' Type='" OFFICE_DOC "' "
		"Target='xl/workbook.xml'/></Relationships>",
		"xl/workbook.xml", "<workbook/>", NULL};
	CHECK_EQ_INT(detect(xlsx, main, msg), TB_OPC_UNKNOWN);
	CHECK(strstr(msg, "package.format") && strstr(msg, "spreadsheet"));
}

/* One context detecting package after package (a mail merge): what it remembers of the last
 * Word package serves only a package whose relationships and content types are the same
 * bytes, and whose main part is there; any other is detected afresh, refusals included. */
TEST(detections_in_turn_in_one_context)
{
	char main[256], msg[256];
	tb_ctx *ctx;
#define TYPES(main_type)                                                                      \
	"<Types xmlns='http://schemas.openxmlformats.org/package/2006/content-types'>"            \
	"<Override PartName='/word/document2.xml' ContentType='" main_type "'/></Types>"
#define RELS "<Relationships xmlns='" RELS_NS "'><Relationship Id='r1' Type='" OFFICE_DOC "' " \
	"Target='/word/document2.xml'/></Relationships>"
	const char *const docx[] = {"[Content_Types].xml", TYPES(WORD_MAIN), "_rels/.rels", RELS,
	                            "word/document2.xml", "<w:document xmlns:w='x'/>", NULL};
	const char *const other_body[] = {"[Content_Types].xml", TYPES(WORD_MAIN), "_rels/.rels", RELS,
	                                  "word/document2.xml", "<w:document xmlns:w='y'><w:body/></w:document>",
	                                  NULL};
	const char *const no_main[] = {"[Content_Types].xml", TYPES(WORD_MAIN), "_rels/.rels", RELS,
	                               "word/document.xml", "<w:document xmlns:w='x'/>", NULL};
	const char *const sheet[] = {"[Content_Types].xml",
	                             TYPES("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
	                             "_rels/.rels", RELS, "word/document2.xml", "<workbook/>", NULL};
	CHECK_EQ_INT(tb_ctx_new(&ctx), TB_OK);
	CHECK_EQ_INT(detect_in(ctx, docx, main, msg), TB_OPC_DOCX);
	CHECK_EQ_STR(main, "word/document2.xml");
	CHECK_EQ_INT(detect_in(ctx, other_body, main, msg), TB_OPC_DOCX);
	CHECK_EQ_STR(main, "word/document2.xml");
	/* same deciding parts, no such main part: the fallback to word/document.xml, as fresh */
	CHECK_EQ_INT(detect_in(ctx, no_main, main, msg), TB_OPC_DOCX);
	CHECK_EQ_STR(main, "word/document.xml");
	/* same relationships, other content types: a spreadsheet, refused */
	CHECK_EQ_INT(detect_in(ctx, sheet, main, msg), TB_OPC_UNKNOWN);
	CHECK(strstr(msg, "package.format") && strstr(msg, "spreadsheet"));
	CHECK_EQ_INT(detect_in(ctx, docx, main, msg), TB_OPC_DOCX);
	CHECK_EQ_STR(main, "word/document2.xml");
	CHECK_EQ_INT(detect_in(ctx, sheet, main, msg), TB_OPC_UNKNOWN);
	tb_ctx_free(ctx);
#undef TYPES
#undef RELS
}

TEST(odf_by_mimetype_or_manifest)
{
	char main[256], msg[256];
	const char *const odt[] = {"mimetype", "application/vnd.oasis.opendocument.text",
	                           "content.xml", "<office:document-content/>", NULL};
	const char *const ott[] = {"mimetype", "application/vnd.oasis.opendocument.text-template\n",
	                           "content.xml", "<office:document-content/>", NULL};
	const char *const manifest_only[] = {
		"META-INF/manifest.xml",
		"<manifest:manifest xmlns:manifest='urn:oasis:names:tc:opendocument:xmlns:manifest:1.0'>"
		"<manifest:file-entry manifest:full-path='/' "
		"manifest:media-type='application/vnd.oasis.opendocument.text'/></manifest:manifest>",
		"content.xml", "<office:document-content/>", NULL};
	const char *const ods[] = {"mimetype", "application/vnd.oasis.opendocument.spreadsheet",
	                           "content.xml", "<office:document-content/>", NULL};
	CHECK_EQ_INT(detect(odt, main, msg), TB_OPC_ODT);
	CHECK_EQ_STR(main, "content.xml");
	CHECK_EQ_INT(detect(ott, main, msg), TB_OPC_ODT);
	CHECK_EQ_INT(detect(manifest_only, main, msg), TB_OPC_ODT);
	CHECK_EQ_INT(detect(ods, main, msg), TB_OPC_UNKNOWN);
	CHECK(strstr(msg, "package.format") && strstr(msg, "spreadsheet"));
}

TEST(fallbacks_and_nothing)
{
	char main[256], msg[256];
	/* relationships naming a missing part: the usual name still works */
	const char *const stale[] = {
		"_rels/.rels",
		"<Relationships xmlns='" RELS_NS "'><Relationship Id='r1' Type='" OFFICE_DOC "' "
		"Target='word/gone.xml'/></Relationships>",
		"word/document.xml", "<w:document xmlns:w='x'/>", NULL};
	const char *const bare_odt[] = {"content.xml", "<office:document-content/>", NULL};
	const char *const broken_rels[] = {"_rels/.rels", "<Relationships", "word/document.xml",
	                                   "<w:document xmlns:w='x'/>", NULL};
	const char *const nothing[] = {"readme.txt", "hello", NULL};
	CHECK_EQ_INT(detect(stale, main, msg), TB_OPC_DOCX);
	CHECK_EQ_STR(main, "word/document.xml");
	CHECK_EQ_INT(detect(bare_odt, main, msg), TB_OPC_ODT);
	CHECK_EQ_INT(detect(broken_rels, main, msg), TB_OPC_DOCX);
	CHECK_EQ_INT(detect(nothing, main, msg), TB_OPC_UNKNOWN);
	CHECK(strstr(msg, "package.format") && strstr(msg, "neither a DOCX nor an ODT"));
}

TEST(resolve_targets)
{
	char *r;
	CHECK_EQ_STR((r = tb_opc_resolve("word/document.xml", "styles.xml")), "word/styles.xml");
	free(r);
	CHECK_EQ_STR((r = tb_opc_resolve("word/document.xml", "../customXml/item1.xml")),
	             "customXml/item1.xml");
	free(r);
	CHECK_EQ_STR((r = tb_opc_resolve("word/document.xml", "/word/media/a.png")), "word/media/a.png");
	free(r);
	CHECK_EQ_STR((r = tb_opc_resolve(NULL, "./word/document2.xml")), "word/document2.xml");
	free(r);
	CHECK(tb_opc_resolve("word/document.xml", "../../etc/passwd") == NULL);
	CHECK(tb_opc_resolve(NULL, "") == NULL);
	CHECK(tb_opc_resolve(NULL, "word/") == NULL);
}

CHECK_MAIN(T(docx_main_part_from_relationships), T(workbook_refused), T(detections_in_turn_in_one_context), T(odf_by_mimetype_or_manifest),
           T(fallbacks_and_nothing), T(resolve_targets))
