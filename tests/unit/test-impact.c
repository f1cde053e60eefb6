/*
 * test-impact.c - knock-on impact analysis (sched/impact.h) on networks
 * whose answers can be worked out by hand (the JSON files of tests/data/impact, most
 * on the 24-hour "days" calendar so a day of work is a calendar day), and
 * on the demo portfolio.
 *
 * The hand-built networks all start on Monday 6 January 2020. On the days
 * calendar a 10-day task from then finishes at midnight ending 15 January
 * (its finish "falls on" the 15th), and a milestone after it falls there
 * too.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/error.h"
#include "import/interchange.h"
#include "model/dataset.h"
#include "core/strbuf.h"
#include "model/schema.h"
#include "report/report.h"
#include "sched/impact.h"
#include "sched/input.h"

static char errbuf[1100];

#define ok(call, err) do { \
		if ((call) < 0) \
			fail_msg("%s: %s", #call, error_text(err, errbuf, sizeof(errbuf))); \
	} while (0)

static void
load(struct dataset *ds, const char *name)
{
	const char *root = getenv("FOLIO_SOURCE");
	struct error err = ERROR_INIT;
	char path[1024];

	if (root == NULL)
		fail_msg("FOLIO_SOURCE is not set");
	snprintf(path, sizeof(path), "%s/%s", root, name);
	ok(interchange_read_file(path, ds, &err), &err);
}

static int32_t
day(const char *s)
{
	int32_t d = 0;

	assert_int_equal(date_parse(s, &d), 0);
	return d;
}

static struct impact_slip
slip_of(const char *s)
{
	struct impact_slip sl;
	struct error err = ERROR_INIT;

	ok(impact_slip_parse(s, &sl, &err), &err);
	return sl;
}

/* Run sched_impact on a days-calendar dataset (or the given calendar). */
static void
run_cal(const struct dataset *ds, const char *code, const char *slip,
	const char *calendar, struct impact_result *res)
{
	struct sched_input_options sopt = SCHED_INPUT_OPTIONS_INIT;
	struct impact_options opt = IMPACT_OPTIONS_INIT;
	struct error err = ERROR_INIT;

	sopt.calendar = calendar;
	opt.sched = &sopt;
	ok(sched_impact(ds, code, slip_of(slip), &opt, res, &err), &err);
}

static void
run(const struct dataset *ds, const char *code, const char *slip,
    struct impact_result *res)
{
	run_cal(ds, code, slip, "days", res);
}

static const struct impact_activity *
act(const struct impact_result *r, const char *id)
{
	for (size_t k = 0; k < r->nacts; k++)
		if (strcmp(r->acts[k].id, id) == 0)
			return &r->acts[k];
	return NULL;
}

static const struct impact_milestone *
ms(const struct impact_result *r, const char *code)
{
	for (size_t k = 0; k < r->nms; k++)
		if (strcmp(r->ms[k].code, code) == 0)
			return &r->ms[k];
	return NULL;
}

static const struct impact_risk *
risk(const struct impact_result *r, const char *code)
{
	for (size_t k = 0; k < r->nrisks; k++)
		if (strcmp(r->risks[k].code, code) == 0)
			return &r->risks[k];
	return NULL;
}

static const struct impact_benefit *
benefit(const struct impact_result *r, const char *code)
{
	for (size_t k = 0; k < r->nbenefits; k++)
		if (strcmp(r->benefits[k].code, code) == 0)
			return &r->benefits[k];
	return NULL;
}

static int
said(const struct impact_result *r, const char *words)
{
	for (size_t k = 0; k < r->nsentences; k++)
		if (strstr(r->sentences[k], words))
			return 1;
	return 0;
}

static struct milestone *
milestone_rec(struct dataset *ds, const char *code)
{
	struct milestone *m = dataset_find(ds, K_MILESTONE, code);

	assert_non_null(m);
	return m;
}

/* --- slips ------------------------------------------------------------------ */

static void
test_slip_parse(void **state)
{
	struct impact_slip s;
	struct error err = ERROR_INIT;
	char buf[40];

	(void)state;
	s = slip_of("30d");
	assert_int_equal(s.amount, 30);
	assert_int_equal(s.unit, IMPACT_CALENDAR_DAYS);
	s = slip_of("30");
	assert_int_equal(s.amount, 30);
	assert_int_equal(s.unit, IMPACT_CALENDAR_DAYS);
	s = slip_of("4w");
	assert_int_equal(s.amount, 28);
	assert_int_equal(s.unit, IMPACT_CALENDAR_DAYS);
	s = slip_of("20wd");
	assert_int_equal(s.amount, 20);
	assert_int_equal(s.unit, IMPACT_WORKING_DAYS);
	s = slip_of(" 3 working days ");
	assert_int_equal(s.amount, 3);
	assert_int_equal(s.unit, IMPACT_WORKING_DAYS);
	assert_string_equal(impact_slip_text(&s, buf, sizeof(buf)), "3 working days");
	s = slip_of("1 day");
	assert_string_equal(impact_slip_text(&s, buf, sizeof(buf)), "1 day");
	assert_int_equal(impact_slip_parse("0d", &s, &err), -1);
	assert_int_equal(err.code, ERR_USAGE);
	assert_int_equal(impact_slip_parse("-5d", &s, &err), -1);
	assert_int_equal(impact_slip_parse("30x", &s, &err), -1);
	assert_int_equal(impact_slip_parse("d", &s, &err), -1);
	assert_int_equal(impact_slip_parse("", &s, &err), -1);
	assert_int_equal(impact_slip_parse("9999d", &s, &err), -1);
	assert_int_equal(impact_slip_parse("600w", &s, &err), -1);
	assert_int_equal(impact_slip_parse("99999999999999999999d", &s, &err), -1);
}

/* --- networks with known answers ------------------------------------------------ */

/* A1 (10d) -> A2 (A-M1) -> B1 (5d) -> B2 (B-M1): the delay passes whole. */
static void
test_chain_across_programmes(void **state)
{
	struct dataset ds;
	struct impact_result r;
	const struct impact_activity *a;
	const struct impact_milestone *m;

	(void)state;
	load(&ds, "tests/data/impact/chain.json");
	run(&ds, "A-M1", "30d", &r);
	assert_int_equal(r.month, month_from_ym(2019, 12));	/* latest published */
	assert_int_equal(r.norigins, 1);
	assert_string_equal(r.origins[0].activity, "A2");
	assert_int_equal(r.origins[0].date_before, day("2020-01-15"));
	assert_int_equal(r.origins[0].date_after, day("2020-02-14"));
	assert_int_equal(r.origins[0].days, 30);
	assert_true(fabs(r.origins[0].working_days - 30) < 1e-9);

	/* A2, B1, B2 reached; nothing of C */
	assert_int_equal(r.nacts, 3);
	assert_int_equal(r.moved_activities, 3);
	assert_null(act(&r, "C2"));
	a = act(&r, "B1");
	assert_non_null(a);
	assert_int_equal(a->days, 30);
	assert_true(fabs(a->pushed_days - 30) < 1e-9);
	assert_true(fabs(a->absorbed_days) < 1e-9);
	a = act(&r, "B2");
	assert_int_equal(a->date_after, day("2020-02-19"));

	/* milestones: the origin's programme first */
	assert_int_equal(r.nms, 2);
	assert_string_equal(r.ms[0].code, "A-M1");
	assert_true(r.ms[0].origin);
	assert_string_equal(r.ms[1].code, "B-M1");
	assert_int_equal(r.nprogs, 2);
	assert_string_equal(r.progs[0].code, "A");
	assert_true(r.progs[0].origin);
	assert_string_equal(r.progs[1].code, "B");
	assert_int_equal(r.progs[1].first, 1);
	assert_int_equal(r.other_milestones, 1);
	assert_int_equal(r.other_programmes, 1);
	assert_int_equal(r.own_milestones, 0);
	assert_true(r.crosses);
	m = ms(&r, "B-M1");
	assert_int_equal(m->days, 30);
	assert_int_equal(m->forecast_before, day("2020-01-20"));
	assert_int_equal(m->forecast_after, day("2020-02-19"));
	/* 30 days on the portfolio default (30, early warning 15): not over
	   30, so a forecast breach only */
	assert_int_equal(m->slip_before, 0);
	assert_int_equal(m->slip_after, 30);
	assert_int_equal(m->tol_before, IMPACT_TOL_WITHIN);
	assert_int_equal(m->tol_after, IMPACT_TOL_FORECAST_BREACH);
	assert_true(m->by_default);
	assert_int_equal(r.breaches, 0);
	assert_int_equal(r.finish_after - r.finish_before, 30 * 86400);

	assert_non_null(strstr(r.headline,
		"Moving A-M1 by 30 days moves 1 milestone in 1 other programme: B-M1 (B) 30 days"));
	assert_ptr_equal(r.sentences[0], r.headline);
	assert_true(said(&r, "B-M1 'Reporting B-M1' (B) moves 30 days in the schedule, from 20 January 2020 to 19 February 2020"));
	assert_true(said(&r, "The schedule as a whole finishes 30 days later, on 19 February 2020."));
	impact_result_release(&r);

	/* one more day takes both past 30 days: breaches, new ones */
	run(&ds, "A-M1", "31d", &r);
	assert_int_equal(r.breaches, 2);
	assert_int_equal(r.new_breaches, 2);
	assert_int_equal(ms(&r, "B-M1")->tol_after, IMPACT_TOL_BREACH);
	assert_non_null(strstr(r.headline, "2 moved milestones are then outside their programmes' time tolerances: A-M1 (31 days late, newly), B-M1 (31 days late, newly)"));
	impact_result_release(&r);

	/* naming the activity does the same as naming its milestone */
	run(&ds, "A2", "30d", &r);
	assert_string_equal(r.origins[0].milestone, "A-M1");
	assert_int_equal(ms(&r, "B-M1")->days, 30);
	impact_result_release(&r);
	dataset_release(&ds);
}

/* FA2 (F-M1, day 10) and FX (20 days) both lead into FB1: 10 days of float. */
static void
test_float_absorbs(void **state)
{
	struct dataset ds;
	struct impact_result r;
	const struct impact_activity *a;

	(void)state;
	load(&ds, "tests/data/impact/links.json");
	run(&ds, "F-M1", "30d", &r);
	a = act(&r, "FB1");
	assert_non_null(a);
	assert_true(fabs(a->pushed_days - 30) < 1e-9);
	assert_true(fabs(a->working_days - 20) < 1e-9);
	assert_true(fabs(a->absorbed_days - 10) < 1e-9);
	assert_int_equal(a->days, 20);
	a = act(&r, "FB2");
	assert_true(fabs(a->pushed_days - 20) < 1e-9);
	assert_true(fabs(a->absorbed_days) < 1e-9);
	assert_int_equal(ms(&r, "G-M1")->days, 20);
	assert_null(act(&r, "FX"));	/* upstream of nothing that moved */
	assert_true(said(&r, "FB1 'Task FB1' (G) takes up 10 of the 30 working days of delay that reach it in float and moves 20 working days."));
	impact_result_release(&r);

	/* a slip inside the float: FB1 takes all of it and nothing after moves */
	run(&ds, "F-M1", "6d", &r);
	assert_int_equal(r.nacts, 2);
	a = act(&r, "FB1");
	assert_true(fabs(a->absorbed_days - 6) < 1e-9);
	assert_true(fabs(a->working_days) < 1e-9);
	assert_int_equal(a->days, 0);
	assert_null(act(&r, "FB2"));
	assert_int_equal(r.nms, 1);
	assert_int_equal(r.other_milestones, 0);
	assert_false(r.crosses);
	assert_int_equal(r.finish_after, r.finish_before);
	assert_non_null(strstr(r.headline, "moves no milestone in another programme."));
	assert_true(said(&r, "so it does not move"));
	impact_result_release(&r);
	dataset_release(&ds);
}

/*
 * ST (S-M1, a 10-day task) starts SB1 and SC1 five days after it starts
 * (SS+5); SC1 is also held by SY (20 days). Slipping ST's finish 30 days
 * moves the whole task, so its start too: SB1 moves 30, SC1 (which had
 * 15 days of float on that link) moves 15.
 */
static void
test_ss_lag(void **state)
{
	struct dataset ds;
	struct impact_result r;
	const struct impact_activity *a;

	(void)state;
	load(&ds, "tests/data/impact/links.json");
	run(&ds, "S-M1", "30d", &r);
	assert_string_equal(r.origins[0].activity, "ST");
	assert_int_equal(r.origins[0].days, 30);
	a = act(&r, "SB1");
	assert_non_null(a);
	assert_int_equal(a->date_before, day("2020-01-20"));	/* 11 Jan + 10 days */
	assert_int_equal(a->days, 30);
	assert_true(fabs(a->pushed_days - 30) < 1e-9);
	a = act(&r, "SC1");
	assert_int_equal(a->days, 15);
	assert_true(fabs(a->absorbed_days - 15) < 1e-9);
	assert_int_equal(ms(&r, "T-M1")->days, 30);
	assert_int_equal(ms(&r, "U-M1")->days, 15);
	assert_int_equal(r.other_milestones, 2);
	assert_int_equal(r.other_programmes, 2);
	/* other programmes in code order after the origin's */
	assert_string_equal(r.progs[0].code, "S");
	assert_string_equal(r.progs[1].code, "T");
	assert_string_equal(r.progs[2].code, "U");
	assert_non_null(strstr(r.headline, "moves 2 milestones in 2 other programmes: T-M1 (T) 30 days, U-M1 (U) 15 days"));
	impact_result_release(&r);
	dataset_release(&ds);
}

static void
test_no_successors(void **state)
{
	struct dataset ds;
	struct impact_result r;

	(void)state;
	load(&ds, "tests/data/impact/links.json");
	run(&ds, "N-M1", "30d", &r);
	assert_int_equal(r.nacts, 1);
	assert_true(r.acts[0].origin);
	assert_int_equal(r.nms, 1);
	assert_int_equal(r.other_milestones, 0);
	assert_int_equal(r.own_milestones, 0);
	assert_false(r.crosses);
	assert_int_equal(r.nbenefits, 0);
	assert_int_equal(r.nrisks, 0);
	assert_string_equal(r.headline, "Moving N-M1 by 30 days moves no milestone in another programme.");
	impact_result_release(&r);
	dataset_release(&ds);
}

/*
 * B-M1: baseline record B-BL1 (approved 1 Nov 2019) says 15 January 2020,
 * overriding the milestone's own 10 January; B-BL2 (approved March 2020)
 * is not yet in force at December 2019. Forecast 25 January: 10 days late,
 * past B's early warning of 7. B-M3: forecast 20 December 2019, its
 * baseline, not achieved by 31 December: stale, so 11 days late at the
 * as-at date already.
 */
static void
test_tolerance(void **state)
{
	struct dataset ds;
	struct impact_result r;
	const struct impact_milestone *m;
	struct impact_options opt = IMPACT_OPTIONS_INIT;
	struct sched_input_options sopt = SCHED_INPUT_OPTIONS_INIT;
	struct error err = ERROR_INIT;

	(void)state;
	load(&ds, "tests/data/impact/tolerance.json");
	run(&ds, "A-M1", "5d", &r);
	m = ms(&r, "B-M1");
	assert_non_null(m);
	assert_int_equal(m->days, 5);
	assert_int_equal(m->baseline, day("2020-01-15"));
	assert_string_equal(m->baseline_code, "B-BL1");
	assert_int_equal(m->forecast_before, day("2020-01-25"));
	assert_int_equal(m->forecast_after, day("2020-01-30"));
	assert_int_equal(m->slip_before, 10);
	assert_int_equal(m->slip_after, 15);
	assert_true(m->threshold == 14);
	assert_true(m->forecast_threshold == 7);
	assert_false(m->by_default);
	assert_int_equal(m->tol_before, IMPACT_TOL_FORECAST_BREACH);
	assert_int_equal(m->tol_after, IMPACT_TOL_BREACH);
	assert_true(said(&r, "outside B's time tolerance (14 days, early warning at 7), where it was a forecast breach before."));

	m = ms(&r, "B-M3");
	assert_non_null(m);
	assert_true(m->stale);
	assert_int_equal(m->slip_before, 11);
	assert_int_equal(m->slip_after, 16);
	assert_int_equal(m->forecast_after, day("2020-01-05"));
	assert_int_equal(m->tol_before, IMPACT_TOL_FORECAST_BREACH);
	assert_int_equal(m->tol_after, IMPACT_TOL_BREACH);

	m = ms(&r, "B-M2");	/* not key: moved, not measured */
	assert_non_null(m);
	assert_int_equal(m->tol_after, IMPACT_TOL_NONE);
	assert_true(said(&r, "not a key milestone, so no time tolerance applies"));
	m = ms(&r, "Q-M1");	/* a pipeline programme is not assessed */
	assert_non_null(m);
	assert_int_equal(m->tol_after, IMPACT_TOL_NONE);

	assert_int_equal(r.breaches, 2);
	assert_int_equal(r.new_breaches, 2);
	assert_int_equal(r.progs[1].breaches, 2);
	assert_int_equal(r.progs[1].newly, 2);
	/* A-M1: 5 days on the default, within */
	assert_int_equal(ms(&r, "A-M1")->tol_after, IMPACT_TOL_WITHIN);
	impact_result_release(&r);

	/* as at March 2020 B-BL2 is in force: 31 March, so well within */
	sopt.calendar = "days";
	opt.sched = &sopt;
	opt.month = month_from_ym(2020, 3);
	ok(sched_impact(&ds, "A-M1", slip_of("5d"), &opt, &r, &err), &err);
	m = ms(&r, "B-M1");
	assert_string_equal(m->baseline_code, "B-BL2");
	assert_int_equal(m->baseline, day("2020-03-31"));
	assert_int_equal(m->tol_after, IMPACT_TOL_WITHIN);
	impact_result_release(&r);
	dataset_release(&ds);
}

/* Benefits of the programmes whose milestones move, by the rule in impact.h. */
static void
test_benefits(void **state)
{
	struct dataset ds;
	struct impact_result r;
	const struct impact_benefit *b;

	(void)state;
	load(&ds, "tests/data/impact/chain.json");
	/* B-M1 moves 45 days, 20 January to 5 March */
	run(&ds, "A-M1", "45d", &r);
	assert_int_equal(r.nbenefits, 2);
	assert_string_equal(r.benefits[0].code, "A-B1");	/* origin's programme first */
	b = benefit(&r, "A-B1");	/* no profile: its target date is after */
	assert_string_equal(b->milestones, "A-M1");
	assert_int_equal(b->npoints, 0);
	assert_int_equal(b->target_date, day("2020-12-31"));
	b = benefit(&r, "B-B1");	/* January realised; February and March to come */
	assert_non_null(b);
	assert_string_equal(b->milestones, "B-M1");
	assert_int_equal(b->days, 45);
	assert_int_equal(b->npoints, 2);
	assert_int_equal(b->first_month, month_from_ym(2020, 2));
	assert_int_equal(b->last_month, month_from_ym(2020, 3));
	assert_int_equal(b->nwindow, 1);	/* February ends before 5 March */
	assert_int_equal(b->window_first, month_from_ym(2020, 2));
	assert_true(b->window_planned == 20);
	assert_true(said(&r, "Benefit B-B1 'Profiled' (B) is to be realised after B-M1, which moves 45 days: 2 profile points still to be realised, February 2020 to March 2020; the one for February 2020 (20 cases) now falls before the milestone's new date."));
	assert_null(benefit(&r, "B-B2"));	/* realised, its target long past */
	assert_null(benefit(&r, "C-B1"));	/* C does not move */
	impact_result_release(&r);

	/* C-M1 alone: only C's benefit */
	run(&ds, "C-M1", "10d", &r);
	assert_int_equal(r.nbenefits, 1);
	assert_string_equal(r.benefits[0].code, "C-B1");
	impact_result_release(&r);
	dataset_release(&ds);
}

/* Risks of the programmes that move, what they feed, interdependencies. */
static void
test_risks(void **state)
{
	struct dataset ds;
	struct impact_result r;
	const struct impact_risk *k;

	(void)state;
	load(&ds, "tests/data/impact/chain.json");
	run(&ds, "A-M1", "30d", &r);
	assert_int_equal(r.nrisks, 6);
	assert_string_equal(r.risks[0].code, "A-R1");
	assert_string_equal(r.risks[1].code, "B-R1");
	assert_string_equal(r.risks[2].code, "B-R3");	/* project risks count */
	assert_string_equal(r.risks[3].code, "PR1");
	assert_string_equal(r.risks[4].code, "PR3");
	assert_string_equal(r.risks[5].code, "PR5");
	assert_int_equal(risk(&r, "A-R1")->why, IMPACT_RISK_OWN);
	assert_int_equal(risk(&r, "A-R1")->score, 12);
	k = risk(&r, "PR1");
	assert_int_equal(k->why, IMPACT_RISK_FED);
	assert_string_equal(k->via, "B-R1");
	k = risk(&r, "PR3");	/* about interdependencies, and B moved */
	assert_int_equal(k->why, IMPACT_RISK_INTERDEP);
	assert_null(k->via);
	assert_int_equal(risk(&r, "PR5")->why, IMPACT_RISK_INTERDEP);	/* cross-programme category */
	assert_null(risk(&r, "B-R2"));	/* closed */
	assert_null(risk(&r, "C-R1"));	/* C does not move */
	assert_null(risk(&r, "PR2"));	/* fed only by C-R1 */
	assert_null(risk(&r, "PR4"));	/* closed, though B-R1 feeds it */
	assert_string_equal(risk(&r, "PR3")->sentence,
			    "Portfolio risk PR3 'Complex programme interdependencies', score 16: the delay crosses programmes.");
	assert_true(said(&r, "Risks tied to what moves: A-R1 (A, score 12), B-R1 (B, score 12), B-R3 (B, score 4); at portfolio level PR1 'Delivery capacity' (fed by B-R1), PR3 'Complex programme interdependencies' (the delay crosses programmes), PR5 'Shared delivery risk' (the delay crosses programmes)."));
	impact_result_release(&r);

	/* C-M1 reaches nothing else: no interdependency risk */
	run(&ds, "C-M1", "10d", &r);
	assert_false(r.crosses);
	assert_int_equal(r.nrisks, 2);
	assert_string_equal(r.risks[0].code, "C-R1");
	assert_string_equal(r.risks[1].code, "PR2");
	impact_result_release(&r);
	dataset_release(&ds);
}

/*
 * Weekdays: A1 (5 working days from Monday 6 January 2020) ends Friday 10
 * January 17:00; A2 (A-M1) there; B1 (1 day) on Monday 13th.
 */
static void
test_working_and_calendar_days(void **state)
{
	struct dataset ds;
	struct impact_result r;
	const struct impact_activity *a;

	(void)state;
	load(&ds, "tests/data/impact/weekdays.json");
	run_cal(&ds, "A-M1", "10wd", "weekdays", &r);
	assert_int_equal(r.origins[0].date_before, day("2020-01-10"));
	assert_int_equal(r.origins[0].date_after, day("2020-01-24"));
	assert_int_equal(r.origins[0].days, 14);
	assert_true(fabs(r.origins[0].working_days - 10) < 1e-9);
	a = act(&r, "B1");
	assert_int_equal(a->date_after, day("2020-01-27"));
	assert_true(fabs(a->working_days - 10) < 1e-9);
	assert_int_equal(ms(&r, "B-M1")->days, 14);
	impact_result_release(&r);

	/* one calendar day lands on Saturday: the milestone is a day late,
	   but done by the weekend B1 still starts on Monday */
	run_cal(&ds, "A-M1", "1d", "weekdays", &r);
	assert_int_equal(r.origins[0].date_after, day("2020-01-11"));
	assert_int_equal(r.origins[0].days, 1);
	assert_null(act(&r, "B1"));
	assert_int_equal(ms(&r, "A-M1")->slip_after, 1);
	assert_true(said(&r, "a day off: in the schedule its work ends on 10 January 2020"));
	impact_result_release(&r);

	/* three days: Monday 13th; B1 waits to Tuesday, one working day */
	run_cal(&ds, "A-M1", "3d", "weekdays", &r);
	assert_int_equal(r.origins[0].date_after, day("2020-01-13"));
	a = act(&r, "B1");
	assert_true(fabs(a->working_days - 1) < 1e-9);
	assert_int_equal(a->days, 1);
	impact_result_release(&r);
	dataset_release(&ds);
}

static void
test_errors(void **state)
{
	struct dataset ds;
	struct impact_result r;
	struct error err = ERROR_INIT;
	struct impact_slip s = { 30, IMPACT_CALENDAR_DAYS };
	struct milestone *m;
	struct activity *a;

	(void)state;
	load(&ds, "tests/data/impact/chain.json");
	assert_int_equal(sched_impact(&ds, "NOPE", s, NULL, &r, &err), -1);
	assert_int_equal(err.code, ERR_NOTFOUND);
	impact_result_release(&r);
	s.amount = 0;
	assert_int_equal(sched_impact(&ds, "A-M1", s, NULL, &r, &err), -1);
	assert_int_equal(err.code, ERR_USAGE);
	impact_result_release(&r);
	s.amount = 30;

	/* a milestone no activity stands for */
	m = dataset_add(&ds, K_MILESTONE);
	m->code = dataset_strdup(&ds, "A-M9");
	m->programme = dataset_strdup(&ds, "A");
	assert_int_equal(sched_impact(&ds, "A-M9", s, NULL, &r, &err), -1);
	assert_int_equal(err.code, ERR_NOTFOUND);
	assert_non_null(strstr(err.msg, "no activity"));
	impact_result_release(&r);

	/* done already */
	a = dataset_find(&ds, K_ACTIVITY, "C2");
	a->actual_start = a->actual_finish = day("2020-01-14");
	assert_int_equal(sched_impact(&ds, "C-M1", s, NULL, &r, &err), -1);
	assert_int_equal(err.code, ERR_INPUT);
	assert_non_null(strstr(err.msg, "achieved on 14 January 2020"));
	impact_result_release(&r);
	dataset_release(&ds);

	/* no period and no month given */
	load(&ds, "tests/data/impact/weekdays.json");
	ds.t[K_PERIOD].n = 0;
	assert_int_equal(sched_impact(&ds, "A-M1", s, NULL, &r, &err), -1);
	assert_int_equal(err.code, ERR_USAGE);
	impact_result_release(&r);
	dataset_release(&ds);
}

/* A started task that stands for a milestone runs longer instead. */
static void
test_started_origin(void **state)
{
	struct dataset ds;
	struct impact_result r;
	struct activity *a;

	(void)state;
	load(&ds, "tests/data/impact/links.json");
	a = dataset_find(&ds, K_ACTIVITY, "ST");
	a->actual_start = day("2020-01-06");
	run(&ds, "S-M1", "30d", &r);
	assert_int_equal(r.origins[0].days, 30);
	/* its start is recorded, so the SS successors do not move ... */
	assert_null(act(&r, "SB1"));
	assert_int_equal(r.nms, 1);
	impact_result_release(&r);
	dataset_release(&ds);

	/* ... but FS successors do */
	load(&ds, "tests/data/impact/chain.json");
	a = dataset_find(&ds, K_ACTIVITY, "B1");
	a->milestone = dataset_strdup(&ds, "B-M1");
	a->actual_start = day("2020-01-16");
	a = dataset_find(&ds, K_ACTIVITY, "B2");
	a->milestone = NULL;
	run(&ds, "B1", "12d", &r);
	assert_int_equal(r.origins[0].days, 12);
	assert_int_equal(act(&r, "B2")->days, 12);
	impact_result_release(&r);
	dataset_release(&ds);
}

/* --- the forecast changes of a period ------------------------------------------- */

static void
test_of_changes(void **state)
{
	struct dataset before, after;
	struct impact_result r;
	struct error err = ERROR_INIT;
	const struct impact_milestone *m;

	(void)state;
	load(&before, "tests/data/impact/chain.json");
	load(&after, "tests/data/impact/chain.json");

	/* nothing changed */
	ok(sched_impact_of_changes(&before, &after, NULL, &r, &err), &err);
	assert_int_equal(r.norigins, 0);
	assert_int_equal(r.nms, 0);
	assert_int_equal(r.month, month_from_ym(2020, 1));	/* after's latest */
	assert_string_equal(r.headline, "No milestone forecast moved later this period, so nothing else moves.");
	impact_result_release(&r);

	/* A-M1 reported 30 days later, C-M1 brought forward */
	milestone_rec(&after, "A-M1")->forecast_date = day("2020-02-14");
	milestone_rec(&after, "C-M1")->forecast_date = day("2020-01-10");
	{
		struct sched_input_options sopt = SCHED_INPUT_OPTIONS_INIT;
		struct impact_options opt = IMPACT_OPTIONS_INIT;

		/* as at December: B-M1's 20 January forecast is still to come */
		sopt.calendar = "days";
		opt.sched = &sopt;
		opt.month = month_from_ym(2019, 12);
		ok(sched_impact_of_changes(&before, &after, &opt, &r, &err), &err);
	}
	assert_int_equal(r.norigins, 1);
	assert_string_equal(r.origins[0].milestone, "A-M1");
	assert_int_equal(r.origins[0].slip.amount, 30);
	assert_int_equal(r.origins[0].forecast_before, day("2020-01-15"));
	assert_int_equal(r.origins[0].forecast_after, day("2020-02-14"));
	m = ms(&r, "A-M1");
	assert_true(m->origin);
	assert_int_equal(m->forecast_after, day("2020-02-14"));
	assert_int_equal(m->slip_before, 0);
	assert_int_equal(m->slip_after, 30);
	m = ms(&r, "B-M1");
	assert_int_equal(m->days, 30);
	assert_int_equal(m->forecast_after, day("2020-02-19"));
	assert_int_equal(r.nchanges, 1);
	assert_string_equal(r.changes[0].milestone, "C-M1");
	assert_non_null(strstr(r.changes[0].why, "brought forward"));
	assert_non_null(strstr(r.headline,
		"This period's forecast change (A-M1 30 days later) moves 1 milestone in 1 other programme: B-M1 (B) 30 days"));
	assert_true(said(&r, "Not analysed: C-M1 (C), forecast 15 January 2020 then 10 January 2020: brought forward"));
	impact_result_release(&r);

	/* the same as slipping A-M1 by hand */
	run(&before, "A-M1", "30d", &r);
	assert_int_equal(ms(&r, "B-M1")->days, 30);
	impact_result_release(&r);
	dataset_release(&before);
	dataset_release(&after);
}

/*
 * The demo's own history: the March 2018 returns moved the despatch model
 * decision (OR-M3) from 29 March to 30 April and the forensics OBC (TIP-M5)
 * from 30 April to 29 June; February's moved EST-M4, OR-M3 and TIP-M5 later
 * and brought OR-M2 forward.
 */
static void
test_of_period(void **state)
{
	struct dataset ds;
	struct impact_result r;
	struct error err = ERROR_INIT;
	const struct impact_activity *a;

	(void)state;
	load(&ds, "data/demo/mps-2018.json");
	ok(sched_impact_of_period(&ds, month_from_ym(2018, 3), NULL, &r, &err), &err);
	assert_int_equal(r.norigins, 2);
	assert_string_equal(r.origins[0].milestone, "OR-M3");
	assert_int_equal(r.origins[0].forecast_before, day("2018-03-29"));
	assert_int_equal(r.origins[0].forecast_after, day("2018-04-30"));
	assert_int_equal(r.origins[0].days, 32);
	assert_string_equal(r.origins[1].milestone, "TIP-M5");
	assert_int_equal(r.origins[1].days, 60);
	assert_int_equal(r.nchanges, 0);
	/* held at 29 March, OR-A6 would have let first-contact design start on
	   its start-no-earlier-than date, 2 April; at 30 April it starts on 1
	   May: 21 working days, one of the 22 of delay taken up by that date */
	a = act(&r, "PAFC-A1");
	assert_non_null(a);
	assert_true(fabs(a->working_days - 21) < 1e-9);
	assert_true(fabs(a->pushed_days - 22) < 1e-9);
	assert_true(fabs(a->absorbed_days - 1) < 1e-9);
	assert_true(r.crosses);
	assert_int_equal(r.other_milestones, 0);
	assert_int_equal(r.other_activities, 1);
	assert_true(risk(&r, "PR7")->why & IMPACT_RISK_INTERDEP);
	assert_non_null(strstr(r.headline, "This period's forecast changes (OR-M3 32 days later, TIP-M5 60 days later) move no milestone in another programme, though they move 1 activity there"));
	impact_result_release(&r);

	ok(sched_impact_of_period(&ds, month_from_ym(2018, 2), NULL, &r, &err), &err);
	assert_int_equal(r.norigins, 3);
	assert_string_equal(r.origins[0].milestone, "EST-M4");
	assert_int_equal(r.origins[0].days, 16);
	assert_int_equal(r.nchanges, 1);
	assert_string_equal(r.changes[0].milestone, "OR-M2");
	/* SLP-M2 waits on its own borough waves until 31 December anyway */
	a = act(&r, "SLP-A6");
	assert_non_null(a);
	assert_int_equal(a->days, 0);
	assert_true(a->absorbed_days > 0);
	assert_false(r.crosses);
	impact_result_release(&r);

	assert_int_equal(sched_impact_of_period(&ds, 0, NULL, &r, &err), -1);
	assert_int_equal(err.code, ERR_USAGE);
	impact_result_release(&r);
	dataset_release(&ds);
}

/* The PMG pack carries the same tracing as its section 1.4. */
static void
test_pmg_section(void **state)
{
	struct dataset ds;
	struct report rep;
	struct strbuf md = STRBUF_INIT;
	struct error err = ERROR_INIT;
	const char *sec, *end;

	(void)state;
	load(&ds, "data/demo/mps-2018.json");
	ok(report_pmg(&ds, month_from_ym(2018, 3), "OFFICIAL", &rep, &err), &err);
	strbuf_init(&md, 1 << 16);
	assert_int_equal(report_render_md(&rep, &md), 0);
	sec = strstr(md.buf, "### 1.4 Knock-on effects of this period's forecast changes");
	assert_non_null(sec);
	end = strstr(sec, "\n## 2.");
	assert_non_null(end);
	md.buf[end - md.buf] = '\0';
	assert_non_null(strstr(sec, "In March 2018 the returns moved two milestone forecasts later: "
				    "Despatch model decision (Optimising Response) by 32 days, from 29 March 2018 to 30 April 2018"));
	assert_non_null(strstr(sec, "First-contact channel design for the new despatch model "
				    "(Improving Public Access and First Contact)"));
	assert_non_null(strstr(sec, "Complex programme interdependencies (score 16; fed by OR-R1, TIP-R3; the delay crosses programmes)"));
	assert_null(strstr(sec, "TIP-R2"));	/* OFFICIAL-SENSITIVE: not at OFFICIAL */
	strbuf_release(&md);
	report_release(&rep);

	/* June 2017: no forecast history yet, so nothing moved */
	ok(report_pmg(&ds, month_from_ym(2017, 6), "OFFICIAL-SENSITIVE", &rep, &err), &err);
	strbuf_init(&md, 1 << 16);
	assert_int_equal(report_render_md(&rep, &md), 0);
	sec = strstr(md.buf, "### 1.4 ");
	assert_non_null(sec);
	assert_non_null(strstr(sec, "No milestone forecast moved later in June 2017, so nothing else in the schedule moves."));
	strbuf_release(&md);
	report_release(&rep);
	dataset_release(&ds);
}

/* --- the demo portfolio --------------------------------------------------------- */

/*
 * The demo's cross-programme dependencies: EST-A4 (EST-M4) -> SLP-A6
 * (SLP-M2), OR-A6 (OR-M3) -> PAFC-A1, SLP-A5 -SS-> TIP-A15. Nothing leaves
 * the MIPS award (TIP-A5 -> TIP-A6 only) or the device roll-out (SW-A2 ->
 * SW-A4 -> SW-A5, SW-A4 held back by SW-A3 until 17 August).
 */
static void
test_demo(void **state)
{
	struct dataset ds;
	struct impact_result r;
	const struct impact_activity *a;
	const struct impact_milestone *m;
	struct error err = ERROR_INIT;

	(void)state;
	load(&ds, "data/demo/mps-2018.json");

	/* MIPS contract award, 29 June 2018, 30 days later: the 620-day
	   implementation starts on Monday 30 July instead of 2 July, 20
	   working days; no milestone stands for it or anything after it */
	ok(sched_impact(&ds, "TIP-M1", slip_of("30d"), NULL, &r, &err), &err);
	assert_int_equal(r.month, month_from_ym(2018, 3));
	assert_int_equal(r.origins[0].date_after, day("2018-07-29"));
	a = act(&r, "TIP-A6");
	assert_non_null(a);
	assert_true(fabs(a->working_days - 20) < 1e-9);
	assert_int_equal(r.other_milestones, 0);
	assert_int_equal(r.own_milestones, 0);
	assert_false(r.crosses);
	assert_true(r.finish_after > r.finish_before);	/* TIP-A6 is the critical path */
	m = ms(&r, "TIP-M1");
	assert_int_equal(m->slip_after, 30);	/* baseline 29 June */
	assert_int_equal(m->tol_after, IMPACT_TOL_FORECAST_BREACH);
	assert_non_null(risk(&r, "TIP-R1"));
	assert_int_equal(risk(&r, "PR3")->why, IMPACT_RISK_FED);	/* via TIP-R1 */
	assert_int_equal(risk(&r, "PR7")->why, IMPACT_RISK_FED);	/* via TIP-R3, not crossing */
	impact_result_release(&r);

	/* the devices, 30 days: SW-A4 had 35 working days of slack on that
	   link, so it takes up all 20 and nothing moves after it */
	ok(sched_impact(&ds, "SW-M1", slip_of("30d"), NULL, &r, &err), &err);
	a = act(&r, "SW-A4");
	assert_non_null(a);
	assert_true(fabs(a->pushed_days - 20) < 1e-9);
	assert_true(fabs(a->absorbed_days - 20) < 1e-9);
	assert_int_equal(a->days, 0);
	assert_null(act(&r, "SW-A5"));
	assert_int_equal(r.nms, 1);
	assert_int_equal(r.other_milestones, 0);
	assert_int_equal(r.finish_after, r.finish_before);
	assert_non_null(benefit(&r, "SW-B1"));
	assert_int_equal(risk(&r, "PR7")->why, IMPACT_RISK_FED);	/* via SW-R2 */
	assert_string_equal(risk(&r, "PR7")->via, "SW-R2");
	impact_result_release(&r);

	/* ... and 60 days (41 working days) more than the slack: SW-A4 and
	   SW-M2 move */
	ok(sched_impact(&ds, "SW-M1", slip_of("60d"), NULL, &r, &err), &err);
	m = ms(&r, "SW-M2");
	assert_non_null(m);
	assert_true(m->days > 0);
	assert_int_equal(r.own_milestones, 1);
	impact_result_release(&r);

	/* the first BCU buildings, 16 November 2018, 60 days later: 15
	   January 2019, past SLP-A5's finish of 31 December, so SLP-M2 moves
	   15 days and breaks SLP's 14-day tolerance */
	ok(sched_impact(&ds, "EST-M4", slip_of("60d"), NULL, &r, &err), &err);
	m = ms(&r, "SLP-M2");
	assert_non_null(m);
	assert_int_equal(m->days, 15);
	assert_int_equal(m->sched_after, day("2019-01-15"));
	assert_int_equal(m->slip_after, 15);
	assert_int_equal(m->tol_before, IMPACT_TOL_WITHIN);
	assert_int_equal(m->tol_after, IMPACT_TOL_BREACH);
	assert_int_equal(r.other_milestones, 1);
	assert_int_equal(r.new_breaches, 1);
	assert_true(r.crosses);
	assert_true(risk(&r, "PR7")->why & IMPACT_RISK_INTERDEP);
	assert_non_null(risk(&r, "SLP-R2"));
	assert_non_null(benefit(&r, "SLP-B1"));
	assert_non_null(strstr(r.headline, "moves 1 milestone in 1 other programme: SLP-M2 (SLP) 15 days"));
	/* EST-M4 is 49 days late already (baseline 28 September): not key */
	assert_int_equal(ms(&r, "EST-M4")->slip_before, 49);
	assert_int_equal(ms(&r, "EST-M4")->tol_after, IMPACT_TOL_NONE);
	impact_result_release(&r);

	/* 30 days is absorbed by SLP-A6's 31 working days of slack */
	ok(sched_impact(&ds, "EST-M4", slip_of("30d"), NULL, &r, &err), &err);
	assert_null(ms(&r, "SLP-M2"));
	assert_true(act(&r, "SLP-A6")->absorbed_days > 0);
	impact_result_release(&r);

	/* the despatch decision moves first-contact design in PAFC */
	ok(sched_impact(&ds, "OR-M3", slip_of("20wd"), NULL, &r, &err), &err);
	a = act(&r, "PAFC-A1");
	assert_non_null(a);
	assert_true(fabs(a->working_days - 20) < 1e-9);
	assert_true(r.crosses);
	assert_int_equal(r.other_milestones, 0);
	assert_int_equal(r.other_activities, 1);
	assert_non_null(strstr(r.headline, "though it moves 1 activity there that stands for no reporting milestone: PAFC-A1 (PAFC)"));
	impact_result_release(&r);

	/* achieved milestones cannot slip */
	assert_int_equal(sched_impact(&ds, "SLP-M1", slip_of("30d"), NULL, &r, &err), -1);
	assert_int_equal(err.code, ERR_INPUT);
	impact_result_release(&r);
	dataset_release(&ds);
}

/*
 * Every milestone of the demo still to come, slipped 30 days: whatever
 * moves is downstream of it through the dependencies, and every milestone
 * that moves stands for an activity that moved.
 */
static void
test_demo_reachability(void **state)
{
	struct dataset ds;
	size_t ran = 0;

	(void)state;
	load(&ds, "data/demo/mps-2018.json");
	DS_FOREACH(&ds, K_ACTIVITY, struct activity, origin) {
		struct impact_result r;
		struct error err = ERROR_INIT;
		size_t na = dataset_count(&ds, K_ACTIVITY);
		unsigned char *down;
		int grew = 1;

		if (origin->milestone == NULL || origin->actual_finish)
			continue;
		ok(sched_impact(&ds, origin->code, slip_of("30d"), NULL, &r, &err), &err);
		down = calloc(na, 1);
		for (size_t i = 0; i < na; i++)
			if (dataset_row(&ds, K_ACTIVITY, i) == origin)
				down[i] = 1;
		while (grew) {
			grew = 0;
			DS_FOREACH(&ds, K_DEPENDENCY, struct dependency, d) {
				size_t p = na, s = na;

				for (size_t i = 0; i < na; i++) {
					const struct activity *x = dataset_row(&ds, K_ACTIVITY, i);

					if (strcmp(x->code, d->predecessor) == 0)
						p = i;
					if (strcmp(x->code, d->successor) == 0)
						s = i;
				}
				if (p < na && s < na && down[p] && !down[s])
					down[s] = 1, grew = 1;
			}
		}
		for (size_t k = 0; k < r.nacts; k++) {
			int found = 0;

			for (size_t i = 0; i < na; i++) {
				const struct activity *x = dataset_row(&ds, K_ACTIVITY, i);

				if (strcmp(x->code, r.acts[k].id) == 0)
					found = down[i];
			}
			if (!found)
				fail_msg("slipping %s moved %s, which is not downstream of it",
					 origin->code, r.acts[k].id);
		}
		for (size_t k = 0; k < r.nms; k++)
			assert_non_null(act(&r, r.ms[k].activity));
		assert_true(r.origins[0].days == 30);
		free(down);
		impact_result_release(&r);
		ran++;
	}
	assert_true(ran >= 10);
	dataset_release(&ds);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_slip_parse),
		cmocka_unit_test(test_chain_across_programmes),
		cmocka_unit_test(test_float_absorbs),
		cmocka_unit_test(test_ss_lag),
		cmocka_unit_test(test_no_successors),
		cmocka_unit_test(test_tolerance),
		cmocka_unit_test(test_benefits),
		cmocka_unit_test(test_risks),
		cmocka_unit_test(test_working_and_calendar_days),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_started_origin),
		cmocka_unit_test(test_of_changes),
		cmocka_unit_test(test_of_period),
		cmocka_unit_test(test_pmg_section),
		cmocka_unit_test(test_demo),
		cmocka_unit_test(test_demo_reachability),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
