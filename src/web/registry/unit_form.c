/*
 * unit_form.c - creating and editing a unit (/unit/baru, /unit/{id}/ubah).
 * The form keeps what was typed and says next to each field what is
 * wrong: its validator's complaint, or the registry service's
 * (svc/units.c), which checks the codes, the organization, the parent, the
 * name and, through the policy, that the user may create (or edit) a unit
 * there. The organization and the parent unit are pickers (web/picker.h):
 * a list while short, a search among many.
 */
#include <string.h>

#include "web/app.h"
#include "web/auth.h"
#include "web/form.h"
#include "web/picker.h"
#include "web/registry/registry.h"
#include "web/routes.h"

static const struct field_spec unit_fields[] = {
	{ "name", "registry.unit.name", "text", "off", NULL },
	{ "unit_type", "registry.unit.unit_type", "select", NULL, NULL },
	{ "sector", "registry.unit.sector", "text", "off", "registry.unit.sector_hint" },
	{ "organization_id", "registry.unit.organization", "select", NULL, NULL },
	{ "province_code", "registry.unit.province", "select", NULL, NULL },
	{ "regency_code", "registry.unit.regency", "text", "off", "registry.unit.regency_hint" },
	{ "parent_unit_id", "registry.unit.parent", "select", NULL, "registry.unit.parent_hint" },
	{ "address", "registry.unit.address", "textarea", "street-address", NULL },
	{ "head_name", "registry.unit.head_name", "text", "off", NULL },
	{ "head_title", "registry.unit.head_title", "text", "off", NULL },
	{ "phone", "registry.unit.phone", "tel", "off", NULL },
	{ "email", "registry.unit.email", "email", "off", NULL },
	{ "status", "registry.status", "select", NULL, NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};

/* A field's current value as text ("" when none). */
static const char *
field_value(json_t *fields, const char *name)
{
	const char *v = json_string_value(
	    json_object_get(json_object_get(fields, name), "value"));

	return v != NULL ? v : "";
}

/* The form's pickers. */
static const char *const unit_pickers[] = { "organization_id", "parent_unit_id", NULL };

/* Attach the select's options, marking the one matching its value. */
static void
set_options(json_t *fields, const char *name, json_t *opts)
{
	json_t *f = json_object_get(fields, name), *o;
	const char *v = field_value(fields, name);
	size_t i;

	json_array_foreach(opts, i, o)
		json_object_set_new(o, "selected",
		    json_boolean(
			strcmp(json_string_value(json_object_get(o, "value")), v) == 0));
	if (f != NULL)
		json_object_set_new(f, "options", opts);
	else
		json_decref(opts);
}

/* Does the parent picker offer unit id: not the unit itself. */
static bool
not_itself(void *ctx, int64_t id)
{
	return id != *(const int64_t *)ctx;
}

/*
 * Fill the organization and parent pickers of fields; when editing, the
 * unit's stored organization keeps its name even if the picker's source no
 * longer holds it (the unit's page shows it too; a parent out of view
 * stays a number). *searching tells whether one of them is a search.
 */
static int
set_pickers(struct request *req, json_t *fields, json_t *unit, bool *searching, struct err *e)
{
	/* clang-format off */
	struct picker p[2] = {
		{ .name = "organization_id", .query = { .source = PICK_ORG_OWNER } },
		{ .name = "parent_unit_id", .query = { .source = PICK_UNIT },
		  .none_key = "picker.none", .keep = not_itself },
	};
	/* clang-format on */
	int64_t self = unit != NULL ? json_integer_value(json_object_get(unit, "id")) : 0;
	json_t *f, *stored;
	struct svc s;
	char buf[32];
	size_t i;

	if (web_svc(req, &s, e) < 0)
		return -1;
	p[1].keep_ctx = &self;
	*searching = false;
	for (i = 0; i < 2; i++) {
		f = json_object_get(fields, p[i].name);
		stored = json_object_get(unit, p[i].name);
		snprintf(buf, sizeof(buf), "%lld", (long long)json_integer_value(stored));
		if (i == 0 && json_is_integer(stored) &&
		    strcmp(field_value(fields, p[i].name), buf) == 0)
			p[i].chosen_label = json_string_value(
			    json_object_get(unit, "organization_name"));
		if (f == NULL || picker_fill(req, &s, f, &p[i], e) < 0)
			return -1;
		*searching = *searching || picker_searching(f);
	}
	return 0;
}

/* The form's view model: fields (refilled from the request when shown
 * again, or from the stored unit when editing), options, where it posts. */
static int
form_model(struct request *req, struct reply *rep, json_t *unit, struct err *e)
{
	enum lang l = req_lang(req);
	json_t *fields, *f;
	const char *key;
	char buf[32];
	bool editing = unit != NULL, refill = req_refill(req), searching;

	fields = form_fields(req, unit_fields, refill);
	if (editing && !refill)
		json_object_foreach(fields, key, f) {
			json_t *v = json_object_get(unit, key);

			if (json_is_string(v))
				json_object_set(f, "value", v);
			else if (json_is_integer(v)) {
				snprintf(buf, sizeof(buf), "%lld",
				    (long long)json_integer_value(v));
				json_object_set_new(f, "value", json_string(buf));
			}
		}
	registry_status_field(l, fields, unit, refill);
	if (set_pickers(req, fields, unit, &searching, e) < 0) {
		json_decref(fields);
		return -1;
	}
	set_options(fields, "unit_type", registry_unit_type_options(l, NULL));
	set_options(fields, "province_code", registry_province_options(0));
	rep->model = json_pack("{s:s, s:o, s:b, s:b}", "page_title",
	    i18n_get(l, editing ? "registry.unit_edit_title" : "registry.unit_new_title"),
	    "fields", fields, "editing", editing, "picker_default", searching);
	return registry_form_finish(req, rep, "unit", unit, "/unit", "unit_form", e);
}

/* The form of a new unit, or of unit {id}. */
static int
units_form(struct request *req, struct reply *rep, struct err *e)
{
	return registry_form_page(req, rep, OBJ_UNIT, registry_unit_load, form_model, e);
}

/*
 * Register a unit, or update unit {id}, from the posted form: 303 to it,
 * or the form again with each problem next to its field.
 */
static int
units_submit(struct request *req, struct reply *rep, struct err *e)
{
	int64_t id = registry_form_id(req);
	struct svc_problems pr = { .count = 0 };
	struct unit_input in = {
		.name = req_param(req, "name")->text,
		.unit_type = req_param(req, "unit_type")->text,
		.sector = req_param(req, "sector")->text,
		.province = (int)req_param(req, "province_code")->i,
		.regency = req_param(req, "regency_code")->text,
		.org_id = req_param(req, "organization_id")->i,
		.parent_id = req_param(req, "parent_unit_id")->i,
		.address = req_param(req, "address")->text,
		.head_name = req_param(req, "head_name")->text,
		.head_title = req_param(req, "head_title")->text,
		.phone = req_param(req, "phone")->text,
		.email = req_param(req, "email")->text,
		.active = registry_posted_active(req, id),
	};
	bool invalid = form_has_errors(req);
	struct svc s;
	int rc;

	if ((id == 0 && registry_may_create(req, OBJ_UNIT, e) < 0) || web_svc(req, &s, e) < 0)
		return -1;
	if (picker_requested(req, unit_pickers))
		return form_search_again(req, rep, units_form, "fields", e);
	rc = invalid ? registry_unit_check(&s, id, &in, &pr, e)
		     : registry_unit_save(&s, &id, &in, &pr, e);
	return registry_form_answer(req, rep, units_form, invalid, rc, "/unit", id, &pr, e);
}

/* The addresses this file answers, with their declared inputs. */
/* clang-format off */
#define UNIT_FORM_PARAMS \
	PARAM_NAME("name"), \
	{ "unit_type", PARAM_FORM, PT_TEXT, true, 0, UNIT_TYPE_CHARS, NULL }, \
	{ "sector", PARAM_FORM, PT_TEXT, true, 0, SECTOR_CHARS, NULL }, \
	PARAM_REF("organization_id", PARAM_FORM, true), \
	PARAM_PROVINCE("province_code", PARAM_FORM, true), \
	REGENCY_CODE_PARAM, \
	PARAM_REF("parent_unit_id", PARAM_FORM, false), \
	PARAM_MULTILINE("address", 500), \
	PARAM_LINE("head_name"), \
	PARAM_LINE("head_title"), \
	PARAM_PHONE, \
	PARAM_EMAIL(false)
#define UNIT_PICKER_PARAMS(src) \
	PICKER_PARAMS("organization_id", src), \
	PICKER_PARAMS("parent_unit_id", src)
/* clang-format on */

/* clang-format off */
static const struct route routes[] = {
	ROUTE_GET("/unit/baru", units_form, "unit_form", REGISTRY,
	    .params = PARAMS(UNIT_FORM_PARAMS, UNIT_PICKER_PARAMS(PARAM_QUERY)),
	    .about = "The form to register a unit"),
	ROUTE_POST("/unit", units_submit, "unit_form", REGISTRY,
	    .params = PARAMS(UNIT_FORM_PARAMS, UNIT_PICKER_PARAMS(PARAM_FORM),
		PICKER_BUTTON_PARAMS),
	    .about = "Registers a unit"),
	ROUTE_GET("/unit/{id}/ubah", units_form, "unit_form", REGISTRY,
	    .params = PARAMS(PARAM_ID("id"), UNIT_FORM_PARAMS, STATUS_PARAM,
		UNIT_PICKER_PARAMS(PARAM_QUERY)),
	    .about = "The form to change a unit"),
	ROUTE_POST("/unit/{id}/ubah", units_submit, "unit_form", REGISTRY,
	    .params = PARAMS(PARAM_ID("id"), UNIT_FORM_PARAMS, STATUS_PARAM,
		UNIT_PICKER_PARAMS(PARAM_FORM), PICKER_BUTTON_PARAMS),
	    .about = "Changes a unit"),
};
/* clang-format on */
ROUTE_TABLE(unit_form_routes, routes);
