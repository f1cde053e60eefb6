/*
 * pages-admin.c - users and roles administration: list the accounts,
 * add one, change a user's name, role, clearance, scope or whether they
 * may sign in, and set a user's password.
 */
#include "web/web-int.h"
#include "web/pages.h"

#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "model/schema.h"
#include "store/store.h"

static const char *const role_values[] = {
	"administrator", "portfolio_office", "programme_manager",
	"board_member", "viewer", NULL
};

static int
in_scope(const struct dataset *full, const char *user, const char *programme)
{
	DS_FOREACH(full, K_USER_SCOPE, struct user_scope, s)
		if (strcmp(s->user, user) == 0 && strcmp(s->programme, programme) == 0)
			return 1;
	return 0;
}

static json_t *
user_json(struct req *r, const struct dataset *full, const struct user *u)
{
	json_t *o = json_record(K_USER, u), *scope = json_array();
	struct error err = ERROR_INIT;
	char *hash = NULL;
	int has = store_credential_get(r->st, r->w->org, u->username, &hash, &err) == 0;

	free(hash);
	/* programmes the administrator may not see stay unnamed */
	DS_FOREACH(full, K_USER_SCOPE, struct user_scope, s)
		if (strcmp(s->user, u->username) == 0 &&
		    dataset_find(r->ds, K_PROGRAMME, s->programme))
			json_array_append_new(scope, json_string(s->programme));
	json_object_set_new(o, "scope", scope);
	jset_bool(o, "has_password", has);
	return o;
}

/* The programmes the administrator may see, as checkboxes. */
static json_t *
programme_choices(struct req *r, const struct dataset *ds, const struct dataset *full,
		  const char *user)
{
	json_t *a = json_array();

	DS_FOREACH(ds, K_PROGRAMME, struct programme, p) {
		json_t *o = json_object();
		int checked = 0;

		if (r->errors) {
			for (size_t i = 0; i < r->nin; i++)
				if (strcmp(r->in[i].name, "scope") == 0 &&
				    strcmp(r->in[i].value, p->code) == 0)
					checked = 1;
		} else if (user) {
			checked = in_scope(full, user, p->code);
		}
		jset_str(o, "value", p->code);
		jset_str(o, "label", p->name);
		jset_bool(o, "checked", checked);
		json_array_append_new(a, o);
	}
	return a;
}

json_t *
view_users(struct req *r)
{
	const struct dataset *ds = req_data(r);
	const struct dataset *full;
	json_t *v, *a, *f;

	if (ds == NULL)
		return NULL;
	full = cache_full(r->ce);
	v = json_object();
	a = json_array();
	DS_FOREACH(full, K_USER, struct user, u) {
		json_t *o = user_json(r, full, u);

		json_object_set_new(o, "href", json_sprintf("/admin/users/%s", u->username));
		json_array_append_new(a, o);
	}
	json_object_set_new(v, "users", a);
	f = json_object();
	jset_str(f, "username", req_str(r, "username"));
	jset_str(f, "name", req_str(r, "name"));
	jset_str(f, "email", req_str(r, "email"));
	json_object_set_new(f, "roles", enum_options(role_values, req_str(r, "role")));
	json_object_set_new(f, "clearances", enum_options(marking_values, req_str(r, "clearance")));
	json_object_set_new(f, "programmes", programme_choices(r, ds, full, NULL));
	json_object_set_new(v, "form", f);
	return v;
}

json_t *
view_user(struct req *r)
{
	const struct dataset *ds = req_data(r);
	const struct dataset *full;
	const struct user *u;
	json_t *v, *f;
	const char *val;

	if (ds == NULL)
		return NULL;
	full = cache_full(r->ce);
	u = dataset_find(full, K_USER, r->param[0]);
	if (u == NULL) {
		req_fail(r, 404, "There is no user %s.", r->param[0]);
		return NULL;
	}
	v = json_object();
	jset_str(v, "title", u->name);
	json_object_set_new(v, "user", user_json(r, full, u));
	f = json_object();
	val = r->errors ? req_str(r, "name") : u->name;
	jset_str(f, "name", val);
	val = r->errors ? req_str(r, "email") : u->email;
	jset_str(f, "email", val);
	json_object_set_new(f, "roles", enum_options(role_values,
				r->errors && req_str(r, "role") ? req_str(r, "role") : u->role));
	json_object_set_new(f, "clearances", enum_options(marking_values,
				r->errors && req_str(r, "clearance") ? req_str(r, "clearance")
								     : u->clearance));
	jset_bool(f, "active", r->errors ? req_num(r, "active", 0) != 0 : u->active);
	json_object_set_new(f, "programmes", programme_choices(r, ds, full, u->username));
	json_object_set_new(v, "form", f);
	jset_bool(v, "self", strcmp(u->username, r->who->username) == 0);
	return v;
}

/*
 * Make user's scope the programmes given as "scope" inputs, leaving alone
 * programmes the administrator cannot see. Inside the caller's
 * transaction.
 */
static int
set_scope(struct req *r, const struct dataset *ds, const struct dataset *full,
	  const char *user, struct error *err)
{
	/* remove what is no longer wanted */
	DS_FOREACH(full, K_USER_SCOPE, struct user_scope, s) {
		int keep = 0;

		if (strcmp(s->user, user) != 0)
			continue;
		if (dataset_find(ds, K_PROGRAMME, s->programme) == NULL)
			continue;
		for (size_t i = 0; i < r->nin; i++)
			if (strcmp(r->in[i].name, "scope") == 0 &&
			    strcmp(r->in[i].value, s->programme) == 0)
				keep = 1;
		if (!keep && store_delete(r->st, r->w->org, K_USER_SCOPE, s, err) < 0)
			return -1;
	}
	for (size_t i = 0; i < r->nin; i++) {
		struct user_scope ns;

		if (strcmp(r->in[i].name, "scope") != 0 || in_scope(full, user, r->in[i].value))
			continue;
		ns.user = (char *)user;
		ns.programme = r->in[i].value;
		if (store_put(r->st, r->w->org, K_USER_SCOPE, &ns, err) < 0)
			return -1;
	}
	return 0;
}

/* The clearance asked for must be one the administrator may grant
   (authz_may_grant_clearance): 403 beside the field when not. */
static int
check_clearance(struct req *r, const char *had, const char *want)
{
	int h = had ? enum_index(marking_values, had) : -1;
	int w = want ? enum_index(marking_values, want) : -1;

	if (w < 0 || authz_may_grant_clearance(r->who, h, w))
		return 0;
	req_fail(r, 403, "You cannot give a clearance above your own (%s).",
		 marking_values[r->who->clearance]);
	return req_field_error(r, "clearance", "You cannot give a clearance above your own (%s).",
			       marking_values[r->who->clearance]);
}

static int
check_scope_inputs(struct req *r, const struct dataset *ds)
{
	int bad = 0;

	for (size_t i = 0; i < r->nin; i++)
		if (strcmp(r->in[i].name, "scope") == 0 &&
		    dataset_find(ds, K_PROGRAMME, r->in[i].value) == NULL) {
			req_field_error(r, "scope", "There is no programme %s.", r->in[i].value);
			bad = 1;
		}
	return bad ? -1 : 0;
}

/* POST /admin/users: add a user. 400 field errors; 409 username taken. */
int
act_user_create(struct req *r, json_t **result)
{
	const struct dataset *ds = req_data(r);
	const struct dataset *full;
	struct user u;
	struct error err = ERROR_INIT;
	struct store *st;

	if (ds == NULL)
		return -1;
	full = cache_full(r->ce);
	if (dataset_find(full, K_USER, req_str(r, "username")))
		return req_field_error(r, "username", "There is already a user %s.",
				       req_str(r, "username"));
	if (check_scope_inputs(r, ds) < 0 ||
	    check_clearance(r, NULL, req_str(r, "clearance")) < 0)
		return -1;
	record_clear(&u, entity_of(K_USER));
	u.username = (char *)req_str(r, "username");
	u.name = (char *)req_str(r, "name");
	u.email = (char *)req_str(r, "email");
	u.role = (char *)req_str(r, "role");
	u.clearance = (char *)req_str(r, "clearance");
	u.active = r->api && !req_input(r, "active") ? 1 : (int)req_num(r, "active", 0);
	st = req_store(r);
	if (store_begin(st, &err) < 0 || store_put(st, r->w->org, K_USER, &u, &err) < 0 ||
	    set_scope(r, ds, full, u.username, &err) < 0 || store_commit(st, &err) < 0) {
		store_rollback(st);
		return req_fail_err(r, &err);
	}
	r->location = xasprintf("/admin/users/%s?done=created", u.username);
	*result = json_record(K_USER, &u);
	return 0;
}

/*
 * POST /admin/users/:code: change a user. From the page every field is
 * sent (an unticked box is false); from the API only what is sent
 * changes. 404 unknown user; 409 an administrator removing their own
 * administration or sign-in.
 */
int
act_user_update(struct req *r, json_t **result)
{
	const struct dataset *ds = req_data(r);
	const struct dataset *full;
	const struct user *old;
	struct user u;
	struct error err = ERROR_INIT;
	struct store *st;
	int scope_given = 0;

	if (ds == NULL)
		return -1;
	full = cache_full(r->ce);
	old = dataset_find(full, K_USER, r->param[0]);
	if (old == NULL)
		return req_fail(r, 404, "There is no user %s.", r->param[0]);
	if (check_scope_inputs(r, ds) < 0)
		return -1;
	u = *old;
	if (req_str(r, "name"))
		u.name = (char *)req_str(r, "name");
	else if (!r->api)
		return req_field_error(r, "name", "Enter the full name.");
	if (req_str(r, "email") || !r->api)
		u.email = (char *)req_str(r, "email");
	if (req_str(r, "role"))
		u.role = (char *)req_str(r, "role");
	if (req_str(r, "clearance")) {
		if (check_clearance(r, old->clearance, req_str(r, "clearance")) < 0)
			return -1;
		u.clearance = (char *)req_str(r, "clearance");
	}
	if (req_input(r, "active") || !r->api)
		u.active = (int)req_num(r, "active", 0);
	if (strcmp(u.username, r->who->username) == 0 &&
	    (!u.active || strcmp(u.role, "administrator") != 0))
		return req_fail(r, 409, "You cannot remove your own administration or sign-in; "
				"ask another administrator.");
	for (size_t i = 0; i < r->nin; i++)
		if (strcmp(r->in[i].name, "scope") == 0)
			scope_given = 1;
	st = req_store(r);
	if (store_begin(st, &err) < 0 || store_put(st, r->w->org, K_USER, &u, &err) < 0 ||
	    ((scope_given || !r->api) && set_scope(r, ds, full, u.username, &err) < 0) ||
	    store_commit(st, &err) < 0) {
		store_rollback(st);
		return req_fail_err(r, &err);
	}
	r->location = xasprintf("/admin/users/%s?done=updated", u.username);
	*result = json_record(K_USER, &u);
	return 0;
}

/* POST /admin/users/:code/password: set a user's password. 404 unknown
   user; 400 passwords differ or too short. */
int
act_user_password(struct req *r, json_t **result)
{
	const struct dataset *ds = req_data(r);
	const char *password = req_str(r, "password");
	struct error err = ERROR_INIT;
	char *hash = NULL;

	if (ds == NULL)
		return -1;
	if (dataset_find(cache_full(r->ce), K_USER, r->param[0]) == NULL)
		return req_fail(r, 404, "There is no user %s.", r->param[0]);
	if (!authz_may_set_password(r->who, r->param[0]))
		return req_fail(r, 403, "Change your own password on your account page, "
				"which asks for the current one.");
	if (strcmp(password, req_str(r, "confirm")) != 0)
		return req_field_error(r, "confirm", "The two passwords are not the same.");
	if (web_password_hash(password, r->w->cfg.fast_hash, &hash, &err) < 0)
		return req_field_error(r, "password", "%s.", err.msg);
	/* whoever held the old password is signed out */
	if (store_credential_set(req_store(r), r->w->org, r->param[0], hash, &err) < 0 ||
	    store_session_end_user(req_store(r), r->w->org, r->param[0], NULL, &err) < 0) {
		free(hash);
		return req_fail_err(r, &err);
	}
	free(hash);
	r->location = xasprintf("/admin/users/%s?done=password", r->param[0]);
	*result = json_object();
	jset_str(*result, "username", r->param[0]);
	jset_bool(*result, "password_set", 1);
	return 0;
}
