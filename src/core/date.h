/* date.h: the one reader of calendar dates (evidence dates, the cn_date formatters, the epoch
 * of packages), with the calendar check: 2021-02-29 and 2021-04-31 are not dates. */
#ifndef TB_CORE_DATE_H
#define TB_CORE_DATE_H
#include <stdbool.h>

typedef struct tb_date {
	int year, month, day; /* day 0: a month without a day (TB_DATE_MONTH) */
} tb_date;

/* How much is accepted beside the strict YYYY-MM-DD (4, 2 and 2 digits, '-'). */
enum {
	TB_DATE_LOOSE = 1 << 0, /* leading spaces; '/' or '.' too; one-digit month and day */
	TB_DATE_MONTH = 1 << 1, /* YYYY-MM alone is read, with day 0 */
	TB_DATE_TAIL = 1 << 2,  /* a time may follow after 'T' or a space (2021-12-01T08:00) */
};

/* Read a date; false if `s` is not one, including days the month does not have. */
bool tb_date_parse(const char *s, unsigned flags, tb_date *out);
/* Does the Gregorian calendar have this day (1 <= month <= 12, 1 <= day <= its length)? */
bool tb_date_valid(int year, int month, int day);
/* Days from 1970-01-01 to the date (day 0 counts as the first of the month). */
long long tb_date_days(const tb_date *d);
/* The UTC date of a Unix time. */
tb_date tb_date_from_unix(long long t);

#endif
