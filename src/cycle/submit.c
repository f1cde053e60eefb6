/*
 * submit.c - recording returns (cycle_returns_submit in cycle.h).
 *
 * Two passes over the batch: every return is checked against the
 * organisation as the store holds it, inside the write transaction, and
 * only when all pass is anything written. Each write goes through
 * store_put, which audits every changed field; a record whose values
 * would not change is not put at all.
 */
#include "cycle/cycle.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess/risk.h"
#include "core/date.h"
#include "core/error.h"
#include "core/xmalloc.h"
#include "cycle/cycle-internal.h"
#include "cycle/return-file.h"
#include "model/dataset.h"
#include "model/schema.h"
#include "store/store.h"

/* What the check pass decided for one return. */
struct plan {
	struct cycle_return *r;
	const char *programme;
	int32_t month;
	struct period *period;
	struct monthly_return *latest;	/* highest version held, or NULL */
	int64_t version;		/* version to record */
	int in_place;			/* update latest rather than add */
	int current;			/* the programme's latest reported month */
};

/*
 * Fail at a place and field: "FILE: milestones[3].forecast_date" for a JSON
 * row, "FILE.csv:4" with the column named in the message for a CSV row,
 * "FILE: period" for a member of the file itself.
 */
static int
vplace_fail(struct error *err, const char *where, int csv, int top,
	    const char *field, const char *fmt, va_list ap)
{
	char msg[sizeof(err->msg) - 64];

	if (err == NULL)
		return -1;
	err->code = ERR_INPUT;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (csv) {
		snprintf(err->where, sizeof(err->where), "%s", where);
		snprintf(err->msg, sizeof(err->msg), "%.60s: %s", field, msg);
	} else {
		snprintf(err->where, sizeof(err->where), "%s%s%s", where,
			 top ? ": " : ".", field);
		snprintf(err->msg, sizeof(err->msg), "%s", msg);
	}
	return -1;
}

static int
row_fail(struct error *err, const struct return_row *row, const char *field,
	 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int
row_fail(struct error *err, const struct return_row *row, const char *field,
	 const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vplace_fail(err, row->where, row->csv, 0, field, fmt, ap);
	va_end(ap);
	return ret;
}

static int
file_fail(struct error *err, const struct cycle_return *r, const char *field,
	  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int
file_fail(struct error *err, const struct cycle_return *r, const char *field,
	  const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vplace_fail(err, r->source ? r->source : "return", 0, 1, field,
			  fmt, ap);
	va_end(ap);
	return ret;
}

static int
given(const struct return_row *row, const struct entity *e, const char *name)
{
	for (size_t i = 0; i < e->nfields; i++)
		if (strcmp(e->fields[i].name, name) == 0)
			return (row->given >> i) & 1;
	return 0;
}

static const struct field *
field_named(enum kind k, const char *name)
{
	return entity_field(entity_of(k), name);
}

/* Context field name of row must read as held in stored (same kind). */
static int
check_context(const struct return_row *row, enum kind k, const void *stored,
	      const char *name, const char *code, struct error *err)
{
	const struct field *f = field_named(k, name);
	char a[512], b[512];

	if (!given(row, entity_of(k), name))
		return 0;
	field_text(row->rec, f, a, sizeof(a));
	field_text(stored, f, b, sizeof(b));
	if (strcmp(a, b) == 0)
		return 0;
	return row_fail(err, row, name,
		     "%s is not changed by a return: folio holds %s%s%s for %s, the file says %s%s%s",
		     name, *b ? "\"" : "", *b ? b : "nothing", *b ? "\"" : "", code,
		     *a ? "\"" : "", *a ? a : "nothing", *a ? "\"" : "");
}

/* --- checking -------------------------------------------------------------- */

static int
check_milestones(const struct dataset *ds, const struct plan *pl,
		 struct error *err)
{
	const struct cycle_return *r = pl->r;
	int32_t end = month_last_day(pl->month);
	char mb[16], db[16];

	for (size_t i = 0; i < r->nrows[RS_MILESTONES]; i++) {
		const struct return_row *row = &r->rows[RS_MILESTONES][i];
		const struct milestone *in = row->rec, *m;

		m = dataset_find(ds, K_MILESTONE, in->code);
		if (m == NULL)
			return row_fail(err, row, "code", "there is no milestone %s",
				     in->code);
		if (strcmp(m->programme, pl->programme) != 0)
			return row_fail(err, row, "code",
				     "milestone %s belongs to programme %s, not %s",
				     in->code, m->programme, pl->programme);
		if (check_context(row, K_MILESTONE, m, "name", in->code, err) < 0 ||
		    check_context(row, K_MILESTONE, m, "key", in->code, err) < 0 ||
		    check_context(row, K_MILESTONE, m, "baseline_date", in->code,
				  err) < 0)
			return -1;
		if (given(row, entity_of(K_MILESTONE), "actual_date") &&
		    in->actual_date > end)
			return row_fail(err, row, "actual_date",
				     "%s is after the end of %s: a return reports what was achieved by then",
				     date_format(in->actual_date, db),
				     month_format(pl->month, mb));
	}
	return 0;
}

/* rec (a risk or issue) is the programme's own or one of its projects'. */
static int
belongs(const struct dataset *ds, const char *level, const char *programme,
	const char *project, const char *prog)
{
	if (level && strcmp(level, "portfolio") == 0)
		return 0;
	return (programme && strcmp(programme, prog) == 0) ||
	       cycle_project_in(ds, project, prog);
}

static int
check_risks(const struct dataset *ds, const struct plan *pl,
	    struct error *err)
{
	const struct cycle_return *r = pl->r;

	for (size_t i = 0; i < r->nrows[RS_RISKS]; i++) {
		const struct return_row *row = &r->rows[RS_RISKS][i];
		const struct risk *in = row->rec, *k;

		k = dataset_find(ds, K_RISK, in->code);
		if (k == NULL)
			return row_fail(err, row, "code", "there is no risk %s",
				     in->code);
		if (!belongs(ds, k->level, k->programme, k->project, pl->programme))
			return row_fail(err, row, "code",
				     "risk %s is not on the register of programme %s or its projects",
				     in->code, pl->programme);
		if (check_context(row, K_RISK, k, "title", in->code, err) < 0)
			return -1;
	}
	return 0;
}

static int
check_issues(const struct dataset *ds, const struct plan *pl,
	     struct error *err)
{
	const struct cycle_return *r = pl->r;
	const struct entity *e = entity_of(K_ISSUE);
	char a[16], b[16];

	for (size_t i = 0; i < r->nrows[RS_ISSUES]; i++) {
		const struct return_row *row = &r->rows[RS_ISSUES][i];
		const struct issue *in = row->rec, *k;
		int32_t resolved;

		k = dataset_find(ds, K_ISSUE, in->code);
		if (k == NULL)
			return row_fail(err, row, "code", "there is no issue %s",
				     in->code);
		if (!belongs(ds, k->level, k->programme, k->project, pl->programme))
			return row_fail(err, row, "code",
				     "issue %s is not on the register of programme %s or its projects",
				     in->code, pl->programme);
		if (check_context(row, K_ISSUE, k, "title", in->code, err) < 0)
			return -1;
		resolved = given(row, e, "resolved") ? in->resolved : k->resolved;
		if (resolved && k->raised && resolved < k->raised)
			return row_fail(err, row, "resolved",
				     "%s is before the issue was raised (%s)",
				     date_format(resolved, a), date_format(k->raised, b));
	}
	return 0;
}

/* The benefit_value of benefit for month in ds, or NULL. */
static struct benefit_value *
find_value(const struct dataset *ds, const char *benefit, int32_t month)
{
	DS_FOREACH(ds, K_BENEFIT_VALUE, struct benefit_value, v)
		if (v->period == month && v->benefit &&
		    strcmp(v->benefit, benefit) == 0)
			return v;
	return NULL;
}

static int
check_benefits(const struct dataset *ds, const struct plan *pl,
	       struct error *err)
{
	const struct cycle_return *r = pl->r;

	for (size_t i = 0; i < r->nrows[RS_BENEFITS]; i++) {
		const struct return_row *row = &r->rows[RS_BENEFITS][i];
		const struct benefit_value *in = row->rec, *held;
		const struct benefit *b;
		struct benefit_value none;

		b = dataset_find(ds, K_BENEFIT, in->benefit);
		if (b == NULL)
			return row_fail(err, row, "benefit", "there is no benefit %s",
				     in->benefit);
		if (strcmp(b->programme, pl->programme) != 0)
			return row_fail(err, row, "benefit",
				     "benefit %s belongs to programme %s, not %s",
				     in->benefit, b->programme, pl->programme);
		if (row->has_title &&
		    (row->title == NULL || b->title == NULL ||
		     strcmp(row->title, b->title) != 0))
			return row_fail(err, row, "title",
				     "title is not changed by a return: folio holds \"%s\" for %s",
				     b->title ? b->title : "", in->benefit);
		held = find_value(ds, in->benefit, pl->month);
		if (held == NULL) {
			record_clear(&none, entity_of(K_BENEFIT_VALUE));
			held = &none;
		}
		if (check_context(row, K_BENEFIT_VALUE, held, "planned", in->benefit,
				  err) < 0)
			return -1;
	}
	return 0;
}

static struct finance *
find_finance(const struct dataset *ds, const char *programme, int64_t year)
{
	DS_FOREACH(ds, K_FINANCE, struct finance, f)
		if (f->year == year && f->programme &&
		    strcmp(f->programme, programme) == 0)
			return f;
	return NULL;
}

static int
check_finance(const struct dataset *ds, const struct plan *pl,
	      struct error *err)
{
	const struct cycle_return *r = pl->r;
	const struct return_row *row;
	const struct finance *in, *held;
	struct finance none;
	char mb[16], label[16];
	int fy = fy_of_month(pl->month);

	if (r->nrows[RS_FINANCE] == 0)
		return 0;
	row = &r->rows[RS_FINANCE][0];
	in = row->rec;
	if (in->year != fy)
		return row_fail(err, row, "year",
			     "expected %d (%s, the financial year of %s), got %" PRId64,
			     fy, fy_label(fy, label), month_format(pl->month, mb),
			     in->year);
	held = find_finance(ds, pl->programme, fy);
	if (held == NULL) {
		record_clear(&none, entity_of(K_FINANCE));
		held = &none;
	}
	if (check_context(row, K_FINANCE, held, "capital_budget", pl->programme,
			  err) < 0 ||
	    check_context(row, K_FINANCE, held, "revenue_budget", pl->programme,
			  err) < 0)
		return -1;
	return 0;
}

static int
is_state(const char *s, const char *want)
{
	return s && strcmp(s, want) == 0;
}

static int
check_return(const struct cycle_ctx *c, const struct dataset *ds,
	     struct plan *pl, unsigned flags, struct error *err)
{
	struct cycle_return *r = pl->r;
	const struct organisation *org = dataset_org(ds);
	const struct programme *prog;
	char mb[16];
	int correction = (flags & CYCLE_CORRECTION) != 0;

	pl->programme = r->ret->programme;
	pl->month = r->ret->period;
	month_format(pl->month, mb);
	if (r->organisation && strcmp(r->organisation, c->org) != 0)
		return file_fail(err, r, "organisation",
			     "this return is for organisation %s, not %s",
			     r->organisation, c->org);
	if (dataset_find(ds, K_PROGRAMME, pl->programme) == NULL)
		return file_fail(err, r, "programme", "there is no programme %s",
			     pl->programme);
	pl->period = cycle_find_period(ds, pl->month);
	if (pl->period == NULL)
		return file_fail(err, r, "period",
			     "no reporting period %s has been opened", mb);
	if (correction && !is_state(pl->period->state, "published"))
		return file_fail(err, r, "period",
			     "%s is %s, not published: send the return again rather than as a correction",
			     mb, pl->period->state);
	if (!correction && is_state(pl->period->state, "published"))
		return file_fail(err, r, "period",
			     "%s is published: a change to it now is a correction, recorded as a new version",
			     mb);
	pl->latest = cycle_latest_return(ds, pl->programme, pl->month);
	/* a closed programme no longer reports; a return it sent while it
	   ran may still be corrected */
	prog = dataset_find(ds, K_PROGRAMME, pl->programme);
	if (pl->latest == NULL && prog->lifecycle &&
	    strcmp(prog->lifecycle, "closed") == 0)
		return file_fail(err, r, "programme",
			     "%s is closed: a closed programme sends no returns",
			     pl->programme);
	if (pl->latest == NULL) {
		pl->version = 1;
	} else if (correction && is_state(pl->latest->status, "published")) {
		pl->version = pl->latest->version + 1;
	} else {
		pl->version = pl->latest->version;
		pl->in_place = 1;
	}
	if (r->version != INT_NONE && r->version != pl->version) {
		if (pl->in_place)
			return file_fail(err, r, "version",
					 "expected %" PRId64 ", got %" PRId64 ": %s's return for %s is at version %" PRId64 " until it is published",
					 pl->version, r->version, pl->programme, mb,
					 pl->version);
		if (pl->version == 1)
			return file_fail(err, r, "version",
					 "expected 1, got %" PRId64 ": this is %s's first return for %s",
					 r->version, pl->programme, mb);
		return file_fail(err, r, "version",
				 "expected %" PRId64 ", got %" PRId64 ": the correction follows published version %" PRId64,
				 pl->version, r->version, pl->version - 1);
	}
	if (org && org->dca_scale && strcmp(org->dca_scale, "three") == 0) {
		const char *ratings[] = { r->ret->dca, r->ret->sro_dca };
		const char *names[] = { "return.dca", "return.sro_dca" };

		for (int i = 0; i < 2; i++)
			if (ratings[i] && (strcmp(ratings[i], "Amber/Green") == 0 ||
					   strcmp(ratings[i], "Amber/Red") == 0))
				return file_fail(err, r, names[i],
					     "%s is not on %s's three-point scale (Green, Amber, Red)",
					     ratings[i], c->org);
	}
	pl->current = !cycle_reported_after(ds, pl->programme, pl->month);
	if (check_milestones(ds, pl, err) < 0 || check_risks(ds, pl, err) < 0 ||
	    check_issues(ds, pl, err) < 0 || check_benefits(ds, pl, err) < 0 ||
	    check_finance(ds, pl, err) < 0)
		return -1;
	return 0;
}

/* --- writing --------------------------------------------------------------- */

/* Copy the fields given in row from rec into dst (same kind). */
static void
apply_given(enum kind k, void *dst, const void *rec, uint64_t given_bits,
	    int role_section)
{
	const struct entity *e = entity_of(k);

	for (size_t i = 0; i < e->nfields; i++) {
		const struct field *f = &e->fields[i];

		if (!((given_bits >> i) & 1))
			continue;
		if (role_section >= 0 &&
		    return_field_role(role_section, f->name) != RF_UPDATE)
			continue;
		if (role_section < 0 && !return_member_role(f->name))
			continue;
		memcpy((char *)dst + f->offset, (const char *)rec + f->offset,
		       f->type == FT_INT || f->type == FT_MONEY ? sizeof(int64_t) :
		       f->type == FT_REAL ? sizeof(double) :
		       f->type == FT_DATE || f->type == FT_MONTH ? sizeof(int32_t) :
		       f->type == FT_BOOL ? sizeof(int) : sizeof(char *));
	}
}

/* Put rec when it differs from old (or old is NULL); counts changes. */
static int
put_changed(const struct cycle_ctx *c, enum kind k, const void *rec,
	    const void *old, size_t *changes, struct error *err)
{
	if (old && cycle_records_equal(k, rec, old))
		return 0;
	if (store_put(c->st, c->org, k, rec, err) < 0)
		return -1;
	(*changes)++;
	return 0;
}

/*
 * The milestone_forecast row in force for milestone code at month: the
 * latest for a period up to month (tables from a store are sorted by
 * milestone, then period). NULL when none.
 */
static const struct milestone_forecast *
forecast_in_force(const struct dataset *ds, const char *code, int32_t month)
{
	const struct table *t = &ds->t[K_MILESTONE_FORECAST];
	const struct milestone_forecast *best = NULL;
	size_t lo = 0, hi = t->n;

	if (t->sorted) {
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			const struct milestone_forecast *f = t->rows[mid];

			if (strcmp(f->milestone, code) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (size_t i = lo; i < t->n; i++) {
			const struct milestone_forecast *f = t->rows[i];

			if (strcmp(f->milestone, code) != 0 || f->period > month)
				break;
			best = f;
		}
		return best;
	}
	for (size_t i = 0; i < t->n; i++) {
		const struct milestone_forecast *f = t->rows[i];

		if (strcmp(f->milestone, code) == 0 && f->period <= month &&
		    (best == NULL || f->period > best->period))
			best = f;
	}
	return best;
}

/*
 * A return for the programme's latest month is compared with the dates the
 * milestone holds now; one for an earlier month with the history row in
 * force at that month (hist: the milestone_forecast table), so that a late
 * correction records what changed then.
 */
static int
write_milestones(const struct cycle_ctx *c, struct dataset *ds,
		 const struct dataset *hist, const struct plan *pl,
		 size_t *changes, struct error *err)
{
	const struct cycle_return *r = pl->r;
	const struct entity *e = entity_of(K_MILESTONE);

	for (size_t i = 0; i < r->nrows[RS_MILESTONES]; i++) {
		const struct return_row *row = &r->rows[RS_MILESTONES][i];
		const struct milestone *in = row->rec;
		struct milestone *m = dataset_find(ds, K_MILESTONE, in->code);
		const struct milestone_forecast *held;
		struct milestone_forecast mf;
		int32_t forecast, actual, was_f, was_a;

		held = pl->current ? NULL : forecast_in_force(hist, m->code, pl->month);
		was_f = held ? held->forecast_date : m->forecast_date;
		was_a = held ? held->actual_date : m->actual_date;
		forecast = given(row, e, "forecast_date") ? in->forecast_date : was_f;
		actual = given(row, e, "actual_date") ? in->actual_date : was_a;
		if (forecast != was_f || actual != was_a) {
			record_clear(&mf, entity_of(K_MILESTONE_FORECAST));
			mf.milestone = m->code;
			mf.period = pl->month;
			mf.forecast_date = forecast;
			mf.actual_date = actual;
			if (put_changed(c, K_MILESTONE_FORECAST, &mf, NULL, changes,
					err) < 0)
				return -1;
		}
		if (pl->current && (m->forecast_date != forecast ||
				    m->actual_date != actual)) {
			m->forecast_date = forecast;
			m->actual_date = actual;
			if (put_changed(c, K_MILESTONE, m, NULL, changes, err) < 0)
				return -1;
		}
	}
	return 0;
}

static int
write_register(const struct cycle_ctx *c, struct dataset *ds,
	       const struct plan *pl, enum return_section s, size_t *changes,
	       struct error *err)
{
	const struct cycle_return *r = pl->r;
	enum kind k = return_section_kind(s);
	struct risk before_r;
	struct issue before_i;
	void *before = k == K_RISK ? (void *)&before_r : (void *)&before_i;

	for (size_t i = 0; i < r->nrows[s]; i++) {
		const struct return_row *row = &r->rows[s][i];
		void *held = dataset_find(ds, k, *(char *const *)row->rec);

		cycle_record_copy(k, before, held);
		apply_given(k, held, row->rec, row->given, s);
		if (put_changed(c, k, held, before, changes, err) < 0)
			return -1;
	}
	return 0;
}

/*
 * The month's risk_score row for each risk the return reports, changed or
 * not: the return is the month's report of the register. A return for the
 * programme's latest month records the risk as it now stands (after
 * write_register); one for an earlier month starts from the score in
 * force at that month (else the risk's present one) and takes the
 * figures the return gives. A risk raised after the month ended was not
 * on the register then and gets no row. Rows added here go into ds (and
 * the history h indexes what was loaded) so the count of changes is right.
 */
static int
write_scores(const struct cycle_ctx *c, struct dataset *ds,
	     const struct risk_history *h, const struct plan *pl,
	     size_t *changes, struct error *err)
{
	const struct cycle_return *r = pl->r;
	const struct entity *e = entity_of(K_RISK);
	int32_t end = month_last_day(pl->month);

	for (size_t i = 0; i < r->nrows[RS_RISKS]; i++) {
		const struct return_row *row = &r->rows[RS_RISKS][i];
		const struct risk *in = row->rec;
		const struct risk *k = dataset_find(ds, K_RISK, in->code);
		const struct risk_score *at = risk_history_at(h, k->code, pl->month);
		const struct risk_score *held = at && at->period == pl->month ? at : NULL;
		struct risk_score v;

		if (k->raised != DATE_NONE && k->raised > end)
			continue;
		record_clear(&v, entity_of(K_RISK_SCORE));
		v.risk = k->code;
		v.period = pl->month;
		v.note = held ? held->note : NULL;
		if (pl->current || at == NULL) {
			v.likelihood = k->current_likelihood;
			v.impact = k->current_impact;
			v.status = k->status;
		} else {
			v.likelihood = at->likelihood;
			v.impact = at->impact;
			v.status = at->status;
		}
		if (!pl->current) {
			if (given(row, e, "current_likelihood"))
				v.likelihood = in->current_likelihood;
			if (given(row, e, "current_impact"))
				v.impact = in->current_impact;
			if (given(row, e, "status"))
				v.status = in->status;
		}
		if (risk_score(v.likelihood, v.impact) == 0 || v.status == NULL)
			continue;	/* nothing a score row could hold */
		if (put_changed(c, K_RISK_SCORE, &v, held, changes, err) < 0)
			return -1;
		if (held == NULL) {
			struct risk_score *nv = dataset_add(ds, K_RISK_SCORE);

			*nv = v;
		}
	}
	return 0;
}

static int
write_benefits(const struct cycle_ctx *c, struct dataset *ds,
	       const struct plan *pl, size_t *changes, struct error *err)
{
	const struct cycle_return *r = pl->r;

	for (size_t i = 0; i < r->nrows[RS_BENEFITS]; i++) {
		const struct return_row *row = &r->rows[RS_BENEFITS][i];
		const struct benefit_value *in = row->rec;
		struct benefit_value *held = find_value(ds, in->benefit, pl->month);
		struct benefit_value v;

		if (held) {
			cycle_record_copy(K_BENEFIT_VALUE, &v, held);
		} else {
			record_clear(&v, entity_of(K_BENEFIT_VALUE));
			v.benefit = in->benefit;
			v.period = pl->month;
		}
		apply_given(K_BENEFIT_VALUE, &v, in, row->given, RS_BENEFITS);
		/* no figure for a month that has no row: nothing to record
		   (the template sends "actual": null for every benefit) */
		if (held == NULL && isnan(v.actual))
			continue;
		if (put_changed(c, K_BENEFIT_VALUE, &v, held, changes, err) < 0)
			return -1;
	}
	return 0;
}

static int
write_finance(const struct cycle_ctx *c, struct dataset *ds,
	      const struct plan *pl, size_t *changes, struct error *err)
{
	const struct cycle_return *r = pl->r;
	const struct return_row *row;
	struct finance *held, v;

	if (r->nrows[RS_FINANCE] == 0)
		return 0;
	row = &r->rows[RS_FINANCE][0];
	held = find_finance(ds, pl->programme, fy_of_month(pl->month));
	if (held) {
		cycle_record_copy(K_FINANCE, &v, held);
	} else {
		record_clear(&v, entity_of(K_FINANCE));
		v.programme = (char *)pl->programme;
		v.year = fy_of_month(pl->month);
	}
	apply_given(K_FINANCE, &v, row->rec, row->given, RS_FINANCE);
	if (held == NULL) {
		struct finance blank;

		record_clear(&blank, entity_of(K_FINANCE));
		blank.programme = v.programme;
		blank.year = v.year;
		if (cycle_records_equal(K_FINANCE, &v, &blank))
			return 0;	/* nothing to say about the year */
	}
	return put_changed(c, K_FINANCE, &v, held, changes, err);
}

static int
write_return(const struct cycle_ctx *c, const struct plan *pl,
	     size_t *changes, struct error *err)
{
	struct monthly_return rec, *old = NULL;

	if (pl->latest) {
		/* in place, or a correction starting from the version before */
		cycle_record_copy(K_RETURN, &rec, pl->latest);
		old = pl->in_place ? pl->latest : NULL;
	} else {
		record_clear(&rec, entity_of(K_RETURN));
	}
	rec.programme = (char *)pl->programme;
	rec.period = pl->month;
	rec.version = pl->version;
	apply_given(K_RETURN, &rec, pl->r->ret, pl->r->ret_given, -1);
	rec.status = "submitted";
	rec.submitted_by = (char *)c->actor;
	rec.submitted_at = (char *)c->now;
	rec.reviewed_by = NULL;
	rec.reviewed_at = NULL;
	if (put_changed(c, K_RETURN, &rec, old, changes, err) < 0)
		return -1;
	if (old)
		cycle_record_copy(K_RETURN, old, &rec);
	return 0;
}

void
cycle_submit_release(struct cycle_submit *s)
{
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/* Move the period to submitted when every expected programme has returned. */
static int
update_period(const struct cycle_ctx *c, struct dataset *ds,
	      struct period *p, int *moved, struct error *err)
{
	struct cycle_status s;
	int ret = 0;

	*moved = 0;
	if (!is_state(p->state, "open") && !is_state(p->state, "reviewed"))
		return 0;
	cycle_status_build(ds, p->month, &s);
	if (is_state(p->state, "reviewed") || s.missing == 0) {
		p->state = "submitted";
		ret = store_put(c->st, c->org, K_PERIOD, p, err);
		*moved = ret == 0;
	}
	cycle_status_release(&s);
	return ret;
}

int
cycle_returns_submit(const struct cycle_ctx *c, struct cycle_return *const *v,
		     size_t n, unsigned flags, struct cycle_submit *out,
		     struct error *err)
{
	struct dataset ds, hist;
	struct risk_history scores;
	struct plan *plans = NULL;
	int ret = -1, loaded = 0, hist_loaded = 0;

	memset(out, 0, sizeof(*out));
	if (n == 0)
		return error_set(err, ERR_USAGE, "no returns to submit");
	if (cycle_begin(c, err) < 0)
		return -1;
	/* what returns touch; the forecast history only if it is needed */
	if (cycle_load_kinds(c, STORE_KIND(K_PROGRAMME) | STORE_KIND(K_PROJECT) |
			     STORE_KIND(K_PERIOD) | STORE_KIND(K_RETURN) |
			     STORE_KIND(K_MILESTONE) | STORE_KIND(K_RISK) |
			     STORE_KIND(K_RISK_SCORE) | STORE_KIND(K_ISSUE) |
			     STORE_KIND(K_BENEFIT) | STORE_KIND(K_BENEFIT_VALUE) |
			     STORE_KIND(K_FINANCE), &ds, err) < 0)
		goto out;
	loaded = 1;
	risk_history_build(&scores, &ds);
	plans = xcalloc(n, sizeof(*plans));
	for (size_t i = 0; i < n; i++) {
		plans[i].r = v[i];
		if (check_return(c, &ds, &plans[i], flags, err) < 0)
			goto out;
		for (size_t j = 0; j < i; j++)
			if (strcmp(plans[j].programme, plans[i].programme) == 0 &&
			    plans[j].month == plans[i].month) {
				file_fail(err, v[i], "programme",
					  "%s's return for this month is also in %s",
				      plans[i].programme,
				      v[j]->source ? v[j]->source : "this batch");
				goto out;
			}
	}
	for (size_t i = 0; i < n && !hist_loaded; i++)
		if (!plans[i].current) {
			if (cycle_load_kinds(c, STORE_KIND(K_MILESTONE_FORECAST), &hist,
					     err) < 0)
				goto out;
			hist_loaded = 1;
		}
	out->v = xcalloc(n, sizeof(*out->v));
	out->n = n;
	for (size_t i = 0; i < n; i++) {
		struct plan *pl = &plans[i];
		size_t changes = 0;

		if (write_return(c, pl, &changes, err) < 0 ||
		    write_milestones(c, &ds, &hist, pl, &changes, err) < 0 ||
		    write_benefits(c, &ds, pl, &changes, err) < 0)
			goto out;
		if (pl->current &&
		    (write_register(c, &ds, pl, RS_RISKS, &changes, err) < 0 ||
		     write_register(c, &ds, pl, RS_ISSUES, &changes, err) < 0 ||
		     write_finance(c, &ds, pl, &changes, err) < 0))
			goto out;
		if (write_scores(c, &ds, &scores, pl, &changes, err) < 0)
			goto out;
		if (pl->latest == NULL) {
			/* later returns of the batch count this one as sent */
			struct monthly_return *nr = dataset_add(&ds, K_RETURN);

			nr->programme = (char *)pl->programme;
			nr->period = pl->month;
			nr->version = pl->version;
			nr->status = "submitted";
		}
		out->v[i].programme = pl->programme;
		out->v[i].version = pl->version;
		out->v[i].changes = changes;
		out->v[i].current = pl->current;
	}
	for (size_t i = 0; i < n; i++) {
		int moved = 0, seen = 0;

		for (size_t j = 0; j < i; j++)
			if (plans[j].period == plans[i].period)
				seen = 1;
		if (seen)
			continue;
		if (update_period(c, &ds, plans[i].period, &moved, err) < 0)
			goto out;
		out->period_submitted |= moved;
	}
	ret = 0;
out:
	free(plans);
	if (loaded) {
		risk_history_release(&scores);
		dataset_release(&ds);
	}
	if (hist_loaded)
		dataset_release(&hist);
	if (ret < 0)
		cycle_submit_release(out);
	return cycle_end(c, ret, err);
}
