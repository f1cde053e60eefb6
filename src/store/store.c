/*
 * store.c - the store API (store.h), once for every backend.
 *
 * Everything that is the same whichever database holds the records lives
 * here: choosing the backend, schema migrations, transactions, the
 * field-by-field comparison that decides what an update changed, checking
 * that references resolve, and the audit chain. The backend behind
 * st->ops (store-internal.h) only moves rows.
 *
 * Every write operation is atomic: outside store_begin/store_commit it
 * runs in a write transaction of its own, inside one under a savepoint, so
 * a failing store_put never leaves half a change behind even if the caller
 * goes on to commit.
 */
#include "store/store-internal.h"

#include <jansson.h>
#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/asset.h"
#include "core/date.h"
#include "core/error.h"
#include "core/xmalloc.h"
#include "model/audit.h"
#include "model/dataset.h"

/* A key as text is short; a whole key plus the kind fits easily. */
#define WHERE_SIZE 256

/* --- named SQL files ----------------------------------------------------- */

const char *const store_verb_names[SV__COUNT] = {
	[SV_INSERT] = "insert",
	[SV_UPDATE] = "update",
	[SV_DELETE] = "delete",
	[SV_GET] = "get",
	[SV_LOAD] = "load",
	[SV_ID] = "id",
};

static int
is_blank(const char *s, const char *end)
{
	for (; s < end; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return 0;
	return 1;
}

int
sql_file_parse(struct sql_file *f, const char *text, const char *source,
	       struct error *err)
{
	static const char marker[] = "-- name:";
	char *p, *out;
	size_t line = 0;
	struct sql_stmt *cur = NULL;

	memset(f, 0, sizeof(*f));
	/* Statements are copied into text in place: never longer than it. */
	f->text = xmalloc(strlen(text) + 1);
	out = f->text;
	p = (char *)text;
	while (*p) {
		char *eol = strchr(p, '\n');
		char *next = eol ? eol + 1 : p + strlen(p);
		size_t len = (size_t)(next - p);

		line++;
		if (strncmp(p, marker, sizeof(marker) - 1) == 0) {
			const char *n = p + sizeof(marker) - 1;
			const char *e = eol ? eol : next;

			while (n < e && (*n == ' ' || *n == '\t'))
				n++;
			while (e > n && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
				e--;
			if (cur && is_blank(cur->sql, out))
				return error_at(err, ERR_INTERNAL, source,
						"statement %s is empty", cur->name);
			if (n == e)
				return error_at(err, ERR_INTERNAL, source,
						"line %zu: a name is missing", line);
			*out++ = '\0';	/* ends the statement before */
			memcpy(out, n, (size_t)(e - n));
			out[e - n] = '\0';
			if (sql_file_find(f, out))
				return error_at(err, ERR_INTERNAL, source,
						"line %zu: statement %s is named twice",
						line, out);
			ALLOC_GROW(f->v, f->n + 1, f->alloc);
			cur = &f->v[f->n++];
			cur->name = out;
			out += e - n + 1;
			cur->sql = out;
		} else if (strncmp(p, "--", 2) == 0) {
			/* a comment: dropped */
		} else if (cur) {
			memcpy(out, p, len);
			out += len;
		} else if (!is_blank(p, next)) {
			return error_at(err, ERR_INTERNAL, source,
					"line %zu: SQL before the first \"-- name:\"",
					line);
		}
		p = next;
	}
	if (cur && is_blank(cur->sql, out))
		return error_at(err, ERR_INTERNAL, source, "statement %s is empty",
				cur->name);
	*out = '\0';
	return 0;
}

const char *
sql_file_find(const struct sql_file *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->v[i].name, name) == 0)
			return f->v[i].sql;
	return NULL;
}

void
sql_file_release(struct sql_file *f)
{
	free(f->v);
	free(f->text);
	memset(f, 0, sizeof(*f));
}

/* Number of leading key fields (schema.c puts keys first). */
static size_t
key_fields(const struct entity *e)
{
	size_t n = 0;

	for (size_t i = 0; i < e->nfields; i++)
		if (e->fields[i].flags & F_KEY)
			n = i + 1;
	return n;
}

int
store_verb_needed(enum kind k, enum store_verb v)
{
	const struct entity *e = entity_of(k);

	if (v == SV_UPDATE)
		return key_fields(e) < e->nfields;
	if (v != SV_ID)
		return 1;
	if (k == K_ORGANISATION)
		return 1;
	for (int j = 0; j < K__COUNT; j++) {
		const struct entity *o = entity_of(j);

		for (size_t i = 0; i < o->nfields; i++)
			if (o->fields[i].type == FT_REF && o->fields[i].ref == k)
				return 1;
	}
	return 0;
}

size_t
store_verb_params(enum kind k, enum store_verb v)
{
	const struct entity *e = entity_of(k);

	switch (v) {
	case SV_INSERT:
	case SV_UPDATE:
		return e->nfields;
	case SV_DELETE:
	case SV_GET:
		return key_fields(e);
	case SV_ID:
		return 1;
	case SV_LOAD:
	case SV__COUNT:
		break;
	}
	return 0;
}

/* --- opening and migrations ---------------------------------------------- */

static int
is_pg_target(const char *target)
{
	return strncmp(target, "postgresql:", 11) == 0 ||
	       strncmp(target, "postgres:", 9) == 0;
}

/*
 * Bring the schema up to STORE_SCHEMA_VERSION: apply each missing
 * data/sql/<backend>/schema-NNN.sql in order, all in one write
 * transaction. The version is read again once the write lock is held, so
 * two processes opening a new database at once migrate it once.
 */
static int
too_new(struct store *st, int version, struct error *err)
{
	return error_set(err, ERR_IO,
			 "%s has schema version %d but this folio understands up to %d: upgrade folio",
			 st->target, version, STORE_SCHEMA_VERSION);
}

static int
migrate(struct store *st, struct error *err)
{
	const struct store_ops *ops = st->ops;
	int version = 0, ret = -1, in_tx = 0;

	if (ops->schema_version(st, &version, err) < 0)
		goto out;
	if (version > STORE_SCHEMA_VERSION) {
		too_new(st, version, err);
		goto out;
	}
	if (version == STORE_SCHEMA_VERSION) {
		ret = 0;
		goto out;
	}
	if (ops->begin(st, 1, err) < 0)
		goto out;
	in_tx = 1;
	if (ops->schema_version(st, &version, err) < 0)
		goto out;
	if (version > STORE_SCHEMA_VERSION) {
		too_new(st, version, err);
		goto out;
	}
	while (version < STORE_SCHEMA_VERSION) {
		char name[64];
		const struct asset *a;
		int now = 0;

		snprintf(name, sizeof(name), "sql/%s/schema-%03d.sql",
			 ops->name, version + 1);
		a = asset_find(name);
		if (a == NULL) {
			error_set(err, ERR_INTERNAL, "%s is not built in", name);
			goto out;
		}
		if (ops->exec_script(st, (const char *)a->data, name, err) < 0)
			goto out;
		if (ops->schema_version(st, &now, err) < 0)
			goto out;
		if (now != version + 1) {
			error_set(err, ERR_INTERNAL,
				  "%s left the schema version at %d", name, now);
			goto out;
		}
		version = now;
		st->migrations++;
	}
	in_tx = 0;
	if (ops->commit(st, err) < 0) {
		ops->rollback(st);
		goto out;
	}
	ret = 0;
out:
	if (in_tx)
		ops->rollback(st);
	return ret;
}

/* The backend for target, or NULL with err filled. */
static const struct store_ops *
backend_of(const char *target, struct error *err)
{
	if (target == NULL || *target == '\0') {
		error_set(err, ERR_USAGE, "no database named");
		return NULL;
	}
	/* a postgresql: URI for PostgreSQL, anything else a SQLite file */
	if (!is_pg_target(target))
		return &sqlite_store_ops;
#ifdef FOLIO_STORE_PG
	return store_pg_backend(err);
#else
	error_set(err, ERR_USAGE, "%s: this folio was built without PostgreSQL support",
		  target);
	return NULL;
#endif
}

static void
opened(struct store *st, const struct store_ops *ops, const char *target)
{
	st->ops = ops;
	st->target = xstrdup(target);
	st->actor = xstrdup("cli");
}

int
store_open(struct store **out, const char *target, struct error *err)
{
	const struct store_ops *ops;
	struct store *st = NULL;

	*out = NULL;
	ops = backend_of(target, err);
	if (ops == NULL)
		return -1;
	if (ops->open(&st, target, err) < 0)
		return -1;
	opened(st, ops, target);
	if (migrate(st, err) < 0) {
		store_close(st);
		return -1;
	}
	*out = st;
	return 0;
}

int
store_open_readonly(struct store **out, const char *target, struct error *err)
{
	const struct store_ops *ops;
	struct store *st = NULL;
	int version = 0;

	*out = NULL;
	ops = backend_of(target, err);
	if (ops == NULL)
		return -1;
	if (ops->open_readonly == NULL)
		return store_open(out, target, err);
	if (ops->open_readonly(&st, target, err) < 0)
		return -1;
	opened(st, ops, target);
	if (ops->schema_version(st, &version, err) < 0) {
		store_close(st);
		return -1;
	}
	if (version > STORE_SCHEMA_VERSION) {
		too_new(st, version, err);
		store_close(st);
		return -1;
	}
	if (version < STORE_SCHEMA_VERSION) {
		/* an older schema is migrated on reading, as it always was */
		store_close(st);
		return store_open(out, target, err);
	}
	*out = st;
	return 0;
}

int
store_target_is_file(const char *target)
{
	return target != NULL && !is_pg_target(target);
}

void
store_close(struct store *st)
{
	if (st == NULL)
		return;
	if (st->in_tx)
		st->ops->rollback(st);
	free(st->target);
	free(st->actor);
	st->ops->close(st);
}

const char *
store_backend(const struct store *st)
{
	return st->ops->name;
}

int
store_schema_version(struct store *st, int *version, struct error *err)
{
	return st->ops->schema_version(st, version, err);
}

void
store_set_actor(struct store *st, const char *actor)
{
	free(st->actor);
	st->actor = xstrdup(actor && *actor ? actor : "cli");
}

/* --- transactions -------------------------------------------------------- */

int
store_begin(struct store *st, struct error *err)
{
	if (st->in_tx)
		return error_set(err, ERR_USAGE, "a transaction is already open");
	st->head_valid = 0;
	if (st->ops->begin(st, 1, err) < 0)
		return -1;
	st->in_tx = 1;
	return 0;
}

int
store_commit(struct store *st, struct error *err)
{
	int ret;

	if (!st->in_tx)
		return error_set(err, ERR_USAGE, "no transaction is open");
	st->in_tx = 0;
	st->head_valid = 0;
	ret = st->ops->commit(st, err);
	if (ret < 0)
		st->ops->rollback(st);
	return ret;
}

void
store_rollback(struct store *st)
{
	if (!st->in_tx)
		return;
	st->in_tx = 0;
	st->head_valid = 0;
	st->ops->rollback(st);
}

/* One write operation: its transaction or savepoint, and what it shares. */
struct op {
	struct store *st;
	const char *org;	/* organisation code */
	int64_t org_id;
	char at[64];		/* the time every entry of the operation carries */
	/* references already found in this operation, by kind */
	const char *ref_ok[K__COUNT];
};

static void
audit_time(char *buf, size_t size)
{
	const char *now = getenv("FOLIO_NOW");
	time_t t;
	struct tm tm;

	if (now && *now) {
		snprintf(buf, size, "%s", now);
		return;
	}
	t = time(NULL);
	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int
op_begin(struct op *o, struct store *st, const char *org, struct error *err)
{
	memset(o, 0, sizeof(*o));
	o->st = st;
	o->org = org;
	audit_time(o->at, sizeof(o->at));
	if (st->in_tx)
		return st->ops->savepoint(st, err);
	st->head_valid = 0;
	return st->ops->begin(st, 1, err);
}

/* Commit (or release) when ret is 0, else undo; returns ret or -1. */
static int
op_end(struct op *o, int ret, struct error *err)
{
	struct store *st = o->st;

	if (ret == 0)
		ret = st->in_tx ? st->ops->release(st, err) : st->ops->commit(st, err);
	if (ret < 0) {
		if (st->in_tx)
			st->ops->rollback_to(st);
		else
			st->ops->rollback(st);
	}
	if (!st->in_tx || ret < 0)
		st->head_valid = 0;
	return ret;
}

/* Find the organisation's row id: ERR_NOTFOUND if there is none. */
static int
op_org(struct op *o, struct error *err)
{
	if (o->st->ops->find_id(o->st, 0, K_ORGANISATION, o->org, &o->org_id,
				err) < 0)
		return -1;
	if (o->org_id == 0)
		return error_set(err, ERR_NOTFOUND, "there is no organisation %s",
				 o->org);
	return 0;
}

/* --- records --------------------------------------------------------- */

/* "programme SLP": where an error about rec happened. */
static char *
record_where(const struct entity *e, const void *rec, char *buf, size_t size)
{
	char key[WHERE_SIZE];

	snprintf(buf, size, "%s %s", e->name,
		 record_key_text(e, rec, key, sizeof(key)));
	return buf;
}

/* Name rec as the place of err unless the backend named one. */
static int
fail_at(struct error *err, const struct entity *e, const void *rec)
{
	if (err && err->where[0] == '\0')
		record_where(e, rec, err->where, sizeof(err->where));
	return -1;
}

static int
field_equal(const struct field *f, const void *ca, const void *cb)
{
	void *a = (void *)ca, *b = (void *)cb;

	switch (f->type) {
	case FT_TEXT:
	case FT_ENUM:
	case FT_REF: {
		const char *x = *field_str(a, f), *y = *field_str(b, f);

		if (x == NULL || y == NULL)
			return x == y;
		return strcmp(x, y) == 0;
	}
	case FT_DATE:
	case FT_MONTH:
		return *field_i32(a, f) == *field_i32(b, f);
	case FT_INT:
	case FT_MONEY:
		return *field_i64(a, f) == *field_i64(b, f);
	case FT_REAL: {
		double x = *field_real(a, f), y = *field_real(b, f);

		return (isnan(x) && isnan(y)) || x == y;
	}
	case FT_BOOL:
		return !*field_bool(a, f) == !*field_bool(b, f);
	}
	return 0;
}

/*
 * A field as the audit log shows it: NULL when absent, the string itself
 * for text, else field_text() into buf.
 */
static const char *
audit_value(const void *rec, const struct field *f, char *buf, size_t size)
{
	if (!field_present(rec, f))
		return NULL;
	if (f->type == FT_TEXT || f->type == FT_ENUM || f->type == FT_REF)
		return *field_str((void *)rec, f);
	return field_text(rec, f, buf, size);
}

/*
 * rec as compact JSON in the interchange format: fields in descriptor
 * order, absent fields left out. The caller frees the result.
 */
static char *
record_json(const struct entity *e, const void *crec, struct error *err)
{
	void *rec = (void *)crec;
	json_t *obj = json_object();
	char *out = NULL, buf[32];

	for (size_t i = 0; i < e->nfields; i++) {
		const struct field *f = &e->fields[i];
		json_t *v = NULL;

		if (!field_present(rec, f))
			continue;
		switch (f->type) {
		case FT_TEXT:
		case FT_ENUM:
		case FT_REF:
			v = json_string(*field_str(rec, f));
			break;
		case FT_DATE:
			v = json_string(date_format(*field_i32(rec, f), buf));
			break;
		case FT_MONTH:
			v = json_string(month_format(*field_i32(rec, f), buf));
			break;
		case FT_INT:
		case FT_MONEY:
			v = json_integer(*field_i64(rec, f));
			break;
		case FT_REAL:
			v = json_real(*field_real(rec, f));
			break;
		case FT_BOOL:
			v = json_boolean(*field_bool(rec, f));
			break;
		}
		if (v == NULL) {
			error_set(err, ERR_INPUT, "%s is not %s", f->name,
				  f->type == FT_REAL ? "a finite number" :
				  "valid UTF-8");
			fail_at(err, e, rec);
			goto out;
		}
		json_object_set_new(obj, f->name, v);
	}
	out = json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER |
			 JSON_REAL_PRECISION(15));
	if (out == NULL) {
		error_set(err, ERR_INPUT, "cannot be written as JSON");
		fail_at(err, e, rec);
	}
out:
	json_decref(obj);
	return out;
}

/* Append one entry to the audit chain, in the operation's transaction. */
static int
audit_add(struct op *o, const struct entity *e, const char *key,
	  const char *action, const char *field, const char *old_value,
	  const char *new_value, struct error *err)
{
	struct store *st = o->st;
	struct audit_entry a;

	if (!st->head_valid) {
		if (st->ops->audit_head(st, &st->head_seq, st->head_hash, err) < 0)
			return -1;
		st->head_valid = 1;
	}
	memset(&a, 0, sizeof(a));
	a.seq = st->head_seq + 1;
	a.at = o->at;
	a.actor = st->actor;
	a.org = o->org;
	a.entity = e->name;
	a.key = key;
	a.action = action;
	a.field = field;
	a.old_value = old_value;
	a.new_value = new_value;
	memcpy(a.prev, st->head_hash, AUDIT_HASH_LEN);
	audit_hash(&a);
	if (st->ops->audit_append(st, &a, err) < 0)
		return -1;
	st->head_seq = a.seq;
	memcpy(st->head_hash, a.hash, AUDIT_HASH_LEN);
	return 0;
}

/*
 * Check that every reference of rec resolves within the organisation (only
 * those that differ from old, when old is given): a reference to nothing
 * would otherwise be stored as absent.
 */
static int
check_refs(struct op *o, const struct entity *e, const void *rec,
	   const void *old, struct error *err)
{
	for (size_t i = 0; i < e->nfields; i++) {
		const struct field *f = &e->fields[i];
		const char *code;
		int64_t id = 0;

		if (f->type != FT_REF)
			continue;
		code = *field_str((void *)rec, f);
		if (code == NULL)
			continue;
		if (old && field_equal(f, rec, old))
			continue;
		if (o->ref_ok[f->ref] && strcmp(o->ref_ok[f->ref], code) == 0)
			continue;
		if (o->st->ops->find_id(o->st, o->org_id, f->ref, code, &id,
					err) < 0)
			return fail_at(err, e, rec);
		if (id == 0) {
			error_set(err, ERR_NOTFOUND, "%s: there is no %s '%s'",
				  f->name, entity_of(f->ref)->name, code);
			return fail_at(err, e, rec);
		}
		o->ref_ok[f->ref] = code;
	}
	return 0;
}

/* Insert rec as a new record and audit it; *id may be NULL. */
static int
insert_record(struct op *o, enum kind k, const void *rec, int64_t *id,
	      struct error *err)
{
	const struct entity *e = entity_of(k);
	char key[WHERE_SIZE], *json = NULL;
	int ret = -1;

	if (check_refs(o, e, rec, NULL, err) < 0)
		goto out;
	json = record_json(e, rec, err);
	if (json == NULL)
		goto out;
	if (o->st->ops->insert(o->st, o->org_id, k, rec, id, err) < 0) {
		fail_at(err, e, rec);
		goto out;
	}
	record_key_text(e, rec, key, sizeof(key));
	ret = audit_add(o, e, key, "insert", NULL, NULL, json, err);
out:
	free(json);
	return ret;
}

/* Insert rec or update the record with its key, auditing each change. */
static int
put_record(struct op *o, enum kind k, const void *rec, struct error *err)
{
	const struct entity *e = entity_of(k);
	struct arena a;
	void *old = NULL;
	char key[WHERE_SIZE], ob[64], nb[64];
	int found = 0, ret = -1;

	arena_init(&a);
	old = arena_alloc(&a, e->size);
	if (o->st->ops->get(o->st, o->org_id, k, rec, old, &a, &found, err) < 0) {
		fail_at(err, e, rec);
		goto out;
	}
	if (!found) {
		ret = insert_record(o, k, rec, NULL, err);
		goto out;
	}
	ret = 0;
	for (size_t i = 0; i < e->nfields; i++)
		if (!field_equal(&e->fields[i], old, rec))
			ret = 1;
	if (ret == 0)
		goto out;	/* nothing changed: nothing to write or audit */
	ret = -1;
	if (check_refs(o, e, rec, old, err) < 0)
		goto out;
	if (o->st->ops->update(o->st, o->org_id, k, rec, &found, err) < 0) {
		fail_at(err, e, rec);
		goto out;
	}
	record_key_text(e, rec, key, sizeof(key));
	for (size_t i = 0; i < e->nfields; i++) {
		const struct field *f = &e->fields[i];

		if (field_equal(f, old, rec))
			continue;
		if (audit_add(o, e, key, "update", f->name,
			      audit_value(old, f, ob, sizeof(ob)),
			      audit_value(rec, f, nb, sizeof(nb)), err) < 0)
			goto out;
	}
	ret = 0;
out:
	arena_release(&a);
	return ret;
}

/* Delete the record with rec's key, auditing it as it was stored. */
static int
delete_record(struct op *o, enum kind k, const void *rec, struct error *err)
{
	const struct entity *e = entity_of(k);
	struct arena a;
	void *old;
	char key[WHERE_SIZE], *json = NULL;
	int found = 0, ret = -1;

	arena_init(&a);
	old = arena_alloc(&a, e->size);
	if (o->st->ops->get(o->st, o->org_id, k, rec, old, &a, &found, err) < 0) {
		fail_at(err, e, rec);
		goto out;
	}
	if (!found) {
		error_set(err, ERR_NOTFOUND, "there is no such %s", e->name);
		fail_at(err, e, rec);
		goto out;
	}
	json = record_json(e, old, err);
	if (json == NULL)
		goto out;
	if (o->st->ops->remove(o->st, o->org_id, k, old, &found, err) < 0) {
		if (err && err->code == ERR_CONFLICT)
			error_set(err, ERR_CONFLICT,
				  "other records still refer to it");
		fail_at(err, e, rec);
		goto out;
	}
	record_key_text(e, old, key, sizeof(key));
	ret = audit_add(o, e, key, "delete", NULL, json, NULL, err);
out:
	free(json);
	arena_release(&a);
	return ret;
}

/* --- the API --------------------------------------------------------- */

int
store_orgs(struct store *st, char ***codes, size_t *n, struct error *err)
{
	return st->ops->org_codes(st, codes, n, err);
}

void
store_free_list(char **list)
{
	if (list == NULL)
		return;
	for (char **p = list; *p; p++)
		free(*p);
	free(list);
}

int
store_load(struct store *st, const char *org, struct dataset *ds,
	   struct error *err)
{
	return store_load_kinds(st, org, ~(uint64_t)0, ds, err);
}

int
store_load_kinds(struct store *st, const char *org, uint64_t kinds,
		 struct dataset *ds, struct error *err)
{
	int64_t id = 0;
	int ret = -1, own = !st->in_tx;

	/* One read transaction: every table from the same snapshot. */
	if (own && st->ops->begin(st, 0, err) < 0)
		return -1;
	if (st->ops->find_id(st, 0, K_ORGANISATION, org, &id, err) < 0)
		goto out;
	if (id == 0) {
		error_set(err, ERR_NOTFOUND, "there is no organisation %s", org);
		goto out;
	}
	for (int k = 0; k < K__COUNT; k++)
		if ((kinds & STORE_KIND(k)) && st->ops->load(st, id, k, ds, err) < 0)
			goto out;
	ret = 0;
out:
	if (own) {
		if (ret == 0)
			ret = st->ops->commit(st, err);
		if (ret < 0)
			st->ops->rollback(st);
	}
	if (ret == 0)
		dataset_sort(ds);
	return ret;
}

int
store_create_org(struct store *st, const struct dataset *ds,
		 struct error *err)
{
	const struct organisation *org = dataset_org(ds);
	struct op o;
	int ret = -1;

	if (org == NULL || org->code == NULL)
		return error_set(err, ERR_USAGE,
				 "the dataset has no organisation");
	if (dataset_count(ds, K_ORGANISATION) != 1)
		return error_set(err, ERR_USAGE,
				 "the dataset holds %zu organisations, not one",
				 dataset_count(ds, K_ORGANISATION));
	if (op_begin(&o, st, org->code, err) < 0)
		return -1;
	if (st->ops->find_id(st, 0, K_ORGANISATION, org->code, &o.org_id,
			     err) < 0)
		goto out;
	if (o.org_id != 0) {
		error_set(err, ERR_CONFLICT, "organisation %s already exists",
			  org->code);
		goto out;
	}
	if (insert_record(&o, K_ORGANISATION, org, &o.org_id, err) < 0)
		goto out;
	for (int k = K_ORGANISATION + 1; k < K__COUNT; k++)
		for (size_t i = 0; i < dataset_count(ds, k); i++)
			if (insert_record(&o, k, dataset_row(ds, k, i), NULL,
					  err) < 0)
				goto out;
	ret = 0;
out:
	return op_end(&o, ret, err);
}

/*
 * The organisation's rows go with it (ON DELETE CASCADE). The audit log
 * gets one entry, holding the organisation record: every record it had
 * was audited as it was written, so the log still tells what was lost.
 */
int
store_delete_org(struct store *st, const char *org, struct error *err)
{
	struct op o;
	struct organisation key;
	int ret = -1;

	if (op_begin(&o, st, org, err) < 0)
		return -1;
	if (op_org(&o, err) < 0)
		goto out;
	record_clear(&key, entity_of(K_ORGANISATION));
	key.code = (char *)org;
	ret = delete_record(&o, K_ORGANISATION, &key, err);
out:
	return op_end(&o, ret, err);
}

/* K_ORGANISATION through put/delete: only the organisation named. */
static int
check_org_record(enum kind k, const char *org, const void *rec,
		 struct error *err)
{
	const struct organisation *r = rec;

	if (k != K_ORGANISATION)
		return 0;
	if (r->code == NULL || strcmp(r->code, org) != 0)
		return error_set(err, ERR_USAGE,
				 "organisation %s: a record of organisation %s can only change itself",
				 org, r->code ? r->code : "(none)");
	return 0;
}

int
store_put(struct store *st, const char *org, enum kind k, const void *rec,
	  struct error *err)
{
	struct op o;
	int ret = -1;

	if (check_org_record(k, org, rec, err) < 0)
		return -1;
	if (op_begin(&o, st, org, err) < 0)
		return -1;
	if (op_org(&o, err) == 0)
		ret = put_record(&o, k, rec, err);
	return op_end(&o, ret, err);
}

int
store_delete(struct store *st, const char *org, enum kind k, const void *rec,
	     struct error *err)
{
	struct op o;
	int ret = -1;

	if (check_org_record(k, org, rec, err) < 0)
		return -1;
	if (k == K_ORGANISATION)
		return store_delete_org(st, org, err);
	if (op_begin(&o, st, org, err) < 0)
		return -1;
	if (op_org(&o, err) == 0)
		ret = delete_record(&o, k, rec, err);
	return op_end(&o, ret, err);
}

int
store_audit_each(struct store *st, int64_t from, audit_fn fn, void *ctx,
		 struct error *err)
{
	return st->ops->audit_each(st, from, fn, ctx, err);
}

/* --- published snapshots --------------------------------------------- */

static int
month_ok(int32_t month, struct error *err)
{
	char buf[16];

	if (month <= 0 || month_format(month, buf)[0] == '\0')
		return error_set(err, ERR_USAGE, "no month given");
	return 0;
}

/* The row id of organisation org, for reads: ERR_NOTFOUND if none. */
static int
org_id_of(struct store *st, const char *org, int64_t *id, struct error *err)
{
	if (st->ops->find_id(st, 0, K_ORGANISATION, org, id, err) < 0)
		return -1;
	if (*id == 0)
		return error_set(err, ERR_NOTFOUND, "there is no organisation %s",
				 org);
	return 0;
}

int
store_snapshot_put(struct store *st, const char *org, int32_t month,
		   int revision, const char *json, size_t len,
		   struct error *err)
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	char hex[2 * crypto_hash_sha256_BYTES + 1], mb[16];
	struct op o;
	int ret = -1;

	if (month_ok(month, err) < 0)
		return -1;
	if (revision < 1)
		return error_set(err, ERR_USAGE,
				 "snapshot revision %d: revisions start at 1",
				 revision);
	if (json == NULL)
		return error_set(err, ERR_USAGE, "no snapshot to keep");
	crypto_hash_sha256(digest, (const unsigned char *)json, len);
	audit_hex(digest, hex);
	month_format(month, mb);
	if (op_begin(&o, st, org, err) < 0)
		return -1;
	if (op_org(&o, err) < 0)
		goto out;
	if (st->ops->snapshot_put(st, o.org_id, month, revision, json, len, hex,
				  o.at, err) < 0) {
		if (err && err->code == ERR_CONFLICT)
			error_set(err, ERR_CONFLICT,
				  "organisation %s: revision %d of %s is already published",
				  org, revision, mb);
		goto out;
	}
	ret = audit_add(&o, entity_of(K_PERIOD), mb, "publish", NULL, NULL, hex,
			err);
out:
	return op_end(&o, ret, err);
}

int
store_snapshot_get(struct store *st, const char *org, int32_t month,
		   int revision, char **json, size_t *len, int *got,
		   struct error *err)
{
	int64_t id = 0;
	int rev = 0;
	size_t n = 0;
	char mb[16];

	*json = NULL;
	if (len)
		*len = 0;
	if (got)
		*got = 0;
	if (month_ok(month, err) < 0 || org_id_of(st, org, &id, err) < 0)
		return -1;
	if (st->ops->snapshot_get(st, id, month, revision < 0 ? 0 : revision,
				  json, &n, &rev, err) < 0)
		return -1;
	if (*json == NULL) {
		month_format(month, mb);
		if (revision > 0)
			return error_set(err, ERR_NOTFOUND,
					 "organisation %s has no revision %d of %s published",
					 org, revision, mb);
		return error_set(err, ERR_NOTFOUND,
				 "organisation %s has nothing published for %s",
				 org, mb);
	}
	if (len)
		*len = n;
	if (got)
		*got = rev;
	return 0;
}

int
store_snapshot_list(struct store *st, const char *org, int32_t **months,
		    int **revisions, size_t *n, struct error *err)
{
	int64_t id = 0;

	*months = NULL;
	*revisions = NULL;
	*n = 0;
	if (org_id_of(st, org, &id, err) < 0)
		return -1;
	return st->ops->snapshot_list(st, id, months, revisions, n, err);
}

/* --- credentials ----------------------------------------------------- */

/* The row id of username in org: ERR_NOTFOUND naming both if none. */
static int
user_id_of(struct store *st, int64_t org_id, const char *org,
	   const char *username, int64_t *id, struct error *err)
{
	if (username == NULL || *username == '\0')
		return error_set(err, ERR_USAGE, "no username given");
	if (st->ops->find_id(st, org_id, K_USER, username, id, err) < 0)
		return -1;
	if (*id == 0)
		return error_set(err, ERR_NOTFOUND,
				 "organisation %s has no user %s", org, username);
	return 0;
}

/*
 * The audit entry says the password changed and who changed it; the
 * hash itself never reaches the log, which anyone with audit access reads.
 */
int
store_credential_set(struct store *st, const char *org, const char *username,
		     const char *hash, struct error *err)
{
	struct op o;
	int64_t user = 0;
	int ret = -1;

	if (hash == NULL || *hash == '\0')
		return error_set(err, ERR_USAGE, "no password hash given");
	if (op_begin(&o, st, org, err) < 0)
		return -1;
	if (op_org(&o, err) < 0 ||
	    user_id_of(st, o.org_id, org, username, &user, err) < 0)
		goto out;
	if (st->ops->credential_set(st, user, hash, err) < 0)
		goto out;
	ret = audit_add(&o, entity_of(K_USER), username, "update", "password",
			NULL, NULL, err);
out:
	return op_end(&o, ret, err);
}

int
store_credential_get(struct store *st, const char *org, const char *username,
		     char **hash, struct error *err)
{
	int64_t id = 0, user = 0;

	*hash = NULL;
	if (org_id_of(st, org, &id, err) < 0 ||
	    user_id_of(st, id, org, username, &user, err) < 0)
		return -1;
	if (st->ops->credential_get(st, user, hash, err) < 0)
		return -1;
	if (*hash == NULL)
		return error_set(err, ERR_NOTFOUND,
				 "user %s of organisation %s has no password set",
				 username, org);
	return 0;
}

/* --- sessions: operational data, not audited ------------------------- */

void
store_session_release(struct store_session *s)
{
	if (s == NULL)
		return;
	free(s->token_hash);
	free(s->org);
	free(s->username);
	free(s->csrf);
	memset(s, 0, sizeof(*s));
}

int
store_session_put(struct store *st, const struct store_session *s,
		  struct error *err)
{
	if (s->token_hash == NULL || s->org == NULL || s->username == NULL ||
	    s->csrf == NULL)
		return error_set(err, ERR_USAGE,
				 "a session needs a token hash, organisation, username and CSRF token");
	if (st->ops->session_put(st, s, err) < 0) {
		if (err && err->code == ERR_CONFLICT)
			error_set(err, ERR_CONFLICT, "that session already exists");
		return -1;
	}
	return 0;
}

int
store_session_get(struct store *st, const char *token_hash,
		  struct store_session *out, int *found, struct error *err)
{
	memset(out, 0, sizeof(*out));
	*found = 0;
	if (token_hash == NULL)
		return 0;
	return st->ops->session_get(st, token_hash, out, found, err);
}

int
store_session_touch(struct store *st, const char *token_hash,
		    int64_t last_seen, struct error *err)
{
	return st->ops->session_touch(st, token_hash, last_seen, err);
}

int
store_session_delete(struct store *st, const char *token_hash,
		     struct error *err)
{
	return st->ops->session_delete(st, token_hash, err);
}

int
store_session_end_user(struct store *st, const char *org, const char *username,
		       const char *keep, struct error *err)
{
	return st->ops->session_end_user(st, org, username, keep ? keep : "", err);
}

int
store_session_purge(struct store *st, int64_t now, int64_t idle_before,
		    struct error *err)
{
	return st->ops->session_purge(st, now, idle_before, err);
}

/* --- login throttling ------------------------------------------------ */

/*
 * Add, prune and count in one write transaction, so that two failing
 * logins at once both count; failures older than the window are
 * forgotten as we go, which keeps the table as small as the window.
 */
int
store_login_failure(struct store *st, const char *key, int64_t now,
		    int64_t window, int *count, struct error *err)
{
	struct op o;
	int ret = -1;

	*count = 0;
	if (key == NULL || *key == '\0')
		return error_set(err, ERR_USAGE, "no throttling key given");
	if (window < 0)
		return error_set(err, ERR_USAGE, "a negative throttling window");
	if (op_begin(&o, st, NULL, err) < 0)
		return -1;
	if (st->ops->login_add(st, key, now, err) < 0 ||
	    st->ops->login_prune(st, key, now - window, err) < 0 ||
	    st->ops->login_count(st, key, now - window, count, err) < 0)
		goto out;
	ret = 0;
out:
	return op_end(&o, ret, err);
}

int
store_login_reset(struct store *st, const char *key, struct error *err)
{
	return st->ops->login_reset(st, key, err);
}
