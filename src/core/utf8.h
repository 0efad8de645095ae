/* utf8.h: UTF-8 decoding, validation, counting, terminal width and caseless keys. */
#ifndef TB_CORE_UTF8_H
#define TB_CORE_UTF8_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decode one code point at s[*i] (advancing *i); returns -1 for an invalid sequence (and
 * advances past one byte). */
int32_t tb_utf8_next(const char *s, size_t len, size_t *i);
/* Encode cp into out (at least 4 bytes); returns the byte count, 0 if cp is invalid. */
size_t tb_utf8_encode(uint32_t cp, char *out);
/* True if valid; otherwise *bad is the offset of the first invalid byte. */
bool tb_utf8_valid(const char *s, size_t len, size_t *bad);
/* Characters (code points), not bytes. */
size_t tb_utf8_count(const char *s, size_t len);
/* Characters as a word limit ("不超过500字") counts them: whitespace, the ideographic space
 * included, does not count. The validator and the scorer must agree on this. */
size_t tb_utf8_count_limit(const char *s);
/* Copy s (may be NULL) into out, at most cap - 1 bytes, cut on a character boundary, always
 * terminated (cap > 0). Returns the bytes copied. */
size_t tb_utf8_copy_prefix(char *out, size_t cap, const char *s);
/* Columns on a terminal: East Asian wide and fullwidth characters take two. */
size_t tb_utf8_width(const char *s);
int tb_cp_width(uint32_t cp);
/* A name's caseless, normalised form: two names with the same key are one file on a system
 * that folds case (Windows, macOS) or normalises (macOS stores NFD): canonical caseless
 * matching, NFD, then Unicode case folding, then NFC (ICU). Malloc'd; NULL if out of memory.
 * Bytes that are not UTF-8 are their own key (a copy). */
char *tb_utf8_caseless_key(const char *s);
/* 1-based line and character column of byte offset `off`. */
void tb_text_linecol(const char *s, size_t len, size_t off, unsigned *line, unsigned *col);

#endif
