-- extra.sql - statements of folio's PostgreSQL store that are not about
-- one kind of record: published snapshots, credentials, sessions and login
-- throttling (tables of schema-002.sql), by name. The twin of
-- data/sql/sqlite/extra.sql, $n for ?n.
--
-- The same file format as records.sql ("-- name: <name>" starts a
-- statement); every value is bound. Organisations and users are named by
-- row id ($1), which the generic store looks up by code first.

-- published snapshots ------------------------------------------------------

-- name: snapshot.put
INSERT INTO snapshot (org_id, month, revision, json, sha256, published_at)
VALUES ($1, $2, $3, $4, $5, $6);

-- Revision 0 asks for the latest.
-- name: snapshot.get
SELECT revision, json FROM snapshot
WHERE org_id = $1 AND month = $2 AND ($3 = 0 OR revision = $3)
ORDER BY revision DESC LIMIT 1;

-- name: snapshot.list
SELECT month, max(revision) FROM snapshot
WHERE org_id = $1
GROUP BY month ORDER BY month COLLATE "C";

-- credentials -------------------------------------------------------------

-- name: credential.set
INSERT INTO credential (user_id, hash) VALUES ($1, $2)
ON CONFLICT (user_id) DO UPDATE SET hash = excluded.hash;

-- name: credential.get
SELECT hash FROM credential WHERE user_id = $1;

-- sessions ----------------------------------------------------------------

-- name: session.put
INSERT INTO session (token_hash, org, username, csrf, created, last_seen,
	expires)
VALUES ($1, $2, $3, $4, $5, $6, $7);

-- name: session.get
SELECT token_hash, org, username, csrf, created, last_seen, expires
FROM session WHERE token_hash = $1;

-- name: session.touch
UPDATE session SET last_seen = $2 WHERE token_hash = $1;

-- name: session.delete
DELETE FROM session WHERE token_hash = $1;

-- name: session.purge
DELETE FROM session WHERE expires <= $1 OR last_seen < $2;

-- Every session of one user but the one kept ($3, '' for none).
-- name: session.end_user
DELETE FROM session WHERE org = $1 AND username = $2 AND token_hash <> $3;

-- login throttling --------------------------------------------------------

-- name: login.add
INSERT INTO login_failure ("key", at) VALUES ($1, $2);

-- Failures older than the window no longer count: forget them.
-- name: login.prune
DELETE FROM login_failure WHERE "key" = $1 AND at < $2;

-- name: login.count
SELECT count(*) FROM login_failure WHERE "key" = $1 AND at >= $2;

-- name: login.reset
DELETE FROM login_failure WHERE "key" = $1;
