/* docx_prune.c: which styles of styles.xml a document can use, so that the rest are never
 * parsed: cut from the bytes where the part has the plain shape producers write, else left
 * out by a filter while parsing. Word's styles.xml carries every built-in table style (the
 * qhd-2021 form: 164 styles, 350 KiB, four of them used); parsing it whole was a fifth of a
 * fresh `fill`. A style is kept when its id is the value of some w:val attribute anywhere in
 * the package (pStyle, rStyle, tblStyle, numStyleLink, basedOn, next, link, ... and many
 * values that are no style: a superset is safe) or it is a default style. Anything unusual
 * keeps everything: another prefix than w: for WordprocessingML, Strict OOXML, a value with
 * an entity, STYLEREF fields (they name styles by name).
 *
 * The pruned tree is kept for the next documents of the same part (a batch fills one
 * template again and again): the whole tree of the qhd-2021 styles.xml was 4.8 MB of nodes,
 * kept for the whole run. A later document may use a style the first did not: the reader
 * then reads that style alone from the part's bytes (docx_more_style), by an index of the
 * part's styles made once (style_index). The tree is kept so only when the index is sure to
 * list the styles as the whole tree would have them: the plain shape, one binding of the
 * WordprocessingML namespace (w:, on the root), each style's id and default plain and the
 * ids distinct. */
#define _GNU_SOURCE /* memmem */
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/strset.h"
#include "core/vec.h"
#include "core/xml.h"
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

/* `what` in [s, s + len), found by memchr on its byte `at`, one that is rare in
 * WordprocessingML ('!', '.', 'Y', 'v', 'y'): glibc's memmem for these needles is its
 * generic one, and this ran over styles.xml's 350 KiB many times (2.5 M instructions a
 * fresh fill in memmem alone). */
static const char *find_at(const char *s, size_t len, const char *what, size_t at)
{
	size_t wl = strlen(what);
	const char *end = s + len, *q = s + at;
	while (len >= wl && q < end - (wl - 1 - at)) {
		const char *c = memchr(q, (unsigned char)what[at], (size_t)(end - (wl - 1 - at) - q));
		if (!c)
			return NULL;
		if (!memcmp(c - at, what, wl))
			return c - at;
		q = c + 1;
	}
	return NULL;
}

static const char *find(const char *s, size_t len, const char *what)
{
	return memmem(s, len, what, strlen(what));
}

/* Every w:val value of one part; false when the part is one the pruning cannot read safely. */
static bool scan(prune *p, const char *s, size_t len)
{
	const char *end = s + len, *q = s;
	if (find_at(s, len, "purl.oclc.org/ooxml/wordprocessingml", 4) || find_at(s, len, "STYLEREF", 2))
		return false;
	/* WordprocessingML under another prefix would hide its references */
	if (find(s, len, "wordprocessingml/2006/main\"") && !find(s, len, "xmlns:w=\"" WML "\""))
		return false;
	while ((q = find_at(q, (size_t)(end - q), "w:val=", 2)) != NULL) {
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
	if (find_at(data, len, "<!--", 1) || find_at(data, len, "<![CDATA[", 1))
		return NULL;
	while ((q = find_at(q, (size_t)(end - q), "<w:style", 5)) != NULL) {
		const char *tag_end, *close, *stop;
		if (q + 8 >= end || (q[8] != ' ' && q[8] != '\t' && q[8] != '\n' && q[8] != '\r')) {
			q += 8; /* <w:styles, <w:styleId ... */
			continue;
		}
		if (!(tag_end = memchr(q, '>', (size_t)(end - q))))
			break;
		if (tag_end[-1] == '/')
			stop = tag_end + 1; /* <w:style .../> */
		else if ((close = find_at(tag_end, (size_t)(end - tag_end), "</w:style>", 6)) != NULL)
			stop = close + 10;
		else
			break;
		if (surely_unused(p, q, tag_end)) {
			const char *c = q;
			tb_buf_put(&b, from, (size_t)(q - from));
			while ((c = memchr(c, '\n', (size_t)(stop - c))) != NULL) {
				tb_buf_putc(&b, '\n');
				c++;
			}
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

/* ---- the styles a kept partial tree left out ---- */

#define INDEX_MAX_STYLES 4000 /* docx_props.c reads no more */

typedef struct style_span {
	const char *id; /* in the part's bytes */
	size_t idlen, off, len;
} style_span;

/* The part's styles in order, where their elements are in its bytes. */
typedef struct style_index {
	size_t root_end; /* just past the root's start tag */
	style_span *v;
	size_t n;
} style_index;

static void index_free(void *p)
{
	style_index *ix = p;
	if (ix) {
		free(ix->v);
		free(ix);
	}
}

static size_t count(const char *s, size_t len, const char *what)
{
	size_t n = 0, wl = strlen(what);
	const char *q = s, *end = s + len;
	while ((q = memmem(q, (size_t)(end - q), what, wl)) != NULL) {
		n++;
		q += wl;
	}
	return n;
}

static bool space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Whether a w:default value is one every reader takes the same way. */
static bool plain_default(const char *v, size_t len)
{
	static const char *const ok[] = {"0", "1", "false", "true", "off", "on"};
	size_t i;
	for (i = 0; i < sizeof ok / sizeof ok[0]; i++)
		if (strlen(ok[i]) == len && !memcmp(v, ok[i], len))
			return true;
	return false;
}

/* The index of the part's styles, or NULL when the part is not of the shape where the
 * index lists what the whole tree would (see the top of this file). */
static style_index *index_build(const char *data, size_t len)
{
	const char *end = data + len, *q = data, *decl, *root, *rend;
	style_index *ix;
	size_t cap = 0, i;
	if (find_at(data, len, "<!--", 1) || find_at(data, len, "<![CDATA[", 1) ||
	    count(data, len, WML) != 1 || count(data, len, "xmlns:w=") != 1 ||
	    !find(data, len, "xmlns:w=\"" WML "\""))
		return NULL;
	/* the root is w:styles, after at most the XML declaration */
	while (q < end && space(*q))
		q++;
	if (end - q > 5 && !memcmp(q, "<?xml", 5) && (decl = memmem(q, (size_t)(end - q), "?>", 2)))
		for (q = decl + 2; q < end && space(*q); q++)
			;
	root = q;
	if (end - root < 11 || memcmp(root, "<w:styles", 9) || !space(root[9]) ||
	    !(rend = memchr(root, '>', (size_t)(end - root))) || rend[-1] == '/')
		return NULL;
	if (!(ix = calloc(1, sizeof *ix)))
		return NULL;
	ix->root_end = (size_t)(rend + 1 - data);
	q = rend + 1;
	while ((q = find_at(q, (size_t)(end - q), "<w:style", 5)) != NULL) {
		const char *tag_end, *close, *stop, *id, *dv;
		size_t idlen, dlen;
		int d;
		if (q + 8 < end && q[8] == 's') { /* <w:styles: a second root */
			index_free(ix);
			return NULL;
		}
		if (!(tag_end = memchr(q, '>', (size_t)(end - q))) ||
		    tag_attr(q, tag_end, "w:styleId=", &id, &idlen) != 1 || idlen >= 256 ||
		    (d = tag_attr(q, tag_end, "w:default=", &dv, &dlen)) < 0 ||
		    (d > 0 && !plain_default(dv, dlen)) || ix->n == INDEX_MAX_STYLES) {
			index_free(ix);
			return NULL;
		}
		if (tag_end[-1] == '/')
			stop = tag_end + 1;
		else if ((close = find_at(tag_end, (size_t)(end - tag_end), "</w:style>", 6)) &&
		         !find_at(tag_end, (size_t)(close - tag_end), "<w:style", 5))
			stop = close + 10;
		else {
			index_free(ix);
			return NULL;
		}
		for (i = 0; i < ix->n; i++)
			if (ix->v[i].idlen == idlen && !memcmp(ix->v[i].id, id, idlen))
				break;
		if (i < ix->n || TB_GROW(ix->v, cap, ix->n + 1) != TB_OK) {
			index_free(ix); /* two styles of one id: the first wins, in the whole tree */
			return NULL;
		}
		ix->v[ix->n].id = id;
		ix->v[ix->n].idlen = idlen;
		ix->v[ix->n].off = (size_t)(q - data);
		ix->v[ix->n].len = (size_t)(stop - q);
		ix->n++;
		q = stop;
	}
	return ix;
}

static bool partial_ok(void *keep_user, const char *data, size_t len)
{
	style_index *ix = index_build(data, len);
	(void)keep_user;
	index_free(ix);
	return ix != NULL;
}

/* A style read on demand, in the reader's list; `absent`: the part has no such style. */
typedef struct more_style {
	struct more_style *next;
	char *id;
	xmlDocPtr doc;
	docx_style s;
	bool absent;
} more_style;

struct docx_more_styles {
	tb_part_ref *e;
	char *part;
	style_index *ix;
	more_style *list;
};

void docx_more_free(docx_reader *r)
{
	more_style *m, *next;
	if (!r->more)
		return;
	for (m = r->more->list; m; m = next) {
		next = m->next;
		free(m->id);
		tb_xml_free(m->doc);
		free(m);
	}
	free(r->more->part);
	free(r->more);
	r->more = NULL;
}

static style_index *more_index(docx_reader *r)
{
	style_index *ix;
	if (r->more->ix)
		return r->more->ix;
	if (!(ix = tb_part_ref_aux(r->more->e))) {
		ix = index_build(tb_part_ref_bytes(r->more->e), tb_part_ref_len(r->more->e));
		if (ix)
			ix = tb_part_ref_set_aux(r->more->e, ix, index_free);
		else
			tb_xml_edit_nomem(); /* these bytes were indexed when kept: only memory fails */
	}
	return r->more->ix = ix;
}

/* The w:style element of span `sp` alone, under the part's own root start tag (its
 * namespaces), parsed; its node in *n. */
static xmlDocPtr read_span(docx_reader *r, const style_index *ix, const style_span *sp,
                           xmlNodePtr *n)
{
	const char *bytes = tb_part_ref_bytes(r->more->e);
	tb_buf b = TB_BUF_INIT;
	xmlDocPtr doc = NULL;
	xmlNodePtr c;
	char *id;
	tb_status st;
	tb_buf_put(&b, bytes, ix->root_end);
	tb_buf_put(&b, bytes + sp->off, sp->len);
	tb_buf_puts(&b, "</w:styles>");
	*n = NULL;
	if ((st = tb_buf_status(&b)) != TB_OK ||
	    (st = tb_xml_read(r->ctx, r->more->part, b.data, b.len, TB_XML_QUIET, &doc)) != TB_OK) {
		/* a style missing for want of memory would be a silently different document */
		if (st == TB_ENOMEM)
			tb_xml_edit_nomem();
		tb_buf_free(&b);
		return NULL;
	}
	tb_buf_free(&b);
	for (c = xmlDocGetRootElement(doc)->children; c && c->type != XML_ELEMENT_NODE; c = c->next)
		;
	id = c && docx_is(c, "style") ? docx_attr(c, "styleId") : NULL;
	if (id && strlen(id) == sp->idlen && !memcmp(id, sp->id, sp->idlen))
		*n = c;
	xmlFree(id);
	return doc;
}

static size_t read_late; /* styles read by docx_more_style (tb_doc_styles_read_late) */

size_t tb_doc_styles_read_late(void)
{
	return __atomic_load_n(&read_late, __ATOMIC_RELAXED);
}

const docx_style *docx_more_style(docx_reader *r, const char *id)
{
	style_index *ix;
	const style_span *sp = NULL;
	more_style *m;
	xmlNodePtr n = NULL;
	size_t i, idlen = strlen(id);
	for (m = r->more->list; m; m = m->next)
		if (!strcmp(m->absent ? m->id : m->s.id, id))
			return m->absent ? NULL : &m->s;
	if (!(m = calloc(1, sizeof *m))) {
		tb_xml_edit_nomem();
		return NULL;
	}
	if ((ix = more_index(r)) != NULL)
		for (i = 0; i < ix->n && !sp; i++)
			if (ix->v[i].idlen == idlen && !memcmp(ix->v[i].id, id, idlen))
				sp = &ix->v[i];
	if (sp)
		m->doc = read_span(r, ix, sp, &n);
	if (n) {
		docx_style_read_late(r, n, &m->s);
		__atomic_add_fetch(&read_late, 1, __ATOMIC_RELAXED);
	} else if (!(m->id = strdup(id))) {
		tb_xml_edit_nomem();
		tb_xml_free(m->doc);
		free(m);
		return NULL;
	} else {
		m->absent = true;
	}
	m->next = r->more->list;
	r->more->list = m;
	return m->absent ? NULL : &m->s;
}

size_t docx_style_count(docx_reader *r)
{
	style_index *ix = r->more ? more_index(r) : NULL;
	return ix ? ix->n : r->nstyles;
}

const docx_style *docx_style_at(docx_reader *r, size_t i)
{
	style_index *ix = r->more ? more_index(r) : NULL;
	char id[256];
	if (!ix)
		return i < r->nstyles ? &r->styles[i] : NULL;
	if (i >= ix->n || ix->v[i].idlen >= sizeof id)
		return NULL;
	memcpy(id, ix->v[i].id, ix->v[i].idlen);
	id[ix->v[i].idlen] = 0;
	return docx_find_style(r, id);
}

tb_status docx_load_styles_part(docx_reader *r, const char *part, xmlDocPtr *out)
{
	tb_doc_pruner pr = {prepare, prune_free, partial_ok, r};
	tb_part_ref *e = NULL;
	tb_status st = tb_doc_load_part_pruned(r->ctx, r->zip, r->opts, r->name, part, false, &pr,
	                                       out, &e);
	if (st == TB_OK && e) {
		if (!(r->more = calloc(1, sizeof *r->more)) || !(r->more->part = strdup(part))) {
			free(r->more);
			r->more = NULL;
			return TB_ENOMEM; /* the caller gives the tree back */
		}
		r->more->e = e;
	}
	return st;
}
