/*
 * gmpp-write.h - a dataset written as one year's Government Major
 * Projects Portfolio file, in the columns gmpp_read() reads (gmpp.h,
 * docs/gmpp.md), so that reading the file back into an empty dataset
 * gives the same ratings, dates and money.
 *
 * A year's publication lists the programmes rated in the year up to its
 * snapshot date (gmpp_snapshot_date): those with a programme-level DCA
 * record, or a monthly return carrying a rating (dated the last day of
 * its month; drafts never count), after the previous publication's
 * snapshot and on or before this one's. Each row carries the latest such
 * rating, read as assess/rollup.h reads ratings (on one date a DCA record
 * beats a return, and an independent review beats the portfolio office
 * beats the SRO; of a month's returns the highest version counts), the
 * programme's dates, description and whole-life cost, and the finance
 * line of the publication's financial year (capital and revenue added
 * together, as GMPP publishes one figure). The DCA's note is split back
 * into the narrative columns the reader joined ("Schedule: ...", "Budget
 * variance: ...", "Costs: ...") and a rating the reader respelt is
 * written as it was published, so a file read and written again keeps
 * its words too.
 */
#ifndef FOLIO_GMPP_WRITE_H
#define FOLIO_GMPP_WRITE_H

#include <stddef.h>

struct dataset;
struct error;
struct strbuf;

/*
 * Append year's publication of ds to out as CSV: a UTF-8 byte-order mark
 * (so spreadsheets read the pound signs), the 2018 file's header line,
 * one row per programme (by department, then programme code), CRLF line
 * ends, RFC 4180 quoting. Amounts are in millions of pounds with up to
 * six decimals, so every whole pound comes back; dates are YYYY-MM-DD. A
 * text cell a spreadsheet would run as a formula starts with an
 * apostrophe. *rows (may be NULL) is set to the number of programmes
 * written. Returns 0, or -1 with err filled: ERR_USAGE for a year
 * outside 2000..2100, ERR_IO when out's cap is reached.
 */
int gmpp_write(const struct dataset *ds, int year, struct strbuf *out,
	       size_t *rows, struct error *err);

/*
 * The publication year whose window holds ds's latest programme-level
 * rating, a DCA record's or a return's (the year to write by default),
 * or 0 when ds has none.
 */
int gmpp_latest_year(const struct dataset *ds);

#endif
