/*
 * rollup.c - DCA ratings as numbers, ratings as at a date and the
 * project -> programme -> portfolio roll-up (rules in rollup.h).
 */
#include "assess/rollup.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "assess/assess-util.h"
#include "core/date.h"
#include "core/error.h"
#include "core/strbuf.h"
#include "core/xmalloc.h"
#include "model/dataset.h"

const char ROLLUP_RULE[] =
	"Each programme's own assessed rating stands; where one of its "
	"projects is rated worse, that rating is shown beside it, never "
	"averaged in. The portfolio is shown as the number of active "
	"programmes at each rating, with no average, and the lowest-rated "
	"programmes are named. Movement compares each programme's latest "
	"rating at the end of the month with its rating at the end of the "
	"previous month and at the end of the previous financial quarter; "
	"programmes that are Exempt, not assessed or not rated are left out "
	"of the movement and counted separately.";

static const char *const rating_names[RATING__COUNT] = {
	"not rated", "Green", "Amber/Green", "Amber", "Amber/Red", "Red",
	"Exempt", "Not assessed"
};

int
rating_parse(const char *s)
{
	if (s == NULL)
		return RATING_NONE;
	for (int r = RATING_GREEN; r < RATING__COUNT; r++)
		if (strcmp(s, rating_names[r]) == 0)
			return r;
	return -1;
}

const char *
rating_name(enum rating r)
{
	return (unsigned)r < RATING__COUNT ? rating_names[r] : "not rated";
}

int
rating_is_rated(enum rating r)
{
	return r >= RATING_GREEN && r <= RATING_RED;
}

enum rating_scale
rating_scale_of(const struct dataset *ds)
{
	const struct organisation *o = dataset_org(ds);

	if (o && o->dca_scale && strcmp(o->dca_scale, "three") == 0)
		return SCALE_THREE;
	return SCALE_FIVE;
}

enum rating
rating_on_scale(enum rating r, enum rating_scale scale)
{
	if (scale == SCALE_THREE &&
	    (r == RATING_AMBER_GREEN || r == RATING_AMBER_RED))
		return RATING_AMBER;
	return r;
}

enum rating
rating_of_threshold(double t)
{
	double r;

	if (isnan(t))
		return RATING_NONE;
	r = floor(t + 0.5);
	if (r < 1)
		r = 1;
	if (r > 5)
		r = 5;
	return (enum rating)(int)r;
}

/* Precedence of assessors on the same day: higher wins. */
static int
assessor_rank(const char *a)
{
	if (a == NULL)
		return 0;
	if (strcmp(a, "independent") == 0)
		return 3;
	if (strcmp(a, "portfolio_office") == 0)
		return 2;
	return 1;
}

static int
parse_or_fail(const char *s, const char *what, enum rating *out,
	      struct error *err)
{
	int r = rating_parse(s);

	if (r < 0)
		return error_at(err, ERR_INPUT, what,
				"'%s' is not a delivery confidence rating", s);
	*out = (enum rating)r;
	return 0;
}

/* Best dca record for programme (project NULL) or for project, by date. */
static int
latest_dca(const struct dataset *ds, const char *programme,
	   const char *project, int32_t date, struct rating_at *out,
	   struct error *err)
{
	const struct dca *best = NULL;

	DS_FOREACH(ds, K_DCA, struct dca, d) {
		if (d->rating == NULL || d->assessed_on == DATE_NONE ||
		    d->assessed_on > date)
			continue;
		if (project) {
			if (d->project == NULL || strcmp(d->project, project))
				continue;
		} else if (d->project || d->programme == NULL ||
			   strcmp(d->programme, programme)) {
			continue;
		}
		if (best == NULL || d->assessed_on > best->assessed_on ||
		    (d->assessed_on == best->assessed_on &&
		     assessor_rank(d->assessor) > assessor_rank(best->assessor)))
			best = d;
	}
	memset(out, 0, sizeof(*out));
	out->source = K_DCA;
	if (best == NULL)
		return 0;
	out->date = best->assessed_on;
	out->rec = best;
	out->assessor = best->assessor;
	return parse_or_fail(best->rating, project ? project : programme,
			     &out->rating, err);
}

static int
return_counts(const struct monthly_return *r)
{
	return r->status && strcmp(r->status, "draft") != 0 && r->dca;
}

int
rating_programme_at(const struct dataset *ds, const char *programme,
		    int32_t date, struct rating_at *out, struct error *err)
{
	const struct monthly_return *best = NULL;
	enum rating rr = RATING_NONE;

	if (latest_dca(ds, programme, NULL, date, out, err) < 0)
		return -1;
	DS_FOREACH(ds, K_RETURN, struct monthly_return, r) {
		if (r->programme == NULL || strcmp(r->programme, programme) ||
		    r->period == MONTH_NONE ||
		    month_last_day(r->period) > date || !return_counts(r))
			continue;
		if (best == NULL || r->period > best->period ||
		    (r->period == best->period && r->version > best->version))
			best = r;
	}
	if (best == NULL)
		return 0;
	if (out->rec && out->date >= month_last_day(best->period))
		return 0;
	if (parse_or_fail(best->dca, programme, &rr, err) < 0)
		return -1;
	out->rating = rr;
	out->date = month_last_day(best->period);
	out->source = K_RETURN;
	out->rec = best;
	out->assessor = NULL;
	return 0;
}

int
rating_project_at(const struct dataset *ds, const char *project,
		  int32_t date, struct rating_at *out, struct error *err)
{
	return latest_dca(ds, NULL, project, date, out, err);
}

const char *
movement_name(enum movement m)
{
	switch (m) {
	case MOVE_EXCLUDED:
		return "not rated";
	case MOVE_NEW:
		return "new";
	case MOVE_UP:
		return "up";
	case MOVE_SAME:
		return "unchanged";
	case MOVE_DOWN:
		return "down";
	}
	return "";
}

enum movement
movement_of(enum rating then, enum rating now)
{
	if (!rating_is_rated(now))
		return MOVE_EXCLUDED;
	if (!rating_is_rated(then))
		return MOVE_NEW;
	if (now < then)
		return MOVE_UP;
	if (now > then)
		return MOVE_DOWN;
	return MOVE_SAME;
}

int32_t
rollup_previous_quarter_end(int32_t month)
{
	return fq_first_month(fy_of_month(month), fq_of_month(month)) - 1;
}

static void
count_move(struct rollup_trend *t, enum movement m)
{
	switch (m) {
	case MOVE_EXCLUDED:
		t->excluded++;
		break;
	case MOVE_NEW:
		t->fresh++;
		break;
	case MOVE_UP:
		t->up++;
		break;
	case MOVE_SAME:
		t->same++;
		break;
	case MOVE_DOWN:
		t->down++;
		break;
	}
}

/* The verdict and the counts that justify it, in the rollup's arena. */
static void
trend_words(struct rollup_trend *t, struct arena *a)
{
	struct strbuf sb = STRBUF_INIT;

	if (t->up + t->down + t->same == 0)
		t->verdict = "no comparison";
	else if (t->up > t->down)
		t->verdict = "improved";
	else if (t->down > t->up)
		t->verdict = "worsened";
	else if (t->up > 0)
		t->verdict = "mixed";
	else
		t->verdict = "held steady";
	/* a predicate for "delivery confidence ...", counts in brackets */
	if (t->up + t->down + t->same == 0)
		strbuf_addstr(&sb, "cannot be compared, no programme being rated at both dates (");
	else if (t->up > 0 && t->up == t->down)
		strbuf_addstr(&sb, "moved both ways (");
	else
		strbuf_addf(&sb, "%s (", t->verdict);
	strbuf_addf(&sb, "%zu programme%s up, %zu down, %zu unchanged",
		    t->up, t->up == 1 ? "" : "s", t->down, t->same);
	if (t->fresh)
		strbuf_addf(&sb, ", %zu newly rated", t->fresh);
	if (t->excluded)
		strbuf_addf(&sb, ", %zu not rated: Exempt, not assessed or no rating",
			    t->excluded);
	strbuf_addch(&sb, ')');
	t->words = sb_to_arena(&sb, a);
	strbuf_release(&sb);
}

static int
cmp_programme(const void *a, const void *b)
{
	const struct programme *x = *(const struct programme *const *)a;
	const struct programme *y = *(const struct programme *const *)b;

	return strcmp(x->code, y->code);
}

/* Worst rating among the programme's projects that are not closed. */
static int
worst_project(const struct dataset *ds, struct rollup_programme *rp,
	      int32_t date, enum rating_scale scale, struct error *err)
{
	DS_FOREACH(ds, K_PROJECT, struct project, pj) {
		struct rating_at at;
		enum rating r;

		if (pj->code == NULL || pj->programme == NULL ||
		    strcmp(pj->programme, rp->programme->code) ||
		    (pj->lifecycle && strcmp(pj->lifecycle, "closed") == 0))
			continue;
		if (rating_project_at(ds, pj->code, date, &at, err) < 0)
			return -1;
		r = rating_on_scale(at.rating, scale);
		if (!rating_is_rated(r))
			continue;
		rp->projects_rated++;
		if (r > rp->worst_project) {
			rp->worst_project = r;
			rp->worst_project_code = pj->code;
		}
	}
	rp->project_worse = rating_is_rated(rp->worst_project) &&
		(!rating_is_rated(rp->own.rating) ||
		 rp->worst_project > rp->own.rating);
	return 0;
}

static int
rating_then(const struct dataset *ds, const char *code, int32_t month,
	    enum rating_scale scale, enum rating *out, struct error *err)
{
	struct rating_at at;

	if (rating_programme_at(ds, code, month_last_day(month), &at, err) < 0)
		return -1;
	*out = rating_on_scale(at.rating, scale);
	return 0;
}

int
rollup_build(const struct dataset *ds, const char *portfolio, int32_t month,
	     struct rollup *out, struct error *err)
{
	const struct programme **progs = NULL;
	size_t np = 0, alloc = 0;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	arena_init(&out->arena);
	out->rule = ROLLUP_RULE;
	if (month == MONTH_NONE) {
		error_set(err, ERR_USAGE, "no month to assess at");
		goto out;
	}
	out->month = month;
	out->as_at = month_last_day(month);
	out->scale = rating_scale_of(ds);
	out->portfolio = portfolio ? arena_strdup(&out->arena, portfolio) : NULL;
	out->period.since = month - 1;
	out->quarter.since = rollup_previous_quarter_end(month);

	DS_FOREACH(ds, K_PROGRAMME, struct programme, p) {
		if (p->code == NULL ||
		    (p->lifecycle && strcmp(p->lifecycle, "active")))
			continue;
		if (portfolio && (p->portfolio == NULL ||
				  strcmp(p->portfolio, portfolio)))
			continue;
		ALLOC_GROW(progs, np + 1, alloc);
		progs[np++] = p;
	}
	if (np > 1)
		qsort(progs, np, sizeof(*progs), cmp_programme);
	out->programmes = arena_alloc(&out->arena,
				      (np ? np : 1) * sizeof(*out->programmes));
	out->n = np;
	for (size_t i = 0; i < np; i++) {
		struct rollup_programme *rp = &out->programmes[i];

		rp->programme = progs[i];
		if (rating_programme_at(ds, progs[i]->code, out->as_at,
					&rp->own, err) < 0)
			goto out;
		rp->own.rating = rating_on_scale(rp->own.rating, out->scale);
		if (worst_project(ds, rp, out->as_at, out->scale, err) < 0)
			goto out;
		if (rating_then(ds, progs[i]->code, out->period.since,
				out->scale, &rp->last_period, err) < 0 ||
		    rating_then(ds, progs[i]->code, out->quarter.since,
				out->scale, &rp->last_quarter, err) < 0)
			goto out;
		rp->since_period = movement_of(rp->last_period, rp->own.rating);
		rp->since_quarter = movement_of(rp->last_quarter, rp->own.rating);
		count_move(&out->period, rp->since_period);
		count_move(&out->quarter, rp->since_quarter);
		out->dist[rp->own.rating]++;
		out->dist_period[rp->last_period]++;
		out->dist_quarter[rp->last_quarter]++;
		if (rating_is_rated(rp->own.rating) &&
		    rp->own.rating > out->lowest)
			out->lowest = rp->own.rating;
	}
	trend_words(&out->period, &out->arena);
	trend_words(&out->quarter, &out->arena);
	if (out->lowest != RATING_NONE) {
		out->lowest_programmes = arena_alloc(&out->arena,
			np * sizeof(*out->lowest_programmes));
		for (size_t i = 0; i < np; i++)
			if (out->programmes[i].own.rating == out->lowest)
				out->lowest_programmes[out->nlowest++] =
					&out->programmes[i];
	}
	ret = 0;
out:
	free(progs);
	return ret;
}

void
rollup_release(struct rollup *r)
{
	arena_release(&r->arena);
	memset(r, 0, sizeof(*r));
}

/* --- assessment rounds -------------------------------------------------- */

static int
round_kept(const struct dca *d, const struct round_filter *f, int32_t lo,
	   int32_t hi)
{
	return d->project == NULL && d->programme && d->assessed_on != DATE_NONE &&
	       d->assessed_on >= lo && d->assessed_on <= hi &&
	       (f->assessor == NULL ||
		(d->assessor && strcmp(d->assessor, f->assessor) == 0)) &&
	       (f->keep == NULL || f->keep(d->programme, f->arg));
}

/* By date, then programme, the day's best assessor first. */
static int
cmp_round_entry(const void *pa, const void *pb)
{
	const struct round_entry *a = pa, *b = pb;
	int c;

	if (a->rec->assessed_on != b->rec->assessed_on)
		return a->rec->assessed_on < b->rec->assessed_on ? -1 : 1;
	if ((c = strcmp(a->programme, b->programme)) != 0)
		return c;
	return assessor_rank(b->rec->assessor) - assessor_rank(a->rec->assessor);
}

/*
 * The entries of every round in [lo, hi], one per programme and date,
 * sorted by date then programme. The caller frees *out.
 */
static size_t
round_collect(const struct dataset *ds, int32_t lo, int32_t hi,
	      const struct round_filter *f, struct round_entry **out)
{
	static const struct round_filter all;
	struct round_entry *v = NULL;
	size_t n = 0, alloc = 0, k = 0;

	if (f == NULL)
		f = &all;
	DS_FOREACH(ds, K_DCA, struct dca, d) {
		int r;

		if (!round_kept(d, f, lo, hi))
			continue;
		r = d->rating ? rating_parse(d->rating) : -1;
		ALLOC_GROW(v, n + 1, alloc);
		v[n].programme = d->programme;
		v[n].rating = r > RATING_NONE ? (int)rating_on_scale((enum rating)r, f->scale) : -1;
		v[n].rec = d;
		n++;
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_round_entry);
	/* keep the first (best) record of each programme and date */
	for (size_t i = 0; i < n; i++)
		if (k == 0 || v[k - 1].rec->assessed_on != v[i].rec->assessed_on ||
		    strcmp(v[k - 1].programme, v[i].programme) != 0)
			v[k++] = v[i];
	*out = v;
	return k;
}

size_t
rollup_round_entries(const struct dataset *ds, int32_t date,
		     const struct round_filter *f, struct round_entry **out)
{
	return round_collect(ds, date, date, f, out);
}

static void
round_tally(struct round_count *c, const struct round_entry *e)
{
	if (e->rating > RATING_NONE && e->rating < RATING__COUNT)
		c->count[e->rating]++;
	else
		c->unknown++;
	c->total++;
}

void
rollup_round_count(const struct dataset *ds, int32_t date,
		   const struct round_filter *f, struct round_count *out)
{
	struct round_entry *v;
	size_t n = rollup_round_entries(ds, date, f, &v);

	memset(out, 0, sizeof(*out));
	out->date = date;
	for (size_t i = 0; i < n; i++)
		round_tally(out, &v[i]);
	free(v);
}

void
rollup_round_moves(const struct dataset *ds, int32_t from, int32_t to,
		   const struct round_filter *f, struct round_moves *out)
{
	struct round_entry *a, *b;
	size_t na, nb, i = 0, j = 0;

	memset(out, 0, sizeof(*out));
	na = rollup_round_entries(ds, from, f, &a);
	nb = rollup_round_entries(ds, to, f, &b);
	/* both sorted by programme, one entry each: a merge suffices */
	while (i < na || j < nb) {
		int c = i == na ? 1 : j == nb ? -1 : strcmp(a[i].programme, b[j].programme);

		if (c < 0) {
			out->left++;
			i++;
		} else if (c > 0) {
			out->entered++;
			j++;
		} else {
			int ra = a[i].rating, rb = b[j].rating;

			if (ra < 0 || rb < 0 || !rating_is_rated((enum rating)ra) ||
			    !rating_is_rated((enum rating)rb))
				out->unrated++;
			else if (rb < ra)
				out->up++;
			else if (rb > ra)
				out->down++;
			else
				out->same++;
			i++;
			j++;
		}
	}
	free(a);
	free(b);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void
rollup_rounds(const struct dataset *ds, int32_t day,
	      const struct round_filter *f, struct round_list *out)
{
	static const struct round_filter all;
	struct round_entry *v;
	const char **codes;
	size_t n, alloc = 0;

	if (f == NULL)
		f = &all;
	memset(out, 0, sizeof(*out));
	n = round_collect(ds, 1, day, f, &v);
	for (size_t i = 0; i < n; i++) {
		if (out->n == 0 || out->v[out->n - 1].date != v[i].rec->assessed_on) {
			ALLOC_GROW(out->v, out->n + 1, alloc);
			memset(&out->v[out->n], 0, sizeof(*out->v));
			out->v[out->n++].date = v[i].rec->assessed_on;
		}
		round_tally(&out->v[out->n - 1], &v[i]);
	}
	/* programmes assessed by the day: distinct codes */
	codes = xcalloc(n ? n : 1, sizeof(*codes));
	for (size_t i = 0; i < n; i++)
		codes[i] = v[i].programme;
	if (n > 1)
		qsort(codes, n, sizeof(*codes), cmp_str);
	for (size_t i = 0; i < n; i++)
		if (i == 0 || strcmp(codes[i - 1], codes[i]) != 0)
			out->assessed++;
	free(codes);
	free(v);
	DS_FOREACH(ds, K_RETURN, struct monthly_return, r) {
		if (r->programme == NULL || r->period == MONTH_NONE ||
		    month_last_day(r->period) > day || !return_counts(r) ||
		    (f->keep && !f->keep(r->programme, f->arg)))
			continue;
		out->returns = 1;
		break;
	}
	out->periodic = !out->returns && out->n > 0 &&
		out->v[out->n - 1].total >= 2 &&
		2 * out->v[out->n - 1].total >= out->assessed;
}

void
rollup_rounds_release(struct round_list *l)
{
	free(l->v);
	memset(l, 0, sizeof(*l));
}

long
rollup_round_at(const struct round_list *l, int32_t day)
{
	long best = -1;

	for (size_t i = 0; i < l->n && l->v[i].date <= day; i++)
		best = (long)i;
	return best;
}
