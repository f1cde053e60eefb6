/*
 * test-chart.c - every chart type with realistic data in SVG, PDF and
 * PNG; the edge cases (no data, one period, zeros, long titles, 100
 * milestones); bad descriptions; drawing onto someone else's PDF page.
 *
 * SVGs are parsed with libxml2 (no network, no entity expansion). PDFs
 * are read back with pdftotext (poppler-utils), which proves the title
 * and key were really drawn as text, not only written into metadata.
 * Every chart is also written to $FOLIO_BUILD/test-output/charts/ for a
 * person to look at.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "chart/chart-cairo.h"
#include "core/date.h"
#include "core/error.h"
#include "core/strbuf.h"

static char outdir[1024];

static void
make_outdir(void)
{
	const char *b = getenv("FOLIO_BUILD");
	char tmp[900];

	snprintf(tmp, sizeof(tmp), "%s/test-output", b && *b ? b : ".");
	mkdir(tmp, 0777);
	snprintf(outdir, sizeof(outdir), "%s/charts", tmp);
	mkdir(outdir, 0777);
}

static void
save(const char *name, const char *ext, const struct strbuf *sb)
{
	char path[1200];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.%s", outdir, name, ext);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(sb->buf, 1, sb->len, f), sb->len);
	assert_int_equal(fclose(f), 0);
}

/* Whitespace runs folded to one space, so wrapped lines still match. */
static void
fold_space(struct strbuf *sb)
{
	size_t i, j = 0;
	int sp = 0;

	for (i = 0; i < sb->len; i++) {
		unsigned char ch = (unsigned char)sb->buf[i];

		if (ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t' || ch == '\f') {
			sp = 1;
			continue;
		}
		if (sp && j > 0)
			sb->buf[j++] = ' ';
		sp = 0;
		sb->buf[j++] = (char)ch;
	}
	strbuf_setlen(sb, j);
}

/* The text pdftotext reads from the PDF saved as name.pdf. */
static void
pdf_text(const char *name, struct strbuf *out)
{
	char cmd[1400], buf[4096];
	FILE *p;
	size_t n;

	snprintf(cmd, sizeof(cmd), "pdftotext -q -enc UTF-8 '%s/%s.pdf' -",
		 outdir, name);
	p = popen(cmd, "r");
	assert_non_null(p);
	while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
		strbuf_add(out, buf, n);
	assert_int_equal(pclose(p), 0);
	fold_space(out);
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void
check_png(const struct strbuf *sb, int w, int h)
{
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	const unsigned char *p = (const unsigned char *)sb->buf;

	assert_true(sb->len > 33);
	assert_memory_equal(p, sig, 8);
	assert_int_equal(be32(p + 8), 13);
	assert_memory_equal(p + 12, "IHDR", 4);
	assert_int_equal(be32(p + 16), (uint32_t)w);
	assert_int_equal(be32(p + 20), (uint32_t)h);
}

static int
text_has(const char *hay, const char *needle)
{
	if (strstr(hay, needle))
		return 1;
	print_error("missing: \"%s\"\n", needle);
	return 0;
}

static xmlNodePtr
child(xmlNodePtr n, const char *name)
{
	for (n = n->children; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0)
			return n;
	return NULL;
}

struct idcheck {
	char prefix[80];
	char **ids;
	size_t nids;
	char **refs;
	size_t nrefs;
};

static void
collect_ids(xmlNodePtr n, struct idcheck *ic)
{
	for (; n; n = n->next) {
		xmlAttrPtr a;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		/* nothing cairo or folio writes is a script or foreign content */
		assert_string_not_equal((const char *)n->name, "script");
		assert_string_not_equal((const char *)n->name, "foreignObject");
		for (a = n->properties; a; a = a->next) {
			xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
			const char *s = (const char *)v, *u;

			if (strcmp((const char *)a->name, "id") == 0) {
				ic->ids = realloc(ic->ids, (ic->nids + 1) * sizeof(char *));
				ic->ids[ic->nids++] = strdup(s);
			} else if (strcmp((const char *)a->name, "href") == 0 && s[0] == '#') {
				ic->refs = realloc(ic->refs, (ic->nrefs + 1) * sizeof(char *));
				ic->refs[ic->nrefs++] = strdup(s + 1);
			}
			for (u = s; (u = strstr(u, "url(#")) != NULL; u += 5) {
				const char *e = strchr(u, ')');

				assert_non_null(e);
				ic->refs = realloc(ic->refs, (ic->nrefs + 1) * sizeof(char *));
				ic->refs[ic->nrefs++] = strndup(u + 5, (size_t)(e - u - 5));
			}
			xmlFree(v);
		}
		collect_ids(n->children, ic);
	}
}

/*
 * Parse the SVG; check it names itself (title, desc, role), that every
 * id carries the chart's prefix and every reference finds its id.
 * Returns the id prefix in prefix.
 */
static void
check_svg(const struct strbuf *sb, const struct chart *c, const char **words,
	  char *prefix, size_t psize)
{
	xmlDocPtr doc;
	xmlNodePtr root, t, d;
	xmlChar *tt, *dt, *role, *lab;
	struct idcheck ic;
	size_t i, j;

	memset(&ic, 0, sizeof(ic));
	assert_true(sb->len > 100);
	assert_memory_equal(sb->buf, "<svg", 4);	/* inline-ready: no XML declaration */
	doc = xmlReadMemory(sb->buf, (int)sb->len, "chart.svg", "UTF-8",
			    XML_PARSE_NONET);
	assert_non_null(doc);
	assert_null(doc->intSubset);	/* no DOCTYPE, so no entities */
	root = xmlDocGetRootElement(doc);
	assert_string_equal((const char *)root->name, "svg");
	t = child(root, "title");
	d = child(root, "desc");
	assert_non_null(t);
	assert_non_null(d);
	tt = xmlNodeGetContent(t);
	dt = xmlNodeGetContent(d);
	assert_string_equal((const char *)tt, c->title);
	for (i = 0; words && words[i]; i++)
		assert_true(text_has((const char *)dt, words[i]));
	role = xmlGetProp(root, BAD_CAST "role");
	lab = xmlGetProp(root, BAD_CAST "aria-labelledby");
	assert_string_equal((const char *)role, "img");
	assert_non_null(lab);

	collect_ids(root, &ic);
	assert_true(ic.nids >= 2);
	/* the title's id is "<prefix>-title" */
	{
		xmlChar *tid = xmlGetProp(t, BAD_CAST "id");
		size_t n = strlen((const char *)tid) - strlen("-title");

		assert_true(n < sizeof(ic.prefix));
		memcpy(ic.prefix, tid, n);
		ic.prefix[n] = '\0';
		xmlFree(tid);
	}
	for (i = 0; i < ic.nids; i++) {
		assert_true(strncmp(ic.ids[i], ic.prefix, strlen(ic.prefix)) == 0);
		for (j = 0; j < i; j++)
			assert_string_not_equal(ic.ids[i], ic.ids[j]);
	}
	for (i = 0; i < ic.nrefs; i++) {
		int found = 0;

		for (j = 0; j < ic.nids && !found; j++)
			found = strcmp(ic.refs[i], ic.ids[j]) == 0;
		if (!found)
			print_error("dangling reference #%s\n", ic.refs[i]);
		assert_true(found);
	}
	if (prefix)
		snprintf(prefix, psize, "%s", ic.prefix);
	for (i = 0; i < ic.nids; i++)
		free(ic.ids[i]);
	for (i = 0; i < ic.nrefs; i++)
		free(ic.refs[i]);
	free(ic.ids);
	free(ic.refs);
	xmlFree(tt);
	xmlFree(dt);
	xmlFree(role);
	xmlFree(lab);
	xmlFreeDoc(doc);
}

/*
 * Render c in all three formats at w x h, save them as name.*, and check
 * each: the SVG parses and its <desc> holds desc_words; the PDF's text
 * holds pdf_words (drawn text); the PNG has the right size at scale 2.
 */
static void
render_all(const struct chart *c, const char *name, double w, double h,
	   const char **desc_words, const char **pdf_words)
{
	struct strbuf sb = STRBUF_INIT, txt = STRBUF_INIT;
	struct error err = ERROR_INIT;
	size_t i;

	assert_int_equal(chart_render(c, CHART_SVG, w, h, &sb, &err), 0);
	save(name, "svg", &sb);
	check_svg(&sb, c, desc_words, NULL, 0);
	strbuf_reset(&sb);

	assert_int_equal(chart_render(c, CHART_PDF, w, h, &sb, &err), 0);
	assert_true(sb.len > 500);
	assert_memory_equal(sb.buf, "%PDF-", 5);
	assert_non_null(strstr(sb.buf + sb.len - 16, "%%EOF"));
	save(name, "pdf", &sb);
	pdf_text(name, &txt);
	for (i = 0; pdf_words && pdf_words[i]; i++)
		assert_true(text_has(txt.buf, pdf_words[i]));
	strbuf_reset(&sb);

	assert_int_equal(chart_render_scaled(c, CHART_PNG, w, h, 2.0, &sb, &err), 0);
	check_png(&sb, (int)ceil(w * 2), (int)ceil(h * 2));
	save(name, "png", &sb);
	strbuf_release(&sb);
	strbuf_release(&txt);
}

/* Sample data, modelled on the 2018 Met transformation portfolio. */

#define M(y, m) month_from_ym((y), (m))
#define D(y, m, d) date_from_ymd((y), (m), (d))

static const char *const ratings[7] = {
	"Green", "Amber/Green", "Amber", "Amber/Red", "Red", "Exempt", "Not assessed"
};
static const enum chart_ink rating_inks[7] = {
	CHART_INK_GREEN, CHART_INK_AMBER_GREEN, CHART_INK_AMBER,
	CHART_INK_AMBER_RED, CHART_INK_RED, CHART_INK_EXEMPT,
	CHART_INK_NOT_ASSESSED
};

static struct chart_category months12[12];
static double dca_counts[7][12] = {
	{ 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3 },
	{ 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6 },
	{ 5, 5, 5, 4, 4, 4, 5, 5, 4, 4, 4, 3 },
	{ 3, 3, 2, 3, 3, 2, 1, 1, 1, 1, 1, 1 },
	{ 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1 },
	{ 2, 2, 2, 2, 2, 2, 2, 1, 1, 0, 0, 0 },
};
static struct chart_series dca_series[7];

static struct chart
dca_chart(size_t nperiods)
{
	struct chart c;
	size_t i;

	memset(&c, 0, sizeof(c));
	for (i = 0; i < 12; i++)
		months12[i].month = M(2017, 4) + (int32_t)i;
	for (i = 0; i < 7; i++) {
		dca_series[i].name = ratings[i];
		dca_series[i].ink = rating_inks[i];
		dca_series[i].values = dca_counts[i] + (12 - nperiods);
		dca_series[i].n = nperiods;
	}
	c.type = CHART_STACKED_BAR;
	c.title = "Delivery confidence across the portfolio";
	c.subtitle = "Programmes by DCA rating, April 2017 to March 2018";
	c.x_label = "Reporting period";
	c.y_label = "Number of programmes";
	c.note = "Roll-up rule: each programme counted once at its own rating; "
		"worse project ratings are shown in the programme tables.";
	c.categories = months12 + (12 - nperiods);
	c.ncategories = nperiods;
	c.series = dca_series;
	c.nseries = 7;
	return c;
}

static struct chart
heat_chart(void)
{
	static const int now[5][5] = {
		{ 1, 2, 0, 1, 0 },
		{ 0, 3, 4, 2, 1 },
		{ 1, 2, 5, 3, 2 },
		{ 0, 1, 3, 4, 2 },
		{ 0, 0, 1, 2, 1 },
	};
	static const int before[5][5] = {
		{ 1, 1, 0, 1, 0 },
		{ 0, 3, 3, 2, 1 },
		{ 1, 2, 5, 4, 2 },
		{ 0, 1, 2, 4, 4 },
		{ 0, 0, 1, 2, 1 },
	};
	struct chart c;

	memset(&c, 0, sizeof(c));
	c.type = CHART_HEATMAP;
	c.title = "Portfolio risks by likelihood and impact";
	c.subtitle = "Current (residual) scores, March 2018";
	c.x_label = "Impact";
	c.y_label = "Likelihood";
	memcpy(c.heat.count, now, sizeof(now));
	memcpy(c.heat.previous, before, sizeof(before));
	c.heat.has_previous = 1;
	return c;
}

static struct chart_category slip_periods[12];
static int32_t slip_dates[5][12];
static struct chart_series slip_series[100];
static int32_t many_dates[100][12];
static char many_names[100][48];

static struct chart
slip_chart(void)
{
	static const char *const names[5] = {
		"MiPS contract award", "IVMA fitted in all vehicles",
		"BCU implementation complete", "Despatch model decision",
		"Forensics TOM and OBC approved"
	};
	static const int32_t base[5][3] = {
		{ 2018, 6, 30 }, { 2018, 5, 31 }, { 2019, 3, 31 },
		{ 2018, 1, 31 }, { 2018, 3, 31 }
	};
	struct chart c;
	size_t i, k;

	memset(&c, 0, sizeof(c));
	for (k = 0; k < 12; k++)
		slip_periods[k].month = M(2017, 4) + (int32_t)k;
	for (i = 0; i < 5; i++) {
		int32_t b = D(base[i][0], base[i][1], base[i][2]);

		for (k = 0; k < 12; k++) {
			int32_t d = b;

			/* IVMA holds; BCU slips once; despatch twice; forensics creeps */
			if (i == 2 && k >= 6)
				d = D(2019, 6, 30);
			if (i == 3 && k >= 4)
				d = D(2018, 4, 30);
			if (i == 3 && k >= 9)
				d = D(2018, 6, 30);
			if (i == 4)
				d = b + (int32_t)(k > 3 ? (k - 3) * 21 : 0);
			if (i == 0 && k < 3)
				d = DATE_NONE;	/* not yet planned */
			slip_dates[i][k] = d;
		}
		slip_series[i].name = names[i];
		slip_series[i].dates = slip_dates[i];
		slip_series[i].n = 12;
		slip_series[i].baseline = b;
	}
	c.type = CHART_SLIP;
	c.title = "Key milestone trends";
	c.subtitle = "Forecast date reported in each period";
	c.x_label = "Reporting period";
	c.y_label = "Forecast date";
	c.categories = slip_periods;
	c.ncategories = 12;
	c.series = slip_series;
	c.nseries = 5;
	return c;
}

static struct chart_item look_items[8];

static struct chart
timeline_chart(void)
{
	static const struct { const char *l; int y, m, d, by, bm, bd; enum chart_status s; } src[8] = {
		{ "Mobile devices for front line staff", 2018, 5, 31, 2018, 4, 30, CHART_STATUS_LATE },
		{ "In-vehicle mobile applications live", 2018, 6, 15, 0, 0, 0, CHART_STATUS_ON_TRACK },
		{ "MiPS contract award", 2018, 4, 20, 0, 0, 0, CHART_STATUS_ACHIEVED },
		{ "Specialist Crime operating model", 2018, 9, 3, 0, 0, 0, CHART_STATUS_ON_TRACK },
		{ "Treadfinder in custody suites", 2018, 8, 14, 2018, 7, 2, CHART_STATUS_LATE },
		{ "Custody provision, next phase", 2018, 9, 28, 0, 0, 0, CHART_STATUS_ON_TRACK },
		{ "THRIVE+ implemented", 2018, 11, 30, 0, 0, 0, CHART_STATUS_ON_TRACK },
		{ "BCU implementation complete", 2018, 12, 31, 2018, 10, 31, CHART_STATUS_LATE },
	};
	struct chart c;
	size_t i;

	memset(&c, 0, sizeof(c));
	for (i = 0; i < 8; i++) {
		look_items[i].label = src[i].l;
		look_items[i].date = D(src[i].y, src[i].m, src[i].d);
		look_items[i].baseline = src[i].by ? D(src[i].by, src[i].bm, src[i].bd) : DATE_NONE;
		look_items[i].status = src[i].s;
	}
	c.type = CHART_TIMELINE;
	c.title = "Look forward: key milestones, April to December 2018";
	c.x_label = "Forecast date by quarter";
	c.y_label = "Key milestone";
	c.items = look_items;
	c.nitems = 8;
	c.first_month = M(2018, 4);
	c.quarters = 3;
	return c;
}

static struct chart_category months24[24];
static double ben_plan[24], ben_actual[24];
static struct chart_series ben_series[2];
static struct chart_marker asat;

static struct chart
benefits_chart(void)
{
	struct chart c;
	size_t k;

	memset(&c, 0, sizeof(c));
	for (k = 0; k < 24; k++) {
		months24[k].month = M(2017, 4) + (int32_t)k;
		/* a profile that ramps up after go-live in October 2017 */
		ben_plan[k] = k < 6 ? 0 : 150000.0 + 12500.0 * (double)(k - 6);
		ben_actual[k] = k < 12 ? (k < 7 ? 0 : 110000.0 + 9000.0 * (double)(k - 7)) : NAN;
	}
	ben_series[0] = (struct chart_series){ .name = "Planned profile",
		.ink = CHART_INK_DARK_BLUE, .style = CHART_STYLE_DASHED,
		.values = ben_plan, .n = 24 };
	ben_series[1] = (struct chart_series){ .name = "Realised",
		.ink = CHART_INK_TURQUOISE, .style = CHART_STYLE_LINE,
		.values = ben_actual, .n = 24 };
	asat = (struct chart_marker){ "As at", D(2018, 3, 31), NAN, CHART_INK_BLACK, 1 };
	c.type = CHART_MONTHLY;
	c.title = "Cash-releasing benefits: planned against realised";
	c.subtitle = "Smarter Working programme, cumulative";
	c.x_label = "Month";
	c.y_label = "Cumulative benefit (£)";
	c.value_prefix = "£";
	c.cumulative = 1;
	c.categories = months24;
	c.ncategories = 24;
	c.series = ben_series;
	c.nseries = 2;
	c.markers = &asat;
	c.nmarkers = 1;
	return c;
}

static double spend_budget[12], spend_actual[12], spend_forecast[12];
static struct chart_series spend_series[3];

static struct chart
spend_chart(int cumulative)
{
	struct chart c;
	size_t k;

	memset(&c, 0, sizeof(c));
	for (k = 0; k < 12; k++) {
		spend_budget[k] = 850000.0 + (k % 3 == 2 ? 400000.0 : 0);
		spend_actual[k] = k < 9 ? 610000.0 + 45000.0 * (double)(k % 4) : NAN;
		spend_forecast[k] = k < 9 ? NAN : 1450000.0;
	}
	spend_series[0] = (struct chart_series){ .name = "Actual spend",
		.ink = CHART_INK_BLUE,
		.style = cumulative ? CHART_STYLE_LINE : CHART_STYLE_BARS,
		.values = spend_actual, .n = 12 };
	spend_series[1] = (struct chart_series){ .name = "Budget",
		.ink = CHART_INK_GREY, .style = CHART_STYLE_LINE,
		.values = spend_budget, .n = 12 };
	spend_series[2] = (struct chart_series){ .name = "Forecast",
		.ink = CHART_INK_ORANGE, .style = CHART_STYLE_DASHED,
		.values = spend_forecast, .n = 12, .continues = 1 };
	c.type = CHART_MONTHLY;
	c.title = cumulative ? "Capital spend against budget, cumulative" :
		"Capital spend against budget by month";
	c.subtitle = "Transforming Investigation and Prosecution, 2017/18";
	c.x_label = "Month";
	c.y_label = cumulative ? "Cumulative spend (£)" : "Spend in month (£)";
	c.value_prefix = "£";
	c.cumulative = cumulative;
	c.categories = months12;
	c.ncategories = 12;
	c.series = spend_series;
	c.nseries = 3;
	for (k = 0; k < 12; k++)
		months12[k].month = M(2017, 4) + (int32_t)k;
	return c;
}

#define NSAMPLES 2000
static int32_t sc_dates[NSAMPLES / 20 + 1];
static double sc_probs[NSAMPLES / 20 + 1];
static struct chart_series sc_series;
static struct chart_marker sc_markers[3];

static int
cmp_i32(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;

	return (x > y) - (x < y);
}

static struct chart
scurve_chart(void)
{
	static int32_t samples[NSAMPLES];
	uint32_t rng = 20180331u;
	int32_t start = D(2018, 4, 1);
	struct chart c;
	size_t i, n = 0;

	memset(&c, 0, sizeof(c));
	/* three triangular task durations in series, fixed seed */
	for (i = 0; i < NSAMPLES; i++) {
		double total = 0;
		int t;

		for (t = 0; t < 3; t++) {
			double u, lo = 90, mode = 120, hi = 200;

			rng = rng * 1664525u + 1013904223u;
			u = (rng >> 8) / 16777216.0;
			total += u < (mode - lo) / (hi - lo) ?
				lo + sqrt(u * (hi - lo) * (mode - lo)) :
				hi - sqrt((1 - u) * (hi - lo) * (hi - mode));
		}
		samples[i] = start + (int32_t)total;
	}
	qsort(samples, NSAMPLES, sizeof(samples[0]), cmp_i32);
	for (i = 19; i < NSAMPLES; i += 20) {
		sc_dates[n] = samples[i];
		sc_probs[n++] = (double)(i + 1) / NSAMPLES;
	}
	sc_series = (struct chart_series){ .name = "Finish date, 2,000 runs",
		.ink = CHART_INK_DARK_BLUE, .style = CHART_STYLE_LINE,
		.values = sc_probs, .dates = sc_dates, .n = n };
	sc_markers[0] = (struct chart_marker){ "P50", samples[NSAMPLES / 2 - 1], 0.5,
		CHART_INK_TURQUOISE, 0 };
	sc_markers[1] = (struct chart_marker){ "P80", samples[NSAMPLES * 8 / 10 - 1], 0.8,
		CHART_INK_PINK, 0 };
	sc_markers[2] = (struct chart_marker){ "Baseline", D(2019, 4, 30), NAN,
		CHART_INK_RED, 1 };
	c.type = CHART_SCURVE;
	c.title = "MiPS go-live: chance of finishing by each date";
	c.subtitle = "Monte Carlo schedule risk analysis";
	c.x_label = "Finish date";
	c.y_label = "Probability of finishing by this date";
	c.series = &sc_series;
	c.nseries = 1;
	c.markers = sc_markers;
	c.nmarkers = 3;
	return c;
}

/* The tests */

static void
test_dca(void **state)
{
	struct chart c = dca_chart(12);
	const char *desc[] = { "Green", "Amber/Green", "Amber/Red", "Exempt",
		"Not assessed", "Apr 2017: Green 1, Amber/Green 2, Amber 5, "
		"Amber/Red 3, Red 1, Not assessed 2 (total 14)", NULL };
	const char *pdf[] = { "Delivery confidence across the portfolio",
		"Amber/Green", "Amber/Red", "Not assessed", "Exempt",
		"Number of programmes", "Reporting period", "Apr 2017", NULL };

	(void)state;
	render_all(&c, "dca", 600, 380, desc, pdf);
}

static void
test_dca_one_period(void **state)
{
	struct chart c = dca_chart(1);
	const char *desc[] = { "Mar 2018: Green 3, Amber/Green 6, Amber 3", NULL };
	const char *pdf[] = { "Mar 2018", "14", NULL };

	(void)state;
	c.title = "Delivery confidence, March 2018";
	render_all(&c, "dca-one-period", 400, 320, desc, pdf);
}

static void
test_heatmap(void **state)
{
	struct chart c = heat_chart();
	const char *desc[] = { "Low 1 to 4", "Medium 5 to 12", "High 15 to 25",
		"Likelihood 4 (Likely), impact 5 (Severe), score 20, High: 2 risks, "
		"down 2 since last period", NULL };
	const char *pdf[] = { "Portfolio risks by likelihood and impact",
		"Low (1–4)", "Medium (5–12)", "High (15–25)", "Almost certain",
		"Severe", "Likelihood", "Impact", "+1", "−2", NULL };

	(void)state;
	render_all(&c, "heatmap", 560, 480, desc, pdf);
}

static void
test_heatmap_bands(void **state)
{
	static const struct chart_band four[] = {
		{ 1, "Low", CHART_INK_AUTO }, { 4, "Moderate", CHART_INK_AUTO },
		{ 10, "Significant", CHART_INK_AUTO }, { 20, "Critical", CHART_INK_AUTO },
	};
	struct chart c = heat_chart();
	const char *desc[] = { "Low 1 to 3", "Moderate 4 to 9", "Significant 10 to 16",
		"Critical 20 to 25", NULL };
	const char *pdf[] = { "Critical (20–25)", "Significant (10–16)", NULL };

	(void)state;
	c.title = "Risks against the organisation's own bands";
	c.heat.bands = four;
	c.heat.nbands = 4;
	c.heat.has_previous = 0;
	c.heat.likelihood[4] = "Expected";
	render_all(&c, "heatmap-bands", 520, 460, desc, pdf);
}

static void
test_slip(void **state)
{
	struct chart c = slip_chart();
	const char *desc[] = { "BCU implementation complete: baseline 31 Mar 2019; "
		"forecast 31 Mar 2019 in Apr 2017 to Sep 2017, 30 Jun 2019 in Oct 2017 to Mar 2018",
		"MiPS contract award", NULL };
	const char *pdf[] = { "Key milestone trends", "MiPS contract award",
		"Despatch model decision", "Baseline date", "Report date",
		"Forecast date", "Reporting period", NULL };

	(void)state;
	render_all(&c, "slip", 640, 420, desc, pdf);
}

static void
test_timeline(void **state)
{
	struct chart c = timeline_chart();
	const char *desc[] = { "April to June 2018: MiPS contract award, Achieved, 20 Apr 2018",
		"Mobile devices for front line staff, Late, 31 May 2018 (baseline 30 Apr 2018)",
		"October to December 2018", NULL };
	const char *pdf[] = { "Look forward", "April to June 2018",
		"July to September 2018", "October to December 2018",
		"Achieved", "On track", "Late", "THRIVE+ implemented",
		"Late, 31 Dec 2018", NULL };

	(void)state;
	render_all(&c, "timeline", 700, 400, desc, pdf);
	/* a window of two quarters pins later milestones to its edge */
	{
		const char *pdf2[] = { "On track, 30 Nov 2018 \xe2\x96\xb8",
			"July to September 2018", NULL };

		c.title = "Look forward: April to September 2018";
		c.quarters = 2;
		render_all(&c, "timeline-window", 700, 400, NULL, pdf2);
	}
}

/*
 * The quarter headings share one form at every width: never "April to
 * June 2018" beside "Jul-Sep 2018" because the first happened to fit.
 */
static void
test_timeline_headings(void **state)
{
	static const char *const full[3] = { "April to June 2018",
		"July to September 2018", "October to December 2018" };
	static const char *const brief[3] = { "Apr\xe2\x80\x93" "Jun 2018",
		"Jul\xe2\x80\x93Sep 2018", "Oct\xe2\x80\x93" "Dec 2018" };
	struct chart c = timeline_chart();
	struct strbuf sb = STRBUF_INIT, txt = STRBUF_INIT;
	struct error err = ERROR_INIT;
	int forms_seen = 0;

	(void)state;
	c.x_label = NULL;
	for (int w = 360; w <= 900; w += 20) {
		int nfull = 0, nbrief = 0;

		strbuf_reset(&sb);
		strbuf_reset(&txt);
		assert_int_equal(chart_render(&c, CHART_PDF, w, 400, &sb, &err), 0);
		save("timeline-headings", "pdf", &sb);
		pdf_text("timeline-headings", &txt);
		for (int q = 0; q < 3; q++) {
			nfull += strstr(txt.buf, full[q]) != NULL;
			nbrief += strstr(txt.buf, brief[q]) != NULL;
		}
		if (!((nfull == 3 && nbrief == 0) || (nfull == 0 && nbrief == 3) ||
		      (nfull == 0 && nbrief == 0))) {
			print_error("at width %d: %d full and %d short quarter headings in:\n%s\n",
				    w, nfull, nbrief, txt.buf);
			fail();
		}
		forms_seen |= (nfull ? 1 : 0) | (nbrief ? 2 : 0) | (!nfull && !nbrief ? 4 : 0);
	}
	/* the sweep passed through more than one form */
	assert_true(forms_seen & 1);
	assert_true(forms_seen & 6);
	strbuf_release(&sb);
	strbuf_release(&txt);
}

static void
test_benefits(void **state)
{
	struct chart c = benefits_chart();
	const char *desc[] = { "as running totals", "Planned profile:",
		"Realised: Apr 2017 £0", "As at: 31 Mar 2018", NULL };
	const char *pdf[] = { "Cash-releasing benefits", "Planned profile",
		"Realised", "Apr 2017", "As at 31 Mar 2018", "£", NULL };

	(void)state;
	render_all(&c, "benefits", 640, 400, desc, pdf);
	/* a unit in lower case still opens its sentence with a capital */
	{
		struct strbuf sb = STRBUF_INIT;

		c.y_label = "officer posts";
		assert_int_equal(chart_describe(&c, &sb), 0);
		assert_non_null(strstr(sb.buf, ". Officer posts by month from Apr 2017"));
		assert_null(strstr(sb.buf, "officer posts by month"));
		strbuf_release(&sb);
	}
}

static void
test_spend(void **state)
{
	struct chart c = spend_chart(0);
	const char *desc[] = { "Actual spend: Apr 2017 £610,000, May 2017 £655,000",
		"Budget: Apr 2017 £850,000", NULL };
	const char *pdf[] = { "Capital spend against budget by month",
		"Actual spend", "Budget", "Forecast", "£1.0m", NULL };

	(void)state;
	render_all(&c, "spend", 640, 400, desc, pdf);
	c = spend_chart(1);
	{
		const char *pdf2[] = { "Capital spend against budget, cumulative",
			"£12m", "£10m", NULL };

		/* the forecast carries on from the actuals' running total */
		const char *desc2[] = { "Forecast: Jan 2018 £7,480,000, Feb 2018 £8,930,000",
			NULL };

		render_all(&c, "spend-cumulative", 640, 400, desc2, pdf2);
	}
}

static void
test_scurve(void **state)
{
	struct chart c = scurve_chart();
	const char *desc[] = { "50% by", "80% by", "P50:", "P80:",
		"Baseline: 30 Apr 2019, probability", NULL };
	const char *pdf[] = { "MiPS go-live", "P50:", "P80:", "(80%)", "Baseline: 30 Apr 2019",
		"100%", "Finish date", NULL };
	struct strbuf d = STRBUF_INIT;
	const char *p;
	int pct;

	(void)state;
	render_all(&c, "scurve", 640, 420, desc, pdf);
	/* the baseline's probability is read off the curve: about a quarter */
	assert_int_equal(chart_describe(&c, &d), 0);
	p = strstr(d.buf, "Baseline: 30 Apr 2019, probability ");
	assert_non_null(p);
	pct = atoi(p + strlen("Baseline: 30 Apr 2019, probability "));
	assert_true(pct > 5 && pct < 60);
	strbuf_release(&d);
}

/* Every type with nothing in it says so, in every format. */
static void
test_no_data(void **state)
{
	static const enum chart_type types[] = { CHART_STACKED_BAR, CHART_HEATMAP,
		CHART_SLIP, CHART_TIMELINE, CHART_MONTHLY, CHART_SCURVE };
	const char *pdf[] = { "No data", "Nothing to see", NULL };
	const char *nodata[] = { "No data", NULL };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		struct chart c;
		char name[32];

		memset(&c, 0, sizeof(c));
		c.type = types[i];
		c.title = "Nothing to see";
		c.x_label = "x";
		c.y_label = "y";
		snprintf(name, sizeof(name), "empty-%zu", i);
		render_all(&c, name, 400, 260, NULL, pdf);
	}
	/* periods but all counts zero; series with no values at all */
	{
		static double zeros[3];
		static const double nans[3] = { NAN, NAN, NAN };
		struct chart_series s = { .name = "Green",
			.ink = CHART_INK_GREEN, .values = zeros, .n = 3 };
		struct chart c = dca_chart(3);

		c.series = &s;
		c.nseries = 1;
		render_all(&c, "empty-zeros", 400, 260, NULL, nodata);
		c.type = CHART_MONTHLY;
		s.values = nans;
		render_all(&c, "empty-nans", 400, 260, NULL, nodata);
	}
}

static void
test_zero_values(void **state)
{
	static double budget[3] = { 0, 100, 0 }, actual[3] = { 0, 0, 0 };
	static double neg[3] = { -2500, 1200, 0 };
	struct chart_series s[3] = {
		{ .name = "Budget", .ink = CHART_INK_GREY,
			.style = CHART_STYLE_LINE, .values = budget, .n = 3 },
		{ .name = "Actual", .ink = CHART_INK_BLUE,
			.style = CHART_STYLE_BARS, .values = actual, .n = 3 },
		{ .name = "Dis-benefit", .ink = CHART_INK_PINK,
			.style = CHART_STYLE_BARS, .values = neg, .n = 3 },
	};
	struct chart c = dca_chart(3);
	const char *pdf[] = { "Budget", "Actual", "£0", NULL };
	const char *desc[] = { "Actual: Jan 2018 £0, Feb 2018 £0, Mar 2018 £0",
		"Dis-benefit: Jan 2018 \xe2\x88\x92£2,500", NULL };

	(void)state;
	c.type = CHART_MONTHLY;
	c.title = "Zeros and a negative";
	c.value_prefix = "£";
	c.series = s;
	c.nseries = 3;
	render_all(&c, "zeros", 420, 280, desc, pdf);
	/* a zero count in a stack draws no segment but the rest still adds up */
	c = dca_chart(12);
	{
		const char *desc2[] = { "Mar 2018: Green 3, Amber/Green 6, Amber 3, "
			"Amber/Red 1, Exempt 1 (total 14)", NULL };

		render_all(&c, "dca-zeros", 600, 380, desc2, NULL);
	}
}

static void
test_long_title(void **state)
{
	struct chart c = dca_chart(6);
	struct strbuf sb = STRBUF_INIT;
	const char *desc[] = { "Amber/Green", NULL };
	const char *pdf[] = { "Number of programmes", "Oct 2017", NULL };

	(void)state;
	c.title = "Delivery confidence across the whole of the transformation "
		"portfolio, every programme and every project that reports to the "
		"Portfolio Management Group, by month, with the ratings of the SROs "
		"and of the portfolio office, which should be wrapped onto a second "
		"line and then cut short with an ellipsis rather than running off "
		"the edge of the chart";
	c.subtitle = c.title;
	/*
	 * On the page the title stops after two lines with an ellipsis (see
	 * long-title.png); pango hands cairo the words it elided as the
	 * ellipsis's text, so the PDF's text layer still holds them all.
	 */
	render_all(&c, "long-title", 420, 300, desc, pdf);
	assert_int_equal(chart_render(&c, CHART_SVG, 420, 300, &sb, NULL), 0);
	assert_non_null(strstr(sb.buf, "off the edge of the chart</title>"));
	strbuf_release(&sb);
}

static void
test_hundred_milestones(void **state)
{
	static struct chart_item items[100];
	struct chart c = slip_chart();
	const char *desc[] = { "Milestone 001:", "Milestone 100:", NULL };
	const char *desc2[] = { "Milestone 001, No forecast, 1 Apr 2018",
		"Milestone 100, Late, 9 Aug 2019 (baseline 10 Jul 2019)", NULL };
	const char *pdf[] = { "Milestone 001", "more milestones", NULL };
	const char *pdf2[] = { "more milestones, not shown here", NULL };
	size_t i, k;

	(void)state;
	for (i = 0; i < 100; i++) {
		snprintf(many_names[i], sizeof(many_names[i]), "Milestone %03zu", i + 1);
		for (k = 0; k < 12; k++)
			many_dates[i][k] = D(2018, 1, 1) + (int32_t)(i * 7 + k * (i % 5) * 6);
		slip_series[i].name = many_names[i];
		slip_series[i].dates = many_dates[i];
		slip_series[i].n = 12;
		slip_series[i].ink = CHART_INK_AUTO;
		slip_series[i].baseline = many_dates[i][0];
		items[i].label = many_names[i];
		items[i].date = D(2018, 4, 1) + (int32_t)(i * 5);
		items[i].status = (enum chart_status)(i % 4);
		items[i].baseline = i % 4 == 3 ? items[i].date - 30 : DATE_NONE;
	}
	c.title = "One hundred milestones";
	c.nseries = 100;
	render_all(&c, "slip-100", 700, 460, desc, pdf);
	memset(&c, 0, sizeof(c));
	c.type = CHART_TIMELINE;
	c.title = "One hundred key milestones";
	c.items = items;
	c.nitems = 100;
	render_all(&c, "timeline-100", 700, 460, desc2, pdf2);
	slip_chart();	/* restore the five for any later test */
}

/*
 * Milestones due on one date keep the caller's order (the list beside
 * the chart has it), not their labels' alphabetical one.
 */
static void
test_timeline_same_day(void **state)
{
	struct chart_item items[3] = {
		{ .label = "Over 20,000 devices", .date = D(2018, 6, 29) },
		{ .label = "MIPS contract award", .date = D(2018, 6, 29) },
		{ .label = "Another, earlier", .date = D(2018, 5, 1) },
	};
	struct chart c;
	struct strbuf sb = STRBUF_INIT;
	const char *a, *o, *m;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.type = CHART_TIMELINE;
	c.title = "Same day";
	c.items = items;
	c.nitems = 3;
	c.first_month = M(2018, 4);
	c.quarters = 1;
	assert_int_equal(chart_describe(&c, &sb), 0);
	a = strstr(sb.buf, "Another, earlier");
	o = strstr(sb.buf, "Over 20,000 devices");
	m = strstr(sb.buf, "MIPS contract award");
	assert_non_null(a);
	assert_non_null(o);
	assert_non_null(m);
	assert_true(a < o && o < m);
	strbuf_release(&sb);
}

/* One period, one month, one point, one milestone: still a chart. */
static void
test_single(void **state)
{
	struct chart c = slip_chart();
	const char *slip_pdf[] = { "Mar 2018", "Report date", NULL };
	const char *mon_pdf[] = { "Mar 2018", "Budget", NULL };
	const char *sc_pdf[] = { "P50:", NULL };
	const char *tl_pdf[] = { "MiPS contract award", "Achieved, 20 Apr 2018", NULL };

	(void)state;
	c.title = "One period of milestone trends";
	c.categories = slip_periods + 11;
	c.ncategories = 1;
	for (size_t i = 0; i < 5; i++) {
		slip_series[i].dates = slip_dates[i] + 11;
		slip_series[i].n = 1;
	}
	render_all(&c, "slip-one-period", 480, 320, NULL, slip_pdf);

	c = spend_chart(0);
	c.title = "One month of spend";
	c.categories = months12 + 11;
	c.ncategories = 1;
	for (size_t i = 0; i < 3; i++) {
		spend_series[i].values += 11;
		spend_series[i].n = 1;
	}
	render_all(&c, "spend-one-month", 420, 300, NULL, mon_pdf);

	c = scurve_chart();
	c.title = "A simulation that always finishes on the same day";
	sc_series.n = 1;
	sc_probs[0] = 1.0;
	c.nmarkers = 1;
	render_all(&c, "scurve-one-point", 420, 300, NULL, sc_pdf);

	c = timeline_chart();
	c.items = look_items + 2;
	c.nitems = 1;
	c.first_month = MONTH_NONE;
	c.quarters = 0;
	render_all(&c, "timeline-one", 420, 200, NULL, tl_pdf);
}

/* Every chart survives the smallest boxes allowed, in every format. */
static void
test_tiny(void **state)
{
	struct chart charts[7];
	struct strbuf sb = STRBUF_INIT;
	enum chart_format f;
	size_t i;

	(void)state;
	charts[0] = dca_chart(12);
	charts[1] = heat_chart();
	charts[2] = slip_chart();
	charts[3] = timeline_chart();
	charts[4] = benefits_chart();
	charts[5] = spend_chart(1);
	charts[6] = scurve_chart();
	for (i = 0; i < 7; i++) {
		for (f = CHART_SVG; f <= CHART_PNG; f++) {
			strbuf_reset(&sb);
			assert_int_equal(chart_render(&charts[i], f, 50, 50, &sb, NULL), 0);
			strbuf_reset(&sb);
			assert_int_equal(chart_render(&charts[i], f, 160, 90, &sb, NULL), 0);
			strbuf_reset(&sb);
			assert_int_equal(chart_render(&charts[i], f, 2000, 60, &sb, NULL), 0);
		}
	}
	strbuf_release(&sb);
}

/* Text that means something in XML or HTML stays text. */
static void
test_hostile_text(void **state)
{
	struct chart c = heat_chart();
	struct strbuf sb = STRBUF_INIT;
	const char *desc[] = { "<b>&amp;", NULL };
	const char *pdf[] = { "</title><script>alert(1)</script>", NULL };

	(void)state;
	c.title = "</title><script>alert(1)</script> & \"quotes\" ]]> \x01";
	c.subtitle = "<b>&amp;";
	/* the SVG title must hold the text as given, control character aside */
	assert_int_equal(chart_render(&c, CHART_SVG, 400, 300, &sb, NULL), 0);
	assert_null(strstr(sb.buf, "<script>"));
	assert_non_null(strstr(sb.buf, "&lt;script&gt;"));
	strbuf_release(&sb);
	c.title = "</title><script>alert(1)</script> & \"quotes\" ]]>";
	render_all(&c, "hostile", 700, 300, desc, pdf);
}

static void
test_bad_charts(void **state)
{
	struct chart c = dca_chart(12), b;
	struct strbuf sb = STRBUF_INIT;
	struct error err = ERROR_INIT;
	struct chart_series s[2];
	static double neg[12] = { 1, -1 };
	static double down[2] = { 0.5, 0.4 };
	static int32_t days[2];

	(void)state;
	b = c;
	b.title = NULL;
	assert_int_equal(chart_render(&b, CHART_SVG, 400, 300, &sb, &err), -1);
	assert_int_equal(err.code, ERR_USAGE);
	assert_string_equal(err.where, "title");
	assert_int_equal(sb.len, 0);

	b = c;
	b.title = "bad \xff byte";
	assert_int_equal(chart_check(&b, &err), -1);
	assert_non_null(strstr(err.msg, "UTF-8"));

	memcpy(s, dca_series, sizeof(s));
	s[1].n = 11;
	b = c;
	b.series = s;
	b.nseries = 2;
	assert_int_equal(chart_check(&b, &err), -1);
	assert_string_equal(err.where, "series[1]");

	s[1].n = 12;
	s[1].values = neg;
	assert_int_equal(chart_check(&b, &err), -1);
	assert_string_equal(err.where, "series[1].values[1]");

	b = c;
	b.id = "1bad id";
	assert_int_equal(chart_check(&b, &err), -1);
	assert_string_equal(err.where, "id");

	assert_int_equal(chart_render(&c, CHART_SVG, 10, 300, &sb, &err), -1);
	assert_int_equal(chart_render(&c, (enum chart_format)9, 400, 300, &sb, &err), -1);
	assert_int_equal(chart_render_scaled(&c, CHART_PNG, 400, 300, 0, &sb, &err), -1);
	assert_int_equal(chart_render_scaled(&c, CHART_PNG, 19000, 300, 2, &sb, &err), -1);
	assert_int_equal(chart_render(NULL, CHART_PDF, 400, 300, &sb, &err), -1);
	assert_int_equal(sb.len, 0);

	/* an S-curve that falls is not a cumulative distribution */
	memset(&b, 0, sizeof(b));
	b.type = CHART_SCURVE;
	b.title = "Falling";
	days[0] = D(2019, 1, 1);
	days[1] = D(2019, 2, 1);
	s[0] = (struct chart_series){ .name = "Curve", .values = down,
		.dates = days, .n = 2 };
	b.series = s;
	b.nseries = 1;
	assert_int_equal(chart_check(&b, &err), -1);
	assert_non_null(strstr(err.msg, "rise"));

	/* bands: 2 to 5, starting at 1, rising */
	{
		static const struct chart_band bad[] = {
			{ 1, "Low", 0 }, { 12, "High", 0 }, { 10, "Odd", 0 },
		};

		b = heat_chart();
		b.heat.bands = bad;
		b.heat.nbands = 3;
		assert_int_equal(chart_check(&b, &err), -1);
		assert_string_equal(err.where, "heat.bands[2]");
		b.heat.nbands = 1;
		assert_int_equal(chart_check(&b, &err), -1);
		assert_string_equal(err.where, "heat.bands");
	}

	/* a slip chart's periods need months */
	b = slip_chart();
	{
		struct chart_category k[12];

		memcpy(k, slip_periods, sizeof(k));
		k[3].month = MONTH_NONE;
		k[3].label = "Q2";
		b.categories = k;
		assert_int_equal(chart_check(&b, &err), -1);
		assert_string_equal(err.where, "categories[3]");
	}
	strbuf_release(&sb);
}

/* A capped buffer fails cleanly and keeps what it held. */
static void
test_capped_output(void **state)
{
	struct chart c = dca_chart(12);
	struct strbuf sb = STRBUF_INIT;
	struct error err = ERROR_INIT;
	enum chart_format f;

	(void)state;
	for (f = CHART_SVG; f <= CHART_PNG; f++) {
		strbuf_reset(&sb);
		strbuf_addstr(&sb, "keep");
		sb.max = 2000;
		assert_int_equal(chart_render(&c, f, 400, 300, &sb, &err), -1);
		assert_int_equal(err.code, ERR_IO);
		assert_int_equal(sb.len, 4);
		assert_string_equal(sb.buf, "keep");
		sb.max = 0;
	}
	strbuf_release(&sb);
}

/* Same chart, same bytes; different charts, different SVG ids. */
static void
test_stable_and_distinct(void **state)
{
	struct chart a = dca_chart(12), h = heat_chart();
	struct strbuf s1 = STRBUF_INIT, s2 = STRBUF_INIT, s3 = STRBUF_INIT;
	char p1[80], p3[80];
	enum chart_format f;

	(void)state;
	for (f = CHART_SVG; f <= CHART_PNG; f += 2) {
		strbuf_reset(&s1);
		strbuf_reset(&s2);
		assert_int_equal(chart_render(&a, f, 500, 300, &s1, NULL), 0);
		assert_int_equal(chart_render(&a, f, 500, 300, &s2, NULL), 0);
		assert_int_equal(s1.len, s2.len);
		assert_memory_equal(s1.buf, s2.buf, s1.len);
	}
	strbuf_reset(&s1);
	assert_int_equal(chart_render(&a, CHART_SVG, 500, 300, &s1, NULL), 0);
	assert_int_equal(chart_render(&h, CHART_SVG, 500, 300, &s3, NULL), 0);
	check_svg(&s1, &a, NULL, p1, sizeof(p1));
	check_svg(&s3, &h, NULL, p3, sizeof(p3));
	assert_string_not_equal(p1, p3);
	/* a caller's id wins */
	a.id = "dca-2018-03";
	strbuf_reset(&s1);
	assert_int_equal(chart_render(&a, CHART_SVG, 500, 300, &s1, NULL), 0);
	check_svg(&s1, &a, NULL, p1, sizeof(p1));
	assert_string_equal(p1, "dca-2018-03");
	strbuf_release(&s1);
	strbuf_release(&s2);
	strbuf_release(&s3);
}

/* Someone else's paper: two charts on one A4 page of their PDF. */
static void
test_draw_on_page(void **state)
{
	struct chart a = dca_chart(12), b = slip_chart();
	struct strbuf sb = STRBUF_INIT, txt = STRBUF_INIT;
	struct error err = ERROR_INIT;
	cairo_surface_t *s;
	cairo_t *cr;
	char path[1200];

	(void)state;
	snprintf(path, sizeof(path), "%s/paper.pdf", outdir);
	s = cairo_pdf_surface_create(path, 595, 842);
	cr = cairo_create(s);
	cairo_translate(cr, 10, 0);	/* their own transformation stays theirs */
	assert_int_equal(chart_draw(&a, cr, 40, 60, 495, 330, &err), 0);
	assert_int_equal(chart_draw(&b, cr, 40, 420, 495, 360, &err), 0);
	/* the context comes back as it was lent */
	{
		double x = 0, y = 0;

		cairo_user_to_device(cr, &x, &y);
		assert_true(fabs(x - 10) < 1e-9 && fabs(y) < 1e-9);
	}
	assert_int_equal(chart_draw(&a, cr, 0, 0, 20, 20, &err), -1);
	assert_int_equal(err.code, ERR_USAGE);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	pdf_text("paper", &txt);
	assert_true(text_has(txt.buf, "Delivery confidence across the portfolio"));
	assert_true(text_has(txt.buf, "Key milestone trends"));
	strbuf_release(&sb);
	strbuf_release(&txt);
}

static void
test_describe(void **state)
{
	struct chart c = heat_chart();
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	assert_int_equal(chart_describe(&c, &sb), 0);
	assert_non_null(strstr(sb.buf, "Portfolio risks by likelihood and impact. "
			       "Current (residual) scores, March 2018. Risk heat map"));
	assert_non_null(strstr(sb.buf, "In total: Low 8, Medium 21, High 12."));
	/* a description of a malformed chart is refused, not guessed */
	strbuf_reset(&sb);
	c.title = NULL;
	assert_int_equal(chart_describe(&c, &sb), -1);
	assert_int_equal(sb.len, 0);
	assert_string_equal(chart_ink_name(CHART_INK_AMBER_RED), "Amber/Red");
	assert_string_equal(chart_status_name(CHART_STATUS_ON_TRACK), "On track");
	strbuf_release(&sb);
}

/*
 * chart_check() tells valid UTF-8 without glib (chart-check.c is in the
 * binary, which links none): it must agree with the g_utf8_validate() it
 * replaced, on the edges of every sequence length.
 */
static void
test_utf8_check(void **state)
{
	static const char *const texts[] = {
		"plain", "", "\xc2\xa3" "100", "\xe2\x88\x92" "2", "\xf0\x9f\x98\x80",
		"\xef\xbf\xbf", "\xf4\x8f\xbf\xbf", "\xed\x9f\xbf", "\xee\x80\x80",
		"\x80", "\xbf", "\xc0\xaf", "\xc1\xbf", "\xc2", "\xc2\x41", "\xc2\xc0",
		"\xe0\x80\xaf", "\xe0\x9f\xbf", "\xe0\xa0", "\xe2\x88", "\xed\xa0\x80",
		"\xed\xbf\xbf", "\xf0\x8f\xbf\xbf", "\xf0\x90\x80", "\xf4\x90\x80\x80",
		"\xf5\x80\x80\x80", "\xf8\x88\x80\x80\x80", "\xfe", "\xff",
		"ok then \xe2\x82", "\xe2\x82\xac ok", "a\xc3\xa9\xc3",
	};
	struct chart c = dca_chart(12);
	struct error err = ERROR_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		int glib_ok = g_utf8_validate(texts[i], -1, NULL);

		c.subtitle = texts[i];
		error_clear(&err);
		if (chart_check(&c, &err) != (glib_ok ? 0 : -1))
			fail_msg("text %zu: chart_check says %s, glib says %s", i,
				 err.code ? err.msg : "valid", glib_ok ? "valid" : "not");
		if (!glib_ok)
			assert_string_equal(err.where, "subtitle");
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dca),
		cmocka_unit_test(test_dca_one_period),
		cmocka_unit_test(test_heatmap),
		cmocka_unit_test(test_heatmap_bands),
		cmocka_unit_test(test_slip),
		cmocka_unit_test(test_timeline),
		cmocka_unit_test(test_timeline_headings),
		cmocka_unit_test(test_benefits),
		cmocka_unit_test(test_spend),
		cmocka_unit_test(test_scurve),
		cmocka_unit_test(test_no_data),
		cmocka_unit_test(test_zero_values),
		cmocka_unit_test(test_long_title),
		cmocka_unit_test(test_hundred_milestones),
		cmocka_unit_test(test_single),
		cmocka_unit_test(test_tiny),
		cmocka_unit_test(test_hostile_text),
		cmocka_unit_test(test_bad_charts),
		cmocka_unit_test(test_capped_output),
		cmocka_unit_test(test_stable_and_distinct),
		cmocka_unit_test(test_draw_on_page),
		cmocka_unit_test(test_describe),
		cmocka_unit_test(test_timeline_same_day),
		cmocka_unit_test(test_utf8_check),
	};
	int rc;

	make_outdir();
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	/*
	 * Hand back what the libraries keep for the life of the process (the
	 * font map and its fontconfig patterns, cairo's caches), so that the
	 * leak checkers see only what the charts themselves might lose.
	 */
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	FcFini();
	xmlCleanupParser();
	return rc;
}
