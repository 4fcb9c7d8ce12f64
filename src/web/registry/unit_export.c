/*
 * unit_export.c - the unit list as a file (/unit/ekspor?format=csv|xlsx
 * with the list's filters): the same units the list shows the user, every
 * column, made by registry_units_export.
 */
#include <string.h>

#include "web/app.h"
#include "web/auth.h"
#include "web/registry/registry.h"
#include "web/routes.h"

static int
units_export(struct request *req, struct reply *rep, struct err *e)
{
	struct unit_export x;
	struct unit_filter f;
	const char *cd;
	struct svc s;

	if (web_svc(req, &s, e) < 0)
		return -1;
	registry_filter_of(req, &f);
	if (registry_units_export(&s, &f,
		strcmp(req_param(req, "format")->text, "xlsx") == 0 ? UNIT_EXPORT_XLSX
								    : UNIT_EXPORT_CSV,
		&x, e) < 0)
		return -1;
	rep->body = x.body;
	rep->len = x.len;
	rep->content_type = x.content_type;
	cd = arena_printf(&req->arena, "attachment; filename=\"%s\"", x.filename);
	if (cd == NULL || reply_header(rep, "Content-Disposition", cd) < 0) {
		err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	return 0;
}

/* The addresses this file answers, with their declared inputs. */
static const struct param_spec p_units_export[] = {
	{ "format", PARAM_QUERY, PT_ENUM, true, 0, 0, "csv|xlsx" },
	UNIT_FILTER_PARAMS,
	{ NULL },
};

/* clang-format off */
static const struct route routes[] = {
	ROUTE_GET("/unit/ekspor", units_export, NULL, REGISTRY, .params = p_units_export,
	    .produces = "text/csv",
	    .about = "Exports the units in the caller's scope as CSV"),
};
/* clang-format on */
ROUTE_TABLE(unit_export_routes, routes);
