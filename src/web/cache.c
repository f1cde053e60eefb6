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
 */
#include "web/web-int.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/xmalloc.h"
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
};

static void
entry_free(struct cache_entry *ce)
{
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
		entry_free(ce);
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
		entry_free(ce);
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
}
