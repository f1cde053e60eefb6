/*
 * mc-floor.c - the floor under folio's Monte Carlo: the bare forward pass
 * over the same compiled network, with durations fixed in advance and no
 * sampling, criticality or sensitivity; then folio's own engine on the
 * same network through mc_run(), so both figures come from one process.
 *
 *   mc-floor NETWORK.json ITERATIONS THREADS
 *
 * Three floors are timed (single thread, best of three runs each):
 *   scalar  one iteration at a time: for each position, the max over the
 *           in-links of finish + lag, plus the duration (the loop an
 *           analyst would write in C over the CSR arrays);
 *   block   the layout folio uses: MC_BLOCK iterations side by side, so
 *           the inner loop runs over iterations and vectorises;
 *   folio   mc_run() with criticality and sensitivity, 1 and THREADS
 *           threads.
 * Durations for the floors are the most likely (mode), precomputed per
 * position; the block floor copies them into its duration buffer per block
 * as a real run would write its samples, so memory traffic is comparable.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "core/error.h"
#include "core/xmalloc.h"
#include "sched/input.h"
#include "sched/montecarlo.h"
#include "sched/network.h"

#define B MC_BLOCK

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static volatile double sink_v;

/* One iteration at a time over the CSR arrays (FS links only). */
static double
floor_scalar(const struct sched_network *net, const double *dur, const double *lag,
	     size_t iters)
{
	size_t nl = net->nleaf;
	double *F = xcalloc(nl, sizeof(double)), acc = 0, t0 = now();

	for (size_t it = 0; it < iters; it++) {
		double fin = 0;

		for (size_t p = 0; p < nl; p++) {
			double s = 0;

			for (uint32_t e = net->in_off[p]; e < net->in_off[p + 1]; e++) {
				double v = F[net->in_from[e]] + lag[e];

				s = v > s ? v : s;
			}
			F[p] = s + dur[p];
			fin = F[p] > fin ? F[p] : fin;
		}
		acc += fin;
	}
	sink_v = acc;
	free(F);
	return now() - t0;
}

/*
 * MC_BLOCK iterations side by side, as folio's kernel lays them out: the
 * durations sit in a float buffer per position and block (filled once:
 * precomputed), the inner loops run over the block's iterations, and the
 * finish is the maximum over the activities with no successor.
 */
static double
floor_block(const struct sched_network *net, const double *dur, const double *lag,
	    size_t iters)
{
	size_t nl = net->nleaf, nb = (iters + B - 1) / B, nsink = 0;
	double *F = aligned_alloc(64, nl * B * sizeof(double));
	float *D = aligned_alloc(64, nl * B * sizeof(float));
	uint32_t *sink = xmalloc(nl * sizeof(uint32_t));
	double acc = 0, t0;

	for (size_t p = 0; p < nl; p++) {
		for (int i = 0; i < B; i++)
			D[p * B + i] = (float)dur[p];
		if (net->out_off[p] == net->out_off[p + 1])
			sink[nsink++] = (uint32_t)p;
	}
	t0 = now();
	for (size_t k = 0; k < nb; k++) {
		double fin[B];

		for (size_t p = 0; p < nl; p++) {
			double s[B];
			const float *restrict d = D + p * B;
			double *restrict f = F + p * B;

			for (int i = 0; i < B; i++)
				s[i] = 0;
			for (uint32_t e = net->in_off[p]; e < net->in_off[p + 1]; e++) {
				const double *restrict q = F + (size_t)net->in_from[e] * B;
				const double l = lag[e];

				for (int i = 0; i < B; i++) {
					double v = q[i] + l;

					s[i] = v > s[i] ? v : s[i];
				}
			}
			for (int i = 0; i < B; i++)
				f[i] = s[i] + (double)d[i];
		}
		for (int i = 0; i < B; i++)
			fin[i] = 0;
		for (size_t j = 0; j < nsink; j++) {
			const double *f = F + (size_t)sink[j] * B;

			for (int i = 0; i < B; i++)
				fin[i] = f[i] > fin[i] ? f[i] : fin[i];
		}
		acc += fin[0];
	}
	t0 = now() - t0;
	sink_v = acc;
	free(F);
	free(D);
	free(sink);
	return t0;
}

int
main(int argc, char **argv)
{
	struct sched_input_options in = SCHED_INPUT_OPTIONS_INIT;
	struct sched_network net;
	struct mc_model m;
	struct mc_source *src = NULL;
	struct error err = ERROR_INIT;
	size_t iters, nl;
	int threads;
	double *dur, *lag, best_s = 1e30, best_b = 1e30;
	char buf[1100];
	struct rusage ru;

	if (argc != 4) {
		fprintf(stderr, "usage: mc-floor NETWORK ITERATIONS THREADS\n");
		return 2;
	}
	iters = (size_t)strtoull(argv[2], NULL, 10);
	threads = atoi(argv[3]);
	in.start = 20000LL * 86400;
	sched_network_init(&net);
	if (mc_read_file(&net, argv[1], &in, &src, &err) < 0 ||
	    sched_network_finish(&net, &err) < 0) {
		fprintf(stderr, "mc-floor: %s\n", error_text(&err, buf, sizeof(buf)));
		return 1;
	}
	mc_model_init(&m, &net);
	if (mc_model_apply(&m, src, &err) < 0) {
		fprintf(stderr, "mc-floor: %s\n", error_text(&err, buf, sizeof(buf)));
		return 1;
	}
	mc_source_free(src);
	nl = net.nleaf;
	dur = xmalloc(nl * sizeof(double));
	lag = xmalloc((net.nedges ? net.nedges : 1) * sizeof(double));
	for (size_t p = 0; p < nl; p++) {
		uint32_t i = net.order[p];

		dur[p] = isnan(m.ml[i]) ? (double)net.dur[p] / 28800.0 : m.ml[i];
	}
	for (size_t e = 0; e < net.nedges; e++)
		lag[e] = (double)net.e_lag[e] / 28800.0;
	for (int r = 0; r < 5; r++) {
		double t = floor_scalar(&net, dur, lag, iters);

		best_s = t < best_s ? t : best_s;
		t = floor_block(&net, dur, lag, iters);
		best_b = t < best_b ? t : best_b;
	}
	printf("floor scalar: %.3f s  %.3f ns/activity-iteration\n", best_s,
	       best_s / ((double)nl * (double)iters) * 1e9);
	printf("floor block: %.3f s  %.3f ns/activity-iteration\n", best_b,
	       best_b / ((double)nl * (double)iters) * 1e9);
	for (int pass = 0; pass < 3; pass++) {
		struct mc_options opt = MC_OPTIONS_INIT;
		struct mc_result res;
		double best = 1e30;

		opt.iterations = iters;
		opt.seed = 42;
		opt.threads = pass == 0 ? 1 : threads;
		opt.sensitivity = pass < 2;
		for (int r = 0; r < 3; r++) {
			if (mc_run(&m, &opt, &res, &err) < 0) {
				fprintf(stderr, "mc-floor: %s\n", error_text(&err, buf, sizeof(buf)));
				return 1;
			}
			best = res.seconds < best ? res.seconds : best;
			if (r < 2)
				mc_result_release(&res);
		}
		printf("folio threads=%d%s: %.3f s  %.3f ns/activity-iteration  P10=%.3f P50=%.3f "
		       "P80=%.3f P90=%.3f mean=%.3f\n",
		       opt.threads, opt.sensitivity ? "" : " no-correlation", best, best / ((double)nl * (double)iters) * 1e9,
		       res.finish.q[0], res.finish.q[1], res.finish.q[2], res.finish.q[3],
		       res.finish.mean);
		if (pass == 1 && res.ntornado) {
			printf("top criticality/sensitivity:");
			for (size_t k = 0; k < 5 && k < res.ntornado; k++)
				printf(" %s=%.3f", net.act[res.tornado[k].index].id,
				       res.tornado[k].correlation);
			printf("\n");
		}
		mc_result_release(&res);
	}
	getrusage(RUSAGE_SELF, &ru);
	printf("peak rss: %ld KiB\n", ru.ru_maxrss);
	free(dur);
	free(lag);
	mc_model_release(&m);
	sched_network_release(&net);
	return 0;
}
