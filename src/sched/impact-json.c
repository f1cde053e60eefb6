/*
 * impact-json.c - a knock-on impact result as JSON (impact.h
 * impact_json()): what `folio schedule impact --format json` prints and
 * the web's /impact answers, so the two say the same.
 */
#include "sched/impact.h"

#include <jansson.h>
#include <math.h>

#include "core/date.h"
#include "sched/calendar.h"
#include "sched/network.h"

static json_t *
jdate(int32_t d)
{
	char buf[16];

	return d ? json_string(date_format(d, buf)) : json_null();
}

static json_t *
jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *
jreal(double v)
{
	return isnan(v) ? json_null() : json_real(round(v * 10000.0) / 10000.0);
}

static json_t *
jinstant(int64_t t)
{
	char buf[SCHED_INSTANT_LEN];

	return t == SCHED_NONE ? json_null() : json_string(sched_instant_format(t, buf));
}

json_t *
impact_json(const struct impact_result *r)
{
	json_t *root = json_object(), *a;
	char buf[40];

	json_object_set_new(root, "as_at", json_string(month_format(r->month, buf)));
	json_object_set_new(root, "headline", json_string(r->headline));
	a = json_array();
	for (size_t k = 0; k < r->norigins; k++) {
		const struct impact_origin *o = &r->origins[k];
		json_t *x = json_object();

		json_object_set_new(x, "milestone", jstr(o->milestone));
		json_object_set_new(x, "activity", jstr(o->activity));
		json_object_set_new(x, "programme", jstr(o->programme));
		json_object_set_new(x, "name", jstr(o->name));
		json_object_set_new(x, "slip", json_string(impact_slip_text(&o->slip, buf, sizeof(buf))));
		json_object_set_new(x, "finish_before", jinstant(o->finish_before));
		json_object_set_new(x, "finish_after", jinstant(o->finish_after));
		json_object_set_new(x, "days", json_integer(o->days));
		json_object_set_new(x, "working_days", jreal(o->working_days));
		json_array_append_new(a, x);
	}
	json_object_set_new(root, "origins", a);
	json_object_set_new(root, "other_milestones", json_integer((json_int_t)r->other_milestones));
	json_object_set_new(root, "other_programmes", json_integer((json_int_t)r->other_programmes));
	json_object_set_new(root, "own_milestones", json_integer((json_int_t)r->own_milestones));
	json_object_set_new(root, "breaches", json_integer((json_int_t)r->breaches));
	json_object_set_new(root, "new_breaches", json_integer((json_int_t)r->new_breaches));
	json_object_set_new(root, "finish_before", jinstant(r->finish_before));
	json_object_set_new(root, "finish_after", jinstant(r->finish_after));
	a = json_array();
	for (size_t g = 0; g < r->nprogs; g++) {
		const struct impact_programme *p = &r->progs[g];
		json_t *x = json_object(), *ms = json_array();

		json_object_set_new(x, "programme", jstr(p->code));
		json_object_set_new(x, "name", jstr(p->name));
		json_object_set_new(x, "origin", json_boolean(p->origin));
		json_object_set_new(x, "breaches", json_integer((json_int_t)p->breaches));
		json_object_set_new(x, "forecast_breaches", json_integer((json_int_t)p->forecast_breaches));
		for (size_t k = p->first; k < p->first + p->n; k++) {
			const struct impact_milestone *m = &r->ms[k];
			json_t *y = json_object();

			json_object_set_new(y, "milestone", jstr(m->code));
			json_object_set_new(y, "name", jstr(m->name));
			json_object_set_new(y, "activity", jstr(m->activity));
			json_object_set_new(y, "key", json_boolean(m->key));
			json_object_set_new(y, "slipped", json_boolean(m->origin));
			json_object_set_new(y, "schedule_before", jdate(m->sched_before));
			json_object_set_new(y, "schedule_after", jdate(m->sched_after));
			json_object_set_new(y, "days", json_integer(m->days));
			json_object_set_new(y, "working_days", jreal(m->working_days));
			json_object_set_new(y, "baseline", jdate(m->measurable ? m->baseline : 0));
			json_object_set_new(y, "baseline_record", jstr(m->baseline_code));
			json_object_set_new(y, "achieved", jdate(m->achieved));
			json_object_set_new(y, "forecast_before", jdate(m->forecast_before));
			json_object_set_new(y, "forecast_after", jdate(m->forecast_after));
			json_object_set_new(y, "stale", json_boolean(m->stale));
			if (m->measurable && !m->achieved) {
				json_object_set_new(y, "slip_before", json_integer(m->slip_before));
				json_object_set_new(y, "slip_after", json_integer(m->slip_after));
			}
			json_object_set_new(y, "threshold", jreal(m->threshold));
			json_object_set_new(y, "forecast_threshold", jreal(m->forecast_threshold));
			json_object_set_new(y, "tolerance_before", json_string(impact_tol_name(m->tol_before)));
			json_object_set_new(y, "tolerance_after", json_string(impact_tol_name(m->tol_after)));
			json_object_set_new(y, "sentence", jstr(m->sentence));
			json_array_append_new(ms, y);
		}
		json_object_set_new(x, "milestones", ms);
		json_array_append_new(a, x);
	}
	json_object_set_new(root, "programmes", a);
	a = json_array();
	for (size_t k = 0; k < r->nacts; k++) {
		const struct impact_activity *v = &r->acts[k];
		json_t *x = json_object();

		json_object_set_new(x, "activity", jstr(v->id));
		json_object_set_new(x, "name", jstr(v->name));
		json_object_set_new(x, "programme", jstr(v->programme));
		json_object_set_new(x, "milestone", jstr(v->milestone));
		json_object_set_new(x, "slipped", json_boolean(v->origin));
		json_object_set_new(x, "finish_before", jinstant(v->finish_before));
		json_object_set_new(x, "finish_after", jinstant(v->finish_after));
		json_object_set_new(x, "days", json_integer(v->days));
		json_object_set_new(x, "working_days", jreal(v->working_days));
		json_object_set_new(x, "reached_days", jreal(v->pushed_days));
		json_object_set_new(x, "absorbed_days", jreal(v->absorbed_days));
		json_object_set_new(x, "float_before", jreal(v->float_before));
		json_object_set_new(x, "float_after", jreal(v->float_after));
		json_array_append_new(a, x);
	}
	json_object_set_new(root, "activities", a);
	a = json_array();
	for (size_t k = 0; k < r->nbenefits; k++) {
		const struct impact_benefit *b = &r->benefits[k];
		json_t *x = json_object();

		json_object_set_new(x, "benefit", jstr(b->code));
		json_object_set_new(x, "title", jstr(b->title));
		json_object_set_new(x, "programme", jstr(b->programme));
		json_object_set_new(x, "milestones", jstr(b->milestones));
		json_object_set_new(x, "days", json_integer(b->days));
		json_object_set_new(x, "profile_points", json_integer((json_int_t)b->npoints));
		json_object_set_new(x, "points_before_new_date", json_integer((json_int_t)b->nwindow));
		json_object_set_new(x, "target_date", jdate(b->target_date));
		json_object_set_new(x, "sentence", jstr(b->sentence));
		json_array_append_new(a, x);
	}
	json_object_set_new(root, "benefits", a);
	a = json_array();
	for (size_t k = 0; k < r->nrisks; k++) {
		const struct impact_risk *v = &r->risks[k];
		json_t *x = json_object(), *why = json_array();

		json_object_set_new(x, "risk", jstr(v->code));
		json_object_set_new(x, "title", jstr(v->title));
		json_object_set_new(x, "level", jstr(v->level));
		json_object_set_new(x, "programme", jstr(v->programme));
		json_object_set_new(x, "score", json_integer(v->score));
		if (v->why & IMPACT_RISK_OWN)
			json_array_append_new(why, json_string("programme_moves"));
		if (v->why & IMPACT_RISK_FED)
			json_array_append_new(why, json_string("fed_by_listed_risk"));
		if (v->why & IMPACT_RISK_INTERDEP)
			json_array_append_new(why, json_string("interdependency"));
		json_object_set_new(x, "why", why);
		json_object_set_new(x, "via", jstr(v->via));
		json_object_set_new(x, "sentence", jstr(v->sentence));
		json_array_append_new(a, x);
	}
	json_object_set_new(root, "risks", a);
	a = json_array();
	for (size_t k = 0; k < r->nsentences; k++)
		json_array_append_new(a, json_string(r->sentences[k]));
	json_object_set_new(root, "sentences", a);
	return root;
}

