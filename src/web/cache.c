/*
 * cache.c - the served organisation loaded once and shared by requests
 * until the data changes.
 *
 * Loading an organisation from the store takes milliseconds; the
 * dashboard must answer in far less. So the dataset is kept in memory
 * with the audit log's head sequence number at load time. Every write
 * through the store, from this server or any other process, appends to
 * the audit log in its transaction, so "has anything been written since"
 * is one indexed query: an audit entry after the cached head, asked at
 * most every CHECK_EVERY_MS (this server's own writes invalidate at
 * once). When there is one, the next request loads afresh and swaps the
 * entry in; requests still using the old one keep it alive by reference
 * count.
 *
 * Each entry also keeps the filtered views (authz_filter_dataset) for the
 * few clearance and publication combinations, and memoised view results
 * (routes flagged R_CACHE), all freed with the entry.
 *
 * A published month is shown as it was published: its snapshot, parsed
 * once (cycle_dataset_as_at_rev) and kept by (month, revision) in a small
 * most-recently-used list on the server, with its own filtered views.
 * Parsing a large organisation's snapshot takes a good part of a second,
 * so a snapshot outlives the entries (a live edit does not reparse it);
 * a correction publishes a new revision, which is a new key, and the
 * old one ages out. Each entry learns the months' latest revisions once
 * (store_snapshot_list, at its audit head) and holds a reference to the
 * snapshots it served, so the views its memo was made from stay alive
 * and the memo (keyed by data version, user and query) names one
 * dataset: publishing writes the audit log, so a new revision is a new
 * entry with a new memo.
 */
#include "web/web-int.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/xmalloc.h"
#include "cycle/cycle.h"
#include "model/audit.h"
#include "store/store.h"

/*
 * How often, at most, the audit head is asked for: writes by this server
 * invalidate at once (cache_invalidate); writes by other processes are
 * seen within this many milliseconds.
 */
#define CHECK_EVERY_MS 100
/* Memoised results kept per entry at most (then views are just built),
   and the bytes of memoised text (pages, papers, charts) at most. */
#define MEMO_MAX 512
#define MEMO_MAX_BYTES ((size_t)64 << 20)
#define NCLEAR 2	/* OFFICIAL, OFFICIAL-SENSITIVE */
#define NFLAGS 2	/* 0, VIEW_PUBLISHED */

struct memo {
	char *key;
	json_t *v;
};

struct cache_snap {
	int refs;		/* under web.cache_lock */
	int32_t month;
	int revision;
	struct dataset full;
	pthread_mutex_t lock;	/* views */
	struct dataset *views[NCLEAR][NFLAGS];
};

struct cache_entry {
	int refs;		/* under web.cache_lock */
	int stale;		/* under web.cache_lock */
	int64_t seq;		/* audit head when loaded */
	int64_t checked_ms;	/* when the head was last asked for (monotonic),
				   under web.cache_lock */
	struct dataset full;
	pthread_mutex_t lock;	/* views and memo */
	struct dataset *views[NCLEAR][NFLAGS];
	struct memo *memo;
	size_t nmemo, alloc;
	size_t memo_bytes;	/* of the memoised strings */
	/* snapshots, under lock: the latest revision of each month (at seq),
	   listed once (snap_listed), and the snapshots served */
	int snap_listed;
	int32_t *snap_months;
	int *snap_revisions;
	size_t nsnap_months;
	struct cache_snap **snaps;
	size_t nsnaps, alloc_snaps;
};

static void
snap_free(struct cache_snap *cs)
{
	for (int c = 0; c < NCLEAR; c++)
		for (int f = 0; f < NFLAGS; f++)
			if (cs->views[c][f]) {
				dataset_release(cs->views[c][f]);
				free(cs->views[c][f]);
			}
	dataset_release(&cs->full);
	pthread_mutex_destroy(&cs->lock);
	free(cs);
}

/* Drop one reference (taken under w->cache_lock). */
static void
snap_put(struct web *w, struct cache_snap *cs)
{
	int gone;

	if (cs == NULL)
		return;
	pthread_mutex_lock(&w->cache_lock);
	gone = --cs->refs == 0;
	pthread_mutex_unlock(&w->cache_lock);
	if (gone)
		snap_free(cs);
}

static void
entry_free(struct web *w, struct cache_entry *ce)
{
	for (size_t i = 0; i < ce->nsnaps; i++)
		snap_put(w, ce->snaps[i]);
	free(ce->snaps);
	free(ce->snap_months);
	free(ce->snap_revisions);
	for (int c = 0; c < NCLEAR; c++)
		for (int f = 0; f < NFLAGS; f++)
			if (ce->views[c][f]) {
				dataset_release(ce->views[c][f]);
				free(ce->views[c][f]);
			}
	for (size_t i = 0; i < ce->nmemo; i++) {
		free(ce->memo[i].key);
		json_decref(ce->memo[i].v);
	}
	free(ce->memo);
	dataset_release(&ce->full);
	pthread_mutex_destroy(&ce->lock);
	free(ce);
}

struct head {
	int64_t seq;
	int stop;	/* stop at the first entry found */
};

static int
head_fn(const struct audit_entry *e, void *ctx)
{
	struct head *h = ctx;

	if (e->seq > h->seq)
		h->seq = e->seq;
	return h->stop;
}

static int64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
cache_put(struct web *w, struct cache_entry *ce)
{
	int gone;

	if (ce == NULL)
		return;
	pthread_mutex_lock(&w->cache_lock);
	gone = --ce->refs == 0;
	pthread_mutex_unlock(&w->cache_lock);
	if (gone)
		entry_free(w, ce);
}

void
cache_invalidate(struct web *w)
{
	pthread_mutex_lock(&w->cache_lock);
	if (w->cache)
		w->cache->stale = 1;
	pthread_mutex_unlock(&w->cache_lock);
}

int
cache_get(struct web *w, struct store *st, struct cache_entry **out,
	  struct error *err)
{
	struct cache_entry *ce, *old = NULL;
	struct head h = { 0, 1 };
	int stale = 0, ret = -1;

	int64_t now = mono_ms();
	int fresh = 0;

	pthread_mutex_lock(&w->cache_lock);
	ce = w->cache;
	if (ce) {
		ce->refs++;
		stale = ce->stale;
		fresh = !stale && now - ce->checked_ms < CHECK_EVERY_MS;
	}
	pthread_mutex_unlock(&w->cache_lock);

	if (fresh) {
		*out = ce;
		return 0;
	}
	if (ce && !stale) {
		h.seq = ce->seq;
		if (store_audit_each(st, ce->seq + 1, head_fn, &h, err) < 0)
			goto fail;
		if (h.seq == ce->seq) {
			pthread_mutex_lock(&w->cache_lock);
			ce->checked_ms = now;
			pthread_mutex_unlock(&w->cache_lock);
			*out = ce;
			return 0;
		}
	}
	/* Read the head before loading: a write in between is then seen as
	   newer next time, never missed. */
	h.seq = ce ? ce->seq : 0;
	h.stop = 0;
	if (store_audit_each(st, h.seq + 1, head_fn, &h, err) < 0)
		goto fail;
	cache_put(w, ce);
	ce = xcalloc(1, sizeof(*ce));
	pthread_mutex_init(&ce->lock, NULL);
	dataset_init(&ce->full);
	ce->seq = h.seq;
	ce->checked_ms = now;
	if (store_load(st, w->org, &ce->full, err) < 0) {
		entry_free(w, ce);
		return -1;
	}
	ce->refs = 2;	/* the cache's and the caller's */
	pthread_mutex_lock(&w->cache_lock);
	if (w->cache == NULL || w->cache->seq <= ce->seq) {
		old = w->cache;
		w->cache = ce;
	} else {
		ce->refs--;	/* a newer one is already in; use ours once */
	}
	pthread_mutex_unlock(&w->cache_lock);
	cache_put(w, old);
	*out = ce;
	ret = 0;
	return ret;
fail:
	cache_put(w, ce);
	return -1;
}

const struct dataset *
cache_full(struct cache_entry *ce)
{
	return &ce->full;
}

const struct dataset *
cache_view(struct cache_entry *ce, int clearance, unsigned flags)
{
	struct dataset *v;
	int c = clearance < 0 ? 0 : clearance >= NCLEAR ? NCLEAR - 1 : clearance;
	int f = (flags & VIEW_PUBLISHED) ? 1 : 0;

	pthread_mutex_lock(&ce->lock);
	v = ce->views[c][f];
	if (v == NULL) {
		v = xmalloc(sizeof(*v));
		authz_filter_dataset(&ce->full, c, f ? VIEW_PUBLISHED : 0, NULL, 0, v);
		ce->views[c][f] = v;
	}
	pthread_mutex_unlock(&ce->lock);
	return v;
}

/* The latest revision of month as ce's data version knows it, 0: none. */
static int
snap_revision(struct cache_entry *ce, struct store *st, const char *org,
	      int32_t month, struct error *err)
{
	int32_t *months = NULL;
	int *revisions = NULL, rev = 0, ret = -1;
	size_t n = 0;

	pthread_mutex_lock(&ce->lock);
	if (!ce->snap_listed) {
		pthread_mutex_unlock(&ce->lock);
		if (store_snapshot_list(st, org, &months, &revisions, &n, err) < 0)
			return -1;
		pthread_mutex_lock(&ce->lock);
		if (!ce->snap_listed) {
			ce->snap_months = months;
			ce->snap_revisions = revisions;
			ce->nsnap_months = n;
			ce->snap_listed = 1;
			months = NULL;
			revisions = NULL;
		}
	}
	for (size_t i = 0; i < ce->nsnap_months; i++)
		if (ce->snap_months[i] == month)
			rev = ce->snap_revisions[i];
	ret = rev;
	pthread_mutex_unlock(&ce->lock);
	free(months);
	free(revisions);
	return ret;
}

/*
 * The parsed snapshot of (month, revision) from the server's list, moved
 * to its front, or parsed now and put there (the least recently used one
 * beyond WEB_SNAP_MAX dropped). Takes a reference for the caller.
 */
static struct cache_snap *
snap_get(struct web *w, struct store *st, int32_t month, int revision,
	 struct error *err)
{
	struct cache_snap *cs = NULL, *drop = NULL;
	size_t i;
	int got = 0;

	pthread_mutex_lock(&w->cache_lock);
	for (i = 0; i < WEB_SNAP_MAX && w->snaps[i]; i++)
		if (w->snaps[i]->month == month && w->snaps[i]->revision == revision) {
			cs = w->snaps[i];
			memmove(w->snaps + 1, w->snaps, i * sizeof(*w->snaps));
			w->snaps[0] = cs;
			cs->refs++;
			break;
		}
	pthread_mutex_unlock(&w->cache_lock);
	if (cs)
		return cs;

	cs = xcalloc(1, sizeof(*cs));
	pthread_mutex_init(&cs->lock, NULL);
	if (cycle_dataset_as_at_rev(st, w->org, month, &cs->full, &got, err) < 0) {
		snap_free(cs);
		return NULL;
	}
	cs->month = month;
	/* a newer revision published since the entry's list is kept as what
	   it is: the key is the revision actually read */
	cs->revision = got;
	cs->refs = 2;	/* the list's and the caller's */
	pthread_mutex_lock(&w->cache_lock);
	drop = w->snaps[WEB_SNAP_MAX - 1];
	memmove(w->snaps + 1, w->snaps, (WEB_SNAP_MAX - 1) * sizeof(*w->snaps));
	w->snaps[0] = cs;
	pthread_mutex_unlock(&w->cache_lock);
	snap_put(w, drop);
	return cs;
}

int
cache_snapshot_view(struct web *w, struct store *st, struct cache_entry *ce,
		    int32_t month, int clearance, unsigned flags,
		    const struct dataset **view, const struct dataset **full,
		    struct error *err)
{
	struct cache_snap *cs = NULL, *extra = NULL;
	struct dataset *v;
	int c = clearance < 0 ? 0 : clearance >= NCLEAR ? NCLEAR - 1 : clearance;
	int f = (flags & VIEW_PUBLISHED) ? 1 : 0;
	int rev;

	*view = NULL;
	if (full)
		*full = NULL;
	if ((rev = snap_revision(ce, st, w->org, month, err)) <= 0)
		return rev;
	pthread_mutex_lock(&ce->lock);
	for (size_t i = 0; i < ce->nsnaps; i++)
		if (ce->snaps[i]->month == month)
			cs = ce->snaps[i];
	pthread_mutex_unlock(&ce->lock);
	if (cs == NULL) {
		if ((extra = snap_get(w, st, month, rev, err)) == NULL)
			return -1;
		pthread_mutex_lock(&ce->lock);
		for (size_t i = 0; i < ce->nsnaps; i++)
			if (ce->snaps[i]->month == month)
				cs = ce->snaps[i];
		if (cs == NULL) {
			/* the entry's reference: the caller's, handed over */
			ALLOC_GROW(ce->snaps, ce->nsnaps + 1, ce->alloc_snaps);
			ce->snaps[ce->nsnaps++] = cs = extra;
			extra = NULL;
		}
		pthread_mutex_unlock(&ce->lock);
		snap_put(w, extra);	/* another request was first */
	}
	pthread_mutex_lock(&cs->lock);
	v = cs->views[c][f];
	if (v == NULL) {
		v = xmalloc(sizeof(*v));
		authz_filter_dataset(&cs->full, c, f ? VIEW_PUBLISHED : 0, NULL, 0, v);
		cs->views[c][f] = v;
	}
	pthread_mutex_unlock(&cs->lock);
	*view = v;
	if (full)
		*full = &cs->full;
	return 1;
}

json_t *
cache_memo_get(struct cache_entry *ce, const char *key)
{
	json_t *v = NULL;

	pthread_mutex_lock(&ce->lock);
	for (size_t i = 0; i < ce->nmemo; i++)
		if (strcmp(ce->memo[i].key, key) == 0) {
			v = json_incref(ce->memo[i].v);
			break;
		}
	pthread_mutex_unlock(&ce->lock);
	return v;
}

void
cache_memo_put(struct cache_entry *ce, const char *key, json_t *v)
{
	size_t bytes = json_is_string(v) ? json_string_length(v) : 0;

	pthread_mutex_lock(&ce->lock);
	if (ce->nmemo < MEMO_MAX && ce->memo_bytes + bytes <= MEMO_MAX_BYTES) {
		size_t i;

		for (i = 0; i < ce->nmemo; i++)
			if (strcmp(ce->memo[i].key, key) == 0)
				break;
		if (i == ce->nmemo) {
			ALLOC_GROW(ce->memo, ce->nmemo + 1, ce->alloc);
			ce->memo[ce->nmemo].key = xstrdup(key);
			ce->memo[ce->nmemo].v = json_incref(v);
			ce->nmemo++;
			ce->memo_bytes += bytes;
		}
	}
	pthread_mutex_unlock(&ce->lock);
}

void
cache_free_all(struct web *w)
{
	struct cache_entry *ce;

	pthread_mutex_lock(&w->cache_lock);
	ce = w->cache;
	w->cache = NULL;
	pthread_mutex_unlock(&w->cache_lock);
	cache_put(w, ce);
	for (size_t i = 0; i < WEB_SNAP_MAX; i++) {
		struct cache_snap *cs;

		pthread_mutex_lock(&w->cache_lock);
		cs = w->snaps[i];
		w->snaps[i] = NULL;
		pthread_mutex_unlock(&w->cache_lock);
		snap_put(w, cs);
	}
}
