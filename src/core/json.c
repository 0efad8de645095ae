/* json.c: the JSON reader (recursive descent, bounded), the string escaper and JavaScript's
 * number formatting. Numbers are read and written in the C locale whatever the user's is. */
#include "core/json.h"

#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ctx.h"
#include "core/i18n.h"
#include "core/utf8.h"

typedef struct jp {
	tb_ctx *ctx;
	const char *name;
	const char *s;
	size_t len, pos;
	size_t line_start;
	unsigned line;
	size_t values;
	int failed;
} jp;

static locale_t c_locale;
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;

static void c_locale_init(void)
{
	c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

static locale_t the_c_locale(void)
{
	pthread_once(&c_locale_once, c_locale_init);
	return c_locale;
}

static unsigned column_at(const jp *p, size_t off)
{
	size_t i;
	unsigned col = 1;
	for (i = p->line_start; i < off && i < p->len; i++)
		if (((unsigned char)p->s[i] & 0xC0) != 0x80)
			col++;
	return col;
}

static tb_status fail(jp *p, size_t at, const char *code, const char *hint, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static tb_status fail(jp *p, size_t at, const char *code, const char *hint, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	if (p->failed)
		return TB_ERROR;
	p->failed = 1;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, _(fmt), ap);
	va_end(ap);
	tb_error(p->ctx, code, p->name, p->line, column_at(p, at), hint, "%s", msg);
	return TB_ERROR;
}

static void skip_ws(jp *p)
{
	while (p->pos < p->len) {
		char c = p->s[p->pos];
		if (c == '\n') {
			p->line++;
			p->line_start = ++p->pos;
		} else if (c == ' ' || c == '\t' || c == '\r')
			p->pos++;
		else
			break;
	}
}

static tb_json *new_value(jp *p, tb_json_type type)
{
	tb_json *v;
	if (++p->values > TB_JSON_MAX_VALUES) {
		fail(p, p->pos, "json.too-large", N_("Split the data, or leave out what the template does not use."),
		     N_("more than %u values"), TB_JSON_MAX_VALUES);
		return NULL;
	}
	v = calloc(1, sizeof *v);
	if (!v) {
		fail(p, p->pos, "json.too-large", NULL, N_("out of memory"));
		return NULL;
	}
	v->type = type;
	v->line = p->line;
	v->col = column_at(p, p->pos);
	return v;
}

static int hex4(const char *s, unsigned *out)
{
	unsigned v = 0;
	int i;
	for (i = 0; i < 4; i++) {
		char c = s[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

/* A string literal at p->pos (the opening quote) into a new buffer. */
static tb_status read_string(jp *p, char **out, size_t *olen)
{
	tb_buf b;
	size_t start = p->pos;
	tb_buf_init(&b, TB_JSON_MAX_BYTES);
	p->pos++;
	for (;;) {
		unsigned char c;
		if (p->pos >= p->len) {
			tb_buf_free(&b);
			return fail(p, start, "json.string", N_("Close the string with a double quote on the same line."),
			            N_("the string is not closed"));
		}
		c = (unsigned char)p->s[p->pos];
		if (c == '"') {
			p->pos++;
			break;
		}
		if (c < 0x20) {
			tb_buf_free(&b);
			return fail(p, p->pos, "json.string", N_("Write a line break as \\n and a tab as \\t inside strings."),
			            N_("a control character (U+%04X) inside a string"), c);
		}
		if (c == '\\') {
			char e = p->pos + 1 < p->len ? p->s[p->pos + 1] : '\0';
			const char *rep = NULL;
			switch (e) {
			case '"': rep = "\""; break;
			case '\\': rep = "\\"; break;
			case '/': rep = "/"; break;
			case 'b': rep = "\b"; break;
			case 'f': rep = "\f"; break;
			case 'n': rep = "\n"; break;
			case 'r': rep = "\r"; break;
			case 't': rep = "\t"; break;
			case 'u': break;
			default:
				tb_buf_free(&b);
				return fail(p, p->pos, "json.string", N_("Escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX."),
				            N_("an unknown escape in a string"));
			}
			if (rep) {
				tb_buf_puts(&b, rep);
				p->pos += 2;
			} else {
				unsigned u, lo;
				char enc[4];
				size_t n;
				if (p->pos + 6 > p->len || hex4(p->s + p->pos + 2, &u) != 0) {
					tb_buf_free(&b);
					return fail(p, p->pos, "json.string", N_("Write \\u and four hexadecimal digits."),
					            N_("a bad \\u escape"));
				}
				if (u >= 0xD800 && u <= 0xDBFF) {
					if (p->pos + 12 > p->len || p->s[p->pos + 6] != '\\' || p->s[p->pos + 7] != 'u' ||
					    hex4(p->s + p->pos + 8, &lo) != 0 || lo < 0xDC00 || lo > 0xDFFF) {
						tb_buf_free(&b);
						return fail(p, p->pos, "json.string", N_("A high surrogate must be followed by a low one (\\uD83D\\uDE00)."),
						            N_("a lone surrogate in a \\u escape"));
					}
					u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
					p->pos += 6;
				} else if (u >= 0xDC00 && u <= 0xDFFF) {
					tb_buf_free(&b);
					return fail(p, p->pos, "json.string", N_("A high surrogate must be followed by a low one (\\uD83D\\uDE00)."),
					            N_("a lone surrogate in a \\u escape"));
				} else if (u == 0) {
					tb_buf_free(&b);
					return fail(p, p->pos, "json.string", N_("Remove the \\u0000: documents cannot hold it."),
					            N_("a NUL character in a string"));
				}
				n = tb_utf8_encode(u, enc);
				tb_buf_put(&b, enc, n);
				p->pos += 6;
			}
			continue;
		}
		if (c < 0x80) {
			tb_buf_putc(&b, (char)c);
			p->pos++;
		} else {
			size_t i = p->pos;
			if (tb_utf8_next(p->s, p->len, &i) < 0) {
				tb_buf_free(&b);
				return fail(p, p->pos, "json.encoding", N_("Save the file as UTF-8."),
				            N_("the bytes are not UTF-8"));
			}
			tb_buf_put(&b, p->s + p->pos, i - p->pos);
			p->pos = i;
		}
		if (b.max && b.len >= b.max) {
			tb_buf_free(&b);
			return fail(p, start, "json.too-large", NULL, N_("a string is too long"));
		}
	}
	*out = tb_buf_detach(&b, olen);
	return *out ? TB_OK : fail(p, start, "json.too-large", NULL, N_("out of memory"));
}

static tb_status read_number(jp *p, tb_json *v)
{
	size_t s = p->pos, i = p->pos;
	char tmp[TB_JSON_MAX_NUMBER + 1];
	const char *d = p->s;
	if (i < p->len && d[i] == '-')
		i++;
	if (i < p->len && d[i] == '0')
		i++;
	else if (i < p->len && d[i] >= '1' && d[i] <= '9')
		while (i < p->len && d[i] >= '0' && d[i] <= '9')
			i++;
	else
		return fail(p, s, "json.number", N_("Numbers are written like 12, -3.5 or 1e6; quote other text."),
		            N_("not a number"));
	if (i < p->len && d[i] == '.') {
		size_t f = ++i;
		while (i < p->len && d[i] >= '0' && d[i] <= '9')
			i++;
		if (i == f)
			return fail(p, s, "json.number", N_("Write a digit after the decimal point (1.0, not 1.)."),
			            N_("a number ends with a decimal point"));
	}
	if (i < p->len && (d[i] == 'e' || d[i] == 'E')) {
		size_t f;
		i++;
		if (i < p->len && (d[i] == '+' || d[i] == '-'))
			i++;
		f = i;
		while (i < p->len && d[i] >= '0' && d[i] <= '9')
			i++;
		if (i == f)
			return fail(p, s, "json.number", NULL, N_("an exponent without digits"));
	}
	if (i - s > TB_JSON_MAX_NUMBER)
		return fail(p, s, "json.number", N_("Write long numbers (identity card, account numbers) as strings in quotes."),
		            N_("a number longer than %d characters"), TB_JSON_MAX_NUMBER);
	memcpy(tmp, d + s, i - s);
	tmp[i - s] = '\0';
	{
		locale_t old = uselocale(the_c_locale());
		v->num = strtod(tmp, NULL);
		uselocale(old);
	}
	if (!isfinite(v->num))
		return fail(p, s, "json.number", N_("Write very large numbers as strings in quotes."),
		            N_("the number %s is out of range"), tmp);
	/* Whole numbers beyond 2^53 do not survive a double: say so rather than print other
	 * digits (an identity card number written without quotes). */
	if (!strpbrk(tmp, ".eE") && fabs(v->num) > 9007199254740992.0)
		return fail(p, s, "json.number",
		            N_("Write long numbers (identity card, account numbers) as strings in quotes."),
		            N_("the number %s has more digits than can be kept exactly"), tmp);
	p->pos = i;
	return TB_OK;
}

static int cmp_keys(const void *a, const void *b)
{
	const tb_json *x = *(tb_json *const *)a, *y = *(tb_json *const *)b;
	return strcmp(x->key, y->key);
}

/* Members with the same name would silently become two elements: refuse them. */
static tb_status check_duplicates(jp *p, tb_json *obj, size_t n)
{
	tb_json **v, *m;
	size_t i = 0;
	tb_status st = TB_OK;
	if (n < 2)
		return TB_OK;
	v = malloc(n * sizeof *v);
	if (!v)
		return fail(p, p->pos, "json.too-large", NULL, N_("out of memory"));
	for (m = obj->child; m; m = m->next)
		v[i++] = m;
	qsort(v, n, sizeof *v, cmp_keys);
	for (i = 1; i < n; i++)
		if (!strcmp(v[i - 1]->key, v[i]->key)) {
			tb_json *later = v[i]->line > v[i - 1]->line ||
			                         (v[i]->line == v[i - 1]->line && v[i]->col > v[i - 1]->col)
			                     ? v[i]
			                     : v[i - 1];
			p->failed = 1;
			tb_error(p->ctx, "json.duplicate-key", p->name, later->line, later->col,
			         N_("Keep one member of that name in the object."),
			         N_("the key \"%s\" appears twice in one object"), later->key);
			st = TB_ERROR;
			break;
		}
	free(v);
	return st;
}

static tb_status read_value(jp *p, tb_json **out, int depth);

static tb_status read_container(jp *p, tb_json *v, int depth)
{
	int object = v->type == TB_JSON_OBJECT;
	char close = object ? '}' : ']';
	tb_json **tail = &v->child;
	size_t n = 0;
	p->pos++;
	skip_ws(p);
	if (p->pos < p->len && p->s[p->pos] == close) {
		p->pos++;
		return TB_OK;
	}
	for (;;) {
		char *key = NULL;
		size_t klen = 0;
		unsigned kline = 0, kcol = 0;
		tb_json *item = NULL;
		tb_status st;
		skip_ws(p);
		if (object) {
			size_t kpos = p->pos;
			kline = p->line;
			kcol = column_at(p, p->pos);
			if (p->pos >= p->len || p->s[p->pos] != '"')
				return fail(p, p->pos, "json.syntax", N_("Member names are strings in double quotes: {\"name\": 1}."),
				            N_("expected a member name in double quotes"));
			if (read_string(p, &key, &klen) != TB_OK)
				return TB_ERROR;
			if (strlen(key) != klen) {
				free(key);
				return fail(p, kpos, "json.string", NULL, N_("a NUL character in a member name"));
			}
			skip_ws(p);
			if (p->pos >= p->len || p->s[p->pos] != ':') {
				free(key);
				return fail(p, p->pos, "json.syntax", NULL, N_("expected ':' after the member name"));
			}
			p->pos++;
			skip_ws(p);
		}
		st = read_value(p, &item, depth + 1);
		if (st != TB_OK) {
			free(key);
			tb_json_free(item);
			return st;
		}
		item->key = key;
		if (object) { /* a member is where its name is */
			item->line = kline;
			item->col = kcol;
		}
		*tail = item;
		tail = &item->next;
		n++;
		skip_ws(p);
		if (p->pos < p->len && p->s[p->pos] == ',') {
			p->pos++;
			skip_ws(p);
			if (p->pos < p->len && p->s[p->pos] == close)
				return fail(p, p->pos, "json.syntax", N_("Remove the comma after the last item."),
				            N_("a comma before '%c'"), close);
			continue;
		}
		if (p->pos < p->len && p->s[p->pos] == close) {
			p->pos++;
			break;
		}
		if (p->pos >= p->len)
			return fail(p, p->pos, "json.syntax", NULL, N_("the data ends inside %s"),
			            object ? _("an object") : _("an array"));
		return fail(p, p->pos, "json.syntax", N_("Separate items with commas."),
		            N_("expected ',' or '%c'"), close);
	}
	return object ? check_duplicates(p, v, n) : TB_OK;
}

static int word_at(const jp *p, const char *w)
{
	size_t n = strlen(w);
	return p->pos + n <= p->len && !memcmp(p->s + p->pos, w, n);
}

static tb_status read_value(jp *p, tb_json **out, int depth)
{
	tb_json *v;
	char c;
	*out = NULL;
	skip_ws(p);
	if (p->pos >= p->len)
		return fail(p, p->pos, "json.syntax", NULL, N_("the data ends where a value was expected"));
	if (depth > TB_JSON_MAX_DEPTH)
		return fail(p, p->pos, "json.depth", NULL, N_("arrays and objects are nested more than %d deep"),
		            TB_JSON_MAX_DEPTH);
	c = p->s[p->pos];
	switch (c) {
	case '{': v = new_value(p, TB_JSON_OBJECT); break;
	case '[': v = new_value(p, TB_JSON_ARRAY); break;
	case '"': v = new_value(p, TB_JSON_STRING); break;
	case 't': v = new_value(p, TB_JSON_TRUE); break;
	case 'f': v = new_value(p, TB_JSON_FALSE); break;
	case 'n': v = new_value(p, TB_JSON_NULL); break;
	default:
		if (c == '-' || (c >= '0' && c <= '9')) {
			v = new_value(p, TB_JSON_NUMBER);
			break;
		}
		if (c == '\'')
			return fail(p, p->pos, "json.syntax", N_("JSON strings use double quotes."),
			            N_("a string in single quotes"));
		return fail(p, p->pos, "json.syntax", N_("A value is a string, number, true, false, null, an array or an object."),
		            N_("unexpected character '%c'"), (unsigned char)c < 0x80 && c >= 0x20 ? c : '?');
	}
	if (!v)
		return TB_ERROR;
	*out = v;
	switch (v->type) {
	case TB_JSON_OBJECT:
	case TB_JSON_ARRAY: return read_container(p, v, depth);
	case TB_JSON_STRING: return read_string(p, &v->str, &v->len);
	case TB_JSON_NUMBER: return read_number(p, v);
	default: {
		const char *w = v->type == TB_JSON_TRUE ? "true" : v->type == TB_JSON_FALSE ? "false" : "null";
		if (!word_at(p, w))
			return fail(p, p->pos, "json.syntax", N_("Quote text: \"yes\", not yes."),
			            N_("unexpected word (true, false or null expected)"));
		p->pos += strlen(w);
		return TB_OK;
	}
	}
}

tb_status tb_json_parse(tb_ctx *ctx, const char *name, const char *data, size_t len,
                        tb_json **out)
{
	jp p;
	tb_json *root = NULL;
	size_t bad;
	*out = NULL;
	memset(&p, 0, sizeof p);
	p.ctx = ctx;
	p.name = name;
	p.s = data;
	p.len = len;
	p.line = 1;
	if (len > TB_JSON_MAX_BYTES) {
		tb_error(ctx, "json.too-large", name, 0, 0, NULL, N_("the data is larger than %u MiB"),
		         TB_JSON_MAX_BYTES >> 20);
		return TB_ERROR;
	}
	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
		p.pos = p.line_start = 3;
	if (!tb_utf8_valid(data, len, &bad)) {
		size_t i;
		for (i = p.pos; i < bad; i++)
			if (data[i] == '\n') {
				p.line++;
				p.line_start = i + 1;
			}
		fail(&p, bad, "json.encoding", N_("Save the file as UTF-8."), N_("the bytes are not UTF-8"));
		return TB_ERROR;
	}
	if (read_value(&p, &root, 0) == TB_OK) {
		skip_ws(&p);
		if (p.pos < len)
			fail(&p, p.pos, "json.syntax", N_("Put everything in one object or array."),
			     N_("more data after the end of the value"));
	}
	if (p.failed) {
		tb_json_free(root);
		return TB_ERROR;
	}
	*out = root;
	return TB_OK;
}

void tb_json_free(tb_json *v)
{
	while (v) {
		tb_json *next = v->next;
		tb_json_free(v->child);
		free(v->key);
		free(v->str);
		free(v);
		v = next;
	}
}

void tb_json_number_text(double x, char *out)
{
	char buf[40], digits[24];
	int p, k = 0, e, n, i, o = 0;
	const char *m;
	locale_t old;
	if (isnan(x)) {
		strcpy(out, "NaN");
		return;
	}
	if (isinf(x)) {
		strcpy(out, x < 0 ? "-Infinity" : "Infinity");
		return;
	}
	if (x == 0) {
		strcpy(out, "0");
		return;
	}
	if (x < 0) {
		out[o++] = '-';
		x = -x;
	}
	old = uselocale(the_c_locale());
	for (p = 1; p <= 17; p++) {
		snprintf(buf, sizeof buf, "%.*e", p - 1, x);
		if (strtod(buf, NULL) == x)
			break;
	}
	uselocale(old);
	/* buf is d[.ddd]e±XX: gather the digits, strip trailing zeros */
	for (m = buf; *m && *m != 'e'; m++)
		if (*m >= '0' && *m <= '9')
			digits[k++] = *m;
	while (k > 1 && digits[k - 1] == '0')
		k--;
	e = atoi(m + 1);
	n = e + 1; /* x = 0.d1d2... × 10^n */
	if (k <= n && n <= 21) {
		for (i = 0; i < k; i++)
			out[o++] = digits[i];
		for (; i < n; i++)
			out[o++] = '0';
	} else if (0 < n && n <= 21) {
		for (i = 0; i < n; i++)
			out[o++] = digits[i];
		out[o++] = '.';
		for (; i < k; i++)
			out[o++] = digits[i];
	} else if (-6 < n && n <= 0) {
		out[o++] = '0';
		out[o++] = '.';
		for (i = 0; i < -n; i++)
			out[o++] = '0';
		for (i = 0; i < k; i++)
			out[o++] = digits[i];
	} else {
		out[o++] = digits[0];
		if (k > 1) {
			out[o++] = '.';
			for (i = 1; i < k; i++)
				out[o++] = digits[i];
		}
		o += snprintf(out + o, 8, "e%c%d", n - 1 < 0 ? '-' : '+', abs(n - 1));
	}
	out[o] = '\0';
}

/* The one JSON string escaper: the escape for byte c into out (at least 7 bytes), or NULL when
 * c stands for itself. UTF-8 passes through unchanged, as RFC 8259 allows. */
static const char *json_escape(unsigned char c, char *out)
{
	switch (c) {
	case '"': return "\\\"";
	case '\\': return "\\\\";
	case '\n': return "\\n";
	case '\r': return "\\r";
	case '\t': return "\\t";
	default:
		if (c >= 0x20)
			return NULL;
		snprintf(out, 7, "\\u%04x", c);
		return out;
	}
}

tb_status tb_buf_put_json(tb_buf *b, const char *s)
{
	char tmp[8];
	tb_status st = tb_buf_putc(b, '"');
	for (; s && *s && !st; s++) {
		const char *e = json_escape((unsigned char)*s, tmp);
		st = e ? tb_buf_puts(b, e) : tb_buf_putc(b, *s);
	}
	return st ? st : tb_buf_putc(b, '"');
}

void tb_json_print(FILE *out, const char *s)
{
	char tmp[8];
	if (!s) {
		fputs("null", out);
		return;
	}
	fputc('"', out);
	for (; *s; s++) {
		const char *e = json_escape((unsigned char)*s, tmp);
		if (e)
			fputs(e, out);
		else
			fputc(*s, out);
	}
	fputc('"', out);
}
