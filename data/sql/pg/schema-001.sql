-- schema-001.sql - folio's PostgreSQL schema, migration 1: the whole schema.
--
-- The PostgreSQL twin of data/sql/sqlite/schema-001.sql: the same tables,
-- columns, constraints and indexes in PostgreSQL's dialect.
-- store_open() applies schema-NNN.sql files in order, each once and inside
-- one transaction (PostgreSQL's DDL is transactional), to bring a database
-- from the version in folio_meta up to STORE_SCHEMA_VERSION
-- (src/store/store.h). Every migration ends by setting folio_meta.version
-- to its own number. A migration that has been released is never edited:
-- a change to the schema is a new file.
--
-- One table per kind of record (src/model/schema.c), with its fields as
-- columns in descriptor order; the statements that read and write them are
-- in records.sql. Representation, chosen so that the store's generic
-- binder and reader see exactly what SQLite gives them:
--   text, enums   text; enums CHECKed against the spellings in schema.c
--   references    bigint foreign keys to the row referred to, column
--                 <field>_id; records.sql turns codes into ids and back
--   dates         text 'YYYY-MM-DD';  months text 'YYYY-MM' (the same ISO
--                 text as SQLite, CHECKed by pattern; not DATE, so that
--                 what is read back is the very string written)
--   int, money    bigint (money in whole pounds);  real double precision
--   bool          boolean
--   absent        NULL
-- Row ids are identity columns.
--
-- Every row belongs to an organisation (org_id); deleting the organisation
-- deletes its rows (ON DELETE CASCADE). References between records are
-- NO ACTION, which PostgreSQL checks at the end of each statement, after
-- the cascade's own deletions: deleting a record that others still refer
-- to fails, while the cascade from an organisation, which removes both
-- ends in one statement, succeeds. Every reference column has an index,
-- without which each of those checks would scan a table.
--
-- The natural key of each kind is a UNIQUE index on (org_id, key fields).
-- A key part that may be absent (dca.project, tolerance.programme) is
-- indexed as COALESCE(x, 0), because UNIQUE treats NULLs as all different.
-- "user" is quoted everywhere: it is a reserved word in PostgreSQL.

-- folio_meta: the schema version (PostgreSQL has no PRAGMA user_version).
-- One row, made here; each migration sets it.
CREATE TABLE folio_meta (
	one boolean PRIMARY KEY DEFAULT true CHECK (one),
	version integer NOT NULL
);
INSERT INTO folio_meta (version) VALUES (0);

-- organisation: a body using folio
CREATE TABLE organisation (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	code text NOT NULL UNIQUE,
	name text NOT NULL,
	dca_scale text CHECK (dca_scale IN ('five', 'three')),
	oversight_board text,
	description text
);

-- user: a person who logs in
CREATE TABLE "user" (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	org_id bigint NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	username text NOT NULL,
	name text NOT NULL,
	email text,
	role text NOT NULL CHECK (role IN ('administrator', 'portfolio_office', 'programme_manager', 'board_member', 'viewer')),
	clearance text NOT NULL CHECK (clearance IN ('OFFICIAL', 'OFFICIAL-SENSITIVE')),
	active boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX user_key ON "user" (org_id, username);

-- portfolio: a portfolio of programmes
CREATE TABLE portfolio (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	org_id bigint NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	code text NOT NULL,
	name text NOT NULL,
	owner text,
	directorate text,
	board text,
	description text,
	marking text CHECK (marking IN ('OFFICIAL', 'OFFICIAL-SENSITIVE'))
);
CREATE UNIQUE INDEX portfolio_key ON portfolio (org_id, code);

-- programme: a change programme
CREATE TABLE programme (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	org_id bigint NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	code text NOT NULL,
	portfolio_id bigint NOT NULL REFERENCES portfolio (id),
	name text NOT NULL,
	description text,
	sro text,
	manager text,
	board text,
	lifecycle text NOT NULL CHECK (lifecycle IN ('pipeline', 'active', 'closed')),
	start_date text CHECK (start_date ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
	end_date text CHECK (end_date ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
	whole_life_cost bigint,
	outcome text,
	marking text CHECK (marking IN ('OFFICIAL', 'OFFICIAL-SENSITIVE')),
	assumption text
);
CREATE UNIQUE INDEX programme_key ON programme (org_id, code);
CREATE INDEX programme_portfolio ON programme (portfolio_id);

-- project: a project within a programme
CREATE TABLE project (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	org_id bigint NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	code text NOT NULL,
	programme_id bigint NOT NULL REFERENCES programme (id),
	name text NOT NULL,
	description text,
	manager text,
	lifecycle text NOT NULL CHECK (lifecycle IN ('pipeline', 'active', 'closed')),
	start_date text CHECK (start_date ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
	end_date text CHECK (end_date ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
	whole_life_cost bigint,
	outcome text,
	marking text CHECK (marking IN ('OFFICIAL', 'OFFICIAL-SENSITIVE')),
	assumption text
);
CREATE UNIQUE INDEX project_key ON project (org_id, code);
CREATE INDEX project_programme ON project (programme_id);

-- user_scope: a programme a user works on
CREATE TABLE user_scope (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	org_id bigint NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	user_id bigint NOT NULL REFERENCES "user" (id),
	programme_id bigint NOT NULL REFERENCES programme (id)
);
CREATE UNIQUE INDEX user_scope_key ON user_scope (org_id, user_id, programme_id);
CREATE INDEX user_scope_user ON user_scope (user_id);
CREATE INDEX user_scope_programme ON user_scope (programme_id);

-- period: a monthly reporting period
CREATE TABLE period (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	org_id bigint NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	month text NOT NULL CHECK (month ~ '^[0-9]{4}-[01][0-9]$'),
	state text NOT NULL CHECK (state IN ('open', 'submitted', 'reviewed', 'published')),
	published_by text,
	published_at text
);
CREATE UNIQUE INDEX period_key ON period (org_id, month);

-- dca: a delivery confidence assessment
CREATE TABLE dca (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	org_id bigint NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	programme_id bigint NOT NULL REFERENCES programme (id),
	project_id bigint REFERENCES project (id),
	assessed_on text NOT NULL CHECK (assessed_on ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
	assessor text NOT NULL CHECK (assessor IN ('sro', 'portfolio_office', 'independent')),
	rating text NOT NULL CHECK (rating IN ('Green', 'Amber/Green', 'Amber', 'Amber/Red', 'Red', 'Exempt', 'Not assessed')),
	note text,
	assumption text
);
CREATE UNIQUE INDEX dca_key ON dca (org_id, programme_id, COALESCE(project_id, 0), assessed_on, assessor);
CREATE INDEX dca_programme ON dca (programme_id);
CREATE INDEX dca_project ON dca (project_id);

-- return: a programme's monthly return
CREATE TABLE return (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	org_id bigint NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	programme_id bigint NOT NULL REFERENCES programme (id),
	period text NOT NULL CHECK (period ~ '^[0-9]{4}-[01][0-9]$'),
	version bigint NOT NULL CHECK (version BETWEEN 1 AND 1000),
	status text NOT NULL CHECK (status IN ('draft', 'submitted', 'reviewed', 'published')),
	dca text CHECK (dca IN ('Green', 'Amber/Green', 'Amber', 'Amber/Red', 'Red', 'Exempt', 'Not assessed')),
	sro_dca text CHECK (sro_dca IN ('Green', 'Amber/Green', 'Amber', 'Amber/Red', 'Red', 'Exempt', 'Not assessed')),
	headline text,
	commentary text,
	achievements text,
	next_period text,
	spend_to_date bigint,
	forecast bigint,
	submitted_by text,
	submitted_at text,
	reviewed_by text,
	reviewed_at text,
	assumption text
);
CREATE UNIQUE INDEX return_key ON return (org_id, programme_id, period, version);
CREATE INDEX return_programme ON return (programme_id);

-- milestone: a milestone
CREATE TABLE milestone (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	org_id bigint NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	code text NOT NULL,
	programme_id bigint NOT NULL REFERENCES programme (id),
	project_id bigint REFERENCES project (id),
	name text NOT NULL,
	description text,
	owner text,
	"key" boolean NOT NULL DEFAULT false,
	baseline_date text CHECK (baseline_date ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
	forecast_date text CHECK (forecast_date ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
	actual_date text CHECK (actual_date ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
	marking text CHECK (marking IN ('OFFICIAL', 'OFFICIAL-SENSITIVE')),
	assumption text
);
CREATE UNIQUE INDEX milestone_key ON milestone (org_id, code);
CREATE INDEX milestone_programme ON milestone (programme_id);
CREATE INDEX milestone_project ON milestone (project_id);

-- milestone_forecast: a milestone's forecast as reported in a month
CREATE TABLE milestone_forecast (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	org_id bigint NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	milestone_id bigint NOT NULL REFERENCES milestone (id),
	period text NOT NULL CHECK (period ~ '^[0-9]{4}-[01][0-9]$'),
	forecast_date text CHECK (forecast_date ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
	actual_date text CHECK (actual_date ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$')
);
CREATE UNIQUE INDEX milestone_forecast_key ON milestone_forecast (org_id, milestone_id, period);
CREATE INDEX milestone_forecast_milestone ON milestone_forecast (milestone_id);

-- activity: an activity of the schedule network
CREATE TABLE activity (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	org_id bigint NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	code text NOT NULL,
	programme_id bigint NOT NULL REFERENCES programme (id),
	name text NOT NULL,
	type text NOT NULL CHECK (type IN ('task', 'milestone')),
	milestone_id bigint REFERENCES milestone (id),
	duration_days double precision CHECK (duration_days BETWEEN 0 AND 100000),
	optimistic_days double precision CHECK (optimistic_days BETWEEN 0 AND 100000),
	likely_days double precision CHECK (likely_days BETWEEN 0 AND 100000),
	pessimistic_days double precision CHECK (pessimistic_days BETWEEN 0 AND 100000),
	calendar text,
	constraint_type text CHECK (constraint_type IN ('ASAP', 'ALAP', 'SNET', 'SNLT', 'FNET', 'FNLT', 'MSO', 'MFO')),
	constraint_date text CHECK (constraint_date ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
	actual_start text CHECK (actual_start ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
	actual_finish text CHECK (actual_finish ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
	assumption text
);
CREATE UNIQUE INDEX activity_key ON activity (org_id, code);
CREATE INDEX activity_programme ON activity (programme_id);
CREATE INDEX activity_milestone ON activity (milestone_id);

-- dependency: a link between activities
CREATE TABLE dependency (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	org_id bigint NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	predecessor_id bigint NOT NULL REFERENCES activity (id),
	successor_id bigint NOT NULL REFERENCES activity (id),
	type text NOT NULL CHECK (type IN ('FS', 'SS', 'FF', 'SF')),
	lag_days double precision CHECK (lag_days BETWEEN -100000 AND 100000),
	note text
);
CREATE UNIQUE INDEX dependency_key ON dependency (org_id, predecessor_id, successor_id);
CREATE INDEX dependency_predecessor ON dependency (predecessor_id);
CREATE INDEX dependency_successor ON dependency (successor_id);

-- risk: a risk
CREATE TABLE risk (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	org_id bigint NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	code text NOT NULL,
	level text NOT NULL CHECK (level IN ('project', 'programme', 'portfolio')),
	programme_id bigint REFERENCES programme (id),
	project_id bigint REFERENCES project (id),
	title text NOT NULL,
	cause text,
	event text,
	effect text,
	owner text,
	category text,
	inherent_likelihood bigint CHECK (inherent_likelihood BETWEEN 1 AND 5),
	inherent_impact bigint CHECK (inherent_impact BETWEEN 1 AND 5),
	current_likelihood bigint NOT NULL CHECK (current_likelihood BETWEEN 1 AND 5),
	current_impact bigint NOT NULL CHECK (current_impact BETWEEN 1 AND 5),
	target_likelihood bigint CHECK (target_likelihood BETWEEN 1 AND 5),
	target_impact bigint CHECK (target_impact BETWEEN 1 AND 5),
	proximity text CHECK (proximity ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
	response text CHECK (response IN ('treat', 'tolerate', 'transfer', 'terminate')),
	status text NOT NULL CHECK (status IN ('open', 'closed')),
	raised text CHECK (raised ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
	marking text CHECK (marking IN ('OFFICIAL', 'OFFICIAL-SENSITIVE')),
	assumption text
);
CREATE UNIQUE INDEX risk_key ON risk (org_id, code);
CREATE INDEX risk_programme ON risk (programme_id);
CREATE INDEX risk_project ON risk (project_id);

-- risk_action: an action on a risk
CREATE TABLE risk_action (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	org_id bigint NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	risk_id bigint NOT NULL REFERENCES risk (id),
	seq bigint NOT NULL CHECK (seq BETWEEN 1 AND 1000),
	"action" text NOT NULL,
	owner text,
	due text CHECK (due ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
	done text CHECK (done ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$')
);
CREATE UNIQUE INDEX risk_action_key ON risk_action (org_id, risk_id, seq);
CREATE INDEX risk_action_risk ON risk_action (risk_id);

-- risk_link: a programme risk feeding a portfolio risk
CREATE TABLE risk_link (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	org_id bigint NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	portfolio_risk_id bigint NOT NULL REFERENCES risk (id),
	risk_id bigint NOT NULL REFERENCES risk (id)
);
CREATE UNIQUE INDEX risk_link_key ON risk_link (org_id, portfolio_risk_id, risk_id);
CREATE INDEX risk_link_portfolio_risk ON risk_link (portfolio_risk_id);
CREATE INDEX risk_link_risk ON risk_link (risk_id);

-- issue: an issue
CREATE TABLE issue (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	org_id bigint NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	code text NOT NULL,
	level text NOT NULL CHECK (level IN ('project', 'programme', 'portfolio')),
	programme_id bigint REFERENCES programme (id),
	project_id bigint REFERENCES project (id),
	title text NOT NULL,
	description text,
	severity text NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
	owner text,
	raised text CHECK (raised ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
	status text NOT NULL CHECK (status IN ('open', 'resolved', 'closed')),
	resolution text,
	resolved text CHECK (resolved ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
	marking text CHECK (marking IN ('OFFICIAL', 'OFFICIAL-SENSITIVE')),
	assumption text
);
CREATE UNIQUE INDEX issue_key ON issue (org_id, code);
CREATE INDEX issue_programme ON issue (programme_id);
CREATE INDEX issue_project ON issue (project_id);

-- decision: a decision to be made
CREATE TABLE decision (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	org_id bigint NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	code text NOT NULL,
	programme_id bigint REFERENCES programme (id),
	title text NOT NULL,
	description text,
	board text,
	original_due text CHECK (original_due ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
	due text CHECK (due ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
	decided text CHECK (decided ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
	status text NOT NULL CHECK (status IN ('pending', 'made', 'deferred')),
	outcome text,
	marking text CHECK (marking IN ('OFFICIAL', 'OFFICIAL-SENSITIVE')),
	assumption text
);
CREATE UNIQUE INDEX decision_key ON decision (org_id, code);
CREATE INDEX decision_programme ON decision (programme_id);

-- benefit: a benefit
CREATE TABLE benefit (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	org_id bigint NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	code text NOT NULL,
	programme_id bigint NOT NULL REFERENCES programme (id),
	title text NOT NULL,
	owner text,
	type text NOT NULL CHECK (type IN ('cash_releasing', 'non_cash_releasing', 'dis_benefit')),
	measure text,
	unit text,
	baseline double precision,
	target double precision,
	target_date text CHECK (target_date ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
	evaluation text,
	marking text CHECK (marking IN ('OFFICIAL', 'OFFICIAL-SENSITIVE')),
	assumption text
);
CREATE UNIQUE INDEX benefit_key ON benefit (org_id, code);
CREATE INDEX benefit_programme ON benefit (programme_id);

-- benefit_value: a benefit's planned and actual value in a month
CREATE TABLE benefit_value (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	org_id bigint NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	benefit_id bigint NOT NULL REFERENCES benefit (id),
	period text NOT NULL CHECK (period ~ '^[0-9]{4}-[01][0-9]$'),
	planned double precision,
	actual double precision
);
CREATE UNIQUE INDEX benefit_value_key ON benefit_value (org_id, benefit_id, period);
CREATE INDEX benefit_value_benefit ON benefit_value (benefit_id);

-- finance: a programme's money in a financial year
CREATE TABLE finance (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	org_id bigint NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	programme_id bigint NOT NULL REFERENCES programme (id),
	year bigint NOT NULL CHECK (year BETWEEN 1990 AND 2100),
	capital_budget bigint,
	revenue_budget bigint,
	capital_forecast bigint,
	revenue_forecast bigint,
	capital_actual bigint,
	revenue_actual bigint,
	assumption text
);
CREATE UNIQUE INDEX finance_key ON finance (org_id, programme_id, year);
CREATE INDEX finance_programme ON finance (programme_id);

-- business_case: a business case
CREATE TABLE business_case (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	org_id bigint NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	code text NOT NULL,
	programme_id bigint NOT NULL REFERENCES programme (id),
	project_id bigint REFERENCES project (id),
	title text NOT NULL,
	stage text NOT NULL CHECK (stage IN ('SOC', 'OBC', 'FBC')),
	value bigint,
	board text,
	submitted text CHECK (submitted ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
	decided text CHECK (decided ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
	outcome text NOT NULL CHECK (outcome IN ('pending', 'approved', 'rejected', 'deferred')),
	marking text CHECK (marking IN ('OFFICIAL', 'OFFICIAL-SENSITIVE')),
	assumption text
);
CREATE UNIQUE INDEX business_case_key ON business_case (org_id, code);
CREATE INDEX business_case_programme ON business_case (programme_id);
CREATE INDEX business_case_project ON business_case (project_id);

-- change_request: a request to change a baseline
CREATE TABLE change_request (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	org_id bigint NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	code text NOT NULL,
	programme_id bigint NOT NULL REFERENCES programme (id),
	title text NOT NULL,
	reason text,
	board text,
	raised text CHECK (raised ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
	decision_due text CHECK (decision_due ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
	decided text CHECK (decided ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
	status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn')),
	assumption text
);
CREATE UNIQUE INDEX change_request_key ON change_request (org_id, code);
CREATE INDEX change_request_programme ON change_request (programme_id);

-- baseline: a version of a programme's baseline
CREATE TABLE baseline (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	org_id bigint NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	code text NOT NULL,
	programme_id bigint NOT NULL REFERENCES programme (id),
	version bigint NOT NULL CHECK (version BETWEEN 1 AND 1000),
	change_request_id bigint REFERENCES change_request (id),
	approved_by text,
	approved_on text CHECK (approved_on ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
	end_date text CHECK (end_date ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
	whole_life_cost bigint,
	note text
);
CREATE UNIQUE INDEX baseline_key ON baseline (org_id, code);
CREATE INDEX baseline_programme ON baseline (programme_id);
CREATE INDEX baseline_change_request ON baseline (change_request_id);

-- baseline_milestone: a milestone date in a baseline
CREATE TABLE baseline_milestone (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	org_id bigint NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	baseline_id bigint NOT NULL REFERENCES baseline (id),
	milestone_id bigint NOT NULL REFERENCES milestone (id),
	date text NOT NULL CHECK (date ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$')
);
CREATE UNIQUE INDEX baseline_milestone_key ON baseline_milestone (org_id, baseline_id, milestone_id);
CREATE INDEX baseline_milestone_baseline ON baseline_milestone (baseline_id);
CREATE INDEX baseline_milestone_milestone ON baseline_milestone (milestone_id);

-- unit: a BCU or OCU
CREATE TABLE unit (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	org_id bigint NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	code text NOT NULL,
	name text NOT NULL,
	type text NOT NULL CHECK (type IN ('BCU', 'OCU', 'other')),
	change_manager text
);
CREATE UNIQUE INDEX unit_key ON unit (org_id, code);

-- readiness: a unit's readiness for a change
CREATE TABLE readiness (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	org_id bigint NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	unit_id bigint NOT NULL REFERENCES unit (id),
	programme_id bigint NOT NULL REFERENCES programme (id),
	change text NOT NULL,
	rating text NOT NULL CHECK (rating IN ('ready', 'on_track', 'at_risk', 'not_ready')),
	assessed_on text CHECK (assessed_on ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
	go_live text CHECK (go_live ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
	note text,
	assumption text
);
CREATE UNIQUE INDEX readiness_key ON readiness (org_id, unit_id, programme_id, change);
CREATE INDEX readiness_unit ON readiness (unit_id);
CREATE INDEX readiness_programme ON readiness (programme_id);

-- measure: a roll-out or KPI measure
CREATE TABLE measure (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	org_id bigint NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	code text NOT NULL,
	programme_id bigint REFERENCES programme (id),
	name text NOT NULL,
	unit text,
	baseline double precision,
	target double precision,
	target_date text CHECK (target_date ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
	assumption text
);
CREATE UNIQUE INDEX measure_key ON measure (org_id, code);
CREATE INDEX measure_programme ON measure (programme_id);

-- measure_value: a measure's value on a date
CREATE TABLE measure_value (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	org_id bigint NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	measure_id bigint NOT NULL REFERENCES measure (id),
	"on" text NOT NULL CHECK ("on" ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
	value double precision NOT NULL,
	assumption text
);
CREATE UNIQUE INDEX measure_value_key ON measure_value (org_id, measure_id, "on");
CREATE INDEX measure_value_measure ON measure_value (measure_id);

-- tolerance: a tolerance
CREATE TABLE tolerance (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	org_id bigint NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	programme_id bigint REFERENCES programme (id),
	dimension text NOT NULL CHECK (dimension IN ('time', 'cost', 'scope', 'quality', 'risk', 'benefits', 'confidence')),
	threshold double precision NOT NULL,
	forecast_threshold double precision,
	note text
);
CREATE UNIQUE INDEX tolerance_key ON tolerance (org_id, COALESCE(programme_id, 0), dimension);
CREATE INDEX tolerance_programme ON tolerance (programme_id);

-- exception: a tolerance exception
CREATE TABLE exception (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	org_id bigint NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	code text NOT NULL,
	programme_id bigint NOT NULL REFERENCES programme (id),
	period text NOT NULL CHECK (period ~ '^[0-9]{4}-[01][0-9]$'),
	dimension text NOT NULL CHECK (dimension IN ('time', 'cost', 'scope', 'quality', 'risk', 'benefits', 'confidence')),
	type text NOT NULL CHECK (type IN ('breach', 'forecast_breach')),
	evidence text,
	cause text,
	consequences text,
	options text,
	recommendation text,
	status text NOT NULL CHECK (status IN ('open', 'escalated', 'resolved', 'closed')),
	marking text CHECK (marking IN ('OFFICIAL', 'OFFICIAL-SENSITIVE'))
);
CREATE UNIQUE INDEX exception_key ON exception (org_id, code);
CREATE INDEX exception_programme ON exception (programme_id);

-- The audit log: one row per change, hash-chained (src/model/audit.h).
-- folio only ever appends to it, in the transaction that made the change.
-- Hashes are lower-case hex; prev_hash of the first entry is all zeroes.
CREATE TABLE audit (
	seq bigint PRIMARY KEY,
	at text NOT NULL,
	actor text NOT NULL,
	org text,
	entity text NOT NULL,
	"key" text,
	"action" text NOT NULL CONSTRAINT audit_action_check CHECK ("action" IN ('insert', 'update', 'delete')),
	field text,
	old_value text,
	new_value text,
	prev_hash text NOT NULL CHECK (length(prev_hash) = 64),
	hash text NOT NULL CHECK (length(hash) = 64)
);

-- Entries are never changed or removed. Someone with the rights to drop
-- these triggers could edit an entry, but its stored hash would then no
-- longer match its content, and recomputing the chain (audit_hash) shows
-- the first entry that was touched. TRUNCATE is refused as well: it
-- bypasses row triggers.
CREATE FUNCTION folio_audit_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'the audit log is append-only';
END;
$$;

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
FOR EACH ROW EXECUTE FUNCTION folio_audit_append_only();

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
FOR EACH ROW EXECUTE FUNCTION folio_audit_append_only();

CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
FOR EACH STATEMENT EXECUTE FUNCTION folio_audit_append_only();

-- Each entry follows the last one: no gaps in seq, and prev_hash is the
-- hash of the entry before. Writers also hold the store's advisory lock
-- (records.sql, tx.begin_write), so two servers appending at once queue
-- rather than trip over this check.
CREATE FUNCTION folio_audit_in_order() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
	last_seq bigint;
	last_hash text;
BEGIN
	SELECT seq, hash INTO last_seq, last_hash
	FROM audit ORDER BY seq DESC LIMIT 1;
	IF NEW.seq IS DISTINCT FROM coalesce(last_seq, 0) + 1
	   OR NEW.prev_hash IS DISTINCT FROM coalesce(last_hash, repeat('0', 64)) THEN
		RAISE EXCEPTION 'audit entries must be appended in order';
	END IF;
	RETURN NEW;
END;
$$;

CREATE TRIGGER audit_in_order BEFORE INSERT ON audit
FOR EACH ROW EXECUTE FUNCTION folio_audit_in_order();

UPDATE folio_meta SET version = 1;
