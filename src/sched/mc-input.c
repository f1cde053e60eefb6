/*
 * mc-input.c - the Monte Carlo model of a network file or a dataset: the
 * three-point estimates, risk events, correlation groups and reporting
 * milestones that input.h's readers do not keep in the network.
 *
 * The network itself always comes from input.h (sched_read_file,
 * sched_network_from_dataset); this file reads the same source again for
 * what only the simulation needs (docs/montecarlo.md lists the fields).
 */
#include "sched/montecarlo.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <csv.h>
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

static const char *const k_lo[] = { "min", "optimistic_days", "optimistic", NULL };
static const char *const k_ml[] = { "mode", "likely_days", "likely", "most_likely", NULL };
static const char *const k_hi[] = { "max", "pessimistic_days", "pessimistic", NULL };

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

static int
read_json(struct mc_model *m, json_t *root, const char *where, struct error *err)
{
	json_t *v;
	size_t i;
	char loc[300];
	uint32_t *acts = NULL;
	size_t nacts;
	int rc = -1;

	json_array_foreach(json_object_get(root, "activities"), i, v) {
		const char *id = jstr(v, "id") ? jstr(v, "id") : jstr(v, "code");
		double lo = NAN, ml = NAN, hi = NAN;
		int rl, rm, rh, k;
		int64_t base, fc;

		snprintf(loc, sizeof(loc), "%s: activities[%zu]", where, i);
		if (id == NULL || (k = sched_network_find(m->net, id)) < 0)
			continue;	/* the network reader has said why */
		rl = jnum_any(v, k_lo, &lo);
		rm = jnum_any(v, k_ml, &ml);
		rh = jnum_any(v, k_hi, &hi);
		if (rl < 0 || rm < 0 || rh < 0) {
			error_at(err, ERR_INPUT, loc, "%s: an estimate is not a number of days", id);
			goto out;
		}
		if (rl == 0 && rh == 0) {
			if (rm != 0 && jnum(v, "duration_days", &ml) != 0 && jnum(v, "duration", &ml) != 0)
				ml = (lo + hi) / 2;
			if (mc_model_estimate(m, (size_t)k, lo, ml, hi, err) < 0) {
				error_at(err, ERR_INPUT, loc, "%s", err->msg);
				goto out;
			}
		} else if (rl == 0 || rh == 0) {
			error_at(err, ERR_INPUT, loc, "%s: give both the optimistic and the pessimistic duration", id);
			goto out;
		}
		if (parse_day(jstr(v, "baseline"), &base) < 0 ||
		    parse_day(jstr(v, "forecast"), &fc) < 0) {
			error_at(err, ERR_INPUT, loc, "%s: baseline and forecast must be dates", id);
			goto out;
		}
		if (base != SCHED_NONE || fc != SCHED_NONE ||
		    m->net->act[k].kind == SCHED_MILESTONE) {
			if (mc_model_target(m, (size_t)k, jstr(v, "name") ? jstr(v, "name") : id,
					    base, fc, err) < 0)
				goto out;
		}
	}
	json_array_foreach(json_object_get(root, "risks"), i, v) {
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
		} else if (jnum_any(v, k_lo, &lo) != 0 || jnum_any(v, k_hi, &hi) != 0) {
			error_at(err, ERR_INPUT, loc, "a risk needs an impact: [min, likely, max] days");
			goto out;
		} else if (jnum_any(v, k_ml, &ml) != 0) {
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
				error_at(err, ERR_INPUT, loc, "%s", err->msg);
			goto out;
		}
	}
	json_array_foreach(json_object_get(root, "correlations"), i, v) {
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
				error_at(err, ERR_INPUT, loc, "%s", err->msg);
			goto out;
		}
	}
	rc = 0;
out:
	free(acts);
	return rc;
}

/* --- CSV --------------------------------------------------------------- */

struct rows {
	char **cell;
	size_t ncell, acell;
	size_t *row_off;
	size_t nrow, arow, row_start;
};

static void
on_cell(void *s, size_t len, void *data)
{
	struct rows *r = data;

	ALLOC_GROW(r->cell, r->ncell + 1, r->acell);
	r->cell[r->ncell++] = xstrndup(s ? s : "", s ? len : 0);
}

static void
on_row(int c, void *data)
{
	struct rows *r = data;

	(void)c;
	ALLOC_GROW(r->row_off, r->nrow + 2, r->arow);
	r->row_off[r->nrow++] = r->row_start;
	r->row_off[r->nrow] = r->ncell;
	r->row_start = r->ncell;
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
read_csv(struct mc_model *m, const char *buf, size_t len, const char *where,
	 struct error *err)
{
	struct csv_parser p;
	struct rows r;
	int col[M__N], rc = -1;
	char loc[300];

	memset(&r, 0, sizeof(r));
	for (int i = 0; i < M__N; i++)
		col[i] = -1;
	if (csv_init(&p, CSV_APPEND_NULL) != 0)
		return error_at(err, ERR_INTERNAL, where, "cannot start the CSV parser");
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0) {
		buf += 3;
		len -= 3;
	}
	if (csv_parse(&p, buf, len, on_cell, on_row, &r) != len ||
	    csv_fini(&p, on_cell, on_row, &r) != 0) {
		error_at(err, ERR_INPUT, where, "not CSV: %s", csv_strerror(csv_error(&p)));
		goto out;
	}
	if (r.nrow == 0) {
		rc = 0;
		goto out;
	}
	for (size_t i = 0; i < r.row_off[1]; i++) {
		int c = mc_column(r.cell[i]);

		if (c >= 0 && col[c] < 0)
			col[c] = (int)i;
	}
#define CELL(row, c) (col[c] >= 0 && (size_t)col[c] < r.row_off[(row) + 1] - r.row_off[row] \
		      ? r.cell[r.row_off[row] + (size_t)col[c]] : NULL)
	for (size_t row = 1; row < r.nrow; row++) {
		const char *id = CELL(row, M_ID);
		double lo = NAN, ml = NAN, hi = NAN;
		int k, rl, rm, rh;
		int64_t base, fc;

		snprintf(loc, sizeof(loc), "%s:%zu", where, row + 1);
		if (id == NULL || *id == '\0' || (k = sched_network_find(m->net, id)) < 0)
			continue;
		rl = cell_num(CELL(row, M_LO), &lo);
		rm = cell_num(CELL(row, M_ML), &ml);
		rh = cell_num(CELL(row, M_HI), &hi);
		if (rl < 0 || rm < 0 || rh < 0) {
			error_at(err, ERR_INPUT, loc, "%s: an estimate is not a number of days", id);
			goto out;
		}
		if (rl == 0 && rh == 0) {
			if (rm != 0)
				ml = (double)m->net->act[k].duration /
				     (double)sched_days(m->net, m->net->act[k].cal, 1.0);
			if (mc_model_estimate(m, (size_t)k, lo, ml, hi, err) < 0) {
				error_at(err, ERR_INPUT, loc, "%s", err->msg);
				goto out;
			}
		} else if (rl == 0 || rh == 0) {
			error_at(err, ERR_INPUT, loc, "%s: give both the optimistic and the pessimistic duration", id);
			goto out;
		}
		if (parse_day(CELL(row, M_BASE), &base) < 0 ||
		    parse_day(CELL(row, M_FORE), &fc) < 0) {
			error_at(err, ERR_INPUT, loc, "%s: baseline and forecast must be dates", id);
			goto out;
		}
		if (base != SCHED_NONE || fc != SCHED_NONE ||
		    m->net->act[k].kind == SCHED_MILESTONE) {
			const char *name = CELL(row, M_NAME);

			if (mc_model_target(m, (size_t)k, name && *name ? name : id, base, fc,
					    err) < 0)
				goto out;
		}
	}
#undef CELL
	rc = 0;
out:
	csv_free(&p);
	for (size_t i = 0; i < r.ncell; i++)
		free(r.cell[i]);
	free(r.cell);
	free(r.row_off);
	return rc;
}

struct mc_source {
	char *path;
	int kind;		/* 0 nothing for us (MSPDI), 1 JSON, 2 CSV */
	json_t *root;
	struct strbuf text;
};

int
mc_source_load(struct mc_source **out, const char *path, struct error *err)
{
	struct mc_source *src = xcalloc(1, sizeof(*src));
	const char *p;
	json_error_t jerr;

	*out = src;
	src->path = xstrdup(path);
	strbuf_init(&src->text, 0);
	if (strbuf_read_file(&src->text, path, SCHED_MAX_INPUT) < 0)
		return error_at(err, ERR_IO, path, "%s", strerror(errno));
	p = src->text.buf;
	if (src->text.len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (*p && isspace((unsigned char)*p))
		p++;
	if (*p == '<')
		return 0;	/* MSPDI: no three-point estimates */
	if (*p != '{') {
		src->kind = 2;
		return 0;
	}
	src->kind = 1;
	src->root = json_loadb(src->text.buf, src->text.len, 0, &jerr);
	strbuf_release(&src->text);
	strbuf_init(&src->text, 0);
	if (src->root == NULL)
		return error_at(err, ERR_INPUT, path, "line %d: %s", jerr.line, jerr.text);
	return 0;
}

int
mc_model_apply(struct mc_model *m, const struct mc_source *src, struct error *err)
{
	if (src->kind == 1)
		return read_json(m, src->root, src->path, err);
	if (src->kind == 2)
		return read_csv(m, src->text.buf, src->text.len, src->path, err);
	return 0;
}

void
mc_source_free(struct mc_source *src)
{
	if (src == NULL)
		return;
	if (src->root)
		json_decref(src->root);
	strbuf_release(&src->text);
	free(src->path);
	free(src);
}

int
mc_model_read_file(struct mc_model *m, const char *path, struct error *err)
{
	struct mc_source *src = NULL;
	int rc = -1;

	if (mc_source_load(&src, path, err) == 0)
		rc = mc_model_apply(m, src, err);
	mc_source_free(src);
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
