/* manifest.c: manifest.xml (what is in a package and why), checksums.sha256 (for people with
 * sha256sum), and XSD checks of the XML we read back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ctx.h"
#include "core/file.h"
#include "core/i18n.h"
#include "core/xml.h"
#include "core/xsd.h"
#include "pack/pack.h"
#include "pack/zipw.h"

void pack_iso_time(time_t t, char out[32])
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void pack_iso_date(time_t t, char out[16])
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 16, "%Y-%m-%d", &tm);
}

tb_status pack_file_digest(pack_file *f)
{
	if (tb_digest_mem(TB_SHA256, f->data, f->len, f->sha256) ||
	    tb_digest_mem(TB_SM3, f->data, f->len, f->sm3))
		return TB_ENOMEM;
	return TB_OK;
}

static int file_cmp(const void *a, const void *b)
{
	return strcmp(((const pack_file *)a)->path, ((const pack_file *)b)->path);
}

static tb_status attr(tb_buf *b, const char *name, const char *val)
{
	if (!val)
		return TB_OK;
	if (tb_buf_printf(b, " %s=\"", name) || tb_buf_put_xml(b, val, strlen(val)) ||
	    tb_buf_putc(b, '"'))
		return TB_ENOMEM;
	return TB_OK;
}

static tb_status elem(tb_buf *b, const char *indent, const char *name, const char *val)
{
	if (tb_buf_printf(b, "%s<%s>", indent, name) || tb_buf_put_xml(b, val, strlen(val)) ||
	    tb_buf_printf(b, "</%s>\n", name))
		return TB_ENOMEM;
	return TB_OK;
}

tb_status pack_manifest_xml(const pack_meta *m, pack_file *files, size_t n, tb_buf *b)
{
	char when[32], year[16], size[32];
	size_t i;

	qsort(files, n, sizeof *files, file_cmp);
	pack_iso_time(m->created, when);
	snprintf(year, sizeof year, "%d", m->year);
	if (tb_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<manifest version=\"1\"") ||
	    attr(b, "package", m->package) || attr(b, "created", when) || tb_buf_puts(b, ">\n") ||
	    tb_buf_puts(b, "  <program") || attr(b, "id", m->program_id) || attr(b, "year", year) ||
	    tb_buf_puts(b, ">") ||
	    tb_buf_put_xml(b, m->program_title ? m->program_title : "",
	                   m->program_title ? strlen(m->program_title) : 0) ||
	    tb_buf_puts(b, "</program>\n") || elem(b, "  ", "applicant", m->applicant) ||
	    tb_buf_puts(b, "  <recommender") || attr(b, "kind", m->kind) || tb_buf_puts(b, ">") ||
	    tb_buf_put_xml(b, m->recommender, strlen(m->recommender)) ||
	    tb_buf_puts(b, "</recommender>\n") || tb_buf_puts(b, "  <engine name=\"tianbiao\"") ||
	    attr(b, "version", tb_version()) || tb_buf_puts(b, "/>\n  <files>\n"))
		return TB_ENOMEM;
	for (i = 0; i < n; i++) {
		pack_file *f = &files[i];
		snprintf(size, sizeof size, "%zu", f->len);
		if (tb_buf_puts(b, "    <file") || attr(b, "path", f->path) || attr(b, "role", f->role) ||
		    attr(b, "media-type", pack_media_type(f->path)) || attr(b, "size", size) ||
		    attr(b, "sha256", f->sha256) || attr(b, "sm3", f->sm3) || attr(b, "id", f->id) ||
		    attr(b, "source", f->source) ||
		    attr(b, "supports", f->supports && *f->supports ? f->supports : NULL))
			return TB_ENOMEM;
		if (f->title && *f->title) {
			if (tb_buf_puts(b, ">") || tb_buf_put_xml(b, f->title, strlen(f->title)) ||
			    tb_buf_puts(b, "</file>\n"))
				return TB_ENOMEM;
		} else if (tb_buf_puts(b, "/>\n"))
			return TB_ENOMEM;
	}
	if (tb_buf_puts(b, "  </files>\n</manifest>\n"))
		return TB_ENOMEM;
	return TB_OK;
}

tb_status pack_checksums(pack_file *files, size_t n, tb_buf *b)
{
	size_t i;
	qsort(files, n, sizeof *files, file_cmp);
	for (i = 0; i < n; i++)
		if (tb_buf_printf(b, "%s  %s\n", files[i].sha256, files[i].path))
			return TB_ENOMEM;
	return TB_OK;
}

typedef struct schema_errs {
	tb_ctx *ctx;
	const char *name;
	int count;
} schema_errs;

static void on_schema_error(void *user, tb_xml_error err)
{
	schema_errs *se = user;
	char msg[512];
	size_t len;
	if (se->count++ >= 20)
		return;
	snprintf(msg, sizeof msg, "%s", err->message ? err->message : "invalid");
	len = strlen(msg);
	while (len && (msg[len - 1] == '\n' || msg[len - 1] == ' '))
		msg[--len] = '\0';
	tb_error(se->ctx, "verify.schema", se->name, (unsigned)(err->line > 0 ? err->line : 0), 0,
	         N_("the file was not written by tianbiao or was edited by hand"),
	         N_("does not follow its schema: %s"), msg);
}

tb_status pack_xsd_check(tb_ctx *ctx, xmlDocPtr doc, const char *xsd, const char *name)
{
	char *rel = tb_path_join("templates", xsd);
	xmlSchemaPtr schema = NULL;
	schema_errs se = {ctx, name, 0};
	tb_status st;

	if (!rel)
		return TB_ENOMEM;
	st = tb_xsd_load(ctx, rel, &schema);
	free(rel);
	if (st != TB_OK)
		return st;
	st = tb_xsd_validate(schema, doc, on_schema_error, &se);
	if (st == TB_ERROR && se.count == 0)
		tb_error(ctx, "verify.schema", name, 0, 0, NULL, N_("does not follow its schema"));
	return st;
}
