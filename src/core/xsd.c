/* xsd.c: loading, caching and applying XSD schemas. */
#include "core/xsd.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/ctx.h"
#include "core/i18n.h"

typedef struct xsd_cache {
	xmlDocPtr doc; /* kept alive as long as the compiled schema */
	xmlSchemaPtr schema;
} xsd_cache;

typedef struct load_state {
	tb_ctx *ctx;
	const char *path;
	int errors;
} load_state;

typedef struct valid_state {
	tb_xsd_error_fn fn;
	void *user;
} valid_state;

static void cache_free(void *p)
{
	xsd_cache *c = p;
	if (!c)
		return;
	if (c->schema)
		xmlSchemaFree(c->schema);
	tb_xml_free(c->doc);
	free(c);
}

static void on_load_error(void *user, tb_xml_error e)
{
	load_state *ls = user;
	char msg[512];
	size_t n;
	if (!e || e->level < XML_ERR_ERROR)
		return;
	snprintf(msg, sizeof msg, "%s", e->message ? e->message : "?");
	n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	tb_error(ls->ctx, "schema.load", ls->path, (unsigned)(e->line > 0 ? e->line : 0), 0,
	         N_("reinstall tianbiao's data files, or set TIANBIAO_DATADIR to the folder holding "
	            "templates/"),
	         N_("the schema is broken: %s"), msg);
	ls->errors++;
}

tb_status tb_xsd_load(tb_ctx *ctx, const char *rel, xmlSchemaPtr *out)
{
	tb_buf key = TB_BUF_INIT;
	xsd_cache *c;
	xmlSchemaParserCtxtPtr pc;
	char *path = NULL;
	tb_status st;

	*out = NULL;
	if (tb_buf_printf(&key, "core.xsd:%s", rel) != TB_OK)
		return TB_ENOMEM;
	if ((c = tb_ctx_cache_get(ctx, key.data))) {
		tb_buf_free(&key);
		*out = c->schema;
		return TB_OK;
	}
	if (!(path = tb_ctx_data_path(ctx, rel)) || !(c = calloc(1, sizeof *c))) {
		st = TB_ENOMEM;
		goto done;
	}
	if ((st = tb_xml_read_file(ctx, path, TB_XML_NOBLANKS, &c->doc)) != TB_OK) {
		tb_error(ctx, "schema.load", path, 0, 0,
		         N_("reinstall tianbiao's data files, or set TIANBIAO_DATADIR to the folder "
		            "holding templates/"),
		         N_("cannot read the schema"));
		st = st == TB_ENOMEM ? st : TB_EIO;
		goto done;
	}
	if (!(pc = xmlSchemaNewDocParserCtxt(c->doc))) {
		st = TB_ENOMEM;
		goto done;
	}
	{
		load_state ls = {ctx, path, 0};
		xmlSchemaSetParserStructuredErrors(pc, on_load_error, &ls);
		c->schema = xmlSchemaParse(pc);
		xmlSchemaFreeParserCtxt(pc);
		if (!c->schema) {
			if (!ls.errors)
				tb_error(ctx, "schema.load", path, 0, 0,
				         N_("reinstall tianbiao's data files"),
				         N_("the schema cannot be compiled"));
			st = TB_EIO;
			goto done;
		}
	}
	if ((st = tb_ctx_cache_set(ctx, key.data, c, cache_free)) != TB_OK)
		goto done;
	*out = c->schema;
	c = NULL;
done:
	cache_free(c);
	free(path);
	tb_buf_free(&key);
	return st;
}

static void on_valid_error(void *user, tb_xml_error e)
{
	valid_state *vs = user;
	if (e && e->level >= XML_ERR_ERROR)
		vs->fn(vs->user, e);
}

tb_status tb_xsd_validate(xmlSchemaPtr schema, xmlDocPtr doc, tb_xsd_error_fn fn, void *user)
{
	valid_state vs = {fn, user};
	xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
	int r;

	if (!vc)
		return TB_ENOMEM;
	xmlSchemaSetValidStructuredErrors(vc, on_valid_error, &vs);
	r = xmlSchemaValidateDoc(vc, doc);
	xmlSchemaFreeValidCtxt(vc);
	return r < 0 ? TB_ENOMEM : r > 0 ? TB_ERROR : TB_OK;
}
