/*
 * test-report.c - the report model, the oversight paper and its Markdown
 * and HTML renderings.
 *
 * A small portfolio built here (sample()) pins the rules: what is "as at",
 * what slipped, which quarter a milestone falls in, the DCA distribution
 * and its movement, need to know. Hostile text is pushed through every
 * free-text field of every record and must come out literal. The golden
 * test renders the demo portfolio (data/demo/mps-2018.json) and compares
 * with tests/golden/oversight-2018-03.{md,html}; FOLIO_UPDATE_GOLDEN=1
 * rewrites them. It also checks the paper against facts of the 2018 seed
 * paper.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <libxml/parser.h>
#include <pango/pangocairo.h>
#include <cmark.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/date.h"
#include "core/error.h"
#include "core/strbuf.h"
#include "model/dataset.h"
#include "model/schema.h"
#include "report/escape.h"
#include "chart/chart.h"
#include "report/report.h"

#include "report-golden.h"

#if defined(__has_include)
#if __has_include("import/interchange.h")
#include "import/interchange.h"
#define HAVE_INTERCHANGE 1
#endif
#endif

#define HOSTILE "<script>alert(1)</script> a|b *x* &amp;"

/* --- helpers ----------------------------------------------------------- */

static int32_t
D(const char *iso)
{
	int32_t d = 0;

	assert_int_equal(date_parse(iso, &d), 0);
	return d;
}

static int32_t
M(const char *ym)
{
	int32_t m = 0;

	assert_int_equal(month_parse(ym, &m), 0);
	return m;
}

static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0, len = strlen(needle);

	for (const char *p = strstr(hay, needle); p; p = strstr(p + len, needle))
		n++;
	return n;
}

/* The text between the line starting with `from` and the next `to` line. */
static char *
between(const char *doc, const char *from, const char *to)
{
	const char *a = strstr(doc, from), *b;

	if (a == NULL)
		return NULL;
	b = strstr(a + strlen(from), to);
	if (b == NULL)
		b = a + strlen(a);
	return strndup(a, (size_t)(b - a));
}

/* Occurrences of needle not preceded by a backslash. */
static size_t
unescaped(const char *hay, const char *needle)
{
	size_t n = 0, len = strlen(needle);

	for (const char *p = strstr(hay, needle); p; p = strstr(p + len, needle))
		if (p == hay || p[-1] != '\\')
			n++;
	return n;
}

static void
render(const struct report *r, struct strbuf *md, struct strbuf *html)
{
	if (md)
		assert_int_equal(report_render_md(r, md), 0);
	if (html)
		assert_int_equal(report_render_html(r, html), 0);
}

/* --- a sample portfolio ------------------------------------------------ */

#define S(x) dataset_strdup(ds, x)

static struct programme *
programme(struct dataset *ds, const char *code, const char *name, const char *life)
{
	struct programme *p = dataset_add(ds, K_PROGRAMME);

	p->code = S(code);
	p->portfolio = S("TP");
	p->name = S(name);
	p->lifecycle = S(life);
	p->sro = S("AC Example");
	p->whole_life_cost = 100000000;
	return p;
}

static void
dca(struct dataset *ds, const char *prog, const char *proj, const char *on,
    const char *assessor, const char *rating)
{
	struct dca *d = dataset_add(ds, K_DCA);

	d->programme = S(prog);
	d->project = proj ? S(proj) : NULL;
	d->assessed_on = D(on);
	d->assessor = S(assessor);
	d->rating = S(rating);
}

static struct milestone *
milestone(struct dataset *ds, const char *code, const char *prog, const char *name,
	  const char *baseline, const char *forecast, const char *actual)
{
	struct milestone *m = dataset_add(ds, K_MILESTONE);

	m->code = S(code);
	m->programme = S(prog);
	m->name = S(name);
	m->description = dataset_strdup(ds, name);
	m->key = 1;
	m->baseline_date = baseline ? D(baseline) : 0;
	m->forecast_date = forecast ? D(forecast) : 0;
	m->actual_date = actual ? D(actual) : 0;
	return m;
}

static struct risk *
risk(struct dataset *ds, const char *code, const char *level, const char *prog,
     const char *title, int l, int i)
{
	struct risk *k = dataset_add(ds, K_RISK);

	k->code = S(code);
	k->level = S(level);
	k->programme = prog ? S(prog) : NULL;
	k->title = S(title);
	k->owner = S("Director of Transformation");
	k->current_likelihood = l;
	k->current_impact = i;
	k->target_likelihood = 2;
	k->target_impact = i;
	k->response = S("treat");
	k->status = S("open");
	return k;
}

static struct issue *
issue(struct dataset *ds, const char *code, const char *title, const char *sev,
      const char *status)
{
	struct issue *is = dataset_add(ds, K_ISSUE);

	is->code = S(code);
	is->level = S("portfolio");
	is->title = S(title);
	is->severity = S(sev);
	is->status = S(status);
	is->raised = D("2017-10-01");
	return is;
}

/*
 * Seven programmes: four active with known movements (one up from Amber,
 * one up from Amber/Red, one down, one level), one closed, one in the
 * pipeline, one marked OFFICIAL-SENSITIVE. Dates straddle the as-at month
 * (March 2018) so that "as at" matters.
 */
static void
sample(struct dataset *ds)
{
	struct organisation *org;
	struct portfolio *pf;
	struct programme *p;
	struct project *pj;
	struct monthly_return *rt;
	struct milestone *m;
	struct milestone_forecast *mf;
	struct decision *d;
	struct measure *me;
	struct measure_value *mv;
	struct risk *k;
	struct risk_action *ra;
	struct risk_link *rl;
	struct issue *is;
	struct business_case *bc;
	struct change_request *cr;
	struct exception *x;
	struct benefit *b;
	struct benefit_value *bv;

	dataset_init(ds);
	org = dataset_add(ds, K_ORGANISATION);
	org->code = S("MPS");
	org->name = S("Metropolitan Police Service");
	org->dca_scale = S("five");
	org->oversight_board = S("MOPAC-MPS Oversight Board");
	pf = dataset_add(ds, K_PORTFOLIO);
	pf->code = S("TP");
	pf->name = S("Transformation Portfolio");
	pf->owner = S("Director of People and Change");
	pf->directorate = S("Transformation Directorate");
	pf->marking = S("OFFICIAL");

	programme(ds, "SLP", "Strengthening Local Policing", "active");
	programme(ds, "TIP", "Transforming Investigation and Prosecution", "active");
	programme(ds, "OR", "Optimising Response", "active");
	programme(ds, "SW", "Smarter Working", "active");
	p = programme(ds, "BSS", "Business Support Services", "closed");
	p->end_date = D("2017-06-30");
	p->outcome = S("HR and finance services outsourced, saving a planned ten million pounds a year");
	programme(ds, "IF", "Information Futures", "pipeline")->whole_life_cost = INT_NONE;
	p = programme(ds, "SEC", "Covert Capability", "active");
	p->marking = S("OFFICIAL-SENSITIVE");

	pj = dataset_add(ds, K_PROJECT);
	pj->code = S("TIP-CUS");
	pj->programme = S("TIP");
	pj->name = S("Custody Provision");
	pj->lifecycle = S("active");
	pj = dataset_add(ds, K_PROJECT);
	pj->code = S("BSS-HR");
	pj->programme = S("BSS");
	pj->name = S("HR and finance systems");
	pj->lifecycle = S("closed");
	pj->end_date = D("2017-05-31");
	pj->outcome = S("New HR and finance systems live");

	/* Ratings: end of Q3 2017/18 then end of Q4; later ones must not count. */
	dca(ds, "SLP", NULL, "2017-12-20", "portfolio_office", "Amber");
	dca(ds, "SLP", NULL, "2018-03-20", "portfolio_office", "Amber/Green");
	dca(ds, "SLP", NULL, "2018-03-20", "sro", "Green");
	dca(ds, "SLP", NULL, "2018-04-20", "portfolio_office", "Red");
	dca(ds, "TIP", NULL, "2017-12-20", "portfolio_office", "Amber/Red");
	dca(ds, "TIP", NULL, "2018-03-20", "portfolio_office", "Amber");
	dca(ds, "TIP", "TIP-CUS", "2018-03-10", "portfolio_office", "Red");
	dca(ds, "OR", NULL, "2017-12-20", "portfolio_office", "Amber");
	dca(ds, "OR", NULL, "2018-03-20", "portfolio_office", "Amber/Red");
	dca(ds, "SEC", NULL, "2018-03-20", "portfolio_office", "Red");
	/* SW has no DCA record: its ratings come from its returns. */
	rt = dataset_add(ds, K_RETURN);
	rt->programme = S("SW");
	rt->period = M("2017-12");
	rt->version = 1;
	rt->status = S("published");
	rt->dca = S("Green");
	rt = dataset_add(ds, K_RETURN);
	rt->programme = S("SW");
	rt->period = M("2018-03");
	rt->version = 1;
	rt->status = S("published");
	rt->dca = S("Green");
	rt->headline = S("Mobile devices rolling out to plan");
	rt->commentary = S("Devices issued to six BCUs.\n\nTraining continues.");
	rt = dataset_add(ds, K_RETURN);
	rt->programme = S("SLP");
	rt->period = M("2018-02");
	rt->version = 1;
	rt->status = S("published");
	rt->headline = S("BCU pathfinders live");
	rt = dataset_add(ds, K_RETURN);
	rt->programme = S("SLP");
	rt->period = M("2018-02");
	rt->version = 2;
	rt->status = S("published");
	rt->headline = S("BCU pathfinders live (corrected)");
	rt = dataset_add(ds, K_RETURN);
	rt->programme = S("SLP");
	rt->period = M("2018-03");
	rt->version = 1;
	rt->status = S("draft");
	rt->headline = S("Draft headline that must not appear");
	rt = dataset_add(ds, K_RETURN);
	rt->programme = S("SLP");
	rt->period = M("2018-04");
	rt->version = 1;
	rt->status = S("published");
	rt->headline = S("April headline that must not appear");

	/* Key milestones. */
	milestone(ds, "SW-M1", "SW", "Mobile devices for front-line staff",
		  "2018-06-30", "2018-06-15", NULL);
	milestone(ds, "OR-M1", "OR", "In-vehicle mobile application",
		  "2018-03-31", "2018-05-31", NULL);
	milestone(ds, "TIP-M1", "TIP", "Integrated policing system contract award",
		  "2018-06-29", "2018-06-29", NULL);
	milestone(ds, "TIP-M2", "TIP", "Specialist crime operating model",
		  "2018-07-31", "2018-07-31", NULL);
	m = milestone(ds, "TIP-M3", "TIP", "Custody model next phase",
		      "2018-09-01", "2018-10-15", NULL);
	m->project = S("TIP-CUS");
	mf = dataset_add(ds, K_MILESTONE_FORECAST);
	mf->milestone = S("TIP-M3");
	mf->period = M("2018-03");
	mf->forecast_date = D("2018-09-01");
	mf = dataset_add(ds, K_MILESTONE_FORECAST);
	mf->milestone = S("TIP-M3");
	mf->period = M("2018-04");
	mf->forecast_date = D("2018-10-15");
	milestone(ds, "SLP-M1", "SLP", "BCU implementation complete",
		  "2018-12-31", "2018-12-31", NULL);
	milestone(ds, "SLP-M2", "SLP", "Front counters closed",
		  "2017-12-31", "2018-01-15", "2018-01-15");
	/* Achieved in April: at the end of March it was still ahead. */
	milestone(ds, "SLP-M3", "SLP", "Thrive plus rolled out",
		  "2018-04-30", "2018-04-20", "2018-04-20");
	milestone(ds, "SEC-M1", "SEC", "Covert milestone", "2018-05-01",
		  "2018-05-01", NULL);
	m = milestone(ds, "SW-M9", "SW", "Not a key milestone", "2018-05-01",
		      "2018-05-01", NULL);
	m->key = 0;
	/* Not key: running behind only when its baseline fell in the quarter. */
	m = milestone(ds, "OR-M2", "OR", "Control room design signed off",
		      "2018-02-28", "2018-04-30", NULL);
	m->key = 0;
	m = milestone(ds, "OR-M3", "OR", "Old minor milestone",
		      "2017-11-30", "2018-05-31", NULL);
	m->key = 0;
	/* Forecasts that passed without the milestone being achieved. */
	milestone(ds, "SW-M2", "SW", "Training complete", "2018-04-30", "2018-03-15", NULL);
	m = milestone(ds, "OR-M4", "OR", "Call handling pilot", "2018-03-01",
		      "2018-03-20", NULL);
	m->key = 0;
	milestone(ds, "SW-M3", "SW", "Pilot devices issued", "2018-03-29", "2018-03-29", NULL);
	/* The same slip as decision D1: shown once, as the decision. */
	milestone(ds, "OR-M5", "OR", "Despatch model decided", "2017-12-31", "2018-04-30", NULL);

	d = dataset_add(ds, K_DECISION);
	d->code = S("D1");
	d->programme = S("OR");
	d->title = S("Despatch model");
	d->description = S("More engagement than planned on the design pushed the decision back");
	d->board = S("Management Board");
	d->original_due = D("2017-12-31");
	d->due = D("2018-04-30");
	d->status = S("pending");
	d = dataset_add(ds, K_DECISION);
	d->code = S("D2");
	d->programme = S("TIP");
	d->title = S("Forensics target operating model");
	d->board = S("Portfolio Investment Board");
	d->original_due = D("2018-01-31");
	d->due = D("2018-06-30");
	d->decided = D("2018-06-20");	/* after the as-at date: still pending then */
	d->status = S("made");
	d = dataset_add(ds, K_DECISION);
	d->code = S("D3");
	d->programme = S("SLP");
	d->title = S("Approve the estates disposal plan");
	d->board = S("MOPAC-MPS Oversight Board");
	d->due = D("2018-05-31");
	d->status = S("pending");
	d = dataset_add(ds, K_DECISION);
	d->code = S("D4");
	d->programme = S("SLP");
	d->title = S("BCU boundaries");
	d->board = S("Management Board");
	d->due = D("2018-02-28");
	d->decided = D("2018-02-20");
	d->status = S("made");
	d->outcome = S("Twelve BCUs agreed");

	me = dataset_add(ds, K_MEASURE);
	me->code = S("IVMA");
	me->programme = S("OR");
	me->name = S("Vehicles fitted with the mobile application");
	me->unit = S("vehicles");
	me->baseline = 0;
	me->target = 1290;
	me->target_date = D("2018-03-31");
	mv = dataset_add(ds, K_MEASURE_VALUE);
	mv->measure = S("IVMA");
	mv->on = D("2018-02-28");
	mv->value = 800;
	mv = dataset_add(ds, K_MEASURE_VALUE);
	mv->measure = S("IVMA");
	mv->on = D("2018-04-30");
	mv->value = 1290;
	me = dataset_add(ds, K_MEASURE);
	me->code = S("DWO");
	me->programme = S("SLP");
	me->name = S("Wards with two dedicated officers");
	me->unit = S("wards");
	me->baseline = 0;
	me->target = 629;
	me = dataset_add(ds, K_MEASURE);
	me->code = S("OFF");
	me->programme = S("SLP");
	me->name = S("Police officers in post");
	me->unit = S("officers");
	me->baseline = 31300;
	me->target = 30000;
	me->target_date = D("2018-12-31");
	mv = dataset_add(ds, K_MEASURE_VALUE);
	mv->measure = S("OFF");
	mv->on = D("2018-03-31");
	mv->value = 30070;
	me = dataset_add(ds, K_MEASURE);
	me->code = S("ONL");
	me->programme = S("SLP");
	me->name = S("Crime reported online");
	me->unit = S("per cent");
	mv = dataset_add(ds, K_MEASURE_VALUE);
	mv->measure = S("ONL");
	mv->on = D("2018-02-28");
	mv->value = 10;
	mv = dataset_add(ds, K_MEASURE_VALUE);
	mv->measure = S("DWO");
	mv->on = D("2018-01-31");
	mv->value = 629;

	k = risk(ds, "PR1", "portfolio", NULL, "Business change readiness", 4, 4);
	k = risk(ds, "PR2", "portfolio", NULL, "Interdependencies", 3, 4);
	k = risk(ds, "PR3", "portfolio", NULL, "Covert dependency", 5, 5);
	k->marking = S("OFFICIAL-SENSITIVE");
	k = risk(ds, "PR4", "portfolio", NULL, "Closed risk", 1, 1);
	k->status = S("closed");
	risk(ds, "SLP-R1", "programme", "SLP", "Local change managers", 3, 3);
	risk(ds, "SEC-R1", "programme", "SEC", "Covert programme risk", 3, 3);
	rl = dataset_add(ds, K_RISK_LINK);
	rl->portfolio_risk = S("PR1");
	rl->risk = S("SLP-R1");
	rl = dataset_add(ds, K_RISK_LINK);
	rl->portfolio_risk = S("PR1");
	rl->risk = S("SEC-R1");
	ra = dataset_add(ds, K_RISK_ACTION);
	ra->risk = S("PR1");
	ra->seq = 1;
	ra->action = S("Appoint a local change manager in every BCU");
	ra->owner = S("Head of Business Change");
	ra->due = D("2018-05-31");
	ra = dataset_add(ds, K_RISK_ACTION);
	ra->risk = S("PR1");
	ra->seq = 2;
	ra->action = S("Done before the quarter end");
	ra->due = D("2018-02-28");
	ra->done = D("2018-02-27");
	ra = dataset_add(ds, K_RISK_ACTION);
	ra->risk = S("PR2");
	ra->seq = 1;
	ra->action = S("Map the interdependencies");
	ra->due = D("2018-04-30");
	ra->done = D("2018-04-10");	/* done after the as-at date: open then */

	issue(ds, "PI1", "Benefits tracking", "medium", "open");
	issue(ds, "PI2", "Financial reporting of capital spend", "high", "open");
	issue(ds, "PI3", "Specialist resources", "critical", "open");
	is = issue(ds, "PI4", "Resolved before the quarter end", "critical", "resolved");
	is->resolved = D("2018-03-01");
	is = issue(ds, "PI5", "Raised after the quarter end", "critical", "open");
	is->raised = D("2018-04-02");
	is = issue(ds, "PI6", "Programme-level issue", "critical", "open");
	is->level = S("programme");
	is->programme = S("SLP");

	bc = dataset_add(ds, K_BUSINESS_CASE);
	bc->code = S("BC1");
	bc->programme = S("SLP");
	bc->title = S("Investment in eleven BCU buildings");
	bc->stage = S("OBC");
	bc->value = 45000000;
	bc->board = S("Portfolio Investment Board");
	bc->submitted = D("2018-01-10");
	bc->decided = D("2018-02-14");
	bc->outcome = S("approved");
	bc = dataset_add(ds, K_BUSINESS_CASE);
	bc->code = S("BC2");
	bc->programme = S("TIP");
	bc->title = S("Forensics operating model");
	bc->stage = S("OBC");
	bc->value = 1250000;
	bc->board = S("Portfolio Investment Board");
	bc->submitted = D("2018-03-01");
	bc->outcome = S("pending");

	cr = dataset_add(ds, K_CHANGE_REQUEST);
	cr->code = S("CR1");
	cr->programme = S("SLP");
	cr->title = S("Re-baseline of the estates programme");
	cr->reason = S("The public access consultation moved the timetable");
	cr->board = S("Portfolio Investment Board");
	cr->raised = D("2018-03-05");
	cr->decision_due = D("2018-06-30");
	cr->status = S("pending");

	x = dataset_add(ds, K_EXCEPTION);
	x->code = S("EX1");
	x->programme = S("OR");
	x->period = M("2018-03");
	x->dimension = S("time");
	x->type = S("breach");
	x->cause = S("Supplier delay");
	x->recommendation = S("Accept a two-month slip");
	x->status = S("escalated");

	b = dataset_add(ds, K_BENEFIT);
	b->code = S("BSS-B1");
	b->programme = S("BSS");
	b->title = S("Back-office savings");
	b->type = S("cash_releasing");
	b->unit = S("\xC2\xA3 a year");
	b->target = 10000000;
	b->target_date = D("2019-03-31");
	bv = dataset_add(ds, K_BENEFIT_VALUE);
	bv->benefit = S("BSS-B1");
	bv->period = M("2018-03");
	bv->actual = 8000000;
	bv->planned = 8000000;
}

/* --- escaping ---------------------------------------------------------- */

static void
test_escape_html(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	assert_int_equal(escape_html(&sb, "<a href=\"x\">'&'</a>"), 0);
	assert_string_equal(sb.buf, "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
	strbuf_reset(&sb);
	/* UTF-8 passes; a stray byte, an overlong and a control become U+FFFD. */
	assert_int_equal(escape_html(&sb, "\xC2\xA3" "5 \xE2\x80\x93 \xFF|\xC0\xAF|\x01|ok"), 0);
	assert_string_equal(sb.buf, "\xC2\xA3" "5 \xE2\x80\x93 \xEF\xBF\xBD|\xEF\xBF\xBD\xEF\xBF\xBD|\xEF\xBF\xBD|ok");
	strbuf_reset(&sb);
	/* A truncated sequence at the end. */
	assert_int_equal(escape_html(&sb, "ab\xE2\x80"), 0);
	assert_string_equal(sb.buf, "ab\xEF\xBF\xBD\xEF\xBF\xBD");
	strbuf_release(&sb);

	/* A full buffer fails cleanly. */
	strbuf_init(&sb, 0);
	sb.max = 8;
	assert_int_equal(escape_html(&sb, "<<<<<<<<"), -1);
	strbuf_release(&sb);
}

static void
test_escape_md(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	int bol = 1;

	(void)state;
	assert_int_equal(escape_md(&sb, HOSTILE, &bol), 0);
	assert_string_equal(sb.buf,
			    "\\<script\\>alert(1)\\</script\\> a\\|b \\*x\\* \\&amp;");
	assert_int_equal(bol, 0);
	strbuf_reset(&sb);
	bol = 1;
	assert_int_equal(escape_md(&sb, "  # not a heading\n- not a list", &bol), 0);
	assert_string_equal(sb.buf, "\\# not a heading - not a list");
	strbuf_reset(&sb);
	bol = 1;
	assert_int_equal(escape_md(&sb, "2018. A year", &bol), 0);
	assert_string_equal(sb.buf, "2018\\. A year");
	strbuf_reset(&sb);
	bol = 0;
	assert_int_equal(escape_md(&sb, "2018. mid-line - fine", &bol), 0);
	assert_string_equal(sb.buf, "2018. mid-line - fine");
	strbuf_release(&sb);
}

/* A hand-built report: every renderer input carries hostile text. */
static void
test_render_hostile_model(void **state)
{
	struct report r;
	struct report_section *s;
	struct report_block *b;
	struct report_inline *in;
	struct strbuf md = STRBUF_INIT, html = STRBUF_INIT;
	static const char *const hdr[] = { HOSTILE, "n" };
	static const enum report_align al[] = { RA_LEFT, RA_RIGHT };
	char *out;

	(void)state;
	report_init(&r);
	report_set(&r, &r.title, HOSTILE);
	report_set(&r, &r.subtitle, HOSTILE);
	report_set(&r, &r.organisation, HOSTILE);
	report_set(&r, &r.board, HOSTILE);
	report_set(&r, &r.author, HOSTILE);
	r.date = D("2018-03-31");
	s = report_section(&r, 1, "1.", HOSTILE);
	report_add(&r, report_para(&r, s), RS_PLAIN, HOSTILE);
	report_add(&r, report_para(&r, s), RS_STRONG, HOSTILE);
	report_add(&r, report_item(&r, report_bullets(&r, s)), RS_EMPH, HOSTILE);
	report_add(&r, report_kv_item(&r, report_kv(&r, s), HOSTILE), RS_PLAIN, HOSTILE);
	report_add(&r, report_note(&r, s, HOSTILE), RS_PLAIN, HOSTILE);
	b = report_table(&r, s, HOSTILE, 2, hdr, al, 1);
	in = report_row(&r, b);
	report_add(&r, &in[0], RS_PLAIN, HOSTILE);
	report_add(&r, &in[1], RS_RATING, HOSTILE);
	/* Deeper than allowed: clamped, and HTML never skips a level. */
	report_section(&r, 7, NULL, "deep");
	render(&r, &md, &html);

	assert_null(strstr(html.buf, "<script"));
	assert_null(strstr(html.buf, "alert(1)</"));
	assert_int_equal(count(html.buf, "&lt;script&gt;alert(1)&lt;/script&gt; a|b *x* &amp;amp;"), 18);
	assert_non_null(strstr(html.buf, "<h2 id=\"s1\">"));
	assert_non_null(strstr(html.buf, "<h3 id=\"s2\">deep</h3>"));
	assert_non_null(strstr(html.buf, "<span class=\"rag rag-x\">"));

	/* Every escaped copy in the Markdown reads back literally. */
	assert_int_equal(count(md.buf, "\\<script\\>alert(1)\\</script\\> a\\|b \\*x\\* \\&amp;"), 17);
	out = cmark_markdown_to_html(md.buf, md.len, CMARK_OPT_DEFAULT);
	assert_null(strstr(out, "<script"));
	assert_null(strstr(out, "<em>x</em>"));
	assert_true(count(out, "&lt;script&gt;alert(1)&lt;/script&gt; a|b *x* &amp;amp;") >= 8);
	free(out);
	/* The table row has exactly its two cells. */
	{
		char *row = between(md.buf, "| \\<script", "\n");
		size_t pipes = 0;

		assert_non_null(row);
		for (size_t i = 0; row[i]; i++)
			if (row[i] == '|' && (i == 0 || row[i - 1] != '\\'))
				pipes++;
		assert_int_equal(pipes, 3);
		free(row);
	}
	strbuf_release(&md);
	strbuf_release(&html);
	report_release(&r);
}

/* Hostile text in every free-text field of every record of the sample. */
static void
test_oversight_hostile(void **state)
{
	struct dataset ds;
	struct report r;
	struct error err = ERROR_INIT;
	struct strbuf md = STRBUF_INIT, html = STRBUF_INIT;
	size_t fields = 0;
	char *out;

	(void)state;
	sample(&ds);
	for (int k = 0; k < K__COUNT; k++) {
		const struct entity *e = entity_of(k);

		for (size_t i = 0; i < dataset_count(&ds, k); i++) {
			void *rec = dataset_row(&ds, k, i);

			for (size_t f = 0; f < e->nfields; f++) {
				if (e->fields[f].type != FT_TEXT || (e->fields[f].flags & F_KEY))
					continue;
				*field_str(rec, &e->fields[f]) = dataset_strdup(&ds, HOSTILE);
				fields++;
			}
		}
	}
	assert_true(fields > 100);
	assert_int_equal(report_oversight(&ds, M("2018-03"), "OFFICIAL-SENSITIVE", &r, &err), 0);
	render(&r, &md, &html);
	if (getenv("FOLIO_DUMP")) {
		fputs(md.buf, stderr);
		fputs(html.buf, stderr);
	}

	assert_null(strstr(html.buf, "<script"));
	assert_true(count(html.buf, "&lt;script&gt;alert(1)&lt;/script&gt; a|b *x* &amp;amp;") > 40);
	assert_int_equal(unescaped(md.buf, "<script"), 0);
	assert_int_equal(unescaped(md.buf, "*x*"), 0);
	assert_null(strstr(md.buf, " a|b"));
	out = cmark_markdown_to_html(md.buf, md.len, CMARK_OPT_DEFAULT);
	assert_null(strstr(out, "<script"));
	assert_null(strstr(out, "<em>x</em>"));
	assert_true(count(out, "&lt;script&gt;alert(1)&lt;/script&gt; a|b *x* &amp;amp;") > 40);
	free(out);
	/* Table rows keep their shape: 8 columns in the risk register. */
	{
		char *reg = between(md.buf, "| Ref |", "\n\n");
		char *line;
		size_t rows = 0;

		assert_non_null(reg);
		for (line = reg; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
			size_t pipes = 0;

			for (size_t i = 0; line[i] && line[i] != '\n'; i++)
				if (line[i] == '|' && (i == 0 || line[i - 1] != '\\'))
					pipes++;
			assert_int_equal(pipes, 9);
			rows++;
		}
		assert_int_equal(rows, 2 + 3);
		free(reg);
	}
	strbuf_release(&md);
	strbuf_release(&html);
	report_release(&r);
	dataset_release(&ds);
}

/* --- the oversight paper on the sample --------------------------------- */

static void
test_oversight_sample(void **state)
{
	struct dataset ds;
	struct report r;
	struct error err = ERROR_INIT;
	struct strbuf md = STRBUF_INIT, html = STRBUF_INIT;
	char *part;

	(void)state;
	sample(&ds);
	assert_int_equal(report_oversight(&ds, M("2018-03"), "OFFICIAL-SENSITIVE", &r, &err), 0);
	render(&r, &md, &html);
	if (getenv("FOLIO_DUMP"))
		fputs(md.buf, stderr);

	assert_string_equal(r.marking, "OFFICIAL-SENSITIVE");
	assert_int_equal(r.date, D("2018-03-31"));
	assert_string_equal(r.board, "MOPAC-MPS Oversight Board");
	assert_non_null(strstr(md.buf, "# Transformation Portfolio: quarterly update\n"));
	assert_non_null(strstr(md.buf, "Director of People and Change, Transformation Directorate"));
	assert_non_null(strstr(md.buf, "quarter January to March 2018 (Q4 2017/18)"));
	/* Five active programmes (SEC included), one closed, one pipeline. */
	assert_non_null(strstr(md.buf, "The portfolio has five active programmes with a combined "
				       "whole-life cost of \xC2\xA3" "500 million. One programme has "
				       "closed and one is in the pipeline."));

	/* Recommendation: exceptions, the board's own decision, the re-baseline. */
	part = between(md.buf, "## 2. Recommendation", "\n## ");
	assert_non_null(part);
	assert_non_null(strstr(part, "- note the progress of the Transformation Portfolio"));
	assert_non_null(strstr(part, "note the one exception to tolerance"));
	assert_non_null(strstr(part, "decide: **Approve the estates disposal plan**, due by 31 May 2018;"));
	assert_non_null(strstr(part, "note the one proposed change to programme baselines awaiting decision (section 3.5)."));
	free(part);

	/* Achievements. */
	part = between(md.buf, "### 3.1", "\n### ");
	assert_non_null(part);
	assert_non_null(strstr(part, "**Business Support Services** (closed June 2017): HR and finance"));
	assert_non_null(strstr(part, "**HR and finance systems** (Business Support Services, closed May 2017)"));
	assert_non_null(strstr(part, "\xC2\xA3" "8 million a year realised by March 2018, against a "
				     "target of \xC2\xA3" "10 million a year by 31 March 2019 (80%)"));
	assert_non_null(strstr(part, "**Wards with two dedicated officers** (Strengthening Local Policing): 629 of 629 wards (100%)"));
	free(part);

	/* The quarter in detail: the corrected February return; no draft or April text. */
	part = between(md.buf, "### 3.2", "\n### 3.3");
	assert_non_null(part);
	assert_non_null(strstr(part, "BCU pathfinders live (corrected)"));
	assert_null(strstr(part, "Draft headline"));
	assert_null(strstr(md.buf, "April headline"));
	assert_non_null(strstr(part, "Delivery confidence: Amber/Green, up from Amber at 31 December 2017."));
	/* Programmes without a return in the quarter: one sentence, moves said. */
	assert_non_null(strstr(part, "No monthly return was submitted in the quarter for three of "
				     "the five active programmes: Covert Capability, Optimising "
				     "Response (Amber/Red, down from Amber) and Transforming "
				     "Investigation and Prosecution (Amber, up from Amber/Red); "
				     "section 3.6 gives their delivery confidence."));
	assert_null(strstr(part, "#### Optimising Response"));
	assert_non_null(strstr(part, "Delivery confidence: Green, unchanged since 31 December 2017."));
	assert_non_null(strstr(part, "Outline Business Case: **Investment in eleven BCU buildings** "
				     "(\xC2\xA3" "45 million), approved by Portfolio Investment Board on 14 February 2018."));
	assert_non_null(strstr(part, "Devices issued to six BCUs.\n\nTraining continues."));
	free(part);

	/* Headlines. */
	part = between(md.buf, "### 3.3", "\n### 3.4");
	assert_non_null(part);
	assert_non_null(strstr(part, "**Front counters closed** (Strengthening Local Policing), achieved 15 January 2018, later than its baseline of 31 December 2017"));
	assert_non_null(strstr(part, "800 of 1,290 vehicles (62%) at 28 February 2018; the target is 1,290 vehicles by 31 March 2018."));
	assert_non_null(strstr(part, "**Despatch model** (Optimising Response): decision first due 31 December 2017, now due 30 April 2018"));
	assert_non_null(strstr(part, "More engagement than planned on the design pushed the decision back."));
	assert_non_null(strstr(part, "**Forensics target operating model** (Transforming Investigation and Prosecution): decision first due 31 January 2018, now due 30 June 2018"));
	assert_non_null(strstr(part, "**In-vehicle mobile application** (Optimising Response): milestone baselined for 31 March 2018, now forecast 31 May 2018."));
	assert_non_null(strstr(part, "**Control room design signed off** (Optimising Response): milestone baselined for 28 February 2018, now forecast 30 April 2018."));
	assert_null(strstr(part, "Old minor milestone"));
	assert_null(strstr(part, "Control room design signed off** (Optimising Response), achieved"));
	assert_non_null(strstr(part, "**Call handling pilot** (Optimising Response): milestone baselined for 1 March 2018, last forecast for 20 March 2018 and not yet achieved."));
	assert_null(strstr(part, "Training complete"));
	assert_null(strstr(part, "Despatch model decided"));
	assert_non_null(strstr(part, "Due by the quarter end, completion not yet confirmed:\n\n- **Pilot devices issued** (Smarter Working): due 29 March 2018; no completion date had been reported by 31 March 2018."));
	assert_non_null(strstr(part, "two decisions and three milestones are behind schedule; one decision was made; one exception to tolerance was reported."));
	assert_non_null(strstr(part, "two measures are still short of their target"));
	assert_non_null(strstr(part, "**Police officers in post** (Strengthening Local Policing): 30,070 officers, down from 31,300 (95% of the way to the target) at 31 March 2018; the target is 30,000 officers by 31 December 2018."));
	assert_non_null(strstr(part, "Other measures reported:\n\n- **Crime reported online** (Strengthening Local Policing): 10% at 28 February 2018."));
	assert_non_null(strstr(part, "**BCU boundaries** (Management Board, 20 February 2018): Twelve BCUs agreed."));
	assert_non_null(strstr(part, "time tolerance breached, reported March 2018 (escalated)"));
	free(part);

	/* Work to improve delivery: open actions only, as at the quarter end. */
	part = between(md.buf, "### 3.4", "\n### 3.5");
	assert_non_null(part);
	assert_non_null(strstr(part, "Map the interdependencies"));
	assert_non_null(strstr(part, "Appoint a local change manager"));
	assert_null(strstr(part, "Done before"));
	assert_true(strstr(part, "Map the") < strstr(part, "Appoint a"));
	free(part);

	/* Look forward: by as-at forecast, in financial quarters. */
	part = between(md.buf, "#### April to June (Q1 2018/19)", "\n#### ");
	assert_non_null(part);
	assert_non_null(strstr(part, "**Mobile devices for front-line staff** (Smarter Working), forecast 15 June 2018: *on track*."));
	assert_non_null(strstr(part, "**In-vehicle mobile application** (Optimising Response), forecast 31 May 2018: *late against its baseline of 31 March 2018*."));
	assert_non_null(strstr(part, "Integrated policing system contract award"));
	assert_non_null(strstr(part, "**Thrive plus rolled out** (Strengthening Local Policing), forecast 20 April 2018: *on track*"));
	assert_non_null(strstr(part, "Covert milestone"));
	assert_null(strstr(part, "Not a key milestone"));
	assert_non_null(strstr(part, "**Training complete** (Smarter Working), forecast 15 March 2018: *due, completion not yet confirmed*."));
	assert_non_null(strstr(part, "**Pilot devices issued** (Smarter Working), forecast 29 March 2018: *due, completion not yet confirmed*."));
	assert_non_null(strstr(part, "**Despatch model decided** (Optimising Response), forecast 30 April 2018: *late against its baseline of 31 December 2017*."));
	free(part);
	part = between(md.buf, "#### July to September (Q2 2018/19)", "\n#### ");
	assert_non_null(part);
	assert_non_null(strstr(part, "Specialist crime operating model"));
	assert_non_null(strstr(part, "**Custody model next phase** (Transforming Investigation and Prosecution), forecast 1 September 2018: *on track*"));
	free(part);
	part = between(md.buf, "#### October to December (Q3 2018/19)", "\n#### ");
	assert_non_null(part);
	assert_non_null(strstr(part, "BCU implementation complete"));
	assert_null(strstr(part, "Custody"));
	free(part);
	part = between(md.buf, "#### Decisions and approvals ahead", "\n### ");
	assert_non_null(part);
	assert_non_null(strstr(part, "Five decisions and approvals are outstanding at 31 March 2018"));
	assert_non_null(strstr(part, "**Re-baseline of the estates programme** (Strengthening Local Policing): baseline change for Portfolio Investment Board by 30 June 2018."));
	assert_non_null(strstr(part, "**Forensics operating model** (Transforming Investigation and Prosecution): Outline Business Case for \xC2\xA3" "1.25 million, submitted 1 March 2018"));
	assert_true(strstr(part, "Despatch model") < strstr(part, "Approve the estates"));
	free(part);

	/* Delivery confidence: distribution, movement, worse project shown. */
	part = between(md.buf, "### 3.6", "\n### 3.7");
	assert_non_null(part);
	assert_non_null(strstr(part, "At 31 March 2018, five programmes were rated: four from the delivery "
				     "confidence register and one from the latest monthly return."));
	assert_non_null(strstr(part, "| Green | 1 | 1 | 0 |"));
	assert_non_null(strstr(part, "| Amber/Green | 1 | 0 | +1 |"));
	assert_non_null(strstr(part, "| Amber | 1 | 2 | \xE2\x88\x92" "1 |"));
	assert_non_null(strstr(part, "| Amber/Red | 1 | 1 | 0 |"));
	assert_non_null(strstr(part, "| Red | 1 | 0 | +1 |"));
	assert_non_null(strstr(part, "| Not assessed | 0 | 1 | \xE2\x88\x92" "1 |"));
	assert_non_null(strstr(part, "| **Total** | **5** | **5** | |"));
	assert_non_null(strstr(part, "Delivery confidence improved over the quarter: two programmes moved up, "
				     "one moved down and one was unchanged; one was rated for the first time."));
	assert_non_null(strstr(part, "| Transforming Investigation and Prosecution | Amber | Amber/Red | improved | Custody Provision: Red |"));
	assert_non_null(strstr(part, "| Covert Capability | Red | Not assessed | new rating | none |"));
	assert_non_null(strstr(part, "**Roll-up rule:** The portfolio's delivery confidence is not an average"));
	free(part);

	/* Issues: open at the quarter end, portfolio level, by severity. */
	part = between(md.buf, "### 3.7", "\n### 3.8");
	assert_non_null(part);
	assert_non_null(strstr(part, "three open issues"));
	assert_true(strstr(part, "Specialist resources") < strstr(part, "Financial reporting"));
	assert_true(strstr(part, "Financial reporting") < strstr(part, "Benefits tracking"));
	assert_null(strstr(part, "Resolved before"));
	assert_null(strstr(part, "Raised after"));
	assert_null(strstr(part, "Programme-level"));
	free(part);

	/* Risks: highest score first, with what feeds them; no score history,
	 * so their movement is not known */
	part = between(md.buf, "### 3.8", "\n**OFFICIAL");
	assert_non_null(part);
	assert_non_null(strstr(part, "| PR3 | Covert dependency |"));
	assert_non_null(strstr(part, "| PR1 | Business change readiness | Director of Transformation | 4 \xC3\x97 4 = 16 (high) | not known | 2 \xC3\x97 4 = 8 (medium) | treat | SEC-R1; SLP-R1 |"));
	assert_true(strstr(part, "PR3") < strstr(part, "PR1"));
	assert_true(strstr(part, "PR1") < strstr(part, "PR2"));
	assert_null(strstr(part, "PR4"));
	free(part);

	/* Marking at both ends of both renderings. */
	assert_int_equal(strncmp(md.buf, "**OFFICIAL-SENSITIVE**\n", 23), 0);
	assert_non_null(strstr(md.buf + md.len - 30, "\n**OFFICIAL-SENSITIVE**\n"));
	assert_int_equal(count(html.buf, "<p class=\"marking\"><span class=\"visually-hidden\">Protective marking: </span>OFFICIAL-SENSITIVE</p>"), 2);

	strbuf_release(&md);
	strbuf_release(&html);
	report_release(&r);
	dataset_release(&ds);
}

/* At OFFICIAL, everything sensitive is gone and the paper says OFFICIAL. */
static void
test_oversight_clearance(void **state)
{
	struct dataset ds;
	struct report r;
	struct error err = ERROR_INIT;
	struct strbuf md = STRBUF_INIT, html = STRBUF_INIT;
	char *part;

	(void)state;
	sample(&ds);
	assert_int_equal(report_oversight(&ds, M("2018-03"), "OFFICIAL", &r, &err), 0);
	render(&r, &md, &html);
	assert_string_equal(r.marking, "OFFICIAL");
	assert_null(strstr(md.buf, "Covert"));
	assert_null(strstr(md.buf, "SEC-R1"));
	assert_null(strstr(md.buf, "OFFICIAL-SENSITIVE"));
	assert_null(strstr(html.buf, "Covert"));
	assert_null(strstr(html.buf, "OFFICIAL-SENSITIVE"));
	assert_non_null(strstr(md.buf, "The portfolio has four active programmes"));
	part = between(md.buf, "### 3.6", "\n### 3.7");
	assert_non_null(strstr(part, "| Red | 0 | 0 | 0 |"));
	assert_non_null(strstr(part, "| **Total** | **4** | **4** | |"));
	free(part);
	assert_int_equal(strncmp(md.buf, "**OFFICIAL**\n", 13), 0);
	report_release(&r);
	strbuf_release(&md);
	strbuf_release(&html);

	/* A sensitive record in an OFFICIAL programme raises the marking. */
	DS_FOREACH(&ds, K_ISSUE, struct issue, is)
		if (strcmp(is->code, "PI1") == 0)
			is->marking = dataset_strdup(&ds, "OFFICIAL-SENSITIVE");
	assert_int_equal(report_oversight(&ds, M("2018-03"), "OFFICIAL", &r, &err), 0);
	assert_string_equal(r.marking, "OFFICIAL");
	report_release(&r);
	assert_int_equal(report_oversight(&ds, M("2018-03"), "OFFICIAL-SENSITIVE", &r, &err), 0);
	assert_string_equal(r.marking, "OFFICIAL-SENSITIVE");
	report_release(&r);

	/* Errors: a bad clearance, no month, nothing visible. */
	assert_int_equal(report_oversight(&ds, M("2018-03"), "SECRET", &r, &err), -1);
	assert_int_equal(err.code, ERR_USAGE);
	report_release(&r);
	assert_int_equal(report_oversight(&ds, 0, "OFFICIAL", &r, &err), -1);
	assert_int_equal(err.code, ERR_USAGE);
	DS_FOREACH(&ds, K_PORTFOLIO, struct portfolio, pf)
		pf->marking = dataset_strdup(&ds, "OFFICIAL-SENSITIVE");
	assert_int_equal(report_oversight(&ds, M("2018-03"), "OFFICIAL", &r, &err), -1);
	assert_int_equal(err.code, ERR_DENIED);
	assert_int_equal(report_oversight(&ds, M("2018-03"), NULL, &r, &err), -1);
	assert_int_equal(report_oversight(&ds, M("2018-03"), "OFFICIAL-SENSITIVE", &r, &err), 0);
	assert_string_equal(r.marking, "OFFICIAL-SENSITIVE");
	report_release(&r);
	dataset_release(&ds);
}

/* The same data gives the same bytes, and records after as_at change nothing. */
static void
test_oversight_as_at(void **state)
{
	struct dataset ds;
	struct report r;
	struct error err = ERROR_INIT;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT, h1 = STRBUF_INIT, h2 = STRBUF_INIT;

	(void)state;
	sample(&ds);
	assert_int_equal(report_oversight(&ds, M("2018-03"), "OFFICIAL-SENSITIVE", &r, &err), 0);
	render(&r, &a, &h1);
	report_release(&r);
	/* More history after March 2018 must not show. */
	{
		struct dca *d = dataset_add(&ds, K_DCA);
		struct issue *is = dataset_add(&ds, K_ISSUE);

		d->programme = dataset_strdup(&ds, "OR");
		d->assessed_on = D("2018-04-01");
		d->assessor = dataset_strdup(&ds, "portfolio_office");
		d->rating = dataset_strdup(&ds, "Green");
		is->code = dataset_strdup(&ds, "PI9");
		is->level = dataset_strdup(&ds, "portfolio");
		is->title = dataset_strdup(&ds, "Later issue");
		is->severity = dataset_strdup(&ds, "low");
		is->status = dataset_strdup(&ds, "open");
		is->raised = D("2018-05-01");
	}
	assert_int_equal(report_oversight(&ds, M("2018-03"), "OFFICIAL-SENSITIVE", &r, &err), 0);
	render(&r, &b, &h2);
	assert_string_equal(a.buf, b.buf);
	assert_string_equal(h1.buf, h2.buf);
	report_release(&r);

	/* The order records arrive in does not matter: reverse every table. */
	for (int k = 0; k < K__COUNT; k++) {
		struct table *t = &ds.t[k];

		for (size_t i = 0; i < t->n / 2; i++) {
			void *tmp = t->rows[i];

			t->rows[i] = t->rows[t->n - 1 - i];
			t->rows[t->n - 1 - i] = tmp;
		}
	}
	strbuf_reset(&b);
	strbuf_reset(&h2);
	assert_int_equal(report_oversight(&ds, M("2018-03"), "OFFICIAL-SENSITIVE", &r, &err), 0);
	render(&r, &b, &h2);
	assert_string_equal(a.buf, b.buf);
	assert_string_equal(h1.buf, h2.buf);
	report_release(&r);

	/* A paper at December 2017 looks back to September and forward to 2018. */
	strbuf_reset(&b);
	assert_int_equal(report_oversight(&ds, M("2017-12"), "OFFICIAL-SENSITIVE", &r, &err), 0);
	render(&r, &b, NULL);
	assert_non_null(strstr(b.buf, "quarter October to December 2017 (Q3 2017/18)"));
	assert_non_null(strstr(b.buf, "#### January to March (Q4 2017/18)"));
	assert_non_null(strstr(b.buf, "#### July to September (Q2 2018/19)"));
	assert_non_null(strstr(b.buf, "| Strengthening Local Policing | Amber | Not assessed | new rating | none |"));
	report_release(&r);

	/* Mid-quarter: the quarter to date, compared with its start. */
	strbuf_reset(&b);
	assert_int_equal(report_oversight(&ds, M("2018-02"), "OFFICIAL-SENSITIVE", &r, &err), 0);
	render(&r, &b, NULL);
	assert_non_null(strstr(b.buf, "quarter January to February 2018 (Q4 2017/18 to date)"));
	assert_non_null(strstr(b.buf, "| Rating | Programmes at 28 February 2018 | Programmes at 31 December 2017 | Change |"));
	assert_non_null(strstr(b.buf, "#### March (rest of Q4 2017/18)"));
	assert_non_null(strstr(b.buf, "#### April to June (Q1 2018/19)"));
	assert_non_null(strstr(b.buf, "#### July to September (Q2 2018/19)"));
	assert_null(strstr(b.buf, "#### October"));
	report_release(&r);

	strbuf_release(&a);
	strbuf_release(&b);
	strbuf_release(&h1);
	strbuf_release(&h2);
	dataset_release(&ds);
}

/* HTML structure: language, heading order, table headers, inline CSS. */
static void
test_html_structure(void **state)
{
	struct dataset ds;
	struct report r;
	struct error err = ERROR_INIT;
	struct strbuf html = STRBUF_INIT;
	int last = 1;

	(void)state;
	sample(&ds);
	assert_int_equal(report_oversight(&ds, M("2018-03"), "OFFICIAL-SENSITIVE", &r, &err), 0);
	render(&r, NULL, &html);
	assert_int_equal(strncmp(html.buf, "<!DOCTYPE html>\n<html lang=\"en-GB\">\n", 36), 0);
	assert_non_null(strstr(html.buf, "<style>\n/*\n * report.css"));
	assert_null(strstr(html.buf, "<link"));
	assert_null(strstr(html.buf, "<script"));
	assert_int_equal(count(html.buf, "<h1>"), 1);
	/* Headings never skip a level going down. */
	for (const char *p = strstr(html.buf, "<h"); p; p = strstr(p + 1, "<h")) {
		int level;

		if (p[2] < '1' || p[2] > '6')
			continue;
		level = p[2] - '0';
		assert_true(level <= last + 1);
		last = level;
	}
	assert_int_equal(count(html.buf, "<section"), count(html.buf, "</section>"));
	/* The paper's own three tables, and one more in each chart's details. */
	assert_int_equal(count(html.buf, "<figure class=\"chart\">"), 3);
	assert_int_equal(count(html.buf, "<svg"), 3);
	assert_int_equal(count(html.buf, "</figure>"), 3);
	assert_int_equal(count(html.buf, "<details class=\"chart-data\">"), 3);
	assert_int_equal(count(html.buf, "<table>"), 3 + 3);
	assert_int_equal(count(html.buf, "<caption>"), 3 + 3);
	assert_true(count(html.buf, "<th scope=\"col\"") >= 16);
	assert_true(count(html.buf, "<th scope=\"row\"") >= 10);
	assert_null(strstr(html.buf, "<th>"));
	/* A rating is words plus a swatch hidden from screen readers. */
	assert_non_null(strstr(html.buf, "<span class=\"rag rag-ag\"><span class=\"rag-swatch\" aria-hidden=\"true\"></span>Amber/Green</span>"));
	assert_non_null(strstr(html.buf, "</footer>\n</body>\n</html>\n"));
	strbuf_release(&html);
	report_release(&r);
	dataset_release(&ds);
}

/*
 * Chart blocks: the report keeps a deep copy (the builder's arrays may
 * change or go), ids are numbered per report, text is escaped, a chart
 * that cannot be drawn is said to be so in words, and a size cap fails
 * the page.
 */
static void
test_chart_block(void **state)
{
	struct report r;
	struct report_section *s;
	struct strbuf md = STRBUF_INIT, html = STRBUF_INIT, sb;
	struct chart_category cat[3];
	double green[3] = { 1, 2, 3 }, amber[3] = { 4, 3, 1250.5 };
	struct chart_series ser[2];
	struct chart c;
	char title[64];
	const struct report_block *b;

	(void)state;
	report_init(&r);
	s = report_section(&r, 1, "1.", "Charts");
	memset(cat, 0, sizeof(cat));
	for (int k = 0; k < 3; k++)
		cat[k].month = M("2018-01") + k;
	memset(ser, 0, sizeof(ser));
	ser[0] = (struct chart_series){ .name = "Green", .ink = CHART_INK_GREEN,
		.values = green, .n = 3 };
	ser[1] = (struct chart_series){ .name = HOSTILE, .ink = CHART_INK_AMBER,
		.values = amber, .n = 3 };
	memset(&c, 0, sizeof(c));
	snprintf(title, sizeof(title), "Ratings by month");
	c.type = CHART_STACKED_BAR;
	c.title = title;
	c.x_label = "Month";
	c.y_label = "Programmes";
	c.categories = cat;
	c.ncategories = 3;
	c.series = ser;
	c.nseries = 2;
	report_chart(&r, s, &c, NULL, 400, 300);
	report_chart(&r, s, &c, HOSTILE, 400, 300);
	/* The builder's locals change; the report's copies must not. */
	snprintf(title, sizeof(title), "Changed afterwards");
	green[0] = 99;
	ser[0].name = "Changed";
	cat[0].month = M("2017-01");
	/* A malformed chart: a series shorter than the categories. */
	ser[1].n = 2;
	report_chart(&r, s, &c, "Malformed", 400, 300);

	b = s->blocks;
	assert_int_equal(b->type, RB_CHART);
	assert_string_equal(b->caption, "Ratings by month");
	assert_string_equal(b->chart->id, "fig1");
	assert_string_equal(b->next->chart->id, "fig2");
	assert_string_equal(b->chart->title, "Ratings by month");
	assert_true(b->chart->series[0].values[0] == 1);
	assert_int_equal(b->chart->categories[0].month, M("2018-01"));
	assert_true(b->width == 400 && b->height == 300);
	assert_int_equal(r.ncharts, 3);

	assert_int_equal(report_render_md(&r, &md), 0);
	assert_int_equal(report_render_html(&r, &html), 0);
	/* Markdown: caption, then the figures in words; no title said twice. */
	assert_non_null(strstr(md.buf, "*Chart: Ratings by month*\n\nStacked bar chart"));
	assert_non_null(strstr(md.buf, "Jan 2018: Green 1,"));
	assert_null(strstr(md.buf, "Changed"));
	assert_null(strstr(md.buf, "<script>"));
	assert_non_null(strstr(md.buf, "*Chart: \\<script\\>alert(1)"));
	assert_non_null(strstr(md.buf, "*Chart: Malformed*\n\nThe chart's figures are malformed"));
	/* HTML: two drawn figures with their tables, one said in words. */
	assert_int_equal(count(html.buf, "<figure class=\"chart\">"), 3);
	assert_int_equal(count(html.buf, "<svg "), 2);
	assert_non_null(strstr(html.buf, "aria-labelledby=\"fig1-title fig1-desc\""));
	assert_non_null(strstr(html.buf, "aria-labelledby=\"fig2-title fig2-desc\""));
	assert_non_null(strstr(html.buf, "<th scope=\"row\">January 2018</th><td class=\"num\">1</td><td class=\"num\">4</td>"));
	assert_non_null(strstr(html.buf, "<td class=\"num\">1,250.5</td>"));
	assert_non_null(strstr(html.buf, "<p class=\"chart-missing\">This chart could not be drawn: "));
	assert_null(strstr(html.buf, "<script"));
	assert_null(strstr(html.buf, "Changed"));
	assert_non_null(strstr(html.buf, "<figcaption>&lt;script&gt;alert(1)&lt;/script&gt;"));

	/* A cap that the drawing passes fails the page. */
	strbuf_init(&sb, 0);
	sb.max = html.len - 100;
	assert_int_equal(report_render_html(&r, &sb), -1);
	assert_true(sb.len <= sb.max);
	strbuf_release(&sb);

	strbuf_release(&md);
	strbuf_release(&html);
	report_release(&r);
}

/* A size cap on the output fails the render rather than growing past it. */
static void
test_render_cap(void **state)
{
	struct dataset ds;
	struct report r;
	struct error err = ERROR_INIT;
	struct strbuf sb;

	(void)state;
	sample(&ds);
	assert_int_equal(report_oversight(&ds, M("2018-03"), "OFFICIAL", &r, &err), 0);
	strbuf_init(&sb, 0);
	sb.max = 1000;
	assert_int_equal(report_render_md(&r, &sb), -1);
	assert_true(sb.len <= 1000);
	strbuf_reset(&sb);
	assert_int_equal(report_render_html(&r, &sb), -1);
	assert_true(sb.len <= 1000);
	strbuf_release(&sb);
	report_release(&r);
	dataset_release(&ds);
}

/* --- golden files from the demo portfolio ------------------------------ */

#ifdef HAVE_INTERCHANGE
static int
load_demo(struct dataset *ds)
{
	const char *src = getenv("FOLIO_SOURCE");
	char path[4096];
	struct error err = ERROR_INIT;
	char msg[1100];

	snprintf(path, sizeof(path), "%s/data/demo/mps-2018.json", src ? src : ".");
	if (access(path, R_OK) != 0)
		return -1;
	if (interchange_read_file(path, ds, &err) < 0) {
		print_error("%s\n", error_text(&err, msg, sizeof(msg)));
		fail();
	}
	return 0;
}

/* Bullets (lines starting "- ") in the part of md between two markers. */
static char *
section_of(const char *md, const char *from, const char *to)
{
	char *p = between(md, from, to);

	if (p == NULL)
		print_error("no \"%s\" in the paper\n", from);
	assert_non_null(p);
	return p;
}

static void
assert_has(const char *hay, const char *needle)
{
	if (strstr(hay, needle) == NULL) {
		print_error("expected \"%s\" in:\n%s\n", needle, hay);
		fail();
	}
}

static void
test_golden_demo(void **state)
{
	struct dataset ds;
	struct report r;
	struct error err = ERROR_INIT;
	struct strbuf md = STRBUF_INIT, html = STRBUF_INIT;
	char msg[1100], *part;

	(void)state;
	if (load_demo(&ds) < 0) {
		print_message("# data/demo/mps-2018.json not there yet: golden test skipped\n");
		skip();
	}
	if (report_oversight(&ds, M("2018-03"), "OFFICIAL-SENSITIVE", &r, &err) < 0) {
		print_error("%s\n", error_text(&err, msg, sizeof(msg)));
		fail();
	}
	render(&r, &md, &html);

	/* Facts of the seed paper (March 2018). */
	part = section_of(md.buf, "#### April to June (Q1 2018/19)", "\n#### ");
	assert_has(part, "obile");
	assert_has(part, "IVMA");
	assert_has(part, "ontract award");
	free(part);
	part = section_of(md.buf, "#### July to September (Q2 2018/19)", "\n#### ");
	assert_has(part, "pecialist");
	assert_has(part, "readfinder");
	assert_has(part, "ustody");
	free(part);
	part = section_of(md.buf, "#### October to December (Q3 2018/19)", "\n#### ");
	assert_has(part, "THRIVE+");
	assert_has(part, "BCU implementation complete");
	free(part);
	part = section_of(md.buf, "### 3.7", "\n### 3.8");
	assert_has(part, "three open issues");
	assert_int_equal(count(part, "\n- "), 3);
	assert_has(part, "inancial reporting");
	assert_has(part, "enefits");
	assert_has(part, "ecruiting");
	free(part);
	part = section_of(md.buf, "### 3.8", "\n**OFFICIAL");
	assert_has(part, "seven open risks");
	assert_int_equal(count(part, "\n| PR"), 7);
	{
		/*
		 * A programme risk that feeds two portfolio risks is one risk
		 * behind the register: the count in the opening paragraph is
		 * the distinct codes of the "Fed by" column, and the same as
		 * the movement paragraph's.
		 */
		char codes[64][16], *at;
		size_t ncodes = 0;
		long fed = -1, behind = -2;
		const char *row = part;

		while ((row = strstr(row, "\n| PR")) != NULL) {
			const char *eol = strchr(row + 1, '\n'), *cell;
			char buf[512], *tok, *save = NULL;

			row++;
			cell = eol;
			while (cell > row && cell[-1] != '|')
				cell--;
			cell--;
			while (cell > row && cell[-1] != '|')
				cell--;
			snprintf(buf, sizeof(buf), "%.*s", (int)(eol - cell), cell);
			for (tok = strtok_r(buf, "; |", &save); tok; tok = strtok_r(NULL, "; |", &save)) {
				size_t k;

				if (tok[0] == '(' || tok[0] == '\n')
					continue;
				for (k = 0; k < ncodes && strcmp(codes[k], tok) != 0; k++)
					;
				if (k == ncodes && ncodes < 64)
					snprintf(codes[ncodes++], sizeof(codes[0]), "%s", tok);
			}
		}
		at = strstr(part, "own registers: ");
		assert_non_null(at);
		fed = strtol(at + strlen("own registers: "), NULL, 10);
		at = strstr(part, ", of the ");
		assert_non_null(at);
		behind = strtol(at + strlen(", of the "), NULL, 10);
		assert_int_equal(fed, (long)ncodes);
		assert_int_equal(behind, (long)ncodes);
		/* counts under ten in words */
		assert_has(part, "two rose, five fell, 10 were unchanged and seven are new");
	}
	free(part);
	part = section_of(md.buf, "### 3.6", "\n### 3.7");
	assert_has(part, "Delivery confidence improved over the quarter");
	free(part);
	part = section_of(md.buf, "### 3.3", "\n### 3.4");
	assert_has(part, "Running behind:");
	/* both behind are decisions, and one of the three exceptions is a forecast */
	assert_has(part, "two decisions are behind schedule; two decisions were made; "
		   "three exceptions to tolerance were reported.");
	assert_has(part, "espatch");
	assert_has(part, "orensic");
	free(part);


	golden(md.buf, md.len, "oversight-2018-03.md");
	golden_html(html.buf, "oversight-2018-03.html");
	assert_string_equal(r.marking, "OFFICIAL-SENSITIVE");
	assert_has(md.buf, "TIP-R2");
	report_release(&r);

	/* At OFFICIAL the sensitive MIPS pricing risk is gone, and so is the mark. */
	strbuf_reset(&md);
	assert_int_equal(report_oversight(&ds, M("2018-03"), "OFFICIAL", &r, &err), 0);
	render(&r, &md, NULL);
	assert_string_equal(r.marking, "OFFICIAL");
	assert_null(strstr(md.buf, "TIP-R2"));
	assert_null(strstr(md.buf, "OFFICIAL-SENSITIVE"));
	assert_has(md.buf, "| PR5 | Prioritising spend and resources |");

	strbuf_release(&md);
	strbuf_release(&html);
	report_release(&r);
	dataset_release(&ds);
}
#endif

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape_html),
		cmocka_unit_test(test_escape_md),
		cmocka_unit_test(test_render_hostile_model),
		cmocka_unit_test(test_oversight_hostile),
		cmocka_unit_test(test_oversight_sample),
		cmocka_unit_test(test_oversight_clearance),
		cmocka_unit_test(test_oversight_as_at),
		cmocka_unit_test(test_html_structure),
		cmocka_unit_test(test_chart_block),
		cmocka_unit_test(test_render_cap),
#ifdef HAVE_INTERCHANGE
		cmocka_unit_test(test_golden_demo),
#endif
	};

	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	/*
	 * Hand back what the libraries keep for the life of the process (the
	 * font map and its fontconfig patterns, cairo's caches, libxml2's
	 * globals), so that the leak checkers see only what the papers and
	 * their charts might lose.
	 */
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	FcFini();
	xmlCleanupParser();
	return rc;
}
