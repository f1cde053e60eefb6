/*
 * pages-cycle.c - the monthly reporting cycle on the web: periods and
 * who has submitted, the monthly return form a programme manager fills in
 * and submits, the portfolio office's review, and publishing a period.
 *
 * The cycle, as these actions keep it:
 *	return:  draft -> submitted -> reviewed -> published
 *	period:  open -> submitted (every active programme has submitted)
 *		 -> reviewed (every one reviewed) -> published
 * A return is edited in place while draft or submitted; once reviewed or
 * published, saving makes a correction: the next version, a new record,
 * so the one reviewed is kept as it was. Opening and publishing a period
 * are the cycle module's (cycle/cycle.h): publishing measures the
 * tolerances, raises the exceptions they call for, marks the returns
 * published and keeps a frozen copy of the whole organisation, in one
 * transaction. Returns are written here, one field of a form at a time,
 * because the cycle module takes whole return files and has no drafts.
 */
#include "web/web-int.h"
#include "web/pages.h"

#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/xmalloc.h"
#include "cycle/cycle.h"
#include "cycle/return-file.h"
#include "model/schema.h"
#include "store/store.h"
#include "web/html.h"

static const char *const status_order[] = { "draft", "submitted", "reviewed", "published", NULL };

static int
status_rank(const char *s)
{
	return s ? enum_index(status_order, s) : -1;
}

static int
is_active(const struct programme *p)
{
	return p->lifecycle && strcmp(p->lifecycle, "active") == 0;
}

/* The highest version of programme's return for month, or NULL. */
static const struct monthly_return *
latest_return(const struct dataset *ds, const char *programme, int32_t month)
{
	const struct monthly_return *best = NULL;

	DS_FOREACH(ds, K_RETURN, struct monthly_return, ret)
		if (ret->period == month && strcmp(ret->programme, programme) == 0 &&
		    (best == NULL || ret->version > best->version))
			best = ret;
	return best;
}

static const struct period *
find_period(const struct dataset *ds, int32_t month)
{
	DS_FOREACH(ds, K_PERIOD, struct period, p)
		if (p->month == month)
			return p;
	return NULL;
}

/*
 * The state the period's returns put it in, counting `changed` in place
 * of the stored return of its programme: "reviewed" when every active
 * programme's latest return is reviewed or later, "submitted" when every
 * one is submitted or later, else "open".
 */
static const char *
period_state_from(const struct dataset *full, int32_t month,
		  const struct monthly_return *changed)
{
	int all_sub = 1, all_rev = 1, any = 0;

	DS_FOREACH(full, K_PROGRAMME, struct programme, p) {
		const struct monthly_return *ret;
		int rank;

		if (!is_active(p))
			continue;
		any = 1;
		ret = changed && strcmp(changed->programme, p->code) == 0 ? changed
			: latest_return(full, p->code, month);
		rank = ret ? status_rank(ret->status) : -1;
		if (rank < 1)
			all_sub = 0;
		if (rank < 2)
			all_rev = 0;
	}
	if (!any)
		return "open";
	return all_rev ? "reviewed" : all_sub ? "submitted" : "open";
}

/* Put the period in state, unless it is published or already there. */
static int
period_set_state(struct store *st, const char *org, const struct period *p,
		 const char *state, struct error *err)
{
	struct period np;

	if (strcmp(p->state, "published") == 0 || strcmp(p->state, state) == 0)
		return 0;
	np = *p;
	np.state = (char *)state;
	return store_put(st, org, K_PERIOD, &np, err);
}

/* --- periods --------------------------------------------------------------- */

static void
count_returns(const struct dataset *ds, int32_t month, json_t *o)
{
	size_t active = 0, sub = 0, rev = 0;

	DS_FOREACH(ds, K_PROGRAMME, struct programme, p) {
		const struct monthly_return *ret;
		int rank;

		if (!is_active(p))
			continue;
		active++;
		ret = latest_return(ds, p->code, month);
		rank = ret ? status_rank(ret->status) : -1;
		sub += rank >= 1;
		rev += rank >= 2;
	}
	json_object_set_new(o, "programmes", json_integer((json_int_t)active));
	json_object_set_new(o, "submitted", json_integer((json_int_t)sub));
	json_object_set_new(o, "reviewed", json_integer((json_int_t)rev));
}

json_t *
view_periods(struct req *r)
{
	const struct dataset *ds = req_data(r);
	json_t *v, *a;

	if (ds == NULL)
		return NULL;
	v = json_object();
	a = json_array();
	for (size_t i = dataset_count(ds, K_PERIOD); i-- > 0;) {
		const struct period *p = dataset_row(ds, K_PERIOD, i);
		json_t *o = json_record(K_PERIOD, p);

		count_returns(ds, p->month, o);
		json_array_append_new(a, o);
	}
	json_object_set_new(v, "periods", a);
	jset_str(v, "month_value", req_str(r, "month"));
	return v;
}

/* POST /periods: open a reporting period (cycle_period_open). 400 when
   it exists. */
int
act_period_open(struct req *r, json_t **result)
{
	const struct dataset *ds = req_data(r);
	int32_t month = (int32_t)req_num(r, "month", 0);
	struct cycle_ctx c;
	struct error err = ERROR_INIT;
	char buf[16], *now;
	int ret;

	if (ds == NULL)
		return -1;
	if (find_period(cache_full(r->ce), month))
		return req_field_error(r, "month", "There is already a period for %s.",
				       month_format_long(month, buf));
	now = req_timestamp(r);
	c = (struct cycle_ctx){ req_store(r), r->w->org, r->who->username, now };
	ret = cycle_period_open(&c, month, &err);
	free(now);
	if (ret < 0)
		return req_fail_err(r, &err);
	r->location = xasprintf("/periods/%s?done=opened", month_format(month, buf));
	*result = json_object();
	jset_month(*result, "month", month);
	jset_str(*result, "state", "open");
	return 0;
}

json_t *
view_period(struct req *r)
{
	const struct dataset *ds = req_data(r);
	const struct period *p;
	int32_t month;
	json_t *v, *rows, *missing;
	int all_reviewed = 1;
	char buf[32];

	if (ds == NULL)
		return NULL;
	month_parse(r->param[0], &month);
	p = find_period(ds, month);
	if (p == NULL) {
		req_fail(r, 404, "There is no reporting period for %s.", r->param[0]);
		return NULL;
	}
	v = json_object();
	json_object_set_new(v, "title", json_sprintf("Reporting period: %s",
						     month_format_long(month, buf)));
	json_object_set_new(v, "period", json_record(K_PERIOD, p));
	count_returns(ds, month, v);
	rows = json_array();
	missing = json_array();
	DS_FOREACH(ds, K_PROGRAMME, struct programme, pg) {
		const struct monthly_return *ret;
		json_t *o;

		if (!is_active(pg))
			continue;
		ret = latest_return(ds, pg->code, month);
		o = json_object();
		jset_str(o, "programme", pg->code);
		jset_str(o, "programme_name", pg->name);
		json_object_set_new(o, "href", json_sprintf("/returns/%s/%s", pg->code, r->param[0]));
		if (ret) {
			json_object_set_new(o, "return", json_record(K_RETURN, ret));
			jset_str(o, "class", html_rag_class(ret->dca));
			jset_bool(o, "reviewable", strcmp(ret->status, "submitted") == 0);
		} else {
			jset_str(o, "status", "not started");
		}
		if (status_rank(ret ? ret->status : NULL) < 2) {
			all_reviewed = 0;
			json_array_append_new(missing, json_string(pg->code));
		}
		json_array_append_new(rows, o);
	}
	json_object_set_new(v, "returns", rows);
	json_object_set_new(v, "not_reviewed", missing);
	jset_bool(v, "publishable", all_reviewed && strcmp(p->state, "published") != 0);
	jset_bool(v, "published", strcmp(p->state, "published") == 0);
	return v;
}

/*
 * POST /periods/:month/publish: every active programme's latest return
 * must be reviewed (409 naming those that are not, without naming what
 * the user may not see); then cycle_period_publish() measures the
 * tolerances, stores the exceptions they call for, marks the returns
 * published, publishes the period and keeps the snapshot, in one
 * transaction. A published period is published again only when a
 * reviewed correction is waiting. 404 unknown period.
 */
int
act_period_publish(struct req *r, json_t **result)
{
	const struct dataset *ds = req_data(r);
	const struct dataset *full;
	const struct period *p;
	struct strbuf missing = STRBUF_INIT;
	struct cycle_publish pub;
	struct cycle_ctx c;
	struct error err = ERROR_INIT;
	int32_t month;
	char *now = NULL;
	int waiting = 0, ret = -1;

	if (ds == NULL)
		return -1;
	full = cache_full(r->ce);
	month_parse(r->param[0], &month);
	p = find_period(full, month);
	if (p == NULL)
		return req_fail(r, 404, "There is no reporting period for %s.", r->param[0]);
	/* the whole organisation is published, so check every programme, not
	   only those the user is cleared to see */
	DS_FOREACH(full, K_PROGRAMME, struct programme, pg) {
		const struct monthly_return *lr;
		int rank;

		if (!is_active(pg))
			continue;
		lr = latest_return(full, pg->code, month);
		rank = status_rank(lr ? lr->status : NULL);
		if (rank == 2)
			waiting = 1;
		if (rank < 2)
			strbuf_addf(&missing, "%s%s", missing.len ? ", " : "",
				    dataset_find(ds, K_PROGRAMME, pg->code) ? pg->code
									    : "(a programme above your clearance)");
	}
	if (missing.len) {
		req_fail(r, 409, "Every return must be reviewed before the period is published. "
			 "Not yet reviewed: %s.", missing.buf);
		goto out;
	}
	if (strcmp(p->state, "published") == 0 && !waiting) {
		req_fail(r, 409, "The period %s is already published, and no correction is waiting.",
			 r->param[0]);
		goto out;
	}
	now = req_timestamp(r);
	c = (struct cycle_ctx){ req_store(r), r->w->org, r->who->username, now };
	memset(&pub, 0, sizeof(pub));
	if (cycle_period_publish(&c, month, 0, &pub, &err) < 0) {
		req_fail_err(r, &err);
		goto out;
	}
	r->location = xasprintf("/periods/%s?done=published", r->param[0]);
	*result = json_object();
	jset_month(*result, "period", month);
	jset_str(*result, "state", "published");
	json_object_set_new(*result, "returns_published", json_integer((json_int_t)pub.returns));
	json_object_set_new(*result, "exceptions_raised", json_integer((json_int_t)pub.exceptions));
	json_object_set_new(*result, "snapshot_revision", json_integer(pub.revision));
	jset_str(*result, "snapshot_sha256", pub.sha256);
	ret = 0;
out:
	free(now);
	strbuf_release(&missing);
	return ret;
}

/* --- the return ---------------------------------------------------------------- */

/*
 * The value a form field shows: what was just submitted when the form
 * comes back with errors, else what is stored.
 */
static const char *
form_value(const struct req *r, const char *name, const char *stored)
{
	if (r->errors)
		return req_str(r, name);
	return stored;
}

static void
form_date(json_t *o, const struct req *r, const char *key, const char *name,
	  int32_t stored)
{
	char buf[16];

	if (r->errors)
		jset_str(o, key, req_str(r, name));
	else
		jset_date(o, key, stored);
	(void)buf;
}

static void
form_money(json_t *o, const struct req *r, const char *key, int64_t stored)
{
	if (r->errors)
		jset_str(o, key, req_str(r, key));
	else
		jset_int(o, key, stored);
}

/* The forecast row of milestone code for month, or NULL. */
static const struct milestone_forecast *
forecast_row(const struct dataset *ds, const char *code, int32_t month)
{
	DS_FOREACH(ds, K_MILESTONE_FORECAST, struct milestone_forecast, f)
		if (f->period == month && strcmp(f->milestone, code) == 0)
			return f;
	return NULL;
}

/* Milestones a return reports on: the programme's, not achieved before
   the month began. */
static int
reported_milestone(const struct milestone *m, const char *programme, int32_t month)
{
	return strcmp(m->programme, programme) == 0 &&
	       !(m->actual_date && m->actual_date < month_first_day(month));
}

json_t *
view_return(struct req *r)
{
	const struct dataset *ds = req_data(r);
	const char *code = r->param[0];
	const struct programme *pg;
	const struct period *p;
	const struct monthly_return *ret;
	int32_t month;
	json_t *v, *f, *ms, *hist;
	int correction;
	char buf[32];

	if (ds == NULL)
		return NULL;
	month_parse(r->param[1], &month);
	pg = dataset_find(ds, K_PROGRAMME, code);
	p = find_period(ds, month);
	if (pg == NULL || p == NULL) {
		req_fail(r, 404, "There is no return for %s in %s.", code, r->param[1]);
		return NULL;
	}
	ret = latest_return(ds, code, month);
	correction = ret && status_rank(ret->status) >= 2;
	v = json_object();
	json_object_set_new(v, "title", json_sprintf("Monthly return: %s, %s", pg->name,
						     month_format_long(month, buf)));
	jset_str(v, "programme", code);
	jset_str(v, "programme_name", pg->name);
	jset_str(v, "month", r->param[1]);
	jset_str(v, "period_state", p->state);
	json_object_set_new(v, "action_href", json_sprintf("/returns/%s/%s", code, r->param[1]));
	json_object_set_new(v, "return", ret ? json_record(K_RETURN, ret) : json_null());
	if (ret)
		jset_str(v, "class", html_rag_class(ret->dca));
	jset_bool(v, "correction", correction);
	json_object_set_new(v, "next_version",
			    json_integer(ret ? (correction ? ret->version + 1 : ret->version) : 1));
	jset_bool(v, "reviewable", ret && strcmp(ret->status, "submitted") == 0);

	/* the form's fields: stored values, or those just refused */
	f = json_object();
	jset_str(f, "headline", form_value(r, "headline", ret ? ret->headline : NULL));
	jset_str(f, "commentary", form_value(r, "commentary", ret ? ret->commentary : NULL));
	jset_str(f, "achievements", form_value(r, "achievements", ret ? ret->achievements : NULL));
	jset_str(f, "next_period", form_value(r, "next_period", ret ? ret->next_period : NULL));
	form_money(f, r, "spend_to_date", ret ? ret->spend_to_date : INT_NONE);
	form_money(f, r, "forecast", ret ? ret->forecast : INT_NONE);
	json_object_set_new(f, "dca_options",
			    enum_options(dca_values, form_value(r, "dca", ret ? ret->dca : NULL)));
	json_object_set_new(f, "sro_dca_options",
			    enum_options(dca_values, form_value(r, "sro_dca", ret ? ret->sro_dca : NULL)));
	json_object_set_new(v, "form", f);

	ms = json_array();
	DS_FOREACH(ds, K_MILESTONE, struct milestone, m) {
		const struct milestone_forecast *fr;
		json_t *o;
		char name[96];

		if (!reported_milestone(m, code, month))
			continue;
		fr = forecast_row(ds, m->code, month);
		o = json_object();
		jset_str(o, "code", m->code);
		jset_str(o, "name", m->name);
		jset_bool(o, "key", m->key);
		jset_date(o, "baseline", m->baseline_date);
		snprintf(name, sizeof(name), "forecast_%s", m->code);
		jset_str(o, "forecast_name", name);
		jset_str(o, "forecast_error", req_error(r, name));
		form_date(o, r, "forecast", name, fr && fr->forecast_date ? fr->forecast_date
								       : m->forecast_date);
		snprintf(name, sizeof(name), "actual_%s", m->code);
		jset_str(o, "actual_name", name);
		jset_str(o, "actual_error", req_error(r, name));
		form_date(o, r, "actual", name, fr && fr->actual_date ? fr->actual_date
								   : m->actual_date);
		json_array_append_new(ms, o);
	}
	json_object_set_new(v, "milestones", ms);

	hist = json_array();
	DS_FOREACH(ds, K_RETURN, struct monthly_return, rt)
		if (rt->period == month && strcmp(rt->programme, code) == 0)
			json_array_append_new(hist, json_record(K_RETURN, rt));
	json_object_set_new(v, "versions", hist);
	return v;
}

/* Set a text field from the form: the page form always sends every field
   (empty means none); the API changes only what it sends. */
static void
take_text(const struct req *r, const char *name, char **field)
{
	const char *s = req_str(r, name);

	if (s || !r->api)
		*field = (char *)s;
}

static void
take_money(const struct req *r, const char *name, int64_t *field)
{
	const struct pair *p = req_input(r, name);

	if (p || !r->api)
		*field = p ? p->num : INT_NONE;
}

/*
 * POST /returns/:code/:month (action save or submit): write the
 * programme's return for the month and the milestone forecasts it
 * reports, in one transaction. Submitting needs a rating and a headline
 * (400 naming them). 404 unknown programme or period; 400 for a
 * milestone that is not the programme's.
 */
int
act_return_save(struct req *r, json_t **result)
{
	const struct dataset *ds = req_data(r);
	const struct dataset *full;
	const char *code = r->param[0];
	const struct programme *pg;
	const struct period *p;
	const struct monthly_return *latest;
	struct monthly_return nr;
	struct error err = ERROR_INIT;
	struct store *st;
	int32_t month;
	int submit, current = 1, ret = -1;
	char *at = NULL;

	if (ds == NULL)
		return -1;
	full = cache_full(r->ce);
	month_parse(r->param[1], &month);
	pg = dataset_find(ds, K_PROGRAMME, code);
	p = find_period(full, month);
	if (pg == NULL || p == NULL)
		return req_fail(r, 404, "There is no return for %s in %s.", code, r->param[1]);
	submit = strcmp(req_str(r, "action"), "submit") == 0;

	/* every milestone named must be one this return reports on */
	for (size_t i = 0; i < r->nin; i++) {
		const struct pair *in = &r->in[i];
		const char *mcode = in->key->flags & KEY_PREFIX ?
				    in->name + strlen(in->key->name) : NULL;
		const struct milestone *m = mcode ? dataset_find(ds, K_MILESTONE, mcode) : NULL;

		if (mcode && (m == NULL || !reported_milestone(m, code, month)))
			req_field_error(r, in->name, "%s is not a milestone of %s this period.",
					mcode, code);
	}
	if (r->errors)
		return -1;

	latest = latest_return(full, code, month);
	if (latest) {
		nr = *latest;
		if (status_rank(latest->status) >= 2) {
			/* a correction: a new version, the reviewed one kept */
			nr.version = latest->version + 1;
			nr.reviewed_by = nr.reviewed_at = NULL;
			nr.submitted_by = nr.submitted_at = NULL;
		}
	} else {
		record_clear(&nr, entity_of(K_RETURN));
		nr.programme = (char *)code;
		nr.period = month;
		nr.version = 1;
	}
	take_text(r, "dca", &nr.dca);
	take_text(r, "sro_dca", &nr.sro_dca);
	take_text(r, "headline", &nr.headline);
	take_text(r, "commentary", &nr.commentary);
	take_text(r, "achievements", &nr.achievements);
	take_text(r, "next_period", &nr.next_period);
	take_money(r, "spend_to_date", &nr.spend_to_date);
	take_money(r, "forecast", &nr.forecast);
	nr.assumption = latest && nr.version == latest->version ? nr.assumption : NULL;
	if (submit) {
		if (nr.dca == NULL)
			req_field_error(r, "dca", "Choose a delivery confidence rating to submit the return.");
		if (nr.headline == NULL)
			req_field_error(r, "headline", "Enter a headline to submit the return.");
		if (r->errors)
			return -1;
		at = req_timestamp(r);
		nr.status = "submitted";
		nr.submitted_by = r->who->username;
		nr.submitted_at = at;
	} else {
		nr.status = "draft";
		nr.submitted_by = nr.submitted_at = NULL;
	}

	/* Milestones hold only their present state: a return for a month
	   before the programme's latest reported one (a late correction)
	   writes that month's forecasts, not the milestones themselves. */
	DS_FOREACH(full, K_RETURN, struct monthly_return, rt)
		if (strcmp(rt->programme, code) == 0 && rt->period > month)
			current = 0;
	st = req_store(r);
	if (store_begin(st, &err) < 0) {
		req_fail_err(r, &err);
		goto out;
	}
	if (store_put(st, r->w->org, K_RETURN, &nr, &err) < 0)
		goto fail;
	DS_FOREACH(ds, K_MILESTONE, struct milestone, m) {
		const struct milestone_forecast *old;
		struct milestone_forecast mf;
		char name[96];
		const struct pair *fc, *ac;

		if (!reported_milestone(m, code, month))
			continue;
		snprintf(name, sizeof(name), "forecast_%s", m->code);
		fc = req_input(r, name);
		snprintf(name, sizeof(name), "actual_%s", m->code);
		ac = req_input(r, name);
		old = forecast_row(full, m->code, month);
		if (r->api && fc == NULL && ac == NULL)
			continue;
		if (old)
			mf = *old;
		else
			record_clear(&mf, entity_of(K_MILESTONE_FORECAST));
		mf.milestone = m->code;
		mf.period = month;
		if (fc || !r->api)
			mf.forecast_date = fc ? (int32_t)fc->num : 0;
		if (ac || !r->api)
			mf.actual_date = ac ? (int32_t)ac->num : 0;
		if (mf.forecast_date == 0 && mf.actual_date == 0 && old == NULL)
			continue;
		if (store_put(st, r->w->org, K_MILESTONE_FORECAST, &mf, &err) < 0)
			goto fail;
		if (submit && current && (mf.forecast_date != m->forecast_date ||
			       mf.actual_date != m->actual_date)) {
			/* the submitted return brings the milestone up to date */
			const struct milestone *cur = dataset_find(full, K_MILESTONE, m->code);
			struct milestone nm = *(cur ? cur : m);

			if (mf.forecast_date)
				nm.forecast_date = mf.forecast_date;
			if (mf.actual_date)
				nm.actual_date = mf.actual_date;
			if (store_put(st, r->w->org, K_MILESTONE, &nm, &err) < 0)
				goto fail;
		}
	}
	if (period_set_state(st, r->w->org, p, period_state_from(full, month, &nr), &err) < 0 ||
	    store_commit(st, &err) < 0)
		goto fail;
	r->location = xasprintf("/returns/%s/%s?done=%s", code, r->param[1],
				submit ? "submitted" : "saved");
	*result = json_record(K_RETURN, &nr);
	ret = 0;
	goto out;
fail:
	store_rollback(st);
	req_fail_err(r, &err);
out:
	free(at);
	return ret;
}

/*
 * POST /returns/:code/:month/review: the portfolio office marks the
 * submitted return reviewed. 404 no return; 409 not submitted.
 */
int
act_return_review(struct req *r, json_t **result)
{
	const struct dataset *ds = req_data(r);
	const struct dataset *full;
	const struct monthly_return *latest;
	const struct period *p;
	struct monthly_return nr;
	struct error err = ERROR_INIT;
	struct store *st;
	int32_t month;
	char *at;
	int ret = -1;

	if (ds == NULL)
		return -1;
	full = cache_full(r->ce);
	month_parse(r->param[1], &month);
	p = find_period(full, month);
	latest = dataset_find(ds, K_PROGRAMME, r->param[0]) ?
		 latest_return(full, r->param[0], month) : NULL;
	if (latest == NULL || p == NULL)
		return req_fail(r, 404, "There is no return for %s in %s.", r->param[0], r->param[1]);
	if (strcmp(latest->status, "submitted") != 0)
		return req_fail(r, 409, "Only a submitted return can be reviewed; this one is %s.",
				latest->status);
	at = req_timestamp(r);
	nr = *latest;
	nr.status = "reviewed";
	nr.reviewed_by = r->who->username;
	nr.reviewed_at = at;
	st = req_store(r);
	if (store_begin(st, &err) < 0 ||
	    store_put(st, r->w->org, K_RETURN, &nr, &err) < 0 ||
	    period_set_state(st, r->w->org, p, period_state_from(full, month, &nr), &err) < 0 ||
	    store_commit(st, &err) < 0) {
		store_rollback(st);
		req_fail_err(r, &err);
		goto out;
	}
	r->location = xasprintf("/periods/%s?done=reviewed", r->param[1]);
	*result = json_record(K_RETURN, &nr);
	ret = 0;
out:
	free(at);
	return ret;
}

/* --- return files: the cycle module's template and reader --------------------- */

/*
 * GET /returns/:code/:month/file: the programme's return for the month as
 * a pre-filled file (cycle_return_template) to fill in offline and upload,
 * made from the data the user may see. 404 unknown programme or period.
 */
void
raw_return_template(struct req *r, struct resp *out)
{
	const struct dataset *ds = req_data(r);
	struct error err = ERROR_INIT;
	int32_t month;

	out->type = "text/plain; charset=utf-8";
	if (ds == NULL) {
		out->status = r->status;
		strbuf_addstr(&out->body, r->message);
		return;
	}
	month_parse(r->param[1], &month);
	if (dataset_find(ds, K_PROGRAMME, r->param[0]) == NULL || find_period(ds, month) == NULL) {
		out->status = 404;
		strbuf_addstr(&out->body, "There is no such return.\n");
		return;
	}
	out->body.max = r->w->cfg.max_upload * 4;
	if (cycle_return_template(ds, r->param[0], month, &out->body, NULL, &err) < 0) {
		strbuf_reset(&out->body);
		out->status = err.code == ERR_NOTFOUND ? 404 : 500;
		strbuf_addstr(&out->body, err.msg);
		return;
	}
	out->status = 200;
	out->type = "application/json";
	out->disposition = xasprintf("attachment; filename=\"return-%s-%s.json\"",
				     r->param[0], r->param[1]);
}

/* Every record a return file names must be one the user may see. */
static int
file_rows_visible(struct req *r, const struct cycle_return *cr)
{
	for (int s = 0; s < RS__COUNT; s++) {
		enum kind k = return_section_kind((enum return_section)s);
		const struct entity *e = entity_of(k);

		if (e->fields[0].type != FT_TEXT)
			continue;	/* finance lines: keyed by the programme */
		for (size_t i = 0; i < cr->nrows[s]; i++) {
			const char *code = *field_str(cr->rows[s][i].rec, &e->fields[0]);

			if (code && dataset_find(r->ds, k, code) == NULL)
				return req_field_error(r, "file", "%s: there is no %s %s in %s.",
						       cr->rows[s][i].where, e->name, code,
						       cr->ret->programme);
		}
	}
	return 0;
}

/*
 * POST /returns/:code/:month/file: submit a return file (the page's
 * multipart form field "file", or the API's JSON body itself) through
 * cycle_returns_submit(): the return, milestone forecasts, risks, issues,
 * benefits and finance it reports, in one transaction; a correction when
 * the month is published. 400 with the place in the file for anything
 * wrong, or a file for another programme or month; 404 unknown programme
 * or period; 409 the month is not open for it.
 */
int
act_return_file(struct req *r, json_t **result)
{
	const struct dataset *ds = req_data(r);
	const struct period *p;
	const char *text = r->body.buf;
	size_t len = r->body.len;
	struct cycle_return cr;
	struct cycle_return *pv[1];
	struct cycle_submit res;
	struct cycle_ctx c;
	struct error err = ERROR_INIT;
	int32_t month;
	char *now = NULL;
	int ret = -1;

	if (ds == NULL)
		return -1;
	month_parse(r->param[1], &month);
	p = find_period(ds, month);
	if (dataset_find(ds, K_PROGRAMME, r->param[0]) == NULL || p == NULL)
		return req_fail(r, 404, "There is no return for %s in %s.", r->param[0], r->param[1]);
	if (!req_type_is(r, "application/json")) {
		text = req_str(r, "file");
		if (text == NULL)
			return req_field_error(r, "file", "Choose a return file to upload.");
		len = strlen(text);
	}
	cycle_return_init(&cr);
	memset(&res, 0, sizeof(res));
	if (cycle_return_read(&cr, text, len, "the file", &err) < 0) {
		req_field_error(r, "file", "%s%s%s", err.where, err.where[0] ? ": " : "", err.msg);
		goto out;
	}
	if (strcmp(cr.ret->programme, r->param[0]) != 0 || cr.ret->period != month ||
	    (cr.organisation && strcmp(cr.organisation, r->w->org) != 0)) {
		req_field_error(r, "file", "The file is a return for %s in another month or place; "
				"upload it on that return's page.", cr.ret->programme);
		goto out;
	}
	if (file_rows_visible(r, &cr) < 0)
		goto out;
	now = req_timestamp(r);
	c = (struct cycle_ctx){ req_store(r), r->w->org, r->who->username, now };
	pv[0] = &cr;
	if (cycle_returns_submit(&c, pv, 1, strcmp(p->state, "published") == 0 ? CYCLE_CORRECTION : 0,
				 &res, &err) < 0) {
		if (err.code == ERR_INPUT || err.code == ERR_NOTFOUND)
			req_field_error(r, "file", "%s%s%s", err.where, err.where[0] ? ": " : "", err.msg);
		else
			req_fail_err(r, &err);
		goto out;
	}
	r->location = xasprintf("/returns/%s/%s?done=submitted", r->param[0], r->param[1]);
	*result = json_object();
	jset_str(*result, "programme", r->param[0]);
	jset_month(*result, "period", month);
	json_object_set_new(*result, "version", json_integer(res.n ? res.v[0].version : 0));
	json_object_set_new(*result, "records_written",
			    json_integer((json_int_t)(res.n ? res.v[0].changes : 0)));
	jset_bool(*result, "period_submitted", res.period_submitted);
	ret = 0;
out:
	free(now);
	cycle_submit_release(&res);
	cycle_return_release(&cr);
	return ret;
}
