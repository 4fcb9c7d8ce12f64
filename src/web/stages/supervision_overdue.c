/*
 * supervision_overdue.c - overdue follow-up actions across units: the
 * regional office's list of the overdue actions of the units it
 * supervises (/pembinaan/terlambat; the admin sees every province), and
 * the rows as the progress dashboard and the unit's page show them.
 */
#include <stdio.h>
#include <string.h>

#include "core/region.h"
#include "svc/registry.h"
#include "web/app.h"
#include "web/registry/registry.h"
#include "web/routes.h"
#include "web/stages/participation.h"
#include "web/stages/supervision.h"
#include "web/model.h"

json_t *
supervision_overdue_json(struct request *req, json_t *rows)
{
	const struct province *pv;
	json_t *r;
	char key[64];
	size_t i;

	json_array_foreach(rows, i, r) {
		pv = province_find(
		    (int)json_integer_value(json_object_get(r, "province_code")));
		snprintf(key, sizeof(key), "supervision.severity.%s",
		    json_string_value(json_object_get(r, "severity")));
		json_object_set_new(r, "severity_label",
		    json_string(i18n_get(req_lang(req), key)));
		json_object_set_new(r, "province_name", json_string(pv ? pv->name : ""));
		json_object_set_new(r, "href",
		    json_sprintf("/partisipasi/%lld/pembinaan#aksi-%lld",
			(long long)json_integer_value(json_object_get(r, "participation_id")),
			(long long)json_integer_value(json_object_get(r, "id"))));
		json_object_set_new(r, "due_date_text",
		    json_string(time_date_text(&req->arena,
			json_string_value(json_object_get(r, "due_date")),
			i18n_time_lang(req_lang(req)))));
	}
	return rows;
}

/* The caller's grants that supervise units over a region. */
static struct principal
supervisor(struct request *req)
{
	return registry_principal_for(req, ACT_MENTOR, OBJ_PARTICIPATION,
	    REGISTRY_AREA_OR_REGION_SCOPES);
}

int
supervision_overdue_put(struct request *req, const struct db_param scope[4],
    int64_t unit_id, json_t *model, struct err *e)
{
	json_t *rows;
	struct svc s;

	if (web_svc(req, &s, e) < 0 ||
	    (rows = supervision_overdue(&s, scope, unit_id, e)) == NULL)
		return -1;
	json_object_set_new(model, "has_overdue_actions",
	    json_boolean(json_array_size(rows) > 0));
	json_object_set_new(model, "overdue_actions", supervision_overdue_json(req, rows));
	if (supervisor(req).grant_count > 0)
		json_object_set_new(model, "overdue_list_href",
		    json_string("/pembinaan/terlambat"));
	return 0;
}

static int
overdue_page(struct request *req, struct reply *rep, struct err *e)
{
	struct principal who = supervisor(req);
	struct db_param prm[REGISTRY_SCOPE_PARAMS];
	json_t *rows;
	struct svc s;

	if (who.grant_count == 0) {
		err_set(e, ERR_NOT_FOUND, "no grant that supervises a region");
		return -1;
	}
	if (registry_scope_params(&who, &req->arena, prm) < 0)
		return web_nomem(e);
	if (web_svc(req, &s, e) < 0 || (rows = supervision_overdue(&s, prm, 0, e)) == NULL)
		return -1;
	rep->model = json_pack("{s:s, s:o, s:b}", "page_title",
	    i18n_get(req_lang(req), "supervision.overdue.title"), "overdue_actions",
	    supervision_overdue_json(req, rows), "has_actions", json_array_size(rows) > 0);
	return rep->model != NULL ? 0 : -1;
}

/* clang-format off */
static const struct route routes[] = {
	ROUTE_GET("/pembinaan/terlambat", overdue_page, "supervision_overdue", SIGNED_IN,
	    .about = "Follow-up actions past their deadline in the caller's scope"),
};
/* clang-format on */
ROUTE_TABLE(supervision_overdue_routes, routes);
