/* docx_prune.c: which styles of styles.xml a document can use, so that the rest are never
 * parsed: cut from the bytes where the part has the plain shape producers write, else left
 * out by a filter while parsing. Word's styles.xml carries every built-in table style (the
 * qhd-2021 form: 164 styles, 350 KiB, four of them used); parsing it whole was a fifth of a
 * fresh `fill`. A style is kept when its id is the value of some w:val attribute anywhere in
 * the package (pStyle, rStyle, tblStyle, numStyleLink, basedOn, next, link, ... and many
 * values that are no style: a superset is safe) or it is a default style. Anything unusual
 * keeps everything: another prefix than w: for WordprocessingML, Strict OOXML, a value with
 * an entity, STYLEREF fields (they name styles by name). */
#define _GNU_SOURCE /* memmem */
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/strset.h"
#include "core/zipread.h"
#include "doc/docx.h"

#define WML "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

typedef tb_strset prune; /* the w:val values seen */

static void prune_free(void *user)
{
	prune *p = user;
	if (p) {
		tb_strset_free(p);
		free(p);
	}
}

static const char *find(const char *s, size_t len, const char *what)
{
	return memmem(s, len, what, strlen(what));
}

/* Every w:val value of one part; false when the part is one the pruning cannot read safely. */
static bool scan(prune *p, const char *s, size_t len)
{
	const char *end = s + len, *q = s;
	if (find(s, len, "purl.oclc.org/ooxml/wordprocessingml") || find(s, len, "STYLEREF"))
		return false;
	/* WordprocessingML under another prefix would hide its references */
	if (find(s, len, "wordprocessingml/2006/main\"") && !find(s, len, "xmlns:w=\"" WML "\""))
		return false;
	while ((q = find(q, (size_t)(end - q), "w:val=")) != NULL) {
		const char *v, *e;
		char quote;
		q += 6;
		if (q >= end || (*q != '"' && *q != '\''))
			continue;
		quote = *q;
		v = q + 1;
		if (!(e = memchr(v, quote, (size_t)(end - v))))
			return false;
		if (memchr(v, '&', (size_t)(e - v)) || !tb_strset_add(p, v, (size_t)(e - v)))
			return false; /* an entity: the parsed value differs from these bytes */
		q = e + 1;
	}
	return true;
}

static bool attr_is(const unsigned char **a, int n, const char *name, const char **v, size_t *len)
{
	int i;
	for (i = 0; i < n; i++, a += 5)
		if (!strcmp((const char *)a[0], name) && a[2] && !strcmp((const char *)a[2], WML)) {
			*v = (const char *)a[3];
			*len = (size_t)(a[4] - a[3]);
			return true;
		}
	return false;
}

static int keep(void *user, const unsigned char *localname, const unsigned char *uri,
                int nb_attributes, const unsigned char **attributes)
{
	const prune *p = user;
	const char *v;
	size_t len;
	if (!uri || strcmp((const char *)uri, WML) != 0)
		return 1;
	if (!strcmp((const char *)localname, "latentStyles"))
		return 0; /* Word's UI state: nothing the reader reads */
	if (strcmp((const char *)localname, "style") != 0)
		return 1;
	if (attr_is(attributes, nb_attributes, "default", &v, &len) &&
	    ((len == 1 && *v == '1') || (len == 4 && !memcmp(v, "true", 4)) ||
	     (len == 2 && !memcmp(v, "on", 2))))
		return 1;
	return !attr_is(attributes, nb_attributes, "styleId", &v, &len) || tb_strset_has(p, v, len);
}

/* The value of attribute `name` ("w:styleId=") in a start tag [s, e): 1 found (*v, *vlen),
 * 0 absent, -1 present but not read here (spaces around '=', an entity). */
static int tag_attr(const char *s, const char *e, const char *name, const char **v, size_t *vlen)
{
	size_t n = strlen(name);
	const char *a = memmem(s, (size_t)(e - s), name, n), *q;
	if (!a)
		return memmem(s, (size_t)(e - s), name, n - 1) ? -1 : 0; /* "w:styleId =" */
	if (a == s || (a[-1] != ' ' && a[-1] != '\t' && a[-1] != '\n' && a[-1] != '\r'))
		return -1;
	a += n;
	if (a >= e || (*a != '"' && *a != '\''))
		return -1;
	if (!(q = memchr(a + 1, *a, (size_t)(e - a - 1))) || memchr(a + 1, '&', (size_t)(q - a - 1)))
		return -1;
	*v = a + 1;
	*vlen = (size_t)(q - a - 1);
	return 1;
}

/* Whether the start tag [s, e) of a style is surely one `keep` leaves out. */
static bool surely_unused(const prune *p, const char *s, const char *e)
{
	const char *v;
	size_t len;
	int d = tag_attr(s, e, "w:default=", &v, &len);
	if (d < 0 || (d > 0 && !((len == 1 && *v == '0') || (len == 5 && !memcmp(v, "false", 5)) ||
	                         (len == 3 && !memcmp(v, "off", 3)))))
		return false;
	return tag_attr(s, e, "w:styleId=", &v, &len) == 1 && !tb_strset_has(p, v, len);
}

/* The styles part without the styles `keep` would leave out, cut from the bytes so that
 * libxml2 does not even read them (a third of the instructions of the SAX pass): each cut
 * leaves its newlines, so lines stay where they were. Only in the plain shape Word, WPS and
 * LibreOffice write: no comment or CDATA section anywhere (a "</w:style>" inside one would
 * end the cut early). NULL: parse the part as it is. */
static char *cut_styles(const prune *p, const char *data, size_t len, size_t *out_len)
{
	const char *end = data + len, *q = data, *from = data;
	tb_buf b = TB_BUF_INIT;
	if (memmem(data, len, "<!--", 4) || memmem(data, len, "<![CDATA[", 9))
		return NULL;
	while ((q = memmem(q, (size_t)(end - q), "<w:style", 8)) != NULL) {
		const char *tag_end, *close, *stop;
		if (q + 8 >= end || (q[8] != ' ' && q[8] != '\t' && q[8] != '\n' && q[8] != '\r')) {
			q += 8; /* <w:styles, <w:styleId ... */
			continue;
		}
		if (!(tag_end = memchr(q, '>', (size_t)(end - q))))
			break;
		if (tag_end[-1] == '/')
			stop = tag_end + 1; /* <w:style .../> */
		else if ((close = memmem(tag_end, (size_t)(end - tag_end), "</w:style>", 10)) != NULL)
			stop = close + 10;
		else
			break;
		if (surely_unused(p, q, tag_end)) {
			const char *c;
			tb_buf_put(&b, from, (size_t)(q - from));
			for (c = q; c < stop; c++)
				if (*c == '\n')
					tb_buf_putc(&b, '\n');
			from = stop;
		}
		q = stop;
	}
	if (from == data) {
		tb_buf_free(&b);
		return NULL; /* nothing cut */
	}
	tb_buf_put(&b, from, (size_t)(end - from));
	if (tb_buf_status(&b) != TB_OK) {
		tb_buf_free(&b);
		return NULL;
	}
	return tb_buf_detach(&b, out_len);
}

static tb_xml_keep_fn prepare(void *user, const char *part, const char *data, size_t len,
                              char **cut, size_t *cut_len, void **keep_user)
{
	docx_reader *r = user;
	prune *p = calloc(1, sizeof *p);
	size_t i, n = tb_zipr_count(r->zip);
	bool ok = p && find(data, len, "xmlns:w=\"" WML "\"") && scan(p, data, len);
	for (i = 0; ok && i < n; i++) {
		const char *name = tb_zipr_name(r->zip, i);
		size_t nl = name ? strlen(name) : 0;
		char *bytes = NULL;
		size_t blen = 0;
		if (nl < 4 || strcmp(name + nl - 4, ".xml") || !strcmp(name, part) ||
		    strstr(name, "stylesWithEffects"))
			continue;
		if (tb_zipr_read(r->zip, i, &bytes, &blen) != TB_OK) {
			ok = false; /* the reader will say what is wrong with it */
			break;
		}
		ok = scan(p, bytes, blen);
		free(bytes);
	}
	if (!ok) {
		prune_free(p);
		return NULL;
	}
	*cut = cut_styles(p, data, len, cut_len);
	*keep_user = p;
	return keep;
}

tb_status docx_load_styles_part(docx_reader *r, const char *part, xmlDocPtr *out)
{
	tb_doc_pruner pr = {prepare, prune_free, r};
	return tb_doc_load_part_pruned(r->ctx, r->zip, r->opts, r->name, part, false, &pr, out);
}
