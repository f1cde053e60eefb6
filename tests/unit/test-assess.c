/*
 * test-assess.c - management by exception: tolerances and findings,
 * slip against the baseline in force, exceptions from findings, the DCA
 * roll-up and its trend words, risk bands, escalation, overdue actions,
 * portfolio risk views and heat maps. Each test builds a small dataset in
 * code whose answers are worked out by hand in the comments.
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

#include "assess/risk.h"
#include "assess/rollup.h"
#include "assess/slip.h"
#include "assess/tolerance.h"
#include "core/date.h"
#include "core/error.h"
#include "import/interchange.h"
#include "model/dataset.h"

/* --- building datasets ------------------------------------------------ */

static int32_t
D(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

static int32_t
M(int y, int m)
{
	return month_from_ym(y, m);
}

static char *
S(struct dataset *ds, const char *s)
{
	return s ? dataset_strdup(ds, s) : NULL;
}

static void
org(struct dataset *ds, const char *scale)
{
	struct organisation *o = dataset_add(ds, K_ORGANISATION);

	o->code = S(ds, "MPS");
	o->name = S(ds, "Metropolitan Police Service");
	o->dca_scale = S(ds, scale);
}

static struct programme *
prog(struct dataset *ds, const char *code)
{
	struct programme *p = dataset_add(ds, K_PROGRAMME);

	p->code = S(ds, code);
	p->portfolio = S(ds, "TP");
	p->name = S(ds, code);
	p->lifecycle = S(ds, "active");
	p->marking = S(ds, "OFFICIAL");
	return p;
}

static void
tol(struct dataset *ds, const char *programme, const char *dim, double th,
    double ft)
{
	struct tolerance *t = dataset_add(ds, K_TOLERANCE);

	t->programme = S(ds, programme);
	t->dimension = S(ds, dim);
	t->threshold = th;
	t->forecast_threshold = ft;
}

static struct milestone *
ms(struct dataset *ds, const char *code, const char *programme,
   const char *name, int key, int32_t baseline, int32_t forecast,
   int32_t actual)
{
	struct milestone *m = dataset_add(ds, K_MILESTONE);

	m->code = S(ds, code);
	m->programme = S(ds, programme);
	m->name = S(ds, name);
	m->key = key;
	m->baseline_date = baseline;
	m->forecast_date = forecast;
	m->actual_date = actual;
	return m;
}

static void
mf(struct dataset *ds, const char *milestone, int32_t period,
   int32_t forecast)
{
	struct milestone_forecast *f = dataset_add(ds, K_MILESTONE_FORECAST);

	f->milestone = S(ds, milestone);
	f->period = period;
	f->forecast_date = forecast;
}

static struct risk *
rk(struct dataset *ds, const char *code, const char *level,
   const char *programme, const char *title, int l, int i)
{
	struct risk *r = dataset_add(ds, K_RISK);

	r->code = S(ds, code);
	r->level = S(ds, level);
	r->programme = S(ds, programme);
	r->title = S(ds, title);
	r->current_likelihood = l;
	r->current_impact = i;
	r->status = S(ds, "open");
	return r;
}

static void
dca(struct dataset *ds, const char *programme, const char *project,
    int32_t on, const char *assessor, const char *rating)
{
	struct dca *d = dataset_add(ds, K_DCA);

	d->programme = S(ds, programme);
	d->project = S(ds, project);
	d->assessed_on = on;
	d->assessor = S(ds, assessor);
	d->rating = S(ds, rating);
}

static struct monthly_return *
ret(struct dataset *ds, const char *programme, int32_t period,
    const char *rating)
{
	struct monthly_return *r = dataset_add(ds, K_RETURN);

	r->programme = S(ds, programme);
	r->period = period;
	r->version = 1;
	r->status = S(ds, "published");
	r->dca = S(ds, rating);
	return r;
}

static struct exception *
exc(struct dataset *ds, const char *code, const char *programme,
    int32_t period, const char *dim, const char *type, const char *status)
{
	struct exception *e = dataset_add(ds, K_EXCEPTION);

	e->code = S(ds, code);
	e->programme = S(ds, programme);
	e->period = period;
	e->dimension = S(ds, dim);
	e->type = S(ds, type);
	e->status = S(ds, status);
	return e;
}

/* The findings of one programme and dimension, in result order. */
static size_t
pick(const struct assess_result *res, const char *programme,
     enum tol_dim dim, const struct finding **out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < res->nfindings; i++) {
		const struct finding *f = &res->findings[i];

		if (strcmp(f->programme, programme) == 0 && f->dim == dim) {
			if (n < max)
				out[n] = f;
			n++;
		}
	}
	return n;
}

static const struct finding *
by_code(const struct assess_result *res, const char *code)
{
	for (size_t i = 0; i < res->nfindings; i++)
		if (res->findings[i].ev.code &&
		    strcmp(res->findings[i].ev.code, code) == 0)
			return &res->findings[i];
	return NULL;
}

static void
run(const struct dataset *ds, int32_t month, struct assess_result *res)
{
	struct error err = ERROR_INIT;

	assert_int_equal(assess_tolerances(ds, month, res, &err), 0);
}

/* --- time ------------------------------------------------------------- */

static void
test_time_thresholds(void **state)
{
	struct dataset ds;
	struct assess_result res;
	const struct finding *f;
	int32_t base = D(2018, 12, 31);

	(void)state;
	dataset_init(&ds);
	org(&ds, "five");
	prog(&ds, "SLP");
	tol(&ds, "SLP", "time", 30, 20);
	/* slips of 20 (at early warning: nothing), 21 (forecast breach),
	 * 30 (at tolerance: forecast breach only), 31 and 45 (breach) */
	ms(&ds, "SLP-M1", "SLP", "Twenty", 1, base, base + 20, 0);
	ms(&ds, "SLP-M2", "SLP", "Twenty-one", 1, base, base + 21, 0);
	ms(&ds, "SLP-M3", "SLP", "Thirty", 1, base, base + 30, 0);
	ms(&ds, "SLP-M4", "SLP", "BCU implementation complete", 1, base,
	   base + 45, 0);
	ms(&ds, "SLP-M5", "SLP", "Thirty-one", 1, base, base + 31, 0);
	/* not key: never a finding */
	ms(&ds, "SLP-M6", "SLP", "Minor", 0, base, base + 90, 0);
	/* achieved late before March: reported in its own month */
	ms(&ds, "SLP-M7", "SLP", "Done", 1, D(2017, 12, 1), 0, D(2018, 2, 1));
	/* achieved late in March: reported now */
	ms(&ds, "SLP-M8", "SLP", "Done late", 1, D(2018, 1, 1), 0,
	   D(2018, 3, 5));
	/* stale: forecast 10 March, not achieved by 31 March */
	ms(&ds, "SLP-M9", "SLP", "Stale", 1, D(2018, 3, 1), D(2018, 3, 10), 0);
	run(&ds, M(2018, 3), &res);

	assert_null(by_code(&res, "SLP-M1"));
	assert_null(by_code(&res, "SLP-M6"));
	assert_null(by_code(&res, "SLP-M7"));
	f = by_code(&res, "SLP-M2");
	assert_non_null(f);
	assert_int_equal(f->type, FINDING_FORECAST_BREACH);
	assert_true(f->value == 21);
	f = by_code(&res, "SLP-M3");
	assert_int_equal(f->type, FINDING_FORECAST_BREACH);
	assert_true(f->value == 30);
	assert_true(f->threshold == 30 && f->forecast_threshold == 20);
	assert_false(f->by_default);
	f = by_code(&res, "SLP-M5");
	assert_int_equal(f->type, FINDING_BREACH);
	f = by_code(&res, "SLP-M4");
	assert_int_equal(f->type, FINDING_BREACH);
	assert_true(f->value == 45);
	assert_int_equal(f->ev.baseline_date, base);
	assert_int_equal(f->ev.forecast_date, base + 45);
	assert_string_equal(f->sentence,
		"Key milestone SLP-M4 'BCU implementation complete' is "
		"forecast 45 days after its baseline of 31 December 2018 "
		"(tolerance 30 days).");
	f = by_code(&res, "SLP-M8");
	assert_int_equal(f->type, FINDING_BREACH);
	assert_true(f->value == 63);
	assert_string_equal(f->sentence,
		"Key milestone SLP-M8 'Done late' was achieved on 5 March "
		"2018, 63 days after its baseline of 1 January 2018 "
		"(tolerance 30 days).");
	/* stale: at least 30 days (31 March - 1 March): forecast breach */
	f = by_code(&res, "SLP-M9");
	assert_int_equal(f->type, FINDING_FORECAST_BREACH);
	assert_true(f->value == 30);
	assert_true(f->ev.stale);
	/* M2, M3, M9 forecast; M4, M5, M8 breach */
	assert_int_equal(res.nfindings, 6);
	/* breaches sort first within a dimension */
	assert_int_equal(res.findings[0].type, FINDING_BREACH);
	assert_int_equal(res.findings[5].type, FINDING_FORECAST_BREACH);
	assess_result_release(&res);
	dataset_release(&ds);
}

static void
test_time_default_and_trend(void **state)
{
	struct dataset ds;
	struct assess_result res;
	const struct finding *f;
	int32_t base = D(2018, 9, 30);

	(void)state;
	dataset_init(&ds);
	org(&ds, "five");
	prog(&ds, "OR");
	prog(&ds, "TIP");
	/* portfolio default for both, no early-warning level */
	tol(&ds, NULL, "time", 30, NAN);
	/* OR-M1: forecasts 0, +8, +16 days in Jan, Feb, Mar: 8 days a month,
	 * due in September (6 months away), horizon 3: 16 + 24 = 40 > 30 */
	ms(&ds, "OR-M1", "OR", "Trending", 1, base, base + 99, 0);
	mf(&ds, "OR-M1", M(2018, 1), base);
	mf(&ds, "OR-M1", M(2018, 2), base + 8);
	mf(&ds, "OR-M1", M(2018, 3), base + 16);
	/* April's report is after the month assessed: ignored */
	mf(&ds, "OR-M1", M(2018, 4), base + 99);
	/* OR-M2: 0, +20, +16: not a steady trend */
	ms(&ds, "OR-M2", "OR", "Wobbling", 1, base, base + 16, 0);
	mf(&ds, "OR-M2", M(2018, 1), base);
	mf(&ds, "OR-M2", M(2018, 2), base + 20);
	mf(&ds, "OR-M2", M(2018, 3), base + 16);
	/* OR-M3: 0, +2, +4: 2 a month, 4 + 6 = 10, within tolerance */
	ms(&ds, "OR-M3", "OR", "Creeping", 1, base, base + 4, 0);
	mf(&ds, "OR-M3", M(2018, 1), base);
	mf(&ds, "OR-M3", M(2018, 2), base + 2);
	mf(&ds, "OR-M3", M(2018, 3), base + 4);
	/* TIP-M1: reported +10, +15, +20 in December, January and March:
	 * 10 days over 3 months, but it falls due in April, so the horizon
	 * is 1 month: 20 + 3.3 = 23.3, within tolerance */
	ms(&ds, "TIP-M1", "TIP", "Soon", 1, D(2018, 4, 10), D(2018, 4, 30), 0);
	mf(&ds, "TIP-M1", M(2017, 12), D(2018, 4, 20));
	mf(&ds, "TIP-M1", M(2018, 1), D(2018, 4, 25));
	mf(&ds, "TIP-M1", M(2018, 3), D(2018, 4, 30));
	run(&ds, M(2018, 3), &res);

	f = by_code(&res, "OR-M1");
	assert_non_null(f);
	assert_int_equal(f->type, FINDING_FORECAST_BREACH);
	assert_true(f->by_trend);
	assert_true(f->by_default);
	assert_true(f->value == 16);
	assert_int_equal(f->ev.ntrend, 3);
	assert_true(fabs(f->ev.trend_days_per_month - 8) < 1e-9);
	assert_true(fabs(f->ev.projected - 40) < 1e-9);
	assert_int_equal(f->ev.horizon, 3);
	assert_string_equal(f->sentence,
		"Key milestone OR-M1 'Trending' is forecast 16 days after its "
		"baseline of 30 September 2018 (tolerance 30 days, portfolio "
		"default), but its last three reported forecasts (30 September "
		"2018 in January 2018, 8 October 2018 in February 2018 and 16 "
		"October 2018 in March 2018) moved 8 days a month later; at "
		"that rate the slip reaches 40 days within 3 months.");
	assert_null(by_code(&res, "OR-M2"));
	assert_null(by_code(&res, "OR-M3"));
	assert_null(by_code(&res, "TIP-M1"));
	assert_int_equal(res.nfindings, 1);
	assess_result_release(&res);

	/* As at April, OR-M1's April report (+99) is a plain breach. */
	run(&ds, M(2018, 4), &res);
	f = by_code(&res, "OR-M1");
	assert_int_equal(f->type, FINDING_BREACH);
	assert_false(f->by_trend);
	assert_true(f->value == 99);
	assess_result_release(&res);
	dataset_release(&ds);
}

static void
decision(struct dataset *ds, const char *code, int32_t original, int32_t due,
	 int32_t decided)
{
	struct decision *d = dataset_add(ds, K_DECISION);

	d->code = S(ds, code);
	d->programme = S(ds, "OR");
	d->title = S(ds, code);
	d->original_due = original;
	d->due = due;
	d->decided = decided;
	d->status = S(ds, decided ? "made" : "pending");
}

static void
test_time_decisions(void **state)
{
	struct dataset ds;
	struct assess_result res;
	const struct finding *f;

	(void)state;
	dataset_init(&ds);
	org(&ds, "five");
	prog(&ds, "OR");
	tol(&ds, NULL, "time", 30, 15);
	/* pending, moved from 31 January to 30 April: 89 days */
	decision(&ds, "OR-D1", D(2018, 1, 31), D(2018, 4, 30), 0);
	/* made in March, 19 days late: early warning */
	decision(&ds, "OR-D2", D(2018, 3, 1), D(2018, 3, 20), D(2018, 3, 20));
	/* made in February: reported then */
	decision(&ds, "OR-D3", D(2017, 12, 1), D(2018, 2, 1), D(2018, 2, 1));
	/* pending and its due date has passed: at least 58 days */
	decision(&ds, "OR-D4", D(2018, 2, 1), D(2018, 3, 15), 0);
	/* never moved */
	decision(&ds, "OR-D5", 0, D(2018, 4, 30), 0);
	/* decided after the month: pending as at March, 35 days */
	decision(&ds, "OR-D6", D(2018, 3, 1), D(2018, 4, 5), D(2018, 4, 5));
	run(&ds, M(2018, 3), &res);
	f = by_code(&res, "OR-D1");
	assert_int_equal(f->type, FINDING_BREACH);
	assert_int_equal(f->ev.kind, K_DECISION);
	assert_true(f->value == 89);
	assert_string_equal(f->sentence,
		"Decision OR-D1 'OR-D1' is now due on 30 April 2018, 89 days "
		"after it was first due on 31 January 2018 (tolerance 30 days, "
		"portfolio default).");
	f = by_code(&res, "OR-D2");
	assert_int_equal(f->type, FINDING_FORECAST_BREACH);
	assert_string_equal(f->sentence,
		"Decision OR-D2 'OR-D2' was made on 20 March 2018, 19 days "
		"after it was first due on 1 March 2018 (early-warning level "
		"15 days, tolerance 30 days, portfolio default).");
	assert_null(by_code(&res, "OR-D3"));
	f = by_code(&res, "OR-D4");
	assert_int_equal(f->type, FINDING_BREACH);
	assert_true(f->value == 58);
	assert_string_equal(f->sentence,
		"Decision OR-D4 'OR-D4' was due on 15 March 2018 and is not yet "
		"made, so it is at least 58 days after it was first due on 1 "
		"February 2018 (tolerance 30 days, portfolio default).");
	assert_null(by_code(&res, "OR-D5"));
	f = by_code(&res, "OR-D6");
	assert_int_equal(f->type, FINDING_BREACH);
	assert_true(f->value == 35);
	assert_int_equal(res.nfindings, 4);
	assess_result_release(&res);
	dataset_release(&ds);
}

/* --- baseline in force ------------------------------------------------ */

static void
rebaseline_fixture(struct dataset *ds, const char *cr_status)
{
	struct baseline *b;
	struct baseline_milestone *bm;
	struct change_request *cr;

	org(ds, "five");
	prog(ds, "TME");
	tol(ds, "TME", "time", 30, NAN);
	/* the milestone's own field holds today's baseline */
	ms(ds, "TME-M1", "TME", "Estate disposals", 1, D(2018, 9, 30),
	   D(2018, 10, 15), 0);
	/* a milestone no baseline carries */
	ms(ds, "TME-M2", "TME", "Unbaselined", 1, D(2018, 5, 1),
	   D(2018, 7, 1), 0);
	b = dataset_add(ds, K_BASELINE);
	b->code = S(ds, "TME-B1");
	b->programme = S(ds, "TME");
	b->version = 1;
	b->approved_on = D(2017, 6, 1);
	b = dataset_add(ds, K_BASELINE);
	b->code = S(ds, "TME-B2");
	b->programme = S(ds, "TME");
	b->version = 2;
	b->change_request = S(ds, "TME-CR1");
	b->approved_on = D(2018, 2, 15);
	/* approved later than any month assessed here */
	b = dataset_add(ds, K_BASELINE);
	b->code = S(ds, "TME-B3");
	b->programme = S(ds, "TME");
	b->version = 3;
	b->approved_on = D(2018, 7, 1);
	cr = dataset_add(ds, K_CHANGE_REQUEST);
	cr->code = S(ds, "TME-CR1");
	cr->programme = S(ds, "TME");
	cr->title = S(ds, "Re-plan after the consultation");
	cr->status = S(ds, cr_status);
	cr->decided = D(2018, 2, 15);
	bm = dataset_add(ds, K_BASELINE_MILESTONE);
	bm->baseline = S(ds, "TME-B1");
	bm->milestone = S(ds, "TME-M1");
	bm->date = D(2018, 6, 30);
	bm = dataset_add(ds, K_BASELINE_MILESTONE);
	bm->baseline = S(ds, "TME-B2");
	bm->milestone = S(ds, "TME-M1");
	bm->date = D(2018, 9, 30);
	bm = dataset_add(ds, K_BASELINE_MILESTONE);
	bm->baseline = S(ds, "TME-B3");
	bm->milestone = S(ds, "TME-M1");
	bm->date = D(2018, 12, 31);
}

static void
test_baseline_in_force(void **state)
{
	struct dataset ds;
	struct slip_baseline sb;
	struct slip_list sl;
	struct assess_result res;
	struct error err = ERROR_INIT;
	const struct finding *f;
	const struct milestone *m1, *m2;

	(void)state;
	dataset_init(&ds);
	rebaseline_fixture(&ds, "approved");
	m1 = dataset_find(&ds, K_MILESTONE, "TME-M1");
	m2 = dataset_find(&ds, K_MILESTONE, "TME-M2");

	/* before the first baseline: the milestone's own date */
	assert_int_equal(slip_baseline_at(&ds, m1, M(2017, 5), &sb, &err), 0);
	assert_int_equal(sb.date, D(2018, 9, 30));
	assert_null(sb.baseline);
	/* January 2018: version 1 is in force */
	assert_int_equal(slip_baseline_at(&ds, m1, M(2018, 1), &sb, &err), 0);
	assert_int_equal(sb.date, D(2018, 6, 30));
	assert_string_equal(sb.baseline->code, "TME-B1");
	assert_false(sb.changed);
	assert_false(sb.rebaselined);
	/* March 2018: version 2, made by the approved change request */
	assert_int_equal(slip_baseline_at(&ds, m1, M(2018, 3), &sb, &err), 0);
	assert_int_equal(sb.date, D(2018, 9, 30));
	assert_string_equal(sb.baseline->code, "TME-B2");
	assert_true(sb.changed);
	assert_true(sb.rebaselined);
	assert_string_equal(sb.change_request, "TME-CR1");
	assert_int_equal(sb.previous_date, D(2018, 6, 30));
	assert_int_equal(sb.original, D(2018, 6, 30));
	/* no baseline carries M2 */
	assert_int_equal(slip_baseline_at(&ds, m2, M(2018, 3), &sb, &err), 0);
	assert_int_equal(sb.date, D(2018, 5, 1));
	assert_int_equal(slip_baseline_at(&ds, m2, 0, &sb, &err), -1);
	assert_int_equal(err.code, ERR_USAGE);

	/* slip: 107 days against version 1, 15 against version 2 */
	assert_int_equal(slip_list_build(&ds, "TME", M(2018, 1), &sl, &err), 0);
	assert_int_equal(sl.n, 2);
	assert_string_equal(sl.items[0].code, "TME-M1");
	assert_int_equal(sl.items[0].slip_days, 107);
	slip_list_release(&sl);
	assert_int_equal(slip_list_build(&ds, "TME", M(2018, 3), &sl, &err), 0);
	assert_int_equal(sl.items[0].slip_days, 15);
	assert_true(sl.items[0].base.rebaselined);
	assert_int_equal(sl.items[1].slip_days, 61);
	slip_list_release(&sl);

	run(&ds, M(2018, 1), &res);
	f = by_code(&res, "TME-M1");
	assert_int_equal(f->type, FINDING_BREACH);
	assert_string_equal(f->ev.baseline, "TME-B1");
	assert_false(f->ev.rebaselined);
	assess_result_release(&res);
	run(&ds, M(2018, 3), &res);
	/* within tolerance against the new baseline; M2 breaches */
	assert_null(by_code(&res, "TME-M1"));
	assert_non_null(by_code(&res, "TME-M2"));
	assess_result_release(&res);
	dataset_release(&ds);

	/* a baseline made for a change request that was not approved is no
	 * plan: version 1 stays in force, and the slip is measured against it */
	{
		static const char *const not_approved[] = { "pending", "rejected", "withdrawn" };

		for (size_t i = 0; i < 3; i++) {
			dataset_init(&ds);
			rebaseline_fixture(&ds, not_approved[i]);
			m1 = dataset_find(&ds, K_MILESTONE, "TME-M1");
			assert_int_equal(slip_baseline_at(&ds, m1, M(2018, 3), &sb, &err), 0);
			assert_int_equal(sb.date, D(2018, 6, 30));
			assert_string_equal(sb.baseline->code, "TME-B1");
			assert_false(sb.changed);
			assert_false(sb.rebaselined);
			assert_null(sb.change_request);
			run(&ds, M(2018, 3), &res);
			f = by_code(&res, "TME-M1");
			assert_non_null(f);
			assert_int_equal(f->type, FINDING_BREACH);
			assert_int_equal((int)f->value, 107);
			assess_result_release(&res);
			dataset_release(&ds);
		}
	}
	/* a baseline with no change request moves the date without one:
	 * changed, not re-baselined */
	dataset_init(&ds);
	rebaseline_fixture(&ds, "approved");
	((struct baseline *)dataset_find(&ds, K_BASELINE, "TME-B2"))->change_request = NULL;
	m1 = dataset_find(&ds, K_MILESTONE, "TME-M1");
	assert_int_equal(slip_baseline_at(&ds, m1, M(2018, 3), &sb, &err), 0);
	assert_int_equal(sb.date, D(2018, 9, 30));
	assert_true(sb.changed);
	assert_false(sb.rebaselined);
	assert_null(sb.change_request);
	dataset_release(&ds);
}

static void
test_rebaselined_sentence(void **state)
{
	struct dataset ds;
	struct assess_result res;
	const struct finding *f;
	struct milestone *m;

	(void)state;
	dataset_init(&ds);
	rebaseline_fixture(&ds, "approved");
	m = dataset_find(&ds, K_MILESTONE, "TME-M1");
	m->forecast_date = D(2018, 11, 30);	/* 61 days after 30 September */
	run(&ds, M(2018, 3), &res);
	f = by_code(&res, "TME-M1");
	assert_non_null(f);
	assert_true(f->ev.rebaselined);
	assert_string_equal(f->ev.change_request, "TME-CR1");
	assert_string_equal(f->sentence,
		"Key milestone TME-M1 'Estate disposals' is forecast 61 days "
		"after its baseline of 30 September 2018 (re-baselined by "
		"TME-CR1 from 30 June 2018) (tolerance 30 days).");
	assess_result_release(&res);
	dataset_release(&ds);
}

/* --- cost ------------------------------------------------------------- */

static void
test_cost(void **state)
{
	struct dataset ds;
	struct assess_result res;
	const struct finding *fs[4];
	struct finance *fin;
	struct monthly_return *r;

	(void)state;
	dataset_init(&ds);
	org(&ds, "five");
	prog(&ds, "BSS");
	tol(&ds, "BSS", "cost", 10, 5);
	fin = dataset_add(&ds, K_FINANCE);
	fin->programme = S(&ds, "BSS");
	fin->year = 2017;
	fin->capital_budget = 600000;
	fin->revenue_budget = 400000;
	fin->capital_forecast = 700000;
	fin->revenue_forecast = 400000;	/* 1,100,000: exactly 10% over */
	run(&ds, M(2018, 3), &res);
	assert_int_equal(pick(&res, "BSS", TOL_COST, fs, 4), 1);
	assert_int_equal(fs[0]->type, FINDING_FORECAST_BREACH);
	assert_true(fabs(fs[0]->value - 10) < 1e-9);
	assert_int_equal(fs[0]->ev.kind, K_FINANCE);
	assert_int_equal(fs[0]->ev.budget, 1000000);
	assert_int_equal(fs[0]->ev.forecast, 1100000);
	assert_string_equal(fs[0]->sentence,
		"Forecast outturn for 2017/18 is \xc2\xa3" "1,100,000 against a "
		"budget of \xc2\xa3" "1,000,000, 10% over (forecast from the "
		"finance line) (early-warning level 5%, tolerance 10%).");
	assess_result_release(&res);

	/* the latest return of the year wins over the finance line; a
	 * draft and a return of the year before do not count */
	r = ret(&ds, "BSS", M(2018, 2), "Amber");
	r->forecast = 1150000;
	r = ret(&ds, "BSS", M(2018, 3), "Amber");
	r->forecast = 2000000;
	r->status = S(&ds, "draft");
	r = ret(&ds, "BSS", M(2017, 3), "Amber");
	r->forecast = 5000000;
	run(&ds, M(2018, 3), &res);
	assert_int_equal(pick(&res, "BSS", TOL_COST, fs, 4), 1);
	assert_int_equal(fs[0]->type, FINDING_BREACH);
	assert_true(fabs(fs[0]->value - 15) < 1e-9);
	assert_int_equal(fs[0]->ev.kind, K_RETURN);
	assert_int_equal(fs[0]->ev.forecast_period, M(2018, 2));
	assess_result_release(&res);

	/* in 2018/19 there is no finance line: not measured */
	run(&ds, M(2018, 4), &res);
	assert_int_equal(pick(&res, "BSS", TOL_COST, fs, 4), 0);
	assess_result_release(&res);
	dataset_release(&ds);
}

/* --- scope and quality ------------------------------------------------ */

static void
test_scope_quality(void **state)
{
	struct dataset ds;
	struct assess_result res;
	const struct finding *fs[4];

	(void)state;
	dataset_init(&ds);
	org(&ds, "five");
	prog(&ds, "IPA");
	prog(&ds, "WF");
	tol(&ds, NULL, "scope", 1, NAN);
	tol(&ds, NULL, "quality", 2, 1);
	exc(&ds, "IPA-EX1", "IPA", M(2018, 2), "scope", "breach", "open");
	exc(&ds, "IPA-EX2", "IPA", M(2018, 1), "quality", "forecast_breach",
	    "escalated");
	exc(&ds, "IPA-EX3", "IPA", M(2018, 3), "quality", "breach", "open");
	/* closed, and raised after the month: not counted */
	exc(&ds, "WF-EX1", "WF", M(2018, 1), "scope", "breach", "closed");
	exc(&ds, "WF-EX2", "WF", M(2018, 4), "scope", "breach", "open");
	run(&ds, M(2018, 3), &res);
	assert_int_equal(pick(&res, "IPA", TOL_SCOPE, fs, 4), 1);
	assert_int_equal(fs[0]->type, FINDING_BREACH);
	assert_true(fs[0]->value == 1);
	assert_string_equal(fs[0]->ev.codes, "IPA-EX1");
	assert_string_equal(fs[0]->sentence,
		"The programme has raised 1 open scope breach (IPA-EX1) "
		"(tolerance 1 exception, portfolio default).");
	/* one quality breach is below the threshold of 2; one forecast
	 * breach reaches the early-warning level of 1 */
	assert_int_equal(pick(&res, "IPA", TOL_QUALITY, fs, 4), 1);
	assert_int_equal(fs[0]->type, FINDING_FORECAST_BREACH);
	assert_int_equal(pick(&res, "WF", TOL_SCOPE, fs, 4), 0);
	assess_result_release(&res);
	dataset_release(&ds);
}

static struct issue *
iss(struct dataset *ds, const char *code, const char *programme,
    const char *dim, const char *severity, const char *status, int32_t raised,
    int32_t resolved)
{
	struct issue *is = dataset_add(ds, K_ISSUE);

	is->code = S(ds, code);
	is->level = S(ds, "programme");
	is->programme = S(ds, programme);
	is->title = S(ds, code);
	is->dimension = S(ds, dim);
	is->severity = S(ds, severity);
	is->status = S(ds, status);
	is->raised = raised;
	is->resolved = resolved;
	return is;
}

/*
 * Issues raised against scope or quality count with the exceptions: high
 * and critical ones as breaches, low and medium ones as forecast
 * breaches, while open at the end of the month.
 */
static void
test_scope_quality_issues(void **state)
{
	struct dataset ds;
	struct assess_result res;
	const struct finding *fs[4];

	(void)state;
	dataset_init(&ds);
	org(&ds, "five");
	prog(&ds, "IPA");
	prog(&ds, "WF");
	tol(&ds, NULL, "scope", 1, NAN);
	tol(&ds, NULL, "quality", 2, 1);
	iss(&ds, "IPA-I1", "IPA", "scope", "critical", "open", D(2018, 3, 5), 0);
	exc(&ds, "IPA-EX3", "IPA", M(2018, 3), "quality", "breach", "open");
	iss(&ds, "IPA-I2", "IPA", "quality", "high", "open", D(2018, 1, 9), 0)->level =
		S(&ds, "project");
	iss(&ds, "IPA-I3", "IPA", "quality", "low", "open", 0, 0);
	/* WF at the end of March: I1 resolved in March, I2 raised in April,
	 * I4 has no dimension and I5 is about time; I3 was resolved in April,
	 * so it was open then */
	iss(&ds, "WF-I1", "WF", "scope", "high", "resolved", D(2018, 2, 1), D(2018, 3, 20));
	iss(&ds, "WF-I2", "WF", "scope", "high", "open", D(2018, 4, 2), 0);
	iss(&ds, "WF-I3", "WF", "scope", "medium", "closed", D(2018, 2, 1), D(2018, 4, 15));
	iss(&ds, "WF-I4", "WF", NULL, "critical", "open", D(2018, 2, 1), 0);
	iss(&ds, "WF-I5", "WF", "time", "critical", "open", D(2018, 2, 1), 0);
	run(&ds, M(2018, 3), &res);

	assert_int_equal(pick(&res, "IPA", TOL_SCOPE, fs, 4), 1);
	assert_int_equal(fs[0]->type, FINDING_BREACH);
	assert_int_equal(fs[0]->ev.kind, K_ISSUE);
	assert_string_equal(fs[0]->sentence,
		"The programme has 1 open scope issue of high or critical severity "
		"(IPA-I1) (tolerance 1 exception or issue, portfolio default).");
	/* quality: the breach exception and the high issue reach 2; the low
	 * issue reaches the early-warning level of 1 */
	assert_int_equal(pick(&res, "IPA", TOL_QUALITY, fs, 4), 2);
	assert_int_equal(fs[0]->type, FINDING_BREACH);
	assert_true(fs[0]->value == 2);
	assert_int_equal(fs[0]->ev.kind, K_EXCEPTION);
	assert_string_equal(fs[0]->ev.codes, "IPA-EX3, IPA-I2");
	assert_string_equal(fs[0]->sentence,
		"The programme has raised 1 open quality breach (IPA-EX3) and has "
		"1 open quality issue of high or critical severity (IPA-I2) "
		"(tolerance 2 exceptions or issues, portfolio default).");
	assert_int_equal(fs[1]->type, FINDING_FORECAST_BREACH);
	assert_string_equal(fs[1]->sentence,
		"The programme has 1 open quality issue of low or medium severity "
		"(IPA-I3) (early-warning level 1 exception or issue, portfolio default).");
	/* WF: only I3, medium, which the scope tolerance's missing
	 * early-warning level does not measure */
	assert_int_equal(pick(&res, "WF", TOL_SCOPE, fs, 4), 0);
	assess_result_release(&res);

	/* the end of April: WF-I2 is open, high */
	run(&ds, M(2018, 4), &res);
	assert_int_equal(pick(&res, "WF", TOL_SCOPE, fs, 4), 1);
	assert_string_equal(fs[0]->ev.codes, "WF-I2");
	/* and no exception is proposed for scope or quality */
	assess_exceptions_from_findings(&ds, &res);
	for (size_t i = 0; i < res.nexceptions; i++)
		assert_true(strcmp(res.exceptions[i].dimension, "scope") != 0 &&
			    strcmp(res.exceptions[i].dimension, "quality") != 0);
	assess_result_release(&res);
	dataset_release(&ds);
}

/* --- risk ------------------------------------------------------------- */

static void
test_risk_tolerance(void **state)
{
	struct dataset ds;
	struct assess_result res;
	const struct finding *f;
	struct risk *r;

	(void)state;
	dataset_init(&ds);
	org(&ds, "five");
	prog(&ds, "TIP");
	tol(&ds, "TIP", "risk", 15, 12);
	rk(&ds, "TIP-R1", "programme", "TIP", "MiPS contract award", 3, 5);
	rk(&ds, "TIP-R2", "programme", "TIP", "Twelve", 3, 4);
	rk(&ds, "TIP-R3", "programme", "TIP", "Ten", 2, 5);
	r = rk(&ds, "TIP-R4", "programme", "TIP", "Closed", 5, 5);
	r->status = S(&ds, "closed");
	/* a project risk of the programme counts too */
	r = rk(&ds, "TIP-R5", "project", "TIP", "Project risk", 4, 4);
	/* raised after the month: not yet a risk */
	r = rk(&ds, "TIP-R6", "programme", "TIP", "Later", 5, 5);
	r->raised = D(2018, 4, 2);
	run(&ds, M(2018, 3), &res);
	f = by_code(&res, "TIP-R1");
	assert_int_equal(f->type, FINDING_BREACH);
	assert_true(f->value == 15);
	assert_string_equal(f->sentence,
		"Risk TIP-R1 'MiPS contract award' has a current score of 15 "
		"(likelihood 3 x impact 5), at or above the tolerance of 15.");
	f = by_code(&res, "TIP-R2");
	assert_int_equal(f->type, FINDING_FORECAST_BREACH);
	assert_string_equal(f->sentence,
		"Risk TIP-R2 'Twelve' has a current score of 12 (likelihood 3 "
		"x impact 4), at or above the early-warning level of 12 "
		"(tolerance 15).");
	assert_null(by_code(&res, "TIP-R3"));
	assert_null(by_code(&res, "TIP-R4"));
	assert_int_equal(by_code(&res, "TIP-R5")->type, FINDING_BREACH);
	assert_null(by_code(&res, "TIP-R6"));
	assess_result_release(&res);
	dataset_release(&ds);
}

/* --- benefits --------------------------------------------------------- */

static void
bv(struct dataset *ds, const char *benefit, int32_t period, double planned,
   double actual)
{
	struct benefit_value *v = dataset_add(ds, K_BENEFIT_VALUE);

	v->benefit = S(ds, benefit);
	v->period = period;
	v->planned = planned;
	v->actual = actual;
}

static struct benefit *
ben(struct dataset *ds, const char *code, const char *type, const char *unit,
    double baseline, double target)
{
	struct benefit *b = dataset_add(ds, K_BENEFIT);

	b->code = S(ds, code);
	b->programme = S(ds, "SW");
	b->title = S(ds, code);
	b->type = S(ds, type);
	b->unit = S(ds, unit);
	b->baseline = baseline;
	b->target = target;
	return b;
}

static void
test_benefits(void **state)
{
	struct dataset ds;
	struct assess_result res;
	const struct finding *f;

	(void)state;
	dataset_init(&ds);
	org(&ds, "five");
	prog(&ds, "SW");
	tol(&ds, "SW", "benefits", 10, 5);
	/* values are the measure's level each month; the latest month up to
	 * the one assessed with both figures is read */
	ben(&ds, "SW-B1", "non_cash_releasing", "hours", 0, 300);
	ben(&ds, "SW-B2", "cash_releasing", "\xc2\xa3 a year", NAN, NAN);
	ben(&ds, "SW-B3", "dis_benefit", "complaints", 0, 100);
	ben(&ds, "SW-B4", "non_cash_releasing", "minutes", 100, 80);
	ben(&ds, "SW-B5", "non_cash_releasing", "hours", 50, 80);
	/* B1: 270 of 300 in March: exactly 10% short */
	bv(&ds, "SW-B1", M(2018, 1), 100, 60);
	bv(&ds, "SW-B1", M(2018, 3), 300, 270);
	bv(&ds, "SW-B1", M(2018, 2), 200, 100);
	bv(&ds, "SW-B1", M(2018, 4), 400, 0);	/* after the month */
	/* B2: 1.6m of 2m: 20% short; April has no actual yet */
	bv(&ds, "SW-B2", M(2018, 3), 2000000, 1600000);
	bv(&ds, "SW-B2", M(2018, 4), 2500000, NAN);
	/* B3, a dis-benefit: 104 against 100 planned: 4% worse: nothing */
	bv(&ds, "SW-B3", M(2018, 3), 100, 104);
	/* B4, less is better: 100 down to 90 planned, 95 actual: half the
	 * planned gain is missing */
	bv(&ds, "SW-B4", M(2018, 3), 90, 95);
	/* B5: nothing planned over the baseline yet: not measured */
	bv(&ds, "SW-B5", M(2018, 3), 50, 0);
	run(&ds, M(2018, 3), &res);
	f = by_code(&res, "SW-B1");
	assert_int_equal(f->type, FINDING_FORECAST_BREACH);
	assert_true(fabs(f->value - 10) < 1e-9);
	assert_int_equal(f->ev.to_month, M(2018, 3));
	f = by_code(&res, "SW-B2");
	assert_int_equal(f->type, FINDING_BREACH);
	assert_true(fabs(f->value - 20) < 1e-9);
	assert_true(f->ev.planned == 2000000 && f->ev.actual == 1600000);
	assert_string_equal(f->sentence,
		"Benefit SW-B2 'SW-B2' stood at \xc2\xa3" "1,600,000 a year in "
		"March 2018 against \xc2\xa3" "2,000,000 a year planned, a "
		"shortfall of 20% of the planned gain (tolerance 10%).");
	assert_null(by_code(&res, "SW-B3"));
	f = by_code(&res, "SW-B4");
	assert_int_equal(f->type, FINDING_BREACH);
	assert_true(fabs(f->value - 50) < 1e-9);
	assert_string_equal(f->sentence,
		"Benefit SW-B4 'SW-B4' stood at 95 minutes in March 2018 "
		"against 90 minutes planned from a baseline of 100 minutes, a "
		"shortfall of 50% of the planned gain (tolerance 10%).");
	assert_null(by_code(&res, "SW-B5"));
	assess_result_release(&res);
	/* B3 at 106 in April: 6% worse than planned, past the early warning;
	 * B1's April actual of 0 is now read: 100% short */
	bv(&ds, "SW-B3", M(2018, 4), 100, 106);
	run(&ds, M(2018, 4), &res);
	f = by_code(&res, "SW-B3");
	assert_non_null(f);
	assert_int_equal(f->type, FINDING_FORECAST_BREACH);
	assert_true(fabs(f->value - 6) < 1e-9);
	assert_string_equal(f->sentence,
		"Dis-benefit SW-B3 'SW-B3' stood at 106 complaints in April "
		"2018 against 100 complaints planned, 6% worse than planned "
		"(early-warning level 5%, tolerance 10%).");
	assert_true(fabs(by_code(&res, "SW-B1")->value - 100) < 1e-9);
	assess_result_release(&res);
	dataset_release(&ds);
}

/* --- confidence ------------------------------------------------------- */

static void
test_confidence(void **state)
{
	struct dataset ds;
	struct assess_result res;
	const struct finding *fs[4];
	struct error err = ERROR_INIT;

	(void)state;
	dataset_init(&ds);
	org(&ds, "five");
	prog(&ds, "AR");	/* Amber/Red: at the tolerance level */
	prog(&ds, "AM");	/* Amber: at the early-warning level */
	prog(&ds, "AG");	/* Amber/Green: within */
	prog(&ds, "EX");	/* Exempt: never compared */
	tol(&ds, NULL, "confidence", 4, 3);
	ret(&ds, "AR", M(2018, 3), "Amber/Red");
	/* a return later than the dca wins */
	dca(&ds, "AM", NULL, D(2018, 2, 10), "portfolio_office", "Green");
	ret(&ds, "AM", M(2018, 2), "Amber");
	/* a dca later than the return wins */
	ret(&ds, "AG", M(2018, 2), "Red");
	dca(&ds, "AG", NULL, D(2018, 3, 20), "independent", "Amber/Green");
	ret(&ds, "EX", M(2018, 3), "Exempt");
	run(&ds, M(2018, 3), &res);
	assert_int_equal(pick(&res, "AR", TOL_CONFIDENCE, fs, 4), 1);
	assert_int_equal(fs[0]->type, FINDING_BREACH);
	assert_true(fs[0]->value == 4);
	assert_string_equal(fs[0]->sentence,
		"Delivery confidence is rated Amber/Red in the return for "
		"March 2018, at or below the tolerance level of Amber/Red "
		"(portfolio default).");
	assert_int_equal(pick(&res, "AM", TOL_CONFIDENCE, fs, 4), 1);
	assert_int_equal(fs[0]->type, FINDING_FORECAST_BREACH);
	assert_int_equal(pick(&res, "AG", TOL_CONFIDENCE, fs, 4), 0);
	assert_int_equal(pick(&res, "EX", TOL_CONFIDENCE, fs, 4), 0);
	assess_result_release(&res);

	/* a spelling that is not a rating is an error, not a guess */
	ret(&ds, "AG", M(2018, 3), "amber-ish");
	assert_int_equal(assess_tolerances(&ds, M(2018, 3), &res, &err), -1);
	assert_int_equal(err.code, ERR_INPUT);
	assess_result_release(&res);
	assert_int_equal(assess_tolerances(&ds, 0, &res, &err), -1);
	assert_int_equal(err.code, ERR_USAGE);
	assess_result_release(&res);
	dataset_release(&ds);

	/* three-point scale: Red (5) breaches at 4, Amber (3) warns at 3 */
	dataset_init(&ds);
	org(&ds, "three");
	prog(&ds, "R");
	prog(&ds, "A");
	prog(&ds, "G");
	tol(&ds, NULL, "confidence", 4, 3);
	ret(&ds, "R", M(2018, 3), "Red");
	dca(&ds, "A", NULL, D(2018, 3, 1), "sro", "Amber");
	ret(&ds, "G", M(2018, 3), "Green");
	run(&ds, M(2018, 3), &res);
	assert_int_equal(pick(&res, "R", TOL_CONFIDENCE, fs, 4), 1);
	assert_int_equal(fs[0]->type, FINDING_BREACH);
	assert_true(fs[0]->value == 5);
	assert_int_equal(pick(&res, "A", TOL_CONFIDENCE, fs, 4), 1);
	assert_int_equal(fs[0]->type, FINDING_FORECAST_BREACH);
	assert_string_equal(fs[0]->sentence,
		"Delivery confidence is rated Amber (assessed on 1 March 2018 "
		"by the SRO), at or below the early-warning level of Amber "
		"(tolerance Amber/Red, portfolio default).");
	assert_int_equal(pick(&res, "G", TOL_CONFIDENCE, fs, 4), 0);
	assess_result_release(&res);
	dataset_release(&ds);
}

static void
test_tolerance_lookup(void **state)
{
	struct dataset ds;
	struct assess_result res;
	struct programme *p;

	(void)state;
	dataset_init(&ds);
	org(&ds, "five");
	prog(&ds, "OWN");
	prog(&ds, "DEF");
	prog(&ds, "NONE");
	p = prog(&ds, "SHUT");
	p->lifecycle = S(&ds, "closed");
	tol(&ds, NULL, "risk", 20, NAN);
	tol(&ds, "OWN", "risk", 10, NAN);
	assert_true(tolerance_for(&ds, "OWN", TOL_RISK)->threshold == 10);
	assert_true(tolerance_for(&ds, "DEF", TOL_RISK)->threshold == 20);
	assert_null(tolerance_for(&ds, "DEF", TOL_TIME));
	rk(&ds, "OWN-R1", "programme", "OWN", "a", 2, 5);	/* 10 >= 10 */
	rk(&ds, "DEF-R1", "programme", "DEF", "b", 2, 5);	/* 10 < 20 */
	rk(&ds, "SHUT-R1", "programme", "SHUT", "c", 5, 5);	/* closed prog */
	run(&ds, M(2018, 3), &res);
	assert_int_equal(res.programmes, 3);
	assert_int_equal(res.nfindings, 1);
	assert_string_equal(res.findings[0].ev.code, "OWN-R1");
	assert_int_equal(tol_dim_parse("benefits"), TOL_BENEFITS);
	assert_int_equal(tol_dim_parse("speed"), -1);
	assert_string_equal(tol_dim_name(TOL_CONFIDENCE), "confidence");
	assess_result_release(&res);
	dataset_release(&ds);
}

/* --- exceptions from findings ----------------------------------------- */

static void
test_exceptions(void **state)
{
	struct dataset ds;
	struct assess_result res;
	int32_t base = D(2018, 12, 31);
	const struct exception *e;

	(void)state;
	dataset_init(&ds);
	org(&ds, "five");
	prog(&ds, "SLP");
	prog(&ds, "OR");
	tol(&ds, NULL, "time", 30, 20);
	tol(&ds, NULL, "scope", 1, NAN);
	tol(&ds, NULL, "risk", 20, 16);
	ms(&ds, "SLP-M4", "SLP", "BCU implementation complete", 1, base,
	   base + 45, 0);
	ms(&ds, "SLP-M5", "SLP", "Other", 1, base, base + 25, 0);
	ms(&ds, "OR-M1", "OR", "Despatch", 1, base, base + 25, 0);
	exc(&ds, "SLP-EX1", "SLP", M(2018, 2), "scope", "breach", "open");
	/* OR's risk already has a running forecast-breach exception */
	rk(&ds, "OR-R1", "programme", "OR", "Control room staffing", 4, 4);
	exc(&ds, "EX-2018-02-OR-risk", "OR", M(2018, 2), "risk",
	    "forecast_breach", "open");
	run(&ds, M(2018, 3), &res);
	/* SLP time x2, SLP scope, OR time, OR risk */
	assert_int_equal(res.nfindings, 5);
	assert_int_equal(assess_exceptions_from_findings(&ds, &res), 2);
	assert_int_equal(res.nexceptions, 2);
	e = &res.exceptions[0];
	assert_string_equal(e->code, "EX-2018-03-OR-time");
	assert_string_equal(e->type, "forecast_breach");
	e = &res.exceptions[1];
	assert_string_equal(e->code, "EX-2018-03-SLP-time");
	assert_string_equal(e->programme, "SLP");
	assert_int_equal(e->period, M(2018, 3));
	assert_string_equal(e->dimension, "time");
	assert_string_equal(e->type, "breach");
	assert_string_equal(e->status, "open");
	assert_string_equal(e->marking, "OFFICIAL");
	assert_null(e->cause);
	assert_null(e->consequences);
	assert_null(e->options);
	assert_null(e->recommendation);
	assert_string_equal(e->evidence,
		"Key milestone SLP-M4 'BCU implementation complete' is "
		"forecast 45 days after its baseline of 31 December 2018 "
		"(tolerance 30 days, portfolio default).\n"
		"Key milestone SLP-M5 'Other' is forecast 25 days after its "
		"baseline of 31 December 2018 (early-warning level 20 days, "
		"tolerance 30 days, portfolio default).");
	/* the same findings give the same codes: stable and deterministic */
	assert_int_equal(assess_exceptions_from_findings(&ds, &res), 2);
	assert_string_equal(res.exceptions[1].code, "EX-2018-03-SLP-time");
	/* once recorded, the exceptions are not raised again */
	assert_int_equal(assess_exceptions_add(&ds, &res), 2);
	assess_result_release(&res);
	e = dataset_find(&ds, K_EXCEPTION, "EX-2018-03-SLP-time");
	assert_non_null(e);
	assert_string_equal(e->type, "breach");
	assert_non_null(strstr(e->evidence, "SLP-M5 'Other'"));
	run(&ds, M(2018, 4), &res);
	assert_int_equal(assess_exceptions_from_findings(&ds, &res), 0);
	assess_result_release(&res);
	/* OR's forecast breach becomes a breach: that is a new exception */
	((struct milestone *)dataset_find(&ds, K_MILESTONE, "OR-M1"))
		->forecast_date = base + 45;
	run(&ds, M(2018, 4), &res);
	assert_int_equal(assess_exceptions_from_findings(&ds, &res), 1);
	assert_string_equal(res.exceptions[0].code, "EX-2018-04-OR-time");
	assert_string_equal(res.exceptions[0].type, "breach");
	assess_result_release(&res);
	dataset_release(&ds);
}

/* --- DCA roll-up ------------------------------------------------------ */

static void
test_ratings(void **state)
{
	(void)state;
	assert_int_equal(rating_parse("Amber/Green"), RATING_AMBER_GREEN);
	assert_int_equal(rating_parse("Not assessed"), RATING_NOT_ASSESSED);
	assert_int_equal(rating_parse("green"), -1);
	assert_int_equal(rating_parse(NULL), RATING_NONE);
	assert_string_equal(rating_name(RATING_AMBER_RED), "Amber/Red");
	assert_int_equal(rating_on_scale(RATING_AMBER_RED, SCALE_THREE), RATING_AMBER);
	assert_int_equal(rating_on_scale(RATING_AMBER_RED, SCALE_FIVE), RATING_AMBER_RED);
	assert_int_equal(rating_of_threshold(4), RATING_AMBER_RED);
	assert_int_equal(rating_of_threshold(2.5), RATING_AMBER);
	assert_int_equal(rating_of_threshold(9), RATING_RED);
	assert_int_equal(rating_of_threshold(NAN), RATING_NONE);
	assert_int_equal(movement_of(RATING_AMBER, RATING_GREEN), MOVE_UP);
	assert_int_equal(movement_of(RATING_AMBER, RATING_RED), MOVE_DOWN);
	assert_int_equal(movement_of(RATING_EXEMPT, RATING_RED), MOVE_NEW);
	assert_int_equal(movement_of(RATING_RED, RATING_NOT_ASSESSED), MOVE_EXCLUDED);
	/* March's quarter (Jan-Mar) follows December; April's follows March */
	assert_int_equal(rollup_previous_quarter_end(M(2018, 3)), M(2017, 12));
	assert_int_equal(rollup_previous_quarter_end(M(2018, 4)), M(2018, 3));
	assert_int_equal(rollup_previous_quarter_end(M(2018, 6)), M(2018, 3));
}

static void
test_rollup_five(void **state)
{
	struct dataset ds;
	struct rollup r;
	struct error err = ERROR_INIT;
	struct project *pj;
	const struct rollup_programme *rp;

	(void)state;
	dataset_init(&ds);
	org(&ds, "five");
	prog(&ds, "AAA");
	prog(&ds, "BBB");
	prog(&ds, "CCC");
	prog(&ds, "DDD");
	prog(&ds, "EEE");
	prog(&ds, "FFF")->lifecycle = S(&ds, "pipeline");
	/* AAA: Green, but a project is Amber/Red: shown beside it */
	ret(&ds, "AAA", M(2017, 12), "Amber");
	ret(&ds, "AAA", M(2018, 2), "Amber/Green");
	ret(&ds, "AAA", M(2018, 3), "Green");
	pj = dataset_add(&ds, K_PROJECT);
	pj->code = S(&ds, "AAA-P1");
	pj->programme = S(&ds, "AAA");
	pj->lifecycle = S(&ds, "active");
	dca(&ds, "AAA", "AAA-P1", D(2018, 3, 5), "sro", "Amber/Red");
	pj = dataset_add(&ds, K_PROJECT);
	pj->code = S(&ds, "AAA-P2");
	pj->programme = S(&ds, "AAA");
	pj->lifecycle = S(&ds, "closed");
	dca(&ds, "AAA", "AAA-P2", D(2018, 3, 5), "sro", "Red");
	/* BBB: Red now, Amber a month ago and a quarter ago */
	dca(&ds, "BBB", NULL, D(2017, 11, 1), "portfolio_office", "Amber");
	dca(&ds, "BBB", NULL, D(2018, 3, 31), "portfolio_office", "Red");
	/* CCC: Red throughout: unchanged, and among the lowest */
	ret(&ds, "CCC", M(2017, 10), "Red");
	/* DDD: Exempt now */
	ret(&ds, "DDD", M(2017, 12), "Green");
	ret(&ds, "DDD", M(2018, 3), "Exempt");
	/* EEE: first rated in March */
	ret(&ds, "EEE", M(2018, 3), "Amber");
	/* FFF is in the pipeline: not counted */
	ret(&ds, "FFF", M(2018, 3), "Red");

	assert_int_equal(rollup_build(&ds, NULL, M(2018, 3), &r, &err), 0);
	assert_int_equal(r.n, 5);
	assert_int_equal(r.scale, SCALE_FIVE);
	assert_int_equal(r.dist[RATING_GREEN], 1);
	assert_int_equal(r.dist[RATING_AMBER], 1);
	assert_int_equal(r.dist[RATING_RED], 2);
	assert_int_equal(r.dist[RATING_EXEMPT], 1);
	assert_int_equal(r.dist[RATING_AMBER_RED], 0);
	rp = &r.programmes[0];
	assert_string_equal(rp->programme->code, "AAA");
	assert_int_equal(rp->own.rating, RATING_GREEN);
	assert_int_equal(rp->own.source, K_RETURN);
	assert_int_equal(rp->worst_project, RATING_AMBER_RED);
	assert_string_equal(rp->worst_project_code, "AAA-P1");
	assert_true(rp->project_worse);
	assert_int_equal(rp->projects_rated, 1);
	assert_int_equal(rp->since_period, MOVE_UP);
	assert_int_equal(rp->since_quarter, MOVE_UP);
	rp = &r.programmes[1];
	assert_int_equal(rp->own.rating, RATING_RED);
	assert_int_equal(rp->own.source, K_DCA);
	assert_int_equal(rp->last_period, RATING_AMBER);
	assert_int_equal(rp->since_period, MOVE_DOWN);
	assert_false(rp->project_worse);
	assert_int_equal(r.programmes[2].since_period, MOVE_SAME);
	assert_int_equal(r.programmes[3].since_quarter, MOVE_EXCLUDED);
	assert_int_equal(r.programmes[4].since_quarter, MOVE_NEW);
	/* since February: AAA up, BBB down, CCC same, EEE new, DDD out */
	assert_int_equal(r.period.since, M(2018, 2));
	assert_int_equal(r.period.up, 1);
	assert_int_equal(r.period.down, 1);
	assert_int_equal(r.period.same, 1);
	assert_int_equal(r.period.fresh, 1);
	assert_int_equal(r.period.excluded, 1);
	assert_string_equal(r.period.verdict, "mixed");
	assert_string_equal(r.period.words,
		"moved both ways (1 programme up, 1 down, 1 unchanged, 1 newly rated, "
		"1 not rated: Exempt, not assessed or no rating)");
	assert_int_equal(r.quarter.since, M(2017, 12));
	assert_int_equal(r.dist_quarter[RATING_AMBER], 2);
	assert_int_equal(r.dist_quarter[RATING_GREEN], 1);
	assert_int_equal(r.dist_quarter[RATING_RED], 1);
	assert_int_equal(r.dist_quarter[RATING_NONE], 1);
	assert_int_equal(r.lowest, RATING_RED);
	assert_int_equal(r.nlowest, 2);
	assert_string_equal(r.lowest_programmes[0]->programme->code, "BBB");
	assert_string_equal(r.lowest_programmes[1]->programme->code, "CCC");
	assert_non_null(strstr(r.rule, "never averaged"));
	rollup_release(&r);
	dataset_release(&ds);
}

static void
test_rollup_three(void **state)
{
	struct dataset ds;
	struct rollup r;
	struct error err = ERROR_INIT;
	struct project *pj;

	(void)state;
	dataset_init(&ds);
	org(&ds, "three");
	prog(&ds, "P1");
	prog(&ds, "P2");
	prog(&ds, "P3");
	ret(&ds, "P1", M(2018, 2), "Amber");
	ret(&ds, "P1", M(2018, 3), "Amber");
	pj = dataset_add(&ds, K_PROJECT);
	pj->code = S(&ds, "P1-A");
	pj->programme = S(&ds, "P1");
	dca(&ds, "P1", "P1-A", D(2018, 3, 2), "independent", "Red");
	ret(&ds, "P2", M(2018, 2), "Red");
	ret(&ds, "P2", M(2018, 3), "Amber");
	ret(&ds, "P3", M(2018, 2), "Green");
	ret(&ds, "P3", M(2018, 3), "Not assessed");
	assert_int_equal(rollup_build(&ds, "TP", M(2018, 3), &r, &err), 0);
	assert_int_equal(r.scale, SCALE_THREE);
	assert_int_equal(r.dist[RATING_AMBER], 2);
	assert_int_equal(r.dist[RATING_NOT_ASSESSED], 1);
	assert_int_equal(r.programmes[0].worst_project, RATING_RED);
	assert_true(r.programmes[0].project_worse);
	assert_string_equal(r.period.words,
		"improved (1 programme up, 0 down, 1 unchanged, 1 not rated: "
		"Exempt, not assessed or no rating)");
	assert_int_equal(r.lowest, RATING_AMBER);
	assert_int_equal(r.nlowest, 2);
	rollup_release(&r);
	/* another portfolio has none of these */
	assert_int_equal(rollup_build(&ds, "XX", M(2018, 3), &r, &err), 0);
	assert_int_equal(r.n, 0);
	assert_string_equal(r.period.words,
		"cannot be compared, no programme being rated at both dates "
		"(0 programmes up, 0 down, 0 unchanged)");
	rollup_release(&r);
	dataset_release(&ds);
}

static void
test_trend_words(void **state)
{
	struct dataset ds;
	struct rollup r;
	struct error err = ERROR_INIT;
	char code[8];

	(void)state;
	dataset_init(&ds);
	org(&ds, "five");
	/* ten programmes: 3 up, 1 down, 6 unchanged since February */
	for (int i = 0; i < 10; i++) {
		const char *then = i < 3 ? "Amber" : i < 4 ? "Green" : "Amber/Green";
		const char *now = i < 3 ? "Amber/Green" : i < 4 ? "Amber" : "Amber/Green";

		snprintf(code, sizeof(code), "P%02d", i);
		prog(&ds, code);
		ret(&ds, code, M(2018, 2), then);
		ret(&ds, code, M(2018, 3), now);
	}
	assert_int_equal(rollup_build(&ds, NULL, M(2018, 3), &r, &err), 0);
	assert_int_equal(r.period.up, 3);
	assert_int_equal(r.period.down, 1);
	assert_int_equal(r.period.same, 6);
	assert_string_equal(r.period.words,
		"improved (3 programmes up, 1 down, 6 unchanged)");
	/* nothing was rated at the end of December */
	assert_string_equal(r.quarter.words,
		"cannot be compared, no programme being rated at both dates "
		"(0 programmes up, 0 down, 0 unchanged, 10 newly rated)");
	rollup_release(&r);
	/* turned round: as at April with everything a step worse */
	for (int i = 0; i < 10; i++) {
		snprintf(code, sizeof(code), "P%02d", i);
		ret(&ds, code, M(2018, 4), i < 2 ? "Amber/Green" : "Amber/Red");
	}
	assert_int_equal(rollup_build(&ds, NULL, M(2018, 4), &r, &err), 0);
	assert_string_equal(r.period.words,
		"worsened (0 programmes up, 8 down, 2 unchanged)");
	/* the quarter before April ends in March */
	assert_int_equal(r.quarter.since, M(2018, 3));
	assert_string_equal(r.quarter.verdict, "worsened");
	rollup_release(&r);
	/* every rating the same: held steady */
	assert_int_equal(rollup_build(&ds, NULL, M(2018, 5), &r, &err), 0);
	assert_string_equal(r.period.words,
		"held steady (0 programmes up, 0 down, 10 unchanged)");
	rollup_release(&r);
	assert_int_equal(rollup_build(&ds, NULL, 0, &r, &err), -1);
	assert_int_equal(err.code, ERR_USAGE);
	rollup_release(&r);
	dataset_release(&ds);
}

static void
test_rating_precedence(void **state)
{
	struct dataset ds;
	struct rating_at at;
	struct error err = ERROR_INIT;
	struct monthly_return *r;

	(void)state;
	dataset_init(&ds);
	org(&ds, "five");
	prog(&ds, "P");
	/* same day: independent beats portfolio office beats SRO */
	dca(&ds, "P", NULL, D(2018, 3, 31), "sro", "Green");
	dca(&ds, "P", NULL, D(2018, 3, 31), "independent", "Red");
	dca(&ds, "P", NULL, D(2018, 3, 31), "portfolio_office", "Amber");
	/* the March return is dated 31 March: the dca record wins the tie */
	ret(&ds, "P", M(2018, 3), "Amber/Green");
	assert_int_equal(rating_programme_at(&ds, "P", D(2018, 3, 31), &at, &err), 0);
	assert_int_equal(at.rating, RATING_RED);
	assert_string_equal(at.assessor, "independent");
	/* a correction (version 2) of April's return replaces version 1;
	 * a draft is not a rating yet */
	ret(&ds, "P", M(2018, 4), "Amber");
	r = ret(&ds, "P", M(2018, 4), "Green");
	r->version = 2;
	r = ret(&ds, "P", M(2018, 5), "Red");
	r->status = S(&ds, "draft");
	assert_int_equal(rating_programme_at(&ds, "P", D(2018, 5, 31), &at, &err), 0);
	assert_int_equal(at.rating, RATING_GREEN);
	assert_int_equal(at.source, K_RETURN);
	/* before anything: not rated */
	assert_int_equal(rating_programme_at(&ds, "P", D(2017, 1, 1), &at, &err), 0);
	assert_int_equal(at.rating, RATING_NONE);
	dataset_release(&ds);
}

/* --- risks ------------------------------------------------------------ */

static void
test_risk_bands(void **state)
{
	struct risk_config cfg = RISK_CONFIG_INIT;
	struct risk_config strict = RISK_CONFIG_INIT;

	(void)state;
	assert_int_equal(risk_score(4, 5), 20);
	assert_int_equal(risk_score(INT_NONE, 5), 0);
	assert_int_equal(risk_score(6, 1), 0);
	assert_int_equal(risk_band_of(&cfg, 0), BAND_NONE);
	assert_int_equal(risk_band_of(&cfg, 1), BAND_LOW);
	assert_int_equal(risk_band_of(&cfg, 4), BAND_LOW);
	assert_int_equal(risk_band_of(&cfg, 5), BAND_MEDIUM);
	assert_int_equal(risk_band_of(&cfg, 12), BAND_MEDIUM);
	assert_int_equal(risk_band_of(&cfg, 15), BAND_HIGH);
	assert_int_equal(risk_band_of(&cfg, 25), BAND_HIGH);
	assert_string_equal(risk_band_name(BAND_MEDIUM), "medium");
	/* bands are configuration */
	strict.low_max = 3;
	strict.medium_max = 9;
	assert_int_equal(risk_band_of(&strict, 4), BAND_MEDIUM);
	assert_int_equal(risk_band_of(&strict, 10), BAND_HIGH);
}

static void
test_overdue_and_near(void **state)
{
	struct dataset ds;
	struct risk_config cfg = RISK_CONFIG_INIT;
	const struct risk_action **v;
	int32_t as_at = D(2018, 3, 31);
	struct risk *r;
	struct {
		int32_t due, done;
	} acts[] = {
		{ D(2018, 3, 30), 0 },			/* overdue */
		{ D(2018, 3, 31), 0 },			/* due today: not yet */
		{ D(2018, 2, 1), D(2018, 2, 20) },	/* done */
		{ D(2018, 2, 1), D(2018, 4, 5) },	/* done after as-at: overdue then */
		{ 0, 0 },				/* no due date */
	};

	(void)state;
	dataset_init(&ds);
	org(&ds, "five");
	prog(&ds, "SW");
	r = rk(&ds, "SW-R1", "programme", "SW", "Device supply", 3, 3);
	rk(&ds, "SW-R2", "programme", "SW", "Closed", 3, 3)->status =
		S(&ds, "closed");
	for (size_t i = 0; i < sizeof(acts) / sizeof(acts[0]); i++) {
		struct risk_action *a = dataset_add(&ds, K_RISK_ACTION);

		a->risk = S(&ds, "SW-R1");
		a->seq = (int64_t)(5 - i);
		a->action = S(&ds, "act");
		a->due = acts[i].due;
		a->done = acts[i].done;
	}
	{
		/* an overdue action of a closed risk is not listed */
		struct risk_action *a = dataset_add(&ds, K_RISK_ACTION);

		a->risk = S(&ds, "SW-R2");
		a->seq = 1;
		a->action = S(&ds, "old");
		a->due = D(2017, 1, 1);
	}
	assert_int_equal(risk_overdue_actions(&ds, REG_PROGRAMME, "SW", as_at, &v), 2);
	/* in sequence order: seq 2 (done late) before seq 5 */
	assert_int_equal(v[0]->seq, 2);
	assert_int_equal(v[1]->seq, 5);
	free(v);
	assert_int_equal(risk_overdue_actions(&ds, REG_PORTFOLIO, NULL, as_at, &v), 0);
	free(v);

	/* proximity: within 90 days is near; 91 is not; past is near */
	r->proximity = as_at + 90;
	assert_true(risk_is_near(&cfg, r, as_at));
	r->proximity = as_at + 91;
	assert_false(risk_is_near(&cfg, r, as_at));
	r->proximity = as_at - 10;
	assert_true(risk_is_near(&cfg, r, as_at));
	r->proximity = 0;
	assert_false(risk_is_near(&cfg, r, as_at));
	cfg.near_days = 30;
	r->proximity = as_at + 31;
	assert_false(risk_is_near(&cfg, r, as_at));
	dataset_release(&ds);
}

static const struct risk_proposal *
proposal(const struct risk_proposals *p, const char *code)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->v[i].risk->code, code) == 0)
			return &p->v[i];
	return NULL;
}

static void
test_escalation(void **state)
{
	struct dataset ds;
	struct risk_config cfg = RISK_CONFIG_INIT;
	struct risk_proposals p;
	struct error err = ERROR_INIT;
	const struct risk_proposal *x;
	struct risk_link *l;
	struct risk *r;
	int32_t as_at = D(2018, 3, 31);

	(void)state;
	dataset_init(&ds);
	org(&ds, "five");
	prog(&ds, "OR");
	prog(&ds, "IPA");
	prog(&ds, "TIP");
	tol(&ds, NULL, "risk", 20, NAN);
	tol(&ds, "TIP", "risk", 12, NAN);
	/* tolerance: 20 >= 20 (default) */
	rk(&ds, "OR-R1", "programme", "OR", "Despatch model decision", 4, 5);
	/* under the default 20 but at TIP's own 12 */
	rk(&ds, "TIP-R1", "programme", "TIP", "MiPS supplier", 3, 4);
	/* one under: nothing */
	rk(&ds, "OR-R2", "programme", "OR", "Minor", 2, 2);
	/* shared: the same title in two programmes */
	rk(&ds, "OR-R3", "programme", "OR", "Control room  capacity", 2, 3);
	rk(&ds, "IPA-R1", "programme", "IPA", "control room capacity", 2, 2);
	/* shared: the category says so */
	r = rk(&ds, "IPA-R2", "programme", "IPA", "Digital channels", 1, 3);
	r->category = S(&ds, "Cross-Programme");
	/* high and near: 15, proximity in 60 days */
	r = rk(&ds, "IPA-R3", "programme", "IPA", "Front counter closures", 3, 5);
	r->proximity = as_at + 60;
	/* high but far: 16, in 200 days: nothing (16 < 20) */
	r = rk(&ds, "IPA-R4", "programme", "IPA", "Far", 4, 4);
	r->proximity = as_at + 200;
	/* near but medium: nothing */
	r = rk(&ds, "IPA-R5", "programme", "IPA", "Near medium", 3, 4);
	r->proximity = as_at + 10;
	/* would escalate, but already feeds a portfolio risk */
	rk(&ds, "OR-R4", "programme", "OR", "Linked", 5, 5);
	rk(&ds, "PF-R1", "portfolio", NULL, "Portfolio capacity", 4, 4);
	l = dataset_add(&ds, K_RISK_LINK);
	l->portfolio_risk = S(&ds, "PF-R1");
	l->risk = S(&ds, "OR-R4");
	/* closed: never */
	rk(&ds, "OR-R5", "programme", "OR", "Closed", 5, 5)->status =
		S(&ds, "closed");
	/* project-level: escalates to its programme first, not here */
	rk(&ds, "OR-R6", "project", "OR", "Project", 5, 5);

	assert_int_equal(risk_escalations(&ds, &cfg, as_at, &p, &err), 0);
	assert_int_equal(p.n, 6);
	x = proposal(&p, "OR-R1");
	assert_int_equal(x->reasons, ESC_TOLERANCE);
	assert_true(x->tolerance == 20);
	assert_string_equal(x->why,
		"Risk OR-R1 'Despatch model decision' (OR) has a current score "
		"of 20 (likelihood 4 x impact 5, high); proposed for the "
		"portfolio register because the score is at or above the "
		"programme's risk tolerance of 20.");
	x = proposal(&p, "TIP-R1");
	assert_int_equal(x->reasons, ESC_TOLERANCE);
	assert_true(x->tolerance == 12);
	x = proposal(&p, "OR-R3");
	assert_int_equal(x->reasons, ESC_SHARED);
	assert_string_equal(x->shared_with, "IPA");
	x = proposal(&p, "IPA-R1");
	assert_int_equal(x->reasons, ESC_SHARED);
	assert_string_equal(x->shared_with, "OR");
	x = proposal(&p, "IPA-R2");
	assert_int_equal(x->reasons, ESC_SHARED);
	assert_null(x->shared_with);
	x = proposal(&p, "IPA-R3");
	assert_int_equal(x->reasons, ESC_HIGH_NEAR);
	assert_string_equal(x->why,
		"Risk IPA-R3 'Front counter closures' (IPA) has a current "
		"score of 15 (likelihood 3 x impact 5, high); proposed for the "
		"portfolio register because it is high and near: it could "
		"happen by 30 May 2018, 60 days away (window 90 days).");
	assert_null(proposal(&p, "OR-R2"));
	assert_null(proposal(&p, "IPA-R4"));
	assert_null(proposal(&p, "IPA-R5"));
	assert_null(proposal(&p, "OR-R4"));
	assert_null(proposal(&p, "OR-R5"));
	assert_null(proposal(&p, "OR-R6"));
	/* ordered by programme, then code */
	assert_string_equal(p.v[0].risk->code, "IPA-R1");
	assert_string_equal(p.v[5].risk->code, "TIP-R1");
	risk_proposals_release(&p);

	/* several rules at once; no shared category configured */
	cfg.shared_category = NULL;
	r = dataset_find(&ds, K_RISK, "OR-R1");
	r->proximity = as_at + 5;
	assert_int_equal(risk_escalations(&ds, &cfg, as_at, &p, &err), 0);
	assert_int_equal(proposal(&p, "OR-R1")->reasons,
			 ESC_TOLERANCE | ESC_HIGH_NEAR);
	assert_null(proposal(&p, "IPA-R2"));
	risk_proposals_release(&p);
	assert_int_equal(risk_escalations(&ds, &cfg, 0, &p, &err), -1);
	risk_proposals_release(&p);
	dataset_release(&ds);
}

static void
add_link(struct dataset *ds, const char *pf, const char *r)
{
	struct risk_link *l = dataset_add(ds, K_RISK_LINK);

	l->portfolio_risk = S(ds, pf);
	l->risk = S(ds, r);
}

/* The portfolio risk PF-R1 fed by three programme risks. */
static void
view_fixture(struct dataset *ds, int later)
{
	org(ds, "five");
	prog(ds, "OR");
	prog(ds, "SLP");
	rk(ds, "PF-R1", "portfolio", NULL, "Change saturation in BCUs", 4, 4);
	rk(ds, "OR-R1", "programme", "OR", "Training capacity", later ? 4 : 3, 4);
	rk(ds, "SLP-R1", "programme", "SLP", "Local change managers",
	   later ? 2 : 3, 3);
	add_link(ds, "PF-R1", "OR-R1");
	add_link(ds, "PF-R1", "SLP-R1");
	if (later) {
		rk(ds, "SLP-R2", "programme", "SLP", "Estates moves", 2, 2);
		add_link(ds, "PF-R1", "SLP-R2");
	}
}

static void
test_portfolio_view(void **state)
{
	struct dataset then, now;
	struct risk_config cfg = RISK_CONFIG_INIT;
	struct risk_view v;
	struct arena a;
	struct error err = ERROR_INIT;
	int32_t as_at = D(2018, 3, 31);

	(void)state;
	dataset_init(&then);
	dataset_init(&now);
	arena_init(&a);
	view_fixture(&then, 0);
	view_fixture(&now, 1);
	assert_int_equal(risk_portfolio_view(&now, NULL, &cfg, "PF-R1", as_at,
					     &a, &v, &err), 0);
	assert_int_equal(v.score, 16);
	assert_int_equal(v.band, BAND_HIGH);
	assert_int_equal(v.n, 3);
	assert_string_equal(v.feeders[0].risk->code, "OR-R1");
	assert_int_equal(v.feeders[0].score, 16);
	assert_int_equal(v.feeders[0].trend, TREND_UNKNOWN);
	assert_int_equal(v.highest_feeder, 16);
	/* with the earlier dataset: OR-R1 up 12 -> 16, SLP-R1 down 9 -> 6,
	 * SLP-R2 new */
	assert_int_equal(risk_portfolio_view(&now, &then, &cfg, "PF-R1", as_at,
					     &a, &v, &err), 0);
	assert_int_equal(v.feeders[0].trend, TREND_UP);
	assert_int_equal(v.feeders[0].then_score, 12);
	assert_int_equal(v.feeders[1].trend, TREND_DOWN);
	assert_int_equal(v.feeders[2].trend, TREND_NEW);
	assert_int_equal(v.up, 1);
	assert_int_equal(v.down, 1);
	assert_int_equal(v.fresh, 1);
	assert_int_equal(risk_portfolio_view(&now, NULL, &cfg, "OR-R1", as_at,
					     &a, &v, &err), -1);
	assert_int_equal(err.code, ERR_NOTFOUND);
	arena_release(&a);
	dataset_release(&then);
	dataset_release(&now);
}

static void
score(struct dataset *ds, const char *risk, int32_t period, int l, int i,
      const char *status)
{
	struct risk_score *rs = dataset_add(ds, K_RISK_SCORE);

	rs->risk = S(ds, risk);
	rs->period = period;
	rs->likelihood = l;
	rs->impact = i;
	rs->status = S(ds, status);
}

/*
 * PF-R1 fed by five risks, with the months' scores:
 *            Dec    Jan    Feb    Mar
 *   PF-R1    12     16     16     16      same since Feb, up over the quarter
 *   OR-R1           12     12     16      up; over the quarter since Jan
 *   OR-R4                  9 open 9 shut  closed
 *   SLP-R1                 9      6       down; since Feb
 *   SLP-R2 (raised 5 March)       4       new
 *   SLP-R3 (no history)                   unknown
 * Rows are added out of order: the history sorts them.
 */
static void
history_fixture(struct dataset *ds)
{
	org(ds, "five");
	prog(ds, "OR");
	prog(ds, "SLP");
	rk(ds, "PF-R1", "portfolio", NULL, "Change saturation in BCUs", 4, 4);
	rk(ds, "OR-R1", "programme", "OR", "Training capacity", 4, 4);
	rk(ds, "OR-R4", "programme", "OR", "Fleet", 3, 3)->status = S(ds, "closed");
	rk(ds, "SLP-R1", "programme", "SLP", "Local change managers", 2, 3);
	rk(ds, "SLP-R2", "programme", "SLP", "Estates moves", 2, 2)->raised = D(2018, 3, 5);
	rk(ds, "SLP-R3", "programme", "SLP", "Unrecorded", 3, 3);
	add_link(ds, "PF-R1", "OR-R1");
	add_link(ds, "PF-R1", "OR-R4");
	add_link(ds, "PF-R1", "SLP-R1");
	add_link(ds, "PF-R1", "SLP-R2");
	add_link(ds, "PF-R1", "SLP-R3");
	score(ds, "PF-R1", M(2018, 3), 4, 4, "open");
	score(ds, "PF-R1", M(2017, 12), 3, 4, "open");
	score(ds, "PF-R1", M(2018, 1), 4, 4, "open");
	score(ds, "PF-R1", M(2018, 2), 4, 4, "open");
	score(ds, "OR-R1", M(2018, 1), 3, 4, "open");
	score(ds, "OR-R1", M(2018, 2), 3, 4, "open");
	score(ds, "OR-R1", M(2018, 3), 4, 4, "open");
	score(ds, "OR-R4", M(2018, 3), 3, 3, "closed");
	score(ds, "OR-R4", M(2018, 2), 3, 3, "open");
	score(ds, "SLP-R1", M(2018, 2), 3, 3, "open");
	score(ds, "SLP-R1", M(2018, 3), 2, 3, "open");
	score(ds, "SLP-R2", M(2018, 3), 2, 2, "open");
}

static void
test_risk_history(void **state)
{
	struct dataset ds;
	struct risk_history h;
	struct risk_move mv;
	struct risk_config cfg = RISK_CONFIG_INIT;
	struct risk_view v;
	struct arena a;
	struct error err = ERROR_INIT;
	const struct risk_score *rs;

	(void)state;
	dataset_init(&ds);
	arena_init(&a);
	history_fixture(&ds);
	risk_history_build(&h, &ds);
	assert_int_equal(h.n, 12);
	/* the row in force: the latest up to the month */
	rs = risk_history_at(&h, "PF-R1", M(2018, 4));
	assert_non_null(rs);
	assert_int_equal(rs->period, M(2018, 3));
	assert_int_equal(risk_history_at(&h, "PF-R1", M(2018, 1))->likelihood, 4);
	assert_null(risk_history_at(&h, "PF-R1", M(2017, 11)));
	assert_null(risk_history_at(&h, "SLP-R3", M(2018, 3)));
	assert_null(risk_history_at(&h, "OR-R1", M(2017, 12)));
	assert_true(risk_history_has(&h, "SLP-R2"));
	assert_false(risk_history_has(&h, "SLP-R3"));
	assert_false(risk_history_has(&h, "ZZ"));

	/* one risk, two spans */
	risk_move_between(&h, dataset_find(&ds, K_RISK, "OR-R1"), M(2018, 2), M(2018, 3), &mv);
	assert_int_equal(mv.trend, TREND_UP);
	assert_int_equal(mv.then_score, 12);
	assert_int_equal(mv.now_score, 16);
	assert_int_equal(mv.then_period, M(2018, 2));
	/* the quarter: no December reading, so the first one after it */
	risk_move_between(&h, dataset_find(&ds, K_RISK, "OR-R1"), M(2017, 12), M(2018, 3), &mv);
	assert_int_equal(mv.trend, TREND_UP);
	assert_int_equal(mv.then_period, M(2018, 1));
	/* nothing reported by the month: unknown */
	risk_move_between(&h, dataset_find(&ds, K_RISK, "SLP-R1"), M(2017, 12), M(2018, 1), &mv);
	assert_int_equal(mv.trend, TREND_UNKNOWN);
	assert_int_equal(mv.now_score, 0);

	/* the portfolio risk's view reads the same history */
	assert_int_equal(risk_portfolio_view(&ds, NULL, &cfg, "PF-R1", D(2018, 3, 31),
					     &a, &v, &err), 0);
	assert_int_equal(v.period.trend, TREND_SAME);
	assert_int_equal(v.quarter.trend, TREND_UP);
	assert_int_equal(v.quarter.then_score, 12);
	assert_int_equal(v.quarter.then_period, M(2017, 12));
	assert_int_equal(v.n, 5);
	assert_string_equal(v.feeders[0].risk->code, "OR-R1");
	assert_int_equal(v.feeders[0].period.trend, TREND_UP);
	assert_int_equal(v.feeders[0].trend, TREND_UP);	/* no `then`: since last period */
	assert_int_equal(v.feeders[0].then_score, 12);
	assert_int_equal(v.feeders[1].period.trend, TREND_CLOSED);
	assert_int_equal(v.feeders[2].period.trend, TREND_DOWN);
	assert_int_equal(v.feeders[2].quarter.trend, TREND_DOWN);
	assert_int_equal(v.feeders[2].quarter.then_period, M(2018, 2));
	assert_int_equal(v.feeders[3].period.trend, TREND_NEW);
	assert_int_equal(v.feeders[3].quarter.trend, TREND_NEW);
	assert_int_equal(v.feeders[4].period.trend, TREND_UNKNOWN);
	assert_int_equal(v.period_trends.up, 1);
	assert_int_equal(v.period_trends.down, 1);
	assert_int_equal(v.period_trends.same, 0);
	assert_int_equal(v.period_trends.fresh, 1);
	assert_int_equal(v.period_trends.closed, 1);
	assert_int_equal(v.period_trends.unknown, 1);
	assert_int_equal(v.up + v.down + v.fresh + v.closed, 4);
	/* a month earlier, February against January: OR-R1 unchanged, OR-R4,
	 * SLP-R1 first reported in February are unknown since January */
	assert_int_equal(risk_portfolio_view(&ds, NULL, &cfg, "PF-R1", D(2018, 2, 28),
					     &a, &v, &err), 0);
	assert_int_equal(v.feeders[0].period.trend, TREND_SAME);
	assert_int_equal(v.feeders[1].period.trend, TREND_UNKNOWN);
	assert_int_equal(v.feeders[3].period.trend, TREND_UNKNOWN);	/* not raised yet */
	assert_int_equal(v.period_trends.unknown, 4);
	risk_history_release(&h);
	arena_release(&a);
	dataset_release(&ds);
}

static void
test_heatmap_history(void **state)
{
	struct dataset ds;
	struct risk_history h;
	struct heatmap_movement mv;

	(void)state;
	dataset_init(&ds);
	history_fixture(&ds);
	risk_history_build(&h, &ds);

	/* February to March, every register */
	risk_heatmap_history(&ds, &h, REG_ALL, NULL, M(2018, 2), M(2018, 3), &mv);
	assert_int_equal(mv.same, 1);		/* PF-R1 */
	assert_int_equal(mv.up, 1);		/* OR-R1 */
	assert_int_equal(mv.down, 1);		/* SLP-R1 */
	assert_int_equal(mv.added, 1);		/* SLP-R2 */
	assert_int_equal(mv.removed, 1);	/* OR-R4 */
	assert_int_equal(mv.unknown, 1);	/* SLP-R3 */
	assert_int_equal(mv.then.total, 4);
	assert_int_equal(mv.now.total, 4);
	assert_int_equal(mv.then.cell[2][2], 2);	/* SLP-R1 and OR-R4 at 3 x 3 */
	assert_int_equal(mv.delta[3][3], 1);	/* OR-R1 joins PF-R1 at 4 x 4 */
	assert_int_equal(mv.delta[2][3], -1);
	assert_int_equal(mv.delta[2][2], -2);
	assert_int_equal(mv.delta[1][2], 1);
	assert_int_equal(mv.delta[1][1], 1);
	/* the portfolio register over the quarter: PF-R1 12 -> 16 */
	risk_heatmap_history(&ds, &h, REG_PORTFOLIO, NULL, M(2017, 12), M(2018, 3), &mv);
	assert_int_equal(mv.up, 1);
	assert_int_equal(mv.then.cell[2][3], 1);
	assert_int_equal(mv.now.cell[3][3], 1);
	assert_int_equal(mv.same + mv.down + mv.added + mv.removed + mv.unknown, 0);
	/* one programme's register */
	risk_heatmap_history(&ds, &h, REG_PROGRAMME, "SLP", M(2018, 2), M(2018, 3), &mv);
	assert_int_equal(mv.down + mv.added + mv.unknown, 3);
	assert_int_equal(mv.up + mv.same + mv.removed, 0);
	risk_history_release(&h);
	dataset_release(&ds);
}

static void
test_heatmap(void **state)
{
	struct dataset then, now;
	struct heatmap h;
	struct heatmap_movement mv;
	struct risk *r;

	(void)state;
	dataset_init(&then);
	dataset_init(&now);
	view_fixture(&then, 0);
	view_fixture(&now, 1);
	r = rk(&now, "OR-R2", "programme", "OR", "Unscored", 1, 1);
	r->current_likelihood = INT_NONE;
	r = rk(&now, "OR-R3", "programme", "OR", "Raised in April", 4, 4);
	r->raised = D(2018, 4, 10);
	r->inherent_likelihood = 5;
	r->inherent_impact = 5;

	/* now, every register at 31 March: PF-R1 (4,4), OR-R1 (4,4),
	 * SLP-R1 (2,3), SLP-R2 (2,2); OR-R2 unscored; OR-R3 not raised */
	risk_heatmap(&now, REG_ALL, NULL, RISK_CURRENT, D(2018, 3, 31), &h);
	assert_int_equal(h.total, 4);
	assert_int_equal(h.unscored, 1);
	assert_int_equal(h.cell[3][3], 2);
	assert_int_equal(h.cell[1][2], 1);
	assert_int_equal(h.cell[1][1], 1);
	risk_heatmap(&now, REG_PORTFOLIO, NULL, RISK_CURRENT, D(2018, 3, 31), &h);
	assert_int_equal(h.total, 1);
	risk_heatmap(&now, REG_PROGRAMME, "SLP", RISK_CURRENT, D(2018, 3, 31), &h);
	assert_int_equal(h.total, 2);
	/* inherent figures: only OR-R3 has them, once raised */
	risk_heatmap(&now, REG_PROGRAMME, "OR", RISK_INHERENT, 0, &h);
	assert_int_equal(h.total, 1);
	assert_int_equal(h.cell[4][4], 1);
	assert_int_equal(h.unscored, 2);

	/* two datasets: OR-R1 up, SLP-R1 down, PF-R1 same, SLP-R2 added */
	risk_heatmap_movement(&then, D(2018, 2, 28), &now, D(2018, 3, 31),
			      REG_ALL, NULL, &mv);
	assert_int_equal(mv.up, 1);
	assert_int_equal(mv.down, 1);
	assert_int_equal(mv.same, 1);
	assert_int_equal(mv.added, 2);	/* SLP-R2 and the unscored OR-R2 */
	assert_int_equal(mv.removed, 0);
	assert_int_equal(mv.delta[3][3], 1);	/* (4,4): 1 then, 2 now */
	assert_int_equal(mv.delta[2][3], -1);	/* (3,4): OR-R1 moved out */
	/* one dataset at two dates: only OR-R3, raised in April, moves */
	risk_heatmap_movement(&now, D(2018, 3, 31), &now, D(2018, 4, 30),
			      REG_PROGRAMME, "OR", &mv);
	assert_int_equal(mv.added, 1);
	assert_int_equal(mv.same, 2);
	assert_int_equal(mv.up + mv.down + mv.removed, 0);
	dataset_release(&then);
	dataset_release(&now);
}

/* --- the demo portfolio ----------------------------------------------- */

/* name contains word, ignoring case */
static int
mentions(const char *name, const char *word)
{
	size_t n = strlen(word);

	for (; name && *name; name++) {
		size_t i = 0;

		while (i < n && name[i] &&
		       (name[i] | 0x20) == (word[i] | 0x20))
			i++;
		if (i == n)
			return 1;
	}
	return 0;
}

/*
 * The March 2018 paper says decisions on the despatch model and the
 * forensics operating model slipped out of January to March, and that
 * delivery confidence improved over the quarter. The demo portfolio
 * (data/demo/mps-2018.json) carries those facts; the assessment must find
 * them from the data alone.
 */
static void
test_demo(void **state)
{
	const char *root = getenv("FOLIO_SOURCE");
	char path[4096];
	struct dataset ds;
	struct error err = ERROR_INIT;
	struct slip_list sl;
	struct rollup r;
	struct assess_result res;
	int despatch = 0, forensics = 0;
	FILE *fp;

	(void)state;
	snprintf(path, sizeof(path), "%s/data/demo/mps-2018.json",
		 root ? root : ".");
	fp = fopen(path, "r");
	if (fp == NULL) {
		skip();
		return;
	}
	fclose(fp);
	assert_int_equal(interchange_read_file(path, &ds, &err), 0);

	/* slipped: not achieved by 31 March, baseline in January to March,
	 * now later than its baseline */
	assert_int_equal(slip_list_build(&ds, NULL, M(2018, 3), &sl, &err), 0);
	for (size_t i = 0; i < sl.n; i++) {
		const struct slip_item *it = &sl.items[i];

		if (!it->measurable || it->actual != 0 || it->slip_days <= 0 ||
		    it->base.date < D(2018, 1, 1) || it->base.date > D(2018, 3, 31))
			continue;
		despatch += mentions(it->name, "despatch");
		forensics += mentions(it->name, "forensic");
	}
	assert_true(despatch >= 1);
	assert_true(forensics >= 1);
	slip_list_release(&sl);

	/* confidence improved over the quarter, with the counts to say so */
	assert_int_equal(rollup_build(&ds, NULL, M(2018, 3), &r, &err), 0);
	assert_true(r.n >= 10);
	assert_int_equal(r.quarter.since, M(2017, 12));
	assert_true(r.quarter.up > r.quarter.down);
	assert_string_equal(r.quarter.verdict, "improved");
	assert_true(strncmp(r.quarter.words, "improved (", 10) == 0);
	/* a project rated worse than its programme is shown beside it */
	{
		int worse = 0;

		for (size_t i = 0; i < r.n; i++)
			worse += r.programmes[i].project_worse;
		assert_true(worse >= 1);
	}
	rollup_release(&r);

	/* the time tolerance reports both decisions as breaches */
	assert_int_equal(assess_tolerances(&ds, M(2018, 3), &res, &err), 0);
	assert_true(res.programmes >= 10);
	despatch = forensics = 0;
	for (size_t i = 0; i < res.nfindings; i++) {
		const struct finding *f = &res.findings[i];

		if (f->dim != TOL_TIME || f->type != FINDING_BREACH)
			continue;
		despatch += mentions(f->sentence, "despatch");
		forensics += mentions(f->sentence, "forensic");
	}
	assert_true(despatch >= 1);
	assert_true(forensics >= 1);
	assess_exceptions_from_findings(&ds, &res);
	assess_result_release(&res);
	dataset_release(&ds);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_time_thresholds),
		cmocka_unit_test(test_time_default_and_trend),
		cmocka_unit_test(test_time_decisions),
		cmocka_unit_test(test_baseline_in_force),
		cmocka_unit_test(test_rebaselined_sentence),
		cmocka_unit_test(test_cost),
		cmocka_unit_test(test_scope_quality),
		cmocka_unit_test(test_scope_quality_issues),
		cmocka_unit_test(test_risk_tolerance),
		cmocka_unit_test(test_benefits),
		cmocka_unit_test(test_confidence),
		cmocka_unit_test(test_tolerance_lookup),
		cmocka_unit_test(test_exceptions),
		cmocka_unit_test(test_ratings),
		cmocka_unit_test(test_rollup_five),
		cmocka_unit_test(test_rollup_three),
		cmocka_unit_test(test_trend_words),
		cmocka_unit_test(test_rating_precedence),
		cmocka_unit_test(test_risk_bands),
		cmocka_unit_test(test_overdue_and_near),
		cmocka_unit_test(test_escalation),
		cmocka_unit_test(test_portfolio_view),
		cmocka_unit_test(test_risk_history),
		cmocka_unit_test(test_heatmap_history),
		cmocka_unit_test(test_heatmap),
		cmocka_unit_test(test_demo),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
