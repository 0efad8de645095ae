/* date.c: calendar dates without the C library's time zone and locale. */
#include "core/date.h"

#include <stddef.h>

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

bool tb_date_valid(int y, int m, int d)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
		return false;
	return d <= mdays[m - 1] + (m == 2 && leap(y));
}

/* Between `min` and `max` digits; -1 if fewer. */
static int number(const char **p, int min, int max)
{
	int v = 0, n = 0;
	while (n < max && **p >= '0' && **p <= '9') {
		v = v * 10 + (*(*p)++ - '0');
		n++;
	}
	return n >= min ? v : -1;
}

static bool separator(const char **p, unsigned flags)
{
	char c = **p;
	if (c == '-' || ((flags & TB_DATE_LOOSE) && (c == '/' || c == '.'))) {
		(*p)++;
		return true;
	}
	return false;
}

bool tb_date_parse(const char *s, unsigned flags, tb_date *out)
{
	int loose = (flags & TB_DATE_LOOSE) != 0;
	tb_date d = {0, 0, 0};

	if (!s)
		return false;
	while (loose && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
		s++;
	if ((d.year = number(&s, 4, 4)) < 0 || !separator(&s, flags) ||
	    (d.month = number(&s, loose ? 1 : 2, 2)) < 0)
		return false;
	if (separator(&s, flags)) {
		if ((d.day = number(&s, loose ? 1 : 2, 2)) < 0 || !tb_date_valid(d.year, d.month, d.day))
			return false;
	} else if (!(flags & TB_DATE_MONTH) || !tb_date_valid(d.year, d.month, 1)) {
		return false;
	}
	if (*s && !((flags & TB_DATE_TAIL) && (*s == 'T' || *s == ' ' || *s == '\t' ||
	                                       *s == '\n' || *s == '\r')))
		return false;
	*out = d;
	return true;
}

/* Howard Hinnant's days_from_civil: exact for every proleptic Gregorian date. */
long long tb_date_days(const tb_date *d)
{
	long long y = d->year - (d->month <= 2);
	long long era = (y >= 0 ? y : y - 399) / 400;
	long long yoe = y - era * 400;
	long long mp = (d->month + 9) % 12;
	long long doy = (153 * mp + 2) / 5 + (d->day > 0 ? d->day : 1) - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

tb_date tb_date_from_unix(long long t)
{
	long long z = (t >= 0 ? t : t - 86399) / 86400 + 719468;
	long long era = (z >= 0 ? z : z - 146096) / 146097;
	long long doe = z - era * 146097;
	long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long long mp = (5 * doy + 2) / 153;
	tb_date d;
	d.day = (int)(doy - (153 * mp + 2) / 5 + 1);
	d.month = (int)(mp < 10 ? mp + 3 : mp - 9);
	d.year = (int)(yoe + era * 400 + (d.month <= 2));
	return d;
}
