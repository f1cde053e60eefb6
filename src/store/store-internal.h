/*
 * store-internal.h - the seam between the generic store (store.c) and its
 * database backends (sqlite/sqlite.c; pg/ later).
 *
 * store.c implements store.h once, for every backend: it keeps
 * transactions, compares records field by field, resolves references,
 * writes the audit chain and applies schema migrations. A backend only
 * moves records and audit entries in and out of its database through the
 * primitive operations of struct store_ops, in the manner of git's
 * refs/refs-internal.h and curl's protocol.h. No database type appears
 * outside the backend's own file.
 *
 * A backend allocates a struct of its own whose first member is a struct
 * store, and hands out a pointer to that member. All its SQL lives in
 * data/sql/<ops->name>/ (embedded, core/asset.h).
 *
 * Every op returns 0 on success and -1 with err filled on failure, except
 * where noted. Constraint failures are reported as ERR_CONFLICT (a unique
 * key or a record still referred to) or ERR_INPUT (a NOT NULL or CHECK
 * constraint), other database failures as ERR_IO.
 */
#ifndef FOLIO_STORE_INTERNAL_H
#define FOLIO_STORE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "model/audit.h"
#include "model/schema.h"
#include "store/store.h"

struct arena;

struct store_ops {
	/* "sqlite": store_backend() and the folder under data/sql/. */
	const char *name;

	/*
	 * Connect to target, creating it if need be, and set the connection
	 * up. Schema migrations are store.c's business. On success *out is
	 * the embedded struct store, zero apart from what the backend sets.
	 */
	int (*open)(struct store **out, const char *target, struct error *err);
	/*
	 * Optional: connect for reading only, creating and changing nothing
	 * (store_open_readonly). NULL: open() serves, and the database's own
	 * permissions decide.
	 */
	int (*open_readonly)(struct store **out, const char *target,
			     struct error *err);
	void (*close)(struct store *st);

	/* The schema version recorded in the database (0 for an empty one). */
	int (*schema_version)(struct store *st, int *version, struct error *err);
	/* Run a migration script (several statements) as it stands. */
	int (*exec_script)(struct store *st, const char *sql, const char *name,
			   struct error *err);

	/*
	 * Transactions. begin(write=1) takes the write lock at once, so the
	 * audit head read in it stays the head until commit. Savepoints make
	 * one store operation atomic inside a caller's transaction; they do
	 * not nest. rollback and rollback_to cannot fail usefully.
	 */
	int (*begin)(struct store *st, int write, struct error *err);
	int (*commit)(struct store *st, struct error *err);
	void (*rollback)(struct store *st);
	int (*savepoint)(struct store *st, struct error *err);
	int (*release)(struct store *st, struct error *err);
	void (*rollback_to)(struct store *st);

	/* Codes of all organisations, sorted; as store_orgs(). */
	int (*org_codes)(struct store *st, char ***codes, size_t *n,
			 struct error *err);
	/*
	 * Row id of the record of kind k whose code (first field) is code in
	 * organisation org (ignored for K_ORGANISATION). *id is 0 if none.
	 */
	int (*find_id)(struct store *st, int64_t org, enum kind k,
		       const char *code, int64_t *id, struct error *err);

	/*
	 * One record of kind k. org is the organisation's row id (for
	 * K_ORGANISATION: 0 on insert, its own id otherwise). References in
	 * rec are codes: a caller checks they resolve (find_id) before
	 * insert or update, since a reference that resolves to nothing would
	 * otherwise be stored as absent. insert sets *id (may be NULL) to the
	 * new row's id. update and remove act on the record with rec's
	 * natural key and set *found (may be NULL) to whether there was one.
	 */
	int (*insert)(struct store *st, int64_t org, enum kind k,
		      const void *rec, int64_t *id, struct error *err);
	int (*update)(struct store *st, int64_t org, enum kind k,
		      const void *rec, int *found, struct error *err);
	int (*remove)(struct store *st, int64_t org, enum kind k,
		      const void *rec, int *found, struct error *err);
	/*
	 * Read the record of kind k with key's natural key into out (a
	 * record of kind k, cleared first), strings in arena a. *found says
	 * whether there was one.
	 */
	int (*get)(struct store *st, int64_t org, enum kind k, const void *key,
		   void *out, struct arena *a, int *found, struct error *err);
	/* Append every record of kind k of organisation org to ds. */
	int (*load)(struct store *st, int64_t org, enum kind k,
		    struct dataset *ds, struct error *err);

	/*
	 * The last audit entry's seq and hash; seq 0 and a zero hash when the
	 * log is empty.
	 */
	int (*audit_head)(struct store *st, int64_t *seq,
			  unsigned char hash[AUDIT_HASH_LEN], struct error *err);
	/* Store e (hash already computed) as the next entry. */
	int (*audit_append)(struct store *st, const struct audit_entry *e,
			    struct error *err);
	/* As store_audit_each(). */
	int (*audit_each)(struct store *st, int64_t from, audit_fn fn,
			  void *ctx, struct error *err);

	/*
	 * Published snapshots of organisation org (row id). snapshot_put
	 * stores json[0..len) with its hex SHA-256 and publication time:
	 * ERR_CONFLICT if that month and revision exist. snapshot_get sets
	 * *json to a NUL-terminated heap copy (NULL when there is none) of
	 * the given revision, 0 meaning the latest, and *got to its
	 * revision. snapshot_list: as store_snapshot_list().
	 */
	int (*snapshot_put)(struct store *st, int64_t org, int32_t month,
			    int revision, const char *json, size_t len,
			    const char *sha256, const char *at,
			    struct error *err);
	int (*snapshot_get)(struct store *st, int64_t org, int32_t month,
			    int revision, char **json, size_t *len, int *got,
			    struct error *err);
	int (*snapshot_list)(struct store *st, int64_t org, int32_t **months,
			     int **revisions, size_t *n, struct error *err);

	/*
	 * The password hash of the user with row id user: set (insert or
	 * replace) and get (*hash a heap copy, NULL when none is set).
	 */
	int (*credential_set)(struct store *st, int64_t user, const char *hash,
			      struct error *err);
	int (*credential_get)(struct store *st, int64_t user, char **hash,
			      struct error *err);

	/* Sessions, one statement each: as the store_session_* functions. */
	int (*session_put)(struct store *st, const struct store_session *s,
			   struct error *err);
	int (*session_get)(struct store *st, const char *token_hash,
			   struct store_session *out, int *found,
			   struct error *err);
	int (*session_touch)(struct store *st, const char *token_hash,
			     int64_t last_seen, struct error *err);
	int (*session_delete)(struct store *st, const char *token_hash,
			      struct error *err);
	int (*session_purge)(struct store *st, int64_t now, int64_t idle_before,
			     struct error *err);
	int (*session_end_user)(struct store *st, const char *org, const char *username,
				const char *keep, struct error *err);

	/*
	 * Failed logins by key: add one at time at, forget key's failures
	 * before time before, count key's failures at or after since, forget
	 * all of key's failures.
	 */
	int (*login_add)(struct store *st, const char *key, int64_t at,
			 struct error *err);
	int (*login_prune)(struct store *st, const char *key, int64_t before,
			   struct error *err);
	int (*login_count)(struct store *st, const char *key, int64_t since,
			   int *count, struct error *err);
	int (*login_reset)(struct store *st, const char *key,
			   struct error *err);
};

struct store {
	const struct store_ops *ops;
	char *target;		/* as given to store_open, for messages */
	char *actor;		/* names writers in the audit log */
	int in_tx;		/* between store_begin and commit/rollback */
	int migrations;		/* migrations store_open applied (tests) */
	/*
	 * The audit chain's head, read once per write transaction: valid
	 * only while head_valid, which every begin, commit and rollback
	 * clears.
	 */
	int head_valid;
	int64_t head_seq;
	unsigned char head_hash[AUDIT_HASH_LEN];
};

extern const struct store_ops sqlite_store_ops;
#ifdef FOLIO_STORE_PG
extern const struct store_ops pg_store_ops;
/*
 * PostgreSQL's ops, or NULL with err filled when they cannot be had. The
 * folio binary loads them from its pg module (src/mod/lazy.c: libpq and
 * what it pulls in cost every other command start-up time); pg/pg.c
 * gives them directly to whatever links it (the tests, the module).
 */
const struct store_ops *store_pg_backend(struct error *err);
#endif

/*
 * Named SQL statements from a file such as data/sql/sqlite/records.sql
 * (the kcgi-framework db.c pattern, with the table read from a file): a
 * line "-- name: <name>" opens a statement that runs to the next one;
 * other lines beginning "--" are comments and dropped. Shared by every
 * backend.
 */
struct sql_stmt {
	const char *name;
	const char *sql;
};

struct sql_file {
	struct sql_stmt *v;
	size_t n, alloc;
	char *text;	/* the file's copy that names and statements point into */
};

/*
 * Parse text (a NUL-terminated file called source, for messages) into f.
 * Fails with ERR_INTERNAL on text before the first name, an empty
 * statement or a name used twice. Release f with sql_file_release()
 * whatever the outcome.
 */
int sql_file_parse(struct sql_file *f, const char *text, const char *source,
		   struct error *err);
/* The statement called name, or NULL. */
const char *sql_file_find(const struct sql_file *f, const char *name);
void sql_file_release(struct sql_file *f);

/* The verbs of records.sql, in the order of store_verb_names. */
enum store_verb {
	SV_INSERT,
	SV_UPDATE,
	SV_DELETE,
	SV_GET,
	SV_LOAD,
	SV_ID,
	SV__COUNT
};

extern const char *const store_verb_names[SV__COUNT];

/*
 * Whether kind k must have a statement for verb v: update only for kinds
 * with a field outside the key, id only for kinds that some reference
 * points at (and the organisation).
 */
int store_verb_needed(enum kind k, enum store_verb v);
/* Fields bound by verb v of kind k: all, the key fields, or just the code. */
size_t store_verb_params(enum kind k, enum store_verb v);

#endif
