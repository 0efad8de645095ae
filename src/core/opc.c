/* opc.c: package detection (DOCX through the OPC relationships, ODT through its mimetype
 * and manifest) and relationship lookup. */
#include "core/opc.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/ctx.h"
#include "core/i18n.h"
#include "core/xml.h"

#define ODT_TEXT "application/vnd.oasis.opendocument.text"
#define ODF_PREFIX "application/vnd.oasis.opendocument."
/* Relationship and package parts are small; a larger one is not worth parsing. */
#define MAX_META_BYTES (4u << 20)

void tb_opc_clear(tb_opc *o)
{
	if (!o)
		return;
	free(o->main);
	o->main = NULL;
	o->kind = TB_OPC_UNKNOWN;
}

char *tb_opc_resolve(const char *source, const char *target)
{
	tb_buf b = TB_BUF_INIT;
	const char *slash;
	if (!target || !*target)
		return NULL;
	if (target[0] == '/')
		target++;
	else if (source && (slash = strrchr(source, '/')) &&
	         tb_buf_put(&b, source, (size_t)(slash - source + 1)) != TB_OK)
		goto fail;
	while (*target) {
		const char *end = strchr(target, '/');
		size_t n = end ? (size_t)(end - target) : strlen(target);
		if (n == 2 && !strncmp(target, "..", 2)) {
			/* drop the last folder of what we have */
			if (!b.len)
				goto fail;
			b.len--;
			while (b.len && b.data[b.len - 1] != '/')
				b.len--;
			b.data[b.len] = '\0';
		} else if (n && !(n == 1 && target[0] == '.')) {
			if (tb_buf_put(&b, target, n) != TB_OK || (end && tb_buf_putc(&b, '/') != TB_OK))
				goto fail;
		}
		target += n + (end ? 1 : 0);
	}
	if (!b.len || b.data[b.len - 1] == '/')
		goto fail;
	return tb_buf_detach(&b, NULL);
fail:
	tb_buf_free(&b);
	return NULL;
}

/* A small part's bytes; NULL when absent, too large or unreadable. */
static char *meta_bytes(tb_zipr *z, const char *part, size_t *len)
{
	long i = tb_zipr_find(z, part);
	char *data = NULL;
	*len = 0;
	if (i < 0 || tb_zipr_size(z, (size_t)i) > MAX_META_BYTES ||
	    tb_zipr_read(z, (size_t)i, &data, len) != TB_OK) {
		free(data);
		*len = 0;
		return NULL;
	}
	return data;
}

/* Parse a small package part quietly: a damaged one counts as absent. */
static xmlDocPtr parse_meta(tb_ctx *ctx, const char *part, const char *data, size_t len)
{
	xmlDocPtr doc = NULL;
	if (data && tb_xml_read(ctx, part, data, len, TB_XML_QUIET, &doc) != TB_OK)
		doc = NULL; /* an unreadable part is treated as absent */
	return doc;
}

static xmlDocPtr read_meta(tb_ctx *ctx, tb_zipr *z, const char *part)
{
	size_t len;
	char *data = meta_bytes(z, part, &len);
	xmlDocPtr doc = parse_meta(ctx, part, data, len);
	free(data);
	return doc;
}

/* Does the attribute value `uri` end in "/<type>"? */
static int type_is(const char *uri, const char *type)
{
	size_t n = uri ? strlen(uri) : 0, t = strlen(type);
	return n > t && uri[n - t - 1] == '/' && !strcmp(uri + n - t, type);
}

/* The target of the first relationship of `doc` (a relationships part of `source`) whose
 * type ends in "/<type>"; see tb_opc_rel_target. */
char *tb_opc_rel_target_in(xmlDocPtr doc, const char *source, const char *type)
{
	char *found = NULL;
	xmlNodePtr n;
	for (n = doc ? xmlDocGetRootElement(doc)->children : NULL; n && !found; n = n->next) {
		char *t, *target, *mode;
		if (n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, "Relationship"))
			continue;
		t = tb_xml_attr(n, "Type");
		target = tb_xml_attr(n, "Target");
		mode = tb_xml_attr(n, "TargetMode");
		if (type_is(t, type) && target && !(mode && !strcmp(mode, "External")))
			found = tb_opc_resolve(source && *source ? source : NULL, target);
		free(t);
		free(target);
		free(mode);
	}
	return found;
}

char *tb_opc_rel_target(tb_ctx *ctx, tb_zipr *z, const char *source, const char *type)
{
	char *relname, *found;
	const char *slash = source ? strrchr(source, '/') : NULL;
	tb_buf b = TB_BUF_INIT;
	xmlDocPtr doc;

	if (!source || !*source)
		tb_buf_puts(&b, "_rels/.rels");
	else if (slash)
		tb_buf_printf(&b, "%.*s_rels/%s.rels", (int)(slash - source + 1), source, slash + 1);
	else
		tb_buf_printf(&b, "_rels/%s.rels", source);
	if (!(relname = tb_buf_detach(&b, NULL)))
		return NULL;
	doc = read_meta(ctx, z, relname);
	free(relname);
	found = tb_opc_rel_target_in(doc, source, type);
	tb_xml_free(doc);
	return found;
}

/* The content type `doc` ([Content_Types].xml, NULL when absent) gives `part`: its
 * Override, else the Default of its extension. NULL if none (caller frees). Part names
 * compare case-insensitively (OPC). */
static char *content_type(xmlDocPtr doc, const char *part)
{
	const char *ext = strrchr(part, '.');
	char *over = NULL, *dflt = NULL;
	xmlNodePtr n;
	for (n = doc ? xmlDocGetRootElement(doc)->children : NULL; n && !over; n = n->next) {
		char *key;
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (!strcmp((const char *)n->name, "Override")) {
			key = tb_xml_attr(n, "PartName");
			if (key && !strcasecmp(key[0] == '/' ? key + 1 : key, part))
				over = tb_xml_attr(n, "ContentType");
			free(key);
		} else if (!strcmp((const char *)n->name, "Default") && ext && !dflt) {
			key = tb_xml_attr(n, "Extension");
			if (key && !strcasecmp(key, ext + 1))
				dflt = tb_xml_attr(n, "ContentType");
			free(key);
		}
	}
	if (over) {
		free(dflt);
		return over;
	}
	return dflt;
}

/* ODF's media type: the mimetype entry, else the manifest's entry for "/". */
static char *odf_media_type(tb_ctx *ctx, tb_zipr *z)
{
	long i = tb_zipr_find(z, "mimetype");
	char *data = NULL, *found = NULL;
	size_t len = 0;
	xmlDocPtr doc;
	xmlNodePtr n;
	if (i >= 0 && tb_zipr_size(z, (size_t)i) < 256 &&
	    tb_zipr_read(z, (size_t)i, &data, &len) == TB_OK) {
		while (len && (data[len - 1] == '\n' || data[len - 1] == '\r' || data[len - 1] == ' '))
			data[--len] = '\0';
		if (len)
			return data;
	}
	free(data);
	doc = read_meta(ctx, z, "META-INF/manifest.xml");
	for (n = doc ? xmlDocGetRootElement(doc)->children : NULL; n && !found; n = n->next) {
		xmlChar *path, *type;
		if (n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, "file-entry"))
			continue;
		/* namespaced attributes: manifest:full-path, manifest:media-type */
		path = xmlGetNsProp(n, (const xmlChar *)"full-path",
		                    (const xmlChar *)"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0");
		type = xmlGetNsProp(n, (const xmlChar *)"media-type",
		                    (const xmlChar *)"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0");
		if (path && type && !strcmp((const char *)path, "/"))
			found = strdup((const char *)type);
		xmlFree(path);
		xmlFree(type);
	}
	tb_xml_free(doc);
	return found;
}

/* What a content type or media type that is not a text document is, for the message. */
static const char *what_else(const char *type)
{
	if (!type)
		return NULL;
	if (strstr(type, "spreadsheetml") || strstr(type, "ms-excel") || strstr(type, "opendocument.spreadsheet"))
		return N_("a spreadsheet");
	if (strstr(type, "presentationml") || strstr(type, "ms-powerpoint") || strstr(type, "opendocument.presentation"))
		return N_("a presentation");
	if (strstr(type, "opendocument.graphics") || strstr(type, "opendocument.image"))
		return N_("a drawing");
	return NULL;
}

static tb_status refuse(tb_ctx *ctx, const char *name, const char *what)
{
	if (what)
		tb_error(ctx, "package.format", name, 0, 0,
		         N_("Give a .docx (Word, WPS) or .odt (LibreOffice) text document."),
		         N_("the file is %s, not a text document"), _(what));
	else
		tb_error(ctx, "package.format", name, 0, 0,
		         N_("Give a .docx (Word, WPS) or .odt (LibreOffice) text document."),
		         N_("the file is neither a DOCX nor an ODT document"));
	return TB_ERROR;
}

/* The last Word package a context detected, by the bytes that decided it: the package's
 * relationships and its content types. A mail merge opens the same template, and reads a
 * filled document that carries both unchanged, for every document; parsing the two parts
 * each time was 2.8% of it. */
typedef struct opc_memo {
	char *rels, *types; /* NULL: the part is absent */
	size_t rels_len, types_len;
	char *main;
} opc_memo;

static const char opc_memo_key[] = "opc.last-docx";

static void opc_memo_free(void *p)
{
	opc_memo *m = p;
	free(m->rels);
	free(m->types);
	free(m->main);
	free(m);
}

static bool same_bytes(const char *a, size_t alen, const char *b, size_t blen)
{
	return (!a && !b) || (a && b && alen == blen && !memcmp(a, b, alen));
}

/* The memo's main part when the package's deciding parts are the memo's bytes and that part
 * is in the package; NULL otherwise. */
static const char *opc_memo_get(tb_ctx *ctx, tb_zipr *z, const char *rels, size_t rlen,
                                const char *types, size_t tlen)
{
	const opc_memo *m = ctx ? tb_ctx_cache_get(ctx, opc_memo_key) : NULL;
	if (m && rels && same_bytes(m->rels, m->rels_len, rels, rlen) &&
	    same_bytes(m->types, m->types_len, types, tlen) && tb_zipr_find(z, m->main) >= 0)
		return m->main;
	return NULL;
}

/* Remember that these bytes name `main`; takes rels and types. Out of memory, nothing is
 * remembered: the next package is detected afresh. */
static void opc_memo_keep(tb_ctx *ctx, char *rels, size_t rlen, char *types, size_t tlen,
                          const char *main)
{
	opc_memo *m = ctx ? tb_ctx_cache_get(ctx, opc_memo_key) : NULL;
	char *copy = strdup(main);
	if (ctx && !m && copy && (m = calloc(1, sizeof *m)) != NULL &&
	    tb_ctx_cache_set(ctx, opc_memo_key, m, opc_memo_free) != TB_OK) {
		free(m);
		m = NULL;
	}
	if (!m || !copy) {
		free(rels);
		free(types);
		free(copy);
		return;
	}
	free(m->rels);
	free(m->types);
	free(m->main);
	m->rels = rels;
	m->rels_len = rlen;
	m->types = types;
	m->types_len = tlen;
	m->main = copy;
}

/* A Word package's main part as its relationships name it, checked against its content
 * types. TB_ENOTFOUND when they name none that is there (the caller looks further). */
static tb_status ooxml_main(tb_ctx *ctx, tb_zipr *z, const char *name, const char *rels,
                            size_t rlen, const char *types, size_t tlen, char **out)
{
	xmlDocPtr doc = parse_meta(ctx, "_rels/.rels", rels, rlen);
	char *main = tb_opc_rel_target_in(doc, "", "officeDocument"), *ct;
	const char *what;
	int word;
	tb_xml_free(doc);
	*out = NULL;
	if (!main || tb_zipr_find(z, main) < 0) {
		free(main);
		return TB_ENOTFOUND;
	}
	doc = parse_meta(ctx, "[Content_Types].xml", types, tlen);
	ct = content_type(doc, main);
	tb_xml_free(doc);
	what = what_else(ct);
	word = ct && (strstr(ct, "wordprocessingml") || strstr(ct, "ms-word"));
	/* No content type at all: trust a main part in word/. */
	if (!ct && !strncmp(main, "word/", 5))
		word = 1;
	free(ct);
	if (!word) {
		free(main);
		return refuse(ctx, name, what);
	}
	*out = main;
	return TB_OK;
}

tb_status tb_opc_detect(tb_ctx *ctx, tb_zipr *z, const char *name, tb_opc *out)
{
	char *type, *main, *rels, *types;
	const char *main_type_of = NULL, *hit;
	size_t rlen, tlen;
	tb_status st;

	memset(out, 0, sizeof *out);
	if (!z)
		return TB_EINVAL;
	/* ODF first: its mimetype entry is authoritative. */
	type = odf_media_type(ctx, z);
	if (type && !strncmp(type, ODF_PREFIX, strlen(ODF_PREFIX))) {
		int text = !strncmp(type, ODT_TEXT, strlen(ODT_TEXT));
		const char *what = what_else(type);
		free(type);
		if (!text || tb_zipr_find(z, "content.xml") < 0)
			return refuse(ctx, name, what);
		out->kind = TB_OPC_ODT;
		return (out->main = strdup("content.xml")) ? TB_OK : TB_ENOMEM;
	}
	free(type);
	/* OOXML: the package relationships name the main part. */
	rels = meta_bytes(z, "_rels/.rels", &rlen);
	types = meta_bytes(z, "[Content_Types].xml", &tlen);
	if ((hit = opc_memo_get(ctx, z, rels, rlen, types, tlen)) != NULL) {
		free(rels);
		free(types);
		out->kind = TB_OPC_DOCX;
		return (out->main = strdup(hit)) ? TB_OK : TB_ENOMEM;
	}
	st = ooxml_main(ctx, z, name, rels, rlen, types, tlen, &main);
	if (st == TB_OK) {
		opc_memo_keep(ctx, rels, rlen, types, tlen, main);
		out->kind = TB_OPC_DOCX;
		out->main = main;
		return TB_OK;
	}
	free(rels);
	free(types);
	if (st != TB_ENOTFOUND)
		return st;
	/* Packages without those markers, as some generators write them. */
	if (tb_zipr_find(z, "word/document.xml") >= 0)
		main_type_of = "word/document.xml";
	else if (tb_zipr_find(z, "content.xml") >= 0)
		main_type_of = "content.xml";
	if (!main_type_of)
		return refuse(ctx, name, NULL);
	out->kind = main_type_of[0] == 'w' ? TB_OPC_DOCX : TB_OPC_ODT;
	return (out->main = strdup(main_type_of)) ? TB_OK : TB_ENOMEM;
}
