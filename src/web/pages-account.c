/*
 * pages-account.c - signing in and out, the signed-in user as the API
 * sees them (/api/v1/me), and changing one's own password.
 *
 * The sign-in form has no session to carry a CSRF token, so it carries
 * its own: a random value in a short-lived cookie and the same value in a
 * hidden field (double submit), compared in constant time. The API's
 * sign-in (POST /api/v1/session) accepts only a JSON body, which a form
 * on another site cannot send.
 */
#include "web/web-int.h"
#include "web/pages.h"

#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/xmalloc.h"
#include "model/schema.h"
#include "store/store.h"

/* Seconds the sign-in form's token lives. */
#define PRELOGIN_AGE 3600

json_t *
view_login(struct req *r)
{
	json_t *v = json_object();
	const char *have = req_cookie_value(r, PRELOGIN_COOKIE);
	char *token = NULL;

	/* keep the token the browser has, so an open form stays valid */
	if (have && strlen(have) == 43 && strspn(have, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
						 "abcdefghijklmnopqrstuvwxyz0123456789-_") == 43) {
		token = xstrdup(have);
	} else {
		token = session_new_token();
		req_cookie(r, PRELOGIN_COOKIE, token, PRELOGIN_AGE);
	}
	jset_str(v, "login_token", token);
	jset_str(v, "next", req_str(r, "next"));
	jset_str(v, "username_value", req_str(r, "username"));
	free(token);
	return v;
}

/*
 * POST /login, POST /api/v1/session: 303 to the next page (page) or
 * 200 {username, name, role, csrf} (API); 401 wrong username or
 * password; 429 throttled; 403 the form's token does not match; 415 the
 * API given something other than JSON.
 */
int
act_login(struct req *r, json_t **result)
{
	const char *username = req_str(r, "username");
	const char *password = req_str(r, "password");
	const char *next = req_str(r, "next");
	struct error err = ERROR_INIT;
	char *csrf = NULL;
	int refused = 0;

	if (r->api) {
		if (!req_type_is(r, "application/json"))
			return req_fail(r, 415, "Sign in with a JSON body.");
	} else {
		const char *have = req_cookie_value(r, PRELOGIN_COOKIE);
		const char *sent = req_str(r, "csrf");

		if (have == NULL || sent == NULL || strlen(have) != strlen(sent) ||
		    sodium_memcmp(have, sent, strlen(have)) != 0)
			return req_fail(r, 403, "The sign-in form has expired. "
					"Reload the page and try again.");
	}
	if (req_data(r) == NULL)
		return -1;
	if (session_login(r, username, password, &refused, &csrf, &err) < 0) {
		if (refused) {
			req_fail(r, 429, "%s", err.msg);
			return req_field_error(r, "username", "%s", err.msg);
		}
		if (err.code != ERR_DENIED)
			return req_fail_err(r, &err);
		req_fail(r, 401, "%s", err.msg);
		return req_field_error(r, "password", "%s", err.msg);
	}
	if (!r->api)
		req_cookie(r, PRELOGIN_COOKIE, "", 0);
	r->location = xstrdup(next ? next : "/dashboard");
	*result = json_object();
	jset_str(*result, "username", username);
	jset_str(*result, "csrf", csrf);
	free(csrf);
	return 0;
}

/* POST /logout: 303 to the sign-in page; the session is gone. */
int
act_logout(struct req *r, json_t **result)
{
	struct error err = ERROR_INIT;

	if (session_logout(r, &err) < 0)
		return req_fail_err(r, &err);
	r->location = xstrdup("/login?done=signed-out");
	*result = json_object();
	jset_bool(*result, "signed_out", 1);
	return 0;
}

json_t *
view_me(struct req *r)
{
	json_t *v = json_object(), *scope = json_array(), *perms = json_object();
	const struct dataset *ds = req_data(r);

	jset_str(v, "username", r->who->username);
	jset_str(v, "name", r->who->name);
	jset_str(v, "role", role_name(r->who->role));
	jset_str(v, "clearance", marking_values[r->who->clearance]);
	jset_str(v, "organisation", r->w->org);
	/* a programme in scope but above the clearance stays unnamed, as
	   everywhere else */
	for (size_t i = 0; ds && i < r->who->nscope; i++)
		if (dataset_find(ds, K_PROGRAMME, r->who->scope[i]))
			json_array_append_new(scope, json_string(r->who->scope[i]));
	json_object_set_new(v, "scope", scope);
	for (int p = PERM_READ; p < PERM__COUNT; p++)
		jset_bool(perms, perm_name((enum perm)p), authz_allows(r->who, (enum perm)p, NULL));
	json_object_set_new(v, "permissions", perms);
	jset_str(v, "csrf", r->who->csrf);
	return v;
}

json_t *
view_account(struct req *r)
{
	json_t *v = view_me(r);

	json_object_del(v, "csrf");
	return v;
}

/*
 * POST /account/password: change one's own password, given the current
 * one. 400 wrong current password, passwords that differ or are too
 * short; 429 too many wrong current passwords (or failed sign-ins) for
 * the account or from the address: the sign-in throttle, which this
 * check feeds and obeys.
 */
int
act_account_password(struct req *r, json_t **result)
{
	const char *current = req_str(r, "current");
	const char *password = req_str(r, "password");
	struct error err = ERROR_INIT;
	char *hash = NULL;
	int ok = 0, refused = 0;

	if (req_data(r) == NULL)
		return -1;
	if (session_check_password(r, r->who->username, current, &refused, &ok, &err) < 0)
		return req_fail_err(r, &err);
	if (refused) {
		req_fail(r, 429, "%s", err.msg);
		return req_field_error(r, "current", "%s", err.msg);
	}
	if (!ok)
		return req_field_error(r, "current", "The current password is not right.");
	if (strcmp(password, req_str(r, "confirm")) != 0)
		return req_field_error(r, "confirm", "The two new passwords are not the same.");
	if (web_password_hash(password, r->w->cfg.fast_hash, &hash, &err) < 0)
		return req_field_error(r, "password", "%s.", err.msg);
	/* every other session of the account ends: whoever held the old
	   password is signed out; this one, which knew it, stays */
	if (store_credential_set(req_store(r), r->w->org, r->who->username, hash, &err) < 0 ||
	    store_session_end_user(req_store(r), r->w->org, r->who->username,
				   r->who->token_hash, &err) < 0) {
		free(hash);
		return req_fail_err(r, &err);
	}
	free(hash);
	r->location = xstrdup("/account?done=password");
	*result = json_object();
	jset_bool(*result, "changed", 1);
	return 0;
}
