/*
 * cmd-exception.c - `folio exception`: the exceptions publication raised
 * (or the programme did), one exception report, and writing its words.
 *
 * An exception report to PIB says: cause, consequences, options (with
 * their effect on the business case, risks and tolerances) and a
 * recommendation. folio fills the facts (programme, dimension, evidence);
 * the programme writes the words with `exception update`.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cycle-cli.h"
#include "cli/table.h"
#include "core/date.h"
#include "core/error.h"
#include "cycle/cycle.h"
#include "model/dataset.h"

static const char usage[] =
	"usage: folio [--db PATH] [--org CODE] exception list [--period MONTH] [--programme CODE]\n"
	"       folio [--db PATH] [--org CODE] exception show CODE\n"
	"       folio [--db PATH] [--org CODE] exception update CODE [--cause TEXT]\n"
	"                 [--consequences TEXT] [--options TEXT] [--recommendation TEXT]\n"
	"                 [--status open|escalated|resolved|closed]\n"
	"\n"
	"Exceptions are raised when a period is published and a programme is\n"
	"outside a tolerance or forecast to go outside it. folio fills the facts;\n"
	"the programme writes the report's words with update (an empty TEXT clears\n"
	"a part). Every change is audited.\n";

/* The report's four parts, in the order PRINCE2 gives them. */
static const char *const parts[] = { "cause", "consequences", "options",
	"recommendation" };

static const char *
part_of(const struct exception *ex, size_t i)
{
	const char *v[] = { ex->cause, ex->consequences, ex->options,
			    ex->recommendation };

	return v[i];
}

static int
exception_list(struct cli *cli, const char *period, const char *programme)
{
	struct error err = ERROR_INIT;
	struct text_table t;
	struct dataset ds;
	int32_t month = 0;
	char mb[16], cell[512];
	size_t shown = 0;

	if (period && month_parse(period, &month) < 0)
		return cli_usage(cli, usage, "--period: '%s' is not a month (YYYY-MM or MM/YYYY)", period);
	if (cli_load(cli, &ds, &err) < 0) {
		dataset_release(&ds);
		return cli_fail(cli, &err);
	}
	text_table_init(&t, 7);
	text_table_add(&t, "code");
	text_table_add(&t, "programme");
	text_table_add(&t, "period");
	text_table_add(&t, "dimension");
	text_table_add(&t, "type");
	text_table_add(&t, "status");
	text_table_add(&t, "report");
	DS_FOREACH(&ds, K_EXCEPTION, const struct exception, ex) {
		size_t written = 0;

		if (month && ex->period != month)
			continue;
		if (programme && strcmp(ex->programme, programme) != 0)
			continue;
		for (size_t i = 0; i < 4; i++)
			written += part_of(ex, i) != NULL;
		snprintf(cell, sizeof(cell), "%s", written == 4 ? "written" :
			 written == 0 ? "to write" : "partly written");
		text_table_add(&t, ex->code);
		text_table_add(&t, ex->programme);
		text_table_add(&t, month_format(ex->period, mb));
		text_table_add(&t, ex->dimension);
		text_table_add(&t, ex->type);
		text_table_add(&t, ex->status);
		text_table_add(&t, cell);
		shown++;
	}
	if (shown)
		text_table_print(&t, cli->out, 40);
	else
		fprintf(cli->out, "No exceptions%s%s%s%s.\n", month ? " for " : "",
			month ? month_format(month, mb) : "",
			programme ? " of programme " : "", programme ? programme : "");
	text_table_release(&t);
	dataset_release(&ds);
	return 0;
}

/* Text that may run to several lines, indented under its heading. */
static void
put_block(FILE *out, const char *text)
{
	fputs("  ", out);
	for (const char *p = text; *p; p++) {
		if (*p == '\r')
			continue;
		fputc(*p, out);
		if (*p == '\n' && p[1])
			fputs("  ", out);
	}
	fputc('\n', out);
}

static int
exception_show(struct cli *cli, const char *code)
{
	struct error err = ERROR_INIT;
	const struct exception *ex;
	const struct programme *p;
	struct dataset ds;
	char mb[20];

	if (cli_load(cli, &ds, &err) < 0) {
		dataset_release(&ds);
		return cli_fail(cli, &err);
	}
	ex = dataset_find(&ds, K_EXCEPTION, code);
	if (ex == NULL) {
		dataset_release(&ds);
		error_set(&err, ERR_NOTFOUND, "there is no exception %s", code);
		return cli_fail(cli, &err);
	}
	p = dataset_find(&ds, K_PROGRAMME, ex->programme);
	fprintf(cli->out, "Exception report %s\n\n", ex->code);
	fprintf(cli->out, "programme:   %s%s%s%s\n", ex->programme, p ? " (" : "",
		p ? p->name : "", p ? ")" : "");
	fprintf(cli->out, "period:      %s\n", month_format_long(ex->period, mb));
	fprintf(cli->out, "dimension:   %s\n", ex->dimension);
	fprintf(cli->out, "type:        %s\n", strcmp(ex->type, "breach") == 0 ?
		"breach (outside tolerance)" : "forecast breach (forecast to go outside tolerance)");
	fprintf(cli->out, "status:      %s\n", ex->status);
	fprintf(cli->out, "marking:     %s\n", ex->marking ? ex->marking : "OFFICIAL");
	fputs("\nEvidence (folio)\n", cli->out);
	put_block(cli->out, ex->evidence ? ex->evidence : "(none recorded)");
	for (size_t i = 0; i < 4; i++) {
		const char *v = part_of(ex, i);

		fprintf(cli->out, "\n%c%s (the programme)\n", parts[i][0] - 'a' + 'A',
			parts[i] + 1);
		if (v) {
			put_block(cli->out, v);
		} else {
			fprintf(cli->out, "  (not written yet: folio exception update %s --%s TEXT)\n",
				ex->code, parts[i]);
		}
	}
	dataset_release(&ds);
	return 0;
}

static int
exception_update(struct cli *cli, const char *code,
		 const struct cycle_exception_words *w)
{
	struct error err = ERROR_INIT;
	struct cycle_who who;
	struct cycle_ctx ctx;
	size_t changed = 0;

	if (!w->cause && !w->consequences && !w->options && !w->recommendation &&
	    !w->status)
		return cli_usage(cli, usage, "exception update needs something to write "
				 "(--cause, --consequences, --options, --recommendation, --status)");
	cycle_cli_ctx(cli, &ctx, &who);
	if (cycle_exception_update(&ctx, code, w, &changed, &err) < 0)
		return cli_fail(cli, &err);
	if (changed)
		fprintf(cli->out, "Updated %s: %zu part%s changed.\n", code, changed,
			changed == 1 ? "" : "s");
	else
		fprintf(cli->out, "%s already says that: nothing changed.\n", code);
	return 0;
}

int
cmd_exception(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "period", required_argument, NULL, 'p' },
		{ "programme", required_argument, NULL, 'g' },
		{ "cause", required_argument, NULL, 'c' },
		{ "consequences", required_argument, NULL, 'q' },
		{ "options", required_argument, NULL, 'o' },
		{ "recommendation", required_argument, NULL, 'r' },
		{ "status", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct cycle_exception_words w = { 0 };
	const char *period = NULL, *programme = NULL, *verb;
	int c, words = 0;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			period = optarg;
			break;
		case 'g':
			programme = optarg;
			break;
		case 'c':
			w.cause = optarg;
			words = 1;
			break;
		case 'q':
			w.consequences = optarg;
			words = 1;
			break;
		case 'o':
			w.options = optarg;
			words = 1;
			break;
		case 'r':
			w.recommendation = optarg;
			words = 1;
			break;
		case 's':
			w.status = optarg;
			words = 1;
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			return cli_usage(cli, usage, NULL);
		}
	}
	if (optind >= argc)
		return cli_usage(cli, usage, "exception needs list, show or update");
	verb = argv[optind];
	if (strcmp(verb, "list") == 0) {
		if (optind + 1 != argc || words)
			return cli_usage(cli, usage, "exception list takes only --period and --programme");
		return exception_list(cli, period, programme);
	}
	if (strcmp(verb, "show") != 0 && strcmp(verb, "update") != 0)
		return cli_usage(cli, usage, "'%s' is not an exception command", verb);
	if (optind + 2 != argc)
		return cli_usage(cli, usage, "exception %s takes one CODE", verb);
	if (period || programme)
		return cli_usage(cli, usage, "--period and --programme go with list");
	if (strcmp(verb, "show") == 0) {
		if (words)
			return cli_usage(cli, usage, "exception show takes no words: use update");
		return exception_show(cli, argv[optind + 1]);
	}
	return exception_update(cli, argv[optind + 1], &w);
}
