-- records.sql - every statement folio's PostgreSQL store runs on records,
-- the audit log and transactions, by name.
--
-- The PostgreSQL twin of data/sql/sqlite/records.sql: the same names, the
-- same parameters in the same order ($1, $2.. where SQLite has ?1, ?2..),
-- the same columns. src/store/pg/pg.c reads this file at open: a line
-- "-- name: <name>" starts a statement, which runs to the next such line;
-- other lines starting with "--" are comments and dropped. Every value is
-- bound as a parameter; no SQL is ever assembled from data.
--
-- The tx.* statements take no parameters and are sent as they stand
-- (PostgreSQL's simple query protocol), so one of them may hold several
-- statements. Every other statement is one statement, prepared once per
-- connection (PQprepare) and run with PQexecPrepared. Record statements
-- are prepared with their parameter types taken from the descriptors:
-- $1 bigint, then per field text (text, enums, references, dates,
-- months), bigint (int, money), double precision (real) or boolean.
--
-- Per kind of record (<kind> is the entity name of src/model/schema.c),
-- the verbs insert, update, delete, get, load and, for kinds that others
-- refer to, id. Their parameters follow one convention so a single binder
-- serves every kind:
--   $1        the organisation's row id
--   $2, $3..  the kind's fields in descriptor order (get and delete use
--             only the key fields, which come first)
-- References arrive as codes and are turned into row ids by subselect
-- within the organisation; get and load turn them back, and return the
-- fields as columns in descriptor order, named as the fields. Where SQLite
-- asks for the last insert's row id, insert here ends RETURNING id (one
-- column). A kind whose fields are all key fields has no update.
-- tests/unit/test-store.c checks every statement's parameters and columns
-- against the descriptors on both backends.
--
-- An organisation's own statements take its row id as $1 too (unused by
-- insert and id, which do not know it yet).

-- connection and schema ------------------------------------------------

-- The version table is made by schema-001.sql: until then there is none,
-- and the version is 0.
-- name: schema.exists
SELECT to_regclass('folio_meta') IS NOT NULL;

-- name: schema.version
SELECT version FROM folio_meta;

-- One snapshot for every table a load reads, as SQLite's read transaction
-- gives.
-- name: tx.begin_read
BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY;

-- The store's write lock. SQLite's BEGIN IMMEDIATE locks the whole
-- database file; here every write transaction first takes one
-- transaction-level advisory lock (the key is "folio" in ASCII), so write
-- transactions from every folio server on this database run one at a
-- time, and the audit head read inside one stays the head until commit.
-- Readers are not blocked. The lock goes with the transaction.
-- connect.sql's lock_timeout bounds the wait.
-- name: tx.begin_write
BEGIN ISOLATION LEVEL READ COMMITTED, READ WRITE;
SELECT pg_advisory_xact_lock(439956040047);

-- name: tx.commit
COMMIT;

-- name: tx.rollback
ROLLBACK;

-- Each store operation inside a caller's transaction runs under a
-- savepoint, so a failing one leaves the transaction as it was before it.
-- name: tx.savepoint
SAVEPOINT folio_op;

-- name: tx.release
RELEASE SAVEPOINT folio_op;

-- ROLLBACK TO keeps the savepoint open: release it in the same breath.
-- name: tx.rollback_to
ROLLBACK TO SAVEPOINT folio_op;
RELEASE SAVEPOINT folio_op;

-- organisations and the audit log --------------------------------------

-- Byte order, as SQLite's BINARY collation, whatever the database's.
-- name: organisation.codes
SELECT code FROM organisation ORDER BY code COLLATE "C";

-- name: audit.head
SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1;

-- name: audit.append
INSERT INTO audit (seq, at, actor, org, entity, "key", "action", field,
	old_value, new_value, prev_hash, hash)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12);

-- The log is read a page at a time ($1 from, $2 the last seq to read, $3
-- the page size), so that a long log is never held in memory whole and the
-- caller's callback may use the connection between pages.
-- name: audit.each
SELECT seq, at, actor, org, entity, "key", "action", field, old_value,
	new_value, prev_hash, hash
FROM audit WHERE seq >= $1 AND seq <= $2 ORDER BY seq LIMIT $3;

-- organisation --------------------------------------------------------

-- name: organisation.insert
INSERT INTO organisation (code, name, dca_scale, oversight_board,
	description, calendar)
VALUES ($2, $3, $4, $5, $6, $7)
RETURNING id;

-- name: organisation.update
UPDATE organisation SET
	name = $3,
	dca_scale = $4,
	oversight_board = $5,
	description = $6,
	calendar = $7
WHERE id = $1 AND code = $2;

-- name: organisation.delete
DELETE FROM organisation
WHERE id = $1 AND code = $2;

-- name: organisation.get
SELECT
	t.code,
	t.name,
	t.dca_scale,
	t.oversight_board,
	t.description,
	t.calendar
FROM organisation AS t
WHERE t.id = $1 AND t.code = $2;

-- name: organisation.load
SELECT
	t.code,
	t.name,
	t.dca_scale,
	t.oversight_board,
	t.description,
	t.calendar
FROM organisation AS t
WHERE t.id = $1;

-- name: organisation.id
SELECT id FROM organisation WHERE code = $2;

-- user --------------------------------------------------------

-- name: user.insert
INSERT INTO "user" (org_id, username, name, email, role, clearance, active)
VALUES ($1, $2, $3, $4, $5, $6, $7)
RETURNING id;

-- name: user.update
UPDATE "user" SET
	name = $3,
	email = $4,
	role = $5,
	clearance = $6,
	active = $7
WHERE org_id = $1
	AND username = $2;

-- name: user.delete
DELETE FROM "user"
WHERE org_id = $1
	AND username = $2;

-- name: user.get
SELECT
	t.username,
	t.name,
	t.email,
	t.role,
	t.clearance,
	t.active
FROM "user" AS t
WHERE t.org_id = $1
	AND t.username = $2;

-- name: user.load
SELECT
	t.username,
	t.name,
	t.email,
	t.role,
	t.clearance,
	t.active
FROM "user" AS t
WHERE t.org_id = $1;

-- name: user.id
SELECT id FROM "user" WHERE org_id = $1 AND username = $2;

-- portfolio --------------------------------------------------------

-- name: portfolio.insert
INSERT INTO portfolio (org_id, code, name, owner, directorate, board,
	description, marking)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
RETURNING id;

-- name: portfolio.update
UPDATE portfolio SET
	name = $3,
	owner = $4,
	directorate = $5,
	board = $6,
	description = $7,
	marking = $8
WHERE org_id = $1
	AND code = $2;

-- name: portfolio.delete
DELETE FROM portfolio
WHERE org_id = $1
	AND code = $2;

-- name: portfolio.get
SELECT
	t.code,
	t.name,
	t.owner,
	t.directorate,
	t.board,
	t.description,
	t.marking
FROM portfolio AS t
WHERE t.org_id = $1
	AND t.code = $2;

-- name: portfolio.load
SELECT
	t.code,
	t.name,
	t.owner,
	t.directorate,
	t.board,
	t.description,
	t.marking
FROM portfolio AS t
WHERE t.org_id = $1;

-- name: portfolio.id
SELECT id FROM portfolio WHERE org_id = $1 AND code = $2;

-- programme --------------------------------------------------------

-- name: programme.insert
INSERT INTO programme (org_id, code, portfolio_id, name, description, sro,
	manager, board, lifecycle, start_date, end_date, whole_life_cost,
	outcome, marking, assumption)
VALUES ($1, $2, (SELECT id FROM portfolio WHERE org_id = $1 AND code = $3),
	$4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
RETURNING id;

-- name: programme.update
UPDATE programme SET
	portfolio_id = (SELECT id FROM portfolio WHERE org_id = $1 AND code = $3),
	name = $4,
	description = $5,
	sro = $6,
	manager = $7,
	board = $8,
	lifecycle = $9,
	start_date = $10,
	end_date = $11,
	whole_life_cost = $12,
	outcome = $13,
	marking = $14,
	assumption = $15
WHERE org_id = $1
	AND code = $2;

-- name: programme.delete
DELETE FROM programme
WHERE org_id = $1
	AND code = $2;

-- name: programme.get
SELECT
	t.code,
	(SELECT code FROM portfolio WHERE id = t.portfolio_id) AS portfolio,
	t.name,
	t.description,
	t.sro,
	t.manager,
	t.board,
	t.lifecycle,
	t.start_date,
	t.end_date,
	t.whole_life_cost,
	t.outcome,
	t.marking,
	t.assumption
FROM programme AS t
WHERE t.org_id = $1
	AND t.code = $2;

-- name: programme.load
SELECT
	t.code,
	(SELECT code FROM portfolio WHERE id = t.portfolio_id) AS portfolio,
	t.name,
	t.description,
	t.sro,
	t.manager,
	t.board,
	t.lifecycle,
	t.start_date,
	t.end_date,
	t.whole_life_cost,
	t.outcome,
	t.marking,
	t.assumption
FROM programme AS t
WHERE t.org_id = $1;

-- name: programme.id
SELECT id FROM programme WHERE org_id = $1 AND code = $2;

-- project --------------------------------------------------------

-- name: project.insert
INSERT INTO project (org_id, code, programme_id, name, description, manager,
	lifecycle, start_date, end_date, whole_life_cost, outcome, marking,
	assumption)
VALUES ($1, $2, (SELECT id FROM programme WHERE org_id = $1 AND code = $3),
	$4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
RETURNING id;

-- name: project.update
UPDATE project SET
	programme_id = (SELECT id FROM programme WHERE org_id = $1 AND code = $3),
	name = $4,
	description = $5,
	manager = $6,
	lifecycle = $7,
	start_date = $8,
	end_date = $9,
	whole_life_cost = $10,
	outcome = $11,
	marking = $12,
	assumption = $13
WHERE org_id = $1
	AND code = $2;

-- name: project.delete
DELETE FROM project
WHERE org_id = $1
	AND code = $2;

-- name: project.get
SELECT
	t.code,
	(SELECT code FROM programme WHERE id = t.programme_id) AS programme,
	t.name,
	t.description,
	t.manager,
	t.lifecycle,
	t.start_date,
	t.end_date,
	t.whole_life_cost,
	t.outcome,
	t.marking,
	t.assumption
FROM project AS t
WHERE t.org_id = $1
	AND t.code = $2;

-- name: project.load
SELECT
	t.code,
	(SELECT code FROM programme WHERE id = t.programme_id) AS programme,
	t.name,
	t.description,
	t.manager,
	t.lifecycle,
	t.start_date,
	t.end_date,
	t.whole_life_cost,
	t.outcome,
	t.marking,
	t.assumption
FROM project AS t
WHERE t.org_id = $1;

-- name: project.id
SELECT id FROM project WHERE org_id = $1 AND code = $2;

-- user_scope --------------------------------------------------------

-- name: user_scope.insert
INSERT INTO user_scope (org_id, user_id, programme_id)
VALUES ($1, (SELECT id FROM "user" WHERE org_id = $1 AND username = $2),
	(SELECT id FROM programme WHERE org_id = $1 AND code = $3))
RETURNING id;

-- name: user_scope.delete
DELETE FROM user_scope
WHERE org_id = $1
	AND user_id = (SELECT id FROM "user" WHERE org_id = $1 AND username = $2)
	AND programme_id = (SELECT id FROM programme WHERE org_id = $1 AND code = $3);

-- name: user_scope.get
SELECT
	(SELECT username FROM "user" WHERE id = t.user_id) AS "user",
	(SELECT code FROM programme WHERE id = t.programme_id) AS programme
FROM user_scope AS t
WHERE t.org_id = $1
	AND t.user_id = (SELECT id FROM "user" WHERE org_id = $1 AND username = $2)
	AND t.programme_id = (SELECT id FROM programme WHERE org_id = $1 AND code = $3);

-- name: user_scope.load
SELECT
	(SELECT username FROM "user" WHERE id = t.user_id) AS "user",
	(SELECT code FROM programme WHERE id = t.programme_id) AS programme
FROM user_scope AS t
WHERE t.org_id = $1;

-- period --------------------------------------------------------

-- name: period.insert
INSERT INTO period (org_id, month, state, published_by, published_at)
VALUES ($1, $2, $3, $4, $5)
RETURNING id;

-- name: period.update
UPDATE period SET
	state = $3,
	published_by = $4,
	published_at = $5
WHERE org_id = $1
	AND month = $2;

-- name: period.delete
DELETE FROM period
WHERE org_id = $1
	AND month = $2;

-- name: period.get
SELECT
	t.month,
	t.state,
	t.published_by,
	t.published_at
FROM period AS t
WHERE t.org_id = $1
	AND t.month = $2;

-- name: period.load
SELECT
	t.month,
	t.state,
	t.published_by,
	t.published_at
FROM period AS t
WHERE t.org_id = $1;

-- dca --------------------------------------------------------

-- name: dca.insert
INSERT INTO dca (org_id, programme_id, project_id, assessed_on, assessor,
	rating, note, assumption)
VALUES ($1, (SELECT id FROM programme WHERE org_id = $1 AND code = $2),
	(SELECT id FROM project WHERE org_id = $1 AND code = $3), $4, $5, $6,
	$7, $8)
RETURNING id;

-- name: dca.update
UPDATE dca SET
	rating = $6,
	note = $7,
	assumption = $8
WHERE org_id = $1
	AND programme_id = (SELECT id FROM programme WHERE org_id = $1 AND code = $2)
	AND (($3 IS NULL AND project_id IS NULL) OR project_id = (SELECT id FROM project WHERE org_id = $1 AND code = $3))
	AND assessed_on = $4
	AND assessor = $5;

-- name: dca.delete
DELETE FROM dca
WHERE org_id = $1
	AND programme_id = (SELECT id FROM programme WHERE org_id = $1 AND code = $2)
	AND (($3 IS NULL AND project_id IS NULL) OR project_id = (SELECT id FROM project WHERE org_id = $1 AND code = $3))
	AND assessed_on = $4
	AND assessor = $5;

-- name: dca.get
SELECT
	(SELECT code FROM programme WHERE id = t.programme_id) AS programme,
	(SELECT code FROM project WHERE id = t.project_id) AS project,
	t.assessed_on,
	t.assessor,
	t.rating,
	t.note,
	t.assumption
FROM dca AS t
WHERE t.org_id = $1
	AND t.programme_id = (SELECT id FROM programme WHERE org_id = $1 AND code = $2)
	AND (($3 IS NULL AND t.project_id IS NULL) OR t.project_id = (SELECT id FROM project WHERE org_id = $1 AND code = $3))
	AND t.assessed_on = $4
	AND t.assessor = $5;

-- name: dca.load
SELECT
	(SELECT code FROM programme WHERE id = t.programme_id) AS programme,
	(SELECT code FROM project WHERE id = t.project_id) AS project,
	t.assessed_on,
	t.assessor,
	t.rating,
	t.note,
	t.assumption
FROM dca AS t
WHERE t.org_id = $1;

-- return --------------------------------------------------------

-- name: return.insert
INSERT INTO return (org_id, programme_id, period, version, status, dca,
	sro_dca, headline, commentary, achievements, next_period,
	spend_to_date, forecast, submitted_by, submitted_at, reviewed_by,
	reviewed_at, assumption)
VALUES ($1, (SELECT id FROM programme WHERE org_id = $1 AND code = $2), $3,
	$4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
RETURNING id;

-- name: return.update
UPDATE return SET
	status = $5,
	dca = $6,
	sro_dca = $7,
	headline = $8,
	commentary = $9,
	achievements = $10,
	next_period = $11,
	spend_to_date = $12,
	forecast = $13,
	submitted_by = $14,
	submitted_at = $15,
	reviewed_by = $16,
	reviewed_at = $17,
	assumption = $18
WHERE org_id = $1
	AND programme_id = (SELECT id FROM programme WHERE org_id = $1 AND code = $2)
	AND period = $3
	AND version = $4;

-- name: return.delete
DELETE FROM return
WHERE org_id = $1
	AND programme_id = (SELECT id FROM programme WHERE org_id = $1 AND code = $2)
	AND period = $3
	AND version = $4;

-- name: return.get
SELECT
	(SELECT code FROM programme WHERE id = t.programme_id) AS programme,
	t.period,
	t.version,
	t.status,
	t.dca,
	t.sro_dca,
	t.headline,
	t.commentary,
	t.achievements,
	t.next_period,
	t.spend_to_date,
	t.forecast,
	t.submitted_by,
	t.submitted_at,
	t.reviewed_by,
	t.reviewed_at,
	t.assumption
FROM return AS t
WHERE t.org_id = $1
	AND t.programme_id = (SELECT id FROM programme WHERE org_id = $1 AND code = $2)
	AND t.period = $3
	AND t.version = $4;

-- name: return.load
SELECT
	(SELECT code FROM programme WHERE id = t.programme_id) AS programme,
	t.period,
	t.version,
	t.status,
	t.dca,
	t.sro_dca,
	t.headline,
	t.commentary,
	t.achievements,
	t.next_period,
	t.spend_to_date,
	t.forecast,
	t.submitted_by,
	t.submitted_at,
	t.reviewed_by,
	t.reviewed_at,
	t.assumption
FROM return AS t
WHERE t.org_id = $1;

-- milestone --------------------------------------------------------

-- name: milestone.insert
INSERT INTO milestone (org_id, code, programme_id, project_id, name,
	description, owner, "key", baseline_date, forecast_date, actual_date,
	marking, assumption)
VALUES ($1, $2, (SELECT id FROM programme WHERE org_id = $1 AND code = $3),
	(SELECT id FROM project WHERE org_id = $1 AND code = $4), $5, $6, $7,
	$8, $9, $10, $11, $12, $13)
RETURNING id;

-- name: milestone.update
UPDATE milestone SET
	programme_id = (SELECT id FROM programme WHERE org_id = $1 AND code = $3),
	project_id = (SELECT id FROM project WHERE org_id = $1 AND code = $4),
	name = $5,
	description = $6,
	owner = $7,
	"key" = $8,
	baseline_date = $9,
	forecast_date = $10,
	actual_date = $11,
	marking = $12,
	assumption = $13
WHERE org_id = $1
	AND code = $2;

-- name: milestone.delete
DELETE FROM milestone
WHERE org_id = $1
	AND code = $2;

-- name: milestone.get
SELECT
	t.code,
	(SELECT code FROM programme WHERE id = t.programme_id) AS programme,
	(SELECT code FROM project WHERE id = t.project_id) AS project,
	t.name,
	t.description,
	t.owner,
	t."key",
	t.baseline_date,
	t.forecast_date,
	t.actual_date,
	t.marking,
	t.assumption
FROM milestone AS t
WHERE t.org_id = $1
	AND t.code = $2;

-- name: milestone.load
SELECT
	t.code,
	(SELECT code FROM programme WHERE id = t.programme_id) AS programme,
	(SELECT code FROM project WHERE id = t.project_id) AS project,
	t.name,
	t.description,
	t.owner,
	t."key",
	t.baseline_date,
	t.forecast_date,
	t.actual_date,
	t.marking,
	t.assumption
FROM milestone AS t
WHERE t.org_id = $1;

-- name: milestone.id
SELECT id FROM milestone WHERE org_id = $1 AND code = $2;

-- milestone_forecast --------------------------------------------------------

-- name: milestone_forecast.insert
INSERT INTO milestone_forecast (org_id, milestone_id, period, forecast_date,
	actual_date)
VALUES ($1, (SELECT id FROM milestone WHERE org_id = $1 AND code = $2), $3,
	$4, $5)
RETURNING id;

-- name: milestone_forecast.update
UPDATE milestone_forecast SET
	forecast_date = $4,
	actual_date = $5
WHERE org_id = $1
	AND milestone_id = (SELECT id FROM milestone WHERE org_id = $1 AND code = $2)
	AND period = $3;

-- name: milestone_forecast.delete
DELETE FROM milestone_forecast
WHERE org_id = $1
	AND milestone_id = (SELECT id FROM milestone WHERE org_id = $1 AND code = $2)
	AND period = $3;

-- name: milestone_forecast.get
SELECT
	(SELECT code FROM milestone WHERE id = t.milestone_id) AS milestone,
	t.period,
	t.forecast_date,
	t.actual_date
FROM milestone_forecast AS t
WHERE t.org_id = $1
	AND t.milestone_id = (SELECT id FROM milestone WHERE org_id = $1 AND code = $2)
	AND t.period = $3;

-- name: milestone_forecast.load
SELECT
	(SELECT code FROM milestone WHERE id = t.milestone_id) AS milestone,
	t.period,
	t.forecast_date,
	t.actual_date
FROM milestone_forecast AS t
WHERE t.org_id = $1;

-- calendar --------------------------------------------------------

-- name: calendar.insert
INSERT INTO calendar (org_id, code, name, base, week, bank_holidays,
	continuous, note)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
RETURNING id;

-- name: calendar.update
UPDATE calendar SET
	name = $3,
	base = $4,
	week = $5,
	bank_holidays = $6,
	continuous = $7,
	note = $8
WHERE org_id = $1
	AND code = $2;

-- name: calendar.delete
DELETE FROM calendar
WHERE org_id = $1
	AND code = $2;

-- name: calendar.get
SELECT
	t.code,
	t.name,
	t.base,
	t.week,
	t.bank_holidays,
	t.continuous,
	t.note
FROM calendar AS t
WHERE t.org_id = $1
	AND t.code = $2;

-- name: calendar.load
SELECT
	t.code,
	t.name,
	t.base,
	t.week,
	t.bank_holidays,
	t.continuous,
	t.note
FROM calendar AS t
WHERE t.org_id = $1;

-- name: calendar.id
SELECT id FROM calendar WHERE org_id = $1 AND code = $2;

-- calendar_day --------------------------------------------------------

-- name: calendar_day.insert
INSERT INTO calendar_day (org_id, calendar_id, date, hours, note)
VALUES ($1, (SELECT id FROM calendar WHERE org_id = $1 AND code = $2), $3,
	$4, $5)
RETURNING id;

-- name: calendar_day.update
UPDATE calendar_day SET
	hours = $4,
	note = $5
WHERE org_id = $1
	AND calendar_id = (SELECT id FROM calendar WHERE org_id = $1 AND code = $2)
	AND date = $3;

-- name: calendar_day.delete
DELETE FROM calendar_day
WHERE org_id = $1
	AND calendar_id = (SELECT id FROM calendar WHERE org_id = $1 AND code = $2)
	AND date = $3;

-- name: calendar_day.get
SELECT
	(SELECT code FROM calendar WHERE id = t.calendar_id) AS calendar,
	t.date,
	t.hours,
	t.note
FROM calendar_day AS t
WHERE t.org_id = $1
	AND t.calendar_id = (SELECT id FROM calendar WHERE org_id = $1 AND code = $2)
	AND t.date = $3;

-- name: calendar_day.load
SELECT
	(SELECT code FROM calendar WHERE id = t.calendar_id) AS calendar,
	t.date,
	t.hours,
	t.note
FROM calendar_day AS t
WHERE t.org_id = $1;

-- activity --------------------------------------------------------

-- name: activity.insert
INSERT INTO activity (org_id, code, programme_id, name, type, milestone_id,
	duration_days, optimistic_days, likely_days, pessimistic_days,
	calendar, constraint_type, constraint_date, actual_start,
	actual_finish, assumption)
VALUES ($1, $2, (SELECT id FROM programme WHERE org_id = $1 AND code = $3),
	$4, $5, (SELECT id FROM milestone WHERE org_id = $1 AND code = $6),
	$7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
RETURNING id;

-- name: activity.update
UPDATE activity SET
	programme_id = (SELECT id FROM programme WHERE org_id = $1 AND code = $3),
	name = $4,
	type = $5,
	milestone_id = (SELECT id FROM milestone WHERE org_id = $1 AND code = $6),
	duration_days = $7,
	optimistic_days = $8,
	likely_days = $9,
	pessimistic_days = $10,
	calendar = $11,
	constraint_type = $12,
	constraint_date = $13,
	actual_start = $14,
	actual_finish = $15,
	assumption = $16
WHERE org_id = $1
	AND code = $2;

-- name: activity.delete
DELETE FROM activity
WHERE org_id = $1
	AND code = $2;

-- name: activity.get
SELECT
	t.code,
	(SELECT code FROM programme WHERE id = t.programme_id) AS programme,
	t.name,
	t.type,
	(SELECT code FROM milestone WHERE id = t.milestone_id) AS milestone,
	t.duration_days,
	t.optimistic_days,
	t.likely_days,
	t.pessimistic_days,
	t.calendar,
	t.constraint_type,
	t.constraint_date,
	t.actual_start,
	t.actual_finish,
	t.assumption
FROM activity AS t
WHERE t.org_id = $1
	AND t.code = $2;

-- name: activity.load
SELECT
	t.code,
	(SELECT code FROM programme WHERE id = t.programme_id) AS programme,
	t.name,
	t.type,
	(SELECT code FROM milestone WHERE id = t.milestone_id) AS milestone,
	t.duration_days,
	t.optimistic_days,
	t.likely_days,
	t.pessimistic_days,
	t.calendar,
	t.constraint_type,
	t.constraint_date,
	t.actual_start,
	t.actual_finish,
	t.assumption
FROM activity AS t
WHERE t.org_id = $1;

-- name: activity.id
SELECT id FROM activity WHERE org_id = $1 AND code = $2;

-- dependency --------------------------------------------------------

-- name: dependency.insert
INSERT INTO dependency (org_id, predecessor_id, successor_id, type, lag_days,
	note)
VALUES ($1, (SELECT id FROM activity WHERE org_id = $1 AND code = $2),
	(SELECT id FROM activity WHERE org_id = $1 AND code = $3), $4, $5,
	$6)
RETURNING id;

-- name: dependency.update
UPDATE dependency SET
	type = $4,
	lag_days = $5,
	note = $6
WHERE org_id = $1
	AND predecessor_id = (SELECT id FROM activity WHERE org_id = $1 AND code = $2)
	AND successor_id = (SELECT id FROM activity WHERE org_id = $1 AND code = $3);

-- name: dependency.delete
DELETE FROM dependency
WHERE org_id = $1
	AND predecessor_id = (SELECT id FROM activity WHERE org_id = $1 AND code = $2)
	AND successor_id = (SELECT id FROM activity WHERE org_id = $1 AND code = $3);

-- name: dependency.get
SELECT
	(SELECT code FROM activity WHERE id = t.predecessor_id) AS predecessor,
	(SELECT code FROM activity WHERE id = t.successor_id) AS successor,
	t.type,
	t.lag_days,
	t.note
FROM dependency AS t
WHERE t.org_id = $1
	AND t.predecessor_id = (SELECT id FROM activity WHERE org_id = $1 AND code = $2)
	AND t.successor_id = (SELECT id FROM activity WHERE org_id = $1 AND code = $3);

-- name: dependency.load
SELECT
	(SELECT code FROM activity WHERE id = t.predecessor_id) AS predecessor,
	(SELECT code FROM activity WHERE id = t.successor_id) AS successor,
	t.type,
	t.lag_days,
	t.note
FROM dependency AS t
WHERE t.org_id = $1;

-- risk --------------------------------------------------------

-- name: risk.insert
INSERT INTO risk (org_id, code, level, programme_id, project_id, title,
	cause, event, effect, owner, category, inherent_likelihood,
	inherent_impact, current_likelihood, current_impact,
	target_likelihood, target_impact, proximity, schedule_impact_days,
	activity_id, response, status, raised, marking, assumption)
VALUES ($1, $2, $3,
	(SELECT id FROM programme WHERE org_id = $1 AND code = $4),
	(SELECT id FROM project WHERE org_id = $1 AND code = $5), $6, $7, $8,
	$9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
	(SELECT id FROM activity WHERE org_id = $1 AND code = $20), $21, $22,
	$23, $24, $25)
RETURNING id;

-- name: risk.update
UPDATE risk SET
	level = $3,
	programme_id = (SELECT id FROM programme WHERE org_id = $1 AND code = $4),
	project_id = (SELECT id FROM project WHERE org_id = $1 AND code = $5),
	title = $6,
	cause = $7,
	event = $8,
	effect = $9,
	owner = $10,
	category = $11,
	inherent_likelihood = $12,
	inherent_impact = $13,
	current_likelihood = $14,
	current_impact = $15,
	target_likelihood = $16,
	target_impact = $17,
	proximity = $18,
	schedule_impact_days = $19,
	activity_id = (SELECT id FROM activity WHERE org_id = $1 AND code = $20),
	response = $21,
	status = $22,
	raised = $23,
	marking = $24,
	assumption = $25
WHERE org_id = $1
	AND code = $2;

-- name: risk.delete
DELETE FROM risk
WHERE org_id = $1
	AND code = $2;

-- name: risk.get
SELECT
	t.code,
	t.level,
	(SELECT code FROM programme WHERE id = t.programme_id) AS programme,
	(SELECT code FROM project WHERE id = t.project_id) AS project,
	t.title,
	t.cause,
	t.event,
	t.effect,
	t.owner,
	t.category,
	t.inherent_likelihood,
	t.inherent_impact,
	t.current_likelihood,
	t.current_impact,
	t.target_likelihood,
	t.target_impact,
	t.proximity,
	t.schedule_impact_days,
	(SELECT code FROM activity WHERE id = t.activity_id) AS activity,
	t.response,
	t.status,
	t.raised,
	t.marking,
	t.assumption
FROM risk AS t
WHERE t.org_id = $1
	AND t.code = $2;

-- name: risk.load
SELECT
	t.code,
	t.level,
	(SELECT code FROM programme WHERE id = t.programme_id) AS programme,
	(SELECT code FROM project WHERE id = t.project_id) AS project,
	t.title,
	t.cause,
	t.event,
	t.effect,
	t.owner,
	t.category,
	t.inherent_likelihood,
	t.inherent_impact,
	t.current_likelihood,
	t.current_impact,
	t.target_likelihood,
	t.target_impact,
	t.proximity,
	t.schedule_impact_days,
	(SELECT code FROM activity WHERE id = t.activity_id) AS activity,
	t.response,
	t.status,
	t.raised,
	t.marking,
	t.assumption
FROM risk AS t
WHERE t.org_id = $1;

-- name: risk.id
SELECT id FROM risk WHERE org_id = $1 AND code = $2;

-- risk_score --------------------------------------------------------

-- name: risk_score.insert
INSERT INTO risk_score (org_id, risk_id, period, likelihood, impact, status,
	note)
VALUES ($1, (SELECT id FROM risk WHERE org_id = $1 AND code = $2), $3, $4,
	$5, $6, $7)
RETURNING id;

-- name: risk_score.update
UPDATE risk_score SET
	likelihood = $4,
	impact = $5,
	status = $6,
	note = $7
WHERE org_id = $1
	AND risk_id = (SELECT id FROM risk WHERE org_id = $1 AND code = $2)
	AND period = $3;

-- name: risk_score.delete
DELETE FROM risk_score
WHERE org_id = $1
	AND risk_id = (SELECT id FROM risk WHERE org_id = $1 AND code = $2)
	AND period = $3;

-- name: risk_score.get
SELECT
	(SELECT code FROM risk WHERE id = t.risk_id) AS risk,
	t.period,
	t.likelihood,
	t.impact,
	t.status,
	t.note
FROM risk_score AS t
WHERE t.org_id = $1
	AND t.risk_id = (SELECT id FROM risk WHERE org_id = $1 AND code = $2)
	AND t.period = $3;

-- name: risk_score.load
SELECT
	(SELECT code FROM risk WHERE id = t.risk_id) AS risk,
	t.period,
	t.likelihood,
	t.impact,
	t.status,
	t.note
FROM risk_score AS t
WHERE t.org_id = $1;

-- risk_action --------------------------------------------------------

-- name: risk_action.insert
INSERT INTO risk_action (org_id, risk_id, seq, "action", owner, due, done)
VALUES ($1, (SELECT id FROM risk WHERE org_id = $1 AND code = $2), $3, $4,
	$5, $6, $7)
RETURNING id;

-- name: risk_action.update
UPDATE risk_action SET
	"action" = $4,
	owner = $5,
	due = $6,
	done = $7
WHERE org_id = $1
	AND risk_id = (SELECT id FROM risk WHERE org_id = $1 AND code = $2)
	AND seq = $3;

-- name: risk_action.delete
DELETE FROM risk_action
WHERE org_id = $1
	AND risk_id = (SELECT id FROM risk WHERE org_id = $1 AND code = $2)
	AND seq = $3;

-- name: risk_action.get
SELECT
	(SELECT code FROM risk WHERE id = t.risk_id) AS risk,
	t.seq,
	t."action",
	t.owner,
	t.due,
	t.done
FROM risk_action AS t
WHERE t.org_id = $1
	AND t.risk_id = (SELECT id FROM risk WHERE org_id = $1 AND code = $2)
	AND t.seq = $3;

-- name: risk_action.load
SELECT
	(SELECT code FROM risk WHERE id = t.risk_id) AS risk,
	t.seq,
	t."action",
	t.owner,
	t.due,
	t.done
FROM risk_action AS t
WHERE t.org_id = $1;

-- risk_link --------------------------------------------------------

-- name: risk_link.insert
INSERT INTO risk_link (org_id, portfolio_risk_id, risk_id)
VALUES ($1, (SELECT id FROM risk WHERE org_id = $1 AND code = $2),
	(SELECT id FROM risk WHERE org_id = $1 AND code = $3))
RETURNING id;

-- name: risk_link.delete
DELETE FROM risk_link
WHERE org_id = $1
	AND portfolio_risk_id = (SELECT id FROM risk WHERE org_id = $1 AND code = $2)
	AND risk_id = (SELECT id FROM risk WHERE org_id = $1 AND code = $3);

-- name: risk_link.get
SELECT
	(SELECT code FROM risk WHERE id = t.portfolio_risk_id) AS portfolio_risk,
	(SELECT code FROM risk WHERE id = t.risk_id) AS risk
FROM risk_link AS t
WHERE t.org_id = $1
	AND t.portfolio_risk_id = (SELECT id FROM risk WHERE org_id = $1 AND code = $2)
	AND t.risk_id = (SELECT id FROM risk WHERE org_id = $1 AND code = $3);

-- name: risk_link.load
SELECT
	(SELECT code FROM risk WHERE id = t.portfolio_risk_id) AS portfolio_risk,
	(SELECT code FROM risk WHERE id = t.risk_id) AS risk
FROM risk_link AS t
WHERE t.org_id = $1;

-- issue --------------------------------------------------------

-- name: issue.insert
INSERT INTO issue (org_id, code, level, programme_id, project_id, title,
	description, severity, dimension, owner, raised, status, resolution,
	resolved, marking, assumption)
VALUES ($1, $2, $3,
	(SELECT id FROM programme WHERE org_id = $1 AND code = $4),
	(SELECT id FROM project WHERE org_id = $1 AND code = $5), $6, $7, $8,
	$9, $10, $11, $12, $13, $14, $15, $16)
RETURNING id;

-- name: issue.update
UPDATE issue SET
	level = $3,
	programme_id = (SELECT id FROM programme WHERE org_id = $1 AND code = $4),
	project_id = (SELECT id FROM project WHERE org_id = $1 AND code = $5),
	title = $6,
	description = $7,
	severity = $8,
	dimension = $9,
	owner = $10,
	raised = $11,
	status = $12,
	resolution = $13,
	resolved = $14,
	marking = $15,
	assumption = $16
WHERE org_id = $1
	AND code = $2;

-- name: issue.delete
DELETE FROM issue
WHERE org_id = $1
	AND code = $2;

-- name: issue.get
SELECT
	t.code,
	t.level,
	(SELECT code FROM programme WHERE id = t.programme_id) AS programme,
	(SELECT code FROM project WHERE id = t.project_id) AS project,
	t.title,
	t.description,
	t.severity,
	t.dimension,
	t.owner,
	t.raised,
	t.status,
	t.resolution,
	t.resolved,
	t.marking,
	t.assumption
FROM issue AS t
WHERE t.org_id = $1
	AND t.code = $2;

-- name: issue.load
SELECT
	t.code,
	t.level,
	(SELECT code FROM programme WHERE id = t.programme_id) AS programme,
	(SELECT code FROM project WHERE id = t.project_id) AS project,
	t.title,
	t.description,
	t.severity,
	t.dimension,
	t.owner,
	t.raised,
	t.status,
	t.resolution,
	t.resolved,
	t.marking,
	t.assumption
FROM issue AS t
WHERE t.org_id = $1;

-- decision --------------------------------------------------------

-- name: decision.insert
INSERT INTO decision (org_id, code, programme_id, milestone_id, title,
	description, board, original_due, due, decided, status, outcome,
	marking, assumption)
VALUES ($1, $2, (SELECT id FROM programme WHERE org_id = $1 AND code = $3),
	(SELECT id FROM milestone WHERE org_id = $1 AND code = $4), $5, $6,
	$7, $8, $9, $10, $11, $12, $13, $14)
RETURNING id;

-- name: decision.update
UPDATE decision SET
	programme_id = (SELECT id FROM programme WHERE org_id = $1 AND code = $3),
	milestone_id = (SELECT id FROM milestone WHERE org_id = $1 AND code = $4),
	title = $5,
	description = $6,
	board = $7,
	original_due = $8,
	due = $9,
	decided = $10,
	status = $11,
	outcome = $12,
	marking = $13,
	assumption = $14
WHERE org_id = $1
	AND code = $2;

-- name: decision.delete
DELETE FROM decision
WHERE org_id = $1
	AND code = $2;

-- name: decision.get
SELECT
	t.code,
	(SELECT code FROM programme WHERE id = t.programme_id) AS programme,
	(SELECT code FROM milestone WHERE id = t.milestone_id) AS milestone,
	t.title,
	t.description,
	t.board,
	t.original_due,
	t.due,
	t.decided,
	t.status,
	t.outcome,
	t.marking,
	t.assumption
FROM decision AS t
WHERE t.org_id = $1
	AND t.code = $2;

-- name: decision.load
SELECT
	t.code,
	(SELECT code FROM programme WHERE id = t.programme_id) AS programme,
	(SELECT code FROM milestone WHERE id = t.milestone_id) AS milestone,
	t.title,
	t.description,
	t.board,
	t.original_due,
	t.due,
	t.decided,
	t.status,
	t.outcome,
	t.marking,
	t.assumption
FROM decision AS t
WHERE t.org_id = $1;

-- benefit --------------------------------------------------------

-- name: benefit.insert
INSERT INTO benefit (org_id, code, programme_id, title, owner, type, measure,
	unit, baseline, target, target_date, evaluation, marking, assumption)
VALUES ($1, $2, (SELECT id FROM programme WHERE org_id = $1 AND code = $3),
	$4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
RETURNING id;

-- name: benefit.update
UPDATE benefit SET
	programme_id = (SELECT id FROM programme WHERE org_id = $1 AND code = $3),
	title = $4,
	owner = $5,
	type = $6,
	measure = $7,
	unit = $8,
	baseline = $9,
	target = $10,
	target_date = $11,
	evaluation = $12,
	marking = $13,
	assumption = $14
WHERE org_id = $1
	AND code = $2;

-- name: benefit.delete
DELETE FROM benefit
WHERE org_id = $1
	AND code = $2;

-- name: benefit.get
SELECT
	t.code,
	(SELECT code FROM programme WHERE id = t.programme_id) AS programme,
	t.title,
	t.owner,
	t.type,
	t.measure,
	t.unit,
	t.baseline,
	t.target,
	t.target_date,
	t.evaluation,
	t.marking,
	t.assumption
FROM benefit AS t
WHERE t.org_id = $1
	AND t.code = $2;

-- name: benefit.load
SELECT
	t.code,
	(SELECT code FROM programme WHERE id = t.programme_id) AS programme,
	t.title,
	t.owner,
	t.type,
	t.measure,
	t.unit,
	t.baseline,
	t.target,
	t.target_date,
	t.evaluation,
	t.marking,
	t.assumption
FROM benefit AS t
WHERE t.org_id = $1;

-- name: benefit.id
SELECT id FROM benefit WHERE org_id = $1 AND code = $2;

-- benefit_value --------------------------------------------------------

-- name: benefit_value.insert
INSERT INTO benefit_value (org_id, benefit_id, period, planned, actual)
VALUES ($1, (SELECT id FROM benefit WHERE org_id = $1 AND code = $2), $3, $4,
	$5)
RETURNING id;

-- name: benefit_value.update
UPDATE benefit_value SET
	planned = $4,
	actual = $5
WHERE org_id = $1
	AND benefit_id = (SELECT id FROM benefit WHERE org_id = $1 AND code = $2)
	AND period = $3;

-- name: benefit_value.delete
DELETE FROM benefit_value
WHERE org_id = $1
	AND benefit_id = (SELECT id FROM benefit WHERE org_id = $1 AND code = $2)
	AND period = $3;

-- name: benefit_value.get
SELECT
	(SELECT code FROM benefit WHERE id = t.benefit_id) AS benefit,
	t.period,
	t.planned,
	t.actual
FROM benefit_value AS t
WHERE t.org_id = $1
	AND t.benefit_id = (SELECT id FROM benefit WHERE org_id = $1 AND code = $2)
	AND t.period = $3;

-- name: benefit_value.load
SELECT
	(SELECT code FROM benefit WHERE id = t.benefit_id) AS benefit,
	t.period,
	t.planned,
	t.actual
FROM benefit_value AS t
WHERE t.org_id = $1;

-- finance --------------------------------------------------------

-- name: finance.insert
INSERT INTO finance (org_id, programme_id, year, capital_budget,
	revenue_budget, capital_forecast, revenue_forecast, capital_actual,
	revenue_actual, assumption)
VALUES ($1, (SELECT id FROM programme WHERE org_id = $1 AND code = $2), $3,
	$4, $5, $6, $7, $8, $9, $10)
RETURNING id;

-- name: finance.update
UPDATE finance SET
	capital_budget = $4,
	revenue_budget = $5,
	capital_forecast = $6,
	revenue_forecast = $7,
	capital_actual = $8,
	revenue_actual = $9,
	assumption = $10
WHERE org_id = $1
	AND programme_id = (SELECT id FROM programme WHERE org_id = $1 AND code = $2)
	AND year = $3;

-- name: finance.delete
DELETE FROM finance
WHERE org_id = $1
	AND programme_id = (SELECT id FROM programme WHERE org_id = $1 AND code = $2)
	AND year = $3;

-- name: finance.get
SELECT
	(SELECT code FROM programme WHERE id = t.programme_id) AS programme,
	t.year,
	t.capital_budget,
	t.revenue_budget,
	t.capital_forecast,
	t.revenue_forecast,
	t.capital_actual,
	t.revenue_actual,
	t.assumption
FROM finance AS t
WHERE t.org_id = $1
	AND t.programme_id = (SELECT id FROM programme WHERE org_id = $1 AND code = $2)
	AND t.year = $3;

-- name: finance.load
SELECT
	(SELECT code FROM programme WHERE id = t.programme_id) AS programme,
	t.year,
	t.capital_budget,
	t.revenue_budget,
	t.capital_forecast,
	t.revenue_forecast,
	t.capital_actual,
	t.revenue_actual,
	t.assumption
FROM finance AS t
WHERE t.org_id = $1;

-- business_case --------------------------------------------------------

-- name: business_case.insert
INSERT INTO business_case (org_id, code, programme_id, project_id, title,
	stage, value, board, submitted, decided, outcome, marking,
	assumption)
VALUES ($1, $2, (SELECT id FROM programme WHERE org_id = $1 AND code = $3),
	(SELECT id FROM project WHERE org_id = $1 AND code = $4), $5, $6, $7,
	$8, $9, $10, $11, $12, $13)
RETURNING id;

-- name: business_case.update
UPDATE business_case SET
	programme_id = (SELECT id FROM programme WHERE org_id = $1 AND code = $3),
	project_id = (SELECT id FROM project WHERE org_id = $1 AND code = $4),
	title = $5,
	stage = $6,
	value = $7,
	board = $8,
	submitted = $9,
	decided = $10,
	outcome = $11,
	marking = $12,
	assumption = $13
WHERE org_id = $1
	AND code = $2;

-- name: business_case.delete
DELETE FROM business_case
WHERE org_id = $1
	AND code = $2;

-- name: business_case.get
SELECT
	t.code,
	(SELECT code FROM programme WHERE id = t.programme_id) AS programme,
	(SELECT code FROM project WHERE id = t.project_id) AS project,
	t.title,
	t.stage,
	t.value,
	t.board,
	t.submitted,
	t.decided,
	t.outcome,
	t.marking,
	t.assumption
FROM business_case AS t
WHERE t.org_id = $1
	AND t.code = $2;

-- name: business_case.load
SELECT
	t.code,
	(SELECT code FROM programme WHERE id = t.programme_id) AS programme,
	(SELECT code FROM project WHERE id = t.project_id) AS project,
	t.title,
	t.stage,
	t.value,
	t.board,
	t.submitted,
	t.decided,
	t.outcome,
	t.marking,
	t.assumption
FROM business_case AS t
WHERE t.org_id = $1;

-- change_request --------------------------------------------------------

-- name: change_request.insert
INSERT INTO change_request (org_id, code, programme_id, title, reason, board,
	raised, decision_due, decided, status, assumption)
VALUES ($1, $2, (SELECT id FROM programme WHERE org_id = $1 AND code = $3),
	$4, $5, $6, $7, $8, $9, $10, $11)
RETURNING id;

-- name: change_request.update
UPDATE change_request SET
	programme_id = (SELECT id FROM programme WHERE org_id = $1 AND code = $3),
	title = $4,
	reason = $5,
	board = $6,
	raised = $7,
	decision_due = $8,
	decided = $9,
	status = $10,
	assumption = $11
WHERE org_id = $1
	AND code = $2;

-- name: change_request.delete
DELETE FROM change_request
WHERE org_id = $1
	AND code = $2;

-- name: change_request.get
SELECT
	t.code,
	(SELECT code FROM programme WHERE id = t.programme_id) AS programme,
	t.title,
	t.reason,
	t.board,
	t.raised,
	t.decision_due,
	t.decided,
	t.status,
	t.assumption
FROM change_request AS t
WHERE t.org_id = $1
	AND t.code = $2;

-- name: change_request.load
SELECT
	t.code,
	(SELECT code FROM programme WHERE id = t.programme_id) AS programme,
	t.title,
	t.reason,
	t.board,
	t.raised,
	t.decision_due,
	t.decided,
	t.status,
	t.assumption
FROM change_request AS t
WHERE t.org_id = $1;

-- name: change_request.id
SELECT id FROM change_request WHERE org_id = $1 AND code = $2;

-- change_milestone --------------------------------------------------------

-- name: change_milestone.insert
INSERT INTO change_milestone (org_id, change_request_id, milestone_id,
	proposed_date, note)
VALUES ($1, (SELECT id FROM change_request WHERE org_id = $1 AND code = $2),
	(SELECT id FROM milestone WHERE org_id = $1 AND code = $3), $4, $5)
RETURNING id;

-- name: change_milestone.update
UPDATE change_milestone SET
	proposed_date = $4,
	note = $5
WHERE org_id = $1
	AND change_request_id = (SELECT id FROM change_request WHERE org_id = $1 AND code = $2)
	AND milestone_id = (SELECT id FROM milestone WHERE org_id = $1 AND code = $3);

-- name: change_milestone.delete
DELETE FROM change_milestone
WHERE org_id = $1
	AND change_request_id = (SELECT id FROM change_request WHERE org_id = $1 AND code = $2)
	AND milestone_id = (SELECT id FROM milestone WHERE org_id = $1 AND code = $3);

-- name: change_milestone.get
SELECT
	(SELECT code FROM change_request WHERE id = t.change_request_id) AS change_request,
	(SELECT code FROM milestone WHERE id = t.milestone_id) AS milestone,
	t.proposed_date,
	t.note
FROM change_milestone AS t
WHERE t.org_id = $1
	AND t.change_request_id = (SELECT id FROM change_request WHERE org_id = $1 AND code = $2)
	AND t.milestone_id = (SELECT id FROM milestone WHERE org_id = $1 AND code = $3);

-- name: change_milestone.load
SELECT
	(SELECT code FROM change_request WHERE id = t.change_request_id) AS change_request,
	(SELECT code FROM milestone WHERE id = t.milestone_id) AS milestone,
	t.proposed_date,
	t.note
FROM change_milestone AS t
WHERE t.org_id = $1;

-- baseline --------------------------------------------------------

-- name: baseline.insert
INSERT INTO baseline (org_id, code, programme_id, version, change_request_id,
	approved_by, approved_on, end_date, whole_life_cost, note)
VALUES ($1, $2, (SELECT id FROM programme WHERE org_id = $1 AND code = $3),
	$4, (SELECT id FROM change_request WHERE org_id = $1 AND code = $5),
	$6, $7, $8, $9, $10)
RETURNING id;

-- name: baseline.update
UPDATE baseline SET
	programme_id = (SELECT id FROM programme WHERE org_id = $1 AND code = $3),
	version = $4,
	change_request_id = (SELECT id FROM change_request WHERE org_id = $1 AND code = $5),
	approved_by = $6,
	approved_on = $7,
	end_date = $8,
	whole_life_cost = $9,
	note = $10
WHERE org_id = $1
	AND code = $2;

-- name: baseline.delete
DELETE FROM baseline
WHERE org_id = $1
	AND code = $2;

-- name: baseline.get
SELECT
	t.code,
	(SELECT code FROM programme WHERE id = t.programme_id) AS programme,
	t.version,
	(SELECT code FROM change_request WHERE id = t.change_request_id) AS change_request,
	t.approved_by,
	t.approved_on,
	t.end_date,
	t.whole_life_cost,
	t.note
FROM baseline AS t
WHERE t.org_id = $1
	AND t.code = $2;

-- name: baseline.load
SELECT
	t.code,
	(SELECT code FROM programme WHERE id = t.programme_id) AS programme,
	t.version,
	(SELECT code FROM change_request WHERE id = t.change_request_id) AS change_request,
	t.approved_by,
	t.approved_on,
	t.end_date,
	t.whole_life_cost,
	t.note
FROM baseline AS t
WHERE t.org_id = $1;

-- name: baseline.id
SELECT id FROM baseline WHERE org_id = $1 AND code = $2;

-- baseline_milestone --------------------------------------------------------

-- name: baseline_milestone.insert
INSERT INTO baseline_milestone (org_id, baseline_id, milestone_id, date)
VALUES ($1, (SELECT id FROM baseline WHERE org_id = $1 AND code = $2),
	(SELECT id FROM milestone WHERE org_id = $1 AND code = $3), $4)
RETURNING id;

-- name: baseline_milestone.update
UPDATE baseline_milestone SET
	date = $4
WHERE org_id = $1
	AND baseline_id = (SELECT id FROM baseline WHERE org_id = $1 AND code = $2)
	AND milestone_id = (SELECT id FROM milestone WHERE org_id = $1 AND code = $3);

-- name: baseline_milestone.delete
DELETE FROM baseline_milestone
WHERE org_id = $1
	AND baseline_id = (SELECT id FROM baseline WHERE org_id = $1 AND code = $2)
	AND milestone_id = (SELECT id FROM milestone WHERE org_id = $1 AND code = $3);

-- name: baseline_milestone.get
SELECT
	(SELECT code FROM baseline WHERE id = t.baseline_id) AS baseline,
	(SELECT code FROM milestone WHERE id = t.milestone_id) AS milestone,
	t.date
FROM baseline_milestone AS t
WHERE t.org_id = $1
	AND t.baseline_id = (SELECT id FROM baseline WHERE org_id = $1 AND code = $2)
	AND t.milestone_id = (SELECT id FROM milestone WHERE org_id = $1 AND code = $3);

-- name: baseline_milestone.load
SELECT
	(SELECT code FROM baseline WHERE id = t.baseline_id) AS baseline,
	(SELECT code FROM milestone WHERE id = t.milestone_id) AS milestone,
	t.date
FROM baseline_milestone AS t
WHERE t.org_id = $1;

-- unit --------------------------------------------------------

-- name: unit.insert
INSERT INTO unit (org_id, code, name, type, change_manager)
VALUES ($1, $2, $3, $4, $5)
RETURNING id;

-- name: unit.update
UPDATE unit SET
	name = $3,
	type = $4,
	change_manager = $5
WHERE org_id = $1
	AND code = $2;

-- name: unit.delete
DELETE FROM unit
WHERE org_id = $1
	AND code = $2;

-- name: unit.get
SELECT
	t.code,
	t.name,
	t.type,
	t.change_manager
FROM unit AS t
WHERE t.org_id = $1
	AND t.code = $2;

-- name: unit.load
SELECT
	t.code,
	t.name,
	t.type,
	t.change_manager
FROM unit AS t
WHERE t.org_id = $1;

-- name: unit.id
SELECT id FROM unit WHERE org_id = $1 AND code = $2;

-- readiness --------------------------------------------------------

-- name: readiness.insert
INSERT INTO readiness (org_id, unit_id, programme_id, change, rating,
	assessed_on, go_live, note, assumption)
VALUES ($1, (SELECT id FROM unit WHERE org_id = $1 AND code = $2),
	(SELECT id FROM programme WHERE org_id = $1 AND code = $3), $4, $5,
	$6, $7, $8, $9)
RETURNING id;

-- name: readiness.update
UPDATE readiness SET
	rating = $5,
	assessed_on = $6,
	go_live = $7,
	note = $8,
	assumption = $9
WHERE org_id = $1
	AND unit_id = (SELECT id FROM unit WHERE org_id = $1 AND code = $2)
	AND programme_id = (SELECT id FROM programme WHERE org_id = $1 AND code = $3)
	AND change = $4;

-- name: readiness.delete
DELETE FROM readiness
WHERE org_id = $1
	AND unit_id = (SELECT id FROM unit WHERE org_id = $1 AND code = $2)
	AND programme_id = (SELECT id FROM programme WHERE org_id = $1 AND code = $3)
	AND change = $4;

-- name: readiness.get
SELECT
	(SELECT code FROM unit WHERE id = t.unit_id) AS unit,
	(SELECT code FROM programme WHERE id = t.programme_id) AS programme,
	t.change,
	t.rating,
	t.assessed_on,
	t.go_live,
	t.note,
	t.assumption
FROM readiness AS t
WHERE t.org_id = $1
	AND t.unit_id = (SELECT id FROM unit WHERE org_id = $1 AND code = $2)
	AND t.programme_id = (SELECT id FROM programme WHERE org_id = $1 AND code = $3)
	AND t.change = $4;

-- name: readiness.load
SELECT
	(SELECT code FROM unit WHERE id = t.unit_id) AS unit,
	(SELECT code FROM programme WHERE id = t.programme_id) AS programme,
	t.change,
	t.rating,
	t.assessed_on,
	t.go_live,
	t.note,
	t.assumption
FROM readiness AS t
WHERE t.org_id = $1;

-- measure --------------------------------------------------------

-- name: measure.insert
INSERT INTO measure (org_id, code, programme_id, name, unit, baseline,
	target, target_date, assumption)
VALUES ($1, $2, (SELECT id FROM programme WHERE org_id = $1 AND code = $3),
	$4, $5, $6, $7, $8, $9)
RETURNING id;

-- name: measure.update
UPDATE measure SET
	programme_id = (SELECT id FROM programme WHERE org_id = $1 AND code = $3),
	name = $4,
	unit = $5,
	baseline = $6,
	target = $7,
	target_date = $8,
	assumption = $9
WHERE org_id = $1
	AND code = $2;

-- name: measure.delete
DELETE FROM measure
WHERE org_id = $1
	AND code = $2;

-- name: measure.get
SELECT
	t.code,
	(SELECT code FROM programme WHERE id = t.programme_id) AS programme,
	t.name,
	t.unit,
	t.baseline,
	t.target,
	t.target_date,
	t.assumption
FROM measure AS t
WHERE t.org_id = $1
	AND t.code = $2;

-- name: measure.load
SELECT
	t.code,
	(SELECT code FROM programme WHERE id = t.programme_id) AS programme,
	t.name,
	t.unit,
	t.baseline,
	t.target,
	t.target_date,
	t.assumption
FROM measure AS t
WHERE t.org_id = $1;

-- name: measure.id
SELECT id FROM measure WHERE org_id = $1 AND code = $2;

-- measure_value --------------------------------------------------------

-- name: measure_value.insert
INSERT INTO measure_value (org_id, measure_id, "on", value, assumption)
VALUES ($1, (SELECT id FROM measure WHERE org_id = $1 AND code = $2), $3, $4,
	$5)
RETURNING id;

-- name: measure_value.update
UPDATE measure_value SET
	value = $4,
	assumption = $5
WHERE org_id = $1
	AND measure_id = (SELECT id FROM measure WHERE org_id = $1 AND code = $2)
	AND "on" = $3;

-- name: measure_value.delete
DELETE FROM measure_value
WHERE org_id = $1
	AND measure_id = (SELECT id FROM measure WHERE org_id = $1 AND code = $2)
	AND "on" = $3;

-- name: measure_value.get
SELECT
	(SELECT code FROM measure WHERE id = t.measure_id) AS measure,
	t."on",
	t.value,
	t.assumption
FROM measure_value AS t
WHERE t.org_id = $1
	AND t.measure_id = (SELECT id FROM measure WHERE org_id = $1 AND code = $2)
	AND t."on" = $3;

-- name: measure_value.load
SELECT
	(SELECT code FROM measure WHERE id = t.measure_id) AS measure,
	t."on",
	t.value,
	t.assumption
FROM measure_value AS t
WHERE t.org_id = $1;

-- tolerance --------------------------------------------------------

-- name: tolerance.insert
INSERT INTO tolerance (org_id, programme_id, dimension, threshold,
	forecast_threshold, note)
VALUES ($1, (SELECT id FROM programme WHERE org_id = $1 AND code = $2), $3,
	$4, $5, $6)
RETURNING id;

-- name: tolerance.update
UPDATE tolerance SET
	threshold = $4,
	forecast_threshold = $5,
	note = $6
WHERE org_id = $1
	AND (($2 IS NULL AND programme_id IS NULL) OR programme_id = (SELECT id FROM programme WHERE org_id = $1 AND code = $2))
	AND dimension = $3;

-- name: tolerance.delete
DELETE FROM tolerance
WHERE org_id = $1
	AND (($2 IS NULL AND programme_id IS NULL) OR programme_id = (SELECT id FROM programme WHERE org_id = $1 AND code = $2))
	AND dimension = $3;

-- name: tolerance.get
SELECT
	(SELECT code FROM programme WHERE id = t.programme_id) AS programme,
	t.dimension,
	t.threshold,
	t.forecast_threshold,
	t.note
FROM tolerance AS t
WHERE t.org_id = $1
	AND (($2 IS NULL AND t.programme_id IS NULL) OR t.programme_id = (SELECT id FROM programme WHERE org_id = $1 AND code = $2))
	AND t.dimension = $3;

-- name: tolerance.load
SELECT
	(SELECT code FROM programme WHERE id = t.programme_id) AS programme,
	t.dimension,
	t.threshold,
	t.forecast_threshold,
	t.note
FROM tolerance AS t
WHERE t.org_id = $1;

-- exception --------------------------------------------------------

-- name: exception.insert
INSERT INTO exception (org_id, code, programme_id, period, dimension, type,
	evidence, cause, consequences, options, recommendation, status,
	marking)
VALUES ($1, $2, (SELECT id FROM programme WHERE org_id = $1 AND code = $3),
	$4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
RETURNING id;

-- name: exception.update
UPDATE exception SET
	programme_id = (SELECT id FROM programme WHERE org_id = $1 AND code = $3),
	period = $4,
	dimension = $5,
	type = $6,
	evidence = $7,
	cause = $8,
	consequences = $9,
	options = $10,
	recommendation = $11,
	status = $12,
	marking = $13
WHERE org_id = $1
	AND code = $2;

-- name: exception.delete
DELETE FROM exception
WHERE org_id = $1
	AND code = $2;

-- name: exception.get
SELECT
	t.code,
	(SELECT code FROM programme WHERE id = t.programme_id) AS programme,
	t.period,
	t.dimension,
	t.type,
	t.evidence,
	t.cause,
	t.consequences,
	t.options,
	t.recommendation,
	t.status,
	t.marking
FROM exception AS t
WHERE t.org_id = $1
	AND t.code = $2;

-- name: exception.load
SELECT
	t.code,
	(SELECT code FROM programme WHERE id = t.programme_id) AS programme,
	t.period,
	t.dimension,
	t.type,
	t.evidence,
	t.cause,
	t.consequences,
	t.options,
	t.recommendation,
	t.status,
	t.marking
FROM exception AS t
WHERE t.org_id = $1;

