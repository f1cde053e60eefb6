/*
 * pages-portfolio.c - the portfolio dashboard, the list of programmes
 * and a programme's own page.
 *
 * Each view reads only the data the user may see (req_data) and returns
 * plain JSON; the same JSON is the API's answer (docs/api.md).
 */
#include "web/web-int.h"
#include "web/pages.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess/risk.h"
#include "assess/rollup.h"
#include "assess/slip.h"
#include "core/date.h"
#include "core/error.h"
#include "core/xmalloc.h"
#include "model/schema.h"
#include "report/report.h"
#include "sched/dca-quant.h"
#include "web/html.h"

/* Months of DCA history the dashboard shows. */
#define TREND_MONTHS 6
/* Portfolio risks the dashboard lists. */
#define TOP_RISKS 5
/* Quarters of key milestones the dashboard looks ahead. */
#define LOOK_QUARTERS 3

static const enum rating shown_ratings[] = {
	RATING_GREEN, RATING_AMBER_GREEN, RATING_AMBER, RATING_AMBER_RED,
	RATING_RED, RATING_EXEMPT, RATING_NOT_ASSESSED, RATING_NONE
};
#define NSHOWN (sizeof(shown_ratings) / sizeof(shown_ratings[0]))

static json_t *
org_json(const struct dataset *ds)
{
	const struct organisation *org = dataset_org(ds);
	json_t *o = json_object();

	if (org) {
		jset_str(o, "code", org->code);
		jset_str(o, "name", org->name);
		jset_str(o, "oversight_board", org->oversight_board);
	}
	return o;
}

static json_t *
dca_section(struct req *r, const struct dataset *ds, int32_t as_at)
{
	struct rollup ru;
	struct error err = ERROR_INIT;
	json_t *o = NULL, *dist, *progs, *trend, *lowest;
	char buf[32];

	if (rollup_build(ds, NULL, as_at, &ru, &err) < 0) {
		req_fail_err(r, &err);
		goto out;
	}
	o = json_object();
	dist = json_array();
	for (size_t i = 0; i < NSHOWN; i++) {
		enum rating rt = shown_ratings[i];
		json_t *d = rating_json(rt);

		json_object_set_new(d, "count", json_integer((json_int_t)ru.dist[rt]));
		json_object_set_new(d, "last_period", json_integer((json_int_t)ru.dist_period[rt]));
		json_object_set_new(d, "last_quarter", json_integer((json_int_t)ru.dist_quarter[rt]));
		json_array_append_new(dist, d);
	}
	json_object_set_new(o, "distribution", dist);
	json_object_set_new(o, "programmes_rated", json_integer((json_int_t)ru.n));
	jset_str(o, "since_period", ru.period.words);
	jset_str(o, "since_quarter", ru.quarter.words);
	jset_month(o, "period_compared", ru.period.since);
	jset_month(o, "quarter_compared", ru.quarter.since);
	jset_str(o, "rule", ru.rule);
	progs = json_array();
	for (size_t i = 0; i < ru.n; i++) {
		const struct rollup_programme *p = &ru.programmes[i];
		json_t *po = rating_json(p->own.rating);

		jset_str(po, "code", p->programme->code);
		jset_str(po, "name", p->programme->name);
		jset_str(po, "since_period", movement_name(p->since_period));
		jset_str(po, "since_quarter", movement_name(p->since_quarter));
		if (p->project_worse) {
			json_t *wp = rating_json(p->worst_project);

			jset_str(wp, "project", p->worst_project_code);
			json_object_set_new(po, "worst_project", wp);
		}
		json_array_append_new(progs, po);
	}
	json_object_set_new(o, "programmes", progs);
	lowest = json_array();
	for (size_t i = 0; i < ru.nlowest; i++)
		json_array_append_new(lowest, json_string(ru.lowest_programmes[i]->programme->code));
	json_object_set_new(o, "lowest", lowest);
	rollup_release(&ru);

	/* The distribution month by month, for the trend table and chart. */
	trend = json_array();
	for (int32_t m = as_at - TREND_MONTHS + 1; m <= as_at; m++) {
		json_t *row, *counts;

		if (rollup_build(ds, NULL, m, &ru, &err) < 0) {
			rollup_release(&ru);
			continue;
		}
		row = json_object();
		jset_str(row, "month", month_format(m, buf));
		counts = json_array();
		for (size_t i = 0; i < NSHOWN; i++)
			json_array_append_new(counts, json_integer((json_int_t)ru.dist[shown_ratings[i]]));
		json_object_set_new(row, "counts", counts);
		json_array_append_new(trend, row);
		rollup_release(&ru);
	}
	json_object_set_new(o, "trend", trend);
	return o;
out:
	rollup_release(&ru);
	return NULL;
}

static json_t *
exceptions_section(const struct dataset *ds, int32_t as_at)
{
	json_t *a = json_array();

	DS_FOREACH(ds, K_EXCEPTION, struct exception, ex) {
		json_t *o;

		if (ex->period > as_at || ex->status == NULL ||
		    (strcmp(ex->status, "open") != 0 && strcmp(ex->status, "escalated") != 0))
			continue;
		o = json_record(K_EXCEPTION, ex);
		jset_str(o, "programme_name", programme_name(ds, ex->programme));
		json_array_append_new(a, o);
	}
	return a;
}

static int
cmp_risk_score(const void *a, const void *b)
{
	const struct risk *x = *(const struct risk *const *)a;
	const struct risk *y = *(const struct risk *const *)b;
	int sx = risk_score_of(x, RISK_CURRENT), sy = risk_score_of(y, RISK_CURRENT);

	if (sx != sy)
		return sy - sx;
	return strcmp(x->code, y->code);
}

static json_t *
top_risks(const struct dataset *ds, int32_t as_at)
{
	const struct risk **v = NULL;
	size_t n = 0, alloc = 0;
	json_t *a = json_array();

	DS_FOREACH(ds, K_RISK, struct risk, rk) {
		if (!risk_in_register(rk, REG_PORTFOLIO, NULL) ||
		    !risk_open_at(rk, month_last_day(as_at)))
			continue;
		ALLOC_GROW(v, n + 1, alloc);
		v[n++] = rk;
	}
	if (n)
		qsort(v, n, sizeof(*v), cmp_risk_score);
	for (size_t i = 0; i < n && i < TOP_RISKS; i++)
		json_array_append_new(a, risk_json(ds, v[i], as_at));
	free(v);
	return a;
}

/*
 * Key milestones falling in the quarters ahead: starting with the quarter
 * holding the month after as_at, `quarters` of them; plus those overdue.
 * with_all: milestones that are not key too.
 */
json_t *
lookforward(struct req *r, const struct dataset *ds, int32_t as_at, int quarters,
	    int with_all)
{
	struct slip_list sl;
	struct error err = ERROR_INIT;
	json_t *groups = NULL, *overdue;
	int32_t first = as_at + 1;
	int fy = fy_of_month(first), q = fq_of_month(first);

	if (slip_list_build(ds, NULL, as_at, &sl, &err) < 0) {
		req_fail_err(r, &err);
		goto out;
	}
	groups = json_array();
	overdue = json_array();
	for (int i = 0; i < quarters; i++) {
		int32_t qstart = fq_first_month(fy, q);
		int32_t lo = month_first_day(qstart), hi = month_last_day(qstart + 2);
		json_t *g = json_object(), *items = json_array();
		char label[64];
		int y, m;

		month_to_ym(qstart + 2, &y, &m);
		snprintf(label, sizeof(label), "%s %d", quarter_months_name(qstart), y);
		jset_str(g, "quarter", label);
		jset_month(g, "from", qstart);
		jset_month(g, "to", qstart + 2);
		for (size_t j = 0; j < sl.n; j++) {
			const struct slip_item *it = &sl.items[j];
			int32_t when = slip_when(it);

			if (it->kind != K_MILESTONE || (!it->key && !with_all))
				continue;
			if (when >= lo && when <= hi && !it->stale)
				json_array_append_new(items, slip_json(ds, it));
		}
		json_object_set_new(g, "milestones", items);
		json_array_append_new(groups, g);
		if (++q > 4) {
			q = 1;
			fy++;
		}
	}
	for (size_t j = 0; j < sl.n; j++) {
		const struct slip_item *it = &sl.items[j];

		if (it->kind == K_MILESTONE && (it->key || with_all) && it->stale)
			json_array_append_new(overdue, slip_json(ds, it));
	}
	{
		json_t *o = json_object();

		json_object_set_new(o, "quarters", groups);
		json_object_set_new(o, "overdue", overdue);
		groups = o;
	}
out:
	slip_list_release(&sl);
	return groups;
}

static int64_t
sum3(int64_t a, int64_t b)
{
	if (a == INT_NONE && b == INT_NONE)
		return INT_NONE;
	return (a == INT_NONE ? 0 : a) + (b == INT_NONE ? 0 : b);
}

static json_t *
finance_section(const struct dataset *ds, int32_t as_at)
{
	int fy = fy_of_month(as_at);
	json_t *o = json_object(), *rows = json_array();
	int64_t tb = 0, tf = 0, ta = 0;
	char label[16];

	jset_str(o, "year", fy_label(fy, label));
	DS_FOREACH(ds, K_FINANCE, struct finance, f) {
		json_t *row;
		int64_t b, fc, ac;

		if (f->year != fy)
			continue;
		b = sum3(f->capital_budget, f->revenue_budget);
		fc = sum3(f->capital_forecast, f->revenue_forecast);
		ac = sum3(f->capital_actual, f->revenue_actual);
		row = json_object();
		jset_str(row, "programme", f->programme);
		jset_str(row, "programme_name", programme_name(ds, f->programme));
		jset_int(row, "budget", b);
		jset_int(row, "forecast", fc);
		jset_int(row, "actual", ac);
		if (b != INT_NONE && fc != INT_NONE)
			jset_int(row, "variance", fc - b);
		json_array_append_new(rows, row);
		tb += b == INT_NONE ? 0 : b;
		tf += fc == INT_NONE ? 0 : fc;
		ta += ac == INT_NONE ? 0 : ac;
	}
	json_object_set_new(o, "programmes", rows);
	jset_int(o, "budget", tb);
	jset_int(o, "forecast", tf);
	jset_int(o, "actual", ta);
	jset_int(o, "variance", tf - tb);
	return o;
}

static json_t *
benefits_section(const struct dataset *ds, int32_t as_at)
{
	json_t *a = json_array();

	DS_FOREACH(ds, K_BENEFIT, struct benefit, b)
		json_array_append_new(a, benefit_json(ds, b, as_at));
	return a;
}

json_t *
view_dashboard(struct req *r)
{
	const struct dataset *live = req_data(r), *ds;
	json_t *v, *part;
	int32_t as_at;

	/* the month as published (its snapshot), the months to choose from
	   as they are now */
	if (live == NULL || (ds = req_data_as_at(r, &as_at)) == NULL)
		return NULL;
	v = json_object();
	json_object_set_new(v, "organisation", org_json(ds));
	jset_month(v, "as_at", as_at);
	json_object_set_new(v, "months", month_options(live, as_at));
	if ((part = dca_section(r, ds, as_at)) == NULL)
		goto fail;
	json_object_set_new(v, "dca", part);
	json_object_set_new(v, "exceptions", exceptions_section(ds, as_at));
	json_object_set_new(v, "top_risks", top_risks(ds, as_at));
	if ((part = lookforward(r, ds, as_at, LOOK_QUARTERS, 0)) == NULL)
		goto fail;
	json_object_set_new(v, "milestones", part);
	json_object_set_new(v, "finance", finance_section(ds, as_at));
	json_object_set_new(v, "benefits", benefits_section(ds, as_at));
	return v;
fail:
	json_decref(v);
	return NULL;
}

json_t *
view_programmes(struct req *r)
{
	const struct dataset *live = req_data(r), *ds;
	json_t *v, *rows;
	int32_t as_at;

	if (live == NULL || (ds = req_data_as_at(r, &as_at)) == NULL)
		return NULL;
	v = json_object();
	jset_month(v, "as_at", as_at);
	json_object_set_new(v, "months", month_options(live, as_at));
	rows = json_array();
	DS_FOREACH(ds, K_PROGRAMME, struct programme, p) {
		json_t *o = json_record(K_PROGRAMME, p);
		const struct portfolio *pf = dataset_find(ds, K_PORTFOLIO, p->portfolio);

		jset_str(o, "portfolio_name", pf ? pf->name : NULL);
		json_object_set_new(o, "rating", view_rating(ds, p->code, as_at));
		json_array_append_new(rows, o);
	}
	json_object_set_new(v, "programmes", rows);
	return v;
}

/* Returns of programme, latest period first, highest version first. */
static json_t *
returns_of(const struct dataset *ds, const char *programme, json_t **latest)
{
	json_t *a = json_array();

	*latest = NULL;
	for (size_t i = dataset_count(ds, K_RETURN); i-- > 0;) {
		const struct monthly_return *ret = dataset_row(ds, K_RETURN, i);
		json_t *o;

		if (strcmp(ret->programme, programme) != 0)
			continue;
		o = json_record(K_RETURN, ret);
		jset_str(o, "class", html_rag_class(ret->dca));
		if (*latest == NULL)
			*latest = json_incref(o);
		json_array_append_new(a, o);
	}
	return a;
}

/* Programme of activity code, or NULL. */
static const char *
activity_programme(const struct dataset *ds, const char *code)
{
	const struct activity *a = dataset_find(ds, K_ACTIVITY, code);

	return a ? a->programme : NULL;
}

json_t *
dependency_json(const struct dataset *ds, const struct dependency *d)
{
	json_t *o = json_record(K_DEPENDENCY, d);
	const struct activity *pa = dataset_find(ds, K_ACTIVITY, d->predecessor);
	const struct activity *sa = dataset_find(ds, K_ACTIVITY, d->successor);

	if (pa) {
		jset_str(o, "predecessor_name", pa->name);
		jset_str(o, "predecessor_programme", pa->programme);
		jset_str(o, "predecessor_programme_name", programme_name(ds, pa->programme));
		jset_bool(o, "predecessor_done", pa->actual_finish != 0);
	}
	if (sa) {
		jset_str(o, "successor_name", sa->name);
		jset_str(o, "successor_programme", sa->programme);
		jset_str(o, "successor_programme_name", programme_name(ds, sa->programme));
		jset_str(o, "successor_milestone", sa->milestone);
	}
	return o;
}

/*
 * The schedule's delivery confidence of every programme at the end of
 * as_at, as the PMG pack has it (report_schedule_dca(): same seed,
 * iterations and bands, so page and pack agree): {"programmes": {CODE:
 * {...}}, "iterations": N} or {"why": "..."}. Run once per data version,
 * view and month (the cache entry's memo). As in the pack, only when the
 * user sees the whole network: a programme's chance can rest on another
 * programme's activities.
 */
static json_t *
schedule_dca_all(struct req *r, const struct dataset *ds, int32_t as_at)
{
	const struct dataset *full = req_full_of(r, ds);
	struct mc_dca_report rep;
	struct error err = ERROR_INIT;
	char key[96], msg[512];
	size_t iter = 0;
	json_t *all, *progs;

	snprintf(key, sizeof(key), "schedule-dca:%p:%d", (const void *)ds, (int)as_at);
	all = cache_memo_get(r->ce, key);
	if (all)
		return all;
	all = json_object();
	memset(&rep, 0, sizeof(rep));
	if (dataset_count(ds, K_ACTIVITY) == 0) {
		jset_str(all, "why", "The portfolio holds no schedule network, so delivery "
			 "confidence cannot yet be checked against the schedule.");
	} else if (!network_visible(ds, full)) {
		jset_str(all, "why", "The schedule network includes work or risks above "
			 "your clearance, so its view of delivery confidence is not shown.");
	} else if (report_schedule_dca(ds, month_last_day(as_at), &rep, &iter, &err) < 0) {
		char why[600];

		snprintf(why, sizeof(why), "The schedule could not be simulated: %s.",
			 error_text(&err, msg, sizeof(msg)));
		jset_str(all, "why", why);
	} else {
		progs = json_object();
		for (size_t i = 0; i < rep.nprog; i++) {
			const struct mc_dca_programme *pg = &rep.prog[i];
			json_t *o;
			char pct[16];

			if (pg->nmilestones == 0)
				continue;
			o = rating_json((enum rating)pg->band);
			jset_real(o, "p", pg->p);
			snprintf(pct, sizeof(pct), "%.0f%%", pg->p * 100);
			jset_str(o, "percent", pct);
			jset_int(o, "milestones", (int64_t)pg->nmilestones);
			if (pg->nmilestones == 1) {
				jset_str(o, "meeting", "its key milestone still to come");
			} else {
				char what[96];

				snprintf(what, sizeof(what), "all %zu key milestones still to come",
					 pg->nmilestones);
				jset_str(o, "meeting", what);
			}
			jset_str(o, "weakest", pg->weakest);
			jset_int(o, "p50_slip_days", pg->p50_slip);
			jset_bool(o, "disagrees", pg->disagree);
			json_object_set_new(progs, pg->programme, o);
		}
		json_object_set_new(all, "programmes", progs);
		jset_int(all, "iterations", (int64_t)iter);
	}
	mc_dca_report_release(&rep);
	cache_memo_put(r->ce, key, all);
	return all;
}

/* This programme's part of schedule_dca_all(), or null when it has none. */
static json_t *
schedule_dca(struct req *r, const struct dataset *ds, const char *code, int32_t as_at)
{
	json_t *all = schedule_dca_all(r, ds, as_at), *o, *mine;

	mine = json_object_get(json_object_get(all, "programmes"), code);
	if (mine) {
		o = json_deep_copy(mine);
		json_object_set(o, "iterations", json_object_get(all, "iterations"));
	} else if (json_object_get(all, "why")) {
		o = json_object();
		json_object_set(o, "why", json_object_get(all, "why"));
	} else {
		o = json_null();	/* no key baselined milestone to simulate */
	}
	json_decref(all);
	return o;
}

json_t *
view_programme(struct req *r)
{
	const struct dataset *live = req_data(r), *ds;
	const char *code = r->param[0];
	const struct programme *p;
	struct slip_list sl;
	struct error err = ERROR_INIT;
	json_t *v, *a, *latest = NULL;
	int32_t as_at;
	const struct portfolio *pf;

	if (live == NULL || (ds = req_data_as_at(r, &as_at)) == NULL)
		return NULL;
	/* a programme begun since the month was published is shown as it
	   is now, as before it had a published month */
	if ((p = dataset_find(ds, K_PROGRAMME, code)) == NULL) {
		ds = live;
		p = dataset_find(ds, K_PROGRAMME, code);
	}
	if (p == NULL) {
		req_fail(r, 404, "There is no programme %s.", code);
		return NULL;
	}
	v = json_object();
	jset_str(v, "title", p->name);
	jset_month(v, "as_at", as_at);
	json_object_set_new(v, "months", month_options(live, as_at));
	json_object_set_new(v, "programme", json_record(K_PROGRAMME, p));
	pf = dataset_find(ds, K_PORTFOLIO, p->portfolio);
	jset_str(v, "portfolio_name", pf ? pf->name : NULL);
	json_object_set_new(v, "rating", view_rating(ds, code, as_at));
	json_object_set_new(v, "schedule_confidence", schedule_dca(r, ds, code, as_at));

	a = json_array();
	DS_FOREACH(ds, K_PROJECT, struct project, pj) {
		struct rating_at ra;
		json_t *o;

		if (strcmp(pj->programme, code) != 0)
			continue;
		o = json_record(K_PROJECT, pj);
		if (rating_project_at(ds, pj->code, month_last_day(as_at), &ra, &err) < 0)
			ra.rating = RATING_NONE;
		json_object_set_new(o, "rating", rating_json(ra.rating));
		json_array_append_new(a, o);
	}
	json_object_set_new(v, "projects", a);

	json_object_set_new(v, "returns", returns_of(ds, code, &latest));
	json_object_set_new(v, "latest_return", latest ? latest : json_null());

	if (slip_list_build(ds, code, as_at, &sl, &err) < 0) {
		slip_list_release(&sl);
		json_decref(v);
		req_fail_err(r, &err);
		return NULL;
	}
	a = json_array();
	{
		json_t *dec = json_array();

		for (size_t i = 0; i < sl.n; i++)
			json_array_append_new(sl.items[i].kind == K_MILESTONE ? a : dec,
					      slip_json(ds, &sl.items[i]));
		json_object_set_new(v, "decision_slips", dec);
	}
	slip_list_release(&sl);
	json_object_set_new(v, "milestones", a);

	a = json_array();
	DS_FOREACH(ds, K_RISK, struct risk, rk)
		if (risk_in_register(rk, REG_PROGRAMME, code))
			json_array_append_new(a, risk_json(ds, rk, as_at));
	json_object_set_new(v, "risks", a);

	a = json_array();
	DS_FOREACH(ds, K_ISSUE, struct issue, is)
		if (is->programme && strcmp(is->programme, code) == 0)
			json_array_append_new(a, json_record(K_ISSUE, is));
	json_object_set_new(v, "issues", a);

	a = json_array();
	DS_FOREACH(ds, K_DECISION, struct decision, d)
		if (d->programme && strcmp(d->programme, code) == 0)
			json_array_append_new(a, json_record(K_DECISION, d));
	json_object_set_new(v, "decisions", a);

	a = json_array();
	DS_FOREACH(ds, K_BENEFIT, struct benefit, b)
		if (strcmp(b->programme, code) == 0)
			json_array_append_new(a, benefit_json(ds, b, as_at));
	json_object_set_new(v, "benefits", a);

	a = json_array();
	DS_FOREACH(ds, K_FINANCE, struct finance, f) {
		json_t *o;
		char label[16];

		if (strcmp(f->programme, code) != 0)
			continue;
		o = json_record(K_FINANCE, f);
		jset_str(o, "year_label", fy_label((int)f->year, label));
		jset_int(o, "budget", sum3(f->capital_budget, f->revenue_budget));
		jset_int(o, "forecast_total", sum3(f->capital_forecast, f->revenue_forecast));
		jset_int(o, "actual_total", sum3(f->capital_actual, f->revenue_actual));
		json_array_append_new(a, o);
	}
	json_object_set_new(v, "finance", a);

	a = json_array();
	DS_FOREACH(ds, K_CHANGE_REQUEST, struct change_request, cr)
		if (strcmp(cr->programme, code) == 0)
			json_array_append_new(a, json_record(K_CHANGE_REQUEST, cr));
	json_object_set_new(v, "change_requests", a);

	{
		json_t *in = json_array(), *out = json_array();

		DS_FOREACH(ds, K_DEPENDENCY, struct dependency, d) {
			const char *pp = activity_programme(ds, d->predecessor);
			const char *sp = activity_programme(ds, d->successor);

			if (pp == NULL || sp == NULL || strcmp(pp, sp) == 0)
				continue;
			if (strcmp(sp, code) == 0)
				json_array_append_new(in, dependency_json(ds, d));
			else if (strcmp(pp, code) == 0)
				json_array_append_new(out, dependency_json(ds, d));
		}
		json_object_set_new(v, "dependencies_in", in);
		json_object_set_new(v, "dependencies_out", out);
	}

	/* Where this programme's return for the latest open period is. */
	{
		int32_t open = 0;
		char buf[16];

		DS_FOREACH(ds, K_PERIOD, struct period, pd)
			if (pd->state && strcmp(pd->state, "published") != 0 && pd->month > open)
				open = pd->month;
		if (open) {
			jset_month(v, "open_period", open);
			json_object_set_new(v, "return_href",
					    json_sprintf("/returns/%s/%s", code, month_format(open, buf)));
		}
	}
	return v;
}
