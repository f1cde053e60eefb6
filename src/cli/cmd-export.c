/*
 * cmd-export.c - `folio export`: write the organisation as a folio JSON
 * document, deterministically, so that export, import and export again
 * give the same bytes.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/error.h"
#include "core/strbuf.h"
#include "import/interchange.h"
#include "model/dataset.h"

static const char usage[] =
	"usage: folio [--db PATH] [--org CODE] export [--format json] [--out FILE]\n"
	"\n"
	"Write every record of the organisation as a folio JSON document\n"
	"(docs/format.md) to FILE, or to standard output. Users are written\n"
	"without passwords; the audit log stays in the database.\n";

int
cmd_export(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "out", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct error err = ERROR_INIT;
	struct strbuf out = STRBUF_INIT;
	struct dataset ds;
	const char *format = "json", *path = NULL;
	int c, ret = -1;

	while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			format = optarg;
			break;
		case 'o':
			path = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			return cli_usage(cli, usage, NULL);
		}
	}
	if (optind != argc)
		return cli_usage(cli, usage, "export takes no arguments");
	if (strcmp(format, "json") != 0)
		return cli_usage(cli, usage, "unknown format '%s'", format);
	if (cli_load(cli, &ds, &err) < 0)
		goto out;
	if (interchange_write(&ds, &out, &err) < 0)
		goto out;
	if (cli_write_out(cli, path, out.buf, out.len, &err) < 0)
		goto out;
	ret = 0;
out:
	dataset_release(&ds);
	strbuf_release(&out);
	return ret < 0 ? cli_fail(cli, &err) : 0;
}
