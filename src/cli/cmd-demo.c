/*
 * cmd-demo.c - `folio demo`: load the demo portfolio compiled into the
 * binary (data/demo/mps-2018.json).
 */
#include <getopt.h>
#include <stdio.h>

#include "cli/cli.h"
#include "core/asset.h"
#include "core/error.h"
#include "import/interchange.h"
#include "model/dataset.h"

#define DEMO_ASSET "demo/mps-2018.json"

static const char usage[] =
	"usage: folio [--db PATH] demo [--replace]\n"
	"\n"
	"Load the demo portfolio: the Metropolitan Police Service's transformation\n"
	"portfolio as its March 2018 oversight paper describes it. Figures the\n"
	"paper does not give are marked as assumptions in the data.\n"
	"\n"
	"  --replace   load it again over an earlier copy\n";

int
cmd_demo(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "replace", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct error err = ERROR_INIT;
	struct dataset ds;
	const struct asset *a;
	int c, replace = 0, ret;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
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
	if (optind != argc)
		return cli_usage(cli, usage, "demo takes no arguments");
	a = asset_find(DEMO_ASSET);
	if (a == NULL) {
		error_set(&err, ERR_INTERNAL, "this folio was built without the demo portfolio");
		return cli_fail(cli, &err);
	}
	dataset_init(&ds);
	ret = interchange_read((const char *)a->data, a->len, DEMO_ASSET, &ds, &err);
	if (ret == 0)
		ret = cli_import_dataset(cli, &ds, DEMO_ASSET, replace, &err);
	dataset_release(&ds);
	return ret < 0 ? cli_fail(cli, &err) : 0;
}
