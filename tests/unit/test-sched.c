/*
 * test-sched.c - the schedule engine: bank holidays, calendar arithmetic,
 * each link type and lag, each constraint, actual dates, calendars across
 * weekends and bank holidays, loops, and the critical path, on hand-made
 * networks whose answers are worked out in the comments.
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
#include "model/calendar-text.h"
#include "model/dataset.h"
#include "model/schema.h"
#include "sched/calendar.h"
#include "sched/cpm.h"
#include "sched/input.h"
#include "sched/network.h"

#define H (3600)
#define DAY8 (8 * H)		/* a working day of 8 hours */

static int64_t
at(const char *s)
{
	int64_t t = 0;

	if (sched_instant_parse(s, &t) < 0)
		fail_msg("bad instant %s", s);
	return t;
}

#define assert_instant(t, s) do { \
		char buf_[SCHED_INSTANT_LEN]; \
		assert_string_equal(sched_instant_format((t), buf_), (s)); \
	} while (0)

static int32_t
ymd(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

/* --- bank holidays and Easter ---------------------------------------------- */

static void
test_easter(void **state)
{
	(void)state;
	assert_int_equal(sched_easter(2018), ymd(2018, 4, 1));
	assert_int_equal(sched_easter(2019), ymd(2019, 4, 21));
	assert_int_equal(sched_easter(2024), ymd(2024, 3, 31));
	assert_int_equal(sched_easter(2025), ymd(2025, 4, 20));
	assert_int_equal(sched_easter(2038), ymd(2038, 4, 25));	/* latest */
	assert_int_equal(sched_easter(2285), ymd(2285, 3, 22));	/* earliest */
	assert_int_equal(sched_easter(1818), ymd(1818, 3, 22));
}

static void
assert_holidays(int year, const int32_t *want, int nwant)
{
	int32_t got[16];
	int n = sched_bank_holidays_ew(year, got);

	assert_int_equal(n, nwant);
	for (int i = 0; i < n; i++) {
		char a[16], b[16];

		assert_string_equal(date_format(got[i], a), date_format(want[i], b));
	}
}

static void
test_bank_holidays(void **state)
{
	(void)state;
	{
		/* 2018: Good Friday 30 March, Easter Monday 2 April */
		int32_t w[] = { ymd(2018, 1, 1), ymd(2018, 3, 30), ymd(2018, 4, 2),
				ymd(2018, 5, 7), ymd(2018, 5, 28), ymd(2018, 8, 27),
				ymd(2018, 12, 25), ymd(2018, 12, 26) };
		assert_holidays(2018, w, 8);
	}
	{
		/* 2020: early May moved to Friday 8 May (VE Day) */
		int32_t w[] = { ymd(2020, 1, 1), ymd(2020, 4, 10), ymd(2020, 4, 13),
				ymd(2020, 5, 8), ymd(2020, 5, 25), ymd(2020, 8, 31),
				ymd(2020, 12, 25), ymd(2020, 12, 28) };
		assert_holidays(2020, w, 8);
	}
	{
		/* 2021: Christmas on Saturday, Boxing Day on Sunday */
		int32_t w[] = { ymd(2021, 1, 1), ymd(2021, 4, 2), ymd(2021, 4, 5),
				ymd(2021, 5, 3), ymd(2021, 5, 31), ymd(2021, 8, 30),
				ymd(2021, 12, 27), ymd(2021, 12, 28) };
		assert_holidays(2021, w, 8);
	}
	{
		/* 2022: spring moved to 2 June, Platinum Jubilee 3 June, the
		 * Queen's funeral 19 September, Christmas on Sunday */
		int32_t w[] = { ymd(2022, 1, 3), ymd(2022, 4, 15), ymd(2022, 4, 18),
				ymd(2022, 5, 2), ymd(2022, 6, 2), ymd(2022, 6, 3),
				ymd(2022, 8, 29), ymd(2022, 9, 19), ymd(2022, 12, 26),
				ymd(2022, 12, 27) };
		assert_holidays(2022, w, 10);
	}
	{
		/* 2023: New Year on Sunday, the coronation 8 May */
		int32_t w[] = { ymd(2023, 1, 2), ymd(2023, 4, 7), ymd(2023, 4, 10),
				ymd(2023, 5, 1), ymd(2023, 5, 8), ymd(2023, 5, 29),
				ymd(2023, 8, 28), ymd(2023, 12, 25), ymd(2023, 12, 26) };
		assert_holidays(2023, w, 9);
	}
	{
		/* 2012: spring moved to 4 June, Diamond Jubilee 5 June */
		int32_t w[] = { ymd(2012, 1, 2), ymd(2012, 4, 6), ymd(2012, 4, 9),
				ymd(2012, 5, 7), ymd(2012, 6, 4), ymd(2012, 6, 5),
				ymd(2012, 8, 27), ymd(2012, 12, 25), ymd(2012, 12, 26) };
		assert_holidays(2012, w, 9);
	}
	{
		/* 2015: Boxing Day on Saturday moves to Monday 28th */
		int32_t w[] = { ymd(2015, 1, 1), ymd(2015, 4, 3), ymd(2015, 4, 6),
				ymd(2015, 5, 4), ymd(2015, 5, 25), ymd(2015, 8, 31),
				ymd(2015, 12, 25), ymd(2015, 12, 28) };
		assert_holidays(2015, w, 8);
	}
	assert_holidays(1977, NULL, 0);
}

/* --- calendars ------------------------------------------------------------- */

static struct sched_calendar *
prepared(const char *name, const char *anchor)
{
	struct sched_calendar *cal = sched_calendar_builtin(name);
	struct error err = ERROR_INIT;
	int32_t d = (int32_t)(at(anchor) / SCHED_DAY_SECONDS);

	assert_non_null(cal);
	assert_int_equal(sched_calendar_prepare(cal, d - 400, d + 400, d, 0, &err), 0);
	return cal;
}

static void
test_calendar_easter_2018(void **state)
{
	struct sched_calendar *cal = prepared("england-and-wales", "2018-03-29");

	(void)state;
	/* One day from Thursday 29 March 09:00 ends the same day at 17:00 */
	assert_instant(sched_cal_add(cal, at("2018-03-29T09:00"), DAY8),
		       "2018-03-29T17:00:00");
	/* Two days skip Good Friday, the weekend and Easter Monday */
	assert_instant(sched_cal_add(cal, at("2018-03-29T09:00"), 2 * DAY8),
		       "2018-04-03T17:00:00");
	/* Thursday's 17:00 as a start is Tuesday's 09:00 */
	assert_instant(sched_cal_snap(cal, at("2018-03-29T17:00"), SCHED_START),
		       "2018-04-03T09:00:00");
	/* Tuesday 09:00 as a finish is Thursday 17:00 */
	assert_instant(sched_cal_snap(cal, at("2018-04-03T09:00"), SCHED_END),
		       "2018-03-29T17:00:00");
	/* back one day from Tuesday 12:00 is Thursday 12:00 */
	assert_instant(sched_cal_add(cal, at("2018-04-03T12:00"), -DAY8),
		       "2018-03-29T12:00:00");
	/* a weekend instant: no working time between Saturday and Sunday */
	assert_int_equal(sched_cal_to_work(cal, at("2018-03-31T10:00")),
			 sched_cal_to_work(cal, at("2018-04-02T16:00")));
	/* the May Day holiday and a plain weekend */
	assert_instant(sched_cal_add(cal, at("2018-05-04T09:00"), 2 * DAY8),
		       "2018-05-08T17:00:00");
	sched_calendar_free(cal);

	cal = prepared("weekdays", "2018-03-29");
	/* without bank holidays, two days end on Good Friday */
	assert_instant(sched_cal_add(cal, at("2018-03-29T09:00"), 2 * DAY8),
		       "2018-03-30T17:00:00");
	sched_calendar_free(cal);
}

static void
test_calendar_rules(void **state)
{
	struct sched_calendar *base = sched_calendar_builtin("standard");
	struct sched_calendar *cal = sched_calendar_new("night");
	struct sched_day night = { 1, { { 22 * H, 24 * H } } }, off = { 0, { { 0, 0 } } };
	struct sched_day bad = { 2, { { 9 * H, 12 * H }, { 11 * H, 13 * H } } };
	struct sched_day got;
	struct error err = ERROR_INIT;
	int32_t d = ymd(2014, 10, 20);	/* a Monday */

	(void)state;
	/* derived: Mondays at night, the rest from the base */
	sched_calendar_set_base(cal, base);
	assert_int_equal(sched_calendar_set_week(cal, 0, &night, &err), 0);
	/* an exception in the base holds in the derived calendar too */
	assert_int_equal(sched_calendar_set_day(base, d + 1, &off, &err), 0);
	sched_calendar_day(cal, d, &got);
	assert_int_equal(got.n, 1);
	assert_int_equal(got.span[0].from, 22 * H);
	sched_calendar_day(cal, d + 1, &got);	/* Tuesday: the base's exception */
	assert_int_equal(got.n, 0);
	sched_calendar_day(cal, d + 2, &got);	/* Wednesday: the base's hours */
	assert_int_equal(got.n, 2);
	assert_int_equal(got.span[1].to, 17 * H);
	assert_int_equal(sched_calendar_set_week(cal, 1, &bad, &err), -1);
	assert_int_equal(sched_calendar_day_seconds(base), DAY8);
	assert_int_equal(sched_calendar_prepare(cal, d - 10, d + 10, d, 0, &err), 0);
	/* Monday 22:00 + 2h ends at midnight; + 3h runs to Wednesday 09:00 */
	assert_instant(sched_cal_add(cal, at("2014-10-20T22:00"), 2 * H),
		       "2014-10-21T00:00:00");
	assert_instant(sched_cal_add(cal, at("2014-10-20T22:00"), 3 * H),
		       "2014-10-22T09:00:00");
	sched_calendar_free(cal);
	sched_calendar_free(base);

	/* a calendar with no working time is refused when prepared */
	cal = sched_calendar_new("never");
	assert_int_equal(sched_calendar_prepare(cal, d, d + 10, d, DAY8, &err), -1);
	assert_non_null(strstr(err.msg, "no working time"));
	sched_calendar_free(cal);
}

/* --- networks ---------------------------------------------------------------- */

struct fixture {
	struct sched_network net;
	struct sched_result res;
	struct error err;
};

static void
net_begin(struct fixture *fx, const char *cal, const char *start)
{
	memset(fx, 0, sizeof(*fx));
	sched_network_init(&fx->net);
	assert_int_equal(sched_network_calendar(&fx->net, cal, &fx->err), 0);
	fx->net.start = at(start);
}

static int
add(struct fixture *fx, const char *id, double days)
{
	int i = sched_network_add(&fx->net, id, NULL,
				  days == 0 ? SCHED_MILESTONE : SCHED_TASK,
				  (int64_t)(days * DAY8), 0, &fx->err);

	assert_true(i >= 0);
	return i;
}

static void
link(struct fixture *fx, int a, int b, enum sched_link_type t, double lag_days)
{
	assert_int_equal(sched_network_link(&fx->net, (uint32_t)a, (uint32_t)b, t,
					    (int64_t)(lag_days * DAY8), 0, &fx->err), 0);
}

static void
run(struct fixture *fx)
{
	if (sched_network_finish(&fx->net, &fx->err) < 0)
		fail_msg("finish: %s", fx->err.msg);
	assert_int_equal(sched_cpm(&fx->net, &fx->res, &fx->err), 0);
}

static void
net_end(struct fixture *fx)
{
	sched_result_release(&fx->res);
	sched_network_release(&fx->net);
}

#define ES(i) (fx.res.es[i])
#define EF(i) (fx.res.ef[i])
#define LS(i) (fx.res.ls[i])
#define LF(i) (fx.res.lf[i])
#define TF(i) (fx.res.total_float[i])
#define FF(i) (fx.res.free_float[i])

/*
 * MS Project's Standard calendar (08:00-12:00, 13:00-17:00, Monday to
 * Friday), starting Friday 17 October 2014 at 08:00. A ten-day task sets
 * the project finish: Friday 17 to Thursday 30 October, 17:00. Each pair
 * is two one-day tasks A -> B with one kind of link.
 */
static void
test_link_types(void **state)
{
	struct fixture fx;
	int L, a[7], b[7];

	(void)state;
	net_begin(&fx, "standard", "2014-10-17T08:00");
	L = add(&fx, "long", 10);
	for (int i = 0; i < 7; i++) {
		char id[16];

		snprintf(id, sizeof(id), "a%d", i);
		a[i] = add(&fx, id, i == 5 ? 2 : 1);
		snprintf(id, sizeof(id), "b%d", i);
		b[i] = add(&fx, id, 1);
	}
	link(&fx, a[0], b[0], SCHED_FS, 0);
	link(&fx, a[1], b[1], SCHED_FS, 2);
	link(&fx, a[2], b[2], SCHED_SS, 2);
	link(&fx, a[3], b[3], SCHED_FF, 2);
	link(&fx, a[4], b[4], SCHED_SF, 2);
	link(&fx, a[5], b[5], SCHED_FS, -1);	/* a lead */
	link(&fx, a[6], b[6], SCHED_SS, -1);
	run(&fx);

	assert_instant(EF(L), "2014-10-30T17:00:00");
	assert_instant(fx.res.project_finish, "2014-10-30T17:00:00");
	assert_true(fx.res.critical[L]);

	/* FS: B on Monday; both have 8 days of float, A none of it free */
	assert_instant(ES(b[0]), "2014-10-20T08:00:00");
	assert_instant(EF(b[0]), "2014-10-20T17:00:00");
	assert_instant(LF(a[0]), "2014-10-29T17:00:00");
	assert_instant(LS(a[0]), "2014-10-29T08:00:00");
	assert_instant(LS(b[0]), "2014-10-30T08:00:00");
	assert_int_equal(TF(a[0]), 8 * DAY8);
	assert_int_equal(FF(a[0]), 0);
	assert_int_equal(TF(b[0]), 8 * DAY8);
	assert_int_equal(FF(b[0]), 8 * DAY8);
	assert_false(fx.res.critical[a[0]]);

	/* FS + 2 days: Friday 17:00 + 16h is Tuesday 17:00; B starts Wednesday */
	assert_instant(ES(b[1]), "2014-10-22T08:00:00");
	assert_int_equal(TF(b[1]), 6 * DAY8);
	assert_instant(LF(a[1]), "2014-10-27T17:00:00");

	/* SS + 2 days: B starts Tuesday 08:00 */
	assert_instant(ES(b[2]), "2014-10-21T08:00:00");
	assert_instant(LS(a[2]), "2014-10-28T08:00:00");	/* Thu 30th - 2d */
	assert_int_equal(TF(a[2]), 7 * DAY8);

	/* FF + 2 days: B finishes Tuesday 17:00, so starts Tuesday 08:00 */
	assert_instant(EF(b[3]), "2014-10-21T17:00:00");
	assert_instant(ES(b[3]), "2014-10-21T08:00:00");
	assert_instant(LF(a[3]), "2014-10-28T17:00:00");

	/* SF + 2 days: B finishes by A's start + 2 days = Monday 17:00 */
	assert_instant(EF(b[4]), "2014-10-20T17:00:00");
	assert_instant(ES(b[4]), "2014-10-20T08:00:00");
	assert_instant(LS(a[4]), "2014-10-29T08:00:00");	/* Thu 30 17:00 - 2d */
	assert_int_equal(TF(b[4]), 8 * DAY8);

	/* FS - 1 day: a two-day A ends Monday 17:00; B may start Monday 08:00 */
	assert_instant(EF(a[5]), "2014-10-20T17:00:00");
	assert_instant(ES(b[5]), "2014-10-20T08:00:00");
	assert_instant(EF(b[5]), "2014-10-20T17:00:00");

	/* SS - 1 day: no earlier than the project start */
	assert_instant(ES(b[6]), "2014-10-17T08:00:00");
	net_end(&fx);
}

/* The MS Project quirk: a start-to-finish link with no lag fixes the
 * finish at the predecessor's start, Monday 08:00, not Friday 17:00. */
static void
test_sf_finish_on_start(void **state)
{
	struct fixture fx;
	int a, b, c;

	(void)state;
	net_begin(&fx, "standard", "2006-09-21T08:00");	/* a Thursday */
	a = add(&fx, "a", 1);
	b = add(&fx, "b", 1);
	c = add(&fx, "c", 1);
	link(&fx, a, b, SCHED_FS, 0);		/* b on Friday 22nd */
	link(&fx, b, c, SCHED_SF, 0);		/* c finishes by b's start */
	run(&fx);
	assert_instant(EF(c), "2006-09-22T08:00:00");
	assert_instant(ES(c), "2006-09-21T08:00:00");
	assert_int_equal(TF(c), DAY8);
	net_end(&fx);
}

static void
test_milestones(void **state)
{
	struct fixture fx;
	int a, m, b, m0;

	(void)state;
	net_begin(&fx, "standard", "2014-10-17T08:00");
	m0 = add(&fx, "m0", 0);
	a = add(&fx, "a", 1);
	m = add(&fx, "m", 0);
	b = add(&fx, "b", 1);
	link(&fx, m0, a, SCHED_FS, 0);
	link(&fx, a, m, SCHED_FS, 0);
	link(&fx, m, b, SCHED_FS, 0);
	run(&fx);
	/* a milestone sits at its predecessor's finish, as MS Project does */
	assert_instant(ES(m0), "2014-10-17T08:00:00");
	assert_instant(ES(m), "2014-10-17T17:00:00");
	assert_instant(EF(m), "2014-10-17T17:00:00");
	assert_instant(ES(b), "2014-10-20T08:00:00");
	assert_true(fx.res.critical[m]);
	assert_int_equal(fx.res.npaths, 1);
	assert_int_equal(fx.res.path_off[1], 4);
	assert_int_equal(fx.res.path_act[0], (uint32_t)m0);
	assert_int_equal(fx.res.path_act[3], (uint32_t)b);
	net_end(&fx);
}

static void
constrain(struct fixture *fx, int i, enum sched_constraint c, const char *when)
{
	struct sched_activity *a = sched_network_activity(&fx->net, (size_t)i);

	a->constraint = c;
	a->constraint_date = at(when);
}

static void
test_constraints(void **state)
{
	struct fixture fx;
	int L, p, snet, fnet, mso, mfo, snlt, fnlt, alap, dl;

	(void)state;
	/* start Friday 17 October 2014; "long" (5 days) ends Thursday 23rd */
	net_begin(&fx, "standard", "2014-10-17T08:00");
	L = add(&fx, "long", 5);
	snet = add(&fx, "snet", 1);
	constrain(&fx, snet, SCHED_SNET, "2014-10-21");		/* midnight */
	fnet = add(&fx, "fnet", 1);
	constrain(&fx, fnet, SCHED_FNET, "2014-10-22T17:00");
	p = add(&fx, "p", 3);					/* Fri-Tue */
	mso = add(&fx, "mso", 1);
	link(&fx, p, mso, SCHED_FS, 0);
	constrain(&fx, mso, SCHED_MSO, "2014-10-20T08:00");	/* before p ends */
	mfo = add(&fx, "mfo", 1);
	constrain(&fx, mfo, SCHED_MFO, "2014-10-22T17:00");
	snlt = add(&fx, "snlt", 1);
	constrain(&fx, snlt, SCHED_SNLT, "2014-10-20T08:00");
	fnlt = add(&fx, "fnlt", 2);
	constrain(&fx, fnlt, SCHED_FNLT, "2014-10-17T17:00");
	alap = add(&fx, "alap", 1);
	constrain(&fx, alap, SCHED_ALAP, "2014-10-17");
	dl = add(&fx, "dl", 2);
	sched_network_activity(&fx.net, (size_t)dl)->deadline = at("2014-10-17T17:00");
	run(&fx);

	assert_instant(EF(L), "2014-10-23T17:00:00");
	/* SNET at midnight Tuesday: starts Tuesday 08:00 */
	assert_instant(ES(snet), "2014-10-21T08:00:00");
	assert_int_equal(TF(snet), 2 * DAY8);
	/* FNET Wednesday 17:00 */
	assert_instant(EF(fnet), "2014-10-22T17:00:00");
	assert_instant(ES(fnet), "2014-10-22T08:00:00");
	/* MSO honoured over the link: p ends Tuesday, mso starts Monday,
	 * and p has two days of negative float */
	assert_instant(ES(mso), "2014-10-20T08:00:00");
	assert_instant(LS(mso), "2014-10-20T08:00:00");
	assert_instant(EF(p), "2014-10-21T17:00:00");
	assert_instant(LF(p), "2014-10-17T17:00:00");
	assert_int_equal(TF(p), -2 * DAY8);
	assert_true(fx.res.critical[p]);
	assert_true(fx.res.critical[mso]);
	/* MFO */
	assert_instant(EF(mfo), "2014-10-22T17:00:00");
	assert_instant(ES(mfo), "2014-10-22T08:00:00");
	assert_instant(LF(mfo), "2014-10-22T17:00:00");
	/* SNLT limits the late start */
	assert_instant(ES(snlt), "2014-10-17T08:00:00");
	assert_instant(LS(snlt), "2014-10-20T08:00:00");
	assert_int_equal(TF(snlt), DAY8);
	/* FNLT honoured: a two-day task pinned to finish Friday 17:00 */
	assert_instant(EF(fnlt), "2014-10-17T17:00:00");
	assert_instant(ES(fnlt), "2014-10-16T08:00:00");
	/* ALAP: scheduled on its late dates, the project's last day */
	assert_instant(ES(alap), "2014-10-17T08:00:00");
	assert_instant(fx.res.start[alap], "2014-10-23T08:00:00");
	assert_instant(fx.res.finish[alap], "2014-10-23T17:00:00");
	/* a deadline on Friday for a two-day task: one day of negative float */
	assert_instant(LF(dl), "2014-10-17T17:00:00");
	assert_int_equal(TF(dl), -DAY8);
	assert_true(fx.res.critical[dl]);
	net_end(&fx);

	/* the same SNLT conflict with constraints not honoured: links win */
	net_begin(&fx, "standard", "2014-10-17T08:00");
	fx.net.honour_constraints = 0;
	p = add(&fx, "p", 3);
	snlt = add(&fx, "snlt", 1);
	link(&fx, p, snlt, SCHED_FS, 0);
	constrain(&fx, snlt, SCHED_SNLT, "2014-10-20T08:00");
	run(&fx);
	assert_instant(ES(snlt), "2014-10-22T08:00:00");
	assert_instant(LS(snlt), "2014-10-20T08:00:00");
	assert_int_equal(TF(snlt), -2 * DAY8);
	net_end(&fx);

	/* and honoured: the constraint wins over the link */
	net_begin(&fx, "standard", "2014-10-17T08:00");
	p = add(&fx, "p", 3);
	snlt = add(&fx, "snlt", 1);
	link(&fx, p, snlt, SCHED_FS, 0);
	constrain(&fx, snlt, SCHED_SNLT, "2014-10-20T08:00");
	run(&fx);
	assert_instant(ES(snlt), "2014-10-20T08:00:00");
	net_end(&fx);
}

static void
test_actuals(void **state)
{
	struct fixture fx;
	int done, next, going;
	struct sched_activity *a;

	(void)state;
	net_begin(&fx, "standard", "2014-10-17T08:00");
	done = add(&fx, "done", 3);
	next = add(&fx, "next", 1);
	going = add(&fx, "going", 3);
	link(&fx, done, next, SCHED_FS, 0);
	a = sched_network_activity(&fx.net, (size_t)done);
	a->actual_start = at("2014-10-14T08:00");
	a->actual_finish = at("2014-10-20T12:00");	/* late: Monday noon */
	a = sched_network_activity(&fx.net, (size_t)going);
	a->actual_start = at("2014-10-16T08:00");	/* Thu, Fri, Mon */
	run(&fx);
	assert_instant(ES(done), "2014-10-14T08:00:00");
	assert_instant(EF(done), "2014-10-20T12:00:00");
	assert_false(fx.res.critical[done]);
	assert_int_equal(TF(done), 0);
	assert_instant(ES(next), "2014-10-20T13:00:00");
	assert_instant(EF(next), "2014-10-21T12:00:00");
	assert_instant(EF(going), "2014-10-20T17:00:00");
	assert_instant(LS(going), "2014-10-16T08:00:00");
	assert_instant(LF(going), "2014-10-21T12:00:00");
	net_end(&fx);
}

/* A task on a seven-day calendar between two on England and Wales
 * working days, across Easter 2018. */
static void
test_activity_calendars(void **state)
{
	struct fixture fx;
	int a, x, b, days;

	(void)state;
	net_begin(&fx, "england-and-wales", "2018-03-29");
	days = sched_network_calendar(&fx.net, "days", &fx.err);
	assert_int_equal(days, 1);
	a = add(&fx, "a", 1);
	x = sched_network_add(&fx.net, "x", NULL, SCHED_TASK, 2 * SCHED_DAY_SECONDS,
			      days, &fx.err);
	b = add(&fx, "b", 1);
	link(&fx, a, x, SCHED_FS, 0);
	link(&fx, x, b, SCHED_FS, 0);
	run(&fx);
	assert_true(fx.net.axis < 0);
	assert_instant(ES(a), "2018-03-29T09:00:00");
	assert_instant(EF(a), "2018-03-29T17:00:00");
	/* x works through Good Friday and the weekend */
	assert_instant(ES(x), "2018-03-29T17:00:00");
	assert_instant(EF(x), "2018-03-31T17:00:00");
	/* b waits for Tuesday: Easter Monday is a bank holiday */
	assert_instant(ES(b), "2018-04-03T09:00:00");
	assert_instant(EF(b), "2018-04-03T17:00:00");
	assert_int_equal(TF(a), 0);
	assert_true(fx.res.critical[a]);
	/* x may start as late as Sunday 09:00: Saturday 17:00 to Tuesday
	 * 09:00 is 64 hours of float on its own calendar */
	assert_false(fx.res.critical[x]);
	assert_int_equal(TF(x), 64 * H);
	assert_true(fx.res.critical[b]);
	net_end(&fx);

	/* the same chain all on working days: three days, Thu, Tue, Wed */
	net_begin(&fx, "england-and-wales", "2018-03-29");
	a = add(&fx, "a", 1);
	x = add(&fx, "x", 1);
	b = add(&fx, "b", 1);
	link(&fx, a, x, SCHED_FS, 0);
	link(&fx, x, b, SCHED_FS, 0);
	run(&fx);
	assert_true(fx.net.axis == 0);
	assert_instant(ES(x), "2018-04-03T09:00:00");
	assert_instant(EF(b), "2018-04-04T17:00:00");
	net_end(&fx);
}

/* Calendar days, as TaskJuggler counts them: ends are exclusive. */
static void
test_calendar_days(void **state)
{
	struct fixture fx;
	int a, b, c;

	(void)state;
	net_begin(&fx, "days", "2025-01-06");
	a = sched_network_add(&fx.net, "a", NULL, SCHED_TASK, SCHED_DAY_SECONDS, 0, &fx.err);
	b = sched_network_add(&fx.net, "b", NULL, SCHED_TASK, 3 * SCHED_DAY_SECONDS, 0, &fx.err);
	c = sched_network_add(&fx.net, "c", NULL, SCHED_TASK, 2 * SCHED_DAY_SECONDS, 0, &fx.err);
	link(&fx, a, b, SCHED_FS, 0);
	link(&fx, a, c, SCHED_FS, 0);
	run(&fx);
	assert_instant(EF(a), "2025-01-07T00:00:00");
	assert_instant(ES(b), "2025-01-07T00:00:00");
	assert_instant(EF(b), "2025-01-10T00:00:00");
	assert_int_equal(TF(c), SCHED_DAY_SECONDS);
	net_end(&fx);
}

/* Ids found whether the table was sized up front, grown, or resized
   after activities were in it; duplicates refused all the same. */
static void
test_id_lookup(void **state)
{
	struct fixture fx;
	char id[32];

	(void)state;
	net_begin(&fx, "days", "2025-01-06");
	for (int i = 0; i < 40; i++) {
		snprintf(id, sizeof(id), "proj.c%d.t%d", i % 7, i);
		assert_int_equal(add(&fx, id, 1), i);
	}
	sched_network_reserve(&fx.net, 3000);	/* rehashes the 40 */
	for (int i = 40; i < 5000; i++) {	/* past what was reserved */
		snprintf(id, sizeof(id), "proj.c%d.t%d", i % 7, i);
		assert_int_equal(add(&fx, id, 1), i);
	}
	for (int i = 0; i < 5000; i++) {
		snprintf(id, sizeof(id), "proj.c%d.t%d", i % 7, i);
		assert_int_equal(sched_network_find(&fx.net, id), i);
	}
	assert_int_equal(sched_network_find(&fx.net, "proj.c0.t1"), -1);
	assert_int_equal(sched_network_find(&fx.net, ""), -1);
	assert_int_equal(sched_network_add(&fx.net, "proj.c3.t10", NULL, SCHED_TASK,
					   SCHED_DAY_SECONDS, 0, &fx.err), -1);
	assert_non_null(strstr(fx.err.msg, "appears twice"));
	sched_network_release(&fx.net);
}

static void
test_loop(void **state)
{
	struct fixture fx;
	int a, b, c, d;

	(void)state;
	net_begin(&fx, "standard", "2014-10-17T08:00");
	d = add(&fx, "D", 1);
	a = add(&fx, "A", 1);
	b = add(&fx, "B", 1);
	c = add(&fx, "C", 1);
	link(&fx, d, a, SCHED_FS, 0);
	link(&fx, a, b, SCHED_FS, 0);
	link(&fx, b, c, SCHED_SS, 0);
	link(&fx, c, a, SCHED_FF, 1);
	assert_int_equal(sched_network_finish(&fx.net, &fx.err), -1);
	assert_int_equal(fx.err.code, ERR_INPUT);
	if (strcmp(fx.err.msg, "dependency loop: A -> B -> C -> A") != 0 &&
	    strcmp(fx.err.msg, "dependency loop: B -> C -> A -> B") != 0 &&
	    strcmp(fx.err.msg, "dependency loop: C -> A -> B -> C") != 0)
		fail_msg("unexpected message: %s", fx.err.msg);
	net_end(&fx);

	/* a link of an activity to itself */
	net_begin(&fx, "standard", "2014-10-17T08:00");
	a = add(&fx, "A", 1);
	assert_int_equal(sched_network_link(&fx.net, (uint32_t)a, (uint32_t)a,
					    SCHED_FS, 0, 0, &fx.err), -1);
	assert_string_equal(fx.err.msg, "dependency loop: A -> A");
	net_end(&fx);
}

static void
test_summaries(void **state)
{
	struct fixture fx;
	int s, a, b, c;

	(void)state;
	net_begin(&fx, "standard", "2014-10-17T08:00");
	s = sched_network_add(&fx.net, "S", NULL, SCHED_SUMMARY, 0, 0, &fx.err);
	a = add(&fx, "a", 1);
	b = add(&fx, "b", 2);
	c = add(&fx, "c", 1);
	sched_network_activity(&fx.net, (size_t)a)->parent = s;
	sched_network_activity(&fx.net, (size_t)b)->parent = s;
	link(&fx, s, c, SCHED_FS, 0);	/* after everything under S */
	run(&fx);
	assert_instant(ES(s), "2014-10-17T08:00:00");
	assert_instant(EF(s), "2014-10-20T17:00:00");
	assert_instant(ES(c), "2014-10-21T08:00:00");
	assert_true(fx.res.critical[s]);
	assert_int_equal(TF(a), DAY8);
	net_end(&fx);

	/* linking a summary to something under it is refused */
	net_begin(&fx, "standard", "2014-10-17T08:00");
	s = sched_network_add(&fx.net, "S", NULL, SCHED_SUMMARY, 0, 0, &fx.err);
	a = add(&fx, "a", 1);
	sched_network_activity(&fx.net, (size_t)a)->parent = s;
	link(&fx, s, a, SCHED_FS, 0);
	assert_int_equal(sched_network_finish(&fx.net, &fx.err), -1);
	assert_non_null(strstr(fx.err.msg, "under it"));
	net_end(&fx);
}

/* The forward pass again with other durations, as Monte Carlo does. */
static void
test_forward_resample(void **state)
{
	struct fixture fx;
	int a, b, c;
	int64_t dur[3], es[3], ef[3], fin;

	(void)state;
	net_begin(&fx, "england-and-wales", "2018-03-26");
	a = add(&fx, "a", 2);
	b = add(&fx, "b", 1);
	c = add(&fx, "c", 1);
	link(&fx, a, b, SCHED_FS, 0);
	link(&fx, a, c, SCHED_FS, 0);
	run(&fx);
	assert_instant(fx.res.project_finish, "2018-03-28T17:00:00");
	for (size_t p = 0; p < 3; p++)
		dur[p] = fx.net.dur[p] * 2;
	fin = sched_forward(&fx.net, dur, es, ef);
	/* a: Monday to Thursday; b and c: Tuesday and Wednesday after Easter */
	assert_instant(sched_tick_instant(&fx.net, fin), "2018-04-04T17:00:00");
	assert_instant(sched_tick_instant(&fx.net, ef[fx.net.pos[a]]), "2018-03-29T17:00:00");
	(void)b;
	(void)c;
	net_end(&fx);
}

/* --- inputs ------------------------------------------------------------------ */

static void
read_run(struct fixture *fx, int json, const char *text, const char *start)
{
	struct sched_input_options opt = SCHED_INPUT_OPTIONS_INIT;

	memset(fx, 0, sizeof(*fx));
	sched_network_init(&fx->net);
	if (start)
		assert_int_equal(sched_parse_when(start, 0, &opt.start), 0);
	if ((json ? sched_read_json(&fx->net, text, strlen(text), "t", &opt, &fx->err)
		  : sched_read_csv(&fx->net, text, strlen(text), "t", &opt, &fx->err)) < 0)
		fail_msg("read: %s: %s", fx->err.where, fx->err.msg);
	run(fx);
}

static int
find(struct fixture *fx, const char *id)
{
	int i = sched_network_find(&fx->net, id);

	assert_true(i >= 0);
	return i;
}

static void
test_csv_input(void **state)
{
	struct fixture fx;
	const char *csv =
		"id,name,duration_days,predecessors,constraint,constraint_date\n"
		"a,\"Design, outline\",2,,,\n"
		"b,Build,3,a:SS:1,,\n"
		"c,Test,1,\"a;b:FF:-1\",,\n"
		"m,Go live,0,c,FNLT,2018-04-03\n";

	(void)state;
	/* England and Wales from Wednesday 28 March 2018 */
	read_run(&fx, 0, csv, "2018-03-28");
	assert_string_equal(fx.net.act[find(&fx, "a")].name, "Design, outline");
	/* a: Wed, Thu; b starts a day after a (Thursday), 3 days: Thu, Tue, Wed */
	assert_instant(EF(find(&fx, "a")), "2018-03-29T17:00:00");
	assert_instant(ES(find(&fx, "b")), "2018-03-29T09:00:00");
	assert_instant(EF(find(&fx, "b")), "2018-04-04T17:00:00");
	/* c: after a, and finishing no earlier than a day before b does */
	assert_instant(EF(find(&fx, "c")), "2018-04-03T17:00:00");
	/* the milestone must finish by the end of Tuesday 3 April: late */
	assert_instant(EF(find(&fx, "m")), "2018-04-03T17:00:00");
	assert_instant(LF(find(&fx, "m")), "2018-04-03T17:00:00");
	net_end(&fx);

	/* an unknown predecessor is named */
	memset(&fx, 0, sizeof(fx));
	sched_network_init(&fx.net);
	fx.net.start = at("2018-03-28");
	assert_int_equal(sched_read_csv(&fx.net, "id,duration_days,predecessors\nx,1,nope\n",
					40, "t.csv", NULL, &fx.err), -1);
	assert_string_equal(fx.err.where, "t.csv:2");
	assert_string_equal(fx.err.msg, "predecessor nope is not an activity");
	sched_network_release(&fx.net);
}

static void
test_json_input(void **state)
{
	struct fixture fx;
	const char *json =
		"{\"start\": \"2018-12-20\", \"calendar\": \"met\",\n"
		" \"calendars\": [{\"name\": \"met\", \"base\": \"england-and-wales\",\n"
		"                 \"holidays\": [\"2018-12-27\", \"2018-12-28\"],\n"
		"                 \"working\": [{\"date\": \"2018-12-22\", \"hours\": [\"09:00-13:00\"]}]}],\n"
		" \"activities\": [{\"id\": \"a\", \"duration\": 2},\n"
		"                {\"id\": \"b\", \"min\": 1, \"mode\": 1.5, \"max\": 4},\n"
		"                {\"id\": \"c\", \"duration\": 1, \"calendar\": \"days\"}],\n"
		" \"links\": [{\"from\": \"a\", \"to\": \"b\", \"lag\": 0},\n"
		"           {\"from\": \"b\", \"to\": \"c\", \"type\": \"FS\"}]}";

	(void)state;
	read_run(&fx, 1, json, NULL);
	/* a: Thursday 20 and Friday 21 December */
	assert_instant(EF(find(&fx, "a")), "2018-12-21T17:00:00");
	/* b: 12 hours: Saturday 22nd's four, then Christmas, Boxing Day and the
	 * organisation's two days off: Monday 24th (8 hours) completes it */
	assert_instant(ES(find(&fx, "b")), "2018-12-22T09:00:00");
	assert_instant(EF(find(&fx, "b")), "2018-12-24T17:00:00");
	/* c: 24 hours on the days calendar, straight away */
	assert_instant(EF(find(&fx, "c")), "2018-12-25T17:00:00");
	net_end(&fx);
}

/*
 * The JSON network reader walks the text in place (netcsv.c): every kind
 * of malformed input is refused with the line and what was wrong, and
 * nothing is left half-read.
 */
static void
test_json_malformed(void **state)
{
	static const struct {
		const char *text, *want;
	} bad[] = {
		{ "", "line 1: expected '{' (a JSON network is an object), found the end of the file" },
		{ "[]", "a JSON network is an object" },
		{ "{\"activities\": [2]}", "an activity must be an object" },
		{ "{\"activities\": [{\"id\": \"a\", \"duration\": 2}",
		  "is not closed at the end of the file" },
		{ "{\"activities\": [{\"id\": \"a\" \"duration\": 2}]}",
		  "expected ',' or '}' in an object, found '\"'" },
		{ "{\"activities\": [{\"id\": \"a\", \"duration\": 1} {\"id\": \"b\"}]}",
		  "expected ',' or ']' in an array, found '{'" },
		{ "{activities: []}", "expected a key in double quotes, found 'a'" },
		{ "{\"activities\" []}", "expected ':' after a key, found '['" },
		{ "{\"activities\": [{\"id\": \"a\", \"duration\": 01}]}",
		  "invalid number (a leading zero)" },
		{ "{\"activities\": [{\"id\": \"a\", \"duration\": 1.}]}", "invalid number" },
		{ "{\"activities\": [{\"id\": \"a\", \"duration\": -}]}", "invalid number" },
		{ "{\"activities\": [{\"id\": \"a\", \"duration\": 1e999}]}",
		  "a number too big for a double" },
		{ "{\"activities\": [{\"id\": \"a\", \"duration\": 99999999999999999999999}]}",
		  "too big" },
		{ "{\"activities\": [{\"id\": \"a\", \"duration\": tru}]}",
		  "invalid literal (not true, false or null)" },
		{ "{\"activities\": [{\"id\": \"a\", \"duration\": }]}", "expected a value, found '}'" },
		{ "{\"activities\": [{\"id\": \"a\\q\", \"duration\": 1}]}", "invalid escape \\q" },
		{ "{\"activities\": [{\"id\": \"a\\u12\", \"duration\": 1}]}", "invalid \\u escape" },
		{ "{\"activities\": [{\"id\": \"a\\u0000\", \"duration\": 1}]}",
		  "\\u0000 is not allowed in a string" },
		{ "{\"activities\": [{\"id\": \"a\\ud800\", \"duration\": 1}]}",
		  "invalid Unicode escape (a lone surrogate)" },
		{ "{\"activities\": [{\"id\": \"a\x01\", \"duration\": 1}]}",
		  "control character 0x01 in a string" },
		{ "{\"activities\": [{\"id\": \"\xff\", \"duration\": 1}]}", "byte 0xff is not UTF-8" },
		{ "{\"activities\": [{\"id\": \"\xc3\", \"duration\": 1}]}", "is not UTF-8" },
		{ "{\"activities\": [{\"id\": \"a", "a string runs to the end of the file" },
		{ "{\"start\": \"2018-01-01\",\n \"start\": \"2018-02-01\"}",
		  "line 2: the key \"start\" appears twice in one object" },
		{ "{\"activities\": [{\"id\": \"a\", \"duration\": 1}]}\n\n x", "line 3:" },
		{ "{\"activities\": [{\"id\": \"a\", \"duration\": 1},\n\n {\"id\": \"a\", \"duration\": 1}]}",
		  "appears twice" },
	};
	char *deep;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct sched_input_options opt = SCHED_INPUT_OPTIONS_INIT;
		struct sched_network net;
		struct error err = ERROR_INIT;

		sched_network_init(&net);
		if (sched_read_json(&net, bad[i].text, strlen(bad[i].text), "t.json",
				    &opt, &err) == 0)
			fail_msg("case %zu was read: %s", i, bad[i].text);
		if (strstr(err.msg, bad[i].want) == NULL)
			fail_msg("case %zu: \"%s\" lacks \"%s\"", i, err.msg, bad[i].want);
		/* the file, and for a well-formed file the JSON path */
		assert_memory_equal(err.where, "t.json", 6);
		assert_int_equal(err.code, ERR_INPUT);
		sched_network_release(&net);
	}

	/* nesting past jansson's limit is refused, not recursed into */
	deep = malloc(2100 + 16);
	assert_non_null(deep);
	memcpy(deep, "{\"x\": ", 6);
	memset(deep + 6, '[', 2100);
	deep[6 + 2100] = '\0';
	{
		struct sched_input_options opt = SCHED_INPUT_OPTIONS_INIT;
		struct sched_network net;
		struct error err = ERROR_INIT;

		sched_network_init(&net);
		assert_int_equal(sched_read_json(&net, deep, strlen(deep), "t.json", &opt, &err), -1);
		assert_non_null(strstr(err.msg, "nested more than 2048 deep"));
		sched_network_release(&net);
	}
	free(deep);
}

static void *
add_rec(struct dataset *ds, enum kind k)
{
	return dataset_add(ds, k);
}

static void
test_from_dataset(void **state)
{
	struct dataset ds;
	struct fixture fx;
	struct programme *p;
	struct activity *a;
	struct dependency *d;
	const char *acts[][4] = {
		/* code, programme, type, days */
		{ "P1", "TDIP", "task", "5" },
		{ "P2", "TDIP", "milestone", "0" },
		{ "S1", "SLP", "task", "3" },
		{ "S2", "SLP", "task", "2" },
		{ "X1", "OTHER", "task", "9" },
	};

	(void)state;
	dataset_init(&ds);
	p = add_rec(&ds, K_PROGRAMME);
	p->code = dataset_strdup(&ds, "SLP");
	p->start_date = ymd(2018, 4, 3);
	p = add_rec(&ds, K_PROGRAMME);
	p->code = dataset_strdup(&ds, "TDIP");
	p->start_date = ymd(2018, 3, 26);
	for (size_t i = 0; i < 5; i++) {
		a = add_rec(&ds, K_ACTIVITY);
		a->code = dataset_strdup(&ds, acts[i][0]);
		a->programme = dataset_strdup(&ds, acts[i][1]);
		a->type = dataset_strdup(&ds, acts[i][2]);
		a->duration_days = atof(acts[i][3]);
	}
	/* S1 waits for TDIP's milestone; S2 follows S1 with a day's lag */
	d = add_rec(&ds, K_DEPENDENCY);
	d->predecessor = dataset_strdup(&ds, "P1");
	d->successor = dataset_strdup(&ds, "P2");
	d->type = dataset_strdup(&ds, "FS");
	d->lag_days = 0;
	d = add_rec(&ds, K_DEPENDENCY);
	d->predecessor = dataset_strdup(&ds, "P2");
	d->successor = dataset_strdup(&ds, "S1");
	d->type = dataset_strdup(&ds, "FS");
	d->lag_days = NAN;
	d = add_rec(&ds, K_DEPENDENCY);
	d->predecessor = dataset_strdup(&ds, "S1");
	d->successor = dataset_strdup(&ds, "S2");
	d->type = dataset_strdup(&ds, "FS");
	d->lag_days = 1;

	memset(&fx, 0, sizeof(fx));
	sched_network_init(&fx.net);
	assert_int_equal(sched_network_from_dataset(&ds, "SLP", NULL, &fx.net, &fx.err), 0);
	/* SLP's two activities and, upstream in TDIP, P2 and P1; not X1 */
	assert_int_equal(fx.net.n, 4);
	assert_int_equal(sched_network_find(&fx.net, "X1"), -1);
	run(&fx);
	/* from TDIP's start, Monday 26 March: P1 five days over Easter 2018
	 * (Mon-Thu, then Tuesday 3 April); P2 at its end; S1 Wed-Fri; a day's
	 * lag (Monday 9th); S2 Tuesday and Wednesday */
	assert_instant(EF(find(&fx, "P1")), "2018-04-03T17:00:00");
	assert_instant(ES(find(&fx, "P2")), "2018-04-03T17:00:00");
	assert_instant(EF(find(&fx, "S1")), "2018-04-06T17:00:00");
	assert_instant(ES(find(&fx, "S2")), "2018-04-10T09:00:00");
	assert_instant(EF(find(&fx, "S2")), "2018-04-11T17:00:00");
	assert_int_equal(fx.res.npaths, 1);
	net_end(&fx);

	/* the whole portfolio: all five */
	memset(&fx, 0, sizeof(fx));
	sched_network_init(&fx.net);
	assert_int_equal(sched_network_from_dataset(&ds, NULL, NULL, &fx.net, &fx.err), 0);
	assert_int_equal(fx.net.n, 5);
	sched_network_release(&fx.net);
	dataset_release(&ds);
}

/* A calendar record of the dataset (fields as schema.h's struct calendar). */
static void
add_calendar(struct dataset *ds, const char *code, const char *base,
	     const char *week, const char *bank_holidays, int continuous)
{
	struct calendar *c = add_rec(ds, K_CALENDAR);

	c->code = dataset_strdup(ds, code);
	c->name = dataset_strdup(ds, code);
	c->base = base ? dataset_strdup(ds, base) : NULL;
	c->week = week ? dataset_strdup(ds, week) : NULL;
	c->bank_holidays = bank_holidays ? dataset_strdup(ds, bank_holidays) : NULL;
	c->continuous = continuous;
}

static void
add_calendar_day(struct dataset *ds, const char *cal, int32_t date, const char *hours)
{
	struct calendar_day *d = add_rec(ds, K_CALENDAR_DAY);

	d->calendar = dataset_strdup(ds, cal);
	d->date = date;
	d->hours = hours ? dataset_strdup(ds, hours) : NULL;
}

static struct activity *
add_activity(struct dataset *ds, const char *code, double days, const char *cal)
{
	struct activity *a = add_rec(ds, K_ACTIVITY);

	a->code = dataset_strdup(ds, code);
	a->programme = dataset_strdup(ds, "TDIP");
	a->type = dataset_strdup(ds, "task");
	a->duration_days = days;
	a->calendar = cal ? dataset_strdup(ds, cal) : NULL;
	return a;
}

static void
add_fs(struct dataset *ds, const char *from, const char *to)
{
	struct dependency *d = add_rec(ds, K_DEPENDENCY);

	d->predecessor = dataset_strdup(ds, from);
	d->successor = dataset_strdup(ds, to);
	d->type = dataset_strdup(ds, "FS");
	d->lag_days = 0;
}

/*
 * The organisation's calendars become the network's. Christmas 2018 on
 * "met" (England and Wales, plus: Monday 24th 09:00-13:00, Thursday 27th
 * off, Saturday 29th 09:00-17:00), the organisation's calendar; "ops"
 * derives from met with Saturday mornings and no bank holidays; "control"
 * derives from ops and works around the clock.
 */
static void
test_from_dataset_calendars(void **state)
{
	struct sched_input_options opt = SCHED_INPUT_OPTIONS_INIT;
	struct dataset ds;
	struct fixture fx;
	struct organisation *o;
	struct programme *p;

	(void)state;
	dataset_init(&ds);
	o = add_rec(&ds, K_ORGANISATION);
	o->code = dataset_strdup(&ds, "MPS");
	o->calendar = dataset_strdup(&ds, "met");
	p = add_rec(&ds, K_PROGRAMME);
	p->code = dataset_strdup(&ds, "TDIP");
	p->start_date = ymd(2018, 12, 24);
	/* rows out of base order: a base may come after what derives from it */
	add_calendar(&ds, "control", "ops", NULL, NULL, 1);
	add_calendar(&ds, "ops", "met", "sat 08:00-12:00", "off", 0);
	add_calendar(&ds, "met", NULL, NULL, NULL, 0);
	add_calendar_day(&ds, "met", ymd(2018, 12, 29), "09:00-17:00");
	add_calendar_day(&ds, "met", ymd(2018, 12, 24), "09:00-13:00");
	add_calendar_day(&ds, "met", ymd(2018, 12, 27), NULL);
	add_activity(&ds, "A1", 3, NULL);
	add_activity(&ds, "A2", 5, "ops");
	add_activity(&ds, "A3", 1, "control");
	add_fs(&ds, "A1", "A2");
	add_fs(&ds, "A2", "A3");

	memset(&fx, 0, sizeof(fx));
	sched_network_init(&fx.net);
	if (sched_network_from_dataset(&ds, NULL, NULL, &fx.net, &fx.err) < 0)
		fail_msg("from dataset: %s: %s", fx.err.where, fx.err.msg);
	assert_int_equal(fx.net.project_cal, sched_network_find_calendar(&fx.net, "met"));
	assert_true(sched_network_find_calendar(&fx.net, "ops") >= 0);
	run(&fx);
	/* A1, 24 hours on met: Monday's four (09:00-13:00), Christmas and
	 * Boxing Day, Thursday off, Friday's eight, Saturday's eight, and
	 * four on Monday 31st */
	assert_instant(ES(find(&fx, "A1")), "2018-12-24T09:00:00");
	assert_instant(EF(find(&fx, "A1")), "2018-12-31T13:00:00");
	/* A2, 40 hours on ops: four on Monday, New Year's Day (no bank
	 * holidays on ops), Wednesday to Friday, then Saturday morning */
	assert_instant(ES(find(&fx, "A2")), "2018-12-31T13:00:00");
	assert_instant(EF(find(&fx, "A2")), "2019-01-05T12:00:00");
	/* A3, a day of 24 hours around the clock */
	assert_instant(EF(find(&fx, "A3")), "2019-01-06T12:00:00");
	net_end(&fx);

	/* --calendar wins over the organisation's: A1 on England and Wales
	 * alone is Monday, Thursday and Friday; A2 on ops still has met's
	 * working Saturday (ops is met's rules changed), then Monday to
	 * Thursday with New Year's Day */
	opt.calendar = "england-and-wales";
	memset(&fx, 0, sizeof(fx));
	sched_network_init(&fx.net);
	if (sched_network_from_dataset(&ds, NULL, &opt, &fx.net, &fx.err) < 0)
		fail_msg("from dataset: %s: %s", fx.err.where, fx.err.msg);
	run(&fx);
	assert_instant(EF(find(&fx, "A1")), "2018-12-28T17:00:00");
	assert_instant(ES(find(&fx, "A2")), "2018-12-29T09:00:00");
	assert_instant(EF(find(&fx, "A2")), "2019-01-03T17:00:00");
	net_end(&fx);

	/* a dataset nobody validated: the faults are refused, not guessed at */
	add_calendar(&ds, "loop-a", "loop-b", NULL, NULL, 0);
	add_calendar(&ds, "loop-b", "loop-a", NULL, NULL, 0);
	memset(&fx, 0, sizeof(fx));
	sched_network_init(&fx.net);
	assert_int_equal(sched_network_from_dataset(&ds, NULL, NULL, &fx.net, &fx.err), -1);
	assert_string_equal(fx.err.where, "calendar loop-a");
	assert_string_equal(fx.err.msg, "its base leads back to itself");
	sched_network_release(&fx.net);
	dataset_release(&ds);

	dataset_init(&ds);
	p = add_rec(&ds, K_PROGRAMME);
	p->code = dataset_strdup(&ds, "TDIP");
	p->start_date = ymd(2018, 12, 24);
	add_calendar(&ds, "met", NULL, "mon-fri 9-5", NULL, 0);
	add_activity(&ds, "A1", 3, "met");
	memset(&fx, 0, sizeof(fx));
	sched_network_init(&fx.net);
	assert_int_equal(sched_network_from_dataset(&ds, NULL, NULL, &fx.net, &fx.err), -1);
	assert_string_equal(fx.err.where, "calendar met");
	assert_string_equal(fx.err.msg, "mon-fri: \"9-5\" is not a span of hours like \"09:00-17:00\"");
	sched_network_release(&fx.net);
	dataset_release(&ds);
}

/* The names validation takes as built in are the engine's built-ins. */
static void
test_builtin_names(void **state)
{
	(void)state;
	for (int i = 0; caltext_builtin_names[i]; i++) {
		struct sched_calendar *cal = sched_calendar_builtin(caltext_builtin_names[i]);

		assert_non_null(cal);
		sched_calendar_free(cal);
	}
	assert_null(sched_calendar_builtin("met"));
	assert_false(caltext_builtin("met"));
	assert_true(caltext_builtin("24x7"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_easter),
		cmocka_unit_test(test_bank_holidays),
		cmocka_unit_test(test_calendar_easter_2018),
		cmocka_unit_test(test_calendar_rules),
		cmocka_unit_test(test_link_types),
		cmocka_unit_test(test_sf_finish_on_start),
		cmocka_unit_test(test_milestones),
		cmocka_unit_test(test_constraints),
		cmocka_unit_test(test_actuals),
		cmocka_unit_test(test_activity_calendars),
		cmocka_unit_test(test_calendar_days),
		cmocka_unit_test(test_id_lookup),
		cmocka_unit_test(test_loop),
		cmocka_unit_test(test_summaries),
		cmocka_unit_test(test_forward_resample),
		cmocka_unit_test(test_csv_input),
		cmocka_unit_test(test_json_input),
		cmocka_unit_test(test_json_malformed),
		cmocka_unit_test(test_from_dataset),
		cmocka_unit_test(test_from_dataset_calendars),
		cmocka_unit_test(test_builtin_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
