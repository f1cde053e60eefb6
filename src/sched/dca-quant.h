/*
 * dca-quant.h - quantitative delivery confidence: each programme's
 * probability of meeting its key baselined milestones, from a Monte Carlo
 * run over the organisation's schedule network, mapped onto the DCA
 * bands by configurable thresholds, beside the rating people judged.
 *
 * The rule (MC_DCA_RULE, docs/montecarlo.md): p is the share of
 * iterations in which every key milestone of the programme that has a
 * baseline finishes on or before the end of its baseline date (the joint
 * probability; "weakest" and "mean" of the single probabilities can be
 * chosen instead). Then p >= t0 is Green, p >= t1 Amber/Green, p >= t2
 * Amber, p >= t3 Amber/Red, else Red; defaults 0.8, 0.6, 0.4, 0.2. On the
 * three-point scale Amber/Green and Amber/Red count as Amber. A programme
 * is flagged when the number and the judged rating are more than one band
 * apart (on the three-point scale: Green against Red).
 *
 * Bands are numbers as in assess/rollup.h: Green 1 .. Red 5, 0 none.
 */
#ifndef FOLIO_SCHED_DCA_QUANT_H
#define FOLIO_SCHED_DCA_QUANT_H

#include <stddef.h>

#include "sched/montecarlo.h"
#include "sched/network.h"

struct dataset;
struct error;
struct sched_input_options;

enum mc_dca_rule { MC_DCA_JOINT, MC_DCA_WEAKEST, MC_DCA_MEAN };

struct mc_dca_config {
	double threshold[4];	/* lower bounds of Green .. Amber/Red */
	enum mc_dca_rule rule;
};

#define MC_DCA_CONFIG_INIT { { 0.8, 0.6, 0.4, 0.2 }, MC_DCA_JOINT }

extern const char MC_DCA_RULE[];

/*
 * The judged rating of a programme (1..5, 0 when none), e.g. through
 * assess/rollup.h's rating_programme_at(); ctx is the caller's.
 */
typedef int (*mc_judged_fn)(void *ctx, const struct dataset *ds,
			    const char *programme);

struct mc_dca_programme {
	const char *programme;	/* code, in the dataset */
	const char *name;
	size_t nmilestones;	/* key baselined milestones simulated */
	double p_joint, p_weakest, p_mean;	/* NAN without milestones */
	double p;		/* by the rule */
	const char *weakest;	/* milestone code with the lowest p */
	long p50_slip;		/* calendar days the weakest milestone's P50
				   lies past its baseline (negative: early) */
	int band;		/* 1..5, 0 without milestones */
	int judged;		/* 1..5, 0 when not rated */
	int disagree;		/* more than one band apart */
};

struct mc_dca_report {
	struct sched_network net;
	struct mc_model model;
	struct mc_result res;
	int three_point;	/* the organisation uses the three-point scale */
	struct mc_dca_programme *prog;	/* by programme code */
	size_t nprog;
	int have_net, have_model, have_res;
};

/* The band of probability p (1..5). */
int mc_dca_band(const struct mc_dca_config *cfg, double p, int three_point);
/* "Green" .. "Red"; "-" for 0. */
const char *mc_dca_band_name(int band);
/*
 * Parse "0.8,0.6,0.4,0.2" (four decreasing probabilities) into cfg.
 * 0 or -1 with err.
 */
int mc_dca_parse_thresholds(struct mc_dca_config *cfg, const char *s,
			    struct error *err);
int mc_dca_parse_rule(const char *s);
const char *mc_dca_rule_name(enum mc_dca_rule r);

/*
 * Score every programme of ds with key baselined milestones among the
 * targets of a run (m built by mc_model_from_dataset). prog is allocated
 * (free it); programmes in code order.
 */
int mc_dca_score(const struct dataset *ds, const struct mc_model *m,
		 const struct mc_result *res, const struct mc_dca_config *cfg,
		 int three_point, mc_judged_fn judged, void *ctx,
		 struct mc_dca_programme **prog, size_t *nprog, struct error *err);

/*
 * The chance in an iteration that a risk of current likelihood 1..5
 * happens (index likelihood - 1): the middle of five equal bands, 10% for
 * rare to 90% for almost certain (docs/montecarlo.md).
 */
extern const double MC_LIKELIHOOD_PROBABILITY[5];

/*
 * The risk events of ds for model m (built on a network from ds): every
 * open risk with a schedule_impact_days and an activity that is in m's
 * network becomes a risk event that happens with the probability of its
 * current likelihood (MC_LIKELIHOOD_PROBABILITY) and then adds its impact,
 * a fixed number of working days, to that activity's duration. Risks
 * whose activity is not in the network (another programme's, for a run of
 * one programme) are left out. Sets *added (may be NULL) to the number of
 * events; 0, or -1 with err (ERR_INPUT, where = the risk's code).
 */
int mc_model_risks_from_dataset(struct mc_model *m, const struct dataset *ds,
				size_t *added, struct error *err);

/*
 * The whole run on a dataset: the network of every activity
 * (sched_network_from_dataset with `in`, NULL for defaults), the model
 * with its estimates and targets (mc_model_from_dataset) and its risk
 * events (mc_model_risks_from_dataset), the simulation with opt, then
 * mc_dca_score(). rep is filled; release it with mc_dca_report_release()
 * whatever the result. 0 or -1 with err (ERR_INPUT when the dataset has no
 * activities).
 */
int mc_dca_dataset(const struct dataset *ds, const struct sched_input_options *in,
		   const struct mc_options *opt, const struct mc_dca_config *cfg,
		   mc_judged_fn judged, void *ctx, struct mc_dca_report *rep,
		   struct error *err);
void mc_dca_report_release(struct mc_dca_report *rep);

#endif
