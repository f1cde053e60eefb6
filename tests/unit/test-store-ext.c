/*
 * test-store-ext.c - the store's tables beyond records (schema-002.sql):
 * migrating a version 1 database, published snapshots, credentials,
 * sessions and login throttling, on the backend FOLIO_TEST_STORE names
 * (SQLite by default, PostgreSQL with =pg).
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
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

#define tmpdb_make(t) tmpdb_make_tagged((t), "store-ext")

static struct store *
open_ok(const char *path)
{
	struct error err = ERROR_INIT;
	struct store *st = NULL;

	if (store_open(&st, path, &err) < 0)
		fail_msg("store_open: %s: %s", err.where, err.msg);
	return st;
}

/* An organisation with two users: the least a credential needs. */
static void
build_org(struct dataset *ds, const char *code)
{
	struct organisation *o;
	struct user *u;

	dataset_init(ds);
	o = dataset_add(ds, K_ORGANISATION);
	o->code = dataset_strdup(ds, code);
	o->name = dataset_strdup(ds, "Test force");
	u = dataset_add(ds, K_USER);
	u->username = dataset_strdup(ds, "alice");
	u->name = dataset_strdup(ds, "Alice Example");
	u->role = dataset_strdup(ds, "portfolio_office");
	u->clearance = dataset_strdup(ds, "OFFICIAL");
	u->active = 1;
	u = dataset_add(ds, K_USER);
	u->username = dataset_strdup(ds, "bob");
	u->name = dataset_strdup(ds, "Bob Example");
	u->role = dataset_strdup(ds, "viewer");
	u->clearance = dataset_strdup(ds, "OFFICIAL");
	dataset_sort(ds);
}

static void
create_ok(struct store *st, const char *code)
{
	struct error err = ERROR_INIT;
	struct dataset ds;

	build_org(&ds, code);
	if (store_create_org(st, &ds, &err) < 0)
		fail_msg("create: %s: %s", err.where, err.msg);
	dataset_release(&ds);
}

/* --- the audit log seen from a test ---------------------------------- */

struct chain {
	int64_t n, bad;
	unsigned char prev[AUDIT_HASH_LEN];
	/* the last entry, copied */
	char entity[32], key[64], action[16], field[32];
	int field_null, old_null, new_null;
	char new_value[128];
	/* any entry holding this text anywhere */
	const char *needle;
	int64_t needle_at;
};

static int
chain_step(const struct audit_entry *e, void *ctx)
{
	struct chain *c = ctx;
	struct audit_entry copy = *e;
	const char *text[] = { e->at, e->actor, e->org, e->entity, e->key,
			       e->action, e->field, e->old_value, e->new_value };

	c->n++;
	audit_hash(&copy);
	if (c->bad == 0 && (e->seq != c->n ||
	    memcmp(e->prev, c->prev, AUDIT_HASH_LEN) != 0 ||
	    memcmp(copy.hash, e->hash, AUDIT_HASH_LEN) != 0))
		c->bad = e->seq;
	memcpy(c->prev, e->hash, AUDIT_HASH_LEN);
	snprintf(c->entity, sizeof(c->entity), "%s", e->entity);
	snprintf(c->key, sizeof(c->key), "%s", e->key ? e->key : "");
	snprintf(c->action, sizeof(c->action), "%s", e->action);
	snprintf(c->field, sizeof(c->field), "%s", e->field ? e->field : "");
	snprintf(c->new_value, sizeof(c->new_value), "%s",
		 e->new_value ? e->new_value : "");
	c->field_null = e->field == NULL;
	c->old_null = e->old_value == NULL;
	c->new_null = e->new_value == NULL;
	for (size_t i = 0; c->needle && i < sizeof(text) / sizeof(text[0]); i++)
		if (text[i] && strstr(text[i], c->needle))
			c->needle_at = e->seq;
	return 0;
}

static void
chain_walk(struct store *st, struct chain *c, const char *needle)
{
	struct error err = ERROR_INIT;

	memset(c, 0, sizeof(*c));
	c->needle = needle;
	if (store_audit_each(st, 1, chain_step, c, &err) < 0)
		fail_msg("audit_each: %s", err.msg);
}

/* --- tests ----------------------------------------------------------- */

/*
 * A database made by a folio that knew only schema-001 (the tables and a
 * first audit entry written by hand) is migrated to the current version on
 * open: the entry survives with its hash, the new tables work, and the
 * rebuilt log is append-only again and takes the new action.
 */
static void
test_migrate_from_v1(void **state)
{
	struct error err = ERROR_INIT;
	struct audit_entry e;
	struct tmpdb t;
	struct store *st;
	struct chain c;
	struct raw *db;
	char name[64], prev[65], hash[65], seq[16];
	const struct asset *v1;
	const char *values[10];
	int version = 0;

	(void)state;
	snprintf(name, sizeof(name), "sql/%s/schema-001.sql", test_backend_name());
	v1 = asset_find(name);
	assert_non_null(v1);
	tmpdb_make(&t);
	db = raw_open(t.path);
	if (raw_exec(db, (const char *)v1->data) < 0)
		fail_msg("schema-001: %s", db->msg);
	if (test_backend() == TB_SQLITE)
		assert_int_equal(raw_exec(db, "PRAGMA user_version = 1"), 0);
	assert_int_equal(raw_exec(db,
		"INSERT INTO organisation (code, name) VALUES ('OLD', 'Old force');"
		"INSERT INTO \"user\" (org_id, username, name, role, clearance, active) "
		"SELECT id, 'carol', 'Carol', 'viewer', 'OFFICIAL', 1 = 1 FROM organisation;"),
		0);
	memset(&e, 0, sizeof(e));
	e.seq = 1;
	e.at = "2018-03-01T09:00:00Z";
	e.actor = "cli:v1";
	e.org = "OLD";
	e.entity = "organisation";
	e.key = "OLD";
	e.action = "insert";
	e.new_value = "{\"code\":\"OLD\",\"name\":\"Old force\"}";
	audit_hash(&e);
	snprintf(seq, sizeof(seq), "%lld", (long long)e.seq);
	values[0] = seq;
	values[1] = e.at;
	values[2] = e.actor;
	values[3] = e.org;
	values[4] = e.entity;
	values[5] = e.key;
	values[6] = e.action;
	values[7] = e.new_value;
	values[8] = audit_hex(e.prev, prev);
	values[9] = audit_hex(e.hash, hash);
	if (raw_exec_params(db, dialect(
		"INSERT INTO audit (seq, at, actor, org, entity, \"key\", \"action\", "
		"new_value, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
		"INSERT INTO audit (seq, at, actor, org, entity, \"key\", \"action\", "
		"new_value, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"),
		10, values) < 0)
		fail_msg("audit entry: %s", db->msg);
	/* a version 1 log refuses the new action */
	assert_int_equal(raw_exec(db,
		"INSERT INTO audit (seq, at, actor, entity, \"action\", prev_hash, hash) "
		"SELECT 2, 'x', 'x', 'period', 'publish', hash, hash FROM audit"), -1);
	raw_close(db);

	st = open_ok(t.path);
	assert_int_equal(st->migrations, STORE_SCHEMA_VERSION - 1);
	assert_int_equal(store_schema_version(st, &version, &err), 0);
	assert_int_equal(version, STORE_SCHEMA_VERSION);
	chain_walk(st, &c, NULL);
	assert_int_equal(c.n, 1);
	assert_int_equal(c.bad, 0);

	/* the new tables, and the new action in the old chain */
	assert_int_equal(store_snapshot_put(st, "OLD", month_from_ym(2018, 3), 1,
					    "{}\n", 3, &err), 0);
	assert_int_equal(store_credential_set(st, "OLD", "carol", "$argon2id$x",
					      &err), 0);
	chain_walk(st, &c, NULL);
	assert_int_equal(c.n, 3);
	assert_int_equal(c.bad, 0);
	store_close(st);

	db = raw_open(t.path);
	assert_int_equal(raw_exec(db, "UPDATE audit SET actor = 'x' WHERE seq = 1"), -1);
	assert_int_equal(raw_exec(db, "DELETE FROM audit WHERE seq = 1"), -1);
	assert_int_equal(raw_exec(db, dialect(
		"INSERT INTO audit (seq, at, actor, entity, \"action\", prev_hash, hash) "
		"VALUES (9, 'x', 'x', 'x', 'insert', printf('%064d', 0), printf('%064d', 0))",
		"INSERT INTO audit (seq, at, actor, entity, \"action\", prev_hash, hash) "
		"VALUES (9, 'x', 'x', 'x', 'insert', repeat('0', 64), repeat('0', 64))")),
		-1);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM audit"), 3);
	raw_close(db);

	/* opening again migrates nothing */
	st = open_ok(t.path);
	assert_int_equal(st->migrations, 0);
	store_close(st);
	tmpdb_remove(&t);
}

/* Apply the embedded migration sql/<backend>/schema-NNN.sql with raw SQL. */
static void
raw_migration(struct raw *db, int n)
{
	const struct asset *a;
	char name[64];

	snprintf(name, sizeof(name), "sql/%s/schema-%03d.sql", test_backend_name(), n);
	a = asset_find(name);
	assert_non_null(a);
	if (raw_exec(db, (const char *)a->data) < 0)
		fail_msg("%s: %s", name, db->msg);
}

/*
 * A version 2 database holding risks, issues and decisions is migrated to
 * the current version (schema-003.sql and on): the records read back with the new fields
 * absent, the new fields and the new kinds (risk_score, change_milestone)
 * are written and read back, and the new columns' CHECKs hold.
 */
static void
test_migrate_from_v2(void **state)
{
	struct error err = ERROR_INIT;
	struct dataset ds;
	struct tmpdb t;
	struct store *st;
	struct raw *db;
	struct risk *rk;
	struct issue *is;
	struct decision *d;
	struct risk_score rs;
	struct change_milestone cm;
	int version = 0;

	(void)state;
	tmpdb_make(&t);
	db = raw_open(t.path);
	raw_migration(db, 1);
	if (test_backend() == TB_SQLITE)
		assert_int_equal(raw_exec(db, "PRAGMA user_version = 1"), 0);
	raw_migration(db, 2);
	if (raw_exec(db,
		"INSERT INTO organisation (code, name) VALUES ('OLD', 'Old force');"
		"INSERT INTO portfolio (org_id, code, name) "
		"SELECT id, 'PF', 'Portfolio' FROM organisation;"
		"INSERT INTO programme (org_id, code, portfolio_id, name, lifecycle) "
		"SELECT o.id, 'PG', p.id, 'Programme', 'active' FROM organisation o, portfolio p;"
		"INSERT INTO milestone (org_id, code, programme_id, name) "
		"SELECT o.id, 'M1', g.id, 'Go live' FROM organisation o, programme g;"
		"INSERT INTO activity (org_id, code, programme_id, name, type) "
		"SELECT o.id, 'A1', g.id, 'Build', 'task' FROM organisation o, programme g;"
		"INSERT INTO change_request (org_id, code, programme_id, title, status) "
		"SELECT o.id, 'CR1', g.id, 'Re-plan', 'pending' FROM organisation o, programme g;"
		"INSERT INTO risk (org_id, code, level, programme_id, title, "
		"current_likelihood, current_impact, status) "
		"SELECT o.id, 'R1', 'programme', g.id, 'Supplier late', 3, 4, 'open' "
		"FROM organisation o, programme g;"
		"INSERT INTO issue (org_id, code, level, programme_id, title, severity, status) "
		"SELECT o.id, 'I1', 'programme', g.id, 'Scope grew', 'high', 'open' "
		"FROM organisation o, programme g;"
		"INSERT INTO decision (org_id, code, programme_id, title, status) "
		"SELECT o.id, 'D1', g.id, 'Choose model', 'pending' "
		"FROM organisation o, programme g;") < 0)
		fail_msg("version 2 rows: %s", db->msg);
	raw_close(db);

	st = open_ok(t.path);
	assert_int_equal(st->migrations, STORE_SCHEMA_VERSION - 2);
	assert_int_equal(store_schema_version(st, &version, &err), 0);
	assert_int_equal(version, STORE_SCHEMA_VERSION);
	dataset_init(&ds);
	assert_int_equal(store_load(st, "OLD", &ds, &err), 0);
	rk = dataset_find(&ds, K_RISK, "R1");
	is = dataset_find(&ds, K_ISSUE, "I1");
	d = dataset_find(&ds, K_DECISION, "D1");
	assert_non_null(rk);
	assert_non_null(is);
	assert_non_null(d);
	assert_true(isnan(rk->schedule_impact_days));
	assert_null(rk->activity);
	assert_int_equal(rk->current_impact, 4);
	assert_null(is->dimension);
	assert_string_equal(is->severity, "high");
	assert_null(d->milestone);
	assert_int_equal(dataset_count(&ds, K_RISK_SCORE), 0);
	assert_int_equal(dataset_count(&ds, K_CHANGE_MILESTONE), 0);

	rk->schedule_impact_days = 12.5;
	rk->activity = "A1";
	is->dimension = "scope";
	d->milestone = "M1";
	record_clear(&rs, entity_of(K_RISK_SCORE));
	rs.risk = "R1";
	rs.period = month_from_ym(2018, 3);
	rs.likelihood = 3;
	rs.impact = 4;
	rs.status = "open";
	record_clear(&cm, entity_of(K_CHANGE_MILESTONE));
	cm.change_request = "CR1";
	cm.milestone = "M1";
	cm.proposed_date = date_from_ymd(2018, 11, 30);
	if (store_put(st, "OLD", K_RISK, rk, &err) < 0 ||
	    store_put(st, "OLD", K_ISSUE, is, &err) < 0 ||
	    store_put(st, "OLD", K_DECISION, d, &err) < 0 ||
	    store_put(st, "OLD", K_RISK_SCORE, &rs, &err) < 0 ||
	    store_put(st, "OLD", K_CHANGE_MILESTONE, &cm, &err) < 0)
		fail_msg("put: %s: %s", err.where, err.msg);
	dataset_release(&ds);
	dataset_init(&ds);
	assert_int_equal(store_load(st, "OLD", &ds, &err), 0);
	rk = dataset_find(&ds, K_RISK, "R1");
	assert_true(rk->schedule_impact_days == 12.5);
	assert_string_equal(rk->activity, "A1");
	assert_string_equal(((struct issue *)dataset_find(&ds, K_ISSUE, "I1"))->dimension, "scope");
	assert_string_equal(((struct decision *)dataset_find(&ds, K_DECISION, "D1"))->milestone, "M1");
	assert_int_equal(dataset_count(&ds, K_RISK_SCORE), 1);
	assert_int_equal(((struct risk_score *)dataset_row(&ds, K_RISK_SCORE, 0))->impact, 4);
	assert_int_equal(dataset_count(&ds, K_CHANGE_MILESTONE), 1);
	assert_int_equal(((struct change_milestone *)dataset_row(&ds, K_CHANGE_MILESTONE, 0))->proposed_date,
			 date_from_ymd(2018, 11, 30));
	dataset_release(&ds);
	store_close(st);

	/* the new columns are CHECKed as schema-001's are */
	db = raw_open(t.path);
	assert_int_equal(raw_exec(db, "UPDATE issue SET dimension = 'mood'"), -1);
	assert_int_equal(raw_exec(db, "UPDATE risk SET schedule_impact_days = -1"), -1);
	assert_int_equal(raw_exec(db, "UPDATE risk_score SET impact = 6"), -1);
	assert_int_equal(raw_exec(db, "UPDATE change_milestone SET proposed_date = '30/11/2018'"), -1);
	raw_close(db);

	/* opening again migrates nothing */
	st = open_ok(t.path);
	assert_int_equal(st->migrations, 0);
	store_close(st);
	tmpdb_remove(&t);
}

/*
 * A version 3 database holding an organisation and an activity on a
 * built-in calendar is migrated to version 4 (schema-004.sql): the
 * organisation reads back with no calendar, an organisation calendar and
 * its days are written and read back, the organisation and the activity
 * take it, and the new tables' keys, CHECKs and foreign keys hold.
 */
static void
test_migrate_from_v3(void **state)
{
	struct error err = ERROR_INIT;
	struct dataset ds;
	struct tmpdb t;
	struct store *st;
	struct raw *db;
	struct organisation *o;
	struct activity *a;
	struct calendar cal;
	struct calendar_day day;
	const struct calendar *cl;
	const struct calendar_day *cd;
	int version = 0;

	(void)state;
	tmpdb_make(&t);
	db = raw_open(t.path);
	raw_migration(db, 1);
	if (test_backend() == TB_SQLITE)
		assert_int_equal(raw_exec(db, "PRAGMA user_version = 1"), 0);
	raw_migration(db, 2);
	raw_migration(db, 3);
	if (raw_exec(db,
		"INSERT INTO organisation (code, name) VALUES ('OLD', 'Old force');"
		"INSERT INTO portfolio (org_id, code, name) "
		"SELECT id, 'PF', 'Portfolio' FROM organisation;"
		"INSERT INTO programme (org_id, code, portfolio_id, name, lifecycle) "
		"SELECT o.id, 'PG', p.id, 'Programme', 'active' FROM organisation o, portfolio p;"
		"INSERT INTO activity (org_id, code, programme_id, name, type, calendar) "
		"SELECT o.id, 'A1', g.id, 'Build', 'task', 'weekdays' "
		"FROM organisation o, programme g;") < 0)
		fail_msg("version 3 rows: %s", db->msg);
	raw_close(db);

	st = open_ok(t.path);
	assert_int_equal(st->migrations, 1);
	assert_int_equal(store_schema_version(st, &version, &err), 0);
	assert_int_equal(version, 4);
	dataset_init(&ds);
	assert_int_equal(store_load(st, "OLD", &ds, &err), 0);
	o = dataset_org(&ds);
	a = dataset_find(&ds, K_ACTIVITY, "A1");
	assert_non_null(o);
	assert_non_null(a);
	assert_null(o->calendar);
	assert_string_equal(a->calendar, "weekdays");
	assert_int_equal(dataset_count(&ds, K_CALENDAR), 0);
	assert_int_equal(dataset_count(&ds, K_CALENDAR_DAY), 0);

	record_clear(&cal, entity_of(K_CALENDAR));
	cal.code = "met";
	cal.name = "Met working week";
	cal.base = "england-and-wales";
	cal.week = "mon-fri 08:00-16:00; sat 08:00-12:00";
	cal.bank_holidays = "on";
	cal.continuous = 0;
	record_clear(&day, entity_of(K_CALENDAR_DAY));
	day.calendar = "met";
	day.date = date_from_ymd(2018, 12, 31);
	day.hours = "09:00-13:00";
	day.note = "New Year's Eve";
	o->calendar = "met";
	a->calendar = "met";
	if (store_put(st, "OLD", K_CALENDAR, &cal, &err) < 0 ||
	    store_put(st, "OLD", K_CALENDAR_DAY, &day, &err) < 0 ||
	    store_put(st, "OLD", K_ORGANISATION, o, &err) < 0 ||
	    store_put(st, "OLD", K_ACTIVITY, a, &err) < 0)
		fail_msg("put: %s: %s", err.where, err.msg);
	/* a day off: no hours */
	day.date = date_from_ymd(2018, 12, 27);
	day.hours = NULL;
	day.note = NULL;
	if (store_put(st, "OLD", K_CALENDAR_DAY, &day, &err) < 0)
		fail_msg("put: %s: %s", err.where, err.msg);
	dataset_release(&ds);
	dataset_init(&ds);
	assert_int_equal(store_load(st, "OLD", &ds, &err), 0);
	dataset_sort(&ds);
	assert_string_equal(dataset_org(&ds)->calendar, "met");
	assert_string_equal(((struct activity *)dataset_find(&ds, K_ACTIVITY, "A1"))->calendar, "met");
	assert_int_equal(dataset_count(&ds, K_CALENDAR), 1);
	cl = dataset_row(&ds, K_CALENDAR, 0);
	assert_string_equal(cl->code, "met");
	assert_string_equal(cl->name, "Met working week");
	assert_string_equal(cl->base, "england-and-wales");
	assert_string_equal(cl->week, "mon-fri 08:00-16:00; sat 08:00-12:00");
	assert_string_equal(cl->bank_holidays, "on");
	assert_int_equal(cl->continuous, 0);
	assert_null(cl->note);
	assert_int_equal(dataset_count(&ds, K_CALENDAR_DAY), 2);
	cd = dataset_row(&ds, K_CALENDAR_DAY, 0);
	assert_int_equal(cd->date, date_from_ymd(2018, 12, 27));
	assert_null(cd->hours);
	cd = dataset_row(&ds, K_CALENDAR_DAY, 1);
	assert_string_equal(cd->calendar, "met");
	assert_int_equal(cd->date, date_from_ymd(2018, 12, 31));
	assert_string_equal(cd->hours, "09:00-13:00");
	assert_string_equal(cd->note, "New Year's Eve");

	/* a calendar with days cannot go while they refer to it */
	assert_int_equal(store_delete(st, "OLD", K_CALENDAR, &cal, &err), -1);
	dataset_release(&ds);
	store_close(st);

	/* keys, CHECKs and foreign keys as schema-001's (a raw SQLite
	   connection checks foreign keys only when asked, as folio's does) */
	db = raw_open(t.path);
	if (test_backend() == TB_SQLITE)
		assert_int_equal(raw_exec(db, "PRAGMA foreign_keys = ON"), 0);
	assert_int_equal(raw_exec(db, "UPDATE calendar SET bank_holidays = 'yes'"), -1);
	assert_int_equal(raw_exec(db, "UPDATE calendar_day SET date = '31/12/2018'"), -1);
	assert_int_equal(raw_exec(db, "UPDATE calendar SET name = NULL"), -1);
	assert_int_equal(raw_exec(db,
		"INSERT INTO calendar (org_id, code, name) "
		"SELECT id, 'met', 'Again' FROM organisation"), -1);
	assert_int_equal(raw_exec(db,
		"INSERT INTO calendar_day (org_id, calendar_id, date) "
		"SELECT org_id, id, '2018-12-27' FROM calendar"), -1);
	assert_int_equal(raw_exec(db, "DELETE FROM calendar"), -1);
	/* the organisation's deletion takes its calendars and their days */
	assert_int_equal(raw_exec(db, "DELETE FROM activity; DELETE FROM programme; "
				  "DELETE FROM portfolio; DELETE FROM organisation"), 0);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM calendar_day"), 0);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM calendar"), 0);
	raw_close(db);

	/* opening again migrates nothing */
	st = open_ok(t.path);
	assert_int_equal(st->migrations, 0);
	store_close(st);
	tmpdb_remove(&t);
}

/* Bytes that a text round trip could bend: CRLF, UTF-8, quotes, a tab. */
static char *
snapshot_text(size_t *len, int variant)
{
	struct strbuf_like {
		char *p;
		size_t n, alloc;
	} b = { NULL, 0, 0 };
	char line[200];

	for (int i = 0; i < 2000; i++) {
		int n = snprintf(line, sizeof(line),
				 "{\"row\": %d, \"v\": %d, \"t\": \"caf\xc3\xa9 \xe2\x80\x93 \xc2\xa3 "
				 "O'Brien \\\"q\\\"\t\"}\r\n", i, variant);

		ALLOC_GROW(b.p, b.n + (size_t)n + 1, b.alloc);
		memcpy(b.p + b.n, line, (size_t)n);
		b.n += (size_t)n;
	}
	b.p[b.n] = '\0';
	*len = b.n;
	return b.p;
}

static void
test_snapshots(void **state)
{
	struct error err = ERROR_INIT;
	struct tmpdb t;
	struct store *st;
	struct chain c;
	struct raw *db;
	int32_t mar = month_from_ym(2018, 3), apr = month_from_ym(2018, 4);
	int32_t *months = NULL;
	int *revs = NULL;
	size_t n = 0, len1, len2, got_len = 0;
	char *one = snapshot_text(&len1, 1), *two = snapshot_text(&len2, 2);
	char *got = NULL, hex[65];
	unsigned char digest[32];
	int rev = 0;

	(void)state;
	tmpdb_make(&t);
	st = open_ok(t.path);
	create_ok(st, "MPS");
	create_ok(st, "GMP");
	store_set_actor(st, "cli:pmo");

	/* nothing yet */
	assert_int_equal(store_snapshot_get(st, "MPS", mar, 0, &got, &got_len,
					    &rev, &err), -1);
	assert_int_equal(err.code, ERR_NOTFOUND);
	assert_string_equal(err.msg, "organisation MPS has nothing published for 2018-03");
	assert_null(got);
	assert_int_equal(store_snapshot_put(st, "NOPE", mar, 1, one, len1, &err), -1);
	assert_int_equal(err.code, ERR_NOTFOUND);
	assert_int_equal(store_snapshot_put(st, "MPS", mar, 0, one, len1, &err), -1);
	assert_int_equal(err.code, ERR_USAGE);

	/* revision 1, byte for byte, and its audit entry */
	assert_int_equal(store_snapshot_put(st, "MPS", mar, 1, one, len1, &err), 0);
	chain_walk(st, &c, NULL);
	assert_int_equal(c.bad, 0);
	assert_string_equal(c.entity, "period");
	assert_string_equal(c.key, "2018-03");
	assert_string_equal(c.action, "publish");
	assert_true(c.field_null);
	assert_true(c.old_null);
	crypto_hash_sha256(digest, (const unsigned char *)one, len1);
	assert_string_equal(c.new_value, audit_hex(digest, hex));
	assert_int_equal(store_snapshot_get(st, "MPS", mar, 0, &got, &got_len,
					    &rev, &err), 0);
	assert_int_equal(rev, 1);
	assert_int_equal(got_len, len1);
	assert_memory_equal(got, one, len1);
	assert_int_equal(got[got_len], '\0');
	free(got);

	/* never overwritten; a correction is the next revision */
	assert_int_equal(store_snapshot_put(st, "MPS", mar, 1, two, len2, &err), -1);
	assert_int_equal(err.code, ERR_CONFLICT);
	assert_string_equal(err.msg,
			    "organisation MPS: revision 1 of 2018-03 is already published");
	assert_int_equal(store_snapshot_put(st, "MPS", mar, 2, two, len2, &err), 0);
	assert_int_equal(store_snapshot_get(st, "MPS", mar, 0, &got, &got_len,
					    &rev, &err), 0);
	assert_int_equal(rev, 2);
	assert_int_equal(got_len, len2);
	assert_memory_equal(got, two, len2);
	free(got);
	assert_int_equal(store_snapshot_get(st, "MPS", mar, 1, &got, &got_len,
					    &rev, &err), 0);
	assert_int_equal(rev, 1);
	assert_memory_equal(got, one, len1);
	free(got);
	assert_int_equal(store_snapshot_get(st, "MPS", mar, 3, &got, NULL, NULL,
					    &err), -1);
	assert_int_equal(err.code, ERR_NOTFOUND);
	/* the empty document is kept too, and organisations stay apart */
	assert_int_equal(store_snapshot_put(st, "MPS", apr, 1, "", 0, &err), 0);
	assert_int_equal(store_snapshot_get(st, "MPS", apr, 0, &got, &got_len,
					    NULL, &err), 0);
	assert_int_equal(got_len, 0);
	assert_string_equal(got, "");
	free(got);
	assert_int_equal(store_snapshot_get(st, "GMP", mar, 0, &got, NULL, NULL,
					    &err), -1);

	assert_int_equal(store_snapshot_list(st, "MPS", &months, &revs, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(months[0], mar);
	assert_int_equal(revs[0], 2);
	assert_int_equal(months[1], apr);
	assert_int_equal(revs[1], 1);
	free(months);
	free(revs);
	assert_int_equal(store_snapshot_list(st, "GMP", &months, &revs, &n, &err), 0);
	assert_int_equal(n, 0);
	free(months);
	free(revs);

	/* inside a caller's transaction a refused put undoes only itself */
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_snapshot_put(st, "GMP", mar, 1, one, len1, &err), 0);
	assert_int_equal(store_snapshot_put(st, "GMP", mar, 1, two, len2, &err), -1);
	assert_int_equal(store_commit(st, &err), 0);
	assert_int_equal(store_snapshot_get(st, "GMP", mar, 0, &got, &got_len,
					    &rev, &err), 0);
	assert_memory_equal(got, one, len1);
	free(got);
	chain_walk(st, &c, NULL);
	assert_int_equal(c.bad, 0);

	/* frozen even from the shell; gone only with the organisation */
	db = raw_open(t.path);
	assert_int_equal(raw_exec(db, "UPDATE snapshot SET json = 'x'"), -1);
	assert_non_null(strstr(db->msg, "never changed"));
	assert_int_equal(raw_exec(db, "DELETE FROM snapshot"), -1);
	assert_non_null(strstr(db->msg, "never deleted"));
	if (test_backend() == TB_PG)
		assert_int_equal(raw_exec(db, "TRUNCATE snapshot CASCADE"), -1);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM snapshot"), 4);
	assert_int_equal(store_delete_org(st, "GMP", &err), 0);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM snapshot"), 3);
	raw_close(db);

	free(one);
	free(two);
	store_close(st);
	tmpdb_remove(&t);
}

static void
test_credentials(void **state)
{
	static const char secret[] =
		"$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$SECRETHASHPART";
	struct error err = ERROR_INIT;
	struct tmpdb t;
	struct store *st;
	struct chain c;
	struct user key;
	char *hash = NULL;
	int64_t before;

	(void)state;
	tmpdb_make(&t);
	st = open_ok(t.path);
	create_ok(st, "MPS");
	store_set_actor(st, "admin");

	assert_int_equal(store_credential_get(st, "MPS", "alice", &hash, &err), -1);
	assert_int_equal(err.code, ERR_NOTFOUND);
	assert_null(hash);
	assert_int_equal(store_credential_set(st, "MPS", "zed", secret, &err), -1);
	assert_int_equal(err.code, ERR_NOTFOUND);
	assert_string_equal(err.msg, "organisation MPS has no user zed");
	assert_int_equal(store_credential_set(st, "NOPE", "alice", secret, &err), -1);
	assert_int_equal(err.code, ERR_NOTFOUND);

	chain_walk(st, &c, NULL);
	before = c.n;
	assert_int_equal(store_credential_set(st, "MPS", "alice", secret, &err), 0);
	assert_int_equal(store_credential_get(st, "MPS", "alice", &hash, &err), 0);
	assert_string_equal(hash, secret);
	free(hash);
	/* set again: replaced, audited again */
	assert_int_equal(store_credential_set(st, "MPS", "alice", "$argon2id$new",
					      &err), 0);
	assert_int_equal(store_credential_get(st, "MPS", "alice", &hash, &err), 0);
	assert_string_equal(hash, "$argon2id$new");
	free(hash);
	assert_int_equal(store_credential_get(st, "MPS", "bob", &hash, &err), -1);

	/* the log says the password changed, and never holds the hash */
	chain_walk(st, &c, "argon2id");
	assert_int_equal(c.n, before + 2);
	assert_int_equal(c.bad, 0);
	assert_int_equal(c.needle_at, 0);
	assert_string_equal(c.entity, "user");
	assert_string_equal(c.key, "alice");
	assert_string_equal(c.action, "update");
	assert_string_equal(c.field, "password");
	assert_true(c.old_null);
	assert_true(c.new_null);

	/* a user's credential goes with the user */
	record_clear(&key, entity_of(K_USER));
	key.username = "alice";
	assert_int_equal(store_delete(st, "MPS", K_USER, &key, &err), 0);
	assert_int_equal(store_credential_get(st, "MPS", "alice", &hash, &err), -1);
	assert_int_equal(err.code, ERR_NOTFOUND);

	store_close(st);
	tmpdb_remove(&t);
}

static void
test_sessions(void **state)
{
	struct error err = ERROR_INIT;
	struct store_session s = {
		.token_hash = "aa11", .org = "MPS", .username = "alice",
		.csrf = "csrf-1", .created = 1000, .last_seen = 1000,
		.expires = 1000 + 8 * 3600,
	}, other = {
		.token_hash = "bb22", .org = "MPS", .username = "bob",
		.csrf = "csrf-2", .created = 2000, .last_seen = 2000,
		.expires = 2000 + 8 * 3600,
	}, got;
	struct tmpdb t;
	struct store *st;
	struct chain c;
	int64_t before;
	int found = -1;

	(void)state;
	tmpdb_make(&t);
	st = open_ok(t.path);
	create_ok(st, "MPS");
	chain_walk(st, &c, NULL);
	before = c.n;

	assert_int_equal(store_session_get(st, "aa11", &got, &found, &err), 0);
	assert_int_equal(found, 0);
	assert_int_equal(store_session_put(st, &s, &err), 0);
	assert_int_equal(store_session_put(st, &other, &err), 0);
	assert_int_equal(store_session_put(st, &s, &err), -1);
	assert_int_equal(err.code, ERR_CONFLICT);

	assert_int_equal(store_session_get(st, "aa11", &got, &found, &err), 0);
	assert_int_equal(found, 1);
	assert_string_equal(got.token_hash, "aa11");
	assert_string_equal(got.org, "MPS");
	assert_string_equal(got.username, "alice");
	assert_string_equal(got.csrf, "csrf-1");
	assert_int_equal(got.created, 1000);
	assert_int_equal(got.last_seen, 1000);
	assert_int_equal(got.expires, 1000 + 8 * 3600);
	store_session_release(&got);

	assert_int_equal(store_session_touch(st, "aa11", 5000, &err), 0);
	assert_int_equal(store_session_get(st, "aa11", &got, &found, &err), 0);
	assert_int_equal(got.last_seen, 5000);
	assert_int_equal(got.created, 1000);
	store_session_release(&got);

	/* purge: idle since before 4000 goes (bob, last seen 2000) */
	assert_int_equal(store_session_purge(st, 6000, 4000, &err), 0);
	assert_int_equal(store_session_get(st, "bb22", &got, &found, &err), 0);
	assert_int_equal(found, 0);
	assert_int_equal(store_session_get(st, "aa11", &got, &found, &err), 0);
	assert_int_equal(found, 1);
	store_session_release(&got);
	/* purge: expired by now goes, however recently seen */
	assert_int_equal(store_session_purge(st, 1000 + 8 * 3600, 0, &err), 0);
	assert_int_equal(store_session_get(st, "aa11", &got, &found, &err), 0);
	assert_int_equal(found, 0);

	assert_int_equal(store_session_put(st, &other, &err), 0);
	assert_int_equal(store_session_delete(st, "bb22", &err), 0);
	assert_int_equal(store_session_get(st, "bb22", &got, &found, &err), 0);
	assert_int_equal(found, 0);
	assert_int_equal(store_session_delete(st, "bb22", &err), 0);

	/* a password changed: every session of alice but the one kept ends,
	   bob's and another organisation's alice's stay; then every one */
	{
		struct store_session a2 = s, a3 = s, b = other, elsewhere = s;
		const char *const keep[] = { "aa11", "bb22", "ee55" };
		const char *const gone[] = { "cc33", "dd44" };

		a2.token_hash = "cc33";
		a3.token_hash = "dd44";
		elsewhere.token_hash = "ee55";
		elsewhere.org = "OTHER";
		assert_int_equal(store_session_put(st, &s, &err), 0);
		assert_int_equal(store_session_put(st, &a2, &err), 0);
		assert_int_equal(store_session_put(st, &a3, &err), 0);
		assert_int_equal(store_session_put(st, &b, &err), 0);
		assert_int_equal(store_session_put(st, &elsewhere, &err), 0);
		assert_int_equal(store_session_end_user(st, "MPS", "alice", "aa11", &err), 0);
		for (size_t i = 0; i < 3; i++) {
			assert_int_equal(store_session_get(st, keep[i], &got, &found, &err), 0);
			assert_int_equal(found, 1);
			store_session_release(&got);
		}
		for (size_t i = 0; i < 2; i++) {
			assert_int_equal(store_session_get(st, gone[i], &got, &found, &err), 0);
			assert_int_equal(found, 0);
		}
		assert_int_equal(store_session_end_user(st, "MPS", "alice", NULL, &err), 0);
		assert_int_equal(store_session_get(st, "aa11", &got, &found, &err), 0);
		assert_int_equal(found, 0);
		assert_int_equal(store_session_get(st, "bb22", &got, &found, &err), 0);
		assert_int_equal(found, 1);
		store_session_release(&got);
	}

	/* operational data: nothing audited */
	chain_walk(st, &c, NULL);
	assert_int_equal(c.n, before);
	store_close(st);
	tmpdb_remove(&t);
}

static void
test_login_throttling(void **state)
{
	struct error err = ERROR_INIT;
	struct tmpdb t;
	struct store *st;
	struct chain c;
	struct raw *db;
	int count = -1;

	(void)state;
	tmpdb_make(&t);
	st = open_ok(t.path);

	/* 4 failures within a 300 s window */
	for (int i = 0; i < 4; i++) {
		assert_int_equal(store_login_failure(st, "MPS/alice", 1000 + 10 * i,
						     300, &count, &err), 0);
		assert_int_equal(count, i + 1);
	}
	/* another key counts apart */
	assert_int_equal(store_login_failure(st, "10.0.0.1", 1030, 300, &count,
					     &err), 0);
	assert_int_equal(count, 1);
	/*
	 * at 1310 the window starts at 1010 (inclusive): the failure at 1000
	 * is outside, 1010 on the edge counts
	 */
	assert_int_equal(store_login_failure(st, "MPS/alice", 1310, 300, &count,
					     &err), 0);
	assert_int_equal(count, 4);	/* 1010, 1020, 1030, 1310 */
	assert_int_equal(store_login_failure(st, "MPS/alice", 1321, 300, &count,
					     &err), 0);
	assert_int_equal(count, 3);	/* 1030, 1310, 1321 */
	/* long after, only this one */
	assert_int_equal(store_login_failure(st, "MPS/alice", 5000, 300, &count,
					     &err), 0);
	assert_int_equal(count, 1);
	/* old rows were forgotten as we went */
	db = raw_open(t.path);
	assert_int_equal(raw_int(db,
		"SELECT count(*) FROM login_failure WHERE key = 'MPS/alice'"), 1);

	assert_int_equal(store_login_reset(st, "MPS/alice", &err), 0);
	assert_int_equal(store_login_failure(st, "MPS/alice", 5001, 300, &count,
					     &err), 0);
	assert_int_equal(count, 1);
	assert_int_equal(store_login_failure(st, "10.0.0.1", 1040, 300, &count,
					     &err), 0);
	assert_int_equal(count, 2);
	assert_int_equal(store_login_failure(st, "", 1, 300, &count, &err), -1);
	assert_int_equal(err.code, ERR_USAGE);
	raw_close(db);

	chain_walk(st, &c, NULL);
	assert_int_equal(c.n, 0);
	store_close(st);
	tmpdb_remove(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_migrate_from_v1),
		cmocka_unit_test(test_migrate_from_v2),
		cmocka_unit_test(test_migrate_from_v3),
		cmocka_unit_test(test_snapshots),
		cmocka_unit_test(test_credentials),
		cmocka_unit_test(test_sessions),
		cmocka_unit_test(test_login_throttling),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
