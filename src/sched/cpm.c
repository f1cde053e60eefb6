/*
 * cpm.c - forward and backward passes, float, critical flags and paths,
 * and the roll-up of summaries.
 *
 * The arithmetic on ticks (see cpm.h) lives in the small inline helpers
 * below; each has a working-time branch (one calendar: integer arithmetic)
 * and an instant branch (several calendars: through calendar.h).
 */
#include "sched/cpm.h"

#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/xmalloc.h"
#include "sched/calendar.h"
#include "sched/network.h"

#define NEG_INF INT64_MIN
#define POS_INF INT64_MAX

static inline int64_t
max64(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

static inline int64_t
min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

static inline const struct sched_calendar *
pcal(const struct sched_network *net, size_t p)
{
	return net->cal[net->act[net->order[p]].cal];
}

/* An instant as a tick; form says which side of a span boundary. */
static inline int64_t
to_tick(const struct sched_network *net, int64_t t, enum sched_form form)
{
	if (net->axis >= 0)
		return 2 * sched_cal_to_work(net->cal[net->axis], t) + (int64_t)form;
	return 2 * t;
}

int64_t
sched_tick_instant(const struct sched_network *net, int64_t tick)
{
	if (net->axis >= 0)
		return sched_cal_from_work(net->cal[net->axis], tick >> 1,
					   (enum sched_form)(tick & 1));
	return tick >> 1;
}

/* A start of working time at or after tick, on the activity's calendar. */
static inline int64_t
snap_start(const struct sched_network *net, size_t p, int64_t tick)
{
	if (net->axis >= 0)
		return tick | 1;
	return 2 * sched_cal_snap(pcal(net, p), tick >> 1, SCHED_START);
}

static inline int64_t
snap_finish(const struct sched_network *net, size_t p, int64_t tick)
{
	if (net->axis >= 0)
		return tick & ~(int64_t)1;
	return 2 * sched_cal_snap(pcal(net, p), tick >> 1, SCHED_END);
}

static inline int64_t
add_work(const struct sched_network *net, size_t p, int64_t tick, int64_t d)
{
	if (d == 0)
		return tick;
	if (net->axis >= 0)
		return 2 * ((tick >> 1) + d);
	return 2 * sched_cal_add(pcal(net, p), tick >> 1, d);
}

static inline int64_t
sub_work(const struct sched_network *net, size_t p, int64_t tick, int64_t d)
{
	if (d == 0)
		return tick;
	if (net->axis >= 0)
		return 2 * ((tick >> 1) - d) + 1;
	return 2 * sched_cal_add(pcal(net, p), tick >> 1, -d);
}

/*
 * tick + the lag of edge e (going forward). A lag that is not zero ends
 * at the start of working time when it sets a start (FS, SS) and at the
 * end of it when it sets a finish (FF, SF): a one-day lead on a finish at
 * Wednesday 17:00 gives Tuesday 17:00, on a start Wednesday 08:00.
 */
static inline int64_t
lag_fwd(const struct sched_network *net, size_t e, int64_t tick)
{
	int64_t lag = net->e_lag[e];
	int to_start = net->e_type[e] == SCHED_FS || net->e_type[e] == SCHED_SS;
	const struct sched_calendar *pc;

	if (lag == 0)
		return tick;
	if (net->axis >= 0)
		return 2 * ((tick >> 1) + lag) + to_start;
	if (net->e_elapsed[e])
		return tick + 2 * lag;
	pc = net->cal[net->project_cal];
	return 2 * sched_cal_from_work(pc, sched_cal_to_work(pc, tick >> 1) + lag,
				       to_start ? SCHED_START : SCHED_END);
}

/* tick - the lag of edge e (going back), ending as lag_fwd does for the
 * predecessor's date it limits: a start for SS and SF, a finish for FS
 * and FF. */
static inline int64_t
lag_back(const struct sched_network *net, size_t e, int64_t tick)
{
	int64_t lag = net->e_lag[e];
	int to_start = net->e_type[e] == SCHED_SS || net->e_type[e] == SCHED_SF;
	const struct sched_calendar *pc;

	if (lag == 0)
		return tick;
	if (net->axis >= 0)
		return 2 * ((tick >> 1) - lag) + to_start;
	if (net->e_elapsed[e])
		return tick - 2 * lag;
	pc = net->cal[net->project_cal];
	return 2 * sched_cal_from_work(pc, sched_cal_to_work(pc, tick >> 1) - lag,
				       to_start ? SCHED_START : SCHED_END);
}

/* Working seconds from tick a to tick b on position p's calendar. */
static inline int64_t
work_ticks(const struct sched_network *net, size_t p, int64_t a, int64_t b)
{
	const struct sched_calendar *c;

	if (net->axis >= 0)
		return (b >> 1) - (a >> 1);
	c = pcal(net, p);
	return sched_cal_to_work(c, b >> 1) - sched_cal_to_work(c, a >> 1);
}

int64_t
sched_work_between(const struct sched_network *net, size_t act, int64_t a,
		   int64_t b)
{
	const struct sched_calendar *c = net->cal[net->act[act].cal];

	return sched_cal_to_work(c, b) - sched_cal_to_work(c, a);
}

int64_t
sched_forward(const struct sched_network *net, const int64_t *dur,
	      int64_t *es, int64_t *ef)
{
	const int honour = net->honour_constraints;
	const int64_t start = to_tick(net, net->start, SCHED_START);
	int64_t finish = net->nleaf ? NEG_INF : start;

	if (dur == NULL)
		dur = net->dur;
	for (size_t p = 0; p < net->nleaf; p++) {
		const struct sched_activity *a = &net->act[net->order[p]];
		const int64_t d = dur[p];
		int64_t s = start, fr = NEG_INF, f, c = 0;

		if (a->actual_finish != SCHED_NONE) {
			f = to_tick(net, a->actual_finish, SCHED_END);
			s = a->actual_start != SCHED_NONE
				? to_tick(net, a->actual_start, SCHED_START)
				: sub_work(net, p, f, d);
			goto store;
		}
		if (a->fixed_start != SCHED_NONE) {
			s = to_tick(net, a->fixed_start, SCHED_START);
			f = to_tick(net, a->fixed_finish, SCHED_END);
			goto store;
		}
		if (a->actual_start != SCHED_NONE) {
			s = to_tick(net, a->actual_start, SCHED_START);
			f = add_work(net, p, d > 0 ? snap_start(net, p, s) : s, d);
			goto store;
		}
		for (uint32_t e = net->in_off[p]; e < net->in_off[p + 1]; e++) {
			uint32_t q = net->in_from[e];

			switch (net->e_type[e]) {
			case SCHED_FS:
				s = max64(s, lag_fwd(net, e, ef[q]));
				break;
			case SCHED_SS:
				s = max64(s, lag_fwd(net, e, es[q]));
				break;
			case SCHED_FF:
				fr = max64(fr, lag_fwd(net, e, ef[q]));
				break;
			default:
				fr = max64(fr, lag_fwd(net, e, es[q]));
				break;
			}
		}
		if (a->constraint_date != SCHED_NONE) {
			switch (a->constraint) {
			case SCHED_SNET:
				s = max64(s, to_tick(net, a->constraint_date, SCHED_START));
				break;
			case SCHED_FNET:
				fr = max64(fr, to_tick(net, a->constraint_date, SCHED_END));
				break;
			case SCHED_MSO:
				c = to_tick(net, a->constraint_date, SCHED_START);
				if (honour) {
					s = c;
					fr = NEG_INF;
				} else {
					s = max64(s, c);
				}
				break;
			case SCHED_MFO:
				c = to_tick(net, a->constraint_date, SCHED_END);
				if (honour) {
					f = c;
					s = sub_work(net, p, f, d);
					goto store;
				}
				fr = max64(fr, c);
				break;
			default:
				break;
			}
		}
		if (d > 0) {
			s = snap_start(net, p, s);
			f = add_work(net, p, s, d);
			if (fr > f) {
				f = fr;
				s = sub_work(net, p, f, d);
			}
		} else {
			s = max64(s, fr);
			f = s;
		}
		if (honour && a->constraint_date != SCHED_NONE) {
			if (a->constraint == SCHED_SNLT) {
				c = to_tick(net, a->constraint_date, SCHED_START);
				if (s > c) {
					s = d > 0 ? snap_start(net, p, c) : c;
					f = add_work(net, p, s, d);
				}
			} else if (a->constraint == SCHED_FNLT) {
				c = to_tick(net, a->constraint_date, SCHED_END);
				if (f > c) {
					f = c;
					s = sub_work(net, p, f, d);
				}
			}
		}
store:
		es[p] = s;
		ef[p] = f;
		finish = max64(finish, f);
	}
	return finish;
}

static void
backward(const struct sched_network *net, const int64_t *es,
	 const int64_t *ef, int64_t finish, int64_t *ls, int64_t *lf)
{
	const int honour = net->honour_constraints;

	for (size_t p = net->nleaf; p-- > 0;) {
		const struct sched_activity *a = &net->act[net->order[p]];
		const int64_t d = net->dur[p];
		int64_t f = finish, sr = POS_INF, s, c;

		if (a->actual_finish != SCHED_NONE) {
			ls[p] = es[p];
			lf[p] = ef[p];
			continue;
		}
		for (uint32_t k = net->out_off[p]; k < net->out_off[p + 1]; k++) {
			uint32_t e = net->out_link[k], q = net->out_to[k];

			switch (net->e_type[e]) {
			case SCHED_FS:
				f = min64(f, lag_back(net, e, ls[q]));
				break;
			case SCHED_SS:
				sr = min64(sr, lag_back(net, e, ls[q]));
				break;
			case SCHED_FF:
				f = min64(f, lag_back(net, e, lf[q]));
				break;
			default:
				sr = min64(sr, lag_back(net, e, lf[q]));
				break;
			}
		}
		if (a->deadline != SCHED_NONE)
			f = min64(f, to_tick(net, a->deadline, SCHED_END));
		if (a->constraint_date != SCHED_NONE) {
			switch (a->constraint) {
			case SCHED_SNLT:
				sr = min64(sr, to_tick(net, a->constraint_date, SCHED_START));
				break;
			case SCHED_FNLT:
				f = min64(f, to_tick(net, a->constraint_date, SCHED_END));
				break;
			case SCHED_MSO:
				c = to_tick(net, a->constraint_date, SCHED_START);
				if (honour) {
					s = d > 0 ? snap_start(net, p, c) : c;
					ls[p] = s;
					lf[p] = add_work(net, p, s, d);
					continue;
				}
				sr = min64(sr, c);
				break;
			case SCHED_MFO:
				c = to_tick(net, a->constraint_date, SCHED_END);
				if (honour) {
					lf[p] = c;
					ls[p] = sub_work(net, p, c, d);
					continue;
				}
				f = min64(f, c);
				break;
			default:
				break;
			}
		}
		if (a->actual_start != SCHED_NONE) {
			/* started: the start is history, only the finish can move */
			ls[p] = es[p];
			lf[p] = d > 0 ? snap_finish(net, p, f) : f;
			continue;
		}
		if (d > 0) {
			f = snap_finish(net, p, f);
			s = sub_work(net, p, f, d);
			if (sr < s) {
				s = sr;
				f = add_work(net, p, s, d);
			}
		} else {
			f = min64(f, sr);
			s = f;
		}
		ls[p] = s;
		lf[p] = f;
	}
}

static void
result_alloc(struct sched_result *res, size_t n)
{
	memset(res, 0, sizeof(*res));
	res->n = n;
	n = n ? n : 1;
	res->es = xmalloc(n * sizeof(int64_t));
	res->ef = xmalloc(n * sizeof(int64_t));
	res->ls = xmalloc(n * sizeof(int64_t));
	res->lf = xmalloc(n * sizeof(int64_t));
	res->start = xmalloc(n * sizeof(int64_t));
	res->finish = xmalloc(n * sizeof(int64_t));
	res->total_float = xmalloc(n * sizeof(int64_t));
	res->free_float = xmalloc(n * sizeof(int64_t));
	res->critical = xcalloc(n, 1);
}

void
sched_result_release(struct sched_result *res)
{
	free(res->es);
	free(res->ef);
	free(res->ls);
	free(res->lf);
	free(res->start);
	free(res->finish);
	free(res->total_float);
	free(res->free_float);
	free(res->critical);
	free(res->driving);
	free(res->path_off);
	free(res->path_act);
	memset(res, 0, sizeof(*res));
}

/*
 * Depth-first walk along driving links between critical activities, from
 * each critical activity no driving link leads into, to one no driving
 * link leads out of. Stops at SCHED_MAX_PATHS paths (or a step budget, as
 * a dense critical subgraph can hold very many paths).
 */
static void
find_paths(const struct sched_network *net, struct sched_result *res,
	   const unsigned char *crit)
{
	size_t nl = net->nleaf, steps = 0, aoff = 0, aact = 0, nact = 0;
	unsigned char *has_in = xcalloc(nl ? nl : 1, 1);
	unsigned char *has_out = xcalloc(nl ? nl : 1, 1);
	uint32_t *stack = xmalloc((nl ? nl : 1) * sizeof(*stack));
	uint32_t *next = xmalloc((nl ? nl : 1) * sizeof(*next));

	for (size_t q = 0; q < nl; q++)
		for (uint32_t e = net->in_off[q]; e < net->in_off[q + 1]; e++)
			if (res->driving[e]) {
				has_in[q] = 1;
				has_out[net->in_from[e]] = 1;
			}
	ALLOC_GROW(res->path_off, 1, aoff);
	res->path_off[0] = 0;
	for (size_t root = 0; root < nl && !res->paths_truncated; root++) {
		size_t depth = 1;

		if (!crit[root] || has_in[root])
			continue;
		stack[0] = (uint32_t)root;
		next[0] = net->out_off[root];
		while (depth > 0) {
			uint32_t p = stack[depth - 1];

			if (++steps > 4000000) {
				res->paths_truncated = 1;
				break;
			}
			if (!has_out[p]) {
				if (res->npaths == SCHED_MAX_PATHS) {
					res->paths_truncated = 1;
					break;
				}
				ALLOC_GROW(res->path_act, nact + depth, aact);
				for (size_t i = 0; i < depth; i++)
					res->path_act[nact++] = net->order[stack[i]];
				res->npaths++;
				ALLOC_GROW(res->path_off, res->npaths + 1, aoff);
				res->path_off[res->npaths] = nact;
				depth--;
				continue;
			}
			while (next[depth - 1] < net->out_off[p + 1] &&
			       !res->driving[net->out_link[next[depth - 1]]])
				next[depth - 1]++;
			if (next[depth - 1] == net->out_off[p + 1]) {
				depth--;
				continue;
			}
			{
				uint32_t q = net->out_to[next[depth - 1]++];

				stack[depth] = q;
				next[depth] = net->out_off[q];
				depth++;
			}
		}
	}
	free(has_in);
	free(has_out);
	free(stack);
	free(next);
}

static void
roll_up(const struct sched_network *net, struct sched_result *res)
{
	const struct sched_calendar *pc = net->cal[net->project_cal];

	for (size_t s = 0; s < net->nsummary; s++) {
		uint32_t i = net->summary_order[s];

		res->es[i] = res->ef[i] = res->ls[i] = res->lf[i] = SCHED_NONE;
		res->start[i] = res->finish[i] = SCHED_NONE;
	}
#define MERGE(to, from) do { \
		if (res->es[to] == SCHED_NONE) { \
			res->es[to] = res->es[from]; res->ef[to] = res->ef[from]; \
			res->ls[to] = res->ls[from]; res->lf[to] = res->lf[from]; \
			res->start[to] = res->start[from]; res->finish[to] = res->finish[from]; \
		} else { \
			res->es[to] = min64(res->es[to], res->es[from]); \
			res->ef[to] = max64(res->ef[to], res->ef[from]); \
			res->ls[to] = min64(res->ls[to], res->ls[from]); \
			res->lf[to] = max64(res->lf[to], res->lf[from]); \
			res->start[to] = min64(res->start[to], res->start[from]); \
			res->finish[to] = max64(res->finish[to], res->finish[from]); \
		} \
	} while (0)
	for (size_t i = 0; i < net->n; i++) {
		int p = net->act[i].parent;

		if (p >= 0 && net->act[i].kind != SCHED_SUMMARY)
			MERGE(p, i);
	}
	for (size_t s = 0; s < net->nsummary; s++) {
		uint32_t i = net->summary_order[s];
		int p = net->act[i].parent;

		if (res->es[i] == SCHED_NONE) {
			/* nothing under it: it sits at the start, as given */
			res->es[i] = res->ef[i] = res->ls[i] = res->lf[i] =
				res->start[i] = res->finish[i] = net->start;
		}
		res->total_float[i] = sched_cal_to_work(pc, res->lf[i]) -
				      sched_cal_to_work(pc, res->ef[i]);
		res->free_float[i] = res->total_float[i] > 0 ? res->total_float[i] : 0;
		res->critical[i] = res->total_float[i] <= net->critical_slack;
		if (p >= 0)
			MERGE(p, i);
	}
#undef MERGE
}

int
sched_cpm(const struct sched_network *net, struct sched_result *res,
	  struct error *err)
{
	size_t nl = net->nleaf, m = net->nedges;
	int64_t *es, *ef, *ls, *lf, finish;
	unsigned char *crit;

	if (!net->ready)
		return error_set(err, ERR_INTERNAL, "the network is not finished");
	result_alloc(res, net->n);
	es = xmalloc((nl ? nl : 1) * sizeof(*es));
	ef = xmalloc((nl ? nl : 1) * sizeof(*ef));
	ls = xmalloc((nl ? nl : 1) * sizeof(*ls));
	lf = xmalloc((nl ? nl : 1) * sizeof(*lf));
	crit = xcalloc(nl ? nl : 1, 1);
	res->driving = xcalloc(m ? m : 1, 1);

	finish = sched_forward(net, NULL, es, ef);
	backward(net, es, ef, finish, ls, lf);
	res->project_start = sched_tick_instant(net, to_tick(net, net->start, SCHED_START));
	res->project_finish = sched_tick_instant(net, finish);

	for (size_t p = 0; p < nl; p++) {
		uint32_t i = net->order[p];
		const struct sched_activity *a = &net->act[i];
		int64_t tf, ff = POS_INF;

		tf = work_ticks(net, p, ef[p], lf[p]);
		for (uint32_t k = net->out_off[p]; k < net->out_off[p + 1]; k++) {
			uint32_t e = net->out_link[k], q = net->out_to[k];
			int64_t v;

			switch (net->e_type[e]) {
			case SCHED_FS:
				v = work_ticks(net, p, lag_fwd(net, e, ef[p]), es[q]);
				break;
			case SCHED_SS:
				v = work_ticks(net, p, lag_fwd(net, e, es[p]), es[q]);
				break;
			case SCHED_FF:
				v = work_ticks(net, p, lag_fwd(net, e, ef[p]), ef[q]);
				break;
			default:
				v = work_ticks(net, p, lag_fwd(net, e, es[p]), ef[q]);
				break;
			}
			ff = min64(ff, v);
		}
		if (ff == POS_INF)
			ff = work_ticks(net, p, ef[p], finish);
		if (a->actual_finish != SCHED_NONE)
			tf = ff = 0;
		ff = min64(ff, tf);
		res->total_float[i] = tf;
		res->free_float[i] = ff > 0 ? ff : 0;
		crit[p] = a->actual_finish == SCHED_NONE && !a->placeholder &&
			  tf <= net->critical_slack;
		res->critical[i] = crit[p];
		res->es[i] = sched_tick_instant(net, es[p]);
		res->ef[i] = sched_tick_instant(net, ef[p]);
		res->ls[i] = sched_tick_instant(net, ls[p]);
		res->lf[i] = sched_tick_instant(net, lf[p]);
		/* actual dates stand as recorded, even in non-working time */
		if (a->actual_start != SCHED_NONE)
			res->es[i] = res->ls[i] = a->actual_start;
		if (a->actual_finish != SCHED_NONE)
			res->ef[i] = res->lf[i] = a->actual_finish;
		if (a->constraint == SCHED_ALAP && a->actual_start == SCHED_NONE &&
		    a->actual_finish == SCHED_NONE && a->fixed_start == SCHED_NONE) {
			res->start[i] = res->ls[i];
			res->finish[i] = res->lf[i];
		} else {
			res->start[i] = res->es[i];
			res->finish[i] = res->ef[i];
		}
	}
	/* a link drives when it sets its successor's date, both ends critical */
	for (size_t q = 0; q < nl; q++) {
		for (uint32_t e = net->in_off[q]; e < net->in_off[q + 1]; e++) {
			uint32_t p = net->in_from[e];
			int64_t v;

			if (!crit[p] || !crit[q])
				continue;
			switch (net->e_type[e]) {
			case SCHED_FS:
				v = work_ticks(net, q, lag_fwd(net, e, ef[p]), es[q]);
				break;
			case SCHED_SS:
				v = work_ticks(net, q, lag_fwd(net, e, es[p]), es[q]);
				break;
			case SCHED_FF:
				v = work_ticks(net, q, lag_fwd(net, e, ef[p]), ef[q]);
				break;
			default:
				v = work_ticks(net, q, lag_fwd(net, e, es[p]), ef[q]);
				break;
			}
			res->driving[e] = v <= 0;
		}
	}
	find_paths(net, res, crit);
	roll_up(net, res);
	free(es);
	free(ef);
	free(ls);
	free(lf);
	free(crit);
	return 0;
}
