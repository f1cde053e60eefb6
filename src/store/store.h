/*
 * store.h - where an organisation's records live.
 *
 * The store is an opaque handle. Callers never know which database is
 * behind it: store_open() picks the backend from the target ("postgresql:"
 * or "postgres:" URIs for PostgreSQL, anything else is a SQLite file) and
 * every operation goes through that backend's struct store_ops
 * (store-internal.h). All SQL lives in data/sql/<backend>/.
 *
 * Every write made through the store appends to the audit log, in the
 * same transaction, an entry saying who (store_set_actor), when, which
 * record, which field, and the old and new values. Entries are
 * hash-chained (model/audit.h). The environment variable FOLIO_NOW (an
 * ISO 8601 timestamp) overrides the entries' time, for reproducible tests.
 * docs/store.md describes the design.
 *
 * Functions return 0 on success and -1 with err filled on failure.
 */
#ifndef FOLIO_STORE_H
#define FOLIO_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "model/schema.h"

struct store;
struct dataset;
struct error;
struct audit_entry;

/* The schema version this binary writes (see data/sql/sqlite/). */
#define STORE_SCHEMA_VERSION 4

/*
 * Open (creating if need be) the store at target and bring its schema up
 * to date. A database whose schema is newer than this binary is refused
 * with ERR_IO and a message naming both versions.
 */
int store_open(struct store **out, const char *target, struct error *err);
/*
 * Open the store at target for reading only: nothing is created or
 * migrated, and a write through it fails. For commands that only read,
 * so that a database its user may not change (a file or folder without
 * write permission) can still be read. A schema older than this binary's
 * is brought up to date as store_open() would, if the database allows;
 * a SQLite database in WAL mode whose folder cannot hold its side files
 * (-wal, -shm) is refused with a message saying so.
 */
int store_open_readonly(struct store **out, const char *target,
			struct error *err);
void store_close(struct store *st);
/*
 * Non-zero if target names a database file (SQLite), which a caller may
 * look for or make a folder for before store_open(); zero for a database
 * server's URI, which only store_open() can tell about.
 */
int store_target_is_file(const char *target);
/* "sqlite" or "pg" (the folder of its SQL under data/sql/). */
const char *store_backend(const struct store *st);
/* Schema version found in the database. */
int store_schema_version(struct store *st, int *version, struct error *err);

/* Who the audit log names for writes from now on (copied). */
void store_set_actor(struct store *st, const char *actor);

/* Transactions. Writes outside one run in a transaction of their own. */
int store_begin(struct store *st, struct error *err);
int store_commit(struct store *st, struct error *err);
void store_rollback(struct store *st);

/*
 * The codes of every organisation in the store, sorted. *codes is a
 * NULL-terminated heap array of heap strings: free with store_free_list().
 */
int store_orgs(struct store *st, char ***codes, size_t *n, struct error *err);
void store_free_list(char **list);

/*
 * Load every record of organisation org into ds (which must be freshly
 * initialised), each table sorted by natural key. ERR_NOTFOUND if there is
 * no such organisation.
 */
int store_load(struct store *st, const char *org, struct dataset *ds,
	       struct error *err);
/*
 * As store_load(), reading only the kinds whose bit STORE_KIND(k) is set
 * in kinds; the other tables of ds stay empty. For callers that need a few
 * kinds of a big organisation (a month's returns need neither its schedule
 * network nor its history of forecasts).
 */
#define STORE_KIND(k) ((uint64_t)1 << (k))
int store_load_kinds(struct store *st, const char *org, uint64_t kinds,
		     struct dataset *ds, struct error *err);

/*
 * Write every record of ds as a new organisation. ERR_CONFLICT if an
 * organisation with that code exists. Callers validate ds first
 * (model/validate.h); constraint failures still come back as errors.
 */
int store_create_org(struct store *st, const struct dataset *ds,
		     struct error *err);
/*
 * Remove an organisation and all its records. One audit entry records the
 * organisation; its records were each audited when written.
 */
int store_delete_org(struct store *st, const char *org, struct error *err);

/*
 * Insert rec (a record of kind k), or update the record with the same
 * natural key, auditing each changed field (nothing is written when
 * nothing changed). References are by code and must resolve within org
 * (ERR_NOTFOUND naming the reference otherwise). For K_ORGANISATION, rec
 * must be org's own record: organisations are made by store_create_org.
 * Inside a transaction a failed put or delete undoes only itself.
 */
int store_put(struct store *st, const char *org, enum kind k,
	      const void *rec, struct error *err);
/* Delete the record of kind k with rec's natural key (audited). */
int store_delete(struct store *st, const char *org, enum kind k,
		 const void *rec, struct error *err);

/*
 * Call fn for each audit entry in order of seq (from seq `from`, 1 for
 * all); fn returns 0 to go on, non-zero to stop (then returned). The
 * entry and its strings are valid only during the call; fn may read
 * from the store.
 */
typedef int (*audit_fn)(const struct audit_entry *e, void *ctx);
int store_audit_each(struct store *st, int64_t from, audit_fn fn, void *ctx,
		     struct error *err);

/* --- published snapshots: the monthly cycle's frozen record -------------- */

/*
 * Keep the frozen copy of organisation org as published for month: the
 * whole organisation as an interchange document (json, len bytes). The
 * first publication of a month is revision 1; a re-publication after a
 * correction is the next revision. Snapshots are never changed or
 * deleted (audited as action "publish"). ERR_CONFLICT if that revision
 * exists.
 */
int store_snapshot_put(struct store *st, const char *org, int32_t month,
		       int revision, const char *json, size_t len,
		       struct error *err);
/*
 * The snapshot of month (revision 0: the latest). *json is a NUL-terminated
 * heap copy the caller frees; *got (may be NULL) receives the revision.
 * ERR_NOTFOUND if there is none.
 */
int store_snapshot_get(struct store *st, const char *org, int32_t month,
		       int revision, char **json, size_t *len, int *got,
		       struct error *err);
/*
 * The latest revision of each month with a snapshot, months ascending:
 * *months and *revisions are heap arrays of *n entries the caller frees.
 */
int store_snapshot_list(struct store *st, const char *org, int32_t **months,
			int **revisions, size_t *n, struct error *err);

/* --- credentials and sessions: the web application ----------------------- */

/*
 * Set the password hash (an Argon2id string from libsodium's
 * crypto_pwhash_str) of user username of org. The audit log records that
 * the credential changed, never the hash. ERR_NOTFOUND if no such user.
 */
int store_credential_set(struct store *st, const char *org,
			 const char *username, const char *hash,
			 struct error *err);
/* The hash (heap, caller frees) or ERR_NOTFOUND. */
int store_credential_get(struct store *st, const char *org,
			 const char *username, char **hash, struct error *err);

/*
 * A login session. Only a hash of the session token is stored, so the
 * database never holds a usable token. Times are Unix seconds.
 */
struct store_session {
	char *token_hash;	/* hex SHA-256 of the cookie's token */
	char *org;
	char *username;
	char *csrf;		/* the session's CSRF token */
	int64_t created;
	int64_t last_seen;
	int64_t expires;	/* absolute expiry */
};

void store_session_release(struct store_session *s);
int store_session_put(struct store *st, const struct store_session *s,
		      struct error *err);
/* Fill *out (heap strings: store_session_release) and set *found. */
int store_session_get(struct store *st, const char *token_hash,
		      struct store_session *out, int *found,
		      struct error *err);
int store_session_touch(struct store *st, const char *token_hash,
			int64_t last_seen, struct error *err);
int store_session_delete(struct store *st, const char *token_hash,
			 struct error *err);
/*
 * End every session of username in org but the one whose token hash is
 * keep (NULL: every one): a password changed must sign out whoever held
 * the old one.
 */
int store_session_end_user(struct store *st, const char *org, const char *username,
			   const char *keep, struct error *err);
/* Delete sessions idle since before idle_before or expired by now. */
int store_session_purge(struct store *st, int64_t now, int64_t idle_before,
			struct error *err);

/*
 * Login throttling: record a failed login for key (e.g. "org/username"
 * or a client address) at now and set *count to the failures for key
 * since now - window. store_login_reset() forgets key's failures.
 */
int store_login_failure(struct store *st, const char *key, int64_t now,
			int64_t window, int *count, struct error *err);
int store_login_reset(struct store *st, const char *key, struct error *err);

#endif
