/* format.c: small hand-written matchers (no regex engine, no locale surprises). */
#include "data/format.h"

#include <string.h>

#include "core/date.h"

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Count digits from *s, advancing it. */
static int digits(const char **s)
{
	int n = 0;
	while (is_digit(**s))
		(*s)++, n++;
	return n;
}

bool tb_fmt_postcode(const char *s)
{
	return strlen(s) == 6 && digits(&s) == 6;
}

bool tb_fmt_mobile(const char *s)
{
	return strlen(s) == 11 && s[0] == '1' && s[1] >= '3' && s[1] <= '9' && digits(&s) == 11;
}

static bool landline(const char *s)
{
	int n;

	if (*s == '(' || *s == '\xEF') {
		/* (0335)3068277 or the fullwidth （0335）3068277 */
		bool wide = *s == '\xEF';
		if (wide && strncmp(s, "\xEF\xBC\x88", 3) != 0)
			return false;
		s += wide ? 3 : 1;
		if (*s != '0' || (n = digits(&s)) < 3 || n > 4)
			return false;
		if (wide ? strncmp(s, "\xEF\xBC\x89", 3) != 0 : *s != ')')
			return false;
		s += wide ? 3 : 1;
	} else {
		if (*s != '0' || (n = digits(&s)) < 3 || n > 4)
			return false;
		if (*s != '-' && *s != ' ')
			return false;
		s++;
	}
	if ((n = digits(&s)) < 7 || n > 8)
		return false;
	if (*s == '-') {
		s++;
		if ((n = digits(&s)) < 1 || n > 6)
			return false;
	}
	return *s == '\0';
}

bool tb_fmt_phone(const char *s)
{
	return landline(s) || tb_fmt_mobile(s);
}

bool tb_fmt_fax(const char *s)
{
	return landline(s);
}

static bool email_local_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) ||
	       strchr("._%+-", c) != NULL;
}

bool tb_fmt_email(const char *s)
{
	const char *at = strchr(s, '@'), *p, *label, *last = NULL;
	size_t n;

	if (!at || at == s || at - s > 64 || strchr(at + 1, '@') || s[0] == '.' || at[-1] == '.')
		return false;
	for (p = s; p < at; p++)
		if (!email_local_char(*p) || (p[0] == '.' && p[1] == '.'))
			return false;
	/* domain: labels of letters, digits and hyphens, at least two, a letter TLD */
	label = at + 1;
	if (strlen(label) > 253)
		return false;
	for (;;) {
		for (p = label, n = 0; *p && *p != '.'; p++, n++)
			if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || is_digit(*p) ||
			      (*p == '-' && n > 0)))
				return false;
		if (n == 0 || n > 63 || p[-1] == '-')
			return false;
		last = label;
		if (*p == '\0')
			break;
		label = p + 1;
	}
	if (last == at + 1)
		return false; /* no dot in the domain */
	for (p = last, n = 0; *p; p++, n++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
			return false;
	return n >= 2;
}

bool tb_fmt_date(const char *s)
{
	tb_date d;
	/* The years an application can carry; the calendar check is the date reader's. */
	return tb_date_parse(s, 0, &d) && d.year >= 1900 && d.year <= 2199;
}
