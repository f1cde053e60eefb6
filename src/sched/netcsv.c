/*
 * netcsv.c - activity networks from CSV (libcsv) and JSON (jansson),
 * calendar definitions in JSON, and reading a file of any format.
 */
#include "sched/input.h"

#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

	return (int64_t)llround(secs);
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
				       sched_days(net, net->project_cal, lagd), 0,
				       err) < 0)
			return -1;
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
			return error_at(err, ERR_INPUT, where, "%s", err->msg);
		/* the duration was read in days of the old calendar */
		days = a->duration;
		a->duration = (int64_t)llround((double)days /
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

struct csv_rows {
	char **cell;		/* all cells, row-major */
	size_t ncell, acell;
	size_t *row_off;	/* start of each row in cell[] */
	size_t nrow, arow;
	size_t row_start;
	int overflow;
};

static void
csv_cell(void *s, size_t len, void *data)
{
	struct csv_rows *r = data;

	ALLOC_GROW(r->cell, r->ncell + 1, r->acell);
	r->cell[r->ncell++] = xstrndup(s ? s : "", s ? len : 0);
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

static void
csv_rows_free(struct csv_rows *r)
{
	for (size_t i = 0; i < r->ncell; i++)
		free(r->cell[i]);
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

int
sched_read_csv(struct sched_network *net, const char *buf, size_t len,
	       const char *where, const struct sched_input_options *opt,
	       struct error *err)
{
	struct csv_parser p;
	struct csv_rows r;
	int col[C__N], pc, rc = -1;
	size_t hdr_n;
	char loc[300];

	memset(&r, 0, sizeof(r));
	for (int i = 0; i < C__N; i++)
		col[i] = -1;
	if (csv_init(&p, CSV_APPEND_NULL) != 0)
		return error_at(err, ERR_INTERNAL, where, "cannot start the CSV parser");
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0) {
		buf += 3;
		len -= 3;
	}
	if (csv_parse(&p, buf, len, csv_cell, csv_row, &r) != len ||
	    csv_fini(&p, csv_cell, csv_row, &r) != 0) {
		error_at(err, ERR_INPUT, where, "not CSV: %s", csv_strerror(csv_error(&p)));
		goto out;
	}
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
#define CELL(row, c) (col[c] >= 0 && (size_t)col[c] < r.row_off[(row) + 1] - r.row_off[row] \
		      ? r.cell[r.row_off[row] + (size_t)col[c]] : NULL)
	for (size_t row = 1; row < r.nrow; row++) {
		const char *id = CELL(row, C_ID), *ds = CELL(row, C_DUR);
		enum sched_kind kind;
		double days = 0;
		char *end;
		int i;

		snprintf(loc, sizeof(loc), "%s:%zu", where, row + 1);
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
				      sched_days(net, pc, days), pc, err);
		if (i < 0) {
			error_at(err, ERR_INPUT, loc, "%s", err->msg);
			goto out;
		}
		for (int c = C_CAL; c <= C_AFINISH; c++)
			if (set_field(net, i, csv_cols[c], CELL(row, c), loc, err) < 0)
				goto out;
		fix_constraint_day(sched_network_activity(net, (size_t)i), CELL(row, C_CDATE));
	}
	for (size_t row = 1; row < r.nrow; row++) {
		const char *id = CELL(row, C_ID), *preds = CELL(row, C_PRED);
		const char *parent = CELL(row, C_PARENT);
		int i;

		if (id == NULL || *id == '\0')
			continue;
		i = sched_network_find(net, id);
		snprintf(loc, sizeof(loc), "%s:%zu", where, row + 1);
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
	return rc;
}

/* --- JSON ----------------------------------------------------------------------- */

static const char *
jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* A number member; -1 if present but not a number, 1 if absent. */
static int
jnum(json_t *o, const char *key, double *out)
{
	json_t *v = json_object_get(o, key);

	if (v == NULL || json_is_null(v))
		return 1;
	if (!json_is_number(v))
		return -1;
	*out = json_number_value(v);
	return isfinite(*out) ? 0 : -1;
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
			return error_at(err, ERR_INPUT, loc, "%s", err->msg);
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

static int
json_activity(struct sched_network *net, json_t *o, int pc, const char *where,
	      struct error *err)
{
	static const char *const fields[] = {
		"calendar", "constraint", "constraint_type", "constraint_date",
		"deadline", "actual_start", "actual_finish"
	};
	const char *id = jstr(o, "id"), *cal = jstr(o, "calendar");
	enum sched_kind kind;
	double days = 0;
	int i, c = pc, r;

	if (!json_is_object(o))
		return error_at(err, ERR_INPUT, where, "an activity must be an object");
	if (id == NULL)
		id = jstr(o, "code");
	if (parse_kind(jstr(o, "type"), &kind) < 0)
		return error_at(err, ERR_INPUT, where, "type %s is not task, milestone or summary",
				jstr(o, "type"));
	if ((r = jnum(o, "duration", &days)) > 0 &&
	    (r = jnum(o, "duration_days", &days)) > 0 &&
	    (r = jnum(o, "mode", &days)) > 0 &&
	    (r = jnum(o, "likely_days", &days)) > 0)
		days = 0;
	if (r < 0 || days < 0)
		return error_at(err, ERR_INPUT, where, "activity %s: the duration must be a number of days",
				id ? id : "?");
	if (cal && (c = sched_network_calendar(net, cal, err)) < 0)
		return error_at(err, ERR_INPUT, where, "%s", err->msg);
	i = sched_network_add(net, id, jstr(o, "name"), kind, sched_days(net, c, days),
			      c, err);
	if (i < 0)
		return error_at(err, ERR_INPUT, where, "%s", err->msg);
	for (size_t k = 0; k < sizeof(fields) / sizeof(fields[0]); k++)
		if (strcmp(fields[k], "calendar") != 0 &&
		    set_field(net, i, fields[k], jstr(o, fields[k]), where, err) < 0)
			return -1;
	fix_constraint_day(sched_network_activity(net, (size_t)i), jstr(o, "constraint_date"));
	return 0;
}

static int
json_link(struct sched_network *net, json_t *o, const char *where,
	  struct error *err)
{
	const char *from = jstr(o, "from"), *to = jstr(o, "to"), *type;
	double lag = 0;
	int a, b, t = SCHED_FS, r;

	if (from == NULL)
		from = jstr(o, "predecessor");
	if (to == NULL)
		to = jstr(o, "successor");
	if (from == NULL || to == NULL)
		return error_at(err, ERR_INPUT, where, "a link needs from and to");
	if ((a = sched_network_find(net, from)) < 0)
		return error_at(err, ERR_INPUT, where, "link from %s: no such activity", from);
	if ((b = sched_network_find(net, to)) < 0)
		return error_at(err, ERR_INPUT, where, "link to %s: no such activity", to);
	if ((type = jstr(o, "type")) && (t = sched_link_parse(type)) < 0)
		return error_at(err, ERR_INPUT, where, "link type %s is not FS, SS, FF or SF",
				type);
	if ((r = jnum(o, "lag", &lag)) > 0)
		r = jnum(o, "lag_days", &lag);
	if (r < 0)
		return error_at(err, ERR_INPUT, where, "link %s -> %s: the lag must be a number of days",
				from, to);
	if (r > 0)
		lag = 0;
	return sched_network_link(net, (uint32_t)a, (uint32_t)b,
				  (enum sched_link_type)t,
				  sched_days(net, net->project_cal, lag),
				  json_is_true(json_object_get(o, "elapsed")), err);
}

int
sched_read_json(struct sched_network *net, const char *buf, size_t len,
		const char *where, const struct sched_input_options *opt,
		struct error *err)
{
	json_error_t jerr;
	json_t *root, *acts, *v;
	const char *start;
	size_t i;
	int pc, rc = -1;
	char loc[300];

	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL)
		return error_at(err, ERR_INPUT, where, "line %d: %s", jerr.line, jerr.text);
	if (!json_is_object(root)) {
		error_at(err, ERR_INPUT, where, "a JSON network is an object");
		goto out;
	}
	if (add_calendars(net, json_object_get(root, "calendars"), where, err) < 0)
		goto out;
	if ((pc = project_calendar(net, jstr(root, "calendar"), opt, err)) < 0)
		goto out;
	if ((v = json_object_get(root, "honour_constraints")))
		net->honour_constraints = json_is_true(v);
	if (opt && opt->start != SCHED_NONE) {
		net->start = opt->start;
	} else if ((start = jstr(root, "start"))) {
		if (sched_parse_when(start, 0, &net->start) < 0) {
			error_at(err, ERR_INPUT, where, "start %s is not a date", start);
			goto out;
		}
	}
	acts = json_object_get(root, "activities");
	if (!json_is_array(acts)) {
		error_at(err, ERR_INPUT, where, "no list of activities");
		goto out;
	}
	json_array_foreach(acts, i, v) {
		snprintf(loc, sizeof(loc), "%s: activities[%zu]", where, i);
		if (json_activity(net, v, pc, loc, err) < 0)
			goto out;
	}
	json_array_foreach(acts, i, v) {
		const char *preds = jstr(v, "predecessors"), *parent = jstr(v, "parent");
		int k = sched_network_find(net, jstr(v, "id") ? jstr(v, "id") : jstr(v, "code"));

		snprintf(loc, sizeof(loc), "%s: activities[%zu]", where, i);
		if (preds && sched_link_list(net, (uint32_t)k, preds, loc, err) < 0)
			goto out;
		if (parent) {
			int p = sched_network_find(net, parent);

			if (p < 0) {
				error_at(err, ERR_INPUT, loc, "parent %s is not an activity", parent);
				goto out;
			}
			sched_network_activity(net, (size_t)k)->parent = p;
		}
	}
	json_array_foreach(json_object_get(root, "links"), i, v) {
		snprintf(loc, sizeof(loc), "%s: links[%zu]", where, i);
		if (json_link(net, v, loc, err) < 0)
			goto out;
	}
	json_array_foreach(json_object_get(root, "dependencies"), i, v) {
		snprintf(loc, sizeof(loc), "%s: dependencies[%zu]", where, i);
		if (json_link(net, v, loc, err) < 0)
			goto out;
	}
	rc = 0;
out:
	json_decref(root);
	return rc;
}

/* --- any file --------------------------------------------------------------------- */

int
sched_read_file(struct sched_network *net, const char *path,
		const struct sched_input_options *opt, struct sched_mspdi *info,
		struct error *err)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p;
	int rc = -1;

	strbuf_init(&sb, 0);
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
