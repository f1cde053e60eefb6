/*
 * pib.c - the exception report to the Portfolio Investment Board
 * (report_pib()).
 *
 * PIB sees the portfolio by exception only: what is outside tolerance or
 * forecast to go outside it, programmes rated Amber/Red or Red, and what
 * waits on its decision (change requests, business cases, decisions).
 * Every exception carries its evidence (the record's own words, and what
 * folio's tolerance measures find at the end of the period: which
 * milestone, how many days, which figure), its cause, consequences,
 * options and recommendation as the programme wrote them, and the
 * decision asked of the board. Tolerance findings that no exception
 * record covers yet are reported too, as exceptions awaiting the
 * programme's report. When there is nothing to report the report says so
 * plainly.
 *
 * Read as at the last day of the period through src/assess, like the
 * PMG pack (pmg.c), so the two never disagree; need to know as in every
 * paper (paper.h).
 */
#include "report/report.h"
#include "report/paper.h"
#include "assess/rollup.h"
#include "assess/slip.h"
#include "assess/tolerance.h"
#include "core/date.h"
#include "core/error.h"
#include "core/xmalloc.h"
#include "model/dataset.h"
#include "model/schema.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PIB_NAME "Portfolio Investment Board"

struct pib {
	struct paper pp;
	int32_t month, day;		/* the period and its last day */
	int32_t last_day;		/* end of the period before */
	struct slip_list slips;		/* milestones and decisions at month */
	struct assess_result tol;	/* findings, and exceptions not yet recorded */
	struct picks now;		/* exception records of the period */
	struct picks older;		/* open ones from earlier periods */
	struct picks found;		/* tolerance exceptions not yet recorded */
	struct picks red;		/* programmes rated Amber/Red or Red */
	struct picks crs, bcs, decisions; /* awaiting decision */
};

/* --- what is in the report ---------------------------------------------- */

static int
cmp_exc(const void *a, const void *b)
{
	const struct exception *x = *(const struct exception *const *)a;
	const struct exception *y = *(const struct exception *const *)b;
	int c = paper_cmp_i32(x->period, y->period);

	return c ? c : strcmp(x->code, y->code);
}

static int
cmp_name(const void *a, const void *b)
{
	const struct programme *x = *(const struct programme *const *)a;
	const struct programme *y = *(const struct programme *const *)b;
	int c = strcmp(x->name, y->name);

	return c ? c : strcmp(x->code, y->code);
}

static int
cmp_cr(const void *a, const void *b)
{
	const struct change_request *x = *(const struct change_request *const *)a;
	const struct change_request *y = *(const struct change_request *const *)b;
	int32_t dx = x->decision_due ? x->decision_due : INT32_MAX;
	int32_t dy = y->decision_due ? y->decision_due : INT32_MAX;
	int c = paper_cmp_i32(dx, dy);

	return c ? c : strcmp(x->code, y->code);
}

static int
cmp_decision(const void *a, const void *b)
{
	const struct decision *x = *(const struct decision *const *)a;
	const struct decision *y = *(const struct decision *const *)b;
	int32_t dx = x->due ? x->due : INT32_MAX, dy = y->due ? y->due : INT32_MAX;
	int c = paper_cmp_i32(dx, dy);

	return c ? c : strcmp(x->code, y->code);
}

/* Business cases: submitted ones first, by date, then those in preparation. */
static int
cmp_bc(const void *a, const void *b)
{
	const struct business_case *x = *(const struct business_case *const *)a;
	const struct business_case *y = *(const struct business_case *const *)b;
	int32_t dx = x->submitted ? x->submitted : INT32_MAX;
	int32_t dy = y->submitted ? y->submitted : INT32_MAX;
	int c = paper_cmp_i32(dx, dy);

	return c ? c : strcmp(x->code, y->code);
}

/* A board is this one: "Portfolio Investment Board", "PIB". */
static int
is_pib(const char *board)
{
	return board && (paper_contains_nocase(board, "Portfolio Investment Board") ||
			 strcmp(board, "PIB") == 0);
}

static int
collect(struct pib *b)
{
	struct paper *pp = &b->pp;

	PAPER_FOREACH(pp, K_EXCEPTION, const struct exception, x) {
		if (!paper_visible(pp, x->programme, NULL, x->marking) || x->period > b->month)
			continue;
		if (x->period == b->month)
			paper_pick(&b->now, x);
		else if (paper_exception_open(x))
			paper_pick(&b->older, x);
	}
	paper_picks_sort(&b->now, cmp_exc);
	paper_picks_sort(&b->older, cmp_exc);
	for (size_t i = 0; i < b->tol.nexceptions; i++) {
		const struct exception *x = &b->tol.exceptions[i];

		if (paper_visible(pp, x->programme, NULL, x->marking))
			paper_pick(&b->found, x);
	}
	PAPER_FOREACH(pp, K_PROGRAMME, const struct programme, p) {
		const char *rating;

		if (!paper_prog_ok(pp, p->code) || !paper_prog_active(p, b->day))
			continue;
		if (paper_prog_rating(pp, p->code, b->day, &rating, NULL) < 0)
			return -1;
		if (paper_rating_rank(rating) >= 3)
			paper_pick(&b->red, p);
	}
	paper_picks_sort(&b->red, cmp_name);
	PAPER_FOREACH(pp, K_CHANGE_REQUEST, const struct change_request, c)
		if (paper_cr_pending(c, b->day) && paper_prog_ok(pp, c->programme))
			paper_pick(&b->crs, c);
	paper_picks_sort(&b->crs, cmp_cr);
	PAPER_FOREACH(pp, K_BUSINESS_CASE, const struct business_case, bc)
		if (paper_bc_pending(bc, b->day) &&
		    paper_visible(pp, bc->programme, bc->project, bc->marking))
			paper_pick(&b->bcs, bc);
	paper_picks_sort(&b->bcs, cmp_bc);
	PAPER_FOREACH(pp, K_DECISION, const struct decision, d)
		if (paper_decision_pending(d, b->day) &&
		    paper_visible(pp, d->programme, NULL, d->marking))
			paper_pick(&b->decisions, d);
	paper_picks_sort(&b->decisions, cmp_decision);
	return 0;
}

/* --- words ------------------------------------------------------------- */

/*
 * A tolerance level in its dimension's unit: "30 days", "5% over the
 * year's budget"; short, only the figure and its unit ("5%"), for the
 * early-warning level that follows it.
 */
static const char *
level_text(struct pib *b, enum tol_dim d, double v, int brief)
{
	struct paper *pp = &b->pp;

	switch (d) {
	case TOL_TIME:
		return report_printf(pp->r, "%s %s", paper_num(pp, v), v == 1 ? "day" : "days");
	case TOL_COST:
		return report_printf(pp->r, "%s%%%s", paper_num(pp, v),
				     brief ? "" : " over the year's budget");
	case TOL_BENEFITS:
		return report_printf(pp->r, "%s%%%s", paper_num(pp, v),
				     brief ? "" : " short of the benefits profile");
	case TOL_RISK:
		return report_printf(pp->r, "%s%s", brief ? "" : "a current risk score of ",
				     paper_num(pp, v));
	case TOL_CONFIDENCE:
		return report_printf(pp->r, "%s%s%s", brief ? "" : "a rating of ",
				     rating_name(rating_of_threshold(v)), brief ? "" : " or worse");
	case TOL_SCOPE:
	case TOL_QUALITY:
	case TOL__COUNT:
		break;
	}
	return report_printf(pp->r, "%s %s%s", paper_num(pp, v),
			     v == 1 ? "exception" : "exceptions", brief ? "" : " raised");
}

/* "30 days, early warning at 15 days (portfolio default)" */
static void
tolerance_words(struct pib *b, struct report_inline *in, const char *programme,
		const char *dimension)
{
	struct report *r = b->pp.r;
	int d = tol_dim_parse(dimension);
	const struct tolerance *t = d < 0 ? NULL :
		tolerance_for(b->pp.ds, programme, (enum tol_dim)d);

	if (t == NULL) {
		report_add(r, in, RS_PLAIN, "none set");
		return;
	}
	report_add(r, in, RS_PLAIN, level_text(b, (enum tol_dim)d, t->threshold, 0));
	if (!isnan(t->forecast_threshold))
		report_addf(r, in, RS_PLAIN, ", early warning at %s",
			    level_text(b, (enum tol_dim)d, t->forecast_threshold, 1));
	report_add(r, in, RS_PLAIN, t->programme ? " (the programme's own)" : " (portfolio default)");
}

/* Add a labelled paragraph: "*Cause:* text", or the gap said plainly. */
static void
labelled(struct pib *b, struct report_section *s, const char *label, const char *text)
{
	struct report *r = b->pp.r;
	struct report_inline *in = report_para(r, s);

	report_addf(r, in, RS_STRONG, "%s:", label);
	report_add(r, in, RS_PLAIN, " ");
	if (text && *text)
		paper_sentence(r, in, text);
	else
		report_add(r, in, RS_EMPH, "not yet written by the programme.");
}

/* The programme's current rating, for an exception's key facts. */
static int
rating_now(struct pib *b, struct report_inline *in, const char *programme)
{
	const char *rating;

	if (paper_prog_rating(&b->pp, programme, b->day, &rating, NULL) < 0)
		return -1;
	if (rating)
		report_add(b->pp.r, in, RS_RATING, rating);
	else
		report_add(b->pp.r, in, RS_PLAIN, "not rated");
	return 0;
}

/* Findings of folio's measures for a programme and dimension, as bullets. */
static size_t
findings_for(struct pib *b, struct report_section *s, const char *programme,
	     const char *dimension)
{
	struct report *r = b->pp.r;
	struct report_block *list = NULL;
	int d = tol_dim_parse(dimension);
	size_t n = 0;

	for (size_t i = 0; i < b->tol.nfindings; i++) {
		const struct finding *f = &b->tol.findings[i];
		struct report_inline *in;

		if ((int)f->dim != d || strcmp(f->programme, programme) != 0)
			continue;
		if (list == NULL)
			list = report_bullets(r, s);
		in = report_item(r, list);
		report_addf(r, in, RS_STRONG, "%s%s:",
			    f->type == FINDING_BREACH ? "Breach" : "Forecast breach",
			    f->by_trend ? " (by its trend)" : "");
		report_add(r, in, RS_PLAIN, " ");
		paper_sentence(r, in, f->sentence);
		n++;
	}
	return n;
}

/* Change requests of the programme named in text: "see section 4.1". */
static void
related_requests(struct pib *b, struct report_section *s, const struct exception *x)
{
	struct report *r = b->pp.r;
	struct report_inline *in = NULL;

	for (size_t i = 0; i < b->crs.n; i++) {
		const struct change_request *c = b->crs.v[i];

		if (!c->programme || !x->programme || strcmp(c->programme, x->programme) != 0)
			continue;
		if (!(x->recommendation && strstr(x->recommendation, c->code)) &&
		    !(x->options && strstr(x->options, c->code)))
			continue;
		if (in == NULL) {
			in = report_para(r, s);
			report_add(r, in, RS_PLAIN, "The recommendation rests on ");
		} else {
			report_add(r, in, RS_PLAIN, " and ");
		}
		report_addf(r, in, RS_PLAIN, "change request %s, %s, awaiting this board's decision "
			    "(section 4.1)", c->code, c->title);
	}
	if (in)
		report_add(r, in, RS_PLAIN, ".");
}

/* --- the header and the summary ----------------------------------------- */

static void
header(struct pib *b)
{
	struct report *r = b->pp.r;
	const struct portfolio *pf = paper_portfolio(&b->pp);
	const struct organisation *org = dataset_org(b->pp.ds);

	PAPER_FOREACH(&b->pp, K_PORTFOLIO, const struct portfolio, p)
		if (paper_mark_ok(&b->pp, p->marking))
			report_mark(r, p->marking);
	if (pf) {
		r->title = report_printf(r, "%s: exception report", pf->name);
		if (pf->owner && pf->directorate)
			r->author = report_printf(r, "%s, %s", pf->owner, pf->directorate);
		else
			report_set(r, &r->author, pf->owner ? pf->owner : pf->directorate);
	} else {
		report_set(r, &r->title, "Change portfolio: exception report");
	}
	if (org)
		report_set(r, &r->organisation, org->name);
	report_set(r, &r->board, PIB_NAME);
	r->subtitle = report_printf(r, "Exceptions for %s, for the %s",
				    paper_month(&b->pp, b->month), PIB_NAME);
	r->date = b->day;
}

/* Start a recommendation; the one before it ends with a semicolon. */
static struct report_inline *
rec_item(struct pib *b, struct report_block *list)
{
	if (list->items_last)
		report_add(b->pp.r, &list->items_last->text, RS_PLAIN, ";");
	return report_item(b->pp.r, list);
}

static void
sec_summary(struct pib *b)
{
	struct report *r = b->pp.r;
	struct paper *pp = &b->pp;
	struct report_section *s = report_section(r, 1, "1.", "Purpose and recommendation");
	struct report_inline *in;
	struct report_block *list;
	const char *month = paper_month(pp, b->month);
	size_t nexc = b->now.n + b->found.n;

	in = report_para(r, s);
	report_addf(r, in, RS_PLAIN,
		    "The %s sees %s by exception. This report sets out, for %s, only "
		    "what is outside tolerance or forecast to go outside it, the "
		    "programmes rated Amber/Red or Red, and what waits on the board's "
		    "decision. The Portfolio Management Group's pack for the month has "
		    "the rest.",
		    PIB_NAME, paper_portfolio_name(pp), month);

	in = report_para(r, s);
	if (nexc == 0 && b->older.n == 0) {
		report_addf(r, in, RS_STRONG,
			    "No programme is outside tolerance, or forecast to go outside it, "
			    "in %s: there are no exceptions to report.", month);
	} else if (nexc == 0) {
		report_addf(r, in, RS_PLAIN,
			    "No new exception arose in %s; %s from earlier months %s still open "
			    "(section 2).", month,
			    paper_count(pp, (long)b->older.n, "exception", "exceptions"),
			    paper_plural((long)b->older.n, "is", "are"));
	} else {
		report_addf(r, in, RS_PLAIN, "In %s %s recorded", month,
			    paper_count(pp, (long)b->now.n, "exception was", "exceptions were"));
		if (b->found.n)
			report_addf(r, in, RS_PLAIN,
				    ", and folio's tolerance measures find %s that no exception "
				    "records yet", paper_count(pp, (long)b->found.n, "more", "more"));
		if (b->older.n)
			report_addf(r, in, RS_PLAIN, "; %s from earlier months %s still open",
				    paper_count(pp, (long)b->older.n, "exception", "exceptions"),
				    paper_plural((long)b->older.n, "is", "are"));
		report_add(r, in, RS_PLAIN, " (section 2).");
	}
	report_addf(r, in, RS_PLAIN, " %s rated Amber/Red or Red (section 3). Awaiting "
		    "decision: %s, %s and %s (section 4).",
		    b->red.n ? paper_cap(pp, paper_count(pp, (long)b->red.n, "programme is",
							 "programmes are"))
			     : "No programme is",
		    paper_count(pp, (long)b->crs.n, "change request", "change requests"),
		    paper_count(pp, (long)b->bcs.n, "business case", "business cases"),
		    paper_count(pp, (long)b->decisions.n, "decision", "decisions"));

	in = report_para(r, s);
	report_addf(r, in, RS_PLAIN, "That the %s:", PIB_NAME);
	list = report_bullets(r, s);
	for (size_t i = 0; i < b->now.n; i++) {
		const struct exception *x = b->now.v[i];

		in = rec_item(b, list);
		if (x->recommendation) {
			report_addf(r, in, RS_PLAIN, "decide on the %s exception of %s (%s): ",
				    x->dimension ? x->dimension : "tolerance",
				    paper_prog_name(pp, x->programme), x->code);
			report_add(r, in, RS_PLAIN, "the programme recommends: ");
			report_add(r, in, RS_STRONG, paper_trim_stop(pp, x->recommendation));
		} else {
			report_addf(r, in, RS_PLAIN,
				    "note the %s exception of %s (%s), whose recommendation is "
				    "not yet written",
				    x->dimension ? x->dimension : "tolerance",
				    paper_prog_name(pp, x->programme), x->code);
		}
	}
	if (b->found.n) {
		const char **names = xcalloc(b->found.n, sizeof(*names));
		size_t nn = 0;

		for (size_t i = 0; i < b->found.n; i++) {
			const struct exception *x = b->found.v[i];
			const char *name = paper_prog_name(pp, x->programme);
			size_t j;

			for (j = 0; j < nn && strcmp(names[j], name) != 0; j++)
				;
			if (j == nn)
				names[nn++] = name;
		}
		in = rec_item(b, list);
		report_addf(r, in, RS_PLAIN,
			    "ask %s for an exception report on each tolerance folio finds "
			    "outside its level and no exception yet records (section 2)",
			    paper_join_and(pp, names, nn));
		free(names);
	}
	for (size_t i = 0; i < b->crs.n; i++) {
		const struct change_request *c = b->crs.v[i];

		if (c->board && !is_pib(c->board))
			continue;
		in = rec_item(b, list);
		report_addf(r, in, RS_PLAIN, "decide change request %s: ", c->code);
		report_add(r, in, RS_STRONG, c->title);
		if (c->decision_due)
			report_addf(r, in, RS_PLAIN, ", due by %s", paper_day(pp, c->decision_due));
	}
	for (size_t i = 0; i < b->bcs.n; i++) {
		const struct business_case *bc = b->bcs.v[i];

		if (!bc->submitted || (bc->board && !is_pib(bc->board)))
			continue;
		in = rec_item(b, list);
		report_addf(r, in, RS_PLAIN, "decide the %s: ", paper_stage_name(bc->stage));
		report_add(r, in, RS_STRONG, bc->title);
	}
	for (size_t i = 0; i < b->decisions.n; i++) {
		const struct decision *d = b->decisions.v[i];

		if (!is_pib(d->board))
			continue;
		in = rec_item(b, list);
		report_add(r, in, RS_PLAIN, "decide: ");
		report_add(r, in, RS_STRONG, d->title);
		if (d->due)
			report_addf(r, in, RS_PLAIN, ", due by %s", paper_day(pp, d->due));
	}
	in = rec_item(b, list);
	report_add(r, in, RS_PLAIN, "note the programmes rated Amber/Red or Red and the "
		   "business cases and decisions still in preparation or due elsewhere "
		   "(sections 3 and 4).");
}

/* --- 2. the exceptions ------------------------------------------------- */

static int
exception_section(struct pib *b, const struct exception *x, const char *number,
		  int recorded)
{
	struct report *r = b->pp.r;
	struct paper *pp = &b->pp;
	const struct programme *p = paper_prog_find(pp, x->programme);
	struct report_section *s;
	struct report_block *kv;
	struct report_inline *in;
	size_t nf;

	paper_use(pp, x->programme, NULL, x->marking);
	s = report_section(r, 2, number,
			   report_printf(r, "%s: %s", paper_prog_name(pp, x->programme),
					 paper_exception_words(pp, x->dimension, x->type)));
	kv = report_kv(r, s);
	report_add(r, report_kv_item(r, kv, "Exception"), RS_PLAIN,
		   recorded ? x->code :
		   report_printf(r, "%s (proposed; not yet recorded)", x->code));
	if (recorded)
		report_addf(r, report_kv_item(r, kv, "Reported for"), RS_PLAIN, "%s%s%s",
			    paper_month(pp, x->period), x->status ? ", " : "",
			    x->status ? x->status : "");
	else
		report_addf(r, report_kv_item(r, kv, "Found"), RS_PLAIN,
			    "by folio's tolerance measures at %s", paper_day(pp, b->day));
	tolerance_words(b, report_kv_item(r, kv, "Tolerance in force"), x->programme, x->dimension);
	in = report_kv_item(r, kv, "Delivery confidence");
	if (rating_now(b, in, x->programme) < 0)
		return -1;
	report_addf(r, in, RS_PLAIN, " at %s", paper_day(pp, b->day));
	if (p && p->sro)
		report_add(r, report_kv_item(r, kv, "Senior responsible owner"), RS_PLAIN, p->sro);

	if (recorded) {
		in = report_para(r, s);
		report_add(r, in, RS_STRONG, "Evidence:");
		report_add(r, in, RS_PLAIN, " ");
		if (x->evidence)
			paper_sentence(r, in, x->evidence);
		else
			report_add(r, in, RS_EMPH, "none recorded.");
		in = report_para(r, s);
		report_addf(r, in, RS_PLAIN, "What folio's %s tolerance measure finds at %s:",
			    x->dimension ? x->dimension : "", paper_day(pp, b->day));
		nf = findings_for(b, s, x->programme, x->dimension);
		if (nf == 0) {
			report_add(r, in, RS_PLAIN, " nothing outside the tolerance");
			if (x->dimension && strcmp(x->dimension, "time") == 0)
				report_add(r, in, RS_PLAIN, " (it measures key milestones only)");
			report_add(r, in, RS_PLAIN, ".");
		}
	} else {
		in = report_para(r, s);
		report_addf(r, in, RS_STRONG, "Evidence,");
		report_addf(r, in, RS_PLAIN, " as folio's tolerance measures find it at %s:",
			    paper_day(pp, b->day));
		findings_for(b, s, x->programme, x->dimension);
	}
	labelled(b, s, "Cause", x->cause);
	labelled(b, s, "Consequences", x->consequences);
	labelled(b, s, "Options", x->options);
	labelled(b, s, "Recommendation", x->recommendation);
	related_requests(b, s, x);
	in = report_para(r, s);
	report_add(r, in, RS_STRONG, "Decision asked:");
	report_add(r, in, RS_PLAIN, " ");
	if (!recorded)
		report_addf(r, in, RS_PLAIN,
			    "that the board ask %s for an exception report (cause, "
			    "consequences, options with their effect on the business case, "
			    "risks and tolerances, and a recommendation).",
			    paper_prog_name(pp, x->programme));
	else if (x->recommendation)
		report_addf(r, in, RS_PLAIN, "that the board agree the recommendation, or "
			    "choose another of the options.");
	else
		report_addf(r, in, RS_PLAIN, "that the board note the exception and ask %s "
			    "for its recommendation.", paper_prog_name(pp, x->programme));
	return 0;
}

static int
sec_exceptions(struct pib *b)
{
	struct report *r = b->pp.r;
	struct paper *pp = &b->pp;
	struct report_section *s = report_section(r, 1, "2.", "Exceptions");
	struct report_inline *in = report_para(r, s);
	size_t n = 0;

	if (b->now.n + b->found.n == 0) {
		report_addf(r, in, RS_PLAIN,
			    "No programme is outside tolerance, or forecast to go outside it, "
			    "in %s: no exception was recorded and folio's tolerance measures "
			    "find none.", paper_month(pp, b->month));
	} else {
		report_addf(r, in, RS_PLAIN,
			    "Each exception of %s, with its evidence, what caused it, what "
			    "follows from it, the options, the programme's recommendation and "
			    "the decision asked of the board. Those folio's tolerance measures "
			    "find and no exception records yet follow the recorded ones.",
			    paper_month(pp, b->month));
	}
	for (size_t i = 0; i < b->now.n; i++)
		if (exception_section(b, b->now.v[i], report_printf(r, "2.%zu", ++n), 1) < 0)
			return -1;
	for (size_t i = 0; i < b->found.n; i++)
		if (exception_section(b, b->found.v[i], report_printf(r, "2.%zu", ++n), 0) < 0)
			return -1;
	if (b->older.n) {
		struct report_section *os = report_section(r, 2, report_printf(r, "2.%zu", ++n),
							   "Still open from earlier months");
		struct report_block *list;

		report_add(r, report_para(r, os), RS_PLAIN,
			   "Exceptions reported before this month and not yet closed:");
		list = report_bullets(r, os);
		for (size_t i = 0; i < b->older.n; i++) {
			const struct exception *x = b->older.v[i];

			paper_use(pp, x->programme, NULL, x->marking);
			in = report_item(r, list);
			report_add(r, in, RS_STRONG, paper_prog_name(pp, x->programme));
			report_addf(r, in, RS_PLAIN, ": %s (%s, reported %s%s%s).",
				    paper_exception_words(pp, x->dimension, x->type), x->code,
				    paper_month(pp, x->period), x->status ? ", " : "",
				    x->status ? x->status : "");
			if (x->evidence) {
				report_add(r, in, RS_PLAIN, " ");
				paper_sentence(r, in, x->evidence);
			}
			if (x->recommendation) {
				report_add(r, in, RS_PLAIN, " Recommended: ");
				paper_sentence(r, in, x->recommendation);
			}
		}
	}
	return 0;
}

/* --- 3. ratings -------------------------------------------------------- */

static int
sec_ratings(struct pib *b)
{
	struct report *r = b->pp.r;
	struct paper *pp = &b->pp;
	struct report_section *s = report_section(r, 1, "3.", "Programmes rated Amber/Red or Red");
	static const char *const hdr[] = {
		"Programme", "Rating", "Last period", "Senior responsible owner", "Headline"
	};
	static const char *const hdr2[] = { "Project", "Programme", "Project's rating", "Programme's rating" };
	struct report_block *t = NULL;
	struct report_inline *in, *row;

	in = report_para(r, s);
	if (b->red.n == 0)
		report_addf(r, in, RS_PLAIN, "No programme is rated Amber/Red or Red at %s.",
			    paper_day(pp, b->day));
	else
		report_addf(r, in, RS_PLAIN, "At %s:", paper_day(pp, b->day));
	for (size_t i = 0; i < b->red.n; i++) {
		const struct programme *p = b->red.v[i];
		const char *now, *last;
		const struct monthly_return *rt = paper_return_in(pp, p->code, b->month, b->month, 0);

		if (paper_prog_rating(pp, p->code, b->day, &now, NULL) < 0 ||
		    paper_prog_rating(pp, p->code, b->last_day, &last, NULL) < 0)
			return -1;
		if (t == NULL)
			t = report_table(r, s, "Programmes rated Amber/Red or Red", 5, hdr, NULL, 1);
		paper_use(pp, p->code, NULL, NULL);
		row = report_row(r, t);
		report_add(r, &row[0], RS_PLAIN, p->name);
		report_add(r, &row[1], RS_RATING, now);
		report_add(r, &row[2], last ? RS_RATING : RS_PLAIN, last ? last : "not rated");
		report_add(r, &row[3], RS_PLAIN, p->sro ? p->sro : "not named");
		report_add(r, &row[4], RS_PLAIN, rt && rt->headline ? rt->headline : "no return");
	}

	/* Projects: a worse project rating is never hidden by its programme's. */
	t = NULL;
	PAPER_FOREACH(pp, K_PROJECT, const struct project, pj) {
		const struct programme *p = paper_prog_find(pp, pj->programme);
		struct rating_at at;
		const char *rating, *prating;

		if (!p || !paper_proj_ok(pp, pj->code) || !paper_prog_active(p, b->day) ||
		    (pj->lifecycle && strcmp(pj->lifecycle, "closed") == 0 &&
		     pj->end_date && pj->end_date <= b->day))
			continue;
		if (rating_project_at(pp->ds, pj->code, b->day, &at, pp->err) < 0 ||
		    paper_prog_rating(pp, p->code, b->day, &prating, NULL) < 0)
			return -1;
		rating = paper_rating_text(pp, at.rating);
		if (paper_rating_rank(rating) < 3)
			continue;
		if (t == NULL) {
			report_add(r, report_para(r, s), RS_PLAIN,
				   "Projects rated Amber/Red or Red, beside their programme's own rating:");
			t = report_table(r, s, "Projects rated Amber/Red or Red", 4, hdr2, NULL, 1);
		}
		paper_use(pp, p->code, pj->code, pj->marking);
		row = report_row(r, t);
		report_add(r, &row[0], RS_PLAIN, pj->name);
		report_add(r, &row[1], RS_PLAIN, p->name);
		report_add(r, &row[2], RS_RATING, rating);
		report_add(r, &row[3], prating ? RS_RATING : RS_PLAIN, prating ? prating : "not rated");
	}
	if (t == NULL)
		report_add(r, report_para(r, s), RS_PLAIN, "No project is rated Amber/Red or Red.");
	return 0;
}

/* --- 4. decisions ------------------------------------------------------ */

/* The latest approved baseline of a programme by day, or NULL. */
static const struct baseline *
baseline_in_force(const struct pib *b, const char *programme)
{
	const struct baseline *best = NULL;

	PAPER_FOREACH(&b->pp, K_BASELINE, const struct baseline, bl) {
		if (!bl->programme || strcmp(bl->programme, programme) != 0 ||
		    !bl->approved_on || bl->approved_on > b->day)
			continue;
		if (best == NULL || bl->approved_on > best->approved_on ||
		    (bl->approved_on == best->approved_on && bl->version > best->version))
			best = bl;
	}
	return best;
}

/* The slip item of milestone code at the board's day, or NULL. */
static const struct slip_item *
milestone_slip(const struct pib *b, const char *code)
{
	for (size_t i = 0; i < b->slips.n; i++) {
		const struct slip_item *it = &b->slips.items[i];

		if (it->kind == K_MILESTONE && strcmp(((const struct milestone *)it->rec)->code, code) == 0)
			return it;
	}
	return NULL;
}

/*
 * The milestone dates change request c proposes (change_milestone), which
 * approving it baselines (cycle.h); every other milestone is baselined at
 * its forecast as it then stands.
 */
static void
proposed_dates(struct pib *b, struct report_section *s, const struct change_request *c)
{
	struct report *r = b->pp.r;
	struct paper *pp = &b->pp;
	static const char *const hdr[] = {
		"Milestone", "Baseline in force", "Forecast", "Proposed", "Why"
	};
	struct report_block *t = NULL;
	struct report_inline *row;

	PAPER_FOREACH(pp, K_CHANGE_MILESTONE, const struct change_milestone, cm) {
		const struct milestone *m;
		const struct slip_item *it;

		if (!cm->change_request || strcmp(cm->change_request, c->code) != 0 ||
		    (m = dataset_find(pp->ds, K_MILESTONE, cm->milestone)) == NULL ||
		    !m->programme || strcmp(m->programme, c->programme) != 0 ||
		    !paper_visible(pp, m->programme, m->project, m->marking))
			continue;
		it = milestone_slip(b, m->code);
		if (t == NULL) {
			report_add(r, report_para(r, s), RS_PLAIN,
				   "The dates it proposes for the new baseline:");
			t = report_table(r, s, "Milestone dates proposed", 5, hdr, NULL, 1);
		}
		paper_use(pp, m->programme, m->project, m->marking);
		row = report_row(r, t);
		report_add(r, &row[0], RS_PLAIN, m->name);
		report_add(r, &row[1], RS_PLAIN, it && it->base.date ? paper_day(pp, it->base.date) : "none");
		report_add(r, &row[2], RS_PLAIN, it && it->forecast ? paper_day(pp, it->forecast) : "none");
		report_add(r, &row[3], RS_PLAIN, paper_day(pp, cm->proposed_date));
		report_add(r, &row[4], RS_PLAIN, cm->note ? cm->note : "");
	}
	report_add(r, report_para(r, s), RS_PLAIN, t ?
		   "Approving it baselines these milestones at the dates it proposes, and "
		   "every other milestone of the programme at its forecast as it then stands." :
		   "It proposes no milestone dates: approving it baselines each milestone at "
		   "its forecast as it then stands.");
}

static void
change_request(struct pib *b, struct report_section *s, const struct change_request *c)
{
	struct report *r = b->pp.r;
	struct paper *pp = &b->pp;
	static const char *const hdr[] = {
		"Milestone", "Baseline in force", "Forecast", "Days late"
	};
	static const enum report_align al[] = { RA_LEFT, RA_LEFT, RA_LEFT, RA_RIGHT };
	const struct baseline *bl = baseline_in_force(b, c->programme);
	struct report_block *kv, *t = NULL;
	struct report_inline *in, *row;

	paper_use(pp, c->programme, NULL, NULL);
	in = report_para(r, s);
	report_add(r, in, RS_STRONG, c->title);
	report_addf(r, in, RS_PLAIN, " (%s, %s)", c->code, paper_prog_name(pp, c->programme));
	kv = report_kv(r, s);
	report_add(r, report_kv_item(r, kv, "Raised"), RS_PLAIN, c->raised ? paper_day(pp, c->raised) :
		   "not recorded");
	report_addf(r, report_kv_item(r, kv, "Decision"), RS_PLAIN, "%s%s%s",
		    c->board ? c->board : "board not named",
		    c->decision_due ? ", due by " : "",
		    c->decision_due ? paper_day(pp, c->decision_due) : "");
	if (bl) {
		in = report_kv_item(r, kv, "Baseline in force");
		report_addf(r, in, RS_PLAIN, "%s version %lld, approved%s%s on %s", bl->code,
			    (long long)bl->version, bl->approved_by ? " by " : "",
			    bl->approved_by ? bl->approved_by : "", paper_day(pp, bl->approved_on));
		if (bl->end_date)
			report_addf(r, in, RS_PLAIN, "; end date %s", paper_day(pp, bl->end_date));
		if (bl->whole_life_cost != INT_NONE)
			report_addf(r, in, RS_PLAIN, "; whole-life cost %s",
				    paper_money(pp, (double)bl->whole_life_cost));
	}
	if (c->reason) {
		in = report_para(r, s);
		report_add(r, in, RS_STRONG, "Reason:");
		report_add(r, in, RS_PLAIN, " ");
		paper_sentence(r, in, c->reason);
	}
	for (size_t i = 0; i < b->slips.n; i++) {
		const struct slip_item *it = &b->slips.items[i];
		const struct milestone *m;

		if (it->kind != K_MILESTONE || !it->programme || strcmp(it->programme, c->programme) != 0 ||
		    it->actual || !it->measurable || it->slip_days <= 0)
			continue;
		m = it->rec;
		if (!paper_visible(pp, m->programme, m->project, m->marking))
			continue;
		if (t == NULL) {
			report_addf(r, report_para(r, s), RS_PLAIN,
				    "Milestones now forecast after the baseline in force at %s, "
				    "which a new baseline would reset:", paper_day(pp, b->day));
			t = report_table(r, s, "Milestones late against the baseline in force",
					 4, hdr, al, 1);
		}
		paper_use(pp, m->programme, m->project, m->marking);
		row = report_row(r, t);
		report_add(r, &row[0], RS_PLAIN, m->name);
		report_add(r, &row[1], RS_PLAIN, paper_day(pp, it->base.date));
		report_add(r, &row[2], RS_PLAIN, it->forecast ? paper_day(pp, it->forecast) : "none");
		report_addf(r, &row[3], RS_PLAIN, "%ld", (long)it->slip_days);
	}
	if (t == NULL)
		report_add(r, report_para(r, s), RS_PLAIN,
			   "No milestone of the programme is forecast after its baseline in force.");
	proposed_dates(b, s, c);
}

static void
sec_decisions(struct pib *b)
{
	struct report *r = b->pp.r;
	struct paper *pp = &b->pp;
	struct report_section *s;
	static const char *const hbc[] = {
		"Business case", "Programme", "Stage", "Value", "Board", "Status"
	};
	static const char *const hd[] = {
		"Decision", "Programme", "Board", "Due", "First due", "Standing"
	};
	struct report_block *t;
	struct report_inline *row;

	report_section(r, 1, "4.", "Awaiting decision");

	s = report_section(r, 2, "4.1", "Change requests (re-baselines)");
	if (b->crs.n == 0)
		report_add(r, report_para(r, s), RS_PLAIN, "No change request awaits decision.");
	for (size_t i = 0; i < b->crs.n; i++)
		change_request(b, s, b->crs.v[i]);

	s = report_section(r, 2, "4.2", "Business cases");
	if (b->bcs.n == 0) {
		report_add(r, report_para(r, s), RS_PLAIN, "No business case awaits decision.");
	} else {
		t = report_table(r, s, "Business cases awaiting decision", 6, hbc, NULL, 1);
		for (size_t i = 0; i < b->bcs.n; i++) {
			const struct business_case *bc = b->bcs.v[i];

			paper_use(pp, bc->programme, bc->project, bc->marking);
			row = report_row(r, t);
			report_add(r, &row[0], RS_PLAIN, bc->title);
			report_add(r, &row[1], RS_PLAIN, paper_prog_name(pp, bc->programme));
			report_add(r, &row[2], RS_PLAIN, paper_stage_name(bc->stage));
			report_add(r, &row[3], RS_PLAIN, bc->value != INT_NONE ?
				   paper_money(pp, (double)bc->value) : "not yet known");
			report_add(r, &row[4], RS_PLAIN, bc->board ? bc->board : "not named");
			report_add(r, &row[5], RS_PLAIN, bc->submitted ?
				   report_printf(r, "submitted %s", paper_day(pp, bc->submitted)) :
				   "in preparation");
		}
	}

	s = report_section(r, 2, "4.3", "Decisions due");
	if (b->decisions.n == 0) {
		report_add(r, report_para(r, s), RS_PLAIN, "No decision is outstanding.");
		return;
	}
	t = report_table(r, s, "Decisions outstanding, by date due", 6, hd, NULL, 1);
	for (size_t i = 0; i < b->decisions.n; i++) {
		const struct decision *d = b->decisions.v[i];

		paper_use(pp, d->programme, NULL, d->marking);
		row = report_row(r, t);
		report_add(r, &row[0], RS_PLAIN, d->title);
		report_add(r, &row[1], RS_PLAIN, d->programme ? paper_prog_name(pp, d->programme) :
			   "portfolio");
		report_add(r, &row[2], is_pib(d->board) ? RS_STRONG : RS_PLAIN,
			   d->board ? d->board : "not named");
		report_add(r, &row[3], RS_PLAIN, d->due ? paper_day(pp, d->due) : "not set");
		report_add(r, &row[4], RS_PLAIN, d->original_due && d->original_due != d->due ?
			   paper_day(pp, d->original_due) : "");
		if (d->due && d->due <= b->day)
			report_add(r, &row[5], RS_STRONG, "overdue");
		else if (d->original_due && d->due > d->original_due)
			report_addf(r, &row[5], RS_PLAIN, "slipped %ld days",
				    (long)(d->due - d->original_due));
		else
			report_add(r, &row[5], RS_PLAIN, "on time");
	}
}

int
report_pib(const struct dataset *ds, int32_t period, const char *clearance,
	   struct report *out, struct error *err)
{
	struct pib b;
	int rc = -1;

	memset(&b, 0, sizeof(b));
	report_init(out);
	assess_result_init(&b.tol);
	if (clearance && enum_index(marking_values, clearance) < 0) {
		error_set(err, ERR_USAGE, "unknown clearance \"%s\" (expected one of OFFICIAL, OFFICIAL-SENSITIVE)",
			  clearance);
		goto out;
	}
	if (period <= 3) {
		error_set(err, ERR_USAGE, "no reporting period given for the PIB report");
		goto out;
	}
	if (paper_init(&b.pp, ds, clearance, out, err) < 0)
		goto out;
	b.month = period;
	b.day = month_last_day(period);
	b.last_day = month_last_day(period - 1);
	if (slip_list_build(ds, NULL, period, &b.slips, err) < 0 ||
	    assess_tolerances(ds, period, &b.tol, err) < 0)
		goto out;
	assess_exceptions_from_findings(ds, &b.tol);
	if (collect(&b) < 0)
		goto out;

	header(&b);
	sec_summary(&b);
	if (sec_exceptions(&b) < 0 || sec_ratings(&b) < 0)
		goto out;
	sec_decisions(&b);
	rc = 0;
out:
	if (rc < 0)
		report_release(out);
	assess_result_release(&b.tol);
	slip_list_release(&b.slips);
	paper_release(&b.pp);
	free(b.now.v);
	free(b.older.v);
	free(b.found.v);
	free(b.red.v);
	free(b.crs.v);
	free(b.bcs.v);
	free(b.decisions.v);
	return rc;
}
