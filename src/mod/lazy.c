/*
 * lazy.c - in the folio binary, the functions that live in modules
 * (mod.h): each loads its module on first use and calls through the
 * module's table. The tests link the real functions instead.
 *
 * A function with an error argument reports a module that cannot be
 * loaded there; the few without one (web_config_init) do what is
 * harmless, and the call that follows them reports it.
 */
#include "mod/mod.h"

#include <string.h>

#include "core/error.h"
#include "core/module.h"
#include "report/export.h"
#include "report/report.h"
#include "store/store-internal.h"
#include "web/web.h"

#ifdef FOLIO_MODULES_LINKED
/* The sanitizer builds link the modules (meson.build says why). */
static const void *
linked(const char *name, const char *symbol, struct error *err)
{
	(void)symbol;
	if (strcmp(name, "render") == 0)
		return &folio_mod_render;
	if (strcmp(name, "web") == 0)
		return &folio_mod_web;
#ifdef FOLIO_STORE_PG
	if (strcmp(name, "pg") == 0)
		return &folio_mod_pg;
#endif
	error_set(err, ERR_INTERNAL, "no module %s", name);
	return NULL;
}
#define module_get linked
#endif

static const void *
table(const char *name, const char *symbol, struct error *err)
{
	const int *t = module_get(name, symbol, err);

	if (t != NULL && *t != MOD_ABI) {
		error_set(err, ERR_IO,
			  "folio's %s module was built for another folio (table %d, not %d): reinstall folio",
			  name, *t, MOD_ABI);
		t = NULL;
	}
	return t;
}

/* --- folio-render.so ----------------------------------------------------- */

static const struct mod_render *
render(struct error *err)
{
	return table("render", "folio_mod_render", err);
}

int
mod_render_ready(struct error *err)
{
	return render(err) ? 0 : -1;
}

int
chart_render(const struct chart *c, enum chart_format fmt, double width_pt,
	     double height_pt, struct strbuf *out, struct error *err)
{
	const struct mod_render *m = render(err);

	return m ? m->chart_render(c, fmt, width_pt, height_pt, out, err) : -1;
}

int
chart_render_scaled(const struct chart *c, enum chart_format fmt,
		    double width_pt, double height_pt, double scale,
		    struct strbuf *out, struct error *err)
{
	const struct mod_render *m = render(err);

	return m ? m->chart_render_scaled(c, fmt, width_pt, height_pt, scale, out, err) : -1;
}

int
report_render_pdf(const struct report *r, struct strbuf *out, struct error *err)
{
	const struct mod_render *m = render(err);

	return m ? m->report_render_pdf(r, out, err) : -1;
}

int
export_xlsx(const struct dataset *ds, const struct export_info *info,
	    const char *path, struct error *err)
{
	const struct mod_render *m = render(err);

	return m ? m->export_xlsx(ds, info, path, err) : -1;
}

/* --- folio-web.so -------------------------------------------------------- */

static const struct mod_web *
web(struct error *err)
{
	return table("web", "folio_mod_web", err);
}

void
web_config_init(struct web_config *c)
{
	const struct mod_web *m = web(NULL);

	if (m)
		m->web_config_init(c);
	else
		memset(c, 0, sizeof(*c));
}

int
web_start(const struct web_config *c, struct web **out, struct error *err)
{
	const struct mod_web *m = web(err);

	*out = NULL;
	return m ? m->web_start(c, out, err) : -1;
}

unsigned
web_port(const struct web *w)
{
	return web(NULL)->web_port(w);	/* there is a web: web_start() loaded it */
}

void
web_stop(struct web *w)
{
	if (w != NULL)
		web(NULL)->web_stop(w);
}

int
web_password_hash(const char *password, int fast, char **hash, struct error *err)
{
	const struct mod_web *m = web(err);

	return m ? m->web_password_hash(password, fast, hash, err) : -1;
}

/* --- folio-pg.so --------------------------------------------------------- */

#ifdef FOLIO_STORE_PG
const struct store_ops *
store_pg_backend(struct error *err)
{
	const struct mod_pg *m = table("pg", "folio_mod_pg", err);

	return m ? m->ops : NULL;
}
#endif
