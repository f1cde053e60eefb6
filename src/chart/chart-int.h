/*
 * chart-int.h - what the chart types share to draw: the drawing context,
 * inks and hatches, text through pango, axes, the key and the common
 * frame (title, key, footnote). What they share with the words and the
 * check, which need no cairo (numbers and dates as people read them, the
 * heat map's bands, the data as plotted), is in chart-base.h.
 *
 * Not installed: only the chart module's own files include it.
 */
#ifndef FOLIO_CHART_INT_H
#define FOLIO_CHART_INT_H

#include <stddef.h>
#include <stdint.h>

#include <cairo.h>
#include <pango/pangocairo.h>

#include "chart/chart-base.h"
#include "chart/chart-cairo.h"

struct error;
struct strbuf;

/* Colours as 0xRRGGBB. */
#define RGB_TEXT	0x0b0c0c
#define RGB_SECONDARY	0x505a5f
#define RGB_BORDER	0xb1b4b6
#define RGB_GRID	0xdee0e2
#define RGB_SHADE	0xf3f2f1
#define RGB_WHITE	0xffffff

enum cx_font {
	FONT_TITLE,	/* 15pt bold */
	FONT_SUBTITLE,	/* 10.5pt */
	FONT_BODY,	/* 9.5pt */
	FONT_BOLD,	/* 9.5pt bold */
	FONT_SMALL,	/* 8.5pt: ticks, footnotes */
	FONT_BIG	/* 13pt bold: heat map counts */
};

enum cx_halign { HA_LEFT, HA_CENTRE, HA_RIGHT };
enum cx_valign { VA_TOP, VA_MIDDLE, VA_BOTTOM };

enum cx_shape {
	SHAPE_NONE,
	SHAPE_CIRCLE,
	SHAPE_SQUARE,
	SHAPE_TRIANGLE,
	SHAPE_DIAMOND,
	SHAPE_TRIANGLE_DOWN,
	SHAPE_TICK_CIRCLE,	/* achieved: a circle holding a tick */
	SHAPE_COUNT_
};

struct svgw;

/* A drawing in progress. */
struct cx {
	cairo_t *cr;
	/*
	 * Set when the chart is written as SVG (chart-svg.c): cr then only
	 * builds paths and holds the pen, and cx_fill() and its kin write
	 * what would be painted here instead.
	 */
	struct svgw *svg;
	PangoContext *pc;
	const struct chart *c;
	double x, y, w, h;	/* the whole chart */
	double px, py, pw, ph;	/* the plot area left by the frame */
	PangoFontDescription *font[6];	/* by enum cx_font */
	double font_h[6];	/* line heights, 0 until measured */
};

/* An inner plot rectangle: left, right, top, bottom. */
struct xy {
	double x0, x1, y0, y1;
};

/* A linear value axis with "nice" ticks. */
struct scale {
	double lo, hi, step;	/* lo and hi are multiples of step */
	int decimals;		/* for tick labels */
	int millions;		/* label as "£1.5m" */
	int percent;		/* values are 0..1, labelled "50%" */
	double p0, p1;		/* screen positions of lo and hi */
};

/* A date axis with ticks on month starts. */
struct dscale {
	int32_t lo, hi;		/* day numbers */
	int step;		/* months between ticks */
	double p0, p1;
};

/* Categories spread evenly: centre of i is p0 + slot * (i + 0.5). */
struct cscale {
	size_t n;
	double p0, slot;
	size_t label_step;	/* label every label_step-th category */
};

enum legend_kind {
	LEG_BOX,	/* a filled, hatched square */
	LEG_LINE,	/* a short line with the marker shape */
	LEG_MARKER,	/* the marker alone */
	LEG_SAMPLE	/* a sample of text, e.g. "+1" */
};

struct legend_entry {
	const char *label;
	enum legend_kind kind;
	enum chart_ink ink;	/* resolved, never AUTO */
	enum cx_shape shape;
	int dash;		/* 0 solid, 1 dashed, 2 dotted */
	int hollow;		/* marker outline only */
	const char *sample;	/* LEG_SAMPLE */
};

/* chart-draw.c: inks */
uint32_t ink_rgb(enum chart_ink ink);
/* The colour of text or hatching drawn on the ink. */
uint32_t ink_text_rgb(enum chart_ink ink);
/* Ink, shape and dash of the i-th automatic series. */
enum chart_ink auto_ink(size_t i);
enum cx_shape auto_shape(size_t i);
int auto_dash(size_t i);
enum chart_ink series_ink(const struct chart *c, size_t i);

/*
 * Painting goes through these, never through cairo_fill() and its kin
 * directly, so that an SVG is written by chart-svg.c. They act on cr's
 * path and pen as cairo's own calls do.
 */
void cx_fill(struct cx *x);
void cx_fill_preserve(struct cx *x);
void cx_stroke(struct cx *x);
void cx_clip(struct cx *x);
void cx_save(struct cx *x);
void cx_restore(struct cx *x);

/* chart-svg.c: the SVG writer behind them */
struct svgw *svgw_new(void);
void svgw_free(struct svgw *w);
void svgw_fill(struct svgw *w, cairo_t *cr, int preserve);
void svgw_stroke(struct svgw *w, cairo_t *cr);
void svgw_clip(struct svgw *w, cairo_t *cr);
void svgw_save(struct svgw *w);
void svgw_restore(struct svgw *w);
/*
 * Text laid out for SVG, kept for the process under a key that says
 * everything the layout depends on (every SVG chart is laid out alike,
 * and axis labels, months and key entries come back chart after chart).
 * find returns a reference or NULL; keep lays out l's glyphs (outlines
 * from cr) and returns a reference. Drop references with unref.
 */
struct svg_run;
struct svg_run *svgw_run_find(const char *key);
struct svg_run *svgw_run_keep(const char *key, cairo_t *cr, PangoLayout *l);
void svgw_run_unref(struct svg_run *r);
void svgw_run_size(const struct svg_run *r, double *w, double *h);
void svgw_run_show(struct svgw *w, const struct svg_run *r, double left,
		   double top, uint32_t rgb);
/*
 * Append the finished document to out: width x height points, the title
 * and a description (c->desc, else chart_describe()), ids prefixed with
 * c->id or a hash of the drawing. 0, or -1 with err (ERR_IO: out's cap).
 */
int svgw_finish(struct svgw *w, const struct chart *c, double width_pt,
		double height_pt, struct strbuf *out, struct error *err);

void cx_rgb(struct cx *x, uint32_t rgb);
void cx_rgba(struct cx *x, uint32_t rgb, double alpha);
/* Fill a rectangle with the ink's colour and hatch. */
void cx_fill_ink(struct cx *x, enum chart_ink ink, double l, double t,
		 double w, double h);
void cx_dash(struct cx *x, int dash, double width);
void cx_shape(struct cx *x, enum cx_shape shape, double cx_, double cy,
	      double size, uint32_t rgb, int hollow);
void cx_line(struct cx *x, double x0, double y0, double x1, double y1,
	     uint32_t rgb, double width, int dash);

/* chart-draw.c: text */
/* Text laid out in one font: a pango layout, or for SVG a kept run of glyphs. */
struct cx_run {
	PangoLayout *layout;	/* PDF and PNG */
	struct svg_run *svg;	/* SVG */
	double w, h;		/* its logical size */
};
/*
 * Lay text out in font f. width > 0 wraps it to that width, to at most
 * lines lines, ending with an ellipsis when cut; centre centres each line
 * in the width. Release with cx_run_release().
 */
void cx_run_make(struct cx *x, struct cx_run *t, enum cx_font f,
		 const char *text, double width, int lines, int centre);
/* Draw it with its top left at (left, top). */
void cx_run_show(struct cx *x, const struct cx_run *t, double left, double top,
		 uint32_t rgb);
void cx_run_release(struct cx_run *t);
/* Draw one line of text aligned at (ax, ay); width > 0 ellipsises. Returns its width. */
double cx_text(struct cx *x, enum cx_font f, const char *text, double ax,
	       double ay, enum cx_halign ha, enum cx_valign va, uint32_t rgb,
	       double width);
double cx_text_width(struct cx *x, enum cx_font f, const char *text);
/*
 * Text centred on (cx_, cy) over a plain patch of bg, so that it reads
 * over hatching. Draws nothing and returns -1 if the patch would not fit
 * in maxw x maxh.
 */
int cx_chip(struct cx *x, enum cx_font f, const char *text, double cx_,
	    double cy, uint32_t bg, uint32_t fg, double maxw, double maxh);
double cx_font_height(struct cx *x, enum cx_font f);

/* chart-draw.c: scales and axes */
void scale_fit(struct scale *s, double lo, double hi, double length,
	       int integral);
double scale_at(const struct scale *s, double v);
void scale_label(const struct chart *c, const struct scale *s, double v,
		 char *buf, size_t size);
double scale_label_width(struct cx *x, const struct scale *s);
/*
 * vertical: ticks may sit closer (a line of text apart rather than a
 * label's width) and the axis ends at the data's months, not at ticks.
 */
void dscale_fit(struct cx *x, struct dscale *s, int32_t lo, int32_t hi,
		double p0, double p1, int vertical);
/* Where date falls on a category axis of months (its day within the slot). */
double cscale_date(const struct chart *c, const struct cscale *s, int32_t date);
double dscale_at(const struct dscale *s, int32_t date);
void cscale_fit(struct cx *x, struct cscale *s, double p0, double p1);
double cscale_at(const struct cscale *s, size_t i);

/*
 * Lay out an x/y plot in the plot area: the y axis title above the axis,
 * x tick labels and the x axis title below. xy_vertical() fixes top and
 * bottom; xy_horizontal() then fixes left and right from the width of
 * the y tick labels.
 */
/* xy_vertical() returns -1 when less than a usable height is left. */
int xy_vertical(struct cx *x, struct xy *a, int xtick_lines);
void xy_horizontal(struct cx *x, struct xy *a, double ytick_w,
		   double right_pad);
void xy_titles(struct cx *x, const struct xy *a);
/* Horizontal grid lines with value labels at the left. */
void xy_value_axis(struct cx *x, const struct xy *a, const struct scale *s);
/* Category labels below the plot and tick marks. */
void xy_category_axis(struct cx *x, const struct xy *a, const struct cscale *s);
/* Vertical month ticks and date labels below the plot. */
void xy_date_axis(struct cx *x, const struct xy *a, const struct dscale *s,
		  int grid);
/* Horizontal grid and labels for a date value axis. */
void xy_date_value_axis(struct cx *x, const struct xy *a,
			const struct dscale *s);

/* chart-draw.c: the frame */
/*
 * Draw the background, title, subtitle, key (entries) and footnote, and
 * leave the rest of the box in x->px..ph. Entries beyond three rows are
 * summed up as "and N more". Returns 0, or -1 if no room is left to plot.
 */
int cx_frame(struct cx *x, const struct legend_entry *e, size_t n,
	     const char *more_noun);
/* "No data" in the middle of the plot area. */
void cx_no_data(struct cx *x, const char *what);
/* A note that the box is too small for the plot, where the plot would be. */
void cx_no_room(struct cx *x);

/* One file per chart type. Each draws into x after the frame is set up. */
int chart_draw_bar(struct cx *x);
int chart_draw_heatmap(struct cx *x);
int chart_draw_slip(struct cx *x);
int chart_draw_timeline(struct cx *x);
int chart_draw_monthly(struct cx *x);
int chart_draw_scurve(struct cx *x);

/* The timeline's first month (a quarter's first) and number of quarters. */
void timeline_window(const struct chart *c, int32_t *first, int *nq);

#endif
