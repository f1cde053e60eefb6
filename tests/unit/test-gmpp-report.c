/*
 * test-gmpp-report.c - the oversight paper of an organisation whose
 * ratings come in assessment rounds: the GMPP's published files read
 * year after year ($FOLIO_SHARED/data/gmpp), and small portfolios built
 * here that pin the rule telling rounds from monthly ratings.
 *
 * The GMPP paper as at March 2021 must compare the 2021 round with the
 * 2019 publication's (30 September 2018), not with 31 December 2020; show
 * the distribution of each round and the movement between them with the
 * importer's own figures (gmpp_distribution(), gmpp_movement(), pinned in
 * test-gmpp.c), read here from the rendered Markdown; and stay short: no
 * line per programme without a return.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess/rollup.h"
#include "core/date.h"
#include "core/error.h"
#include "core/strbuf.h"
#include "import/gmpp.h"
#include "model/dataset.h"
#include "model/schema.h"
#include "report/report.h"

/* --- helpers ------------------------------------------------------------ */

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

static void
import_year(struct dataset *ds, int year)
{
	const char *root = getenv("FOLIO_SHARED");
	struct gmpp_summary sum;
	struct error err = ERROR_INIT;
	char path[4096], msg[1100];
	size_t refused;
	int rc;

	if (root == NULL)
		fail_msg("FOLIO_SHARED is not set");
	snprintf(path, sizeof(path), "%s/data/gmpp/uk_%d.csv", root, year);
	gmpp_summary_init(&sum);
	rc = gmpp_read(path, year, ds, &sum, &err);
	refused = sum.refused;
	gmpp_summary_release(&sum);
	if (rc < 0)
		fail_msg("%s", error_text(&err, msg, sizeof(msg)));
	assert_int_equal(refused, 0);
}

/* The three years the collection holds, read in the order given. */
static void
gmpp_dataset(struct dataset *ds, const int order[3])
{
	dataset_init(ds);
	for (int i = 0; i < 3; i++)
		import_year(ds, order[i]);
}

/* The oversight paper as Markdown (and HTML, which must render too). */
static void
paper(const struct dataset *ds, int32_t as_at, int32_t compare, struct strbuf *md)
{
	struct report r;
	struct error err = ERROR_INIT;
	struct strbuf html = STRBUF_INIT;
	char msg[1100];

	if (report_oversight_compare(ds, as_at, compare, "OFFICIAL", &r, &err) < 0)
		fail_msg("%s", error_text(&err, msg, sizeof(msg)));
	assert_int_equal(report_render_md(&r, md), 0);
	assert_int_equal(report_render_html(&r, &html), 0);
	assert_non_null(strstr(html.buf, "<svg"));
	strbuf_release(&html);
	report_release(&r);
	if (getenv("FOLIO_DUMP"))
		fputs(md->buf, stderr);
}

/*
 * The Markdown table under the caption *caption*: the cells of the row
 * whose first cell is `first`, read as numbers (bold or not) into v.
 * Returns the number of numeric cells, or -1 when the row is not there.
 */
static int
table_row(const char *doc, const char *caption, const char *first, long *v, int max)
{
	char cap[512], head[512];
	const char *t, *end, *row;
	int n = 0;

	snprintf(cap, sizeof(cap), "\n*%s*\n", caption);
	if ((t = strstr(doc, cap)) == NULL)
		return -1;
	end = strstr(t + strlen(cap), "\n\n");
	end = end ? end : t + strlen(t);
	snprintf(head, sizeof(head), "\n| %s |", first);
	if ((row = strstr(t, head)) == NULL || row > end)
		return -1;
	row += strlen(head);
	while (n < max && *row && *row != '\n') {
		char *stop;
		long x;

		while (*row == ' ' || *row == '*')
			row++;
		x = strtol(row, &stop, 10);
		if (stop == row)
			break;
		v[n++] = x;
		row = strchr(stop, '|');
		if (row == NULL)
			break;
		row++;
	}
	return n;
}

#define ROUNDS_TABLE "Programmes by delivery confidence rating in each assessment round"
#define MOVES_TABLE "How programmes' ratings moved between assessment rounds"

/* The row of a rating in the rounds table equals want[] and the importer's counts. */
static void
check_rating_row(const char *md, const struct dataset *ds, const char *rating, int idx,
		 const long want[3])
{
	static const int years[3] = { 2018, 2019, 2021 };
	long got[8];

	assert_int_equal(table_row(md, ROUNDS_TABLE, rating, got, 8), 3);
	for (int k = 0; k < 3; k++) {
		struct gmpp_distribution d;

		gmpp_distribution(ds, years[k], &d);
		if (got[k] != want[k] || (long)d.count[idx] != want[k])
			fail_msg("%s in %d: the paper says %ld, the importer %zu, pinned %ld",
				 rating, years[k], got[k], d.count[idx], want[k]);
	}
}

static void
check_moves_row(const char *md, const struct dataset *ds, const char *label, int from,
		int to, const long want[6])
{
	struct gmpp_movement m;
	long got[8];
	long imp[6];

	gmpp_movement(ds, from, to, &m);
	imp[0] = (long)m.up;
	imp[1] = (long)m.down;
	imp[2] = (long)m.same;
	imp[3] = (long)m.unrated;
	imp[4] = (long)m.entered;
	imp[5] = (long)m.left;
	assert_int_equal(table_row(md, MOVES_TABLE, label, got, 8), 6);
	for (int k = 0; k < 6; k++) {
		if (got[k] != want[k] || imp[k] != want[k])
			fail_msg("%s, column %d: the paper says %ld, the importer %ld, pinned %ld",
				 label, k, got[k], imp[k], want[k]);
	}
}

/* --- the GMPP's three years --------------------------------------------- */

static void
test_gmpp_paper(void **state)
{
	static const int order[3] = { 2018, 2019, 2021 };
	/* test-gmpp.c pins the same figures on the importer. */
	static const char *const ratings[7] = {
		"Green", "Amber/Green", "Amber", "Amber/Red", "Red", "Exempt", "Not assessed"
	};
	static const long dist[7][3] = {
		{ 2, 4, 12 }, { 22, 18, 29 }, { 59, 66, 84 }, { 38, 38, 44 },
		{ 8, 4, 7 }, { 4, 3, 5 }, { 0, 0, 3 }
	};
	static const long m1819[6] = { 32, 17, 54, 4, 26, 26 };
	static const long m1921[6] = { 25, 13, 29, 3, 114, 63 };
	static const long totals[3] = { 133, 133, 184 };
	struct dataset ds;
	struct strbuf md = STRBUF_INIT;
	long got[8];

	(void)state;
	gmpp_dataset(&ds, order);
	paper(&ds, M("2021-03"), 0, &md);

	/* One column per round, then each rating and the totals. */
	assert_non_null(strstr(md.buf, "| Rating | 30 September 2017 | 30 September 2018 | 31 March 2021 |\n"));
	for (int i = 0; i < 7; i++)
		check_rating_row(md.buf, &ds, ratings[i], i, dist[i]);
	assert_int_equal(table_row(md.buf, ROUNDS_TABLE, "**Total**", got, 8), 3);
	for (int k = 0; k < 3; k++)
		assert_int_equal(got[k], totals[k]);

	/* The movement between consecutive rounds. */
	check_moves_row(md.buf, &ds, "30 September 2017 to 30 September 2018", 2018, 2019, m1819);
	check_moves_row(md.buf, &ds, "30 September 2018 to 31 March 2021", 2019, 2021, m1921);

	/* Compared with the previous round, never with the quarter before. */
	assert_non_null(strstr(md.buf, "since the previous assessment at 30 September 2018"));
	assert_non_null(strstr(md.buf, "Delivery confidence improved since the previous assessment at "
				       "30 September 2018: 25 programmes moved up, 13 moved down and "
				       "29 were unchanged"));
	assert_null(strstr(md.buf, "31 December 2020"));
	assert_non_null(strstr(md.buf, "> **Assessment rounds:**"));
	assert_non_null(strstr(md.buf, "the latest assessment date strictly before it"));
	assert_non_null(strstr(md.buf, "*Chart: Delivery confidence by assessment round*"));
	assert_non_null(strstr(md.buf, "Sep 2017: Green 2, Amber/Green 22, Amber 59, Amber/Red 38, "
				       "Red 8, Exempt 4 (total 133)"));

	/* The quarter: one sentence for the programmes without a return, a table by department. */
	assert_int_equal(count(md.buf, "No monthly return was submitted in the quarter."), 0);
	assert_int_equal(count(md.buf, "No monthly return was submitted in the quarter for any of "
				       "the 270 active programmes"), 1);
	assert_int_equal(count(md.buf, "\n#### "), 4);	/* only the look-forward's */
	assert_int_equal(table_row(md.buf, "Active programmes by portfolio: movement since the "
				   "previous assessment at 30 September 2018", "**Total**", got, 8), 5);
	assert_int_equal(got[0], 270);
	assert_int_equal(got[3], 25);	/* up, as in the movement */
	assert_int_equal(got[4], 13);
	assert_int_equal(table_row(md.buf, "Active programmes by portfolio: movement since the "
				   "previous assessment at 30 September 2018", "Ministry of Defence",
				   got, 8), 5);

	/* Short: the programme table keeps what moved, Red and worse projects. */
	assert_non_null(strstr(md.buf, "| Armoured Cavalry 2025 | Red | Amber | worsened | none |"));
	assert_non_null(strstr(md.buf, "| HS2 Phase 2b | Red | not in the round | entered | none |"));
	assert_null(strstr(md.buf, "| A400M |"));	/* Amber in both: unchanged */
	assert_true(count(md.buf, "\n") < 250);

	strbuf_release(&md);
	dataset_release(&ds);
}

/* The paper does not depend on the order the years were read in. */
static void
test_gmpp_order(void **state)
{
	static const int a[3] = { 2018, 2019, 2021 }, b[3] = { 2021, 2018, 2019 };
	struct dataset x, y;
	struct strbuf mx = STRBUF_INIT, my = STRBUF_INIT;

	(void)state;
	gmpp_dataset(&x, a);
	gmpp_dataset(&y, b);
	paper(&x, M("2021-03"), 0, &mx);
	paper(&y, M("2021-03"), 0, &my);
	assert_string_equal(mx.buf, my.buf);
	strbuf_release(&mx);
	strbuf_release(&my);
	dataset_release(&x);
	dataset_release(&y);
}

/* As at a quarter with no round, and compared with a chosen day. */
static void
test_gmpp_compare(void **state)
{
	static const int order[3] = { 2018, 2019, 2021 };
	struct dataset ds;
	struct strbuf md = STRBUF_INIT;
	struct gmpp_movement m;
	struct report r;
	struct error err = ERROR_INIT;
	long got[8];

	(void)state;
	gmpp_dataset(&ds, order);

	/* --compare-with 2018-03: the latest round on or before it is 30 September 2017. */
	paper(&ds, M("2021-03"), D("2018-03-31"), &md);
	gmpp_movement(&ds, 2018, 2021, &m);
	assert_int_equal(table_row(md.buf, MOVES_TABLE, "30 September 2017 to 31 March 2021", got, 8), 6);
	assert_int_equal(got[0], (long)m.up);
	assert_int_equal(got[1], (long)m.down);
	assert_int_equal(got[4], (long)m.entered);
	assert_non_null(strstr(md.buf, "since the assessment at 30 September 2017"));
	assert_non_null(strstr(md.buf, "on or before 31 March 2018, as asked"));
	strbuf_release(&md);

	/* June 2020: no round in the quarter; the latest two are 2017 and 2018's. */
	paper(&ds, M("2020-06"), 0, &md);
	assert_non_null(strstr(md.buf, "no round fell in the quarter, and the latest was at 30 September 2018"));
	assert_non_null(strstr(md.buf, "| Rating | 30 September 2017 | 30 September 2018 |\n"));
	assert_null(strstr(md.buf, "31 March 2021"));
	strbuf_release(&md);

	/* Only a day before the as-at day's end can be compared with. */
	assert_int_equal(report_oversight_compare(&ds, M("2021-03"), D("2021-03-31"), NULL, &r, &err), -1);
	assert_int_equal(err.code, ERR_USAGE);
	dataset_release(&ds);
}

/* --- the rule, on small portfolios -------------------------------------- */

#define S(x) dataset_strdup(ds, x)

static void
org(struct dataset *ds, int programmes)
{
	struct organisation *o = dataset_add(ds, K_ORGANISATION);
	struct portfolio *pf = dataset_add(ds, K_PORTFOLIO);

	o->code = S("ORG");
	o->name = S("Example Organisation");
	o->dca_scale = S("five");
	pf->code = S("PF");
	pf->name = S("Change Portfolio");
	pf->marking = S("OFFICIAL");
	for (int i = 0; i < programmes; i++) {
		struct programme *p = dataset_add(ds, K_PROGRAMME);
		char code[16];

		snprintf(code, sizeof(code), "P%d", i + 1);
		p->code = S(code);
		p->name = S(code);
		p->portfolio = S("PF");
		p->lifecycle = S("active");
		p->marking = S("OFFICIAL");
	}
}

static void
dca(struct dataset *ds, const char *prog, const char *on, const char *assessor,
    const char *rating)
{
	struct dca *d = dataset_add(ds, K_DCA);

	d->programme = S(prog);
	d->assessed_on = D(on);
	d->assessor = S(assessor);
	d->rating = S(rating);
}

/* Three programmes assessed together twice; one has two assessors on one day. */
static void
rounds_sample(struct dataset *ds)
{
	dataset_init(ds);
	org(ds, 4);
	dca(ds, "P1", "2019-06-30", "independent", "Amber");
	dca(ds, "P2", "2019-06-30", "independent", "Amber/Red");
	dca(ds, "P3", "2019-06-30", "independent", "Green");
	dca(ds, "P1", "2020-06-30", "independent", "Amber/Green");
	dca(ds, "P2", "2020-06-30", "independent", "Red");
	dca(ds, "P2", "2020-06-30", "sro", "Green");	/* the review wins */
	dca(ds, "P4", "2020-06-30", "independent", "Exempt");
}

static void
test_rounds_rule(void **state)
{
	struct dataset ds;
	struct round_list rl;
	struct round_moves mv;
	struct monthly_return *rt;
	struct strbuf md = STRBUF_INIT;

	(void)state;
	rounds_sample(&ds);
	rollup_rounds(&ds, D("2020-09-30"), NULL, &rl);
	assert_int_equal(rl.n, 2);
	assert_int_equal(rl.v[0].date, D("2019-06-30"));
	assert_int_equal(rl.v[1].total, 3);	/* P2 once */
	assert_int_equal(rl.v[1].count[RATING_RED], 1);
	assert_int_equal(rl.v[1].count[RATING_GREEN], 0);
	assert_int_equal(rl.v[1].count[RATING_EXEMPT], 1);
	assert_int_equal(rl.assessed, 4);
	assert_true(rl.periodic);
	assert_int_equal(rollup_round_at(&rl, D("2020-01-01")), 0);
	assert_int_equal(rollup_round_at(&rl, D("2019-01-01")), -1);
	rollup_rounds_release(&rl);
	rollup_round_moves(&ds, D("2019-06-30"), D("2020-06-30"), NULL, &mv);
	assert_int_equal(mv.up, 1);	/* P1 */
	assert_int_equal(mv.down, 1);	/* P2 */
	assert_int_equal(mv.same, 0);
	assert_int_equal(mv.unrated, 0);
	assert_int_equal(mv.entered, 1);	/* P4 */
	assert_int_equal(mv.left, 1);		/* P3 */

	paper(&ds, M("2020-09"), 0, &md);
	assert_non_null(strstr(md.buf, "since the previous assessment at 30 June 2019"));
	assert_non_null(strstr(md.buf, "| P2 | Red | Amber/Red | worsened | none |"));
	assert_non_null(strstr(md.buf, "| P3 | not in the round | Green | left | none |"));
	assert_non_null(strstr(md.buf, "| 30 June 2019 to 30 June 2020 | 1 | 1 | 0 | 0 | 1 | 1 |"));
	strbuf_release(&md);

	/* One rated return by the day: monthly ratings, the quarter rule. */
	rt = dataset_add(&ds, K_RETURN);
	rt->programme = dataset_strdup(&ds, "P1");
	rt->period = M("2020-07");
	rt->version = 1;
	rt->status = dataset_strdup(&ds, "submitted");
	rt->dca = dataset_strdup(&ds, "Amber");
	rollup_rounds(&ds, D("2020-09-30"), NULL, &rl);
	assert_true(rl.returns);
	assert_false(rl.periodic);
	rollup_rounds_release(&rl);
	paper(&ds, M("2020-09"), 0, &md);
	assert_null(strstr(md.buf, "Assessment rounds"));
	assert_non_null(strstr(md.buf, "Programmes at 30 June 2020"));
	strbuf_release(&md);
	dataset_release(&ds);

	/* Assessments on scattered dates are not rounds. */
	dataset_init(&ds);
	org(&ds, 3);
	dca(&ds, "P1", "2020-01-15", "independent", "Amber");
	dca(&ds, "P2", "2020-03-10", "portfolio_office", "Amber");
	dca(&ds, "P3", "2020-05-20", "sro", "Green");
	rollup_rounds(&ds, D("2020-06-30"), NULL, &rl);
	assert_int_equal(rl.n, 3);
	assert_false(rl.periodic);
	rollup_rounds_release(&rl);
	paper(&ds, M("2020-06"), 0, &md);
	assert_null(strstr(md.buf, "assessed in rounds"));
	assert_non_null(strstr(md.buf, "Over the quarter April to June 2020"));
	strbuf_release(&md);
	dataset_release(&ds);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gmpp_paper),
		cmocka_unit_test(test_gmpp_order),
		cmocka_unit_test(test_gmpp_compare),
		cmocka_unit_test(test_rounds_rule),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	/* What the chart libraries keep for the life of the process. */
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	FcFini();
	return rc;
}
