/*
 * chart-base.h - the part of the chart module that needs no cairo: what
 * checking a chart (chart-check.c), putting it in words
 * (chart-describe.c) and drawing it (chart-int.h, the drawing files)
 * share. Names of inks and statuses, numbers and dates as people read
 * them, the heat map's bands and the data shaped as a chart plots it.
 *
 * Why apart: the folio binary holds these files (chart_base_lib) so that
 * a Markdown paper, which needs a chart's words but not its picture,
 * never loads folio-render.so (core/module.h); the drawing files there
 * call back into the binary for them. So nothing here may use cairo,
 * pango or glib.
 *
 * Not installed: only the chart module's own files include it.
 */
#ifndef FOLIO_CHART_BASE_H
#define FOLIO_CHART_BASE_H

#include <stddef.h>
#include <stdint.h>

#include "chart/chart.h"

struct strbuf;

#define MINUS "\xe2\x88\x92"	/* U+2212: a minus as wide as a plus */

/* chart-text.c: numbers and dates */
/*
 * These are external symbols of the binary; src/assess has its own
 * fmt_date and fmt_month, and a program that links both (the binary and
 * the report tests do) must not see two definitions. The names stay
 * short here.
 */
#define fmt_number chart_fmt_number
#define fmt_value chart_fmt_value
#define fmt_month chart_fmt_month
#define fmt_date chart_fmt_date
/* "12,345", "−1,234.5" (U+2212 minus) into buf. */
void fmt_number(char *buf, size_t size, double v, int decimals);
/* With the chart's prefix and suffix: "£12,000". */
void fmt_value(const struct chart *c, char *buf, size_t size, double v,
	       int decimals);
/* "Apr 2018" */
void fmt_month(char *buf, size_t size, int32_t month);
/* "12 Apr 2018" */
void fmt_date(char *buf, size_t size, int32_t date);
/* The label of category i: its own or its month's. */
const char *category_label(const struct chart *c, size_t i, char *buf,
			   size_t size);

/* chart-text.c: the heat map's bands and axes */
/* Band of a score: its index, name and ink. */
size_t heat_band_count(const struct chart *c);
size_t heat_band_of(const struct chart *c, int score);
const char *heat_band_name(const struct chart *c, size_t b);
enum chart_ink heat_band_ink(const struct chart *c, size_t b);
int heat_band_lo(const struct chart *c, size_t b);
int heat_band_hi(const struct chart *c, size_t b);
const char *heat_likelihood(const struct chart *c, int l);
const char *heat_impact(const struct chart *c, int i);

/* chart-text.c: the data as the charts plot it */
/* Indexes of c->items in date order; the caller free()s them. */
size_t *timeline_sorted(const struct chart *c);
/*
 * The values a monthly chart plots, nseries x ncategories (row-major),
 * NAN where there is none: as given, or running totals, carried on from
 * another series where a series continues one. The caller free()s it.
 * *joins (if not NULL) receives, per series, the category its line is
 * joined from (the month before its first value) or (size_t)-1; the
 * caller free()s that too.
 */
double *monthly_values(const struct chart *c, size_t **joins);
/* S-curve probability at date on series s (linear between points). */
double scurve_prob(const struct chart_series *s, int32_t date);

/* chart-describe.c: the heat map in words, for chart_describe(). */
int chart_describe_heatmap(const struct chart *c, struct strbuf *sb);

#endif
