/*
 * test-web.c - the web application over real HTTP on the loopback.
 *
 * One server (web_start on 127.0.0.1, an ephemeral port) serves a
 * temporary database holding the demo portfolio plus a few records made
 * for these tests: a programme marked OFFICIAL-SENSITIVE with a
 * milestone, a risk and a return; users of every role, one uncleared
 * portfolio office user, one sensitive programme manager, one inactive
 * user; two more programme risks. A small
 * socket client below speaks HTTP/1.1 (one request per connection).
 *
 * Tests that only read run first; the ones that change data (the cycle,
 * risk acceptance, decisions, users, throttling, expiry) run after, in
 * order. The server's clock is the test's (struct web_config.clock), so
 * session expiry and sign-in throttling are tested without waiting.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <jansson.h>
#include <pango/pangocairo.h>

#include "core/asset.h"
#include "core/date.h"
#include "core/error.h"
#include "core/strbuf.h"
#include "core/xmalloc.h"
#include "import/interchange.h"
#include "model/dataset.h"
#include "model/schema.h"
#include "model/validate.h"
#include "store/store.h"
#include "web/html.h"
#include "web/web-int.h"
#include "web/web.h"

/* --- the server under test ------------------------------------------------ */

static struct web *server;
static unsigned port;
static char dbpath[512];
static long long fake_now = 1522750000;	/* 2018-04-03 */

static long long
test_clock(void)
{
	return fake_now;
}

#define PASSWORD "correct horse battery"

enum who_idx { ADMIN, PMO, PM, BOARD, VIEWER, ANON, NWHO };

static const char *const who_user[NWHO] = {
	"p.natarajan", "g.okafor", "h.delaney", "m.achterberg", "s.whitlock", NULL
};
static const char *const who_label[NWHO] = {
	"administrator", "portfolio_office", "programme_manager", "board_member",
	"viewer", "anonymous"
};

/* --- a minimal HTTP client ------------------------------------------------- */

struct http {
	int status;
	struct strbuf head;	/* status line and headers */
	struct strbuf body;
};

static void
http_release(struct http *h)
{
	strbuf_release(&h->head);
	strbuf_release(&h->body);
}

static int
dial(void)
{
	struct sockaddr_in sa;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	return fd;
}

static void
send_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);

		if (w <= 0)
			return;	/* the server may close early (413): fine */
		p += w;
		n -= (size_t)w;
	}
}

/* Read the whole answer until the server closes; parse it into h. */
static void
read_answer(int fd, struct http *h)
{
	struct strbuf raw = STRBUF_INIT;
	char buf[16384];
	ssize_t n;
	char *sep;

	while ((n = recv(fd, buf, sizeof(buf), 0)) > 0)
		strbuf_add(&raw, buf, (size_t)n);
	close(fd);
	strbuf_init(&h->head, 0);
	strbuf_init(&h->body, 0);
	h->status = 0;
	sep = strstr(raw.buf, "\r\n\r\n");
	if (raw.len > 12 && strncmp(raw.buf, "HTTP/1.", 7) == 0)
		h->status = atoi(raw.buf + 9);
	if (sep) {
		strbuf_add(&h->head, raw.buf, (size_t)(sep - raw.buf) + 2);
		strbuf_add(&h->body, sep + 4, raw.len - (size_t)(sep + 4 - raw.buf));
	} else {
		strbuf_add(&h->head, raw.buf, raw.len);
	}
	strbuf_release(&raw);
}

/* Send raw request bytes and read the answer. */
static void
http_raw(const char *req, size_t len, struct http *h)
{
	int fd = dial();

	send_all(fd, req, len);
	read_answer(fd, h);
}

/*
 * One request. cookie may be NULL; ctype and body may be NULL (no body);
 * extra is more header lines ("Name: value\r\n"...) or NULL.
 */
static void
http_req(const char *method, const char *path, const char *cookie,
	 const char *ctype, const char *body, const char *extra, struct http *h)
{
	struct strbuf rq = STRBUF_INIT;

	strbuf_addf(&rq, "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\nConnection: close\r\n",
		    method, path, port);
	if (cookie)
		strbuf_addf(&rq, "Cookie: %s\r\n", cookie);
	if (ctype)
		strbuf_addf(&rq, "Content-Type: %s\r\n", ctype);
	if (body)
		strbuf_addf(&rq, "Content-Length: %zu\r\n", strlen(body));
	if (extra)
		strbuf_addstr(&rq, extra);
	strbuf_addstr(&rq, "\r\n");
	if (body)
		strbuf_addstr(&rq, body);
	http_raw(rq.buf, rq.len, h);
	strbuf_release(&rq);
}

/* The value of header name (first one), copied into buf; NULL if none. */
static const char *
header(const struct http *h, const char *name, char *buf, size_t size)
{
	size_t nl = strlen(name);
	const char *p = h->head.buf;

	while ((p = strstr(p, "\r\n")) != NULL) {
		p += 2;
		if (strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
			const char *v = p + nl + 1, *e;

			while (*v == ' ')
				v++;
			e = strstr(v, "\r\n");
			snprintf(buf, size, "%.*s", (int)(e ? e - v : (long)strlen(v)), v);
			return buf;
		}
	}
	return NULL;
}

/* "name=value" of the Set-Cookie for name, into buf; NULL if none. */
static const char *
set_cookie(const struct http *h, const char *name, char *buf, size_t size)
{
	const char *p = h->head.buf;
	size_t nl = strlen(name);

	while ((p = strstr(p, "\r\nSet-Cookie: ")) != NULL) {
		p += 14;
		if (strncmp(p, name, nl) == 0 && p[nl] == '=') {
			const char *e = strchr(p, ';');

			snprintf(buf, size, "%.*s", (int)(e ? e - p : (long)strlen(p)), p);
			return buf;
		}
	}
	return NULL;
}

static int
has(const struct http *h, const char *needle)
{
	return strstr(h->body.buf, needle) != NULL;
}

#define expect_status(h, want, what) do { \
	if ((h)->status != (want)) \
		fail_msg("%s: status %d, wanted %d; body: %.400s", (what), (h)->status, \
			 (want), (h)->body.buf); \
} while (0)

/* --- sessions --------------------------------------------------------------- */

struct session {
	char cookie[128];
	char csrf[128];
};

/* Sign in through the API; 0 on success. */
static int
api_login(const char *user, const char *password, struct session *s, int *status)
{
	struct http h;
	json_t *doc, *csrf;
	char body[512];
	int ret = -1;

	snprintf(body, sizeof(body), "{\"username\":\"%s\",\"password\":\"%s\"}", user, password);
	http_req("POST", "/api/v1/session", NULL, "application/json", body, NULL, &h);
	if (status)
		*status = h.status;
	memset(s, 0, sizeof(*s));
	if (h.status == 200 && set_cookie(&h, SESSION_COOKIE, s->cookie, sizeof(s->cookie))) {
		doc = json_loads(h.body.buf, 0, NULL);
		csrf = doc ? json_object_get(doc, "csrf") : NULL;
		if (json_is_string(csrf)) {
			snprintf(s->csrf, sizeof(s->csrf), "%s", json_string_value(csrf));
			ret = 0;
		}
		json_decref(doc);
	}
	http_release(&h);
	return ret;
}

static void
login_as(const char *user, struct session *s)
{
	int status = 0;

	if (api_login(user, PASSWORD, s, &status) < 0)
		fail_msg("cannot sign in as %s (status %d)", user, status);
}

static struct session sessions[NWHO];

static const char *
cookie_of(int who)
{
	return who == ANON ? NULL : sessions[who].cookie;
}

/* A POST of JSON through the API with the session's CSRF token. */
static void
api_post(const struct session *s, const char *path, const char *json, struct http *h)
{
	char extra[256];

	snprintf(extra, sizeof(extra), "X-CSRF-Token: %s\r\n", s ? s->csrf : "none");
	http_req("POST", path, s ? s->cookie : NULL, "application/json", json, extra, h);
}

/* A POST of a form, with the session's CSRF token added. */
static void
form_post(const struct session *s, const char *path, const char *form, struct http *h)
{
	struct strbuf b = STRBUF_INIT;

	strbuf_addf(&b, "csrf=%s%s%s", s->csrf, form && *form ? "&" : "", form ? form : "");
	http_req("POST", path, s->cookie, "application/x-www-form-urlencoded", b.buf, NULL, h);
	strbuf_release(&b);
}

static json_t *
api_get_json(int who, const char *path, int *status)
{
	struct http h;
	json_t *doc;

	http_req("GET", path, cookie_of(who), NULL, NULL, NULL, &h);
	*status = h.status;
	doc = json_loads(h.body.buf, 0, NULL);
	http_release(&h);
	return doc;
}

/* Percent-encode s for a form body. */
static char *
form_escape(const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.')
			strbuf_addch(&sb, c);
		else
			strbuf_addf(&sb, "%%%02X", c);
	}
	return strbuf_detach(&sb, NULL);
}

/* --- the fixture ------------------------------------------------------------- */

static void *
add(struct dataset *ds, enum kind k)
{
	return dataset_add(ds, k);
}

static void
add_user(struct dataset *ds, const char *username, const char *role,
	 const char *clearance, int active)
{
	struct user *u = add(ds, K_USER);

	u->username = dataset_strdup(ds, username);
	u->name = dataset_strdup(ds, username);
	u->role = dataset_strdup(ds, role);
	u->clearance = dataset_strdup(ds, clearance);
	u->active = active;
}

static void
add_scope(struct dataset *ds, const char *user, const char *programme)
{
	struct user_scope *s = add(ds, K_USER_SCOPE);

	s->user = dataset_strdup(ds, user);
	s->programme = dataset_strdup(ds, programme);
}

/* The demo, plus what the tests need that the demo does not have. */
static void
make_fixture(struct dataset *ds)
{
	const struct asset *a = asset_find("demo/mps-2018.json");
	struct error err = ERROR_INIT;
	struct programme *p;
	struct milestone *m;
	struct activity *act;
	struct risk *rk;
	struct monthly_return *ret;

	assert_non_null(a);
	if (interchange_read((const char *)a->data, a->len, "demo", ds, &err) < 0)
		fail_msg("demo: %s", err.msg);

	add_user(ds, "t.pmo2", "portfolio_office", "OFFICIAL", 1);
	add_user(ds, "t.pm", "programme_manager", "OFFICIAL", 1);
	add_user(ds, "t.pm2", "programme_manager", "OFFICIAL-SENSITIVE", 1);
	add_user(ds, "t.gone", "viewer", "OFFICIAL", 0);
	add_user(ds, "t.victim", "viewer", "OFFICIAL", 1);
	add_user(ds, "t.victim2", "viewer", "OFFICIAL", 1);
	add_user(ds, "t.twice", "viewer", "OFFICIAL", 1);

	p = add(ds, K_PROGRAMME);
	p->code = "SEC";
	p->portfolio = "TP";
	p->name = "Covert Capability Programme";
	p->lifecycle = "active";
	p->marking = "OFFICIAL-SENSITIVE";
	p->sro = "Covert SRO";
	p->start_date = date_from_ymd(2017, 4, 1);
	p->end_date = date_from_ymd(2019, 3, 31);
	m = add(ds, K_MILESTONE);
	m->code = "SEC-M1";
	m->programme = "SEC";
	m->name = "Covert milestone";
	m->key = 1;
	m->baseline_date = date_from_ymd(2018, 6, 15);
	act = add(ds, K_ACTIVITY);
	act->code = "SEC-A1";
	act->programme = "SEC";
	act->name = "Covert activity";
	act->type = "task";
	act->duration_days = 10;
	rk = add(ds, K_RISK);
	rk->code = "SEC-R1";
	rk->level = "programme";
	rk->programme = "SEC";
	rk->title = "Covert risk title";
	rk->current_likelihood = 4;
	rk->current_impact = 4;
	rk->status = "open";
	/* a programme risk on no portfolio risk, and one proposed for escalation
	   (high and near) */
	rk = add(ds, K_RISK);
	rk->code = "OR-T1";
	rk->level = "programme";
	rk->programme = "OR";
	rk->title = "A small unlinked risk";
	rk->current_likelihood = 1;
	rk->current_impact = 2;
	rk->status = "open";
	rk = add(ds, K_RISK);
	rk->code = "OR-T2";
	rk->level = "programme";
	rk->programme = "OR";
	rk->title = "Control room cut-over slips into the summer";
	rk->current_likelihood = 5;
	rk->current_impact = 4;
	rk->proximity = date_from_ymd(2018, 5, 15);
	rk->raised = date_from_ymd(2018, 1, 10);
	rk->status = "open";
	/* an OFFICIAL programme risk feeding a sensitive portfolio risk */
	rk = add(ds, K_RISK);
	rk->code = "SEC-PR1";
	rk->level = "portfolio";
	rk->title = "Covert portfolio risk";
	rk->marking = "OFFICIAL-SENSITIVE";
	rk->current_likelihood = 2;
	rk->current_impact = 2;
	rk->status = "open";
	rk = add(ds, K_RISK);
	rk->code = "OR-T3";
	rk->level = "programme";
	rk->programme = "OR";
	rk->title = "A risk feeding a covert one";
	rk->current_likelihood = 1;
	rk->current_impact = 1;
	rk->status = "open";
	{
		struct risk_link *rl = add(ds, K_RISK_LINK);

		rl->portfolio_risk = "SEC-PR1";
		rl->risk = "OR-T3";
	}
	ret = add(ds, K_RETURN);
	ret->programme = "SEC";
	ret->period = month_from_ym(2018, 3);
	ret->version = 1;
	ret->status = "published";
	ret->dca = "Amber";
	ret->headline = "Covert headline";

	DS_FOREACH(ds, K_PROGRAMME, struct programme, pg)
		if (strcmp(pg->lifecycle, "active") == 0 && strcmp(pg->code, "SEC") != 0)
			add_scope(ds, "t.pm", pg->code);
	add_scope(ds, "t.pm2", "SEC");
	/* a programme manager whose scope names a programme above their
	   clearance (an administrator cleared to see it gave it) */
	add_user(ds, "t.pm3", "programme_manager", "OFFICIAL", 1);
	add_scope(ds, "t.pm3", "OR");
	add_scope(ds, "t.pm3", "SEC");

	if (dataset_validate(ds, "fixture", &err) < 0)
		fail_msg("fixture: %s: %s", err.where, err.msg);
	dataset_sort(ds);
}

static int
group_setup(void **state)
{
	const char *dir = getenv("TMPDIR");
	struct dataset ds;
	struct store *st = NULL;
	struct error err = ERROR_INIT;
	struct web_config cfg;
	int fd;

	(void)state;
	signal(SIGPIPE, SIG_IGN);
	setenv("FOLIO_NOW", "2018-04-03T09:00:00Z", 1);
	snprintf(dbpath, sizeof(dbpath), "%s/folio-web-XXXXXX", dir && *dir ? dir : "/tmp");
	fd = mkstemp(dbpath);
	assert_true(fd >= 0);
	close(fd);
	dataset_init(&ds);
	make_fixture(&ds);
	if (store_open(&st, dbpath, &err) < 0 || store_create_org(st, &ds, &err) < 0)
		fail_msg("store: %s", err.msg);
	DS_FOREACH(&ds, K_USER, struct user, u) {
		char *hash = NULL;

		if (web_password_hash(PASSWORD, 1, &hash, &err) < 0 ||
		    store_credential_set(st, "MPS", u->username, hash, &err) < 0)
			fail_msg("password: %s", err.msg);
		free(hash);
	}
	store_close(st);
	dataset_release(&ds);

	web_config_init(&cfg);
	cfg.db = dbpath;
	cfg.org = "MPS";
	cfg.listen = "127.0.0.1:0";
	cfg.threads = 2;
	cfg.fast_hash = 1;
	cfg.timeout = 2;
	cfg.body_seconds = 3;
	cfg.clock = test_clock;
	cfg.max_body = 64 * 1024;
	if (getenv("FOLIO_WEB_LOG"))
		cfg.log = stderr;
	if (web_start(&cfg, &server, &err) < 0)
		fail_msg("web_start: %s", err.msg);
	port = web_port(server);
	assert_true(port > 0);
	for (int i = 0; i < ANON; i++)
		login_as(who_user[i], &sessions[i]);
	return 0;
}

static int
group_teardown(void **state)
{
	static const char *const suffix[] = { "", "-wal", "-shm" };
	char p[600];

	(void)state;
	web_stop(server);
	/* the charts' font caches, so the leak checker sees only ours */
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	FcFini();
	for (size_t i = 0; i < 3; i++) {
		snprintf(p, sizeof(p), "%s%s", dbpath, suffix[i]);
		unlink(p);
	}
	return 0;
}

/* --- the template engine and the filter, without HTTP ------------------------ */

static void
test_template_engine(void **state)
{
	struct tpl_set *set = tpl_set_new();
	struct error err = ERROR_INIT;
	struct strbuf out = STRBUF_INIT;
	json_t *ctx = json_pack("{s:s, s:[{s:s},{s:s}], s:b, s:i, s:{s:s}, s:[], s:f}",
				"x", "<a href=\"x\" onclick='y'>&</a>",
				"list", "n", "one", "n", "two<",
				"yes", 1, "zero", 0,
				"obj", "inner", "in",
				"empty",
				"money", 1234567.0);

	(void)state;
	assert_int_equal(tpl_set_add(set, "t", "[{{x}}]{{#list}}<{{n}}>{{/list}}"
				     "{{#yes}}Y{{/yes}}{{^zero}}Z{{/zero}}{{#empty}}E{{/empty}}"
				     "{{#obj}}{{inner}}{{x}}{{/obj}}{{list.1.n}}{{>p}}{{! no }}", &err), 0);
	assert_int_equal(tpl_set_add(set, "p", "|{{money|money}}|{{zero|num}}", &err), 0);
	assert_int_equal(tpl_render(set, "t", &ctx, 1, &out, &err), 0);
	assert_string_equal(out.buf,
		"[&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;]<one><two&lt;>YZ"
		"in&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;two&lt;|\xc2\xa3" "1,234,567|0");
	/* there is no way to write a value unescaped */
	assert_int_equal(tpl_set_add(set, "raw", "{{{x}}}", &err), -1);
	assert_int_equal(tpl_set_add(set, "amp", "{{&x}}", &err), -1);
	assert_int_equal(tpl_set_add(set, "open", "{{#a}}never closed", &err), -1);
	assert_int_equal(tpl_set_add(set, "bad", "{{#a}}{{/b}}", &err), -1);
	assert_int_equal(tpl_set_add(set, "filter", "{{a|nosuch}}", &err), -1);
	/* a partial that includes itself stops with an error, not a crash */
	assert_int_equal(tpl_set_add(set, "loop", "{{>loop}}", &err), 0);
	strbuf_reset(&out);
	assert_int_equal(tpl_render(set, "loop", &ctx, 1, &out, &err), -1);
	assert_int_equal(tpl_render(set, "missing", &ctx, 1, &out, &err), -1);
	/* stored timestamps are written for people, with their zone; anything
	   else is shown as it is */
	json_object_set_new(ctx, "ts", json_string("2018-04-11T16:05:00Z"));
	json_object_set_new(ctx, "odd", json_string("2018-02-31T16:05:00Z"));
	assert_int_equal(tpl_set_add(set, "time", "{{ts|time}}|{{odd|time}}|{{#ts}}{{.|time}}{{/ts}}",
				     &err), 0);
	strbuf_reset(&out);
	assert_int_equal(tpl_render(set, "time", &ctx, 1, &out, &err), 0);
	assert_string_equal(out.buf, "11 April 2018 at 16:05 UTC|2018-02-31T16:05:00Z|"
			    "11 April 2018 at 16:05 UTC");
	strbuf_release(&out);
	json_decref(ctx);
	tpl_set_free(set);
}

static void
test_filter_dataset(void **state)
{
	const struct asset *a = asset_find("demo/mps-2018.json");
	struct dataset ds, off, sens, pub, scoped;
	struct error err = ERROR_INIT;
	char *scope[] = { "OR" };
	int saw;

	(void)state;
	dataset_init(&ds);
	make_fixture(&ds);
	authz_filter_dataset(&ds, 0, 0, NULL, 0, &off);
	authz_filter_dataset(&ds, 1, 0, NULL, 0, &sens);
	authz_filter_dataset(&ds, 0, VIEW_PUBLISHED, NULL, 0, &pub);
	authz_filter_dataset(&ds, 1, 0, scope, 1, &scoped);
	/* the sensitive programme and everything hanging off it */
	assert_null(dataset_find(&off, K_PROGRAMME, "SEC"));
	assert_null(dataset_find(&off, K_MILESTONE, "SEC-M1"));
	assert_null(dataset_find(&off, K_RISK, "SEC-R1"));
	assert_null(dataset_find(&off, K_RISK, "TIP-R2"));
	assert_null(dataset_find(&off, K_ISSUE, "TIP-I2"));
	DS_FOREACH(&off, K_RETURN, struct monthly_return, r)
		assert_string_not_equal(r->programme, "SEC");
	DS_FOREACH(&off, K_USER_SCOPE, struct user_scope, s)
		assert_string_not_equal(s->programme, "SEC");
	DS_FOREACH(&off, K_RISK_ACTION, struct risk_action, ra)
		assert_string_not_equal(ra->risk, "TIP-R2");
	assert_non_null(dataset_find(&sens, K_PROGRAMME, "SEC"));
	assert_non_null(dataset_find(&sens, K_RISK, "TIP-R2"));
	assert_int_equal(dataset_count(&sens, K_RISK), dataset_count(&ds, K_RISK));
	/* published only: no open period, no unpublished return */
	DS_FOREACH(&pub, K_PERIOD, struct period, p)
		assert_string_equal(p->state, "published");
	DS_FOREACH(&pub, K_RETURN, struct monthly_return, r)
		assert_string_equal(r->status, "published");
	/* scoped: one programme, portfolio risks kept */
	assert_int_equal(dataset_count(&scoped, K_PROGRAMME), 1);
	saw = 0;
	DS_FOREACH(&scoped, K_RISK, struct risk, rk) {
		if (rk->programme)
			assert_string_equal(rk->programme, "OR");
		else
			saw = 1;
	}
	assert_true(saw);
	/* every view is a dataset the validator accepts */
	assert_int_equal(dataset_validate(&off, "official", &err), 0);
	assert_int_equal(dataset_validate(&scoped, "scoped", &err), 0);
	(void)a;
	dataset_release(&scoped);
	dataset_release(&pub);
	dataset_release(&sens);
	dataset_release(&off);
	dataset_release(&ds);
}

/*
 * A board member's view shows a risk as the last published month scored
 * it: a submitted return writes its risks' current scores into the risk
 * itself, which the board must not read before the month is published;
 * a risk scored only in unpublished months is not shown to them at all.
 */
static void
test_filter_published_risk(void **state)
{
	struct dataset ds, pub, live;
	struct risk_score *sc;
	const struct risk *rk, *shown, *fresh;
	int32_t last = 0, open;

	(void)state;
	dataset_init(&ds);
	make_fixture(&ds);
	DS_FOREACH(&ds, K_PERIOD, struct period, p)
		if (strcmp(p->state, "published") == 0 && p->month > last)
			last = p->month;
	assert_true(last > 0);
	open = last + 1;
	rk = dataset_find(&ds, K_RISK, "PAFC-R1");
	assert_non_null(rk);
	/* its published score, then an unpublished month's 5 x 5 written
	   into the risk as a submitted return does */
	sc = NULL;
	DS_FOREACH(&ds, K_RISK_SCORE, struct risk_score, s)
		if (strcmp(s->risk, "PAFC-R1") == 0 && s->period == last)
			sc = s;
	if (sc == NULL)
		sc = dataset_add(&ds, K_RISK_SCORE);
	sc->risk = "PAFC-R1";
	sc->period = last;
	sc->likelihood = 2;
	sc->impact = 3;
	sc->status = "open";
	sc = dataset_add(&ds, K_RISK_SCORE);
	sc->risk = "PAFC-R1";
	sc->period = open;
	sc->likelihood = 5;
	sc->impact = 5;
	sc->status = "open";
	((struct risk *)rk)->current_likelihood = 5;
	((struct risk *)rk)->current_impact = 5;
	/* a risk first raised in the unpublished month */
	{
		struct risk *nr = dataset_add(&ds, K_RISK);

		nr->code = "PAFC-T9";
		nr->level = "programme";
		nr->programme = "PAFC";
		nr->title = "Raised in a return not yet published";
		nr->current_likelihood = 4;
		nr->current_impact = 4;
		nr->status = "open";
		sc = dataset_add(&ds, K_RISK_SCORE);
		sc->risk = "PAFC-T9";
		sc->period = open;
		sc->likelihood = 4;
		sc->impact = 4;
		sc->status = "open";
	}
	/* a benefit's actual reported for the unpublished month, beside its
	   plan, and one with no plan */
	{
		const struct benefit *b = dataset_row(&ds, K_BENEFIT, 0);
		struct benefit_value *bv = dataset_add(&ds, K_BENEFIT_VALUE);

		bv->benefit = b->code;
		bv->period = open;
		bv->planned = 100;
		bv->actual = 7777;
		bv = dataset_add(&ds, K_BENEFIT_VALUE);
		bv->benefit = b->code;
		bv->period = open + 1;
		bv->planned = NAN;
		bv->actual = 8888;
	}
	dataset_sort(&ds);
	authz_filter_dataset(&ds, 0, VIEW_PUBLISHED, NULL, 0, &pub);
	authz_filter_dataset(&ds, 0, 0, NULL, 0, &live);
	{
		int plan = 0, seen = 0;

		DS_FOREACH(&pub, K_BENEFIT_VALUE, struct benefit_value, bv) {
			if (bv->actual == 7777 || bv->actual == 8888)
				fail_msg("the board sees an unpublished benefit actual");
			if (bv->period == open && bv->planned == 100)
				plan = 1;
		}
		DS_FOREACH(&live, K_BENEFIT_VALUE, struct benefit_value, bv)
			if (bv->actual == 7777)
				seen = 1;
		assert_true(plan);
		assert_true(seen);
	}
	shown = dataset_find(&pub, K_RISK, "PAFC-R1");
	assert_non_null(shown);
	assert_int_equal(shown->current_likelihood, 2);
	assert_int_equal(shown->current_impact, 3);
	assert_null(dataset_find(&pub, K_RISK, "PAFC-T9"));
	/* the live view, and the data itself, keep the submitted scores */
	fresh = dataset_find(&live, K_RISK, "PAFC-R1");
	assert_int_equal(fresh->current_likelihood, 5);
	assert_non_null(dataset_find(&live, K_RISK, "PAFC-T9"));
	assert_int_equal(rk->current_likelihood, 5);
	dataset_release(&live);
	dataset_release(&pub);
	dataset_release(&ds);
}

/* --- charts inline ------------------------------------------------------------- */

/* Every id="..." of the page, checked to be unique. Returns how many. */
static size_t
expect_unique_ids(const struct http *h)
{
	const char *p = h->body.buf;
	char **ids = NULL;
	size_t n = 0;

	while ((p = strstr(p, " id=\"")) != NULL) {
		const char *e;

		p += 5;
		e = strchr(p, '"');
		assert_non_null(e);
		for (size_t i = 0; i < n; i++)
			if (strlen(ids[i]) == (size_t)(e - p) && strncmp(ids[i], p, (size_t)(e - p)) == 0)
				fail_msg("id \"%s\" appears twice", ids[i]);
		ids = realloc(ids, (n + 1) * sizeof(*ids));
		assert_non_null(ids);
		ids[n++] = strndup(p, (size_t)(e - p));
	}
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	return n;
}

/* The SVG inline in a page: one, with the figure's caption, and nothing the CSP blocks. */
static void
expect_inline_chart(const struct http *h, const char *id, const char *download)
{
	const char *svg = strstr(h->body.buf, "<svg "), *end;
	char want[128];

	assert_non_null(svg);
	assert_null(strstr(svg + 1, "<svg "));
	end = strstr(svg, "</svg>");
	assert_non_null(end);
	snprintf(want, sizeof(want), "<title id=\"%s-title\">", id);
	assert_non_null(strstr(svg, want));
	for (const char *p = svg; p < end; p++) {
		/* no style, no script, no event handler attribute */
		assert_false(strncmp(p, "style", 5) == 0 && p[-1] == ' ');
		assert_false(strncmp(p, "<script", 7) == 0);
		assert_false((p[0] == 'o' || p[0] == 'O') && (p[1] == 'n' || p[1] == 'N') &&
			     (p[-1] == ' ' || p[-1] == '\n' || p[-1] == '\t') &&
			     strcspn(p, "=> \n") < 20 && p[strcspn(p, "=> \n")] == '=');
	}
	assert_null(strstr(h->body.buf, "<!--folio:chart"));
	assert_null(strstr(h->body.buf, "<img"));
	assert_non_null(strstr(end, "<figcaption>"));
	assert_true(has(h, download));
	assert_true(expect_unique_ids(h) > 2);
}

static void
test_inline_charts(void **state)
{
	struct http h, svg;

	(void)state;
	http_req("GET", "/dashboard", cookie_of(VIEWER), NULL, NULL, NULL, &h);
	expect_status(&h, 200, "dashboard");
	expect_inline_chart(&h, "chart-dca-trend", "href=\"/charts/dca-trend.svg?as_at=");
	/* the download is the same drawing */
	http_req("GET", "/charts/dca-trend.svg", cookie_of(VIEWER), NULL, NULL, NULL, &svg);
	expect_status(&svg, 200, "trend chart");
	assert_non_null(strstr(svg.body.buf, "<title id=\"chart-dca-trend-title\">"));
	http_release(&svg);
	/* a second look comes from the memo and is the same page */
	http_req("GET", "/dashboard", cookie_of(VIEWER), NULL, NULL, NULL, &svg);
	expect_status(&svg, 200, "dashboard again");
	assert_string_equal(svg.body.buf, h.body.buf);
	http_release(&svg);
	http_release(&h);

	http_req("GET", "/risks?level=portfolio", cookie_of(VIEWER), NULL, NULL, NULL, &h);
	expect_status(&h, 200, "risk register");
	expect_inline_chart(&h, "chart-heatmap", "href=\"/charts/heatmap.svg?level=portfolio\"");
	assert_true(has(&h, "id=\"heatmap\""));
	http_release(&h);
	http_req("GET", "/charts/heatmap.svg?level=portfolio", cookie_of(VIEWER), NULL, NULL, NULL, &h);
	expect_status(&h, 200, "heat map chart");
	assert_non_null(strstr(h.body.buf, "<title id=\"chart-heatmap-title\">"));
	http_release(&h);
}

/* --- headers, sign-in and the authorization matrix ----------------------------- */

static void
test_security_headers(void **state)
{
	struct http h;
	char v[512];

	(void)state;
	http_req("GET", "/dashboard", cookie_of(VIEWER), NULL, NULL, NULL, &h);
	expect_status(&h, 200, "dashboard");
	assert_non_null(header(&h, "Content-Security-Policy", v, sizeof(v)));
	assert_non_null(strstr(v, "default-src 'self'"));
	assert_non_null(strstr(v, "style-src 'self'"));
	assert_non_null(strstr(v, "frame-ancestors 'none'"));
	assert_null(strstr(v, "unsafe-inline"));
	assert_string_equal(header(&h, "X-Frame-Options", v, sizeof(v)), "DENY");
	assert_string_equal(header(&h, "X-Content-Type-Options", v, sizeof(v)), "nosniff");
	assert_string_equal(header(&h, "Referrer-Policy", v, sizeof(v)), "same-origin");
	assert_string_equal(header(&h, "Cache-Control", v, sizeof(v)), "no-store");
	/* the page is accessible in its bones */
	assert_true(has(&h, "<html lang=\"en-GB\">"));
	assert_true(has(&h, "class=\"skip-link\""));
	assert_true(has(&h, "<main id=\"main\""));
	assert_false(has(&h, "<script"));
	assert_false(has(&h, "style=\""));
	http_release(&h);

	/* errors carry the headers too */
	http_req("GET", "/no/such/page", NULL, NULL, NULL, NULL, &h);
	expect_status(&h, 404, "unknown page");
	assert_non_null(header(&h, "Content-Security-Policy", v, sizeof(v)));
	assert_string_equal(header(&h, "X-Frame-Options", v, sizeof(v)), "DENY");
	http_release(&h);

	/* static files may be cached; no session needed */
	http_req("GET", "/static/folio.css", NULL, NULL, NULL, NULL, &h);
	expect_status(&h, 200, "stylesheet");
	assert_non_null(strstr(header(&h, "Cache-Control", v, sizeof(v)), "public"));
	assert_non_null(strstr(header(&h, "Content-Type", v, sizeof(v)), "text/css"));
	assert_true(has(&h, ":focus"));
	http_release(&h);
	/* the icon browsers ask for by themselves: an ICO holding a PNG */
	http_req("GET", "/favicon.ico", NULL, NULL, NULL, NULL, &h);
	expect_status(&h, 200, "favicon");
	assert_string_equal(header(&h, "Content-Type", v, sizeof(v)), "image/x-icon");
	assert_non_null(strstr(header(&h, "Cache-Control", v, sizeof(v)), "public"));
	assert_true(h.body.len > 22 && memcmp(h.body.buf, "\0\0\1\0", 4) == 0 &&
		    memcmp(h.body.buf + 22, "\x89PNG", 4) == 0);
	http_release(&h);
	http_req("GET", "/static/..%2Fsql%2Fsqlite%2Fconnect.sql", NULL, NULL, NULL, NULL, &h);
	assert_int_equal(h.status, 404);
	http_release(&h);
}

/* The value of attribute name in the tag starting at tag, or "". */
static void
attr(const char *tag, const char *name, char *buf, size_t size)
{
	const char *end = strchr(tag, '>'), *p = tag;
	size_t nl = strlen(name);

	buf[0] = '\0';
	while ((p = strstr(p, name)) != NULL && (end == NULL || p < end)) {
		if (p[-1] == ' ' && p[nl] == '=' && p[nl + 1] == '"') {
			const char *v = p + nl + 2, *q = strchr(v, '"');

			snprintf(buf, size, "%.*s", (int)(q ? q - v : 0), v);
			return;
		}
		p += nl;
	}
}

/*
 * Every page's bones: one h1, headings never skipping a level (the error
 * summary's h2 sits before the h1, as GOV.UK has it), a label for every
 * control, ids unique.
 */
static int
check_page(const char *path, const char *body)
{
	static const char *const controls[] = { "<input ", "<select ", "<textarea " };
	int h1 = 0, prev = 1, checked = 0;
	char id[160], type[40], want[200];

	for (const char *p = body; (p = strstr(p, "<h")) != NULL; p++) {
		int level = p[2] - '0';

		if (level < 1 || level > 6 || (p[3] != '>' && p[3] != ' '))
			continue;
		if (level == 1)
			h1++;
		if (level > prev + 1 && !(level == 2 && h1 == 0))
			fail_msg("%s: heading h%d after h%d", path, level, prev);
		if (h1)
			prev = level;
	}
	if (h1 != 1)
		fail_msg("%s: %d h1 headings", path, h1);
	for (size_t c = 0; c < 3; c++)
		for (const char *p = body; (p = strstr(p, controls[c])) != NULL; p++) {
			attr(p, "type", type, sizeof(type));
			if (strcmp(type, "hidden") == 0 || strcmp(type, "submit") == 0)
				continue;
			attr(p, "id", id, sizeof(id));
			if (id[0] == '\0')
				fail_msg("%s: a control without an id", path);
			snprintf(want, sizeof(want), "for=\"%s\"", id);
			if (strstr(body, want) == NULL)
				fail_msg("%s: no label for #%s", path, id);
			checked++;
		}
	for (const char *p = body; (p = strstr(p, " id=\"")) != NULL; p++) {
		const char *q = strchr(p + 5, '"');
		char needle[200];

		snprintf(needle, sizeof(needle), " id=\"%.*s\"", (int)(q - p - 5), p + 5);
		if (strstr(strstr(body, needle) + 1, needle) != NULL)
			fail_msg("%s: id %s twice", path, needle);
	}
	return checked;
}

static void
test_pages_accessible(void **state)
{
	static const struct {
		int who;
		const char *path;
	} pages[] = {
		{ ANON, "/login" }, { VIEWER, "/dashboard" }, { VIEWER, "/programmes" },
		{ PM, "/programmes/OR" }, { VIEWER, "/risks" }, { PMO, "/risks/PR3" },
		{ VIEWER, "/milestones" }, { VIEWER, "/dependencies" }, { VIEWER, "/change-requests" },
		{ PMO, "/change-requests/EST-CR1" }, { PMO, "/periods" }, { PMO, "/periods/2018-03" },
		{ PM, "/returns/OR/2018-04" }, { VIEWER, "/returns/OR/2018-03" }, { PMO, "/reports" },
		{ ADMIN, "/admin/users" }, { ADMIN, "/admin/users/h.delaney" }, { VIEWER, "/account" },
		{ VIEWER, "/no/such/page" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		struct http h;
		int n;

		http_req("GET", pages[i].path, cookie_of(pages[i].who), NULL, NULL, NULL, &h);
		if (h.status != 200 && h.status != 404)
			fail_msg("%s: %d", pages[i].path, h.status);
		n = check_page(pages[i].path, h.body.buf);
		/* the return form: rating, headline, texts, money, milestone dates */
		if (strcmp(pages[i].path, "/returns/OR/2018-04") == 0 && n < 10)
			fail_msg("the return form has %d labelled controls", n);
		http_release(&h);
	}
}

static void
test_page_login(void **state)
{
	struct http h;
	char pre[128], sess[128], cookie[300], v[512], body[512];
	const char *tok;

	(void)state;
	/* not signed in: pages go to the sign-in page, the API says 401 */
	http_req("GET", "/programmes/SLP", NULL, NULL, NULL, NULL, &h);
	expect_status(&h, 303, "anonymous page");
	assert_string_equal(header(&h, "Location", v, sizeof(v)), "/login?next=/programmes/SLP");
	http_release(&h);
	http_req("GET", "/api/v1/programmes/SLP", NULL, NULL, NULL, NULL, &h);
	expect_status(&h, 401, "anonymous API");
	http_release(&h);

	http_req("GET", "/login?next=/programmes/SLP", NULL, NULL, NULL, NULL, &h);
	expect_status(&h, 200, "sign-in page");
	assert_non_null(set_cookie(&h, PRELOGIN_COOKIE, pre, sizeof(pre)));
	assert_non_null(header(&h, "Set-Cookie", v, sizeof(v)));
	assert_non_null(strstr(v, "HttpOnly"));
	assert_non_null(strstr(v, "SameSite=Strict"));
	assert_true(has(&h, "<label class=\"label\" for=\"username\">"));
	assert_true(has(&h, "<label class=\"label\" for=\"password\">"));
	tok = strchr(pre, '=') + 1;
	http_release(&h);

	/* the form's token must match its cookie */
	snprintf(body, sizeof(body), "csrf=wrong&username=s.whitlock&password=%s", "correct+horse+battery");
	http_req("POST", "/login", pre, "application/x-www-form-urlencoded", body, NULL, &h);
	expect_status(&h, 403, "sign-in without its token");
	http_release(&h);

	/* a wrong password shows the form again with the error */
	snprintf(body, sizeof(body), "csrf=%s&username=s.whitlock&password=wrong-password", tok);
	http_req("POST", "/login", pre, "application/x-www-form-urlencoded", body, NULL, &h);
	expect_status(&h, 401, "wrong password");
	assert_true(has(&h, "There is a problem"));
	assert_true(has(&h, "href=\"#password\""));
	assert_true(has(&h, "value=\"s.whitlock\""));
	http_release(&h);

	snprintf(body, sizeof(body), "csrf=%s&username=s.whitlock&password=correct+horse+battery&next=%%2Fprogrammes%%2FSLP", tok);
	http_req("POST", "/login", pre, "application/x-www-form-urlencoded", body, NULL, &h);
	expect_status(&h, 303, "sign in");
	assert_string_equal(header(&h, "Location", v, sizeof(v)), "/programmes/SLP");
	assert_non_null(set_cookie(&h, SESSION_COOKIE, sess, sizeof(sess)));
	/* the session cookie's attributes */
	{
		const char *p = strstr(h.head.buf, "Set-Cookie: " SESSION_COOKIE "=");
		const char *e = strstr(p, "\r\n");
		char line[300];

		snprintf(line, sizeof(line), "%.*s", (int)(e - p), p);
		assert_non_null(strstr(line, "; Path=/"));
		assert_non_null(strstr(line, "; HttpOnly"));
		assert_non_null(strstr(line, "; SameSite=Strict"));
		assert_null(strstr(line, "Secure"));	/* not configured */
	}
	http_release(&h);

	/* an open redirect is refused */
	snprintf(body, sizeof(body), "csrf=%s&username=s.whitlock&password=correct+horse+battery&next=%%2F%%2Fevil.example", tok);
	http_req("POST", "/login", pre, "application/x-www-form-urlencoded", body, NULL, &h);
	expect_status(&h, 400, "next elsewhere");
	http_release(&h);

	http_req("GET", "/programmes/SLP", sess, NULL, NULL, NULL, &h);
	expect_status(&h, 200, "signed in");
	assert_true(has(&h, "Strengthening Local Policing"));
	/* sign out with the page's token */
	{
		const char *p = strstr(h.body.buf, "name=\"csrf\" value=\"");
		char csrf[100];

		assert_non_null(p);
		p += strlen("name=\"csrf\" value=\"");
		snprintf(csrf, sizeof(csrf), "%.*s", (int)(strchr(p, '"') - p), p);
		http_release(&h);
		snprintf(body, sizeof(body), "csrf=%s", csrf);
		snprintf(cookie, sizeof(cookie), "%s", sess);
		http_req("POST", "/logout", cookie, "application/x-www-form-urlencoded", body, NULL, &h);
		expect_status(&h, 303, "sign out");
		assert_string_equal(header(&h, "Location", v, sizeof(v)), "/login?done=signed-out");
		http_release(&h);
	}
	http_req("GET", "/api/v1/me", sess, NULL, NULL, NULL, &h);
	expect_status(&h, 401, "after signing out");
	http_release(&h);

	/* the API's sign-in takes JSON only */
	http_req("POST", "/api/v1/session", NULL, "application/x-www-form-urlencoded",
		 "username=s.whitlock&password=correct+horse+battery", NULL, &h);
	expect_status(&h, 415, "API sign-in as a form");
	http_release(&h);
	/* inactive users cannot sign in */
	assert_int_equal(api_login("t.gone", PASSWORD, &(struct session){ { 0 }, { 0 } }, NULL), -1);
}

/* The authorization matrix: every GET page and API route for every role. */
struct matrix_row {
	const char *path;
	int want[NWHO];	/* admin, pmo, pm, board, viewer, anonymous */
};

#define ALL_READ { 200, 200, 200, 200, 200, 303 }
#define ALL_API { 200, 200, 200, 200, 200, 401 }

static const struct matrix_row get_matrix[] = {
	{ "/dashboard", ALL_READ },
	{ "/dashboard?as_at=2018-02", ALL_READ },
	{ "/programmes", ALL_READ },
	{ "/programmes/SLP", ALL_READ },
	{ "/programmes/SEC", { 404, 200, 404, 404, 404, 303 } },
	{ "/risks", ALL_READ },
	{ "/risks?level=programme&band=high&status=all", ALL_READ },
	{ "/risks/PR3", ALL_READ },
	{ "/risks/TIP-R2", { 404, 200, 404, 404, 404, 303 } },
	{ "/milestones", ALL_READ },
	{ "/milestones?all=1&quarters=4", ALL_READ },
	{ "/dependencies", ALL_READ },
	{ "/impact", ALL_READ },
	{ "/impact?milestone=EST-M4&slip=120d", ALL_READ },
	{ "/change-requests", ALL_READ },
	{ "/change-requests/EST-CR1", ALL_READ },
	{ "/periods", { 200, 200, 200, 403, 200, 303 } },
	{ "/periods/2018-03", { 200, 200, 200, 403, 200, 303 } },
	{ "/returns/OR/2018-03", ALL_READ },
	{ "/returns/OR/2018-04", { 200, 200, 200, 404, 200, 303 } },
	{ "/returns/OR/2018-04/file", { 403, 403, 200, 403, 403, 303 } },
	{ "/api/v1/returns/SLP/2018-04/file", { 403, 403, 403, 403, 403, 401 } },
	{ "/reports", { 200, 200, 200, 200, 403, 303 } },
	{ "/reports/oversight/2018-03", { 200, 200, 200, 200, 403, 303 } },
	{ "/reports/oversight/2018-03?format=md&download=1", { 200, 200, 200, 200, 403, 303 } },
	{ "/reports/pmg/2018-03", { 200, 200, 200, 200, 403, 303 } },
	{ "/reports/pib/2018-03?format=md", { 200, 200, 200, 200, 403, 303 } },
	{ "/reports/oversight/2018-03?format=pdf", { 200, 200, 200, 200, 403, 303 } },
	{ "/reports/nosuch/2018-03", { 404, 404, 404, 404, 403, 303 } },
	{ "/reports/oversight/2018-04", { 404, 200, 404, 404, 403, 303 } },
	{ "/export", { 200, 200, 200, 403, 403, 303 } },
	{ "/export?format=xlsx", { 200, 200, 200, 403, 403, 303 } },
	{ "/charts/dca-trend.svg", ALL_READ },
	{ "/charts/heatmap.svg?level=portfolio", ALL_READ },
	{ "/admin/users", { 200, 403, 403, 403, 403, 303 } },
	{ "/admin/users/h.delaney", { 200, 403, 403, 403, 403, 303 } },
	{ "/account", ALL_READ },
	{ "/api/v1/me", ALL_API },
	{ "/api/v1/dashboard", ALL_API },
	{ "/api/v1/programmes", ALL_API },
	{ "/api/v1/programmes/SLP", ALL_API },
	{ "/api/v1/risks", ALL_API },
	{ "/api/v1/risks/PR3", ALL_API },
	{ "/api/v1/milestones", ALL_API },
	{ "/api/v1/dependencies", ALL_API },
	{ "/api/v1/impact?milestone=EST-M4&slip=120d", ALL_API },
	{ "/api/v1/change-requests", ALL_API },
	{ "/api/v1/change-requests/EST-CR1", ALL_API },
	{ "/api/v1/periods", { 200, 200, 200, 403, 200, 401 } },
	{ "/api/v1/periods/2018-04", { 200, 200, 200, 403, 200, 401 } },
	{ "/api/v1/returns/OR/2018-03", ALL_API },
	{ "/api/v1/reports", { 200, 200, 200, 200, 403, 401 } },
	{ "/api/v1/reports/oversight/2018-03", { 200, 200, 200, 200, 403, 401 } },
	{ "/api/v1/export", { 200, 200, 200, 403, 403, 401 } },
	{ "/api/v1/admin/users", { 200, 403, 403, 403, 403, 401 } },
	{ "/api/v1/admin/users/h.delaney", { 200, 403, 403, 403, 403, 401 } },
	{ "/login", { 200, 200, 200, 200, 200, 200 } },
};

/*
 * POSTs with bodies that fail validation or a state check, so nothing
 * changes: an allowed role gets 400/404/409, a refused one 403, no one
 * 401 but the anonymous.
 */
struct post_row {
	const char *path;
	const char *body;
	int want[NWHO];
};

static const struct post_row post_matrix[] = {
	{ "/api/v1/returns/OR/2018-04", "{}", { 403, 403, 400, 403, 403, 401 } },
	{ "/api/v1/returns/SLP/2018-04", "{}", { 403, 403, 403, 403, 403, 401 } },
	{ "/api/v1/returns/OR/2018-04/review", "{}", { 403, 404, 403, 403, 403, 401 } },
	{ "/api/v1/periods", "{}", { 403, 400, 403, 403, 403, 401 } },
	{ "/api/v1/periods/2018-04/publish", "{}", { 403, 409, 403, 403, 403, 401 } },
	{ "/api/v1/risks/OR-T1/accept", "{}", { 403, 400, 403, 403, 403, 401 } },
	{ "/api/v1/change-requests/EST-CR1/decision", "{}", { 403, 400, 403, 403, 403, 401 } },
	{ "/api/v1/admin/users", "{}", { 400, 403, 403, 403, 403, 401 } },
	{ "/api/v1/admin/users/h.delaney/password", "{}", { 400, 403, 403, 403, 403, 401 } },
	{ "/api/v1/account/password", "{}", { 400, 400, 400, 400, 400, 401 } },
};

static void
test_authz_matrix(void **state)
{
	int failures = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(get_matrix) / sizeof(get_matrix[0]); i++) {
		for (int w = 0; w < NWHO; w++) {
			struct http h;

			http_req("GET", get_matrix[i].path, cookie_of(w), NULL, NULL, NULL, &h);
			if (h.status != get_matrix[i].want[w]) {
				print_message("# GET %s as %s: %d, wanted %d\n", get_matrix[i].path,
					      who_label[w], h.status, get_matrix[i].want[w]);
				failures++;
			}
			http_release(&h);
			/* HEAD answers as GET does, without a body */
			if (w == VIEWER) {
				http_req("HEAD", get_matrix[i].path, cookie_of(w), NULL, NULL, NULL, &h);
				if (h.status != get_matrix[i].want[w] || h.body.len != 0) {
					print_message("# HEAD %s: %d\n", get_matrix[i].path, h.status);
					failures++;
				}
				http_release(&h);
			}
		}
	}
	for (size_t i = 0; i < sizeof(post_matrix) / sizeof(post_matrix[0]); i++) {
		for (int w = 0; w < NWHO; w++) {
			struct http h;

			api_post(w == ANON ? NULL : &sessions[w], post_matrix[i].path,
				 post_matrix[i].body, &h);
			if (h.status != post_matrix[i].want[w]) {
				print_message("# POST %s as %s: %d, wanted %d: %.200s\n",
					      post_matrix[i].path, who_label[w], h.status,
					      post_matrix[i].want[w], h.body.buf);
				failures++;
			}
			http_release(&h);
		}
	}
	/* every route of the table was asked for at least once above or in
	   the tests that follow: a table of the table */
	assert_int_equal(failures, 0);
}

/* Every route in web_routes[] appears in the matrices or the flow tests. */
static void
test_routes_covered(void **state)
{
	static const char *const covered_elsewhere[] = {
		"/static/:file", "/favicon.ico", "/login", "/session", "/logout",
		"/account/password", "/returns/:code/:month", "/returns/:code/:month/review",
		"/periods/:month/publish", "/risks/:code/accept",
		"/change-requests/:code/decision", "/admin/users/:code",
		"/admin/users/:code/password", "/periods", "/admin/users",
		"/returns/:code/:month/file",
	};
	(void)state;
	for (size_t i = 0; i < web_nroutes; i++) {
		const struct route *rt = &web_routes[i];
		int found = 0;

		for (size_t j = 0; j < sizeof(covered_elsewhere) / sizeof(covered_elsewhere[0]); j++)
			if (strcmp(rt->pattern, covered_elsewhere[j]) == 0)
				found = 1;
		for (size_t j = 0; !found && j < sizeof(get_matrix) / sizeof(get_matrix[0]); j++) {
			const char *p = get_matrix[j].path;
			const char *pat = rt->pattern;

			if (strncmp(p, "/api/v1", 7) == 0)
				p += 7;
			/* compare segment by segment, ":x" matching anything */
			while (*p && *pat) {
				size_t pl = strcspn(p + 1, "/?") + 1, tl = strcspn(pat + 1, "/") + 1;

				if (pat[1] != ':' && (pl != tl || strncmp(p, pat, pl) != 0))
					break;
				p += pl;
				pat += tl;
				if (*p == '?')
					p += strlen(p);
			}
			if (*p == '\0' && *pat == '\0')
				found = 1;
		}
		if (!found)
			fail_msg("route %s %s is not in any test", rt->method, rt->pattern);
	}
}

static void
test_csrf(void **state)
{
	struct http h;
	char extra[256];
	const char *path = "/api/v1/returns/OR/2018-04";

	(void)state;
	/* no token */
	http_req("POST", path, sessions[PM].cookie, "application/json", "{}", NULL, &h);
	expect_status(&h, 403, "no CSRF token");
	http_release(&h);
	/* a wrong one, of the right length */
	snprintf(extra, sizeof(extra), "X-CSRF-Token: %.*s\r\n", (int)strlen(sessions[PM].csrf),
		 "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
	http_req("POST", path, sessions[PM].cookie, "application/json", "{}", extra, &h);
	expect_status(&h, 403, "wrong CSRF token");
	http_release(&h);
	/* another session's */
	snprintf(extra, sizeof(extra), "X-CSRF-Token: %s\r\n", sessions[VIEWER].csrf);
	http_req("POST", path, sessions[PM].cookie, "application/json", "{}", extra, &h);
	expect_status(&h, 403, "another session's token");
	http_release(&h);
	/* a page form without its hidden field */
	http_req("POST", "/returns/OR/2018-04", sessions[PM].cookie,
		 "application/x-www-form-urlencoded", "action=save&headline=x", NULL, &h);
	expect_status(&h, 403, "form without token");
	assert_true(has(&h, "The form has expired"));
	http_release(&h);
	/* logout needs it too */
	http_req("POST", "/logout", sessions[VIEWER].cookie, "application/x-www-form-urlencoded",
		 "", NULL, &h);
	expect_status(&h, 403, "logout without token");
	http_release(&h);
	/* the right one passes the check (and then validation refuses {}) */
	api_post(&sessions[PM], path, "{}", &h);
	expect_status(&h, 400, "right token");
	http_release(&h);
}

/* --- what each clearance sees ---------------------------------------------------- */

static void
test_sensitive_hidden(void **state)
{
	static const char *const secrets[] = {
		"Covert Capability Programme", "Covert risk title", "Covert headline",
		"Covert milestone", "SEC-R1", "TIP-R2", "MIPS price above the affordability envelope",
		"TIP-I2", "Clarification volumes stretch", "Covert activity", "SEC-A1",
	};
	static const char *const pages[] = {
		"/dashboard", "/programmes", "/programmes/TIP", "/risks?status=all", "/milestones?all=1&quarters=8",
		"/dependencies", "/periods/2018-03", "/api/v1/dashboard", "/api/v1/programmes",
		"/api/v1/risks?status=all", "/api/v1/programmes/TIP", "/export", "/api/v1/export",
		"/reports/oversight/2018-03", "/reports/oversight/2018-03?format=md",
		"/reports/pmg/2018-03?format=md", "/reports/pib/2018-03?format=md",
		"/admin/users", "/charts/heatmap.svg",
	};
	int who[] = { ADMIN, PM, VIEWER, BOARD };

	(void)state;
	for (size_t w = 0; w < sizeof(who) / sizeof(who[0]); w++) {
		for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
			struct http h;

			http_req("GET", pages[i], cookie_of(who[w]), NULL, NULL, NULL, &h);
			if (h.status == 200)
				for (size_t s = 0; s < sizeof(secrets) / sizeof(secrets[0]); s++)
					if (has(&h, secrets[s]))
						fail_msg("%s shows \"%s\" to %s", pages[i], secrets[s],
							 who_label[who[w]]);
			http_release(&h);
		}
	}
	/* the cleared portfolio office sees them */
	{
		struct http h;

		http_req("GET", "/risks?status=all", cookie_of(PMO), NULL, NULL, NULL, &h);
		expect_status(&h, 200, "risks for the cleared");
		assert_true(has(&h, "Covert risk title"));
		assert_true(has(&h, "TIP-R2"));
		http_release(&h);
		http_req("GET", "/export", cookie_of(PMO), NULL, NULL, NULL, &h);
		assert_true(has(&h, "\"SEC\""));
		http_release(&h);
		http_req("GET", "/reports/oversight/2018-03?format=md", cookie_of(PMO), NULL, NULL, NULL, &h);
		expect_status(&h, 200, "paper for the cleared");
		assert_true(has(&h, "OFFICIAL-SENSITIVE"));
		http_release(&h);
	}
	/* a programme manager's export holds only their programmes */
	{
		struct http h;
		json_t *doc, *progs;

		http_req("GET", "/export", cookie_of(PM), NULL, NULL, NULL, &h);
		expect_status(&h, 200, "export");
		doc = json_loads(h.body.buf, 0, NULL);
		assert_non_null(doc);
		progs = json_object_get(doc, "programmes");
		assert_int_equal(json_array_size(progs), 2);	/* OR and PAFC */
		json_decref(doc);
		http_release(&h);
	}
}

/*
 * A programme's page shows the schedule's delivery confidence beside the
 * judged one, the same figure as the PMG pack's; a user who cannot see the
 * whole network gets the reason instead of figures.
 */
static void
test_schedule_confidence(void **state)
{
	static const char *const bands[] = { "Green", "Amber/Green", "Amber", "Amber/Red", "Red" };
	struct http h;
	json_t *doc, *sc;
	const char *rating, *percent;
	char want[160];
	int status, known = 0;

	(void)state;
	doc = api_get_json(PMO, "/api/v1/programmes/SLP?as_at=2018-03", &status);
	assert_int_equal(status, 200);
	sc = json_object_get(doc, "schedule_confidence");
	assert_true(json_is_object(sc));
	rating = json_string_value(json_object_get(sc, "rating"));
	percent = json_string_value(json_object_get(sc, "percent"));
	assert_non_null(rating);
	assert_non_null(percent);
	for (size_t i = 0; i < sizeof(bands) / sizeof(bands[0]); i++)
		known |= strcmp(rating, bands[i]) == 0;
	assert_true(known);
	assert_true(json_real_value(json_object_get(sc, "p")) >= 0 &&
		    json_real_value(json_object_get(sc, "p")) <= 1);
	/* SLP's two key milestones: one achieved, so one still to come */
	assert_int_equal(json_integer_value(json_object_get(sc, "milestones")), 1);
	assert_true(json_integer_value(json_object_get(sc, "iterations")) >= 1000);
	assert_true(json_is_boolean(json_object_get(sc, "disagrees")));

	/* the PMG pack for the month says the same of SLP */
	snprintf(want, sizeof(want), "**From the schedule:** %s (a %s chance of meeting the "
		 "baseline of its key milestone still to come", rating, percent);
	http_req("GET", "/reports/pmg/2018-03?format=md", cookie_of(PMO), NULL, NULL, NULL, &h);
	expect_status(&h, 200, "PMG pack");
	if (!has(&h, want))
		fail_msg("the PMG pack does not say \"%s\"", want);
	http_release(&h);

	/* and the page shows it beside the judged rating */
	http_req("GET", "/programmes/SLP?as_at=2018-03", cookie_of(PMO), NULL, NULL, NULL, &h);
	expect_status(&h, 200, "programme page");
	assert_true(has(&h, "id=\"schedule-confidence\""));
	snprintf(want, sizeof(want), ">%s</strong> <span class=\"hint-inline\">(a %s chance", rating,
		 percent);
	if (!has(&h, want))
		fail_msg("the programme page does not show \"%s\"", want);
	http_release(&h);
	json_decref(doc);

	/* an OFFICIAL viewer cannot see the covert programme's activity, so
	   not the whole network: the reason, no figures */
	doc = api_get_json(VIEWER, "/api/v1/programmes/SLP?as_at=2018-03", &status);
	assert_int_equal(status, 200);
	sc = json_object_get(doc, "schedule_confidence");
	assert_true(json_is_object(sc));
	assert_null(json_object_get(sc, "p"));
	assert_non_null(strstr(json_string_value(json_object_get(sc, "why")), "above your clearance"));
	json_decref(doc);
}

/*
 * The knock-on of a slip on the web: the analysis `folio schedule impact`
 * makes, the same JSON, linked from the programme and dependency pages;
 * refused slips and unknown milestones answered as such; a reader who
 * cannot see the whole network told why.
 */
static void
test_impact_page(void **state)
{
	struct http h;
	json_t *doc, *imp, *progs, *slp, *m;
	int status;

	(void)state;
	doc = api_get_json(PMO, "/api/v1/impact?milestone=EST-M4&slip=120d", &status);
	assert_int_equal(status, 200);
	imp = json_object_get(doc, "impact");
	assert_true(json_is_object(imp));
	assert_int_equal(json_integer_value(json_object_get(imp, "other_milestones")), 1);
	progs = json_object_get(imp, "programmes");
	assert_int_equal(json_array_size(progs), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(progs, 0), "programme")), "EST");
	slp = json_array_get(progs, 1);
	assert_string_equal(json_string_value(json_object_get(slp, "programme")), "SLP");
	m = json_array_get(json_object_get(slp, "milestones"), 0);
	assert_string_equal(json_string_value(json_object_get(m, "milestone")), "SLP-M2");
	assert_string_equal(json_string_value(json_object_get(m, "tolerance_before")), "within");
	assert_string_equal(json_string_value(json_object_get(m, "tolerance_after")), "breach");
	assert_true(json_array_size(json_object_get(doc, "choices")) > 5);
	json_decref(doc);

	http_req("GET", "/impact?milestone=EST-M4&slip=120d", cookie_of(PMO), NULL, NULL, NULL, &h);
	expect_status(&h, 200, "impact page");
	assert_true(has(&h, "id=\"impact-headline\""));
	assert_true(has(&h, "SLP-M2: BCU implementation complete"));
	http_release(&h);

	/* the pages that lead to it */
	http_req("GET", "/programmes/EST", cookie_of(PMO), NULL, NULL, NULL, &h);
	assert_true(has(&h, "href=\"/impact?milestone=EST-M4&amp;slip=30d\""));
	http_release(&h);
	http_req("GET", "/dependencies", cookie_of(PMO), NULL, NULL, NULL, &h);
	assert_true(has(&h, "href=\"/impact?milestone="));
	http_release(&h);

	/* refusals */
	http_req("GET", "/api/v1/impact?milestone=EST-M4&slip=soon", cookie_of(PMO), NULL, NULL, NULL, &h);
	expect_status(&h, 400, "a slip that is not one");
	http_release(&h);
	/* the page: its form again, the slip in error and kept, to put right
	   (twice: a refusal is not memoised as the page) */
	for (int i = 0; i < 2; i++) {
		http_req("GET", "/impact?milestone=EST-M4&slip=soon", cookie_of(PMO), NULL, NULL, NULL, &h);
		expect_status(&h, 400, "the page with a slip that is not one");
		assert_true(has(&h, "<a href=\"#slip\">Slip soon is not"));
		assert_true(has(&h, "id=\"slip-error\""));
		assert_true(has(&h, "id=\"impact-form\""));
		assert_true(has(&h, "value=\"soon\""));
		assert_true(has(&h, "<option value=\"EST-M4\" selected>"));
		http_release(&h);
	}
	http_req("GET", "/api/v1/impact?milestone=NOPE-M1&slip=30d", cookie_of(PMO), NULL, NULL, NULL, &h);
	expect_status(&h, 404, "an unknown milestone");
	http_release(&h);
	http_req("GET", "/api/v1/impact?milestone=SLP-M1&slip=30d", cookie_of(PMO), NULL, NULL, NULL, &h);
	expect_status(&h, 400, "a milestone already achieved");
	assert_true(has(&h, "achieved"));
	http_release(&h);

	/* an OFFICIAL viewer cannot see the covert activity: the reason only */
	doc = api_get_json(VIEWER, "/api/v1/impact?milestone=EST-M4&slip=120d", &status);
	assert_int_equal(status, 200);
	assert_null(json_object_get(doc, "impact"));
	assert_non_null(strstr(json_string_value(json_object_get(doc, "why")), "above your clearance"));
	json_decref(doc);
}

/* --- inputs: free text comes back literally and escaped ---------------------------- */

static const char *const xss[] = {
	"<script>alert('x1')</script>",
	"\"><img src=x onerror=alert(2)>",
	"' onmouseover='alert(3)",
	"</textarea><svg onload=alert(4)>",
	"&lt;already&gt; escaped & <b>bold</b>",
};

static void
assert_escaped(const struct http *h, const char *payload, const char *where)
{
	struct strbuf esc = STRBUF_INIT;

	html_text(&esc, payload);
	if (strstr(h->body.buf, payload) && strcmp(esc.buf, payload) != 0)
		fail_msg("%s: the payload %s comes back unescaped", where, payload);
	if (!strstr(h->body.buf, esc.buf))
		fail_msg("%s: the payload %s does not come back (escaped as %s)", where, payload,
			 esc.buf);
	strbuf_release(&esc);
}

static void
test_xss_escaped(void **state)
{
	struct session pm;
	struct http h;

	(void)state;
	login_as("h.delaney", &pm);
	for (size_t i = 0; i < sizeof(xss) / sizeof(xss[0]); i++) {
		char *e = form_escape(xss[i]);
		struct strbuf form = STRBUF_INIT;

		strbuf_addf(&form, "action=save&headline=%s&achievements=%s&next_period=%s&commentary=%s",
			    e, e, e, e);
		form_post(&pm, "/returns/OR/2018-04", form.buf, &h);
		expect_status(&h, 303, "save a return with markup in it");
		http_release(&h);
		http_req("GET", "/returns/OR/2018-04", pm.cookie, NULL, NULL, NULL, &h);
		expect_status(&h, 200, "the return form");
		assert_escaped(&h, xss[i], "return form");
		http_release(&h);
		/* read-only, as the viewer sees it */
		http_req("GET", "/returns/OR/2018-04", sessions[VIEWER].cookie, NULL, NULL, NULL, &h);
		assert_escaped(&h, xss[i], "return as read");
		http_release(&h);
		http_req("GET", "/programmes/OR", sessions[VIEWER].cookie, NULL, NULL, NULL, &h);
		assert_escaped(&h, xss[i], "programme page");
		http_release(&h);
		free(e);
		strbuf_release(&form);
	}
	/* a refused form shows the submitted text back, escaped */
	{
		char *e = form_escape(xss[1]);
		char body[512];

		snprintf(body, sizeof(body), "action=save&headline=%s&spend_to_date=lots", e);
		form_post(&pm, "/returns/OR/2018-04", body, &h);
		expect_status(&h, 400, "refused form");
		assert_true(has(&h, "href=\"#spend_to_date\""));
		assert_escaped(&h, xss[1], "refused form");
		assert_true(has(&h, "value=\"lots\""));
		http_release(&h);
		free(e);
	}
	/* query values are validated, never echoed raw */
	http_req("GET", "/risks?programme=%3Cscript%3E", sessions[VIEWER].cookie, NULL, NULL, NULL, &h);
	expect_status(&h, 400, "bad filter");
	assert_null(strstr(h.body.buf, "<script>"));
	http_release(&h);
}

static void
test_sql_literal(void **state)
{
	static const char *const sql[] = {
		"Robert'); DROP TABLE returns;--",
		"%' OR '1'='1",
		"\\\"; SELECT * FROM users; --",
	};
	struct http h;
	int status;

	(void)state;
	for (size_t i = 0; i < sizeof(sql) / sizeof(sql[0]); i++) {
		json_t *body = json_pack("{s:s, s:s, s:s}", "action", "save", "headline", sql[i],
					 "commentary", sql[i]);
		char *text = json_dumps(body, 0);
		json_t *doc, *ret;

		api_post(&sessions[PM], "/api/v1/returns/OR/2018-04", text, &h);
		expect_status(&h, 200, "save through the API");
		http_release(&h);
		doc = api_get_json(VIEWER, "/api/v1/returns/OR/2018-04", &status);
		assert_int_equal(status, 200);
		ret = json_object_get(doc, "return");
		assert_string_equal(json_string_value(json_object_get(ret, "headline")), sql[i]);
		assert_string_equal(json_string_value(json_object_get(ret, "commentary")), sql[i]);
		json_decref(doc);
		free(text);
		json_decref(body);
	}
	/* the tables are all still there */
	{
		json_t *doc = api_get_json(VIEWER, "/api/v1/programmes", &status);

		assert_int_equal(status, 200);
		assert_true(json_array_size(json_object_get(doc, "programmes")) >= 10);
		json_decref(doc);
	}
}

/* --- malformed and oversized requests --------------------------------------------- */

static void
test_limits(void **state)
{
	struct http h;
	struct strbuf big = STRBUF_INIT;
	char extra[256];

	(void)state;
	/* a body over the limit, said by Content-Length */
	strbuf_addstr(&big, "POST /api/v1/session HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
		      "Content-Type: application/json\r\nContent-Length: 10000000\r\n\r\n{");
	http_raw(big.buf, big.len, &h);
	expect_status(&h, 413, "Content-Length too large");
	http_release(&h);
	/* and sent chunked, with no length */
	strbuf_reset(&big);
	strbuf_addstr(&big, "POST /api/v1/session HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
		      "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
	for (int i = 0; i < 80; i++) {
		strbuf_addstr(&big, "400\r\n");
		for (int j = 0; j < 1024; j++)
			strbuf_addch(&big, 'a');
		strbuf_addstr(&big, "\r\n");
	}
	strbuf_addstr(&big, "0\r\n\r\n");
	http_raw(big.buf, big.len, &h);
	expect_status(&h, 413, "chunked body too large");
	http_release(&h);
	/* a request target too long */
	strbuf_reset(&big);
	strbuf_addstr(&big, "/dashboard?as_at=");
	for (int i = 0; i < 3000; i++)
		strbuf_addch(&big, '1');
	http_req("GET", big.buf, sessions[VIEWER].cookie, NULL, NULL, NULL, &h);
	expect_status(&h, 414, "URI too long");
	http_release(&h);
	/* too many header lines */
	strbuf_reset(&big);
	for (int i = 0; i < 80; i++)
		strbuf_addf(&big, "X-Filler-%d: %d\r\n", i, i);
	http_req("GET", "/login", NULL, NULL, NULL, big.buf, &h);
	expect_status(&h, 431, "too many headers");
	http_release(&h);
	/* one header too long for us */
	strbuf_reset(&big);
	strbuf_addstr(&big, "X-Long: ");
	for (int i = 0; i < 9000; i++)
		strbuf_addch(&big, 'b');
	strbuf_addstr(&big, "\r\n");
	http_req("GET", "/login", NULL, NULL, NULL, big.buf, &h);
	expect_status(&h, 431, "header too long");
	http_release(&h);
	/* headers beyond the connection's memory: refused by libmicrohttpd */
	strbuf_reset(&big);
	for (int i = 0; i < 8; i++) {
		strbuf_addf(&big, "X-Big-%d: ", i);
		for (int j = 0; j < 6000; j++)
			strbuf_addch(&big, 'c');
		strbuf_addstr(&big, "\r\n");
	}
	http_req("GET", "/login", NULL, NULL, NULL, big.buf, &h);
	expect_status(&h, 431, "headers beyond the connection's memory");
	http_release(&h);
	strbuf_release(&big);

	/* malformed requests, refused by libmicrohttpd before any handler */
	{
		static const struct {
			const char *raw;
			int want;
		} bad[] = {
			{ "GET /login\r\n\r\n", 400 },
			{ "GET /login HTTP/1.1\r\nHost x\r\nConnection: close\r\n\r\n", 400 },
			{ "GET /login HTTP/1.1\r\nConnection: close\r\n\r\n", 400 },
			{ "GET /login HTTP/9.9\r\nHost: x\r\nConnection: close\r\n\r\n", 505 },
			{ "GET /login HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\nConnection: close\r\n\r\n", 400 },
			{ "POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
			  "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n", 400 },
			/* not HTTP at all: the connection is closed, nothing else */
			{ "GARBAGE\r\n\r\n", 0 },
		};
		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			http_raw(bad[i].raw, strlen(bad[i].raw), &h);
			if (h.status != bad[i].want)
				fail_msg("malformed request %zu: status %d, wanted %d", i, h.status,
					 bad[i].want);
			http_release(&h);
		}
	}
	/* a method we do not answer */
	http_req("DELETE", "/dashboard", NULL, NULL, NULL, NULL, &h);
	expect_status(&h, 405, "DELETE");
	assert_non_null(header(&h, "Allow", extra, sizeof(extra)));
	http_release(&h);
	/* a known path, the wrong method */
	http_req("GET", "/logout", sessions[VIEWER].cookie, NULL, NULL, NULL, &h);
	expect_status(&h, 405, "GET /logout");
	http_release(&h);
	/* bodies that do not parse */
	api_post(&sessions[PM], "/api/v1/returns/OR/2018-04", "{\"action\": ", &h);
	expect_status(&h, 400, "broken JSON");
	http_release(&h);
	api_post(&sessions[PM], "/api/v1/returns/OR/2018-04", "[1,2]", &h);
	expect_status(&h, 400, "JSON not an object");
	http_release(&h);
	api_post(&sessions[PM], "/api/v1/returns/OR/2018-04", "{\"headline\": {\"a\": 1}}", &h);
	expect_status(&h, 400, "nested JSON");
	http_release(&h);
	api_post(&sessions[PM], "/api/v1/returns/OR/2018-04", "{\"a\":1,\"a\":2}", &h);
	expect_status(&h, 400, "duplicate keys");
	http_release(&h);
	snprintf(extra, sizeof(extra), "X-CSRF-Token: %s\r\n", sessions[PM].csrf);
	http_req("POST", "/api/v1/returns/OR/2018-04", sessions[PM].cookie, "text/plain",
		 "hello", extra, &h);
	expect_status(&h, 415, "text/plain body");
	http_release(&h);
	http_req("POST", "/api/v1/returns/OR/2018-04", sessions[PM].cookie,
		 "multipart/form-data; boundary=x", "--x--", extra, &h);
	expect_status(&h, 415, "multipart body");
	http_release(&h);
	/* form bodies with bad escapes, NUL bytes, bad UTF-8, control characters */
	{
		static const char *const bad[] = {
			"action=save&headline=%ZZ", "action=save&headline=%", "action=save&headline=a%00b",
			"action=save&headline=%C3%28", "action=save&headline=a%07b",
			"action=maybe", "action=save&spend_to_date=12.5", "action=save&forecast_OR-M1=2018-02-30",
		};
		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			char body[256];

			snprintf(body, sizeof(body), "csrf=%s&%s", sessions[PM].csrf, bad[i]);
			http_req("POST", "/api/v1/returns/OR/2018-04", sessions[PM].cookie,
				 "application/x-www-form-urlencoded", body, NULL, &h);
			if (h.status != 400)
				fail_msg("body %s: status %d", bad[i], h.status);
			http_release(&h);
		}
	}
	/* path parameters are checked before anything runs */
	http_req("GET", "/periods/2018-13", sessions[VIEWER].cookie, NULL, NULL, NULL, &h);
	expect_status(&h, 404, "month 13");
	http_release(&h);
	http_req("GET", "/programmes/%3Cscript%3E", sessions[VIEWER].cookie, NULL, NULL, NULL, &h);
	expect_status(&h, 404, "markup as a code");
	assert_null(strstr(h.body.buf, "<script>"));
	http_release(&h);
	/* the server still answers */
	http_req("GET", "/login", NULL, NULL, NULL, NULL, &h);
	expect_status(&h, 200, "still alive");
	http_release(&h);
}

/* A client that sends half a request and stalls blocks no one else. */
static void
test_slow_client(void **state)
{
	struct timespec t0, t1;
	int slow[8];
	double worst = 0;
	char buf[64];

	(void)state;
	for (int i = 0; i < 8; i++) {
		slow[i] = dial();
		send_all(slow[i], "GET /dashboard HTTP/1.1\r\nHost: x\r\nX-Slow: ", 42);
	}
	for (int i = 0; i < 30; i++) {
		struct http h;
		double ms;

		clock_gettime(CLOCK_MONOTONIC, &t0);
		http_req("GET", "/api/v1/me", sessions[VIEWER].cookie, NULL, NULL, NULL, &h);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		expect_status(&h, 200, "beside slow clients");
		http_release(&h);
		ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
		if (ms > worst)
			worst = ms;
	}
	print_message("# slowest of 30 requests beside 8 stalled clients: %.1f ms\n", worst);
	assert_true(worst < 1000);
	/* a body trickled a byte a second is never idle, yet is cut off
	   after body_seconds (3 s here) */
	{
		int fd = dial();
		char hdr[256];
		struct timespec a, b;
		int closed = 0;

		snprintf(hdr, sizeof(hdr), "POST /api/v1/session HTTP/1.1\r\nHost: x\r\n"
			 "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n");
		send_all(fd, hdr, strlen(hdr));
		clock_gettime(CLOCK_MONOTONIC, &a);
		for (int i = 0; i < 12 && !closed; i++) {
			struct pollfd pfd = { fd, POLLIN, 0 };

			if (send(fd, "x", 1, MSG_NOSIGNAL) != 1)
				closed = 1;
			else if (poll(&pfd, 1, 1000) == 1 && recv(fd, buf, sizeof(buf), 0) <= 0)
				closed = 1;
		}
		clock_gettime(CLOCK_MONOTONIC, &b);
		close(fd);
		assert_true(closed);
		print_message("# a trickled body was cut off after %ld s\n", (long)(b.tv_sec - a.tv_sec));
		assert_true(b.tv_sec - a.tv_sec <= 8);
	}
	/* the stalled connections are closed after the timeout (2 s here) */
	for (int i = 0; i < 8; i++) {
		struct pollfd pfd = { slow[i], POLLIN, 0 };
		ssize_t n;

		assert_int_equal(poll(&pfd, 1, 6000), 1);
		n = recv(slow[i], buf, sizeof(buf), 0);
		assert_true(n <= 0 || strncmp(buf, "HTTP/1.1 4", 10) == 0);
		close(slow[i]);
	}
}

/* --- the monthly cycle on the web -------------------------------------------------- */

static int
return_status(const char *programme, const char *month, char *status, size_t size,
	      int64_t *version)
{
	char path[128];
	int code;
	json_t *doc, *ret;

	snprintf(path, sizeof(path), "/api/v1/returns/%s/%s", programme, month);
	doc = api_get_json(PMO, path, &code);
	ret = doc ? json_object_get(doc, "return") : NULL;
	if (json_is_object(ret)) {
		snprintf(status, size, "%s", json_string_value(json_object_get(ret, "status")));
		*version = json_integer_value(json_object_get(ret, "version"));
	} else {
		snprintf(status, size, "none");
		*version = 0;
	}
	json_decref(doc);
	return code;
}

static void
test_cycle(void **state)
{
	struct session tpm, tpm2, pmo2;
	struct http h;
	json_t *doc, *a;
	size_t i;
	int status;
	char st[32], v[256];
	int64_t ver;

	(void)state;
	login_as("t.pm", &tpm);
	login_as("t.pm2", &tpm2);
	login_as("t.pmo2", &pmo2);

	/* submitting needs a rating and a headline */
	api_post(&tpm, "/api/v1/returns/SLP/2018-04", "{\"action\":\"submit\"}", &h);
	expect_status(&h, 400, "submit without rating");
	assert_non_null(strstr(h.body.buf, "\"field\":\"dca\""));
	assert_non_null(strstr(h.body.buf, "\"field\":\"headline\""));
	http_release(&h);
	/* a milestone of another programme is refused */
	api_post(&tpm, "/api/v1/returns/SLP/2018-04",
		 "{\"action\":\"save\",\"forecast_OR-M1\":\"2018-09-30\"}", &h);
	expect_status(&h, 400, "another programme's milestone");
	http_release(&h);

	/* the page form: submit, then the flash message */
	{
		char body[512];

		snprintf(body, sizeof(body), "action=submit&dca=Amber%%2FGreen&headline=On+track&"
			 "spend_to_date=%%C2%%A31%%2C250%%2C000&forecast=8%%2C000%%2C000");
		form_post(&tpm, "/returns/SLP/2018-04", body, &h);
		expect_status(&h, 303, "submit the form");
		assert_string_equal(header(&h, "Location", v, sizeof(v)),
				    "/returns/SLP/2018-04?done=submitted");
		http_release(&h);
		http_req("GET", "/returns/SLP/2018-04?done=submitted", tpm.cookie, NULL, NULL, NULL, &h);
		assert_true(has(&h, "has been submitted"));
		http_release(&h);
	}
	assert_int_equal(return_status("SLP", "2018-04", st, sizeof(st), &ver), 200);
	assert_string_equal(st, "submitted");
	doc = api_get_json(PMO, "/api/v1/returns/SLP/2018-04", &status);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(doc, "return"),
							    "spend_to_date")), 1250000);
	json_decref(doc);

	/* every other programme's return, through the API */
	doc = api_get_json(PMO, "/api/v1/periods/2018-04", &status);
	assert_int_equal(status, 200);
	a = json_object_get(doc, "returns");
	for (i = 0; i < json_array_size(a); i++) {
		const char *code = json_string_value(json_object_get(json_array_get(a, i), "programme"));
		char path[128];
		const struct session *who = strcmp(code, "SEC") == 0 ? &tpm2 : &tpm;

		snprintf(path, sizeof(path), "/api/v1/returns/%s/2018-04", code);
		api_post(who, path, "{\"action\":\"submit\",\"dca\":\"Amber\",\"headline\":\"Steady\","
			 "\"forecast_SEC-M1\":\"2018-07-02\"}", &h);
		if (strcmp(code, "SEC") == 0)
			expect_status(&h, 200, "sensitive return");
		else if (h.status != 200 && h.status != 400)
			fail_msg("%s: %d %s", code, h.status, h.body.buf);
		http_release(&h);
		if (strcmp(code, "SEC") != 0) {
			/* the forecast named a milestone that is not theirs: 400; again without */
			api_post(who, path, "{\"action\":\"submit\",\"dca\":\"Amber\",\"headline\":\"Steady\"}", &h);
			expect_status(&h, 200, "return");
			http_release(&h);
		}
	}
	json_decref(doc);
	doc = api_get_json(PMO, "/api/v1/periods/2018-04", &status);
	assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "period"), "state")),
			    "submitted");
	json_decref(doc);

	/* the uncleared portfolio office cannot see SEC, nor publish past it */
	doc = api_get_json(PMO, "/api/v1/periods/2018-04", &status);
	a = json_object_get(doc, "returns");
	for (i = 0; i < json_array_size(a); i++) {
		const char *code = json_string_value(json_object_get(json_array_get(a, i), "programme"));
		char path[128];

		snprintf(path, sizeof(path), "/api/v1/returns/%s/2018-04/review", code);
		api_post(strcmp(code, "SEC") == 0 ? &sessions[PMO] : &pmo2, path, "{}", &h);
		expect_status(&h, 200, "review");
		http_release(&h);
		api_post(&pmo2, path, "{}", &h);
		expect_status(&h, strcmp(code, "SEC") == 0 ? 404 : 409, "review twice");
		http_release(&h);
	}
	json_decref(doc);

	/* a correction after review is a new version */
	api_post(&tpm, "/api/v1/returns/BSS/2018-04", "{\"action\":\"save\",\"headline\":\"Fixed\"}", &h);
	expect_status(&h, 200, "correction");
	http_release(&h);
	assert_int_equal(return_status("BSS", "2018-04", st, sizeof(st), &ver), 200);
	assert_string_equal(st, "draft");
	assert_int_equal(ver, 2);
	api_post(&pmo2, "/api/v1/periods/2018-04/publish", "{}", &h);
	expect_status(&h, 409, "publish with a draft correction");
	assert_non_null(strstr(h.body.buf, "BSS"));
	http_release(&h);
	api_post(&tpm, "/api/v1/returns/BSS/2018-04", "{\"action\":\"submit\",\"dca\":\"Amber\"}", &h);
	expect_status(&h, 200, "resubmit correction");
	http_release(&h);
	api_post(&pmo2, "/api/v1/returns/BSS/2018-04/review", "{}", &h);
	expect_status(&h, 200, "review the correction");
	http_release(&h);

	/* the board sees nothing of April yet */
	doc = api_get_json(BOARD, "/api/v1/reports", &status);
	{
		char *text = json_dumps(doc, 0);

		assert_null(strstr(text, "2018-04"));
		free(text);
	}
	json_decref(doc);

	api_post(&pmo2, "/api/v1/periods/2018-04/publish", "{}", &h);
	expect_status(&h, 200, "publish");
	assert_non_null(strstr(h.body.buf, "\"snapshot_revision\":1"));
	http_release(&h);
	api_post(&pmo2, "/api/v1/periods/2018-04/publish", "{}", &h);
	expect_status(&h, 409, "publish twice");
	http_release(&h);

	/* now the board reads April, and its paper */
	http_req("GET", "/reports/oversight/2018-04", sessions[BOARD].cookie, NULL, NULL, NULL, &h);
	expect_status(&h, 200, "April paper for the board");
	assert_null(strstr(h.body.buf, "Covert"));
	assert_non_null(header(&h, "Content-Security-Policy", v, sizeof(v)));
	assert_non_null(strstr(v, "default-src 'none'"));
	http_release(&h);
	http_req("GET", "/reports/oversight/2018-04?download=1", sessions[BOARD].cookie, NULL, NULL, NULL, &h);
	assert_non_null(header(&h, "Content-Disposition", v, sizeof(v)));
	assert_string_equal(v, "attachment; filename=\"oversight-2018-04.html\"");
	http_release(&h);
	http_req("GET", "/returns/SLP/2018-04", sessions[BOARD].cookie, NULL, NULL, NULL, &h);
	expect_status(&h, 200, "published return for the board");
	http_release(&h);

	/* opening May, twice */
	form_post(&sessions[PMO], "/periods", "month=2018-05", &h);
	expect_status(&h, 303, "open May");
	http_release(&h);
	form_post(&sessions[PMO], "/periods", "month=2018-05", &h);
	expect_status(&h, 400, "open May again");
	assert_true(has(&h, "There is already a period"));
	http_release(&h);
}

/* The score of risk code in doc's array name (-1: not there). */
static json_int_t
risk_score_in(json_t *doc, const char *name, const char *code)
{
	json_t *a = json_object_get(doc, name);

	for (size_t i = 0; i < json_array_size(a); i++) {
		json_t *o = json_array_get(a, i);

		if (strcmp(json_string_value(json_object_get(o, "code")), code) == 0)
			return json_integer_value(json_object_get(o, "score"));
	}
	return -1;
}

/* Set risk code's current likelihood and impact in the store, as another
   process would; the old ones into *l and *i. */
static void
set_risk_scores(const char *code, int64_t l, int64_t i, int64_t *old_l, int64_t *old_i)
{
	struct store *st = NULL;
	struct dataset ds;
	struct error err = ERROR_INIT;
	struct risk *rk;

	dataset_init(&ds);
	if (store_open(&st, dbpath, &err) < 0 || store_load(st, "MPS", &ds, &err) < 0)
		fail_msg("store: %s", err.msg);
	rk = (struct risk *)dataset_find(&ds, K_RISK, code);
	assert_non_null(rk);
	*old_l = rk->current_likelihood;
	*old_i = rk->current_impact;
	rk->current_likelihood = l;
	rk->current_impact = i;
	store_set_actor(st, "test");
	if (store_put(st, "MPS", K_RISK, rk, &err) < 0)
		fail_msg("store_put: %s", err.msg);
	store_close(st);
	dataset_release(&ds);
	cache_invalidate(server);
}

/* Put (del 0) or take out (del 1) an independent Green rating of BSS
   on 30 April in the store, as another process would. */
static void
put_bss_green(int del)
{
	struct store *st = NULL;
	struct error err = ERROR_INIT;
	struct dca d;

	record_clear(&d, entity_of(K_DCA));
	d.programme = "BSS";
	d.assessed_on = date_from_ymd(2018, 4, 30);
	d.assessor = "independent";
	d.rating = "Green";
	if (store_open(&st, dbpath, &err) < 0)
		fail_msg("store: %s", err.msg);
	store_set_actor(st, "test");
	if ((del ? store_delete(st, "MPS", K_DCA, &d, &err) :
		   store_put(st, "MPS", K_DCA, &d, &err)) < 0)
		fail_msg("store: %s", err.msg);
	store_close(st);
	cache_invalidate(server);
}

/* Mark the activity standing for milestone code finished on day (0: not
   finished) in the store, as another process would. */
static void
set_activity_finished(const char *code, int32_t day)
{
	struct store *st = NULL;
	struct dataset ds;
	struct error err = ERROR_INIT;
	int found = 0;

	dataset_init(&ds);
	if (store_open(&st, dbpath, &err) < 0 || store_load(st, "MPS", &ds, &err) < 0)
		fail_msg("store: %s", err.msg);
	store_set_actor(st, "test");
	DS_FOREACH(&ds, K_ACTIVITY, struct activity, a)
		if (a->milestone && strcmp(a->milestone, code) == 0) {
			a->actual_finish = day;
			if (store_put(st, "MPS", K_ACTIVITY, a, &err) < 0)
				fail_msg("store_put: %s", err.msg);
			found = 1;
		}
	assert_true(found);
	store_close(st);
	dataset_release(&ds);
	cache_invalidate(server);
}

/*
 * A published month is shown as it was published: after April is
 * published (test_cycle) a portfolio risk on the dashboard is rescored
 * in the live data; the dashboard, the risk register, its heat map chart
 * and the risk's page as at April (asked, and the board's default, the
 * last published month) still show April's score from its snapshot,
 * while May (open) shows the new one. So do the DCA trend chart and the
 * knock-on impact after a rating and an activity change in the live data.
 */
static void
test_published_as_at(void **state)
{
	json_t *doc;
	int status;
	char code[64];
	json_int_t was, now;
	int64_t old_l, old_i, l2, i2;
	char *heat[2];

	(void)state;
	doc = api_get_json(PMO, "/api/v1/dashboard?as_at=2018-04", &status);
	assert_int_equal(status, 200);
	assert_true(json_array_size(json_object_get(doc, "top_risks")) > 0);
	snprintf(code, sizeof(code), "%s", json_string_value(json_object_get(
		json_array_get(json_object_get(doc, "top_risks"), 0), "code")));
	was = risk_score_in(doc, "top_risks", code);
	json_decref(doc);
	assert_true(was > 2);

	/* the heat map chart as at April and as at May, before */
	for (int k = 0; k < 2; k++) {
		struct http h;

		http_req("GET", k ? "/charts/heatmap.svg?level=portfolio&as_at=2018-05" :
			 "/charts/heatmap.svg?level=portfolio&as_at=2018-04",
			 cookie_of(PMO), NULL, NULL, NULL, &h);
		expect_status(&h, 200, "heat map chart as at a month");
		heat[k] = xstrdup(h.body.buf);
		http_release(&h);
	}

	/* rescored to 1 x 2 in the live data, after April was published */
	set_risk_scores(code, 1, 2, &old_l, &old_i);
	assert_int_equal(old_l * old_i, was);

	/* April's chart is the one published; May's shows the new score */
	for (int k = 0; k < 2; k++) {
		struct http h;

		http_req("GET", k ? "/charts/heatmap.svg?level=portfolio&as_at=2018-05" :
			 "/charts/heatmap.svg?level=portfolio&as_at=2018-04",
			 cookie_of(PMO), NULL, NULL, NULL, &h);
		expect_status(&h, 200, "heat map chart as at a month");
		if (k)
			assert_string_not_equal(h.body.buf, heat[k]);
		else
			assert_string_equal(h.body.buf, heat[k]);
		http_release(&h);
		free(heat[k]);
	}

	doc = api_get_json(PMO, "/api/v1/dashboard?as_at=2018-04", &status);
	assert_int_equal(status, 200);
	assert_int_equal(risk_score_in(doc, "top_risks", code), was);
	json_decref(doc);
	doc = api_get_json(PMO, "/api/v1/risks?as_at=2018-04&level=portfolio", &status);
	assert_int_equal(status, 200);
	assert_int_equal(risk_score_in(doc, "risks", code), was);
	/* its chart to download is of the same month */
	assert_string_equal(json_string_value(json_object_get(doc, "chart")),
			    "/charts/heatmap.svg?level=portfolio&as_at=2018-04");
	json_decref(doc);
	/* the open month reads the live data */
	doc = api_get_json(PMO, "/api/v1/risks?as_at=2018-05&level=portfolio", &status);
	assert_int_equal(status, 200);
	assert_int_equal(risk_score_in(doc, "risks", code), 2);
	json_decref(doc);
	doc = api_get_json(PMO, "/api/v1/dashboard?as_at=2018-05", &status);
	assert_int_equal(status, 200);
	now = risk_score_in(doc, "top_risks", code);
	assert_true(now == 2 || now == -1);
	json_decref(doc);
	/* the board's default month is April, the last published: its snapshot */
	doc = api_get_json(BOARD, "/api/v1/dashboard", &status);
	assert_int_equal(status, 200);
	assert_string_equal(json_string_value(json_object_get(doc, "as_at")), "2018-04");
	assert_int_equal(risk_score_in(doc, "top_risks", code), was);
	json_decref(doc);
	doc = api_get_json(BOARD, "/api/v1/risks?level=portfolio", &status);
	assert_int_equal(status, 200);
	assert_int_equal(risk_score_in(doc, "risks", code), was);
	json_decref(doc);
	/* the risk's own page, as at April and as at May */
	for (int k = 0; k < 3; k++) {
		char path[128];

		snprintf(path, sizeof(path), "/api/v1/risks/%s%s", code,
			 k == 2 ? "?as_at=2018-05" : k == 1 ? "?as_at=2018-04" : "");
		doc = api_get_json(k ? PMO : BOARD, path, &status);
		assert_int_equal(status, 200);
		assert_int_equal(json_integer_value(json_object_get(json_object_get(doc, "risk"),
								    "score")), k == 2 ? 2 : was);
		json_decref(doc);
	}

	set_risk_scores(code, old_l, old_i, &l2, &i2);

	/* the DCA trend chart to April is the one published, after BSS is
	   rated anew in the live data; the chart to May shows it */
	for (int k = 0; k < 2; k++) {
		struct http h;

		http_req("GET", k ? "/charts/dca-trend.svg?as_at=2018-05" :
			 "/charts/dca-trend.svg?as_at=2018-04",
			 cookie_of(PMO), NULL, NULL, NULL, &h);
		expect_status(&h, 200, "DCA trend chart as at a month");
		heat[k] = xstrdup(h.body.buf);
		http_release(&h);
	}
	put_bss_green(0);
	for (int k = 0; k < 2; k++) {
		struct http h;

		http_req("GET", k ? "/charts/dca-trend.svg?as_at=2018-05" :
			 "/charts/dca-trend.svg?as_at=2018-04",
			 cookie_of(PMO), NULL, NULL, NULL, &h);
		expect_status(&h, 200, "DCA trend chart as at a month");
		if (k)
			assert_string_not_equal(h.body.buf, heat[k]);
		else
			assert_string_equal(h.body.buf, heat[k]);
		http_release(&h);
		free(heat[k]);
	}
	put_bss_green(1);

	/* the knock-on as at April runs on the network published, after the
	   slipping milestone's activity is finished in the live data (which
	   May's answer then refuses) */
	{
		json_t *before, *after;

		before = api_get_json(PMO, "/api/v1/impact?milestone=EST-M4&slip=120d&as_at=2018-04",
				      &status);
		assert_int_equal(status, 200);
		assert_true(json_is_object(json_object_get(before, "impact")));
		set_activity_finished("EST-M4", date_from_ymd(2018, 5, 2));
		after = api_get_json(PMO, "/api/v1/impact?milestone=EST-M4&slip=120d&as_at=2018-04",
				     &status);
		assert_int_equal(status, 200);
		assert_true(json_equal(json_object_get(before, "impact"),
				       json_object_get(after, "impact")));
		json_decref(after);
		after = api_get_json(PMO, "/api/v1/impact?milestone=EST-M4&slip=120d&as_at=2018-05",
				     &status);
		assert_int_not_equal(status, 200);
		json_decref(after);
		json_decref(before);
		set_activity_finished("EST-M4", 0);
	}

	/* a correction published again is a new revision: the snapshot kept
	   for April's first revision gives way, and April now shows it */
	{
		struct session tpm;
		struct http h;

		login_as("t.pm", &tpm);
		doc = api_get_json(PMO, "/api/v1/programmes/BSS?as_at=2018-04", &status);
		assert_int_equal(status, 200);
		assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "rating"),
								      "rating")), "Amber");
		json_decref(doc);
		api_post(&tpm, "/api/v1/returns/BSS/2018-04",
			 "{\"action\":\"submit\",\"dca\":\"Red\",\"headline\":\"Corrected\"}", &h);
		expect_status(&h, 200, "a correction to April");
		http_release(&h);
		api_post(&sessions[PMO], "/api/v1/returns/BSS/2018-04/review", "{}", &h);
		expect_status(&h, 200, "review the correction");
		http_release(&h);
		api_post(&sessions[PMO], "/api/v1/periods/2018-04/publish", "{}", &h);
		expect_status(&h, 200, "publish April again");
		assert_non_null(strstr(h.body.buf, "\"snapshot_revision\":2"));
		http_release(&h);
		for (int k = 0; k < 2; k++) {
			doc = api_get_json(k ? BOARD : PMO, "/api/v1/programmes/BSS?as_at=2018-04", &status);
			assert_int_equal(status, 200);
			assert_string_equal(json_string_value(json_object_get(
				json_object_get(doc, "rating"), "rating")), "Red");
			json_decref(doc);
		}
	}
}

/* Every link of h's error summary goes to a field the page has. */
static void
assert_summary_links(const struct http *h, const char *what)
{
	const char *p = strstr(h->body.buf, "class=\"error-summary\""), *end;

	if (p == NULL)
		fail_msg("%s: no error summary", what);
	end = strstr(p, "</div>");
	while ((p = strstr(p, "<a href=\"#")) != NULL && p < end) {
		char id[128];
		const char *q = p + 10, *e = strchr(q, '"');

		snprintf(id, sizeof(id), "id=\"%.*s\"", (int)(e - q), q);
		if (!has(h, id))
			fail_msg("%s: the error summary links to #%.*s, which the page has not",
				 what, (int)(e - q), q);
		p = e;
	}
}

/*
 * A page's query refused (a filter typed into the address): the page
 * itself, with the error beside the field it can be put right in, 400;
 * and for every GET page and every input it takes, the error summary
 * never links to a field the page has not.
 */
static void
test_query_errors(void **state)
{
	struct http h;

	(void)state;
	http_req("GET", "/risks?band=huge&level=portfolio", cookie_of(VIEWER), NULL, NULL, NULL, &h);
	expect_status(&h, 400, "a band that is not one");
	assert_true(has(&h, "<title>Error: Risk register"));
	assert_true(has(&h, "<a href=\"#band\">Choose a band from the list.</a>"));
	assert_true(has(&h, "<p class=\"error-message\" id=\"band-error\">"));
	assert_true(has(&h, "aria-describedby=\"band-error\""));
	assert_true(has(&h, "id=\"risk-filters\""));
	/* the register shown, with the filter that was right kept */
	assert_true(has(&h, "<option value=\"portfolio\" selected>"));
	assert_true(has(&h, "id=\"risk-register\""));
	assert_summary_links(&h, "/risks?band=huge");
	http_release(&h);
	/* a month on a page with no month to choose: said, not linked */
	http_req("GET", "/risks?as_at=2018-13", cookie_of(VIEWER), NULL, NULL, NULL, &h);
	expect_status(&h, 400, "a month that is not one");
	assert_true(has(&h, "<li>As at must be a month, like 2018-04.</li>"));
	assert_summary_links(&h, "/risks?as_at=2018-13");
	http_release(&h);

	for (size_t i = 0; i < web_nroutes; i++) {
		const struct route *rt = &web_routes[i];
		char path[256];
		const char *pat = rt->pattern;

		if (strcmp(rt->method, "GET") != 0 || rt->view == NULL || rt->tpl == NULL)
			continue;
		if (strcmp(pat, "/programmes/:code") == 0)
			pat = "/programmes/SLP";
		else if (strcmp(pat, "/risks/:code") == 0)
			pat = "/risks/OR-T1";
		else if (strchr(pat, ':') != NULL)
			continue;
		for (size_t k = 0; k < rt->nkeys; k++) {
			const struct key *key = &rt->keys[k];
			const char *bad = key->type == V_ENUM ? "huge" : key->type == V_CODE ? "%3Cx%3E" :
					  key->type == V_MONTH ? "2018-13" : key->type == V_INT ? "99" :
					  key->type == V_BOOL ? "maybe" : key->type == V_NEXT ? "%2F%2Fevil" :
					  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

			snprintf(path, sizeof(path), "%s?%s=%s", pat, key->name, bad);
			http_req("GET", path, cookie_of(PMO), NULL, NULL, NULL, &h);
			expect_status(&h, 400, path);
			assert_true(has(&h, "<title>Error: "));
			assert_summary_links(&h, path);
			http_release(&h);
		}
	}
}

/*
 * Forms refused: each error in plain words, in the summary (linking to
 * its field) as people would say it. Nothing here is written.
 */
static void
test_form_messages(void **state)
{
	struct http h;
	char pre[128], body[256];
	const char *tok;

	(void)state;
	/* required fields name what to do, not the field's label */
	http_req("GET", "/login", NULL, NULL, NULL, NULL, &h);
	assert_non_null(set_cookie(&h, PRELOGIN_COOKIE, pre, sizeof(pre)));
	tok = strchr(pre, '=') + 1;
	http_release(&h);
	snprintf(body, sizeof(body), "csrf=%s&username=&password=", tok);
	http_req("POST", "/login", pre, "application/x-www-form-urlencoded", body, NULL, &h);
	expect_status(&h, 400, "sign in with nothing");
	assert_true(has(&h, "<a href=\"#username\">Enter your username.</a>"));
	assert_true(has(&h, "<title>Error: Sign in"));
	assert_true(has(&h, "id=\"password-error\""));
	assert_true(has(&h, "<a href=\"#password\">Enter your password.</a>"));
	http_release(&h);
	form_post(&sessions[VIEWER], "/account/password", "current=&password=&confirm=", &h);
	expect_status(&h, 400, "change password with nothing");
	assert_true(has(&h, "<a href=\"#current\">Enter your current password.</a>"));
	assert_true(has(&h, "<a href=\"#confirm\">Enter the new password again to confirm it.</a>"));
	assert_false(has(&h, "Enter confirm"));
	http_release(&h);
	form_post(&sessions[PMO], "/change-requests/EST-CR1/decision", "decided=", &h);
	expect_status(&h, 400, "a decision not chosen");
	assert_true(has(&h, "Choose whether the board approved or rejected the request."));
	http_release(&h);
	form_post(&sessions[ADMIN], "/admin/users", "username=&name=&role=&clearance=", &h);
	expect_status(&h, 400, "a user with nothing");
	assert_true(has(&h, "<a href=\"#role\">Choose a role.</a>"));
	assert_true(has(&h, "<a href=\"#name\">Enter the user&#39;s full name.</a>"));
	http_release(&h);

	/* a return refused: every error at once, in the form's order, a
	   milestone's date named by its milestone */
	form_post(&sessions[PM], "/returns/OR/2018-04",
		  "dca=&headline=&forecast=12abc&forecast_OR-M1=31%2F02%2F2026&actual_OR-M1=&"
		  "action=submit", &h);
	expect_status(&h, 400, "a return with every kind of error");
	{
		const char *want[] = {
			"<a href=\"#dca\">Choose a delivery confidence rating to submit the return.",
			"<a href=\"#headline\">Enter a headline to submit the return.",
			"<a href=\"#forecast\">Full-year forecast must be an amount in whole pounds",
			"<a href=\"#forecast_OR-M1\">Forecast date of OR-M1 must be a real date",
		};
		const char *at = h.body.buf;

		for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
			const char *p = strstr(h.body.buf, want[i]);

			if (p == NULL || p < at)
				fail_msg("not found in order: %s", want[i]);
			at = p;
		}
	}
	/* the page says so in its title, and each field carries its own
	   message, tied to it for screen readers */
	assert_true(has(&h, "<title>Error: Monthly return: "));
	assert_true(has(&h, "<p class=\"error-message\" id=\"headline-error\"><span class=\"visually-hidden\">"
			"Error:</span> Enter a headline to submit the return.</p>"));
	assert_true(has(&h, "aria-describedby=\"headline-hint headline-error\""));
	assert_true(has(&h, "id=\"forecast_OR-M1-error\""));
	assert_true(has(&h, "aria-describedby=\"forecast_OR-M1-error\""));
	assert_false(has(&h, "id=\"actual_OR-M1-error\""));
	assert_false(has(&h, "id=\"sro_dca-error\""));
	expect_unique_ids(&h);
	http_release(&h);
	/* a draft needs neither rating nor headline */
	form_post(&sessions[PM], "/returns/OR/2018-04", "dca=&headline=&forecast=12abc&action=save", &h);
	expect_status(&h, 400, "a draft with a bad forecast");
	assert_false(has(&h, "href=\"#dca\""));
	assert_false(has(&h, "href=\"#headline\""));
	http_release(&h);
	/* the API may submit what it saved before: nothing required of it */
	api_post(&sessions[PM], "/api/v1/returns/OR/2018-04", "{\"action\":\"save\",\"forecast\":\"x\"}", &h);
	expect_status(&h, 400, "API: a bad forecast");
	assert_null(strstr(h.body.buf, "\"field\":\"dca\""));
	http_release(&h);
	/* the decision's errors: the radios first, then the date, as on the page */
	form_post(&sessions[PMO], "/change-requests/EST-CR1/decision", "decided=31%2F02%2F2018", &h);
	expect_status(&h, 400, "no decision and a bad date");
	assert_true(strstr(h.body.buf, "href=\"#decision\"") != NULL &&
		    strstr(h.body.buf, "href=\"#decision\"") < strstr(h.body.buf, "href=\"#decided\""));
	http_release(&h);
	/* the decision chosen stays chosen when the date is refused */
	form_post(&sessions[PMO], "/change-requests/EST-CR1/decision",
		  "decision=rejected&decided=31%2F02%2F2018", &h);
	expect_status(&h, 400, "a decision with a bad date");
	assert_true(has(&h, "value=\"rejected\" checked>"));
	assert_true(has(&h, "id=\"decided-error\""));
	assert_false(has(&h, "id=\"decision-error\""));
	assert_false(has(&h, "value=\"approved\" checked>"));
	assert_true(has(&h, "value=\"31/02/2018\""));
	http_release(&h);
}

/*
 * A board member asking for a month not yet published (April, open
 * here) sees the last published one, headed as such: not March's
 * figures under April's name.
 */
static void
test_board_as_at(void **state)
{
	struct http h;
	json_t *doc;
	int status;

	(void)state;
	http_req("GET", "/dashboard?as_at=2018-04", cookie_of(BOARD), NULL, NULL, NULL, &h);
	expect_status(&h, 200, "the board's dashboard as at April");
	assert_true(has(&h, "As at the end of March 2018."));
	assert_false(has(&h, "April 2018"));
	assert_true(has(&h, "<option value=\"2018-03\" selected>"));
	http_release(&h);
	doc = api_get_json(BOARD, "/api/v1/milestones?as_at=2019-01", &status);
	assert_int_equal(status, 200);
	assert_string_equal(json_string_value(json_object_get(doc, "as_at")), "2018-03");
	json_decref(doc);
	/* the others may see April, and months before any period stand */
	http_req("GET", "/dashboard?as_at=2018-04", cookie_of(VIEWER), NULL, NULL, NULL, &h);
	assert_true(has(&h, "As at the end of April 2018."));
	http_release(&h);
	http_req("GET", "/dashboard?as_at=2016-01", cookie_of(BOARD), NULL, NULL, NULL, &h);
	assert_true(has(&h, "As at the end of January 2016."));
	http_release(&h);
}

/*
 * Every link on the reports page says where it goes on its own (a screen
 * reader's list of links reads each without its row): no two links with
 * the same text go to different places.
 */
static void
expect_distinct_links(const char *path)
{
	struct http h;
	struct strbuf seen = STRBUF_INIT;

	http_req("GET", path, cookie_of(PMO), NULL, NULL, NULL, &h);
	expect_status(&h, 200, path);
	for (const char *p = h.body.buf; (p = strstr(p, "<a href=\"")) != NULL; p++) {
		const char *href = p + 9, *he = strchr(href, '"');
		const char *text = strchr(he, '>') + 1, *te = strstr(text, "</a>");
		char line[1024];

		snprintf(line, sizeof(line), "\n%.*s\t", (int)(te - text), text);
		/* the same text seen before must have gone to the same place */
		if (seen.buf && strstr(seen.buf, line)) {
			const char *prev = strstr(seen.buf, line) + strlen(line);

			if (strncmp(prev, href, (size_t)(he - href)) != 0 ||
			    prev[he - href] != '\n')
				fail_msg("%s: link text \"%.*s\" goes to two places", path,
					 (int)(te - text), text);
		}
		strbuf_addf(&seen, "%s%.*s\n", line, (int)(he - href), href);
	}
	strbuf_release(&seen);
	http_release(&h);
}

static void
test_link_text(void **state)
{
	struct http h;

	(void)state;
	http_req("GET", "/reports", cookie_of(PMO), NULL, NULL, NULL, &h);
	assert_true(has(&h, ">PDF<span class=\"visually-hidden\">: download the Oversight Board "
			"update for March 2018</span></a>"));
	http_release(&h);
	expect_distinct_links("/reports");
	expect_distinct_links("/programmes/OR");
	expect_distinct_links("/programmes/EST");
	expect_distinct_links("/dependencies");
}

/*
 * The words on a page are people's: no enum value as stored
 * ("forecast_breach", "portfolio_office") in any page's text, the
 * dashboard's exceptions and the register's filters included.
 */
static void
test_enum_words(void **state)
{
	static const char *const pages[] = {
		"/dashboard", "/dashboard?as_at=2018-03", "/programmes", "/programmes/OR", "/programmes/SLP",
		"/risks?status=all", "/risks/OR-T2", "/milestones?all=1", "/dependencies",
		"/change-requests", "/periods", "/periods/2018-03", "/returns/OR/2018-03",
		"/account", "/admin/users", "/admin/users/h.delaney", "/reports",
	};
	static const int as[] = { PMO, PMO, PMO, PMO, PMO, PMO, PMO, PMO, PMO, PMO, PMO, PMO,
				  PMO, PMO, ADMIN, ADMIN, PMO };
	struct http h;

	(void)state;
	for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		const char *p, *body;
		int in_tag = 0;

		http_req("GET", pages[i], cookie_of(as[i]), NULL, NULL, NULL, &h);
		expect_status(&h, 200, pages[i]);
		body = strstr(h.body.buf, "<body");
		assert_non_null(body);
		/* words of the text (outside tags, and outside inline SVG) with
		   an underscore between lower-case letters */
		for (p = body; *p; p++) {
			if (strncmp(p, "<svg", 4) == 0) {
				const char *e = strstr(p, "</svg>");

				if (e == NULL)
					break;
				p = e + 5;
				continue;
			}
			if (*p == '<')
				in_tag = 1;
			else if (*p == '>')
				in_tag = 0;
			else if (!in_tag && *p == '_' && p > body && p[-1] >= 'a' && p[-1] <= 'z' &&
				 p[1] >= 'a' && p[1] <= 'z') {
				const char *w = p;

				while (w > body && ((w[-1] >= 'a' && w[-1] <= 'z') || w[-1] == '_'))
					w--;
				fail_msg("%s: \"%.40s\" shows a stored value, not words", pages[i], w);
			}
		}
		http_release(&h);
	}
	http_req("GET", "/dashboard?as_at=2018-03", cookie_of(PMO), NULL, NULL, NULL, &h);
	if (!has(&h, "<td>Forecast breach</td>") && !has(&h, "<td>Breach</td>"))
		fail_msg("the dashboard's exceptions say no type in words");
	http_release(&h);
	http_req("GET", "/risks", cookie_of(PMO), NULL, NULL, NULL, &h);
	assert_true(has(&h, "<option value=\"portfolio\">Portfolio</option>"));
	http_release(&h);
}

/* Stored timestamps read as dates and times, never as ISO 8601 text. */
static void
test_readable_times(void **state)
{
	static const char *const pages[] = {
		"/periods", "/periods/2018-03", "/returns/OR/2018-03",
	};
	struct http h;

	(void)state;
	for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		http_req("GET", pages[i], cookie_of(PMO), NULL, NULL, NULL, &h);
		expect_status(&h, 200, pages[i]);
		if (strstr(h.body.buf, ":00Z"))
			fail_msg("%s shows a raw timestamp: %.80s", pages[i],
				 strstr(h.body.buf, ":00Z") - 20);
		assert_true(has(&h, " at 1"));
		assert_true(has(&h, " UTC"));
		http_release(&h);
	}
	http_req("GET", "/periods", cookie_of(PMO), NULL, NULL, NULL, &h);
	assert_true(has(&h, "by g.okafor on 11 April 2018 at 16:00 UTC"));
	http_release(&h);
}

/* Return files: the template downloaded, filled in and uploaded back. */
static void
test_return_file(void **state)
{
	struct http h;
	json_t *doc, *ret;
	char *text, extra[256];
	int status;
	struct strbuf mp = STRBUF_INIT, big = STRBUF_INIT;
	const char *boundary = "----folio-test-boundary";

	(void)state;
	http_req("GET", "/returns/OR/2018-05/file", sessions[PM].cookie, NULL, NULL, NULL, &h);
	expect_status(&h, 200, "the template");
	doc = json_loads(h.body.buf, 0, NULL);
	http_release(&h);
	assert_non_null(doc);
	assert_string_equal(json_string_value(json_object_get(doc, "programme")), "OR");
	ret = json_object_get(doc, "return");
	json_object_set_new(ret, "dca", json_string("Amber"));
	json_object_set_new(ret, "headline", json_string("Sent as a file <b>"));
	text = json_dumps(doc, 0);

	/* through the API, the file as the body */
	api_post(&sessions[PM], "/api/v1/returns/OR/2018-05/file", text, &h);
	expect_status(&h, 200, "upload through the API");
	assert_non_null(strstr(h.body.buf, "\"version\":1"));
	http_release(&h);
	doc = (json_decref(doc), api_get_json(VIEWER, "/api/v1/returns/OR/2018-05", &status));
	ret = json_object_get(doc, "return");
	assert_string_equal(json_string_value(json_object_get(ret, "status")), "submitted");
	assert_string_equal(json_string_value(json_object_get(ret, "headline")), "Sent as a file <b>");
	json_decref(doc);
	/* not for another programme's page */
	api_post(&sessions[PM], "/api/v1/returns/PAFC/2018-05/file", text, &h);
	expect_status(&h, 400, "a file for another programme");
	http_release(&h);

	/* the page's form: multipart, with the form's token */
	strbuf_addf(&mp, "--%s\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n",
		    boundary, sessions[PM].csrf);
	strbuf_addf(&mp, "--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"r.json\"\r\n"
		    "Content-Type: application/json\r\n\r\n%s\r\n--%s--\r\n", boundary, text, boundary);
	snprintf(extra, sizeof(extra), "multipart/form-data; boundary=%s", boundary);
	http_req("POST", "/returns/OR/2018-05/file", sessions[PM].cookie, extra, mp.buf, NULL, &h);
	expect_status(&h, 303, "upload through the page");
	http_release(&h);
	/* a broken file: the form again, saying where */
	strbuf_reset(&mp);
	strbuf_addf(&mp, "--%s\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n"
		    "--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"r.json\"\r\n\r\n"
		    "{\"folio_return\": 1, \"programme\": \"OR\", \"nonsense\": true}\r\n--%s--\r\n",
		    boundary, sessions[PM].csrf, boundary, boundary);
	http_req("POST", "/returns/OR/2018-05/file", sessions[PM].cookie, extra, mp.buf, NULL, &h);
	expect_status(&h, 400, "a broken file");
	assert_true(has(&h, "href=\"#file\""));
	http_release(&h);
	/* a multipart body where no upload is taken */
	http_req("POST", "/returns/OR/2018-05", sessions[PM].cookie, extra, mp.buf, NULL, &h);
	expect_status(&h, 415, "multipart to a form");
	http_release(&h);

	/* uploads may be larger than forms (1 MiB against 64 KiB), no larger */
	strbuf_addstr(&big, "{\"folio_return\": 1, \"padding\": \"");
	for (int i = 0; i < 200000; i++)
		strbuf_addch(&big, 'x');
	strbuf_addstr(&big, "\"}");
	api_post(&sessions[PM], "/api/v1/returns/OR/2018-05/file", big.buf, &h);
	expect_status(&h, 400, "a 200 KB file is read (and refused by the reader)");
	http_release(&h);
	api_post(&sessions[PM], "/api/v1/returns/OR/2018-05", big.buf, &h);
	expect_status(&h, 413, "200 KB to a form");
	http_release(&h);
	strbuf_reset(&big);
	strbuf_addf(&big, "POST /api/v1/returns/OR/2018-05/file HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
		    "Content-Type: application/json\r\nContent-Length: %d\r\n\r\n{", 2 << 20);
	http_raw(big.buf, big.len, &h);
	expect_status(&h, 413, "2 MiB upload");
	http_release(&h);
	strbuf_release(&big);
	strbuf_release(&mp);
	free(text);
}

static void
test_risk_accept(void **state)
{
	json_t *doc, *props, *risk;
	struct http h;
	int status;
	const char *code;
	char path[128], body[256];

	(void)state;
	doc = api_get_json(PMO, "/api/v1/risks", &status);
	assert_int_equal(status, 200);
	props = json_object_get(doc, "proposals");
	if (json_array_size(props) == 0) {
		json_decref(doc);
		skip();
	}
	code = json_string_value(json_object_get(json_array_get(props, 0), "code"));
	snprintf(path, sizeof(path), "/api/v1/risks/%s/accept", code);
	/* both or neither of the choices: refused */
	api_post(&sessions[PMO], path, "{\"portfolio_risk\":\"PR1\",\"code\":\"PR-NEW\"}", &h);
	expect_status(&h, 400, "both choices");
	http_release(&h);
	api_post(&sessions[PMO], path, "{\"code\":\"PR3\"}", &h);
	expect_status(&h, 400, "code taken");
	http_release(&h);
	snprintf(body, sizeof(body), "{\"code\":\"PR-T1\",\"owner\":\"%s\"}", "<b>Owner</b>");
	api_post(&sessions[PMO], path, body, &h);
	expect_status(&h, 200, "accept");
	http_release(&h);
	api_post(&sessions[PMO], path, "{\"portfolio_risk\":\"PR1\"}", &h);
	expect_status(&h, 409, "accept twice");
	http_release(&h);
	json_decref(doc);
	doc = api_get_json(VIEWER, "/api/v1/risks/PR-T1", &status);
	assert_int_equal(status, 200);
	risk = json_object_get(doc, "risk");
	assert_string_equal(json_string_value(json_object_get(risk, "level")), "portfolio");
	assert_int_equal(json_array_size(json_object_get(doc, "feeders")), 1);
	json_decref(doc);
	http_req("GET", "/risks/PR-T1", sessions[VIEWER].cookie, NULL, NULL, NULL, &h);
	expect_status(&h, 200, "the new portfolio risk");
	assert_true(has(&h, "&lt;b&gt;Owner&lt;/b&gt;"));
	assert_false(has(&h, "<b>Owner</b>"));
	http_release(&h);

	/* a risk already feeding a portfolio risk above the clearance of the
	   portfolio office user accepting it: refused without naming it */
	{
		struct session pmo2;

		login_as("t.pmo2", &pmo2);
		api_post(&pmo2, "/api/v1/risks/OR-T3/accept", "{\"code\":\"PR-T9\"}", &h);
		expect_status(&h, 409, "accept a risk feeding a sensitive one");
		assert_true(has(&h, "OR-T3 already feeds a portfolio risk"));
		assert_false(has(&h, "SEC-PR1"));
		http_release(&h);
		/* the cleared portfolio office is told which */
		api_post(&sessions[PMO], "/api/v1/risks/OR-T3/accept", "{\"code\":\"PR-T9\"}", &h);
		expect_status(&h, 409, "accept a risk feeding a sensitive one (cleared)");
		assert_true(has(&h, "OR-T3 already feeds portfolio risk SEC-PR1"));
		http_release(&h);
	}
}

static void
test_change_request(void **state)
{
	json_t *doc, *b;
	struct http h;
	int status;

	(void)state;
	form_post(&sessions[PMO], "/change-requests/EST-CR1/decision", "decision=maybe", &h);
	expect_status(&h, 400, "a decision not on the list");
	assert_true(has(&h, "href=\"#decision\""));
	http_release(&h);
	form_post(&sessions[PMO], "/change-requests/EST-CR1/decision",
		  "decision=approved&decided=2018-04-20", &h);
	expect_status(&h, 303, "approve");
	http_release(&h);
	doc = api_get_json(VIEWER, "/api/v1/change-requests/EST-CR1", &status);
	assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "change_request"),
							      "status")), "approved");
	/* approval makes the programme's next baseline, in force from the decision */
	b = json_array_get(json_object_get(doc, "baselines"), 0);
	assert_non_null(b);
	assert_string_equal(json_string_value(json_object_get(b, "change_request")), "EST-CR1");
	assert_string_equal(json_string_value(json_object_get(b, "approved_on")), "2018-04-20");
	assert_true(json_array_size(json_object_get(b, "milestones")) > 0);
	json_decref(doc);
	form_post(&sessions[PMO], "/change-requests/EST-CR1/decision", "decision=rejected", &h);
	expect_status(&h, 409, "decide twice");
	http_release(&h);
}

static void
test_users_admin(void **state)
{
	struct http h;
	struct session s;
	json_t *doc;
	int status;
	char *e = form_escape(xss[0]), *e1 = form_escape(xss[1]);
	char body[512];
	/* addresses people mistype: no dot in the domain, no @, a space,
	   two @, a dot to end the name, and markup (shown back escaped) */
	static const char *const bad_email[] = {
		"t.mail@example", "no-at-sign", "t mail@example.org", "t@mail@example.org",
		"t.@example.org", "t@example..org", "t@-example.org", "@example.org",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad_email) / sizeof(bad_email[0]); i++) {
		char *be = form_escape(bad_email[i]);

		snprintf(body, sizeof(body), "username=t.new&name=T+New&email=%s&"
			 "role=viewer&clearance=OFFICIAL", be);
		form_post(&sessions[ADMIN], "/admin/users", body, &h);
		expect_status(&h, 400, bad_email[i]);
		if (!has(&h, "<p class=\"error-message\" id=\"email-error\"><span class=\"visually-hidden\">"
			 "Error:</span> Enter an email address in the correct format, like name@example.com.</p>") ||
		    !has(&h, "<a href=\"#email\">Enter an email address in the correct format") ||
		    !has(&h, "aria-describedby=\"email-error\""))
			fail_msg("%s: no error beside the email field", bad_email[i]);
		http_release(&h);
		free(be);
	}
	/* the longest part before the @ is 64 characters */
	snprintf(body, sizeof(body), "username=t.new&name=T+New&role=viewer&clearance=OFFICIAL&"
		 "email=%s@example.org", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
	form_post(&sessions[ADMIN], "/admin/users", body, &h);
	expect_status(&h, 400, "65 characters before the @");
	http_release(&h);
	/* what was typed comes back in the field, escaped */
	snprintf(body, sizeof(body), "username=t.new&name=T+New&role=viewer&clearance=OFFICIAL&"
		 "email=%s", e1);
	form_post(&sessions[ADMIN], "/admin/users", body, &h);
	expect_status(&h, 400, "markup as the email");
	assert_escaped(&h, xss[1], "refused user form");
	http_release(&h);
	api_post(&sessions[ADMIN], "/api/v1/admin/users", "{\"username\":\"t.new\",\"name\":\"T\","
		 "\"email\":\"t.mail@example\",\"role\":\"viewer\",\"clearance\":\"OFFICIAL\"}", &h);
	expect_status(&h, 400, "API: email without a dot in the domain");
	assert_true(has(&h, "\"field\":\"email\""));
	http_release(&h);
	doc = api_get_json(ADMIN, "/api/v1/admin/users/t.new", &status);
	assert_int_equal(status, 404);
	json_decref(doc);

	/* the escaping of free text is checked on the name */
	snprintf(body, sizeof(body), "username=t.new&name=%s&email=t.new%%40example.gov.uk&"
		 "role=programme_manager&clearance=OFFICIAL&active=1&scope=OR&scope=SW", e);
	form_post(&sessions[ADMIN], "/admin/users", body, &h);
	expect_status(&h, 303, "add a user");
	http_release(&h);
	form_post(&sessions[ADMIN], "/admin/users", body, &h);
	expect_status(&h, 400, "add them again");
	http_release(&h);
	http_req("GET", "/admin/users", sessions[ADMIN].cookie, NULL, NULL, NULL, &h);
	assert_escaped(&h, xss[0], "users page");
	http_release(&h);
	http_req("GET", "/admin/users/t.new", sessions[ADMIN].cookie, NULL, NULL, NULL, &h);
	assert_escaped(&h, xss[0], "user page");
	assert_true(has(&h, "value=\"t.new@example.gov.uk\""));
	http_release(&h);
	/* editing: the same rule, the error beside the field */
	form_post(&sessions[ADMIN], "/admin/users/t.new", "name=New&role=programme_manager&"
		  "clearance=OFFICIAL&active=1&scope=OR&scope=SW&email=t.mail%40example", &h);
	expect_status(&h, 400, "edit: email without a dot in the domain");
	assert_true(has(&h, "id=\"email-error\""));
	assert_true(has(&h, "value=\"t.mail@example\""));
	http_release(&h);
	form_post(&sessions[ADMIN], "/admin/users", body, &h);
	expect_status(&h, 400, "add them again");
	http_release(&h);
	http_req("GET", "/admin/users", sessions[ADMIN].cookie, NULL, NULL, NULL, &h);
	assert_escaped(&h, xss[0], "users page");
	http_release(&h);
	doc = api_get_json(ADMIN, "/api/v1/admin/users/t.new", &status);
	assert_int_equal(json_array_size(json_object_get(json_object_get(doc, "user"), "scope")), 2);
	json_decref(doc);

	/* a password too short, then a good one; the user signs in */
	api_post(&sessions[ADMIN], "/api/v1/admin/users/t.new/password",
		 "{\"password\":\"short\",\"confirm\":\"short\"}", &h);
	expect_status(&h, 400, "short password");
	http_release(&h);
	api_post(&sessions[ADMIN], "/api/v1/admin/users/t.new/password",
		 "{\"password\":\"a long new password\",\"confirm\":\"a long new password\"}", &h);
	expect_status(&h, 200, "set password");
	http_release(&h);
	assert_int_equal(api_login("t.new", "a long new password", &s, NULL), 0);
	/* their scope lets them write OR, not SLP */
	api_post(&s, "/api/v1/returns/SLP/2018-05", "{}", &h);
	expect_status(&h, 403, "out of scope");
	http_release(&h);

	/* the page form: untick "may sign in", change the role, drop a programme */
	form_post(&sessions[ADMIN], "/admin/users/t.new", "name=New+Name&role=viewer&clearance=OFFICIAL&scope=OR", &h);
	expect_status(&h, 303, "update");
	http_release(&h);
	doc = api_get_json(ADMIN, "/api/v1/admin/users/t.new", &status);
	assert_false(json_is_true(json_object_get(json_object_get(doc, "user"), "active")));
	assert_int_equal(json_array_size(json_object_get(json_object_get(doc, "user"), "scope")), 1);
	json_decref(doc);
	/* a deactivated user's session stops working at once */
	http_req("GET", "/api/v1/me", s.cookie, NULL, NULL, NULL, &h);
	expect_status(&h, 401, "deactivated");
	http_release(&h);
	/* an administrator cannot lock themselves out */
	api_post(&sessions[ADMIN], "/api/v1/admin/users/p.natarajan", "{\"active\":false}", &h);
	expect_status(&h, 409, "deactivate oneself");
	http_release(&h);
	/* an OFFICIAL administrator grants no clearance above their own:
	   not to themselves (then reading the sensitive programme), not to
	   a new account, not to another user, by the API or the form */
	api_post(&sessions[ADMIN], "/api/v1/admin/users/p.natarajan",
		 "{\"clearance\":\"OFFICIAL-SENSITIVE\"}", &h);
	expect_status(&h, 403, "raise one's own clearance");
	assert_true(has(&h, "\"field\":\"clearance\""));
	http_release(&h);
	http_req("GET", "/api/v1/programmes/SEC", sessions[ADMIN].cookie, NULL, NULL, NULL, &h);
	expect_status(&h, 404, "sensitive programme after the refused raise");
	http_release(&h);
	form_post(&sessions[ADMIN], "/admin/users/t.new", "name=New+Name&role=viewer&"
		  "clearance=OFFICIAL-SENSITIVE&scope=OR", &h);
	expect_status(&h, 403, "raise another's clearance (form)");
	assert_true(has(&h, "id=\"clearance-error\""));
	http_release(&h);
	api_post(&sessions[ADMIN], "/api/v1/admin/users", "{\"username\":\"t.spy\",\"name\":\"T\","
		 "\"role\":\"viewer\",\"clearance\":\"OFFICIAL-SENSITIVE\"}", &h);
	expect_status(&h, 403, "a new sensitive account");
	http_release(&h);
	doc = api_get_json(ADMIN, "/api/v1/admin/users/t.spy", &status);
	assert_int_equal(status, 404);
	json_decref(doc);
	doc = api_get_json(ADMIN, "/api/v1/admin/users/t.new", &status);
	assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "user"),
							      "clearance")), "OFFICIAL");
	json_decref(doc);
	/* one's scope names only programmes one may see */
	assert_int_equal(api_login("t.pm3", PASSWORD, &s, NULL), 0);
	http_req("GET", "/api/v1/me", s.cookie, NULL, NULL, NULL, &h);
	expect_status(&h, 200, "me, with a sensitive programme in scope");
	assert_true(has(&h, "\"scope\":[\"OR\"]"));
	assert_false(has(&h, "SEC"));
	http_release(&h);
	http_req("GET", "/account", s.cookie, NULL, NULL, NULL, &h);
	expect_status(&h, 200, "account, with a sensitive programme in scope");
	assert_false(has(&h, "SEC"));
	http_release(&h);
	/* one's own password only on /account, with the current one: a
	   session taken over cannot set it (and lock its owner out) */
	api_post(&sessions[ADMIN], "/api/v1/admin/users/p.natarajan/password",
		 "{\"password\":\"taken over now\",\"confirm\":\"taken over now\"}", &h);
	expect_status(&h, 403, "set one's own password as an administrator");
	http_release(&h);
	assert_int_not_equal(api_login("p.natarajan", "taken over now", &s, NULL), 0);
	assert_int_equal(api_login("p.natarajan", PASSWORD, &s, NULL), 0);
	http_req("GET", "/admin/users/p.natarajan", sessions[ADMIN].cookie, NULL, NULL, NULL, &h);
	expect_status(&h, 200, "one's own user page");
	assert_false(has(&h, "id=\"password-form\""));
	assert_true(has(&h, "<a href=\"/account\">your account page</a>"));
	http_release(&h);

	/* one's own password */
	api_post(&sessions[VIEWER], "/api/v1/account/password",
		 "{\"current\":\"wrong password!\",\"password\":\"another password\",\"confirm\":\"another password\"}", &h);
	expect_status(&h, 400, "wrong current password");
	http_release(&h);
	free(e);
	free(e1);
}

/* The HTTP status of GET /api/v1/me with s's cookie. */
static int
me_status(const struct session *s)
{
	struct http h;
	int status;

	http_req("GET", "/api/v1/me", s->cookie, NULL, NULL, NULL, &h);
	status = h.status;
	http_release(&h);
	return status;
}

/*
 * A password changed signs out whoever held the old one: changed by its
 * owner, every other session of the account ends and the one that changed
 * it stays; set by an administrator (or `folio user passwd`), every one.
 */
static void
test_password_ends_sessions(void **state)
{
	struct session s1, s2, admin;
	struct http h;

	(void)state;
	login_as(who_user[ADMIN], &admin);
	login_as("t.twice", &s1);
	login_as("t.twice", &s2);
	assert_int_equal(me_status(&s1), 200);
	assert_int_equal(me_status(&s2), 200);
	api_post(&s1, "/api/v1/account/password",
		 "{\"current\":\"" PASSWORD "\",\"password\":\"a new password\","
		 "\"confirm\":\"a new password\"}", &h);
	expect_status(&h, 200, "change one's own password");
	http_release(&h);
	assert_int_equal(me_status(&s1), 200);
	assert_int_equal(me_status(&s2), 401);
	api_post(&admin, "/api/v1/admin/users/t.twice/password",
		 "{\"password\":\"" PASSWORD "\",\"confirm\":\"" PASSWORD "\"}", &h);
	expect_status(&h, 200, "an administrator sets it back");
	http_release(&h);
	assert_int_equal(me_status(&s1), 401);
	login_as("t.twice", &s2);
	assert_int_equal(me_status(&s2), 200);
}

/* --- throttling and expiry: the clock moves ----------------------------------------- */

static void
test_throttle(void **state)
{
	struct session s;
	int status = 0;

	(void)state;
	/* earlier tests' failed sign-ins fall out of the window */
	fake_now += 16 * 60;
	/* five wrong passwords for one user ... */
	for (int i = 0; i < 5; i++) {
		assert_int_equal(api_login("t.victim", "not the password", &s, &status), -1);
		assert_int_equal(status, 401);
	}
	/* ... and the right one is refused too */
	assert_int_equal(api_login("t.victim", PASSWORD, &s, &status), -1);
	assert_int_equal(status, 429);
	fake_now += 16 * 60;
	assert_int_equal(api_login("t.victim", PASSWORD, &s, &status), 0);

	/* per address: wrong passwords spread over many usernames */
	for (int i = 0; i < 5; i++) {
		char user[32];

		snprintf(user, sizeof(user), "nobody%d", i);
		assert_int_equal(api_login(user, "not the password", &s, &status), -1);
		assert_int_equal(status, 401);
	}
	assert_int_equal(api_login("t.victim2", PASSWORD, &s, &status), -1);
	assert_int_equal(status, 429);
	fake_now += 16 * 60;
	assert_int_equal(api_login("t.victim2", PASSWORD, &s, &status), 0);
}

/*
 * The current password asked for to change one's password is a guess at
 * the account's password like a sign-in: counted by the same throttle
 * (against the account and the address), and refused the same way once
 * locked, the right password too, for the page and for signing in.
 */
static void
test_password_throttle(void **state)
{
	static const char wrong[] = "{\"current\":\"not the password\","
		"\"password\":\"another password\",\"confirm\":\"another password\"}";
	static const char right[] = "{\"current\":\"" PASSWORD "\","
		"\"password\":\"another password\",\"confirm\":\"another password\"}";
	struct session s, other;
	struct http h;
	int status = 0;

	(void)state;
	fake_now += 16 * 60;
	login_as("t.victim", &s);
	for (int i = 0; i < 5; i++) {
		api_post(&s, "/api/v1/account/password", wrong, &h);
		expect_status(&h, 400, "wrong current password");
		http_release(&h);
	}
	/* locked: the right current password is not even checked */
	api_post(&s, "/api/v1/account/password", right, &h);
	expect_status(&h, 429, "current password after five wrong ones");
	http_release(&h);
	form_post(&s, "/account/password", "current=correct+horse+battery&"
		  "password=another+password&confirm=another+password", &h);
	expect_status(&h, 429, "the page's form, locked");
	assert_true(has(&h, "id=\"current-error\""));
	assert_true(has(&h, "Too many wrong passwords have been tried for this account"));
	assert_false(has(&h, PASSWORD));
	http_release(&h);
	/* the same lockout as signing in */
	assert_int_equal(api_login("t.victim", PASSWORD, &other, &status), -1);
	assert_int_equal(status, 429);
	/* the window passes: the change goes through and the new password
	   signs in */
	fake_now += 16 * 60;
	api_post(&s, "/api/v1/account/password", right, &h);
	expect_status(&h, 200, "change after the window");
	http_release(&h);
	assert_int_equal(api_login("t.victim", "another password", &other, &status), 0);
}

static void
test_session_expiry(void **state)
{
	struct session s;
	struct http h;

	(void)state;
	login_as("s.whitlock", &s);
	fake_now += 29 * 60;
	http_req("GET", "/api/v1/me", s.cookie, NULL, NULL, NULL, &h);
	expect_status(&h, 200, "used within 30 minutes");
	http_release(&h);
	fake_now += 31 * 60;
	http_req("GET", "/api/v1/me", s.cookie, NULL, NULL, NULL, &h);
	expect_status(&h, 401, "idle 31 minutes");
	http_release(&h);

	/* used every 20 minutes, it still ends 12 hours after sign-in */
	login_as("s.whitlock", &s);
	for (int i = 0; i < 40; i++) {
		fake_now += 20 * 60;
		http_req("GET", "/api/v1/me", s.cookie, NULL, NULL, NULL, &h);
		if ((i + 1) * 20 < 12 * 60)
			expect_status(&h, 200, "in use");
		else
			expect_status(&h, 401, "12 hours on");
		http_release(&h);
	}
	/* a made-up token is no session */
	http_req("GET", "/api/v1/me", SESSION_COOKIE "=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
		 NULL, NULL, NULL, &h);
	expect_status(&h, 401, "forged token");
	http_release(&h);
}

/* --- speed: the dashboard from the cache ---------------------------------------------- */

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* A thousand dashboards in a row all answer 200; how fast is printed, never
   asserted (a loaded machine must not fail a test: bench/web/run measures). */
static void
test_dashboard_speed(void **state)
{
	enum { N = 1000 };
	double *ms = xcalloc(N, sizeof(double));
	struct timespec t0, t1, a, b;
	struct session s;
	double total;

	(void)state;
	login_as("s.whitlock", &s);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int i = 0; i < N; i++) {
		struct http h;

		clock_gettime(CLOCK_MONOTONIC, &a);
		http_req("GET", "/dashboard", s.cookie, NULL, NULL, NULL, &h);
		clock_gettime(CLOCK_MONOTONIC, &b);
		if (h.status != 200)
			fail_msg("dashboard: %d", h.status);
		http_release(&h);
		ms[i] = (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	total = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	qsort(ms, N, sizeof(double), cmp_double);
	print_message("# dashboard, one client, one connection per request: %d requests in %.2f s "
		      "= %.0f/s; p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
		      N, total, N / total, ms[N / 2], ms[N * 99 / 100], ms[N - 1]);
	free(ms);
}

/*
 * Load: LOAD_CLIENTS threads, each on one kept-alive connection, asking
 * for the dashboard as fast as answers come for LOAD_SECONDS; figures
 * are printed (requests per second, median and 99th percentile).
 */
#define LOAD_CLIENTS 8
#define LOAD_SECONDS 2

struct loader {
	const char *cookie;
	double *ms;
	size_t n, alloc;
	int errors;
};

/* Read one response (headers, then Content-Length bytes) from fd. */
static int
read_one(int fd, struct strbuf *buf)
{
	char tmp[65536];
	char *end;
	long len = -1;
	int status;

	strbuf_reset(buf);
	for (;;) {
		ssize_t n;

		end = strstr(buf->buf, "\r\n\r\n");
		if (end) {
			const char *cl = strstr(buf->buf, "Content-Length: ");

			if (cl && cl < end)
				len = atol(cl + 16);
			if (len >= 0 && buf->len >= (size_t)(end + 4 - buf->buf) + (size_t)len)
				break;
		}
		n = recv(fd, tmp, sizeof(tmp), 0);
		if (n <= 0)
			return -1;
		strbuf_add(buf, tmp, (size_t)n);
	}
	status = atoi(buf->buf + 9);
	return status;
}

static void *
load_thread(void *arg)
{
	struct loader *l = arg;
	struct strbuf rq = STRBUF_INIT, rs = STRBUF_INIT;
	struct timespec start, a, b;
	int fd = dial();

	strbuf_addf(&rq, "GET /dashboard HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: %s\r\n\r\n", l->cookie);
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &a);
		if (a.tv_sec - start.tv_sec >= LOAD_SECONDS)
			break;
		send_all(fd, rq.buf, rq.len);
		if (read_one(fd, &rs) != 200) {
			l->errors++;
			close(fd);
			fd = dial();
			continue;
		}
		clock_gettime(CLOCK_MONOTONIC, &b);
		ALLOC_GROW(l->ms, l->n + 1, l->alloc);
		l->ms[l->n++] = (double)(b.tv_sec - a.tv_sec) * 1e3 +
				(double)(b.tv_nsec - a.tv_nsec) / 1e6;
	}
	close(fd);
	strbuf_release(&rq);
	strbuf_release(&rs);
	return NULL;
}

static void
test_dashboard_load(void **state)
{
	struct loader l[LOAD_CLIENTS];
	pthread_t t[LOAD_CLIENTS];
	struct session s;
	double *all = NULL;
	size_t n = 0, alloc = 0;
	int errors = 0;

	(void)state;
	login_as("s.whitlock", &s);
	memset(l, 0, sizeof(l));
	for (int i = 0; i < LOAD_CLIENTS; i++) {
		l[i].cookie = s.cookie;
		assert_int_equal(pthread_create(&t[i], NULL, load_thread, &l[i]), 0);
	}
	for (int i = 0; i < LOAD_CLIENTS; i++) {
		pthread_join(t[i], NULL);
		for (size_t j = 0; j < l[i].n; j++) {
			ALLOC_GROW(all, n + 1, alloc);
			all[n++] = l[i].ms[j];
		}
		errors += l[i].errors;
		free(l[i].ms);
	}
	assert_int_equal(errors, 0);
	assert_true(n > 0);
	qsort(all, n, sizeof(double), cmp_double);
	print_message("# dashboard under load, %d kept-alive clients for %d s: %zu requests = %.0f/s; "
		      "p50 %.2f ms, p99 %.2f ms, max %.2f ms\n", LOAD_CLIENTS, LOAD_SECONDS, n,
		      (double)n / LOAD_SECONDS, all[n / 2], all[n * 99 / 100], all[n - 1]);
	free(all);
}

/* --- the command: folio serve starts and stops on SIGTERM ------------------------------ */

static int run_folio(const char *input, char *out, size_t outsize, char *const args[]);

/* The whole of a file as a string (the caller frees it), or NULL. */
static char *
read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	size_t n;

	if (f == NULL)
		return NULL;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(f);
	return strbuf_detach(&sb, NULL);
}

static void
test_serve_command(void **state)
{
	const char *bin = getenv("FOLIO_BIN");
	int out[2], wstatus = 0;
	pid_t pid;
	char line[256] = "";
	FILE *f;
	unsigned p = 0;
	struct http h;
	struct session s;
	unsigned saved = port;
	char msg[2048], logpath[600], *log, *l;
	const char *token;

	(void)state;
	if (bin == NULL)
		skip();
	snprintf(logpath, sizeof(logpath), "%s.log", dbpath);
	/* a port out of range is said to be the port's fault */
	{
		char *const args[] = { (char *)bin, "--db", dbpath, "serve", "--listen",
				       "127.0.0.1:99999", NULL };

		assert_int_not_equal(run_folio(NULL, msg, sizeof(msg), args), 0);
		if (strstr(msg, "the port must be 1 to 65535") == NULL || strstr(msg, "numeric address"))
			fail_msg("--listen 127.0.0.1:99999 said: %s", msg);
	}
	assert_int_equal(pipe(out), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(out[1], STDOUT_FILENO);
		close(out[0]);
		execl(bin, bin, "--db", dbpath, "serve", "--listen", "127.0.0.1:0",
		      "--log", logpath, (char *)NULL);
		_exit(127);
	}
	close(out[1]);
	f = fdopen(out[0], "r");
	if (fgets(line, sizeof(line), f) == NULL)
		fail_msg("folio serve printed nothing");
	assert_non_null(strstr(line, "http://127.0.0.1:"));
	p = (unsigned)atoi(strstr(line, "127.0.0.1:") + 10);
	port = p;
	http_req("GET", "/login", NULL, NULL, NULL, NULL, &h);
	expect_status(&h, 200, "folio serve answers");
	http_release(&h);
	/* the dashboard draws its charts (text: fontconfig) */
	login_as("s.whitlock", &s);
	http_req("GET", "/dashboard", s.cookie, NULL, NULL, NULL, &h);
	port = saved;
	expect_status(&h, 200, "folio serve's dashboard");
	assert_true(has(&h, "<svg"));
	http_release(&h);
	/* a path that decodes to a newline and a forged line, and a
	   terminal escape: the log keeps one line per request */
	port = p;
	http_req("GET", "/x%0A10.0.0.9%20POST%20/admin/users%20303%2015%201.00ms%20p.natarajan%1B[31m",
		 NULL, NULL, NULL, NULL, &h);
	port = saved;
	expect_status(&h, 404, "a forged log line");
	http_release(&h);
	kill(pid, SIGTERM);
	assert_int_equal(waitpid(pid, &wstatus, 0), pid);
	assert_true(WIFEXITED(wstatus));
	assert_int_equal(WEXITSTATUS(wstatus), 0);
	fclose(f);
	log = read_file(logpath);
	assert_non_null(log);
	unlink(logpath);
	/* every line is a request from the test's address (or a message of
	   libmicrohttpd's); no escape */
	for (l = log; *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : l + strlen(l))
		if (strncmp(l, "127.0.0.1 ", 10) != 0 && strncmp(l, "microhttpd: ", 12) != 0)
			fail_msg("a log line not written by folio: %.80s", l);
	assert_null(strchr(log, '\033'));
	/* libmicrohttpd's logger is its first option, as it asks */
	assert_null(strstr(log, "is not the first option"));
	assert_non_null(strstr(log, "GET /x\\x0a10.0.0.9\\x20POST"));
	/* no secret reaches the log: the password, the session's token, its
	   CSRF token */
	token = strchr(s.cookie, '=') ? strchr(s.cookie, '=') + 1 : s.cookie;
	assert_null(strstr(log, PASSWORD));
	assert_null(strstr(log, token));
	assert_null(strstr(log, s.csrf));
	free(log);
}

/* Run folio with args, stdin from `input` (may be NULL); its exit status. */
static int
run_folio(const char *input, char *out, size_t outsize, char *const args[])
{
	int in[2], o[2], wstatus = 0;
	pid_t pid;
	ssize_t n;
	size_t got = 0;

	assert_int_equal(pipe(in), 0);
	assert_int_equal(pipe(o), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(in[0], STDIN_FILENO);
		dup2(o[1], STDOUT_FILENO);
		dup2(o[1], STDERR_FILENO);
		close(in[1]);
		close(o[0]);
		setenv("FOLIO_TEST_FAST_HASH", "1", 1);
		execv(args[0], args);
		_exit(127);
	}
	close(in[0]);
	close(o[1]);
	if (input && write(in[1], input, strlen(input)) != (ssize_t)strlen(input))
		fail_msg("cannot write to folio");
	close(in[1]);
	while (got + 1 < outsize && (n = read(o[0], out + got, outsize - got - 1)) > 0)
		got += (size_t)n;
	out[got] = '\0';
	close(o[0]);
	assert_int_equal(waitpid(pid, &wstatus, 0), pid);
	return WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1;
}

static void
test_user_command(void **state)
{
	const char *bin = getenv("FOLIO_BIN");
	char out[4096], other[600];
	struct session s;
	struct store *st = NULL;
	struct error err = ERROR_INIT;
	struct dataset ds;
	struct organisation *org;
	struct user *u;
	int fd;

	(void)state;
	if (bin == NULL)
		skip();
	{
		char *args[] = { (char *)bin, "--db", dbpath, "user", "passwd", "t.victim",
				 "--password-stdin", NULL };

		assert_int_equal(run_folio("a brand new secret\n", out, sizeof(out), args), 0);
		assert_non_null(strstr(out, "Password set for t.victim."));
	}
	assert_int_equal(api_login("t.victim", "a brand new secret", &s, NULL), 0);
	{
		char *args[] = { (char *)bin, "--db", dbpath, "user", "passwd", "t.victim",
				 "--password-stdin", NULL };

		assert_int_equal(run_folio("short\n", out, sizeof(out), args), 1);
		assert_non_null(strstr(out, "10 to 256 characters"));
	}
	{
		char *args[] = { (char *)bin, "--db", dbpath, "user", "demo-passwords", NULL };

		assert_int_equal(run_folio(NULL, out, sizeof(out), args), 0);
		assert_non_null(strstr(out, "g.okafor"));
		assert_non_null(strstr(out, "demo-portfolio_office"));
		assert_null(strstr(out, "t.gone"));	/* inactive: no password given */
	}
	assert_int_equal(api_login("g.okafor", "demo-portfolio_office", &s, NULL), 0);

	/* another organisation is refused */
	snprintf(other, sizeof(other), "%s-other", dbpath);
	fd = open(other, O_CREAT | O_WRONLY | O_TRUNC, 0600);
	assert_true(fd >= 0);
	close(fd);
	dataset_init(&ds);
	org = dataset_add(&ds, K_ORGANISATION);
	org->code = "TST";
	org->name = "Test Constabulary";
	u = dataset_add(&ds, K_USER);
	u->username = "someone";
	u->name = "Someone";
	u->role = "viewer";
	u->clearance = "OFFICIAL";
	u->active = 1;
	if (store_open(&st, other, &err) < 0 || store_create_org(st, &ds, &err) < 0)
		fail_msg("other: %s", err.msg);
	store_close(st);
	dataset_release(&ds);
	{
		char *args[] = { (char *)bin, "--db", other, "user", "demo-passwords", NULL };

		assert_int_equal(run_folio(NULL, out, sizeof(out), args), 1);
		assert_non_null(strstr(out, "only for the demo portfolio"));
	}
	unlink(other);
	snprintf(out, sizeof(out), "%s-wal", other);
	unlink(out);
	snprintf(out, sizeof(out), "%s-shm", other);
	unlink(out);
}

/*
 * Robustness: requests made up from a fixed seed (paths of every route
 * with odd segments, escapes, NUL bytes and bad UTF-8 in queries and
 * bodies, wrong content types, other sessions' tokens). The server must
 * answer each with a client error or success, never 500, and stay up.
 */
static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint32_t
rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 16);
}

static void
rnd_text(struct strbuf *sb, int maxlen, int url)
{
	static const char *const bits[] = {
		"%00", "%FF", "%C3%28", "%2F", "..", "/", "%", "%%", "+", "&", "=", "<script>",
		"'", "\"", "\\", "SLP", "OR", "2018-04", "2018-13", "PR3", "\xff", "\xc3", "é",
		"%E2%82%AC", "csrf", "a", "-", "_", ".", "0", "99999999999999999999",
	};
	int n = (int)(rnd() % (unsigned)maxlen);

	for (int i = 0; i < n; i++) {
		const char *b = bits[rnd() % (sizeof(bits) / sizeof(bits[0]))];

		if (url && (unsigned char)b[0] >= 0x80)
			continue;	/* raw high bytes only in bodies */
		strbuf_addstr(sb, b);
	}
}

static void
test_fuzz(void **state)
{
	static const char *const methods[] = { "GET", "POST", "HEAD", "PUT", "OPTIONS" };
	static const char *const types[] = {
		NULL, "application/json", "application/x-www-form-urlencoded",
		"multipart/form-data; boundary=zz", "text/plain", "application/json; charset=utf-8",
	};
	struct session pm, pmo;
	int counts[600];
	int bad = 0;

	(void)state;
	memset(counts, 0, sizeof(counts));
	/* test_user_command gave the demo users their demo passwords */
	assert_int_equal(api_login("h.delaney", "demo-programme_manager", &pm, NULL), 0);
	assert_int_equal(api_login("g.okafor", "demo-portfolio_office", &pmo, NULL), 0);
	for (int i = 0; i < 1500; i++) {
		struct strbuf path = STRBUF_INIT, body = STRBUF_INIT, extra = STRBUF_INIT;
		const struct route *rt = &web_routes[rnd() % web_nroutes];
		const char *method = methods[rnd() % 5 == 0 ? rnd() % 5 : (strcmp(rt->method, "POST") == 0 ? 1 : 0)];
		const char *type = types[rnd() % (sizeof(types) / sizeof(types[0]))];
		const struct session *who = rnd() % 3 == 0 ? &pmo : &pm;
		struct http h;

		if (rnd() % 2)
			strbuf_addstr(&path, "/api/v1");
		for (const char *p = rt->pattern; *p;) {
			size_t n = strcspn(p + 1, "/") + 1;

			if (p[1] == ':')
				strbuf_addch(&path, '/'), rnd_text(&path, 4, 1);
			else
				strbuf_add(&path, p, n);
			p += n;
		}
		if (path.len == 0 || path.buf[path.len - 1] == '/')
			strbuf_addch(&path, 'x');
		if (rnd() % 2) {
			strbuf_addch(&path, '?');
			rnd_text(&path, 12, 1);
		}
		for (size_t j = 0; j < path.len; j++)
			if (path.buf[j] == ' ' || path.buf[j] == '"' || path.buf[j] == '\\')
				path.buf[j] = '_';
		if (strcmp(method, "POST") == 0) {
			if (type && strncmp(type, "application/json", 16) == 0 && rnd() % 2) {
				strbuf_addstr(&body, "{\"action\":\"save\",\"headline\":\"");
				rnd_text(&body, 20, 0);
				strbuf_addstr(&body, "\",\"dca\":\"Amber\"}");
			} else {
				if (type && strcmp(type, "application/x-www-form-urlencoded") == 0 &&
				    rnd() % 2)
					strbuf_addf(&body, "csrf=%s&action=%s&", who->csrf,
						    rnd() % 2 ? "save" : "submit");
				rnd_text(&body, 40, 0);
			}
			if (rnd() % 2)
				strbuf_addf(&extra, "X-CSRF-Token: %s\r\n", who->csrf);
		}
		http_req(method, path.buf, rnd() % 8 ? who->cookie : NULL, type,
			 strcmp(method, "POST") == 0 ? body.buf : NULL, extra.len ? extra.buf : NULL, &h);
		if (h.status >= 500 && h.status != 505) {
			print_message("# %s %s -> %d: %.200s\n", method, path.buf, h.status, h.body.buf);
			bad++;
		}
		if (h.status >= 0 && h.status < 600)
			counts[h.status]++;
		http_release(&h);
		strbuf_release(&path);
		strbuf_release(&body);
		strbuf_release(&extra);
	}
	print_message("# 1500 made-up requests: 200 %d, 303 %d, 400 %d, 401 %d, 403 %d, 404 %d, 405 %d, "
		      "409 %d, 415 %d, 429 %d, other %d\n", counts[200], counts[303], counts[400],
		      counts[401], counts[403], counts[404], counts[405], counts[409], counts[415],
		      counts[429], 1500 - counts[200] - counts[303] - counts[400] - counts[401] -
		      counts[403] - counts[404] - counts[405] - counts[409] - counts[415] - counts[429]);
	assert_int_equal(bad, 0);
	{
		struct http h;

		http_req("GET", "/login", NULL, NULL, NULL, NULL, &h);
		expect_status(&h, 200, "still up");
		http_release(&h);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_template_engine),
		cmocka_unit_test(test_filter_dataset),
		cmocka_unit_test(test_filter_published_risk),
		cmocka_unit_test(test_security_headers),
		cmocka_unit_test(test_pages_accessible),
		cmocka_unit_test(test_page_login),
		cmocka_unit_test(test_authz_matrix),
		cmocka_unit_test(test_routes_covered),
		cmocka_unit_test(test_csrf),
		cmocka_unit_test(test_sensitive_hidden),
		cmocka_unit_test(test_schedule_confidence),
		cmocka_unit_test(test_impact_page),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_slow_client),
		cmocka_unit_test(test_inline_charts),
		cmocka_unit_test(test_xss_escaped),
		cmocka_unit_test(test_sql_literal),
		cmocka_unit_test(test_form_messages),
		cmocka_unit_test(test_query_errors),
		cmocka_unit_test(test_board_as_at),
		cmocka_unit_test(test_link_text),
		cmocka_unit_test(test_readable_times),
		cmocka_unit_test(test_enum_words),
		cmocka_unit_test(test_cycle),
		cmocka_unit_test(test_published_as_at),
		cmocka_unit_test(test_return_file),
		cmocka_unit_test(test_risk_accept),
		cmocka_unit_test(test_change_request),
		cmocka_unit_test(test_users_admin),
		cmocka_unit_test(test_dashboard_speed),
		cmocka_unit_test(test_dashboard_load),
		cmocka_unit_test(test_throttle),
		cmocka_unit_test(test_password_throttle),
		cmocka_unit_test(test_password_ends_sessions),
		cmocka_unit_test(test_session_expiry),
		cmocka_unit_test(test_serve_command),
		cmocka_unit_test(test_user_command),
		cmocka_unit_test(test_fuzz),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
