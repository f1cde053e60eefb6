/*
 * cmd-import.c - `folio import`: load an organisation from a file, in one
 * transaction, so that a file with any fault writes nothing.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/error.h"
#include "import/interchange.h"
#include "model/dataset.h"

static const char usage[] =
	"usage: folio [--db PATH] import [--replace] FILE\n"
	"\n"
	"Load a whole organisation from FILE, a folio JSON document (see\n"
	"docs/format.md). The file is checked completely before anything is\n"
	"written; a fault is reported with its place in the file and nothing\n"
	"changes.\n"
	"\n"
	"  --format json  the file's format (json is the default)\n"
	"  --replace      replace an organisation of the same code\n";

int
cmd_import(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "replace", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct error err = ERROR_INIT;
	struct dataset ds;
	const char *format = "json";
	int c, replace = 0, ret;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			format = optarg;
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
	if (strcmp(format, "json") != 0)
		return cli_usage(cli, usage, "unknown format '%s'", format);
	dataset_init(&ds);
	ret = interchange_read_file(argv[optind], &ds, &err);
	if (ret == 0)
		ret = cli_import_dataset(cli, &ds, argv[optind], replace, &err);
	dataset_release(&ds);
	return ret < 0 ? cli_fail(cli, &err) : 0;
}
