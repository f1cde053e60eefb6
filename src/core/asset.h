/*
 * asset.h - files from data/ (SQL, templates, static files, the demo
 * portfolio) compiled into the binary by tools/embed.py.
 *
 * Names are paths relative to data/, e.g. "sql/sqlite/schema-001.sql".
 * The bytes are followed by a NUL, so text assets can be used as strings.
 */
#ifndef FOLIO_ASSET_H
#define FOLIO_ASSET_H

#include <stddef.h>

struct asset {
	const char *name;
	const unsigned char *data;
	size_t len;
};

/* The asset called name, or NULL. */
const struct asset *asset_find(const char *name);
/* All assets, sorted by name; *n receives the count. */
const struct asset *asset_all(size_t *n);

#endif
