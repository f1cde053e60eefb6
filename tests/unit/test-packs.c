/*
 * test-packs.c - the monthly PMG pack (report_pmg) and the PIB exception
 * report (report_pib).
 *
 * The demo portfolio (data/demo/mps-2018.json) for March 2018, its last
 * published month, is rendered in Markdown and HTML and compared with
 * tests/golden/{pmg,pib}-2018-03.{md,html} (FOLIO_UPDATE_GOLDEN=1
 * rewrites them; the HTML goldens leave each chart's drawing out, see
 * report-golden.h). Beside the goldens, facts are checked against the
 * dataset itself: a dashboard for every active programme, every open
 * exception and the re-baseline awaiting decision in the PIB report,
 * nothing but exceptions there, need to know, hostile text, a portfolio
 * with nothing to report, determinism and errors.
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
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chart/chart.h"
#include "core/date.h"
#include "core/error.h"
#include "core/strbuf.h"
#include "import/interchange.h"
#include "model/dataset.h"
#include "model/schema.h"
#include "report/report.h"

#include "report-golden.h"

#define HOSTILE "<script>alert(1)</script> a|b *x* &amp;"

/* --- helpers ----------------------------------------------------------- */

static int32_t
M(const char *ym)
{
	int32_t m = 0;

	assert_int_equal(month_parse(ym, &m), 0);
	return m;
}

static int32_t
D(const char *iso)
{
	int32_t d = 0;

	assert_int_equal(date_parse(iso, &d), 0);
	return d;
}

static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0, len = strlen(needle);

	for (const char *p = strstr(hay, needle); p; p = strstr(p + len, needle))
		n++;
	return n;
}

static void
assert_has(const char *hay, const char *needle)
{
	if (strstr(hay, needle) == NULL) {
		print_error("expected \"%s\"\n", needle);
		fail();
	}
}

static void
assert_lacks(const char *hay, const char *needle)
{
	if (strstr(hay, needle) != NULL) {
		print_error("did not expect \"%s\"\n", needle);
		fail();
	}
}

/* The text from the line starting `from` to the next `to` (or the end). */
static char *
part(const char *doc, const char *from, const char *to)
{
	const char *a = strstr(doc, from), *b;

	if (a == NULL) {
		print_error("no \"%s\" in the paper\n", from);
		fail();
	}
	b = strstr(a + strlen(from), to);
	if (b == NULL)
		b = a + strlen(a);
	return strndup(a, (size_t)(b - a));
}

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

typedef int (*builder)(const struct dataset *, int32_t, const char *, struct report *,
		       struct error *);

/* Build and render; md and html may be NULL. */
static void
build(builder fn, const struct dataset *ds, const char *month, const char *clearance,
      struct report *r, struct strbuf *md, struct strbuf *html)
{
	struct error err = ERROR_INIT;
	char msg[1100];

	if (fn(ds, M(month), clearance, r, &err) < 0) {
		print_error("%s\n", error_text(&err, msg, sizeof(msg)));
		fail();
	}
	if (md)
		assert_int_equal(report_render_md(r, md), 0);
	if (html)
		assert_int_equal(report_render_html(r, html), 0);
}

static size_t
chart_blocks(const struct report *r)
{
	size_t n = 0;

	for (const struct report_section *s = r->sections; s; s = s->next)
		for (const struct report_block *b = s->blocks; b; b = b->next)
			n += b->type == RB_CHART;
	return n;
}

/*
 * Every id="..." in the page is unique: two inline SVGs must never share
 * an id, or one chart's references would find the other's shapes.
 */
static void
assert_ids_unique(const char *html)
{
	const char **ids = NULL;
	size_t n = 0, alloc = 0;

	for (const char *p = strstr(html, " id=\""); p; p = strstr(p + 1, " id=\"")) {
		const char *a = p + 5, *b = strchr(a, '"');

		assert_non_null(b);
		if (n == alloc) {
			alloc = alloc ? 2 * alloc : 256;
			ids = realloc(ids, alloc * sizeof(*ids));
			assert_non_null(ids);
		}
		ids[n++] = strndup(a, (size_t)(b - a));
	}
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (strcmp(ids[i], ids[j]) == 0) {
				print_error("id \"%s\" appears twice\n", ids[i]);
				fail();
			}
	for (size_t i = 0; i < n; i++)
		free((void *)ids[i]);
	free(ids);
}

/* Each chart block is a figure holding one accessible SVG and its words. */
static void
assert_figures(const struct report *r, const char *html)
{
	size_t n = chart_blocks(r);

	assert_int_equal(count(html, "<figure class=\"chart\">"), n);
	assert_int_equal(count(html, "</figure>"), n);
	assert_int_equal(count(html, "<svg "), n);
	assert_int_equal(count(html, "</svg>"), n);
	assert_int_equal(count(html, "role=\"img\""), n);
	assert_int_equal(count(html, "<details class=\"chart-data\">"), n);
	assert_int_equal(count(html, "<p class=\"chart-missing\">"), 0);
	assert_ids_unique(html);
}

/* md has a dashboard heading "### 2.N name". */
static int
dashboard(const char *md, const char *name)
{
	for (const char *p = strstr(md, "\n### 2."); p; p = strstr(p + 1, "\n### 2.")) {
		const char *q = p + 8;

		while (*q >= '0' && *q <= '9')
			q++;
		if (*q == ' ' && strncmp(q + 1, name, strlen(name)) == 0 &&
		    q[1 + strlen(name)] == '\n')
			return 1;
	}
	return 0;
}

static int
active(const struct programme *p, int32_t day)
{
	if (p->lifecycle && strcmp(p->lifecycle, "closed") == 0 &&
	    (p->end_date == 0 || p->end_date <= day))
		return 0;
	return !((p->lifecycle && strcmp(p->lifecycle, "pipeline") == 0) ||
		 (p->start_date && p->start_date > day));
}

/* --- the demo: PMG ----------------------------------------------------- */

static void
test_pmg_demo(void **state)
{
	struct dataset ds;
	struct report r;
	struct strbuf md = STRBUF_INIT, html = STRBUF_INIT;
	int32_t day = month_last_day(M("2018-03"));
	size_t nactive = 0, k = 0;
	char *s;

	(void)state;
	if (load_demo(&ds) < 0) {
		print_message("# data/demo/mps-2018.json not there: skipped\n");
		skip();
	}
	build(report_pmg, &ds, "2018-03", "OFFICIAL-SENSITIVE", &r, &md, &html);
	assert_string_equal(r.board, "Portfolio Management Group");
	assert_int_equal(r.date, day);
	assert_true(r.toc);

	/* One dashboard per active programme, none for the others. */
	DS_FOREACH(&ds, K_PROGRAMME, const struct programme, p) {
		if (active(p, day)) {
			nactive++;
			assert_true(dashboard(md.buf, p->name));
		} else {
			assert_false(dashboard(md.buf, p->name));
		}
	}
	assert_int_equal(nactive, 10);
	for (const struct report_section *sec = r.sections; sec; sec = sec->next)
		if (sec->level == 2 && sec->number && strncmp(sec->number, "2.", 2) == 0)
			k++;
	assert_int_equal(k, nactive);

	/* The portfolio summary: distribution, movement with its counts. */
	s = part(md.buf, "### 1.1 Delivery confidence", "### 1.2");
	assert_has(s, "| Amber/Green | 4 | 3 | +1 | 1 | +3 |");
	assert_has(s, "| Amber/Red | 0 | 0 | 0 | 2 | \xE2\x88\x92" "2 |");
	assert_has(s, "one programme moved up, none moved down and nine were unchanged");
	assert_has(s, "six programmes moved up, one moved down and three were unchanged");
	assert_has(s, "| Optimising Response | Amber | Amber | Amber/Green | Amber | Despatch model: Amber/Red |");
	assert_has(s, "*Chart: Delivery confidence across the portfolio*");
	assert_has(s, "Roll-up rule");
	free(s);
	s = part(md.buf, "## 1. Portfolio summary", "### 1.1");
	assert_has(s, "All 10 active programmes have submitted their return for March 2018.");
	free(s);
	/* Exceptions of the month, and those the measures find. */
	s = part(md.buf, "### 1.2", "### 1.3");
	assert_has(s, "(EST-E1, escalated)");
	assert_has(s, "Still open from earlier months");
	assert_has(s, "OR-E1");
	assert_lacks(s, "EST-E0");	/* resolved */
	/* the table's quality finding for SW has no exception: the pack says why */
	assert_has(s, "| Smarter Working | within | **forecast breach** | within | **forecast breach** |");
	assert_lacks(s, "EX-2018-03-SW-quality");
	assert_has(s, "so folio proposes no new exception for them; the programme's dashboard "
		   "shows what it finds for Smarter Working (quality).");
	free(s);
	s = part(md.buf, "### 1.3", "## 2.");
	assert_has(s, "| MIPS contract award | Transforming Investigation and Prosecution | 29 June 2018 |");
	assert_has(s, "| IVMA in every vehicle, new fleet included |");
	assert_lacks(s, "THRIVE+");	/* November: beyond three months */
	free(s);

	/* A dashboard: SRO's rating beside the assessed one, slip, money, benefits. */
	s = part(md.buf, "### 2.1 Business Support Services", "### 2.2");
	assert_has(s, "**SRO's own rating:** Green (March 2018 return), more confident");
	assert_has(s, "**Last quarter:** Amber at 31 December 2017");
	assert_has(s, "£9.1 million a year realised by March 2018 against £10 million a year planned (91% of plan)");
	assert_has(s, "**Benefits, forecast breach:**");
	free(s);
	s = part(md.buf, " Digital Policing\n", "\n### 2.");
	assert_has(s, "| Last service tower moved to a new contract | 29 June 2018 | 31 July 2018 | 32 |");
	free(s);
	s = part(md.buf, " Optimising Response\n", "\n### 2.");
	assert_has(s, "| Despatch model | 31 January 2018 | 30 April 2018 | 89 | decision for the Commissioner |");
	assert_lacks(s, "| Despatch model decision | 31 January 2018 | 30 April 2018 | 89 |");	/* told once */
	assert_has(s, "**overdue**");
	assert_has(s, "Milestone forecasts, period by period");
	assert_has(s, "| OR-R1 | Despatch decision holds up command and control | 4 × 4 = 16 (high) |");
	free(s);
	s = part(md.buf, " Smarter Working\n", "\n### 2.");
	assert_has(s, "**Variance:** £1.1 million over budget (3.4%)");
	assert_has(s, "Spend against budget and forecast, 2017/18");
	free(s);
	/* The re-baselined-or-not note: EST's baseline comes from EST-B1. */
	s = part(md.buf, " Transforming the MPS Estate\n", "\n### 2.");
	assert_has(s, "| First BCU building works complete | 28 September 2018 | 16 November 2018 | 49 |");
	free(s);

	/* The schedule's view beside the judged rating, with its flag. */
	s = part(md.buf, "## 3. Delivery confidence from the schedule", "\n**OFFICIAL");
	assert_has(s, "Monte Carlo");
	assert_has(s, "Four programmes have key baselined milestones still to come in the "
		   "network; for all four the two are more than one band apart.");
	/* EST's one key milestone, the OBC, was achieved (late): it is
	   history, not a chance, and EST has no row */
	assert_lacks(s, "| Transforming the MPS Estate |");
	assert_has(s, "**Rule:**");
	free(s);

	/*
	 * A benefit chart's axis says its months are not evenly spaced only
	 * when they are not: BSS reports every month, EST every quarter, SLP
	 * monthly then quarterly.
	 */
	{
		static const struct { const char *title, *axis; } want[] = {
			{ "Savings from outsourced HR and finance services", "Month" },
			{ "Lower estate running costs", "Months with a figure" },
			{ "Officer posts released by the local policing model",
			  "Months with a figure (not evenly spaced)" },
		};
		size_t found = 0;

		for (const struct report_section *sec = r.sections; sec; sec = sec->next)
			for (const struct report_block *b = sec->blocks; b; b = b->next)
				for (size_t i = 0; b->type == RB_CHART && i < 3; i++)
					if (strcmp(b->chart->title, want[i].title) == 0) {
						assert_string_equal(b->chart->x_label, want[i].axis);
						found++;
					}
		assert_int_equal(found, 3);
	}

	assert_figures(&r, html.buf);
	assert_true(chart_blocks(&r) >= 1 + nactive);
	golden(md.buf, md.len, "pmg-2018-03.md");
	golden_html(html.buf, "pmg-2018-03.html");

	/*
	 * Percentages as the pack writes its own ("3%", never "3 per cent"),
	 * and the gap between two of them in percentage points.
	 */
	s = part(md.buf, " Smarter Working\n", "\n### 2.");
	assert_has(s, "the profile plans 3% by June 2018; target 10% by 31 March 2019");
	free(s);
	report_release(&r);
	DS_FOREACH(&ds, K_BENEFIT, struct benefit, b)
		if (strcmp(b->code, "SLP-B1") == 0)
			b->unit = dataset_strdup(&ds, "per cent");
	strbuf_reset(&md);
	strbuf_reset(&html);
	build(report_pmg, &ds, "2018-03", "OFFICIAL-SENSITIVE", &r, &md, &html);
	s = part(md.buf, " Strengthening Local Policing\n", "\n### 2.");
	assert_has(s, "410% realised by March 2018 against 420% planned (98% of plan), "
		   "10 percentage points short");
	assert_lacks(s, "per cent");
	free(s);

	strbuf_release(&md);
	strbuf_release(&html);
	report_release(&r);
	dataset_release(&ds);
}

/* --- the demo: PIB ----------------------------------------------------- */

static void
test_pib_demo(void **state)
{
	struct dataset ds;
	struct report r;
	struct strbuf md = STRBUF_INIT, html = STRBUF_INIT;
	int32_t month = M("2018-03");
	char *s;

	(void)state;
	if (load_demo(&ds) < 0) {
		print_message("# data/demo/mps-2018.json not there: skipped\n");
		skip();
	}
	build(report_pib, &ds, "2018-03", "OFFICIAL-SENSITIVE", &r, &md, &html);
	assert_string_equal(r.board, "Portfolio Investment Board");

	/* Every exception still open by the month is there; closed ones are not. */
	DS_FOREACH(&ds, K_EXCEPTION, const struct exception, x) {
		int open = x->status && (strcmp(x->status, "open") == 0 ||
					 strcmp(x->status, "escalated") == 0);

		if (x->period == month || (open && x->period < month))
			assert_has(md.buf, x->code);
		else
			assert_lacks(md.buf, x->code);
	}
	/* EST-E1 in full: evidence, cause, options, recommendation, decision. */
	s = part(md.buf, "### 2.1 Transforming the MPS Estate: time tolerance forecast to be breached",
		 "\n### 2.2");
	assert_has(s, "**Evidence:** First BCU building works forecast for 16 November 2018");
	assert_has(s, "**Cause:** The public access consultation moved the timing");
	assert_has(s, "**Options:** Re-baseline the programme; or accelerate works at extra cost.");
	assert_has(s, "**Recommendation:** Approve the re-baseline, EST-CR1.");
	assert_has(s, "change request EST-CR1");
	assert_has(s, "**Decision asked:**");
	assert_has(s, "60 days, early warning at 40 days (the programme's own)");
	free(s);
	/* Findings not yet recorded, with their evidence in figures. */
	assert_has(md.buf, "EX-2018-03-OR-time (proposed; not yet recorded)");
	assert_has(md.buf, "89 days after it was first due on 31 January 2018");
	/* The re-baseline awaiting decision, with what it would reset. */
	s = part(md.buf, "### 4.1 Change requests (re-baselines)", "### 4.2");
	assert_has(s, "**Re-baseline the estates programme** (EST-CR1, Transforming the MPS Estate)");
	assert_has(s, "due by 31 May 2018");
	assert_has(s, "EST-B1 version 1");
	assert_has(s, "| First BCU building works complete | 28 September 2018 | 16 November 2018 | 49 |");
	/* and the dates it proposes (change_milestone), which approval baselines */
	assert_has(s, "| First BCU building works complete | 28 September 2018 | 16 November 2018 | "
		   "30 November 2018 |");
	assert_has(s, "| Specialist Taskforce Base OBC | 31 October 2018 | 31 October 2018 | "
		   "31 January 2019 |");
	assert_has(s, "Approving it baselines these milestones at the dates it proposes");
	free(s);
	assert_has(md.buf, "- decide change request EST-CR1: **Re-baseline the estates programme**");
	s = part(md.buf, "### 4.3 Decisions due", "\n**OFFICIAL");
	assert_has(s, "| Forensics target operating model |");
	assert_has(s, "slipped 121 days");
	free(s);
	/* Ratings: no programme at Amber/Red or worse, but two projects are. */
	assert_has(md.buf, "No programme is rated Amber/Red or Red at 31 March 2018.");
	assert_has(md.buf, "| Despatch model | Optimising Response | Amber/Red | Amber |");
	/* Only exceptions: none of the PMG's dashboards. */
	assert_lacks(md.buf, "Top risks");
	assert_lacks(md.buf, "Return for March");
	assert_lacks(md.buf, "Spend against budget");

	assert_figures(&r, html.buf);
	golden(md.buf, md.len, "pib-2018-03.md");
	golden_html(html.buf, "pib-2018-03.html");

	strbuf_release(&md);
	strbuf_release(&html);
	report_release(&r);
	dataset_release(&ds);
}

/* --- need to know ------------------------------------------------------- */

static void
test_packs_clearance(void **state)
{
	struct dataset ds;
	struct report r;
	struct strbuf md = STRBUF_INIT;

	(void)state;
	if (load_demo(&ds) < 0)
		skip();
	/* The MIPS pricing risk is OFFICIAL-SENSITIVE. */
	build(report_pmg, &ds, "2018-03", "OFFICIAL", &r, &md, NULL);
	assert_lacks(md.buf, "TIP-R2");
	assert_lacks(md.buf, "OFFICIAL-SENSITIVE");
	assert_string_equal(r.marking, "OFFICIAL");
	report_release(&r);
	strbuf_reset(&md);
	build(report_pmg, &ds, "2018-03", "OFFICIAL-SENSITIVE", &r, &md, NULL);
	assert_has(md.buf, "TIP-R2");
	assert_string_equal(r.marking, "OFFICIAL-SENSITIVE");
	report_release(&r);

	/* A sensitive programme disappears whole, and so does what rests on it. */
	DS_FOREACH(&ds, K_PROGRAMME, struct programme, p)
		if (strcmp(p->code, "EST") == 0)
			p->marking = dataset_strdup(&ds, "OFFICIAL-SENSITIVE");
	strbuf_reset(&md);
	build(report_pmg, &ds, "2018-03", "OFFICIAL", &r, &md, NULL);
	assert_lacks(md.buf, "Transforming the MPS Estate");
	assert_lacks(md.buf, "EST-");
	assert_has(md.buf, "above this pack's clearance");	/* the schedule spans EST */
	report_release(&r);
	strbuf_reset(&md);
	build(report_pib, &ds, "2018-03", "OFFICIAL", &r, &md, NULL);
	assert_lacks(md.buf, "EST-E1");
	assert_lacks(md.buf, "EST-CR1");
	assert_lacks(md.buf, "Transforming the MPS Estate");
	assert_has(md.buf, "No change request awaits decision.");
	report_release(&r);
	strbuf_reset(&md);
	build(report_pib, &ds, "2018-03", "OFFICIAL-SENSITIVE", &r, &md, NULL);
	assert_has(md.buf, "EST-CR1");
	assert_string_equal(r.marking, "OFFICIAL-SENSITIVE");
	report_release(&r);

	strbuf_release(&md);
	dataset_release(&ds);
}

/* --- a small portfolio built here --------------------------------------- */

#define S(x) dataset_strdup(ds, x)

/*
 * One organisation, one portfolio, two active programmes on plan and
 * within every tolerance, one in the pipeline; text fields carry `text`.
 */
static void
calm(struct dataset *ds, const char *text)
{
	struct organisation *org;
	struct portfolio *pf;
	struct programme *p;
	struct monthly_return *rt;
	struct milestone *m;
	struct tolerance *t;
	struct dca *d;

	dataset_init(ds);
	org = dataset_add(ds, K_ORGANISATION);
	org->code = S("ORG");
	org->name = S("Example Constabulary");
	pf = dataset_add(ds, K_PORTFOLIO);
	pf->code = S("CP");
	pf->name = S("Change Portfolio");
	pf->owner = S("Head of Change");
	pf->marking = S("OFFICIAL");
	for (int i = 0; i < 3; i++) {
		static const char *const code[] = { "AA", "BB", "CC" };

		p = dataset_add(ds, K_PROGRAMME);
		p->code = S(code[i]);
		p->portfolio = S("CP");
		p->name = S(i == 0 ? text : i == 1 ? "Bravo" : "Charlie");
		p->lifecycle = S(i == 2 ? "pipeline" : "active");
		p->sro = S(text);
		p->start_date = D("2017-04-01");
		d = dataset_add(ds, K_DCA);
		d->programme = S(code[i]);
		d->assessed_on = D("2018-02-28");
		d->assessor = S("portfolio_office");
		d->rating = S("Amber/Green");
		rt = dataset_add(ds, K_RETURN);
		rt->programme = S(code[i]);
		rt->period = M("2018-03");
		rt->version = 1;
		rt->status = S("submitted");
		rt->dca = S("Green");
		rt->sro_dca = S("Green");
		rt->headline = S(text);
		rt->commentary = S(text);
		rt->achievements = S(text);
		rt->next_period = S(text);
		m = dataset_add(ds, K_MILESTONE);
		m->code = S(i == 0 ? "AA-M1" : i == 1 ? "BB-M1" : "CC-M1");
		m->programme = S(code[i]);
		m->name = S(text);
		m->key = 1;
		m->baseline_date = D("2018-05-31");
		m->forecast_date = D("2018-05-31");
	}
	t = dataset_add(ds, K_TOLERANCE);
	t->dimension = S("time");
	t->threshold = 30;
	t->forecast_threshold = 15;
	t = dataset_add(ds, K_TOLERANCE);
	t->dimension = S("confidence");
	t->threshold = 4;
	t->forecast_threshold = NAN;
}

static void
test_nothing_to_report(void **state)
{
	struct dataset ds;
	struct report r;
	struct strbuf md = STRBUF_INIT, html = STRBUF_INIT;

	(void)state;
	calm(&ds, "Alpha");
	build(report_pib, &ds, "2018-03", NULL, &r, &md, &html);
	assert_has(md.buf, "**No programme is outside tolerance, or forecast to go outside it, "
		   "in March 2018: there are no exceptions to report.**");
	assert_has(md.buf, "No programme is rated Amber/Red or Red at 31 March 2018.");
	assert_has(md.buf, "No change request awaits decision.");
	assert_has(md.buf, "No business case awaits decision.");
	assert_has(md.buf, "No decision is outstanding.");
	assert_lacks(md.buf, "### 2.1");
	assert_string_equal(r.marking, "OFFICIAL");
	report_release(&r);

	strbuf_reset(&md);
	strbuf_reset(&html);
	build(report_pmg, &ds, "2018-03", NULL, &r, &md, &html);
	assert_has(md.buf, "No programme went outside tolerance, or was forecast to, in March 2018.");
	assert_has(md.buf, "### 2.1 Alpha");
	assert_has(md.buf, "### 2.2 Bravo");
	assert_lacks(md.buf, "Charlie");	/* in the pipeline */
	/* The March return's Green is later than the register's February rating. */
	assert_has(md.buf, "**Delivery confidence:** Green (from the March 2018 return)");
	assert_has(md.buf, "**Last period:** Amber/Green at 28 February 2018; it has improved since");
	assert_lacks(md.buf, "more confident than the assessed rating");
	assert_has(md.buf, "no schedule network");
	assert_has(md.buf, "Within every tolerance set for it at 31 March 2018.");
	/* programmes submit returns: never "1 of 2 active programmes have been submitted" */
	assert_lacks(md.buf, "have been submitted");
	assert_has(md.buf, "Both active programmes have submitted their return for March 2018.");
	assert_figures(&r, html.buf);
	report_release(&r);

	/* Bravo's return back to draft: it has not submitted one */
	DS_FOREACH(&ds, K_RETURN, struct monthly_return, rt)
		if (strcmp(rt->programme, "BB") == 0)
			rt->status = dataset_strdup(&ds, "draft");
	strbuf_reset(&md);
	strbuf_reset(&html);
	build(report_pmg, &ds, "2018-03", NULL, &r, &md, &html);
	assert_has(md.buf, "One of the two active programmes has submitted its return "
		   "for March 2018; still to come from Bravo.");
	report_release(&r);

	strbuf_release(&md);
	strbuf_release(&html);
	dataset_release(&ds);
}

/* Hostile text in every field the packs quote comes out literal. */
static void
test_packs_hostile(void **state)
{
	struct dataset ds;
	struct report r;
	struct strbuf md = STRBUF_INIT, html = STRBUF_INIT;
	struct exception *x;
	struct change_request *cr;
	struct benefit *b;
	struct benefit_value *bv;

	(void)state;
	calm(&ds, HOSTILE);
	x = dataset_add(&ds, K_EXCEPTION);
	x->code = dataset_strdup(&ds, "AA-E1");
	x->programme = dataset_strdup(&ds, "AA");
	x->period = M("2018-03");
	x->dimension = dataset_strdup(&ds, "scope");
	x->type = dataset_strdup(&ds, "breach");
	x->status = dataset_strdup(&ds, "open");
	x->evidence = x->cause = x->consequences = x->options = x->recommendation =
		dataset_strdup(&ds, HOSTILE);
	cr = dataset_add(&ds, K_CHANGE_REQUEST);
	cr->code = dataset_strdup(&ds, "AA-CR1");
	cr->programme = dataset_strdup(&ds, "AA");
	cr->title = cr->reason = dataset_strdup(&ds, HOSTILE);
	cr->status = dataset_strdup(&ds, "pending");
	b = dataset_add(&ds, K_BENEFIT);
	b->code = dataset_strdup(&ds, "AA-B1");
	b->programme = dataset_strdup(&ds, "AA");
	b->title = b->unit = dataset_strdup(&ds, HOSTILE);
	b->baseline = 0;
	b->target = 100;
	bv = dataset_add(&ds, K_BENEFIT_VALUE);
	bv->benefit = dataset_strdup(&ds, "AA-B1");
	bv->period = M("2018-03");
	bv->planned = 10;
	bv->actual = 8;

	for (int i = 0; i < 2; i++) {
		strbuf_reset(&md);
		strbuf_reset(&html);
		build(i ? report_pib : report_pmg, &ds, "2018-03", NULL, &r, &md, &html);
		assert_lacks(html.buf, "<script");
		assert_lacks(html.buf, "&amp;amp;amp;");
		assert_has(html.buf, "&lt;script&gt;alert(1)&lt;/script&gt; a|b *x* &amp;amp;");
		assert_lacks(md.buf, "<script>");
		assert_has(md.buf, "\\<script\\>alert(1)\\</script\\> a\\|b \\*x\\* \\&amp;");
		assert_figures(&r, html.buf);
		report_release(&r);
	}
	strbuf_release(&md);
	strbuf_release(&html);
	dataset_release(&ds);
}

/* The same data gives the same bytes: no clock, a seeded simulation. */
static void
test_packs_deterministic(void **state)
{
	struct dataset ds;
	struct report r;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;

	(void)state;
	if (load_demo(&ds) < 0)
		skip();
	for (int i = 0; i < 2; i++) {
		builder fn = i ? report_pib : report_pmg;

		strbuf_reset(&a);
		strbuf_reset(&b);
		build(fn, &ds, "2018-04", "OFFICIAL-SENSITIVE", &r, NULL, &a);
		report_release(&r);
		build(fn, &ds, "2018-04", "OFFICIAL-SENSITIVE", &r, NULL, &b);
		report_release(&r);
		assert_int_equal(a.len, b.len);
		assert_memory_equal(a.buf, b.buf, a.len);
	}
	strbuf_release(&a);
	strbuf_release(&b);
	dataset_release(&ds);
}

static void
test_packs_errors(void **state)
{
	struct dataset ds;
	struct report r;
	struct error err = ERROR_INIT;

	(void)state;
	calm(&ds, "Alpha");
	for (int i = 0; i < 2; i++) {
		builder fn = i ? report_pib : report_pmg;

		assert_int_equal(fn(&ds, M("2018-03"), "SECRET", &r, &err), -1);
		assert_int_equal(err.code, ERR_USAGE);
		report_release(&r);
		assert_int_equal(fn(&ds, 0, NULL, &r, &err), -1);
		assert_int_equal(err.code, ERR_USAGE);
		report_release(&r);
	}
	DS_FOREACH(&ds, K_PORTFOLIO, struct portfolio, pf)
		pf->marking = dataset_strdup(&ds, "OFFICIAL-SENSITIVE");
	assert_int_equal(report_pmg(&ds, M("2018-03"), "OFFICIAL", &r, &err), -1);
	assert_int_equal(err.code, ERR_DENIED);
	report_release(&r);
	assert_int_equal(report_pib(&ds, M("2018-03"), "OFFICIAL", &r, &err), -1);
	assert_int_equal(err.code, ERR_DENIED);
	report_release(&r);
	dataset_release(&ds);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pmg_demo),
		cmocka_unit_test(test_pib_demo),
		cmocka_unit_test(test_packs_clearance),
		cmocka_unit_test(test_nothing_to_report),
		cmocka_unit_test(test_packs_hostile),
		cmocka_unit_test(test_packs_deterministic),
		cmocka_unit_test(test_packs_errors),
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
