/*
 * render.c - folio-render.so's table (mod.h): the chart, PDF and XLSX
 * writers, the parts of folio that need cairo, pango and libxlsxwriter.
 * (A chart's check and its words need none; the binary has them.)
 */
#include "mod/mod.h"

#include "chart/chart.h"
#include "report/export.h"
#include "report/report.h"

const struct mod_render folio_mod_render = {
	.abi = MOD_ABI,
	.chart_render = chart_render,
	.chart_render_scaled = chart_render_scaled,
	.report_render_pdf = report_render_pdf,
	.export_xlsx = export_xlsx,
};
