/*
 * pages-reports.c - what is downloaded rather than browsed: board papers
 * of published periods, the organisation as JSON, the charts as SVG
 * images, and the static files (stylesheet) compiled into the binary.
 *
 * A paper for a published period is built from the frozen copy kept when
 * the period was published, parsed and filtered once for the server as
 * every page's published month is (cache_snapshot_view), so it says what
 * was published, to the reader's clearance.
 */
#include "web/web-int.h"
#include "web/pages.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "assess/rollup.h"
#include "chart/chart.h"
#include "core/asset.h"
#include "core/date.h"
#include "core/xmalloc.h"
#include "import/interchange.h"
#include "model/schema.h"
#include "report/export.h"
#include "report/report.h"
#include "store/store.h"

static const struct period *
period_of(const struct dataset *ds, int32_t month)
{
	DS_FOREACH(ds, K_PERIOD, struct period, p)
		if (p->month == month)
			return p;
	return NULL;
}

static int
published(const struct period *p)
{
	return p && p->state && strcmp(p->state, "published") == 0;
}

/* The papers folio writes, by the name in their address. */
static const struct paper {
	const char *name;
	const char *title;
	int (*build)(const struct dataset *ds, int32_t month, const char *clearance,
		     struct report *out, struct error *err);
} papers[] = {
	{ "oversight", "Oversight Board update", report_oversight },
	{ "pmg", "Portfolio Management Group pack", report_pmg },
	{ "pib", "Portfolio Investment Board exception report", report_pib },
};
#define NPAPERS (sizeof(papers) / sizeof(papers[0]))

json_t *
view_reports(struct req *r)
{
	const struct dataset *ds = req_data(r);
	int drafts = authz_allows(r->who, PERM_REVIEW, NULL);
	json_t *v, *a;
	char m[16];

	if (ds == NULL)
		return NULL;
	v = json_object();
	a = json_array();
	for (size_t i = dataset_count(ds, K_PERIOD); i-- > 0;) {
		const struct period *p = dataset_row(ds, K_PERIOD, i);
		json_t *o, *list;

		if (!published(p) && !drafts)
			continue;
		o = json_object();
		jset_month(o, "month", p->month);
		jset_str(o, "state", p->state);
		jset_bool(o, "published", published(p));
		list = json_array();
		month_format(p->month, m);
		for (size_t k = 0; k < NPAPERS; k++) {
			json_t *paper = json_object();

			jset_str(paper, "paper", papers[k].name);
			jset_str(paper, "title", papers[k].title);
			json_object_set_new(paper, "href", json_sprintf("/reports/%s/%s",
									papers[k].name, m));
			json_object_set_new(paper, "html_download",
					    json_sprintf("/reports/%s/%s?download=1", papers[k].name, m));
			json_object_set_new(paper, "md_download",
					    json_sprintf("/reports/%s/%s?format=md&download=1",
							 papers[k].name, m));
			json_object_set_new(paper, "pdf_download",
					    json_sprintf("/reports/%s/%s?format=pdf&download=1",
							 papers[k].name, m));
			json_array_append_new(list, paper);
		}
		json_object_set_new(o, "papers", list);
		json_array_append_new(a, o);
	}
	json_object_set_new(v, "periods", a);
	return v;
}

static void
plain(struct resp *out, int status, const char *msg)
{
	out->status = status;
	out->type = "text/plain; charset=utf-8";
	strbuf_reset(&out->body);
	strbuf_addstr(&out->body, msg);
	strbuf_addch(&out->body, '\n');
}

/*
 * Raw answers (papers, charts) are costly to make and the same for
 * everyone who sees the same view, so a successful one is kept in the
 * cache entry, keyed by the request (memo_key), until the data changes.
 */
int
raw_from_memo(struct req *r, struct resp *out, char **key)
{
	json_t *m, *body;

	*key = NULL;
	if (req_data(r) == NULL)
		return 0;
	{
		char *k = memo_key(r);

		*key = xasprintf("raw|%s", k);
		free(k);
	}
	m = cache_memo_get(r->ce, *key);
	if (m == NULL)
		return 0;
	body = json_object_get(m, "body");
	strbuf_add(&out->body, json_string_value(body), json_string_length(body));
	out->status = 200;
	out->type = json_string_value(json_object_get(m, "type"));
	out->report_csp = json_is_true(json_object_get(m, "report_csp"));
	out->svg_csp = json_is_true(json_object_get(m, "svg_csp"));
	if (json_is_string(json_object_get(m, "disposition")))
		out->disposition = xstrdup(json_string_value(json_object_get(m, "disposition")));
	/* type points into m; the entry keeps m alive for the request */
	json_decref(m);
	return 1;
}

void
raw_to_memo(struct req *r, const struct resp *out, const char *key)
{
	json_t *m;

	if (key == NULL || out->status != 200 || r->ce == NULL)
		return;
	m = json_object();
	json_object_set_new(m, "body", json_stringn_nocheck(out->body.buf, out->body.len));
	jset_str(m, "type", out->type);
	jset_bool(m, "report_csp", out->report_csp);
	jset_bool(m, "svg_csp", out->svg_csp);
	jset_str(m, "disposition", out->disposition);
	cache_memo_put(r->ce, key, m);
	json_decref(m);
}

/*
 * GET /reports/:paper/:month [format=html|md|pdf] [download=1]: a board
 * paper (oversight, pmg or pib) for the month. 404 for an unknown paper,
 * an unknown period, or (for all but the portfolio office) one not
 * published.
 */
void
raw_report(struct req *r, struct resp *out)
{
	const struct dataset *ds = req_data(r);
	const struct period *p;
	const struct paper *paper = NULL;
	struct report rep;
	struct error err = ERROR_INIT;
	const char *format = req_str(r, "format") ? req_str(r, "format") : "html";
	char *key = NULL;
	int32_t month;
	int rc;

	report_init(&rep);
	if (ds == NULL) {
		plain(out, r->status, r->message);
		goto out;
	}
	for (size_t k = 0; k < NPAPERS; k++)
		if (strcmp(r->param[0], papers[k].name) == 0)
			paper = &papers[k];
	month_parse(r->param[1], &month);
	p = period_of(ds, month);
	if (paper == NULL || p == NULL ||
	    (!published(p) && !authz_allows(r->who, PERM_REVIEW, NULL))) {
		plain(out, 404, "There is no such paper for that month.");
		goto out;
	}
	if (raw_from_memo(r, out, &key))
		goto out;
	if (published(p)) {
		/* as published: the month's snapshot, parsed and filtered
		   once for the server (cache_snapshot_view); the live data
		   for a month published before folio kept snapshots */
		const struct dataset *view = NULL;

		if (cache_snapshot_view(r->w, r->st, r->ce, month, r->who->clearance,
					authz_view_flags(r->who), &view, NULL, &err) < 0) {
			plain(out, 500, "The published copy cannot be read.");
			goto out;
		}
		if (view)
			ds = view;
	}
	report_release(&rep);
	if (paper->build(ds, month, marking_values[r->who->clearance], &rep, &err) < 0) {
		plain(out, err.code == ERR_DENIED ? 404 : 500, err.msg);
		goto out;
	}
	out->body.max = 64 << 20;
	if (strcmp(format, "md") == 0)
		rc = report_render_md(&rep, &out->body);
	else if (strcmp(format, "pdf") == 0)
		rc = report_render_pdf(&rep, &out->body, &err);
	else
		rc = report_render_html(&rep, &out->body);
	if (rc < 0) {
		plain(out, 500, "The paper could not be written.");
		goto out;
	}
	out->status = 200;
	out->type = strcmp(format, "md") == 0 ? "text/markdown; charset=utf-8" :
		    strcmp(format, "pdf") == 0 ? "application/pdf" : "text/html; charset=utf-8";
	out->report_csp = 1;
	if (req_num(r, "download", 0) || strcmp(format, "pdf") == 0)
		out->disposition = xasprintf("%s; filename=\"%s-%s%s.%s\"",
					     req_num(r, "download", 0) ? "attachment" : "inline",
					     paper->name, r->param[1],
					     published(p) ? "" : "-draft", format);
	raw_to_memo(r, out, key);
out:
	free(key);
	report_release(&rep);
}

/* The registers as an XLSX workbook (report/export.h), via a temporary file. */
static int
export_workbook(struct req *r, const struct dataset *ds, struct resp *out,
		struct error *err)
{
	const char *dir = getenv("TMPDIR");
	struct export_info info = { marking_values[r->who->clearance], req_today(r) };
	char path[512];
	int fd, ret = -1;

	snprintf(path, sizeof(path), "%s/folio-export-XXXXXX", dir && *dir ? dir : "/tmp");
	fd = mkstemp(path);
	if (fd < 0)
		return error_set(err, ERR_IO, "cannot make a temporary file");
	close(fd);
	if (export_xlsx(ds, &info, path, err) == 0) {
		if (strbuf_read_file(&out->body, path, 256 << 20) < 0)
			error_set(err, ERR_IO, "cannot read the workbook back");
		else
			ret = 0;
	}
	unlink(path);
	return ret;
}

/*
 * GET /export [format=json|xlsx]: the organisation as an interchange
 * document, or its registers as a workbook, holding only what the user
 * may see (and, for a programme manager, only their programmes).
 */
void
raw_export(struct req *r, struct resp *out)
{
	const struct dataset *ds = req_data(r);
	const char *format = req_str(r, "format") ? req_str(r, "format") : "json";
	struct dataset scoped;
	struct error err = ERROR_INIT;
	int use_scope = r->who && r->who->role == ROLE_PM;
	int xlsx = strcmp(format, "xlsx") == 0;

	if (ds == NULL) {
		plain(out, r->status, r->message);
		return;
	}
	dataset_init(&scoped);
	if (use_scope) {
		dataset_release(&scoped);
		authz_filter_dataset(cache_full(r->ce), r->who->clearance,
				     authz_view_flags(r->who), r->who->scope, r->who->nscope,
				     &scoped);
		ds = &scoped;
	}
	out->body.max = 256 << 20;
	if ((xlsx ? export_workbook(r, ds, out, &err) : interchange_write(ds, &out->body, &err)) < 0) {
		plain(out, 500, "The export could not be written.");
	} else {
		out->status = 200;
		out->type = xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
				 : "application/json";
		out->disposition = xasprintf("attachment; filename=\"%s.%s\"", r->w->org,
					     xlsx ? "xlsx" : "json");
	}
	dataset_release(&scoped);
}

static const enum chart_ink rating_inks[] = {
	CHART_INK_GREEN, CHART_INK_AMBER_GREEN, CHART_INK_AMBER, CHART_INK_AMBER_RED,
	CHART_INK_RED, CHART_INK_EXEMPT, CHART_INK_NOT_ASSESSED
};

/* GET /charts/dca-trend.svg: programmes at each rating, month by month. */
void
raw_chart_trend(struct req *r, struct resp *out)
{
	const struct dataset *ds = req_data(r);
	struct chart_category cats[6];
	struct chart_series series[7];
	double values[7][6];
	struct chart c;
	struct error err = ERROR_INIT;
	int32_t as_at;
	char subtitle[64], month[32];

	char *key = NULL;

	if (ds == NULL) {
		plain(out, r->status, r->message);
		return;
	}
	if (raw_from_memo(r, out, &key)) {
		free(key);
		return;
	}
	/* the months as the last of them was published, as the dashboard */
	if ((ds = req_data_as_at(r, &as_at)) == NULL) {
		plain(out, r->status, r->message);
		free(key);
		return;
	}
	memset(cats, 0, sizeof(cats));
	memset(series, 0, sizeof(series));
	for (int i = 0; i < 6; i++) {
		struct rollup ru;

		cats[i].month = as_at - 5 + i;
		if (rollup_build(ds, NULL, cats[i].month, &ru, &err) < 0) {
			rollup_release(&ru);
			plain(out, 500, "The chart could not be drawn.");
			free(key);
			return;
		}
		for (int s = 0; s < 7; s++)
			values[s][i] = (double)ru.dist[RATING_GREEN + s];
		rollup_release(&ru);
	}
	for (int s = 0; s < 7; s++) {
		series[s].name = rating_name((enum rating)(RATING_GREEN + s));
		series[s].ink = rating_inks[s];
		series[s].values = values[s];
		series[s].n = 6;
	}
	memset(&c, 0, sizeof(c));
	c.type = CHART_STACKED_BAR;
	/* its ids, unique on the dashboard it is inlined in */
	c.id = "chart-dca-trend";
	c.title = "Delivery confidence across the portfolio";
	snprintf(subtitle, sizeof(subtitle), "Active programmes by rating, six months to %s",
		 month_format_long(as_at, month));
	c.subtitle = subtitle;
	c.x_label = "Month";
	c.y_label = "Programmes";
	c.note = ROLLUP_RULE;
	c.categories = cats;
	c.ncategories = 6;
	c.series = series;
	c.nseries = 7;
	if (chart_render(&c, CHART_SVG, 560, 360, &out->body, &err) < 0) {
		plain(out, 500, "The chart could not be drawn.");
	} else {
		out->status = 200;
		out->type = "image/svg+xml";
		out->svg_csp = 1;
		raw_to_memo(r, out, key);
	}
	free(key);
}

/* GET /static/:file: a file of data/static/, cacheable. */
void
raw_static(struct req *r, struct resp *out)
{
	static const struct {
		const char *ext;
		const char *type;
	} types[] = {
		{ ".css", "text/css; charset=utf-8" },
		{ ".js", "text/javascript; charset=utf-8" },
		{ ".svg", "image/svg+xml" },
		{ ".png", "image/png" },
		{ ".ico", "image/x-icon" },
		{ ".txt", "text/plain; charset=utf-8" },
	};
	char name[128];
	const struct asset *a;
	const char *type = NULL;
	size_t n = strlen(r->param[0]);

	snprintf(name, sizeof(name), "static/%s", r->param[0]);
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		size_t el = strlen(types[i].ext);

		if (n > el && strcmp(r->param[0] + n - el, types[i].ext) == 0)
			type = types[i].type;
	}
	a = asset_find(name);
	if (a == NULL || type == NULL) {
		plain(out, 404, "Not found.");
		return;
	}
	strbuf_add(&out->body, a->data, a->len);
	out->status = 200;
	out->type = type;
	out->public_cache = 1;
	if (strcmp(type, "image/svg+xml") == 0)
		out->svg_csp = 1;
}

/*
 * GET /favicon.ico: browsers ask for it on every page without an icon
 * link, the standalone papers included; without it each first visit
 * leaves a 404 in the browser's console and the access log.
 */
void
raw_favicon(struct req *r, struct resp *out)
{
	const struct asset *a = asset_find("static/favicon.ico");

	(void)r;
	if (a == NULL) {
		plain(out, 404, "Not found.");
		return;
	}
	strbuf_add(&out->body, a->data, a->len);
	out->status = 200;
	out->type = "image/x-icon";
	out->public_cache = 1;
}
