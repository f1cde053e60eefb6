/*
 * slip.h - how far milestones and decisions have slipped, measured
 * against the baseline in force at the time.
 *
 * The baseline in force for a milestone at month M is the date given to
 * it by the latest approved baseline (a baseline record with approved_on
 * on or before the last day of M, later approved_on first, then higher
 * version) that carries the milestone in a baseline_milestone row; a
 * baseline that names the change request that made it counts only when
 * that request was approved (a rejected, withdrawn or pending one changes
 * nothing). When no approved baseline carries it, the milestone's own
 * baseline_date is used. A milestone is re-baselined at M when that baseline was made by an
 * approved change request and an earlier approved baseline gave the
 * milestone a different date.
 *
 * The forecast at M is the one reported in the latest milestone_forecast
 * row for a period on or before M; without one, the milestone's own
 * forecast_date (and without that, its baseline date: on plan). A
 * milestone is achieved at M when its actual date (own or reported) is on
 * or before the last day of M. A forecast that is already in the past at
 * the end of M for a milestone not yet achieved is stale: the earliest it
 * can now be achieved is the as-at date, and slip is measured to that.
 *
 * A decision slips like a milestone: its baseline is original_due (or due
 * when there is no original), its forecast is due and it is achieved on
 * the date it was decided.
 *
 * Everything here reads a const dataset and allocates only what the
 * caller releases; nothing prints.
 */
#ifndef FOLIO_SLIP_H
#define FOLIO_SLIP_H

#include <stddef.h>
#include <stdint.h>

#include "model/schema.h"

struct dataset;
struct error;

/* A milestone's baseline in force at a month. */
struct slip_baseline {
	int32_t date;		/* baseline date in force; 0 when none is known */
	const struct baseline *baseline; /* the baseline it comes from, NULL:
					    the milestone's own baseline_date */
	int32_t original;	/* date in the earliest approved baseline that
				   carries it (== date when none does) */
	int changed;		/* an earlier approved baseline gave another date */
	int rebaselined;	/* changed, through an approved change request */
	const struct baseline *previous; /* the baseline before, when changed */
	int32_t previous_date;	/* its date for the milestone, when changed */
	const char *change_request; /* code of the request, when rebaselined */
};

/* One milestone or decision and its slip at a month. */
struct slip_item {
	enum kind kind;		/* K_MILESTONE or K_DECISION */
	const void *rec;	/* the record, in the dataset */
	const char *code;
	const char *programme;
	const char *name;	/* milestone name or decision title */
	int key;		/* key milestone (decisions: 0) */
	struct slip_baseline base; /* decisions: date = original due */
	int32_t forecast;	/* forecast at the month, 0 when none */
	int32_t forecast_period; /* month of the return that gave it, 0 when
				    it is the record's own current value */
	int32_t actual;		/* achieved on or before the month's end, else 0 */
	int stale;		/* not achieved and forecast already past */
	int measurable;		/* there is a baseline date to measure against */
	int32_t slip_days;	/* (actual, else forecast, else as-at when stale)
				   minus baseline date; positive is late */
	/* milestones: the last three forecasts reported by then, oldest first */
	int nrecent;
	int32_t recent_period[3];
	int32_t recent_date[3];
};

struct slip_list {
	struct slip_item *items;
	size_t n, alloc;
	int32_t month;
	int32_t as_at;		/* last day of month */
};

/*
 * Whether baseline b is an agreed plan at end: approved on or before it,
 * and, when it names the change request that made it, that request was
 * approved (by end, when its decision date is known). One drawn up for a
 * request that was rejected, withdrawn or is still pending is no plan.
 */
int slip_baseline_agreed(const struct dataset *ds, const struct baseline *b, int32_t end);

/*
 * The baseline in force for milestone m at the end of month. Scans the
 * dataset's baselines (for one milestone; slip_list_build() indexes
 * instead). Returns 0, or -1 with err filled (ERR_USAGE) when month is 0.
 */
int slip_baseline_at(const struct dataset *ds, const struct milestone *m,
		     int32_t month, struct slip_baseline *out,
		     struct error *err);

/*
 * Every milestone and decision of programme (NULL: all programmes) with
 * its slip at the end of month, in programme then code order, milestones
 * before decisions. out is initialised here; release it with
 * slip_list_release() whatever the result. Returns 0, or -1 with err
 * filled (ERR_USAGE) when month is 0.
 */
int slip_list_build(const struct dataset *ds, const char *programme,
		    int32_t month, struct slip_list *out, struct error *err);
void slip_list_release(struct slip_list *l);

/*
 * The last (up to) three forecasts reported for milestone code on or
 * before month, oldest first, from the milestone_forecast rows that carry
 * a forecast date. periods[] and dates[] receive them; returns how many
 * (0..3).
 */
int slip_recent_forecasts(const struct dataset *ds, const char *code,
			  int32_t month, int32_t periods[3], int32_t dates[3]);

#endif
