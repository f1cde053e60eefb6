/*
 * mod.h - the tables through which the folio binary calls its modules
 * (core/module.h says why there are modules).
 *
 * Each module exports one table, folio_mod_<name>, of the functions the
 * rest of folio calls in it; lazy.c defines those functions in the binary
 * as small trampolines that load the module and call through its table.
 * The tests link the libraries themselves and never go through here. A
 * table starts with the ABI number it was built for, so a module left
 * over from another build is refused rather than called.
 */
#ifndef FOLIO_MOD_H
#define FOLIO_MOD_H

#include <stddef.h>

#include "chart/chart.h"

struct dataset;
struct error;
struct export_info;
struct report;
struct store_ops;
struct strbuf;
struct web;
struct web_config;

/* Bump when a table below changes. */
#define MOD_ABI 2

/*
 * folio-render.so: charts drawn, PDF papers, XLSX workbooks (cairo,
 * pango, libxlsxwriter). What needs no cairo - chart_check(),
 * chart_describe(), the ink and status names - the binary holds itself
 * (chart/chart-base.h).
 */
struct mod_render {
	int abi;
	int (*chart_render)(const struct chart *c, enum chart_format fmt,
			    double width_pt, double height_pt, struct strbuf *out,
			    struct error *err);
	int (*chart_render_scaled)(const struct chart *c, enum chart_format fmt,
				   double width_pt, double height_pt, double scale,
				   struct strbuf *out, struct error *err);
	int (*report_render_pdf)(const struct report *r, struct strbuf *out,
				 struct error *err);
	int (*export_xlsx)(const struct dataset *ds, const struct export_info *info,
			   const char *path, struct error *err);
};

/* folio-web.so: the web application (libmicrohttpd). */
struct mod_web {
	int abi;
	void (*web_config_init)(struct web_config *c);
	int (*web_start)(const struct web_config *c, struct web **out,
			 struct error *err);
	unsigned (*web_port)(const struct web *w);
	void (*web_stop)(struct web *w);
	int (*web_password_hash)(const char *password, int fast, char **hash,
				 struct error *err);
};

/* folio-pg.so: the PostgreSQL store backend (libpq). */
struct mod_pg {
	int abi;
	const struct store_ops *ops;
};

/*
 * In the binary (lazy.c): 0 when the render module is there to use, or -1
 * with err saying why not. For callers that would otherwise learn of a
 * missing module only as a chart that could not be drawn.
 */
int mod_render_ready(struct error *err);

/* The one symbol a module exports. */
#define MOD_EXPORT __attribute__((visibility("default")))

MOD_EXPORT extern const struct mod_render folio_mod_render;
MOD_EXPORT extern const struct mod_web folio_mod_web;
MOD_EXPORT extern const struct mod_pg folio_mod_pg;

#endif
