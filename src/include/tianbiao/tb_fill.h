/* tb_fill.h: filling DOCX and ODT templates from XML data (the tag language is described in
 * docs/tags.md), and listing a template's tags. */
#ifndef TIANBIAO_TB_FILL_H
#define TIANBIAO_TB_FILL_H

#include "tianbiao/tb_core.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum tb_fill_missing {
	TB_FILL_MISSING_ERROR = 0, /* a value tag selecting nothing is an error (fill.missing) */
	TB_FILL_MISSING_EMPTY = 1  /* ... or becomes an empty string */
} tb_fill_missing;

typedef struct tb_fill_options {
	unsigned version;        /* TB_FILL_OPTIONS_VERSION */
	const char *delimiters;  /* "{{ }}" (NULL), "{ }", "[[ ]]" ... */
	tb_fill_missing missing;
	const char *check_yes;   /* glyph of `| check` for true (NULL: ☑) */
	const char *check_no;    /* ... and for false (NULL: □) */
	int validate;            /* validate evidence of a known program first (default 1) */
} tb_fill_options;
#define TB_FILL_OPTIONS_VERSION 1
#define TB_FILL_OPTIONS_INIT {TB_FILL_OPTIONS_VERSION, NULL, TB_FILL_MISSING_ERROR, NULL, NULL, 1}

/* Fill `template_path` (.docx or .odt) with `data_path` (any well-formed XML) and write
 * `out_path` atomically, in the template's format. Template and data errors are all recorded
 * in the diagnostics; then TB_ERROR is returned and nothing is written. `opts` may be NULL. */
TB_API tb_status tb_fill_file(tb_ctx *ctx, const char *template_path, const char *data_path,
                              const char *out_path, const tb_fill_options *opts);

/* The same in memory: the template's bytes (.docx or .odt, told apart by content) filled with
 * the data's bytes; the filled document, in the template's format, goes to `out` (nothing,
 * when errors are found). The names are used in messages; images the data names by relative
 * path are looked up in the folder of `data_name` (NULL: "data.xml" in the current folder).
 * `opts` may be NULL. */
TB_API tb_status tb_fill_mem(tb_ctx *ctx, const char *template_name, const void *tmpl,
                             size_t tmpl_len, const char *data_name, const void *data,
                             size_t data_len, tb_writer *out, const tb_fill_options *opts);

/* A template's tags, in document order. */
typedef struct tb_fill_tags tb_fill_tags;

typedef enum tb_fill_tag_kind {
	TB_FILL_TAG_VALUE = 0,
	TB_FILL_TAG_SECTION,  /* {{#x}} or {{?x}} */
	TB_FILL_TAG_INVERTED, /* {{^x}} */
	TB_FILL_TAG_CLOSE,    /* {{/x}} */
	TB_FILL_TAG_IMAGE,    /* {{%x}} or | image */
	TB_FILL_TAG_CHECKBOX  /* Word content control or ODF form checkbox */
} tb_fill_tag_kind;

/* List every tag and record every template problem (in the diagnostics) without filling.
 * Returns TB_ERROR when there are template errors; *out is set whenever the template could be
 * read. */
TB_API tb_status tb_fill_inspect(tb_ctx *ctx, const char *template_path,
                                 const tb_fill_options *opts, tb_fill_tags **out);
TB_API void tb_fill_tags_free(tb_fill_tags *tags);
TB_API size_t tb_fill_tags_count(const tb_fill_tags *tags);
TB_API const char *tb_fill_tag_part(const tb_fill_tags *tags, size_t i);     /* "word/document.xml" */
TB_API const char *tb_fill_tag_location(const tb_fill_tags *tags, size_t i); /* "table 1, row 2, cell 1, paragraph 5" */
TB_API tb_fill_tag_kind tb_fill_tag_kind_of(const tb_fill_tags *tags, size_t i);
TB_API const char *tb_fill_tag_kind_name(tb_fill_tag_kind kind); /* "value", "section", ... */
TB_API const char *tb_fill_tag_text(const tb_fill_tags *tags, size_t i);       /* as written */
TB_API const char *tb_fill_tag_expression(const tb_fill_tags *tags, size_t i); /* XPath */
TB_API const char *tb_fill_tag_formatters(const tb_fill_tags *tags, size_t i); /* "money(2) | thousands" or "" */

#ifdef __cplusplus
}
#endif
#endif
