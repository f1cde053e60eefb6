/*
 * oversight.c - the quarterly Oversight Board paper (report_oversight()).
 *
 * The paper follows the order of the portfolio office's quarterly update
 * (purpose, recommendation, then a summary: achievements, the quarter in
 * detail, headlines, work to improve delivery, the look-forward, delivery
 * confidence, top issues, portfolio risks). Every sentence is assembled
 * from the dataset as it stood at the end of the as-at month: returns,
 * DCA records, milestone forecasts, decisions and the rest are read "as
 * at" that day, so a dataset that runs on past the month gives the same
 * paper as one that stops there (as far as the records keep history).
 *
 * Need to know: a record marked above the reader's clearance is left out,
 * and so is everything belonging to a programme, project or portfolio
 * that is. The paper's marking is raised by everything that goes in.
 *
 * docs/reports.md says what each section is built from.
 */
#include "report/report.h"
#include "report/paper.h"
#include "report/paper-rounds.h"
#include "assess/risk.h"
#include "assess/rollup.h"
#include "assess/slip.h"
#include "chart/chart.h"
#include "core/date.h"
#include "core/error.h"
#include "core/xmalloc.h"
#include "model/dataset.h"
#include "model/schema.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Where a programme stands at the end of the quarter. */
enum prog_state { PS_PIPELINE, PS_ACTIVE, PS_CLOSED };

struct prog {
	const struct programme *p;
	enum prog_state state;
	const char *now;		/* rating at the quarter end, or NULL */
	enum rating_src now_src;
	const char *prev;		/* at the previous quarter end, or NULL */
};

struct ov {
	struct paper pp;	/* the dataset, the reader, the report */
	int32_t as_at;		/* the month */
	int32_t q_first;	/* first month of the quarter ending at as_at */
	int32_t q_start, q_end;	/* its first and last days */
	int32_t prev_end;	/* last day of the quarter before, or the day compared
				   with: the given one, or the previous round (rounds) */
	int32_t compare;	/* the day the caller asked to compare with, or 0 */
	int rounds;		/* ratings come in assessment rounds (assess/rollup.h) */
	struct round_list rl;	/* the rounds up to the quarter end */
	struct round_filter rf;	/* in them, the programmes the reader may see */
	long r_now, r_prev;	/* the latest round and the one compared with, or -1 */
	const char *board;	/* the body the paper goes to */
	struct prog *progs;	/* visible programmes, by name */
	size_t nprogs;
	struct slip_list slips;	/* every milestone and decision as at as_at */
};

#define KEY_FOREACH(o, k, type, var) PAPER_FOREACH(&(o)->pp, k, type, var)

/* Up to this many programmes without a return are named one by one. */
#define QUARTER_NAMED 8
/* Past this many, the table by programme keeps what moved or needs attention. */
#define CONFIDENCE_LISTED 25

/* --- milestones as at the quarter end ---------------------------------- */

struct ms_at {
	int32_t forecast;	/* as reported by the as-at month */
	int32_t actual;		/* achieved on or before the quarter end, else 0 */
	int32_t baseline;	/* in the baseline in force at the quarter end */
	int stale;		/* not achieved, and its forecast already past */
};

/* Milestones of visible programmes/projects, with their as-at dates. */
struct ms_row {
	const struct milestone *m;
	struct ms_at at;
	int32_t when;	/* the date the row is ordered by */
};

/*
 * The visible milestones (key ones only when key_only), read as at the
 * quarter end through assess/slip.h: the baseline in force, the forecast
 * last reported, the actual if achieved by then.
 */
static size_t
milestones(struct ov *o, int key_only, struct ms_row **out)
{
	struct ms_row *v = NULL;
	size_t n = 0, alloc = 0;

	for (size_t i = 0; i < o->slips.n; i++) {
		const struct slip_item *it = &o->slips.items[i];
		const struct milestone *m = it->rec;

		if (it->kind != K_MILESTONE || (key_only && !m->key) ||
		    !paper_visible(&o->pp, m->programme, m->project, m->marking))
			continue;
		ALLOC_GROW(v, n + 1, alloc);
		v[n].m = m;
		v[n].at.forecast = it->forecast;
		v[n].at.actual = it->actual;
		v[n].at.baseline = it->base.date;
		v[n].at.stale = it->stale;
		v[n].when = it->actual ? it->actual : it->forecast;
		n++;
	}
	*out = v;
	return n;
}

static int
cmp_ms(const void *a, const void *b)
{
	const struct ms_row *x = a, *y = b;

	if (x->when != y->when)
		return x->when < y->when ? -1 : 1;
	return strcmp(x->m->code, y->m->code);
}

/* --- the programmes ---------------------------------------------------- */

static int
cmp_prog(const void *a, const void *b)
{
	const struct prog *x = a, *y = b;
	int c = strcmp(x->p->name, y->p->name);

	return c ? c : strcmp(x->p->code, y->p->code);
}

static int
load_programmes(struct ov *o)
{
	size_t alloc = 0;

	KEY_FOREACH(o, K_PROGRAMME, const struct programme, p) {
		struct prog *g;
		enum rating_src ps;

		if (!paper_prog_ok(&o->pp, p->code))
			continue;
		ALLOC_GROW(o->progs, o->nprogs + 1, alloc);
		g = &o->progs[o->nprogs++];
		memset(g, 0, sizeof(*g));
		g->p = p;
		if (p->lifecycle && strcmp(p->lifecycle, "closed") == 0 &&
		    (p->end_date == 0 || p->end_date <= o->q_end))
			g->state = PS_CLOSED;
		else if ((p->lifecycle && strcmp(p->lifecycle, "pipeline") == 0) ||
			 (p->start_date && p->start_date > o->q_end))
			g->state = PS_PIPELINE;
		else
			g->state = PS_ACTIVE;
		if (paper_prog_rating(&o->pp, p->code, o->q_end, &g->now, &g->now_src) < 0 ||
		    paper_prog_rating(&o->pp, p->code, o->prev_end, &g->prev, &ps) < 0)
			return -1;
	}
	if (o->nprogs)
		qsort(o->progs, o->nprogs, sizeof(*o->progs), cmp_prog);
	return 0;
}

/* The programmes the reader may see count in the rounds (round_filter.keep). */
static int
round_keep(const char *programme, void *arg)
{
	return paper_prog_ok(&((struct ov *)arg)->pp, programme);
}

/* A programme's rating in a round's entries; NULL when it is not in it. */
static int
round_rating(struct ov *o, const struct round_entry *v, size_t n, const char *code,
	     const char **out)
{
	size_t lo = 0, hi = n;

	*out = NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(v[mid].programme, code);

		if (c == 0) {
			if (v[mid].rating < 0)
				return error_at(o->pp.err, ERR_INPUT, code,
						"'%s' is not a delivery confidence rating",
						v[mid].rec->rating ? v[mid].rec->rating : "");
			*out = paper_rating_text(&o->pp, (enum rating)v[mid].rating);
			return 0;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/*
 * Are the ratings periodic assessments (rollup_rounds())? Then a
 * programme's rating now is the one of the latest round and its rating
 * then the one of the round compared with (the one before, or the latest
 * on or before the day asked for); a programme not assessed in a round
 * has none there: it entered or left the portfolio.
 */
static int
load_rounds(struct ov *o)
{
	struct round_entry *a = NULL, *b = NULL;
	size_t na = 0, nb = 0;
	int rc = 0;

	o->rf.scale = o->pp.scale;
	o->rf.keep = round_keep;
	o->rf.arg = o;
	o->r_now = o->r_prev = -1;
	rollup_rounds(o->pp.ds, o->q_end, &o->rf, &o->rl);
	if (!o->rl.periodic)
		return 0;
	o->rounds = 1;
	o->r_now = (long)o->rl.n - 1;
	o->r_prev = o->compare ? rollup_round_at(&o->rl, o->compare) : o->r_now - 1;
	o->prev_end = o->r_prev >= 0 ? o->rl.v[o->r_prev].date : 0;
	nb = rollup_round_entries(o->pp.ds, o->rl.v[o->r_now].date, &o->rf, &b);
	if (o->r_prev >= 0)
		na = rollup_round_entries(o->pp.ds, o->rl.v[o->r_prev].date, &o->rf, &a);
	for (size_t i = 0; i < o->nprogs && rc == 0; i++) {
		struct prog *g = &o->progs[i];

		/* assessed by the quarter end: counted in the rounds shown */
		if (g->now)
			paper_use(&o->pp, g->p->code, NULL, NULL);
		if (round_rating(o, b, nb, g->p->code, &g->now) < 0 ||
		    round_rating(o, a, na, g->p->code, &g->prev) < 0)
			rc = -1;
		g->now_src = g->now ? SRC_DCA : SRC_NONE;
	}
	free(a);
	free(b);
	return rc;
}

/* Programmes shown in the delivery confidence tables. */
static int
prog_rated_now(const struct prog *g)
{
	return g->state == PS_ACTIVE || (g->state == PS_PIPELINE && g->now);
}

struct moves {
	int up, down, same, fresh, unrated;
	int entered, left;	/* rounds: in the latest only, in the one compared only */
};

static void
count_moves(const struct ov *o, struct moves *mv)
{
	memset(mv, 0, sizeof(*mv));
	if (o->rounds) {
		struct round_moves rm;

		memset(&rm, 0, sizeof(rm));
		if (o->r_prev >= 0)
			rollup_round_moves(o->pp.ds, o->rl.v[o->r_prev].date, o->rl.v[o->r_now].date,
					   &o->rf, &rm);
		else
			rm.entered = o->rl.v[o->r_now].total;
		mv->up = (int)rm.up;
		mv->down = (int)rm.down;
		mv->same = (int)rm.same;
		mv->unrated = (int)rm.unrated;
		mv->entered = (int)rm.entered;
		mv->left = (int)rm.left;
		return;
	}
	for (size_t i = 0; i < o->nprogs; i++) {
		const struct prog *g = &o->progs[i];
		int a = paper_rating_rank(g->prev), b = paper_rating_rank(g->now);

		if (!prog_rated_now(g))
			continue;
		if (b < 0)
			mv->unrated++;
		else if (a < 0)
			mv->fresh++;
		else if (b < a)
			mv->up++;
		else if (b > a)
			mv->down++;
		else
			mv->same++;
	}
}

static const char *
movement_word(const struct moves *mv)
{
	/* no programme rated at both dates: nothing held steady either */
	if (mv->up + mv->down + mv->same == 0)
		return "could not be compared";
	if (mv->up > mv->down)
		return "improved";
	if (mv->down > mv->up)
		return "worsened";
	if (mv->up == 0)
		return "held steady";
	return "was mixed";
}

static int
cmp_decision_due(const void *a, const void *b)
{
	const struct decision *x = *(const struct decision *const *)a;
	const struct decision *y = *(const struct decision *const *)b;

	return paper_cmp_i32(x->due, y->due) ? paper_cmp_i32(x->due, y->due) : strcmp(x->code, y->code);
}

static int
cmp_decision_decided(const void *a, const void *b)
{
	const struct decision *x = *(const struct decision *const *)a;
	const struct decision *y = *(const struct decision *const *)b;

	return paper_cmp_i32(x->decided, y->decided) ? paper_cmp_i32(x->decided, y->decided)
					       : strcmp(x->code, y->code);
}

static int
cmp_exception(const void *a, const void *b)
{
	const struct exception *x = *(const struct exception *const *)a;
	const struct exception *y = *(const struct exception *const *)b;

	return paper_cmp_i32(x->period, y->period) ? paper_cmp_i32(x->period, y->period)
					     : strcmp(x->code, y->code);
}

static int
cmp_bc_decided(const void *a, const void *b)
{
	const struct business_case *x = *(const struct business_case *const *)a;
	const struct business_case *y = *(const struct business_case *const *)b;

	return paper_cmp_i32(x->decided, y->decided) ? paper_cmp_i32(x->decided, y->decided)
					       : strcmp(x->code, y->code);
}

/* --- sections ---------------------------------------------------------- */

/*
 * "January to March 2018 (Q4 2017/18)"; before the quarter has ended,
 * "April to May 2018 (Q1 2018/19 to date)".
 */
static const char *
quarter_text(struct ov *o)
{
	int y1, m1, y2, m2;
	const char *span;
	char fy[16];

	month_to_ym(o->q_first, &y1, &m1);
	month_to_ym(o->as_at, &y2, &m2);
	if (o->q_first == o->as_at)
		span = report_printf(o->pp.r, "%s %d", month_name(m2), y2);
	else if (y1 == y2)
		span = report_printf(o->pp.r, "%s to %s %d", month_name(m1), month_name(m2), y2);
	else
		span = report_printf(o->pp.r, "%s %d to %s %d", month_name(m1), y1,
				     month_name(m2), y2);
	return report_printf(o->pp.r, "%s (Q%d %s%s)", span, fq_of_month(o->as_at),
			     fy_label(fy_of_month(o->as_at), fy),
			     o->as_at - o->q_first == 2 ? "" : " to date");
}

static void
header(struct ov *o)
{
	const struct organisation *org = dataset_org(o->pp.ds);
	const struct portfolio *only = NULL;
	size_t n = 0;

	KEY_FOREACH(o, K_PORTFOLIO, const struct portfolio, pf) {
		if (!paper_mark_ok(&o->pp, pf->marking))
			continue;
		only = pf;
		n++;
		report_mark(o->pp.r, pf->marking);
	}
	if (n == 1) {
		o->pp.r->title = report_printf(o->pp.r, "%s: quarterly update", only->name);
		if (only->owner && only->directorate)
			o->pp.r->author = report_printf(o->pp.r, "%s, %s", only->owner,
						     only->directorate);
		else
			report_set(o->pp.r, &o->pp.r->author,
				   only->owner ? only->owner : only->directorate);
	} else {
		report_set(o->pp.r, &o->pp.r->title, "Change portfolio: quarterly update");
	}
	if (org) {
		report_set(o->pp.r, &o->pp.r->organisation, org->name);
		if (org->oversight_board)
			o->board = org->oversight_board;
	}
	if (o->board == NULL && n == 1 && only->board)
		o->board = only->board;
	if (o->board == NULL)
		o->board = "Oversight Board";
	report_set(o->pp.r, &o->pp.r->board, o->board);
	o->pp.r->date = o->q_end;
	o->pp.r->subtitle = report_printf(o->pp.r, "Update for the %s as at %s", o->board,
				       paper_day(&o->pp, o->q_end));
}

static void
sec_purpose(struct ov *o)
{
	struct report *r = o->pp.r;
	struct report_section *s = report_section(r, 1, "1.", "Purpose of this paper");
	struct report_inline *in;
	long active = 0, closed = 0, pipeline = 0, uncosted = 0;
	double cost = 0;

	in = report_para(r, s);
	report_addf(r, in, RS_PLAIN,
		    "This paper updates the %s on %s as at %s. It sets out what the "
		    "portfolio has delivered, its progress in the quarter %s, the key "
		    "milestones and decisions of the next three quarters, delivery "
		    "confidence across its programmes, and the issues and risks the "
		    "portfolio is managing.",
		    o->board, paper_portfolio_name(&o->pp), paper_day(&o->pp, o->q_end), quarter_text(o));

	for (size_t i = 0; i < o->nprogs; i++) {
		const struct prog *g = &o->progs[i];

		if (g->state == PS_ACTIVE) {
			active++;
			if (g->p->whole_life_cost != INT_NONE)
				cost += (double)g->p->whole_life_cost;
			else
				uncosted++;
		} else if (g->state == PS_CLOSED) {
			closed++;
		} else {
			pipeline++;
		}
	}
	in = report_para(r, s);
	report_addf(r, in, RS_PLAIN, "The portfolio has %s",
		    paper_count(&o->pp, active, "active programme", "active programmes"));
	if (active > uncosted)
		report_addf(r, in, RS_PLAIN, " with a combined whole-life cost of %s%s",
			    paper_money(&o->pp, cost),
			    uncosted ? report_printf(o->pp.r, " (%s not yet costed)",
						     paper_count(&o->pp, uncosted, "programme", "programmes"))
				     : "");
	report_add(r, in, RS_PLAIN, ".");
	if (closed && pipeline)
		report_addf(r, in, RS_PLAIN, " %s closed and %s in the pipeline.",
			    paper_cap(&o->pp, paper_count(&o->pp, closed, "programme has", "programmes have")),
			    paper_count(&o->pp, pipeline, "is", "are"));
	else if (closed)
		report_addf(r, in, RS_PLAIN, " %s closed.",
			    paper_cap(&o->pp, paper_count(&o->pp, closed, "programme has", "programmes have")));
	else if (pipeline)
		report_addf(r, in, RS_PLAIN, " %s in the pipeline.",
			    paper_cap(&o->pp, paper_count(&o->pp, pipeline, "programme is", "programmes are")));
}

/* A decision for the paper's own board ("Oversight Board" matches too). */
static int
board_is(const struct ov *o, const char *board)
{
	if (board == NULL || *board == '\0')
		return 0;
	return paper_contains_nocase(o->board, board) || paper_contains_nocase(board, o->board);
}

static int
exception_in_quarter(const struct ov *o, const struct exception *x)
{
	return x->period >= o->q_first && x->period <= o->as_at &&
	       paper_visible(&o->pp, x->programme, NULL, x->marking);
}

/* Start a recommendation; the one before it ends with a semicolon. */
static struct report_inline *
rec_item(struct ov *o, struct report_block *list)
{
	if (list->items_last)
		report_add(o->pp.r, &list->items_last->text, RS_PLAIN, ";");
	return report_item(o->pp.r, list);
}

static void
sec_recommendation(struct ov *o)
{
	struct report *r = o->pp.r;
	struct report_section *s = report_section(r, 1, "2.", "Recommendation");
	struct report_block *list;
	struct report_inline *in;
	long nexc = 0, ncr = 0;

	in = report_para(r, s);
	report_addf(r, in, RS_PLAIN, "That the %s:", o->board);
	list = report_bullets(r, s);
	in = rec_item(o, list);
	report_addf(r, in, RS_PLAIN,
		    "note the progress of %s in the quarter %s, set out in section 3",
		    paper_portfolio_name(&o->pp), quarter_text(o));

	KEY_FOREACH(o, K_EXCEPTION, const struct exception, x)
		if (exception_in_quarter(o, x))
			nexc++;
	if (nexc) {
		in = rec_item(o, list);
		report_addf(r, in, RS_PLAIN,
			    "note the %s to tolerance reported in the quarter and the "
			    "action recommended on %s (section 3.3)",
			    paper_count(&o->pp, nexc, "exception", "exceptions"),
			    paper_plural(nexc, "it", "each"));
	}
	KEY_FOREACH(o, K_DECISION, const struct decision, d) {
		if (!paper_decision_pending(d, o->q_end) || !board_is(o, d->board) ||
		    !paper_visible(&o->pp, d->programme, NULL, d->marking))
			continue;
		paper_use(&o->pp, d->programme, NULL, d->marking);
		in = rec_item(o, list);
		report_add(r, in, RS_PLAIN, "decide: ");
		report_add(r, in, RS_STRONG, d->title);
		if (d->due)
			report_addf(r, in, RS_PLAIN, ", due by %s", paper_day(&o->pp, d->due));
	}
	KEY_FOREACH(o, K_CHANGE_REQUEST, const struct change_request, c)
		if (paper_cr_pending(c, o->q_end) && paper_prog_ok(&o->pp, c->programme))
			ncr++;
	if (ncr) {
		in = rec_item(o, list);
		report_addf(r, in, RS_PLAIN,
			    "note the %s to programme baselines awaiting decision (section 3.5)",
			    paper_count(&o->pp, ncr, "proposed change", "proposed changes"));
	}
	report_add(r, &list->items_last->text, RS_PLAIN, ".");
}

/* Latest benefit actual on or before the as-at month. */
static const struct benefit_value *
benefit_latest(const struct ov *o, const char *code)
{
	const struct benefit_value *best = NULL;

	KEY_FOREACH(o, K_BENEFIT_VALUE, const struct benefit_value, bv) {
		if (bv->benefit == NULL || strcmp(bv->benefit, code) != 0)
			continue;
		if (bv->period > o->as_at || isnan(bv->actual))
			continue;
		if (best == NULL || bv->period > best->period)
			best = bv;
	}
	return best;
}

static const struct measure_value *
measure_latest(const struct ov *o, const char *code)
{
	const struct measure_value *best = NULL;

	KEY_FOREACH(o, K_MEASURE_VALUE, const struct measure_value, mv) {
		if (mv->measure == NULL || strcmp(mv->measure, code) != 0)
			continue;
		if (mv->on == 0 || mv->on > o->q_end || isnan(mv->value))
			continue;
		if (best == NULL || mv->on > best->on)
			best = mv;
	}
	return best;
}

/* A measure falls (target below baseline) or rises. */
static int
measure_falls(const struct measure *m)
{
	return !isnan(m->baseline) && !isnan(m->target) && m->target < m->baseline;
}

static int
measure_at_target(const struct measure *m, double v)
{
	if (isnan(m->target))
		return 0;
	return measure_falls(m) ? v <= m->target : v >= m->target;
}

/* "800 of 1,290 vehicles (62%)", or for a falling measure its progress. */
static void
measure_phrase(struct ov *o, struct report_inline *in, const struct measure *m,
	       double v)
{
	struct report *r = o->pp.r;

	if (isnan(m->target)) {
		report_add(r, in, RS_PLAIN, paper_qty(&o->pp, v, m->unit));
	} else if (measure_falls(m)) {
		report_addf(r, in, RS_PLAIN, "%s, down from %s (%d%% of the way to the target)",
			    paper_qty(&o->pp, v, m->unit), paper_num(&o->pp, m->baseline),
			    paper_percent(m->baseline - v, m->baseline - m->target));
	} else {
		report_addf(r, in, RS_PLAIN, "%s (%d%%)", paper_of(&o->pp, v, m->target, m->unit),
			    paper_percent(v, m->target));
	}
}

struct closed_row {
	const char *name;
	const char *programme;	/* for projects: the programme's name */
	int32_t end;
	const char *outcome;
	const char *pcode, *jcode, *marking;
};

static int
cmp_closed(const void *a, const void *b)
{
	const struct closed_row *x = a, *y = b;

	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	return strcmp(x->name, y->name);
}

static void
sec_achieved(struct ov *o)
{
	struct report *r = o->pp.r;
	struct report_section *s = report_section(r, 2, "3.1", "What the portfolio has achieved");
	struct closed_row *rows = NULL;
	size_t n = 0, alloc = 0, nprog = 0;
	long nben = 0, nmeas = 0;
	struct report_block *list;
	struct report_inline *in;

	for (size_t i = 0; i < o->nprogs; i++) {
		const struct programme *p = o->progs[i].p;

		if (o->progs[i].state != PS_CLOSED)
			continue;
		ALLOC_GROW(rows, n + 1, alloc);
		rows[n++] = (struct closed_row){ p->name, NULL, p->end_date,
			p->outcome ? p->outcome : p->description, p->code, NULL, p->marking };
		nprog++;
	}
	KEY_FOREACH(o, K_PROJECT, const struct project, pj) {
		if (!pj->lifecycle || strcmp(pj->lifecycle, "closed") != 0 ||
		    (pj->end_date && pj->end_date > o->q_end) || !paper_proj_ok(&o->pp, pj->code))
			continue;
		ALLOC_GROW(rows, n + 1, alloc);
		rows[n++] = (struct closed_row){ pj->name, paper_prog_name(&o->pp, pj->programme),
			pj->end_date, pj->outcome ? pj->outcome : pj->description,
			pj->programme, pj->code, pj->marking };
	}
	if (n)
		qsort(rows, n, sizeof(*rows), cmp_closed);

	KEY_FOREACH(o, K_BENEFIT, const struct benefit, b)
		if (paper_visible(&o->pp, b->programme, NULL, b->marking) && benefit_latest(o, b->code))
			nben++;
	KEY_FOREACH(o, K_MEASURE, const struct measure, m) {
		const struct measure_value *mv;

		if (m->programme && !paper_prog_ok(&o->pp, m->programme))
			continue;
		mv = measure_latest(o, m->code);
		if (mv && measure_at_target(m, mv->value))
			nmeas++;
	}

	in = report_para(r, s);
	if (n == 0 && nben == 0 && nmeas == 0) {
		report_add(r, in, RS_PLAIN,
			   "No programme or project has closed yet, and no benefit or "
			   "target has yet been recorded as reached.");
	} else {
		const char *parts[3], *closed[2];
		size_t np = 0, nc = 0;

		if (nprog)
			closed[nc++] = paper_count(&o->pp, (long)nprog, "programme", "programmes");
		if (n - nprog)
			closed[nc++] = paper_count(&o->pp, (long)(n - nprog), "project", "projects");
		if (nc)
			parts[np++] = report_printf(r, "had completed %s", paper_join_and(&o->pp, closed, nc));
		if (nben)
			parts[np++] = report_printf(r, "was realising %s",
						    paper_count(&o->pp, nben, "benefit", "benefits"));
		if (nmeas)
			parts[np++] = report_printf(r, "had brought %s to %s target",
						    paper_count(&o->pp, nmeas, "measure", "measures"),
						    paper_plural(nmeas, "its", "their"));
		report_addf(r, in, RS_PLAIN, "By %s the portfolio %s.",
			    paper_day(&o->pp, o->q_end), paper_join_and(&o->pp, parts, np));
	}

	if (n) {
		in = report_para(r, s);
		report_add(r, in, RS_PLAIN, "Programmes and projects completed:");
		list = report_bullets(r, s);
		for (size_t i = 0; i < n; i++) {
			paper_use(&o->pp, rows[i].pcode, rows[i].jcode, rows[i].marking);
			in = report_item(r, list);
			report_add(r, in, RS_STRONG, rows[i].name);
			if (rows[i].programme)
				report_addf(r, in, RS_PLAIN, " (%s%s%s)", rows[i].programme,
					    rows[i].end ? ", closed " : "",
					    rows[i].end ? paper_month(&o->pp, month_of_date(rows[i].end)) : "");
			else if (rows[i].end)
				report_addf(r, in, RS_PLAIN, " (closed %s)",
					    paper_month(&o->pp, month_of_date(rows[i].end)));
			if (rows[i].outcome) {
				report_add(r, in, RS_PLAIN, ": ");
				paper_sentence(r, in, rows[i].outcome);
			}
		}
	}

	if (nben) {
		in = report_para(r, s);
		report_add(r, in, RS_PLAIN, "Benefits realised:");
		list = report_bullets(r, s);
		KEY_FOREACH(o, K_BENEFIT, const struct benefit, b) {
			const struct benefit_value *bv;

			if (!paper_visible(&o->pp, b->programme, NULL, b->marking))
				continue;
			if ((bv = benefit_latest(o, b->code)) == NULL)
				continue;
			paper_use(&o->pp, b->programme, NULL, b->marking);
			in = report_item(r, list);
			report_add(r, in, RS_STRONG, b->title);
			report_addf(r, in, RS_PLAIN, " (%s%s%s): %s realised by %s",
				    paper_prog_name(&o->pp, b->programme), b->type ? ", " : "",
				    b->type ? paper_humanise(&o->pp, b->type) : "",
				    paper_qty(&o->pp, bv->actual, b->unit),
				    paper_month(&o->pp, bv->period));
			if (!isnan(b->target)) {
				report_addf(r, in, RS_PLAIN, ", against a target of %s",
					    paper_qty(&o->pp, b->target, b->unit));
				if (b->target_date)
					report_addf(r, in, RS_PLAIN, " by %s",
						    paper_day(&o->pp, b->target_date));
				if (b->target > 0 && bv->actual >= 0)
					report_addf(r, in, RS_PLAIN, " (%d%%)",
						    paper_percent(bv->actual, b->target));
			}
			report_add(r, in, RS_PLAIN, ".");
			if (b->evaluation) {
				report_add(r, in, RS_PLAIN, " Evaluation: ");
				paper_sentence(r, in, b->evaluation);
			}
		}
	}

	if (nmeas) {
		in = report_para(r, s);
		report_add(r, in, RS_PLAIN, "Targets reached:");
		list = report_bullets(r, s);
		KEY_FOREACH(o, K_MEASURE, const struct measure, m) {
			const struct measure_value *mv;

			if (m->programme && !paper_prog_ok(&o->pp, m->programme))
				continue;
			mv = measure_latest(o, m->code);
			if (!mv || !measure_at_target(m, mv->value))
				continue;
			paper_use(&o->pp, m->programme, NULL, NULL);
			in = report_item(r, list);
			report_add(r, in, RS_STRONG, m->name);
			if (m->programme)
				report_addf(r, in, RS_PLAIN, " (%s)", paper_prog_name(&o->pp, m->programme));
			report_add(r, in, RS_PLAIN, ": ");
			measure_phrase(o, in, m, mv->value);
			report_addf(r, in, RS_PLAIN, " at %s.", paper_day(&o->pp, mv->on));
		}
	}
	free(rows);
}

/* "up from Amber", "down from Green", "unchanged", "first rated". */
static void
direction_words(struct ov *o, struct report_inline *in, const struct prog *g)
{
	int a = paper_rating_rank(g->prev), b = paper_rating_rank(g->now);

	if (b < 0)
		return;
	if (a < 0 && o->prev_end == 0) {
		report_add(o->pp.r, in, RS_PLAIN, "; first assessed in this round");
		return;
	}
	if (a < 0) {
		report_addf(o->pp.r, in, RS_PLAIN, "; not rated at %s", paper_day(&o->pp, o->prev_end));
		return;
	}
	if (a == b) {
		report_addf(o->pp.r, in, RS_PLAIN, ", unchanged since %s", paper_day(&o->pp, o->prev_end));
		return;
	}
	report_add(o->pp.r, in, RS_PLAIN, b < a ? ", up from " : ", down from ");
	report_add(o->pp.r, in, RS_RATING, g->prev);
	report_addf(o->pp.r, in, RS_PLAIN, " at %s", paper_day(&o->pp, o->prev_end));
}

/* "since 30 September 2018", or "since the previous assessment at ..." */
static const char *
since_words(struct ov *o)
{
	if (o->rounds)
		return report_printf(o->pp.r, "since the %sassessment at %s",
				     o->compare ? "" : "previous ", paper_day(&o->pp, o->prev_end));
	return report_printf(o->pp.r, "since %s", paper_day(&o->pp, o->prev_end));
}

/* "; 114 programmes entered the portfolio and 63 left it" (rounds) */
static void
entered_left(struct ov *o, struct report_inline *in, const struct moves *mv)
{
	if (mv->entered && mv->left)
		report_addf(o->pp.r, in, RS_PLAIN, "; %s the portfolio and %s it",
			    paper_count(&o->pp, mv->entered, "programme entered", "programmes entered"),
			    paper_count(&o->pp, mv->left, "left", "left"));
	else if (mv->entered)
		report_addf(o->pp.r, in, RS_PLAIN, "; %s the portfolio",
			    paper_count(&o->pp, mv->entered, "programme entered", "programmes entered"));
	else if (mv->left)
		report_addf(o->pp.r, in, RS_PLAIN, "; %s the portfolio",
			    paper_count(&o->pp, mv->left, "programme left", "programmes left"));
}

/* The movement of delivery confidence in the quarter's opening sentence. */
static void
quarter_movement(struct ov *o, struct report_inline *in, const struct moves *mv)
{
	struct report *r = o->pp.r;
	int32_t round;

	if (!o->rounds) {
		if (o->compare)
			report_addf(r, in, RS_PLAIN, "Since %s, delivery confidence across the portfolio %s: ",
				    paper_day(&o->pp, o->prev_end), movement_word(mv));
		else
			report_addf(r, in, RS_PLAIN, "Over the quarter %s, delivery confidence across the portfolio %s: ",
				    quarter_text(o), movement_word(mv));
		report_addf(r, in, RS_PLAIN, "%s up, %s down and %s unchanged (section 3.6).",
			    paper_count(&o->pp, mv->up, "programme moved", "programmes moved"),
			    paper_count(&o->pp, mv->down, "moved", "moved"),
			    paper_count(&o->pp, mv->same, "was", "were"));
		return;
	}
	round = o->rl.v[o->r_now].date;
	if (round >= o->q_start)
		report_addf(r, in, RS_PLAIN, "Delivery confidence is assessed in rounds, not monthly; "
			    "the latest round, at %s, fell in the quarter. ", paper_day(&o->pp, round));
	else
		report_addf(r, in, RS_PLAIN, "Delivery confidence is assessed in rounds, not monthly; "
			    "no round fell in the quarter, and the latest was at %s. ",
			    paper_day(&o->pp, round));
	if (o->r_prev < 0) {
		report_addf(r, in, RS_PLAIN, "It was the first: %s assessed (section 3.6).",
			    paper_count(&o->pp, mv->entered, "programme was", "programmes were"));
		return;
	}
	report_addf(r, in, RS_PLAIN, "Across the portfolio it %s %s: "
		    "%s up, %s down and %s unchanged",
		    movement_word(mv), since_words(o),
		    paper_count(&o->pp, mv->up, "programme moved", "programmes moved"),
		    paper_count(&o->pp, mv->down, "moved", "moved"),
		    paper_count(&o->pp, mv->same, "was", "were"));
	entered_left(o, in, mv);
	report_add(r, in, RS_PLAIN, " (section 3.6).");
}

/* The business cases of a programme approved in the quarter, by date. */
static void
approved_in_quarter(struct ov *o, const struct prog *g, struct picks *sel)
{
	sel->n = 0;
	KEY_FOREACH(o, K_BUSINESS_CASE, const struct business_case, bc)
		if (bc->programme && strcmp(bc->programme, g->p->code) == 0 &&
		    bc->outcome && strcmp(bc->outcome, "approved") == 0 &&
		    bc->decided >= o->q_start && bc->decided <= o->q_end &&
		    paper_visible(&o->pp, bc->programme, bc->project, bc->marking))
			paper_pick(sel, bc);
	paper_picks_sort(sel, cmp_bc_decided);
}

/* A programme beside its portfolio's name and code, to group by portfolio. */
struct pf_prog {
	const char *name, *code;
	const struct prog *g;
};

static int
cmp_pf_prog(const void *a, const void *b)
{
	const struct pf_prog *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c == 0)
		c = strcmp(x->code, y->code);
	return c ? c : cmp_prog(x->g, y->g);
}

/*
 * Many programmes without a return: one row per portfolio (department)
 * with how many there are, how many were rated, how many hold the worst
 * ratings and how many moved each way, instead of a line each.
 */
static void
quarter_by_portfolio(struct ov *o, struct report_section *s, const struct prog *const *v,
		     size_t n, int all)
{
	struct report *r = o->pp.r;
	static const enum report_align al[] = { RA_LEFT, RA_RIGHT, RA_RIGHT, RA_RIGHT, RA_RIGHT, RA_RIGHT };
	const char *hdr[6];
	long tot[5] = { 0 };
	struct report_block *t;
	struct report_inline *row;
	int worst = o->pp.scale == SCALE_THREE ? 4 : 3;
	struct pf_prog *w = xcalloc(n, sizeof(*w));

	for (size_t i = 0; i < n; i++) {
		const char *code = v[i]->p->portfolio;
		const struct portfolio *pf = code ? dataset_find(o->pp.ds, K_PORTFOLIO, code) : NULL;

		w[i].code = code ? code : "";
		w[i].name = pf && pf->name ? pf->name : code ? code : "no portfolio";
		w[i].g = v[i];
	}
	qsort(w, n, sizeof(*w), cmp_pf_prog);
	hdr[0] = "Portfolio";
	hdr[1] = "Programmes";
	hdr[2] = o->rounds ? report_printf(r, "Assessed at %s", paper_day(&o->pp, o->rl.v[o->r_now].date))
			   : report_printf(r, "Rated at %s", paper_day(&o->pp, o->q_end));
	hdr[3] = worst == 3 ? "Amber/Red or Red" : "Red";
	hdr[4] = "Moved up";
	hdr[5] = "Moved down";
	t = report_table(r, s, report_printf(r, "%s by portfolio%s%s",
					     all ? "Active programmes" : "Programmes without a return in the quarter",
					     o->prev_end ? ": movement " : "",
					     o->prev_end ? since_words(o) : ""),
			 6, hdr, al, 1);
	for (size_t i = 0; i < n;) {
		const struct pf_prog *first = &w[i];
		long c[5] = { 0 };

		for (; i < n && strcmp(w[i].code, first->code) == 0; i++) {
			const struct prog *g = w[i].g;
			int a = paper_rating_rank(g->prev), b = paper_rating_rank(g->now);

			c[0]++;
			c[1] += g->now != NULL;
			c[2] += b >= worst;
			c[3] += a >= 0 && b >= 0 && b < a;
			c[4] += a >= 0 && b >= 0 && b > a;
		}
		row = report_row(r, t);
		report_add(r, &row[0], RS_PLAIN, first->name);
		for (int k = 0; k < 5; k++) {
			report_addf(r, &row[k + 1], RS_PLAIN, "%ld", c[k]);
			tot[k] += c[k];
		}
	}
	row = report_row(r, t);
	report_add(r, &row[0], RS_STRONG, "Total");
	for (int k = 0; k < 5; k++)
		report_addf(r, &row[k + 1], RS_STRONG, "%ld", tot[k]);
	free(w);
}

/*
 * The programmes without a return in the quarter, in one sentence; named
 * when there are few, grouped by portfolio when there are many.
 */
static void
quarter_no_returns(struct ov *o, struct report_section *s, const struct prog **v,
		   size_t n, long nactive)
{
	struct report *r = o->pp.r;
	struct report_inline *in = report_para(r, s);
	int all = (long)n == nactive, several = 0;

	if (all && n == 1) {
		paper_use(&o->pp, v[0]->p->code, NULL, NULL);
		report_addf(r, in, RS_PLAIN, "The portfolio's only active programme, %s, made no "
			    "monthly return in the quarter (section 3.6 gives its delivery confidence).",
			    v[0]->p->name);
		return;
	}
	report_addf(r, in, RS_PLAIN, "No monthly return was submitted in the quarter for %s",
		    all ? report_printf(r, "any of the %s",
					paper_count(&o->pp, nactive, "active programme", "active programmes"))
			: report_printf(r, "%s of the %s", paper_num_word(&o->pp, (long)n),
					paper_count(&o->pp, nactive, "active programme", "active programmes")));
	/* Few are named, with their rating where it moved. */
	for (size_t i = 0; n <= QUARTER_NAMED && i < n; i++) {
		int a = paper_rating_rank(v[i]->prev), b = paper_rating_rank(v[i]->now);

		report_add(r, in, RS_PLAIN, i == 0 ? ": " : i + 1 < n ? ", " : " and ");
		report_add(r, in, RS_PLAIN, v[i]->p->name);
		if (a < 0 || b < 0 || a == b)
			continue;
		report_add(r, in, RS_PLAIN, " (");
		report_add(r, in, RS_RATING, v[i]->now);
		report_add(r, in, RS_PLAIN, b < a ? ", up from " : ", down from ");
		report_add(r, in, RS_RATING, v[i]->prev);
		report_add(r, in, RS_PLAIN, ")");
	}
	report_addf(r, in, RS_PLAIN, "; section 3.6 gives %s delivery confidence.",
		    paper_plural((long)n, "its", "their"));
	for (size_t i = 0; i < n; i++) {
		paper_use(&o->pp, v[i]->p->code, NULL, NULL);
		several |= strcmp(v[i]->p->portfolio ? v[i]->p->portfolio : "",
				  v[0]->p->portfolio ? v[0]->p->portfolio : "") != 0;
	}
	if (n > QUARTER_NAMED && several)
		quarter_by_portfolio(o, s, v, n, all);
}

static void
sec_quarter(struct ov *o)
{
	struct report *r = o->pp.r;
	struct report_section *s = report_section(r, 2, "3.2", "The last quarter in detail");
	struct report_inline *in;
	struct moves mv;
	struct picks sel = { NULL, 0, 0 };
	const struct prog **noret = xcalloc(o->nprogs ? o->nprogs : 1, sizeof(*noret));
	size_t nnoret = 0;
	long nactive = 0, nsub = 0;

	/* Programmes with a return (or an approval) in the quarter get a part each. */
	for (size_t i = 0; i < o->nprogs; i++) {
		const struct prog *g = &o->progs[i];

		if (g->state != PS_ACTIVE)
			continue;
		nactive++;
		if (paper_return_in(&o->pp, g->p->code, o->q_first, o->as_at, 0) == NULL) {
			noret[nnoret++] = g;
			approved_in_quarter(o, g, &sel);
			if (sel.n == 0)
				continue;
		}
		nsub++;
	}

	count_moves(o, &mv);
	in = report_para(r, s);
	quarter_movement(o, in, &mv);
	if (nsub && nnoret == 0)
		report_add(r, in, RS_PLAIN, " Each active programme's position, from its latest "
			   "monthly return in the quarter, follows.");
	else if (nsub)
		report_add(r, in, RS_PLAIN, " The position of each programme that reported in the "
			   "quarter follows, from its latest monthly return.");
	if (nnoret)
		quarter_no_returns(o, s, noret, nnoret, nactive);

	for (size_t i = 0; i < o->nprogs; i++) {
		const struct prog *g = &o->progs[i];
		const struct monthly_return *rt;
		struct report_section *ps;
		struct report_block *list = NULL;

		if (g->state != PS_ACTIVE)
			continue;
		rt = paper_return_in(&o->pp, g->p->code, o->q_first, o->as_at, 0);
		approved_in_quarter(o, g, &sel);
		if (rt == NULL && sel.n == 0)
			continue;
		paper_use(&o->pp, g->p->code, NULL, NULL);
		ps = report_section(r, 3, NULL, g->p->name);
		in = report_para(r, ps);
		if (g->now) {
			report_add(r, in, RS_PLAIN, "Delivery confidence: ");
			report_add(r, in, RS_RATING, g->now);
			direction_words(o, in, g);
			report_add(r, in, RS_PLAIN, ".");
		} else {
			report_addf(r, in, RS_PLAIN, "Delivery confidence: not assessed by %s.",
				    paper_day(&o->pp, o->q_end));
		}
		if (g->p->sro)
			report_addf(r, in, RS_PLAIN, " Senior responsible owner: %s.", g->p->sro);

		if (rt) {
			in = report_para(r, ps);
			report_addf(r, in, RS_EMPH, "%s return:", paper_month(&o->pp, rt->period));
			report_add(r, in, RS_PLAIN, " ");
			if (rt->headline) {
				report_add(r, in, RS_STRONG, rt->headline);
				report_add(r, in, RS_PLAIN, " ");
			}
			report_paras(r, ps, rt->commentary);
			if (rt->achievements) {
				in = report_para(r, ps);
				report_add(r, in, RS_EMPH, "Achieved:");
				report_add(r, in, RS_PLAIN, " ");
				paper_sentence(r, in, rt->achievements);
			}
		} else {
			in = report_para(r, ps);
			report_add(r, in, RS_PLAIN, "No monthly return was submitted in the quarter.");
		}

		for (size_t j = 0; j < sel.n; j++) {
			const struct business_case *bc = sel.v[j];

			paper_use(&o->pp, bc->programme, bc->project, bc->marking);
			if (list == NULL) {
				in = report_para(r, ps);
				report_add(r, in, RS_PLAIN, "Business cases approved in the quarter:");
				list = report_bullets(r, ps);
			}
			in = report_item(r, list);
			report_addf(r, in, RS_PLAIN, "%s: ", paper_stage_name(bc->stage));
			report_add(r, in, RS_STRONG, bc->title);
			if (bc->value != INT_NONE)
				report_addf(r, in, RS_PLAIN, " (%s)", paper_money(&o->pp, (double)bc->value));
			report_addf(r, in, RS_PLAIN, ", approved%s%s on %s.",
				    bc->board ? " by " : "", bc->board ? bc->board : "",
				    paper_day(&o->pp, bc->decided));
		}
	}
	free(sel.v);
	free(noret);
}

/* ", later than its baseline of 31 January 2018" or similar. */
static void
against_baseline(struct ov *o, struct report_inline *in, int32_t date, int32_t baseline)
{
	if (baseline == 0 || date == 0)
		return;
	if (date == baseline)
		report_add(o->pp.r, in, RS_PLAIN, ", on its baseline date");
	else
		report_addf(o->pp.r, in, RS_PLAIN, ", %s its baseline of %s",
			    date > baseline ? "later than" : "ahead of",
			    paper_day(&o->pp, baseline));
}

/*
 * A milestone a pending decision gates (decision.milestone names it) is
 * the same slip told twice: the decision, which names the board and the
 * reason, is the one shown. A decision that names no milestone is matched
 * as before the link existed: same programme, its original and current due
 * dates the milestone's baseline and forecast.
 */
static int
same_as_decision(const struct ov *o, const struct milestone *m, const struct ms_at *at)
{
	KEY_FOREACH(o, K_DECISION, const struct decision, d) {
		if (!paper_decision_pending(d, o->q_end) ||
		    !paper_visible(&o->pp, d->programme, NULL, d->marking))
			continue;
		if (d->milestone) {
			if (strcmp(d->milestone, m->code) == 0)
				return 1;
			continue;
		}
		if (d->programme && m->programme && strcmp(d->programme, m->programme) == 0 &&
		    d->original_due == at->baseline && d->due == at->forecast)
			return 1;
	}
	return 0;
}

static void
sec_headlines(struct ov *o)
{
	struct report *r = o->pp.r;
	struct report_section *s = report_section(r, 2, "3.3", "Key headlines of the quarter");
	struct report_block *list;
	struct report_inline *in, *intro;
	struct ms_row *ms;
	size_t nms = milestones(o, 0, &ms);
	long nach = 0, nmeas = 0, nlate = 0, nlate_ms = 0, nmade = 0, nexc = 0;
	const char *late;
	struct picks sel = { NULL, 0, 0 };

	if (nms)
		qsort(ms, nms, sizeof(*ms), cmp_ms);
	intro = report_para(r, s);

	/* Key milestones achieved in the quarter. */
	list = NULL;
	for (size_t i = 0; i < nms; i++) {
		const struct milestone *m = ms[i].m;

		if (!m->key || ms[i].at.actual < o->q_start || ms[i].at.actual > o->q_end)
			continue;
		if (list == NULL) {
			in = report_para(r, s);
			report_add(r, in, RS_PLAIN, "Key milestones achieved:");
			list = report_bullets(r, s);
		}
		paper_use(&o->pp, m->programme, m->project, m->marking);
		nach++;
		in = report_item(r, list);
		report_add(r, in, RS_STRONG, m->name);
		report_addf(r, in, RS_PLAIN, " (%s), achieved %s", paper_prog_name(&o->pp, m->programme),
			    paper_day(&o->pp, ms[i].at.actual));
		against_baseline(o, in, ms[i].at.actual, ms[i].at.baseline);
		if (m->description) {
			report_add(r, in, RS_PLAIN, ": ");
			paper_sentence(r, in, m->description);
		} else {
			report_add(r, in, RS_PLAIN, ".");
		}
	}

	/* Roll-outs still short of target; then measures with no target. */
	for (int targeted = 1; targeted >= 0; targeted--) {
		list = NULL;
		KEY_FOREACH(o, K_MEASURE, const struct measure, m) {
			const struct measure_value *mv;

			if ((m->programme && !paper_prog_ok(&o->pp, m->programme)) ||
			    isnan(m->target) == targeted)
				continue;
			mv = measure_latest(o, m->code);
			if (!mv || measure_at_target(m, mv->value))
				continue;
			if (list == NULL) {
				in = report_para(r, s);
				report_add(r, in, RS_PLAIN, targeted ?
					   "Progress against targets:" :
					   "Other measures reported:");
				list = report_bullets(r, s);
			}
			paper_use(&o->pp, m->programme, NULL, NULL);
			nmeas += targeted;
			in = report_item(r, list);
			report_add(r, in, RS_STRONG, m->name);
			if (m->programme)
				report_addf(r, in, RS_PLAIN, " (%s)", paper_prog_name(&o->pp, m->programme));
			report_add(r, in, RS_PLAIN, ": ");
			measure_phrase(o, in, m, mv->value);
			report_addf(r, in, RS_PLAIN, " at %s", paper_day(&o->pp, mv->on));
			if (targeted)
				report_addf(r, in, RS_PLAIN, "; the target is %s%s%s",
					    paper_qty(&o->pp, m->target, m->unit),
					    m->target_date ? " by " : "",
					    m->target_date ? paper_day(&o->pp, m->target_date) : "");
			report_add(r, in, RS_PLAIN, ".");
		}
	}

	/* Behind schedule: decisions that slipped, then milestones. */
	list = NULL;
	sel.n = 0;
	KEY_FOREACH(o, K_DECISION, const struct decision, d)
		if (paper_decision_pending(d, o->q_end) && d->original_due && d->due &&
		    d->due > d->original_due && paper_visible(&o->pp, d->programme, NULL, d->marking))
			paper_pick(&sel, d);
	paper_picks_sort(&sel, cmp_decision_due);
	for (size_t i = 0; i < sel.n; i++) {
		const struct decision *d = sel.v[i];

		if (list == NULL) {
			in = report_para(r, s);
			report_add(r, in, RS_PLAIN, "Running behind:");
			list = report_bullets(r, s);
		}
		paper_use(&o->pp, d->programme, NULL, d->marking);
		nlate++;
		in = report_item(r, list);
		report_add(r, in, RS_STRONG, d->title);
		if (d->programme)
			report_addf(r, in, RS_PLAIN, " (%s)", paper_prog_name(&o->pp, d->programme));
		report_addf(r, in, RS_PLAIN, ": decision first due %s, now due %s",
			    paper_day(&o->pp, d->original_due), paper_day(&o->pp, d->due));
		if (d->board)
			report_addf(r, in, RS_PLAIN, " at %s", d->board);
		report_add(r, in, RS_PLAIN, ".");
		if (d->description) {
			report_add(r, in, RS_PLAIN, " ");
			paper_sentence(r, in, d->description);
		}
	}
	for (size_t i = 0; i < nms; i++) {
		const struct milestone *m = ms[i].m;
		const struct ms_at *at = &ms[i].at;

		/*
		 * Slipped: its forecast now lies past a baseline that fell by the
		 * quarter end (any milestone due in the quarter, a key one due
		 * at any time), unless a slipped decision above says the same.
		 */
		if (at->actual || !at->baseline || at->baseline > o->q_end ||
		    at->forecast <= at->baseline ||
		    (!m->key && at->baseline < o->q_start) || same_as_decision(o, m, at))
			continue;
		if (list == NULL) {
			in = report_para(r, s);
			report_add(r, in, RS_PLAIN, "Running behind:");
			list = report_bullets(r, s);
		}
		paper_use(&o->pp, m->programme, m->project, m->marking);
		nlate_ms++;
		in = report_item(r, list);
		report_add(r, in, RS_STRONG, m->name);
		report_addf(r, in, RS_PLAIN, " (%s): milestone baselined for %s, ",
			    paper_prog_name(&o->pp, m->programme), paper_day(&o->pp, at->baseline));
		if (at->stale)
			report_addf(r, in, RS_PLAIN, "last forecast for %s and not yet achieved.",
				    paper_day(&o->pp, at->forecast));
		else
			report_addf(r, in, RS_PLAIN, "now forecast %s.", paper_day(&o->pp, at->forecast));
		if (m->description) {
			report_add(r, in, RS_PLAIN, " ");
			paper_sentence(r, in, m->description);
		}
	}

	/* Due on plan by the quarter end, but not yet reported achieved. */
	list = NULL;
	for (size_t i = 0; i < nms; i++) {
		const struct milestone *m = ms[i].m;
		const struct ms_at *at = &ms[i].at;

		if (!at->stale || at->forecast > at->baseline || !at->baseline ||
		    at->baseline > o->q_end || (!m->key && at->baseline < o->q_start))
			continue;
		if (list == NULL) {
			in = report_para(r, s);
			report_add(r, in, RS_PLAIN, "Due by the quarter end, completion not yet confirmed:");
			list = report_bullets(r, s);
		}
		paper_use(&o->pp, m->programme, m->project, m->marking);
		in = report_item(r, list);
		report_add(r, in, RS_STRONG, m->name);
		report_addf(r, in, RS_PLAIN, " (%s): due %s; no completion date had been reported by %s.",
			    paper_prog_name(&o->pp, m->programme), paper_day(&o->pp, at->forecast),
			    paper_day(&o->pp, o->q_end));
		if (m->description) {
			report_add(r, in, RS_PLAIN, " ");
			paper_sentence(r, in, m->description);
		}
	}

	/* Decisions made in the quarter. */
	list = NULL;
	sel.n = 0;
	KEY_FOREACH(o, K_DECISION, const struct decision, d)
		if (d->decided >= o->q_start && d->decided <= o->q_end &&
		    paper_visible(&o->pp, d->programme, NULL, d->marking))
			paper_pick(&sel, d);
	paper_picks_sort(&sel, cmp_decision_decided);
	for (size_t i = 0; i < sel.n; i++) {
		const struct decision *d = sel.v[i];

		if (list == NULL) {
			in = report_para(r, s);
			report_add(r, in, RS_PLAIN, "Decisions made:");
			list = report_bullets(r, s);
		}
		paper_use(&o->pp, d->programme, NULL, d->marking);
		nmade++;
		in = report_item(r, list);
		report_add(r, in, RS_STRONG, d->title);
		report_addf(r, in, RS_PLAIN, " (%s%s%s)", d->board ? d->board : "",
			    d->board ? ", " : "", paper_day(&o->pp, d->decided));
		if (d->original_due && d->decided > d->original_due)
			report_addf(r, in, RS_PLAIN, ", after first being due %s",
				    paper_day(&o->pp, d->original_due));
		if (d->outcome) {
			report_add(r, in, RS_PLAIN, ": ");
			paper_sentence(r, in, d->outcome);
		} else {
			report_add(r, in, RS_PLAIN, ".");
		}
	}

	/* Exceptions to tolerance. */
	list = NULL;
	sel.n = 0;
	KEY_FOREACH(o, K_EXCEPTION, const struct exception, x)
		if (exception_in_quarter(o, x))
			paper_pick(&sel, x);
	paper_picks_sort(&sel, cmp_exception);
	for (size_t i = 0; i < sel.n; i++) {
		const struct exception *x = sel.v[i];

		if (list == NULL) {
			in = report_para(r, s);
			report_add(r, in, RS_PLAIN, "Outside tolerance:");
			list = report_bullets(r, s);
		}
		paper_use(&o->pp, x->programme, NULL, x->marking);
		nexc++;
		in = report_item(r, list);
		report_add(r, in, RS_STRONG, paper_prog_name(&o->pp, x->programme));
		report_addf(r, in, RS_PLAIN, ": %s tolerance %s, reported %s",
			    x->dimension ? x->dimension : "a",
			    x->type && strcmp(x->type, "forecast_breach") == 0 ?
				    "forecast to be breached" : "breached",
			    paper_month(&o->pp, x->period));
		if (x->status)
			report_addf(r, in, RS_PLAIN, " (%s)", x->status);
		report_add(r, in, RS_PLAIN, ".");
		if (x->cause) {
			report_add(r, in, RS_PLAIN, " Cause: ");
			paper_sentence(r, in, x->cause);
		}
		if (x->recommendation) {
			report_add(r, in, RS_PLAIN, " Recommended: ");
			paper_sentence(r, in, x->recommendation);
		}
	}

	/* name what is behind: decisions, milestones, or both */
	if (nlate && nlate_ms)
		late = report_printf(r, "%s and %s are behind schedule",
				     paper_count(&o->pp, nlate, "decision", "decisions"),
				     paper_count(&o->pp, nlate_ms, "milestone", "milestones"));
	else if (nlate_ms)
		late = paper_count(&o->pp, nlate_ms, "milestone is behind schedule",
				   "milestones are behind schedule");
	else if (nlate)
		late = paper_count(&o->pp, nlate, "decision is behind schedule",
				   "decisions are behind schedule");
	else
		late = "no decision or milestone is behind schedule";
	/* an exception may be a forecast breach: reported, not necessarily outside */
	report_addf(r, intro, RS_PLAIN,
		    "In the quarter, %s achieved; %s still short of %s target; "
		    "%s; %s made; %s to tolerance %s reported.",
		    paper_count(&o->pp, nach, "key milestone was", "key milestones were"),
		    paper_count(&o->pp, nmeas, "measure is", "measures are"),
		    paper_plural(nmeas, "its", "their"), late,
		    paper_count(&o->pp, nmade, "decision was", "decisions were"),
		    paper_count(&o->pp, nexc, "exception", "exceptions"),
		    paper_plural(nexc, "was", "were"));
	free(sel.v);
	free(ms);
}

static const struct risk *
risk_find(const struct ov *o, const char *code)
{
	return code ? dataset_find(o->pp.ds, K_RISK, code) : NULL;
}

static int
portfolio_risk_ok(const struct ov *o, const struct risk *k)
{
	return k && k->level && strcmp(k->level, "portfolio") == 0 &&
	       k->status && strcmp(k->status, "open") == 0 &&
	       (k->raised == 0 || k->raised <= o->q_end) &&
	       paper_visible(&o->pp, k->programme, k->project, k->marking);
}

struct action_row {
	const struct risk_action *a;
	const struct risk *k;
};

static int
cmp_action(const void *a, const void *b)
{
	const struct action_row *x = a, *y = b;
	int32_t dx = x->a->due ? x->a->due : INT32_MAX, dy = y->a->due ? y->a->due : INT32_MAX;
	int c;

	if (dx != dy)
		return dx < dy ? -1 : 1;
	if ((c = strcmp(x->k->code, y->k->code)))
		return c;
	return (x->a->seq > y->a->seq) - (x->a->seq < y->a->seq);
}

static void
sec_improve(struct ov *o)
{
	struct report *r = o->pp.r;
	struct report_section *s = report_section(r, 2, "3.4", "Work under way to improve delivery");
	struct action_row *v = NULL;
	size_t n = 0, alloc = 0;
	struct report_block *list;
	struct report_inline *in;

	KEY_FOREACH(o, K_RISK_ACTION, const struct risk_action, a) {
		const struct risk *k = risk_find(o, a->risk);

		if (!portfolio_risk_ok(o, k) || (a->done && a->done <= o->q_end))
			continue;
		ALLOC_GROW(v, n + 1, alloc);
		v[n].a = a;
		v[n].k = k;
		n++;
	}
	in = report_para(r, s);
	if (n == 0) {
		report_add(r, in, RS_PLAIN, "No actions are open on the portfolio's risks.");
		return;
	}
	qsort(v, n, sizeof(*v), cmp_action);
	report_addf(r, in, RS_PLAIN,
		    "To improve the likelihood of successful delivery, %s open on "
		    "the portfolio's own risks, soonest first:",
		    paper_count(&o->pp, (long)n, "action is", "actions are"));
	list = report_bullets(r, s);
	for (size_t i = 0; i < n; i++) {
		const struct risk_action *a = v[i].a;

		const char *when = NULL;

		paper_use(&o->pp, v[i].k->programme, v[i].k->project, v[i].k->marking);
		in = report_item(r, list);
		report_add(r, in, RS_PLAIN, paper_trim_stop(&o->pp, a->action));
		if (a->due && a->due < o->q_end)
			when = report_printf(r, "overdue, was due %s", paper_day(&o->pp, a->due));
		else if (a->due)
			when = report_printf(r, "by %s", paper_day(&o->pp, a->due));
		if (a->owner || when)
			report_addf(r, in, RS_PLAIN, " (%s%s%s)", a->owner ? a->owner : "",
				    a->owner && when ? ", " : "", when ? when : "");
		report_addf(r, in, RS_PLAIN, ", against risk %s: ", v[i].k->code);
		paper_sentence(r, in, v[i].k->title);
	}
	free(v);
}

struct ahead_row {
	int32_t due;
	const char *key;	/* tie-break */
	enum kind kind;
	const void *rec;
};

static int
cmp_ahead(const void *a, const void *b)
{
	const struct ahead_row *x = a, *y = b;
	int32_t dx = x->due ? x->due : INT32_MAX, dy = y->due ? y->due : INT32_MAX;

	if (dx != dy)
		return dx < dy ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return strcmp(x->key, y->key);
}

static void
decisions_ahead(struct ov *o, struct report_section *s)
{
	struct report *r = o->pp.r;
	struct ahead_row *v = NULL;
	size_t n = 0, alloc = 0;
	struct report_block *list;
	struct report_inline *in;

	KEY_FOREACH(o, K_CHANGE_REQUEST, const struct change_request, c) {
		if (!paper_cr_pending(c, o->q_end) || !paper_prog_ok(&o->pp, c->programme))
			continue;
		ALLOC_GROW(v, n + 1, alloc);
		v[n++] = (struct ahead_row){ c->decision_due, c->code, K_CHANGE_REQUEST, c };
	}
	KEY_FOREACH(o, K_BUSINESS_CASE, const struct business_case, b) {
		if (!paper_bc_pending(b, o->q_end) || !paper_visible(&o->pp, b->programme, b->project, b->marking))
			continue;
		ALLOC_GROW(v, n + 1, alloc);
		v[n++] = (struct ahead_row){ 0, b->code, K_BUSINESS_CASE, b };
	}
	KEY_FOREACH(o, K_DECISION, const struct decision, d) {
		if (!paper_decision_pending(d, o->q_end) || !paper_visible(&o->pp, d->programme, NULL, d->marking))
			continue;
		ALLOC_GROW(v, n + 1, alloc);
		v[n++] = (struct ahead_row){ d->due, d->code, K_DECISION, d };
	}
	in = report_para(r, s);
	if (n == 0) {
		report_add(r, in, RS_PLAIN, "No decisions or approvals are outstanding.");
		return;
	}
	qsort(v, n, sizeof(*v), cmp_ahead);
	report_addf(r, in, RS_PLAIN, "%s outstanding at %s, by date due:",
		    paper_cap(&o->pp, paper_count(&o->pp, (long)n, "decision or approval is",
				      "decisions and approvals are")),
		    paper_day(&o->pp, o->q_end));
	list = report_bullets(r, s);
	for (size_t i = 0; i < n; i++) {
		in = report_item(r, list);
		if (v[i].kind == K_CHANGE_REQUEST) {
			const struct change_request *c = v[i].rec;

			paper_use(&o->pp, c->programme, NULL, NULL);
			report_add(r, in, RS_STRONG, c->title);
			report_addf(r, in, RS_PLAIN, " (%s): baseline change for %s%s",
				    paper_prog_name(&o->pp, c->programme), c->board ? c->board : "decision",
				    c->decision_due ? report_printf(r, " by %s", paper_day(&o->pp, c->decision_due)) : "");
			report_add(r, in, RS_PLAIN, ".");
			if (c->reason) {
				report_add(r, in, RS_PLAIN, " ");
				paper_sentence(r, in, c->reason);
			}
		} else if (v[i].kind == K_BUSINESS_CASE) {
			const struct business_case *b = v[i].rec;

			paper_use(&o->pp, b->programme, b->project, b->marking);
			report_add(r, in, RS_STRONG, b->title);
			report_addf(r, in, RS_PLAIN, " (%s): %s", paper_prog_name(&o->pp, b->programme),
				    paper_stage_name(b->stage));
			if (b->value != INT_NONE)
				report_addf(r, in, RS_PLAIN, " for %s", paper_money(&o->pp, (double)b->value));
			if (b->submitted)
				report_addf(r, in, RS_PLAIN, ", submitted %s%s%s",
					    paper_day(&o->pp, b->submitted), b->board ? " to " : "",
					    b->board ? b->board : "");
			else
				report_addf(r, in, RS_PLAIN, ", in preparation%s%s",
					    b->board ? " for " : "", b->board ? b->board : "");
			report_add(r, in, RS_PLAIN, ".");
		} else {
			const struct decision *d = v[i].rec;

			paper_use(&o->pp, d->programme, NULL, d->marking);
			report_add(r, in, RS_STRONG, d->title);
			report_addf(r, in, RS_PLAIN, " (%s): decision for %s%s",
				    d->programme ? paper_prog_name(&o->pp, d->programme) : "portfolio",
				    d->board ? d->board : "the portfolio",
				    d->due ? report_printf(r, " by %s", paper_day(&o->pp, d->due)) : "");
			if (d->original_due && d->due > d->original_due)
				report_addf(r, in, RS_PLAIN, " (first due %s)",
					    paper_day(&o->pp, d->original_due));
			report_add(r, in, RS_PLAIN, ".");
		}
	}
	free(v);
}

/*
 * The look-forward as a timeline: the key milestones listed below it,
 * each at its forecast (or actual) date and marked by its status, over
 * the three quarters from qstart. A milestone whose forecast has passed
 * without a reported completion is late and pinned to the left edge.
 */
static void
lookforward_chart(struct ov *o, struct report_section *s, const struct ms_row *ms,
		  size_t nms, int32_t qstart)
{
	struct chart_item *items = NULL;
	size_t n = 0, alloc = 0;
	int32_t from = o->q_end + 1, to = month_last_day(qstart + 8);
	struct chart c;

	for (size_t i = 0; i < nms; i++) {
		const struct ms_at *at = &ms[i].at;
		struct chart_item *it;

		if (!at->stale && (at->forecast < from || at->forecast > to))
			continue;
		ALLOC_GROW(items, n + 1, alloc);
		it = &items[n++];
		memset(it, 0, sizeof(*it));
		it->label = at->baseline ? ms[i].m->name :
			report_printf(o->pp.r, "%s (not yet baselined)", ms[i].m->name);
		it->date = at->actual ? at->actual : at->forecast;
		it->baseline = at->baseline;
		it->status = at->actual ? CHART_STATUS_ACHIEVED :
			     at->stale || (at->baseline && at->forecast > at->baseline) ?
			     CHART_STATUS_LATE : CHART_STATUS_ON_TRACK;
	}
	if (n) {
		memset(&c, 0, sizeof(c));
		c.type = CHART_TIMELINE;
		c.title = "Key milestones of the next three quarters";
		c.subtitle = report_printf(o->pp.r, "Forecast dates and status at %s",
					   paper_day(&o->pp, o->q_end));
		c.note = "Status against the baseline in force; a late milestone shows its "
			 "baseline as a hollow circle.";
		c.items = items;
		c.nitems = n;
		c.first_month = qstart;
		c.quarters = 3;
		report_chart(o->pp.r, s, &c, NULL, 640, 110 + 26 * (double)n);
	}
	free(items);
}

static void
sec_lookforward(struct ov *o)
{
	struct report *r = o->pp.r;
	struct report_section *s = report_section(r, 2, "3.5", "Look forward");
	struct report_inline *in;
	struct ms_row *ms;
	size_t nms = milestones(o, 1, &ms);
	int32_t next = o->as_at + 1;
	int32_t qstart = fq_first_month(fy_of_month(next), fq_of_month(next));

	if (nms)
		qsort(ms, nms, sizeof(*ms), cmp_ms);
	in = report_para(r, s);
	report_add(r, in, RS_PLAIN,
		   "Key milestones forecast in the next three quarters, with their "
		   "status against the baseline in force:");
	lookforward_chart(o, s, ms, nms, qstart);
	for (int q = 0; q < 3; q++) {
		int32_t first = qstart + 3 * q, last = first + 2;
		int32_t from = month_first_day(first), to = month_last_day(last);
		struct report_section *qs;
		struct report_block *list = NULL;
		char fy[16];

		if (from <= o->q_end) {
			/* The rest of a quarter under way. */
			int32_t m0 = o->as_at + 1;
			int y, mm, y2, mm2;

			from = o->q_end + 1;
			month_to_ym(m0, &y, &mm);
			month_to_ym(last, &y2, &mm2);
			qs = report_section(r, 3, NULL,
					    report_printf(r, "%s%s%s (rest of Q%d %s)", month_name(mm),
							  m0 == last ? "" : " to ",
							  m0 == last ? "" : month_name(mm2),
							  fq_of_month(first),
							  fy_label(fy_of_month(first), fy)));
		} else {
			qs = report_section(r, 3, NULL,
					    report_printf(r, "%s (Q%d %s)", quarter_months_name(first),
							  fq_of_month(first),
							  fy_label(fy_of_month(first), fy)));
		}
		for (size_t i = 0; i < nms; i++) {
			const struct milestone *m = ms[i].m;
			const struct ms_at *at = &ms[i].at;

			/* An overdue forecast is due now: the first quarter. */
			if (at->stale ? q != 0 : at->forecast < from || at->forecast > to)
				continue;
			if (list == NULL)
				list = report_bullets(r, qs);
			paper_use(&o->pp, m->programme, m->project, m->marking);
			in = report_item(r, list);
			report_add(r, in, RS_STRONG, m->name);
			report_addf(r, in, RS_PLAIN, " (%s), forecast %s: ",
				    paper_prog_name(&o->pp, m->programme), paper_day(&o->pp, at->forecast));
			if (at->actual)
				report_addf(r, in, RS_EMPH, "achieved early, on %s",
					    paper_day(&o->pp, at->actual));
			else if (at->stale)
				report_add(r, in, RS_EMPH, "due, completion not yet confirmed");
			else if (!at->baseline)
				report_add(r, in, RS_EMPH, "not yet baselined");
			else if (at->forecast > at->baseline)
				report_addf(r, in, RS_EMPH, "late against its baseline of %s",
					    paper_day(&o->pp, at->baseline));
			else
				report_add(r, in, RS_EMPH, "on track");
			report_add(r, in, RS_PLAIN, ".");
			if (m->description) {
				report_add(r, in, RS_PLAIN, " ");
				paper_sentence(r, in, m->description);
			}
		}
		if (list == NULL)
			report_add(r, report_para(r, qs), RS_PLAIN,
				   "No key milestone is forecast in this quarter.");
	}
	decisions_ahead(o, report_section(r, 3, NULL, "Decisions and approvals ahead"));
	free(ms);
}

/* Ratings shown in the distribution: the scale's, plus any others in use. */
static int
rating_shown(const struct ov *o, int idx, const long *now, const long *prev)
{
	static const int three[] = { 0, 2, 4 };

	if (now[idx] || prev[idx])
		return 1;
	if (idx > 4)
		return idx == 6;	/* "Not assessed" always has a row */
	if (o->pp.scale == SCALE_THREE) {
		for (size_t i = 0; i < 3; i++)
			if (three[i] == idx)
				return 1;
		return 0;
	}
	return 1;
}

/*
 * Projects rated worse than their programme, beside it; "none" if none.
 * With cell NULL, only counts them. Returns how many, or -1.
 */
static int
project_ratings(struct ov *o, struct report_inline *cell, const struct prog *g)
{
	struct report *r = o->pp.r;
	int own = paper_rating_rank(g->now), any = 0;

	KEY_FOREACH(o, K_PROJECT, const struct project, pj) {
		struct rating_at at;
		const char *rating;
		int rank;

		if (!pj->programme || strcmp(pj->programme, g->p->code) != 0 ||
		    !paper_proj_ok(&o->pp, pj->code))
			continue;
		if (pj->lifecycle && strcmp(pj->lifecycle, "closed") == 0 &&
		    pj->end_date && pj->end_date <= o->q_start)
			continue;
		if (rating_project_at(o->pp.ds, pj->code, o->q_end, &at, o->pp.err) < 0)
			return -1;
		rating = paper_rating_text(&o->pp, at.rating);
		if ((rank = paper_rating_rank(rating)) < 0)
			continue;
		/* Worse than the programme, or any rating beside an unrated one. */
		if (own >= 0 && rank <= own)
			continue;
		if (cell == NULL) {
			any++;
			continue;
		}
		paper_use(&o->pp, g->p->code, pj->code, pj->marking);
		if (any++)
			report_add(r, cell, RS_PLAIN, "; ");
		report_addf(r, cell, RS_PLAIN, "%s: ", pj->name);
		report_add(r, cell, RS_RATING, rating);
	}
	if (!any && cell)
		report_add(r, cell, RS_PLAIN, "none");
	return any;
}

/* The programmes of the delivery confidence tables. */
static int
prog_in_table(const struct ov *o, const struct prog *g)
{
	return o->rounds ? g->now || g->prev : prog_rated_now(g);
}

/*
 * A programme whose rating a board must see even in a long portfolio: 1,
 * 0, or -1 with the error filled.
 */
static int
prog_notable(struct ov *o, const struct prog *g)
{
	int a = paper_rating_rank(g->prev), b = paper_rating_rank(g->now);
	int worse = project_ratings(o, NULL, g);

	if (worse < 0)
		return -1;
	return (a >= 0 && b >= 0 && a != b) || b == 4 || worse > 0;
}

/* In rounds: the rounds shown, their movement and their chart. */
static void
confidence_rounds(struct ov *o, struct report_section *s, const struct moves *mv)
{
	struct report *r = o->pp.r;
	const struct round_count *now = &o->rl.v[o->r_now];
	struct report_inline *in;
	size_t col[PAPER_ROUNDS_MAX], ncol;

	ncol = paper_rounds_pick(&o->rl, o->r_now, o->r_prev, col);
	in = report_para(r, s);
	report_addf(r, in, RS_PLAIN, "Delivery confidence is assessed in rounds. The latest, at %s, "
		    "assessed %s", paper_day(&o->pp, now->date),
		    paper_count(&o->pp, (long)now->total, "programme", "programmes"));
	if (o->r_prev >= 0)
		report_addf(r, in, RS_PLAIN, "; the one compared with, at %s, %s",
			    paper_day(&o->pp, o->prev_end),
			    paper_num_word(&o->pp, (long)o->rl.v[o->r_prev].total));
	report_add(r, in, RS_PLAIN, ".");
	if (o->rl.assessed > now->total)
		report_addf(r, in, RS_PLAIN, " %s assessed in earlier rounds %s not in the latest.",
			    paper_cap(&o->pp, paper_count(&o->pp, (long)(o->rl.assessed - now->total),
							  "programme", "programmes")),
			    paper_plural((long)(o->rl.assessed - now->total), "is", "are"));
	paper_rounds_table(&o->pp, s, &o->rl, col, ncol);

	in = report_para(r, s);
	if (o->r_prev < 0) {
		report_add(r, in, RS_PLAIN, "This is the first assessment round: there is no earlier "
			   "one to compare with.");
	} else {
		report_addf(r, in, RS_PLAIN,
			    "Delivery confidence %s %s: %s up, %s down and %s unchanged",
			    movement_word(mv), since_words(o),
			    paper_count(&o->pp, mv->up, "programme moved", "programmes moved"),
			    paper_count(&o->pp, mv->down, "moved", "moved"),
			    paper_count(&o->pp, mv->same, "was", "were"));
		if (mv->unrated)
			report_addf(r, in, RS_PLAIN, "; %s Exempt or not assessed in one of the two",
				    paper_count(&o->pp, mv->unrated, "programme in both rounds was",
						"programmes in both rounds were"));
		entered_left(o, in, mv);
		report_add(r, in, RS_PLAIN, ".");
	}
	paper_rounds_moves(&o->pp, s, &o->rl, &o->rf, col, ncol, o->r_prev, o->r_now);
	paper_chart_rounds(&o->pp, s, &o->rl, col, ncol, NULL);
}

static int
sec_confidence(struct ov *o)
{
	struct report *r = o->pp.r;
	struct report_section *s = report_section(r, 2, "3.6", "Delivery confidence");
	static const enum report_align al4[] = { RA_LEFT, RA_RIGHT, RA_RIGHT, RA_RIGHT };
	static const enum report_align al5[] = { RA_LEFT, RA_LEFT, RA_LEFT, RA_LEFT, RA_LEFT };
	long now[8] = { 0 }, prev[8] = { 0 }, nrated = 0, ndca = 0, nret = 0, nrows = 0, nshow = 0;
	const char *hdr[5];
	struct report_block *t;
	struct report_inline *in, *row;
	struct moves mv;
	const char *dnow = paper_day(&o->pp, o->q_end), *dprev = paper_day(&o->pp, o->prev_end);
	int many;

	for (size_t i = 0; i < o->nprogs; i++) {
		const struct prog *g = &o->progs[i];
		int a, b;

		if (!prog_in_table(o, g))
			continue;
		paper_use(&o->pp, g->p->code, NULL, NULL);
		b = g->now ? enum_index(dca_values, g->now) : 6;
		a = g->prev ? enum_index(dca_values, g->prev) : 6;
		now[b < 0 ? 6 : b]++;
		prev[a < 0 ? 6 : a]++;
		nrows++;
		if (g->now) {
			nrated++;
			if (g->now_src == SRC_DCA)
				ndca++;
			else
				nret++;
		}
	}
	count_moves(o, &mv);
	if (o->rounds) {
		confidence_rounds(o, s, &mv);
		goto programmes;
	}

	in = report_para(r, s);
	report_addf(r, in, RS_PLAIN, "At %s, %s rated", dnow,
		    paper_count(&o->pp, nrated, "programme was", "programmes were"));
	if (ndca && nret)
		report_addf(r, in, RS_PLAIN,
			    ": %s from the delivery confidence register and %s from "
			    "the latest monthly return", paper_num_word(&o->pp, ndca), paper_num_word(&o->pp, nret));
	else if (nret)
		report_add(r, in, RS_PLAIN, ", all from their latest monthly returns");
	else if (ndca)
		report_add(r, in, RS_PLAIN, ", all from the delivery confidence register");
	report_add(r, in, RS_PLAIN, ".");

	hdr[0] = "Rating";
	hdr[1] = report_printf(r, "Programmes at %s", dnow);
	hdr[2] = report_printf(r, "Programmes at %s", dprev);
	hdr[3] = "Change";
	t = report_table(r, s, "Programmes by delivery confidence rating", 4, hdr, al4, 1);
	for (int i = 0; dca_values[i]; i++) {
		long d;

		if (!rating_shown(o, i, now, prev))
			continue;
		row = report_row(r, t);
		if (i < 5)
			report_add(r, &row[0], RS_RATING, dca_values[i]);
		else
			report_add(r, &row[0], RS_PLAIN, dca_values[i]);
		report_addf(r, &row[1], RS_PLAIN, "%ld", now[i]);
		report_addf(r, &row[2], RS_PLAIN, "%ld", prev[i]);
		d = now[i] - prev[i];
		report_addf(r, &row[3], RS_PLAIN, d > 0 ? "+%ld" : d < 0 ? "\xE2\x88\x92%ld" : "0",
			    d < 0 ? -d : d);
	}
	{
		long tn = 0, tp = 0;

		for (int i = 0; i < 8; i++) {
			tn += now[i];
			tp += prev[i];
		}
		row = report_row(r, t);
		report_add(r, &row[0], RS_STRONG, "Total");
		report_addf(r, &row[1], RS_STRONG, "%ld", tn);
		report_addf(r, &row[2], RS_STRONG, "%ld", tp);
		report_add(r, &row[3], RS_PLAIN, "");
	}

	in = report_para(r, s);
	report_addf(r, in, RS_PLAIN,
		    "Delivery confidence %s %s: %s up, %s down and %s unchanged",
		    movement_word(&mv), o->compare ? since_words(o) : "over the quarter",
		    paper_count(&o->pp, mv.up, "programme moved", "programmes moved"),
		    paper_count(&o->pp, mv.down, "moved", "moved"),
		    paper_count(&o->pp, mv.same, "was", "were"));
	if (mv.fresh)
		report_addf(r, in, RS_PLAIN, "; %s rated for the first time",
			    paper_count(&o->pp, mv.fresh, "was", "were"));
	if (mv.unrated)
		report_addf(r, in, RS_PLAIN, "; %s not assessed",
			    paper_count(&o->pp, mv.unrated, "programme is", "programmes are"));
	report_add(r, in, RS_PLAIN, ".");

	{
		const char **codes = xcalloc(o->nprogs ? o->nprogs : 1, sizeof(*codes));
		size_t nc = 0;
		int crc;

		for (size_t i = 0; i < o->nprogs; i++)
			if (prog_rated_now(&o->progs[i]))
				codes[nc++] = o->progs[i].p->code;
		crc = paper_chart_dca(&o->pp, s, codes, nc, o->as_at, 12, NULL);
		free(codes);
		if (crc < 0)
			return -1;
	}

programmes:
	/* A long portfolio lists only what moved or needs attention. */
	many = nrows > CONFIDENCE_LISTED;
	if (many) {
		for (size_t i = 0; i < o->nprogs; i++) {
			int rc;

			if (!prog_in_table(o, &o->progs[i]))
				continue;
			if ((rc = prog_notable(o, &o->progs[i])) < 0)
				return -1;
			nshow += rc;
		}
		in = report_para(r, s);
		report_addf(r, in, RS_PLAIN,
			    "The table lists only the programmes whose rating moved, those rated "
			    "Red and any with a project rated worse than itself: %ld of %ld.",
			    nshow, nrows);
	}
	if (o->rounds) {
		hdr[1] = report_printf(r, "Assessed at %s", paper_day(&o->pp, o->rl.v[o->r_now].date));
		hdr[2] = o->r_prev >= 0 ? report_printf(r, "Assessed at %s", dprev) : "Before";
	} else {
		hdr[1] = report_printf(r, "Rating at %s", dnow);
		hdr[2] = report_printf(r, "Rating at %s", dprev);
	}
	hdr[0] = "Programme";
	hdr[3] = "Direction";
	hdr[4] = "Projects rated worse than their programme";
	t = report_table(r, s, "Delivery confidence by programme", 5, hdr, al5, 1);
	for (size_t i = 0; i < o->nprogs; i++) {
		const struct prog *g = &o->progs[i];
		int a = paper_rating_rank(g->prev), b = paper_rating_rank(g->now);
		const char *none = o->rounds ? "not in the round" : "Not assessed";

		if (!prog_in_table(o, g) || (many && prog_notable(o, g) == 0))
			continue;
		row = report_row(r, t);
		report_add(r, &row[0], RS_PLAIN, g->p->name);
		report_add(r, &row[1], g->now ? RS_RATING : RS_PLAIN, g->now ? g->now : none);
		report_add(r, &row[2], g->prev ? RS_RATING : RS_PLAIN, g->prev ? g->prev : none);
		if (o->rounds && !g->prev)
			report_add(r, &row[3], RS_PLAIN, "entered");
		else if (o->rounds && !g->now)
			report_add(r, &row[3], RS_PLAIN, "left");
		else
			report_add(r, &row[3], RS_PLAIN,
				   b < 0 ? "not rated" : a < 0 ? "new rating" :
				   b < a ? "improved" : b > a ? "worsened" : "unchanged");
		if (project_ratings(o, &row[4], g) < 0)
			return -1;
	}

	if (o->rounds) {
		in = report_note(r, s, "Assessment rounds");
		report_addf(r, in, RS_PLAIN,
			    "No programme made a monthly return with a rating by %s, and %s "
			    "the %s assessed by then were assessed on the latest date, %s: the "
			    "ratings come in rounds. ", dnow,
			    o->rl.v[o->r_now].total == o->rl.assessed ? "all" :
			    report_printf(r, "%s of", paper_num_word(&o->pp, (long)o->rl.v[o->r_now].total)),
			    paper_count(&o->pp, (long)o->rl.assessed, "programme", "programmes"),
			    paper_day(&o->pp, o->rl.v[o->r_now].date));
		if (o->compare)
			report_addf(r, in, RS_PLAIN,
				    "The paper compares the latest round with the latest one on or "
				    "before %s, as asked, ", paper_day(&o->pp, o->compare));
		else
			report_add(r, in, RS_PLAIN,
				   "The paper compares the latest round with the one before it (the "
				   "latest assessment date strictly before it), ");
		report_add(r, in, RS_PLAIN,
			   "not the quarter end with the previous quarter end, which would only "
			   "repeat a round. A programme is in a round when it was assessed on that "
			   "date. Between two rounds, a programme rated Green to Red in both moved "
			   "up, down or not at all; one Exempt or not assessed in either is unrated; "
			   "one in the later round only entered the portfolio, one in the earlier "
			   "only left it.");
	}
	in = report_note(r, s, "Roll-up rule");
	if (o->rounds)
		report_add(r, in, RS_PLAIN,
			   "The portfolio's delivery confidence is not an average of its "
			   "programmes: it is shown as the distribution of programme ratings "
			   "in each assessment round, with the number of programmes that moved "
			   "up, moved down or stayed the same between rounds. A programme's "
			   "rating in a round is its assessment of that date (of two on one "
			   "date, an independent review, then the portfolio office, then the "
			   "SRO). A project rated worse than its programme is shown beside it, "
			   "never averaged away; Exempt and unassessed programmes are counted "
			   "but have no direction.");
	else
		report_addf(r, in, RS_PLAIN,
			    "The portfolio's delivery confidence is not an average of its "
			    "programmes: it is shown as the distribution of programme ratings "
			    "now and %s, with the number of "
			    "programmes that moved up, moved down or stayed the same. Each "
			    "programme's rating is its most recent on or before the date, "
			    "from the delivery confidence register or from its monthly "
			    "return (on the same date the register wins; of two assessments "
			    "on one date, an independent review, then the portfolio office, "
			    "then the SRO). A project rated worse than its programme is "
			    "shown beside it, never averaged away; Exempt and unassessed "
			    "programmes are counted but have no direction.",
			    o->compare ? report_printf(r, "at %s", dprev) : "at the end of the previous quarter");
	return 0;
}

static int
cmp_issue(const void *a, const void *b)
{
	const struct issue *x = *(const struct issue *const *)a;
	const struct issue *y = *(const struct issue *const *)b;
	int sx = paper_severity_rank(x->severity), sy = paper_severity_rank(y->severity);

	if (sx != sy)
		return sx < sy ? -1 : 1;
	if (x->raised != y->raised)
		return x->raised < y->raised ? -1 : 1;
	return strcmp(x->code, y->code);
}

static void
sec_issues(struct ov *o)
{
	struct report *r = o->pp.r;
	struct report_section *s = report_section(r, 2, "3.7", "Top issues");
	const struct issue **v = NULL;
	size_t n = 0, alloc = 0;
	struct report_block *list;
	struct report_inline *in;

	KEY_FOREACH(o, K_ISSUE, const struct issue, is) {
		if (!is->level || strcmp(is->level, "portfolio") != 0 || !paper_issue_open(is, o->q_end) ||
		    !paper_visible(&o->pp, is->programme, is->project, is->marking))
			continue;
		ALLOC_GROW(v, n + 1, alloc);
		v[n++] = is;
	}
	in = report_para(r, s);
	if (n == 0) {
		report_add(r, in, RS_PLAIN, "No issues are open at portfolio level.");
		return;
	}
	qsort(v, n, sizeof(*v), cmp_issue);
	report_addf(r, in, RS_PLAIN,
		    "The portfolio is addressing %s at portfolio level, the most severe first:",
		    paper_count(&o->pp, (long)n, "open issue", "open issues"));
	list = report_bullets(r, s);
	for (size_t i = 0; i < n; i++) {
		const struct issue *is = v[i];

		paper_use(&o->pp, is->programme, is->project, is->marking);
		in = report_item(r, list);
		report_add(r, in, RS_STRONG, is->title);
		report_addf(r, in, RS_PLAIN, " (%s severity%s%s)",
			    is->severity ? is->severity : "unrated",
			    is->owner ? "; owner: " : "", is->owner ? is->owner : "");
		if (is->description) {
			report_add(r, in, RS_PLAIN, ": ");
			paper_sentence(r, in, is->description);
		} else {
			report_add(r, in, RS_PLAIN, ".");
		}
		if (is->resolution) {
			report_add(r, in, RS_PLAIN, " Action: ");
			paper_sentence(r, in, is->resolution);
		}
	}
	free(v);
}

static int
cmp_risk(const void *a, const void *b)
{
	const struct risk *x = *(const struct risk *const *)a;
	const struct risk *y = *(const struct risk *const *)b;
	int64_t sx = x->current_likelihood * x->current_impact;
	int64_t sy = y->current_likelihood * y->current_impact;

	if (sx != sy)
		return sx > sy ? -1 : 1;
	return strcmp(x->code, y->code);
}

static void
score_cell(struct ov *o, struct report_inline *cell, int64_t l, int64_t i)
{
	if (l == INT_NONE || i == INT_NONE) {
		report_add(o->pp.r, cell, RS_PLAIN, "not set");
		return;
	}
	report_addf(o->pp.r, cell, RS_PLAIN, "%lld \xC3\x97 %lld = %lld (%s)", (long long)l,
		    (long long)i, (long long)(l * i), paper_band(l * i));
}

static int
cmp_risk_code(const void *a, const void *b)
{
	const struct risk *x = *(const struct risk *const *)a;
	const struct risk *y = *(const struct risk *const *)b;

	return strcmp(x->code, y->code);
}

/*
 * How the programme and project risks behind the visible portfolio risks
 * moved since the end of month since: the counts, and the ones that rose
 * by name, in a paragraph after the register.
 */
static void
feeder_trends(struct ov *o, struct report_section *s, const struct risk_history *h,
	      int32_t since, const struct risk *const *v, size_t n)
{
	struct report *r = o->pp.r;
	struct risk_trends t;
	struct risk_move mv;
	struct picks seen = { NULL, 0, 0 }, rose = { NULL, 0, 0 };
	const char *parts[6];
	size_t np = 0, nseen;
	int later = 0;
	char mb[32];
	struct report_inline *in;

	memset(&t, 0, sizeof(t));
	/* each risk behind a portfolio risk of the register, once */
	KEY_FOREACH(o, K_RISK_LINK, const struct risk_link, l) {
		const struct risk *f = risk_find(o, l->risk);
		int feeds = 0;

		for (size_t i = 0; i < n && !feeds; i++)
			feeds = l->portfolio_risk && strcmp(l->portfolio_risk, v[i]->code) == 0;
		if (feeds && f && paper_visible(&o->pp, f->programme, f->project, f->marking))
			paper_pick(&seen, f);
	}
	paper_picks_sort(&seen, cmp_risk_code);
	nseen = 0;
	for (size_t i = 0; i < seen.n; i++)
		if (nseen == 0 || seen.v[nseen - 1] != seen.v[i])
			seen.v[nseen++] = seen.v[i];
	seen.n = nseen;
	for (size_t i = 0; i < seen.n; i++) {
		const struct risk *f = seen.v[i];

		risk_move_between(h, f, since, o->as_at, &mv);
		risk_trends_add(&t, mv.trend);
		later |= mv.then_period > since;
		if (mv.trend == TREND_UP)
			paper_pick(&rose, f);
	}
	if (seen.n == 0 || t.unknown == seen.n) {
		free(seen.v);
		free(rose.v);
		return;
	}
	/* counts under ten in words, as everywhere in the paper */
	if (t.up)
		parts[np++] = report_printf(r, "%s rose", paper_num_word(&o->pp, (long)t.up));
	if (t.down)
		parts[np++] = report_printf(r, "%s fell", paper_num_word(&o->pp, (long)t.down));
	if (t.same)
		parts[np++] = report_printf(r, "%s %s unchanged",
					    paper_num_word(&o->pp, (long)t.same),
					    paper_plural((long)t.same, "was", "were"));
	if (t.fresh)
		parts[np++] = report_printf(r, "%s %s new",
					    paper_num_word(&o->pp, (long)t.fresh),
					    paper_plural((long)t.fresh, "is", "are"));
	if (t.closed)
		parts[np++] = report_printf(r, "%s closed",
					    paper_num_word(&o->pp, (long)t.closed));
	if (t.unknown)
		parts[np++] = report_printf(r, "%s %s no score to compare",
					    paper_num_word(&o->pp, (long)t.unknown),
					    paper_plural((long)t.unknown, "has", "have"));
	in = report_para(r, s);
	report_addf(r, in, RS_PLAIN,
		    "Since the end of %s, of the %s behind the register, %s, by the "
		    "scores the programmes reported month by month%s.",
		    month_format_long(since, mb),
		    paper_count(&o->pp, (long)seen.n, "programme or project risk",
				"programme and project risks"),
		    paper_join_and(&o->pp, parts, np),
		    later ? " (against a risk's first score where it was first scored later)" : "");
	if (rose.n) {
		report_add(r, in, RS_PLAIN, " Rising: ");
		for (size_t i = 0; i < rose.n; i++) {
			const struct risk *f = rose.v[i];

			risk_move_between(h, f, since, o->as_at, &mv);
			report_addf(r, in, RS_PLAIN, "%s%s '%s' (%s%s%d to %d)",
				    i == 0 ? "" : i + 1 == rose.n ? " and " : ", ",
				    f->code, f->title,
				    f->programme ? paper_prog_name(&o->pp, f->programme) : "",
				    f->programme ? ", " : "", mv.then_score, mv.now_score);
		}
		report_add(r, in, RS_PLAIN, ".");
	}
	free(seen.v);
	free(rose.v);
}

static void
sec_risks(struct ov *o)
{
	struct report *r = o->pp.r;
	struct report_section *s = report_section(r, 2, "3.8", "Portfolio risks");
	static const char *const hdr[] = {
		"Ref", "Risk", "Owner", "Current (L \xC3\x97 I)", "Since last quarter",
		"Target (L \xC3\x97 I)", "Response", "Fed by"
	};
	const struct risk **v = NULL;
	size_t n = 0, alloc = 0;
	long nfeed = 0;
	struct picks feeders = { NULL, 0, 0 };
	struct report_block *t;
	struct report_inline *in, *row;
	/* trends: from the end of the quarter before (or the day compared with) */
	int32_t since = o->compare ? month_of_date(o->compare) :
		rollup_previous_quarter_end(o->as_at);
	struct risk_history h;
	struct risk_move mv;

	KEY_FOREACH(o, K_RISK, const struct risk, k) {
		if (!portfolio_risk_ok(o, k))
			continue;
		ALLOC_GROW(v, n + 1, alloc);
		v[n++] = k;
	}
	/* each risk behind the register once, though it may feed several */
	KEY_FOREACH(o, K_RISK_LINK, const struct risk_link, l) {
		const struct risk *pr = risk_find(o, l->portfolio_risk);
		const struct risk *k = risk_find(o, l->risk);

		if (portfolio_risk_ok(o, pr) && k &&
		    paper_visible(&o->pp, k->programme, k->project, k->marking))
			paper_pick(&feeders, k);
	}
	paper_picks_sort(&feeders, cmp_risk_code);
	for (size_t i = 0; i < feeders.n; i++)
		if (i == 0 || feeders.v[i - 1] != feeders.v[i])
			nfeed++;
	free(feeders.v);
	in = report_para(r, s);
	if (n == 0) {
		report_add(r, in, RS_PLAIN, "The portfolio risk register holds no open risks.");
		return;
	}
	qsort(v, n, sizeof(*v), cmp_risk);
	report_addf(r, in, RS_PLAIN,
		    "The portfolio risk register holds %s, highest current score "
		    "first. It takes input from the programmes' own registers: %s "
		    "feed into it. Scores are likelihood times impact, each from 1 "
		    "to 5; 1 to 4 is low, 5 to 12 medium and 15 to 25 high.",
		    paper_count(&o->pp, (long)n, "open risk", "open risks"),
		    paper_count(&o->pp, nfeed, "programme or project risk", "programme and project risks"));

	paper_chart_heat(&o->pp, s, 1, NULL, o->q_end, since, NULL);

	risk_history_build(&h, o->pp.ds);
	t = report_table(r, s, "Portfolio risk register", 8, (const char *const *)hdr, NULL, 1);
	for (size_t i = 0; i < n; i++) {
		const struct risk *k = v[i];
		int any = 0;

		paper_use(&o->pp, k->programme, k->project, k->marking);
		row = report_row(r, t);
		report_add(r, &row[0], RS_PLAIN, k->code);
		report_add(r, &row[1], RS_PLAIN, k->title);
		report_add(r, &row[2], RS_PLAIN, k->owner ? k->owner : "not assigned");
		score_cell(o, &row[3], k->current_likelihood, k->current_impact);
		risk_move_between(&h, k, since, o->as_at, &mv);
		report_add(r, &row[4], RS_PLAIN, paper_risk_move(&o->pp, &mv, since));
		score_cell(o, &row[5], k->target_likelihood, k->target_impact);
		report_add(r, &row[6], RS_PLAIN, k->response ? k->response : "not set");
		KEY_FOREACH(o, K_RISK_LINK, const struct risk_link, l) {
			const struct risk *f;

			if (!l->portfolio_risk || strcmp(l->portfolio_risk, k->code) != 0)
				continue;
			f = risk_find(o, l->risk);
			if (!f || !paper_visible(&o->pp, f->programme, f->project, f->marking))
				continue;
			paper_use(&o->pp, f->programme, f->project, f->marking);
			if (any++)
				report_add(r, &row[7], RS_PLAIN, "; ");
			report_add(r, &row[7], RS_PLAIN, f->code);
			/* a feeder that moved says how */
			risk_move_between(&h, f, since, o->as_at, &mv);
			if (mv.trend != TREND_SAME && mv.trend != TREND_UNKNOWN)
				report_addf(r, &row[7], RS_PLAIN, " (%s)", risk_trend_name(mv.trend));
		}
		if (!any)
			report_add(r, &row[7], RS_PLAIN, "none");
	}
	feeder_trends(o, s, &h, since, v, n);
	risk_history_release(&h);
	free(v);
}

int
report_oversight(const struct dataset *ds, int32_t as_at, const char *clearance,
		 struct report *out, struct error *err)
{
	return report_oversight_compare(ds, as_at, 0, clearance, out, err);
}

int
report_oversight_compare(const struct dataset *ds, int32_t as_at, int32_t compare,
			 const char *clearance, struct report *out, struct error *err)
{
	struct ov o;
	int rc = -1;

	memset(&o, 0, sizeof(o));
	report_init(out);
	if (clearance && enum_index(marking_values, clearance) < 0) {
		error_set(err, ERR_USAGE, "unknown clearance \"%s\" (expected one of OFFICIAL, OFFICIAL-SENSITIVE)",
			  clearance);
		goto out;
	}
	if (as_at <= 3) {
		error_set(err, ERR_USAGE, "no as-at month given for the oversight report");
		goto out;
	}
	if (paper_init(&o.pp, ds, clearance, out, err) < 0)
		goto out;
	/* The financial quarter to date; "a quarter ago" is the end of the one before. */
	o.as_at = as_at;
	o.q_first = fq_first_month(fy_of_month(as_at), fq_of_month(as_at));
	o.q_start = month_first_day(o.q_first);
	o.q_end = month_last_day(as_at);
	o.prev_end = month_last_day(o.q_first - 1);
	if (compare && compare >= o.q_end) {
		error_set(err, ERR_USAGE, "the day to compare with must come before %s",
			  paper_day(&o.pp, o.q_end));
		goto out;
	}
	if (compare)
		o.prev_end = o.compare = compare;
	if (slip_list_build(ds, NULL, as_at, &o.slips, err) < 0 || load_programmes(&o) < 0 ||
	    load_rounds(&o) < 0)
		goto out;

	header(&o);
	sec_purpose(&o);
	sec_recommendation(&o);
	report_section(out, 1, "3.", "Summary");
	sec_achieved(&o);
	sec_quarter(&o);
	sec_headlines(&o);
	sec_improve(&o);
	sec_lookforward(&o);
	if (sec_confidence(&o) < 0)
		goto out;
	sec_issues(&o);
	sec_risks(&o);
	rc = 0;
out:
	if (rc < 0)
		report_release(out);
	slip_list_release(&o.slips);
	rollup_rounds_release(&o.rl);
	paper_release(&o.pp);
	free(o.progs);
	return rc;
}
