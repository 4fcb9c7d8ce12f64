/*
 * organizations.c - the governments and ministries that own units
 * (/organisasi): the list the user may see, one organization with its
 * units, and its form. Who may create or edit one is the policy's answer
 * for an organization at that place, which the registry's services ask
 * (svc/registry.h).
 */
#include <string.h>

#include "web/app.h"
#include "web/auth.h"
#include "web/form.h"
#include "web/model.h"
#include "web/registry/registry.h"
#include "base/str.h"
#include "core/region.h"
#include "web/routes.h"

#define PAGE_SIZE 100

/* The organization list, ordered by name. */
static const struct form_list_stmts org_list = { DB_ORG_LIST, DB_ORG_LIST_AFTER,
	DB_ORG_LIST_BEFORE, DB_ORG_GET, "name" };
#define UNITS_SHOWN 100 /* units listed on an organization's page */

static const struct field_spec org_fields[] = {
	{ "kind", "registry.org.kind", "select", NULL, NULL },
	{ "name", "registry.org.name", "text", "organization", "registry.org.name_hint" },
	{ "province_code", "registry.org.province", "select", NULL, "registry.org.province_hint" },
	{ "regency_code", "registry.org.regency", "text", "off", "registry.org.regency_hint" },
	{ "status", "registry.status", "select", NULL, NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};

static int
orgs_list(struct request *req, struct reply *rep, struct err *e)
{
	const struct auth *a = req_auth(req);
	enum lang l = req_lang(req);
	const char *q = req_param(req, "q")->text;
	struct form_keyset k;
	struct db_param prm[8];
	struct db_conn *c;
	json_t *rows = NULL, *row;
	char *like = registry_like(&req->arena, q);
	size_t i;

	if ((c = req_db(req, e)) == NULL || registry_caller_scope(req, prm, e) < 0)
		return -1;
	prm[4] = like != NULL ? DBP_TEXT(like) : DBP_NULL;
	form_keyset_of(req, &k);
	if (form_keyset_rows(req, c, &k, &org_list, prm, 5, PAGE_SIZE, &rows, e) < 0)
		return -1;
	json_array_foreach(rows, i, row)
		registry_decorate(l, row);
	rep->model = json_pack("{s:s, s:s, s:b, s:b}", "page_title",
	    i18n_get(l, "registry.orgs_title"), "q", q, "has_orgs",
	    json_array_size(rows) > 0, "may_create",
	    policy_may_somewhere(&a->principal, ACT_CREATE, OBJ_ORGANIZATION));
	if (rep->model == NULL) {
		json_decref(rows);
		return web_nomem(e);
	}
	form_keyset_finish(req, &k, rows, PAGE_SIZE, "/organisasi",
	    form_search_query(req, q), rep->model);
	json_object_set_new(rep->model, "organizations", rows);
	return 0;
}

static int
orgs_show(struct request *req, struct reply *rep, struct err *e)
{
	const struct auth *a = req_auth(req);
	enum lang l = req_lang(req);
	int64_t id = req_param(req, "id")->i;
	struct db_param prm[12];
	struct object_ref ref;
	struct db_conn *c;
	json_t *org, *units = NULL, *u;
	int64_t total;
	bool over;
	size_t i;

	if ((c = req_db(req, e)) == NULL || registry_caller_scope(req, prm, e) < 0 ||
	    (org = registry_org_load(req, c, id, ACT_VIEW, e)) == NULL)
		return -1;
	for (i = 4; i < 10; i++)
		prm[i] = DBP_NULL;
	prm[4] = DBP_INT(id);
	if (registry_unit_count(c, prm, &total, &over, e) < 0) {
		json_decref(org);
		return -1;
	}
	prm[10] = DBP_INT(UNITS_SHOWN);
	prm[11] = DBP_INT(0);
	if (db_exec(c, DB_UNIT_LIST_ORG, prm, 12, &units, e) < 0) {
		json_decref(org);
		return -1;
	}
	json_array_foreach(units, i, u)
		registry_decorate(l, u);
	ref = registry_org_ref(id,
	    (int)json_integer_value(json_object_get(org, "province_code")));
	rep->model = json_pack("{s:O, s:o, s:o, s:I, s:b, s:b, s:b, s:b}", "page_title",
	    json_object_get(org, "name"), "organization", org, "units", units,
	    "unit_total", (json_int_t)total, "unit_total_over", over, "has_units",
	    total > 0, "has_more", total > UNITS_SHOWN, "may_edit",
	    policy_check(&a->principal, ACT_EDIT, &ref) == POLICY_ALLOW);
	return web_model_built(rep, e);
}

/* The form's model, refilled from the request when shown again, or from
 * org when editing. */
static int
form_model(struct request *req, struct reply *rep, json_t *org, struct err *e)
{
	enum lang l = req_lang(req);
	bool refill = req_refill(req), editing = org != NULL;
	json_t *fields = form_fields(req, org_fields, refill), *f, *opts;
	const char *v;
	char buf[32];
	int64_t code;

	if (editing && !refill) {
		json_object_set(json_object_get(fields, "kind"), "value",
		    json_object_get(org, "kind"));
		json_object_set(json_object_get(fields, "name"), "value",
		    json_object_get(org, "name"));
		if (json_integer_value(json_object_get(org, "province_code")) != 0) {
			snprintf(buf, sizeof(buf), "%lld",
			    (long long)json_integer_value(
				json_object_get(org, "province_code")));
			json_object_set_new(json_object_get(fields, "province_code"),
			    "value", json_string(buf));
		}
		if (json_integer_value(json_object_get(org, "regency_code")) != 0) {
			snprintf(buf, sizeof(buf), "%lld",
			    (long long)json_integer_value(json_object_get(org, "regency_code")));
			json_object_set_new(json_object_get(fields, "regency_code"),
			    "value", json_string(buf));
		}
	}
	registry_status_field(l, fields, org, refill);
	/* Options, with the current value selected. */
	if ((f = json_object_get(fields, "kind")) != NULL) {
		v = json_string_value(json_object_get(f, "value"));
		json_object_set_new(f, "options", registry_org_kind_options(l, v));
	}
	if ((f = json_object_get(fields, "province_code")) != NULL) {
		v = json_string_value(json_object_get(f, "value"));
		if (v == NULL || str_to_i64(v, strlen(v), 11, 99, &code) < 0)
			code = 0;
		opts = registry_province_options((int)code);
		json_array_insert_new(opts, 0,
		    form_option("", i18n_get(l, "registry.org.national"), v == NULL));
		json_object_set_new(f, "options", opts);
	}
	rep->model = json_pack("{s:s, s:o, s:b}", "page_title",
	    i18n_get(l, editing ? "registry.org_edit_title" : "registry.org_new_title"),
	    "fields", fields, "editing", editing);
	return registry_form_finish(req, rep, "organization", org, "/organisasi",
	    "org_form", e);
}

/* The form of a new organization, or of organization {id}. */
static int
orgs_form(struct request *req, struct reply *rep, struct err *e)
{
	return registry_form_page(req, rep, OBJ_ORGANIZATION, registry_org_load, form_model, e);
}

/*
 * Create an organization, or update organization {id}, from the posted
 * form: 303 to it, or the form again with each problem next to its field.
 */
static int
orgs_submit(struct request *req, struct reply *rep, struct err *e)
{
	int64_t id = registry_form_id(req);
	struct svc_problems pr = { .count = 0 };
	struct org_input in = {
		.kind = org_kind_parse(req_param(req, "kind")->text),
		.name = req_param(req, "name")->text,
		.province = (int)req_param(req, "province_code")->i,
		.regency = req_param(req, "regency_code")->text,
		.active = registry_posted_active(req, id),
	};
	bool invalid = form_has_errors(req);
	struct svc s;
	int rc;

	if ((id == 0 && registry_may_create(req, OBJ_ORGANIZATION, e) < 0) ||
	    web_svc(req, &s, e) < 0)
		return -1;
	rc = invalid ? registry_org_check(&s, id, &in, &pr, e)
		     : registry_org_save(&s, &id, &in, &pr, e);
	return registry_form_answer(req, rep, orgs_form, invalid, rc, "/organisasi", id,
	    &pr, e);
}

/* The addresses this file answers, with their declared inputs. */
/* clang-format off */
#define ORG_FORM_PARAMS \
	PARAM_CHOICE("kind", true, "ministry|agency|province_gov|regency_gov"), \
	PARAM_NAME("name"), \
	PARAM_PROVINCE("province_code", PARAM_FORM, false), \
	REGENCY_CODE_PARAM
/* clang-format on */
static PARAM_LIST(p_org_new, ORG_FORM_PARAMS);
static PARAM_LIST(p_org_edit, PARAM_ID("id"), ORG_FORM_PARAMS, STATUS_PARAM);

/* clang-format off */
static const struct route routes[] = {
	ROUTE_GET("/organisasi", orgs_list, "organizations", REGISTRY,
	    .params = PARAMS(PARAM_SEARCH, PARAM_PAGE, PARAM_KEYSET),
	    .about = "Lists organizations in the caller's scope"),
	ROUTE_GET("/organisasi/baru", orgs_form, "org_form", REGISTRY, .params = p_org_new,
	    .about = "The form to create an organization"),
	ROUTE_POST("/organisasi", orgs_submit, "org_form", REGISTRY, .params = p_org_new,
	    .about = "Creates an organization"),
	ROUTE_GET("/organisasi/{id}", orgs_show, "organization", REGISTRY,
	    .params = route_params_id,
	    .about = "One organization and its units"),
	ROUTE_GET("/organisasi/{id}/ubah", orgs_form, "org_form", REGISTRY,
	    .params = p_org_edit,
	    .about = "The form to change an organization"),
	ROUTE_POST("/organisasi/{id}/ubah", orgs_submit, "org_form", REGISTRY,
	    .params = p_org_edit,
	    .about = "Changes an organization"),
};
/* clang-format on */
ROUTE_TABLE(organizations_routes, routes);
