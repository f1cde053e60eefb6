/*
 * cmd-changes.c - `folio changes approve`: a board approves a change
 * request, and the programme is re-baselined by it (src/cycle/decide.c).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cycle-cli.h"
#include "core/date.h"
#include "core/error.h"
#include "cycle/cycle.h"

static const char usage[] =
	"usage: folio [--db PATH] [--org CODE] changes approve CR --board NAME --date DATE\n"
	"\n"
	"Approve change request CR: it becomes approved on DATE by board NAME, and\n"
	"its programme gets a new baseline version carrying every milestone at the\n"
	"date CR proposes for it, else at its forecast in force; a milestone\n"
	"achieved by DATE keeps its baseline date. Earlier baselines are kept, so\n"
	"slip before DATE is still measured against the plan then in force.\n"
	"Every change is audited.\n"
	"\n"
	"  --board NAME   the approving board, e.g. \"Portfolio Investment Board\"\n"
	"  --date DATE    the date of the decision (YYYY-MM-DD or DD/MM/YYYY)\n";

int
cmd_changes(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "board", required_argument, NULL, 'b' },
		{ "date", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct error err = ERROR_INIT;
	struct cycle_baseline b;
	struct cycle_who who;
	struct cycle_ctx ctx;
	const char *board = NULL, *date_text = NULL;
	int32_t date = 0;
	char db[16];
	int c;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'b':
			board = optarg;
			break;
		case 'd':
			date_text = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			return cli_usage(cli, usage, NULL);
		}
	}
	if (optind >= argc || strcmp(argv[optind], "approve") != 0)
		return cli_usage(cli, usage, "changes needs approve");
	if (optind + 2 != argc)
		return cli_usage(cli, usage, "changes approve takes one CR");
	if (board == NULL || *board == '\0')
		return cli_usage(cli, usage, "changes approve needs --board NAME");
	if (date_text == NULL)
		return cli_usage(cli, usage, "changes approve needs --date DATE");
	if (date_parse(date_text, &date) < 0)
		return cli_usage(cli, usage, "--date: '%s' is not a date (YYYY-MM-DD or DD/MM/YYYY)", date_text);
	cycle_cli_ctx(cli, &ctx, &who);
	if (cycle_change_approve(&ctx, argv[optind + 1], board, date, &b, &err) < 0)
		return cli_fail(cli, &err);
	fprintf(cli->out, "Approved %s on %s (%s).\n", argv[optind + 1],
		date_format(date, db), board);
	if (b.recorded_previous)
		fprintf(cli->out, "The plan before it had no baseline record: kept as baseline version %lld.\n",
			(long long)b.version - 1);
	fprintf(cli->out, "Baseline %s (version %lld) carries %zu milestone%s; %zu baseline date%s moved.\n",
		b.code, (long long)b.version, b.milestones,
		b.milestones == 1 ? "" : "s", b.moved, b.moved == 1 ? "" : "s");
	if (b.proposed)
		fprintf(cli->out, "%zu of them at the date%s %s proposed%s.\n",
			b.proposed, b.proposed == 1 ? "" : "s", argv[optind + 1],
			b.proposed < b.milestones ? "; the others at their dates now" : "");
	return 0;
}
