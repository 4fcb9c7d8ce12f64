/*
 * results.c - the public pages of published results, no sign-in needed:
 * /hasil (the cycles with published results), /hasil/{id} (a cycle's
 * latest version) and /hasil/{id}/versi/{v} (a given version, with a
 * notice when a newer one exists). A version's page filters its units by
 * province, unit type and predicate with a plain GET form (no script
 * needed), draws the summary chart of the units shown and, per unit, how
 * each number was computed. The downloads are results_data.c's.
 */
#include <stdio.h>
#include <string.h>

#include "svc/results.h"
#include "web/app.h"
#include "web/form.h"
#include "web/public/results.h"
#include "web/routes.h"

#define PREDICATE_NONE "tanpa"      /* the filter's choice: no predicate */
#define PREDICATE_REVOKED "dicabut" /* the filter's choice: revoked */

static int
results_index(struct request *req, struct reply *rep, struct err *e)
{
	json_t *rows = NULL, *row;
	struct svc s;
	size_t i;

	if (web_svc(req, &s, e) < 0 || results_cycles(&s, &rows, e) < 0)
		return -1;
	json_array_foreach(rows, i, row) {
		json_object_set_new(row, "href",
		    json_sprintf("/hasil/%lld",
			(long long)json_integer_value(json_object_get(row, "id"))));
		json_object_set_new(row, "published_text",
		    json_string(results_when(req, json_object_get(row, "published_at"))));
	}
	rep->model = json_pack("{s:s, s:o, s:b}", "page_title",
	    i18n_get(req_lang(req), "results.title"), "cycles", rows, "has_cycles",
	    json_array_size(rows) > 0);
	return rep->model != NULL ? 0 : -1;
}

int
results_load(struct request *req, int version, json_t **out, struct err *e)
{
	struct svc s;

	if (web_svc(req, &s, e) < 0 ||
	    results_version(&s, req_param(req, "id")->i, version, out, e) < 0)
		return -1;
	if (*out == NULL) {
		err_set(e, ERR_NOT_FOUND, "no such published version");
		return -1;
	}
	return 0;
}

/* A filter's choices: {value, label, selected}, the first one "all". */
static json_t *
choice(const char *value, const char *label, const char *chosen)
{
	return form_option(value, label, strcmp(value, chosen) == 0);
}

/* Add the choice value/label to list unless the last one has that value. */
static void
choice_once(json_t *list, const char *value, const char *label, const char *chosen)
{
	json_t *last = json_array_get(list, json_array_size(list) - 1);

	if (last != NULL &&
	    strcmp(json_string_value(json_object_get(last, "value")), value) == 0)
		return;
	json_array_append_new(list, choice(value, label, chosen));
}

/* True when some choice of list has the value typed (or nothing was). */
static bool
chosen_known(json_t *list, const char *typed)
{
	json_t *c;
	size_t i;

	if (typed[0] == '\0')
		return true;
	json_array_foreach(list, i, c)
		if (strcmp(json_string_value(json_object_get(c, "value")), typed) == 0)
			return true;
	return false;
}

/* The filters' typed values. */
struct filter {
	char province[128];
	const char *type;
	const char *predicate;
	const char *region; /* the coordination region's name, as published */
};

static void
filter_of(struct request *req, struct filter *f)
{
	const struct param_value *p = req_param(req, "provinsi");

	snprintf(f->province, sizeof(f->province), "%s", p->present ? p->text : "");
	f->type = req_param(req, "jenis")->text;
	f->predicate = req_param(req, "predikat")->text;
	f->region = req_param(req, "wilayah")->text;
}

static bool
filter_match(const struct filter *f, json_t *u)
{
	json_t *p = json_object_get(u, "predicate");
	const char *rn;
	char code[8];

	snprintf(code, sizeof(code), "%lld",
	    (long long)json_integer_value(json_object_get(u, "province_code")));
	if (f->province[0] && strcmp(f->province, code) != 0)
		return false;
	if (f->type[0] &&
	    strcmp(f->type, json_string_value(json_object_get(u, "unit_type"))) != 0)
		return false;
	rn = json_string_value(json_object_get(u, "region_name"));
	if (f->region[0] && (rn == NULL || strcmp(f->region, rn) != 0))
		return false;
	if (strcmp(f->predicate, PREDICATE_REVOKED) == 0)
		return json_is_true(json_object_get(u, "revoked"));
	if (strcmp(f->predicate, PREDICATE_NONE) == 0)
		return !json_is_object(p);
	/* A predicate is held only while it stands: a revoked one is found
	 * under "revoked", not under the predicate it was. */
	return f->predicate[0] == '\0' ||
	    (json_is_object(p) && !json_is_true(json_object_get(u, "revoked")) &&
		strcmp(f->predicate, json_string_value(json_object_get(p, "code"))) == 0);
}

/* The filter form's choices from the snapshot's units and predicates;
 * false when a typed value is none of them. */
static bool
filters_model(struct request *req, json_t *m, json_t *data, const struct filter *f)
{
	enum lang l = req_lang(req);
	json_t *prov = json_array(), *type = json_array(), *pred = json_array(), *u, *p;
	json_t *region = json_array();
	const char *rn;
	const char *all = i18n_get(l, "results.filter_all");
	char code[8];
	size_t i;

	json_array_append_new(prov, choice("", all, f->province));
	json_array_append_new(type, choice("", all, f->type));
	json_array_append_new(pred, choice("", all, f->predicate));
	json_array_append_new(region, choice("", all, f->region));
	/* Regions as published (snapshots before regions have none). */
	json_array_foreach(json_object_get(data, "units"), i, u)
		if ((rn = json_string_value(json_object_get(u, "region_name"))) != NULL &&
		    rn[0] != '\0' && !chosen_known(region, rn))
			json_array_append_new(region, choice(rn, rn, f->region));
	json_array_foreach(json_object_get(data, "units"), i, u) {
		snprintf(code, sizeof(code), "%lld",
		    (long long)json_integer_value(json_object_get(u, "province_code")));
		choice_once(prov, code,
		    json_string_value(json_object_get(u, "province_name")), f->province);
	}
	json_array_foreach(json_object_get(data, "units"), i, u)
		if (!chosen_known(type, json_string_value(json_object_get(u, "unit_type"))))
			json_array_append_new(type,
			    choice(json_string_value(json_object_get(u, "unit_type")),
				results_lang_text(json_object_get(u, "unit_type_name"), l),
				f->type));
	json_array_foreach(json_object_get(data, "predicates"), i, p)
		json_array_append_new(pred,
		    choice(json_string_value(json_object_get(p, "code")),
			results_lang_text(json_object_get(p, "label"), l), f->predicate));
	json_array_append_new(pred,
	    choice(PREDICATE_NONE, i18n_get(l, "results.no_predicate"), f->predicate));
	json_array_append_new(pred,
	    choice(PREDICATE_REVOKED, i18n_get(l, "results.revoked"), f->predicate));
	json_object_set_new(m, "has_region_filter", json_boolean(json_array_size(region) > 1));
	json_object_set_new(m, "filters",
	    json_pack("{s:o, s:o, s:o, s:o}", "provinces", prov, "types", type,
		"predicates", pred, "regions", region));
	return chosen_known(prov, f->province) && chosen_known(type, f->type) &&
	    chosen_known(pred, f->predicate) && chosen_known(region, f->region);
}

/* The units that pass f, each as the page shows it, and the chart. */
static void
units_model(struct request *req, json_t *m, json_t *data, const struct filter *f)
{
	json_t *shown = json_array(), *views = json_array(), *u;
	size_t i;

	json_array_foreach(json_object_get(data, "units"), i, u)
		if (filter_match(f, u)) {
			json_array_append(shown, u);
			json_array_append_new(views, results_unit_view(req, data, u));
		}
	json_object_set_new(m, "shown_text",
	    json_string(i18n_subst(&req->arena, i18n_get(req_lang(req), "results.shown"),
		"shown", arena_printf(&req->arena, "%zu", json_array_size(views)), "all",
		arena_printf(&req->arena, "%zu", json_array_size(json_object_get(data, "units"))),
		(const char *)NULL)));
	json_object_set_new(m, "has_units", json_boolean(json_array_size(views) > 0));
	json_object_set_new(m, "units", views);
	json_object_set_new(m, "chart",
	    json_array_size(shown) > 0 ? results_chart(req, data, shown, "hasil",
					     i18n_get(req_lang(req), "results.chart_title"))
				       : json_null());
	json_object_set_new(m, "region_charts", results_region_charts(req, data, shown));
	json_object_set_new(m, "has_region_charts",
	    json_boolean(json_array_size(json_object_get(m, "region_charts")) > 0));
	json_decref(shown);
}

/* The versions of v with links, the one shown marked. */
static json_t *
versions_model(struct request *req, json_t *v, int64_t cycle, json_int_t shown)
{
	json_t *out = json_array(), *row;
	json_int_t n;
	size_t i;

	json_array_foreach(json_object_get(v, "versions"), i, row) {
		n = json_integer_value(json_object_get(row, "version"));
		json_array_append_new(out,
		    json_pack("{s:I, s:s, s:O, s:b, s:o}", "version", n, "published",
			results_when(req, json_object_get(row, "published_at")), "corrects",
			json_object_get(row, "corrects"), "current", n == shown, "href",
			json_sprintf("/hasil/%lld/versi/%lld", (long long)cycle, (long long)n)));
	}
	return out;
}

/* What the page says of version v: its number, date, correction, newer
 * version, signature and downloads. */
static json_t *
version_head(struct request *req, json_t *v, int64_t cycle)
{
	json_int_t n = json_integer_value(json_object_get(v, "version")),
		   latest = json_integer_value(json_object_get(v, "latest"));
	const char *base = arena_printf(&req->arena, "/hasil/%lld/versi/%lld",
	    (long long)cycle, (long long)n);

	return json_pack(
	    "{s:I, s:s, s:O, s:b, s:b, s:I, s:s, s:O, s:O, s:O, s:O, s:O, s:{s:s, "
	    "s:s, s:s, s:s, s:s}}",
	    "number", n, "published", results_when(req, json_object_get(v, "published_at")),
	    "corrects", json_object_get(v, "corrects"), "has_corrects",
	    json_is_string(json_object_get(v, "corrects")), "is_old", n < latest, "latest",
	    latest, "latest_href", arena_printf(&req->arena, "/hasil/%lld", (long long)cycle),
	    "sha256", json_object_get(v, "sha256"), "signature",
	    json_object_get(v, "signature"), "public_key", json_object_get(v, "public_key"),
	    "csv_sha256", json_object_get(v, "csv_sha256"), "csv_signature",
	    json_object_get(v, "csv_signature"), "downloads", "json",
	    arena_printf(&req->arena, "%s/hasil.json", base), "json_sig",
	    arena_printf(&req->arena, "%s/hasil.json.sig", base), "csv",
	    arena_printf(&req->arena, "%s/hasil.csv", base), "csv_sig",
	    arena_printf(&req->arena, "%s/hasil.csv.sig", base), "key", RESULTS_KEY_PATH);
}

/* The page of version version (0: the latest) of cycle {id}. */
static int
version_page(struct request *req, struct reply *rep, int version, struct err *e)
{
	int64_t cycle = req_param(req, "id")->i;
	json_t *v = NULL, *data, *m;
	struct filter f;

	if (results_load(req, version, &v, e) < 0)
		return -1;
	data = json_object_get(v, "data");
	filter_of(req, &f);
	m = json_pack("{s:o, s:O, s:o, s:s}", "page_title",
	    json_sprintf("%s — %s", i18n_get(req_lang(req), "results.title"),
		json_string_value(json_object_get(json_object_get(data, "cycle"), "title"))),
	    "cycle", json_object_get(data, "cycle"), "release",
	    version_head(req, v, cycle), "action",
	    version == 0 ? arena_printf(&req->arena, "/hasil/%lld", (long long)cycle)
			 : arena_printf(&req->arena, "/hasil/%lld/versi/%d",
			       (long long)cycle, version));
	if (m == NULL) {
		json_decref(v);
		return -1;
	}
	if (!filters_model(req, m, data, &f)) {
		rep->status = 400;
		app_notice(m, true, i18n_get(req_lang(req), "results.filter_unknown"));
		f.type = f.predicate = "";
		f.province[0] = '\0';
	}
	units_model(req, m, data, &f);
	json_object_set_new(m, "versions",
	    versions_model(req, v, cycle, json_integer_value(json_object_get(v, "version"))));
	json_decref(v);
	rep->model = m;
	return 0;
}

static int
results_latest(struct request *req, struct reply *rep, struct err *e)
{
	return version_page(req, rep, 0, e);
}

static int
results_given(struct request *req, struct reply *rep, struct err *e)
{
	return version_page(req, rep, (int)req_param(req, "v")->i, e);
}

/* The addresses this file answers, with their declared inputs. Unknown
 * filter values get the page with a notice, not an error page. */
/* clang-format off */
#define RESULTS_FILTERS \
	{ "provinsi", PARAM_QUERY, PT_TEXT, false, 0, 100, NULL }, \
	{ "wilayah", PARAM_QUERY, PT_TEXT, false, 0, 200, NULL }, \
	{ "jenis", PARAM_QUERY, PT_TEXT, false, 0, 100, NULL }, \
	{ "predikat", PARAM_QUERY, PT_TEXT, false, 0, 100, NULL }
/* clang-format on */

/* clang-format off */
static const struct route routes[] = {
	ROUTE_GET("/hasil", results_index, "results", PUBLIC, .cached = true,
	    .about = "Lists the cycles with published results (public)"),
	ROUTE_GET("/hasil/{id}", results_latest, "results_cycle", PUBLIC, .cached = true,
	    .params = PARAMS(PARAM_ID("id"), RESULTS_FILTERS),
	    .about = "The latest published results of a cycle, filtered by province, "
		"unit type and predicate (public)"),
	ROUTE_GET("/hasil/{id}/versi/{v}", results_given, "results_cycle", PUBLIC, .cached = true,
	    .params = PARAMS(PARAM_ID("id"), PARAM_VERSION("v", PARAM_PATH, true), RESULTS_FILTERS),
	    .about = "One published version of a cycle's results (public)"),
};
/* clang-format on */
ROUTE_TABLE(results_routes, routes);
