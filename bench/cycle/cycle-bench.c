/*
 * cycle-bench.c - one month of the reporting cycle for one organisation of
 * a big store, timed step by step (bench/cycle/run builds and runs it).
 *
 *	cycle-bench DB ORG MONTH
 *
 * Opens MONTH, writes every programme's return from its template, changes
 * what a month changes (a tenth of the milestones forecast a fortnight
 * later, a twentieth achieved, a fifth of the risks re-scored, benefit
 * actuals, spend), submits the lot in one transaction, reviews, evaluates
 * the tolerances, publishes (snapshot included), reads the month back as
 * published, writes the PMG pack (or, built without it, the oversight
 * paper), and verifies the whole audit log. Prints one line per step:
 * "step: N ms" (and what it did), nothing else on stdout.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "assess/tolerance.h"
#include "core/date.h"
#include "core/error.h"
#include "core/strbuf.h"
#include "cycle/cycle.h"
#include "cycle/return-file.h"
#include "model/dataset.h"
#include "model/schema.h"
#include "report/report.h"
#include "store/store.h"

static double
now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/*
 * CPU time of this process: on a shared machine the wall clock also counts
 * other people's work, so both are printed.
 */
static double
cpu_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static double c0;

static void
start(double *t0)
{
	*t0 = now_ms();
	c0 = cpu_ms();
}

/* "12.3 ms, CPU 11.9 ms" since start() */
static const char *
took(double t0)
{
	static char buf[64];

	snprintf(buf, sizeof(buf), "%.1f ms, CPU %.1f ms", now_ms() - t0, cpu_ms() - c0);
	return buf;
}

static void
die(const char *what, const struct error *err)
{
	fprintf(stderr, "cycle-bench: %s: %s%s%s\n", what, err->where,
		err->where[0] ? ": " : "", err->msg);
	exit(1);
}

static int
field_bit(enum kind k, const char *name)
{
	const struct entity *e = entity_of(k);

	for (size_t i = 0; i < e->nfields; i++)
		if (strcmp(e->fields[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* What a month changes, in the return as read from its template. */
static void
edit_return(struct cycle_return *r, int32_t month)
{
	int32_t end = month_last_day(month);
	int fd = field_bit(K_MILESTONE, "forecast_date");
	int ad = field_bit(K_MILESTONE, "actual_date");

	r->ret->headline = "A month of steady progress";
	r->ret->spend_to_date = 1234567;
	r->ret_given |= (uint64_t)1 << field_bit(K_RETURN, "headline");
	r->ret_given |= (uint64_t)1 << field_bit(K_RETURN, "spend_to_date");
	for (size_t i = 0; i < r->nrows[RS_MILESTONES]; i++) {
		struct return_row *row = &r->rows[RS_MILESTONES][i];
		struct milestone *m = row->rec;

		if (m->actual_date)
			continue;
		if (i % 10 == 3) {
			m->forecast_date += 14;
			row->given |= (uint64_t)1 << fd;
		} else if (i % 20 == 7 && m->forecast_date && m->forecast_date <= end + 31) {
			m->actual_date = end - 2;
			row->given |= (uint64_t)1 << ad;
		}
	}
	for (size_t i = 0; i < r->nrows[RS_RISKS]; i += 5) {
		struct risk *k = r->rows[RS_RISKS][i].rec;

		k->current_likelihood = k->current_likelihood < 5 ?
			k->current_likelihood + 1 : 4;
	}
	for (size_t i = 0; i < r->nrows[RS_BENEFITS]; i++) {
		struct benefit_value *v = r->rows[RS_BENEFITS][i].rec;

		v->actual = (v->planned == v->planned ? v->planned : 1000) * 0.95;
	}
}

static int
count_entry(const struct audit_entry *e, void *ctx)
{
	(void)e;
	(*(int64_t *)ctx)++;
	return 0;
}

int
main(int argc, char **argv)
{
	struct error err = ERROR_INIT;
	struct store *st = NULL;
	struct cycle_ctx c;
	struct dataset ds;
	struct cycle_return *rv;
	struct cycle_return **pv;
	struct cycle_submit sub;
	struct cycle_publish pub;
	struct assess_result res;
	struct cycle_verify ver;
	struct report rep;
	struct strbuf *tmpl, md = STRBUF_INIT, html = STRBUF_INIT;
	size_t n = 0, rows = 0, changes = 0, bytes = 0;
	int32_t month;
	double t0, cpu;
	int64_t entries = 0;

	if (argc != 4 || month_parse(argv[3], &month) < 0) {
		fprintf(stderr, "usage: cycle-bench DB ORG YYYY-MM\n");
		return 2;
	}
	if (store_open(&st, argv[1], &err) < 0)
		die("open", &err);
	c.st = st;
	c.org = argv[2];
	c.actor = "bench";
	c.now = "2021-05-07T10:00:00Z";

	if (cycle_period_open(&c, month, &err) < 0)
		die("period open", &err);

	start(&t0);
	dataset_init(&ds);
	if (store_load(st, c.org, &ds, &err) < 0)
		die("load", &err);
	for (int k = 0; k < K__COUNT; k++)
		rows += dataset_count(&ds, k);
	printf("load the organisation: %s (%zu records)\n", took(t0), rows);

	start(&t0);
	tmpl = calloc(dataset_count(&ds, K_PROGRAMME), sizeof(*tmpl));
	rv = calloc(dataset_count(&ds, K_PROGRAMME), sizeof(*rv));
	pv = calloc(dataset_count(&ds, K_PROGRAMME), sizeof(*pv));
	DS_FOREACH(&ds, K_PROGRAMME, const struct programme, p) {
		if (!cycle_programme_reports(&ds, p->code, month))
			continue;
		strbuf_init(&tmpl[n], 0);
		if (cycle_return_template(&ds, p->code, month, &tmpl[n], NULL, &err) < 0)
			die("template", &err);
		bytes += tmpl[n].len;
		n++;
	}
	printf("write the return templates: %s (%zu returns, %zu bytes)\n", took(t0),
	       n, bytes);

	start(&t0);
	for (size_t i = 0; i < n; i++) {
		cycle_return_init(&rv[i]);
		pv[i] = &rv[i];
		if (cycle_return_read(&rv[i], tmpl[i].buf, tmpl[i].len, "return.json",
				      &err) < 0)
			die("read", &err);
	}
	printf("read the returns back: %s\n", took(t0));
	for (size_t i = 0; i < n; i++)
		edit_return(&rv[i], month);
	dataset_release(&ds);

	start(&t0);
	if (cycle_returns_submit(&c, pv, n, 0, &sub, &err) < 0)
		die("submit", &err);
	for (size_t i = 0; i < sub.n; i++)
		changes += sub.v[i].changes;
	printf("submit a month of returns: %s (%zu returns in one transaction, %zu records written%s)\n",
	       took(t0), sub.n, changes,
	       sub.period_submitted ? "; the period is submitted" : "");
	cycle_submit_release(&sub);

	start(&t0);
	if (cycle_period_review(&c, month, 0, NULL, &err) < 0)
		die("review", &err);
	printf("review: %s\n", took(t0));

	start(&t0);
	dataset_init(&ds);
	if (store_load(st, c.org, &ds, &err) < 0)
		die("load", &err);
	printf("load the organisation again: %s\n", took(t0));
	start(&t0);
	if (assess_tolerances(&ds, month, &res, &err) < 0)
		die("tolerances", &err);
	assess_exceptions_from_findings(&ds, &res);
	printf("evaluate its tolerances: %s (%zu findings, %zu exceptions proposed)\n",
	       took(t0), res.nfindings, res.nexceptions);
	assess_result_release(&res);
	dataset_release(&ds);

	start(&t0);
	if (cycle_period_publish(&c, month, 0, &pub, &err) < 0)
		die("publish", &err);
	printf("publish (tolerances, exceptions, snapshot): %s (revision %d, %zu bytes, %zu exceptions)\n",
	       took(t0), pub.revision, pub.bytes, pub.exceptions);

	start(&t0);
	if (cycle_dataset_as_at(st, c.org, month, &ds, &err) < 0)
		die("as at", &err);
	printf("read the month back as published (the snapshot): %s\n", took(t0));

	start(&t0);
#ifdef HAVE_PMG
	if (report_pmg(&ds, month, "OFFICIAL", &rep, &err) < 0)
		die("pmg", &err);
	report_render_md(&rep, &md);
	report_render_html(&rep, &html);
	printf("write its PMG pack (Markdown and HTML): %s (%zu and %zu bytes)\n",
	       took(t0), md.len, html.len);
#else
	if (report_oversight(&ds, month, "OFFICIAL", &rep, &err) < 0)
		die("oversight", &err);
	report_render_md(&rep, &md);
	report_render_html(&rep, &html);
	printf("write its oversight paper, Markdown and HTML (no PMG pack in this build): %s (%zu and %zu bytes)\n",
	       took(t0), md.len, html.len);
#endif
	report_release(&rep);
	dataset_release(&ds);

	start(&t0);
	if (cycle_audit_verify(st, &ver, &err) < 0)
		die("verify", &err);
	cpu = cpu_ms() - c0;
	if (ver.bad_seq)
		fprintf(stderr, "cycle-bench: audit entry %" PRId64 ": %s\n", ver.bad_seq,
			ver.why);
	printf("verify the whole audit chain: %s (%" PRId64 " entries: %.0f a second, %.0f a CPU second)\n",
	       took(t0), ver.entries, (double)ver.entries / ((now_ms() - t0) / 1e3),
	       (double)ver.entries / (cpu / 1e3));
	start(&t0);
	if (store_audit_each(st, 1, count_entry, &entries, &err) < 0)
		die("audit each", &err);
	cpu = cpu_ms() - c0;
	printf("read the audit log without checking it: %s (%.0f entries a second)\n",
	       took(t0), (double)entries / ((now_ms() - t0) / 1e3));

	for (size_t i = 0; i < n; i++) {
		cycle_return_release(&rv[i]);
		strbuf_release(&tmpl[i]);
	}
	free(rv);
	free(pv);
	free(tmpl);
	strbuf_release(&md);
	strbuf_release(&html);
	store_close(st);
	return ver.bad_seq ? 1 : 0;
}
