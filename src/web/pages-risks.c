/*
 * pages-risks.c - the risk register with its filters and 5x5 heat map,
 * one risk's page, and the portfolio office accepting a programme risk
 * proposed for escalation onto the portfolio register.
 */
#include "web/web-int.h"
#include "web/pages.h"

#include <stdlib.h>
#include <string.h>

#include "assess/risk.h"
#include "chart/chart.h"
#include "core/arena.h"
#include "core/date.h"
#include "core/xmalloc.h"
#include "cycle/cycle.h"
#include "model/schema.h"
#include "store/store.h"

static const char *const likelihood_names[5] = {
	"Rare", "Unlikely", "Possible", "Likely", "Almost certain"
};
static const char *const impact_names[5] = {
	"Negligible", "Minor", "Moderate", "Major", "Severe"
};
static const char *const level_values[] = { "project", "programme", "portfolio", NULL };
static const char *const band_values[] = { "low", "medium", "high", NULL };
static const char *const status_values[] = { "open", "closed", "all", NULL };

/* Whether rk passes the register's filters (inputs of the request). */
static int
risk_wanted(const struct req *r, const struct risk *rk)
{
	const char *level = req_str(r, "level");
	const char *programme = req_str(r, "programme");
	const char *band = req_str(r, "band");
	const char *status = req_str(r, "status");

	if (status == NULL)
		status = "open";
	if (level && (rk->level == NULL || strcmp(rk->level, level) != 0))
		return 0;
	if (programme && (rk->programme == NULL || strcmp(rk->programme, programme) != 0))
		return 0;
	if (strcmp(status, "all") != 0 && (rk->status == NULL || strcmp(rk->status, status) != 0))
		return 0;
	if (band && strcmp(risk_band_name(risk_band_of(web_risk_config(),
						       risk_score_of(rk, RISK_CURRENT))), band) != 0)
		return 0;
	return 1;
}

static json_t *
heatmap_json(const size_t cell[5][5], size_t unscored)
{
	json_t *o = json_object(), *rows = json_array(), *impacts = json_array();

	for (int i = 0; i < 5; i++) {
		json_t *h = json_object();

		json_object_set_new(h, "impact", json_integer(i + 1));
		jset_str(h, "label", impact_names[i]);
		json_array_append_new(impacts, h);
	}
	for (int l = 5; l >= 1; l--) {
		json_t *row = json_object(), *cells = json_array();

		json_object_set_new(row, "likelihood", json_integer(l));
		jset_str(row, "label", likelihood_names[l - 1]);
		for (int i = 1; i <= 5; i++) {
			json_t *c = band_json(l * i);

			json_object_set_new(c, "impact", json_integer(i));
			json_object_set_new(c, "score", json_integer(l * i));
			json_object_set_new(c, "count", json_integer((json_int_t)cell[l - 1][i - 1]));
			json_array_append_new(cells, c);
		}
		json_object_set_new(row, "cells", cells);
		json_array_append_new(rows, row);
	}
	json_object_set_new(o, "impacts", impacts);
	json_object_set_new(o, "rows", rows);
	json_object_set_new(o, "unscored", json_integer((json_int_t)unscored));
	return o;
}

static json_t *
proposals_json(struct req *r, const struct dataset *ds, int32_t as_at,
	       const char *only)
{
	struct risk_proposals props;
	struct error err = ERROR_INIT;
	json_t *a = json_array();

	if (risk_escalations(ds, web_risk_config(), month_last_day(as_at), &props, &err) < 0) {
		risk_proposals_release(&props);
		json_decref(a);
		req_fail_err(r, &err);
		return NULL;
	}
	for (size_t i = 0; i < props.n; i++) {
		const struct risk_proposal *p = &props.v[i];
		json_t *o;

		if (only && strcmp(p->risk->code, only) != 0)
			continue;
		o = risk_json(ds, p->risk, as_at);
		jset_str(o, "why", p->why);
		jset_str(o, "shared_with", p->shared_with);
		json_array_append_new(a, o);
	}
	risk_proposals_release(&props);
	return a;
}

json_t *
view_risks(struct req *r)
{
	const struct dataset *ds;
	size_t cell[5][5], unscored = 0;
	json_t *v, *rows, *props, *progs, *f;
	int32_t as_at;
	char buf[32];

	/* the register as the month was published */
	if ((ds = req_data_as_at(r, &as_at)) == NULL)
		return NULL;
	memset(cell, 0, sizeof(cell));
	v = json_object();
	jset_month(v, "as_at", as_at);
	rows = json_array();
	DS_FOREACH(ds, K_RISK, struct risk, rk) {
		if (!risk_wanted(r, rk))
			continue;
		json_array_append_new(rows, risk_json(ds, rk, as_at));
		if (rk->status && strcmp(rk->status, "open") == 0) {
			if (risk_score(rk->current_likelihood, rk->current_impact))
				cell[rk->current_likelihood - 1][rk->current_impact - 1]++;
			else
				unscored++;
		}
	}
	json_object_set_new(v, "risks", rows);
	json_object_set_new(v, "count", json_integer((json_int_t)json_array_size(rows)));
	json_object_set_new(v, "heatmap", heatmap_json((const size_t (*)[5])cell, unscored));
	if ((props = proposals_json(r, ds, as_at, NULL)) == NULL) {
		json_decref(v);
		return NULL;
	}
	json_object_set_new(v, "proposals", props);

	/* the filters as the form shows them */
	f = json_object();
	json_object_set_new(f, "levels", enum_options(level_values, req_str(r, "level")));
	json_object_set_new(f, "bands", enum_options(band_values, req_str(r, "band")));
	json_object_set_new(f, "statuses", enum_options(status_values,
				req_str(r, "status") ? req_str(r, "status") : "open"));
	progs = json_array();
	DS_FOREACH(ds, K_PROGRAMME, struct programme, p) {
		json_t *o = json_object();
		const char *sel = req_str(r, "programme");

		jset_str(o, "value", p->code);
		jset_str(o, "label", p->name);
		jset_bool(o, "selected", sel && strcmp(sel, p->code) == 0);
		json_array_append_new(progs, o);
	}
	json_object_set_new(f, "programmes", progs);
	json_object_set_new(v, "filters", f);
	{
		/* the chart of the same selection */
		struct strbuf q = STRBUF_INIT;
		const char *names[] = { "level", "programme", "as_at" };

		strbuf_addstr(&q, "/charts/heatmap.svg");
		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (req_str(r, names[i]))
				strbuf_addf(&q, "%c%s=%s", q.len > 19 ? '&' : '?', names[i],
					    req_str(r, names[i]));
		jset_str(v, "chart", q.buf);
		strbuf_release(&q);
	}
	(void)buf;
	return v;
}

json_t *
view_risk(struct req *r)
{
	const struct dataset *live = req_data(r), *ds;
	const struct risk *rk;
	json_t *v, *a, *props;
	int32_t as_at;

	/* the risk as the month was published */
	if (live == NULL || (ds = req_data_as_at(r, &as_at)) == NULL)
		return NULL;
	/* one raised since the month was published is shown as it is now */
	if ((rk = dataset_find(ds, K_RISK, r->param[0])) == NULL) {
		ds = live;
		rk = dataset_find(ds, K_RISK, r->param[0]);
	}
	if (rk == NULL) {
		req_fail(r, 404, "There is no risk %s.", r->param[0]);
		return NULL;
	}
	v = json_object();
	jset_str(v, "title", rk->title);
	json_object_set_new(v, "risk", risk_json(ds, rk, as_at));
	a = json_array();
	DS_FOREACH(ds, K_RISK_ACTION, struct risk_action, ra)
		if (strcmp(ra->risk, rk->code) == 0) {
			json_t *o = json_record(K_RISK_ACTION, ra);

			jset_bool(o, "overdue", risk_action_overdue(ra, month_last_day(as_at)));
			json_array_append_new(a, o);
		}
	json_object_set_new(v, "actions", a);
	{
		json_t *feeders = json_array(), *feeds = json_array();

		DS_FOREACH(ds, K_RISK_LINK, struct risk_link, l) {
			const struct risk *other = NULL;

			if (strcmp(l->portfolio_risk, rk->code) == 0 &&
			    (other = dataset_find(ds, K_RISK, l->risk)))
				json_array_append_new(feeders, risk_json(ds, other, as_at));
			else if (strcmp(l->risk, rk->code) == 0 &&
				 (other = dataset_find(ds, K_RISK, l->portfolio_risk)))
				json_array_append_new(feeds, risk_json(ds, other, as_at));
		}
		json_object_set_new(v, "feeders", feeders);
		json_object_set_new(v, "feeds", feeds);
	}
	if ((props = proposals_json(r, ds, as_at, rk->code)) == NULL) {
		json_decref(v);
		return NULL;
	}
	json_object_set_new(v, "proposal", json_array_size(props) ? json_incref(json_array_get(props, 0))
								  : json_null());
	json_decref(props);
	/* the form to accept it acts on the register as it is now */
	a = json_array();
	DS_FOREACH(live, K_RISK, struct risk, pr)
		if (risk_in_register(pr, REG_PORTFOLIO, NULL) && pr->status &&
		    strcmp(pr->status, "open") == 0) {
			json_t *o = json_object();
			const char *sel = req_str(r, "portfolio_risk");

			jset_str(o, "value", pr->code);
			jset_str(o, "label", pr->title);
			jset_bool(o, "selected", sel && strcmp(sel, pr->code) == 0);
			json_array_append_new(a, o);
		}
	json_object_set_new(v, "portfolio_risks", a);
	json_object_set_new(v, "new_code", json_sprintf("PR-%s", rk->code));
	jset_str(v, "owner_value", req_str(r, "owner"));
	return v;
}

/*
 * POST /risks/:code/accept: put the programme risk on the portfolio
 * register, linked to an existing portfolio risk (portfolio_risk) or to a
 * new one copied from it (code, owner). 404 unknown risk; 409 not a
 * programme risk, not open, or already on the register; 400 field errors.
 */
int
act_risk_accept(struct req *r, json_t **result)
{
	const struct dataset *ds = req_data(r);
	const struct dataset *full;
	const struct risk *rk;
	const char *existing = req_str(r, "portfolio_risk");
	const char *code = req_str(r, "code");
	struct risk pr;
	struct risk_link link;
	struct error err = ERROR_INIT;
	struct store *st;
	int ret = -1;

	if (ds == NULL)
		return -1;
	full = cache_full(r->ce);
	rk = dataset_find(ds, K_RISK, r->param[0]);
	if (rk == NULL)
		return req_fail(r, 404, "There is no risk %s.", r->param[0]);
	if (rk->level == NULL || strcmp(rk->level, "portfolio") == 0)
		return req_fail(r, 409, "%s is already a portfolio risk.", rk->code);
	if (rk->status == NULL || strcmp(rk->status, "open") != 0)
		return req_fail(r, 409, "%s is not open.", rk->code);
	/* the links the user cannot see count too, but are not named: the
	   portfolio risk may be above their clearance */
	DS_FOREACH(full, K_RISK_LINK, struct risk_link, l)
		if (strcmp(l->risk, rk->code) == 0)
			return dataset_find(ds, K_RISK, l->portfolio_risk) ?
			       req_fail(r, 409, "%s already feeds portfolio risk %s.",
					rk->code, l->portfolio_risk) :
			       req_fail(r, 409, "%s already feeds a portfolio risk.", rk->code);
	if ((existing == NULL) == (code == NULL))
		return req_field_error(r, "portfolio_risk",
				       "Choose an existing portfolio risk, or give a code for a new one (not both).");
	if (existing) {
		const struct risk *er = dataset_find(ds, K_RISK, existing);

		if (er == NULL || !risk_in_register(er, REG_PORTFOLIO, NULL))
			return req_field_error(r, "portfolio_risk",
					       "%s is not a portfolio risk.", existing);
	} else if (dataset_find(full, K_RISK, code)) {
		return req_field_error(r, "code", "There is already a risk %s.", code);
	}

	record_clear(&link, entity_of(K_RISK_LINK));
	link.risk = rk->code;
	st = req_store(r);
	if (existing) {
		/* a link to a risk already on the register: the cycle's step */
		char *now = req_timestamp(r);
		struct cycle_ctx c = { st, r->w->org, r->who->username, now };

		ret = cycle_risk_accept(&c, rk->code, existing, &err);
		free(now);
		if (ret < 0)
			return req_fail_err(r, &err);
		link.portfolio_risk = (char *)existing;
		goto done;
	}
	/* a new portfolio risk copied from it, and the link, together */
	if (store_begin(st, &err) < 0)
		return req_fail_err(r, &err);
	{
		pr = *rk;
		pr.code = (char *)code;
		pr.level = "portfolio";
		pr.programme = NULL;
		pr.project = NULL;
		pr.status = "open";
		pr.raised = req_today(r);
		if (req_str(r, "owner"))
			pr.owner = (char *)req_str(r, "owner");
		pr.assumption = NULL;
		if (store_put(st, r->w->org, K_RISK, &pr, &err) < 0)
			goto fail;
	}
	link.portfolio_risk = (char *)code;
	if (store_put(st, r->w->org, K_RISK_LINK, &link, &err) < 0 ||
	    store_commit(st, &err) < 0)
		goto fail;
done:
	r->location = xasprintf("/risks/%s?done=accepted", link.portfolio_risk);
	*result = json_object();
	jset_str(*result, "portfolio_risk", link.portfolio_risk);
	jset_str(*result, "risk", rk->code);
	jset_bool(*result, "created", code != NULL);
	ret = 0;
	return ret;
fail:
	store_rollback(st);
	return req_fail_err(r, &err);
}

/* GET /charts/heatmap.svg: the open risks of a selection as an SVG image. */
void
raw_chart_heatmap(struct req *r, struct resp *out)
{
	const struct dataset *ds = req_data(r);
	const char *measure = req_str(r, "measure");
	enum risk_measure which = RISK_CURRENT;
	struct chart c;
	struct error err = ERROR_INIT;
	int32_t as_at;
	char subtitle[64], month[32];

	char *key = NULL;

	if (ds == NULL) {
		out->status = r->status;
		strbuf_addstr(&out->body, r->message);
		return;
	}
	if (raw_from_memo(r, out, &key)) {
		free(key);
		return;
	}
	if (measure && strcmp(measure, "inherent") == 0)
		which = RISK_INHERENT;
	else if (measure && strcmp(measure, "target") == 0)
		which = RISK_TARGET;
	/* the risks as the month in the subtitle was published */
	if ((ds = req_data_as_at(r, &as_at)) == NULL) {
		free(key);
		out->status = r->status;
		strbuf_addstr(&out->body, r->message);
		return;
	}
	memset(&c, 0, sizeof(c));
	c.type = CHART_HEATMAP;
	/* its ids, unique on the risk register it is inlined in */
	c.id = "chart-heatmap";
	c.title = "Open risks by likelihood and impact";
	snprintf(subtitle, sizeof(subtitle), "%s assessment, as at %s",
		 which == RISK_INHERENT ? "Inherent" : which == RISK_TARGET ? "Target" : "Current",
		 month_format_long(as_at, month));
	c.subtitle = subtitle;
	c.x_label = "Impact";
	c.y_label = "Likelihood";
	DS_FOREACH(ds, K_RISK, struct risk, rk) {
		int64_t l = which == RISK_INHERENT ? rk->inherent_likelihood :
			    which == RISK_TARGET ? rk->target_likelihood : rk->current_likelihood;
		int64_t i = which == RISK_INHERENT ? rk->inherent_impact :
			    which == RISK_TARGET ? rk->target_impact : rk->current_impact;

		if (rk->status == NULL || strcmp(rk->status, "open") != 0 || !risk_score(l, i))
			continue;
		if (req_str(r, "level") && strcmp(rk->level, req_str(r, "level")) != 0)
			continue;
		if (req_str(r, "programme") &&
		    (rk->programme == NULL || strcmp(rk->programme, req_str(r, "programme")) != 0))
			continue;
		c.heat.count[l - 1][i - 1]++;
	}
	if (chart_render(&c, CHART_SVG, 420, 380, &out->body, &err) < 0) {
		out->status = 500;
		strbuf_reset(&out->body);
		strbuf_addstr(&out->body, "The chart could not be drawn.\n");
	} else {
		out->status = 200;
		out->type = "image/svg+xml";
		out->svg_csp = 1;
		raw_to_memo(r, out, key);
	}
	free(key);
}
