/*
 * validate.c - whole-dataset checks (see validate.h).
 *
 * Every kind's rows are sorted once by natural key (a copy of the row
 * order, keeping each row's position) so that duplicates sit side by side
 * and references resolve by binary search: O(n log n) overall, no nested
 * scans. The dependency-loop check is an iterative depth-first search, so
 * a chain of 100k activities costs no stack.
 */
#include "model/validate.h"
#include "core/date.h"
#include "core/error.h"
#include "core/strbuf.h"
#include "core/xmalloc.h"
#include "model/calendar-text.h"
#include "model/dataset.h"
#include "model/schema.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NO_ROW SIZE_MAX
/* Longest loop text before the message shows only its ends. */
#define LOOP_TEXT_MAX 600

/* A row and its position in its table. */
struct slot {
	void *rec;
	size_t row;
};

struct kind_index {
	struct slot *sorted;	/* rows by natural key, then position */
	size_t *first;		/* per row: earlier row with the same key, or NO_ROW */
};

struct vctx {
	const struct dataset *ds;
	const char *source;
	struct error *err;
	int three_point;	/* the organisation uses the three-point DCA scale */
	struct kind_index idx[K__COUNT];
};

/* --- sorting ---------------------------------------------------------- */

static int
slot_cmp(const struct entity *e, const struct slot *a, const struct slot *b)
{
	int c = record_key_cmp(e, a->rec, b->rec);

	if (c)
		return c;
	return (a->row > b->row) - (a->row < b->row);
}

/* Bottom-up merge sort: qsort() in C11 takes no context argument. */
static void
slot_sort(const struct entity *e, struct slot *a, size_t n)
{
	struct slot *tmp, *src = a, *dst, *swap;

	if (n < 2)
		return;
	tmp = xreallocarray(NULL, n, sizeof(*tmp));
	dst = tmp;
	for (size_t width = 1; width < n; width *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * width) {
			size_t mid = lo + width < n ? lo + width : n;
			size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
			size_t i = lo, j = mid, o = lo;

			while (i < mid && j < hi)
				dst[o++] = slot_cmp(e, &src[j], &src[i]) < 0 ?
					src[j++] : src[i++];
			while (i < mid)
				dst[o++] = src[i++];
			while (j < hi)
				dst[o++] = src[j++];
		}
		swap = src;
		src = dst;
		dst = swap;
	}
	if (src != a)
		memcpy(a, src, n * sizeof(*a));
	free(tmp);
}

void
record_sort(const struct entity *e, void **rows, size_t n)
{
	struct slot *s = xreallocarray(NULL, n ? n : 1, sizeof(*s));

	for (size_t i = 0; i < n; i++) {
		s[i].rec = rows[i];
		s[i].row = i;
	}
	slot_sort(e, s, n);
	for (size_t i = 0; i < n; i++)
		rows[i] = s[i].rec;
	free(s);
}

/* --- words ------------------------------------------------------------ */

static const char *
article(const char *noun)
{
	/* "an activity", but "a unit", "a user" */
	return strchr("aeio", noun[0]) ? "an" : "a";
}

char *
field_expected(const struct field *f, char *buf, size_t size)
{
	const struct entity *t;
	size_t len;

	buf[0] = '\0';
	switch (f->type) {
	case FT_TEXT:
		snprintf(buf, size, "a string");
		break;
	case FT_ENUM:
		len = (size_t)snprintf(buf, size, "one of ");
		for (int i = 0; f->values[i] && len < size; i++)
			len += (size_t)snprintf(buf + len, size - len, "%s%s",
						i ? ", " : "", f->values[i]);
		break;
	case FT_REF:
		t = entity_of(f->ref);
		snprintf(buf, size, "the %s of %s %s", t->fields[0].name,
			 article(t->name), t->name);
		break;
	case FT_DATE:
		snprintf(buf, size, "a date (YYYY-MM-DD or DD/MM/YYYY)");
		break;
	case FT_MONTH:
		snprintf(buf, size, "a month (YYYY-MM)");
		break;
	case FT_INT:
		if (f->min < f->max)
			snprintf(buf, size, "an integer from %" PRId64 " to %" PRId64,
				 f->min, f->max);
		else
			snprintf(buf, size, "an integer");
		break;
	case FT_MONEY:
		snprintf(buf, size, "a whole number of pounds");
		break;
	case FT_REAL:
		if (f->min < f->max)
			snprintf(buf, size, "a number from %" PRId64 " to %" PRId64,
				 f->min, f->max);
		else
			snprintf(buf, size, "a number");
		break;
	case FT_BOOL:
		snprintf(buf, size, "true or false");
		break;
	}
	return buf;
}

/* --- failing ---------------------------------------------------------- */

/*
 * Fail at plural[row].field (field may be NULL). The organisation is a
 * single object in the document, so its path is "organisation.field".
 */
static int
vfail(struct vctx *c, enum kind k, size_t row, const char *field,
      const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int
vfail(struct vctx *c, enum kind k, size_t row, const char *field,
      const char *fmt, ...)
{
	const struct entity *e = entity_of(k);
	char where[256];
	size_t len = 0;
	va_list ap;

	if (c->source)
		len = (size_t)snprintf(where, sizeof(where), "%s: ", c->source);
	if (len < sizeof(where)) {
		if (k == K_ORGANISATION && row == 0)
			snprintf(where + len, sizeof(where) - len, "%s%s%s", e->name,
				 field ? "." : "", field ? field : "");
		else
			snprintf(where + len, sizeof(where) - len, "%s[%zu]%s%s",
				 e->plural, row, field ? "." : "", field ? field : "");
	}
	if (c->err) {
		c->err->code = ERR_INPUT;
		snprintf(c->err->where, sizeof(c->err->where), "%s", where);
		va_start(ap, fmt);
		vsnprintf(c->err->msg, sizeof(c->err->msg), fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* --- indexes ---------------------------------------------------------- */

static void
index_build(struct vctx *c, enum kind k)
{
	const struct entity *e = entity_of(k);
	const struct table *t = &c->ds->t[k];
	struct kind_index *ix = &c->idx[k];

	ix->sorted = xreallocarray(NULL, t->n ? t->n : 1, sizeof(*ix->sorted));
	ix->first = xreallocarray(NULL, t->n ? t->n : 1, sizeof(*ix->first));
	for (size_t i = 0; i < t->n; i++) {
		ix->sorted[i].rec = t->rows[i];
		ix->sorted[i].row = i;
		ix->first[i] = NO_ROW;
	}
	slot_sort(e, ix->sorted, t->n);
	/* Equal keys are adjacent and in row order: all point at the first. */
	for (size_t i = 1; i < t->n; i++) {
		const struct slot *prev = &ix->sorted[i - 1], *cur = &ix->sorted[i];

		if (record_key_cmp(e, prev->rec, cur->rec) == 0) {
			size_t first = ix->first[prev->row];

			ix->first[cur->row] = first == NO_ROW ? prev->row : first;
		}
	}
}

static void
index_release(struct vctx *c)
{
	for (int k = 0; k < K__COUNT; k++) {
		free(c->idx[k].sorted);
		free(c->idx[k].first);
	}
}

/*
 * The row of kind k whose single text key is key (the first such row),
 * or NO_ROW. Absent keys sort first, so they compare below any string.
 */
static size_t
index_find(const struct vctx *c, enum kind k, const char *key)
{
	const struct field *kf = &entity_of(k)->fields[0];
	const struct kind_index *ix = &c->idx[k];
	size_t lo = 0, hi = c->ds->t[k].n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *s = *field_str(ix->sorted[mid].rec, kf);

		if (s == NULL || strcmp(s, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < c->ds->t[k].n) {
		const char *s = *field_str(ix->sorted[lo].rec, kf);

		if (s && strcmp(s, key) == 0)
			return ix->sorted[lo].row;
	}
	return NO_ROW;
}

static void *
lookup(const struct vctx *c, enum kind k, const char *key)
{
	size_t row = key ? index_find(c, k, key) : NO_ROW;

	return row == NO_ROW ? NULL : c->ds->t[k].rows[row];
}

/* --- per-field checks ------------------------------------------------- */

static int
check_field(struct vctx *c, enum kind k, size_t row, const struct field *f)
{
	void *rec = c->ds->t[k].rows[row];
	char want[256];

	if (!field_present(rec, f)) {
		if (f->flags & F_REQ)
			return vfail(c, k, row, f->name, "required field is missing");
		return 0;
	}
	switch (f->type) {
	case FT_TEXT:
	case FT_ENUM:
	case FT_REF: {
		const char *s = *field_str(rec, f);

		if (s[0] == '\0' && (f->flags & F_REQ))
			return vfail(c, k, row, f->name, "required field is empty");
		if (f->type == FT_ENUM && enum_index(f->values, s) < 0)
			return vfail(c, k, row, f->name, "expected %s; got \"%s\"",
				     field_expected(f, want, sizeof(want)), s);
		if (f->type == FT_REF && lookup(c, f->ref, s) == NULL) {
			const struct entity *t = entity_of(f->ref);

			return vfail(c, k, row, f->name, "no %s with %s \"%s\"",
				     t->name, t->fields[0].name, s);
		}
		break;
	}
	case FT_INT: {
		int64_t v = *field_i64(rec, f);

		if (f->min < f->max && (v < f->min || v > f->max))
			return vfail(c, k, row, f->name, "expected %s, got %" PRId64,
				     field_expected(f, want, sizeof(want)), v);
		break;
	}
	case FT_REAL: {
		double v = *field_real(rec, f);

		if (!isfinite(v) ||
		    (f->min < f->max && (v < (double)f->min || v > (double)f->max)))
			return vfail(c, k, row, f->name, "expected %s, got %g",
				     field_expected(f, want, sizeof(want)), v);
		break;
	}
	case FT_DATE: {
		int y, m, d;

		date_to_ymd(*field_i32(rec, f), &y, &m, &d);
		if (*field_i32(rec, f) < 0 || date_valid(y, m, d))
			return vfail(c, k, row, f->name, "not a valid date");
		break;
	}
	case FT_MONTH:
		if (*field_i32(rec, f) < 0)
			return vfail(c, k, row, f->name, "not a valid month");
		break;
	case FT_MONEY:
	case FT_BOOL:
		break;
	}
	return 0;
}

static int
check_duplicate(struct vctx *c, enum kind k, size_t row)
{
	const struct entity *e = entity_of(k);
	size_t first = c->idx[k].first[row], nkeys = 0;
	const char *keyfield = NULL;
	char key[512];

	if (first == NO_ROW)
		return 0;
	for (size_t i = 0; i < e->nfields; i++)
		if (e->fields[i].flags & F_KEY) {
			nkeys++;
			keyfield = e->fields[i].name;
		}
	record_key_text(e, c->ds->t[k].rows[row], key, sizeof(key));
	return vfail(c, k, row, nkeys == 1 ? keyfield : NULL,
		     "duplicate %s \"%s\" (also %s[%zu])", e->name, key,
		     e->plural, first);
}

/* --- rules between fields and records --------------------------------- */

/* Pairs of dates where the first may not come after the second. */
static const struct date_order {
	enum kind kind;
	const char *earlier, *later;
} date_orders[] = {
	{ K_PROGRAMME, "start_date", "end_date" },
	{ K_PROJECT, "start_date", "end_date" },
	{ K_ACTIVITY, "actual_start", "actual_finish" },
	{ K_ISSUE, "raised", "resolved" },
	{ K_BUSINESS_CASE, "submitted", "decided" },
	{ K_CHANGE_REQUEST, "raised", "decided" },
};

static int
check_dates(struct vctx *c, enum kind k, size_t row)
{
	const struct entity *e = entity_of(k);
	void *rec = c->ds->t[k].rows[row];

	for (size_t i = 0; i < sizeof(date_orders) / sizeof(date_orders[0]); i++) {
		const struct date_order *o = &date_orders[i];
		const struct field *a, *b;
		int32_t da, db;
		char sa[16], sb[16];

		if (o->kind != k)
			continue;
		a = entity_field(e, o->earlier);
		b = entity_field(e, o->later);
		da = *field_i32(rec, a);
		db = *field_i32(rec, b);
		if (da && db && db < da)
			return vfail(c, k, row, b->name, "%s %s is before %s %s",
				     b->name, date_format(db, sb), a->name,
				     date_format(da, sa));
	}
	return 0;
}

/* A project named beside a programme must belong to that programme. */
static int
check_project_programme(struct vctx *c, enum kind k, size_t row)
{
	const struct entity *e = entity_of(k);
	const struct field *pf = entity_field(e, "programme");
	const struct field *jf = entity_field(e, "project");
	void *rec = c->ds->t[k].rows[row];
	const struct project *p;
	const char *prog;

	if (pf == NULL || jf == NULL || pf->type != FT_REF || jf->type != FT_REF)
		return 0;
	prog = *field_str(rec, pf);
	p = lookup(c, K_PROJECT, *field_str(rec, jf));
	if (prog == NULL || p == NULL || p->programme == NULL)
		return 0;
	if (strcmp(p->programme, prog) != 0)
		return vfail(c, k, row, jf->name,
			     "project \"%s\" belongs to programme \"%s\", not \"%s\"",
			     p->code, p->programme, prog);
	return 0;
}

/* Risks and issues: what each level must and must not name. */
static int
check_level(struct vctx *c, enum kind k, size_t row, const char *level,
	    const char *programme, const char *project)
{
	const char *what = entity_of(k)->name;

	if (level == NULL)
		return 0;
	if (strcmp(level, "portfolio") == 0) {
		if (programme)
			return vfail(c, k, row, "programme",
				     "a portfolio-level %s belongs to no programme (got \"%s\")",
				     what, programme);
		if (project)
			return vfail(c, k, row, "project",
				     "a portfolio-level %s belongs to no project (got \"%s\")",
				     what, project);
	} else if (programme == NULL) {
		return vfail(c, k, row, "programme",
			     "a %s-level %s needs a programme", level, what);
	}
	return 0;
}

static int
check_risk_link(struct vctx *c, size_t row)
{
	const struct risk_link *l = c->ds->t[K_RISK_LINK].rows[row];
	const struct risk *p = lookup(c, K_RISK, l->portfolio_risk);
	const struct risk *r = lookup(c, K_RISK, l->risk);

	if (p && p->level && strcmp(p->level, "portfolio") != 0)
		return vfail(c, K_RISK_LINK, row, "portfolio_risk",
			     "risk \"%s\" is a %s-level risk, not a portfolio risk",
			     p->code, p->level);
	if (r && r->level && strcmp(r->level, "portfolio") == 0)
		return vfail(c, K_RISK_LINK, row, "risk",
			     "risk \"%s\" is itself a portfolio risk; link a programme or project risk",
			     r->code);
	return 0;
}

/*
 * The milestone or activity (kind refk) that field of a record names
 * belongs to programme prog, when both are known. whose: "" or words
 * saying whose programme prog is.
 */
static int
check_in_programme(struct vctx *c, enum kind k, size_t row, const char *field,
		   const char *prog, enum kind refk, const char *code,
		   const char *whose)
{
	const struct entity *re = entity_of(refk);
	const void *ref = lookup(c, refk, code);
	const char *its;

	if (prog == NULL || ref == NULL)
		return 0;
	its = *field_str((void *)ref, entity_field(re, "programme"));
	if (its == NULL || strcmp(its, prog) == 0)
		return 0;
	return vfail(c, k, row, field, "%s \"%s\" belongs to programme \"%s\", not %s\"%s\"",
		     re->name, code, its, whose, prog);
}

/* A risk's schedule impact needs the activity it delays, in its programme. */
static int
check_risk_schedule(struct vctx *c, size_t row)
{
	const struct risk *r = c->ds->t[K_RISK].rows[row];

	if (!isnan(r->schedule_impact_days) && r->activity == NULL)
		return vfail(c, K_RISK, row, "activity",
			     "a schedule impact (%g days) needs the activity it would delay",
			     r->schedule_impact_days);
	return check_in_programme(c, K_RISK, row, "activity", r->programme,
				  K_ACTIVITY, r->activity, "the risk's programme ");
}

/* A month's score of a risk cannot come before the risk was raised. */
static int
check_risk_score(struct vctx *c, size_t row)
{
	const struct risk_score *s = c->ds->t[K_RISK_SCORE].rows[row];
	const struct risk *r = lookup(c, K_RISK, s->risk);
	char mb[16], db[16];

	if (r == NULL || r->raised <= 0 || s->period <= 0 ||
	    month_last_day(s->period) >= r->raised)
		return 0;
	return vfail(c, K_RISK_SCORE, row, "period",
		     "%s is before risk \"%s\" was raised (%s)",
		     month_format(s->period, mb), r->code, date_format(r->raised, db));
}

static int
check_change_milestone(struct vctx *c, size_t row)
{
	const struct change_milestone *m = c->ds->t[K_CHANGE_MILESTONE].rows[row];
	const struct change_request *cr = lookup(c, K_CHANGE_REQUEST, m->change_request);

	return check_in_programme(c, K_CHANGE_MILESTONE, row, "milestone",
				  cr ? cr->programme : NULL, K_MILESTONE,
				  m->milestone, "the change request's programme ");
}

static int
check_estimates(struct vctx *c, size_t row)
{
	const struct activity *a = c->ds->t[K_ACTIVITY].rows[row];

	if (!isnan(a->optimistic_days) && !isnan(a->likely_days) &&
	    a->likely_days < a->optimistic_days)
		return vfail(c, K_ACTIVITY, row, "likely_days",
			     "most likely estimate %g is below the optimistic %g",
			     a->likely_days, a->optimistic_days);
	if (!isnan(a->likely_days) && !isnan(a->pessimistic_days) &&
	    a->pessimistic_days < a->likely_days)
		return vfail(c, K_ACTIVITY, row, "pessimistic_days",
			     "pessimistic estimate %g is below the most likely %g",
			     a->pessimistic_days, a->likely_days);
	if (!isnan(a->optimistic_days) && !isnan(a->pessimistic_days) &&
	    a->pessimistic_days < a->optimistic_days)
		return vfail(c, K_ACTIVITY, row, "pessimistic_days",
			     "pessimistic estimate %g is below the optimistic %g",
			     a->pessimistic_days, a->optimistic_days);
	return 0;
}

/* The three-point scale knows only Green, Amber and Red among ratings. */
static int
check_scale(struct vctx *c, enum kind k, size_t row, const char *field,
	    const char *rating)
{
	static const char *const three[] = {
		"Green", "Amber", "Red", "Exempt", "Not assessed", NULL
	};

	if (!c->three_point || rating == NULL || enum_index(three, rating) >= 0)
		return 0;
	return vfail(c, k, row, field,
		     "\"%s\" is not on the organisation's three-point DCA scale "
		     "(Green, Amber, Red, Exempt, Not assessed)", rating);
}

/* --- calendars -------------------------------------------------------- */

/*
 * A calendar name as activities, organisations and calendars' bases use
 * it: a built-in calendar or one of the organisation's calendars. Empty
 * is no name (the schedule engine reads it so).
 */
static int
check_calendar_name(struct vctx *c, enum kind k, size_t row, const char *field,
		    const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	int ret;

	if (name == NULL || name[0] == '\0' || caltext_builtin(name) ||
	    lookup(c, K_CALENDAR, name))
		return 0;
	for (int i = 0; caltext_builtin_names[i]; i++)
		strbuf_addf(&sb, "%s%s", i ? ", " : "", caltext_builtin_names[i]);
	ret = vfail(c, k, row, field,
		    "no calendar with code \"%s\", nor a built-in calendar of that name (%s)",
		    name, sb.buf);
	strbuf_release(&sb);
	return ret;
}

static int
check_calendar(struct vctx *c, size_t row)
{
	const struct calendar *cal = c->ds->t[K_CALENDAR].rows[row];
	struct caltext_week week;
	struct error e = ERROR_INIT;

	if (cal->code && caltext_builtin(cal->code))
		return vfail(c, K_CALENDAR, row, "code",
			     "\"%s\" is a built-in calendar's name; give the organisation's calendar a code of its own",
			     cal->code);
	if (cal->week && caltext_week(cal->week, &week, &e) < 0)
		return vfail(c, K_CALENDAR, row, "week", "%s", e.msg);
	return check_calendar_name(c, K_CALENDAR, row, "base", cal->base);
}

static int
check_calendar_day(struct vctx *c, size_t row)
{
	const struct calendar_day *d = c->ds->t[K_CALENDAR_DAY].rows[row];
	struct caltext_day day;
	struct error e = ERROR_INIT;

	if (d->hours && caltext_hours(d->hours, &day, &e) < 0)
		return vfail(c, K_CALENDAR_DAY, row, "hours", "%s", e.msg);
	return 0;
}

/*
 * Calendars derive from their base: following bases from any calendar
 * must end at a built-in one. Each calendar has at most one base, so a
 * walk along bases either ends or runs into a loop; every calendar is
 * walked once (colours as in check_loops).
 */
static int
check_calendar_loops(struct vctx *c)
{
	const struct table *t = &c->ds->t[K_CALENDAR];
	unsigned char *colour = xcalloc(t->n ? t->n : 1, 1);
	size_t *path = xreallocarray(NULL, t->n ? t->n : 1, sizeof(*path));
	int ret = 0;

	for (size_t s = 0; s < t->n && ret == 0; s++) {
		size_t depth = 0, u = s;

		while (u != NO_ROW && colour[u] == 0) {
			const struct calendar *cal = t->rows[u];

			colour[u] = 1;
			path[depth++] = u;
			u = cal->base ? index_find(c, K_CALENDAR, cal->base) : NO_ROW;
		}
		if (u != NO_ROW && colour[u] == 1) {
			struct strbuf sb = STRBUF_INIT;
			size_t from = 0;

			while (path[from] != u)
				from++;
			for (size_t i = from; i < depth; i++)
				strbuf_addf(&sb, "%s -> ",
					    ((const struct calendar *)t->rows[path[i]])->code);
			strbuf_addstr(&sb, ((const struct calendar *)t->rows[u])->code);
			ret = vfail(c, K_CALENDAR, u, "base", "calendar base loop: %s", sb.buf);
			strbuf_release(&sb);
		}
		for (size_t i = 0; i < depth; i++)
			colour[path[i]] = 2;
	}
	free(colour);
	free(path);
	return ret;
}

static int
check_rules(struct vctx *c, enum kind k, size_t row)
{
	void *rec = c->ds->t[k].rows[row];

	if (check_dates(c, k, row) < 0 || check_project_programme(c, k, row) < 0)
		return -1;
	switch (k) {
	case K_RISK: {
		const struct risk *r = rec;

		if (check_level(c, k, row, r->level, r->programme, r->project) < 0)
			return -1;
		return check_risk_schedule(c, row);
	}
	case K_RISK_SCORE:
		return check_risk_score(c, row);
	case K_DECISION: {
		const struct decision *d = rec;

		return check_in_programme(c, k, row, "milestone", d->programme,
					  K_MILESTONE, d->milestone, "the decision's programme ");
	}
	case K_CHANGE_MILESTONE:
		return check_change_milestone(c, row);
	case K_ISSUE: {
		const struct issue *is = rec;

		return check_level(c, k, row, is->level, is->programme, is->project);
	}
	case K_RISK_LINK:
		return check_risk_link(c, row);
	case K_ORGANISATION:
		return check_calendar_name(c, k, row, "calendar",
					   ((struct organisation *)rec)->calendar);
	case K_CALENDAR:
		return check_calendar(c, row);
	case K_CALENDAR_DAY:
		return check_calendar_day(c, row);
	case K_ACTIVITY:
		if (check_calendar_name(c, k, row, "calendar",
					((struct activity *)rec)->calendar) < 0)
			return -1;
		return check_estimates(c, row);
	case K_DCA:
		return check_scale(c, k, row, "rating", ((struct dca *)rec)->rating);
	case K_RETURN: {
		const struct monthly_return *r = rec;

		if (check_scale(c, k, row, "dca", r->dca) < 0)
			return -1;
		return check_scale(c, k, row, "sro_dca", r->sro_dca);
	}
	default:
		return 0;
	}
}

/* --- dependency loops ------------------------------------------------- */

static const char *
activity_code(const struct vctx *c, size_t i)
{
	const struct activity *a = c->ds->t[K_ACTIVITY].rows[i];

	return a->code ? a->code : "?";
}

/* Report the loop cyc[0] -> ... -> cyc[n-1] -> cyc[0]. */
static int
loop_fail(struct vctx *c, const size_t *cyc, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	char where[256];

	strbuf_addstr(&sb, "dependency loop: ");
	for (size_t i = 0; i < n; i++)
		strbuf_addf(&sb, "%s -> ", activity_code(c, cyc[i]));
	strbuf_addstr(&sb, activity_code(c, cyc[0]));
	if (sb.len > LOOP_TEXT_MAX) {
		/* Too long to read: keep its start and its end. */
		strbuf_reset(&sb);
		strbuf_addf(&sb, "dependency loop of %zu activities: ", n);
		for (size_t i = 0; i < n && sb.len < LOOP_TEXT_MAX / 2; i++)
			strbuf_addf(&sb, "%s -> ", activity_code(c, cyc[i]));
		strbuf_addf(&sb, "... -> %s -> %s", activity_code(c, cyc[n - 1]),
			    activity_code(c, cyc[0]));
	}
	snprintf(where, sizeof(where), "%s%sdependencies",
		 c->source ? c->source : "", c->source ? ": " : "");
	error_at(c->err, ERR_INPUT, where, "%s", sb.buf);
	strbuf_release(&sb);
	return -1;
}

/*
 * Depth-first search over activities in row order, following each
 * activity's successors in dependency row order; the first edge back to
 * an activity still on the path closes the loop that is reported.
 */
static int
check_loops(struct vctx *c)
{
	const struct table *acts = &c->ds->t[K_ACTIVITY];
	const struct table *deps = &c->ds->t[K_DEPENDENCY];
	size_t n = acts->n, m = deps->n;
	size_t *start, *adj, *next, *stack, *pos, *from, *to;
	unsigned char *colour;	/* 0 unseen, 1 on the path, 2 done */
	int ret = 0;

	if (n == 0 || m == 0)
		return 0;
	start = xcalloc(n + 1, sizeof(*start));
	adj = xreallocarray(NULL, m, sizeof(*adj));
	next = xreallocarray(NULL, n, sizeof(*next));
	stack = xreallocarray(NULL, n, sizeof(*stack));
	pos = xreallocarray(NULL, n, sizeof(*pos));
	from = xreallocarray(NULL, m, sizeof(*from));
	to = xreallocarray(NULL, m, sizeof(*to));
	colour = xcalloc(n, 1);

	/* Successor lists in compressed form, in dependency row order. */
	for (size_t i = 0; i < m; i++) {
		const struct dependency *d = deps->rows[i];

		from[i] = index_find(c, K_ACTIVITY, d->predecessor);
		to[i] = index_find(c, K_ACTIVITY, d->successor);
		if (from[i] != NO_ROW && to[i] != NO_ROW)
			start[from[i] + 1]++;
	}
	for (size_t i = 0; i < n; i++)
		start[i + 1] += start[i];
	memcpy(next, start, n * sizeof(*next));
	for (size_t i = 0; i < m; i++)
		if (from[i] != NO_ROW && to[i] != NO_ROW)
			adj[next[from[i]]++] = to[i];
	memcpy(next, start, n * sizeof(*next));

	for (size_t s = 0; s < n && ret == 0; s++) {
		size_t depth = 0;

		if (colour[s])
			continue;
		stack[depth] = s;
		pos[s] = depth++;
		colour[s] = 1;
		while (depth > 0 && ret == 0) {
			size_t u = stack[depth - 1], v;

			if (next[u] == start[u + 1]) {
				colour[u] = 2;
				depth--;
				continue;
			}
			v = adj[next[u]++];
			if (colour[v] == 1)
				ret = loop_fail(c, &stack[pos[v]], depth - pos[v]);
			else if (colour[v] == 0) {
				stack[depth] = v;
				pos[v] = depth++;
				colour[v] = 1;
			}
		}
	}
	free(from);
	free(to);
	free(start);
	free(adj);
	free(next);
	free(stack);
	free(pos);
	free(colour);
	return ret;
}

/* --- the whole -------------------------------------------------------- */

static int
check_kind(struct vctx *c, enum kind k)
{
	const struct entity *e = entity_of(k);

	for (size_t row = 0; row < c->ds->t[k].n; row++) {
		for (size_t i = 0; i < e->nfields; i++)
			if (check_field(c, k, row, &e->fields[i]) < 0)
				return -1;
		if (check_duplicate(c, k, row) < 0 || check_rules(c, k, row) < 0)
			return -1;
	}
	return 0;
}

int
dataset_validate(const struct dataset *ds, const char *source,
		 struct error *err)
{
	struct vctx c;
	const struct organisation *org;
	int ret = -1;

	memset(&c, 0, sizeof(c));
	c.ds = ds;
	c.source = source;
	c.err = err;
	for (int k = 0; k < K__COUNT; k++)
		index_build(&c, k);

	if (ds->t[K_ORGANISATION].n == 0) {
		error_at(err, ERR_INPUT, source,
			 "no organisation: a dataset holds exactly one");
		goto out;
	}
	if (ds->t[K_ORGANISATION].n > 1) {
		vfail(&c, K_ORGANISATION, 1, NULL,
		      "a dataset holds exactly one organisation; found %zu",
		      ds->t[K_ORGANISATION].n);
		goto out;
	}
	org = dataset_org(ds);
	c.three_point = org->dca_scale && strcmp(org->dca_scale, "three") == 0;
	for (int k = 0; k < K__COUNT; k++) {
		if (check_kind(&c, k) < 0)
			goto out;
		if (k == K_CALENDAR && check_calendar_loops(&c) < 0)
			goto out;
		if (k == K_DEPENDENCY && check_loops(&c) < 0)
			goto out;
	}
	ret = 0;
out:
	index_release(&c);
	return ret;
}
