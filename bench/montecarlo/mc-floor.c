/*
 * mc-floor.c - the floor under folio's Monte Carlo: the bare forward pass
 * over the same compiled network, with durations fixed in advance and no
 * sampling, criticality or sensitivity; then folio's own engine on the
 * same network through mc_run(), so all figures come from one process.
 *
 *   mc-floor NETWORK.json ITERATIONS THREADS
 *
 * The floor is the fastest bare forward pass written here, single thread,
 * best of five runs each (the run script builds this with -march=native):
 *   scalar        one iteration at a time: for each position, the max over
 *                 the in-links of finish + lag, plus the duration (the loop
 *                 an analyst would write in C over the CSR arrays);
 *   block-W       W iterations side by side, double dates, the inner loops
 *                 over the iterations left to the compiler's vectoriser
 *                 (W = 16 is folio's pass and this is folio's loop);
 *   block-avx512  16 iterations side by side, double dates, written with
 *                 AVX-512 intrinsics: the dates of a position stay in two
 *                 registers, one max instruction per link and register
 *                 (and no addition at all when no link has a lag, as
 *                 folio's kernel does);
 *   float-W, float-avx512  the same with single-precision dates (folio
 *                 keeps double dates: see docs/montecarlo.md);
 * and "floor best" is the fastest of them. Then, for what bounds folio
 * from below, "draw alone": folio's way of drawing a triangular duration
 * (xoshiro128+ per lane, the inverse CDF with one square root) for every
 * activity-iteration, written to the same buffer, no dates at all; and
 * "draw and pass": that draw and the AVX-512 double pass in one loop, as
 * folio's kernel runs them, with no criticality or sensitivity.
 * Durations for the floors are the most likely (mode), precomputed per
 * position into a float buffer, as folio's kernel holds its samples.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#ifdef __AVX512F__
#include <immintrin.h>
#endif

#include "core/error.h"
#include "core/xmalloc.h"
#include "sched/input.h"
#include "sched/montecarlo.h"
#include "sched/network.h"

#define LANES 16	/* folio's pass (montecarlo.c's L) */

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

/* The sinks (no successor): the finish is their latest. */
static uint32_t *
sinks(const struct sched_network *net, size_t *n)
{
	uint32_t *sink = xmalloc((net->nleaf ? net->nleaf : 1) * sizeof(uint32_t));

	*n = 0;
	for (size_t p = 0; p < net->nleaf; p++)
		if (net->out_off[p] == net->out_off[p + 1])
			sink[(*n)++] = (uint32_t)p;
	return sink;
}

/* Durations by position and lane, fixed: the buffer folio samples into. */
static float *
durations(size_t nl, const double *dur, int w)
{
	float *D = aligned_alloc(64, (nl ? nl : 1) * (size_t)w * sizeof(float));

	for (size_t p = 0; p < nl; p++)
		for (int i = 0; i < w; i++)
			D[p * (size_t)w + (size_t)i] = (float)dur[p];
	return D;
}

/*
 * W iterations side by side, dates of type T, the inner loops over the
 * iterations left to the vectoriser.
 */
#define FLOOR_BLOCK(name, W, T) \
static double \
name(const struct sched_network *net, const double *dur, const double *lag, \
     size_t iters) \
{ \
	size_t nl = net->nleaf, nb = (iters + W - 1) / W, nsink; \
	T *F = aligned_alloc(64, (nl ? nl : 1) * W * sizeof(T)); \
	T *lg = xmalloc((net->nedges ? net->nedges : 1) * sizeof(T)); \
	float *D = durations(nl, dur, W); \
	uint32_t *sink = sinks(net, &nsink); \
	double acc = 0, t0; \
 \
	for (size_t e = 0; e < net->nedges; e++) \
		lg[e] = (T)lag[e]; \
	memset(F, 0, (nl ? nl : 1) * W * sizeof(T)); \
	t0 = now(); \
	for (size_t k = 0; k < nb; k++) { \
		T fin[W]; \
 \
		for (size_t p = 0; p < nl; p++) { \
			T s[W]; \
			const float *restrict d = D + p * W; \
			T *restrict f = F + p * W; \
 \
			for (int i = 0; i < W; i++) \
				s[i] = 0; \
			for (uint32_t e = net->in_off[p]; e < net->in_off[p + 1]; e++) { \
				const T *restrict q = F + (size_t)net->in_from[e] * W; \
				const T l = lg[e]; \
 \
				for (int i = 0; i < W; i++) { \
					T v = q[i] + l; \
 \
					s[i] = v > s[i] ? v : s[i]; \
				} \
			} \
			for (int i = 0; i < W; i++) \
				f[i] = s[i] + (T)d[i]; \
		} \
		for (int i = 0; i < W; i++) \
			fin[i] = 0; \
		for (size_t j = 0; j < nsink; j++) { \
			const T *f = F + (size_t)sink[j] * W; \
 \
			for (int i = 0; i < W; i++) \
				fin[i] = f[i] > fin[i] ? f[i] : fin[i]; \
		} \
		acc += (double)fin[0]; \
	} \
	t0 = now() - t0; \
	sink_v = acc; \
	free(F); \
	free(lg); \
	free(D); \
	free(sink); \
	return t0; \
}

FLOOR_BLOCK(floor_block8, 8, double)
FLOOR_BLOCK(floor_block16, 16, double)
FLOOR_BLOCK(floor_block32, 32, double)
FLOOR_BLOCK(floor_block64, 64, double)
FLOOR_BLOCK(floor_float16, 16, float)
FLOOR_BLOCK(floor_float32, 32, float)
FLOOR_BLOCK(floor_float64, 64, float)

#ifdef __AVX512F__
/* Position p's dates in 16 lanes: the latest in-link's finish plus lag,
   plus the durations d (single precision), into F. lag NULL: every lag
   is 0, and none is added (as folio's kernel does then). */
static inline __attribute__((always_inline)) void
dates16(double *restrict F, const uint32_t *off, const uint32_t *from, const double *lag,
	size_t p, __m512 d)
{
	__m512d s0 = _mm512_setzero_pd(), s1 = s0;

	for (uint32_t e = off[p]; e < off[p + 1]; e++) {
		const double *q = F + (size_t)from[e] * 16;

		if (lag) {
			__m512d l = _mm512_set1_pd(lag[e]);

			s0 = _mm512_max_pd(_mm512_add_pd(_mm512_load_pd(q), l), s0);
			s1 = _mm512_max_pd(_mm512_add_pd(_mm512_load_pd(q + 8), l), s1);
		} else {
			s0 = _mm512_max_pd(_mm512_load_pd(q), s0);
			s1 = _mm512_max_pd(_mm512_load_pd(q + 8), s1);
		}
	}
	_mm512_store_pd(F + p * 16, _mm512_add_pd(s0, _mm512_cvtps_pd(_mm512_castps512_ps256(d))));
	_mm512_store_pd(F + p * 16 + 8,
			_mm512_add_pd(s1, _mm512_cvtps_pd(_mm512_extractf32x8_ps(d, 1))));
}

/* The 16 lanes' finish: the latest of the sinks'. */
static inline __attribute__((always_inline)) double
finish16(const double *F, const uint32_t *sink, size_t nsink)
{
	__m512d f0 = _mm512_setzero_pd(), f1 = f0;

	for (size_t j = 0; j < nsink; j++) {
		f0 = _mm512_max_pd(f0, _mm512_load_pd(F + (size_t)sink[j] * 16));
		f1 = _mm512_max_pd(f1, _mm512_load_pd(F + (size_t)sink[j] * 16 + 8));
	}
	return _mm512_reduce_max_pd(_mm512_max_pd(f0, f1));
}

/* 16 iterations side by side, double dates, in AVX-512 registers. */
static double
floor_avx512(const struct sched_network *net, const double *dur, const double *lag,
	     size_t iters)
{
	size_t nl = net->nleaf, nb = (iters + 15) / 16, nsink;
	double *F = aligned_alloc(64, (nl ? nl : 1) * 16 * sizeof(double));
	float *D = durations(nl, dur, 16);
	uint32_t *sink = sinks(net, &nsink);
	const uint32_t *off = net->in_off, *from = net->in_from;
	double acc = 0, t0;

	memset(F, 0, (nl ? nl : 1) * 16 * sizeof(double));
	t0 = now();
	for (size_t k = 0; k < nb; k++) {
		if (lag)
			for (size_t p = 0; p < nl; p++)
				dates16(F, off, from, lag, p, _mm512_load_ps(D + p * 16));
		else
			for (size_t p = 0; p < nl; p++)
				dates16(F, off, from, NULL, p, _mm512_load_ps(D + p * 16));
		acc += finish16(F, sink, nsink);
	}
	t0 = now() - t0;
	sink_v = acc;
	free(F);
	free(D);
	free(sink);
	return t0;
}

/* The same with single-precision dates: one register per position. */
static double
floor_avx512_float(const struct sched_network *net, const double *dur,
		   const double *lag, size_t iters)
{
	size_t nl = net->nleaf, nb = (iters + 15) / 16, nsink;
	float *F = aligned_alloc(64, (nl ? nl : 1) * 16 * sizeof(float));
	float *lg = xmalloc((net->nedges ? net->nedges : 1) * sizeof(float));
	float *D = durations(nl, dur, 16);
	uint32_t *sink = sinks(net, &nsink);
	const uint32_t *off = net->in_off, *from = net->in_from;
	double acc = 0, t0;

	for (size_t e = 0; e < net->nedges; e++)
		lg[e] = lag ? (float)lag[e] : 0;
	memset(F, 0, (nl ? nl : 1) * 16 * sizeof(float));
	t0 = now();
	for (size_t k = 0; k < nb; k++) {
		__m512 f0 = _mm512_setzero_ps();

		for (size_t p = 0; p < nl; p++) {
			__m512 s = _mm512_setzero_ps();

			if (lag)
				for (uint32_t e = off[p]; e < off[p + 1]; e++)
					s = _mm512_max_ps(_mm512_add_ps(_mm512_load_ps(F + (size_t)from[e] * 16),
									_mm512_set1_ps(lg[e])), s);
			else
				for (uint32_t e = off[p]; e < off[p + 1]; e++)
					s = _mm512_max_ps(_mm512_load_ps(F + (size_t)from[e] * 16), s);
			_mm512_store_ps(F + p * 16, _mm512_add_ps(s, _mm512_load_ps(D + p * 16)));
		}
		for (size_t j = 0; j < nsink; j++)
			f0 = _mm512_max_ps(f0, _mm512_load_ps(F + (size_t)sink[j] * 16));
		acc += (double)_mm512_reduce_max_ps(f0);
	}
	t0 = now() - t0;
	sink_v = acc;
	free(F);
	free(lg);
	free(D);
	free(sink);
	return t0;
}
#endif

/*
 * Drawing alone: every activity-iteration's triangular duration the way
 * folio's kernel draws it (montecarlo.c: lanes_next(), tri_lanes()),
 * 16 lanes at a time, into the duration buffer; no dates.
 */
/*
 * The triangle of every position as folio's kernel holds it (a, b, fc,
 * k1, k2: montecarlo.c's struct trif), five floats each; scaled: with
 * the uniform's 2^-24 moved into fc, k1 and k2 (run_avx512()'s trif24).
 */
static float *
triangles(const struct sched_network *net, const struct mc_model *m, int scaled)
{
	size_t nl = net->nleaf;
	float *ta = xmalloc((nl ? nl : 1) * 5 * sizeof(float));
	float up = scaled ? 0x1.0p24f : 1, down = scaled ? 0x1.0p-24f : 1;

	for (size_t p = 0; p < nl; p++) {
		uint32_t i = net->order[p];
		double a = m->lo[i], mo = m->ml[i], b = m->hi[i], w = b - a;

		if (isnan(a))
			a = mo = b = (double)net->dur[p] / 28800.0, w = 0;
		ta[5 * p] = (float)a;
		ta[5 * p + 1] = (float)b;
		ta[5 * p + 2] = (float)(w > 0 ? (mo - a) / w : 0) * up;
		ta[5 * p + 3] = (float)(w * (mo - a)) * down;
		ta[5 * p + 4] = (float)(w * (b - mo)) * down;
	}
	return ta;
}

/* The 16 lanes' generator states, word k of lane i at st[k][i]. */
static void
seeds(uint32_t st[4][16])
{
	for (int k = 0; k < 4; k++)
		for (int i = 0; i < 16; i++)
			st[k][i] = (uint32_t)mc_rng_at(1, 4 * (uint64_t)i + (uint64_t)k) | (k == 0);
}

typedef uint32_t vu32 __attribute__((vector_size(64)));
typedef int32_t vi32 __attribute__((vector_size(64)));
typedef float vf32 __attribute__((vector_size(64)));

static double
draw_alone(const struct sched_network *net, const struct mc_model *m, size_t iters)
{
	size_t nl = net->nleaf, nb = (iters + 15) / 16;
	float *D = aligned_alloc(64, (nl ? nl : 1) * 16 * sizeof(float));
	float *ta = triangles(net, m, 0);
	uint32_t st[4][16];
	vu32 s0, s1, s2, s3;
	double acc = 0, t0;

	seeds(st);
	memcpy(&s0, st[0], sizeof(s0));
	memcpy(&s1, st[1], sizeof(s1));
	memcpy(&s2, st[2], sizeof(s2));
	memcpy(&s3, st[3], sizeof(s3));
	t0 = now();
	for (size_t k = 0; k < nb; k++) {
		for (size_t p = 0; p < nl; p++) {
			const float *t = ta + 5 * p;
			vu32 r = s0 + s3, tt = s1 << 9;
			vf32 u, xl, xr, x, rt, dl, dr;
			vi32 left;
			float xa[16], ra[16];

			s2 ^= s0;
			s3 ^= s1;
			s1 ^= s2;
			s0 ^= s3;
			s2 ^= tt;
			s3 = (s3 << 11) | (s3 >> 21);
			u = __builtin_convertvector((vi32)(r >> 8), vf32) * 0x1.0p-24f;
			left = u < t[2];
			xl = u * t[3];
			xr = (1.0f - u) * t[4];
			x = (vf32)(((vi32)xl & left) | ((vi32)xr & ~left));
			memcpy(xa, &x, sizeof(xa));
			for (int i = 0; i < 16; i++)
				ra[i] = sqrtf(xa[i]);
			memcpy(&rt, ra, sizeof(rt));
			dl = rt + t[0];
			dr = t[1] - rt;
			x = (vf32)(((vi32)dl & left) | ((vi32)dr & ~left));
			memcpy(D + p * 16, &x, sizeof(x));
		}
		acc += (double)D[k % (nl ? nl : 1) * 16];
	}
	t0 = now() - t0;
	sink_v = acc;
	free(D);
	free(ta);
	return t0;
}

#ifdef __AVX512F__
/*
 * Drawing and the pass together: folio's draw (as draw_alone()) and the
 * AVX-512 double pass (as floor_avx512()) in one loop, the way
 * montecarlo.c's run_avx512() does them, with no criticality and no
 * sensitivity: what a sampled forward pass costs before any statistics.
 */
static double
draw_and_pass(const struct sched_network *net, const struct mc_model *m, const double *lag,
	      size_t iters)
{
	size_t nl = net->nleaf, nb = (iters + 15) / 16, nsink;
	double *F = aligned_alloc(64, (nl ? nl : 1) * 16 * sizeof(double));
	float *D = aligned_alloc(64, (nl ? nl : 1) * 16 * sizeof(float));
	float *ta = triangles(net, m, 1);
	uint32_t *sink = sinks(net, &nsink);
	const uint32_t *off = net->in_off, *from = net->in_from;
	const __m512 two24 = _mm512_set1_ps(0x1.0p24f);
	uint32_t st[4][16];
	__m512i s0, s1, s2, s3;
	double acc = 0, t0;

	seeds(st);
	memcpy(&s0, st[0], 64);
	memcpy(&s1, st[1], 64);
	memcpy(&s2, st[2], 64);
	memcpy(&s3, st[3], 64);
	memset(F, 0, (nl ? nl : 1) * 16 * sizeof(double));
	t0 = now();
	for (size_t k = 0; k < nb; k++) {
		for (size_t p = 0; p < nl; p++) {
			const float *t = ta + 5 * p;
			const __m512 a = _mm512_set1_ps(t[0]);
			__m512i r = _mm512_add_epi32(s0, s3), tt = _mm512_slli_epi32(s1, 9);
			__m512i n0, n1, n2;
			__m512 u, x, d;
			__mmask16 left;

			n2 = _mm512_ternarylogic_epi32(s2, s0, tt, 0x96);
			n1 = _mm512_ternarylogic_epi32(s1, s2, s0, 0x96);
			n0 = _mm512_ternarylogic_epi32(s0, s3, s1, 0x96);
			s3 = _mm512_rol_epi32(_mm512_xor_si512(s3, s1), 11);
			s0 = n0;
			s1 = n1;
			s2 = n2;
			u = _mm512_cvtepi32_ps(_mm512_srli_epi32(r, 8));
			left = _mm512_cmp_ps_mask(u, _mm512_set1_ps(t[2]), _CMP_LT_OQ);
			x = _mm512_mul_ps(_mm512_sub_ps(two24, u), _mm512_set1_ps(t[4]));
			x = _mm512_sqrt_ps(_mm512_mask_mul_ps(x, left, u, _mm512_set1_ps(t[3])));
			d = _mm512_mask_add_ps(_mm512_sub_ps(_mm512_set1_ps(t[1]), x), left, x, a);
			d = _mm512_max_ps(d, a);
			_mm512_store_ps(D + p * 16, d);
			if (lag)
				dates16(F, off, from, lag, p, d);
			else
				dates16(F, off, from, NULL, p, d);
		}
		acc += finish16(F, sink, nsink);
	}
	t0 = now() - t0;
	sink_v = acc;
	free(F);
	free(D);
	free(ta);
	free(sink);
	return t0;
}
#endif

struct floor {
	const char *name;
	double (*run)(const struct sched_network *, const double *, const double *, size_t);
	double best;
	int nolag;		/* takes NULL lags: none, and none added */
};

int
main(int argc, char **argv)
{
	struct sched_input_options in = SCHED_INPUT_OPTIONS_INIT;
	struct sched_network net;
	struct mc_model m;
	struct mc_source *src = NULL;
	struct error err = ERROR_INIT;
	struct floor floors[] = {
		{ "scalar", floor_scalar, 1e30, 0 },
		{ "block-8", floor_block8, 1e30, 0 },
		{ "block-16", floor_block16, 1e30, 0 },
		{ "block-32", floor_block32, 1e30, 0 },
		{ "block-64", floor_block64, 1e30, 0 },
		{ "float-16", floor_float16, 1e30, 0 },
		{ "float-32", floor_float32, 1e30, 0 },
		{ "float-64", floor_float64, 1e30, 0 },
#ifdef __AVX512F__
		{ "block-avx512", floor_avx512, 1e30, 1 },
		{ "float-avx512", floor_avx512_float, 1e30, 1 },
#endif
	};
	size_t nf = sizeof(floors) / sizeof(floors[0]), best = 0, best_double = 0;
	size_t iters, nl;
	int threads;
	double *dur, *lag, draw = 1e30, fused = 1e30, ai;
	const double *lag16;
	int nolag = 1;
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
	ai = (double)nl * (double)iters;
	dur = xmalloc((nl ? nl : 1) * sizeof(double));
	lag = xmalloc((net.nedges ? net.nedges : 1) * sizeof(double));
	for (size_t p = 0; p < nl; p++) {
		uint32_t i = net.order[p];

		dur[p] = isnan(m.ml[i]) ? (double)net.dur[p] / 28800.0 : m.ml[i];
	}
	for (size_t e = 0; e < net.nedges; e++) {
		lag[e] = (double)net.e_lag[e] / 28800.0;
		nolag = nolag && lag[e] == 0;
	}
	lag16 = nolag ? NULL : lag;
	/* five rounds, the floors taken in turn in each */
	for (int r = 0; r < 5; r++) {
		double t;

		for (size_t f = 0; f < nf; f++) {
			t = floors[f].run(&net, dur, floors[f].nolag ? lag16 : lag, iters);
			floors[f].best = t < floors[f].best ? t : floors[f].best;
		}
		t = draw_alone(&net, &m, iters);
		draw = t < draw ? t : draw;
#ifdef __AVX512F__
		t = draw_and_pass(&net, &m, lag16, iters);
		fused = t < fused ? t : fused;
#endif
	}
	for (size_t f = 0; f < nf; f++) {
		printf("floor %s: %.4f s  %.3f ns/activity-iteration\n", floors[f].name,
		       floors[f].best, floors[f].best / ai * 1e9);
		if (floors[f].best < floors[best].best)
			best = f;
		if (strncmp(floors[f].name, "float", 5) != 0 &&
		    floors[f].best < floors[best_double].best)
			best_double = f;
	}
	printf("floor best: %.4f s  %.3f ns/activity-iteration (%s)\n", floors[best].best,
	       floors[best].best / ai * 1e9, floors[best].name);
	printf("floor best-double: %.4f s  %.3f ns/activity-iteration (%s)\n",
	       floors[best_double].best, floors[best_double].best / ai * 1e9,
	       floors[best_double].name);
	printf("draw alone: %.4f s  %.3f ns/activity-iteration\n", draw, draw / ai * 1e9);
	if (fused < 1e30)
		printf("draw and pass: %.4f s  %.3f ns/activity-iteration\n", fused, fused / ai * 1e9);
	for (int pass = 0; pass < 3; pass++) {
		struct mc_options opt = MC_OPTIONS_INIT;
		struct mc_result res;
		double t = 1e30;

		opt.iterations = iters;
		opt.seed = 42;
		opt.threads = pass == 0 ? 1 : threads;
		opt.sensitivity = pass < 2;
		for (int r = 0; r < 5; r++) {
			if (mc_run(&m, &opt, &res, &err) < 0) {
				fprintf(stderr, "mc-floor: %s\n", error_text(&err, buf, sizeof(buf)));
				return 1;
			}
			t = res.seconds < t ? res.seconds : t;
			if (r < 4)
				mc_result_release(&res);
		}
		printf("folio threads=%d%s: %.4f s  %.3f ns/activity-iteration  P10=%.3f P50=%.3f "
		       "P80=%.3f P90=%.3f mean=%.3f\n",
		       opt.threads, opt.sensitivity ? "" : " no-correlation", t, t / ai * 1e9,
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
