/*
 * registry.c - helpers the registry's pages and the cycle pages share (see
 * registry.h); those the services use too are svc/registry.c's.
 */
#include <string.h>

#include "web/app.h"
#include "web/auth.h"
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
registry_principal_for(struct request *req, enum action act, enum object_type t,
    unsigned scopes)
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

json_t *
registry_unit_load(struct request *req, struct db_conn *c, int64_t id, enum action act,
    struct err *e)
{
	json_t *rows = NULL, *unit;
	struct object_ref ref;

	if (db_exec(c, DB_UNIT_GET, (struct db_param[]){ DBP_INT(id) }, 1, &rows, e) < 0)
		return NULL;
	unit = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	if (unit == NULL) {
		err_set(e, ERR_NOT_FOUND, "no such unit");
		return NULL;
	}
	ref = registry_unit_ref(id,
	    (int)json_integer_value(json_object_get(unit, "province_code")),
	    json_integer_value(json_object_get(unit, "organization_id")));
	if (app_authorize(req, act, &ref, e) < 0) {
		json_decref(unit);
		return NULL;
	}
	registry_decorate(req_lang(req), unit);
	return unit;
}

json_t *
registry_org_load(struct request *req, struct db_conn *c, int64_t id, enum action act,
    struct err *e)
{
	json_t *rows = NULL, *org;
	struct object_ref ref;

	if (db_exec(c, DB_ORG_GET, (struct db_param[]){ DBP_INT(id) }, 1, &rows, e) < 0)
		return NULL;
	org = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	if (org == NULL) {
		err_set(e, ERR_NOT_FOUND, "no such organization");
		return NULL;
	}
	ref = registry_org_ref(id, (int)json_integer_value(json_object_get(org,
	    "province_code")));
	if (app_authorize(req, act, &ref, e) < 0) {
		json_decref(org);
		return NULL;
	}
	registry_decorate(req_lang(req), org);
	return org;
}

json_t *
registry_cycle_load(struct request *req, struct db_conn *c, int64_t id, enum action act,
    struct err *e)
{
	struct object_ref ref = { .type = OBJ_CYCLE, .id = id };
	json_t *rows = NULL, *cy;

	if (app_authorize(req, act, &ref, e) < 0 ||
	    db_exec(c, DB_CYCLE_GET, (struct db_param[]){ DBP_INT(id) }, 1, &rows, e) < 0)
		return NULL;
	cy = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	if (cy == NULL)
		err_set(e, ERR_NOT_FOUND, "no such cycle");
	return cy;
}

/* One <option>. */
static json_t *
option(const char *value, const char *label, bool selected)
{
	return json_pack("{s:s, s:s, s:b}", "value", value, "label", label,
	    "selected", selected);
}

json_t *
registry_unit_type_options(enum lang l, const char *selected)
{
	json_t *a = json_array();
	int i;

	for (i = 0; i < UNIT_TYPE_MAX; i++)
		json_array_append_new(a, option(unit_types[i].code, l == LANG_EN ?
		    unit_types[i].name_en : unit_types[i].name_id,
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
		json_array_append_new(a, option(code, label, provinces[i].code == selected));
	}
	return a;
}

json_t *
registry_org_kind_options(enum lang l, const char *selected)
{
	json_t *a = json_array();
	char key[64];
	int i;

	for (i = 0; i < ORG_KIND_MAX; i++) {
		snprintf(key, sizeof(key), "registry.org_kind.%s", org_kind_code((enum org_kind)i));
		json_array_append_new(a, option(org_kind_code((enum org_kind)i),
		    i18n_get(l, key), selected != NULL &&
		    strcmp(selected, org_kind_code((enum org_kind)i)) == 0));
	}
	return a;
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
