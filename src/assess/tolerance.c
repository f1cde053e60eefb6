/*
 * tolerance.c - tolerances measured as at a month, findings with their
 * evidence, and exceptions made from findings (rules in tolerance.h and
 * docs/assessment.md).
 */
#include "assess/tolerance.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess/assess-util.h"
#include "assess/risk.h"
#include "assess/rollup.h"
#include "assess/slip.h"
#include "core/date.h"
#include "core/error.h"
#include "core/strbuf.h"
#include "core/xmalloc.h"
#include "model/dataset.h"

/* Text for a name the data may lack (required fields can be absent in
 * datasets built in code). */
static const char *
nz(const char *s)
{
	return s ? s : "";
}

static const char *const dim_names[TOL__COUNT] = {
	"time", "cost", "scope", "quality", "risk", "benefits", "confidence"
};

const char *
tol_dim_name(enum tol_dim d)
{
	return (unsigned)d < TOL__COUNT ? dim_names[d] : "";
}

int
tol_dim_parse(const char *name)
{
	if (name == NULL)
		return -1;
	for (int d = 0; d < TOL__COUNT; d++)
		if (strcmp(name, dim_names[d]) == 0)
			return d;
	return -1;
}

const char *
finding_type_name(enum finding_type t)
{
	return t == FINDING_BREACH ? "breach" : "forecast_breach";
}

const struct tolerance *
tolerance_for(const struct dataset *ds, const char *programme, enum tol_dim d)
{
	const struct tolerance *def = NULL;

	DS_FOREACH(ds, K_TOLERANCE, struct tolerance, t) {
		if (t->dimension == NULL || strcmp(t->dimension, dim_names[d]))
			continue;
		if (t->programme == NULL)
			def = t;
		else if (programme && strcmp(t->programme, programme) == 0)
			return t;
	}
	return def;
}

void
assess_result_init(struct assess_result *res)
{
	memset(res, 0, sizeof(*res));
	arena_init(&res->arena);
}

void
assess_result_release(struct assess_result *res)
{
	free(res->findings);
	arena_release(&res->arena);
	memset(res, 0, sizeof(*res));
}

/* The assessment of one programme in progress. */
struct ctx {
	const struct dataset *ds;
	struct assess_result *res;
	const struct programme *p;
	const struct tolerance *tol;
	enum tol_dim dim;
	struct strbuf sb;
};

static struct finding *
add_finding(struct ctx *c, enum finding_type type, double value)
{
	struct assess_result *res = c->res;
	struct finding *f;

	ALLOC_GROW(res->findings, res->nfindings + 1, res->alloc);
	f = &res->findings[res->nfindings++];
	memset(f, 0, sizeof(*f));
	f->programme = c->p->code;
	f->dim = c->dim;
	f->type = type;
	f->value = value;
	f->threshold = c->tol->threshold;
	f->forecast_threshold = c->tol->forecast_threshold;
	f->by_default = c->tol->programme == NULL;
	return f;
}

/*
 * The finding type for value against the tolerance, or -1 for none.
 * level: the threshold is a level reached (>=), else an allowance
 * exceeded (>).
 */
static int
classify(const struct tolerance *t, double value, int level)
{
	double th = t->threshold, ft = t->forecast_threshold;

	if (isnan(value))
		return -1;
	if (!isnan(th) && (level ? value >= th : value > th))
		return FINDING_BREACH;
	if (!isnan(ft) && (level ? value >= ft : value > ft))
		return FINDING_FORECAST_BREACH;
	return -1;
}

/* " (tolerance 30 days)" or " (early-warning level 20 days, tolerance 30 days)" */
static void
tol_clause(struct ctx *c, enum finding_type type, const char *unit)
{
	struct strbuf *sb = &c->sb;

	strbuf_addstr(sb, " (");
	if (type == FINDING_FORECAST_BREACH && !isnan(c->tol->forecast_threshold)) {
		strbuf_addstr(sb, "early-warning level ");
		fmt_num(sb, c->tol->forecast_threshold);
		strbuf_addstr(sb, unit);
		strbuf_addstr(sb, ", ");
	}
	strbuf_addstr(sb, "tolerance ");
	fmt_num(sb, c->tol->threshold);
	strbuf_addstr(sb, unit);
	if (c->tol->programme == NULL)
		strbuf_addstr(sb, ", portfolio default");
	strbuf_addstr(sb, ")");
}

static const char *
finish(struct ctx *c)
{
	strbuf_addch(&c->sb, '.');
	return sb_to_arena(&c->sb, &c->res->arena);
}

/* --- time ------------------------------------------------------------- */

/*
 * The trend rule: the last three reported forecasts only ever moved later
 * (and moved overall); at their average rate per month the slip passes the
 * tolerance within the horizon. Fills the evidence and returns 1 when so.
 */
static int
time_trend(const struct slip_item *it, int32_t month, double threshold,
	   struct evidence *ev)
{
	double rate, projected;
	int32_t months;
	int horizon;

	if (it->nrecent < 3 || it->actual != DATE_NONE || it->stale)
		return 0;
	if (it->recent_date[1] < it->recent_date[0] ||
	    it->recent_date[2] < it->recent_date[1] ||
	    it->recent_date[2] == it->recent_date[0])
		return 0;
	rate = (double)(it->recent_date[2] - it->recent_date[0]) /
		(double)(it->recent_period[2] - it->recent_period[0]);
	months = month_of_date(it->forecast) - month;
	horizon = months < 1 ? 1 : months > TOL_TREND_HORIZON ?
		TOL_TREND_HORIZON : (int)months;
	projected = it->slip_days + rate * horizon;
	if (!(projected > threshold))
		return 0;
	ev->ntrend = 3;
	for (int i = 0; i < 3; i++) {
		ev->trend_period[i] = it->recent_period[i];
		ev->trend_date[i] = it->recent_date[i];
	}
	ev->trend_days_per_month = rate;
	ev->projected = projected;
	ev->horizon = horizon;
	return 1;
}

static void
decision_sentence(struct ctx *c, struct finding *f, const struct slip_item *it)
{
	struct strbuf *sb = &c->sb;
	long d = it->slip_days;

	strbuf_addf(sb, "Decision %s '%s' ", it->code, nz(it->name));
	if (it->actual != DATE_NONE) {
		strbuf_addstr(sb, "was made on ");
		fmt_date(sb, it->actual);
		strbuf_addstr(sb, ", ");
	} else if (it->stale) {
		strbuf_addstr(sb, "was due on ");
		fmt_date(sb, it->forecast);
		strbuf_addstr(sb, " and is not yet made, so it is at least ");
	} else {
		strbuf_addstr(sb, "is now due on ");
		fmt_date(sb, it->forecast);
		strbuf_addstr(sb, ", ");
	}
	fmt_count(sb, labs(d), "day", "days");
	strbuf_addstr(sb, d >= 0 ? " after" : " before");
	strbuf_addstr(sb, " it was first due on ");
	fmt_date(sb, it->base.date);
	tol_clause(c, f->type, " days");
	f->sentence = finish(c);
}

static void
time_sentence(struct ctx *c, struct finding *f, const struct slip_item *it)
{
	struct strbuf *sb = &c->sb;
	long d = it->slip_days;

	if (it->kind == K_DECISION) {
		decision_sentence(c, f, it);
		return;
	}

	strbuf_addf(sb, "Key milestone %s '%s' ", it->code, nz(it->name));
	if (it->actual != DATE_NONE) {
		strbuf_addstr(sb, "was achieved on ");
		fmt_date(sb, it->actual);
		strbuf_addstr(sb, ", ");
	} else if (it->stale) {
		strbuf_addstr(sb, "is not achieved and its forecast of ");
		fmt_date(sb, it->forecast);
		strbuf_addstr(sb, " has passed, so it is at least ");
	} else {
		strbuf_addstr(sb, "is forecast ");
	}
	fmt_count(sb, labs(d), "day", "days");
	strbuf_addstr(sb, d >= 0 ? " after" : " before");
	strbuf_addstr(sb, " its baseline of ");
	fmt_date(sb, it->base.date);
	if (it->base.rebaselined) {
		strbuf_addf(sb, " (re-baselined by %s from ", it->base.change_request);
		fmt_date(sb, it->base.previous_date);
		strbuf_addch(sb, ')');
	}
	tol_clause(c, f->by_trend ? FINDING_BREACH : f->type, " days");
	if (f->by_trend) {
		strbuf_addstr(sb, ", but its last three reported forecasts (");
		for (int i = 0; i < 3; i++) {
			if (i)
				strbuf_addstr(sb, i == 2 ? " and " : ", ");
			fmt_date(sb, f->ev.trend_date[i]);
			strbuf_addstr(sb, " in ");
			fmt_month(sb, f->ev.trend_period[i]);
		}
		strbuf_addstr(sb, ") moved ");
		fmt_num(sb, f->ev.trend_days_per_month);
		strbuf_addstr(sb, " days a month later; at that rate the slip "
			      "reaches ");
		fmt_num(sb, f->ev.projected);
		strbuf_addstr(sb, " days within ");
		fmt_count(sb, f->ev.horizon, "month", "months");
	}
	f->sentence = finish(c);
}

static void
assess_time(struct ctx *c, const struct slip_list *sl)
{
	int32_t first = month_first_day(sl->month);

	for (size_t i = 0; i < sl->n; i++) {
		const struct slip_item *it = &sl->items[i];
		struct evidence ev;
		struct finding *f;
		int type, trend = 0;

		/* key milestones, and every decision: each waits on a board */
		if ((it->kind == K_MILESTONE && !it->key) || !it->measurable ||
		    it->programme == NULL || strcmp(it->programme, c->p->code))
			continue;
		/* achieved before this month: reported in its own month */
		if (it->actual != DATE_NONE && it->actual < first)
			continue;
		memset(&ev, 0, sizeof(ev));
		type = classify(c->tol, it->slip_days, 0);
		if (type < 0 && time_trend(it, sl->month, c->tol->threshold, &ev)) {
			type = FINDING_FORECAST_BREACH;
			trend = 1;
		}
		if (type < 0)
			continue;
		f = add_finding(c, type, it->slip_days);
		f->by_trend = trend;
		f->ev = ev;
		f->ev.kind = it->kind;
		f->ev.code = it->code;
		f->ev.name = it->name;
		f->ev.baseline_date = it->base.date;
		f->ev.baseline = it->base.baseline ? it->base.baseline->code : NULL;
		f->ev.rebaselined = it->base.rebaselined;
		f->ev.change_request = it->base.change_request;
		f->ev.previous_date = it->base.previous_date;
		f->ev.forecast_date = it->actual ? 0 : it->forecast;
		f->ev.actual_date = it->actual;
		f->ev.stale = it->stale;
		time_sentence(c, f, it);
	}
}

/* --- cost ------------------------------------------------------------- */

static int64_t
sum2(int64_t a, int64_t b, int *any)
{
	int64_t s = 0;

	*any = 0;
	if (a != INT_NONE)
		s += a, *any = 1;
	if (b != INT_NONE)
		s += b, *any = 1;
	return s;
}

static void
assess_cost(struct ctx *c, int32_t month)
{
	const struct finance *fin = NULL;
	const struct monthly_return *ret = NULL;
	int fy = fy_of_month(month), any;
	int64_t budget, forecast;
	double value;
	struct finding *f;
	struct strbuf *sb = &c->sb;
	char fyb[8];
	int type;

	DS_FOREACH(c->ds, K_FINANCE, struct finance, x)
		if (x->programme && strcmp(x->programme, c->p->code) == 0 &&
		    x->year == fy)
			fin = x;
	if (fin == NULL)
		return;
	budget = sum2(fin->capital_budget, fin->revenue_budget, &any);
	if (!any || budget <= 0)
		return;
	DS_FOREACH(c->ds, K_RETURN, struct monthly_return, r) {
		if (r->programme == NULL || strcmp(r->programme, c->p->code) ||
		    r->period == MONTH_NONE || r->period > month ||
		    fy_of_month(r->period) != fy || r->forecast == INT_NONE ||
		    r->status == NULL || strcmp(r->status, "draft") == 0)
			continue;
		if (ret == NULL || r->period > ret->period ||
		    (r->period == ret->period && r->version > ret->version))
			ret = r;
	}
	if (ret) {
		forecast = ret->forecast;
	} else {
		forecast = sum2(fin->capital_forecast, fin->revenue_forecast, &any);
		if (!any)
			return;
	}
	value = (double)(forecast - budget) * 100.0 / (double)budget;
	type = classify(c->tol, value, 0);
	if (type < 0)
		return;
	f = add_finding(c, type, value);
	f->ev.kind = ret ? K_RETURN : K_FINANCE;
	f->ev.code = arena_printf(&c->res->arena, "%s/%d", c->p->code, fy);
	f->ev.fy = fy;
	f->ev.budget = budget;
	f->ev.forecast = forecast;
	f->ev.forecast_period = ret ? ret->period : 0;
	strbuf_addf(sb, "Forecast outturn for %s is ", fy_label(fy, fyb));
	fmt_money(sb, forecast);
	strbuf_addstr(sb, " against a budget of ");
	fmt_money(sb, budget);
	strbuf_addstr(sb, ", ");
	fmt_num(sb, value);
	strbuf_addstr(sb, "% over");
	if (ret) {
		strbuf_addstr(sb, " (forecast from the return for ");
		fmt_month(sb, ret->period);
		strbuf_addstr(sb, ")");
	} else {
		strbuf_addstr(sb, " (forecast from the finance line)");
	}
	tol_clause(c, f->type, "%");
	f->sentence = finish(c);
}

/* --- scope and quality ------------------------------------------------ */

/*
 * A scope or quality finding: nexc open exceptions of the type (codes
 * exc) and niss open issues of the dimension whose severity counts as
 * that type (codes iss).
 */
static void
raised_finding(struct ctx *c, enum finding_type type, size_t nexc,
	       const char *exc, size_t niss, const char *iss)
{
	struct finding *f = add_finding(c, type, (double)(nexc + niss));
	struct strbuf *sb = &c->sb;
	double th = type == FINDING_BREACH ? c->tol->threshold :
		c->tol->forecast_threshold;

	f->ev.kind = nexc ? K_EXCEPTION : K_ISSUE;
	f->ev.count = nexc + niss;
	f->ev.codes = nexc && niss ?
		arena_printf(&c->res->arena, "%s, %s", exc, iss) : nexc ? exc : iss;
	f->ev.code = f->ev.codes;
	if (nexc) {
		strbuf_addf(sb, "The programme has raised %zu open %s %s%s (%s)",
			    nexc, dim_names[c->dim],
			    type == FINDING_BREACH ? "breach" : "forecast breach",
			    nexc == 1 ? "" : "es", exc);
		if (niss)
			strbuf_addstr(sb, " and has ");
	} else {
		strbuf_addstr(sb, "The programme has ");
	}
	if (niss)
		strbuf_addf(sb, "%zu open %s issue%s of %s severity (%s)", niss,
			    dim_names[c->dim], niss == 1 ? "" : "s",
			    type == FINDING_BREACH ? "high or critical" :
			    "low or medium", iss);
	strbuf_addstr(sb, type == FINDING_BREACH ?
		      " (tolerance " : " (early-warning level ");
	fmt_num(sb, th);
	if (niss)
		strbuf_addstr(sb, th == 1 ? " exception or issue" :
			      " exceptions or issues");
	else
		strbuf_addstr(sb, nexc == 1 && th == 1 ? " exception" :
			      " exceptions");
	if (c->tol->programme == NULL)
		strbuf_addstr(sb, ", portfolio default");
	strbuf_addch(sb, ')');
	f->sentence = finish(c);
}

/*
 * An issue of the programme (or one of its projects) raised against
 * dimension and open at the end of month: raised by then (when known),
 * and not resolved by then.
 */
static int
issue_counts(const struct issue *is, const char *programme, const char *dim,
	     int32_t as_at)
{
	if (is->programme == NULL || strcmp(is->programme, programme) ||
	    is->dimension == NULL || strcmp(is->dimension, dim) ||
	    (is->raised != DATE_NONE && is->raised > as_at))
		return 0;
	if (is->resolved != DATE_NONE)
		return is->resolved > as_at;
	return is->status && strcmp(is->status, "open") == 0;
}

static void
assess_raised(struct ctx *c, int32_t month)
{
	struct strbuf codes[2] = { STRBUF_INIT, STRBUF_INIT };
	struct strbuf icodes[2] = { STRBUF_INIT, STRBUF_INIT };
	size_t count[2] = { 0, 0 }, icount[2] = { 0, 0 };
	int32_t as_at = month_last_day(month);

	DS_FOREACH(c->ds, K_EXCEPTION, struct exception, e) {
		int t;

		if (e->programme == NULL || strcmp(e->programme, c->p->code) ||
		    e->dimension == NULL ||
		    strcmp(e->dimension, dim_names[c->dim]) ||
		    (e->period != MONTH_NONE && e->period > month) ||
		    e->status == NULL ||
		    (strcmp(e->status, "open") && strcmp(e->status, "escalated")) ||
		    e->type == NULL)
			continue;
		t = strcmp(e->type, "breach") == 0 ? FINDING_BREACH :
			FINDING_FORECAST_BREACH;
		if (codes[t].len)
			strbuf_addstr(&codes[t], ", ");
		strbuf_addstr(&codes[t], e->code);
		count[t]++;
	}
	/* an issue that has happened: high and critical ones count as
	   breaches, low and medium ones as forecast breaches */
	DS_FOREACH(c->ds, K_ISSUE, struct issue, is) {
		int t;

		if (is->code == NULL || is->severity == NULL ||
		    !issue_counts(is, c->p->code, dim_names[c->dim], as_at))
			continue;
		t = strcmp(is->severity, "high") == 0 ||
			strcmp(is->severity, "critical") == 0 ?
			FINDING_BREACH : FINDING_FORECAST_BREACH;
		if (icodes[t].len)
			strbuf_addstr(&icodes[t], ", ");
		strbuf_addstr(&icodes[t], is->code);
		icount[t]++;
	}
	for (int t = 0; t < 2; t++) {
		double th = t == FINDING_BREACH ? c->tol->threshold :
			c->tol->forecast_threshold;
		size_t n = count[t] + icount[t];

		if (n > 0 && !isnan(th) && (double)n >= th)
			raised_finding(c, t, count[t],
				       count[t] ? sb_to_arena(&codes[t], &c->res->arena) : NULL,
				       icount[t],
				       icount[t] ? sb_to_arena(&icodes[t], &c->res->arena) : NULL);
		strbuf_release(&codes[t]);
		strbuf_release(&icodes[t]);
	}
}

/* --- risk ------------------------------------------------------------- */

static void
assess_risk(struct ctx *c, int32_t as_at)
{
	DS_FOREACH(c->ds, K_RISK, struct risk, r) {
		struct finding *f;
		int score, type;

		if (r->code == NULL || r->programme == NULL ||
		    strcmp(r->programme, c->p->code) ||
		    (r->level && strcmp(r->level, "portfolio") == 0) ||
		    !risk_open_at(r, as_at))
			continue;
		score = risk_score_of(r, RISK_CURRENT);
		if (score == 0)
			continue;
		type = classify(c->tol, score, 1);
		if (type < 0)
			continue;
		f = add_finding(c, type, score);
		f->ev.kind = K_RISK;
		f->ev.code = r->code;
		f->ev.name = r->title;
		f->ev.likelihood = (int)r->current_likelihood;
		f->ev.impact = (int)r->current_impact;
		strbuf_addf(&c->sb, "Risk %s '%s' has a current score of %d "
			    "(likelihood %d x impact %d), at or above the %s ",
			    r->code, nz(r->title), score, f->ev.likelihood,
			    f->ev.impact, type == FINDING_BREACH ?
			    "tolerance of" : "early-warning level of");
		fmt_num(&c->sb, type == FINDING_BREACH ? c->tol->threshold :
			c->tol->forecast_threshold);
		if (type == FINDING_FORECAST_BREACH) {
			strbuf_addstr(&c->sb, " (tolerance ");
			fmt_num(&c->sb, c->tol->threshold);
			if (c->tol->programme == NULL)
				strbuf_addstr(&c->sb, ", portfolio default");
			strbuf_addch(&c->sb, ')');
		} else if (c->tol->programme == NULL) {
			strbuf_addstr(&c->sb, " (portfolio default)");
		}
		f->sentence = finish(c);
	}
}

/* --- benefits --------------------------------------------------------- */

/*
 * Benefit values are the measure's level in a month (as baseline and
 * target are), so the shortfall is read at the latest month with both a
 * planned and an actual figure, as a share of the gain planned over the
 * baseline: d x (planned - actual) / |planned - baseline| x 100, where d
 * is +1 when the target is above the baseline (more is better) and -1
 * when below. For a dis-benefit more than planned is the shortfall.
 */
static void
assess_benefits(struct ctx *c, int32_t month, const struct rowidx *bvix)
{
	DS_FOREACH(c->ds, K_BENEFIT, struct benefit, b) {
		const struct benefit_value *at = NULL;
		double base, d, value;
		int dis, type;
		size_t lo, hi;
		struct finding *f;
		struct strbuf *sb = &c->sb;

		if (b->code == NULL || b->programme == NULL ||
		    strcmp(b->programme, c->p->code))
			continue;
		base = isnan(b->baseline) ? 0 : b->baseline;
		d = !isnan(b->target) && b->target < base ? -1 : 1;
		rowidx_range(bvix, b->code, &lo, &hi);
		for (size_t i = lo; i < hi; i++) {
			const struct benefit_value *v = bvix->v[i].row;

			if (v->period == MONTH_NONE || v->period > month ||
			    isnan(v->planned) || isnan(v->actual) ||
			    v->planned == base)
				continue;
			if (at == NULL || v->period > at->period)
				at = v;
		}
		if (at == NULL)
			continue;
		dis = b->type && strcmp(b->type, "dis_benefit") == 0;
		value = d * (dis ? at->actual - at->planned :
			     at->planned - at->actual) * 100.0 /
			fabs(at->planned - base);
		type = classify(c->tol, value, 0);
		if (type < 0)
			continue;
		f = add_finding(c, type, value);
		f->ev.kind = K_BENEFIT;
		f->ev.code = b->code;
		f->ev.name = b->title;
		f->ev.planned = at->planned;
		f->ev.actual = at->actual;
		f->ev.benefit_baseline = base;
		f->ev.to_month = at->period;
		strbuf_addf(sb, "%s %s '%s' stood at ",
			    dis ? "Dis-benefit" : "Benefit", b->code, nz(b->title));
		fmt_qty(sb, at->actual, b->unit);
		strbuf_addstr(sb, " in ");
		fmt_month(sb, at->period);
		strbuf_addstr(sb, " against ");
		fmt_qty(sb, at->planned, b->unit);
		strbuf_addstr(sb, " planned");
		if (base != 0) {
			strbuf_addstr(sb, " from a baseline of ");
			fmt_qty(sb, base, b->unit);
		}
		strbuf_addstr(sb, dis ? ", " : ", a shortfall of ");
		fmt_num(sb, value);
		strbuf_addstr(sb, dis ? "% worse than planned" :
			      "% of the planned gain");
		tol_clause(c, type, "%");
		f->sentence = finish(c);
	}
}

/* --- confidence ------------------------------------------------------- */

static int
assess_confidence(struct ctx *c, int32_t as_at, struct error *err)
{
	struct rating_at at;
	enum rating r, th, ft;
	enum rating_scale scale = rating_scale_of(c->ds);
	struct finding *f;
	struct strbuf *sb = &c->sb;
	int type;

	if (rating_programme_at(c->ds, c->p->code, as_at, &at, err) < 0)
		return -1;
	r = rating_on_scale(at.rating, scale);
	if (!rating_is_rated(r))
		return 0;
	th = rating_of_threshold(c->tol->threshold);
	ft = rating_of_threshold(c->tol->forecast_threshold);
	if (th != RATING_NONE && r >= th)
		type = FINDING_BREACH;
	else if (ft != RATING_NONE && r >= ft)
		type = FINDING_FORECAST_BREACH;
	else
		return 0;
	f = add_finding(c, type, r);
	f->ev.kind = at.source;
	f->ev.rating = rating_name(r);
	f->ev.rated_on = at.date;
	f->ev.assessor = at.assessor;
	if (at.source == K_RETURN) {
		const struct monthly_return *ret = at.rec;

		f->ev.code = arena_printf(&c->res->arena, "%s/%s", c->p->code,
					  month_format(ret->period, (char[8]){ 0 }));
	} else {
		char d[11];

		f->ev.code = arena_printf(&c->res->arena, "%s/%s/%s", c->p->code,
					  date_format(at.date, d), nz(at.assessor));
	}
	strbuf_addf(sb, "Delivery confidence is rated %s", rating_name(r));
	if (at.source == K_RETURN) {
		strbuf_addstr(sb, " in the return for ");
		fmt_month(sb, month_of_date(at.date));
	} else {
		strbuf_addstr(sb, " (assessed on ");
		fmt_date(sb, at.date);
		strbuf_addf(sb, " by %s)",
			    strcmp(nz(at.assessor), "sro") == 0 ? "the SRO" :
			    strcmp(nz(at.assessor), "independent") == 0 ?
			    "an independent review" : "the portfolio office");
	}
	if (type == FINDING_BREACH) {
		strbuf_addf(sb, ", at or below the tolerance level of %s",
			    rating_name(th));
		if (c->tol->programme == NULL)
			strbuf_addstr(sb, " (portfolio default)");
	} else {
		strbuf_addf(sb, ", at or below the early-warning level of %s "
			    "(tolerance %s%s)", rating_name(ft), rating_name(th),
			    c->tol->programme ? "" : ", portfolio default");
	}
	f->sentence = finish(c);
	return 0;
}

/* --- the whole assessment --------------------------------------------- */

static int
cmp_finding(const void *a, const void *b)
{
	const struct finding *x = a, *y = b;
	const char *cx = x->ev.code ? x->ev.code : "";
	const char *cy = y->ev.code ? y->ev.code : "";
	int c = strcmp(x->programme, y->programme);

	if (c)
		return c;
	if (x->dim != y->dim)
		return (int)x->dim - (int)y->dim;
	if (x->type != y->type)
		return (int)x->type - (int)y->type;
	return strcmp(cx, cy);
}

static int
cmp_programme(const void *a, const void *b)
{
	const struct programme *x = *(const struct programme *const *)a;
	const struct programme *y = *(const struct programme *const *)b;

	return strcmp(x->code, y->code);
}

int
assess_tolerances(const struct dataset *ds, int32_t month,
		  struct assess_result *out, struct error *err)
{
	const struct programme **progs = NULL;
	size_t np = 0, alloc = 0;
	struct slip_list sl;
	struct rowidx bvix;
	struct ctx c;
	int ret = -1;

	assess_result_init(out);
	memset(&sl, 0, sizeof(sl));
	memset(&bvix, 0, sizeof(bvix));
	memset(&c, 0, sizeof(c));
	strbuf_init(&c.sb, 256);
	if (month == MONTH_NONE) {
		error_set(err, ERR_USAGE, "no month to assess at");
		goto out;
	}
	out->month = month;
	out->as_at = month_last_day(month);
	if (slip_list_build(ds, NULL, month, &sl, err) < 0)
		goto out;
	rowidx_build(&bvix, ds, K_BENEFIT_VALUE,
		     offsetof(struct benefit_value, benefit));
	DS_FOREACH(ds, K_PROGRAMME, struct programme, p) {
		if (p->code == NULL ||
		    (p->lifecycle && strcmp(p->lifecycle, "active")))
			continue;
		ALLOC_GROW(progs, np + 1, alloc);
		progs[np++] = p;
	}
	if (np > 1)
		qsort(progs, np, sizeof(*progs), cmp_programme);
	out->programmes = np;
	c.ds = ds;
	c.res = out;
	for (size_t i = 0; i < np; i++) {
		c.p = progs[i];
		for (int d = 0; d < TOL__COUNT; d++) {
			c.dim = (enum tol_dim)d;
			c.tol = tolerance_for(ds, c.p->code, c.dim);
			if (c.tol == NULL)
				continue;
			switch (c.dim) {
			case TOL_TIME:
				assess_time(&c, &sl);
				break;
			case TOL_COST:
				assess_cost(&c, month);
				break;
			case TOL_SCOPE:
			case TOL_QUALITY:
				assess_raised(&c, month);
				break;
			case TOL_RISK:
				assess_risk(&c, out->as_at);
				break;
			case TOL_BENEFITS:
				assess_benefits(&c, month, &bvix);
				break;
			case TOL_CONFIDENCE:
				if (assess_confidence(&c, out->as_at, err) < 0)
					goto out;
				break;
			case TOL__COUNT:
				break;
			}
		}
	}
	if (out->nfindings > 1)
		qsort(out->findings, out->nfindings, sizeof(*out->findings),
		      cmp_finding);
	ret = 0;
out:
	strbuf_release(&c.sb);
	slip_list_release(&sl);
	rowidx_release(&bvix);
	free(progs);
	return ret;
}

/* --- exceptions ------------------------------------------------------- */

/* ds holds an exception that already covers programme, dimension, type. */
static int
already_raised(const struct dataset *ds, const char *programme,
	       enum tol_dim dim, enum finding_type type, const char *code)
{
	DS_FOREACH(ds, K_EXCEPTION, struct exception, e) {
		if (e->code && strcmp(e->code, code) == 0)
			return 1;
		if (e->programme == NULL || strcmp(e->programme, programme) ||
		    e->dimension == NULL || strcmp(e->dimension, dim_names[dim]) ||
		    e->status == NULL || e->type == NULL ||
		    (strcmp(e->status, "open") && strcmp(e->status, "escalated")))
			continue;
		if (strcmp(e->type, "breach") == 0 ||
		    strcmp(e->type, finding_type_name(type)) == 0)
			return 1;
	}
	return 0;
}

size_t
assess_exceptions_from_findings(const struct dataset *ds,
				struct assess_result *res)
{
	struct strbuf sb = STRBUF_INIT;
	size_t made = 0;
	char mb[8];

	res->exceptions = arena_alloc(&res->arena, (res->nfindings ?
		res->nfindings : 1) * sizeof(*res->exceptions));
	res->nexceptions = 0;
	month_format(res->month, mb);
	for (size_t i = 0; i < res->nfindings;) {
		const struct finding *f = &res->findings[i];
		const struct programme *p;
		enum finding_type type = FINDING_FORECAST_BREACH;
		struct exception *e;
		size_t j;
		char *code;

		/* findings are sorted: one run per programme and dimension */
		for (j = i; j < res->nfindings &&
		     strcmp(res->findings[j].programme, f->programme) == 0 &&
		     res->findings[j].dim == f->dim; j++)
			if (res->findings[j].type == FINDING_BREACH)
				type = FINDING_BREACH;
		if (f->dim == TOL_SCOPE || f->dim == TOL_QUALITY)
			goto next;
		code = arena_printf(&res->arena, "EX-%s-%s-%s", mb,
				    f->programme, dim_names[f->dim]);
		if (already_raised(ds, f->programme, f->dim, type, code))
			goto next;
		for (size_t k = i; k < j; k++) {
			if (sb.len)
				strbuf_addch(&sb, '\n');
			strbuf_addstr(&sb, res->findings[k].sentence);
		}
		e = &res->exceptions[res->nexceptions++];
		record_clear(e, entity_of(K_EXCEPTION));
		e->code = code;
		e->programme = arena_strdup(&res->arena, f->programme);
		e->period = res->month;
		e->dimension = arena_strdup(&res->arena, dim_names[f->dim]);
		e->type = arena_strdup(&res->arena, finding_type_name(type));
		e->evidence = sb_to_arena(&sb, &res->arena);
		e->status = arena_strdup(&res->arena, "open");
		p = dataset_find(ds, K_PROGRAMME, f->programme);
		e->marking = p && p->marking ?
			arena_strdup(&res->arena, p->marking) : NULL;
		made++;
next:
		i = j;
	}
	strbuf_release(&sb);
	return made;
}

/* res holds a finding for programme and dimension. */
static int
has_finding(const struct assess_result *res, const char *programme,
	    enum tol_dim dim)
{
	for (size_t i = 0; i < res->nfindings; i++)
		if (res->findings[i].dim == dim &&
		    strcmp(res->findings[i].programme, programme) == 0)
			return 1;
	return 0;
}

static int
cmp_exception_code(const void *a, const void *b)
{
	const struct exception *x = *(const struct exception *const *)a;
	const struct exception *y = *(const struct exception *const *)b;

	return strcmp(x->code, y->code);
}

size_t
assess_exceptions_cured(const struct dataset *ds, struct assess_result *res,
			const struct exception ***out)
{
	const struct exception **v;
	size_t n = 0, cap = dataset_count(ds, K_EXCEPTION);
	char mb[16], code[256];

	*out = NULL;
	if (cap == 0)
		return 0;
	v = arena_alloc(&res->arena, cap * sizeof(*v));
	DS_FOREACH(ds, K_EXCEPTION, struct exception, e) {
		const struct programme *p;
		int d;

		if (e->code == NULL || e->programme == NULL ||
		    e->dimension == NULL || e->status == NULL ||
		    (strcmp(e->status, "open") && strcmp(e->status, "escalated")) ||
		    e->period == MONTH_NONE || e->period > res->month)
			continue;
		d = tol_dim_parse(e->dimension);
		if (d < 0 || d == TOL_SCOPE || d == TOL_QUALITY)
			continue;
		/* only what folio raised from its own measure: one a person
		   raised may rest on what the measure does not see */
		month_format(e->period, mb);
		snprintf(code, sizeof(code), "EX-%s-%s-%s", mb, e->programme,
			 e->dimension);
		if (strcmp(code, e->code) != 0)
			continue;
		p = dataset_find(ds, K_PROGRAMME, e->programme);
		/* assessed as assess_tolerances() chooses programmes */
		if (p == NULL || (p->lifecycle && strcmp(p->lifecycle, "active")) ||
		    tolerance_for(ds, p->code, (enum tol_dim)d) == NULL ||
		    has_finding(res, p->code, (enum tol_dim)d))
			continue;
		v[n++] = e;
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_exception_code);
	if (n)
		*out = v;
	return n;
}

size_t
assess_exceptions_add(struct dataset *ds, const struct assess_result *res)
{
	const struct entity *e = entity_of(K_EXCEPTION);

	for (size_t i = 0; i < res->nexceptions; i++) {
		struct exception *x = dataset_add(ds, K_EXCEPTION);

		*x = res->exceptions[i];
		/* every text field now points into res: copy them into ds */
		for (size_t f = 0; f < e->nfields; f++) {
			char **sp;

			if (e->fields[f].type != FT_TEXT &&
			    e->fields[f].type != FT_ENUM &&
			    e->fields[f].type != FT_REF)
				continue;
			sp = field_str(x, &e->fields[f]);
			*sp = dataset_strdup(ds, *sp);
		}
	}
	return res->nexceptions;
}
