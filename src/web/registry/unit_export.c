/*
 * unit_export.c - the unit list as a file (/unit/ekspor?format=csv|xlsx
 * with the list's filters): the same units the list shows the user, every
 * column, read from the database in batches by id so that the JSON of the
 * whole list is never in memory at once.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "web/app.h"
#include "web/auth.h"
#include "web/registry/registry.h"
#include "docs/sheet.h"
#include "web/routes.h"

#define BATCH		2000
#define EXPORT_MAX	200000	/* rows; more asks the user to filter */
#define XLSX_BIG	20000	/* rows from which the workbook streams */

/* The export's columns: the import's (docs/import.md) with ids and names. */
static const struct {
	const char *key;	/* column of UNIT_EXPORT */
	const char *title_key;	/* heading: catalog key; NULL: the key itself */
} columns[] = {
	{ "id", NULL },
	{ "name", NULL },
	{ "unit_type", NULL },
	{ "unit_type_name", "registry.export.unit_type_name" },
	{ "sector", NULL },
	{ "province_code", NULL },
	{ "province_name", "registry.export.province_name" },
	{ "regency_code", NULL },
	{ "regency_name", "registry.export.regency_name" },
	{ "organization_id", NULL },
	{ "organization_name", "registry.export.organization_name" },
	{ "parent_unit_id", NULL },
	{ "parent_name", "registry.export.parent_name" },
	{ "address", NULL },
	{ "head_name", NULL },
	{ "head_title", NULL },
	{ "phone", NULL },
	{ "email", NULL },
	{ "active", NULL },
};
#define NCOLS	(sizeof(columns) / sizeof(columns[0]))

/* The directory for the workbook's temporary files: DATA_DIR/tmp. */
static const char *
tmp_dir(struct request *req, struct err *e)
{
	const char *dir = arena_printf(&req->arena, "%s/tmp", req_app(req)->data_dir);

	if (dir == NULL || (mkdir(dir, 0700) < 0 && errno != EEXIST)) {
		err_set(e, ERR_EXPORT, "cannot make the temporary directory");
		return NULL;
	}
	return dir;
}

static int
units_export(struct request *req, struct reply *rep, struct err *e)
{
	enum lang l = req_lang(req);
	bool xlsx = strcmp(req_param(req, "format")->text, "xlsx") == 0;
	struct sheet_column cols[NCOLS];
	struct sheet_xlsx *x = NULL;
	struct db_param prm[12];
	struct db_conn *c;
	struct buf b;
	json_t *rows = NULL, *row;
	int64_t total, after = 0;
	const char *dir;
	char *out;
	size_t i, n, len;

	for (i = 0; i < NCOLS; i++) {
		cols[i].key = columns[i].key;
		cols[i].title = columns[i].title_key ? i18n_get(l, columns[i].title_key) :
		    columns[i].key;
	}
	if ((c = req_db(req, e)) == NULL)
		return -1;
	if (registry_scope_params(&req_auth(req)->principal, &req->arena, prm) < 0 ||
	    registry_unit_filters(req, prm + 4) < 0) {
		err_set(e, ERR_TOO_LARGE, "out of memory");
		return -1;
	}
	if (db_exec(c, DB_UNIT_COUNT, prm, 10, &rows, e) < 0)
		return -1;
	total = json_integer_value(json_object_get(json_array_get(rows, 0), "n"));
	json_decref(rows);
	rows = NULL;
	if (total > EXPORT_MAX) {
		err_set(e, ERR_EXPORT_TOO_MANY, "%lld units; at most %d per export",
		    (long long)total, EXPORT_MAX);
		return -1;
	}
	buf_init(&b, 0);
	if (xlsx) {
		if ((dir = tmp_dir(req, e)) == NULL ||
		    (x = sheet_xlsx_open(dir, "Unit", cols, NCOLS, total >= XLSX_BIG, e)) == NULL)
			return -1;
	} else
		sheet_csv_head(&b, cols, NCOLS);
	do {
		prm[10] = DBP_INT(after);
		prm[11] = DBP_INT(BATCH);
		if (db_exec(c, DB_UNIT_EXPORT, prm, 12, &rows, e) < 0)
			goto fail;
		n = json_array_size(rows);
		json_array_foreach(rows, i, row)
			registry_decorate(l, row);
		if (n > 0)
			after = json_integer_value(json_object_get(json_array_get(rows, n - 1), "id"));
		if (xlsx ? sheet_xlsx_rows(x, rows, e) < 0 : (sheet_csv_rows(&b, cols, NCOLS, rows),
		    b.failed))
			goto fail;
		json_decref(rows);
		rows = NULL;
	} while (n == BATCH);
	if (xlsx) {
		if (sheet_xlsx_finish(x, &out, &len, e) < 0)
			return -1;
		rep->body = out;
		rep->len = len;
		rep->content_type =
		    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
		reply_header(rep, "Content-Disposition", "attachment; filename=\"unit.xlsx\"");
	} else {
		rep->body = buf_detach(&b, &len);
		rep->len = len;
		rep->content_type = "text/csv; charset=utf-8";
		reply_header(rep, "Content-Disposition", "attachment; filename=\"unit.csv\"");
	}
	if (rep->body == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	return 0;
fail:
	if (e->status == 0)
		err_set(e, ERR_NOMEM, "out of memory");
	json_decref(rows);
	sheet_xlsx_abort(x);
	buf_free(&b);
	return -1;
}

/* The addresses this file answers, with their declared inputs. */
static const struct param_spec p_units_export[] = {
	{ "format", PARAM_QUERY, PT_ENUM, true, 0, 0, "csv|xlsx" },
	UNIT_FILTER_PARAMS,
	{ NULL },
};

static const struct route routes[] = {
	{ .method = HTTP_GET, .pattern = "/unit/ekspor", .handler = units_export,
	  .login = true, .access = ACCESS_REGISTRY, .params = p_units_export },
};
ROUTE_TABLE(unit_export_routes, routes);
