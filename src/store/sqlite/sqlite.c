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
#include <unistd.h>

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
	/* from extra.sql */
	Q_SNAPSHOT_PUT,
	Q_SNAPSHOT_GET,
	Q_SNAPSHOT_LIST,
	Q_CREDENTIAL_SET,
	Q_CREDENTIAL_GET,
	Q_SESSION_PUT,
	Q_SESSION_GET,
	Q_SESSION_TOUCH,
	Q_SESSION_DELETE,
	Q_SESSION_PURGE,
	Q_SESSION_END_USER,
	Q_LOGIN_ADD,
	Q_LOGIN_PRUNE,
	Q_LOGIN_COUNT,
	Q_LOGIN_RESET,
	Q__COUNT
};

/* The first query that extra.sql holds; those before are in records.sql. */
#define Q_FIRST_EXTRA Q_SNAPSHOT_PUT

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
	[Q_SNAPSHOT_PUT] = "snapshot.put",
	[Q_SNAPSHOT_GET] = "snapshot.get",
	[Q_SNAPSHOT_LIST] = "snapshot.list",
	[Q_CREDENTIAL_SET] = "credential.set",
	[Q_CREDENTIAL_GET] = "credential.get",
	[Q_SESSION_PUT] = "session.put",
	[Q_SESSION_GET] = "session.get",
	[Q_SESSION_TOUCH] = "session.touch",
	[Q_SESSION_DELETE] = "session.delete",
	[Q_SESSION_PURGE] = "session.purge",
	[Q_SESSION_END_USER] = "session.end_user",
	[Q_LOGIN_ADD] = "login.add",
	[Q_LOGIN_PRUNE] = "login.prune",
	[Q_LOGIN_COUNT] = "login.count",
	[Q_LOGIN_RESET] = "login.reset",
};

#define RECORDS_SQL "sql/sqlite/records.sql"
#define CONNECT_SQL "sql/sqlite/connect.sql"
#define EXTRA_SQL "sql/sqlite/extra.sql"

struct sqlite_store {
	struct store base;	/* first: what store.c sees */
	sqlite3 *db;
	struct sql_file sql;	/* records.sql, parsed */
	struct sql_file extra;	/* extra.sql, parsed */
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
	sql_file_release(&s->extra);
	free(s);
}

/* Map records.sql's statements to their slots; all must be there. */
static int
map_statements(struct sqlite_store *s, struct error *err)
{
	for (int q = 0; q < Q__COUNT; q++) {
		int extra = q >= Q_FIRST_EXTRA;

		s->query_sql[q] = sql_file_find(extra ? &s->extra : &s->sql,
						query_names[q]);
		if (s->query_sql[q] == NULL)
			return error_at(err, ERR_INTERNAL,
					extra ? "extra.sql" : "records.sql",
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

/*
 * Why a read-only connection could not read target, if it is the WAL's
 * side files: SQLite reads a WAL-mode database only if its -shm and -wal
 * files exist or can be made beside it (https://www.sqlite.org/wal.html,
 * "Read-Only Databases"). They exist while some connection has the
 * database open and go when the last one closes. immutable=1 would read
 * without them but is only for files nobody changes, which a live
 * database is not; so say what is needed instead.
 */
static int
readonly_fail(struct sqlite_store *s, const char *target, struct error *err)
{
	int code = sqlite3_extended_errcode(s->db);
	const char *slash = strrchr(target, '/');
	char *dir, *shm;
	int ret;

	if ((code & 0xff) != SQLITE_READONLY && (code & 0xff) != SQLITE_CANTOPEN)
		return db_fail(s, err);
	dir = slash == NULL ? xstrdup(".") :
	      slash == target ? xstrdup("/") : xstrndup(target, (size_t)(slash - target));
	shm = xasprintf("%s-shm", target);
	if (access(shm, F_OK) != 0 && access(dir, W_OK) != 0)
		ret = error_at(err, ERR_IO, target,
			       "cannot read: the database's directory (%s) must be "
			       "writable: SQLite keeps its write-ahead log beside it", dir);
	else
		ret = db_fail(s, err);
	free(shm);
	free(dir);
	return ret;
}

static int
open_mode(struct store **out, const char *target, int readonly,
	  struct error *err)
{
	struct sqlite_store *s = xcalloc(1, sizeof(*s));
	const struct asset *records = asset_find(RECORDS_SQL);
	const struct asset *connect = asset_find(CONNECT_SQL);
	const struct asset *extra = asset_find(EXTRA_SQL);
	char *msg = NULL;
	int ret = -1;

	/* db_fail names the target before store.c has set it */
	s->base.target = (char *)target;
	if (records == NULL || connect == NULL || extra == NULL) {
		error_set(err, ERR_INTERNAL, "the SQLite SQL files are not built in");
		goto out;
	}
	if (sql_file_parse(&s->sql, (const char *)records->data, "records.sql",
			   err) < 0 ||
	    sql_file_parse(&s->extra, (const char *)extra->data, "extra.sql",
			   err) < 0 ||
	    map_statements(s, err) < 0)
		goto out;
	if (sqlite3_open_v2(target, &s->db,
			    readonly ? SQLITE_OPEN_READONLY
				     : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
			    NULL) != SQLITE_OK) {
		error_at(err, ERR_IO, target, "cannot open: %s",
			 s->db ? sqlite3_errmsg(s->db) : "out of memory");
		goto out;
	}
	sqlite3_extended_result_codes(s->db, 1);
	/*
	 * connect.sql's journal_mode = WAL changes nothing on a read-only
	 * connection; reading the schema is what opens the WAL, so try it
	 * here to say plainly why it cannot be opened.
	 */
	if (sqlite3_exec(s->db, (const char *)connect->data, NULL, NULL, &msg) !=
	    SQLITE_OK ||
	    (readonly && sqlite3_exec(s->db, "SELECT count(*) FROM sqlite_master",
				      NULL, NULL, NULL) != SQLITE_OK)) {
		if (readonly)
			readonly_fail(s, target, err);
		else
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
sqlite_open(struct store **out, const char *target, struct error *err)
{
	return open_mode(out, target, 0, err);
}

static int
sqlite_open_readonly(struct store **out, const char *target,
		     struct error *err)
{
	return open_mode(out, target, 1, err);
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
 * A column of 64 hex digits into a hash. audit_unhex() does the same, but
 * this runs twice for every entry when the whole log is verified, so it
 * takes the length SQLite already knows and skips libsodium's
 * constant-time decoder, which buys nothing for hashes anyone may read.
 */
static int
hex_value(unsigned c)
{
	if (c - '0' < 10)
		return (int)(c - '0');
	c |= 0x20;	/* lower case */
	if (c - 'a' < 6)
		return (int)(c - 'a' + 10);
	return -1;
}

static int
column_hash(sqlite3_stmt *stmt, int col, unsigned char hash[AUDIT_HASH_LEN])
{
	const unsigned char *s = sqlite3_column_text(stmt, col);
	int bad = 0;

	if (s == NULL || sqlite3_column_bytes(stmt, col) != 2 * AUDIT_HASH_LEN)
		return -1;
	for (int i = 0; i < AUDIT_HASH_LEN; i++) {
		int hi = hex_value(s[2 * i]), lo = hex_value(s[2 * i + 1]);

		bad |= hi | lo;
		hash[i] = (unsigned char)((hi & 0xf) << 4 | (lo & 0xf));
	}
	return bad < 0 ? -1 : 0;
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
		if (column_hash(stmt, 10, e.prev) < 0 ||
		    column_hash(stmt, 11, e.hash) < 0) {
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

/* --- snapshots, credentials, sessions, login throttling ------------- */

static int
sqlite_snapshot_put(struct store *st, int64_t org, int32_t month, int revision,
		    const char *json, size_t len, const char *sha256,
		    const char *at, struct error *err)
{
	struct sqlite_store *s = to_sqlite(st);
	sqlite3_stmt *stmt = query(s, Q_SNAPSHOT_PUT, err);
	char mb[16];
	int rc;

	if (stmt == NULL)
		return -1;
	rc = sqlite3_bind_int64(stmt, 1, org);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(stmt, 2, month_format(month, mb), -1,
				       SQLITE_TRANSIENT);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(stmt, 3, revision);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text64(stmt, 4, json, (sqlite3_uint64)len,
					 SQLITE_STATIC, SQLITE_UTF8);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(stmt, 5, sha256, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(stmt, 6, at, -1, SQLITE_STATIC);
	if (rc != SQLITE_OK) {
		done(stmt);
		return db_fail(s, err);
	}
	return run(s, stmt, err);
}

static int
sqlite_snapshot_get(struct store *st, int64_t org, int32_t month, int revision,
		    char **json, size_t *len, int *got, struct error *err)
{
	struct sqlite_store *s = to_sqlite(st);
	sqlite3_stmt *stmt = query(s, Q_SNAPSHOT_GET, err);
	char mb[16];
	int rc;

	*json = NULL;
	*len = 0;
	*got = 0;
	if (stmt == NULL)
		return -1;
	if (sqlite3_bind_int64(stmt, 1, org) != SQLITE_OK ||
	    sqlite3_bind_text(stmt, 2, month_format(month, mb), -1,
			      SQLITE_TRANSIENT) != SQLITE_OK ||
	    sqlite3_bind_int(stmt, 3, revision) != SQLITE_OK) {
		done(stmt);
		return db_fail(s, err);
	}
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		const char *text = (const char *)sqlite3_column_text(stmt, 1);
		size_t n = (size_t)sqlite3_column_bytes(stmt, 1);

		*got = sqlite3_column_int(stmt, 0);
		*json = xmalloc(n + 1);
		if (n)
			memcpy(*json, text, n);
		(*json)[n] = '\0';
		*len = n;
	} else if (rc != SQLITE_DONE) {
		db_fail(s, err);
	}
	done(stmt);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

static int
sqlite_snapshot_list(struct store *st, int64_t org, int32_t **months,
		     int **revisions, size_t *n, struct error *err)
{
	struct sqlite_store *s = to_sqlite(st);
	sqlite3_stmt *stmt = query(s, Q_SNAPSHOT_LIST, err);
	int32_t *m = NULL;
	int *r = NULL;
	size_t nr = 0, am = 0, ar = 0;
	int rc, ret = 0;

	if (stmt == NULL)
		return -1;
	if (sqlite3_bind_int64(stmt, 1, org) != SQLITE_OK) {
		done(stmt);
		return db_fail(s, err);
	}
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *text = (const char *)sqlite3_column_text(stmt, 0);

		ALLOC_GROW(m, nr + 1, am);
		ALLOC_GROW(r, nr + 1, ar);
		if (month_parse(text, &m[nr]) < 0) {
			ret = error_at(err, ERR_IO, st->target,
				       "snapshot.month holds '%s', which is not a month",
				       text);
			break;
		}
		r[nr++] = sqlite3_column_int(stmt, 1);
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = db_fail(s, err);
	done(stmt);
	if (ret < 0) {
		free(m);
		free(r);
		return -1;
	}
	*months = m;
	*revisions = r;
	*n = nr;
	return 0;
}

static int
sqlite_credential_set(struct store *st, int64_t user, const char *hash,
		      struct error *err)
{
	struct sqlite_store *s = to_sqlite(st);
	sqlite3_stmt *stmt = query(s, Q_CREDENTIAL_SET, err);

	if (stmt == NULL)
		return -1;
	if (sqlite3_bind_int64(stmt, 1, user) != SQLITE_OK ||
	    sqlite3_bind_text(stmt, 2, hash, -1, SQLITE_STATIC) != SQLITE_OK) {
		done(stmt);
		return db_fail(s, err);
	}
	return run(s, stmt, err);
}

/* Step a one-column text query; *out a heap copy, NULL when no row. */
static int
one_text(struct sqlite_store *s, sqlite3_stmt *stmt, char **out,
	 struct error *err)
{
	int rc = sqlite3_step(stmt);

	*out = NULL;
	if (rc == SQLITE_ROW)
		*out = xstrdup((const char *)sqlite3_column_text(stmt, 0));
	else if (rc != SQLITE_DONE)
		db_fail(s, err);
	done(stmt);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

static int
sqlite_credential_get(struct store *st, int64_t user, char **hash,
		      struct error *err)
{
	struct sqlite_store *s = to_sqlite(st);
	sqlite3_stmt *stmt = query(s, Q_CREDENTIAL_GET, err);

	*hash = NULL;
	if (stmt == NULL)
		return -1;
	if (sqlite3_bind_int64(stmt, 1, user) != SQLITE_OK) {
		done(stmt);
		return db_fail(s, err);
	}
	return one_text(s, stmt, hash, err);
}

static int
sqlite_session_put(struct store *st, const struct store_session *ss,
		   struct error *err)
{
	struct sqlite_store *s = to_sqlite(st);
	sqlite3_stmt *stmt = query(s, Q_SESSION_PUT, err);
	const char *text[] = { ss->token_hash, ss->org, ss->username, ss->csrf };
	int rc = SQLITE_OK;

	if (stmt == NULL)
		return -1;
	for (int i = 0; i < 4 && rc == SQLITE_OK; i++)
		rc = sqlite3_bind_text(stmt, i + 1, text[i], -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(stmt, 5, ss->created);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(stmt, 6, ss->last_seen);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(stmt, 7, ss->expires);
	if (rc != SQLITE_OK) {
		done(stmt);
		return db_fail(s, err);
	}
	return run(s, stmt, err);
}

static int
sqlite_session_get(struct store *st, const char *token_hash,
		   struct store_session *out, int *found, struct error *err)
{
	struct sqlite_store *s = to_sqlite(st);
	sqlite3_stmt *stmt = query(s, Q_SESSION_GET, err);
	int rc;

	*found = 0;
	if (stmt == NULL)
		return -1;
	if (sqlite3_bind_text(stmt, 1, token_hash, -1, SQLITE_STATIC) !=
	    SQLITE_OK) {
		done(stmt);
		return db_fail(s, err);
	}
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*found = 1;
		out->token_hash = xstrdup(column_text(stmt, 0));
		out->org = xstrdup(column_text(stmt, 1));
		out->username = xstrdup(column_text(stmt, 2));
		out->csrf = xstrdup(column_text(stmt, 3));
		out->created = sqlite3_column_int64(stmt, 4);
		out->last_seen = sqlite3_column_int64(stmt, 5);
		out->expires = sqlite3_column_int64(stmt, 6);
	} else if (rc != SQLITE_DONE) {
		db_fail(s, err);
	}
	done(stmt);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* Bind text ?1 and, when has_int, integer ?2, then run q. */
static int
run_text_int(struct store *st, enum query q, const char *text, int has_int,
	     int64_t v, struct error *err)
{
	struct sqlite_store *s = to_sqlite(st);
	sqlite3_stmt *stmt = query(s, q, err);

	if (stmt == NULL)
		return -1;
	if (sqlite3_bind_text(stmt, 1, text, -1, SQLITE_STATIC) != SQLITE_OK ||
	    (has_int && sqlite3_bind_int64(stmt, 2, v) != SQLITE_OK)) {
		done(stmt);
		return db_fail(s, err);
	}
	return run(s, stmt, err);
}

static int
sqlite_session_touch(struct store *st, const char *token_hash,
		     int64_t last_seen, struct error *err)
{
	return run_text_int(st, Q_SESSION_TOUCH, token_hash, 1, last_seen, err);
}

static int
sqlite_session_delete(struct store *st, const char *token_hash,
		      struct error *err)
{
	return run_text_int(st, Q_SESSION_DELETE, token_hash, 0, 0, err);
}

static int
sqlite_session_end_user(struct store *st, const char *org, const char *username,
			const char *keep, struct error *err)
{
	struct sqlite_store *s = to_sqlite(st);
	sqlite3_stmt *stmt = query(s, Q_SESSION_END_USER, err);

	if (stmt == NULL)
		return -1;
	if (sqlite3_bind_text(stmt, 1, org, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_text(stmt, 2, username, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_text(stmt, 3, keep, -1, SQLITE_STATIC) != SQLITE_OK) {
		done(stmt);
		return db_fail(s, err);
	}
	return run(s, stmt, err);
}

static int
sqlite_session_purge(struct store *st, int64_t now, int64_t idle_before,
		     struct error *err)
{
	struct sqlite_store *s = to_sqlite(st);
	sqlite3_stmt *stmt = query(s, Q_SESSION_PURGE, err);

	if (stmt == NULL)
		return -1;
	if (sqlite3_bind_int64(stmt, 1, now) != SQLITE_OK ||
	    sqlite3_bind_int64(stmt, 2, idle_before) != SQLITE_OK) {
		done(stmt);
		return db_fail(s, err);
	}
	return run(s, stmt, err);
}

static int
sqlite_login_add(struct store *st, const char *key, int64_t at,
		 struct error *err)
{
	return run_text_int(st, Q_LOGIN_ADD, key, 1, at, err);
}

static int
sqlite_login_prune(struct store *st, const char *key, int64_t before,
		   struct error *err)
{
	return run_text_int(st, Q_LOGIN_PRUNE, key, 1, before, err);
}

static int
sqlite_login_count(struct store *st, const char *key, int64_t since,
		   int *count, struct error *err)
{
	struct sqlite_store *s = to_sqlite(st);
	sqlite3_stmt *stmt = query(s, Q_LOGIN_COUNT, err);
	int rc;

	*count = 0;
	if (stmt == NULL)
		return -1;
	if (sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_int64(stmt, 2, since) != SQLITE_OK) {
		done(stmt);
		return db_fail(s, err);
	}
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*count = sqlite3_column_int(stmt, 0);
	else
		db_fail(s, err);
	done(stmt);
	return rc == SQLITE_ROW ? 0 : -1;
}

static int
sqlite_login_reset(struct store *st, const char *key, struct error *err)
{
	return run_text_int(st, Q_LOGIN_RESET, key, 0, 0, err);
}

const struct store_ops sqlite_store_ops = {
	.name = "sqlite",
	.open = sqlite_open,
	.open_readonly = sqlite_open_readonly,
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
	.snapshot_put = sqlite_snapshot_put,
	.snapshot_get = sqlite_snapshot_get,
	.snapshot_list = sqlite_snapshot_list,
	.credential_set = sqlite_credential_set,
	.credential_get = sqlite_credential_get,
	.session_put = sqlite_session_put,
	.session_get = sqlite_session_get,
	.session_touch = sqlite_session_touch,
	.session_delete = sqlite_session_delete,
	.session_purge = sqlite_session_purge,
	.session_end_user = sqlite_session_end_user,
	.login_add = sqlite_login_add,
	.login_prune = sqlite_login_prune,
	.login_count = sqlite_login_count,
	.login_reset = sqlite_login_reset,
};
