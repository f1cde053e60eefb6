/*
 * risk.h - risk scores, bands, proximity, overdue actions, escalation
 * from programme registers to the portfolio register, the view of a
 * portfolio risk and heat-map counts.
 *
 * Score = likelihood x impact (each 1-5), for the inherent, current and
 * target assessments. Bands and the proximity window are configuration:
 * a struct risk_config, RISK_CONFIG_INIT giving the defaults (low 1-4,
 * medium 5-12, high 15-25 - 13 and 14 cannot occur - and "near" within 90
 * days). To change them, copy RISK_CONFIG_INIT and set the fields.
 *
 * A risk record holds today's assessment; its history is the risk_score
 * records, one per month in which the risk was reported (the monthly
 * cycle writes one for each risk a return reports). Movement is read from
 * that history (struct risk_history, risk_move_between(), the trends of a
 * portfolio risk's view, risk_heatmap_history()), or between two datasets
 * (two exports, or two loads of a store at different times) where a
 * caller has them. Where neither says what a score was, the trend is
 * "unknown": never guessed.
 */
#ifndef FOLIO_RISK_H
#define FOLIO_RISK_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "model/schema.h"

struct dataset;
struct error;

struct risk_config {
	int low_max;		/* highest score in the low band */
	int medium_max;		/* highest score in the medium band; above is high */
	int near_days;		/* a risk is near when its proximity date is no
				   more than this many days after the as-at date */
	const char *shared_category; /* a risk category meaning "affects more
					than one programme" (compared without
					case); NULL for none */
};

#define RISK_CONFIG_INIT { 4, 12, 90, "cross-programme" }

enum risk_band {
	BAND_NONE,	/* not scored */
	BAND_LOW,
	BAND_MEDIUM,
	BAND_HIGH
};

enum risk_measure {
	RISK_INHERENT,
	RISK_CURRENT,
	RISK_TARGET
};

/* "low", "medium", "high"; "not scored" for BAND_NONE. */
const char *risk_band_name(enum risk_band b);
/* likelihood x impact, 0 when either is absent or outside 1-5. */
int risk_score(int64_t likelihood, int64_t impact);
/* The score of r's inherent, current or target assessment. */
int risk_score_of(const struct risk *r, enum risk_measure which);
enum risk_band risk_band_of(const struct risk_config *cfg, int score);
/*
 * r is near at as_at: it has a proximity date no later than as_at +
 * near_days. A proximity date already past still counts as near: the
 * risk is open and its time has come.
 */
int risk_is_near(const struct risk_config *cfg, const struct risk *r,
		 int32_t as_at);
/* a has a due date before as_at and was not done by as_at. */
int risk_action_overdue(const struct risk_action *a, int32_t as_at);
/* r is open: status "open" and raised (when known) on or before as_at. */
int risk_open_at(const struct risk *r, int32_t as_at);

/* Which register(s) a question is about. */
enum risk_register {
	REG_ALL,	/* every risk */
	REG_PORTFOLIO,	/* level portfolio */
	REG_PROGRAMME	/* one programme's risks, its projects' included */
};

/* r belongs to register reg (programme names it for REG_PROGRAMME). */
int risk_in_register(const struct risk *r, enum risk_register reg,
		     const char *programme);

/*
 * Overdue actions on open risks of a register, as at as_at: pointers into
 * ds, in risk then sequence order, into *out (caller frees the array).
 * Returns how many.
 */
size_t risk_overdue_actions(const struct dataset *ds, enum risk_register reg,
			    const char *programme, int32_t as_at,
			    const struct risk_action ***out);

/* Why a programme risk is proposed for the portfolio register. */
#define ESC_TOLERANCE	0x1	/* current score at or above the programme's
				   risk tolerance */
#define ESC_SHARED	0x2	/* affects more than one programme */
#define ESC_HIGH_NEAR	0x4	/* high band and near in time */

struct risk_proposal {
	const struct risk *risk;
	unsigned reasons;	/* ESC_* bits */
	int score;		/* current */
	enum risk_band band;
	double tolerance;	/* programme's risk tolerance in force, NAN if none */
	const char *shared_with; /* other programmes, "OR, TIP"; NULL if none */
	int32_t proximity;
	const char *why;	/* the reasons as a sentence */
};

struct risk_proposals {
	struct arena arena;	/* owns v and the strings */
	struct risk_proposal *v;	/* by programme, then risk code */
	size_t n;
};

/*
 * Programme risks (level programme, open at as_at, not already linked
 * to a portfolio risk by a risk_link) proposed for the portfolio
 * register, each with every rule it meets:
 *  - ESC_TOLERANCE: current score >= the programme's risk tolerance
 *    threshold (its own tolerance record, else the portfolio default);
 *  - ESC_SHARED: its category is cfg->shared_category, or an open risk of
 *    another programme has the same title (ignoring case and spacing):
 *    the same risk raised by several programmes;
 *  - ESC_HIGH_NEAR: current score in the high band and near at as_at.
 * out is initialised here; release with risk_proposals_release().
 * Returns 0, or -1 with err filled (ERR_USAGE) when as_at is 0.
 */
int risk_escalations(const struct dataset *ds, const struct risk_config *cfg,
		     int32_t as_at, struct risk_proposals *out,
		     struct error *err);
void risk_proposals_release(struct risk_proposals *p);

/* Movement of one risk's current score between two months or datasets. */
enum risk_trend {
	TREND_UNKNOWN,	/* nothing says what the score was (or is) */
	TREND_NEW,	/* not open then (raised since, or reopened) */
	TREND_UP,	/* score higher now: worse */
	TREND_SAME,
	TREND_DOWN,	/* score lower now: better */
	TREND_CLOSED	/* open then, not open now */
};

const char *risk_trend_name(enum risk_trend t);

/* --- score history ----------------------------------------------------- */

/*
 * The risk_score rows of a dataset by risk, then period: built once, each
 * look-up a binary search. Holds pointers into the dataset.
 */
struct risk_history {
	const struct risk_score **v;
	size_t n;
};

void risk_history_build(struct risk_history *h, const struct dataset *ds);
void risk_history_release(struct risk_history *h);
/* The row in force for risk at month (the latest for a period up to
   month), or NULL. */
const struct risk_score *risk_history_at(const struct risk_history *h,
					 const char *risk, int32_t month);
/* Whether risk has any row at all. */
int risk_history_has(const struct risk_history *h, const char *risk);

/* How a risk's score moved between two months. */
struct risk_move {
	enum risk_trend trend;
	int then_score;		/* 0: no reading then */
	int now_score;		/* 0: no reading now */
	int32_t then_period;	/* month of the reading compared with, 0: none */
	int32_t now_period;	/* month of the reading now, 0: none */
};

/*
 * The movement of risk r from the end of month `from` to the end of month
 * `to` (from < to), from its history h:
 *  - now is the row in force at `to`; without one the trend is unknown
 *    (the risk was not reported);
 *  - then is the row in force at `from`; without one, TREND_NEW when r
 *    was raised after `from` ended; else, when the history begins between
 *    the two months, the first row after `from` (then_period says which
 *    month: "since first reported"); else unknown;
 *  - open then and closed now is TREND_CLOSED, closed then and open now
 *    TREND_NEW (reopened); otherwise the two scores give up, same or
 *    down.
 */
void risk_move_between(const struct risk_history *h, const struct risk *r,
		       int32_t from, int32_t to, struct risk_move *out);

/* Counts of moves. */
struct risk_trends {
	size_t up, same, down, fresh, closed, unknown;
};

void risk_trends_add(struct risk_trends *t, enum risk_trend trend);

struct risk_feeder {
	const struct risk *risk;	/* the programme or project risk */
	int score;
	enum risk_band band;
	int then_score;			/* 0 when unknown or new */
	enum risk_trend trend;		/* against `then`, else period.trend */
	struct risk_move period;	/* since the end of last month (history) */
	struct risk_move quarter;	/* since the end of last quarter (history) */
};

struct risk_view {
	const struct risk *risk;	/* the portfolio risk */
	int score;
	enum risk_band band;
	struct risk_move period, quarter; /* its own, from its history */
	struct risk_feeder *feeders;	/* by risk code; in the view's arena */
	size_t n;
	int highest_feeder;		/* highest current score behind it */
	size_t up, same, down, fresh, closed; /* feeder trend counts */
	struct risk_trends period_trends, quarter_trends; /* feeders' moves */
};

/*
 * The portfolio risk code in ds and the programme risks behind it (its
 * risk_link rows). Each feeder's `period` and `quarter` moves, and the
 * portfolio risk's own, come from ds's score history: from the end of the
 * month before as_at's month, and from the end of the previous financial
 * quarter (rollup_previous_quarter_end()), to the end of as_at's month.
 * then, when not NULL, is an earlier dataset of the same organisation:
 * each feeder's `trend` then compares its current score there; when then
 * is NULL, `trend` is the move since last period. Arrays go in arena a.
 * Returns 0, or -1 with err filled (ERR_NOTFOUND) when code is not a
 * portfolio risk in ds.
 */
int risk_portfolio_view(const struct dataset *ds, const struct dataset *then,
			const struct risk_config *cfg, const char *code,
			int32_t as_at, struct arena *a, struct risk_view *out,
			struct error *err);

/* Counts of open risks per likelihood x impact cell. */
struct heatmap {
	size_t cell[5][5];	/* [likelihood - 1][impact - 1] */
	size_t total;		/* risks counted in cells */
	size_t unscored;	/* open risks without both figures */
};

/*
 * Count the open risks of a register at as_at (0: every open risk,
 * whatever its raised date) by their inherent, current or target
 * assessment.
 */
void risk_heatmap(const struct dataset *ds, enum risk_register reg,
		  const char *programme, enum risk_measure which,
		  int32_t as_at, struct heatmap *out);

struct heatmap_movement {
	struct heatmap then, now;
	long delta[5][5];	/* now - then per cell */
	size_t up, same, down;	/* risks open at both: score higher, equal, lower */
	size_t added, removed;	/* open now only, open then only */
	size_t unknown;		/* risk_heatmap_history(): open now by the
				   register, but with no reading now or then */
};

/*
 * The heat map of a register then and now from the current figures of
 * two datasets (snapshots), or of one dataset at two as-at dates (then
 * only risks raised between the dates can show as added: a risk record
 * holds today's scores; risk_heatmap_history() reads the history).
 * Risks are matched by code.
 */
void risk_heatmap_movement(const struct dataset *then, int32_t then_at,
			   const struct dataset *now, int32_t now_at,
			   enum risk_register reg, const char *programme,
			   struct heatmap_movement *out);

/*
 * The heat map of a register at the end of month `from` and of month `to`
 * from ds's score history: each risk of the register (by the register's
 * level and programme) placed by its reading at each month as
 * risk_move_between() takes them (at `from`, the reading in force then,
 * or for a risk whose history begins between the months, its first
 * reading), when that reading is open. Moves: up, same and down for risks
 * open at both; added for a risk new since (risk_move_between's
 * TREND_NEW), removed for one closed since; unknown for a risk open in
 * the register at `to` whose reading at either month is missing (it is
 * then left out of both maps).
 */
void risk_heatmap_history(const struct dataset *ds,
			  const struct risk_history *h, enum risk_register reg,
			  const char *programme, int32_t from, int32_t to,
			  struct heatmap_movement *out);

#endif
