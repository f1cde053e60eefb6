/*
 * chart.c - the chart module's entry points: checking a chart
 * description, drawing it on a cairo context, writing it as SVG, PDF or
 * PNG, and its text version.
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
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/error.h"
#include "core/strbuf.h"

#define FONT_FAMILY "DejaVu Sans,Liberation Sans,Arial,sans-serif"
#define MIN_SIZE 50.0
#define MAX_SIZE 20000.0
#define MAX_PIXELS 16384.0	/* per side of a PNG */
#define MAX_VALUE 1e15		/* beyond this, a value is a data error */
#define MAX_COUNT 100000

/* Checking */

static int
bad_text(const char *s)
{
	return s && !g_utf8_validate(s, -1, NULL);
}

static int
check_text(struct error *err, const char *where, const char *s, int required)
{
	if (s == NULL)
		return required ? error_at(err, ERR_USAGE, where, "is required") : 0;
	if (required && *s == '\0')
		return error_at(err, ERR_USAGE, where, "is empty");
	if (bad_text(s))
		return error_at(err, ERR_USAGE, where, "is not valid UTF-8");
	return 0;
}

static int
date_ok(int32_t d)
{
	return d >= date_from_ymd(1900, 1, 1) && d <= date_from_ymd(2200, 12, 31);
}

static int
month_ok(int32_t m)
{
	return m >= month_from_ym(1900, 1) && m <= month_from_ym(2200, 12);
}

static int
value_ok(double v)
{
	return isnan(v) || (isfinite(v) && fabs(v) <= MAX_VALUE);
}

static int
check_id(const char *id)
{
	const char *p;

	if (id == NULL)
		return 0;
	if (!((*id >= 'a' && *id <= 'z') || (*id >= 'A' && *id <= 'Z')))
		return -1;
	for (p = id; *p; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
			return -1;
	}
	return p - id > 64 ? -1 : 0;
}

static int
check_series(const struct chart *c, size_t i, struct error *err)
{
	const struct chart_series *s = &c->series[i];
	char where[64];
	size_t j;

	snprintf(where, sizeof(where), "series[%zu].name", i);
	if (check_text(err, where, s->name, 1))
		return -1;
	snprintf(where, sizeof(where), "series[%zu]", i);
	if ((unsigned)s->ink >= CHART_INK_COUNT_)
		return error_at(err, ERR_USAGE, where, "ink %d is unknown", (int)s->ink);
	if ((unsigned)s->style > CHART_STYLE_BARS)
		return error_at(err, ERR_USAGE, where, "style %d is unknown", (int)s->style);
	if (c->type == CHART_SCURVE) {
		if (s->n > 0 && (s->values == NULL || s->dates == NULL))
			return error_at(err, ERR_USAGE, where,
					"an S-curve needs dates and values");
	} else if (c->type != CHART_HEATMAP && c->type != CHART_TIMELINE) {
		if (s->n != c->ncategories)
			return error_at(err, ERR_USAGE, where,
					"has %zu values for %zu categories",
					s->n, c->ncategories);
	}
	if (c->type == CHART_SLIP && s->n > 0 && s->dates == NULL)
		return error_at(err, ERR_USAGE, where, "a slip chart needs dates");
	if ((c->type == CHART_STACKED_BAR || c->type == CHART_MONTHLY) &&
	    s->n > 0 && s->values == NULL)
		return error_at(err, ERR_USAGE, where, "needs values");
	if (s->continues < 0 || (size_t)s->continues > i)
		return error_at(err, ERR_USAGE, where,
				"continues must name an earlier series (1-based) or be 0");
	if (s->baseline != DATE_NONE && !date_ok(s->baseline)) {
		snprintf(where, sizeof(where), "series[%zu].baseline", i);
		return error_at(err, ERR_USAGE, where, "is not a date in 1900..2200");
	}
	for (j = 0; j < s->n; j++) {
		if (s->values && !value_ok(s->values[j])) {
			snprintf(where, sizeof(where), "series[%zu].values[%zu]", i, j);
			return error_at(err, ERR_USAGE, where, "is not a finite value");
		}
		if (s->values && c->type == CHART_STACKED_BAR && s->values[j] < 0) {
			snprintf(where, sizeof(where), "series[%zu].values[%zu]", i, j);
			return error_at(err, ERR_USAGE, where, "a count cannot be negative");
		}
		if (s->dates && s->dates[j] != DATE_NONE && !date_ok(s->dates[j])) {
			snprintf(where, sizeof(where), "series[%zu].dates[%zu]", i, j);
			return error_at(err, ERR_USAGE, where, "is not a date in 1900..2200");
		}
		if (c->type == CHART_SCURVE) {
			snprintf(where, sizeof(where), "series[%zu][%zu]", i, j);
			if (s->dates[j] == DATE_NONE || isnan(s->values[j]))
				return error_at(err, ERR_USAGE, where,
						"an S-curve point needs a date and a value");
			if (s->values[j] < 0 || s->values[j] > 1)
				return error_at(err, ERR_USAGE, where,
						"probability %g is outside 0..1", s->values[j]);
			if (j > 0 && (s->dates[j] < s->dates[j - 1] ||
				      s->values[j] < s->values[j - 1]))
				return error_at(err, ERR_USAGE, where,
						"an S-curve must rise with the date");
		}
	}
	return 0;
}

static int
check_heat(const struct chart *c, struct error *err)
{
	const struct chart_heatmap *h = &c->heat;
	char where[64];
	size_t b;
	int l, i;

	for (l = 0; l < 5; l++) {
		for (i = 0; i < 5; i++) {
			if (h->count[l][i] < 0 || h->count[l][i] > MAX_COUNT ||
			    (h->has_previous &&
			     (h->previous[l][i] < 0 || h->previous[l][i] > MAX_COUNT))) {
				snprintf(where, sizeof(where), "heat.count[%d][%d]", l, i);
				return error_at(err, ERR_USAGE, where,
						"counts must lie in 0..%d", MAX_COUNT);
			}
		}
		snprintf(where, sizeof(where), "heat.likelihood[%d]", l);
		if (check_text(err, where, h->likelihood[l], 0))
			return -1;
		snprintf(where, sizeof(where), "heat.impact[%d]", l);
		if (check_text(err, where, h->impact[l], 0))
			return -1;
	}
	if (h->nbands > 0 && h->bands == NULL)
		return error_at(err, ERR_USAGE, "heat.bands", "is NULL");
	if (h->nbands == 1 || h->nbands > 5)
		return error_at(err, ERR_USAGE, "heat.bands",
				"a heat map has 2 to 5 bands, not %zu", h->nbands);
	for (b = 0; b < h->nbands; b++) {
		const struct chart_band *bd = &h->bands[b];

		snprintf(where, sizeof(where), "heat.bands[%zu]", b);
		if (check_text(err, where, bd->name, 1))
			return -1;
		if ((unsigned)bd->ink >= CHART_INK_COUNT_)
			return error_at(err, ERR_USAGE, where, "ink is unknown");
		if (b == 0 && bd->min_score != 1)
			return error_at(err, ERR_USAGE, where,
					"the first band must start at score 1");
		if (bd->min_score < 1 || bd->min_score > 25 ||
		    (b > 0 && bd->min_score <= h->bands[b - 1].min_score))
			return error_at(err, ERR_USAGE, where,
					"band minimums must rise within 1..25");
	}
	return 0;
}

int
chart_check(const struct chart *c, struct error *err)
{
	char where[64];
	size_t i;

	if (c == NULL)
		return error_set(err, ERR_USAGE, "no chart");
	if ((unsigned)c->type > CHART_SCURVE)
		return error_at(err, ERR_USAGE, "type", "%d is unknown", (int)c->type);
	if (check_text(err, "title", c->title, 1) ||
	    check_text(err, "subtitle", c->subtitle, 0) ||
	    check_text(err, "x_label", c->x_label, 0) ||
	    check_text(err, "y_label", c->y_label, 0) ||
	    check_text(err, "note", c->note, 0) ||
	    check_text(err, "desc", c->desc, 0) ||
	    check_text(err, "value_prefix", c->value_prefix, 0) ||
	    check_text(err, "value_suffix", c->value_suffix, 0))
		return -1;
	if (check_id(c->id))
		return error_at(err, ERR_USAGE, "id",
				"must be a letter then letters, digits, '-' or '_' (64 at most)");
	if (c->ncategories > 1000 || c->nseries > 1000 || c->nitems > 10000 ||
	    c->nmarkers > 100)
		return error_set(err, ERR_USAGE,
				 "too much to draw: at most 1000 categories, "
				 "1000 series, 10000 items and 100 markers");
	if ((c->ncategories && !c->categories) || (c->nseries && !c->series) ||
	    (c->nitems && !c->items) || (c->nmarkers && !c->markers))
		return error_set(err, ERR_USAGE, "a count is set but its array is NULL");
	for (i = 0; i < c->ncategories; i++) {
		const struct chart_category *k = &c->categories[i];

		snprintf(where, sizeof(where), "categories[%zu]", i);
		if (check_text(err, where, k->label, 0))
			return -1;
		if (k->month != MONTH_NONE && !month_ok(k->month))
			return error_at(err, ERR_USAGE, where,
					"month is not in 1900..2200");
		if (k->month == MONTH_NONE && (k->label == NULL || c->type == CHART_SLIP))
			return error_at(err, ERR_USAGE, where, "needs a month");
		if (c->type == CHART_SLIP && i > 0 &&
		    k->month <= c->categories[i - 1].month)
			return error_at(err, ERR_USAGE, where,
					"periods must be in order, one per month");
	}
	for (i = 0; i < c->nseries; i++)
		if (check_series(c, i, err))
			return -1;
	for (i = 0; i < c->nitems; i++) {
		const struct chart_item *it = &c->items[i];

		snprintf(where, sizeof(where), "items[%zu]", i);
		if (check_text(err, where, it->label, 1))
			return -1;
		if (!date_ok(it->date))
			return error_at(err, ERR_USAGE, where, "needs a date in 1900..2200");
		if (it->baseline != DATE_NONE && !date_ok(it->baseline))
			return error_at(err, ERR_USAGE, where,
					"baseline is not a date in 1900..2200");
		if ((unsigned)it->status > CHART_STATUS_LATE)
			return error_at(err, ERR_USAGE, where, "status is unknown");
	}
	for (i = 0; i < c->nmarkers; i++) {
		const struct chart_marker *m = &c->markers[i];

		snprintf(where, sizeof(where), "markers[%zu]", i);
		if (check_text(err, where, m->label, 1))
			return -1;
		if (!date_ok(m->date))
			return error_at(err, ERR_USAGE, where, "needs a date in 1900..2200");
		if (!isnan(m->value) && !(m->value >= 0 && m->value <= 1))
			return error_at(err, ERR_USAGE, where,
					"value must be a probability 0..1 or NAN");
		if ((unsigned)m->ink >= CHART_INK_COUNT_)
			return error_at(err, ERR_USAGE, where, "ink is unknown");
	}
	if (c->type == CHART_HEATMAP && check_heat(c, err))
		return -1;
	if (c->first_month != MONTH_NONE && !month_ok(c->first_month))
		return error_at(err, ERR_USAGE, "first_month", "is not in 1900..2200");
	if (c->quarters < 0 || c->quarters > 12)
		return error_at(err, ERR_USAGE, "quarters", "must lie in 0..12");
	return 0;
}

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
