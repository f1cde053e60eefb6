/*
 * session.c - signing in and out, sessions, CSRF tokens and sign-in
 * throttling.
 *
 * Passwords are hashed with Argon2id (libsodium crypto_pwhash_str) and
 * kept by the store (store_credential_*). A session is a random 32-byte
 * token in an HttpOnly, SameSite=Strict cookie; the store keeps only the
 * token's SHA-256, so a copy of the database opens no session. Sessions
 * end after idle_minutes without use and absolute_hours after sign-in.
 * Each session has its own CSRF token, which every form carries in a
 * hidden field and API clients send as X-CSRF-Token.
 *
 * Throttling: each failed sign-in, and each wrong current password
 * given to change one's password, is counted in the store against the
 * username and against the client address (store_login_failure); at
 * login_limit failures within login_window seconds that key is refused
 * (429) until the window has passed, without checking the password, so a
 * right guess cannot be told from a wrong one. Refusals are remembered in
 * memory so the check costs no database write.
 */
#include "web/web-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>
#include <sodium.h>

#include "core/xmalloc.h"
#include "model/schema.h"
#include "store/store.h"

#define TOKEN_BYTES 32
/* base64url without padding of 32 bytes */
#define TOKEN_CHARS 43
/* Touch a session's last use at most this often (a write each time). */
#define TOUCH_EVERY 60

struct throttle {
	char *key;
	int64_t until;
};

int
web_password_hash(const char *password, int fast, char **hash,
		  struct error *err)
{
	char out[crypto_pwhash_STRBYTES];
	size_t len = password ? strlen(password) : 0;
	unsigned long long ops = fast ? crypto_pwhash_OPSLIMIT_MIN
				      : crypto_pwhash_OPSLIMIT_INTERACTIVE;
	size_t mem = fast ? crypto_pwhash_MEMLIMIT_MIN
			  : crypto_pwhash_MEMLIMIT_INTERACTIVE;

	if (len < WEB_PASSWORD_MIN || len > WEB_PASSWORD_MAX)
		return error_set(err, ERR_INPUT,
				 "A password must be %d to %d characters long",
				 WEB_PASSWORD_MIN, WEB_PASSWORD_MAX);
	if (sodium_init() < 0 ||
	    crypto_pwhash_str(out, password, len, ops, mem) != 0)
		return error_set(err, ERR_INTERNAL, "cannot hash the password (out of memory?)");
	*hash = xstrdup(out);
	return 0;
}

static char *
random_token(void)
{
	unsigned char bytes[TOKEN_BYTES];
	char out[sodium_base64_ENCODED_LEN(TOKEN_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

	randombytes_buf(bytes, sizeof(bytes));
	sodium_bin2base64(out, sizeof(out), bytes, sizeof(bytes),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(bytes, sizeof(bytes));
	return xstrdup(out);
}

/* Hex SHA-256 of the token: the session's key in the store. */
static char *
token_hash(const char *token)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	char hex[crypto_hash_sha256_BYTES * 2 + 1];

	crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	return xstrdup(hex);
}

static int
token_well_formed(const char *t)
{
	size_t n = 0;

	for (; t[n]; n++) {
		char c = t[n];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return 0;
	}
	return n == TOKEN_CHARS;
}

void
req_cookie(struct req *r, const char *name, const char *value, int max_age)
{
	char age[32] = "";

	if (r->ncookies >= sizeof(r->set_cookie) / sizeof(r->set_cookie[0]))
		return;
	if (max_age >= 0)
		snprintf(age, sizeof(age), "; Max-Age=%d", max_age);
	r->set_cookie[r->ncookies++] =
		xasprintf("%s=%s; Path=/; HttpOnly; SameSite=Strict%s%s", name, value,
			  r->w->cfg.secure_cookies ? "; Secure" : "", age);
}

const char *
req_cookie_value(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

int
session_csrf_ok(const struct req *r, const char *token)
{
	size_t n;

	if (r->who == NULL || r->who->csrf == NULL || token == NULL)
		return 0;
	n = strlen(r->who->csrf);
	return strlen(token) == n &&
	       sodium_memcmp(token, r->who->csrf, n) == 0;
}

int
who_fill(struct who *who, const struct dataset *ds, struct error *err)
{
	const struct user *u = dataset_find(ds, K_USER, who->username);
	int role, clearance;

	if (u == NULL || !u->active)
		return error_set(err, ERR_DENIED, "no active user \"%s\"", who->username);
	role = role_parse(u->role);
	clearance = u->clearance ? enum_index(marking_values, u->clearance) : 0;
	if (role < 0 || clearance < 0)
		return error_set(err, ERR_DENIED, "user \"%s\" has no usable role", who->username);
	who->role = (enum role)role;
	who->clearance = clearance;
	free(who->name);
	who->name = xstrdup(u->name ? u->name : u->username);
	DS_FOREACH(ds, K_USER_SCOPE, struct user_scope, s) {
		if (strcmp(s->user, who->username) != 0)
			continue;
		who->scope = xreallocarray(who->scope, who->nscope + 1, sizeof(*who->scope));
		who->scope[who->nscope++] = xstrdup(s->programme);
	}
	return 0;
}

/* --- throttling ----------------------------------------------------------- */

static int
throttled(struct web *w, const char *key, int64_t now)
{
	int found = 0;

	pthread_mutex_lock(&w->throttle_lock);
	for (size_t i = 0; i < w->nthrottle;) {
		if (w->throttle[i].until <= now) {
			free(w->throttle[i].key);
			w->throttle[i] = w->throttle[--w->nthrottle];
			continue;
		}
		if (strcmp(w->throttle[i].key, key) == 0)
			found = 1;
		i++;
	}
	pthread_mutex_unlock(&w->throttle_lock);
	return found;
}

static void
throttle_add(struct web *w, const char *key, int64_t until)
{
	pthread_mutex_lock(&w->throttle_lock);
	ALLOC_GROW(w->throttle, w->nthrottle + 1, w->alloc_throttle);
	w->throttle[w->nthrottle].key = xstrdup(key);
	w->throttle[w->nthrottle].until = until;
	w->nthrottle++;
	pthread_mutex_unlock(&w->throttle_lock);
}

void
throttle_free(struct web *w)
{
	for (size_t i = 0; i < w->nthrottle; i++)
		free(w->throttle[i].key);
	free(w->throttle);
	w->throttle = NULL;
	w->nthrottle = w->alloc_throttle = 0;
}

/* Count a failure against key; refuse it from now on at the limit. */
static int
count_failure(struct req *r, const char *key, struct error *err)
{
	int count = 0;

	if (store_login_failure(r->st, key, r->now, r->w->cfg.login_window, &count,
				err) < 0)
		return -1;
	if (count >= r->w->cfg.login_limit)
		throttle_add(r->w, key, r->now + r->w->cfg.login_window);
	return 0;
}

/* --- sessions ----------------------------------------------------------- */

int
session_resolve(struct req *r, struct who **out, struct error *err)
{
	const char *token = req_cookie_value(r, SESSION_COOKIE);
	struct store_session s;
	struct who *who = NULL;
	char *hash = NULL;
	int found = 0, ret = -1;
	int64_t idle = (int64_t)r->w->cfg.idle_minutes * 60;

	*out = NULL;
	memset(&s, 0, sizeof(s));
	if (token == NULL || !token_well_formed(token))
		return 0;
	hash = token_hash(token);
	if (store_session_get(r->st, hash, &s, &found, err) < 0)
		goto out;
	ret = 0;
	if (!found)
		goto out;
	if (strcmp(s.org, r->w->org) != 0 || r->now >= s.expires ||
	    r->now - s.last_seen >= idle) {
		/* expired: forget it; the user signs in again */
		if (store_session_delete(r->st, hash, err) < 0)
			ret = -1;
		req_cookie(r, SESSION_COOKIE, "", 0);
		goto out;
	}
	who = xcalloc(1, sizeof(*who));
	who->org = xstrdup(s.org);
	who->username = xstrdup(s.username);
	who->csrf = xstrdup(s.csrf);
	who->token_hash = hash;
	hash = NULL;
	if (r->now - s.last_seen >= TOUCH_EVERY &&
	    store_session_touch(r->st, who->token_hash, r->now, err) < 0) {
		ret = -1;
		goto out;
	}
	*out = who;
	who = NULL;
out:
	who_free(who);
	free(hash);
	store_session_release(&s);
	return ret;
}

/*
 * Check username's password under the sign-in throttle, the one policy
 * for every place a password is typed (signing in, and the current
 * password asked for to change it): when username's key or the client
 * address's is refused, *refused is set and the password is not checked;
 * else a wrong password is counted against both keys (store_login_failure,
 * the record of failed sign-ins) and a right one forgets username's
 * failures. Returns 0 with *ok set, or -1 on a store error. The password
 * itself is never kept or written anywhere.
 */
static int
check_throttled(struct req *r, const char *username, const char *password,
		int *refused, int *ok, struct error *err)
{
	struct web *w = r->w;
	const struct user *u;
	char *stored = NULL, *ukey, *akey;
	struct error e2 = ERROR_INIT;
	int ret = -1;

	*refused = 0;
	*ok = 0;
	ukey = xasprintf("user:%s/%s", w->org, username);
	akey = xasprintf("addr:%s", r->client);
	if (throttled(w, ukey, r->now) || throttled(w, akey, r->now)) {
		*refused = 1;
		ret = 0;
		goto out;
	}
	u = dataset_find(cache_full(r->ce), K_USER, username);
	if (u && u->active &&
	    store_credential_get(r->st, w->org, username, &stored, &e2) < 0 &&
	    e2.code != ERR_NOTFOUND) {
		*err = e2;
		goto out;
	}
	/* Check a hash even when there is none, so timing does not tell
	   which usernames exist. */
	*ok = crypto_pwhash_str_verify(stored ? stored : w->dummy_hash, password,
				       strlen(password)) == 0 && stored != NULL;
	if (!*ok) {
		if (count_failure(r, ukey, err) < 0 || count_failure(r, akey, err) < 0)
			goto out;
	} else if (store_login_reset(r->st, ukey, err) < 0) {
		goto out;
	}
	ret = 0;
out:
	free(stored);
	free(ukey);
	free(akey);
	return ret;
}

/* The message of a refusal, in minutes of the window. */
static int
wait_minutes(const struct web *w)
{
	return (w->cfg.login_window + 59) / 60;
}

int
session_login(struct req *r, const char *username, const char *password,
	      int *refused, char **csrf, struct error *err)
{
	struct web *w = r->w;
	char *token = NULL;
	struct store_session s;
	int ok, ret = -1;

	if (check_throttled(r, username, password, refused, &ok, err) < 0)
		goto out;
	if (*refused) {
		error_set(err, ERR_DENIED,
			  "Too many failed sign-ins. Wait %d minutes and try again.",
			  wait_minutes(w));
		goto out;
	}
	if (!ok) {
		error_set(err, ERR_DENIED, "The username or password is not right.");
		goto out;
	}
	token = random_token();
	memset(&s, 0, sizeof(s));
	s.token_hash = token_hash(token);
	s.org = w->org;
	s.username = (char *)username;
	s.csrf = random_token();
	s.created = r->now;
	s.last_seen = r->now;
	s.expires = r->now + (int64_t)w->cfg.absolute_hours * 3600;
	ret = store_session_purge(r->st, r->now, r->now - (int64_t)w->cfg.idle_minutes * 60, err);
	if (ret == 0)
		ret = store_session_put(r->st, &s, err);
	free(s.token_hash);
	if (ret == 0) {
		req_cookie(r, SESSION_COOKIE, token, -1);
		*csrf = s.csrf;
		s.csrf = NULL;
	}
	free(s.csrf);
out:
	if (token)
		sodium_memzero(token, strlen(token));
	free(token);
	return ret;
}

int
session_check_password(struct req *r, const char *username, const char *password,
		       int *refused, int *ok, struct error *err)
{
	if (check_throttled(r, username, password, refused, ok, err) < 0)
		return -1;
	if (*refused)
		error_set(err, ERR_DENIED,
			  "Too many wrong passwords have been tried for this account. "
			  "Wait %d minutes and try again.", wait_minutes(r->w));
	return 0;
}

int
session_logout(struct req *r, struct error *err)
{
	int ret = 0;

	if (r->who && r->who->token_hash)
		ret = store_session_delete(r->st, r->who->token_hash, err);
	req_cookie(r, SESSION_COOKIE, "", 0);
	return ret;
}

char *
session_new_token(void)
{
	return random_token();
}
