/*
 * store-backend.h - which database the store's tests run against, and a
 * raw look at it behind folio's back (STYLE habit 17: the whole suite on
 * every backend).
 *
 * FOLIO_TEST_STORE=sqlite (the default) runs the tests on temporary
 * SQLite files under $TMPDIR (or /tmp). FOLIO_TEST_STORE=pg runs them on
 * PostgreSQL: FOLIO_TEST_PG_URI names a database on a server the tests
 * may create databases on (tests/pg/pg-server.sh starts one and sets it),
 * and each test gets a fresh database of its own beside it, dropped at
 * the end. A test that is about one backend only asks test_backend().
 *
 * The raw connection (raw_open) is the tests' own, made with the
 * database's own library, so that the tests can look at and tamper with
 * what folio wrote. Included by tests/unit/test-store.c and
 * test-store-ext.c only, after cmocka.h (its assertions are used here);
 * the functions are static, marked unused so that each test file takes
 * what it needs.
 */
#ifndef FOLIO_TEST_STORE_BACKEND_H
#define FOLIO_TEST_STORE_BACKEND_H

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef FOLIO_STORE_PG
#include <libpq-fe.h>
#endif

#define TEST_UNUSED __attribute__((unused))

enum test_backend {
	TB_SQLITE,
	TB_PG,
};

/* The backend FOLIO_TEST_STORE asks for; exits on a bad value. */
static TEST_UNUSED enum test_backend
test_backend(void)
{
	const char *v = getenv("FOLIO_TEST_STORE");

	if (v == NULL || *v == '\0' || strcmp(v, "sqlite") == 0)
		return TB_SQLITE;
	if (strcmp(v, "pg") == 0 || strcmp(v, "postgresql") == 0) {
#ifndef FOLIO_STORE_PG
		printf("1..0 # SKIP FOLIO_TEST_STORE=pg but this build has no PostgreSQL backend\n");
		exit(0);
#endif
		if (getenv("FOLIO_TEST_PG_URI") == NULL ||
		    *getenv("FOLIO_TEST_PG_URI") == '\0') {
			fprintf(stderr, "FOLIO_TEST_STORE=pg needs FOLIO_TEST_PG_URI "
				"(tests/pg/pg-server.sh sets it)\n");
			exit(1);
		}
		return TB_PG;
	}
	fprintf(stderr, "FOLIO_TEST_STORE=%s: sqlite or pg\n", v);
	exit(1);
}

/* store_backend()'s name for the backend under test. */
static TEST_UNUSED const char *
test_backend_name(void)
{
	return test_backend() == TB_PG ? "pg" : "sqlite";
}

/* sql for SQLite or for PostgreSQL, whichever is under test. */
static TEST_UNUSED const char *
dialect(const char *sqlite_sql, const char *pg_sql)
{
	return test_backend() == TB_PG ? pg_sql : sqlite_sql;
}

/* --- temporary databases --------------------------------------------- */

struct tmpdb {
	char path[1024];	/* the target given to store_open */
	char name[64];		/* PostgreSQL: the database's name */
};

#ifdef FOLIO_STORE_PG
static TEST_UNUSED void
pg_quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* A connection to uri, or a failed test. */
static TEST_UNUSED PGconn *
pg_connect(const char *uri)
{
	PGconn *c = PQconnectdb(uri);

	if (PQstatus(c) != CONNECTION_OK) {
		char msg[512];

		snprintf(msg, sizeof(msg), "%s", PQerrorMessage(c));
		PQfinish(c);
		fail_msg("connecting to %s: %s", uri, msg);
	}
	PQsetNoticeProcessor(c, pg_quiet, NULL);
	return c;
}

/* Run sql (no parameters) on the server's own database, or fail. */
static TEST_UNUSED void
pg_admin(const char *sql)
{
	PGconn *c = pg_connect(getenv("FOLIO_TEST_PG_URI"));
	PGresult *r = PQexec(c, sql);

	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		fail_msg("%s: %s", sql, PQresultErrorMessage(r));
	PQclear(r);
	PQfinish(c);
}

/* FOLIO_TEST_PG_URI with its database name replaced by name. */
static TEST_UNUSED void
pg_uri_with_db(char *out, size_t size, const char *name)
{
	const char *uri = getenv("FOLIO_TEST_PG_URI");
	const char *auth = strstr(uri, "://");
	const char *path, *query;

	assert_non_null(auth);
	auth += 3;
	path = auth + strcspn(auth, "/?");
	query = path + strcspn(path, "?");
	snprintf(out, size, "%.*s/%s%s", (int)(path - uri), uri, name, query);
}
#endif

/*
 * A fresh, empty store target: an empty file, or a new PostgreSQL
 * database (tag names it, to tell tests apart in the server's logs).
 */
static TEST_UNUSED void
tmpdb_make_tagged(struct tmpdb *t, const char *tag)
{
	memset(t, 0, sizeof(*t));
	if (test_backend() == TB_SQLITE) {
		const char *dir = getenv("TMPDIR");
		int fd;

		if (dir == NULL || *dir == '\0')
			dir = "/tmp";
		snprintf(t->path, sizeof(t->path), "%s/folio-%s-XXXXXX", dir, tag);
		/* An empty file is an empty SQLite database. */
		fd = mkstemp(t->path);
		assert_true(fd >= 0);
		close(fd);
		return;
	}
#ifdef FOLIO_STORE_PG
	{
		static unsigned counter;
		char sql[160];

		snprintf(t->name, sizeof(t->name), "folio_%s_%ld_%u", tag,
			 (long)getpid(), ++counter);
		for (char *p = t->name; *p; p++)
			if (*p == '-')
				*p = '_';
		snprintf(sql, sizeof(sql), "CREATE DATABASE \"%s\"", t->name);
		pg_admin(sql);
		pg_uri_with_db(t->path, sizeof(t->path), t->name);
	}
#endif
}

static TEST_UNUSED void
tmpdb_remove(struct tmpdb *t)
{
	static const char *const suffix[] = { "", "-wal", "-shm", "-journal" };
	char p[1100];

	if (test_backend() == TB_SQLITE) {
		for (size_t i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
			snprintf(p, sizeof(p), "%s%s", t->path, suffix[i]);
			unlink(p);
		}
		return;
	}
#ifdef FOLIO_STORE_PG
	snprintf(p, sizeof(p), "DROP DATABASE IF EXISTS \"%s\" WITH (FORCE)",
		 t->name);
	pg_admin(p);
#endif
}

/* --- a raw connection ------------------------------------------------ */

struct raw {
	sqlite3 *db;
#ifdef FOLIO_STORE_PG
	PGconn *pg;
#endif
	char msg[512];	/* the last failure's message */
};

static TEST_UNUSED struct raw *
raw_open(const char *target)
{
	struct raw *r = calloc(1, sizeof(*r));

	assert_non_null(r);
	if (test_backend() == TB_SQLITE) {
		assert_int_equal(sqlite3_open(target, &r->db), SQLITE_OK);
		sqlite3_busy_timeout(r->db, 5000);
	}
#ifdef FOLIO_STORE_PG
	else {
		r->pg = pg_connect(target);
	}
#endif
	return r;
}

static TEST_UNUSED void
raw_close(struct raw *r)
{
	if (r->db)
		sqlite3_close(r->db);
#ifdef FOLIO_STORE_PG
	if (r->pg)
		PQfinish(r->pg);
#endif
	free(r);
}

/*
 * Run sql (several statements allowed), with n text parameters (NULL for
 * SQL NULL) when n > 0, which then must be one statement. Returns 0, or
 * -1 with the message in r->msg: the tests expect some statements to be
 * refused.
 */
static TEST_UNUSED int
raw_exec_params(struct raw *r, const char *sql, int n,
		const char *const *values)
{
	r->msg[0] = '\0';
	if (r->db) {
		sqlite3_stmt *s = NULL;
		char *msg = NULL;
		int rc;

		if (n == 0) {
			rc = sqlite3_exec(r->db, sql, NULL, NULL, &msg);
			if (rc != SQLITE_OK)
				snprintf(r->msg, sizeof(r->msg), "%s",
					 msg ? msg : sqlite3_errmsg(r->db));
			sqlite3_free(msg);
			return rc == SQLITE_OK ? 0 : -1;
		}
		if (sqlite3_prepare_v2(r->db, sql, -1, &s, NULL) != SQLITE_OK) {
			snprintf(r->msg, sizeof(r->msg), "%s", sqlite3_errmsg(r->db));
			return -1;
		}
		for (int i = 0; i < n; i++)
			if (values[i])
				sqlite3_bind_text(s, i + 1, values[i], -1,
						  SQLITE_STATIC);
		rc = sqlite3_step(s);
		if (rc != SQLITE_DONE && rc != SQLITE_ROW)
			snprintf(r->msg, sizeof(r->msg), "%s", sqlite3_errmsg(r->db));
		sqlite3_finalize(s);
		return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
	}
#ifdef FOLIO_STORE_PG
	{
		PGresult *res = n == 0 ? PQexec(r->pg, sql) :
			PQexecParams(r->pg, sql, n, NULL, values, NULL, NULL, 0);
		ExecStatusType t = PQresultStatus(res);
		int ok = t == PGRES_COMMAND_OK || t == PGRES_TUPLES_OK;

		if (!ok)
			snprintf(r->msg, sizeof(r->msg), "%s",
				 PQresultErrorMessage(res));
		PQclear(res);
		return ok ? 0 : -1;
	}
#else
	return -1;
#endif
}

static TEST_UNUSED int
raw_exec(struct raw *r, const char *sql)
{
	return raw_exec_params(r, sql, 0, NULL);
}

/* The one integer sql returns, or a failed test. */
static TEST_UNUSED int64_t
raw_int(struct raw *r, const char *sql)
{
	int64_t v = 0;

	if (r->db) {
		sqlite3_stmt *s = NULL;

		if (sqlite3_prepare_v2(r->db, sql, -1, &s, NULL) != SQLITE_OK)
			fail_msg("%s: %s", sql, sqlite3_errmsg(r->db));
		assert_int_equal(sqlite3_step(s), SQLITE_ROW);
		v = sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
		return v;
	}
#ifdef FOLIO_STORE_PG
	{
		PGresult *res = PQexec(r->pg, sql);

		if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1)
			fail_msg("%s: %s", sql, PQresultErrorMessage(res));
		v = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
		PQclear(res);
	}
#endif
	return v;
}

#endif
