/*
 * server.c - the HTTP server: libmicrohttpd set up with limits, the
 * request's body gathered under a cap, every response sent with the
 * security headers, and store handles pooled for the worker threads.
 *
 * Limits and what they answer:
 *	method other than GET, HEAD, POST	405 (Allow: GET, HEAD, POST)
 *	request target longer than max_url	414
 *	more than max_headers header lines, or
 *	a header value longer than max_header	431
 *	a body longer than max_body		413 (at once when the
 *	(max_upload for upload routes)		Content-Length says so)
 *	headers beyond conn_memory		431 (libmicrohttpd itself)
 *	a connection idle for timeout seconds	closed
 *	a body still arriving after body_seconds	closed (a client that
 *						trickles a byte now and
 *						then is not idle)
 * Slow clients cost a connection slot each, never a thread: the workers
 * are event-driven (epoll), one per CPU.
 */
#include "web/web-int.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>
#include <sodium.h>

#include "core/xmalloc.h"
#include "store/store.h"
#include "web/html.h"

static const char CSP_PAGE[] =
	"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
	"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
/* A standalone report carries its stylesheet inline and runs nothing. */
static const char CSP_REPORT[] =
	"default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
	"base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
/* cairo's SVG styles its shapes inline; an image runs nothing either. */
static const char CSP_SVG[] =
	"default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

void
web_config_init(struct web_config *c)
{
	memset(c, 0, sizeof(*c));
	c->listen = "127.0.0.1:8080";
	c->max_connections = 1024;
	c->per_ip_connections = 256;
	c->timeout = 15;
	c->body_seconds = 60;
	c->max_body = 64 * 1024;
	c->max_upload = 1024 * 1024;
	c->max_url = 2048;
	c->max_headers = 64;
	c->max_header = 8 * 1024;
	c->conn_memory = 32 * 1024;
	c->idle_minutes = 30;
	c->absolute_hours = 12;
	c->login_limit = 5;
	c->login_window = 15 * 60;
}

int64_t
web_now(const struct web *w)
{
	return w->cfg.clock ? (int64_t)w->cfg.clock() : (int64_t)time(NULL);
}

/* --- store handles -------------------------------------------------------- */

static int
pool_get(struct web *w, struct store **out, struct error *err)
{
	struct store *st = NULL;

	pthread_mutex_lock(&w->pool_lock);
	if (w->npool)
		st = w->pool[--w->npool];
	pthread_mutex_unlock(&w->pool_lock);
	if (st == NULL && store_open(&st, w->db, err) < 0)
		return -1;
	*out = st;
	return 0;
}

static void
pool_put(struct web *w, struct store *st)
{
	if (st == NULL)
		return;
	store_set_actor(st, "web");
	pthread_mutex_lock(&w->pool_lock);
	ALLOC_GROW(w->pool, w->npool + 1, w->alloc_pool);
	w->pool[w->npool++] = st;
	pthread_mutex_unlock(&w->pool_lock);
}

/* --- one connection's request ------------------------------------------------ */

struct conn_state {
	struct req r;
	int too_large;
	struct timespec start;
};

static void
req_release(struct req *r)
{
	for (size_t i = 0; i < r->nparam; i++)
		free(r->param[i]);
	for (size_t i = 0; i < r->nin; i++) {
		free(r->in[i].name);
		free(r->in[i].value);
	}
	free(r->in);
	json_decref(r->errors);
	who_free(r->who);
	if (r->ce)
		cache_put(r->w, r->ce);
	if (r->st)
		pool_put(r->w, r->st);
	free(r->location);
	for (size_t i = 0; i < r->ncookies; i++)
		free(r->set_cookie[i]);
	strbuf_release(&r->body);
}

static void
add_header(struct MHD_Response *resp, const char *name, const char *value)
{
	if (value)
		MHD_add_response_header(resp, name, value);
}

static enum MHD_Result
send_resp(struct MHD_Connection *conn, struct req *r, struct resp *out)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;
	size_t len = 0;
	char *body = strbuf_detach(&out->body, &len);

	resp = MHD_create_response_from_buffer_with_free_callback(len, body, free);
	if (resp == NULL) {
		free(body);
		return MHD_NO;
	}
	add_header(resp, "Content-Type", out->type ? out->type : "text/plain; charset=utf-8");
	add_header(resp, "Content-Security-Policy",
		   out->report_csp ? CSP_REPORT : out->svg_csp ? CSP_SVG : CSP_PAGE);
	add_header(resp, "X-Frame-Options", "DENY");
	add_header(resp, "X-Content-Type-Options", "nosniff");
	add_header(resp, "Referrer-Policy", "same-origin");
	add_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
	add_header(resp, "Cache-Control", out->public_cache ? "public, max-age=3600" : "no-store");
	if (!out->public_cache)
		add_header(resp, "Vary", "Cookie");
	add_header(resp, "Location", out->location);
	add_header(resp, "Content-Disposition", out->disposition);
	if (out->status == MHD_HTTP_METHOD_NOT_ALLOWED)
		add_header(resp, "Allow", "GET, HEAD, POST");
	for (size_t i = 0; r && i < r->ncookies; i++)
		add_header(resp, "Set-Cookie", r->set_cookie[i]);
	if (out->status == 413 || out->status == 431 || out->status == 414)
		add_header(resp, "Connection", "close");
	ret = MHD_queue_response(conn, (unsigned)out->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* A short plain answer for requests refused before routing. */
static enum MHD_Result
refuse(struct MHD_Connection *conn, struct req *r, int status, const char *msg)
{
	struct resp out;

	memset(&out, 0, sizeof(out));
	strbuf_init(&out.body, 0);
	out.status = status;
	strbuf_addstr(&out.body, msg);
	strbuf_addch(&out.body, '\n');
	return send_resp(conn, r, &out);
}

struct header_count {
	unsigned n;
	size_t longest;
	size_t args;	/* bytes of query arguments */
};

static enum MHD_Result
count_header(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct header_count *hc = cls;
	size_t len = value ? strlen(value) : 0;

	(void)kind;
	hc->n++;
	if (len > hc->longest)
		hc->longest = len;
	(void)key;
	return MHD_YES;
}

static enum MHD_Result
count_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct header_count *hc = cls;

	(void)kind;
	hc->args += strlen(key) + (value ? strlen(value) : 0) + 2;
	return MHD_YES;
}

static void
client_address(struct MHD_Connection *conn, char *buf, size_t size)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);

	snprintf(buf, size, "unknown");
	if (ci && ci->client_addr) {
		socklen_t len = ci->client_addr->sa_family == AF_INET6 ?
				sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);

		if (getnameinfo(ci->client_addr, len, buf, (socklen_t)size, NULL, 0,
				NI_NUMERICHOST) != 0)
			snprintf(buf, size, "unknown");
	}
}

/*
 * One field of a log line and the space after it. The path is the client's
 * own text, decoded (%0A is a newline): a byte that is not printable
 * ASCII, a space or a backslash is written \xNN, so no request can end a
 * line and forge the next one, or send the terminal reading the log its
 * escape sequences.
 */
static void
log_field(FILE *f, const char *s)
{
	if (s == NULL || *s == '\0')
		s = "-";
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c <= ' ' || c >= 0x7f || c == '\\')
			fprintf(f, "\\x%02x", c);
		else
			fputc(c, f);
	}
	fputc(' ', f);
}

static void
log_request(struct web *w, struct conn_state *cs, int status, size_t bytes)
{
	struct timespec end;
	double ms;

	if (w->cfg.log == NULL)
		return;
	clock_gettime(CLOCK_MONOTONIC, &end);
	ms = (double)(end.tv_sec - cs->start.tv_sec) * 1e3 +
	     (double)(end.tv_nsec - cs->start.tv_nsec) / 1e6;
	pthread_mutex_lock(&w->log_lock);
	fprintf(w->cfg.log, "%s ", cs->r.client);
	log_field(w->cfg.log, cs->r.method);
	log_field(w->cfg.log, cs->r.url);
	fprintf(w->cfg.log, "%d %zu %.2fms %s\n",
		status, bytes, ms, cs->r.who ? cs->r.who->username : "-");
	fflush(w->cfg.log);
	pthread_mutex_unlock(&w->log_lock);
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *conn, const char *url,
       const char *method, const char *version, const char *upload_data,
       size_t *upload_data_size, void **con_cls)
{
	struct web *w = cls;
	struct conn_state *cs = *con_cls;
	struct resp out;
	struct error err = ERROR_INIT;
	enum MHD_Result ret;
	size_t bytes;

	(void)version;
	if (cs == NULL) {
		struct header_count hc = { 0, 0, 0 };
		const char *cl;

		cs = xcalloc(1, sizeof(*cs));
		clock_gettime(CLOCK_MONOTONIC, &cs->start);
		*con_cls = cs;
		cs->r.w = w;
		cs->r.conn = conn;
		cs->r.method = method;
		cs->r.url = url;
		strbuf_init(&cs->r.body, 0);
		cs->r.body.max = route_body_limit(w, method, url);
		client_address(conn, cs->r.client, sizeof(cs->r.client));
		if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0 &&
		    strcmp(method, "POST") != 0)
			return refuse(conn, NULL, 405, "Method not allowed");
		MHD_get_connection_values(conn, MHD_HEADER_KIND, count_header, &hc);
		if (hc.n > w->cfg.max_headers || hc.longest > w->cfg.max_header)
			return refuse(conn, NULL, 431, "Request header fields too large");
		MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, count_arg, &hc);
		if (strlen(url) + hc.args > w->cfg.max_url)
			return refuse(conn, NULL, 414, "URI too long");
		cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
						 MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl) {
			char *end;
			unsigned long long n = strtoull(cl, &end, 10);

			if (*cl < '0' || *cl > '9' || *end != '\0')
				return refuse(conn, NULL, 400, "Bad Content-Length");
			if (n > cs->r.body.max)
				return refuse(conn, NULL, 413, "Request body too large");
		}
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		struct timespec now;

		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec - cs->start.tv_sec > (time_t)w->cfg.body_seconds)
			return MHD_NO;	/* close it: too slow */
		if (!cs->too_large &&
		    strbuf_add(&cs->r.body, upload_data, *upload_data_size) < 0)
			cs->too_large = 1;
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (cs->too_large)
		return refuse(conn, NULL, 413, "Request body too large");

	memset(&out, 0, sizeof(out));
	strbuf_init(&out.body, 0);
	cs->r.now = web_now(w);
	cs->r.content_type = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
							 MHD_HTTP_HEADER_CONTENT_TYPE);
	if (pool_get(w, &cs->r.st, &err) < 0) {
		out.status = 503;
		strbuf_addstr(&out.body, "The database is not available.\n");
	} else {
		route_request(&cs->r, &out);
	}
	if (out.status == 0)
		out.status = 200;
	bytes = out.body.len;
	log_request(w, cs, out.status, bytes);
	ret = send_resp(conn, &cs->r, &out);
	free(out.location);
	free(out.disposition);
	strbuf_release(&out.body);
	return ret;
}

static void
completed(void *cls, struct MHD_Connection *conn, void **con_cls,
	  enum MHD_RequestTerminationCode toe)
{
	struct conn_state *cs = *con_cls;

	(void)cls;
	(void)conn;
	(void)toe;
	if (cs == NULL)
		return;
	req_release(&cs->r);
	free(cs);
	*con_cls = NULL;
}

static void
mhd_log(void *cls, const char *fmt, va_list ap)
{
	struct web *w = cls;

	if (w->cfg.log == NULL)
		return;
	pthread_mutex_lock(&w->log_lock);
	fputs("microhttpd: ", w->cfg.log);
	vfprintf(w->cfg.log, fmt, ap);
	fflush(w->cfg.log);
	pthread_mutex_unlock(&w->log_lock);
}

/* --- starting and stopping ----------------------------------------------------- */

/* "host:port" or "[v6]:port" into a socket address. */
static int
parse_listen(const char *listen, struct sockaddr_storage *ss, int *v6,
	     struct error *err)
{
	char host[256];
	const char *colon, *port;
	struct addrinfo hints, *res = NULL;
	size_t hl;
	int rc;

	if (listen[0] == '[') {
		const char *close = strchr(listen, ']');

		if (close == NULL || close[1] != ':')
			goto bad;
		hl = (size_t)(close - listen - 1);
		if (hl == 0 || hl >= sizeof(host))
			goto bad;
		memcpy(host, listen + 1, hl);
		port = close + 2;
	} else {
		colon = strrchr(listen, ':');
		if (colon == NULL)
			goto bad;
		hl = (size_t)(colon - listen);
		if (hl == 0 || hl >= sizeof(host))
			goto bad;
		memcpy(host, listen, hl);
		port = colon + 1;
	}
	host[hl] = '\0';
	if (*port == '\0' || strspn(port, "0123456789") != strlen(port) || strlen(port) > 5 ||
	    atoi(port) > 65535)
		return error_set(err, ERR_USAGE,
				 "--listen: the port must be 1 to 65535 (or 0 for any free "
				 "one), not \"%s\"", port);
	memset(&hints, 0, sizeof(hints));
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
	hints.ai_socktype = SOCK_STREAM;
	rc = getaddrinfo(host, port, &hints, &res);
	if (rc != 0 || res == NULL)
		goto bad;
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*v6 = res->ai_family == AF_INET6;
	freeaddrinfo(res);
	return 0;
bad:
	return error_set(err, ERR_USAGE,
			 "--listen wants ADDRESS:PORT with a numeric address "
			 "(127.0.0.1:8080, [::1]:8080), not \"%s\"", listen);
}

static void
web_free(struct web *w)
{
	if (w == NULL)
		return;
	for (size_t i = 0; i < w->npool; i++)
		store_close(w->pool[i]);
	free(w->pool);
	cache_free_all(w);
	throttle_free(w);
	tpl_set_free(w->tpl);
	free(w->dummy_hash);
	free(w->db);
	free(w->org);
	free(w->listen);
	pthread_mutex_destroy(&w->pool_lock);
	pthread_mutex_destroy(&w->cache_lock);
	pthread_mutex_destroy(&w->throttle_lock);
	pthread_mutex_destroy(&w->log_lock);
	free(w);
}

int
web_start(const struct web_config *c, struct web **out, struct error *err)
{
	struct web *w = xcalloc(1, sizeof(*w));
	struct sockaddr_storage ss;
	struct store *st = NULL;
	struct cache_entry *ce = NULL;
	const union MHD_DaemonInfo *info;
	unsigned threads = c->threads;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;
	int v6 = 0;
	long cpus;

	w->cfg = *c;
	w->db = xstrdup(c->db);
	w->org = xstrdup(c->org);
	w->listen = xstrdup(c->listen);
	pthread_mutex_init(&w->pool_lock, NULL);
	pthread_mutex_init(&w->cache_lock, NULL);
	pthread_mutex_init(&w->throttle_lock, NULL);
	pthread_mutex_init(&w->log_lock, NULL);
	if (sodium_init() < 0) {
		error_set(err, ERR_INTERNAL, "libsodium cannot start");
		goto fail;
	}
	if (parse_listen(c->listen, &ss, &v6, err) < 0)
		goto fail;
	if (tpl_set_load(&w->tpl, err) < 0)
		goto fail;
	/* Open the store and load the organisation once now, so a wrong
	   --db or --org fails here and not on the first request. */
	if (store_open(&st, w->db, err) < 0)
		goto fail;
	pool_put(w, st);
	if (cache_get(w, st, &ce, err) < 0)
		goto fail;
	cache_put(w, ce);
	if (web_password_hash("no password matches this one", c->fast_hash,
			      &w->dummy_hash, err) < 0)
		goto fail;
	if (threads == 0) {
		cpus = sysconf(_SC_NPROCESSORS_ONLN);
		threads = cpus > 0 && cpus < 64 ? (unsigned)cpus : 2;
	}
	flags |= MHD_USE_EPOLL;
	if (v6)
		flags |= MHD_USE_IPv6;
	/* the logger first: libmicrohttpd's messages about the options
	   after it go to the log, not to standard error */
	w->daemon = MHD_start_daemon(flags, 0, NULL, NULL, handle, w,
		MHD_OPTION_EXTERNAL_LOGGER, mhd_log, w,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		MHD_OPTION_THREAD_POOL_SIZE, threads,
		MHD_OPTION_CONNECTION_LIMIT, c->max_connections,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, c->per_ip_connections,
		MHD_OPTION_CONNECTION_TIMEOUT, c->timeout,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, c->conn_memory,
		MHD_OPTION_NOTIFY_COMPLETED, completed, w,
		MHD_OPTION_LISTENING_ADDRESS_REUSE, 1,
		MHD_OPTION_STRICT_FOR_CLIENT, 1,
		MHD_OPTION_END);
	if (w->daemon == NULL) {
		error_set(err, ERR_IO, "cannot listen on %s (in use, or not an address of this machine?)",
			  c->listen);
		goto fail;
	}
	info = MHD_get_daemon_info(w->daemon, MHD_DAEMON_INFO_BIND_PORT);
	w->port = info ? info->port : 0;
	*out = w;
	return 0;
fail:
	web_free(w);
	return -1;
}

unsigned
web_port(const struct web *w)
{
	return w->port;
}

void
web_stop(struct web *w)
{
	if (w == NULL)
		return;
	if (w->daemon)
		MHD_stop_daemon(w->daemon);
	web_free(w);
}
