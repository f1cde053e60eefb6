/*
 * cmd-import.c - `folio import`: load an organisation from a file, in one
 * transaction, so that a file with any fault writes nothing.
 *
 * Two formats: folio's own JSON document (a whole organisation, checked
 * completely before anything is written) and the Government Major
 * Projects Portfolio CSV that departments publish each year, merged into
 * the GMPP organisation year by year so its rating history builds up.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/error.h"
#include "import/gmpp.h"
#include "import/interchange.h"
#include "model/dataset.h"
#include "model/validate.h"
#include "store/store.h"

static const char usage[] =
	"usage: folio [--db PATH] import [--replace] FILE\n"
	"       folio [--db PATH] import --format gmpp --year YYYY [--strict] FILE\n"
	"\n"
	"Load a whole organisation from FILE, a folio JSON document (see\n"
	"docs/format.md). The file is checked completely before anything is\n"
	"written; a fault is reported with its place in the file and nothing\n"
	"changes.\n"
	"\n"
	"With --format gmpp, FILE is a year's Government Major Projects\n"
	"Portfolio CSV (docs/gmpp.md), merged into the GMPP organisation: one\n"
	"programme per project, with that year's rating, dates and money. Rows\n"
	"that cannot be read are listed with their line and reason.\n"
	"\n"
	"  --format F    json (default) or gmpp\n"
	"  --year YYYY   the GMPP publication year (gmpp only)\n"
	"  --strict      write nothing if any GMPP row is refused\n"
	"  --replace     replace an organisation of the same code (json only)\n";

/*
 * "FILE: 133 rows: 132 imported, 1 refused (2 ratings respelt)." once the
 * rows are written; "... nothing written" when --strict refused the file.
 */
static void
summary(struct cli *cli, const char *path, const struct gmpp_summary *sum,
	int written)
{
	fprintf(cli->out, "%s: %zu row%s: ", path, sum->rows, sum->rows == 1 ? "" : "s");
	if (written)
		fprintf(cli->out, "%zu imported, %zu refused", sum->imported, sum->refused);
	else
		fprintf(cli->out, "%zu readable, %zu refused; nothing written",
			sum->imported, sum->refused);
	if (sum->normalised)
		fprintf(cli->out, " (%zu rating%s respelt)", sum->normalised,
			sum->normalised == 1 ? "" : "s");
	fputs(".\n", cli->out);
}

/* Merge a year of GMPP data into the GMPP organisation. */
static int
import_gmpp(struct cli *cli, const char *path, int year, int strict)
{
	struct error err = ERROR_INIT;
	struct gmpp_summary sum;
	struct dataset ds;
	char **codes = NULL;
	size_t n = 0;
	int exists = 0, ret = 1, in_tx = 0;

	gmpp_summary_init(&sum);
	dataset_init(&ds);
	if (store_orgs(cli->st, &codes, &n, &err) < 0)
		goto fail;
	for (size_t i = 0; i < n; i++)
		if (strcmp(codes[i], GMPP_ORG_CODE) == 0)
			exists = 1;
	store_free_list(codes);
	if (exists) {
		dataset_release(&ds);
		if (store_load(cli->st, GMPP_ORG_CODE, &ds, &err) < 0)
			goto fail;
	}
	if (gmpp_read(path, year, &ds, &sum, &err) < 0)
		goto fail;
	for (size_t i = 0; i < sum.refused; i++)
		fprintf(stderr, "%s:%ld: %s\n", path, sum.refusals[i].line,
			sum.refusals[i].reason);
	if (strict && sum.refused) {
		summary(cli, path, &sum, 0);
		error_set(&err, ERR_INPUT, "%zu row%s refused and --strict given: nothing written",
			  sum.refused, sum.refused == 1 ? "" : "s");
		goto fail;
	}
	if (dataset_validate(&ds, path, &err) < 0)
		goto fail;
	dataset_sort(&ds);
	if (store_begin(cli->st, &err) < 0)
		goto fail;
	in_tx = 1;
	if (!exists) {
		if (store_create_org(cli->st, &ds, &err) < 0)
			goto fail;
	} else {
		for (int k = 0; k < K__COUNT; k++)
			for (size_t r = 0; r < dataset_count(&ds, k); r++)
				if (store_put(cli->st, GMPP_ORG_CODE, k,
					      dataset_row(&ds, k, r), &err) < 0)
					goto fail;
	}
	if (store_commit(cli->st, &err) < 0)
		goto fail;
	in_tx = 0;
	/* said once written: a file refused whole imported nothing */
	summary(cli, path, &sum, 1);
	fprintf(cli->out, "%s now holds %zu programme%s in %zu portfolio%s and "
		"%zu delivery confidence rating%s.\n", GMPP_ORG_CODE,
		dataset_count(&ds, K_PROGRAMME), dataset_count(&ds, K_PROGRAMME) == 1 ? "" : "s",
		dataset_count(&ds, K_PORTFOLIO), dataset_count(&ds, K_PORTFOLIO) == 1 ? "" : "s",
		dataset_count(&ds, K_DCA), dataset_count(&ds, K_DCA) == 1 ? "" : "s");
	ret = 0;
	goto out;
fail:
	if (in_tx)
		store_rollback(cli->st);
	ret = cli_fail(cli, &err);
out:
	gmpp_summary_release(&sum);
	dataset_release(&ds);
	return ret;
}

int
cmd_import(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "year", required_argument, NULL, 'y' },
		{ "strict", no_argument, NULL, 's' },
		{ "replace", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct error err = ERROR_INIT;
	struct dataset ds;
	const char *format = "json";
	char *end;
	int c, replace = 0, strict = 0, year = 0, ret;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			format = optarg;
			break;
		case 'y':
			year = (int)strtol(optarg, &end, 10);
			if (*end || year < 2000 || year > 2100)
				return cli_usage(cli, usage, "--year: '%s' is not a year", optarg);
			break;
		case 's':
			strict = 1;
			break;
		case 'r':
			replace = 1;
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			return cli_usage(cli, usage, NULL);
		}
	}
	if (optind + 1 != argc)
		return cli_usage(cli, usage, "import takes one FILE");
	if (strcmp(format, "gmpp") == 0) {
		if (year == 0)
			return cli_usage(cli, usage, "--format gmpp needs --year");
		if (replace)
			return cli_usage(cli, usage, "--replace is for json imports");
		return import_gmpp(cli, argv[optind], year, strict);
	}
	if (strcmp(format, "json") != 0)
		return cli_usage(cli, usage, "unknown format '%s' (json or gmpp)", format);
	if (year || strict)
		return cli_usage(cli, usage, "--year and --strict are for gmpp imports");
	dataset_init(&ds);
	ret = interchange_read_file(argv[optind], &ds, &err);
	if (ret == 0)
		ret = cli_import_dataset(cli, &ds, argv[optind], replace, &err);
	dataset_release(&ds);
	return ret < 0 ? cli_fail(cli, &err) : 0;
}
