/*
 * chart-cairo.h - drawing a chart onto a cairo surface of the caller's.
 *
 * Apart from chart.h so that code which only builds charts or renders them
 * whole (chart_render()) does not need cairo's headers: the renderers that
 * typeset pages themselves (render-pdf.c) include this one.
 */
#ifndef FOLIO_CHART_CAIRO_H
#define FOLIO_CHART_CAIRO_H

#include <cairo.h>

#include "chart/chart.h"

/*
 * Draw c into the box (x, y, w, h), in the user units of cr, on any
 * cairo surface: a PDF paper typeset by someone else embeds a chart as
 * vectors this way. cr's state is saved and restored. Returns 0, or -1
 * with err filled (ERR_USAGE, or ERR_INTERNAL if cr is in an error state).
 */
int chart_draw(const struct chart *c, cairo_t *cr, double x, double y,
	       double w, double h, struct error *err);

#endif
