/*
 * json-read.c - read a folio JSON document into a dataset (interchange.h).
 *
 * jansson parses the text (and rejects malformed JSON, invalid UTF-8,
 * \u0000 and duplicate member names with a line and column); this file
 * walks the tree against the descriptors in model/schema.c and fails at
 * the first value it cannot take, naming its JSON path.
 */
#include "import/interchange.h"
#include "core/date.h"
#include "core/error.h"
#include "core/strbuf.h"
#include "model/dataset.h"
#include "model/schema.h"
#include "model/validate.h"

#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

/* Longest piece of an offending string quoted back in a message. */
#define QUOTE_MAX 60

struct reader {
	const char *source;
	struct dataset *ds;
	struct error *err;
};

/*
 * Fail at a JSON path. path may be NULL (the document itself); the
 * source, when known, comes first: "demo.json: risks[2].owner".
 */
static int
rfail(struct reader *r, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int
rfail(struct reader *r, const char *path, const char *fmt, ...)
{
	va_list ap;

	if (r->err == NULL)
		return -1;
	r->err->code = ERR_INPUT;
	snprintf(r->err->where, sizeof(r->err->where), "%s%s%s",
		 r->source ? r->source : "", r->source && path ? ": " : "",
		 path ? path : "");
	va_start(ap, fmt);
	vsnprintf(r->err->msg, sizeof(r->err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

/* A JSON value as a message shows it: "Purple", 7, true, an object. */
static const char *
describe(const json_t *v, char *buf, size_t size)
{
	char num[32];

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		snprintf(buf, size, "an object");
		break;
	case JSON_ARRAY:
		snprintf(buf, size, "an array");
		break;
	case JSON_STRING: {
		const char *s = json_string_value(v);
		size_t n = json_string_length(v), len = 1;

		buf[0] = '"';
		for (size_t i = 0; i < n && len + 8 < size; i++) {
			unsigned char ch = (unsigned char)s[i];

			if (i >= QUOTE_MAX && (ch & 0xc0) != 0x80) {
				len += (size_t)snprintf(buf + len, size - len, "...");
				break;
			}
			if (ch == '"' || ch == '\\')
				len += (size_t)snprintf(buf + len, size - len, "\\%c", ch);
			else if (ch < 0x20)
				len += (size_t)snprintf(buf + len, size - len, "\\u%04x", ch);
			else
				buf[len++] = (char)ch;
		}
		snprintf(buf + len, size - len, "\"");
		break;
	}
	case JSON_INTEGER:
		snprintf(buf, size, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		break;
	case JSON_REAL:
		interchange_format_real(json_real_value(v), num);
		/* 4.0 where an integer belongs: show it was written as a real */
		snprintf(buf, size, "%s%s", num, strpbrk(num, ".e") ? "" : ".0");
		break;
	case JSON_TRUE:
		snprintf(buf, size, "true");
		break;
	case JSON_FALSE:
		snprintf(buf, size, "false");
		break;
	case JSON_NULL:
		snprintf(buf, size, "null");
		break;
	}
	return buf;
}

static int
wrong(struct reader *r, const char *path, const struct field *f,
      const json_t *v)
{
	char want[256], got[QUOTE_MAX * 2 + 16];

	return rfail(r, path, "expected %s%s got %s",
		     field_expected(f, want, sizeof(want)),
		     f->type == FT_ENUM ? ";" : ",", describe(v, got, sizeof(got)));
}

/* One member of a record object into its field. */
static int
read_value(struct reader *r, const char *path, void *rec,
	   const struct field *f, const json_t *v)
{
	const char *s = json_is_string(v) ? json_string_value(v) : NULL;

	/* null is an absent value, as if the member were left out */
	if (json_is_null(v))
		return 0;
	switch (f->type) {
	case FT_TEXT:
	case FT_REF:
		if (s == NULL)
			return wrong(r, path, f, v);
		*field_str(rec, f) = dataset_strdup(r->ds, s);
		break;
	case FT_ENUM: {
		int i = s ? enum_index(f->values, s) : -1;

		if (i < 0)
			return wrong(r, path, f, v);
		*field_str(rec, f) = dataset_strdup(r->ds, f->values[i]);
		break;
	}
	case FT_DATE:
		if (s == NULL || date_parse(s, field_i32(rec, f)) < 0)
			return wrong(r, path, f, v);
		break;
	case FT_MONTH:
		if (s == NULL || month_parse(s, field_i32(rec, f)) < 0)
			return wrong(r, path, f, v);
		break;
	case FT_INT:
	case FT_MONEY: {
		json_int_t x;

		if (!json_is_integer(v))
			return wrong(r, path, f, v);
		x = json_integer_value(v);
		/* INT64_MIN is how "absent" is held */
		if (x == INT_NONE ||
		    (f->min < f->max && (x < f->min || x > f->max)))
			return wrong(r, path, f, v);
		*field_i64(rec, f) = x;
		break;
	}
	case FT_REAL: {
		double x;

		if (!json_is_number(v))
			return wrong(r, path, f, v);
		x = json_number_value(v);
		if (!isfinite(x) ||
		    (f->min < f->max && (x < (double)f->min || x > (double)f->max)))
			return wrong(r, path, f, v);
		*field_real(rec, f) = x;
		break;
	}
	case FT_BOOL:
		if (!json_is_boolean(v))
			return wrong(r, path, f, v);
		*field_bool(rec, f) = json_is_true(v);
		break;
	}
	return 0;
}

const char *
interchange_describe(const json_t *v, char *buf, size_t size)
{
	return describe(v, buf, size);
}

int
interchange_read_value(struct dataset *ds, const char *source,
		       const char *path, void *rec, const struct field *f,
		       const json_t *v, struct error *err)
{
	struct reader r = { source, ds, err };

	return read_value(&r, path, rec, f, v);
}

/* One record object; path is "programmes[3]" or "organisation". */
static int
read_record(struct reader *r, enum kind k, const char *path, const json_t *obj)
{
	const struct entity *e = entity_of(k);
	char got[QUOTE_MAX * 2 + 16], fpath[512];
	const char *name;
	json_t *v;
	void *rec;

	if (!json_is_object(obj))
		return rfail(r, path, "expected an object (one %s), got %s",
			     e->name, describe(obj, got, sizeof(got)));
	rec = dataset_add(r->ds, k);
	json_object_foreach((json_t *)obj, name, v) {
		const struct field *f = entity_field(e, name);

		if (f == NULL)
			return rfail(r, path, "unknown field \"%s\" for %s %s", name,
				     strchr("aeio", e->name[0]) ? "an" : "a", e->name);
		snprintf(fpath, sizeof(fpath), "%s.%s", path, name);
		if (read_value(r, fpath, rec, f, v) < 0)
			return -1;
	}
	return 0;
}

static int
read_kind(struct reader *r, enum kind k, const json_t *arr)
{
	const struct entity *e = entity_of(k);
	char got[QUOTE_MAX * 2 + 16], path[128];
	size_t i;
	json_t *v;

	if (!json_is_array(arr))
		return rfail(r, e->plural, "expected an array of %s records, got %s",
			     e->name, describe(arr, got, sizeof(got)));
	json_array_foreach(arr, i, v) {
		snprintf(path, sizeof(path), "%s[%zu]", e->plural, i);
		if (read_record(r, k, path, v) < 0)
			return -1;
	}
	return 0;
}

/* The kind whose plural is name (not the organisation), or -1. */
static int
kind_of_member(const char *name)
{
	for (int k = K_ORGANISATION + 1; k < K__COUNT; k++)
		if (strcmp(entity_of(k)->plural, name) == 0)
			return k;
	return -1;
}

static int
read_document(struct reader *r, const json_t *doc)
{
	char got[QUOTE_MAX * 2 + 16];
	const json_t *version;
	const char *name;
	json_t *v;

	if (!json_is_object(doc))
		return rfail(r, NULL, "expected a JSON object at the top level, got %s",
			     describe(doc, got, sizeof(got)));
	version = json_object_get(doc, "folio");
	if (version == NULL)
		return rfail(r, NULL, "not a folio document: it has no \"folio\": %d member",
			     INTERCHANGE_VERSION);
	if (!json_is_integer(version))
		return rfail(r, "folio", "expected the format version %d, got %s",
			     INTERCHANGE_VERSION, describe(version, got, sizeof(got)));
	if (json_integer_value(version) != INTERCHANGE_VERSION)
		return rfail(r, "folio",
			     "format version %" JSON_INTEGER_FORMAT
			     " is not supported (this folio reads version %d)",
			     json_integer_value(version), INTERCHANGE_VERSION);
	json_object_foreach((json_t *)doc, name, v) {
		int k;

		if (strcmp(name, "folio") == 0)
			continue;
		if (strcmp(name, "organisation") == 0) {
			if (read_record(r, K_ORGANISATION, "organisation", v) < 0)
				return -1;
			continue;
		}
		k = kind_of_member(name);
		if (k < 0)
			return rfail(r, NULL, "unknown member \"%s\" (members are \"folio\", "
				     "\"organisation\" and the plural names of kinds, "
				     "such as \"programmes\"; see docs/format.md)", name);
		if (read_kind(r, k, v) < 0)
			return -1;
	}
	return 0;
}

int
interchange_read(const char *text, size_t len, const char *source,
		 struct dataset *ds, struct error *err)
{
	struct reader r = { source, ds, err };
	json_error_t jerr;
	json_t *doc;
	int ret = -1;

	dataset_init(ds);
	/* Some Windows editors start UTF-8 files with a byte-order mark. */
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
		text += 3;
		len -= 3;
	}
	doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (doc == NULL) {
		char where[256];

		snprintf(where, sizeof(where), "%s:%d:%d", source ? source : "<input>",
			 jerr.line, jerr.column);
		error_at(err, ERR_INPUT, where, "malformed JSON: %s", jerr.text);
		goto out;
	}
	ret = read_document(&r, doc);
out:
	json_decref(doc);
	if (ret < 0) {
		dataset_release(ds);
		dataset_init(ds);
	}
	return ret;
}

int
interchange_read_file(const char *path, struct dataset *ds, struct error *err)
{
	struct strbuf sb = STRBUF_INIT;
	struct stat st;
	int ret = -1;

	dataset_init(ds);
	/* Refuse a huge file before reading it; the cap below covers pipes. */
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    (uintmax_t)st.st_size > INTERCHANGE_MAX_FILE) {
		error_at(err, ERR_INPUT, path, "file is larger than %zu MiB",
			 INTERCHANGE_MAX_FILE >> 20);
		goto out;
	}
	if (strbuf_read_file(&sb, path, INTERCHANGE_MAX_FILE) < 0) {
		if (errno == EFBIG)
			error_at(err, ERR_INPUT, path, "file is larger than %zu MiB",
				 INTERCHANGE_MAX_FILE >> 20);
		else
			error_at(err, ERR_IO, path, "cannot read: %s", strerror(errno));
		goto out;
	}
	ret = interchange_read(sb.buf, sb.len, path, ds, err);
out:
	strbuf_release(&sb);
	return ret;
}
