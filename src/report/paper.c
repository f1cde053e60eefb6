/*
 * paper.c - need to know, key order and house wording shared by the
 * paper builders (paper.h).
 */
#include "report/paper.h"
#include "report/report.h"
#include "assess/risk.h"
#include "core/date.h"
#include "core/error.h"
#include "core/xmalloc.h"
#include "model/dataset.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

int
paper_init(struct paper *pp, const struct dataset *ds, const char *clearance,
	   struct report *out, struct error *err)
{
	int any = 0;

	memset(pp, 0, sizeof(*pp));
	report_init(out);
	pp->ds = ds;
	pp->r = out;
	pp->err = err;
	pp->clr = clearance ? enum_index(marking_values, clearance) : 0;
	if (pp->clr < 0)
		return error_set(err, ERR_USAGE,
				 "unknown clearance \"%s\" (expected one of OFFICIAL, OFFICIAL-SENSITIVE)",
				 clearance);
	pp->scale = rating_scale_of(ds);
	for (int k = 0; k < K__COUNT; k++) {
		size_t n = dataset_count(ds, k);
		void **tmp;

		pp->by_key[k].n = n;
		if (n == 0)
			continue;
		pp->by_key[k].rows = xmalloc(n * sizeof(void *));
		tmp = xmalloc(n * sizeof(void *));
		for (size_t i = 0; i < n; i++)
			pp->by_key[k].rows[i] = dataset_row(ds, k, i);
		sort_by_key(pp->by_key[k].rows, tmp, n, entity_of(k));
		free(tmp);
	}
	PAPER_FOREACH(pp, K_PORTFOLIO, const struct portfolio, pf)
		if (paper_mark_ok(pp, pf->marking))
			any = 1;
	if (!any)
		return error_set(err, ERR_DENIED, "no portfolio is visible at clearance %s",
				 clearance ? clearance : marking_values[0]);
	return 0;
}

void
paper_release(struct paper *pp)
{
	for (int k = 0; k < K__COUNT; k++)
		free(pp->by_key[k].rows);
	memset(pp->by_key, 0, sizeof(pp->by_key));
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

int
paper_mark_ok(const struct paper *pp, const char *m)
{
	return mark_rank(m) <= pp->clr;
}

const struct programme *
paper_prog_find(const struct paper *pp, const char *code)
{
	return code ? dataset_find(pp->ds, K_PROGRAMME, code) : NULL;
}

const struct project *
paper_proj_find(const struct paper *pp, const char *code)
{
	return code ? dataset_find(pp->ds, K_PROJECT, code) : NULL;
}

static int
portfolio_ok(const struct paper *pp, const char *code)
{
	const struct portfolio *pf;

	if (code == NULL)
		return 1;
	pf = dataset_find(pp->ds, K_PORTFOLIO, code);
	return pf == NULL || paper_mark_ok(pp, pf->marking);
}

int
paper_prog_ok(const struct paper *pp, const char *code)
{
	const struct programme *p = paper_prog_find(pp, code);

	return p && paper_mark_ok(pp, p->marking) && portfolio_ok(pp, p->portfolio);
}

int
paper_proj_ok(const struct paper *pp, const char *code)
{
	const struct project *pj = paper_proj_find(pp, code);

	return pj && paper_mark_ok(pp, pj->marking) && paper_prog_ok(pp, pj->programme);
}

int
paper_visible(const struct paper *pp, const char *programme, const char *project,
	      const char *marking)
{
	return paper_mark_ok(pp, marking) && (programme == NULL || paper_prog_ok(pp, programme)) &&
	       (project == NULL || paper_proj_ok(pp, project));
}

void
paper_use(struct paper *pp, const char *programme, const char *project,
	  const char *marking)
{
	const struct programme *p = paper_prog_find(pp, programme);
	const struct project *pj = paper_proj_find(pp, project);

	report_mark(pp->r, marking);
	if (pj) {
		report_mark(pp->r, pj->marking);
		if (p == NULL)
			p = paper_prog_find(pp, pj->programme);
	}
	if (p) {
		const struct portfolio *pf = p->portfolio ?
			dataset_find(pp->ds, K_PORTFOLIO, p->portfolio) : NULL;

		report_mark(pp->r, p->marking);
		if (pf)
			report_mark(pp->r, pf->marking);
	}
}

/* --- words and numbers ------------------------------------------------- */

const char *
paper_day(struct paper *pp, int32_t d)
{
	char buf[32];

	return report_strdup(pp->r, date_format_long(d, buf));
}

const char *
paper_month(struct paper *pp, int32_t m)
{
	char buf[32];

	return report_strdup(pp->r, month_format_long(m, buf));
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

const char *
paper_num(struct paper *pp, double v)
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
	return report_strdup(pp->r, buf);
}

const char *
paper_money(struct paper *pp, double pounds)
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
	return report_strdup(pp->r, buf);
}

const char *
paper_money_unit(const char *unit)
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

int
paper_percent_unit(const char *unit)
{
	static const char *const names[] = { "per cent", "percent", "%", NULL };
	size_t n;

	if (unit == NULL)
		return 0;
	while (*unit == ' ')
		unit++;
	n = strlen(unit);
	while (n > 0 && unit[n - 1] == ' ')
		n--;
	for (int i = 0; names[i]; i++)
		if (n == strlen(names[i]) && strncasecmp(unit, names[i], n) == 0)
			return 1;
	return 0;
}

const char *
paper_qty(struct paper *pp, double v, const char *unit)
{
	const char *rest = paper_money_unit(unit);

	if (rest)
		return *rest ? report_printf(pp->r, "%s %s", paper_money(pp, v), rest)
			     : paper_money(pp, v);
	/* percentages as the paper writes its own: "10%" */
	if (paper_percent_unit(unit))
		return report_printf(pp->r, "%s%%", paper_num(pp, v));
	if (unit && *unit)
		return report_printf(pp->r, "%s %s", paper_num(pp, v), unit);
	return paper_num(pp, v);
}

const char *
paper_of(struct paper *pp, double v, double target, const char *unit)
{
	if (paper_money_unit(unit) || paper_percent_unit(unit))
		return report_printf(pp->r, "%s of %s", paper_qty(pp, v, unit),
				     paper_qty(pp, target, unit));
	return report_printf(pp->r, "%s of %s", paper_num(pp, v), paper_qty(pp, target, unit));
}

int
paper_percent(double v, double of)
{
	return of == 0 ? 0 : (int)floor(v / of * 100.0 + 0.5);
}

const char *
paper_plural(long n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

const char *
paper_num_word(struct paper *pp, long n)
{
	static const char *const words[] = {
		"no", "one", "two", "three", "four", "five", "six", "seven",
		"eight", "nine"
	};

	if (n >= 0 && n < 10)
		return words[n];
	return report_printf(pp->r, "%ld", n);
}

const char *
paper_count(struct paper *pp, long n, const char *one, const char *many)
{
	return report_printf(pp->r, "%s %s", paper_num_word(pp, n), paper_plural(n, one, many));
}

const char *
paper_cap(struct paper *pp, const char *s)
{
	char *t = (char *)report_strdup(pp->r, s);

	if (t && t[0] >= 'a' && t[0] <= 'z')
		t[0] = (char)(t[0] - 'a' + 'A');
	return t;
}

const char *
paper_join_and(struct paper *pp, const char *const *parts, size_t n)
{
	const char *s = n ? parts[0] : "";

	for (size_t i = 1; i < n; i++)
		s = report_printf(pp->r, "%s%s%s", s, i + 1 == n ? " and " : ", ", parts[i]);
	return s;
}

const char *
paper_prog_name(const struct paper *pp, const char *code)
{
	const struct programme *p = paper_prog_find(pp, code);

	return p ? p->name : code;
}

const char *
paper_humanise(struct paper *pp, const char *enumval)
{
	char *s;

	if (enumval == NULL)
		return NULL;
	s = (char *)report_strdup(pp->r, enumval);
	for (char *p = s; *p; p++)
		if (*p == '_')
			*p = '-';
	return s;
}

const char *
paper_stage_name(const char *stage)
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

void
paper_sentence(struct report *r, struct report_inline *in, const char *text)
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

const char *
paper_trim_stop(struct paper *pp, const char *text)
{
	size_t n = text ? strlen(text) : 0;

	while (n > 0 && (text[n - 1] == ' ' || text[n - 1] == '\n' || text[n - 1] == '.'))
		n--;
	return report_printf(pp->r, "%.*s", (int)n, text ? text : "");
}

const char *
paper_signed(struct paper *pp, long d)
{
	return d > 0 ? report_printf(pp->r, "+%ld", d) :
	       d < 0 ? report_printf(pp->r, "\xE2\x88\x92%ld", -d) : "0";
}

const struct portfolio *
paper_portfolio(const struct paper *pp)
{
	const struct portfolio *only = NULL;
	size_t n = 0;

	PAPER_FOREACH(pp, K_PORTFOLIO, const struct portfolio, pf) {
		if (!paper_mark_ok(pp, pf->marking))
			continue;
		only = pf;
		n++;
	}
	return n == 1 ? only : NULL;
}

const char *
paper_portfolio_name(struct paper *pp)
{
	const struct portfolio *only = paper_portfolio(pp);

	if (only == NULL)
		return "the change portfolio";
	if (strncasecmp(only->name, "the ", 4) == 0)
		return only->name;
	return report_printf(pp->r, "the %s", only->name);
}

int
paper_contains_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return 1;
	return n == 0;
}

/* --- ratings ----------------------------------------------------------- */

int
paper_rating_rank(const char *rating)
{
	int i = rating ? enum_index(dca_values, rating) : -1;

	return i >= 0 && i <= 4 ? i : -1;
}

int
paper_return_counts(const struct monthly_return *rt)
{
	return rt->status == NULL || strcmp(rt->status, "draft") != 0;
}

const struct monthly_return *
paper_return_in(const struct paper *pp, const char *programme, int32_t from,
		int32_t to, int want_dca)
{
	const struct monthly_return *best = NULL;

	PAPER_FOREACH(pp, K_RETURN, const struct monthly_return, rt) {
		if (rt->programme == NULL || strcmp(rt->programme, programme) != 0)
			continue;
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

const char *
paper_rating_text(const struct paper *pp, enum rating r)
{
	return r == RATING_NONE ? NULL : rating_name(rating_on_scale(r, pp->scale));
}

int
paper_prog_rating(const struct paper *pp, const char *programme, int32_t day,
		  const char **rating, enum rating_src *src)
{
	struct rating_at at;

	if (rating_programme_at(pp->ds, programme, day, &at, pp->err) < 0)
		return -1;
	*rating = paper_rating_text(pp, at.rating);
	if (src)
		*src = at.rating == RATING_NONE ? SRC_NONE :
		       at.source == K_RETURN ? SRC_RETURN : SRC_DCA;
	return 0;
}

/* --- records as at a day ------------------------------------------------ */

int
paper_decision_pending(const struct decision *d, int32_t day)
{
	if (d->decided && d->decided <= day)
		return 0;
	return d->decided || d->status == NULL || strcmp(d->status, "made") != 0;
}

int
paper_cr_pending(const struct change_request *c, int32_t day)
{
	if (c->raised && c->raised > day)
		return 0;
	if (c->decided && c->decided <= day)
		return 0;
	return c->decided || (c->status && strcmp(c->status, "pending") == 0);
}

int
paper_bc_pending(const struct business_case *b, int32_t day)
{
	if (b->submitted && b->submitted > day)
		return 0;
	if (b->decided && b->decided <= day)
		return 0;
	return b->decided || (b->outcome && strcmp(b->outcome, "pending") == 0);
}

int
paper_issue_open(const struct issue *is, int32_t day)
{
	if (is->raised && is->raised > day)
		return 0;
	if (is->resolved && is->resolved <= day)
		return 0;
	return is->resolved || (is->status && strcmp(is->status, "open") == 0);
}

int
paper_severity_rank(const char *s)
{
	static const char *const order[] = { "critical", "high", "medium", "low", NULL };
	int i = s ? enum_index(order, s) : -1;

	return i < 0 ? 4 : i;
}

const char *
paper_band(int64_t score)
{
	return score >= 15 ? "high" : score >= 5 ? "medium" : "low";
}

const char *
paper_risk_move(struct paper *pp, const struct risk_move *mv, int32_t from)
{
	const char *since = "";
	char mb[32];

	if (mv->then_period && mv->then_period > from)
		since = report_printf(pp->r, " since %s", month_format_long(mv->then_period, mb));
	switch (mv->trend) {
	case TREND_UP:
		return report_printf(pp->r, "up from %d%s", mv->then_score, since);
	case TREND_DOWN:
		return report_printf(pp->r, "down from %d%s", mv->then_score, since);
	case TREND_SAME:
		return report_printf(pp->r, "unchanged%s", since);
	case TREND_NEW:
		return "new";
	case TREND_CLOSED:
		return "closed";
	case TREND_UNKNOWN:
		break;
	}
	return "not known";
}

int
paper_prog_active(const struct programme *p, int32_t day)
{
	if (p->lifecycle && strcmp(p->lifecycle, "closed") == 0 &&
	    (p->end_date == 0 || p->end_date <= day))
		return 0;
	if ((p->lifecycle && strcmp(p->lifecycle, "pipeline") == 0) ||
	    (p->start_date && p->start_date > day))
		return 0;
	return 1;
}

const char *
paper_exception_words(struct paper *pp, const char *dimension, const char *type)
{
	return report_printf(pp->r, "%s tolerance %s", dimension ? dimension : "a",
			     type && strcmp(type, "forecast_breach") == 0 ?
			     "forecast to be breached" : "breached");
}

int
paper_exception_open(const struct exception *x)
{
	return x->status == NULL || strcmp(x->status, "open") == 0 ||
	       strcmp(x->status, "escalated") == 0;
}

/* --- lists ------------------------------------------------------------- */

int
paper_cmp_i32(int32_t a, int32_t b)
{
	return (a > b) - (a < b);
}

void
paper_pick(struct picks *p, const void *rec)
{
	ALLOC_GROW(p->v, p->n + 1, p->alloc);
	p->v[p->n++] = rec;
}

void
paper_picks_sort(struct picks *p, int (*cmp)(const void *, const void *))
{
	if (p->n > 1)
		qsort(p->v, p->n, sizeof(*p->v), cmp);
}
