/* format.h: the field formats of Chinese application forms (postcode, phone, mobile, e-mail,
 * fax, ISO dates). Pure functions on UTF-8 strings, no locale. */
#ifndef TB_DATA_FORMAT_H
#define TB_DATA_FORMAT_H
#include <stdbool.h>

bool tb_fmt_postcode(const char *s); /* six digits */
/* Landline with area code: 0335-3068277, 010-12345678, optional extension -123; an
 * 11-digit mobile number is accepted too (many units give one as their phone). */
bool tb_fmt_phone(const char *s);
bool tb_fmt_fax(const char *s);      /* landline only */
bool tb_fmt_mobile(const char *s);   /* 11 digits, starting 13..19 */
bool tb_fmt_email(const char *s);    /* local@domain.tld, ASCII */
bool tb_fmt_date(const char *s);     /* YYYY-MM-DD, a real calendar date, years 1900..2199 */

#endif
