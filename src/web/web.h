/*
 * web.h - folio's web application as the rest of the program sees it:
 * start a server on an address, stop it; hash a password the way the
 * server checks it.
 *
 * The server serves one organisation of one store over HTTP with
 * libmicrohttpd: server-rendered pages that work without JavaScript and
 * a JSON API under /api/v1/ (docs/web.md, docs/api.md). Everything
 * inside is private to src/web/ (web-int.h).
 */
#ifndef FOLIO_WEB_H
#define FOLIO_WEB_H

#include <stddef.h>
#include <stdio.h>

struct error;
struct web;

struct web_config {
	const char *db;		/* store target (store_open) */
	const char *org;	/* the organisation served */
	const char *listen;	/* "127.0.0.1:8080", "[::1]:8080"; port 0 picks one */
	unsigned threads;	/* worker threads; 0: one per CPU */
	unsigned max_connections;	/* open connections at once */
	unsigned per_ip_connections;	/* from one client address; 0: no limit */
	unsigned timeout;	/* seconds a connection may sit idle */
	unsigned body_seconds;	/* seconds a request's body may take to arrive */
	size_t max_body;	/* largest request body accepted */
	size_t max_upload;	/* largest body of an upload route (a return file) */
	size_t max_url;		/* longest request target accepted */
	unsigned max_headers;	/* most request header lines accepted */
	size_t max_header;	/* longest single header value accepted */
	size_t conn_memory;	/* per-connection memory (MHD memory pool) */
	int secure_cookies;	/* mark cookies Secure (serve behind TLS) */
	int idle_minutes;	/* a session ends after this long unused */
	int absolute_hours;	/* and this long after sign-in, regardless */
	int login_limit;	/* failed sign-ins before refusing ... */
	int login_window;	/* ... within this many seconds */
	int fast_hash;		/* tests only: the weakest Argon2id limits */
	FILE *log;		/* one line per request, or NULL */
	long long (*clock)(void); /* tests: Unix seconds now; NULL: time() */
};

/* Defaults: 127.0.0.1:8080, one thread per CPU, 1024 connections, 256 per
 * address, 15 s timeout, bodies in 60 s, 64 KiB bodies (1 MiB uploads), 2 KiB URLs, 64 headers of at most
 * 8 KiB, 32 KiB per connection, sessions 30 minutes idle / 12 hours, 5
 * failed sign-ins in 15 minutes. */
void web_config_init(struct web_config *c);

/*
 * Open the store, check the organisation, compile the templates and
 * start listening. Returns 0 and *out (stop with web_stop()), or -1 with
 * err filled (ERR_USAGE for a malformed address, ERR_NOTFOUND for an
 * unknown organisation, ERR_IO when the address cannot be bound).
 */
int web_start(const struct web_config *c, struct web **out, struct error *err);
/* The port the server listens on (useful after asking for port 0). */
unsigned web_port(const struct web *w);
/* Stop accepting, finish what is running, free everything. */
void web_stop(struct web *w);

/* Passwords must be this long at least, and at most WEB_PASSWORD_MAX. */
#define WEB_PASSWORD_MIN 10
#define WEB_PASSWORD_MAX 256

/*
 * Hash password with Argon2id (libsodium crypto_pwhash_str, interactive
 * limits, or the minimum ones when fast) for store_credential_set().
 * *hash is a heap string the caller frees. ERR_INPUT for a password
 * outside the length limits, ERR_INTERNAL when libsodium fails (out of
 * memory).
 */
int web_password_hash(const char *password, int fast, char **hash,
		      struct error *err);

#endif
