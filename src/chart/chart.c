/*
 * chart.c - the chart module's drawing entry points: drawing a chart on
 * a cairo context, writing it as SVG, PDF or PNG. Checking a chart
 * (chart-check.c) and its text version (chart-describe.c) need no cairo
 * and live in the binary (chart-base.h).
 *
 * One drawing routine per type serves every format. PDF and PNG differ
 * only in the cairo surface; SVG is written by chart-svg.c from the same
 * drawing calls (cairo's SVG surface was most of the cost of a page of
 * charts), with a <title> and <desc> for screen readers and ids unique to
 * the chart, so that several charts can sit inline in one HTML page
 * without their glyph and clip-path ids colliding.
 */
#include "chart/chart-int.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/error.h"
#include "core/strbuf.h"

#define FONT_FAMILY "DejaVu Sans,Liberation Sans,Arial,sans-serif"
#define MIN_SIZE 50.0
#define MAX_SIZE 20000.0
#define MAX_PIXELS 16384.0	/* per side of a PNG */

/* Drawing */

static const struct {
	double size;
	int bold;
} fonts[] = {
	[FONT_TITLE] = { 15, 1 },
	[FONT_SUBTITLE] = { 10.5, 0 },
	[FONT_BODY] = { 9.5, 0 },
	[FONT_BOLD] = { 9.5, 1 },
	[FONT_SMALL] = { 8.5, 0 },
	[FONT_BIG] = { 13, 1 },
};

/* pango_fontset_foreach(): stop at the second font. */
static gboolean
second_font(PangoFontset *fs, PangoFont *font, gpointer data)
{
	(void)fs;
	(void)font;
	return ++*(int *)data >= 2;
}

/*
 * Pango (1.50) sorts each new font pattern's fallbacks with fontconfig in
 * a thread of its own, and the job holds the font map, with its fonts and
 * their cairo fonts, until it is done. Charts now take a fraction of a
 * millisecond, so a program could reach its end (and a test its check
 * that cairo's caches are empty) with those jobs still running. Asking
 * each of the chart fonts for its second font waits for its sort: once
 * per font map, when its fonts are first used.
 */
static void
fonts_settle(PangoContext *pc, PangoFontDescription *const *font, size_t n)
{
	PangoFontMap *map = pango_context_get_font_map(pc);
	size_t i;

	if (map == NULL || g_object_get_data(G_OBJECT(map), "folio-chart-fonts"))
		return;
	for (i = 0; i < n; i++) {
		PangoFontset *fs = pango_context_load_fontset(pc, font[i], NULL);
		int seen = 0;

		if (fs) {
			pango_fontset_foreach(fs, second_font, &seen);
			g_object_unref(fs);
		}
	}
	g_object_set_data(G_OBJECT(map), "folio-chart-fonts", GINT_TO_POINTER(1));
}

static void
cx_init(struct cx *x, const struct chart *c, cairo_t *cr, double l, double t,
	double w, double h)
{
	cairo_font_options_t *fo;
	size_t i;

	memset(x, 0, sizeof(*x));
	x->cr = cr;
	x->c = c;
	x->x = l;
	x->y = t;
	x->w = w;
	x->h = h;
	x->pc = pango_cairo_create_context(cr);
	/*
	 * Unhinted metrics: text then measures the same on a PNG as in a
	 * PDF, so a chart breaks its lines in the same places everywhere.
	 */
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
	pango_cairo_context_set_font_options(x->pc, fo);
	cairo_font_options_destroy(fo);
	for (i = 0; i < sizeof(fonts) / sizeof(fonts[0]); i++) {
		x->font[i] = pango_font_description_new();
		pango_font_description_set_family(x->font[i], FONT_FAMILY);
		pango_font_description_set_absolute_size(x->font[i],
							 fonts[i].size * PANGO_SCALE);
		pango_font_description_set_weight(x->font[i], fonts[i].bold ?
						  PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	}
	fonts_settle(x->pc, x->font, sizeof(fonts) / sizeof(fonts[0]));
}

static void
cx_release(struct cx *x)
{
	size_t i;

	for (i = 0; i < sizeof(fonts) / sizeof(fonts[0]); i++)
		pango_font_description_free(x->font[i]);
	g_object_unref(x->pc);
}

/* Draw c into (l, t, w, h) on cr, or, when svg is set, write it there. */
static void
draw(const struct chart *c, cairo_t *cr, struct svgw *svg, double l, double t,
     double w, double h)
{
	struct cx x;

	cx_init(&x, c, cr, l, t, w, h);
	x.svg = svg;
	cx_save(&x);
	cairo_rectangle(cr, l, t, w, h);
	cx_clip(&x);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	switch (c->type) {
	case CHART_STACKED_BAR:
		chart_draw_bar(&x);
		break;
	case CHART_HEATMAP:
		chart_draw_heatmap(&x);
		break;
	case CHART_SLIP:
		chart_draw_slip(&x);
		break;
	case CHART_TIMELINE:
		chart_draw_timeline(&x);
		break;
	case CHART_MONTHLY:
		chart_draw_monthly(&x);
		break;
	case CHART_SCURVE:
		chart_draw_scurve(&x);
		break;
	}
	cx_restore(&x);
	cx_release(&x);
}

int
chart_draw(const struct chart *c, cairo_t *cr, double x, double y, double w,
	   double h, struct error *err)
{
	if (chart_check(c, err))
		return -1;
	if (cr == NULL || cairo_status(cr) != CAIRO_STATUS_SUCCESS)
		return error_set(err, ERR_INTERNAL, "the cairo context is in error: %s",
				 cr ? cairo_status_to_string(cairo_status(cr)) : "none");
	if (!(w >= MIN_SIZE && w <= MAX_SIZE && h >= MIN_SIZE && h <= MAX_SIZE))
		return error_set(err, ERR_USAGE,
				 "a chart must be %.0f to %.0f points each way",
				 MIN_SIZE, MAX_SIZE);
	draw(c, cr, NULL, x, y, w, h);
	if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
		return error_set(err, ERR_INTERNAL, "cairo: %s",
				 cairo_status_to_string(cairo_status(cr)));
	return 0;
}

/* Output */

struct sink {
	struct strbuf *sb;
	int failed;
};

static cairo_status_t
sink_write(void *closure, const unsigned char *data, unsigned int len)
{
	struct sink *s = closure;

	if (s->failed || strbuf_add(s->sb, data, len)) {
		s->failed = 1;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	return CAIRO_STATUS_SUCCESS;
}

int
chart_render_scaled(const struct chart *c, enum chart_format fmt,
		    double width_pt, double height_pt, double scale,
		    struct strbuf *out, struct error *err)
{
	cairo_surface_t *surf = NULL;
	cairo_t *cr = NULL;
	struct svgw *svg = NULL;
	struct sink sink = { out, 0 };
	size_t start = out ? out->len : 0;
	cairo_status_t st;
	int rc = -1, pw = 0, ph = 0;

	if (out == NULL) {
		error_set(err, ERR_USAGE, "no output buffer");
		goto out;
	}
	if (chart_check(c, err))
		goto out;
	if (!(width_pt >= MIN_SIZE && width_pt <= MAX_SIZE &&
	      height_pt >= MIN_SIZE && height_pt <= MAX_SIZE)) {
		error_set(err, ERR_USAGE, "a chart must be %.0f to %.0f points each way",
			  MIN_SIZE, MAX_SIZE);
		goto out;
	}
	if (!(scale > 0 && scale <= 8)) {
		error_set(err, ERR_USAGE, "scale must lie in (0, 8]");
		goto out;
	}
	switch (fmt) {
	case CHART_SVG:
		/*
		 * chart-svg.c writes the SVG; cairo builds the paths and pango
		 * lays out the text on an SVG surface that writes nothing, so
		 * text measures as it would in cairo's own SVG.
		 */
		surf = cairo_svg_surface_create_for_stream(NULL, NULL, width_pt, height_pt);
		svg = svgw_new();
		break;
	case CHART_PDF:
		surf = cairo_pdf_surface_create_for_stream(sink_write, &sink,
							   width_pt, height_pt);
		cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, c->title);
		cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, "folio");
		break;
	case CHART_PNG:
		pw = (int)ceil(width_pt * scale - 1e-9);
		ph = (int)ceil(height_pt * scale - 1e-9);
		if (pw > MAX_PIXELS || ph > MAX_PIXELS) {
			error_set(err, ERR_USAGE, "a PNG may be at most %.0f pixels each way",
				  MAX_PIXELS);
			goto out;
		}
		surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, pw, ph);
		break;
	default:
		error_set(err, ERR_USAGE, "format %d is unknown", (int)fmt);
		goto out;
	}
	if ((st = cairo_surface_status(surf)) != CAIRO_STATUS_SUCCESS) {
		error_set(err, ERR_INTERNAL, "cairo: %s", cairo_status_to_string(st));
		goto out;
	}
	cr = cairo_create(surf);
	if (fmt == CHART_PNG)
		cairo_scale(cr, scale, scale);
	draw(c, cr, svg, 0, 0, width_pt, height_pt);
	if ((st = cairo_status(cr)) != CAIRO_STATUS_SUCCESS) {
		error_set(err, ERR_INTERNAL, "cairo: %s", cairo_status_to_string(st));
		goto out;
	}
	cairo_destroy(cr);
	cr = NULL;
	if (fmt == CHART_SVG) {
		st = CAIRO_STATUS_SUCCESS;
	} else if (fmt == CHART_PNG) {
		cairo_surface_flush(surf);
		st = cairo_surface_write_to_png_stream(surf, sink_write, &sink);
	} else {
		cairo_surface_finish(surf);
		st = cairo_surface_status(surf);
	}
	if (sink.failed) {
		error_set(err, ERR_IO, "the output buffer is full");
		goto out;
	}
	if (st != CAIRO_STATUS_SUCCESS) {
		error_set(err, ERR_INTERNAL, "cairo: %s", cairo_status_to_string(st));
		goto out;
	}
	if (svg && svgw_finish(svg, c, width_pt, height_pt, out, err))
		goto out;
	rc = 0;
out:
	if (cr)
		cairo_destroy(cr);
	if (surf)
		cairo_surface_destroy(surf);
	svgw_free(svg);
	if (rc && out && out->len > start)
		strbuf_setlen(out, start);
	return rc;
}

int
chart_render(const struct chart *c, enum chart_format fmt, double width_pt,
	     double height_pt, struct strbuf *out, struct error *err)
{
	return chart_render_scaled(c, fmt, width_pt, height_pt, 1.0, out, err);
}
