/*
 * progress.c - the progress page (/progres): for one cycle, how many
 * participations stand at each stage and state, per province and per unit
 * type, a stacked bar chart per province drawn on the server (chart.h),
 * and the units that have not started or are late. Its CSV
 * (/progres.csv) is progress_export.c's.
 *
 * The page is a dashboard over a part of the tree: it is for the grants
 * that reach a province, an organization or the whole country and may
 * follow progress there (admin, coordinator, regional office, observer).
 * A unit's own people follow their participation on its own page, so
 * unit and participation grants do not open this one (404, as for any
 * page outside the caller's scope).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "web/app.h"
#include "web/auth.h"
#include "web/programme/chart.h"
#include "web/stages/participation.h"
#include "web/programme/progress_dash.h"
#include "web/registry/registry.h"
#include "web/stages/supervision.h"
#include "base/timefmt.h"
#include "core/cycle.h"
#include "core/region.h"
#include "core/unit_type.h"
#include "web/complaints/complaints_web.h"
#include "web/routes.h"
#include "web/model.h"

#define STATE_UNKNOWN 1000 /* order of a state the programme does not list */

/* One column of the tables: a state within a stage. */
struct column {
	enum stage stage; /* STAGE_MAX: a stage the code does not know */
	const char *stage_code;
	const char *state;
	int order;   /* enum pstate, or STATE_UNKNOWN */
	size_t seen; /* how many columns the rows showed before it */
};

/* One row of a table: a province or a unit type with its counts. */
struct tally_row {
	int province;                    /* province rows */
	const char *type;                /* unit type rows */
	int64_t *n;                      /* per column */
	int64_t by_stage[STAGE_MAX + 1]; /* per stage, for the chart */
	int64_t total;
};

/* Everything PROGRESS_COUNTS said, arranged for the page. */
struct tally {
	struct column *cols;
	size_t ncols;
	struct tally_row *provinces;
	size_t nprovinces;
	struct tally_row *types;
	size_t ntypes;
	struct tally_row totals;
};

/* The caller's grants over a province, an organization or the country
 * that may view progress there, as a principal of their own. */
static struct principal
dashboard_principal(struct request *req)
{
	return registry_principal_for(req, ACT_PROGRESS_VIEW, OBJ_PROGRESS,
	    REGISTRY_AREA_OR_REGION_SCOPES);
}

bool
progress_may_view(struct request *req)
{
	return dashboard_principal(req).grant_count > 0;
}

/* The text at key of row, "" when absent or not text. */
static const char *
str(json_t *row, const char *key)
{
	const char *s = json_string_value(json_object_get(row, key));

	return s != NULL ? s : "";
}

static int
stage_index(const char *code)
{
	return code != NULL ? (int)stage_parse(code) : STAGE_MAX;
}

/* The tables' columns follow the programme's order of states (enum
 * pstate) within each stage. */
static int
state_index(const char *state)
{
	enum pstate st = pstate_parse(state);

	return st < PSTATE_MAX ? (int)st : STATE_UNKNOWN;
}

void
progress_dash_free(struct progress_dash *v)
{
	json_decref(v->cycles);
	json_decref(v->stages);
}

int
progress_dash_load(struct request *req, struct db_conn *c, struct progress_dash *v,
    struct err *e)
{
	const struct param_value *want = req_param(req, "siklus");
	enum stage run;
	size_t i;
	json_t *cy, *st;

	memset(v, 0, sizeof(*v));
	v->who = dashboard_principal(req);
	if (v->who.grant_count == 0) {
		err_set(e, ERR_NOT_FOUND, "no grant that follows progress over a region");
		return -1;
	}
	if (db_exec(c, DB_CYCLE_LIST, NULL, 0, &v->cycles, e) < 0)
		return -1;
	json_array_foreach(v->cycles, i, cy) {
		if (!want->present ||
		    json_integer_value(json_object_get(cy, "id")) == want->i) {
			v->cycle = cy;
			break;
		}
	}
	if (v->cycle == NULL) {
		if (!want->present)
			return 0;
		err_set(e, ERR_NOT_FOUND, "no such cycle");
		return -1;
	}
	if (db_exec(c, DB_CYCLE_STAGES,
		(struct db_param[]){
		    DBP_INT(json_integer_value(json_object_get(v->cycle, "id"))) },
		1, &v->stages, e) < 0)
		return -1;
	v->first = STAGE_MAX;
	json_array_foreach(v->stages, i, st) {
		if ((run = stage_parse(json_string_value(json_object_get(st, "stage")))) >=
			STAGE_MAX ||
		    v->nrun >= STAGE_MAX)
			continue;
		if (v->nrun == 0)
			v->first = run;
		v->run[v->nrun++] = (struct cycle_window){ run, 0, 0 };
		v->opens[run] = json_string_value(json_object_get(st, "opens_at"));
		v->deadline[run] = json_string_value(json_object_get(st, "deadline_at"));
	}
	time_iso(time(NULL), v->now);
	if (registry_scope_params(&v->who, &req->arena, v->prm) < 0)
		return web_nomem(e);
	v->prm[4] = DBP_INT(json_integer_value(json_object_get(v->cycle, "id")));
	return progress_region_narrow(req, c, v, e);
}

/* Columns sort by stage, then by the programme's order of states. */
static int
column_cmp(const struct column *a, const struct column *b)
{
	if (a->stage != b->stage)
		return (int)a->stage - (int)b->stage;
	if (a->stage == STAGE_MAX && strcmp(a->stage_code, b->stage_code) != 0)
		return strcmp(a->stage_code, b->stage_code);
	if (a->order != b->order)
		return a->order - b->order;
	return strcmp(a->state, b->state);
}

/* The index of (stage, state) among t's columns, appended if new (the
 * columns are put in order once all are known: column_sort). A page has a
 * dozen or two columns. */
static size_t
column_of(struct tally *t, const char *stage, const char *state)
{
	size_t i;

	for (i = 0; i < t->ncols; i++)
		if (strcmp(t->cols[i].state, state) == 0 &&
		    strcmp(t->cols[i].stage_code, stage) == 0)
			return i;
	t->cols[t->ncols] = (struct column){ (enum stage)stage_index(stage), stage, state,
		state_index(state), t->ncols };
	return t->ncols++;
}

static int
column_qcmp(const void *a, const void *b)
{
	return column_cmp(a, b);
}

/* Put t's columns in order; rank[i] receives where the column appended
 * i-th went. */
static void
column_sort(struct tally *t, size_t *rank)
{
	size_t i;

	qsort(t->cols, t->ncols, sizeof(*t->cols), column_qcmp);
	for (i = 0; i < t->ncols; i++)
		rank[t->cols[i].seen] = i;
}

/* The row of a province (type NULL) or of a unit type, made if new. */
static struct tally_row *
row_of(struct request *req, struct tally_row *rows, size_t *n, size_t ncols, int province,
    const char *type)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (type != NULL ? strcmp(rows[i].type, type) == 0 : rows[i].province == province)
			return &rows[i];
	memset(&rows[*n], 0, sizeof(rows[*n]));
	rows[*n].province = province;
	rows[*n].type = type;
	if ((rows[*n].n = arena_alloc(&req->arena, (ncols + 1) * sizeof(int64_t))) == NULL)
		return NULL;
	memset(rows[*n].n, 0, (ncols + 1) * sizeof(int64_t));
	return &rows[(*n)++];
}

static void
row_add(struct tally_row *r, size_t col, int stage, int64_t n)
{
	r->n[col] += n;
	r->by_stage[stage < STAGE_MAX ? stage : STAGE_MAX] += n;
	r->total += n;
}

/* Province rows by Kemendagri code; unit type rows in the registry's order. */
static int
province_cmp(const void *a, const void *b)
{
	return ((const struct tally_row *)a)->province - ((const struct tally_row *)b)->province;
}

static int
type_rank(const char *code)
{
	const struct unit_type *t = unit_type_find(code);

	return t != NULL ? (int)(t - unit_types) : UNIT_TYPE_MAX;
}

static int
type_cmp(const void *a, const void *b)
{
	const struct tally_row *x = a, *y = b;
	int rx = type_rank(x->type), ry = type_rank(y->type);

	return rx != ry ? rx - ry : strcmp(x->type, y->type);
}

/*
 * Arrange PROGRESS_COUNTS rows into t (memory in the request's arena). A
 * row counts in its province's row and the totals when it names a
 * province, in its unit type's row when it names one: PROGRESS_COUNTS
 * rows name both, PROGRESS_COUNTS_NATIONAL's one or the other.
 */
static int
tally_build(struct request *req, json_t *rows, struct tally *t)
{
	size_t nrows = json_array_size(rows), i, *col, *rank;
	struct tally_row *r;
	json_t *row, *prov, *type;
	int64_t n;
	int si;

	memset(t, 0, sizeof(*t));
	t->cols = arena_alloc(&req->arena, (nrows + 1) * sizeof(*t->cols));
	t->provinces = arena_alloc(&req->arena, (nrows + 1) * sizeof(*t->provinces));
	t->types = arena_alloc(&req->arena, (nrows + 1) * sizeof(*t->types));
	col = arena_alloc(&req->arena, (nrows + 1) * sizeof(*col));
	rank = arena_alloc(&req->arena, (nrows + 1) * sizeof(*rank));
	if (t->cols == NULL || t->provinces == NULL || t->types == NULL || col == NULL ||
	    rank == NULL)
		return -1;
	json_array_foreach(rows, i, row)
		col[i] = column_of(t, str(row, "stage"), str(row, "state"));
	column_sort(t, rank);
	if ((t->totals.n = arena_alloc(&req->arena, (t->ncols + 1) * sizeof(int64_t))) == NULL)
		return -1;
	memset(t->totals.n, 0, (t->ncols + 1) * sizeof(int64_t));
	json_array_foreach(rows, i, row) {
		n = json_integer_value(json_object_get(row, "n"));
		si = t->cols[rank[col[i]]].stage;
		if (json_is_integer(prov = json_object_get(row, "province_code"))) {
			if ((r = row_of(req, t->provinces, &t->nprovinces, t->ncols,
				 (int)json_integer_value(prov), NULL)) == NULL)
				return -1;
			row_add(r, rank[col[i]], si, n);
			row_add(&t->totals, rank[col[i]], si, n);
		}
		if (json_is_string(type = json_object_get(row, "unit_type"))) {
			if ((r = row_of(req, t->types, &t->ntypes, t->ncols, 0,
				 json_string_value(type))) == NULL)
				return -1;
			row_add(r, rank[col[i]], si, n);
		}
	}
	qsort(t->provinces, t->nprovinces, sizeof(*t->provinces), province_cmp);
	qsort(t->types, t->ntypes, sizeof(*t->types), type_cmp);
	return 0;
}

static const char *
province_name(int code)
{
	const struct province *p = province_find(code);

	return p != NULL ? p->name : "?";
}

static const char *
type_name(enum lang l, const char *code)
{
	const struct unit_type *t = unit_type_find(code);

	return t == NULL ? code : l == LANG_EN ? t->name_en : t->name_id;
}

static const char *
label(struct request *req, const char *prefix, const char *code, const char *suffix)
{
	char key[96];

	snprintf(key, sizeof(key), "%s%s%s", prefix, code, suffix);
	return i18n_get(req_lang(req), key);
}

/* Where a participation at stage and state stands in v's cycle, in words:
 * one done with the last stage the cycle runs reads as finished. */
static const char *
standing(struct request *req, const struct progress_dash *v, const char *stage, const char *state)
{
	return participation_standing_label(&req->arena, req_lang(req),
	    stage_parse(stage), pstate_parse(state), v->run, v->nrun);
}

/* The tables' header: stage groups spanning their states, then the states. */
static void
model_columns(struct request *req, const struct progress_dash *v, const struct tally *t,
    json_t *model)
{
	json_t *cols = json_array(), *groups = json_array(), *last = NULL;
	size_t i;

	for (i = 0; i < t->ncols; i++) {
		const struct column *c = &t->cols[i];

		json_array_append_new(cols,
		    json_pack("{s:s, s:s, s:s, s:s}", "stage", c->stage_code, "stage_label",
			label(req, "stage.", c->stage_code, ".name"), "state", c->state,
			"label", standing(req, v, c->stage_code, c->state)));
		if (i == 0 || strcmp(c->stage_code, t->cols[i - 1].stage_code) != 0) {
			last = json_pack("{s:s, s:s, s:i}", "stage", c->stage_code, "label",
			    label(req, "stage.", c->stage_code, ".name"), "span", 0);
			json_array_append_new(groups, last);
		}
		json_object_set_new(last, "span",
		    json_integer(json_integer_value(json_object_get(last, "span")) + 1));
	}
	json_object_set_new(model, "columns", cols);
	json_object_set_new(model, "stage_groups", groups);
}

/* One table row: {code, name, href?, cells: [{stage, state, n}], total};
 * the cells share their column's texts (names[2i], names[2i + 1]). */
static json_t *
model_row(const struct tally *t, const struct tally_row *r, json_t *head, json_t **names)
{
	json_t *cells = json_array(), *cell;
	size_t i;

	for (i = 0; i < t->ncols && (cell = json_object()) != NULL; i++) {
		json_object_set_nocheck(cell, "stage", names[2 * i]);
		json_object_set_nocheck(cell, "state", names[2 * i + 1]);
		json_object_set_new_nocheck(cell, "n", json_integer(r->n[i]));
		json_array_append_new(cells, cell);
	}
	json_object_set_new_nocheck(head, "cells", cells);
	json_object_set_new_nocheck(head, "total", json_integer(r->total));
	return head;
}

static int
model_tables(struct request *req, const struct progress_dash *v, const struct tally *t,
    json_t *model)
{
	json_t *prov, *types, **names;
	size_t i;

	if ((names = arena_alloc(&req->arena, (2 * t->ncols + 1) * sizeof(*names))) == NULL)
		return -1;
	for (i = 0; i < 2 * t->ncols; i++)
		names[i] = json_string(i % 2 ? t->cols[i / 2].state : t->cols[i / 2].stage_code);
	prov = json_array();
	types = json_array();
	for (i = 0; i < t->nprovinces; i++)
		json_array_append_new(prov,
		    model_row(t, &t->provinces[i],
			json_pack("{s:i, s:s}", "code", t->provinces[i].province, "name",
			    province_name(t->provinces[i].province)),
			names));
	for (i = 0; i < t->ntypes; i++)
		json_array_append_new(types,
		    model_row(t, &t->types[i],
			json_pack("{s:s, s:s}", "code", t->types[i].type, "name",
			    type_name(req_lang(req), t->types[i].type)),
			names));
	model_columns(req, v, t, model);
	json_object_set_new(model, "by_province", prov);
	json_object_set_new(model, "by_unit_type", types);
	json_object_set_new(model, "totals", model_row(t, &t->totals, json_object(), names));
	json_object_set_new(model, "has_data", json_boolean(t->totals.total > 0));
	for (i = 0; i < 2 * t->ncols; i++)
		json_decref(names[i]);
	return 0;
}

/*
 * The chart: a bar per province, a segment per stage the cycle runs (and
 * any other stage the data holds), with a text alternative that says
 * every number the bars show.
 */
static json_t *
model_chart(struct request *req, const struct progress_dash *v, const struct tally *t)
{
	enum lang l = req_lang(req);
	const char *series[STAGE_MAX + 1];
	int which[STAGE_MAX + 1];
	struct chart_bar *bars;
	int64_t *vals;
	size_t ns = 0, i, j, k;
	struct buf d;
	json_t *st, *out;
	int s;

	json_array_foreach(v->stages, i, st) {
		s = stage_index(json_string_value(json_object_get(st, "stage")));
		if (s < STAGE_MAX && ns < STAGE_MAX) {
			which[ns] = s;
			series[ns++] = label(req, "stage.", stage_code((enum stage)s), ".name");
		}
	}
	for (s = 0; s <= STAGE_MAX; s++) {
		for (j = 0; j < ns && which[j] != s; j++)
			;
		if (j == ns && t->totals.by_stage[s] > 0 && ns <= STAGE_MAX) {
			which[ns] = s;
			series[ns++] = s < STAGE_MAX
			    ? label(req, "stage.", stage_code((enum stage)s), ".name")
			    : i18n_get(l, "progress.other_stage");
		}
	}
	bars = arena_alloc(&req->arena, (t->nprovinces + 1) * sizeof(*bars));
	vals = arena_alloc(&req->arena, (t->nprovinces * ns + 1) * sizeof(*vals));
	if (bars == NULL || vals == NULL)
		return NULL;
	buf_init(&d, 0);
	buf_printf(&d, "%s.", i18n_get(l, "progress.chart_desc"));
	for (i = 0; i < t->nprovinces; i++) {
		bars[i].label = province_name(t->provinces[i].province);
		bars[i].values = vals + i * ns;
		buf_printf(&d, " %s: %lld (", bars[i].label, (long long)t->provinces[i].total);
		for (k = 0, j = 0; j < ns; j++) {
			vals[i * ns + j] = t->provinces[i].by_stage[which[j]];
			if (vals[i * ns + j] > 0)
				buf_printf(&d, "%s%s %lld", k++ ? ", " : "", series[j],
				    (long long)vals[i * ns + j]);
		}
		buf_printf(&d, ").");
	}
	out = d.failed
	    ? NULL
	    : chart_stacked_bars("chart-province", i18n_get(l, "progress.chart_title"),
		  buf_cstr(&d), series, ns, bars, t->nprovinces);
	buf_free(&d);
	return out;
}

/* An instant in the zone of province: "28 Maret 2023 23.59 WITA", or
 * "2023-03-28 23:59 WITA" for the sheet. */
static const char *
local_time(struct request *req, const char *iso, int province, bool for_sheet)
{
	const struct province *p = province_find(province);

	return participation_zone_time(req, p != NULL ? p->tz : TZ_WIB, iso,
	    for_sheet ? TIME_NUMERIC : TIME_DATE_TIME);
}

struct cycle_lag
progress_lag(const struct progress_dash *v, const char *stage, const char *state)
{
	enum stage s = stage_parse(stage);

	return cycle_lag_at(s, pstate_parse(state), s < STAGE_MAX ? v->opens[s] : NULL,
	    s < STAGE_MAX ? v->deadline[s] : NULL, v->first, v->now);
}

void
progress_decorate(struct request *req, const struct progress_dash *v, json_t *row, bool for_sheet)
{
	enum lang l = req_lang(req);
	int prov = (int)json_integer_value(json_object_get(row, "province_code"));
	const char *stage = str(row, "stage");
	const char *state = str(row, "state");
	enum stage s = stage_parse(stage);
	const char *due = s < STAGE_MAX ? v->deadline[s] : NULL;
	struct cycle_lag lag = progress_lag(v, stage, state);

	progress_region_decorate(v, row);
	json_object_set_new_nocheck(row, "province_name", json_string(province_name(prov)));
	json_object_set_new_nocheck(row, "unit_type_name",
	    json_string(type_name(l, str(row, "unit_type"))));
	json_object_set_new_nocheck(row, "stage_label",
	    json_string(label(req, "stage.", stage, ".name")));
	json_object_set_new_nocheck(row, "state_label",
	    json_string(standing(req, v, stage, state)));
	json_object_set_new_nocheck(row, "deadline_at",
	    due != NULL ? json_string(due) : json_null());
	json_object_set_new_nocheck(row, "deadline",
	    json_string(local_time(req, due, prov, for_sheet)));
	json_object_set_new_nocheck(row, "late", json_boolean(lag.late));
	json_object_set_new_nocheck(row, "not_started", json_boolean(lag.not_started));
	json_object_set_new_nocheck(row, "late_text",
	    json_string(i18n_get(l, lag.late ? "progress.yes" : "progress.no")));
	json_object_set_new_nocheck(row, "reason",
	    json_string(lag.not_started && lag.late
		    ? arena_printf(&req->arena, "%s \xC2\xB7 %s",
			  i18n_get(l, "progress.not_started"), i18n_get(l, "progress.late"))
		    : i18n_get(l, lag.not_started ? "progress.not_started" : "progress.late")));
}

/* Whose figures these are: "Nasional", or the provinces and organizations. */
static json_t *
model_scope(struct request *req, struct db_conn *c, const struct principal *who)
{
	struct registry_scope s;
	json_t *names = json_array(), *rows, *name, *out;
	struct err ignore;
	struct buf b;
	size_t i;

	registry_scope_of(who, &s);
	if (s.national)
		json_array_append_new(names,
		    json_string(i18n_get(req_lang(req), "progress.national")));
	for (i = 0; !s.national && i < s.province_count; i++)
		json_array_append_new(names, json_string(province_name((int)s.provinces[i])));
	for (i = 0; !s.national && i < s.organization_count; i++) {
		rows = NULL;
		err_clear(&ignore);
		if (db_exec(c, DB_ORG_GET, (struct db_param[]){ DBP_INT(s.organizations[i]) },
			1, &rows, &ignore) == 0 &&
		    json_array_size(rows) > 0)
			json_array_append(names,
			    json_object_get(json_array_get(rows, 0), "name"));
		json_decref(rows);
	}
	buf_init(&b, 0);
	json_array_foreach(names, i, name)
		buf_printf(&b, "%s%s", i ? ", " : "", json_string_value(name));
	out = json_pack("{s:b, s:o, s:s}", "national", s.national, "names", names, "text",
	    b.failed ? "" : buf_cstr(&b));
	buf_free(&b);
	return out;
}

/* The cycle <select>'s options. */
static json_t *
cycle_options(const struct progress_dash *v)
{
	json_t *a = json_array(), *cy;
	char id[24];
	size_t i;

	json_array_foreach(v->cycles, i, cy) {
		snprintf(id, sizeof(id), "%lld",
		    (long long)json_integer_value(json_object_get(cy, "id")));
		json_array_append_new(a,
		    json_pack("{s:s, s:O, s:b}", "value", id, "label",
			json_object_get(cy, "title"), "selected", cy == v->cycle));
	}
	return a;
}

static int
progress_page(struct request *req, struct reply *rep, struct err *e)
{
	enum lang l = req_lang(req);
	struct db_conn *c;
	struct tally t;
	struct progress_dash v = { 0 };
	json_t *counts = NULL, *model, *chart;
	int rc = -1;

	if (req_param(req, "format")->present)
		return progress_csv(req, rep, e);
	if ((c = req_db(req, e)) == NULL || progress_dash_load(req, c, &v, e) < 0)
		goto done;
	model = json_pack("{s:s, s:o, s:o, s:o, s:s}", "page_title",
	    i18n_get(l, "progress.title"), "cycles", cycle_options(&v), "scope",
	    model_scope(req, c, &v.who), "cycle",
	    v.cycle == NULL
		? json_null()
		: json_pack("{s:O, s:O, s:O, s:O, s:O}", "id", json_object_get(v.cycle, "id"),
		      "programme", json_object_get(v.cycle, "programme"), "year",
		      json_object_get(v.cycle, "year"), "title",
		      json_object_get(v.cycle, "title"), "tz", json_object_get(v.cycle, "tz")),
	    "now", v.now);
	if ((rep->model = model) == NULL)
		goto nomem;
	if (v.cycle == NULL) {
		app_notice(model, false, i18n_get(l, "progress.no_cycle"));
		rc = 0;
		goto done;
	}
	json_object_set_new(model, "export_csv",
	    json_string(arena_printf(&req->arena, "/progres.csv?siklus=%lld%s%.0lld",
		(long long)json_integer_value(json_object_get(v.cycle, "id")),
		v.region ? "&wilayah=" : "", (long long)v.region)));
	if (supervision_overdue_put(req, v.prm, 0, model, e) < 0 ||
	    complaints_overdue_put(req, v.prm, 0, model, e) < 0 ||
	    (v.prm[0].i == 1 ? db_exec(c, DB_PROGRESS_COUNTS_NATIONAL, v.prm + 4, 1, &counts, e)
			     : db_exec(c, DB_PROGRESS_COUNTS, v.prm, 5, &counts, e)) < 0)
		goto done;
	if (tally_build(req, counts, &t) < 0 || model_tables(req, &v, &t, model) < 0)
		goto nomem;
	if (progress_region_model(req, &v, counts, model, e) < 0)
		goto done;
	if ((chart = model_chart(req, &v, &t)) == NULL)
		goto nomem;
	json_object_set_new(model, "chart", chart);
	if (progress_lagging_model(req, c, &v, counts, model, e) < 0)
		goto done;
	rc = 0;
	goto done;
nomem:
	err_set(e, ERR_NOMEM, "out of memory");
done:
	json_decref(counts);
	progress_dash_free(&v);
	return rc;
}

/* The addresses this file answers, with their declared inputs. */
/* progress.c */
static PARAM_LIST(p_progress, PARAM_REF("siklus", PARAM_QUERY, false),
    { "format", PARAM_QUERY, PT_ENUM, false, 0, 0, "csv" },
    PARAM_REF("wilayah", PARAM_QUERY, false));

/* clang-format off */
static const struct route routes[] = {
	ROUTE_GET("/progres", progress_page, "progress", SIGNED_IN, .params = p_progress,
	    .kept = true,
	    .about = "Progress dashboards: participations per stage and state, "
		"by province and unit type"),
	ROUTE_GET("/progres.csv", progress_csv, NULL, SIGNED_IN, .params = p_progress,
	    .produces = "text/csv",
	    .about = "The progress dashboard's rows as CSV"),
};
/* clang-format on */
ROUTE_TABLE(progress_routes, routes);
