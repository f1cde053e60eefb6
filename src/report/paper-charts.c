/*
 * paper-charts.c - the charts more than one paper draws: delivery
 * confidence month by month, and the risk heat map (paper.h). Each fills
 * a struct chart from the dataset as the reader may see it and hands it
 * to report_chart(), which keeps a copy.
 */
#include "report/paper.h"
#include "report/report.h"
#include "assess/risk.h"
#include "chart/chart.h"
#include "core/date.h"
#include "core/error.h"
#include "core/xmalloc.h"
#include "model/dataset.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DCA_NSERIES 7	/* Green .. Red, Exempt, Not assessed */

static const enum chart_ink dca_ink[DCA_NSERIES] = {
	CHART_INK_GREEN, CHART_INK_AMBER_GREEN, CHART_INK_AMBER,
	CHART_INK_AMBER_RED, CHART_INK_RED, CHART_INK_EXEMPT,
	CHART_INK_NOT_ASSESSED
};

int
paper_chart_dca(struct paper *pp, struct report_section *s,
		const char *const *codes, size_t n, int32_t last, int max_months,
		const char *caption)
{
	int32_t first = last - (max_months > 1 ? max_months - 1 : 0);
	size_t nm, ns = 0;
	double *counts = NULL;	/* [series][month] */
	struct chart_category *cat = NULL;
	struct chart_series ser[DCA_NSERIES];
	struct chart c;
	char buf[32];
	int rc = -1, any;

	/* Start at the first month in the window with any rating. */
	for (; first < last; first++) {
		any = 0;
		for (size_t i = 0; i < n && !any; i++) {
			const char *rating;

			if (paper_prog_rating(pp, codes[i], month_last_day(first), &rating, NULL) < 0)
				goto out;
			any = rating != NULL;
		}
		if (any)
			break;
	}
	nm = (size_t)(last - first + 1);
	counts = xcalloc(DCA_NSERIES * nm, sizeof(*counts));
	cat = xcalloc(nm, sizeof(*cat));
	for (size_t k = 0; k < nm; k++) {
		cat[k].month = first + (int32_t)k;
		for (size_t i = 0; i < n; i++) {
			const char *rating;
			int idx;

			if (paper_prog_rating(pp, codes[i], month_last_day(cat[k].month),
					      &rating, NULL) < 0)
				goto out;
			idx = rating ? enum_index(dca_values, rating) : 6;
			counts[(size_t)(idx < 0 ? 6 : idx) * nm + k] += 1;
		}
	}
	memset(ser, 0, sizeof(ser));
	for (int i = 0; i < DCA_NSERIES; i++) {
		int used = 0;

		for (size_t k = 0; k < nm; k++)
			used |= counts[(size_t)i * nm + k] > 0;
		if (i >= 5 ? !used :
		    pp->scale == SCALE_THREE && (i == 1 || i == 3) && !used)
			continue;
		ser[ns].name = dca_values[i];
		ser[ns].ink = dca_ink[i];
		ser[ns].values = counts + (size_t)i * nm;
		ser[ns].n = nm;
		ns++;
	}
	memset(&c, 0, sizeof(c));
	c.type = CHART_STACKED_BAR;
	c.title = "Delivery confidence across the portfolio";
	c.subtitle = report_printf(pp->r, "Programmes by rating at the end of each month, %s to %s",
				   month_format_long(first, buf), paper_month(pp, last));
	if (first == last)
		c.subtitle = report_printf(pp->r, "Programmes by rating at the end of %s",
					   paper_month(pp, last));
	c.x_label = "Month";
	c.y_label = "Programmes";
	c.note = "Each programme's own rating at the end of the month (no average); "
		 "months before the first rating are left out.";
	c.categories = cat;
	c.ncategories = nm;
	c.series = ser;
	c.nseries = ns;
	report_chart(pp->r, s, &c, caption, 640, 360);
	rc = 0;
out:
	free(counts);
	free(cat);
	return rc;
}

/*
 * The movement of the heat map's risks from the end of month since to the
 * end of day's month, from their score history, in a sentence (NULL when
 * there is nothing to say).
 */
static const char *
heat_movement(struct paper *pp, int portfolio_only, const char *programme,
	      int32_t day, int32_t since)
{
	struct risk_history h;
	struct risk_trends t;
	struct risk_move mv;
	int32_t month = month_of_date(day);
	const char *parts[6];
	size_t np = 0, known;
	int later = 0;
	char mb[32];
	const char *text;

	memset(&t, 0, sizeof(t));
	risk_history_build(&h, pp->ds);
	PAPER_FOREACH(pp, K_RISK, const struct risk, k) {
		if ((portfolio_only && (!k->level || strcmp(k->level, "portfolio") != 0)) ||
		    (programme && (!k->programme || strcmp(k->programme, programme) != 0)) ||
		    !paper_visible(pp, k->programme, k->project, k->marking))
			continue;
		risk_move_between(&h, k, since, month, &mv);
		/* the map's risks, and those closed since */
		if (!risk_open_at(k, day) && mv.trend != TREND_CLOSED)
			continue;
		if (mv.trend == TREND_CLOSED && !risk_history_at(&h, k->code, since))
			continue;	/* opened and closed in between */
		paper_use(pp, k->programme, k->project, k->marking);
		risk_trends_add(&t, mv.trend);
		later |= mv.then_period > since;
	}
	risk_history_release(&h);
	known = t.up + t.down + t.same + t.fresh + t.closed;
	if (known == 0)
		return t.unknown ? "No scores of these risks are recorded month by month, "
				   "so no movement is shown." : NULL;
	if (t.up)
		parts[np++] = report_printf(pp->r, "%zu up", t.up);
	if (t.down)
		parts[np++] = report_printf(pp->r, "%zu down", t.down);
	if (t.same)
		parts[np++] = report_printf(pp->r, "%zu unchanged", t.same);
	if (t.fresh)
		parts[np++] = report_printf(pp->r, "%zu new", t.fresh);
	if (t.closed)
		parts[np++] = report_printf(pp->r, "%zu closed", t.closed);
	if (t.unknown)
		parts[np++] = report_printf(pp->r, "%zu with no score to compare", t.unknown);
	text = report_printf(pp->r, "Movement of the scores since the end of %s%s: %s.",
			     month_format_long(since, mb),
			     later ? " (against a risk's first score where it was first "
				     "scored later)" : "",
			     paper_join_and(pp, parts, np));
	return text;
}

size_t
paper_chart_heat(struct paper *pp, struct report_section *s, int portfolio_only,
		 const char *programme, int32_t day, int32_t since, const char *caption)
{
	struct chart c;
	size_t placed = 0, unscored = 0;
	const char *moves;

	memset(&c, 0, sizeof(c));
	PAPER_FOREACH(pp, K_RISK, const struct risk, k) {
		if (!risk_open_at(k, day) ||
		    (portfolio_only && (!k->level || strcmp(k->level, "portfolio") != 0)) ||
		    (programme && (!k->programme || strcmp(k->programme, programme) != 0)) ||
		    !paper_visible(pp, k->programme, k->project, k->marking))
			continue;
		if (risk_score(k->current_likelihood, k->current_impact) == 0) {
			unscored++;
			continue;
		}
		paper_use(pp, k->programme, k->project, k->marking);
		c.heat.count[k->current_likelihood - 1][k->current_impact - 1]++;
		placed++;
	}
	c.type = CHART_HEATMAP;
	c.title = portfolio_only ? "Portfolio risks by likelihood and impact" :
		  "Open risks by likelihood and impact";
	c.subtitle = report_printf(pp->r, "Current scores of %s at %s",
				   paper_count(pp, (long)placed, "open risk", "open risks"),
				   paper_day(pp, day));
	c.x_label = "Impact";
	c.y_label = "Likelihood";
	moves = since ? heat_movement(pp, portfolio_only, programme, day, since) : NULL;
	if (unscored)
		c.note = report_printf(pp->r, "%s not yet scored %s left out.%s%s",
				       paper_cap(pp, paper_count(pp, (long)unscored, "risk", "risks")),
				       paper_plural((long)unscored, "is", "are"),
				       moves ? " " : "", moves ? moves : "");
	else
		c.note = moves;
	report_chart(pp->r, s, &c, caption, 560, 440);
	return placed;
}
