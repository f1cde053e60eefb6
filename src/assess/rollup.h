/*
 * rollup.h - delivery confidence (DCA) ratings as numbers, a programme's
 * rating as at a date, and the roll-up project -> programme -> portfolio
 * with movement since last period and since last quarter.
 *
 * Ratings as numbers: Green 1, Amber/Green 2, Amber 3, Amber/Red 4, Red 5
 * on both scales (the three-point scale uses 1, 3 and 5), so a tolerance
 * threshold means the same rating whichever scale an organisation uses.
 * Exempt and Not assessed are not ratings: they have no number and are
 * never compared.
 *
 * The roll-up rule (ROLLUP_RULE, also in docs/assessment.md):
 *  - a programme's own assessed rating stands; the worst rating among its
 *    projects is shown beside it when worse, never averaged in or hidden;
 *  - the portfolio is a distribution: the count of active programmes at
 *    each rating, with no average, and the lowest-rated programmes named;
 *  - movement compares each programme's rating at the end of the month with
 *    its rating at the end of the month before and at the end of the
 *    previous financial quarter; Exempt, Not assessed and unrated
 *    programmes are left out of the movement and counted separately.
 */
#ifndef FOLIO_ROLLUP_H
#define FOLIO_ROLLUP_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "model/schema.h"

struct dataset;
struct error;

enum rating {
	RATING_NONE = 0,	/* nothing recorded */
	RATING_GREEN = 1,
	RATING_AMBER_GREEN = 2,
	RATING_AMBER = 3,
	RATING_AMBER_RED = 4,
	RATING_RED = 5,
	RATING_EXEMPT = 6,
	RATING_NOT_ASSESSED = 7,
	RATING__COUNT = 8
};

enum rating_scale {
	SCALE_FIVE,
	SCALE_THREE
};

/* The rating spelt as in schema.c's dca_values; -1 when s is not one. */
int rating_parse(const char *s);
/* "Amber/Green"; "not rated" for RATING_NONE. */
const char *rating_name(enum rating r);
/* 1 for Green .. Red, 0 for none, Exempt and Not assessed. */
int rating_is_rated(enum rating r);
/* The organisation's scale: three when its dca_scale says "three". */
enum rating_scale rating_scale_of(const struct dataset *ds);
/*
 * r as it counts on scale: on the three-point scale Amber/Green and
 * Amber/Red count as Amber (the three-point Amber covers both); other
 * ratings are unchanged.
 */
enum rating rating_on_scale(enum rating r, enum rating_scale scale);
/*
 * The rating a tolerance threshold names: the nearest whole number from 1
 * to 5 (0.5 rounds up); RATING_NONE when t is not a number.
 */
enum rating rating_of_threshold(double t);

/* A rating and where it came from. */
struct rating_at {
	enum rating rating;	/* RATING_NONE when nothing is recorded */
	int32_t date;		/* assessed_on, or the last day of the return's month */
	enum kind source;	/* K_DCA or K_RETURN */
	const void *rec;	/* the dca or return record */
	const char *assessor;	/* dca: sro, portfolio_office, independent;
				   return: NULL */
};

/*
 * The programme's own rating as at date: the most recent of (a) its
 * programme-level dca records (project NULL) assessed on or before date
 * and (b) the dca of its returns for months whose last day is on or before
 * date, submitted or later (drafts are not ratings yet), the highest
 * version of a month. A return counts as dated the last day of its month;
 * on the same date a dca record wins, and among dca records of one date
 * independent beats portfolio_office beats sro.
 * Returns 0 (out->rating RATING_NONE when there is none), or -1 with err
 * filled (ERR_INPUT) when a rating is not a DCA spelling.
 */
int rating_programme_at(const struct dataset *ds, const char *programme,
			int32_t date, struct rating_at *out, struct error *err);
/* The same for a project: its dca records only. */
int rating_project_at(const struct dataset *ds, const char *project,
		      int32_t date, struct rating_at *out, struct error *err);

enum movement {
	MOVE_EXCLUDED,	/* not rated now (none, Exempt, Not assessed) */
	MOVE_NEW,	/* rated now, not rated then */
	MOVE_UP,	/* better than then */
	MOVE_SAME,
	MOVE_DOWN	/* worse than then */
};

/* "up", "down", "unchanged", "new", "not rated" */
const char *movement_name(enum movement m);
/* Movement from then to now (both already on one scale). */
enum movement movement_of(enum rating then, enum rating now);

struct rollup_programme {
	const struct programme *programme;
	struct rating_at own;		/* rating at the end of the month */
	enum rating worst_project;	/* worst rated project, RATING_NONE if none */
	const char *worst_project_code;
	int project_worse;		/* worst_project worse than own (or own unrated) */
	size_t projects_rated;
	enum rating last_period;	/* at the end of the month before */
	enum rating last_quarter;	/* at the end of the previous quarter */
	enum movement since_period;
	enum movement since_quarter;
};

struct rollup_trend {
	int32_t since;		/* the month compared with */
	size_t up, down, same, fresh, excluded;
	const char *verdict;	/* "improved", "worsened", "mixed",
				   "held steady", "no comparison" */
	const char *words;	/* what follows "delivery confidence": "improved
				   (3 programmes up, 1 down, 6 unchanged)" */
};

struct rollup {
	struct arena arena;	/* owns words and arrays below */
	int32_t month;
	int32_t as_at;
	enum rating_scale scale;
	const char *portfolio;	/* NULL: every portfolio */
	struct rollup_programme *programmes; /* by programme code */
	size_t n;
	size_t dist[RATING__COUNT];		/* now, per rating (on scale) */
	size_t dist_period[RATING__COUNT];	/* at the end of last month */
	size_t dist_quarter[RATING__COUNT];	/* at the end of last quarter */
	struct rollup_trend period;
	struct rollup_trend quarter;
	enum rating lowest;	/* worst rating held now, RATING_NONE if none */
	const struct rollup_programme **lowest_programmes;
	size_t nlowest;
	const char *rule;	/* ROLLUP_RULE */
};

extern const char ROLLUP_RULE[];

/*
 * Roll delivery confidence up for the active programmes of portfolio
 * (NULL: all) as at the end of month. out is initialised here; release it
 * with rollup_release() whatever the result. Returns 0, or -1 with err
 * filled: ERR_USAGE for month 0, ERR_INPUT for a rating that is not a DCA
 * spelling.
 */
int rollup_build(const struct dataset *ds, const char *portfolio,
		 int32_t month, struct rollup *out, struct error *err);
void rollup_release(struct rollup *r);

/* The month whose end closes the financial quarter before month's. */
int32_t rollup_previous_quarter_end(int32_t month);

/* --- assessment rounds ----------------------------------------------------
 *
 * Some organisations rate their programmes in rounds, not month by month:
 * a periodic review assesses many programmes on one date (the GMPP's
 * annual snapshot). A round is an assessment date; a programme is in it
 * when it has a programme-level dca record of that date (of the filter's
 * assessor when one is named; otherwise the best of the day: independent,
 * then portfolio office, then SRO). docs/assessment.md states the rules.
 */

/* Which records and programmes count; zeroed means all, five-point. */
struct round_filter {
	const char *assessor;		/* only this assessor's records; NULL: any */
	enum rating_scale scale;	/* ratings counted on this scale */
	/* only programmes for which keep() returns non-zero; NULL: all */
	int (*keep)(const char *programme, void *arg);
	void *arg;
};

/* One programme in a round. */
struct round_entry {
	const char *programme;	/* the code, owned by the dataset */
	int rating;		/* an enum rating on the filter's scale, or -1
				   when the record's rating is not a DCA spelling */
	const struct dca *rec;
};

/* How many programmes of one round held each rating. */
struct round_count {
	int32_t date;
	size_t count[RATING__COUNT];	/* by enum rating; [RATING_NONE] is 0 */
	size_t unknown;		/* ratings that are not DCA spellings */
	size_t total;		/* programmes in the round, unknown included */
};

/*
 * How ratings moved from one round to a later one, programme by
 * programme; up + down + same + unrated is the number in both.
 */
struct round_moves {
	size_t up;	/* rated Green .. Red in both, better in the later */
	size_t down;	/* rated in both, worse in the later */
	size_t same;	/* rated in both, unchanged */
	size_t unrated;	/* in both, Exempt or Not assessed (or unknown) in either */
	size_t entered;	/* in the later round only */
	size_t left;	/* in the earlier round only */
};

/*
 * The rounds up to a day, and whether the ratings come in rounds at all.
 * periodic is set when no kept programme has a rated return (submitted or
 * later) for a month ending by the day, and the latest round holds at
 * least two programmes and at least half of the programmes assessed by
 * the day: then comparing with the end of the previous quarter would only
 * repeat a round, and the previous round is the comparison to make.
 */
struct round_list {
	struct round_count *v;	/* oldest first; heap, rollup_rounds_release() */
	size_t n;
	size_t assessed;	/* kept programmes with a dca record by the day */
	int returns;		/* some kept programme has a rated return by then */
	int periodic;
};

/*
 * The programmes in the round of `date`, one entry each, sorted by
 * programme code, into *out (heap; the caller frees it). Returns the
 * number of entries.
 */
size_t rollup_round_entries(const struct dataset *ds, int32_t date,
			    const struct round_filter *f,
			    struct round_entry **out);
/* The distribution of the round of `date`. Fills *out completely. */
void rollup_round_count(const struct dataset *ds, int32_t date,
			const struct round_filter *f, struct round_count *out);
/*
 * Movement from the round of `from` to the round of `to`, matched by
 * programme code: only Green .. Red are ordered (Green best); Exempt and
 * Not assessed are unrated, never a move. Fills *out completely;
 * O(n log n) in the dca records.
 */
void rollup_round_moves(const struct dataset *ds, int32_t from, int32_t to,
			const struct round_filter *f, struct round_moves *out);
/* Every round on or before day, with its distribution; see struct round_list. */
void rollup_rounds(const struct dataset *ds, int32_t day,
		   const struct round_filter *f, struct round_list *out);
void rollup_rounds_release(struct round_list *l);
/* The latest round on or before day in l, or -1 when there is none. */
long rollup_round_at(const struct round_list *l, int32_t day);

#endif
