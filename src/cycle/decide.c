/*
 * decide.c - what boards decide between returns (cycle.h): the words of
 * an exception report, a programme risk accepted onto the portfolio
 * register, and a change request approved into a new baseline.
 */
#include "cycle/cycle.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/error.h"
#include "assess/slip.h"
#include "core/xmalloc.h"
#include "cycle/cycle-internal.h"
#include "model/dataset.h"
#include "model/schema.h"
#include "store/store.h"

/* --- exception reports ------------------------------------------------------ */

int
cycle_exception_update(const struct cycle_ctx *c, const char *code,
		       const struct cycle_exception_words *w, size_t *changed,
		       struct error *err)
{
	const struct field *sf = entity_field(entity_of(K_EXCEPTION), "status");
	struct exception *ex, before;
	struct dataset ds;
	int ret = -1;

	if (changed)
		*changed = 0;
	if (w->status && enum_index(sf->values, w->status) < 0)
		return error_set(err, ERR_USAGE,
				 "status: expected one of open, escalated, resolved, closed; got \"%s\"",
				 w->status);
	if (cycle_begin(c, err) < 0)
		return -1;
	if (cycle_load_kinds(c, STORE_KIND(K_EXCEPTION), &ds, err) < 0)
		goto out;
	ex = dataset_find(&ds, K_EXCEPTION, code);
	if (ex == NULL) {
		error_set(err, ERR_NOTFOUND, "there is no exception %s", code);
		goto out;
	}
	before = *ex;
	/* empty text clears a part; NULL leaves it */
	if (w->cause)
		ex->cause = *w->cause ? (char *)w->cause : NULL;
	if (w->consequences)
		ex->consequences = *w->consequences ? (char *)w->consequences : NULL;
	if (w->options)
		ex->options = *w->options ? (char *)w->options : NULL;
	if (w->recommendation)
		ex->recommendation = *w->recommendation ? (char *)w->recommendation : NULL;
	if (w->status)
		ex->status = (char *)w->status;
	if (changed) {
		const struct entity *e = entity_of(K_EXCEPTION);

		for (size_t i = 0; i < e->nfields; i++) {
			const struct field *f = &e->fields[i];
			const char *a = *field_str(&before, f), *b = *field_str(ex, f);

			if (f->type != FT_TEXT && f->type != FT_ENUM)
				continue;
			if ((a == NULL) != (b == NULL) || (a && strcmp(a, b) != 0))
				(*changed)++;
		}
	}
	ret = store_put(c->st, c->org, K_EXCEPTION, ex, err);
out:
	dataset_release(&ds);
	return cycle_end(c, ret, err);
}

/* --- risks ------------------------------------------------------------------ */

static int
is(const char *s, const char *want)
{
	return s && strcmp(s, want) == 0;
}

int
cycle_risk_accept(const struct cycle_ctx *c, const char *risk,
		  const char *portfolio_risk, struct error *err)
{
	struct risk *r, *pr;
	struct risk_link link;
	struct dataset ds;
	int ret = -1;

	if (cycle_begin(c, err) < 0)
		return -1;
	if (cycle_load_kinds(c, STORE_KIND(K_RISK) | STORE_KIND(K_RISK_LINK), &ds,
			     err) < 0)
		goto out;
	r = dataset_find(&ds, K_RISK, risk);
	pr = dataset_find(&ds, K_RISK, portfolio_risk);
	if (r == NULL) {
		error_set(err, ERR_NOTFOUND, "there is no risk %s to accept", risk);
		goto out;
	}
	if (pr == NULL) {
		error_set(err, ERR_NOTFOUND,
			  "there is no portfolio risk %s to accept %s into", portfolio_risk,
			  risk);
		goto out;
	}
	if (is(r->level, "portfolio")) {
		error_set(err, ERR_INPUT,
			  "%s is itself on the portfolio register: accept a programme or project risk",
			  risk);
		goto out;
	}
	if (!is(pr->level, "portfolio")) {
		error_set(err, ERR_INPUT,
			  "%s is a %s risk, not a portfolio risk: name the portfolio risk it feeds",
			  portfolio_risk, pr->level);
		goto out;
	}
	DS_FOREACH(&ds, K_RISK_LINK, const struct risk_link, l)
		if (is(l->risk, risk) && is(l->portfolio_risk, portfolio_risk)) {
			error_set(err, ERR_CONFLICT, "%s already feeds %s", risk,
				  portfolio_risk);
			goto out;
		}
	record_clear(&link, entity_of(K_RISK_LINK));
	link.portfolio_risk = pr->code;
	link.risk = r->code;
	ret = store_put(c->st, c->org, K_RISK_LINK, &link, err);
out:
	dataset_release(&ds);
	return cycle_end(c, ret, err);
}

/* --- change requests and baselines ------------------------------------------ */

/*
 * Whether a baseline of ds agreed by date carries milestone: one made for
 * a change request that was not approved carries nothing, as the slip's
 * baseline in force counts it (slip_baseline_agreed()).
 */
static int
carried(const struct dataset *ds, const char *milestone, int32_t date)
{
	DS_FOREACH(ds, K_BASELINE_MILESTONE, const struct baseline_milestone, bm) {
		if (is(bm->milestone, milestone) &&
		    slip_baseline_agreed(ds, dataset_find(ds, K_BASELINE, bm->baseline), date))
			return 1;
	}
	return 0;
}

/* A baseline code for programme not yet used: "<PROG>-B<n>". */
static void
baseline_code(const struct dataset *ds, const char *programme, int64_t n,
	      char *buf, size_t size)
{
	snprintf(buf, size, "%s-B%" PRId64, programme, n);
	for (int i = 2; dataset_find(ds, K_BASELINE, buf); i++)
		snprintf(buf, size, "%s-B%" PRId64 "-%d", programme, n, i);
}

/* The date change request cr proposes for milestone, or 0. */
static int32_t
proposed_date(const struct dataset *ds, const char *cr, const char *milestone)
{
	DS_FOREACH(ds, K_CHANGE_MILESTONE, const struct change_milestone, cm)
		if (is(cm->change_request, cr) && is(cm->milestone, milestone))
			return cm->proposed_date;
	return 0;
}

static int
put_baseline_milestone(const struct cycle_ctx *c, const char *baseline,
		       const char *milestone, int32_t date, struct error *err)
{
	struct baseline_milestone bm;

	record_clear(&bm, entity_of(K_BASELINE_MILESTONE));
	bm.baseline = (char *)baseline;
	bm.milestone = (char *)milestone;
	bm.date = date;
	return store_put(c->st, c->org, K_BASELINE_MILESTONE, &bm, err);
}

int
cycle_change_approve(const struct cycle_ctx *c, const char *cr,
		     const char *board, int32_t date, struct cycle_baseline *out,
		     struct error *err)
{
	const struct programme *prog;
	struct change_request *req;
	struct baseline b;
	struct dataset ds;
	char prev_code[64], note[600], db[16];
	int64_t version = 0;
	size_t uncarried = 0, proposals = 0, others = 0;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	if (date <= 0)
		return error_set(err, ERR_USAGE, "no approval date given");
	if (board == NULL || *board == '\0')
		return error_set(err, ERR_USAGE, "no approving board given");
	if (cycle_begin(c, err) < 0)
		return -1;
	if (cycle_load_kinds(c, STORE_KIND(K_PROGRAMME) | STORE_KIND(K_MILESTONE) |
			     STORE_KIND(K_CHANGE_REQUEST) | STORE_KIND(K_CHANGE_MILESTONE) |
			     STORE_KIND(K_BASELINE) | STORE_KIND(K_BASELINE_MILESTONE),
			     &ds, err) < 0)
		goto out;
	req = dataset_find(&ds, K_CHANGE_REQUEST, cr);
	if (req == NULL) {
		error_set(err, ERR_NOTFOUND, "there is no change request %s", cr);
		goto out;
	}
	if (!is(req->status, "pending")) {
		error_set(err, ERR_CONFLICT, "change request %s is %s, not pending",
			  cr, req->status);
		goto out;
	}
	if (req->raised && date < req->raised) {
		error_set(err, ERR_INPUT, "%s is before the request was raised (%s)",
			  date_format(date, db), date_format(req->raised, note));
		goto out;
	}
	prog = dataset_find(&ds, K_PROGRAMME, req->programme);
	DS_FOREACH(&ds, K_BASELINE, const struct baseline, x)
		if (is(x->programme, req->programme) && x->version > version)
			version = x->version;
	DS_FOREACH(&ds, K_MILESTONE, const struct milestone, m) {
		if (!is(m->programme, req->programme))
			continue;
		if (m->baseline_date && !carried(&ds, m->code, date))
			uncarried++;
		if (proposed_date(&ds, req->code, m->code))
			proposals++;
		else if (m->actual_date || m->forecast_date || m->baseline_date)
			others++;
	}

	/*
	 * The plan before, where no baseline record holds it, is recorded
	 * first: without it, moving a milestone's baseline_date would move
	 * its history too.
	 */
	if (uncarried) {
		int32_t since = prog->start_date && prog->start_date < date ?
			prog->start_date : date - 1;

		version++;
		baseline_code(&ds, req->programme, version, prev_code,
			      sizeof(prev_code));
		record_clear(&b, entity_of(K_BASELINE));
		b.code = prev_code;
		b.programme = req->programme;
		b.version = version;
		b.approved_on = since;
		b.end_date = prog->end_date;
		b.whole_life_cost = prog->whole_life_cost;
		snprintf(note, sizeof(note),
			 "The plan in force before %s, recorded when %s was approved; dated %s.",
			 cr, cr, prog->start_date && prog->start_date < date ?
			 "from the programme's start" : "the day before that approval");
		b.note = note;
		if (store_put(c->st, c->org, K_BASELINE, &b, err) < 0)
			goto out;
		DS_FOREACH(&ds, K_MILESTONE, const struct milestone, m)
			if (is(m->programme, req->programme) && m->baseline_date &&
			    !carried(&ds, m->code, date) &&
			    put_baseline_milestone(c, prev_code, m->code,
						   m->baseline_date, err) < 0)
				goto out;
		out->recorded_previous = 1;
	}

	version++;
	baseline_code(&ds, req->programme, version, out->code, sizeof(out->code));
	out->version = version;
	record_clear(&b, entity_of(K_BASELINE));
	b.code = out->code;
	b.programme = req->programme;
	b.version = version;
	b.change_request = req->code;
	b.approved_by = (char *)board;
	b.approved_on = date;
	b.end_date = prog->end_date;
	b.whole_life_cost = prog->whole_life_cost;
	if (proposals == 0)
		snprintf(note, sizeof(note),
			 "Made by %s (%s): milestone dates are their forecasts in force when %s approved it; "
			 "milestones achieved by then keep their baseline dates.",
			 cr, req->title, board);
	else if (others == 0)
		snprintf(note, sizeof(note),
			 "Made by %s (%s): milestone dates are those it proposed, as %s approved them.",
			 cr, req->title, board);
	else
		snprintf(note, sizeof(note),
			 "Made by %s (%s): milestone dates are those it proposed, as %s approved them; "
			 "milestones it proposed no date for keep their forecasts in force then "
			 "(their baseline dates when achieved by then).",
			 cr, req->title, board);
	b.note = note;
	if (store_put(c->st, c->org, K_BASELINE, &b, err) < 0)
		goto out;
	DS_FOREACH(&ds, K_MILESTONE, struct milestone, m) {
		int32_t d;

		if (!is(m->programme, req->programme))
			continue;
		d = proposed_date(&ds, req->code, m->code);
		if (d)
			out->proposed++;
		else if (m->actual_date && m->actual_date <= date &&
			 m->baseline_date)
			/* achieved by then: a re-baseline re-plans the work
			   still to do, and what was delivered stays measured
			   against the plan it was delivered under */
			d = m->baseline_date;
		else
			d = m->actual_date ? m->actual_date :
			    m->forecast_date ? m->forecast_date : m->baseline_date;
		if (d == 0)
			continue;
		if (put_baseline_milestone(c, out->code, m->code, d, err) < 0)
			goto out;
		out->milestones++;
		if (m->baseline_date != d) {
			m->baseline_date = d;
			if (store_put(c->st, c->org, K_MILESTONE, m, err) < 0)
				goto out;
			out->moved++;
		}
	}
	req->status = "approved";
	req->decided = date;
	req->board = (char *)board;
	ret = store_put(c->st, c->org, K_CHANGE_REQUEST, req, err);
out:
	dataset_release(&ds);
	return cycle_end(c, ret, err);
}
