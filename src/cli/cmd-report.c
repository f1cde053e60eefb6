/*
 * cmd-report.c - `folio report PAPER`: write a board paper from the data.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/date.h"
#include "core/error.h"
#include "core/strbuf.h"
#include "model/dataset.h"
#include "model/schema.h"
#include "report/report.h"

static const char usage[] =
	"usage: folio [--db PATH] [--org CODE] report oversight [--as-at YYYY-MM]\n"
	"                 [--format md|html|pdf] [--clearance MARKING] [--out FILE]\n"
	"\n"
	"Write the quarterly Oversight Board paper as at the end of a month.\n"
	"\n"
	"  --as-at MONTH      the month the paper is written at (YYYY-MM or MM/YYYY;\n"
	"                     default: the latest published period)\n"
	"  --format F         md (Markdown, the default), html (a standalone page)\n"
	"                     or pdf (A4, for printing; needs --out or a redirect)\n"
	"  --clearance M      leave out records marked above M: OFFICIAL (default)\n"
	"                     or OFFICIAL-SENSITIVE; the paper carries the highest\n"
	"                     marking of what it includes\n"
	"  --out FILE         write to FILE instead of standard output\n";

/* The latest published period, or the latest period of any state. */
static int32_t
default_as_at(const struct dataset *ds)
{
	int32_t best = 0, any = 0;

	DS_FOREACH(ds, K_PERIOD, struct period, p) {
		if (p->month > any)
			any = p->month;
		if (strcmp(p->state, "published") == 0 && p->month > best)
			best = p->month;
	}
	return best ? best : any;
}

int
cmd_report(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "as-at", required_argument, NULL, 'a' },
		{ "format", required_argument, NULL, 'f' },
		{ "clearance", required_argument, NULL, 'c' },
		{ "out", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct error err = ERROR_INIT;
	struct strbuf out = STRBUF_INIT;
	struct dataset ds;
	struct report rep;
	const char *format = "md", *path = NULL, *clearance = "OFFICIAL";
	const char *as_at_text = NULL;
	int32_t as_at = 0;
	int c, ret = -1, built = 0;

	while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			as_at_text = optarg;
			break;
		case 'f':
			format = optarg;
			break;
		case 'c':
			clearance = optarg;
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
	if (optind + 1 != argc)
		return cli_usage(cli, usage, "report needs the name of a paper (oversight)");
	if (strcmp(argv[optind], "oversight") != 0)
		return cli_usage(cli, usage, "'%s' is not a paper folio writes", argv[optind]);
	if (strcmp(format, "md") != 0 && strcmp(format, "html") != 0 &&
	    strcmp(format, "pdf") != 0)
		return cli_usage(cli, usage, "--format is md, html or pdf, not '%s'", format);
	/* A PDF is binary: never pour it onto a terminal. */
	if (strcmp(format, "pdf") == 0 && (path == NULL || strcmp(path, "-") == 0) &&
	    isatty(fileno(cli->out)))
		return cli_usage(cli, usage, "a PDF is binary: give --out FILE, or redirect standard output to a file");
	if (enum_index(marking_values, clearance) < 0)
		return cli_usage(cli, usage, "--clearance is OFFICIAL or OFFICIAL-SENSITIVE, not '%s'",
				 clearance);
	if (as_at_text && month_parse(as_at_text, &as_at) < 0)
		return cli_usage(cli, usage, "--as-at: '%s' is not a month (YYYY-MM)", as_at_text);

	if (cli_load(cli, &ds, &err) < 0)
		goto out;
	if (as_at == 0 && (as_at = default_as_at(&ds)) == 0) {
		error_set(&err, ERR_INPUT, "%s has no reporting periods: give --as-at", cli->org);
		goto out;
	}
	if (report_oversight(&ds, as_at, clearance, &rep, &err) < 0)
		goto out;
	built = 1;
	if (strcmp(format, "pdf") == 0) {
		if (report_render_pdf(&rep, &out, &err) < 0)
			goto out;
	} else if (strcmp(format, "html") == 0)
		report_render_html(&rep, &out);
	else
		report_render_md(&rep, &out);
	if (cli_write_out(cli, path, out.buf, out.len, &err) < 0)
		goto out;
	if (path)
		fprintf(cli->out, "%s\n", path);
	ret = 0;
out:
	if (built)
		report_release(&rep);
	dataset_release(&ds);
	strbuf_release(&out);
	return ret < 0 ? cli_fail(cli, &err) : 0;
}
