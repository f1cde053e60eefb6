/*
 * routes.c - the route table, its input declarations and the dispatcher.
 *
 * Every URL the application answers is a row of web_routes[]: method,
 * path pattern, the permission it needs, the inputs it accepts (a table
 * of keys with their types, after kcgi-framework's keys[]) and the view,
 * action or raw handler that answers it. A row flagged R_API is also
 * served under /api/v1 with the same permission, the same inputs and the
 * same view: the page renders the view's JSON through a template, the API
 * returns it as it is. route_request() checks, in this order, the route
 * (404, 405), the session (401 or the sign-in page), the permission
 * (403), the CSRF token of a POST (403) and the inputs (400, 415) before
 * any handler runs.
 */
#include "web/web-int.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <microhttpd.h>

#include "core/date.h"
#include "core/money.h"
#include "core/utf8.h"
#include "core/xmalloc.h"
#include "model/schema.h"
#include "store/store.h"
#include "web/html.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define KEYS(a) a, ARRAY_SIZE(a)
#define NOKEYS NULL, 0
/* Inputs accepted in one request at most. */
#define MAX_INPUTS 1000

/* --- value lists --------------------------------------------------------- */

static const char *const role_values[] = {
	"administrator", "portfolio_office", "programme_manager",
	"board_member", "viewer", NULL
};
static const char *const level_values[] = { "project", "programme", "portfolio", NULL };
static const char *const band_values[] = { "low", "medium", "high", NULL };
static const char *const risk_status_values[] = { "open", "closed", "all", NULL };
static const char *const return_action_values[] = { "save", "submit", NULL };
static const char *const cr_decision_values[] = { "approved", "rejected", NULL };
static const char *const format_values[] = { "html", "md", "pdf", NULL };
static const char *const export_values[] = { "json", "xlsx", NULL };
static const char *const measure_values[] = { "inherent", "current", "target", NULL };

/* --- input declarations, one table per form or query ------------------------- */

static const struct key login_page_keys[] = {
	{ "next", V_NEXT, 0, NULL, 0, 0, "Next page", NULL },
};
static const struct key login_keys[] = {
	{ "username", V_CODE, KEY_REQ, NULL, 0, 0, "Username", "Enter your username" },
	{ "password", V_PASSWORD, KEY_REQ, NULL, 0, 0, "Password", "Enter your password" },
	{ "next", V_NEXT, 0, NULL, 0, 0, "Next page", NULL },
	/* the sign-in form's own token (there is no session yet) */
	{ "csrf", V_TEXT, 0, NULL, 0, 100, "Form token", NULL },
};
static const struct key as_at_keys[] = {
	{ "as_at", V_MONTH, 0, NULL, 0, 0, "As at", NULL },
};
static const struct key risks_keys[] = {
	{ "level", V_ENUM, 0, level_values, 0, 0, "Level", NULL },
	{ "programme", V_CODE, 0, NULL, 0, 0, "Programme", NULL },
	{ "band", V_ENUM, 0, band_values, 0, 0, "Band", NULL },
	{ "status", V_ENUM, 0, risk_status_values, 0, 0, "Status", NULL },
	{ "as_at", V_MONTH, 0, NULL, 0, 0, "As at", NULL },
};
static const struct key heatmap_keys[] = {
	{ "level", V_ENUM, 0, level_values, 0, 0, "Level", NULL },
	{ "programme", V_CODE, 0, NULL, 0, 0, "Programme", NULL },
	{ "measure", V_ENUM, 0, measure_values, 0, 0, "Assessment", NULL },
	{ "as_at", V_MONTH, 0, NULL, 0, 0, "As at", NULL },
};
static const struct key milestones_keys[] = {
	{ "as_at", V_MONTH, 0, NULL, 0, 0, "As at", NULL },
	{ "quarters", V_INT, 0, NULL, 1, 8, "Quarters", NULL },
	{ "all", V_BOOL, 0, NULL, 0, 0, "Include milestones that are not key", NULL },
};
static const struct key impact_keys[] = {
	{ "milestone", V_CODE, 0, NULL, 0, 0, "Milestone", NULL },
	{ "slip", V_TEXT, 0, NULL, 0, 40, "Slip", NULL },
	{ "as_at", V_MONTH, 0, NULL, 0, 0, "As at", NULL },
};
static const struct key accept_keys[] = {
	{ "portfolio_risk", V_CODE, 0, NULL, 0, 0, "Existing portfolio risk", NULL },
	{ "code", V_CODE, 0, NULL, 0, 0, "New portfolio risk code", NULL },
	{ "owner", V_TEXT, 0, NULL, 0, 200, "Owner", NULL },
};
static const struct key cr_keys[] = {
	{ "decision", V_ENUM, KEY_REQ, cr_decision_values, 0, 0, "Decision",
	  "Choose whether the board approved or rejected the request" },
	{ "decided", V_DATE, 0, NULL, 0, 0, "Date of the decision", NULL },
};
static const struct key period_keys[] = {
	{ "month", V_MONTH, KEY_REQ, NULL, 0, 0, "Month", "Enter the month to open, like 2018-05" },
};
static const struct key return_keys[] = {
	{ "action", V_ENUM, KEY_REQ, return_action_values, 0, 0, "Action",
	  "Choose whether to save the return as a draft or submit it" },
	{ "dca", V_ENUM, KEY_SUBMIT, dca_values, 0, 0, "Delivery confidence",
	  "Choose a delivery confidence rating to submit the return" },
	{ "sro_dca", V_ENUM, 0, dca_values, 0, 0, "The SRO's own rating", NULL },
	{ "headline", V_TEXT, KEY_SUBMIT, NULL, 0, 300, "Headline",
	  "Enter a headline to submit the return" },
	{ "commentary", V_LONG, 0, NULL, 0, 20000, "Commentary", NULL },
	{ "achievements", V_LONG, 0, NULL, 0, 20000, "Achievements this period", NULL },
	{ "next_period", V_LONG, 0, NULL, 0, 20000, "Plans for next period", NULL },
	{ "spend_to_date", V_MONEY, 0, NULL, 0, 0, "Spend this year to date", NULL },
	{ "forecast", V_MONEY, 0, NULL, 0, 0, "Full-year forecast", NULL },
	{ "forecast_", V_DATE, KEY_PREFIX, NULL, 0, 0, "Forecast date", NULL },
	{ "actual_", V_DATE, KEY_PREFIX, NULL, 0, 0, "Actual date", NULL },
};
static const struct key file_keys[] = {
	{ "file", V_FILE, 0, NULL, 0, 0, "Return file", NULL },
};
static const struct key user_create_keys[] = {
	{ "username", V_CODE, KEY_REQ, NULL, 0, 0, "Username", "Enter a username" },
	{ "name", V_TEXT, KEY_REQ, NULL, 0, 200, "Full name", "Enter the user's full name" },
	{ "email", V_EMAIL, 0, NULL, 0, 254, "Email address", NULL },
	{ "role", V_ENUM, KEY_REQ, role_values, 0, 0, "Role", "Choose a role" },
	{ "clearance", V_ENUM, KEY_REQ, marking_values, 0, 0, "Clearance", "Choose a clearance" },
	{ "active", V_BOOL, 0, NULL, 0, 0, "May sign in", NULL },
	{ "scope", V_CODE, KEY_MULTI, NULL, 0, 0, "Programmes", NULL },
};
static const struct key user_update_keys[] = {
	{ "name", V_TEXT, 0, NULL, 0, 200, "Full name", NULL },
	{ "email", V_EMAIL, 0, NULL, 0, 254, "Email address", NULL },
	{ "role", V_ENUM, 0, role_values, 0, 0, "Role", NULL },
	{ "clearance", V_ENUM, 0, marking_values, 0, 0, "Clearance", NULL },
	{ "active", V_BOOL, 0, NULL, 0, 0, "May sign in", NULL },
	{ "scope", V_CODE, KEY_MULTI, NULL, 0, 0, "Programmes", NULL },
};
static const struct key password_keys[] = {
	{ "password", V_PASSWORD, KEY_REQ, NULL, 0, 0, "New password", "Enter a new password" },
	{ "confirm", V_PASSWORD, KEY_REQ, NULL, 0, 0, "Confirm the new password",
	  "Enter the new password again to confirm it" },
};
static const struct key account_keys[] = {
	{ "current", V_PASSWORD, KEY_REQ, NULL, 0, 0, "Current password", "Enter your current password" },
	{ "password", V_PASSWORD, KEY_REQ, NULL, 0, 0, "New password", "Enter a new password" },
	{ "confirm", V_PASSWORD, KEY_REQ, NULL, 0, 0, "Confirm the new password",
	  "Enter the new password again to confirm it" },
};
static const struct key export_keys[] = {
	{ "format", V_ENUM, 0, export_values, 0, 0, "Format", NULL },
};
static const struct key report_keys[] = {
	{ "format", V_ENUM, 0, format_values, 0, 0, "Format", NULL },
	{ "download", V_BOOL, 0, NULL, 0, 0, "Download", NULL },
};

/* --- the routes ------------------------------------------------------------- */

#define R_NO_SESSION 0x100	/* static files: no session lookup */

/*
 * GET rows answer HEAD too. A POST row's view is the form shown again
 * when its inputs are refused; its template is that form's.
 */
const struct route web_routes[] = {
	{ "GET", "/static/:file", PERM_PUBLIC, R_NO_SESSION, -1, NOKEYS, NULL, NULL, raw_static, NULL, NULL },
	{ "GET", "/favicon.ico", PERM_PUBLIC, R_NO_SESSION, -1, NOKEYS, NULL, NULL, raw_favicon, NULL, NULL },
	{ "GET", "/login", PERM_PUBLIC, 0, -1, KEYS(login_page_keys), view_login, NULL, NULL, "login", "Sign in" },
	{ "POST", "/login", PERM_PUBLIC, R_NO_CSRF, -1, KEYS(login_keys), view_login, act_login, NULL, "login", "Sign in" },
	{ "POST", "/session", PERM_PUBLIC, R_API_ONLY | R_NO_CSRF, -1, KEYS(login_keys), NULL, act_login, NULL, NULL, NULL },
	{ "POST", "/logout", PERM_READ, R_API, -1, NOKEYS, NULL, act_logout, NULL, NULL, NULL },
	{ "GET", "/me", PERM_READ, R_API_ONLY, -1, NOKEYS, view_me, NULL, NULL, NULL, NULL },
	{ "GET", "/account", PERM_READ, 0, -1, NOKEYS, view_account, NULL, NULL, "account", "Your account" },
	{ "POST", "/account/password", PERM_READ, R_API, -1, KEYS(account_keys), view_account, act_account_password, NULL, "account", "Your account" },

	{ "GET", "/dashboard", PERM_READ, R_API | R_CACHE | R_CACHE_PAGE, -1, KEYS(as_at_keys), view_dashboard, NULL, NULL, "dashboard", "Portfolio dashboard" },
	{ "GET", "/programmes", PERM_READ, R_API | R_CACHE | R_CACHE_PAGE, -1, KEYS(as_at_keys), view_programmes, NULL, NULL, "programmes", "Programmes" },
	{ "GET", "/programmes/:code", PERM_READ, R_API | R_CACHE, 0, KEYS(as_at_keys), view_programme, NULL, NULL, "programme", "Programme" },
	{ "GET", "/risks", PERM_READ, R_API | R_CACHE | R_CACHE_PAGE, -1, KEYS(risks_keys), view_risks, NULL, NULL, "risks", "Risk register" },
	{ "GET", "/risks/:code", PERM_READ, R_API, -1, KEYS(as_at_keys), view_risk, NULL, NULL, "risk", "Risk" },
	{ "POST", "/risks/:code/accept", PERM_RISK_ACCEPT, R_API, -1, KEYS(accept_keys), view_risk, act_risk_accept, NULL, "risk", "Risk" },
	{ "GET", "/milestones", PERM_READ, R_API | R_CACHE | R_CACHE_PAGE, -1, KEYS(milestones_keys), view_milestones, NULL, NULL, "milestones", "Milestones: the look-forward" },
	{ "GET", "/dependencies", PERM_READ, R_API | R_CACHE | R_CACHE_PAGE, -1, NOKEYS, view_dependencies, NULL, NULL, "dependencies", "Dependencies between programmes" },
	{ "GET", "/impact", PERM_READ, R_API | R_CACHE, -1, KEYS(impact_keys), view_impact, NULL, NULL, "impact", "Knock-on impact" },
	{ "GET", "/change-requests", PERM_READ, R_API | R_CACHE | R_CACHE_PAGE, -1, NOKEYS, view_change_requests, NULL, NULL, "change-requests", "Change requests" },
	{ "GET", "/change-requests/:code", PERM_READ, R_API, -1, NOKEYS, view_change_request, NULL, NULL, "change-request", "Change request" },
	{ "POST", "/change-requests/:code/decision", PERM_CR_DECIDE, R_API, -1, KEYS(cr_keys), view_change_request, act_cr_decide, NULL, "change-request", "Change request" },

	{ "GET", "/periods", PERM_LIVE, R_API, -1, NOKEYS, view_periods, NULL, NULL, "periods", "Reporting periods" },
	{ "POST", "/periods", PERM_REVIEW, R_API, -1, KEYS(period_keys), view_periods, act_period_open, NULL, "periods", "Reporting periods" },
	{ "GET", "/periods/:month", PERM_LIVE, R_API, -1, NOKEYS, view_period, NULL, NULL, "period", "Reporting period" },
	{ "POST", "/periods/:month/publish", PERM_REVIEW, R_API, -1, NOKEYS, view_period, act_period_publish, NULL, "period", "Reporting period" },
	{ "GET", "/returns/:code/:month", PERM_READ, R_API, 0, NOKEYS, view_return, NULL, NULL, "return", "Monthly return" },
	{ "POST", "/returns/:code/:month", PERM_RETURN_WRITE, R_API, 0, KEYS(return_keys), view_return, act_return_save, NULL, "return", "Monthly return" },
	{ "POST", "/returns/:code/:month/review", PERM_REVIEW, R_API, 0, NOKEYS, view_return, act_return_review, NULL, "return", "Monthly return" },
	{ "GET", "/returns/:code/:month/file", PERM_RETURN_WRITE, R_API, 0, NOKEYS, NULL, NULL, raw_return_template, NULL, NULL },
	{ "POST", "/returns/:code/:month/file", PERM_RETURN_WRITE, R_API | R_UPLOAD, 0, KEYS(file_keys), view_return, act_return_file, NULL, "return", "Monthly return" },

	{ "GET", "/reports", PERM_REPORTS, R_API, -1, NOKEYS, view_reports, NULL, NULL, "reports", "Reports" },
	{ "GET", "/reports/:code/:month", PERM_REPORTS, R_API, -1, KEYS(report_keys), NULL, NULL, raw_report, NULL, NULL },
	{ "GET", "/export", PERM_EXPORT, R_API, -1, KEYS(export_keys), NULL, NULL, raw_export, NULL, NULL },
	{ "GET", "/charts/dca-trend.svg", PERM_READ, 0, -1, KEYS(as_at_keys), NULL, NULL, raw_chart_trend, NULL, NULL },
	{ "GET", "/charts/heatmap.svg", PERM_READ, 0, -1, KEYS(heatmap_keys), NULL, NULL, raw_chart_heatmap, NULL, NULL },

	{ "GET", "/admin/users", PERM_USERS, R_API, -1, NOKEYS, view_users, NULL, NULL, "users", "Users and roles" },
	{ "POST", "/admin/users", PERM_USERS, R_API, -1, KEYS(user_create_keys), view_users, act_user_create, NULL, "users", "Users and roles" },
	{ "GET", "/admin/users/:code", PERM_USERS, R_API, -1, NOKEYS, view_user, NULL, NULL, "user", "User" },
	{ "POST", "/admin/users/:code", PERM_USERS, R_API, -1, KEYS(user_update_keys), view_user, act_user_update, NULL, "user", "User" },
	{ "POST", "/admin/users/:code/password", PERM_USERS, R_API, -1, KEYS(password_keys), view_user, act_user_password, NULL, "user", "User" },
};

const size_t web_nroutes = ARRAY_SIZE(web_routes);

/* Messages shown after an action, by the "done" query value. */
static const struct {
	const char *code;
	const char *message;
} done_messages[] = {
	{ "signed-out", "You have signed out." },
	{ "saved", "The return has been saved as a draft." },
	{ "submitted", "The return has been submitted to the portfolio office." },
	{ "reviewed", "The return has been marked as reviewed." },
	{ "published", "The period has been published." },
	{ "opened", "The reporting period has been opened." },
	{ "accepted", "The risk has been accepted onto the portfolio register." },
	{ "decided", "The decision on the change request has been recorded." },
	{ "created", "The user has been added." },
	{ "updated", "The user has been updated." },
	{ "password", "The password has been changed." },
};

/* --- request helpers ------------------------------------------------------ */

int
req_fail(struct req *r, int status, const char *fmt, ...)
{
	va_list ap;

	r->status = status;
	va_start(ap, fmt);
	vsnprintf(r->message, sizeof(r->message), fmt, ap);
	va_end(ap);
	return -1;
}

int
req_field_error(struct req *r, const char *field, const char *fmt, ...)
{
	va_list ap;
	char msg[512];
	json_t *e = json_object();

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (r->errors == NULL)
		r->errors = json_array();
	json_object_set_new(e, "field", json_string(field));
	json_object_set_new(e, "message", json_string(msg));
	json_array_append_new(r->errors, e);
	if (r->status < 400)
		r->status = 400;
	if (r->message[0] == '\0')
		snprintf(r->message, sizeof(r->message), "%s", msg);
	return -1;
}

const char *
req_error(const struct req *r, const char *field)
{
	size_t i;
	json_t *e;

	json_array_foreach(r->errors, i, e)
		if (strcmp(json_string_value(json_object_get(e, "field")), field) == 0)
			return json_string_value(json_object_get(e, "message"));
	return NULL;
}

int
req_fail_err(struct req *r, const struct error *err)
{
	int status;

	switch (err->code) {
	case ERR_USAGE:
	case ERR_INPUT:
		status = 400;
		break;
	case ERR_NOTFOUND:
		status = 404;
		break;
	case ERR_CONFLICT:
		status = 409;
		break;
	case ERR_DENIED:
		status = 403;
		break;
	default:
		status = 500;
		break;
	}
	return req_fail(r, status, "%s", err->msg);
}

const struct pair *
req_input(const struct req *r, const char *name)
{
	for (size_t i = 0; i < r->nin; i++)
		if (strcmp(r->in[i].name, name) == 0)
			return &r->in[i];
	return NULL;
}

const char *
req_str(const struct req *r, const char *name)
{
	const struct pair *p = req_input(r, name);

	return p ? p->value : NULL;
}

int64_t
req_num(const struct req *r, const char *name, int64_t def)
{
	const struct pair *p = req_input(r, name);

	return p ? p->num : def;
}

const struct dataset *
req_data(struct req *r)
{
	struct error err = ERROR_INIT;

	if (r->ds)
		return r->ds;
	if (r->ce == NULL && cache_get(r->w, r->st, &r->ce, &err) < 0) {
		req_fail(r, 503, "The portfolio cannot be loaded just now: %s", err.msg);
		return NULL;
	}
	r->ds = cache_view(r->ce, r->who ? r->who->clearance : 0,
			   authz_view_flags(r->who));
	return r->ds;
}

struct store *
req_store(struct req *r)
{
	store_set_actor(r->st, r->who ? r->who->username : "web");
	return r->st;
}

char *
req_timestamp(const struct req *r)
{
	const char *fixed = getenv("FOLIO_NOW");
	struct tm tm;
	time_t t = (time_t)r->now;
	char buf[32];

	if (fixed && *fixed)
		return xstrdup(fixed);
	gmtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return xstrdup(buf);
}

/* --- matching ---------------------------------------------------------------- */

static int
code_ok(const char *s, size_t len)
{
	if (len == 0 || len > 64)
		return 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!(isalnum(c) || c == '-' || c == '_' || c == '.' || c == '@'))
			return 0;
	}
	return s[0] != '.';
}

static int
month_ok(const char *s, size_t len)
{
	char buf[16];
	int32_t m;

	if (len != 7)
		return 0;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return buf[4] == '-' && month_parse(buf, &m) == 0;
}

static int
file_ok(const char *s, size_t len)
{
	if (len == 0 || len > 64 || s[0] == '.')
		return 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!(islower(c) || isdigit(c) || c == '-' || c == '.'))
			return 0;
	}
	return 1;
}

static void
free_params(struct req *r)
{
	for (size_t i = 0; i < r->nparam; i++)
		free(r->param[i]);
	r->nparam = 0;
}

/*
 * Match path against pattern, segment by segment, capturing ":name"
 * segments into r->param. 1 on a match (params valid), 0 otherwise.
 */
static int
match(const char *pattern, const char *path, struct req *r)
{
	const char *p = pattern, *u = path;

	free_params(r);
	while (*p && *u) {
		const char *pe, *ue;

		if (*p != '/' || *u != '/')
			break;
		p++;
		u++;
		pe = strchr(p, '/');
		ue = strchr(u, '/');
		if (pe == NULL)
			pe = p + strlen(p);
		if (ue == NULL)
			ue = u + strlen(u);
		if (*p == ':') {
			size_t len = (size_t)(ue - u);
			int ok = strncmp(p, ":month", 6) == 0 && pe - p == 6 ? month_ok(u, len) :
				 strncmp(p, ":file", 5) == 0 && pe - p == 5 ? file_ok(u, len) :
				 code_ok(u, len);

			if (!ok || r->nparam >= REQ_MAX_PARAMS)
				goto no;
			r->param[r->nparam++] = xstrndup(u, len);
		} else if (pe - p != ue - u || strncmp(p, u, (size_t)(pe - p)) != 0) {
			goto no;
		}
		p = pe;
		u = ue;
	}
	if (*p == '\0' && *u == '\0')
		return 1;
no:
	free_params(r);
	return 0;
}

/* --- inputs ------------------------------------------------------------------- */

static void
add_input(struct req *r, const char *name, size_t nlen, const char *value,
	  size_t vlen)
{
	ALLOC_GROW(r->in, r->nin + 1, r->alloc_in);
	r->in[r->nin].name = xstrndup(name, nlen);
	r->in[r->nin].value = xstrndup(value, vlen);
	r->in[r->nin].key = NULL;
	r->in[r->nin].num = 0;
	r->nin++;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decode s[0..len) in place into out; -1 on a bad escape or NUL. */
static int
url_decode(const char *s, size_t len, struct strbuf *out)
{
	strbuf_reset(out);
	for (size_t i = 0; i < len; i++) {
		int c = (unsigned char)s[i];

		if (c == '+') {
			c = ' ';
		} else if (c == '%') {
			int hi, lo;

			if (i + 2 >= len)
				return -1;
			hi = hexval((unsigned char)s[i + 1]);
			lo = hexval((unsigned char)s[i + 2]);
			if (hi < 0 || lo < 0)
				return -1;
			c = hi * 16 + lo;
			i += 2;
		}
		if (c == 0)
			return -1;
		strbuf_addch(out, c);
	}
	return 0;
}

static int
parse_urlencoded(struct req *r, const char *body, size_t len)
{
	struct strbuf name = STRBUF_INIT, value = STRBUF_INIT;
	size_t i = 0;
	int ret = 0;

	while (i < len && ret == 0) {
		size_t end = i, eq;

		while (end < len && body[end] != '&')
			end++;
		eq = i;
		while (eq < end && body[eq] != '=')
			eq++;
		if (end > i) {
			if (r->nin >= MAX_INPUTS ||
			    url_decode(body + i, eq - i, &name) < 0 ||
			    url_decode(body + (eq < end ? eq + 1 : end),
				       eq < end ? end - eq - 1 : 0, &value) < 0)
				ret = req_fail(r, 400, "The form data is malformed.");
			else
				add_input(r, name.buf, name.len, value.buf, value.len);
		}
		i = end + 1;
	}
	strbuf_release(&name);
	strbuf_release(&value);
	return ret;
}

static int
json_scalar_text(json_t *v, char *buf, size_t size, const char **out)
{
	switch (json_typeof(v)) {
	case JSON_STRING:
		*out = json_string_value(v);
		return 0;
	case JSON_INTEGER:
		snprintf(buf, size, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		*out = buf;
		return 0;
	case JSON_REAL:
		snprintf(buf, size, "%.17g", json_real_value(v));
		*out = buf;
		return 0;
	case JSON_TRUE:
		*out = "1";
		return 0;
	case JSON_FALSE:
		*out = "0";
		return 0;
	case JSON_NULL:
		*out = NULL;
		return 0;
	default:
		return -1;
	}
}

static int
parse_json_body(struct req *r)
{
	json_error_t jerr;
	json_t *doc, *v;
	const char *name;
	int ret = 0;

	if (r->body.len == 0)
		return 0;
	doc = json_loadb(r->body.buf, r->body.len, JSON_REJECT_DUPLICATES, &jerr);
	if (doc == NULL)
		return req_fail(r, 400, "The JSON body is malformed: %s (line %d).",
				jerr.text, jerr.line);
	if (!json_is_object(doc)) {
		json_decref(doc);
		return req_fail(r, 400, "The JSON body must be an object.");
	}
	json_object_foreach(doc, name, v) {
		char buf[64];
		const char *text;

		if (json_is_array(v)) {
			size_t i;
			json_t *el;

			json_array_foreach(v, i, el) {
				if (json_scalar_text(el, buf, sizeof(buf), &text) < 0 || !text) {
					ret = req_fail(r, 400, "\"%s\" must hold strings.", name);
					goto out;
				}
				if (r->nin >= MAX_INPUTS) {
					ret = req_fail(r, 400, "Too many values.");
					goto out;
				}
				add_input(r, name, strlen(name), text, strlen(text));
			}
			continue;
		}
		if (json_scalar_text(v, buf, sizeof(buf), &text) < 0) {
			ret = req_fail(r, 400, "\"%s\" must be a string, number or boolean.", name);
			goto out;
		}
		if (text == NULL)
			continue;
		if (r->nin >= MAX_INPUTS) {
			ret = req_fail(r, 400, "Too many values.");
			goto out;
		}
		add_input(r, name, strlen(name), text, strlen(text));
	}
out:
	json_decref(doc);
	return ret;
}

static enum MHD_Result
query_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct req *r = cls;

	(void)kind;
	if (r->nin < MAX_INPUTS)
		add_input(r, key, strlen(key), value ? value : "", value ? strlen(value) : 0);
	return MHD_YES;
}

int
req_type_is(const struct req *r, const char *want)
{
	const char *ct = r->content_type;
	size_t n = strlen(want);

	return ct && strncasecmp(ct, want, n) == 0 && (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

static int
type_is(const char *ct, const char *want)
{
	size_t n = strlen(want);

	return ct && strncasecmp(ct, want, n) == 0 && (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

/* A form field of a multipart body, gathered as libmicrohttpd's post
   processor hands it over in pieces. */
struct multipart {
	struct req *r;
	struct strbuf name;
	struct strbuf value;
	int failed;
};

static void
multipart_flush(struct multipart *m)
{
	if (m->name.len == 0)
		return;
	if (m->r->nin >= MAX_INPUTS || strlen(m->value.buf) != m->value.len)
		m->failed = 1;	/* too many, or a NUL inside */
	else
		add_input(m->r, m->name.buf, m->name.len, m->value.buf, m->value.len);
	strbuf_reset(&m->name);
	strbuf_reset(&m->value);
}

static enum MHD_Result
multipart_field(void *cls, enum MHD_ValueKind kind, const char *key,
		const char *filename, const char *content_type,
		const char *transfer_encoding, const char *data, uint64_t off,
		size_t size)
{
	struct multipart *m = cls;

	(void)kind;
	(void)filename;
	(void)content_type;
	(void)transfer_encoding;
	if (off == 0 || strcmp(m->name.buf, key) != 0) {
		multipart_flush(m);
		strbuf_addstr(&m->name, key);
	}
	if (size && strbuf_add(&m->value, data, size) < 0)
		m->failed = 1;
	return m->failed ? MHD_NO : MHD_YES;
}

static int
parse_multipart(struct req *r)
{
	struct multipart m = { r, STRBUF_INIT, STRBUF_INIT, 0 };
	struct MHD_PostProcessor *pp;
	int ret = 0;

	m.value.max = r->w->cfg.max_upload;
	pp = MHD_create_post_processor(r->conn, 16384, multipart_field, &m);
	if (pp == NULL)
		return req_fail(r, 400, "The form data is malformed.");
	if (MHD_post_process(pp, r->body.buf, r->body.len) != MHD_YES)
		m.failed = 1;
	if (MHD_destroy_post_processor(pp) != MHD_YES)
		m.failed = 1;
	multipart_flush(&m);
	if (m.failed)
		ret = req_fail(r, 400, "The form data is malformed.");
	strbuf_release(&m.name);
	strbuf_release(&m.value);
	return ret;
}

static int
read_inputs(struct req *r)
{
	int upload = (r->route->flags & R_UPLOAD) != 0;

	if (strcmp(r->route->method, "GET") == 0) {
		MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, query_arg, r);
		return 0;
	}
	if (r->body.len == 0)
		return 0;
	if (type_is(r->content_type, "application/x-www-form-urlencoded"))
		return parse_urlencoded(r, r->body.buf, r->body.len);
	/* an upload's JSON body is the file: the action reads r->body */
	if (type_is(r->content_type, "application/json"))
		return upload ? 0 : parse_json_body(r);
	if (upload && type_is(r->content_type, "multipart/form-data"))
		return parse_multipart(r);
	return req_fail(r, 415, upload ? "Send the file as multipart/form-data or application/json."
				  : "Send application/x-www-form-urlencoded or application/json.");
}

size_t
route_body_limit(const struct web *w, const char *method, const char *url)
{
	struct req scratch;
	const char *path = url;
	size_t limit = w->cfg.max_body;

	memset(&scratch, 0, sizeof(scratch));
	if (strncmp(path, "/api/v1/", 8) == 0)
		path += 7;
	for (size_t i = 0; i < web_nroutes; i++) {
		const struct route *rt = &web_routes[i];

		if ((rt->flags & R_UPLOAD) && strcmp(rt->method, method) == 0 &&
		    match(rt->pattern, path, &scratch)) {
			free_params(&scratch);
			limit = w->cfg.max_upload > limit ? w->cfg.max_upload : limit;
			break;
		}
	}
	return limit;
}

/* --- validation ---------------------------------------------------------------- */

/* Length in characters of valid UTF-8 s, or -1 when not valid UTF-8. */
static long
utf8_chars(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t left = strlen(s);
	long n = 0;

	while (left > 0) {
		size_t len = utf8_seq(p, left);

		if (len == 0)
			return -1;
		p += len;
		left -= len;
		n++;
	}
	return n;
}

/* Drop '\r' (browsers send CRLF); refuse other control characters. */
static int
clean_controls(char *s, int multiline)
{
	char *o = s;

	for (char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '\r' && multiline)
			continue;
		if ((c < 0x20 && !(multiline && (c == '\n' || c == '\t'))) || c == 0x7F)
			return -1;
		*o++ = *p;
	}
	*o = '\0';
	return 0;
}

static const char *
lower_label(const struct key *k, char *buf, size_t size)
{
	snprintf(buf, size, "%s", k->label);
	if (buf[0] && buf[1] && !isupper((unsigned char)buf[1]))
		buf[0] = (char)tolower((unsigned char)buf[0]);
	return buf;
}

/*
 * The label of p's field for a message: a prefixed field's label names
 * the record it is about ("Forecast date of OR-M2"), since a form has
 * one such field per row.
 */
static const char *
prefixed_label(const struct pair *p, const struct key *k, char *buf, size_t size)
{
	if (!(k->flags & KEY_PREFIX))
		return k->label;
	snprintf(buf, size, "%s of %s", k->label, p->name + strlen(k->name));
	return buf;
}

/*
 * An email address: local@domain, as people type them, not all RFC 5322
 * allows. At most 254 characters (the longest a mail server takes in a
 * path, RFC 5321), one "@"; the part before it 1 to 64 characters with
 * no space, control character or any of ()<>[]:;,\" and no dot first,
 * last or twice in a row; the domain at least two labels separated by
 * dots, each 1 to 63 letters, digits or hyphens (or non-ASCII letters of
 * an internationalised name), not starting or ending with a hyphen.
 * "name@example" (no dot in the domain) and "no-at-sign" are refused.
 */
static int
email_ok(const char *s)
{
	const char *at = strchr(s, '@'), *d, *label;
	size_t local;
	int labels = 0;

	if (at == NULL || strchr(at + 1, '@') != NULL || strlen(s) > 254)
		return 0;
	local = (size_t)(at - s);
	if (local == 0 || local > 64 || s[0] == '.' || at[-1] == '.')
		return 0;
	for (const char *p = s; p < at; p++) {
		unsigned char c = (unsigned char)*p;

		if (c <= 0x20 || c == 0x7F || strchr("()<>[]:;,\\\"", c) != NULL ||
		    (c == '.' && p[1] == '.'))
			return 0;
	}
	d = at + 1;
	if (strlen(d) > 253)
		return 0;
	for (label = d;; label = d + 1) {
		size_t n = 0;

		for (d = label; *d && *d != '.'; d++, n++) {
			unsigned char c = (unsigned char)*d;

			if (!(isalnum(c) || c == '-' || c >= 0x80))
				return 0;
		}
		if (n == 0 || n > 63 || label[0] == '-' || d[-1] == '-')
			return 0;
		labels++;
		if (*d == '\0')
			break;
	}
	return labels >= 2;
}

/* Check p's value against k; 0 or -1 after req_field_error(). */
static int
check_value(struct req *r, struct pair *p, const struct key *k)
{
	char lbl[128];
	long chars;
	int32_t d;

	p->key = k;
	chars = utf8_chars(p->value);
	if (chars < 0)
		return req_field_error(r, p->name, "%s must be text (UTF-8).", k->label);
	if (k->type != V_PASSWORD && k->type != V_FILE &&
	    clean_controls(p->value, k->type == V_LONG) < 0)
		return req_field_error(r, p->name, "%s must not hold control characters.", k->label);
	switch (k->type) {
	case V_TEXT:
	case V_LONG: {
		long max = k->max > 0 ? (long)k->max : k->type == V_TEXT ? 200 : 20000;

		if (chars > max)
			return req_field_error(r, p->name, "%s must be %ld characters or fewer.",
					       k->label, max);
		break;
	}
	case V_PASSWORD:
		if (chars > WEB_PASSWORD_MAX)
			return req_field_error(r, p->name, "%s must be %d characters or fewer.",
					       k->label, WEB_PASSWORD_MAX);
		break;
	case V_ENUM:
		if (enum_index(k->values, p->value) < 0) {
			const char *what = lower_label(k, lbl, sizeof(lbl));

			return req_field_error(r, p->name, "Choose %s %s from the list.",
					       strchr("aeiou", what[0]) ? "an" : "a", what);
		}
		break;
	case V_CODE:
		if (!code_ok(p->value, strlen(p->value)))
			return req_field_error(r, p->name,
					       "%s must be up to 64 letters, digits, dots, dashes or underscores.",
					       k->label);
		break;
	case V_DATE:
		if (date_parse(p->value, &d) < 0)
			return req_field_error(r, p->name, "%s must be a real date, like 30/04/2018.",
					       prefixed_label(p, k, lbl, sizeof(lbl)));
		p->num = d;
		break;
	case V_MONTH:
		if (month_parse(p->value, &d) < 0)
			return req_field_error(r, p->name,
					       "%s must be a month, like 2018-04.", k->label);
		p->num = d;
		break;
	case V_INT: {
		char *end;
		long long v = strtoll(p->value, &end, 10);

		if (*p->value == '\0' || *end != '\0' || v < k->min || v > k->max)
			return req_field_error(r, p->name, "%s must be a whole number from %lld to %lld.",
					       k->label, (long long)k->min, (long long)k->max);
		p->num = v;
		break;
	}
	case V_MONEY:
		if (money_parse(p->value, &p->num) < 0)
			return req_field_error(r, p->name,
					       "%s must be an amount in whole pounds, like 1,250,000.",
					       k->label);
		break;
	case V_BOOL:
		if (strcmp(p->value, "1") == 0 || strcmp(p->value, "on") == 0 ||
		    strcmp(p->value, "true") == 0 || strcmp(p->value, "yes") == 0)
			p->num = 1;
		else if (strcmp(p->value, "0") == 0 || strcmp(p->value, "off") == 0 ||
			 strcmp(p->value, "false") == 0 || strcmp(p->value, "no") == 0 ||
			 p->value[0] == '\0')
			p->num = 0;
		else
			return req_field_error(r, p->name, "%s must be yes or no.", k->label);
		break;
	case V_EMAIL:
		if (chars > 254)
			return req_field_error(r, p->name, "%s must be 254 characters or fewer.",
					       k->label);
		if (!email_ok(p->value))
			return req_field_error(r, p->name, "Enter an email address in the "
					       "correct format, like name@example.com.");
		break;
	case V_FILE:
		break;	/* its size is bounded by max_upload; the reader checks the rest */
	case V_NEXT:
		if (p->value[0] != '/' || p->value[1] == '/' || p->value[1] == '\\' ||
		    strlen(p->value) > 512 || strpbrk(p->value, "\\\"'<> ") != NULL)
			return req_field_error(r, p->name, "%s must be a page of this site.", k->label);
		break;
	}
	return 0;
}

static const struct key *
key_for(const struct route *rt, const char *name)
{
	for (size_t i = 0; i < rt->nkeys; i++) {
		const struct key *k = &rt->keys[i];

		if (k->flags & KEY_PREFIX) {
			size_t n = strlen(k->name);

			if (strncmp(name, k->name, n) == 0 && code_ok(name + n, strlen(name + n)))
				return k;
		} else if (strcmp(name, k->name) == 0) {
			return k;
		}
	}
	return NULL;
}

/* The index in the route's key table of the key field is for. */
static size_t
key_index(const struct route *rt, const char *field)
{
	size_t i;

	for (i = 0; i < rt->nkeys; i++) {
		const struct key *k = &rt->keys[i];

		if ((k->flags & KEY_PREFIX) ? strncmp(field, k->name, strlen(k->name)) == 0
					    : strcmp(field, k->name) == 0)
			break;
	}
	/* a form's rows of prefixed fields (forecast_X, actual_X) come in
	   the order sent: one place for all of them */
	while (i < rt->nkeys && i > 0 && (rt->keys[i].flags & KEY_PREFIX) &&
	       (rt->keys[i - 1].flags & KEY_PREFIX))
		i--;
	return i;
}

/*
 * Put r->errors in the order of the form's fields (the key table's), as
 * the error summary lists them; errors of one field keep their order.
 * Value errors are found in the order sent, missing fields after them.
 */
static void
errors_in_form_order(struct req *r)
{
	json_t *sorted = json_array(), *e;
	size_t i;

	for (size_t k = 0; k <= r->route->nkeys; k++)
		json_array_foreach(r->errors, i, e)
			if (key_index(r->route,
				      json_string_value(json_object_get(e, "field"))) == k)
				json_array_append(sorted, e);
	json_decref(r->errors);
	r->errors = sorted;
}

/*
 * Keep only inputs the route declares, each checked; empty optional
 * values count as absent. Returns 0, or -1 with r->errors filled.
 */
static int
validate(struct req *r)
{
	const struct route *rt = r->route;
	size_t o = 0;
	int bad = 0, submit;

	for (size_t i = 0; i < r->nin; i++) {
		struct pair p = r->in[i];
		const struct key *k = key_for(rt, p.name);
		int dup = 0;

		if (k && !(k->flags & (KEY_MULTI | KEY_PREFIX)))
			for (size_t j = 0; j < o; j++)
				if (r->in[j].key == k)
					dup = 1;
		if (k == NULL || (p.value[0] == '\0' && k->type != V_BOOL) || dup) {
			if (dup)
				bad |= req_field_error(r, p.name, "%s is given more than once.",
						       k->label) < 0;
			free(p.name);
			free(p.value);
			continue;
		}
		if (check_value(r, &p, k) < 0)
			bad = 1;
		r->in[o++] = p;
	}
	r->nin = o;
	submit = !r->api && req_str(r, "action") && strcmp(req_str(r, "action"), "submit") == 0;
	for (size_t i = 0; i < rt->nkeys; i++) {
		const struct key *k = &rt->keys[i];
		char lbl[128];
		size_t j;

		if (!(k->flags & KEY_REQ) && !(submit && (k->flags & KEY_SUBMIT)))
			continue;
		for (j = 0; j < r->nin; j++)
			if (r->in[j].key == k)
				break;
		if (j == r->nin) {
			if (k->missing)
				req_field_error(r, k->name, "%s.", k->missing);
			else
				req_field_error(r, k->name, "%s %s.",
						k->type == V_ENUM ? "Choose" : "Enter",
						lower_label(k, lbl, sizeof(lbl)));
			bad = 1;
		}
	}
	if (bad)
		errors_in_form_order(r);
	return bad ? -1 : 0;
}

/* Forget the inputs validate() refused (those with an error). */
static void
drop_refused(struct req *r)
{
	size_t o = 0;

	for (size_t i = 0; i < r->nin; i++) {
		if (req_error(r, r->in[i].name) != NULL) {
			free(r->in[i].name);
			free(r->in[i].value);
			continue;
		}
		r->in[o++] = r->in[i];
	}
	r->nin = o;
}

/* --- rendering -------------------------------------------------------------------- */

static void
json_answer(struct resp *out, json_t *v, int status)
{
	char *s = json_dumps(v, JSON_COMPACT | JSON_ENSURE_ASCII);

	out->status = status;
	out->type = "application/json";
	if (s) {
		strbuf_addstr(&out->body, s);
		strbuf_addch(&out->body, '\n');
		free(s);
	}
}

static void
json_error(struct req *r, struct resp *out, int status, const char *msg)
{
	json_t *e = json_object(), *doc = json_object();

	json_object_set_new(e, "status", json_integer(status));
	json_object_set_new(e, "message", json_string(msg));
	if (r->errors)
		json_object_set(e, "fields", r->errors);
	json_object_set_new(doc, "error", e);
	json_answer(out, doc, status);
	json_decref(doc);
}

static const struct {
	const char *href;
	const char *label;
	enum perm perm;
} nav_items[] = {
	{ "/dashboard", "Dashboard", PERM_READ },
	{ "/programmes", "Programmes", PERM_READ },
	{ "/risks", "Risks", PERM_READ },
	{ "/milestones", "Milestones", PERM_READ },
	{ "/dependencies", "Dependencies", PERM_READ },
	{ "/change-requests", "Change requests", PERM_READ },
	{ "/periods", "Periods", PERM_LIVE },
	{ "/reports", "Reports", PERM_REPORTS },
	{ "/admin/users", "Users", PERM_USERS },
};

static json_t *
page_context(struct req *r, const char *title)
{
	json_t *page = json_object(), *nav = json_array(), *can = json_object();
	const char *subject = r->route && r->route->subject >= 0 &&
			      (size_t)r->route->subject < r->nparam ?
			      r->param[r->route->subject] : NULL;
	const char *done;

	jset_str(page, "title", title ? title : "folio");
	jset_str(page, "path", r->url);
	if (r->who) {
		json_t *me = json_object();

		jset_str(me, "username", r->who->username);
		jset_str(me, "name", r->who->name);
		jset_str(me, "role", role_name(r->who->role));
		jset_str(me, "clearance", marking_values[r->who->clearance]);
		json_object_set_new(page, "me", me);
		jset_str(page, "csrf", r->who->csrf);
		for (size_t i = 0; i < ARRAY_SIZE(nav_items); i++) {
			json_t *item;
			size_t n = strlen(nav_items[i].href);

			if (!authz_allows(r->who, nav_items[i].perm, NULL))
				continue;
			item = json_object();
			jset_str(item, "href", nav_items[i].href);
			jset_str(item, "label", nav_items[i].label);
			jset_bool(item, "current", strncmp(r->url, nav_items[i].href, n) == 0 &&
				  (r->url[n] == '\0' || r->url[n] == '/'));
			json_array_append_new(nav, item);
		}
		for (int p = PERM_RETURN_WRITE; p < PERM__COUNT; p++)
			jset_bool(can, perm_name((enum perm)p),
				  authz_allows(r->who, (enum perm)p, subject));
	}
	json_object_set_new(page, "nav", nav);
	json_object_set_new(page, "can", can);
	if (r->errors) {
		json_t *byfield = json_object(), *e;
		size_t i;

		/* a copy: the page marks which of them it can link to */
		json_object_set_new(page, "errors", json_deep_copy(r->errors));
		jset_bool(page, "has_errors", 1);
		/* each field's first error, shown beside it: {{#err.name}} */
		json_array_foreach(r->errors, i, e) {
			const char *f = json_string_value(json_object_get(e, "field"));

			if (json_object_get(byfield, f) == NULL)
				json_object_set(byfield, f, json_object_get(e, "message"));
		}
		json_object_set_new(page, "err", byfield);
	}
	done = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "done");
	for (size_t i = 0; done && i < ARRAY_SIZE(done_messages); i++)
		if (strcmp(done, done_messages[i].code) == 0)
			jset_str(page, "flash", done_messages[i].message);
	return page;
}

/*
 * Charts a page shows inline: a template writes "<!--folio:chart NAME-->"
 * where the chart goes, and the page is made by the same function (and
 * from the same memo) as the /charts/NAME.svg download. Only a template
 * can write the marker: user text reaches the page escaped, so never
 * holds "<!--". The SVG comes from the chart module, which writes no
 * style attributes, scripts or event handlers, so it passes the page's
 * Content-Security-Policy; its ids are the chart's own (chart.id).
 */
static const struct {
	const char *name;
	void (*raw)(struct req *, struct resp *);
} page_charts[] = {
	{ "dca-trend", raw_chart_trend },
	{ "heatmap", raw_chart_heatmap },
};
#define CHART_MARK "<!--folio:chart "

/* Replace the chart markers of page with the charts; 0, or -1 when full. */
static int
inline_charts(struct req *r, struct strbuf *page)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p, *m;
	int rc = 0;

	if (strstr(page->buf, CHART_MARK) == NULL)
		return 0;
	sb.max = page->max;
	for (p = page->buf; rc == 0 && (m = strstr(p, CHART_MARK)) != NULL; ) {
		const char *name = m + strlen(CHART_MARK), *end = strstr(name, "-->");
		struct resp chart;
		size_t i;

		if (end == NULL)
			break;
		rc = strbuf_add(&sb, p, (size_t)(m - p));
		memset(&chart, 0, sizeof(chart));
		strbuf_init(&chart.body, 0);
		for (i = 0; i < ARRAY_SIZE(page_charts); i++)
			if (strlen(page_charts[i].name) == (size_t)(end - name) &&
			    strncmp(page_charts[i].name, name, (size_t)(end - name)) == 0)
				break;
		if (i < ARRAY_SIZE(page_charts))
			page_charts[i].raw(r, &chart);
		if (rc == 0 && chart.status == 200)
			rc = strbuf_add(&sb, chart.body.buf, chart.body.len);
		else if (rc == 0)
			rc = strbuf_addstr(&sb, "<p>The chart could not be drawn.</p>");
		strbuf_release(&chart.body);
		free(chart.disposition);
		free(chart.location);
		p = end + 3;
	}
	if (rc == 0)
		rc = strbuf_addstr(&sb, p);
	if (rc == 0) {
		strbuf_reset(page);
		rc = strbuf_add(page, sb.buf, sb.len);
	}
	strbuf_release(&sb);
	return rc < 0 ? -1 : 0;
}

/*
 * The page: "head" and "foot" with the user's page context and the view,
 * around the body template. body_html, when not NULL, is the body already
 * rendered (memoised for an R_CACHE_PAGE route).
 */
static void
render_page(struct req *r, struct resp *out, const char *tpl, const char *title,
	    json_t *view, const char *body_html, int status)
{
	json_t *page = page_context(r, title);
	json_t *stack[2] = { page, view ? view : page };
	struct error err = ERROR_INIT;
	struct strbuf body = STRBUF_INIT;
	json_t *errors = json_object_get(page, "errors"), *e;
	size_t i;
	int rc = 0;

	out->body.max = 16 << 20;
	body.max = out->body.max;
	/* The body first: the error summary above it links only to fields
	   the page has (a query's month on a page with no month to choose
	   is listed, not linked to nothing). */
	if (body_html == NULL)
		rc = tpl_render(r->w->tpl, tpl, stack, 2, &body, &err);
	json_array_foreach(errors, i, e) {
		const char *f = json_string_value(json_object_get(e, "field"));
		char *id = xasprintf("id=\"%s\"", f ? f : "");

		jset_bool(e, "linked", strstr(body_html ? body_html : body.buf, id) != NULL);
		free(id);
	}
	if (rc == 0)
		rc = tpl_render(r->w->tpl, "head", stack, 2, &out->body, &err);
	if (rc == 0)
		rc = body_html ? strbuf_addstr(&out->body, body_html)
			       : strbuf_add(&out->body, body.buf, body.len);
	if (rc == 0)
		rc = tpl_render(r->w->tpl, "foot", stack, 2, &out->body, &err);
	strbuf_release(&body);
	if (rc == 0)
		rc = inline_charts(r, &out->body);
	if (rc < 0) {
		strbuf_reset(&out->body);
		out->status = 500;
		out->type = "text/plain; charset=utf-8";
		strbuf_addstr(&out->body, "The page could not be made.\n");
	} else {
		out->status = status;
		out->type = "text/html; charset=utf-8";
	}
	json_decref(page);
}

static void
render(struct req *r, struct resp *out, const char *tpl, const char *title,
       json_t *view, int status)
{
	render_page(r, out, tpl, title, view, NULL, status);
}

/*
 * The body of an R_CACHE_PAGE route, rendered from the view alone (so it
 * is the same for everyone who sees that view) and memoised beside it.
 * A new reference to a JSON string, or NULL.
 */
static json_t *
cached_body(struct req *r, const char *key, json_t *view)
{
	struct strbuf sb = STRBUF_INIT;
	struct error err = ERROR_INIT;
	char *hkey = xasprintf("html|%s", key);
	json_t *html = cache_memo_get(r->ce, hkey);

	if (html == NULL && tpl_render(r->w->tpl, r->route->tpl, &view, 1, &sb, &err) == 0) {
		html = json_stringn(sb.buf, sb.len);
		if (html)
			cache_memo_put(r->ce, hkey, html);
	}
	strbuf_release(&sb);
	free(hkey);
	return html;
}

static const char *
status_heading(int status)
{
	switch (status) {
	case 400: return "There is a problem with the request";
	case 401: return "Sign in to see this page";
	case 403: return "You cannot do that";
	case 404: return "Page not found";
	case 405: return "That method is not allowed here";
	case 409: return "That cannot be done now";
	case 413: return "The request is too large";
	case 415: return "That kind of request body is not accepted";
	case 429: return "Too many attempts";
	case 503: return "The service is not available";
	default: return "Sorry, there is a problem with the service";
	}
}

static void
fail_answer(struct req *r, struct resp *out, int status, const char *msg)
{
	json_t *v;

	if (r->api) {
		json_error(r, out, status, msg);
		return;
	}
	v = json_object();
	json_object_set_new(v, "status", json_integer(status));
	jset_str(v, "heading", status_heading(status));
	jset_str(v, "message", msg);
	render(r, out, "error", status_heading(status), v, status);
	json_decref(v);
}

static void
redirect(struct resp *out, const char *location)
{
	out->status = 303;
	free(out->location);
	out->location = xstrdup(location);
	out->type = "text/plain; charset=utf-8";
	strbuf_addf(&out->body, "See %s\n", location);
}

static void
to_login(struct req *r, struct resp *out)
{
	struct strbuf loc = STRBUF_INIT;

	strbuf_addstr(&loc, "/login?next=");
	for (const char *p = r->url; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.')
			strbuf_addch(&loc, c);
		else
			strbuf_addf(&loc, "%%%02X", c);
	}
	redirect(out, loc.buf);
	strbuf_release(&loc);
}

/* GET: the view as a page or JSON, memoised when the route allows. */
static void
answer_view(struct req *r, struct resp *out)
{
	const struct route *rt = r->route;
	json_t *v = NULL;
	char *key = NULL;

	if ((rt->flags & R_CACHE) && req_data(r)) {
		key = memo_key(r);
		v = cache_memo_get(r->ce, key);
	}
	if (v == NULL && r->status == 0) {
		v = rt->view(r);
		/* a view may come back with field errors (a GET form to put
		   right): shown once, never memoised */
		if (v && key && r->errors == NULL)
			cache_memo_put(r->ce, key, v);
	}
	if (v == NULL) {
		free(key);
		fail_answer(r, out, r->status ? r->status : 500,
			    r->message[0] ? r->message : "The page could not be made.");
		return;
	}
	if (r->api && key) {
		/* the answer's text, memoised beside the view */
		char *tkey = xasprintf("json|%s", key);
		json_t *text = cache_memo_get(r->ce, tkey);

		if (text == NULL) {
			char *s = json_dumps(v, JSON_COMPACT | JSON_ENSURE_ASCII);

			text = s ? json_string(s) : NULL;
			if (text)
				cache_memo_put(r->ce, tkey, text);
			free(s);
		}
		out->status = 200;
		out->type = "application/json";
		if (text) {
			strbuf_addstr(&out->body, json_string_value(text));
			strbuf_addch(&out->body, '\n');
		}
		json_decref(text);
		free(tkey);
	} else if (r->api) {
		json_answer(out, v, 200);
	} else {
		json_t *t = json_object_get(v, "title");
		json_t *body = key && !r->errors && (rt->flags & R_CACHE_PAGE) ?
			       cached_body(r, key, v) : NULL;

		render_page(r, out, rt->tpl, json_is_string(t) ? json_string_value(t) : rt->title,
			    v, body ? json_string_value(body) : NULL, r->errors ? 400 : 200);
		json_decref(body);
	}
	free(key);
	json_decref(v);
}

/* A POST refused: the form again with its errors, or an error page. */
static void
answer_refused(struct req *r, struct resp *out)
{
	int status = r->status >= 400 ? r->status : 400;
	char msg[sizeof(r->message)];
	json_t *v;

	snprintf(msg, sizeof(msg), "%s", r->message[0] ? r->message : "The request was refused.");
	if (r->api || r->route->view == NULL || r->route->tpl == NULL || r->errors == NULL) {
		fail_answer(r, out, status, msg);
		return;
	}
	/* the form view must not see the refusal as its own failure */
	r->status = 0;
	r->message[0] = '\0';
	v = r->route->view(r);
	if (v == NULL) {
		fail_answer(r, out, status, msg);
		return;
	}
	{
		json_t *t = json_object_get(v, "title");

		render(r, out, r->route->tpl,
		       json_is_string(t) ? json_string_value(t) : r->route->title, v, status);
	}
	json_decref(v);
}

static void
answer_action(struct req *r, struct resp *out)
{
	json_t *result = NULL;

	if (r->route->action(r, &result) < 0) {
		json_decref(result);
		answer_refused(r, out);
		return;
	}
	cache_invalidate(r->w);
	if (r->api) {
		if (result == NULL) {
			result = json_object();
			jset_bool(result, "ok", 1);
		}
		json_answer(out, result, r->status >= 200 && r->status < 300 ? r->status : 200);
	} else {
		redirect(out, r->location ? r->location : "/dashboard");
	}
	json_decref(result);
}

void
route_request(struct req *r, struct resp *out)
{
	const char *path = r->url;
	const char *method = strcmp(r->method, "HEAD") == 0 ? "GET" : r->method;
	const struct route *rt = NULL;
	const char *subject;
	struct error err = ERROR_INIT;
	int wrong_method = 0;

	if (strncmp(path, "/api/v1/", 8) == 0) {
		r->api = 1;
		path += 7;
	}
	if (!r->api && strcmp(path, "/") == 0) {
		redirect(out, "/dashboard");
		return;
	}
	for (size_t i = 0; i < web_nroutes; i++) {
		const struct route *c = &web_routes[i];

		if (r->api ? !(c->flags & (R_API | R_API_ONLY)) : (c->flags & R_API_ONLY) != 0)
			continue;
		if (!match(c->pattern, path, r))
			continue;
		if (strcmp(c->method, method) != 0) {
			wrong_method = 1;
			continue;
		}
		rt = c;
		break;
	}
	if (rt == NULL) {
		free_params(r);
		fail_answer(r, out, wrong_method ? 405 : 404,
			    wrong_method ? "That method is not allowed here."
					 : "There is no page at this address.");
		return;
	}
	r->route = rt;

	if (!(rt->flags & R_NO_SESSION)) {
		if (session_resolve(r, &r->who, &err) < 0) {
			fail_answer(r, out, 503, "Sessions cannot be read just now.");
			return;
		}
		if (r->who) {
			if (cache_get(r->w, r->st, &r->ce, &err) < 0) {
				fail_answer(r, out, 503, "The portfolio cannot be loaded just now.");
				return;
			}
			if (who_fill(r->who, cache_full(r->ce), &err) < 0) {
				/* the account was removed or deactivated */
				who_free(r->who);
				r->who = NULL;
			}
		}
	}

	subject = rt->subject >= 0 && (size_t)rt->subject < r->nparam ? r->param[rt->subject] : NULL;
	if (!authz_allows(r->who, rt->perm, subject)) {
		if (r->who)
			fail_answer(r, out, 403, "Your account does not allow this.");
		else if (r->api || strcmp(method, "GET") != 0)
			fail_answer(r, out, 401, "Sign in first.");
		else
			to_login(r, out);
		return;
	}

	if (read_inputs(r) < 0) {
		fail_answer(r, out, r->status, r->message);
		return;
	}
	if (strcmp(method, "POST") == 0 && !(rt->flags & R_NO_CSRF)) {
		const char *token = r->api ? MHD_lookup_connection_value(
						     r->conn, MHD_HEADER_KIND, "X-CSRF-Token")
					   : NULL;

		if (token == NULL)
			token = req_str(r, "csrf");
		if (!session_csrf_ok(r, token)) {
			fail_answer(r, out, 403,
				    "The form has expired or did not come from this site. "
				    "Go back, reload the page and try again.");
			return;
		}
	}
	if (validate(r) < 0) {
		if (strcmp(method, "POST") == 0) {
			answer_refused(r, out);
		} else if (!r->api && rt->view && rt->tpl) {
			/* a page's query (its filters) refused: the page as it
			   is without the values refused, each error beside its
			   field, 400 */
			drop_refused(r);
			r->status = 0;
			r->message[0] = '\0';
			answer_view(r, out);
		} else {
			fail_answer(r, out, 400, r->message);
		}
		return;
	}

	if (rt->raw)
		rt->raw(r, out);
	else if (rt->action && strcmp(method, "POST") == 0)
		answer_action(r, out);
	else
		answer_view(r, out);
}
