/*
 * cmd-list.c - `folio list KIND`: the records of one kind as a table or
 * CSV, filtered by any of the kind's fields and by a date range.
 *
 * Filters are generic: `--FIELD VALUE` keeps records whose field reads
 * VALUE (as `folio show` prints it, or as the JSON format writes it:
 * dates may be DD/MM/YYYY, months MM/YYYY, money "£38,000,000" or
 * "38000000", booleans yes/no or true/false; a value the field cannot
 * hold, such as an enum's misspelling, is a usage error), and
 * --from/--to keep records whose principal date (the kind's date_field,
 * e.g. a milestone's forecast) falls in the range, inclusive.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/table.h"
#include "core/date.h"
#include "core/money.h"
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
	"                  --programme SLP, --key yes, --period 03/2018,\n"
	"                  --whole_life_cost \u00a338,000,000 (or --FIELD=VALUE); a value\n"
	"                  that FIELD cannot hold is refused with what it can\n"
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
	int32_t date;		/* parsed value for date and month fields */
	int64_t num;		/* ... for whole numbers, money and booleans */
	double real;		/* ... for real numbers */
};

static void
list_kinds(FILE *out)
{
	/* the organisation is the one chosen (--org), not a kind to list */
	for (int k = 0; k < K__COUNT; k++) {
		const struct entity *e = entity_of(k);

		if (k == K_ORGANISATION)
			continue;
		fprintf(out, "%-22s %s\n", e->plural, e->help);
	}
}

static int
matches(void *rec, const struct filter *flt)
{
	if (flt->f->type == FT_BOOL)
		return *field_bool(rec, flt->f) == (int)flt->num;
	if (!field_present(rec, flt->f))
		return 0;
	switch (flt->f->type) {
	case FT_DATE:
	case FT_MONTH:
		return *field_i32(rec, flt->f) == flt->date;
	case FT_INT:
	case FT_MONEY:
		return *field_i64(rec, flt->f) == flt->num;
	case FT_REAL:
		return *field_real(rec, flt->f) == flt->real;
	default:
		return strcmp(*field_str(rec, flt->f), flt->value) == 0;
	}
}

/* Read VALUE as FIELD's type into flt; a usage message into why if not. */
static int
parse_filter(struct filter *flt, char *why, size_t size)
{
	const struct field *f = flt->f;
	const char *v = flt->value;
	char *end;

	switch (f->type) {
	case FT_DATE:
		if (date_parse(v, &flt->date) == 0)
			return 0;
		snprintf(why, size, "--%s: '%s' is not a date (YYYY-MM-DD or DD/MM/YYYY)", f->name, v);
		return -1;
	case FT_MONTH:
		if (month_parse(v, &flt->date) == 0)
			return 0;
		snprintf(why, size, "--%s: '%s' is not a month (YYYY-MM or MM/YYYY)", f->name, v);
		return -1;
	case FT_BOOL:
		if (!strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "1")) {
			flt->num = 1;
			return 0;
		}
		if (!strcmp(v, "false") || !strcmp(v, "no") || !strcmp(v, "0")) {
			flt->num = 0;
			return 0;
		}
		snprintf(why, size, "--%s: '%s' is not yes or no (true or false)", f->name, v);
		return -1;
	case FT_INT:
		errno = 0;
		flt->num = strtoll(v, &end, 10);
		if (*v && *end == '\0' && errno == 0 && !isspace((unsigned char)*v))
			return 0;
		snprintf(why, size, "--%s: '%s' is not a whole number", f->name, v);
		return -1;
	case FT_MONEY:
		if (money_parse(v, &flt->num) == 0)
			return 0;
		snprintf(why, size, "--%s: '%s' is not an amount in whole pounds (38000000 or \u00a338,000,000)",
			 f->name, v);
		return -1;
	case FT_REAL:
		flt->real = strtod(v, &end);
		if (*v && *end == '\0' && !isspace((unsigned char)*v) && isfinite(flt->real))
			return 0;
		snprintf(why, size, "--%s: '%s' is not a number", f->name, v);
		return -1;
	case FT_ENUM:
		if (enum_index(f->values, v) >= 0)
			return 0;
		{
			size_t n = (size_t)snprintf(why, size, "--%s: '%s' is not one of", f->name, v);

			for (size_t i = 0; f->values[i] && n < size; i++)
				n += (size_t)snprintf(why + n, size - n, "%s %s", i ? "," : "",
						      f->values[i]);
		}
		return -1;
	default:
		return 0;
	}
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
		const char *opt = argv[i], *val, *eq;
		char name[128];

		if (strncmp(opt, "--", 2) != 0) {
			free(filters);
			return cli_usage(cli, usage, "unexpected argument '%s'", opt);
		}
		/* --FIELD VALUE or --FIELD=VALUE, as getopt reads other commands */
		eq = strchr(opt, '=');
		if (eq != NULL) {
			snprintf(name, sizeof(name), "%.*s", (int)(eq - opt), opt);
			val = eq + 1;
		} else if (i + 1 >= argc) {
			free(filters);
			return cli_usage(cli, usage, "%s needs a value", opt);
		} else {
			snprintf(name, sizeof(name), "%s", opt);
			val = argv[++i];
		}
		opt = name + 2;
		if (strcmp(opt, "format") == 0) {
			if (strcmp(val, "table") != 0 && strcmp(val, "csv") != 0) {
				free(filters);
				return cli_usage(cli, usage, "--format is table or csv, not '%s'", val);
			}
			format = val;
		} else if (strcmp(opt, "from") == 0 || strcmp(opt, "to") == 0) {
			int32_t d;

			if (datef == NULL) {
				free(filters);
				return cli_usage(cli, usage, "%s have no date to filter on", e->plural);
			}
			if (date_parse(val, &d) < 0) {
				free(filters);
				return cli_usage(cli, usage, "--%s: '%s' is not a date (YYYY-MM-DD or DD/MM/YYYY)",
						 opt, val);
			}
			*(opt[0] == 'f' ? &from : &to) = d;
		} else {
			const struct field *f = entity_field(e, opt);
			struct filter flt = { f, val, 0, 0, 0 };
			char why[1024];

			if (f == NULL) {
				fprintf(stderr, "folio: %s have no field '%s'; fields:", e->plural, opt);
				for (size_t k = 0; k < e->nfields; k++)
					fprintf(stderr, " %s", e->fields[k].name);
				fputc('\n', stderr);
				free(filters);
				return 2;
			}
			if (parse_filter(&flt, why, sizeof(why)) < 0) {
				free(filters);
				return cli_usage(cli, usage, "%s", why);
			}
			ALLOC_GROW(filters, nfilters + 1, alloc);
			filters[nfilters++] = flt;
		}
	}
	if (from && to && from > to) {
		char a[16], b[16];

		free(filters);
		return cli_usage(cli, usage, "--from %s is after --to %s: nothing could match",
				 date_format(from, a), date_format(to, b));
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
