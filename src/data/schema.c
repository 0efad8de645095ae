/* schema.c: checking evidence against templates/evidence.xsd with libxml2, and turning
 * libxml2's validity messages into diagnostics that say what to fix (schema.invalid). */
#include <libxml/xmlschemas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ctx.h"
#include "core/i18n.h"
#include "core/xml.h"
#include "data/evidence_internal.h"

#define SCHEMA_CACHE_KEY "data.evidence-schema"
#define SCHEMA_REL_PATH "templates/evidence.xsd"
#define SCHEMA_MAX_ERRORS 200

typedef struct schema_cache {
	xmlDocPtr doc; /* kept alive as long as the compiled schema */
	xmlSchemaPtr schema;
} schema_cache;

typedef struct report_state {
	tb_ctx *ctx;
	const char *file;
	int count;
	char last[300]; /* "line|element|attribute" of the last report: libxml2 often says it twice */
} report_state;

static void cache_free(void *p)
{
	schema_cache *c = p;
	if (!c)
		return;
	if (c->schema)
		xmlSchemaFree(c->schema);
	tb_xml_free(c->doc);
	free(c);
}

static void on_schema_parse_error(void *user, xmlErrorPtr e)
{
	report_state *rs = user;
	if (!e || e->level < XML_ERR_ERROR)
		return;
	tb_error(rs->ctx, "schema.load", rs->file, (unsigned)e->line, 0,
	         N_("reinstall tianbiao or fix TIANBIAO_DATADIR"),
	         N_("the evidence schema is broken: %s"), e->message ? e->message : "?");
}

static tb_status load_schema(tb_ctx *ctx, xmlSchemaPtr *out)
{
	schema_cache *c = tb_ctx_cache_get(ctx, SCHEMA_CACHE_KEY);
	xmlSchemaParserCtxtPtr pc;
	char *path;
	tb_status st;

	if (c) {
		*out = c->schema;
		return TB_OK;
	}
	*out = NULL;
	path = tb_ctx_data_path(ctx, SCHEMA_REL_PATH);
	if (!path)
		return TB_ENOMEM;
	c = calloc(1, sizeof *c);
	if (!c) {
		free(path);
		return TB_ENOMEM;
	}
	if ((st = tb_xml_read_file(ctx, path, TB_XML_NOBLANKS, &c->doc)) != TB_OK) {
		tb_error(ctx, "schema.load", path, 0, 0,
		         N_("set TIANBIAO_DATADIR to the folder holding templates/, or reinstall"),
		         N_("cannot read the evidence schema"));
		free(path);
		cache_free(c);
		return st == TB_ERROR ? TB_EIO : st;
	}
	pc = xmlSchemaNewDocParserCtxt(c->doc);
	if (pc) {
		report_state rs = {ctx, path, 0, ""};
		xmlSchemaSetParserStructuredErrors(pc, on_schema_parse_error, &rs);
		c->schema = xmlSchemaParse(pc);
		xmlSchemaFreeParserCtxt(pc);
	}
	free(path);
	if (!c->schema) {
		cache_free(c);
		return TB_EIO;
	}
	if ((st = tb_ctx_cache_set(ctx, SCHEMA_CACHE_KEY, c, cache_free)) != TB_OK) {
		cache_free(c);
		return st;
	}
	*out = c->schema;
	return TB_OK;
}

/* Copy the text between `open` and the next `close` after it into out. */
static int between(const char *s, const char *open, const char *close, char *out, size_t cap)
{
	const char *b = strstr(s, open), *e;
	size_t n;
	if (!b)
		return 0;
	b += strlen(open);
	e = strstr(b, close);
	if (!e)
		return 0;
	n = (size_t)(e - b) < cap - 1 ? (size_t)(e - b) : cap - 1;
	memcpy(out, b, n);
	out[n] = '\0';
	return 1;
}

/* What to write instead, guessed from the pattern libxml2 quotes (our types in the .xsd). */
static const char *value_hint(const char *msg)
{
	if (strstr(msg, "{64}"))
		return N_("write the file's SHA-256 as 64 hexadecimal digits (sha256sum prints it)");
	if (strstr(msg, "\\.[0-9]{1,4}"))
		return N_("write a number without sign or unit, with at most four decimal places, "
		          "e.g. 35.5");
	if (strstr(msg, "3[01]"))
		return N_("write a number of days from 0 to 31");
	if (strstr(msg, "[0-9]{4}"))
		return N_("write a four-digit year, e.g. 2020");
	if (strstr(msg, "[0-9]{1,9}"))
		return N_("write a whole number without sign or unit, e.g. 12");
	if (strstr(msg, "A-Za-z0-9_"))
		return N_("identifiers use letters, digits, '.', '-' and '_' (several are separated "
		          "by single spaces)");
	if (strstr(msg, "maxLength"))
		return N_("shorten the text (one-line fields hold at most 2000 characters)");
	return N_("correct the value (docs/evidence.md gives each field's format)");
}

static void report(report_state *rs, xmlErrorPtr e)
{
	const char *m = e->message ? e->message : "";
	char elem[128] = "", attr[128] = "", value[160] = "", expected[200] = "", raw[512];
	char key[300];
	unsigned line = (unsigned)(e->line > 0 ? e->line : 0), col = 0;
	xmlNodePtr node = e->node;
	size_t n;

	if (node && node->type == XML_ATTRIBUTE_NODE)
		node = node->parent;
	if (node && node->type == XML_ELEMENT_NODE)
		tb_xml_node_pos(node, &line, &col);
	if (!line && e->line > 0)
		line = (unsigned)e->line;
	between(m, "Element '", "'", elem, sizeof elem);
	between(m, "attribute '", "'", attr, sizeof attr);
	snprintf(key, sizeof key, "%u|%s|%s", line, elem, attr);
	if (!strcmp(key, rs->last))
		return; /* the facet error and its "not a valid value" echo */
	snprintf(rs->last, sizeof rs->last, "%s", key);
	if (++rs->count > SCHEMA_MAX_ERRORS)
		return;
	snprintf(raw, sizeof raw, "%s", m);
	n = strlen(raw);
	while (n && (raw[n - 1] == '\n' || raw[n - 1] == ' '))
		raw[--n] = '\0';

	if (strstr(m, "No matching global declaration")) {
		tb_error(rs->ctx, "schema.invalid", rs->file, line, col,
		         N_("the file must start with <evidence program=\"...\" version=\"1\">"),
		         N_("the root element must be <evidence>"));
	} else if (strstr(m, "This element is not expected")) {
		if (between(m, "Expected is one of ( ", " )", expected, sizeof expected) ||
		    between(m, "Expected is ( ", " )", expected, sizeof expected))
			tb_error(rs->ctx, "schema.invalid", rs->file, line, col,
			         N_("check the element's spelling and where it is placed; each element "
			            "may appear once in its parent unless it is a list item"),
			         N_("element <%s> is not expected here (expected: %s)"), elem, expected);
		else
			tb_error(rs->ctx, "schema.invalid", rs->file, line, col,
			         N_("check the element's spelling and where it is placed; each element "
			            "may appear once in its parent unless it is a list item"),
			         N_("element <%s> is not expected here"), elem);
	} else if (strstr(m, "Missing child element")) {
		if (!between(m, "Expected is ( ", " )", expected, sizeof expected))
			between(m, "Expected is one of ( ", " )", expected, sizeof expected);
		tb_error(rs->ctx, "schema.invalid", rs->file, line, col,
		         N_("add the missing element inside this one"),
		         N_("<%s> lacks a required child element: %s"), elem, expected);
	} else if (strstr(m, "is required but missing")) {
		between(m, "The attribute '", "'", attr, sizeof attr);
		tb_error(rs->ctx, "schema.invalid", rs->file, line, col,
		         N_("add the attribute to this element"),
		         N_("<%s> lacks the required attribute \"%s\""), elem, attr);
	} else if (strstr(m, "is not allowed.") && attr[0]) {
		tb_error(rs->ctx, "schema.invalid", rs->file, line, col,
		         N_("remove the attribute or check its spelling"),
		         N_("<%s> does not take an attribute \"%s\""), elem, attr);
	} else if (strstr(m, "Character content other than whitespace")) {
		tb_error(rs->ctx, "schema.invalid", rs->file, line, col,
		         N_("put the text into the child elements; long texts go into <p>...</p> "
		            "paragraphs"),
		         N_("<%s> cannot contain text directly"), elem);
	} else if (strstr(m, "fixed value constraint")) {
		tb_error(rs->ctx, "schema.invalid", rs->file, line, col,
		         N_("write version=\"1\" (or leave the attribute out)"),
		         N_("unsupported evidence format version"));
	} else if (strstr(m, "[facet 'maxLength']")) {
		tb_error(rs->ctx, "schema.invalid", rs->file, line, col, value_hint(m),
		         N_("the text of <%s> is too long"), elem);
	} else if (strstr(m, "[facet ") || strstr(m, "is not a valid value")) {
		const char *vh = value_hint(m);
		if (!between(m, "The value '", "'", value, sizeof value))
			between(m, ": '", "'", value, sizeof value);
		if (tb_ev_has_fullwidth(value))
			vh = N_("it contains full-width (全角) characters; type digits and signs "
			        "half-width (半角)");
		if (attr[0])
			tb_error(rs->ctx, "schema.invalid", rs->file, line, col, vh,
			         N_("attribute \"%s\" of <%s> has an invalid value \"%s\""), attr, elem,
			         value);
		else
			tb_error(rs->ctx, "schema.invalid", rs->file, line, col, vh,
			         N_("<%s> has an invalid value \"%s\""), elem, value);
	} else {
		tb_error(rs->ctx, "schema.invalid", rs->file, line, col,
		         N_("compare with the structure in docs/evidence.md"), N_("schema: %s"), raw);
	}
}

static void on_validity_error(void *user, xmlErrorPtr e)
{
	if (e && e->level >= XML_ERR_ERROR)
		report(user, e);
}

tb_status tb_evidence_schema_check(tb_ctx *ctx, xmlDocPtr doc)
{
	xmlSchemaPtr schema;
	xmlSchemaValidCtxtPtr vc;
	report_state rs;
	tb_status st;
	int r;

	if ((st = load_schema(ctx, &schema)) != TB_OK)
		return st;
	vc = xmlSchemaNewValidCtxt(schema);
	if (!vc)
		return TB_ENOMEM;
	memset(&rs, 0, sizeof rs);
	rs.ctx = ctx;
	rs.file = tb_xml_doc_name(doc);
	xmlSchemaSetValidStructuredErrors(vc, on_validity_error, &rs);
	r = xmlSchemaValidateDoc(vc, doc);
	xmlSchemaFreeValidCtxt(vc);
	if (r < 0)
		return TB_ENOMEM;
	if (r > 0 && rs.count == 0)
		tb_error(ctx, "schema.invalid", rs.file, 0, 0,
		         N_("compare with the structure in docs/evidence.md"),
		         N_("the file does not match the evidence schema"));
	return r == 0 ? TB_OK : TB_ERROR;
}
