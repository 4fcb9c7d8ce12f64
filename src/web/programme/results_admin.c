/*
 * results_admin.c - the programme admin's page of a cycle's published
 * results, /siklus/{id}/hasil: the versions published so far, and the form
 * that publishes the first version or a correction (the next version,
 * which must say what it corrects). The service is svc/results.h's; the
 * public pages are web/public/results*.c.
 */
#include <stdio.h>
#include <string.h>

#include "svc/results.h"
#include "web/app.h"
#include "web/form.h"
#include "web/public/results.h"
#include "web/model.h"
#include "web/routes.h"

static const struct field_spec publish_fields[] = {
	{ "koreksi", "results.admin.corrects", "textarea", "off", "results.admin.corrects_hint" },
	{ NULL, NULL, NULL, NULL, NULL },
};

/* A cycle's published versions and the form to publish, as typed when
 * shown again. */
static int
admin_page(struct request *req, struct reply *rep, struct err *e)
{
	int64_t id = req_param(req, "id")->i;
	struct object_ref ref = { .type = OBJ_CYCLE, .id = id };
	json_t *cy, *rows = NULL, *row, *m;
	int64_t decided = 0;
	struct svc s;
	size_t i;

	if (web_svc(req, &s, e) < 0 || svc_authorize(&s, ACT_DECREE, &ref, e) < 0 ||
	    results_decided(&s, id, &decided, e) < 0 ||
	    (cy = db_row(s.c, DB_CYCLE_GET, id, "cycle", e)) == NULL)
		return -1;
	if (db_exec(s.c, DB_RESULT_VERSIONS, (struct db_param[]){ DBP_INT(id) }, 1, &rows,
		e) < 0) {
		json_decref(cy);
		return -1;
	}
	json_array_foreach(rows, i, row) {
		json_object_set_new(row, "published",
		    json_string(results_when(req, json_object_get(row, "published_at"))));
		json_object_set_new(row, "href",
		    json_sprintf("/hasil/%lld/versi/%lld", (long long)id,
			(long long)json_integer_value(json_object_get(row, "version"))));
	}
	m = json_pack("{s:o, s:o, s:o, s:b, s:I, s:o}", "page_title",
	    json_sprintf("%s — %s", i18n_get(req_lang(req), "results.admin.title"),
		json_string_value(json_object_get(cy, "title"))),
	    "cycle", cy, "versions", rows, "has_versions", json_array_size(rows) > 0,
	    "next", (json_int_t)json_array_size(rows) + 1, "fields",
	    form_fields(req, publish_fields, req_refill(req)));
	if (m == NULL)
		return -1;
	json_object_set_new(m, "public_href", json_sprintf("/hasil/%lld", (long long)id));
	json_object_set_new(m, "decided", json_integer(decided));
	json_object_set_new(m, "has_decided", json_boolean(decided > 0));
	json_decref(rep->model);
	rep->model = m;
	rep->template = "results_admin";
	web_model_ok_notice(req, rep, "results.admin.done");
	return 0;
}

static int
publish_post(struct request *req, struct reply *rep, struct err *e)
{
	struct svc_problems pr = { 0 };
	struct svc s;
	int n;

	if (form_has_errors(req))
		return form_invalid_again(req, rep, admin_page, "fields", NULL, e);
	if (web_svc(req, &s, e) < 0)
		return -1;
	if (results_publish(&s, req_param(req, "id")->i, req_param(req, "koreksi")->text,
		&pr, &n, e) < 0)
		return web_show_problems(req, rep, e, admin_page, "fields", &pr);
	return web_see_other(req, rep, "/siklus/%lld/hasil?ok=%d",
	    (long long)req_param(req, "id")->i, n);
}

/* The addresses this file answers, with their declared inputs. */
/* clang-format off */
static const struct route routes[] = {
	ROUTE_GET("/siklus/{id}/hasil", admin_page, "results_admin", SIGNED_IN,
	    .params = PARAMS(PARAM_ID("id"), PARAM_VERSION("ok", PARAM_QUERY, false)),
	    .about = "A cycle's published results and the form to publish or republish them"),
	ROUTE_POST("/siklus/{id}/hasil", publish_post, "results_admin", SIGNED_IN,
	    .params = PARAMS(PARAM_ID("id"), PARAM_MULTILINE("koreksi", RESULTS_CORRECTS_MAX)),
	    .page = admin_page, .refill = true, .offload = true,
	    .about = "Publishes a new version of a cycle's results"),
};
/* clang-format on */
ROUTE_TABLE(results_admin_routes, routes);
