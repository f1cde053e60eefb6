/*
 * test-montecarlo.c - the Monte Carlo engine against answers known in
 * closed form, with fixed seeds and stated statistical tolerances.
 *
 * Tolerances. A sample quantile of N draws has standard error
 * sqrt(q (1 - q) / N) / f(x_q) (f the density at the quantile); a mean,
 * sd / sqrt(N); a proportion, sqrt(p (1 - p) / N). Each check allows
 * Z = 5 standard errors (a false failure has probability below 1e-6 per
 * check, and with a fixed seed the outcome never changes), plus, where
 * said, a bound on a known approximation (the CLT's skew term, the
 * single-precision samples: 2^-24 relative, far below the errors here).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/date.h"
#include "core/error.h"
#include "core/strbuf.h"
#include "import/interchange.h"
#include "model/dataset.h"
#include "sched/calendar.h"
#include "sched/cpm.h"
#include "sched/dca-quant.h"
#include "sched/input.h"
#include "sched/montecarlo.h"
#include "sched/network.h"

#define Z 5.0
#define DAY 86400

static char errbuf[1100];

#define ok(call, err) do { \
		if ((call) < 0) \
			fail_msg("%s: %s", #call, error_text(err, errbuf, sizeof(errbuf))); \
	} while (0)

/* A network of n tasks A0..A(n-1) on the 24-hour "days" calendar, so one
   working day is 86,400 s and the engine works in plain days. */
static void
net_tasks(struct sched_network *net, size_t n, double days)
{
	struct error err = ERROR_INIT;
	int c;

	sched_network_init(net);
	c = sched_network_calendar(net, "days", &err);
	assert_true(c >= 0);
	sched_network_set_project_calendar(net, c);
	net->start = (int64_t)date_from_ymd(2020, 1, 6) * DAY;
	for (size_t i = 0; i < n; i++) {
		char id[32];

		snprintf(id, sizeof(id), "A%zu", i);
		ok(sched_network_add(net, id, NULL, SCHED_TASK, (int64_t)(days * DAY), c, &err), &err);
	}
}

static void
fs_link(struct sched_network *net, int a, int b)
{
	struct error err = ERROR_INIT;

	ok(sched_network_link(net, (uint32_t)a, (uint32_t)b, SCHED_FS, 0, 0, &err), &err);
}

static void
run(struct mc_model *m, size_t iters, uint64_t seed, int threads,
    enum mc_dist dist, struct mc_result *res)
{
	struct mc_options opt = MC_OPTIONS_INIT;
	struct error err = ERROR_INIT;

	opt.iterations = iters;
	opt.seed = seed;
	opt.threads = threads;
	opt.dist = dist;
	ok(mc_run(m, &opt, res, &err), &err);
	assert_int_equal(res->iterations, iters);
	assert_false(res->partial);
}

/* Triangular CDF and density. */
static double
tri_cdf(double a, double m, double b, double x)
{
	if (x <= a)
		return 0;
	if (x >= b)
		return 1;
	if (x <= m)
		return (x - a) * (x - a) / ((b - a) * (m - a));
	return 1 - (b - x) * (b - x) / ((b - a) * (b - m));
}

static double
tri_pdf(double a, double m, double b, double x)
{
	if (x <= a || x >= b)
		return 0;
	return x <= m ? 2 * (x - a) / ((b - a) * (m - a)) : 2 * (b - x) / ((b - a) * (b - m));
}

static double
tri_sd(double a, double m, double b)
{
	return sqrt((a * a + b * b + m * m - a * b - a * m - b * m) / 18);
}

/* Standard error of the sample q-quantile where the density is f. */
static double
q_se(double q, double f, size_t n)
{
	return sqrt(q * (1 - q) / (double)n) / f;
}

#define assert_near(x, want, tol) do { \
		double x_ = (x), w_ = (want), t_ = (tol); \
		if (!(fabs(x_ - w_) <= t_)) \
			fail_msg("%s = %.6f, want %.6f +- %.6f", #x, x_, w_, t_); \
	} while (0)

/* One triangular activity: the quantiles are the inverse CDF. */
static void
test_single_triangular(void **state)
{
	const double a = 2, mo = 5, b = 12;
	const size_t n = 200000;
	struct sched_network net;
	struct mc_model m;
	struct mc_result res;
	struct error err = ERROR_INIT;

	(void)state;
	net_tasks(&net, 1, mo);
	ok(sched_network_finish(&net, &err), &err);
	mc_model_init(&m, &net);
	ok(mc_model_estimate(&m, 0, a, mo, b, &err), &err);
	run(&m, n, 1, 2, MC_TRIANGULAR, &res);
	assert_true(res.fast);
	for (int k = 0; k < MC_NQ; k++) {
		double q = mc_quantile_levels[k];
		double x = mc_triangular_inv(a, mo, b, q);

		/* the inverse CDF is the CDF's inverse */
		assert_near(tri_cdf(a, mo, b, x), q, 1e-12);
		assert_near(res.finish.q[k], x, Z * q_se(q, tri_pdf(a, mo, b, x), n));
	}
	assert_near(res.finish.mean, (a + mo + b) / 3, Z * tri_sd(a, mo, b) / sqrt((double)n));
	assert_near(res.finish.sd, tri_sd(a, mo, b), Z * tri_sd(a, mo, b) / sqrt(2.0 * (double)n) * 1.2);
	/* the one activity is always critical, and drives the finish */
	assert_near(res.criticality[0], 1.0, 0);
	assert_int_equal(res.ntornado, 1);
	assert_near(res.tornado[0].correlation, 1.0, 1e-6);
	mc_result_release(&res);
	mc_model_release(&m);
	sched_network_release(&net);
}

/* One PERT activity: mean (a + 4m + b) / 6; symmetric: median mid-way. */
static void
test_single_pert(void **state)
{
	const size_t n = 200000;
	const double cases[][3] = { { 2, 5, 12 }, { 10, 15, 20 }, { 0, 0, 8 } };
	struct error err = ERROR_INIT;

	(void)state;
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		double a = cases[c][0], mo = cases[c][1], b = cases[c][2];
		double al = 1 + 4 * (mo - a) / (b - a), be = 1 + 4 * (b - mo) / (b - a);
		double sd = (b - a) * sqrt(al * be / ((al + be) * (al + be) * (al + be + 1)));
		struct sched_network net;
		struct mc_model m;
		struct mc_result res;

		net_tasks(&net, 1, mo);
		ok(sched_network_finish(&net, &err), &err);
		mc_model_init(&m, &net);
		ok(mc_model_estimate(&m, 0, a, mo, b, &err), &err);
		run(&m, n, 7 + c, 2, MC_PERT, &res);
		assert_near(res.finish.mean, (a + 4 * mo + b) / 6, Z * sd / sqrt((double)n));
		assert_near(res.finish.sd, sd, Z * sd / sqrt(2.0 * (double)n) * 1.2);
		if (mo - a == b - mo) {
			/* symmetric beta: the median is the mode; the table is
			   exact there to interpolation (< 1e-6 of the range) */
			assert_near(mc_pert_inv(a, mo, b, 0.5), mo, 1e-6 * (b - a));
			/* density at the mode of Beta(3, 3) is 1.875 / (b - a) */
			assert_near(res.finish.q[1], mo, Z * q_se(0.5, 1.875 / (b - a), n));
		}
		/* quantile function endpoints */
		assert_near(mc_pert_inv(a, mo, b, 0), a, 1e-12);
		assert_true(mc_pert_inv(a, mo, b, 0.999999) <= b);
		mc_result_release(&res);
		mc_model_release(&m);
		sched_network_release(&net);
	}
}

/* The PERT quantile table against closed forms: at r = 1 the PERT-beta
   is Beta(5, 1) with CDF x^5, at r = 0 Beta(1, 5) with CDF 1 - (1-x)^5,
   at r = 1/2 Beta(3, 3) with CDF 10x^3 - 15x^4 + 6x^5 (inverted here by
   bisection). The table's interpolation error, measured against an
   independent inversion, is below 1.6e-5 of the range: allow 2e-5. */
static void
test_pert_quantiles(void **state)
{
	const double us[] = { 0.0005, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999, 0.9995 };

	(void)state;
	for (size_t k = 0; k < sizeof(us) / sizeof(us[0]); k++) {
		double u = us[k], lo = 0, hi = 1;

		assert_near(mc_pert_inv(0, 1, 1, u), pow(u, 0.2), 2e-5);
		assert_near(mc_pert_inv(0, 0, 1, u), 1 - pow(1 - u, 0.2), 2e-5);
		for (int i = 0; i < 60; i++) {
			double x = (lo + hi) / 2;

			if (x * x * x * (10 - 15 * x + 6 * x * x) < u)
				lo = x;
			else
				hi = x;
		}
		assert_near(mc_pert_inv(10, 15, 20, u), 10 + 10 * lo, 2e-5 * 10);
	}
}

/* A chain of k identical triangular activities against the CLT. */
static void
test_chain_clt(void **state)
{
	const size_t k = 50, n = 50000;
	const double a = 1, mo = 2, b = 6;
	const double mu = (a + mo + b) / 3, sd1 = tri_sd(a, mo, b);
	const double mean = (double)k * mu, sd = sqrt((double)k) * sd1;
	const double z[MC_NQ] = { -1.2815515655, 0, 0.8416212336, 1.2815515655 };
	struct sched_network net;
	struct mc_model m;
	struct mc_result res;
	struct error err = ERROR_INIT;

	(void)state;
	net_tasks(&net, k, mo);
	for (size_t i = 1; i < k; i++)
		fs_link(&net, (int)i - 1, (int)i);
	ok(sched_network_finish(&net, &err), &err);
	mc_model_init(&m, &net);
	for (size_t i = 0; i < k; i++)
		ok(mc_model_estimate(&m, i, a, mo, b, &err), &err);
	run(&m, n, 3, 2, MC_TRIANGULAR, &res);
	/* mean and sd are exact sums, whatever the shape */
	assert_near(res.finish.mean, mean, Z * sd / sqrt((double)n));
	assert_near(res.finish.sd, sd, Z * sd / sqrt(2.0 * (double)n) * 1.2);
	/* quantiles: normal approximation; its error here is the skew term
	   of the Cornish-Fisher expansion, |g (z^2 - 1) / 6| sd with
	   g = skew / sqrt(k) = 0.42 / 7.07 = 0.06, at most 0.01 sd: allow
	   0.05 sd for it, plus Z standard errors of the quantile */
	for (int q = 0; q < MC_NQ; q++) {
		double f = exp(-z[q] * z[q] / 2) / (sd * sqrt(2 * M_PI));

		assert_near(res.finish.q[q], mean + z[q] * sd,
			    0.05 * sd + Z * q_se(mc_quantile_levels[q], f, n));
	}
	/* a chain: every activity is on the critical path every time */
	for (size_t i = 0; i < k; i++)
		assert_near(res.criticality[i], 1.0, 0);
	mc_result_release(&res);
	mc_model_release(&m);
	sched_network_release(&net);
}

/* Two independent parallel activities: P(max <= t) = F(t)^2, so the
   q-quantile of the finish is F^-1(sqrt(q)). Each is critical half the
   time. */
static void
test_parallel_max(void **state)
{
	const size_t n = 200000;
	const double a = 3, mo = 4, b = 10;
	struct sched_network net;
	struct mc_model m;
	struct mc_result res;
	struct error err = ERROR_INIT;

	(void)state;
	net_tasks(&net, 2, mo);
	ok(sched_network_finish(&net, &err), &err);
	mc_model_init(&m, &net);
	ok(mc_model_estimate(&m, 0, a, mo, b, &err), &err);
	ok(mc_model_estimate(&m, 1, a, mo, b, &err), &err);
	run(&m, n, 11, 2, MC_TRIANGULAR, &res);
	for (int k = 0; k < MC_NQ; k++) {
		double q = mc_quantile_levels[k];
		double x = mc_triangular_inv(a, mo, b, sqrt(q));
		/* density of the max: 2 F(x) f(x) */
		double f = 2 * tri_cdf(a, mo, b, x) * tri_pdf(a, mo, b, x);

		assert_near(res.finish.q[k], x, Z * q_se(q, f, n));
	}
	assert_near(res.criticality[0], 0.5, Z * sqrt(0.25 / (double)n));
	assert_near(res.criticality[0] + res.criticality[1], 1.0, 1e-12);
	mc_result_release(&res);
	mc_model_release(&m);
	sched_network_release(&net);
}

/* A risk event with probability p adding a fixed delay: a two-point
   mixture, finish 10 with probability 1 - p, 15 with p. */
static void
test_risk_mixture(void **state)
{
	const size_t n = 100000;
	const double p = 0.3;
	const uint32_t act = 0;
	struct sched_network net;
	struct mc_model m;
	struct mc_result res;
	struct error err = ERROR_INIT;
	size_t late = 0;

	(void)state;
	net_tasks(&net, 1, 10);
	ok(sched_network_finish(&net, &err), &err);
	mc_model_init(&m, &net);
	ok(mc_model_risk(&m, "R1", p, 5, 5, 5, &act, 1, &err), &err);
	run(&m, n, 5, 2, MC_TRIANGULAR, &res);
	for (size_t i = 0; i < n; i++) {
		assert_true(res.samples[i] == 10 || res.samples[i] == 15);
		late += res.samples[i] == 15;
	}
	assert_near((double)late / (double)n, p, Z * sqrt(p * (1 - p) / (double)n));
	assert_near(res.finish.q[0], 10, 0);	/* P10, P50 inside the 70% at 10 */
	assert_near(res.finish.q[1], 10, 0);
	assert_near(res.finish.q[2], 15, 0);	/* P80, P90 inside the 30% at 15 */
	assert_near(res.finish.q[3], 15, 0);
	assert_near(res.finish.mean, 10 + 5 * p, Z * 5 * sqrt(p * (1 - p) / (double)n));
	/* the risk is the only driver: its impact and the finish move as one */
	assert_int_equal(res.ntornado, 2);
	for (size_t k = 0; k < res.ntornado; k++)
		assert_near(res.tornado[k].correlation, 1.0, 1e-6);
	mc_result_release(&res);
	mc_model_release(&m);
	sched_network_release(&net);
}

/* A random network of chains with cross links, as gen_network.py makes;
   mixed: the cross links of every type (FS, SS, FF, SF) in turn. */
static void
net_random_mixed(struct sched_network *net, struct mc_model *m, size_t chains,
		 size_t len, uint64_t seed, int mixed)
{
	struct error err = ERROR_INIT;
	size_t n = chains * len;

	net_tasks(net, n, 5);
	for (size_t c = 0; c < chains; c++)
		for (size_t p = 1; p < len; p++)
			fs_link(net, (int)(c * len + p - 1), (int)(c * len + p));
	for (size_t k = 0; k < n / 3; k++) {
		uint64_t r = mc_rng_at(seed, k);
		size_t c1 = r % chains, c2 = (r >> 16) % chains, p1 = (r >> 32) % (len - 1);
		size_t p2 = p1 + 1 + (r >> 48) % 3;

		if (c1 == c2 || p2 >= len)
			continue;
		(void)sched_network_link(net, (uint32_t)(c1 * len + p1), (uint32_t)(c2 * len + p2),
					 mixed ? (enum sched_link_type)(k % 4) : SCHED_FS,
					 (int64_t)((r >> 8) % 3) * DAY / 2, 0, &err);
	}
	ok(sched_network_finish(net, &err), &err);
	mc_model_init(m, net);
	for (size_t i = 0; i < n; i++) {
		uint64_t r = mc_rng_at(seed + 1, i);
		double mo = 2 + (double)(r % 1800) / 100;

		ok(mc_model_estimate(m, i, mo * 0.7, mo, mo * 1.8, &err), &err);
	}
}

static void
net_random(struct sched_network *net, struct mc_model *m, size_t chains,
	   size_t len, uint64_t seed)
{
	net_random_mixed(net, m, chains, len, seed, 0);
}

static int
same_doubles(const double *a, const double *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!(a[i] == b[i] || (isnan(a[i]) && isnan(b[i]))))
			return 0;
	return 1;
}

/* The same seed gives bit-identical results on 1 and on 3 threads, and a
   different seed gives different ones. */
static void
test_reproducible(void **state)
{
	const size_t n = 3000;
	struct sched_network net;
	struct mc_model m;
	struct mc_result r1, r2, r3;
	uint32_t ms = 5;
	struct error err = ERROR_INIT;

	(void)state;
	net_random(&net, &m, 20, 30, 99);
	ok(mc_model_risk(&m, "R", 0.4, 1, 3, 9, &ms, 1, &err), &err);
	{
		uint32_t g[3] = { 40, 41, 70 };

		ok(mc_model_correlate(&m, g, 3, 0.6, &err), &err);
	}
	ok(mc_model_target(&m, 300, "M300", net.start + 200 * DAY, SCHED_NONE, &err), &err);
	run(&m, n, 42, 1, MC_TRIANGULAR, &r1);
	run(&m, n, 42, 3, MC_TRIANGULAR, &r2);
	assert_true(same_doubles(r1.samples, r2.samples, n));
	assert_true(same_doubles(r1.target_samples, r2.target_samples, n));
	assert_true(same_doubles(r1.criticality, r2.criticality, net.n));
	assert_true(same_doubles(r1.correlation, r2.correlation, net.n));
	assert_true(same_doubles(r1.finish.q, r2.finish.q, MC_NQ));
	assert_int_equal(r1.ntornado, r2.ntornado);
	for (size_t k = 0; k < r1.ntornado; k++)
		assert_int_equal(r1.tornado[k].index, r2.tornado[k].index);
	assert_true(r1.targets[0].p_baseline == r2.targets[0].p_baseline);
	run(&m, n, 43, 2, MC_TRIANGULAR, &r3);
	assert_false(same_doubles(r1.samples, r3.samples, n));
	mc_result_release(&r1);
	mc_result_release(&r2);
	mc_result_release(&r3);
	mc_model_release(&m);
	sched_network_release(&net);
}

/* The AVX-512 kernel (where the processor has it) and the portable one
   give the same bits: samples, target dates, criticality and correlations,
   for triangles of every shape (mode at either end, no spread, a tiny
   spread that keeps the portable kernel) beside a risk, a correlated
   group and lagged links, FS only and of every type. */
static void
test_kernels_same_bits(void **state)
{
	const size_t n = 2000;
	struct sched_network net;
	struct mc_model m;
	struct mc_result r[2];
	uint32_t ms = 17;
	struct error err = ERROR_INIT;

	(void)state;
	for (int tiny = 0; tiny < 3; tiny++) {
		/* the third: links of every type, so starts are stored too */
		net_random_mixed(&net, &m, 12, 25, 7 + (uint64_t)tiny, tiny == 2);
		ok(mc_model_estimate(&m, 3, 4, 4, 9, &err), &err);	/* mode at a */
		ok(mc_model_estimate(&m, 4, 4, 9, 9, &err), &err);	/* mode at b */
		ok(mc_model_estimate(&m, 5, 6, 6, 6, &err), &err);	/* no spread */
		if (tiny == 1)	/* k1 = 1e-35: not exact when scaled */
			ok(mc_model_estimate(&m, 6, 5, 5 + 1e-35, 7, &err), &err);
		ok(mc_model_risk(&m, "R", 0.5, 1, 2, 4, &ms, 1, &err), &err);
		{
			uint32_t g[2] = { 60, 61 };

			ok(mc_model_correlate(&m, g, 2, 0.4, &err), &err);
		}
		ok(mc_model_target(&m, 200, "M200", net.start + 100 * DAY, SCHED_NONE, &err), &err);
		for (int k = 0; k < 2; k++) {
			struct mc_options opt = MC_OPTIONS_INIT;

			opt.iterations = n;
			opt.seed = 11;
			opt.threads = 2;
			opt.portable = k;
			ok(mc_run(&m, &opt, &r[k], &err), &err);
		}
		assert_true(same_doubles(r[0].samples, r[1].samples, n));
		assert_true(same_doubles(r[0].target_samples, r[1].target_samples, n));
		assert_true(same_doubles(r[0].criticality, r[1].criticality, net.n));
		assert_true(same_doubles(r[0].correlation, r[1].correlation, net.n));
		mc_result_release(&r[0]);
		mc_result_release(&r[1]);
		mc_model_release(&m);
		sched_network_release(&net);
	}
}

/* Iteration i draws from its block's stream and its own lane's generator,
   so its sample does not depend on how many iterations run: a run cut
   short inside a block (1,000 = 15 blocks of 64 and 40 lanes, the last
   pass of 16 unused, the one before it half used) gives the first
   iterations of a longer run, on any number of threads. */
static void
test_prefix(void **state)
{
	struct sched_network net;
	struct mc_model m;
	struct mc_result r1, r2;
	struct error err = ERROR_INIT;

	(void)state;
	net_random(&net, &m, 10, 20, 5);
	ok(mc_model_target(&m, 150, "M150", SCHED_NONE, SCHED_NONE, &err), &err);
	run(&m, 1000, 9, 1, MC_TRIANGULAR, &r1);
	run(&m, 1064, 9, 2, MC_TRIANGULAR, &r2);
	assert_true(same_doubles(r1.target_samples, r2.target_samples, 1000));
	assert_false(same_doubles(r1.target_samples, r2.target_samples + 64, 936));
	mc_result_release(&r1);
	mc_result_release(&r2);
	mc_model_release(&m);
	sched_network_release(&net);
}

struct stopper {
	atomic_int *flag;
	int ms;
};

static void *
stop_later(void *arg)
{
	struct stopper *s = arg;
	struct timespec ts = { 0, (long)s->ms * 1000000L };

	nanosleep(&ts, NULL);
	atomic_store(s->flag, 1);
	return NULL;
}

/* Ctrl-C: another thread sets the flag; the run stops at the next block
   and reports what was done, flagged partial. */
static void
test_stop(void **state)
{
	struct sched_network net;
	struct mc_model m;
	struct mc_result res;
	struct mc_options opt = MC_OPTIONS_INIT;
	struct error err = ERROR_INIT;
	atomic_int flag;
	struct stopper st = { &flag, 30 };
	pthread_t tid;

	(void)state;
	net_random(&net, &m, 40, 50, 7);
	atomic_init(&flag, 0);
	opt.iterations = 50000000;	/* minutes of work: the stop must end it */
	opt.threads = 2;
	opt.stop = &flag;
	assert_int_equal(pthread_create(&tid, NULL, stop_later, &st), 0);
	ok(mc_run(&m, &opt, &res, &err), &err);
	pthread_join(tid, NULL);
	assert_true(res.partial);
	assert_true(res.iterations < res.requested);
	assert_int_equal(res.requested, 50000000);
	/* whatever was done is summarised consistently */
	if (res.iterations > 0) {
		assert_true(res.finish.q[0] <= res.finish.q[1]);
		assert_true(res.samples[0] <= res.samples[res.iterations - 1]);
	}
	mc_result_release(&res);

	/* a flag set before the start: nothing done, still a valid result */
	atomic_store(&flag, 1);
	opt.iterations = 1000;
	ok(mc_run(&m, &opt, &res, &err), &err);
	assert_true(res.partial);
	assert_int_equal(res.iterations, 0);
	assert_true(isnan(res.finish.q[1]));
	mc_result_release(&res);
	mc_model_release(&m);
	sched_network_release(&net);
}

/* With fixed durations every iteration is the CPM: the same finish as
   sched_cpm() through every link type, lag, constraint and actual date,
   on one calendar (working days) and on several (sched_forward). */
static void
test_agrees_with_cpm(void **state)
{
	struct error err = ERROR_INIT;

	(void)state;
	for (int several = 0; several < 2; several++) {
		struct sched_network net;
		struct sched_result cr;
		struct mc_model m;
		struct mc_result res;
		int c, c2, ids[7];
		const char *names[7] = { "S", "A", "B", "C", "D", "E", "F" };
		char a[SCHED_INSTANT_LEN], b[SCHED_INSTANT_LEN];

		sched_network_init(&net);
		c = sched_network_calendar(&net, "england-and-wales", &err);
		c2 = several ? sched_network_calendar(&net, "days", &err) : c;
		sched_network_set_project_calendar(&net, c);
		net.start = (int64_t)date_from_ymd(2024, 3, 25) * DAY + 9 * 3600;
		for (int i = 0; i < 7; i++)
			ids[i] = sched_network_add(&net, names[i], NULL, SCHED_TASK,
						   (int64_t)(2 + i) * 8 * 3600, i == 3 ? c2 : c, &err);
		ok(sched_network_link(&net, ids[0], ids[1], SCHED_FS, 8 * 3600, 0, &err), &err);
		ok(sched_network_link(&net, ids[0], ids[2], SCHED_SS, 3 * 8 * 3600, 0, &err), &err);
		ok(sched_network_link(&net, ids[1], ids[3], SCHED_FF, 2 * 8 * 3600, 0, &err), &err);
		ok(sched_network_link(&net, ids[2], ids[4], SCHED_SF, 4 * 8 * 3600, 0, &err), &err);
		ok(sched_network_link(&net, ids[3], ids[5], SCHED_FS, -8 * 3600, 0, &err), &err);
		ok(sched_network_link(&net, ids[4], ids[5], SCHED_FS, 0, 0, &err), &err);
		ok(sched_network_link(&net, ids[5], ids[6], SCHED_FS, 0, 0, &err), &err);
		sched_network_activity(&net, (size_t)ids[4])->constraint = SCHED_SNET;
		sched_network_activity(&net, (size_t)ids[4])->constraint_date =
			(int64_t)date_from_ymd(2024, 4, 15) * DAY;
		sched_network_activity(&net, (size_t)ids[1])->actual_start =
			(int64_t)date_from_ymd(2024, 3, 25) * DAY + 9 * 3600;
		ok(sched_network_finish(&net, &err), &err);
		assert_int_equal(net.axis >= 0, !several);
		ok(sched_cpm(&net, &cr, &err), &err);
		mc_model_init(&m, &net);
		run(&m, 64, 1, 2, MC_TRIANGULAR, &res);
		assert_int_equal(res.fast, !several);
		sched_instant_format(res.finish.at[1], a);
		sched_instant_format(cr.project_finish, b);
		assert_string_equal(a, b);
		assert_near(res.finish.q[0], res.finish.q[3], 0);
		assert_near(res.finish.deterministic, res.finish.q[1], 1e-9);
		/* the critical path is the CPM's */
		/* the driving path traced back from the finish lies on the
		   CPM's critical activities (zero float; the CPM also flags S,
		   whose float is negative against A's actual start, though it
		   drives nothing) */
		for (size_t i = 0; i < net.n; i++) {
			assert_true(res.criticality[i] == 0 || res.criticality[i] == 1);
			if (res.criticality[i] == 1)
				assert_true(cr.critical[i]);
		}
		assert_near(res.criticality[ids[6]], 1, 0);
		sched_result_release(&cr);
		mc_result_release(&res);
		mc_model_release(&m);
		sched_network_release(&net);
	}
}

/* Correlation: two identical activities in a chain, correlated through
   one factor with rho. Var(A + B) = 2 s^2 (1 + r) with r their Pearson
   correlation, close to the copula's rank correlation (6 / pi)
   asin(rho / 2) for symmetric marginals (within 0.02 for these; allowed
   with Z standard errors of the variance, sqrt(2 / N) of it). */
static void
test_correlation(void **state)
{
	const double rhos[] = { 0, 0.5, 0.999 };
	const size_t n = 100000;
	struct error err = ERROR_INIT;

	(void)state;
	for (size_t k = 0; k < sizeof(rhos) / sizeof(rhos[0]); k++) {
		struct sched_network net;
		struct mc_model m;
		struct mc_result res;
		uint32_t both[2] = { 0, 1 };
		double s = tri_sd(4, 6, 8), rs = 6 / M_PI * asin(rhos[k] / 2);
		double want = 2 * s * s * (1 + rs), got;

		net_tasks(&net, 2, 6);
		fs_link(&net, 0, 1);
		ok(sched_network_finish(&net, &err), &err);
		mc_model_init(&m, &net);
		ok(mc_model_estimate(&m, 0, 4, 6, 8, &err), &err);
		ok(mc_model_estimate(&m, 1, 4, 6, 8, &err), &err);
		ok(mc_model_correlate(&m, both, 2, rhos[k], &err), &err);
		run(&m, n, 21, 2, MC_TRIANGULAR, &res);
		got = res.finish.sd * res.finish.sd;
		assert_near(got, want, 0.02 * 2 * s * s + Z * want * sqrt(2.0 / (double)n));
		assert_near(res.finish.mean, 12, Z * sqrt(want / (double)n));
		mc_result_release(&res);
		mc_model_release(&m);
		sched_network_release(&net);
	}
	{
		struct sched_network net;
		struct mc_model m;
		uint32_t one = 0;

		net_tasks(&net, 1, 6);
		ok(sched_network_finish(&net, &err), &err);
		mc_model_init(&m, &net);
		assert_int_equal(mc_model_correlate(&m, &one, 1, 1.0, &err), -1);
		assert_int_equal(mc_model_estimate(&m, 0, 5, 4, 8, &err), -1);
		assert_int_equal(mc_model_risk(&m, "X", 1.5, 1, 2, 3, &one, 1, &err), -1);
		mc_model_release(&m);
		sched_network_release(&net);
	}
}

/* Targets: a milestone's probability of meeting its baseline is the share
   of iterations finishing on or before the end of that day. */
static void
test_target_probability(void **state)
{
	const size_t n = 100000;
	struct sched_network net;
	struct mc_model m;
	struct mc_result res;
	struct error err = ERROR_INIT;
	int ms;
	double x;

	(void)state;
	net_tasks(&net, 1, 5);
	ms = sched_network_add(&net, "M", "milestone", SCHED_MILESTONE, 0, 0, &err);
	fs_link(&net, 0, ms);
	ok(sched_network_finish(&net, &err), &err);
	mc_model_init(&m, &net);
	ok(mc_model_estimate(&m, 0, 0, 5, 10, &err), &err);
	/* baseline: the day that ends 6 days after the start; forecast: 3 */
	ok(mc_model_target(&m, (size_t)ms, "M", net.start + 5 * DAY + 3600,
			   net.start + 2 * DAY, &err), &err);
	run(&m, n, 8, 2, MC_TRIANGULAR, &res);
	assert_int_equal(res.ntargets, 1);
	x = tri_cdf(0, 5, 10, 6);
	assert_near(res.targets[0].p_baseline, x, Z * sqrt(x * (1 - x) / (double)n));
	x = tri_cdf(0, 5, 10, 3);
	assert_near(res.targets[0].p_forecast, x, Z * sqrt(x * (1 - x) / (double)n));
	assert_near(res.targets[0].criticality, 1.0, 0);
	mc_result_release(&res);
	mc_model_release(&m);
	sched_network_release(&net);
}

/* The DCA bands and their configuration. */
static void
test_dca_bands(void **state)
{
	struct mc_dca_config cfg = MC_DCA_CONFIG_INIT;
	struct error err = ERROR_INIT;

	(void)state;
	assert_int_equal(mc_dca_band(&cfg, 0.95, 0), 1);
	assert_int_equal(mc_dca_band(&cfg, 0.8, 0), 1);
	assert_int_equal(mc_dca_band(&cfg, 0.79, 0), 2);
	assert_int_equal(mc_dca_band(&cfg, 0.6, 0), 2);
	assert_int_equal(mc_dca_band(&cfg, 0.5, 0), 3);
	assert_int_equal(mc_dca_band(&cfg, 0.25, 0), 4);
	assert_int_equal(mc_dca_band(&cfg, 0.1, 0), 5);
	assert_int_equal(mc_dca_band(&cfg, 0.7, 1), 3);	/* three-point: Amber */
	assert_string_equal(mc_dca_band_name(4), "Amber/Red");
	ok(mc_dca_parse_thresholds(&cfg, "0.9,0.7,0.5,0.3", &err), &err);
	assert_int_equal(mc_dca_band(&cfg, 0.8, 0), 2);
	assert_int_equal(mc_dca_parse_thresholds(&cfg, "0.5,0.7,0.2,0.1", &err), -1);
	assert_int_equal(mc_dca_parse_thresholds(&cfg, "0.9,0.7,0.5", &err), -1);
}

static int
judge(void *ctx, const struct dataset *ds, const char *programme)
{
	(void)ctx;
	(void)ds;
	return strcmp(programme, "GOOD") == 0 ? 1 : 1;	/* everyone says Green */
}

/* A dataset: two programmes, one on time, one hopeless against its
   baseline; the hopeless one disagrees with its Green rating. */
static void
test_dca_dataset(void **state)
{
	static const char doc[] =
		"{ \"folio\": 1,\n"
		"  \"organisation\": { \"code\": \"ORG\", \"name\": \"Org\" },\n"
		"  \"portfolios\": [ { \"code\": \"P\", \"name\": \"P\" } ],\n"
		"  \"programmes\": [\n"
		"    { \"code\": \"GOOD\", \"portfolio\": \"P\", \"name\": \"G\", \"lifecycle\": \"active\", \"start_date\": \"2024-01-01\" },\n"
		"    { \"code\": \"LATE\", \"portfolio\": \"P\", \"name\": \"L\", \"lifecycle\": \"active\", \"start_date\": \"2024-01-01\" },\n"
		"    { \"code\": \"TWO\", \"portfolio\": \"P\", \"name\": \"T\", \"lifecycle\": \"active\", \"start_date\": \"2024-01-01\" },\n"
		"    { \"code\": \"WAS\", \"portfolio\": \"P\", \"name\": \"W\", \"lifecycle\": \"active\", \"start_date\": \"2024-01-01\" } ],\n"
		"  \"milestones\": [\n"
		"    { \"code\": \"G1\", \"programme\": \"GOOD\", \"name\": \"g\", \"key\": true, \"baseline_date\": \"2024-12-31\" },\n"
		"    { \"code\": \"L1\", \"programme\": \"LATE\", \"name\": \"l\", \"key\": true, \"baseline_date\": \"2024-01-10\" },\n"
		"    { \"code\": \"T1\", \"programme\": \"TWO\", \"name\": \"t\", \"key\": true, \"baseline_date\": \"2024-02-14\" },\n"
		"    { \"code\": \"T2\", \"programme\": \"TWO\", \"name\": \"t\", \"key\": true, \"baseline_date\": \"2024-02-16\" },\n"
		"    { \"code\": \"W1\", \"programme\": \"WAS\", \"name\": \"w\", \"key\": true, \"baseline_date\": \"2024-01-10\", \"actual_date\": \"2024-02-12\" },\n"
		"    { \"code\": \"W2\", \"programme\": \"WAS\", \"name\": \"w\", \"key\": true, \"baseline_date\": \"2024-12-31\" } ],\n"
		"  \"activities\": [\n"
		"    { \"code\": \"GA\", \"programme\": \"GOOD\", \"name\": \"a\", \"type\": \"task\", \"duration_days\": 10, \"optimistic_days\": 5, \"likely_days\": 10, \"pessimistic_days\": 20 },\n"
		"    { \"code\": \"GM\", \"programme\": \"GOOD\", \"name\": \"m\", \"type\": \"milestone\", \"milestone\": \"G1\" },\n"
		"    { \"code\": \"LA\", \"programme\": \"LATE\", \"name\": \"a\", \"type\": \"task\", \"duration_days\": 30, \"optimistic_days\": 20, \"likely_days\": 30, \"pessimistic_days\": 60 },\n"
		"    { \"code\": \"LM\", \"programme\": \"LATE\", \"name\": \"m\", \"type\": \"milestone\", \"milestone\": \"L1\" },\n"
		"    { \"code\": \"TA\", \"programme\": \"TWO\", \"name\": \"a\", \"type\": \"task\", \"duration_days\": 30, \"optimistic_days\": 20, \"likely_days\": 30, \"pessimistic_days\": 40 },\n"
		"    { \"code\": \"TB\", \"programme\": \"TWO\", \"name\": \"b\", \"type\": \"task\", \"duration_days\": 30, \"optimistic_days\": 20, \"likely_days\": 30, \"pessimistic_days\": 40 },\n"
		"    { \"code\": \"TM1\", \"programme\": \"TWO\", \"name\": \"m\", \"type\": \"milestone\", \"milestone\": \"T1\" },\n"
		"    { \"code\": \"TM2\", \"programme\": \"TWO\", \"name\": \"m\", \"type\": \"milestone\", \"milestone\": \"T2\" },\n"
		"    { \"code\": \"WA\", \"programme\": \"WAS\", \"name\": \"a\", \"type\": \"task\", \"duration_days\": 30, \"actual_start\": \"2024-01-01\", \"actual_finish\": \"2024-02-12\" },\n"
		"    { \"code\": \"WM1\", \"programme\": \"WAS\", \"name\": \"m\", \"type\": \"milestone\", \"milestone\": \"W1\", \"actual_start\": \"2024-02-12\", \"actual_finish\": \"2024-02-12\" },\n"
		"    { \"code\": \"WB\", \"programme\": \"WAS\", \"name\": \"b\", \"type\": \"task\", \"duration_days\": 10, \"optimistic_days\": 5, \"likely_days\": 10, \"pessimistic_days\": 20 },\n"
		"    { \"code\": \"WM2\", \"programme\": \"WAS\", \"name\": \"m\", \"type\": \"milestone\", \"milestone\": \"W2\" } ],\n"
		"  \"dependencies\": [\n"
		"    { \"predecessor\": \"GA\", \"successor\": \"GM\", \"type\": \"FS\", \"lag_days\": 0 },\n"
		"    { \"predecessor\": \"LA\", \"successor\": \"LM\", \"type\": \"FS\", \"lag_days\": 0 },\n"
		"    { \"predecessor\": \"TA\", \"successor\": \"TM1\", \"type\": \"FS\", \"lag_days\": 0 },\n"
		"    { \"predecessor\": \"TB\", \"successor\": \"TM2\", \"type\": \"FS\", \"lag_days\": 0 },\n"
		"    { \"predecessor\": \"WA\", \"successor\": \"WM1\", \"type\": \"FS\", \"lag_days\": 0 },\n"
		"    { \"predecessor\": \"WM1\", \"successor\": \"WB\", \"type\": \"FS\", \"lag_days\": 0 },\n"
		"    { \"predecessor\": \"WB\", \"successor\": \"WM2\", \"type\": \"FS\", \"lag_days\": 0 } ] }\n";
	struct dataset ds;
	struct mc_dca_report rep;
	struct mc_options opt = MC_OPTIONS_INIT;
	struct mc_dca_config cfg = MC_DCA_CONFIG_INIT;
	struct error err = ERROR_INIT;

	(void)state;
	ok(interchange_read(doc, strlen(doc), "doc.json", &ds, &err), &err);
	opt.iterations = 20000;
	opt.threads = 2;
	ok(mc_dca_dataset(&ds, NULL, &opt, &cfg, judge, NULL, &rep, &err), &err);
	assert_int_equal(rep.nprog, 4);
	assert_string_equal(rep.prog[0].programme, "GOOD");
	assert_int_equal(rep.prog[0].nmilestones, 1);
	assert_near(rep.prog[0].p, 1.0, 0);
	assert_int_equal(rep.prog[0].band, 1);
	assert_false(rep.prog[0].disagree);
	assert_string_equal(rep.prog[1].programme, "LATE");
	assert_near(rep.prog[1].p, 0.0, 0);
	assert_int_equal(rep.prog[1].band, 5);
	assert_int_equal(rep.prog[1].judged, 1);
	assert_true(rep.prog[1].disagree);
	assert_string_equal(rep.prog[1].weakest, "L1");
	assert_true(rep.prog[1].p50_slip > 20);
	/* two independent milestones: the joint probability is the product
	   of the single ones (Z standard errors of a proportion) */
	{
		const struct mc_dca_programme *t = &rep.prog[2];
		double p1 = NAN, p2 = NAN, pj;

		assert_string_equal(t->programme, "TWO");
		assert_int_equal(t->nmilestones, 2);
		for (size_t k = 0; k < rep.res.ntargets; k++) {
			if (strcmp(rep.res.targets[k].name, "T1") == 0)
				p1 = rep.res.targets[k].p_baseline;
			if (strcmp(rep.res.targets[k].name, "T2") == 0)
				p2 = rep.res.targets[k].p_baseline;
		}
		assert_true(p1 > 0.1 && p1 < 0.9 && p2 > 0.1 && p2 < 0.9);
		pj = p1 * p2;
		assert_near(t->p_joint, pj, Z * sqrt(pj * (1 - pj) / 20000.0));
		assert_near(t->p_weakest, p1 < p2 ? p1 : p2, 0);
		assert_near(t->p_mean, (p1 + p2) / 2, 1e-12);
		assert_near(t->p, t->p_joint, 0);
		assert_int_equal(t->band, mc_dca_band(&cfg, t->p_joint, 0));
	}
	/* W1 was achieved a month after its baseline: that is history, and
	   only W2, still to come and sure to be met, counts */
	assert_string_equal(rep.prog[3].programme, "WAS");
	assert_int_equal(rep.prog[3].nmilestones, 1);
	assert_near(rep.prog[3].p, 1.0, 0);
	assert_int_equal(rep.prog[3].band, 1);
	mc_dca_report_release(&rep);

	/* with W2 achieved too nothing is left to score: no band */
	((struct milestone *)dataset_find(&ds, K_MILESTONE, "W2"))->actual_date =
		date_from_ymd(2024, 3, 1);
	ok(mc_dca_dataset(&ds, NULL, &opt, &cfg, judge, NULL, &rep, &err), &err);
	assert_int_equal(rep.prog[3].nmilestones, 0);
	assert_int_equal(rep.prog[3].band, 0);
	assert_true(isnan(rep.prog[3].p));
	mc_dca_report_release(&rep);
	dataset_release(&ds);
}

/*
 * Risk events from the database: an open risk with a schedule impact on
 * an activity happens with its likelihood's probability (3: 0.5). GA
 * finishes by mid-January; five more working days take it past the
 * baseline of 18 January, so the milestone is met exactly when the risk
 * does not happen. A closed risk and one with no impact add nothing.
 */
static void
test_dca_dataset_risks(void **state)
{
	static const char doc[] =
		"{ \"folio\": 1,\n"
		"  \"organisation\": { \"code\": \"ORG\", \"name\": \"Org\" },\n"
		"  \"portfolios\": [ { \"code\": \"P\", \"name\": \"P\" } ],\n"
		"  \"programmes\": [\n"
		"    { \"code\": \"GOOD\", \"portfolio\": \"P\", \"name\": \"G\", \"lifecycle\": \"active\", \"start_date\": \"2024-01-01\" } ],\n"
		"  \"milestones\": [\n"
		"    { \"code\": \"G1\", \"programme\": \"GOOD\", \"name\": \"g\", \"key\": true, \"baseline_date\": \"2024-01-18\" } ],\n"
		"  \"activities\": [\n"
		"    { \"code\": \"GA\", \"programme\": \"GOOD\", \"name\": \"a\", \"type\": \"task\", \"duration_days\": 10 },\n"
		"    { \"code\": \"GM\", \"programme\": \"GOOD\", \"name\": \"m\", \"type\": \"milestone\", \"milestone\": \"G1\" } ],\n"
		"  \"dependencies\": [\n"
		"    { \"predecessor\": \"GA\", \"successor\": \"GM\", \"type\": \"FS\", \"lag_days\": 0 } ],\n"
		"  \"risks\": [\n"
		"    { \"code\": \"R1\", \"level\": \"programme\", \"programme\": \"GOOD\", \"title\": \"t\", \"current_likelihood\": 3, \"current_impact\": 4, \"schedule_impact_days\": 5, \"activity\": \"GA\", \"status\": \"open\" },\n"
		"    { \"code\": \"R2\", \"level\": \"programme\", \"programme\": \"GOOD\", \"title\": \"t\", \"current_likelihood\": 5, \"current_impact\": 5, \"schedule_impact_days\": 50, \"activity\": \"GA\", \"status\": \"closed\" },\n"
		"    { \"code\": \"R3\", \"level\": \"programme\", \"programme\": \"GOOD\", \"title\": \"t\", \"current_likelihood\": 5, \"current_impact\": 5, \"activity\": \"GA\", \"status\": \"open\" } ] }\n";
	struct dataset ds;
	struct mc_dca_report rep;
	struct mc_options opt = MC_OPTIONS_INIT;
	struct mc_dca_config cfg = MC_DCA_CONFIG_INIT;
	struct error err = ERROR_INIT;
	const size_t n = 20000;

	(void)state;
	ok(interchange_read(doc, strlen(doc), "doc.json", &ds, &err), &err);
	opt.iterations = n;
	opt.threads = 2;
	ok(mc_dca_dataset(&ds, NULL, &opt, &cfg, judge, NULL, &rep, &err), &err);
	assert_int_equal(rep.model.nrisks, 1);
	assert_string_equal(rep.model.risk[0].id, "R1");
	assert_near(rep.model.risk[0].probability, MC_LIKELIHOOD_PROBABILITY[2], 0);
	assert_near(rep.model.risk[0].probability, 0.5, 0);
	assert_near(rep.model.risk[0].lo, 5, 0);
	assert_near(rep.model.risk[0].hi, 5, 0);
	assert_int_equal(rep.nprog, 1);
	assert_near(rep.prog[0].p, 0.5, Z * sqrt(0.25 / (double)n));
	assert_int_equal(rep.prog[0].band, 3);
	mc_dca_report_release(&rep);

	/* without the risk's impact the milestone is always met */
	((struct risk *)dataset_find(&ds, K_RISK, "R1"))->schedule_impact_days = NAN;
	ok(mc_dca_dataset(&ds, NULL, &opt, &cfg, judge, NULL, &rep, &err), &err);
	assert_int_equal(rep.model.nrisks, 0);
	assert_near(rep.prog[0].p, 1.0, 0);
	mc_dca_report_release(&rep);
	dataset_release(&ds);
}

/* The network file reader: gen_network.py's JSON with risks and groups. */
static void
test_read_file(void **state)
{
	static const char text[] =
		"{\"start\": \"2025-01-06\", \"calendar\": \"days\",\n"
		" \"activities\": [ {\"id\": \"A\", \"min\": 1, \"mode\": 2, \"max\": 4},\n"
		"   {\"id\": \"B\", \"min\": 2, \"mode\": 3, \"max\": 7},\n"
		"   {\"id\": \"M\", \"type\": \"milestone\", \"baseline\": \"2025-01-12\"} ],\n"
		" \"links\": [ {\"from\": \"A\", \"to\": \"B\"}, {\"from\": \"B\", \"to\": \"M\"} ],\n"
		" \"risks\": [ {\"id\": \"R\", \"probability\": 0.25, \"impact\": [1, 2, 3], \"activities\": [\"B\"]} ],\n"
		" \"correlations\": [ {\"activities\": [\"A\", \"B\"], \"rho\": 0.4} ] }\n";
	char path[] = "/tmp/test-mc-XXXXXX";
	int fd = mkstemp(path);
	struct sched_network net;
	struct mc_model m;
	struct error err = ERROR_INIT;

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, sizeof(text) - 1), (ssize_t)(sizeof(text) - 1));
	close(fd);
	sched_network_init(&net);
	ok(sched_read_file(&net, path, NULL, NULL, &err), &err);
	ok(sched_network_finish(&net, &err), &err);
	mc_model_init(&m, &net);
	ok(mc_model_read_file(&m, path, &err), &err);
	unlink(path);
	assert_near(m.lo[0], 1, 0);
	assert_near(m.ml[1], 3, 0);
	assert_near(m.hi[1], 7, 0);
	assert_int_equal(m.nrisks, 1);
	assert_near(m.risk[0].probability, 0.25, 0);
	assert_int_equal(m.risk[0].acts[0], 1);
	assert_int_equal(m.ngroups, 1);
	assert_int_equal(m.group[0], 0);
	assert_int_equal(m.ntargets, 1);
	assert_int_equal(m.target[0].baseline, (int64_t)date_from_ymd(2025, 1, 12) * DAY);
	mc_model_release(&m);
	sched_network_release(&net);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_single_triangular),
		cmocka_unit_test(test_single_pert),
		cmocka_unit_test(test_pert_quantiles),
		cmocka_unit_test(test_chain_clt),
		cmocka_unit_test(test_parallel_max),
		cmocka_unit_test(test_risk_mixture),
		cmocka_unit_test(test_reproducible),
		cmocka_unit_test(test_kernels_same_bits),
		cmocka_unit_test(test_prefix),
		cmocka_unit_test(test_stop),
		cmocka_unit_test(test_agrees_with_cpm),
		cmocka_unit_test(test_correlation),
		cmocka_unit_test(test_target_probability),
		cmocka_unit_test(test_dca_bands),
		cmocka_unit_test(test_dca_dataset),
		cmocka_unit_test(test_dca_dataset_risks),
		cmocka_unit_test(test_read_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
