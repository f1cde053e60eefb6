/*
 * network.c - building, checking and compiling a schedule network.
 */
#include "sched/network.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/error.h"
#include "core/strbuf.h"
#include "core/xmalloc.h"
#include "sched/calendar.h"

static const char *const link_names[] = { "FS", "SS", "FF", "SF" };
static const char *const constraint_names[] = {
	"ASAP", "ALAP", "SNET", "SNLT", "FNET", "FNLT", "MSO", "MFO"
};

const char *
sched_link_name(enum sched_link_type type)
{
	return (unsigned)type < 4 ? link_names[type] : "?";
}

int
sched_link_parse(const char *s)
{
	for (int i = 0; i < 4; i++)
		if (strcasecmp(s, link_names[i]) == 0)
			return i;
	return -1;
}

const char *
sched_constraint_name(enum sched_constraint c)
{
	return (unsigned)c < 8 ? constraint_names[c] : "?";
}

int
sched_constraint_parse(const char *s)
{
	for (int i = 0; i < 8; i++)
		if (strcasecmp(s, constraint_names[i]) == 0)
			return i;
	return -1;
}

void
sched_network_init(struct sched_network *net)
{
	memset(net, 0, sizeof(*net));
	arena_init(&net->arena);
	net->project_cal = -1;
	net->axis = -1;
	net->honour_constraints = 1;
	net->start = SCHED_NONE;
}

static void
free_compiled(struct sched_network *net)
{
	free(net->order);
	free(net->pos);
	free(net->in_off);
	free(net->in_from);
	free(net->out_off);
	free(net->out_to);
	free(net->in_link);
	free(net->out_link);
	free(net->e_type);
	free(net->e_elapsed);
	free(net->e_lag);
	free(net->dur);
	free(net->summary_order);
	net->order = NULL;
	net->pos = NULL;
	net->in_off = net->in_from = net->out_off = net->out_to = NULL;
	net->in_link = net->out_link = NULL;
	net->e_type = net->e_elapsed = NULL;
	net->e_lag = net->dur = NULL;
	net->summary_order = NULL;
	net->ready = 0;
}

void
sched_network_release(struct sched_network *net)
{
	free_compiled(net);
	for (size_t i = 0; i < net->ncal; i++)
		sched_calendar_free(net->cal[i]);
	free(net->cal);
	free(net->act);
	free(net->link);
	free(net->hash);
	arena_release(&net->arena);
	memset(net, 0, sizeof(*net));
	net->project_cal = -1;
	net->axis = -1;
}

int
sched_network_find_calendar(const struct sched_network *net, const char *name)
{
	for (size_t i = 0; i < net->ncal; i++)
		if (strcmp(sched_calendar_name(net->cal[i]), name) == 0)
			return (int)i;
	return -1;
}

int
sched_network_add_calendar(struct sched_network *net,
			   struct sched_calendar *cal, struct error *err)
{
	if (sched_network_find_calendar(net, sched_calendar_name(cal)) >= 0) {
		error_set(err, ERR_INPUT, "calendar %s is defined twice",
			  sched_calendar_name(cal));
		sched_calendar_free(cal);
		return -1;
	}
	ALLOC_GROW(net->cal, net->ncal + 1, net->acal);
	net->cal[net->ncal] = cal;
	if (net->project_cal < 0)
		net->project_cal = (int)net->ncal;
	return (int)net->ncal++;
}

int
sched_network_calendar(struct sched_network *net, const char *name,
		       struct error *err)
{
	int i = sched_network_find_calendar(net, name);
	struct sched_calendar *cal;

	if (i >= 0)
		return i;
	cal = sched_calendar_builtin(name);
	if (cal == NULL)
		return error_set(err, ERR_INPUT, "no calendar named %s", name);
	return sched_network_add_calendar(net, cal, err);
}

void
sched_network_set_project_calendar(struct sched_network *net, int cal)
{
	net->project_cal = cal;
}

/* --- id lookup ------------------------------------------------------------- */

static uint64_t
hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (*s) {
		h ^= (unsigned char)*s++;
		h *= 1099511628211ULL;
	}
	/* FNV-1a's low bits, which index the table, depend only on the low
	   bits of what came before: fold the high ones in (ids such as
	   "proj.c12.t145" otherwise cluster into long probe runs) */
	h ^= h >> 32;
	h *= 0xd6e8feb86659fd93ULL;
	h ^= h >> 32;
	return h;
}

static void
hash_put(struct sched_network *net, const char *id, uint64_t hv, uint32_t idx)
{
	size_t mask = net->hash_size - 1;
	size_t h = (size_t)hv & mask;

	while (net->hash[h].idx1)
		h = (h + 1) & mask;
	net->hash[h].id = id;
	net->hash[h].tag = (uint32_t)(hv >> 32);
	net->hash[h].idx1 = idx + 1;
}

/* A table of size slots (a power of two) holding every activity so far. */
static void
hash_resize(struct sched_network *net, size_t size)
{
	free(net->hash);
	net->hash = xcalloc(size, sizeof(*net->hash));
	net->hash_size = size;
	for (size_t i = 0; i < net->n; i++)
		hash_put(net, net->act[i].id, hash_str(net->act[i].id), (uint32_t)i);
}

static void
hash_grow(struct sched_network *net)
{
	hash_resize(net, net->hash_size ? net->hash_size * 2 : 64);
}

void
sched_network_reserve(struct sched_network *net, size_t n)
{
	size_t size = net->hash_size ? net->hash_size : 64;

	if (n > UINT32_MAX - 1)
		return;
	ALLOC_GROW(net->act, n, net->alloc);
	while (n * 2 > size)
		size *= 2;
	if (size > net->hash_size)
		hash_resize(net, size);
}

/* The index of id, or -1; hv is hash_str(id). */
static int
hash_find(const struct sched_network *net, const char *id, uint64_t hv)
{
	size_t mask, h;
	uint32_t tag = (uint32_t)(hv >> 32);

	if (net->hash_size == 0)
		return -1;
	mask = net->hash_size - 1;
	h = (size_t)hv & mask;
	while (net->hash[h].idx1) {
		if (net->hash[h].tag == tag && strcmp(net->hash[h].id, id) == 0)
			return (int)net->hash[h].idx1 - 1;
		h = (h + 1) & mask;
	}
	return -1;
}

int
sched_network_find(const struct sched_network *net, const char *id)
{
	return hash_find(net, id, hash_str(id));
}

int64_t
sched_round_secs(double secs)
{
	const double lim = 0x1.0p62;

	if (isnan(secs))
		return 0;
	if (secs > lim)
		return (int64_t)1 << 62;
	if (secs < -lim)
		return -((int64_t)1 << 62);
	return (int64_t)llround(secs);
}

int
sched_network_add(struct sched_network *net, const char *id,
		  const char *name, enum sched_kind kind, int64_t duration,
		  int cal, struct error *err)
{
	struct sched_activity *a;
	uint64_t hv;

	if (id == NULL || *id == '\0')
		return error_set(err, ERR_INPUT, "an activity has no id");
	hv = hash_str(id);
	if (hash_find(net, id, hv) >= 0)
		return error_set(err, ERR_INPUT, "activity %s appears twice", id);
	if (duration < 0)
		return error_set(err, ERR_INPUT, "activity %s has a negative duration", id);
	if (duration > SCHED_SPAN_MAX)
		return error_set(err, ERR_INPUT, "activity %s: its duration is longer than 2,000 years", id);
	if (cal < 0 || (size_t)cal >= net->ncal)
		return error_set(err, ERR_INTERNAL, "activity %s: no calendar %d", id, cal);
	if (net->n >= UINT32_MAX - 1)
		return error_set(err, ERR_INPUT, "too many activities");
	ALLOC_GROW(net->act, net->n + 1, net->alloc);
	a = &net->act[net->n];
	memset(a, 0, sizeof(*a));
	a->id = arena_strdup(&net->arena, id);
	a->name = name ? arena_strdup(&net->arena, name) : NULL;
	a->kind = kind;
	a->duration = kind == SCHED_MILESTONE ? 0 : duration;
	a->cal = cal;
	a->constraint = SCHED_ASAP;
	a->constraint_date = SCHED_NONE;
	a->deadline = SCHED_NONE;
	a->actual_start = SCHED_NONE;
	a->actual_finish = SCHED_NONE;
	a->fixed_start = SCHED_NONE;
	a->fixed_finish = SCHED_NONE;
	a->parent = -1;
	net->n++;
	if (net->n * 2 > net->hash_size)
		hash_grow(net);
	else
		hash_put(net, a->id, hv, (uint32_t)(net->n - 1));
	return (int)(net->n - 1);
}

struct sched_activity *
sched_network_activity(struct sched_network *net, size_t i)
{
	return i < net->n ? &net->act[i] : NULL;
}

int
sched_network_link(struct sched_network *net, uint32_t pred, uint32_t succ,
		   enum sched_link_type type, int64_t lag, int elapsed,
		   struct error *err)
{
	struct sched_link *l;

	if (pred >= net->n || succ >= net->n)
		return error_set(err, ERR_INTERNAL, "link to an activity that does not exist");
	if (pred == succ)
		return error_set(err, ERR_INPUT, "dependency loop: %s -> %s",
				 net->act[pred].id, net->act[succ].id);
	if ((unsigned)type > SCHED_SF)
		return error_set(err, ERR_INTERNAL, "bad link type %d", (int)type);
	if (lag > SCHED_SPAN_MAX || lag < -SCHED_SPAN_MAX)
		return error_set(err, ERR_INPUT, "link %s -> %s: its lag is longer than 2,000 years",
				 net->act[pred].id, net->act[succ].id);
	ALLOC_GROW(net->link, net->nlinks + 1, net->alinks);
	l = &net->link[net->nlinks++];
	l->pred = pred;
	l->succ = succ;
	l->type = type;
	l->lag = lag;
	l->elapsed = elapsed != 0;
	return 0;
}

/* --- compiling ------------------------------------------------------------- */

struct edge {
	uint32_t from, to;	/* activity indexes (leaves) */
	uint32_t link;
};

struct edges {
	struct edge *e;
	size_t n, alloc;
};

static void
edge_add(struct edges *es, uint32_t from, uint32_t to, uint32_t link)
{
	ALLOC_GROW(es->e, es->n + 1, es->alloc);
	es->e[es->n].from = from;
	es->e[es->n].to = to;
	es->e[es->n].link = link;
	es->n++;
}

static int
is_under(const struct sched_network *net, uint32_t a, uint32_t s)
{
	for (int p = net->act[a].parent; p >= 0; p = net->act[p].parent)
		if ((uint32_t)p == s)
			return 1;
	return 0;
}

/*
 * The leaves under summary s (all of them, at any depth), appended to
 * *out. Uses the first-child/next-sibling lists built by the caller.
 */
static void
leaves_under(const struct sched_network *net, const int32_t *first,
	     const int32_t *next, uint32_t s, uint32_t **out, size_t *n,
	     size_t *alloc)
{
	for (int32_t c = first[s]; c >= 0; c = next[c]) {
		if (net->act[c].kind == SCHED_SUMMARY) {
			leaves_under(net, first, next, (uint32_t)c, out, n, alloc);
		} else {
			ALLOC_GROW(*out, *n + 1, *alloc);
			(*out)[(*n)++] = (uint32_t)c;
		}
	}
}

static int
check_parents(const struct sched_network *net, struct error *err)
{
	for (size_t i = 0; i < net->n; i++) {
		int p = net->act[i].parent;
		size_t depth = 0;

		if (p >= 0 && ((size_t)p >= net->n ||
			       net->act[p].kind != SCHED_SUMMARY))
			return error_set(err, ERR_INPUT, "activity %s is under %s, which is not a summary",
					 net->act[i].id,
					 (size_t)p < net->n ? net->act[p].id : "?");
		for (; p >= 0; p = net->act[p].parent)
			if (++depth > net->n)
				return error_set(err, ERR_INPUT, "summary %s is under itself",
						 net->act[i].id);
	}
	return 0;
}

static int
expand_links(struct sched_network *net, struct edges *es, struct error *err)
{
	int32_t *first = NULL, *next = NULL, *last = NULL;
	uint32_t *from = NULL, *to = NULL;
	size_t nfrom = 0, afrom = 0, nto = 0, ato = 0;
	int has_summary_links = 0, rc = -1;

	for (size_t i = 0; i < net->nlinks; i++)
		if (net->act[net->link[i].pred].kind == SCHED_SUMMARY ||
		    net->act[net->link[i].succ].kind == SCHED_SUMMARY)
			has_summary_links = 1;
	if (has_summary_links) {
		first = xmalloc(net->n * sizeof(*first));
		next = xmalloc(net->n * sizeof(*next));
		last = xmalloc(net->n * sizeof(*last));
		for (size_t i = 0; i < net->n; i++)
			first[i] = next[i] = last[i] = -1;
		for (size_t i = 0; i < net->n; i++) {
			int p = net->act[i].parent;

			if (p < 0)
				continue;
			if (last[p] < 0)
				first[p] = (int32_t)i;
			else
				next[last[p]] = (int32_t)i;
			last[p] = (int32_t)i;
		}
	}
	for (size_t i = 0; i < net->nlinks; i++) {
		const struct sched_link *l = &net->link[i];
		int ps = net->act[l->pred].kind == SCHED_SUMMARY;
		int ss = net->act[l->succ].kind == SCHED_SUMMARY;

		if (!ps && !ss) {
			edge_add(es, l->pred, l->succ, (uint32_t)i);
			continue;
		}
		if ((ps && is_under(net, l->succ, l->pred)) ||
		    (ss && is_under(net, l->pred, l->succ))) {
			error_set(err, ERR_INPUT, "a link joins summary %s and %s, which is under it",
				  ps ? net->act[l->pred].id : net->act[l->succ].id,
				  ps ? net->act[l->succ].id : net->act[l->pred].id);
			goto out;
		}
		nfrom = nto = 0;
		if (ps) {
			leaves_under(net, first, next, l->pred, &from, &nfrom, &afrom);
		} else {
			ALLOC_GROW(from, 1, afrom);
			from[nfrom++] = l->pred;
		}
		if (ss) {
			leaves_under(net, first, next, l->succ, &to, &nto, &ato);
		} else {
			ALLOC_GROW(to, 1, ato);
			to[nto++] = l->succ;
		}
		for (size_t a = 0; a < nfrom; a++)
			for (size_t b = 0; b < nto; b++)
				edge_add(es, from[a], to[b], (uint32_t)i);
	}
	rc = 0;
out:
	free(first);
	free(next);
	free(last);
	free(from);
	free(to);
	return rc;
}

/*
 * Name the activities of one loop among those Kahn's algorithm could not
 * order (each has an unordered predecessor): walk predecessors until a
 * node repeats, then report the cycle in successor order.
 */
static int
report_loop(const struct sched_network *net, const struct edges *es,
	    const uint32_t *indeg, struct error *err)
{
	uint32_t *via = xmalloc(net->n * sizeof(*via));	/* chosen predecessor */
	int32_t *seen = xmalloc(net->n * sizeof(*seen));
	uint32_t *cyc = NULL;
	size_t ncyc = 0, acyc = 0;
	struct strbuf sb = STRBUF_INIT;
	uint32_t v = UINT32_MAX;

	for (size_t i = 0; i < net->n; i++) {
		via[i] = UINT32_MAX;
		seen[i] = -1;
	}
	for (size_t i = 0; i < es->n; i++) {
		const struct edge *e = &es->e[i];

		if (indeg[e->to] > 0 && indeg[e->from] > 0 &&
		    via[e->to] == UINT32_MAX)
			via[e->to] = e->from;
	}
	for (size_t i = 0; i < net->n && v == UINT32_MAX; i++)
		if (net->act[i].kind != SCHED_SUMMARY && indeg[i] > 0)
			v = (uint32_t)i;
	for (int32_t step = 0; v != UINT32_MAX && seen[v] < 0; step++) {
		seen[v] = step;
		v = via[v];
	}
	if (v != UINT32_MAX) {
		/* v is on the cycle: collect it backwards, print forwards */
		uint32_t u = v;

		do {
			ALLOC_GROW(cyc, ncyc + 1, acyc);
			cyc[ncyc++] = u;
			u = via[u];
		} while (u != v && ncyc <= net->n);
	}
	strbuf_init(&sb, 128);
	strbuf_addstr(&sb, "dependency loop: ");
	for (size_t i = ncyc; i-- > 0;) {
		strbuf_addstr(&sb, net->act[cyc[i]].id);
		strbuf_addstr(&sb, " -> ");
		if (sb.len > 600) {
			strbuf_addstr(&sb, "... -> ");
			break;
		}
	}
	if (ncyc)
		strbuf_addstr(&sb, net->act[cyc[ncyc - 1]].id);
	else
		strbuf_addstr(&sb, "(not located)");
	error_set(err, ERR_INPUT, "%s", sb.buf);
	strbuf_release(&sb);
	free(cyc);
	free(via);
	free(seen);
	return -1;
}

static int
topo_sort(struct sched_network *net, const struct edges *es, struct error *err)
{
	uint32_t *indeg = xcalloc(net->n ? net->n : 1, sizeof(*indeg));
	uint32_t *off = xcalloc(net->n + 1, sizeof(*off));
	uint32_t *adj = xmalloc((es->n ? es->n : 1) * sizeof(*adj));
	size_t head = 0, tail = 0;
	int rc = -1;

	for (size_t i = 0; i < es->n; i++) {
		indeg[es->e[i].to]++;
		off[es->e[i].from + 1]++;
	}
	for (size_t i = 0; i < net->n; i++)
		off[i + 1] += off[i];
	{
		uint32_t *fill = xmalloc((net->n + 1) * sizeof(*fill));

		memcpy(fill, off, (net->n + 1) * sizeof(*fill));
		for (size_t i = 0; i < es->n; i++)
			adj[fill[es->e[i].from]++] = es->e[i].to;
		free(fill);
	}
	/* Kahn's algorithm; the queue lives in net->order */
	for (size_t i = 0; i < net->n; i++)
		if (net->act[i].kind != SCHED_SUMMARY && indeg[i] == 0)
			net->order[tail++] = (uint32_t)i;
	while (head < tail) {
		uint32_t v = net->order[head++];

		for (uint32_t k = off[v]; k < off[v + 1]; k++)
			if (--indeg[adj[k]] == 0)
				net->order[tail++] = adj[k];
	}
	if (tail != net->nleaf) {
		report_loop(net, es, indeg, err);
		goto out;
	}
	rc = 0;
out:
	free(indeg);
	free(off);
	free(adj);
	return rc;
}

/*
 * Sort the m edges by successor, then predecessor, then link: three
 * stable counting sorts, least significant key first (n: the bound of
 * from and to, nl: of link). It was qsort's comparisons before, a fair
 * part of compiling a large network.
 */
static void
sort_edges(struct edge *e, size_t m, size_t n, size_t nl)
{
	struct edge *tmp, *src = e, *dst;
	size_t *count;

	if (m < 2)
		return;
	tmp = xmalloc(m * sizeof(*tmp));
	dst = tmp;
	count = xmalloc(((n > nl ? n : nl) + 1) * sizeof(*count));
	for (int pass = 0; pass < 3; pass++) {
		size_t keys = pass == 0 ? nl : n;

		memset(count, 0, (keys + 1) * sizeof(*count));
		for (size_t i = 0; i < m; i++)
			count[(pass == 0 ? src[i].link : pass == 1 ? src[i].from : src[i].to) + 1]++;
		for (size_t k = 0; k < keys; k++)
			count[k + 1] += count[k];
		for (size_t i = 0; i < m; i++)
			dst[count[pass == 0 ? src[i].link : pass == 1 ? src[i].from : src[i].to]++] = src[i];
		src = dst;
		dst = dst == tmp ? e : tmp;
	}
	if (src != e)
		memcpy(e, src, m * sizeof(*e));
	free(count);
	free(tmp);
}

/* Lay the edges out by position: in-edges sorted by successor position. */
static void
compile_edges(struct sched_network *net, struct edges *es)
{
	size_t m = es->n;
	uint32_t *fill;

	/* rewrite edges to positions, then sort by successor position */
	for (size_t i = 0; i < m; i++) {
		es->e[i].from = (uint32_t)net->pos[es->e[i].from];
		es->e[i].to = (uint32_t)net->pos[es->e[i].to];
	}
	sort_edges(es->e, m, net->nleaf, net->nlinks);
	net->nedges = m;
	net->in_off = xcalloc(net->nleaf + 1, sizeof(*net->in_off));
	net->out_off = xcalloc(net->nleaf + 1, sizeof(*net->out_off));
	net->in_from = xmalloc((m ? m : 1) * sizeof(*net->in_from));
	net->in_link = xmalloc((m ? m : 1) * sizeof(*net->in_link));
	net->out_to = xmalloc((m ? m : 1) * sizeof(*net->out_to));
	net->out_link = xmalloc((m ? m : 1) * sizeof(*net->out_link));
	net->e_type = xmalloc(m ? m : 1);
	net->e_elapsed = xmalloc(m ? m : 1);
	net->e_lag = xmalloc((m ? m : 1) * sizeof(*net->e_lag));
	for (size_t i = 0; i < m; i++) {
		const struct sched_link *l = &net->link[es->e[i].link];

		net->in_off[es->e[i].to + 1]++;
		net->out_off[es->e[i].from + 1]++;
		net->in_from[i] = es->e[i].from;
		net->in_link[i] = es->e[i].link;
		net->e_type[i] = (unsigned char)l->type;
		net->e_elapsed[i] = (unsigned char)l->elapsed;
		net->e_lag[i] = l->lag;
	}
	for (size_t p = 0; p < net->nleaf; p++) {
		net->in_off[p + 1] += net->in_off[p];
		net->out_off[p + 1] += net->out_off[p];
	}
	fill = xmalloc((net->nleaf + 1) * sizeof(*fill));
	memcpy(fill, net->out_off, (net->nleaf + 1) * sizeof(*fill));
	for (size_t i = 0; i < m; i++) {
		uint32_t k = fill[es->e[i].from]++;

		net->out_to[k] = es->e[i].to;
		net->out_link[k] = (uint32_t)i;
	}
	free(fill);
}

static void
order_summaries(struct sched_network *net)
{
	size_t ns = 0;
	uint32_t *depth;

	for (size_t i = 0; i < net->n; i++)
		ns += net->act[i].kind == SCHED_SUMMARY;
	net->nsummary = ns;
	net->summary_order = xmalloc((ns ? ns : 1) * sizeof(*net->summary_order));
	depth = xmalloc((net->n ? net->n : 1) * sizeof(*depth));
	ns = 0;
	for (size_t i = 0; i < net->n; i++) {
		uint32_t d = 0;

		if (net->act[i].kind != SCHED_SUMMARY)
			continue;
		for (int p = net->act[i].parent; p >= 0; p = net->act[p].parent)
			d++;
		depth[i] = d;
		net->summary_order[ns++] = (uint32_t)i;
	}
	/* insertion sort by depth, deepest first (stable; few summaries) */
	for (size_t i = 1; i < ns; i++) {
		uint32_t v = net->summary_order[i];
		size_t j = i;

		while (j > 0 && depth[net->summary_order[j - 1]] < depth[v]) {
			net->summary_order[j] = net->summary_order[j - 1];
			j--;
		}
		net->summary_order[j] = v;
	}
	free(depth);
}

static int64_t
day_of(int64_t t)
{
	return t >= 0 ? t / SCHED_DAY_SECONDS : -((-t + SCHED_DAY_SECONDS - 1) / SCHED_DAY_SECONDS);
}

/*
 * Prepare every calendar for the days the schedule can reach: an upper
 * bound on the elapsed length of the longest path, from each calendar's
 * working density near the start, stretched threefold so that sampled
 * durations (Monte Carlo) stay inside too.
 */
static int
prepare_calendars(struct sched_network *net, struct error *err)
{
	int64_t lo_day, hi_day, start_day = day_of(net->start), longest = 0;
	double *density = xmalloc(net->ncal * sizeof(*density));
	int64_t *ub = xcalloc(net->nleaf ? net->nleaf : 1, sizeof(*ub));
	unsigned char *used = NULL;
	int rc = -1;

	lo_day = hi_day = start_day;
	for (size_t i = 0; i < net->n; i++) {
		const struct sched_activity *a = &net->act[i];
		int64_t t[6] = { a->constraint_date, a->deadline, a->actual_start,
				 a->actual_finish, a->fixed_start, a->fixed_finish };

		for (int k = 0; k < 6; k++) {
			if (t[k] == SCHED_NONE)
				continue;
			if (day_of(t[k]) < lo_day)
				lo_day = day_of(t[k]);
			if (day_of(t[k]) > hi_day)
				hi_day = day_of(t[k]);
		}
	}
	if (hi_day - lo_day > 2000LL * 366) {
		error_set(err, ERR_INPUT, "the schedule's dates span more than 2,000 years");
		goto out;
	}
	used = xcalloc(net->ncal, 1);
	used[net->project_cal] = 1;
	for (size_t i = 0; i < net->n; i++)
		used[net->act[i].cal] = 1;
	for (size_t c = 0; c < net->ncal; c++) {
		int32_t lo, hi;
		int64_t w;

		if (!used[c] || sched_calendar_continuous(net->cal[c])) {
			density[c] = 1.0;
			continue;
		}
		if (sched_calendar_prepare(net->cal[c], (int32_t)start_day - 1500,
					   (int32_t)start_day + 1500,
					   (int32_t)start_day, 0, err) < 0)
			goto out;
		sched_calendar_range(net->cal[c], &lo, &hi);
		w = sched_cal_to_work(net->cal[c], (int64_t)hi * SCHED_DAY_SECONDS);
		if (w <= 0) {
			error_set(err, ERR_INPUT, "calendar %s has no working time within four years of the start",
				  sched_calendar_name(net->cal[c]));
			goto out;
		}
		density[c] = (double)w / ((double)(hi - lo) * SCHED_DAY_SECONDS);
	}
	for (size_t p = 0; p < net->nleaf; p++) {
		const struct sched_activity *a = &net->act[net->order[p]];
		int64_t s = 0;

		for (uint32_t e = net->in_off[p]; e < net->in_off[p + 1]; e++) {
			int64_t lag = net->e_lag[e] < 0 ? -net->e_lag[e] : net->e_lag[e];
			int64_t v = ub[net->in_from[e]] +
				    (int64_t)((double)lag / density[net->project_cal] * 3.0) +
				    4 * SCHED_DAY_SECONDS;

			if (v > s)
				s = v;
		}
		ub[p] = s + (int64_t)((double)a->duration / density[a->cal] * 3.0) +
			4 * SCHED_DAY_SECONDS;
		if (ub[p] > longest)
			longest = ub[p];
		if (longest > 2000LL * 366 * SCHED_DAY_SECONDS) {
			error_set(err, ERR_INPUT, "the schedule would run for more than 2,000 years");
			goto out;
		}
	}
	lo_day -= longest / SCHED_DAY_SECONDS + 60;
	hi_day += longest / SCHED_DAY_SECONDS + 60;
	for (size_t c = 0; c < net->ncal; c++)
		if (used[c] && sched_calendar_prepare(net->cal[c], (int32_t)lo_day,
					   (int32_t)hi_day, (int32_t)start_day, 0,
					   err) < 0)
			goto out;
	rc = 0;
out:
	free(density);
	free(ub);
	free(used);
	return rc;
}

/* Every activity and every lag on one calendar: work in its time. */
static int
choose_axis(const struct sched_network *net)
{
	int axis = -1;

	for (size_t p = 0; p < net->nleaf; p++) {
		int c = net->act[net->order[p]].cal;

		if (axis < 0)
			axis = c;
		else if (c != axis)
			return -1;
	}
	if (axis < 0)
		return net->project_cal;
	for (size_t e = 0; e < net->nedges; e++) {
		if (net->e_lag[e] == 0)
			continue;
		if (net->e_elapsed[e] ? !sched_calendar_continuous(net->cal[axis])
				      : net->project_cal != axis)
			return -1;
	}
	return axis;
}

int
sched_network_finish(struct sched_network *net, struct error *err)
{
	struct edges es = { NULL, 0, 0 };
	int rc = -1;

	free_compiled(net);
	if (net->ncal == 0 || net->project_cal < 0) {
		if (sched_network_calendar(net, "england-and-wales", err) < 0)
			return -1;
		net->project_cal = 0;
	}
	if (net->start == SCHED_NONE)
		return error_set(err, ERR_INPUT, "the network has no start date");
	if (check_parents(net, err) < 0)
		return -1;
	net->nleaf = 0;
	for (size_t i = 0; i < net->n; i++)
		net->nleaf += net->act[i].kind != SCHED_SUMMARY;
	if (expand_links(net, &es, err) < 0)
		goto out;
	net->order = xmalloc((net->nleaf ? net->nleaf : 1) * sizeof(*net->order));
	if (topo_sort(net, &es, err) < 0)
		goto out;
	net->pos = xmalloc((net->n ? net->n : 1) * sizeof(*net->pos));
	for (size_t i = 0; i < net->n; i++)
		net->pos[i] = -1;
	for (size_t p = 0; p < net->nleaf; p++)
		net->pos[net->order[p]] = (int32_t)p;
	compile_edges(net, &es);
	net->dur = xmalloc((net->nleaf ? net->nleaf : 1) * sizeof(*net->dur));
	for (size_t p = 0; p < net->nleaf; p++)
		net->dur[p] = net->act[net->order[p]].duration;
	order_summaries(net);
	if (prepare_calendars(net, err) < 0)
		goto out;
	net->axis = choose_axis(net);
	net->ready = 1;
	rc = 0;
out:
	free(es.e);
	if (rc < 0)
		free_compiled(net);
	return rc;
}
