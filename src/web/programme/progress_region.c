/*
 * progress_region.c - the progress dashboard by coordination region: the
 * region filter (?wilayah=), which narrows the caller's dashboard scope to
 * the provinces the region holds now; the figures grouped by region; a
 * chart per region with a bar per province; and the region of each row
 * of the CSV.
 *
 * The filter narrows the grants themselves (progress_region_narrow), so
 * every figure of the page and its CSV follows without statements of its
 * own: a national grant becomes one over each province of the region, a
 * province or region grant keeps the provinces the region shares with it,
 * an organization grant stays when its organization sits in the region.
 */
#include <string.h>

#include "web/app.h"
#include "web/auth.h"
#include "web/programme/chart.h"
#include "web/programme/progress_dash.h"
#include "web/registry/registry.h"
#include "web/model.h"
#include "core/region.h"
#include "core/stage.h"
#include "svc/coord_regions.h"

/* Does grant g keep a place in region (map m) once narrowed into *out? */
static bool
narrow_grant(struct request *req, struct db_conn *c, const struct coord_region_map *m,
    int64_t region, const struct grant *g, struct grant *out, struct err *e)
{
	int *codes;
	size_t n = 0;
	json_t *org;
	int prov;

	*out = *g;
	switch (g->scope) {
	case SCOPE_NATIONAL:
	case SCOPE_REGION:
		/* Every province of the region the grant holds, as a region
		 * grant over exactly those: the same role's rights there. */
		if ((codes = arena_alloc(&req->arena, 100 * sizeof(*codes))) == NULL)
			return false;
		for (prov = 11; prov < 100; prov++)
			if (m->id[prov] == region &&
			    (g->scope == SCOPE_NATIONAL || policy_grant_holds(g, prov)))
				codes[n++] = prov;
		if (g->scope == SCOPE_NATIONAL) {
			/* A national grant reads as a coordinator's over
			 * the region: seeing and following progress. */
			*out = (struct grant){ .role = ROLE_COORDINATOR,
				.scope = SCOPE_REGION,
				.scope_id = region };
		}
		out->provinces = codes;
		out->province_count = n;
		return n > 0;
	case SCOPE_PROVINCE:
		return m->id[g->scope_id] == region;
	case SCOPE_ORGANIZATION:
		if ((org = db_row(c, DB_ORG_GET, g->scope_id, "organization", e)) == NULL)
			return false;
		prov = (int)json_integer_value(json_object_get(org, "province_code"));
		json_decref(org);
		return prov > 0 && prov < 100 && m->id[prov] == region;
	default:
		return false;
	}
}

int
progress_region_narrow(struct request *req, struct db_conn *c, struct progress_dash *v,
    struct err *e)
{
	const struct param_value *w = req_param(req, "wilayah");
	struct grant *g;
	struct svc s;
	size_t i, n = 0;
	int prov;

	if (web_svc(req, &s, e) < 0 || (v->map = coord_region_map_load(&s, e)) == NULL)
		return -1;
	registry_scope_of(&v->who, &v->scope_all);
	if (!w->present)
		return 0;
	for (prov = 11; prov < 100 && v->map->id[prov] != w->i; prov++)
		;
	if (prov == 100) {
		err_set(e, ERR_NOT_FOUND, "no region %lld holding a province",
		    (long long)w->i);
		return -1;
	}
	v->region = w->i;
	if ((g = arena_alloc(&req->arena, (v->who.grant_count + 1) * sizeof(*g))) == NULL)
		return web_nomem(e);
	for (i = 0; i < v->who.grant_count; i++) {
		err_clear(e);
		if (narrow_grant(req, c, v->map, w->i, &v->who.grants[i], &g[n], e))
			n++;
		else if (e->status >= 500)
			return -1;
	}
	err_clear(e);
	v->who.grants = g;
	v->who.grant_count = n;
	if (registry_scope_params(&v->who, &req->arena, v->prm) < 0)
		return web_nomem(e);
	return 0;
}

void
progress_region_decorate(const struct progress_dash *v, json_t *row)
{
	int prov = (int)json_integer_value(json_object_get(row, "province_code"));
	const char *name = v->map != NULL && prov > 0 && prov < 100 ? v->map->name[prov] : NULL;

	json_object_set_new(row, "region_name", json_string(name != NULL ? name : ""));
}

/* Does the caller's whole dashboard scope reach a province of region id? */
static bool
region_seen(const struct progress_dash *v, int64_t id)
{
	size_t i;
	int prov;

	if (v->scope_all.national)
		return true;
	for (i = 0; i < v->scope_all.province_count; i++) {
		prov = (int)v->scope_all.provinces[i];
		if (prov > 0 && prov < 100 && v->map->id[prov] == id)
			return true;
	}
	return false;
}

/* The stages the chart and table show: those the cycle runs. */
static size_t
stage_series(struct request *req, const struct progress_dash *v, int which[STAGE_MAX],
    const char *series[STAGE_MAX])
{
	char key[64];
	size_t n = 0;
	json_t *st;
	size_t i;
	enum stage s;

	json_array_foreach(v->stages, i, st) {
		s = stage_parse(json_string_value(json_object_get(st, "stage")));
		if (s >= STAGE_MAX || n >= STAGE_MAX)
			continue;
		which[n] = (int)s;
		snprintf(key, sizeof(key), "stage.%s.name", stage_code(s));
		series[n++] = i18n_get(req_lang(req), key);
	}
	return n;
}

/* counts[prov][k]: PROGRESS_COUNTS rows summed by province and series. */
static void
sum_counts(json_t *rows, const int which[STAGE_MAX], size_t ns, int64_t counts[100][STAGE_MAX])
{
	json_t *row;
	size_t i, k;
	int prov;
	enum stage s;

	memset(counts, 0, 100 * sizeof(counts[0]));
	json_array_foreach(rows, i, row) {
		prov = (int)json_integer_value(json_object_get(row, "province_code"));
		s = stage_parse(json_string_value(json_object_get(row, "stage")));
		for (k = 0; k < ns && which[k] != (int)s; k++)
			;
		if (prov > 0 && prov < 100 && k < ns)
			counts[prov][k] += json_integer_value(json_object_get(row, "n"));
	}
}

/* The chart of one region: a bar per province it holds with figures. */
static json_t *
region_chart(struct request *req, const struct progress_dash *v, int64_t id,
    const char *name, const char *const *series, size_t ns, int64_t counts[100][STAGE_MAX])
{
	struct chart_bar bars[100];
	struct buf d;
	json_t *out;
	size_t nb = 0, k;
	int64_t total;
	int prov;

	buf_init(&d, 0);
	buf_printf(&d, "%s.", i18n_get(req_lang(req), "progress.chart_desc"));
	for (prov = 11; prov < 100; prov++) {
		const struct province *p = province_find(prov);

		if (p == NULL || v->map->id[prov] != id)
			continue;
		for (total = 0, k = 0; k < ns; k++)
			total += counts[prov][k];
		if (total == 0)
			continue;
		bars[nb].label = p->name;
		bars[nb++].values = counts[prov];
		buf_printf(&d, " %s: %lld (", p->name, (long long)total);
		for (k = 0; k < ns; k++)
			if (counts[prov][k] > 0)
				buf_printf(&d, "%s%s %lld", k ? ", " : "", series[k],
				    (long long)counts[prov][k]);
		buf_printf(&d, ").");
	}
	out = nb == 0 || d.failed
	    ? NULL
	    : chart_stacked_bars(arena_printf(&req->arena, "chart-region-%lld", (long long)id),
		  i18n_subst(&req->arena, i18n_get(req_lang(req), "progress.region_chart_title"),
		      "region", name, (const char *)NULL),
		  buf_cstr(&d), series, ns, bars, nb);
	buf_free(&d);
	return out;
}

/* The name of region id in m, "" when none. */
static const char *
region_name(const struct coord_region_map *m, int64_t id)
{
	int prov;

	for (prov = 11; prov < 100; prov++)
		if (m->id[prov] == id && m->name[prov] != NULL)
			return m->name[prov];
	return "";
}

/* Sort the n region ids by their names (a handful: insertion sort). */
static void
region_sort(const struct coord_region_map *m, int64_t *ids, size_t n)
{
	size_t i, j;
	int64_t x;

	for (i = 1; i < n; i++) {
		x = ids[i];
		for (j = i;
		     j > 0 && strcmp(region_name(m, ids[j - 1]), region_name(m, x)) > 0; j--)
			ids[j] = ids[j - 1];
		ids[j] = x;
	}
}

int
progress_region_model(struct request *req, const struct progress_dash *v, json_t *counts,
    json_t *model, struct err *e)
{
	int64_t(*sum)[STAGE_MAX] = arena_alloc(&req->arena, 100 * sizeof(*sum));
	int which[STAGE_MAX];
	const char *series[STAGE_MAX];
	json_t *regions = json_array(), *row, *cells, *chart, *opts = json_array();
	int64_t seen[100], tot, by[STAGE_MAX];
	size_t ns, nseen = 0, i, k;
	char value[24];
	int prov;

	if (sum == NULL) {
		json_decref(regions);
		json_decref(opts);
		return web_nomem(e);
	}
	ns = stage_series(req, v, which, series);
	sum_counts(counts, which, ns, sum);
	/* The regions the figures touch, in the order of their names. */
	for (prov = 11; prov < 100; prov++) {
		for (i = 0; i < nseen && seen[i] != v->map->id[prov]; i++)
			;
		if (v->map->id[prov] != 0 && i == nseen)
			seen[nseen++] = v->map->id[prov];
	}
	region_sort(v->map, seen, nseen);
	for (i = 0; i < nseen; i++) {
		const char *name = NULL;

		memset(by, 0, sizeof(by));
		for (tot = 0, prov = 11; prov < 100; prov++) {
			if (v->map->id[prov] != seen[i])
				continue;
			name = v->map->name[prov];
			for (k = 0; k < ns; k++) {
				by[k] += sum[prov][k];
				tot += sum[prov][k];
			}
		}
		snprintf(value, sizeof(value), "%lld", (long long)seen[i]);
		if (region_seen(v, seen[i]))
			json_array_append_new(opts,
			    json_pack("{s:s, s:s, s:b}", "value", value, "label",
				name ? name : "", "selected", seen[i] == v->region));
		if (tot == 0)
			continue;
		cells = json_array();
		for (k = 0; k < ns; k++)
			json_array_append_new(cells,
			    json_pack("{s:s, s:I}", "label", series[k], "n",
				(json_int_t)by[k]));
		chart = region_chart(req, v, seen[i], name ? name : "", series, ns, sum);
		row = json_pack("{s:I, s:s, s:o, s:I, s:o*}", "id", (json_int_t)seen[i],
		    "name", name ? name : "", "cells", cells, "total", (json_int_t)tot,
		    "chart", chart);
		json_array_append_new(regions, row);
	}
	cells = json_array();
	for (k = 0; k < ns; k++)
		json_array_append_new(cells, json_pack("{s:s}", "label", series[k]));
	json_object_set_new(model, "region_stages", cells);
	json_object_set_new(model, "by_region", regions);
	json_object_set_new(model, "has_regions", json_boolean(json_array_size(regions) > 0));
	json_object_set_new(model, "region_options", opts);
	json_object_set_new(model, "has_region_options",
	    json_boolean(json_array_size(opts) > 0));
	json_object_set_new(model, "region_chosen", json_boolean(v->region != 0));
	return 0;
}
