/*
 * cmd-impact.c - `folio schedule impact MILESTONE --slip 30d`: the
 * knock-on of one milestone slipping, from the organisation's schedule in
 * the database: what moves in other programmes and by how much, what
 * float takes up, which time tolerances break, and which benefits and
 * risks hang on what moved (sched/impact.h), as a report or JSON.
 */
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/table.h"
#include "core/date.h"
#include "core/error.h"
#include "core/strbuf.h"
#include "core/xmalloc.h"
#include "model/dataset.h"
#include "model/schema.h"
#include "sched/calendar.h"
#include "sched/impact.h"
#include "sched/input.h"
#include "sched/network.h"
#include "store/store.h"

static const char usage[] =
	"usage: folio schedule impact MILESTONE --slip N[d|w|wd] [--as-at YYYY-MM]\n"
	"                             [--format table|json] [--calendar NAME] [--out FILE]\n"
	"\n"
	"Knock-on impact: delay MILESTONE (a milestone code, or an activity code) and\n"
	"say which milestones in other programmes move and by how much, how much\n"
	"float takes up on the way, which moved milestones are then outside their\n"
	"programme's time tolerance, and which benefits and risks are tied to what\n"
	"moved. The schedule is the organisation's activities and dependencies in\n"
	"the database (--db, --org); see docs/impact.md for the rules.\n"
	"\n"
	"  --slip N         how far: 30d or 30 (calendar days), 4w (weeks), or 20wd\n"
	"                   (working days of the milestone's calendar)\n"
	"  --as-at YYYY-MM  month for the baseline in force, forecasts and\n"
	"                   tolerances (default: the latest published period)\n"
	"  --format F       table (default: a report) or json\n"
	"  --calendar NAME  project calendar (default england-and-wales)\n"
	"  --out FILE       write there instead of standard output\n"
	"\n"
	"Exit status: 0 done, 1 a user error (unknown milestone, one already\n"
	"achieved, no schedule), 2 a usage error.\n"
	"\n"
	"Examples:\n"
	"  folio schedule impact SW-M1 --slip 30d\n"
	"  folio schedule impact EST-M4 --slip 20wd --format json\n";

enum format { FMT_TABLE, FMT_JSON };

/* Text for the terminal: control characters become spaces. */
static void
clean(struct strbuf *sb, const char *s)
{
	for (; s && *s; s++)
		strbuf_addch(sb, (unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s);
}

static void
cell(struct text_table *t, const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_init(&sb, 32);
	clean(&sb, s);
	text_table_add(t, sb.buf);
	strbuf_release(&sb);
}

static void
cellf(struct text_table *t, const char *fmt, double v)
{
	char buf[64];

	snprintf(buf, sizeof(buf), fmt, v);
	text_table_add(t, buf);
}

static void
cell_date(struct text_table *t, int32_t d)
{
	char buf[16];

	text_table_add(t, d ? date_format(d, buf) : "");
}

static void
cell_days(struct text_table *t, double v)
{
	char buf[32];
	size_t l;

	snprintf(buf, sizeof(buf), "%.2f", v);
	l = strlen(buf);
	while (buf[l - 1] == '0')
		buf[--l] = '\0';
	if (buf[l - 1] == '.')
		buf[--l] = '\0';
	text_table_add(t, buf);
}

/* A paragraph wrapped at 78 columns. */
static void
para(FILE *f, const char *indent, const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p;
	size_t col = 0;

	strbuf_init(&sb, 256);
	clean(&sb, s);
	p = sb.buf;
	fputs(indent, f);
	col = strlen(indent);
	while (*p) {
		size_t w = strcspn(p, " ");

		if (col > strlen(indent) && col + 1 + w > 78) {
			fprintf(f, "\n%*s", (int)strlen(indent), "");
			col = strlen(indent);
		} else if (col > strlen(indent)) {
			fputc(' ', f);
			col++;
		}
		fwrite(p, 1, w, f);
		col += w;
		p += w;
		while (*p == ' ')
			p++;
	}
	fputc('\n', f);
	strbuf_release(&sb);
}

static void
render_table(FILE *f, const struct impact_result *r)
{
	struct text_table t;
	char mb[32];

	para(f, "", r->headline);
	fprintf(f, "\nAs at %s (baseline in force, forecasts and tolerances).\n",
		month_format_long(r->month, mb));

	fputs("\nDelay put in\n\n", f);
	text_table_init(&t, 7);
	{
		const char *hdr[] = { "milestone", "programme", "activity", "finish before",
				      "after", "days", "working days" };

		for (size_t k = 0; k < 7; k++)
			text_table_add(&t, hdr[k]);
	}
	for (size_t k = 0; k < r->norigins; k++) {
		const struct impact_origin *o = &r->origins[k];

		cell(&t, o->milestone ? o->milestone : "");
		cell(&t, o->programme);
		cell(&t, o->activity);
		cell_date(&t, o->date_before);
		cell_date(&t, o->date_after);
		cellf(&t, "%.0f", o->days);
		cell_days(&t, o->working_days);
	}
	text_table_print(&t, f, 40);
	text_table_release(&t);

	fputs("\nMilestones that move, by programme\n\n", f);
	if (r->nms == 0) {
		fputs("  none\n", f);
	} else {
		const char *hdr[] = { "programme", "milestone", "key", "schedule before", "after",
				      "days", "baseline", "forecast", "new forecast", "slip",
				      "tolerance", "before", "after" };

		text_table_init(&t, 13);
		for (size_t k = 0; k < 13; k++)
			text_table_add(&t, hdr[k]);
		for (size_t k = 0; k < r->nms; k++) {
			const struct impact_milestone *m = &r->ms[k];
			char buf[64];

			cell(&t, m->programme);
			snprintf(buf, sizeof(buf), "%s%s", m->code, m->origin ? " (slipped)" : "");
			cell(&t, buf);
			text_table_add(&t, m->key ? "yes" : "");
			cell_date(&t, m->sched_before);
			cell_date(&t, m->sched_after);
			cellf(&t, "%.0f", m->days);
			cell_date(&t, m->measurable ? m->baseline : 0);
			cell_date(&t, m->forecast_before);
			cell_date(&t, m->forecast_after);
			if (m->measurable && !m->achieved)
				cellf(&t, "%.0f", m->slip_after);
			else
				text_table_add(&t, "");
			if (isnan(m->threshold))
				text_table_add(&t, "");
			else
				cellf(&t, "%g", m->threshold);
			text_table_add(&t, m->tol_before ? impact_tol_name(m->tol_before) : "");
			text_table_add(&t, m->tol_after ? impact_tol_name(m->tol_after) : "");
		}
		text_table_print(&t, f, 40);
		text_table_release(&t);
	}

	fputs("\nActivities the delay reaches (working days)\n\n", f);
	{
		const char *hdr[] = { "activity", "programme", "milestone", "finish before",
				      "after", "days", "moved", "reached", "absorbed",
				      "float before", "float after" };

		text_table_init(&t, 11);
		for (size_t k = 0; k < 11; k++)
			text_table_add(&t, hdr[k]);
	}
	for (size_t k = 0; k < r->nacts; k++) {
		const struct impact_activity *a = &r->acts[k];

		cell(&t, a->id);
		cell(&t, a->programme);
		cell(&t, a->milestone ? a->milestone : "");
		cell_date(&t, a->date_before);
		cell_date(&t, a->date_after);
		cellf(&t, "%.0f", a->days);
		cell_days(&t, a->working_days);
		cell_days(&t, a->pushed_days);
		cell_days(&t, a->absorbed_days);
		cell_days(&t, a->float_before);
		cell_days(&t, a->float_after);
	}
	text_table_print(&t, f, 40);
	text_table_release(&t);

	fputs("\nBenefits\n\n", f);
	if (r->nbenefits == 0)
		fputs("  none tied to what moves\n", f);
	for (size_t k = 0; k < r->nbenefits; k++)
		para(f, "  ", r->benefits[k].sentence);

	fputs("\nRisks\n\n", f);
	if (r->nrisks == 0)
		fputs("  none tied to what moves\n", f);
	for (size_t k = 0; k < r->nrisks; k++)
		para(f, "  ", r->risks[k].sentence);

	fputs("\nIn words\n\n", f);
	for (size_t k = 1; k < r->nsentences; k++)
		para(f, "- ", r->sentences[k]);
}

static int
render_json(struct strbuf *sb, const struct impact_result *r)
{
	json_t *root = impact_json(r);
	char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));

	json_decref(root);
	if (text == NULL)
		return -1;
	strbuf_addstr(sb, text);
	strbuf_addch(sb, '\n');
	free(text);
	return 0;
}

int
cmd_schedule_impact(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "slip", required_argument, NULL, 's' },
		{ "as-at", required_argument, NULL, 'a' },
		{ "format", required_argument, NULL, 'f' },
		{ "calendar", required_argument, NULL, 'c' },
		{ "out", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct sched_input_options sopt = SCHED_INPUT_OPTIONS_INIT;
	struct impact_options opt = IMPACT_OPTIONS_INIT;
	struct impact_slip slip = { 0, IMPACT_CALENDAR_DAYS };
	struct impact_result res;
	struct error err = ERROR_INIT;
	struct strbuf sb = STRBUF_INIT;
	struct dataset ds;
	enum format fmt = FMT_TABLE;
	const char *out = NULL, *code;
	int c, rc = 1, have_ds = 0, have_res = 0, have_slip = 0;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			if (impact_slip_parse(optarg, &slip, &err) < 0)
				return cli_usage(cli, usage, "schedule impact: %s", err.msg);
			have_slip = 1;
			break;
		case 'a':
			if (month_parse(optarg, &opt.month) < 0)
				return cli_usage(cli, usage, "schedule impact: --as-at %s is not a month (YYYY-MM or MM/YYYY)",
						 optarg);
			break;
		case 'f':
			if (strcmp(optarg, "table") == 0)
				fmt = FMT_TABLE;
			else if (strcmp(optarg, "json") == 0)
				fmt = FMT_JSON;
			else
				return cli_usage(cli, usage, "schedule impact: unknown format %s", optarg);
			break;
		case 'c':
			sopt.calendar = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'h':
			fputs(usage, cli->out);
			return 0;
		case ':':
			return cli_usage(cli, usage, "schedule impact: %s needs a value", argv[optind - 1]);
		default:
			return cli_usage(cli, usage, "schedule impact: unknown option %s", argv[optind - 1]);
		}
	}
	if (argc - optind != 1)
		return cli_usage(cli, usage, "schedule impact: name one MILESTONE");
	if (!have_slip)
		return cli_usage(cli, usage, "schedule impact: say how far with --slip (e.g. 30d)");
	code = argv[optind];
	opt.sched = &sopt;

	if (cli_load_org(cli, &ds, &err) < 0) {
		/* no --org among several: a usage error, as for other commands */
		if (err.code == ERR_USAGE) {
			cli_fail(cli, &err);
			rc = 2;
			goto done;
		}
		goto fail;
	}
	have_ds = 1;
	have_res = 1;
	if (sched_impact(&ds, code, slip, &opt, &res, &err) < 0)
		goto fail;
	strbuf_init(&sb, 8192);
	if (fmt == FMT_JSON) {
		if (render_json(&sb, &res) < 0) {
			error_set(&err, ERR_INTERNAL, "cannot write JSON");
			goto fail;
		}
	} else {
		char *buf = NULL;
		size_t len = 0;
		FILE *mf = open_memstream(&buf, &len);

		if (mf == NULL) {
			error_set(&err, ERR_INTERNAL, "out of memory");
			goto fail;
		}
		render_table(mf, &res);
		fclose(mf);
		strbuf_add(&sb, buf, len);
		free(buf);
	}
	if (cli_write_out(cli, out, sb.buf, sb.len, &err) < 0)
		goto fail;
	rc = 0;
	goto done;
fail:
	rc = cli_fail(cli, &err);
done:
	strbuf_release(&sb);
	if (have_res)
		impact_result_release(&res);
	if (have_ds)
		dataset_release(&ds);
	return rc;
}
