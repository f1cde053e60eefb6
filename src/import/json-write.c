/*
 * json-write.c - write a dataset as a folio JSON document (interchange.h).
 *
 * The document is written by hand rather than through jansson: its shape
 * is fixed (one object of arrays of flat objects) and jansson can print a
 * real only with a fixed precision and a forced ".0", while the format
 * wants the shortest text that reads back to the same double. The layout
 * is jansson's JSON_INDENT(2): "key": value, one member per line.
 */
#include "import/interchange.h"
#include "core/date.h"
#include "core/error.h"
#include "core/strbuf.h"
#include "core/utf8.h"
#include "core/xmalloc.h"
#include "model/dataset.h"
#include "model/schema.h"
#include "model/validate.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *
interchange_format_real(double v, char *buf)
{
	if (v == 0) {
		/* -0 reads back as the integer 0: write that. */
		snprintf(buf, 32, "0");
		return buf;
	}
	/* Integral values print without exponent while every digit counts. */
	if (v == floor(v) && fabs(v) < 1e15) {
		snprintf(buf, 32, "%.0f", v);
		return buf;
	}
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(buf, 32, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	return buf;
}

/* A JSON string literal; -1 if s is not UTF-8. */
static int
put_string(struct strbuf *out, const char *str)
{
	const unsigned char *s = (const unsigned char *)str, *end = s + strlen(str);

	strbuf_addch(out, '"');
	while (*s) {
		size_t n = utf8_seq(s, (size_t)(end - s));

		if (n == 0)
			return -1;
		if (n > 1) {
			strbuf_add(out, s, n);
			s += n;
			continue;
		}
		switch (*s) {
		case '"':
			strbuf_addstr(out, "\\\"");
			break;
		case '\\':
			strbuf_addstr(out, "\\\\");
			break;
		case '\b':
			strbuf_addstr(out, "\\b");
			break;
		case '\f':
			strbuf_addstr(out, "\\f");
			break;
		case '\n':
			strbuf_addstr(out, "\\n");
			break;
		case '\r':
			strbuf_addstr(out, "\\r");
			break;
		case '\t':
			strbuf_addstr(out, "\\t");
			break;
		default:
			if (*s < 0x20)
				strbuf_addf(out, "\\u%04x", *s);
			else
				strbuf_addch(out, *s);
		}
		s++;
	}
	strbuf_addch(out, '"');
	return 0;
}

struct writer {
	struct strbuf *out;
	struct error *err;
};

/* Fail at plural[row].field, naming the record by its key. */
static int
wfail(struct writer *w, const struct entity *e, const void *rec,
      const struct field *f, const char *what)
{
	char key[256];

	record_key_text(e, rec, key, sizeof(key));
	return error_set(w->err, ERR_INPUT, "cannot write %s \"%s\": %s %s",
			 e->name, key, f->name, what);
}

/* One record as an object, its members indented by `indent` spaces. */
static int
put_record(struct writer *w, const struct entity *e, const void *rec,
	   int indent)
{
	struct strbuf *out = w->out;
	int members = 0;
	char buf[32];

	strbuf_addch(out, '{');
	for (size_t i = 0; i < e->nfields; i++) {
		const struct field *f = &e->fields[i];
		void *r = (void *)rec;

		if (!field_present(rec, f))
			continue;
		strbuf_addf(out, "%s\n%*s\"%s\": ", members++ ? "," : "",
			    indent, "", f->name);
		switch (f->type) {
		case FT_TEXT:
		case FT_ENUM:
		case FT_REF:
			if (put_string(out, *field_str(r, f)) < 0)
				return wfail(w, e, rec, f, "is not valid UTF-8");
			break;
		case FT_DATE:
			strbuf_addf(out, "\"%s\"", date_format(*field_i32(r, f), buf));
			break;
		case FT_MONTH:
			strbuf_addf(out, "\"%s\"", month_format(*field_i32(r, f), buf));
			break;
		case FT_INT:
		case FT_MONEY:
			strbuf_addf(out, "%" PRId64, *field_i64(r, f));
			break;
		case FT_REAL:
			if (!isfinite(*field_real(r, f)))
				return wfail(w, e, rec, f, "is infinite");
			strbuf_addstr(out, interchange_format_real(*field_real(r, f), buf));
			break;
		case FT_BOOL:
			strbuf_addstr(out, *field_bool(r, f) ? "true" : "false");
			break;
		}
	}
	if (members)
		strbuf_addf(out, "\n%*s", indent - 2, "");
	strbuf_addch(out, '}');
	return 0;
}

static int
put_kind(struct writer *w, const struct dataset *ds, enum kind k)
{
	const struct entity *e = entity_of(k);
	const struct table *t = &ds->t[k];
	void **rows;
	int ret = 0;

	if (t->n == 0)
		return 0;
	rows = xreallocarray(NULL, t->n, sizeof(*rows));
	memcpy(rows, t->rows, t->n * sizeof(*rows));
	if (!t->sorted)
		record_sort(e, rows, t->n);
	strbuf_addf(w->out, ",\n  \"%s\": [", e->plural);
	for (size_t i = 0; i < t->n && ret == 0; i++) {
		strbuf_addf(w->out, "%s\n    ", i ? "," : "");
		ret = put_record(w, e, rows[i], 6);
	}
	strbuf_addstr(w->out, "\n  ]");
	free(rows);
	return ret;
}

int
interchange_write(const struct dataset *ds, struct strbuf *out,
		  struct error *err)
{
	struct strbuf tmp = STRBUF_INIT;
	/*
	 * A capped strbuf refuses an append but takes later, smaller ones:
	 * write a capped target's document aside and add it in one piece.
	 */
	struct writer w = { out->max ? &tmp : out, err };
	size_t len0 = out->len;
	int ret = -1;

	if (ds->t[K_ORGANISATION].n > 1) {
		error_set(err, ERR_INPUT,
			  "cannot write %zu organisations in one document",
			  ds->t[K_ORGANISATION].n);
		goto out;
	}
	strbuf_addf(w.out, "{\n  \"folio\": %d", INTERCHANGE_VERSION);
	if (ds->t[K_ORGANISATION].n) {
		strbuf_addstr(w.out, ",\n  \"organisation\": ");
		if (put_record(&w, entity_of(K_ORGANISATION), dataset_org(ds), 4) < 0)
			goto out;
	}
	for (int k = K_ORGANISATION + 1; k < K__COUNT; k++)
		if (put_kind(&w, ds, k) < 0)
			goto out;
	strbuf_addstr(w.out, "\n}\n");
	if (w.out == &tmp && strbuf_add(out, tmp.buf, tmp.len) < 0) {
		error_set(err, ERR_IO, "the document (%zu bytes) is larger than the %zu allowed",
			  tmp.len, out->max);
		goto out;
	}
	ret = 0;
out:
	if (ret < 0)
		strbuf_setlen(out, len0);
	strbuf_release(&tmp);
	return ret;
}
