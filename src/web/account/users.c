/*
 * users.c - managing people (/pengguna): list, create, deactivate, grant and
 * revoke roles. An admin manages everyone; a regional office manages the
 * users of its own province or organization and can never grant a role
 * wider than its own (core/policy.c decides).
 */
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "web/app.h"
#include "svc/audit.h"
#include "web/auth.h"
#include "web/form.h"
#include "base/timefmt.h"
#include "core/account.h"
#include "core/region.h"
#include "web/routes.h"

#define PAGE_SIZE	50

static const struct field_spec user_fields[] = {
	{ "full_name", "users.full_name", "text", "off", NULL },
	{ "email", "users.email", "email", "off", NULL },
	{ "nip", "users.nip", "text", "off", "users.nip_hint" },
	{ "phone", "users.phone", "tel", "off", NULL },
	{ "home_province", "users.home_province", "number", "off", "users.home_province_hint" },
	{ "home_organization", "users.home_organization", "number", "off", NULL },
	{ "password", "users.password", "password", "new-password", "account.password_hint" },
	{ NULL, NULL, NULL, NULL, NULL },
};

static const struct field_spec grant_fields[] = {
	{ "scope_id", "users.scope_id", "number", "off", "users.scope_id_hint" },
	{ NULL, NULL, NULL, NULL, NULL },
};

/* Load user id with their grants into ref and check that the caller may do
 * act on them: 404 outside the caller's scope. */
static json_t *
load_user(struct request *req, struct db_conn *c, int64_t id, enum action act,
    struct object_ref *ref, struct err *e)
{
	struct principal holder = { 0 };
	json_t *rows = NULL, *user;

	if (db_exec(c, DB_USER_GET, (struct db_param[]){ DBP_INT(id) }, 1, &rows, e) < 0)
		return NULL;
	if ((user = json_incref(json_array_get(rows, 0))) == NULL) {
		json_decref(rows);
		err_set(e, ERR_NOT_FOUND, "no such user");
		return NULL;
	}
	json_decref(rows);
	if (auth_load_grants(c, &req->arena, id, &holder, e) < 0) {
		json_decref(user);
		return NULL;
	}
	*ref = (struct object_ref){
		.type = OBJ_USER,
		.id = id,
		.at.province = (int)json_integer_value(json_object_get(user, "home_province")),
		.at.organization = json_integer_value(json_object_get(user, "home_organization")),
		.holder_grants = holder.grants,
		.holder_grant_count = holder.grant_count,
	};
	if (app_authorize(req, act, ref, e) < 0) {
		json_decref(user);
		return NULL;
	}
	return user;
}

/* Province and organization filter of the caller's user list: NULLs for a
 * national role, else the first regional grant's place. */
static void
list_scope(const struct principal *p, struct db_param *prov, struct db_param *org)
{
	size_t i;

	*prov = DBP_NULL;
	*org = DBP_NULL;
	for (i = 0; i < p->grant_count; i++)
		if (p->grants[i].role == ROLE_ADMIN)
			return;
	for (i = 0; i < p->grant_count; i++) {
		if (p->grants[i].role != ROLE_REGIONAL)
			continue;
		if (p->grants[i].scope == SCOPE_PROVINCE)
			*prov = DBP_INT(p->grants[i].scope_id);
		else
			*org = DBP_INT(p->grants[i].scope_id);
		return;
	}
	*prov = DBP_INT(-1);	/* no managing grant: match nobody */
}

/* "%text%" lowercased for LIKE ... ESCAPE '\\', with text's own '%', '_' and
 * '\\' matching only themselves; in a, NULL when out of memory. */
static char *
like_pattern(struct arena *a, const char *text)
{
	size_t n = strlen(text), i, o = 0;
	char *out = arena_alloc(a, 2 * n + 3);

	if (out == NULL)
		return NULL;
	out[o++] = '%';
	for (i = 0; i < n; i++) {
		if (text[i] == '%' || text[i] == '_' || text[i] == '\\')
			out[o++] = '\\';
		out[o++] = text[i] >= 'A' && text[i] <= 'Z' ? (char)(text[i] - 'A' + 'a') : text[i];
	}
	out[o++] = '%';
	out[o] = '\0';
	return out;
}

static int
users_list(struct request *req, struct reply *rep, struct err *e)
{
	const struct auth *a = req_auth(req);
	enum lang l = req_lang(req);
	const struct param_value *q = req_param(req, "q");
	int64_t page = req_param(req, "halaman")->present ? req_param(req, "halaman")->i : 1;
	struct db_param prm[5];
	struct db_conn *c;
	json_t *rows = NULL;
	char *like = NULL;

	if ((c = req_db(req, e)) == NULL)
		return -1;
	list_scope(&a->principal, &prm[0], &prm[1]);
	if (q->present && (like = like_pattern(&req->arena, q->text)) == NULL) {
		err_set(e, ERR_TOO_LARGE, "out of memory");
		return -1;
	}
	prm[2] = like ? DBP_TEXT(like) : DBP_NULL;
	prm[3] = DBP_INT(PAGE_SIZE + 1);
	prm[4] = DBP_INT((page - 1) * PAGE_SIZE);
	if (db_exec(c, DB_USER_LIST, prm, 5, &rows, e) < 0)
		return -1;
	rep->model = json_pack("{s:s, s:s, s:I, s:b, s:b}", "page_title",
	    i18n_get(l, "users.title"), "q", q->text, "page", (json_int_t)page,
	    "has_next", json_array_size(rows) > PAGE_SIZE, "has_prev", page > 1);
	if (json_array_size(rows) > PAGE_SIZE)
		json_array_remove(rows, PAGE_SIZE);
	json_object_set_new(rep->model, "users", rows);
	json_object_set_new(rep->model, "next_page", json_integer(page + 1));
	json_object_set_new(rep->model, "prev_page", json_integer(page - 1));
	return 0;
}

static int
new_user_model(struct request *req, struct reply *rep, bool refill)
{
	rep->model = json_pack("{s:s, s:o}", "page_title",
	    i18n_get(req_lang(req), "users.new_title"), "fields",
	    form_fields(req, user_fields, refill));
	rep->template = "user_new";
	return rep->model ? 0 : -1;
}

static int
users_new(struct request *req, struct reply *rep, struct err *e)
{
	return new_user_model(req, rep, false);
}

static int
users_create(struct request *req, struct reply *rep, struct err *e)
{
	const char *name = req_param(req, "full_name")->text;
	const char *email = req_param(req, "email")->text;
	const char *nip = req_param(req, "nip")->text;
	const char *pw = req_param(req, "password")->text;
	int64_t prov = req_param(req, "home_province")->i;
	int64_t org = req_param(req, "home_organization")->i;
	struct object_ref ref = { .type = OBJ_USER, .at.province = (int)prov,
	    .at.organization = org };
	enum password_problem pp = PW_OK;
	const char *problem_field = NULL, *problem_key = NULL;
	char key[320], hash[crypto_pwhash_STRBYTES], now[TIME_ISO_LEN], msg[64];
	struct db_conn *c;
	json_t *rows = NULL;
	int64_t id;
	size_t i;

	if (app_authorize(req, ACT_USER_MANAGE, &ref, e) < 0)
		return -1;
	if (!form_has_errors(req)) {
		for (i = 0; nip[0] != '\0' && nip[i] != '\0'; i++)
			if (nip[i] < '0' || nip[i] > '9')
				break;
		if (nip[0] != '\0' && (i != 18 || nip[i] != '\0')) {
			problem_field = "nip";
			problem_key = "users.nip_invalid";
		} else if (prov != 0 && province_find((int)prov) == NULL) {
			problem_field = "home_province";
			problem_key = "users.province_unknown";
		} else if ((pp = account_password_check(pw, name, email)) != PW_OK) {
			snprintf(msg, sizeof(msg), "password.%s", password_problem_key(pp));
			problem_field = "password";
			problem_key = msg;
		}
	}
	if ((c = req_db(req, e)) == NULL)
		return -1;
	account_email_key(email, key, sizeof(key));
	if (!form_has_errors(req) && problem_field == NULL) {
		if (db_exec(c, DB_USER_BY_EMAIL, (struct db_param[]){ DBP_TEXT(key) }, 1,
		    &rows, e) < 0)
			return -1;
		if (json_array_size(rows) > 0) {
			problem_field = "email";
			problem_key = "users.email_taken";
		}
		json_decref(rows);
		rows = NULL;
	}
	if (form_has_errors(req) || problem_field != NULL) {
		if (new_user_model(req, rep, true) < 0) {
			err_set(e, ERR_NOMEM, "out of memory");
			return -1;
		}
		if (problem_field != NULL)
			form_set_error(req, json_object_get(rep->model, "fields"), problem_field,
			    problem_key);
		rep->status = 422;
		return 0;
	}
	if (crypto_pwhash_str(hash, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
		err_set(e, ERR_NOMEM, "password hashing ran out of memory");
		return -1;
	}
	if (db_begin(c, e) < 0)
		return -1;
	if (db_exec(c, DB_USER_INSERT, (struct db_param[]){ DBP_TEXT(email), DBP_TEXT(key),
	    DBP_TEXT(name), nip[0] ? DBP_TEXT(nip) : DBP_NULL,
	    req_param(req, "phone")->present ? DBP_TEXT(req_param(req, "phone")->text) : DBP_NULL,
	    DBP_TEXT(hash), prov ? DBP_INT(prov) : DBP_NULL, org ? DBP_INT(org) : DBP_NULL,
	    DBP_TEXT(time_iso(time(NULL), now)) }, 9, &rows, e) < 0)
		goto fail;
	id = json_integer_value(json_object_get(json_array_get(rows, 0), "id"));
	json_decref(rows);
	rows = NULL;
	if (audit_record_new(req, c, "user.create", "user", id, json_pack("{s:s, s:s}",
	    "email", email, "full_name", name), e) < 0)
		goto fail;
	if (db_commit(c, e) < 0)
		goto fail;
	rep->status = 303;
	rep->location = arena_printf(&req->arena, "/pengguna/%lld", (long long)id);
	return 0;
fail:
	json_decref(rows);
	db_rollback(c);
	return -1;
}

static int
user_model(struct request *req, struct reply *rep, json_t *user, bool refill, struct err *e)
{
	enum lang l = req_lang(req);
	json_t *grants = NULL, *roles, *kinds;
	struct db_conn *c;
	int i;

	if ((c = req_db(req, e)) == NULL ||
	    db_exec(c, DB_GRANT_LIST, (struct db_param[]){ DBP_INT(json_integer_value(
	    json_object_get(user, "id"))) }, 1, &grants, e) < 0)
		return -1;
	roles = json_array();
	for (i = 0; i < ROLE_MAX; i++) {
		char key[64];

		snprintf(key, sizeof(key), "role.%s", role_code((enum role)i));
		json_array_append_new(roles, json_pack("{s:s, s:s}", "code",
		    role_code((enum role)i), "label", i18n_get(l, key)));
	}
	kinds = json_array();
	for (i = 0; i < SCOPE_KIND_MAX; i++) {
		char key[64];

		snprintf(key, sizeof(key), "scope.%s", scope_kind_code((enum scope_kind)i));
		json_array_append_new(kinds, json_pack("{s:s, s:s}", "code",
		    scope_kind_code((enum scope_kind)i), "label", i18n_get(l, key)));
	}
	rep->model = json_pack("{s:s, s:O, s:o, s:b, s:o, s:o, s:o}", "page_title",
	    json_string_value(json_object_get(user, "full_name")), "user", user,
	    "grants", grants, "has_grants", json_array_size(grants) > 0,
	    "roles", roles, "scope_kinds", kinds,
	    "grant_form", form_fields(req, grant_fields, refill));
	rep->template = "user";
	if (rep->model == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	return 0;
}

static int
users_show(struct request *req, struct reply *rep, struct err *e)
{
	struct object_ref ref;
	json_t *user;
	struct db_conn *c;
	int rc;

	if ((c = req_db(req, e)) == NULL ||
	    (user = load_user(req, c, req_param(req, "id")->i, ACT_VIEW, &ref, e)) == NULL)
		return -1;
	rc = user_model(req, rep, user, false, e);
	json_decref(user);
	return rc;
}

static int
users_set_active(struct request *req, struct reply *rep, struct err *e)
{
	const struct auth *a = req_auth(req);
	int64_t id = req_param(req, "id")->i, active = req_param(req, "active")->i;
	char now[TIME_ISO_LEN];
	struct object_ref ref;
	struct db_conn *c;
	json_t *user;

	/* "active=maybe" is not a deactivation. */
	if (form_require_valid(req, e) < 0 || (c = req_db(req, e)) == NULL ||
	    (user = load_user(req, c, id, ACT_USER_MANAGE, &ref, e)) == NULL)
		return -1;
	json_decref(user);
	if (id == a->user_id && !active) {
		err_set(e, ERR_SELF_DEACTIVATE, "cannot deactivate oneself");
		return -1;
	}
	time_iso(time(NULL), now);
	if (db_begin(c, e) < 0)
		return -1;
	if (db_exec(c, DB_USER_SET_ACTIVE, (struct db_param[]){ DBP_INT(id), DBP_INT(active),
	    DBP_TEXT(now) }, 3, NULL, e) < 0 ||
	    (!active && db_exec(c, DB_SESSION_END_ALL, (struct db_param[]){ DBP_INT(id),
	    DBP_TEXT(now), DBP_INT(0) }, 3, NULL, e) < 0) ||
	    audit_record(req, c, active ? "user.activate" : "user.deactivate", "user", id, NULL, e) < 0 ||
	    db_commit(c, e) < 0) {
		db_rollback(c);
		return -1;
	}
	rep->status = 303;
	rep->location = arena_printf(&req->arena, "/pengguna/%lld", (long long)id);
	return 0;
}

/*
 * Fill where g's scope object sits, as the policy needs it to judge who may
 * give g. Returns 0, 1 when the scope object does not exist, -1 on a
 * database error (e set).
 */
static int
grant_place(struct db_conn *c, struct grant *g, struct err *e)
{
	enum db_stmt st;
	json_t *rows = NULL, *row;
	int rc = 1;

	switch (g->scope) {
	case SCOPE_UNIT:
		st = DB_UNIT_PLACE;
		break;
	case SCOPE_PARTICIPATION:
		st = DB_PARTICIPATION_PLACE;
		break;
	case SCOPE_ORGANIZATION:
		st = DB_ORG_GET;
		break;
	default:
		return 0;
	}
	if (db_exec(c, st, (struct db_param[]){ DBP_INT(g->scope_id) }, 1, &rows, e) < 0)
		return -1;
	if ((row = json_array_get(rows, 0)) != NULL) {
		g->where.province = (int)json_integer_value(json_object_get(row, "province_code"));
		if (g->scope == SCOPE_ORGANIZATION)
			g->where.organization = g->scope_id;
		else {
			g->where.organization = json_integer_value(json_object_get(row,
			    "organization_id"));
			g->where.unit = g->scope == SCOPE_UNIT ? g->scope_id :
			    json_integer_value(json_object_get(row, "unit_id"));
		}
		if (g->scope == SCOPE_PARTICIPATION)
			g->where.participation = g->scope_id;
		rc = 0;
	}
	json_decref(rows);
	return rc;
}

static int
users_grant(struct request *req, struct reply *rep, struct err *e)
{
	const struct auth *a = req_auth(req);
	int64_t id = req_param(req, "id")->i;
	struct grant g = {
		.role = role_parse(req_param(req, "role")->text),
		.scope = scope_kind_parse(req_param(req, "scope_kind")->text),
		.scope_id = req_param(req, "scope_id")->i,
		.may_revoke = req_param(req, "may_revoke")->i != 0,
	};
	const char *problem = NULL;
	struct object_ref target;
	char now[TIME_ISO_LEN];
	struct db_conn *c;
	json_t *user, *rows = NULL, *summary;
	int rc;

	if ((c = req_db(req, e)) == NULL ||
	    (user = load_user(req, c, id, ACT_ROLE_GRANT, &target, e)) == NULL)
		return -1;
	if (form_has_errors(req))
		problem = "users.grant_invalid";
	else if (policy_grant_valid(&g) != NULL)
		problem = "users.grant_invalid";
	else if (g.scope == SCOPE_PROVINCE && province_find((int)g.scope_id) == NULL)
		problem = "users.province_unknown";
	else if ((rc = grant_place(c, &g, e)) < 0) {
		json_decref(user);
		return -1;
	} else if (rc > 0)
		problem = "users.scope_unknown";
	else if (!policy_may_grant(&a->principal, &g, id))
		problem = "users.grant_too_wide";
	if (problem != NULL) {
		rc = user_model(req, rep, user, true, e);
		json_decref(user);
		if (rc < 0)
			return -1;
		form_set_error(req, json_object_get(rep->model, "grant_form"), "scope_id", problem);
		rep->status = 422;
		return 0;
	}
	json_decref(user);
	summary = json_pack("{s:s, s:s, s:I, s:b}", "role", role_code(g.role),
	    "scope_kind", scope_kind_code(g.scope), "scope_id", (json_int_t)g.scope_id,
	    "may_revoke", g.may_revoke);
	rc = db_begin(c, e);
	if (rc == 0)
		rc = db_exec(c, DB_GRANT_INSERT, (struct db_param[]){ DBP_INT(id),
		    DBP_TEXT(role_code(g.role)), DBP_TEXT(scope_kind_code(g.scope)),
		    DBP_INT(g.scope_id), DBP_INT(g.may_revoke), DBP_INT(a->user_id),
		    DBP_TEXT(time_iso(time(NULL), now)) }, 7, &rows, e);
	if (rc == 0 && json_array_size(rows) > 0)
		rc = audit_record(req, c, "role.grant", "user", id, summary, e);
	json_decref(summary);
	json_decref(rows);
	if (rc < 0 || db_commit(c, e) < 0) {
		db_rollback(c);
		return -1;
	}
	rep->status = 303;
	rep->location = arena_printf(&req->arena, "/pengguna/%lld", (long long)id);
	return 0;
}

static int
users_revoke(struct request *req, struct reply *rep, struct err *e)
{
	const struct auth *a = req_auth(req);
	int64_t id = req_param(req, "id")->i, gid = req_param(req, "gid")->i;
	struct object_ref target;
	struct grant g;
	struct db_conn *c;
	json_t *user, *rows = NULL, *row;
	bool ok = false;
	size_t i;

	if ((c = req_db(req, e)) == NULL ||
	    (user = load_user(req, c, id, ACT_ROLE_GRANT, &target, e)) == NULL)
		return -1;
	json_decref(user);
	/* Revoking needs the same width as granting that very grant. */
	if (db_exec(c, DB_GRANT_LIST, (struct db_param[]){ DBP_INT(id) }, 1, &rows, e) < 0)
		return -1;
	json_array_foreach(rows, i, row) {
		if (json_integer_value(json_object_get(row, "id")) != gid)
			continue;
		g = (struct grant){ 0 };
		g.role = role_parse(json_string_value(json_object_get(row, "role")));
		g.scope = scope_kind_parse(json_string_value(json_object_get(row, "scope_kind")));
		g.scope_id = json_integer_value(json_object_get(row, "scope_id"));
		g.may_revoke = json_integer_value(json_object_get(row, "may_revoke")) != 0;
		ok = true;
	}
	json_decref(rows);
	rows = NULL;
	if (!ok) {
		err_set(e, ERR_NOT_FOUND, "no such grant");
		return -1;
	}
	if (grant_place(c, &g, e) < 0)
		return -1;
	if (!policy_may_grant(&a->principal, &g, id)) {
		err_set(e, ERR_GRANT_TOO_WIDE, "revoking this role needs a wider role");
		return -1;
	}
	if (db_begin(c, e) < 0)
		return -1;
	if (db_exec(c, DB_GRANT_DELETE, (struct db_param[]){ DBP_INT(gid), DBP_INT(id) }, 2,
	    &rows, e) < 0 ||
	    audit_record(req, c, "role.revoke", "user", id, json_array_get(rows, 0), e) < 0 ||
	    db_commit(c, e) < 0) {
		json_decref(rows);
		db_rollback(c);
		return -1;
	}
	json_decref(rows);
	rep->status = 303;
	rep->location = arena_printf(&req->arena, "/pengguna/%lld", (long long)id);
	return 0;
}

/* The addresses this file answers, with their declared inputs. */
static const struct param_spec p_users[] = {
	{ "q", PARAM_QUERY, PT_TEXT, false, 0, 100, NULL },
	{ "halaman", PARAM_QUERY, PT_INT, false, 1, 100000, NULL },
	{ NULL },
};
static const struct param_spec p_user_new[] = {
	{ "full_name", PARAM_FORM, PT_TEXT, true, 2, 200, NULL },
	{ "email", PARAM_FORM, PT_EMAIL, true, 0, 0, NULL },
	{ "nip", PARAM_FORM, PT_TEXT, false, 0, 18, NULL },
	{ "phone", PARAM_FORM, PT_TEXT, false, 0, 30, NULL },
	{ "home_province", PARAM_FORM, PT_INT, false, 0, 99, NULL },
	{ "home_organization", PARAM_FORM, PT_INT, false, 0, INT64_MAX, NULL },
	{ "password", PARAM_FORM, PT_SECRET, true, 0, 256, NULL },
	{ NULL },
};
static const struct param_spec p_user_active[] = {
	PARAM_ID("id"),
	{ "active", PARAM_FORM, PT_BOOL, false, 0, 0, NULL },
	{ NULL },
};
static const struct param_spec p_grant[] = {
	PARAM_ID("id"),
	{ "role", PARAM_FORM, PT_ENUM, true, 0, 0,
	    "admin|coordinator|regional|operator|unit_head|verifier|assessor|observer" },
	{ "scope_kind", PARAM_FORM, PT_ENUM, true, 0, 0,
	    "national|province|organization|unit|participation" },
	{ "scope_id", PARAM_FORM, PT_INT, false, 0, INT64_MAX, NULL },
	{ "may_revoke", PARAM_FORM, PT_BOOL, false, 0, 0, NULL },
	{ NULL },
};
static const struct param_spec p_revoke[] = {
	PARAM_ID("id"),
	PARAM_ID("gid"),
	{ NULL },
};

static const struct route routes[] = {
	{ .method = HTTP_GET, .pattern = "/pengguna", .handler = users_list,
	  .template = "users", .login = true, .access = ACCESS_USERS, .params = p_users },
	{ .method = HTTP_GET, .pattern = "/pengguna/baru", .handler = users_new,
	  .template = "user_new", .login = true, .access = ACCESS_USERS,
	  .params = p_user_new },
	{ .method = HTTP_POST, .pattern = "/pengguna", .handler = users_create,
	  .template = "user_new", .login = true, .csrf = true, .access = ACCESS_USERS,
	  .params = p_user_new },
	{ .method = HTTP_GET, .pattern = "/pengguna/{id}", .handler = users_show,
	  .template = "user", .login = true, .params = route_params_id },
	{ .method = HTTP_POST, .pattern = "/pengguna/{id}/status", .handler = users_set_active,
	  .login = true, .csrf = true, .params = p_user_active },
	{ .method = HTTP_POST, .pattern = "/pengguna/{id}/peran", .handler = users_grant,
	  .template = "user", .login = true, .csrf = true, .params = p_grant },
	{ .method = HTTP_POST, .pattern = "/pengguna/{id}/peran/{gid}/cabut",
	  .handler = users_revoke, .login = true, .csrf = true, .params = p_revoke },
};
ROUTE_TABLE(users_routes, routes);
