/*
 * dataset.c - records in memory, sorted and found by natural key.
 */
#include "model/dataset.h"
#include "core/date.h"
#include "core/xmalloc.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
dataset_init(struct dataset *ds)
{
	memset(ds, 0, sizeof(*ds));
	arena_init(&ds->arena);
}

void
dataset_release(struct dataset *ds)
{
	for (int k = 0; k < K__COUNT; k++)
		free(ds->t[k].rows);
	arena_release(&ds->arena);
	memset(ds, 0, sizeof(*ds));
}

void *
dataset_add(struct dataset *ds, enum kind k)
{
	const struct entity *e = entity_of(k);
	struct table *t = &ds->t[k];
	void *rec = arena_alloc(&ds->arena, e->size);

	record_clear(rec, e);
	ALLOC_GROW(t->rows, t->n + 1, t->alloc);
	t->rows[t->n++] = rec;
	t->sorted = 0;
	return rec;
}

struct organisation *
dataset_org(const struct dataset *ds)
{
	return ds->t[K_ORGANISATION].n ? ds->t[K_ORGANISATION].rows[0] : NULL;
}

char *
dataset_strdup(struct dataset *ds, const char *s)
{
	return arena_strdup(&ds->arena, s);
}

static int
cmp_field(const struct field *f, const void *a, const void *b)
{
	void *ra = (void *)a, *rb = (void *)b;

	switch (f->type) {
	case FT_TEXT:
	case FT_ENUM:
	case FT_REF: {
		const char *x = *field_str(ra, f), *y = *field_str(rb, f);

		if (x == NULL || y == NULL)
			return (x != NULL) - (y != NULL);
		return strcmp(x, y);
	}
	case FT_DATE:
	case FT_MONTH: {
		int32_t x = *field_i32(ra, f), y = *field_i32(rb, f);

		return (x > y) - (x < y);
	}
	case FT_INT:
	case FT_MONEY: {
		int64_t x = *field_i64(ra, f), y = *field_i64(rb, f);

		return (x > y) - (x < y);
	}
	case FT_REAL: {
		double x = *field_real(ra, f), y = *field_real(rb, f);

		return (x > y) - (x < y);
	}
	case FT_BOOL:
		return *field_bool(ra, f) - *field_bool(rb, f);
	}
	return 0;
}

int
record_key_cmp(const struct entity *e, const void *a, const void *b)
{
	for (size_t i = 0; i < e->nfields; i++) {
		int c;

		if (!(e->fields[i].flags & F_KEY))
			continue;
		c = cmp_field(&e->fields[i], a, b);
		if (c)
			return c;
	}
	return 0;
}

/* qsort has no context argument in C11: sort one kind at a time. */
static const struct entity *sort_entity;

static int
cmp_rows(const void *a, const void *b)
{
	return record_key_cmp(sort_entity, *(void *const *)a, *(void *const *)b);
}

void
dataset_sort(struct dataset *ds)
{
	for (int k = 0; k < K__COUNT; k++) {
		struct table *t = &ds->t[k];

		if (t->sorted)
			continue;
		sort_entity = entity_of(k);
		if (t->n > 1)
			qsort(t->rows, t->n, sizeof(*t->rows), cmp_rows);
		t->sorted = 1;
	}
	sort_entity = NULL;
}

void *
dataset_find(const struct dataset *ds, enum kind k, const char *key)
{
	const struct entity *e = entity_of(k);
	const struct table *t = &ds->t[k];
	const struct field *kf = &e->fields[0];

	if (key == NULL)
		return NULL;
	if (t->sorted) {
		size_t lo = 0, hi = t->n;

		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			const char *s = *field_str(t->rows[mid], kf);
			int c = s ? strcmp(key, s) : 1;

			if (c == 0)
				return t->rows[mid];
			if (c < 0)
				hi = mid;
			else
				lo = mid + 1;
		}
		return NULL;
	}
	for (size_t i = 0; i < t->n; i++) {
		const char *s = *field_str(t->rows[i], kf);

		if (s && strcmp(s, key) == 0)
			return t->rows[i];
	}
	return NULL;
}

char *
field_text(const void *crec, const struct field *f, char *buf, size_t size)
{
	void *rec = (void *)crec;
	char tmp[32];

	buf[0] = '\0';
	if (!field_present(rec, f))
		return buf;
	switch (f->type) {
	case FT_TEXT:
	case FT_ENUM:
	case FT_REF:
		snprintf(buf, size, "%s", *field_str(rec, f));
		break;
	case FT_DATE:
		snprintf(buf, size, "%s", date_format(*field_i32(rec, f), tmp));
		break;
	case FT_MONTH:
		snprintf(buf, size, "%s", month_format(*field_i32(rec, f), tmp));
		break;
	case FT_INT:
	case FT_MONEY:
		snprintf(buf, size, "%" PRId64, *field_i64(rec, f));
		break;
	case FT_REAL:
		snprintf(buf, size, "%.15g", *field_real(rec, f));
		break;
	case FT_BOOL:
		snprintf(buf, size, "%s", *field_bool(rec, f) ? "true" : "false");
		break;
	}
	return buf;
}

char *
record_key_text(const struct entity *e, const void *rec, char *buf,
		size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < e->nfields && len + 1 < size; i++) {
		const struct field *f = &e->fields[i];
		char part[256];

		if (!(f->flags & F_KEY))
			continue;
		field_text(rec, f, part, sizeof(part));
		len += (size_t)snprintf(buf + len, size - len, "%s%s",
					len ? "/" : "", part);
	}
	return buf;
}
