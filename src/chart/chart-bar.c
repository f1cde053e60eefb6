/*
 * chart-bar.c - stacked bars over periods: how many programmes held each
 * delivery confidence rating in each period.
 *
 * Each segment carries its ink's colour and hatch and, where it is tall
 * enough, its count on a plain patch; the period's total sits on top of
 * the bar, so no count depends on reading a colour.
 */
#include "chart/chart-int.h"

#include <math.h>
#include <stdio.h>

int
chart_draw_bar(struct cx *x)
{
	const struct chart *c = x->c;
	struct legend_entry *e = g_new0(struct legend_entry, c->nseries + 1);
	struct xy a;
	struct scale s;
	struct cscale cs;
	double max = 0, bw, fh, tw;
	size_t i, k;
	char buf[64];

	for (i = 0; i < c->nseries; i++) {
		e[i].label = c->series[i].name;
		e[i].kind = LEG_BOX;
		e[i].ink = series_ink(c, i);
	}
	for (k = 0; k < c->ncategories; k++) {
		double total = 0;

		for (i = 0; i < c->nseries; i++)
			if (c->series[i].values[k] > 0)
				total += c->series[i].values[k];
		if (total > max)
			max = total;
	}
	/* an empty chart keeps its title but has nothing to key */
	if (cx_frame(x, e, max > 0 ? c->nseries : 0, "categories"))
		goto out;
	if (c->ncategories == 0 || c->nseries == 0 || max <= 0) {
		cx_no_data(x, c->ncategories == 0 ? "There are no periods to show." :
			   "Nothing was counted in these periods.");
		goto out;
	}
	fh = cx_font_height(x, FONT_SMALL);
	if (xy_vertical(x, &a, 1)) {
		cx_no_room(x);
		goto out;
	}
	a.y0 += fh;	/* room for the totals over the tallest bar */
	scale_fit(&s, 0, max, a.y1 - a.y0, 1);
	s.p0 = a.y1;
	s.p1 = a.y0;
	xy_horizontal(x, &a, scale_label_width(x, &s), 8);
	cscale_fit(x, &cs, a.x0, a.x1);
	xy_titles(x, &a);
	xy_value_axis(x, &a, &s);

	bw = fmin(cs.slot * 0.62, 72);
	for (k = 0; k < c->ncategories; k++) {
		double xl = cscale_at(&cs, k) - bw / 2, base = 0;
		double room = (cs.slot - bw) / 2 - 4, last_top = a.y1 + fh;

		for (i = 0; i < c->nseries; i++) {
			double v = c->series[i].values[k], yt, yb;
			enum chart_ink ink = series_ink(c, i);

			if (!(v > 0))
				continue;
			yb = scale_at(&s, base);
			yt = scale_at(&s, base + v);
			cx_fill_ink(x, ink, xl, yt, bw, yb - yt);
			base += v;
			/* a hairline of white between stacked segments */
			if (base > v)
				cx_line(x, xl, yb, xl + bw, yb, RGB_WHITE, 1.0, 0);
			fmt_number(buf, sizeof(buf), v, 0);
			if (cx_chip(x, FONT_SMALL, buf, xl + bw / 2, (yt + yb) / 2,
				    ink_rgb(ink), ink_text_rgb(ink), bw - 2, yb - yt - 1) == 0)
				continue;
			/*
			 * Too thin for its count: where the bars leave room, the
			 * count sits beside the bar on a leader, stepping up the
			 * side so that neighbours never overlap.
			 */
			tw = cx_text_width(x, FONT_SMALL, buf) + 4;
			if (room >= tw + 8) {
				double ly = fmin((yt + yb) / 2, last_top - fh / 2 - 1);

				cx_line(x, xl + bw, (yt + yb) / 2, xl + bw + 5, ly,
					RGB_SECONDARY, 0.75, 0);
				cx_chip(x, FONT_SMALL, buf, xl + bw + 6 + tw / 2, ly,
					ink_rgb(ink), ink_text_rgb(ink), tw, fh + 2);
				last_top = ly - fh / 2;
			}
		}
		fmt_number(buf, sizeof(buf), base, 0);
		if (cx_text_width(x, FONT_BOLD, buf) <= cs.slot - 2)
			cx_text(x, FONT_BOLD, buf, xl + bw / 2, scale_at(&s, base) - 2,
				HA_CENTRE, VA_BOTTOM, RGB_TEXT, 0);
	}
	cx_line(x, a.x0, a.y1 + 0.5, a.x1, a.y1 + 0.5, RGB_TEXT, 1.0, 0);
	xy_category_axis(x, &a, &cs);
out:
	g_free(e);
	return 0;
}
