/*
 * chart-describe.c - a chart in words: the text alternative that goes
 * into the SVG <desc> and that a page may print beside or under a chart.
 *
 * It states every value the chart draws, in reading order, so a reader
 * who cannot see the chart loses nothing but the shape. It needs no
 * cairo, so the binary holds it and a Markdown paper never loads
 * folio-render.so (chart-base.h).
 */
#include "chart/chart-base.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/strbuf.h"
#include "core/xmalloc.h"

/* Append s as a sentence: with a full stop unless it ends in one. */
static int
sentence(struct strbuf *sb, const char *s)
{
	size_t n = strlen(s);
	int rc = 0;

	if (sb->len && sb->buf[sb->len - 1] != ' ')
		rc |= strbuf_addch(sb, ' ');
	rc |= strbuf_addstr(sb, s);
	if (n && !strchr(".!?", s[n - 1]))
		rc |= strbuf_addch(sb, '.');
	return rc;
}

static int
integral_values(const struct chart *c)
{
	size_t i, k;

	for (i = 0; i < c->nseries; i++)
		for (k = 0; k < c->series[i].n; k++) {
			double v = c->series[i].values ? c->series[i].values[k] : 0;

			if (!isnan(v) && v != floor(v))
				return 0;
		}
	return 1;
}

static int
describe_bar(const struct chart *c, struct strbuf *sb)
{
	size_t i, k;
	int rc = 0;
	char buf[64], num[64];

	rc |= strbuf_addf(sb, " Stacked bar chart of %s for each %s.",
			  c->y_label ? c->y_label : "counts",
			  c->x_label ? c->x_label : "period");
	for (k = 0; k < c->ncategories; k++) {
		double total = 0;
		int first = 1;

		rc |= strbuf_addf(sb, " %s:", category_label(c, k, buf, sizeof(buf)));
		for (i = 0; i < c->nseries; i++) {
			double v = c->series[i].values[k];

			if (!(v > 0))
				continue;
			total += v;
			fmt_number(num, sizeof(num), v, 0);
			rc |= strbuf_addf(sb, "%s %s %s", first ? "" : ",",
					  c->series[i].name, num);
			first = 0;
		}
		fmt_number(num, sizeof(num), total, 0);
		rc |= first ? strbuf_addstr(sb, " none.") :
			strbuf_addf(sb, " (total %s).", num);
	}
	return rc;
}

static int
describe_slip(const struct chart *c, struct strbuf *sb)
{
	size_t i, k;
	int rc = 0;
	char a[32], b[32], d[32];

	if (c->ncategories) {
		fmt_month(a, sizeof(a), c->categories[0].month);
		fmt_month(b, sizeof(b), c->categories[c->ncategories - 1].month);
		rc |= strbuf_addf(sb, " Milestone trend chart: the forecast date of "
				  "each milestone as reported in each period from %s "
				  "to %s. A rising line is a milestone slipping.", a, b);
	}
	for (i = 0; i < c->nseries; i++) {
		const struct chart_series *s = &c->series[i];
		int first = 1;

		rc |= strbuf_addf(sb, " %s:", s->name);
		if (s->baseline != DATE_NONE) {
			fmt_date(d, sizeof(d), s->baseline);
			rc |= strbuf_addf(sb, " baseline %s;", d);
		}
		rc |= strbuf_addstr(sb, " forecast");
		for (k = 0; k < s->n; k++) {
			size_t j = k;

			if (s->dates[k] == DATE_NONE)
				continue;
			while (j + 1 < s->n && s->dates[j + 1] == s->dates[k])
				j++;
			fmt_date(d, sizeof(d), s->dates[k]);
			fmt_month(a, sizeof(a), c->categories[k].month);
			fmt_month(b, sizeof(b), c->categories[j].month);
			if (j > k)
				rc |= strbuf_addf(sb, "%s %s in %s to %s", first ? "" : ",",
						  d, a, b);
			else
				rc |= strbuf_addf(sb, "%s %s in %s", first ? "" : ",", d, a);
			first = 0;
			k = j;
		}
		rc |= strbuf_addstr(sb, first ? " none." : ".");
	}
	return rc;
}

static int
describe_timeline(const struct chart *c, struct strbuf *sb)
{
	size_t *ix = timeline_sorted(c), i;
	int32_t quarter = MONTH_NONE;
	int rc = 0;
	char d[32];

	rc |= strbuf_addf(sb, " Look-forward of %zu key milestone%s by quarter, "
			  "each with its forecast or actual date and status.",
			  c->nitems, c->nitems == 1 ? "" : "s");
	for (i = 0; i < c->nitems; i++) {
		const struct chart_item *it = &c->items[ix[i]];
		int32_t m = month_of_date(it->date);
		int32_t q = fq_first_month(fy_of_month(m), fq_of_month(m));
		int y, mo;

		if (q != quarter) {
			month_to_ym(q, &y, &mo);
			rc |= strbuf_addf(sb, "%s %s %d:", quarter ? "." : "",
					  quarter_months_name(q), y);
			quarter = q;
		} else {
			rc |= strbuf_addch(sb, ';');
		}
		fmt_date(d, sizeof(d), it->date);
		rc |= strbuf_addf(sb, " %s, %s, %s", it->label,
				  chart_status_name(it->status), d);
		if (it->baseline != DATE_NONE && it->baseline != it->date) {
			fmt_date(d, sizeof(d), it->baseline);
			rc |= strbuf_addf(sb, " (baseline %s)", d);
		}
	}
	if (c->nitems)
		rc |= strbuf_addch(sb, '.');
	free(ix);
	return rc;
}

static int
describe_monthly(const struct chart *c, struct strbuf *sb)
{
	size_t i, k;
	int rc = 0, dec = integral_values(c) ? 0 : 2;
	char a[32], b[32], v[96];
	double *vals;

	if (c->ncategories) {
		const char *what = c->y_label && *c->y_label ? c->y_label : "Values";

		/* a sentence of its own: a unit such as "officer posts" opens it */
		rc |= strbuf_addf(sb, " %c%s by month from %s to %s%s.",
				  *what >= 'a' && *what <= 'z' ? *what - 'a' + 'A' : *what,
				  what + 1,
				  category_label(c, 0, a, sizeof(a)),
				  category_label(c, c->ncategories - 1, b, sizeof(b)),
				  c->cumulative ? ", as running totals" : "");
	}
	vals = monthly_values(c, NULL);
	for (i = 0; i < c->nseries; i++) {
		int first = 1;

		rc |= strbuf_addf(sb, " %s:", c->series[i].name);
		for (k = 0; k < c->series[i].n; k++) {
			double val = vals[i * c->ncategories + k];

			if (isnan(val))
				continue;
			fmt_value(c, v, sizeof(v), val, dec);
			rc |= strbuf_addf(sb, "%s %s %s", first ? "" : ",",
					  category_label(c, k, a, sizeof(a)), v);
			first = 0;
		}
		rc |= strbuf_addstr(sb, first ? " no values." : ".");
	}
	for (i = 0; i < c->nmarkers; i++) {
		fmt_date(a, sizeof(a), c->markers[i].date);
		rc |= strbuf_addf(sb, " %s: %s.", c->markers[i].label, a);
	}
	free(vals);
	return rc;
}

/* The first date by which s reaches probability p. */
static int32_t
scurve_date(const struct chart_series *s, double p)
{
	size_t k;

	for (k = 0; k < s->n; k++) {
		if (s->values[k] >= p - 1e-12) {
			double p0, t;

			if (k == 0 || s->values[k] == s->values[k - 1])
				return s->dates[k];
			p0 = s->values[k - 1];
			t = (p - p0) / (s->values[k] - p0);
			return s->dates[k - 1] +
				(int32_t)lround(t * (s->dates[k] - s->dates[k - 1]));
		}
	}
	return DATE_NONE;
}

static int
describe_scurve(const struct chart *c, struct strbuf *sb)
{
	size_t i;
	int rc = 0, p;
	char d[32], pct[32];

	rc |= strbuf_addstr(sb, " S-curve: the probability of finishing by each date.");
	for (i = 0; i < c->nseries; i++) {
		const struct chart_series *s = &c->series[i];
		int first = 1;

		rc |= strbuf_addf(sb, " %s:", s->name);
		for (p = 10; p <= 100; p += 10) {
			int32_t dt = scurve_date(s, p / 100.0);

			if (dt == DATE_NONE)
				continue;
			fmt_date(d, sizeof(d), dt);
			rc |= strbuf_addf(sb, "%s %d%% by %s", first ? "" : ",", p, d);
			first = 0;
		}
		rc |= strbuf_addstr(sb, first ? " no finish dates." : ".");
	}
	for (i = 0; i < c->nmarkers; i++) {
		const struct chart_marker *m = &c->markers[i];
		double pr = isnan(m->value) && c->nseries ?
			scurve_prob(&c->series[0], m->date) : m->value;

		fmt_date(d, sizeof(d), m->date);
		fmt_number(pct, sizeof(pct), isnan(pr) ? 0 : pr * 100, 0);
		rc |= strbuf_addf(sb, " %s: %s, probability %s%%.", m->label, d, pct);
	}
	return rc;
}

int
chart_describe_heatmap(const struct chart *c, struct strbuf *sb)
{
	const struct chart_heatmap *hm = &c->heat;
	size_t nb = heat_band_count(c), b;
	int l, i, rc = 0;
	int *band_n = xcalloc(nb, sizeof(*band_n));

	rc |= strbuf_addstr(sb, "Risk heat map: the number of risks at each "
			    "likelihood (1 to 5) and impact (1 to 5); score is "
			    "likelihood times impact. Bands:");
	for (b = 0; b < nb; b++)
		rc |= strbuf_addf(sb, "%s %s %d to %d", b ? "," : "",
				  heat_band_name(c, b), heat_band_lo(c, b),
				  heat_band_hi(c, b));
	rc |= strbuf_addstr(sb, ".");
	for (l = 4; l >= 0; l--) {
		for (i = 4; i >= 0; i--) {
			int n = hm->count[l][i], score = (l + 1) * (i + 1);
			int d = hm->has_previous ? n - hm->previous[l][i] : 0;

			band_n[heat_band_of(c, score)] += n;
			if (n == 0 && d == 0)
				continue;
			rc |= strbuf_addf(sb, " Likelihood %d (%s), impact %d (%s), "
					  "score %d, %s: %d risk%s", l + 1,
					  heat_likelihood(c, l), i + 1, heat_impact(c, i),
					  score, heat_band_name(c, heat_band_of(c, score)),
					  n, n == 1 ? "" : "s");
			if (d)
				rc |= strbuf_addf(sb, ", %s %d since last period",
						  d > 0 ? "up" : "down", d > 0 ? d : -d);
			rc |= strbuf_addstr(sb, ".");
		}
	}
	rc |= strbuf_addstr(sb, " In total:");
	for (b = 0; b < nb; b++)
		rc |= strbuf_addf(sb, "%s %s %d", b ? "," : "", heat_band_name(c, b),
				  band_n[b]);
	rc |= strbuf_addstr(sb, ".");
	free(band_n);
	return rc ? -1 : 0;
}

int
chart_describe(const struct chart *c, struct strbuf *sb)
{
	int rc = 0;

	if (chart_check(c, NULL))
		return -1;
	rc |= sentence(sb, c->title);
	if (c->subtitle && *c->subtitle)
		rc |= sentence(sb, c->subtitle);
	switch (c->type) {
	case CHART_STACKED_BAR:
		rc |= describe_bar(c, sb);
		break;
	case CHART_HEATMAP:
		rc |= strbuf_addch(sb, ' ');
		rc |= chart_describe_heatmap(c, sb);
		break;
	case CHART_SLIP:
		rc |= describe_slip(c, sb);
		break;
	case CHART_TIMELINE:
		rc |= describe_timeline(c, sb);
		break;
	case CHART_MONTHLY:
		rc |= describe_monthly(c, sb);
		break;
	case CHART_SCURVE:
		rc |= describe_scurve(c, sb);
		break;
	}
	if (c->note && *c->note)
		rc |= sentence(sb, c->note);
	return rc ? -1 : 0;
}
