/*
 * cmd-list.c - `folio list KIND`: the records of one kind as a table or
 * CSV, filtered by any of the kind's fields and by a date range.
 *
 * Filters are generic: `--FIELD VALUE` keeps records whose field reads
 * VALUE (as `folio show` prints it; dates may be written DD/MM/YYYY), and
 * --from/--to keep records whose principal date (the kind's date_field,
 * e.g. a milestone's forecast) falls in the range, inclusive.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/table.h"
#include "core/date.h"
#include "core/error.h"
#include "core/xmalloc.h"
#include "model/dataset.h"
#include "model/schema.h"

static const char usage[] =
	"usage: folio [--db PATH] [--org CODE] list KIND [--FIELD VALUE]...\n"
	"                 [--from DATE] [--to DATE] [--format table|csv]\n"
	"\n"
	"List the records of one kind. KIND is a plural such as programmes,\n"
	"projects, milestones, risks, issues, decisions, benefits, measures,\n"
	"business-cases or returns ('folio list kinds' lists them all).\n"
	"\n"
	"  --FIELD VALUE   keep records whose FIELD is VALUE, e.g. --level portfolio,\n"
	"                  --programme SLP, --key true\n"
	"  --from DATE     keep records whose principal date is on or after DATE\n"
	"  --to DATE       ... on or before DATE (ISO 8601 or DD/MM/YYYY)\n"
	"  --format F      table (default) or csv\n"
	"\n"
	"Examples:\n"
	"  folio list programmes\n"
	"  folio list risks --level portfolio\n"
	"  folio list milestones --from 2018-04-01 --to 2018-06-30\n";

struct filter {
	const struct field *f;
	const char *value;
	int32_t date;		/* parsed value for date fields */
};

static void
list_kinds(FILE *out)
{
	for (int k = 0; k < K__COUNT; k++) {
		const struct entity *e = entity_of(k);

		fprintf(out, "%-22s %s\n", e->plural, e->help);
	}
}

static int
matches(void *rec, const struct filter *flt)
{
	char buf[4096];

	if (!field_present(rec, flt->f))
		return 0;
	if (flt->f->type == FT_DATE)
		return *field_i32(rec, flt->f) == flt->date;
	field_text(rec, flt->f, buf, sizeof(buf));
	if (flt->f->type == FT_BOOL) {
		int want = strcmp(flt->value, "true") == 0 || strcmp(flt->value, "yes") == 0 ||
			   strcmp(flt->value, "1") == 0;

		return *field_bool(rec, flt->f) == want;
	}
	return strcmp(buf, flt->value) == 0;
}

int
cmd_list(struct cli *cli, int argc, char **argv)
{
	struct error err = ERROR_INIT;
	struct dataset ds;
	struct text_table tt;
	struct filter *filters = NULL;
	size_t nfilters = 0, alloc = 0, shown = 0;
	const struct entity *e;
	const struct field *datef = NULL;
	const char *format = "table";
	int32_t from = 0, to = 0;
	int ret = 1, loaded = 0;

	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(usage, stdout);
			return 0;
		}
	if (argc < 2)
		return cli_usage(cli, usage, "list needs a KIND");
	if (strcmp(argv[1], "kinds") == 0) {
		list_kinds(cli->out);
		return 0;
	}
	e = entity_by_name(argv[1]);
	if (e == NULL || e->kind == K_ORGANISATION)
		return cli_usage(cli, usage, "'%s' is not a kind of record (see 'folio list kinds')",
				 argv[1]);
	if (e->date_field)
		datef = entity_field(e, e->date_field);
	for (int i = 2; i < argc; i++) {
		const char *opt = argv[i], *val;

		if (strncmp(opt, "--", 2) != 0)
			return cli_usage(cli, usage, "unexpected argument '%s'", opt);
		if (i + 1 >= argc)
			return cli_usage(cli, usage, "%s needs a value", opt);
		val = argv[++i];
		opt += 2;
		if (strcmp(opt, "format") == 0) {
			if (strcmp(val, "table") != 0 && strcmp(val, "csv") != 0)
				return cli_usage(cli, usage, "--format is table or csv, not '%s'", val);
			format = val;
		} else if (strcmp(opt, "from") == 0 || strcmp(opt, "to") == 0) {
			int32_t d;

			if (datef == NULL)
				return cli_usage(cli, usage, "%s have no date to filter on", e->plural);
			if (date_parse(val, &d) < 0)
				return cli_usage(cli, usage, "--%s: '%s' is not a date (YYYY-MM-DD or DD/MM/YYYY)",
						 opt, val);
			*(opt[0] == 'f' ? &from : &to) = d;
		} else {
			const struct field *f = entity_field(e, opt);
			struct filter flt = { f, val, 0 };

			if (f == NULL) {
				fprintf(stderr, "folio: %s have no field '%s'; fields:", e->plural, opt);
				for (size_t k = 0; k < e->nfields; k++)
					fprintf(stderr, " %s", e->fields[k].name);
				fputc('\n', stderr);
				free(filters);
				return 2;
			}
			if (f->type == FT_DATE && date_parse(val, &flt.date) < 0) {
				free(filters);
				return cli_usage(cli, usage, "--%s: '%s' is not a date", opt, val);
			}
			ALLOC_GROW(filters, nfilters + 1, alloc);
			filters[nfilters++] = flt;
		}
	}

	if (cli_load(cli, &ds, &err) < 0) {
		ret = cli_fail(cli, &err);
		goto out;
	}
	loaded = 1;
	{
		size_t ncols = 0;

		for (size_t k = 0; k < e->nfields; k++)
			if (e->fields[k].flags & F_LIST)
				ncols++;
		text_table_init(&tt, ncols);
	}
	for (size_t k = 0; k < e->nfields; k++)
		if (e->fields[k].flags & F_LIST)
			text_table_add(&tt, e->fields[k].name);
	for (size_t r = 0; r < dataset_count(&ds, e->kind); r++) {
		void *rec = dataset_row(&ds, e->kind, r);
		int keep = 1;

		for (size_t k = 0; k < nfilters && keep; k++)
			keep = matches(rec, &filters[k]);
		if (keep && (from || to)) {
			int32_t d = *field_i32(rec, datef);

			keep = d != 0 && (!from || d >= from) && (!to || d <= to);
		}
		if (!keep)
			continue;
		for (size_t k = 0; k < e->nfields; k++) {
			char buf[4096];

			if (e->fields[k].flags & F_LIST)
				text_table_add(&tt, field_display(rec, &e->fields[k], buf, sizeof(buf)));
		}
		shown++;
	}
	if (strcmp(format, "csv") == 0) {
		text_table_csv(&tt, cli->out);
	} else if (shown == 0) {
		fprintf(cli->out, "No %s match.\n", e->plural);
	} else {
		text_table_print(&tt, cli->out, 48);
		fprintf(cli->out, "\n%zu %s\n", shown, shown == 1 ? e->name : e->plural);
	}
	text_table_release(&tt);
	ret = 0;
out:
	if (loaded)
		dataset_release(&ds);
	free(filters);
	return ret;
}
