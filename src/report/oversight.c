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
#include "assess/rollup.h"
#include "assess/slip.h"
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

/* Where a rating came from. */
enum rating_src { SRC_NONE, SRC_DCA, SRC_RETURN };

struct prog {
	const struct programme *p;
	enum prog_state state;
	const char *now;		/* rating at the quarter end, or NULL */
	enum rating_src now_src;
	const char *prev;		/* at the previous quarter end, or NULL */
};

struct ov {
	const struct dataset *ds;
	struct report *r;
	int clr;		/* index of the clearance in marking_values */
	int32_t as_at;		/* the month */
	int32_t q_first;	/* first month of the quarter ending at as_at */
	int32_t q_start, q_end;	/* its first and last days */
	int32_t prev_end;	/* last day of the quarter before */
	const char *board;	/* the body the paper goes to */
	enum rating_scale scale;
	struct prog *progs;	/* visible programmes, by name */
	size_t nprogs;
	struct slip_list slips;	/* every milestone and decision as at as_at */
	struct error *err;
	/* Each kind's rows in natural-key order, so the paper does not depend
	   on the order a file or a store handed them over. */
	struct {
		void **rows;
		size_t n;
	} by_key[K__COUNT];
};

#define KEY_FOREACH(o, k, type, var) \
	for (size_t var##_i_ = 0; var##_i_ < (o)->by_key[k].n; var##_i_++) \
		for (type *var = (o)->by_key[k].rows[var##_i_]; var; var = NULL)

/* A stable merge sort of records by natural key (qsort has no context). */
static void
sort_by_key(void **v, void **tmp, size_t n, const struct entity *e)
{
	size_t mid = n / 2, i = 0, j = mid, k = 0;

	if (n < 2)
		return;
	sort_by_key(v, tmp, mid, e);
	sort_by_key(v + mid, tmp, n - mid, e);
	while (i < mid && j < n)
		tmp[k++] = record_key_cmp(e, v[j], v[i]) < 0 ? v[j++] : v[i++];
	while (i < mid)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, n * sizeof(*v));
}

static void
index_by_key(struct ov *o)
{
	for (int k = 0; k < K__COUNT; k++) {
		size_t n = dataset_count(o->ds, k);
		void **tmp;

		o->by_key[k].n = n;
		if (n == 0)
			continue;
		o->by_key[k].rows = xmalloc(n * sizeof(void *));
		tmp = xmalloc(n * sizeof(void *));
		for (size_t i = 0; i < n; i++)
			o->by_key[k].rows[i] = dataset_row(o->ds, k, i);
		sort_by_key(o->by_key[k].rows, tmp, n, entity_of(k));
		free(tmp);
	}
}

/* --- need to know ------------------------------------------------------ */

/* Rank of a marking; an unknown one ranks above every clearance. */
static int
mark_rank(const char *m)
{
	int i;

	if (m == NULL)
		return 0;
	i = enum_index(marking_values, m);
	return i < 0 ? INT_MAX : i;
}

static int
mark_ok(const struct ov *o, const char *m)
{
	return mark_rank(m) <= o->clr;
}

static const struct programme *
prog_find(const struct ov *o, const char *code)
{
	return code ? dataset_find(o->ds, K_PROGRAMME, code) : NULL;
}

static const struct project *
proj_find(const struct ov *o, const char *code)
{
	return code ? dataset_find(o->ds, K_PROJECT, code) : NULL;
}

static int
portfolio_ok(const struct ov *o, const char *code)
{
	const struct portfolio *pf;

	if (code == NULL)
		return 1;
	pf = dataset_find(o->ds, K_PORTFOLIO, code);
	return pf == NULL || mark_ok(o, pf->marking);
}

/* A programme the reader may see: it, and its portfolio, within clearance. */
static int
prog_ok(const struct ov *o, const char *code)
{
	const struct programme *p = prog_find(o, code);

	return p && mark_ok(o, p->marking) && portfolio_ok(o, p->portfolio);
}

static int
proj_ok(const struct ov *o, const char *code)
{
	const struct project *pj = proj_find(o, code);

	return pj && mark_ok(o, pj->marking) && prog_ok(o, pj->programme);
}

/* A record with its own marking that may belong to a programme/project. */
static int
visible(const struct ov *o, const char *programme, const char *project,
	const char *marking)
{
	return mark_ok(o, marking) && (programme == NULL || prog_ok(o, programme)) &&
	       (project == NULL || proj_ok(o, project));
}

/* Something goes into the paper: its markings, and its owners', count. */
static void
use(struct ov *o, const char *programme, const char *project, const char *marking)
{
	const struct programme *p = prog_find(o, programme);
	const struct project *pj = proj_find(o, project);

	report_mark(o->r, marking);
	if (pj) {
		report_mark(o->r, pj->marking);
		if (p == NULL)
			p = prog_find(o, pj->programme);
	}
	if (p) {
		const struct portfolio *pf = p->portfolio ?
			dataset_find(o->ds, K_PORTFOLIO, p->portfolio) : NULL;

		report_mark(o->r, p->marking);
		if (pf)
			report_mark(o->r, pf->marking);
	}
}

/* --- words and numbers ------------------------------------------------- */

static const char *
day_text(struct ov *o, int32_t d)
{
	char buf[32];

	return report_strdup(o->r, date_format_long(d, buf));
}

static const char *
month_text(struct ov *o, int32_t m)
{
	char buf[32];

	return report_strdup(o->r, month_format_long(m, buf));
}

/* "1,290" */
static void
commas(char *buf, size_t size, long long v)
{
	char tmp[32];
	size_t n, i, j = 0;
	int neg = v < 0;
	unsigned long long u = neg ? 0ULL - (unsigned long long)v : (unsigned long long)v;

	snprintf(tmp, sizeof(tmp), "%llu", u);
	n = strlen(tmp);
	if (neg && j + 1 < size)
		buf[j++] = '-';
	for (i = 0; i < n && j + 1 < size; i++) {
		if (i > 0 && (n - i) % 3 == 0 && j + 1 < size)
			buf[j++] = ',';
		if (j + 1 < size)
			buf[j++] = tmp[i];
	}
	buf[j] = '\0';
}

/* A count or measure: "1,290", "12.5". */
static const char *
num_text(struct ov *o, double v)
{
	char buf[48];

	if (fabs(v - round(v)) < 0.005) {
		commas(buf, sizeof(buf), (long long)llround(v));
	} else {
		char frac[16];
		double ip = trunc(v);

		commas(buf, sizeof(buf), (long long)ip);
		snprintf(frac, sizeof(frac), "%.1f", fabs(v - ip));
		/* frac is "0.5": keep ".5" */
		strncat(buf, frac + 1, sizeof(buf) - strlen(buf) - 1);
	}
	return report_strdup(o->r, buf);
}

/*
 * Money as GOV.UK writes it: "£450,000" below a million, then "£1.25
 * million", "£10 million", "£1.2 billion" (up to two decimals, trailing
 * zeros dropped).
 */
static const char *
money_text(struct ov *o, double pounds)
{
	const char *sign = pounds < 0 ? "-" : "";
	double a = fabs(pounds);
	char buf[64], num[32];

	if (a >= 1e6) {
		const char *word = a >= 1e9 ? "billion" : "million";
		size_t n;

		snprintf(num, sizeof(num), "%.2f", a / (a >= 1e9 ? 1e9 : 1e6));
		n = strlen(num);
		while (n > 0 && num[n - 1] == '0')
			num[--n] = '\0';
		if (n > 0 && num[n - 1] == '.')
			num[--n] = '\0';
		snprintf(buf, sizeof(buf), "%s\xC2\xA3%s %s", sign, num, word);
	} else {
		commas(num, sizeof(num), (long long)llround(a));
		snprintf(buf, sizeof(buf), "%s\xC2\xA3%s", sign, num);
	}
	return report_strdup(o->r, buf);
}

/* A unit that means pounds: "£", "GBP", "pounds", "£ a year". */
static const char *
money_unit(const char *unit)
{
	static const char *const prefixes[] = { "\xC2\xA3", "GBP", "pounds", NULL };

	if (unit == NULL)
		return NULL;
	for (int i = 0; prefixes[i]; i++) {
		size_t n = strlen(prefixes[i]);

		if (strncasecmp(unit, prefixes[i], n) == 0) {
			const char *rest = unit + n;

			while (*rest == ' ')
				rest++;
			return rest;
		}
	}
	return NULL;
}

/* "800 vehicles", "£10 million a year", "12". */
static const char *
qty_text(struct ov *o, double v, const char *unit)
{
	const char *rest = money_unit(unit);

	if (rest)
		return *rest ? report_printf(o->r, "%s %s", money_text(o, v), rest)
			     : money_text(o, v);
	if (unit && *unit)
		return report_printf(o->r, "%s %s", num_text(o, v), unit);
	return num_text(o, v);
}

/* "800 of 1,290 vehicles" */
static const char *
of_text(struct ov *o, double v, double target, const char *unit)
{
	if (money_unit(unit))
		return report_printf(o->r, "%s of %s", qty_text(o, v, unit),
				     qty_text(o, target, unit));
	return report_printf(o->r, "%s of %s", num_text(o, v), qty_text(o, target, unit));
}

static int
percent(double v, double of)
{
	return of == 0 ? 0 : (int)floor(v / of * 100.0 + 0.5);
}

static const char *
plural(long n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* A count in words below ten, as GOV.UK writes them; "no" for none. */
static const char *
num_word(struct ov *o, long n)
{
	static const char *const words[] = {
		"no", "one", "two", "three", "four", "five", "six", "seven",
		"eight", "nine"
	};

	if (n >= 0 && n < 10)
		return words[n];
	return report_printf(o->r, "%ld", n);
}

/* "one programme", "12 programmes", "no programmes". */
static const char *
count_text(struct ov *o, long n, const char *one, const char *many)
{
	return report_printf(o->r, "%s %s", num_word(o, n), plural(n, one, many));
}

/* A copy of s with its first letter in capitals, to start a sentence. */
static const char *
cap(struct ov *o, const char *s)
{
	char *t = (char *)report_strdup(o->r, s);

	if (t && t[0] >= 'a' && t[0] <= 'z')
		t[0] = (char)(t[0] - 'a' + 'A');
	return t;
}

/* "a", "a and b", "a, b and c". */
static const char *
join_and(struct ov *o, const char *const *parts, size_t n)
{
	const char *s = n ? parts[0] : "";

	for (size_t i = 1; i < n; i++)
		s = report_printf(o->r, "%s%s%s", s, i + 1 == n ? " and " : ", ", parts[i]);
	return s;
}

static const char *
prog_name(const struct ov *o, const char *code)
{
	const struct programme *p = prog_find(o, code);

	return p ? p->name : code;
}

static const char *
humanise(struct ov *o, const char *enumval)
{
	char *s;

	if (enumval == NULL)
		return NULL;
	s = (char *)report_strdup(o->r, enumval);
	for (char *p = s; *p; p++)
		if (*p == '_')
			*p = '-';
	return s;
}

static const char *
stage_name(const char *stage)
{
	if (stage == NULL)
		return "Business case";
	if (strcmp(stage, "SOC") == 0)
		return "Strategic Outline Case";
	if (strcmp(stage, "OBC") == 0)
		return "Outline Business Case";
	if (strcmp(stage, "FBC") == 0)
		return "Full Business Case";
	return stage;
}

/* Add "text" ending in a full stop unless it already ends in punctuation. */
static void
add_sentence(struct report *r, struct report_inline *in, const char *text)
{
	size_t n;

	if (text == NULL || *text == '\0')
		return;
	n = strlen(text);
	while (n > 0 && (text[n - 1] == ' ' || text[n - 1] == '\n'))
		n--;
	if (n == 0)
		return;
	report_add(r, in, RS_PLAIN, report_printf(r, "%.*s", (int)n, text));
	if (strchr(".!?:;", text[n - 1]) == NULL)
		report_add(r, in, RS_PLAIN, ".");
}

/* text without the full stop it may end with, to carry on the sentence. */
static const char *
trim_stop(struct ov *o, const char *text)
{
	size_t n = text ? strlen(text) : 0;

	while (n > 0 && (text[n - 1] == ' ' || text[n - 1] == '\n' || text[n - 1] == '.'))
		n--;
	return report_printf(o->r, "%.*s", (int)n, text ? text : "");
}

/* --- ratings ----------------------------------------------------------- */

/* 0 Green .. 4 Red; -1 for Exempt, Not assessed and anything else. */
static int
rating_rank(const char *rating)
{
	int i = rating ? enum_index(dca_values, rating) : -1;

	return i >= 0 && i <= 4 ? i : -1;
}

/* A return counts once submitted: drafts are still the programme's own. */
static int
return_counts(const struct monthly_return *rt)
{
	return rt->status == NULL || strcmp(rt->status, "draft") != 0;
}

/*
 * The latest return of a programme for a month in [from, to], the highest
 * version of that month. want_dca: only returns carrying a rating.
 */
static const struct monthly_return *
return_in(const struct ov *o, const char *programme, int32_t from, int32_t to,
	  int want_dca)
{
	const struct monthly_return *best = NULL;

	KEY_FOREACH(o, K_RETURN, const struct monthly_return, rt) {
		if (rt->programme == NULL || strcmp(rt->programme, programme) != 0)
			continue;
		if (rt->period < from || rt->period > to || !return_counts(rt))
			continue;
		if (want_dca && rt->dca == NULL)
			continue;
		if (best == NULL || rt->period > best->period ||
		    (rt->period == best->period && rt->version > best->version))
			best = rt;
	}
	return best;
}

/*
 * A rating as it counts on the organisation's scale, spelt as in
 * dca_values ("Exempt", "Not assessed" included); NULL when none.
 */
static const char *
rating_text(const struct ov *o, enum rating r)
{
	return r == RATING_NONE ? NULL : rating_name(rating_on_scale(r, o->scale));
}

/*
 * A programme's rating on a day, by the rule of assess/rollup.h: the most
 * recent of its DCA records and the ratings of its returns.
 */
static int
prog_rating(const struct ov *o, const char *programme, int32_t day,
	    const char **rating, enum rating_src *src)
{
	struct rating_at at;

	if (rating_programme_at(o->ds, programme, day, &at, o->err) < 0)
		return -1;
	*rating = rating_text(o, at.rating);
	*src = at.rating == RATING_NONE ? SRC_NONE :
	       at.source == K_RETURN ? SRC_RETURN : SRC_DCA;
	return 0;
}

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
		    !visible(o, m->programme, m->project, m->marking))
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

		if (!prog_ok(o, p->code))
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
		if (prog_rating(o, p->code, o->q_end, &g->now, &g->now_src) < 0 ||
		    prog_rating(o, p->code, o->prev_end, &g->prev, &ps) < 0)
			return -1;
	}
	if (o->nprogs)
		qsort(o->progs, o->nprogs, sizeof(*o->progs), cmp_prog);
	return 0;
}

/* Programmes shown in the delivery confidence tables. */
static int
prog_rated_now(const struct prog *g)
{
	return g->state == PS_ACTIVE || (g->state == PS_PIPELINE && g->now);
}

struct moves {
	int up, down, same, fresh, unrated;
};

static void
count_moves(const struct ov *o, struct moves *mv)
{
	memset(mv, 0, sizeof(*mv));
	for (size_t i = 0; i < o->nprogs; i++) {
		const struct prog *g = &o->progs[i];
		int a = rating_rank(g->prev), b = rating_rank(g->now);

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
	if (mv->up > mv->down)
		return "improved";
	if (mv->down > mv->up)
		return "worsened";
	if (mv->up == 0)
		return "held steady";
	return "was mixed";
}

/* Orders within a list: by the date that matters, then by code. */
static int
cmp_i32(int32_t a, int32_t b)
{
	return (a > b) - (a < b);
}

static int
cmp_decision_due(const void *a, const void *b)
{
	const struct decision *x = *(const struct decision *const *)a;
	const struct decision *y = *(const struct decision *const *)b;

	return cmp_i32(x->due, y->due) ? cmp_i32(x->due, y->due) : strcmp(x->code, y->code);
}

static int
cmp_decision_decided(const void *a, const void *b)
{
	const struct decision *x = *(const struct decision *const *)a;
	const struct decision *y = *(const struct decision *const *)b;

	return cmp_i32(x->decided, y->decided) ? cmp_i32(x->decided, y->decided)
					       : strcmp(x->code, y->code);
}

static int
cmp_exception(const void *a, const void *b)
{
	const struct exception *x = *(const struct exception *const *)a;
	const struct exception *y = *(const struct exception *const *)b;

	return cmp_i32(x->period, y->period) ? cmp_i32(x->period, y->period)
					     : strcmp(x->code, y->code);
}

static int
cmp_bc_decided(const void *a, const void *b)
{
	const struct business_case *x = *(const struct business_case *const *)a;
	const struct business_case *y = *(const struct business_case *const *)b;

	return cmp_i32(x->decided, y->decided) ? cmp_i32(x->decided, y->decided)
					       : strcmp(x->code, y->code);
}

/* A growable list of record pointers. */
struct picks {
	const void **v;
	size_t n, alloc;
};

static void
pick(struct picks *p, const void *rec)
{
	ALLOC_GROW(p->v, p->n + 1, p->alloc);
	p->v[p->n++] = rec;
}

static void
picks_sort(struct picks *p, int (*cmp)(const void *, const void *))
{
	if (p->n > 1)
		qsort(p->v, p->n, sizeof(*p->v), cmp);
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
		span = report_printf(o->r, "%s %d", month_name(m2), y2);
	else if (y1 == y2)
		span = report_printf(o->r, "%s to %s %d", month_name(m1), month_name(m2), y2);
	else
		span = report_printf(o->r, "%s %d to %s %d", month_name(m1), y1,
				     month_name(m2), y2);
	return report_printf(o->r, "%s (Q%d %s%s)", span, fq_of_month(o->as_at),
			     fy_label(fy_of_month(o->as_at), fy),
			     o->as_at - o->q_first == 2 ? "" : " to date");
}

static const char *
portfolio_name(struct ov *o)
{
	const struct portfolio *only = NULL;
	size_t n = 0;

	KEY_FOREACH(o, K_PORTFOLIO, const struct portfolio, pf) {
		if (!mark_ok(o, pf->marking))
			continue;
		only = pf;
		n++;
	}
	if (n != 1)
		return "the change portfolio";
	if (strncasecmp(only->name, "the ", 4) == 0)
		return only->name;
	return report_printf(o->r, "the %s", only->name);
}

static void
header(struct ov *o)
{
	const struct organisation *org = dataset_org(o->ds);
	const struct portfolio *only = NULL;
	size_t n = 0;

	KEY_FOREACH(o, K_PORTFOLIO, const struct portfolio, pf) {
		if (!mark_ok(o, pf->marking))
			continue;
		only = pf;
		n++;
		report_mark(o->r, pf->marking);
	}
	if (n == 1) {
		o->r->title = report_printf(o->r, "%s: quarterly update", only->name);
		if (only->owner && only->directorate)
			o->r->author = report_printf(o->r, "%s, %s", only->owner,
						     only->directorate);
		else
			report_set(o->r, &o->r->author,
				   only->owner ? only->owner : only->directorate);
	} else {
		report_set(o->r, &o->r->title, "Change portfolio: quarterly update");
	}
	if (org) {
		report_set(o->r, &o->r->organisation, org->name);
		if (org->oversight_board)
			o->board = org->oversight_board;
	}
	if (o->board == NULL && n == 1 && only->board)
		o->board = only->board;
	if (o->board == NULL)
		o->board = "Oversight Board";
	report_set(o->r, &o->r->board, o->board);
	o->r->date = o->q_end;
	o->r->subtitle = report_printf(o->r, "Update for the %s as at %s", o->board,
				       day_text(o, o->q_end));
}

static void
sec_purpose(struct ov *o)
{
	struct report *r = o->r;
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
		    o->board, portfolio_name(o), day_text(o, o->q_end), quarter_text(o));

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
		    count_text(o, active, "active programme", "active programmes"));
	if (active > uncosted)
		report_addf(r, in, RS_PLAIN, " with a combined whole-life cost of %s%s",
			    money_text(o, cost),
			    uncosted ? report_printf(o->r, " (%s not yet costed)",
						     count_text(o, uncosted, "programme", "programmes"))
				     : "");
	report_add(r, in, RS_PLAIN, ".");
	if (closed && pipeline)
		report_addf(r, in, RS_PLAIN, " %s closed and %s in the pipeline.",
			    cap(o, count_text(o, closed, "programme has", "programmes have")),
			    count_text(o, pipeline, "is", "are"));
	else if (closed)
		report_addf(r, in, RS_PLAIN, " %s closed.",
			    cap(o, count_text(o, closed, "programme has", "programmes have")));
	else if (pipeline)
		report_addf(r, in, RS_PLAIN, " %s in the pipeline.",
			    cap(o, count_text(o, pipeline, "programme is", "programmes are")));
}

/* Does hay contain needle, ignoring case? */
static int
contains_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return 1;
	return n == 0;
}

/* A decision for the paper's own board ("Oversight Board" matches too). */
static int
board_is(const struct ov *o, const char *board)
{
	if (board == NULL || *board == '\0')
		return 0;
	return contains_nocase(o->board, board) || contains_nocase(board, o->board);
}

static int
decision_pending(const struct ov *o, const struct decision *d)
{
	if (d->decided && d->decided <= o->q_end)
		return 0;
	return d->decided || d->status == NULL || strcmp(d->status, "made") != 0;
}

static int
cr_pending(const struct ov *o, const struct change_request *c)
{
	if (c->raised && c->raised > o->q_end)
		return 0;
	if (c->decided && c->decided <= o->q_end)
		return 0;
	return c->decided || (c->status && strcmp(c->status, "pending") == 0);
}

static int
bc_pending(const struct ov *o, const struct business_case *b)
{
	if (b->submitted && b->submitted > o->q_end)
		return 0;
	if (b->decided && b->decided <= o->q_end)
		return 0;
	return b->decided || (b->outcome && strcmp(b->outcome, "pending") == 0);
}

static int
exception_in_quarter(const struct ov *o, const struct exception *x)
{
	return x->period >= o->q_first && x->period <= o->as_at &&
	       visible(o, x->programme, NULL, x->marking);
}

/* Start a recommendation; the one before it ends with a semicolon. */
static struct report_inline *
rec_item(struct ov *o, struct report_block *list)
{
	if (list->items_last)
		report_add(o->r, &list->items_last->text, RS_PLAIN, ";");
	return report_item(o->r, list);
}

static void
sec_recommendation(struct ov *o)
{
	struct report *r = o->r;
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
		    portfolio_name(o), quarter_text(o));

	KEY_FOREACH(o, K_EXCEPTION, const struct exception, x)
		if (exception_in_quarter(o, x))
			nexc++;
	if (nexc) {
		in = rec_item(o, list);
		report_addf(r, in, RS_PLAIN,
			    "note the %s to tolerance reported in the quarter and the "
			    "action recommended on %s (section 3.3)",
			    count_text(o, nexc, "exception", "exceptions"),
			    plural(nexc, "it", "each"));
	}
	KEY_FOREACH(o, K_DECISION, const struct decision, d) {
		if (!decision_pending(o, d) || !board_is(o, d->board) ||
		    !visible(o, d->programme, NULL, d->marking))
			continue;
		use(o, d->programme, NULL, d->marking);
		in = rec_item(o, list);
		report_add(r, in, RS_PLAIN, "decide: ");
		report_add(r, in, RS_STRONG, d->title);
		if (d->due)
			report_addf(r, in, RS_PLAIN, ", due by %s", day_text(o, d->due));
	}
	KEY_FOREACH(o, K_CHANGE_REQUEST, const struct change_request, c)
		if (cr_pending(o, c) && prog_ok(o, c->programme))
			ncr++;
	if (ncr) {
		in = rec_item(o, list);
		report_addf(r, in, RS_PLAIN,
			    "note the %s to programme baselines awaiting decision (section 3.5)",
			    count_text(o, ncr, "proposed change", "proposed changes"));
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
	struct report *r = o->r;

	if (isnan(m->target)) {
		report_add(r, in, RS_PLAIN, qty_text(o, v, m->unit));
	} else if (measure_falls(m)) {
		report_addf(r, in, RS_PLAIN, "%s, down from %s (%d%% of the way to the target)",
			    qty_text(o, v, m->unit), num_text(o, m->baseline),
			    percent(m->baseline - v, m->baseline - m->target));
	} else {
		report_addf(r, in, RS_PLAIN, "%s (%d%%)", of_text(o, v, m->target, m->unit),
			    percent(v, m->target));
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
	struct report *r = o->r;
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
		    (pj->end_date && pj->end_date > o->q_end) || !proj_ok(o, pj->code))
			continue;
		ALLOC_GROW(rows, n + 1, alloc);
		rows[n++] = (struct closed_row){ pj->name, prog_name(o, pj->programme),
			pj->end_date, pj->outcome ? pj->outcome : pj->description,
			pj->programme, pj->code, pj->marking };
	}
	if (n)
		qsort(rows, n, sizeof(*rows), cmp_closed);

	KEY_FOREACH(o, K_BENEFIT, const struct benefit, b)
		if (visible(o, b->programme, NULL, b->marking) && benefit_latest(o, b->code))
			nben++;
	KEY_FOREACH(o, K_MEASURE, const struct measure, m) {
		const struct measure_value *mv;

		if (m->programme && !prog_ok(o, m->programme))
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
			closed[nc++] = count_text(o, (long)nprog, "programme", "programmes");
		if (n - nprog)
			closed[nc++] = count_text(o, (long)(n - nprog), "project", "projects");
		if (nc)
			parts[np++] = report_printf(r, "had completed %s", join_and(o, closed, nc));
		if (nben)
			parts[np++] = report_printf(r, "was realising %s",
						    count_text(o, nben, "benefit", "benefits"));
		if (nmeas)
			parts[np++] = report_printf(r, "had brought %s to %s target",
						    count_text(o, nmeas, "measure", "measures"),
						    plural(nmeas, "its", "their"));
		report_addf(r, in, RS_PLAIN, "By %s the portfolio %s.",
			    day_text(o, o->q_end), join_and(o, parts, np));
	}

	if (n) {
		in = report_para(r, s);
		report_add(r, in, RS_PLAIN, "Programmes and projects completed:");
		list = report_bullets(r, s);
		for (size_t i = 0; i < n; i++) {
			use(o, rows[i].pcode, rows[i].jcode, rows[i].marking);
			in = report_item(r, list);
			report_add(r, in, RS_STRONG, rows[i].name);
			if (rows[i].programme)
				report_addf(r, in, RS_PLAIN, " (%s%s%s)", rows[i].programme,
					    rows[i].end ? ", closed " : "",
					    rows[i].end ? month_text(o, month_of_date(rows[i].end)) : "");
			else if (rows[i].end)
				report_addf(r, in, RS_PLAIN, " (closed %s)",
					    month_text(o, month_of_date(rows[i].end)));
			if (rows[i].outcome) {
				report_add(r, in, RS_PLAIN, ": ");
				add_sentence(r, in, rows[i].outcome);
			}
		}
	}

	if (nben) {
		in = report_para(r, s);
		report_add(r, in, RS_PLAIN, "Benefits realised:");
		list = report_bullets(r, s);
		KEY_FOREACH(o, K_BENEFIT, const struct benefit, b) {
			const struct benefit_value *bv;

			if (!visible(o, b->programme, NULL, b->marking))
				continue;
			if ((bv = benefit_latest(o, b->code)) == NULL)
				continue;
			use(o, b->programme, NULL, b->marking);
			in = report_item(r, list);
			report_add(r, in, RS_STRONG, b->title);
			report_addf(r, in, RS_PLAIN, " (%s%s%s): %s realised by %s",
				    prog_name(o, b->programme), b->type ? ", " : "",
				    b->type ? humanise(o, b->type) : "",
				    qty_text(o, bv->actual, b->unit),
				    month_text(o, bv->period));
			if (!isnan(b->target)) {
				report_addf(r, in, RS_PLAIN, ", against a target of %s",
					    qty_text(o, b->target, b->unit));
				if (b->target_date)
					report_addf(r, in, RS_PLAIN, " by %s",
						    day_text(o, b->target_date));
				if (b->target > 0 && bv->actual >= 0)
					report_addf(r, in, RS_PLAIN, " (%d%%)",
						    percent(bv->actual, b->target));
			}
			report_add(r, in, RS_PLAIN, ".");
			if (b->evaluation) {
				report_add(r, in, RS_PLAIN, " Evaluation: ");
				add_sentence(r, in, b->evaluation);
			}
		}
	}

	if (nmeas) {
		in = report_para(r, s);
		report_add(r, in, RS_PLAIN, "Targets reached:");
		list = report_bullets(r, s);
		KEY_FOREACH(o, K_MEASURE, const struct measure, m) {
			const struct measure_value *mv;

			if (m->programme && !prog_ok(o, m->programme))
				continue;
			mv = measure_latest(o, m->code);
			if (!mv || !measure_at_target(m, mv->value))
				continue;
			use(o, m->programme, NULL, NULL);
			in = report_item(r, list);
			report_add(r, in, RS_STRONG, m->name);
			if (m->programme)
				report_addf(r, in, RS_PLAIN, " (%s)", prog_name(o, m->programme));
			report_add(r, in, RS_PLAIN, ": ");
			measure_phrase(o, in, m, mv->value);
			report_addf(r, in, RS_PLAIN, " at %s.", day_text(o, mv->on));
		}
	}
	free(rows);
}

/* "up from Amber", "down from Green", "unchanged", "first rated". */
static void
direction_words(struct ov *o, struct report_inline *in, const struct prog *g)
{
	int a = rating_rank(g->prev), b = rating_rank(g->now);

	if (b < 0)
		return;
	if (a < 0) {
		report_addf(o->r, in, RS_PLAIN, "; not rated at %s", day_text(o, o->prev_end));
		return;
	}
	if (a == b) {
		report_addf(o->r, in, RS_PLAIN, ", unchanged since %s", day_text(o, o->prev_end));
		return;
	}
	report_add(o->r, in, RS_PLAIN, b < a ? ", up from " : ", down from ");
	report_add(o->r, in, RS_RATING, g->prev);
	report_addf(o->r, in, RS_PLAIN, " at %s", day_text(o, o->prev_end));
}

static void
sec_quarter(struct ov *o)
{
	struct report *r = o->r;
	struct report_section *s = report_section(r, 2, "3.2", "The last quarter in detail");
	struct report_inline *in;
	struct moves mv;
	struct picks sel = { NULL, 0, 0 };

	count_moves(o, &mv);
	in = report_para(r, s);
	report_addf(r, in, RS_PLAIN,
		    "Over the quarter %s, delivery confidence across the portfolio %s: "
		    "%s up, %s down and %s unchanged (section 3.6). Each active "
		    "programme's position, from its latest monthly return in the "
		    "quarter, follows.",
		    quarter_text(o), movement_word(&mv),
		    count_text(o, mv.up, "programme moved", "programmes moved"),
		    count_text(o, mv.down, "moved", "moved"),
		    count_text(o, mv.same, "was", "were"));

	for (size_t i = 0; i < o->nprogs; i++) {
		const struct prog *g = &o->progs[i];
		const struct monthly_return *rt;
		struct report_section *ps;
		struct report_block *list = NULL;

		if (g->state != PS_ACTIVE)
			continue;
		use(o, g->p->code, NULL, NULL);
		ps = report_section(r, 3, NULL, g->p->name);
		in = report_para(r, ps);
		if (g->now) {
			report_add(r, in, RS_PLAIN, "Delivery confidence: ");
			report_add(r, in, RS_RATING, g->now);
			direction_words(o, in, g);
			report_add(r, in, RS_PLAIN, ".");
		} else {
			report_addf(r, in, RS_PLAIN, "Delivery confidence: not assessed by %s.",
				    day_text(o, o->q_end));
		}
		if (g->p->sro)
			report_addf(r, in, RS_PLAIN, " Senior responsible owner: %s.", g->p->sro);

		rt = return_in(o, g->p->code, o->q_first, o->as_at, 0);
		if (rt) {
			in = report_para(r, ps);
			report_addf(r, in, RS_EMPH, "%s return:", month_text(o, rt->period));
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
				add_sentence(r, in, rt->achievements);
			}
		} else {
			in = report_para(r, ps);
			report_add(r, in, RS_PLAIN, "No monthly return was submitted in the quarter.");
		}

		sel.n = 0;
		KEY_FOREACH(o, K_BUSINESS_CASE, const struct business_case, bc)
			if (bc->programme && strcmp(bc->programme, g->p->code) == 0 &&
			    bc->outcome && strcmp(bc->outcome, "approved") == 0 &&
			    bc->decided >= o->q_start && bc->decided <= o->q_end &&
			    visible(o, bc->programme, bc->project, bc->marking))
				pick(&sel, bc);
		picks_sort(&sel, cmp_bc_decided);
		for (size_t j = 0; j < sel.n; j++) {
			const struct business_case *bc = sel.v[j];

			use(o, bc->programme, bc->project, bc->marking);
			if (list == NULL) {
				in = report_para(r, ps);
				report_add(r, in, RS_PLAIN, "Business cases approved in the quarter:");
				list = report_bullets(r, ps);
			}
			in = report_item(r, list);
			report_addf(r, in, RS_PLAIN, "%s: ", stage_name(bc->stage));
			report_add(r, in, RS_STRONG, bc->title);
			if (bc->value != INT_NONE)
				report_addf(r, in, RS_PLAIN, " (%s)", money_text(o, (double)bc->value));
			report_addf(r, in, RS_PLAIN, ", approved%s%s on %s.",
				    bc->board ? " by " : "", bc->board ? bc->board : "",
				    day_text(o, bc->decided));
		}
	}
	free(sel.v);
}

/* ", later than its baseline of 31 January 2018" or similar. */
static void
against_baseline(struct ov *o, struct report_inline *in, int32_t date, int32_t baseline)
{
	if (baseline == 0 || date == 0)
		return;
	if (date == baseline)
		report_add(o->r, in, RS_PLAIN, ", on its baseline date");
	else
		report_addf(o->r, in, RS_PLAIN, ", %s its baseline of %s",
			    date > baseline ? "later than" : "ahead of",
			    day_text(o, baseline));
}

/*
 * A milestone that tracks a decision (same programme, the decision's
 * original and current due dates as its baseline and forecast) is the same
 * slip told twice: the decision, which names the board and the reason,
 * is the one shown.
 */
static int
same_as_decision(const struct ov *o, const struct milestone *m, const struct ms_at *at)
{
	KEY_FOREACH(o, K_DECISION, const struct decision, d) {
		if (!d->programme || !m->programme || strcmp(d->programme, m->programme) != 0)
			continue;
		if (decision_pending(o, d) && d->original_due == at->baseline &&
		    d->due == at->forecast && visible(o, d->programme, NULL, d->marking))
			return 1;
	}
	return 0;
}

static void
sec_headlines(struct ov *o)
{
	struct report *r = o->r;
	struct report_section *s = report_section(r, 2, "3.3", "Key headlines of the quarter");
	struct report_block *list;
	struct report_inline *in, *intro;
	struct ms_row *ms;
	size_t nms = milestones(o, 0, &ms);
	long nach = 0, nmeas = 0, nlate = 0, nmade = 0, nexc = 0;
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
		use(o, m->programme, m->project, m->marking);
		nach++;
		in = report_item(r, list);
		report_add(r, in, RS_STRONG, m->name);
		report_addf(r, in, RS_PLAIN, " (%s), achieved %s", prog_name(o, m->programme),
			    day_text(o, ms[i].at.actual));
		against_baseline(o, in, ms[i].at.actual, ms[i].at.baseline);
		if (m->description) {
			report_add(r, in, RS_PLAIN, ": ");
			add_sentence(r, in, m->description);
		} else {
			report_add(r, in, RS_PLAIN, ".");
		}
	}

	/* Roll-outs still short of target; then measures with no target. */
	for (int targeted = 1; targeted >= 0; targeted--) {
		list = NULL;
		KEY_FOREACH(o, K_MEASURE, const struct measure, m) {
			const struct measure_value *mv;

			if ((m->programme && !prog_ok(o, m->programme)) ||
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
			use(o, m->programme, NULL, NULL);
			nmeas += targeted;
			in = report_item(r, list);
			report_add(r, in, RS_STRONG, m->name);
			if (m->programme)
				report_addf(r, in, RS_PLAIN, " (%s)", prog_name(o, m->programme));
			report_add(r, in, RS_PLAIN, ": ");
			measure_phrase(o, in, m, mv->value);
			report_addf(r, in, RS_PLAIN, " at %s", day_text(o, mv->on));
			if (targeted)
				report_addf(r, in, RS_PLAIN, "; the target is %s%s%s",
					    qty_text(o, m->target, m->unit),
					    m->target_date ? " by " : "",
					    m->target_date ? day_text(o, m->target_date) : "");
			report_add(r, in, RS_PLAIN, ".");
		}
	}

	/* Behind schedule: decisions that slipped, then milestones. */
	list = NULL;
	sel.n = 0;
	KEY_FOREACH(o, K_DECISION, const struct decision, d)
		if (decision_pending(o, d) && d->original_due && d->due &&
		    d->due > d->original_due && visible(o, d->programme, NULL, d->marking))
			pick(&sel, d);
	picks_sort(&sel, cmp_decision_due);
	for (size_t i = 0; i < sel.n; i++) {
		const struct decision *d = sel.v[i];

		if (list == NULL) {
			in = report_para(r, s);
			report_add(r, in, RS_PLAIN, "Running behind:");
			list = report_bullets(r, s);
		}
		use(o, d->programme, NULL, d->marking);
		nlate++;
		in = report_item(r, list);
		report_add(r, in, RS_STRONG, d->title);
		if (d->programme)
			report_addf(r, in, RS_PLAIN, " (%s)", prog_name(o, d->programme));
		report_addf(r, in, RS_PLAIN, ": decision first due %s, now due %s",
			    day_text(o, d->original_due), day_text(o, d->due));
		if (d->board)
			report_addf(r, in, RS_PLAIN, " at %s", d->board);
		report_add(r, in, RS_PLAIN, ".");
		if (d->description) {
			report_add(r, in, RS_PLAIN, " ");
			add_sentence(r, in, d->description);
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
		use(o, m->programme, m->project, m->marking);
		nlate++;
		in = report_item(r, list);
		report_add(r, in, RS_STRONG, m->name);
		report_addf(r, in, RS_PLAIN, " (%s): milestone baselined for %s, ",
			    prog_name(o, m->programme), day_text(o, at->baseline));
		if (at->stale)
			report_addf(r, in, RS_PLAIN, "last forecast for %s and not yet achieved.",
				    day_text(o, at->forecast));
		else
			report_addf(r, in, RS_PLAIN, "now forecast %s.", day_text(o, at->forecast));
		if (m->description) {
			report_add(r, in, RS_PLAIN, " ");
			add_sentence(r, in, m->description);
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
		use(o, m->programme, m->project, m->marking);
		in = report_item(r, list);
		report_add(r, in, RS_STRONG, m->name);
		report_addf(r, in, RS_PLAIN, " (%s): due %s; no completion date had been reported by %s.",
			    prog_name(o, m->programme), day_text(o, at->forecast),
			    day_text(o, o->q_end));
		if (m->description) {
			report_add(r, in, RS_PLAIN, " ");
			add_sentence(r, in, m->description);
		}
	}

	/* Decisions made in the quarter. */
	list = NULL;
	sel.n = 0;
	KEY_FOREACH(o, K_DECISION, const struct decision, d)
		if (d->decided >= o->q_start && d->decided <= o->q_end &&
		    visible(o, d->programme, NULL, d->marking))
			pick(&sel, d);
	picks_sort(&sel, cmp_decision_decided);
	for (size_t i = 0; i < sel.n; i++) {
		const struct decision *d = sel.v[i];

		if (list == NULL) {
			in = report_para(r, s);
			report_add(r, in, RS_PLAIN, "Decisions made:");
			list = report_bullets(r, s);
		}
		use(o, d->programme, NULL, d->marking);
		nmade++;
		in = report_item(r, list);
		report_add(r, in, RS_STRONG, d->title);
		report_addf(r, in, RS_PLAIN, " (%s%s%s)", d->board ? d->board : "",
			    d->board ? ", " : "", day_text(o, d->decided));
		if (d->original_due && d->decided > d->original_due)
			report_addf(r, in, RS_PLAIN, ", after first being due %s",
				    day_text(o, d->original_due));
		if (d->outcome) {
			report_add(r, in, RS_PLAIN, ": ");
			add_sentence(r, in, d->outcome);
		} else {
			report_add(r, in, RS_PLAIN, ".");
		}
	}

	/* Exceptions to tolerance. */
	list = NULL;
	sel.n = 0;
	KEY_FOREACH(o, K_EXCEPTION, const struct exception, x)
		if (exception_in_quarter(o, x))
			pick(&sel, x);
	picks_sort(&sel, cmp_exception);
	for (size_t i = 0; i < sel.n; i++) {
		const struct exception *x = sel.v[i];

		if (list == NULL) {
			in = report_para(r, s);
			report_add(r, in, RS_PLAIN, "Outside tolerance:");
			list = report_bullets(r, s);
		}
		use(o, x->programme, NULL, x->marking);
		nexc++;
		in = report_item(r, list);
		report_add(r, in, RS_STRONG, prog_name(o, x->programme));
		report_addf(r, in, RS_PLAIN, ": %s tolerance %s, reported %s",
			    x->dimension ? x->dimension : "a",
			    x->type && strcmp(x->type, "forecast_breach") == 0 ?
				    "forecast to be breached" : "breached",
			    month_text(o, x->period));
		if (x->status)
			report_addf(r, in, RS_PLAIN, " (%s)", x->status);
		report_add(r, in, RS_PLAIN, ".");
		if (x->cause) {
			report_add(r, in, RS_PLAIN, " Cause: ");
			add_sentence(r, in, x->cause);
		}
		if (x->recommendation) {
			report_add(r, in, RS_PLAIN, " Recommended: ");
			add_sentence(r, in, x->recommendation);
		}
	}

	report_addf(r, intro, RS_PLAIN,
		    "In the quarter, %s achieved; %s still short of %s target; "
		    "%s behind schedule; %s made; %s outside tolerance.",
		    count_text(o, nach, "key milestone was", "key milestones were"),
		    count_text(o, nmeas, "measure is", "measures are"),
		    plural(nmeas, "its", "their"),
		    count_text(o, nlate, "decision or milestone is", "decisions or milestones are"),
		    count_text(o, nmade, "decision was", "decisions were"),
		    count_text(o, nexc, "exception took a programme", "exceptions took programmes"));
	free(sel.v);
	free(ms);
}

static const struct risk *
risk_find(const struct ov *o, const char *code)
{
	return code ? dataset_find(o->ds, K_RISK, code) : NULL;
}

static int
portfolio_risk_ok(const struct ov *o, const struct risk *k)
{
	return k && k->level && strcmp(k->level, "portfolio") == 0 &&
	       k->status && strcmp(k->status, "open") == 0 &&
	       (k->raised == 0 || k->raised <= o->q_end) &&
	       visible(o, k->programme, k->project, k->marking);
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
	struct report *r = o->r;
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
		    count_text(o, (long)n, "action is", "actions are"));
	list = report_bullets(r, s);
	for (size_t i = 0; i < n; i++) {
		const struct risk_action *a = v[i].a;

		const char *when = NULL;

		use(o, v[i].k->programme, v[i].k->project, v[i].k->marking);
		in = report_item(r, list);
		report_add(r, in, RS_PLAIN, trim_stop(o, a->action));
		if (a->due && a->due < o->q_end)
			when = report_printf(r, "overdue, was due %s", day_text(o, a->due));
		else if (a->due)
			when = report_printf(r, "by %s", day_text(o, a->due));
		if (a->owner || when)
			report_addf(r, in, RS_PLAIN, " (%s%s%s)", a->owner ? a->owner : "",
				    a->owner && when ? ", " : "", when ? when : "");
		report_addf(r, in, RS_PLAIN, ", against risk %s: ", v[i].k->code);
		add_sentence(r, in, v[i].k->title);
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
	struct report *r = o->r;
	struct ahead_row *v = NULL;
	size_t n = 0, alloc = 0;
	struct report_block *list;
	struct report_inline *in;

	KEY_FOREACH(o, K_CHANGE_REQUEST, const struct change_request, c) {
		if (!cr_pending(o, c) || !prog_ok(o, c->programme))
			continue;
		ALLOC_GROW(v, n + 1, alloc);
		v[n++] = (struct ahead_row){ c->decision_due, c->code, K_CHANGE_REQUEST, c };
	}
	KEY_FOREACH(o, K_BUSINESS_CASE, const struct business_case, b) {
		if (!bc_pending(o, b) || !visible(o, b->programme, b->project, b->marking))
			continue;
		ALLOC_GROW(v, n + 1, alloc);
		v[n++] = (struct ahead_row){ 0, b->code, K_BUSINESS_CASE, b };
	}
	KEY_FOREACH(o, K_DECISION, const struct decision, d) {
		if (!decision_pending(o, d) || !visible(o, d->programme, NULL, d->marking))
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
		    cap(o, count_text(o, (long)n, "decision or approval is",
				      "decisions and approvals are")),
		    day_text(o, o->q_end));
	list = report_bullets(r, s);
	for (size_t i = 0; i < n; i++) {
		in = report_item(r, list);
		if (v[i].kind == K_CHANGE_REQUEST) {
			const struct change_request *c = v[i].rec;

			use(o, c->programme, NULL, NULL);
			report_add(r, in, RS_STRONG, c->title);
			report_addf(r, in, RS_PLAIN, " (%s): baseline change for %s%s",
				    prog_name(o, c->programme), c->board ? c->board : "decision",
				    c->decision_due ? report_printf(r, " by %s", day_text(o, c->decision_due)) : "");
			report_add(r, in, RS_PLAIN, ".");
			if (c->reason) {
				report_add(r, in, RS_PLAIN, " ");
				add_sentence(r, in, c->reason);
			}
		} else if (v[i].kind == K_BUSINESS_CASE) {
			const struct business_case *b = v[i].rec;

			use(o, b->programme, b->project, b->marking);
			report_add(r, in, RS_STRONG, b->title);
			report_addf(r, in, RS_PLAIN, " (%s): %s", prog_name(o, b->programme),
				    stage_name(b->stage));
			if (b->value != INT_NONE)
				report_addf(r, in, RS_PLAIN, " for %s", money_text(o, (double)b->value));
			if (b->submitted)
				report_addf(r, in, RS_PLAIN, ", submitted %s%s%s",
					    day_text(o, b->submitted), b->board ? " to " : "",
					    b->board ? b->board : "");
			else
				report_addf(r, in, RS_PLAIN, ", in preparation%s%s",
					    b->board ? " for " : "", b->board ? b->board : "");
			report_add(r, in, RS_PLAIN, ".");
		} else {
			const struct decision *d = v[i].rec;

			use(o, d->programme, NULL, d->marking);
			report_add(r, in, RS_STRONG, d->title);
			report_addf(r, in, RS_PLAIN, " (%s): decision for %s%s",
				    d->programme ? prog_name(o, d->programme) : "portfolio",
				    d->board ? d->board : "the portfolio",
				    d->due ? report_printf(r, " by %s", day_text(o, d->due)) : "");
			if (d->original_due && d->due > d->original_due)
				report_addf(r, in, RS_PLAIN, " (first due %s)",
					    day_text(o, d->original_due));
			report_add(r, in, RS_PLAIN, ".");
		}
	}
	free(v);
}

static void
sec_lookforward(struct ov *o)
{
	struct report *r = o->r;
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
			use(o, m->programme, m->project, m->marking);
			in = report_item(r, list);
			report_add(r, in, RS_STRONG, m->name);
			report_addf(r, in, RS_PLAIN, " (%s), forecast %s: ",
				    prog_name(o, m->programme), day_text(o, at->forecast));
			if (at->actual)
				report_addf(r, in, RS_EMPH, "achieved early, on %s",
					    day_text(o, at->actual));
			else if (at->stale)
				report_add(r, in, RS_EMPH, "due, completion not yet confirmed");
			else if (!at->baseline)
				report_add(r, in, RS_EMPH, "not yet baselined");
			else if (at->forecast > at->baseline)
				report_addf(r, in, RS_EMPH, "late against its baseline of %s",
					    day_text(o, at->baseline));
			else
				report_add(r, in, RS_EMPH, "on track");
			report_add(r, in, RS_PLAIN, ".");
			if (m->description) {
				report_add(r, in, RS_PLAIN, " ");
				add_sentence(r, in, m->description);
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
	if (o->scale == SCALE_THREE) {
		for (size_t i = 0; i < 3; i++)
			if (three[i] == idx)
				return 1;
		return 0;
	}
	return 1;
}

/* Projects rated worse than their programme, beside it; "none" if none. */
static int
project_ratings(struct ov *o, struct report_inline *cell, const struct prog *g)
{
	struct report *r = o->r;
	int own = rating_rank(g->now), any = 0;

	KEY_FOREACH(o, K_PROJECT, const struct project, pj) {
		struct rating_at at;
		const char *rating;
		int rank;

		if (!pj->programme || strcmp(pj->programme, g->p->code) != 0 ||
		    !proj_ok(o, pj->code))
			continue;
		if (pj->lifecycle && strcmp(pj->lifecycle, "closed") == 0 &&
		    pj->end_date && pj->end_date <= o->q_start)
			continue;
		if (rating_project_at(o->ds, pj->code, o->q_end, &at, o->err) < 0)
			return -1;
		rating = rating_text(o, at.rating);
		if ((rank = rating_rank(rating)) < 0)
			continue;
		/* Worse than the programme, or any rating beside an unrated one. */
		if (own >= 0 && rank <= own)
			continue;
		use(o, g->p->code, pj->code, pj->marking);
		if (any++)
			report_add(r, cell, RS_PLAIN, "; ");
		report_addf(r, cell, RS_PLAIN, "%s: ", pj->name);
		report_add(r, cell, RS_RATING, rating);
	}
	if (!any)
		report_add(r, cell, RS_PLAIN, "none");
	return 0;
}

static int
sec_confidence(struct ov *o)
{
	struct report *r = o->r;
	struct report_section *s = report_section(r, 2, "3.6", "Delivery confidence");
	static const enum report_align al4[] = { RA_LEFT, RA_RIGHT, RA_RIGHT, RA_RIGHT };
	static const enum report_align al5[] = { RA_LEFT, RA_LEFT, RA_LEFT, RA_LEFT, RA_LEFT };
	long now[8] = { 0 }, prev[8] = { 0 }, nrated = 0, ndca = 0, nret = 0;
	const char *hdr[5];
	struct report_block *t;
	struct report_inline *in, *row;
	struct moves mv;
	const char *dnow = day_text(o, o->q_end), *dprev = day_text(o, o->prev_end);

	for (size_t i = 0; i < o->nprogs; i++) {
		const struct prog *g = &o->progs[i];
		int a, b;

		if (!prog_rated_now(g))
			continue;
		use(o, g->p->code, NULL, NULL);
		b = g->now ? enum_index(dca_values, g->now) : 6;
		a = g->prev ? enum_index(dca_values, g->prev) : 6;
		now[b < 0 ? 6 : b]++;
		prev[a < 0 ? 6 : a]++;
		if (g->now) {
			nrated++;
			if (g->now_src == SRC_DCA)
				ndca++;
			else
				nret++;
		}
	}
	count_moves(o, &mv);

	in = report_para(r, s);
	report_addf(r, in, RS_PLAIN, "At %s, %s rated", dnow,
		    count_text(o, nrated, "programme was", "programmes were"));
	if (ndca && nret)
		report_addf(r, in, RS_PLAIN,
			    ": %s from the delivery confidence register and %s from "
			    "the latest monthly return", num_word(o, ndca), num_word(o, nret));
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
		    "Delivery confidence %s over the quarter: %s up, %s down and %s unchanged",
		    movement_word(&mv),
		    count_text(o, mv.up, "programme moved", "programmes moved"),
		    count_text(o, mv.down, "moved", "moved"),
		    count_text(o, mv.same, "was", "were"));
	if (mv.fresh)
		report_addf(r, in, RS_PLAIN, "; %s rated for the first time",
			    count_text(o, mv.fresh, "was", "were"));
	if (mv.unrated)
		report_addf(r, in, RS_PLAIN, "; %s not assessed",
			    count_text(o, mv.unrated, "programme is", "programmes are"));
	report_add(r, in, RS_PLAIN, ".");

	hdr[0] = "Programme";
	hdr[1] = report_printf(r, "Rating at %s", dnow);
	hdr[2] = report_printf(r, "Rating at %s", dprev);
	hdr[3] = "Direction";
	hdr[4] = "Projects rated worse than their programme";
	t = report_table(r, s, "Delivery confidence by programme", 5, hdr, al5, 1);
	for (size_t i = 0; i < o->nprogs; i++) {
		const struct prog *g = &o->progs[i];
		int a = rating_rank(g->prev), b = rating_rank(g->now);

		if (!prog_rated_now(g))
			continue;
		row = report_row(r, t);
		report_add(r, &row[0], RS_PLAIN, g->p->name);
		report_add(r, &row[1], g->now ? RS_RATING : RS_PLAIN,
			   g->now ? g->now : "Not assessed");
		report_add(r, &row[2], g->prev ? RS_RATING : RS_PLAIN,
			   g->prev ? g->prev : "Not assessed");
		report_add(r, &row[3], RS_PLAIN,
			   b < 0 ? "not rated" : a < 0 ? "new rating" :
			   b < a ? "improved" : b > a ? "worsened" : "unchanged");
		if (project_ratings(o, &row[4], g) < 0)
			return -1;
	}

	in = report_note(r, s, "Roll-up rule");
	report_add(r, in, RS_PLAIN,
		   "The portfolio's delivery confidence is not an average of its "
		   "programmes: it is shown as the distribution of programme ratings "
		   "now and at the end of the previous quarter, with the number of "
		   "programmes that moved up, moved down or stayed the same. Each "
		   "programme's rating is its most recent on or before the date, "
		   "from the delivery confidence register or from its monthly "
		   "return (on the same date the register wins; of two assessments "
		   "on one date, an independent review, then the portfolio office, "
		   "then the SRO). A project rated worse than its programme is "
		   "shown beside it, never averaged away; Exempt and unassessed "
		   "programmes are counted but have no direction.");
	return 0;
}

static int
severity_rank(const char *s)
{
	static const char *const order[] = { "critical", "high", "medium", "low", NULL };
	int i = s ? enum_index(order, s) : -1;

	return i < 0 ? 4 : i;
}

static int
issue_open(const struct ov *o, const struct issue *is)
{
	if (is->raised && is->raised > o->q_end)
		return 0;
	if (is->resolved && is->resolved <= o->q_end)
		return 0;
	return is->resolved || (is->status && strcmp(is->status, "open") == 0);
}

static int
cmp_issue(const void *a, const void *b)
{
	const struct issue *x = *(const struct issue *const *)a;
	const struct issue *y = *(const struct issue *const *)b;
	int sx = severity_rank(x->severity), sy = severity_rank(y->severity);

	if (sx != sy)
		return sx < sy ? -1 : 1;
	if (x->raised != y->raised)
		return x->raised < y->raised ? -1 : 1;
	return strcmp(x->code, y->code);
}

static void
sec_issues(struct ov *o)
{
	struct report *r = o->r;
	struct report_section *s = report_section(r, 2, "3.7", "Top issues");
	const struct issue **v = NULL;
	size_t n = 0, alloc = 0;
	struct report_block *list;
	struct report_inline *in;

	KEY_FOREACH(o, K_ISSUE, const struct issue, is) {
		if (!is->level || strcmp(is->level, "portfolio") != 0 || !issue_open(o, is) ||
		    !visible(o, is->programme, is->project, is->marking))
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
		    count_text(o, (long)n, "open issue", "open issues"));
	list = report_bullets(r, s);
	for (size_t i = 0; i < n; i++) {
		const struct issue *is = v[i];

		use(o, is->programme, is->project, is->marking);
		in = report_item(r, list);
		report_add(r, in, RS_STRONG, is->title);
		report_addf(r, in, RS_PLAIN, " (%s severity%s%s)",
			    is->severity ? is->severity : "unrated",
			    is->owner ? "; owner: " : "", is->owner ? is->owner : "");
		if (is->description) {
			report_add(r, in, RS_PLAIN, ": ");
			add_sentence(r, in, is->description);
		} else {
			report_add(r, in, RS_PLAIN, ".");
		}
		if (is->resolution) {
			report_add(r, in, RS_PLAIN, " Action: ");
			add_sentence(r, in, is->resolution);
		}
	}
	free(v);
}

/* Default bands (DOMAIN.md): 1-4 low, 5-12 medium, 15-25 high. */
static const char *
band(int64_t score)
{
	return score >= 15 ? "high" : score >= 5 ? "medium" : "low";
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
		report_add(o->r, cell, RS_PLAIN, "not set");
		return;
	}
	report_addf(o->r, cell, RS_PLAIN, "%lld \xC3\x97 %lld = %lld (%s)", (long long)l,
		    (long long)i, (long long)(l * i), band(l * i));
}

static void
sec_risks(struct ov *o)
{
	struct report *r = o->r;
	struct report_section *s = report_section(r, 2, "3.8", "Portfolio risks");
	static const char *const hdr[] = {
		"Ref", "Risk", "Owner", "Current (L \xC3\x97 I)", "Target (L \xC3\x97 I)",
		"Response", "Fed by"
	};
	const struct risk **v = NULL;
	size_t n = 0, alloc = 0;
	long nfeed = 0;
	struct report_block *t;
	struct report_inline *in, *row;

	KEY_FOREACH(o, K_RISK, const struct risk, k) {
		if (!portfolio_risk_ok(o, k))
			continue;
		ALLOC_GROW(v, n + 1, alloc);
		v[n++] = k;
	}
	KEY_FOREACH(o, K_RISK_LINK, const struct risk_link, l) {
		const struct risk *pr = risk_find(o, l->portfolio_risk);
		const struct risk *k = risk_find(o, l->risk);

		if (portfolio_risk_ok(o, pr) && k &&
		    visible(o, k->programme, k->project, k->marking))
			nfeed++;
	}
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
		    count_text(o, (long)n, "open risk", "open risks"),
		    count_text(o, nfeed, "programme or project risk", "programme and project risks"));

	t = report_table(r, s, "Portfolio risk register", 7, (const char *const *)hdr, NULL, 1);
	for (size_t i = 0; i < n; i++) {
		const struct risk *k = v[i];
		int any = 0;

		use(o, k->programme, k->project, k->marking);
		row = report_row(r, t);
		report_add(r, &row[0], RS_PLAIN, k->code);
		report_add(r, &row[1], RS_PLAIN, k->title);
		report_add(r, &row[2], RS_PLAIN, k->owner ? k->owner : "not assigned");
		score_cell(o, &row[3], k->current_likelihood, k->current_impact);
		score_cell(o, &row[4], k->target_likelihood, k->target_impact);
		report_add(r, &row[5], RS_PLAIN, k->response ? k->response : "not set");
		KEY_FOREACH(o, K_RISK_LINK, const struct risk_link, l) {
			const struct risk *f;

			if (!l->portfolio_risk || strcmp(l->portfolio_risk, k->code) != 0)
				continue;
			f = risk_find(o, l->risk);
			if (!f || !visible(o, f->programme, f->project, f->marking))
				continue;
			use(o, f->programme, f->project, f->marking);
			if (any++)
				report_add(r, &row[6], RS_PLAIN, "; ");
			report_add(r, &row[6], RS_PLAIN, f->code);
		}
		if (!any)
			report_add(r, &row[6], RS_PLAIN, "none");
	}
	free(v);
}

int
report_oversight(const struct dataset *ds, int32_t as_at, const char *clearance,
		 struct report *out, struct error *err)
{
	struct ov o;
	int rc = -1, any = 0;

	report_init(out);
	memset(&o, 0, sizeof(o));
	o.ds = ds;
	o.r = out;
	o.err = err;
	o.clr = clearance ? enum_index(marking_values, clearance) : 0;
	if (o.clr < 0) {
		error_set(err, ERR_USAGE, "unknown clearance \"%s\" (expected one of OFFICIAL, OFFICIAL-SENSITIVE)",
			  clearance);
		goto out;
	}
	if (as_at <= 3) {
		error_set(err, ERR_USAGE, "no as-at month given for the oversight report");
		goto out;
	}
	/* The financial quarter to date; "a quarter ago" is the end of the one before. */
	o.as_at = as_at;
	o.q_first = fq_first_month(fy_of_month(as_at), fq_of_month(as_at));
	o.q_start = month_first_day(o.q_first);
	o.q_end = month_last_day(as_at);
	o.prev_end = month_last_day(o.q_first - 1);
	o.scale = rating_scale_of(ds);

	index_by_key(&o);
	KEY_FOREACH(&o, K_PORTFOLIO, const struct portfolio, pf)
		if (mark_ok(&o, pf->marking))
			any = 1;
	if (!any) {
		error_set(err, ERR_DENIED, "no portfolio is visible at clearance %s",
			  clearance ? clearance : marking_values[0]);
		goto out;
	}
	if (slip_list_build(ds, NULL, as_at, &o.slips, err) < 0 || load_programmes(&o) < 0)
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
	for (int k = 0; k < K__COUNT; k++)
		free(o.by_key[k].rows);
	free(o.progs);
	return rc;
}
