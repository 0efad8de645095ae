/* json.h: JSON in and out, in one place: a bounded reader (depth, size, count, string and
 * number limits; every error with line:column) that builds a small tree, the string escaper
 * the JSON writers use, and numbers written as JavaScript writes them. */
#ifndef TB_CORE_JSON_H
#define TB_CORE_JSON_H
#include <stddef.h>
#include "core/buf.h"
#include "tianbiao/tb_core.h"

#define TB_JSON_MAX_BYTES (64u * 1024 * 1024) /* as for XML data */
#define TB_JSON_MAX_DEPTH 200                 /* nested arrays and objects */
#define TB_JSON_MAX_VALUES 4000000u           /* values in one document */
#define TB_JSON_MAX_NUMBER 64                 /* characters of one number */

typedef enum tb_json_type {
	TB_JSON_NULL = 0,
	TB_JSON_FALSE,
	TB_JSON_TRUE,
	TB_JSON_NUMBER,
	TB_JSON_STRING,
	TB_JSON_ARRAY,
	TB_JSON_OBJECT
} tb_json_type;

typedef struct tb_json tb_json;
struct tb_json {
	tb_json_type type;
	char *key;        /* the member's name inside an object (UTF-8), else NULL */
	char *str;        /* strings: the value (UTF-8, may hold NUL: see len) */
	size_t len;
	double num;       /* numbers */
	tb_json *child;   /* arrays and objects: the first item or member */
	tb_json *next;    /* the next item or member of the parent */
	unsigned line, col; /* where the value starts (1-based, column in characters) */
};

/* Parse `len` bytes of UTF-8 JSON (a BOM is skipped). Errors are recorded with `name`, line
 * and column (codes json.syntax, json.encoding, json.string, json.number, json.depth,
 * json.too-large, json.duplicate-key) and *out is NULL. */
tb_status tb_json_parse(tb_ctx *ctx, const char *name, const char *data, size_t len,
                        tb_json **out);
void tb_json_free(tb_json *v);

/* The number as JavaScript's Number.prototype.toString writes it (1.5, 100, 1e+21, 1e-7),
 * so values print as they do for docxtemplater. `out` holds at least 32 bytes. */
void tb_json_number_text(double x, char *out);

/* Append s as a JSON string literal, quotes included. */
tb_status tb_buf_put_json(tb_buf *b, const char *s);

#endif
