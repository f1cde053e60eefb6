/*
 * chart-text.c - the chart module's words and figures that need no
 * drawing: the names of inks and statuses, numbers and dates as people
 * read them, the heat map's bands and axis names, and the data shaped as
 * the charts plot it. The words (chart-describe.c) and the drawings
 * (chart-draw.c and one file per type) both use them, so a chart says
 * in words exactly what it draws. chart-base.h says why this is apart.
 */
#include "chart/chart-base.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/xmalloc.h"

/* Names */

static const char *const ink_names[CHART_INK_COUNT_] = {
	[CHART_INK_AUTO] = "Automatic",
	[CHART_INK_GREEN] = "Green",
	[CHART_INK_AMBER_GREEN] = "Amber/Green",
	[CHART_INK_AMBER] = "Amber",
	[CHART_INK_AMBER_RED] = "Amber/Red",
	[CHART_INK_RED] = "Red",
	[CHART_INK_EXEMPT] = "Exempt",
	[CHART_INK_NOT_ASSESSED] = "Not assessed",
	[CHART_INK_BAND_LOW] = "Low",
	[CHART_INK_BAND_MEDIUM] = "Medium",
	[CHART_INK_BAND_ELEVATED] = "Elevated",
	[CHART_INK_BAND_HIGH] = "High",
	[CHART_INK_BLUE] = "Blue",
	[CHART_INK_DARK_BLUE] = "Dark blue",
	[CHART_INK_TURQUOISE] = "Turquoise",
	[CHART_INK_PINK] = "Pink",
	[CHART_INK_ORANGE] = "Orange",
	[CHART_INK_PURPLE] = "Purple",
	[CHART_INK_GREY] = "Grey",
	[CHART_INK_BLACK] = "Black",
};

static const char *const status_names[] = {
	[CHART_STATUS_NONE] = "No forecast",
	[CHART_STATUS_ACHIEVED] = "Achieved",
	[CHART_STATUS_ON_TRACK] = "On track",
	[CHART_STATUS_LATE] = "Late",
};

const char *
chart_ink_name(enum chart_ink ink)
{
	return (unsigned)ink < CHART_INK_COUNT_ ? ink_names[ink] : "";
}

const char *
chart_status_name(enum chart_status st)
{
	return (unsigned)st <= CHART_STATUS_LATE ? status_names[st] : "";
}

/* Numbers and dates */

void
fmt_number(char *buf, size_t size, double v, int decimals)
{
	char raw[64], out[96];
	const char *dot;
	size_t n = 0, intlen, i;
	int neg;

	if (!isfinite(v)) {
		snprintf(buf, size, "%s", "–");
		return;
	}
	snprintf(raw, sizeof(raw), "%.*f", decimals, fabs(v));
	/* only a value that is not zero once rounded earns a sign */
	neg = v < 0 && strspn(raw, "0.") != strlen(raw);
	dot = strchr(raw, '.');
	intlen = dot ? (size_t)(dot - raw) : strlen(raw);
	if (neg) {
		memcpy(out, MINUS, 3);
		n = 3;
	}
	for (i = 0; i < intlen; i++) {
		if (i > 0 && (intlen - i) % 3 == 0)
			out[n++] = ',';
		out[n++] = raw[i];
	}
	for (i = intlen; raw[i] && n < sizeof(out) - 1; i++)
		out[n++] = raw[i];
	out[n] = '\0';
	snprintf(buf, size, "%s", out);
}

void
fmt_value(const struct chart *c, char *buf, size_t size, double v,
	  int decimals)
{
	char num[96];
	const char *p = c->value_prefix ? c->value_prefix : "";
	const char *s = c->value_suffix ? c->value_suffix : "";

	fmt_number(num, sizeof(num), fabs(v), decimals);
	if (v < 0 && strspn(num, "0.,") != strlen(num))
		snprintf(buf, size, MINUS "%s%s%s", p, num, s);
	else
		snprintf(buf, size, "%s%s%s", p, num, s);
}

void
fmt_month(char *buf, size_t size, int32_t month)
{
	int y, m;

	if (month == MONTH_NONE) {
		snprintf(buf, size, "%s", "");
		return;
	}
	month_to_ym(month, &y, &m);
	snprintf(buf, size, "%.3s %d", month_name(m), y);
}

void
fmt_date(char *buf, size_t size, int32_t date)
{
	int y, m, d;

	if (date == DATE_NONE) {
		snprintf(buf, size, "%s", "no date");
		return;
	}
	date_to_ymd(date, &y, &m, &d);
	snprintf(buf, size, "%d %.3s %d", d, month_name(m), y);
}

const char *
category_label(const struct chart *c, size_t i, char *buf, size_t size)
{
	const struct chart_category *k = &c->categories[i];

	if (k->label)
		return k->label;
	fmt_month(buf, size, k->month);
	return buf;
}

/* The heat map's bands and axes */

static const struct chart_band default_bands[] = {
	{ 1, "Low", CHART_INK_BAND_LOW },
	{ 5, "Medium", CHART_INK_BAND_MEDIUM },
	{ 15, "High", CHART_INK_BAND_HIGH },
};

static const char *const likelihood_names[5] = {
	"Rare", "Unlikely", "Possible", "Likely", "Almost certain"
};
static const char *const impact_names[5] = {
	"Negligible", "Minor", "Moderate", "Major", "Severe"
};

static const struct chart_band *
bands(const struct chart *c)
{
	return c->heat.nbands ? c->heat.bands : default_bands;
}

size_t
heat_band_count(const struct chart *c)
{
	return c->heat.nbands ? c->heat.nbands : 3;
}

size_t
heat_band_of(const struct chart *c, int score)
{
	size_t b, n = heat_band_count(c), r = 0;

	for (b = 0; b < n; b++)
		if (bands(c)[b].min_score <= score)
			r = b;
	return r;
}

const char *
heat_band_name(const struct chart *c, size_t b)
{
	return bands(c)[b].name;
}

enum chart_ink
heat_band_ink(const struct chart *c, size_t b)
{
	size_t n = heat_band_count(c);
	enum chart_ink ink = bands(c)[b].ink;

	/* the ramp low .. high, as many steps as there are bands */
	static const enum chart_ink ramp[5][5] = {
		{ CHART_INK_BAND_HIGH },
		{ CHART_INK_BAND_LOW, CHART_INK_BAND_HIGH },
		{ CHART_INK_BAND_LOW, CHART_INK_BAND_MEDIUM, CHART_INK_BAND_HIGH },
		{ CHART_INK_BAND_LOW, CHART_INK_BAND_MEDIUM, CHART_INK_BAND_ELEVATED,
		  CHART_INK_BAND_HIGH },
		{ CHART_INK_BAND_LOW, CHART_INK_BAND_MEDIUM, CHART_INK_BAND_ELEVATED,
		  CHART_INK_BAND_HIGH, CHART_INK_RED },
	};

	if (ink != CHART_INK_AUTO)
		return ink;
	return ramp[n - 1][b];
}

int
heat_band_lo(const struct chart *c, size_t b)
{
	return bands(c)[b].min_score;
}

/* The highest score a 5 x 5 grid can give inside band b. */
int
heat_band_hi(const struct chart *c, size_t b)
{
	int next = b + 1 < heat_band_count(c) ? bands(c)[b + 1].min_score : 26;
	int lo = bands(c)[b].min_score, best = 0, l, i;

	for (l = 1; l <= 5; l++)
		for (i = 1; i <= 5; i++)
			if (l * i >= lo && l * i < next && l * i > best)
				best = l * i;
	return best ? best : next - 1;
}

const char *
heat_likelihood(const struct chart *c, int l)
{
	return c->heat.likelihood[l] ? c->heat.likelihood[l] : likelihood_names[l];
}

const char *
heat_impact(const struct chart *c, int i)
{
	return c->heat.impact[i] ? c->heat.impact[i] : impact_names[i];
}

/* The data as the charts plot it */

/*
 * Timeline items by date, and in the caller's order on one date.
 * qsort's comparator has no context argument, so the chart being sorted
 * rides in a thread-local pointer, set and used within one call.
 */
static _Thread_local const struct chart *sort_chart;

static int
by_date(const void *pa, const void *pb)
{
	const struct chart_item *a = &sort_chart->items[*(const size_t *)pa];
	const struct chart_item *b = &sort_chart->items[*(const size_t *)pb];

	if (a->date != b->date)
		return a->date < b->date ? -1 : 1;
	/* on one date, the caller's order: the list beside the chart has it */
	return *(const size_t *)pa < *(const size_t *)pb ? -1 : 1;
}

size_t *
timeline_sorted(const struct chart *c)
{
	size_t *ix = xcalloc(c->nitems ? c->nitems : 1, sizeof(*ix)), i;

	for (i = 0; i < c->nitems; i++)
		ix[i] = i;
	sort_chart = c;
	qsort(ix, c->nitems, sizeof(*ix), by_date);
	return ix;
}

double *
monthly_values(const struct chart *c, size_t **joins)
{
	size_t ns = c->nseries, nk = c->ncategories, i, k;
	double *v = xcalloc(ns * nk + 1, sizeof(*v));
	size_t *jn = xcalloc(ns + 1, sizeof(*jn));

	for (i = 0; i < ns; i++) {
		const struct chart_series *s = &c->series[i];
		double run = 0;
		int started = 0;

		jn[i] = (size_t)-1;
		for (k = 0; k < nk; k++) {
			double val = s->values[k];

			if (c->cumulative && !isnan(val)) {
				/* a continuation starts from where the other stood */
				if (!started && s->continues && k > 0) {
					size_t j = (size_t)s->continues - 1, b = k;

					while (b > 0 && isnan(v[j * nk + b - 1]))
						b--;
					if (b > 0) {
						run = v[j * nk + b - 1];
						jn[i] = b - 1;
					}
				}
				started = 1;
				val = run += val;
			}
			v[i * nk + k] = val;
		}
	}
	if (joins)
		*joins = jn;
	else
		free(jn);
	return v;
}

double
scurve_prob(const struct chart_series *s, int32_t date)
{
	size_t k;

	if (s->n == 0)
		return NAN;
	if (date < s->dates[0])
		return 0;
	for (k = 1; k < s->n; k++) {
		if (date <= s->dates[k]) {
			int32_t d0 = s->dates[k - 1], d1 = s->dates[k];

			if (d1 == d0)
				return s->values[k];
			return s->values[k - 1] + (s->values[k] - s->values[k - 1]) *
				(double)(date - d0) / (d1 - d0);
		}
	}
	return s->values[s->n - 1];
}
