/*
 * authz.c - who may do what, and what each user may see: the web
 * application's one authorization module.
 *
 * Two questions, answered only here:
 *  - may this user do this (authz_allows): a table of roles against
 *    permissions; the dispatcher (routes.c) asks it for every request
 *    before any handler runs, with the programme the request is about
 *    for scoped permissions;
 *  - which records may this user see (authz_filter_dataset): the one
 *    filter every page, API answer, export and report reads through.
 */
#include "web/web-int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/xmalloc.h"
#include "model/schema.h"

static const char *const role_names[ROLE__COUNT] = {
	"administrator", "portfolio_office", "programme_manager",
	"board_member", "viewer"
};

static const char *const perm_names[PERM__COUNT] = {
	"public", "read", "live", "return_write", "review", "risk_accept",
	"cr_decide", "reports", "export", "users"
};

#define P(x) (1u << (x))

/*
 * The roles matrix (docs/web.md prints it). Separation of duties: the
 * administrator manages accounts but changes no portfolio data; the
 * portfolio office reviews and decides but does not write programmes'
 * returns; a programme manager writes only the programmes in their scope.
 */
static const unsigned role_perms[ROLE__COUNT] = {
	[ROLE_ADMIN] = P(PERM_PUBLIC) | P(PERM_READ) | P(PERM_LIVE) |
		       P(PERM_REPORTS) | P(PERM_EXPORT) | P(PERM_USERS),
	[ROLE_PMO] = P(PERM_PUBLIC) | P(PERM_READ) | P(PERM_LIVE) |
		     P(PERM_REVIEW) | P(PERM_RISK_ACCEPT) | P(PERM_CR_DECIDE) |
		     P(PERM_REPORTS) | P(PERM_EXPORT),
	[ROLE_PM] = P(PERM_PUBLIC) | P(PERM_READ) | P(PERM_LIVE) |
		    P(PERM_RETURN_WRITE) | P(PERM_REPORTS) | P(PERM_EXPORT),
	[ROLE_BOARD] = P(PERM_PUBLIC) | P(PERM_READ) | P(PERM_REPORTS),
	[ROLE_VIEWER] = P(PERM_PUBLIC) | P(PERM_READ) | P(PERM_LIVE),
};

int
role_parse(const char *s)
{
	for (int i = 0; s && i < ROLE__COUNT; i++)
		if (strcmp(s, role_names[i]) == 0)
			return i;
	return -1;
}

const char *
role_name(enum role r)
{
	return (unsigned)r < ROLE__COUNT ? role_names[r] : "unknown";
}

const char *
perm_name(enum perm p)
{
	return (unsigned)p < PERM__COUNT ? perm_names[p] : "unknown";
}

static int
in_scope(const struct who *who, const char *programme)
{
	for (size_t i = 0; i < who->nscope; i++)
		if (strcmp(who->scope[i], programme) == 0)
			return 1;
	return 0;
}

int
authz_allows(const struct who *who, enum perm p, const char *programme)
{
	if ((unsigned)p >= PERM__COUNT)
		return 0;
	if (who == NULL)
		return p == PERM_PUBLIC;
	if ((unsigned)who->role >= ROLE__COUNT || !(role_perms[who->role] & P(p)))
		return 0;
	if (p == PERM_RETURN_WRITE && programme && !in_scope(who, programme))
		return 0;
	return 1;
}

int
authz_may_grant_clearance(const struct who *who, int had, int want)
{
	if (who == NULL || !authz_allows(who, PERM_USERS, NULL))
		return 0;
	/* No one vouches for more need-to-know than they hold: an
	   administrator grants at most their own clearance (so cannot raise
	   their own either); one a user already holds may be left as it is. */
	return want <= who->clearance || want == had;
}

int
authz_may_set_password(const struct who *who, const char *username)
{
	/* One's own password is changed on /account, which asks for the
	   current one: a session taken over cannot lock its owner out. */
	return authz_allows(who, PERM_USERS, NULL) && username &&
	       strcmp(username, who->username) != 0;
}

unsigned
authz_view_flags(const struct who *who)
{
	return who && who->role == ROLE_BOARD ? VIEW_PUBLISHED : 0;
}

void
who_free(struct who *w)
{
	if (w == NULL)
		return;
	free(w->org);
	free(w->username);
	free(w->name);
	for (size_t i = 0; i < w->nscope; i++)
		free(w->scope[i]);
	free(w->scope);
	free(w->csrf);
	free(w->token_hash);
	free(w);
}

/* --- the filter ------------------------------------------------------------ */

/* Keys of hidden records of one kind, sorted for bsearch. */
struct hidden {
	const char **keys;
	size_t n, alloc;
	int sorted;
};

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int
is_hidden(struct hidden *h, const char *key)
{
	if (h->n == 0 || key == NULL)
		return 0;
	if (!h->sorted) {
		qsort(h->keys, h->n, sizeof(*h->keys), cmp_str);
		h->sorted = 1;
	}
	return bsearch(&key, h->keys, h->n, sizeof(*h->keys), cmp_str) != NULL;
}

static int
marking_level(const char *m)
{
	int i = m ? enum_index(marking_values, m) : 0;

	/* An unknown marking is treated as the highest there is. */
	return i < 0 ? 1000 : i;
}

static int
month_published(const struct dataset *ds, int32_t month)
{
	DS_FOREACH(ds, K_PERIOD, struct period, p)
		if (p->month == month)
			return p->state && strcmp(p->state, "published") == 0;
	return 0;
}

/* Whether rec (of kind k) is left out of the view. */
static int
leave_out(const struct dataset *src, enum kind k, const void *rec,
	  int clearance, unsigned flags, char *const *scope, size_t nscope,
	  struct hidden *hidden)
{
	const struct entity *e = entity_of(k);
	void *r = (void *)rec;

	for (size_t i = 0; i < e->nfields; i++) {
		const struct field *f = &e->fields[i];

		if (f->type == FT_ENUM && f->values == marking_values &&
		    marking_level(*field_str(r, f)) > clearance)
			return 1;
		if (f->type == FT_REF && is_hidden(&hidden[f->ref], *field_str(r, f)))
			return 1;
	}
	if (scope && k == K_PROGRAMME) {
		const struct programme *p = rec;
		size_t i;

		for (i = 0; i < nscope; i++)
			if (strcmp(scope[i], p->code) == 0)
				break;
		if (i == nscope)
			return 1;
	}
	if (flags & VIEW_PUBLISHED) {
		switch (k) {
		case K_PERIOD:
			return !month_published(src, ((const struct period *)rec)->month);
		case K_RETURN: {
			const struct monthly_return *ret = rec;

			return ret->status == NULL || strcmp(ret->status, "published") != 0;
		}
		case K_MILESTONE_FORECAST:
			return !month_published(src, ((const struct milestone_forecast *)rec)->period);
		case K_RISK_SCORE:
			return !month_published(src, ((const struct risk_score *)rec)->period);
		case K_EXCEPTION:
			return !month_published(src, ((const struct exception *)rec)->period);
		default:
			break;
		}
	}
	return 0;
}

/* Risk scores by risk and month, for finding a risk's published one. */
static int
cmp_score(const void *a, const void *b)
{
	const struct risk_score *x = *(const struct risk_score *const *)a;
	const struct risk_score *y = *(const struct risk_score *const *)b;
	int c = strcmp(x->risk, y->risk);

	return c ? c : (x->period > y->period) - (x->period < y->period);
}

/*
 * A risk as it stood in the latest published month, for a view of
 * published periods only: a submitted return writes its risks' current
 * scores and status into the risk itself, so the live record would show
 * a board member what no published return has said. Returns rk when it
 * has no scores by month (nothing to go back to), a copy in out's arena
 * with the published month's likelihood, impact and status, or NULL when
 * it has scores of unpublished months only (it first appeared in a
 * return not yet published).
 */
static const struct risk *
published_risk(const struct dataset *src, const struct risk *rk,
	       const struct risk_score *const *scores, size_t nscores,
	       struct dataset *out)
{
	const struct risk_score *pub = NULL;
	struct risk *copy;
	size_t lo = 0, hi = nscores, i;

	while (lo < hi) {	/* the first score of rk */
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(scores[mid]->risk, rk->code) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == nscores || strcmp(scores[lo]->risk, rk->code) != 0)
		return rk;
	for (i = lo; i < nscores && strcmp(scores[i]->risk, rk->code) == 0; i++)
		if (month_published(src, scores[i]->period))
			pub = scores[i];
	if (pub == NULL)
		return NULL;
	if (pub->likelihood == rk->current_likelihood && pub->impact == rk->current_impact &&
	    (pub->status == NULL || (rk->status && strcmp(pub->status, rk->status) == 0)))
		return rk;
	copy = arena_alloc(&out->arena, sizeof(*copy));
	*copy = *rk;
	copy->current_likelihood = pub->likelihood;
	copy->current_impact = pub->impact;
	if (pub->status)
		copy->status = pub->status;
	return copy;
}

void
authz_filter_dataset(const struct dataset *src, int clearance, unsigned flags,
		     char *const *scope, size_t nscope, struct dataset *out)
{
	struct hidden hidden[K__COUNT];
	const struct risk_score **scores = NULL;
	size_t nscores = 0;

	memset(hidden, 0, sizeof(hidden));
	dataset_init(out);
	if ((flags & VIEW_PUBLISHED) && src->t[K_RISK_SCORE].n) {
		nscores = src->t[K_RISK_SCORE].n;
		scores = xreallocarray(NULL, nscores, sizeof(*scores));
		for (size_t i = 0; i < nscores; i++)
			scores[i] = src->t[K_RISK_SCORE].rows[i];
		qsort(scores, nscores, sizeof(*scores), cmp_score);
	}
	/* Kinds refer only to earlier kinds (or, for risk links and
	   dependencies, to a kind already complete), so one pass in enum
	   order settles every reference. */
	for (int k = 0; k < K__COUNT; k++) {
		const struct entity *e = entity_of((enum kind)k);
		const struct table *t = &src->t[k];
		struct table *o = &out->t[k];

		if (t->n)
			o->rows = xreallocarray(NULL, t->n, sizeof(*o->rows));
		o->alloc = t->n;
		for (size_t i = 0; i < t->n; i++) {
			void *rec = t->rows[i];
			int left_out = leave_out(src, (enum kind)k, rec, clearance, flags,
						 scope, nscope, hidden);

			if (!left_out && k == K_BENEFIT_VALUE && (flags & VIEW_PUBLISHED)) {
				const struct benefit_value *bv = rec;

				/* the plan stands; an actual is reported by a
				   return, so waits for its month's publication */
				if (!isnan(bv->actual) && !month_published(src, bv->period)) {
					struct benefit_value *copy;

					if (isnan(bv->planned)) {
						left_out = 1;
					} else {
						copy = arena_alloc(&out->arena, sizeof(*copy));
						*copy = *bv;
						copy->actual = NAN;
						rec = copy;
					}
				}
			}
			if (!left_out && k == K_RISK && (flags & VIEW_PUBLISHED)) {
				const struct risk *pr = published_risk(src, rec, scores,
								       nscores, out);

				if (pr == NULL)
					left_out = 1;
				else
					rec = (void *)pr;
			}
			if (left_out) {
				/* Only kinds with a single text key are referred to. */
				if (e->fields[0].type == FT_TEXT &&
				    (e->nfields < 2 || !(e->fields[1].flags & F_KEY))) {
					struct hidden *h = &hidden[k];

					ALLOC_GROW(h->keys, h->n + 1, h->alloc);
					h->keys[h->n++] = *field_str(rec, &e->fields[0]);
					h->sorted = 0;
				}
				continue;
			}
			o->rows[o->n++] = rec;
		}
		o->sorted = t->sorted;
	}
	for (int k = 0; k < K__COUNT; k++)
		free(hidden[k].keys);
	free(scores);
}
