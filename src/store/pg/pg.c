/*
 * pg.c - the PostgreSQL store backend: struct store_ops over one libpq
 * connection, so that several folio servers can share one database.
 *
 * The SQLite backend's twin (sqlite/sqlite.c), and deliberately the same
 * shape. All SQL comes from data/sql/pg/: connect.sql is run at open (and
 * after a reconnect), schema-NNN.sql by store.c's migrations, and
 * records.sql and extra.sql hold the named statements. Statements are
 * prepared on the server on first use (PQprepare) and kept for the
 * connection's life; every value travels as a parameter. Record
 * statements are prepared with parameter types from the descriptors, so
 * one binder and one reader serve every kind: $1 is the organisation's
 * row id, $2 on the fields in descriptor order, and selects return the
 * fields as columns in that order.
 *
 * Values go both ways as text in the very forms SQLite stores (dates
 * 'YYYY-MM-DD', months 'YYYY-MM', integers in decimal, reals with every
 * digit), so what the store reads back is what it wrote on either
 * backend. Booleans are PostgreSQL booleans ('t'/'f').
 *
 * Inside a transaction, inserts whose row id nobody asked for and audit
 * entries are pipelined (libpq's pipeline mode): sent without waiting for
 * their results, which are read at the next statement whose result is
 * needed, at the end of the store operation (release, commit) or every
 * PIPE_MAX statements. A failure among them is reported there, naming the
 * record it was about, and the operation fails and is undone as it would
 * have been had it been seen at once. A bulk create_org then costs one
 * round trip per reference looked up rather than two per record.
 *
 * Several servers: every write transaction takes one transaction-level
 * advisory lock before anything else (records.sql, tx.begin_write), which
 * does for a PostgreSQL database what BEGIN IMMEDIATE does for an SQLite
 * file: the audit head read inside the transaction stays the head until
 * commit, so writers on different machines still make one chain.
 *
 * A lost connection (a server restart, a failover) is re-made when the
 * next transaction begins, or at the next statement outside a
 * transaction; the statement that found it lost fails with ERR_IO. A
 * transaction is never silently carried over to a new connection.
 *
 * libpq's notices are swallowed: library code never prints. A store
 * handle is for one thread at a time.
 */
#include "store/store-internal.h"

#include <libpq-fe.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/asset.h"
#include "core/date.h"
#include "core/error.h"
#include "core/xmalloc.h"
#include "model/dataset.h"

/* Type OIDs from PostgreSQL's catalog/pg_type.h; fixed for good. */
#define OID_BOOL 16
#define OID_INT8 20
#define OID_TEXT 25
#define OID_FLOAT8 701

/* Parameters a statement may take: the widest kind's fields and $1. */
#define MAX_PARAMS 64
/* Audit entries read per round trip by audit_each. */
#define AUDIT_PAGE "5000"
/*
 * Statements sent ahead before their results are read: small enough that
 * the results waiting on the server never fill the socket's buffers
 * while libpq, in blocking mode, is still sending.
 */
#define PIPE_MAX 256
/* Where a pipelined statement's failure is reported: "kind key". */
#define WHERE_SIZE 256

/* libpq has pipeline mode from PostgreSQL 14's libpq on. */
#ifdef LIBPQ_HAS_PIPELINING
#define CAN_PIPE 1
#else
#define CAN_PIPE 0
#endif

/* Statements that are not about one kind of record. */
enum query {
	Q_SCHEMA_EXISTS,
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
	[Q_SCHEMA_EXISTS] = "schema.exists",
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

#define RECORDS_SQL "sql/pg/records.sql"
#define CONNECT_SQL "sql/pg/connect.sql"
#define EXTRA_SQL "sql/pg/extra.sql"

struct pg_store {
	struct store base;	/* first: what store.c sees */
	PGconn *conn;
	const char *connect_sql;	/* connect.sql, built in */
	int in_tx;		/* between a begin and its commit or rollback */
	struct sql_file sql;	/* records.sql, parsed */
	struct sql_file extra;	/* extra.sql, parsed */
	const char *query_sql[Q__COUNT];
	const char *rec_sql[K__COUNT][SV__COUNT];
	/* prepared on this connection (cleared when it is re-made) */
	char query_ready[Q__COUNT];
	char rec_ready[K__COUNT][SV__COUNT];
	/* statements sent in pipeline mode whose results are unread */
	char (*pending)[WHERE_SIZE];
	size_t npending, apending;
};

/* One statement's parameters, all as text unless fmt says binary. */
struct params {
	int n;
	const char *v[MAX_PARAMS];
	int len[MAX_PARAMS];
	int fmt[MAX_PARAMS];
	char buf[MAX_PARAMS][32];
};

static struct pg_store *
to_pg(struct store *st)
{
	return (struct pg_store *)st;
}

/* --- parameters ------------------------------------------------------ */

static void
p_text(struct params *p, const char *s)
{
	p->v[p->n] = s;
	p->len[p->n] = 0;
	p->fmt[p->n] = 0;
	p->n++;
}

static void
p_int(struct params *p, int64_t x)
{
	snprintf(p->buf[p->n], sizeof(p->buf[0]), "%lld", (long long)x);
	p_text(p, p->buf[p->n]);
}

/* len bytes of text as they stand: binary format needs no terminator. */
static void
p_bytes(struct params *p, const char *s, size_t len)
{
	p->v[p->n] = s;
	p->len[p->n] = (int)len;
	p->fmt[p->n] = 1;
	p->n++;
}

/* --- errors ---------------------------------------------------------- */

/* A libpq message on one line: no trailing newline, no inner breaks. */
static const char *
one_line(const char *msg, char *buf, size_t size)
{
	size_t n = 0;

	for (const char *p = msg ? msg : ""; *p && n + 1 < size; p++) {
		char c = *p == '\n' || *p == '\t' || *p == '\r' ? ' ' : *p;

		if (c == ' ' && (n == 0 || buf[n - 1] == ' '))
			continue;
		buf[n++] = c;
	}
	while (n > 0 && buf[n - 1] == ' ')
		n--;
	buf[n] = '\0';
	return buf;
}

/*
 * Turn a failed result (or, with res NULL, the connection's last error)
 * into err, by SQLSTATE. Constraint failures are the caller's to place
 * (store.c names the record), as the SQLite backend does: a unique key is
 * ERR_CONFLICT "already exists", a foreign key or a trigger's refusal
 * ERR_CONFLICT, a CHECK, NOT NULL or a value PostgreSQL cannot take
 * ERR_INPUT. Anything else is a fault of the database, named by target.
 */
static int
db_fail(struct pg_store *s, const PGresult *res, struct error *err)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	char buf[512];

	if (msg == NULL)
		msg = res && *PQresultErrorMessage(res) ? PQresultErrorMessage(res) :
		      PQerrorMessage(s->conn);
	one_line(msg, buf, sizeof(buf));
	if (state == NULL)
		state = "";
	if (strcmp(state, "23505") == 0)
		return error_set(err, ERR_CONFLICT, "already exists");
	if (strcmp(state, "23503") == 0 || strcmp(state, "P0001") == 0 ||
	    strcmp(state, "23P01") == 0)
		return error_set(err, ERR_CONFLICT, "%s", buf);
	if (strcmp(state, "23514") == 0 || strcmp(state, "23502") == 0 ||
	    strncmp(state, "22", 2) == 0)
		return error_set(err, ERR_INPUT, "%s", buf);
	return error_at(err, ERR_IO, s->base.target, "%s", buf);
}

static int
result_ok(const PGresult *res)
{
	ExecStatusType t = PQresultStatus(res);

	return t == PGRES_COMMAND_OK || t == PGRES_TUPLES_OK;
}

/* --- the pipeline --------------------------------------------------------- */

/*
 * Read the results of every pipelined statement and leave pipeline mode.
 * The first failure goes to err (may be NULL: when rolling back, only the
 * draining matters), placed at the record it was about.
 */
static int
settle(struct pg_store *s, struct error *err)
{
	int ret = 0;

#if CAN_PIPE
	PGresult *res;

	if (PQpipelineStatus(s->conn) == PQ_PIPELINE_OFF)
		return 0;
	if (PQpipelineSync(s->conn) != 1)
		ret = db_fail(s, NULL, err);
	/* after a failure the rest come back PGRES_PIPELINE_ABORTED */
	for (size_t i = 0; i < s->npending; i++) {
		res = PQgetResult(s->conn);
		if (res == NULL) {	/* the connection went */
			if (ret == 0)
				ret = db_fail(s, NULL, err);
			break;
		}
		if (PQresultStatus(res) == PGRES_FATAL_ERROR && ret == 0) {
			ret = db_fail(s, res, err);
			if (err && err->where[0] == '\0')
				snprintf(err->where, sizeof(err->where), "%s",
					 s->pending[i]);
		}
		PQclear(res);
		/* each statement's results end with a NULL */
		PQclear(PQgetResult(s->conn));
	}
	s->npending = 0;
	/* the sync's own result, then out of pipeline mode */
	if (PQstatus(s->conn) == CONNECTION_OK) {
		res = PQgetResult(s->conn);
		if (res && PQresultStatus(res) != PGRES_PIPELINE_SYNC && ret == 0)
			ret = error_at(err, ERR_INTERNAL, s->base.target,
				       "the pipeline ended out of step");
		PQclear(res);
		if (PQexitPipelineMode(s->conn) != 1 && ret == 0)
			ret = db_fail(s, NULL, err);
	}
#else
	(void)s;
	(void)err;
#endif
	return ret;
}

/* --- the connection ------------------------------------------------------ */

static void
quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* connect.sql on a new (or re-made) connection. */
static int
setup(struct pg_store *s, struct error *err)
{
	PGresult *res;
	int ret = 0;

	PQsetNoticeProcessor(s->conn, quiet, NULL);
	memset(s->query_ready, 0, sizeof(s->query_ready));
	memset(s->rec_ready, 0, sizeof(s->rec_ready));
	res = PQexec(s->conn, s->connect_sql);
	if (!result_ok(res))
		ret = db_fail(s, res, err);
	PQclear(res);
	return ret;
}

/*
 * Make sure there is a connection: re-make a lost one, unless a
 * transaction was open on it (then its work is lost, and the caller must
 * hear so rather than carry on in autocommit).
 */
static int
connected(struct pg_store *s, struct error *err)
{
	char buf[512];

	if (PQstatus(s->conn) == CONNECTION_OK)
		return 0;
	s->npending = 0;
	if (s->in_tx)
		return error_at(err, ERR_IO, s->base.target,
				"the connection was lost in the middle of a transaction");
	PQreset(s->conn);
	if (PQstatus(s->conn) != CONNECTION_OK)
		return error_at(err, ERR_IO, s->base.target, "cannot reconnect: %s",
				one_line(PQerrorMessage(s->conn), buf, sizeof(buf)));
	return setup(s, err);
}

/* --- statements ---------------------------------------------------------- */

/* Prepare sql on the server as name, unless it already is. */
static int
prepare(struct pg_store *s, char *ready, const char *name, const char *sql,
	const char *what, int nparams, const Oid *types, struct error *err)
{
	PGresult *res;
	char buf[512];
	int ret = 0;

	if (connected(s, err) < 0)
		return -1;
	if (*ready)
		return 0;
	if (settle(s, err) < 0)
		return -1;
	res = PQprepare(s->conn, name, sql, nparams, types);
	if (result_ok(res))
		*ready = 1;
	else if (PQstatus(s->conn) != CONNECTION_OK)
		ret = db_fail(s, res, err);	/* the connection, not the SQL */
	else
		ret = error_at(err, ERR_INTERNAL, "data/sql/pg", "%s: %s", what,
			       one_line(PQresultErrorMessage(res), buf, sizeof(buf)));
	PQclear(res);
	return ret;
}

/*
 * Run query q with parameters p (NULL for none). Returns the result, which
 * the caller clears, or NULL with err filled.
 */
static PGresult *
exec_query(struct pg_store *s, enum query q, const struct params *p,
	   struct error *err)
{
	char name[32];
	PGresult *res;

	snprintf(name, sizeof(name), "folio_q%d", (int)q);
	if (prepare(s, &s->query_ready[q], name, s->query_sql[q], query_names[q],
		    0, NULL, err) < 0 || settle(s, err) < 0)
		return NULL;
	res = PQexecPrepared(s->conn, name, p ? p->n : 0, p ? p->v : NULL,
			     p ? p->len : NULL, p ? p->fmt : NULL, 0);
	if (!result_ok(res)) {
		db_fail(s, res, err);
		PQclear(res);
		return NULL;
	}
	return res;
}

/* Run query q and keep nothing of its result. */
static int
run_query(struct pg_store *s, enum query q, const struct params *p,
	  struct error *err)
{
	PGresult *res = exec_query(s, q, p, err);

	if (res == NULL)
		return -1;
	PQclear(res);
	return 0;
}

/* A tx.* statement: no parameters, sent as it stands (may be several). */
static int
run_simple(struct pg_store *s, enum query q, struct error *err)
{
	PGresult *res;
	int ret = 0;

	if (connected(s, err) < 0 || settle(s, err) < 0)
		return -1;
	res = PQexec(s->conn, s->query_sql[q]);
	if (!result_ok(res))
		ret = db_fail(s, res, err);
	PQclear(res);
	return ret;
}

/*
 * Send query q, or verb v of kind k (q < 0), with parameters p without
 * waiting for its result: what in a transaction (elsewhere it runs at
 * once), reporting a failure at where.
 */
static int
pipe_send(struct pg_store *s, int q, enum kind k, enum store_verb v,
	  const struct params *p, const char *where, struct error *err);

static Oid
field_oid(const struct field *f)
{
	switch (f->type) {
	case FT_INT:
	case FT_MONEY:
		return OID_INT8;
	case FT_REAL:
		return OID_FLOAT8;
	case FT_BOOL:
		return OID_BOOL;
	case FT_TEXT:
	case FT_ENUM:
	case FT_REF:
	case FT_DATE:
	case FT_MONTH:
		break;
	}
	return OID_TEXT;
}

/* Columns verb v of kind k returns: the fields, the row id, or none. */
static int
want_columns(enum kind k, enum store_verb v)
{
	if (v == SV_GET || v == SV_LOAD)
		return (int)entity_of(k)->nfields;
	return v == SV_ID || v == SV_INSERT ? 1 : 0;
}

/*
 * Prepare the statement for verb v of kind k, typed from the descriptors.
 * Its shape is checked against them when first prepared, so an SQL file
 * out of step with schema.c fails loudly instead of binding fields to the
 * wrong columns.
 */
static int
record_stmt(struct pg_store *s, enum kind k, enum store_verb v, char *name,
	    size_t size, struct error *err)
{
	const struct entity *e = entity_of(k);
	Oid types[MAX_PARAMS];
	int nparams = 1 + (int)store_verb_params(k, v);
	char what[64];
	PGresult *desc;
	int ret = 0;

	snprintf(name, size, "folio_r%d_%d", (int)k, (int)v);
	/* first: a re-made connection has nothing prepared */
	if (connected(s, err) < 0)
		return -1;
	if (s->rec_ready[k][v])
		return 0;
	snprintf(what, sizeof(what), "%s.%s", e->name, store_verb_names[v]);
	if (s->rec_sql[k][v] == NULL)
		return error_at(err, ERR_INTERNAL, "records.sql", "no statement %s",
				what);
	types[0] = OID_INT8;
	for (int i = 1; i < nparams; i++)
		types[i] = field_oid(&e->fields[i - 1]);
	if (prepare(s, &s->rec_ready[k][v], name, s->rec_sql[k][v], what,
		    nparams, types, err) < 0)
		return -1;
	desc = PQdescribePrepared(s->conn, name);
	if (!result_ok(desc)) {
		ret = db_fail(s, desc, err);
	} else if (PQnparams(desc) != nparams ||
		   PQnfields(desc) != want_columns(k, v)) {
		ret = error_at(err, ERR_INTERNAL, "records.sql",
			       "%s has %d parameters and %d columns; the descriptors want %d and %d",
			       what, PQnparams(desc), PQnfields(desc), nparams,
			       want_columns(k, v));
	}
	PQclear(desc);
	if (ret < 0) {
		PGresult *res;
		char sql[64];

		/* forget it on the server too, so a retry prepares afresh */
		snprintf(sql, sizeof(sql), "DEALLOCATE %s", name);
		res = PQexec(s->conn, sql);
		PQclear(res);
		s->rec_ready[k][v] = 0;
	}
	return ret;
}

/* One field of rec as a parameter (NULL when absent). */
static void
bind_field(struct params *p, const struct field *f, const void *crec)
{
	void *rec = (void *)crec;

	if (!field_present(rec, f)) {
		p_text(p, NULL);
		return;
	}
	switch (f->type) {
	case FT_TEXT:
	case FT_ENUM:
	case FT_REF:
		p_text(p, *field_str(rec, f));
		return;
	case FT_DATE:
		p_text(p, date_format(*field_i32(rec, f), p->buf[p->n]));
		return;
	case FT_MONTH:
		p_text(p, month_format(*field_i32(rec, f), p->buf[p->n]));
		return;
	case FT_INT:
	case FT_MONEY:
		p_int(p, *field_i64(rec, f));
		return;
	case FT_REAL:
		/* 17 significant digits read back as the same double */
		snprintf(p->buf[p->n], sizeof(p->buf[0]), "%.17g",
			 *field_real(rec, f));
		p_text(p, p->buf[p->n]);
		return;
	case FT_BOOL:
		p_text(p, *field_bool(rec, f) ? "t" : "f");
		return;
	}
	p_text(p, NULL);
}

/* Run verb v of kind k with parameters p. NULL with err filled on failure. */
static PGresult *
exec_record_params(struct pg_store *s, enum kind k, enum store_verb v,
		   const struct params *p, struct error *err)
{
	char name[32];
	PGresult *res;

	if (record_stmt(s, k, v, name, sizeof(name), err) < 0 ||
	    settle(s, err) < 0)
		return NULL;
	res = PQexecPrepared(s->conn, name, p->n, p->v, p->len, p->fmt, 0);
	if (!result_ok(res)) {
		db_fail(s, res, err);
		PQclear(res);
		return NULL;
	}
	return res;
}

/*
 * Run verb v of kind k with $1 = org and the first n fields of rec (rec
 * may be NULL when n is 0). Returns the result or NULL with err filled.
 */
static PGresult *
exec_record(struct pg_store *s, enum kind k, enum store_verb v, int64_t org,
	    const void *rec, size_t n, struct error *err)
{
	const struct entity *e = entity_of(k);
	struct params p;

	p.n = 0;
	p_int(&p, org);
	for (size_t i = 0; i < n; i++)
		bind_field(&p, &e->fields[i], rec);
	return exec_record_params(s, k, v, &p, err);
}

static int
pipe_send(struct pg_store *s, int q, enum kind k, enum store_verb v,
	  const struct params *p, const char *where, struct error *err)
{
	PGresult *res;
	char name[32];

	if (!CAN_PIPE || !s->in_tx) {
		res = q >= 0 ? exec_query(s, (enum query)q, p, err) :
		      exec_record_params(s, k, v, p, err);
		PQclear(res);
		return res ? 0 : -1;
	}
	/* prepared first: PQprepare waits for its answer */
	if (q >= 0) {
		snprintf(name, sizeof(name), "folio_q%d", q);
		if (prepare(s, &s->query_ready[q], name, s->query_sql[q],
			    query_names[q], 0, NULL, err) < 0)
			return -1;
	} else if (record_stmt(s, k, v, name, sizeof(name), err) < 0) {
		return -1;
	}
	if (s->npending >= PIPE_MAX && settle(s, err) < 0)
		return -1;
#if CAN_PIPE
	if (PQpipelineStatus(s->conn) == PQ_PIPELINE_OFF &&
	    PQenterPipelineMode(s->conn) != 1)
		return db_fail(s, NULL, err);
	if (PQsendQueryPrepared(s->conn, name, p->n, p->v, p->len, p->fmt,
				0) != 1)
		return db_fail(s, NULL, err);
#endif
	ALLOC_GROW(s->pending, s->npending + 1, s->apending);
	snprintf(s->pending[s->npending++], WHERE_SIZE, "%s", where);
	return 0;
}

/* Row row of res into rec (already cleared), strings in a. */
static int
read_record(struct pg_store *s, const PGresult *res, int row,
	    const struct entity *e, void *rec, struct arena *a,
	    struct error *err)
{
	for (size_t i = 0; i < e->nfields; i++) {
		const struct field *f = &e->fields[i];
		int col = (int)i;
		const char *text;

		if (PQgetisnull(res, row, col))
			continue;
		text = PQgetvalue(res, row, col);
		switch (f->type) {
		case FT_TEXT:
		case FT_ENUM:
		case FT_REF:
			*field_str(rec, f) = arena_strndup(a, text,
				(size_t)PQgetlength(res, row, col));
			break;
		case FT_DATE:
		case FT_MONTH:
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
			*field_i64(rec, f) = strtoll(text, NULL, 10);
			break;
		case FT_REAL:
			*field_real(rec, f) = strtod(text, NULL);
			break;
		case FT_BOOL:
			*field_bool(rec, f) = text[0] == 't';
			break;
		}
	}
	return 0;
}

/* --- the ops ------------------------------------------------------------- */

static void
pg_close(struct store *st)
{
	struct pg_store *s = to_pg(st);

	if (s->conn)
		PQfinish(s->conn);
	free(s->pending);
	sql_file_release(&s->sql);
	sql_file_release(&s->extra);
	free(s);
}

/* Map the SQL files' statements to their slots; all must be there. */
static int
map_statements(struct pg_store *s, struct error *err)
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
		if (entity_of(k)->nfields + 1 > MAX_PARAMS)
			return error_set(err, ERR_INTERNAL,
					 "%s has more fields than the PostgreSQL binder takes",
					 entity_of(k)->name);
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
pg_open(struct store **out, const char *target, struct error *err)
{
	struct pg_store *s = xcalloc(1, sizeof(*s));
	const struct asset *records = asset_find(RECORDS_SQL);
	const struct asset *connect = asset_find(CONNECT_SQL);
	const struct asset *extra = asset_find(EXTRA_SQL);
	/* the target is a URI; folio names itself to the server's views */
	const char *const keys[] = { "dbname", "fallback_application_name", NULL };
	const char *const values[] = { target, "folio", NULL };
	char buf[512];
	int ret = -1;

	/* db_fail names the target before store.c has set it */
	s->base.target = (char *)target;
	if (records == NULL || connect == NULL || extra == NULL) {
		error_set(err, ERR_INTERNAL, "the PostgreSQL SQL files are not built in");
		goto out;
	}
	s->connect_sql = (const char *)connect->data;
	if (sql_file_parse(&s->sql, (const char *)records->data, "records.sql",
			   err) < 0 ||
	    sql_file_parse(&s->extra, (const char *)extra->data, "extra.sql",
			   err) < 0 ||
	    map_statements(s, err) < 0)
		goto out;
	s->conn = PQconnectdbParams(keys, values, 1);
	if (s->conn == NULL) {
		error_at(err, ERR_IO, target, "cannot connect: out of memory");
		goto out;
	}
	if (PQstatus(s->conn) != CONNECTION_OK) {
		error_at(err, ERR_IO, target, "cannot connect: %s",
			 one_line(PQerrorMessage(s->conn), buf, sizeof(buf)));
		goto out;
	}
	if (setup(s, err) < 0)
		goto out;
	ret = 0;
out:
	s->base.target = NULL;
	if (ret < 0) {
		pg_close(&s->base);
		return -1;
	}
	*out = &s->base;
	return 0;
}

/* The first column of the first row as an integer; *none if no row. */
static int64_t
first_int(const PGresult *res, int *none)
{
	if (PQntuples(res) < 1 || PQnfields(res) < 1 || PQgetisnull(res, 0, 0)) {
		if (none)
			*none = 1;
		return 0;
	}
	if (none)
		*none = 0;
	return strtoll(PQgetvalue(res, 0, 0), NULL, 10);
}

/*
 * There is no version table until schema-001 makes it: ask the catalogue
 * first, so that the version query is only prepared once it can be.
 */
static int
pg_schema_version(struct store *st, int *version, struct error *err)
{
	struct pg_store *s = to_pg(st);
	PGresult *res = exec_query(s, Q_SCHEMA_EXISTS, NULL, err);
	int exists;

	*version = 0;
	if (res == NULL)
		return -1;
	exists = PQntuples(res) == 1 && PQgetvalue(res, 0, 0)[0] == 't';
	PQclear(res);
	if (!exists)
		return 0;
	res = exec_query(s, Q_VERSION, NULL, err);
	if (res == NULL)
		return -1;
	*version = (int)first_int(res, NULL);
	PQclear(res);
	return 0;
}

static int
pg_exec_script(struct store *st, const char *sql, const char *name,
	       struct error *err)
{
	struct pg_store *s = to_pg(st);
	PGresult *res;
	char buf[512];
	int ret = 0;

	if (connected(s, err) < 0 || settle(s, err) < 0)
		return -1;
	res = PQexec(s->conn, sql);
	if (!result_ok(res))
		ret = error_at(err, ERR_IO, st->target, "%s: %s", name,
			       one_line(PQresultErrorMessage(res), buf, sizeof(buf)));
	PQclear(res);
	return ret;
}

static void
pg_rollback(struct store *st)
{
	struct pg_store *s = to_pg(st);
	PGresult *res;

	settle(s, NULL);	/* whatever failed is undone now */
	s->in_tx = 0;
	if (PQstatus(s->conn) != CONNECTION_OK ||
	    PQtransactionStatus(s->conn) == PQTRANS_IDLE)
		return;
	res = PQexec(s->conn, s->query_sql[Q_ROLLBACK]);
	PQclear(res);
}

/*
 * Begin is where a lost connection is re-made (nothing has happened on it
 * yet), and tried once more when the first attempt finds the connection
 * gone.
 */
static int
pg_begin(struct store *st, int write, struct error *err)
{
	struct pg_store *s = to_pg(st);
	enum query q = write ? Q_BEGIN_WRITE : Q_BEGIN_READ;
	int ret;

	s->in_tx = 0;
	ret = run_simple(s, q, err);
	if (ret < 0 && PQstatus(s->conn) != CONNECTION_OK)
		ret = run_simple(s, q, err);
	if (ret < 0) {
		/* BEGIN may have worked and the lock not: undo the BEGIN */
		pg_rollback(st);
		return -1;
	}
	s->in_tx = 1;
	return 0;
}

static int
pg_commit(struct store *st, struct error *err)
{
	struct pg_store *s = to_pg(st);
	PGresult *res;
	int ret = 0;

	if (settle(s, err) < 0)
		return -1;	/* store.c rolls back */
	/* COMMIT of a failed transaction "succeeds" as a ROLLBACK */
	if (PQtransactionStatus(s->conn) != PQTRANS_INTRANS) {
		PGTransactionStatusType t = PQtransactionStatus(s->conn);

		s->in_tx = 0;
		return error_at(err, ERR_IO, st->target,
				"cannot commit: %s",
				PQstatus(s->conn) != CONNECTION_OK ?
				"the connection was lost" :
				t == PQTRANS_INERROR ?
				"the transaction failed earlier" :
				"no transaction is open");
	}
	res = PQexec(s->conn, s->query_sql[Q_COMMIT]);
	if (!result_ok(res))
		ret = db_fail(s, res, err);
	else if (strcmp(PQcmdStatus(res), "ROLLBACK") == 0)
		ret = error_at(err, ERR_IO, st->target,
			       "cannot commit: the transaction was rolled back");
	PQclear(res);
	s->in_tx = PQtransactionStatus(s->conn) != PQTRANS_IDLE &&
		   PQstatus(s->conn) == CONNECTION_OK;
	return ret;
}

static int
pg_savepoint(struct store *st, struct error *err)
{
	return run_simple(to_pg(st), Q_SAVEPOINT, err);
}

static int
pg_release(struct store *st, struct error *err)
{
	return run_simple(to_pg(st), Q_RELEASE, err);
}

static void
pg_rollback_to(struct store *st)
{
	struct pg_store *s = to_pg(st);

	/* the failure that brought us here was reported already */
	settle(s, NULL);
	/* tx.rollback_to releases the savepoint too */
	run_simple(s, Q_ROLLBACK_TO, NULL);
}

static int
pg_org_codes(struct store *st, char ***codes, size_t *n, struct error *err)
{
	struct pg_store *s = to_pg(st);
	PGresult *res = exec_query(s, Q_ORG_CODES, NULL, err);
	char **v;
	int rows;

	*codes = NULL;
	*n = 0;
	if (res == NULL)
		return -1;
	rows = PQntuples(res);
	v = xcalloc((size_t)rows + 1, sizeof(*v));
	for (int i = 0; i < rows; i++)
		v[i] = xstrdup(PQgetvalue(res, i, 0));
	PQclear(res);
	*codes = v;
	*n = (size_t)rows;
	return 0;
}

static int
pg_find_id(struct store *st, int64_t org, enum kind k, const char *code,
	   int64_t *id, struct error *err)
{
	struct params p;
	PGresult *res;

	*id = 0;
	/* the code is the first field, text, as exec_record would bind it */
	p.n = 0;
	p_int(&p, org);
	p_text(&p, code);
	res = exec_record_params(to_pg(st), k, SV_ID, &p, err);
	if (res == NULL)
		return -1;
	*id = first_int(res, NULL);
	PQclear(res);
	return 0;
}

static int
pg_insert(struct store *st, int64_t org, enum kind k, const void *rec,
	  int64_t *id, struct error *err)
{
	struct pg_store *s = to_pg(st);
	const struct entity *e = entity_of(k);
	struct params p;
	char where[WHERE_SIZE], key[WHERE_SIZE];
	PGresult *res;

	if (id == NULL) {
		p.n = 0;
		p_int(&p, org);
		for (size_t i = 0; i < e->nfields; i++)
			bind_field(&p, &e->fields[i], rec);
		snprintf(where, sizeof(where), "%s %s", e->name,
			 record_key_text(e, rec, key, sizeof(key)));
		return pipe_send(s, -1, k, SV_INSERT, &p, where, err);
	}
	res = exec_record(s, k, SV_INSERT, org, rec,
			  store_verb_params(k, SV_INSERT), err);
	if (res == NULL)
		return -1;
	*id = first_int(res, NULL);
	PQclear(res);
	return 0;
}

/* update or delete: *found from the rows the statement touched. */
static int
write_record(struct pg_store *s, enum store_verb v, int64_t org, enum kind k,
	     const void *rec, int *found, struct error *err)
{
	PGresult *res = exec_record(s, k, v, org, rec, store_verb_params(k, v),
				    err);

	if (res == NULL)
		return -1;
	if (found)
		*found = atoi(PQcmdTuples(res)) > 0;
	PQclear(res);
	return 0;
}

static int
pg_update(struct store *st, int64_t org, enum kind k, const void *rec,
	  int *found, struct error *err)
{
	return write_record(to_pg(st), SV_UPDATE, org, k, rec, found, err);
}

static int
pg_remove(struct store *st, int64_t org, enum kind k, const void *rec,
	  int *found, struct error *err)
{
	return write_record(to_pg(st), SV_DELETE, org, k, rec, found, err);
}

static int
pg_get(struct store *st, int64_t org, enum kind k, const void *key,
       void *out, struct arena *a, int *found, struct error *err)
{
	struct pg_store *s = to_pg(st);
	const struct entity *e = entity_of(k);
	PGresult *res;
	int ret = 0;

	*found = 0;
	record_clear(out, e);
	res = exec_record(s, k, SV_GET, org, key, store_verb_params(k, SV_GET),
			  err);
	if (res == NULL)
		return -1;
	if (PQntuples(res) > 0) {
		*found = 1;
		ret = read_record(s, res, 0, e, out, a, err);
	}
	PQclear(res);
	return ret;
}

static int
pg_load(struct store *st, int64_t org, enum kind k, struct dataset *ds,
	struct error *err)
{
	struct pg_store *s = to_pg(st);
	const struct entity *e = entity_of(k);
	PGresult *res = exec_record(s, k, SV_LOAD, org, NULL, 0, err);
	int ret = 0, rows;

	if (res == NULL)
		return -1;
	rows = PQntuples(res);
	for (int i = 0; i < rows && ret == 0; i++)
		ret = read_record(s, res, i, e, dataset_add(ds, k), &ds->arena,
				  err);
	PQclear(res);
	return ret;
}

static int
pg_audit_head(struct store *st, int64_t *seq,
	      unsigned char hash[AUDIT_HASH_LEN], struct error *err)
{
	struct pg_store *s = to_pg(st);
	PGresult *res = exec_query(s, Q_AUDIT_HEAD, NULL, err);
	int ret = 0;

	*seq = 0;
	memset(hash, 0, AUDIT_HASH_LEN);
	if (res == NULL)
		return -1;
	if (PQntuples(res) > 0) {
		*seq = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
		if (audit_unhex(PQgetvalue(res, 0, 1), hash) < 0)
			ret = error_at(err, ERR_IO, st->target,
				       "audit entry %lld has a malformed hash",
				       (long long)*seq);
	}
	PQclear(res);
	return ret;
}

static int
pg_audit_append(struct store *st, const struct audit_entry *e,
		struct error *err)
{
	struct pg_store *s = to_pg(st);
	const char *text[] = {
		e->at, e->actor, e->org, e->entity, e->key, e->action,
		e->field, e->old_value, e->new_value
	};
	char prev[2 * AUDIT_HASH_LEN + 1], hash[2 * AUDIT_HASH_LEN + 1];
	char where[64];
	struct params p;

	p.n = 0;
	p_int(&p, e->seq);
	for (int i = 0; i < 9; i++)
		p_text(&p, text[i]);
	p_text(&p, audit_hex(e->prev, prev));
	p_text(&p, audit_hex(e->hash, hash));
	snprintf(where, sizeof(where), "audit entry %lld", (long long)e->seq);
	return pipe_send(s, Q_AUDIT_APPEND, 0, 0, &p, where, err);
}

/* Column col of row as a string, NULL when NULL. */
static const char *
value_or_null(const PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? NULL : PQgetvalue(res, row, col);
}

/*
 * A page at a time, up to the head as it was when the walk began: fn may
 * use the store between entries (even write to it, or walk the log
 * itself), and a long log is never in memory whole.
 */
static int
pg_audit_each(struct store *st, int64_t from, audit_fn fn, void *ctx,
	      struct error *err)
{
	struct pg_store *s = to_pg(st);
	unsigned char head_hash[AUDIT_HASH_LEN];
	int64_t last = 0;
	int ret = 0, rows;

	if (pg_audit_head(st, &last, head_hash, err) < 0)
		return -1;
	do {
		struct params p;
		PGresult *res;

		p.n = 0;
		p_int(&p, from);
		p_int(&p, last);
		p_text(&p, AUDIT_PAGE);
		res = exec_query(s, Q_AUDIT_EACH, &p, err);
		if (res == NULL)
			return -1;
		rows = PQntuples(res);
		for (int i = 0; i < rows && ret == 0; i++) {
			struct audit_entry e;

			memset(&e, 0, sizeof(e));
			e.seq = strtoll(PQgetvalue(res, i, 0), NULL, 10);
			e.at = value_or_null(res, i, 1);
			e.actor = value_or_null(res, i, 2);
			e.org = value_or_null(res, i, 3);
			e.entity = value_or_null(res, i, 4);
			e.key = value_or_null(res, i, 5);
			e.action = value_or_null(res, i, 6);
			e.field = value_or_null(res, i, 7);
			e.old_value = value_or_null(res, i, 8);
			e.new_value = value_or_null(res, i, 9);
			if (audit_unhex(PQgetvalue(res, i, 10), e.prev) < 0 ||
			    audit_unhex(PQgetvalue(res, i, 11), e.hash) < 0) {
				ret = error_at(err, ERR_IO, st->target,
					       "audit entry %lld has a malformed hash",
					       (long long)e.seq);
				break;
			}
			from = e.seq + 1;
			ret = fn(&e, ctx);
		}
		PQclear(res);
	} while (ret == 0 && rows == atoi(AUDIT_PAGE));
	return ret;
}

/* --- snapshots, credentials, sessions, login throttling ---------------- */

static int
pg_snapshot_put(struct store *st, int64_t org, int32_t month, int revision,
		const char *json, size_t len, const char *sha256,
		const char *at, struct error *err)
{
	struct params p;
	char mb[16];

	/* libpq takes a parameter's length as an int */
	if (len > INT_MAX)
		return error_set(err, ERR_INPUT,
				 "a snapshot of %zu bytes is more than PostgreSQL takes",
				 len);
	p.n = 0;
	p_int(&p, org);
	p_text(&p, month_format(month, mb));
	p_int(&p, revision);
	p_bytes(&p, json, len);
	p_text(&p, sha256);
	p_text(&p, at);
	return run_query(to_pg(st), Q_SNAPSHOT_PUT, &p, err);
}

static int
pg_snapshot_get(struct store *st, int64_t org, int32_t month, int revision,
		char **json, size_t *len, int *got, struct error *err)
{
	struct params p;
	PGresult *res;
	char mb[16];

	*json = NULL;
	*len = 0;
	*got = 0;
	p.n = 0;
	p_int(&p, org);
	p_text(&p, month_format(month, mb));
	p_int(&p, revision);
	res = exec_query(to_pg(st), Q_SNAPSHOT_GET, &p, err);
	if (res == NULL)
		return -1;
	if (PQntuples(res) > 0) {
		size_t n = (size_t)PQgetlength(res, 0, 1);

		*got = atoi(PQgetvalue(res, 0, 0));
		*json = xmalloc(n + 1);
		memcpy(*json, PQgetvalue(res, 0, 1), n);
		(*json)[n] = '\0';
		*len = n;
	}
	PQclear(res);
	return 0;
}

static int
pg_snapshot_list(struct store *st, int64_t org, int32_t **months,
		 int **revisions, size_t *n, struct error *err)
{
	struct params p;
	PGresult *res;
	int32_t *m;
	int *r, rows;

	p.n = 0;
	p_int(&p, org);
	res = exec_query(to_pg(st), Q_SNAPSHOT_LIST, &p, err);
	if (res == NULL)
		return -1;
	rows = PQntuples(res);
	m = xcalloc((size_t)rows + 1, sizeof(*m));
	r = xcalloc((size_t)rows + 1, sizeof(*r));
	for (int i = 0; i < rows; i++) {
		if (month_parse(PQgetvalue(res, i, 0), &m[i]) < 0) {
			error_at(err, ERR_IO, st->target,
				 "snapshot.month holds '%s', which is not a month",
				 PQgetvalue(res, i, 0));
			PQclear(res);
			free(m);
			free(r);
			return -1;
		}
		r[i] = atoi(PQgetvalue(res, i, 1));
	}
	PQclear(res);
	*months = m;
	*revisions = r;
	*n = (size_t)rows;
	return 0;
}

static int
pg_credential_set(struct store *st, int64_t user, const char *hash,
		  struct error *err)
{
	struct params p;

	p.n = 0;
	p_int(&p, user);
	p_text(&p, hash);
	return run_query(to_pg(st), Q_CREDENTIAL_SET, &p, err);
}

/* Query q's one text column as a heap copy, NULL when there is no row. */
static int
one_text(struct pg_store *s, enum query q, const struct params *p, char **out,
	 struct error *err)
{
	PGresult *res = exec_query(s, q, p, err);

	*out = NULL;
	if (res == NULL)
		return -1;
	if (PQntuples(res) > 0 && !PQgetisnull(res, 0, 0))
		*out = xstrdup(PQgetvalue(res, 0, 0));
	PQclear(res);
	return 0;
}

static int
pg_credential_get(struct store *st, int64_t user, char **hash,
		  struct error *err)
{
	struct params p;

	p.n = 0;
	p_int(&p, user);
	return one_text(to_pg(st), Q_CREDENTIAL_GET, &p, hash, err);
}

static int
pg_session_put(struct store *st, const struct store_session *ss,
	       struct error *err)
{
	struct params p;

	p.n = 0;
	p_text(&p, ss->token_hash);
	p_text(&p, ss->org);
	p_text(&p, ss->username);
	p_text(&p, ss->csrf);
	p_int(&p, ss->created);
	p_int(&p, ss->last_seen);
	p_int(&p, ss->expires);
	return run_query(to_pg(st), Q_SESSION_PUT, &p, err);
}

static int
pg_session_get(struct store *st, const char *token_hash,
	       struct store_session *out, int *found, struct error *err)
{
	struct params p;
	PGresult *res;

	*found = 0;
	p.n = 0;
	p_text(&p, token_hash);
	res = exec_query(to_pg(st), Q_SESSION_GET, &p, err);
	if (res == NULL)
		return -1;
	if (PQntuples(res) > 0) {
		*found = 1;
		out->token_hash = xstrdup(PQgetvalue(res, 0, 0));
		out->org = xstrdup(PQgetvalue(res, 0, 1));
		out->username = xstrdup(PQgetvalue(res, 0, 2));
		out->csrf = xstrdup(PQgetvalue(res, 0, 3));
		out->created = strtoll(PQgetvalue(res, 0, 4), NULL, 10);
		out->last_seen = strtoll(PQgetvalue(res, 0, 5), NULL, 10);
		out->expires = strtoll(PQgetvalue(res, 0, 6), NULL, 10);
	}
	PQclear(res);
	return 0;
}

/* Text $1 and, when has_int, integer $2, then run q. */
static int
run_text_int(struct store *st, enum query q, const char *text, int has_int,
	     int64_t v, struct error *err)
{
	struct params p;

	p.n = 0;
	p_text(&p, text);
	if (has_int)
		p_int(&p, v);
	return run_query(to_pg(st), q, &p, err);
}

static int
pg_session_touch(struct store *st, const char *token_hash, int64_t last_seen,
		 struct error *err)
{
	return run_text_int(st, Q_SESSION_TOUCH, token_hash, 1, last_seen, err);
}

static int
pg_session_delete(struct store *st, const char *token_hash,
		  struct error *err)
{
	return run_text_int(st, Q_SESSION_DELETE, token_hash, 0, 0, err);
}

static int
pg_session_end_user(struct store *st, const char *org, const char *username,
		    const char *keep, struct error *err)
{
	struct params p;

	p.n = 0;
	p_text(&p, org);
	p_text(&p, username);
	p_text(&p, keep);
	return run_query(to_pg(st), Q_SESSION_END_USER, &p, err);
}

static int
pg_session_purge(struct store *st, int64_t now, int64_t idle_before,
		 struct error *err)
{
	struct params p;

	p.n = 0;
	p_int(&p, now);
	p_int(&p, idle_before);
	return run_query(to_pg(st), Q_SESSION_PURGE, &p, err);
}

static int
pg_login_add(struct store *st, const char *key, int64_t at,
	     struct error *err)
{
	return run_text_int(st, Q_LOGIN_ADD, key, 1, at, err);
}

static int
pg_login_prune(struct store *st, const char *key, int64_t before,
	       struct error *err)
{
	return run_text_int(st, Q_LOGIN_PRUNE, key, 1, before, err);
}

static int
pg_login_count(struct store *st, const char *key, int64_t since, int *count,
	       struct error *err)
{
	struct params p;
	PGresult *res;

	*count = 0;
	p.n = 0;
	p_text(&p, key);
	p_int(&p, since);
	res = exec_query(to_pg(st), Q_LOGIN_COUNT, &p, err);
	if (res == NULL)
		return -1;
	*count = (int)first_int(res, NULL);
	PQclear(res);
	return 0;
}

static int
pg_login_reset(struct store *st, const char *key, struct error *err)
{
	return run_text_int(st, Q_LOGIN_RESET, key, 0, 0, err);
}

const struct store_ops pg_store_ops = {
	.name = "pg",
	.open = pg_open,
	.close = pg_close,
	.schema_version = pg_schema_version,
	.exec_script = pg_exec_script,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.savepoint = pg_savepoint,
	.release = pg_release,
	.rollback_to = pg_rollback_to,
	.org_codes = pg_org_codes,
	.find_id = pg_find_id,
	.insert = pg_insert,
	.update = pg_update,
	.remove = pg_remove,
	.get = pg_get,
	.load = pg_load,
	.audit_head = pg_audit_head,
	.audit_append = pg_audit_append,
	.audit_each = pg_audit_each,
	.snapshot_put = pg_snapshot_put,
	.snapshot_get = pg_snapshot_get,
	.snapshot_list = pg_snapshot_list,
	.credential_set = pg_credential_set,
	.credential_get = pg_credential_get,
	.session_put = pg_session_put,
	.session_get = pg_session_get,
	.session_touch = pg_session_touch,
	.session_delete = pg_session_delete,
	.session_purge = pg_session_purge,
	.session_end_user = pg_session_end_user,
	.login_add = pg_login_add,
	.login_prune = pg_login_prune,
	.login_count = pg_login_count,
	.login_reset = pg_login_reset,
};

const struct store_ops *
store_pg_backend(struct error *err)
{
	(void)err;
	return &pg_store_ops;
}
