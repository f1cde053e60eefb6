/*
 * chart-draw.c - the drawing kit the chart types share: inks and
 * hatches, marker shapes, text through pango, numbers and dates, axes,
 * the key and the frame.
 *
 * Sizes are in points of the chart's box. Text sizes are absolute, so a
 * chart reads the same in a PNG, an SVG and a PDF.
 */
#include "chart/chart-int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/date.h"

enum hatch {
	H_NONE,
	H_DIAG_UP,	/* / */
	H_DIAG_DOWN,	/* \ */
	H_CROSS,
	H_VERT,
	H_HORIZ,
	H_DOTS
};

/*
 * GOV.UK colours. The DCA scale runs dark green, olive, yellow, orange,
 * red, so it also steps in lightness; the hatches carry it where colour
 * does not. Risk bands use the light GOV.UK tag tints so that counts in
 * dark text stay readable on them. Their names are chart_ink_name()'s
 * (chart-text.c).
 */
static const struct ink_def {
	uint32_t rgb;
	uint32_t text;		/* text on the ink */
	uint32_t hatch_rgb;
	double hatch_alpha;
	enum hatch hatch;
} inks[CHART_INK_COUNT_] = {
	[CHART_INK_AUTO] = { 0x12436d, 0xffffff, 0, 0, H_NONE },
	[CHART_INK_GREEN] = { 0x00703c, 0xffffff, 0, 0, H_NONE },
	[CHART_INK_AMBER_GREEN] = { 0x85994b, 0x0b0c0c,
		0xffffff, 0.75, H_DIAG_UP },
	[CHART_INK_AMBER] = { 0xffdd00, 0x0b0c0c, 0x0b0c0c, 0.45, H_DOTS },
	[CHART_INK_AMBER_RED] = { 0xf47738, 0x0b0c0c,
		0x0b0c0c, 0.4, H_DIAG_DOWN },
	[CHART_INK_RED] = { 0xd4351c, 0xffffff, 0xffffff, 0.6, H_CROSS },
	[CHART_INK_EXEMPT] = { 0x505a5f, 0xffffff, 0xffffff, 0.45, H_VERT },
	[CHART_INK_NOT_ASSESSED] = { 0xd8dadb, 0x0b0c0c,
		0x505a5f, 0.6, H_HORIZ },
	[CHART_INK_BAND_LOW] = { 0xcce2d8, 0x005a30, 0, 0, H_NONE },
	[CHART_INK_BAND_MEDIUM] = { 0xfff7bf, 0x594d00, 0x594d00, 0.35, H_DOTS },
	[CHART_INK_BAND_ELEVATED] = { 0xfcd6c3, 0x6e3619, 0x6e3619, 0.3, H_DIAG_DOWN },
	[CHART_INK_BAND_HIGH] = { 0xf4cdc6, 0x942514, 0x942514, 0.3, H_DIAG_UP },
	[CHART_INK_BLUE] = { 0x1d70b8, 0xffffff, 0, 0, H_NONE },
	[CHART_INK_DARK_BLUE] = { 0x12436d, 0xffffff, 0, 0, H_NONE },
	[CHART_INK_TURQUOISE] = { 0x28a197, 0x0b0c0c, 0, 0, H_NONE },
	[CHART_INK_PINK] = { 0x801650, 0xffffff, 0, 0, H_NONE },
	[CHART_INK_ORANGE] = { 0xf46a25, 0x0b0c0c, 0, 0, H_NONE },
	[CHART_INK_PURPLE] = { 0xa285d1, 0x0b0c0c, 0, 0, H_NONE },
	[CHART_INK_GREY] = { 0x3d3d3d, 0xffffff, 0, 0, H_NONE },
	[CHART_INK_BLACK] = { 0x0b0c0c, 0xffffff, 0, 0, H_NONE },
};

/* The Analysis Function's categorical palette, in its order. */
static const enum chart_ink auto_inks[] = {
	CHART_INK_DARK_BLUE, CHART_INK_TURQUOISE, CHART_INK_PINK,
	CHART_INK_ORANGE, CHART_INK_GREY, CHART_INK_PURPLE
};
#define NAUTO (sizeof(auto_inks) / sizeof(auto_inks[0]))

static const enum cx_shape auto_shapes[] = {
	SHAPE_CIRCLE, SHAPE_SQUARE, SHAPE_TRIANGLE, SHAPE_DIAMOND,
	SHAPE_TRIANGLE_DOWN
};
#define NSHAPES (sizeof(auto_shapes) / sizeof(auto_shapes[0]))

uint32_t
ink_rgb(enum chart_ink ink)
{
	return (unsigned)ink < CHART_INK_COUNT_ ? inks[ink].rgb : RGB_TEXT;
}

uint32_t
ink_text_rgb(enum chart_ink ink)
{
	return (unsigned)ink < CHART_INK_COUNT_ ? inks[ink].text : RGB_WHITE;
}

enum chart_ink
auto_ink(size_t i)
{
	return auto_inks[i % NAUTO];
}

enum cx_shape
auto_shape(size_t i)
{
	return auto_shapes[i % NSHAPES];
}

int
auto_dash(size_t i)
{
	return (int)((i / NAUTO) % 3);
}

enum chart_ink
series_ink(const struct chart *c, size_t i)
{
	enum chart_ink ink = c->series[i].ink;

	return ink == CHART_INK_AUTO ? auto_ink(i) : ink;
}

void
cx_fill(struct cx *x)
{
	if (x->svg)
		svgw_fill(x->svg, x->cr, 0);
	else
		cairo_fill(x->cr);
}

void
cx_fill_preserve(struct cx *x)
{
	if (x->svg)
		svgw_fill(x->svg, x->cr, 1);
	else
		cairo_fill_preserve(x->cr);
}

void
cx_stroke(struct cx *x)
{
	if (x->svg)
		svgw_stroke(x->svg, x->cr);
	else
		cairo_stroke(x->cr);
}

void
cx_clip(struct cx *x)
{
	if (x->svg)
		svgw_clip(x->svg, x->cr);
	else
		cairo_clip(x->cr);
}

void
cx_save(struct cx *x)
{
	cairo_save(x->cr);
	if (x->svg)
		svgw_save(x->svg);
}

void
cx_restore(struct cx *x)
{
	cairo_restore(x->cr);
	if (x->svg)
		svgw_restore(x->svg);
}

void
cx_rgb(struct cx *x, uint32_t rgb)
{
	cx_rgba(x, rgb, 1.0);
}

void
cx_rgba(struct cx *x, uint32_t rgb, double alpha)
{
	double r = ((rgb >> 16) & 0xff) / 255.0;
	double g = ((rgb >> 8) & 0xff) / 255.0;
	double b = (rgb & 0xff) / 255.0;

	if (alpha >= 1.0)
		cairo_set_source_rgb(x->cr, r, g, b);
	else
		cairo_set_source_rgba(x->cr, r, g, b, alpha);
}

/*
 * Hatch lines are drawn as clipped vectors, so they stay crisp in PDF and
 * SVG at any zoom. They sit on a grid fixed to the chart, not to each
 * shape, so adjacent shapes of the same ink join up seamlessly. (A
 * repeating pattern made from a recording surface would be smaller in
 * SVG, but cairo 1.16's SVG surface leaks the snapshots it takes of such
 * patterns.)
 */
static void
hatch(struct cx *x, enum hatch h, double l, double t, double w, double hh)
{
	const double s = 5.0;
	cairo_t *cr = x->cr;
	double k, k1;

	if (h == H_NONE || w <= 0 || hh <= 0)
		return;
	cx_save(x);
	cairo_rectangle(cr, l, t, w, hh);
	cx_clip(x);
	cairo_set_line_width(cr, 1.0);
	cairo_set_dash(cr, NULL, 0, 0);
	if (h == H_DIAG_UP || h == H_CROSS) {
		k1 = floor((l + w + t + hh) / s);
		for (k = ceil((l + t) / s) - 1; k <= k1 + 1; k++) {
			cairo_move_to(cr, k * s - t - hh, t + hh);
			cairo_line_to(cr, k * s - t, t);
		}
	}
	if (h == H_DIAG_DOWN || h == H_CROSS) {
		k1 = floor((l + w - t) / s);
		for (k = ceil((l - t - hh) / s) - 1; k <= k1 + 1; k++) {
			cairo_move_to(cr, k * s + t, t);
			cairo_line_to(cr, k * s + t + hh, t + hh);
		}
	}
	if (h == H_VERT) {
		for (k = ceil(l / s); k * s <= l + w; k++) {
			cairo_move_to(cr, k * s, t);
			cairo_line_to(cr, k * s, t + hh);
		}
	}
	if (h == H_HORIZ) {
		for (k = ceil(t / s); k * s <= t + hh; k++) {
			cairo_move_to(cr, l, k * s);
			cairo_line_to(cr, l + w, k * s);
		}
	}
	cx_stroke(x);
	if (h == H_DOTS) {
		/*
		 * Dots are zero-length dashes with round caps along each row:
		 * one short path per row rather than an arc per dot, which
		 * keeps an SVG heat map small.
		 */
		double dash[2] = { 0, s }, j;

		cairo_set_line_width(cr, 1.7);
		cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
		cairo_set_dash(cr, dash, 2, 0);
		/* the dashes start afresh on each row (sub-path) */
		for (j = floor(t / s); j * s <= t + hh + s; j++) {
			double x0 = (floor(l / s) - 1) * s + fmod(fabs(j), 2.0) * s / 2;

			cairo_move_to(cr, x0, j * s);
			cairo_line_to(cr, l + w + s, j * s);
		}
		cx_stroke(x);
	}
	cx_restore(x);
}

void
cx_fill_ink(struct cx *x, enum chart_ink ink, double l, double t, double w,
	    double h)
{
	const struct ink_def *d;

	if ((unsigned)ink >= CHART_INK_COUNT_)
		ink = CHART_INK_BLACK;
	d = &inks[ink];
	if (w <= 0 || h <= 0)
		return;
	cx_rgb(x, d->rgb);
	cairo_rectangle(x->cr, l, t, w, h);
	cx_fill(x);
	if (d->hatch != H_NONE) {
		cx_rgba(x, d->hatch_rgb, d->hatch_alpha);
		hatch(x, d->hatch, l, t, w, h);
	}
}

void
cx_dash(struct cx *x, int dash, double width)
{
	double d[2];

	if (dash == 1) {
		d[0] = 4 * width;
		d[1] = 2.5 * width;
		cairo_set_dash(x->cr, d, 2, 0);
	} else if (dash == 2) {
		/* dots: zero-length dashes with round caps */
		cairo_set_line_cap(x->cr, CAIRO_LINE_CAP_ROUND);
		d[0] = 0.01;
		d[1] = 2.2 * width;
		cairo_set_dash(x->cr, d, 2, 0);
	} else {
		cairo_set_dash(x->cr, NULL, 0, 0);
	}
}

void
cx_line(struct cx *x, double x0, double y0, double x1, double y1,
	uint32_t rgb, double width, int dash)
{
	cx_save(x);
	cx_rgb(x, rgb);
	cairo_set_line_width(x->cr, width);
	cx_dash(x, dash, width);
	cairo_move_to(x->cr, x0, y0);
	cairo_line_to(x->cr, x1, y1);
	cx_stroke(x);
	cx_restore(x);
}

static void
shape_path(cairo_t *cr, enum cx_shape shape, double cx_, double cy, double r)
{
	switch (shape) {
	case SHAPE_SQUARE:
		r *= 0.85;
		cairo_rectangle(cr, cx_ - r, cy - r, 2 * r, 2 * r);
		break;
	case SHAPE_TRIANGLE:
		r *= 1.15;
		cairo_move_to(cr, cx_, cy - r);
		cairo_line_to(cr, cx_ + r * 0.866, cy + r * 0.5);
		cairo_line_to(cr, cx_ - r * 0.866, cy + r * 0.5);
		cairo_close_path(cr);
		break;
	case SHAPE_TRIANGLE_DOWN:
		r *= 1.15;
		cairo_move_to(cr, cx_, cy + r);
		cairo_line_to(cr, cx_ + r * 0.866, cy - r * 0.5);
		cairo_line_to(cr, cx_ - r * 0.866, cy - r * 0.5);
		cairo_close_path(cr);
		break;
	case SHAPE_DIAMOND:
		r *= 1.2;
		cairo_move_to(cr, cx_, cy - r);
		cairo_line_to(cr, cx_ + r, cy);
		cairo_line_to(cr, cx_, cy + r);
		cairo_line_to(cr, cx_ - r, cy);
		cairo_close_path(cr);
		break;
	case SHAPE_NONE:
		break;
	case SHAPE_CIRCLE:
	case SHAPE_TICK_CIRCLE:
	default:
		cairo_new_sub_path(cr);
		cairo_arc(cr, cx_, cy, r, 0, 2 * M_PI);
		break;
	}
}

void
cx_shape(struct cx *x, enum cx_shape shape, double cx_, double cy,
	 double size, uint32_t rgb, int hollow)
{
	cairo_t *cr = x->cr;
	double r = size / 2;

	if (shape == SHAPE_NONE)
		return;
	cx_save(x);
	cairo_set_dash(cr, NULL, 0, 0);
	shape_path(cr, shape, cx_, cy, r);
	if (hollow) {
		cx_rgb(x, RGB_WHITE);
		cx_fill_preserve(x);
		cx_rgb(x, rgb);
		cairo_set_line_width(cr, 1.5);
		cx_stroke(x);
	} else {
		cx_rgb(x, rgb);
		cx_fill_preserve(x);
		/* a white rim keeps overlapping markers apart */
		cx_rgb(x, RGB_WHITE);
		cairo_set_line_width(cr, 0.75);
		cx_stroke(x);
	}
	if (shape == SHAPE_TICK_CIRCLE) {
		cx_rgb(x, hollow ? rgb : RGB_WHITE);
		cairo_set_line_width(cr, r * 0.3);
		cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
		cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
		cairo_move_to(cr, cx_ - r * 0.45, cy + r * 0.02);
		cairo_line_to(cr, cx_ - r * 0.1, cy + r * 0.38);
		cairo_line_to(cr, cx_ + r * 0.48, cy - r * 0.35);
		cx_stroke(x);
	}
	cx_restore(x);
}

void
cx_run_make(struct cx *x, struct cx_run *t, enum cx_font f, const char *text,
	    double width, int lines, int centre)
{
	int wrap = width > 0, pw = wrap ? (int)(width * PANGO_SCALE) : -1;
	PangoLayout *l;
	char *key = NULL;

	memset(t, 0, sizeof(*t));
	if (!wrap)
		lines = 0;
	if (x->svg) {
		key = g_strdup_printf("%d %d %d %d %s", (int)f, pw, lines, centre,
				      text ? text : "");
		if ((t->svg = svgw_run_find(key)) != NULL) {
			svgw_run_size(t->svg, &t->w, &t->h);
			g_free(key);
			return;
		}
	}
	l = pango_layout_new(x->pc);
	pango_layout_set_font_description(l, x->font[f]);
	pango_layout_set_text(l, text ? text : "", -1);
	if (wrap) {
		pango_layout_set_width(l, pw);
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
		pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
		pango_layout_set_height(l, lines > 0 ? -lines : -1);
	}
	if (centre)
		pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
	if (x->svg) {
		t->svg = svgw_run_keep(key, x->cr, l);
		svgw_run_size(t->svg, &t->w, &t->h);
		g_object_unref(l);
		g_free(key);
		return;
	}
	{
		PangoRectangle ink, logical;

		pango_layout_get_extents(l, &ink, &logical);
		t->w = (double)logical.width / PANGO_SCALE;
		t->h = (double)logical.height / PANGO_SCALE;
	}
	t->layout = l;
}

void
cx_run_show(struct cx *x, const struct cx_run *t, double left, double top,
	    uint32_t rgb)
{
	if (t->svg) {
		svgw_run_show(x->svg, t->svg, left, top, rgb);
		return;
	}
	cx_rgb(x, rgb);
	cairo_move_to(x->cr, left, top);
	pango_cairo_show_layout(x->cr, t->layout);
}

void
cx_run_release(struct cx_run *t)
{
	if (t->layout)
		g_object_unref(t->layout);
	if (t->svg)
		svgw_run_unref(t->svg);
	memset(t, 0, sizeof(*t));
}

double
cx_text(struct cx *x, enum cx_font f, const char *text, double ax, double ay,
	enum cx_halign ha, enum cx_valign va, uint32_t rgb, double width)
{
	struct cx_run t;
	double w;

	if (text == NULL || *text == '\0')
		return 0;
	cx_run_make(x, &t, f, text, width > 0 ? width : -1, 1, 0);
	w = t.w;
	if (ha == HA_CENTRE)
		ax -= t.w / 2;
	else if (ha == HA_RIGHT)
		ax -= t.w;
	if (va == VA_MIDDLE)
		ay -= t.h / 2;
	else if (va == VA_BOTTOM)
		ay -= t.h;
	cx_run_show(x, &t, ax, ay, rgb);
	cx_run_release(&t);
	return w;
}

int
cx_chip(struct cx *x, enum cx_font f, const char *text, double cx_, double cy,
	uint32_t bg, uint32_t fg, double maxw, double maxh)
{
	struct cx_run t;
	double w, h, pw, ph, r = 2;
	int rc = -1;

	cx_run_make(x, &t, f, text, -1, 1, 0);
	w = t.w;
	h = t.h;
	pw = w + 4;
	ph = h;
	if (pw <= maxw && ph <= maxh) {
		double l0 = cx_ - pw / 2, t0 = cy - ph / 2;

		cairo_new_sub_path(x->cr);
		cairo_arc(x->cr, l0 + pw - r, t0 + r, r, -M_PI / 2, 0);
		cairo_arc(x->cr, l0 + pw - r, t0 + ph - r, r, 0, M_PI / 2);
		cairo_arc(x->cr, l0 + r, t0 + ph - r, r, M_PI / 2, M_PI);
		cairo_arc(x->cr, l0 + r, t0 + r, r, M_PI, 3 * M_PI / 2);
		cairo_close_path(x->cr);
		cx_rgb(x, bg);
		cx_fill(x);
		cx_run_show(x, &t, cx_ - w / 2, cy - h / 2, fg);
		rc = 0;
	}
	cx_run_release(&t);
	return rc;
}

double
cx_text_width(struct cx *x, enum cx_font f, const char *text)
{
	struct cx_run t;
	double w;

	cx_run_make(x, &t, f, text, -1, 1, 0);
	w = t.w;
	cx_run_release(&t);
	return w;
}

double
cx_font_height(struct cx *x, enum cx_font f)
{
	if (x->font_h[f] == 0) {
		struct cx_run t;

		cx_run_make(x, &t, f, "Ag", -1, 1, 0);
		x->font_h[f] = t.h;
		cx_run_release(&t);
	}
	return x->font_h[f];
}

/* Axes */

void
scale_fit(struct scale *s, double lo, double hi, double length, int integral)
{
	/* 1, 2, 5: "£0.25m" steps read worse than a tick fewer */
	static const double nice[] = { 1, 2, 5, 10 };
	double target, raw, mag, step = 1, span, big;
	size_t i;
	int d;

	if (!isfinite(lo) || !isfinite(hi)) {
		lo = 0;
		hi = 1;
	}
	if (lo > 0)
		lo = 0;
	if (hi < 0)
		hi = 0;
	if (hi - lo < 1e-9)
		hi = lo + (integral ? 4 : 1);
	span = hi - lo;
	target = floor(length / 36);
	if (target < 2)
		target = 2;
	if (target > 8)
		target = 8;
	raw = span / target;
	mag = pow(10, floor(log10(raw)));
	for (i = 0; i < sizeof(nice) / sizeof(nice[0]); i++) {
		step = nice[i] * mag;
		if (span / step <= target + 1e-9)
			break;
	}
	if (integral && step < 1)
		step = 1;
	s->step = step;
	s->lo = floor(lo / step + 1e-9) * step;
	s->hi = ceil(hi / step - 1e-9) * step;
	if (s->hi - s->lo < step)
		s->hi = s->lo + step;
	big = fmax(fabs(s->lo), fabs(s->hi));
	s->millions = big >= 1e6 && step >= 1e5;
	if (s->millions)
		step /= 1e6;
	for (d = 0; d < 6; d++) {
		double m = step * pow(10, d);

		if (fabs(m - round(m)) < 1e-6)
			break;
	}
	s->decimals = d;
	s->percent = 0;
}

double
scale_at(const struct scale *s, double v)
{
	if (s->hi == s->lo)
		return s->p0;
	return s->p0 + (v - s->lo) / (s->hi - s->lo) * (s->p1 - s->p0);
}

void
scale_label(const struct chart *c, const struct scale *s, double v,
	    char *buf, size_t size)
{
	char num[96];

	if (s->percent) {
		fmt_number(num, sizeof(num), v * 100, s->decimals);
		snprintf(buf, size, "%s%%", num);
	} else if (s->millions && fabs(v) > 1e-9) {
		/* "£1.5m", and any unit after it: "£1.5m a year" */
		fmt_number(num, sizeof(num), fabs(v) / 1e6, s->decimals);
		snprintf(buf, size, "%s%s%sm%s", v < 0 ? MINUS : "",
			 c->value_prefix ? c->value_prefix : "", num,
			 c->value_suffix ? c->value_suffix : "");
	} else {
		/* zero is "£0" whatever the other ticks' decimals */
		fmt_value(c, buf, size, fabs(v) < 1e-9 ? 0 : v,
			  fabs(v) < 1e-9 ? 0 : s->decimals);
	}
}

double
scale_label_width(struct cx *x, const struct scale *s)
{
	double w = 0, v;
	char buf[128];

	for (v = s->lo; v <= s->hi + s->step / 2; v += s->step) {
		double tw;

		scale_label(x->c, s, v, buf, sizeof(buf));
		tw = cx_text_width(x, FONT_SMALL, buf);
		if (tw > w)
			w = tw;
	}
	return w;
}

/* Month numbers of April fall on 4 mod 12: ticks line up with financial years. */
static int32_t
tick_floor(int32_t m, int step)
{
	int32_t r = ((m - 4) % step + step) % step;

	return m - r;
}

void
dscale_fit(struct cx *x, struct dscale *s, int32_t lo, int32_t hi, double p0,
	   double p1, int vertical)
{
	static const int steps[] = { 1, 2, 3, 6, 12, 24, 36, 60, 120, 240 };
	int32_t mlo, mhi;
	double label_w, maxticks;
	size_t i;
	int step = 240;

	if (hi < lo) {
		int32_t t = lo;

		lo = hi;
		hi = t;
	}
	mlo = month_of_date(lo);
	mhi = month_of_date(hi) + 1;
	label_w = vertical ? cx_font_height(x, FONT_SMALL) * 2.2 :
		cx_text_width(x, FONT_SMALL, "Sep 2018") + 10;
	maxticks = fabs(p1 - p0) / label_w;
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		int32_t a = tick_floor(mlo, steps[i]);
		int32_t b = tick_floor(mhi + steps[i] - 1, steps[i]);

		if ((b - a) / steps[i] + 1 <= maxticks) {
			step = steps[i];
			break;
		}
	}
	if (step >= 3 && !vertical) {
		mlo = tick_floor(mlo, step);
		mhi = tick_floor(mhi + step - 1, step);
	}
	s->lo = month_first_day(mlo);
	s->hi = month_first_day(mhi);
	s->step = step;
	s->p0 = p0;
	s->p1 = p1;
}

double
dscale_at(const struct dscale *s, int32_t date)
{
	if (s->hi == s->lo)
		return s->p0;
	return s->p0 + (double)(date - s->lo) / (s->hi - s->lo) * (s->p1 - s->p0);
}

static int
months_consecutive(const struct chart *c)
{
	size_t i;

	for (i = 0; i < c->ncategories; i++) {
		if (c->categories[i].month == MONTH_NONE)
			return 0;
		if (i > 0 && c->categories[i].month != c->categories[i - 1].month + 1)
			return 0;
	}
	return c->ncategories > 0;
}

void
cscale_fit(struct cx *x, struct cscale *s, double p0, double p1)
{
	static const size_t steps[] = { 1, 2, 3, 4, 6, 12, 24, 48, 96, 192 };
	const struct chart *c = x->c;
	double maxw = 0;
	size_t i;
	char buf[64];

	s->n = c->ncategories;
	s->p0 = p0;
	s->slot = s->n ? (p1 - p0) / s->n : (p1 - p0);
	for (i = 0; i < s->n; i++) {
		double w = cx_text_width(x, FONT_SMALL,
					 category_label(c, i, buf, sizeof(buf)));

		if (w > maxw)
			maxw = w;
	}
	s->label_step = steps[sizeof(steps) / sizeof(steps[0]) - 1];
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		if (s->slot * steps[i] >= maxw + 8) {
			s->label_step = steps[i];
			break;
		}
	}
	/* labelling every fourth month would skip the quarters */
	if (s->label_step == 4 && months_consecutive(c))
		s->label_step = 6;
}

double
cscale_at(const struct cscale *s, size_t i)
{
	return s->p0 + s->slot * ((double)i + 0.5);
}

double
cscale_date(const struct chart *c, const struct cscale *s, int32_t date)
{
	int32_t m = month_of_date(date), first;
	double frac;
	size_t i;

	frac = (double)(date - month_first_day(m)) /
		(month_last_day(m) - month_first_day(m) + 1);
	for (i = 0; i < c->ncategories; i++)
		if (c->categories[i].month == m)
			return s->p0 + s->slot * ((double)i + frac);
	/* not a category: count months from the first */
	first = c->ncategories ? c->categories[0].month : m;
	if (first == MONTH_NONE)
		return s->p0;
	return s->p0 + s->slot * ((double)(m - first) + frac);
}

static int
category_labelled(const struct chart *c, const struct cscale *s, size_t i)
{
	size_t st = s->label_step;

	if (st <= 1)
		return 1;
	if (st >= 2 && months_consecutive(c) && 12 % st == 0) {
		int32_t m = c->categories[i].month;

		return ((m - 4) % (int32_t)st + (int32_t)st) % (int32_t)st == 0;
	}
	return i % st == 0;
}

int
xy_vertical(struct cx *x, struct xy *a, int xtick_lines)
{
	const struct chart *c = x->c;

	a->y0 = x->py + cx_font_height(x, FONT_SMALL) / 2;
	if (c->y_label)
		a->y0 += cx_font_height(x, FONT_BODY) + 6;
	a->y1 = x->py + x->ph - xtick_lines * cx_font_height(x, FONT_SMALL) - 8;
	if (c->x_label)
		a->y1 -= cx_font_height(x, FONT_BODY) + 4;
	if (a->y1 < a->y0 + 24) {
		a->y1 = a->y0 + 24;
		return -1;
	}
	return 0;
}

void
xy_horizontal(struct cx *x, struct xy *a, double ytick_w, double right_pad)
{
	a->x0 = x->px + ytick_w + (ytick_w > 0 ? 8 : 0);
	a->x1 = x->px + x->pw - right_pad;
	if (a->x1 < a->x0 + 10)
		a->x1 = a->x0 + 10;
}

void
xy_titles(struct cx *x, const struct xy *a)
{
	const struct chart *c = x->c;

	if (c->y_label)
		cx_text(x, FONT_BODY, c->y_label, x->px, x->py, HA_LEFT, VA_TOP,
			RGB_SECONDARY, x->pw);
	if (c->x_label)
		cx_text(x, FONT_BODY, c->x_label, (a->x0 + a->x1) / 2,
			x->py + x->ph, HA_CENTRE, VA_BOTTOM, RGB_SECONDARY,
			x->pw);
}

void
xy_value_axis(struct cx *x, const struct xy *a, const struct scale *s)
{
	double v;
	char buf[128];

	for (v = s->lo; v <= s->hi + s->step / 2; v += s->step) {
		double y = round(scale_at(s, v)) + 0.25;

		if (fabs(v) > s->step / 1e6)
			cx_line(x, a->x0, y, a->x1, y, RGB_GRID, 0.75, 0);
		scale_label(x->c, s, v, buf, sizeof(buf));
		cx_text(x, FONT_SMALL, buf, a->x0 - 6, y, HA_RIGHT, VA_MIDDLE,
			RGB_SECONDARY, 0);
	}
}

void
xy_category_axis(struct cx *x, const struct xy *a, const struct cscale *s)
{
	size_t i;
	char buf[64];

	for (i = 0; i < s->n; i++) {
		double cxp = cscale_at(s, i);

		if (!category_labelled(x->c, s, i))
			continue;
		cx_line(x, cxp, a->y1, cxp, a->y1 + 4, RGB_TEXT, 0.75, 0);
		cx_text(x, FONT_SMALL, category_label(x->c, i, buf, sizeof(buf)),
			cxp, a->y1 + 6, HA_CENTRE, VA_TOP, RGB_TEXT,
			s->slot * s->label_step - 4);
	}
}

void
xy_date_axis(struct cx *x, const struct xy *a, const struct dscale *s,
	     int grid)
{
	int32_t m = month_of_date(s->lo), end = month_of_date(s->hi);
	char buf[32];

	m = tick_floor(m, s->step);
	for (; m <= end; m += s->step) {
		int32_t d = month_first_day(m);
		double px_;

		if (d < s->lo || d > s->hi)
			continue;
		px_ = dscale_at(s, d);
		if (grid)
			cx_line(x, px_, a->y0, px_, a->y1, RGB_GRID, 0.75, 0);
		cx_line(x, px_, a->y1, px_, a->y1 + 4, RGB_TEXT, 0.75, 0);
		fmt_month(buf, sizeof(buf), m);
		cx_text(x, FONT_SMALL, buf, px_, a->y1 + 6, HA_CENTRE, VA_TOP,
			RGB_TEXT, 0);
	}
}

void
xy_date_value_axis(struct cx *x, const struct xy *a, const struct dscale *s)
{
	int32_t m = month_of_date(s->lo), end = month_of_date(s->hi);
	char buf[32];

	m = tick_floor(m, s->step);
	for (; m <= end; m += s->step) {
		int32_t d = month_first_day(m);
		double py_;

		if (d < s->lo || d > s->hi)
			continue;
		py_ = round(dscale_at(s, d)) + 0.25;
		cx_line(x, a->x0, py_, a->x1, py_, RGB_GRID, 0.75, 0);
		fmt_month(buf, sizeof(buf), m);
		cx_text(x, FONT_SMALL, buf, a->x0 - 6, py_, HA_RIGHT, VA_MIDDLE,
			RGB_SECONDARY, 0);
	}
}

/* The key */

#define SWATCH 13.0
#define LINE_SWATCH 24.0
#define KEY_GAP 16.0
#define KEY_ROWS 3

static double
entry_swatch_w(struct cx *x, const struct legend_entry *e)
{
	switch (e->kind) {
	case LEG_LINE:
		return LINE_SWATCH;
	case LEG_SAMPLE:
		return cx_text_width(x, FONT_BOLD, e->sample ? e->sample : "");
	case LEG_BOX:
	case LEG_MARKER:
	default:
		return SWATCH;
	}
}

static double
entry_width(struct cx *x, const struct legend_entry *e, double maxw)
{
	double w = entry_swatch_w(x, e) + 5 + cx_text_width(x, FONT_BODY, e->label);

	return w > maxw ? maxw : w;
}

/*
 * Place entries 0..k-1, of widths ew[], and, if more is set, the "and N
 * more" text, in rows of width. Returns the number of rows.
 */
static int
key_rows(struct cx *x, const double *ew, size_t k, const char *more,
	 double width, double *xs, int *rows)
{
	double cur = 0;
	int row = 0;
	size_t i;

	for (i = 0; i <= k; i++) {
		double w;

		if (i == k) {
			if (!more)
				break;
			w = cx_text_width(x, FONT_BODY, more);
		} else {
			w = ew[i];
		}
		if (cur > 0 && cur + w > width) {
			row++;
			cur = 0;
		}
		if (xs && i < k) {
			xs[i] = cur;
			rows[i] = row;
		} else if (xs) {
			xs[k] = cur;
			rows[k] = row;
		}
		cur += w + KEY_GAP;
	}
	return (k > 0 || more) ? row + 1 : 0;
}

static void
draw_entry(struct cx *x, const struct legend_entry *e, double l, double cy,
	   double maxw)
{
	double sw = entry_swatch_w(x, e);
	uint32_t rgb = ink_rgb(e->ink);

	switch (e->kind) {
	case LEG_BOX:
		cx_fill_ink(x, e->ink, l, cy - SWATCH / 2, SWATCH, SWATCH);
		cx_save(x);
		cx_rgba(x, RGB_TEXT, 0.45);
		cairo_set_line_width(x->cr, 0.5);
		cairo_rectangle(x->cr, l + 0.25, cy - SWATCH / 2 + 0.25,
				SWATCH - 0.5, SWATCH - 0.5);
		cx_stroke(x);
		cx_restore(x);
		break;
	case LEG_LINE:
		cx_line(x, l, cy, l + sw, cy, rgb, 2.25, e->dash);
		cx_shape(x, e->shape, l + sw / 2, cy, 7, rgb, e->hollow);
		break;
	case LEG_MARKER:
		cx_shape(x, e->shape, l + sw / 2, cy, 10, rgb, e->hollow);
		break;
	case LEG_SAMPLE:
		cx_text(x, FONT_BOLD, e->sample, l, cy, HA_LEFT, VA_MIDDLE,
			RGB_TEXT, 0);
		break;
	}
	cx_text(x, FONT_BODY, e->label, l + sw + 5, cy, HA_LEFT, VA_MIDDLE,
		RGB_TEXT, maxw - sw - 5);
}

/* Draw the key at (left, top) in width; returns its height. */
static double
cx_key(struct cx *x, const struct legend_entry *e, size_t n,
       const char *more_noun, double left, double top, double width)
{
	double row_h = fmax(cx_font_height(x, FONT_BODY), SWATCH) + 5;
	double *xs, *ew, cur = 0;
	int *rows, nrows, row = 0;
	size_t k = 0, i;
	char more[96] = "";
	const char *mp = NULL;

	if (n == 0)
		return 0;
	xs = g_new0(double, n + 1);
	ew = g_new0(double, n);
	rows = g_new0(int, n + 1);
	/*
	 * Each entry is measured once. k starts at the most entries that fit
	 * in KEY_ROWS rows on their own (as key_rows() breaks them); with an
	 * "and N more" after them it may take fewer, so k steps down from
	 * there: no more entries ever fit than fit alone.
	 */
	for (i = 0; i < n; i++) {
		ew[i] = entry_width(x, &e[i], width * 0.6);
		if (cur > 0 && cur + ew[i] > width) {
			row++;
			cur = 0;
		}
		if (row >= KEY_ROWS)
			break;
		cur += ew[i] + KEY_GAP;
		k = i + 1;
	}
	while (k < n) {
		snprintf(more, sizeof(more), "and %zu more %s", n - k,
			 more_noun ? more_noun : "");
		mp = more;
		if (key_rows(x, ew, k, mp, width, NULL, NULL) <= KEY_ROWS || k == 0)
			break;
		k--;
	}
	nrows = key_rows(x, ew, k, mp, width, xs, rows);
	for (i = 0; i < k; i++)
		draw_entry(x, &e[i], left + xs[i], top + rows[i] * row_h + row_h / 2,
			   width * 0.6);
	if (mp)
		cx_text(x, FONT_BODY, mp, left + xs[k], top + rows[k] * row_h + row_h / 2,
			HA_LEFT, VA_MIDDLE, RGB_SECONDARY, 0);
	g_free(xs);
	g_free(ew);
	g_free(rows);
	return nrows * row_h;
}

int
cx_frame(struct cx *x, const struct legend_entry *e, size_t n,
	 const char *more_noun)
{
	const struct chart *c = x->c;
	double m = fmin(14, fmin(x->w, x->h) * 0.04);
	double left = x->x + m, width = x->w - 2 * m;
	double top = x->y + m, bottom = x->y + x->h - m;
	struct cx_run t;

	cx_rgb(x, RGB_WHITE);
	cairo_rectangle(x->cr, x->x, x->y, x->w, x->h);
	cx_fill(x);

	cx_run_make(x, &t, FONT_TITLE, c->title, width, 2, 0);
	cx_run_show(x, &t, left, top, RGB_TEXT);
	top += t.h + 2;
	cx_run_release(&t);
	if (c->subtitle && *c->subtitle) {
		cx_run_make(x, &t, FONT_SUBTITLE, c->subtitle, width, 2, 0);
		cx_run_show(x, &t, left, top, RGB_SECONDARY);
		top += t.h;
		cx_run_release(&t);
	}
	top += 8;
	if (c->note && *c->note) {
		cx_run_make(x, &t, FONT_SMALL, c->note, width, 3, 0);
		bottom -= t.h;
		cx_run_show(x, &t, left, bottom, RGB_SECONDARY);
		cx_run_release(&t);
		bottom -= 8;
	}
	if (n > 0 && bottom - top > 80) {
		top += cx_key(x, e, n, more_noun, left, top, width);
		top += 8;
	}
	x->px = left;
	x->py = top;
	x->pw = width;
	x->ph = bottom - top;
	return x->ph < 40 || x->pw < 60 ? -1 : 0;
}

void
cx_no_room(struct cx *x)
{
	if (x->ph <= 0)
		return;
	cx_text(x, FONT_SMALL, "Too small to draw: give the chart more room.",
		x->px, x->py, HA_LEFT, VA_TOP, RGB_SECONDARY, x->pw);
}

void
cx_no_data(struct cx *x, const char *what)
{
	double cy = x->py + x->ph / 2;

	if (x->ph <= 0)
		return;
	cx_save(x);
	cx_rgb(x, RGB_SHADE);
	cairo_rectangle(x->cr, x->px, x->py, x->pw, x->ph);
	cx_fill(x);
	cx_restore(x);
	cx_text(x, FONT_TITLE, "No data", x->px + x->pw / 2, cy - 2, HA_CENTRE,
		VA_BOTTOM, RGB_SECONDARY, x->pw - 8);
	if (what)
		cx_text(x, FONT_BODY, what, x->px + x->pw / 2, cy + 2, HA_CENTRE,
			VA_TOP, RGB_SECONDARY, x->pw - 8);
}
