/*
 * cmd-show.c - `folio show KIND KEY`: every field of one record, then the
 * records of other kinds that refer to it.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/table.h"
#include "core/error.h"
#include "model/dataset.h"
#include "model/schema.h"

static const char usage[] =
	"usage: folio [--db PATH] [--org CODE] show KIND KEY\n"
	"\n"
	"Show one record: KIND is singular or plural (programme, risk, ...), KEY\n"
	"its code, or for records keyed by several fields those fields joined\n"
	"by '/' as 'folio list' prints them (a return: SLP/2018-03/1).\n"
	"\n"
	"Examples:\n"
	"  folio show programme SLP\n"
	"  folio show risk PR-01\n";

#define REFERRERS_SHOWN 12

/* Print a long value wrapped at 76 columns, indented under its label. */
static void
put_wrapped(FILE *out, const char *s, int indent)
{
	int col = indent;
	const char *p = s;

	while (*p) {
		const char *w = p;
		int len = 0;

		if (*p == '\n') {
			fprintf(out, "\n%*s", indent, "");
			col = indent;
			p++;
			continue;
		}
		while (*w && *w != ' ' && *w != '\n') {
			if (((unsigned char)*w & 0xC0) != 0x80)
				len++;
			w++;
		}
		if (col > indent && col + 1 + len > 76) {
			fprintf(out, "\n%*s", indent, "");
			col = indent;
		} else if (col > indent) {
			fputc(' ', out);
			col++;
		}
		fwrite(p, 1, (size_t)(w - p), out);
		col += len;
		p = w;
		while (*p == ' ')
			p++;
	}
	fputc('\n', out);
}

static void
show_referrers(FILE *out, const struct dataset *ds, const struct entity *target,
	       const char *key)
{
	for (int k = 0; k < K__COUNT; k++) {
		const struct entity *e = entity_of(k);

		for (size_t i = 0; i < e->nfields; i++) {
			const struct field *f = &e->fields[i];
			size_t n = 0;

			if (f->type != FT_REF || f->ref != target->kind)
				continue;
			for (size_t r = 0; r < dataset_count(ds, k); r++) {
				void *rec = dataset_row(ds, k, r);
				const char *v = *field_str(rec, f);
				char kb[512];

				if (v == NULL || strcmp(v, key) != 0)
					continue;
				if (n == 0)
					fprintf(out, "\n%s (by %s):\n", e->plural, f->name);
				if (n < REFERRERS_SHOWN)
					fprintf(out, "  %s\n", record_key_text(e, rec, kb, sizeof(kb)));
				n++;
			}
			if (n > REFERRERS_SHOWN)
				fprintf(out, "  ... and %zu more ('folio list %s --%s %s')\n",
					n - REFERRERS_SHOWN, e->plural, f->name, key);
		}
	}
}

int
cmd_show(struct cli *cli, int argc, char **argv)
{
	struct error err = ERROR_INIT;
	struct dataset ds;
	const struct entity *e;
	void *found = NULL;
	int width = 0;

	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(usage, stdout);
			return 0;
		}
	if (argc != 3)
		return cli_usage(cli, usage, "show needs a KIND and a KEY");
	e = entity_by_name(argv[1]);
	if (e == NULL)
		return cli_usage(cli, usage, "'%s' is not a kind of record (see 'folio list kinds')",
				 argv[1]);
	if (cli_load(cli, &ds, &err) < 0) {
		dataset_release(&ds);
		return cli_fail(cli, &err);
	}
	for (size_t r = 0; r < dataset_count(&ds, e->kind) && !found; r++) {
		char kb[512];
		void *rec = dataset_row(&ds, e->kind, r);

		if (strcmp(record_key_text(e, rec, kb, sizeof(kb)), argv[2]) == 0)
			found = rec;
	}
	if (found == NULL) {
		error_set(&err, ERR_NOTFOUND, "no %s \"%s\" in %s (see 'folio list %s')",
			  e->name, argv[2], cli->org, e->plural);
		dataset_release(&ds);
		return cli_fail(cli, &err);
	}
	for (size_t i = 0; i < e->nfields; i++) {
		int n = (int)strlen(e->fields[i].name);

		if (n > width)
			width = n;
	}
	for (size_t i = 0; i < e->nfields; i++) {
		const struct field *f = &e->fields[i];
		char buf[65536];

		if (!field_present(found, f))
			continue;
		fprintf(cli->out, "%-*s  ", width, f->name);
		put_wrapped(cli->out, field_display(found, f, buf, sizeof(buf)), width + 2);
	}
	show_referrers(cli->out, &ds, e, argv[2]);
	dataset_release(&ds);
	return 0;
}
