/*
 * paper-rounds.c - assessment rounds in a paper (paper-rounds.h): the
 * distribution of each round, the movement between rounds and their
 * chart. The figures are assess/rollup.h's (rollup_rounds(),
 * rollup_round_moves()); this file only lays them out.
 */
#include "report/paper-rounds.h"
#include "report/paper.h"
#include "report/report.h"
#include "chart/chart.h"
#include "core/date.h"
#include "core/xmalloc.h"

#include <string.h>

size_t
paper_rounds_pick(const struct round_list *rl, long now, long then, size_t *col)
{
	long first = now - (PAPER_ROUNDS_MAX - 1);
	size_t n = 0;

	if (now < 0 || (size_t)now >= rl->n)
		return 0;
	if (first < 0)
		first = 0;
	if (then >= 0 && then < first) {
		col[n++] = (size_t)then;
		first++;
	}
	for (long i = first; i <= now; i++)
		col[n++] = (size_t)i;
	return n;
}

/* Rows of the tables and series of the chart: the scale's ratings, then the rest. */
static int
rating_row(const struct paper *pp, int r)
{
	if (pp->scale == SCALE_THREE && (r == RATING_AMBER_GREEN || r == RATING_AMBER_RED))
		return 0;
	return r >= RATING_GREEN && r <= RATING_NOT_ASSESSED;
}

void
paper_rounds_table(struct paper *pp, struct report_section *s,
		   const struct round_list *rl, const size_t *col, size_t n)
{
	struct report *r = pp->r;
	const char *hdr[PAPER_ROUNDS_MAX + 1];
	enum report_align al[PAPER_ROUNDS_MAX + 1];
	struct report_block *t;
	struct report_inline *row;
	size_t unknown = 0;

	hdr[0] = "Rating";
	al[0] = RA_LEFT;
	for (size_t k = 0; k < n; k++) {
		hdr[k + 1] = paper_day(pp, rl->v[col[k]].date);
		al[k + 1] = RA_RIGHT;
		unknown += rl->v[col[k]].unknown;
	}
	t = report_table(r, s, "Programmes by delivery confidence rating in each assessment round",
			 n + 1, hdr, al, 1);
	for (int i = RATING_GREEN; i < RATING__COUNT; i++) {
		if (!rating_row(pp, i))
			continue;
		row = report_row(r, t);
		report_add(r, &row[0], i <= RATING_RED ? RS_RATING : RS_PLAIN,
			   rating_name((enum rating)i));
		for (size_t k = 0; k < n; k++)
			report_addf(r, &row[k + 1], RS_PLAIN, "%zu", rl->v[col[k]].count[i]);
	}
	if (unknown) {
		row = report_row(r, t);
		report_add(r, &row[0], RS_PLAIN, "Not a delivery confidence rating");
		for (size_t k = 0; k < n; k++)
			report_addf(r, &row[k + 1], RS_PLAIN, "%zu", rl->v[col[k]].unknown);
	}
	row = report_row(r, t);
	report_add(r, &row[0], RS_STRONG, "Total");
	for (size_t k = 0; k < n; k++)
		report_addf(r, &row[k + 1], RS_STRONG, "%zu", rl->v[col[k]].total);
}

static void
moves_row(struct paper *pp, struct report_block *t, const struct round_list *rl,
	  const struct round_filter *rf, size_t from, size_t to)
{
	struct report *r = pp->r;
	struct report_inline *row = report_row(r, t);
	struct round_moves m;

	rollup_round_moves(pp->ds, rl->v[from].date, rl->v[to].date, rf, &m);
	report_addf(r, &row[0], RS_PLAIN, "%s to %s", paper_day(pp, rl->v[from].date),
		    paper_day(pp, rl->v[to].date));
	report_addf(r, &row[1], RS_PLAIN, "%zu", m.up);
	report_addf(r, &row[2], RS_PLAIN, "%zu", m.down);
	report_addf(r, &row[3], RS_PLAIN, "%zu", m.same);
	report_addf(r, &row[4], RS_PLAIN, "%zu", m.unrated);
	report_addf(r, &row[5], RS_PLAIN, "%zu", m.entered);
	report_addf(r, &row[6], RS_PLAIN, "%zu", m.left);
}

void
paper_rounds_moves(struct paper *pp, struct report_section *s,
		   const struct round_list *rl, const struct round_filter *rf,
		   const size_t *col, size_t n, long then, long now)
{
	static const char *const hdr[] = {
		"Between the rounds of", "Up", "Down", "Unchanged", "Unrated", "Entered", "Left"
	};
	static const enum report_align al[] = {
		RA_LEFT, RA_RIGHT, RA_RIGHT, RA_RIGHT, RA_RIGHT, RA_RIGHT, RA_RIGHT
	};
	struct report_block *t;
	int paired = 0;

	if (n < 2 && then < 0)
		return;
	t = report_table(pp->r, s, "How programmes' ratings moved between assessment rounds",
			 7, hdr, al, 1);
	for (size_t k = 0; k + 1 < n; k++) {
		moves_row(pp, t, rl, rf, col[k], col[k + 1]);
		paired |= (long)col[k] == then && (long)col[k + 1] == now;
	}
	if (!paired && then >= 0 && now >= 0)
		moves_row(pp, t, rl, rf, (size_t)then, (size_t)now);
}

static const enum chart_ink round_ink[RATING__COUNT] = {
	CHART_INK_AUTO, CHART_INK_GREEN, CHART_INK_AMBER_GREEN, CHART_INK_AMBER,
	CHART_INK_AMBER_RED, CHART_INK_RED, CHART_INK_EXEMPT, CHART_INK_NOT_ASSESSED
};

void
paper_chart_rounds(struct paper *pp, struct report_section *s,
		   const struct round_list *rl, const size_t *col, size_t n,
		   const char *caption)
{
	struct chart_category cat[PAPER_ROUNDS_MAX];
	struct chart_series ser[RATING__COUNT];
	double counts[RATING__COUNT][PAPER_ROUNDS_MAX];
	struct chart c;
	size_t ns = 0;

	if (n == 0)
		return;
	memset(cat, 0, sizeof(cat));
	for (size_t k = 0; k < n; k++) {
		int32_t d = rl->v[col[k]].date;
		int same_month = 0;
		int y, m, dd;

		cat[k].month = month_of_date(d);
		for (size_t j = 0; j < n; j++)
			same_month |= j != k && month_of_date(rl->v[col[j]].date) == cat[k].month;
		/* Two rounds in one month need their days to tell them apart. */
		if (same_month) {
			date_to_ymd(d, &y, &m, &dd);
			cat[k].label = report_printf(pp->r, "%d %.3s %d", dd, month_name(m), y);
		}
	}
	memset(ser, 0, sizeof(ser));
	for (int i = RATING_GREEN; i < RATING__COUNT; i++) {
		size_t used = 0;

		for (size_t k = 0; k < n; k++) {
			counts[i][k] = (double)rl->v[col[k]].count[i];
			used += rl->v[col[k]].count[i];
		}
		/* the scale's ratings always; Exempt and Not assessed when held */
		if (!rating_row(pp, i) || (i > RATING_RED && used == 0))
			continue;
		ser[ns].name = rating_name((enum rating)i);
		ser[ns].ink = round_ink[i];
		ser[ns].values = counts[i];
		ser[ns].n = n;
		ns++;
	}
	memset(&c, 0, sizeof(c));
	c.type = CHART_STACKED_BAR;
	c.title = "Delivery confidence by assessment round";
	c.subtitle = n == 1 ?
		report_printf(pp->r, "Programmes by rating in the assessment of %s",
			      paper_day(pp, rl->v[col[0]].date)) :
		report_printf(pp->r, "Programmes by rating in each assessment round, %s to %s",
			      paper_day(pp, rl->v[col[0]].date),
			      paper_day(pp, rl->v[col[n - 1]].date));
	c.x_label = "Assessment round";
	c.y_label = "Programmes";
	c.note = "Each programme assessed in a round counts once, at its own rating (no average).";
	c.categories = cat;
	c.ncategories = n;
	c.series = ser;
	c.nseries = ns;
	report_chart(pp->r, s, &c, caption, 640, 360);
}
