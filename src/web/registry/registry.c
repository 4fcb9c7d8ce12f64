/*
 * registry.c - helpers the registry's pages and the cycle pages share (see
 * registry.h); those the services use too are svc/registry.c's.
 */
#include <string.h>

#include "web/app.h"
#include "web/auth.h"
#include "web/model.h"
#include "web/form.h"
#include "web/registry/registry.h"
#include "base/buf.h"
#include "core/region.h"
#include "core/unit_type.h"

bool
registry_may_somewhere(const struct principal *p, enum action act, enum object_type t)
{
	return policy_may_somewhere(p, act, t);
}

struct principal
registry_principal_for(struct request *req, enum action act, enum object_type t, unsigned scopes)
{
	const struct principal *p = &req_auth(req)->principal;
	struct principal out = *p, one;
	struct grant *g = arena_alloc(&req->arena, (p->grant_count + 1) * sizeof(*g));
	size_t i;

	out.grants = g;
	out.grant_count = 0;
	for (i = 0; g != NULL && i < p->grant_count; i++) {
		if (scopes != 0 && (scopes & (1u << p->grants[i].scope)) == 0)
			continue;
		one = *p;
		one.grants = &p->grants[i];
		one.grant_count = 1;
		if (policy_may_somewhere(&one, act, t))
			g[out.grant_count++] = p->grants[i];
	}
	return out;
}

int
registry_may_create(struct request *req, enum object_type t, struct err *e)
{
	if (policy_may_somewhere(&req_auth(req)->principal, ACT_CREATE, t))
		return 0;
	err_set(e, ERR_NOT_FOUND, "no right to create %s",
	    t == OBJ_UNIT ? "units" : "organizations");
	return -1;
}

int64_t
registry_form_id(struct request *req)
{
	const struct param_value *id = req_param_find(req, "id");

	return id != NULL ? id->i : 0;
}

int
registry_form_page(struct request *req, struct reply *rep, enum object_type t,
    json_t *(*load)(struct request *, struct db_conn *, int64_t, enum action, struct err *),
    int (*model)(struct request *, struct reply *, json_t *, struct err *), struct err *e)
{
	int64_t id = registry_form_id(req);
	struct db_conn *c;
	json_t *record;
	int rc;

	if (id == 0)
		return registry_may_create(req, t, e) < 0 ? -1 : model(req, rep, NULL, e);
	if ((c = req_db(req, e)) == NULL || (record = load(req, c, id, ACT_EDIT, e)) == NULL)
		return -1;
	rc = model(req, rep, record, e);
	json_decref(record);
	return rc;
}

int
registry_form_finish(struct request *req, struct reply *rep, const char *key,
    json_t *record, const char *base, const char *tpl, struct err *e)
{
	if (web_model_built(rep, e) < 0)
		return -1;
	if (record != NULL) {
		json_object_set(rep->model, key, record);
		json_object_set_new(rep->model, "action",
		    json_string(arena_printf(&req->arena, "%s/%lld/ubah", base,
			(long long)json_integer_value(json_object_get(record, "id")))));
	} else
		json_object_set_new(rep->model, "action", json_string(base));
	rep->template = tpl;
	return 0;
}

int
registry_form_answer(struct request *req, struct reply *rep, route_handler page, bool invalid,
    int rc, const char *base, int64_t id, const struct svc_problems *pr, struct err *e)
{
	if (invalid)
		return rc < 0 ? -1 : form_invalid_again(req, rep, page, "fields", pr, e);
	if (rc == 0)
		return web_see_other(req, rep, "%s/%lld", base, (long long)id);
	return web_show_problems(req, rep, e, page, "fields", pr);
}

void
registry_status_field(enum lang l, json_t *fields, json_t *record, bool refill)
{
	json_t *f = json_object_get(fields, "status"), *opts;
	const char *v;

	if (record == NULL || f == NULL) {
		json_object_del(fields, "status");
		return;
	}
	if (!refill)
		json_object_set_new(f, "value",
		    json_string(json_integer_value(json_object_get(record, "active"))
			    ? "aktif"
			    : "nonaktif"));
	v = json_string_value(json_object_get(f, "value"));
	opts = json_pack("[o, o]",
	    form_option("aktif", i18n_get(l, "registry.active"),
		v == NULL || strcmp(v, "aktif") == 0),
	    form_option("nonaktif", i18n_get(l, "registry.inactive"),
		v != NULL && strcmp(v, "nonaktif") == 0));
	json_object_set_new(f, "options", opts);
}

bool
registry_posted_active(struct request *req, int64_t id)
{
	return id == 0 || strcmp(req_param(req, "status")->text, "nonaktif") != 0;
}

/* The row of unit or organization (t) id, read by st, if the caller may do act. */
static json_t *
place_load(struct request *req, struct db_conn *c, enum db_stmt st, enum object_type t,
    int64_t id, enum action act, struct err *e)
{
	struct object_ref ref;
	json_t *row;
	int province;

	if ((row = db_row(c, st, id, t == OBJ_UNIT ? "unit" : "organization", e)) == NULL)
		return NULL;
	province = (int)json_integer_value(json_object_get(row, "province_code"));
	ref = t == OBJ_UNIT
	    ? registry_unit_ref(id, province,
		  json_integer_value(json_object_get(row, "organization_id")))
	    : registry_org_ref(id, province);
	if (app_authorize(req, act, &ref, e) < 0) {
		json_decref(row);
		return NULL;
	}
	registry_decorate(req_lang(req), row);
	return row;
}

json_t *
registry_unit_load(struct request *req, struct db_conn *c, int64_t id, enum action act,
    struct err *e)
{
	return place_load(req, c, DB_UNIT_GET, OBJ_UNIT, id, act, e);
}

json_t *
registry_org_load(struct request *req, struct db_conn *c, int64_t id, enum action act,
    struct err *e)
{
	return place_load(req, c, DB_ORG_GET, OBJ_ORGANIZATION, id, act, e);
}

json_t *
registry_cycle_load(struct request *req, struct db_conn *c, int64_t id, enum action act,
    struct err *e)
{
	struct object_ref ref = { .type = OBJ_CYCLE, .id = id };

	if (app_authorize(req, act, &ref, e) < 0)
		return NULL;
	return db_row(c, DB_CYCLE_GET, id, "cycle", e);
}

json_t *
registry_unit_type_options(enum lang l, const char *selected)
{
	json_t *a = json_array();
	int i;

	for (i = 0; i < UNIT_TYPE_MAX; i++)
		json_array_append_new(a,
		    form_option(unit_types[i].code,
			l == LANG_EN ? unit_types[i].name_en : unit_types[i].name_id,
			selected != NULL && strcmp(selected, unit_types[i].code) == 0));
	return a;
}

json_t *
registry_province_options(int selected)
{
	json_t *a = json_array();
	char code[8], label[96];
	size_t i;

	for (i = 0; i < province_count; i++) {
		snprintf(code, sizeof(code), "%d", provinces[i].code);
		snprintf(label, sizeof(label), "%d %s", provinces[i].code, provinces[i].name);
		json_array_append_new(a,
		    form_option(code, label, provinces[i].code == selected));
	}
	return a;
}

json_t *
registry_org_kind_options(enum lang l, const char *selected)
{
	json_t *a = json_array();
	const char *code;
	int i;

	for (i = 0; i < ORG_KIND_MAX; i++) {
		code = org_kind_code((enum org_kind)i);
		json_array_append_new(a,
		    form_catalog_option(l, "registry.org_kind.", code,
			selected != NULL && strcmp(selected, code) == 0));
	}
	return a;
}

int
registry_caller_scope(struct request *req, struct db_param out[4], struct err *e)
{
	if (registry_scope_params(&req_auth(req)->principal, &req->arena, out) == 0)
		return 0;
	err_set(e, ERR_TOO_LARGE, "out of memory");
	return -1;
}

/* The unit list's filter parameters, in the order of $5-$10. */
/* clang-format off */
static const char *const filter_names[] = {
	"organisasi", "provinsi", "jenis", "sektor", "q", "kabupaten",
};
/* clang-format on */

void
registry_filter_of(struct request *req, struct unit_filter *f)
{
	*f = (struct unit_filter){
		.organization = req_param(req, "organisasi")->i,
		.province = (int)req_param(req, "provinsi")->i,
		.unit_type = req_param(req, "jenis")->text,
		.sector = req_param(req, "sektor")->text,
		.q = req_param(req, "q")->text,
		.regency = (int)req_param(req, "kabupaten")->i,
	};
}

int
registry_unit_filters(struct request *req, struct db_param out[6])
{
	struct unit_filter f;

	registry_filter_of(req, &f);
	return registry_filter_params(&f, &req->arena, out);
}

const char *
registry_filter_query(struct request *req)
{
	const struct param_value *v;
	struct buf b;
	const char *out;
	size_t i;

	buf_init(&b, 0);
	for (i = 0; i < sizeof(filter_names) / sizeof(filter_names[0]); i++) {
		v = req_param(req, filter_names[i]);
		if (!v->present)
			continue;
		buf_printf(&b, "%s%s=", b.len ? "&" : "", filter_names[i]);
		buf_pct(&b, v->text, strlen(v->text), NULL);
	}
	out = b.failed ? "" : arena_strndup(&req->arena, buf_cstr(&b), b.len);
	buf_free(&b);
	return out != NULL ? out : "";
}

void
registry_unit_narrow(const struct principal *p, struct db_param *prm)
{
	struct registry_scope s;

	registry_scope_of(p, &s);
	if (s.national || s.unit_count > 0)
		return;
	if (s.province_count == 1 && s.organization_count == 0 && prm[5].type == DB_T_NULL)
		prm[5] = DBP_INT(s.provinces[0]);
	else if (s.organization_count == 1 && s.province_count == 0 && prm[4].type == DB_T_NULL)
		prm[4] = DBP_INT(s.organizations[0]);
}

/* The statements of a unit list and its count, by what leads it. */
/* clang-format off */
static const struct {
	struct form_list_stmts list;
	enum db_stmt count;
} unit_stmts[] = {
	{ { DB_UNIT_LIST_PROVINCE, DB_UNIT_LIST_PROVINCE_AFTER, DB_UNIT_LIST_PROVINCE_BEFORE,
	    DB_UNIT_PLACE, "name" }, DB_UNIT_COUNT_PROVINCE },
	{ { DB_UNIT_LIST_ORG, DB_UNIT_LIST_ORG_AFTER, DB_UNIT_LIST_ORG_BEFORE, DB_UNIT_PLACE,
	    "name" }, DB_UNIT_COUNT_ORG },
	{ { DB_UNIT_LIST, DB_UNIT_LIST_AFTER, DB_UNIT_LIST_BEFORE, DB_UNIT_PLACE, "name" },
	    DB_UNIT_COUNT },
	{ { DB_UNIT_LIST, DB_UNIT_LIST_AFTER, DB_UNIT_LIST_BEFORE, DB_UNIT_PLACE, "name" },
	    DB_UNIT_COUNT_SCOPED },
};
/* clang-format on */

/* Which of unit_stmts serves prm: led by the province filter, by the
 * organization filter, else the country's or a narrower scope's. */
static size_t
unit_lead(const struct db_param *prm)
{
	if (prm[5].type != DB_T_NULL)
		return 0;
	if (prm[4].type != DB_T_NULL)
		return 1;
	return prm[0].i == 1 ? 2 : 3;
}

const struct form_list_stmts *
registry_unit_stmts(const struct db_param *prm)
{
	return &unit_stmts[unit_lead(prm)].list;
}

int
registry_unit_count(struct db_conn *c, struct db_param *prm, int64_t *n, bool *over,
    struct err *e)
{
	json_t *rows = NULL;

	prm[10] = DBP_INT(REGISTRY_COUNT_MAX + 1);
	if (db_exec(c, unit_stmts[unit_lead(prm)].count, prm, 11, &rows, e) < 0)
		return -1;
	*n = json_integer_value(json_object_get(json_array_get(rows, 0), "n"));
	json_decref(rows);
	*over = *n > REGISTRY_COUNT_MAX;
	if (*over)
		*n = REGISTRY_COUNT_MAX;
	return 0;
}
