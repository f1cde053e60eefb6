/*
 * calendar.h - working calendars for the schedule engine.
 *
 * Time in the schedule engine is an instant: int64 seconds since the start
 * of day number 0 of core/date.h (so instant = day * 86400 + second of the
 * day, and day numbers are core/date.h's). A calendar says which seconds of
 * which days are working time: a weekly pattern of working spans per
 * weekday, dated exceptions (holidays, or days with other hours), optional
 * work weeks (another weekly pattern for a range of dates), a base calendar
 * it derives from, and optionally the England and Wales bank holidays
 * (computed, see sched_bank_holidays_ew). A "continuous" calendar works
 * every second of every day (plain calendar-day networks, elapsed
 * durations).
 *
 * Arithmetic goes through working time: sched_cal_to_work() maps an
 * instant to the number of working seconds before it (counted from the
 * start of the calendar's prepared range), sched_cal_from_work() maps back.
 * Where a working-time position falls on a boundary between working spans
 * (17:00 Friday and 08:00 Monday are the same position) the caller chooses
 * the instant: SCHED_END gives the end of the earlier span (a finish),
 * SCHED_START the start of the later one (a start).
 *
 * Before any arithmetic a calendar must be prepared for a range of days
 * (sched_calendar_prepare), which builds the cumulative tables; arithmetic
 * outside the prepared range is clamped to its ends. A prepared calendar
 * is read-only, so many threads may use it at once.
 */
#ifndef FOLIO_SCHED_CALENDAR_H
#define FOLIO_SCHED_CALENDAR_H

#include <stddef.h>
#include <stdint.h>

struct error;

#define SCHED_DAY_SECONDS 86400
#define SCHED_MAX_SPANS 8	/* working spans in one day */

/* Which instant a working-time position on a span boundary stands for. */
enum sched_form {
	SCHED_END = 0,	/* the end of the earlier working span */
	SCHED_START = 1	/* the start of the later working span */
};

/* One span of working time in a day: seconds after midnight, from < to. */
struct sched_span {
	int32_t from;
	int32_t to;
};

/* A day's working time: up to SCHED_MAX_SPANS sorted, disjoint spans. */
struct sched_day {
	int n;
	struct sched_span span[SCHED_MAX_SPANS];
};

struct sched_calendar;

/*
 * A new calendar with no working time at all (every weekday off); the
 * caller frees it with sched_calendar_free(). The name is copied.
 */
struct sched_calendar *sched_calendar_new(const char *name);
/*
 * A built-in calendar by name, or NULL if there is none of that name:
 *   "england-and-wales"  Monday to Friday 09:00-17:00, less the England
 *                        and Wales bank holidays
 *   "weekdays"           Monday to Friday 09:00-17:00
 *   "standard"           MS Project's Standard: Monday to Friday
 *                        08:00-12:00 and 13:00-17:00
 *   "days" (or "24x7")   every second of every day (calendar days)
 */
struct sched_calendar *sched_calendar_builtin(const char *name);
/* A copy of cal under a new name, deriving nothing: all rules copied. */
struct sched_calendar *sched_calendar_copy(const struct sched_calendar *cal,
					   const char *name);
void sched_calendar_free(struct sched_calendar *cal);

const char *sched_calendar_name(const struct sched_calendar *cal);
/* Nonzero for a calendar that works around the clock with no exceptions. */
int sched_calendar_continuous(const struct sched_calendar *cal);

/*
 * Rules. Days are core/date.h day numbers; weekday 0 is Monday. Spans
 * must be sorted, disjoint and within the day: -1 with err otherwise.
 * set_week replaces the pattern of one weekday; set_day adds a dated
 * exception (n == 0: not working), replacing one for the same date;
 * add_week_range gives the dates [from, to] (inclusive) their own weekly
 * pattern (week[0] is Monday), as MS Project's work weeks do.
 */
int sched_calendar_set_week(struct sched_calendar *cal, int weekday,
			    const struct sched_day *day, struct error *err);
int sched_calendar_set_day(struct sched_calendar *cal, int32_t date,
			   const struct sched_day *day, struct error *err);
int sched_calendar_add_week_range(struct sched_calendar *cal, int32_t from,
				  int32_t to, const struct sched_day week[7],
				  struct error *err);
/*
 * Make days this calendar does not define come from base: weekdays not
 * set with set_week, and dates with no exception or work week of their
 * own. base must outlive cal (it is read, never prepared, through cal).
 */
void sched_calendar_set_base(struct sched_calendar *cal,
			     const struct sched_calendar *base);
/* Take the England and Wales bank holidays off (in every year). */
void sched_calendar_set_bank_holidays(struct sched_calendar *cal, int on);
/* Make the calendar work around the clock, every day (drops all rules). */
void sched_calendar_set_continuous(struct sched_calendar *cal);

/*
 * The working time of a date after every rule (exceptions, work weeks,
 * weekly pattern, base, bank holidays). Works on unprepared calendars.
 */
void sched_calendar_day(const struct sched_calendar *cal, int32_t date,
			struct sched_day *out);
/* Seconds of working time in a typical day: the most common nonzero
 * weekday total (8 hours for the built-ins, 24 hours when continuous). */
int64_t sched_calendar_day_seconds(const struct sched_calendar *cal);

/*
 * Build the tables for days [lo, hi), widening the range until at least
 * `work` seconds of working time lie on each side of `anchor` (a day in
 * the range). -1 with err if the calendar has no working time, or would
 * need more than 2,000 years to hold that much. Preparing again rebuilds.
 */
int sched_calendar_prepare(struct sched_calendar *cal, int32_t lo, int32_t hi,
			   int32_t anchor, int64_t work, struct error *err);
/* The prepared range: first day and one past the last. */
void sched_calendar_range(const struct sched_calendar *cal, int32_t *lo,
			  int32_t *hi);

/* Working seconds before instant t (from the start of the range). */
int64_t sched_cal_to_work(const struct sched_calendar *cal, int64_t t);
/* The instant at working-time position w, on a boundary as form says. */
int64_t sched_cal_from_work(const struct sched_calendar *cal, int64_t w,
			    enum sched_form form);
/*
 * Add `work` seconds of working time (negative: go back) to instant t.
 * Going forward ends at the end of a span, going back at the start of
 * one; adding 0 returns t unchanged.
 */
int64_t sched_cal_add(const struct sched_calendar *cal, int64_t t,
		      int64_t work);
/* t itself if it is working time, else the instant form chooses. */
int64_t sched_cal_snap(const struct sched_calendar *cal, int64_t t,
		       enum sched_form form);

/* The instant of hh:mm on a day. */
static inline int64_t
sched_instant(int32_t date, int hh, int mm)
{
	return (int64_t)date * SCHED_DAY_SECONDS + hh * 3600 + mm * 60;
}
/*
 * Parse "YYYY-MM-DD" (midnight), "YYYY-MM-DDTHH:MM[:SS]" or the same with
 * a space for the T, also DD/MM/YYYY for the date. 0 or -1.
 */
int sched_instant_parse(const char *s, int64_t *out);
/* "YYYY-MM-DDTHH:MM:SS" into buf (SCHED_INSTANT_LEN); "" for INT64_MIN. */
#define SCHED_INSTANT_LEN 32
char *sched_instant_format(int64_t t, char *buf);

/*
 * Easter Sunday of a Gregorian year (the anonymous Gregorian computus),
 * as a day number.
 */
int32_t sched_easter(int year);
/*
 * The England and Wales bank holidays of a year, in date order, into out
 * (room for 16); returns how many. Years before 1978 (when the early May
 * holiday began) give 0. See docs/schedule.md for the rules and the
 * one-off holidays covered.
 */
int sched_bank_holidays_ew(int year, int32_t *out);

#endif
