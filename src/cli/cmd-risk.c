/*
 * cmd-risk.c - `folio risk`: the programme risks the escalation rules
 * propose for the portfolio register (assess/risk.h), and accepting one
 * onto it as a feeder of a portfolio risk.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "assess/risk.h"
#include "cli/cli.h"
#include "cli/cycle-cli.h"
#include "cli/table.h"
#include "core/date.h"
#include "core/error.h"
#include "cycle/cycle.h"
#include "model/dataset.h"

static const char usage[] =
	"usage: folio [--db PATH] [--org CODE] risk escalations [--as-at DATE]\n"
	"       folio [--db PATH] [--org CODE] risk accept RISK --into PORTFOLIO_RISK\n"
	"\n"
	"escalations lists the open programme risks, not yet feeding a portfolio\n"
	"risk, that the escalation rules propose for the portfolio register: score\n"
	"at or above the programme's risk tolerance, affecting more than one\n"
	"programme, or high and near in time (docs/assessment.md).\n"
	"accept links RISK to the portfolio risk it feeds (audited).\n"
	"\n"
	"  --as-at DATE      the date the rules are applied at (default today)\n"
	"  --into CODE       the portfolio risk that takes RISK in\n";

static int
risk_escalations_cmd(struct cli *cli, int32_t as_at)
{
	struct risk_config cfg = RISK_CONFIG_INIT;
	struct error err = ERROR_INIT;
	struct risk_proposals p;
	struct text_table t;
	struct dataset ds;
	char score[16], cell[1024], db[16];

	if (cli_load(cli, &ds, &err) < 0) {
		dataset_release(&ds);
		return cli_fail(cli, &err);
	}
	if (risk_escalations(&ds, &cfg, as_at, &p, &err) < 0) {
		risk_proposals_release(&p);
		dataset_release(&ds);
		return cli_fail(cli, &err);
	}
	if (p.n == 0) {
		fprintf(cli->out, "No programme risk is proposed for the portfolio register at %s.\n",
			date_format(as_at, db));
	} else {
		text_table_init(&t, 6);
		text_table_add(&t, "programme");
		text_table_add(&t, "risk");
		text_table_add(&t, "title");
		text_table_add(&t, "score");
		text_table_add(&t, "band");
		text_table_add(&t, "why");
		for (size_t i = 0; i < p.n; i++) {
			const struct risk_proposal *r = &p.v[i];

			snprintf(score, sizeof(score), "%d", r->score);
			text_table_add(&t, r->risk->programme ? r->risk->programme : "");
			text_table_add(&t, r->risk->code);
			text_table_add(&t, cycle_cli_cell(r->risk->title, cell, sizeof(cell)));
			text_table_add(&t, score);
			text_table_add(&t, risk_band_name(r->band));
			text_table_add(&t, cycle_cli_cell(r->why, cell, sizeof(cell)));
		}
		text_table_print(&t, cli->out, 60);
		text_table_release(&t);
		fprintf(cli->out, "%zu risk%s proposed at %s; accept one with "
			"'folio risk accept RISK --into PORTFOLIO_RISK'.\n", p.n,
			p.n == 1 ? "" : "s", date_format(as_at, db));
	}
	risk_proposals_release(&p);
	dataset_release(&ds);
	return 0;
}

int
cmd_risk(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "as-at", required_argument, NULL, 'a' },
		{ "into", required_argument, NULL, 'i' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct error err = ERROR_INIT;
	const char *as_at_text = NULL, *into = NULL, *verb;
	struct cycle_who who;
	struct cycle_ctx ctx;
	int32_t as_at = 0;
	int c;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			as_at_text = optarg;
			break;
		case 'i':
			into = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			return cli_usage(cli, usage, NULL);
		}
	}
	if (optind >= argc)
		return cli_usage(cli, usage, "risk needs escalations or accept");
	verb = argv[optind];
	if (strcmp(verb, "escalations") == 0) {
		if (optind + 1 != argc || into)
			return cli_usage(cli, usage, "risk escalations takes only --as-at");
		if (as_at_text && date_parse(as_at_text, &as_at) < 0)
			return cli_usage(cli, usage, "--as-at: '%s' is not a date (YYYY-MM-DD or DD/MM/YYYY)",
					 as_at_text);
		if (as_at == 0)
			as_at = cycle_cli_today();
		return risk_escalations_cmd(cli, as_at);
	}
	if (strcmp(verb, "accept") != 0)
		return cli_usage(cli, usage, "'%s' is not a risk command", verb);
	if (optind + 2 != argc)
		return cli_usage(cli, usage, "risk accept takes one RISK");
	if (into == NULL)
		return cli_usage(cli, usage, "risk accept needs --into PORTFOLIO_RISK");
	if (as_at_text)
		return cli_usage(cli, usage, "--as-at goes with escalations");
	cycle_cli_ctx(cli, &ctx, &who);
	if (cycle_risk_accept(&ctx, argv[optind + 1], into, &err) < 0)
		return cli_fail(cli, &err);
	fprintf(cli->out, "%s now feeds portfolio risk %s.\n", argv[optind + 1], into);
	return 0;
}
