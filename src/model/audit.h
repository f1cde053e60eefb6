/*
 * audit.h - the audit log's entries and their hash chain.
 *
 * Each entry carries SHA-256 over its own content and the previous
 * entry's hash, so editing, deleting or reordering any entry behind
 * folio's back breaks the chain at that entry (audit_verify_next).
 */
#ifndef FOLIO_AUDIT_H
#define FOLIO_AUDIT_H

#include <stdint.h>

#define AUDIT_HASH_LEN 32

struct audit_entry {
	int64_t seq;		/* 1, 2, ... without gaps */
	const char *at;		/* UTC, "2018-03-31T17:02:11Z" */
	const char *actor;	/* username, or "cli:<login>" */
	const char *org;	/* organisation code */
	const char *entity;	/* kind name, e.g. "programme" */
	const char *key;	/* record's natural key as text */
	const char *action;	/* "insert", "update", "delete" */
	const char *field;	/* changed field, NULL for whole records */
	const char *old_value;	/* NULL when none */
	const char *new_value;	/* NULL when none */
	unsigned char prev[AUDIT_HASH_LEN];
	unsigned char hash[AUDIT_HASH_LEN];
};

/*
 * Compute e->hash from e's content and e->prev. The content is hashed in
 * a fixed, length-prefixed form so no two different entries can collide
 * by moving text between fields.
 */
void audit_hash(struct audit_entry *e);
/* Lower-case hex of a hash into out (at least 65 bytes). */
char *audit_hex(const unsigned char *hash, char *out);
/* Parse 64 hex digits; 0 on success. */
int audit_unhex(const char *hex, unsigned char *hash);

#endif
