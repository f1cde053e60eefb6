/*
 * chart-scurve.c - the Monte Carlo finish-date distribution as an S-curve:
 * the probability of finishing by each date, with P50, P80 and the
 * baseline date marked by drop lines and labelled with date and
 * probability in words.
 *
 * Labels go where an S-curve leaves room: above and to the left of the
 * point they mark (the curve there is lower), or below and to the right
 * (the curve there is higher), nudged apart when they would touch.
 */
#include "chart/chart-int.h"

#include <math.h>
#include <stdio.h>

#include "core/date.h"

struct placed {
	double l, t, r, b;
};

static int
overlaps(const struct placed *p, size_t n, const struct placed *q)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (q->l < p[i].r && q->r > p[i].l && q->t < p[i].b && q->b > p[i].t)
			return 1;
	return 0;
}

int
chart_draw_scurve(struct cx *x)
{
	const struct chart *c = x->c;
	size_t ns = c->nseries, nm = c->nmarkers, i, k, ne = 0, np = 0;
	struct legend_entry *e = g_new0(struct legend_entry, ns + nm + 1);
	struct placed *placed = g_new0(struct placed, nm + 1);
	struct xy a;
	struct scale s;
	struct dscale ds;
	int32_t lo = 0, hi = 0;
	int any = 0;
	double fh = cx_font_height(x, FONT_SMALL);
	char buf[160], date[32], pct[32];

	for (i = 0; i < ns; i++, ne++) {
		e[ne].label = c->series[i].name;
		e[ne].kind = LEG_LINE;
		e[ne].ink = series_ink(c, i);
		e[ne].dash = c->series[i].style == CHART_STYLE_DASHED ? 1 : 0;
	}
	for (i = 0; i < nm; i++, ne++) {
		e[ne].label = c->markers[i].label;
		e[ne].kind = LEG_LINE;
		e[ne].ink = c->markers[i].ink ? c->markers[i].ink : CHART_INK_BLACK;
		e[ne].dash = c->markers[i].dashed ? 1 : 2;
	}
	for (i = 0; i < ns; i++) {
		const struct chart_series *sr = &c->series[i];

		for (k = 0; k < sr->n; k++) {
			lo = any ? (sr->dates[k] < lo ? sr->dates[k] : lo) : sr->dates[k];
			hi = any ? (sr->dates[k] > hi ? sr->dates[k] : hi) : sr->dates[k];
			any = 1;
		}
	}
	if (cx_frame(x, e, any ? ne : 0, "series"))
		goto out;
	if (!any) {
		cx_no_data(x, "The simulation has produced no finish dates.");
		goto out;
	}
	for (i = 0; i < nm; i++) {
		lo = c->markers[i].date < lo ? c->markers[i].date : lo;
		hi = c->markers[i].date > hi ? c->markers[i].date : hi;
	}

	if (xy_vertical(x, &a, 1)) {
		cx_no_room(x);
		goto out;
	}
	s.lo = 0;
	s.hi = 1;
	s.step = (a.y1 - a.y0) / 10 >= fh * 1.8 ? 0.1 : (a.y1 - a.y0) / 5 >= fh * 1.8 ? 0.2 : 0.5;
	s.decimals = 0;
	s.millions = 0;
	s.percent = 1;
	s.p0 = a.y1;
	s.p1 = a.y0;
	xy_horizontal(x, &a, cx_text_width(x, FONT_SMALL, "100%"),
		      cx_text_width(x, FONT_SMALL, "Sep 2018") / 2 + 2);
	dscale_fit(x, &ds, lo, hi, a.x0, a.x1, 0);
	xy_titles(x, &a);
	xy_value_axis(x, &a, &s);
	xy_date_axis(x, &a, &ds, 1);
	cx_line(x, a.x0, a.y1 + 0.5, a.x1, a.y1 + 0.5, RGB_TEXT, 1.0, 0);

	for (i = 0; i < ns; i++) {
		const struct chart_series *sr = &c->series[i];

		if (sr->n == 0)
			continue;
		cx_save(x);
		cx_rgb(x, ink_rgb(series_ink(c, i)));
		cairo_set_line_width(x->cr, 2.5);
		cx_dash(x, e[i].dash, 2.5);
		for (k = 0; k < sr->n; k++) {
			double px_ = dscale_at(&ds, sr->dates[k]), py_ = scale_at(&s, sr->values[k]);

			if (k == 0)
				cairo_move_to(x->cr, px_, py_);
			else
				cairo_line_to(x->cr, px_, py_);
		}
		cx_stroke(x);
		cx_restore(x);
		if (sr->n == 1)
			cx_shape(x, SHAPE_CIRCLE, dscale_at(&ds, sr->dates[0]),
				 scale_at(&s, sr->values[0]), 6,
				 ink_rgb(series_ink(c, i)), 0);
	}

	for (i = 0; i < nm; i++) {
		const struct chart_marker *m = &c->markers[i];
		double p = isnan(m->value) && ns ? scurve_prob(&c->series[0], m->date) : m->value;
		double mx = dscale_at(&ds, m->date), my, tw, th = fh + 2;
		uint32_t rgb = ink_rgb(m->ink ? m->ink : CHART_INK_BLACK);
		struct placed q;
		int tries, left;

		if (isnan(p))
			p = 0;
		my = scale_at(&s, p);
		cx_line(x, a.x0, my, mx, my, rgb, 1.25, m->dashed ? 1 : 2);
		cx_line(x, mx, my, mx, a.y1, rgb, 1.25, m->dashed ? 1 : 2);
		cx_shape(x, SHAPE_CIRCLE, mx, my, 6, rgb, 0);

		fmt_date(date, sizeof(date), m->date);
		fmt_number(pct, sizeof(pct), p * 100, 0);
		snprintf(buf, sizeof(buf), "%s: %s (%s%%)", m->label, date, pct);
		tw = cx_text_width(x, FONT_SMALL, buf) + 4;
		left = a.x0 + 4 + tw <= mx - 4;
		if (left) {
			q.l = a.x0 + 4;
			q.b = my - 1;
		} else {
			q.l = fmin(mx + 6, a.x1 - tw);
			q.b = my + 2 + th;
		}
		q.r = q.l + tw;
		q.t = q.b - th;
		for (tries = 0; tries < 20 && overlaps(placed, np, &q); tries++) {
			double dy = left ? -th / 2 : th / 2;

			q.t += dy;
			q.b += dy;
		}
		placed[np++] = q;
		cx_chip(x, FONT_SMALL, buf, (q.l + q.r) / 2, (q.t + q.b) / 2,
			RGB_WHITE, RGB_TEXT, x->pw, x->ph);
	}
	cx_line(x, a.x0 - 0.5, a.y0, a.x0 - 0.5, a.y1 + 0.5, RGB_TEXT, 1.0, 0);
out:
	g_free(placed);
	g_free(e);
	return 0;
}
