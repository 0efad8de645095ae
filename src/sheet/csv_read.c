/* csv_read.c: CSV as Excel and WPS save it: UTF-8 (with or without a byte-order mark) or
 * GB18030, comma, semicolon or tab separated, fields quoted RFC 4180 style. */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/ctx.h"
#include "core/file.h"
#include "core/i18n.h"
#include "core/utf8.h"
#include "sheet/table.h"

#define CSV_MAX_BYTES (16u * 1024 * 1024)

static tb_status from_gb18030(tb_ctx *ctx, const char *path, const char *in, size_t len,
                              char **out, size_t *outlen)
{
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	size_t cap = len * 2 + 16, left = cap;
	char *buf, *src = (char *)in, *dst;
	size_t inleft = len;
	if (cd == (iconv_t)-1)
		return TB_EUNSUPPORTED;
	if (!(buf = malloc(cap + 1))) {
		iconv_close(cd);
		return TB_ENOMEM;
	}
	dst = buf;
	if (iconv(cd, &src, &inleft, &dst, &left) == (size_t)-1) {
		iconv_close(cd);
		free(buf);
		tb_error(ctx, "sheet.format", path, 0, 0,
		         N_("save the sheet as UTF-8 (Excel: \"CSV UTF-8\") and try again"),
		         N_("the file is neither UTF-8 nor GB18030 text"));
		return TB_ERROR;
	}
	iconv_close(cd);
	*dst = '\0';
	*out = buf;
	*outlen = (size_t)(dst - buf);
	return TB_OK;
}

static char pick_delimiter(const char *s, size_t len)
{
	size_t i, comma = 0, semi = 0, tab = 0;
	int quoted = 0;
	for (i = 0; i < len && (quoted || (s[i] != '\n' && s[i] != '\r')); i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (!quoted && s[i] == ',')
			comma++;
		else if (!quoted && s[i] == ';')
			semi++;
		else if (!quoted && s[i] == '\t')
			tab++;
	}
	if (tab > comma && tab >= semi)
		return '\t';
	if (semi > comma)
		return ';';
	return ',';
}

static tb_status parse(tb_ctx *ctx, const char *s, size_t len, tb_table *t)
{
	char delim = pick_delimiter(s, len);
	tb_buf cell = TB_BUF_INIT;
	size_t i = 0, row = 0, col = 0;
	tb_status st = TB_OK;
	int any = 0;

	tb_buf_init(&cell, TB_SHEET_MAX_CELL + 1);
	while (i < len && st == TB_OK) {
		tb_buf_reset(&cell);
		if (s[i] == '"') {
			i++;
			for (;;) {
				if (i >= len)
					break; /* unterminated quote: take what there is */
				if (s[i] == '"') {
					if (i + 1 < len && s[i + 1] == '"') {
						st = tb_buf_putc(&cell, '"');
						i += 2;
						continue;
					}
					i++;
					break;
				}
				if ((st = tb_buf_putc(&cell, s[i++])) != TB_OK)
					break;
			}
			while (i < len && s[i] != delim && s[i] != '\n' && s[i] != '\r')
				i++; /* stray text after a closing quote */
		} else {
			size_t b = i;
			while (i < len && s[i] != delim && s[i] != '\n' && s[i] != '\r')
				i++;
			st = tb_buf_put(&cell, s + b, i - b);
		}
		if (st != TB_OK) {
			if (st == TB_ELIMIT)
				st = tb_table_set(ctx, t, row, col, "", TB_SHEET_MAX_CELL + 1);
			break;
		}
		if ((st = tb_table_set(ctx, t, row, col, cell.data ? cell.data : "", cell.len)) != TB_OK)
			break;
		any = 1;
		if (i < len && s[i] == delim) {
			i++;
			col++;
			continue;
		}
		if (i < len && s[i] == '\r')
			i++;
		if (i < len && s[i] == '\n')
			i++;
		row++;
		col = 0;
	}
	tb_buf_free(&cell);
	(void)any;
	return st;
}

tb_status tb_table_read_csv(tb_ctx *ctx, const char *path, tb_table **out)
{
	char *data = NULL, *conv = NULL;
	size_t len = 0, bad;
	const char *s;
	tb_table *t = NULL;
	tb_status st;

	*out = NULL;
	if ((st = tb_file_read(ctx, path, CSV_MAX_BYTES, &data, &len)) != TB_OK)
		return st;
	s = data;
	if (len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) {
		s += 3;
		len -= 3;
	}
	if (memchr(s, '\0', len)) {
		tb_error(ctx, "sheet.format", path, 0, 0,
		         N_("choose an .xlsx workbook or a .csv text file"),
		         N_("the file is not a spreadsheet (binary content)"));
		st = TB_ERROR;
		goto done;
	}
	if (!tb_utf8_valid(s, len, &bad)) {
		if ((st = from_gb18030(ctx, path, s, len, &conv, &len)) != TB_OK)
			goto done;
		s = conv;
	}
	if ((st = tb_table_new(&t)) != TB_OK)
		goto done;
	if ((st = parse(ctx, s, len, t)) != TB_OK) {
		tb_table_free(t);
		t = NULL;
		goto done;
	}
	*out = t;
done:
	free(data);
	free(conv);
	return st;
}
