/*
 * tolerance.h - management by exception: each programme's tolerances
 * measured as at a month, the findings (breach or forecast breach) with
 * their evidence, and the exception records those findings call for.
 *
 * A tolerance record names a programme (or none: the portfolio default),
 * a dimension, a threshold (the breach level) and a forecast_threshold
 * (the early-warning level). A programme's own record for a dimension
 * replaces the default; with neither, the dimension is not assessed for
 * it. The measures, one per dimension (docs/assessment.md states each in
 * full):
 *
 *  time        days a key milestone or a decision (actual, else forecast
 *              at the month) is after its baseline in force (slip.h);
 *              breach when more than threshold. Forecast breach when more than
 *              forecast_threshold, or when the trend of its last three
 *              reported forecasts carries it past threshold within the
 *              horizon (TOL_TREND_HORIZON months, or before it falls due
 *              if sooner).
 *  cost        per cent the full-year forecast is over the year's budget
 *              (finance line of the month's financial year; the forecast
 *              from the latest return of that year up to the month when
 *              it has one, else the finance line's); more than threshold.
 *  scope,      open exceptions the programme itself raised in that
 *  quality     dimension by the month, and its (and its projects') issues
 *              raised against that dimension and open at the end of the
 *              month; breach when the exceptions of type breach and the
 *              issues of high or critical severity reach threshold,
 *              forecast breach when the exceptions of type forecast_breach
 *              and the issues of low or medium severity reach
 *              forecast_threshold.
 *  risk        current score (likelihood x impact) of each open risk of the
 *              programme or its projects; at or above threshold.
 *  benefits    per cent of the planned gain over the baseline that the
 *              actual falls short by, at the latest month up to the month
 *              with both a planned and an actual level; more than
 *              threshold (for a dis-benefit, actual above plan is the
 *              shortfall).
 *  confidence  the programme's rating at the end of the month (rollup.h),
 *              as a number Green 1 .. Red 5; at or above threshold.
 *
 * Allowances (time, cost, benefits) breach when exceeded; levels (scope,
 * quality, risk, confidence) breach when reached.
 */
#ifndef FOLIO_TOLERANCE_H
#define FOLIO_TOLERANCE_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "model/schema.h"

struct dataset;
struct error;

/* In the order of schema.c's dimension values. */
enum tol_dim {
	TOL_TIME,
	TOL_COST,
	TOL_SCOPE,
	TOL_QUALITY,
	TOL_RISK,
	TOL_BENEFITS,
	TOL_CONFIDENCE,
	TOL__COUNT
};

/* Months ahead the time trend rule looks. */
#define TOL_TREND_HORIZON 3

enum finding_type {
	FINDING_BREACH,
	FINDING_FORECAST_BREACH
};

/* "time" .. "confidence" */
const char *tol_dim_name(enum tol_dim d);
/* -1 when name is not a dimension. */
int tol_dim_parse(const char *name);
/* "breach", "forecast_breach" */
const char *finding_type_name(enum finding_type t);

/*
 * The tolerance in force for programme and dimension: the programme's own
 * record, else the portfolio default (programme NULL), else NULL.
 */
const struct tolerance *tolerance_for(const struct dataset *ds,
				      const char *programme, enum tol_dim d);

/* What a finding rests on, as data. Fields not used by a dimension are 0. */
struct evidence {
	enum kind kind;		/* record measured: milestone, finance, return,
				   exception (issue when only issues count),
				   risk, benefit, dca */
	const char *code;	/* its code ("SLP-M4"), or key ("SLP/2017") */
	const char *name;	/* its name or title, NULL when none */
	/* time */
	int32_t baseline_date;	/* baseline in force */
	const char *baseline;	/* code of that baseline, NULL: milestone's own */
	int rebaselined;	/* moved by an approved change request */
	const char *change_request;
	int32_t previous_date;	/* baseline date before the re-baseline */
	int32_t forecast_date;	/* forecast at the month (0 when achieved) */
	int32_t actual_date;	/* achieved, when it was */
	int stale;		/* forecast already past, not achieved */
	int ntrend;		/* forecasts behind a trend finding (3) */
	int32_t trend_period[3];
	int32_t trend_date[3];
	double trend_days_per_month;
	double projected;	/* slip projected at the horizon */
	int horizon;		/* months projected */
	/* cost */
	int fy;			/* financial year */
	int64_t budget;
	int64_t forecast;
	int32_t forecast_period; /* month of the return that gave the forecast,
				    0: the finance line */
	/* risk */
	int likelihood, impact;
	/* benefits: the measure's levels in the month read */
	double planned, actual;
	double benefit_baseline; /* the benefit's baseline (0 when absent) */
	int32_t to_month;	/* the latest month with both figures */
	/* confidence */
	const char *rating;
	int32_t rated_on;
	const char *assessor;	/* NULL: from a return */
	/* scope, quality */
	size_t count;		/* exceptions and issues counted */
	const char *codes;	/* "EX-1, EX-2, SLP-I3": exceptions, then issues */
};

struct finding {
	const char *programme;
	enum tol_dim dim;
	enum finding_type type;
	double value;		/* days, per cent, score, count or rating 1-5 */
	double threshold;	/* the breach level in force */
	double forecast_threshold; /* the early-warning level, NAN if none */
	int by_default;		/* the tolerance is the portfolio default */
	int by_trend;		/* time: found by the trend rule */
	struct evidence ev;
	const char *sentence;	/* the evidence in words */
};

struct assess_result {
	struct arena arena;	/* owns the arrays and all strings */
	int32_t month;
	int32_t as_at;		/* last day of month */
	size_t programmes;	/* programmes assessed */
	/* by programme, dimension, breaches first, then evidence code */
	struct finding *findings;
	size_t nfindings, alloc;
	/* filled by assess_exceptions_from_findings() */
	struct exception *exceptions;
	size_t nexceptions;
};

void assess_result_init(struct assess_result *res);
void assess_result_release(struct assess_result *res);

/*
 * Measure every tolerance of every active programme as at the end of
 * month and list the findings. out is initialised here; release it with
 * assess_result_release() whatever the result. Returns 0, or -1 with err
 * filled: ERR_USAGE for month 0, ERR_INPUT for a rating that is not a DCA
 * spelling.
 */
int assess_tolerances(const struct dataset *ds, int32_t month,
		      struct assess_result *out, struct error *err);

/*
 * Turn res's findings into exception records in res->exceptions: one per
 * programme and dimension, type breach when any finding is a breach,
 * code "EX-<YYYY-MM>-<programme>-<dimension>", period the month,
 * status open, marking the programme's, evidence the findings' sentences
 * (one a line, breaches first). Cause, consequences, options and
 * recommendation are left NULL for the programme to write. Left out:
 * scope and quality findings (they rest on exceptions and issues the
 * programme already raised), and any programme and dimension for which ds already
 * holds an open or escalated exception of the same type or a breach (the
 * exception is still running), or an exception with the same code.
 * Strings are in res's arena. Returns the number made.
 */
size_t assess_exceptions_from_findings(const struct dataset *ds,
				       struct assess_result *res);

/*
 * The exceptions in ds that res shows cured: raised by folio from its
 * measure (code "EX-<YYYY-MM>-<programme>-<dimension>", as
 * assess_exceptions_from_findings makes them; one a person raised may
 * rest on what the measure does not see), status open or escalated,
 * raised for a month up to res->month, in a dimension folio measures
 * (time, cost, risk, benefits, confidence: scope and quality rest on what
 * the programme raised itself), for a programme res assessed (lifecycle
 * active) with a tolerance in force for that dimension, and with no
 * finding, breach or forecast breach, for that programme and dimension in
 * res. *out (in res's arena; NULL when none) points at records of ds, by
 * code. Returns the number found.
 */
size_t assess_exceptions_cured(const struct dataset *ds,
			       struct assess_result *res,
			       const struct exception ***out);

/*
 * Copy res's exceptions into ds (strings copied into ds's arena), e.g. to
 * store them after review. Returns the number added.
 */
size_t assess_exceptions_add(struct dataset *ds,
			     const struct assess_result *res);

#endif
