/*
 * regions.c - the registry by place (/wilayah): the provinces with the
 * number of units the user sees in each, and one province with its
 * regencies and cities. A national user sees all 38 provinces; anyone else
 * the provinces of their grants and those where they see a unit, and a
 * province page outside that is 404 like any object outside their view.
 */
#include <string.h>

#include "web/app.h"
#include "web/auth.h"
#include "web/model.h"
#include "web/registry/registry.h"
#include "core/region.h"
#include "web/routes.h"

/* Units the caller sees per province: counts[code], codes 0-99. */
static int
count_units(struct request *req, struct db_conn *c, int64_t counts[100],
    struct registry_scope *s, struct err *e)
{
	struct db_param prm[REGISTRY_SCOPE_PARAMS];
	json_t *rows = NULL, *row;
	int64_t code;
	size_t i;

	memset(counts, 0, 100 * sizeof(counts[0]));
	registry_scope_of(&req_auth(req)->principal, s);
	if (registry_caller_scope(req, prm, e) < 0)
		return -1;
	if (db_exec(c, DB_REGION_UNIT_COUNTS, prm, 4, &rows, e) < 0)
		return -1;
	json_array_foreach(rows, i, row) {
		code = json_integer_value(json_object_get(row, "province"));
		if (code > 0 && code < 100)
			counts[code] = json_integer_value(json_object_get(row, "units"));
	}
	json_decref(rows);
	return 0;
}

/* Does the caller see province code: national, a grant over it, or a unit
 * of theirs there? */
static bool
sees_province(const struct registry_scope *s, const int64_t counts[100], int code)
{
	size_t i;

	if (s->national || counts[code] > 0)
		return true;
	for (i = 0; i < s->province_count; i++)
		if (s->provinces[i] == code)
			return true;
	return false;
}

static int
regions_list(struct request *req, struct reply *rep, struct err *e)
{
	enum lang l = req_lang(req);
	struct registry_scope *s;
	int64_t counts[100], total = 0;
	struct db_conn *c;
	json_t *list;
	size_t i;

	if ((s = arena_alloc(&req->arena, sizeof(*s))) == NULL) {
		err_set(e, ERR_TOO_LARGE, "out of memory");
		return -1;
	}
	if ((c = req_db(req, e)) == NULL || count_units(req, c, counts, s, e) < 0)
		return -1;
	list = json_array();
	for (i = 0; i < province_count; i++) {
		if (!sees_province(s, counts, provinces[i].code))
			continue;
		total += counts[provinces[i].code];
		json_array_append_new(list,
		    json_pack("{s:i, s:s, s:s, s:I}", "code", provinces[i].code, "name",
			provinces[i].name, "tz", tz_code(provinces[i].tz), "units",
			(json_int_t)counts[provinces[i].code]));
	}
	rep->model = json_pack("{s:s, s:o, s:I, s:b}", "page_title",
	    i18n_get(l, "registry.regions_title"), "provinces", list, "total",
	    (json_int_t)total, "has_provinces", json_array_size(list) > 0);
	return web_model_built(rep, e);
}

static int
regions_show(struct request *req, struct reply *rep, struct err *e)
{
	int code = (int)req_param(req, "kode")->i;
	const struct province *p = province_find(code);
	struct db_param prm[REGISTRY_SCOPE_PARAMS + 1];
	struct registry_scope *s;
	int64_t counts[100];
	struct db_conn *c;
	json_t *rows = NULL;

	if ((s = arena_alloc(&req->arena, sizeof(*s))) == NULL) {
		err_set(e, ERR_TOO_LARGE, "out of memory");
		return -1;
	}
	if ((c = req_db(req, e)) == NULL || count_units(req, c, counts, s, e) < 0)
		return -1;
	if (p == NULL || !sees_province(s, counts, code)) {
		err_set(e, ERR_NOT_FOUND, "no such province in the user's view");
		return -1;
	}
	if (registry_caller_scope(req, prm, e) < 0)
		return -1;
	prm[4] = DBP_INT(code);
	if (db_exec(c, DB_REGENCY_LIST, prm, 5, &rows, e) < 0)
		return -1;
	rep->model = json_pack("{s:s, s:{s:i, s:s, s:s, s:I}, s:o, s:b}", "page_title",
	    p->name, "province", "code", p->code, "name", p->name, "tz", tz_code(p->tz),
	    "units", (json_int_t)counts[code], "regencies", rows, "has_regencies",
	    json_array_size(rows) > 0);
	return web_model_built(rep, e);
}

/* The addresses this file answers, with their declared inputs. */
/* clang-format off */
static const struct route routes[] = {
	ROUTE_GET("/wilayah", regions_list, "regions", REGISTRY,
	    .about = "Lists provinces with their counts of units"),
	ROUTE_GET("/wilayah/{kode}", regions_show, "region", REGISTRY,
	    .params = PARAMS(PARAM_PROVINCE("kode", PARAM_PATH, true)),
	    .about = "One province: its regencies and units"),
};
/* clang-format on */
ROUTE_TABLE(regions_routes, routes);
