/*
 * cycle-internal.h - helpers shared by the files of src/cycle/.
 */
#ifndef FOLIO_CYCLE_INTERNAL_H
#define FOLIO_CYCLE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "model/schema.h"

struct dataset;
struct error;
struct cycle_ctx;

/* The period record of month, or NULL. */
struct period *cycle_find_period(const struct dataset *ds, int32_t month);
/* The highest version of programme's return for month, or NULL. */
struct monthly_return *cycle_latest_return(const struct dataset *ds,
					   const char *programme,
					   int32_t month);
/* programme has a return in ds for a month after month: its present
   state is newer than month's. */
int cycle_reported_after(const struct dataset *ds, const char *programme, int32_t month);
/* Whether project belongs to programme. */
int cycle_project_in(const struct dataset *ds, const char *project,
		     const char *programme);
/* Two records of kind k hold the same values in every field. */
int cycle_records_equal(enum kind k, const void *a, const void *b);
/* Copy record src of kind k into dst (strings shared, not copied). */
void cycle_record_copy(enum kind k, void *dst, const void *src);
/* Start a write: set the actor and open the transaction. */
int cycle_begin(const struct cycle_ctx *c, struct error *err);
/* Commit when ret is 0, else roll back; returns ret or -1. */
int cycle_end(const struct cycle_ctx *c, int ret, struct error *err);
/* Load ctx's organisation inside the open transaction (ds initialised here). */
int cycle_load(const struct cycle_ctx *c, struct dataset *ds,
	       struct error *err);
/* As cycle_load(), only the kinds in kinds (STORE_KIND bits, store.h). */
int cycle_load_kinds(const struct cycle_ctx *c, uint64_t kinds,
		     struct dataset *ds, struct error *err);

#endif
