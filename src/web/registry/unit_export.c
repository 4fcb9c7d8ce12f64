/*
 * unit_export.c - the unit list as a file (/unit/ekspor?format=csv|xlsx
 * with the list's filters): the same units the list shows the user, every
 * column, however many: the CSV made batch by batch while it is sent, the
 * workbook through a temporary file (svc/unit_export.c).
 */
#include <stdlib.h>
#include <string.h>

#include "base/log.h"

#include "web/download.h"
#include "web/app.h"
#include "web/auth.h"
#include "web/registry/registry.h"
#include "web/routes.h"
#include "web/model.h"

/* The CSV while it is sent: the cursor and the database whose
 * connection of the sending thread reads each batch. */
struct csv_stream {
	struct db *db;
	struct unit_csv *k;
};

static int
csv_next(void *ctx, struct buf *out)
{
	struct csv_stream *cs = ctx;
	struct db_conn *c;
	struct err e;

	err_clear(&e);
	if ((c = db_conn(cs->db, &e)) == NULL ||
	    registry_units_csv_next(cs->k, c, out, &e) < 0) {
		log_err("event=export_failed what=units msg=\"%s\"", e.msg);
		return -1;
	}
	return 0;
}

static void
csv_free(void *ctx)
{
	struct csv_stream *cs = ctx;

	registry_units_csv_free(cs->k);
	free(cs);
}

static int
units_export(struct request *req, struct reply *rep, struct err *e)
{
	bool xlsx = strcmp(req_param(req, "format")->text, "xlsx") == 0;
	struct csv_stream *cs;
	struct unit_export x;
	struct unit_filter f;
	struct svc s;

	if (web_svc(req, &s, e) < 0)
		return -1;
	registry_filter_of(req, &f);
	if (web_attachment(req, rep, "%s", xlsx ? "unit.xlsx" : "unit.csv") < 0)
		return web_nomem(e);
	if (xlsx) {
		if (registry_units_xlsx(&s, &f, &x, e) < 0)
			return -1;
		web_fd_reply(rep, x.fd, x.len, x.content_type);
		return 0;
	}
	if ((cs = calloc(1, sizeof(*cs))) == NULL)
		return web_nomem(e);
	cs->db = req_app(req)->db;
	if ((cs->k = registry_units_csv_open(&s, &f, e)) == NULL) {
		free(cs);
		return -1;
	}
	rep->stream_next = csv_next;
	rep->stream_free = csv_free;
	rep->stream_ctx = cs;
	rep->content_type = "text/csv; charset=utf-8";
	return 0;
}

/* The addresses this file answers, with their declared inputs. */
/* clang-format off */
static const struct route routes[] = {
	ROUTE_GET("/unit/ekspor", units_export, NULL, REGISTRY,
	    .params = PARAMS({ "format", PARAM_QUERY, PT_ENUM, true, 0, 0, "csv|xlsx" },
		UNIT_FILTER_PARAMS(PARAM_QUERY)),
	    .produces = "text/csv",
	    .about = "Exports the units in the caller's scope as CSV"),
};
/* clang-format on */
ROUTE_TABLE(unit_export_routes, routes);
