/* test_json.c: the JSON reader (values, limits, errors with line:column), JavaScript number
 * text, and the escaper. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/ctx.h"
#include "core/json.h"

static tb_json *parse(tb_ctx *ctx, const char *s)
{
	tb_json *v = NULL;
	tb_json_parse(ctx, "d.json", s, strlen(s), &v);
	return v;
}

/* Parse must fail with `code` at line:col. */
static void fails(const char *s, const char *code, unsigned line, unsigned col)
{
	tb_ctx *ctx;
	tb_json *v;
	const tb_diag *d;
	if (tb_ctx_new(&ctx) != TB_OK)
		abort(); /* out of memory: nothing to test */
	v = parse(ctx, s);
	CHECK(v == NULL);
	d = tb_diag_count(ctx) ? tb_diag_get(ctx, 0) : NULL;
	CHECK(d != NULL);
	if (d) {
		CHECK_EQ_STR(d->code, code);
		CHECK_EQ_INT(d->line, line);
		CHECK_EQ_INT(d->column, col);
		CHECK_EQ_STR(d->file, "d.json");
	}
	tb_json_free(v);
	tb_ctx_free(ctx);
}

TEST(values)
{
	tb_ctx *ctx;
	tb_json *v, *m;
	if (tb_ctx_new(&ctx) != TB_OK)
		abort(); /* out of memory: nothing to test */
	v = parse(ctx, "\xEF\xBB\xBF{\"name\": \"Hello \", \"n\": -1.5e2, \"ok\": true, \"no\": false,\n"
	               " \"nil\": null, \"list\": [1, \"二\", {}], \"esc\": \"a\\n\\u00e9\\ud83d\\ude00\\/\"}");
	CHECK(v != NULL);
	CHECK_EQ_INT(tb_diag_count(ctx), 0);
	if (v) {
		CHECK_EQ_INT(v->type, TB_JSON_OBJECT);
		m = v->child;
		CHECK_EQ_STR(m->key, "name");
		CHECK_EQ_STR(m->str, "Hello ");
		m = m->next;
		CHECK_EQ_INT(m->type, TB_JSON_NUMBER);
		CHECK(m->num == -150.0);
		m = m->next;
		CHECK_EQ_INT(m->type, TB_JSON_TRUE);
		m = m->next;
		CHECK_EQ_INT(m->type, TB_JSON_FALSE);
		m = m->next;
		CHECK_EQ_INT(m->type, TB_JSON_NULL);
		CHECK_EQ_INT(m->line, 2);
		CHECK_EQ_INT(m->col, 2);
		m = m->next;
		CHECK_EQ_INT(m->type, TB_JSON_ARRAY);
		CHECK_EQ_STR(m->child->next->str, "二");
		CHECK_EQ_INT(m->child->next->next->type, TB_JSON_OBJECT);
		CHECK(m->child->next->next->child == NULL);
		m = m->next;
		CHECK_EQ_STR(m->str, "a\n\xC3\xA9\xF0\x9F\x98\x80/");
	}
	tb_json_free(v);
	tb_ctx_free(ctx);
}

TEST(errors_with_positions)
{
	fails("{\"a\": 1,}", "json.syntax", 1, 9);
	fails("{\"a\": 1 \"b\": 2}", "json.syntax", 1, 9);
	fails("{\n  \"a\": 'x'\n}", "json.syntax", 2, 8);
	fails("{\"a\": \"x\n\"}", "json.string", 1, 9);
	fails("{\"a\": \"\\q\"}", "json.string", 1, 8);
	fails("{\"a\": \"\\ud800\"}", "json.string", 1, 8);
	fails("{\"a\": \"\\u0000\"}", "json.string", 1, 8);
	fails("{\"a\": 01}", "json.syntax", 1, 8);
	fails("{\"a\": 1.}", "json.number", 1, 7);
	fails("{\"a\": 1e999}", "json.number", 1, 7);
	fails("{\"id\": 110101199003077777}", "json.number", 1, 8);
	fails("{\"a\": yes}", "json.syntax", 1, 7);
	fails("{\"a\": 1} 2", "json.syntax", 1, 10);
	fails("{\"名\": 1, \"名\": 2}", "json.duplicate-key", 1, 10);
	fails("{\"a\": \"\xE4\xBD\"}", "json.encoding", 1, 8);
	fails("[1, 2", "json.syntax", 1, 6);
	fails("", "json.syntax", 1, 1);
}

TEST(depth_limit)
{
	char *s = malloc(2 * TB_JSON_MAX_DEPTH + 10);
	size_t i, n = 0;
	for (i = 0; i < TB_JSON_MAX_DEPTH + 2; i++)
		s[n++] = '[';
	s[n] = '\0';
	fails(s, "json.depth", 1, TB_JSON_MAX_DEPTH + 2);
	/* exactly at the limit is fine */
	n = 0;
	for (i = 0; i <= TB_JSON_MAX_DEPTH; i++)
		s[n++] = '[';
	for (i = 0; i <= TB_JSON_MAX_DEPTH; i++)
		s[n++] = ']';
	s[n] = '\0';
	{
		tb_ctx *ctx;
		tb_json *v;
		if (tb_ctx_new(&ctx) != TB_OK)
			abort(); /* out of memory: nothing to test */
		v = parse(ctx, s);
		CHECK(v != NULL);
		tb_json_free(v);
		tb_ctx_free(ctx);
	}
	free(s);
}

TEST(number_text_as_javascript)
{
	static const struct {
		double x;
		const char *js;
	} cases[] = {{0, "0"},           {-0.0, "0"},        {1.5, "1.5"},
	             {100, "100"},       {1234.5, "1234.5"}, {0.1 + 0.2, "0.30000000000000004"},
	             {1e21, "1e+21"},    {1e20, "100000000000000000000"},
	             {1e-7, "1e-7"},     {0.000001, "0.000001"}, {-2.5e-8, "-2.5e-8"},
	             {123e25, "1.23e+27"}, {2014, "2014"},  {9007199254740992.0, "9007199254740992"}};
	size_t i;
	char out[32];
	setlocale(LC_ALL, "C.UTF-8");
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		tb_json_number_text(cases[i].x, out);
		CHECK_EQ_STR(out, cases[i].js);
	}
}

TEST(escaper)
{
	tb_buf b = TB_BUF_INIT;
	tb_buf_put_json(&b, "a\"b\\c\n\x01");
	CHECK_EQ_STR(b.data, "\"a\\\"b\\\\c\\n\\u0001\"");
	tb_buf_free(&b);
}

/* The CLI's JSON goes through tb_json_print: the same escapes, and null for a missing value
 * (the CLI's own copies printed "" for one and crashed on it in another). */
TEST(print_to_file)
{
	char out[64] = {0};
	FILE *f = fmemopen(out, sizeof out - 1, "w");
	CHECK(f != NULL);
	tb_json_print(f, "a\"b\\c\n\r\t\x01\x1f填");
	fputc(' ', f);
	tb_json_print(f, NULL);
	fclose(f);
	CHECK_EQ_STR(out, "\"a\\\"b\\\\c\\n\\r\\t\\u0001\\u001f填\" null");
}

CHECK_MAIN(T(values), T(errors_with_positions), T(depth_limit), T(number_text_as_javascript),
           T(escaper), T(print_to_file))
