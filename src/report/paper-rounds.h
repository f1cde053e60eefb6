/*
 * paper-rounds.h - what a paper says about assessment rounds (internal to
 * src/report): the distribution of each round as a table, the movement
 * between rounds as a table, and the stacked bar chart of the rounds.
 *
 * An organisation whose programmes are rated in rounds (assess/rollup.h:
 * struct round_list, periodic) is compared round with round, not quarter
 * end with quarter end; these blocks show it. The rounds, and the filter
 * that keeps the programmes the reader may see, come from the caller.
 */
#ifndef FOLIO_REPORT_PAPER_ROUNDS_H
#define FOLIO_REPORT_PAPER_ROUNDS_H

#include <stddef.h>

#include "assess/rollup.h"

struct paper;
struct report_section;

/* At most this many rounds are shown side by side. */
#define PAPER_ROUNDS_MAX 6

/*
 * The rounds to show, as indices into rl, oldest first: the latest
 * PAPER_ROUNDS_MAX up to and including round `now`, with round `then`
 * (the one compared with; -1 for none) in place of the oldest when it is
 * older than those. col has room for PAPER_ROUNDS_MAX. Returns how many.
 */
size_t paper_rounds_pick(const struct round_list *rl, long now, long then,
			 size_t *col);

/*
 * A table of programmes by rating with one column per round shown: the
 * scale's ratings, Exempt and Not assessed (always), a row for ratings
 * that are not DCA spellings when there are any, and the total.
 */
void paper_rounds_table(struct paper *pp, struct report_section *s,
			const struct round_list *rl, const size_t *col, size_t n);

/*
 * A table of the movement between each round shown and the next (up,
 * down, unchanged, unrated, entered, left; rollup_round_moves()), plus
 * the movement from round then to round now when those two are not
 * neighbours in col.
 */
void paper_rounds_moves(struct paper *pp, struct report_section *s,
			const struct round_list *rl, const struct round_filter *rf,
			const size_t *col, size_t n, long then, long now);

/* The stacked bar chart of the rounds shown, one bar per round. */
void paper_chart_rounds(struct paper *pp, struct report_section *s,
			const struct round_list *rl, const size_t *col, size_t n,
			const char *caption);

#endif
