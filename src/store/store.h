/*
 * store.h - where an organisation's records live.
 *
 * The store is an opaque handle. Callers never know which database is
 * behind it: store_open() picks the backend from the target ("postgresql:"
 * URIs for PostgreSQL once it lands, anything else is a SQLite file) and
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
#define STORE_SCHEMA_VERSION 1

/*
 * Open (creating if need be) the store at target and bring its schema up
 * to date. A database whose schema is newer than this binary is refused
 * with ERR_IO and a message naming both versions.
 */
int store_open(struct store **out, const char *target, struct error *err);
void store_close(struct store *st);
/* "sqlite" or "postgresql". */
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

#endif
