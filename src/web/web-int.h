/*
 * web-int.h - what the files of src/web/ share: the request and response,
 * the route table's shape and its input declarations, the signed-in user,
 * the authorization module, the dataset cache and the JSON helpers.
 *
 * The flow of a request (server.c, routes.c):
 *	MHD callback -> limits (413, 414, 431) -> route match (404, 405)
 *	-> session (401 / sign-in page) -> authz_allows (403) -> CSRF (403)
 *	-> input validation against the route's key table (400)
 *	-> the route's view (GET) or action (POST) -> page or JSON.
 * Nothing runs a handler before its route's permission and inputs have
 * been checked.
 */
#ifndef FOLIO_WEB_INT_H
#define FOLIO_WEB_INT_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/error.h"
#include "core/strbuf.h"
#include "model/dataset.h"
#include "web/web.h"

struct MHD_Connection;
struct MHD_Daemon;
struct store;
struct throttle;
struct tpl_set;

/* --- roles and permissions (authz.c) --------------------------------- */

enum role {
	ROLE_ADMIN,		/* users and roles; reads everything */
	ROLE_PMO,		/* portfolio office: reviews, publishes, decides */
	ROLE_PM,		/* programme manager: returns of their programmes */
	ROLE_BOARD,		/* board member: published periods and reports */
	ROLE_VIEWER,		/* reads the live portfolio */
	ROLE__COUNT
};

enum perm {
	PERM_PUBLIC,		/* anyone, signed in or not */
	PERM_READ,		/* any signed-in user */
	PERM_LIVE,		/* work in progress of open periods */
	PERM_RETURN_WRITE,	/* fill in and submit a return (scoped) */
	PERM_REVIEW,		/* review returns, open and publish periods */
	PERM_RISK_ACCEPT,	/* accept an escalated risk */
	PERM_CR_DECIDE,		/* record a board's decision on a change request */
	PERM_REPORTS,		/* board papers of published periods */
	PERM_EXPORT,		/* the organisation as JSON (within clearance) */
	PERM_USERS,		/* users and roles administration */
	PERM__COUNT
};

/* The signed-in user, as the session and the users table say. */
struct who {
	char *org;
	char *username;
	char *name;
	enum role role;
	int clearance;		/* index in marking_values */
	char **scope;		/* programme codes (programme managers) */
	size_t nscope;
	char *csrf;		/* the session's CSRF token */
	char *token_hash;	/* the session's key in the store */
};

void who_free(struct who *w);

/* "administrator" .. "viewer"; -1 for anything else. */
int role_parse(const char *s);
const char *role_name(enum role r);
const char *perm_name(enum perm p);
/*
 * Whether who may do perm; for PERM_RETURN_WRITE, programme (when not
 * NULL) must be in who's scope. NULL who may only do PERM_PUBLIC.
 */
int authz_allows(const struct who *who, enum perm p, const char *programme);

/*
 * Whether who may give a user the clearance want (an index in
 * marking_values), the user holding had now (-1 for a new user): at most
 * who's own clearance, or the one the user already has.
 */
int authz_may_grant_clearance(const struct who *who, int had, int want);

/*
 * Whether who may set username's password without the current one (user
 * administration): anyone's but their own.
 */
int authz_may_set_password(const struct who *who, const char *username);

/*
 * Dataset views: what one user may see. A record is left out when its
 * protective marking is above the clearance, or when it refers (through
 * any FT_REF field, transitively) to a record left out; with
 * VIEW_PUBLISHED, returns not yet published and the milestone forecasts,
 * risk scores and exceptions of unpublished periods are left out too,
 * risks read as the last published month scored them and benefit
 * actuals of unpublished months are dropped; with a scope,
 * records of programmes outside it are left out.
 *
 * The view shares the records of src (only its row arrays are its own):
 * release it with dataset_release() before src.
 */
#define VIEW_PUBLISHED 0x1
void authz_filter_dataset(const struct dataset *src, int clearance,
			  unsigned flags, char *const *scope, size_t nscope,
			  struct dataset *out);
/* VIEW_PUBLISHED for board members, else 0. */
unsigned authz_view_flags(const struct who *who);

/* --- input declarations (routes.c validates, handlers read) ----------- */

enum vtype {
	V_TEXT,		/* one line of text, at most max characters */
	V_LONG,		/* paragraphs, at most max characters */
	V_ENUM,		/* one of values */
	V_CODE,		/* a record code or username */
	V_DATE,		/* YYYY-MM-DD or DD/MM/YYYY: num is the day number */
	V_MONTH,	/* YYYY-MM: num is the month number */
	V_INT,		/* an integer from min to max */
	V_MONEY,	/* whole pounds, "£1,200" allowed */
	V_BOOL,		/* checkbox: num 0 or 1 */
	V_PASSWORD,	/* WEB_PASSWORD_MIN..MAX characters, any */
	V_NEXT,		/* a path on this site to go to after signing in */
	V_EMAIL,	/* an email address: routes.c email_ok() gives the rule */
	V_FILE		/* an uploaded file's text (UTF-8, up to max_upload) */
};

#define KEY_REQ		0x1	/* must be present and not empty */
#define KEY_MULTI	0x2	/* may repeat (a JSON array) */
#define KEY_PREFIX	0x4	/* name is a prefix; the rest must be a code */
#define KEY_SUBMIT	0x8	/* a page form whose action is "submit" must
				   give it (message: missing); the API may
				   rely on what is stored */

struct key {
	const char *name;
	enum vtype type;
	unsigned flags;
	const char *const *values;	/* V_ENUM */
	int64_t min, max;		/* V_INT range; V_TEXT/V_LONG max length */
	const char *label;		/* for messages: "Headline" */
	const char *missing;		/* KEY_REQ: the message when absent
					   ("Enter your username"); NULL for
					   "Enter <label>" */
};

/* One input value, checked against its key. */
struct pair {
	char *name;
	char *value;
	const struct key *key;	/* NULL until validated (then never NULL) */
	int64_t num;		/* V_DATE, V_MONTH, V_INT, V_MONEY, V_BOOL */
};

/* --- routes ------------------------------------------------------------ */

struct req;

/*
 * A view builds the data a page shows and the API returns: a new JSON
 * reference, or NULL after req_fail() (404 and the like).
 */
typedef json_t *(*view_fn)(struct req *r);
/*
 * An action changes something. It returns 0 after setting r->location
 * (where a page goes next) and optionally *result (the API's answer), or
 * -1 after req_fail() / req_field_error().
 */
typedef int (*action_fn)(struct req *r, json_t **result);
/* A raw handler writes the whole response itself (static files, charts,
 * downloads). */
struct resp;
typedef void (*raw_fn)(struct req *r, struct resp *out);

#define R_API		0x01	/* also served as JSON under /api/v1 */
#define R_API_ONLY	0x02	/* served only under /api/v1 */
#define R_CACHE		0x04	/* the view depends only on the data the
				   user may see: memoised per data version */
#define R_NO_CSRF	0x08	/* sign-in: checked another way */
#define R_UPLOAD	0x20	/* takes a file: max_upload, multipart form
				   data (pages), the file itself as the
				   JSON body (API), kept in r->body */
#define R_CACHE_PAGE	0x10	/* with R_CACHE: the page's body (all but the
				   header and footer) is rendered from the
				   view alone, without the user's page
				   context, and memoised as HTML too */

struct route {
	const char *method;	/* "GET" or "POST" (GET also answers HEAD) */
	const char *pattern;	/* "/programmes/:code"; ":month" is a month */
	enum perm perm;
	unsigned flags;
	int subject;		/* path parameter naming the programme the
				   request is about (scope), or -1 */
	const struct key *keys;	/* the inputs it accepts */
	size_t nkeys;
	view_fn view;		/* GET; for POST, the form shown again on error */
	action_fn action;	/* POST */
	raw_fn raw;
	const char *tpl;	/* template of the page's body (the header and
				   footer are "head" and "foot" around it) */
	const char *title;	/* page title */
};

extern const struct route web_routes[];
extern const size_t web_nroutes;

/* --- the server, the request and the response --------------------------- */

#define REQ_MAX_PARAMS 4

/* One loaded organisation, shared by requests until the data changes. */
struct cache_entry;
/* One published month's snapshot, parsed, shared by cache entries. */
struct cache_snap;
/* Snapshots kept parsed across data versions (the most recent used). */
#define WEB_SNAP_MAX 4

struct web {
	struct web_config cfg;
	char *db;
	char *org;
	char *listen;
	struct MHD_Daemon *daemon;
	unsigned port;
	struct tpl_set *tpl;
	/* store handles, one per concurrent request at most */
	pthread_mutex_t pool_lock;
	struct store **pool;
	size_t npool, alloc_pool;
	/* the loaded organisation */
	pthread_mutex_t cache_lock;
	struct cache_entry *cache;
	/* published months' snapshots, most recently used first (under
	   cache_lock) */
	struct cache_snap *snaps[WEB_SNAP_MAX];
	/* sign-in throttling: keys refused until a time */
	pthread_mutex_t throttle_lock;
	struct throttle *throttle;
	size_t nthrottle, alloc_throttle;
	pthread_mutex_t log_lock;
	char *dummy_hash;	/* checked when a user has no password */
};

struct req {
	struct web *w;
	struct MHD_Connection *conn;
	const struct route *route;
	int api;		/* under /api/v1: JSON in and out */
	const char *method;
	const char *url;	/* the path, without the query */
	char *param[REQ_MAX_PARAMS];
	size_t nparam;
	struct pair *in;	/* query (GET) or body (POST) inputs */
	size_t nin, alloc_in;
	json_t *errors;		/* field errors: [{field, message}] */
	struct who *who;	/* NULL when not signed in */
	struct store *st;	/* for this request only */
	struct cache_entry *ce;
	const struct dataset *ds;	/* the data who may see */
	const struct dataset *snap_view;	/* req_data_as_at's snapshot view */
	const struct dataset *snap_full;	/* and its unfiltered snapshot */
	int status;		/* set by req_fail */
	char message[512];
	char *location;		/* actions: where the page goes next */
	char client[64];	/* client address, for throttling */
	int64_t now;		/* Unix seconds at the start */
	struct strbuf body;	/* the request body */
	const char *content_type;
	char *set_cookie[3];
	size_t ncookies;
};

struct resp {
	int status;
	const char *type;	/* Content-Type */
	struct strbuf body;
	char *location;
	char *disposition;	/* Content-Disposition */
	int public_cache;	/* static file: may be cached */
	int report_csp;		/* a standalone report page: its own inline style */
	int svg_csp;		/* an SVG image: its own inline style */
};

/* Record an error for the response: status and a message for the user. */
int req_fail(struct req *r, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Record a field error (status 400 unless a worse one is set). */
int req_field_error(struct req *r, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Turn a store or model error into a status and message. */
int req_fail_err(struct req *r, const struct error *err);
/* The first error recorded for field (req_field_error), or NULL. */
const char *req_error(const struct req *r, const char *field);

/* The first validated input called name, or NULL. */
const struct pair *req_input(const struct req *r, const char *name);
const char *req_str(const struct req *r, const char *name);
/* Its number (V_DATE, V_MONTH, V_INT, V_MONEY, V_BOOL), or def. */
int64_t req_num(const struct req *r, const char *name, int64_t def);

/*
 * The data the signed-in user may see (authz_filter_dataset of the
 * cached organisation). NULL after req_fail() when it cannot be loaded.
 */
const struct dataset *req_data(struct req *r);
/* The store for this request's writes (sets the audit actor). */
struct store *req_store(struct req *r);
/* Heap-copied ISO 8601 UTC timestamp of now (FOLIO_NOW when set). */
char *req_timestamp(const struct req *r);

/* --- the cache (cache.c) ------------------------------------------------- */

/*
 * The organisation as loaded at the store's current audit head: the entry
 * is reloaded when anything has been written since (by this server or
 * any other process). Takes a reference: release with cache_put().
 */
int cache_get(struct web *w, struct store *st, struct cache_entry **out,
	      struct error *err);
void cache_put(struct web *w, struct cache_entry *ce);
/* Force the next cache_get to reload (after this server's own writes). */
void cache_invalidate(struct web *w);
/* The view for clearance and flags (authz_view_flags), built once. */
const struct dataset *cache_view(struct cache_entry *ce, int clearance,
				 unsigned flags);
/* The unfiltered dataset (snapshots, validation of writes). */
const struct dataset *cache_full(struct cache_entry *ce);
/*
 * The view for clearance and flags of month as it was published: when
 * month has a snapshot (the store's latest revision of it as ce's data
 * version knows it), *view is that snapshot (cycle_dataset_as_at_rev)
 * filtered exactly as cache_view filters the live data, *full (may be
 * NULL) the snapshot unfiltered, and 1 is returned; 0 (*view NULL) when
 * month has none; -1 with err filled when it cannot be read. Parsed
 * snapshots are kept by (month, revision) for the WEB_SNAP_MAX most
 * recently used, so a correction's new revision is a new entry; ce
 * keeps those it served alive while it lives, so the pointers stay valid
 * (and distinct) for as long as ce's memo can name them.
 */
int cache_snapshot_view(struct web *w, struct store *st, struct cache_entry *ce,
			int32_t month, int clearance, unsigned flags,
			const struct dataset **view, const struct dataset **full,
			struct error *err);
/* Memoised view results: a new reference or NULL; cache_memo_put keeps
 * its own reference. */
json_t *cache_memo_get(struct cache_entry *ce, const char *key);
void cache_memo_put(struct cache_entry *ce, const char *key, json_t *v);
void cache_free_all(struct web *w);

/* --- sessions and sign-in (session.c) ------------------------------------- */

#define SESSION_COOKIE "folio_session"
#define PRELOGIN_COOKIE "folio_pre"

/* The user of the request's session cookie, or NULL (expired, none). */
int session_resolve(struct req *r, struct who **out, struct error *err);
/*
 * Check username and password (throttled: ERR_DENIED with a message and
 * *throttled set), start a session and queue its cookie on r.
 */
int session_login(struct req *r, const char *username, const char *password,
		  int *throttled, char **csrf, struct error *err);
/*
 * Whether password is username's, under the same throttle as signing in
 * (a session is no licence to guess the account's password): *refused
 * set, with err's message for the user, when username or the client
 * address is locked out; else *ok, a wrong password counted as a failed
 * sign-in. Needs r->ce (a signed-in request). -1 on a store error.
 */
int session_check_password(struct req *r, const char *username,
			   const char *password, int *refused, int *ok,
			   struct error *err);
/* The request's Content-Type is `want` (parameters ignored). */
int req_type_is(const struct req *r, const char *want);
int session_logout(struct req *r, struct error *err);
/* The CSRF token presented matches the session's (constant time). */
int session_csrf_ok(const struct req *r, const char *token);
/* Queue a Set-Cookie header value on r. */
void req_cookie(struct req *r, const char *name, const char *value,
		int max_age);
/* The value of cookie name in the request, or NULL. */
const char *req_cookie_value(struct req *r, const char *name);
/* Load who's name, role, clearance and scope from ds (the full data). */
int who_fill(struct who *who, const struct dataset *ds, struct error *err);
void throttle_free(struct web *w);
/* A fresh random token (base64url of 32 bytes); the caller frees it. */
char *session_new_token(void);

/* --- dispatch (routes.c) ---------------------------------------------------- */

/* The largest body the route at method and url takes (max_body, or
   max_upload for an R_UPLOAD route). */
size_t route_body_limit(const struct web *w, const char *method, const char *url);
/* Answer the request: match, check, validate, run, render into out. */
void route_request(struct req *r, struct resp *out);
/* Unix seconds now (the configured clock in tests). */
int64_t web_now(const struct web *w);

/* --- JSON helpers (json.c) ------------------------------------------------- */

/* A record as a JSON object, fields by their descriptors (absent left out). */
json_t *json_record(enum kind k, const void *rec);
void jset_str(json_t *o, const char *key, const char *s);
void jset_date(json_t *o, const char *key, int32_t date);
void jset_month(json_t *o, const char *key, int32_t month);
void jset_int(json_t *o, const char *key, int64_t v);	/* INT_NONE: left out */
void jset_real(json_t *o, const char *key, double v);	/* NAN: left out */
void jset_bool(json_t *o, const char *key, int v);
/* A key for memoising: parts joined, each escaped. */
char *memo_key(const struct req *r);

/* --- views and actions (pages-*.c) ---------------------------------------- */

json_t *view_login(struct req *r);
int act_login(struct req *r, json_t **result);
int act_logout(struct req *r, json_t **result);
json_t *view_me(struct req *r);
json_t *view_account(struct req *r);
int act_account_password(struct req *r, json_t **result);

json_t *view_dashboard(struct req *r);
json_t *view_programmes(struct req *r);
json_t *view_programme(struct req *r);
json_t *view_risks(struct req *r);
json_t *view_risk(struct req *r);
int act_risk_accept(struct req *r, json_t **result);
json_t *view_milestones(struct req *r);
json_t *view_dependencies(struct req *r);
json_t *view_impact(struct req *r);
json_t *view_change_requests(struct req *r);
json_t *view_change_request(struct req *r);
int act_cr_decide(struct req *r, json_t **result);

json_t *view_periods(struct req *r);
int act_period_open(struct req *r, json_t **result);
json_t *view_period(struct req *r);
int act_period_publish(struct req *r, json_t **result);
json_t *view_return(struct req *r);
void raw_return_template(struct req *r, struct resp *out);
int act_return_file(struct req *r, json_t **result);
int act_return_save(struct req *r, json_t **result);
int act_return_review(struct req *r, json_t **result);

json_t *view_reports(struct req *r);
void raw_report(struct req *r, struct resp *out);
void raw_export(struct req *r, struct resp *out);
void raw_chart_trend(struct req *r, struct resp *out);
void raw_chart_heatmap(struct req *r, struct resp *out);
void raw_static(struct req *r, struct resp *out);
void raw_favicon(struct req *r, struct resp *out);

json_t *view_users(struct req *r);
json_t *view_user(struct req *r);
int act_user_create(struct req *r, json_t **result);
int act_user_update(struct req *r, json_t **result);
int act_user_password(struct req *r, json_t **result);

/* Shared by views: the month a page is "as at" (query as_at, but no
 * later than the latest period the user may see; else the latest
 * published period, else the latest period, else the current month). */
int32_t view_as_at(struct req *r, const struct dataset *ds);
/*
 * The data who may see as at the page's month (view_as_at of req_data):
 * for a published month with a snapshot, that snapshot filtered for who
 * exactly as req_data filters the live data (cache_snapshot_view), so a
 * page shows what was published whatever has changed since, and agrees
 * with the month's papers; for an open or unpublished month, req_data.
 * *as_at is set to the month. NULL after req_fail().
 */
const struct dataset *req_data_as_at(struct req *r, int32_t *as_at);
/* The unfiltered dataset ds (req_data or req_data_as_at) was made from. */
const struct dataset *req_full_of(struct req *r, const struct dataset *ds);
/* The rating of a programme at the end of month, as a JSON object
 * {rating, class} (rating "Not rated" when none). */
json_t *view_rating(const struct dataset *ds, const char *programme,
		    int32_t month);

#endif
