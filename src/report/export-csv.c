/*
 * export-csv.c - an organisation's registers as CSV files, one per
 * register (export.h says what goes in).
 *
 * RFC 4180: fields separated by commas, records ended by CRLF, a field
 * quoted when it holds a comma, a quote or a line break, quotes doubled.
 * Values are as the model holds them, for programs as much as people:
 * dates YYYY-MM-DD, months YYYY-MM, money whole pounds, booleans
 * true/false, enums as spelt in schema.c. No byte-order mark: tools that
 * read CSV do not expect one (a spreadsheet wanting types should open the
 * XLSX export instead).
 *
 * Formula injection: a spreadsheet runs a cell that starts with = + - @
 * (and, in some, tab or CR) as a formula. Such a cell is quoted with an
 * apostrophe first, which spreadsheets show as text, the rule of the
 * CLI's own CSV (src/cli/table.c); a negative number ("-12") is left as
 * it is, since it is data and runs nothing.
 */
#include "report/export.h"
#include "core/date.h"
#include "core/error.h"
#include "core/csvout.h"
#include "core/strbuf.h"
#include "core/xmalloc.h"
#include "model/dataset.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Append one field to line, quoted and neutralised as need be. */
static void
field(struct strbuf *line, const char *raw)
{
	struct strbuf sb = STRBUF_INIT;

	export_clean(&sb, raw, 0);
	csvout_field(line, sb.buf);
	strbuf_release(&sb);
}

/* A value as text (into buf, or pointing at the record's own text). */
static const char *
value_text(const struct export_val *v, char *buf, size_t size)
{
	buf[0] = '\0';
	if (!v->present)
		return buf;
	switch (v->type) {
	case FT_TEXT:
	case FT_ENUM:
	case FT_REF:
		return v->s;
	case FT_DATE:
		return date_format(v->day, buf);
	case FT_MONTH:
		return month_format(v->day, buf);
	case FT_INT:
	case FT_MONEY:
		snprintf(buf, size, "%" PRId64, v->i);
		break;
	case FT_REAL:
		snprintf(buf, size, "%.15g", v->d);
		break;
	case FT_BOOL:
		snprintf(buf, size, "%s", v->b ? "true" : "false");
		break;
	}
	return buf;
}

static int
write_file(const char *dir, const char *name, const struct strbuf *sb,
	   struct error *err)
{
	char *path = xasprintf("%s/%s.csv", dir, name);
	FILE *f = fopen(path, "wb");
	int ret = -1;

	if (f == NULL) {
		error_set(err, ERR_IO, "cannot write %s: %s", path, strerror(errno));
		goto out;
	}
	if (fwrite(sb->buf, 1, sb->len, f) != sb->len) {
		error_set(err, ERR_IO, "writing %s: %s", path, strerror(errno));
		fclose(f);
		goto out;
	}
	if (fclose(f) != 0) {
		error_set(err, ERR_IO, "writing %s: %s", path, strerror(errno));
		goto out;
	}
	ret = 0;
out:
	free(path);
	return ret;
}

static void
pair(struct strbuf *sb, const char *key, const char *value)
{
	field(sb, key);
	strbuf_addch(sb, ',');
	field(sb, value ? value : "");
	strbuf_addstr(sb, "\r\n");
}

int
export_csv(const struct dataset *ds, const struct export_info *info,
	   const char *dir, struct error *err)
{
	const char *clearance = info && info->clearance ? info->clearance : marking_values[0];
	int32_t date = info && info->date ? info->date : date_today();
	struct strbuf sb = STRBUF_INIT, about = STRBUF_INIT;
	const struct organisation *org;
	struct dataset view;
	const char *marking = NULL;
	char buf[64], iso[16];
	int ret = -1;

	if (export_view(ds, clearance, &view, &marking, err) < 0)
		goto out;
	if (mkdir(dir, 0777) < 0 && errno != EEXIST) {
		error_set(err, ERR_IO, "cannot create %s: %s", dir, strerror(errno));
		goto out;
	}
	org = dataset_org(&view);
	strbuf_addstr(&about, "item,value\r\n");
	pair(&about, "organisation", org ? org->name : NULL);
	pair(&about, "organisation_code", org ? org->code : NULL);
	pair(&about, "exported_on", date_format(date, iso));
	pair(&about, "marking", marking);
	pair(&about, "clearance", clearance);
	pair(&about, "produced_by", "folio " FOLIO_VERSION);

	for (size_t r = 0; r < export_nregisters; r++) {
		const struct export_register *reg = &export_registers[r];
		struct export_col *cols;
		size_t ncols = export_columns(reg->kind, &cols);
		size_t n = dataset_count(&view, reg->kind);
		char *key;

		strbuf_reset(&sb);
		for (size_t c = 0; c < ncols; c++) {
			if (c)
				strbuf_addch(&sb, ',');
			field(&sb, cols[c].name);
		}
		strbuf_addstr(&sb, "\r\n");
		for (size_t i = 0; i < n; i++) {
			const void *rec = dataset_row(&view, reg->kind, i);

			for (size_t c = 0; c < ncols; c++) {
				struct export_val v;
				char text[64];

				export_value(&cols[c], rec, &v, buf, sizeof(buf));
				if (c)
					strbuf_addch(&sb, ',');
				field(&sb, value_text(&v, text, sizeof(text)));
			}
			strbuf_addstr(&sb, "\r\n");
		}
		free(cols);
		if (write_file(dir, reg->file, &sb, err) < 0)
			goto out;
		key = xasprintf("records:%s", reg->file);
		snprintf(buf, sizeof(buf), "%zu", n);
		pair(&about, key, buf);
		free(key);
	}
	if (write_file(dir, "about", &about, err) < 0)
		goto out;
	ret = 0;
out:
	dataset_release(&view);
	strbuf_release(&sb);
	strbuf_release(&about);
	return ret;
}
