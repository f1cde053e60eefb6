/*
 * date.c - day arithmetic (after Howard Hinnant's civil-date algorithms)
 * and the UK financial calendar.
 */
#include "date.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* Days from 1970-01-01 to 0000-03-01 is -719468; shift so that is day 1. */
#define EPOCH_SHIFT 719469

static const char *const months[] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"
};

const char *
month_name(int m)
{
	return m >= 1 && m <= 12 ? months[m - 1] : "";
}

int32_t
date_from_ymd(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int32_t)(era * 146097 + doe - 719468 + EPOCH_SHIFT);
}

void
date_to_ymd(int32_t date, int *y, int *m, int *d)
{
	int z = date - EPOCH_SHIFT + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int yy = yoe + era * 400;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	int dd = doy - (153 * mp + 2) / 5 + 1;
	int mm = mp < 10 ? mp + 3 : mp - 9;

	*y = yy + (mm <= 2);
	*m = mm;
	*d = dd;
}

int
date_valid(int y, int m, int d)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
				     30, 31 };
	int leap, max;

	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
		return -1;
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	max = mdays[m - 1] + (m == 2 && leap);
	return d <= max ? 0 : -1;
}

/* Read 1..maxd digits from *p into *v. */
static int
digits(const char **p, int mind, int maxd, int *v)
{
	int n = 0, x = 0;

	while (n < maxd && isdigit((unsigned char)**p)) {
		x = x * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	if (n < mind)
		return -1;
	*v = x;
	return 0;
}

int
date_parse(const char *s, int32_t *out)
{
	const char *p = s;
	int y, m, d;

	if (s == NULL)
		return -1;
	if (strlen(s) >= 8 && isdigit((unsigned char)s[0]) && s[4] == '-') {
		if (digits(&p, 4, 4, &y) || *p++ != '-' ||
		    digits(&p, 2, 2, &m) || *p++ != '-' ||
		    digits(&p, 2, 2, &d) || *p != '\0')
			return -1;
	} else {
		if (digits(&p, 1, 2, &d) || *p++ != '/' ||
		    digits(&p, 1, 2, &m) || *p++ != '/' ||
		    digits(&p, 4, 4, &y) || *p != '\0')
			return -1;
	}
	if (date_valid(y, m, d))
		return -1;
	*out = date_from_ymd(y, m, d);
	return 0;
}

char *
date_format(int32_t date, char *buf)
{
	int y, m, d;

	if (date == DATE_NONE) {
		buf[0] = '\0';
		return buf;
	}
	date_to_ymd(date, &y, &m, &d);
	snprintf(buf, 11, "%04d-%02d-%02d", y, m, d);
	return buf;
}

char *
date_format_long(int32_t date, char *buf)
{
	int y, m, d;

	if (date == DATE_NONE) {
		buf[0] = '\0';
		return buf;
	}
	date_to_ymd(date, &y, &m, &d);
	snprintf(buf, 24, "%d %s %04d", d, month_name(m), y);
	return buf;
}

int
date_weekday(int32_t date)
{
	/* 1970-01-01 was a Thursday (3). */
	int32_t z = date - date_from_ymd(1970, 1, 1);
	int w = (int)((z % 7 + 7 + 3) % 7);

	return w;
}

int32_t
date_today(void)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

int32_t
month_from_ym(int y, int m)
{
	return (int32_t)(y * 12 + (m - 1) + 1);
}

void
month_to_ym(int32_t month, int *y, int *m)
{
	*y = (month - 1) / 12;
	*m = (month - 1) % 12 + 1;
}

int
month_parse(const char *s, int32_t *out)
{
	const char *p = s;
	int y, m;

	if (s == NULL)
		return -1;
	if (strlen(s) == 7 && s[4] == '-') {
		if (digits(&p, 4, 4, &y) || *p++ != '-' ||
		    digits(&p, 2, 2, &m) || *p != '\0')
			return -1;
	} else {
		if (digits(&p, 1, 2, &m) || *p++ != '/' ||
		    digits(&p, 4, 4, &y) || *p != '\0')
			return -1;
	}
	if (date_valid(y, m, 1))
		return -1;
	*out = month_from_ym(y, m);
	return 0;
}

char *
month_format(int32_t month, char *buf)
{
	int y, m;

	if (month == MONTH_NONE) {
		buf[0] = '\0';
		return buf;
	}
	month_to_ym(month, &y, &m);
	snprintf(buf, 8, "%04d-%02d", y, m);
	return buf;
}

char *
month_format_long(int32_t month, char *buf)
{
	int y, m;

	if (month == MONTH_NONE) {
		buf[0] = '\0';
		return buf;
	}
	month_to_ym(month, &y, &m);
	snprintf(buf, 20, "%s %04d", month_name(m), y);
	return buf;
}

int32_t
month_of_date(int32_t date)
{
	int y, m, d;

	date_to_ymd(date, &y, &m, &d);
	return month_from_ym(y, m);
}

int32_t
month_first_day(int32_t month)
{
	int y, m;

	month_to_ym(month, &y, &m);
	return date_from_ymd(y, m, 1);
}

int32_t
month_last_day(int32_t month)
{
	return month_first_day(month + 1) - 1;
}

int
fy_of_month(int32_t month)
{
	int y, m;

	month_to_ym(month, &y, &m);
	return m >= 4 ? y : y - 1;
}

int
fq_of_month(int32_t month)
{
	int y, m;

	month_to_ym(month, &y, &m);
	return ((m + 8) % 12) / 3 + 1;
}

int32_t
fq_first_month(int fy, int q)
{
	return month_from_ym(fy, 4) + (q - 1) * 3;
}

char *
fy_label(int fy, char *buf)
{
	snprintf(buf, 8, "%04d/%02d", (fy % 10000 + 10000) % 10000,
		 (unsigned)(fy + 1) % 100u);
	return buf;
}

const char *
quarter_months_name(int32_t month)
{
	static const char *const names[] = {
		"April to June", "July to September",
		"October to December", "January to March"
	};

	return names[fq_of_month(month) - 1];
}
