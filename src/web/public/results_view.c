/*
 * results_view.c - a published version of a cycle's results as the public
 * page shows it: each unit of the stored snapshot in the reader's language
 * (names, numbers with the language's decimal mark, the computation in
 * sentences) and the summary chart of the units shown, by province and
 * predicate. Nothing is computed again: every figure is the snapshot's.
 */
#include <string.h>

#include "base/timefmt.h"
#include "core/region.h"
#include "web/app.h"
#include "web/programme/chart.h"
#include "web/public/results.h"

const char *
results_lang_text(json_t *both, enum lang l)
{
	const char *s = json_string_value(json_object_get(both, l == LANG_EN ? "en" : "id"));

	return s ? s : "";
}

json_t *
results_number(struct request *req, json_t *v)
{
	char *s;

	if (!json_is_string(v))
		return json_null();
	if ((s = arena_strdup(&req->arena, json_string_value(v))) == NULL)
		return NULL;
	if (req_lang(req) == LANG_ID && strchr(s, '.') != NULL)
		*strchr(s, '.') = ',';
	return json_string(s);
}

const char *
results_when(struct request *req, json_t *iso)
{
	return time_iso_text(&req->arena, json_string_value(iso), tz_offset(TZ_WIB),
	    tz_code(TZ_WIB), i18n_time_lang(req_lang(req)), TIME_DATE_TIME);
}

/* The criterion of the snapshot called code, or NULL. */
static json_t *
criterion_of(json_t *data, const char *code)
{
	json_t *c;
	size_t i;

	json_array_foreach(json_object_get(data, "criteria"), i, c)
		if (strcmp(json_string_value(json_object_get(c, "code")), code) == 0)
			return c;
	return NULL;
}

static json_t *
criteria_view(struct request *req, json_t *data, json_t *u)
{
	json_t *out = json_array(), *c, *def;
	size_t i;

	json_array_foreach(json_object_get(u, "criteria"), i, c) {
		def = criterion_of(data, json_string_value(json_object_get(c, "code")));
		json_array_append_new(out,
		    json_pack("{s:s, s:o, s:o, s:o}", "name",
			results_lang_text(json_object_get(def, "name"), req_lang(req)),
			"weight", results_number(req, json_object_get(def, "weight")),
			"score", results_number(req, json_object_get(c, "score")),
			"weighted", results_number(req, json_object_get(c, "weighted"))));
	}
	return out;
}

static json_t *
knockouts_view(struct request *req, json_t *u)
{
	json_t *out = json_array(), *k;
	size_t i;

	json_array_foreach(json_object_get(u, "knockouts"), i, k)
		json_array_append_new(out,
		    json_pack("{s:s, s:s}", "text",
			results_lang_text(json_object_get(k, "text"), req_lang(req)), "label",
			i18n_get(req_lang(req),
			    json_is_true(json_object_get(k, "met"))
				? "scores.knockout_met"
				: "scores.knockout_not_met")));
	return out;
}

static json_t *
adjustments_view(struct request *req, json_t *u)
{
	json_t *out = json_array(), *a;
	char key[96];
	size_t i;

	json_array_foreach(json_object_get(u, "adjustments"), i, a) {
		snprintf(key, sizeof(key), "scores.adjust.kind.%s",
		    json_string_value(json_object_get(a, "kind")));
		json_array_append_new(out,
		    json_pack("{s:s, s:o}", "label", i18n_get(req_lang(req), key), "points",
			json_is_true(json_object_get(a, "has_data"))
			    ? results_number(req, json_object_get(a, "points"))
			    : json_string(i18n_get(req_lang(req), "scores.no_data"))));
	}
	return out;
}

/* The predicate's name of unit u, or the words for none. */
static const char *
predicate_text(struct request *req, json_t *u)
{
	json_t *p = json_object_get(u, "predicate");

	if (!json_is_object(p))
		return i18n_get(req_lang(req), "results.no_predicate");
	if (!json_is_object(json_object_get(p, "label")))
		return json_string_value(json_object_get(p, "code"));
	return results_lang_text(json_object_get(p, "label"), req_lang(req));
}

json_t *
results_unit_view(struct request *req, json_t *data, json_t *u)
{
	json_t *expl = json_object_get(json_object_get(u, "explanation"),
		   req_lang(req) == LANG_EN ? "en" : "id"),
	       *out;

	out = json_pack(
	    "{s:O, s:O, s:O, s:s, s:o, s:s, s:b, s:b, s:s, s:O, s:o, s:o, s:o, s:O}",
	    "id", json_object_get(u, "participation_id"), "unit_name",
	    json_object_get(u, "unit_name"), "province_name",
	    json_object_get(u, "province_name"), "unit_type_name",
	    results_lang_text(json_object_get(u, "unit_type_name"), req_lang(req)),
	    "total", results_number(req, json_object_get(u, "total")), "predicate",
	    predicate_text(req, u), "awarded", json_is_true(json_object_get(u, "awarded")),
	    "revoked", json_is_true(json_object_get(u, "revoked")), "revoked_at",
	    results_when(req, json_object_get(u, "revoked_at")), "decree_number",
	    json_object_get(json_object_get(u, "decree"), "number"), "criteria",
	    criteria_view(req, data, u), "knockouts", knockouts_view(req, u), "adjustments",
	    adjustments_view(req, u), "explanation", expl ? expl : json_array());
	if (out != NULL)
		json_object_set_new(out, "has_knockouts",
		    json_boolean(json_array_size(json_object_get(u, "knockouts")) > 0));
	return out;
}

/* The chart's series of unit u: a predicate's index, then none, then
 * revoked. */
static size_t
series_of(json_t *data, json_t *u)
{
	json_t *preds = json_object_get(data, "predicates"),
	       *p = json_object_get(u, "predicate");
	size_t n = json_array_size(preds), i;

	if (json_is_true(json_object_get(u, "revoked")))
		return n + 1;
	for (i = 0; json_is_object(p) && i < n; i++)
		if (json_equal(json_object_get(json_array_get(preds, i), "code"),
			json_object_get(p, "code")))
			return i;
	return n;
}

json_t *
results_chart(struct request *req, json_t *data, json_t *shown, const char *id, const char *title)
{
	json_t *preds = json_object_get(data, "predicates"), *u;
	size_t ns = json_array_size(preds) + 2, nb = 0, i;
	const char **series = arena_alloc(&req->arena, ns * sizeof(*series));
	struct chart_bar *bars = arena_alloc(&req->arena,
	    (json_array_size(shown) + 1) * sizeof(*bars));
	int64_t *vals;

	if (series == NULL || bars == NULL)
		return NULL;
	for (i = 0; i < ns - 2; i++)
		series[i] = results_lang_text(
		    json_object_get(json_array_get(preds, i), "label"), req_lang(req));
	series[ns - 2] = i18n_get(req_lang(req), "results.no_predicate");
	series[ns - 1] = i18n_get(req_lang(req), "results.revoked");
	/* shown is in province order: one bar per run of a province. */
	json_array_foreach(shown, i, u) {
		const char *prov = json_string_value(json_object_get(u, "province_name"));

		if (nb == 0 || strcmp(bars[nb - 1].label, prov) != 0) {
			/* arena memory comes zeroed: every count starts at 0 */
			if ((vals = arena_alloc(&req->arena, ns * sizeof(*vals))) == NULL)
				return NULL;
			bars[nb++] = (struct chart_bar){ prov, vals };
		}
		((int64_t *)bars[nb - 1].values)[series_of(data, u)]++;
	}
	return chart_stacked_bars(id, title,
	    i18n_get(req_lang(req), "results.chart_desc"), series, ns, bars, nb);
}

json_t *
results_region_charts(struct request *req, json_t *data, json_t *shown)
{
	json_t *out = json_array(), *u, *sub, *chart;
	const char *name, *done;
	size_t i, j, k = 0;

	json_array_foreach(shown, i, u) {
		name = json_string_value(json_object_get(u, "region_name"));
		if (name == NULL || name[0] == '\0')
			continue;
		/* Once per region, at its first unit. */
		for (j = 0; j < i; j++) {
			done = json_string_value(
			    json_object_get(json_array_get(shown, j), "region_name"));
			if (done != NULL && strcmp(done, name) == 0)
				break;
		}
		if (j < i)
			continue;
		sub = json_array();
		for (j = i; j < json_array_size(shown); j++)
			if (json_equal(json_object_get(json_array_get(shown, j), "region_name"),
				json_object_get(u, "region_name")))
				json_array_append(sub, json_array_get(shown, j));
		chart = results_chart(req, data, sub,
		    arena_printf(&req->arena, "hasil-wilayah-%zu", ++k),
		    i18n_subst(&req->arena,
			i18n_get(req_lang(req), "results.region_chart_title"), "region",
			name, (const char *)NULL));
		json_decref(sub);
		if (chart != NULL)
			json_array_append_new(out,
			    json_pack("{s:s, s:o}", "name", name, "chart", chart));
	}
	return out;
}
