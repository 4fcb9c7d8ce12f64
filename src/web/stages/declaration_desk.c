/*
 * declaration_desk.c - the declaration requests waiting for a decision
 * (/permohonan-pencanangan): those of the units the caller sees, each with
 * who decides it (the coordinator of the unit's region, or the programme
 * admin when none covers it), the caller's own marked. A coordinator's
 * desk thus lists what is routed to them, and follows a province moved
 * between regions at once.
 */
#include <string.h>

#include "web/app.h"
#include "web/auth.h"
#include "web/model.h"
#include "web/programme/progress_dash.h"
#include "base/timefmt.h"
#include "svc/coord_regions.h"
#include "web/routes.h"

/* May the caller decide declaration requests anywhere? */
bool
declaration_desk_may_view(struct request *req)
{
	return policy_may_somewhere(&req_auth(req)->principal, ACT_DECLARATION_APPROVE,
	    OBJ_PARTICIPATION);
}

static int
desk_page(struct request *req, struct reply *rep, struct err *e)
{
	enum lang l = req_lang(req);
	json_t *rows, *row;
	int64_t more;
	struct svc s;
	size_t i;

	if (!declaration_desk_may_view(req)) {
		err_set(e, ERR_NOT_FOUND, "no declaration requests to decide");
		return -1;
	}
	if (web_svc(req, &s, e) < 0 || (rows = coord_region_desk(&s, e)) == NULL)
		return -1;
	json_array_foreach(rows, i, row) {
		more = json_integer_value(json_object_get(row, "units")) - 1;
		if (more > 0)
			json_object_set_new(row, "more_text",
			    json_string(i18n_fill(&req->arena,
				i18n_get(l, "coord.desk.units_more"), (long)more)));
		json_object_set_new(row, "proposed_date_text",
		    json_string(time_date_text(&req->arena,
			json_string_value(json_object_get(row, "proposed_date")),
			i18n_time_lang(l))));
	}
	rep->model = json_pack("{s:s, s:o, s:b}", "page_title",
	    i18n_get(l, "coord.desk.title"), "requests", rows, "has_requests",
	    json_array_size(rows) > 0);
	return web_model_built(rep, e);
}

/* clang-format off */
static const struct route routes[] = {
	ROUTE_GET("/permohonan-pencanangan", desk_page, "declaration_desk", SIGNED_IN,
	    .about = "Declaration requests waiting for the caller's decision"),
};
/* clang-format on */
ROUTE_TABLE(declaration_desk_routes, routes);
