/*
 * chart-monthly.c - values by month: bars, lines and dashed lines on one
 * value axis. Two of folio's charts are this one with different data:
 * benefits (planned profile dashed, actuals solid, cumulative) and spend
 * (monthly actuals as bars, budget and forecast as cumulative lines, or
 * all three as lines).
 *
 * Series differ by line style and marker shape as well as colour, and a
 * marker such as "As at" is a labelled vertical line.
 */
#include "chart/chart-int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/date.h"

static int
is_bars(const struct chart_series *s)
{
	return s->style == CHART_STYLE_BARS;
}

static int
series_dash(const struct chart *c, size_t i)
{
	if (c->series[i].style == CHART_STYLE_DASHED)
		return 1;
	return c->series[i].ink == CHART_INK_AUTO ? auto_dash(i) : 0;
}

int
chart_draw_monthly(struct cx *x)
{
	const struct chart *c = x->c;
	size_t ns = c->nseries, nk = c->ncategories, i, k, ne = 0, nbars = 0, bar;
	struct legend_entry *e = g_new0(struct legend_entry, ns + c->nmarkers + 1);
	size_t *joins = NULL;
	double *v = monthly_values(c, &joins);
	double lo = 0, hi = 0, group, bw;
	int any = 0, show_markers = nk <= 24;
	struct xy a;
	struct scale s;
	struct cscale cs;
	char buf[128], date[32];

	for (i = 0; i < ns; i++) {
		e[ne].label = c->series[i].name;
		e[ne].ink = series_ink(c, i);
		if (is_bars(&c->series[i])) {
			e[ne++].kind = LEG_BOX;
			nbars++;
			continue;
		}
		e[ne].kind = LEG_LINE;
		e[ne].shape = show_markers ? auto_shape(i) : SHAPE_NONE;
		e[ne++].dash = series_dash(c, i);
	}
	for (i = 0; i < c->nmarkers; i++, ne++) {
		e[ne].label = c->markers[i].label;
		e[ne].kind = LEG_LINE;
		e[ne].ink = c->markers[i].ink ? c->markers[i].ink : CHART_INK_BLACK;
		e[ne].dash = c->markers[i].dashed ? 1 : 0;
	}
	for (i = 0; i < ns; i++) {
		for (k = 0; k < nk; k++) {
			double val = v[i * nk + k];

			if (isnan(val))
				continue;
			lo = any ? fmin(lo, val) : val;
			hi = any ? fmax(hi, val) : val;
			any = 1;
		}
	}
	if (cx_frame(x, e, any && nk ? ne : 0, "series"))
		goto out;
	if (!any || nk == 0) {
		cx_no_data(x, nk == 0 ? "There are no months to show." :
			   "No values have been recorded.");
		goto out;
	}
	if (xy_vertical(x, &a, 1)) {
		cx_no_room(x);
		goto out;
	}
	scale_fit(&s, lo, hi, a.y1 - a.y0, 0);
	s.p0 = a.y1;
	s.p1 = a.y0;
	xy_horizontal(x, &a, scale_label_width(x, &s), 10);
	cscale_fit(x, &cs, a.x0, a.x1);
	xy_titles(x, &a);
	xy_value_axis(x, &a, &s);

	group = cs.slot * (nbars > 1 ? 0.8 : 0.6);
	bw = nbars ? group / nbars : 0;
	for (i = 0, bar = 0; i < ns; i++) {
		enum chart_ink ink = series_ink(c, i);

		if (!is_bars(&c->series[i]))
			continue;
		for (k = 0; k < nk; k++) {
			double val = v[i * nk + k], y0, y1;
			double l = cscale_at(&cs, k) - group / 2 + bar * bw;

			if (isnan(val) || val == 0)
				continue;
			y0 = scale_at(&s, 0);
			y1 = scale_at(&s, val);
			cx_fill_ink(x, ink, l + (bw > 4 ? 0.5 : 0), fmin(y0, y1),
				    bw - (bw > 4 ? 1 : 0), fabs(y1 - y0));
		}
		bar++;
	}
	cx_line(x, a.x0, round(scale_at(&s, 0)) + 0.5, a.x1,
		round(scale_at(&s, 0)) + 0.5, RGB_TEXT, 1.0, 0);

	for (i = 0; i < ns; i++) {
		uint32_t rgb = ink_rgb(series_ink(c, i));
		int pen = 0, dash = series_dash(c, i);

		if (is_bars(&c->series[i]))
			continue;
		cx_save(x);
		cx_rgb(x, rgb);
		cairo_set_line_width(x->cr, 2.5);
		cx_dash(x, dash, 2.5);
		k = 0;
		if (joins[i] != (size_t)-1) {
			size_t j = (size_t)c->series[i].continues - 1;

			cairo_move_to(x->cr, cscale_at(&cs, joins[i]),
				      scale_at(&s, v[j * nk + joins[i]]));
			pen = 1;
			k = joins[i] + 1;
		}
		for (; k < nk; k++) {
			double val = v[i * nk + k];

			if (isnan(val)) {
				pen = 0;
				continue;
			}
			if (pen)
				cairo_line_to(x->cr, cscale_at(&cs, k), scale_at(&s, val));
			else
				cairo_move_to(x->cr, cscale_at(&cs, k), scale_at(&s, val));
			pen = 1;
		}
		cx_stroke(x);
		cx_restore(x);
		for (k = 0; k < nk; k++) {
			double val = v[i * nk + k];
			int lonely = (k == 0 || isnan(v[i * nk + k - 1])) &&
				(k + 1 == nk || isnan(v[i * nk + k + 1]));

			if (isnan(val) || !(show_markers || lonely))
				continue;
			cx_shape(x, show_markers ? auto_shape(i) : SHAPE_CIRCLE,
				 cscale_at(&cs, k), scale_at(&s, val), 7, rgb, 0);
		}
	}
	for (i = 0; i < c->nmarkers; i++) {
		const struct chart_marker *m = &c->markers[i];
		double mx = cscale_date(c, &cs, m->date);
		uint32_t rgb = ink_rgb(m->ink ? m->ink : CHART_INK_BLACK);

		if (mx < a.x0 || mx > a.x1)
			continue;
		cx_line(x, mx, a.y0, mx, a.y1, rgb, 1.25, m->dashed ? 1 : 0);
		fmt_date(date, sizeof(date), m->date);
		snprintf(buf, sizeof(buf), "%s %s", m->label, date);
		/* the label hangs beside the line's top, on the side with room */
		if (mx + 4 + cx_text_width(x, FONT_SMALL, buf) <= a.x1)
			cx_chip(x, FONT_SMALL, buf, mx + 4 + cx_text_width(x, FONT_SMALL, buf) / 2 + 2,
				a.y0 + cx_font_height(x, FONT_SMALL) / 2 + 1,
				RGB_WHITE, RGB_TEXT, x->pw, x->ph);
		else
			cx_chip(x, FONT_SMALL, buf, mx - 4 - cx_text_width(x, FONT_SMALL, buf) / 2 - 2,
				a.y0 + cx_font_height(x, FONT_SMALL) / 2 + 1,
				RGB_WHITE, RGB_TEXT, x->pw, x->ph);
	}
	xy_category_axis(x, &a, &cs);
out:
	free(joins);
	free(v);
	g_free(e);
	return 0;
}
