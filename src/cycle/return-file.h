/*
 * return-file.h - one programme's monthly return as a file: the template
 * folio writes pre-filled, and the reader that checks what comes back.
 *
 * The format (docs/cycle.md has it in full) is a JSON object:
 *
 *	{ "folio_return": 1, "organisation": "MPS", "programme": "SLP",
 *	  "period": "2018-04", "version": 1,
 *	  "return": { "dca": "Amber", "headline": "...", ... },
 *	  "milestones": [ { "code": "SLP-M4", "forecast_date": "...", ... } ],
 *	  "risks": [ ... ], "issues": [ ... ], "benefits": [ ... ],
 *	  "finance": { "year": 2018, ... } }
 *
 * and, optionally, the milestone table as CSV (header row naming the
 * columns). Member names are the model's field names (model/schema.c).
 * In each row some fields may be changed by a return and some are there
 * for the author's reference ("context": a milestone's name and baseline
 * date, a risk's title...); a context field sent back must still match
 * what folio holds. A member left out leaves the value as it is; null (or
 * an empty CSV cell) clears it.
 *
 * The reader is strict, as the interchange reader is: an unknown member,
 * a value of the wrong type or out of range is an error whose `where` is
 * "FILE: milestones[3].forecast_date", "FILE.csv:4" or, for one cell,
 * "FILE.csv:4:10" (line and column, from 1; "FILE:2:12" for JSON that
 * does not parse) and whose message names the field and what was expected. Whether the codes exist and
 * belong to the programme is checked when the return is submitted
 * (cycle.h), against the store.
 */
#ifndef FOLIO_RETURN_FILE_H
#define FOLIO_RETURN_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "model/dataset.h"

struct error;
struct strbuf;

/* The value of "folio_return" this code reads and writes. */
#define RETURN_FILE_VERSION 1
/* Files larger than this are refused. */
#define RETURN_FILE_MAX ((size_t)16 << 20)

/* The parts of a return file, in file order. */
enum return_section {
	RS_MILESTONES,
	RS_RISKS,
	RS_ISSUES,
	RS_BENEFITS,
	RS_FINANCE,
	RS__COUNT
};

/* One row of a section: a partial record and which fields it gave. */
struct return_row {
	void *rec;		/* a record of the section's kind */
	uint64_t given;		/* bit i: field i of the kind was given */
	const char *title;	/* benefits: the benefit's title, if given */
	int has_title;
	const char *where;	/* "FILE: milestones[3]" or "FILE.csv:4" */
	int csv;		/* read from the CSV table: where is a line */
};

struct cycle_return {
	struct dataset ds;	/* owns every record and string */
	const char *source;	/* the JSON file's name, for messages */
	const char *organisation; /* NULL when the file names none */
	int64_t version;	/* version the file expects, INT_NONE: any */
	struct monthly_return *ret;	/* programme, period and the fields given */
	uint64_t ret_given;
	struct return_row *rows[RS__COUNT];
	size_t nrows[RS__COUNT];
	size_t alloc[RS__COUNT];
	int milestones_from_csv;	/* the CSV replaced the JSON's rows */
};

/* The kind of record each section's rows are, and its JSON member. */
enum kind return_section_kind(enum return_section s);
const char *return_section_member(enum return_section s);
/*
 * Whether field (a field of the section's kind, or "title" for benefits)
 * may be changed by a return (1), is context that must match (2), or is
 * the row's key (3); 0: not allowed in the section.
 */
int return_field_role(enum return_section s, const char *field);
#define RF_UPDATE 1
#define RF_CONTEXT 2
#define RF_KEY 3
/* The same for the "return" object's members (RF_UPDATE or 0). */
int return_member_role(const char *field);

void cycle_return_init(struct cycle_return *r);
void cycle_return_release(struct cycle_return *r);

/*
 * Parse the JSON return text[0..len) into r (initialised by the caller
 * with cycle_return_init()). source names it in messages (may be NULL).
 * Returns 0, or -1 with err filled (ERR_INPUT); r is released by the
 * caller either way.
 */
int cycle_return_read(struct cycle_return *r, const char *text, size_t len,
		      const char *source, struct error *err);
/* As cycle_return_read(), from a file (ERR_IO when it cannot be read). */
int cycle_return_read_file(struct cycle_return *r, const char *path,
			   struct error *err);
/*
 * Replace r's milestone rows by the CSV milestone table text[0..len)
 * (header row first, columns named as the JSON members). Errors name
 * "source:LINE" and the column.
 */
int cycle_return_read_csv(struct cycle_return *r, const char *text,
			  size_t len, const char *source, struct error *err);
int cycle_return_read_csv_file(struct cycle_return *r, const char *path,
			       struct error *err);

/*
 * Write the pre-filled return of programme for month from ds to json
 * (and, when csv is not NULL, the milestone table to csv):
 *  - the return's fields from the programme's return for month if it has
 *    one (the latest version; the template is then for the next version
 *    when month is published, a correction), else from its latest
 *    published return before month;
 *  - its milestones not achieved before month began, open risks and
 *    issues (its own and its projects'), benefits with month's plan and
 *    actual, and the finance line of month's financial year.
 * Output is deterministic: rows by code, members in a fixed order.
 * ERR_NOTFOUND when there is no such programme.
 */
int cycle_return_template(const struct dataset *ds, const char *programme,
			  int32_t month, struct strbuf *json,
			  struct strbuf *csv, struct error *err);

#endif
