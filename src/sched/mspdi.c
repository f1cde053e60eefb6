/*
 * mspdi.c - Microsoft Project XML (MSPDI) into a schedule network.
 *
 * The file is read with libxml2's streaming reader into a small tree of
 * our own (element names and text only), under hard limits: at most
 * SCHED_MAX_INPUT bytes, MAX_NODES elements and MAX_DEPTH levels. The
 * reader never touches the network (XML_PARSE_NONET), never loads a DTD
 * and never substitutes entities; a document with a DOCTYPE or an entity
 * reference is refused outright, so nothing in the file can make the
 * parser read elsewhere or blow up in memory. Subtrees folio does not
 * use (timephased data, baselines, extended attributes) are skipped
 * without being built.
 *
 * What is read: the project's start, calendar, minutes per day, honour
 * constraints option and critical slack limit; calendars (week days,
 * the MS Project 2003 exception days, the 2007+ exceptions with their
 * recurrence patterns, work weeks, base calendars); tasks (summaries
 * from outline levels, milestones, manually scheduled tasks, elapsed
 * durations, constraints, deadlines, actual dates, task calendars) and
 * their predecessor links; resources and assignments, only to schedule a
 * task on the calendar of the work resources assigned to it. Blank
 * (null) rows, inactive tasks and links to other projects are left out.
 *
 * libxml2 is opened when the first MS Project file is read, not linked:
 * with ICU and libstdc++ behind it, mapping it would add about a
 * millisecond to every folio command's start (core/module.h), and most
 * never read XML.
 */
#include "sched/input.h"

#include <ctype.h>
#include <libxml/xmlreader.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/error.h"
#include "core/module.h"
#include "core/xmalloc.h"
#include "sched/calendar.h"
#include "sched/network.h"

#define MAX_NODES 4000000
#define MAX_DEPTH 40

struct xnode {
	const char *name;
	char *text;
	size_t textlen;
	struct xnode *child, *last, *next;
};

struct xtree {
	struct arena arena;
	struct xnode *root;
	size_t nodes;
};

static const char *const skipped[] = {
	"TimephasedData", "Baseline", "ExtendedAttribute", "ExtendedAttributes",
	"OutlineCodes", "WBSMasks", "Notes", "Hyperlink", "Rates",
	"AvailabilityPeriods", NULL
};

static int
is_skipped(const char *name)
{
	for (int i = 0; skipped[i]; i++)
		if (strcmp(name, skipped[i]) == 0)
			return 1;
	return 0;
}

static void
add_text(struct xtree *t, struct xnode *n, const char *s)
{
	size_t len = strlen(s);
	char *buf = arena_alloc(&t->arena, n->textlen + len + 1);

	if (n->text)
		memcpy(buf, n->text, n->textlen);
	memcpy(buf + n->textlen, s, len + 1);
	n->text = buf;
	n->textlen += len;
}

/* libxml2's ABI has been .so.2 since 2000. */
#define LIBXML2 "libxml2.so.2"

/* The libxml2 functions used, typed from its own headers. */
static struct {
	__typeof__(xmlReaderForMemory) *reader_for_memory;
	__typeof__(xmlTextReaderRead) *read;
	__typeof__(xmlTextReaderNext) *next;
	__typeof__(xmlTextReaderNodeType) *node_type;
	__typeof__(xmlTextReaderConstLocalName) *local_name;
	__typeof__(xmlTextReaderIsEmptyElement) *is_empty;
	__typeof__(xmlTextReaderConstValue) *value;
	__typeof__(xmlGetLastError) *last_error;
	__typeof__(xmlFreeTextReader) *free_reader;
} lx;
static pthread_once_t lx_once = PTHREAD_ONCE_INIT;
static char lx_why[256];	/* why libxml2 could not be had, or "" */

static void
lx_open(void)
{
	const struct module_fn fns[] = {
		{ "xmlReaderForMemory", (void **)&lx.reader_for_memory },
		{ "xmlTextReaderRead", (void **)&lx.read },
		{ "xmlTextReaderNext", (void **)&lx.next },
		{ "xmlTextReaderNodeType", (void **)&lx.node_type },
		{ "xmlTextReaderConstLocalName", (void **)&lx.local_name },
		{ "xmlTextReaderIsEmptyElement", (void **)&lx.is_empty },
		{ "xmlTextReaderConstValue", (void **)&lx.value },
		{ "xmlGetLastError", (void **)&lx.last_error },
		{ "xmlFreeTextReader", (void **)&lx.free_reader },
	};

	module_lib_open(LIBXML2, fns, sizeof(fns) / sizeof(fns[0]), lx_why, sizeof(lx_why));
}

/* Parse buf into t; -1 with err on malformed or refused input. */
static int
xtree_parse(struct xtree *t, const char *buf, size_t len, const char *where,
	    struct error *err)
{
	xmlTextReaderPtr r;
	struct xnode *stack[MAX_DEPTH + 1];
	int depth = 0, ret, rc = -1;

	if (len > SCHED_MAX_INPUT || len > (size_t)INT32_MAX)
		return error_at(err, ERR_INPUT, where, "larger than %u MiB",
				SCHED_MAX_INPUT >> 20);
	pthread_once(&lx_once, lx_open);
	if (lx.read == NULL)
		return error_at(err, ERR_IO, where,
				"reading MS Project XML needs libxml2: %s", lx_why);
	r = lx.reader_for_memory(buf, (int)len, NULL, NULL,
			       XML_PARSE_NONET | XML_PARSE_NOBLANKS |
			       XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (r == NULL)
		return error_at(err, ERR_INPUT, where, "not XML");
	ret = lx.read(r);
	while (ret == 1) {
		int type = lx.node_type(r);
		const char *name = (const char *)lx.local_name(r);
		struct xnode *n;

		switch (type) {
		case XML_READER_TYPE_DOCUMENT_TYPE:
		case XML_READER_TYPE_ENTITY_REFERENCE:
		case XML_READER_TYPE_ENTITY:
			error_at(err, ERR_INPUT, where, "a DOCTYPE or entity in an MS Project file is refused");
			goto out;
		case XML_READER_TYPE_ELEMENT:
			if (++t->nodes > MAX_NODES) {
				error_at(err, ERR_INPUT, where, "more than %d XML elements",
					 MAX_NODES);
				goto out;
			}
			if (depth > 0 && is_skipped(name)) {
				ret = lx.next(r);
				continue;
			}
			n = arena_alloc(&t->arena, sizeof(*n));
			n->name = arena_strdup(&t->arena, name ? name : "");
			if (depth == 0) {
				if (t->root) {
					error_at(err, ERR_INPUT, where, "more than one root element");
					goto out;
				}
				t->root = n;
			} else {
				struct xnode *p = stack[depth - 1];

				if (p->last)
					p->last->next = n;
				else
					p->child = n;
				p->last = n;
			}
			if (!lx.is_empty(r)) {
				if (depth == MAX_DEPTH) {
					error_at(err, ERR_INPUT, where, "XML nested deeper than %d",
						 MAX_DEPTH);
					goto out;
				}
				stack[depth++] = n;
			}
			break;
		case XML_READER_TYPE_END_ELEMENT:
			if (depth > 0)
				depth--;
			break;
		case XML_READER_TYPE_TEXT:
		case XML_READER_TYPE_CDATA:
		case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
			if (depth > 0) {
				const char *v = (const char *)lx.value(r);

				if (v)
					add_text(t, stack[depth - 1], v);
			}
			break;
		default:
			break;
		}
		ret = lx.read(r);
	}
	if (ret < 0 || t->root == NULL) {
		const xmlError *xe = lx.last_error();

		error_at(err, ERR_INPUT, where, "not well-formed XML%s%s",
			 xe && xe->message ? ": " : "",
			 xe && xe->message ? xe->message : "");
		/* libxml2's messages end in a newline */
		if (err) {
			size_t l = strlen(err->msg);

			while (l > 0 && (err->msg[l - 1] == '\n' || err->msg[l - 1] == ' '))
				err->msg[--l] = '\0';
		}
		goto out;
	}
	rc = 0;
out:
	lx.free_reader(r);
	return rc;
}

/* --- tree access --------------------------------------------------------------- */

static struct xnode *
child(const struct xnode *n, const char *name)
{
	if (n == NULL)
		return NULL;
	for (struct xnode *c = n->child; c; c = c->next)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

static const char *
text(const struct xnode *n, const char *name)
{
	struct xnode *c = child(n, name);

	return c ? (c->text ? c->text : "") : NULL;
}

static long
num(const struct xnode *n, const char *name, long dflt)
{
	const char *s = text(n, name);
	char *end;
	long v;

	if (s == NULL || *s == '\0')
		return dflt;
	v = strtol(s, &end, 10);
	return end == s ? dflt : v;
}

static double
real(const struct xnode *n, const char *name, double dflt)
{
	const char *s = text(n, name);
	char *end;
	double v;

	if (s == NULL || *s == '\0')
		return dflt;
	v = strtod(s, &end);
	return end == s || !isfinite(v) ? dflt : v;
}

static int64_t
when(const struct xnode *n, const char *name)
{
	const char *s = text(n, name);
	int64_t t;

	if (s == NULL || *s == '\0' || sched_instant_parse(s, &t) < 0)
		return SCHED_NONE;
	return t;
}

/* An xsd:duration as MS Project writes it ("PT8H0M0S", "-PT1H"), in
 * seconds; days count 24 hours. -1 if it is not one. */
static int
duration(const char *s, int64_t *out)
{
	double total = 0, v;
	int neg = 0, in_time = 0;
	char *end;

	if (s == NULL)
		return -1;
	if (*s == '-') {
		neg = 1;
		s++;
	}
	if (*s++ != 'P')
		return -1;
	while (*s) {
		if (*s == 'T') {
			in_time = 1;
			s++;
			continue;
		}
		v = strtod(s, &end);
		if (end == s || !isfinite(v))
			return -1;
		s = end;
		switch (*s) {
		case 'Y': total += v * 365 * 86400; break;
		case 'M': total += in_time ? v * 60 : v * 30 * 86400; break;
		case 'W': total += v * 7 * 86400; break;
		case 'D': total += v * 86400; break;
		case 'H': total += v * 3600; break;
		case 'S': total += v; break;
		default: return -1;
		}
		s++;
	}
	*out = sched_round_secs(neg ? -total : total);
	return 0;
}

/* "08:00:00" as seconds after midnight; "00:00:00" as an end is 24:00. */
static int
clock_time(const char *s, int end)
{
	int h = 0, m = 0, sec = 0;

	if (s == NULL || sscanf(s, "%d:%d:%d", &h, &m, &sec) < 2)
		return -1;
	if (h < 0 || h > 24 || m < 0 || m > 59 || sec < 0 || sec > 59)
		return -1;
	if (end && h == 0 && m == 0 && sec == 0)
		return SCHED_DAY_SECONDS;
	return h * 3600 + m * 60 + sec;
}

/* --- calendars ------------------------------------------------------------------ */

/* MS Project's hours for a working day given without times. */
static void
default_day(struct sched_day *d)
{
	d->n = 2;
	d->span[0].from = 8 * 3600;
	d->span[0].to = 12 * 3600;
	d->span[1].from = 13 * 3600;
	d->span[1].to = 17 * 3600;
}

static int
read_day(const struct xnode *n, struct sched_day *day, const char *where,
	 struct error *err)
{
	struct xnode *wts = child(n, "WorkingTimes");

	day->n = 0;
	if (num(n, "DayWorking", 0) == 0)
		return 0;
	if (wts == NULL || wts->child == NULL) {
		default_day(day);
		return 0;
	}
	for (struct xnode *w = wts->child; w; w = w->next) {
		int from, to;

		if (strcmp(w->name, "WorkingTime") != 0)
			continue;
		from = clock_time(text(w, "FromTime"), 0);
		to = clock_time(text(w, "ToTime"), 1);
		if (from < 0 || to < 0)
			return error_at(err, ERR_INPUT, where, "a working time is not hh:mm:ss");
		if (day->n == SCHED_MAX_SPANS)
			return error_at(err, ERR_INPUT, where, "more than %d working times in a day",
					SCHED_MAX_SPANS);
		if (from == to)
			continue;
		day->span[day->n].from = from;
		day->span[day->n].to = to;
		day->n++;
	}
	/* MS Project writes times in order; keep them so, merging touches */
	for (int i = 1; i < day->n; i++) {
		for (int j = i; j > 0 && day->span[j].from < day->span[j - 1].from; j--) {
			struct sched_span tmp = day->span[j];

			day->span[j] = day->span[j - 1];
			day->span[j - 1] = tmp;
		}
	}
	for (int i = 1; i < day->n; i++) {
		if (day->span[i].from <= day->span[i - 1].to) {
			if (day->span[i].to > day->span[i - 1].to)
				day->span[i - 1].to = day->span[i].to;
			memmove(&day->span[i], &day->span[i + 1],
				(size_t)(day->n - i - 1) * sizeof(day->span[0]));
			day->n--;
			i--;
		}
	}
	return 0;
}

static int
period(const struct xnode *n, int32_t *from, int32_t *to)
{
	struct xnode *tp = child(n, "TimePeriod");
	int64_t a = when(tp, "FromDate"), b = when(tp, "ToDate");

	if (a == SCHED_NONE || b == SCHED_NONE)
		return -1;
	*from = (int32_t)(a / SCHED_DAY_SECONDS);
	/* ToDate is the last moment of the last day, e.g. 23:59 */
	*to = (int32_t)((b - 1) / SCHED_DAY_SECONDS);
	if (*to < *from)
		*to = *from;
	return 0;
}

static int
set_days(struct sched_calendar *cal, int32_t from, int32_t to,
	 const struct sched_day *day, struct error *err)
{
	if (to - from > 40000)
		return error_set(err, ERR_INPUT, "a calendar exception spans more than a century");
	for (int32_t d = from; d <= to; d++)
		if (sched_calendar_set_day(cal, d, day, err) < 0)
			return -1;
	return 0;
}

/* The n-th (0-based; 4 = last) day of a kind (MonthItem) in a month. */
static int32_t
month_item(int y, int m, int position, int item)
{
	int32_t first = date_from_ymd(y, m, 1);
	int32_t last = date_from_ymd(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - 1;
	int count = 0;

	/* item 0 any day, 1 weekday, 2 weekend day, 3..9 Sunday..Saturday */
	if (position >= 4) {
		for (int32_t d = last; d >= first; d--) {
			int wd = date_weekday(d);
			int ok = item == 0 || (item == 1 && wd < 5) || (item == 2 && wd >= 5) ||
				 (item >= 3 && (item - 3 + 6) % 7 == wd);

			if (ok)
				return d;
		}
		return 0;
	}
	for (int32_t d = first; d <= last; d++) {
		int wd = date_weekday(d);
		int ok = item == 0 || (item == 1 && wd < 5) || (item == 2 && wd >= 5) ||
			 (item >= 3 && (item - 3 + 6) % 7 == wd);

		if (ok && count++ == position)
			return d;
	}
	return 0;
}

static int
valid_day(int y, int m, int d, int32_t *out)
{
	if (date_valid(y, m, d) < 0)
		return 0;
	*out = date_from_ymd(y, m, d);
	return 1;
}

/*
 * One MS Project 2007+ exception: a range of days, or a recurrence
 * (daily, weekly on some days, monthly or yearly on a day or on the n-th
 * weekday) from the first date, for a number of occurrences or up to the
 * last date.
 */
static int
read_exception(struct sched_calendar *cal, const struct xnode *e,
	       const char *where, struct error *err)
{
	struct sched_day day;
	int32_t from, to, d;
	long type = num(e, "Type", 1), per = num(e, "Period", 1);
	long occ = num(e, "Occurrences", 0), by_occ = num(e, "EnteredByOccurrences", 0);
	long item = num(e, "MonthItem", 0), pos = num(e, "MonthPosition", 0);
	long month = num(e, "Month", 0), mday = num(e, "MonthDay", 1);
	long dow = num(e, "DaysOfWeek", 0);
	long made = 0, limit;
	int y, m, dd;

	if (period(e, &from, &to) < 0)
		return error_at(err, ERR_INPUT, where, "an exception has no time period");
	if (read_day(e, &day, where, err) < 0)
		return -1;
	if (per < 1)
		per = 1;
	limit = by_occ && occ > 0 ? occ : 100000;
	if (!by_occ && (type == 1 || type == 0) && per == 1)
		return set_days(cal, from, to, &day, err);
	date_to_ymd(from, &y, &m, &dd);
	switch (type) {
	case 1:			/* daily */
	case 7:			/* every n days */
		for (d = from; made < limit && d <= to; d += (int32_t)per, made++)
			if (sched_calendar_set_day(cal, d, &day, err) < 0)
				return -1;
		break;
	case 6:			/* weekly: DaysOfWeek bits, 1 = Sunday */
		for (int32_t wk = from - date_weekday(from); made < limit && wk <= to;
		     wk += 7 * (int32_t)per) {
			for (int i = 0; i < 7 && made < limit; i++) {
				d = wk + i;	/* Monday + i */
				if (d < from || d > to || !(dow & (1L << ((i + 1) % 7))))
					continue;
				if (sched_calendar_set_day(cal, d, &day, err) < 0)
					return -1;
				made++;
			}
		}
		break;
	case 4:			/* monthly on a day */
	case 5:			/* monthly on the n-th kind of day */
	case 2:			/* yearly on a day */
	case 3:			/* yearly on the n-th kind of day */
		if (type == 2 || type == 3) {
			per = 12;
			m = (int)month + 1;
			if (m < 1 || m > 12)
				return error_at(err, ERR_INPUT, where, "an exception's month is out of range");
		}
		for (int guard = 0; made < limit && guard < 20000; guard++) {
			int ok = type == 4 || type == 2
				? valid_day(y, m, (int)mday, &d)
				: (d = month_item(y, m, (int)pos, (int)item)) != 0;

			if (ok && d > to)
				break;
			if (ok && d >= from) {
				if (sched_calendar_set_day(cal, d, &day, err) < 0)
					return -1;
				made++;
			}
			m += (int)per;
			while (m > 12) {
				m -= 12;
				y++;
			}
			if (date_from_ymd(y, m, 1) > to)
				break;
		}
		break;
	default:
		return error_at(err, ERR_INPUT, where, "an exception's recurrence type %ld is unknown",
				type);
	}
	return 0;
}

static int
read_weekdays(struct sched_calendar *cal, const struct xnode *wds,
	      struct sched_day week[7], const char *where, struct error *err)
{
	for (struct xnode *w = wds ? wds->child : NULL; w; w = w->next) {
		long type = num(w, "DayType", -1);
		struct sched_day day;

		if (strcmp(w->name, "WeekDay") != 0)
			continue;
		if (read_day(w, &day, where, err) < 0)
			return -1;
		if (type >= 1 && type <= 7) {
			int wd = (int)(type + 5) % 7;	/* 1 Sunday -> 6 */

			if (week)
				week[wd] = day;
			else if (sched_calendar_set_week(cal, wd, &day, err) < 0)
				return -1;
		} else if (type == 0 && week == NULL) {
			int32_t from, to;

			if (period(w, &from, &to) < 0)
				return error_at(err, ERR_INPUT, where, "an exception day has no time period");
			if (set_days(cal, from, to, &day, err) < 0)
				return -1;
		}
	}
	return 0;
}

struct mcal {
	long uid;
	long base_uid;
	int index;		/* in the network */
	int empty;		/* derived and defines nothing of its own */
};

static int
read_calendars(struct sched_network *net, const struct xnode *cals,
	       struct mcal **out, size_t *nout, const char *where,
	       struct error *err)
{
	struct mcal *mc = NULL;
	size_t n = 0, alloc = 0;
	char loc[300], name[300];

	for (struct xnode *c = cals ? cals->child : NULL; c; c = c->next) {
		struct sched_calendar *cal;
		struct xnode *wds, *exc, *wws;
		long uid = num(c, "UID", -1);
		int idx;

		if (strcmp(c->name, "Calendar") != 0)
			continue;
		snprintf(loc, sizeof(loc), "%s: calendar %ld", where, uid);
		snprintf(name, sizeof(name), "%ld %s", uid, text(c, "Name") ? text(c, "Name") : "");
		cal = sched_calendar_new(name);
		wds = child(c, "WeekDays");
		exc = child(c, "Exceptions");
		wws = child(c, "WorkWeeks");
		if (read_weekdays(cal, wds, NULL, loc, err) < 0)
			goto fail;
		for (struct xnode *e = exc ? exc->child : NULL; e; e = e->next)
			if (strcmp(e->name, "Exception") == 0 &&
			    read_exception(cal, e, loc, err) < 0)
				goto fail;
		for (struct xnode *w = wws ? wws->child : NULL; w; w = w->next) {
			struct sched_day week[7];
			int32_t from, to;

			if (strcmp(w->name, "WorkWeek") != 0)
				continue;
			for (int i = 0; i < 7; i++)
				sched_calendar_day(cal, date_from_ymd(2001, 1, 1) + i, &week[i]);
			if (period(w, &from, &to) < 0) {
				error_at(err, ERR_INPUT, loc, "a work week has no time period");
				goto fail;
			}
			if (read_weekdays(cal, child(w, "WeekDays"), week, loc, err) < 0 ||
			    sched_calendar_add_week_range(cal, from, to, week, err) < 0)
				goto fail;
		}
		if ((idx = sched_network_add_calendar(net, cal, err)) < 0)
			goto fail_noc;
		ALLOC_GROW(mc, n + 1, alloc);
		mc[n].uid = uid;
		mc[n].base_uid = num(c, "IsBaseCalendar", 1) ? -1 : num(c, "BaseCalendarUID", -1);
		mc[n].index = idx;
		mc[n].empty = mc[n].base_uid >= 0 &&
			      (wds == NULL || wds->child == NULL) &&
			      (exc == NULL || exc->child == NULL) &&
			      (wws == NULL || wws->child == NULL);
		n++;
		continue;
fail:
		sched_calendar_free(cal);
fail_noc:
		free(mc);
		return -1;
	}
	/* bases; weekdays a derived calendar does not define come from them */
	for (size_t i = 0; i < n; i++) {
		if (mc[i].base_uid < 0)
			continue;
		for (size_t j = 0; j < n; j++) {
			if (mc[j].uid == mc[i].base_uid && j != i) {
				sched_calendar_set_base(net->cal[mc[i].index],
							net->cal[mc[j].index]);
				break;
			}
		}
	}
	*out = mc;
	*nout = n;
	return 0;
}

static int
calendar_index(const struct mcal *mc, size_t n, long uid)
{
	for (size_t i = 0; i < n; i++)
		if (mc[i].uid == uid)
			return (int)i;
	return -1;
}

/* The calendar a derived calendar with nothing of its own stands for. */
static int
effective_calendar(const struct mcal *mc, size_t n, long uid)
{
	int i = calendar_index(mc, n, uid);

	for (int guard = 0; i >= 0 && mc[i].empty && guard < 64; guard++) {
		int b = calendar_index(mc, n, mc[i].base_uid);

		if (b < 0)
			break;
		i = b;
	}
	return i;
}

/* --- tasks ------------------------------------------------------------------------- */

static int
elapsed_format(long f)
{
	switch (f) {
	case 4: case 6: case 8: case 10: case 12: case 20:
	case 36: case 38: case 40: case 42: case 44: case 52:
		return 1;
	default:
		return 0;
	}
}

static const enum sched_constraint constraint_map[8] = {
	SCHED_ASAP, SCHED_ALAP, SCHED_MSO, SCHED_MFO,
	SCHED_SNET, SCHED_SNLT, SCHED_FNET, SCHED_FNLT
};

struct resource {
	long uid;
	int work;		/* a work resource (not material or cost) */
	long cal_uid;
};

/* Work resources' calendars of a task: -1 none, -2 several, else index. */
static int
task_resource_calendar(const struct xnode *assignments,
		       const struct resource *res, size_t nres,
		       const struct mcal *mc, size_t nmc, long task_uid)
{
	int found = -1;

	for (struct xnode *a = assignments ? assignments->child : NULL; a; a = a->next) {
		long ruid;
		int c = -1;

		if (strcmp(a->name, "Assignment") != 0 || num(a, "TaskUID", -1) != task_uid)
			continue;
		ruid = num(a, "ResourceUID", -1);
		for (size_t i = 0; i < nres; i++)
			if (res[i].uid == ruid && res[i].work)
				c = effective_calendar(mc, nmc, res[i].cal_uid);
		if (c < 0)
			continue;
		if (found == -1)
			found = c;
		else if (found != c)
			return -2;
	}
	return found;
}

void
sched_mspdi_release(struct sched_mspdi *info)
{
	free(info->task);
	memset(info, 0, sizeof(*info));
}

static int
read_tasks(struct sched_network *net, const struct xnode *proj,
	   const struct mcal *mc, size_t nmc, int project_cal,
	   struct sched_mspdi *info, const char *where, struct error *err)
{
	const struct xnode *tasks = child(proj, "Tasks");
	const struct xnode *assignments = child(proj, "Assignments");
	struct resource *res = NULL;
	size_t nres = 0, ares = 0, ainfo = 0;
	int *level_parent = NULL;	/* summary index at each outline level */
	size_t alevel = 0;
	int elapsed_cal = -1, rc = -1;
	char loc[300], id[32];

	for (struct xnode *r = child(proj, "Resources") ? child(proj, "Resources")->child : NULL;
	     r; r = r->next) {
		if (strcmp(r->name, "Resource") != 0)
			continue;
		ALLOC_GROW(res, nres + 1, ares);
		res[nres].uid = num(r, "UID", -1);
		res[nres].work = num(r, "Type", 1) == 1;
		res[nres].cal_uid = num(r, "CalendarUID", -1);
		nres++;
	}
	for (struct xnode *t = tasks ? tasks->child : NULL; t; t = t->next) {
		struct sched_activity *a;
		struct sched_mspdi_task *mt;
		enum sched_kind kind;
		long uid = num(t, "UID", -1), level = num(t, "OutlineLevel", 1);
		long cal_uid = num(t, "CalendarUID", -1), ct;
		int64_t dur = 0;
		int cal = project_cal, i, elapsed, rcal = -1;

		if (strcmp(t->name, "Task") != 0)
			continue;
		snprintf(loc, sizeof(loc), "%s: task %ld", where, uid);
		if (num(t, "IsNull", 0)) {
			if (info)
				info->null_tasks++;
			continue;
		}
		if (num(t, "Active", 1) == 0)
			continue;
		if (duration(text(t, "Duration"), &dur) < 0)
			dur = 0;
		if (dur < 0)
			dur = 0;
		elapsed = elapsed_format(num(t, "DurationFormat", 7));
		kind = num(t, "Summary", 0) ? SCHED_SUMMARY
		     : dur == 0 ? SCHED_MILESTONE : SCHED_TASK;
		if (elapsed && kind != SCHED_SUMMARY) {
			if (elapsed_cal < 0) {
				struct sched_calendar *ec = sched_calendar_new("(elapsed)");

				sched_calendar_set_continuous(ec);
				if ((elapsed_cal = sched_network_add_calendar(net, ec, err)) < 0)
					goto out;
			}
			cal = elapsed_cal;
		} else if (cal_uid >= 0 && calendar_index(mc, nmc, cal_uid) >= 0) {
			cal = mc[calendar_index(mc, nmc, cal_uid)].index;
		} else if (kind != SCHED_SUMMARY && !num(t, "IgnoreResourceCalendar", 0)) {
			rcal = task_resource_calendar(assignments, res, nres, mc, nmc, uid);
			if (rcal >= 0)
				cal = mc[rcal].index;
		}
		snprintf(id, sizeof(id), "%ld", uid);
		i = sched_network_add(net, id, text(t, "Name"), kind, dur, cal, err);
		if (i < 0) {
			error_at(err, ERR_INPUT, loc, "%s", err->msg);
			goto out;
		}
		a = sched_network_activity(net, (size_t)i);
		ct = num(t, "ConstraintType", 0);
		if (ct >= 0 && ct < 8) {
			a->constraint = constraint_map[ct];
			a->constraint_date = ct >= 2 ? when(t, "ConstraintDate") : SCHED_NONE;
			if (ct >= 2 && a->constraint_date == SCHED_NONE)
				a->constraint = SCHED_ASAP;
		}
		a->deadline = when(t, "Deadline");
		a->actual_start = when(t, "ActualStart");
		a->actual_finish = when(t, "ActualFinish");
		if (num(t, "Manual", 0) && kind != SCHED_SUMMARY &&
		    when(t, "Start") != SCHED_NONE && when(t, "Finish") != SCHED_NONE) {
			long df = num(t, "DurationFormat", 7);

			a->fixed_start = when(t, "Start");
			a->fixed_finish = when(t, "Finish");
			/* 21 and 53: no duration entered, a placeholder */
			a->placeholder = df == 21 || df == 53;
		}
		/* the parent is the last summary one outline level up */
		if (level < 0 || level > 1000) {
			error_at(err, ERR_INPUT, loc, "outline level %ld out of range", level);
			goto out;
		}
		{
			size_t had = alevel;

			ALLOC_GROW(level_parent, (size_t)level + 2, alevel);
			/* levels never seen have no summary (a file may lack task 0) */
			for (size_t k = had; k < alevel; k++)
				level_parent[k] = -1;
		}
		a->parent = level > 0 ? level_parent[level - 1] : -1;
		level_parent[level] = kind == SCHED_SUMMARY ? i : -1;
		if (info) {
			ALLOC_GROW(info->task, (size_t)i + 1, ainfo);
			mt = &info->task[i];
			memset(mt, 0, sizeof(*mt));
			mt->uid = (int)uid;
			mt->start = when(t, "Start");
			mt->finish = when(t, "Finish");
			mt->early_start = when(t, "EarlyStart");
			mt->early_finish = when(t, "EarlyFinish");
			mt->late_start = when(t, "LateStart");
			mt->late_finish = when(t, "LateFinish");
			mt->total_slack = text(t, "TotalSlack")
				? sched_round_secs(real(t, "TotalSlack", 0) * 6) : SCHED_NONE;
			mt->free_slack = text(t, "FreeSlack")
				? sched_round_secs(real(t, "FreeSlack", 0) * 6) : SCHED_NONE;
			mt->critical = text(t, "Critical") ? (int)num(t, "Critical", 0) : -1;
			mt->manual = num(t, "Manual", 0) != 0;
			mt->summary = kind == SCHED_SUMMARY;
			mt->elapsed = elapsed;
			mt->placeholder = a->placeholder;
			mt->resource_driven = rcal == -2;
			if (mt->late_start != SCHED_NONE || mt->total_slack != SCHED_NONE)
				info->has_computed = 1;
			info->n = (size_t)i + 1;
		}
	}
	/* links, now that every task has an index */
	for (struct xnode *t = tasks ? tasks->child : NULL; t; t = t->next) {
		int succ;

		if (strcmp(t->name, "Task") != 0)
			continue;
		snprintf(id, sizeof(id), "%ld", num(t, "UID", -1));
		if ((succ = sched_network_find(net, id)) < 0)
			continue;	/* a null or inactive task */
		for (struct xnode *l = t->child; l; l = l->next) {
			static const enum sched_link_type types[4] = {
				SCHED_FF, SCHED_FS, SCHED_SF, SCHED_SS
			};
			long type, fmt;
			double lag;
			int pred;

			if (strcmp(l->name, "PredecessorLink") != 0 || num(l, "CrossProject", 0))
				continue;
			snprintf(id, sizeof(id), "%ld", num(l, "PredecessorUID", -1));
			if ((pred = sched_network_find(net, id)) < 0)
				continue;
			type = num(l, "Type", 1);
			fmt = num(l, "LagFormat", 7);
			lag = real(l, "LinkLag", 0);	/* tenths of a minute */
			if (type < 0 || type > 3)
				type = 1;
			if (fmt == 19 || fmt == 20 || fmt == 51 || fmt == 52) {
				/* a percentage of the predecessor's duration */
				lag = lag / 1000.0 * (double)net->act[pred].duration / 6.0;
			}
			if (sched_network_link(net, (uint32_t)pred, (uint32_t)succ,
					       types[type], sched_round_secs(lag * 6),
					       elapsed_format(fmt), err) < 0) {
				error_at(err, ERR_INPUT, where, "task %s: %s", id, err->msg);
				goto out;
			}
		}
	}
	rc = 0;
out:
	free(res);
	free(level_parent);
	return rc;
}

int
sched_read_mspdi(struct sched_network *net, const char *buf, size_t len,
		 const char *where, const struct sched_input_options *opt,
		 struct sched_mspdi *info, struct error *err)
{
	struct xtree t;
	struct mcal *mc = NULL;
	size_t nmc = 0;
	const struct xnode *proj;
	int pc, ci, rc = -1;

	memset(&t, 0, sizeof(t));
	arena_init(&t.arena);
	if (info)
		memset(info, 0, sizeof(*info));
	if (xtree_parse(&t, buf, len, where, err) < 0)
		goto out;
	proj = t.root;
	if (strcmp(proj->name, "Project") != 0) {
		error_at(err, ERR_INPUT, where, "not an MS Project file (the root is <%s>)",
			 proj->name);
		goto out;
	}
	if (num(proj, "ScheduleFromStart", 1) == 0) {
		error_at(err, ERR_INPUT, where, "the project is scheduled back from its finish date, which folio does not do");
		goto out;
	}
	if (opt && opt->calendars_json &&
	    sched_add_calendars_json(net, opt->calendars_json, "calendars", err) < 0)
		goto out;
	if (read_calendars(net, child(proj, "Calendars"), &mc, &nmc, where, err) < 0)
		goto out;
	ci = calendar_index(mc, nmc, num(proj, "CalendarUID", 1));
	if (opt && opt->calendar) {
		if ((pc = sched_network_calendar(net, opt->calendar, err)) < 0)
			goto out;
	} else if (ci >= 0) {
		pc = mc[ci].index;
	} else if ((pc = sched_network_calendar(net, "standard", err)) < 0) {
		goto out;
	}
	sched_network_set_project_calendar(net, pc);
	net->start = opt && opt->start != SCHED_NONE ? opt->start : when(proj, "StartDate");
	net->honour_constraints = num(proj, "HonorConstraints", 1) != 0;
	net->critical_slack = sched_round_secs(real(proj, "CriticalSlackLimit", 0) *
				real(proj, "MinutesPerDay", 480) * 60);
	if (info)
		info->minutes_per_day = (int64_t)real(proj, "MinutesPerDay", 480);
	if (read_tasks(net, proj, mc, nmc, pc, info, where, err) < 0)
		goto out;
	rc = 0;
out:
	if (rc < 0 && info)
		sched_mspdi_release(info);
	free(mc);
	arena_release(&t.arena);
	return rc;
}
