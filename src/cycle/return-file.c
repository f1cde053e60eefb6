/*
 * return-file.c - a programme's return as a file (return-file.h): the
 * strict JSON and CSV readers, and the pre-filled template.
 *
 * The reader walks the JSON tree against the model's field descriptors,
 * as the interchange reader does, but a return carries only part of each
 * record: the row's key, the fields a return may change and some context
 * for the author. Which is which is the table `sections` below.
 */
#include "cycle/return-file.h"

#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/csvout.h"
#include "core/date.h"
#include "core/error.h"
#include "core/strbuf.h"
#include "core/xmalloc.h"
#include "import/interchange.h"
#include "model/dataset.h"
#include "model/schema.h"
#include "model/validate.h"

/* Longest piece of an offending value quoted back in a message. */
#define QUOTE_MAX (INTERCHANGE_DESCRIBE_MAX / 2)

/* --- what a return may say ------------------------------------------------ */

struct section_spec {
	const char *member;	/* JSON member */
	enum kind kind;
	const char *key;	/* the row's key field */
	const char *const *update;	/* fields a return may change */
	const char *const *context;	/* fields shown for reference */
	int array;		/* an array of rows (else one object) */
};

static const char *const ms_update[] = { "forecast_date", "actual_date", NULL };
static const char *const ms_context[] = { "name", "key", "baseline_date", NULL };
static const char *const risk_update[] = { "current_likelihood",
	"current_impact", "status", "proximity", "response", NULL };
static const char *const title_context[] = { "title", NULL };
static const char *const issue_update[] = { "severity", "status",
	"resolution", "resolved", NULL };
static const char *const benefit_update[] = { "actual", NULL };
static const char *const benefit_context[] = { "title", "planned", NULL };
static const char *const finance_update[] = { "capital_forecast",
	"revenue_forecast", "capital_actual", "revenue_actual", NULL };
static const char *const finance_context[] = { "capital_budget",
	"revenue_budget", NULL };

static const struct section_spec sections[RS__COUNT] = {
	[RS_MILESTONES] = { "milestones", K_MILESTONE, "code", ms_update,
			    ms_context, 1 },
	[RS_RISKS] = { "risks", K_RISK, "code", risk_update, title_context, 1 },
	[RS_ISSUES] = { "issues", K_ISSUE, "code", issue_update, title_context,
			1 },
	[RS_BENEFITS] = { "benefits", K_BENEFIT_VALUE, "benefit",
			  benefit_update, benefit_context, 1 },
	[RS_FINANCE] = { "finance", K_FINANCE, "year", finance_update,
			 finance_context, 0 },
};

/* Members of "return": the narrative, the ratings and the money. */
static const char *const return_update[] = { "dca", "sro_dca", "headline",
	"commentary", "achievements", "next_period", "spend_to_date",
	"forecast", "assumption", NULL };

static int
in_list(const char *const *list, const char *s)
{
	for (size_t i = 0; list[i]; i++)
		if (strcmp(list[i], s) == 0)
			return 1;
	return 0;
}

enum kind
return_section_kind(enum return_section s)
{
	return sections[s].kind;
}

const char *
return_section_member(enum return_section s)
{
	return sections[s].member;
}

int
return_field_role(enum return_section s, const char *field)
{
	const struct section_spec *sp = &sections[s];

	if (strcmp(field, sp->key) == 0)
		return RF_KEY;
	if (in_list(sp->update, field))
		return RF_UPDATE;
	if (in_list(sp->context, field))
		return RF_CONTEXT;
	return 0;
}

int
return_member_role(const char *field)
{
	return in_list(return_update, field) ? RF_UPDATE : 0;
}

/* Index of field name in e, or -1. */
static int
field_index(const struct entity *e, const char *name)
{
	for (size_t i = 0; i < e->nfields; i++)
		if (strcmp(e->fields[i].name, name) == 0)
			return (int)i;
	return -1;
}

void
cycle_return_init(struct cycle_return *r)
{
	memset(r, 0, sizeof(*r));
	dataset_init(&r->ds);
	r->version = INT_NONE;
}

void
cycle_return_release(struct cycle_return *r)
{
	for (int s = 0; s < RS__COUNT; s++)
		free(r->rows[s]);
	dataset_release(&r->ds);
	memset(r, 0, sizeof(*r));
	dataset_init(&r->ds);
	r->version = INT_NONE;
}

/* --- reading JSON ---------------------------------------------------------- */

struct reader {
	struct cycle_return *r;
	const char *source;
	struct error *err;
};

static int
rfail(struct reader *rd, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int
rfail(struct reader *rd, const char *path, const char *fmt, ...)
{
	va_list ap;

	if (rd->err == NULL)
		return -1;
	rd->err->code = ERR_INPUT;
	snprintf(rd->err->where, sizeof(rd->err->where), "%s%s%s",
		 rd->source ? rd->source : "", rd->source && path ? ": " : "",
		 path ? path : "");
	va_start(ap, fmt);
	vsnprintf(rd->err->msg, sizeof(rd->err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

/* The interchange reader's wording for values and fields (interchange.h). */
#define describe interchange_describe

static int
read_value(struct reader *rd, const char *path, void *rec,
	   const struct field *f, const json_t *v)
{
	return interchange_read_value(&rd->r->ds, rd->source, path, rec, f, v,
				      rd->err);
}

static const char *
article(const char *word)
{
	return strchr("aeiou", word[0]) ? "an" : "a";
}

static struct return_row *
add_row(struct cycle_return *r, enum return_section s)
{
	struct return_row *row;

	ALLOC_GROW(r->rows[s], r->nrows[s] + 1, r->alloc[s]);
	row = &r->rows[s][r->nrows[s]++];
	memset(row, 0, sizeof(*row));
	row->rec = dataset_add(&r->ds, sections[s].kind);
	return row;
}

/* The row's key as text, for duplicate checks. */
static void
row_key(enum return_section s, const struct return_row *row, char *buf,
	size_t size)
{
	const struct entity *e = entity_of(sections[s].kind);
	int i = field_index(e, sections[s].key);

	field_text(row->rec, &e->fields[i], buf, size);
}

/* A row's key and position, for finding duplicates by sorting. */
struct keyed {
	const char *key;
	size_t i;
};

static int
cmp_keyed(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	if (c)
		return c;
	return x->i < y->i ? -1 : x->i > y->i;
}

/*
 * Refuse a section in which two rows have the same key, naming the first
 * row (in file order) that repeats an earlier one. Sorting keeps this
 * O(n log n) for programmes with thousands of milestones.
 */
static int
check_duplicates(struct cycle_return *r, enum return_section s,
		 const char *what, struct error *err)
{
	const struct entity *e = entity_of(sections[s].kind);
	const struct field *kf = &e->fields[field_index(e, sections[s].key)];
	struct keyed *v;
	size_t n = r->nrows[s], bad = SIZE_MAX, first = 0;
	char a[256];

	if (n < 2 || (kf->type != FT_TEXT && kf->type != FT_REF))
		return 0;
	v = xmalloc(n * sizeof(*v));
	for (size_t i = 0; i < n; i++) {
		v[i].key = *field_str(r->rows[s][i].rec, kf);
		v[i].i = i;
	}
	qsort(v, n, sizeof(*v), cmp_keyed);
	for (size_t i = 1; i < n; i++)
		if (strcmp(v[i].key, v[i - 1].key) == 0 && v[i].i < bad) {
			size_t j = i;

			while (j > 0 && strcmp(v[j - 1].key, v[i].key) == 0)
				j--;
			bad = v[i].i;
			first = v[j].i;
		}
	free(v);
	if (bad == SIZE_MAX)
		return 0;
	row_key(s, &r->rows[s][bad], a, sizeof(a));
	if (err) {
		err->code = ERR_INPUT;
		snprintf(err->where, sizeof(err->where), "%s", r->rows[s][bad].where);
		snprintf(err->msg, sizeof(err->msg), "%s %s is given twice (first at %s)",
			 what, a, r->rows[s][first].where);
	}
	return -1;
}

/* What a section's row is called in messages. */
static const char *
row_noun(enum return_section s)
{
	switch (s) {
	case RS_MILESTONES:
		return "milestone";
	case RS_RISKS:
		return "risk";
	case RS_ISSUES:
		return "issue";
	case RS_BENEFITS:
		return "benefit";
	case RS_FINANCE:
	case RS__COUNT:
		break;
	}
	return "finance line";
}

/* One row object of section s at path ("milestones[3]"). */
static int
read_row(struct reader *rd, enum return_section s, const char *path,
	 const json_t *obj)
{
	const struct section_spec *sp = &sections[s];
	const struct entity *e = entity_of(sp->kind);
	struct return_row *row;
	char got[QUOTE_MAX * 2 + 16], fpath[512], where[600];
	const char *name;
	json_t *v;

	if (!json_is_object(obj))
		return rfail(rd, path, "expected an object (one %s), got %s",
			     row_noun(s), describe(obj, got, sizeof(got)));
	row = add_row(rd->r, s);
	snprintf(where, sizeof(where), "%s%s%s", rd->source ? rd->source : "",
		 rd->source ? ": " : "", path);
	row->where = dataset_strdup(&rd->r->ds, where);
	json_object_foreach((json_t *)obj, name, v) {
		int role = return_field_role(s, name);
		int i = field_index(e, name);

		snprintf(fpath, sizeof(fpath), "%s.%s", path, name);
		if (role == 0)
			return rfail(rd, path,
				     "unknown field \"%s\" for %s %s in a return (a return may change %s%s)",
				     name, article(row_noun(s)), row_noun(s),
				     sp->update[0], sp->update[1] ? " and the like" : "");
		if (s == RS_BENEFITS && strcmp(name, "title") == 0) {
			if (!json_is_string(v) && !json_is_null(v))
				return rfail(rd, fpath, "expected a string, got %s",
					     describe(v, got, sizeof(got)));
			row->has_title = 1;
			row->title = json_is_string(v) ?
				dataset_strdup(&rd->r->ds, json_string_value(v)) : NULL;
			continue;
		}
		if (role == RF_KEY && json_is_null(v))
			return rfail(rd, fpath, "the %s of %s %s is required",
				     name, article(row_noun(s)), row_noun(s));
		if (read_value(rd, fpath, row->rec, &e->fields[i], v) < 0)
			return -1;
		row->given |= (uint64_t)1 << i;
	}
	if (!(row->given & ((uint64_t)1 << field_index(e, sp->key))))
		return rfail(rd, path, "%s %s needs its %s", article(row_noun(s)),
			     row_noun(s), sp->key);
	return 0;
}

static int
read_section(struct reader *rd, enum return_section s, const json_t *v)
{
	const struct section_spec *sp = &sections[s];
	char got[QUOTE_MAX * 2 + 16], path[128];
	size_t i;
	json_t *item;

	if (!sp->array) {
		if (json_is_null(v))
			return 0;
		return read_row(rd, s, sp->member, v);
	}
	if (!json_is_array(v))
		return rfail(rd, sp->member, "expected an array of %ss, got %s",
			     row_noun(s), describe(v, got, sizeof(got)));
	json_array_foreach(v, i, item) {
		snprintf(path, sizeof(path), "%s[%zu]", sp->member, i);
		if (read_row(rd, s, path, item) < 0)
			return -1;
	}
	return check_duplicates(rd->r, s, row_noun(s), rd->err);
}

/* The "return" object: the return record's own fields. */
static int
read_return_object(struct reader *rd, const json_t *obj)
{
	const struct entity *e = entity_of(K_RETURN);
	char got[QUOTE_MAX * 2 + 16], fpath[128];
	const char *name;
	json_t *v;

	if (!json_is_object(obj))
		return rfail(rd, "return", "expected an object, got %s",
			     describe(obj, got, sizeof(got)));
	json_object_foreach((json_t *)obj, name, v) {
		int i = field_index(e, name);

		snprintf(fpath, sizeof(fpath), "return.%s", name);
		if (!return_member_role(name))
			return rfail(rd, "return",
				     i >= 0 ? "field \"%s\" is set by folio, not by a return" :
				     "unknown field \"%s\" for a return", name);
		if (read_value(rd, fpath, rd->r->ret, &e->fields[i], v) < 0)
			return -1;
		rd->r->ret_given |= (uint64_t)1 << i;
	}
	return 0;
}

static int
read_document(struct reader *rd, const json_t *doc)
{
	struct cycle_return *r = rd->r;
	const struct entity *re = entity_of(K_RETURN);
	char got[QUOTE_MAX * 2 + 16];
	const json_t *v;
	const char *name;
	int seen_programme = 0, seen_period = 0;

	if (!json_is_object(doc))
		return rfail(rd, NULL, "expected a JSON object at the top level, got %s",
			     describe(doc, got, sizeof(got)));
	v = json_object_get(doc, "folio_return");
	if (v == NULL)
		return rfail(rd, NULL, "this is not a folio return: \"folio_return\": %d is missing",
			     RETURN_FILE_VERSION);
	if (!json_is_integer(v) || json_integer_value(v) != RETURN_FILE_VERSION)
		return rfail(rd, "folio_return", "expected the format version %d, got %s",
			     RETURN_FILE_VERSION, describe(v, got, sizeof(got)));
	r->ret = dataset_add(&r->ds, K_RETURN);
	json_object_foreach((json_t *)doc, name, v) {
		int s;

		if (strcmp(name, "folio_return") == 0)
			continue;
		if (strcmp(name, "organisation") == 0) {
			if (!json_is_string(v))
				return rfail(rd, name, "expected an organisation code, got %s",
					     describe(v, got, sizeof(got)));
			r->organisation = dataset_strdup(&r->ds, json_string_value(v));
			continue;
		}
		if (strcmp(name, "programme") == 0) {
			if (read_value(rd, name, r->ret, &re->fields[0], v) < 0)
				return -1;
			seen_programme = r->ret->programme != NULL;
			continue;
		}
		if (strcmp(name, "period") == 0) {
			if (read_value(rd, name, r->ret, &re->fields[1], v) < 0)
				return -1;
			seen_period = r->ret->period != 0;
			continue;
		}
		if (strcmp(name, "version") == 0) {
			if (!json_is_null(v) &&
			    read_value(rd, name, r->ret, &re->fields[2], v) < 0)
				return -1;
			r->version = r->ret->version;
			continue;
		}
		if (strcmp(name, "return") == 0) {
			if (read_return_object(rd, v) < 0)
				return -1;
			continue;
		}
		for (s = 0; s < RS__COUNT; s++)
			if (strcmp(name, sections[s].member) == 0)
				break;
		if (s == RS__COUNT)
			return rfail(rd, NULL, "unknown member \"%s\" in a return", name);
		if (read_section(rd, s, v) < 0)
			return -1;
	}
	if (!seen_programme)
		return rfail(rd, NULL, "the return names no programme (\"programme\")");
	if (!seen_period)
		return rfail(rd, NULL, "the return names no period (\"period\": \"YYYY-MM\")");
	/* folio sets the version it records; the file's is only checked */
	r->ret->version = INT_NONE;
	return 0;
}

int
cycle_return_read(struct cycle_return *r, const char *text, size_t len,
		  const char *source, struct error *err)
{
	struct reader rd = { r, NULL, err };
	json_error_t jerr;
	json_t *doc;
	int ret;

	cycle_return_release(r);
	r->source = source ? dataset_strdup(&r->ds, source) : NULL;
	rd.source = r->source;
	/* a UTF-8 byte-order mark, as some editors write */
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
		text += 3;
		len -= 3;
	}
	doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (doc == NULL) {
		if (err) {
			err->code = ERR_INPUT;
			/* FILE:LINE:COLUMN, as the interchange reader says it */
			snprintf(err->where, sizeof(err->where), "%s:%d:%d",
				 source ? source : "<input>", jerr.line, jerr.column);
			snprintf(err->msg, sizeof(err->msg), "malformed JSON: %s", jerr.text);
		}
		return -1;
	}
	ret = read_document(&rd, doc);
	json_decref(doc);
	return ret;
}

static int
read_whole_file(const char *path, struct strbuf *sb, struct error *err)
{
	if (strbuf_read_file(sb, path, RETURN_FILE_MAX) < 0)
		return error_at(err, ERR_IO, path, "cannot read: %s",
				errno == EFBIG ? "the file is too large" : strerror(errno));
	return 0;
}

int
cycle_return_read_file(struct cycle_return *r, const char *path,
		       struct error *err)
{
	struct strbuf sb = STRBUF_INIT;
	int ret = -1;

	if (read_whole_file(path, &sb, err) == 0)
		ret = cycle_return_read(r, sb.buf, sb.len, path, err);
	strbuf_release(&sb);
	return ret;
}

/* --- reading CSV ------------------------------------------------------------ */

/*
 * A strict RFC 4180 reader: fields separated by commas, optionally in
 * double quotes ("" for a quote; newlines allowed inside), records ending
 * in LF or CRLF. One record at a time into cells (heap strings).
 */
struct csv {
	const char *p, *end;
	long line;		/* line the next record starts on */
	char **cells;
	size_t n, alloc;
	const char *bol;	/* where the current line began */
	struct csv_pos {
		long line, column;	/* where each cell began, from 1 */
	} *pos;
	size_t pos_alloc;
};

static void
csv_clear(struct csv *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->cells[i]);
	c->n = 0;
}

/* Next record: 1, 0 at the end, -1 with *why set on a malformed one. */
static int
csv_next(struct csv *c, const char **why)
{
	struct strbuf cell = STRBUF_INIT;
	int ret = 1;

	csv_clear(c);
	if (c->p >= c->end)
		return 0;
	for (;;) {
		strbuf_reset(&cell);
		ALLOC_GROW(c->pos, c->n + 1, c->pos_alloc);
		c->pos[c->n].line = c->line;
		c->pos[c->n].column = (long)(c->p - c->bol) + 1;
		if (c->p < c->end && *c->p == '"') {
			c->p++;
			for (;;) {
				if (c->p >= c->end) {
					*why = "a quoted field is not closed";
					ret = -1;
					goto out;
				}
				if (*c->p == '"') {
					if (c->p + 1 < c->end && c->p[1] == '"') {
						strbuf_addch(&cell, '"');
						c->p += 2;
						continue;
					}
					c->p++;
					break;
				}
				if (*c->p == '\n') {
					c->line++;
					c->bol = c->p + 1;
				}
				strbuf_addch(&cell, *c->p++);
			}
			if (c->p < c->end && *c->p != ',' && *c->p != '\n' &&
			    !(*c->p == '\r' && c->p + 1 < c->end && c->p[1] == '\n')) {
				*why = "text after a closing quote";
				ret = -1;
				goto out;
			}
		} else {
			while (c->p < c->end && *c->p != ',' && *c->p != '\n' &&
			       !(*c->p == '\r' && c->p + 1 < c->end && c->p[1] == '\n')) {
				if (*c->p == '"') {
					*why = "a quote inside an unquoted field";
					ret = -1;
					goto out;
				}
				strbuf_addch(&cell, *c->p++);
			}
		}
		ALLOC_GROW(c->cells, c->n + 1, c->alloc);
		c->cells[c->n++] = strbuf_detach(&cell, NULL);
		if (c->p < c->end && *c->p == ',') {
			c->p++;
			continue;
		}
		if (c->p < c->end && *c->p == '\r')
			c->p++;
		if (c->p < c->end && *c->p == '\n') {
			c->p++;
			c->line++;
			c->bol = c->p;
		}
		break;
	}
out:
	strbuf_release(&cell);
	return ret;
}

/* Text from a CSV cell into field f of rec; "" leaves it absent. */
static int
parse_text(struct dataset *ds, void *rec, const struct field *f,
	   const char *s)
{
	char *end;

	if (*s == '\0')
		return 0;
	/* the apostrophe that kept a formula-like cell inert (csvout_field) */
	if (s[0] == '\'' && csvout_formula(s + 1))
		s++;
	switch (f->type) {
	case FT_TEXT:
	case FT_REF:
		*field_str(rec, f) = dataset_strdup(ds, s);
		return 0;
	case FT_ENUM: {
		int i = enum_index(f->values, s);

		if (i < 0)
			return -1;
		*field_str(rec, f) = dataset_strdup(ds, f->values[i]);
		return 0;
	}
	case FT_DATE:
		return date_parse(s, field_i32(rec, f));
	case FT_MONTH:
		return month_parse(s, field_i32(rec, f));
	case FT_INT:
	case FT_MONEY: {
		long long x;

		errno = 0;
		x = strtoll(s, &end, 10);
		if (errno || *end || x == INT_NONE ||
		    (f->min < f->max && (x < f->min || x > f->max)))
			return -1;
		*field_i64(rec, f) = x;
		return 0;
	}
	case FT_REAL: {
		double x = strtod(s, &end);

		if (*end || !isfinite(x) ||
		    (f->min < f->max && (x < (double)f->min || x > (double)f->max)))
			return -1;
		*field_real(rec, f) = x;
		return 0;
	}
	case FT_BOOL:
		if (strcmp(s, "true") == 0 || strcmp(s, "yes") == 0 ||
		    strcmp(s, "1") == 0)
			*field_bool(rec, f) = 1;
		else if (strcmp(s, "false") == 0 || strcmp(s, "no") == 0 ||
			 strcmp(s, "0") == 0)
			*field_bool(rec, f) = 0;
		else
			return -1;
		return 0;
	}
	return -1;
}

/*
 * An error at FILE:LINE, or FILE:LINE:COLUMN for one cell (pos not NULL),
 * as the interchange reader names a place.
 */
static int
csv_fail(struct error *err, const char *source, long line,
	 const struct csv_pos *pos, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static int
csv_fail(struct error *err, const char *source, long line,
	 const struct csv_pos *pos, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return -1;
	err->code = ERR_INPUT;
	if (pos)
		snprintf(err->where, sizeof(err->where), "%s:%ld:%ld",
			 source ? source : "milestones.csv", pos->line, pos->column);
	else
		snprintf(err->where, sizeof(err->where), "%s:%ld",
			 source ? source : "milestones.csv", line);
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

int
cycle_return_read_csv(struct cycle_return *r, const char *text, size_t len,
		      const char *source, struct error *err)
{
	const struct entity *e = entity_of(K_MILESTONE);
	struct csv c = { text, text + len, 1, NULL, 0, 0, text, NULL, 0 };
	int *col = NULL, key_col = -1, ret = -1, rc;
	size_t ncols = 0;
	const char *why = NULL;
	long line;

	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		c.p = c.bol = text + 3;
	/* the CSV's rows replace the JSON's */
	r->nrows[RS_MILESTONES] = 0;
	r->milestones_from_csv = 1;
	line = c.line;
	rc = csv_next(&c, &why);
	if (rc <= 0) {
		csv_fail(err, source, line, NULL, rc < 0 ? why :
			 "the file is empty: expected a header row (code,forecast_date,...)");
		goto out;
	}
	ncols = c.n;
	col = xcalloc(ncols, sizeof(*col));
	for (size_t i = 0; i < ncols; i++) {
		const char *name = c.cells[i];

		if (return_field_role(RS_MILESTONES, name) == 0) {
			csv_fail(err, source, line, &c.pos[i],
				 "unknown column \"%s\" (expected code, name, key, baseline_date, forecast_date or actual_date)",
				 name);
			goto out;
		}
		col[i] = field_index(e, name);
		for (size_t j = 0; j < i; j++)
			if (col[j] == col[i]) {
				csv_fail(err, source, line, &c.pos[i], "column \"%s\" is named twice", name);
				goto out;
			}
		if (strcmp(name, "code") == 0)
			key_col = (int)i;
	}
	if (key_col < 0) {
		csv_fail(err, source, line, NULL, "the header has no \"code\" column");
		goto out;
	}
	for (;;) {
		struct return_row *row;
		char where[600];

		line = c.line;
		rc = csv_next(&c, &why);
		if (rc == 0)
			break;
		if (rc < 0) {
			csv_fail(err, source, line, NULL, "%s", why);
			goto out;
		}
		if (c.n == 1 && c.cells[0][0] == '\0')
			continue;	/* a blank line */
		if (c.n != ncols) {
			csv_fail(err, source, line, NULL, "expected %zu fields, as the header has, got %zu",
				 ncols, c.n);
			goto out;
		}
		row = add_row(r, RS_MILESTONES);
		snprintf(where, sizeof(where), "%s:%ld",
			 source ? source : "milestones.csv", line);
		row->where = dataset_strdup(&r->ds, where);
		row->csv = 1;
		for (size_t i = 0; i < ncols; i++) {
			const struct field *f = &e->fields[col[i]];

			if ((int)i == key_col && c.cells[i][0] == '\0') {
				csv_fail(err, source, line, &c.pos[i], "code: a milestone needs its code");
				goto out;
			}
			if (parse_text(&r->ds, row->rec, f, c.cells[i]) < 0) {
				char want[256];

				csv_fail(err, source, line, &c.pos[i], "%s: expected %s, got \"%.*s\"",
					 f->name, field_expected(f, want, sizeof(want)),
					 QUOTE_MAX, c.cells[i]);
				goto out;
			}
			row->given |= (uint64_t)1 << col[i];
		}
	}
	if (check_duplicates(r, RS_MILESTONES, "milestone", err) < 0)
		goto out;
	ret = 0;
out:
	csv_clear(&c);
	free(c.cells);
	free(c.pos);
	free(col);
	return ret;
}

int
cycle_return_read_csv_file(struct cycle_return *r, const char *path,
			   struct error *err)
{
	struct strbuf sb = STRBUF_INIT;
	int ret = -1;

	if (read_whole_file(path, &sb, err) == 0)
		ret = cycle_return_read_csv(r, sb.buf, sb.len, path, err);
	strbuf_release(&sb);
	return ret;
}

/* --- the template ----------------------------------------------------------- */

/* A JSON string: quotes, backslashes and control characters escaped. */
static void
json_str(struct strbuf *sb, const char *s)
{
	strbuf_addch(sb, '"');
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		switch (ch) {
		case '"':
			strbuf_addstr(sb, "\\\"");
			break;
		case '\\':
			strbuf_addstr(sb, "\\\\");
			break;
		case '\n':
			strbuf_addstr(sb, "\\n");
			break;
		case '\r':
			strbuf_addstr(sb, "\\r");
			break;
		case '\t':
			strbuf_addstr(sb, "\\t");
			break;
		default:
			if (ch < 0x20)
				strbuf_addf(sb, "\\u%04x", ch);
			else
				strbuf_addch(sb, (char)ch);
		}
	}
	strbuf_addch(sb, '"');
}

/* A field's value as JSON (null when absent). */
static void
json_field(struct strbuf *sb, const void *crec, const struct field *f)
{
	void *rec = (void *)crec;
	char buf[32];

	if (!field_present(rec, f)) {
		strbuf_addstr(sb, "null");
		return;
	}
	switch (f->type) {
	case FT_TEXT:
	case FT_ENUM:
	case FT_REF:
		json_str(sb, *field_str(rec, f));
		break;
	case FT_DATE:
		json_str(sb, date_format(*field_i32(rec, f), buf));
		break;
	case FT_MONTH:
		json_str(sb, month_format(*field_i32(rec, f), buf));
		break;
	case FT_INT:
	case FT_MONEY:
		strbuf_addf(sb, "%" PRId64, *field_i64(rec, f));
		break;
	case FT_REAL:
		strbuf_addstr(sb, interchange_format_real(*field_real(rec, f), buf));
		break;
	case FT_BOOL:
		strbuf_addstr(sb, *field_bool(rec, f) ? "true" : "false");
		break;
	}
}

/* Members of one object: `"name": value` lines at indent, comma-separated. */
struct jobj {
	struct strbuf *sb;
	const char *indent;
	int n;
};

static void
jkey(struct jobj *o, const char *name)
{
	strbuf_addstr(o->sb, o->n++ ? ",\n" : "\n");
	strbuf_addstr(o->sb, o->indent);
	json_str(o->sb, name);
	strbuf_addstr(o->sb, ": ");
}

static void
jfield(struct jobj *o, const void *rec, enum kind k, const char *name)
{
	const struct entity *e = entity_of(k);

	jkey(o, name);
	json_field(o->sb, rec, &e->fields[field_index(e, name)]);
}

static void
jend(struct jobj *o, const char *outdent)
{
	strbuf_addf(o->sb, "%s%s}", o->n ? "\n" : "", o->n ? outdent : "");
}

/* One row of section s: key, context, then what may change. */
static void
write_row(struct strbuf *sb, enum return_section s, const void *rec,
	  const void *context_rec, enum kind context_kind, const char *title,
	  const char *indent, const char *outdent)
{
	const struct section_spec *sp = &sections[s];
	struct jobj o = { sb, indent, 0 };

	strbuf_addch(sb, '{');
	jfield(&o, rec, sp->kind, sp->key);
	for (size_t i = 0; sp->context[i]; i++) {
		if (s == RS_BENEFITS && strcmp(sp->context[i], "title") == 0) {
			jkey(&o, "title");
			if (title)
				json_str(sb, title);
			else
				strbuf_addstr(sb, "null");
			continue;
		}
		jfield(&o, context_rec ? context_rec : rec,
		       context_rec ? context_kind : sp->kind, sp->context[i]);
	}
	for (size_t i = 0; sp->update[i]; i++)
		jfield(&o, rec, sp->kind, sp->update[i]);
	jend(&o, outdent);
}

/* Records of kind k (pointers into ds) matching keep(), sorted by key. */
static void **
select_rows(const struct dataset *ds, enum kind k,
	    int (*keep)(const struct dataset *, const void *, const char *, int32_t),
	    const char *programme, int32_t month, size_t *n)
{
	void **v = NULL;
	size_t alloc = 0;

	*n = 0;
	for (size_t i = 0; i < dataset_count(ds, k); i++) {
		void *rec = dataset_row(ds, k, i);

		if (!keep(ds, rec, programme, month))
			continue;
		ALLOC_GROW(v, *n + 1, alloc);
		v[(*n)++] = rec;
	}
	record_sort(entity_of(k), v, *n);
	return v;
}

/* Whether project code belongs to programme. */
static int
project_of(const struct dataset *ds, const char *project,
	   const char *programme)
{
	const struct project *p = project ? dataset_find(ds, K_PROJECT, project) : NULL;

	return p && p->programme && strcmp(p->programme, programme) == 0;
}

static int
keep_milestone(const struct dataset *ds, const void *rec, const char *prog,
	       int32_t month)
{
	const struct milestone *m = rec;

	(void)ds;
	return m->programme && strcmp(m->programme, prog) == 0 &&
	       (m->actual_date == 0 || m->actual_date >= month_first_day(month));
}

static int
keep_risk(const struct dataset *ds, const void *rec, const char *prog,
	  int32_t month)
{
	const struct risk *r = rec;

	(void)month;
	if (r->status == NULL || strcmp(r->status, "open") != 0)
		return 0;
	if (r->level && strcmp(r->level, "portfolio") == 0)
		return 0;
	return (r->programme && strcmp(r->programme, prog) == 0) ||
	       project_of(ds, r->project, prog);
}

static int
keep_issue(const struct dataset *ds, const void *rec, const char *prog,
	   int32_t month)
{
	const struct issue *is = rec;

	(void)month;
	if (is->status == NULL || strcmp(is->status, "open") != 0)
		return 0;
	if (is->level && strcmp(is->level, "portfolio") == 0)
		return 0;
	return (is->programme && strcmp(is->programme, prog) == 0) ||
	       project_of(ds, is->project, prog);
}

static int
keep_benefit(const struct dataset *ds, const void *rec, const char *prog,
	     int32_t month)
{
	const struct benefit *b = rec;

	(void)ds;
	(void)month;
	return b->programme && strcmp(b->programme, prog) == 0;
}

/*
 * The return to pre-fill from: month's own (latest version), else the
 * latest published one before month. *own says which.
 */
static const struct monthly_return *
prefill_source(const struct dataset *ds, const char *prog, int32_t month,
	       int *own)
{
	const struct monthly_return *best = NULL, *mine = NULL;

	DS_FOREACH(ds, K_RETURN, const struct monthly_return, r) {
		if (r->programme == NULL || strcmp(r->programme, prog) != 0)
			continue;
		if (r->period == month) {
			if (mine == NULL || r->version > mine->version)
				mine = r;
			continue;
		}
		if (r->period > month || r->status == NULL ||
		    strcmp(r->status, "published") != 0)
			continue;
		if (best == NULL || r->period > best->period ||
		    (r->period == best->period && r->version > best->version))
			best = r;
	}
	*own = mine != NULL;
	return mine ? mine : best;
}

static int
month_published(const struct dataset *ds, int32_t month)
{
	DS_FOREACH(ds, K_PERIOD, const struct period, p)
		if (p->month == month)
			return p->state && strcmp(p->state, "published") == 0;
	return 0;
}

/* One CSV cell (csvout_field()), then the separator or the line's end. */
static void
csv_cell(struct strbuf *sb, const char *s, int last)
{
	csvout_field(sb, s);
	strbuf_addstr(sb, last ? "\r\n" : ",");
}

static void
write_csv(struct strbuf *csv, void **ms, size_t n)
{
	static const char *const cols[] = { "code", "name", "key",
		"baseline_date", "forecast_date", "actual_date" };
	const struct entity *e = entity_of(K_MILESTONE);
	const size_t ncols = sizeof(cols) / sizeof(cols[0]);
	char buf[1024];

	for (size_t c = 0; c < ncols; c++)
		csv_cell(csv, cols[c], c + 1 == ncols);
	for (size_t i = 0; i < n; i++)
		for (size_t c = 0; c < ncols; c++)
			csv_cell(csv, field_text(ms[i], &e->fields[field_index(e, cols[c])],
						 buf, sizeof(buf)), c + 1 == ncols);
}

int
cycle_return_template(const struct dataset *ds, const char *programme,
		      int32_t month, struct strbuf *json, struct strbuf *csv,
		      struct error *err)
{
	const struct programme *prog = dataset_find(ds, K_PROGRAMME, programme);
	const struct organisation *org = dataset_org(ds);
	const struct monthly_return *src;
	const struct finance *fin = NULL;
	struct monthly_return blank;
	struct finance fblank;
	struct jobj top = { json, "  ", 0 }, ro = { json, "    ", 0 };
	void **ms = NULL, **risks = NULL, **issues = NULL, **bens = NULL;
	size_t nms, nrisks, nissues, nbens;
	char buf[16];
	int own = 0;
	int64_t version = 1;

	if (prog == NULL)
		return error_set(err, ERR_NOTFOUND, "there is no programme %s",
				 programme);
	if (month <= 0)
		return error_set(err, ERR_USAGE, "no month given");
	src = prefill_source(ds, programme, month, &own);
	/* as cycle_returns_submit() has it: a closed programme sends no
	   return, but may correct one it sent while it ran */
	if (!own && prog->lifecycle && strcmp(prog->lifecycle, "closed") == 0)
		return error_set(err, ERR_CONFLICT,
				 "%s is closed: a closed programme sends no returns", programme);
	if (own)
		version = src->version + (month_published(ds, month) ? 1 : 0);
	if (src == NULL) {
		record_clear(&blank, entity_of(K_RETURN));
		src = &blank;
	}
	DS_FOREACH(ds, K_FINANCE, const struct finance, f)
		if (f->programme && strcmp(f->programme, programme) == 0 &&
		    f->year == fy_of_month(month))
			fin = f;
	if (fin == NULL) {
		record_clear(&fblank, entity_of(K_FINANCE));
		fblank.programme = (char *)programme;
		fblank.year = fy_of_month(month);
		fin = &fblank;
	}
	ms = select_rows(ds, K_MILESTONE, keep_milestone, programme, month, &nms);
	risks = select_rows(ds, K_RISK, keep_risk, programme, month, &nrisks);
	issues = select_rows(ds, K_ISSUE, keep_issue, programme, month, &nissues);
	bens = select_rows(ds, K_BENEFIT, keep_benefit, programme, month, &nbens);

	strbuf_addch(json, '{');
	jkey(&top, "folio_return");
	strbuf_addf(json, "%d", RETURN_FILE_VERSION);
	jkey(&top, "organisation");
	json_str(json, org && org->code ? org->code : "");
	jkey(&top, "programme");
	json_str(json, programme);
	jkey(&top, "period");
	json_str(json, month_format(month, buf));
	jkey(&top, "version");
	strbuf_addf(json, "%" PRId64, version);

	/* spend to date and the full-year forecast belong to one financial year */
	if (src != &blank && fy_of_month(src->period) != fy_of_month(month)) {
		blank = *src;
		blank.spend_to_date = INT_NONE;
		blank.forecast = INT_NONE;
		src = &blank;
	}
	jkey(&top, "return");
	strbuf_addch(json, '{');
	for (size_t i = 0; return_update[i]; i++)
		jfield(&ro, src, K_RETURN, return_update[i]);
	jend(&ro, "  ");

	jkey(&top, "milestones");
	strbuf_addch(json, '[');
	for (size_t i = 0; i < nms; i++) {
		strbuf_addstr(json, i ? ",\n    " : "\n    ");
		write_row(json, RS_MILESTONES, ms[i], NULL, K_MILESTONE, NULL,
			  "      ", "    ");
	}
	strbuf_addstr(json, nms ? "\n  ]" : "]");

	jkey(&top, "risks");
	strbuf_addch(json, '[');
	for (size_t i = 0; i < nrisks; i++) {
		strbuf_addstr(json, i ? ",\n    " : "\n    ");
		write_row(json, RS_RISKS, risks[i], NULL, K_RISK, NULL, "      ",
			  "    ");
	}
	strbuf_addstr(json, nrisks ? "\n  ]" : "]");

	jkey(&top, "issues");
	strbuf_addch(json, '[');
	for (size_t i = 0; i < nissues; i++) {
		strbuf_addstr(json, i ? ",\n    " : "\n    ");
		write_row(json, RS_ISSUES, issues[i], NULL, K_ISSUE, NULL, "      ",
			  "    ");
	}
	strbuf_addstr(json, nissues ? "\n  ]" : "]");

	jkey(&top, "benefits");
	strbuf_addch(json, '[');
	for (size_t i = 0; i < nbens; i++) {
		const struct benefit *b = bens[i];
		const struct benefit_value *bv = NULL;
		struct benefit_value row;

		DS_FOREACH(ds, K_BENEFIT_VALUE, const struct benefit_value, x)
			if (x->period == month && x->benefit &&
			    strcmp(x->benefit, b->code) == 0)
				bv = x;
		record_clear(&row, entity_of(K_BENEFIT_VALUE));
		row.benefit = b->code;
		row.period = month;
		if (bv) {
			row.planned = bv->planned;
			row.actual = bv->actual;
		}
		strbuf_addstr(json, i ? ",\n    " : "\n    ");
		write_row(json, RS_BENEFITS, &row, NULL, K_BENEFIT_VALUE, b->title,
			  "      ", "    ");
	}
	strbuf_addstr(json, nbens ? "\n  ]" : "]");

	jkey(&top, "finance");
	write_row(json, RS_FINANCE, fin, NULL, K_FINANCE, NULL, "    ", "  ");
	jend(&top, "");
	strbuf_addch(json, '\n');

	if (csv)
		write_csv(csv, ms, nms);
	free(ms);
	free(risks);
	free(issues);
	free(bens);
	return 0;
}
