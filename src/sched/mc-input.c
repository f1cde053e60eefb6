/*
 * mc-input.c - the Monte Carlo model of a network file or a dataset: the
 * three-point estimates, risk events, correlation groups and reporting
 * milestones that input.h's readers do not keep in the network.
 *
 * The network itself always comes from input.h (sched_read_file,
 * sched_network_from_dataset). A file is parsed once: input.h's reader
 * hands this file, through its hooks, what only the simulation needs
 * (docs/montecarlo.md lists the fields).
 */
#include "sched/montecarlo.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "core/error.h"
#include "core/strbuf.h"
#include "core/xmalloc.h"
#include "model/dataset.h"
#include "model/schema.h"
#include "sched/calendar.h"
#include "sched/input.h"
#include "sched/network.h"

/* A date "YYYY-MM-DD" as the instant of its start; SCHED_NONE if empty. */
static int
parse_day(const char *s, int64_t *out)
{
	if (s == NULL || *s == '\0') {
		*out = SCHED_NONE;
		return 0;
	}
	return sched_parse_when(s, 0, out);
}

/* --- JSON -------------------------------------------------------------- */

/* A number member: 1 absent, 0 read, -1 not a number. */
static int
jnum(json_t *o, const char *key, double *out)
{
	json_t *v = json_object_get(o, key);

	if (v == NULL || json_is_null(v))
		return 1;
	if (!json_is_number(v))
		return -1;
	*out = json_number_value(v);
	return 0;
}

static const char *
jstr(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* The first of the spellings present: 0 read, 1 none, -1 not a number. */
static int
jnum_any(json_t *o, const char *const *keys, double *out)
{
	for (; *keys; keys++) {
		int r = jnum(o, *keys, out);

		if (r <= 0)
			return r;
	}
	return 1;
}

/* Activity ids of a JSON array into a fresh array of network indexes. */
static int
json_acts(const struct mc_model *m, json_t *arr, const char *where,
	  uint32_t **out, size_t *n, struct error *err)
{
	size_t i;
	json_t *v;

	*n = 0;
	*out = xmalloc((json_array_size(arr) + 1) * sizeof(**out));
	if (!json_is_array(arr))
		return error_at(err, ERR_INPUT, where, "activities must be a list of ids");
	json_array_foreach(arr, i, v) {
		int k = json_is_string(v) ? sched_network_find(m->net, json_string_value(v)) : -1;

		if (k < 0)
			return error_at(err, ERR_INPUT, where, "%s is not an activity",
					json_is_string(v) ? json_string_value(v) : "(not a string)");
		(*out)[(*n)++] = (uint32_t)k;
	}
	return 0;
}

/* --- a file: read with the network, applied once it is finished ---------- */

/*
 * input.h's readers pass every activity's members (JSON) or row (CSV) to
 * the hooks below as they add the activity, and the top-level members
 * they do not use; so the file is parsed once. What the model needs is
 * kept here by network index, checked and applied by mc_model_apply()
 * once the network is finished, in the order (and with the messages) of
 * a reading of its own.
 */

enum { E_LO, E_ML, E_HI };

struct mc_act_src {		/* one activity's members, as read */
	double v[3];		/* optimistic, most likely, pessimistic */
	double dur[2];		/* JSON: duration_days, duration (most
				   likely when it is missing) */
	int64_t base, fc;	/* instants or SCHED_NONE */
	size_t where;		/* JSON: index in "activities"; CSV: line */
	size_t name;		/* offset in mc_source.names, or SIZE_MAX */
	signed char st[3];	/* 1 absent, 0 read, -1 not a number */
	unsigned char rank[3];	/* JSON: the spelling read (earlier wins) */
	unsigned char has_dur[2];
	unsigned char bad_date;	/* a baseline or forecast is not a date */
	unsigned char seen;
};

struct mc_source {
	char *path;
	int kind;		/* 0 nothing for us (MSPDI), 1 JSON, 2 CSV */
	struct mc_act_src *act;	/* by network index */
	size_t nact, aact;
	struct strbuf names;	/* target names, NUL-terminated */
	char *risks, *correlations;	/* JSON text of those members */
	size_t risks_len, correlations_len;
	int col[8];		/* CSV: the column of each M_* */
};

static struct mc_act_src *
src_act(struct mc_source *src, int act)
{
	size_t n = (size_t)act + 1;

	if (n > src->nact) {
		ALLOC_GROW(src->act, n, src->aact);
		for (size_t i = src->nact; i < n; i++) {
			struct mc_act_src *a = &src->act[i];

			memset(a, 0, sizeof(*a));
			a->v[0] = a->v[1] = a->v[2] = NAN;
			a->st[0] = a->st[1] = a->st[2] = 1;
			a->rank[0] = a->rank[1] = a->rank[2] = UCHAR_MAX;
			a->base = a->fc = SCHED_NONE;
			a->name = SIZE_MAX;
		}
		src->nact = n;
	}
	return &src->act[act];
}

static size_t
src_name(struct mc_source *src, const char *s)
{
	size_t off = src->names.len;

	strbuf_add(&src->names, s, strlen(s) + 1);
	return off;
}

/* The spellings of the three-point estimate, earliest first. */
static const char *const k_est[3][5] = {
	{ "min", "optimistic_days", "optimistic", NULL },
	{ "mode", "likely_days", "likely", "most_likely", NULL },
	{ "max", "pessimistic_days", "pessimistic", NULL },
};

/* The members of a JSON activity the model reads, with their spellings. */
enum { H_EST, H_DUR, H_DATE, H_NAME };

#define HKEY(s, what, which, rank) { s, sizeof(s) - 1, what, which, rank }
static const struct {
	const char *name;
	size_t len;
	unsigned char what, which, rank;
} hook_keys[] = {
	HKEY("min", H_EST, E_LO, 0), HKEY("optimistic_days", H_EST, E_LO, 1),
	HKEY("optimistic", H_EST, E_LO, 2),
	HKEY("mode", H_EST, E_ML, 0), HKEY("likely_days", H_EST, E_ML, 1),
	HKEY("likely", H_EST, E_ML, 2), HKEY("most_likely", H_EST, E_ML, 3),
	HKEY("max", H_EST, E_HI, 0), HKEY("pessimistic_days", H_EST, E_HI, 1),
	HKEY("pessimistic", H_EST, E_HI, 2),
	HKEY("duration_days", H_DUR, 0, 0), HKEY("duration", H_DUR, 1, 0),
	HKEY("baseline", H_DATE, 0, 0), HKEY("forecast", H_DATE, 1, 0),
	HKEY("name", H_NAME, 0, 0),
};
#undef HKEY

static int
hook_member(void *ctx, int act, size_t index, const char *key,
	    const struct sched_json_value *v, struct error *err)
{
	struct mc_source *src = ctx;
	struct mc_act_src *a = src_act(src, act);
	size_t len = strlen(key), k;
	int64_t t;

	(void)err;
	src->kind = 1;
	a->seen = 1;
	a->where = index;
	for (k = 0; k < sizeof(hook_keys) / sizeof(hook_keys[0]); k++)
		if (hook_keys[k].len == len && memcmp(hook_keys[k].name, key, len) == 0)
			break;
	if (k == sizeof(hook_keys) / sizeof(hook_keys[0]))
		return 0;	/* none of ours: "id", "type", ... */
	switch (hook_keys[k].what) {
	case H_EST: {
		int e = hook_keys[k].which, r = hook_keys[k].rank;

		/* null counts as absent; the first spelling present decides */
		if (v->type != SCHED_JSON_NULL && r < a->rank[e]) {
			a->rank[e] = (unsigned char)r;
			a->st[e] = v->type == SCHED_JSON_NUMBER ? 0 : -1;
			a->v[e] = v->number;
		}
		break;
	}
	case H_DUR:
		if (v->type == SCHED_JSON_NUMBER) {
			a->dur[hook_keys[k].which] = v->number;
			a->has_dur[hook_keys[k].which] = 1;
		}
		break;
	case H_DATE:
		if (v->type != SCHED_JSON_STRING)
			break;	/* not a date string: as if absent */
		if (parse_day(v->string, &t) < 0)
			a->bad_date = 1;
		else if (hook_keys[k].which == 0)
			a->base = t;
		else
			a->fc = t;
		break;
	default:
		if (v->type == SCHED_JSON_STRING)
			a->name = src_name(src, v->string);
		break;
	}
	return 0;
}

static int
hook_root(void *ctx, const char *key, const struct sched_json_value *v,
	  struct error *err)
{
	struct mc_source *src = ctx;

	(void)err;
	src->kind = 1;
	if (v->type != SCHED_JSON_ARRAY)
		return 0;	/* anything else is no list: nothing to read */
	if (strcmp(key, "risks") == 0) {
		src->risks = xstrndup(v->text, v->len);
		src->risks_len = v->len;
	} else if (strcmp(key, "correlations") == 0) {
		src->correlations = xstrndup(v->text, v->len);
		src->correlations_len = v->len;
	}
	return 0;
}

enum { M_ID, M_LO, M_ML, M_HI, M_BASE, M_FORE, M_NAME, M__N };

static int
mc_column(const char *h)
{
	static const char *const names[][4] = {
		{ "id", "code", NULL },
		{ "optimistic", "optimistic_days", "min", NULL },
		{ "likely", "likely_days", "most_likely", "mode" },
		{ "pessimistic", "pessimistic_days", "max", NULL },
		{ "baseline", "baseline_date", NULL },
		{ "forecast", "forecast_date", NULL },
		{ "name", NULL },
	};

	while (isspace((unsigned char)*h))
		h++;
	for (int c = 0; c < M__N; c++)
		for (int k = 0; k < 4 && names[c][k]; k++)
			if (strcasecmp(h, names[c][k]) == 0)
				return c;
	return -1;
}

static int
cell_num(const char *s, double *out)
{
	char *end;

	if (s == NULL || *s == '\0')
		return 1;
	errno = 0;
	*out = strtod(s, &end);
	return errno || end == s || *end || !isfinite(*out) ? -1 : 0;
}

static int
hook_row(void *ctx, int act, size_t line, const char *const *cell, size_t ncell,
	 struct error *err)
{
	struct mc_source *src = ctx;
	struct mc_act_src *a;
	const char *name;

	(void)err;
	src->kind = 2;
	if (act < 0) {		/* the header */
		for (int c = 0; c < M__N; c++)
			src->col[c] = -1;
		for (size_t i = 0; i < ncell; i++) {
			int c = mc_column(cell[i]);

			if (c >= 0 && src->col[c] < 0)
				src->col[c] = (int)i;
		}
		return 0;
	}
#define CELL(c) (src->col[c] >= 0 && (size_t)src->col[c] < ncell ? cell[src->col[c]] : NULL)
	a = src_act(src, act);
	a->seen = 1;
	a->where = line;
	a->st[E_LO] = (signed char)cell_num(CELL(M_LO), &a->v[E_LO]);
	a->st[E_ML] = (signed char)cell_num(CELL(M_ML), &a->v[E_ML]);
	a->st[E_HI] = (signed char)cell_num(CELL(M_HI), &a->v[E_HI]);
	if (parse_day(CELL(M_BASE), &a->base) < 0 || parse_day(CELL(M_FORE), &a->fc) < 0)
		a->bad_date = 1;
	if ((name = CELL(M_NAME)) != NULL && *name)
		a->name = src_name(src, name);
#undef CELL
	return 0;
}

int
mc_read_file(struct sched_network *net, const char *path,
	     const struct sched_input_options *opt, struct mc_source **out,
	     struct error *err)
{
	static const struct sched_input_options none = SCHED_INPUT_OPTIONS_INIT;
	struct sched_input_options in = opt ? *opt : none;
	struct sched_read_hooks hooks;
	struct mc_source *src = xcalloc(1, sizeof(*src));

	*out = src;
	src->path = xstrdup(path);
	strbuf_init(&src->names, 0);
	for (int c = 0; c < M__N; c++)
		src->col[c] = -1;
	memset(&hooks, 0, sizeof(hooks));
	hooks.ctx = src;
	hooks.activity_member = hook_member;
	hooks.root_member = hook_root;
	hooks.csv_row = hook_row;
	in.hooks = &hooks;
	return sched_read_file(net, path, &in, NULL, err);
}

/* Where activity a's error is: "path: activities[i]" or "path:line". */
static const char *
src_loc(const struct mc_source *src, const struct mc_act_src *a, char *buf, size_t n)
{
	if (src->kind == 2)
		snprintf(buf, n, "%s:%zu", src->path, a->where);
	else
		snprintf(buf, n, "%s: activities[%zu]", src->path, a->where);
	return buf;
}

static int
apply_activities(struct mc_model *m, const struct mc_source *src, struct error *err)
{
	char loc[300];

#define LOC src_loc(src, a, loc, sizeof(loc))
	for (size_t k = 0; k < src->nact && k < m->n; k++) {
		const struct mc_act_src *a = &src->act[k];
		const struct sched_activity *act = &m->net->act[k];
		const char *id = act->id;
		double lo = a->v[E_LO], ml = a->v[E_ML], hi = a->v[E_HI];

		if (!a->seen)
			continue;
		if (a->st[E_LO] < 0 || a->st[E_ML] < 0 || a->st[E_HI] < 0)
			return error_at(err, ERR_INPUT, LOC, "%s: an estimate is not a number of days", id);
		if (a->st[E_LO] == 0 && a->st[E_HI] == 0) {
			if (a->st[E_ML] != 0) {
				/* no most likely duration: the activity's own */
				if (src->kind == 2)
					ml = (double)act->duration /
					     (double)sched_days(m->net, act->cal, 1.0);
				else if (a->has_dur[0])
					ml = a->dur[0];
				else if (a->has_dur[1])
					ml = a->dur[1];
				else
					ml = (lo + hi) / 2;
			}
			if (mc_model_estimate(m, k, lo, ml, hi, err) < 0)
				return error_move(err, LOC);
		} else if (a->st[E_LO] == 0 || a->st[E_HI] == 0) {
			return error_at(err, ERR_INPUT, LOC,
					"%s: give both the optimistic and the pessimistic duration", id);
		}
		if (a->bad_date)
			return error_at(err, ERR_INPUT, LOC, "%s: baseline and forecast must be dates", id);
		if ((a->base != SCHED_NONE || a->fc != SCHED_NONE || act->kind == SCHED_MILESTONE) &&
		    mc_model_target(m, k, a->name != SIZE_MAX ? src->names.buf + a->name : id,
				    a->base, a->fc, err) < 0)
			return -1;
	}
	return 0;
#undef LOC
}

/* The "risks" and "correlations" lists (short: jansson reads them). */
static int
apply_lists(struct mc_model *m, const struct mc_source *src, struct error *err)
{
	json_t *risks = NULL, *groups = NULL, *v;
	json_error_t jerr;
	const char *where = src->path;
	size_t i;
	char loc[300];
	uint32_t *acts = NULL;
	size_t nacts;
	int rc = -1;

	if (src->risks && (risks = json_loadb(src->risks, src->risks_len,
					      JSON_REJECT_DUPLICATES, &jerr)) == NULL) {
		error_at(err, ERR_INPUT, where, "risks: %s", jerr.text);
		goto out;
	}
	if (src->correlations && (groups = json_loadb(src->correlations, src->correlations_len,
						      JSON_REJECT_DUPLICATES, &jerr)) == NULL) {
		error_at(err, ERR_INPUT, where, "correlations: %s", jerr.text);
		goto out;
	}
	json_array_foreach(risks, i, v) {
		const char *id = jstr(v, "id") ? jstr(v, "id") : jstr(v, "code");
		double p = NAN, lo = NAN, ml = NAN, hi = NAN;
		json_t *imp = json_object_get(v, "impact");

		snprintf(loc, sizeof(loc), "%s: risks[%zu]", where, i);
		if (json_is_array(imp) && json_array_size(imp) == 3) {
			lo = json_number_value(json_array_get(imp, 0));
			ml = json_number_value(json_array_get(imp, 1));
			hi = json_number_value(json_array_get(imp, 2));
		} else if (json_is_number(imp)) {
			lo = ml = hi = json_number_value(imp);
		} else if (jnum_any(v, k_est[E_LO], &lo) != 0 || jnum_any(v, k_est[E_HI], &hi) != 0) {
			error_at(err, ERR_INPUT, loc, "a risk needs an impact: [min, likely, max] days");
			goto out;
		} else if (jnum_any(v, k_est[E_ML], &ml) != 0) {
			ml = (lo + hi) / 2;
		}
		if (jnum(v, "probability", &p) != 0) {
			error_at(err, ERR_INPUT, loc, "a risk needs a probability");
			goto out;
		}
		free(acts);
		acts = NULL;
		if (json_acts(m, json_object_get(v, "activities"), loc, &acts, &nacts, err) < 0 ||
		    mc_model_risk(m, id ? id : loc, p, lo, ml, hi, acts, nacts, err) < 0) {
			if (err->where[0] == '\0')
				error_move(err, loc);
			goto out;
		}
	}
	json_array_foreach(groups, i, v) {
		double rho = NAN;

		snprintf(loc, sizeof(loc), "%s: correlations[%zu]", where, i);
		if (jnum(v, "rho", &rho) != 0 && jnum(v, "correlation", &rho) != 0) {
			error_at(err, ERR_INPUT, loc, "a correlation group needs rho");
			goto out;
		}
		free(acts);
		acts = NULL;
		if (json_acts(m, json_object_get(v, "activities"), loc, &acts, &nacts, err) < 0 ||
		    mc_model_correlate(m, acts, nacts, rho, err) < 0) {
			if (err->where[0] == '\0')
				error_move(err, loc);
			goto out;
		}
	}
	rc = 0;
out:
	free(acts);
	if (risks)
		json_decref(risks);
	if (groups)
		json_decref(groups);
	return rc;
}

int
mc_model_apply(struct mc_model *m, const struct mc_source *src, struct error *err)
{
	if (src == NULL || src->kind == 0)
		return 0;
	if (apply_activities(m, src, err) < 0)
		return -1;
	return src->kind == 1 ? apply_lists(m, src, err) : 0;
}

void
mc_source_free(struct mc_source *src)
{
	if (src == NULL)
		return;
	free(src->act);
	strbuf_release(&src->names);
	free(src->risks);
	free(src->correlations);
	free(src->path);
	free(src);
}

int
mc_model_read_file(struct mc_model *m, const char *path, struct error *err)
{
	struct sched_network scratch;
	struct mc_source *src = NULL;
	int rc = -1;

	/* the network again, only for the members beside it */
	sched_network_init(&scratch);
	if (mc_read_file(&scratch, path, NULL, &src, err) == 0)
		rc = mc_model_apply(m, src, err);
	mc_source_free(src);
	sched_network_release(&scratch);
	return rc;
}

/* --- a dataset ----------------------------------------------------------- */

int
mc_model_from_dataset(struct mc_model *m, const struct dataset *ds,
		      struct error *err)
{
	for (size_t i = 0; i < dataset_count(ds, K_ACTIVITY); i++) {
		const struct activity *a = dataset_row(ds, K_ACTIVITY, i);
		const struct milestone *ms;
		int k = a->code ? sched_network_find(m->net, a->code) : -1;

		if (k < 0)
			continue;	/* not in this network */
		if (!isnan(a->optimistic_days) && !isnan(a->pessimistic_days)) {
			double ml = a->likely_days;

			if (isnan(ml))
				ml = isnan(a->duration_days) ? (a->optimistic_days + a->pessimistic_days) / 2
							     : a->duration_days;
			if (mc_model_estimate(m, (size_t)k, a->optimistic_days, ml,
					      a->pessimistic_days, err) < 0)
				return error_at(err, ERR_INPUT, a->code, "%s", err->msg);
		}
		if (a->milestone == NULL ||
		    (ms = dataset_find(ds, K_MILESTONE, a->milestone)) == NULL)
			continue;
		if (mc_model_target(m, (size_t)k, ms->code,
				    ms->baseline_date ? (int64_t)ms->baseline_date * SCHED_DAY_SECONDS
						      : SCHED_NONE,
				    ms->forecast_date ? (int64_t)ms->forecast_date * SCHED_DAY_SECONDS
						      : SCHED_NONE, err) < 0)
			return -1;
	}
	return 0;
}
