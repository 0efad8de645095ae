/* test_xml_dump.c: tb_xml_dump writes the bytes libxml2's xmlDocDumpMemoryEnc(doc, "UTF-8")
 * writes, for every XML part of every template and fixture in the repository, for trees
 * edited after parsing, and for the escapes and node kinds where the two could part. */
#include <dirent.h>
#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "core/ctx.h"
#include "core/xml.h"
#include "core/zipread.h"

/* 1 when tb_xml_dump and libxml2 give the same bytes for `doc`. */
static int same_as_libxml2(xmlDocPtr doc, const char *what)
{
	xmlChar *ref = NULL;
	int rlen = 0, ok;
	size_t len = 0;
	char *ours = tb_xml_dump(doc, &len);
	xmlDocDumpMemoryEnc(doc, &ref, &rlen, "UTF-8");
	ok = ours && ref && len == (size_t)rlen && memcmp(ours, ref, len) == 0 && ours[len] == '\0';
	if (!ok) {
		size_t i = 0;
		while (ours && ref && i < len && i < (size_t)rlen && ours[i] == (char)ref[i])
			i++;
		fprintf(stderr, "%s: differs at byte %zu (ours %zu bytes, libxml2 %d)\n", what, i, len,
		        rlen);
	}
	free(ours);
	xmlFree(ref);
	return ok;
}

static int parsed_same(tb_ctx *ctx, const char *what, const char *xml)
{
	xmlDocPtr doc = NULL;
	int ok;
	if (tb_xml_read(ctx, what, xml, strlen(xml), 0, &doc) != TB_OK) {
		fprintf(stderr, "%s: %s\n", what, tb_diag_count(ctx) ? tb_diag_get(ctx, tb_diag_count(ctx) - 1)->message : "?");
		return 0;
	}
	ok = same_as_libxml2(doc, what);
	tb_xml_free(doc);
	return ok;
}

TEST(escapes_and_node_kinds)
{
	tb_ctx *ctx;
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	CHECK(parsed_same(ctx, "plain", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	                                "<a><b/><c x=\"1\">t</c></a>"));
	CHECK(parsed_same(ctx, "standalone-no", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?><a/>"));
	CHECK(parsed_same(ctx, "no-standalone", "<?xml version=\"1.0\" encoding=\"utf-8\"?><a/>"));
	CHECK(parsed_same(ctx, "version-1.1", "<?xml version=\"1.1\" encoding=\"UTF-8\"?><a/>"));
	CHECK(parsed_same(ctx, "attr-escapes",
	                  "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a v=\"&lt;&gt;&amp;&quot;'&#9;&#10;&#13;"
	                  " 中文 𡈼\" w='\"'/>"));
	CHECK(parsed_same(ctx, "text-escapes",
	                  "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a>&lt;&gt;&amp;\"'&#9;\n&#13; 中文 "
	                  "&#x1F600;]]&gt;</a>"));
	CHECK(parsed_same(ctx, "namespaces",
	                  "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:d xmlns:w=\"urn:w\" xmlns=\"urn:d\" "
	                  "xmlns:q=\"urn:q\" xmlns:xml=\"http://www.w3.org/XML/1998/namespace\">"
	                  "<w:p w:a=\"1\" xml:space=\"preserve\" q:b=\"2\"><e/></w:p></w:d>"));
	CHECK(parsed_same(ctx, "comments-pis",
	                  "<?xml version=\"1.0\" encoding=\"UTF-8\"?><!--top--><?pi top?><a><!-- in -->"
	                  "<?mso-application progid=\"Word.Document\"?><?empty?></a><!--after-->"));
	/* CDATA goes to libxml2; a document declaring no encoding is written as UTF-8 all the
	 * same (libxml2 lends it the output's encoding while it writes) */
	CHECK(parsed_same(ctx, "cdata", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a><![CDATA[x<y&]]>z</a>"));
	CHECK(parsed_same(ctx, "no-encoding", "<a v=\"中文\">中文</a>"));
	tb_ctx_free(ctx);
}

/* Trees as the fill leaves them: nodes and attributes made by libxml2's calls, text with
 * characters to escape, and deeper than a recursive writer's stack would like. */
TEST(edited_and_deep_trees)
{
	tb_ctx *ctx;
	xmlDocPtr doc = NULL;
	xmlNodePtr root, n, p;
	xmlNsPtr ns;
	int i;
	const char *src = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
	                  "<w:document xmlns:w=\"urn:w\"><w:body/></w:document>";
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	CHECK(tb_xml_read(ctx, "edit", src, strlen(src), 0, &doc) == TB_OK);
	if (!doc) {
		tb_ctx_free(ctx);
		return;
	}
	root = xmlDocGetRootElement(doc);
	ns = root->ns;
	p = root->children;
	n = xmlNewChild(p, ns, BAD_CAST "t", NULL);
	xmlAddChild(n, xmlNewText(BAD_CAST "a < b & c > d\r\n\"q\" 数据"));
	xmlSetNsProp(n, ns, BAD_CAST "val", BAD_CAST "x\t\"<&>\"\ny");
	xmlNewProp(n, BAD_CAST "plain", BAD_CAST "");
	xmlAddChild(p, xmlNewComment(BAD_CAST " note "));
	xmlAddChild(p, xmlNewNode(NULL, BAD_CAST "bare"));
	/* namespace names are written quoted as they are: ' when they hold ", &quot; with both */
	xmlNewNs(xmlNewChild(p, NULL, BAD_CAST "n1", NULL), BAD_CAST "urn:\"1\"", BAD_CAST "a");
	xmlNewNs(xmlNewChild(p, NULL, BAD_CAST "n2", NULL), BAD_CAST "urn:'2\"", BAD_CAST "b");
	for (i = 0, n = p; i < 20000; i++)
		n = xmlNewChild(n, ns, BAD_CAST "r", NULL);
	xmlAddChild(n, xmlNewText(BAD_CAST "deep"));
	CHECK(same_as_libxml2(doc, "edited"));
	/* a copy as the template cache makes (tb_xml_copy) writes the same */
	{
		xmlDocPtr copy = NULL;
		CHECK(tb_xml_copy(doc, &copy) == TB_OK);
		if (copy) {
			CHECK(same_as_libxml2(copy, "copy"));
			tb_xml_free(copy);
		}
	}
	tb_xml_free(doc);
	tb_ctx_free(ctx);
}

static int parts_checked;

static void check_package(tb_ctx *ctx, const char *path)
{
	tb_zipr *z = NULL;
	size_t i;
	if (tb_zipr_open_file(ctx, path, NULL, &z) != TB_OK)
		return; /* fixtures include damaged packages on purpose */
	for (i = 0; i < tb_zipr_count(z); i++) {
		const char *name = tb_zipr_name(z, i);
		size_t nl = name ? strlen(name) : 0;
		char *data = NULL, what[1400];
		size_t len = 0;
		xmlDocPtr doc = NULL;
		if (nl < 4 || (strcmp(name + nl - 4, ".xml") && strcmp(name + nl - 5, ".rels")))
			continue;
		if (tb_zipr_read(z, i, &data, &len) != TB_OK)
			continue;
		if (tb_xml_read(ctx, name, data, len, 0, &doc) == TB_OK) {
			snprintf(what, sizeof what, "%s:%s", path, name);
			CHECK(same_as_libxml2(doc, what));
			parts_checked++;
			tb_xml_free(doc);
		}
		free(data);
	}
	tb_zipr_close(z);
}

static void walk(tb_ctx *ctx, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		char path[1024];
		size_t nl = strlen(e->d_name);
		struct stat st;
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (stat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode))
			walk(ctx, path);
		else if (nl > 5 && (!strcmp(e->d_name + nl - 5, ".docx") || !strcmp(e->d_name + nl - 4, ".odt")))
			check_package(ctx, path);
	}
	closedir(d);
}

TEST(every_part_of_the_repository)
{
	tb_ctx *ctx;
	char dir[1024];
	const char *src = getenv("TB_SRC") ? getenv("TB_SRC") : "..";
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	snprintf(dir, sizeof dir, "%s/templates", src);
	walk(ctx, dir);
	snprintf(dir, sizeof dir, "%s/tests", src);
	walk(ctx, dir);
	snprintf(dir, sizeof dir, "%s/samples", src);
	walk(ctx, dir);
	tb_ctx_free(ctx);
	fprintf(stderr, "%d parts compared\n", parts_checked);
	CHECK(parts_checked > 300);
}

int main(void)
{
	static const check_test tests[] = {
		{"escapes_and_node_kinds", escapes_and_node_kinds},
		{"edited_and_deep_trees", edited_and_deep_trees},
		{"every_part_of_the_repository", every_part_of_the_repository},
	};
	return check_run(tests, sizeof tests / sizeof tests[0]);
}
