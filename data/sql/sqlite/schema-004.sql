-- schema-004.sql - migration 4: an organisation's working calendars
-- (calendar), their dated days off and days with other hours
-- (calendar_day), and the organisation's default project calendar.
--
-- Applied by store_open() to a version 3 database, in one transaction with
-- any other migration (see schema-001.sql). The new column is added at the
-- end of its table (records.sql names every column, so its place does not
-- matter); the new tables follow schema-001.sql's conventions. The
-- statements are in records.sql. The text forms of calendar.week and
-- calendar_day.hours are checked by src/model/validate.c, not here: one
-- parser (src/model/calendar-text.c) says what they mean.

-- organisation: the calendar its schedules use unless told otherwise
ALTER TABLE organisation ADD COLUMN calendar TEXT;

-- calendar: a working calendar of the organisation's own
CREATE TABLE calendar (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	code TEXT NOT NULL,
	name TEXT NOT NULL,
	base TEXT,
	week TEXT,
	bank_holidays TEXT CHECK (bank_holidays IN ('on', 'off')),
	continuous INTEGER NOT NULL DEFAULT 0 CHECK (continuous IN (0, 1)),
	note TEXT
) STRICT;
CREATE UNIQUE INDEX calendar_key ON calendar (org_id, code);

-- calendar_day: a calendar's day off, or day with other hours
CREATE TABLE calendar_day (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	calendar_id INTEGER NOT NULL REFERENCES calendar (id),
	date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	hours TEXT,
	note TEXT
) STRICT;
CREATE UNIQUE INDEX calendar_day_key ON calendar_day (org_id, calendar_id, date);
CREATE INDEX calendar_day_calendar ON calendar_day (calendar_id);

PRAGMA user_version = 4;
