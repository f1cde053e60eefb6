/*
 * test-store.c - the store (store.h) on the backend FOLIO_TEST_STORE
 * names (SQLite by default, PostgreSQL with =pg): records of every kind
 * round-trip field for field, updates and deletes are audited field by
 * field in an unbroken hash chain, failures leave nothing behind, the SQL
 * files agree with the descriptors, migrations run once, and several
 * processes writing to one database at once keep one chain.
 *
 * Each test has a database of its own (store-backend.h): a temporary
 * file, or a fresh PostgreSQL database, removed at the end of the test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/asset.h"
#include "core/date.h"
#include "core/error.h"
#include "core/xmalloc.h"
#include "model/audit.h"
#include "model/dataset.h"
#include "model/schema.h"
#include "store/store-internal.h"
#include "store/store.h"
#include "store-backend.h"

#define tmpdb_make(t) tmpdb_make_tagged((t), "store")

static struct store *
open_ok(const char *path)
{
	struct error err = ERROR_INIT;
	struct store *st = NULL;

	if (store_open(&st, path, &err) < 0)
		fail_msg("store_open: %s: %s", err.where, err.msg);
	return st;
}

/* --- a dataset with every kind and every field ----------------------- */

/* Text that would break SQL or JSON built by pasting strings. */
static const char tricky[] =
	"O'Brien said \"yes\"; -- DROP TABLE programme;\n"
	"second line \\ tab\t caf\xc3\xa9 \xe2\x80\x93 \xc2\xa3" "5m";

/*
 * Fill a fresh record of kind k. Variant 0 has every field present;
 * variant 1 only its key and required fields. Keys differ between
 * variants; references point at the same variant of the kind referred to.
 */
static void *
fill_record(struct dataset *ds, enum kind k, int variant, const char *org)
{
	const struct entity *e = entity_of(k);
	void *rec = dataset_add(ds, k);
	char buf[512];

	for (size_t i = 0; i < e->nfields; i++) {
		const struct field *f = &e->fields[i];
		int key = (f->flags & F_KEY) != 0;
		int nvalues = 0;

		if (variant == 1 && !(f->flags & (F_KEY | F_REQ)))
			continue;
		switch (f->type) {
		case FT_TEXT:
			if (key && k == K_ORGANISATION)
				snprintf(buf, sizeof(buf), "%s", org);
			else if (key)
				snprintf(buf, sizeof(buf), "%s-%d", e->name, variant);
			else if (variant == 0)
				snprintf(buf, sizeof(buf), "%s: %s", f->name, tricky);
			else
				snprintf(buf, sizeof(buf), "%s %d", f->name, variant);
			*field_str(rec, f) = dataset_strdup(ds, buf);
			break;
		case FT_ENUM:
			while (f->values[nvalues])
				nvalues++;
			*field_str(rec, f) = (char *)f->values[key ? variant % nvalues :
				variant == 0 ? nvalues - 1 : 0];
			break;
		case FT_REF: {
			const struct entity *r = entity_of(f->ref);

			if (variant == 1 && !(f->flags & F_REQ))
				break;	/* a nullable reference, even in a key */
			*field_str(rec, f) = *field_str(
				dataset_row(ds, f->ref, (size_t)variant), &r->fields[0]);
			break;
		}
		case FT_DATE:
			*field_i32(rec, f) = key ? date_from_ymd(2018, 3, 1 + variant) :
				date_from_ymd(2017 + (int)i % 4, 1 + (int)i % 12, 28);
			break;
		case FT_MONTH:
			*field_i32(rec, f) = month_from_ym(2018, key ? 1 + variant :
							   1 + (int)i % 12);
			break;
		case FT_INT:
			if (f->min < f->max)
				*field_i64(rec, f) = key ? f->min + variant : f->max;
			else
				*field_i64(rec, f) = key ? 2018 + variant :
					INT64_C(123456789012345);
			break;
		case FT_MONEY:
			*field_i64(rec, f) = INT64_C(9000000000000) + (int64_t)i;
			break;
		case FT_REAL:
			*field_real(rec, f) = f->min < f->max ?
				(double)f->min + 1.5 : 1234.5678 + (double)i;
			break;
		case FT_BOOL:
			*field_bool(rec, f) = variant == 0;
			break;
		}
	}
	return rec;
}

/* One organisation, then two records of every other kind. */
static void
build_full(struct dataset *ds, const char *org)
{
	dataset_init(ds);
	fill_record(ds, K_ORGANISATION, 0, org);
	for (int k = K_ORGANISATION + 1; k < K__COUNT; k++)
		for (int v = 0; v < 2; v++)
			fill_record(ds, k, v, org);
}

static size_t
total_records(const struct dataset *ds)
{
	size_t n = 0;

	for (int k = 0; k < K__COUNT; k++)
		n += dataset_count(ds, k);
	return n;
}

static void
assert_field_equal(const struct entity *e, const struct field *f,
		   const void *ca, const void *cb)
{
	void *a = (void *)ca, *b = (void *)cb;
	char ta[1024], tb[1024], key[256];

	record_key_text(e, a, key, sizeof(key));
	switch (f->type) {
	case FT_TEXT:
	case FT_ENUM:
	case FT_REF:
		if ((*field_str(a, f) == NULL) != (*field_str(b, f) == NULL) ||
		    (*field_str(a, f) && strcmp(*field_str(a, f), *field_str(b, f))))
			fail_msg("%s %s: %s: '%s' != '%s'", e->name, key, f->name,
				 field_text(a, f, ta, sizeof(ta)),
				 field_text(b, f, tb, sizeof(tb)));
		break;
	case FT_DATE:
	case FT_MONTH:
		if (*field_i32(a, f) != *field_i32(b, f))
			fail_msg("%s %s: %s differs", e->name, key, f->name);
		break;
	case FT_INT:
	case FT_MONEY:
		if (*field_i64(a, f) != *field_i64(b, f))
			fail_msg("%s %s: %s differs", e->name, key, f->name);
		break;
	case FT_REAL:
		if (!(isnan(*field_real(a, f)) && isnan(*field_real(b, f))) &&
		    *field_real(a, f) != *field_real(b, f))
			fail_msg("%s %s: %s differs", e->name, key, f->name);
		break;
	case FT_BOOL:
		if (*field_bool(a, f) != *field_bool(b, f))
			fail_msg("%s %s: %s differs", e->name, key, f->name);
		break;
	}
}

/* Every field of every record, through the descriptors. */
static void
assert_datasets_equal(struct dataset *a, struct dataset *b)
{
	dataset_sort(a);
	dataset_sort(b);
	for (int k = 0; k < K__COUNT; k++) {
		const struct entity *e = entity_of(k);

		if (dataset_count(a, k) != dataset_count(b, k))
			fail_msg("%s: %zu records, expected %zu", e->plural,
				 dataset_count(b, k), dataset_count(a, k));
		for (size_t i = 0; i < dataset_count(a, k); i++)
			for (size_t j = 0; j < e->nfields; j++)
				assert_field_equal(e, &e->fields[j],
						   dataset_row(a, k, i),
						   dataset_row(b, k, i));
	}
}

static void
create_ok(struct store *st, const struct dataset *ds)
{
	struct error err = ERROR_INIT;

	if (store_create_org(st, ds, &err) < 0)
		fail_msg("store_create_org: %s: %s", err.where, err.msg);
}

static void
load_ok(struct store *st, const char *org, struct dataset *ds)
{
	struct error err = ERROR_INIT;

	dataset_init(ds);
	if (store_load(st, org, ds, &err) < 0)
		fail_msg("store_load: %s: %s", err.where, err.msg);
}

/* --- the audit log, copied out --------------------------------------- */

struct saved {
	struct audit_entry e;	/* strings owned, freed by log_free */
};

struct log {
	struct saved *v;
	size_t n, alloc;
};

static char *
dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static int
save_entry(const struct audit_entry *e, void *ctx)
{
	struct log *log = ctx;
	struct audit_entry *c;

	ALLOC_GROW(log->v, log->n + 1, log->alloc);
	c = &log->v[log->n++].e;
	*c = *e;
	c->at = dup_or_null(e->at);
	c->actor = dup_or_null(e->actor);
	c->org = dup_or_null(e->org);
	c->entity = dup_or_null(e->entity);
	c->key = dup_or_null(e->key);
	c->action = dup_or_null(e->action);
	c->field = dup_or_null(e->field);
	c->old_value = dup_or_null(e->old_value);
	c->new_value = dup_or_null(e->new_value);
	return 0;
}

static void
log_free(struct log *log)
{
	for (size_t i = 0; i < log->n; i++) {
		struct audit_entry *e = &log->v[i].e;

		free((char *)e->at);
		free((char *)e->actor);
		free((char *)e->org);
		free((char *)e->entity);
		free((char *)e->key);
		free((char *)e->action);
		free((char *)e->field);
		free((char *)e->old_value);
		free((char *)e->new_value);
	}
	free(log->v);
	memset(log, 0, sizeof(*log));
}

static void
log_read(struct store *st, int64_t from, struct log *log)
{
	struct error err = ERROR_INIT;

	memset(log, 0, sizeof(*log));
	if (store_audit_each(st, from, save_entry, log, &err) != 0)
		fail_msg("store_audit_each: %s", err.msg);
}

static size_t
audit_count(struct store *st)
{
	struct log log;
	size_t n;

	log_read(st, 1, &log);
	n = log.n;
	log_free(&log);
	return n;
}

/*
 * Walk the chain: seq without gaps, each prev the hash before, each hash
 * recomputed from the content. Returns the seq of the first bad entry, 0
 * if all are good.
 */
static int64_t
chain_first_bad(struct store *st)
{
	struct log log;
	unsigned char prev[AUDIT_HASH_LEN] = { 0 };
	int64_t bad = 0;

	log_read(st, 1, &log);
	for (size_t i = 0; i < log.n && !bad; i++) {
		struct audit_entry e = log.v[i].e;

		audit_hash(&e);
		if (e.seq != (int64_t)i + 1 ||
		    memcmp(e.prev, prev, AUDIT_HASH_LEN) != 0 ||
		    memcmp(e.hash, log.v[i].e.hash, AUDIT_HASH_LEN) != 0)
			bad = log.v[i].e.seq;
		memcpy(prev, log.v[i].e.hash, AUDIT_HASH_LEN);
	}
	log_free(&log);
	return bad;
}

/* --- the tests ------------------------------------------------------- */

/* Is name a verb of some kind, or one of the other statements? */
static int
known_statement(const char *name)
{
	static const char *const prefixes[] = { "schema.", "tx.", "audit.",
		"organisation.codes" };
	char buf[64];

	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (strncmp(name, prefixes[i], strlen(prefixes[i])) == 0)
			return 1;
	for (int k = 0; k < K__COUNT; k++)
		for (int v = 0; v < SV__COUNT; v++) {
			snprintf(buf, sizeof(buf), "%s.%s", entity_of(k)->name,
				 store_verb_names[v]);
			if (strcmp(buf, name) == 0)
				return 1;
		}
	return 0;
}

/* A statement as the database under test sees it. */
struct shape {
	int params;		/* the highest parameter number */
	int cols;		/* columns it returns */
	int readonly;		/* a query rather than a write */
	char col[64][64];	/* the columns' names */
};

#ifdef FOLIO_STORE_PG
/* The parameter types pg.c prepares verb v of kind k with. */
static int
pg_param_types(enum kind k, enum store_verb v, Oid *types)
{
	const struct entity *e = entity_of(k);
	int n = 1 + (int)store_verb_params(k, v);

	types[0] = 20;	/* int8 */
	for (int i = 1; i < n; i++)
		switch (e->fields[i - 1].type) {
		case FT_INT:
		case FT_MONEY:
			types[i] = 20;	/* int8 */
			break;
		case FT_REAL:
			types[i] = 701;	/* float8 */
			break;
		case FT_BOOL:
			types[i] = 16;	/* bool */
			break;
		default:
			types[i] = 25;	/* text */
			break;
		}
	return n;
}
#endif

/*
 * Prepare sql (verb v of kind k, called name) on the raw connection and
 * describe it. PostgreSQL counts parameters as SQLite does, by the
 * highest $n in the text; it prepares with the types pg.c gives, which
 * also checks every column and table named exists.
 */
static void
shape_of(struct raw *db, const char *name, const char *sql, enum kind k,
	 enum store_verb v, struct shape *sh)
{
	memset(sh, 0, sizeof(*sh));
	if (db->db) {
		sqlite3_stmt *s = NULL;
		const char *tail = NULL;

		if (sqlite3_prepare_v2(db->db, sql, -1, &s, &tail) != SQLITE_OK)
			fail_msg("%s: %s", name, sqlite3_errmsg(db->db));
		assert_non_null(s);
		tail += strspn(tail, " \t\r\n;");
		if (*tail)
			fail_msg("%s: more than one statement", name);
		sh->params = sqlite3_bind_parameter_count(s);
		sh->cols = sqlite3_column_count(s);
		for (int i = 0; i < sh->cols && i < 64; i++)
			snprintf(sh->col[i], sizeof(sh->col[i]), "%s",
				 sqlite3_column_name(s, i));
		sh->readonly = sqlite3_stmt_readonly(s);
		sqlite3_finalize(s);
		return;
	}
#ifdef FOLIO_STORE_PG
	{
		Oid types[64];
		int n = pg_param_types(k, v, types);
		PGresult *res;

		for (const char *p = sql; (p = strchr(p, '$')) != NULL; p++)
			if (p[1] >= '0' && p[1] <= '9' && atoi(p + 1) > sh->params)
				sh->params = atoi(p + 1);
		/* the unnamed statement: PQprepare refuses two statements */
		res = PQprepare(db->pg, "", sql, n, types);
		if (PQresultStatus(res) != PGRES_COMMAND_OK)
			fail_msg("%s: %s", name, PQresultErrorMessage(res));
		PQclear(res);
		res = PQdescribePrepared(db->pg, "");
		assert_int_equal(PQresultStatus(res), PGRES_COMMAND_OK);
		sh->cols = PQnfields(res);
		for (int i = 0; i < sh->cols && i < 64; i++)
			snprintf(sh->col[i], sizeof(sh->col[i]), "%s", PQfname(res, i));
		PQclear(res);
		sql += strspn(sql, " \t\r\n");
		sh->readonly = strncmp(sql, "SELECT", 6) == 0;
	}
#else
	(void)k;
	(void)v;
#endif
}

/*
 * records.sql of the backend under test against the descriptors: every
 * kind has its statements, each binds 1 + the fields the verb takes, and
 * selects return the fields as columns in descriptor order under their
 * names. PostgreSQL's inserts return the new row's id as one column.
 */
static void
test_statements_match_descriptors(void **state)
{
	char file[64];
	const struct asset *a;
	struct error err = ERROR_INIT;
	struct sql_file f;
	struct tmpdb t;
	struct store *st;
	struct raw *db;
	int checked = 0, pg = test_backend() == TB_PG;

	(void)state;
	snprintf(file, sizeof(file), "sql/%s/records.sql", test_backend_name());
	a = asset_find(file);
	assert_non_null(a);
	tmpdb_make(&t);
	st = open_ok(t.path);	/* creates the schema */
	db = raw_open(t.path);
	if (sql_file_parse(&f, (const char *)a->data, "records.sql", &err) < 0)
		fail_msg("%s: %s", err.where, err.msg);
	for (size_t i = 0; i < f.n; i++)
		if (!known_statement(f.v[i].name))
			fail_msg("records.sql: unknown statement %s", f.v[i].name);
	for (int k = 0; k < K__COUNT; k++) {
		const struct entity *e = entity_of(k);
		size_t keys = 0;

		/* keys come first: get and delete bind a prefix of the fields */
		for (size_t i = 0; i < e->nfields; i++)
			if (e->fields[i].flags & F_KEY)
				assert_int_equal(i, keys++);
		for (int v = 0; v < SV__COUNT; v++) {
			char name[64];
			const char *sql;
			struct shape sh;
			int want_cols;

			snprintf(name, sizeof(name), "%s.%s", e->name,
				 store_verb_names[v]);
			sql = sql_file_find(&f, name);
			if (sql == NULL) {
				if (store_verb_needed(k, v))
					fail_msg("records.sql has no %s", name);
				continue;
			}
			shape_of(db, name, sql, k, v, &sh);
			if (sh.params != 1 + (int)store_verb_params(k, v))
				fail_msg("%s: %d parameters, the descriptors want %d",
					 name, sh.params,
					 1 + (int)store_verb_params(k, v));
			want_cols = v == SV_GET || v == SV_LOAD ? (int)e->nfields :
				    v == SV_ID || (pg && v == SV_INSERT) ? 1 : 0;
			if (sh.cols != want_cols)
				fail_msg("%s: %d columns, the descriptors want %d",
					 name, sh.cols, want_cols);
			if (v == SV_GET || v == SV_LOAD)
				for (size_t i = 0; i < e->nfields; i++)
					if (strcmp(sh.col[i], e->fields[i].name) != 0)
						fail_msg("%s: column %zu is %s, not %s",
							 name, i + 1, sh.col[i],
							 e->fields[i].name);
			/* a write must not be a read and vice versa */
			assert_int_equal(sh.readonly,
					 v == SV_GET || v == SV_LOAD || v == SV_ID);
			checked++;
		}
	}
	print_message("# %d record statements of %s match the descriptors\n",
		      checked, file);
	sql_file_release(&f);
	raw_close(db);
	store_close(st);
	tmpdb_remove(&t);
}

/*
 * Every backend's SQL files name the same statements (PostgreSQL has one
 * more, to ask whether its version table exists yet): a statement added
 * to one dialect and not the other fails here, whichever backend is
 * under test.
 */
static void
test_dialects_agree(void **state)
{
	static const char *const files[] = { "records.sql", "extra.sql" };
	struct error err = ERROR_INIT;

	(void)state;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct sql_file lite, pg;
		char name[64];
		const struct asset *a;

		snprintf(name, sizeof(name), "sql/sqlite/%s", files[i]);
		a = asset_find(name);
		assert_non_null(a);
		assert_int_equal(sql_file_parse(&lite, (const char *)a->data, name,
						&err), 0);
		snprintf(name, sizeof(name), "sql/pg/%s", files[i]);
		a = asset_find(name);
		assert_non_null(a);
		assert_int_equal(sql_file_parse(&pg, (const char *)a->data, name,
						&err), 0);
		for (size_t j = 0; j < lite.n; j++)
			if (sql_file_find(&pg, lite.v[j].name) == NULL)
				fail_msg("sql/pg/%s has no %s", files[i], lite.v[j].name);
		for (size_t j = 0; j < pg.n; j++)
			if (sql_file_find(&lite, pg.v[j].name) == NULL &&
			    strcmp(pg.v[j].name, "schema.exists") != 0)
				fail_msg("sql/sqlite/%s has no %s", files[i], pg.v[j].name);
		assert_int_equal(pg.n, lite.n + (i == 0));
		sql_file_release(&lite);
		sql_file_release(&pg);
	}
}

static void
test_sql_file_parse(void **state)
{
	struct error err = ERROR_INIT;
	struct sql_file f;

	(void)state;
	assert_int_equal(sql_file_parse(&f,
		"-- a header\n\n-- name: a.one\nSELECT 1;\n-- a comment\n"
		"-- name:   b.two  \nSELECT\n  2;\n", "t.sql", &err), 0);
	assert_int_equal(f.n, 2);
	assert_string_equal(sql_file_find(&f, "a.one"), "SELECT 1;\n");
	assert_string_equal(sql_file_find(&f, "b.two"), "SELECT\n  2;\n");
	assert_null(sql_file_find(&f, "c"));
	sql_file_release(&f);

	assert_int_equal(sql_file_parse(&f, "-- name: a\nSELECT 1;\n-- name: a\nSELECT 2;\n",
					"t.sql", &err), -1);
	assert_non_null(strstr(err.msg, "named twice"));
	sql_file_release(&f);
	assert_int_equal(sql_file_parse(&f, "SELECT 1;\n-- name: a\nSELECT 2;\n",
					"t.sql", &err), -1);
	sql_file_release(&f);
	assert_int_equal(sql_file_parse(&f, "-- name: a\n\n-- name: b\nSELECT 2;\n",
					"t.sql", &err), -1);
	assert_non_null(strstr(err.msg, "a is empty"));
	sql_file_release(&f);
}

static void
test_round_trip(void **state)
{
	struct dataset ds, back;
	struct tmpdb t;
	struct store *st;
	struct log log;
	int seen = 0;

	(void)state;
	tmpdb_make(&t);
	st = open_ok(t.path);
	assert_string_equal(store_backend(st), test_backend_name());
	build_full(&ds, "MPS");
	create_ok(st, &ds);
	load_ok(st, "MPS", &back);
	assert_datasets_equal(&ds, &back);

	/* one insert entry per record, its new value the record as JSON */
	log_read(st, 1, &log);
	assert_int_equal(log.n, total_records(&ds));
	for (size_t i = 0; i < log.n; i++) {
		const struct audit_entry *e = &log.v[i].e;

		assert_string_equal(e->action, "insert");
		assert_string_equal(e->org, "MPS");
		assert_string_equal(e->actor, "cli");
		assert_null(e->field);
		assert_null(e->old_value);
		assert_non_null(e->new_value);
		if (strcmp(e->entity, "user") == 0 &&
		    strcmp(e->key, "user-1") == 0) {
			assert_string_equal(e->new_value,
				"{\"username\":\"user-1\",\"name\":\"name 1\","
				"\"role\":\"administrator\",\"clearance\":\"OFFICIAL\","
				"\"active\":false}");
			seen++;
		}
		if (strcmp(e->entity, "tolerance") == 0 &&
		    strcmp(e->key, "cost") == 0) {
			assert_string_equal(e->new_value,
				"{\"dimension\":\"cost\",\"threshold\":1236.5678}");
			seen++;
		}
	}
	assert_int_equal(seen, 2);
	log_free(&log);

	dataset_release(&back);
	dataset_release(&ds);
	store_close(st);
	tmpdb_remove(&t);
}

/* Two organisations with the same record codes stay apart. */
static void
test_organisations_apart(void **state)
{
	struct error err = ERROR_INIT;
	struct dataset a, b, back;
	struct tmpdb t;
	struct store *st;
	char **codes = NULL;
	size_t n = 0;
	struct raw *db;

	(void)state;
	tmpdb_make(&t);
	st = open_ok(t.path);
	build_full(&a, "MPS");
	build_full(&b, "BTP");
	create_ok(st, &a);
	create_ok(st, &b);
	assert_int_equal(store_orgs(st, &codes, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(codes[0], "BTP");
	assert_string_equal(codes[1], "MPS");
	assert_null(codes[2]);
	store_free_list(codes);

	assert_int_equal(store_delete_org(st, "MPS", &err), 0);
	dataset_init(&back);
	assert_int_equal(store_load(st, "MPS", &back, &err), -1);
	assert_int_equal(err.code, ERR_NOTFOUND);
	dataset_release(&back);
	load_ok(st, "BTP", &back);
	assert_datasets_equal(&b, &back);
	dataset_release(&back);

	/* every row of MPS went; the log kept one entry for the deletion */
	db = raw_open(t.path);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM programme"), 2);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM audit WHERE action = 'delete'"), 1);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM audit WHERE org = 'MPS' "
				 "AND action = 'delete' AND entity = 'organisation' "
				 "AND old_value LIKE '{\"code\":\"MPS\",%'"), 1);
	raw_close(db);
	assert_int_equal(store_delete_org(st, "MPS", &err), -1);
	assert_int_equal(err.code, ERR_NOTFOUND);
	assert_int_equal(chain_first_bad(st), 0);

	dataset_release(&a);
	dataset_release(&b);
	store_close(st);
	tmpdb_remove(&t);
}

static void
test_load_missing(void **state)
{
	struct error err = ERROR_INIT;
	struct dataset ds;
	struct tmpdb t;
	struct store *st;

	(void)state;
	tmpdb_make(&t);
	st = open_ok(t.path);
	dataset_init(&ds);
	assert_int_equal(store_load(st, "NOPE", &ds, &err), -1);
	assert_int_equal(err.code, ERR_NOTFOUND);
	assert_non_null(strstr(err.msg, "NOPE"));
	dataset_release(&ds);
	store_close(st);
	tmpdb_remove(&t);
}

/*
 * A store opened read-only reads what is there and writes nothing; a
 * SQLite file that does not exist is not created. (PostgreSQL has no
 * read-only connection of its own: the server's grants decide.)
 */
static void
test_open_readonly(void **state)
{
	struct error err = ERROR_INIT;
	struct store *st = NULL;
	struct tmpdb t;
	char **codes = NULL;
	size_t n = 9;
	int count = 0, version = 0;

	(void)state;
	tmpdb_make(&t);
	store_close(open_ok(t.path));
	if (store_open_readonly(&st, t.path, &err) < 0)
		fail_msg("store_open_readonly: %s: %s", err.where, err.msg);
	assert_int_equal(store_schema_version(st, &version, &err), 0);
	assert_int_equal(version, STORE_SCHEMA_VERSION);
	assert_int_equal(store_orgs(st, &codes, &n, &err), 0);
	assert_int_equal(n, 0);
	store_free_list(codes);
	if (test_backend() == TB_SQLITE) {
		char *missing = xasprintf("%s.missing", t.path);

		assert_int_equal(store_login_failure(st, "k", 1000, 300, &count, &err), -1);
		assert_non_null(strstr(err.msg, "readonly"));
		store_close(st);
		st = NULL;
		assert_int_equal(store_open_readonly(&st, missing, &err), -1);
		assert_null(st);
		assert_int_equal(access(missing, F_OK), -1);
		free(missing);
	}
	store_close(st);
	tmpdb_remove(&t);
}

static void
test_create_twice(void **state)
{
	struct error err = ERROR_INIT;
	struct dataset ds, back;
	struct tmpdb t;
	struct store *st;
	size_t entries;
	struct raw *db;
	int64_t rows;

	(void)state;
	tmpdb_make(&t);
	st = open_ok(t.path);
	build_full(&ds, "MPS");
	create_ok(st, &ds);
	entries = audit_count(st);
	db = raw_open(t.path);
	rows = raw_int(db, "SELECT count(*) FROM milestone");
	assert_int_equal(store_create_org(st, &ds, &err), -1);
	assert_int_equal(err.code, ERR_CONFLICT);
	assert_non_null(strstr(err.msg, "MPS"));
	assert_int_equal(audit_count(st), entries);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM milestone"), rows);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM organisation"), 1);
	load_ok(st, "MPS", &back);
	assert_datasets_equal(&ds, &back);
	dataset_release(&back);

	/* replacing an organisation: delete and create in one transaction */
	((struct programme *)dataset_row(&ds, K_PROGRAMME, 0))->sro = "New SRO";
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_delete_org(st, "MPS", &err), 0);
	assert_int_equal(store_create_org(st, &ds, &err), 0);
	assert_int_equal(store_commit(st, &err), 0);
	load_ok(st, "MPS", &back);
	assert_datasets_equal(&ds, &back);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM organisation"), 1);
	assert_int_equal(audit_count(st), 2 * entries + 1);
	assert_int_equal(chain_first_bad(st), 0);
	raw_close(db);
	dataset_release(&back);
	dataset_release(&ds);
	store_close(st);
	tmpdb_remove(&t);
}

/* A bad record half-way through a dataset: nothing of it is written. */
static void
test_create_bad_writes_nothing(void **state)
{
	struct error err = ERROR_INIT;
	struct dataset ds, back;
	struct tmpdb t;
	struct store *st;
	struct risk *r;

	(void)state;
	tmpdb_make(&t);
	st = open_ok(t.path);
	build_full(&ds, "MPS");
	r = dataset_row(&ds, K_RISK, 1);
	r->current_impact = 9;	/* outside 1-5: the CHECK refuses it */
	assert_int_equal(store_create_org(st, &ds, &err), -1);
	assert_int_equal(err.code, ERR_INPUT);
	assert_string_equal(err.where, "risk risk-1");
	assert_int_equal(audit_count(st), 0);
	dataset_init(&back);
	assert_int_equal(store_load(st, "MPS", &back, &err), -1);
	assert_int_equal(err.code, ERR_NOTFOUND);
	dataset_release(&back);

	/* two records with one key */
	r->current_impact = 5;
	((struct milestone *)dataset_row(&ds, K_MILESTONE, 1))->code = "milestone-0";
	assert_int_equal(store_create_org(st, &ds, &err), -1);
	assert_int_equal(err.code, ERR_CONFLICT);
	assert_string_equal(err.where, "milestone milestone-0");
	assert_int_equal(audit_count(st), 0);
	dataset_release(&ds);

	/*
	 * Far into a big dataset (PostgreSQL sends writes ahead in batches
	 * and hears of a failure later): still refused whole, and the error
	 * still names the record.
	 */
	for (int bad = 0; bad < 2; bad++) {
		struct milestone *m;
		char code[32];

		dataset_init(&ds);
		fill_record(&ds, K_ORGANISATION, 0, "MPS");
		fill_record(&ds, K_PORTFOLIO, 0, "MPS");
		fill_record(&ds, K_PROGRAMME, 0, "MPS");
		for (int i = 0; i < 700; i++) {
			m = dataset_add(&ds, K_MILESTONE);
			snprintf(code, sizeof(code), "M%04d", i == 600 && bad ? 599 : i);
			m->code = dataset_strdup(&ds, code);
			m->programme = "programme-0";
			m->name = i == 600 && !bad ? NULL : "A milestone";
		}
		assert_int_equal(store_create_org(st, &ds, &err), -1);
		assert_int_equal(err.code, bad ? ERR_CONFLICT : ERR_INPUT);
		assert_string_equal(err.where, bad ? "milestone M0599" : "milestone M0600");
		assert_int_equal(audit_count(st), 0);
		dataset_release(&ds);
	}
	store_close(st);
	tmpdb_remove(&t);
}

static void
test_put_update_audits_each_field(void **state)
{
	struct error err = ERROR_INIT;
	struct dataset ds, back;
	struct tmpdb t;
	struct store *st;
	struct programme p;
	struct log log;
	size_t before;

	(void)state;
	setenv("FOLIO_NOW", "2018-03-31T17:02:11Z", 1);
	tmpdb_make(&t);
	st = open_ok(t.path);
	build_full(&ds, "MPS");
	create_ok(st, &ds);
	before = audit_count(st);

	/* the same record again: nothing to write, nothing audited */
	p = *(struct programme *)dataset_find(&ds, K_PROGRAMME, "programme-0");
	assert_int_equal(store_put(st, "MPS", K_PROGRAMME, &p, &err), 0);
	assert_int_equal(audit_count(st), before);

	/* two fields change, one of them to absent */
	store_set_actor(st, "pmo");
	p.name = "Smarter Working";
	p.whole_life_cost = INT_NONE;
	assert_int_equal(store_put(st, "MPS", K_PROGRAMME, &p, &err), 0);
	log_read(st, (int64_t)before + 1, &log);
	assert_int_equal(log.n, 2);
	assert_int_equal(log.v[0].e.seq, (int64_t)before + 1);
	for (size_t i = 0; i < 2; i++) {
		assert_string_equal(log.v[i].e.action, "update");
		assert_string_equal(log.v[i].e.entity, "programme");
		assert_string_equal(log.v[i].e.key, "programme-0");
		assert_string_equal(log.v[i].e.actor, "pmo");
		assert_string_equal(log.v[i].e.org, "MPS");
		assert_string_equal(log.v[i].e.at, "2018-03-31T17:02:11Z");
	}
	assert_string_equal(log.v[0].e.field, "name");
	assert_string_equal(log.v[0].e.old_value, "name: O'Brien said \"yes\"; -- DROP TABLE programme;\n"
			    "second line \\ tab\t caf\xc3\xa9 \xe2\x80\x93 \xc2\xa3" "5m");
	assert_string_equal(log.v[0].e.new_value, "Smarter Working");
	assert_string_equal(log.v[1].e.field, "whole_life_cost");
	assert_string_equal(log.v[1].e.old_value, "9000000000010");
	assert_null(log.v[1].e.new_value);
	log_free(&log);

	load_ok(st, "MPS", &back);
	assert_string_equal(((struct programme *)dataset_find(&back, K_PROGRAMME,
			    "programme-0"))->name, "Smarter Working");
	assert_int_equal(((struct programme *)dataset_find(&back, K_PROGRAMME,
			 "programme-0"))->whole_life_cost, INT_NONE);
	dataset_release(&back);

	/* a new record: one insert entry */
	p.code = "TIP";
	assert_int_equal(store_put(st, "MPS", K_PROGRAMME, &p, &err), 0);
	log_read(st, (int64_t)before + 3, &log);
	assert_int_equal(log.n, 1);
	assert_string_equal(log.v[0].e.action, "insert");
	assert_string_equal(log.v[0].e.key, "TIP");
	assert_non_null(strstr(log.v[0].e.new_value, "\"name\":\"Smarter Working\""));
	assert_null(strstr(log.v[0].e.new_value, "whole_life_cost"));
	log_free(&log);

	/* the organisation's own record changes like any other */
	{
		struct organisation o = *dataset_org(&ds);

		o.name = "Metropolitan Police Service";
		assert_int_equal(store_put(st, "MPS", K_ORGANISATION, &o, &err), 0);
		o.code = "XYZ";
		assert_int_equal(store_put(st, "MPS", K_ORGANISATION, &o, &err), -1);
		assert_int_equal(err.code, ERR_USAGE);
	}
	assert_int_equal(audit_count(st), before + 4);
	assert_int_equal(chain_first_bad(st), 0);
	unsetenv("FOLIO_NOW");

	/* without FOLIO_NOW, the time now, in UTC to the second */
	p.name = "Smarter Working Programme";
	assert_int_equal(store_put(st, "MPS", K_PROGRAMME, &p, &err), 0);
	log_read(st, (int64_t)before + 5, &log);
	assert_int_equal(log.n, 1);
	assert_int_equal(strlen(log.v[0].e.at), 20);
	assert_int_equal(log.v[0].e.at[10], 'T');
	assert_int_equal(log.v[0].e.at[19], 'Z');
	log_free(&log);

	dataset_release(&ds);
	store_close(st);
	tmpdb_remove(&t);
}

/* A key part that may be absent still identifies one record. */
static void
test_nullable_key(void **state)
{
	struct error err = ERROR_INIT;
	struct dataset ds, back;
	struct tmpdb t;
	struct store *st;
	struct tolerance tol;
	struct dca d;
	size_t before;

	(void)state;
	tmpdb_make(&t);
	st = open_ok(t.path);
	build_full(&ds, "MPS");
	create_ok(st, &ds);
	before = audit_count(st);

	record_clear(&tol, entity_of(K_TOLERANCE));
	tol.dimension = "cost";	/* the portfolio default, as in the dataset */
	tol.threshold = 0.1;
	assert_int_equal(store_put(st, "MPS", K_TOLERANCE, &tol, &err), 0);
	assert_int_equal(audit_count(st), before + 1);	/* an update */
	tol.programme = "programme-0";
	assert_int_equal(store_put(st, "MPS", K_TOLERANCE, &tol, &err), 0);
	assert_int_equal(audit_count(st), before + 2);	/* an insert */

	/* a dca for a project that does not exist is not the programme's */
	d = *(struct dca *)dataset_row(&ds, K_DCA, 1);
	assert_null(d.project);
	d.project = "NOPE";
	assert_int_equal(store_put(st, "MPS", K_DCA, &d, &err), -1);
	assert_int_equal(err.code, ERR_NOTFOUND);

	load_ok(st, "MPS", &back);
	assert_int_equal(dataset_count(&back, K_TOLERANCE), 3);
	assert_int_equal(dataset_count(&back, K_DCA), 2);
	dataset_release(&back);
	dataset_release(&ds);
	store_close(st);
	tmpdb_remove(&t);
}

static void
test_missing_reference(void **state)
{
	struct error err = ERROR_INIT;
	struct dataset ds, other;
	struct tmpdb t;
	struct store *st;
	struct project pj;
	struct milestone m;
	size_t before;

	(void)state;
	tmpdb_make(&t);
	st = open_ok(t.path);
	build_full(&ds, "MPS");
	create_ok(st, &ds);
	before = audit_count(st);

	pj = *(struct project *)dataset_row(&ds, K_PROJECT, 0);
	pj.code = "NEW";
	pj.programme = "NOPE";
	assert_int_equal(store_put(st, "MPS", K_PROJECT, &pj, &err), -1);
	assert_int_equal(err.code, ERR_NOTFOUND);
	assert_string_equal(err.where, "project NEW");
	assert_non_null(strstr(err.msg, "programme"));
	assert_non_null(strstr(err.msg, "NOPE"));

	/* an optional reference to nothing is refused, not stored as absent */
	m = *(struct milestone *)dataset_row(&ds, K_MILESTONE, 1);
	m.project = "NOPE";
	assert_int_equal(store_put(st, "MPS", K_MILESTONE, &m, &err), -1);
	assert_int_equal(err.code, ERR_NOTFOUND);
	assert_non_null(strstr(err.msg, "NOPE"));

	/* nor does a reference into another organisation */
	dataset_init(&other);
	fill_record(&other, K_ORGANISATION, 0, "BTP");
	create_ok(st, &other);
	before++;
	pj.programme = "programme-0";	/* MPS has it, BTP does not */
	assert_int_equal(store_put(st, "BTP", K_PROJECT, &pj, &err), -1);
	assert_int_equal(err.code, ERR_NOTFOUND);
	assert_non_null(strstr(err.msg, "programme-0"));
	assert_int_equal(store_put(st, "MPS", K_PROJECT, &pj, &err), 0);
	before++;
	/* and an organisation that does not exist has no records at all */
	assert_int_equal(store_put(st, "NONE", K_PROJECT, &pj, &err), -1);
	assert_int_equal(err.code, ERR_NOTFOUND);
	assert_non_null(strstr(err.msg, "NONE"));

	assert_int_equal(audit_count(st), before);
	dataset_release(&other);
	dataset_release(&ds);
	store_close(st);
	tmpdb_remove(&t);
}

static void
test_delete(void **state)
{
	struct error err = ERROR_INIT;
	struct dataset ds, back;
	struct tmpdb t;
	struct store *st;
	struct risk_action ra;
	struct programme key;
	struct log log;
	size_t before;

	(void)state;
	tmpdb_make(&t);
	st = open_ok(t.path);
	build_full(&ds, "MPS");
	create_ok(st, &ds);
	before = audit_count(st);

	/* by key alone: the entry holds the record as it was stored */
	record_clear(&ra, entity_of(K_RISK_ACTION));
	ra.risk = "risk-1";
	ra.seq = 2;
	assert_int_equal(store_delete(st, "MPS", K_RISK_ACTION, &ra, &err), 0);
	log_read(st, (int64_t)before + 1, &log);
	assert_int_equal(log.n, 1);
	assert_string_equal(log.v[0].e.action, "delete");
	assert_string_equal(log.v[0].e.entity, "risk_action");
	assert_string_equal(log.v[0].e.key, "risk-1/2");
	assert_null(log.v[0].e.new_value);
	assert_string_equal(log.v[0].e.old_value,
			    "{\"risk\":\"risk-1\",\"seq\":2,\"action\":\"action 1\"}");
	log_free(&log);

	/* gone, and a second delete finds nothing */
	assert_int_equal(store_delete(st, "MPS", K_RISK_ACTION, &ra, &err), -1);
	assert_int_equal(err.code, ERR_NOTFOUND);

	/* a programme others refer to stays, and says why */
	record_clear(&key, entity_of(K_PROGRAMME));
	key.code = "programme-0";
	assert_int_equal(store_delete(st, "MPS", K_PROGRAMME, &key, &err), -1);
	assert_int_equal(err.code, ERR_CONFLICT);
	assert_string_equal(err.where, "programme programme-0");

	load_ok(st, "MPS", &back);
	assert_int_equal(dataset_count(&back, K_RISK_ACTION), 1);
	assert_int_equal(dataset_count(&back, K_PROGRAMME), 2);
	dataset_release(&back);
	assert_int_equal(audit_count(st), before + 1);
	assert_int_equal(chain_first_bad(st), 0);
	dataset_release(&ds);
	store_close(st);
	tmpdb_remove(&t);
}

static void
test_transaction_rollback(void **state)
{
	struct error err = ERROR_INIT;
	struct dataset ds, back;
	struct tmpdb t;
	struct store *st;
	struct programme p;
	struct project pj;
	size_t before;

	(void)state;
	tmpdb_make(&t);
	st = open_ok(t.path);
	build_full(&ds, "MPS");
	create_ok(st, &ds);
	before = audit_count(st);

	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_begin(st, &err), -1);	/* no nesting */
	assert_int_equal(err.code, ERR_USAGE);
	p = *(struct programme *)dataset_row(&ds, K_PROGRAMME, 0);
	p.sro = "Someone Else";
	assert_int_equal(store_put(st, "MPS", K_PROGRAMME, &p, &err), 0);
	pj = *(struct project *)dataset_row(&ds, K_PROJECT, 0);
	pj.programme = "NOPE";
	assert_int_equal(store_put(st, "MPS", K_PROJECT, &pj, &err), -1);
	assert_int_equal(err.code, ERR_NOTFOUND);
	store_rollback(st);

	load_ok(st, "MPS", &back);
	assert_datasets_equal(&ds, &back);
	dataset_release(&back);
	assert_int_equal(audit_count(st), before);

	/*
	 * A failing operation inside a transaction undoes only itself: the
	 * rest commits, and the chain carries on from the last good entry.
	 */
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_put(st, "MPS", K_PROGRAMME, &p, &err), 0);
	pj.programme = "programme-1";
	pj.lifecycle = "sideways";	/* the CHECK refuses it after the update */
	assert_int_equal(store_put(st, "MPS", K_PROJECT, &pj, &err), -1);
	assert_int_equal(err.code, ERR_INPUT);
	pj.lifecycle = "pipeline";
	assert_int_equal(store_put(st, "MPS", K_PROJECT, &pj, &err), 0);
	assert_int_equal(store_commit(st, &err), 0);
	assert_int_equal(store_commit(st, &err), -1);
	load_ok(st, "MPS", &back);
	assert_string_equal(((struct programme *)dataset_row(&back, K_PROGRAMME, 0))->sro,
			    "Someone Else");
	assert_string_equal(((struct project *)dataset_row(&back, K_PROJECT, 0))->lifecycle,
			    "pipeline");
	dataset_release(&back);
	assert_int_equal(audit_count(st), before + 3);
	assert_int_equal(chain_first_bad(st), 0);

	dataset_release(&ds);
	store_close(st);
	tmpdb_remove(&t);
}

/* The CHECK constraints take exactly schema.c's spellings. */
static void
test_enum_checks(void **state)
{
	struct error err = ERROR_INIT;
	struct dataset ds;
	struct tmpdb t;
	struct store *st;
	int tried = 0;

	(void)state;
	tmpdb_make(&t);
	st = open_ok(t.path);
	build_full(&ds, "MPS");
	create_ok(st, &ds);
	assert_int_equal(store_begin(st, &err), 0);
	for (int k = 0; k < K__COUNT; k++) {
		const struct entity *e = entity_of(k);
		void *copy = xmalloc(e->size);

		for (size_t i = 0; i < e->nfields; i++) {
			const struct field *f = &e->fields[i];

			if (f->type != FT_ENUM)
				continue;
			memcpy(copy, dataset_row(&ds, k, 0), e->size);
			for (int v = 0; f->values[v]; v++) {
				*field_str(copy, f) = (char *)f->values[v];
				if (store_put(st, "MPS", k, copy, &err) < 0)
					fail_msg("%s.%s = %s: %s", e->name, f->name,
						 f->values[v], err.msg);
				tried++;
			}
			*field_str(copy, f) = "not-a-value";
			assert_int_equal(store_put(st, "MPS", k, copy, &err), -1);
			assert_int_equal(err.code, ERR_INPUT);
		}
		free(copy);
	}
	store_rollback(st);
	print_message("# %d enum values accepted\n", tried);
	dataset_release(&ds);
	store_close(st);
	tmpdb_remove(&t);
}

static void
test_audit_chain_and_tampering(void **state)
{
	struct error err = ERROR_INIT;
	struct dataset ds;
	struct tmpdb t;
	struct store *st, *other;
	struct programme p;
	struct raw *db;

	(void)state;
	tmpdb_make(&t);
	st = open_ok(t.path);
	other = open_ok(t.path);
	build_full(&ds, "MPS");
	create_ok(st, &ds);
	/* two handles (two processes, say) keep one chain */
	p = *(struct programme *)dataset_row(&ds, K_PROGRAMME, 0);
	p.sro = "A";
	assert_int_equal(store_put(st, "MPS", K_PROGRAMME, &p, &err), 0);
	p.sro = "B";
	assert_int_equal(store_put(other, "MPS", K_PROGRAMME, &p, &err), 0);
	p.sro = "C";
	assert_int_equal(store_put(st, "MPS", K_PROGRAMME, &p, &err), 0);
	assert_int_equal(audit_count(st), total_records(&ds) + 3);
	assert_int_equal(chain_first_bad(st), 0);
	assert_int_equal(chain_first_bad(other), 0);

	/* the log refuses changes, even from the database's own shell */
	db = raw_open(t.path);
	assert_int_equal(raw_exec(db, "UPDATE audit SET actor = 'x' WHERE seq = 3"), -1);
	assert_non_null(strstr(db->msg, "append-only"));
	assert_int_equal(raw_exec(db, "DELETE FROM audit WHERE seq = 3"), -1);
	assert_non_null(strstr(db->msg, "append-only"));
	assert_int_equal(raw_exec(db, dialect(
		"INSERT INTO audit (seq, at, actor, entity, action, prev_hash, hash) "
		"VALUES (1000, 'x', 'x', 'x', 'insert', printf('%064d', 0), printf('%064d', 0))",
		"INSERT INTO audit (seq, at, actor, entity, action, prev_hash, hash) "
		"VALUES (1000, 'x', 'x', 'x', 'insert', repeat('0', 64), repeat('0', 64))")),
		-1);
	assert_non_null(strstr(db->msg, "in order"));
	if (test_backend() == TB_PG) {
		assert_int_equal(raw_exec(db, "TRUNCATE audit"), -1);
		assert_non_null(strstr(db->msg, "append-only"));
	}
	assert_int_equal(chain_first_bad(st), 0);

	/* going behind folio's back shows at the entry that was edited */
	if (raw_exec(db, dialect("DROP TRIGGER audit_no_update; "
				 "UPDATE audit SET new_value = 'forged' WHERE seq = 3",
				 "DROP TRIGGER audit_no_update ON audit; "
				 "UPDATE audit SET new_value = 'forged' WHERE seq = 3")) < 0)
		fail_msg("tampering: %s", db->msg);
	raw_close(db);
	assert_int_equal(chain_first_bad(st), 3);

	dataset_release(&ds);
	store_close(other);
	store_close(st);
	tmpdb_remove(&t);
}

static void
test_schema_too_new(void **state)
{
	struct error err = ERROR_INIT;
	struct tmpdb t;
	struct store *st;
	struct raw *db;
	char want[1200];

	(void)state;
	tmpdb_make(&t);
	st = open_ok(t.path);
	store_close(st);
	db = raw_open(t.path);
	assert_int_equal(raw_exec(db, dialect("PRAGMA user_version = 99",
					      "UPDATE folio_meta SET version = 99")), 0);
	raw_close(db);
	st = NULL;
	assert_int_equal(store_open(&st, t.path, &err), -1);
	assert_null(st);
	assert_int_equal(err.code, ERR_IO);
	snprintf(want, sizeof(want),
		 "%s has schema version 99 but this folio understands up to %d: upgrade folio",
		 t.path, STORE_SCHEMA_VERSION);
	assert_string_equal(err.msg, want);
	tmpdb_remove(&t);
}

static void
test_migrations_run_once(void **state)
{
	struct error err = ERROR_INIT;
	struct dataset ds, back;
	struct tmpdb t;
	struct store *st;
	int version = 0;

	(void)state;
	tmpdb_make(&t);
	st = open_ok(t.path);
	assert_int_equal(st->migrations, STORE_SCHEMA_VERSION);
	assert_int_equal(store_schema_version(st, &version, &err), 0);
	assert_int_equal(version, STORE_SCHEMA_VERSION);
	build_full(&ds, "MPS");
	create_ok(st, &ds);
	store_close(st);

	st = open_ok(t.path);
	assert_int_equal(st->migrations, 0);
	assert_int_equal(store_schema_version(st, &version, &err), 0);
	assert_int_equal(version, STORE_SCHEMA_VERSION);
	load_ok(st, "MPS", &back);
	assert_datasets_equal(&ds, &back);
	dataset_release(&back);
	dataset_release(&ds);
	store_close(st);
	tmpdb_remove(&t);

	/* not a database at all, or none there */
	tmpdb_make(&t);
	if (test_backend() == TB_SQLITE) {
		FILE *f = fopen(t.path, "w");

		assert_non_null(f);
		fputs("this is not an SQLite database, and it is long enough to tell.\n"
		      "this is not an SQLite database, and it is long enough to tell.\n", f);
		fclose(f);
	} else {
		/* the server is there, the database is not */
		tmpdb_remove(&t);
	}
	st = NULL;
	assert_int_equal(store_open(&st, t.path, &err), -1);
	assert_null(st);
	assert_int_equal(err.code, ERR_IO);
	assert_string_equal(err.where, t.path);
	if (test_backend() == TB_SQLITE)
		tmpdb_remove(&t);

	/*
	 * A PostgreSQL URI never becomes an SQLite file: without the backend
	 * folio says so, with it the URI goes to libpq (here to a socket
	 * directory that does not exist).
	 */
#ifdef FOLIO_STORE_PG
	assert_int_equal(store_open(&st, "postgresql:///folio?host=/nonexistent/folio",
				    &err), -1);
	assert_int_equal(err.code, ERR_IO);
	assert_non_null(strstr(err.msg, "cannot connect"));
	assert_int_equal(store_open(&st, "postgres:///folio?host=/nonexistent/folio",
				    &err), -1);
	assert_non_null(strstr(err.msg, "cannot connect"));
#else
	assert_int_equal(store_open(&st, "postgresql://localhost/folio", &err), -1);
	assert_int_equal(err.code, ERR_USAGE);
#endif
	assert_int_equal(access("postgresql:", F_OK), -1);
	assert_int_equal(access("postgres:", F_OK), -1);
	/* what the CLI asks before looking for a file */
	assert_true(store_target_is_file("var/folio.db"));
	assert_true(store_target_is_file(t.path) == (test_backend() == TB_SQLITE));
	assert_false(store_target_is_file("postgresql://db.example/folio"));
	assert_false(store_target_is_file("postgres:///folio?host=/tmp"));
}

static double
seconds_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) +
	       (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* 100,000 records: how long creating and loading them takes. */
static void
test_big_load(void **state)
{
	const char *env = getenv("FOLIO_TEST_STORE_RECORDS");
	size_t want = env && *env ? (size_t)strtoul(env, NULL, 10) : 100000;
	struct error err = ERROR_INIT;
	struct dataset ds, back;
	struct tmpdb t;
	struct store *st;
	struct timespec t0;
	struct organisation *o;
	struct portfolio *pf;
	size_t nprog = 100, per = want / nprog / 10 + 1;
	double create_s, load_s, delete_s;
	char buf[64];

	(void)state;
	dataset_init(&ds);
	o = dataset_add(&ds, K_ORGANISATION);
	o->code = "MPS";
	o->name = "Metropolitan Police Service";
	pf = dataset_add(&ds, K_PORTFOLIO);
	pf->code = "TP";
	pf->name = "Transformation Portfolio";
	for (size_t i = 0; i < nprog; i++) {
		struct programme *p = dataset_add(&ds, K_PROGRAMME);

		snprintf(buf, sizeof(buf), "P%03zu", i);
		p->code = dataset_strdup(&ds, buf);
		p->portfolio = "TP";
		p->name = dataset_strdup(&ds, buf);
		p->lifecycle = "active";
		p->start_date = date_from_ymd(2017, 4, 1);
		p->whole_life_cost = 1000000 * (int64_t)i;
		for (size_t j = 0; j < per; j++) {
			struct milestone *m = dataset_add(&ds, K_MILESTONE);

			snprintf(buf, sizeof(buf), "P%03zu-M%04zu", i, j);
			m->code = dataset_strdup(&ds, buf);
			m->programme = p->code;
			m->name = "A milestone of some importance to the programme";
			m->key = (j % 7) == 0;
			m->baseline_date = date_from_ymd(2018, 1, 1) + (int32_t)j;
			m->forecast_date = m->baseline_date + (int32_t)(j % 30);
			for (int f = 0; f < 9; f++) {
				struct milestone_forecast *mf =
					dataset_add(&ds, K_MILESTONE_FORECAST);

				mf->milestone = m->code;
				mf->period = month_from_ym(2018, 1 + f);
				mf->forecast_date = m->forecast_date + f;
			}
		}
	}
	tmpdb_make(&t);
	st = open_ok(t.path);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	create_ok(st, &ds);
	create_s = seconds_since(&t0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	load_ok(st, "MPS", &back);
	load_s = seconds_since(&t0);
	print_message("# %s: %zu records: store_create_org %.2f s (audited), store_load %.3f s\n",
		      test_backend_name(), total_records(&ds), create_s, load_s);
	assert_true(total_records(&back) >= want);
	assert_datasets_equal(&ds, &back);
	dataset_release(&back);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(store_delete_org(st, "MPS", &err), 0);
	delete_s = seconds_since(&t0);
	print_message("# %s: store_delete_org %.2f s\n", test_backend_name(), delete_s);
	dataset_release(&ds);
	store_close(st);
	tmpdb_remove(&t);
}

/* --- several processes on one database ------------------------------- */

/*
 * One writer process of test_concurrent_writers: n new programmes, and
 * every fourth time, in a transaction with the insert, the SRO of shared
 * (a programme every writer changes) set anew. Runs in a child: reports
 * on stderr, never through cmocka. Returns its exit status.
 */
static int
writer(const char *target, int who, int n, const struct programme *shared)
{
	struct error err = ERROR_INIT;
	struct store *st = NULL;
	struct programme p, p0;
	char code[32], sro[32], actor[32];
	int ret = 1;

	if (store_open(&st, target, &err) < 0) {
		fprintf(stderr, "# writer %d: open: %s\n", who, err.msg);
		return 1;
	}
	snprintf(actor, sizeof(actor), "writer-%d", who);
	store_set_actor(st, actor);
	for (int j = 0; j < n; j++) {
		int tx = j % 4 == 0;

		record_clear(&p, entity_of(K_PROGRAMME));
		snprintf(code, sizeof(code), "W%d-%03d", who, j);
		p.code = code;
		p.portfolio = "portfolio-0";
		p.name = code;
		p.lifecycle = "active";
		if (tx && store_begin(st, &err) < 0)
			goto fail;
		if (store_put(st, "MPS", K_PROGRAMME, &p, &err) < 0)
			goto fail;
		if (tx) {
			p0 = *shared;
			snprintf(sro, sizeof(sro), "SRO %d/%d", who, j);
			p0.sro = sro;
			if (store_put(st, "MPS", K_PROGRAMME, &p0, &err) < 0 ||
			    store_commit(st, &err) < 0)
				goto fail;
		}
	}
	ret = 0;
	goto out;
fail:
	fprintf(stderr, "# writer %d: %s: %s\n", who, err.where, err.msg);
	store_rollback(st);
out:
	store_close(st);
	return ret;
}

/* Wait for the children; every one must have exited 0. */
static void
wait_all(const pid_t *pids, int n)
{
	for (int i = 0; i < n; i++) {
		int status = 0;

		assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			fail_msg("child %d ended with status %d", i, status);
	}
}

/*
 * Several folio servers on one database: four processes, each with a
 * store of its own, write at the same moment (a pipe starts them
 * together). Every write is there, and the audit log is one unbroken
 * chain, recomputed entry by entry with audit_hash.
 */
static void
test_concurrent_writers(void **state)
{
	enum { NPROC = 4, EACH = 40 };
	struct dataset ds, back;
	struct tmpdb t;
	struct store *st;
	pid_t pids[NPROC];
	int go[2];
	size_t before;
	char c;

	(void)state;
	tmpdb_make(&t);
	st = open_ok(t.path);
	build_full(&ds, "MPS");
	create_ok(st, &ds);
	before = audit_count(st);
	/* no connection of ours is shared with the children */
	store_close(st);
	assert_int_equal(pipe(go), 0);
	fflush(stdout);
	fflush(stderr);
	for (int i = 0; i < NPROC; i++) {
		pids[i] = fork();
		assert_true(pids[i] >= 0);
		if (pids[i] == 0) {
			close(go[1]);
			if (read(go[0], &c, 1) < 0)
				_exit(2);
			_exit(writer(t.path, i, EACH,
				      dataset_row(&ds, K_PROGRAMME, 1)));
		}
	}
	close(go[0]);
	close(go[1]);	/* all start now */
	wait_all(pids, NPROC);

	st = open_ok(t.path);
	/* each writer: EACH inserts, and an update every fourth time */
	assert_int_equal(audit_count(st), before + NPROC * (EACH + EACH / 4));
	assert_int_equal(chain_first_bad(st), 0);
	load_ok(st, "MPS", &back);
	assert_int_equal(dataset_count(&back, K_PROGRAMME), 2 + NPROC * EACH);
	dataset_release(&back);
	print_message("# %s: %d processes wrote %d audit entries in one chain\n",
		      test_backend_name(), NPROC, NPROC * (EACH + EACH / 4));
	dataset_release(&ds);
	store_close(st);
	tmpdb_remove(&t);
}

/*
 * Three servers starting at once on an empty database migrate it once
 * between them: each takes the write lock and looks at the version again
 * before migrating.
 */
static void
test_concurrent_open(void **state)
{
	enum { NPROC = 3 };
	struct error err = ERROR_INIT;
	struct tmpdb t;
	struct store *st;
	pid_t pids[NPROC];
	int go[2], sum = 0, version = 0;
	char c;

	(void)state;
	tmpdb_make(&t);
	assert_int_equal(pipe(go), 0);
	fflush(stdout);
	fflush(stderr);
	for (int i = 0; i < NPROC; i++) {
		pids[i] = fork();
		assert_true(pids[i] >= 0);
		if (pids[i] == 0) {
			int m;

			close(go[1]);
			if (read(go[0], &c, 1) < 0)
				_exit(1);
			/*
			 * Under valgrind one migration can outlast the five
			 * seconds a connection waits for the lock: then try
			 * again, as a service manager would restart a server.
			 */
			for (int tries = 0;; tries++) {
				if (store_open(&st, t.path, &err) == 0)
					break;
				if (tries == 20 || strstr(err.msg, "locked") == NULL) {
					fprintf(stderr, "# open: %s\n", err.msg);
					_exit(1);
				}
			}
			m = st->migrations;
			store_close(st);
			_exit(10 + m);
		}
	}
	close(go[0]);
	close(go[1]);
	for (int i = 0; i < NPROC; i++) {
		int status = 0;

		assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
		assert_true(WIFEXITED(status));
		assert_true(WEXITSTATUS(status) >= 10);
		sum += WEXITSTATUS(status) - 10;
	}
	assert_int_equal(sum, STORE_SCHEMA_VERSION);
	st = open_ok(t.path);
	assert_int_equal(st->migrations, 0);
	assert_int_equal(store_schema_version(st, &version, &err), 0);
	assert_int_equal(version, STORE_SCHEMA_VERSION);
	store_close(st);
	tmpdb_remove(&t);
}

/*
 * PostgreSQL only: the server drops folio's connection (a restart, a
 * failover, an administrator). The next transaction makes a new one; a
 * statement outside a transaction that finds it gone fails once; a
 * transaction that loses it is reported, never finished on a new
 * connection in autocommit.
 */
static void
test_reconnect(void **state)
{
	struct error err = ERROR_INIT;
	struct dataset ds;
	struct tmpdb t;
	struct store *st;
	struct programme p;
	struct raw *db;
	char **codes = NULL;
	size_t n = 0, before;

	(void)state;
	assert_int_equal(test_backend(), TB_PG);
	tmpdb_make(&t);
	st = open_ok(t.path);
	build_full(&ds, "MPS");
	create_ok(st, &ds);
	before = audit_count(st);
	db = raw_open(t.path);
#define KILL_FOLIO() do { \
		assert_int_equal(raw_int(db, "SELECT count(pg_terminate_backend(pid)) " \
			"FROM pg_stat_activity WHERE datname = current_database() " \
			"AND application_name = 'folio'"), 1); \
		for (int i = 0; i < 1000 && raw_int(db, "SELECT count(*) " \
			"FROM pg_stat_activity WHERE datname = current_database() " \
			"AND application_name = 'folio'") > 0; i++) \
			usleep(10000); \
	} while (0)

	p = *(struct programme *)dataset_row(&ds, K_PROGRAMME, 0);
	KILL_FOLIO();
	p.sro = "After a restart";
	if (store_put(st, "MPS", K_PROGRAMME, &p, &err) < 0)
		fail_msg("put after the connection was lost: %s", err.msg);

	KILL_FOLIO();
	assert_int_equal(store_orgs(st, &codes, &n, &err), -1);
	assert_int_equal(err.code, ERR_IO);
	assert_int_equal(store_orgs(st, &codes, &n, &err), 0);
	assert_int_equal(n, 1);
	store_free_list(codes);

	assert_int_equal(store_begin(st, &err), 0);
	p.sro = "Lost with its transaction";
	assert_int_equal(store_put(st, "MPS", K_PROGRAMME, &p, &err), 0);
	KILL_FOLIO();
	p.name = "Also lost";
	assert_int_equal(store_put(st, "MPS", K_PROGRAMME, &p, &err), -1);
	assert_int_equal(err.code, ERR_IO);
	assert_int_equal(store_commit(st, &err), -1);
	p.sro = "Written again";
	p.name = "Written again";
	assert_int_equal(store_put(st, "MPS", K_PROGRAMME, &p, &err), 0);
#undef KILL_FOLIO

	/* the first update (sro) and the last (sro, name): three entries */
	assert_int_equal(audit_count(st), before + 3);
	assert_int_equal(chain_first_bad(st), 0);
	raw_close(db);
	dataset_release(&ds);
	store_close(st);
	tmpdb_remove(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sql_file_parse),
		cmocka_unit_test(test_open_readonly),
		cmocka_unit_test(test_statements_match_descriptors),
		cmocka_unit_test(test_dialects_agree),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_organisations_apart),
		cmocka_unit_test(test_load_missing),
		cmocka_unit_test(test_create_twice),
		cmocka_unit_test(test_create_bad_writes_nothing),
		cmocka_unit_test(test_put_update_audits_each_field),
		cmocka_unit_test(test_nullable_key),
		cmocka_unit_test(test_missing_reference),
		cmocka_unit_test(test_delete),
		cmocka_unit_test(test_transaction_rollback),
		cmocka_unit_test(test_enum_checks),
		cmocka_unit_test(test_audit_chain_and_tampering),
		cmocka_unit_test(test_schema_too_new),
		cmocka_unit_test(test_migrations_run_once),
		cmocka_unit_test(test_concurrent_writers),
		cmocka_unit_test(test_concurrent_open),
		cmocka_unit_test(test_big_load),
		/* last: PostgreSQL's own (a cmocka skip reads as a failure) */
		cmocka_unit_test(test_reconnect),
	};
	size_t n = sizeof(tests) / sizeof(tests[0]);

	return _cmocka_run_group_tests("tests", tests,
				       test_backend() == TB_PG ? n : n - 1,
				       NULL, NULL);
}
