/* tag.c: lexing and parsing of template tags. Works on bytes: delimiters are ASCII or whole
 * UTF-8 sequences, so every cut falls on a character boundary. */
#include "fill/tag.h"

#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"

int tb_delims_parse(const char *spec, tb_delims *out)
{
	const char *p = spec, *a, *b;
	size_t na, nb;

	if (!spec) {
		strcpy(out->open, "{{");
		strcpy(out->close, "}}");
		out->olen = out->clen = 2;
		return 0;
	}
	while (*p == ' ')
		p++;
	a = p;
	while (*p && *p != ' ')
		p++;
	na = (size_t)(p - a);
	while (*p == ' ')
		p++;
	b = p;
	while (*p && *p != ' ')
		p++;
	nb = (size_t)(p - b);
	while (*p == ' ')
		p++;
	if (*p || !na || !nb || na > TB_DELIM_MAX || nb > TB_DELIM_MAX)
		return -1;
	memcpy(out->open, a, na);
	out->open[na] = '\0';
	memcpy(out->close, b, nb);
	out->close[nb] = '\0';
	out->olen = na;
	out->clen = nb;
	return 0;
}

static const char *find_sub(const char *h, size_t hlen, const char *n, size_t nlen)
{
	size_t i;
	if (nlen > hlen)
		return NULL;
	for (i = 0; i + nlen <= hlen; i++)
		if (h[i] == n[0] && !memcmp(h + i, n, nlen))
			return h + i;
	return NULL;
}

int tb_tag_find(const tb_delims *d, const char *text, size_t len, size_t from, size_t *start,
                size_t *end)
{
	const char *o;
	size_t i;
	char quote = 0;

	if (from >= len)
		return 0;
	o = find_sub(text + from, len - from, d->open, d->olen);
	if (!o)
		return 0;
	*start = (size_t)(o - text);
	for (i = *start + d->olen; i < len; i++) {
		char c = text[i];
		if (i - *start > TB_TAG_MAX_LEN)
			return -1;
		if (quote) {
			if (c == quote)
				quote = 0;
			continue;
		}
		if ((c == '"' || c == '\'') && i > *start + d->olen) {
			quote = c;
			continue;
		}
		if (i + d->clen <= len && !memcmp(text + i, d->close, d->clen)) {
			*end = i + d->clen;
			return 1;
		}
	}
	/* An unbalanced quote must not hide a close delimiter: retry without quote rules. */
	o = find_sub(text + *start + d->olen, len - *start - d->olen, d->close, d->clen);
	if (o && (size_t)(o - text) - *start <= TB_TAG_MAX_LEN) {
		*end = (size_t)(o - text) + d->clen;
		return 1;
	}
	return -1;
}

static int is_name_start(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c >= 0x80;
}

static int is_name_char(unsigned char c)
{
	return is_name_start(c) || (c >= '0' && c <= '9') || c == '-';
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static char *dup_trim(const char *s, size_t n)
{
	char *r;
	while (n && is_space(*s)) {
		s++;
		n--;
	}
	while (n && is_space(s[n - 1]))
		n--;
	r = malloc(n + 1);
	if (r) {
		memcpy(r, s, n);
		r[n] = '\0';
	}
	return r;
}

/* name(.name)+ with nothing else: a dotted path (the only form converted to slashes). */
static int is_dotted(const char *s)
{
	int dots = 0;
	if (!is_name_start((unsigned char)*s))
		return 0;
	for (; *s; s++) {
		if (*s == '.') {
			if (!is_name_start((unsigned char)s[1]))
				return 0;
			dots++;
		} else if (!is_name_char((unsigned char)*s))
			return 0;
	}
	return dots > 0;
}

/* name(/name)*(/@name)? or @name: eligible for lookup in enclosing scopes. */
static int is_plain(const char *s)
{
	int attr = 0;
	for (;;) {
		if (*s == '@') {
			attr = 1;
			s++;
		}
		if (!is_name_start((unsigned char)*s))
			return 0;
		while (is_name_char((unsigned char)*s))
			s++;
		if (!*s)
			return 1;
		if (*s != '/' || attr)
			return 0;
		s++;
	}
}

/* Index of the first top-level '|' that starts a formatter (identifier then '(' '|' or end),
 * or len. Quotes, brackets and parentheses hide pipes (XPath unions stay usable). */
static size_t find_pipe(const char *s, size_t len)
{
	size_t i, j;
	int depth = 0;
	char quote = 0;
	for (i = 0; i < len; i++) {
		char c = s[i];
		if (quote) {
			if (c == quote)
				quote = 0;
			continue;
		}
		if (c == '"' || c == '\'')
			quote = c;
		else if (c == '(' || c == '[')
			depth++;
		else if ((c == ')' || c == ']') && depth > 0)
			depth--;
		else if (c == '|' && depth == 0) {
			j = i + 1;
			while (j < len && is_space(s[j]))
				j++;
			if (j < len && (unsigned char)s[j] < 0x80 && is_name_start((unsigned char)s[j])) {
				while (j < len && (is_name_char((unsigned char)s[j])))
					j++;
				while (j < len && is_space(s[j]))
					j++;
				if (j == len || s[j] == '(' || s[j] == '|')
					return i;
			}
		}
	}
	return len;
}

static int parse_normalized(const char *inner, size_t len, tb_tag *out, const char **code,
                            const char **msg, char **arg);

static int fail(const char **code, const char **msg, char **arg, const char *c, const char *m,
                const char *a, size_t alen)
{
	*code = c;
	*msg = m;
	*arg = dup_trim(a, alen);
	return -1;
}

int tb_tag_parse_formatters(const char *s, size_t len, tb_tag *t, const char **code,
                            const char **msg, char **arg)
{
	size_t i = 0, j;
	while (i < len) {
		tb_tag_fmt *f;
		const char *problem;
		while (i < len && is_space(s[i]))
			i++;
		if (i >= len || s[i] != '|')
			return fail(code, msg, arg, "fill.formatter",
			            N_("expected '|' before the formatter in \"%s\""), s, len);
		i++;
		while (i < len && is_space(s[i]))
			i++;
		j = i;
		while (j < len && (unsigned char)s[j] < 0x80 && is_name_char((unsigned char)s[j]))
			j++;
		if (j == i)
			return fail(code, msg, arg, "fill.formatter",
			            N_("a formatter name is missing in \"%s\""), s, len);
		if (t->nfmt >= TB_TAG_MAX_FMT)
			return fail(code, msg, arg, "fill.formatter", N_("too many formatters in \"%s\""),
			            s, len);
		f = &t->fmt[t->nfmt++];
		f->name = dup_trim(s + i, j - i);
		if (!f->name)
			return fail(code, msg, arg, "fill.syntax", N_("out of memory in \"%s\""), s, 0);
		i = j;
		while (i < len && is_space(s[i]))
			i++;
		if (i < len && s[i] == '(') {
			i++;
			for (;;) {
				size_t a;
				while (i < len && is_space(s[i]))
					i++;
				if (i < len && s[i] == ')' && f->nargs == 0) {
					i++;
					break;
				}
				if (f->nargs >= TB_TAG_MAX_ARGS)
					return fail(code, msg, arg, "fill.formatter",
					            N_("too many arguments for formatter \"%s\""), f->name,
					            strlen(f->name));
				if (i < len && (s[i] == '"' || s[i] == '\'')) {
					char q = s[i++];
					a = i;
					while (i < len && s[i] != q)
						i++;
					if (i >= len)
						return fail(code, msg, arg, "fill.formatter",
						            N_("unterminated string in formatter \"%s\""), f->name,
						            strlen(f->name));
					f->is_str[f->nargs] = 1;
					f->args[f->nargs] = malloc(i - a + 1);
					if (!f->args[f->nargs])
						return fail(code, msg, arg, "fill.syntax", N_("out of memory in \"%s\""),
						            s, 0);
					memcpy(f->args[f->nargs], s + a, i - a);
					f->args[f->nargs][i - a] = '\0';
					f->nargs++;
					i++;
				} else {
					a = i;
					if (i < len && s[i] == '-')
						i++;
					while (i < len && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.'))
						i++;
					if (i == a)
						return fail(code, msg, arg, "fill.formatter",
						            N_("formatter \"%s\" takes numbers or quoted strings"),
						            f->name, strlen(f->name));
					f->is_str[f->nargs] = 0;
					f->args[f->nargs] = dup_trim(s + a, i - a);
					if (!f->args[f->nargs])
						return fail(code, msg, arg, "fill.syntax", N_("out of memory in \"%s\""),
						            s, 0);
					f->nargs++;
				}
				while (i < len && is_space(s[i]))
					i++;
				if (i < len && s[i] == ',') {
					i++;
					continue;
				}
				if (i < len && s[i] == ')') {
					i++;
					break;
				}
				return fail(code, msg, arg, "fill.formatter",
				            N_("expected ',' or ')' in the arguments of \"%s\""), f->name,
				            strlen(f->name));
			}
		}
		problem = tb_fmt_check(f->name, f->nargs, f->is_str);
		if (problem)
			return fail(code, msg, arg, "fill.formatter", problem, f->name, strlen(f->name));
	}
	return 0;
}

char *tb_tag_normalize_quotes(const char *s, size_t len, size_t *olen)
{
	char *r = malloc(len + 1), quote = 0;
	size_t i = 0, o = 0;
	if (!r)
		return NULL;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		/* “ ” (E2 80 9C/9D) and ‘ ’ (E2 80 98/99) outside ASCII quotes stand for them */
		if (!quote && c == 0xE2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80) {
			unsigned char k = (unsigned char)s[i + 2];
			if (k == 0x9C || k == 0x9D || k == 0x98 || k == 0x99) {
				r[o++] = k == 0x9C || k == 0x9D ? '"' : '\'';
				i += 3;
				continue;
			}
		}
		if (quote && c == (unsigned char)quote)
			quote = 0;
		else if (!quote && (c == '"' || c == '\''))
			quote = (char)c;
		r[o++] = (char)c;
		i++;
	}
	r[o] = '\0';
	*olen = o;
	return r;
}

int tb_tag_parse(const char *inner_raw, size_t raw_len, tb_tag *out, const char **code,
                 const char **msg, char **arg)
{
	size_t len;
	char *inner = tb_tag_normalize_quotes(inner_raw, raw_len, &len);
	int r;
	memset(out, 0, sizeof *out);
	*arg = NULL;
	if (!inner)
		return fail(code, msg, arg, "fill.syntax", N_("out of memory in \"%s\""), inner_raw, 0);
	r = parse_normalized(inner, len, out, code, msg, arg);
	free(inner);
	return r;
}

static int parse_normalized(const char *inner, size_t len, tb_tag *out, const char **code,
                            const char **msg, char **arg)
{
	size_t i = 0, pipe;
	while (i < len && is_space(inner[i]))
		i++;
	out->kind = TB_TAG_VALUE;
	if (i < len) {
		switch (inner[i]) {
		case '#':
		case '?': out->kind = TB_TAG_OPEN; i++; break;
		case '^': out->kind = TB_TAG_INVERT; i++; break;
		case '/': out->kind = TB_TAG_CLOSE; i++; break;
		case '%': out->kind = TB_TAG_IMAGE; i++; break;
		default: break;
		}
	}
	pipe = i + find_pipe(inner + i, len - i);
	out->expr = dup_trim(inner + i, pipe - i);
	if (!out->expr) {
		tb_tag_clear(out);
		return fail(code, msg, arg, "fill.syntax", N_("out of memory in \"%s\""), inner, 0);
	}
	if (!*out->expr && out->kind != TB_TAG_CLOSE) {
		tb_tag_clear(out);
		return fail(code, msg, arg, "fill.syntax", N_("the tag \"%s\" has no expression"), inner,
		            len);
	}
	if (pipe < len) {
		if (out->kind == TB_TAG_OPEN || out->kind == TB_TAG_INVERT || out->kind == TB_TAG_CLOSE) {
			tb_tag_clear(out);
			return fail(code, msg, arg, "fill.formatter",
			            N_("section tags take no formatters: \"%s\""), inner, len);
		}
		if (tb_tag_parse_formatters(inner + pipe, len - pipe, out, code, msg, arg) != 0) {
			tb_tag_clear(out);
			return -1;
		}
	}
	if (is_dotted(out->expr)) {
		char *p;
		out->xpath = strdup(out->expr);
		if (out->xpath)
			for (p = out->xpath; *p; p++)
				if (*p == '.')
					*p = '/';
	} else
		out->xpath = strdup(out->expr);
	if (!out->xpath) {
		tb_tag_clear(out);
		return fail(code, msg, arg, "fill.syntax", N_("out of memory in \"%s\""), inner, 0);
	}
	out->plain = is_plain(out->xpath);
	return 0;
}

void tb_tag_clear(tb_tag *t)
{
	int i, k;
	if (!t)
		return;
	free(t->expr);
	free(t->xpath);
	for (i = 0; i < t->nfmt; i++) {
		free(t->fmt[i].name);
		for (k = 0; k < t->fmt[i].nargs; k++)
			free(t->fmt[i].args[k]);
	}
	memset(t, 0, sizeof *t);
}
