/* dt_tag.c: docxtemplater's tags read into tianbiao's: the prefix (# ^ / %), then the
 * expression, in the subset of angular-expressions that docxtemplater users write (names,
 * dotted paths, this and ., $index, literals, ! && || ?: == != < > + - * / % and .length),
 * translated to XPath on the data tree. A lone path stays a plain path, looked up in the
 * enclosing sections as docxtemplater does; inside a larger expression each path is looked
 * up the same way through tb-lookup(), and truth follows the data's rules through tb-truth()
 * and tb-if() (eval.c). Filters (| money:2) are tianbiao's formatters. */
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/i18n.h"
#include "core/utf8.h"
#include "fill/fill_int.h"
#include "fill/tag.h"

#define DT_MAX_NEST 32

typedef enum vkind { V_OTHER = 0, V_PATH, V_STRING, V_NUMBER, V_CONCAT } vkind;

typedef struct val {
	tb_buf x;   /* the XPath text */
	vkind kind;
	int plain;  /* a path of names only (eligible for scope lookup as it is) */
	int dot;    /* the path starts at the current item (this, .) */
	tb_buf path; /* V_PATH: the path itself, before any wrapping */
} val;

typedef struct dtp {
	const char *s;
	size_t len, pos;
	const char *err; /* msgid with one %s */
	int depth;
} dtp;

static void val_init(val *v)
{
	memset(v, 0, sizeof *v);
	tb_buf_init(&v->x, 1u << 16);
	tb_buf_init(&v->path, 1u << 16);
}

static void val_free(val *v)
{
	tb_buf_free(&v->x);
	tb_buf_free(&v->path);
}

static void skip(dtp *p)
{
	while (p->pos < p->len && (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' ||
	                           p->s[p->pos] == '\n' || p->s[p->pos] == '\r'))
		p->pos++;
}

static int at(dtp *p, const char *tok)
{
	size_t n = strlen(tok);
	skip(p);
	return p->pos + n <= p->len && !memcmp(p->s + p->pos, tok, n);
}

static int eat(dtp *p, const char *tok)
{
	if (!at(p, tok))
		return 0;
	p->pos += strlen(tok);
	return 1;
}

/* angular's identifiers: letters (any script), $, _ then digits too */
static int id_start(int32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' || c >= 0xAA;
}

static int id_char(int32_t c)
{
	return id_start(c) || (c >= '0' && c <= '9');
}

static char *ident(dtp *p)
{
	size_t start, i;
	int32_t c;
	skip(p);
	start = i = p->pos;
	if (i >= p->len)
		return NULL;
	c = tb_utf8_next(p->s, p->len, &i);
	if (c < 0 || !id_start(c))
		return NULL;
	p->pos = i;
	while (p->pos < p->len) {
		i = p->pos;
		c = tb_utf8_next(p->s, p->len, &i);
		if (c < 0 || !id_char(c))
			break;
		p->pos = i;
	}
	return strndup(p->s + start, p->pos - start);
}

/* An XPath string literal for s. */
static void put_literal(tb_buf *b, const char *s)
{
	const char *q;
	if (!strchr(s, '\'')) {
		tb_buf_printf(b, "'%s'", s);
		return;
	}
	if (!strchr(s, '"')) {
		tb_buf_printf(b, "\"%s\"", s);
		return;
	}
	tb_buf_puts(b, "concat(");
	for (q = s; *q;) {
		size_t n = strcspn(q, "'");
		if (q != s)
			tb_buf_puts(b, ", ");
		if (n) {
			tb_buf_printf(b, "'%.*s'", (int)n, q);
			q += n;
		} else {
			tb_buf_puts(b, "\"'\"");
			q++;
		}
	}
	tb_buf_puts(b, ")");
}

static int string_lit(dtp *p, tb_buf *out)
{
	char q = p->s[p->pos++];
	while (p->pos < p->len && p->s[p->pos] != q) {
		char c = p->s[p->pos++];
		if (c == '\\' && p->pos < p->len) {
			c = p->s[p->pos++];
			switch (c) {
			case 'n': c = '\n'; break;
			case 't': c = '\t'; break;
			case 'r': c = '\r'; break;
			default: break;
			}
		}
		tb_buf_putc(out, c);
	}
	if (p->pos >= p->len) {
		p->err = N_("a string is not closed in \"%s\"");
		return -1;
	}
	p->pos++;
	return 0;
}

static int add_step(dtp *p, val *v, const char *name)
{
	char *n = fill_json_name(name);
	if (!n) {
		p->err = N_("an empty name in \"%s\"");
		return -1;
	}
	if (v->path.len && !(v->path.len == 1 && v->path.data[0] == '.'))
		tb_buf_putc(&v->path, '/');
	else if (v->path.len == 1) /* "." then a name: ./name is just name */
		tb_buf_reset(&v->path);
	tb_buf_puts(&v->path, n);
	free(n);
	return 0;
}

static int parse_expr(dtp *p, val *out);

/* Finish a path: lone paths stay as they are; .length counts. */
static void path_done(val *v, int length)
{
	tb_buf_reset(&v->x);
	if (length) { /* the list is looked up through the sections, as a lone path is */
		if (v->dot || !v->path.len)
			tb_buf_printf(&v->x, "count(%s)", v->path.len ? v->path.data : ".");
		else {
			tb_buf_puts(&v->x, "count(tb-lookup(");
			put_literal(&v->x, v->path.data);
			tb_buf_puts(&v->x, "))");
		}
		v->kind = V_NUMBER;
		v->plain = 0;
		return;
	}
	tb_buf_puts(&v->x, v->path.len ? v->path.data : ".");
	v->kind = V_PATH;
}

static int parse_primary(dtp *p, val *v)
{
	skip(p);
	if (p->pos >= p->len) {
		p->err = N_("an expression ends too early: \"%s\"");
		return -1;
	}
	if (p->s[p->pos] == '(') {
		val in;
		int r;
		p->pos++;
		if (++p->depth > DT_MAX_NEST) {
			p->err = N_("brackets nested too deeply in \"%s\"");
			return -1;
		}
		val_init(&in);
		r = parse_expr(p, &in);
		p->depth--;
		if (r == 0 && !eat(p, ")")) {
			p->err = N_("a bracket is not closed in \"%s\"");
			r = -1;
		}
		if (r == 0) {
			tb_buf_printf(&v->x, "(%s)", in.x.data ? in.x.data : "");
			v->kind = in.kind == V_PATH ? V_OTHER : in.kind;
			if (in.kind == V_PATH) { /* keep lookups for a path in brackets */
				tb_buf_reset(&v->x);
				tb_buf_puts(&v->x, in.x.data);
				tb_buf_puts(&v->path, in.path.data ? in.path.data : "");
				v->kind = V_PATH;
				v->plain = in.plain;
				v->dot = in.dot;
			}
		}
		val_free(&in);
		return r;
	}
	if (p->s[p->pos] == '"' || p->s[p->pos] == '\'') {
		tb_buf s = TB_BUF_INIT;
		if (string_lit(p, &s) != 0) {
			tb_buf_free(&s);
			return -1;
		}
		put_literal(&v->x, s.data ? s.data : "");
		tb_buf_free(&s);
		v->kind = V_STRING;
		return 0;
	}
	if ((p->s[p->pos] >= '0' && p->s[p->pos] <= '9') ||
	    (p->s[p->pos] == '.' && p->pos + 1 < p->len && p->s[p->pos + 1] >= '0' &&
	     p->s[p->pos + 1] <= '9')) {
		size_t st = p->pos;
		while (p->pos < p->len && ((p->s[p->pos] >= '0' && p->s[p->pos] <= '9') || p->s[p->pos] == '.'))
			p->pos++;
		tb_buf_put(&v->x, p->s + st, p->pos - st);
		v->kind = V_NUMBER;
		return 0;
	}
	/* a path: this | . | name, then .name, [n], ["key"] */
	v->plain = 1;
	if (p->s[p->pos] == '.') {
		p->pos++;
		tb_buf_puts(&v->path, ".");
		v->dot = 1;
		v->plain = 0;
	} else {
		char *id = ident(p);
		if (!id) {
			p->err = N_("unexpected text in \"%s\"");
			return -1;
		}
		if (!strcmp(id, "true") || !strcmp(id, "false")) {
			tb_buf_printf(&v->x, "%s()", id);
			v->kind = V_OTHER;
			v->plain = 0;
			free(id);
			return 0;
		}
		if (!strcmp(id, "null") || !strcmp(id, "undefined")) {
			tb_buf_puts(&v->x, "/..");
			v->kind = V_OTHER;
			v->plain = 0;
			free(id);
			return 0;
		}
		if (!strcmp(id, "this")) {
			tb_buf_puts(&v->path, ".");
			v->dot = 1;
			v->plain = 0;
		} else if (id[0] == '$') {
			if (strcmp(id, "$index") && strcmp(id, "$position") && strcmp(id, "$count")) {
				free(id);
				p->err = N_("unknown variable in \"%s\" ($index, $position and $count are known)");
				return -1;
			}
			tb_buf_puts(&v->x, id);
			v->kind = V_NUMBER;
			v->plain = 0;
			free(id);
			return 0;
		} else if (add_step(p, v, id) != 0) {
			free(id);
			return -1;
		}
		free(id);
	}
	for (;;) {
		skip(p);
		if (p->pos < p->len && p->s[p->pos] == '.' && !(p->pos + 1 < p->len && p->s[p->pos + 1] == '.')) {
			char *id;
			p->pos++;
			id = ident(p);
			if (!id) {
				p->err = N_("a name is missing after '.' in \"%s\"");
				return -1;
			}
			if (!strcmp(id, "length")) {
				skip(p);
				if (p->pos >= p->len || (p->s[p->pos] != '.' && p->s[p->pos] != '[')) {
					free(id);
					path_done(v, 1);
					return 0;
				}
			}
			if (add_step(p, v, id) != 0) {
				free(id);
				return -1;
			}
			free(id);
		} else if (p->pos < p->len && p->s[p->pos] == '[') {
			p->pos++;
			skip(p);
			if (p->pos < p->len && (p->s[p->pos] == '"' || p->s[p->pos] == '\'')) {
				tb_buf k = TB_BUF_INIT;
				int r = string_lit(p, &k);
				if (r == 0)
					r = add_step(p, v, k.data ? k.data : "");
				tb_buf_free(&k);
				if (r != 0)
					return -1;
			} else {
				long n = 0;
				size_t st = p->pos;
				while (p->pos < p->len && p->s[p->pos] >= '0' && p->s[p->pos] <= '9' && n < 100000000)
					n = n * 10 + (p->s[p->pos++] - '0');
				if (p->pos == st) {
					p->err = N_("only a number or a quoted name can stand in [] in \"%s\"");
					return -1;
				}
				if (!v->path.len)
					tb_buf_puts(&v->path, ".");
				tb_buf_printf(&v->path, "[%ld]", n + 1); /* XPath counts from 1 */
				v->plain = 0;
			}
			if (!eat(p, "]")) {
				p->err = N_("a '[' is not closed in \"%s\"");
				return -1;
			}
		} else
			break;
	}
	path_done(v, 0);
	return 0;
}

/* A path inside a larger expression is looked up through the sections like a lone one. */
static void as_operand(val *v)
{
	if (v->kind != V_PATH || v->dot)
		return;
	tb_buf_reset(&v->x);
	tb_buf_puts(&v->x, "tb-lookup(");
	put_literal(&v->x, v->path.data ? v->path.data : ".");
	tb_buf_puts(&v->x, ")");
}

static void as_truth(val *v, tb_buf *out)
{
	as_operand(v);
	tb_buf_printf(out, "tb-truth(%s)", v->x.data ? v->x.data : "");
}

static void become(val *v, tb_buf *x, vkind kind)
{
	tb_buf_reset(&v->x);
	tb_buf_puts(&v->x, x->data ? x->data : "");
	tb_buf_free(x);
	v->kind = kind;
	v->plain = 0;
	v->dot = 0;
}

static int parse_unary(dtp *p, val *v)
{
	if (eat(p, "!")) {
		val in;
		tb_buf x = TB_BUF_INIT;
		int r;
		if (++p->depth > DT_MAX_NEST) {
			p->err = N_("an expression nested too deeply: \"%s\"");
			return -1;
		}
		val_init(&in);
		r = parse_unary(p, &in);
		p->depth--;
		if (r == 0) {
			tb_buf_puts(&x, "not(");
			as_truth(&in, &x);
			tb_buf_puts(&x, ")");
			become(v, &x, V_OTHER);
		}
		val_free(&in);
		return r;
	}
	if (at(p, "-") && !at(p, "--")) {
		val in;
		tb_buf x = TB_BUF_INIT;
		int r;
		p->pos++;
		val_init(&in);
		r = parse_unary(p, &in);
		if (r == 0) {
			as_operand(&in);
			tb_buf_printf(&x, "-(%s)", in.x.data);
			become(v, &x, V_NUMBER);
		}
		val_free(&in);
		return r;
	}
	eat(p, "+");
	return parse_primary(p, v);
}

typedef int (*level_fn)(dtp *, val *);

/* One level of left-associative binary operators. */
static int binary(dtp *p, val *v, level_fn next, const char *const *ops, const char *const *xp,
                  int nops)
{
	if (next(p, v) != 0)
		return -1;
	for (;;) {
		int k, found = -1;
		val rhs;
		tb_buf x = TB_BUF_INIT;
		for (k = 0; k < nops && found < 0; k++)
			if (at(p, ops[k]))
				found = k;
		if (found < 0)
			return 0;
		/* "=" alone would be an assignment; "|" a filter */
		p->pos += strlen(ops[found]);
		val_init(&rhs);
		if (next(p, &rhs) != 0) {
			val_free(&rhs);
			return -1;
		}
		as_operand(v);
		as_operand(&rhs);
		if (!strcmp(xp[found], "concat")) {
			/* + joins text when either side is text, as JavaScript does */
			if (v->kind == V_STRING || v->kind == V_CONCAT || rhs.kind == V_STRING ||
			    rhs.kind == V_CONCAT) {
				if (v->kind == V_CONCAT) {
					/* concat(a, b) + c → concat(a, b, c) */
					tb_buf_put(&x, v->x.data, v->x.len - 1);
					tb_buf_printf(&x, ", %s)", rhs.x.data);
				} else
					tb_buf_printf(&x, "concat(%s, %s)", v->x.data, rhs.x.data);
				become(v, &x, V_CONCAT);
			} else {
				tb_buf_printf(&x, "(%s + %s)", v->x.data, rhs.x.data);
				become(v, &x, V_NUMBER);
			}
		} else if (!strcmp(xp[found], "or")) { /* a || b: a when true, else b */
			tb_buf_printf(&x, "tb-if(%s, %s, %s)", v->x.data, v->x.data, rhs.x.data);
			become(v, &x, V_OTHER);
		} else if (!strcmp(xp[found], "and")) { /* a && b: a when false, else b */
			tb_buf_printf(&x, "tb-if(%s, %s, %s)", v->x.data, rhs.x.data, v->x.data);
			become(v, &x, V_OTHER);
		} else {
			tb_buf_printf(&x, "(%s %s %s)", v->x.data, xp[found], rhs.x.data);
			become(v, &x, xp[found][0] == '+' || xp[found][0] == '-' || xp[found][0] == '*' ||
			                      !strcmp(xp[found], "div") || !strcmp(xp[found], "mod")
			                  ? V_NUMBER
			                  : V_OTHER);
		}
		val_free(&rhs);
	}
}

static int parse_mul(dtp *p, val *v)
{
	static const char *const ops[] = {"*", "/", "%"}, *const xp[] = {"*", "div", "mod"};
	return binary(p, v, parse_unary, ops, xp, 3);
}

static int parse_add(dtp *p, val *v)
{
	static const char *const ops[] = {"+", "-"}, *const xp[] = {"concat", "-"};
	return binary(p, v, parse_mul, ops, xp, 2);
}

static int parse_rel(dtp *p, val *v)
{
	static const char *const ops[] = {"<=", ">=", "<", ">"}, *const xp[] = {"<=", ">=", "<", ">"};
	return binary(p, v, parse_add, ops, xp, 4);
}

static int parse_eq(dtp *p, val *v)
{
	static const char *const ops[] = {"===", "!==", "==", "!="}, *const xp[] = {"=", "!=", "=", "!="};
	return binary(p, v, parse_rel, ops, xp, 4);
}

static int parse_and(dtp *p, val *v)
{
	static const char *const ops[] = {"&&"}, *const xp[] = {"and"};
	return binary(p, v, parse_eq, ops, xp, 1);
}

static int parse_or(dtp *p, val *v)
{
	static const char *const ops[] = {"||"}, *const xp[] = {"or"};
	return binary(p, v, parse_and, ops, xp, 1);
}

/* c ? a : b */
static int parse_expr(dtp *p, val *v)
{
	val a, b;
	tb_buf x = TB_BUF_INIT;
	int r;
	if (++p->depth > DT_MAX_NEST) {
		p->err = N_("an expression nested too deeply: \"%s\"");
		return -1;
	}
	r = parse_or(p, v);
	p->depth--;
	if (r != 0 || !eat(p, "?"))
		return r;
	val_init(&a);
	val_init(&b);
	r = parse_expr(p, &a);
	if (r == 0 && !eat(p, ":")) {
		p->err = N_("a ':' is missing after '?' in \"%s\"");
		r = -1;
	}
	if (r == 0)
		r = parse_expr(p, &b);
	if (r == 0) {
		as_operand(v);
		as_operand(&a);
		as_operand(&b);
		tb_buf_printf(&x, "tb-if(%s, %s, %s)", v->x.data, a.x.data, b.x.data);
		become(v, &x, V_OTHER);
	}
	val_free(&a);
	val_free(&b);
	return r;
}

static int fail(const char **code, const char **msg, char **arg, const char *c, const char *m,
                const char *s, size_t n)
{
	*code = c;
	*msg = m;
	*arg = strndup(s, n);
	return -1;
}

/* The first '|' (not '||') outside quotes and brackets, or len. */
static size_t filter_start(const char *s, size_t len)
{
	size_t i;
	int depth = 0;
	char q = 0;
	for (i = 0; i < len; i++) {
		char c = s[i];
		if (q) {
			if (c == '\\')
				i++;
			else if (c == q)
				q = 0;
			continue;
		}
		if (c == '"' || c == '\'')
			q = c;
		else if (c == '(' || c == '[')
			depth++;
		else if ((c == ')' || c == ']') && depth)
			depth--;
		else if (c == '|' && !depth) {
			if (i + 1 < len && s[i + 1] == '|') {
				i++;
				continue;
			}
			return i;
		}
	}
	return len;
}

/* "| money:2 | default:'无'" → "| money(2) | default('无')": angular's filter syntax in the
 * formatter syntax of tag.c. */
static char *filters_as_formatters(const char *s, size_t len)
{
	tb_buf b = TB_BUF_INIT;
	size_t i = 0;
	int open = 0;
	char q = 0;
	for (i = 0; i < len; i++) {
		char c = s[i];
		if (q) {
			tb_buf_putc(&b, c);
			if (c == q)
				q = 0;
			continue;
		}
		if (c == '"' || c == '\'') {
			q = c;
			tb_buf_putc(&b, c);
		} else if (c == ':') {
			tb_buf_putc(&b, open ? ',' : '(');
			open = 1;
		} else if (c == '|') {
			if (open)
				tb_buf_putc(&b, ')');
			open = 0;
			tb_buf_putc(&b, c);
		} else if (c == '(' ) {
			open = -1; /* already in tianbiao's syntax */
			tb_buf_putc(&b, c);
		} else
			tb_buf_putc(&b, c);
	}
	if (open == 1)
		tb_buf_putc(&b, ')');
	return tb_buf_detach(&b, NULL);
}

int tb_tag_parse_dt(const char *inner_raw, size_t raw_len, tb_tag *out, const char **code,
                    const char **msg, char **arg)
{
	size_t len, i = 0, e, fpos;
	char *inner = tb_tag_normalize_quotes(inner_raw, raw_len, &len);
	dtp p;
	val v;
	int r = 0;

	memset(out, 0, sizeof *out);
	*arg = NULL;
	if (!inner)
		return fail(code, msg, arg, "fill.syntax", N_("out of memory in \"%s\""), "", 0);
	while (i < len && (inner[i] == ' ' || inner[i] == '\t'))
		i++;
	out->kind = TB_TAG_VALUE;
	if (i < len)
		switch (inner[i]) {
		case '#': out->kind = TB_TAG_OPEN; i++; break;
		case '^': out->kind = TB_TAG_INVERT; i++; break;
		case '/': out->kind = TB_TAG_CLOSE; i++; break;
		case '%': out->kind = TB_TAG_IMAGE; i++; break;
		case '@':
			r = fail(code, msg, arg, "fill.syntax",
			         N_("raw XML tags ({@…}) are not supported: \"%s\"; put text in the data, or a "
			            "picture with {%%…}"),
			         inner, len);
			free(inner);
			return r;
		case '-':
			r = fail(code, msg, arg, "fill.syntax",
			         N_("loops with an explicit element ({-w:p …}) are not supported: \"%s\"; tianbiao "
			            "chooses the paragraph or the row from where the tags stand"),
			         inner, len);
			free(inner);
			return r;
		case '=':
			r = fail(code, msg, arg, "fill.syntax",
			         N_("delimiters cannot be changed inside the template: \"%s\"; use --delimiters"),
			         inner, len);
			free(inner);
			return r;
		default: break;
		}
	e = len;
	while (e > i && (inner[e - 1] == ' ' || inner[e - 1] == '\t'))
		e--;
	while (i < e && (inner[i] == ' ' || inner[i] == '\t'))
		i++;
	fpos = i + filter_start(inner + i, e - i);
	out->expr = strndup(inner + i, e - i);
	if (!out->expr) {
		free(inner);
		return fail(code, msg, arg, "fill.syntax", N_("out of memory in \"%s\""), "", 0);
	}
	if (out->kind == TB_TAG_CLOSE) {
		out->xpath = strdup("");
		free(inner);
		return out->xpath ? 0 : fail(code, msg, arg, "fill.syntax", N_("out of memory in \"%s\""), "", 0);
	}
	if (fpos == i) {
		tb_tag_clear(out);
		r = fail(code, msg, arg, "fill.syntax", N_("the tag \"%s\" has no expression"), inner, len);
		free(inner);
		return r;
	}
	memset(&p, 0, sizeof p);
	p.s = inner + i;
	p.len = fpos - i;
	val_init(&v);
	r = parse_expr(&p, &v);
	skip(&p);
	if (r == 0 && p.pos < p.len) {
		if (p.s[p.pos] == '=' )
			p.err = N_("assignments are not supported in \"%s\"");
		else if (p.s[p.pos] == ';')
			p.err = N_("only one expression can stand in a tag: \"%s\"");
		else if (p.s[p.pos] == '(')
			p.err = N_("function calls are not supported in \"%s\"; see the formatters in docs/tags.md");
		else
			p.err = N_("unexpected text in \"%s\"");
		r = -1;
	}
	if (r != 0) {
		r = fail(code, msg, arg, "fill.syntax", p.err ? p.err : N_("cannot read \"%s\""), inner + i,
		         e - i);
		val_free(&v);
		tb_tag_clear(out);
		free(inner);
		return r;
	}
	out->plain = v.kind == V_PATH && v.plain;
	out->xpath = strdup(v.x.data ? v.x.data : ".");
	val_free(&v);
	if (!out->xpath) {
		tb_tag_clear(out);
		free(inner);
		return fail(code, msg, arg, "fill.syntax", N_("out of memory in \"%s\""), "", 0);
	}
	if (fpos < e) {
		char *f;
		if (out->kind == TB_TAG_OPEN || out->kind == TB_TAG_INVERT) {
			tb_tag_clear(out);
			r = fail(code, msg, arg, "fill.formatter", N_("section tags take no formatters: \"%s\""),
			         inner, len);
			free(inner);
			return r;
		}
		f = filters_as_formatters(inner + fpos, e - fpos);
		r = f ? tb_tag_parse_formatters(f, strlen(f), out, code, msg, arg) : -1;
		free(f);
		if (r != 0)
			tb_tag_clear(out);
	}
	free(inner);
	return r;
}
