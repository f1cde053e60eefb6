/*
 * calendar.c - working calendars: rules, the England and Wales bank
 * holidays, and working-time arithmetic over prepared tables.
 *
 * Preparing a calendar resolves every day of a range to one of a few
 * distinct day shapes and keeps the cumulative working seconds before
 * each day, so mapping an instant to working time is one table read and
 * mapping back is one binary search.
 */
#include "sched/calendar.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/error.h"
#include "core/xmalloc.h"

#define MAX_SPAN_DAYS (2000 * 366)

struct exception_day {
	int32_t date;
	struct sched_day day;
};

struct week_range {
	int32_t from, to;		/* inclusive */
	struct sched_day week[7];
};

struct shape {
	struct sched_day day;
	int64_t pre[SCHED_MAX_SPANS];	/* working seconds before each span */
	int64_t total;
};

struct sched_calendar {
	char *name;
	int continuous;
	int bank_holidays;
	const struct sched_calendar *base;
	unsigned char week_set[7];
	struct sched_day week[7];
	struct exception_day *exc;	/* sorted by date, unique */
	size_t nexc, aexc;
	struct week_range *ranges;
	size_t nranges, aranges;

	/* prepared tables */
	int32_t lo, hi;
	int64_t *cum;			/* hi - lo + 1 entries */
	uint16_t *dshape;		/* hi - lo entries */
	struct shape *shapes;
	size_t nshapes, ashapes;
};

static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* --- instants ---------------------------------------------------------------- */

int
sched_instant_parse(const char *s, int64_t *out)
{
	char date[16];
	const char *t = s + strcspn(s, "T ");
	size_t n = (size_t)(t - s);
	int32_t d;
	int hh = 0, mm = 0, ss = 0;

	if (n == 0 || n >= sizeof(date))
		return -1;
	memcpy(date, s, n);
	date[n] = '\0';
	if (date_parse(date, &d) < 0)
		return -1;
	if (*t) {
		const char *p = t + 1;

		if (!isdigit((unsigned char)p[0]) || !isdigit((unsigned char)p[1]) ||
		    p[2] != ':' || !isdigit((unsigned char)p[3]) ||
		    !isdigit((unsigned char)p[4]))
			return -1;
		hh = (p[0] - '0') * 10 + (p[1] - '0');
		mm = (p[3] - '0') * 10 + (p[4] - '0');
		p += 5;
		if (*p == ':') {
			if (!isdigit((unsigned char)p[1]) || !isdigit((unsigned char)p[2]))
				return -1;
			ss = (p[1] - '0') * 10 + (p[2] - '0');
			p += 3;
		}
		if (*p != '\0' || hh > 24 || mm > 59 || ss > 59 ||
		    (hh == 24 && (mm || ss)))
			return -1;
	}
	*out = (int64_t)d * SCHED_DAY_SECONDS + hh * 3600 + mm * 60 + ss;
	return 0;
}

char *
sched_instant_format(int64_t t, char *buf)
{
	int64_t d, s;
	int y, m, dd, v[6];
	char *p = buf;

	if (t == INT64_MIN) {
		buf[0] = '\0';
		return buf;
	}
	d = floor_div(t, SCHED_DAY_SECONDS);
	s = t - d * SCHED_DAY_SECONDS;
	date_to_ymd((int32_t)d, &y, &m, &dd);
	if (y < 0 || y > 9999) {
		snprintf(buf, SCHED_INSTANT_LEN, "%d-%02d-%02dT%02d:%02d:%02d", y, m,
			 dd, (int)(s / 3600), (int)(s / 60 % 60), (int)(s % 60));
		return buf;
	}
	/* by hand: output of whole networks spends its time here */
	v[0] = m;
	v[1] = dd;
	v[2] = (int)(s / 3600);
	v[3] = (int)(s / 60 % 60);
	v[4] = (int)(s % 60);
	*p++ = (char)('0' + y / 1000);
	*p++ = (char)('0' + y / 100 % 10);
	*p++ = (char)('0' + y / 10 % 10);
	*p++ = (char)('0' + y % 10);
	for (int i = 0; i < 5; i++) {
		*p++ = "--T::"[i];
		*p++ = (char)('0' + v[i] / 10);
		*p++ = (char)('0' + v[i] % 10);
	}
	*p = '\0';
	return buf;
}

/* --- bank holidays ----------------------------------------------------- */

int32_t
sched_easter(int year)
{
	int a = year % 19, b = year / 100, c = year % 100;
	int d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
	int h = (19 * a + b - d - g + 15) % 30;
	int i = c / 4, k = c % 4;
	int l = (32 + 2 * e + 2 * i - h - k) % 7;
	int m = (a + 11 * h + 22 * l) / 451;
	int month = (h + l - 7 * m + 114) / 31;
	int day = (h + l - 7 * m + 114) % 31 + 1;

	return date_from_ymd(year, month, day);
}

/* The first Monday on or after day d. */
static int32_t
monday_from(int32_t d)
{
	return d + (7 - date_weekday(d)) % 7;
}

/* The last Monday on or before day d. */
static int32_t
monday_before(int32_t d)
{
	return d - date_weekday(d);
}

static int
cmp_date(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;

	return (x > y) - (x < y);
}

int
sched_bank_holidays_ew(int year, int32_t *out)
{
	/* One-off holidays proclaimed for a single year. */
	static const struct { int y, m, d; } extra[] = {
		{ 1981, 7, 29 },	/* wedding of the Prince of Wales */
		{ 1999, 12, 31 },	/* millennium */
		{ 2002, 6, 3 },		/* Golden Jubilee */
		{ 2011, 4, 29 },	/* royal wedding */
		{ 2012, 6, 5 },		/* Diamond Jubilee */
		{ 2022, 6, 3 },		/* Platinum Jubilee */
		{ 2022, 9, 19 },	/* state funeral of Queen Elizabeth II */
		{ 2023, 5, 8 },		/* coronation of King Charles III */
	};
	int n = 0, wd;
	int32_t d, easter;

	if (year < 1978 || year > 9999)
		return 0;

	/* New Year's Day, or the Monday after if it falls at a weekend. */
	d = date_from_ymd(year, 1, 1);
	wd = date_weekday(d);
	out[n++] = wd == 5 ? d + 2 : wd == 6 ? d + 1 : d;

	easter = sched_easter(year);
	out[n++] = easter - 2;		/* Good Friday */
	out[n++] = easter + 1;		/* Easter Monday */

	/* Early May: the first Monday, moved for VE Day anniversaries. */
	if (year == 1995 || year == 2020)
		out[n++] = date_from_ymd(year, 5, 8);
	else
		out[n++] = monday_from(date_from_ymd(year, 5, 1));

	/* Spring: the last Monday of May, moved in jubilee years. */
	if (year == 2002 || year == 2012)
		out[n++] = date_from_ymd(year, 6, 4);
	else if (year == 2022)
		out[n++] = date_from_ymd(year, 6, 2);
	else
		out[n++] = monday_before(date_from_ymd(year, 5, 31));

	/* Summer: the last Monday of August. */
	out[n++] = monday_before(date_from_ymd(year, 8, 31));

	/* Christmas and Boxing Day, with substitute weekdays. */
	d = date_from_ymd(year, 12, 25);
	switch (date_weekday(d)) {
	case 4:			/* Friday: Boxing Day moves to Monday */
		out[n++] = d;
		out[n++] = d + 3;
		break;
	case 5:			/* Saturday: Monday and Tuesday */
		out[n++] = d + 2;
		out[n++] = d + 3;
		break;
	case 6:			/* Sunday: Monday (Boxing Day), Tuesday */
		out[n++] = d + 1;
		out[n++] = d + 2;
		break;
	default:
		out[n++] = d;
		out[n++] = d + 1;
		break;
	}

	for (size_t i = 0; i < sizeof(extra) / sizeof(extra[0]); i++)
		if (extra[i].y == year)
			out[n++] = date_from_ymd(extra[i].y, extra[i].m, extra[i].d);
	qsort(out, (size_t)n, sizeof(*out), cmp_date);
	return n;
}

static int
is_bank_holiday(int32_t date)
{
	int32_t h[16];
	int y, m, d, n;

	date_to_ymd(date, &y, &m, &d);
	n = sched_bank_holidays_ew(y, h);
	for (int i = 0; i < n; i++)
		if (h[i] == date)
			return 1;
	return 0;
}

/* --- rules ---------------------------------------------------------------- */

struct sched_calendar *
sched_calendar_new(const char *name)
{
	struct sched_calendar *cal = xcalloc(1, sizeof(*cal));

	cal->name = xstrdup(name ? name : "");
	return cal;
}

static void
span_day(struct sched_day *day, int from_h, int from_m, int to_h, int to_m)
{
	day->span[day->n].from = from_h * 3600 + from_m * 60;
	day->span[day->n].to = to_h * 3600 + to_m * 60;
	day->n++;
}

struct sched_calendar *
sched_calendar_builtin(const char *name)
{
	struct sched_calendar *cal = NULL;
	struct sched_day day = { 0 };

	if (strcmp(name, "days") == 0 || strcmp(name, "24x7") == 0) {
		cal = sched_calendar_new(name);
		sched_calendar_set_continuous(cal);
		return cal;
	}
	if (strcmp(name, "standard") == 0) {
		span_day(&day, 8, 0, 12, 0);
		span_day(&day, 13, 0, 17, 0);
	} else if (strcmp(name, "weekdays") == 0 ||
		   strcmp(name, "england-and-wales") == 0) {
		span_day(&day, 9, 0, 17, 0);
	} else {
		return NULL;
	}
	cal = sched_calendar_new(name);
	for (int wd = 0; wd < 5; wd++) {
		cal->week[wd] = day;
		cal->week_set[wd] = 1;
	}
	for (int wd = 5; wd < 7; wd++)
		cal->week_set[wd] = 1;	/* weekends: set, and empty */
	cal->bank_holidays = strcmp(name, "england-and-wales") == 0;
	return cal;
}

struct sched_calendar *
sched_calendar_copy(const struct sched_calendar *src, const char *name)
{
	struct sched_calendar *cal = sched_calendar_new(name);

	cal->continuous = src->continuous;
	cal->bank_holidays = src->bank_holidays;
	cal->base = src->base;
	memcpy(cal->week_set, src->week_set, sizeof(cal->week_set));
	memcpy(cal->week, src->week, sizeof(cal->week));
	if (src->nexc) {
		cal->exc = xreallocarray(NULL, src->nexc, sizeof(*cal->exc));
		memcpy(cal->exc, src->exc, src->nexc * sizeof(*cal->exc));
		cal->nexc = cal->aexc = src->nexc;
	}
	if (src->nranges) {
		cal->ranges = xreallocarray(NULL, src->nranges, sizeof(*cal->ranges));
		memcpy(cal->ranges, src->ranges, src->nranges * sizeof(*cal->ranges));
		cal->nranges = cal->aranges = src->nranges;
	}
	return cal;
}

void
sched_calendar_free(struct sched_calendar *cal)
{
	if (cal == NULL)
		return;
	free(cal->name);
	free(cal->exc);
	free(cal->ranges);
	free(cal->cum);
	free(cal->dshape);
	free(cal->shapes);
	free(cal);
}

const char *
sched_calendar_name(const struct sched_calendar *cal)
{
	return cal->name;
}

int
sched_calendar_continuous(const struct sched_calendar *cal)
{
	return cal->continuous;
}

static int
check_day(const struct sched_day *day, struct error *err)
{
	if (day->n < 0 || day->n > SCHED_MAX_SPANS)
		return error_set(err, ERR_INPUT, "a day may have at most %d working spans",
				 SCHED_MAX_SPANS);
	for (int i = 0; i < day->n; i++) {
		const struct sched_span *s = &day->span[i];

		if (s->from < 0 || s->to > SCHED_DAY_SECONDS || s->from >= s->to)
			return error_set(err, ERR_INPUT, "working span %d of a day is empty or outside the day",
					 i + 1);
		if (i > 0 && s->from < day->span[i - 1].to)
			return error_set(err, ERR_INPUT, "working spans of a day overlap or are out of order");
	}
	return 0;
}

int
sched_calendar_set_week(struct sched_calendar *cal, int weekday,
			const struct sched_day *day, struct error *err)
{
	if (weekday < 0 || weekday > 6)
		return error_set(err, ERR_INTERNAL, "weekday %d out of range", weekday);
	if (check_day(day, err) < 0)
		return -1;
	cal->week[weekday] = *day;
	cal->week_set[weekday] = 1;
	cal->continuous = 0;
	return 0;
}

int
sched_calendar_set_day(struct sched_calendar *cal, int32_t date,
		       const struct sched_day *day, struct error *err)
{
	size_t lo = 0, hi = cal->nexc;

	if (check_day(day, err) < 0)
		return -1;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (cal->exc[mid].date < date)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < cal->nexc && cal->exc[lo].date == date) {
		cal->exc[lo].day = *day;
	} else {
		ALLOC_GROW(cal->exc, cal->nexc + 1, cal->aexc);
		memmove(cal->exc + lo + 1, cal->exc + lo,
			(cal->nexc - lo) * sizeof(*cal->exc));
		cal->exc[lo].date = date;
		cal->exc[lo].day = *day;
		cal->nexc++;
	}
	cal->continuous = 0;
	return 0;
}

int
sched_calendar_add_week_range(struct sched_calendar *cal, int32_t from,
			      int32_t to, const struct sched_day week[7],
			      struct error *err)
{
	if (to < from)
		return error_set(err, ERR_INPUT, "a work week ends before it starts");
	for (int i = 0; i < 7; i++)
		if (check_day(&week[i], err) < 0)
			return -1;
	ALLOC_GROW(cal->ranges, cal->nranges + 1, cal->aranges);
	cal->ranges[cal->nranges].from = from;
	cal->ranges[cal->nranges].to = to;
	memcpy(cal->ranges[cal->nranges].week, week, 7 * sizeof(*week));
	cal->nranges++;
	cal->continuous = 0;
	return 0;
}

void
sched_calendar_set_base(struct sched_calendar *cal,
			const struct sched_calendar *base)
{
	cal->base = base;
	cal->continuous = 0;
}

void
sched_calendar_set_bank_holidays(struct sched_calendar *cal, int on)
{
	cal->bank_holidays = on != 0;
	if (on)
		cal->continuous = 0;
}

void
sched_calendar_set_continuous(struct sched_calendar *cal)
{
	cal->continuous = 1;
	cal->bank_holidays = 0;
	cal->base = NULL;
	cal->nexc = 0;
	cal->nranges = 0;
	for (int wd = 0; wd < 7; wd++) {
		cal->week[wd].n = 1;
		cal->week[wd].span[0].from = 0;
		cal->week[wd].span[0].to = SCHED_DAY_SECONDS;
		cal->week_set[wd] = 1;
	}
}

/*
 * Exceptions decide first, down the base chain: a holiday in the base
 * calendar is a holiday in every calendar derived from it, unless the
 * derived calendar has an exception of its own for that date.
 */
static int
exception_day(const struct sched_calendar *cal, int32_t date,
	      struct sched_day *out)
{
	size_t lo = 0, hi = cal->nexc;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (cal->exc[mid].date < date)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < cal->nexc && cal->exc[lo].date == date) {
		*out = cal->exc[lo].day;
		return 1;
	}
	if (cal->bank_holidays && is_bank_holiday(date)) {
		out->n = 0;
		return 1;
	}
	return cal->base ? exception_day(cal->base, date, out) : 0;
}

static void
week_day(const struct sched_calendar *cal, int32_t date, struct sched_day *out)
{
	int wd = date_weekday(date);

	for (size_t i = cal->nranges; i-- > 0;) {
		if (date >= cal->ranges[i].from && date <= cal->ranges[i].to) {
			*out = cal->ranges[i].week[wd];
			return;
		}
	}
	if (cal->week_set[wd]) {
		*out = cal->week[wd];
		return;
	}
	if (cal->base) {
		week_day(cal->base, date, out);
		return;
	}
	out->n = 0;
}

void
sched_calendar_day(const struct sched_calendar *cal, int32_t date,
		   struct sched_day *out)
{
	if (cal->continuous) {
		out->n = 1;
		out->span[0].from = 0;
		out->span[0].to = SCHED_DAY_SECONDS;
		return;
	}
	if (!exception_day(cal, date, out))
		week_day(cal, date, out);
}

static int64_t
day_total(const struct sched_day *day)
{
	int64_t t = 0;

	for (int i = 0; i < day->n; i++)
		t += day->span[i].to - day->span[i].from;
	return t;
}

int64_t
sched_calendar_day_seconds(const struct sched_calendar *cal)
{
	int64_t tot[7];
	int64_t best = 0;
	int best_n = 0;
	struct sched_day day;

	if (cal->continuous)
		return SCHED_DAY_SECONDS;
	/* A Monday far from any holiday rules: 2001-01-01 was a Monday. */
	for (int wd = 0; wd < 7; wd++) {
		const struct sched_calendar *c = cal;

		while (c && !c->week_set[wd])
			c = c->base;
		if (c) {
			day = c->week[wd];
		} else {
			day.n = 0;
		}
		tot[wd] = day_total(&day);
	}
	for (int wd = 0; wd < 7; wd++) {
		int n = 0;

		if (tot[wd] == 0)
			continue;
		for (int j = 0; j < 7; j++)
			n += tot[j] == tot[wd];
		if (n > best_n || (n == best_n && tot[wd] > best)) {
			best_n = n;
			best = tot[wd];
		}
	}
	return best;
}

/* --- prepared tables ------------------------------------------------------ */

static uint16_t
intern_shape(struct sched_calendar *cal, const struct sched_day *day)
{
	struct shape *sh;
	int64_t acc = 0;

	for (size_t i = 0; i < cal->nshapes; i++) {
		const struct sched_day *d = &cal->shapes[i].day;

		if (d->n == day->n &&
		    memcmp(d->span, day->span, (size_t)day->n * sizeof(day->span[0])) == 0)
			return (uint16_t)i;
	}
	ALLOC_GROW(cal->shapes, cal->nshapes + 1, cal->ashapes);
	sh = &cal->shapes[cal->nshapes];
	memset(sh, 0, sizeof(*sh));
	sh->day = *day;
	for (int i = 0; i < day->n; i++) {
		sh->pre[i] = acc;
		acc += day->span[i].to - day->span[i].from;
	}
	sh->total = acc;
	return (uint16_t)cal->nshapes++;
}

static int
build(struct sched_calendar *cal, int32_t lo, int32_t hi, struct error *err)
{
	size_t n = (size_t)(hi - lo);
	struct sched_day day;

	free(cal->cum);
	free(cal->dshape);
	cal->nshapes = 0;
	cal->lo = lo;
	cal->hi = hi;
	cal->cum = xreallocarray(NULL, n + 1, sizeof(*cal->cum));
	cal->dshape = xreallocarray(NULL, n ? n : 1, sizeof(*cal->dshape));
	cal->cum[0] = 0;
	for (size_t i = 0; i < n; i++) {
		uint16_t s;

		sched_calendar_day(cal, lo + (int32_t)i, &day);
		if (cal->nshapes >= 65535)
			return error_set(err, ERR_INPUT, "calendar %s has too many distinct working days",
					 cal->name);
		s = intern_shape(cal, &day);
		cal->dshape[i] = s;
		cal->cum[i + 1] = cal->cum[i] + cal->shapes[s].total;
	}
	return 0;
}

int
sched_calendar_prepare(struct sched_calendar *cal, int32_t lo, int32_t hi,
		       int32_t anchor, int64_t work, struct error *err)
{
	int32_t grow;

	if (anchor < lo)
		lo = anchor;
	if (anchor >= hi)
		hi = anchor + 1;
	if (cal->continuous) {
		int64_t days = work / SCHED_DAY_SECONDS + 2;

		if (days > MAX_SPAN_DAYS)
			return error_set(err, ERR_INPUT, "the schedule would run for more than 2,000 years");
		if (anchor - days < lo)
			lo = anchor - (int32_t)days;
		if (anchor + days > hi)
			hi = anchor + (int32_t)days;
		cal->lo = lo;
		cal->hi = hi;
		return 0;
	}
	grow = 366;
	for (;;) {
		int64_t before, after;

		if (build(cal, lo, hi, err) < 0)
			return -1;
		before = cal->cum[anchor - lo];
		after = cal->cum[hi - lo] - before;
		if (before >= work && after >= work && after > 0)
			return 0;
		if ((int64_t)hi - lo > MAX_SPAN_DAYS) {
			if (cal->cum[hi - lo] == 0)
				return error_set(err, ERR_INPUT, "calendar %s has no working time",
						 cal->name);
			return error_set(err, ERR_INPUT, "calendar %s has too little working time for this schedule (it would run past 2,000 years)",
					 cal->name);
		}
		if (before < work)
			lo -= grow;
		if (after < work || after == 0)
			hi += grow;
		if (grow < 64 * 366)
			grow *= 2;
	}
}

void
sched_calendar_range(const struct sched_calendar *cal, int32_t *lo, int32_t *hi)
{
	*lo = cal->lo;
	*hi = cal->hi;
}

int64_t
sched_cal_to_work(const struct sched_calendar *cal, int64_t t)
{
	int64_t d, s, w;
	const struct shape *sh;

	if (cal->continuous)
		return t - (int64_t)cal->lo * SCHED_DAY_SECONDS;
	d = floor_div(t, SCHED_DAY_SECONDS);
	if (d < cal->lo)
		return 0;
	if (d >= cal->hi)
		return cal->cum[cal->hi - cal->lo];
	s = t - d * SCHED_DAY_SECONDS;
	sh = &cal->shapes[cal->dshape[d - cal->lo]];
	w = cal->cum[d - cal->lo];
	for (int i = 0; i < sh->day.n; i++) {
		const struct sched_span *sp = &sh->day.span[i];

		if (s >= sp->to) {
			w += sp->to - sp->from;
		} else {
			if (s > sp->from)
				w += s - sp->from;
			break;
		}
	}
	return w;
}

int64_t
sched_cal_from_work(const struct sched_calendar *cal, int64_t w,
		    enum sched_form form)
{
	size_t n, lo, hi, day;
	int64_t off;
	const struct shape *sh;

	if (cal->continuous)
		return (int64_t)cal->lo * SCHED_DAY_SECONDS + w;
	n = (size_t)(cal->hi - cal->lo);
	if (w <= 0) {
		w = 0;
		form = SCHED_START;
	}
	if (w >= cal->cum[n]) {
		w = cal->cum[n];
		form = SCHED_END;
	}
	if (form == SCHED_START) {
		/* last day whose cumulative start is <= w */
		lo = 0;
		hi = n + 1;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;

			if (cal->cum[mid] <= w)
				lo = mid + 1;
			else
				hi = mid;
		}
		day = lo - 1;
	} else {
		/* first index with cum >= w; the day before it */
		lo = 0;
		hi = n + 1;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;

			if (cal->cum[mid] < w)
				lo = mid + 1;
			else
				hi = mid;
		}
		day = lo - 1;
	}
	if (day >= n)		/* an empty range */
		return (int64_t)cal->lo * SCHED_DAY_SECONDS;
	sh = &cal->shapes[cal->dshape[day]];
	off = w - cal->cum[day];
	for (int i = 0; i < sh->day.n; i++) {
		int64_t len = sh->day.span[i].to - sh->day.span[i].from;

		if (form == SCHED_START ? off < sh->pre[i] + len
					: off <= sh->pre[i] + len)
			return ((int64_t)cal->lo + (int64_t)day) * SCHED_DAY_SECONDS +
			       sh->day.span[i].from + (off - sh->pre[i]);
	}
	/* not reached for a consistent table */
	return ((int64_t)cal->lo + (int64_t)day + 1) * SCHED_DAY_SECONDS;
}

int64_t
sched_cal_add(const struct sched_calendar *cal, int64_t t, int64_t work)
{
	if (work == 0)
		return t;
	if (cal->continuous)
		return t + work;
	return sched_cal_from_work(cal, sched_cal_to_work(cal, t) + work,
				   work > 0 ? SCHED_END : SCHED_START);
}

int64_t
sched_cal_snap(const struct sched_calendar *cal, int64_t t,
	       enum sched_form form)
{
	if (cal->continuous)
		return t;
	return sched_cal_from_work(cal, sched_cal_to_work(cal, t), form);
}
