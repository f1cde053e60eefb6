/*
 * pages-schedule.c - time: the milestone look-forward by quarter, the
 * dependencies between programmes, and change requests (re-baselines)
 * with the portfolio office recording a board's decision on one.
 */
#include "web/web-int.h"
#include "web/pages.h"

#include <ctype.h>
#include <string.h>

#include "core/date.h"
#include "core/error.h"
#include "core/xmalloc.h"
#include "cycle/cycle.h"
#include "model/schema.h"
#include "sched/impact.h"
#include "store/store.h"

/* Quarters the look-forward shows unless asked. */
#define DEFAULT_QUARTERS 3

json_t *
view_milestones(struct req *r)
{
	const struct dataset *live = req_data(r), *ds;
	json_t *v, *lf;
	int32_t as_at;
	int quarters, all;

	/* the milestones as the month was published */
	if (live == NULL || (ds = req_data_as_at(r, &as_at)) == NULL)
		return NULL;
	quarters = (int)req_num(r, "quarters", DEFAULT_QUARTERS);
	all = (int)req_num(r, "all", 0);
	lf = lookforward(r, ds, as_at, quarters, all);
	if (lf == NULL)
		return NULL;
	v = json_object();
	jset_month(v, "as_at", as_at);
	json_object_set_new(v, "months", month_options(live, as_at));
	json_object_set_new(v, "quarter_count", json_integer(quarters));
	jset_bool(v, "all", all);
	json_object_set(v, "quarters", json_object_get(lf, "quarters"));
	json_object_set(v, "overdue", json_object_get(lf, "overdue"));
	json_decref(lf);
	return v;
}

json_t *
view_dependencies(struct req *r)
{
	const struct dataset *ds = req_data(r);
	json_t *v, *cross;
	size_t within = 0;

	if (ds == NULL)
		return NULL;
	v = json_object();
	cross = json_array();
	DS_FOREACH(ds, K_DEPENDENCY, struct dependency, d) {
		const struct activity *pa = dataset_find(ds, K_ACTIVITY, d->predecessor);
		const struct activity *sa = dataset_find(ds, K_ACTIVITY, d->successor);

		if (pa == NULL || sa == NULL)
			continue;
		if (strcmp(pa->programme, sa->programme) == 0)
			within++;
		else
			json_array_append_new(cross, dependency_json(ds, d));
	}
	json_object_set_new(v, "between", cross);
	json_object_set_new(v, "between_count", json_integer((json_int_t)json_array_size(cross)));
	json_object_set_new(v, "within_count", json_integer((json_int_t)within));
	return v;
}

/*
 * Knock-on impact (sched/impact.h): the form, and with a milestone (or an
 * activity) and a slip the analysis `folio schedule impact` makes, as the
 * same JSON. Only on the whole network: a reader who cannot see all of it
 * is told why (pages.h network_visible()).
 */
json_t *
view_impact(struct req *r)
{
	const struct dataset *live = req_data(r), *ds;
	const char *code = req_str(r, "milestone"), *slip_text = req_str(r, "slip");
	struct impact_options opt = IMPACT_OPTIONS_INIT;
	struct impact_result res;
	struct impact_slip slip;
	struct error err = ERROR_INIT;
	json_t *v, *choices;
	int32_t as_at;

	/* the network, forecasts and tolerances as the month was published */
	if (live == NULL || (ds = req_data_as_at(r, &as_at)) == NULL)
		return NULL;
	if (slip_text == NULL || *slip_text == '\0')
		slip_text = "30d";
	v = json_object();
	jset_str(v, "milestone", code);
	jset_str(v, "slip", slip_text);
	/* what can slip: milestones a schedule activity stands for, not done */
	choices = json_array();
	DS_FOREACH(ds, K_MILESTONE, struct milestone, m) {
		int has_act = 0;
		json_t *o;

		if (m->actual_date)
			continue;
		DS_FOREACH(ds, K_ACTIVITY, struct activity, a)
			if (a->milestone && strcmp(a->milestone, m->code) == 0 &&
			    !a->actual_finish)
				has_act = 1;
		if (!has_act)
			continue;
		o = json_object();
		jset_str(o, "code", m->code);
		jset_str(o, "name", m->name);
		jset_str(o, "programme", m->programme);
		jset_bool(o, "selected", code && strcmp(code, m->code) == 0);
		json_array_append_new(choices, o);
	}
	json_object_set_new(v, "choices", choices);
	if (code == NULL)
		return v;
	if (impact_slip_parse(slip_text, &slip, &err) < 0) {
		if (r->api) {
			json_decref(v);
			req_fail_err(r, &err);
			return NULL;
		}
		/* the form again, with the slip in error, to put it right */
		req_field_error(r, "slip", "%c%s.", toupper((unsigned char)err.msg[0]), err.msg + 1);
		return v;
	}
	if (!network_visible(ds, req_full_of(r, ds))) {
		jset_str(v, "why", "The schedule network includes work or risks above your "
			 "clearance, so the knock-on of a slip is not shown.");
		return v;
	}
	opt.month = req_num(r, "as_at", 0) || ds != live ? as_at : 0;
	if (sched_impact(ds, code, slip, &opt, &res, &err) < 0) {
		impact_result_release(&res);
		json_decref(v);
		req_fail_err(r, &err);
		return NULL;
	}
	json_object_set_new(v, "impact", impact_json(&res));
	impact_result_release(&res);
	return v;
}

json_t *
view_change_requests(struct req *r)
{
	const struct dataset *ds = req_data(r);
	json_t *v, *a;

	if (ds == NULL)
		return NULL;
	v = json_object();
	a = json_array();
	DS_FOREACH(ds, K_CHANGE_REQUEST, struct change_request, cr) {
		json_t *o = json_record(K_CHANGE_REQUEST, cr);

		jset_str(o, "programme_name", programme_name(ds, cr->programme));
		json_array_append_new(a, o);
	}
	json_object_set_new(v, "change_requests", a);
	return v;
}

json_t *
view_change_request(struct req *r)
{
	const struct dataset *ds = req_data(r);
	const struct change_request *cr;
	json_t *v, *a;

	if (ds == NULL)
		return NULL;
	cr = dataset_find(ds, K_CHANGE_REQUEST, r->param[0]);
	if (cr == NULL) {
		req_fail(r, 404, "There is no change request %s.", r->param[0]);
		return NULL;
	}
	v = json_object();
	jset_str(v, "title", cr->title);
	json_object_set_new(v, "change_request", json_record(K_CHANGE_REQUEST, cr));
	jset_str(v, "programme_name", programme_name(ds, cr->programme));
	jset_bool(v, "pending", cr->status && strcmp(cr->status, "pending") == 0);
	a = json_array();
	DS_FOREACH(ds, K_BASELINE, struct baseline, b) {
		json_t *o, *ms;

		if (b->change_request == NULL || strcmp(b->change_request, cr->code) != 0)
			continue;
		o = json_record(K_BASELINE, b);
		ms = json_array();
		DS_FOREACH(ds, K_BASELINE_MILESTONE, struct baseline_milestone, bm) {
			const struct milestone *m;
			json_t *mo;

			if (strcmp(bm->baseline, b->code) != 0)
				continue;
			m = dataset_find(ds, K_MILESTONE, bm->milestone);
			mo = json_record(K_BASELINE_MILESTONE, bm);
			jset_str(mo, "name", m ? m->name : NULL);
			jset_date(mo, "current_baseline", m ? m->baseline_date : 0);
			json_array_append_new(ms, mo);
		}
		json_object_set_new(o, "milestones", ms);
		json_array_append_new(a, o);
	}
	json_object_set_new(v, "baselines", a);
	jset_str(v, "decided_value", req_str(r, "decided"));
	/* the choice made, when the form comes back refused */
	jset_bool(v, "approved_chosen", req_str(r, "decision") &&
		  strcmp(req_str(r, "decision"), "approved") == 0);
	jset_bool(v, "rejected_chosen", req_str(r, "decision") &&
		  strcmp(req_str(r, "decision"), "rejected") == 0);
	return v;
}

/*
 * POST /change-requests/:code/decision: record the board's decision.
 * Approval is the cycle module's (cycle_change_approve): the request
 * becomes approved and the programme gets a new baseline version made by
 * it, from the dates in force now; a rejection only closes the request.
 * 404 unknown; 409 already decided; 400 a date before it was raised.
 */
int
act_cr_decide(struct req *r, json_t **result)
{
	const struct dataset *ds = req_data(r);
	const struct change_request *cr;
	struct change_request upd;
	struct cycle_baseline nb;
	struct cycle_ctx c;
	struct error err = ERROR_INIT;
	const char *decision = req_str(r, "decision");
	int32_t decided = (int32_t)req_num(r, "decided", 0);
	char *now;
	int approved, ret;

	if (ds == NULL)
		return -1;
	cr = dataset_find(ds, K_CHANGE_REQUEST, r->param[0]);
	if (cr == NULL)
		return req_fail(r, 404, "There is no change request %s.", r->param[0]);
	if (cr->status == NULL || strcmp(cr->status, "pending") != 0)
		return req_fail(r, 409, "Change request %s has already been decided (%s).",
				cr->code, cr->status ? cr->status : "no status");
	if (decided == 0)
		decided = req_today(r);
	if (cr->raised && decided < cr->raised)
		return req_field_error(r, "decided",
				       "The date of the decision must be on or after the day it was raised.");
	approved = strcmp(decision, "approved") == 0;
	memset(&nb, 0, sizeof(nb));
	if (approved) {
		now = req_timestamp(r);
		c = (struct cycle_ctx){ req_store(r), r->w->org, r->who->username, now };
		ret = cycle_change_approve(&c, cr->code, cr->board ? cr->board : "the board",
					   decided, &nb, &err);
		free(now);
	} else {
		upd = *cr;
		upd.status = (char *)decision;
		upd.decided = decided;
		ret = store_put(req_store(r), r->w->org, K_CHANGE_REQUEST, &upd, &err);
	}
	if (ret < 0)
		return req_fail_err(r, &err);
	r->location = xasprintf("/change-requests/%s?done=decided", cr->code);
	*result = json_object();
	jset_str(*result, "change_request", cr->code);
	jset_str(*result, "status", decision);
	jset_date(*result, "decided", decided);
	if (approved) {
		jset_str(*result, "baseline", nb.code);
		json_object_set_new(*result, "baseline_version", json_integer(nb.version));
		json_object_set_new(*result, "milestones_moved", json_integer((json_int_t)nb.moved));
	}
	return 0;
}
