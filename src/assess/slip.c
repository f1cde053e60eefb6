/*
 * slip.c - baselines in force, forecasts as reported at the time, and
 * the slip between them (rules in slip.h and docs/assessment.md).
 */
#include "assess/slip.h"

#include <stdlib.h>
#include <string.h>

#include "assess/assess-util.h"
#include "core/date.h"
#include "core/error.h"
#include "core/xmalloc.h"
#include "model/dataset.h"

/* b1 was approved after b2 (later date, then higher version, then code). */
static int
baseline_later(const struct baseline *b1, const struct baseline *b2)
{
	int c;

	if (b1->approved_on != b2->approved_on)
		return b1->approved_on > b2->approved_on;
	if (b1->version != b2->version)
		return b1->version > b2->version;
	c = strcmp(b1->code, b2->code);
	return c > 0;
}

/* The change request that made b, if it exists and was approved by end. */
static const char *
approved_request(const struct dataset *ds, const struct baseline *b,
		 int32_t end)
{
	const struct change_request *cr;

	if (b->change_request == NULL)
		return NULL;
	cr = dataset_find(ds, K_CHANGE_REQUEST, b->change_request);
	if (cr == NULL || cr->status == NULL || strcmp(cr->status, "approved"))
		return NULL;
	if (cr->decided != DATE_NONE && cr->decided > end)
		return NULL;
	return cr->code;
}

/*
 * b is an agreed plan at end: approved on or before it, and, when it names
 * the change request that made it, that request was approved (by end, when
 * its decision date is known). A baseline drawn up for a request that was
 * then rejected, withdrawn or is still pending is no plan at all. A
 * request the dataset does not hold cannot be judged: its approval date
 * stands.
 */
int
slip_baseline_agreed(const struct dataset *ds, const struct baseline *b, int32_t end)
{
	const struct change_request *cr;

	if (b == NULL || b->approved_on == DATE_NONE || b->approved_on > end)
		return 0;
	if (b->change_request == NULL)
		return 1;
	cr = dataset_find(ds, K_CHANGE_REQUEST, b->change_request);
	if (cr == NULL)
		return 1;
	return approved_request(ds, b, end) != NULL;
}

/*
 * The core of the baseline rule over the baseline_milestone rows rows[0..n)
 * that name m.
 */
static void
baseline_from_rows(const struct dataset *ds, const struct milestone *m,
		   int32_t end, struct baseline_milestone *const *rows,
		   size_t n, struct slip_baseline *out)
{
	const struct baseline *inforce = NULL, *first = NULL, *prev = NULL;
	int32_t inforce_date = 0, first_date = 0, prev_date = 0;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < n; i++) {
		const struct baseline *b;

		if (rows[i]->date == DATE_NONE)
			continue;
		b = dataset_find(ds, K_BASELINE, rows[i]->baseline);
		if (!slip_baseline_agreed(ds, b, end))
			continue;
		if (inforce == NULL || baseline_later(b, inforce)) {
			inforce = b;
			inforce_date = rows[i]->date;
		}
		if (first == NULL || baseline_later(first, b)) {
			first = b;
			first_date = rows[i]->date;
		}
	}
	if (inforce == NULL) {
		out->date = m->baseline_date;
		out->original = m->baseline_date;
		return;
	}
	/* the latest approved baseline before the one in force */
	for (size_t i = 0; i < n; i++) {
		const struct baseline *b;

		if (rows[i]->date == DATE_NONE)
			continue;
		b = dataset_find(ds, K_BASELINE, rows[i]->baseline);
		if (b == inforce || !slip_baseline_agreed(ds, b, end) ||
		    !baseline_later(inforce, b))
			continue;
		if (prev == NULL || baseline_later(b, prev)) {
			prev = b;
			prev_date = rows[i]->date;
		}
	}
	out->date = inforce_date;
	out->baseline = inforce;
	out->original = first_date;
	if (prev && prev_date != inforce_date) {
		out->changed = 1;
		out->previous = prev;
		out->previous_date = prev_date;
		out->change_request = approved_request(ds, inforce, end);
		out->rebaselined = out->change_request != NULL;
	}
}

int
slip_baseline_at(const struct dataset *ds, const struct milestone *m,
		 int32_t month, struct slip_baseline *out, struct error *err)
{
	struct baseline_milestone **rows = NULL;
	size_t n = 0, alloc = 0;

	if (month == MONTH_NONE) {
		memset(out, 0, sizeof(*out));
		return error_set(err, ERR_USAGE, "no month to assess at");
	}
	DS_FOREACH(ds, K_BASELINE_MILESTONE, struct baseline_milestone, bm) {
		if (bm->milestone && strcmp(bm->milestone, m->code) == 0) {
			ALLOC_GROW(rows, n + 1, alloc);
			rows[n++] = bm;
		}
	}
	baseline_from_rows(ds, m, month_last_day(month), rows, n, out);
	free(rows);
	return 0;
}

/* Keep the latest (up to) three forecasts seen so far, oldest first. */
static int
push_recent(int32_t periods[3], int32_t dates[3], int k,
	    const struct milestone_forecast *f)
{
	int pos;

	/* insertion into a sorted window of the three latest periods */
	if (k == 3 && f->period <= periods[0])
		return k;
	if (k == 3) {
		periods[0] = periods[1], dates[0] = dates[1];
		periods[1] = periods[2], dates[1] = dates[2];
		k = 2;
	}
	pos = k;
	while (pos > 0 && periods[pos - 1] > f->period) {
		periods[pos] = periods[pos - 1];
		dates[pos] = dates[pos - 1];
		pos--;
	}
	periods[pos] = f->period;
	dates[pos] = f->forecast_date;
	return k + 1;
}

static int
recent_from_rows(struct milestone_forecast *const *rows, size_t n,
		 int32_t month, int32_t periods[3], int32_t dates[3])
{
	int k = 0;

	for (size_t i = 0; i < n; i++) {
		if (rows[i]->period > month || rows[i]->period == MONTH_NONE ||
		    rows[i]->forecast_date == DATE_NONE)
			continue;
		k = push_recent(periods, dates, k, rows[i]);
	}
	return k;
}

int
slip_recent_forecasts(const struct dataset *ds, const char *code,
		      int32_t month, int32_t periods[3], int32_t dates[3])
{
	struct milestone_forecast **rows = NULL;
	size_t n = 0, alloc = 0;
	int k;

	DS_FOREACH(ds, K_MILESTONE_FORECAST, struct milestone_forecast, f) {
		if (f->milestone && strcmp(f->milestone, code) == 0) {
			ALLOC_GROW(rows, n + 1, alloc);
			rows[n++] = f;
		}
	}
	k = recent_from_rows(rows, n, month, periods, dates);
	free(rows);
	return k;
}

/* Fill forecast, actual, stale and slip once base is known. */
static void
measure(struct slip_item *it, int32_t as_at)
{
	int32_t at;

	if (it->forecast == DATE_NONE)
		it->forecast = it->base.date;
	it->measurable = it->base.date != DATE_NONE;
	if (!it->measurable)
		return;
	if (it->actual != DATE_NONE) {
		at = it->actual;
	} else if (it->forecast < as_at) {
		it->stale = 1;
		at = as_at;
	} else {
		at = it->forecast;
	}
	it->slip_days = at - it->base.date;
}

static void
milestone_item(const struct dataset *ds, const struct milestone *m,
	       int32_t month, int32_t as_at, const struct rowidx *bix,
	       const struct rowidx *fix, struct slip_item *it)
{
	struct baseline_milestone **brows;
	const struct milestone_forecast *latest = NULL;
	size_t lo, hi;

	memset(it, 0, sizeof(*it));
	it->kind = K_MILESTONE;
	it->rec = m;
	it->code = m->code;
	it->programme = m->programme;
	it->name = m->name;
	it->key = m->key;

	rowidx_range(bix, m->code, &lo, &hi);
	brows = xcalloc(hi - lo + 1, sizeof(*brows));
	for (size_t i = lo; i < hi; i++)
		brows[i - lo] = bix->v[i].row;
	baseline_from_rows(ds, m, as_at, brows, hi - lo, &it->base);
	free(brows);

	rowidx_range(fix, m->code, &lo, &hi);
	for (size_t i = lo; i < hi; i++) {
		const struct milestone_forecast *f = fix->v[i].row;

		if (f->period == MONTH_NONE || f->period > month)
			continue;
		if (latest == NULL || f->period > latest->period)
			latest = f;
		if (f->forecast_date != DATE_NONE)
			it->nrecent = push_recent(it->recent_period,
						  it->recent_date,
						  it->nrecent, f);
	}
	if (m->actual_date != DATE_NONE && m->actual_date <= as_at)
		it->actual = m->actual_date;
	else if (latest && latest->actual_date != DATE_NONE &&
		 latest->actual_date <= as_at)
		it->actual = latest->actual_date;
	if (latest && latest->forecast_date != DATE_NONE) {
		it->forecast = latest->forecast_date;
		it->forecast_period = latest->period;
	} else {
		it->forecast = m->forecast_date;
	}
	measure(it, as_at);
}

static void
decision_item(const struct decision *d, int32_t as_at, struct slip_item *it)
{
	memset(it, 0, sizeof(*it));
	it->kind = K_DECISION;
	it->rec = d;
	it->code = d->code;
	it->programme = d->programme;
	it->name = d->title;
	it->base.date = d->original_due != DATE_NONE ? d->original_due : d->due;
	it->base.original = it->base.date;
	if (d->decided != DATE_NONE && d->decided <= as_at)
		it->actual = d->decided;
	it->forecast = d->due;
	measure(it, as_at);
}

static int
cmp_item(const void *a, const void *b)
{
	const struct slip_item *x = a, *y = b;
	const char *px = x->programme ? x->programme : "";
	const char *py = y->programme ? y->programme : "";
	int c = strcmp(px, py);

	if (c)
		return c;
	if (x->kind != y->kind)
		return x->kind == K_MILESTONE ? -1 : 1;
	return strcmp(x->code, y->code);
}

int
slip_list_build(const struct dataset *ds, const char *programme,
		int32_t month, struct slip_list *out, struct error *err)
{
	struct rowidx bix, fix;
	int32_t as_at;

	memset(out, 0, sizeof(*out));
	if (month == MONTH_NONE)
		return error_set(err, ERR_USAGE, "no month to assess at");
	as_at = month_last_day(month);
	out->month = month;
	out->as_at = as_at;
	rowidx_build(&bix, ds, K_BASELINE_MILESTONE,
		     offsetof(struct baseline_milestone, milestone));
	rowidx_build(&fix, ds, K_MILESTONE_FORECAST,
		     offsetof(struct milestone_forecast, milestone));
	DS_FOREACH(ds, K_MILESTONE, struct milestone, m) {
		if (m->code == NULL)
			continue;
		if (programme && (m->programme == NULL ||
				  strcmp(m->programme, programme)))
			continue;
		ALLOC_GROW(out->items, out->n + 1, out->alloc);
		milestone_item(ds, m, month, as_at, &bix, &fix,
			       &out->items[out->n++]);
	}
	DS_FOREACH(ds, K_DECISION, struct decision, d) {
		if (d->code == NULL)
			continue;
		if (programme && (d->programme == NULL ||
				  strcmp(d->programme, programme)))
			continue;
		ALLOC_GROW(out->items, out->n + 1, out->alloc);
		decision_item(d, as_at, &out->items[out->n++]);
	}
	if (out->n > 1)
		qsort(out->items, out->n, sizeof(*out->items), cmp_item);
	rowidx_release(&bix);
	rowidx_release(&fix);
	return 0;
}

void
slip_list_release(struct slip_list *l)
{
	free(l->items);
	memset(l, 0, sizeof(*l));
}
