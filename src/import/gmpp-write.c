/*
 * gmpp-write.c - a year's GMPP file from a dataset (gmpp-write.h), the
 * reverse of gmpp.c's reader: whatever the reader turns a column into,
 * this writer turns back into that column.
 */
#include "import/gmpp-write.h"
#include "import/gmpp.h"
#include "core/csvout.h"
#include "core/date.h"
#include "core/error.h"
#include "core/strbuf.h"
#include "core/utf8.h"
#include "core/xmalloc.h"
#include "model/dataset.h"
#include "model/schema.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The 2018 file's columns, in its order. */
enum col {
	W_NAME,
	W_DEPT,
	W_RATING,
	W_DESC,
	W_RATING_NOTE,
	W_START,
	W_END,
	W_SCHEDULE_NOTE,
	W_BUDGET,
	W_FORECAST,
	W_WLC,
	W_VARIANCE_NOTE,
	W_COST_NOTE,
	W_YEAR,
	W__COUNT
};

static const char *const header[W__COUNT] = {
	"project_name", "department", "colour_rating", "description_aims",
	"rating_comment", "start_date", "end_date", "schedule_comment",
	"yearly_budget", "yearly_forecast", "wlc_baseline_incl_NCG",
	"variance_comment", "budget_comment", "year",
};

/* --- which rows, with which rating ------------------------------------------ */

static int
assessor_rank(const char *a)
{
	static const char *const order[] = { "sro", "portfolio_office", "independent", NULL };
	int i = a ? enum_index(order, a) : -1;

	return i;
}

/*
 * A rating a programme was given: a DCA record, or the rating of a
 * monthly return (dated the last day of its month), as assess/rollup.h
 * reads them.
 */
struct rated {
	int32_t on;
	int rank;	/* on one date: return versions below every DCA record */
	const char *rating;
	const struct dca *d;		/* or */
	const struct monthly_return *rt;
};

#define RETURN_RANK(version) ((int)((version) > 999 ? 999 : (version)) - 1000)

/* Is a later than b by the rule of the header (b unset: yes)? */
static int
rated_later(const struct rated *a, const struct rated *b)
{
	if (b->rating == NULL)
		return 1;
	if (a->on != b->on)
		return a->on > b->on;
	return a->rank > b->rank;
}

int
gmpp_latest_year(const struct dataset *ds)
{
	int32_t latest = 0;

	DS_FOREACH(ds, K_DCA, const struct dca, d)
		if (d->project == NULL && d->rating && d->assessed_on > latest)
			latest = d->assessed_on;
	DS_FOREACH(ds, K_RETURN, const struct monthly_return, rt)
		if (rt->dca && rt->period && rt->status && strcmp(rt->status, "draft") != 0 &&
		    month_last_day(rt->period) > latest)
			latest = month_last_day(rt->period);
	if (latest == 0)
		return 0;
	for (int y = 2000; y <= 2100; y++)
		if (gmpp_snapshot_date(y) >= latest)
			return y;
	return 0;
}

/* --- cells -------------------------------------------------------------------- */

#define REPLACEMENT "\xEF\xBF\xBD"

/* Valid UTF-8 only: a stray byte would make the reader take the file for Latin-1. */
static void
utf8(struct strbuf *sb, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t left = strlen(s);

	while (left > 0) {
		size_t n = utf8_seq(u, left);

		if (n == 0) {
			strbuf_addstr(sb, REPLACEMENT);
			n = 1;
		} else {
			strbuf_add(sb, u, n);
		}
		u += n;
		left -= n;
	}
}

/* One field, RFC 4180 quoted, formula-safe (csvout), and quoted when it
   holds a semicolon too. */
static void
cell(struct strbuf *line, const char *raw)
{
	struct strbuf sb = STRBUF_INIT;

	utf8(&sb, raw ? raw : "");
	if (strchr(sb.buf, ';'))
		csvout_quoted(line, sb.buf);
	else
		csvout_field(line, sb.buf);
	strbuf_release(&sb);
}

/* Whole pounds as millions: 12131500000 -> "12131.5", exact to the pound. */
static char *
millions(int64_t pounds, char *buf, size_t size)
{
	uint64_t a = pounds < 0 ? (uint64_t)0 - (uint64_t)pounds : (uint64_t)pounds;
	char frac[8];
	int n;

	snprintf(frac, sizeof(frac), "%06" PRIu64, a % 1000000);
	for (n = 6; n > 0 && frac[n - 1] == '0'; n--)
		frac[n - 1] = '\0';
	snprintf(buf, size, "%s%" PRIu64 "%s%s", pounds < 0 ? "-" : "", a / 1000000,
		 n ? "." : "", frac);
	return buf;
}

/*
 * The text a withheld or unpublished value was published as, from an
 * assumption the reader wrote ("GMPP 2018: end_date not published: TBD;
 * wlc_baseline_incl_NCG withheld: Exempt ..."), or NULL. Only a note of
 * this very publication counts.
 */
static char *
withheld(const char *assumption, int year, const char *column)
{
	char prefix[32];
	const char *p, *end = NULL;

	if (assumption == NULL)
		return NULL;
	snprintf(prefix, sizeof(prefix), "GMPP %d", year);
	if (strncmp(assumption, prefix, strlen(prefix)) != 0)
		return NULL;
	for (p = assumption; (p = strstr(p, column)); p += strlen(column)) {
		const char *q = p + strlen(column);

		if (p > assumption && !(p[-1] == ' ' && (p[-2] == ';' || p[-2] == ':')))
			continue;
		if (strncmp(q, " withheld: ", 11) == 0)
			q += 11;
		else if (strncmp(q, " not published: ", 16) == 0)
			q += 16;
		else
			continue;
		/* the value runs to the next "; <column> withheld|not published: " */
		for (const char *r = q; (r = strstr(r, "; ")); r += 2) {
			for (int c = 0; c <= W__COUNT; c++) {
				const char *h = c < W__COUNT ? header[c] : "total_baseline";
				size_t hl = strlen(h);

				if (strncmp(r + 2, h, hl) == 0 &&
				    (strncmp(r + 2 + hl, " withheld: ", 11) == 0 ||
				     strncmp(r + 2 + hl, " not published: ", 16) == 0)) {
					end = r;
					break;
				}
			}
			if (end)
				break;
		}
		return end ? xstrndup(q, (size_t)(end - q)) : xstrdup(q);
	}
	return NULL;
}

/* The year's budget as withheld: 2021 calls the column total_baseline. */
static char *
withheld_budget(const struct finance *fin, int year)
{
	char *s = withheld(fin->assumption, year, header[W_BUDGET]);

	return s ? s : withheld(fin->assumption, year, "total_baseline");
}

/* The DCA's note split back into the columns the reader joined. */
struct narrative {
	char *published;	/* "Published rating: X": X; "" when none was */
	struct strbuf rating, schedule, variance, cost;
};

static void
para_add(struct strbuf *sb, const char *p, size_t len)
{
	if (sb->len)
		strbuf_addstr(sb, "\n\n");
	strbuf_add(sb, p, len);
}

/*
 * The reader joins the columns as paragraphs, labelled but for the
 * rating comment; a paragraph without a label carries on the column
 * before it (a comment may hold blank lines of its own).
 */
static void
narrative_split(struct narrative *nv, const char *note)
{
	const char *p = note;
	struct strbuf *cur = &nv->rating;

	memset(nv, 0, sizeof(*nv));
	strbuf_init(&nv->rating, 0);
	strbuf_init(&nv->schedule, 0);
	strbuf_init(&nv->variance, 0);
	strbuf_init(&nv->cost, 0);
	while (p && *p) {
		const char *e = strstr(p, "\n\n");
		size_t len = e ? (size_t)(e - p) : strlen(p);

		if (nv->published == NULL && p == note &&
		    strncmp(p, "Published rating: ", 18) == 0)
			nv->published = xstrndup(p + 18, len - 18);
		else if (nv->published == NULL && p == note && len == 24 &&
			 strncmp(p, "No rating was published.", 24) == 0)
			nv->published = xstrdup("");
		else if (strncmp(p, "Schedule: ", 10) == 0)
			para_add(cur = &nv->schedule, p + 10, len - 10);
		else if (strncmp(p, "Budget variance: ", 17) == 0)
			para_add(cur = &nv->variance, p + 17, len - 17);
		else if (strncmp(p, "Costs: ", 7) == 0)
			para_add(cur = &nv->cost, p + 7, len - 7);
		else
			para_add(cur, p, len);
		p = e ? e + 2 : NULL;
	}
}

static void
narrative_release(struct narrative *nv)
{
	free(nv->published);
	strbuf_release(&nv->rating);
	strbuf_release(&nv->schedule);
	strbuf_release(&nv->variance);
	strbuf_release(&nv->cost);
}

/* Add a and b, either of which may be absent. */
static int64_t
sum2(int64_t a, int64_t b)
{
	if (a == INT_NONE)
		return b;
	if (b == INT_NONE)
		return a;
	return a + b;
}

/* A row to write: a programme and its rating for the year. */
struct wrow {
	const struct programme *p;
	struct rated r;
};

static int
wrow_cmp(const void *a, const void *b)
{
	const struct wrow *x = a, *y = b;
	int c = strcmp(x->p->portfolio ? x->p->portfolio : "",
		       y->p->portfolio ? y->p->portfolio : "");

	return c ? c : strcmp(x->p->code, y->p->code);
}

/* The department as the file should spell it for the reader to find it again. */
static const char *
department(const struct dataset *ds, const char *code)
{
	const struct portfolio *pf = code ? dataset_find(ds, K_PORTFOLIO, code) : NULL;
	char *derived;
	int same;

	if (pf == NULL || pf->name == NULL)
		return code;
	derived = gmpp_department_code(pf->name);
	same = derived && strcmp(derived, code) == 0;
	free(derived);
	/* a name that gives back the code is written; else the code, which
	 * the reader expands for the departments it knows */
	return same ? pf->name : code;
}

/* Keep r as programme's rating if it is later than the one held. */
static void
consider(const struct dataset *ds, struct wrow *w, size_t n, const char *programme,
	 const struct rated *r)
{
	struct wrow key, *hit;

	/* rows are sorted by portfolio, then code: find by both */
	memset(&key, 0, sizeof(key));
	key.p = programme ? dataset_find(ds, K_PROGRAMME, programme) : NULL;
	if (key.p == NULL || n == 0)
		return;
	hit = bsearch(&key, w, n, sizeof(*w), wrow_cmp);
	if (hit && rated_later(r, &hit->r))
		hit->r = *r;
}

static void
write_row(struct strbuf *sb, const struct dataset *ds, const struct wrow *w, int year,
	  const struct finance *fin)
{
	const struct programme *p = w->p;
	struct narrative nv;
	char buf[64], iso[16], *text[W__COUNT] = { NULL };
	const char *v[W__COUNT] = { NULL };
	int64_t budget = fin ? sum2(fin->capital_budget, fin->revenue_budget) : INT_NONE;
	int64_t forecast = fin ? sum2(fin->capital_forecast, fin->revenue_forecast) : INT_NONE;

	if (w->r.d) {
		narrative_split(&nv, w->r.d->note);
	} else {
		/* a return's rating: its headline and commentary say why */
		narrative_split(&nv, NULL);
		if (w->r.rt->headline)
			para_add(&nv.rating, w->r.rt->headline, strlen(w->r.rt->headline));
		if (w->r.rt->commentary)
			para_add(&nv.rating, w->r.rt->commentary, strlen(w->r.rt->commentary));
	}
	v[W_NAME] = p->name;
	v[W_DEPT] = department(ds, p->portfolio);
	/* as published, when that still reads as the rating held */
	v[W_RATING] = w->r.rating;
	if (nv.published) {
		const char *again = gmpp_rating(nv.published);

		if (again && strcmp(again, w->r.rating) == 0)
			v[W_RATING] = nv.published;
	}
	v[W_DESC] = p->description;
	v[W_RATING_NOTE] = nv.rating.buf;
	v[W_SCHEDULE_NOTE] = nv.schedule.buf;
	v[W_VARIANCE_NOTE] = nv.variance.buf;
	v[W_COST_NOTE] = nv.cost.buf;
	if (p->start_date)
		v[W_START] = text[W_START] = xstrdup(date_format(p->start_date, iso));
	else
		v[W_START] = text[W_START] = withheld(p->assumption, year, header[W_START]);
	if (p->end_date)
		v[W_END] = text[W_END] = xstrdup(date_format(p->end_date, iso));
	else
		v[W_END] = text[W_END] = withheld(p->assumption, year, header[W_END]);
	if (p->whole_life_cost != INT_NONE)
		v[W_WLC] = text[W_WLC] = xstrdup(millions(p->whole_life_cost, buf, sizeof(buf)));
	else
		v[W_WLC] = text[W_WLC] = withheld(p->assumption, year, header[W_WLC]);
	if (budget != INT_NONE)
		v[W_BUDGET] = text[W_BUDGET] = xstrdup(millions(budget, buf, sizeof(buf)));
	else if (fin)
		v[W_BUDGET] = text[W_BUDGET] = withheld_budget(fin, year);
	if (forecast != INT_NONE)
		v[W_FORECAST] = text[W_FORECAST] = xstrdup(millions(forecast, buf, sizeof(buf)));
	else if (fin)
		v[W_FORECAST] = text[W_FORECAST] = withheld(fin->assumption, year,
							     header[W_FORECAST]);
	snprintf(buf, sizeof(buf), "%d", year);
	v[W_YEAR] = buf;
	for (int c = 0; c < W__COUNT; c++) {
		if (c)
			strbuf_addch(sb, ',');
		cell(sb, v[c]);
	}
	strbuf_addstr(sb, "\r\n");
	for (int c = 0; c < W__COUNT; c++)
		free(text[c]);
	narrative_release(&nv);
}

int
gmpp_write(const struct dataset *ds, int year, struct strbuf *out, size_t *rows,
	   struct error *err)
{
	struct wrow *w = NULL;
	size_t n = 0, alloc = 0, start = out->len;
	int32_t from, to;
	int fy;
	struct strbuf sb = STRBUF_INIT;
	int ret = -1;

	if (rows)
		*rows = 0;
	if (year < 2000 || year > 2100)
		return error_set(err, ERR_USAGE, "%d is not a GMPP publication year (2000..2100)",
				 year);
	from = gmpp_snapshot_date(year - 1);
	to = gmpp_snapshot_date(year);
	fy = gmpp_financial_year(year);

	/* each programme's latest programme-level rating in the window */
	DS_FOREACH(ds, K_PROGRAMME, const struct programme, p) {
		ALLOC_GROW(w, n + 1, alloc);
		memset(&w[n], 0, sizeof(w[n]));
		w[n].p = p;
		n++;
	}
	if (n)
		qsort(w, n, sizeof(*w), wrow_cmp);
	DS_FOREACH(ds, K_DCA, const struct dca, d) {
		struct rated r = { d->assessed_on, assessor_rank(d->assessor), d->rating, d, NULL };

		if (d->project == NULL && d->rating && d->assessed_on > from && d->assessed_on <= to)
			consider(ds, w, n, d->programme, &r);
	}
	DS_FOREACH(ds, K_RETURN, const struct monthly_return, rt) {
		struct rated r = { rt->period ? month_last_day(rt->period) : 0,
				   RETURN_RANK(rt->version), rt->dca, NULL, rt };

		if (rt->dca && rt->status && strcmp(rt->status, "draft") != 0 &&
		    r.on > from && r.on <= to)
			consider(ds, w, n, rt->programme, &r);
	}

	strbuf_addstr(&sb, "\xEF\xBB\xBF");	/* UTF-8 byte-order mark */
	for (int c = 0; c < W__COUNT; c++) {
		if (c)
			strbuf_addch(&sb, ',');
		strbuf_addstr(&sb, header[c]);
	}
	strbuf_addstr(&sb, "\r\n");
	for (size_t i = 0; i < n; i++) {
		const struct finance *fin = NULL;

		if (w[i].r.rating == NULL)
			continue;
		DS_FOREACH(ds, K_FINANCE, const struct finance, f)
			if (f->year == fy && f->programme &&
			    strcmp(f->programme, w[i].p->code) == 0)
				fin = f;
		write_row(&sb, ds, &w[i], year, fin);
		if (rows)
			(*rows)++;
	}
	if (strbuf_add(out, sb.buf, sb.len) < 0) {
		strbuf_setlen(out, start);
		error_set(err, ERR_IO, "the GMPP file is larger than the output allows");
		goto out;
	}
	ret = 0;
out:
	strbuf_release(&sb);
	free(w);
	return ret;
}
