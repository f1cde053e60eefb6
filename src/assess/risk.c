/*
 * risk.c - risk scoring, escalation proposals, portfolio risk views and
 * heat maps (rules in risk.h and docs/assessment.md).
 */
#include "assess/risk.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "assess/assess-util.h"
#include "assess/rollup.h"
#include "assess/tolerance.h"
#include "core/date.h"
#include "core/error.h"
#include "core/strbuf.h"
#include "core/xmalloc.h"
#include "model/dataset.h"

const char *
risk_band_name(enum risk_band b)
{
	switch (b) {
	case BAND_LOW:
		return "low";
	case BAND_MEDIUM:
		return "medium";
	case BAND_HIGH:
		return "high";
	case BAND_NONE:
		break;
	}
	return "not scored";
}

int
risk_score(int64_t likelihood, int64_t impact)
{
	if (likelihood < 1 || likelihood > 5 || impact < 1 || impact > 5)
		return 0;
	return (int)(likelihood * impact);
}

int
risk_score_of(const struct risk *r, enum risk_measure which)
{
	switch (which) {
	case RISK_INHERENT:
		return risk_score(r->inherent_likelihood, r->inherent_impact);
	case RISK_CURRENT:
		return risk_score(r->current_likelihood, r->current_impact);
	case RISK_TARGET:
		return risk_score(r->target_likelihood, r->target_impact);
	}
	return 0;
}

enum risk_band
risk_band_of(const struct risk_config *cfg, int score)
{
	if (score <= 0)
		return BAND_NONE;
	if (score <= cfg->low_max)
		return BAND_LOW;
	if (score <= cfg->medium_max)
		return BAND_MEDIUM;
	return BAND_HIGH;
}

int
risk_is_near(const struct risk_config *cfg, const struct risk *r,
	     int32_t as_at)
{
	return r->proximity != DATE_NONE &&
		r->proximity <= as_at + cfg->near_days;
}

int
risk_action_overdue(const struct risk_action *a, int32_t as_at)
{
	if (a->due == DATE_NONE || a->due >= as_at)
		return 0;
	return a->done == DATE_NONE || a->done > as_at;
}

int
risk_open_at(const struct risk *r, int32_t as_at)
{
	if (r->status == NULL || strcmp(r->status, "open"))
		return 0;
	return as_at == DATE_NONE || r->raised == DATE_NONE ||
		r->raised <= as_at;
}

int
risk_in_register(const struct risk *r, enum risk_register reg,
		 const char *programme)
{
	switch (reg) {
	case REG_ALL:
		return 1;
	case REG_PORTFOLIO:
		return r->level && strcmp(r->level, "portfolio") == 0;
	case REG_PROGRAMME:
		return r->level && strcmp(r->level, "portfolio") &&
			r->programme && programme &&
			strcmp(r->programme, programme) == 0;
	}
	return 0;
}

static int
cmp_action(const void *a, const void *b)
{
	const struct risk_action *x = *(const struct risk_action *const *)a;
	const struct risk_action *y = *(const struct risk_action *const *)b;
	int c = strcmp(x->risk, y->risk);

	if (c)
		return c;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

size_t
risk_overdue_actions(const struct dataset *ds, enum risk_register reg,
		     const char *programme, int32_t as_at,
		     const struct risk_action ***out)
{
	const struct risk_action **v = NULL;
	size_t n = 0, alloc = 0;

	DS_FOREACH(ds, K_RISK_ACTION, struct risk_action, a) {
		const struct risk *r;

		if (a->risk == NULL || !risk_action_overdue(a, as_at))
			continue;
		r = dataset_find(ds, K_RISK, a->risk);
		if (r == NULL || !risk_open_at(r, as_at) ||
		    !risk_in_register(r, reg, programme))
			continue;
		ALLOC_GROW(v, n + 1, alloc);
		v[n++] = a;
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_action);
	*out = v;
	return n;
}

/* A title folded for comparison: lower case, runs of space as one. */
static char *
fold_title(const char *s)
{
	char *out = xmalloc(strlen(s) + 1), *o = out;
	int space = 0;

	while (isspace((unsigned char)*s))
		s++;
	for (; *s; s++) {
		if (isspace((unsigned char)*s)) {
			space = 1;
			continue;
		}
		if (space)
			*o++ = ' ';
		space = 0;
		*o++ = (char)tolower((unsigned char)*s);
	}
	*o = '\0';
	return out;
}

/* r is linked to a portfolio risk already. */
static int
linked_to_portfolio(const struct dataset *ds, const struct rowidx *lix,
		    const struct risk *r)
{
	size_t lo, hi;

	rowidx_range(lix, r->code, &lo, &hi);
	for (size_t i = lo; i < hi; i++) {
		const struct risk_link *l = lix->v[i].row;
		const struct risk *p = dataset_find(ds, K_RISK, l->portfolio_risk);

		if (p && p->level && strcmp(p->level, "portfolio") == 0)
			return 1;
	}
	return 0;
}

struct titled {
	char *title;
	const struct risk *r;
};

static int
cmp_titled(const void *a, const void *b)
{
	const struct titled *x = a, *y = b;
	int c = strcmp(x->title, y->title);

	if (c)
		return c;
	return strcmp(x->r->programme, y->r->programme);
}

static int
cmp_proposal(const void *a, const void *b)
{
	const struct risk_proposal *x = a, *y = b;
	int c = strcmp(x->risk->programme, y->risk->programme);

	return c ? c : strcmp(x->risk->code, y->risk->code);
}

/* Other programmes with an open risk of the same folded title, or NULL. */
static const char *
shared_with(const struct titled *t, size_t nt, const struct risk *r,
	    struct arena *a)
{
	struct strbuf sb = STRBUF_INIT;
	struct titled key;
	size_t lo = 0, hi = nt;
	const char *last = NULL;
	char *res = NULL;

	key.title = fold_title(r->title);
	key.r = r;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(t[mid].title, key.title) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < nt && strcmp(t[i].title, key.title) == 0; i++) {
		const char *p = t[i].r->programme;

		if (strcmp(p, r->programme) == 0 || (last && strcmp(last, p) == 0))
			continue;
		if (sb.len)
			strbuf_addstr(&sb, ", ");
		strbuf_addstr(&sb, p);
		last = p;
	}
	if (sb.len)
		res = sb_to_arena(&sb, a);
	strbuf_release(&sb);
	free(key.title);
	return res;
}

static const char *
why_sentence(const struct risk_proposal *p, const struct risk_config *cfg,
	     int32_t as_at, struct arena *a)
{
	struct strbuf sb = STRBUF_INIT;
	const struct risk *r = p->risk;
	int parts = 0;
	const char *s;

	strbuf_addf(&sb, "Risk %s '%s' (%s) has a current score of %d "
		    "(likelihood %d x impact %d, %s)", r->code, r->title,
		    r->programme, p->score, (int)r->current_likelihood,
		    (int)r->current_impact, risk_band_name(p->band));
	strbuf_addstr(&sb, "; proposed for the portfolio register because ");
	if (p->reasons & ESC_TOLERANCE) {
		strbuf_addstr(&sb, "the score is at or above the programme's "
			      "risk tolerance of ");
		fmt_num(&sb, p->tolerance);
		parts++;
	}
	if (p->reasons & ESC_SHARED) {
		if (parts++)
			strbuf_addstr(&sb, "; and ");
		strbuf_addstr(&sb, "it affects more than one programme");
		if (p->shared_with)
			strbuf_addf(&sb, " (the same risk is raised by %s)",
				    p->shared_with);
		else
			strbuf_addf(&sb, " (category %s)", r->category);
	}
	if (p->reasons & ESC_HIGH_NEAR) {
		long days = (long)r->proximity - as_at;

		if (parts++)
			strbuf_addstr(&sb, "; and ");
		strbuf_addstr(&sb, "it is high and near: ");
		if (days >= 0) {
			strbuf_addstr(&sb, "it could happen by ");
			fmt_date(&sb, r->proximity);
			strbuf_addstr(&sb, ", ");
			fmt_count(&sb, days, "day", "days");
			strbuf_addf(&sb, " away (window %d days)", cfg->near_days);
		} else {
			strbuf_addstr(&sb, "its proximity date of ");
			fmt_date(&sb, r->proximity);
			strbuf_addstr(&sb, " has passed");
		}
	}
	strbuf_addch(&sb, '.');
	s = sb_to_arena(&sb, a);
	strbuf_release(&sb);
	return s;
}

int
risk_escalations(const struct dataset *ds, const struct risk_config *cfg,
		 int32_t as_at, struct risk_proposals *out, struct error *err)
{
	struct titled *t = NULL;
	size_t nt = 0, talloc = 0, alloc = 0;
	struct rowidx lix;

	memset(out, 0, sizeof(*out));
	arena_init(&out->arena);
	if (as_at == DATE_NONE)
		return error_set(err, ERR_USAGE, "no as-at date for escalation");

	/* open programme and project risks by folded title */
	DS_FOREACH(ds, K_RISK, struct risk, r) {
		if (r->code == NULL || r->title == NULL || r->programme == NULL ||
		    !risk_open_at(r, as_at) ||
		    (r->level && strcmp(r->level, "portfolio") == 0))
			continue;
		ALLOC_GROW(t, nt + 1, talloc);
		t[nt].title = fold_title(r->title);
		t[nt].r = r;
		nt++;
	}
	if (nt > 1)
		qsort(t, nt, sizeof(*t), cmp_titled);
	rowidx_build(&lix, ds, K_RISK_LINK, offsetof(struct risk_link, risk));

	DS_FOREACH(ds, K_RISK, struct risk, r) {
		struct risk_proposal p;
		const struct tolerance *tol;

		if (r->code == NULL || r->title == NULL || r->programme == NULL ||
		    r->level == NULL || strcmp(r->level, "programme") ||
		    !risk_open_at(r, as_at) ||
		    linked_to_portfolio(ds, &lix, r))
			continue;
		memset(&p, 0, sizeof(p));
		p.risk = r;
		p.score = risk_score_of(r, RISK_CURRENT);
		p.band = risk_band_of(cfg, p.score);
		p.proximity = r->proximity;
		p.tolerance = NAN;
		tol = tolerance_for(ds, r->programme, TOL_RISK);
		if (tol && !isnan(tol->threshold)) {
			p.tolerance = tol->threshold;
			if (p.score > 0 && p.score >= tol->threshold)
				p.reasons |= ESC_TOLERANCE;
		}
		p.shared_with = shared_with(t, nt, r, &out->arena);
		if (p.shared_with ||
		    (cfg->shared_category && r->category &&
		     text_eq_ci(cfg->shared_category, r->category)))
			p.reasons |= ESC_SHARED;
		if (p.band == BAND_HIGH && risk_is_near(cfg, r, as_at))
			p.reasons |= ESC_HIGH_NEAR;
		if (!p.reasons)
			continue;
		p.why = why_sentence(&p, cfg, as_at, &out->arena);
		if (out->n == alloc) {
			struct risk_proposal *nv;

			alloc = alloc ? alloc * 2 : 16;
			nv = arena_alloc(&out->arena, alloc * sizeof(*nv));
			if (out->n)
				memcpy(nv, out->v, out->n * sizeof(*nv));
			out->v = nv;
		}
		out->v[out->n++] = p;
	}
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), cmp_proposal);
	for (size_t i = 0; i < nt; i++)
		free(t[i].title);
	free(t);
	rowidx_release(&lix);
	return 0;
}

void
risk_proposals_release(struct risk_proposals *p)
{
	arena_release(&p->arena);
	memset(p, 0, sizeof(*p));
}

const char *
risk_trend_name(enum risk_trend t)
{
	switch (t) {
	case TREND_UNKNOWN:
		return "unknown (no earlier data)";
	case TREND_NEW:
		return "new";
	case TREND_UP:
		return "up";
	case TREND_SAME:
		return "unchanged";
	case TREND_DOWN:
		return "down";
	case TREND_CLOSED:
		return "closed";
	}
	return "";
}

/* --- score history ------------------------------------------------------ */

static int
cmp_score(const void *a, const void *b)
{
	const struct risk_score *x = *(const struct risk_score *const *)a;
	const struct risk_score *y = *(const struct risk_score *const *)b;
	int c = strcmp(x->risk, y->risk);

	if (c)
		return c;
	return (x->period > y->period) - (x->period < y->period);
}

void
risk_history_build(struct risk_history *h, const struct dataset *ds)
{
	size_t n = dataset_count(ds, K_RISK_SCORE);

	h->v = xcalloc(n ? n : 1, sizeof(*h->v));
	h->n = 0;
	DS_FOREACH(ds, K_RISK_SCORE, const struct risk_score, rs)
		if (rs->risk && rs->period != MONTH_NONE)
			h->v[h->n++] = rs;
	if (h->n > 1)
		qsort(h->v, h->n, sizeof(*h->v), cmp_score);
}

void
risk_history_release(struct risk_history *h)
{
	free(h->v);
	h->v = NULL;
	h->n = 0;
}

/* The first row of risk at or after month: its index, or h->n. */
static size_t
history_find(const struct risk_history *h, const char *risk, int32_t month)
{
	size_t lo = 0, hi = h->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct risk_score *x = h->v[mid];
		int c = strcmp(x->risk, risk);

		if (c < 0 || (c == 0 && x->period < month))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const struct risk_score *
risk_history_at(const struct risk_history *h, const char *risk, int32_t month)
{
	size_t i;

	if (risk == NULL)
		return NULL;
	/* the row after the last one up to month */
	i = history_find(h, risk, month + 1);
	if (i == 0 || strcmp(h->v[i - 1]->risk, risk) != 0)
		return NULL;
	return h->v[i - 1];
}

int
risk_history_has(const struct risk_history *h, const char *risk)
{
	size_t i = risk ? history_find(h, risk, INT32_MIN) : h->n;

	return i < h->n && strcmp(h->v[i]->risk, risk) == 0;
}

/* The first row of risk for a period after `after` and before `before`. */
static const struct risk_score *
history_first_between(const struct risk_history *h, const char *risk,
		      int32_t after, int32_t before)
{
	size_t i = history_find(h, risk, after + 1);

	if (i < h->n && strcmp(h->v[i]->risk, risk) == 0 &&
	    h->v[i]->period < before)
		return h->v[i];
	return NULL;
}

static int
is_open(const char *status)
{
	return status && strcmp(status, "open") == 0;
}

void
risk_move_between(const struct risk_history *h, const struct risk *r,
		  int32_t from, int32_t to, struct risk_move *out)
{
	const struct risk_score *now, *then;

	memset(out, 0, sizeof(*out));
	out->trend = TREND_UNKNOWN;
	if (r == NULL || r->code == NULL)
		return;
	now = risk_history_at(h, r->code, to);
	if (now == NULL)
		return;
	out->now_period = now->period;
	out->now_score = risk_score(now->likelihood, now->impact);
	then = risk_history_at(h, r->code, from);
	if (then == NULL && r->raised != DATE_NONE && r->raised > month_last_day(from)) {
		out->trend = is_open(now->status) ? TREND_NEW : TREND_CLOSED;
		return;
	}
	if (then == NULL)
		then = history_first_between(h, r->code, from, to);
	if (then == NULL)
		return;
	out->then_period = then->period;
	out->then_score = risk_score(then->likelihood, then->impact);
	if (!is_open(then->status))
		out->trend = is_open(now->status) ? TREND_NEW : TREND_CLOSED;
	else if (!is_open(now->status))
		out->trend = TREND_CLOSED;
	else if (out->now_score == 0 || out->then_score == 0)
		out->trend = TREND_UNKNOWN;
	else if (out->now_score > out->then_score)
		out->trend = TREND_UP;
	else if (out->now_score < out->then_score)
		out->trend = TREND_DOWN;
	else
		out->trend = TREND_SAME;
}

void
risk_trends_add(struct risk_trends *t, enum risk_trend trend)
{
	switch (trend) {
	case TREND_UP:
		t->up++;
		break;
	case TREND_SAME:
		t->same++;
		break;
	case TREND_DOWN:
		t->down++;
		break;
	case TREND_NEW:
		t->fresh++;
		break;
	case TREND_CLOSED:
		t->closed++;
		break;
	case TREND_UNKNOWN:
		t->unknown++;
		break;
	}
}

static int
cmp_feeder(const void *a, const void *b)
{
	const struct risk_feeder *x = a, *y = b;

	return strcmp(x->risk->code, y->risk->code);
}

int
risk_portfolio_view(const struct dataset *ds, const struct dataset *then,
		    const struct risk_config *cfg, const char *code,
		    int32_t as_at, struct arena *a, struct risk_view *out,
		    struct error *err)
{
	const struct risk *pr = dataset_find(ds, K_RISK, code);
	struct risk_history h;
	int32_t month = month_of_date(as_at);
	int32_t quarter = rollup_previous_quarter_end(month);
	size_t n = 0;

	memset(out, 0, sizeof(*out));
	if (pr == NULL || pr->level == NULL || strcmp(pr->level, "portfolio"))
		return error_set(err, ERR_NOTFOUND, "no portfolio risk %s", code);
	risk_history_build(&h, ds);
	out->risk = pr;
	out->score = risk_score_of(pr, RISK_CURRENT);
	out->band = risk_band_of(cfg, out->score);
	risk_move_between(&h, pr, month - 1, month, &out->period);
	risk_move_between(&h, pr, quarter, month, &out->quarter);
	DS_FOREACH(ds, K_RISK_LINK, struct risk_link, l)
		if (l->portfolio_risk && strcmp(l->portfolio_risk, code) == 0)
			n++;
	out->feeders = arena_alloc(a, (n ? n : 1) * sizeof(*out->feeders));
	DS_FOREACH(ds, K_RISK_LINK, struct risk_link, l) {
		struct risk_feeder *f;
		const struct risk *r, *old;
		int open_now;

		if (l->portfolio_risk == NULL || strcmp(l->portfolio_risk, code))
			continue;
		r = dataset_find(ds, K_RISK, l->risk);
		if (r == NULL)
			continue;
		f = &out->feeders[out->n++];
		f->risk = r;
		open_now = risk_open_at(r, as_at);
		f->score = open_now ? risk_score_of(r, RISK_CURRENT) : 0;
		f->band = risk_band_of(cfg, f->score);
		if (f->score > out->highest_feeder)
			out->highest_feeder = f->score;
		risk_move_between(&h, r, month - 1, month, &f->period);
		risk_move_between(&h, r, quarter, month, &f->quarter);
		risk_trends_add(&out->period_trends, f->period.trend);
		risk_trends_add(&out->quarter_trends, f->quarter.trend);
		old = then ? dataset_find(then, K_RISK, r->code) : NULL;
		if (then == NULL) {
			f->trend = f->period.trend;
			f->then_score = f->period.then_score;
		} else if (old == NULL || !risk_open_at(old, DATE_NONE)) {
			f->trend = open_now ? TREND_NEW : TREND_CLOSED;
			if (!open_now && old == NULL)
				f->trend = TREND_UNKNOWN;
		} else {
			f->then_score = risk_score_of(old, RISK_CURRENT);
			if (!open_now)
				f->trend = TREND_CLOSED;
			else if (f->score > f->then_score)
				f->trend = TREND_UP;
			else if (f->score < f->then_score)
				f->trend = TREND_DOWN;
			else
				f->trend = TREND_SAME;
		}
		switch (f->trend) {
		case TREND_UP:
			out->up++;
			break;
		case TREND_SAME:
			out->same++;
			break;
		case TREND_DOWN:
			out->down++;
			break;
		case TREND_NEW:
			out->fresh++;
			break;
		case TREND_CLOSED:
			out->closed++;
			break;
		case TREND_UNKNOWN:
			break;
		}
	}
	if (out->n > 1)
		qsort(out->feeders, out->n, sizeof(*out->feeders), cmp_feeder);
	risk_history_release(&h);
	return 0;
}

static void
heat_add(struct heatmap *h, const struct risk *r, enum risk_measure which)
{
	int64_t l, i;

	switch (which) {
	case RISK_INHERENT:
		l = r->inherent_likelihood, i = r->inherent_impact;
		break;
	case RISK_TARGET:
		l = r->target_likelihood, i = r->target_impact;
		break;
	case RISK_CURRENT:
	default:
		l = r->current_likelihood, i = r->current_impact;
		break;
	}
	if (risk_score(l, i) == 0) {
		h->unscored++;
		return;
	}
	h->cell[l - 1][i - 1]++;
	h->total++;
}

void
risk_heatmap(const struct dataset *ds, enum risk_register reg,
	     const char *programme, enum risk_measure which, int32_t as_at,
	     struct heatmap *out)
{
	memset(out, 0, sizeof(*out));
	DS_FOREACH(ds, K_RISK, struct risk, r) {
		if (!risk_open_at(r, as_at) ||
		    !risk_in_register(r, reg, programme))
			continue;
		heat_add(out, r, which);
	}
}

void
risk_heatmap_movement(const struct dataset *then, int32_t then_at,
		      const struct dataset *now, int32_t now_at,
		      enum risk_register reg, const char *programme,
		      struct heatmap_movement *out)
{
	memset(out, 0, sizeof(*out));
	risk_heatmap(then, reg, programme, RISK_CURRENT, then_at, &out->then);
	risk_heatmap(now, reg, programme, RISK_CURRENT, now_at, &out->now);
	for (int l = 0; l < 5; l++)
		for (int i = 0; i < 5; i++)
			out->delta[l][i] = (long)out->now.cell[l][i] -
				(long)out->then.cell[l][i];
	DS_FOREACH(now, K_RISK, struct risk, r) {
		const struct risk *old;
		int s_now, s_then;

		if (r->code == NULL || !risk_open_at(r, now_at) ||
		    !risk_in_register(r, reg, programme))
			continue;
		old = dataset_find(then, K_RISK, r->code);
		if (old == NULL || !risk_open_at(old, then_at) ||
		    !risk_in_register(old, reg, programme)) {
			out->added++;
			continue;
		}
		s_now = risk_score_of(r, RISK_CURRENT);
		s_then = risk_score_of(old, RISK_CURRENT);
		if (s_now > s_then)
			out->up++;
		else if (s_now < s_then)
			out->down++;
		else
			out->same++;
	}
	DS_FOREACH(then, K_RISK, struct risk, old) {
		const struct risk *r;

		if (old->code == NULL || !risk_open_at(old, then_at) ||
		    !risk_in_register(old, reg, programme))
			continue;
		r = dataset_find(now, K_RISK, old->code);
		if (r == NULL || !risk_open_at(r, now_at) ||
		    !risk_in_register(r, reg, programme))
			out->removed++;
	}
}

/* Place a reading in a heat map. */
static void
heat_reading(struct heatmap *h, const struct risk_score *rs)
{
	if (risk_score(rs->likelihood, rs->impact) == 0) {
		h->unscored++;
		return;
	}
	h->cell[rs->likelihood - 1][rs->impact - 1]++;
	h->total++;
}

void
risk_heatmap_history(const struct dataset *ds, const struct risk_history *h,
		     enum risk_register reg, const char *programme, int32_t from,
		     int32_t to, struct heatmap_movement *out)
{
	memset(out, 0, sizeof(*out));
	DS_FOREACH(ds, K_RISK, struct risk, r) {
		const struct risk_score *now, *then = NULL;
		struct risk_move mv;

		if (r->code == NULL || !risk_in_register(r, reg, programme))
			continue;
		risk_move_between(h, r, from, to, &mv);
		now = mv.now_period ? risk_history_at(h, r->code, mv.now_period) : NULL;
		if (mv.then_period)
			then = risk_history_at(h, r->code, mv.then_period);
		switch (mv.trend) {
		case TREND_UP:
		case TREND_SAME:
		case TREND_DOWN:
			heat_reading(&out->then, then);
			heat_reading(&out->now, now);
			if (mv.trend == TREND_UP)
				out->up++;
			else if (mv.trend == TREND_DOWN)
				out->down++;
			else
				out->same++;
			break;
		case TREND_NEW:
			heat_reading(&out->now, now);
			out->added++;
			break;
		case TREND_CLOSED:
			/* closed at both readings: in neither map */
			if (then && is_open(then->status)) {
				heat_reading(&out->then, then);
				out->removed++;
			}
			break;
		case TREND_UNKNOWN:
			if (now && !is_open(now->status))
				break;
			if (risk_open_at(r, month_last_day(to)))
				out->unknown++;
			break;
		}
	}
	for (int l = 0; l < 5; l++)
		for (int i = 0; i < 5; i++)
			out->delta[l][i] = (long)out->now.cell[l][i] -
				(long)out->then.cell[l][i];
}
