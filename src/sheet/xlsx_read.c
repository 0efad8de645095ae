/* xlsx_read.c: the first sheet of an XLSX workbook as text cells. The workbook is a ZIP of
 * XML parts read through the bounded ZIP reader and the hardened XML parser; shared strings,
 * inline strings and date styles are resolved, formulas give their cached values. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/ctx.h"
#include "core/i18n.h"
#include "core/xml.h"
#include "core/zipread.h"
#include "sheet/table.h"

typedef struct xlsx_ctx {
	tb_ctx *ctx;
	const char *path;
	tb_zipr *z;
	char **shared;
	size_t nshared;
	unsigned char *date_xf; /* per cell style: 1 when its number format is a date */
	size_t nxf;
	int date1904;
} xlsx_ctx;

static int is_el(xmlNodePtr n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

/* An attribute by local name, whatever its namespace (r:id, id). */
static char *attr_local(xmlNodePtr n, const char *name)
{
	xmlAttrPtr a;
	for (a = n->properties; a; a = a->next)
		if (!strcmp((const char *)a->name, name)) {
			xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
			char *s = v ? strdup((const char *)v) : NULL;
			xmlFree(v);
			return s;
		}
	return NULL;
}

static tb_status read_part(xlsx_ctx *x, const char *name, int optional, xmlDocPtr *doc)
{
	char *data = NULL;
	size_t len = 0;
	tb_status st;
	*doc = NULL;
	if (tb_zipr_find(x->z, name) < 0) {
		if (optional)
			return TB_OK;
		tb_error(x->ctx, "sheet.format", x->path, 0, 0,
		         N_("save the workbook again from Excel or WPS as .xlsx"),
		         N_("not an XLSX workbook: part %s is missing"), name);
		return TB_ERROR;
	}
	if ((st = tb_zipr_read_name(x->z, name, &data, &len)) != TB_OK)
		return st;
	st = tb_xml_read(x->ctx, name, data, len, 0, doc);
	free(data);
	return st;
}

/* Text of <t> descendants, leaving out phonetic runs (<rPh>). */
static tb_status run_text(xmlNodePtr n, tb_buf *b)
{
	xmlNodePtr c;
	tb_status st = TB_OK;
	for (c = n->children; c && st == TB_OK; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || is_el(c, "rPh"))
			continue;
		if (is_el(c, "t")) {
			xmlChar *v = xmlNodeGetContent(c);
			if (v)
				st = tb_buf_puts(b, (const char *)v);
			xmlFree(v);
		} else {
			st = run_text(c, b);
		}
	}
	return st;
}

static tb_status load_shared(xlsx_ctx *x, const char *name)
{
	xmlDocPtr doc;
	xmlNodePtr si;
	tb_status st;
	size_t n = 0;
	if ((st = read_part(x, name, 1, &doc)) != TB_OK || !doc)
		return st;
	for (si = xmlDocGetRootElement(doc)->children; si; si = si->next)
		if (is_el(si, "si"))
			n++;
	if (n > TB_SHEET_MAX_ROWS * 64) {
		tb_xml_free(doc);
		tb_error(x->ctx, "sheet.limit", x->path, 0, 0, N_("split the workbook"),
		         N_("too many shared strings (%zu)"), n);
		return TB_ELIMIT;
	}
	if (n && !(x->shared = calloc(n, sizeof *x->shared))) {
		tb_xml_free(doc);
		return TB_ENOMEM;
	}
	for (si = xmlDocGetRootElement(doc)->children; si && st == TB_OK; si = si->next) {
		tb_buf b = TB_BUF_INIT;
		if (!is_el(si, "si"))
			continue;
		tb_buf_init(&b, TB_SHEET_MAX_CELL + 1);
		if ((st = run_text(si, &b)) == TB_OK)
			x->shared[x->nshared++] = b.data ? tb_buf_detach(&b, NULL) : strdup("");
		tb_buf_free(&b);
	}
	tb_xml_free(doc);
	return st == TB_ELIMIT ? tb_table_set(x->ctx, NULL, 0, 0, "", TB_SHEET_MAX_CELL + 1) : st;
}

/* Built-in date formats (ECMA-376 18.8.30) and custom ones with d, m or y outside quotes,
 * brackets and escapes. */
static int date_format(unsigned id, const char *code)
{
	int quoted = 0, bracket = 0;
	const char *p;
	if ((id >= 14 && id <= 22) || (id >= 45 && id <= 47) || (id >= 27 && id <= 36) ||
	    (id >= 50 && id <= 58))
		return 1;
	if (!code)
		return 0;
	for (p = code; *p; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (*p == '\\' && p[1])
			p++;
		else if (*p == '[')
			bracket = 1;
		else if (*p == ']')
			bracket = 0;
		else if (!bracket && strchr("dDyY", *p))
			return 1;
	}
	return 0;
}

static tb_status load_styles(xlsx_ctx *x)
{
	xmlDocPtr doc;
	xmlNodePtr root, sec, n;
	struct { unsigned id; char *code; } fmts[256];
	size_t nf = 0, i;
	tb_status st;
	if ((st = read_part(x, "xl/styles.xml", 1, &doc)) != TB_OK || !doc)
		return st;
	root = xmlDocGetRootElement(doc);
	for (sec = root->children; sec; sec = sec->next) {
		if (is_el(sec, "numFmts")) {
			for (n = sec->children; n && nf < 256; n = n->next) {
				char *id;
				if (!is_el(n, "numFmt"))
					continue;
				id = attr_local(n, "numFmtId");
				fmts[nf].id = id ? (unsigned)strtoul(id, NULL, 10) : 0;
				fmts[nf].code = attr_local(n, "formatCode");
				free(id);
				nf++;
			}
		} else if (is_el(sec, "cellXfs")) {
			size_t cnt = 0;
			for (n = sec->children; n; n = n->next)
				cnt += is_el(n, "xf");
			free(x->date_xf);
			x->nxf = 0;
			if (cnt > 65536 || !(x->date_xf = calloc(cnt + 1, 1)))
				break;
			for (n = sec->children; n; n = n->next) {
				char *id;
				unsigned v;
				const char *code = NULL;
				if (!is_el(n, "xf"))
					continue;
				id = attr_local(n, "numFmtId");
				v = id ? (unsigned)strtoul(id, NULL, 10) : 0;
				free(id);
				for (i = 0; i < nf; i++)
					if (fmts[i].id == v)
						code = fmts[i].code;
				x->date_xf[x->nxf++] = (unsigned char)date_format(v, code);
			}
		}
	}
	for (i = 0; i < nf; i++)
		free(fmts[i].code);
	tb_xml_free(doc);
	return TB_OK;
}

/* Serial day number (1900 system, with Excel's phantom 1900-02-29) to ISO date. */
static void serial_date(double serial, int date1904, char *out, size_t cap)
{
	long days = (long)serial, a, b, c, d, e, m, y, day;
	if (date1904)
		days += 1462;
	if (days > 59)
		days--; /* Excel counts 1900-02-29, which did not exist */
	/* Days since 1899-12-31 to a civil date (Fliegel & Van Flandern). */
	a = days + 2415019 + 32044;
	b = (4 * a + 3) / 146097;
	c = a - 146097 * b / 4;
	d = (4 * c + 3) / 1461;
	e = c - 1461 * d / 4;
	m = (5 * e + 2) / 153;
	day = e - (153 * m + 2) / 5 + 1;
	y = 100 * b + d - 4800 + m / 10;
	m = m + 3 - 12 * (m / 10);
	snprintf(out, cap, "%04ld-%02ld-%02ld", y, m, day);
}

/* "AB12" -> column 27 (0-based), row 11; returns 0 when the reference is malformed. */
static int cell_ref(const char *r, size_t *row, size_t *col)
{
	size_t c = 0, w = 0;
	if (!r || !*r)
		return 0;
	while (*r >= 'A' && *r <= 'Z') {
		c = c * 26 + (size_t)(*r++ - 'A' + 1);
		if (c > TB_SHEET_MAX_COLS * 64)
			return 0;
	}
	while (*r >= '0' && *r <= '9') {
		w = w * 10 + (size_t)(*r++ - '0');
		if (w > 10000000)
			return 0;
	}
	if (c == 0 || w == 0 || *r)
		return 0;
	*col = c - 1;
	*row = w - 1;
	return 1;
}

static tb_status read_cell(xlsx_ctx *x, tb_table *t, xmlNodePtr c, size_t row, size_t col)
{
	char *type = attr_local(c, "t"), *style = attr_local(c, "s");
	xmlNodePtr v = NULL, n;
	tb_buf b = TB_BUF_INIT;
	tb_status st = TB_OK;
	char date[64]; /* room for any long the compiler can see, although serials are bounded */

	tb_buf_init(&b, TB_SHEET_MAX_CELL + 1);
	for (n = c->children; n; n = n->next)
		if (is_el(n, "v"))
			v = n;
	if (type && !strcmp(type, "inlineStr")) {
		for (n = c->children; n && st == TB_OK; n = n->next)
			if (is_el(n, "is"))
				st = run_text(n, &b);
	} else if (v) {
		xmlChar *raw = xmlNodeGetContent(v);
		const char *s = raw ? (const char *)raw : "";
		if (type && !strcmp(type, "s")) {
			char *end;
			unsigned long i = strtoul(s, &end, 10);
			if (*s && !*end && i < x->nshared)
				st = tb_buf_puts(&b, x->shared[i]);
		} else if ((!type || !strcmp(type, "n")) && style && x->date_xf &&
		           strtoul(style, NULL, 10) < x->nxf && x->date_xf[strtoul(style, NULL, 10)] &&
		           atof(s) >= 1 && atof(s) < 2958466) {
			serial_date(atof(s), x->date1904, date, sizeof date);
			st = tb_buf_puts(&b, date);
		} else if (type && !strcmp(type, "b")) {
			st = tb_buf_puts(&b, !strcmp(s, "1") ? "TRUE" : "FALSE");
		} else {
			st = tb_buf_puts(&b, s);
		}
		xmlFree(raw);
	}
	if (st == TB_OK && b.len)
		st = tb_table_set(x->ctx, t, row, col, b.data, b.len);
	else if (st == TB_ELIMIT)
		st = tb_table_set(x->ctx, t, row, col, "", TB_SHEET_MAX_CELL + 1);
	tb_buf_free(&b);
	free(type);
	free(style);
	return st;
}

static tb_status read_sheet(xlsx_ctx *x, const char *name, tb_table *t)
{
	xmlDocPtr doc;
	xmlNodePtr data = NULL, row, c;
	size_t r = 0;
	tb_status st;
	if ((st = read_part(x, name, 0, &doc)) != TB_OK)
		return st;
	for (c = xmlDocGetRootElement(doc)->children; c; c = c->next)
		if (is_el(c, "sheetData"))
			data = c;
	for (row = data ? data->children : NULL; row && st == TB_OK; row = row->next) {
		char *rr;
		size_t col = 0;
		if (!is_el(row, "row"))
			continue;
		if ((rr = attr_local(row, "r")) != NULL) {
			unsigned long v = strtoul(rr, NULL, 10);
			if (v >= 1)
				r = v - 1;
			free(rr);
		}
		for (c = row->children; c && st == TB_OK; c = c->next) {
			char *ref;
			size_t cr = r, cc = col;
			if (!is_el(c, "c"))
				continue;
			ref = attr_local(c, "r");
			if (ref && !cell_ref(ref, &cr, &cc)) {
				free(ref);
				continue;
			}
			free(ref);
			st = read_cell(x, t, c, r, cc);
			col = cc + 1;
		}
		r++;
	}
	tb_xml_free(doc);
	return st;
}

/* The first sheet's part name, through the workbook and its relationships. */
static tb_status first_sheet(xlsx_ctx *x, char *out, size_t cap, char *shared, size_t scap)
{
	xmlDocPtr wb = NULL, rels = NULL;
	xmlNodePtr n, s = NULL;
	char *rid = NULL;
	tb_status st;
	int found = 0;

	snprintf(shared, scap, "xl/sharedStrings.xml");
	if ((st = read_part(x, "xl/workbook.xml", 0, &wb)) != TB_OK)
		return st;
	for (n = xmlDocGetRootElement(wb)->children; n; n = n->next) {
		if (is_el(n, "workbookPr")) {
			char *d = attr_local(n, "date1904");
			x->date1904 = d && (!strcmp(d, "1") || !strcmp(d, "true"));
			free(d);
		}
		if (is_el(n, "sheets"))
			for (s = n->children; s && !is_el(s, "sheet"); s = s->next)
				;
		if (s)
			break;
	}
	if (!s || !(rid = attr_local(s, "id"))) {
		tb_error(x->ctx, "sheet.format", x->path, 0, 0,
		         N_("save the workbook again from Excel or WPS as .xlsx"),
		         N_("the workbook has no sheet"));
		st = TB_ERROR;
		goto done;
	}
	if ((st = read_part(x, "xl/_rels/workbook.xml.rels", 0, &rels)) != TB_OK)
		goto done;
	for (n = xmlDocGetRootElement(rels)->children; n; n = n->next) {
		char *id, *target, *type;
		if (!is_el(n, "Relationship"))
			continue;
		id = attr_local(n, "Id");
		target = attr_local(n, "Target");
		type = attr_local(n, "Type");
		if (target && (target[0] == '/' ? strlen(target) - 1 : strlen(target) + 3) < cap) {
			char full[512];
			snprintf(full, sizeof full, "%s%s", target[0] == '/' ? "" : "xl/",
			         target[0] == '/' ? target + 1 : target);
			if (id && !strcmp(id, rid)) {
				snprintf(out, cap, "%s", full);
				found = 1;
			} else if (type && strstr(type, "/sharedStrings")) {
				snprintf(shared, scap, "%s", full);
			}
		}
		free(id);
		free(target);
		free(type);
	}
	if (!found) {
		tb_error(x->ctx, "sheet.format", x->path, 0, 0,
		         N_("save the workbook again from Excel or WPS as .xlsx"),
		         N_("the workbook's first sheet cannot be found"));
		st = TB_ERROR;
	}
done:
	free(rid);
	tb_xml_free(wb);
	tb_xml_free(rels);
	return st;
}

tb_status tb_table_read_xlsx(tb_ctx *ctx, const char *path, tb_table **out)
{
	tb_zip_limits lim = TB_ZIP_LIMITS_INIT;
	xlsx_ctx x;
	tb_table *t = NULL;
	char sheet[512], shared[512];
	tb_status st;
	size_t i;

	*out = NULL;
	memset(&x, 0, sizeof x);
	x.ctx = ctx;
	x.path = path;
	lim.max_entries = 10000;
	lim.max_entry_bytes = 32u << 20;
	lim.max_total_bytes = 128u << 20;
	if ((st = tb_zipr_open_file(ctx, path, &lim, &x.z)) != TB_OK)
		return st;
	if ((st = first_sheet(&x, sheet, sizeof sheet, shared, sizeof shared)) != TB_OK ||
	    (st = load_shared(&x, shared)) != TB_OK || (st = load_styles(&x)) != TB_OK ||
	    (st = tb_table_new(&t)) != TB_OK || (st = read_sheet(&x, sheet, t)) != TB_OK) {
		tb_table_free(t);
		t = NULL;
	}
	for (i = 0; i < x.nshared; i++)
		free(x.shared[i]);
	free(x.shared);
	free(x.date_xf);
	tb_zipr_close(x.z);
	*out = t;
	return st;
}
