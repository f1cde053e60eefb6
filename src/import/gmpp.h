/*
 * gmpp.h - the importer for the UK Government Major Projects Portfolio
 * (GMPP) data that departments publish each year: one CSV row per
 * project with its department, the IPA's delivery confidence rating,
 * dates, the year's budget and forecast, whole-life cost and narratives.
 *
 * Each call reads one year's file and merges it into a dataset, so
 * importing several years builds every project's rating history: one
 * portfolio per department, one programme per project (the same code in
 * every year), one independent DCA and one finance line per project and
 * year. docs/gmpp.md states the column mapping and every normalisation
 * rule; the rules are summarised beside the functions below.
 *
 * Rows that cannot be read are refused one by one with their line number
 * and a reason, and never stop the other rows: the caller decides what
 * to do with a partial import.
 */
#ifndef FOLIO_GMPP_H
#define FOLIO_GMPP_H

#include <stddef.h>
#include <stdint.h>

struct dataset;
struct error;

/* The organisation code a GMPP import creates in an empty dataset. */
#define GMPP_ORG_CODE "GMPP"
/* Who made the GMPP ratings: the Infrastructure and Projects Authority. */
#define GMPP_ASSESSOR "independent"

/* A row that was not imported. */
struct gmpp_refusal {
	long line;	/* physical line (1-based) where the record starts */
	char *reason;	/* "no project name"; owned by the summary */
};

/* What one gmpp_read() did. */
struct gmpp_summary {
	char *file;		/* base name of the file, for messages; owned */
	int year;		/* publication year read */
	size_t rows;		/* data records read (the header excluded) */
	size_t imported;
	size_t refused;		/* rows == imported + refused */
	size_t normalised;	/* imported ratings respelt (see gmpp_rating) */
	struct gmpp_refusal *refusals;	/* `refused` entries, in file order */
	size_t alloc;
};

void gmpp_summary_init(struct gmpp_summary *sum);
void gmpp_summary_release(struct gmpp_summary *sum);

/*
 * Read the GMPP file at path, published in `year`, and merge its rows
 * into ds (which may be empty or hold other years).
 *
 * The file may be comma-, semicolon- or tab-separated (told from its
 * header line), Latin-1, Windows-1252 or UTF-8 (told from its bytes), with
 * any line endings and line breaks inside quoted fields (a refusal's
 * line counts the file's own line ends: LF, or CR in a file of bare
 * CRs, as grep -n and editors do). Columns are
 * found by header name (see docs/gmpp.md); project_name, department and
 * colour_rating must exist.
 *
 * sum is reset, then filled. Returns 0 when the file was read, however
 * many rows were refused. Returns -1 with err filled (and ds unchanged)
 * when the file cannot be read at all: it cannot be opened, is not text,
 * has no header or lacks a required column, or year is outside 2000..2100.
 */
int gmpp_read(const char *path, int year, struct dataset *ds,
	      struct gmpp_summary *sum, struct error *err);

/*
 * As gmpp_read(), from len bytes at buf; name stands for the file's path:
 * errors name it as given, sum->file is its base name.
 */
int gmpp_read_mem(const char *name, const char *buf, size_t len, int year,
		  struct dataset *ds, struct gmpp_summary *sum,
		  struct error *err);

/*
 * The date the ratings of `year`'s publication describe: 30 September of
 * the year before for publications up to 2020, 31 March of the same year
 * from 2021 (when the IPA moved its snapshot to the financial year end).
 */
int32_t gmpp_snapshot_date(int year);
/* The financial year (by its first year) of the publication's figures. */
int gmpp_financial_year(int year);

/* Number of spellings in dca_values (schema.c): five ratings, two others. */
#define GMPP_NRATINGS 7

/* How many projects held each rating in one year's publication. */
struct gmpp_distribution {
	size_t count[GMPP_NRATINGS];	/* by index in dca_values */
	size_t unknown;		/* ratings not in dca_values (invalid data) */
	size_t total;		/* projects rated that year, unknown included */
};

/*
 * How ratings moved from one publication to another, project by project.
 * up + down + same + unrated is the number of projects in both.
 */
struct gmpp_movement {
	size_t up;	/* rated in both, better in the later year */
	size_t down;	/* rated in both, worse in the later year */
	size_t same;	/* rated in both, unchanged */
	size_t unrated;	/* in both, Exempt or Not assessed in either */
	size_t entered;	/* in the later year only */
	size_t left;	/* in the earlier year only */
};

/*
 * Count the independent assessments of ds dated `year`'s snapshot
 * (gmpp_snapshot_date) per rating: the distribution of that year's
 * publication. Fills *out completely.
 */
void gmpp_distribution(const struct dataset *ds, int year,
		       struct gmpp_distribution *out);

/*
 * Compare the ratings of from_year's publication with to_year's,
 * matching projects by programme code. Only Green .. Red are ordered
 * (Green best); Exempt and Not assessed are counted as unrated, never as
 * a move. Fills *out completely; O(n log n) in the DCA records.
 */
void gmpp_movement(const struct dataset *ds, int from_year, int to_year,
		   struct gmpp_movement *out);

/*
 * The canonical spelling (a dca_values string) of a published rating,
 * or NULL when the text is not a rating. Case, spaces and the separator
 * between two colours ("Amber / red", "AMBER-RED") do not matter; text
 * beginning "Exempt" is "Exempt"; empty, "N/A", "Not provided", "TBC"
 * and the like, and a sentence of four or more words naming no rating
 * (why none was given), are "Not assessed".
 */
const char *gmpp_rating(const char *text);

/*
 * Parse a published date: YYYY-MM-DD, DD.MM.YY, DD/MM/YYYY and other
 * day-month-year forms with '.', '/' or '-', "8 July 2014", "08-Jul-14",
 * month-only forms ("Jul-14", "July 2014": the first of the month, or
 * its last day when end is non-zero) and Excel serial day numbers. A
 * two-digit year is read in the hundred years from year-50 to year+49.
 * Returns 0 with *out set, -1 when s is not a date in any of these
 * forms, -2 when it has a date's form but no such day exists
 * (31.02.18).
 */
int gmpp_parse_date(const char *s, int year, int end, int32_t *out);

/*
 * Parse an amount published in millions of pounds ("£12,131.50",
 * "-£0.4", "(£3.2)", "£1.2bn") into whole pounds, rounded half away from
 * zero. Returns 0 with *out set, -1 when s is not an amount.
 */
int gmpp_parse_money(const char *s, int64_t *out);

/*
 * The programme code of a project name: parenthesised one-word labels
 * such as "(HOB)" and remarks on a former name ("(formerly ...)",
 * "(originally ...)", "(previously ...)") dropped, '&' read as "and",
 * letters and digits only,
 * trailing "Programme"/"Project" dropped, words joined by '-' in upper
 * case: "Home Office Biometrics (HOB) Programme" -> "HOME-OFFICE-BIOMETRICS".
 * Returns a heap string the caller frees, or NULL when the name has no
 * letter or digit.
 */
char *gmpp_project_code(const char *name);

/*
 * The portfolio code of a department: letters and digits in upper case,
 * '&' read as "and", words joined by '-': "DfT" -> "DFT", "DEFRA & DfT"
 * -> "DEFRA-AND-DFT". Heap string the caller frees, or NULL as above.
 */
char *gmpp_department_code(const char *name);

#endif
