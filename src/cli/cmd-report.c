/*
 * cmd-report.c - `folio report PAPER`: write a board paper from the data.
 *
 * Every paper is written from the organisation as it stood for its
 * month (cycle_dataset_as_at()): a published month from the snapshot
 * frozen when it was published, so its papers come out byte for byte the
 * same whatever has changed since; any other month from the live data.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cycle-cli.h"
#include "core/date.h"
#include "core/error.h"
#include "core/strbuf.h"
#include "model/dataset.h"
#include "model/schema.h"
#include "mod/mod.h"
#include "cycle/cycle.h"
#include "report/report.h"

static const char usage[] =
	"usage: folio [--db PATH] [--org CODE] report oversight|pmg|pib\n"
	"                 [--period YYYY-MM] [--format md|html|pdf]\n"
	"                 [--clearance MARKING] [--out FILE] [--compare-with DATE]\n"
	"\n"
	"Write a board paper as the data stood for a reporting month:\n"
	"  oversight   the quarterly Oversight Board paper, as at the month's end\n"
	"  pmg         the monthly pack for the Portfolio Management Group\n"
	"  pib         the exception report to the Portfolio Investment Board\n"
	"A published month is written from the snapshot frozen at publication.\n"
	"\n"
	"  --period MONTH     the reporting month (YYYY-MM or MM/YYYY; --as-at is the\n"
	"                     same; default: the latest published period); one of\n"
	"                     the organisation's periods, if it keeps any\n"
	"  --format F         md (Markdown, the default), html (a standalone page)\n"
	"                     or pdf (A4, for printing; needs --out or a redirect)\n"
	"  --clearance M      leave out records marked above M: OFFICIAL (default)\n"
	"                     or OFFICIAL-SENSITIVE; the paper carries the highest\n"
	"                     marking of what it includes\n"
	"  --out FILE         write to FILE instead of standard output\n"
	"  --compare-with D   oversight: compare delivery confidence with the day D\n"
	"                     (YYYY-MM-DD; YYYY-MM is the month's last day), or with\n"
	"                     the latest assessment round on or before it, instead\n"
	"                     of the previous quarter end (or previous round)\n";

/* The papers folio writes; all are built alike (report/report.h). */
static const struct {
	const char *name;
	int (*build)(const struct dataset *ds, int32_t month, const char *clearance,
		     struct report *out, struct error *err);
} papers[] = {
	{ "oversight", report_oversight },
	{ "pmg", report_pmg },
	{ "pib", report_pib },
};

/* The latest published period, or the latest period of any state. */
static int32_t
default_as_at(const struct dataset *ds)
{
	int32_t best = 0, any = 0;

	DS_FOREACH(ds, K_PERIOD, struct period, p) {
		if (p->month > any)
			any = p->month;
		if (strcmp(p->state, "published") == 0 && p->month > best)
			best = p->month;
	}
	return best ? best : any;
}

int
cmd_report(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "as-at", required_argument, NULL, 'a' },
		{ "period", required_argument, NULL, 'a' },
		{ "format", required_argument, NULL, 'f' },
		{ "clearance", required_argument, NULL, 'c' },
		{ "out", required_argument, NULL, 'o' },
		{ "compare-with", required_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct error err = ERROR_INIT;
	struct strbuf out = STRBUF_INIT;
	struct dataset ds;
	struct report rep;
	const char *format = "md", *path = NULL, *clearance = "OFFICIAL";
	const char *as_at_text = NULL, *compare_text = NULL;
	int32_t as_at = 0, compare = 0;
	int c, ret = -1, built = 0, paper = -1;

	while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			as_at_text = optarg;
			break;
		case 'f':
			format = optarg;
			break;
		case 'c':
			clearance = optarg;
			break;
		case 'o':
			path = optarg;
			break;
		case 'w':
			compare_text = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			return cli_usage(cli, usage, NULL);
		}
	}
	if (optind + 1 != argc)
		return cli_usage(cli, usage, "report needs the name of a paper (oversight, pmg or pib)");
	for (size_t i = 0; i < sizeof(papers) / sizeof(papers[0]); i++)
		if (strcmp(argv[optind], papers[i].name) == 0)
			paper = (int)i;
	if (paper < 0)
		return cli_usage(cli, usage, "'%s' is not a paper folio writes", argv[optind]);
	if (strcmp(format, "md") != 0 && strcmp(format, "html") != 0 &&
	    strcmp(format, "pdf") != 0)
		return cli_usage(cli, usage, "--format is md, html or pdf, not '%s'", format);
	/* A PDF is binary: never pour it onto a terminal. */
	if (strcmp(format, "pdf") == 0 && (path == NULL || strcmp(path, "-") == 0) &&
	    isatty(fileno(cli->out)))
		return cli_usage(cli, usage, "a PDF is binary: give --out FILE, or redirect standard output to a file");
	if (enum_index(marking_values, clearance) < 0)
		return cli_usage(cli, usage, "--clearance is OFFICIAL or OFFICIAL-SENSITIVE, not '%s'",
				 clearance);
	if (as_at_text && month_parse(as_at_text, &as_at) < 0)
		return cli_usage(cli, usage, "--period: '%s' is not a month (YYYY-MM or MM/YYYY)", as_at_text);
	/* A day, or a month meaning its last day (the end of a quarter). */
	if (compare_text && date_parse(compare_text, &compare) < 0) {
		int32_t m;

		if (month_parse(compare_text, &m) < 0)
			return cli_usage(cli, usage, "--compare-with: '%s' is not a date (YYYY-MM-DD or DD/MM/YYYY) or a month (YYYY-MM)",
					 compare_text);
		compare = month_last_day(m);
	}
	if (compare && strcmp(papers[paper].name, "oversight") != 0)
		return cli_usage(cli, usage, "--compare-with is for the oversight paper");

	dataset_init(&ds);
	if (as_at == 0) {
		if (cli_load(cli, &ds, &err) < 0)
			goto out;
		as_at = default_as_at(&ds);
		dataset_release(&ds);
		dataset_init(&ds);
		if (as_at == 0) {
			error_set(&err, ERR_INPUT, "%s has no reporting periods: give --period", cli->org);
			goto out;
		}
	}
	/* A published month as it was published: its frozen snapshot. */
	if (cycle_dataset_as_at(cli->st, cli->org, as_at, &ds, &err) < 0)
		goto out;
	if (cycle_cli_check_period(&ds, cli->org, as_at, &err) < 0)
		goto out;
	if (compare ? report_oversight_compare(&ds, as_at, compare, clearance, &rep, &err) < 0
		    : papers[paper].build(&ds, as_at, clearance, &rep, &err) < 0)
		goto out;
	built = 1;
	if (strcmp(format, "pdf") == 0) {
		if (report_render_pdf(&rep, &out, &err) < 0)
			goto out;
	} else if (strcmp(format, "html") == 0) {
		/* its charts are drawn by the render module: say so if it is
		   missing, rather than as charts that could not be drawn */
		if (mod_render_ready(&err) < 0)
			goto out;
		if (report_render_html(&rep, &out) < 0) {
			error_set(&err, ERR_IO, "the paper could not be written as HTML "
				  "(a chart could not be drawn, or the page reached its size limit)");
			goto out;
		}
	} else if (report_render_md(&rep, &out) < 0) {
		error_set(&err, ERR_IO, "the paper could not be written as Markdown "
			  "(it reached its size limit)");
		goto out;
	}
	if (cli_write_out(cli, path, out.buf, out.len, &err) < 0)
		goto out;
	if (path)
		fprintf(cli->out, "%s\n", path);
	ret = 0;
out:
	if (built)
		report_release(&rep);
	dataset_release(&ds);
	strbuf_release(&out);
	return ret < 0 ? cli_fail(cli, &err) : 0;
}
