/*
 * interchange.h - the folio JSON interchange format: a whole organisation
 * in one JSON document (described in docs/format.md).
 *
 * The reader is strict: anything it does not understand (malformed JSON,
 * an unknown member or field, a value of the wrong type, an enum spelling
 * outside the list, an integer out of range) is an error naming the place
 * in the file, never a silent guess. It checks each value on its own;
 * whether the records make sense together (required fields, references,
 * duplicates, dependency loops) is dataset_validate()'s job
 * (model/validate.h), which callers run next.
 *
 * The writer is deterministic: kinds in enum order, rows by natural key,
 * fields in descriptor order, so export -> import -> export gives the
 * same bytes.
 */
#ifndef FOLIO_INTERCHANGE_H
#define FOLIO_INTERCHANGE_H

#include <stddef.h>

struct dataset;
struct error;
struct strbuf;

/* The value of the "folio" member this code reads and writes. */
#define INTERCHANGE_VERSION 1
/* interchange_read_file() refuses files larger than this. */
#define INTERCHANGE_MAX_FILE ((size_t)256 << 20)

/*
 * Parse the document text[0..len) (no NUL needed) into ds.
 *
 * ds is (re)initialised with dataset_init() here, so the caller may pass
 * either a fresh dataset_init()ed one or uninitialised memory; it must
 * not hold records, which would leak. Records are added in file order
 * (tables are left unsorted), so validation can name array indices.
 * Every string is copied into ds's arena; text is not kept.
 *
 * source names the document in messages ("demo.json"); it may be NULL.
 * Returns 0, or -1 with err filled (ERR_INPUT) and ds emptied again; in
 * both cases ds is initialised and the caller releases it with
 * dataset_release().
 */
int interchange_read(const char *text, size_t len, const char *source,
		     struct dataset *ds, struct error *err);

/*
 * As interchange_read(), reading the file at path (the path is the
 * source in messages). Files over INTERCHANGE_MAX_FILE are refused.
 * Errors: ERR_IO when the file cannot be read, ERR_INPUT otherwise.
 */
int interchange_read_file(const char *path, struct dataset *ds,
			  struct error *err);

/*
 * Append ds as a folio JSON document to out: 2-space indent, a trailing
 * newline, kinds in enum order with empty ones left out, rows in natural
 * key order, fields in descriptor order with absent ones left out.
 *
 * ds is not modified: the writer sorts its own copy of each table's row
 * order, so the caller need not call dataset_sort() first (it does no
 * harm). Reals are written in the shortest form that reads back to the
 * same double (800, 0.1, 62.5); integral reals carry no ".0" and still
 * read back as reals because the field's type says so.
 *
 * Returns 0, or -1 with err filled and out restored to its length on
 * entry: ERR_INPUT when ds holds something JSON cannot carry (more than
 * one organisation, an infinite real, text that is not UTF-8), ERR_IO
 * when out's size cap is reached.
 */
int interchange_write(const struct dataset *ds, struct strbuf *out,
		      struct error *err);

/*
 * The shortest decimal text that reads back (strtod) to exactly v, as a
 * JSON number: "800", "0.1", "62.5", "1e-07"; "0" for -0. v must be
 * finite. buf holds at least 32 bytes; returns buf.
 */
char *interchange_format_real(double v, char *buf);

struct json_t;
struct field;

/* Room for interchange_describe()'s text of any value. */
#define INTERCHANGE_DESCRIBE_MAX 136

/*
 * A JSON value as an error message shows it: "Purple", 7, 4.0, true, an
 * object. Long strings are cut. Returns buf.
 */
const char *interchange_describe(const struct json_t *v, char *buf,
				 size_t size);
/*
 * Read one JSON value into field f of rec (a record of ds), exactly as the
 * interchange reader does: strings copied into ds's arena, dates in ISO or
 * DD/MM/YYYY, enum spellings and ranges checked, null left absent. On a
 * mismatch fills err (ERR_INPUT, where "source: path") with what was
 * expected and what was found, and returns -1. Shared with other strict
 * JSON readers (src/cycle/return-file.c) so every file says it the same way.
 */
int interchange_read_value(struct dataset *ds, const char *source,
			   const char *path, void *rec, const struct field *f,
			   const struct json_t *v, struct error *err);

#endif
