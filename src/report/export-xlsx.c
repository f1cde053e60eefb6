/*
 * export-xlsx.c - an organisation's registers as one XLSX workbook, with
 * libxlsxwriter (export.h says what goes in).
 *
 * Cells carry their types, so a spreadsheet sorts, filters and sums them
 * without a conversion step: dates are Excel dates shown "31 Mar 2018",
 * months the first of the month shown "Mar 2018", money whole pounds
 * shown "£1,234,567", counts and scores numbers, booleans TRUE/FALSE.
 * Text is always written as text, never as a formula, so "=HYPERLINK(..)"
 * in a risk title stays words. The file's creation time is the export's
 * date, so the same data exported on the same day gives the same bytes.
 */
#include "report/export.h"
#include "core/date.h"
#include "core/error.h"
#include "core/fileout.h"
#include "core/strbuf.h"
#include "core/xmalloc.h"
#include "model/dataset.h"

#include <xlsxwriter.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The longest text an Excel cell holds, in characters; bytes kept below. */
#define XLSX_MAX_TEXT 32767
#define MIN_WIDTH 8.0
#define MAX_WIDTH 60.0

struct xl {
	lxw_workbook *wb;
	lxw_format *head, *date, *month, *money, *wrap, *title, *key;
	size_t cut;		/* cells cut to Excel's limit */
	lxw_error failed;	/* the first error libxlsxwriter gave */
};

static void
check(struct xl *x, lxw_error e)
{
	if (e != LXW_NO_ERROR && x->failed == LXW_NO_ERROR)
		x->failed = e;
}

static void
put_text(struct xl *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s,
	 lxw_format *fmt, double *width)
{
	struct strbuf sb = STRBUF_INIT;
	size_t w;

	/* as many bytes as Excel's characters: never past its limit */
	if (export_clean(&sb, s, XLSX_MAX_TEXT))
		x->cut++;
	check(x, worksheet_write_string(ws, r, c, sb.buf, fmt));
	if (width) {
		/* the longest line, as a cell shows it */
		const char *line = sb.buf;

		for (;;) {
			const char *nl = strchr(line, '\n');
			size_t len = 0;

			for (const char *p = line; *p && p != nl; p++)
				if (((unsigned char)*p & 0xC0) != 0x80)
					len++;
			w = len;
			if (w + 2 > *width)
				*width = (double)w + 2;
			if (nl == NULL)
				break;
			line = nl + 1;
		}
	}
	strbuf_release(&sb);
}

static void
put_day(struct xl *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, int32_t day,
	lxw_format *fmt, double *width)
{
	lxw_datetime dt = { 0, 0, 0, 0, 0, 0 };
	char iso[16];

	date_to_ymd(day, &dt.year, &dt.month, &dt.day);
	if (dt.year < 1900 || dt.year > 9999) {
		/* Excel has no day before 1900: the date as text */
		put_text(x, ws, r, c, date_format(day, iso), NULL, width);
		return;
	}
	check(x, worksheet_write_datetime(ws, r, c, &dt, fmt));
	if (*width < 13)
		*width = 13;
}

/* Write one typed value; *width grows to fit it. */
static void
put_value(struct xl *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
	  const struct export_val *v, double *width)
{
	char num[64];

	if (!v->present)
		return;
	switch (v->type) {
	case FT_TEXT:
	case FT_ENUM:
	case FT_REF:
		put_text(x, ws, r, c, v->s, NULL, width);
		break;
	case FT_DATE:
		put_day(x, ws, r, c, v->day, x->date, width);
		break;
	case FT_MONTH:
		put_day(x, ws, r, c, month_first_day(v->day), x->month, width);
		break;
	case FT_INT:
		check(x, worksheet_write_number(ws, r, c, (double)v->i, NULL));
		snprintf(num, sizeof(num), "%lld", (long long)v->i);
		if (strlen(num) + 2 > *width)
			*width = (double)strlen(num) + 2;
		break;
	case FT_MONEY:
		check(x, worksheet_write_number(ws, r, c, (double)v->i, x->money));
		/* "£1,234,567": digits, separators, the sign and the pound */
		snprintf(num, sizeof(num), "%lld", (long long)(v->i < 0 ? -v->i : v->i));
		if (strlen(num) + strlen(num) / 3 + 4 > *width)
			*width = (double)(strlen(num) + strlen(num) / 3 + 4);
		break;
	case FT_REAL:
		check(x, worksheet_write_number(ws, r, c, v->d, NULL));
		snprintf(num, sizeof(num), "%.10g", v->d);
		if (strlen(num) + 2 > *width)
			*width = (double)strlen(num) + 2;
		break;
	case FT_BOOL:
		check(x, worksheet_write_boolean(ws, r, c, v->b, NULL));
		if (*width < 8)
			*width = 8;
		break;
	}
}

/* Header and footer for print: the marking, and where the page is. */
static void
print_setup(struct xl *x, lxw_worksheet *ws, const char *marking, int landscape)
{
	struct strbuf h = STRBUF_INIT, f = STRBUF_INIT;

	/* '&' starts a code in Excel's header language: a literal one is doubled */
	strbuf_addstr(&h, "&C&\"-,Bold\"");
	strbuf_addstr(&f, "&L&A&C&\"-,Bold\"");
	for (const char *p = marking; *p; p++) {
		if (*p == '&') {
			strbuf_addch(&h, '&');
			strbuf_addch(&f, '&');
		}
		strbuf_addch(&h, *p);
		strbuf_addch(&f, *p);
	}
	strbuf_addstr(&f, "&\"-,Regular\"&RPage &P of &N");
	check(x, worksheet_set_header(ws, h.buf));
	check(x, worksheet_set_footer(ws, f.buf));
	worksheet_set_paper(ws, 9);	/* A4 */
	if (landscape)
		worksheet_set_landscape(ws);
	worksheet_fit_to_pages(ws, 1, 0);
	strbuf_release(&h);
	strbuf_release(&f);
}

/* One register as one sheet; returns its number of records. */
static size_t
register_sheet(struct xl *x, const struct dataset *view,
	       const struct export_register *reg, const char *marking)
{
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, reg->sheet);
	struct export_col *cols;
	size_t ncols = export_columns(reg->kind, &cols), n = dataset_count(view, reg->kind);
	double *width = xcalloc(ncols ? ncols : 1, sizeof(*width));
	struct export_val v;
	char buf[64];

	if (ws == NULL) {
		check(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
		free(width);
		free(cols);
		return 0;
	}
	for (size_t c = 0; c < ncols; c++) {
		put_text(x, ws, 0, (lxw_col_t)c, cols[c].title, x->head, &width[c]);
		width[c] += 1;	/* room for the filter's button */
	}
	for (size_t i = 0; i < n; i++) {
		const void *rec = dataset_row(view, reg->kind, i);

		for (size_t c = 0; c < ncols; c++) {
			export_value(&cols[c], rec, &v, buf, sizeof(buf));
			put_value(x, ws, (lxw_row_t)(i + 1), (lxw_col_t)c, &v, &width[c]);
		}
	}
	for (size_t c = 0; c < ncols; c++) {
		double w = width[c] < MIN_WIDTH ? MIN_WIDTH : width[c] > MAX_WIDTH ?
			MAX_WIDTH : width[c];

		check(x, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, w, NULL));
	}
	worksheet_freeze_panes(ws, 1, 0);
	if (ncols > 0)
		check(x, worksheet_autofilter(ws, 0, 0, (lxw_row_t)n, (lxw_col_t)(ncols - 1)));
	check(x, worksheet_repeat_rows(ws, 0, 0));
	print_setup(x, ws, marking, 1);
	free(width);
	free(cols);
	return n;
}

static void
about_row(struct xl *x, lxw_worksheet *ws, lxw_row_t *r, const char *key,
	  const char *value)
{
	put_text(x, ws, *r, 0, key, x->key, NULL);
	put_text(x, ws, *r, 1, value ? value : "", x->wrap, NULL);
	(*r)++;
}

/* The first sheet: whose data, when, how marked, for whom, what is where. */
static lxw_worksheet *
about_sheet(struct xl *x, const struct dataset *ds, const struct export_info *info,
	    const char *marking, const char *clearance, lxw_row_t *next)
{
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, "About");
	const struct organisation *org = dataset_org(ds);
	lxw_row_t r = 0;
	char *title, *name;

	if (ws == NULL)
		return NULL;
	worksheet_set_column(ws, 0, 0, 24, NULL);
	worksheet_set_column(ws, 1, 1, 70, NULL);
	worksheet_set_column(ws, 2, 2, 60, NULL);
	name = org ? xasprintf("%s (%s)", org->name ? org->name : org->code, org->code) :
		xstrdup("(no organisation)");
	title = xasprintf("Registers of %s", org && org->name ? org->name :
			  org ? org->code : "an organisation");
	put_text(x, ws, r, 0, title, x->title, NULL);
	r += 2;
	about_row(x, ws, &r, "Organisation", name);
	put_text(x, ws, r, 0, "Exported on", x->key, NULL);
	{
		double ignore = 0;

		put_day(x, ws, r, 1, info->date, x->date, &ignore);
	}
	r++;
	about_row(x, ws, &r, "Protective marking", marking);
	about_row(x, ws, &r, "Clearance used", clearance);
	about_row(x, ws, &r, "What is left out",
		  "Every record marked above the clearance, and everything that "
		  "belongs to a programme, project or portfolio marked above it. "
		  "The workbook carries the highest marking of what it holds.");
	about_row(x, ws, &r, "Produced by", "folio " FOLIO_VERSION);
	r++;
	put_text(x, ws, r, 0, "Sheet", x->head, NULL);
	put_text(x, ws, r, 1, "What each row is", x->head, NULL);
	put_text(x, ws, r, 2, "Records", x->head, NULL);
	r++;
	*next = r;
	free(title);
	free(name);
	return ws;
}

/*
 * The file libxlsxwriter is to write (heap): a new file beside path,
 * renamed over it once complete, so that a failed export leaves no
 * half-written workbook; path itself when it names no regular file
 * (/dev/stdout, a link). Made here, so that a folder that is missing or
 * cannot be written is reported in folio's words: libxlsxwriter has no
 * option to keep quiet, and prints its own guess ("Usually a permissions
 * error") to stderr. NULL with err filled on failure.
 */
static char *
output_file(const char *path, struct error *err)
{
	struct stat sb;
	char *tmp;
	int fd;

	if (lstat(path, &sb) == 0 && !S_ISREG(sb.st_mode))
		return xstrdup(path);
	fd = fileout_temp(path, &tmp, err);
	if (fd < 0)
		return NULL;
	close(fd);
	return tmp;
}

int
export_xlsx(const struct dataset *ds, const struct export_info *info,
	    const char *path, struct error *err)
{
	struct dataset view;
	struct xl x;
	lxw_workbook_options opt;
	lxw_doc_properties props;
	lxw_worksheet *about;
	const struct organisation *org = dataset_org(ds);
	const char *marking = NULL;
	const char *clearance = info && info->clearance ? info->clearance : marking_values[0];
	struct export_info in = { clearance, info && info->date ? info->date : date_today() };
	char *title = NULL, *out;
	lxw_error e;
	lxw_row_t r;

	memset(&x, 0, sizeof(x));
	memset(&opt, 0, sizeof(opt));
	if (export_view(ds, clearance, &view, &marking, err) < 0) {
		dataset_release(&view);
		return -1;
	}
	out = output_file(path, err);
	if (out == NULL) {
		dataset_release(&view);
		return -1;
	}
	x.wb = workbook_new_opt(out, &opt);
	if (x.wb == NULL) {
		if (strcmp(out, path) != 0)
			unlink(out);
		free(out);
		dataset_release(&view);
		return error_set(err, ERR_IO, "cannot create %s", path);
	}
	x.head = workbook_add_format(x.wb);
	format_set_bold(x.head);
	format_set_bg_color(x.head, 0xF3F2F1);
	format_set_bottom(x.head, LXW_BORDER_MEDIUM);
	format_set_text_wrap(x.head);
	format_set_align(x.head, LXW_ALIGN_VERTICAL_TOP);
	x.date = workbook_add_format(x.wb);
	format_set_num_format(x.date, "d mmm yyyy");
	format_set_align(x.date, LXW_ALIGN_LEFT);
	x.month = workbook_add_format(x.wb);
	format_set_num_format(x.month, "mmm yyyy");
	format_set_align(x.month, LXW_ALIGN_LEFT);
	x.money = workbook_add_format(x.wb);
	format_set_num_format(x.money, "\xC2\xA3#,##0;-\xC2\xA3#,##0");
	x.wrap = workbook_add_format(x.wb);
	format_set_text_wrap(x.wrap);
	format_set_align(x.wrap, LXW_ALIGN_VERTICAL_TOP);
	x.key = workbook_add_format(x.wb);
	format_set_bold(x.key);
	format_set_align(x.key, LXW_ALIGN_VERTICAL_TOP);
	x.title = workbook_add_format(x.wb);
	format_set_bold(x.title);
	format_set_font_size(x.title, 16);

	memset(&props, 0, sizeof(props));
	title = xasprintf("Registers of %s", org && org->name ? org->name :
			  org ? org->code : "an organisation");
	props.title = title;
	props.subject = (char *)marking;
	props.author = (char *)"folio";
	props.comments = (char *)"Exported by folio; see the About sheet.";
	props.created = (time_t)(in.date - date_from_ymd(1970, 1, 1)) * 86400;
	check(&x, workbook_set_properties(x.wb, &props));

	about = about_sheet(&x, &view, &in, marking, clearance, &r);
	for (size_t i = 0; i < export_nregisters; i++) {
		const struct export_register *reg = &export_registers[i];
		size_t n = register_sheet(&x, &view, reg, marking);

		if (about) {
			char *what = xstrdup(entity_of(reg->kind)->help);

			if (what[0] >= 'a' && what[0] <= 'z')
				what[0] = (char)(what[0] - 'a' + 'A');
			put_text(&x, about, r, 0, reg->sheet, NULL, NULL);
			put_text(&x, about, r, 1, what, x.wrap, NULL);
			free(what);
			check(&x, worksheet_write_number(about, r, 2, (double)n, NULL));
			r++;
		}
	}
	if (about) {
		if (x.cut) {
			char *note = xasprintf("%zu cells held more than Excel's 32,767 "
					       "characters and were cut short; the CSV "
					       "export has them whole.", x.cut);

			r++;
			about_row(&x, about, &r, "Cut short", note);
			free(note);
		}
		print_setup(&x, about, marking, 0);
		worksheet_activate(about);
	}
	e = workbook_close(x.wb);
	check(&x, e);
	dataset_release(&view);
	free(title);
	if (x.failed == LXW_NO_ERROR && strcmp(out, path) != 0 &&
	    rename(out, path) != 0) {
		error_set(err, ERR_IO, "cannot write %s: %s", path, strerror(errno));
		unlink(out);
		free(out);
		return -1;
	}
	if (x.failed != LXW_NO_ERROR) {
		if (strcmp(out, path) != 0)
			unlink(out);
		free(out);
		return error_set(err, ERR_IO, "writing %s: %s", path, lxw_strerror(x.failed));
	}
	free(out);
	return 0;
}
