/*
 * money.c - amounts of money as people type them (see money.h).
 */
#include "core/money.h"

#include <string.h>

int
money_parse(const char *s, int64_t *out)
{
	int neg = 0, digits = 0, group = -1;
	int64_t v = 0;

	if (*s == '-') {
		neg = 1;
		s++;
	}
	if (strncmp(s, "\xc2\xa3", 2) == 0)
		s += 2;
	for (; *s; s++) {
		if (*s == ',') {
			/* a separator after 1-3 digits, then groups of three */
			if (digits == 0 || (group >= 0 ? group != 3 : digits > 3))
				return -1;
			group = 0;
			continue;
		}
		if (*s < '0' || *s > '9' || v > (INT64_MAX - (*s - '0')) / 10)
			return -1;
		v = v * 10 + (*s - '0');
		digits++;
		if (group >= 0)
			group++;
	}
	if (digits == 0 || (group >= 0 && group != 3))
		return -1;
	*out = neg ? -v : v;
	return 0;
}
