/*
 * validate.h - whether a dataset makes sense as a whole: required fields,
 * references that resolve, unique natural keys, the rules the domain
 * implies between fields and records, and no loops in the schedule
 * network.
 *
 * Importers check each value as they read it; this runs afterwards, on
 * any dataset (from the JSON reader, the gmpp importer or a store), before
 * anything is written.
 */
#ifndef FOLIO_VALIDATE_H
#define FOLIO_VALIDATE_H

#include <stddef.h>

struct dataset;
struct entity;
struct field;
struct error;

/*
 * Check ds and report the first problem found, as an ERR_INPUT error
 * whose where is "source: plural[index].field" (array indices are row
 * positions, which for a dataset just read are positions in the file, so
 * run this before dataset_sort()).
 *
 * "First" means: the organisation count, then kinds in enum order, rows
 * in row order, and within a row its fields in descriptor order followed
 * by the rules between fields; the dependency-loop check runs once all
 * dependency rows have passed. Checks:
 *  - exactly one organisation;
 *  - required fields present (text non-empty);
 *  - enum spellings, INT and REAL ranges, reals finite;
 *  - every reference names a record of the referenced kind;
 *  - natural keys unique, composite keys too;
 *  - risk and issue levels: portfolio has no programme, programme and
 *    project have one; a project named beside a programme belongs to it;
 *    risk links join a portfolio risk to a programme or project risk;
 *  - dates in order (start before end, raised before resolved, ...) and
 *    three-point estimates optimistic <= likely <= pessimistic;
 *  - DCA ratings on the organisation's scale (three-point allows only
 *    Green, Amber, Red, Exempt and Not assessed);
 *  - no dependency loop among activities (the message names the loop).
 *
 * Runs in O(n log n) time with O(n) extra memory and no recursion.
 * source may be NULL. Returns 0 when ds is sound, -1 with err filled.
 */
int dataset_validate(const struct dataset *ds, const char *source,
		     struct error *err);

/*
 * Sort rows[0..n) (records of kind e) by natural key, keeping rows with
 * equal keys in their given order. Unlike dataset_sort() this is
 * re-entrant and works on any array of row pointers, e.g. a copy of a
 * const dataset's table.
 */
void record_sort(const struct entity *e, void **rows, size_t n);

/*
 * What a value of field f must look like, in words for messages and
 * docs: "a date (YYYY-MM-DD or DD/MM/YYYY)", "an integer from 1 to 5",
 * "one of pipeline, active, closed". Written into buf; returns buf.
 */
char *field_expected(const struct field *f, char *buf, size_t size);

#endif
