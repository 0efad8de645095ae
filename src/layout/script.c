/* script.c: the script of each character as LibreOffice assigns it (i18npool's
 * BreakIteratorImpl::getScriptClass, reference/layout-metrics.md §6), which decides whether a
 * character takes its run's Latin or East Asian font; and the character classes of CJK line
 * breaking (§5): punctuation that may hang in the margin. */
#include "layout/lay.h"

/* Scripts of the blocks between U+0300 and U+2E7F that are not Common or Inherited (which
 * are WEAK): Latin, Greek, Cyrillic, Armenian, Georgian, Cherokee... are LATIN; the scripts
 * of the Middle East, South and South-East Asia are COMPLEX; Hangul Jamo is ASIAN. */
static int mid_block(uint32_t c)
{
	if (c < 0x0370)
		return LAY_WEAK;       /* combining diacritical marks: inherited */
	if (c < 0x0590)
		return LAY_LATIN;      /* Greek, Cyrillic, Armenian */
	if (c < 0x10A0)
		return LAY_COMPLEX;    /* Hebrew ... Myanmar */
	if (c < 0x1100)
		return LAY_LATIN;      /* Georgian */
	if (c < 0x1200)
		return LAY_ASIAN;      /* Hangul Jamo */
	if (c < 0x13A0)
		return LAY_COMPLEX;    /* Ethiopic */
	if (c < 0x1780)
		return LAY_LATIN;      /* Cherokee, Canadian syllabics, Ogham, Runic, Tagalog... */
	if (c < 0x18B0)
		return LAY_COMPLEX;    /* Khmer, Mongolian */
	if (c < 0x1D00)
		return LAY_COMPLEX;    /* Limbu, Tai Le, Buginese, Balinese, Sundanese... */
	if (c < 0x1DC0)
		return LAY_LATIN;      /* phonetic extensions */
	if (c < 0x1E00)
		return LAY_WEAK;       /* combining marks supplement */
	if (c < 0x2000)
		return LAY_LATIN;      /* Latin Extended Additional, Greek Extended */
	if (c < 0x2C00)
		return LAY_WEAK;       /* punctuation, symbols, arrows, number forms, shapes */
	if (c < 0x2E00)
		return LAY_LATIN;      /* Glagolitic, Latin Extended-C, Coptic, Georgian supplement */
	return LAY_WEAK;           /* supplemental punctuation */
}

int lay_script_class(uint32_t c)
{
	if (c <= 0x02FF) {
		if (c == 0x01 || c == 0x02 || c == 0x20 || c == 0xA0)
			return LAY_WEAK;
		return LAY_LATIN;
	}
	if (c == 0x02C7 || c == 0x02CA || c == 0x02CB || c == 0x02D9)
		return LAY_WEAK;
	if (c < 0x2E80)
		return mid_block(c);
	if (c <= 0xD7AF)
		return LAY_ASIAN;      /* CJK punctuation, kana, bopomofo, ideographs, Hangul */
	if (c >= 0xF900 && c <= 0xFAFF)
		return LAY_ASIAN;      /* compatibility ideographs */
	if (c >= 0xFE30 && c <= 0xFE4F)
		return LAY_ASIAN;      /* compatibility forms */
	if (c >= 0xFF00 && c <= 0xFFEF)
		return LAY_ASIAN;      /* half-width and full-width forms */
	if (c >= 0xFB1D && c <= 0xFDFF)
		return LAY_COMPLEX;    /* Hebrew and Arabic presentation forms */
	if (c >= 0xFE70 && c <= 0xFEFE)
		return LAY_COMPLEX;
	if (c >= 0x20000 && c <= 0x3FFFF)
		return LAY_ASIAN;      /* ideograph extensions */
	if (c >= 0xA720 && c <= 0xA7FF)
		return LAY_LATIN;      /* Latin Extended-D */
	return LAY_WEAK;           /* variation selectors, small forms, emoji, private use */
}

/* What a zh/ko locale lets hang beyond the right margin (LineBreakHangingCharacters in
 * i18npool's localedata): !,.:;? and their full-width forms, 、。 */
bool lay_hanging_char(uint32_t c)
{
	switch (c) {
	case '!': case ',': case '.': case ':': case ';': case '?':
	case 0x3001: case 0x3002: case 0xFF01: case 0xFF0C: case 0xFF0E: case 0xFF1A:
	case 0xFF1B: case 0xFF1F:
		return true;
	}
	return false;
}
