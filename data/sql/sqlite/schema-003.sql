-- schema-003.sql - migration 3: the history of risk scores (risk_score),
-- the milestone dates a change request proposes (change_milestone), a
-- risk's schedule impact and the activity it would delay, the tolerance
-- dimension an issue bears on, and the milestone a decision gates.
--
-- Applied by store_open() to a version 2 database, in one transaction with
-- any other migration (see schema-001.sql). The new columns are added at
-- the end of their tables (records.sql names every column, so their place
-- does not matter); the new tables follow schema-001.sql's conventions.
-- The statements are in records.sql.

-- risk: a risk event's schedule impact, for the Monte Carlo simulation
ALTER TABLE risk ADD COLUMN schedule_impact_days REAL
	CHECK (schedule_impact_days BETWEEN 0 AND 100000);
ALTER TABLE risk ADD COLUMN activity_id INTEGER REFERENCES activity (id);
CREATE INDEX risk_activity ON risk (activity_id);

-- risk_score: a risk's score as reported in a month
CREATE TABLE risk_score (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	risk_id INTEGER NOT NULL REFERENCES risk (id),
	period TEXT NOT NULL CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
	likelihood INTEGER NOT NULL CHECK (likelihood BETWEEN 1 AND 5),
	impact INTEGER NOT NULL CHECK (impact BETWEEN 1 AND 5),
	status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
	note TEXT
) STRICT;
CREATE UNIQUE INDEX risk_score_key ON risk_score (org_id, risk_id, period);
CREATE INDEX risk_score_risk ON risk_score (risk_id);

-- issue: the tolerance dimension it bears on
ALTER TABLE issue ADD COLUMN dimension TEXT
	CHECK (dimension IN ('time', 'cost', 'scope', 'quality', 'risk', 'benefits', 'confidence'));

-- decision: the milestone it gates
ALTER TABLE decision ADD COLUMN milestone_id INTEGER REFERENCES milestone (id);
CREATE INDEX decision_milestone ON decision (milestone_id);

-- change_milestone: a milestone date a change request proposes
CREATE TABLE change_milestone (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	change_request_id INTEGER NOT NULL REFERENCES change_request (id),
	milestone_id INTEGER NOT NULL REFERENCES milestone (id),
	proposed_date TEXT NOT NULL CHECK (proposed_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	note TEXT
) STRICT;
CREATE UNIQUE INDEX change_milestone_key ON change_milestone (org_id, change_request_id, milestone_id);
CREATE INDEX change_milestone_change_request ON change_milestone (change_request_id);
CREATE INDEX change_milestone_milestone ON change_milestone (milestone_id);

PRAGMA user_version = 3;
