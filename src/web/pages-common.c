/*
 * pages-common.c - pieces several views build the same way: the as-at
 * month, ratings, month choices, a risk, a benefit or a milestone's slip
 * as JSON. One definition each, so a risk reads the same on the
 * dashboard, the register and a programme's page.
 */
#include "web/web-int.h"
#include "web/pages.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "assess/risk.h"
#include "assess/rollup.h"
#include "assess/slip.h"
#include "core/date.h"
#include "core/xmalloc.h"
#include "model/schema.h"
#include "web/html.h"

int32_t
req_today(const struct req *r)
{
	const char *fixed = getenv("FOLIO_NOW");
	time_t t = (time_t)r->now;
	struct tm tm;
	int32_t d;
	char buf[16];

	if (fixed && strlen(fixed) >= 10) {
		memcpy(buf, fixed, 10);
		buf[10] = '\0';
		if (date_parse(buf, &d) == 0)
			return d;
	}
	gmtime_r(&t, &tm);
	return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

int32_t
view_as_at(struct req *r, const struct dataset *ds)
{
	int32_t published = 0, any = 0;
	int64_t asked = req_num(r, "as_at", 0);

	DS_FOREACH(ds, K_PERIOD, struct period, p) {
		if (p->month > any)
			any = p->month;
		if (p->state && strcmp(p->state, "published") == 0 && p->month > published)
			published = p->month;
	}
	/* Never later than the last period the user may see: a board member
	   asking for a month not yet published would otherwise read last
	   month's figures headed with the month asked for. */
	if (asked)
		return any && asked > any ? any : (int32_t)asked;
	if (published)
		return published;
	if (any)
		return any;
	return month_of_date(req_today(r));
}

const struct dataset *
req_data_as_at(struct req *r, int32_t *as_at)
{
	const struct dataset *ds = req_data(r), *view = NULL, *full = NULL;
	struct error err = ERROR_INIT;
	int published = 0;

	if (ds == NULL)
		return NULL;
	*as_at = view_as_at(r, ds);
	DS_FOREACH(ds, K_PERIOD, struct period, p)
		if (p->month == *as_at && p->state && strcmp(p->state, "published") == 0)
			published = 1;
	if (!published)
		return ds;
	if (cache_snapshot_view(r->w, r->st, r->ce, *as_at,
				r->who ? r->who->clearance : 0,
				authz_view_flags(r->who), &view, &full, &err) < 0) {
		req_fail(r, 500, "The published copy of that month cannot be read: %s",
			 err.msg);
		return NULL;
	}
	if (view == NULL)
		return ds;	/* published before folio kept snapshots */
	r->snap_view = view;
	r->snap_full = full;
	return view;
}

const struct dataset *
req_full_of(struct req *r, const struct dataset *ds)
{
	return ds && ds == r->snap_view ? r->snap_full : cache_full(r->ce);
}

const char *
programme_name(const struct dataset *ds, const char *code)
{
	const struct programme *p = code ? dataset_find(ds, K_PROGRAMME, code) : NULL;

	return p ? p->name : NULL;
}

json_t *
rating_json(enum rating rt)
{
	json_t *o = json_object();
	const char *name = rt == RATING_NONE ? "Not rated" : rating_name(rt);

	jset_str(o, "rating", name);
	jset_str(o, "class", html_rag_class(rt == RATING_NONE ? NULL : name));
	return o;
}

json_t *
view_rating(const struct dataset *ds, const char *programme, int32_t month)
{
	struct rating_at ra;
	struct error err = ERROR_INIT;
	json_t *o;

	if (rating_programme_at(ds, programme, month_last_day(month), &ra, &err) < 0)
		ra.rating = RATING_NONE;
	o = rating_json(ra.rating);
	jset_date(o, "assessed_on", ra.rating != RATING_NONE ? ra.date : 0);
	if (ra.rating != RATING_NONE)
		jset_str(o, "source", ra.source == K_DCA ?
			 (ra.assessor ? ra.assessor : "assessment") : "return");
	return o;
}

json_t *
month_options(const struct dataset *ds, int32_t selected)
{
	json_t *a = json_array();
	char buf[32];

	for (size_t i = dataset_count(ds, K_PERIOD); i-- > 0;) {
		const struct period *p = dataset_row(ds, K_PERIOD, i);
		json_t *o = json_object();

		jset_str(o, "value", month_format(p->month, buf));
		jset_str(o, "label", month_format_long(p->month, buf));
		jset_bool(o, "selected", p->month == selected);
		json_array_append_new(a, o);
	}
	return a;
}

json_t *
enum_options(const char *const *values, const char *selected)
{
	json_t *a = json_array();

	for (int i = 0; values[i]; i++) {
		json_t *o = json_object();

		jset_str(o, "value", values[i]);
		jset_bool(o, "selected", selected && strcmp(values[i], selected) == 0);
		json_array_append_new(a, o);
	}
	return a;
}

static const struct risk_config risk_cfg = RISK_CONFIG_INIT;

const struct risk_config *
web_risk_config(void)
{
	return &risk_cfg;
}

static const char *
band_class(enum risk_band b)
{
	switch (b) {
	case BAND_LOW: return "band-low";
	case BAND_MEDIUM: return "band-medium";
	case BAND_HIGH: return "band-high";
	default: return "band-none";
	}
}

json_t *
risk_json(const struct dataset *ds, const struct risk *rk, int32_t as_at)
{
	json_t *o = json_record(K_RISK, rk);
	int cur = risk_score_of(rk, RISK_CURRENT);
	enum risk_band band = risk_band_of(&risk_cfg, cur);

	jset_str(o, "programme_name", programme_name(ds, rk->programme));
	json_object_set_new(o, "score", json_integer(cur));
	jset_str(o, "band", risk_band_name(band));
	jset_str(o, "band_class", band_class(band));
	json_object_set_new(o, "inherent_score", json_integer(risk_score_of(rk, RISK_INHERENT)));
	json_object_set_new(o, "target_score", json_integer(risk_score_of(rk, RISK_TARGET)));
	if (as_at)
		jset_bool(o, "near", risk_is_near(&risk_cfg, rk, month_last_day(as_at)));
	return o;
}

json_t *
band_json(int score)
{
	enum risk_band band = risk_band_of(&risk_cfg, score);
	json_t *o = json_object();

	jset_str(o, "band", risk_band_name(band));
	jset_str(o, "band_class", band_class(band));
	return o;
}

json_t *
benefit_json(const struct dataset *ds, const struct benefit *b, int32_t as_at)
{
	json_t *o = json_record(K_BENEFIT, b);
	double planned = 0, actual = 0;
	int any = 0;

	/* Summed over the months up to as_at that have an actual, as the
	   benefits tolerance measures it (assess/tolerance.h). */
	DS_FOREACH(ds, K_BENEFIT_VALUE, struct benefit_value, v) {
		if (strcmp(v->benefit, b->code) != 0 || v->period > as_at || isnan(v->actual))
			continue;
		any = 1;
		actual += v->actual;
		if (!isnan(v->planned))
			planned += v->planned;
	}
	jset_str(o, "programme_name", programme_name(ds, b->programme));
	if (any) {
		jset_real(o, "planned_to_date", planned);
		jset_real(o, "actual_to_date", actual);
		if (planned > 0)
			json_object_set_new(o, "percent_of_plan",
					    json_integer((json_int_t)llround(100 * actual / planned)));
	}
	return o;
}

const char *
slip_status(const struct slip_item *it)
{
	if (it->actual)
		return it->measurable && it->slip_days > 0 ? "Achieved late" : "Achieved";
	if (it->stale)
		return "Overdue";
	if (it->measurable && it->slip_days > 0)
		return "Late";
	if (it->forecast == 0 && !it->measurable)
		return "No forecast";
	return "On track";
}

static const char *
slip_class(const struct slip_item *it)
{
	if (it->actual)
		return "status-done";
	if (it->stale || (it->measurable && it->slip_days > 0))
		return "status-late";
	return "status-ok";
}

json_t *
slip_json(const struct dataset *ds, const struct slip_item *it)
{
	json_t *o = json_object();

	jset_str(o, "code", it->code);
	jset_str(o, "name", it->name);
	jset_str(o, "programme", it->programme);
	jset_str(o, "programme_name", programme_name(ds, it->programme));
	jset_bool(o, "key", it->key);
	jset_date(o, "baseline", it->base.date);
	if (it->base.changed)
		jset_date(o, "original_baseline", it->base.original);
	jset_bool(o, "rebaselined", it->base.rebaselined);
	jset_str(o, "change_request", it->base.change_request);
	jset_date(o, "forecast", it->forecast);
	jset_date(o, "actual", it->actual);
	if (it->measurable)
		json_object_set_new(o, "slip_days", json_integer(it->slip_days));
	jset_str(o, "status", slip_status(it));
	jset_str(o, "status_class", slip_class(it));
	return o;
}

/* The date a slip item is expected or happened on. */
int32_t
slip_when(const struct slip_item *it)
{
	return it->actual ? it->actual : it->forecast ? it->forecast : it->base.date;
}

/* Risk events a schedule takes from ds: open risks on an activity. */
static size_t
schedule_risks(const struct dataset *ds)
{
	size_t n = 0;

	DS_FOREACH(ds, K_RISK, struct risk, k)
		if (k->activity && !isnan(k->schedule_impact_days))
			n++;
	return n;
}

int
network_visible(const struct dataset *ds, const struct dataset *full)
{
	return dataset_count(ds, K_ACTIVITY) == dataset_count(full, K_ACTIVITY) &&
	       schedule_risks(ds) == schedule_risks(full);
}
