/*
 * json.c - records and values as JSON for views: the API answers and
 * the data templates read. Field names and value forms are those of the
 * interchange format (docs/format.md): dates "YYYY-MM-DD", months
 * "YYYY-MM", money in whole pounds.
 */
#include "web/web-int.h"

#include <math.h>
#include <string.h>

#include "core/date.h"
#include "core/xmalloc.h"
#include "model/schema.h"

void
jset_str(json_t *o, const char *key, const char *s)
{
	if (s)
		json_object_set_new(o, key, json_string(s));
}

void
jset_date(json_t *o, const char *key, int32_t date)
{
	char buf[16];

	if (date != DATE_NONE)
		json_object_set_new(o, key, json_string(date_format(date, buf)));
}

void
jset_month(json_t *o, const char *key, int32_t month)
{
	char buf[16];

	if (month != MONTH_NONE)
		json_object_set_new(o, key, json_string(month_format(month, buf)));
}

void
jset_int(json_t *o, const char *key, int64_t v)
{
	if (v != INT_NONE)
		json_object_set_new(o, key, json_integer(v));
}

void
jset_real(json_t *o, const char *key, double v)
{
	if (!isnan(v) && isfinite(v))
		json_object_set_new(o, key, json_real(v));
}

void
jset_bool(json_t *o, const char *key, int v)
{
	json_object_set_new(o, key, json_boolean(v));
}

json_t *
json_record(enum kind k, const void *crec)
{
	const struct entity *e = entity_of(k);
	json_t *o = json_object();
	void *rec = (void *)crec;

	for (size_t i = 0; i < e->nfields; i++) {
		const struct field *f = &e->fields[i];

		switch (f->type) {
		case FT_TEXT:
		case FT_ENUM:
		case FT_REF:
			jset_str(o, f->name, *field_str(rec, f));
			break;
		case FT_DATE:
			jset_date(o, f->name, *field_i32(rec, f));
			break;
		case FT_MONTH:
			jset_month(o, f->name, *field_i32(rec, f));
			break;
		case FT_INT:
		case FT_MONEY:
			jset_int(o, f->name, *field_i64(rec, f));
			break;
		case FT_REAL:
			jset_real(o, f->name, *field_real(rec, f));
			break;
		case FT_BOOL:
			jset_bool(o, f->name, *field_bool(rec, f));
			break;
		}
	}
	return o;
}

/* Append s to sb with '|' and '\\' escaped, so parts cannot run together. */
static void
key_part(struct strbuf *sb, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '|' || *s == '\\')
			strbuf_addch(sb, '\\');
		strbuf_addch(sb, *s);
	}
	strbuf_addch(sb, '|');
}

char *
memo_key(const struct req *r)
{
	struct strbuf sb = STRBUF_INIT;

	/* what the user may see decides the answer (authz_filter_dataset) */
	strbuf_addf(&sb, "%d/%u|", r->who ? r->who->clearance : -1,
		    authz_view_flags(r->who));
	key_part(&sb, r->route->pattern);
	for (size_t i = 0; i < r->nparam; i++)
		key_part(&sb, r->param[i]);
	strbuf_addch(&sb, '?');
	for (size_t i = 0; i < r->nin; i++) {
		key_part(&sb, r->in[i].name);
		key_part(&sb, r->in[i].value);
	}
	return strbuf_detach(&sb, NULL);
}
