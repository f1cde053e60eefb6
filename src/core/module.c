/*
 * module.c - loading folio's modules on first use (module.h).
 */
#include "core/module.h"

#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/error.h"

#ifndef FOLIO_MODULE_DIR
#define FOLIO_MODULE_DIR "/usr/local/lib/folio"
#endif

#define MAX_MODULES 8

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
	const char *name;	/* a string literal of the caller's */
	const void *table;
} loaded[MAX_MODULES];
static int nloaded;

/* The directory of the running binary into dir, or "" if unknown. */
static void
self_dir(char *dir, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", dir, size - 1);
	char *slash;

	if (n <= 0 || (size_t)n >= size - 1) {
		dir[0] = '\0';
		return;
	}
	dir[n] = '\0';
	slash = strrchr(dir, '/');
	if (slash == NULL)
		dir[0] = '\0';
	else
		*slash = '\0';
}

/* The module's file beside the binary (a build tree, or a copy), else where
   it was installed. */
static void *
open_module(const char *name, struct error *err)
{
	char dir[PATH_MAX], path[PATH_MAX + 64];
	void *h;

	self_dir(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/folio-%s.so", dir, name);
	if (dir[0] == '\0' || access(path, F_OK) != 0)
		snprintf(path, sizeof(path), "%s/folio-%s.so", FOLIO_MODULE_DIR, name);
	h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (h == NULL) {
		const char *why = dlerror();

		error_set(err, ERR_IO, "cannot load folio's %s module: %s (reinstall folio)",
			  name, why ? why : path);
	}
	return h;
}

const void *
module_get(const char *name, const char *symbol, struct error *err)
{
	const void *table = NULL;
	void *h;

	pthread_mutex_lock(&lock);
	for (int i = 0; i < nloaded; i++)
		if (strcmp(loaded[i].name, name) == 0) {
			table = loaded[i].table;
			goto out;
		}
	if (nloaded == MAX_MODULES) {
		error_set(err, ERR_INTERNAL, "too many modules");
		goto out;
	}
	h = open_module(name, err);
	if (h == NULL)
		goto out;
	table = dlsym(h, symbol);
	if (table == NULL) {
		error_set(err, ERR_IO, "folio's %s module has no %s: reinstall folio",
			  name, symbol);
		dlclose(h);
		goto out;
	}
	loaded[nloaded].name = name;
	loaded[nloaded].table = table;
	nloaded++;
out:
	pthread_mutex_unlock(&lock);
	return table;
}

int
module_lib_open(const char *soname, const struct module_fn *fns, size_t n,
		char *why, size_t whylen)
{
	void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);

	if (h == NULL) {
		const char *e = dlerror();

		snprintf(why, whylen, "%s", e ? e : soname);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		*fns[i].slot = dlsym(h, fns[i].name);
		if (*fns[i].slot == NULL) {
			snprintf(why, whylen, "%s lacks %s, a function folio uses",
				 soname, fns[i].name);
			for (size_t j = 0; j < n; j++)
				*fns[j].slot = NULL;
			dlclose(h);
			return -1;
		}
	}
	return 0;
}
