/*
 * pages.h - helpers the views of src/web/pages-*.c share
 * (pages-common.c): one way to show a rating, a risk, a benefit and a
 * milestone's slip as JSON.
 */
#ifndef FOLIO_WEB_PAGES_H
#define FOLIO_WEB_PAGES_H

#include <stdint.h>

#include <jansson.h>

#include "assess/rollup.h"

struct dataset;
struct req;
struct risk;
struct benefit;
struct slip_item;
struct risk_config;

/* Today's date (the date of FOLIO_NOW when set). */
int32_t req_today(const struct req *r);
/* A programme's name, or NULL. */
const char *programme_name(const struct dataset *ds, const char *code);
/* {rating, class} for a rating ("Not rated" for none). */
json_t *rating_json(enum rating rt);
/* The periods of ds, latest first: [{value, label, selected}]. */
json_t *month_options(const struct dataset *ds, int32_t selected);
/* [{value, selected}] for a NULL-terminated list. */
json_t *enum_options(const char *const *values, const char *selected);
/* The risk bands folio uses (RISK_CONFIG_INIT). */
const struct risk_config *web_risk_config(void);
/* A risk record with score, band, band_class, programme_name, near. */
json_t *risk_json(const struct dataset *ds, const struct risk *rk,
		  int32_t as_at);
/* {band, band_class} of a score. */
json_t *band_json(int score);
/* A benefit with planned and actual summed to as_at. */
json_t *benefit_json(const struct dataset *ds, const struct benefit *b,
		     int32_t as_at);
/* "Achieved", "Achieved late", "Overdue", "Late", "On track", "No forecast" */
const char *slip_status(const struct slip_item *it);
/* A milestone or decision's baseline, forecast, actual and slip. */
json_t *slip_json(const struct dataset *ds, const struct slip_item *it);
/* The date it happened or is expected. */
int32_t slip_when(const struct slip_item *it);

/*
 * Milestones of the quarters ahead of as_at: {quarters: [{quarter, from,
 * to, milestones}], overdue: [...]}; NULL after req_fail().
 */
json_t *lookforward(struct req *r, const struct dataset *ds, int32_t as_at,
		    int quarters, int with_all);
struct dependency;
/* A dependency with its activities' names and programmes. */
json_t *dependency_json(const struct dataset *ds, const struct dependency *d);
/*
 * Whether the reader's view ds holds the whole schedule network of full
 * (every activity, every risk event on one): a simulation or a knock-on
 * analysis on less could rest a programme's figures on work they cannot
 * see, so such views say why instead.
 */
int network_visible(const struct dataset *ds, const struct dataset *full);

struct resp;
/*
 * A raw answer kept since the data last changed: 1 and out filled, or 0
 * (then *key, which the caller frees, names where raw_to_memo() keeps
 * the answer made).
 */
int raw_from_memo(struct req *r, struct resp *out, char **key);
void raw_to_memo(struct req *r, const struct resp *out, const char *key);

#endif
