/*
 * users.c - managing people (/pengguna): list, create, deactivate, grant and
 * revoke roles, make password reset links, through the account services
 * (svc/accounts.h). An admin manages everyone; a regional office manages
 * the users of its own province or organization and can never grant a
 * role wider than its own (core/policy.c decides). The home organization
 * and the grant's scope object are pickers (web/picker.h): lists while
 * short, searches among many; the grant's follows the scope kind chosen.
 */
#include <string.h>

#include "web/app.h"
#include "web/auth.h"
#include "web/form.h"
#include "web/model.h"
#include "web/names.h"
#include "base/timefmt.h"
#include "core/region.h"
#include "web/picker.h"
#include "web/registry/registry.h"
#include "svc/accounts.h"
#include "base/str.h"
#include "svc/coord_regions.h"
#include "web/routes.h"

#define PAGE_SIZE 50

/* The user list, ordered by full name. */
static const struct form_list_stmts user_list = { DB_USER_LIST, DB_USER_LIST_AFTER,
	DB_USER_LIST_BEFORE, DB_USER_GET, "full_name" };

static const struct field_spec user_fields[] = {
	{ "full_name", "users.full_name", "text", "off", NULL },
	{ "email", "users.email", "email", "off", NULL },
	{ "nip", "users.nip", "text", "off", "users.nip_hint" },
	{ "phone", "users.phone", "tel", "off", NULL },
	{ "home_province", "users.home_province", "number", "off", "users.home_province_hint" },
	{ "home_organization", "users.home_organization", "select", NULL, NULL },
	{ "password", "users.password", "password", "new-password", "account.password_hint" },
	{ NULL, NULL, NULL, NULL, NULL },
};

static const struct field_spec grant_fields[] = {
	{ "scope_id", "users.scope_id", "select", NULL, "users.scope_id_hint" },
	{ NULL, NULL, NULL, NULL, NULL },
};

static const char *const new_pickers[] = { "home_organization", NULL };
static const char *const grant_pickers[] = { "scope_id", NULL };

/* User id (a USER_GET row, new reference) when the caller may do act on
 * them; else NULL with e: 404 outside the caller's scope, 403 when seen
 * but not allowed. */
static json_t *
load_user(struct request *req, int64_t id, enum action act, struct err *e)
{
	struct svc s;

	if (web_svc(req, &s, e) < 0 || accounts_user_reach(&s, id, act, e) < 0)
		return NULL;
	return db_row(s.c, DB_USER_GET, id, "user", e);
}

/*
 * Province and organization filter of the caller's user list: NULLs when
 * a grant lets them manage users nationwide, else the place of the first
 * grant that lets them manage users somewhere (the policy says which).
 */
static void
list_scope(const struct principal *p, struct db_param *prov, struct db_param *org)
{
	const struct grant *first = NULL;
	struct principal one;
	size_t i;

	*prov = DBP_NULL;
	*org = DBP_NULL;
	for (i = 0; i < p->grant_count; i++) {
		one = *p;
		one.grants = &p->grants[i];
		one.grant_count = 1;
		if (!policy_may_somewhere(&one, ACT_USER_MANAGE, OBJ_USER))
			continue;
		if (p->grants[i].scope == SCOPE_NATIONAL)
			return;
		if (first == NULL)
			first = &p->grants[i];
	}
	if (first != NULL && first->scope == SCOPE_PROVINCE)
		*prov = DBP_INT(first->scope_id);
	else if (first != NULL && first->scope == SCOPE_ORGANIZATION)
		*org = DBP_INT(first->scope_id);
	else
		*prov = DBP_INT(-1); /* no managing grant: match nobody */
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
		out[o++] = text[i] >= 'A' && text[i] <= 'Z' ? (char)(text[i] - 'A' + 'a')
							    : text[i];
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
	struct form_keyset k;
	struct db_param prm[6];
	struct db_conn *c;
	json_t *rows = NULL, *row;
	char *like = NULL;
	size_t i;

	if ((c = req_db(req, e)) == NULL)
		return -1;
	list_scope(&a->principal, &prm[0], &prm[1]);
	if (q->present && (like = like_pattern(&req->arena, q->text)) == NULL) {
		err_set(e, ERR_TOO_LARGE, "out of memory");
		return -1;
	}
	prm[2] = like ? DBP_TEXT(like) : DBP_NULL;
	form_keyset_of(req, &k);
	if (form_keyset_rows(req, c, &k, &user_list, prm, 3, PAGE_SIZE, &rows, e) < 0)
		return -1;
	json_array_foreach(rows, i, row)
		names_province(row, "home_province", "home_province_name");
	rep->model = json_pack("{s:s, s:s}", "page_title", i18n_get(l, "users.title"),
	    "q", q->text);
	form_keyset_finish(req, &k, rows, PAGE_SIZE, "/pengguna",
	    form_search_query(req, q->text), rep->model);
	json_object_set_new(rep->model, "users", rows);
	return 0;
}

/* The new user's form; shown again, as typed. */
static int
users_new(struct request *req, struct reply *rep, struct err *e)
{
	struct picker p = { .name = "home_organization",
		.query = { .source = PICK_ORG_OWNER },
		.none_key = "picker.none" };
	json_t *fields = form_fields(req, user_fields, req_refill(req));
	json_t *f = json_object_get(fields, "home_organization");
	struct svc s;

	if (f == NULL || web_svc(req, &s, e) < 0 || picker_fill(req, &s, f, &p, e) < 0) {
		json_decref(fields);
		if (e->status == 0)
			err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	rep->model = json_pack("{s:s, s:o, s:b}", "page_title",
	    i18n_get(req_lang(req), "users.new_title"), "fields", fields,
	    "picker_default", picker_searching(f));
	rep->template = "user_new";
	return web_model_built(rep, e);
}

static int
users_create(struct request *req, struct reply *rep, struct err *e)
{
	struct svc_problems pr = { .count = 0 };
	struct user_input in = {
		.email = req_param(req, "email")->text,
		.full_name = req_param(req, "full_name")->text,
		.nip = req_param(req, "nip")->text,
		.phone = req_param(req, "phone")->text,
		.home_province = (int)req_param(req, "home_province")->i,
		.home_organization = req_param(req, "home_organization")->i,
		.password = req_param(req, "password")->text,
	};
	struct svc s;
	int64_t id;

	if (web_svc(req, &s, e) < 0)
		return -1;
	if (picker_requested(req, new_pickers))
		return form_search_again(req, rep, users_new, "fields", e);
	if (accounts_user_may_create(&s, &in, e) < 0)
		return -1;
	if (form_has_errors(req))
		return form_invalid_again(req, rep, users_new, "fields", NULL, e);
	if (accounts_user_create(&s, &in, &id, &pr, e) == 0)
		return web_see_other(req, rep, "/pengguna/%lld", (long long)id);
	return web_show_problems(req, rep, e, users_new, "fields", &pr);
}

/* The scope kind the grant form shows: the request's, else national. */
static enum scope_kind
chosen_kind(struct request *req)
{
	enum scope_kind k = scope_kind_parse(req_param(req, "scope_kind")->text);

	return k == SCOPE_KIND_MAX ? SCOPE_NATIONAL : k;
}

/* Did the grant form show another scope kind than the one now chosen?
 * Its scope object was then one of another kind. */
static bool
kind_changed(struct request *req)
{
	const struct param_value *shown = req_param(req, "scope_kind_shown");

	return shown->present && scope_kind_parse(shown->text) != chosen_kind(req);
}

/*
 * The grant form's scope object for kind: nothing for a national scope,
 * the provinces, or a picker over the organizations, units or
 * participations the caller sees.
 */
static int
scope_field(struct request *req, json_t *fields, enum scope_kind kind, struct err *e)
{
	json_t *f = json_object_get(fields, "scope_id");
	const char *v = json_string_value(json_object_get(f, "value"));
	struct picker p = { .name = "scope_id" };
	int64_t code;
	struct svc s;

	if (f == NULL)
		return 0;
	if (kind_changed(req)) {
		json_object_del(f, "value");
		v = NULL;
	}
	switch (kind) {
	case SCOPE_PROVINCE:
		json_object_set_new(f, "picker", json_true());
		json_object_set_new(f, "is_search", json_false());
		if (v == NULL || str_to_i64(v, strlen(v), 11, 99, &code) < 0)
			code = 0;
		json_object_set_new(f, "options", registry_province_options((int)code));
		return 0;
	case SCOPE_REGION:
		json_object_set_new(f, "picker", json_true());
		json_object_set_new(f, "is_search", json_false());
		if (v == NULL || str_to_i64(v, strlen(v), 1, INT64_MAX, &code) < 0)
			code = 0;
		if (web_svc(req, &s, e) < 0)
			return -1;
		json_object_set_new(f, "options", coord_region_options(&s, code));
		return 0;
	case SCOPE_ORGANIZATION:
		p.query.source = PICK_ORG;
		break;
	case SCOPE_UNIT:
		p.query.source = PICK_UNIT;
		break;
	case SCOPE_PARTICIPATION:
		p.query.source = PICK_PARTICIPATION;
		break;
	default:
		return 0;
	}
	if (web_svc(req, &s, e) < 0)
		return -1;
	return picker_fill(req, &s, f, &p, e);
}

/* Choices {code, label, selected} of a table of n codes, chosen marked. */
static json_t *
code_choices(enum lang l, const char *prefix, const char *(*code)(int), int n, int chosen)
{
	json_t *a = json_array();
	char key[64];
	int i;

	for (i = 0; i < n; i++) {
		snprintf(key, sizeof(key), "%s.%s", prefix, code(i));
		json_array_append_new(a,
		    json_pack("{s:s, s:s, s:b}", "code", code(i), "label",
			i18n_get(l, key), "selected", i == chosen));
	}
	return a;
}

static const char *
role_code_of(int i)
{
	return role_code((enum role)i);
}

static const char *
kind_code_of(int i)
{
	return scope_kind_code((enum scope_kind)i);
}

static int
user_model(struct request *req, struct reply *rep, json_t *user, struct err *e)
{
	enum lang l = req_lang(req);
	enum scope_kind kind = chosen_kind(req);
	json_t *grants = NULL, *form;
	struct db_conn *c;

	if ((c = req_db(req, e)) == NULL ||
	    db_exec(c, DB_GRANT_LIST,
		(struct db_param[]){ DBP_INT(json_integer_value(json_object_get(user, "id"))) },
		1, &grants, e) < 0)
		return -1;
	names_grants(req, grants);
	names_province(user, "home_province", "home_province_name");
	form = form_fields(req, grant_fields, req_refill(req));
	if (scope_field(req, form, kind, e) < 0) {
		json_decref(grants);
		json_decref(form);
		return -1;
	}
	rep->model = json_pack("{s:s, s:O, s:o, s:b, s:o, s:o, s:s, s:b, s:b, s:o}",
	    "page_title", json_string_value(json_object_get(user, "full_name")), "user",
	    user, "grants", grants, "has_grants", json_array_size(grants) > 0, "roles",
	    code_choices(l, "role", role_code_of, ROLE_MAX,
		(int)role_parse(req_param(req, "role")->text)),
	    "scope_kinds",
	    code_choices(l, "scope", kind_code_of, SCOPE_KIND_MAX, (int)kind), "scope_kind",
	    scope_kind_code(kind), "is_national", kind == SCOPE_NATIONAL, "picker_default",
	    picker_searching(json_object_get(form, "scope_id")), "grant_form", form);
	rep->template = "user";
	return web_model_built(rep, e);
}

/* User {id}'s page, the grant form empty or, shown again, as typed; the
 * reset link's form when the caller may manage them. */
static int
users_show(struct request *req, struct reply *rep, struct err *e)
{
	int64_t id = req_param(req, "id")->i;
	struct svc s;
	struct err no;
	json_t *user;
	int rc;

	if ((user = load_user(req, id, ACT_VIEW, e)) == NULL)
		return -1;
	rc = user_model(req, rep, user, e);
	json_decref(user);
	if (rc < 0 || web_svc(req, &s, e) < 0)
		return -1;
	err_clear(&no);
	json_object_set_new(rep->model, "may_manage",
	    json_boolean(accounts_user_reach(&s, id, ACT_USER_MANAGE, &no) == 0));
	return 0;
}

static int
users_set_active(struct request *req, struct reply *rep, struct err *e)
{
	int64_t id = req_param(req, "id")->i;
	struct svc s;

	/* "active=maybe" is not a deactivation. */
	if (form_require_valid(req, e) < 0 || web_svc(req, &s, e) < 0 ||
	    accounts_user_set_active(&s, id, req_param(req, "active")->i != 0, e) < 0)
		return -1;
	return web_see_other(req, rep, "/pengguna/%lld", (long long)id);
}

static int
users_grant(struct request *req, struct reply *rep, struct err *e)
{
	int64_t id = req_param(req, "id")->i;
	struct grant g = {
		.role = role_parse(req_param(req, "role")->text),
		.scope = scope_kind_parse(req_param(req, "scope_kind")->text),
		.scope_id = req_param(req, "scope_id")->i,
		.may_revoke = req_param(req, "may_revoke")->i != 0,
	};
	struct svc_problems pr = { .count = 0 };
	struct svc s;

	if (web_svc(req, &s, e) < 0)
		return -1;
	if (picker_requested(req, grant_pickers) || kind_changed(req)) {
		/* A search, or another scope kind whose objects the form must
		 * offer first: the form again, nothing granted. */
		return accounts_user_reach(&s, id, ACT_ROLE_GRANT, e) < 0
		    ? -1
		    : form_search_again(req, rep, users_show, "grant_form", e);
	}
	if (form_has_errors(req)) {
		if (accounts_user_reach(&s, id, ACT_ROLE_GRANT, e) < 0 ||
		    form_invalid_again(req, rep, users_show, "grant_form", NULL, e) < 0)
			return -1;
		form_set_error(req, json_object_get(rep->model, "grant_form"), "scope_id",
		    "users.grant_invalid");
		return 0;
	}
	if (accounts_role_grant(&s, id, &g, &pr, e) == 0)
		return web_see_other(req, rep, "/pengguna/%lld", (long long)id);
	return web_show_problems(req, rep, e, users_show, "grant_form", &pr);
}

/*
 * A new password reset link for user {id}, shown on this answer only (the
 * database keeps its hash), to be handed to the person by a channel the
 * caller trusts.
 */
static int
users_reset_link(struct request *req, struct reply *rep, struct err *e)
{
	const struct province *home = province_find(req_auth(req)->principal.home_province);
	enum tz tz = home != NULL ? home->tz : TZ_WIB;
	const char *url, *expires, *until;
	struct svc s;

	if (web_svc(req, &s, e) < 0)
		return -1;
	if (accounts_reset_create(&s, req_param(req, "id")->i, &url, &expires, e) < 0)
		return web_show_plain(req, rep, e, users_show);
	if (users_show(req, rep, e) < 0)
		return -1;
	until = time_iso_text(&req->arena, expires, tz_offset(tz), tz_code(tz),
	    i18n_time_lang(req_lang(req)), TIME_DATE_TIME);
	json_object_set_new(rep->model, "reset_link",
	    json_pack("{s:s, s:s, s:s}", "url", url, "expires_at", expires, "valid_until",
		i18n_subst(&req->arena, i18n_get(req_lang(req), "reset.valid_until"),
		    "date", until ? until : expires, (const char *)NULL)));
	reply_header(rep, "Cache-Control", "no-store");
	rep->status = 201;
	return 0;
}

static int
users_revoke(struct request *req, struct reply *rep, struct err *e)
{
	int64_t id = req_param(req, "id")->i;
	struct svc s;

	if (web_svc(req, &s, e) < 0 ||
	    accounts_role_revoke(&s, id, req_param(req, "gid")->i, e) < 0)
		return -1;
	return web_see_other(req, rep, "/pengguna/%lld", (long long)id);
}

/* The addresses this file answers, with their declared inputs. */
/* clang-format off */
#define USER_NEW_PARAMS \
	PARAM_NAME("full_name"), \
	PARAM_EMAIL(true), \
	PARAM_TEXT("nip", 18), \
	PARAM_PHONE, \
	{ "home_province", PARAM_FORM, PT_INT, false, 0, 99, NULL }, \
	{ "home_organization", PARAM_FORM, PT_INT, false, 0, INT64_MAX, NULL }, \
	PARAM_PASSWORD("password")
/* clang-format on */
#define ROLE_CODES \
	"admin|coordinator|regional|operator|unit_head|verifier|assessor|observer"
#define SCOPE_KIND_CODES "national|province|organization|unit|participation|region"
/* The user's page; its grant form's choices as the form would ask them. */
static PARAM_LIST(p_user_show, PARAM_ID("id"),
    { "role", PARAM_QUERY, PT_ENUM, false, 0, 0, ROLE_CODES },
    { "scope_kind", PARAM_QUERY, PT_ENUM, false, 0, 0, SCOPE_KIND_CODES },
    { "scope_kind_shown", PARAM_QUERY, PT_ENUM, false, 0, 0, SCOPE_KIND_CODES },
    PICKER_PARAMS("scope_id", PARAM_QUERY));

/* clang-format off */
static const struct route routes[] = {
	ROUTE_GET("/pengguna", users_list, "users", USER_ADMINS,
	    .params = PARAMS(PARAM_SEARCH, PARAM_PAGE, PARAM_KEYSET),
	    .about = "Lists the users the caller may manage, with search"),
	ROUTE_GET("/pengguna/baru", users_new, "user_new", USER_ADMINS,
	    .params = PARAMS(USER_NEW_PARAMS, PICKER_PARAMS("home_organization", PARAM_QUERY)),
	    .about = "The form to create a user"),
	ROUTE_POST("/pengguna", users_create, "user_new", USER_ADMINS,
	    .params = PARAMS(USER_NEW_PARAMS, PICKER_PARAMS("home_organization", PARAM_FORM),
		PICKER_BUTTON_PARAMS),
	    .about = "Creates a user with a first role and sends or shows a set-password link"),
	ROUTE_GET("/pengguna/{id}", users_show, "user", SIGNED_IN, .params = p_user_show,
	    .about = "One user: details, roles and their scopes"),
	ROUTE_POST("/pengguna/{id}/status", users_set_active, NULL, SIGNED_IN,
	    .params = PARAMS(PARAM_ID("id"), PARAM_CHECK("active")),
	    .about = "Activates or deactivates a user"),
	ROUTE_POST("/pengguna/{id}/peran", users_grant, "user", SIGNED_IN,
	    .params = PARAMS(PARAM_ID("id"), PARAM_CHOICE("role", true, ROLE_CODES),
		PARAM_CHOICE("scope_kind", true, SCOPE_KIND_CODES),
		{ "scope_id", PARAM_FORM, PT_INT, false, 0, INT64_MAX, NULL },
		PARAM_CHECK("may_revoke"),
		PARAM_CHOICE("scope_kind_shown", false, SCOPE_KIND_CODES),
		PICKER_PARAMS("scope_id", PARAM_FORM), PICKER_BUTTON_PARAMS),
	    .about = "Grants a user a role over a scope"),
	ROUTE_POST("/pengguna/{id}/peran/{gid}/cabut", users_revoke, NULL, SIGNED_IN,
	    .params = PARAMS(PARAM_ID("id"), PARAM_ID("gid")),
	    .about = "Revokes one of a user's role grants"),
	ROUTE_POST("/pengguna/{id}/sandi", users_reset_link, "user", SIGNED_IN,
	    .params = p_user_show,
	    .about = "Makes a one-time password reset link for a user"),
};
/* clang-format on */
ROUTE_TABLE(users_routes, routes);
