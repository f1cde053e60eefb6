/*
 * chart-check.c - chart_check(): a chart description checked before
 * anything is drawn or said of it, so that every field the drawing and
 * the words read is known to be in range. Needs no cairo (chart-base.h
 * says why that matters).
 */
#include "chart/chart-base.h"

#include <math.h>
#include <stdio.h>

#include "core/date.h"
#include "core/error.h"
#include "core/utf8.h"

#define MAX_VALUE 1e15		/* beyond this, a value is a data error */
#define MAX_COUNT 100000

static int
bad_text(const char *s)
{
	return s && !utf8_valid(s);
}

static int
check_text(struct error *err, const char *where, const char *s, int required)
{
	if (s == NULL)
		return required ? error_at(err, ERR_USAGE, where, "is required") : 0;
	if (required && *s == '\0')
		return error_at(err, ERR_USAGE, where, "is empty");
	if (bad_text(s))
		return error_at(err, ERR_USAGE, where, "is not valid UTF-8");
	return 0;
}

static int
date_ok(int32_t d)
{
	return d >= date_from_ymd(1900, 1, 1) && d <= date_from_ymd(2200, 12, 31);
}

static int
month_ok(int32_t m)
{
	return m >= month_from_ym(1900, 1) && m <= month_from_ym(2200, 12);
}

static int
value_ok(double v)
{
	return isnan(v) || (isfinite(v) && fabs(v) <= MAX_VALUE);
}

static int
check_id(const char *id)
{
	const char *p;

	if (id == NULL)
		return 0;
	if (!((*id >= 'a' && *id <= 'z') || (*id >= 'A' && *id <= 'Z')))
		return -1;
	for (p = id; *p; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
			return -1;
	}
	return p - id > 64 ? -1 : 0;
}

static int
check_series(const struct chart *c, size_t i, struct error *err)
{
	const struct chart_series *s = &c->series[i];
	char where[64];
	size_t j;

	snprintf(where, sizeof(where), "series[%zu].name", i);
	if (check_text(err, where, s->name, 1))
		return -1;
	snprintf(where, sizeof(where), "series[%zu]", i);
	if ((unsigned)s->ink >= CHART_INK_COUNT_)
		return error_at(err, ERR_USAGE, where, "ink %d is unknown", (int)s->ink);
	if ((unsigned)s->style > CHART_STYLE_BARS)
		return error_at(err, ERR_USAGE, where, "style %d is unknown", (int)s->style);
	if (c->type == CHART_SCURVE) {
		if (s->n > 0 && (s->values == NULL || s->dates == NULL))
			return error_at(err, ERR_USAGE, where,
					"an S-curve needs dates and values");
	} else if (c->type != CHART_HEATMAP && c->type != CHART_TIMELINE) {
		if (s->n != c->ncategories)
			return error_at(err, ERR_USAGE, where,
					"has %zu values for %zu categories",
					s->n, c->ncategories);
	}
	if (c->type == CHART_SLIP && s->n > 0 && s->dates == NULL)
		return error_at(err, ERR_USAGE, where, "a slip chart needs dates");
	if ((c->type == CHART_STACKED_BAR || c->type == CHART_MONTHLY) &&
	    s->n > 0 && s->values == NULL)
		return error_at(err, ERR_USAGE, where, "needs values");
	if (s->continues < 0 || (size_t)s->continues > i)
		return error_at(err, ERR_USAGE, where,
				"continues must name an earlier series (1-based) or be 0");
	if (s->baseline != DATE_NONE && !date_ok(s->baseline)) {
		snprintf(where, sizeof(where), "series[%zu].baseline", i);
		return error_at(err, ERR_USAGE, where, "is not a date in 1900..2200");
	}
	for (j = 0; j < s->n; j++) {
		if (s->values && !value_ok(s->values[j])) {
			snprintf(where, sizeof(where), "series[%zu].values[%zu]", i, j);
			return error_at(err, ERR_USAGE, where, "is not a finite value");
		}
		if (s->values && c->type == CHART_STACKED_BAR && s->values[j] < 0) {
			snprintf(where, sizeof(where), "series[%zu].values[%zu]", i, j);
			return error_at(err, ERR_USAGE, where, "a count cannot be negative");
		}
		if (s->dates && s->dates[j] != DATE_NONE && !date_ok(s->dates[j])) {
			snprintf(where, sizeof(where), "series[%zu].dates[%zu]", i, j);
			return error_at(err, ERR_USAGE, where, "is not a date in 1900..2200");
		}
		if (c->type == CHART_SCURVE) {
			snprintf(where, sizeof(where), "series[%zu][%zu]", i, j);
			if (s->dates[j] == DATE_NONE || isnan(s->values[j]))
				return error_at(err, ERR_USAGE, where,
						"an S-curve point needs a date and a value");
			if (s->values[j] < 0 || s->values[j] > 1)
				return error_at(err, ERR_USAGE, where,
						"probability %g is outside 0..1", s->values[j]);
			if (j > 0 && (s->dates[j] < s->dates[j - 1] ||
				      s->values[j] < s->values[j - 1]))
				return error_at(err, ERR_USAGE, where,
						"an S-curve must rise with the date");
		}
	}
	return 0;
}

static int
check_heat(const struct chart *c, struct error *err)
{
	const struct chart_heatmap *h = &c->heat;
	char where[64];
	size_t b;
	int l, i;

	for (l = 0; l < 5; l++) {
		for (i = 0; i < 5; i++) {
			if (h->count[l][i] < 0 || h->count[l][i] > MAX_COUNT ||
			    (h->has_previous &&
			     (h->previous[l][i] < 0 || h->previous[l][i] > MAX_COUNT))) {
				snprintf(where, sizeof(where), "heat.count[%d][%d]", l, i);
				return error_at(err, ERR_USAGE, where,
						"counts must lie in 0..%d", MAX_COUNT);
			}
		}
		snprintf(where, sizeof(where), "heat.likelihood[%d]", l);
		if (check_text(err, where, h->likelihood[l], 0))
			return -1;
		snprintf(where, sizeof(where), "heat.impact[%d]", l);
		if (check_text(err, where, h->impact[l], 0))
			return -1;
	}
	if (h->nbands > 0 && h->bands == NULL)
		return error_at(err, ERR_USAGE, "heat.bands", "is NULL");
	if (h->nbands == 1 || h->nbands > 5)
		return error_at(err, ERR_USAGE, "heat.bands",
				"a heat map has 2 to 5 bands, not %zu", h->nbands);
	for (b = 0; b < h->nbands; b++) {
		const struct chart_band *bd = &h->bands[b];

		snprintf(where, sizeof(where), "heat.bands[%zu]", b);
		if (check_text(err, where, bd->name, 1))
			return -1;
		if ((unsigned)bd->ink >= CHART_INK_COUNT_)
			return error_at(err, ERR_USAGE, where, "ink is unknown");
		if (b == 0 && bd->min_score != 1)
			return error_at(err, ERR_USAGE, where,
					"the first band must start at score 1");
		if (bd->min_score < 1 || bd->min_score > 25 ||
		    (b > 0 && bd->min_score <= h->bands[b - 1].min_score))
			return error_at(err, ERR_USAGE, where,
					"band minimums must rise within 1..25");
	}
	return 0;
}

int
chart_check(const struct chart *c, struct error *err)
{
	char where[64];
	size_t i;

	if (c == NULL)
		return error_set(err, ERR_USAGE, "no chart");
	if ((unsigned)c->type > CHART_SCURVE)
		return error_at(err, ERR_USAGE, "type", "%d is unknown", (int)c->type);
	if (check_text(err, "title", c->title, 1) ||
	    check_text(err, "subtitle", c->subtitle, 0) ||
	    check_text(err, "x_label", c->x_label, 0) ||
	    check_text(err, "y_label", c->y_label, 0) ||
	    check_text(err, "note", c->note, 0) ||
	    check_text(err, "desc", c->desc, 0) ||
	    check_text(err, "value_prefix", c->value_prefix, 0) ||
	    check_text(err, "value_suffix", c->value_suffix, 0))
		return -1;
	if (check_id(c->id))
		return error_at(err, ERR_USAGE, "id",
				"must be a letter then letters, digits, '-' or '_' (64 at most)");
	if (c->ncategories > 1000 || c->nseries > 1000 || c->nitems > 10000 ||
	    c->nmarkers > 100)
		return error_set(err, ERR_USAGE,
				 "too much to draw: at most 1000 categories, "
				 "1000 series, 10000 items and 100 markers");
	if ((c->ncategories && !c->categories) || (c->nseries && !c->series) ||
	    (c->nitems && !c->items) || (c->nmarkers && !c->markers))
		return error_set(err, ERR_USAGE, "a count is set but its array is NULL");
	for (i = 0; i < c->ncategories; i++) {
		const struct chart_category *k = &c->categories[i];

		snprintf(where, sizeof(where), "categories[%zu]", i);
		if (check_text(err, where, k->label, 0))
			return -1;
		if (k->month != MONTH_NONE && !month_ok(k->month))
			return error_at(err, ERR_USAGE, where,
					"month is not in 1900..2200");
		if (k->month == MONTH_NONE && (k->label == NULL || c->type == CHART_SLIP))
			return error_at(err, ERR_USAGE, where, "needs a month");
		if (c->type == CHART_SLIP && i > 0 &&
		    k->month <= c->categories[i - 1].month)
			return error_at(err, ERR_USAGE, where,
					"periods must be in order, one per month");
	}
	for (i = 0; i < c->nseries; i++)
		if (check_series(c, i, err))
			return -1;
	for (i = 0; i < c->nitems; i++) {
		const struct chart_item *it = &c->items[i];

		snprintf(where, sizeof(where), "items[%zu]", i);
		if (check_text(err, where, it->label, 1))
			return -1;
		if (!date_ok(it->date))
			return error_at(err, ERR_USAGE, where, "needs a date in 1900..2200");
		if (it->baseline != DATE_NONE && !date_ok(it->baseline))
			return error_at(err, ERR_USAGE, where,
					"baseline is not a date in 1900..2200");
		if ((unsigned)it->status > CHART_STATUS_LATE)
			return error_at(err, ERR_USAGE, where, "status is unknown");
	}
	for (i = 0; i < c->nmarkers; i++) {
		const struct chart_marker *m = &c->markers[i];

		snprintf(where, sizeof(where), "markers[%zu]", i);
		if (check_text(err, where, m->label, 1))
			return -1;
		if (!date_ok(m->date))
			return error_at(err, ERR_USAGE, where, "needs a date in 1900..2200");
		if (!isnan(m->value) && !(m->value >= 0 && m->value <= 1))
			return error_at(err, ERR_USAGE, where,
					"value must be a probability 0..1 or NAN");
		if ((unsigned)m->ink >= CHART_INK_COUNT_)
			return error_at(err, ERR_USAGE, where, "ink is unknown");
	}
	if (c->type == CHART_HEATMAP && check_heat(c, err))
		return -1;
	if (c->first_month != MONTH_NONE && !month_ok(c->first_month))
		return error_at(err, ERR_USAGE, "first_month", "is not in 1900..2200");
	if (c->quarters < 0 || c->quarters > 12)
		return error_at(err, ERR_USAGE, "quarters", "must lie in 0..12");
	return 0;
}
