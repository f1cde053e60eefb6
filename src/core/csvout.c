/*
 * csvout.c - CSV fields for spreadsheets (see csvout.h).
 */
#include "core/csvout.h"

#include <string.h>

#include "core/strbuf.h"

/* A negative number: '-' then digits, at most one '.', nothing else. */
static int
negative_number(const char *s)
{
	int digits = 0, dots = 0;

	if (s[0] != '-')
		return 0;
	for (s++; *s; s++) {
		if (*s >= '0' && *s <= '9')
			digits++;
		else if (*s == '.' && dots++ == 0)
			continue;
		else
			return 0;
	}
	return digits > 0;
}

int
csvout_formula(const char *s)
{
	return s[0] && strchr("=+-@\t\r", s[0]) && !negative_number(s);
}

void
csvout_quoted(struct strbuf *sb, const char *s)
{
	strbuf_addch(sb, '"');
	if (csvout_formula(s))
		strbuf_addch(sb, '\'');
	for (; *s; s++) {
		if (*s == '"')
			strbuf_addch(sb, '"');
		strbuf_addch(sb, *s);
	}
	strbuf_addch(sb, '"');
}

void
csvout_field(struct strbuf *sb, const char *s)
{
	if (csvout_formula(s) || strpbrk(s, ",\"\r\n"))
		csvout_quoted(sb, s);
	else
		strbuf_addstr(sb, s);
}
