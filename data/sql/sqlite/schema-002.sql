-- schema-002.sql - migration 2: the monthly cycle's frozen snapshots, and
-- the web application's credentials, sessions and login throttling.
--
-- Applied by store_open() to a version 1 database, in one transaction with
-- any other migration (see schema-001.sql). The statements that use these
-- tables are in extra.sql.

-- snapshot: an organisation as published for a month, frozen. The whole
-- organisation as an interchange document (json), its SHA-256 (hex) and
-- when it was published. A correction after publication is published again
-- as the next revision; earlier revisions stay.
CREATE TABLE snapshot (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	month TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
	revision INTEGER NOT NULL CHECK (revision >= 1),
	json TEXT NOT NULL,
	sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
	published_at TEXT NOT NULL,
	UNIQUE (org_id, month, revision)
) STRICT;

-- A snapshot is never changed, and removed only with its organisation (the
-- cascade deletes the snapshot after the organisation row is gone, which
-- these triggers let through).
CREATE TRIGGER snapshot_no_update BEFORE UPDATE ON snapshot
BEGIN
	SELECT RAISE(ABORT, 'a published snapshot is never changed');
END;

CREATE TRIGGER snapshot_no_delete BEFORE DELETE ON snapshot
WHEN EXISTS (SELECT 1 FROM organisation WHERE id = OLD.org_id)
BEGIN
	SELECT RAISE(ABORT, 'a published snapshot is never deleted');
END;

-- credential: a user's password hash (Argon2id, libsodium's
-- crypto_pwhash_str). Kept apart from the user table so that exports,
-- listings and the audit log of user records never carry it.
CREATE TABLE credential (
	user_id INTEGER PRIMARY KEY REFERENCES user (id) ON DELETE CASCADE,
	hash TEXT NOT NULL
) STRICT;

-- session: a login session. Only the SHA-256 of the cookie's token is
-- kept. Operational data: not audited, not exported. Times are Unix
-- seconds.
CREATE TABLE session (
	token_hash TEXT PRIMARY KEY,
	org TEXT NOT NULL,
	username TEXT NOT NULL,
	csrf TEXT NOT NULL,
	created INTEGER NOT NULL,
	last_seen INTEGER NOT NULL,
	expires INTEGER NOT NULL
) STRICT;
CREATE INDEX session_expires ON session (expires);
CREATE INDEX session_last_seen ON session (last_seen);

-- login_failure: one row per failed login, by throttling key (e.g.
-- "org/username" or a client address), at a Unix time.
CREATE TABLE login_failure (
	id INTEGER PRIMARY KEY,
	"key" TEXT NOT NULL,
	at INTEGER NOT NULL
) STRICT;
CREATE INDEX login_failure_key ON login_failure ("key", at);

-- The audit log gains the action "publish" (a snapshot frozen). SQLite
-- cannot change a CHECK constraint in place, so the table is rebuilt with
-- every entry copied as it stands (seq, values and hashes unchanged: the
-- chain still verifies) and its triggers made again.
DROP TRIGGER audit_no_update;
DROP TRIGGER audit_no_delete;
DROP TRIGGER audit_in_order;

CREATE TABLE audit_v2 (
	seq INTEGER PRIMARY KEY,
	at TEXT NOT NULL,
	actor TEXT NOT NULL,
	org TEXT,
	entity TEXT NOT NULL,
	"key" TEXT,
	"action" TEXT NOT NULL CHECK ("action" IN ('insert', 'update', 'delete', 'publish')),
	field TEXT,
	old_value TEXT,
	new_value TEXT,
	prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
	hash TEXT NOT NULL CHECK (length(hash) = 64)
) STRICT;
INSERT INTO audit_v2 SELECT seq, at, actor, org, entity, "key", "action",
	field, old_value, new_value, prev_hash, hash FROM audit ORDER BY seq;
DROP TABLE audit;
ALTER TABLE audit_v2 RENAME TO audit;

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_in_order BEFORE INSERT ON audit
WHEN NEW.seq IS NOT coalesce((SELECT max(seq) FROM audit), 0) + 1
	OR NEW.prev_hash IS NOT coalesce(
		(SELECT hash FROM audit ORDER BY seq DESC LIMIT 1),
		'0000000000000000000000000000000000000000000000000000000000000000')
BEGIN
	SELECT RAISE(ABORT, 'audit entries must be appended in order');
END;

PRAGMA user_version = 2;
