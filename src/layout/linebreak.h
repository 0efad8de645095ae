/* linebreak.h: where a line may break: Unicode line breaking (libunibreak, language "zh")
 * tailored with the Chinese rules of GB/T 15834-2011 §5.1 (see docs/layout.md). */
#ifndef TB_LAYOUT_LINEBREAK_H
#define TB_LAYOUT_LINEBREAK_H
#include <stddef.h>
#include <stdint.h>

enum { TB_LB_MUST = 0, TB_LB_ALLOW = 1, TB_LB_NO = 2 };

/* brks[i] tells whether a line may break after text[i] (TB_LB_*). The last position is
 * always TB_LB_MUST. Full-width digits should be normalised by the caller if wanted. */
void tb_linebreaks(const uint32_t *text, size_t n, char *brks);
/* The same over UTF-8 (tests): returns the text with "|" at every allowed break, caller
 * frees. */
char *tb_linebreaks_mark_utf8(const char *s);

#endif
