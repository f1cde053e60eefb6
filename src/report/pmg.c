/*
 * pmg.c - the monthly pack for the Portfolio Management Group
 * (report_pmg()).
 *
 * PMG monitors the whole portfolio every month, so its pack carries
 * everything: a portfolio summary, one dashboard per active programme,
 * and the schedule's own view of delivery confidence. Every figure is
 * read as at the last day of the period through src/assess (the rating
 * rule of rollup.h, the baseline in force of slip.h, the tolerance
 * measures of tolerance.h), so the pack, the oversight paper and PIB's
 * exception report never disagree about a programme. docs/reports.md
 * says what each part is made of.
 *
 * Need to know as in every paper (paper.h): a record above the reader's
 * clearance, or belonging to a programme, project or portfolio above it,
 * is left out, and the pack is marked with the highest marking of what
 * it includes.
 */
#include "report/report.h"
#include "report/knock-on.h"
#include "report/paper.h"
#include "assess/risk.h"
#include "assess/rollup.h"
#include "assess/slip.h"
#include "assess/tolerance.h"
#include "chart/chart.h"
#include "core/date.h"
#include "core/error.h"
#include "core/xmalloc.h"
#include "model/dataset.h"
#include "model/schema.h"
#include "sched/dca-quant.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How many of a programme's risks its dashboard lists. */
#define TOP_RISKS 5
/* Months of history the trend charts reach back. */
#define HISTORY 12
/* Key milestones a trend chart draws at most (beyond, lines merge). */
#define SLIP_CHART_MAX 20
/*
 * The Monte Carlo run behind the schedule's view: a fixed seed, so
 * reproducible; 10,000 iterations, or for a large network as many as
 * MC_WORK activity-iterations allow, in thousands, and at least
 * MC_MIN_ITERATIONS (report_pmg_iterations()).
 */
#define MC_ITERATIONS 10000
#define MC_MIN_ITERATIONS 1000
#define MC_WORK 20000000.0
#define MC_SEED 42

struct pprog {
	const struct programme *p;
	struct rating_at at;		/* at the end of the period */
	const char *now;		/* that rating in words, NULL: none */
	const char *last;		/* at the end of the period before */
	const char *quarter;		/* at the end of the previous quarter */
	const struct monthly_return *rt; /* the period's return, or NULL */
};

struct pmg {
	struct paper pp;
	int32_t month, day;		/* the period and its last day */
	int32_t last_day;		/* end of the period before */
	int32_t q_day;			/* end of the previous financial quarter */
	struct pprog *progs;		/* active and visible, by name */
	size_t nprogs;
	struct slip_list slips;		/* milestones and decisions at month */
	struct picks decisions;		/* the decisions among them */
	signed char *visible;		/* per slip item: -1 not yet known, 0, 1 */
	struct picks *by_prog;		/* the slips of each of progs[] */
	struct code_index {
		const char *code;
		size_t i;		/* in progs[] */
	} *by_code;			/* progs[] in code order */
	struct assess_result tol;	/* tolerance findings at month */
	struct mc_dca_report mc;
	int mc_tried, mc_ran;		/* mc_dca_dataset() called; it succeeded */
	size_t mc_iter;			/* the iterations it ran */
	const char *mc_why;		/* why there is no schedule view */
};

static int
cmp_pprog(const void *a, const void *b)
{
	const struct pprog *x = a, *y = b;
	int c = strcmp(x->p->name, y->p->name);

	return c ? c : strcmp(x->p->code, y->p->code);
}

/*
 * The rows of kind k whose first key field (a code: the milestone of a
 * forecast, the programme of a return, the benefit of a benefit value)
 * is code, in key order (the rest of the key: period, version). The paper
 * holds every kind in key order, so they are one run, found by binary
 * search: no builder scans a whole kind per programme or per milestone.
 * Returns how many; *rows points at the first.
 */
static size_t
key_run(const struct pmg *g, enum kind k, const char *code, void *const **rows)
{
	const struct field *f = &entity_of(k)->fields[0];
	void *const *v = g->pp.by_key[k].rows;
	size_t n = g->pp.by_key[k].n, lo = 0, hi = n, end;

	*rows = v;
	if (code == NULL || !(f->flags & F_KEY) || (f->type != FT_REF && f->type != FT_TEXT))
		return 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *s = *(const char *const *)((const char *)v[mid] + f->offset);

		if (s == NULL || strcmp(s, code) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < n; end++) {
		const char *s = *(const char *const *)((const char *)v[end] + f->offset);

		if (strcmp(s, code) != 0)
			break;
	}
	*rows = v + lo;
	return end - lo;
}

/*
 * paper_return_in() through key_run(): the latest return of a programme
 * for a month in [from, to], the highest version of that month, counted
 * returns only; want_dca: only those carrying a rating.
 */
static const struct monthly_return *
return_in(const struct pmg *g, const char *programme, int32_t from, int32_t to,
	  int want_dca)
{
	const struct monthly_return *best = NULL;
	void *const *rows;
	size_t n = key_run(g, K_RETURN, programme, &rows);

	for (size_t i = 0; i < n; i++) {
		const struct monthly_return *rt = rows[i];

		if (rt->period < from || rt->period > to || !paper_return_counts(rt))
			continue;
		if (want_dca && rt->dca == NULL)
			continue;
		if (best == NULL || rt->period > best->period ||
		    (rt->period == best->period && rt->version > best->version))
			best = rt;
	}
	return best;
}

/* The index in progs[] of the programme with this code, or -1. */
static long
prog_index(const struct pmg *g, const char *code)
{
	size_t lo = 0, hi = g->nprogs;

	while (code && lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(code, g->by_code[mid].code);

		if (c == 0)
			return (long)g->by_code[mid].i;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

static int
load_programmes(struct pmg *g)
{
	size_t alloc = 0;

	PAPER_FOREACH(&g->pp, K_PROGRAMME, const struct programme, p) {
		struct pprog *pg;

		if (!paper_prog_ok(&g->pp, p->code) || !paper_prog_active(p, g->day))
			continue;
		ALLOC_GROW(g->progs, g->nprogs + 1, alloc);
		pg = &g->progs[g->nprogs++];
		memset(pg, 0, sizeof(*pg));
		pg->p = p;
		if (rating_programme_at(g->pp.ds, p->code, g->day, &pg->at, g->pp.err) < 0 ||
		    paper_prog_rating(&g->pp, p->code, g->last_day, &pg->last, NULL) < 0 ||
		    paper_prog_rating(&g->pp, p->code, g->q_day, &pg->quarter, NULL) < 0)
			return -1;
		pg->now = paper_rating_text(&g->pp, pg->at.rating);
		pg->rt = return_in(g, p->code, g->month, g->month, 0);
	}
	if (g->nprogs > 1)
		qsort(g->progs, g->nprogs, sizeof(*g->progs), cmp_pprog);
	return 0;
}

static int
cmp_code_index(const void *a, const void *b)
{
	return strcmp(((const struct code_index *)a)->code, ((const struct code_index *)b)->code);
}

/*
 * Index what the dashboards look up per programme, once: the programmes
 * by code, each programme's items of the slip list (in list order), and
 * the decisions among them. Without it every dashboard scanned the whole
 * list, and each slipped milestone scanned it again for its decision.
 */
static void
index_slips(struct pmg *g)
{
	g->by_code = xcalloc(g->nprogs ? g->nprogs : 1, sizeof(*g->by_code));
	for (size_t i = 0; i < g->nprogs; i++)
		g->by_code[i] = (struct code_index){ g->progs[i].p->code, i };
	if (g->nprogs > 1)
		qsort(g->by_code, g->nprogs, sizeof(*g->by_code), cmp_code_index);
	g->by_prog = xcalloc(g->nprogs ? g->nprogs : 1, sizeof(*g->by_prog));
	g->visible = xmalloc(g->slips.n ? g->slips.n : 1);
	memset(g->visible, -1, g->slips.n ? g->slips.n : 1);
	for (size_t i = 0; i < g->slips.n; i++) {
		const struct slip_item *it = &g->slips.items[i];
		long k = prog_index(g, it->programme);

		if (it->kind == K_DECISION)
			paper_pick(&g->decisions, it);
		if (k >= 0)
			paper_pick(&g->by_prog[k], it);
	}
}

/* --- the schedule's view ------------------------------------------------ */

static int
judged_at(void *ctx, const struct dataset *ds, const char *programme)
{
	struct rating_at at;
	struct error err = ERROR_INIT;

	if (rating_programme_at(ds, programme, *(const int32_t *)ctx, &at, &err) < 0)
		return 0;
	return rating_is_rated(at.rating) ? (int)at.rating : 0;
}

/*
 * Run the Monte Carlo behind section 3, once. The network spans
 * programmes (interdependencies), so the numbers of a visible programme
 * can rest on the activities of one the reader may not see: the run is
 * made only when every programme in the network is visible. A dataset
 * without a network, or one the engine refuses, gives a pack without the
 * view and the reason, never a failed pack.
 */
int
report_schedule_dca(const struct dataset *ds, int32_t day, struct mc_dca_report *rep,
		    size_t *iterations, struct error *err)
{
	struct mc_options opt = MC_OPTIONS_INIT;
	struct mc_dca_config cfg = MC_DCA_CONFIG_INIT;

	opt.iterations = *iterations = report_pmg_iterations(ds);
	opt.seed = MC_SEED;
	opt.threads = 1;
	opt.sensitivity = 0;
	return mc_dca_dataset(ds, NULL, &opt, &cfg, judged_at, &day, rep, err);
}

static void
run_schedule(struct pmg *g)
{
	struct error err = ERROR_INIT;
	char msg[512];

	if (dataset_count(g->pp.ds, K_ACTIVITY) == 0) {
		g->mc_why = "The portfolio holds no schedule network (activities and their "
			    "dependencies), so delivery confidence cannot yet be checked "
			    "against the schedule.";
		return;
	}
	PAPER_FOREACH(&g->pp, K_ACTIVITY, const struct activity, a) {
		if (a->programme && !paper_prog_ok(&g->pp, a->programme)) {
			g->mc_why = "The schedule network includes work of programmes above "
				    "this pack's clearance, so the schedule's view is left out.";
			return;
		}
	}
	PAPER_FOREACH(&g->pp, K_RISK, const struct risk, k) {
		if (k->activity && !isnan(k->schedule_impact_days) &&
		    !paper_visible(&g->pp, k->programme, k->project, k->marking)) {
			g->mc_why = "The schedule's risk events include risks above this pack's "
				    "clearance, so the schedule's view is left out.";
			return;
		}
	}
	g->mc_tried = 1;
	if (report_schedule_dca(g->pp.ds, g->day, &g->mc, &g->mc_iter, &err) < 0) {
		g->mc_why = report_printf(g->pp.r, "The schedule could not be simulated: %s.",
					  paper_trim_stop(&g->pp, error_text(&err, msg, sizeof(msg))));
		return;
	}
	g->mc_ran = 1;
}

/*
 * A pack is written whenever someone asks for it, so the run must not
 * grow with the network without bound: the simulation costs about the
 * same per activity-iteration, and at 1,000 iterations a chance is still
 * known to within about 3 percentage points (95%), against bands 20
 * points wide. The pack says how many it ran.
 */
size_t
report_pmg_iterations(const struct dataset *ds)
{
	size_t nact = dataset_count(ds, K_ACTIVITY);
	double fit;

	if (nact == 0 || (double)nact * MC_ITERATIONS <= MC_WORK)
		return MC_ITERATIONS;
	fit = floor(MC_WORK / (double)nact / 1000.0) * 1000.0;
	return fit < MC_MIN_ITERATIONS ? MC_MIN_ITERATIONS : (size_t)fit;
}

static const struct mc_dca_programme *
mc_of(const struct pmg *g, const char *code)
{
	if (!g->mc_ran)
		return NULL;
	for (size_t i = 0; i < g->mc.nprog; i++)
		if (strcmp(g->mc.prog[i].programme, code) == 0)
			return g->mc.prog[i].nmilestones ? &g->mc.prog[i] : NULL;
	return NULL;
}

/* "27%" */
static const char *
pct_text(struct pmg *g, double p)
{
	return report_printf(g->pp.r, "%.0f%%", p * 100.0);
}

/* --- words ------------------------------------------------------------- */

static const char *
days_text(struct pmg *g, long n)
{
	return report_printf(g->pp.r, "%ld %s", n, n == 1 ? "day" : "days");
}

/* "1.5%", "3%" */
static const char *
percent1(struct pmg *g, double v)
{
	double r = round(v * 10.0) / 10.0;

	return report_printf(g->pp.r, r == floor(r) ? "%.0f%%" : "%.1f%%", fabs(r));
}

static const char *
assessor_words(const char *assessor)
{
	if (assessor == NULL)
		return "assessment";
	if (strcmp(assessor, "independent") == 0)
		return "independent review";
	if (strcmp(assessor, "portfolio_office") == 0)
		return "portfolio office assessment";
	if (strcmp(assessor, "sro") == 0)
		return "SRO's assessment";
	return assessor;
}

/* "Amber/Green at 28 February 2018, unchanged" and the like. */
static void
rating_then(struct pmg *g, struct report_inline *in, const char *then,
	    const char *now, int32_t day)
{
	struct report *r = g->pp.r;
	int a = paper_rating_rank(then), b = paper_rating_rank(now);

	if (then == NULL) {
		report_addf(r, in, RS_PLAIN, "not rated at %s", paper_day(&g->pp, day));
		return;
	}
	report_add(r, in, RS_RATING, then);
	report_addf(r, in, RS_PLAIN, " at %s", paper_day(&g->pp, day));
	if (a < 0 || b < 0)
		return;
	report_add(r, in, RS_PLAIN, a == b ? "; unchanged since" :
		   b < a ? "; it has improved since" : "; it has worsened since");
}

struct moves {
	long up, down, same, fresh, unrated;
};

static void
count_moves(const struct pmg *g, int quarter, struct moves *mv)
{
	memset(mv, 0, sizeof(*mv));
	for (size_t i = 0; i < g->nprogs; i++) {
		const struct pprog *pg = &g->progs[i];
		int a = paper_rating_rank(quarter ? pg->quarter : pg->last);
		int b = paper_rating_rank(pg->now);

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

/* "Since 28 February 2018 delivery confidence improved: ..." */
static void
movement_sentence(struct pmg *g, struct report_inline *in, int quarter)
{
	struct report *r = g->pp.r;
	struct moves mv;
	const char *verdict;

	count_moves(g, quarter, &mv);
	verdict = mv.up > mv.down ? "improved" : mv.down > mv.up ? "worsened" :
		  mv.up ? "was mixed" : "held steady";
	report_addf(r, in, RS_PLAIN,
		    "Since %s (%s), delivery confidence %s: %s up, %s down and %s unchanged",
		    paper_day(&g->pp, quarter ? g->q_day : g->last_day),
		    quarter ? "the end of the last quarter" : "the end of the last period",
		    verdict,
		    paper_count(&g->pp, mv.up, "programme moved", "programmes moved"),
		    mv.down ? report_printf(r, "%s moved", paper_num_word(&g->pp, mv.down)) :
			      "none moved",
		    mv.same ? paper_count(&g->pp, mv.same, "was", "were") : "none was");
	if (mv.fresh)
		report_addf(r, in, RS_PLAIN, "; %s rated for the first time",
			    paper_count(&g->pp, mv.fresh, "was", "were"));
	if (mv.unrated)
		report_addf(r, in, RS_PLAIN, "; %s not rated",
			    paper_count(&g->pp, mv.unrated, "programme is", "programmes are"));
	report_add(r, in, RS_PLAIN, ".");
}

/*
 * Projects of pg rated worse than it at the end of the period (every rated
 * project when the programme is not rated), into cell; "none" if none.
 */
static int
worse_projects(struct pmg *g, struct report_inline *cell, const struct pprog *pg)
{
	struct report *r = g->pp.r;
	int own = paper_rating_rank(pg->now), any = 0;

	PAPER_FOREACH(&g->pp, K_PROJECT, const struct project, pj) {
		struct rating_at at;
		const char *rating;
		int rank;

		if (!pj->programme || strcmp(pj->programme, pg->p->code) != 0 ||
		    !paper_proj_ok(&g->pp, pj->code))
			continue;
		if (pj->lifecycle && strcmp(pj->lifecycle, "closed") == 0 &&
		    pj->end_date && pj->end_date <= g->day)
			continue;
		if (rating_project_at(g->pp.ds, pj->code, g->day, &at, g->pp.err) < 0)
			return -1;
		rating = paper_rating_text(&g->pp, at.rating);
		if ((rank = paper_rating_rank(rating)) < 0 || (own >= 0 && rank <= own))
			continue;
		paper_use(&g->pp, pg->p->code, pj->code, pj->marking);
		if (any++)
			report_add(r, cell, RS_PLAIN, "; ");
		report_addf(r, cell, RS_PLAIN, "%s: ", pj->name);
		report_add(r, cell, RS_RATING, rating);
	}
	if (!any)
		report_add(r, cell, RS_PLAIN, "none");
	return 0;
}

/* --- the header --------------------------------------------------------- */

static void
header(struct pmg *g)
{
	struct report *r = g->pp.r;
	const struct portfolio *pf = paper_portfolio(&g->pp);
	const struct organisation *org = dataset_org(g->pp.ds);

	PAPER_FOREACH(&g->pp, K_PORTFOLIO, const struct portfolio, p)
		if (paper_mark_ok(&g->pp, p->marking))
			report_mark(r, p->marking);
	if (pf) {
		r->title = report_printf(r, "%s: Portfolio Management Group pack", pf->name);
		if (pf->owner && pf->directorate)
			r->author = report_printf(r, "%s, %s", pf->owner, pf->directorate);
		else
			report_set(r, &r->author, pf->owner ? pf->owner : pf->directorate);
	} else {
		report_set(r, &r->title, "Change portfolio: Portfolio Management Group pack");
	}
	if (org)
		report_set(r, &r->organisation, org->name);
	report_set(r, &r->board, "Portfolio Management Group");
	r->subtitle = report_printf(r, "Monthly pack for %s", paper_month(&g->pp, g->month));
	r->date = g->day;
	r->toc = 1;
}

/* --- 1. the portfolio summary ----------------------------------------- */

static void
sec_intro(struct pmg *g, struct report_section *s)
{
	struct report *r = g->pp.r;
	struct report_inline *in = report_para(r, s);
	const char **missing = xcalloc(g->nprogs ? g->nprogs : 1, sizeof(*missing));
	size_t nmiss = 0;

	report_addf(r, in, RS_PLAIN,
		    "This pack reports %s to the Portfolio Management Group for %s: "
		    "delivery confidence across its %s and how it has moved, the "
		    "exceptions of the month and the key milestones of the next three "
		    "months; then a dashboard for each programme (section 2) and the "
		    "schedule's own view of delivery confidence (section 3).",
		    paper_portfolio_name(&g->pp), paper_month(&g->pp, g->month),
		    paper_count(&g->pp, (long)g->nprogs, "active programme", "active programmes"));
	for (size_t i = 0; i < g->nprogs; i++)
		if (g->progs[i].rt == NULL)
			missing[nmiss++] = g->progs[i].p->name;
	/* returns are submitted, programmes submit them */
	in = report_para(r, s);
	if (g->nprogs == 0)
		report_addf(r, in, RS_PLAIN, "No return is due for %s: no programme is active.",
			    paper_month(&g->pp, g->month));
	else if (nmiss == 0 && g->nprogs == 1)
		report_addf(r, in, RS_PLAIN,
			    "The one active programme has submitted its return for %s.",
			    paper_month(&g->pp, g->month));
	else if (nmiss == 0 && g->nprogs == 2)
		report_addf(r, in, RS_PLAIN,
			    "Both active programmes have submitted their return for %s.",
			    paper_month(&g->pp, g->month));
	else if (nmiss == 0)
		report_addf(r, in, RS_PLAIN,
			    "All %s active programmes have submitted their return for %s.",
			    paper_num_word(&g->pp, (long)g->nprogs), paper_month(&g->pp, g->month));
	else if (nmiss == g->nprogs)
		report_addf(r, in, RS_PLAIN,
			    "No return for %s has been submitted yet; still to come from %s.",
			    paper_month(&g->pp, g->month), paper_join_and(&g->pp, missing, nmiss));
	else
		report_addf(r, in, RS_PLAIN,
			    "%s of the %s %s for %s; still to come from %s.",
			    paper_cap(&g->pp, paper_num_word(&g->pp, (long)(g->nprogs - nmiss))),
			    paper_count(&g->pp, (long)g->nprogs, "active programme",
					"active programmes"),
			    g->nprogs - nmiss == 1 ? "has submitted its return" :
			    "have submitted their return",
			    paper_month(&g->pp, g->month), paper_join_and(&g->pp, missing, nmiss));
	free(missing);
}

static int
sec_confidence(struct pmg *g)
{
	struct report *r = g->pp.r;
	struct report_section *s = report_section(r, 2, "1.1", "Delivery confidence");
	static const enum report_align al6[] = {
		RA_LEFT, RA_RIGHT, RA_RIGHT, RA_RIGHT, RA_RIGHT, RA_RIGHT
	};
	long now[8] = { 0 }, last[8] = { 0 }, qtr[8] = { 0 };
	const char *hdr[6], **codes, **lowest;
	size_t nlow = 0;
	int worst = -1, rc = -1;
	struct report_block *t;
	struct report_inline *in, *row;

	codes = xcalloc(g->nprogs ? g->nprogs : 1, sizeof(*codes));
	lowest = xcalloc(g->nprogs ? g->nprogs : 1, sizeof(*lowest));
	for (size_t i = 0; i < g->nprogs; i++) {
		const struct pprog *pg = &g->progs[i];
		int a = pg->now ? enum_index(dca_values, pg->now) : 6;
		int b = pg->last ? enum_index(dca_values, pg->last) : 6;
		int c = pg->quarter ? enum_index(dca_values, pg->quarter) : 6;

		paper_use(&g->pp, pg->p->code, NULL, NULL);
		now[a < 0 ? 6 : a]++;
		last[b < 0 ? 6 : b]++;
		qtr[c < 0 ? 6 : c]++;
		codes[i] = pg->p->code;
		if (paper_rating_rank(pg->now) > worst)
			worst = paper_rating_rank(pg->now);
	}

	in = report_para(r, s);
	report_addf(r, in, RS_PLAIN,
		    "The portfolio's delivery confidence is the spread of its programmes' "
		    "own ratings, never an average. At %s:",
		    paper_day(&g->pp, g->day));
	hdr[0] = "Rating";
	hdr[1] = paper_day(&g->pp, g->day);
	hdr[2] = paper_day(&g->pp, g->last_day);
	hdr[3] = "Change in the month";
	hdr[4] = paper_day(&g->pp, g->q_day);
	hdr[5] = "Change in the quarter";
	t = report_table(r, s, "Programmes by delivery confidence rating", 6, hdr, al6, 1);
	for (int i = 0; dca_values[i]; i++) {
		if (i == 5 && !now[i] && !last[i] && !qtr[i])
			continue;	/* Exempt: only when someone is */
		if (g->pp.scale == SCALE_THREE && (i == 1 || i == 3) && !now[i] && !last[i] && !qtr[i])
			continue;
		row = report_row(r, t);
		report_add(r, &row[0], i < 5 ? RS_RATING : RS_PLAIN, dca_values[i]);
		report_addf(r, &row[1], RS_PLAIN, "%ld", now[i]);
		report_addf(r, &row[2], RS_PLAIN, "%ld", last[i]);
		report_add(r, &row[3], RS_PLAIN, paper_signed(&g->pp, now[i] - last[i]));
		report_addf(r, &row[4], RS_PLAIN, "%ld", qtr[i]);
		report_add(r, &row[5], RS_PLAIN, paper_signed(&g->pp, now[i] - qtr[i]));
	}
	row = report_row(r, t);
	report_add(r, &row[0], RS_STRONG, "Total");
	report_addf(r, &row[1], RS_STRONG, "%zu", g->nprogs);
	report_addf(r, &row[2], RS_STRONG, "%zu", g->nprogs);
	report_addf(r, &row[4], RS_STRONG, "%zu", g->nprogs);

	movement_sentence(g, report_para(r, s), 0);
	movement_sentence(g, report_para(r, s), 1);
	if (worst >= 0) {
		for (size_t i = 0; i < g->nprogs; i++)
			if (paper_rating_rank(g->progs[i].now) == worst)
				lowest[nlow++] = g->progs[i].p->name;
		in = report_para(r, s);
		report_add(r, in, RS_PLAIN, "The lowest rating held is ");
		report_add(r, in, RS_RATING, dca_values[worst]);
		report_addf(r, in, RS_PLAIN, ", by %s: %s.",
			    paper_count(&g->pp, (long)nlow, "programme", "programmes"),
			    paper_join_and(&g->pp, lowest, nlow));
		if (worst < 3)
			report_add(r, in, RS_PLAIN, " No programme is rated Amber/Red or Red.");
	}
	if (paper_chart_dca(&g->pp, s, codes, g->nprogs, g->month, HISTORY, NULL) < 0)
		goto out;

	{
		static const char *const h2[] = {
			"Programme", "Rating", "Last period", "Last quarter", "SRO's own",
			"Projects rated worse"
		};

		t = report_table(r, s, "Delivery confidence by programme", 6,
				 (const char *const *)h2, NULL, 1);
		for (size_t i = 0; i < g->nprogs; i++) {
			const struct pprog *pg = &g->progs[i];
			const char *sro = pg->rt ? pg->rt->sro_dca : NULL;

			row = report_row(r, t);
			report_add(r, &row[0], RS_PLAIN, pg->p->name);
			report_add(r, &row[1], pg->now ? RS_RATING : RS_PLAIN,
				   pg->now ? pg->now : "not rated");
			report_add(r, &row[2], pg->last ? RS_RATING : RS_PLAIN,
				   pg->last ? pg->last : "not rated");
			report_add(r, &row[3], pg->quarter ? RS_RATING : RS_PLAIN,
				   pg->quarter ? pg->quarter : "not rated");
			report_add(r, &row[4], sro ? RS_RATING : RS_PLAIN, sro ? sro : "not given");
			if (worse_projects(g, &row[5], pg) < 0)
				goto out;
		}
	}
	report_add(r, report_note(r, s, "Roll-up rule"), RS_PLAIN, ROLLUP_RULE);
	rc = 0;
out:
	free(codes);
	free(lowest);
	return rc;
}

static int
cmp_exc_code(const void *a, const void *b)
{
	const struct exception *x = *(const struct exception *const *)a;
	const struct exception *y = *(const struct exception *const *)b;
	int c = paper_cmp_i32(x->period, y->period);

	return c ? c : strcmp(x->code, y->code);
}

/* One exception in a list: "Programme: time tolerance breached (EX, status)." */
static void
exception_item(struct pmg *g, struct report_block *list, const struct exception *x,
	       int with_month)
{
	struct report *r = g->pp.r;
	struct report_inline *in = report_item(r, list);

	paper_use(&g->pp, x->programme, NULL, x->marking);
	report_add(r, in, RS_STRONG, paper_prog_name(&g->pp, x->programme));
	report_addf(r, in, RS_PLAIN, ": %s (%s%s%s%s%s).",
		    paper_exception_words(&g->pp, x->dimension, x->type), x->code,
		    with_month ? ", reported " : "",
		    with_month ? paper_month(&g->pp, x->period) : "",
		    x->status ? ", " : "", x->status ? x->status : "");
	if (x->evidence) {
		report_add(r, in, RS_PLAIN, " ");
		paper_sentence(r, in, x->evidence);
	}
}

/* The worst finding for a programme and dimension: 2 breach, 1 forecast, 0. */
static int
finding_level(const struct pmg *g, const char *programme, enum tol_dim d)
{
	int lvl = 0;

	for (size_t i = 0; i < g->tol.nfindings; i++) {
		const struct finding *f = &g->tol.findings[i];

		if (f->dim != d || strcmp(f->programme, programme) != 0)
			continue;
		if (f->type == FINDING_BREACH)
			return 2;
		lvl = 1;
	}
	return lvl;
}

static void
sec_exceptions(struct pmg *g)
{
	struct report *r = g->pp.r;
	struct report_section *s = report_section(r, 2, "1.2", "Exceptions and tolerances");
	struct picks now = { NULL, 0, 0 }, older = { NULL, 0, 0 };
	struct report_block *list, *t;
	struct report_inline *in, *row;
	size_t nnew = 0;
	const char *hdr[1 + TOL__COUNT];

	PAPER_FOREACH(&g->pp, K_EXCEPTION, const struct exception, x) {
		if (!paper_visible(&g->pp, x->programme, NULL, x->marking) || x->period > g->month)
			continue;
		if (x->period == g->month)
			paper_pick(&now, x);
		else if (paper_exception_open(x))
			paper_pick(&older, x);
	}
	paper_picks_sort(&now, cmp_exc_code);
	paper_picks_sort(&older, cmp_exc_code);
	for (size_t i = 0; i < g->tol.nexceptions; i++)
		if (paper_visible(&g->pp, g->tol.exceptions[i].programme, NULL,
				  g->tol.exceptions[i].marking))
			nnew++;

	in = report_para(r, s);
	if (now.n == 0 && nnew == 0) {
		report_addf(r, in, RS_PLAIN,
			    "No programme went outside tolerance, or was forecast to, in %s.",
			    paper_month(&g->pp, g->month));
	} else {
		report_addf(r, in, RS_PLAIN, "In %s, %s recorded",
			    paper_month(&g->pp, g->month),
			    paper_count(&g->pp, (long)now.n, "exception was", "exceptions were"));
		if (nnew)
			report_addf(r, in, RS_PLAIN,
				    " and folio's tolerance measures find %s not yet recorded",
				    paper_count(&g->pp, (long)nnew, "more", "more"));
		report_add(r, in, RS_PLAIN,
			   ". Each goes to the Portfolio Investment Board in its exception "
			   "report, with its cause, options and recommendation.");
	}
	if (now.n) {
		report_addf(r, report_para(r, s), RS_PLAIN, "Recorded for %s:",
			    paper_month(&g->pp, g->month));
		list = report_bullets(r, s);
		for (size_t i = 0; i < now.n; i++)
			exception_item(g, list, now.v[i], 0);
	}
	if (nnew) {
		report_add(r, report_para(r, s), RS_PLAIN,
			   "Found by folio's tolerance measures and not yet recorded:");
		list = report_bullets(r, s);
		for (size_t i = 0; i < g->tol.nexceptions; i++) {
			const struct exception *x = &g->tol.exceptions[i];

			if (!paper_visible(&g->pp, x->programme, NULL, x->marking))
				continue;
			exception_item(g, list, x, 0);
		}
	}
	if (older.n) {
		report_add(r, report_para(r, s), RS_PLAIN, "Still open from earlier months:");
		list = report_bullets(r, s);
		for (size_t i = 0; i < older.n; i++)
			exception_item(g, list, older.v[i], 1);
	}

	in = report_para(r, s);
	report_addf(r, in, RS_PLAIN,
		    "Each programme against its tolerances at %s, as folio measures them "
		    "(docs/assessment.md); a dimension with no tolerance set is not measured:",
		    paper_day(&g->pp, g->day));
	hdr[0] = "Programme";
	for (int d = 0; d < TOL__COUNT; d++)
		hdr[1 + d] = paper_cap(&g->pp, tol_dim_name((enum tol_dim)d));
	t = report_table(r, s, "Tolerance status by programme", 1 + TOL__COUNT, hdr, NULL, 1);
	for (size_t i = 0; i < g->nprogs; i++) {
		const struct programme *p = g->progs[i].p;

		row = report_row(r, t);
		report_add(r, &row[0], RS_PLAIN, p->name);
		for (int d = 0; d < TOL__COUNT; d++) {
			int lvl = finding_level(g, p->code, (enum tol_dim)d);

			if (lvl == 2)
				report_add(r, &row[1 + d], RS_STRONG, "breach");
			else if (lvl == 1)
				report_add(r, &row[1 + d], RS_STRONG, "forecast breach");
			else if (tolerance_for(g->pp.ds, p->code, (enum tol_dim)d) == NULL)
				report_add(r, &row[1 + d], RS_PLAIN, "not set");
			else
				report_add(r, &row[1 + d], RS_PLAIN, "within");
		}
	}
	/*
	 * Scope and quality findings rest on issues and exceptions the
	 * programme raised itself, so no exception is proposed for them
	 * (assess_exceptions_from_findings): say so, or the table's
	 * "forecast breach" would have no exception anywhere in the papers.
	 */
	{
		const char **own = xcalloc(2 * g->nprogs + 1, sizeof(*own));
		size_t nown = 0;

		for (size_t i = 0; i < g->nprogs; i++)
			for (int d = TOL_SCOPE; d <= TOL_QUALITY; d++)
				if (finding_level(g, g->progs[i].p->code, (enum tol_dim)d) > 0)
					own[nown++] = report_printf(r, "%s (%s)",
						g->progs[i].p->name, tol_dim_name((enum tol_dim)d));
		if (nown)
			report_addf(r, report_para(r, s), RS_PLAIN,
				    "Scope and quality are measured on the issues and exceptions "
				    "the programmes have raised themselves, so folio proposes no "
				    "new exception for them; the %s shows what it finds for %s.",
				    nown == 1 ? "programme's dashboard" : "programmes' dashboards",
				    paper_join_and(&g->pp, own, nown));
		free(own);
	}
	free(now.v);
	free(older.v);
}

/* A milestone's standing at the month, for its status cell. */
static void
ms_status(struct pmg *g, struct report_inline *in, const struct slip_item *it)
{
	struct report *r = g->pp.r;

	if (it->actual) {
		if (!it->measurable || it->slip_days == 0)
			report_add(r, in, RS_PLAIN, it->measurable ? "achieved on its baseline date" :
				   "achieved");
		else
			report_addf(r, in, RS_PLAIN, "achieved %s %s",
				    days_text(g, labs((long)it->slip_days)),
				    it->slip_days > 0 ? "late" : "early");
	} else if (it->stale) {
		report_add(r, in, RS_STRONG, "overdue");
		report_add(r, in, RS_PLAIN, ": its forecast has passed and no completion is reported");
	} else if (!it->measurable) {
		report_add(r, in, RS_PLAIN, "not yet baselined");
	} else if (it->slip_days > 0) {
		report_addf(r, in, RS_STRONG, "late by %s", days_text(g, (long)it->slip_days));
	} else {
		report_add(r, in, RS_PLAIN, "on track");
	}
}

static int
cmp_slip_when(const void *a, const void *b)
{
	const struct slip_item *x = *(const struct slip_item *const *)a;
	const struct slip_item *y = *(const struct slip_item *const *)b;
	int32_t dx = x->actual ? x->actual : x->forecast, dy = y->actual ? y->actual : y->forecast;
	int c = paper_cmp_i32(dx, dy);

	return c ? c : strcmp(x->code, y->code);
}

/* May the reader see this milestone or decision? Worked out once per item. */
static int
ms_visible(const struct pmg *g, const struct slip_item *it)
{
	signed char *v = &g->visible[it - g->slips.items];

	if (*v < 0) {
		if (it->kind == K_MILESTONE) {
			const struct milestone *m = it->rec;

			*v = (signed char)paper_visible(&g->pp, m->programme, m->project, m->marking);
		} else {
			*v = (signed char)paper_visible(&g->pp, it->programme, NULL,
							((const struct decision *)it->rec)->marking);
		}
	}
	return *v;
}

/* One of the active programmes the pack reports on. */
static int
is_reporting(const struct pmg *g, const char *code)
{
	return prog_index(g, code) >= 0;
}

static const char *
date_or(struct pmg *g, int32_t d, const char *none)
{
	return d ? paper_day(&g->pp, d) : none;
}

static void
sec_lookahead(struct pmg *g)
{
	struct report *r = g->pp.r;
	struct report_section *s = report_section(r, 2, "1.3", "Key milestones of the next three months");
	static const char *const hdr[] = {
		"Milestone", "Programme", "Forecast", "Baseline in force", "Status"
	};
	int32_t from = g->day + 1, to = month_last_day(g->month + 3);
	struct picks sel = { NULL, 0, 0 };
	struct report_block *t;
	struct report_inline *in, *row;
	char a[32], b[32];

	for (size_t i = 0; i < g->slips.n; i++) {
		const struct slip_item *it = &g->slips.items[i];

		if (it->kind != K_MILESTONE || !it->key || it->actual || !ms_visible(g, it) ||
		    !is_reporting(g, it->programme))
			continue;
		if (it->stale || (it->forecast >= from && it->forecast <= to))
			paper_pick(&sel, it);
	}
	paper_picks_sort(&sel, cmp_slip_when);
	in = report_para(r, s);
	if (sel.n == 0) {
		report_addf(r, in, RS_PLAIN, "No key milestone is forecast from %s to %s.",
			    date_format_long(from, a), date_format_long(to, b));
		free(sel.v);
		return;
	}
	report_addf(r, in, RS_PLAIN,
		    "%s forecast from %s to %s, with any whose forecast has passed "
		    "without a reported completion, soonest first:",
		    paper_cap(&g->pp, paper_count(&g->pp, (long)sel.n, "key milestone is",
						  "key milestones are")),
		    date_format_long(from, a), date_format_long(to, b));
	t = report_table(r, s, "Key milestones due", 5, hdr, NULL, 1);
	for (size_t i = 0; i < sel.n; i++) {
		const struct slip_item *it = sel.v[i];
		const struct milestone *m = it->rec;

		paper_use(&g->pp, m->programme, m->project, m->marking);
		row = report_row(r, t);
		report_add(r, &row[0], RS_PLAIN, m->name);
		report_add(r, &row[1], RS_PLAIN, paper_prog_name(&g->pp, m->programme));
		report_add(r, &row[2], RS_PLAIN, date_or(g, it->forecast, "none"));
		report_add(r, &row[3], RS_PLAIN, date_or(g, it->base.date, "none"));
		ms_status(g, &row[4], it);
	}
	free(sel.v);
}

/* --- 2. the programme dashboards ---------------------------------------- */

static int
dash_rating(struct pmg *g, struct report_section *s, const struct pprog *pg)
{
	struct report *r = g->pp.r;
	struct report_block *kv = report_kv(r, s);
	struct report_inline *in;
	const char *sro = pg->rt ? pg->rt->sro_dca : NULL;
	const struct mc_dca_programme *mc = mc_of(g, pg->p->code);

	in = report_kv_item(r, kv, "Delivery confidence");
	if (pg->now) {
		report_add(r, in, RS_RATING, pg->now);
		if (pg->at.source == K_RETURN)
			report_addf(r, in, RS_PLAIN, " (from the %s return)",
				    paper_month(&g->pp, month_of_date(pg->at.date)));
		else
			report_addf(r, in, RS_PLAIN, " (%s, %s)", assessor_words(pg->at.assessor),
				    paper_day(&g->pp, pg->at.date));
	} else {
		report_addf(r, in, RS_PLAIN, "not rated by %s", paper_day(&g->pp, g->day));
	}
	in = report_kv_item(r, kv, "SRO's own rating");
	if (sro) {
		int a = paper_rating_rank(sro), b = paper_rating_rank(pg->now);

		report_add(r, in, RS_RATING, sro);
		report_addf(r, in, RS_PLAIN, " (%s return)", paper_month(&g->pp, g->month));
		if (a >= 0 && b >= 0 && a != b)
			report_add(r, in, RS_PLAIN, a < b ? ", more confident than the assessed rating" :
				   ", less confident than the assessed rating");
	} else {
		report_addf(r, in, RS_PLAIN, "not given for %s", paper_month(&g->pp, g->month));
	}
	in = report_kv_item(r, kv, "Last period");
	rating_then(g, in, pg->last, pg->now, g->last_day);
	in = report_kv_item(r, kv, "Last quarter");
	rating_then(g, in, pg->quarter, pg->now, g->q_day);
	in = report_kv_item(r, kv, "Projects rated worse");
	if (worse_projects(g, in, pg) < 0)
		return -1;
	if (mc) {
		in = report_kv_item(r, kv, "From the schedule");
		report_add(r, in, RS_RATING, mc_dca_band_name(mc->band));
		report_addf(r, in, RS_PLAIN, " (a %s chance of meeting %s; section 3)",
			    pct_text(g, mc->p),
			    mc->nmilestones == 1 ? "the baseline of its key milestone still to come" :
			    report_printf(r, "the baselines of all %zu key milestones still to come",
					  mc->nmilestones));
		if (mc->disagree) {
			report_add(r, in, RS_PLAIN, "; ");
			report_add(r, in, RS_STRONG, "more than one band from the judged rating");
		}
	}
	if (pg->p->sro)
		report_add(r, report_kv_item(r, kv, "Senior responsible owner"), RS_PLAIN, pg->p->sro);
	if (pg->p->manager)
		report_add(r, report_kv_item(r, kv, "Programme manager"), RS_PLAIN, pg->p->manager);
	return 0;
}

static void
dash_return(struct pmg *g, const struct pprog *pg)
{
	struct report *r = g->pp.r;
	struct report_section *s = report_section(r, 3, NULL,
		report_printf(r, "Return for %s", paper_month(&g->pp, g->month)));
	const struct monthly_return *rt = pg->rt;
	struct report_inline *in;

	if (rt == NULL) {
		const struct monthly_return *prev = return_in(g, pg->p->code, 1,
								    g->month - 1, 0);

		in = report_para(r, s);
		report_addf(r, in, RS_PLAIN, "No return for %s has been submitted.",
			    paper_month(&g->pp, g->month));
		if (prev)
			report_addf(r, in, RS_PLAIN, " The latest is for %s.",
				    paper_month(&g->pp, prev->period));
		return;
	}
	/* The headline stands under the programme's name, above. */
	report_paras(r, s, rt->commentary);
	if (rt->achievements) {
		in = report_para(r, s);
		report_add(r, in, RS_EMPH, "Achieved:");
		report_add(r, in, RS_PLAIN, " ");
		paper_sentence(r, in, rt->achievements);
	}
	if (rt->next_period) {
		in = report_para(r, s);
		report_add(r, in, RS_EMPH, "Next period:");
		report_add(r, in, RS_PLAIN, " ");
		paper_sentence(r, in, rt->next_period);
	}
	if (rt->version > 1) {
		in = report_para(r, s);
		report_addf(r, in, RS_EMPH, "Corrected: this is version %lld of the return.",
			    (long long)rt->version);
	}
}

/* The date a forecast row gives: its forecast, else its actual. */
static int32_t
mf_date(const struct milestone_forecast *mf)
{
	return mf->forecast_date ? mf->forecast_date : mf->actual_date;
}

/* A milestone the trend chart may draw, with how far its forecast moved. */
struct slip_pick {
	const struct slip_item *it;
	void *const *rows;		/* its forecast rows */
	size_t nrows;
	int32_t spread;			/* latest minus earliest date reported */
	size_t order;			/* its place in the slip list */
};

static int
cmp_spread(const void *a, const void *b)
{
	const struct slip_pick *x = a, *y = b;

	if (x->spread != y->spread)
		return x->spread > y->spread ? -1 : 1;
	return strcmp(x->it->code, y->it->code);
}

static int
cmp_order(const void *a, const void *b)
{
	const struct slip_pick *x = a, *y = b;

	return (x->order > y->order) - (x->order < y->order);
}

/*
 * The milestone trend chart of a programme: its key milestones with
 * forecasts reported in the last HISTORY periods, each milestone's
 * forecast as reported period by period, from the first period with a
 * report to this one. A trend chart is read milestone by milestone, so it
 * holds the key milestones only, and at most SLIP_CHART_MAX of them (those
 * whose forecasts moved most); the note says how many more have
 * forecasts, and the tables above the chart list every milestone that is
 * late against its baseline.
 */
static void
slip_chart(struct pmg *g, struct report_section *s, const struct pprog *pg)
{
	int32_t first = g->month;
	size_t nm = 0, ns = 0, alloc = 0, nother = 0, nmore = 0;
	struct slip_pick *pick = NULL;
	struct chart_category *cat = NULL;
	struct chart_series *ser = NULL;
	int32_t *dates = NULL;
	struct chart c;
	const char *note;

	const struct picks *mine = &g->by_prog[pg - g->progs];

	for (size_t i = 0; i < mine->n; i++) {
		const struct slip_item *it = mine->v[i];
		void *const *rows;
		size_t nrows;
		int32_t lo = 0, hi = 0, from = first;
		int any = 0;

		if (it->kind != K_MILESTONE || !ms_visible(g, it))
			continue;
		nrows = key_run(g, K_MILESTONE_FORECAST, it->code, &rows);
		for (size_t k = 0; k < nrows; k++) {
			const struct milestone_forecast *mf = rows[k];
			int32_t d = mf_date(mf);

			if (mf->period > g->month || mf->period <= g->month - HISTORY || !d)
				continue;
			if (!any || d < lo)
				lo = d;
			if (!any || d > hi)
				hi = d;
			any = 1;
			if (mf->period < from)
				from = mf->period;
		}
		if (!any)
			continue;
		if (!it->key) {
			nother++;
			continue;
		}
		if (from < first)
			first = from;
		ALLOC_GROW(pick, ns + 1, alloc);
		pick[ns++] = (struct slip_pick){ it, rows, nrows, hi - lo, i };
	}
	if (ns == 0)
		goto out;
	if (ns > SLIP_CHART_MAX) {
		qsort(pick, ns, sizeof(*pick), cmp_spread);
		nmore = ns - SLIP_CHART_MAX;
		ns = SLIP_CHART_MAX;
		qsort(pick, ns, sizeof(*pick), cmp_order);
		/* the window opens at the first report of a milestone drawn */
		first = g->month;
		for (size_t i = 0; i < ns; i++)
			for (size_t k = 0; k < pick[i].nrows; k++) {
				const struct milestone_forecast *mf = pick[i].rows[k];

				if (mf->period <= g->month && mf->period > g->month - HISTORY &&
				    mf_date(mf) && mf->period < first)
					first = mf->period;
			}
	}
	nm = (size_t)(g->month - first + 1);
	cat = xcalloc(nm, sizeof(*cat));
	ser = xcalloc(ns, sizeof(*ser));
	dates = xcalloc(ns * nm, sizeof(*dates));
	for (size_t k = 0; k < nm; k++)
		cat[k].month = first + (int32_t)k;
	for (size_t i = 0; i < ns; i++) {
		const struct milestone *m = pick[i].it->rec;

		paper_use(&g->pp, m->programme, m->project, m->marking);
		for (size_t k = 0; k < pick[i].nrows; k++) {
			const struct milestone_forecast *mf = pick[i].rows[k];

			if (mf->period >= first && mf->period <= g->month)
				dates[i * nm + (size_t)(mf->period - first)] = mf_date(mf);
		}
		ser[i].name = m->name;
		ser[i].dates = dates + i * nm;
		ser[i].n = nm;
		ser[i].baseline = pick[i].it->base.date;
	}
	note = "A flat line holds its date; a rising line is slipping. The diamond "
	       "is the baseline in force.";
	if (nmore)
		note = report_printf(g->pp.r, "%s Drawn: the %d key milestones whose forecasts "
				     "moved most; %s and %s also have forecasts in these "
				     "periods, and the tables above list those late against "
				     "their baseline.", note, SLIP_CHART_MAX,
				     paper_count(&g->pp, (long)nmore, "more key milestone",
						 "more key milestones"),
				     paper_count(&g->pp, (long)nother, "other milestone",
						 "other milestones"));
	else if (nother)
		note = report_printf(g->pp.r, "%s Key milestones only: %s of the programme also "
				     "%s forecasts in these periods, and the tables above list "
				     "those late against their baseline.", note,
				     paper_count(&g->pp, (long)nother, "other milestone",
						 "other milestones"),
				     nother == 1 ? "has" : "have");
	memset(&c, 0, sizeof(c));
	c.type = CHART_SLIP;
	c.title = "Milestone forecasts, period by period";
	c.subtitle = report_printf(g->pp.r, "%s: the date each return forecast for its key "
				   "milestones", pg->p->name);
	c.x_label = "Reporting period";
	c.y_label = "Forecast date";
	c.note = note;
	c.categories = cat;
	c.ncategories = nm;
	c.series = ser;
	c.nseries = ns;
	report_chart(g->pp.r, s, &c, NULL, 640, 400);
out:
	free(pick);
	free(cat);
	free(ser);
	free(dates);
}

/*
 * Decision slip d stands for milestone slip it: the decision names the
 * milestone it gates (decision.milestone); one that names none, as before
 * that link existed, has the milestone's programme, and its original and
 * current due dates are the milestone's baseline and forecast.
 */
static int
decision_gates(const struct slip_item *d, const struct slip_item *it)
{
	const struct decision *dec = d->rec;
	const struct milestone *m = it->rec;

	if (dec->milestone)
		return m->code && strcmp(dec->milestone, m->code) == 0;
	return d->programme && it->programme && strcmp(d->programme, it->programme) == 0 &&
	       d->base.date == it->base.date && d->forecast == it->forecast;
}

/*
 * A milestone a pending decision gates is the same slip told twice: the
 * decision, which names its board, is shown.
 */
static int
tracks_decision(const struct pmg *g, const struct slip_item *it)
{
	if (it->kind != K_MILESTONE)
		return 0;
	for (size_t i = 0; i < g->decisions.n; i++) {
		const struct slip_item *d = g->decisions.v[i];

		if (!d->actual && decision_gates(d, it) && ms_visible(g, d))
			return 1;
	}
	return 0;
}

static void
dash_milestones(struct pmg *g, const struct pprog *pg)
{
	struct report *r = g->pp.r;
	struct report_section *s = report_section(r, 3, NULL, "Milestones");
	static const char *const hdr1[] = {
		"Milestone", "Baseline in force", "Forecast", "Achieved", "Status"
	};
	static const char *const hdr2[] = {
		"Milestone or decision", "Baseline in force", "Forecast or achieved",
		"Days late", "Note"
	};
	static const enum report_align al2[] = { RA_LEFT, RA_LEFT, RA_LEFT, RA_RIGHT, RA_LEFT };
	int32_t from = month_first_day(g->month), to = month_last_day(g->month + 1);
	struct picks due = { NULL, 0, 0 }, slipped = { NULL, 0, 0 };
	struct report_block *t;
	struct report_inline *in, *row;
	char a[32], b[32];

	const struct picks *mine = &g->by_prog[pg - g->progs];

	for (size_t i = 0; i < mine->n; i++) {
		const struct slip_item *it = mine->v[i];
		int32_t when = it->actual ? it->actual : it->forecast;

		if (!ms_visible(g, it))
			continue;
		if (it->kind == K_MILESTONE && (it->stale || (when >= from && when <= to)))
			paper_pick(&due, it);
		if (it->measurable && it->slip_days > 0 && !(it->actual && it->actual < from) &&
		    !tracks_decision(g, it))
			paper_pick(&slipped, it);
	}
	paper_picks_sort(&due, cmp_slip_when);
	paper_picks_sort(&slipped, cmp_slip_when);

	in = report_para(r, s);
	if (due.n == 0) {
		report_addf(r, in, RS_PLAIN, "No milestone falls due in %s or %s.",
			    month_format_long(g->month, a), month_format_long(g->month + 1, b));
	} else {
		report_addf(r, in, RS_PLAIN, "Due in %s and %s, or overdue:",
			    month_format_long(g->month, a), month_format_long(g->month + 1, b));
		t = report_table(r, s, "Milestones due this period and next", 5, hdr1, NULL, 1);
		for (size_t i = 0; i < due.n; i++) {
			const struct slip_item *it = due.v[i];
			const struct milestone *m = it->rec;

			paper_use(&g->pp, m->programme, m->project, m->marking);
			row = report_row(r, t);
			report_add(r, &row[0], RS_PLAIN, m->name);
			if (m->key)
				report_add(r, &row[0], RS_EMPH, " (key)");
			report_add(r, &row[1], RS_PLAIN, date_or(g, it->base.date, "none"));
			report_add(r, &row[2], RS_PLAIN, date_or(g, it->forecast, "none"));
			report_add(r, &row[3], RS_PLAIN, date_or(g, it->actual, "not yet"));
			ms_status(g, &row[4], it);
		}
	}

	in = report_para(r, s);
	if (slipped.n == 0) {
		report_addf(r, in, RS_PLAIN,
			    "Nothing is late against the baseline in force at %s.",
			    paper_day(&g->pp, g->day));
	} else {
		report_addf(r, in, RS_PLAIN,
			    "Late against the baseline in force at %s (a stale forecast is "
			    "measured to that date):", paper_day(&g->pp, g->day));
		t = report_table(r, s, "Slipped milestones and decisions", 5, hdr2, al2, 1);
		for (size_t i = 0; i < slipped.n; i++) {
			const struct slip_item *it = slipped.v[i];
			int any = 0;

			if (it->kind == K_MILESTONE) {
				const struct milestone *m = it->rec;

				paper_use(&g->pp, m->programme, m->project, m->marking);
			} else {
				paper_use(&g->pp, it->programme, NULL,
					  ((const struct decision *)it->rec)->marking);
			}
			row = report_row(r, t);
			report_add(r, &row[0], RS_PLAIN, it->name);
			if (it->key)
				report_add(r, &row[0], RS_EMPH, " (key)");
			report_add(r, &row[1], RS_PLAIN, paper_day(&g->pp, it->base.date));
			report_add(r, &row[2], RS_PLAIN, it->actual ?
				   report_printf(r, "achieved %s", paper_day(&g->pp, it->actual)) :
				   date_or(g, it->forecast, "none"));
			report_addf(r, &row[3], RS_PLAIN, "%ld", (long)it->slip_days);
			if (it->kind == K_DECISION) {
				const struct decision *d = it->rec;

				report_addf(r, &row[4], RS_PLAIN, "decision%s%s", d->board ? " for " : "",
					    d->board ? d->board : "");
				any = 1;
			}
			if (it->base.rebaselined) {
				report_addf(r, &row[4], RS_PLAIN, "%sre-baselined by %s from %s",
					    any ? "; " : "", it->base.change_request,
					    paper_day(&g->pp, it->base.previous_date));
				any = 1;
			} else if (it->base.changed) {
				report_addf(r, &row[4], RS_PLAIN,
					    "%sbaseline moved from %s without an approved change request",
					    any ? "; " : "", paper_day(&g->pp, it->base.previous_date));
				any = 1;
			}
			if (it->stale) {
				report_add(r, &row[4], RS_PLAIN, any ? "; " : "");
				report_addf(r, &row[4], RS_PLAIN, "forecast of %s has passed",
					    paper_day(&g->pp, it->forecast));
				any = 1;
			}
			if (!any)
				report_add(r, &row[4], RS_PLAIN, "");
		}
	}
	slip_chart(g, s, pg);
	free(due.v);
	free(slipped.v);
}

static int
cmp_risk_score(const void *a, const void *b)
{
	const struct risk *x = *(const struct risk *const *)a;
	const struct risk *y = *(const struct risk *const *)b;
	int sx = risk_score(x->current_likelihood, x->current_impact);
	int sy = risk_score(y->current_likelihood, y->current_impact);

	if (sx != sy)
		return sx > sy ? -1 : 1;
	return strcmp(x->code, y->code);
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
dash_risks(struct pmg *g, const struct pprog *pg)
{
	struct report *r = g->pp.r;
	struct report_section *s = report_section(r, 3, NULL, "Risks and issues");
	static const char *const hdr[] = {
		"Ref", "Risk", "Current (L \xC3\x97 I)", "Since last period", "Owner",
		"Proximity"
	};
	struct picks risks = { NULL, 0, 0 }, issues = { NULL, 0, 0 };
	struct report_block *t, *list;
	struct report_inline *in, *row;
	struct risk_history h;
	struct risk_move mv;
	size_t shown;

	PAPER_FOREACH(&g->pp, K_RISK, const struct risk, k)
		if (k->programme && strcmp(k->programme, pg->p->code) == 0 &&
		    risk_open_at(k, g->day) && paper_visible(&g->pp, k->programme, k->project, k->marking))
			paper_pick(&risks, k);
	paper_picks_sort(&risks, cmp_risk_score);
	shown = risks.n < TOP_RISKS ? risks.n : TOP_RISKS;
	in = report_para(r, s);
	if (risks.n == 0) {
		report_add(r, in, RS_PLAIN, "No risks are open on the programme's register.");
	} else {
		report_addf(r, in, RS_PLAIN, "%s open on the programme's register",
			    paper_cap(&g->pp, paper_count(&g->pp, (long)risks.n, "risk is", "risks are")));
		if (shown < risks.n)
			report_addf(r, in, RS_PLAIN, "; the %s highest by current score:",
				    paper_num_word(&g->pp, (long)shown));
		else
			report_add(r, in, RS_PLAIN, ", highest current score first:");
		t = report_table(r, s, "Top risks", 6, hdr, NULL, 1);
		risk_history_build(&h, g->pp.ds);
		for (size_t i = 0; i < shown; i++) {
			const struct risk *k = risks.v[i];
			int score = risk_score(k->current_likelihood, k->current_impact);

			paper_use(&g->pp, k->programme, k->project, k->marking);
			row = report_row(r, t);
			report_add(r, &row[0], RS_PLAIN, k->code);
			report_add(r, &row[1], RS_PLAIN, k->title);
			if (score)
				report_addf(r, &row[2], RS_PLAIN, "%lld \xC3\x97 %lld = %d (%s)",
					    (long long)k->current_likelihood,
					    (long long)k->current_impact, score, paper_band(score));
			else
				report_add(r, &row[2], RS_PLAIN, "not scored");
			risk_move_between(&h, k, g->month - 1, g->month, &mv);
			report_add(r, &row[3], RS_PLAIN, paper_risk_move(&g->pp, &mv, g->month - 1));
			report_add(r, &row[4], RS_PLAIN, k->owner ? k->owner : "not assigned");
			report_add(r, &row[5], RS_PLAIN, date_or(g, k->proximity, "not set"));
		}
		risk_history_release(&h);
	}

	PAPER_FOREACH(&g->pp, K_ISSUE, const struct issue, is)
		if (is->programme && strcmp(is->programme, pg->p->code) == 0 &&
		    paper_issue_open(is, g->day) &&
		    paper_visible(&g->pp, is->programme, is->project, is->marking))
			paper_pick(&issues, is);
	paper_picks_sort(&issues, cmp_issue);
	in = report_para(r, s);
	if (issues.n == 0) {
		report_add(r, in, RS_PLAIN, "No issues are open.");
	} else {
		report_addf(r, in, RS_PLAIN, "%s, the most severe first:",
			    paper_cap(&g->pp, paper_count(&g->pp, (long)issues.n, "open issue",
							  "open issues")));
		list = report_bullets(r, s);
		for (size_t i = 0; i < issues.n; i++) {
			const struct issue *is = issues.v[i];

			paper_use(&g->pp, is->programme, is->project, is->marking);
			in = report_item(r, list);
			report_add(r, in, RS_STRONG, is->title);
			report_addf(r, in, RS_PLAIN, " (%s severity%s%s%s%s)",
				    is->severity ? is->severity : "unrated",
				    is->owner ? "; owner: " : "", is->owner ? is->owner : "",
				    is->raised ? "; raised " : "",
				    is->raised ? paper_day(&g->pp, is->raised) : "");
			if (is->description) {
				report_add(r, in, RS_PLAIN, ": ");
				paper_sentence(r, in, is->description);
			} else {
				report_add(r, in, RS_PLAIN, ".");
			}
		}
	}
	free(risks.v);
	free(issues.v);
}

static int64_t
sum2(int64_t a, int64_t b)
{
	if (a == INT_NONE && b == INT_NONE)
		return INT_NONE;
	return (a == INT_NONE ? 0 : a) + (b == INT_NONE ? 0 : b);
}

/* The spend chart: spend to date, forecast and budget across the year. */
static void
spend_chart(struct pmg *g, struct report_section *s, const struct pprog *pg, int fy,
	    int64_t budget)
{
	struct chart_category cat[12];
	double spend[12], fc[12], bud[12];
	struct chart_series ser[3];
	size_t ns = 0;
	int any = 0;
	int32_t first = fq_first_month(fy, 1);
	struct chart c;
	char buf[16];

	memset(cat, 0, sizeof(cat));
	for (int k = 0; k < 12; k++) {
		const struct monthly_return *rt = NULL;

		cat[k].month = first + k;
		if (cat[k].month <= g->month)
			rt = return_in(g, pg->p->code, cat[k].month, cat[k].month, 0);
		spend[k] = rt && rt->spend_to_date != INT_NONE ? (double)rt->spend_to_date : NAN;
		fc[k] = rt && rt->forecast != INT_NONE ? (double)rt->forecast : NAN;
		bud[k] = budget != INT_NONE ? (double)budget : NAN;
		any |= !isnan(spend[k]) || !isnan(fc[k]);
	}
	if (!any)
		return;
	memset(ser, 0, sizeof(ser));
	ser[ns++] = (struct chart_series){ .name = "Spent to date", .ink = CHART_INK_DARK_BLUE,
		.style = CHART_STYLE_BARS, .values = spend, .n = 12 };
	ser[ns++] = (struct chart_series){ .name = "Full-year forecast", .ink = CHART_INK_ORANGE,
		.style = CHART_STYLE_DASHED, .values = fc, .n = 12 };
	if (budget != INT_NONE)
		ser[ns++] = (struct chart_series){ .name = "Budget", .ink = CHART_INK_BLACK,
			.style = CHART_STYLE_LINE, .values = bud, .n = 12 };
	memset(&c, 0, sizeof(c));
	c.type = CHART_MONTHLY;
	c.title = report_printf(g->pp.r, "Spend against budget and forecast, %s", fy_label(fy, buf));
	c.subtitle = report_printf(g->pp.r, "%s: as each monthly return reported it", pg->p->name);
	c.x_label = "Month";
	c.y_label = "Pounds";
	c.value_prefix = "\xC2\xA3";
	c.categories = cat;
	c.ncategories = 12;
	c.series = ser;
	c.nseries = ns;
	report_chart(g->pp.r, s, &c, NULL, 640, 360);
}

static void
dash_spend(struct pmg *g, const struct pprog *pg)
{
	struct report *r = g->pp.r;
	struct report_section *s = report_section(r, 3, NULL, "Spend against budget");
	int fy = fy_of_month(g->month);
	const struct finance *fin = NULL;
	const struct monthly_return *rt = return_in(g, pg->p->code,
							  fq_first_month(fy, 1), g->month, 0);
	const struct tolerance *tol = tolerance_for(g->pp.ds, pg->p->code, TOL_COST);
	int64_t budget = INT_NONE, forecast = INT_NONE, actual = INT_NONE;
	struct report_block *kv;
	struct report_inline *in;
	char fyl[16];

	PAPER_FOREACH(&g->pp, K_FINANCE, const struct finance, f)
		if (f->programme && strcmp(f->programme, pg->p->code) == 0 && f->year == fy)
			fin = f;
	fy_label(fy, fyl);
	if (fin) {
		budget = sum2(fin->capital_budget, fin->revenue_budget);
		forecast = sum2(fin->capital_forecast, fin->revenue_forecast);
		actual = sum2(fin->capital_actual, fin->revenue_actual);
	}
	if (fin == NULL && rt == NULL) {
		report_addf(r, report_para(r, s), RS_PLAIN,
			    "No budget, forecast or spend is recorded for %s.", fyl);
		return;
	}
	kv = report_kv(r, s);
	in = report_kv_item(r, kv, report_printf(r, "Budget %s", fyl));
	if (budget != INT_NONE && budget > 0) {
		report_add(r, in, RS_PLAIN, paper_money(&g->pp, (double)budget));
		if (fin->capital_budget != INT_NONE && fin->revenue_budget != INT_NONE)
			report_addf(r, in, RS_PLAIN, " (capital %s, revenue %s)",
				    paper_money(&g->pp, (double)fin->capital_budget),
				    paper_money(&g->pp, (double)fin->revenue_budget));
	} else {
		report_add(r, in, RS_PLAIN, "not set");
	}
	if (rt && rt->spend_to_date != INT_NONE)
		report_addf(r, report_kv_item(r, kv, "Spent to date"), RS_PLAIN, "%s (%s return)",
			    paper_money(&g->pp, (double)rt->spend_to_date),
			    paper_month(&g->pp, rt->period));
	if (actual != INT_NONE && g->month == fq_first_month(fy, 4) + 2)
		report_addf(r, report_kv_item(r, kv, "Outturn on the finance line"), RS_PLAIN, "%s",
			    paper_money(&g->pp, (double)actual));
	in = report_kv_item(r, kv, "Full-year forecast");
	if (rt && rt->forecast != INT_NONE) {
		report_addf(r, in, RS_PLAIN, "%s (%s return)", paper_money(&g->pp, (double)rt->forecast),
			    paper_month(&g->pp, rt->period));
		if (forecast != INT_NONE && forecast != rt->forecast)
			report_addf(r, in, RS_PLAIN, "; the finance line says %s",
				    paper_money(&g->pp, (double)forecast));
		forecast = rt->forecast;
	} else if (forecast != INT_NONE) {
		report_addf(r, in, RS_PLAIN, "%s (finance line)", paper_money(&g->pp, (double)forecast));
	} else {
		report_add(r, in, RS_PLAIN, "not given");
	}
	if (budget != INT_NONE && budget > 0 && forecast != INT_NONE) {
		double v = ((double)forecast - (double)budget) / (double)budget * 100.0;

		in = report_kv_item(r, kv, "Variance");
		if (forecast == budget)
			report_add(r, in, RS_PLAIN, "on budget");
		else
			report_addf(r, in, RS_PLAIN, "%s %s budget (%s)",
				    paper_money(&g->pp, fabs((double)(forecast - budget))),
				    forecast > budget ? "over" : "under", percent1(g, v));
		if (tol)
			report_addf(r, in, RS_PLAIN, "; cost tolerance %s over%s",
				    percent1(g, tol->threshold),
				    isnan(tol->forecast_threshold) ? "" :
				    report_printf(r, ", early warning at %s",
						  percent1(g, tol->forecast_threshold)));
	}
	spend_chart(g, s, pg, fy, budget);
}

/* The latest month up to the period with planned and actual figures. */
static const struct benefit_value *
benefit_point(const struct pmg *g, const char *code, int need_planned)
{
	const struct benefit_value *best = NULL;
	void *const *rows;
	size_t n = key_run(g, K_BENEFIT_VALUE, code, &rows);

	for (size_t i = 0; i < n; i++) {
		const struct benefit_value *bv = rows[i];

		if (bv->period > g->month || isnan(bv->actual) ||
		    (need_planned && isnan(bv->planned)))
			continue;
		if (best == NULL || bv->period > best->period)
			best = bv;
	}
	return best;
}

/*
 * The benefits chart sets its months side by side at equal steps, so the
 * axis says when the months themselves are not at equal steps (a
 * profile of January, February, March, then June): months one apart are
 * plain months, and a quarterly profile is still evenly spaced.
 */
static const char *
benefit_axis(const struct chart_category *cat, size_t n)
{
	int32_t step = n > 1 ? cat[1].month - cat[0].month : 1;

	for (size_t i = 2; i < n; i++)
		if (cat[i].month - cat[i - 1].month != step)
			return "Months with a figure (not evenly spaced)";
	return step == 1 ? "Month" : "Months with a figure";
}

/*
 * Planned against realised for one benefit, over the months that carry a
 * figure (a profile is often kept quarterly: months without a figure are
 * left out rather than drawn as gaps), up to the end of its profile.
 */
static void
benefit_chart(struct pmg *g, struct report_section *s, const struct pprog *pg,
	      const struct benefit *b)
{
	struct chart_category *cat = NULL;
	double *plan = NULL, *act = NULL;
	size_t n = 0, alloc = 0, from = 0;
	struct chart_series ser[2];
	const char *rest = paper_money_unit(b->unit);
	struct chart c;
	void *const *rows;
	size_t nrows = key_run(g, K_BENEFIT_VALUE, b->code, &rows);

	for (size_t i = 0; i < nrows; i++) {
		const struct benefit_value *bv = rows[i];

		if (isnan(bv->planned) && isnan(bv->actual))
			continue;
		/* Rows are in key order: benefit, then period. */
		if (n && cat[n - 1].month == bv->period)
			continue;
		ALLOC_GROW(cat, n + 1, alloc);
		plan = xrealloc(plan, alloc * sizeof(*plan));
		act = xrealloc(act, alloc * sizeof(*act));
		memset(&cat[n], 0, sizeof(cat[n]));
		cat[n].month = bv->period;
		plan[n] = bv->planned;
		act[n] = bv->period <= g->month ? bv->actual : NAN;
		n++;
	}
	if (n > 24)
		from = n - 24;
	memset(ser, 0, sizeof(ser));
	ser[0] = (struct chart_series){ .name = "Planned", .ink = CHART_INK_GREY,
		.style = CHART_STYLE_DASHED, .values = plan + from, .n = n - from };
	ser[1] = (struct chart_series){ .name = "Realised", .ink = CHART_INK_DARK_BLUE,
		.style = CHART_STYLE_LINE, .values = act + from, .n = n - from };
	memset(&c, 0, sizeof(c));
	c.type = CHART_MONTHLY;
	c.title = b->title;
	c.subtitle = report_printf(g->pp.r, "%s: realised against the planned profile",
				   pg->p->name);
	c.x_label = benefit_axis(cat + from, n - from);
	c.y_label = b->unit ? b->unit : "Level";
	if (rest) {
		c.value_prefix = "\xC2\xA3";
		c.value_suffix = *rest ? report_printf(g->pp.r, " %s", rest) : NULL;
	} else if (paper_percent_unit(b->unit)) {
		c.value_suffix = "%";
	} else if (b->unit && *b->unit) {
		c.value_suffix = report_printf(g->pp.r, " %s", b->unit);
	}
	c.categories = cat + from;
	c.ncategories = n - from;
	c.series = ser;
	c.nseries = 2;
	report_chart(g->pp.r, s, &c, NULL, 640, 360);
	free(cat);
	free(plan);
	free(act);
}

static void
dash_benefits(struct pmg *g, const struct pprog *pg)
{
	struct report *r = g->pp.r;
	struct report_section *s = NULL;
	struct report_block *list = NULL;

	PAPER_FOREACH(&g->pp, K_BENEFIT, const struct benefit, b) {
		const struct benefit_value *both, *any;
		struct report_inline *in;

		if (!b->programme || strcmp(b->programme, pg->p->code) != 0 ||
		    !paper_visible(&g->pp, b->programme, NULL, b->marking))
			continue;
		if (s == NULL) {
			s = report_section(r, 3, NULL, "Benefits");
			list = report_bullets(r, s);
		}
		paper_use(&g->pp, b->programme, NULL, b->marking);
		both = benefit_point(g, b->code, 1);
		any = benefit_point(g, b->code, 0);
		in = report_item(r, list);
		report_add(r, in, RS_STRONG, b->title);
		if (b->type)
			report_addf(r, in, RS_PLAIN, " (%s)", paper_humanise(&g->pp, b->type));
		report_add(r, in, RS_PLAIN, ": ");
		if (both) {
			double gap = both->planned - both->actual;

			report_addf(r, in, RS_PLAIN, "%s realised by %s against %s planned",
				    paper_qty(&g->pp, both->actual, b->unit),
				    paper_month(&g->pp, both->period),
				    paper_qty(&g->pp, both->planned, b->unit));
			if (both->planned != 0)
				report_addf(r, in, RS_PLAIN, " (%d%% of plan)",
					    paper_percent(both->actual, both->planned));
			if (b->type && strcmp(b->type, "dis_benefit") == 0)
				gap = -gap;
			/* a gap between two percentages is in points, not per cent */
			if (gap > 0 && paper_percent_unit(b->unit))
				report_addf(r, in, RS_PLAIN, ", %s %s short", paper_num(&g->pp, gap),
					    gap == 1 ? "percentage point" : "percentage points");
			else if (gap > 0)
				report_addf(r, in, RS_PLAIN, ", %s short",
					    paper_qty(&g->pp, gap, b->unit));
		} else if (any) {
			report_addf(r, in, RS_PLAIN, "%s realised by %s; no planned figure for that month",
				    paper_qty(&g->pp, any->actual, b->unit),
				    paper_month(&g->pp, any->period));
		} else {
			const struct benefit_value *first = NULL;
			void *const *rows;
			size_t nrows = key_run(g, K_BENEFIT_VALUE, b->code, &rows);

			for (size_t i = 0; i < nrows; i++) {
				const struct benefit_value *bv = rows[i];

				if (!isnan(bv->planned) && bv->planned != 0 &&
				    (first == NULL || bv->period < first->period))
					first = bv;
			}
			report_add(r, in, RS_PLAIN, "nothing realised yet");
			if (first)
				report_addf(r, in, RS_PLAIN, "; the profile plans %s by %s",
					    paper_qty(&g->pp, first->planned, b->unit),
					    paper_month(&g->pp, first->period));
		}
		if (!isnan(b->target))
			report_addf(r, in, RS_PLAIN, "; target %s%s%s",
				    paper_qty(&g->pp, b->target, b->unit),
				    b->target_date ? " by " : "",
				    b->target_date ? paper_day(&g->pp, b->target_date) : "");
		report_add(r, in, RS_PLAIN, ".");
	}
	if (s == NULL)
		return;
	PAPER_FOREACH(&g->pp, K_BENEFIT, const struct benefit, b) {
		if (!b->programme || strcmp(b->programme, pg->p->code) != 0 ||
		    !paper_visible(&g->pp, b->programme, NULL, b->marking))
			continue;
		if (benefit_point(g, b->code, 0))
			benefit_chart(g, s, pg, b);
	}
}

static void
dash_tolerances(struct pmg *g, const struct pprog *pg)
{
	struct report *r = g->pp.r;
	struct report_section *s = report_section(r, 3, NULL, "Tolerances");
	struct report_block *list = NULL;
	struct report_inline *in;
	struct picks open = { NULL, 0, 0 };

	for (size_t i = 0; i < g->tol.nfindings; i++) {
		const struct finding *f = &g->tol.findings[i];

		if (strcmp(f->programme, pg->p->code) != 0)
			continue;
		if (list == NULL) {
			report_addf(r, report_para(r, s), RS_PLAIN,
				    "Outside tolerance, or forecast to be, at %s:",
				    paper_day(&g->pp, g->day));
			list = report_bullets(r, s);
		}
		in = report_item(r, list);
		report_addf(r, in, RS_STRONG, "%s, %s%s:",
			    paper_cap(&g->pp, tol_dim_name(f->dim)),
			    f->type == FINDING_BREACH ? "breach" : "forecast breach",
			    f->by_trend ? " (by its trend)" : "");
		report_add(r, in, RS_PLAIN, " ");
		paper_sentence(r, in, f->sentence);
	}
	if (list == NULL)
		report_addf(r, report_para(r, s), RS_PLAIN,
			    "Within every tolerance set for it at %s.", paper_day(&g->pp, g->day));

	PAPER_FOREACH(&g->pp, K_EXCEPTION, const struct exception, x)
		if (x->programme && strcmp(x->programme, pg->p->code) == 0 &&
		    x->period <= g->month && paper_exception_open(x) &&
		    paper_visible(&g->pp, x->programme, NULL, x->marking))
			paper_pick(&open, x);
	paper_picks_sort(&open, cmp_exc_code);
	if (open.n) {
		in = report_para(r, s);
		report_add(r, in, RS_PLAIN, "Exceptions open: ");
		for (size_t i = 0; i < open.n; i++) {
			const struct exception *x = open.v[i];

			paper_use(&g->pp, x->programme, NULL, x->marking);
			report_addf(r, in, RS_PLAIN, "%s%s (%s, %s%s%s)", i ? "; " : "", x->code,
				    paper_exception_words(&g->pp, x->dimension, x->type),
				    paper_month(&g->pp, x->period), x->status ? ", " : "",
				    x->status ? x->status : "");
		}
		report_add(r, in, RS_PLAIN, ".");
	}
	free(open.v);
}

static int
sec_dashboards(struct pmg *g)
{
	struct report *r = g->pp.r;
	struct report_section *s = report_section(r, 1, "2.", "Programme dashboards");
	struct report_inline *in = report_para(r, s);

	report_addf(r, in, RS_PLAIN,
		    "One dashboard for each active programme, in name order, as at %s: "
		    "its rating and trend, its return for %s, milestones, risks and "
		    "issues, spend, benefits and tolerances.",
		    paper_day(&g->pp, g->day), paper_month(&g->pp, g->month));
	for (size_t i = 0; i < g->nprogs; i++) {
		const struct pprog *pg = &g->progs[i];
		struct report_section *ps;

		paper_use(&g->pp, pg->p->code, NULL, NULL);
		ps = report_section(r, 2, report_printf(r, "2.%zu", i + 1), pg->p->name);
		if (pg->rt && pg->rt->headline)
			report_add(r, report_para(r, ps), RS_EMPH, pg->rt->headline);
		if (dash_rating(g, ps, pg) < 0)
			return -1;
		dash_return(g, pg);
		dash_milestones(g, pg);
		dash_risks(g, pg);
		dash_spend(g, pg);
		dash_benefits(g, pg);
		dash_tolerances(g, pg);
	}
	return 0;
}

/* --- 3. the schedule's view --------------------------------------------- */

static void
sec_schedule(struct pmg *g)
{
	struct report *r = g->pp.r;
	struct report_section *s = report_section(r, 1, "3.", "Delivery confidence from the schedule");
	static const char *const hdr[] = {
		"Programme", "Key milestones to come", "Chance all are met",
		"From the schedule", "Judged", "Weakest milestone", "Flag"
	};
	static const enum report_align al[] = {
		RA_LEFT, RA_RIGHT, RA_RIGHT, RA_LEFT, RA_LEFT, RA_LEFT, RA_LEFT
	};
	struct report_block *t;
	struct report_inline *in, *row;
	long nwith = 0, nflag = 0;

	if (!g->mc_ran) {
		report_add(r, report_para(r, s), RS_PLAIN, g->mc_why);
		return;
	}
	for (size_t i = 0; i < g->nprogs; i++) {
		const struct mc_dca_programme *mc = mc_of(g, g->progs[i].p->code);

		nwith += mc != NULL;
		nflag += mc && mc->disagree;
	}
	in = report_para(r, s);
	report_addf(r, in, RS_PLAIN,
		    "A Monte Carlo run over the schedule network (%s iterations, seed %d, "
		    "triangular durations) gives the chance that each programme meets the "
		    "baselines of its key milestones still to come (one already achieved "
		    "has met its baseline or missed it for good), banded as a rating and "
		    "set beside the rating people judged.%s %s key baselined milestones "
		    "still to come in the network",
		    paper_num(&g->pp, (double)g->mc_iter), MC_SEED,
		    g->mc_iter < MC_ITERATIONS ?
		    report_printf(r, " The network has %s activities, so the run makes %s "
				  "iterations rather than %s: each chance is still known to "
				  "within about %.0f percentage points.",
				  paper_num(&g->pp, (double)dataset_count(g->pp.ds, K_ACTIVITY)),
				  paper_num(&g->pp, (double)g->mc_iter),
				  paper_num(&g->pp, MC_ITERATIONS),
				  round(100.0 * 1.96 * sqrt(0.25 / (double)g->mc_iter))) : "",
		    paper_cap(&g->pp, paper_count(&g->pp, nwith, "programme has", "programmes have")));
	if (nwith == 1)
		report_add(r, in, RS_PLAIN, nflag ? ", and the two are more than one band apart" :
			   ", and the two are within one band of each other");
	else if (nwith && nflag == 0)
		report_add(r, in, RS_PLAIN,
			   "; for each of them the two are within one band of each other");
	else if (nwith && nflag == nwith)
		report_addf(r, in, RS_PLAIN, "; for all %s the two are more than one band apart",
			    paper_num_word(&g->pp, nwith));
	else if (nwith)
		report_addf(r, in, RS_PLAIN, "; for %s of them the two are more than one band apart",
			    paper_num_word(&g->pp, nflag));
	report_add(r, in, RS_PLAIN, ".");
	if (nwith) {
		t = report_table(r, s, "Delivery confidence from the schedule and as judged", 7,
				 hdr, al, 1);
		for (size_t i = 0; i < g->nprogs; i++) {
			const struct pprog *pg = &g->progs[i];
			const struct mc_dca_programme *mc = mc_of(g, pg->p->code);

			if (mc == NULL)
				continue;
			row = report_row(r, t);
			report_add(r, &row[0], RS_PLAIN, pg->p->name);
			report_addf(r, &row[1], RS_PLAIN, "%zu", mc->nmilestones);
			report_add(r, &row[2], RS_PLAIN, pct_text(g, mc->p));
			report_add(r, &row[3], RS_RATING, mc_dca_band_name(mc->band));
			report_add(r, &row[4], pg->now ? RS_RATING : RS_PLAIN,
				   pg->now ? pg->now : "not rated");
			if (mc->weakest) {
				const struct milestone *m = dataset_find(g->pp.ds, K_MILESTONE, mc->weakest);

				report_add(r, &row[5], RS_PLAIN, m ? m->name : mc->weakest);
				if (mc->p50_slip)
					report_addf(r, &row[5], RS_PLAIN, " (P50 %s %s)",
						    days_text(g, labs(mc->p50_slip)),
						    mc->p50_slip > 0 ? "late" : "early");
			}
			report_add(r, &row[6], mc->disagree ? RS_STRONG : RS_PLAIN,
				   mc->disagree ? "more than one band apart" : "agrees");
		}
	}
	report_add(r, report_note(r, s, "Rule"), RS_PLAIN, MC_DCA_RULE);
}

int
report_pmg(const struct dataset *ds, int32_t period, const char *clearance,
	   struct report *out, struct error *err)
{
	struct pmg g;
	int rc = -1;

	memset(&g, 0, sizeof(g));
	report_init(out);
	assess_result_init(&g.tol);
	if (clearance && enum_index(marking_values, clearance) < 0) {
		error_set(err, ERR_USAGE, "unknown clearance \"%s\" (expected one of OFFICIAL, OFFICIAL-SENSITIVE)",
			  clearance);
		goto out;
	}
	if (period <= 3) {
		error_set(err, ERR_USAGE, "no reporting period given for the PMG pack");
		goto out;
	}
	if (paper_init(&g.pp, ds, clearance, out, err) < 0)
		goto out;
	g.month = period;
	g.day = month_last_day(period);
	g.last_day = month_last_day(period - 1);
	g.q_day = month_last_day(rollup_previous_quarter_end(period));
	if (load_programmes(&g) < 0 || slip_list_build(ds, NULL, period, &g.slips, err) < 0 ||
	    assess_tolerances(ds, period, &g.tol, err) < 0)
		goto out;
	assess_exceptions_from_findings(ds, &g.tol);
	index_slips(&g);
	run_schedule(&g);

	header(&g);
	sec_intro(&g, report_section(out, 1, "1.", "Portfolio summary"));
	if (sec_confidence(&g) < 0)
		goto out;
	sec_exceptions(&g);
	sec_lookahead(&g);
	paper_knock_on(&g.pp, report_section(out, 2, "1.4",
		       "Knock-on effects of this period's forecast changes"), period);
	if (sec_dashboards(&g) < 0)
		goto out;
	sec_schedule(&g);
	rc = 0;
out:
	if (rc < 0)
		report_release(out);
	if (g.mc_tried)
		mc_dca_report_release(&g.mc);
	assess_result_release(&g.tol);
	slip_list_release(&g.slips);
	paper_release(&g.pp);
	for (size_t i = 0; g.by_prog && i < g.nprogs; i++)
		free(g.by_prog[i].v);
	free(g.by_prog);
	free(g.by_code);
	free(g.visible);
	free(g.decisions.v);
	free(g.progs);
	return rc;
}
