/* tag.h: the tag language's lexer and parser: finds `{{…}}` tags in a paragraph's text and
 * splits one into kind, XPath expression and formatter chain. Pure string code (fuzzed). */
#ifndef TB_FILL_TAG_H
#define TB_FILL_TAG_H
#include <stddef.h>

#define TB_TAG_MAX_FMT 8
#define TB_TAG_MAX_ARGS 4
#define TB_TAG_MAX_LEN 4096 /* longest tag accepted, delimiters included */
#define TB_DELIM_MAX 8

typedef enum tb_tag_kind {
	TB_TAG_VALUE = 0, /* {{expr}} */
	TB_TAG_OPEN,      /* {{#expr}} or {{?expr}} */
	TB_TAG_INVERT,    /* {{^expr}} */
	TB_TAG_CLOSE,     /* {{/expr}} or {{/}} */
	TB_TAG_IMAGE,     /* {{%expr}} */
	TB_TAG_CHECKBOX   /* a content-control or form checkbox (not written as text) */
} tb_tag_kind;

typedef struct tb_tag_fmt {
	char *name;
	int nargs;
	char *args[TB_TAG_MAX_ARGS];
	int is_str[TB_TAG_MAX_ARGS]; /* 1 = quoted string, 0 = number */
} tb_tag_fmt;

typedef struct tb_tag {
	tb_tag_kind kind;
	char *expr;  /* as written, trimmed ("" for {{/}}) */
	char *xpath; /* what is evaluated: dotted paths converted to slashes */
	int plain;   /* a plain name path: looked up in enclosing scopes when not found */
	int nfmt;
	tb_tag_fmt fmt[TB_TAG_MAX_FMT];
} tb_tag;

typedef struct tb_delims {
	char open[TB_DELIM_MAX + 1], close[TB_DELIM_MAX + 1];
	size_t olen, clen;
} tb_delims;

/* "{{ }}" style: two non-empty tokens separated by spaces. Returns 0 or -1. NULL = default. */
int tb_delims_parse(const char *spec, tb_delims *out);

/* Find the next tag in text[from..len). Returns 1 and [*start,*end) (delimiters included),
 * 0 when there is none, -1 when an open delimiter is never closed (*start set) or the tag is
 * longer than TB_TAG_MAX_LEN. Quoted strings inside a tag may contain the close delimiter. */
int tb_tag_find(const tb_delims *d, const char *text, size_t len, size_t from, size_t *start,
                size_t *end);

/* Parse the inside of a tag (between the delimiters). On a problem returns -1 and sets *code
 * ("fill.formatter", "fill.syntax"), *msg (an English msgid with one %s) and *arg (the
 * offending piece, caller frees); the tag is then cleared. */
int tb_tag_parse(const char *inner, size_t len, tb_tag *out, const char **code, const char **msg,
                 char **arg);
void tb_tag_clear(tb_tag *t);
/* The *msg of a parse that ran out of memory (the msgid is written out where it is used). */
#define TB_TAG_NOMEM "out of memory in \"%s\""

/* The same for docxtemplater's tags ({name}, {#list}, {^list}, {/}, {a.b}, {$index}, the
 * angular expressions subset of docs/tags.md) translated to XPath (dt_tag.c). */
int tb_tag_parse_dt(const char *inner, size_t len, tb_tag *out, const char **code,
                    const char **msg, char **arg);

/* `| name(args) | name:arg:arg` after an expression, appended to t->fmt. */
int tb_tag_parse_formatters(const char *s, size_t len, tb_tag *t, const char **code,
                            const char **msg, char **arg);

/* Typographic quotes (“ ” ‘ ’) that stand outside ASCII quotes become ASCII quotes, as Word's
 * autocorrect puts them where " and ' were typed. Returns a new string (length in *olen). */
char *tb_tag_normalize_quotes(const char *s, size_t len, size_t *olen);

/* Known formatters: returns NULL when `name` with these arguments is fine, else a msgid with
 * one %s for the name. */
const char *tb_fmt_check(const char *name, int nargs, const int *is_str);

#endif
