/*
 * cmd-return.c - `folio return`: write a programme's pre-filled return
 * for a month, and record returns that come back (src/cycle/).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cycle-cli.h"
#include "core/date.h"
#include "core/error.h"
#include "core/strbuf.h"
#include "core/xmalloc.h"
#include "cycle/cycle.h"
#include "cycle/return-file.h"
#include "model/dataset.h"
#include "sched/impact.h"

static const char usage[] =
	"usage: folio [--db PATH] [--org CODE] return template PROGRAMME --period YYYY-MM\n"
	"                 [--out FILE] [--csv FILE]\n"
	"       folio [--db PATH] [--org CODE] return submit [--correction] [--csv FILE] FILE...\n"
	"\n"
	"template writes PROGRAMME's return for a month, pre-filled from the last\n"
	"published state: its ratings and narrative, milestones not yet achieved,\n"
	"open risks and issues, benefits and the year's finance line (the format is\n"
	"in docs/cycle.md). --csv also writes the milestone table as CSV.\n"
	"\n"
	"submit checks each FILE and records them all in one transaction: the\n"
	"return, milestone forecasts and actuals, risk and issue updates, benefit\n"
	"actuals and finance, every change audited under $FOLIO_USER (else\n"
	"cli:<login>). A fault is reported with its place in the file and nothing\n"
	"is written.\n"
	"\n"
	"  --period MONTH   the reporting month (template)\n"
	"  --out FILE       write the return to FILE instead of standard output\n"
	"  --csv FILE       template: also write the milestone table to FILE;\n"
	"                   submit: take the milestone rows from FILE (one FILE only)\n"
	"  --correction     the month is published: record the next version\n";

static int
return_template(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "period", required_argument, NULL, 'p' },
		{ "out", required_argument, NULL, 'o' },
		{ "csv", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct error err = ERROR_INIT;
	struct strbuf json = STRBUF_INIT, csv = STRBUF_INIT;
	struct dataset ds;
	const char *out = NULL, *csv_path = NULL, *period = NULL;
	int32_t month = 0;
	int c, ret = -1, loaded = 0;

	while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			period = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'c':
			csv_path = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			return cli_usage(cli, usage, NULL);
		}
	}
	if (optind + 1 != argc)
		return cli_usage(cli, usage, "return template takes one PROGRAMME");
	if (period == NULL)
		return cli_usage(cli, usage, "return template needs --period YYYY-MM");
	if (month_parse(period, &month) < 0)
		return cli_usage(cli, usage, "--period: '%s' is not a month (YYYY-MM or MM/YYYY)", period);
	if (cli_load(cli, &ds, &err) < 0)
		goto out;
	loaded = 1;
	if (cycle_return_template(&ds, argv[optind], month, &json,
				  csv_path ? &csv : NULL, &err) < 0)
		goto out;
	{
		/* both files or neither: a template without its CSV is no use */
		const struct cli_file files[] = {
			{ out, json.buf, json.len },
			{ csv_path, csv.buf, csv.len },
		};

		if (cli_write_files(cli, files, csv_path ? 2 : 1, &err) < 0)
			goto out;
	}
	if (out)
		fprintf(cli->out, "%s\n", out);
	if (csv_path)
		fprintf(cli->out, "%s\n", csv_path);
	ret = 0;
out:
	if (loaded)
		dataset_release(&ds);
	strbuf_release(&json);
	strbuf_release(&csv);
	return ret < 0 ? cli_fail(cli, &err) : 0;
}

/*
 * After returns are recorded: what their milestone forecast changes move
 * elsewhere in the schedule (sched/impact.h; docs/impact.md). The returns
 * are recorded whatever happens here, so a failure is only reported.
 */
static void
knock_on(struct cli *cli, const struct dataset *before)
{
	struct dataset after;
	struct impact_result res;
	struct error err = ERROR_INIT;
	char buf[1100];

	if (cli_load(cli, &after, &err) < 0) {
		fprintf(stderr, "folio: knock-on not traced: %s\n", error_text(&err, buf, sizeof(buf)));
		goto out;
	}
	if (dataset_count(&after, K_ACTIVITY) == 0)
		goto out;
	if (sched_impact_of_changes(before, &after, NULL, &res, &err) < 0) {
		fprintf(stderr, "folio: knock-on not traced: %s\n", error_text(&err, buf, sizeof(buf)));
	} else if (res.norigins || res.nchanges) {
		fputs("Knock-on of the forecast changes (folio schedule impact, docs/impact.md):\n", cli->out);
		for (size_t k = 0; k < res.nsentences; k++)
			fprintf(cli->out, "  %s\n", res.sentences[k]);
	}
	impact_result_release(&res);
out:
	dataset_release(&after);
}

static int
return_submit(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "correction", no_argument, NULL, 'r' },
		{ "csv", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct error err = ERROR_INIT;
	struct cycle_return *v = NULL, **pv = NULL;
	struct cycle_submit res = { 0 };
	struct dataset before;
	struct cycle_who who;
	struct cycle_ctx ctx;
	const char *csv_path = NULL;
	unsigned flags = 0;
	size_t n, nms = 0;
	int c, ret = -1, have_before = 0;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			flags |= CYCLE_CORRECTION;
			break;
		case 'c':
			csv_path = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			return cli_usage(cli, usage, NULL);
		}
	}
	if (optind >= argc)
		return cli_usage(cli, usage, "return submit needs a FILE");
	n = (size_t)(argc - optind);
	if (csv_path && n != 1)
		return cli_usage(cli, usage, "--csv goes with one return FILE");
	v = xcalloc(n, sizeof(*v));
	pv = xcalloc(n, sizeof(*pv));
	for (size_t i = 0; i < n; i++)
		cycle_return_init(&v[i]);
	for (size_t i = 0; i < n; i++) {
		pv[i] = &v[i];
		if (cycle_return_read_file(&v[i], argv[optind + (int)i], &err) < 0)
			goto out;
	}
	if (csv_path && cycle_return_read_csv_file(&v[0], csv_path, &err) < 0)
		goto out;
	cycle_cli_ctx(cli, &ctx, &who);
	for (size_t i = 0; i < n; i++)
		nms += v[i].nrows[RS_MILESTONES];
	/* the state before, to trace what the forecast changes move */
	if (nms) {
		have_before = 1;
		if (cli_load(cli, &before, &err) < 0)
			goto out;
	}
	if (cycle_returns_submit(&ctx, pv, n, flags, &res, &err) < 0)
		goto out;
	for (size_t i = 0; i < res.n; i++) {
		char mb[16];

		fprintf(cli->out, "Recorded %s's return for %s (version %lld%s): %zu record%s written.\n",
			res.v[i].programme, month_format(v[i].ret->period, mb),
			(long long)res.v[i].version,
			res.v[i].version > 1 ? ", a correction" : "",
			res.v[i].changes, res.v[i].changes == 1 ? "" : "s");
		if (!res.v[i].current)
			fprintf(cli->out, "  %s has reported a later month, so its milestones, risks, issues\n"
				"  and finance keep their present values; only %s's own records changed.\n",
				res.v[i].programme, mb);
	}
	if (res.period_submitted)
		fprintf(cli->out, "Every programme due to report has returned: the period is now submitted.\n");
	if (have_before)
		knock_on(cli, &before);
	ret = 0;
out:
	if (have_before)
		dataset_release(&before);
	cycle_submit_release(&res);
	for (size_t i = 0; i < n; i++)
		cycle_return_release(&v[i]);
	free(v);
	free(pv);
	return ret < 0 ? cli_fail(cli, &err) : 0;
}

int
cmd_return(struct cli *cli, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage(cli, usage, "return needs template or submit");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(usage, stdout);
		return 0;
	}
	/* argv[0] is what getopt's messages name */
	if (strcmp(argv[1], "template") == 0) {
		argv[1] = (char *)"folio return template";
		return return_template(cli, argc - 1, argv + 1);
	}
	if (strcmp(argv[1], "submit") == 0) {
		argv[1] = (char *)"folio return submit";
		return return_submit(cli, argc - 1, argv + 1);
	}
	return cli_usage(cli, usage, "'%s' is not a return command (template, submit)", argv[1]);
}
