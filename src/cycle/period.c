/*
 * period.c - reporting periods: where a month stands, opening, review and
 * publication with its frozen snapshot, and reading a month back as it was
 * published (cycle.h).
 */
#include "cycle/cycle.h"

#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess/tolerance.h"
#include "core/date.h"
#include "core/error.h"
#include "core/strbuf.h"
#include "core/xmalloc.h"
#include "cycle/cycle-internal.h"
#include "import/interchange.h"
#include "model/audit.h"
#include "model/dataset.h"
#include "model/schema.h"
#include "store/store.h"

/* --- helpers shared by the module ------------------------------------------ */

struct period *
cycle_find_period(const struct dataset *ds, int32_t month)
{
	DS_FOREACH(ds, K_PERIOD, struct period, p)
		if (p->month == month)
			return p;
	return NULL;
}

struct monthly_return *
cycle_latest_return(const struct dataset *ds, const char *programme,
		    int32_t month)
{
	struct monthly_return *best = NULL;

	DS_FOREACH(ds, K_RETURN, struct monthly_return, r)
		if (r->period == month && r->programme &&
		    strcmp(r->programme, programme) == 0 &&
		    (best == NULL || r->version > best->version))
			best = r;
	return best;
}

int
cycle_project_in(const struct dataset *ds, const char *project,
		 const char *programme)
{
	const struct project *p;

	if (project == NULL)
		return 0;
	p = dataset_find(ds, K_PROJECT, project);
	return p && p->programme && strcmp(p->programme, programme) == 0;
}

int
cycle_records_equal(enum kind k, const void *ca, const void *cb)
{
	const struct entity *e = entity_of(k);
	void *a = (void *)ca, *b = (void *)cb;

	for (size_t i = 0; i < e->nfields; i++) {
		const struct field *f = &e->fields[i];

		if (field_present(a, f) != field_present(b, f))
			return 0;
		if (!field_present(a, f))
			continue;
		switch (f->type) {
		case FT_TEXT:
		case FT_ENUM:
		case FT_REF:
			if (strcmp(*field_str(a, f), *field_str(b, f)) != 0)
				return 0;
			break;
		case FT_DATE:
		case FT_MONTH:
			if (*field_i32(a, f) != *field_i32(b, f))
				return 0;
			break;
		case FT_INT:
		case FT_MONEY:
			if (*field_i64(a, f) != *field_i64(b, f))
				return 0;
			break;
		case FT_REAL:
			if (*field_real(a, f) != *field_real(b, f))
				return 0;
			break;
		case FT_BOOL:
			if (!*field_bool(a, f) != !*field_bool(b, f))
				return 0;
			break;
		}
	}
	return 1;
}

void
cycle_record_copy(enum kind k, void *dst, const void *src)
{
	memcpy(dst, src, entity_of(k)->size);
}

int
cycle_begin(const struct cycle_ctx *c, struct error *err)
{
	store_set_actor(c->st, c->actor);
	return store_begin(c->st, err);
}

int
cycle_end(const struct cycle_ctx *c, int ret, struct error *err)
{
	if (ret == 0 && store_commit(c->st, err) < 0)
		ret = -1;
	if (ret < 0)
		store_rollback(c->st);
	return ret;
}

int
cycle_load(const struct cycle_ctx *c, struct dataset *ds, struct error *err)
{
	dataset_init(ds);
	return store_load(c->st, c->org, ds, err);
}

int
cycle_load_kinds(const struct cycle_ctx *c, uint64_t kinds, struct dataset *ds,
		 struct error *err)
{
	dataset_init(ds);
	return store_load_kinds(c->st, c->org, kinds | STORE_KIND(K_ORGANISATION),
				ds, err);
}

/* --- as at a month ---------------------------------------------------------- */

int
cycle_dataset_as_at_rev(struct store *st, const char *org, int32_t month,
			struct dataset *ds, int *revision, struct error *err)
{
	struct error local = ERROR_INIT;
	char *json = NULL, source[128], mb[16];
	size_t len = 0;
	int got = 0, ret = -1;

	dataset_init(ds);
	if (revision)
		*revision = 0;
	if (month <= 0)
		return error_set(err, ERR_USAGE, "no month given");
	if (store_snapshot_get(st, org, month, 0, &json, &len, &got, &local) < 0) {
		if (local.code != ERR_NOTFOUND) {
			if (err)
				*err = local;
			return -1;
		}
		/* not published (or published before snapshots): live data */
		return store_load(st, org, ds, err);
	}
	snprintf(source, sizeof(source), "snapshot %s %s revision %d", org,
		 month_format(month, mb), got);
	ret = interchange_read(json, len, source, ds, err);
	free(json);
	if (ret < 0)
		return -1;
	dataset_sort(ds);
	if (revision)
		*revision = got;
	return 0;
}

int
cycle_dataset_as_at(struct store *st, const char *org, int32_t month,
		    struct dataset *ds, struct error *err)
{
	return cycle_dataset_as_at_rev(st, org, month, ds, NULL, err);
}

/* --- where a month stands ------------------------------------------------- */

int
cycle_programme_reports(const struct dataset *ds, const char *programme,
			int32_t month)
{
	const struct programme *p = dataset_find(ds, K_PROGRAMME, programme);

	return p && p->lifecycle && strcmp(p->lifecycle, "active") == 0 &&
	       (p->start_date == 0 || p->start_date <= month_last_day(month));
}

static int
is_status(const char *s, const char *want)
{
	return s && strcmp(s, want) == 0;
}

void
cycle_status_build(const struct dataset *ds, int32_t month,
		   struct cycle_status *out)
{
	const struct period *p = cycle_find_period(ds, month);
	size_t alloc = 0;

	memset(out, 0, sizeof(*out));
	arena_init(&out->arena);
	out->month = month;
	out->state = p ? arena_strdup(&out->arena, p->state) : NULL;
	for (size_t i = 0; i < dataset_count(ds, K_PROGRAMME); i++) {
		const struct programme *pg = dataset_row(ds, K_PROGRAMME, i);
		const struct monthly_return *r;
		struct cycle_due *d;
		int expected = cycle_programme_reports(ds, pg->code, month);

		r = cycle_latest_return(ds, pg->code, month);
		if (!expected) {
			if (r && !is_status(r->status, "draft"))
				out->other++;
			continue;
		}
		if (out->n == alloc) {
			size_t na = alloc ? 2 * alloc : 16;
			struct cycle_due *nv = arena_alloc(&out->arena, na * sizeof(*nv));

			if (out->n)
				memcpy(nv, out->v, out->n * sizeof(*nv));
			out->v = nv;
			alloc = na;
		}
		d = &out->v[out->n++];
		memset(d, 0, sizeof(*d));
		d->programme = arena_strdup(&out->arena, pg->code);
		if (r) {
			d->version = r->version;
			d->status = arena_strdup(&out->arena, r->status);
			d->dca = r->dca ? arena_strdup(&out->arena, r->dca) : NULL;
			d->corrected = r->version > 1;
		}
		if (r == NULL || is_status(r->status, "draft"))
			out->missing++;
		else if (!is_status(r->status, "published"))
			out->pending++;
	}
	/* programmes come sorted from a store; sort anyway, by code */
	for (size_t i = 1; i < out->n; i++)
		for (size_t j = i; j > 0 &&
		     strcmp(out->v[j - 1].programme, out->v[j].programme) > 0; j--) {
			struct cycle_due t = out->v[j];

			out->v[j] = out->v[j - 1];
			out->v[j - 1] = t;
		}
}

void
cycle_status_release(struct cycle_status *s)
{
	arena_release(&s->arena);
	memset(s, 0, sizeof(*s));
}

/* "no return from BLC, DP" into err (ERR_CONFLICT), for review and publish. */
static int
missing_error(const struct cycle_status *s, const char *doing,
	      struct error *err)
{
	struct strbuf sb = STRBUF_INIT;
	char mb[16];
	size_t shown = 0;

	for (size_t i = 0; i < s->n; i++) {
		if (s->v[i].version > 0 && !is_status(s->v[i].status, "draft"))
			continue;
		if (shown == 12) {
			strbuf_addf(&sb, " and %zu more", s->missing - shown);
			break;
		}
		strbuf_addf(&sb, "%s%s", shown ? ", " : "", s->v[i].programme);
		shown++;
	}
	error_set(err, ERR_CONFLICT,
		  "cannot %s %s: %zu return%s missing (%s); allow that with --allow-missing",
		  doing, month_format(s->month, mb), s->missing,
		  s->missing == 1 ? " is" : "s are", sb.buf);
	strbuf_release(&sb);
	return -1;
}

/* --- opening ---------------------------------------------------------------- */

int
cycle_period_open(const struct cycle_ctx *c, int32_t month, struct error *err)
{
	struct dataset ds;
	struct period p, *old;
	char mb[16];
	int ret = -1;

	if (month <= 0)
		return error_set(err, ERR_USAGE, "no month given");
	if (cycle_begin(c, err) < 0)
		return -1;
	if (cycle_load_kinds(c, STORE_KIND(K_PERIOD), &ds, err) < 0)
		goto out;
	old = cycle_find_period(&ds, month);
	if (old) {
		error_set(err, ERR_CONFLICT, "%s is already %s",
			  month_format(month, mb), old->state);
		goto out;
	}
	record_clear(&p, entity_of(K_PERIOD));
	p.month = month;
	p.state = "open";
	ret = store_put(c->st, c->org, K_PERIOD, &p, err);
out:
	dataset_release(&ds);
	return cycle_end(c, ret, err);
}

/* --- review ----------------------------------------------------------------- */

int
cycle_period_review(const struct cycle_ctx *c, int32_t month,
		    int allow_missing, size_t *reviewed, struct error *err)
{
	struct cycle_status s;
	struct dataset ds;
	struct period *p;
	char mb[16];
	size_t n = 0;
	int ret = -1;

	if (reviewed)
		*reviewed = 0;
	if (month <= 0)
		return error_set(err, ERR_USAGE, "no month given");
	memset(&s, 0, sizeof(s));
	if (cycle_begin(c, err) < 0)
		return -1;
	if (cycle_load_kinds(c, STORE_KIND(K_PROGRAMME) | STORE_KIND(K_PERIOD) |
			     STORE_KIND(K_RETURN), &ds, err) < 0)
		goto out;
	month_format(month, mb);
	p = cycle_find_period(&ds, month);
	if (p == NULL) {
		error_set(err, ERR_NOTFOUND, "no reporting period %s has been opened", mb);
		goto out;
	}
	if (!is_status(p->state, "open") && !is_status(p->state, "submitted")) {
		error_set(err, ERR_CONFLICT, "%s is %s: only an open or submitted period is reviewed",
			  mb, p->state);
		goto out;
	}
	cycle_status_build(&ds, month, &s);
	if (s.missing && !allow_missing) {
		missing_error(&s, "review", err);
		goto out;
	}
	/* the latest version of every programme's return for the month */
	for (size_t i = 0; i < dataset_count(&ds, K_PROGRAMME); i++) {
		const struct programme *pg = dataset_row(&ds, K_PROGRAMME, i);
		struct monthly_return *r = cycle_latest_return(&ds, pg->code, month);

		if (r == NULL || !is_status(r->status, "submitted"))
			continue;
		r->status = "reviewed";
		r->reviewed_by = (char *)c->actor;
		r->reviewed_at = (char *)c->now;
		if (store_put(c->st, c->org, K_RETURN, r, err) < 0)
			goto out;
		n++;
	}
	p->state = "reviewed";
	if (store_put(c->st, c->org, K_PERIOD, p, err) < 0)
		goto out;
	if (reviewed)
		*reviewed = n;
	ret = 0;
out:
	cycle_status_release(&s);
	dataset_release(&ds);
	return cycle_end(c, ret, err);
}

/* --- publication ------------------------------------------------------------ */

/* The latest snapshot revision of month, 0 when none. */
static int
latest_revision(const struct cycle_ctx *c, int32_t month, int *rev,
		struct error *err)
{
	int32_t *months = NULL;
	int *revs = NULL;
	size_t n = 0;

	*rev = 0;
	if (store_snapshot_list(c->st, c->org, &months, &revs, &n, err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (months[i] == month)
			*rev = revs[i];
	free(months);
	free(revs);
	return 0;
}

int
cycle_reported_after(const struct dataset *ds, const char *programme, int32_t month)
{
	DS_FOREACH(ds, K_RETURN, const struct monthly_return, r)
		if (r->period > month && r->programme &&
		    strcmp(r->programme, programme) == 0)
			return 1;
	return 0;
}

/* A period after month is published in ds. */
static int
later_published(const struct dataset *ds, int32_t month)
{
	DS_FOREACH(ds, K_PERIOD, const struct period, p)
		if (p->month > month && is_status(p->state, "published"))
			return 1;
	return 0;
}

/* Copy rec (kind k, strings anywhere) into ds, strings into ds's arena. */
static void *
copy_into(struct dataset *ds, enum kind k, const void *rec)
{
	const struct entity *e = entity_of(k);
	void *x = dataset_add(ds, k);

	memcpy(x, rec, e->size);
	for (size_t f = 0; f < e->nfields; f++) {
		char **sp;

		if (e->fields[f].type != FT_TEXT && e->fields[f].type != FT_ENUM &&
		    e->fields[f].type != FT_REF)
			continue;
		sp = field_str(x, &e->fields[f]);
		*sp = dataset_strdup(ds, *sp);
	}
	return x;
}

/* The month a record of kind k belongs to, or 0 when it has none. */
static int32_t
row_month(enum kind k, const void *rec)
{
	switch (k) {
	case K_PERIOD:
		return ((const struct period *)rec)->month;
	case K_RETURN:
		return ((const struct monthly_return *)rec)->period;
	case K_BENEFIT_VALUE:
		return ((const struct benefit_value *)rec)->period;
	case K_MILESTONE_FORECAST:
		return ((const struct milestone_forecast *)rec)->period;
	case K_RISK_SCORE:
		return ((const struct risk_score *)rec)->period;
	case K_EXCEPTION:
		return ((const struct exception *)rec)->period;
	default:
		return 0;
	}
}

/* The programme a present-state record of kind k belongs to, or NULL. */
static const char *
row_programme(enum kind k, const void *rec)
{
	switch (k) {
	case K_MILESTONE:
		return ((const struct milestone *)rec)->programme;
	case K_RISK:
		return ((const struct risk *)rec)->programme;
	case K_ISSUE:
		return ((const struct issue *)rec)->programme;
	case K_FINANCE:
		return ((const struct finance *)rec)->programme;
	default:
		return NULL;
	}
}

/* programme is one of v[0..n). */
static int
listed(const char *const *v, size_t n, const char *programme)
{
	for (size_t i = 0; i < n; i++)
		if (programme && strcmp(v[i], programme) == 0)
			return 1;
	return 0;
}

/*
 * Replace in snap (the month as last published) the rows of kind k that
 * belong to month (month_rows) or to one of the programmes cur[0..ncur)
 * (present-state kinds) by those live holds now.
 */
static void
replace_rows(struct dataset *snap, const struct dataset *live, enum kind k,
	     int by_month, int32_t month, const char *const *cur, size_t ncur)
{
	struct table *t = &snap->t[k];
	size_t keep = 0;

	for (size_t i = 0; i < t->n; i++) {
		int mine = by_month ? row_month(k, t->rows[i]) == month :
			listed(cur, ncur, row_programme(k, t->rows[i]));

		if (!mine)
			t->rows[keep++] = t->rows[i];
	}
	t->n = keep;
	t->sorted = 0;
	for (size_t i = 0; i < dataset_count(live, k); i++) {
		const void *rec = dataset_row(live, k, i);
		int mine = by_month ? row_month(k, rec) == month :
			listed(cur, ncur, row_programme(k, rec));

		if (mine)
			copy_into(snap, k, rec);
	}
}

/*
 * The month as corrected: snap (its last published revision) with the
 * month's own records (its period, returns, benefit figures, forecast and
 * score history rows) as live holds them now, and, for the programmes
 * whose correction is their latest report (cur), their milestones, risks,
 * issues and finance lines too. Anything else changed since, in a later
 * month or by hand (an exception's words or status, a new baseline, a
 * renamed programme), is not the correction and stays as published;
 * raise_exceptions() adds the exceptions the corrected month raises.
 */
static void
merge_correction(struct dataset *snap, const struct dataset *live,
		 int32_t month, const char *const *cur, size_t ncur)
{
	static const enum kind by_month[] = {
		K_PERIOD, K_RETURN, K_BENEFIT_VALUE, K_MILESTONE_FORECAST,
		K_RISK_SCORE
	};
	static const enum kind present[] = {
		K_MILESTONE, K_RISK, K_ISSUE, K_FINANCE
	};

	for (size_t i = 0; i < sizeof(by_month) / sizeof(by_month[0]); i++)
		replace_rows(snap, live, by_month[i], 1, month, NULL, 0);
	if (ncur)
		for (size_t i = 0; i < sizeof(present) / sizeof(present[0]); i++)
			replace_rows(snap, live, present[i], 0, month, cur, ncur);
	dataset_sort(snap);
}

/*
 * Measure tolerances at month, store the exceptions they call for and
 * resolve those still running that the month shows cured.
 */
static int
raise_exceptions(const struct cycle_ctx *c, const struct dataset *ds,
		 int32_t month, int resolve, struct dataset *into,
		 struct cycle_publish *out, struct error *err)
{
	struct assess_result res;
	const struct exception **cured;
	size_t ncured = 0;
	int ret = -1;

	if (assess_tolerances(ds, month, &res, err) < 0)
		goto out;
	out->findings = res.nfindings;
	assess_exceptions_from_findings(ds, &res);
	for (size_t i = 0; i < res.nexceptions; i++)
		if (store_put(c->st, c->org, K_EXCEPTION, &res.exceptions[i], err) < 0)
			goto out;
	out->exceptions = res.nexceptions;
	/* an exception still running whose breach the month no longer shows
	   is resolved: the board sees it cured rather than carried forever.
	   Not from a month a later publication has overtaken: what is known
	   now is that later month's to say. */
	if (resolve)
		ncured = assess_exceptions_cured(ds, &res, &cured);
	for (size_t i = 0; i < ncured; i++) {
		struct exception x = *cured[i];

		x.status = "resolved";
		if (store_put(c->st, c->org, K_EXCEPTION, &x, err) < 0)
			goto out;
		if (into)
			((struct exception *)cured[i])->status =
				dataset_strdup(into, "resolved");
	}
	out->resolved = ncured;
	if (into)
		assess_exceptions_add(into, &res);
	ret = 0;
out:
	assess_result_release(&res);
	return ret;
}

int
cycle_period_publish(const struct cycle_ctx *c, int32_t month,
		     int allow_missing, struct cycle_publish *out,
		     struct error *err)
{
	struct strbuf json = STRBUF_INIT;
	struct cycle_status s;
	struct dataset ds, snap;
	struct period *p;
	const char **cur = NULL;
	size_t ncur = 0;
	unsigned char digest[crypto_hash_sha256_BYTES];
	char mb[16];
	int ret = -1, rev = 0, republish, merged = 0;

	memset(out, 0, sizeof(*out));
	memset(&s, 0, sizeof(s));
	dataset_init(&snap);
	if (month <= 0)
		return error_set(err, ERR_USAGE, "no month given");
	if (cycle_begin(c, err) < 0)
		return -1;
	if (cycle_load(c, &ds, err) < 0)
		goto out;
	month_format(month, mb);
	p = cycle_find_period(&ds, month);
	if (p == NULL) {
		error_set(err, ERR_NOTFOUND, "no reporting period %s has been opened", mb);
		goto out;
	}
	cycle_status_build(&ds, month, &s);
	if (latest_revision(c, month, &rev, err) < 0)
		goto out;
	republish = is_status(p->state, "published");
	if (republish && s.pending == 0) {
		/* no snapshot: published before the organisation was loaded here */
		if (rev == 0)
			error_set(err, ERR_CONFLICT,
				  "%s is already published (as loaded: this database keeps "
				  "no snapshot of it) and no correction is waiting", mb);
		else
			error_set(err, ERR_CONFLICT,
				  "%s is already published (snapshot revision %d) and no "
				  "correction is waiting", mb, rev);
		goto out;
	}
	if (!republish && !is_status(p->state, "reviewed")) {
		error_set(err, ERR_CONFLICT, "%s is %s: review it before publishing",
			  mb, p->state);
		goto out;
	}
	/* a snapshot is the organisation as it stands: an earlier month
	   published after this one would freeze this one's reports in it */
	if (!republish) {
		const struct period *early = NULL;
		char eb[16];

		DS_FOREACH(&ds, K_PERIOD, const struct period, q)
			if (q->month < month && !is_status(q->state, "published") &&
			    (early == NULL || q->month < early->month))
				early = q;
		if (early) {
			error_set(err, ERR_CONFLICT,
				  "cannot publish %s before %s, which is %s: months are published in order",
				  mb, month_format(early->month, eb), early->state);
			goto out;
		}
	}
	if (s.missing && !allow_missing) {
		missing_error(&s, "publish", err);
		goto out;
	}
	out->missing = s.missing;
	if (republish && rev > 0) {
		/*
		 * A correction: the next revision is the last one with the
		 * corrected month's own records, not the organisation as it
		 * now stands, which may hold later months' reports.
		 */
		dataset_release(&snap);
		if (cycle_dataset_as_at_rev(c->st, c->org, month, &snap, NULL, err) < 0)
			goto out;
		cur = xmalloc((dataset_count(&ds, K_PROGRAMME) + 1) * sizeof(*cur));
		for (size_t i = 0; i < dataset_count(&ds, K_PROGRAMME); i++) {
			const struct programme *pg = dataset_row(&ds, K_PROGRAMME, i);
			const struct monthly_return *r = cycle_latest_return(&ds, pg->code, month);

			if (r && !is_status(r->status, "draft") &&
			    !is_status(r->status, "published") &&
			    !cycle_reported_after(&ds, pg->code, month))
				cur[ncur++] = pg->code;
		}
		merge_correction(&snap, &ds, month, cur, ncur);
		merged = 1;
	}
	if (raise_exceptions(c, merged ? &snap : &ds, month,
			     !later_published(&ds, month), merged ? &snap : NULL,
			     out, err) < 0)
		goto out;
	for (size_t i = 0; i < dataset_count(&ds, K_PROGRAMME); i++) {
		const struct programme *pg = dataset_row(&ds, K_PROGRAMME, i);
		struct monthly_return *r = cycle_latest_return(&ds, pg->code, month);

		if (r == NULL || is_status(r->status, "draft") ||
		    is_status(r->status, "published"))
			continue;
		r->status = "published";
		if (store_put(c->st, c->org, K_RETURN, r, err) < 0)
			goto out;
		if (merged)
			cycle_latest_return(&snap, pg->code, month)->status = "published";
		out->returns++;
	}
	p->state = "published";
	p->published_by = (char *)c->actor;
	p->published_at = (char *)c->now;
	if (store_put(c->st, c->org, K_PERIOD, p, err) < 0)
		goto out;
	if (merged) {
		struct period *sp = cycle_find_period(&snap, month);

		sp->state = "published";
		sp->published_by = (char *)c->actor;
		sp->published_at = (char *)c->now;
		dataset_sort(&snap);
		if (interchange_write(&snap, &json, err) < 0)
			goto out;
	} else {
		/* freeze the organisation as it now stands, as the store holds it */
		dataset_release(&ds);
		if (cycle_load(c, &ds, err) < 0)
			goto out;
		if (interchange_write(&ds, &json, err) < 0)
			goto out;
	}
	if (store_snapshot_put(c->st, c->org, month, rev + 1, json.buf, json.len,
			       err) < 0)
		goto out;
	out->revision = rev + 1;
	out->bytes = json.len;
	/* the hash the audit entry carries, for the caller to show */
	crypto_hash_sha256(digest, (const unsigned char *)json.buf, json.len);
	audit_hex(digest, out->sha256);
	ret = 0;
out:
	strbuf_release(&json);
	cycle_status_release(&s);
	free(cur);
	dataset_release(&snap);
	dataset_release(&ds);
	return cycle_end(c, ret, err);
}
