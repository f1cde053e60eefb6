/*
 * cmd-init.c - `folio init`: create the database or bring it up to date.
 */
#include <getopt.h>
#include <stdio.h>

#include "cli/cli.h"
#include "core/error.h"
#include "store/store.h"

static const char usage[] =
	"usage: folio [--db PATH] init\n"
	"\n"
	"Create the database at PATH (default var/folio.db) with the current\n"
	"schema, or apply any newer schema migrations to an existing one.\n";

int
cmd_init(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct error err = ERROR_INIT;
	int c, version = 0;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'h') {
			fputs(usage, stdout);
			return 0;
		}
		return cli_usage(cli, usage, NULL);
	}
	if (optind != argc)
		return cli_usage(cli, usage, "init takes no arguments");
	if (store_schema_version(cli->st, &version, &err) < 0)
		return cli_fail(cli, &err);
	fprintf(cli->out, "%s is ready (%s, schema version %d).\n", cli->db,
		store_backend(cli->st), version);
	return 0;
}
