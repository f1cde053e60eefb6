/*
 * chart-timeline.c - the look-forward: key milestones by quarter, one row
 * each, marked where their date falls and labelled with their status.
 *
 * Status is told three ways at once: colour, marker shape (a ticked
 * circle when achieved, a diamond on track, a triangle when late) and the
 * words beside the marker ("Late, 14 Sep 2018"). A late milestone also
 * shows its baseline as a hollow circle joined to the forecast.
 */
#include "chart/chart-int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"

/* How each status is drawn; its name is chart_status_name()'s (chart-text.c). */
static const struct {
	enum chart_ink ink;
	enum cx_shape shape;
} statuses[] = {
	[CHART_STATUS_NONE] = { CHART_INK_GREY, SHAPE_SQUARE },
	[CHART_STATUS_ACHIEVED] = { CHART_INK_DARK_BLUE, SHAPE_TICK_CIRCLE },
	[CHART_STATUS_ON_TRACK] = { CHART_INK_GREEN, SHAPE_DIAMOND },
	[CHART_STATUS_LATE] = { CHART_INK_RED, SHAPE_TRIANGLE },
};

void
timeline_window(const struct chart *c, int32_t *first, int *nq)
{
	int32_t m = c->first_month, last = 0;
	size_t i;

	if (m == MONTH_NONE) {
		int32_t lo = 0;

		for (i = 0; i < c->nitems; i++)
			if (lo == 0 || c->items[i].date < lo)
				lo = c->items[i].date;
		m = lo ? month_of_date(lo) : month_of_date(date_today());
	}
	m = fq_first_month(fy_of_month(m), fq_of_month(m));
	*first = m;
	if (c->quarters > 0) {
		*nq = c->quarters;
		return;
	}
	for (i = 0; i < c->nitems; i++)
		if (c->items[i].date > last)
			last = c->items[i].date;
	*nq = last ? (month_of_date(last) - m) / 3 + 1 : 4;
	if (*nq < 1)
		*nq = 1;
	if (*nq > 8)
		*nq = 8;
}

/*
 * A quarter's heading in one of three forms: style 0 "April to June
 * 2018", 1 "Apr–Jun 2018", 2 "Q1 2018/19".
 */
static void
quarter_name(int32_t m, int style, char *buf, size_t size)
{
	int y, mo, y2, mo2;
	char fy[16];

	month_to_ym(m, &y, &mo);
	month_to_ym(m + 2, &y2, &mo2);
	if (style == 0) {
		snprintf(buf, size, "%s %d", quarter_months_name(m), y);
	} else if (style == 1) {
		snprintf(buf, size, "%.3s\xe2\x80\x93%.3s %d", month_name(mo),
			 month_name(mo2), y2);
	} else {
		fy_label(fy_of_month(m), fy);
		snprintf(buf, size, "Q%d %s", fq_of_month(m), fy);
	}
}

/*
 * The fullest form of heading that fits every one of nq columns of the
 * given width: the columns read as one row, never "April to June 2018"
 * beside "Jul–Sep 2018".
 */
static int
quarter_style(struct cx *x, int32_t first, int nq, double width)
{
	char buf[64];
	int style = 0;

	for (int q = 0; q < nq; q++) {
		for (; style < 2; style++) {
			quarter_name(first + 3 * q, style, buf, sizeof(buf));
			if (cx_text_width(x, FONT_BOLD, buf) <= width - 6)
				break;
		}
	}
	return style;
}

int
chart_draw_timeline(struct cx *x)
{
	const struct chart *c = x->c;
	struct legend_entry e[8];
	size_t ne = 0, i, *ix = NULL, shown, rows_fit;
	int present[4] = { 0, 0, 0, 0 }, any_base = 0, nq, q, style;
	int32_t first, lo, hi;
	double head_h, row_h, nw = 0, tx0, tx1, bottom, y;
	char buf[128], date[32];

	memset(e, 0, sizeof(e));
	for (i = 0; i < c->nitems; i++) {
		present[c->items[i].status] = 1;
		if (c->items[i].baseline != DATE_NONE &&
		    c->items[i].baseline != c->items[i].date)
			any_base = 1;
	}
	for (q = 1; q <= 3; q++) {
		int st = q == 1 ? CHART_STATUS_ACHIEVED : q == 2 ?
			CHART_STATUS_ON_TRACK : CHART_STATUS_LATE;

		e[ne].label = chart_status_name(st);
		e[ne].kind = LEG_MARKER;
		e[ne].ink = statuses[st].ink;
		e[ne++].shape = statuses[st].shape;
	}
	if (present[CHART_STATUS_NONE]) {
		e[ne].label = chart_status_name(CHART_STATUS_NONE);
		e[ne].kind = LEG_MARKER;
		e[ne].ink = statuses[CHART_STATUS_NONE].ink;
		e[ne].shape = statuses[CHART_STATUS_NONE].shape;
		e[ne++].hollow = 1;
	}
	if (any_base) {
		e[ne].label = "Baseline date";
		e[ne].kind = LEG_MARKER;
		e[ne].ink = CHART_INK_GREY;
		e[ne].shape = SHAPE_CIRCLE;
		e[ne++].hollow = 1;
	}
	if (cx_frame(x, e, c->nitems ? ne : 0, NULL))
		goto out;
	if (c->nitems == 0) {
		cx_no_data(x, "There are no key milestones to look forward to.");
		goto out;
	}
	timeline_window(c, &first, &nq);
	lo = month_first_day(first);
	hi = month_first_day(first + 3 * nq);
	ix = timeline_sorted(c);

	head_h = cx_font_height(x, FONT_BOLD) + 10;
	row_h = fmax(cx_font_height(x, FONT_BODY), 12) + 8;
	bottom = x->py + x->ph;
	if (c->x_label)
		bottom -= cx_font_height(x, FONT_BODY) + 6;
	if (c->nmarkers)
		bottom -= cx_font_height(x, FONT_SMALL) + 4;
	for (i = 0; i < c->nitems; i++)
		nw = fmax(nw, cx_text_width(x, FONT_BODY, c->items[i].label));
	nw = fmin(fmax(nw + 14, 90), x->pw * 0.4);
	tx0 = x->px + nw;
	tx1 = x->px + x->pw;
	rows_fit = (size_t)fmax(0, floor((bottom - x->py - head_h) / row_h));
	if (rows_fit < 2 || tx1 - tx0 < 40) {
		cx_no_room(x);
		goto out;
	}
	shown = c->nitems <= rows_fit ? c->nitems : rows_fit - 1;
	/* a few milestones may take more room, up to half as much again */
	if (c->nitems <= rows_fit)
		row_h = fmin(row_h * 1.5, (bottom - x->py - head_h) / c->nitems);

	/* quarter columns, alternately shaded, and their headings */
	style = quarter_style(x, first, nq, (tx1 - tx0) / nq);
	for (q = 0; q < nq; q++) {
		double q0 = tx0 + (tx1 - tx0) * q / nq, q1 = tx0 + (tx1 - tx0) * (q + 1) / nq;

		if (q % 2 == 0) {
			cx_rgb(x, RGB_SHADE);
			cairo_rectangle(x->cr, q0, x->py, q1 - q0,
					head_h + row_h * (shown + (shown < c->nitems)));
			cx_fill(x);
		}
		quarter_name(first + 3 * q, style, buf, sizeof(buf));
		cx_text(x, FONT_BOLD, buf, (q0 + q1) / 2, x->py + head_h / 2,
			HA_CENTRE, VA_MIDDLE, RGB_TEXT, q1 - q0 - 4);
		if (q > 0)
			cx_line(x, q0, x->py, q0, x->py + head_h + row_h * (shown +
				(shown < c->nitems)), RGB_BORDER, 0.75, 0);
	}
	cx_text(x, FONT_BOLD, c->y_label ? c->y_label : "Key milestone", x->px,
		x->py + head_h / 2, HA_LEFT, VA_MIDDLE, RGB_TEXT, nw - 8);
	cx_line(x, x->px, x->py + head_h, tx1, x->py + head_h, RGB_TEXT, 1.0, 0);

	y = x->py + head_h;
	for (i = 0; i < shown; i++, y += row_h) {
		const struct chart_item *it = &c->items[ix[i]];
		double cy = y + row_h / 2, mx, bx = 0, tw;
		int out_left = it->date < lo, out_right = it->date >= hi;
		int has_base = it->baseline != DATE_NONE && it->baseline != it->date;
		uint32_t rgb = ink_rgb(statuses[it->status].ink);

		cx_text(x, FONT_BODY, it->label, x->px, cy, HA_LEFT, VA_MIDDLE,
			RGB_TEXT, nw - 10);
		cx_line(x, x->px, y + row_h, tx1, y + row_h, RGB_GRID, 0.5, 0);
		mx = tx0 + (tx1 - tx0) * (double)(it->date - lo) / (hi - lo);
		mx = fmin(fmax(mx, tx0 + 7), tx1 - 7);
		if (has_base) {
			bx = tx0 + (tx1 - tx0) * (double)(it->baseline - lo) / (hi - lo);
			bx = fmin(fmax(bx, tx0 + 7), tx1 - 7);
			/* both pinned to one edge: the baseline would only hide the marker */
			has_base = fabs(bx - mx) > 4;
		}
		if (has_base) {
			cx_line(x, bx, cy, mx, cy, ink_rgb(CHART_INK_GREY), 1.5, 0);
			cx_shape(x, SHAPE_CIRCLE, bx, cy, 8, ink_rgb(CHART_INK_GREY), 1);
		}
		cx_shape(x, statuses[it->status].shape, mx, cy, 11, rgb,
			 it->status == CHART_STATUS_NONE);
		fmt_date(date, sizeof(date), it->date);
		snprintf(buf, sizeof(buf), "%s%s, %s%s", out_left ? "\xe2\x97\x82 " : "",
			 chart_status_name(it->status), date, out_right ? " \xe2\x96\xb8" : "");
		tw = cx_text_width(x, FONT_SMALL, buf);
		/* words to the right of the marker, or to the left of all of it */
		/* on a white tag, so quarter lines and shading do not cross the words */
		if (mx + 9 + tw <= tx1 && !(has_base && bx > mx))
			cx_chip(x, FONT_SMALL, buf, mx + 9 + tw / 2, cy, RGB_WHITE,
				RGB_TEXT, x->pw, row_h);
		else
			cx_chip(x, FONT_SMALL, buf, fmin(mx, has_base ? bx : mx) - 9 - tw / 2,
				cy, RGB_WHITE, RGB_TEXT, x->pw, row_h);
	}
	if (shown < c->nitems) {
		snprintf(buf, sizeof(buf), "and %zu more milestones, not shown here",
			 c->nitems - shown);
		cx_text(x, FONT_BODY, buf, x->px, y + row_h / 2, HA_LEFT, VA_MIDDLE,
			RGB_SECONDARY, x->pw);
		y += row_h;
	}
	for (i = 0; i < c->nmarkers; i++) {
		const struct chart_marker *m = &c->markers[i];
		double mx;

		if (m->date < lo || m->date >= hi)
			continue;
		mx = tx0 + (tx1 - tx0) * (double)(m->date - lo) / (hi - lo);
		cx_line(x, mx, x->py + head_h, mx, y, ink_rgb(m->ink ? m->ink :
			CHART_INK_BLACK), 1.0, m->dashed ? 1 : 0);
		fmt_date(date, sizeof(date), m->date);
		snprintf(buf, sizeof(buf), "%s %s", m->label, date);
		cx_text(x, FONT_SMALL, buf, mx, y + 2, mx > (tx0 + tx1) / 2 ?
			HA_RIGHT : HA_LEFT, VA_TOP, RGB_TEXT, 0);
	}
	if (c->nmarkers)
		y += cx_font_height(x, FONT_SMALL) + 4;
	if (c->x_label)
		cx_text(x, FONT_BODY, c->x_label, (tx0 + tx1) / 2, y + 6,
			HA_CENTRE, VA_TOP, RGB_SECONDARY, x->pw);
out:
	free(ix);
	return 0;
}
