-- schema-002.sql - migration 2: the monthly cycle's frozen snapshots, and
-- the web application's credentials, sessions and login throttling.
--
-- The PostgreSQL twin of data/sql/sqlite/schema-002.sql. Applied by
-- store_open() to a version 1 database, in one transaction with any other
-- migration (see schema-001.sql). The statements that use these tables are
-- in extra.sql.

-- snapshot: an organisation as published for a month, frozen. The whole
-- organisation as an interchange document (json), its SHA-256 (hex) and
-- when it was published. A correction after publication is published again
-- as the next revision; earlier revisions stay.
CREATE TABLE snapshot (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	org_id bigint NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	month text NOT NULL CHECK (month ~ '^[0-9]{4}-[01][0-9]$'),
	revision integer NOT NULL CHECK (revision >= 1),
	json text NOT NULL,
	sha256 text NOT NULL CHECK (length(sha256) = 64),
	published_at text NOT NULL,
	UNIQUE (org_id, month, revision)
);

-- A snapshot is never changed, and removed only with its organisation (the
-- cascade deletes the snapshot after the organisation row is gone, which
-- these triggers let through).
CREATE FUNCTION folio_snapshot_frozen() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'UPDATE' THEN
		RAISE EXCEPTION 'a published snapshot is never changed';
	END IF;
	IF TG_OP = 'TRUNCATE' OR
	   EXISTS (SELECT 1 FROM organisation WHERE id = OLD.org_id) THEN
		RAISE EXCEPTION 'a published snapshot is never deleted';
	END IF;
	RETURN OLD;
END;
$$;

CREATE TRIGGER snapshot_no_update BEFORE UPDATE ON snapshot
FOR EACH ROW EXECUTE FUNCTION folio_snapshot_frozen();

CREATE TRIGGER snapshot_no_delete BEFORE DELETE ON snapshot
FOR EACH ROW EXECUTE FUNCTION folio_snapshot_frozen();

CREATE TRIGGER snapshot_no_truncate BEFORE TRUNCATE ON snapshot
FOR EACH STATEMENT EXECUTE FUNCTION folio_snapshot_frozen();

-- credential: a user's password hash (Argon2id, libsodium's
-- crypto_pwhash_str). Kept apart from the user table so that exports,
-- listings and the audit log of user records never carry it.
CREATE TABLE credential (
	user_id bigint PRIMARY KEY REFERENCES "user" (id) ON DELETE CASCADE,
	hash text NOT NULL
);

-- session: a login session. Only the SHA-256 of the cookie's token is
-- kept. Operational data: not audited, not exported. Times are Unix
-- seconds.
CREATE TABLE session (
	token_hash text PRIMARY KEY,
	org text NOT NULL,
	username text NOT NULL,
	csrf text NOT NULL,
	created bigint NOT NULL,
	last_seen bigint NOT NULL,
	expires bigint NOT NULL
);
CREATE INDEX session_expires ON session (expires);
CREATE INDEX session_last_seen ON session (last_seen);

-- login_failure: one row per failed login, by throttling key (e.g.
-- "org/username" or a client address), at a Unix time.
CREATE TABLE login_failure (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	"key" text NOT NULL,
	at bigint NOT NULL
);
CREATE INDEX login_failure_key ON login_failure ("key", at);

-- The audit log gains the action "publish" (a snapshot frozen). Where
-- SQLite rebuilds the table, PostgreSQL changes the CHECK in place: every
-- entry stays as it stands and the chain still verifies.
ALTER TABLE audit DROP CONSTRAINT audit_action_check;
ALTER TABLE audit ADD CONSTRAINT audit_action_check
	CHECK ("action" IN ('insert', 'update', 'delete', 'publish'));

UPDATE folio_meta SET version = 2;
