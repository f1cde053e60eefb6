/*
 * date.h - civil dates, months and the UK financial year.
 *
 * A date is an int32 day number, 0 meaning "no date" (day 1 is
 * 0000-03-01, so every real date is positive and dates compare and
 * subtract as integers). A month is an int32 year*12 + (month-1) + 1, also
 * 0 for none. The UK financial year starts on 1 April: financial year 2018
 * is "2018/19", April 2018 to March 2019, and its Q1 is April to June.
 */
#ifndef FOLIO_DATE_H
#define FOLIO_DATE_H

#include <stdint.h>

#define DATE_NONE 0
#define MONTH_NONE 0

int32_t date_from_ymd(int y, int m, int d);
void date_to_ymd(int32_t date, int *y, int *m, int *d);
/* 0 if y-m-d is a real day of the Gregorian calendar. */
int date_valid(int y, int m, int d);
/*
 * Parse ISO 8601 "YYYY-MM-DD" or UK "DD/MM/YYYY" (also D/M/YYYY). Returns
 * 0 and sets *out, or -1 for anything else, including 31/02/2018.
 */
int date_parse(const char *s, int32_t *out);
/* "YYYY-MM-DD" into buf (at least 11 bytes); "" for DATE_NONE. */
char *date_format(int32_t date, char *buf);
/* "31 March 2018" (buf at least 24 bytes). */
char *date_format_long(int32_t date, char *buf);
/* 0 = Monday .. 6 = Sunday. */
int date_weekday(int32_t date);
/* Today's date in UTC. */
int32_t date_today(void);

int32_t month_from_ym(int y, int m);
void month_to_ym(int32_t month, int *y, int *m);
/* Parse "YYYY-MM" or "MM/YYYY". */
int month_parse(const char *s, int32_t *out);
/* "YYYY-MM" into buf (at least 8 bytes); "" for MONTH_NONE. */
char *month_format(int32_t month, char *buf);
/* "March 2018" (buf at least 20 bytes). */
char *month_format_long(int32_t month, char *buf);
int32_t month_of_date(int32_t date);
int32_t month_first_day(int32_t month);
int32_t month_last_day(int32_t month);

/* Financial year (the calendar year in which it starts) of a month. */
int fy_of_month(int32_t month);
/* Financial quarter 1..4 of a month (April-June is 1). */
int fq_of_month(int32_t month);
/* First month of financial quarter q of financial year fy. */
int32_t fq_first_month(int fy, int q);
/* "2018/19" (buf at least 8 bytes). */
char *fy_label(int fy, char *buf);
/* "April to June" for the quarter holding month. */
const char *quarter_months_name(int32_t month);
const char *month_name(int m);

#endif
