/*
 * dataset.h - one organisation's records held in memory.
 *
 * A dataset is what the JSON importer produces, what the store saves and
 * loads, what the exporter writes and what report builders read. It owns
 * every record and every string in them (all in its arena); records never
 * move once added, so pointers to them stay valid until
 * dataset_release().
 */
#ifndef FOLIO_DATASET_H
#define FOLIO_DATASET_H

#include <stddef.h>

#include "core/arena.h"
#include "model/schema.h"

struct table {
	void **rows;
	size_t n;
	size_t alloc;
	int sorted;	/* rows are in key order (dataset_sort) */
};

struct dataset {
	struct arena arena;
	struct table t[K__COUNT];
};

void dataset_init(struct dataset *ds);
void dataset_release(struct dataset *ds);

/* Append a record of kind k with every field absent; ds owns it. */
void *dataset_add(struct dataset *ds, enum kind k);
static inline size_t dataset_count(const struct dataset *ds, enum kind k)
{
	return ds->t[k].n;
}
static inline void *dataset_row(const struct dataset *ds, enum kind k, size_t i)
{
	return ds->t[k].rows[i];
}
/* The organisation record, or NULL if the dataset has none. */
struct organisation *dataset_org(const struct dataset *ds);
/* Copy a string into the dataset's arena (NULL stays NULL). */
char *dataset_strdup(struct dataset *ds, const char *s);

/* Sort every table by its natural key. */
void dataset_sort(struct dataset *ds);
/* Order of two records of the same kind by natural key. */
int record_key_cmp(const struct entity *e, const void *a, const void *b);
/*
 * Find a record whose single text key equals key (a programme by code, a
 * user by username); NULL if none. Uses binary search once the table is
 * sorted, a scan otherwise.
 */
void *dataset_find(const struct dataset *ds, enum kind k, const char *key);
/*
 * The natural key as text, parts joined by '/': "SLP", "SLP/2018-03/1".
 * Returns buf.
 */
char *record_key_text(const struct entity *e, const void *rec, char *buf,
		      size_t size);
/* A field's value as text ("" when absent); returns buf. */
char *field_text(const void *rec, const struct field *f, char *buf, size_t size);

#define DS_FOREACH(ds, k, type, var) \
	for (size_t var##_i_ = 0; var##_i_ < (ds)->t[k].n; var##_i_++) \
		for (type *var = (ds)->t[k].rows[var##_i_]; var; var = NULL)

#endif
