/*
 * units.c - the unit registry's reading pages: the list (/unit) with its
 * filters, and one unit (/unit/{id}) with the units under it. Everything
 * shown is what the caller may see: the list through the scoped
 * statements, which registry_scope_of derives from the policy, and the
 * unit page through policy_check (404 outside the caller's view).
 */
#include <string.h>

#include "web/app.h"
#include "web/auth.h"
#include "web/form.h"
#include "web/picker.h"
#include "web/registry/registry.h"
#include "web/stages/supervision.h"
#include "svc/participation.h"
#include "web/complaints/complaints_web.h"
#include "web/routes.h"
#include "web/model.h"

#define PAGE_SIZE 50

/* Decorate each row of a unit list for display. */
static void
decorate_all(enum lang l, json_t *rows)
{
	json_t *row;
	size_t i;

	json_array_foreach(rows, i, row)
		registry_decorate(l, row);
}

/* The organization filter: a picker (web/picker.h) over the organizations
 * a unit form would offer, which keeps list pages light however many
 * there are. NULL with e. */
static json_t *
org_filter(struct request *req, struct err *e)
{
	const struct param_value *v = req_param(req, "organisasi");
	struct picker p = { .name = "organisasi",
		.query = { .source = PICK_ORG_OWNER },
		.none_key = "registry.all" };
	struct svc s;
	json_t *f;

	if (web_svc(req, &s, e) < 0)
		return NULL;
	f = json_pack("{s:s, s:s}", "label",
	    i18n_get(req_lang(req), "registry.unit.organization"), "value",
	    v->present ? v->text : "");
	if (f == NULL || picker_fill(req, &s, f, &p, e) < 0) {
		json_decref(f);
		if (e->status == 0)
			err_set(e, ERR_NOMEM, "out of memory");
		return NULL;
	}
	return f;
}

static int
units_list(struct request *req, struct reply *rep, struct err *e)
{
	const struct auth *a = req_auth(req);
	enum lang l = req_lang(req);
	struct form_keyset k;
	struct db_param prm[13];
	struct db_conn *c;
	json_t *rows = NULL, *orgs;
	const char *query;
	int64_t total;
	bool over;

	if ((c = req_db(req, e)) == NULL)
		return -1;
	if (registry_scope_params(&a->principal, &req->arena, prm) < 0 ||
	    registry_unit_filters(req, prm + 4) < 0) {
		err_set(e, ERR_TOO_LARGE, "out of memory");
		return -1;
	}
	form_keyset_of(req, &k);
	registry_unit_narrow(&a->principal, prm);
	if (registry_unit_count(c, prm, &total, &over, e) < 0)
		return -1;
	if (form_keyset_rows(req, c, &k, registry_unit_stmts(prm), prm, 10, PAGE_SIZE,
		&rows, e) < 0)
		return -1;
	if ((orgs = org_filter(req, e)) == NULL) {
		json_decref(rows);
		return -1;
	}
	query = registry_filter_query(req);
	rep->model = json_pack("{s:s, s:I, s:b, s:s, s:s, s:s}", "page_title",
	    i18n_get(l, "registry.units_title"), "total", (json_int_t)total, "total_over",
	    over, "query", query, "q", req_param(req, "q")->text, "sektor",
	    req_param(req, "sektor")->text);
	if (rep->model == NULL) {
		json_decref(rows);
		json_decref(orgs);
		return web_nomem(e);
	}
	form_keyset_finish(req, &k, rows, PAGE_SIZE, "/unit", query, rep->model);
	decorate_all(l, rows);
	json_object_set_new(rep->model, "units", rows);
	json_object_set_new(rep->model, "has_units", json_boolean(json_array_size(rows) > 0));
	json_object_set_new(rep->model, "organization_filter", orgs);
	json_object_set_new(rep->model, "unit_type_options",
	    registry_unit_type_options(l, req_param(req, "jenis")->text));
	json_object_set_new(rep->model, "province_options",
	    registry_province_options((int)req_param(req, "provinsi")->i));
	json_object_set_new(rep->model, "may_create",
	    json_boolean(policy_may_somewhere(&a->principal, ACT_CREATE, OBJ_UNIT)));
	json_object_set_new(rep->model, "export_csv",
	    json_string(arena_printf(&req->arena, "/unit/ekspor?format=csv%s%s",
		query[0] ? "&" : "", query)));
	json_object_set_new(rep->model, "export_xlsx",
	    json_string(arena_printf(&req->arena, "/unit/ekspor?format=xlsx%s%s",
		query[0] ? "&" : "", query)));
	return 0;
}

/* Where participation row (its cycle, stage and state) stands, as people
 * read it in its cycle: a 2022 unit that submitted is finished, not
 * waiting for an evaluation that cycle never runs. */
static const char *
standing(struct request *req, struct db_conn *c, json_t *row)
{
	struct cycle_window w[STAGE_MAX];
	json_t *stages = NULL, *st;
	struct err e;
	enum stage s;
	size_t i, n = 0;

	err_clear(&e);
	if (db_exec(c, DB_CYCLE_STAGES,
		(struct db_param[]){
		    DBP_INT(json_integer_value(json_object_get(row, "cycle_id"))) },
		1, &stages, &e) == 0)
		json_array_foreach(stages, i, st)
			if ((s = stage_parse(json_string_value(json_object_get(st, "stage")))) <
				STAGE_MAX &&
			    n < STAGE_MAX)
				w[n++] = (struct cycle_window){ s, 0, 0 };
	json_decref(stages);
	return participation_standing_label(&req->arena, req_lang(req),
	    stage_parse(json_string_value(json_object_get(row, "stage"))),
	    pstate_parse(json_string_value(json_object_get(row, "state"))), w, n);
}

/* The unit's participations the caller may see, with their stage and
 * state, into model's "participations". */
static int
unit_participations(struct request *req, struct db_conn *c, int64_t id,
    const struct policy_place *at, json_t *model, struct err *e)
{
	enum lang l = req_lang(req);
	json_t *rows = NULL, *row, *seen = json_array();
	struct object_ref ref = { .type = OBJ_PARTICIPATION, .at = *at };
	char key[64];
	size_t i;

	if (seen == NULL ||
	    db_exec(c, DB_PARTICIPATION_OF_UNIT, (struct db_param[]){ DBP_INT(id) }, 1,
		&rows, e) < 0) {
		json_decref(seen);
		return -1;
	}
	json_array_foreach(rows, i, row) {
		ref.id = ref.at.participation = json_integer_value(json_object_get(row, "id"));
		if (policy_check(&req_auth(req)->principal, ACT_VIEW, &ref) != POLICY_ALLOW)
			continue;
		snprintf(key, sizeof(key), "stage.%s.name",
		    json_string_value(json_object_get(row, "stage")));
		json_object_set_new(row, "stage_label", json_string(i18n_get(l, key)));
		json_object_set_new(row, "state_label", json_string(standing(req, c, row)));
		json_array_append(seen, row);
	}
	json_decref(rows);
	json_object_set_new(model, "has_participations",
	    json_boolean(json_array_size(seen) > 0));
	json_object_set_new(model, "participations", seen);
	return 0;
}

static int
units_show(struct request *req, struct reply *rep, struct err *e)
{
	const struct auth *a = req_auth(req);
	int64_t id = req_param(req, "id")->i;
	struct db_param prm[5];
	struct object_ref ref;
	struct db_conn *c;
	json_t *unit, *children = NULL;

	if ((c = req_db(req, e)) == NULL || registry_caller_scope(req, prm, e) < 0 ||
	    (unit = registry_unit_load(req, c, id, ACT_VIEW, e)) == NULL)
		return -1;
	prm[4] = DBP_INT(id);
	if (db_exec(c, DB_UNIT_CHILDREN, prm, 5, &children, e) < 0) {
		json_decref(unit);
		return -1;
	}
	decorate_all(req_lang(req), children);
	/* The parent is named only when the caller may see it too. */
	if (json_integer_value(json_object_get(unit, "parent_unit_id")) != 0) {
		json_t *pr = NULL, *p;

		if (db_exec(c, DB_UNIT_PLACE,
			(struct db_param[]){ DBP_INT(
			    json_integer_value(json_object_get(unit, "parent_unit_id"))) },
			1, &pr, e) < 0) {
			json_decref(unit);
			json_decref(children);
			return -1;
		}
		p = json_array_get(pr, 0);
		ref = registry_unit_ref(json_integer_value(json_object_get(p, "id")),
		    (int)json_integer_value(json_object_get(p, "province_code")),
		    json_integer_value(json_object_get(p, "organization_id")));
		if (p == NULL || policy_check(&a->principal, ACT_VIEW, &ref) != POLICY_ALLOW) {
			json_object_set_new(unit, "parent_unit_id", json_null());
			json_object_set_new(unit, "parent_name", json_null());
		}
		json_decref(pr);
	}
	ref = registry_unit_ref(id,
	    (int)json_integer_value(json_object_get(unit, "province_code")),
	    json_integer_value(json_object_get(unit, "organization_id")));
	rep->model = json_pack("{s:O, s:o, s:b, s:b}", "page_title",
	    json_object_get(unit, "name"), "unit", unit, "may_edit",
	    policy_check(&a->principal, ACT_EDIT, &ref) == POLICY_ALLOW, "has_children",
	    json_array_size(children) > 0);
	if (rep->model == NULL) {
		json_decref(children);
		return web_nomem(e);
	}
	json_object_set_new(rep->model, "children", children);
	if (supervision_overdue_put(req, NULL, id, rep->model, e) < 0 ||
	    complaints_overdue_put(req, NULL, id, rep->model, e) < 0)
		return -1;
	return unit_participations(req, c, id, &ref.at, rep->model, e);
}

/* The addresses this file answers, with their declared inputs. */
/* clang-format off */
static const struct route routes[] = {
	ROUTE_GET("/unit", units_list, "units", REGISTRY,
	    .params = PARAMS(UNIT_FILTER_PARAMS(PARAM_QUERY), PARAM_PAGE, PARAM_KEYSET,
		PICKER_PARAMS("organisasi", PARAM_QUERY)),
	    .about = "Lists units in the caller's scope, with search and filters"),
	ROUTE_GET("/unit/{id}", units_show, "unit", REGISTRY, .params = route_params_id,
	    .about = "One unit: its details and participations"),
};
/* clang-format on */
ROUTE_TABLE(units_routes, routes);
