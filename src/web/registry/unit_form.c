/*
 * unit_form.c - creating and editing a unit (/unit/baru, /unit/{id}/ubah).
 * The form keeps what was typed and says next to each field what is
 * wrong. Besides the fields' own validators it checks the codes, that the
 * organization exists and owns units of that type in that place, that the
 * parent is a unit the user sees and not the unit itself or one below it,
 * that the organization has no other unit of that name, and, through the
 * policy, that the user may create (or edit) a unit there: a regional
 * office cannot move a unit out of its own province.
 */
#include <string.h>
#include <time.h>

#include "web/app.h"
#include "svc/audit.h"
#include "web/auth.h"
#include "web/form.h"
#include "web/registry/registry.h"
#include "base/timefmt.h"
#include "core/region.h"
#include "core/unit_type.h"
#include "web/routes.h"

#define PARENT_DEPTH_MAX	64	/* deeper chains are refused as cycles */

static const struct field_spec unit_fields[] = {
	{ "name", "registry.unit.name", "text", "off", NULL },
	{ "unit_type", "registry.unit.unit_type", "select", NULL, NULL },
	{ "sector", "registry.unit.sector", "text", "off", "registry.unit.sector_hint" },
	{ "organization_id", "registry.unit.organization", "select", NULL, NULL },
	{ "province_code", "registry.unit.province", "select", NULL, NULL },
	{ "regency_code", "registry.unit.regency", "text", "off", "registry.unit.regency_hint" },
	{ "parent_unit_id", "registry.unit.parent", "number", "off", "registry.unit.parent_hint" },
	{ "address", "registry.unit.address", "textarea", "street-address", NULL },
	{ "head_name", "registry.unit.head_name", "text", "off", NULL },
	{ "head_title", "registry.unit.head_title", "text", "off", NULL },
	{ "phone", "registry.unit.phone", "tel", "off", NULL },
	{ "email", "registry.unit.email", "email", "off", NULL },
	{ "status", "registry.status", "select", NULL, NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};

/* What the form holds once read and checked. */
struct unit_input {
	const char *name, *unit_type, *sector, *address, *head_name, *head_title;
	const char *phone, *email;
	int province, regency;
	int64_t org_id, parent_id;
	bool active;
};

/* A field's current value as text ("" when none). */
static const char *
field_value(json_t *fields, const char *name)
{
	const char *v = json_string_value(json_object_get(json_object_get(fields, name),
	    "value"));

	return v != NULL ? v : "";
}

/* Attach the select's options, marking the one matching its value. */
static void
set_options(json_t *fields, const char *name, json_t *opts)
{
	json_t *f = json_object_get(fields, name), *o;
	const char *v = field_value(fields, name);
	size_t i;

	json_array_foreach(opts, i, o)
		json_object_set_new(o, "selected", json_boolean(strcmp(json_string_value(
		    json_object_get(o, "value")), v) == 0));
	if (f != NULL)
		json_object_set_new(f, "options", opts);
	else
		json_decref(opts);
}

/* The form's view model: fields (refilled from the request, or from the
 * stored unit when editing), options, where it posts. */
static int
form_model(struct request *req, struct reply *rep, struct db_conn *c, json_t *unit,
    bool refill, struct err *e)
{
	enum lang l = req_lang(req);
	struct db_param prm[REGISTRY_SCOPE_PARAMS];
	json_t *fields, *orgs = NULL, *row, *opts, *f;
	const char *key;
	char buf[32];
	size_t i;
	bool editing = unit != NULL;

	fields = form_fields(req, unit_fields, refill);
	if (editing && !refill)
		json_object_foreach(fields, key, f) {
			json_t *v = json_object_get(unit, key);

			if (strcmp(key, "status") == 0)
				json_object_set_new(f, "value", json_string(json_integer_value(
				    json_object_get(unit, "active")) ? "aktif" : "nonaktif"));
			else if (json_is_string(v))
				json_object_set(f, "value", v);
			else if (json_is_integer(v)) {
				snprintf(buf, sizeof(buf), "%lld", (long long)json_integer_value(v));
				json_object_set_new(f, "value", json_string(buf));
			}
		}
	if (!editing)
		json_object_del(fields, "status");
	if (registry_scope_params(&req_auth(req)->principal, &req->arena, prm) < 0 ||
	    db_exec(c, DB_ORG_CHOICES, prm, 3, &orgs, e) < 0) {
		json_decref(fields);
		if (e->status == 0)
			err_set(e, ERR_TOO_LARGE, "out of memory");
		return -1;
	}
	opts = json_array();
	json_array_foreach(orgs, i, row) {
		snprintf(buf, sizeof(buf), "%lld",
		    (long long)json_integer_value(json_object_get(row, "id")));
		json_array_append_new(opts, json_pack("{s:s, s:O}", "value", buf, "label",
		    json_object_get(row, "name")));
	}
	json_decref(orgs);
	set_options(fields, "organization_id", opts);
	set_options(fields, "unit_type", registry_unit_type_options(l, NULL));
	set_options(fields, "province_code", registry_province_options(0));
	opts = json_array();
	json_array_append_new(opts, json_pack("{s:s, s:s}", "value", "aktif", "label",
	    i18n_get(l, "registry.active")));
	json_array_append_new(opts, json_pack("{s:s, s:s}", "value", "nonaktif", "label",
	    i18n_get(l, "registry.inactive")));
	set_options(fields, "status", opts);
	rep->model = json_pack("{s:s, s:o, s:b}", "page_title", i18n_get(l, editing ?
	    "registry.unit_edit_title" : "registry.unit_new_title"), "fields", fields,
	    "editing", editing);
	if (rep->model == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	if (editing) {
		json_object_set(rep->model, "unit", unit);
		json_object_set_new(rep->model, "action", json_string(arena_printf(&req->arena,
		    "/unit/%lld/ubah", (long long)json_integer_value(json_object_get(unit,
		    "id")))));
	} else
		json_object_set_new(rep->model, "action", json_string("/unit"));
	rep->template = "unit_form";
	return 0;
}

/* Does following parents up from parent reach unit id? */
static int
reaches(struct db_conn *c, int64_t parent, int64_t id, bool *cycle, struct err *e)
{
	json_t *rows = NULL;
	int depth;

	*cycle = false;
	for (depth = 0; parent != 0; depth++) {
		if (parent == id || depth == PARENT_DEPTH_MAX) {
			*cycle = true;
			return 0;
		}
		if (db_exec(c, DB_UNIT_PLACE, (struct db_param[]){ DBP_INT(parent) }, 1, &rows,
		    e) < 0)
			return -1;
		parent = json_integer_value(json_object_get(json_array_get(rows, 0),
		    "parent_unit_id"));
		json_decref(rows);
		rows = NULL;
	}
	return 0;
}

/*
 * Read and check the form into in; cur is the unit edited (NULL: a new
 * one), whose organization and parent may stay as they are even when the
 * organization has been deactivated since or the parent lies outside the
 * user's view. Problems are set on the model's fields (built by the
 * caller with refill); *bad says whether there were any. -1 only on a
 * database error.
 */
static int
check_form(struct request *req, struct db_conn *c, json_t *cur, json_t *fields,
    struct unit_input *in, bool *bad, struct err *e)
{
	int64_t id = json_integer_value(json_object_get(cur, "id"));
	int64_t cur_org = json_integer_value(json_object_get(cur, "organization_id"));
	int64_t cur_parent = json_integer_value(json_object_get(cur, "parent_unit_id"));
	const struct principal *p = &req_auth(req)->principal;
	const char *regency = req_param(req, "regency_code")->text;
	enum registry_problem rp;
	struct object_ref ref;
	json_t *rows = NULL, *row;
	enum org_kind kind = ORG_KIND_MAX;
	int org_province = 0, org_regency = 0;
	char *name, *sector;
	bool cycle, org_ok = false;
	size_t n;

	*bad = form_has_errors(req);
	memset(in, 0, sizeof(*in));
	if ((name = arena_strdup(&req->arena, req_param(req, "name")->text)) == NULL ||
	    (sector = arena_alloc(&req->arena, 64)) == NULL) {
		err_set(e, ERR_TOO_LARGE, "out of memory");
		return -1;
	}
	registry_squeeze(name);
	in->name = name;
	in->unit_type = req_param(req, "unit_type")->text;
	in->province = (int)req_param(req, "province_code")->i;
	in->org_id = req_param(req, "organization_id")->i;
	in->parent_id = req_param(req, "parent_unit_id")->i;
	in->address = req_param(req, "address")->text;
	in->head_name = req_param(req, "head_name")->text;
	in->head_title = req_param(req, "head_title")->text;
	in->phone = req_param(req, "phone")->text;
	in->email = req_param(req, "email")->text;
	in->active = id == 0 || strcmp(req_param(req, "status")->text, "nonaktif") != 0;
	in->sector = sector;
	if (req_param(req, "unit_type")->present && unit_type_find(in->unit_type) == NULL)
		registry_flag(req, fields, "unit_type", RP_UNIT_TYPE_UNKNOWN, bad);
	if (req_param(req, "sector")->present &&
	    registry_sector_normalize(req_param(req, "sector")->text, sector, 64) != RP_OK)
		registry_flag(req, fields, "sector", RP_SECTOR_FORMAT, bad);
	if (req_param(req, "province_code")->present && province_find(in->province) == NULL)
		registry_flag(req, fields, "province_code", RP_PROVINCE_UNKNOWN, bad);
	if (regency[0] != '\0') {
		rp = registry_regency_parse(regency, in->province, &in->regency);
		if (rp == RP_OK) {
			if (db_exec(c, DB_REGENCY_GET, (struct db_param[]){ DBP_INT(in->regency) }, 1,
			    &rows, e) < 0)
				return -1;
			n = json_array_size(rows);
			json_decref(rows);
			rows = NULL;
			if (n == 0)
				rp = RP_REGENCY_UNKNOWN;
		}
		if (rp != RP_OK)
			registry_flag(req, fields, "regency_code", rp, bad);
	}
	if (registry_phone_check(in->phone) != RP_OK)
		registry_flag(req, fields, "phone", RP_PHONE_FORMAT, bad);
	if (in->org_id > 0) {
		if (db_exec(c, DB_ORG_GET, (struct db_param[]){ DBP_INT(in->org_id) }, 1, &rows,
		    e) < 0)
			return -1;
		if ((row = json_array_get(rows, 0)) == NULL)
			registry_flag(req, fields, "organization_id", RP_ORG_UNKNOWN, bad);
		else if (!json_integer_value(json_object_get(row, "active")) &&
		    in->org_id != cur_org)
			registry_flag(req, fields, "organization_id", RP_ORG_INACTIVE, bad);
		else {
			org_ok = true;
			kind = org_kind_parse(json_string_value(json_object_get(row, "kind")));
			org_province = (int)json_integer_value(json_object_get(row, "province_code"));
			org_regency = (int)json_integer_value(json_object_get(row, "regency_code"));
		}
		json_decref(rows);
		rows = NULL;
	}
	if (in->parent_id > 0 && in->parent_id != cur_parent) {
		if (db_exec(c, DB_UNIT_PLACE, (struct db_param[]){ DBP_INT(in->parent_id) }, 1,
		    &rows, e) < 0)
			return -1;
		row = json_array_get(rows, 0);
		ref = registry_unit_ref(in->parent_id,
		    (int)json_integer_value(json_object_get(row, "province_code")),
		    json_integer_value(json_object_get(row, "organization_id")));
		n = row != NULL && policy_check(p, ACT_VIEW, &ref) == POLICY_ALLOW;
		json_decref(rows);
		rows = NULL;
		if (!n)
			registry_flag(req, fields, "parent_unit_id", RP_PARENT_UNKNOWN, bad);
		else if (id != 0) {
			if (reaches(c, in->parent_id, id, &cycle, e) < 0)
				return -1;
			if (cycle)
				registry_flag(req, fields, "parent_unit_id", RP_PARENT_CYCLE, bad);
		}
	}
	if (*bad || !org_ok)
		return 0;
	rp = registry_unit_place_check(in->unit_type, in->province, in->regency, kind,
	    org_province, org_regency);
	if (rp != RP_OK) {
		registry_flag(req, fields, rp == RP_OWNER_MISMATCH ? "unit_type" : rp ==
		    RP_REGENCY_PROVINCE ? "regency_code" : "province_code", rp, bad);
		return 0;
	}
	/* The new place must be one the user may put a unit in. */
	ref = registry_unit_ref(id, in->province, in->org_id);
	if (policy_check(p, id == 0 ? ACT_CREATE : ACT_EDIT, &ref) != POLICY_ALLOW) {
		registry_flag(req, fields, "province_code", RP_OUTSIDE_SCOPE, bad);
		return 0;
	}
	if (db_exec(c, DB_UNIT_BY_ORG_NAME, (struct db_param[]){ DBP_INT(in->org_id),
	    DBP_TEXT(in->name) }, 2, &rows, e) < 0)
		return -1;
	row = json_array_get(rows, 0);
	if (row != NULL && json_integer_value(json_object_get(row, "id")) != id)
		registry_flag(req, fields, "name", RP_DUPLICATE, bad);
	json_decref(rows);
	return 0;
}

/* The unit's fields for the audit log. */
static json_t *
summary_of(const struct unit_input *in)
{
	return json_pack("{s:s, s:s, s:s, s:i, s:I, s:b}", "name", in->name, "unit_type",
	    in->unit_type, "sector", in->sector, "province_code", in->province,
	    "organization_id", (json_int_t)in->org_id, "active", in->active);
}

/* The user may create a unit somewhere, or sees no form at all. */
static int
may_create(struct request *req, struct err *e)
{
	if (registry_may_somewhere(&req_auth(req)->principal, ACT_CREATE, OBJ_UNIT))
		return 0;
	err_set(e, ERR_NOT_FOUND, "no right to create units");
	return -1;
}

static int
units_new(struct request *req, struct reply *rep, struct err *e)
{
	struct db_conn *c;

	if (may_create(req, e) < 0 || (c = req_db(req, e)) == NULL)
		return -1;
	return form_model(req, rep, c, NULL, false, e);
}

static int
units_create(struct request *req, struct reply *rep, struct err *e)
{
	struct unit_input in;
	char now[TIME_ISO_LEN];
	struct db_conn *c;
	json_t *rows = NULL;
	int64_t id;
	bool bad;

	if (may_create(req, e) < 0 || (c = req_db(req, e)) == NULL ||
	    form_model(req, rep, c, NULL, true, e) < 0)
		return -1;
	if (db_begin(c, e) < 0)
		return -1;
	if (check_form(req, c, NULL, json_object_get(rep->model, "fields"), &in, &bad, e) < 0)
		goto fail;
	if (bad) {
		db_rollback(c);
		rep->status = 422;
		return 0;
	}
	time_iso(time(NULL), now);
	if (db_exec(c, DB_UNIT_INSERT, (struct db_param[]){ DBP_TEXT(in.name),
	    DBP_TEXT(in.unit_type), DBP_TEXT(in.sector), DBP_INT(in.province),
	    in.regency ? DBP_INT(in.regency) : DBP_NULL, DBP_INT(in.org_id),
	    in.parent_id ? DBP_INT(in.parent_id) : DBP_NULL, DBP_TEXT(in.address),
	    DBP_TEXT(in.head_name), DBP_TEXT(in.head_title), DBP_TEXT(in.phone),
	    DBP_TEXT(in.email), DBP_TEXT(now) }, 13, &rows, e) < 0)
		goto fail;
	id = json_integer_value(json_object_get(json_array_get(rows, 0), "id"));
	json_decref(rows);
	if (audit_record_new(req, c, "unit.create", "unit", id, summary_of(&in), e) < 0)
		goto fail;
	if (db_commit(c, e) < 0)
		goto fail;
	json_decref(rep->model);
	rep->model = NULL;
	rep->status = 303;
	rep->location = arena_printf(&req->arena, "/unit/%lld", (long long)id);
	return 0;
fail:
	db_rollback(c);
	return -1;
}

static int
units_edit(struct request *req, struct reply *rep, struct err *e)
{
	struct db_conn *c;
	json_t *unit;
	int rc;

	if ((c = req_db(req, e)) == NULL ||
	    (unit = registry_unit_load(req, c, req_param(req, "id")->i, ACT_EDIT, e)) == NULL)
		return -1;
	rc = form_model(req, rep, c, unit, false, e);
	json_decref(unit);
	return rc;
}

static int
units_update(struct request *req, struct reply *rep, struct err *e)
{
	int64_t id = req_param(req, "id")->i;
	struct unit_input in;
	char now[TIME_ISO_LEN];
	struct db_conn *c;
	json_t *unit;
	bool bad;
	int rc;

	if ((c = req_db(req, e)) == NULL ||
	    (unit = registry_unit_load(req, c, id, ACT_EDIT, e)) == NULL)
		return -1;
	if (form_model(req, rep, c, unit, true, e) < 0 || db_begin(c, e) < 0) {
		json_decref(unit);
		return -1;
	}
	rc = check_form(req, c, unit, json_object_get(rep->model, "fields"), &in, &bad, e);
	json_decref(unit);
	if (rc < 0)
		goto fail;
	if (bad) {
		db_rollback(c);
		rep->status = 422;
		return 0;
	}
	time_iso(time(NULL), now);
	if (db_exec(c, DB_UNIT_UPDATE, (struct db_param[]){ DBP_INT(id), DBP_TEXT(in.name),
	    DBP_TEXT(in.unit_type), DBP_TEXT(in.sector), DBP_INT(in.province),
	    in.regency ? DBP_INT(in.regency) : DBP_NULL, DBP_INT(in.org_id),
	    in.parent_id ? DBP_INT(in.parent_id) : DBP_NULL, DBP_TEXT(in.address),
	    DBP_TEXT(in.head_name), DBP_TEXT(in.head_title), DBP_TEXT(in.phone),
	    DBP_TEXT(in.email), DBP_INT(in.active), DBP_TEXT(now) }, 15, NULL, e) < 0)
		goto fail;
	if (audit_record_new(req, c, "unit.update", "unit", id, summary_of(&in), e) < 0)
		goto fail;
	if (db_commit(c, e) < 0)
		goto fail;
	json_decref(rep->model);
	rep->model = NULL;
	rep->status = 303;
	rep->location = arena_printf(&req->arena, "/unit/%lld", (long long)id);
	return 0;
fail:
	db_rollback(c);
	return -1;
}

/* The addresses this file answers, with their declared inputs. */
#define UNIT_FORM_PARAMS \
	{ "name", PARAM_FORM, PT_TEXT, true, 2, 200, NULL }, \
	{ "unit_type", PARAM_FORM, PT_TEXT, true, 0, 40, NULL }, \
	{ "sector", PARAM_FORM, PT_TEXT, true, 0, 60, NULL }, \
	{ "organization_id", PARAM_FORM, PT_INT, true, 1, INT64_MAX, NULL }, \
	{ "province_code", PARAM_FORM, PT_INT, true, 11, 99, NULL }, \
	{ "regency_code", PARAM_FORM, PT_TEXT, false, 0, 10, NULL }, \
	{ "parent_unit_id", PARAM_FORM, PT_INT, false, 1, INT64_MAX, NULL }, \
	{ "address", PARAM_FORM, PT_MULTILINE, false, 0, 500, NULL }, \
	{ "head_name", PARAM_FORM, PT_TEXT, false, 0, 200, NULL }, \
	{ "head_title", PARAM_FORM, PT_TEXT, false, 0, 200, NULL }, \
	{ "phone", PARAM_FORM, PT_TEXT, false, 0, 30, NULL }, \
	{ "email", PARAM_FORM, PT_EMAIL, false, 0, 0, NULL }
static const struct param_spec p_unit_new[] = {
	UNIT_FORM_PARAMS,
	{ NULL },
};
static const struct param_spec p_unit_edit[] = {
	PARAM_ID("id"),
	UNIT_FORM_PARAMS,
	STATUS_PARAM,
	{ NULL },
};

static const struct route routes[] = {
	{ .method = HTTP_GET, .pattern = "/unit/baru", .handler = units_new,
	  .template = "unit_form", .login = true, .access = ACCESS_REGISTRY,
	  .params = p_unit_new },
	{ .method = HTTP_POST, .pattern = "/unit", .handler = units_create,
	  .template = "unit_form", .login = true, .csrf = true, .access = ACCESS_REGISTRY,
	  .params = p_unit_new },
	{ .method = HTTP_GET, .pattern = "/unit/{id}/ubah", .handler = units_edit,
	  .template = "unit_form", .login = true, .access = ACCESS_REGISTRY,
	  .params = p_unit_edit },
	{ .method = HTTP_POST, .pattern = "/unit/{id}/ubah", .handler = units_update,
	  .template = "unit_form", .login = true, .csrf = true, .access = ACCESS_REGISTRY,
	  .params = p_unit_edit },
};
ROUTE_TABLE(unit_form_routes, routes);
