/*
 * import_page.c - importing units from a CSV file in the browser
 * (/unit/impor): the form with the columns explained, and the upload
 * (multipart/form-data, field "berkas"), judged by registry_import.c. A
 * refused file comes back as a report of every bad row (422); an accepted
 * one says how many units went in.
 */
#include <stdlib.h>
#include <string.h>

#include "web/app.h"
#include "web/auth.h"
#include "web/model.h"
#include "web/registry/registry.h"
#include "svc/registry_import.h"
#include "web/upload.h"
#include "web/routes.h"

#define IMPORT_FILE_MAX (10 * 1024 * 1024)    /* bytes of the CSV */
#define IMPORT_ARENA_CAP (128u * 1024 * 1024) /* the import's own memory */

/* The columns, as docs/import.md lists them. */
/* clang-format off */
static const char *const import_columns[] = {
	"name", "unit_type", "sector", "province_code", "regency_code", "organization",
	"parent", "address", "head_name", "head_title", "phone", "email",
};
/* clang-format on */

static int
page_model(struct request *req, struct reply *rep, struct err *e)
{
	enum lang l = req_lang(req);
	json_t *cols = json_array();
	char key[64];
	size_t i;

	for (i = 0; i < sizeof(import_columns) / sizeof(import_columns[0]); i++) {
		snprintf(key, sizeof(key), "registry.import.col.%s", import_columns[i]);
		json_array_append_new(cols,
		    json_pack("{s:s, s:s}", "name", import_columns[i], "about",
			i18n_get(l, key)));
	}
	rep->model = json_pack("{s:s, s:o, s:I}", "page_title",
	    i18n_get(l, "registry.import_title"), "columns", cols, "max_mb",
	    (json_int_t)(IMPORT_FILE_MAX / (1024 * 1024)));
	if (web_model_built(rep, e) < 0)
		return -1;
	rep->template = "unit_import";
	return 0;
}

static int
units_import_page(struct request *req, struct reply *rep, struct err *e)
{
	if (registry_may_create(req, OBJ_UNIT, e) < 0)
		return -1;
	return page_model(req, rep, e);
}

static void
arena_release(void *p)
{
	arena_free(p);
	free(p);
}

static int
units_import(struct request *req, struct reply *rep, struct err *e)
{
	enum lang l = req_lang(req);
	struct import_report r;
	struct upload_file f;
	struct arena *ia;
	struct svc s;
	json_t *problems;
	char line[32];
	size_t i;

	if (registry_may_create(req, OBJ_UNIT, e) < 0 || web_svc(req, &s, e) < 0)
		return -1;
	if (upload_file(req, "berkas", IMPORT_FILE_MAX, &f, e) < 0)
		return -1;
	if (page_model(req, rep, e) < 0)
		return -1;
	if (!f.present) {
		json_object_set_new(rep->model, "file_error",
		    json_string(i18n_get(l, "registry.import.no_file")));
		rep->status = 422;
		return 0;
	}
	/* The import's memory is its own, freed with the request. */
	if ((ia = malloc(sizeof(*ia))) == NULL)
		return web_nomem(e);
	arena_init(ia, IMPORT_ARENA_CAP);
	if (arena_defer(&req->arena, arena_release, ia) < 0) {
		arena_release(ia);
		err_set(e, ERR_TOO_LARGE, "out of memory");
		return -1;
	}
	s.arena = ia;
	if (registry_import_units(&s, f.data, f.len, &r, e) < 0)
		return -1;
	json_object_set_new(rep->model, "file_name", json_string(f.filename));
	json_object_set_new(rep->model, "sha256", json_string(r.sha256));
	json_object_set_new(rep->model, "rows", json_integer((json_int_t)r.rows));
	json_object_set_new(rep->model, "imported", json_integer((json_int_t)r.imported));
	if (r.problems_total == 0) {
		json_object_set_new(rep->model, "done", json_true());
		app_notice(rep->model, false,
		    i18n_fill(&req->arena, i18n_get(l, "registry.import.done"),
			(long)r.imported));
		return 0;
	}
	problems = json_array();
	for (i = 0; i < r.problem_count; i++) {
		const struct import_problem *p = &r.problems[i];

		snprintf(line, sizeof(line), "%zu", p->line);
		json_array_append_new(problems,
		    json_pack("{s:I, s:s, s:s?, s:s?, s:s}", "line", (json_int_t)p->line,
			"line_text", p->line ? line : "", "column", p->column, "value",
			p->value, "message", p->message));
	}
	json_object_set_new(rep->model, "problems", problems);
	json_object_set_new(rep->model, "has_problems", json_true());
	json_object_set_new(rep->model, "problem_count",
	    json_integer((json_int_t)r.problems_total));
	json_object_set_new(rep->model, "more_problems",
	    json_boolean(r.problems_total > r.problem_count));
	app_notice(rep->model, true,
	    i18n_fill(&req->arena, i18n_get(l, "registry.import.refused"),
		(long)r.problems_total));
	rep->status = 422;
	return 0;
}

/* The addresses this file answers, with their declared inputs. */
#define IMPORT_BODY_MAX (10 * 1024 * 1024 + 64 * 1024) /* a 10 MB CSV and the form */

/* clang-format off */
static const struct route routes[] = {
	ROUTE_GET("/unit/impor", units_import_page, "unit_import", REGISTRY,
	    .about = "The form to import units from CSV"),
	ROUTE_POST("/unit/impor", units_import, "unit_import", REGISTRY,
	    .max_body = IMPORT_BODY_MAX,
	    .offload = true,
	    .about = "Imports units from CSV, all or nothing, with a report per row"),
};
/* clang-format on */
ROUTE_TABLE(import_page_routes, routes);
