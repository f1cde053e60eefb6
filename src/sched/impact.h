/*
 * impact.h - knock-on impact analysis: when one milestone slips (or this
 * period's returns move some forecasts), what else moves, by how much,
 * which programmes' time tolerances that breaks, and which benefits and
 * risks are tied to what moved.
 *
 * The method (docs/impact.md says all of it, with the reasons):
 *  1. Build the whole portfolio's network from the dataset
 *     (sched_network_from_dataset) and schedule it (sched_cpm): the case
 *     as it stands.
 *  2. Build it again and delay each origin: the activity standing for the
 *     milestone (activity.milestone) is made to finish no earlier than
 *     its scheduled finish plus the slip (an FNET constraint, replacing
 *     any other; a task already started has its remaining duration
 *     extended instead, since a started task ignores links and
 *     constraints). A slip in calendar days ("30d") ends on that day, or
 *     the next working day of the activity's calendar when that is a day
 *     off; a slip in working days ("20wd") counts working days of its
 *     calendar. Schedule it again.
 *  3. Diff: every activity downstream of an origin (reachable by links)
 *     whose finish moved, by how much (calendar days between the days
 *     its finish falls on, and working days of its calendar); how much
 *     delay reached it (the largest move of a predecessor's end that
 *     drives it through a link: finish for FS and FF, start for SS and
 *     SF) and how much of that its float absorbed (reached - moved).
 *     Activities already done or started keep their dates and stop the
 *     delay.
 *  4. The reporting milestones (activity.milestone) that moved, grouped by
 *     programme, the origins' programmes first. For each, the time
 *     tolerance after the move, measured as assess does (slip.h,
 *     tolerance.h): its forecast at the as-at month (the as-at date when
 *     that forecast is already past) plus the calendar days it moved,
 *     against the baseline in force; a key milestone breaches when that
 *     total slip exceeds the programme's time threshold, and is a forecast
 *     breach when it exceeds the early-warning level.
 *  5. Benefits: a benefit of a programme with a moved milestone is
 *     affected when it is still to be realised after that milestone's old
 *     date: a profile month (benefit_value with a planned and no actual
 *     figure) ending on or after the old date, or, with no such profile
 *     month left, a target date on or after it. The profile points now due
 *     before the milestone's new date are counted apart (they are the
 *     ones at risk).
 *  6. Risks: the open risks of every programme with a moved milestone
 *     (project risks included), the open portfolio risks those feed
 *     through risk_link, and, when the delay moves an activity of another
 *     programme than the origins', the open portfolio risks about
 *     interdependencies (title or category mentioning "dependenc", or
 *     category "cross-programme").
 *
 * Everything here reads const datasets, never prints, never reads the
 * clock. A result owns its memory (an arena); records it points to live
 * in the dataset, which must outlive it.
 */
#ifndef FOLIO_SCHED_IMPACT_H
#define FOLIO_SCHED_IMPACT_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"

struct benefit;
struct dataset;
struct error;
struct milestone;
struct risk;
struct sched_input_options;

enum impact_unit {
	IMPACT_CALENDAR_DAYS,	/* "30d", "30", "4w" (weeks of 7 days) */
	IMPACT_WORKING_DAYS	/* "20wd": days of the activity's calendar */
};

struct impact_slip {
	int64_t amount;		/* > 0 */
	enum impact_unit unit;
};

/*
 * Parse a slip: "30d", "30" or "30 days" (calendar days), "4w" (weeks),
 * "20wd" or "20 working days" (working days). Up to 3,650 days. 0, or -1
 * with err (ERR_USAGE) for anything else.
 */
int impact_slip_parse(const char *s, struct impact_slip *out,
		      struct error *err);
/* "30 days", "1 day", "20 working days" into buf (at least 32 bytes). */
char *impact_slip_text(const struct impact_slip *s, char *buf, size_t size);

struct impact_options {
	int32_t month;		/* as-at month (core/date.h) for the baseline in
				   force, forecasts and tolerances; 0: see
				   sched_impact() and sched_impact_of_changes() */
	const struct sched_input_options *sched; /* calendars and start for the
				   network; NULL: the defaults (input.h) */
};

#define IMPACT_OPTIONS_INIT { 0, NULL }

/* A milestone's standing against its programme's time tolerance. */
enum impact_tol {
	IMPACT_TOL_NONE,	/* not measured: not key, no baseline date or no
				   time tolerance for its programme */
	IMPACT_TOL_WITHIN,
	IMPACT_TOL_FORECAST_BREACH,	/* past the early-warning level */
	IMPACT_TOL_BREACH	/* past the breach threshold */
};

/* "not measured", "within", "forecast breach", "breach" */
const char *impact_tol_name(enum impact_tol t);

/* A delay put into the network. */
struct impact_origin {
	const char *milestone;	/* reporting milestone code; NULL when an
				   activity was named directly */
	const char *activity;	/* the activity delayed */
	const char *programme;	/* the activity's programme */
	const char *name;	/* milestone name, else activity name */
	struct impact_slip slip;	/* as asked */
	int64_t finish_before, finish_after;	/* instants (calendar.h) */
	int32_t date_before, date_after;	/* days the finishes fall on */
	int days;		/* calendar days it moved */
	double working_days;	/* working days of its calendar it moved */
	/* sched_impact_of_changes(): the forecasts compared (else 0) */
	int32_t forecast_before, forecast_after;
};

/* A forecast change found by sched_impact_of_changes() and not analysed. */
struct impact_change {
	const char *milestone;
	const char *programme;
	int32_t forecast_before, forecast_after;
	const char *why;	/* "brought forward", "no schedule activity", ... */
};

/* An activity the delay reached. */
struct impact_activity {
	const char *id, *name, *programme;
	const char *milestone;	/* reporting milestone it stands for, or NULL */
	int origin;		/* the delay was put into it */
	int64_t finish_before, finish_after;
	int32_t date_before, date_after;
	int days;		/* calendar days its finish moved */
	double working_days;	/* the move in working days of its calendar */
	double pushed_days;	/* working days of delay that reached it */
	double absorbed_days;	/* of those, taken up by its float */
	double float_before, float_after;	/* total float, working days */
};

/* A reporting milestone that moved. */
struct impact_milestone {
	const struct milestone *rec;	/* in the dataset */
	const char *code, *name, *programme;
	const char *activity;	/* the activity standing for it */
	int key;
	int origin;		/* one of the milestones slipped */
	int32_t sched_before, sched_after;	/* scheduled dates */
	int days;		/* calendar days moved */
	double working_days;
	/* time tolerance, as at the month */
	int measurable;		/* it has a baseline date */
	int32_t baseline;	/* baseline date in force */
	const char *baseline_code;	/* NULL: the milestone's own date */
	int32_t forecast_before, forecast_after;
	int stale;		/* the forecast before was already past */
	int32_t achieved;	/* achieved by the month, as the returns say:
				   nothing is measured */
	int slip_before, slip_after;	/* days after the baseline */
	double threshold, forecast_threshold;	/* NAN when none */
	int by_default;		/* the portfolio's default tolerance */
	enum impact_tol tol_before, tol_after;
	const char *sentence;
};

/* The moved milestones of one programme: ms[first .. first + n). */
struct impact_programme {
	const char *code, *name;
	int origin;		/* an origin's programme */
	size_t first, n;
	size_t breaches;	/* tol_after breach */
	size_t forecast_breaches;
	size_t newly;		/* tol_after worse than tol_before */
};

/* Why a risk is listed (bits). */
#define IMPACT_RISK_OWN		0x1	/* a risk of a programme with a moved milestone */
#define IMPACT_RISK_FED		0x2	/* a portfolio risk such a risk feeds */
#define IMPACT_RISK_INTERDEP	0x4	/* a portfolio risk about
					   interdependencies, and the delay
					   crosses programmes */

struct impact_risk {
	const struct risk *rec;
	const char *code, *title, *level, *programme;
	unsigned why;		/* IMPACT_RISK_* */
	int score;		/* current likelihood x impact, 0 unscored */
	const char *via;	/* FED: the risks behind it that are listed,
				   "EST-R1, SLP-R2"; else NULL */
	const char *sentence;
};

struct impact_benefit {
	const struct benefit *rec;
	const char *code, *title, *programme, *unit;
	const char *milestones;	/* the moved milestones it waits on, "SLP-M2" */
	int days;		/* the largest move among them */
	size_t npoints;		/* unrealised profile points after their old
				   dates (0: judged by the target date) */
	int32_t first_month, last_month;	/* of those points */
	size_t nwindow;		/* points now due before the new dates */
	int32_t window_first, window_last;	/* months */
	double window_planned;	/* planned figure of the last point in the
				   window, NAN when none */
	int32_t target_date;
	const char *sentence;
};

struct impact_result {
	struct arena arena;	/* owns every array and string below */
	int32_t month;		/* as-at month used */
	struct impact_origin *origins;
	size_t norigins;
	struct impact_change *changes;	/* not analysed (of_changes only) */
	size_t nchanges;
	/* activities the delay reached, in schedule (topological) order */
	struct impact_activity *acts;
	size_t nacts;
	size_t moved_activities;	/* of acts, those whose finish moved */
	/* moved milestones by programme (origins' first, then by code),
	   within one: origins first, then new date, then code */
	struct impact_milestone *ms;
	size_t nms;
	struct impact_programme *progs;
	size_t nprogs;
	size_t other_milestones;	/* moved, outside the origins' programmes */
	size_t other_programmes;	/* programmes they are in */
	size_t own_milestones;		/* moved, not origins, in their programmes */
	size_t other_activities;	/* moved, outside the origins' programmes,
					   standing for no reporting milestone */
	size_t breaches;		/* moved milestones in breach after */
	size_t new_breaches;		/* of them, not in breach before */
	int crosses;			/* an activity of another programme moved */
	int64_t finish_before, finish_after;	/* the whole network's finish */
	struct impact_benefit *benefits;	/* by programme, then code */
	size_t nbenefits;
	struct impact_risk *risks;	/* programme risks (by programme as in
					   ms, then code), then portfolio risks */
	size_t nrisks;
	/* in words: sentences[0] is the headline */
	const char *headline;
	const char **sentences;
	size_t nsentences;
};

void impact_result_init(struct impact_result *res);
void impact_result_release(struct impact_result *res);

struct json_t;
/*
 * res as a JSON object (a new reference; impact-json.c): origins,
 * programmes and their moved milestones with tolerances, activities
 * reached, benefits, risks and the sentences. `folio schedule impact
 * --format json` and the web's /impact both answer with it.
 */
struct json_t *impact_json(const struct impact_result *res);

/*
 * The knock-on of slipping one milestone. milestone_code names a
 * reporting milestone (its activity is the one whose activity.milestone
 * names it; with several, one not yet done, the last by code) or,
 * failing that, an activity by code. month 0 in opt (or opt NULL) means the latest
 * published period of ds, else its latest period. out is initialised
 * here; release it with impact_result_release() whatever the result.
 * Returns 0, or -1 with err: ERR_USAGE for a slip that is not positive
 * or no month to assess at, ERR_NOTFOUND for an unknown milestone or one
 * with no activity, ERR_INPUT for a milestone already achieved (its
 * activity has an actual finish) or a network that cannot be scheduled.
 */
int sched_impact(const struct dataset *ds, const char *milestone_code,
		 struct impact_slip slip, const struct impact_options *opt,
		 struct impact_result *out, struct error *err);

/*
 * The knock-on of the forecast changes between two datasets of one
 * organisation: before (e.g. as at the last published period,
 * cycle_dataset_as_at()) and after (as it stands now, with this period's
 * returns). Each milestone not achieved in after whose forecast
 * (forecast_date, else baseline_date) is later in after than in before
 * is an origin, slipped by the difference in calendar days; all are
 * applied together to the network built from after, so delays that meet
 * are not double counted. Each is pinned (a must-finish-on date, or for a
 * started task its duration) to its forecast before in the first
 * schedule and to its forecast after in the second, so the difference is
 * the change alone, whether or not the network already carries it.
 * Forecasts brought forward, milestones with no
 * activity and ones whose activity is done are listed in out->changes
 * with the reason, not analysed. An origin's own tolerance is measured
 * on its new reported forecast. month 0 means after's latest period,
 * whatever its state. No change at all is not an error: out holds no
 * origins and a headline saying so. Returns 0, or -1 with err as for
 * sched_impact().
 */
int sched_impact_of_changes(const struct dataset *before,
			    const struct dataset *after,
			    const struct impact_options *opt,
			    struct impact_result *out, struct error *err);

/*
 * The same for the forecast changes reported in one month, read from one
 * dataset: each milestone's forecast at month (slip.h: the latest
 * milestone_forecast row up to the month, else its own forecast_date)
 * against its forecast at the month before, for milestones achieved in
 * neither. This is what a report of the month calls: it needs no
 * snapshot. month must not be 0 (ERR_USAGE); opt->month is not used.
 */
int sched_impact_of_period(const struct dataset *ds, int32_t month,
			   const struct impact_options *opt,
			   struct impact_result *out, struct error *err);

#endif
