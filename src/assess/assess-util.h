/*
 * assess-util.h - helpers shared by the assessment modules (tolerances,
 * slippage, roll-up, risk): an index of rows by a text field, and the
 * number and date wording that evidence sentences use. Internal to
 * src/assess; nothing outside it includes this.
 */
#ifndef FOLIO_ASSESS_UTIL_H
#define FOLIO_ASSESS_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "model/schema.h"

struct arena;
struct dataset;
struct strbuf;

/*
 * Rows of one kind ordered by the text field at byte offset `offset` of
 * the record (NULL values are left out), so that all rows carrying one
 * value are found in O(log n). Built once per assessment instead of
 * scanning a table for every milestone or programme.
 */
struct rowidx_entry {
	const char *key;
	void *row;
	size_t pos;	/* position in the table: keeps equal keys in row order */
};

struct rowidx {
	struct rowidx_entry *v;
	size_t n;
};

/* Index ds's rows of kind k by the char * field at offset. */
void rowidx_build(struct rowidx *ix, const struct dataset *ds, enum kind k,
		  size_t offset);
void rowidx_release(struct rowidx *ix);
/* The entries whose key equals key: [*lo, *hi). Empty when key is NULL. */
void rowidx_range(const struct rowidx *ix, const char *key, size_t *lo,
		  size_t *hi);

/* "£12,400,000" (negative amounts as "-£1,200"). */
void fmt_money(struct strbuf *sb, int64_t pounds);
/* A real without trailing zeros: 30, 12.5, 0.25 (at most 2 decimals). */
void fmt_num(struct strbuf *sb, double v);
/*
 * A quantity in its unit: "£9,100,000 a year" when the unit starts with
 * "£", "GBP" or "pounds" (money, the rest of the unit following),
 * "1,583 officer posts" otherwise, "12.5" without a unit.
 */
void fmt_qty(struct strbuf *sb, double v, const char *unit);
/* "1 day", "45 days" */
void fmt_count(struct strbuf *sb, long n, const char *one, const char *many);
/* "31 December 2018" */
void fmt_date(struct strbuf *sb, int32_t date);
/* "March 2018" */
void fmt_month(struct strbuf *sb, int32_t month);

/* Copy sb's text into the arena and reset sb. */
char *sb_to_arena(struct strbuf *sb, struct arena *a);

/* Case-insensitive ASCII comparison of two strings (NULLs equal only each other). */
int text_eq_ci(const char *a, const char *b);

#endif
