/*
 * calendar-text.h - the text forms of a calendar record's working time
 * (the `week` of a calendar, the `hours` of a calendar_day) and the names
 * of the schedule engine's built-in calendars.
 *
 * The model checks these (validate.c) and the schedule engine reads them
 * (sched/from-dataset.c); one parser serves both, so what validates is
 * exactly what schedules. docs/schedule.md describes the syntax:
 *
 *   hours  "09:00-17:00" or "09:00-12:00, 13:00-17:00": working spans of
 *          a day, HH:MM-HH:MM (hours 0-24, 24:00 only as an end), in
 *          order, not overlapping, at most CALTEXT_MAX_SPANS
 *   week   groups separated by ";", each the days it sets then their
 *          hours or "off": "mon-fri 09:00-17:00; sat 08:00-12:00; sun off".
 *          Days are mon tue wed thu fri sat sun (any case), a range
 *          ("mon-fri", running Monday towards Sunday) or a list
 *          ("mon,wed,fri"), written without spaces. A day may be named
 *          once. Days the text does not name keep the base calendar's hours.
 */
#ifndef FOLIO_CALENDAR_TEXT_H
#define FOLIO_CALENDAR_TEXT_H

#include <stdint.h>

struct error;

#define CALTEXT_MAX_SPANS 8	/* as SCHED_MAX_SPANS in sched/calendar.h */

/* One working span: seconds after midnight, from < to <= 86400. */
struct caltext_span {
	int32_t from;
	int32_t to;
};

/* A day's working time; n == 0 is a day off. */
struct caltext_day {
	int n;
	struct caltext_span span[CALTEXT_MAX_SPANS];
};

/* A week as the text gives it: day[d] counts only where bit d of set is. */
struct caltext_week {
	unsigned set;			/* bit 0 Monday .. bit 6 Sunday */
	struct caltext_day day[7];	/* day[0] is Monday */
};

/* The built-in calendar names, NULL-terminated, as sched_calendar_builtin() knows them. */
extern const char *const caltext_builtin_names[];
/* Nonzero when name is a built-in calendar's. */
int caltext_builtin(const char *name);

/*
 * Parse a day's hours into out. 0, or -1 with err->msg saying what is
 * wrong in words that quote the text (err->where is left empty).
 */
int caltext_hours(const char *text, struct caltext_day *out, struct error *err);
/* Parse a week into out (cleared first). 0, or -1 with err->msg. */
int caltext_week(const char *text, struct caltext_week *out, struct error *err);

#endif
