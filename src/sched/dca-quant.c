/*
 * dca-quant.c - programme delivery confidence from a Monte Carlo run (see
 * dca-quant.h for the rule).
 */
#include "sched/dca-quant.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/xmalloc.h"
#include "model/dataset.h"
#include "model/schema.h"
#include "sched/calendar.h"
#include "sched/input.h"

const char MC_DCA_RULE[] =
	"Quantitative delivery confidence: the share of simulated iterations in "
	"which every key milestone of the programme that has a baseline and is "
	"not yet achieved finishes on or before its baseline date, banded Green at or above the first "
	"threshold, then Amber/Green, Amber and Amber/Red at or above the next "
	"three, else Red; flagged where it is more than one band from the judged "
	"rating.";

static const char *const band_names[] = {
	"-", "Green", "Amber/Green", "Amber", "Amber/Red", "Red"
};

int
mc_dca_band(const struct mc_dca_config *cfg, double p, int three_point)
{
	int band = 5;

	for (int i = 0; i < 4; i++)
		if (p >= cfg->threshold[i]) {
			band = i + 1;
			break;
		}
	if (three_point && (band == 2 || band == 4))
		band = 3;
	return band;
}

const char *
mc_dca_band_name(int band)
{
	return band >= 1 && band <= 5 ? band_names[band] : band_names[0];
}

int
mc_dca_parse_thresholds(struct mc_dca_config *cfg, const char *s,
			struct error *err)
{
	double t[4];
	const char *p = s;

	for (int i = 0; i < 4; i++) {
		char *end;

		errno = 0;
		t[i] = strtod(p, &end);
		if (errno || end == p || !(t[i] >= 0 && t[i] <= 1) ||
		    (i > 0 && !(t[i] < t[i - 1])) || (i < 3 ? *end != ',' : *end != '\0'))
			return error_set(err, ERR_USAGE,
					 "thresholds %s: give four decreasing probabilities, e.g. 0.8,0.6,0.4,0.2",
					 s);
		p = end + 1;
	}
	memcpy(cfg->threshold, t, sizeof(t));
	return 0;
}

int
mc_dca_parse_rule(const char *s)
{
	if (strcmp(s, "joint") == 0)
		return MC_DCA_JOINT;
	if (strcmp(s, "weakest") == 0)
		return MC_DCA_WEAKEST;
	if (strcmp(s, "mean") == 0)
		return MC_DCA_MEAN;
	return -1;
}

const char *
mc_dca_rule_name(enum mc_dca_rule r)
{
	return r == MC_DCA_WEAKEST ? "weakest" : r == MC_DCA_MEAN ? "mean" : "joint";
}

const double MC_LIKELIHOOD_PROBABILITY[5] = { 0.1, 0.3, 0.5, 0.7, 0.9 };

int
mc_model_risks_from_dataset(struct mc_model *m, const struct dataset *ds,
			    size_t *added, struct error *err)
{
	size_t n = 0;

	if (added)
		*added = 0;
	for (size_t i = 0; i < dataset_count(ds, K_RISK); i++) {
		const struct risk *r = dataset_row(ds, K_RISK, i);
		double impact = r->schedule_impact_days;
		uint32_t act;
		int k;

		if (r->status == NULL || strcmp(r->status, "open") != 0 ||
		    r->activity == NULL || isnan(impact) ||
		    r->current_likelihood < 1 || r->current_likelihood > 5)
			continue;
		k = sched_network_find(m->net, r->activity);
		if (k < 0)
			continue;	/* not in this network */
		act = (uint32_t)k;
		if (mc_model_risk(m, r->code, MC_LIKELIHOOD_PROBABILITY[r->current_likelihood - 1],
				  impact, impact, impact, &act, 1, err) < 0) {
			if (err)
				snprintf(err->where, sizeof(err->where), "%s", r->code);
			return -1;
		}
		n++;
	}
	if (added)
		*added = n;
	return 0;
}

static int64_t
day_of(int64_t t)
{
	return t >= 0 ? t / SCHED_DAY_SECONDS : -((-t + SCHED_DAY_SECONDS - 1) / SCHED_DAY_SECONDS);
}

/*
 * The milestone a target stands for, when the rule counts it: key,
 * baselined, in a programme, and not yet achieved. Delivery confidence
 * looks forward: a milestone with an actual date has met its baseline or
 * missed it for good, and counting a miss would hold the programme at
 * Red whatever the chances of everything still to come.
 */
static const struct milestone *
scored_milestone(const struct dataset *ds, const char *name, int64_t baseline)
{
	const struct milestone *ms = name ? dataset_find(ds, K_MILESTONE, name) : NULL;

	if (ms && ms->key && ms->baseline_date && ms->programme && !ms->actual_date &&
	    baseline != SCHED_NONE)
		return ms;
	return NULL;
}

/* Targets by programme, then in their own order (see mc_dca_score()). */
struct by_prog {
	const char *programme;
	size_t t;
};

static int
cmp_by_prog(const void *a, const void *b)
{
	const struct by_prog *x = a, *y = b;
	int c = strcmp(x->programme, y->programme);

	return c ? c : (x->t > y->t) - (x->t < y->t);
}

int
mc_dca_score(const struct dataset *ds, const struct mc_model *m,
	     const struct mc_result *res, const struct mc_dca_config *cfg,
	     int three_point, mc_judged_fn judged, void *ctx,
	     struct mc_dca_programme **prog, size_t *nprog, struct error *err)
{
	size_t np = dataset_count(ds, K_PROGRAMME), n = res->iterations;
	struct mc_dca_programme *out = xcalloc(np ? np : 1, sizeof(*out));
	unsigned char *all = xmalloc(n ? n : 1);
	size_t *use = xmalloc((res->ntargets ? res->ntargets : 1) * sizeof(*use));
	struct by_prog *bp = xmalloc((res->ntargets ? res->ntargets : 1) * sizeof(*bp));
	size_t k = 0, nbp = 0;

	/*
	 * Each target's milestone is looked up once and the counted ones
	 * grouped by programme (in target order within one), rather than
	 * every target looked up again for every programme.
	 */
	for (size_t t = 0; t < res->ntargets; t++) {
		const struct milestone *ms = scored_milestone(ds, res->targets[t].name,
							      res->targets[t].baseline);

		if (ms)
			bp[nbp++] = (struct by_prog){ ms->programme, t };
	}
	if (nbp > 1)
		qsort(bp, nbp, sizeof(*bp), cmp_by_prog);

	for (size_t i = 0; i < np; i++) {
		const struct programme *pg = dataset_row(ds, K_PROGRAMME, i);
		struct mc_dca_programme *o;
		size_t nuse = 0, hits = 0;
		double sum = 0, weakest = 2;

		if (pg->lifecycle && strcmp(pg->lifecycle, "closed") == 0)
			continue;
		o = &out[k++];
		o->programme = pg->code;
		o->name = pg->name;
		o->p_joint = o->p_weakest = o->p_mean = o->p = NAN;
		o->judged = judged ? judged(ctx, ds, pg->code) : 0;
		{
			size_t lo = 0, hi = nbp;

			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;

				if (strcmp(bp[mid].programme, pg->code) < 0)
					lo = mid + 1;
				else
					hi = mid;
			}
			for (; lo < nbp && strcmp(bp[lo].programme, pg->code) == 0; lo++)
				use[nuse++] = bp[lo].t;
		}
		o->nmilestones = nuse;
		if (nuse == 0 || n == 0)
			continue;
		memset(all, 1, n);
		for (size_t j = 0; j < nuse; j++) {
			const struct mc_dates *dt = &res->targets[use[j]];

			sum += dt->p_baseline;
			if (dt->p_baseline < weakest) {
				weakest = dt->p_baseline;
				o->weakest = dt->name;
				o->p50_slip = (long)(day_of(dt->at[1]) - day_of(dt->baseline));
			}
		}
		/* joint: every milestone's sample of the same iteration */
		for (size_t j = 0; j < nuse; j++) {
			const double *x = res->target_samples + use[j] * n;
			double lim = res->targets[use[j]].baseline_days;

			for (size_t it = 0; it < n; it++)
				if (!(x[it] <= lim))
					all[it] = 0;
		}
		for (size_t it = 0; it < n; it++)
			hits += all[it];
		o->p_joint = (double)hits / (double)n;
		o->p_weakest = weakest;
		o->p_mean = sum / (double)nuse;
		o->p = cfg->rule == MC_DCA_WEAKEST ? o->p_weakest
		     : cfg->rule == MC_DCA_MEAN ? o->p_mean : o->p_joint;
		o->band = mc_dca_band(cfg, o->p, three_point);
		if (o->judged >= 1 && o->judged <= 5)
			o->disagree = abs(o->band - o->judged) > (three_point ? 2 : 1);
	}
	(void)m;
	(void)err;
	free(all);
	free(use);
	free(bp);
	*prog = out;
	*nprog = k;
	return 0;
}

/*
 * Only the targets the rule reads (key milestones with a baseline) are
 * reported on: a large organisation's network stands for every one of
 * its milestones, and sorting the samples of each for its percentiles
 * costs more than the simulation itself. The run is otherwise the same.
 */
static void
keep_scored_targets(struct mc_model *m, const struct dataset *ds)
{
	size_t k = 0;

	for (size_t t = 0; t < m->ntargets; t++) {
		if (scored_milestone(ds, m->target[t].name, m->target[t].baseline))
			m->target[k++] = m->target[t];
		else
			free(m->target[t].name);
	}
	m->ntargets = k;
}

int
mc_dca_dataset(const struct dataset *ds, const struct sched_input_options *in,
	       const struct mc_options *opt, const struct mc_dca_config *cfg,
	       mc_judged_fn judged, void *ctx, struct mc_dca_report *rep,
	       struct error *err)
{
	const struct organisation *org = dataset_org(ds);

	memset(rep, 0, sizeof(*rep));
	rep->three_point = org && org->dca_scale && strcmp(org->dca_scale, "three") == 0;
	if (dataset_count(ds, K_ACTIVITY) == 0)
		return error_set(err, ERR_INPUT, "the organisation has no schedule activities");
	sched_network_init(&rep->net);
	rep->have_net = 1;
	if (sched_network_from_dataset(ds, NULL, in, &rep->net, err) < 0 ||
	    sched_network_finish(&rep->net, err) < 0)
		return -1;
	mc_model_init(&rep->model, &rep->net);
	rep->have_model = 1;
	if (mc_model_from_dataset(&rep->model, ds, err) < 0 ||
	    mc_model_risks_from_dataset(&rep->model, ds, NULL, err) < 0)
		return -1;
	keep_scored_targets(&rep->model, ds);
	rep->have_res = 1;
	if (mc_run(&rep->model, opt, &rep->res, err) < 0)
		return -1;
	return mc_dca_score(ds, &rep->model, &rep->res, cfg, rep->three_point, judged, ctx,
			    &rep->prog, &rep->nprog, err);
}

void
mc_dca_report_release(struct mc_dca_report *rep)
{
	if (rep->have_res)
		mc_result_release(&rep->res);
	if (rep->have_model)
		mc_model_release(&rep->model);
	if (rep->have_net)
		sched_network_release(&rep->net);
	free(rep->prog);
	memset(rep, 0, sizeof(*rep));
}
