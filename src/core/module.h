/*
 * module.h - the parts of folio that live in modules of their own and are
 * loaded the first time they are used.
 *
 * Why: the libraries behind the PDF and chart renderers (cairo, pango and
 * glib), the spreadsheet writer, the web server (libmicrohttpd and gnutls)
 * and PostgreSQL (libpq, Kerberos, LDAP) are some seventy shared objects.
 * Mapping them costs about 12 ms at every start, which is most of the time
 * a command such as `folio schedule cpm` takes. So they sit in
 * folio-render.so, folio-web.so and folio-pg.so (src/mod/), and the binary
 * dlopen()s one when a command first needs it, the way git keeps libcurl in
 * its remote helpers. A module resolves everything else it calls (strbuf,
 * the store, the report model...) against the binary, which exports its
 * symbols for that; its own symbols stay hidden but for one table.
 */
#ifndef FOLIO_CORE_MODULE_H
#define FOLIO_CORE_MODULE_H

#include <stddef.h>

struct error;

/*
 * The table named symbol in module name ("render" for folio-render.so),
 * loading the module on first use: from the directory of the running
 * binary, else from the directory it was installed to (FOLIO_MODULE_DIR).
 * Thread-safe; a module stays loaded. Returns the table, or NULL with err
 * filled (ERR_IO: the module is missing or does not load, with dlerror()'s
 * reason; err may be NULL).
 */
const void *module_get(const char *name, const char *symbol, struct error *err);

/* A function a shared library is opened for, and where its address goes. */
struct module_fn {
	const char *name;
	void **slot;	/* (void **)&table.member: POSIX's data-to-function way */
};

/*
 * Open the shared library soname (RTLD_LOCAL) and fill the n slots of fns:
 * for a library a single file of folio uses through a typed table (libxml2
 * in sched/mspdi.c, libcrypto in cycle/verify.c) instead of linking it,
 * which every command's start-up would pay for. Returns 0, or -1 with why
 * filled (dlerror()'s reason, or the function missing) and every slot NULL.
 * Not thread-safe by itself: call it under pthread_once().
 */
int module_lib_open(const char *soname, const struct module_fn *fns, size_t n,
		    char *why, size_t whylen);

#endif
