/*
 * cmd-export.c - `folio export`: write the organisation as a folio JSON
 * document, deterministically, so that export, import and export again
 * give the same bytes; or its registers for spreadsheets (XLSX, CSV) or
 * as a Government Major Projects Portfolio file (docs/outputs.md).
 * With --period, the organisation as a month was published: the month's
 * frozen snapshot (cycle_dataset_as_at()), as `folio report --period`
 * reads it, so a published month exports the same bytes forever.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cycle-cli.h"
#include "cycle/cycle.h"
#include "core/date.h"
#include "core/error.h"
#include "core/strbuf.h"
#include "import/gmpp-write.h"
#include "import/gmpp.h"
#include "import/interchange.h"
#include "model/dataset.h"
#include "model/schema.h"
#include "report/export.h"

static const char usage[] =
	"usage: folio [--db PATH] [--org CODE] export [--format json|xlsx|csv|gmpp]\n"
	"                 [--clearance MARKING] [--period YYYY-MM] [--year YYYY]\n"
	"                 [--out PATH]\n"
	"\n"
	"Write every record of the organisation as a folio JSON document\n"
	"(docs/format.md) to standard output, or to the file --out names. Users\n"
	"are written without passwords; the audit log stays in the database.\n"
	"\n"
	"  --format F      json (default); xlsx: the registers as one workbook\n"
	"                  (--out FILE needed); csv: one CSV file per register\n"
	"                  in the directory --out DIR; gmpp: a year's Government\n"
	"                  Major Projects Portfolio CSV that `import --format gmpp`\n"
	"                  reads back\n"
	"  --clearance M   leave out records marked above M (OFFICIAL or\n"
	"                  OFFICIAL-SENSITIVE), as papers do; xlsx, csv and gmpp\n"
	"                  default to OFFICIAL, json to everything\n"
	"  --period MONTH  the organisation as that month was published (YYYY-MM\n"
	"                  or MM/YYYY; one of its periods): a published month's\n"
	"                  frozen snapshot, as `folio report --period` reads it;\n"
	"                  an open month's live data (default: the live data)\n"
	"  --year YYYY     the GMPP publication year (gmpp only; default: the\n"
	"                  year of the latest delivery confidence rating)\n"
	"  --out PATH      write to the file PATH (\"-\": standard output); for csv,\n"
	"                  the directory PATH\n";

int
cmd_export(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "out", required_argument, NULL, 'o' },
		{ "clearance", required_argument, NULL, 'c' },
		{ "year", required_argument, NULL, 'y' },
		{ "period", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct error err = ERROR_INIT;
	struct strbuf out = STRBUF_INIT;
	struct dataset ds, view;
	const struct dataset *src = &ds;
	const char *format = "json", *path = NULL, *clearance = NULL;
	const char *period_text = NULL;
	int32_t period = 0;
	int c, ret = -1, year = 0, viewed = 0;
	char *end;

	while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			format = optarg;
			break;
		case 'o':
			path = optarg;
			break;
		case 'c':
			clearance = optarg;
			break;
		case 'y':
			year = (int)strtol(optarg, &end, 10);
			if (*end || year < 2000 || year > 2100)
				return cli_usage(cli, usage, "--year: '%s' is not a year", optarg);
			break;
		case 'p':
			period_text = optarg;
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
	if (strcmp(format, "json") != 0 && strcmp(format, "xlsx") != 0 &&
	    strcmp(format, "csv") != 0 && strcmp(format, "gmpp") != 0)
		return cli_usage(cli, usage, "unknown format '%s' (json, xlsx, csv or gmpp)", format);
	if (clearance && enum_index(marking_values, clearance) < 0)
		return cli_usage(cli, usage, "--clearance is OFFICIAL or OFFICIAL-SENSITIVE, not '%s'",
				 clearance);
	if (period_text && month_parse(period_text, &period) < 0)
		return cli_usage(cli, usage, "--period: '%s' is not a month (YYYY-MM or MM/YYYY)",
				 period_text);
	if (year && strcmp(format, "gmpp") != 0)
		return cli_usage(cli, usage, "--year is for --format gmpp");
	if ((strcmp(format, "xlsx") == 0 || strcmp(format, "csv") == 0) &&
	    (path == NULL || strcmp(path, "-") == 0))
		return cli_usage(cli, usage, "--format %s writes %s: give --out %s", format,
				 strcmp(format, "csv") == 0 ? "one file per register" :
				 "a binary workbook",
				 strcmp(format, "csv") == 0 ? "DIR" : "FILE");
	if (period) {
		/* a published month as it was published: its frozen snapshot */
		if (cycle_dataset_as_at(cli->st, cli->org, period, &ds, &err) < 0 ||
		    cycle_cli_check_period(&ds, cli->org, period, &err) < 0)
			goto out;
	} else if (cli_load(cli, &ds, &err) < 0) {
		goto out;
	}
	if (strcmp(format, "xlsx") == 0 || strcmp(format, "csv") == 0) {
		struct export_info info = { clearance, cycle_cli_today() };

		if (strcmp(format, "xlsx") == 0 ? export_xlsx(&ds, &info, path, &err) :
		    export_csv(&ds, &info, path, &err))
			goto out;
		fprintf(cli->out, "%s\n", path);
		ret = 0;
		goto out;
	}
	/* JSON is the whole organisation unless a clearance is given */
	if (clearance || strcmp(format, "gmpp") == 0) {
		if (export_view(&ds, clearance, &view, NULL, &err) < 0) {
			dataset_release(&view);
			goto out;
		}
		viewed = 1;
		src = &view;
	}
	if (strcmp(format, "gmpp") == 0) {
		size_t rows = 0;

		if (year == 0 && (year = gmpp_latest_year(src)) == 0) {
			error_set(&err, ERR_INPUT, "%s has no delivery confidence ratings to publish",
				  cli->org);
			goto out;
		}
		if (gmpp_write(src, year, &out, &rows, &err) < 0)
			goto out;
		if (rows == 0) {
			char from[32], to[32];

			fprintf(stderr, "folio: no programme has a rating dated %s to %s, "
				"the GMPP %d window: the file has a header only\n",
				date_format_long(gmpp_snapshot_date(year - 1) + 1, from),
				date_format_long(gmpp_snapshot_date(year), to), year);
		}
	} else if (interchange_write(src, &out, &err) < 0) {
		goto out;
	}
	if (cli_write_out(cli, path, out.buf, out.len, &err) < 0)
		goto out;
	ret = 0;
out:
	if (viewed)
		dataset_release(&view);
	dataset_release(&ds);
	strbuf_release(&out);
	return ret < 0 ? cli_fail(cli, &err) : 0;
}
