/*
 * coord_regions.c - coordination regions (/wilayah-koordinasi): the list
 * with the provinces each holds now and its coordinators, one region with
 * its history, and the admin's forms: create, rename, put a province in
 * (taking it from the region that held it) and take one out. Every form
 * is a plain POST; nothing needs a script.
 */
#include <string.h>

#include "web/app.h"
#include "web/auth.h"
#include "web/form.h"
#include "web/model.h"
#include "web/registry/registry.h"
#include "core/region.h"
#include "svc/coord_regions.h"
#include "web/routes.h"

static const struct field_spec name_fields[] = {
	{ "name", "coord.name", "text", "off", "coord.name_hint" },
	{ NULL, NULL, NULL, NULL, NULL },
};

static const struct field_spec move_fields[] = {
	{ "province_code", "coord.province", "select", NULL, "coord.province_hint" },
	{ NULL, NULL, NULL, NULL, NULL },
};

/* May the caller keep regions (create, rename, regroup)? */
static bool
may_keep(struct request *req)
{
	return policy_may_somewhere(&req_auth(req)->principal, ACT_EDIT, OBJ_REGION);
}

/* The regions' list; with the creation form (as typed when shown again)
 * for the admin. */
static int
coord_list(struct request *req, struct reply *rep, struct err *e)
{
	enum lang l = req_lang(req);
	json_t *regions, *form = NULL;
	struct svc s;

	if (web_svc(req, &s, e) < 0 || (regions = coord_region_list(&s, e)) == NULL)
		return -1;
	if (may_keep(req))
		form = form_fields(req, name_fields, req_refill(req));
	rep->model = json_pack("{s:s, s:o, s:b, s:o*}", "page_title",
	    i18n_get(l, "coord.title"), "regions", regions, "has_regions",
	    json_array_size(regions) > 0, "create_form", form);
	return web_model_built(rep, e);
}

/* Options of the province form: every province with the region it is in
 * now, those of region id left out. */
static json_t *
province_choices(struct svc *s, int64_t id, int selected, struct err *e)
{
	struct coord_region_map *m;
	json_t *a = json_array();
	char code[8], label[200];
	size_t i;
	int c;

	if ((m = coord_region_map_load(s, e)) == NULL) {
		json_decref(a);
		return NULL;
	}
	for (i = 0; i < province_count; i++) {
		c = provinces[i].code;
		if (m->id[c] == id)
			continue;
		snprintf(code, sizeof(code), "%d", c);
		if (m->name[c] != NULL)
			snprintf(label, sizeof(label), "%d %s (%s)", c, provinces[i].name,
			    m->name[c]);
		else
			snprintf(label, sizeof(label), "%d %s", c, provinces[i].name);
		json_array_append_new(a,
		    json_pack("{s:s, s:s, s:b}", "value", code, "label", label,
			"selected", c == selected));
	}
	return a;
}

/* Region {id}'s page; its forms as stored, or as typed when shown again;
 * asked for, the notice of a change just made. */
static int
coord_show(struct request *req, struct reply *rep, struct err *e)
{
	int64_t id = req_param(req, "id")->i;
	const struct param_value *pv = req_param(req, "province_code");
	json_t *region, *rename, *move, *opts;
	bool refill = req_refill(req);
	struct svc s;

	if (web_svc(req, &s, e) < 0 || (region = coord_region_get(&s, id, e)) == NULL)
		return -1;
	rep->model = json_pack("{s:O, s:o}", "page_title",
	    json_object_get(region, "name"), "region", region);
	if (rep->model != NULL && may_keep(req)) {
		rename = form_fields(req, name_fields, refill);
		if (!refill || !req_param(req, "name")->present)
			json_object_set(json_object_get(rename, "name"), "value",
			    json_object_get(region, "name"));
		move = form_fields(req, move_fields, refill);
		if ((opts = province_choices(&s, id,
			 refill && pv->present ? (int)pv->i : 0, e)) == NULL) {
			json_decref(rename);
			json_decref(move);
			return -1;
		}
		json_object_set_new(json_object_get(move, "province_code"), "options", opts);
		json_object_set_new(rep->model, "may_keep", json_true());
		json_object_set_new(rep->model, "rename_form", rename);
		json_object_set_new(rep->model, "move_form", move);
	}
	if (web_model_built(rep, e) < 0)
		return -1;
	web_done_notice(req, rep->model, "ok", "coord.done");
	return 0;
}

static int
coord_create(struct request *req, struct reply *rep, struct err *e)
{
	struct svc_problems pr = { .count = 0 };
	struct svc s;
	int64_t id;

	if (web_svc(req, &s, e) < 0)
		return -1;
	if (coord_region_create(&s, req_param(req, "name")->text, &id, &pr, e) == 0)
		return web_see_other(req, rep, "/wilayah-koordinasi/%lld?ok=buat",
		    (long long)id);
	return web_show_problems(req, rep, e, coord_list, "create_form", &pr);
}

static int
coord_rename(struct request *req, struct reply *rep, struct err *e)
{
	struct svc_problems pr = { .count = 0 };
	int64_t id = req_param(req, "id")->i;
	struct svc s;

	if (web_svc(req, &s, e) < 0)
		return -1;
	if (coord_region_rename(&s, id, req_param(req, "name")->text, &pr, e) == 0)
		return web_see_other(req, rep, "/wilayah-koordinasi/%lld?ok=ubah",
		    (long long)id);
	return web_show_problems(req, rep, e, coord_show, "rename_form", &pr);
}

static int
coord_move(struct request *req, struct reply *rep, struct err *e)
{
	struct svc_problems pr = { .count = 0 };
	const struct param_value *pv = req_param(req, "province_code");
	int64_t id = req_param(req, "id")->i;
	struct svc s;

	if (web_svc(req, &s, e) < 0)
		return -1;
	if (coord_region_move(&s, id, pv->present ? (int)pv->i : 0, &pr, e) == 0)
		return web_see_other(req, rep, "/wilayah-koordinasi/%lld?ok=pindah",
		    (long long)id);
	return web_show_problems(req, rep, e, coord_show, "move_form", &pr);
}

static int
coord_release(struct request *req, struct reply *rep, struct err *e)
{
	int64_t id = req_param(req, "id")->i;
	struct svc s;

	if (web_svc(req, &s, e) < 0)
		return -1;
	return web_answer(req, rep, e,
	    coord_region_release(&s, id, (int)req_param(req, "kode")->i, e), coord_show,
	    "/wilayah-koordinasi/%lld?ok=lepas", (long long)id);
}

/* The addresses this file answers, with their declared inputs. */
/* clang-format off */
/* Region {id}'s page and its forms, which show one another's input. */
#define REGION_PAGE_PARAMS \
	PARAM_ID("id"), \
	PARAM_NOTICE("buat|ubah|pindah|lepas"), \
	PARAM_LINE("name"), \
	PARAM_PROVINCE("province_code", PARAM_FORM, false)
static PARAM_LIST(p_show, REGION_PAGE_PARAMS);

static const struct route routes[] = {
	ROUTE_GET("/wilayah-koordinasi", coord_list, "coord_regions", REGISTRY,
	    .about = "Lists the coordination regions and the provinces each holds"),
	ROUTE_POST("/wilayah-koordinasi", coord_create, "coord_regions", REGISTRY,
	    .params = PARAMS(PARAM_LINE("name")),
	    .about = "Creates a coordination region"),
	ROUTE_GET("/wilayah-koordinasi/{id}", coord_show, "coord_region", REGISTRY,
	    .params = p_show,
	    .about = "One coordination region: its provinces, coordinators and history"),
	ROUTE_POST("/wilayah-koordinasi/{id}/ubah", coord_rename, "coord_region", REGISTRY,
	    .params = p_show,
	    .about = "Renames a coordination region"),
	ROUTE_POST("/wilayah-koordinasi/{id}/provinsi", coord_move, "coord_region", REGISTRY,
	    .params = p_show,
	    .about = "Moves a province into a coordination region"),
	ROUTE_POST("/wilayah-koordinasi/{id}/provinsi/{kode}/lepas", coord_release,
	    "coord_region", REGISTRY,
	    .params = PARAMS(REGION_PAGE_PARAMS, PARAM_PROVINCE("kode", PARAM_PATH, true)),
	    .about = "Takes a province out of a coordination region"),
};
/* clang-format on */
ROUTE_TABLE(coord_regions_routes, routes);
