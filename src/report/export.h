/*
 * export.h - an organisation's registers out of folio, for spreadsheets:
 * one XLSX workbook (export-xlsx.c) or one CSV file per register
 * (export-csv.c). docs/outputs.md describes both.
 *
 * These are dataset-level exporters, not renderers of the report model:
 * a register is every record of one kind, with every field of the model
 * as a column (schema.c's descriptors, in their order), plus a few
 * columns worked out for people (a risk's scores, a finance line's
 * financial year).
 *
 * Need to know: an export shows a reader exactly what a paper would.
 * export_view() keeps the records a reader cleared to a marking may see,
 * by the report layer's own rule (paper.h: a record marked above the
 * clearance, or belonging to a programme, project or portfolio marked
 * above it, is left out), and the export carries the highest marking of
 * what it includes. Both writers call it themselves.
 */
#ifndef FOLIO_EXPORT_H
#define FOLIO_EXPORT_H

#include <stddef.h>
#include <stdint.h>

#include "model/schema.h"

struct dataset;
struct error;
struct strbuf;

/* What an export says about itself. */
struct export_info {
	const char *clearance;	/* the reader's (marking_values); NULL: OFFICIAL */
	int32_t date;		/* the export's date (core/date.h); 0: today */
};

/*
 * Fill view with the records of ds a reader cleared to `clearance` may
 * see, every table sorted by natural key. The view borrows ds's records
 * (it copies no record and no string): do not change them through it,
 * and release it with dataset_release() before ds. *marking (may be NULL)
 * is set to the highest marking of the records kept (a marking_values
 * string), at least OFFICIAL. Records that refer to something the reader
 * may not see, or to nothing at all, are left out too.
 *
 * Returns 0, or -1 with err filled and view empty (still to be
 * released): ERR_USAGE for a clearance that is not a marking,
 * ERR_DENIED when no portfolio is visible at it (as for papers).
 */
int export_view(const struct dataset *ds, const char *clearance,
		struct dataset *view, const char **marking, struct error *err);

/*
 * Write the registers of ds a reader cleared to info->clearance may see
 * as an XLSX workbook at path: an "About" sheet (organisation, export
 * date, marking, clearance, what each sheet holds), then one sheet per
 * register with typed cells (dates as dates, money as "£#,##0", numbers
 * as numbers, booleans as TRUE/FALSE), a frozen header row, an
 * autofilter, column widths from the content, and the marking in every
 * sheet's printed header and footer. Returns 0, or -1 with err filled
 * (ERR_IO when the file cannot be written; export_view()'s errors).
 */
int export_xlsx(const struct dataset *ds, const struct export_info *info,
		const char *path, struct error *err);

/*
 * Write the same registers as RFC 4180 CSV files (UTF-8, CRLF, a header
 * line of field names) into the directory dir, created if it does not
 * exist: about.csv, then <register>.csv for each register
 * ("programmes.csv"). A cell that a spreadsheet would take for a formula
 * (starting = + - @, tab or CR, other than a negative number) is quoted
 * and starts with an apostrophe, as `folio list --format csv` does.
 * Returns 0, or -1 with err filled (ERR_IO; export_view()'s errors).
 */
int export_csv(const struct dataset *ds, const struct export_info *info,
	       const char *dir, struct error *err);

/* --- what both writers share (export-view.c) -------------------------- */

/* A register: the records of one kind. */
struct export_register {
	enum kind kind;
	const char *sheet;	/* "Business cases": an XLSX sheet name */
	const char *file;	/* "business_cases": a CSV file name, no ".csv" */
};

extern const struct export_register export_registers[];
extern const size_t export_nregisters;

/* A column of a register: a field of the model, or worked out from them. */
struct export_col {
	const char *name;	/* the field's name: a CSV header */
	const char *title;	/* "Whole-life cost": a spreadsheet header */
	enum ftype type;	/* how the value is typed */
	const struct field *f;	/* NULL for a worked-out column */
	int derived;		/* which worked-out column (export-view.c) */
	char title_buf[48];	/* where title is spelt when it is made */
};

/*
 * The columns of kind k's register (owned by the caller, who frees
 * *cols). Returns the number of columns.
 */
size_t export_columns(enum kind k, struct export_col **cols);

/* A cell's value, typed. */
struct export_val {
	int present;
	enum ftype type;	/* as the column's */
	const char *s;		/* FT_TEXT, FT_ENUM, FT_REF */
	int32_t day;		/* FT_DATE: a date; FT_MONTH: a month */
	int64_t i;		/* FT_INT, FT_MONEY */
	double d;		/* FT_REAL */
	int b;			/* FT_BOOL */
};

/* The value of column c in record rec; buf holds worked-out text. */
void export_value(const struct export_col *c, const void *rec,
		  struct export_val *v, char *buf, size_t size);

/*
 * Append s to sb as text any spreadsheet or XML can carry: valid UTF-8
 * with no control character but tab and newline (a CR-LF or lone CR
 * becomes a newline); anything else becomes U+FFFD. At most max bytes
 * are appended (0: no limit), cut on a character boundary; returns 1
 * when s was cut, else 0.
 */
int export_clean(struct strbuf *sb, const char *s, size_t max);

#endif
