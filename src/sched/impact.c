/*
 * impact.c - knock-on impact analysis (impact.h; docs/impact.md): schedule
 * the portfolio, schedule it again with the slip put in, and say what
 * moved, what float took up, which tolerances break and which benefits
 * and risks hang on what moved.
 */
#include "sched/impact.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "assess/risk.h"
#include "assess/slip.h"
#include "assess/tolerance.h"
#include "core/date.h"
#include "core/error.h"
#include "core/strbuf.h"
#include "core/xmalloc.h"
#include "model/dataset.h"
#include "model/schema.h"
#include "sched/calendar.h"
#include "sched/cpm.h"
#include "sched/input.h"
#include "sched/network.h"

#define DAY SCHED_DAY_SECONDS
#define MAX_SLIP_DAYS 3650
/* Days searched for a working day before a calendar counts as empty. */
#define MAX_DAY_WALK 4000

/* --- small helpers ------------------------------------------------------- */

static const char *
nz(const char *s)
{
	return s ? s : "";
}

static int64_t
floor_div(int64_t a, int64_t b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/* The day an instant that ends something falls on: midnight ends the day before. */
static int32_t
finish_day(int64_t t)
{
	return t == SCHED_NONE ? 0 : (int32_t)floor_div(t - 1, DAY);
}

static int
ci_contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; hay && *hay; hay++) {
		size_t k = 0;

		while (k < n && hay[k] &&
		       tolower((unsigned char)hay[k]) == tolower((unsigned char)needle[k]))
			k++;
		if (k == n)
			return 1;
	}
	return 0;
}

static int
ci_equal(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return 0;
	for (; *a && *b; a++, b++)
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return 0;
	return *a == *b;
}

/* Records of one kind by the text field at offset: sorted for bsearch. */
struct cix {
	const char *code;
	void *rec;
};

static int
cix_cmp(const void *a, const void *b)
{
	return strcmp(((const struct cix *)a)->code, ((const struct cix *)b)->code);
}

static struct cix *
cix_build(const struct dataset *ds, enum kind k, size_t off, size_t *n)
{
	size_t m = dataset_count(ds, k), j = 0;
	struct cix *v = xmalloc((m ? m : 1) * sizeof(*v));

	for (size_t i = 0; i < m; i++) {
		void *rec = dataset_row(ds, k, i);
		const char *code = *(char **)((char *)rec + off);

		if (code == NULL)
			continue;
		v[j].code = code;
		v[j++].rec = rec;
	}
	qsort(v, j, sizeof(*v), cix_cmp);
	*n = j;
	return v;
}

static void *
cix_find(const struct cix *v, size_t n, const char *code)
{
	struct cix key = { code, NULL };
	const struct cix *hit;

	if (code == NULL || n == 0)
		return NULL;
	hit = bsearch(&key, v, n, sizeof(*v), cix_cmp);
	return hit ? hit->rec : NULL;
}

static void
add_count(struct strbuf *sb, long n, const char *one, const char *many)
{
	strbuf_addf(sb, "%ld %s", n, n == 1 ? one : many);
}

static void
add_date(struct strbuf *sb, int32_t d)
{
	char buf[32];

	strbuf_addstr(sb, d ? date_format_long(d, buf) : "no date");
}

static void
add_month(struct strbuf *sb, int32_t m)
{
	char buf[32];

	strbuf_addstr(sb, month_format_long(m, buf));
}

/* A number of days without trailing zeros: 21, 2.5, 0.25. */
static void
add_num(struct strbuf *sb, double v)
{
	char buf[64];
	size_t l;

	if (fabs(v) >= 1000 && fabs(v) < 1e15 && v == floor(v)) {
		/* whole thousands grouped as people write them: 1,583 */
		int64_t n = (int64_t)fabs(v), div = 1;

		if (v < 0)
			strbuf_addch(sb, '-');
		while (n / div >= 1000)
			div *= 1000;
		strbuf_addf(sb, "%lld", (long long)(n / div));
		for (n %= div, div /= 1000; div > 0; n %= div, div /= 1000)
			strbuf_addf(sb, ",%03lld", (long long)(n / div));
		return;
	}
	snprintf(buf, sizeof(buf), "%.2f", v);
	l = strlen(buf);
	while (l > 0 && buf[l - 1] == '0')
		buf[--l] = '\0';
	if (l > 0 && buf[l - 1] == '.')
		buf[--l] = '\0';
	strbuf_addstr(sb, strcmp(buf, "-0") == 0 ? "0" : buf);
}

static void
add_wdays(struct strbuf *sb, double v)
{
	add_num(sb, v);
	strbuf_addstr(sb, fabs(v - 1.0) < 1e-9 ? " working day" : " working days");
}

/* "'Name' " quoted, or nothing when there is no name. */
static void
add_named(struct strbuf *sb, const char *code, const char *name)
{
	strbuf_addstr(sb, nz(code));
	if (name && *name)
		strbuf_addf(sb, " '%s'", name);
}

static const char *
sb_keep(struct strbuf *sb, struct arena *a)
{
	const char *s = arena_strdup(a, sb->buf);

	strbuf_reset(sb);
	return s;
}

/* --- slips ------------------------------------------------------------- */

int
impact_slip_parse(const char *s, struct impact_slip *out, struct error *err)
{
	const char *p = s;
	char *end;
	long long n;
	int64_t mult = 1;
	size_t l;

	if (s == NULL)
		return error_set(err, ERR_USAGE, "no slip given");
	while (isspace((unsigned char)*p))
		p++;
	if (!isdigit((unsigned char)*p))
		goto bad;
	errno = 0;
	n = strtoll(p, &end, 10);
	if (errno || n <= 0)
		goto bad;
	while (isspace((unsigned char)*end))
		end++;
	l = strlen(end);
	while (l > 0 && isspace((unsigned char)end[l - 1]))
		l--;
	out->unit = IMPACT_CALENDAR_DAYS;
	if (l == 0 || (l == 1 && (*end == 'd' || *end == 'D')) ||
	    (l == 3 && strncasecmp(end, "day", 3) == 0) ||
	    (l == 4 && strncasecmp(end, "days", 4) == 0)) {
		/* calendar days */
	} else if ((l == 1 && (*end == 'w' || *end == 'W')) ||
		   (l == 4 && strncasecmp(end, "week", 4) == 0) ||
		   (l == 5 && strncasecmp(end, "weeks", 5) == 0)) {
		mult = 7;
	} else if ((l == 2 && strncasecmp(end, "wd", 2) == 0) ||
		   (l == 11 && strncasecmp(end, "working day", 11) == 0) ||
		   (l == 12 && strncasecmp(end, "working days", 12) == 0)) {
		out->unit = IMPACT_WORKING_DAYS;
	} else {
		goto bad;
	}
	if (n > MAX_SLIP_DAYS / mult)
		return error_set(err, ERR_USAGE, "slip %s is more than %d days", s, MAX_SLIP_DAYS);
	out->amount = (int64_t)n * mult;
	return 0;
bad:
	return error_set(err, ERR_USAGE,
			 "slip %s is not a whole number of days above 0: say 30d (calendar days), 4w (weeks) or 20wd (working days)",
			 s);
}

char *
impact_slip_text(const struct impact_slip *s, char *buf, size_t size)
{
	if (s->unit == IMPACT_WORKING_DAYS)
		snprintf(buf, size, "%lld working day%s", (long long)s->amount,
			 s->amount == 1 ? "" : "s");
	else
		snprintf(buf, size, "%lld day%s", (long long)s->amount,
			 s->amount == 1 ? "" : "s");
	return buf;
}

const char *
impact_tol_name(enum impact_tol t)
{
	switch (t) {
	case IMPACT_TOL_WITHIN:
		return "within";
	case IMPACT_TOL_FORECAST_BREACH:
		return "forecast breach";
	case IMPACT_TOL_BREACH:
		return "breach";
	default:
		return "not measured";
	}
}

void
impact_result_init(struct impact_result *res)
{
	memset(res, 0, sizeof(*res));
	arena_init(&res->arena);
}

void
impact_result_release(struct impact_result *res)
{
	arena_release(&res->arena);
	memset(res, 0, sizeof(*res));
}

/* --- calendar walking (works on unprepared calendars) -------------------- */

static int
working_day(const struct sched_calendar *c, int32_t d, struct sched_day *sd)
{
	sched_calendar_day(c, d, sd);
	return sd->n > 0;
}

/*
 * The instant the delayed activity must finish no earlier than: its
 * finish moved by the slip, as impact.h says. Calendar days move the
 * instant itself: on a day off, the CPM's finish snaps to the end of the
 * working time before it, which is the same point of work (a milestone
 * done by Sunday lets its successors start on Monday). -1 with err when
 * the calendar has no working day within reach.
 */
static int
slip_target(const struct sched_calendar *c, int64_t finish,
	    const struct impact_slip *slip, int64_t *out, struct error *err)
{
	struct sched_day sd;
	int32_t d = finish_day(finish), d2 = d;
	int64_t tod = finish - (int64_t)d * DAY;

	if (slip->unit == IMPACT_CALENDAR_DAYS) {
		*out = finish + slip->amount * DAY;
		return 0;
	}
	for (int64_t n = 0, walked = 0; n < slip->amount;) {
		if (++walked > MAX_DAY_WALK + slip->amount)
			return error_set(err, ERR_INPUT, "calendar %s has no working day to slip to",
					 sched_calendar_name(c));
		d2++;
		if (working_day(c, d2, &sd))
			n++;
	}
	working_day(c, d2, &sd);
	/* keep the time of day when it is within the day's work, else its end */
	if (tod > sd.span[0].from && tod <= sd.span[sd.n - 1].to)
		*out = (int64_t)d2 * DAY + tod;
	else
		*out = (int64_t)d2 * DAY + sd.span[sd.n - 1].to;
	return 0;
}

/* Working seconds of c between instants a <= b. */
static int64_t
work_between(const struct sched_calendar *c, int64_t a, int64_t b)
{
	struct sched_day sd;
	int64_t w = 0;

	if (b <= a)
		return 0;
	for (int64_t d = floor_div(a, DAY); d <= floor_div(b - 1, DAY); d++) {
		int64_t base = d * DAY;

		sched_calendar_day(c, (int32_t)d, &sd);
		for (int k = 0; k < sd.n; k++) {
			int64_t lo = base + sd.span[k].from, hi = base + sd.span[k].to;

			if (lo < a)
				lo = a;
			if (hi > b)
				hi = b;
			if (hi > lo)
				w += hi - lo;
		}
	}
	return w;
}

/* --- the engine ------------------------------------------------------------ */

/* One delay to put in. */
struct req {
	const struct activity *act;
	const struct milestone *ms;	/* NULL: an activity named directly */
	struct impact_slip slip;
	int32_t fc_before, fc_after;	/* of_changes: the reported forecasts */
	int net;			/* network index */
	int32_t date_before, date_after; /* the dates reported for it */
};

struct engine {
	const struct dataset *ds;
	const struct impact_options *opt;
	int32_t month;
	struct impact_result *out;
	struct strbuf sb;
	/* dataset indexes */
	struct cix *acts, *mss, *slips;
	size_t nacts, nmss, nslips;
	struct slip_list sl;
	int have_sl;
	/* the two schedules */
	struct sched_network n1, n2;
	struct sched_result r1, r2;
	int have_r1, have_r2;
	const struct activity **rec;	/* network index -> dataset activity */
	int of_changes;
};

static int32_t
latest_period(const struct dataset *ds, int published_only)
{
	int32_t m = 0;

	DS_FOREACH(ds, K_PERIOD, struct period, p) {
		if (published_only && (p->state == NULL || strcmp(p->state, "published")))
			continue;
		if (p->month > m)
			m = p->month;
	}
	return m;
}

static double
wdays(const struct sched_network *net, size_t i, int64_t a, int64_t b)
{
	const struct sched_calendar *c = net->cal[net->act[i].cal];
	int64_t day = sched_calendar_day_seconds(c);

	if (b <= a || day <= 0)
		return 0;
	return (double)sched_work_between(net, i, a, b) / (double)day;
}

static double
float_days(const struct sched_network *net, size_t i, int64_t secs)
{
	int64_t day = sched_calendar_day_seconds(net->cal[net->act[i].cal]);

	return day > 0 ? (double)secs / (double)day : 0;
}

static int
build(struct engine *e, struct sched_network *net, struct error *err)
{
	sched_network_init(net);
	if (sched_network_from_dataset(e->ds, NULL, e->opt ? e->opt->sched : NULL,
				       net, err) < 0)
		return -1;
	return 0;
}

/*
 * A hypothetical delay (sched_impact): the second network's activity must
 * finish no earlier than its first finish plus the slip.
 */
static int
delay(struct engine *e, const struct req *r, struct error *err)
{
	struct sched_activity *sa = sched_network_activity(&e->n2, (size_t)r->net);
	const struct sched_calendar *c = e->n1.cal[e->n1.act[r->net].cal];
	int64_t before = e->r1.finish[r->net], target = SCHED_NONE;

	if (slip_target(c, before, &r->slip, &target, err) < 0)
		return error_at(err, err->code, r->act->code, "%s", err->msg);
	if (sa->actual_start != SCHED_NONE) {
		/* started: it ignores links and constraints, so it runs longer */
		sa->duration += work_between(c, before, target);
	} else if (sa->constraint != SCHED_FNET || sa->constraint_date == SCHED_NONE ||
		   sa->constraint_date < target) {
		sa->constraint = SCHED_FNET;
		sa->constraint_date = target;
	}
	return 0;
}

/*
 * A reported change (of_changes): the activity is made to finish on the
 * day reported, before (first network) and after (second), whatever the
 * network would give it, so the difference is the change alone.
 */
static void
pin(struct sched_network *net, int i, int32_t d)
{
	struct sched_activity *sa = sched_network_activity(net, (size_t)i);
	const struct sched_calendar *c = net->cal[sa->cal];
	int64_t end = (int64_t)(d + 1) * DAY;	/* a finish date means its end */

	if (sa->actual_start != SCHED_NONE) {
		sa->duration = work_between(c, sa->actual_start, end);
	} else {
		sa->constraint = SCHED_MFO;
		sa->constraint_date = end;
	}
}

static int
schedule_both(struct engine *e, struct req *reqs, size_t n, struct error *err)
{
	if (build(e, &e->n1, err) < 0)
		return -1;
	for (size_t k = 0; k < n; k++) {
		int i = sched_network_find(&e->n1, reqs[k].act->code);

		if (i < 0)
			return error_set(err, ERR_INTERNAL, "activity %s is not in the network",
					 reqs[k].act->code);
		reqs[k].net = i;
		if (e->of_changes)
			pin(&e->n1, i, reqs[k].fc_before);
	}
	if (sched_network_finish(&e->n1, err) < 0 || sched_cpm(&e->n1, &e->r1, err) < 0)
		return -1;
	e->have_r1 = 1;
	e->rec = xcalloc(e->n1.n ? e->n1.n : 1, sizeof(*e->rec));
	for (size_t i = 0; i < e->n1.n; i++)
		e->rec[i] = cix_find(e->acts, e->nacts, e->n1.act[i].id);
	if (build(e, &e->n2, err) < 0)
		return -1;
	if (e->n2.n != e->n1.n)
		return error_set(err, ERR_INTERNAL, "the network came out different the second time");
	for (size_t k = 0; k < n; k++) {
		if (sched_network_find(&e->n2, reqs[k].act->code) != reqs[k].net)
			return error_set(err, ERR_INTERNAL, "activity %s is not where the first schedule had it",
					 reqs[k].act->code);
		if (e->of_changes)
			pin(&e->n2, reqs[k].net, reqs[k].fc_after);
		else if (delay(e, &reqs[k], err) < 0)
			return -1;
	}
	if (sched_network_finish(&e->n2, err) < 0 || sched_cpm(&e->n2, &e->r2, err) < 0)
		return -1;
	e->have_r2 = 1;
	/* the dates reported for each origin */
	for (size_t k = 0; k < n; k++) {
		struct req *r = &reqs[k];
		int32_t sched_after = finish_day(e->r2.finish[r->net]);

		if (e->of_changes) {
			r->date_before = r->fc_before;
			r->date_after = r->fc_after;
		} else {
			r->date_before = finish_day(e->r1.finish[r->net]);
			/* calendar days name the day, even a day off: see slip_target() */
			r->date_after = r->slip.unit == IMPACT_CALENDAR_DAYS
					? r->date_before + (int32_t)r->slip.amount : sched_after;
		}
		if (sched_after > r->date_after)
			r->date_after = sched_after;	/* held back further by another */
	}
	return 0;
}

static const struct slip_item *
slip_of(const struct engine *e, const char *code)
{
	return cix_find(e->slips, e->nslips, code);
}

static int
programme_active(const struct dataset *ds, const char *code)
{
	const struct programme *p = code ? dataset_find(ds, K_PROGRAMME, code) : NULL;

	return p && p->lifecycle && strcmp(p->lifecycle, "active") == 0;
}

static enum impact_tol
classify(double slip, double threshold, double early)
{
	if (slip > threshold)
		return IMPACT_TOL_BREACH;
	if (!isnan(early) && slip > early)
		return IMPACT_TOL_FORECAST_BREACH;
	return IMPACT_TOL_WITHIN;
}

/* The dates a milestone's move is judged by for benefits: reported, else scheduled. */
static int32_t
ms_old(const struct impact_milestone *m)
{
	return m->forecast_before ? m->forecast_before : m->sched_before;
}

static int32_t
ms_new(const struct impact_milestone *m)
{
	return m->forecast_after ? m->forecast_after : m->sched_after;
}

/* Time tolerance of a moved milestone, before and after the move. */
static void
measure_tolerance(struct engine *e, struct impact_milestone *m,
		  const struct req *origin)
{
	const struct slip_item *it = slip_of(e, m->code);
	const struct tolerance *tol;
	int32_t at;

	m->threshold = m->forecast_threshold = NAN;
	if (it == NULL)
		return;
	m->measurable = it->measurable;
	m->baseline = it->base.date;
	m->baseline_code = it->base.baseline ? it->base.baseline->code : NULL;
	if (it->actual) {
		m->achieved = it->actual;	/* nothing left to move */
		return;
	}
	m->stale = it->stale;
	at = it->stale ? e->sl.as_at : it->forecast;
	if (origin && origin->fc_after) {
		/* a reported change: the return says where it now is */
		m->forecast_before = origin->fc_before;
		m->forecast_after = origin->fc_after;
		m->slip_after = it->slip_days;
		m->slip_before = it->slip_days - (origin->fc_after - origin->fc_before);
		if (it->stale)
			m->slip_before = it->slip_days;	/* both past: as-at either way */
	} else {
		m->forecast_before = it->forecast;
		m->forecast_after = at + m->days;
		m->slip_before = it->slip_days;
		m->slip_after = at + m->days - it->base.date;
	}
	if (!m->key || !m->measurable || !programme_active(e->ds, m->programme))
		return;
	tol = tolerance_for(e->ds, m->programme, TOL_TIME);
	if (tol == NULL || isnan(tol->threshold))
		return;
	m->threshold = tol->threshold;
	m->forecast_threshold = tol->forecast_threshold;
	m->by_default = tol->programme == NULL;
	m->tol_before = classify(m->slip_before, m->threshold, m->forecast_threshold);
	m->tol_after = classify(m->slip_after, m->threshold, m->forecast_threshold);
}

static void
milestone_sentence(struct engine *e, struct impact_milestone *m)
{
	struct strbuf *sb = &e->sb;

	add_named(sb, m->code, m->name);
	strbuf_addf(sb, " (%s)", nz(m->programme));
	if (m->origin) {
		/* its move is the origin's sentence: only the tolerance here */
		strbuf_addstr(sb, ", delayed");
	} else {
		strbuf_addstr(sb, " moves ");
		add_count(sb, m->days, "day", "days");
		strbuf_addstr(sb, " in the schedule, from ");
		add_date(sb, m->sched_before);
		strbuf_addstr(sb, " to ");
		add_date(sb, m->sched_after);
	}
	if (!m->key) {
		strbuf_addstr(sb, "; not a key milestone, so no time tolerance applies");
	} else if (m->achieved) {
		strbuf_addstr(sb, "; the returns say it was achieved on ");
		add_date(sb, m->achieved);
	} else if (!m->measurable) {
		strbuf_addstr(sb, "; it has no baseline date to measure slip against");
	} else {
		strbuf_addstr(sb, "; its forecast moves from ");
		add_date(sb, m->stale ? e->sl.as_at : m->forecast_before);
		if (m->stale)
			strbuf_addstr(sb, " (its reported forecast has passed)");
		strbuf_addstr(sb, " to ");
		add_date(sb, m->forecast_after);
		strbuf_addstr(sb, ", ");
		add_count(sb, m->slip_after, "day", "days");
		strbuf_addstr(sb, " after its baseline of ");
		add_date(sb, m->baseline);
		if (m->baseline_code)
			strbuf_addf(sb, " (%s)", m->baseline_code);
		if (m->tol_after == IMPACT_TOL_NONE) {
			strbuf_addf(sb, "; %s has no time tolerance in force", nz(m->programme));
		} else {
			strbuf_addstr(sb, ": ");
			if (m->tol_after == IMPACT_TOL_BREACH)
				strbuf_addstr(sb, "outside");
			else if (m->tol_after == IMPACT_TOL_FORECAST_BREACH)
				strbuf_addstr(sb, "past the early warning of");
			else
				strbuf_addstr(sb, "within");
			strbuf_addf(sb, " %s's time tolerance (", nz(m->programme));
			add_count(sb, (long)m->threshold, "day", "days");
			if (!isnan(m->forecast_threshold)) {
				strbuf_addstr(sb, ", early warning at ");
				add_num(sb, m->forecast_threshold);
			}
			strbuf_addstr(sb, m->by_default ? ", the portfolio default)" : ")");
			if (m->tol_after > m->tol_before) {
				if (m->tol_before == IMPACT_TOL_WITHIN)
					strbuf_addstr(sb, ", where it was within before");
				else
					strbuf_addstr(sb, ", where it was a forecast breach before");
			} else if (m->tol_after == m->tol_before &&
				   m->tol_after != IMPACT_TOL_WITHIN) {
				strbuf_addstr(sb, ", as it already was (");
				add_count(sb, m->slip_before, "day", "days");
				strbuf_addstr(sb, " late before)");
			}
		}
	}
	strbuf_addch(sb, '.');
	m->sentence = sb_keep(sb, &e->out->arena);
}

/* Programme order: the origins' programmes as they come, then by code. */
static int
origin_rank(const struct impact_result *out, const char *prog)
{
	for (size_t k = 0; k < out->norigins; k++)
		if (prog && out->origins[k].programme && strcmp(prog, out->origins[k].programme) == 0)
			return (int)k;
	return 1 << 30;
}

/* A row to sort with its programme's rank worked out beforehand. */
struct ranked {
	int rank;
	const void *p;
};

static int
cmp_ms(const void *a, const void *b)
{
	const struct ranked *ra = a, *rb = b;
	const struct impact_milestone *x = ra->p, *y = rb->p;
	int c;

	if (ra->rank != rb->rank)
		return ra->rank < rb->rank ? -1 : 1;
	if ((c = strcmp(nz(x->programme), nz(y->programme))) != 0)
		return c;
	if (x->origin != y->origin)
		return x->origin ? -1 : 1;
	if (x->sched_after != y->sched_after)
		return x->sched_after < y->sched_after ? -1 : 1;
	return strcmp(nz(x->code), nz(y->code));
}

static void
sort_milestones(struct impact_result *out)
{
	struct ranked *v = xmalloc((out->nms ? out->nms : 1) * sizeof(*v));
	struct impact_milestone *copy = xmalloc((out->nms ? out->nms : 1) * sizeof(*copy));

	memcpy(copy, out->ms, out->nms * sizeof(*copy));
	for (size_t k = 0; k < out->nms; k++) {
		v[k].rank = origin_rank(out, copy[k].programme);
		v[k].p = &copy[k];
	}
	qsort(v, out->nms, sizeof(*v), cmp_ms);
	for (size_t k = 0; k < out->nms; k++)
		out->ms[k] = *(const struct impact_milestone *)v[k].p;
	free(v);
	free(copy);
}

/* The diff of the two schedules: activities, then milestones. */
static void
diff(struct engine *e, const struct req *reqs, size_t nreq)
{
	struct impact_result *out = e->out;
	const struct sched_network *net = &e->n2;
	size_t n = net->n;
	unsigned char *reach = xcalloc(n ? n : 1, 1);
	int *origin = xcalloc(n ? n : 1, sizeof(*origin));	/* req index + 1 */

	out->acts = arena_alloc(&out->arena, (n ? n : 1) * sizeof(*out->acts));
	out->ms = arena_alloc(&out->arena, (n + nreq + 1) * sizeof(*out->ms));
	for (size_t k = 0; k < nreq; k++)
		origin[reqs[k].net] = (int)k + 1;
	out->finish_before = e->r1.project_finish;
	out->finish_after = e->r2.project_finish;

	for (size_t p = 0; p < net->nleaf; p++) {
		size_t i = net->order[p];
		const struct sched_activity *a = &net->act[i];
		const struct activity *rec = e->rec[i];
		double push = 0, moved;
		struct impact_activity *ia;

		if (origin[i]) {
			reach[i] = 1;
		} else if (a->actual_finish != SCHED_NONE || a->actual_start != SCHED_NONE ||
			   a->fixed_start != SCHED_NONE) {
			continue;	/* keeps its recorded dates: the delay stops here */
		} else {
			for (uint32_t ed = net->in_off[p]; ed < net->in_off[p + 1]; ed++) {
				size_t q = net->order[net->in_from[ed]];
				int ends = net->e_type[ed] == SCHED_FS || net->e_type[ed] == SCHED_FF;
				int64_t b = ends ? e->r1.finish[q] : e->r1.start[q];
				int64_t af = ends ? e->r2.finish[q] : e->r2.start[q];
				double w;

				if (!reach[q] || af <= b)
					continue;
				reach[i] = 1;
				w = wdays(net, i, b, af);
				if (w > push)
					push = w;
			}
		}
		if (!reach[i])
			continue;
		moved = wdays(net, i, e->r1.finish[i], e->r2.finish[i]);
		if (!origin[i] && push <= 0 && moved <= 0)
			continue;
		ia = &out->acts[out->nacts++];
		/* the networks go when the engine does: keep the dataset's strings */
		ia->id = rec ? rec->code : arena_strdup(&out->arena, a->id);
		ia->name = rec ? rec->name : (a->name ? arena_strdup(&out->arena, a->name) : NULL);
		ia->programme = rec ? rec->programme : NULL;
		ia->milestone = rec ? rec->milestone : NULL;
		ia->origin = origin[i] != 0;
		ia->finish_before = e->r1.finish[i];
		ia->finish_after = e->r2.finish[i];
		if (origin[i]) {
			ia->date_before = reqs[origin[i] - 1].date_before;
			ia->date_after = reqs[origin[i] - 1].date_after;
		} else {
			ia->date_before = finish_day(ia->finish_before);
			ia->date_after = finish_day(ia->finish_after);
		}
		ia->days = ia->date_after - ia->date_before;
		ia->working_days = moved;
		ia->pushed_days = origin[i] ? moved : push;
		ia->absorbed_days = origin[i] || push <= moved ? 0 : push - moved;
		ia->float_before = float_days(&e->n1, i, e->r1.total_float[i]);
		ia->float_after = float_days(net, i, e->r2.total_float[i]);
		if (ia->finish_after > ia->finish_before)
			out->moved_activities++;
	}

	/* the reporting milestones among them */
	for (size_t k = 0; k < out->nacts; k++) {
		const struct impact_activity *ia = &out->acts[k];
		const struct milestone *m;
		struct impact_milestone *im = NULL;
		const struct req *r = NULL;

		if (ia->milestone == NULL || (ia->days <= 0 && !ia->origin))
			continue;
		m = cix_find(e->mss, e->nmss, ia->milestone);
		if (m == NULL)
			continue;
		for (size_t j = 0; j < nreq; j++)
			if (reqs[j].ms == m)
				r = &reqs[j];
		for (size_t j = 0; j < out->nms; j++)
			if (out->ms[j].rec == m)
				im = &out->ms[j];
		if (im && im->days >= ia->days && !(ia->origin && !im->origin))
			continue;	/* another of its activities moved it further */
		if (im == NULL)
			im = &out->ms[out->nms++];
		memset(im, 0, sizeof(*im));
		im->rec = m;
		im->code = m->code;
		im->name = m->name;
		im->programme = m->programme ? m->programme : ia->programme;
		im->activity = ia->id;
		im->key = m->key;
		im->origin = r != NULL;
		im->sched_before = ia->date_before;
		im->sched_after = ia->date_after;
		im->days = ia->days;
		im->working_days = ia->working_days;
		measure_tolerance(e, im, r);
	}
	sort_milestones(out);
	free(reach);
	free(origin);
}

static int
is_origin_programme(const struct impact_result *out, const char *prog)
{
	return origin_rank(out, prog) < (1 << 30);
}

static void
group(struct engine *e)
{
	struct impact_result *out = e->out;

	out->progs = arena_alloc(&out->arena, (out->nms + 1) * sizeof(*out->progs));
	for (size_t k = 0; k < out->nms; k++) {
		struct impact_milestone *m = &out->ms[k];
		struct impact_programme *g = out->nprogs ? &out->progs[out->nprogs - 1] : NULL;

		if (g == NULL || strcmp(nz(g->code), nz(m->programme))) {
			const struct programme *p = m->programme
				? dataset_find(e->ds, K_PROGRAMME, m->programme) : NULL;

			g = &out->progs[out->nprogs++];
			g->code = m->programme;
			g->name = p ? p->name : NULL;
			g->origin = is_origin_programme(out, m->programme);
			g->first = k;
			if (!g->origin)
				out->other_programmes++;
		}
		g->n++;
		if (m->tol_after == IMPACT_TOL_BREACH) {
			g->breaches++;
			out->breaches++;
			if (m->tol_before != IMPACT_TOL_BREACH)
				out->new_breaches++;
		} else if (m->tol_after == IMPACT_TOL_FORECAST_BREACH) {
			g->forecast_breaches++;
		}
		if (m->tol_after > m->tol_before)
			g->newly++;
		if (m->origin)
			continue;
		if (g->origin)
			out->own_milestones++;
		else
			out->other_milestones++;
	}
	for (size_t k = 0; k < out->nacts; k++) {
		const struct impact_activity *a = &out->acts[k];

		if (a->finish_after > a->finish_before && !is_origin_programme(out, a->programme)) {
			out->crosses = 1;
			if (a->milestone == NULL)
				out->other_activities++;
		}
	}
}

/* --- benefits ---------------------------------------------------------------- */

static int
cmp_bv(const void *a, const void *b)
{
	const struct benefit_value *x = *(const struct benefit_value *const *)a;
	const struct benefit_value *y = *(const struct benefit_value *const *)b;
	int c = strcmp(nz(x->benefit), nz(y->benefit));

	if (c)
		return c;
	return (x->period > y->period) - (x->period < y->period);
}

static int
cmp_benefit(const void *a, const void *b)
{
	const struct ranked *ra = a, *rb = b;
	const struct benefit *x = ra->p, *y = rb->p;
	int c;

	if (ra->rank != rb->rank)
		return ra->rank < rb->rank ? -1 : 1;
	if ((c = strcmp(nz(x->programme), nz(y->programme))) != 0)
		return c;
	return strcmp(nz(x->code), nz(y->code));
}

static void
benefit_sentence(struct engine *e, struct impact_benefit *ib)
{
	struct strbuf *sb = &e->sb;

	strbuf_addstr(sb, "Benefit ");
	add_named(sb, ib->code, ib->title);
	strbuf_addf(sb, " (%s) is to be realised after %s, which move%s ", nz(ib->programme),
		    ib->milestones, strchr(ib->milestones, ',') ? "" : "s");
	if (strchr(ib->milestones, ','))
		strbuf_addstr(sb, "up to ");
	add_count(sb, ib->days, "day", "days");
	if (ib->npoints == 0) {
		strbuf_addstr(sb, ": its target date is ");
		add_date(sb, ib->target_date);
	} else {
		strbuf_addstr(sb, ": ");
		add_count(sb, (long)ib->npoints, "profile point", "profile points");
		strbuf_addstr(sb, " still to be realised, ");
		add_month(sb, ib->first_month);
		if (ib->last_month != ib->first_month) {
			strbuf_addstr(sb, " to ");
			add_month(sb, ib->last_month);
		}
		if (ib->nwindow) {
			strbuf_addstr(sb, "; ");
			strbuf_addstr(sb, ib->nwindow == 1 ? "the one for " : "those from ");
			add_month(sb, ib->window_first);
			if (ib->nwindow > 1) {
				strbuf_addstr(sb, " to ");
				add_month(sb, ib->window_last);
			}
			if (!isnan(ib->window_planned)) {
				strbuf_addstr(sb, " (");
				add_num(sb, ib->window_planned);
				if (ib->unit && *ib->unit)
					strbuf_addf(sb, " %s", ib->unit);
				strbuf_addstr(sb, ")");
			}
			strbuf_addstr(sb, ib->nwindow == 1 ? " now falls" : " now fall");
			strbuf_addstr(sb, " before the milestone's new date");
		}
	}
	strbuf_addch(sb, '.');
	ib->sentence = sb_keep(sb, &e->out->arena);
}

static void
benefits(struct engine *e)
{
	struct impact_result *out = e->out;
	size_t nbv = dataset_count(e->ds, K_BENEFIT_VALUE), nb = dataset_count(e->ds, K_BENEFIT);
	const struct benefit_value **bv = xmalloc((nbv ? nbv : 1) * sizeof(*bv));
	struct ranked *bs = xmalloc((nb ? nb : 1) * sizeof(*bs));
	struct strbuf codes = STRBUF_INIT;
	size_t nbs = 0;

	strbuf_init(&codes, 64);
	for (size_t i = 0; i < nbv; i++)
		bv[i] = dataset_row(e->ds, K_BENEFIT_VALUE, i);
	qsort(bv, nbv, sizeof(*bv), cmp_bv);
	for (size_t i = 0; i < nb; i++) {
		const struct benefit *b = dataset_row(e->ds, K_BENEFIT, i);

		bs[nbs].rank = origin_rank(out, b->programme);
		bs[nbs++].p = b;
	}
	qsort(bs, nbs, sizeof(*bs), cmp_benefit);
	out->benefits = arena_alloc(&out->arena, (nbs ? nbs : 1) * sizeof(*out->benefits));

	for (size_t k = 0; k < nbs; k++) {
		const struct benefit *b = bs[k].p;
		const struct impact_programme *g = NULL;
		struct impact_benefit ib;
		size_t lo = 0, hi, unrealised = 0;
		int32_t earliest = 0;

		for (size_t j = 0; j < out->nprogs; j++)
			if (b->programme && out->progs[j].code &&
			    strcmp(b->programme, out->progs[j].code) == 0)
				g = &out->progs[j];
		if (g == NULL || b->code == NULL)
			continue;
		/* its profile rows: [lo, hi) of bv */
		while (lo < nbv && strcmp(nz(bv[lo]->benefit), b->code) < 0)
			lo++;
		hi = lo;
		while (hi < nbv && strcmp(nz(bv[hi]->benefit), b->code) == 0)
			hi++;
		for (size_t r = lo; r < hi; r++)
			if (!isnan(bv[r]->planned) && isnan(bv[r]->actual))
				unrealised++;

		memset(&ib, 0, sizeof(ib));
		ib.window_planned = NAN;
		strbuf_reset(&codes);
		for (size_t j = g->first; j < g->first + g->n; j++) {
			const struct impact_milestone *m = &out->ms[j];
			int32_t old = ms_old(m), nw = ms_new(m);
			int hit = 0;

			if (m->days <= 0 || old == 0)
				continue;
			for (size_t r = lo; r < hi; r++) {
				const struct benefit_value *v = bv[r];
				int32_t end = month_last_day(v->period);

				if (isnan(v->planned) || !isnan(v->actual) || end < old)
					continue;
				hit = 1;
				if (end < nw) {
					if (ib.window_first == 0 || v->period < ib.window_first)
						ib.window_first = v->period;
					if (v->period > ib.window_last) {
						ib.window_last = v->period;
						ib.window_planned = v->planned;
					}
				}
			}
			if (!hit && !unrealised && b->target_date && b->target_date >= old)
				hit = 1;	/* no profile left to go by: its target date */
			if (!hit)
				continue;
			if (earliest == 0 || old < earliest)
				earliest = old;
			if (m->days > ib.days)
				ib.days = m->days;
			if (codes.len)
				strbuf_addstr(&codes, ", ");
			strbuf_addstr(&codes, m->code);
		}
		if (codes.len == 0)
			continue;
		for (size_t r = lo; r < hi; r++) {
			const struct benefit_value *v = bv[r];
			int32_t end = month_last_day(v->period);

			if (isnan(v->planned) || !isnan(v->actual) || end < earliest)
				continue;
			ib.npoints++;
			if (ib.first_month == 0 || v->period < ib.first_month)
				ib.first_month = v->period;
			if (v->period > ib.last_month)
				ib.last_month = v->period;
			if (ib.window_first && v->period >= ib.window_first &&
			    v->period <= ib.window_last)
				ib.nwindow++;
		}
		ib.rec = b;
		ib.code = b->code;
		ib.title = b->title;
		ib.programme = b->programme;
		ib.unit = b->unit;
		ib.target_date = b->target_date;
		ib.milestones = arena_strdup(&out->arena, codes.buf);
		benefit_sentence(e, &ib);
		out->benefits[out->nbenefits++] = ib;
	}
	strbuf_release(&codes);
	free(bv);
	free(bs);
}

/* --- risks ----------------------------------------------------------------- */

static int
risk_open(const struct risk *r)
{
	return r->status && strcmp(r->status, "open") == 0;
}

static int
is_portfolio(const struct risk *r)
{
	return r->level && strcmp(r->level, "portfolio") == 0;
}

static int
interdependency_risk(const struct risk *r)
{
	return ci_contains(r->title, "dependenc") || ci_contains(r->category, "dependenc") ||
	       ci_equal(r->category, "cross-programme");
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int
cmp_risk_code(const void *a, const void *b)
{
	const struct impact_risk *x = a, *y = b;

	return strcmp(nz(x->code), nz(y->code));
}

static void
risk_sentence(struct engine *e, struct impact_risk *ir)
{
	struct strbuf *sb = &e->sb;

	strbuf_addstr(sb, is_portfolio(ir->rec) ? "Portfolio risk " : "Risk ");
	add_named(sb, ir->code, ir->title);
	if (ir->programme && !is_portfolio(ir->rec))
		strbuf_addf(sb, " (%s)", ir->programme);
	if (ir->score)
		strbuf_addf(sb, ", score %d", ir->score);
	if (ir->why & IMPACT_RISK_OWN)
		strbuf_addstr(sb, ": a risk of a programme whose milestones move");
	if (ir->why & IMPACT_RISK_FED)
		strbuf_addf(sb, ": fed by %s", nz(ir->via));
	if (ir->why & IMPACT_RISK_INTERDEP)
		strbuf_addf(sb, "%s the delay crosses programmes",
			    ir->why & IMPACT_RISK_FED ? "; and" : ":");
	strbuf_addch(sb, '.');
	ir->sentence = sb_keep(sb, &e->out->arena);
}

static void
risks(struct engine *e)
{
	struct impact_result *out = e->out;
	size_t nr = dataset_count(e->ds, K_RISK), nl = dataset_count(e->ds, K_RISK_LINK);
	size_t own_end, nfeed;
	struct strbuf via = STRBUF_INIT;
	struct cix *own;
	const char **feed;

	strbuf_init(&via, 64);
	out->risks = arena_alloc(&out->arena, (nr ? nr : 1) * sizeof(*out->risks));
	/* the programmes' own risks, in the order of the programmes */
	for (size_t g = 0; g < out->nprogs; g++) {
		size_t first = out->nrisks;

		DS_FOREACH(e->ds, K_RISK, struct risk, r) {
			struct impact_risk *ir;

			if (!risk_open(r) || is_portfolio(r) || r->programme == NULL ||
			    out->progs[g].code == NULL || strcmp(r->programme, out->progs[g].code))
				continue;
			ir = &out->risks[out->nrisks++];
			ir->rec = r;
			ir->why = IMPACT_RISK_OWN;
		}
		qsort(out->risks + first, out->nrisks - first, sizeof(*out->risks), cmp_risk_code);
	}
	own_end = out->nrisks;
	/* the listed risks by code, to find the links from them */
	own = xmalloc((own_end ? own_end : 1) * sizeof(*own));
	for (size_t k = 0; k < own_end; k++) {
		own[k].code = nz(out->risks[k].rec->code);
		own[k].rec = (void *)out->risks[k].rec;
	}
	qsort(own, own_end, sizeof(*own), cix_cmp);
	feed = xmalloc((nl ? nl : 1) * sizeof(*feed));
	/* portfolio risks they feed, and the interdependency risks */
	DS_FOREACH(e->ds, K_RISK, struct risk, pr) {
		unsigned why = 0;

		if (!risk_open(pr) || !is_portfolio(pr) || pr->code == NULL)
			continue;
		strbuf_reset(&via);
		nfeed = 0;
		DS_FOREACH(e->ds, K_RISK_LINK, struct risk_link, l) {
			if (l->portfolio_risk && l->risk && strcmp(l->portfolio_risk, pr->code) == 0 &&
			    cix_find(own, own_end, l->risk))
				feed[nfeed++] = l->risk;
		}
		qsort(feed, nfeed, sizeof(*feed), cmp_str);
		for (size_t k = 0; k < nfeed; k++) {
			if (k && strcmp(feed[k], feed[k - 1]) == 0)
				continue;
			if (via.len)
				strbuf_addstr(&via, ", ");
			strbuf_addstr(&via, feed[k]);
			why |= IMPACT_RISK_FED;
		}
		if (out->crosses && interdependency_risk(pr))
			why |= IMPACT_RISK_INTERDEP;
		if (why) {
			struct impact_risk *ir = &out->risks[out->nrisks++];

			ir->rec = pr;
			ir->why = why;
			ir->via = via.len ? arena_strdup(&out->arena, via.buf) : NULL;
		}
	}
	qsort(out->risks + own_end, out->nrisks - own_end, sizeof(*out->risks), cmp_risk_code);
	for (size_t k = 0; k < out->nrisks; k++) {
		struct impact_risk *ir = &out->risks[k];

		ir->code = ir->rec->code;
		ir->title = ir->rec->title;
		ir->level = ir->rec->level;
		ir->programme = ir->rec->programme;
		ir->score = risk_score(ir->rec->current_likelihood, ir->rec->current_impact);
		risk_sentence(e, ir);
	}
	strbuf_release(&via);
	free(own);
	free(feed);
}

/* --- words ------------------------------------------------------------------ */

static void
list_milestones(struct strbuf *sb, const struct impact_result *out, int own)
{
	int first = 1;

	for (size_t k = 0; k < out->nms; k++) {
		const struct impact_milestone *m = &out->ms[k];

		if (m->origin || is_origin_programme(out, m->programme) != own)
			continue;
		strbuf_addstr(sb, first ? "" : ", ");
		first = 0;
		strbuf_addstr(sb, m->code);
		if (!own)
			strbuf_addf(sb, " (%s)", nz(m->programme));
		strbuf_addstr(sb, " ");
		add_count(sb, m->days, "day", "days");
	}
}

static void
headline(struct engine *e)
{
	struct impact_result *out = e->out;
	struct strbuf *sb = &e->sb;
	char buf[40];
	int first = 1;

	if (e->of_changes) {
		if (out->norigins == 0) {
			strbuf_addstr(sb, "No milestone forecast moved later this period");
			if (out->nchanges)
				strbuf_addf(sb, " in a way the schedule can analyse (%zu change%s not analysed)",
					    out->nchanges, out->nchanges == 1 ? "" : "s");
			strbuf_addstr(sb, ", so nothing else moves.");
			out->headline = sb_keep(sb, &out->arena);
			return;
		}
		strbuf_addstr(sb, out->norigins == 1 ? "This period's forecast change ("
						     : "This period's forecast changes (");
		for (size_t k = 0; k < out->norigins; k++) {
			const struct impact_origin *o = &out->origins[k];

			strbuf_addf(sb, "%s%s ", k ? ", " : "", nz(o->milestone));
			add_count(sb, o->forecast_after - o->forecast_before, "day", "days");
			strbuf_addstr(sb, " later");
		}
		strbuf_addstr(sb, out->norigins == 1 ? ") moves " : ") move ");
	} else {
		const struct impact_origin *o = &out->origins[0];

		strbuf_addf(sb, "Moving %s by %s moves ", nz(o->milestone ? o->milestone : o->activity),
			    impact_slip_text(&o->slip, buf, sizeof(buf)));
	}
	if (out->other_milestones) {
		add_count(sb, (long)out->other_milestones, "milestone", "milestones");
		strbuf_addstr(sb, " in ");
		add_count(sb, (long)out->other_programmes, "other programme", "other programmes");
		strbuf_addstr(sb, ": ");
		list_milestones(sb, out, 0);
	} else {
		strbuf_addstr(sb, "no milestone in another programme");
	}
	if (out->other_activities && !out->other_milestones) {
		first = 1;

		strbuf_addstr(sb, out->norigins == 1 ? ", though it moves " : ", though they move ");
		add_count(sb, (long)out->other_activities, "activity", "activities");
		strbuf_addstr(sb, out->other_activities == 1
				  ? " there that stands for no reporting milestone: "
				  : " there that stand for no reporting milestone: ");
		for (size_t k = 0; k < out->nacts; k++) {
			const struct impact_activity *a = &out->acts[k];

			if (a->milestone || a->finish_after <= a->finish_before ||
			    is_origin_programme(out, a->programme))
				continue;
			strbuf_addf(sb, "%s%s (%s) ", first ? "" : ", ", a->id, nz(a->programme));
			add_count(sb, a->days, "day", "days");
			first = 0;
		}
		first = 1;
	}
	if (out->own_milestones) {
		strbuf_addstr(sb, out->other_milestones ? "; and " : out->norigins == 1 ? "; it moves "
												      : "; they move ");
		add_count(sb, (long)out->own_milestones, "more milestone", "more milestones");
		strbuf_addstr(sb, out->norigins == 1 ? " of its own programme: " : " of their own programmes: ");
		list_milestones(sb, out, 1);
	}
	if (out->breaches) {
		strbuf_addstr(sb, ". ");
		add_count(sb, (long)out->breaches, "moved milestone is", "moved milestones are");
		strbuf_addstr(sb, out->breaches == 1 ? " then outside its programme's time tolerance: "
						     : " then outside their programmes' time tolerances: ");
		for (size_t k = 0; k < out->nms; k++) {
			const struct impact_milestone *m = &out->ms[k];

			if (m->tol_after != IMPACT_TOL_BREACH)
				continue;
			strbuf_addf(sb, "%s%s (%d days late", first ? "" : ", ", m->code, m->slip_after);
			if (m->tol_before != IMPACT_TOL_BREACH)
				strbuf_addstr(sb, ", newly");
			strbuf_addch(sb, ')');
			first = 0;
		}
	}
	strbuf_addch(sb, '.');
	out->headline = sb_keep(sb, &out->arena);
}

static void
origin_sentence(struct engine *e, const struct impact_origin *o)
{
	struct strbuf *sb = &e->sb;
	char buf[40];

	add_named(sb, o->milestone ? o->milestone : o->activity, o->name);
	strbuf_addf(sb, " (%s)", nz(o->programme));
	if (e->of_changes) {
		strbuf_addstr(sb, " is now forecast on ");
		add_date(sb, o->forecast_after);
		strbuf_addstr(sb, " instead of ");
		add_date(sb, o->forecast_before);
		strbuf_addstr(sb, "; in the schedule its activity");
	} else {
		strbuf_addf(sb, " is delayed %s: its activity", impact_slip_text(&o->slip, buf, sizeof(buf)));
	}
	strbuf_addf(sb, " %s now finishes on ", nz(o->activity));
	add_date(sb, o->date_after);
	strbuf_addstr(sb, " instead of ");
	add_date(sb, o->date_before);
	if (finish_day(o->finish_after) < o->date_after) {
		strbuf_addstr(sb, " (a day off: in the schedule its work ends on ");
		add_date(sb, finish_day(o->finish_after));
		strbuf_addstr(sb, ", and what follows it starts on the next working day)");
	} else if (o->slip.unit == IMPACT_WORKING_DAYS) {
		strbuf_addstr(sb, " (");
		add_count(sb, o->days, "calendar day", "calendar days");
		strbuf_addstr(sb, " later)");
	} else if (o->days > (int)o->slip.amount) {
		strbuf_addstr(sb, " (");
		add_count(sb, o->days, "day", "days");
		strbuf_addstr(sb, ": what comes before it already held it back)");
	}
	strbuf_addch(sb, '.');
}

static void
sentences(struct engine *e)
{
	struct impact_result *out = e->out;
	struct strbuf *sb = &e->sb;
	size_t cap = 8 + out->norigins + out->nms + out->nacts + out->nbenefits + out->nchanges;
	size_t nown = 0, nport = 0;

	out->sentences = arena_alloc(&out->arena, cap * sizeof(*out->sentences));
	headline(e);
	out->sentences[out->nsentences++] = out->headline;
	for (size_t k = 0; k < out->norigins; k++) {
		origin_sentence(e, &out->origins[k]);
		out->sentences[out->nsentences++] = sb_keep(sb, &out->arena);
	}
	for (size_t k = 0; k < out->nms; k++)
		out->sentences[out->nsentences++] = out->ms[k].sentence;
	for (size_t k = 0; k < out->nacts; k++) {
		const struct impact_activity *a = &out->acts[k];

		if (a->absorbed_days <= 0)
			continue;
		add_named(sb, a->id, a->name);
		strbuf_addf(sb, " (%s) takes up ", nz(a->programme));
		add_num(sb, a->absorbed_days);
		strbuf_addstr(sb, " of the ");
		add_wdays(sb, a->pushed_days);
		strbuf_addstr(sb, " of delay that reach it in float");
		if (a->working_days > 0) {
			strbuf_addstr(sb, " and moves ");
			add_wdays(sb, a->working_days);
		} else {
			strbuf_addstr(sb, ", so it does not move");
		}
		strbuf_addch(sb, '.');
		out->sentences[out->nsentences++] = sb_keep(sb, &out->arena);
	}
	if (out->finish_after > out->finish_before) {
		strbuf_addstr(sb, "The schedule as a whole finishes ");
		add_count(sb, finish_day(out->finish_after) - finish_day(out->finish_before),
			  "day", "days");
		strbuf_addstr(sb, " later, on ");
		add_date(sb, finish_day(out->finish_after));
		strbuf_addch(sb, '.');
		out->sentences[out->nsentences++] = sb_keep(sb, &out->arena);
	}
	for (size_t k = 0; k < out->nbenefits; k++)
		out->sentences[out->nsentences++] = out->benefits[k].sentence;
	for (size_t k = 0; k < out->nrisks; k++) {
		if (is_portfolio(out->risks[k].rec))
			nport++;
		else
			nown++;
	}
	if (out->nrisks) {
		int first = 1;

		strbuf_addstr(sb, "Risks tied to what moves: ");
		if (nown) {
			for (size_t k = 0; k < out->nrisks; k++) {
				const struct impact_risk *r = &out->risks[k];

				if (is_portfolio(r->rec))
					continue;
				strbuf_addf(sb, "%s%s (%s", first ? "" : ", ", r->code, nz(r->programme));
				if (r->score)
					strbuf_addf(sb, ", score %d", r->score);
				strbuf_addch(sb, ')');
				first = 0;
			}
		}
		if (nport) {
			strbuf_addstr(sb, nown ? "; at portfolio level " : "at portfolio level ");
			first = 1;
			for (size_t k = 0; k < out->nrisks; k++) {
				const struct impact_risk *r = &out->risks[k];

				if (!is_portfolio(r->rec))
					continue;
				strbuf_addstr(sb, first ? "" : ", ");
				add_named(sb, r->code, r->title);
				strbuf_addstr(sb, " (");
				if (r->via)
					strbuf_addf(sb, "fed by %s", r->via);
				if (r->why & IMPACT_RISK_INTERDEP)
					strbuf_addf(sb, "%sthe delay crosses programmes", r->via ? "; " : "");
				strbuf_addch(sb, ')');
				first = 0;
			}
		}
		strbuf_addch(sb, '.');
		out->sentences[out->nsentences++] = sb_keep(sb, &out->arena);
	}
	for (size_t k = 0; k < out->nchanges; k++) {
		const struct impact_change *c = &out->changes[k];

		strbuf_addf(sb, "Not analysed: %s (%s), forecast ", nz(c->milestone), nz(c->programme));
		add_date(sb, c->forecast_before);
		strbuf_addstr(sb, " then ");
		add_date(sb, c->forecast_after);
		strbuf_addf(sb, ": %s.", c->why);
		out->sentences[out->nsentences++] = sb_keep(sb, &out->arena);
	}
}

/* --- driving it --------------------------------------------------------------- */

static void
engine_init(struct engine *e, const struct dataset *ds,
	    const struct impact_options *opt, struct impact_result *out)
{
	memset(e, 0, sizeof(*e));
	e->ds = ds;
	e->opt = opt;
	e->out = out;
	strbuf_init(&e->sb, 256);
	sched_network_init(&e->n1);
	sched_network_init(&e->n2);
	e->acts = cix_build(ds, K_ACTIVITY, offsetof(struct activity, code), &e->nacts);
	e->mss = cix_build(ds, K_MILESTONE, offsetof(struct milestone, code), &e->nmss);
}

static void
engine_release(struct engine *e)
{
	strbuf_release(&e->sb);
	if (e->have_r1)
		sched_result_release(&e->r1);
	if (e->have_r2)
		sched_result_release(&e->r2);
	sched_network_release(&e->n1);
	sched_network_release(&e->n2);
	if (e->have_sl)
		slip_list_release(&e->sl);
	free(e->acts);
	free(e->mss);
	free(e->slips);
	free(e->rec);
}

static int
engine_month(struct engine *e, int32_t month, struct error *err)
{
	size_t n = 0;

	if (month == 0)
		return error_set(err, ERR_USAGE, "no reporting period to assess at: give the month");
	e->month = e->out->month = month;
	if (slip_list_build(e->ds, NULL, month, &e->sl, err) < 0)
		return -1;
	e->have_sl = 1;
	e->slips = xmalloc((e->sl.n ? e->sl.n : 1) * sizeof(*e->slips));
	for (size_t i = 0; i < e->sl.n; i++) {
		if (e->sl.items[i].kind != K_MILESTONE || e->sl.items[i].code == NULL)
			continue;
		e->slips[n].code = e->sl.items[i].code;
		e->slips[n++].rec = &e->sl.items[i];
	}
	qsort(e->slips, n, sizeof(*e->slips), cix_cmp);
	e->nslips = n;
	return 0;
}

/* The activity standing for milestone code: one not done, the last by code. */
static const struct activity *
milestone_activity(const struct dataset *ds, const char *code)
{
	const struct activity *best = NULL;

	DS_FOREACH(ds, K_ACTIVITY, struct activity, a) {
		if (a->milestone == NULL || strcmp(a->milestone, code))
			continue;
		if (best == NULL || (best->actual_finish && !a->actual_finish) ||
		    (!best->actual_finish == !a->actual_finish &&
		     strcmp(nz(a->code), nz(best->code)) > 0))
			best = a;
	}
	return best;
}

/* Run the engine over the requests and fill out. */
static int
run(struct engine *e, struct req *reqs, size_t nreq, struct error *err)
{
	struct impact_result *out = e->out;

	out->origins = arena_alloc(&out->arena, (nreq ? nreq : 1) * sizeof(*out->origins));
	if (nreq && schedule_both(e, reqs, nreq, err) < 0)
		return -1;
	for (size_t k = 0; k < nreq; k++) {
		struct impact_origin *o = &out->origins[out->norigins++];
		const struct req *r = &reqs[k];
		int i = r->net;

		o->milestone = r->ms ? r->ms->code : NULL;
		o->activity = r->act->code;
		o->programme = r->act->programme;
		o->name = r->ms ? r->ms->name : r->act->name;
		o->slip = r->slip;
		o->finish_before = e->r1.finish[i];
		o->finish_after = e->r2.finish[i];
		o->date_before = r->date_before;
		o->date_after = r->date_after;
		o->days = o->date_after - o->date_before;
		o->working_days = wdays(&e->n2, (size_t)i, o->finish_before, o->finish_after);
		o->forecast_before = r->fc_before;
		o->forecast_after = r->fc_after;
	}
	if (nreq) {
		diff(e, reqs, nreq);
		group(e);
		benefits(e);
		risks(e);
	}
	for (size_t k = 0; k < out->nms; k++)
		milestone_sentence(e, &out->ms[k]);
	sentences(e);
	return 0;
}

int
sched_impact(const struct dataset *ds, const char *milestone_code,
	     struct impact_slip slip, const struct impact_options *opt,
	     struct impact_result *out, struct error *err)
{
	struct engine e;
	struct req r;
	int32_t month = opt ? opt->month : 0;
	int rc = -1;

	impact_result_init(out);
	engine_init(&e, ds, opt, out);
	memset(&r, 0, sizeof(r));
	if (slip.amount <= 0 || slip.amount > MAX_SLIP_DAYS) {
		error_set(err, ERR_USAGE, "a slip is from 1 to %d days", MAX_SLIP_DAYS);
		goto out;
	}
	if (milestone_code == NULL || *milestone_code == '\0') {
		error_set(err, ERR_USAGE, "no milestone named");
		goto out;
	}
	r.slip = slip;
	r.ms = cix_find(e.mss, e.nmss, milestone_code);
	if (r.ms) {
		r.act = milestone_activity(ds, milestone_code);
		if (r.act == NULL) {
			error_set(err, ERR_NOTFOUND,
				  "milestone %s has no activity in the schedule (no activity names it as its milestone)",
				  milestone_code);
			goto out;
		}
	} else {
		r.act = cix_find(e.acts, e.nacts, milestone_code);
		if (r.act == NULL) {
			error_set(err, ERR_NOTFOUND, "no milestone or activity %s", milestone_code);
			goto out;
		}
		if (r.act->milestone)
			r.ms = cix_find(e.mss, e.nmss, r.act->milestone);
	}
	if (r.act->actual_finish) {
		char buf[32];

		error_set(err, ERR_INPUT, "%s was achieved on %s: only what is still to come can slip",
			  milestone_code, date_format_long(r.act->actual_finish, buf));
		goto out;
	}
	if (month == 0)
		month = latest_period(ds, 1);
	if (month == 0)
		month = latest_period(ds, 0);
	if (engine_month(&e, month, err) < 0 || run(&e, &r, 1, err) < 0)
		goto out;
	rc = 0;
out:
	engine_release(&e);
	return rc;
}

static int32_t
effective_forecast(const struct milestone *m)
{
	return m->forecast_date ? m->forecast_date : m->baseline_date;
}

/*
 * One forecast change: a request to analyse, or a change listed as not
 * analysed, with why.
 */
static void
add_change(struct engine *e, const struct milestone *m, int32_t fb, int32_t fa,
	   struct req *reqs, size_t *nreq)
{
	struct impact_result *out = e->out;
	const struct activity *a = milestone_activity(e->ds, m->code);
	const char *why = NULL;

	if (fa < fb)
		why = "brought forward: only delays are analysed";
	else if (a == NULL)
		why = "no activity in the schedule stands for it";
	else if (a->actual_finish)
		why = "its schedule activity is already done";
	else if (fa - fb > MAX_SLIP_DAYS)
		why = "moved by more than the analysis takes";
	if (why) {
		struct impact_change *c = &out->changes[out->nchanges++];

		c->milestone = m->code;
		c->programme = m->programme;
		c->forecast_before = fb;
		c->forecast_after = fa;
		c->why = why;
		return;
	}
	reqs[*nreq].act = a;
	reqs[*nreq].ms = m;
	reqs[*nreq].slip.amount = fa - fb;
	reqs[*nreq].slip.unit = IMPACT_CALENDAR_DAYS;
	reqs[*nreq].fc_before = fb;
	reqs[*nreq].fc_after = fa;
	(*nreq)++;
}

int
sched_impact_of_changes(const struct dataset *before, const struct dataset *after,
			const struct impact_options *opt, struct impact_result *out,
			struct error *err)
{
	struct engine e;
	struct req *reqs = NULL;
	struct cix *old = NULL;
	size_t nold = 0, nreq = 0;
	int32_t month = opt ? opt->month : 0;
	int rc = -1;

	impact_result_init(out);
	engine_init(&e, after, opt, out);
	e.of_changes = 1;
	if (month == 0)
		month = latest_period(after, 0);
	if (engine_month(&e, month, err) < 0)
		goto out;
	old = cix_build(before, K_MILESTONE, offsetof(struct milestone, code), &nold);
	reqs = xcalloc(e.nmss ? e.nmss : 1, sizeof(*reqs));
	out->changes = arena_alloc(&out->arena, (e.nmss ? e.nmss : 1) * sizeof(*out->changes));
	for (size_t k = 0; k < e.nmss; k++) {
		const struct milestone *m = e.mss[k].rec, *was = cix_find(old, nold, m->code);
		int32_t fb, fa;

		if (was == NULL || m->actual_date)
			continue;
		fb = effective_forecast(was);
		fa = effective_forecast(m);
		if (fb && fa && fa != fb)
			add_change(&e, m, fb, fa, reqs, &nreq);
	}
	if (run(&e, reqs, nreq, err) < 0)
		goto out;
	rc = 0;
out:
	free(reqs);
	free(old);
	engine_release(&e);
	return rc;
}

int
sched_impact_of_period(const struct dataset *ds, int32_t month,
		       const struct impact_options *opt, struct impact_result *out,
		       struct error *err)
{
	struct engine e;
	struct slip_list prev;
	struct req *reqs = NULL;
	struct cix *was = NULL;
	size_t nreq = 0, nwas = 0;
	int have_prev = 0, rc = -1;

	impact_result_init(out);
	engine_init(&e, ds, opt, out);
	e.of_changes = 1;
	if (engine_month(&e, month, err) < 0)
		goto out;
	if (slip_list_build(ds, NULL, month - 1, &prev, err) < 0)
		goto out;
	have_prev = 1;
	was = xmalloc((prev.n ? prev.n : 1) * sizeof(*was));
	for (size_t i = 0; i < prev.n; i++) {
		if (prev.items[i].kind != K_MILESTONE || prev.items[i].code == NULL)
			continue;
		was[nwas].code = prev.items[i].code;
		was[nwas++].rec = &prev.items[i];
	}
	qsort(was, nwas, sizeof(*was), cix_cmp);
	reqs = xcalloc(e.nslips ? e.nslips : 1, sizeof(*reqs));
	out->changes = arena_alloc(&out->arena, (e.nslips ? e.nslips : 1) * sizeof(*out->changes));
	for (size_t k = 0; k < e.nslips; k++) {
		const struct slip_item *now = e.slips[k].rec;
		const struct slip_item *then = cix_find(was, nwas, now->code);

		if (then == NULL || now->actual || then->actual)
			continue;
		if (now->forecast && then->forecast && now->forecast != then->forecast)
			add_change(&e, now->rec, then->forecast, now->forecast, reqs, &nreq);
	}
	if (run(&e, reqs, nreq, err) < 0)
		goto out;
	rc = 0;
out:
	free(reqs);
	free(was);
	if (have_prev)
		slip_list_release(&prev);
	engine_release(&e);
	return rc;
}
