/*
 * calendar-text.c - parsing a calendar's week and a day's hours (see
 * calendar-text.h for the syntax).
 *
 * Both parsers walk the text once with a cursor and fail on the first
 * fault, quoting the part of the text at fault so a message read alone
 * (in `folio import` or a validation report) says what to change.
 */
#include "model/calendar-text.h"
#include "core/error.h"

#include <string.h>

/* Longest piece of user text quoted in a message. */
#define QUOTE_MAX 60

#define HOURS_LIKE "\"09:00-17:00\" or \"09:00-12:00, 13:00-17:00\""
#define WEEK_LIKE "\"mon-fri 09:00-17:00; sat 08:00-12:00; sun off\""

const char *const caltext_builtin_names[] = {
	"england-and-wales", "weekdays", "standard", "days", "24x7", NULL
};

static const char *const day_names[7] = {
	"mon", "tue", "wed", "thu", "fri", "sat", "sun"
};

int
caltext_builtin(const char *name)
{
	for (int i = 0; caltext_builtin_names[i]; i++)
		if (strcmp(name, caltext_builtin_names[i]) == 0)
			return 1;
	return 0;
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t';
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static char
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* [s, e) without the blanks at either end. */
static void
trim(const char **s, const char **e)
{
	while (*s < *e && is_space(**s))
		(*s)++;
	while (*e > *s && is_space((*e)[-1]))
		(*e)--;
}

static int
quote_len(const char *s, const char *e)
{
	return e - s > QUOTE_MAX ? QUOTE_MAX : (int)(e - s);
}

/*
 * "H:MM" or "HH:MM" at *p (advanced past it) as seconds after midnight:
 * 1 parsed, 0 not a time at all, -1 a time out of range (00:00-24:00).
 */
static int
parse_time(const char **p, const char *e, int32_t *out)
{
	const char *s = *p;
	int h = 0, m, digits = 0;

	while (s < e && is_digit(*s) && digits < 2) {
		h = h * 10 + (*s++ - '0');
		digits++;
	}
	if (digits == 0 || s + 3 > e || s[0] != ':' || !is_digit(s[1]) ||
	    !is_digit(s[2]) || (s + 3 < e && is_digit(s[3])))
		return 0;
	m = (s[1] - '0') * 10 + (s[2] - '0');
	*p = s + 3;
	if (h > 24 || m > 59 || (h == 24 && m != 0))
		return -1;
	*out = h * 3600 + m * 60;
	return 1;
}

/* One span "HH:MM-HH:MM" filling [s, e) exactly. */
static int
parse_span(const char *s, const char *e, struct caltext_span *sp,
	   struct error *err)
{
	const char *p = s;
	int r;

	if ((r = parse_time(&p, e, &sp->from)) == 1) {
		while (p < e && is_space(*p))
			p++;
		if (p < e && *p == '-') {
			p++;
			while (p < e && is_space(*p))
				p++;
			r = parse_time(&p, e, &sp->to);
		} else {
			r = 0;
		}
	}
	if (r == 1 && p != e)
		r = 0;
	if (r == 0)
		return error_set(err, ERR_INPUT,
				 "\"%.*s\" is not a span of hours like \"09:00-17:00\"",
				 quote_len(s, e), s);
	if (r < 0)
		return error_set(err, ERR_INPUT,
				 "\"%.*s\": a time of day runs from 00:00 to 24:00",
				 quote_len(s, e), s);
	if (sp->to <= sp->from)
		return error_set(err, ERR_INPUT, "\"%.*s\" does not end after it starts",
				 quote_len(s, e), s);
	return 0;
}

/* Hours in [s, e): spans separated by commas. */
static int
parse_hours(const char *s, const char *e, struct caltext_day *out,
	    struct error *err)
{
	const char *prev = NULL, *prev_end = NULL;

	out->n = 0;
	trim(&s, &e);
	if (s == e)
		return error_set(err, ERR_INPUT, "no hours: expected hours like " HOURS_LIKE);
	while (s <= e) {
		const char *c = memchr(s, ',', (size_t)(e - s));
		const char *ps = s, *pe = c ? c : e;
		struct caltext_span *sp;

		trim(&ps, &pe);
		if (out->n == CALTEXT_MAX_SPANS)
			return error_set(err, ERR_INPUT, "more than %d working spans in a day",
					 CALTEXT_MAX_SPANS);
		sp = &out->span[out->n];
		if (parse_span(ps, pe, sp, err) < 0)
			return -1;
		if (out->n > 0 && sp->from < out->span[out->n - 1].to)
			return error_set(err, ERR_INPUT,
					 "\"%.*s\" starts before \"%.*s\" ends: spans go in order and do not overlap",
					 quote_len(ps, pe), ps, quote_len(prev, prev_end), prev);
		out->n++;
		prev = ps;
		prev_end = pe;
		if (c == NULL)
			break;
		s = c + 1;
	}
	return 0;
}

int
caltext_hours(const char *text, struct caltext_day *out, struct error *err)
{
	return parse_hours(text, text + strlen(text), out, err);
}

/* A day name filling [s, e) exactly: its weekday (0 Monday), or -1. */
static int
day_index(const char *s, const char *e)
{
	if (e - s != 3)
		return -1;
	for (int d = 0; d < 7; d++)
		if (lower(s[0]) == day_names[d][0] && lower(s[1]) == day_names[d][1] &&
		    lower(s[2]) == day_names[d][2])
			return d;
	return -1;
}

/* Days in [s, e): "mon", "mon-fri", "mon,wed,fri-sun", as a bit set. */
static int
parse_days(const char *s, const char *e, unsigned *days, struct error *err)
{
	*days = 0;
	while (s < e) {
		const char *c = memchr(s, ',', (size_t)(e - s));
		const char *pe = c ? c : e;
		const char *dash = memchr(s, '-', (size_t)(pe - s));
		int from, to;

		from = day_index(s, dash ? dash : pe);
		to = dash ? day_index(dash + 1, pe) : from;
		if (from < 0 || to < 0) {
			const char *bad = from < 0 ? s : dash + 1;
			const char *bad_end = from < 0 && dash ? dash : pe;

			return error_set(err, ERR_INPUT,
					 "\"%.*s\" is not a day (mon, tue, wed, thu, fri, sat, sun)",
					 quote_len(bad, bad_end), bad);
		}
		if (to < from)
			return error_set(err, ERR_INPUT,
					 "\"%.*s\" runs backwards: a range of days runs from mon towards sun",
					 quote_len(s, pe), s);
		for (int d = from; d <= to; d++) {
			if (*days & (1u << d))
				return error_set(err, ERR_INPUT, "%s is named twice", day_names[d]);
			*days |= 1u << d;
		}
		if (c == NULL)
			break;
		s = c + 1;
		if (s == e)
			return error_set(err, ERR_INPUT,
					 "a list of days ends with a comma");
	}
	return 0;
}

int
caltext_week(const char *text, struct caltext_week *out, struct error *err)
{
	const char *s = text, *end = text + strlen(text);

	memset(out, 0, sizeof(*out));
	while (s <= end) {
		const char *c = memchr(s, ';', (size_t)(end - s));
		const char *gs = s, *ge = c ? c : end, *ds, *de;
		unsigned days;
		struct caltext_day day;

		trim(&gs, &ge);
		if (gs < ge) {
			/* the days run to the first blank; their hours follow */
			ds = gs;
			while (ds < ge && !is_space(*ds))
				ds++;
			de = ds;
			if (parse_days(gs, de, &days, err) < 0)
				return -1;
			if (ds == ge)
				return error_set(err, ERR_INPUT,
						 "\"%.*s\" gives no hours: name days then their hours or off, like "
						 WEEK_LIKE, quote_len(gs, ge), gs);
			while (ds < ge && is_space(*ds))
				ds++;
			if (ge - ds == 3 && lower(ds[0]) == 'o' && lower(ds[1]) == 'f' &&
			    lower(ds[2]) == 'f') {
				day.n = 0;
			} else if (parse_hours(ds, ge, &day, err) < 0) {
				char msg[sizeof(err->msg)];

				if (err == NULL)
					return -1;
				/* say which days the faulty hours are for */
				memcpy(msg, err->msg, sizeof(msg));
				return error_set(err, ERR_INPUT, "%.*s: %s",
						 quote_len(gs, de), gs, msg);
			}
			for (int d = 0; d < 7; d++) {
				if (!(days & (1u << d)))
					continue;
				if (out->set & (1u << d))
					return error_set(err, ERR_INPUT, "%s is named twice",
							 day_names[d]);
				out->set |= 1u << d;
				out->day[d] = day;
			}
		}
		if (c == NULL)
			break;
		s = c + 1;
	}
	if (out->set == 0)
		return error_set(err, ERR_INPUT, "no days: expected a week like " WEEK_LIKE);
	return 0;
}
