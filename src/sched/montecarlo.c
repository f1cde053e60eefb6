/*
 * montecarlo.c - Monte Carlo schedule risk analysis (see montecarlo.h and
 * docs/montecarlo.md).
 *
 * Layout of a run. The network is compiled once more into a "plan": per
 * topological position the sampling parameters, the in-links with FS
 * links first, and a flag for the few activities whose dates need the
 * full CPM rules (constraints, actual or fixed dates). Workers take
 * blocks of MC_BLOCK iterations; a block's numbers come from its own
 * counter-based stream, so blocks may run anywhere in any order. A block
 * runs as MC_BLOCK / L passes of L (16) iterations side by side: every
 * array is position-major and iteration-minor (value of position p in
 * lane i at [p * L + i]), and one pass over the positions draws the
 * durations of p and sets its dates for the L lanes at once, in short
 * loops of whole SIMD registers. Each pass then traces every lane's
 * driving path back from its finish; at the end of the block one more
 * read of the durations of all its passes takes the sensitivity sums.
 *
 * Determinism: each block's sums are rounded to fixed point (2^-SHIFT) and
 * added as integers, so the order in which blocks finish cannot change a
 * bit of the answer; samples are stored by iteration number. No multiply
 * and add are fused (-ffp-contract=off), so the SIMD clones of the hot
 * functions and the plain one give the same bits.
 */
#include "sched/montecarlo.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/error.h"
#include "core/xmalloc.h"
#include "sched/calendar.h"
#include "sched/cpm.h"
#include "sched/network.h"

#define GAMMA 0x9e3779b97f4a7c15ULL
#define NEG_INF (-HUGE_VAL)
#define FIX_SHIFT 16		/* fixed point of the sensitivity sums */
#define MC_DAYS_MAX (2000.0 * 366)	/* the longest estimate or impact, days */
#define SUM_W 16		/* positions whose sums are reduced together */

/* The lane vectors below never cross a call that is not inlined: GCC's
   note that their ABI depends on -mavx512f does not concern them. */
#pragma GCC diagnostic ignored "-Wpsabi"

/* Vectorised clones of the hot loops where the compiler can make them. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && \
	!defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
#define MC_HOT __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#define MC_CLONES 1
#include <immintrin.h>
#else
#define MC_HOT
#endif

__extension__ typedef __int128 fix128;

const double mc_quantile_levels[MC_NQ] = { 0.10, 0.50, 0.80, 0.90 };

/* --- random numbers ------------------------------------------------- */

/*
 * SplitMix64 (Steele, Lea and Flood 2014) used as a counter-based
 * generator: output k of stream `key` is the mix of key + (k + 1) * GAMMA.
 * The mix is a bijection, so a stream repeats only after 2^64 outputs,
 * and two streams with random keys overlap only if their keys lie within
 * (outputs used) * GAMMA of each other: about 1e-6 for a million blocks
 * of a million numbers.
 */
static inline uint64_t
mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint64_t
mc_rng_at(uint64_t key, uint64_t k)
{
	return mix64(key + (k + 1) * GAMMA);
}

/* The key of block k's stream: output k of the seed's own stream. */
static uint64_t
block_key(uint64_t seed, uint64_t k)
{
	return mc_rng_at(mix64(seed ^ 0x5851f42d4c957f2dULL), k);
}

/*
 * The lanes' numbers: one xoshiro128+ generator (Blackman and Vigna,
 * "Scrambled linear pseudorandom number generators", 2021) per lane of a
 * block, its 128-bit state two outputs of the block's SplitMix64 stream
 * (counters 2i and 2i + 1 for lane i), stepped once per sampled position,
 * in position order. A step is 32-bit adds, shifts, a rotation and xors,
 * L lanes side by side (SplitMix64's two 64-bit multiplies per output
 * cost five cycles a vector on the processor measured). Its period is
 * 2^128 - 1; a uniform is the top 24 bits of an output (exact in single
 * precision), the use the authors made it for: only its lowest bits are
 * weak (linear). Streams: m lanes started at random points of the one
 * cycle overlap within n steps with probability below m^2 n / 2^128,
 * 1e-17 for a million blocks of 64 lanes of a million positions.
 */
#define B MC_BLOCK
#define L 16			/* lanes of one pass: a block is B / L passes */
#define NSUB (B / L)
typedef uint32_t vu32 __attribute__((vector_size(L * sizeof(uint32_t))));
typedef int32_t vi32 __attribute__((vector_size(L * sizeof(int32_t))));
typedef float vf32 __attribute__((vector_size(L * sizeof(float))));

_Static_assert(B % L == 0, "a block is a whole number of passes");

typedef float vf8 __attribute__((vector_size(8 * sizeof(float))));
typedef int64_t vi64 __attribute__((vector_size(8 * sizeof(int64_t))));

struct lanes {
	vu32 s0, s1, s2, s3;
};

/* The generators of lanes sub * L .. sub * L + L - 1 of block key. */
static inline __attribute__((always_inline)) void
lanes_seed(struct lanes *g, uint64_t key, int sub)
{
	for (int i = 0; i < L; i++) {
		uint64_t c = 2 * ((uint64_t)sub * L + (uint64_t)i);
		uint64_t x = mc_rng_at(key, c), y = mc_rng_at(key, c + 1);

		if ((x | y) == 0)
			x = 1;	/* the one state the generator cannot leave */
		g->s0[i] = (uint32_t)x;
		g->s1[i] = (uint32_t)(x >> 32);
		g->s2[i] = (uint32_t)y;
		g->s3[i] = (uint32_t)(y >> 32);
	}
}

/* The next uniform in [0, 1) of every lane. */
static inline __attribute__((always_inline)) vf32
lanes_next(struct lanes *g)
{
	vu32 s0 = g->s0, s1 = g->s1, s2 = g->s2, s3 = g->s3;
	vu32 r = s0 + s3, t = s1 << 9;

	s2 ^= s0;
	s3 ^= s1;
	s1 ^= s2;
	s0 ^= s3;
	s2 ^= t;
	s3 = (s3 << 11) | (s3 >> 21);
	g->s0 = s0;
	g->s1 = s1;
	g->s2 = s2;
	g->s3 = s3;
	return __builtin_convertvector((vi32)(r >> 8), vf32) * 0x1.0p-24f;
}

/* 53 random bits as a double in [0, 1). */
static inline double
unit(uint64_t x)
{
	return (double)(int64_t)(x >> 11) * 0x1.0p-53;
}

/* --- distributions --------------------------------------------------- */

/*
 * Triangular inverse CDF in the form the kernel uses: with w = b - a,
 * fc = (m - a) / w, k1 = w (m - a), k2 = w (b - m):
 * x = a + sqrt(u k1) for u < fc, else b - sqrt((1 - u) k2).
 */
struct tri {
	double a, b, fc, k1, k2;
};

static void
tri_init(struct tri *t, double a, double m, double b)
{
	double w = b - a;

	t->a = a;
	t->b = b;
	t->fc = w > 0 ? (m - a) / w : 0;
	t->k1 = w * (m - a);
	t->k2 = w * (b - m);
}

static inline double
tri_at(const struct tri *t, double u)
{
	double x = u < t->fc ? u * t->k1 : (1.0 - u) * t->k2;
	double r = sqrt(x);

	return u < t->fc ? t->a + r : t->b - r;
}

/* The same in single precision, as the sampling kernel computes it. */
struct trif {
	float a, b, fc, k1, k2;
};

static void
trif_init(struct trif *t, double a, double m, double b)
{
	double w = b - a;

	t->a = (float)a;
	t->b = (float)b;
	t->fc = (float)(w > 0 ? (m - a) / w : 0);
	t->k1 = (float)(w * (m - a));
	t->k2 = (float)(w * (b - m));
}

static inline float
trif_at(const struct trif *t, float u)
{
	float x = u < t->fc ? u * t->k1 : (1.0f - u) * t->k2;
	float r = sqrtf(x), d = u < t->fc ? t->a + r : t->b - r;

	/* b - r can round to one unit below a; never below the optimistic */
	return d > t->a ? d : t->a;
}

double
mc_triangular_inv(double a, double m, double b, double u)
{
	struct tri t;

	if (!(b > a))
		return a;
	tri_init(&t, a, m, b);
	return tri_at(&t, u);
}

/*
 * PERT-beta: the standard beta quantile depends only on r = (m-a)/(b-a)
 * (alpha = 1 + 4r, beta = 1 + 4(1-r)), so one table of Q(r, u) serves
 * every activity: PERT_R values of r by PERT_U + 1 values of u, read
 * with bilinear interpolation. It is built once, on first use, by
 * inverting the regularised incomplete beta function on a fine grid.
 */
#define PERT_R 128	/* intervals of r */
#define PERT_U 1024	/* intervals of u */
#define PERT_X 8192	/* intervals of x when inverting */

static double *pert_tab;	/* (PERT_R + 1) x (PERT_U + 1) */
static pthread_once_t pert_once = PTHREAD_ONCE_INIT;

/* Continued fraction of the incomplete beta (Lentz's method). */
static double
betacf(double a, double b, double x)
{
	const double tiny = 1e-300;
	double qab = a + b, qap = a + 1, qam = a - 1, c = 1, d, h;

	d = 1 - qab * x / qap;
	if (fabs(d) < tiny)
		d = tiny;
	d = 1 / d;
	h = d;
	for (int m = 1; m <= 300; m++) {
		double m2 = 2.0 * m, aa, del;

		aa = m * (b - m) * x / ((qam + m2) * (a + m2));
		d = 1 + aa * d;
		if (fabs(d) < tiny)
			d = tiny;
		c = 1 + aa / c;
		if (fabs(c) < tiny)
			c = tiny;
		d = 1 / d;
		h *= d * c;
		aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
		d = 1 + aa * d;
		if (fabs(d) < tiny)
			d = tiny;
		c = 1 + aa / c;
		if (fabs(c) < tiny)
			c = tiny;
		d = 1 / d;
		del = d * c;
		h *= del;
		if (fabs(del - 1) < 1e-15)
			break;
	}
	return h;
}

/* I_x(a, b); lbeta = log B(a, b). */
static double
ibeta(double a, double b, double lbeta, double x)
{
	double front;

	if (x <= 0)
		return 0;
	if (x >= 1)
		return 1;
	front = exp(a * log(x) + b * log1p(-x) - lbeta);
	if (x < (a + 1) / (a + b + 2))
		return front * betacf(a, b, x) / a;
	return 1 - front * betacf(b, a, 1 - x) / b;
}

/*
 * The table's columns are evenly spaced in v, not in u: u = 2v^2 up to
 * the middle and symmetrically above it, so they crowd into the tails,
 * where the beta quantile rises like u^(1/alpha) and a straight line
 * between evenly spaced points would be far off.
 */
static double
pert_u(double v)
{
	return v <= 0.5 ? 2 * v * v : 1 - 2 * (1 - v) * (1 - v);
}

static double
pert_v(double u)
{
	return u <= 0.5 ? sqrt(u / 2) : 1 - sqrt((1 - u) / 2);
}

static void
pert_build(void)
{
	double *cdf = xmalloc((PERT_X + 1) * sizeof(*cdf));

	pert_tab = xmalloc((size_t)(PERT_R + 1) * (PERT_U + 1) * sizeof(*pert_tab));
	for (int ri = 0; ri <= PERT_R; ri++) {
		double r = (double)ri / PERT_R, al = 1 + 4 * r, be = 1 + 4 * (1 - r);
		double lb = lgamma(al) + lgamma(be) - lgamma(al + be);
		double *row = pert_tab + (size_t)ri * (PERT_U + 1);
		int k = 0;

		for (int x = 0; x <= PERT_X; x++)
			cdf[x] = ibeta(al, be, lb, (double)x / PERT_X);
		row[0] = 0;
		row[PERT_U] = 1;
		for (int j = 1; j < PERT_U; j++) {
			double u = pert_u((double)j / PERT_U), t;

			while (k < PERT_X - 1 && cdf[k + 1] < u)
				k++;
			t = cdf[k + 1] > cdf[k] ? (u - cdf[k]) / (cdf[k + 1] - cdf[k]) : 0;
			row[j] = ((double)k + t) / PERT_X;
		}
	}
	free(cdf);
}

struct pert {
	double a, w;		/* lo, hi - lo */
	const double *r0, *r1;	/* table rows around r */
	double wr;		/* weight of r1 */
};

static void
pert_init(struct pert *p, double a, double m, double b)
{
	double r, ri;
	int i0;

	pthread_once(&pert_once, pert_build);
	p->a = a;
	p->w = b - a;
	r = p->w > 0 ? (m - a) / p->w : 0;
	ri = r * PERT_R;
	i0 = (int)ri;
	if (i0 >= PERT_R)
		i0 = PERT_R - 1;
	p->wr = ri - i0;
	p->r0 = pert_tab + (size_t)i0 * (PERT_U + 1);
	p->r1 = p->r0 + (PERT_U + 1);
}

static inline double
pert_at(const struct pert *p, double u)
{
	double uj = pert_v(u) * PERT_U, wu, q0, q1;
	int j = (int)uj;

	if (j >= PERT_U)
		j = PERT_U - 1;
	wu = uj - j;
	q0 = p->r0[j] + wu * (p->r0[j + 1] - p->r0[j]);
	q1 = p->r1[j] + wu * (p->r1[j + 1] - p->r1[j]);
	return p->a + p->w * (q0 + p->wr * (q1 - q0));
}

double
mc_pert_inv(double a, double m, double b, double u)
{
	struct pert p;

	if (!(b > a))
		return a;
	pert_init(&p, a, m, b);
	return pert_at(&p, u);
}

/* Variances of the triangular and of the PERT-beta (lambda 4). */
static double
tri_var(double a, double m, double b)
{
	return (a * a + b * b + m * m - a * b - a * m - b * m) / 18;
}

static double
pert_var(double a, double m, double b)
{
	double w = b - a, al, be;

	if (!(w > 0))
		return 0;
	al = 1 + 4 * (m - a) / w;
	be = 1 + 4 * (b - m) / w;
	return w * w * al * be / ((al + be) * (al + be) * (al + be + 1));
}

/* The standard normal CDF and its inverse (Acklam, one Halley step). */
static double
norm_cdf(double z)
{
	return 0.5 * erfc(-z * M_SQRT1_2);
}

static double
norm_inv(double p)
{
	static const double a[] = { -3.969683028665376e+01, 2.209460984245205e+02,
		-2.759285104469687e+02, 1.383577518672690e+02,
		-3.066479806614716e+01, 2.506628277459239e+00 };
	static const double b[] = { -5.447609879822406e+01, 1.615858368580409e+02,
		-1.556989798598866e+02, 6.680131188771972e+01,
		-1.328068155288572e+01 };
	static const double c[] = { -7.784894002430293e-03, -3.223964580411365e-01,
		-2.400758277161838e+00, -2.549732539343734e+00,
		4.374664141464968e+00, 2.938163982698783e+00 };
	static const double d[] = { 7.784695709041462e-03, 3.224671290700398e-01,
		2.445134137142996e+00, 3.754408661907416e+00 };
	double q, r, x, e;

	if (p <= 0)
		p = 0x1.0p-60;
	if (p < 0.02425) {
		q = sqrt(-2 * log(p));
		x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
		    ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
	} else if (p <= 1 - 0.02425) {
		q = p - 0.5;
		r = q * q;
		x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
		    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
	} else {
		q = sqrt(-2 * log1p(-p));
		x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
		    ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
	}
	e = norm_cdf(x) - p;
	r = e * sqrt(2 * M_PI) * exp(x * x / 2);
	return x - r / (1 + x * r / 2);
}

const char *
mc_dist_name(enum mc_dist d)
{
	return d == MC_PERT ? "pert" : "triangular";
}

int
mc_dist_parse(const char *s)
{
	if (strcmp(s, "triangular") == 0 || strcmp(s, "tri") == 0)
		return MC_TRIANGULAR;
	if (strcmp(s, "pert") == 0 || strcmp(s, "beta") == 0 || strcmp(s, "pert-beta") == 0)
		return MC_PERT;
	return -1;
}

/* --- the model ------------------------------------------------------- */

void
mc_model_init(struct mc_model *m, struct sched_network *net)
{
	memset(m, 0, sizeof(*m));
	m->net = net;
	m->n = net->n;
	m->lo = xmalloc((m->n ? m->n : 1) * sizeof(*m->lo));
	m->ml = xmalloc((m->n ? m->n : 1) * sizeof(*m->ml));
	m->hi = xmalloc((m->n ? m->n : 1) * sizeof(*m->hi));
	m->group = xmalloc((m->n ? m->n : 1) * sizeof(*m->group));
	for (size_t i = 0; i < m->n; i++) {
		m->lo[i] = m->ml[i] = m->hi[i] = NAN;
		m->group[i] = -1;
	}
}

void
mc_model_release(struct mc_model *m)
{
	for (size_t i = 0; i < m->nrisks; i++) {
		free(m->risk[i].id);
		free(m->risk[i].acts);
	}
	for (size_t i = 0; i < m->ntargets; i++)
		free(m->target[i].name);
	free(m->risk);
	free(m->target);
	free(m->lo);
	free(m->ml);
	free(m->hi);
	free(m->group);
	free(m->rho);
	memset(m, 0, sizeof(*m));
}

static int
check_act(const struct mc_model *m, size_t act, struct error *err)
{
	if (act >= m->n)
		return error_set(err, ERR_INPUT, "no activity %zu in the network", act);
	if (m->net->act[act].kind == SCHED_SUMMARY)
		return error_set(err, ERR_INPUT, "%s is a summary: give its activities instead",
				 m->net->act[act].id);
	return 0;
}

int
mc_model_estimate(struct mc_model *m, size_t act, double lo, double ml,
		  double hi, struct error *err)
{
	if (check_act(m, act, err) < 0)
		return -1;
	if (!(lo >= 0 && lo <= ml && ml <= hi && isfinite(hi)))
		return error_set(err, ERR_INPUT,
				 "%s: the estimate must have 0 <= optimistic <= most likely <= pessimistic (%g, %g, %g)",
				 m->net->act[act].id, lo, ml, hi);
	if (hi > MC_DAYS_MAX)
		return error_set(err, ERR_INPUT, "%s: the pessimistic estimate (%g days) is longer than 2,000 years",
				 m->net->act[act].id, hi);
	m->lo[act] = lo;
	m->ml[act] = ml;
	m->hi[act] = hi;
	return 0;
}

int
mc_model_risk(struct mc_model *m, const char *id, double probability,
	      double lo, double likely, double hi, const uint32_t *acts,
	      size_t nacts, struct error *err)
{
	struct mc_risk *r;

	if (!(probability >= 0 && probability <= 1))
		return error_set(err, ERR_INPUT, "risk %s: probability %g is not between 0 and 1",
				 id, probability);
	if (!(lo <= likely && likely <= hi && isfinite(lo) && isfinite(hi)))
		return error_set(err, ERR_INPUT,
				 "risk %s: the impact must have min <= likely <= max (%g, %g, %g)",
				 id, lo, likely, hi);
	if (lo < -MC_DAYS_MAX || hi > MC_DAYS_MAX)
		return error_set(err, ERR_INPUT, "risk %s: an impact of more than 2,000 years (%g, %g days)",
				 id, lo, hi);
	for (size_t i = 0; i < nacts; i++)
		if (check_act(m, acts[i], err) < 0)
			return -1;
	m->risk = xreallocarray(m->risk, m->nrisks + 1, sizeof(*m->risk));
	r = &m->risk[m->nrisks++];
	r->id = xstrdup(id);
	r->probability = probability;
	r->lo = lo;
	r->likely = likely;
	r->hi = hi;
	r->acts = xmalloc((nacts ? nacts : 1) * sizeof(*r->acts));
	if (nacts)
		memcpy(r->acts, acts, nacts * sizeof(*acts));
	r->nacts = nacts;
	return 0;
}

int
mc_model_correlate(struct mc_model *m, const uint32_t *acts, size_t nacts,
		   double rho, struct error *err)
{
	if (!(rho >= 0 && rho < 1))
		return error_set(err, ERR_INPUT, "correlation %g is not in [0, 1)", rho);
	for (size_t i = 0; i < nacts; i++) {
		if (check_act(m, acts[i], err) < 0)
			return -1;
		if (m->group[acts[i]] >= 0)
			return error_set(err, ERR_INPUT, "%s is already in a correlation group",
					 m->net->act[acts[i]].id);
	}
	m->rho = xreallocarray(m->rho, m->ngroups + 1, sizeof(*m->rho));
	m->rho[m->ngroups] = rho;
	for (size_t i = 0; i < nacts; i++)
		m->group[acts[i]] = (int)m->ngroups;
	m->ngroups++;
	return 0;
}

int
mc_model_target(struct mc_model *m, size_t act, const char *name,
		int64_t baseline, int64_t forecast, struct error *err)
{
	struct mc_target *t;

	if (check_act(m, act, err) < 0)
		return -1;
	m->target = xreallocarray(m->target, m->ntargets + 1, sizeof(*m->target));
	t = &m->target[m->ntargets++];
	t->name = xstrdup(name ? name : m->net->act[act].id);
	t->act = (uint32_t)act;
	t->baseline = baseline;
	t->forecast = forecast;
	return 0;
}

/* --- the plan: the network compiled for sampling ---------------------- */

enum samp { S_FIXED, S_TRI, S_PERT };

/* Activities whose dates need the CPM's full rules (eval_special). */
struct special {
	int kind;		/* 0 links, 1 actual finish, 2 fixed, 3 actual start */
	double as, af;		/* actual or fixed dates, days (NAN absent) */
	enum sched_constraint con;
	double cdate;		/* constraint, days; NAN without a date */
};

struct plan {
	const struct mc_model *m;
	const struct sched_network *net;
	size_t nl;		/* leaf positions */
	int fast;		/* one calendar: work in days */
	int honour;
	double ds;		/* working seconds per day (axis or project) */
	int64_t w0;		/* work position of the start (fast) */
	const struct sched_calendar *wcal;	/* calendar of the day unit */

	/* by position */
	unsigned char *samp;
	double *fixed;		/* fixed duration, days */
	struct trif *trif;
	struct pert *pert;
	int *group;
	double *centre;		/* mean duration (analytic), days */
	double *var;		/* its variance (analytic), days^2 */
	int32_t *special;	/* index into spec, or -1 */
	struct special *spec;
	size_t nspec;
	/* in-links by position: [e_off[p], e_fs[p]) FS, then the others */
	uint32_t *e_off, *e_fs;
	uint32_t *e_from;
	double *e_lag;		/* days (fast path) */
	unsigned char *e_type;
	uint32_t *e_net;	/* the network's edge index */
	int need_start;		/* some SS or SF link reads a start */
	uint32_t *cand;		/* positions that may set the project finish */
	size_t ncand;
	/* risks by position */
	uint32_t *r_off, *r_idx;
	struct tri *rtri;	/* impact by risk */
	double *gs, *gn;	/* sqrt(rho), sqrt(1 - rho) by group */
	int32_t *tpos;		/* target positions */
	double fcentre;		/* centring of the finish */
	uint64_t ctr_risk, ctr_group;	/* counter bases in a block */
	unsigned char *plain;	/* no rule, FS links only: the trace's quick step */
	unsigned char *single;	/* plain, one link with lag >= 0, and no date
				   anywhere below 0: that link always drives */
	unsigned char *fused;	/* plain, triangular, uncorrelated, no risk:
				   block_fast() draws and dates it in place;
				   2 when none of its in-links has a lag */
	struct trif *trif24;	/* trif with u scaled by 2^24 (fc 2^24, k1 and
				   k2 2^-24: exact, see scaled_trif()) */
	int avx512;		/* run_avx512() for runs of them */
	size_t npad;		/* nl rounded up to SUM_W positions */
	float *centref;		/* centre by position, npad of them */

	/* run state */
	const struct mc_options *opt;
	size_t iterations, nblocks;
	atomic_size_t next, done;
	atomic_int finished;
	pthread_mutex_t lock;	/* with cond: the last worker wakes the caller */
	pthread_cond_t cond;
	unsigned char *block_done;
	double *finish;		/* by iteration */
	double *tfin;		/* ntargets x iterations */
};

static int64_t
day_of(int64_t t)
{
	return t >= 0 ? t / SCHED_DAY_SECONDS : -((-t + SCHED_DAY_SECONDS - 1) / SCHED_DAY_SECONDS);
}

/* Days of work from the start to instant t on the day-unit calendar. */
static double
days_of(const struct plan *pl, int64_t t)
{
	return (double)(sched_cal_to_work(pl->wcal, t) - pl->w0) / pl->ds;
}

static void
plan_release(struct plan *pl)
{
	free(pl->samp);
	free(pl->fixed);
	free(pl->trif);
	free(pl->trif24);
	free(pl->pert);
	free(pl->group);
	free(pl->centre);
	free(pl->var);
	free(pl->special);
	free(pl->spec);
	free(pl->e_off);
	free(pl->e_fs);
	free(pl->e_from);
	free(pl->e_lag);
	free(pl->e_type);
	free(pl->e_net);
	free(pl->cand);
	free(pl->r_off);
	free(pl->r_idx);
	free(pl->rtri);
	free(pl->gs);
	free(pl->gn);
	free(pl->tpos);
	free(pl->plain);
	free(pl->single);
	free(pl->fused);
	free(pl->centref);
	free(pl->block_done);
	free(pl->finish);
	free(pl->tfin);
}

static int
plan_build(struct plan *pl, const struct mc_model *m, enum mc_dist dist,
	   struct error *err)
{
	const struct sched_network *net = m->net;
	size_t nl = net->nleaf, ne = net->nedges, k;
	unsigned char *blocked;
	double *cal_secs;
	int nonneg;

	pl->m = m;
	pl->net = net;
	pl->nl = nl;
	pl->honour = net->honour_constraints;
	pl->fast = net->axis >= 0;
	pl->wcal = net->cal[pl->fast ? net->axis : net->project_cal];
	pl->ds = (double)sched_calendar_day_seconds(pl->wcal);
	if (!(pl->ds > 0))
		return error_set(err, ERR_INPUT, "calendar %s has no working day",
				 sched_calendar_name(pl->wcal));
	pl->w0 = sched_cal_to_work(pl->wcal, net->start);

	pl->samp = xcalloc(nl ? nl : 1, 1);
	pl->fixed = xcalloc(nl ? nl : 1, sizeof(double));
	pl->trif = xcalloc(nl ? nl : 1, sizeof(*pl->trif));
	pl->pert = xcalloc(nl ? nl : 1, sizeof(*pl->pert));
	pl->group = xmalloc((nl ? nl : 1) * sizeof(int));
	pl->centre = xcalloc(nl ? nl : 1, sizeof(double));
	pl->var = xcalloc(nl ? nl : 1, sizeof(double));
	pl->special = xmalloc((nl ? nl : 1) * sizeof(int32_t));
	pl->spec = xmalloc((nl ? nl : 1) * sizeof(*pl->spec));
	/* working seconds in a day, once per calendar */
	cal_secs = xmalloc((net->ncal ? net->ncal : 1) * sizeof(double));
	for (size_t c = 0; c < net->ncal; c++)
		cal_secs[c] = (double)sched_calendar_day_seconds(net->cal[c]);
	for (size_t p = 0; p < nl; p++) {
		uint32_t i = net->order[p];
		const struct sched_activity *a = &net->act[i];
		double cal_ds = cal_secs[a->cal];
		struct special sp = { 0, NAN, NAN, a->constraint, NAN };

		pl->group[p] = m->group[i];
		if (a->kind == SCHED_MILESTONE || isnan(m->lo[i]) || !(m->hi[i] > m->lo[i])) {
			pl->samp[p] = S_FIXED;
			pl->fixed[p] = isnan(m->lo[i]) || a->kind == SCHED_MILESTONE
				? (double)net->dur[p] / (cal_ds > 0 ? cal_ds : pl->ds)
				: m->lo[i];
			pl->centre[p] = pl->fixed[p];
			pl->group[p] = -1;
		} else if (dist == MC_PERT) {
			pl->samp[p] = S_PERT;
			pert_init(&pl->pert[p], m->lo[i], m->ml[i], m->hi[i]);
			pl->centre[p] = (m->lo[i] + 4 * m->ml[i] + m->hi[i]) / 6;
			pl->var[p] = pert_var(m->lo[i], m->ml[i], m->hi[i]);
		} else {
			pl->samp[p] = S_TRI;
			trif_init(&pl->trif[p], m->lo[i], m->ml[i], m->hi[i]);
			pl->centre[p] = (m->lo[i] + m->ml[i] + m->hi[i]) / 3;
			pl->var[p] = tri_var(m->lo[i], m->ml[i], m->hi[i]);
		}
		pl->special[p] = -1;
		if (a->actual_finish != SCHED_NONE)
			sp.kind = 1;
		else if (a->fixed_start != SCHED_NONE)
			sp.kind = 2;
		else if (a->actual_start != SCHED_NONE)
			sp.kind = 3;
		if (a->constraint_date != SCHED_NONE && a->constraint != SCHED_ASAP &&
		    a->constraint != SCHED_ALAP)
			sp.cdate = days_of(pl, a->constraint_date);
		if (sp.kind == 0 && isnan(sp.cdate))
			continue;
		if (sp.kind == 1 || sp.kind == 3)
			sp.as = a->actual_start != SCHED_NONE ? days_of(pl, a->actual_start) : NAN;
		if (sp.kind == 1)
			sp.af = days_of(pl, a->actual_finish);
		if (sp.kind == 2) {
			sp.as = days_of(pl, a->fixed_start);
			sp.af = days_of(pl, a->fixed_finish);
		}
		if (sp.kind == 1 || sp.kind == 2) {
			/* done or fixed: nothing to sample */
			pl->samp[p] = S_FIXED;
			pl->fixed[p] = isnan(sp.as) ? (double)net->dur[p] / (cal_ds > 0 ? cal_ds : pl->ds)
						    : sp.af - sp.as;
			pl->centre[p] = pl->fixed[p];
			pl->var[p] = 0;
			pl->group[p] = -1;
		}
		pl->special[p] = (int32_t)pl->nspec;
		pl->spec[pl->nspec++] = sp;
	}
	free(cal_secs);

	/* in-links, FS first */
	pl->e_off = xmalloc((nl + 1) * sizeof(uint32_t));
	pl->e_fs = xmalloc((nl ? nl : 1) * sizeof(uint32_t));
	pl->e_from = xmalloc((ne ? ne : 1) * sizeof(uint32_t));
	pl->e_lag = xmalloc((ne ? ne : 1) * sizeof(double));
	pl->e_type = xmalloc(ne ? ne : 1);
	pl->e_net = xmalloc((ne ? ne : 1) * sizeof(uint32_t));
	k = 0;
	for (size_t p = 0; p < nl; p++) {
		pl->e_off[p] = (uint32_t)k;
		for (int pass = 0; pass < 2; pass++) {
			for (uint32_t e = net->in_off[p]; e < net->in_off[p + 1]; e++) {
				if ((net->e_type[e] == SCHED_FS) != (pass == 0))
					continue;
				pl->e_from[k] = net->in_from[e];
				pl->e_lag[k] = (double)net->e_lag[e] / pl->ds;
				pl->e_type[k] = net->e_type[e];
				pl->e_net[k] = e;
				if (net->e_type[e] == SCHED_SS || net->e_type[e] == SCHED_SF)
					pl->need_start = 1;
				k++;
			}
			if (pass == 0)
				pl->e_fs[p] = (uint32_t)k;
		}
	}
	pl->e_off[nl] = (uint32_t)k;

	/* an activity followed by an FS or FF link with no lead never sets
	   the project finish alone: its successor ends no earlier */
	blocked = xcalloc(nl ? nl : 1, 1);
	for (size_t e = 0; e < ne; e++)
		if ((pl->e_type[e] == SCHED_FS || pl->e_type[e] == SCHED_FF) && pl->e_lag[e] >= 0)
			blocked[pl->e_from[e]] = 1;
	pl->cand = xmalloc((nl ? nl : 1) * sizeof(uint32_t));
	for (size_t p = 0; p < nl; p++)
		if (!blocked[p])
			pl->cand[pl->ncand++] = (uint32_t)p;
	free(blocked);

	/* risks by position */
	pl->r_off = xcalloc(nl + 1, sizeof(uint32_t));
	k = 0;
	for (size_t r = 0; r < m->nrisks; r++)
		for (size_t j = 0; j < m->risk[r].nacts; j++)
			pl->r_off[net->pos[m->risk[r].acts[j]] + 1]++;
	for (size_t p = 0; p < nl; p++)
		pl->r_off[p + 1] += pl->r_off[p];
	pl->r_idx = xmalloc((pl->r_off[nl] ? pl->r_off[nl] : 1) * sizeof(uint32_t));
	{
		uint32_t *fill = xcalloc(nl ? nl : 1, sizeof(uint32_t));

		for (size_t r = 0; r < m->nrisks; r++)
			for (size_t j = 0; j < m->risk[r].nacts; j++) {
				int32_t p = net->pos[m->risk[r].acts[j]];

				pl->r_idx[pl->r_off[p] + fill[p]++] = (uint32_t)r;
			}
		free(fill);
	}
	pl->rtri = xmalloc((m->nrisks ? m->nrisks : 1) * sizeof(*pl->rtri));
	for (size_t r = 0; r < m->nrisks; r++)
		tri_init(&pl->rtri[r], m->risk[r].lo, m->risk[r].likely, m->risk[r].hi);
	/* a risk adds p E[T] to the mean and p E[T^2] - (p E[T])^2 to the
	   variance of each activity it strikes */
	for (size_t p = 0; p < nl; p++)
		for (uint32_t j = pl->r_off[p]; j < pl->r_off[p + 1]; j++) {
			const struct mc_risk *r = &m->risk[pl->r_idx[j]];
			double mt = (r->lo + r->likely + r->hi) / 3;
			double et2 = tri_var(r->lo, r->likely, r->hi) + mt * mt;

			pl->centre[p] += r->probability * mt;
			pl->var[p] += r->probability * et2 - r->probability * r->probability * mt * mt;
		}
	pl->gs = xmalloc((m->ngroups ? m->ngroups : 1) * sizeof(double));
	pl->gn = xmalloc((m->ngroups ? m->ngroups : 1) * sizeof(double));
	for (size_t g = 0; g < m->ngroups; g++) {
		pl->gs[g] = sqrt(m->rho[g]);
		pl->gn[g] = sqrt(1 - m->rho[g]);
	}
	pl->npad = (nl + SUM_W - 1) / SUM_W * SUM_W;
	pl->centref = xcalloc(pl->npad ? pl->npad : 1, sizeof(float));
	pl->plain = xcalloc(nl ? nl : 1, 1);
	pl->single = xcalloc(nl ? nl : 1, 1);
	pl->fused = xcalloc(nl ? nl : 1, 1);
	/* with no rule, no negative risk and no negative fixed duration
	   every duration drawn is >= 0 (the samplers never go below the
	   optimistic, which is >= 0), so every start and finish is >= 0:
	   then the one in-link of a position, with a lag >= 0, sets its
	   start (eval_one()'s max is >= 0, not the project start) */
	nonneg = pl->nspec == 0;
	for (size_t r = 0; r < m->nrisks; r++)
		if (!(m->risk[r].lo >= 0))
			nonneg = 0;
	for (size_t p = 0; p < nl; p++)
		if (pl->samp[p] == S_FIXED && !(pl->fixed[p] >= 0))
			nonneg = 0;
	for (size_t p = 0; p < nl; p++) {
		pl->centref[p] = (float)pl->centre[p];
		pl->plain[p] = pl->special[p] < 0 && pl->e_fs[p] == pl->e_off[p + 1];
		pl->single[p] = nonneg && pl->plain[p] && pl->e_off[p + 1] - pl->e_off[p] == 1 &&
				pl->e_lag[pl->e_off[p]] >= 0;
		pl->fused[p] = pl->plain[p] && pl->samp[p] == S_TRI && pl->group[p] < 0 &&
			       pl->r_off[p] == pl->r_off[p + 1];
		/* 2: and no lag on any in-link, the usual case */
		if (pl->fused[p]) {
			uint32_t e = pl->e_off[p];

			while (e < pl->e_off[p + 1] && pl->e_lag[e] == 0)
				e++;
			pl->fused[p] += e == pl->e_off[p + 1];
		}
	}
	pl->tpos = xmalloc((m->ntargets ? m->ntargets : 1) * sizeof(int32_t));
	for (size_t t = 0; t < m->ntargets; t++)
		pl->tpos[t] = net->pos[m->target[t].act];
	pl->ctr_risk = 2 * (uint64_t)B;	/* after the lanes' seeds */
	pl->ctr_group = pl->ctr_risk + 2 * (uint64_t)m->nrisks * B;
	return 0;
}

/* --- one activity by the CPM's rules, in days ------------------------- */

/*
 * The dates of position p in one iteration from its predecessors' dates
 * (F, S: finish and start by [q * stride + lane]) and its duration d,
 * with the in-link (plan index) that set them in *drv, or -1 when the project
 * start, a constraint or an actual date did. This is sched_forward()'s
 * logic on one calendar, where snapping and working-time arithmetic are
 * plain additions.
 */
static void
eval_one(const struct plan *pl, size_t p, size_t stride, int lane, double d,
	 const double *F,
	 const double *S, double *sp, double *fp, int32_t *drv)
{
	const struct special *x = pl->special[p] >= 0 ? &pl->spec[pl->special[p]] : NULL;
	double s, sm = NEG_INF, fr = NEG_INF, f, c;
	int32_t sd = -1, fd = -1;

	if (x && x->kind == 1) {
		*fp = x->af;
		*sp = isnan(x->as) ? x->af - d : x->as;
		*drv = -1;
		return;
	}
	if (x && x->kind == 2) {
		*sp = x->as;
		*fp = x->af;
		*drv = -1;
		return;
	}
	if (x && x->kind == 3) {
		*sp = x->as;
		*fp = x->as + d;
		*drv = -1;
		return;
	}
	for (uint32_t e = pl->e_off[p]; e < pl->e_off[p + 1]; e++) {
		size_t q = (size_t)pl->e_from[e] * stride + (size_t)lane;
		double v;

		switch (pl->e_type[e]) {
		case SCHED_FS:
			v = F[q] + pl->e_lag[e];
			if (v > sm) {
				sm = v;
				sd = (int32_t)e;
			}
			break;
		case SCHED_SS:
			v = S[q] + pl->e_lag[e];
			if (v > sm) {
				sm = v;
				sd = (int32_t)e;
			}
			break;
		case SCHED_FF:
			v = F[q] + pl->e_lag[e];
			if (v > fr) {
				fr = v;
				fd = (int32_t)e;
			}
			break;
		default:
			v = S[q] + pl->e_lag[e];
			if (v > fr) {
				fr = v;
				fd = (int32_t)e;
			}
			break;
		}
	}
	s = sm;
	if (!(sm >= 0)) {	/* the project start */
		s = 0;
		sd = -1;
	}
	if (x && !isnan(x->cdate)) {
		c = x->cdate;
		switch (x->con) {
		case SCHED_SNET:
			if (c > s) {
				s = c;
				sd = -1;
			}
			break;
		case SCHED_FNET:
			if (c > fr) {
				fr = c;
				fd = -1;
			}
			break;
		case SCHED_MSO:
			if (pl->honour) {
				s = c;
				sd = -1;
				fr = NEG_INF;
			} else if (c > s) {
				s = c;
				sd = -1;
			}
			break;
		case SCHED_MFO:
			if (pl->honour) {
				*fp = c;
				*sp = c - d;
				*drv = -1;
				return;
			}
			if (c > fr) {
				fr = c;
				fd = -1;
			}
			break;
		default:
			break;
		}
	}
	if (fr > s + d) {
		f = fr;
		s = fr - d;
		sd = fd;
	} else {
		f = s + d;
	}
	if (pl->honour && x && !isnan(x->cdate)) {
		if (x->con == SCHED_SNLT && s > x->cdate) {
			s = x->cdate;
			f = s + d;
			sd = -1;
		} else if (x->con == SCHED_FNLT && f > x->cdate) {
			f = x->cdate;
			s = f - d;
			sd = -1;
		}
	}
	*sp = s;
	*fp = f;
	*drv = sd;
}

/* --- the block kernel (one calendar) --------------------------------- */

/*
 * A block's B lanes run as NSUB passes of L lanes: each pass samples its
 * lanes' durations into its own part of D, sets their dates in F (and
 * S), finds their finish and traces their driving paths; the
 * sensitivity sums then read the NSUB parts of D together. F, S and
 * the general path's arrays serve one pass at a time.
 */
struct work {
	float *D;		/* durations: NSUB parts of npad x L (rows
				   past nl stay 0) */
	double *F, *S;		/* finish and start, nl x L */
	void *raw[3];		/* the blocks D, F and S lie in */
	double *R;		/* risk impacts, nrisks x B */
	double *G;		/* group factors, ngroups x B */
	double pf[B];		/* project finish */
	uint32_t last[B];	/* position that sets it */
	/* per-thread sums */
	uint64_t *crit;		/* by position */
	fix128 *sx, *sxx, *sxy;	/* durations by position, then risks */
	/* the positions' sums since they were last added into sx, sxx,
	   sxy (64-bit adds in SIMD; see sums_block) */
	int64_t *ax, *axx, *axy;	/* npad */
	uint64_t abound;	/* the sum over blocks of the largest |value|
				   added since then */
	int64_t *gen_es, *gen_ef, *gen_dur;	/* the general path */
};

/* Durations of position p for a pass's lanes into d[0..L), from the
   lanes' uniforms u (unused for a fixed duration). */
static void
sample_block(const struct plan *pl, size_t p, const float *u, float *d)
{
	switch (pl->samp[p]) {
	case S_TRI:
		for (int i = 0; i < L; i++)
			d[i] = trif_at(&pl->trif[p], u[i]);
		break;
	case S_PERT:
		for (int i = 0; i < L; i++)
			d[i] = (float)pert_at(&pl->pert[p], (double)u[i]);
		break;
	default:
		for (int i = 0; i < L; i++)
			d[i] = (float)pl->fixed[p];
		break;
	}
}

/* The correlated version: the uniform goes through the group's copula
   (G: the group factors of the pass's first lane, B apart by group). */
static void
sample_grouped(const struct plan *pl, size_t p, const float *u, const double *G,
	       float *d)
{
	int g = pl->group[p];

	for (int i = 0; i < L; i++) {
		double z = pl->gs[g] * G[(size_t)g * B + i] +
			   pl->gn[g] * norm_inv(u[i] > 0 ? (double)u[i] : 0x1.0p-25);
		float v = (float)norm_cdf(z);

		if (v >= 1.0f)
			v = 0x1.fffffep-1f;
		d[i] = pl->samp[p] == S_PERT ? (float)pert_at(&pl->pert[p], (double)v)
					     : trif_at(&pl->trif[p], v);
	}
}

/* Dates of an ordinary position p: FS links first, then the others. */
static inline __attribute__((always_inline)) void
forward_block(const struct plan *pl, size_t p, const float *restrict d,
	      double *restrict F, double *restrict S)
{
	double s[L], fr[L];
	uint32_t e = pl->e_off[p], efs = pl->e_fs[p], eend = pl->e_off[p + 1];
	double *restrict fp = F + p * L;

	for (int i = 0; i < L; i++)
		s[i] = 0;
	for (; e < efs; e++) {
		const double *restrict fq = F + (size_t)pl->e_from[e] * L;
		const double lag = pl->e_lag[e];

		for (int i = 0; i < L; i++) {
			double v = fq[i] + lag;

			s[i] = v > s[i] ? v : s[i];
		}
	}
	if (e == eend) {
		for (int i = 0; i < L; i++)
			fp[i] = s[i] + d[i];
		if (S) {
			double *restrict sp = S + p * L;

			for (int i = 0; i < L; i++)
				sp[i] = s[i];
		}
		return;
	}
	for (int i = 0; i < L; i++)
		fr[i] = NEG_INF;
	for (; e < eend; e++) {
		const double *restrict q = (pl->e_type[e] == SCHED_FF ? F : S) +
					   (size_t)pl->e_from[e] * L;
		const double lag = pl->e_lag[e];

		if (pl->e_type[e] == SCHED_SS) {
			for (int i = 0; i < L; i++) {
				double v = q[i] + lag;

				s[i] = v > s[i] ? v : s[i];
			}
		} else {
			for (int i = 0; i < L; i++) {
				double v = q[i] + lag;

				fr[i] = v > fr[i] ? v : fr[i];
			}
		}
	}
	for (int i = 0; i < L; i++) {
		double f = s[i] + d[i];

		if (fr[i] > f) {
			f = fr[i];
			s[i] = f - d[i];
		}
		fp[i] = f;
	}
	if (S) {
		double *restrict sp = S + p * L;

		for (int i = 0; i < L; i++)
			sp[i] = s[i];
	}
}

/* Risk impacts and group factors of block key into w->R and w->G. */
static void
draw_block_extras(const struct plan *pl, uint64_t key, struct work *w)
{
	const struct mc_model *m = pl->m;

	for (size_t r = 0; r < m->nrisks; r++) {
		uint64_t c = pl->ctr_risk + 2 * r * B;

		for (int i = 0; i < B; i++) {
			double hit = unit(mc_rng_at(key, c + (uint64_t)i));
			double u = unit(mc_rng_at(key, c + B + (uint64_t)i));

			double x = m->risk[r].hi > m->risk[r].lo ? tri_at(&pl->rtri[r], u)
								 : m->risk[r].lo;

			/* never below its min (b - r may round below it) */
			w->R[r * B + i] = hit < m->risk[r].probability
				? (x > m->risk[r].lo ? x : m->risk[r].lo) : 0;
		}
	}
	for (size_t g = 0; g < m->ngroups; g++)
		for (int i = 0; i < B; i++)
			w->G[g * B + i] = norm_inv(unit(mc_rng_at(key, pl->ctr_group + g * B + (uint64_t)i)));
}

/* Sample position p in pass sub from the lanes' uniforms u: its own
   draw, its group, its risks. */
static void
durations(const struct plan *pl, size_t p, int sub, const float *u, struct work *w)
{
	float *d = w->D + ((size_t)sub * pl->npad + p) * L;

	if (pl->group[p] >= 0)
		sample_grouped(pl, p, u, w->G + (size_t)sub * L, d);
	else
		sample_block(pl, p, u, d);
	for (uint32_t k = pl->r_off[p]; k < pl->r_off[p + 1]; k++) {
		const double *r = w->R + (size_t)pl->r_idx[k] * B + (size_t)sub * L;

		for (int i = 0; i < L; i++)
			d[i] = (float)((double)d[i] + r[i]);
	}
}

/*
 * trif_at() for the L lanes, with one square root each: written as
 * selections between whole vectors (left or right of the mode), or the
 * compiler takes the root on both sides.
 */
static inline __attribute__((always_inline)) vf32
tri_lanes(const struct trif *t, vf32 u)
{
	vf32 xl, xr, x, r, dl, dr;
	vi32 left;
	float xa[L], ra[L];

	left = u < t->fc;	/* all ones where u < fc */
	xl = u * t->k1;
	xr = (1.0f - u) * t->k2;
	x = (vf32)(((vi32)xl & left) | ((vi32)xr & ~left));
	memcpy(xa, &x, sizeof(xa));
	for (int i = 0; i < L; i++)
		ra[i] = sqrtf(xa[i]);
	memcpy(&r, ra, sizeof(r));
	dl = r + t->a;
	dr = t->b - r;
	x = (vf32)(((vi32)dl & left) | ((vi32)dr & ~left));
	/* never below the optimistic (b - r can round one unit below) */
	memcpy(xa, &x, sizeof(xa));
	for (int i = 0; i < L; i++)
		xa[i] = xa[i] > t->a ? xa[i] : t->a;
	memcpy(&x, xa, sizeof(x));
	return x;
}

/*
 * Dates of a position p with FS links only (in-links [e, eend)) and
 * durations dv: the start is the latest predecessor's finish plus lag,
 * or the project start.
 */
static inline __attribute__((always_inline)) void
forward_fs(const uint32_t *restrict from, const double *restrict lag,
	   uint32_t e, uint32_t eend, size_t p, vf32 dv,
	   double *restrict F, double *restrict S)
{
	double s[L];
	float d[L];

	for (int i = 0; i < L; i++)
		s[i] = 0;
	for (; e < eend; e++) {
		const double *restrict fq = F + (size_t)from[e] * L;
		const double l = lag[e];

		for (int i = 0; i < L; i++) {
			double v = fq[i] + l;

			s[i] = v > s[i] ? v : s[i];
		}
	}
	memcpy(d, &dv, sizeof(d));
	for (int i = 0; i < L; i++)
		F[p * L + (size_t)i] = s[i] + d[i];
	if (S)
		for (int i = 0; i < L; i++)
			S[p * L + (size_t)i] = s[i];
}

#define AHEAD 4		/* positions sampled ahead of their dates */

#if defined(MC_CLONES)
/*
 * The triangles of the fused positions with the uniform's scale moved
 * into the constants: run_avx512() takes u 2^24 (an integer, exact) and
 * compares it with fc 2^24, multiplies by k1 2^-24 and (2^24 - u) by
 * k2 2^-24. Scaling by a power of two is exact and commutes with
 * rounding while nothing is subnormal: so for every k that is 0 or at
 * least 2^-102 the products, and so the durations, are the same bits
 * as trif_at()'s. Returns 0, and leaves the portable kernel in use,
 * when some position's are not.
 */
static int
scaled_trif(struct plan *pl)
{
	pl->trif24 = xcalloc(pl->nl ? pl->nl : 1, sizeof(*pl->trif24));
	for (size_t p = 0; p < pl->nl; p++) {
		struct trif t = pl->trif[p];

		if (!pl->fused[p])
			continue;
		if ((t.k1 != 0 && !(fabsf(t.k1) >= 0x1.0p-102f)) ||
		    (t.k2 != 0 && !(fabsf(t.k2) >= 0x1.0p-102f)))
			return 0;
		t.fc *= 0x1.0p24f;
		t.k1 *= 0x1.0p-24f;
		t.k2 *= 0x1.0p-24f;
		pl->trif24[p] = t;
	}
	return 1;
}

/*
 * A run of fused positions [p, q) of one pass in AVX-512 registers: the
 * same operations, in the same order, as lanes_next(), tri_lanes() and
 * forward_fs() below (so the same bits), with the 16 generators, the
 * triangle's selections and the dates' maxima in registers. What the
 * vector extensions leave to the compiler there costs it stores and
 * reloads through the stack around the square root; this does not.
 */
__attribute__((target("avx512f,avx512dq"))) static void
run_avx512(const struct plan *pl, struct lanes *g, size_t p, size_t q,
	   float *restrict D, double *restrict F, double *restrict S)
{
	const struct trif *restrict trif = pl->trif24;
	const uint32_t *restrict e_off = pl->e_off, *restrict e_from = pl->e_from;
	const double *restrict e_lag = pl->e_lag;
	const unsigned char *restrict fused = pl->fused;
	const __m512 two24 = _mm512_set1_ps(0x1.0p24f);
	__m512i s0, s1, s2, s3;

	memcpy(&s0, &g->s0, sizeof(s0));
	memcpy(&s1, &g->s1, sizeof(s1));
	memcpy(&s2, &g->s2, sizeof(s2));
	memcpy(&s3, &g->s3, sizeof(s3));
	for (; p < q; p++) {
		const struct trif *t = &trif[p];
		const __m512 a = _mm512_set1_ps(t->a);
		__m512i r = _mm512_add_epi32(s0, s3), tt = _mm512_slli_epi32(s1, 9);
		__m512i n0, n1, n2;
		__m512 u, x, rt, d;
		__m512d s_lo = _mm512_setzero_pd(), s_hi = s_lo;
		__mmask16 left;

		/* lanes_next()'s five xors as three-way ones (0x96: a ^ b ^ c) */
		n2 = _mm512_ternarylogic_epi32(s2, s0, tt, 0x96);
		n1 = _mm512_ternarylogic_epi32(s1, s2, s0, 0x96);
		n0 = _mm512_ternarylogic_epi32(s0, s3, s1, 0x96);
		s3 = _mm512_rol_epi32(_mm512_xor_si512(s3, s1), 11);
		s0 = n0;
		s1 = n1;
		s2 = n2;
		/* u 2^24: the scale is in the constants (trif24) */
		u = _mm512_cvtepi32_ps(_mm512_srli_epi32(r, 8));
		left = _mm512_cmp_ps_mask(u, _mm512_set1_ps(t->fc), _CMP_LT_OQ);
		x = _mm512_mul_ps(_mm512_sub_ps(two24, u), _mm512_set1_ps(t->k2));
		x = _mm512_mask_mul_ps(x, left, u, _mm512_set1_ps(t->k1));
		rt = _mm512_sqrt_ps(x);
		d = _mm512_sub_ps(_mm512_set1_ps(t->b), rt);
		d = _mm512_mask_add_ps(d, left, rt, a);
		d = _mm512_max_ps(d, a);	/* d > a ? d : a */
		_mm512_store_ps(D + p * L, d);
		if (fused[p] == 2) {
			/* no lags: adding 0 would change no date (x + 0 is x
			   but for x = -0, and no date is -0: a start is
			   the maximum of 0 and sums, x - x is +0) */
			for (uint32_t e = e_off[p]; e < e_off[p + 1]; e++) {
				const double *fq = F + (size_t)e_from[e] * L;

				s_lo = _mm512_max_pd(_mm512_load_pd(fq), s_lo);
				s_hi = _mm512_max_pd(_mm512_load_pd(fq + 8), s_hi);
			}
		} else {
			for (uint32_t e = e_off[p]; e < e_off[p + 1]; e++) {
				const double *fq = F + (size_t)e_from[e] * L;
				const __m512d l = _mm512_set1_pd(e_lag[e]);

				/* v > s ? v : s */
				s_lo = _mm512_max_pd(_mm512_add_pd(_mm512_load_pd(fq), l), s_lo);
				s_hi = _mm512_max_pd(_mm512_add_pd(_mm512_load_pd(fq + 8), l), s_hi);
			}
		}
		_mm512_store_pd(F + p * L,
				_mm512_add_pd(s_lo, _mm512_cvtps_pd(_mm512_castps512_ps256(d))));
		_mm512_store_pd(F + p * L + 8,
				_mm512_add_pd(s_hi, _mm512_cvtps_pd(_mm512_extractf32x8_ps(d, 1))));
		if (S) {
			_mm512_store_pd(S + p * L, s_lo);
			_mm512_store_pd(S + p * L + 8, s_hi);
		}
	}
	memcpy(&g->s0, &s0, sizeof(s0));
	memcpy(&g->s1, &s1, sizeof(s1));
	memcpy(&g->s2, &s2, sizeof(s2));
	memcpy(&g->s3, &s3, sizeof(s3));
}
#endif

MC_HOT static void
block_fast(const struct plan *pl, uint64_t key, int sub, struct work *w)
{
	double *S = pl->need_start || pl->nspec ? w->S : NULL;
	double *restrict F = w->F;
	float *restrict D = w->D + (size_t)sub * pl->npad * L;
	const unsigned char *restrict fused = pl->fused;
	const struct trif *restrict trif = pl->trif;
	const uint32_t *restrict e_off = pl->e_off, *restrict e_from = pl->e_from;
	const double *restrict e_lag = pl->e_lag;
	struct lanes g;
	size_t p = 0, nl = pl->nl;

	lanes_seed(&g, key, sub);
	while (p < nl) {
		float u[L];

		if (fused[p]) {
			struct lanes h = g;
			size_t q = p, next;

			/* a run of them, its durations drawn AHEAD positions
			   before their dates are set: the long chain of a
			   draw (generator, root, ...) and the dates of
			   another position then overlap */
			while (q < nl && fused[q])
				q++;
#if defined(MC_CLONES)
			if (pl->avx512) {
				run_avx512(pl, &g, p, q, D, F, S);
				p = q;
				continue;
			}
#endif
			for (next = p; next < q && next < p + AHEAD; next++) {
				vf32 dv = tri_lanes(&trif[next], lanes_next(&h));

				memcpy(D + next * L, &dv, sizeof(dv));
			}
			for (; p < q; p++) {
				vf32 dv;

				if (next < q) {
					dv = tri_lanes(&trif[next], lanes_next(&h));
					memcpy(D + next * L, &dv, sizeof(dv));
					next++;
				}
				memcpy(&dv, D + p * L, sizeof(dv));
				forward_fs(e_from, e_lag, e_off[p], e_off[p + 1], p, dv, F, S);
			}
			g = h;
			continue;
		}
		if (pl->samp[p] != S_FIXED) {
			vf32 uv = lanes_next(&g);

			memcpy(u, &uv, sizeof(u));
		}
		durations(pl, p, sub, u, w);
		if (pl->special[p] >= 0) {
			for (int i = 0; i < L; i++) {
				int32_t drv;

				eval_one(pl, p, L, i, D[p * L + i], F, w->S, &w->S[p * L + i],
					 &F[p * L + i], &drv);
			}
		} else {
			forward_block(pl, p, D + p * L, F, S);
		}
		p++;
	}
}

/* --- the general path (several calendars): through sched_forward() --- */

/* Tick arithmetic as cpm.c does it, for the backward trace. */
static int64_t
gen_lag(const struct sched_network *net, uint32_t e, int64_t tick)
{
	int64_t lag = net->e_lag[e];

	if (lag == 0)
		return tick;
	if (net->e_elapsed[e])
		return tick + 2 * lag;
	return 2 * sched_cal_add(net->cal[net->project_cal], tick >> 1, lag);
}

static void
block_general(const struct plan *pl, uint64_t key, int sub, struct work *w)
{
	const struct sched_network *net = pl->net;
	const float *D = w->D + (size_t)sub * pl->npad * L;
	size_t nl = pl->nl;
	struct lanes g;

	lanes_seed(&g, key, sub);
	for (size_t p = 0; p < nl; p++) {
		float u[L];

		if (pl->samp[p] != S_FIXED) {
			vf32 uv = lanes_next(&g);

			memcpy(u, &uv, sizeof(u));
		}
		durations(pl, p, sub, u, w);
	}
	for (int i = 0; i < L; i++) {
		int64_t *es = w->gen_es + (size_t)i * nl, *ef = w->gen_ef + (size_t)i * nl;

		for (size_t p = 0; p < nl; p++) {
			const struct sched_activity *a = &net->act[net->order[p]];
			double cds = (double)sched_calendar_day_seconds(net->cal[a->cal]);

			w->gen_dur[p] = llround(D[p * L + i] * cds);
			if (w->gen_dur[p] < 0)
				w->gen_dur[p] = 0;
		}
		sched_forward(net, w->gen_dur, es, ef);
		for (size_t p = 0; p < nl; p++) {
			w->F[p * L + i] = days_of(pl, sched_tick_instant(net, ef[p]));
			w->S[p * L + i] = days_of(pl, sched_tick_instant(net, es[p]));
		}
	}
}

/* The in-link that set position p's dates in lane i of pass sub (general
   path). */
static int32_t
gen_driver(const struct plan *pl, const struct work *w, int sub, size_t p, int i)
{
	const struct sched_network *net = pl->net;
	const struct sched_activity *a = &net->act[net->order[p]];
	const int64_t *es = w->gen_es + (size_t)i * pl->nl, *ef = w->gen_ef + (size_t)i * pl->nl;
	const struct sched_calendar *cal = net->cal[a->cal];

	if (a->actual_finish != SCHED_NONE || a->actual_start != SCHED_NONE ||
	    a->fixed_start != SCHED_NONE)
		return -1;
	for (uint32_t k = pl->e_fs[p]; k < pl->e_off[p + 1]; k++) {
		uint32_t e = pl->e_net[k], q = pl->e_from[k];
		int64_t v = gen_lag(net, e, pl->e_type[k] == SCHED_FF ? ef[q] : es[q]);

		if (pl->e_type[k] != SCHED_SS && v == ef[p])
			return (int32_t)k;
	}
	for (uint32_t k = pl->e_off[p]; k < pl->e_off[p + 1]; k++) {
		uint32_t e = pl->e_net[k], q = pl->e_from[k];
		int64_t v;

		if (pl->e_type[k] != SCHED_FS && pl->e_type[k] != SCHED_SS)
			continue;
		v = gen_lag(net, e, pl->e_type[k] == SCHED_FS ? ef[q] : es[q]);
		if (w->D[((size_t)sub * pl->npad + p) * L + i] > 0)
			v = 2 * sched_cal_snap(cal, v >> 1, SCHED_START);
		if (v == es[p] || (v >> 1) == (es[p] >> 1))
			return (int32_t)k;
	}
	return -1;
}

/* --- after the forward pass: finish, trace, sums ----------------------- */

/* The project finish of pass sub's lanes, and the position setting it. */
static void
block_finish(const struct plan *pl, struct work *w, int sub)
{
	double *pf = w->pf + sub * L;
	uint32_t *last = w->last + sub * L;

	for (int i = 0; i < L; i++) {
		pf[i] = NEG_INF;
		last[i] = 0;
	}
	for (size_t c = 0; c < pl->ncand; c++) {
		uint32_t p = pl->cand[c];
		const double *f = w->F + (size_t)p * L;

		for (int i = 0; i < L; i++)
			if (f[i] > pf[i]) {
				pf[i] = f[i];
				last[i] = p;
			}
	}
	if (pl->nl == 0)
		for (int i = 0; i < L; i++)
			pf[i] = 0;
}

/* The in-link that set position p's dates in lane i (fast path), or -1. */
static inline int32_t
fast_driver(const struct plan *pl, const struct work *w, int sub, size_t p, int i)
{
	int32_t drv = -1;

	if (pl->single[p])
		return (int32_t)pl->e_off[p];
	if (pl->plain[p]) {
		/* eval_one() when only FS links set the start: the first
		   link with the latest date */
		double best = NEG_INF;

		for (uint32_t e = pl->e_off[p]; e < pl->e_off[p + 1]; e++) {
			double v = w->F[(size_t)pl->e_from[e] * L + (size_t)i] + pl->e_lag[e];

			if (v > best) {
				best = v;
				drv = (int32_t)e;
			}
		}
		if (!(best >= 0))
			drv = -1;	/* the project start */
	} else {
		double s, f;

		eval_one(pl, p, L, i, w->D[((size_t)sub * pl->npad + p) * L + i], w->F, w->S,
			 &s, &f, &drv);
	}
	return drv;
}

/*
 * Mark the driving path of every lane: from the position that sets the
 * finish back along the links that set each date. The lanes' traces are
 * independent chains of loads from all over the block's dates, so they
 * are taken a step at a time in turn, for the processor to overlap.
 */
static void
block_trace(const struct plan *pl, struct work *w, int sub, int lanes)
{
	uint32_t cur[L];
	int lane[L], n = 0;

	if (pl->nl == 0)
		return;
	for (int i = 0; i < lanes; i++) {
		cur[n] = w->last[sub * L + i];
		lane[n++] = i;
	}
	while (n > 0) {
		for (int k = 0; k < n;) {
			size_t p = cur[k];
			int32_t drv;

			w->crit[p]++;
			drv = pl->fast ? fast_driver(pl, w, sub, p, lane[k])
				       : gen_driver(pl, w, sub, p, lane[k]);
			if (drv < 0) {
				n--;
				cur[k] = cur[n];
				lane[k] = lane[n];
				continue;
			}
			cur[k++] = pl->e_from[drv];
		}
	}
}

/*
 * Sensitivity: per position the sums over the block of x = d - E[d], of
 * x^2 and of x (finish - the deterministic finish), for the Pearson
 * correlation of duration and finish; the same for each risk's impact.
 *
 * A block's sum for one position is a sum over its B lanes: the NSUB
 * passes' lane vectors are added (one vector of L lanes per position),
 * and SUM_W positions are taken at a time: their vectors are halved and
 * added pairwise in a fixed tree of shuffles (4 levels for 16), which
 * leaves one vector holding the SUM_W positions' sums, so no position
 * pays for a horizontal sum of its own. A block's sums
 * in single precision are good to 1e-6 of the largest term, far below
 * the spread of the estimates. Each is then rounded to fixed point
 * (2^-FIX_SHIFT) and added as a 64-bit integer; a group's 64-bit sums
 * move into the 128-bit totals before they could overflow (the bound
 * is the sum of the largest value added since). Integer sums are exact,
 * so the order in which blocks finish changes nothing.
 */
#define FIX_LIMIT ((uint64_t)1 << 62)
#define FIX_CLAMP 0x1.0p61f	/* a block's sum, in units of 2^-FIX_SHIFT */

_Static_assert(L == SUM_W, "sums_block() reduces one vector of L lanes per position");

static inline __attribute__((always_inline)) vf32
pair_add(vf32 a, vf32 b, vi32 m1, vi32 m2)
{
	return __builtin_shuffle(a, b, m1) + __builtin_shuffle(a, b, m2);
}

/* The three sums' lane vectors of one position or several. */
struct sum3 {
	vf32 x, xx, xy;
};

/* What every position's sums of a block read besides its durations. */
struct sums_in {
	vf32 y[NSUB];		/* finish - the deterministic finish by lane */
	vf32 on[NSUB];		/* 1 in the lanes in use, else 0 */
	size_t npad;
};

static inline __attribute__((always_inline)) struct sum3
sum3_add(struct sum3 a, struct sum3 b, vi32 m1, vi32 m2)
{
	struct sum3 r;

	r.x = pair_add(a.x, b.x, m1, m2);
	r.xx = pair_add(a.xx, b.xx, m1, m2);
	r.xy = pair_add(a.xy, b.xy, m1, m2);
	return r;
}

/*
 * Position p's lane vectors over the block's passes: x = d - centre (0
 * in unused lanes, unless full), x^2, x y. D: pass 0's part, npad * L
 * floats apart.
 */
static inline __attribute__((always_inline)) struct sum3
sum3_at(const float *restrict D, const float *restrict cen, size_t p,
	const struct sums_in *in, int full)
{
	struct sum3 r = { { 0 }, { 0 }, { 0 } };

	for (int k = 0; k < NSUB; k++) {
		vf32 d, x;

		memcpy(&d, D + ((size_t)k * in->npad + p) * L, sizeof(d));
		x = d - cen[p];
		if (!full)
			x *= in->on[k];
		r.x += x;
		r.xx += x * x;
		r.xy += x * in->y[k];
	}
	return r;
}

/*
 * The sums of positions p .. p + 15, lane j of the result for position
 * p + j: a tree of halvings taken depth first (no loops and no arrays,
 * so that the vectors stay in registers). The first two levels pair
 * elements within each 128-bit quarter (vshufps), the last two pair the
 * quarters (vshuff32x4): shuffles that cost half what a general
 * two-vector permutation costs, and they are what the sums spend on.
 * Pairing within quarters: position a's pair sums, then b's, in each
 * quarter; then a, b, c, d's quarter sums side by side.
 */
#define SUM_IN_A { 0, 2, 16, 18, 4, 6, 20, 22, 8, 10, 24, 26, 12, 14, 28, 30 }
#define SUM_IN_B { 1, 3, 17, 19, 5, 7, 21, 23, 9, 11, 25, 27, 13, 15, 29, 31 }
#define SUM_QU_A { 0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27 }
#define SUM_QU_B { 4, 5, 6, 7, 12, 13, 14, 15, 20, 21, 22, 23, 28, 29, 30, 31 }

static inline __attribute__((always_inline)) struct sum3
sum3_2(const float *restrict D, const float *restrict cen, size_t p,
       const struct sums_in *in, int full)
{
	const vi32 a = SUM_IN_A, b = SUM_IN_B;

	return sum3_add(sum3_at(D, cen, p, in, full), sum3_at(D, cen, p + 1, in, full), a, b);
}

static inline __attribute__((always_inline)) struct sum3
sum3_4(const float *restrict D, const float *restrict cen, size_t p,
       const struct sums_in *in, int full)
{
	const vi32 a = SUM_IN_A, b = SUM_IN_B;

	return sum3_add(sum3_2(D, cen, p, in, full), sum3_2(D, cen, p + 2, in, full), a, b);
}

static inline __attribute__((always_inline)) struct sum3
sum3_8(const float *restrict D, const float *restrict cen, size_t p,
       const struct sums_in *in, int full)
{
	const vi32 a = SUM_QU_A, b = SUM_QU_B;

	return sum3_add(sum3_4(D, cen, p, in, full), sum3_4(D, cen, p + 4, in, full), a, b);
}

static inline __attribute__((always_inline)) struct sum3
sum3_16(const float *restrict D, const float *restrict cen, size_t p,
	const struct sums_in *in, int full)
{
	const vi32 a = SUM_QU_A, b = SUM_QU_B;

	return sum3_add(sum3_8(D, cen, p, in, full), sum3_8(D, cen, p + 8, in, full), a, b);
}

/* x rounded to the fixed point of the sums */
static inline fix128
fix(double x)
{
	return (fix128)(int64_t)(x * (double)(1 << FIX_SHIFT));
}

/* The 64-bit sums into the 128-bit totals. */
static void
sums_move(const struct plan *pl, struct work *w)
{
	for (size_t p = 0; p < pl->nl; p++) {
		w->sx[p] += w->ax[p];
		w->sxx[p] += w->axx[p];
		w->sxy[p] += w->axy[p];
		w->ax[p] = w->axx[p] = w->axy[p] = 0;
	}
	w->abound = 0;
}

/*
 * acc[0..16) += a's lanes times 2^FIX_SHIFT, held within +-FIX_CLAMP and
 * truncated to integers; *top keeps the largest |value| lane by lane.
 */
static inline __attribute__((always_inline)) void
fix_add(vf32 a, int64_t *restrict acc, vf32 *top)
{
	const float lim = FIX_CLAMP;
	float x[SUM_W], t[SUM_W];

	a *= (float)(1 << FIX_SHIFT);
	memcpy(x, &a, sizeof(x));
	memcpy(t, top, sizeof(t));
	for (int j = 0; j < SUM_W; j++) {
		float v = x[j] < lim ? x[j] : lim;
		float m = fabsf(v);

		v = v > -lim ? v : -lim;
		x[j] = v;
		t[j] = m > t[j] ? m : t[j];
	}
	memcpy(top, t, sizeof(t));
	for (int k = 0; k < SUM_W / 8; k++) {
		vf8 h;
		vi64 v, old;

		memcpy(&h, x + 8 * k, sizeof(h));
		v = __builtin_convertvector(h, vi64);
		memcpy(&old, acc + 8 * k, sizeof(old));
		old += v;
		memcpy(acc + 8 * k, &old, sizeof(old));
	}
}

/* Every position's sums over the block; full: every lane in use. */
static inline __attribute__((always_inline)) void
sums_pass(const struct plan *pl, struct work *w, const struct sums_in *in,
	  int full)
{
	const float *restrict D = w->D, *restrict cen = pl->centref;
	int64_t *restrict ax = w->ax, *restrict axx = w->axx, *restrict axy = w->axy;
	float t[SUM_W], m = 0;
	vf32 top = { 0 };

	for (size_t p = 0; p < pl->npad; p += SUM_W) {
		struct sum3 r = sum3_16(D, cen, p, in, full);

		fix_add(r.x, ax + p, &top);
		fix_add(r.xx, axx + p, &top);
		fix_add(r.xy, axy + p, &top);
	}
	/* every |value| added was at most m, so every 64-bit sum stays
	   below abound (< 2^62 + FIX_CLAMP); move them before it could
	   reach 2^62 */
	memcpy(t, &top, sizeof(t));
	for (int j = 0; j < SUM_W; j++)
		m = t[j] > m ? t[j] : m;
	w->abound += (uint64_t)m + 1;
	if (w->abound >= FIX_LIMIT)
		sums_move(pl, w);
}

MC_HOT static void
sums_block(const struct plan *pl, struct work *w, int lanes)
{
	struct sums_in in;

	for (int k = 0; k < NSUB; k++) {
		float y[L], on[L];

		for (int i = 0; i < L; i++) {
			int j = k * L + i;

			on[i] = j < lanes;	/* lanes past the last iteration count 0 */
			y[i] = j < lanes ? (float)(w->pf[j] - pl->fcentre) : 0;
		}
		memcpy(&in.y[k], y, sizeof(y));
		memcpy(&in.on[k], on, sizeof(on));
	}
	in.npad = pl->npad;
	if (lanes == B)
		sums_pass(pl, w, &in, 1);
	else
		sums_pass(pl, w, &in, 0);
}

/* The risks' sums over the block. */
static void
sums_risks(const struct plan *pl, struct work *w, int lanes)
{
	for (size_t r = 0; r < pl->m->nrisks; r++) {
		const double *x = w->R + r * B;
		double a = 0, aa = 0, ay = 0;

		for (int i = 0; i < lanes; i++) {
			a += x[i];
			aa += x[i] * x[i];
			ay += x[i] * (w->pf[i] - pl->fcentre);
		}
		w->sx[pl->nl + r] += fix(a);
		w->sxx[pl->nl + r] += fix(aa);
		w->sxy[pl->nl + r] += fix(ay);
	}
}

/* The 64-bit sums left into the totals (a worker's last act). */
static void
sums_flush(const struct plan *pl, struct work *w)
{
	sums_move(pl, w);
}

/* --- threads ----------------------------------------------------------- */

struct worker {
	struct plan *pl;
	struct work w;
	pthread_t tid;
};

/*
 * Zeroed memory on a 64-byte boundary (a cache line, a SIMD register);
 * *raw is what to free. From calloc, which hands out large blocks as
 * fresh pages without writing them: each is zeroed by the kernel when
 * its worker first touches it, on the worker's core and in parallel,
 * not by a memset of every worker's arrays on the calling thread.
 */
static void *
alloc64(size_t size, void **raw)
{
	*raw = xcalloc(size + 64, 1);
	return (void *)(((uintptr_t)*raw + 63) & ~(uintptr_t)63);
}

static void
work_init(struct work *w, const struct plan *pl)
{
	size_t nl = pl->nl ? pl->nl : 1, nsum = pl->nl + pl->m->nrisks + 1;
	size_t npad = pl->npad ? pl->npad : 1;

	memset(w, 0, sizeof(*w));
	w->D = alloc64(NSUB * npad * L * sizeof(float), &w->raw[0]);
	w->F = alloc64(nl * L * sizeof(double), &w->raw[1]);
	/* starts are kept only where a link or a rule reads them */
	if (pl->need_start || pl->nspec || !pl->fast)
		w->S = alloc64(nl * L * sizeof(double), &w->raw[2]);
	w->R = xcalloc((pl->m->nrisks + 1) * B, sizeof(double));
	w->G = xcalloc((pl->m->ngroups + 1) * B, sizeof(double));
	w->crit = xcalloc(nl, sizeof(uint64_t));
	w->sx = xcalloc(nsum, sizeof(fix128));
	w->sxx = xcalloc(nsum, sizeof(fix128));
	w->sxy = xcalloc(nsum, sizeof(fix128));
	w->ax = xcalloc(npad, sizeof(int64_t));
	w->axx = xcalloc(npad, sizeof(int64_t));
	w->axy = xcalloc(npad, sizeof(int64_t));
	if (!pl->fast) {
		w->gen_es = xcalloc(nl * L, sizeof(int64_t));
		w->gen_ef = xcalloc(nl * L, sizeof(int64_t));
		w->gen_dur = xcalloc(nl, sizeof(int64_t));
	}
}

static void
work_release(struct work *w)
{
	for (int i = 0; i < 3; i++)
		free(w->raw[i]);
	free(w->R);
	free(w->G);
	free(w->crit);
	free(w->sx);
	free(w->sxx);
	free(w->sxy);
	free(w->ax);
	free(w->axx);
	free(w->axy);
	free(w->gen_es);
	free(w->gen_ef);
	free(w->gen_dur);
}

static void
run_block(struct plan *pl, struct work *w, size_t k)
{
	uint64_t key = block_key(pl->opt->seed, k);
	size_t first = k * B;
	int lanes = (int)(pl->iterations - first < B ? pl->iterations - first : B);

	draw_block_extras(pl, key, w);
	for (int sub = 0; sub < NSUB; sub++) {
		int lo = sub * L, n = lanes - lo < L ? lanes - lo : L;

		if (n <= 0)
			break;	/* the last block's sums mask these lanes */
		if (pl->fast)
			block_fast(pl, key, sub, w);
		else
			block_general(pl, key, sub, w);
		block_finish(pl, w, sub);
		block_trace(pl, w, sub, n);
		for (size_t t = 0; t < pl->m->ntargets; t++)
			for (int i = 0; i < n; i++)
				pl->tfin[t * pl->iterations + first + (size_t)(lo + i)] =
					w->F[(size_t)pl->tpos[t] * L + (size_t)i];
	}
	if (pl->opt->sensitivity) {
		sums_block(pl, w, lanes);
		sums_risks(pl, w, lanes);
	}
	for (int i = 0; i < lanes; i++)
		pl->finish[first + (size_t)i] = w->pf[i];
}

static void *
worker_main(void *arg)
{
	struct worker *wk = arg;
	struct plan *pl = wk->pl;

	for (;;) {
		size_t k;

		if (pl->opt->stop && atomic_load(pl->opt->stop))
			break;
		k = atomic_fetch_add(&pl->next, 1);
		if (k >= pl->nblocks)
			break;
		run_block(pl, &wk->w, k);
		pl->block_done[k] = 1;
		atomic_fetch_add(&pl->done, 1);
	}
	sums_flush(pl, &wk->w);
	pthread_mutex_lock(&pl->lock);
	atomic_fetch_add(&pl->finished, 1);
	pthread_cond_signal(&pl->cond);
	pthread_mutex_unlock(&pl->lock);
	return NULL;
}

/* Iterations in the blocks finished so far (the last block may be short). */
static size_t
done_iterations(struct plan *pl)
{
	size_t d = atomic_load(&pl->done) * B;

	return d < pl->iterations ? d : pl->iterations;
}

static int
online_cores(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? (int)(n < 256 ? n : 256) : 1;
}

static double
now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* --- calendars long enough for the sampled dates ----------------------- */

/*
 * The latest finish any iteration can reach, in days: the forward pass
 * with every duration at its pessimistic end and every risk striking at
 * its worst. Only for the one-calendar path.
 */
static double
upper_bound_days(const struct plan *pl)
{
	size_t nl = pl->nl;
	double *F = xcalloc(nl ? nl : 1, sizeof(double));
	double *S = xcalloc(nl ? nl : 1, sizeof(double));
	double ub = 0;

	for (size_t p = 0; p < nl; p++) {
		uint32_t i = pl->net->order[p];
		double d = pl->samp[p] == S_FIXED ? pl->fixed[p] : pl->m->hi[i];
		int32_t drv;

		for (uint32_t k = pl->r_off[p]; k < pl->r_off[p + 1]; k++) {
			const struct mc_risk *r = &pl->m->risk[pl->r_idx[k]];

			d += r->hi > 0 ? r->hi : 0;
		}
		eval_one(pl, p, 1, 0, d, F, S, &S[p], &F[p], &drv);
		if (F[p] > ub)
			ub = F[p];
	}
	free(F);
	free(S);
	return ub;
}

/* Make cal reach `days` working days after start (fast path only). */
static int
stretch_calendar(struct plan *pl, struct sched_calendar *cal, double days,
		 struct error *err)
{
	int32_t lo, hi, start_day;
	int64_t need = (int64_t)ceil(days * pl->ds) + 30 * (int64_t)pl->ds;

	start_day = (int32_t)day_of(pl->net->start);
	for (int tries = 0; tries < 40; tries++) {
		sched_calendar_range(cal, &lo, &hi);
		if (sched_cal_to_work(cal, (int64_t)hi * SCHED_DAY_SECONDS) -
		    sched_cal_to_work(cal, pl->net->start) >= need)
			break;
		if ((int64_t)hi - lo > 2000LL * 366)
			return error_set(err, ERR_INPUT,
					 "the sampled schedule would run for more than 2,000 years");
		if (sched_calendar_prepare(cal, lo, hi + (hi - start_day) + 366, start_day, 0,
					   err) < 0)
			return -1;
	}
	pl->w0 = sched_cal_to_work(pl->wcal, pl->net->start);
	return 0;
}

/* --- results ----------------------------------------------------------- */

/*
 * Several calendars: widen every calendar until the finish with every
 * duration at its longest lies well inside it (sched_forward() clamps at
 * a calendar's ends), then the deterministic dates (most likely
 * durations).
 */
static int
general_prepare(struct plan *pl, struct sched_network *net, double *det,
		double *det_finish, struct error *err)
{
	size_t nl = pl->nl;
	int64_t *dur = xmalloc((nl ? nl : 1) * sizeof(int64_t));
	int64_t *es = xmalloc((nl ? nl : 1) * sizeof(int64_t));
	int64_t *ef = xmalloc((nl ? nl : 1) * sizeof(int64_t));
	int32_t start_day = (int32_t)day_of(net->start);
	unsigned char *used = xcalloc(net->ncal ? net->ncal : 1, 1);
	int rc = -1;

	/* the calendars the schedule runs on, as sched_network_finish() has
	   prepared them; the others (a base a calendar was copied from, one
	   defined but unused) have no range to widen */
	used[net->project_cal] = 1;
	for (size_t i = 0; i < net->n; i++)
		used[net->act[i].cal] = 1;
	for (int tries = 0;; tries++) {
		int64_t fin;
		int ok = 1;

		for (size_t p = 0; p < nl; p++) {
			const struct sched_activity *a = &net->act[net->order[p]];
			double d = pl->samp[p] == S_FIXED ? pl->fixed[p] : pl->m->hi[net->order[p]];

			for (uint32_t k = pl->r_off[p]; k < pl->r_off[p + 1]; k++) {
				const struct mc_risk *r = &pl->m->risk[pl->r_idx[k]];

				d += r->hi > 0 ? r->hi : 0;
			}
			dur[p] = llround(d * (double)sched_calendar_day_seconds(net->cal[a->cal]));
		}
		fin = sched_tick_instant(net, sched_forward(net, dur, es, ef));
		for (size_t c = 0; c < net->ncal; c++) {
			int32_t lo, hi;

			sched_calendar_range(net->cal[c], &lo, &hi);
			if (used[c] && (int64_t)hi * SCHED_DAY_SECONDS < fin + 60LL * SCHED_DAY_SECONDS)
				ok = 0;
		}
		if (ok)
			break;
		for (size_t c = 0; c < net->ncal; c++) {
			int32_t lo, hi;
			int64_t nhi;

			if (!used[c])
				continue;
			sched_calendar_range(net->cal[c], &lo, &hi);
			nhi = (int64_t)hi + (hi - start_day) + 366;
			if (tries > 30 || nhi - lo > 2000LL * 366) {
				error_set(err, ERR_INPUT,
					  "the sampled schedule would run for more than 2,000 years");
				goto out;
			}
			if (sched_calendar_prepare(net->cal[c], lo, (int32_t)nhi, start_day, 0,
						   err) < 0)
				goto out;
		}
	}
	pl->w0 = sched_cal_to_work(pl->wcal, net->start);
	for (size_t p = 0; p < nl; p++) {
		const struct sched_activity *a = &net->act[net->order[p]];
		double d = pl->samp[p] == S_FIXED ? pl->fixed[p] : pl->m->ml[net->order[p]];

		dur[p] = llround(d * (double)sched_calendar_day_seconds(net->cal[a->cal]));
	}
	*det_finish = days_of(pl, sched_tick_instant(net, sched_forward(net, dur, es, ef)));
	for (size_t p = 0; p < nl; p++)
		det[p] = days_of(pl, sched_tick_instant(net, ef[p]));
	rc = 0;
out:
	free(used);
	free(dur);
	free(es);
	free(ef);
	return rc;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

double
mc_quantile(const double *sorted, size_t n, double q)
{
	double h, lo;
	size_t i;

	if (n == 0)
		return NAN;
	h = (double)(n - 1) * q;
	i = (size_t)h;
	if (i + 1 >= n)
		return sorted[n - 1];
	lo = sorted[i];
	return lo + (h - (double)i) * (sorted[i + 1] - lo);
}

/* The finish instant of x working days after the start. */
static int64_t
instant_of(const struct plan *pl, double x)
{
	return sched_cal_from_work(pl->wcal, pl->w0 + llround(x * pl->ds), SCHED_END);
}

/* Days value of "on or before the end of the day of instant t". */
static double
deadline_days(const struct plan *pl, int64_t t)
{
	return days_of(pl, (day_of(t) + 1) * SCHED_DAY_SECONDS) + 1e-9;
}

/*
 * Sort n doubles (no NAN) ascending, as qsort() with cmp_double() would:
 * an LSD radix sort on their bits (flipped so that they order as
 * unsigned integers), 11 bits a pass, passes where every key has the same
 * digit skipped. For the percentiles of every target of a large network
 * this was most of a run: qsort's comparisons cost more than the
 * simulation.
 */
#define RADIX_BITS 11
#define RADIX_PASSES 6		/* 6 x 11 >= 64 */

static void
sort_doubles(double *x, size_t n)
{
	uint64_t *a, *b, *t;
	size_t (*cnt)[1 << RADIX_BITS];

	if (n < 256) {
		qsort(x, n, sizeof(*x), cmp_double);
		return;
	}
	a = xmalloc(n * sizeof(*a));
	b = xmalloc(n * sizeof(*b));
	cnt = xcalloc(RADIX_PASSES, sizeof(*cnt));
	for (size_t i = 0; i < n; i++) {
		uint64_t u;

		memcpy(&u, &x[i], sizeof(u));
		u ^= (u >> 63) ? ~(uint64_t)0 : (uint64_t)1 << 63;
		a[i] = u;
		for (int p = 0; p < RADIX_PASSES; p++)
			cnt[p][(u >> (p * RADIX_BITS)) & ((1u << RADIX_BITS) - 1)]++;
	}
	for (int p = 0; p < RADIX_PASSES; p++) {
		unsigned sh = (unsigned)(p * RADIX_BITS);
		size_t sum = 0;

		if (cnt[p][(a[0] >> sh) & ((1u << RADIX_BITS) - 1)] == n)
			continue;	/* one digit for all: nothing to move */
		for (size_t d = 0; d < (1u << RADIX_BITS); d++) {
			size_t c = cnt[p][d];

			cnt[p][d] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++)
			b[cnt[p][(a[i] >> sh) & ((1u << RADIX_BITS) - 1)]++] = a[i];
		t = a;
		a = b;
		b = t;
	}
	for (size_t i = 0; i < n; i++) {
		uint64_t u = a[i];

		u ^= (u >> 63) ? (uint64_t)1 << 63 : ~(uint64_t)0;
		memcpy(&x[i], &u, sizeof(u));
	}
	free(a);
	free(b);
	free(cnt);
}

static void
dates_fill(const struct plan *pl, struct mc_dates *dt, double *x, size_t n,
	   double crit, double det)
{
	double sum = 0, ss = 0;

	for (size_t i = 0; i < n; i++)
		sum += x[i];
	dt->mean = n ? sum / (double)n : NAN;
	for (size_t i = 0; i < n; i++)
		ss += (x[i] - dt->mean) * (x[i] - dt->mean);
	dt->sd = n > 1 ? sqrt(ss / (double)(n - 1)) : NAN;
	dt->p_baseline = dt->p_forecast = NAN;
	dt->baseline_days = dt->forecast_days = NAN;
	if (dt->baseline != SCHED_NONE)
		dt->baseline_days = deadline_days(pl, dt->baseline);
	if (dt->forecast != SCHED_NONE)
		dt->forecast_days = deadline_days(pl, dt->forecast);
	if (n && !isnan(dt->baseline_days)) {
		size_t c = 0;

		for (size_t i = 0; i < n; i++)
			c += x[i] <= dt->baseline_days;
		dt->p_baseline = (double)c / (double)n;
	}
	if (n && !isnan(dt->forecast_days)) {
		size_t c = 0;

		for (size_t i = 0; i < n; i++)
			c += x[i] <= dt->forecast_days;
		dt->p_forecast = (double)c / (double)n;
	}
	sort_doubles(x, n);
	for (int q = 0; q < MC_NQ; q++) {
		dt->q[q] = mc_quantile(x, n, mc_quantile_levels[q]);
		dt->at[q] = n ? instant_of(pl, dt->q[q]) : SCHED_NONE;
	}
	dt->criticality = crit;
	dt->deterministic = det;
}

static int
cmp_driver(const void *a, const void *b)
{
	const struct mc_driver *x = a, *y = b;
	double kx = isnan(x->correlation) ? x->ssi : fabs(x->correlation);
	double ky = isnan(y->correlation) ? y->ssi : fabs(y->correlation);

	if (kx != ky)
		return kx > ky ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* The deterministic finish of position p with most likely durations. */
static void
deterministic(const struct plan *pl, double *det, double *pf)
{
	size_t nl = pl->nl;
	double *F = xcalloc(nl ? nl : 1, sizeof(double));
	double *S = xcalloc(nl ? nl : 1, sizeof(double));

	*pf = 0;
	for (size_t p = 0; p < nl; p++) {
		uint32_t i = pl->net->order[p];
		double d = pl->samp[p] == S_FIXED ? pl->fixed[p] : pl->m->ml[i];
		int32_t drv;

		eval_one(pl, p, 1, 0, d, F, S, &S[p], &F[p], &drv);
		det[p] = F[p];
		if (F[p] > *pf)
			*pf = F[p];
	}
	free(F);
	free(S);
}

int
mc_run(struct mc_model *m, const struct mc_options *opt, struct mc_result *res,
       struct error *err)
{
	struct sched_network *net = m->net;
	struct plan pl;
	struct worker *wk = NULL;
	double *x = NULL, *det = NULL, t0, det_finish = 0;
	size_t n = 0, nl, nsum;
	int nthreads, rc = -1, started = 0, have_sync = 0;
	fix128 *sx = NULL, *sxx = NULL, *sxy = NULL;
	uint64_t *crit = NULL;

	memset(res, 0, sizeof(*res));
	memset(&pl, 0, sizeof(pl));
	if (!net->ready) {
		error_set(err, ERR_INPUT, "the network is not finished");
		goto out;
	}
	if (plan_build(&pl, m, opt->dist, err) < 0)
		goto out;
	nl = pl.nl;
	nsum = nl + m->nrisks;
	pl.opt = opt;
#if defined(MC_CLONES)
	pl.avx512 = !opt->portable && __builtin_cpu_supports("avx512f") &&
		    __builtin_cpu_supports("avx512dq") && scaled_trif(&pl);
#endif
	pl.iterations = opt->iterations ? opt->iterations : 10000;
	pl.nblocks = (pl.iterations + B - 1) / B;
	nthreads = opt->threads > 0 ? opt->threads : online_cores();
	if ((size_t)nthreads > pl.nblocks)
		nthreads = (int)pl.nblocks;
	if (nthreads < 1)
		nthreads = 1;

	/* the calendars must reach the latest sampled date */
	det = xcalloc(nl ? nl : 1, sizeof(double));
	if (pl.fast) {
		if (stretch_calendar(&pl, net->cal[net->axis], upper_bound_days(&pl), err) < 0)
			goto out;
	} else if (general_prepare(&pl, net, det, &det_finish, err) < 0) {
		goto out;
	}
	if (pl.fast)
		deterministic(&pl, det, &det_finish);
	pl.fcentre = det_finish;

	pl.block_done = xcalloc(pl.nblocks ? pl.nblocks : 1, 1);
	pl.finish = xcalloc(pl.iterations, sizeof(double));
	pl.tfin = xcalloc(m->ntargets ? m->ntargets * pl.iterations : 1, sizeof(double));
	atomic_init(&pl.next, 0);
	atomic_init(&pl.done, 0);
	atomic_init(&pl.finished, 0);
	pthread_mutex_init(&pl.lock, NULL);
	pthread_cond_init(&pl.cond, NULL);
	have_sync = 1;

	t0 = now_seconds();
	wk = xcalloc((size_t)nthreads, sizeof(*wk));
	for (int t = 0; t < nthreads; t++) {
		wk[t].pl = &pl;
		work_init(&wk[t].w, &pl);
	}
	for (int t = 0; t < nthreads; t++) {
		if (pthread_create(&wk[t].tid, NULL, worker_main, &wk[t]) != 0)
			break;
		started++;
	}
	if (started == 0) {
		error_set(err, ERR_INTERNAL, "cannot start a thread: %s", strerror(errno));
		goto out;
	}
	pthread_mutex_lock(&pl.lock);
	while (atomic_load(&pl.finished) < started) {
		struct timespec ts;

		if (opt->progress) {
			pthread_mutex_unlock(&pl.lock);
			opt->progress(opt->progress_ctx, done_iterations(&pl), pl.iterations);
			pthread_mutex_lock(&pl.lock);
		}
		if (atomic_load(&pl.finished) >= started)
			break;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 100 * 1000 * 1000;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&pl.cond, &pl.lock, &ts);
	}
	pthread_mutex_unlock(&pl.lock);
	for (int t = 0; t < started; t++)
		pthread_join(wk[t].tid, NULL);
	res->seconds = now_seconds() - t0;
	if (opt->progress)
		opt->progress(opt->progress_ctx, done_iterations(&pl), pl.iterations);

	/* merge the threads' sums (integers: order does not matter) */
	crit = xcalloc(nl ? nl : 1, sizeof(uint64_t));
	sx = xcalloc(nsum + 1, sizeof(fix128));
	sxx = xcalloc(nsum + 1, sizeof(fix128));
	sxy = xcalloc(nsum + 1, sizeof(fix128));
	for (int t = 0; t < started; t++) {
		for (size_t p = 0; p < nl; p++)
			crit[p] += wk[t].w.crit[p];
		for (size_t j = 0; j < nsum; j++) {
			sx[j] += wk[t].w.sx[j];
			sxx[j] += wk[t].w.sxx[j];
			sxy[j] += wk[t].w.sxy[j];
		}
	}

	/* the samples of the blocks done, in iteration order */
	for (size_t k = 0; k < pl.nblocks; k++) {
		size_t first = k * B, cnt = pl.iterations - first < B ? pl.iterations - first : B;

		if (!pl.block_done[k])
			continue;
		if (n != first) {
			memmove(pl.finish + n, pl.finish + first, cnt * sizeof(double));
			for (size_t t = 0; t < m->ntargets; t++)
				memmove(pl.tfin + t * pl.iterations + n,
					pl.tfin + t * pl.iterations + first, cnt * sizeof(double));
		}
		n += cnt;
	}
	res->iterations = n;
	res->requested = pl.iterations;
	res->partial = n < pl.iterations;
	res->threads = started;
	res->fast = pl.fast;
	res->day_seconds = pl.ds;
	res->start = net->start;

	{
		double sf = 0, sff = 0, varf, meanf;

		for (size_t i = 0; i < n; i++) {
			double y = pl.finish[i] - pl.fcentre;

			sf += y;
			sff += y * y;
		}
		meanf = n ? sf / (double)n : 0;
		varf = n ? sff / (double)n - meanf * meanf : 0;

		res->criticality = xmalloc((m->n ? m->n : 1) * sizeof(double));
		res->correlation = xmalloc((m->n ? m->n : 1) * sizeof(double));
		res->ssi = xmalloc((m->n ? m->n : 1) * sizeof(double));
		res->tornado = xcalloc(nsum ? nsum : 1, sizeof(*res->tornado));
		for (size_t i = 0; i < m->n; i++)
			res->criticality[i] = res->correlation[i] = res->ssi[i] = NAN;
		for (size_t j = 0; j < nsum; j++) {
			const double sc = 1.0 / (double)(1 << FIX_SHIFT);
			double mx, vx, cov, r = NAN, ci = 0, ssi = NAN;
			int varies;
			struct mc_driver *dv;

			if (j < nl)
				varies = pl.var[j] > 0;
			else
				varies = m->risk[j - nl].probability > 0 &&
					 (m->risk[j - nl].hi > 0 || m->risk[j - nl].lo < 0);
			if (j < nl) {
				ci = n ? (double)crit[j] / (double)n : NAN;
				res->criticality[net->order[j]] = ci;
			}
			if (!varies || n < 2)
				continue;
			mx = (double)sx[j] * sc / (double)n;
			vx = (double)sxx[j] * sc / (double)n - mx * mx;
			if (!opt->sensitivity) {
				/* no sums: the spread is known in closed form */
				const struct mc_risk *rk = j < nl ? NULL : &m->risk[j - nl];
				double mt = rk ? (rk->lo + rk->likely + rk->hi) / 3 : 0;

				mx = 0;
				vx = rk ? rk->probability * (tri_var(rk->lo, rk->likely, rk->hi) + mt * mt) -
					  rk->probability * rk->probability * mt * mt
					: pl.var[j];
			}
			cov = (double)sxy[j] * sc / (double)n - mx * meanf;
			if (opt->sensitivity && vx > 1e-12 && varf > 1e-12)
				r = cov / sqrt(vx * varf);
			if (vx > 0 && varf > 0)
				ssi = ci * sqrt(vx) / sqrt(varf);
			if (j < nl) {
				res->correlation[net->order[j]] = r;
				res->ssi[net->order[j]] = ssi;
			}
			dv = &res->tornado[res->ntornado++];
			dv->kind = j < nl ? MC_DRIVER_ACTIVITY : MC_DRIVER_RISK;
			dv->index = j < nl ? net->order[j] : (uint32_t)(j - nl);
			dv->correlation = r;
			dv->ssi = j < nl ? ssi : NAN;
			dv->criticality = j < nl ? ci : NAN;
			dv->sd = vx > 0 ? sqrt(vx) : 0;
		}
		qsort(res->tornado, res->ntornado, sizeof(*res->tornado), cmp_driver);
	}

	/* targets: joint samples first (iteration order), then sorted copies */
	res->ntargets = m->ntargets;
	res->targets = xcalloc(m->ntargets ? m->ntargets : 1, sizeof(*res->targets));
	res->target_samples = xmalloc((m->ntargets * n > 0 ? m->ntargets * n : 1) * sizeof(double));
	x = xmalloc((n ? n : 1) * sizeof(double));
	for (size_t t = 0; t < m->ntargets; t++) {
		struct mc_dates *dt = &res->targets[t];
		int32_t p = pl.tpos[t];

		memcpy(res->target_samples + t * n, pl.tfin + t * pl.iterations, n * sizeof(double));
		memcpy(x, res->target_samples + t * n, n * sizeof(double));
		dt->name = m->target[t].name;
		dt->act = m->target[t].act;
		dt->baseline = m->target[t].baseline;
		dt->forecast = m->target[t].forecast;
		dates_fill(&pl, dt, x, n, n ? (double)crit[p] / (double)n : NAN, det[p]);
	}
	res->finish.name = "project finish";
	res->finish.act = UINT32_MAX;
	res->finish.baseline = res->finish.forecast = SCHED_NONE;
	res->samples = xmalloc((n ? n : 1) * sizeof(double));
	memcpy(res->samples, pl.finish, n * sizeof(double));
	dates_fill(&pl, &res->finish, res->samples, n, n ? 1.0 : NAN, det_finish);
	rc = 0;
out:
	if (wk) {
		for (int t = 0; t < nthreads; t++)
			work_release(&wk[t].w);
		free(wk);
	}
	free(x);
	free(det);
	free(crit);
	free(sx);
	free(sxx);
	free(sxy);
	if (have_sync) {
		pthread_mutex_destroy(&pl.lock);
		pthread_cond_destroy(&pl.cond);
	}
	plan_release(&pl);
	return rc;
}

void
mc_result_release(struct mc_result *res)
{
	free(res->targets);
	free(res->criticality);
	free(res->correlation);
	free(res->ssi);
	free(res->tornado);
	free(res->samples);
	free(res->target_samples);
	memset(res, 0, sizeof(*res));
}
