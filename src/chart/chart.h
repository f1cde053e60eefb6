/*
 * chart.h - folio's charts, drawn once with cairo (shapes) and pango
 * (text) and written as SVG (inline in web pages), PDF (vectors, for
 * papers) or PNG.
 *
 * The chart module knows nothing of the portfolio model. A caller fills a
 * plain struct chart - title, axis labels, categories, series of values
 * or dates, items, markers - and asks for a format. Everything the chart
 * points to is borrowed: the caller keeps it alive for the duration of
 * the call and the chart never frees or changes it. All text is plain
 * UTF-8; pango draws it and cairo writes it, so no caller escapes
 * anything.
 *
 * Accessibility: every chart has a title, labelled axes and a key, and no
 * meaning rests on colour alone. Delivery confidence ratings, risk bands
 * and milestone statuses each carry a hatch pattern or marker shape as
 * well as a colour, and a text label wherever there is room. The SVG
 * carries <title> and a <desc> with a text version of the data (see
 * chart_describe()), and role="img", so a screen reader announces it.
 *
 * Which fields each type reads:
 *
 *   CHART_STACKED_BAR  categories (periods), series (one per stack: the
 *                      five ratings, Exempt, Not assessed; values = counts
 *                      per category; series[0] at the bottom)
 *   CHART_HEATMAP      heat (counts per likelihood x impact, last period's
 *                      counts for the movement, bands)
 *   CHART_SLIP         categories (reporting periods: month required),
 *                      series (one per milestone: dates = the forecast
 *                      reported in each period, baseline)
 *   CHART_TIMELINE     items (key milestones: date, baseline, status),
 *                      first_month, quarters, markers ("today")
 *   CHART_MONTHLY      categories (months), series (values per month,
 *                      style bars / line / dashed line), cumulative,
 *                      markers (e.g. "As at"): benefits profile against
 *                      actuals, spend against budget and forecast
 *   CHART_SCURVE       series (dates = x, values = cumulative probability
 *                      0..1, ascending), markers (P50, P80, baseline)
 */
#ifndef FOLIO_CHART_H
#define FOLIO_CHART_H

#include <stddef.h>
#include <stdint.h>

struct error;
struct strbuf;

enum chart_type {
	CHART_STACKED_BAR,
	CHART_HEATMAP,
	CHART_SLIP,
	CHART_TIMELINE,
	CHART_MONTHLY,
	CHART_SCURVE
};

enum chart_format {
	CHART_SVG,	/* an <svg> element without XML declaration: inline or file */
	CHART_PDF,	/* one page of width x height points */
	CHART_PNG	/* width x height pixels at scale 1 (see chart_render_scaled) */
};

/*
 * Named inks: a colour and, for the categories whose meaning must survive
 * without colour, a hatch pattern. CHART_INK_AUTO takes the next colour
 * of a palette chosen for colour-blind readers (the Government Analysis
 * Function's categorical colours), with marker shapes and dashes that
 * cycle too.
 */
enum chart_ink {
	CHART_INK_AUTO = 0,
	CHART_INK_GREEN,		/* DCA Green: solid */
	CHART_INK_AMBER_GREEN,		/* DCA Amber/Green: rising diagonal hatch */
	CHART_INK_AMBER,		/* DCA Amber: dots */
	CHART_INK_AMBER_RED,		/* DCA Amber/Red: falling diagonal hatch */
	CHART_INK_RED,			/* DCA Red: cross hatch */
	CHART_INK_EXEMPT,		/* withheld: vertical lines */
	CHART_INK_NOT_ASSESSED,		/* not yet assessed: horizontal lines */
	CHART_INK_BAND_LOW,		/* risk bands: light tints, dark text */
	CHART_INK_BAND_MEDIUM,		/* dots */
	CHART_INK_BAND_ELEVATED,	/* falling diagonal hatch */
	CHART_INK_BAND_HIGH,		/* rising diagonal hatch */
	CHART_INK_BLUE,
	CHART_INK_DARK_BLUE,
	CHART_INK_TURQUOISE,
	CHART_INK_PINK,
	CHART_INK_ORANGE,
	CHART_INK_PURPLE,
	CHART_INK_GREY,
	CHART_INK_BLACK,
	CHART_INK_COUNT_
};

enum chart_style {
	CHART_STYLE_DEFAULT = 0,	/* the type's own: stacks, lines */
	CHART_STYLE_LINE,
	CHART_STYLE_DASHED,		/* a plan or forecast beside an actual */
	CHART_STYLE_BARS		/* CHART_MONTHLY only */
};

enum chart_status {
	CHART_STATUS_NONE = 0,		/* "No forecast" */
	CHART_STATUS_ACHIEVED,
	CHART_STATUS_ON_TRACK,
	CHART_STATUS_LATE
};

/* A point of a category axis: a period or a month. */
struct chart_category {
	const char *label;	/* shown as is; NULL: "Apr 2018" from month */
	int32_t month;		/* core/date.h month; required by CHART_SLIP */
};

struct chart_series {
	const char *name;	/* the key's label; required */
	enum chart_ink ink;
	enum chart_style style;
	const double *values;	/* n values; NAN = none */
	const int32_t *dates;	/* n dates; DATE_NONE = none (slip, S-curve) */
	size_t n;		/* = ncategories, except for CHART_SCURVE */
	int32_t baseline;	/* CHART_SLIP: the baselined date, or DATE_NONE */
	/*
	 * CHART_MONTHLY with cumulative: 1 + the index of an earlier series
	 * whose running total this one carries on (a forecast for the months
	 * after the actuals), joined to it by a line; 0 starts from zero.
	 */
	int continues;
};

/* A milestone on the look-forward timeline. */
struct chart_item {
	const char *label;	/* required */
	int32_t date;		/* forecast, or actual when achieved; required */
	int32_t baseline;	/* DATE_NONE, or drawn when it differs from date */
	enum chart_status status;
};

/*
 * An annotation at a date: a vertical line with a label (CHART_MONTHLY,
 * CHART_TIMELINE) or, on an S-curve, drop lines from the curve with the
 * date and its probability in the label.
 */
struct chart_marker {
	const char *label;	/* "P80", "Baseline", "As at"; required */
	int32_t date;		/* required */
	double value;		/* S-curve probability 0..1; NAN: read off the curve */
	enum chart_ink ink;	/* AUTO: black */
	int dashed;
};

/* A risk band: scores from min_score up to the next band's minimum. */
struct chart_band {
	int min_score;		/* 1..25, ascending across bands, the first 1 */
	const char *name;	/* "Low"; required */
	enum chart_ink ink;	/* AUTO: low .. high by position (see chart_band_ink) */
};

struct chart_heatmap {
	int count[5][5];	/* [likelihood-1][impact-1]: risks now */
	int previous[5][5];	/* the same last period, read if has_previous */
	int has_previous;
	const struct chart_band *bands;	/* 2..5 of them; NULL: low 1-4, medium 5-12, high 15-25 */
	size_t nbands;
	const char *likelihood[5];	/* axis names; NULL: Rare .. Almost certain */
	const char *impact[5];		/* NULL: Negligible .. Severe */
};

struct chart {
	enum chart_type type;
	const char *title;	/* required; wrapped to two lines, then cut with "..." */
	const char *subtitle;	/* optional, e.g. "As at March 2018" */
	const char *x_label;	/* axis titles; optional but expected */
	const char *y_label;
	const char *note;	/* optional footnote: source, roll-up rule */
	const char *desc;	/* text alternative; NULL: chart_describe() */
	/*
	 * SVG id prefix ([A-Za-z][A-Za-z0-9_-]*); NULL: a hash of the
	 * drawing, so distinct charts never clash. Set it to put the same
	 * chart twice on one page.
	 */
	const char *id;
	const char *value_prefix;	/* "£" for money; NULL: none */
	const char *value_suffix;	/* "%" or " officers"; NULL: none */
	int cumulative;		/* CHART_MONTHLY: plot running totals */

	const struct chart_category *categories;
	size_t ncategories;
	const struct chart_series *series;
	size_t nseries;
	const struct chart_item *items;
	size_t nitems;
	const struct chart_marker *markers;
	size_t nmarkers;
	struct chart_heatmap heat;

	int32_t first_month;	/* CHART_TIMELINE: MONTH_NONE = earliest item's quarter */
	int quarters;		/* CHART_TIMELINE: 0 = to the latest item, at most 8 */
};

/*
 * Render c at width_pt x height_pt points into out (appended; on failure
 * out is left as it was). For CHART_PNG a point is a pixel; use
 * chart_render_scaled() for sharper images. Sizes must lie in 50..20000
 * points. Returns 0, or -1 with err filled: ERR_USAGE for a malformed
 * chart (the message names the field), ERR_IO when out's cap is reached
 * or cairo fails.
 */
int chart_render(const struct chart *c, enum chart_format fmt,
		 double width_pt, double height_pt, struct strbuf *out,
		 struct error *err);
/* As chart_render(); a PNG has scale pixels per point (0 < scale <= 8). */
int chart_render_scaled(const struct chart *c, enum chart_format fmt,
			double width_pt, double height_pt, double scale,
			struct strbuf *out, struct error *err);

/*
 * The four functions below need no cairo: the folio binary holds them
 * itself, so a caller that only checks a chart or puts it in words (the
 * Markdown paper) never loads folio-render.so (core/module.h). The two
 * above draw, and live there.
 */

/*
 * Append to sb a plain-text version of c: its title, what it shows and
 * every value, in sentences a screen reader can read out. The same text
 * goes into the SVG <desc> when c->desc is NULL. Returns 0, or -1 if c
 * fails chart_check() (nothing appended) or sb's cap is reached.
 */
int chart_describe(const struct chart *c, struct strbuf *sb);

/*
 * Check c without drawing. Returns 0, or -1 with err filled (ERR_USAGE,
 * where = the field at fault, e.g. "series[2].values").
 */
int chart_check(const struct chart *c, struct error *err);

/* "Amber/Green" for CHART_INK_AMBER_GREEN and so on: the ink's name. */
const char *chart_ink_name(enum chart_ink ink);
/* "Achieved", "On track", "Late", "No forecast". */
const char *chart_status_name(enum chart_status status);

#endif
