/*
 * pmg-bench.c - how long one organisation's PMG pack takes to write, and
 * where the time goes (bench/pmg/run builds and runs it).
 *
 *	pmg-bench [-n N] DB ORG MONTH		an organisation of a store
 *	pmg-bench [-n N] --json FILE MONTH	a folio JSON document (the demo)
 *
 * The month is read as the report command reads it (cycle_dataset_as_at():
 * a published month from its snapshot). Then, N times each (default 9),
 * report_pmg(), report_render_md() and report_render_html(), and the
 * parts of the first on their own: the Monte Carlo run of section 3 with
 * the pack's own options, the knock-on section, and every chart block of
 * the pack drawn as SVG, by chart type. Prints the best and the median of
 * each, wall clock and CPU time of the process (the machine may be shared:
 * the best is the figure least disturbed by other work), and the sizes;
 * and the first run on its own, which pays for loading the fonts and
 * filling the chart module's text cache (a server pays it once).
 *
 * Built against a folio from before report_pmg_iterations() (run says
 * so with -DNO_PMG_ITERATIONS) it times the Monte Carlo run at 10,000.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chart/chart.h"
#include "core/date.h"
#include "core/error.h"
#include "core/strbuf.h"
#include "cycle/cycle.h"
#include "import/interchange.h"
#include "model/dataset.h"
#include "model/schema.h"
#include "report/knock-on.h"
#include "report/paper.h"
#include "report/report.h"
#include "sched/dca-quant.h"
#include "store/store.h"

#define MAXRUNS 101

static double
clock_ms(clockid_t id)
{
	struct timespec t;

	clock_gettime(id, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* Wall and CPU milliseconds of one step, over the runs. */
struct timing {
	double wall[MAXRUNS], cpu[MAXRUNS];
	int n;
	double w0, c0;
};

static void
t_start(struct timing *t)
{
	t->w0 = clock_ms(CLOCK_MONOTONIC);
	t->c0 = clock_ms(CLOCK_PROCESS_CPUTIME_ID);
}

static void
t_stop(struct timing *t)
{
	if (t->n < MAXRUNS) {
		t->wall[t->n] = clock_ms(CLOCK_MONOTONIC) - t->w0;
		t->cpu[t->n] = clock_ms(CLOCK_PROCESS_CPUTIME_ID) - t->c0;
		t->n++;
	}
}

/* Add a duration measured elsewhere to run i. */
static void
t_add(struct timing *t, int i, double wall, double cpu)
{
	if (i >= MAXRUNS)
		return;
	while (t->n <= i) {
		t->wall[t->n] = t->cpu[t->n] = 0;
		t->n++;
	}
	t->wall[i] += wall;
	t->cpu[i] += cpu;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
best(const double *v, int n)
{
	double m = v[0];

	for (int i = 1; i < n; i++)
		if (v[i] < m)
			m = v[i];
	return m;
}

static double
median(const double *v, int n)
{
	double s[MAXRUNS];

	memcpy(s, v, (size_t)n * sizeof(*s));
	qsort(s, (size_t)n, sizeof(*s), cmp_double);
	return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

static void
say(const char *what, const struct timing *t, const char *extra)
{
	if (t->n == 0)
		return;
	printf("%s: best %.1f ms (CPU %.1f), median %.1f ms (CPU %.1f)%s%s\n", what,
	       best(t->wall, t->n), best(t->cpu, t->n), median(t->wall, t->n),
	       median(t->cpu, t->n), extra ? " " : "", extra ? extra : "");
}

static void
die(const char *what, const struct error *err)
{
	fprintf(stderr, "pmg-bench: %s: %s%s%s\n", what, err->where,
		err->where[0] ? ": " : "", err->msg);
	exit(1);
}

static int
judged_none(void *ctx, const struct dataset *ds, const char *programme)
{
	(void)ctx;
	(void)ds;
	(void)programme;
	return 0;
}

static const char *const type_names[] = {
	[CHART_STACKED_BAR] = "stacked bar (delivery confidence by month)",
	[CHART_HEATMAP] = "heat map",
	[CHART_SLIP] = "milestone trend (slip)",
	[CHART_TIMELINE] = "timeline",
	[CHART_MONTHLY] = "monthly (spend, benefits)",
	[CHART_SCURVE] = "S-curve",
};
#define NTYPES (sizeof(type_names) / sizeof(type_names[0]))

int
main(int argc, char **argv)
{
	struct error err = ERROR_INIT;
	struct dataset ds;
	struct store *st = NULL;
	struct timing load = { 0 }, pmg = { 0 }, md = { 0 }, html = { 0 }, all = { 0 };
	struct timing mc = { 0 }, knock = { 0 }, charts[NTYPES], words = { 0 };
	size_t nchart[NTYPES] = { 0 }, series[NTYPES] = { 0 }, svg_bytes[NTYPES] = { 0 };
	size_t md_len = 0, html_len = 0, rows = 0;
	const char *json = NULL, *db = NULL, *org = NULL;
	size_t mc_iter = 0;
	int32_t month;
	int runs = 9, argi = 1;
	char extra[160];

	memset(charts, 0, sizeof(charts));
	if (argi + 1 < argc && strcmp(argv[argi], "-n") == 0) {
		runs = atoi(argv[argi + 1]);
		argi += 2;
	}
	if (runs < 1 || runs > MAXRUNS)
		runs = 9;
	if (argi + 2 < argc && strcmp(argv[argi], "--json") == 0 && argi + 3 == argc) {
		json = argv[argi + 1];
	} else if (argi + 3 == argc) {
		db = argv[argi];
		org = argv[argi + 1];
	} else {
		fprintf(stderr, "usage: pmg-bench [-n N] DB ORG YYYY-MM\n"
				"       pmg-bench [-n N] --json FILE YYYY-MM\n");
		return 2;
	}
	if (month_parse(argv[argc - 1], &month) < 0) {
		fprintf(stderr, "pmg-bench: %s: not a month\n", argv[argc - 1]);
		return 2;
	}

	/* --- the dataset, as the report command reads it -------------------- */
	if (db && store_open(&st, db, &err) < 0)
		die("open", &err);
	for (int i = 0; i < 3; i++) {
		if (i)
			dataset_release(&ds);
		dataset_init(&ds);
		t_start(&load);
		if (json ? interchange_read_file(json, &ds, &err) :
			   cycle_dataset_as_at(st, org, month, &ds, &err))
			die("load", &err);
		t_stop(&load);
	}
	for (int k = 0; k < K__COUNT; k++)
		rows += dataset_count(&ds, k);
	snprintf(extra, sizeof(extra), "(%zu records, %zu milestones, %zu milestone forecasts, "
		 "%zu activities)", rows, dataset_count(&ds, K_MILESTONE),
		 dataset_count(&ds, K_MILESTONE_FORECAST), dataset_count(&ds, K_ACTIVITY));
	say("load the organisation", &load, extra);

	/* --- the pack, whole ------------------------------------------------ */
	for (int i = 0; i < runs; i++) {
		struct report rep;
		struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;

		t_start(&all);
		t_start(&pmg);
		if (report_pmg(&ds, month, "OFFICIAL", &rep, &err) < 0)
			die("report_pmg", &err);
		t_stop(&pmg);
		t_start(&md);
		if (report_render_md(&rep, &a) < 0)
			die("markdown", &err);
		t_stop(&md);
		t_start(&html);
		if (report_render_html(&rep, &b) < 0)
			die("html", &err);
		t_stop(&html);
		t_stop(&all);
		md_len = a.len;
		html_len = b.len;

		/* every chart of the pack, drawn alone, by type */
		for (const struct report_section *s = rep.sections; s; s = s->next) {
			for (const struct report_block *bl = s->blocks; bl; bl = bl->next) {
				struct strbuf svg = STRBUF_INIT, w = STRBUF_INIT;
				double w0, c0;
				unsigned ty;

				if (bl->type != RB_CHART)
					continue;
				ty = (unsigned)bl->chart->type;
				w0 = clock_ms(CLOCK_MONOTONIC);
				c0 = clock_ms(CLOCK_PROCESS_CPUTIME_ID);
				chart_render(bl->chart, CHART_SVG, bl->width, bl->height, &svg, &err);
				t_add(&charts[ty], i, clock_ms(CLOCK_MONOTONIC) - w0,
				      clock_ms(CLOCK_PROCESS_CPUTIME_ID) - c0);
				w0 = clock_ms(CLOCK_MONOTONIC);
				c0 = clock_ms(CLOCK_PROCESS_CPUTIME_ID);
				report_chart_words(bl, &w);
				t_add(&words, i, clock_ms(CLOCK_MONOTONIC) - w0,
				      clock_ms(CLOCK_PROCESS_CPUTIME_ID) - c0);
				if (i == 0) {
					nchart[ty]++;
					series[ty] += bl->chart->type == CHART_TIMELINE ?
						bl->chart->nitems : bl->chart->nseries;
					svg_bytes[ty] += svg.len;
				}
				strbuf_release(&svg);
				strbuf_release(&w);
			}
		}
		strbuf_release(&a);
		strbuf_release(&b);
		report_release(&rep);
	}

	/* --- the parts report_pmg() runs, alone ------------------------------- */
#ifdef NO_PMG_ITERATIONS
	mc_iter = 10000;
#else
	mc_iter = report_pmg_iterations(&ds);
#endif
	for (int i = 0; i < runs && dataset_count(&ds, K_ACTIVITY); i++) {
		struct mc_options opt = MC_OPTIONS_INIT;
		struct mc_dca_config cfg = MC_DCA_CONFIG_INIT;
		struct mc_dca_report r;

		opt.iterations = mc_iter;
		opt.seed = 42;
		opt.threads = 1;
		opt.sensitivity = 0;
		memset(&r, 0, sizeof(r));
		t_start(&mc);
		if (mc_dca_dataset(&ds, NULL, &opt, &cfg, judged_none, NULL, &r, &err) < 0)
			fprintf(stderr, "pmg-bench: the Monte Carlo run: %s\n", err.msg);
		t_stop(&mc);
		mc_dca_report_release(&r);
	}
	for (int i = 0; i < runs; i++) {
		struct paper pp;
		struct report rep;

		if (paper_init(&pp, &ds, "OFFICIAL", &rep, &err) < 0)
			die("paper", &err);
		t_start(&knock);
		paper_knock_on(&pp, report_section(&rep, 2, "1.4", "Knock-on"), month);
		t_stop(&knock);
		paper_release(&pp);
		report_release(&rep);
	}

	printf("runs: %d\n", runs);
	printf("the PMG pack, first run in the process: %.1f ms (CPU %.1f)\n", all.wall[0],
	       all.cpu[0]);
	snprintf(extra, sizeof(extra), "(%zu and %zu bytes)", md_len, html_len);
	say("the PMG pack, Markdown and HTML", &all, extra);
	say("  report_pmg() (the model)", &pmg, NULL);
	snprintf(extra, sizeof(extra), "(%zu iterations)", mc_iter);
	say("    of which the Monte Carlo run (section 3)", &mc,
	    dataset_count(&ds, K_ACTIVITY) ? extra : "(no network: not run)");
	say("    of which the knock-on section (1.4)", &knock, NULL);
	say("  report_render_md()", &md, NULL);
	say("  report_render_html()", &html, NULL);
	for (size_t ty = 0; ty < NTYPES; ty++) {
		char what[128];

		if (nchart[ty] == 0)
			continue;
		snprintf(what, sizeof(what), "    charts drawn alone: %zu %s", nchart[ty],
			 type_names[ty]);
		snprintf(extra, sizeof(extra), "(%zu series or items, %zu bytes of SVG)",
			 series[ty], svg_bytes[ty]);
		say(what, &charts[ty], extra);
	}
	say("    the charts in words (report_chart_words())", &words, NULL);
	dataset_release(&ds);
	if (st)
		store_close(st);
	return 0;
}
