/*
 * sqlite.c - the SQLite store backend: struct store_ops over one sqlite3
 * connection.
 *
 * All SQL comes from data/sql/sqlite/ (connect.sql run at open,
 * schema-NNN.sql run by store.c's migrations, records.sql's named
 * statements). Statements are prepared on first use and kept for the
 * connection's life. One binder and one reader serve every kind of
 * record by walking its field descriptors, which records.sql's parameter
 * convention makes possible: ?1 is the organisation's row id, ?2 on are
 * the fields in descriptor order, and selects return the fields as
 * columns in that order.
 *
 * A store handle is for one thread at a time.
 */
#include "store/store-internal.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/asset.h"
#include "core/date.h"
#include "core/error.h"
#include "core/xmalloc.h"
#include "model/dataset.h"

/* Statements that are not about one kind of record. */
enum query {
	Q_VERSION,
	Q_BEGIN_READ,
	Q_BEGIN_WRITE,
	Q_COMMIT,
	Q_ROLLBACK,
	Q_SAVEPOINT,
	Q_RELEASE,
	Q_ROLLBACK_TO,
	Q_ORG_CODES,
	Q_AUDIT_HEAD,
	Q_AUDIT_APPEND,
	Q_AUDIT_EACH,
	Q__COUNT
};

static const char *const query_names[Q__COUNT] = {
	[Q_VERSION] = "schema.version",
	[Q_BEGIN_READ] = "tx.begin_read",
	[Q_BEGIN_WRITE] = "tx.begin_write",
	[Q_COMMIT] = "tx.commit",
	[Q_ROLLBACK] = "tx.rollback",
	[Q_SAVEPOINT] = "tx.savepoint",
	[Q_RELEASE] = "tx.release",
	[Q_ROLLBACK_TO] = "tx.rollback_to",
	[Q_ORG_CODES] = "organisation.codes",
	[Q_AUDIT_HEAD] = "audit.head",
	[Q_AUDIT_APPEND] = "audit.append",
	[Q_AUDIT_EACH] = "audit.each",
};

#define RECORDS_SQL "sql/sqlite/records.sql"
#define CONNECT_SQL "sql/sqlite/connect.sql"

struct sqlite_store {
	struct store base;	/* first: what store.c sees */
	sqlite3 *db;
	struct sql_file sql;	/* records.sql, parsed */
	const char *query_sql[Q__COUNT];
	sqlite3_stmt *query[Q__COUNT];
	const char *rec_sql[K__COUNT][SV__COUNT];
	sqlite3_stmt *rec[K__COUNT][SV__COUNT];
};

static struct sqlite_store *
to_sqlite(struct store *st)
{
	return (struct sqlite_store *)st;
}

/*
 * Turn the connection's last error into err. Constraint failures are the
 * caller's to place (store.c names the record); anything else is a fault
 * of the database file, named by its path.
 */
static int
db_fail(struct sqlite_store *s, struct error *err)
{
	int code = sqlite3_extended_errcode(s->db);
	const char *msg = sqlite3_errmsg(s->db);

	switch (code) {
	case SQLITE_CONSTRAINT_UNIQUE:
	case SQLITE_CONSTRAINT_PRIMARYKEY:
		return error_set(err, ERR_CONFLICT, "already exists");
	case SQLITE_CONSTRAINT_FOREIGNKEY:
	case SQLITE_CONSTRAINT_TRIGGER:
		return error_set(err, ERR_CONFLICT, "%s", msg);
	case SQLITE_CONSTRAINT_CHECK:
	case SQLITE_CONSTRAINT_NOTNULL:
	case SQLITE_CONSTRAINT_DATATYPE:
		return error_set(err, ERR_INPUT, "%s", msg);
	default:
		return error_at(err, ERR_IO, s->base.target, "%s", msg);
	}
}

/* Is the rest of a prepared text only blanks? (one statement per name) */
static int
only_blanks(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == ';')
		p++;
	return *p == '\0';
}

static sqlite3_stmt *
prepare(struct sqlite_store *s, sqlite3_stmt **slot, const char *sql,
	const char *name, struct error *err)
{
	const char *tail = NULL;

	if (*slot)
		return *slot;
	if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, slot,
			       &tail) != SQLITE_OK) {
		error_at(err, ERR_INTERNAL, "records.sql", "%s: %s", name,
			 sqlite3_errmsg(s->db));
		sqlite3_finalize(*slot);
		*slot = NULL;
		return NULL;
	}
	if (*slot == NULL || (tail && !only_blanks(tail))) {
		error_at(err, ERR_INTERNAL, "records.sql",
			 "%s must be exactly one statement", name);
		sqlite3_finalize(*slot);
		*slot = NULL;
	}
	return *slot;
}

static sqlite3_stmt *
query(struct sqlite_store *s, enum query q, struct error *err)
{
	return prepare(s, &s->query[q], s->query_sql[q], query_names[q], err);
}

/*
 * The statement for verb v of kind k. Its shape is checked against the
 * descriptors when first prepared, so an SQL file out of step with
 * schema.c fails loudly instead of binding fields to the wrong columns.
 */
static sqlite3_stmt *
record_stmt(struct sqlite_store *s, enum kind k, enum store_verb v,
	    struct error *err)
{
	const struct entity *e = entity_of(k);
	sqlite3_stmt *stmt = s->rec[k][v];
	char name[64];
	int params, cols, want_cols;

	if (stmt)
		return stmt;
	snprintf(name, sizeof(name), "%s.%s", e->name, store_verb_names[v]);
	if (s->rec_sql[k][v] == NULL) {
		error_at(err, ERR_INTERNAL, "records.sql", "no statement %s", name);
		return NULL;
	}
	stmt = prepare(s, &s->rec[k][v], s->rec_sql[k][v], name, err);
	if (stmt == NULL)
		return NULL;
	params = sqlite3_bind_parameter_count(stmt);
	cols = sqlite3_column_count(stmt);
	want_cols = v == SV_GET || v == SV_LOAD ? (int)e->nfields :
		    v == SV_ID ? 1 : 0;
	if (params != 1 + (int)store_verb_params(k, v) || cols != want_cols) {
		error_at(err, ERR_INTERNAL, "records.sql",
			 "%s has %d parameters and %d columns; the descriptors want %d and %d",
			 name, params, cols, 1 + (int)store_verb_params(k, v),
			 want_cols);
		sqlite3_finalize(stmt);
		s->rec[k][v] = NULL;
		return NULL;
	}
	return stmt;
}

/* Run a statement that returns no rows (or ignore them). */
static int
run(struct sqlite_store *s, sqlite3_stmt *stmt, struct error *err)
{
	int rc;

	if (stmt == NULL)
		return -1;
	rc = sqlite3_step(stmt);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		db_fail(s, err);
		sqlite3_reset(stmt);
		sqlite3_clear_bindings(stmt);
		return -1;
	}
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	return 0;
}

static void
done(sqlite3_stmt *stmt)
{
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
}

/* --- binding and reading records ------------------------------------- */

static int
bind_field(sqlite3_stmt *stmt, int idx, const struct field *f,
	   const void *crec)
{
	void *rec = (void *)crec;
	char buf[16];

	if (!field_present(rec, f))
		return sqlite3_bind_null(stmt, idx);
	switch (f->type) {
	case FT_TEXT:
	case FT_ENUM:
	case FT_REF:
		/* The record outlives the statement's use: no copy. */
		return sqlite3_bind_text(stmt, idx, *field_str(rec, f), -1,
					 SQLITE_STATIC);
	case FT_DATE:
		return sqlite3_bind_text(stmt, idx,
					 date_format(*field_i32(rec, f), buf), -1,
					 SQLITE_TRANSIENT);
	case FT_MONTH:
		return sqlite3_bind_text(stmt, idx,
					 month_format(*field_i32(rec, f), buf), -1,
					 SQLITE_TRANSIENT);
	case FT_INT:
	case FT_MONEY:
		return sqlite3_bind_int64(stmt, idx, *field_i64(rec, f));
	case FT_REAL:
		return sqlite3_bind_double(stmt, idx, *field_real(rec, f));
	case FT_BOOL:
		return sqlite3_bind_int(stmt, idx, *field_bool(rec, f) != 0);
	}
	return SQLITE_MISUSE;
}

/* ?1 = org, then the first n fields of rec as ?2.. */
static int
bind_record(struct sqlite_store *s, sqlite3_stmt *stmt, int64_t org,
	    const struct entity *e, const void *rec, size_t n,
	    struct error *err)
{
	int rc = sqlite3_bind_int64(stmt, 1, org);

	for (size_t i = 0; i < n && rc == SQLITE_OK; i++)
		rc = bind_field(stmt, (int)i + 2, &e->fields[i], rec);
	if (rc != SQLITE_OK) {
		db_fail(s, err);
		done(stmt);
		return -1;
	}
	return 0;
}

/* The current row into rec (already cleared), strings in a. */
static int
read_record(struct sqlite_store *s, sqlite3_stmt *stmt,
	    const struct entity *e, void *rec, struct arena *a,
	    struct error *err)
{
	for (size_t i = 0; i < e->nfields; i++) {
		const struct field *f = &e->fields[i];
		int col = (int)i;
		const char *text;

		if (sqlite3_column_type(stmt, col) == SQLITE_NULL)
			continue;
		switch (f->type) {
		case FT_TEXT:
		case FT_ENUM:
		case FT_REF:
			text = (const char *)sqlite3_column_text(stmt, col);
			*field_str(rec, f) = arena_strndup(a, text,
				(size_t)sqlite3_column_bytes(stmt, col));
			break;
		case FT_DATE:
		case FT_MONTH:
			text = (const char *)sqlite3_column_text(stmt, col);
			if ((f->type == FT_DATE ?
			     date_parse(text, field_i32(rec, f)) :
			     month_parse(text, field_i32(rec, f))) < 0)
				return error_at(err, ERR_IO, s->base.target,
						"%s.%s holds '%s', which is not a %s",
						e->name, f->name, text,
						f->type == FT_DATE ? "date" : "month");
			break;
		case FT_INT:
		case FT_MONEY:
			*field_i64(rec, f) = sqlite3_column_int64(stmt, col);
			break;
		case FT_REAL:
			*field_real(rec, f) = sqlite3_column_double(stmt, col);
			break;
		case FT_BOOL:
			*field_bool(rec, f) = sqlite3_column_int(stmt, col) != 0;
			break;
		}
	}
	return 0;
}

/* --- the ops ----------------------------------------------------------- */

static int
sqlite_accepts(const char *target)
{
	(void)target;
	return 1;
}

static void
sqlite_close(struct store *st)
{
	struct sqlite_store *s = to_sqlite(st);

	for (int q = 0; q < Q__COUNT; q++)
		sqlite3_finalize(s->query[q]);
	for (int k = 0; k < K__COUNT; k++)
		for (int v = 0; v < SV__COUNT; v++)
			sqlite3_finalize(s->rec[k][v]);
	sqlite3_close(s->db);
	sql_file_release(&s->sql);
	free(s);
}

/* Map records.sql's statements to their slots; all must be there. */
static int
map_statements(struct sqlite_store *s, struct error *err)
{
	for (int q = 0; q < Q__COUNT; q++) {
		s->query_sql[q] = sql_file_find(&s->sql, query_names[q]);
		if (s->query_sql[q] == NULL)
			return error_at(err, ERR_INTERNAL, "records.sql",
					"no statement %s", query_names[q]);
	}
	for (int k = 0; k < K__COUNT; k++) {
		for (int v = 0; v < SV__COUNT; v++) {
			char name[64];

			snprintf(name, sizeof(name), "%s.%s", entity_of(k)->name,
				 store_verb_names[v]);
			s->rec_sql[k][v] = sql_file_find(&s->sql, name);
			if (s->rec_sql[k][v] == NULL && store_verb_needed(k, v))
				return error_at(err, ERR_INTERNAL, "records.sql",
						"no statement %s", name);
		}
	}
	return 0;
}

static int
sqlite_open(struct store **out, const char *target, struct error *err)
{
	struct sqlite_store *s = xcalloc(1, sizeof(*s));
	const struct asset *records = asset_find(RECORDS_SQL);
	const struct asset *connect = asset_find(CONNECT_SQL);
	char *msg = NULL;
	int ret = -1;

	/* db_fail names the target before store.c has set it */
	s->base.target = (char *)target;
	if (records == NULL || connect == NULL) {
		error_set(err, ERR_INTERNAL, "the SQLite SQL files are not built in");
		goto out;
	}
	if (sql_file_parse(&s->sql, (const char *)records->data, "records.sql",
			   err) < 0 || map_statements(s, err) < 0)
		goto out;
	if (sqlite3_open_v2(target, &s->db,
			    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK) {
		error_at(err, ERR_IO, target, "cannot open: %s",
			 s->db ? sqlite3_errmsg(s->db) : "out of memory");
		goto out;
	}
	sqlite3_extended_result_codes(s->db, 1);
	if (sqlite3_exec(s->db, (const char *)connect->data, NULL, NULL, &msg) !=
	    SQLITE_OK) {
		db_fail(s, err);
		goto out;
	}
	ret = 0;
out:
	sqlite3_free(msg);
	s->base.target = NULL;
	if (ret < 0) {
		sqlite_close(&s->base);
		return -1;
	}
	*out = &s->base;
	return 0;
}

static int
sqlite_schema_version(struct store *st, int *version, struct error *err)
{
	struct sqlite_store *s = to_sqlite(st);
	sqlite3_stmt *stmt = query(s, Q_VERSION, err);
	int rc;

	if (stmt == NULL)
		return -1;
	rc = sqlite3_step(stmt);
	if (rc != SQLITE_ROW) {
		db_fail(s, err);
		done(stmt);
		return -1;
	}
	*version = sqlite3_column_int(stmt, 0);
	done(stmt);
	return 0;
}

static int
sqlite_exec_script(struct store *st, const char *sql, const char *name,
		   struct error *err)
{
	struct sqlite_store *s = to_sqlite(st);
	char *msg = NULL;
	int ret = 0;

	if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK)
		ret = error_at(err, ERR_IO, st->target, "%s: %s", name,
			       msg ? msg : sqlite3_errmsg(s->db));
	sqlite3_free(msg);
	return ret;
}

static int
sqlite_begin(struct store *st, int write, struct error *err)
{
	struct sqlite_store *s = to_sqlite(st);

	return run(s, query(s, write ? Q_BEGIN_WRITE : Q_BEGIN_READ, err), err);
}

static int
sqlite_commit(struct store *st, struct error *err)
{
	struct sqlite_store *s = to_sqlite(st);

	return run(s, query(s, Q_COMMIT, err), err);
}

static void
sqlite_rollback(struct store *st)
{
	struct sqlite_store *s = to_sqlite(st);

	/* Fails only when no transaction is open, which is what we want. */
	if (sqlite3_get_autocommit(s->db) == 0)
		run(s, query(s, Q_ROLLBACK, NULL), NULL);
}

static int
sqlite_savepoint(struct store *st, struct error *err)
{
	struct sqlite_store *s = to_sqlite(st);

	return run(s, query(s, Q_SAVEPOINT, err), err);
}

static int
sqlite_release(struct store *st, struct error *err)
{
	struct sqlite_store *s = to_sqlite(st);

	return run(s, query(s, Q_RELEASE, err), err);
}

static void
sqlite_rollback_to(struct store *st)
{
	struct sqlite_store *s = to_sqlite(st);

	/* ROLLBACK TO keeps the savepoint open: release it too. */
	run(s, query(s, Q_ROLLBACK_TO, NULL), NULL);
	run(s, query(s, Q_RELEASE, NULL), NULL);
}

static int
sqlite_org_codes(struct store *st, char ***codes, size_t *n,
		 struct error *err)
{
	struct sqlite_store *s = to_sqlite(st);
	sqlite3_stmt *stmt = query(s, Q_ORG_CODES, err);
	char **v = NULL;
	size_t nr = 0, alloc = 0;
	int rc;

	*codes = NULL;
	*n = 0;
	if (stmt == NULL)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		ALLOC_GROW(v, nr + 2, alloc);
		v[nr++] = xstrdup((const char *)sqlite3_column_text(stmt, 0));
	}
	if (rc != SQLITE_DONE) {
		db_fail(s, err);
		done(stmt);
		for (size_t i = 0; i < nr; i++)
			free(v[i]);
		free(v);
		return -1;
	}
	done(stmt);
	ALLOC_GROW(v, nr + 1, alloc);
	v[nr] = NULL;
	*codes = v;
	*n = nr;
	return 0;
}

static int
sqlite_find_id(struct store *st, int64_t org, enum kind k, const char *code,
	       int64_t *id, struct error *err)
{
	struct sqlite_store *s = to_sqlite(st);
	sqlite3_stmt *stmt = record_stmt(s, k, SV_ID, err);
	int rc;

	*id = 0;
	if (stmt == NULL)
		return -1;
	if (sqlite3_bind_int64(stmt, 1, org) != SQLITE_OK ||
	    sqlite3_bind_text(stmt, 2, code, -1, SQLITE_STATIC) != SQLITE_OK) {
		done(stmt);
		return db_fail(s, err);
	}
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(stmt, 0);
	else if (rc != SQLITE_DONE)
		db_fail(s, err);
	done(stmt);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* Bind rec for verb v and step once; *changes gets the rows touched. */
static int
write_record(struct sqlite_store *s, enum store_verb v, int64_t org,
	     enum kind k, const void *rec, int *changes, struct error *err)
{
	const struct entity *e = entity_of(k);
	sqlite3_stmt *stmt = record_stmt(s, k, v, err);

	if (stmt == NULL ||
	    bind_record(s, stmt, org, e, rec, store_verb_params(k, v), err) < 0)
		return -1;
	if (run(s, stmt, err) < 0)
		return -1;
	if (changes)
		*changes = sqlite3_changes(s->db);
	return 0;
}

static int
sqlite_insert(struct store *st, int64_t org, enum kind k, const void *rec,
	      int64_t *id, struct error *err)
{
	struct sqlite_store *s = to_sqlite(st);

	if (write_record(s, SV_INSERT, org, k, rec, NULL, err) < 0)
		return -1;
	if (id)
		*id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

static int
sqlite_update(struct store *st, int64_t org, enum kind k, const void *rec,
	      int *found, struct error *err)
{
	int changes = 0;

	if (write_record(to_sqlite(st), SV_UPDATE, org, k, rec, &changes,
			 err) < 0)
		return -1;
	if (found)
		*found = changes > 0;
	return 0;
}

static int
sqlite_remove(struct store *st, int64_t org, enum kind k, const void *rec,
	      int *found, struct error *err)
{
	int changes = 0;

	if (write_record(to_sqlite(st), SV_DELETE, org, k, rec, &changes,
			 err) < 0)
		return -1;
	if (found)
		*found = changes > 0;
	return 0;
}

static int
sqlite_get(struct store *st, int64_t org, enum kind k, const void *key,
	   void *out, struct arena *a, int *found, struct error *err)
{
	struct sqlite_store *s = to_sqlite(st);
	const struct entity *e = entity_of(k);
	sqlite3_stmt *stmt = record_stmt(s, k, SV_GET, err);
	int rc, ret = -1;

	*found = 0;
	record_clear(out, e);
	if (stmt == NULL ||
	    bind_record(s, stmt, org, e, key, store_verb_params(k, SV_GET),
			err) < 0)
		return -1;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*found = 1;
		ret = read_record(s, stmt, e, out, a, err);
	} else if (rc == SQLITE_DONE) {
		ret = 0;
	} else {
		db_fail(s, err);
	}
	done(stmt);
	return ret;
}

static int
sqlite_load(struct store *st, int64_t org, enum kind k, struct dataset *ds,
	    struct error *err)
{
	struct sqlite_store *s = to_sqlite(st);
	const struct entity *e = entity_of(k);
	sqlite3_stmt *stmt = record_stmt(s, k, SV_LOAD, err);
	int rc, ret = 0;

	if (stmt == NULL)
		return -1;
	if (sqlite3_bind_int64(stmt, 1, org) != SQLITE_OK) {
		done(stmt);
		return db_fail(s, err);
	}
	while (ret == 0 && (rc = sqlite3_step(stmt)) == SQLITE_ROW)
		ret = read_record(s, stmt, e, dataset_add(ds, k), &ds->arena,
				  err);
	if (ret == 0 && rc != SQLITE_DONE)
		ret = db_fail(s, err);
	done(stmt);
	return ret;
}

static int
sqlite_audit_head(struct store *st, int64_t *seq,
		  unsigned char hash[AUDIT_HASH_LEN], struct error *err)
{
	struct sqlite_store *s = to_sqlite(st);
	sqlite3_stmt *stmt = query(s, Q_AUDIT_HEAD, err);
	int rc, ret = 0;

	*seq = 0;
	memset(hash, 0, AUDIT_HASH_LEN);
	if (stmt == NULL)
		return -1;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*seq = sqlite3_column_int64(stmt, 0);
		if (audit_unhex((const char *)sqlite3_column_text(stmt, 1),
				hash) < 0)
			ret = error_at(err, ERR_IO, st->target,
				       "audit entry %lld has a malformed hash",
				       (long long)*seq);
	} else if (rc != SQLITE_DONE) {
		ret = db_fail(s, err);
	}
	done(stmt);
	return ret;
}

static int
bind_text_or_null(sqlite3_stmt *stmt, int idx, const char *s)
{
	if (s == NULL)
		return sqlite3_bind_null(stmt, idx);
	return sqlite3_bind_text(stmt, idx, s, -1, SQLITE_STATIC);
}

static int
sqlite_audit_append(struct store *st, const struct audit_entry *e,
		    struct error *err)
{
	struct sqlite_store *s = to_sqlite(st);
	sqlite3_stmt *stmt = query(s, Q_AUDIT_APPEND, err);
	const char *text[] = {
		e->at, e->actor, e->org, e->entity, e->key, e->action,
		e->field, e->old_value, e->new_value
	};
	char prev[2 * AUDIT_HASH_LEN + 1], hash[2 * AUDIT_HASH_LEN + 1];
	int rc;

	if (stmt == NULL)
		return -1;
	rc = sqlite3_bind_int64(stmt, 1, e->seq);
	for (int i = 0; i < 9 && rc == SQLITE_OK; i++)
		rc = bind_text_or_null(stmt, i + 2, text[i]);
	if (rc == SQLITE_OK)
		rc = bind_text_or_null(stmt, 11, audit_hex(e->prev, prev));
	if (rc == SQLITE_OK)
		rc = bind_text_or_null(stmt, 12, audit_hex(e->hash, hash));
	if (rc != SQLITE_OK) {
		done(stmt);
		return db_fail(s, err);
	}
	return run(s, stmt, err);
}

static const char *
column_text(sqlite3_stmt *stmt, int col)
{
	return (const char *)sqlite3_column_text(stmt, col);
}

/*
 * A statement of its own rather than the cached one, so that fn may use
 * the store (even iterate the log again) while this runs.
 */
static int
sqlite_audit_each(struct store *st, int64_t from, audit_fn fn, void *ctx,
		  struct error *err)
{
	struct sqlite_store *s = to_sqlite(st);
	sqlite3_stmt *stmt = NULL;
	int rc, ret = 0;

	if (prepare(s, &stmt, s->query_sql[Q_AUDIT_EACH],
		    query_names[Q_AUDIT_EACH], err) == NULL)
		return -1;
	if (sqlite3_bind_int64(stmt, 1, from) != SQLITE_OK) {
		ret = db_fail(s, err);
		goto out;
	}
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct audit_entry e;

		memset(&e, 0, sizeof(e));
		e.seq = sqlite3_column_int64(stmt, 0);
		e.at = column_text(stmt, 1);
		e.actor = column_text(stmt, 2);
		e.org = column_text(stmt, 3);
		e.entity = column_text(stmt, 4);
		e.key = column_text(stmt, 5);
		e.action = column_text(stmt, 6);
		e.field = column_text(stmt, 7);
		e.old_value = column_text(stmt, 8);
		e.new_value = column_text(stmt, 9);
		if (audit_unhex(column_text(stmt, 10), e.prev) < 0 ||
		    audit_unhex(column_text(stmt, 11), e.hash) < 0) {
			ret = error_at(err, ERR_IO, st->target,
				       "audit entry %lld has a malformed hash",
				       (long long)e.seq);
			goto out;
		}
		ret = fn(&e, ctx);
		if (ret != 0)
			goto out;
	}
	if (rc != SQLITE_DONE)
		ret = db_fail(s, err);
out:
	sqlite3_finalize(stmt);
	return ret;
}

const struct store_ops sqlite_store_ops = {
	.name = "sqlite",
	.accepts = sqlite_accepts,
	.open = sqlite_open,
	.close = sqlite_close,
	.schema_version = sqlite_schema_version,
	.exec_script = sqlite_exec_script,
	.begin = sqlite_begin,
	.commit = sqlite_commit,
	.rollback = sqlite_rollback,
	.savepoint = sqlite_savepoint,
	.release = sqlite_release,
	.rollback_to = sqlite_rollback_to,
	.org_codes = sqlite_org_codes,
	.find_id = sqlite_find_id,
	.insert = sqlite_insert,
	.update = sqlite_update,
	.remove = sqlite_remove,
	.get = sqlite_get,
	.load = sqlite_load,
	.audit_head = sqlite_audit_head,
	.audit_append = sqlite_audit_append,
	.audit_each = sqlite_audit_each,
};
