/*
 * cmd-period.c - `folio period`: open a month for returns, see where it
 * stands, review it and publish it (src/cycle/).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cycle-cli.h"
#include "cli/table.h"
#include "core/date.h"
#include "core/error.h"
#include "cycle/cycle.h"
#include "model/dataset.h"
#include "store/store.h"

static const char usage[] =
	"usage: folio [--db PATH] [--org CODE] period open MONTH\n"
	"       folio [--db PATH] [--org CODE] period status MONTH\n"
	"       folio [--db PATH] [--org CODE] period review MONTH [--allow-missing]\n"
	"       folio [--db PATH] [--org CODE] period publish MONTH [--allow-missing]\n"
	"       folio [--db PATH] [--org CODE] period list\n"
	"\n"
	"A reporting period (a month, YYYY-MM) moves open -> submitted -> reviewed\n"
	"-> published. It becomes submitted when every active programme has sent\n"
	"its return. Review marks the returns reviewed. Publishing measures every\n"
	"tolerance, raises the exceptions it finds, marks the returns published and\n"
	"freezes the organisation as it stands: reports as at that month are then\n"
	"written from the frozen copy. After a correction (return submit\n"
	"--correction), publishing again makes the next revision.\n"
	"\n"
	"  --allow-missing   review or publish although some returns are missing\n";

static int
parse_month(struct cli *cli, const char *s, int32_t *month)
{
	if (month_parse(s, month) < 0)
		return cli_usage(cli, usage, "'%s' is not a month (YYYY-MM or MM/YYYY)", s);
	return 0;
}

static int
period_status(struct cli *cli, int32_t month)
{
	struct error err = ERROR_INIT;
	struct text_table t;
	struct cycle_status s;
	struct dataset ds;
	char mb[16], vb[16];
	int rev = 0;

	int32_t *months = NULL;
	int *revs = NULL;
	size_t n = 0;

	/* the live state of the period, and its latest frozen revision */
	if (cli_load(cli, &ds, &err) < 0 ||
	    store_snapshot_list(cli->st, cli->org, &months, &revs, &n, &err) < 0) {
		dataset_release(&ds);
		return cli_fail(cli, &err);
	}
	for (size_t i = 0; i < n; i++)
		if (months[i] == month)
			rev = revs[i];
	free(months);
	free(revs);
	cycle_status_build(&ds, month, &s);
	month_format(month, mb);
	if (s.state == NULL) {
		fprintf(cli->out, "%s: no reporting period opened.\n", mb);
	} else {
		fprintf(cli->out, "%s: %s; %zu of %zu return%s in", mb, s.state,
			s.n - s.missing, s.n, s.n == 1 ? "" : "s");
		if (s.missing)
			fprintf(cli->out, ", %zu missing", s.missing);
		if (s.pending && strcmp(s.state, "published") == 0)
			fprintf(cli->out, ", %zu correction%s waiting to be published",
				s.pending, s.pending == 1 ? "" : "s");
		if (rev)
			fprintf(cli->out, "; snapshot revision %d", rev);
		fputs(".\n", cli->out);
	}
	text_table_init(&t, 5);
	text_table_add(&t, "programme");
	text_table_add(&t, "version");
	text_table_add(&t, "status");
	text_table_add(&t, "dca");
	text_table_add(&t, "note");
	for (size_t i = 0; i < s.n; i++) {
		const struct cycle_due *d = &s.v[i];

		snprintf(vb, sizeof(vb), "%lld", (long long)d->version);
		text_table_add(&t, d->programme);
		text_table_add(&t, d->version ? vb : "");
		text_table_add(&t, d->status ? d->status : "missing");
		text_table_add(&t, d->dca ? d->dca : "");
		text_table_add(&t, d->corrected ? "corrected" : "");
	}
	if (s.n)
		text_table_print(&t, cli->out, 40);
	text_table_release(&t);
	cycle_status_release(&s);
	dataset_release(&ds);
	return 0;
}

static int
period_list(struct cli *cli)
{
	struct error err = ERROR_INIT;
	struct text_table t;
	struct dataset ds;
	int32_t *months = NULL;
	int *revs = NULL;
	size_t n = 0;
	char mb[16], rb[16];

	if (cli_load(cli, &ds, &err) < 0 ||
	    store_snapshot_list(cli->st, cli->org, &months, &revs, &n, &err) < 0) {
		dataset_release(&ds);
		return cli_fail(cli, &err);
	}
	text_table_init(&t, 5);
	text_table_add(&t, "month");
	text_table_add(&t, "state");
	text_table_add(&t, "published_by");
	text_table_add(&t, "published_at");
	text_table_add(&t, "snapshot");
	DS_FOREACH(&ds, K_PERIOD, const struct period, p) {
		int rev = 0;

		for (size_t i = 0; i < n; i++)
			if (months[i] == p->month)
				rev = revs[i];
		snprintf(rb, sizeof(rb), "revision %d", rev);
		text_table_add(&t, month_format(p->month, mb));
		text_table_add(&t, p->state);
		text_table_add(&t, p->published_by ? p->published_by : "");
		text_table_add(&t, p->published_at ? p->published_at : "");
		text_table_add(&t, rev ? rb : "");
	}
	text_table_print(&t, cli->out, 40);
	text_table_release(&t);
	free(months);
	free(revs);
	dataset_release(&ds);
	return 0;
}

int
cmd_period(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "allow-missing", no_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct error err = ERROR_INIT;
	struct cycle_who who;
	struct cycle_ctx ctx;
	const char *verb;
	int32_t month = 0;
	int c, allow_missing = 0;
	char mb[16];

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			allow_missing = 1;
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			return cli_usage(cli, usage, NULL);
		}
	}
	if (optind >= argc)
		return cli_usage(cli, usage, "period needs open, status, review, publish or list");
	verb = argv[optind];
	if (strcmp(verb, "list") == 0) {
		if (optind + 1 != argc)
			return cli_usage(cli, usage, "period list takes no MONTH");
		return period_list(cli);
	}
	if (strcmp(verb, "open") != 0 && strcmp(verb, "status") != 0 &&
	    strcmp(verb, "review") != 0 && strcmp(verb, "publish") != 0)
		return cli_usage(cli, usage, "'%s' is not a period command", verb);
	if (optind + 2 != argc)
		return cli_usage(cli, usage, "period %s takes one MONTH", verb);
	if (parse_month(cli, argv[optind + 1], &month) != 0)
		return 2;
	if (allow_missing && strcmp(verb, "review") != 0 && strcmp(verb, "publish") != 0)
		return cli_usage(cli, usage, "--allow-missing goes with review or publish");
	month_format(month, mb);
	if (strcmp(verb, "status") == 0)
		return period_status(cli, month);
	cycle_cli_ctx(cli, &ctx, &who);
	if (strcmp(verb, "open") == 0) {
		if (cycle_period_open(&ctx, month, &err) < 0)
			return cli_fail(cli, &err);
		fprintf(cli->out, "Opened %s for returns.\n", mb);
	} else if (strcmp(verb, "review") == 0) {
		size_t n = 0;

		if (cycle_period_review(&ctx, month, allow_missing, &n, &err) < 0)
			return cli_fail(cli, &err);
		fprintf(cli->out, "Reviewed %s: %zu return%s marked reviewed by %s.\n", mb,
			n, n == 1 ? "" : "s", who.actor);
	} else {
		struct cycle_publish p;

		if (cycle_period_publish(&ctx, month, allow_missing, &p, &err) < 0)
			return cli_fail(cli, &err);
		fprintf(cli->out, "Published %s as snapshot revision %d (%zu byte%s, sha256 %s).\n",
			mb, p.revision, p.bytes, p.bytes == 1 ? "" : "s", p.sha256);
		fprintf(cli->out, "%zu return%s published, %zu tolerance finding%s, %zu exception%s raised",
			p.returns, p.returns == 1 ? "" : "s", p.findings,
			p.findings == 1 ? "" : "s", p.exceptions,
			p.exceptions == 1 ? "" : "s");
		if (p.resolved)
			fprintf(cli->out, ", %zu resolved (back within tolerance)",
				p.resolved);
		if (p.missing)
			fprintf(cli->out, "; %zu return%s missing", p.missing,
				p.missing == 1 ? "" : "s");
		fputs(".\n", cli->out);
	}
	return 0;
}
