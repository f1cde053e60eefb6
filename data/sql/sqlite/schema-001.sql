-- schema-001.sql - folio's SQLite schema, migration 1: the whole schema.
--
-- store_open() applies schema-NNN.sql files in order, each once and inside
-- one transaction, to bring a database from its PRAGMA user_version up to
-- STORE_SCHEMA_VERSION (src/store/store.h). Every migration ends by setting
-- user_version to its own number. A migration that has been released is
-- never edited: a change to the schema is a new file.
--
-- One table per kind of record (src/model/schema.c), with its fields as
-- columns in descriptor order; the statements that read and write them are
-- in records.sql. Representation:
--   text, enums   TEXT; enums CHECKed against the spellings in schema.c
--   references    INTEGER foreign keys to the row referred to, column
--                 <field>_id; records.sql turns codes into ids and back
--   dates         TEXT 'YYYY-MM-DD';  months TEXT 'YYYY-MM'
--   int, money    INTEGER (money in whole pounds);  real REAL
--   bool          INTEGER 0 or 1
--   absent        NULL
-- Tables are STRICT, so a value of the wrong type is refused rather than
-- stored.
--
-- Every row belongs to an organisation (org_id); deleting the organisation
-- deletes its rows (ON DELETE CASCADE). References between records are
-- NO ACTION, which SQLite checks at the end of each statement: deleting a
-- record that others still refer to fails, while the cascade from an
-- organisation, which removes both ends in one statement, succeeds in
-- whatever order it visits the tables. Every reference column has an index,
-- without which each of those checks would scan a table.
--
-- The natural key of each kind is a UNIQUE index on (org_id, key fields).
-- A key part that may be absent (dca.project, tolerance.programme) is
-- indexed as COALESCE(x, 0), because UNIQUE treats NULLs as all different.

-- organisation: a body using folio
CREATE TABLE organisation (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	dca_scale TEXT CHECK (dca_scale IN ('five', 'three')),
	oversight_board TEXT,
	description TEXT
) STRICT;

-- user: a person who logs in
CREATE TABLE user (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	username TEXT NOT NULL,
	name TEXT NOT NULL,
	email TEXT,
	role TEXT NOT NULL CHECK (role IN ('administrator', 'portfolio_office', 'programme_manager', 'board_member', 'viewer')),
	clearance TEXT NOT NULL CHECK (clearance IN ('OFFICIAL', 'OFFICIAL-SENSITIVE')),
	active INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1))
) STRICT;
CREATE UNIQUE INDEX user_key ON user (org_id, username);

-- portfolio: a portfolio of programmes
CREATE TABLE portfolio (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	code TEXT NOT NULL,
	name TEXT NOT NULL,
	owner TEXT,
	directorate TEXT,
	board TEXT,
	description TEXT,
	marking TEXT CHECK (marking IN ('OFFICIAL', 'OFFICIAL-SENSITIVE'))
) STRICT;
CREATE UNIQUE INDEX portfolio_key ON portfolio (org_id, code);

-- programme: a change programme
CREATE TABLE programme (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	code TEXT NOT NULL,
	portfolio_id INTEGER NOT NULL REFERENCES portfolio (id),
	name TEXT NOT NULL,
	description TEXT,
	sro TEXT,
	manager TEXT,
	board TEXT,
	lifecycle TEXT NOT NULL CHECK (lifecycle IN ('pipeline', 'active', 'closed')),
	start_date TEXT CHECK (start_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	end_date TEXT CHECK (end_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	whole_life_cost INTEGER,
	outcome TEXT,
	marking TEXT CHECK (marking IN ('OFFICIAL', 'OFFICIAL-SENSITIVE')),
	assumption TEXT
) STRICT;
CREATE UNIQUE INDEX programme_key ON programme (org_id, code);
CREATE INDEX programme_portfolio ON programme (portfolio_id);

-- project: a project within a programme
CREATE TABLE project (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	code TEXT NOT NULL,
	programme_id INTEGER NOT NULL REFERENCES programme (id),
	name TEXT NOT NULL,
	description TEXT,
	manager TEXT,
	lifecycle TEXT NOT NULL CHECK (lifecycle IN ('pipeline', 'active', 'closed')),
	start_date TEXT CHECK (start_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	end_date TEXT CHECK (end_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	whole_life_cost INTEGER,
	outcome TEXT,
	marking TEXT CHECK (marking IN ('OFFICIAL', 'OFFICIAL-SENSITIVE')),
	assumption TEXT
) STRICT;
CREATE UNIQUE INDEX project_key ON project (org_id, code);
CREATE INDEX project_programme ON project (programme_id);

-- user_scope: a programme a user works on
CREATE TABLE user_scope (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	user_id INTEGER NOT NULL REFERENCES user (id),
	programme_id INTEGER NOT NULL REFERENCES programme (id)
) STRICT;
CREATE UNIQUE INDEX user_scope_key ON user_scope (org_id, user_id, programme_id);
CREATE INDEX user_scope_user ON user_scope (user_id);
CREATE INDEX user_scope_programme ON user_scope (programme_id);

-- period: a monthly reporting period
CREATE TABLE period (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	month TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
	state TEXT NOT NULL CHECK (state IN ('open', 'submitted', 'reviewed', 'published')),
	published_by TEXT,
	published_at TEXT
) STRICT;
CREATE UNIQUE INDEX period_key ON period (org_id, month);

-- dca: a delivery confidence assessment
CREATE TABLE dca (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	programme_id INTEGER NOT NULL REFERENCES programme (id),
	project_id INTEGER REFERENCES project (id),
	assessed_on TEXT NOT NULL CHECK (assessed_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	assessor TEXT NOT NULL CHECK (assessor IN ('sro', 'portfolio_office', 'independent')),
	rating TEXT NOT NULL CHECK (rating IN ('Green', 'Amber/Green', 'Amber', 'Amber/Red', 'Red', 'Exempt', 'Not assessed')),
	note TEXT,
	assumption TEXT
) STRICT;
CREATE UNIQUE INDEX dca_key ON dca (org_id, programme_id, COALESCE(project_id, 0), assessed_on, assessor);
CREATE INDEX dca_programme ON dca (programme_id);
CREATE INDEX dca_project ON dca (project_id);

-- return: a programme's monthly return
CREATE TABLE return (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	programme_id INTEGER NOT NULL REFERENCES programme (id),
	period TEXT NOT NULL CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
	version INTEGER NOT NULL CHECK (version BETWEEN 1 AND 1000),
	status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'reviewed', 'published')),
	dca TEXT CHECK (dca IN ('Green', 'Amber/Green', 'Amber', 'Amber/Red', 'Red', 'Exempt', 'Not assessed')),
	sro_dca TEXT CHECK (sro_dca IN ('Green', 'Amber/Green', 'Amber', 'Amber/Red', 'Red', 'Exempt', 'Not assessed')),
	headline TEXT,
	commentary TEXT,
	achievements TEXT,
	next_period TEXT,
	spend_to_date INTEGER,
	forecast INTEGER,
	submitted_by TEXT,
	submitted_at TEXT,
	reviewed_by TEXT,
	reviewed_at TEXT,
	assumption TEXT
) STRICT;
CREATE UNIQUE INDEX return_key ON return (org_id, programme_id, period, version);
CREATE INDEX return_programme ON return (programme_id);

-- milestone: a milestone
CREATE TABLE milestone (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	code TEXT NOT NULL,
	programme_id INTEGER NOT NULL REFERENCES programme (id),
	project_id INTEGER REFERENCES project (id),
	name TEXT NOT NULL,
	description TEXT,
	owner TEXT,
	"key" INTEGER NOT NULL DEFAULT 0 CHECK ("key" IN (0, 1)),
	baseline_date TEXT CHECK (baseline_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	forecast_date TEXT CHECK (forecast_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	actual_date TEXT CHECK (actual_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	marking TEXT CHECK (marking IN ('OFFICIAL', 'OFFICIAL-SENSITIVE')),
	assumption TEXT
) STRICT;
CREATE UNIQUE INDEX milestone_key ON milestone (org_id, code);
CREATE INDEX milestone_programme ON milestone (programme_id);
CREATE INDEX milestone_project ON milestone (project_id);

-- milestone_forecast: a milestone's forecast as reported in a month
CREATE TABLE milestone_forecast (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	milestone_id INTEGER NOT NULL REFERENCES milestone (id),
	period TEXT NOT NULL CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
	forecast_date TEXT CHECK (forecast_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	actual_date TEXT CHECK (actual_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]')
) STRICT;
CREATE UNIQUE INDEX milestone_forecast_key ON milestone_forecast (org_id, milestone_id, period);
CREATE INDEX milestone_forecast_milestone ON milestone_forecast (milestone_id);

-- activity: an activity of the schedule network
CREATE TABLE activity (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	code TEXT NOT NULL,
	programme_id INTEGER NOT NULL REFERENCES programme (id),
	name TEXT NOT NULL,
	type TEXT NOT NULL CHECK (type IN ('task', 'milestone')),
	milestone_id INTEGER REFERENCES milestone (id),
	duration_days REAL CHECK (duration_days BETWEEN 0 AND 100000),
	optimistic_days REAL CHECK (optimistic_days BETWEEN 0 AND 100000),
	likely_days REAL CHECK (likely_days BETWEEN 0 AND 100000),
	pessimistic_days REAL CHECK (pessimistic_days BETWEEN 0 AND 100000),
	calendar TEXT,
	constraint_type TEXT CHECK (constraint_type IN ('ASAP', 'ALAP', 'SNET', 'SNLT', 'FNET', 'FNLT', 'MSO', 'MFO')),
	constraint_date TEXT CHECK (constraint_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	actual_start TEXT CHECK (actual_start GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	actual_finish TEXT CHECK (actual_finish GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	assumption TEXT
) STRICT;
CREATE UNIQUE INDEX activity_key ON activity (org_id, code);
CREATE INDEX activity_programme ON activity (programme_id);
CREATE INDEX activity_milestone ON activity (milestone_id);

-- dependency: a link between activities
CREATE TABLE dependency (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	predecessor_id INTEGER NOT NULL REFERENCES activity (id),
	successor_id INTEGER NOT NULL REFERENCES activity (id),
	type TEXT NOT NULL CHECK (type IN ('FS', 'SS', 'FF', 'SF')),
	lag_days REAL CHECK (lag_days BETWEEN -100000 AND 100000),
	note TEXT
) STRICT;
CREATE UNIQUE INDEX dependency_key ON dependency (org_id, predecessor_id, successor_id);
CREATE INDEX dependency_predecessor ON dependency (predecessor_id);
CREATE INDEX dependency_successor ON dependency (successor_id);

-- risk: a risk
CREATE TABLE risk (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	code TEXT NOT NULL,
	level TEXT NOT NULL CHECK (level IN ('project', 'programme', 'portfolio')),
	programme_id INTEGER REFERENCES programme (id),
	project_id INTEGER REFERENCES project (id),
	title TEXT NOT NULL,
	cause TEXT,
	event TEXT,
	effect TEXT,
	owner TEXT,
	category TEXT,
	inherent_likelihood INTEGER CHECK (inherent_likelihood BETWEEN 1 AND 5),
	inherent_impact INTEGER CHECK (inherent_impact BETWEEN 1 AND 5),
	current_likelihood INTEGER NOT NULL CHECK (current_likelihood BETWEEN 1 AND 5),
	current_impact INTEGER NOT NULL CHECK (current_impact BETWEEN 1 AND 5),
	target_likelihood INTEGER CHECK (target_likelihood BETWEEN 1 AND 5),
	target_impact INTEGER CHECK (target_impact BETWEEN 1 AND 5),
	proximity TEXT CHECK (proximity GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	response TEXT CHECK (response IN ('treat', 'tolerate', 'transfer', 'terminate')),
	status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
	raised TEXT CHECK (raised GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	marking TEXT CHECK (marking IN ('OFFICIAL', 'OFFICIAL-SENSITIVE')),
	assumption TEXT
) STRICT;
CREATE UNIQUE INDEX risk_key ON risk (org_id, code);
CREATE INDEX risk_programme ON risk (programme_id);
CREATE INDEX risk_project ON risk (project_id);

-- risk_action: an action on a risk
CREATE TABLE risk_action (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	risk_id INTEGER NOT NULL REFERENCES risk (id),
	seq INTEGER NOT NULL CHECK (seq BETWEEN 1 AND 1000),
	"action" TEXT NOT NULL,
	owner TEXT,
	due TEXT CHECK (due GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	done TEXT CHECK (done GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]')
) STRICT;
CREATE UNIQUE INDEX risk_action_key ON risk_action (org_id, risk_id, seq);
CREATE INDEX risk_action_risk ON risk_action (risk_id);

-- risk_link: a programme risk feeding a portfolio risk
CREATE TABLE risk_link (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	portfolio_risk_id INTEGER NOT NULL REFERENCES risk (id),
	risk_id INTEGER NOT NULL REFERENCES risk (id)
) STRICT;
CREATE UNIQUE INDEX risk_link_key ON risk_link (org_id, portfolio_risk_id, risk_id);
CREATE INDEX risk_link_portfolio_risk ON risk_link (portfolio_risk_id);
CREATE INDEX risk_link_risk ON risk_link (risk_id);

-- issue: an issue
CREATE TABLE issue (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	code TEXT NOT NULL,
	level TEXT NOT NULL CHECK (level IN ('project', 'programme', 'portfolio')),
	programme_id INTEGER REFERENCES programme (id),
	project_id INTEGER REFERENCES project (id),
	title TEXT NOT NULL,
	description TEXT,
	severity TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
	owner TEXT,
	raised TEXT CHECK (raised GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	status TEXT NOT NULL CHECK (status IN ('open', 'resolved', 'closed')),
	resolution TEXT,
	resolved TEXT CHECK (resolved GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	marking TEXT CHECK (marking IN ('OFFICIAL', 'OFFICIAL-SENSITIVE')),
	assumption TEXT
) STRICT;
CREATE UNIQUE INDEX issue_key ON issue (org_id, code);
CREATE INDEX issue_programme ON issue (programme_id);
CREATE INDEX issue_project ON issue (project_id);

-- decision: a decision to be made
CREATE TABLE decision (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	code TEXT NOT NULL,
	programme_id INTEGER REFERENCES programme (id),
	title TEXT NOT NULL,
	description TEXT,
	board TEXT,
	original_due TEXT CHECK (original_due GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	due TEXT CHECK (due GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	decided TEXT CHECK (decided GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	status TEXT NOT NULL CHECK (status IN ('pending', 'made', 'deferred')),
	outcome TEXT,
	marking TEXT CHECK (marking IN ('OFFICIAL', 'OFFICIAL-SENSITIVE')),
	assumption TEXT
) STRICT;
CREATE UNIQUE INDEX decision_key ON decision (org_id, code);
CREATE INDEX decision_programme ON decision (programme_id);

-- benefit: a benefit
CREATE TABLE benefit (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	code TEXT NOT NULL,
	programme_id INTEGER NOT NULL REFERENCES programme (id),
	title TEXT NOT NULL,
	owner TEXT,
	type TEXT NOT NULL CHECK (type IN ('cash_releasing', 'non_cash_releasing', 'dis_benefit')),
	measure TEXT,
	unit TEXT,
	baseline REAL,
	target REAL,
	target_date TEXT CHECK (target_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	evaluation TEXT,
	marking TEXT CHECK (marking IN ('OFFICIAL', 'OFFICIAL-SENSITIVE')),
	assumption TEXT
) STRICT;
CREATE UNIQUE INDEX benefit_key ON benefit (org_id, code);
CREATE INDEX benefit_programme ON benefit (programme_id);

-- benefit_value: a benefit's planned and actual value in a month
CREATE TABLE benefit_value (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	benefit_id INTEGER NOT NULL REFERENCES benefit (id),
	period TEXT NOT NULL CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
	planned REAL,
	actual REAL
) STRICT;
CREATE UNIQUE INDEX benefit_value_key ON benefit_value (org_id, benefit_id, period);
CREATE INDEX benefit_value_benefit ON benefit_value (benefit_id);

-- finance: a programme's money in a financial year
CREATE TABLE finance (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	programme_id INTEGER NOT NULL REFERENCES programme (id),
	year INTEGER NOT NULL CHECK (year BETWEEN 1990 AND 2100),
	capital_budget INTEGER,
	revenue_budget INTEGER,
	capital_forecast INTEGER,
	revenue_forecast INTEGER,
	capital_actual INTEGER,
	revenue_actual INTEGER,
	assumption TEXT
) STRICT;
CREATE UNIQUE INDEX finance_key ON finance (org_id, programme_id, year);
CREATE INDEX finance_programme ON finance (programme_id);

-- business_case: a business case
CREATE TABLE business_case (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	code TEXT NOT NULL,
	programme_id INTEGER NOT NULL REFERENCES programme (id),
	project_id INTEGER REFERENCES project (id),
	title TEXT NOT NULL,
	stage TEXT NOT NULL CHECK (stage IN ('SOC', 'OBC', 'FBC')),
	value INTEGER,
	board TEXT,
	submitted TEXT CHECK (submitted GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	decided TEXT CHECK (decided GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	outcome TEXT NOT NULL CHECK (outcome IN ('pending', 'approved', 'rejected', 'deferred')),
	marking TEXT CHECK (marking IN ('OFFICIAL', 'OFFICIAL-SENSITIVE')),
	assumption TEXT
) STRICT;
CREATE UNIQUE INDEX business_case_key ON business_case (org_id, code);
CREATE INDEX business_case_programme ON business_case (programme_id);
CREATE INDEX business_case_project ON business_case (project_id);

-- change_request: a request to change a baseline
CREATE TABLE change_request (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	code TEXT NOT NULL,
	programme_id INTEGER NOT NULL REFERENCES programme (id),
	title TEXT NOT NULL,
	reason TEXT,
	board TEXT,
	raised TEXT CHECK (raised GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	decision_due TEXT CHECK (decision_due GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	decided TEXT CHECK (decided GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn')),
	assumption TEXT
) STRICT;
CREATE UNIQUE INDEX change_request_key ON change_request (org_id, code);
CREATE INDEX change_request_programme ON change_request (programme_id);

-- baseline: a version of a programme's baseline
CREATE TABLE baseline (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	code TEXT NOT NULL,
	programme_id INTEGER NOT NULL REFERENCES programme (id),
	version INTEGER NOT NULL CHECK (version BETWEEN 1 AND 1000),
	change_request_id INTEGER REFERENCES change_request (id),
	approved_by TEXT,
	approved_on TEXT CHECK (approved_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	end_date TEXT CHECK (end_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	whole_life_cost INTEGER,
	note TEXT
) STRICT;
CREATE UNIQUE INDEX baseline_key ON baseline (org_id, code);
CREATE INDEX baseline_programme ON baseline (programme_id);
CREATE INDEX baseline_change_request ON baseline (change_request_id);

-- baseline_milestone: a milestone date in a baseline
CREATE TABLE baseline_milestone (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	baseline_id INTEGER NOT NULL REFERENCES baseline (id),
	milestone_id INTEGER NOT NULL REFERENCES milestone (id),
	date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]')
) STRICT;
CREATE UNIQUE INDEX baseline_milestone_key ON baseline_milestone (org_id, baseline_id, milestone_id);
CREATE INDEX baseline_milestone_baseline ON baseline_milestone (baseline_id);
CREATE INDEX baseline_milestone_milestone ON baseline_milestone (milestone_id);

-- unit: a BCU or OCU
CREATE TABLE unit (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	code TEXT NOT NULL,
	name TEXT NOT NULL,
	type TEXT NOT NULL CHECK (type IN ('BCU', 'OCU', 'other')),
	change_manager TEXT
) STRICT;
CREATE UNIQUE INDEX unit_key ON unit (org_id, code);

-- readiness: a unit's readiness for a change
CREATE TABLE readiness (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	unit_id INTEGER NOT NULL REFERENCES unit (id),
	programme_id INTEGER NOT NULL REFERENCES programme (id),
	change TEXT NOT NULL,
	rating TEXT NOT NULL CHECK (rating IN ('ready', 'on_track', 'at_risk', 'not_ready')),
	assessed_on TEXT CHECK (assessed_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	go_live TEXT CHECK (go_live GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	note TEXT,
	assumption TEXT
) STRICT;
CREATE UNIQUE INDEX readiness_key ON readiness (org_id, unit_id, programme_id, change);
CREATE INDEX readiness_unit ON readiness (unit_id);
CREATE INDEX readiness_programme ON readiness (programme_id);

-- measure: a roll-out or KPI measure
CREATE TABLE measure (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	code TEXT NOT NULL,
	programme_id INTEGER REFERENCES programme (id),
	name TEXT NOT NULL,
	unit TEXT,
	baseline REAL,
	target REAL,
	target_date TEXT CHECK (target_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	assumption TEXT
) STRICT;
CREATE UNIQUE INDEX measure_key ON measure (org_id, code);
CREATE INDEX measure_programme ON measure (programme_id);

-- measure_value: a measure's value on a date
CREATE TABLE measure_value (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	measure_id INTEGER NOT NULL REFERENCES measure (id),
	"on" TEXT NOT NULL CHECK ("on" GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	value REAL NOT NULL,
	assumption TEXT
) STRICT;
CREATE UNIQUE INDEX measure_value_key ON measure_value (org_id, measure_id, "on");
CREATE INDEX measure_value_measure ON measure_value (measure_id);

-- tolerance: a tolerance
CREATE TABLE tolerance (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	programme_id INTEGER REFERENCES programme (id),
	dimension TEXT NOT NULL CHECK (dimension IN ('time', 'cost', 'scope', 'quality', 'risk', 'benefits', 'confidence')),
	threshold REAL NOT NULL,
	forecast_threshold REAL,
	note TEXT
) STRICT;
CREATE UNIQUE INDEX tolerance_key ON tolerance (org_id, COALESCE(programme_id, 0), dimension);
CREATE INDEX tolerance_programme ON tolerance (programme_id);

-- exception: a tolerance exception
CREATE TABLE exception (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	code TEXT NOT NULL,
	programme_id INTEGER NOT NULL REFERENCES programme (id),
	period TEXT NOT NULL CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
	dimension TEXT NOT NULL CHECK (dimension IN ('time', 'cost', 'scope', 'quality', 'risk', 'benefits', 'confidence')),
	type TEXT NOT NULL CHECK (type IN ('breach', 'forecast_breach')),
	evidence TEXT,
	cause TEXT,
	consequences TEXT,
	options TEXT,
	recommendation TEXT,
	status TEXT NOT NULL CHECK (status IN ('open', 'escalated', 'resolved', 'closed')),
	marking TEXT CHECK (marking IN ('OFFICIAL', 'OFFICIAL-SENSITIVE'))
) STRICT;
CREATE UNIQUE INDEX exception_key ON exception (org_id, code);
CREATE INDEX exception_programme ON exception (programme_id);

-- The audit log: one row per change, hash-chained (src/model/audit.h).
-- folio only ever appends to it, in the transaction that made the change.
-- Hashes are lower-case hex; prev_hash of the first entry is all zeroes.
CREATE TABLE audit (
	seq INTEGER PRIMARY KEY,
	at TEXT NOT NULL,
	actor TEXT NOT NULL,
	org TEXT,
	entity TEXT NOT NULL,
	"key" TEXT,
	"action" TEXT NOT NULL CHECK ("action" IN ('insert', 'update', 'delete')),
	field TEXT,
	old_value TEXT,
	new_value TEXT,
	prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
	hash TEXT NOT NULL CHECK (length(hash) = 64)
) STRICT;

-- Entries are never changed or removed. Someone with the sqlite3 shell
-- could drop these triggers and edit an entry, but its stored hash would
-- then no longer match its content, and recomputing the chain (audit_hash)
-- shows the first entry that was touched.
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- Each entry follows the last one: no gaps in seq, and prev_hash is the
-- hash of the entry before.
CREATE TRIGGER audit_in_order BEFORE INSERT ON audit
WHEN NEW.seq IS NOT coalesce((SELECT max(seq) FROM audit), 0) + 1
	OR NEW.prev_hash IS NOT coalesce(
		(SELECT hash FROM audit ORDER BY seq DESC LIMIT 1),
		'0000000000000000000000000000000000000000000000000000000000000000')
BEGIN
	SELECT RAISE(ABORT, 'audit entries must be appended in order');
END;

PRAGMA user_version = 1;
