/* xml.c: hardened XML parsing on libxml2. */
#define _GNU_SOURCE /* memmem */
#include "core/xml.h"

#include <errno.h>
#include <iconv.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemastypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/ctx.h"
#include "core/file.h"
#include "core/i18n.h"
#include "core/utf8.h"

/* Kept in doc->_private: the UTF-8 source, for columns and messages. */
typedef struct xml_src {
	char *name;
	char *text;
	size_t len;
	size_t *lines; /* byte offset of each line start */
	size_t nlines;
} xml_src;

typedef struct parse_state {
	tb_ctx *ctx;
	const char *name;
	unsigned flags;
	int errors;
	int doctype;
	const char *text; /* the UTF-8 source being parsed, for excerpts */
	size_t len;
	unsigned last_line, last_col; /* libxml2 often reports one mistake several times */
	int nomem; /* libxml2 ran out of memory: not the file's fault */
	/* tb_xml_read_pruned: the filter of the root's children, the depth of the element
	 * being read (1: a child of the root) and of the subtree being left out (0: none),
	 * and libxml2's own tree builders the filter hands on to. */
	tb_xml_keep_fn keep;
	void *keep_user;
	int depth, skip;
	startElementNsSAX2Func start;
	endElementNsSAX2Func end;
	charactersSAXFunc characters, whitespace, cdata;
	commentSAXFunc comment;
	processingInstructionSAXFunc pi;
	referenceSAXFunc reference;
} parse_state;

static void src_free(xml_src *s)
{
	if (!s)
		return;
	free(s->name);
	free(s->text);
	free(s->lines);
	free(s);
}

static xml_src *src_new(const char *name, char *text, size_t len)
{
	xml_src *s = calloc(1, sizeof *s);
	const char *p, *end = text + len;
	size_t n = 1;

	if (!s)
		return NULL;
	s->name = strdup(name ? name : "");
	s->text = text;
	s->len = len;
	/* memchr: Word writes a part on two lines, so the scan is mostly one long jump. */
	for (p = text; p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
		n++;
	s->lines = malloc(n * sizeof *s->lines);
	if (!s->name || !s->lines) {
		s->text = NULL;
		src_free(s);
		return NULL;
	}
	s->lines[0] = 0;
	n = 1;
	for (p = text; p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
		s->lines[n++] = (size_t)(p - text) + 1;
	s->nlines = n;
	return s;
}

/* The declared encoding, lower-cased, from the XML declaration (if any). */
static void declared_encoding(const char *d, size_t len, char *enc, size_t cap)
{
	const char *end, *p;
	size_t n = 0;

	enc[0] = '\0';
	if (len < 5 || memcmp(d, "<?xml", 5) != 0)
		return;
	end = memchr(d, '>', len < 200 ? len : 200);
	if (!end)
		return;
	for (p = d; p + 8 < end; p++) {
		if (memcmp(p, "encoding", 8) == 0) {
			p += 8;
			while (p < end && (*p == ' ' || *p == '=' || *p == '\t'))
				p++;
			if (p < end && (*p == '"' || *p == '\''))
				p++;
			while (p < end && *p != '"' && *p != '\'' && n + 1 < cap)
				enc[n++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p), p++;
			enc[n] = '\0';
			return;
		}
	}
}

/* Convert GB18030-family input to UTF-8, reporting the position of the first bad sequence. */
static tb_status from_gb18030(parse_state *ps, const char *data, size_t len, char **out,
                              size_t *outlen)
{
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	tb_buf b = TB_BUF_INIT;
	char *in = (char *)data;
	size_t inleft = len;

	if (cd == (iconv_t)-1) {
		tb_error(ps->ctx, "xml.encoding", ps->name, 0, 0, NULL,
		         N_("this system cannot convert GB18030 text"));
		return TB_EUNSUPPORTED;
	}
	tb_buf_init(&b, TB_XML_MAX_BYTES * 2);
	while (inleft > 0) {
		char chunk[4096], *o = chunk;
		size_t oleft = sizeof chunk;
		size_t r = iconv(cd, &in, &inleft, &o, &oleft);
		if (tb_buf_put(&b, chunk, sizeof chunk - oleft)) {
			iconv_close(cd);
			tb_buf_free(&b);
			return TB_ENOMEM;
		}
		if (r == (size_t)-1 && errno != E2BIG) {
			unsigned line, col;
			tb_text_linecol(data, len, (size_t)(in - data), &line, &col);
			tb_error(ps->ctx, "xml.encoding", ps->name, line, col,
			         N_("save the file again as UTF-8 or GB18030, or retype the damaged text"),
			         N_("invalid GB18030 byte sequence (byte 0x%02X at offset %zu)"),
			         (unsigned)(unsigned char)*in, (size_t)(in - data));
			iconv_close(cd);
			tb_buf_free(&b);
			return TB_ERROR;
		}
	}
	iconv_close(cd);
	*out = tb_buf_detach(&b, outlen);
	return TB_OK;
}

/* Report every invalid UTF-8 sequence (up to a few) with its position. */
/* The end of the run of ASCII bytes from i, eight at a time: most of a part is markup. */
static size_t ascii_end(const char *d, size_t i, size_t len)
{
	uint64_t w;
	while (i + 8 <= len) {
		memcpy(&w, d + i, 8);
		if (w & 0x8080808080808080u)
			break;
		i += 8;
	}
	while (i < len && (unsigned char)d[i] < 0x80)
		i++;
	return i;
}

static int check_utf8(parse_state *ps, const char *data, size_t len)
{
	size_t i = 0;
	int bad = 0;

	while (i < len && bad < 10) {
		size_t at;
		if ((i = ascii_end(data, i, len)) == len)
			break;
		at = i;
		if (tb_utf8_next(data, len, &i) < 0) {
			unsigned line, col;
			tb_text_linecol(data, len, at, &line, &col);
			if (!(ps->flags & TB_XML_QUIET))
				tb_error(ps->ctx, "xml.encoding", ps->name, line, col,
				         N_("the file is not valid UTF-8; if it is GB18030 or GBK, declare "
				            "it: <?xml version=\"1.0\" encoding=\"GB18030\"?>"),
				         N_("invalid UTF-8 byte sequence (byte 0x%02X at offset %zu)"),
				         (unsigned)(unsigned char)data[at], at);
			bad++;
		}
	}
	return bad;
}

static const char *find(const char *s, size_t len, const char *what)
{
	size_t n = strlen(what);
	const char *p = s, *end = s + len;
	while ((size_t)(end - p) >= n && (p = memchr(p, what[0], (size_t)(end - p) - n + 1))) {
		if (!memcmp(p, what, n))
			return p;
		p++;
	}
	return NULL;
}

/* One linear pass before libxml2 sees the text: refuse an element with more than
 * TB_XML_MAX_ATTRS attributes. Counts '=' outside quotes inside start tags; comments,
 * processing instructions and CDATA are skipped. Malformed text is left to the parser. */
static int too_many_attributes(parse_state *ps, const char *t, size_t len)
{
	size_t i = 0;

	while (i < len) {
		const char *lt = memchr(t + i, '<', len - i), *end;
		size_t at, n = 0;
		char q = 0;

		if (!lt)
			return 0;
		at = (size_t)(lt - t);
		i = at + 1;
		if (i < len && (t[i] == '!' || t[i] == '?')) {
			const char *close = t[i] == '?' ? "?>" : len - i >= 3 && !memcmp(t + i, "!--", 3) ? "-->"
			                  : len - i >= 8 && !memcmp(t + i, "![CDATA[", 8) ? "]]>" : ">";
			end = find(t + i, len - i, close);
			i = end ? (size_t)(end - t) + strlen(close) : len;
			continue;
		}
		for (; i < len && (q || t[i] != '>'); i++) {
			if (q) {
				/* to the closing quote in one jump (attribute values can be long) */
				const char *e = memchr(t + i, q, len - i);
				i = e ? (size_t)(e - t) : len - 1;
				q = 0;
			} else if (t[i] == '"' || t[i] == '\'') {
				q = t[i];
			} else if (t[i] == '=' && ++n > TB_XML_MAX_ATTRS) {
				unsigned line, col;
				tb_text_linecol(t, len, at, &line, &col);
				if (!(ps->flags & TB_XML_QUIET))
					tb_error(ps->ctx, "xml.limit", ps->name, line, col,
					         N_("an element needs far fewer attributes; the file was "
					            "probably made to be hostile"),
					         N_("an element has more than %u attributes"), TB_XML_MAX_ATTRS);
				return 1;
			}
		}
	}
	return 0;
}

/* The source line `line` with a caret under byte column `col` (1-based), for a message:
 * "\n    <line>\n    ^". Tabs become spaces; long lines are cut around the column. */
static void excerpt(const parse_state *ps, unsigned line, unsigned col, tb_buf *out)
{
	const char *p = ps->text, *end = ps->text ? ps->text + ps->len : NULL, *eol;
	size_t start, stop, len, caret, i;
	unsigned l = 1;

	if (!p || !line)
		return;
	while (p < end && l < line) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			return;
		p = nl + 1;
		l++;
	}
	eol = memchr(p, '\n', (size_t)(end - p));
	len = eol ? (size_t)(eol - p) : (size_t)(end - p);
	if (len && p[len - 1] == '\r')
		len--;
	/* libxml2 counts columns in characters: find the byte of the col-th one */
	for (caret = 0, i = 1; i < col && caret < len; i++) {
		caret++;
		while (caret < len && ((unsigned char)p[caret] & 0xC0) == 0x80)
			caret++;
	}
	/* at most about 70 bytes before the caret and 40 after, on character boundaries */
	start = caret > 70 ? caret - 70 : 0;
	while (start > 0 && start < len && ((unsigned char)p[start] & 0xC0) == 0x80)
		start++;
	stop = caret + 40 < len ? caret + 40 : len;
	while (stop < len && ((unsigned char)p[stop] & 0xC0) == 0x80)
		stop++;
	tb_buf_puts(out, "\n    ");
	if (start)
		tb_buf_puts(out, "…");
	for (i = start; i < stop; i++)
		tb_buf_putc(out, p[i] == '\t' ? ' ' : p[i]);
	tb_buf_puts(out, "\n    ");
	if (start)
		tb_buf_puts(out, " ");
	{
		/* the caret goes under the character: count display columns (CJK are wide) */
		char *prefix = strndup(p + start, caret - start);
		size_t w = prefix ? tb_utf8_width(prefix) : caret - start;
		free(prefix);
		for (i = 0; i < w; i++)
			tb_buf_putc(out, ' ');
	}
	tb_buf_putc(out, '^');
}

/* libxml2's messages in plain words: what is wrong, said the way a person fixing the file
 * thinks of it (and translated), for the errors people make. */
static const char *plain_message(const xmlError *e, const char **hint)
{
	*hint = N_("fix the XML syntax at this position (an editor with XML checking helps)");
	switch (e->code) {
	case XML_ERR_TAG_NAME_MISMATCH:
		*hint = N_("close the elements in the reverse order they were opened; check for a "
		           "misspelt or missing end tag");
		return N_("the end tag </%s> does not match <%s>, opened on line %d");
	case XML_ERR_TAG_NOT_FINISHED:
		*hint = N_("add the end tag </...> where the element ends");
		return N_("<%s>, opened on line %d, is never closed");
	case XML_ERR_LT_IN_ATTRIBUTE:
		*hint = N_("write < in an attribute value as &lt;");
		return N_("an attribute value contains '<'");
	case XML_ERR_ATTRIBUTE_NOT_STARTED:
		*hint = N_("put the value in straight quotes: name=\"value\" (typographic quotes “” "
		           "do not count)");
		return N_("an attribute value is not in quotes");
	case XML_ERR_ATTRIBUTE_NOT_FINISHED:
		*hint = N_("add the closing quote of the attribute value");
		return N_("an attribute value is not closed");
	case XML_ERR_ATTRIBUTE_WITHOUT_VALUE:
		*hint = N_("write the attribute as name=\"value\"");
		return N_("attribute \"%s\" has no value");
	case XML_ERR_ATTRIBUTE_REDEFINED:
		*hint = N_("give each attribute once per element");
		return N_("attribute \"%s\" is given twice");
	case XML_ERR_GT_REQUIRED:
	case XML_ERR_SPACE_REQUIRED:
	case XML_ERR_EQUAL_REQUIRED:
		*hint = N_("check the tag: attributes are name=\"value\" separated by spaces, and the "
		           "tag ends with > or />");
		return N_("the tag is not written correctly");
	case XML_ERR_ENTITYREF_SEMICOL_MISSING:
	case XML_ERR_UNDECLARED_ENTITY:
		*hint = N_("write a literal & as &amp; (and < as &lt;)");
		return N_("'&' starts an unknown or unfinished character reference");
	case XML_ERR_NAME_REQUIRED:
		*hint = N_("write a literal < as &lt; and a literal & as &amp;");
		return N_("'<' or '&' is not followed by a name");
	case XML_ERR_DOCUMENT_END:
		*hint = N_("everything must be inside the one root element <evidence>...</evidence>");
		return N_("there is content after the end of the root element");
	case XML_ERR_DOCUMENT_EMPTY:
		*hint = N_("the file is empty or holds no element; start from 'tianbiao init'");
		return N_("the document is empty");
	case XML_ERR_INVALID_CHAR:
		*hint = N_("remove the control character (often pasted from another program)");
		return N_("a character that XML does not allow");
	case XML_ERR_COMMENT_NOT_FINISHED:
		*hint = N_("end the comment with -->");
		return N_("a comment is not closed");
	case XML_ERR_LTSLASH_REQUIRED:
		*hint = N_("add the end tag </...> where the element ends");
		return N_("an end tag is missing");
	default:
		return NULL;
	}
}

static void on_error(void *user, tb_xml_error e)
{
	parse_state *ps = user;
	char raw[512];
	const char *fmt, *hint;
	size_t n;
	unsigned line, col;
	tb_buf msg = TB_BUF_INIT;

	if (e && e->code == XML_ERR_NO_MEMORY)
		ps->nomem = 1;
	if (!e || e->level < XML_ERR_ERROR || ps->doctype || ps->nomem)
		return;
	ps->errors++;
	if ((ps->flags & TB_XML_QUIET) || ps->errors > 20)
		return;
	line = e->line > 0 ? (unsigned)e->line : 0;
	col = e->int2 > 0 ? (unsigned)e->int2 : 0;
	if (ps->errors > 1 && line == ps->last_line && col == ps->last_col)
		return; /* the same spot again: one finding */
	ps->last_line = line;
	ps->last_col = col;
	fmt = plain_message(e, &hint);
	if (fmt) {
		const char *s1 = e->str1 ? e->str1 : "", *s2 = e->str2 ? e->str2 : "";
		/* each message takes its own arguments (no gaps in the printf argument list) */
		if (e->code == XML_ERR_TAG_NAME_MISMATCH)
			tb_buf_printf(&msg, _(fmt), s2, s1, e->int1);
		else if (e->code == XML_ERR_TAG_NOT_FINISHED)
			tb_buf_printf(&msg, _(fmt), s1, e->int1);
		else if (e->code == XML_ERR_ATTRIBUTE_WITHOUT_VALUE ||
		         e->code == XML_ERR_ATTRIBUTE_REDEFINED)
			tb_buf_printf(&msg, _(fmt), s1);
		else
			tb_buf_puts(&msg, _(fmt));
	} else {
		snprintf(raw, sizeof raw, "%s", e->message ? e->message : "malformed XML");
		n = strlen(raw);
		while (n && (raw[n - 1] == '\n' || raw[n - 1] == ' '))
			raw[--n] = '\0';
		tb_buf_printf(&msg, _("the XML is not well-formed here (%s)"), raw);
	}
	if (e->code == XML_ERR_TAG_NAME_MISMATCH && e->str2)
		col = col > strlen(e->str2) + 3 ? col - (unsigned)strlen(e->str2) - 3 : 1; /* at "</" */
	excerpt(ps, line, col, &msg);
	tb_diag_push(ps->ctx, TB_SEV_ERROR, "xml.malformed", ps->name, line, col,
	             msg.data ? msg.data : "", _(hint));
	tb_buf_free(&msg);
}

/* Typographic quotes around attribute values (“4” from a word processor's smart quotes) are
 * unambiguous inside a tag: they are read as straight quotes, with a warning. The text keeps
 * its length in bytes (a three-byte quote becomes two spaces and a quote on the side away
 * from the value), so lines and columns stay right. */
static int typographic_quote(const char *p, const char *end)
{
	if (end - p < 3 || (unsigned char)p[0] != 0xE2 || (unsigned char)p[1] != 0x80)
		return (end - p >= 3 && (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBC &&
		        (unsigned char)p[2] == 0x82); /* U+FF02 ＂ */
	return (unsigned char)p[2] >= 0x98 && (unsigned char)p[2] <= 0x9D; /* ‘ ’ ‚ ‛ “ ” */
}

static void forgive_quotes(parse_state *ps, char *text, size_t len)
{
	char *p = text, *end = text + len;
	int in_tag = 0;
	while (p < end) {
		if (!in_tag) {
			if (*p == '<' && end - p >= 4 && !memcmp(p, "<!--", 4)) {
				char *c = memmem(p + 4, (size_t)(end - p - 4), "-->", 3);
				p = c ? c + 3 : end;
				continue;
			}
			if (*p == '<' && end - p >= 9 && !memcmp(p, "<![CDATA[", 9)) {
				char *c = memmem(p + 9, (size_t)(end - p - 9), "]]>", 3);
				p = c ? c + 3 : end;
				continue;
			}
			in_tag = *p == '<' && end - p > 1 && p[1] != '?' && p[1] != '!';
			p++;
			continue;
		}
		if (*p == '>') {
			in_tag = 0;
			p++;
			continue;
		}
		if (*p == '"' || *p == '\'') { /* a well-quoted value: skip it whole */
			char *q = memchr(p + 1, *p, (size_t)(end - p - 1));
			p = q ? q + 1 : end;
			continue;
		}
		if (*p == '=') {
			char *v = p + 1, *q;
			while (v < end && (*v == ' ' || *v == '\t'))
				v++;
			if (!typographic_quote(v, end)) {
				p++;
				continue;
			}
			/* the closing quote: typographic or straight, before the tag or line ends */
			for (q = v + 3; q < end && *q != '>' && *q != '<' && *q != '\n' && *q != '"' &&
			                !typographic_quote(q, end);
			     q++)
				;
			if (q >= end || (*q != '"' && !typographic_quote(q, end))) {
				p++;
				continue;
			}
			if (!(ps->flags & TB_XML_FORGIVE_SILENT)) {
				unsigned line, col;
				tb_text_linecol(text, len, (size_t)(v - text), &line, &col);
				tb_warn(ps->ctx, "xml.quotes", ps->name, line, col,
				        N_("type attribute quotes as straight quotes \" (turn off smart quotes "
				           "in the editor)"),
				        N_("typographic quotes around an attribute value; read as straight "
				           "quotes"));
			}
			memcpy(v, "  \"", 3);
			if (*q != '"') {
				memcpy(q, "\"  ", 3);
				q += 2;
			}
			p = q + 1;
			continue;
		}
		p++;
	}
}

/* A DOCTYPE is how entity bombs and external entities arrive; no tianbiao input needs one. */
static void on_internal_subset(void *user, const xmlChar *name, const xmlChar *ext,
                               const xmlChar *sys)
{
	xmlParserCtxtPtr pctx = user;
	parse_state *ps = pctx->_private;

	if (!ps->doctype && !(ps->flags & TB_XML_QUIET))
		tb_error(ps->ctx, "xml.doctype", ps->name, (unsigned)xmlSAX2GetLineNumber(pctx),
		         (unsigned)xmlSAX2GetColumnNumber(pctx),
		         N_("remove the <!DOCTYPE ...> declaration; tianbiao never loads DTDs or "
		            "entities"),
		         N_("document type declarations are not allowed"));
	ps->doctype = 1;
	xmlStopParser(pctx);
}

/* The SAX side of tb_xml_read_pruned: elements the filter leaves out, and everything inside
 * them, never become nodes (no allocation, nothing to free). */
static parse_state *pstate(void *c)
{
	return ((xmlParserCtxtPtr)c)->_private;
}

static void prune_start(void *c, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
                        int nb_namespaces, const xmlChar **namespaces, int nb_attributes,
                        int nb_defaulted, const xmlChar **attributes)
{
	parse_state *ps = pstate(c);
	if (ps->skip || (ps->depth == 1 && !ps->keep(ps->keep_user, localname, uri, nb_attributes,
	                                             attributes))) {
		ps->skip++;
		return;
	}
	ps->depth++;
	ps->start(c, localname, prefix, uri, nb_namespaces, namespaces, nb_attributes, nb_defaulted,
	          attributes);
}

static void prune_end(void *c, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
	parse_state *ps = pstate(c);
	if (ps->skip) {
		ps->skip--;
		return;
	}
	ps->depth--;
	ps->end(c, localname, prefix, uri);
}

static void prune_characters(void *c, const xmlChar *ch, int len)
{
	if (!pstate(c)->skip)
		pstate(c)->characters(c, ch, len);
}

static void prune_whitespace(void *c, const xmlChar *ch, int len)
{
	if (!pstate(c)->skip)
		pstate(c)->whitespace(c, ch, len);
}

static void prune_cdata(void *c, const xmlChar *ch, int len)
{
	if (!pstate(c)->skip)
		pstate(c)->cdata(c, ch, len);
}

static void prune_comment(void *c, const xmlChar *text)
{
	if (!pstate(c)->skip)
		pstate(c)->comment(c, text);
}

static void prune_pi(void *c, const xmlChar *target, const xmlChar *data)
{
	if (!pstate(c)->skip)
		pstate(c)->pi(c, target, data);
}

static void prune_reference(void *c, const xmlChar *name)
{
	if (!pstate(c)->skip)
		pstate(c)->reference(c, name);
}

static void prune_setup(xmlSAXHandlerPtr sax, parse_state *ps)
{
	ps->start = sax->startElementNs;
	ps->end = sax->endElementNs;
	ps->characters = sax->characters;
	ps->whitespace = sax->ignorableWhitespace;
	ps->cdata = sax->cdataBlock;
	ps->comment = sax->comment;
	ps->pi = sax->processingInstruction;
	ps->reference = sax->reference;
	if (!ps->start || !ps->end || !ps->characters || !ps->whitespace || !ps->cdata ||
	    !ps->comment || !ps->pi || !ps->reference) {
		ps->keep = NULL; /* not libxml2's tree builder: read everything */
		return;
	}
	sax->startElementNs = prune_start;
	sax->endElementNs = prune_end;
	sax->characters = prune_characters;
	sax->ignorableWhitespace = prune_whitespace;
	sax->cdataBlock = prune_cdata;
	sax->comment = prune_comment;
	sax->processingInstruction = prune_pi;
	sax->reference = prune_reference;
}

tb_status tb_xml_read(tb_ctx *ctx, const char *name, const char *data, size_t len,
                      unsigned flags, xmlDocPtr *out)
{
	return tb_xml_read_pruned(ctx, name, data, len, flags, NULL, NULL, out);
}

tb_status tb_xml_read_pruned(tb_ctx *ctx, const char *name, const char *data, size_t len,
                             unsigned flags, tb_xml_keep_fn keep, void *keep_user, xmlDocPtr *out)
{
	parse_state ps;
	xmlParserCtxtPtr pctx = NULL;
	xmlStructuredErrorFunc old_fn;
	void *old_ctx;
	xmlDocPtr doc = NULL;
	char enc[32], *text = NULL;
	size_t tlen = 0;
	int opts;
	tb_status st;
	xml_src *src;

	memset(&ps, 0, sizeof ps);
	ps.ctx = ctx;
	ps.name = name ? name : "<input>";
	ps.flags = flags;
	ps.keep = keep;
	ps.keep_user = keep_user;
	*out = NULL;
	if (len > TB_XML_MAX_BYTES) {
		if (!(flags & TB_XML_QUIET))
			tb_error(ctx, "xml.too-large", ps.name, 0, 0, N_("split the data or shorten it"),
			         N_("XML part is %zu bytes, more than the limit of %u"), len,
			         TB_XML_MAX_BYTES);
		return TB_ELIMIT;
	}
	/* Skip a UTF-8 BOM; refuse UTF-16 (convert it first) to keep one code path. */
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		len -= 3;
	}
	/* UTF-16 (a BOM, or '<' beside a zero byte) would otherwise be "invalid UTF-8 ... 0xFF". */
	if (len >= 2 && ((!memcmp(data, "\xFF\xFE", 2) || !memcmp(data, "\xFE\xFF", 2)) ||
	                 (data[0] == '<' && data[1] == '\0') || (data[0] == '\0' && data[1] == '<'))) {
		if (!(flags & TB_XML_QUIET))
			tb_error(ctx, "xml.encoding", ps.name, 1, 1,
			         N_("save the file as UTF-8 (preferred) or GB18030"),
			         N_("the file is UTF-16, which is not supported"));
		return TB_ERROR;
	}
	declared_encoding(data, len, enc, sizeof enc);
	if (!strcmp(enc, "gb18030") || !strcmp(enc, "gbk") || !strcmp(enc, "gb2312") ||
	    !strcmp(enc, "cp936")) {
		if ((st = from_gb18030(&ps, data, len, &text, &tlen)))
			return st;
	} else if (enc[0] && strcmp(enc, "utf-8") && strcmp(enc, "utf8") && strcmp(enc, "us-ascii") &&
	           strcmp(enc, "ascii")) {
		if (!(flags & TB_XML_QUIET))
			tb_error(ctx, "xml.encoding", ps.name, 1, 1,
			         N_("save the file as UTF-8 (preferred) or GB18030"),
			         N_("unsupported encoding \"%s\""), enc);
		return TB_ERROR;
	} else {
		if (check_utf8(&ps, data, len))
			return TB_ERROR;
		text = malloc(len + 1);
		if (!text)
			return TB_ENOMEM;
		memcpy(text, data, len);
		text[len] = '\0';
		tlen = len;
	}

	if (flags & (TB_XML_FORGIVE | TB_XML_FORGIVE_SILENT))
		forgive_quotes(&ps, text, tlen);
	ps.text = text;
	ps.len = tlen;
	if (too_many_attributes(&ps, text, tlen)) {
		free(text);
		return TB_ELIMIT;
	}
	pctx = xmlNewParserCtxt();
	if (!pctx) {
		free(text);
		return TB_ENOMEM;
	}
	pctx->_private = &ps;
	pctx->sax->internalSubset = on_internal_subset;
	if (ps.keep)
		prune_setup(pctx->sax, &ps);
	/* The handler is per thread; the one in place (a tree edit's, tb_xml_edit_begin) is put
	 * back afterwards. */
	old_fn = xmlStructuredError;
	old_ctx = xmlStructuredErrorContext;
	xmlSetStructuredErrorFunc(&ps, on_error);
	opts = XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES | XML_PARSE_NOERROR |
	       XML_PARSE_NOWARNING;
	if (flags & TB_XML_NOBLANKS)
		opts |= XML_PARSE_NOBLANKS;
	/* Text is UTF-8 by now whatever the declaration says. */
	doc = xmlCtxtReadMemory(pctx, text, (int)tlen, ps.name, "UTF-8", opts);
	xmlSetStructuredErrorFunc(old_ctx, old_fn);
	if (doc && (ps.errors || ps.doctype || ps.nomem || !pctx->wellFormed)) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	if (ps.nomem) {
		xmlFreeParserCtxt(pctx);
		free(text);
		return TB_ENOMEM;
	}
	if (!doc && !ps.errors && !ps.doctype && !(flags & TB_XML_QUIET))
		tb_error(ctx, "xml.malformed", ps.name, 0, 0, NULL, N_("the XML could not be parsed"));
	xmlFreeParserCtxt(pctx);
	if (!doc) {
		free(text);
		return TB_ERROR;
	}
	src = src_new(ps.name, text, tlen);
	if (!src) {
		free(text);
		xmlFreeDoc(doc);
		return TB_ENOMEM;
	}
	doc->_private = src;
	*out = doc;
	return TB_OK;
}

tb_status tb_xml_read_file(tb_ctx *ctx, const char *path, unsigned flags, xmlDocPtr *out)
{
	char *data;
	size_t len;
	tb_status st;

	*out = NULL;
	if ((st = tb_file_read(ctx, path, TB_XML_MAX_BYTES, &data, &len)))
		return st;
	st = tb_xml_read(ctx, path, data, len, flags, out);
	free(data);
	return st;
}

void tb_xml_init_threads(void)
{
	xmlInitParser();
	xmlSchemaInitTypes();
}

void tb_xml_free(xmlDocPtr doc)
{
	if (!doc)
		return;
	src_free(doc->_private);
	doc->_private = NULL;
	xmlFreeDoc(doc);
}

/* ---- copying a tree ---- */

/* The copy shares the original's dictionary: a name (or short text) the dictionary holds is
 * shared, as the parser shares it; anything else is duplicated. */
static const xmlChar *copy_str(xmlDictPtr dict, const xmlChar *s, int *fail)
{
	xmlChar *d;
	if (!s || (dict && xmlDictOwns(dict, s) == 1))
		return s;
	if (!(d = xmlStrdup(s)))
		*fail = 1;
	return d;
}

/* Each new node is linked into the copy before anything inside it is copied, so the copy
 * can always be freed whole (xmlCopyDoc leaks what it made when an allocation fails). A
 * namespace's copy is found through the original's _private while the copy walks inside
 * the element declaring it (cleared on the way out); one declared nowhere in scope gets a copy
 * kept in the document's oldNs, which is never written, so the copy serialises exactly as
 * the original does. A kind of node these trees do not have is left to xmlCopyDoc. */
static xmlNsPtr copy_ns_one(xmlNsPtr ns, int *fail)
{
	xmlNsPtr c = xmlMalloc(sizeof *c);
	if (!c) {
		*fail = 1;
		return NULL;
	}
	memset(c, 0, sizeof *c);
	c->type = ns->type;
	c->href = ns->href ? xmlStrdup(ns->href) : NULL;
	c->prefix = ns->prefix ? xmlStrdup(ns->prefix) : NULL;
	if ((ns->href && !c->href) || (ns->prefix && !c->prefix))
		*fail = 1;
	return c;
}

/* Copy the list `from` to the end of *to, each original pointing at its copy. */
static void copy_ns_list(xmlNsPtr from, xmlNsPtr *to, int *fail)
{
	for (; from && !*fail; from = from->next) {
		xmlNsPtr c = copy_ns_one(from, fail);
		if (!c)
			return;
		*to = c;
		to = &c->next;
		from->_private = c;
	}
}

static void clear_ns_list(xmlNsPtr ns)
{
	for (; ns; ns = ns->next)
		ns->_private = NULL;
}

/* `outer`: the copy goes into the original's own document, where it is in the original's
 * scope; a namespace declared outside the copied nodes is the original's. */
static xmlNsPtr map_ns(xmlDocPtr copy, xmlNsPtr ns, bool outer, int *fail)
{
	xmlNsPtr c;
	if (!ns)
		return NULL;
	if (ns->_private)
		return ns->_private;
	if (outer)
		return ns;
	/* declared nowhere the copy can see: kept with the document, never written */
	if (!(c = copy_ns_one(ns, fail)))
		return NULL;
	c->next = copy->oldNs;
	copy->oldNs = c;
	return c;
}

static void copy_children(xmlDocPtr copy, xmlNodePtr from, xmlNodePtr parent, bool outer,
                          int *fail, int depth);

static xmlNodePtr new_node(xmlDocPtr copy, xmlNodePtr from, xmlNodePtr parent, int *fail)
{
	xmlDictPtr dict = copy->dict;
	xmlNodePtr n = xmlMalloc(sizeof *n);
	if (!n) {
		*fail = 1;
		return NULL;
	}
	memset(n, 0, sizeof *n);
	n->type = from->type;
	n->doc = copy;
	n->line = from->line;
	n->extra = from->extra;
	n->psvi = from->psvi; /* a line past 65,534 (XML_PARSE_BIG_LINES) */
	/* linked first: from here on freeing the copy frees it */
	n->parent = parent;
	if (!parent->children) {
		parent->children = n;
	} else {
		parent->last->next = n;
		n->prev = parent->last;
	}
	parent->last = n;
	if (from->type == XML_TEXT_NODE || from->type == XML_COMMENT_NODE)
		n->name = from->name; /* libxml2's static names, never freed */
	else
		n->name = copy_str(dict, from->name, fail);
	if (from->type != XML_ELEMENT_NODE && from->content) {
		if (from->content == (xmlChar *)&from->properties) /* XML_PARSE_COMPACT */
			n->content = xmlStrdup(from->content), *fail |= !n->content;
		else
			n->content = (xmlChar *)copy_str(dict, from->content, fail);
	}
	return n;
}

static void copy_element(xmlDocPtr copy, xmlNodePtr from, xmlNodePtr n, bool outer, int *fail,
                         int depth)
{
	xmlAttrPtr a, prev = NULL, *tail = &n->properties;
	copy_ns_list(from->nsDef, &n->nsDef, fail);
	if (!*fail)
		n->ns = map_ns(copy, from->ns, outer, fail);
	for (a = from->properties; a && !*fail; a = a->next) {
		xmlAttrPtr c = xmlMalloc(sizeof *c);
		if (!c) {
			*fail = 1;
			break;
		}
		memset(c, 0, sizeof *c);
		c->type = XML_ATTRIBUTE_NODE;
		c->doc = copy;
		c->parent = n;
		c->prev = prev;
		*tail = c;
		tail = &c->next;
		prev = c;
		c->name = copy_str(copy->dict, a->name, fail);
		if (!*fail)
			c->ns = map_ns(copy, a->ns, outer, fail);
		if (!*fail)
			copy_children(copy, a->children, (xmlNodePtr)c, outer, fail, depth + 1);
	}
	if (!*fail)
		copy_children(copy, from->children, n, outer, fail, depth + 1);
	clear_ns_list(from->nsDef);
}

static void copy_children(xmlDocPtr copy, xmlNodePtr from, xmlNodePtr parent, bool outer,
                          int *fail, int depth)
{
	if (depth > 4096) {
		*fail = 2;
		return;
	}
	for (; from && !*fail; from = from->next) {
		xmlNodePtr n;
		if (from->type != XML_ELEMENT_NODE && from->type != XML_TEXT_NODE &&
		    from->type != XML_COMMENT_NODE && from->type != XML_PI_NODE &&
		    from->type != XML_CDATA_SECTION_NODE) {
			*fail = 2; /* another kind: left to libxml2's copy */
			return;
		}
		n = new_node(copy, from, parent, fail);
		if (n && from->type == XML_ELEMENT_NODE && !*fail)
			copy_element(copy, from, n, outer, fail, depth);
	}
}

static void intern_one(xmlDictPtr dict, xmlNodePtr t)
{
	const xmlChar *d;
	if (t->type != XML_TEXT_NODE || !t->content ||
	    t->content == (xmlChar *)&t->properties || xmlDictOwns(dict, t->content) == 1)
		return;
	if ((d = xmlDictLookup(dict, t->content, -1))) {
		xmlFree(t->content);
		t->content = (xmlChar *)d;
	}
}

void tb_xml_intern_text(xmlDocPtr doc)
{
	xmlNodePtr n = doc ? doc->children : NULL;
	if (!doc || !doc->dict)
		return;
	/* depth first without recursion, as put_tree (xml_dump.c) walks */
	while (n) {
		if (n->type == XML_ELEMENT_NODE) {
			xmlAttrPtr a;
			xmlNodePtr t;
			for (a = n->properties; a; a = a->next)
				for (t = a->children; t; t = t->next)
					intern_one(doc->dict, t);
			if (n->children) {
				n = n->children;
				continue;
			}
		} else {
			intern_one(doc->dict, n);
		}
		while (n->parent && n->parent != (xmlNodePtr)doc && !n->next)
			n = n->parent;
		n = n->next;
	}
}

static tb_status copy_source(const xml_src *s, xmlDocPtr copy)
{
	xml_src *c;
	if (!s)
		return TB_OK;
	c = calloc(1, sizeof *c);
	if (!c || !(c->name = strdup(s->name)) || !(c->text = malloc(s->len + 1)) ||
	    !(c->lines = malloc(s->nlines * sizeof *c->lines))) {
		src_free(c);
		return TB_ENOMEM;
	}
	memcpy(c->text, s->text, s->len);
	c->text[s->len] = '\0';
	c->len = s->len;
	memcpy(c->lines, s->lines, s->nlines * sizeof *c->lines);
	c->nlines = s->nlines;
	copy->_private = c;
	return TB_OK;
}

tb_status tb_xml_copy(xmlDocPtr doc, xmlDocPtr *out)
{
	xmlDocPtr copy;
	tb_xml_edit ed;
	tb_status st;
	int fail = 0;

	*out = NULL;
	tb_xml_edit_begin(&ed);
	copy = xmlCopyDoc(doc, 0); /* the document node alone: version, encoding, standalone */
	if (copy && !doc->intSubset && !doc->extSubset) {
		copy->properties = doc->properties;
		copy->parseFlags = doc->parseFlags;
		if (doc->dict && xmlDictReference(doc->dict) == 0)
			copy->dict = doc->dict;
		copy_ns_list(doc->oldNs, &copy->oldNs, &fail);
		if (!fail)
			copy_children(copy, doc->children, (xmlNodePtr)copy, false, &fail, 0);
		clear_ns_list(doc->oldNs);
	} else if (copy) {
		fail = 2;
	}
	if (fail == 2) {
		xmlFreeDoc(copy);
		copy = xmlCopyDoc(doc, 1);
		fail = 0;
	}
	st = tb_xml_edit_end(&ed);
	if (!copy || fail || st != TB_OK || copy_source(doc->_private, copy) != TB_OK) {
		xmlFreeDoc(copy);
		return TB_ENOMEM;
	}
	*out = copy;
	return TB_OK;
}

xmlNodePtr tb_xml_copy_node(xmlNodePtr from)
{
	xmlNode holder; /* the copy is linked here while it is made, then unlinked */
	xmlNodePtr n, save_next;
	tb_xml_edit ed;
	int fail = 0;

	if (!from)
		return NULL;
	if (!from->doc || (from->type != XML_ELEMENT_NODE && from->type != XML_TEXT_NODE &&
	                   from->type != XML_COMMENT_NODE && from->type != XML_PI_NODE))
		return xmlDocCopyNode(from, from->doc, 1); /* a kind this copier leaves to libxml2 */
	memset(&holder, 0, sizeof holder);
	holder.type = XML_ELEMENT_NODE;
	holder.doc = from->doc;
	tb_xml_edit_begin(&ed);
	/* copy_children walks siblings: this node alone */
	save_next = from->next;
	from->next = NULL;
	copy_children(from->doc, from, &holder, true, &fail, 0);
	from->next = save_next;
	if (tb_xml_edit_end(&ed) != TB_OK && !fail)
		fail = 1;
	n = holder.children;
	if (n) {
		n->parent = NULL;
		n->prev = n->next = NULL;
	}
	if (fail == 2) { /* a kind of node inside that this copy leaves to libxml2 */
		xmlFreeNode(n);
		return xmlDocCopyNode(from, from->doc, 1);
	}
	if (fail) {
		xmlFreeNode(n);
		return NULL;
	}
	return n;
}

const char *tb_xml_doc_name(xmlDocPtr doc)
{
	xml_src *s = doc ? doc->_private : NULL;
	return s ? s->name : NULL;
}

void tb_xml_node_pos(xmlNodePtr node, unsigned *line, unsigned *col)
{
	xml_src *s;
	long l;

	*line = *col = 0;
	if (!node)
		return;
	l = xmlGetLineNo(node);
	if (l <= 0)
		return;
	*line = (unsigned)l;
	s = node->doc ? node->doc->_private : NULL;
	if (!s || (size_t)l > s->nlines || node->type != XML_ELEMENT_NODE)
		return;
	{
		/* libxml2 records the line where the start tag ends; search back from there. */
		size_t nl = strlen((const char *)node->name);
		char pat[256];
		size_t li = (size_t)l - 1, ln;
		if (nl + 2 > sizeof pat)
			return;
		pat[0] = '<';
		memcpy(pat + 1, node->name, nl);
		if (node->ns && node->ns->prefix)
			return;
		for (ln = li + 1; ln-- > 0 && ln + 3 > li;) {
			size_t start = s->lines[ln];
			size_t end = ln + 1 < s->nlines ? s->lines[ln + 1] : s->len;
			size_t k;
			for (k = start; k + nl + 1 < end + 1 && k + nl + 1 <= s->len; k++) {
				char after = k + nl + 1 < s->len ? s->text[k + nl + 1] : ' ';
				if (memcmp(s->text + k, pat, nl + 1) == 0 &&
				    (after == ' ' || after == '>' || after == '/' || after == '\t' ||
				     after == '\n' || after == '\r')) {
					unsigned cl;
					tb_text_linecol(s->text + start, s->len - start, k - start, &cl, col);
					*line = (unsigned)ln + 1;
					return;
				}
			}
		}
	}
}

xmlNodePtr tb_xml_child(xmlNodePtr parent, const char *name)
{
	xmlNodePtr c;
	for (c = parent ? parent->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && (!name || !strcmp((const char *)c->name, name)))
			return c;
	return NULL;
}

xmlNodePtr tb_xml_next(xmlNodePtr node, const char *name)
{
	xmlNodePtr c;
	for (c = node ? node->next : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && (!name || !strcmp((const char *)c->name, name)))
			return c;
	return NULL;
}

char *tb_xml_text(xmlNodePtr node)
{
	xmlChar *t;
	char *s, *b, *e;

	if (!node)
		return NULL;
	t = xmlNodeGetContent(node);
	if (!t)
		return strdup("");
	b = (char *)t;
	while (*b == ' ' || *b == '\n' || *b == '\t' || *b == '\r')
		b++;
	e = b + strlen(b);
	while (e > b && (e[-1] == ' ' || e[-1] == '\n' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	s = strndup(b, (size_t)(e - b));
	xmlFree(t);
	return s;
}

char *tb_xml_child_text(xmlNodePtr parent, const char *name)
{
	return tb_xml_text(tb_xml_child(parent, name));
}

char *tb_xml_attr(xmlNodePtr node, const char *name)
{
	xmlChar *v = node ? xmlGetProp(node, (const xmlChar *)name) : NULL;
	char *s;
	if (!v)
		return NULL;
	s = strdup((const char *)v);
	xmlFree(v);
	return s;
}

tb_status tb_xml_attr_get(xmlNodePtr node, const char *name, char **out)
{
	*out = NULL;
	if (!node || !xmlHasProp(node, (const xmlChar *)name)) /* a lookup: allocates nothing */
		return TB_OK;
	*out = tb_xml_attr(node, name);
	return *out ? TB_OK : TB_ENOMEM;
}

/* ---- tree edits ---- */

static __thread tb_xml_edit *edit_current;

static void on_edit_error(void *user, tb_xml_error e)
{
	tb_xml_edit *ed = user;
	if (e && e->code == XML_ERR_NO_MEMORY)
		ed->nomem = 1;
	else if (ed->old_fn)
		ed->old_fn(ed->old_ctx, e); /* not ours: whoever listened before */
}

void tb_xml_edit_begin(tb_xml_edit *ed)
{
	ed->nomem = 0;
	ed->old_fn = xmlStructuredError;
	ed->old_ctx = xmlStructuredErrorContext;
	ed->outer = edit_current;
	edit_current = ed;
	xmlSetStructuredErrorFunc(ed, on_edit_error);
}

void tb_xml_edit_nomem(void)
{
	if (edit_current)
		edit_current->nomem = 1;
}

int tb_xml_edit_failed(void)
{
	return edit_current && edit_current->nomem;
}

tb_status tb_xml_edit_end(tb_xml_edit *ed)
{
	xmlSetStructuredErrorFunc(ed->old_ctx, ed->old_fn);
	edit_current = ed->outer;
	if (ed->nomem && ed->outer)
		ed->outer->nomem = 1;
	return ed->nomem ? TB_ENOMEM : TB_OK;
}
