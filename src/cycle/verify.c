/*
 * verify.c - checking the audit log's hash chain (cycle_audit_verify).
 *
 * Every entry is hashed again with audit_hash() and compared with the
 * hash stored for it, and its prev_hash with the stored hash of the entry
 * before; seq must run 1, 2, ... without gaps. Someone who edits an entry
 * behind folio's back (the sqlite3 shell, triggers dropped) cannot also
 * make its hash match without rewriting every later entry, and even that
 * shows once the head's hash is compared with a copy kept elsewhere.
 */
#include "cycle/cycle.h"

#include <stdio.h>
#include <string.h>

#include "core/error.h"
#include "model/audit.h"
#include "store/store.h"

struct walk {
	struct cycle_verify *out;
	int64_t expect;
	unsigned char prev[AUDIT_HASH_LEN];
};

static int
bad(struct walk *w, const struct audit_entry *e)
{
	w->out->bad_seq = e->seq;
	snprintf(w->out->what, sizeof(w->out->what), "%s %s %s %s%s%s%s%s",
		 e->at ? e->at : "-", e->actor ? e->actor : "-",
		 e->action ? e->action : "-", e->entity ? e->entity : "-",
		 e->key ? " " : "", e->key ? e->key : "",
		 e->field ? " " : "", e->field ? e->field : "");
	return 1;
}

static int
check_entry(const struct audit_entry *e, void *ctx)
{
	struct walk *w = ctx;
	struct audit_entry copy;

	if (e->seq != w->expect) {
		if (e->seq > w->expect)
			snprintf(w->out->why, sizeof(w->out->why),
				 "entry %lld follows entry %lld: %s missing",
				 (long long)e->seq, (long long)(w->expect - 1),
				 e->seq == w->expect + 1 ? "one is" : "some are");
		else
			snprintf(w->out->why, sizeof(w->out->why),
				 "entry %lld comes where entry %lld should",
				 (long long)e->seq, (long long)w->expect);
		return bad(w, e);
	}
	if (memcmp(e->prev, w->prev, AUDIT_HASH_LEN) != 0) {
		snprintf(w->out->why, sizeof(w->out->why),
			 "its previous hash is not the hash of entry %lld",
			 (long long)(e->seq - 1));
		return bad(w, e);
	}
	copy = *e;
	audit_hash(&copy);
	if (memcmp(copy.hash, e->hash, AUDIT_HASH_LEN) != 0) {
		snprintf(w->out->why, sizeof(w->out->why),
			 "its content does not match its hash: it was changed after it was written");
		return bad(w, e);
	}
	memcpy(w->prev, e->hash, AUDIT_HASH_LEN);
	w->expect++;
	w->out->entries++;
	return 0;
}

int
cycle_audit_verify(struct store *st, struct cycle_verify *out,
		   struct error *err)
{
	struct walk w;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&w, 0, sizeof(w));
	w.out = out;
	w.expect = 1;
	rc = store_audit_each(st, 1, check_entry, &w, err);
	if (rc < 0)
		return -1;
	return 0;
}
