/*
 * montecarlo.h - schedule risk analysis: Monte Carlo over a finished
 * schedule network (network.h), giving the spread of milestone and
 * project finish dates, the probability of meeting a baselined date,
 * criticality and sensitivity.
 *
 * The model (docs/montecarlo.md says all of it with the reasons):
 *  - each activity with a three-point estimate (optimistic, most likely,
 *    pessimistic, in working days) draws its duration from a triangular
 *    or a PERT-beta distribution by inverse-CDF sampling; others keep the
 *    network's fixed duration;
 *  - a risk event occurs in an iteration with its probability and then
 *    adds one triangular impact (min, likely, max working days) to the
 *    duration of every activity it affects;
 *  - correlation: activities in one correlation group share a Gaussian
 *    factor (a one-factor Gaussian copula): the normal scores behind their
 *    uniforms have pairwise correlation rho;
 *  - the forward pass is the CPM's (cpm.h) with every link type, lag,
 *    constraint and actual date; with one calendar it runs in working
 *    days with no calendar arithmetic, otherwise each iteration goes
 *    through sched_forward();
 *  - criticality: per iteration one backward trace from the activity that
 *    sets the project finish along the links that set each date;
 *  - sensitivity: Pearson correlation of each activity's sampled duration
 *    (and each risk event's sampled impact) with the project finish, and
 *    the schedule sensitivity index SSI = CI x sd(duration) / sd(finish).
 *
 * Reproducible: iterations run in blocks of MC_BLOCK; block k draws every
 * number from its own stream keyed by (seed, k) (a counter-based
 * SplitMix64 stream, which seeds one xoshiro128+ generator per
 * iteration), and every sum over iterations is exact (integer) or taken
 * in iteration order, so a seed gives identical results whatever the
 * number of threads.
 *
 * A model refers to its network (which must stay finished and unchanged
 * while the model lives) and owns everything else; release it with
 * mc_model_release(). Results own their arrays: mc_result_release().
 */
#ifndef FOLIO_SCHED_MONTECARLO_H
#define FOLIO_SCHED_MONTECARLO_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

struct dataset;
struct error;
struct sched_input_options;
struct sched_network;

#define MC_BLOCK 64		/* iterations per block (one RNG stream) */

enum mc_dist {
	MC_TRIANGULAR,
	MC_PERT		/* beta with alpha = 1 + 4(m-a)/(b-a), beta = 1 + 4(b-m)/(b-a) */
};

struct mc_risk {
	char *id;		/* owned */
	double probability;	/* 0..1 per iteration */
	double lo, likely, hi;	/* impact, working days */
	uint32_t *acts;		/* network indexes (leaf activities), owned */
	size_t nacts;
};

struct mc_target {
	char *name;		/* owned */
	uint32_t act;		/* network index of a leaf activity */
	int64_t baseline;	/* instants (network.h), or SCHED_NONE */
	int64_t forecast;
};

struct mc_model {
	struct sched_network *net;	/* not owned */
	size_t n;			/* net->n */
	double *lo, *ml, *hi;		/* by network index, working days;
					   lo NAN: the network's own duration */
	int *group;			/* correlation group by index, or -1 */
	double *rho;			/* by group */
	size_t ngroups;
	struct mc_risk *risk;
	size_t nrisks;
	struct mc_target *target;
	size_t ntargets;
};

void mc_model_init(struct mc_model *m, struct sched_network *net);
void mc_model_release(struct mc_model *m);
/*
 * A three-point estimate for activity act (network index). Requires
 * 0 <= lo <= ml <= hi; lo == hi is a fixed duration. -1 with err
 * (ERR_INPUT) otherwise or for a summary.
 */
int mc_model_estimate(struct mc_model *m, size_t act, double lo, double ml,
		      double hi, struct error *err);
/* A risk event (see the top of this file); id and acts are copied. */
int mc_model_risk(struct mc_model *m, const char *id, double probability,
		  double lo, double likely, double hi, const uint32_t *acts,
		  size_t nacts, struct error *err);
/*
 * Correlate the durations of acts (network indexes) through one shared
 * factor with 0 <= rho < 1. An activity belongs to one group at most.
 */
int mc_model_correlate(struct mc_model *m, const uint32_t *acts, size_t nacts,
		       double rho, struct error *err);
/*
 * Report on activity act: a milestone, with its baseline and forecast
 * (instants; only their day counts: a date is met by a finish on or
 * before the end of that day). name is copied (NULL: the activity's id).
 */
int mc_model_target(struct mc_model *m, size_t act, const char *name,
		    int64_t baseline, int64_t forecast, struct error *err);

/*
 * Read the network at path into net (input.h's sched_read_file with opt,
 * which may be NULL) and, in the same pass over the file, what the model
 * needs of it: JSON activities' "min"/"mode"/"max" (or optimistic_days/
 * likely_days/pessimistic_days), "baseline", "forecast" and "name"; the
 * JSON members "risks" ({id, probability, impact: [min, likely, max],
 * activities: [ids]}) and "correlations" ({activities, rho}); CSV columns
 * optimistic, likely, pessimistic, baseline, forecast, name. *src is set
 * even on failure (free it with mc_source_free()). 0 or -1 with err (the
 * network reader's errors; those of the model's members come from
 * mc_model_apply()).
 *
 * Then, after sched_network_finish() and mc_model_init() on net,
 * mc_model_apply() fills m from src: estimates, and as targets the
 * milestones and the activities with a baseline or forecast; risks and
 * correlation groups. 0 or -1 with err.
 */
struct mc_source;
int mc_read_file(struct sched_network *net, const char *path,
		 const struct sched_input_options *opt, struct mc_source **src,
		 struct error *err);
int mc_model_apply(struct mc_model *m, const struct mc_source *src,
		   struct error *err);
void mc_source_free(struct mc_source *src);
/*
 * The same for a network already read from path (without calendars from
 * outside the file): reads the file once more. 0 or -1 with err.
 */
int mc_model_read_file(struct mc_model *m, const char *path, struct error *err);
/*
 * Fill m (initialised on sched_network_from_dataset()'s network) from ds:
 * each activity's optimistic/likely/pessimistic_days, and as targets the
 * activities that stand for a reporting milestone (named by its code,
 * with its baseline and forecast dates).
 */
int mc_model_from_dataset(struct mc_model *m, const struct dataset *ds,
			  struct error *err);

typedef void (*mc_progress_fn)(void *ctx, size_t done, size_t total);

struct mc_options {
	size_t iterations;	/* default 10,000 when 0 */
	uint64_t seed;
	int threads;		/* 0: every online core */
	enum mc_dist dist;
	int sensitivity;	/* compute the correlations (a second read of
				   each block's durations) */
	atomic_int *stop;	/* when it becomes nonzero workers stop at the
				   next block; may be NULL */
	mc_progress_fn progress; /* called from the calling thread, about
				   ten times a second, and once at the end */
	void *progress_ctx;
	int portable;		/* the portable kernels only, never the
				   AVX-512 ones (the tests compare them:
				   both give the same bits) */
};

#define MC_OPTIONS_INIT { 10000, 42, 0, MC_TRIANGULAR, 1, NULL, NULL, NULL, 0 }

/* P10, P50, P80, P90 */
#define MC_NQ 4
extern const double mc_quantile_levels[MC_NQ];

struct mc_dates {
	const char *name;	/* the target's name; "project finish" */
	uint32_t act;		/* network index; UINT32_MAX for the project */
	double q[MC_NQ];	/* working days after the project start */
	int64_t at[MC_NQ];	/* the same as finish instants */
	double mean, sd;	/* working days */
	double deterministic;	/* the CPM finish with most likely durations */
	int64_t baseline, forecast;	/* instants or SCHED_NONE */
	double baseline_days;	/* the end of the baseline date, working days
				   after the start; NAN without one */
	double forecast_days;
	double p_baseline;	/* share of iterations with a finish at or
				   before baseline_days; NAN without one */
	double p_forecast;
	double criticality;	/* share of iterations on the critical path */
};

enum mc_driver_kind { MC_DRIVER_ACTIVITY, MC_DRIVER_RISK };

struct mc_driver {
	enum mc_driver_kind kind;
	uint32_t index;		/* network index, or risk index */
	double correlation;	/* Pearson r with the project finish; NAN
				   when not computed */
	double ssi;		/* activities: CI x sd / sd(finish) */
	double criticality;	/* activities */
	double sd;		/* of the sampled duration or impact */
};

struct mc_result {
	size_t iterations;	/* done */
	size_t requested;
	int partial;		/* stopped early */
	int threads;
	int fast;		/* the one-calendar working-day path ran */
	double seconds;		/* wall time of the simulation */
	double day_seconds;	/* working seconds in a working day */
	int64_t start;		/* project start instant */
	struct mc_dates finish;	/* the project */
	struct mc_dates *targets;	/* as in the model */
	size_t ntargets;
	double *criticality;	/* by network index (NAN for summaries) */
	double *correlation;	/* by network index; NAN when constant or
				   not computed */
	double *ssi;
	struct mc_driver *tornado;	/* sorted, strongest first: every
					   activity and risk that varies */
	size_t ntornado;
	double *samples;	/* the project finish per iteration, sorted,
				   working days after the start */
	double *target_samples;	/* ntargets x iterations, in iteration
				   order (joint probabilities) */
};

/*
 * Run the simulation. The network may have its calendars widened when
 * sampled dates could run past them, so no other thread may use it
 * during the call. res is filled (release it with mc_result_release()
 * whatever the result). Returns 0 (res->partial when opt->stop was set
 * before the end, with at least the blocks done), or -1 with err
 * (ERR_INPUT: the network is not finished, a calendar cannot stretch
 * far enough).
 */
int mc_run(struct mc_model *m, const struct mc_options *opt,
	   struct mc_result *res, struct error *err);
void mc_result_release(struct mc_result *res);

/* Quantile q of sorted x[0..n) with numpy's default linear rule. */
double mc_quantile(const double *sorted, size_t n, double q);

/* "triangular" or "pert", and back (-1 when unknown). */
const char *mc_dist_name(enum mc_dist d);
int mc_dist_parse(const char *s);

/*
 * The building blocks, exposed for tests: the inverse CDF of the
 * triangular (a, m, b) and of the PERT-beta (a, m, b) at u in [0, 1);
 * and the counter-based generator: the k-th 64-bit output of stream key.
 */
double mc_triangular_inv(double a, double m, double b, double u);
double mc_pert_inv(double a, double m, double b, double u);
uint64_t mc_rng_at(uint64_t key, uint64_t k);

#endif
