/*
 * chart-slip.c - the milestone trend (slip) chart: across the reporting
 * periods, the date each key milestone was forecast for.
 *
 * A flat line is a milestone holding its date; a rising line is one
 * slipping. The dashed diagonal is the report date itself: a line meets
 * it when its milestone is reached, and everything under it is the past
 * (shaded). Each milestone has its own colour, marker shape and dash, and
 * its baseline date is a hollow diamond at the start of its line.
 */
#include "chart/chart-int.h"

#include <math.h>
#include <stdio.h>

#include "core/date.h"

/* The report date at screen x: period ends joined up, extended half a slot. */
static double
diagonal_date(const struct chart *c, const struct cscale *cs, double px)
{
	double u = (px - cs->p0) / cs->slot - 0.5;	/* in periods */
	size_t n = c->ncategories, k;
	double d0, d1;

	if (n == 1)
		return month_last_day(c->categories[0].month) + u * 30.44;
	k = u < 0 ? 0 : (u >= n - 1 ? n - 2 : (size_t)u);
	d0 = month_last_day(c->categories[k].month);
	d1 = month_last_day(c->categories[k + 1].month);
	return d0 + (u - k) * (d1 - d0);
}

int
chart_draw_slip(struct cx *x)
{
	const struct chart *c = x->c;
	size_t ns = c->nseries, i, k, ne = 0;
	struct legend_entry *e = g_new0(struct legend_entry, ns + 2);
	struct xy a;
	struct dscale ds;
	struct cscale cs;
	int32_t lo = 0, hi = 0;
	int any = 0, any_base = 0, show_markers, step;
	double lw, px_;

	/* past twenty milestones, baseline marks only pile up at the left */
	for (i = 0; i < ns && ns <= 20; i++)
		if (c->series[i].baseline != DATE_NONE)
			any_base = 1;
	e[ne].label = "Report date (below it: the past)";
	e[ne].kind = LEG_LINE;
	e[ne].ink = CHART_INK_GREY;
	e[ne++].dash = 1;
	if (any_base) {
		e[ne].label = "Baseline date";
		e[ne].kind = LEG_MARKER;
		e[ne].ink = CHART_INK_BLACK;
		e[ne].shape = SHAPE_DIAMOND;
		e[ne++].hollow = 1;
	}
	show_markers = ns <= 20 && c->ncategories <= 36;
	for (i = 0; i < ns; i++, ne++) {
		e[ne].label = c->series[i].name;
		e[ne].kind = LEG_LINE;
		e[ne].ink = series_ink(c, i);
		e[ne].shape = show_markers ? auto_shape(i) : SHAPE_NONE;
		e[ne].dash = auto_dash(i);
	}
	for (i = 0; i < ns; i++) {
		const struct chart_series *s = &c->series[i];

		for (k = 0; k < s->n; k++) {
			if (s->dates[k] == DATE_NONE)
				continue;
			if (!any || s->dates[k] < lo)
				lo = s->dates[k];
			if (!any || s->dates[k] > hi)
				hi = s->dates[k];
			any = 1;
		}
		if (any && s->baseline != DATE_NONE) {
			lo = s->baseline < lo ? s->baseline : lo;
			hi = s->baseline > hi ? s->baseline : hi;
		}
	}
	if (cx_frame(x, e, any && c->ncategories ? ne : 0, "milestones"))
		goto out;
	if (!any || c->ncategories == 0) {
		cx_no_data(x, c->ncategories == 0 ? "There are no reporting periods." :
			   "No milestone has a forecast date.");
		goto out;
	}
	/* the report dates themselves belong on the axis too */
	if (month_first_day(c->categories[0].month) < lo)
		lo = month_first_day(c->categories[0].month);
	if (month_last_day(c->categories[c->ncategories - 1].month) > hi)
		hi = month_last_day(c->categories[c->ncategories - 1].month);

	if (xy_vertical(x, &a, 1)) {
		cx_no_room(x);
		goto out;
	}
	/* a little air so that no line runs along the frame */
	dscale_fit(x, &ds, lo - 10, hi + 10, a.y1, a.y0, 1);
	xy_horizontal(x, &a, cx_text_width(x, FONT_SMALL, "Sep 2018"), 8);
	cscale_fit(x, &cs, a.x0, a.x1);
	xy_titles(x, &a);

	cx_save(x);
	cairo_rectangle(x->cr, a.x0, a.y0, a.x1 - a.x0, a.y1 - a.y0);
	cx_clip(x);
	/* the past: everything under the report-date diagonal */
	step = (int)fmax(2, (a.x1 - a.x0) / 200);
	cairo_move_to(x->cr, a.x0, a.y1);
	for (px_ = a.x0; px_ <= a.x1 + step; px_ += step) {
		double xx = fmin(px_, a.x1);

		cairo_line_to(x->cr, xx, dscale_at(&ds, (int32_t)lround(
			diagonal_date(c, &cs, xx))));
	}
	cairo_line_to(x->cr, a.x1, a.y1);
	cairo_close_path(x->cr);
	cx_rgb(x, RGB_SHADE);
	cx_fill(x);
	cx_restore(x);
	xy_date_value_axis(x, &a, &ds);
	cx_save(x);
	cairo_rectangle(x->cr, a.x0, a.y0, a.x1 - a.x0, a.y1 - a.y0);
	cx_clip(x);
	cx_line(x, a.x0, dscale_at(&ds, (int32_t)lround(diagonal_date(c, &cs, a.x0))),
		a.x1, dscale_at(&ds, (int32_t)lround(diagonal_date(c, &cs, a.x1))),
		ink_rgb(CHART_INK_GREY), 1.25, 1);

	lw = ns > 12 ? 1.25 : 2.0;
	for (i = 0; i < ns; i++) {
		const struct chart_series *s = &c->series[i];
		uint32_t rgb = ink_rgb(series_ink(c, i));
		int pen = 0;
		size_t first = s->n;

		cx_save(x);
		cx_rgb(x, rgb);
		cairo_set_line_width(x->cr, lw);
		cx_dash(x, auto_dash(i), lw);
		for (k = 0; k < s->n; k++) {
			double px0 = cscale_at(&cs, k);

			if (s->dates[k] == DATE_NONE) {
				pen = 0;
				continue;
			}
			if (first == s->n)
				first = k;
			if (pen)
				cairo_line_to(x->cr, px0, dscale_at(&ds, s->dates[k]));
			else
				cairo_move_to(x->cr, px0, dscale_at(&ds, s->dates[k]));
			pen = 1;
		}
		cx_stroke(x);
		cx_restore(x);
		if (first < s->n && s->baseline != DATE_NONE && any_base) {
			double bx = cscale_at(&cs, first) - fmin(cs.slot * 0.45, 14);
			double by = dscale_at(&ds, s->baseline);

			cx_line(x, bx, by, cscale_at(&cs, first),
				dscale_at(&ds, s->dates[first]), rgb, 1.0, 2);
			cx_shape(x, SHAPE_DIAMOND, bx, by, 7, rgb, 1);
		}
		for (k = 0; k < s->n; k++) {
			int lonely = (k == 0 || s->dates[k - 1] == DATE_NONE) &&
				(k + 1 == s->n || s->dates[k + 1] == DATE_NONE);

			if (s->dates[k] == DATE_NONE || !(show_markers || lonely))
				continue;
			cx_shape(x, show_markers ? auto_shape(i) : SHAPE_CIRCLE,
				 cscale_at(&cs, k), dscale_at(&ds, s->dates[k]),
				 show_markers ? 6.5 : 3, rgb, 0);
		}
	}
	cx_restore(x);
	cx_line(x, a.x0, a.y1 + 0.5, a.x1, a.y1 + 0.5, RGB_TEXT, 1.0, 0);
	cx_line(x, a.x0 - 0.5, a.y0, a.x0 - 0.5, a.y1 + 0.5, RGB_TEXT, 1.0, 0);
	xy_category_axis(x, &a, &cs);
out:
	g_free(e);
	return 0;
}
