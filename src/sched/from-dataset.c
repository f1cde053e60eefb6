/*
 * from-dataset.c - the schedule network of a dataset's activities and
 * dependencies: one programme's (with everything upstream of it in other
 * programmes) or the whole portfolio's, on the organisation's calendars
 * (its calendar and calendar_day records, and its default project
 * calendar).
 */
#include "sched/input.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/error.h"
#include "core/xmalloc.h"
#include "model/calendar-text.h"
#include "model/dataset.h"
#include "model/schema.h"
#include "sched/calendar.h"
#include "sched/network.h"

_Static_assert(CALTEXT_MAX_SPANS == SCHED_MAX_SPANS,
	       "a day of calendar text fits a day of the schedule engine");

struct code_ix {
	const char *code;
	size_t row;
};

static int
cmp_code(const void *a, const void *b)
{
	return strcmp(((const struct code_ix *)a)->code, ((const struct code_ix *)b)->code);
}

static long
lookup(const struct code_ix *ix, size_t n, const char *code)
{
	struct code_ix key = { code, 0 };
	const struct code_ix *hit;

	if (code == NULL)
		return -1;
	hit = bsearch(&key, ix, n, sizeof(*ix), cmp_code);
	return hit ? (long)hit->row : -1;
}

/* A day as an instant: its start, or for finishes its end. */
static int64_t
day_instant(int32_t d, int finish)
{
	if (d == 0)
		return SCHED_NONE;
	return (int64_t)(d + (finish ? 1 : 0)) * SCHED_DAY_SECONDS;
}

/* --- the organisation's calendars ------------------------------------------ */

/* The calendar records of a dataset being turned into network calendars. */
struct cal_build {
	const struct dataset *ds;
	struct sched_network *net;
	struct code_ix *ix;	/* calendar rows by code */
	size_t n;
	int *net_cal;		/* per row: network index, -1 not yet, -2 underway */
	size_t *day_off;	/* per row: its calendar_day rows are */
	size_t *day;		/* day[day_off[row] .. day_off[row + 1]) */
};

static void
to_sched_day(const struct caltext_day *in, struct sched_day *out)
{
	out->n = in->n;
	for (int i = 0; i < in->n; i++) {
		out->span[i].from = in->span[i].from;
		out->span[i].to = in->span[i].to;
	}
}

/*
 * The network calendar of calendar record `row`, adding it (after its
 * base, recursively) the first time: a copy of the base's rules, then
 * continuous, bank holidays, the week and the dated days, in that order,
 * as a JSON calendar definition's members apply (netcsv.c).
 */
static int
cal_add(struct cal_build *b, size_t row, struct error *err)
{
	const struct calendar *rec = dataset_row(b->ds, K_CALENDAR, row);
	const char *base = rec->base && *rec->base ? rec->base : "england-and-wales";
	struct sched_calendar *cal;
	struct caltext_week week;
	struct caltext_day cday;
	struct sched_day day;
	char where[300];
	long brow;
	int bi, ci;

	if (b->net_cal[row] >= 0)
		return b->net_cal[row];
	if (rec->code == NULL || rec->code[0] == '\0')
		return error_at(err, ERR_INPUT, "calendars", "a calendar needs a code");
	snprintf(where, sizeof(where), "calendar %s", rec->code);
	if (b->net_cal[row] == -2)
		return error_at(err, ERR_INPUT, where, "its base leads back to itself");
	if (caltext_builtin(rec->code))
		return error_at(err, ERR_INPUT, where,
				"a built-in calendar has that name");
	b->net_cal[row] = -2;
	brow = lookup(b->ix, b->n, base);
	bi = brow >= 0 ? cal_add(b, (size_t)brow, err)
		       : sched_network_calendar(b->net, base, err);
	if (bi < 0)
		return error_move(err, where);
	cal = sched_calendar_copy(b->net->cal[bi], rec->code);
	if (rec->continuous)
		sched_calendar_set_continuous(cal);
	if (rec->bank_holidays)
		sched_calendar_set_bank_holidays(cal, strcmp(rec->bank_holidays, "on") == 0);
	if (rec->week) {
		if (caltext_week(rec->week, &week, err) < 0) {
			error_move(err, where);
			goto fail;
		}
		for (int d = 0; d < 7; d++) {
			if (!(week.set & (1u << d)))
				continue;
			to_sched_day(&week.day[d], &day);
			if (sched_calendar_set_week(cal, d, &day, err) < 0)
				goto fail;
		}
	}
	for (size_t k = b->day_off[row]; k < b->day_off[row + 1]; k++) {
		const struct calendar_day *cd = dataset_row(b->ds, K_CALENDAR_DAY, b->day[k]);

		day.n = 0;
		if (cd->hours) {
			if (caltext_hours(cd->hours, &cday, err) < 0) {
				char dwhere[340], dbuf[16];

				snprintf(dwhere, sizeof(dwhere), "%s, day %s", where,
					 date_format(cd->date, dbuf));
				error_move(err, dwhere);
				goto fail;
			}
			to_sched_day(&cday, &day);
		}
		if (sched_calendar_set_day(cal, cd->date, &day, err) < 0)
			goto fail;
	}
	if ((ci = sched_network_add_calendar(b->net, cal, err)) < 0)
		return -1;	/* the network freed it */
	b->net_cal[row] = ci;
	return ci;
fail:
	sched_calendar_free(cal);
	return -1;
}

/* Add every calendar of the dataset to net, each after its base. */
static int
add_dataset_calendars(const struct dataset *ds, struct sched_network *net,
		      struct error *err)
{
	struct cal_build b;
	size_t nd = dataset_count(ds, K_CALENDAR_DAY);
	size_t *fill;
	int rc = -1;

	memset(&b, 0, sizeof(b));
	b.ds = ds;
	b.net = net;
	b.n = dataset_count(ds, K_CALENDAR);
	if (b.n == 0)
		return 0;
	b.ix = xmalloc(b.n * sizeof(*b.ix));
	b.net_cal = xmalloc(b.n * sizeof(*b.net_cal));
	b.day_off = xcalloc(b.n + 1, sizeof(*b.day_off));
	b.day = xmalloc((nd ? nd : 1) * sizeof(*b.day));
	fill = xmalloc((b.n + 1) * sizeof(*fill));
	for (size_t i = 0; i < b.n; i++) {
		const struct calendar *c = dataset_row(ds, K_CALENDAR, i);

		b.ix[i].code = c->code ? c->code : "";
		b.ix[i].row = i;
		b.net_cal[i] = -1;
	}
	qsort(b.ix, b.n, sizeof(*b.ix), cmp_code);
	/* each calendar's days, in row order */
	for (size_t k = 0; k < nd; k++) {
		const struct calendar_day *cd = dataset_row(ds, K_CALENDAR_DAY, k);
		long r = lookup(b.ix, b.n, cd->calendar);

		if (r < 0) {
			error_at(err, ERR_INPUT, "calendar days", "no calendar %s",
				 cd->calendar ? cd->calendar : "(none)");
			goto out;
		}
		b.day_off[r + 1]++;
	}
	for (size_t i = 0; i < b.n; i++)
		b.day_off[i + 1] += b.day_off[i];
	memcpy(fill, b.day_off, (b.n + 1) * sizeof(*fill));
	for (size_t k = 0; k < nd; k++) {
		const struct calendar_day *cd = dataset_row(ds, K_CALENDAR_DAY, k);

		b.day[fill[lookup(b.ix, b.n, cd->calendar)]++] = k;
	}
	for (size_t i = 0; i < b.n; i++)
		if (cal_add(&b, i, err) < 0)
			goto out;
	rc = 0;
out:
	free(b.ix);
	free(b.net_cal);
	free(b.day_off);
	free(b.day);
	free(fill);
	return rc;
}

int
sched_network_from_dataset(const struct dataset *ds, const char *programme,
			   const struct sched_input_options *opt,
			   struct sched_network *net, struct error *err)
{
	size_t na = dataset_count(ds, K_ACTIVITY), nd = dataset_count(ds, K_DEPENDENCY);
	struct code_ix *ix = xmalloc((na ? na : 1) * sizeof(*ix));
	unsigned char *keep = xcalloc(na ? na : 1, 1);
	size_t *queue = xmalloc((na ? na : 1) * sizeof(*queue));
	size_t *pred_off = xcalloc(na + 1, sizeof(*pred_off));
	size_t *pred = xmalloc((nd ? nd : 1) * sizeof(*pred));
	size_t head = 0, tail = 0;
	const struct organisation *org;
	int32_t start_day = 0;
	int pc, rc = -1;

	for (size_t i = 0; i < na; i++) {
		const struct activity *a = dataset_row(ds, K_ACTIVITY, i);

		ix[i].code = a->code ? a->code : "";
		ix[i].row = i;
	}
	qsort(ix, na, sizeof(*ix), cmp_code);
	for (size_t i = 1; i < na; i++) {
		if (strcmp(ix[i - 1].code, ix[i].code) == 0) {
			error_set(err, ERR_INPUT, "activity %s appears twice", ix[i].code);
			goto out;
		}
	}
	/* predecessors of each activity, for the walk upstream */
	for (size_t k = 0; k < nd; k++) {
		const struct dependency *d = dataset_row(ds, K_DEPENDENCY, k);
		long s = lookup(ix, na, d->successor);

		if (s >= 0)
			pred_off[s + 1]++;
	}
	for (size_t i = 0; i < na; i++)
		pred_off[i + 1] += pred_off[i];
	{
		size_t *fill = xmalloc((na + 1) * sizeof(*fill));

		memcpy(fill, pred_off, (na + 1) * sizeof(*fill));
		for (size_t k = 0; k < nd; k++) {
			const struct dependency *d = dataset_row(ds, K_DEPENDENCY, k);
			long s = lookup(ix, na, d->successor), p = lookup(ix, na, d->predecessor);

			if (s < 0)
				continue;
			if (p < 0) {
				error_set(err, ERR_INPUT, "dependency %s -> %s: no activity %s",
					  d->predecessor, d->successor, d->predecessor);
				free(fill);
				goto out;
			}
			pred[fill[s]++] = (size_t)p;
		}
		free(fill);
	}
	for (size_t i = 0; i < na; i++) {
		const struct activity *a = dataset_row(ds, K_ACTIVITY, i);

		if (programme == NULL ||
		    (a->programme && strcmp(a->programme, programme) == 0)) {
			keep[i] = 1;
			queue[tail++] = i;
		}
	}
	if (programme && tail == 0) {
		error_set(err, ERR_NOTFOUND, "programme %s has no activities", programme);
		goto out;
	}
	while (head < tail) {
		size_t i = queue[head++];

		for (size_t k = pred_off[i]; k < pred_off[i + 1]; k++) {
			if (!keep[pred[k]]) {
				keep[pred[k]] = 1;
				queue[tail++] = pred[k];
			}
		}
	}

	if ((pc = sched_network_calendar(net, "england-and-wales", err)) < 0)
		goto out;
	if (add_dataset_calendars(ds, net, err) < 0)
		goto out;
	if (opt && opt->calendars_json &&
	    sched_add_calendars_json(net, opt->calendars_json, "calendars", err) < 0)
		goto out;
	/* the project calendar: as asked, else the organisation's */
	org = dataset_org(ds);
	if (opt && opt->calendar) {
		if ((pc = sched_network_calendar(net, opt->calendar, err)) < 0)
			goto out;
	} else if (org && org->calendar && *org->calendar) {
		if ((pc = sched_network_calendar(net, org->calendar, err)) < 0) {
			error_move(err, "organisation calendar");
			goto out;
		}
	}
	sched_network_set_project_calendar(net, pc);

	/* the start: as asked, else the earliest start of the programmes */
	for (size_t i = 0; i < na; i++) {
		const struct activity *a = dataset_row(ds, K_ACTIVITY, i);
		const struct programme *p;

		if (!keep[i] || a->programme == NULL)
			continue;
		p = dataset_find(ds, K_PROGRAMME, a->programme);
		if (p && p->start_date && (start_day == 0 || p->start_date < start_day))
			start_day = p->start_date;
	}
	if (opt && opt->start != SCHED_NONE)
		net->start = opt->start;
	else if (start_day)
		net->start = day_instant(start_day, 0);
	else {
		error_set(err, ERR_INPUT, "no start date: the programmes have none, give one");
		goto out;
	}

	for (size_t i = 0; i < na; i++) {
		const struct activity *a = dataset_row(ds, K_ACTIVITY, i);
		struct sched_activity *sa;
		int c = pc, k, ct;
		double days = a->duration_days;
		enum sched_kind kind = a->type && strcmp(a->type, "milestone") == 0
				       ? SCHED_MILESTONE : SCHED_TASK;

		if (!keep[i])
			continue;
		if (isnan(days))
			days = a->likely_days;
		if (isnan(days) || days < 0)
			days = 0;
		if (a->calendar && *a->calendar &&
		    (c = sched_network_calendar(net, a->calendar, err)) < 0) {
			error_at(err, ERR_INPUT, a->code, "%s", err->msg);
			goto out;
		}
		k = sched_network_add(net, a->code, a->name, kind,
				      sched_days(net, c, days), c, err);
		if (k < 0)
			goto out;
		sa = sched_network_activity(net, (size_t)k);
		if (a->constraint_type && (ct = sched_constraint_parse(a->constraint_type)) >= 0) {
			int finish = ct == SCHED_FNET || ct == SCHED_FNLT || ct == SCHED_MFO;

			sa->constraint = (enum sched_constraint)ct;
			sa->constraint_date = day_instant(a->constraint_date, finish);
			if (ct >= SCHED_SNET && sa->constraint_date == SCHED_NONE)
				sa->constraint = SCHED_ASAP;
		}
		sa->actual_start = day_instant(a->actual_start, 0);
		sa->actual_finish = day_instant(a->actual_finish, 1);
	}
	for (size_t k = 0; k < nd; k++) {
		const struct dependency *d = dataset_row(ds, K_DEPENDENCY, k);
		int p = sched_network_find(net, d->predecessor ? d->predecessor : "");
		int s = sched_network_find(net, d->successor ? d->successor : "");
		int t = d->type ? sched_link_parse(d->type) : SCHED_FS;
		double lag = isnan(d->lag_days) ? 0 : d->lag_days;

		if (p < 0 || s < 0)
			continue;	/* not in this network */
		if (t < 0) {
			error_set(err, ERR_INPUT, "dependency %s -> %s: type %s is not FS, SS, FF or SF",
				  d->predecessor, d->successor, d->type);
			goto out;
		}
		if (sched_network_link(net, (uint32_t)p, (uint32_t)s,
				       (enum sched_link_type)t,
				       sched_days(net, pc, lag), 0, err) < 0)
			goto out;
	}
	rc = 0;
out:
	free(ix);
	free(keep);
	free(queue);
	free(pred_off);
	free(pred);
	return rc;
}
