/*
 * netcsv.c - activity networks from CSV (libcsv) and JSON (jansson),
 * calendar definitions in JSON, and reading a file of any format.
 */
#include "sched/input.h"

#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "core/date.h"
#include "core/error.h"
#include "core/strbuf.h"
#include "core/xmalloc.h"
#include "sched/calendar.h"
#include "sched/network.h"

/* --- shared helpers ----------------------------------------------------------- */

int
sched_parse_when(const char *s, int finish, int64_t *out)
{
	while (isspace((unsigned char)*s))
		s++;
	if (sched_instant_parse(s, out) < 0)
		return -1;
	if (finish && strpbrk(s, "T ") == NULL)
		*out += SCHED_DAY_SECONDS;
	return 0;
}

int64_t
sched_days(const struct sched_network *net, int cal, double days)
{
	double secs = days * (double)sched_calendar_day_seconds(net->cal[cal]);

	return sched_round_secs(secs);
}

int
sched_link_list(struct sched_network *net, uint32_t succ, const char *list,
		const char *where, struct error *err)
{
	const char *p = list;

	while (*p) {
		char tok[512], *type, *lag = NULL;
		size_t n = strcspn(p, " \t,;");
		int pred, t = SCHED_FS;
		double lagd = 0;

		if (n == 0) {
			p++;
			continue;
		}
		if (n >= sizeof(tok))
			return error_at(err, ERR_INPUT, where, "predecessor too long");
		memcpy(tok, p, n);
		tok[n] = '\0';
		p += n;
		type = strchr(tok, ':');
		if (type) {
			*type++ = '\0';
			lag = strchr(type, ':');
			if (lag)
				*lag++ = '\0';
			if ((t = sched_link_parse(type)) < 0)
				return error_at(err, ERR_INPUT, where,
						"predecessor %s: link type %s is not FS, SS, FF or SF",
						tok, type);
			if (lag) {
				char *end;

				errno = 0;
				lagd = strtod(lag, &end);
				if (errno || end == lag || *end || !isfinite(lagd))
					return error_at(err, ERR_INPUT, where,
							"predecessor %s: lag %s is not a number of days",
							tok, lag);
			}
		}
		pred = sched_network_find(net, tok);
		if (pred < 0)
			return error_at(err, ERR_INPUT, where, "predecessor %s is not an activity",
					tok);
		if (sched_network_link(net, (uint32_t)pred, succ,
				       (enum sched_link_type)t,
				       lagd != 0 ? sched_days(net, net->project_cal, lagd) : 0, 0,
				       err) < 0)
			return error_move(err, where);
	}
	return 0;
}

static int
project_calendar(struct sched_network *net, const char *name,
		 const struct sched_input_options *opt, struct error *err)
{
	int c;

	if (opt && opt->calendars_json &&
	    sched_add_calendars_json(net, opt->calendars_json, "calendars", err) < 0)
		return -1;
	if (opt && opt->calendar)
		name = opt->calendar;
	if (name == NULL)
		name = "england-and-wales";
	if ((c = sched_network_calendar(net, name, err)) < 0)
		return -1;
	sched_network_set_project_calendar(net, c);
	return c;
}

/* Optional per-activity fields shared by CSV columns and JSON members. */
static int
set_field(struct sched_network *net, int i, const char *key, const char *val,
	  const char *where, struct error *err)
{
	struct sched_activity *a = sched_network_activity(net, (size_t)i);
	int64_t t;
	int c;

	if (val == NULL || *val == '\0')
		return 0;
	if (strcmp(key, "constraint") == 0 || strcmp(key, "constraint_type") == 0) {
		if ((c = sched_constraint_parse(val)) < 0)
			return error_at(err, ERR_INPUT, where, "constraint %s is not one of ASAP, ALAP, SNET, SNLT, FNET, FNLT, MSO, MFO",
					val);
		a->constraint = (enum sched_constraint)c;
		return 0;
	}
	if (strcmp(key, "calendar") == 0) {
		int64_t days;

		if ((c = sched_network_calendar(net, val, err)) < 0)
			return error_move(err, where);
		/* the duration was read in days of the old calendar */
		days = a->duration;
		a->duration = sched_round_secs((double)days /
			(double)sched_calendar_day_seconds(net->cal[a->cal]) *
			(double)sched_calendar_day_seconds(net->cal[c]));
		a->cal = c;
		return 0;
	}
	if (strcmp(key, "constraint_date") == 0 || strcmp(key, "deadline") == 0 ||
	    strcmp(key, "actual_start") == 0 || strcmp(key, "actual_finish") == 0) {
		int finish = strcmp(key, "actual_start") != 0 &&
			     strcmp(key, "constraint_date") != 0;

		if (sched_parse_when(val, finish, &t) < 0)
			return error_at(err, ERR_INPUT, where, "%s %s is not a date",
					key, val);
		if (strcmp(key, "constraint_date") == 0)
			a->constraint_date = t;
		else if (strcmp(key, "deadline") == 0)
			a->deadline = t;
		else if (strcmp(key, "actual_start") == 0)
			a->actual_start = t;
		else
			a->actual_finish = t;
		return 0;
	}
	return 0;
}

/* A constraint date that names a day: its end for finish constraints. */
static void
fix_constraint_day(struct sched_activity *a, const char *val)
{
	if (val && strpbrk(val, "T ") == NULL && a->constraint_date != SCHED_NONE &&
	    (a->constraint == SCHED_FNET || a->constraint == SCHED_FNLT ||
	     a->constraint == SCHED_MFO))
		a->constraint_date += SCHED_DAY_SECONDS;
}

static int
parse_kind(const char *s, enum sched_kind *k)
{
	if (s == NULL || *s == '\0' || strcasecmp(s, "task") == 0)
		*k = SCHED_TASK;
	else if (strcasecmp(s, "milestone") == 0)
		*k = SCHED_MILESTONE;
	else if (strcasecmp(s, "summary") == 0)
		*k = SCHED_SUMMARY;
	else
		return -1;
	return 0;
}

/* --- CSV ------------------------------------------------------------------------ */

/* The parsed file: every cell NUL-terminated in one buffer, no allocation per cell. */
struct csv_rows {
	struct strbuf text;	/* the cells, one after another */
	size_t *cell_off;	/* each cell's offset in text */
	size_t ncell, acell;
	char **cell;		/* pointers into text, once parsed */
	size_t *row_off;	/* start of each row in cell[] */
	size_t nrow, arow;
	size_t row_start;
};

static void
csv_cell(void *s, size_t len, void *data)
{
	struct csv_rows *r = data;

	ALLOC_GROW(r->cell_off, r->ncell + 1, r->acell);
	r->cell_off[r->ncell++] = r->text.len;
	if (s)
		strbuf_add(&r->text, s, len);
	strbuf_addch(&r->text, '\0');
}

static void
csv_row(int c, void *data)
{
	struct csv_rows *r = data;

	(void)c;
	ALLOC_GROW(r->row_off, r->nrow + 2, r->arow);
	r->row_off[r->nrow] = r->row_start;
	r->nrow++;
	r->row_off[r->nrow] = r->ncell;
	r->row_start = r->ncell;
}

/* The text has stopped growing: point at the cells. */
static void
csv_rows_done(struct csv_rows *r)
{
	r->cell = xmalloc((r->ncell ? r->ncell : 1) * sizeof(*r->cell));
	for (size_t i = 0; i < r->ncell; i++)
		r->cell[i] = r->text.buf + r->cell_off[i];
}

static void
csv_rows_free(struct csv_rows *r)
{
	strbuf_release(&r->text);
	free(r->cell_off);
	free(r->cell);
	free(r->row_off);
}

enum { C_ID, C_DUR, C_PRED, C_NAME, C_TYPE, C_CAL, C_CONS, C_CDATE, C_DEADLINE,
       C_ASTART, C_AFINISH, C_PARENT, C__N };

static const char *const csv_cols[C__N] = {
	"id", "duration_days", "predecessors", "name", "type", "calendar",
	"constraint", "constraint_date", "deadline", "actual_start",
	"actual_finish", "parent"
};

static int
csv_column(const char *h)
{
	while (isspace((unsigned char)*h))
		h++;
	if (strcasecmp(h, "duration") == 0 || strcasecmp(h, "duration (days)") == 0)
		return C_DUR;
	if (strcasecmp(h, "code") == 0)
		return C_ID;
	if (strcasecmp(h, "constraint_type") == 0)
		return C_CONS;
	for (int i = 0; i < C__N; i++)
		if (strcasecmp(h, csv_cols[i]) == 0)
			return i;
	return -1;
}

/*
 * loc = "where:line" for a row's messages. It is set for every row, so
 * the number is written by hand after a prefix (loc[0..wl), "where:")
 * printed once: two snprintf() a row were a tenth of reading a network.
 */
static void
row_loc(char *loc, size_t size, size_t wl, size_t line)
{
	char digits[24];
	size_t n = 0;

	do {
		digits[n++] = (char)('0' + line % 10);
		line /= 10;
	} while (line);
	while (n > 0 && wl + 1 < size)
		loc[wl++] = digits[--n];
	loc[wl] = '\0';
}

int
sched_read_csv(struct sched_network *net, const char *buf, size_t len,
	       const char *where, const struct sched_input_options *opt,
	       struct error *err)
{
	const struct sched_read_hooks *hooks;
	struct csv_parser p;
	struct csv_rows r;
	int col[C__N], pc, rc = -1;
	size_t hdr_n, wl;
	double pc_day;
	int *act_of = NULL;	/* by row: the activity it added */
	char loc[300];

	memset(&r, 0, sizeof(r));
	strbuf_init(&r.text, len + len / 8 + 64);
	for (int i = 0; i < C__N; i++)
		col[i] = -1;
	if (csv_init(&p, 0) != 0) {
		strbuf_release(&r.text);
		return error_at(err, ERR_INTERNAL, where, "cannot start the CSV parser");
	}
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0) {
		buf += 3;
		len -= 3;
	}
	if (csv_parse(&p, buf, len, csv_cell, csv_row, &r) != len ||
	    csv_fini(&p, csv_cell, csv_row, &r) != 0) {
		error_at(err, ERR_INPUT, where, "not CSV: %s", csv_strerror(csv_error(&p)));
		goto out;
	}
	csv_rows_done(&r);
	if (r.nrow == 0) {
		error_at(err, ERR_INPUT, where, "empty file");
		goto out;
	}
	hdr_n = r.row_off[1] - r.row_off[0];
	for (size_t i = 0; i < hdr_n; i++) {
		int c = csv_column(r.cell[r.row_off[0] + i]);

		if (c >= 0 && col[c] < 0)
			col[c] = (int)i;
	}
	if (col[C_ID] < 0 || col[C_DUR] < 0) {
		error_at(err, ERR_INPUT, where, "the header must name columns id and duration_days");
		goto out;
	}
	if ((pc = project_calendar(net, NULL, opt, err)) < 0)
		goto out;
	if (opt && opt->start != SCHED_NONE)
		net->start = opt->start;
	hooks = opt ? opt->hooks : NULL;
	if (hooks && hooks->csv_row &&
	    hooks->csv_row(hooks->ctx, -1, 1, (const char *const *)r.cell, hdr_n, err) < 0)
		goto out;
	sched_network_reserve(net, net->n + r.nrow);
	act_of = xcalloc(r.nrow ? r.nrow : 1, sizeof(*act_of));
	/* as sched_days() for the project calendar, worked out once */
	pc_day = (double)sched_calendar_day_seconds(net->cal[pc]);
	wl = (size_t)snprintf(loc, sizeof(loc), "%s:", where);
	if (wl >= sizeof(loc))
		wl = sizeof(loc) - 1;
#define CELL(row, c) (col[c] >= 0 && (size_t)col[c] < r.row_off[(row) + 1] - r.row_off[row] \
		      ? r.cell[r.row_off[row] + (size_t)col[c]] : NULL)
	for (size_t row = 1; row < r.nrow; row++) {
		const char *id = CELL(row, C_ID), *ds = CELL(row, C_DUR);
		enum sched_kind kind;
		double days = 0;
		char *end;
		int i;

		row_loc(loc, sizeof(loc), wl, row + 1);
		if (r.row_off[row + 1] == r.row_off[row] ||
		    (r.row_off[row + 1] - r.row_off[row] == 1 && !*r.cell[r.row_off[row]]))
			continue;	/* a blank line */
		if (parse_kind(CELL(row, C_TYPE), &kind) < 0) {
			error_at(err, ERR_INPUT, loc, "type %s is not task, milestone or summary",
				 CELL(row, C_TYPE));
			goto out;
		}
		if (ds && *ds) {
			errno = 0;
			days = strtod(ds, &end);
			if (errno || end == ds || *end || !isfinite(days) || days < 0) {
				error_at(err, ERR_INPUT, loc, "duration %s is not a number of days", ds);
				goto out;
			}
		}
		i = sched_network_add(net, id, CELL(row, C_NAME), kind,
				      sched_round_secs(days * pc_day), pc, err);
		if (i < 0) {
			error_move(err, loc);
			goto out;
		}
		act_of[row] = i;
		for (int c = C_CAL; c <= C_AFINISH; c++)
			if (set_field(net, i, csv_cols[c], CELL(row, c), loc, err) < 0)
				goto out;
		fix_constraint_day(sched_network_activity(net, (size_t)i), CELL(row, C_CDATE));
		if (hooks && hooks->csv_row &&
		    hooks->csv_row(hooks->ctx, i, row + 1,
				   (const char *const *)r.cell + r.row_off[row],
				   r.row_off[row + 1] - r.row_off[row], err) < 0)
			goto out;
	}
	for (size_t row = 1; row < r.nrow; row++) {
		const char *id = CELL(row, C_ID), *preds = CELL(row, C_PRED);
		const char *parent = CELL(row, C_PARENT);
		int i;

		if (id == NULL || *id == '\0')
			continue;
		i = act_of[row];	/* the first pass added every row with an id */
		row_loc(loc, sizeof(loc), wl, row + 1);
		if (preds && sched_link_list(net, (uint32_t)i, preds, loc, err) < 0)
			goto out;
		if (parent && *parent) {
			int p2 = sched_network_find(net, parent);

			if (p2 < 0) {
				error_at(err, ERR_INPUT, loc, "parent %s is not an activity", parent);
				goto out;
			}
			sched_network_activity(net, (size_t)i)->parent = p2;
		}
	}
#undef CELL
	rc = 0;
out:
	csv_free(&p);
	csv_rows_free(&r);
	free(act_of);
	return rc;
}

/* --- JSON: calendars (small and irregular: jansson) ----------------------------- */

static const char *
jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* "09:00-17:00" */
static int
parse_span(const char *s, struct sched_span *sp)
{
	int h1, m1, h2, m2;
	char tail;

	if (sscanf(s, "%d:%d-%d:%d%c", &h1, &m1, &h2, &m2, &tail) != 4 ||
	    h1 < 0 || h1 > 24 || m1 < 0 || m1 > 59 || h2 < 0 || h2 > 24 ||
	    m2 < 0 || m2 > 59)
		return -1;
	sp->from = h1 * 3600 + m1 * 60;
	sp->to = h2 * 3600 + m2 * 60;
	return 0;
}

static int
parse_hours(json_t *arr, struct sched_day *day, const char *where,
	    struct error *err)
{
	size_t i;
	json_t *v;

	day->n = 0;
	if (!json_is_array(arr))
		return error_at(err, ERR_INPUT, where, "hours must be a list like [\"09:00-17:00\"]");
	json_array_foreach(arr, i, v) {
		if (day->n == SCHED_MAX_SPANS)
			return error_at(err, ERR_INPUT, where, "more than %d working spans in a day",
					SCHED_MAX_SPANS);
		if (!json_is_string(v) || parse_span(json_string_value(v), &day->span[day->n]) < 0)
			return error_at(err, ERR_INPUT, where, "hours must be like \"09:00-17:00\"");
		day->n++;
	}
	return 0;
}

static int
add_calendar_json(struct sched_network *net, json_t *o, const char *where,
		  struct error *err)
{
	static const char *const wd[7] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };
	const char *name = jstr(o, "name"), *base = jstr(o, "base");
	struct sched_calendar *cal;
	json_t *week, *v;
	struct sched_day day;
	size_t i;
	char loc[300];

	snprintf(loc, sizeof(loc), "%s: calendar %s", where, name ? name : "?");
	if (!json_is_object(o) || name == NULL)
		return error_at(err, ERR_INPUT, where, "a calendar needs a name");
	if (base) {
		int b = sched_network_calendar(net, base, err);

		if (b < 0)
			return error_move(err, loc);
		cal = sched_calendar_copy(net->cal[b], name);
	} else if ((cal = sched_calendar_builtin(name)) == NULL) {
		cal = sched_calendar_new(name);
	}
	if (json_is_true(json_object_get(o, "continuous")))
		sched_calendar_set_continuous(cal);
	if ((v = json_object_get(o, "bank_holidays")))
		sched_calendar_set_bank_holidays(cal, json_is_true(v));
	week = json_object_get(o, "week");
	for (int d = 0; d < 7 && week; d++) {
		json_t *h = json_object_get(week, wd[d]);

		if (h == NULL)
			continue;
		if (parse_hours(h, &day, loc, err) < 0 ||
		    sched_calendar_set_week(cal, d, &day, err) < 0)
			goto fail;
	}
	json_array_foreach(json_object_get(o, "holidays"), i, v) {
		int32_t d;

		day.n = 0;
		if (!json_is_string(v) || date_parse(json_string_value(v), &d) < 0) {
			error_at(err, ERR_INPUT, loc, "holidays must be dates");
			goto fail;
		}
		if (sched_calendar_set_day(cal, d, &day, err) < 0)
			goto fail;
	}
	json_array_foreach(json_object_get(o, "working"), i, v) {
		const char *ds = jstr(v, "date");
		int32_t d;

		if (ds == NULL || date_parse(ds, &d) < 0) {
			error_at(err, ERR_INPUT, loc, "working days need a date");
			goto fail;
		}
		if (parse_hours(json_object_get(v, "hours"), &day, loc, err) < 0 ||
		    sched_calendar_set_day(cal, d, &day, err) < 0)
			goto fail;
	}
	return sched_network_add_calendar(net, cal, err) < 0 ? -1 : 0;
fail:
	sched_calendar_free(cal);
	return -1;
}

static int
add_calendars(struct sched_network *net, json_t *arr, const char *where,
	      struct error *err)
{
	size_t i;
	json_t *v;

	if (arr == NULL)
		return 0;
	if (!json_is_array(arr))
		return error_at(err, ERR_INPUT, where, "calendars must be a list");
	json_array_foreach(arr, i, v)
		if (add_calendar_json(net, v, where, err) < 0)
			return -1;
	return 0;
}

int
sched_add_calendars_json(struct sched_network *net, const char *text,
			 const char *where, struct error *err)
{
	json_error_t jerr;
	json_t *root = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
	int rc;

	if (root == NULL)
		return error_at(err, ERR_INPUT, where, "line %d: %s", jerr.line, jerr.text);
	rc = add_calendars(net, root, where, err);
	json_decref(root);
	return rc;
}

/* --- JSON: a reader that walks the text in place ------------------------------------ */

/*
 * A 10,000-activity network is some 100,000 JSON values; a jansson tree
 * costs an allocation or two for each and as much again to free, which
 * was most of the time `schedule simulate` spent outside the simulation.
 * So the reader walks the text itself: each object's members go into
 * buffers reused from one object to the next, and nothing is allocated
 * per value. The scanner is strict RFC 8259 and refuses what jansson
 * (with JSON_REJECT_DUPLICATES) refused: bytes that are not UTF-8,
 * overlong forms, surrogates, bad escapes, \u0000, integers outside 64
 * bits, numbers that overflow, a repeated key in any object, nesting
 * deeper than 2,048, anything after the top-level value; only the wording
 * of syntax errors differs. A byte order mark is skipped. Numbers read as
 * jansson read them: an integer through int64_t, anything else correctly
 * rounded. Calendars (a few small, irregular objects) still go through
 * jansson.
 */

#define JS_MAX_DEPTH 2048	/* as jansson */

struct jkey {			/* a key of an object that is open */
	size_t off;		/* in jscan.keys */
	size_t at;		/* where it stands in the text */
	uint32_t len, hash;
};

struct jscan {
	const char *buf, *p, *end;
	const char *where;
	struct error *err;
	int depth;
	char point;		/* the C library's decimal point, for strtod */
	struct strbuf keys;	/* decoded keys of the objects open */
	struct jkey *key;
	size_t nkey, akey;
	struct strbuf str;	/* the string value decoded last */
};

/* An array or object being read. */
struct jframe {
	size_t kbase;		/* its first key in jscan.key */
	size_t sbase;		/* and in jscan.keys */
	size_t n;		/* members so far */
};

static void
js_init(struct jscan *js, const char *buf, size_t len, const char *where,
	struct error *err)
{
	const char *dp = localeconv()->decimal_point;

	memset(js, 0, sizeof(*js));
	js->buf = js->p = buf;
	js->end = buf + len;
	js->where = where;
	js->err = err;
	js->point = dp && dp[0] ? dp[0] : '.';
	strbuf_init(&js->keys, 0);
	strbuf_init(&js->str, 0);
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		js->p += 3;
}

static void
js_release(struct jscan *js)
{
	strbuf_release(&js->keys);
	strbuf_release(&js->str);
	free(js->key);
}

/* "line N: ..." with the line of `at`; returns -1. */
__attribute__((format(printf, 3, 4)))
static int
js_fail(struct jscan *js, const char *at, const char *fmt, ...)
{
	char msg[300];
	const char *q = js->buf;
	long line = 1;
	va_list ap;

	if (at > js->end)
		at = js->end;
	while ((q = memchr(q, '\n', (size_t)(at - q))) != NULL) {
		line++;
		q++;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return error_at(js->err, ERR_INPUT, js->where, "line %ld: %s", line, msg);
}

/* What stands at p, for an error message. */
static const char *
js_what(const struct jscan *js, const char *p, char *buf, size_t n)
{
	unsigned char c;

	if (p >= js->end)
		return "the end of the file";
	c = (unsigned char)*p;
	if (c > 0x20 && c < 0x7f)
		snprintf(buf, n, "'%c'", c);
	else
		snprintf(buf, n, "byte 0x%02x", c);
	return buf;
}

static inline void
js_ws(struct jscan *js)
{
	const char *p = js->p, *e = js->end;

	while (p < e && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
		p++;
	js->p = p;
}

/* strbuf_add() for the short runs of the scanner, inline when it fits. */
static inline void
sb_put(struct strbuf *sb, const void *p, size_t n)
{
	if (sb->alloc > sb->len + n + 1) {
		memcpy(sb->buf + sb->len, p, n);
		sb->len += n;
		sb->buf[sb->len] = '\0';
	} else {
		strbuf_add(sb, p, n);
	}
}

/*
 * The length of the UTF-8 sequence at p, or 0 if it is not one: no
 * overlong forms, no surrogates, nothing past U+10FFFF.
 */
static size_t
utf8_len(const unsigned char *p, const unsigned char *end)
{
	unsigned c = p[0];
	uint32_t cp;
	size_t n;

	if (c < 0x80)
		return 1;
	if (c < 0xc2)
		return 0;
	if (c < 0xe0) {
		n = 2;
		cp = c & 0x1f;
	} else if (c < 0xf0) {
		n = 3;
		cp = c & 0x0f;
	} else if (c < 0xf5) {
		n = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if ((size_t)(end - p) < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

static int
hex4(const unsigned char *p, const unsigned char *end, uint32_t *out)
{
	uint32_t v = 0;

	if (end - p < 4)
		return -1;
	for (int i = 0; i < 4; i++) {
		unsigned c = p[i];

		if (c >= '0' && c <= '9')
			c -= '0';
		else if (c >= 'a' && c <= 'f')
			c -= 'a' - 10;
		else if (c >= 'A' && c <= 'F')
			c -= 'A' - 10;
		else
			return -1;
		v = v << 4 | c;
	}
	*out = v;
	return 0;
}

static void
utf8_put(struct strbuf *out, uint32_t cp)
{
	char b[4];
	size_t n;

	if (cp < 0x80) {
		b[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xc0 | cp >> 6);
		b[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xe0 | cp >> 12);
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		b[0] = (char)(0xf0 | cp >> 18);
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	strbuf_add(out, b, n);
}

/*
 * The string at js->p (its opening quote), decoded and appended to out
 * with a NUL after it; *len is its length.
 */
static int
js_string(struct jscan *js, struct strbuf *out, size_t *len)
{
	const unsigned char *p = (const unsigned char *)js->p + 1;
	const unsigned char *e = (const unsigned char *)js->end;
	size_t start = out->len;
	uint32_t cp, lo;

	for (;;) {
		const unsigned char *run = p;

		while (p < e && *p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\')
			p++;
		if (p > run)
			sb_put(out, run, (size_t)(p - run));
		if (p >= e)
			return js_fail(js, js->p, "a string runs to the end of the file");
		if (*p == '"')
			break;
		if (*p < 0x20)
			return js_fail(js, (const char *)p, "control character 0x%02x in a string", *p);
		if (*p >= 0x80) {
			size_t n = utf8_len(p, e);

			if (n == 0)
				return js_fail(js, (const char *)p, "byte 0x%02x is not UTF-8", *p);
			sb_put(out, p, n);
			p += n;
			continue;
		}
		/* a backslash */
		if (++p >= e)
			return js_fail(js, js->p, "a string runs to the end of the file");
		switch (*p) {
		case '"':
		case '\\':
		case '/':
			strbuf_addch(out, *p);
			break;
		case 'b':
			strbuf_addch(out, '\b');
			break;
		case 'f':
			strbuf_addch(out, '\f');
			break;
		case 'n':
			strbuf_addch(out, '\n');
			break;
		case 'r':
			strbuf_addch(out, '\r');
			break;
		case 't':
			strbuf_addch(out, '\t');
			break;
		case 'u':
			if (hex4(p + 1, e, &cp) < 0)
				return js_fail(js, (const char *)p - 1, "invalid \\u escape");
			p += 4;
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (e - p < 7 || p[1] != '\\' || p[2] != 'u' || hex4(p + 3, e, &lo) < 0 ||
				    lo < 0xdc00 || lo > 0xdfff)
					return js_fail(js, (const char *)p - 5,
						       "invalid Unicode escape (a lone surrogate)");
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				p += 6;
			} else if (cp >= 0xdc00 && cp <= 0xdfff) {
				return js_fail(js, (const char *)p - 5,
					       "invalid Unicode escape (a lone surrogate)");
			} else if (cp == 0) {
				return js_fail(js, (const char *)p - 5, "\\u0000 is not allowed in a string");
			}
			utf8_put(out, cp);
			break;
		default:
			return js_fail(js, (const char *)p - 1, "invalid escape \\%c",
				       *p >= 0x20 && *p < 0x7f ? *p : '?');
		}
		p++;
	}
	js->p = (const char *)p + 1;
	*len = out->len - start;
	strbuf_addch(out, '\0');
	return 0;
}

static const double pow10_exact[23] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

/*
 * The number at js->p. An integer (no fraction, no exponent) must fit
 * int64_t and is converted from it, as jansson does. Other numbers with
 * at most 2^53 as digits and a power of ten up to 22 are one exact
 * multiplication or division, so correctly rounded (Clinger's fast
 * path); the rest go to strtod, which rounds correctly too.
 */
static int
js_number(struct jscan *js, double *out)
{
	const char *s = js->p, *p = s, *e = js->end;
	uint64_t m = 0;
	int e10 = 0, real = 0, neg = 0;

	if (p < e && *p == '-') {
		neg = 1;
		p++;
	}
	if (p >= e || (unsigned)(*p - '0') > 9)
		return js_fail(js, s, "invalid number");
	if (*p == '0') {
		if (++p < e && (unsigned)(*p - '0') <= 9)
			return js_fail(js, s, "invalid number (a leading zero)");
	} else {
		for (; p < e && (unsigned)(*p - '0') <= 9; p++) {
			if (m < 100000000000000000ULL)
				m = m * 10 + (uint64_t)(*p - '0');
			else
				e10++;	/* beyond the fast path anyway */
		}
	}
	if (p < e && *p == '.') {
		real = 1;
		if (++p >= e || (unsigned)(*p - '0') > 9)
			return js_fail(js, s, "invalid number");
		for (; p < e && (unsigned)(*p - '0') <= 9; p++) {
			if (m < 100000000000000000ULL) {
				m = m * 10 + (uint64_t)(*p - '0');
				e10--;
			}
		}
	}
	if (p < e && (*p == 'e' || *p == 'E')) {
		int eneg = 0, x = 0;

		real = 1;
		if (++p < e && (*p == '+' || *p == '-'))
			eneg = *p++ == '-';
		if (p >= e || (unsigned)(*p - '0') > 9)
			return js_fail(js, s, "invalid number");
		for (; p < e && (unsigned)(*p - '0') <= 9; p++)
			if (x < 100000)
				x = x * 10 + (*p - '0');
		e10 += eneg ? -x : x;
	}
	js->p = p;
	if (!real && e10 == 0) {
		/* every digit kept: the int64_t value exactly (never -0) */
		*out = neg ? (double)-(int64_t)m : (double)m;
		return 0;
	}
	if (!real || !(m <= (1ULL << 53) && e10 >= -22 && e10 <= 22)) {
		char small[64], *tmp = small, *end;
		size_t n = (size_t)(p - s);

		if (n >= sizeof(small))
			tmp = xmalloc(n + 1);
		memcpy(tmp, s, n);
		tmp[n] = '\0';
		errno = 0;
		if (!real) {
			long long v = strtoll(tmp, &end, 10);

			*out = (double)v;
			if (errno == ERANGE) {
				if (tmp != small)
					free(tmp);
				return js_fail(js, s, "an integer too big for 64 bits");
			}
		} else {
			char *dot = js->point != '.' ? strchr(tmp, '.') : NULL;

			if (dot)
				*dot = js->point;
			*out = strtod(tmp, &end);
			if (errno == ERANGE && isinf(*out)) {
				if (tmp != small)
					free(tmp);
				return js_fail(js, s, "a number too big for a double");
			}
		}
		if (tmp != small)
			free(tmp);
		return 0;
	}
	*out = (double)m;
	if (e10 < 0)
		*out /= pow10_exact[-e10];
	else
		*out *= pow10_exact[e10];
	if (neg)
		*out = -*out;
	return 0;
}

static int
js_open(struct jscan *js, struct jframe *f)
{
	if (++js->depth > JS_MAX_DEPTH)
		return js_fail(js, js->p, "nested more than %d deep", JS_MAX_DEPTH);
	js->p++;
	f->kbase = js->nkey;
	f->sbase = js->keys.len;
	f->n = 0;
	return 0;
}

static uint32_t
key_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static int
cmp_jkey(const void *a, const void *b)
{
	const struct jkey *x = a, *y = b;

	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return x->at < y->at ? -1 : x->at > y->at;
}

/*
 * Refuse a key that appears twice in the object closing now (keys from
 * kbase on), naming the first repetition in the file.
 */
static int
js_check_keys(struct jscan *js, size_t kbase)
{
	struct jkey *k = js->key + kbase;
	size_t n = js->nkey - kbase, dup = SIZE_MAX, dk = 0;
	const char *kb = js->keys.buf;
	char name[64];

#define SAME(a, b) ((a).hash == (b).hash && (a).len == (b).len && \
		    memcmp(kb + (a).off, kb + (b).off, (a).len) == 0)
	if (n < 2)
		return 0;
	if (n <= 16) {
		for (size_t j = 1; j < n && dup == SIZE_MAX; j++)
			for (size_t i = 0; i < j; i++)
				if (SAME(k[i], k[j])) {
					dup = k[j].at;
					dk = j;
					break;
				}
	} else {
		qsort(k, n, sizeof(*k), cmp_jkey);
		for (size_t j = 1; j < n; j++)
			for (size_t i = j; i-- > 0 && k[i].hash == k[j].hash && k[i].len == k[j].len;)
				if (memcmp(kb + k[i].off, kb + k[j].off, k[j].len) == 0 && k[j].at < dup) {
					dup = k[j].at;
					dk = j;
					break;
				}
	}
#undef SAME
	if (dup == SIZE_MAX)
		return 0;
	snprintf(name, sizeof(name), "%s", kb + k[dk].off);
	for (char *c = name; *c; c++)
		if ((unsigned char)*c < 0x20)
			*c = '?';
	return js_fail(js, js->buf + dup, "the key \"%s\" appears twice in one object", name);
}

/* Close the array or object at js->p. */
static int
js_close(struct jscan *js, const struct jframe *f, int object)
{
	if (object) {
		if (js_check_keys(js, f->kbase) < 0)
			return -1;
		js->nkey = f->kbase;
		strbuf_setlen(&js->keys, f->sbase);
	}
	js->depth--;
	js->p++;
	return 0;
}

/*
 * The next element of the array f: 1 with js->p at its value, 0 when the
 * array has closed, -1 on error.
 */
static int
js_array_next(struct jscan *js, struct jframe *f)
{
	char w[16];

	js_ws(js);
	if (js->p < js->end && *js->p == ']')
		return js_close(js, f, 0) < 0 ? -1 : 0;
	if (f->n > 0) {
		if (js->p >= js->end || *js->p != ',')
			return js_fail(js, js->p, "expected ',' or ']' in an array, found %s",
				       js_what(js, js->p, w, sizeof(w)));
		js->p++;
	}
	f->n++;
	return 1;
}

/*
 * The next member of the object f: 1 with *key (valid until the next key
 * is read; *klen its length) and js->p at its value, 0 when the object
 * has closed, -1 on error.
 */
static int
js_object_next(struct jscan *js, struct jframe *f, const char **key, size_t *klen)
{
	struct jkey *k;
	const char *at;
	size_t klen2;
	char w[16];

	js_ws(js);
	if (js->p < js->end && *js->p == '}')
		return js_close(js, f, 1) < 0 ? -1 : 0;
	if (f->n > 0) {
		if (js->p >= js->end || *js->p != ',')
			return js_fail(js, js->p, "expected ',' or '}' in an object, found %s",
				       js_what(js, js->p, w, sizeof(w)));
		js->p++;
		js_ws(js);
	}
	at = js->p;
	if (at >= js->end || *at != '"')
		return js_fail(js, at, "expected a key in double quotes, found %s",
			       js_what(js, at, w, sizeof(w)));
	ALLOC_GROW(js->key, js->nkey + 1, js->akey);
	k = &js->key[js->nkey++];
	k->off = js->keys.len;
	k->at = (size_t)(at - js->buf);
	if (js_string(js, &js->keys, &klen2) < 0)
		return -1;
	k->len = (uint32_t)klen2;
	k->hash = key_hash(js->keys.buf + k->off, k->len);
	js_ws(js);
	if (js->p >= js->end || *js->p != ':')
		return js_fail(js, js->p, "expected ':' after a key, found %s",
			       js_what(js, js->p, w, sizeof(w)));
	js->p++;
	f->n++;
	if (key)
		*key = js->keys.buf + k->off;
	if (klen)
		*klen = k->len;
	return 1;
}

static int js_value(struct jscan *js, struct sched_json_value *v, struct strbuf *sink,
		    size_t *soff);

/* Check and pass over the array or object at js->p. */
static int
js_skip(struct jscan *js)
{
	struct sched_json_value v;
	struct jframe f;
	int object = *js->p == '{', r;

	if (js_open(js, &f) < 0)
		return -1;
	while ((r = object ? js_object_next(js, &f, NULL, NULL) : js_array_next(js, &f)) > 0)
		if (js_value(js, &v, NULL, NULL) < 0)
			return -1;
	return r;
}

/*
 * The value at js->p (after blanks): scalars are read, arrays and objects
 * checked and passed over. A string is decoded into js->str (v->string
 * points there until the next string value), or with sink appended to
 * sink with a NUL, at *soff (v->string NULL: sink may still move).
 */
static int
js_value(struct jscan *js, struct sched_json_value *v, struct strbuf *sink,
	 size_t *soff)
{
	size_t len;
	const char *s;
	char w[16];

	js_ws(js);
	s = js->p;
	if (s >= js->end)
		return js_fail(js, s, "a value is missing at the end of the file");
	v->number = 0;
	v->string = NULL;
	switch (*s) {
	case '{':
	case '[':
		v->type = *s == '{' ? SCHED_JSON_OBJECT : SCHED_JSON_ARRAY;
		if (js_skip(js) < 0)
			return -1;
		break;
	case '"':
		if (sink == NULL) {
			strbuf_reset(&js->str);
			if (js_string(js, &js->str, &len) < 0)
				return -1;
			v->string = js->str.buf;
		} else {
			*soff = sink->len;
			if (js_string(js, sink, &len) < 0)
				return -1;
		}
		v->type = SCHED_JSON_STRING;
		break;
	case 't':
	case 'f':
	case 'n': {
		static const char *const lit[3] = { "true", "false", "null" };
		static const enum sched_json_type ty[3] = { SCHED_JSON_TRUE, SCHED_JSON_FALSE,
							     SCHED_JSON_NULL };
		int i = *s == 't' ? 0 : *s == 'f' ? 1 : 2;
		size_t n = strlen(lit[i]);

		if ((size_t)(js->end - s) < n || memcmp(s, lit[i], n) != 0)
			return js_fail(js, s, "invalid literal (not true, false or null)");
		js->p += n;
		v->type = ty[i];
		break;
	}
	default:
		if (*s != '-' && (unsigned)(*s - '0') > 9)
			return js_fail(js, s, "expected a value, found %s", js_what(js, s, w, sizeof(w)));
		if (js_number(js, &v->number) < 0)
			return -1;
		v->type = SCHED_JSON_NUMBER;
		break;
	}
	v->text = s;
	v->len = (size_t)(js->p - s);
	return 0;
}

/*
 * Eight bytes at a time: a high bit in each byte of x equal to c. The
 * lowest one flagged is always right (a borrow can only flag bytes above
 * a true match), and only the lowest is used.
 */
#define BYTES_1 0x0101010101010101ULL
#define BYTES_80 0x8080808080808080ULL

static inline uint64_t
bytes_eq(uint64_t x, unsigned char c)
{
	uint64_t y = x ^ (BYTES_1 * c);

	return (y - BYTES_1) & ~y & BYTES_80;
}

/* p advanced to the first byte of e or one of the marks (" [ ] { }, or in a string " \). */
static inline const char *
skim_to(const char *p, const char *e, int in_string)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	while (e - p >= 8) {
		uint64_t x, m;

		memcpy(&x, p, 8);
		if (in_string)
			m = bytes_eq(x, '"') | bytes_eq(x, '\\');
		else	/* '[' and '{', ']' and '}' differ only in 0x20 */
			m = bytes_eq(x, '"') | bytes_eq(x | BYTES_1 * 0x20, '{') |
			    bytes_eq(x | BYTES_1 * 0x20, '}');
		if (m)
			return p + (__builtin_ctzll(m) >> 3);
		p += 8;
	}
#endif
	for (; p < e; p++)
		if (in_string ? *p == '"' || *p == '\\'
			      : *p == '"' || *p == '[' || *p == ']' || *p == '{' || *p == '}')
			break;
	return p;
}

/*
 * Find the end of the array or object at js->p without checking what is
 * in it: strings are passed over to their closing quote, brackets
 * counted. For the long lists of a network, which are checked as they
 * are read (json_each()), so that the text is checked once.
 */
static int
js_skim(struct jscan *js, struct sched_json_value *v)
{
	const char *s = js->p, *p = s + 1, *e = js->end;
	size_t depth = 1;

	while (depth) {
		if ((p = skim_to(p, e, 0)) >= e)
			return js_fail(js, s, "%s is not closed at the end of the file",
				       *s == '[' ? "a list" : "an object");
		if (*p == '"') {
			const char *q = p++;

			while ((p = skim_to(p, e, 1)) < e && *p == '\\')
				p += e - p < 2 ? 1 : 2;
			if (p >= e)
				return js_fail(js, q, "a string runs to the end of the file");
		} else if (*p == '[' || *p == '{') {
			depth++;
		} else {
			depth--;
		}
		p++;
	}
	v->type = *s == '[' ? SCHED_JSON_ARRAY : SCHED_JSON_OBJECT;
	v->number = 0;
	v->string = NULL;
	v->text = s;
	v->len = (size_t)(p - s);
	js->p = p;
	return 0;
}

/*
 * One object's members, read into buffers that the next object reuses:
 * keys and decoded strings in `text`, NUL-terminated.
 */
struct jmember {
	const char *key;
	size_t klen;
	size_t koff, soff;	/* in jobject.text while it grows */
	struct sched_json_value v;
};

struct jobject {
	struct strbuf text;
	struct jmember *m;
	size_t n, alloc;
};

static void
jobject_release(struct jobject *o)
{
	strbuf_release(&o->text);
	free(o->m);
}

/* Read the object at js->p (its '{') into o. */
static int
jobject_read(struct jscan *js, struct jobject *o)
{
	struct jframe f;
	const char *key;
	size_t klen;
	int r;

	strbuf_reset(&o->text);
	o->n = 0;
	if (js_open(js, &f) < 0)
		return -1;
	while ((r = js_object_next(js, &f, &key, &klen)) > 0) {
		struct jmember *m;

		ALLOC_GROW(o->m, o->n + 1, o->alloc);
		m = &o->m[o->n++];
		m->klen = klen;
		m->koff = o->text.len;
		sb_put(&o->text, key, klen + 1);
		if (js_value(js, &m->v, &o->text, &m->soff) < 0)
			return -1;
	}
	if (r < 0)
		return -1;
	/* the text has stopped moving: point into it */
	for (size_t i = 0; i < o->n; i++) {
		o->m[i].key = o->text.buf + o->m[i].koff;
		if (o->m[i].v.type == SCHED_JSON_STRING)
			o->m[i].v.string = o->text.buf + o->m[i].soff;
	}
	return 0;
}

/* --- JSON: the network ------------------------------------------------------------- */

/* The members of an activity or a link that the reader uses. */
enum {
	K_ID, K_CODE, K_TYPE, K_DURATION, K_DURATION_DAYS, K_MODE, K_LIKELY_DAYS,
	K_CALENDAR, K_NAME, K_CONSTRAINT, K_CONSTRAINT_TYPE, K_CONSTRAINT_DATE,
	K_DEADLINE, K_ACTUAL_START, K_ACTUAL_FINISH, K_PREDECESSORS, K_PARENT,
	K_FROM, K_TO, K_PREDECESSOR, K_SUCCESSOR, K_LAG, K_LAG_DAYS, K_ELAPSED,
	K__N
};

#define MEMBER(s) { s, sizeof(s) - 1 }
static const struct {
	const char *name;
	size_t len;
} members[K__N] = {
	MEMBER("id"), MEMBER("code"), MEMBER("type"), MEMBER("duration"),
	MEMBER("duration_days"), MEMBER("mode"), MEMBER("likely_days"),
	MEMBER("calendar"), MEMBER("name"), MEMBER("constraint"),
	MEMBER("constraint_type"), MEMBER("constraint_date"), MEMBER("deadline"),
	MEMBER("actual_start"), MEMBER("actual_finish"), MEMBER("predecessors"),
	MEMBER("parent"), MEMBER("from"), MEMBER("to"), MEMBER("predecessor"),
	MEMBER("successor"), MEMBER("lag"), MEMBER("lag_days"), MEMBER("elapsed")
};
#undef MEMBER

/* Which of members[] key (len bytes) is, or -1. */
static int
member_code(const char *key, size_t len)
{
	static const unsigned char a[] = { K_ACTUAL_START, K_ACTUAL_FINISH, K__N };
	static const unsigned char c[] = { K_CODE, K_CALENDAR, K_CONSTRAINT, K_CONSTRAINT_TYPE,
					   K_CONSTRAINT_DATE, K__N };
	static const unsigned char d[] = { K_DURATION, K_DURATION_DAYS, K_DEADLINE, K__N };
	static const unsigned char e[] = { K_ELAPSED, K__N };
	static const unsigned char f[] = { K_FROM, K__N };
	static const unsigned char i[] = { K_ID, K__N };
	static const unsigned char l[] = { K_LIKELY_DAYS, K_LAG, K_LAG_DAYS, K__N };
	static const unsigned char m[] = { K_MODE, K__N };
	static const unsigned char n[] = { K_NAME, K__N };
	static const unsigned char p[] = { K_PREDECESSORS, K_PARENT, K_PREDECESSOR, K__N };
	static const unsigned char s[] = { K_SUCCESSOR, K__N };
	static const unsigned char t[] = { K_TYPE, K_TO, K__N };
	const unsigned char *k;

	switch (key[0]) {
	case 'a': k = a; break;
	case 'c': k = c; break;
	case 'd': k = d; break;
	case 'e': k = e; break;
	case 'f': k = f; break;
	case 'i': k = i; break;
	case 'l': k = l; break;
	case 'm': k = m; break;
	case 'n': k = n; break;
	case 'p': k = p; break;
	case 's': k = s; break;
	case 't': k = t; break;
	default: return -1;
	}
	for (; *k != K__N; k++)
		if (members[*k].len == len && memcmp(members[*k].name, key, len) == 0)
			return *k;
	return -1;
}

/* Where an error in member[index] of the top-level object is. */
static const char *
json_loc(char *buf, size_t n, const char *where, const char *member, size_t index)
{
	snprintf(buf, n, "%s: %s[%zu]", where, member, index);
	return buf;
}

/* An object's members by member_code(): their index in it, or -1. */
struct jpick {
	int at[K__N];
};

static void
jpick_fill(struct jpick *pk, const struct jobject *o)
{
	for (int k = 0; k < K__N; k++)
		pk->at[k] = -1;
	for (size_t i = 0; i < o->n; i++) {
		int c = member_code(o->m[i].key, o->m[i].klen);

		if (c >= 0)
			pk->at[c] = (int)i;
	}
}

/* The string member k; NULL if absent or not a string. */
static const char *
pick_str(const struct jobject *o, const struct jpick *pk, int k)
{
	const struct sched_json_value *v = pk->at[k] >= 0 ? &o->m[pk->at[k]].v : NULL;

	return v && v->type == SCHED_JSON_STRING ? v->string : NULL;
}

/* The number member k: 1 absent or null, -1 not a number, 0 read. */
static int
pick_num(const struct jobject *o, const struct jpick *pk, int k, double *out)
{
	const struct sched_json_value *v = pk->at[k] >= 0 ? &o->m[pk->at[k]].v : NULL;

	if (v == NULL || v->type == SCHED_JSON_NULL)
		return 1;
	if (v->type != SCHED_JSON_NUMBER)
		return -1;
	*out = v->number;
	return 0;
}

/* An activity's predecessors and parent, linked once every activity is in. */
struct jlater {
	int act;
	size_t index;		/* in "activities" */
	size_t preds, parent;	/* offsets in jread.later_text, or SIZE_MAX */
};

struct jread {
	struct jscan js;
	struct sched_network *net;
	const struct sched_read_hooks *hooks;
	const char *where;
	struct error *err;
	int pc;			/* the project calendar */
	double pc_secs;		/* working seconds in its day */
	struct jobject obj;	/* the activity or link being read */
	struct jlater *later;
	size_t nlater, alater;
	struct strbuf later_text;
};

/* sched_days() without working out the project calendar's day each time. */
static int64_t
jread_days(const struct jread *jr, int cal, double days)
{
	double secs = cal == jr->pc ? jr->pc_secs
				    : (double)sched_calendar_day_seconds(jr->net->cal[cal]);

	return sched_round_secs(days * secs);
}

static size_t
later_add(struct jread *jr, const char *s)
{
	size_t off = jr->later_text.len;

	if (s == NULL)
		return SIZE_MAX;
	strbuf_add(&jr->later_text, s, strlen(s) + 1);
	return off;
}

/* Add jr->obj, activities[index], to the network. */
static int
json_activity(struct jread *jr, size_t index)
{
	static const int fields[] = {
		K_CONSTRAINT, K_CONSTRAINT_TYPE, K_CONSTRAINT_DATE, K_DEADLINE,
		K_ACTUAL_START, K_ACTUAL_FINISH
	};
	const struct jobject *o = &jr->obj;
	struct sched_network *net = jr->net;
	struct error *err = jr->err;
	struct jpick pk;
	const char *id, *cal, *type, *preds, *parent;
	enum sched_kind kind;
	double days = 0;
	int i, c = jr->pc, r;
	char loc[300];

#define LOC json_loc(loc, sizeof(loc), jr->where, "activities", index)
	jpick_fill(&pk, o);
	id = pick_str(o, &pk, K_ID);
	if (id == NULL)
		id = pick_str(o, &pk, K_CODE);
	type = pick_str(o, &pk, K_TYPE);
	if (parse_kind(type, &kind) < 0)
		return error_at(err, ERR_INPUT, LOC, "type %s is not task, milestone or summary",
				type);
	if ((r = pick_num(o, &pk, K_DURATION, &days)) > 0 &&
	    (r = pick_num(o, &pk, K_DURATION_DAYS, &days)) > 0 &&
	    (r = pick_num(o, &pk, K_MODE, &days)) > 0 &&
	    (r = pick_num(o, &pk, K_LIKELY_DAYS, &days)) > 0)
		days = 0;
	if (r < 0 || days < 0)
		return error_at(err, ERR_INPUT, LOC, "activity %s: the duration must be a number of days",
				id ? id : "?");
	cal = pick_str(o, &pk, K_CALENDAR);
	if (cal && (c = sched_network_calendar(net, cal, err)) < 0)
		return error_move(err, LOC);
	i = sched_network_add(net, id, pick_str(o, &pk, K_NAME), kind, jread_days(jr, c, days),
			      c, err);
	if (i < 0)
		return error_move(err, LOC);
	for (size_t k = 0; k < sizeof(fields) / sizeof(fields[0]); k++) {
		const char *val = pick_str(o, &pk, fields[k]);

		if (val && *val && set_field(net, i, members[fields[k]].name, val, LOC, err) < 0)
			return -1;
	}
	fix_constraint_day(sched_network_activity(net, (size_t)i),
			   pick_str(o, &pk, K_CONSTRAINT_DATE));
	preds = pick_str(o, &pk, K_PREDECESSORS);
	parent = pick_str(o, &pk, K_PARENT);
	if (preds || parent) {
		struct jlater *l;

		ALLOC_GROW(jr->later, jr->nlater + 1, jr->alater);
		l = &jr->later[jr->nlater++];
		l->act = i;
		l->index = index;
		l->preds = later_add(jr, preds);
		l->parent = later_add(jr, parent);
	}
	if (jr->hooks && jr->hooks->activity_member)
		for (size_t k = 0; k < o->n; k++)
			if (jr->hooks->activity_member(jr->hooks->ctx, i, index, o->m[k].key,
						       &o->m[k].v, err) < 0)
				return -1;
	return 0;
#undef LOC
}

/* The predecessors and parents of the activities, now that all are in. */
static int
json_later(struct jread *jr)
{
	char loc[300];

	for (size_t k = 0; k < jr->nlater; k++) {
		const struct jlater *l = &jr->later[k];
		const char *t = jr->later_text.buf;
		const char *preds = l->preds != SIZE_MAX ? t + l->preds : NULL;
		const char *parent = l->parent != SIZE_MAX ? t + l->parent : NULL;

		json_loc(loc, sizeof(loc), jr->where, "activities", l->index);
		if (preds && sched_link_list(jr->net, (uint32_t)l->act, preds, loc, jr->err) < 0)
			return -1;
		if (parent) {
			int p = sched_network_find(jr->net, parent);

			if (p < 0)
				return error_at(jr->err, ERR_INPUT, loc, "parent %s is not an activity",
						parent);
			sched_network_activity(jr->net, (size_t)l->act)->parent = p;
		}
	}
	return 0;
}

/* Add jr->obj (NULL: an element that is not an object), member[index]. */
static int
json_link(struct jread *jr, const struct jobject *o, const char *member, size_t index)
{
	struct sched_network *net = jr->net;
	struct error *err = jr->err;
	const char *from, *to, *type;
	struct jpick pk;
	double lag = 0;
	int a, b, t = SCHED_FS, r = 1;
	char loc[300];

#define LOC json_loc(loc, sizeof(loc), jr->where, member, index)
	if (o == NULL)
		return error_at(err, ERR_INPUT, LOC, "a link needs from and to");
	jpick_fill(&pk, o);
	if ((from = pick_str(o, &pk, K_FROM)) == NULL)
		from = pick_str(o, &pk, K_PREDECESSOR);
	if ((to = pick_str(o, &pk, K_TO)) == NULL)
		to = pick_str(o, &pk, K_SUCCESSOR);
	if (from == NULL || to == NULL)
		return error_at(err, ERR_INPUT, LOC, "a link needs from and to");
	if ((a = sched_network_find(net, from)) < 0)
		return error_at(err, ERR_INPUT, LOC, "link from %s: no such activity", from);
	if ((b = sched_network_find(net, to)) < 0)
		return error_at(err, ERR_INPUT, LOC, "link to %s: no such activity", to);
	if ((type = pick_str(o, &pk, K_TYPE)) && (t = sched_link_parse(type)) < 0)
		return error_at(err, ERR_INPUT, LOC, "link type %s is not FS, SS, FF or SF", type);
	if ((r = pick_num(o, &pk, K_LAG, &lag)) > 0)
		r = pick_num(o, &pk, K_LAG_DAYS, &lag);
	if (r < 0)
		return error_at(err, ERR_INPUT, LOC, "link %s -> %s: the lag must be a number of days",
				from, to);
	if (r > 0)
		lag = 0;
	if (sched_network_link(net, (uint32_t)a, (uint32_t)b, (enum sched_link_type)t,
			       jread_days(jr, jr->pc, lag),
			       pk.at[K_ELAPSED] >= 0 && o->m[pk.at[K_ELAPSED]].v.type == SCHED_JSON_TRUE,
			       err) < 0)
		return error_move(err, LOC);
	return 0;
#undef LOC
}

/* Each element of the array at text: an object into jr->obj, then fn. */
static int
json_each(struct jread *jr, const char *text, const char *member,
	  int (*fn)(struct jread *jr, const struct jobject *o, const char *member, size_t index))
{
	struct jscan *js = &jr->js;
	struct sched_json_value v;
	struct jframe f;
	size_t index = 0;
	int r;

	js->p = text;
	js->depth = 1;		/* inside the top-level object */
	if (js_open(js, &f) < 0)
		return -1;
	while ((r = js_array_next(js, &f)) > 0) {
		js_ws(js);
		if (js->p < js->end && *js->p == '{') {
			if (jobject_read(js, &jr->obj) < 0 || fn(jr, &jr->obj, member, index) < 0)
				return -1;
		} else if (js_value(js, &v, NULL, NULL) < 0 || fn(jr, NULL, member, index) < 0) {
			return -1;
		}
		index++;
	}
	return r;
}

static int
each_activity(struct jread *jr, const struct jobject *o, const char *member, size_t index)
{
	char loc[300];

	if (o == NULL)
		return error_at(jr->err, ERR_INPUT, json_loc(loc, sizeof(loc), jr->where, member, index),
				"an activity must be an object");
	return json_activity(jr, index);
}

/* The top-level members: those the reader knows, then the others. */
enum { R_CALENDARS, R_CALENDAR, R_HONOUR, R_START, R_ACTIVITIES, R_LINKS,
       R_DEPENDENCIES, R__N };

static const char *const root_names[R__N] = {
	"calendars", "calendar", "honour_constraints", "start", "activities", "links",
	"dependencies"
};

struct jroot {
	size_t key;		/* offset in the root text */
	size_t str;		/* a string value's offset there */
	struct sched_json_value v;
};

int
sched_read_json(struct sched_network *net, const char *buf, size_t len,
		const char *where, const struct sched_input_options *opt,
		struct error *err)
{
	struct jread jr;
	struct jscan *js = &jr.js;
	struct jframe f;
	struct jroot *mem = NULL;
	struct strbuf text = STRBUF_INIT;
	const struct sched_json_value *known[R__N] = { NULL };
	const char *key, *start;
	size_t n = 0, alloc = 0, klen;
	char w[16];
	int rk, r, rc = -1;

	memset(&jr, 0, sizeof(jr));
	js_init(js, buf, len, where, err);
	strbuf_init(&text, 0);
	strbuf_init(&jr.obj.text, 0);
	strbuf_init(&jr.later_text, 0);
	jr.net = net;
	jr.hooks = opt ? opt->hooks : NULL;
	jr.where = where;
	jr.err = err;

	/* the whole text checked once, the top-level members noted */
	js_ws(js);
	if (js->p < js->end && *js->p == '[') {
		struct sched_json_value v;

		if (js_value(js, &v, NULL, NULL) == 0) {
			js_ws(js);
			if (js->p < js->end)
				js_fail(js, js->p, "expected the end of the file, found %s",
					js_what(js, js->p, w, sizeof(w)));
			else
				error_at(err, ERR_INPUT, where, "a JSON network is an object");
		}
		goto out;
	}
	if (js->p >= js->end || *js->p != '{') {
		js_fail(js, js->p, "expected '{' (a JSON network is an object), found %s",
			js_what(js, js->p, w, sizeof(w)));
		goto out;
	}
	if (js_open(js, &f) < 0)
		goto out;
	while ((r = js_object_next(js, &f, &key, &klen)) > 0) {
		struct jroot *m;

		ALLOC_GROW(mem, n + 1, alloc);
		m = &mem[n++];
		m->key = text.len;
		strbuf_add(&text, key, klen + 1);
		for (rk = 0; rk < R__N && strcmp(key, root_names[rk]) != 0; rk++)
			;
		js_ws(js);
		/* the long lists: their ends found now, checked as they are read */
		if ((rk == R_ACTIVITIES || rk == R_LINKS || rk == R_DEPENDENCIES) &&
		    js->p < js->end && *js->p == '[') {
			if (js_skim(js, &m->v) < 0)
				goto out;
		} else if (js_value(js, &m->v, &text, &m->str) < 0) {
			goto out;
		}
	}
	if (r < 0)
		goto out;
	js_ws(js);
	if (js->p < js->end) {
		js_fail(js, js->p, "expected the end of the file after the network, found %s",
			js_what(js, js->p, w, sizeof(w)));
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		if (mem[i].v.type == SCHED_JSON_STRING)
			mem[i].v.string = text.buf + mem[i].str;
		for (int k = 0; k < R__N; k++)
			if (strcmp(text.buf + mem[i].key, root_names[k]) == 0)
				known[k] = &mem[i].v;
	}

	/* then read in the order the members depend on each other */
	if (known[R_CALENDARS]) {
		json_error_t jerr;
		json_t *cals = json_loadb(known[R_CALENDARS]->text, known[R_CALENDARS]->len,
					  JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &jerr);

		if (cals == NULL) {
			error_at(err, ERR_INPUT, where, "calendars: %s", jerr.text);
			goto out;
		}
		r = add_calendars(net, cals, where, err);
		json_decref(cals);
		if (r < 0)
			goto out;
	}
	if ((jr.pc = project_calendar(net, known[R_CALENDAR] && known[R_CALENDAR]->string
					   ? known[R_CALENDAR]->string : NULL, opt, err)) < 0)
		goto out;
	jr.pc_secs = (double)sched_calendar_day_seconds(net->cal[jr.pc]);
	if (known[R_HONOUR])
		net->honour_constraints = known[R_HONOUR]->type == SCHED_JSON_TRUE;
	if (opt && opt->start != SCHED_NONE) {
		net->start = opt->start;
	} else if (known[R_START] && (start = known[R_START]->string)) {
		if (sched_parse_when(start, 0, &net->start) < 0) {
			error_at(err, ERR_INPUT, where, "start %s is not a date", start);
			goto out;
		}
	}
	if (known[R_ACTIVITIES] == NULL || known[R_ACTIVITIES]->type != SCHED_JSON_ARRAY) {
		error_at(err, ERR_INPUT, where, "no list of activities");
		goto out;
	}
	if (json_each(&jr, known[R_ACTIVITIES]->text, "activities", each_activity) < 0 ||
	    json_later(&jr) < 0)
		goto out;
	if (known[R_LINKS] && known[R_LINKS]->type == SCHED_JSON_ARRAY &&
	    json_each(&jr, known[R_LINKS]->text, "links", json_link) < 0)
		goto out;
	if (known[R_DEPENDENCIES] && known[R_DEPENDENCIES]->type == SCHED_JSON_ARRAY &&
	    json_each(&jr, known[R_DEPENDENCIES]->text, "dependencies", json_link) < 0)
		goto out;
	if (jr.hooks && jr.hooks->root_member) {
		for (size_t i = 0; i < n; i++) {
			int ours = 0;

			for (int k = 0; k < R__N; k++)
				ours |= known[k] == &mem[i].v;
			if (!ours && jr.hooks->root_member(jr.hooks->ctx, text.buf + mem[i].key,
							   &mem[i].v, err) < 0)
				goto out;
		}
	}
	rc = 0;
out:
	js_release(js);
	jobject_release(&jr.obj);
	free(jr.later);
	strbuf_release(&jr.later_text);
	strbuf_release(&text);
	free(mem);
	return rc;
}

/* --- any file --------------------------------------------------------------------- */

int
sched_read_file(struct sched_network *net, const char *path,
		const struct sched_input_options *opt, struct sched_mspdi *info,
		struct error *err)
{
	struct strbuf sb = STRBUF_INIT;
	struct stat st;
	const char *p;
	int rc = -1;

	/* room for the whole file at once when its size is known */
	strbuf_init(&sb, stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
			 st.st_size < (off_t)SCHED_MAX_INPUT ? (size_t)st.st_size + 1 : 0);
	if (strbuf_read_file(&sb, path, SCHED_MAX_INPUT) < 0) {
		if (errno == EFBIG || errno == ENOMEM || errno == ERANGE)
			error_at(err, ERR_INPUT, path, "larger than %u MiB",
				 SCHED_MAX_INPUT >> 20);
		else
			error_at(err, ERR_IO, path, "%s", strerror(errno));
		goto out;
	}
	p = sb.buf;
	if (sb.len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (*p && isspace((unsigned char)*p))
		p++;
	if (*p == '<')
		rc = sched_read_mspdi(net, sb.buf, sb.len, path, opt, info, err);
	else if (*p == '{')
		rc = sched_read_json(net, sb.buf, sb.len, path, opt, err);
	else
		rc = sched_read_csv(net, sb.buf, sb.len, path, opt, err);
out:
	strbuf_release(&sb);
	return rc;
}
