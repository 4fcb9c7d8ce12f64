/*
 * cycles.c - programme cycles (/siklus): create a cycle under a rulebook with
 * the stages it runs and their windows, see its calendar and how many units
 * stand where, and enrol units one by one (a picker, web/picker.h) or all
 * that match a filter.
 */
#include <string.h>
#include <time.h>

#include "web/app.h"
#include "web/auth.h"
#include "web/stages/building.h"
#include "web/form.h"
#include "web/picker.h"
#include "web/stages/participation.h"
#include "web/registry/registry.h"
#include "svc/cycles.h"
#include "base/timefmt.h"
#include "core/cycle.h"
#include "core/rulebook.h"
#include "core/unit_type.h"
#include "web/routes.h"
#include "web/model.h"

#define LIST_LIMIT 200 /* participations shown on a cycle page */
#define PROVINCES 38   /* of the country, for the cost of a walk */

static int
cycles_list(struct request *req, struct reply *rep, struct err *e)
{
	static const struct object_ref cycles = { .type = OBJ_CYCLE };
	struct object_ref manage = { .type = OBJ_CYCLE };
	struct db_conn *c;
	json_t *rows = NULL;
	struct err ignore;

	if (app_authorize(req, ACT_VIEW, &cycles, e) < 0 || (c = req_db(req, e)) == NULL ||
	    db_exec(c, DB_CYCLE_LIST, NULL, 0, &rows, e) < 0)
		return -1;
	err_clear(&ignore);
	rep->model = json_pack("{s:s, s:o, s:b}", "page_title",
	    i18n_get(req_lang(req), "cycles.title"), "cycles", rows, "may_create",
	    app_authorize(req, ACT_CYCLE_MANAGE, &manage, &ignore) == 0);
	return rep->model ? 0 : -1;
}

static const char *const stage_fields[][3] = {
	/* checkbox, opening date, deadline date, per stage in order */
	{ "run_pencanangan", "opens_pencanangan", "deadline_pencanangan" },
	{ "run_pembangunan", "opens_pembangunan", "deadline_pembangunan" },
	{ "run_evaluasi", "opens_evaluasi", "deadline_evaluasi" },
	{ "run_penilaian", "opens_penilaian", "deadline_penilaian" },
	{ "run_pembinaan", "opens_pembinaan", "deadline_pembinaan" },
};

static const struct field_spec cycle_fields[] = {
	{ "title", "cycles.field_title", "text", "off", "cycles.title_hint" },
	{ "year", "cycles.year", "number", "off", NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};

/* The new-cycle form's model; problem (a message) shown at the top. */
static int
new_model(struct request *req, struct reply *rep, bool refill, const char *problem,
    struct err *e)
{
	enum lang l = req_lang(req);
	json_t *rulebooks = NULL, *stages = json_array(), *zones = json_array(), *r;
	struct db_conn *c;
	const char *rb_sel = refill ? req_param(req, "rulebook")->text : "";
	const char *tz_sel = refill ? req_param(req, "tz")->text : "WIB";
	char key[64];
	size_t i;
	int s;

	if ((c = req_db(req, e)) == NULL ||
	    db_exec(c, DB_RULEBOOK_LIST, NULL, 0, &rulebooks, e) < 0)
		return -1;
	json_array_foreach(rulebooks, i, r) {
		char id[24];

		snprintf(id, sizeof(id), "%lld",
		    (long long)json_integer_value(json_object_get(r, "id")));
		json_object_set_new(r, "selected", json_boolean(strcmp(id, rb_sel) == 0));
	}
	for (s = 0; s < STAGE_MAX; s++) {
		snprintf(key, sizeof(key), "stage.%s.name", stage_code((enum stage)s));
		json_array_append_new(stages,
		    json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:s}", "code",
			stage_code((enum stage)s), "name", i18n_get(l, key), "run_name",
			stage_fields[s][0], "opens_name", stage_fields[s][1],
			"deadline_name", stage_fields[s][2], "run",
			refill && req_param(req, stage_fields[s][0])->i, "opens",
			refill ? req_param(req, stage_fields[s][1])->text : "", "deadline",
			refill ? req_param(req, stage_fields[s][2])->text : ""));
	}
	for (s = 0; s < TZ_MAX; s++)
		json_array_append_new(zones,
		    json_pack("{s:s, s:b}", "code", tz_code((enum tz)s), "selected",
			strcmp(tz_code((enum tz)s), tz_sel) == 0));
	rep->model = json_pack("{s:s, s:o, s:o, s:o, s:o, s:b}", "page_title",
	    i18n_get(l, "cycles.new_title"), "rulebooks", rulebooks, "stages", stages,
	    "zones", zones, "fields", form_fields(req, cycle_fields, refill), "kkpham",
	    refill && strcmp(req_param(req, "programme")->text, "kkpham") == 0);
	rep->template = "cycle_new";
	if (problem != NULL)
		app_notice(rep->model, true, problem);
	return rep->model ? 0 : -1;
}

static int
cycles_new(struct request *req, struct reply *rep, struct err *e)
{
	static const struct object_ref cycles = { .type = OBJ_CYCLE };

	if (app_authorize(req, ACT_CYCLE_MANAGE, &cycles, e) < 0)
		return -1;
	return new_model(req, rep, false, NULL, e);
}

/* The windows of the stages the form runs into w (*n of them), in the
 * cycle's zone; false when a run stage lacks a date. */
static bool
windows_of(struct request *req, enum tz tz, struct cycle_window w[STAGE_MAX], size_t *n)
{
	int s, y, m, d;

	*n = 0;
	for (s = 0; s < STAGE_MAX; s++) {
		const struct param_value *o = req_param(req, stage_fields[s][1]);
		const struct param_value *dl = req_param(req, stage_fields[s][2]);

		if (!req_param(req, stage_fields[s][0])->i)
			continue;
		if (!o->present || !dl->present)
			return false;
		w[*n].stage = (enum stage)s;
		/* Both were checked as dates (PARAM_DATE). */
		time_parse_date(o->text, &y, &m, &d);
		w[*n].opens = cycle_day_start(y, m, d, tz);
		time_parse_date(dl->text, &y, &m, &d);
		w[*n].deadline = cycle_day_end(y, m, d, tz);
		(*n)++;
	}
	return true;
}

static int
cycles_create(struct request *req, struct reply *rep, struct err *e)
{
	static const struct object_ref cycles = { .type = OBJ_CYCLE };
	enum lang l = req_lang(req);
	struct cycle_window w[STAGE_MAX];
	struct cycle_in in = { .programme = req_param(req, "programme")->text,
		.year = (int)req_param(req, "year")->i,
		.title = req_param(req, "title")->text,
		.rulebook = req_param(req, "rulebook")->i,
		.tz = tz_parse(req_param(req, "tz")->text),
		.windows = w };
	const char *problem = NULL;
	struct svc s;
	struct err e2;
	int64_t id;

	if (app_authorize(req, ACT_CYCLE_MANAGE, &cycles, e) < 0 || web_svc(req, &s, e) < 0)
		return -1;
	err_clear(&e2);
	if (form_has_errors(req))
		problem = i18n_get(l, "cycles.form_invalid");
	else if (rulebook_load_in(s.c, &req->arena, in.rulebook, &e2) == NULL)
		problem = i18n_get(l, "cycles.rulebook_unknown");
	else if (!windows_of(req, in.tz, w, &in.window_count))
		problem = i18n_get(l, "cycles.window_missing");
	else if (cycle_create(&s, &in, &id, e) == 0)
		return web_see_other(req, rep, "/siklus/%lld", (long long)id);
	else if (e->status == 422) {
		problem = arena_strdup(&req->arena, e->msg);
		err_clear(e);
	} else
		return -1;
	rep->status = 422;
	return new_model(req, rep, true, problem, e);
}

/* The stages a cycle runs (rows of DB_CYCLE_STAGES, in order) as windows
 * into w: what the labels of where its units stand depend on. */
static size_t
run_windows(json_t *stages, struct cycle_window w[STAGE_MAX])
{
	enum stage st;
	json_t *row;
	size_t i, n = 0;

	json_array_foreach(stages, i, row)
		if ((st = stage_parse(json_string_value(json_object_get(row, "stage")))) <
			STAGE_MAX &&
		    n < STAGE_MAX)
			w[n++] = (struct cycle_window){ st, 0, 0 };
	return n;
}

/* Where the participations of row (its stage and state) stand in a cycle
 * running the n stages w: a 2022 unit that submitted is finished, not
 * waiting for an evaluation the cycle never runs. */
static const char *
standing(struct request *req, const struct cycle_window *w, size_t n, json_t *row)
{
	return participation_standing_label(&req->arena, req_lang(req),
	    stage_parse(json_string_value(json_object_get(row, "stage"))),
	    pstate_parse(json_string_value(json_object_get(row, "state"))), w, n);
}

/* The labels of each listed participation. */
static void
decorate_parts(struct request *req, const struct cycle_window *w, size_t n, json_t *parts)
{
	enum lang l = req_lang(req);
	char key[64];
	json_t *row;
	size_t i;

	json_array_foreach(parts, i, row) {
		json_object_set_new(row, "state_label", json_string(standing(req, w, n, row)));
		snprintf(key, sizeof(key), "stage.%s.name",
		    json_string_value(json_object_get(row, "stage")));
		json_object_set_new(row, "stage_label", json_string(i18n_get(l, key)));
		registry_decorate(l, row);
	}
}

static const char *const enrol_pickers[] = { "unit", NULL };

/* The enrol form's fields into model: the unit picker over the units ep
 * may enrol, the province and unit type filters; refill: as posted. */
static int
enrol_fields(struct request *req, const struct principal *ep, json_t *model, bool refill,
    struct err *e)
{
	enum lang l = req_lang(req);
	struct picker p = { .name = "unit",
		.query = { .source = PICK_UNIT, .scope = ep },
		.none_key = "cycles.enrol_all" };
	json_t *f;
	struct svc s;

	f = json_pack("{s:s, s:s}", "label", i18n_get(l, "cycles.enrol_unit"), "value",
	    refill ? req_param(req, "unit")->text : "");
	if (f == NULL || web_svc(req, &s, e) < 0 || picker_fill(req, &s, f, &p, e) < 0) {
		json_decref(f);
		if (e->status == 0)
			err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	json_object_set_new(model, "picker_default", json_boolean(picker_searching(f)));
	json_object_set_new(model, "enrol_unit", f);
	json_object_set_new(model, "provinces",
	    registry_province_options(refill ? (int)req_param(req, "provinsi")->i : 0));
	json_object_set_new(model, "unit_types",
	    registry_unit_type_options(l, refill ? req_param(req, "jenis")->text : NULL));
	return 0;
}

/* Does the cycle run the assessment stage, and may the caller record the
 * plenary's decisions (which also assigns its verifiers and assessors)?
 * The cycle page then links the cycle's assignments and plenary. */
static bool
runs_assessment(struct request *req, const struct cycle_window *w, size_t nw)
{
	struct object_ref cycle = { .type = OBJ_CYCLE };
	struct err ignore;

	err_clear(&ignore);
	return machine_window(w, nw, STAGE_ASSESSMENT) != NULL &&
	    app_authorize(req, ACT_DECREE, &cycle, &ignore) == 0;
}

/* The key of the last row shown ($7-$9 of PARTICIPATION_LIST) from
 * ?setelah=, the participation that ended the previous page; the first
 * page's key without it (or for an unknown id). */
static int
list_after(struct request *req, struct db_conn *c, struct db_param *key, struct err *e)
{
	const struct param_value *after = req_param(req, "setelah");
	json_t *rows = NULL, *row;
	const char *name;

	key[0] = DBP_INT(0);
	key[1] = DBP_TEXT("");
	key[2] = DBP_INT(0);
	if (!after->present)
		return 0;
	if (db_exec(c, DB_PARTICIPATION_LIST_KEY,
		(struct db_param[]){ DBP_INT(after->i) }, 1, &rows, e) < 0)
		return -1;
	if ((row = json_array_get(rows, 0)) != NULL) {
		name = arena_strdup(&req->arena,
		    json_string_value(json_object_get(row, "name")));
		key[0] = DBP_INT(json_integer_value(json_object_get(row, "province_code")));
		key[1] = DBP_TEXT(name != NULL ? name : "");
		key[2] = DBP_INT(json_integer_value(json_object_get(row, "unit_id")));
	}
	json_decref(rows);
	return 0;
}

/*
 * The participations of the page for a scope short of the whole country,
 * province by province (provs: CYCLE_PROVINCES) from the key's on, each a
 * walk over that province's units only: a province's office does not walk
 * the provinces before its own.
 */
static int
list_by_province(struct db_conn *c, struct db_param *scope, json_t *provs, json_t **parts,
    struct err *e)
{
	struct db_param p[REGISTRY_SCOPE_PARAMS + 5];
	json_t *got, *row, *out = json_array();
	int64_t prov;
	size_t i;

	memcpy(p, scope, sizeof(p));
	json_array_foreach(provs, i, row) {
		prov = json_integer_value(json_object_get(row, "province_code"));
		if (prov < scope[6].i)
			continue;
		if (json_array_size(out) > LIST_LIMIT)
			break;
		p[5] = DBP_INT(LIST_LIMIT + 1 - (int64_t)json_array_size(out));
		p[6] = DBP_INT(prov);
		p[7] = prov == scope[6].i ? scope[7] : DBP_TEXT("");
		p[8] = prov == scope[6].i ? scope[8] : DBP_INT(0);
		if (db_exec(c, DB_PARTICIPATION_LIST_IN, p, 9, &got, e) < 0) {
			json_decref(out);
			return -1;
		}
		json_array_extend(out, got);
		json_decref(got);
	}
	*parts = out;
	return 0;
}

/*
 * The participations of the page (scope: PARTICIPATION_LIST's $1-$9),
 * given counts, the caller's figures of the cycle. Reading the cycle's
 * participations reads all of them and sorts those in scope. Walking the
 * units in the list's order reads about units * limit / seen of them for
 * the whole country; for a narrower scope, the units of the provinces
 * where it sees any (about units / PROVINCES each). A scope of single
 * units (an operator's, a reviewer's) reads just those units. The cheapest is
 * taken, so a coordinator's few participations in a small cycle are
 * found without a walk over the country, and a province's many without
 * a sort of the whole cycle.
 */
static int
list_parts(struct db_conn *c, struct db_param *scope, json_t *counts, json_t **parts,
    struct err *e)
{
	json_t *rows = NULL, *row;
	int64_t seen = 0, all, units, walk;
	size_t i;
	int rc;

	json_array_foreach(counts, i, row)
		seen += json_integer_value(json_object_get(row, "n"));
	if (seen == 0) { /* nothing of the cycle in scope: no read at all */
		*parts = json_array();
		return 0;
	}
	if (db_exec(c, DB_CYCLE_SIZE, scope + 4, 1, &rows, e) < 0)
		return -1;
	row = json_array_get(rows, 0);
	all = json_integer_value(json_object_get(row, "n"));
	units = json_integer_value(json_object_get(row, "units"));
	json_decref(rows);
	if (scope[0].i == 1) {
		walk = units * (LIST_LIMIT + 1) / seen;
		return db_exec(c,
		    walk < all ? DB_PARTICIPATION_LIST : DB_PARTICIPATION_LIST_SPARSE,
		    scope, 9, parts, e);
	}
	if (scope[1].len == 2 && scope[2].len == 2) /* "[]": single units only */
		return db_exec(c, DB_PARTICIPATION_LIST_UNITS, scope, 9, parts, e);
	if (db_exec(c, DB_CYCLE_PROVINCES, scope, 5, &rows, e) < 0)
		return -1;
	walk = units / PROVINCES * (int64_t)json_array_size(rows);
	rc = walk < all ? list_by_province(c, scope, rows, parts, e)
			: db_exec(c, DB_PARTICIPATION_LIST_SPARSE, scope, 9, parts, e);
	json_decref(rows);
	return rc;
}

/* The list's pager: the next page starts after the last row shown (the
 * list read one row more than it shows, to know there is one). */
static void
list_pager(struct request *req, int64_t id, json_t *parts, json_t *model)
{
	json_t *last;

	if (json_array_size(parts) > LIST_LIMIT) {
		json_array_remove(parts, LIST_LIMIT);
		last = json_array_get(parts, LIST_LIMIT - 1);
		json_object_set_new(model, "next_href",
		    json_string(arena_printf(&req->arena, "/siklus/%lld?setelah=%lld",
			(long long)id,
			(long long)json_integer_value(json_object_get(last, "id")))));
	}
	if (req_param(req, "setelah")->present)
		json_object_set_new(model, "first_href",
		    json_string(arena_printf(&req->arena, "/siklus/%lld", (long long)id)));
}

/* The cycle page's model: calendar, counts, participations, enrol form
 * (refill: as posted, for a search among its units). */
static int
show_model(struct request *req, struct reply *rep, int64_t id, bool refill, struct err *e)
{
	enum lang l = req_lang(req);
	struct db_param scope[REGISTRY_SCOPE_PARAMS + 5];
	struct principal ep = registry_principal_for(req, ACT_ENROL, OBJ_UNIT, 0);
	struct db_conn *c;
	json_t *cy, *stages = NULL, *counts = NULL, *parts = NULL, *row, *cal, *byst;
	struct cycle_window w[STAGE_MAX];
	size_t nw;
	enum tz tz;
	time_t now = time(NULL), o, dl;
	char key[64];
	size_t i, j;

	if ((c = req_db(req, e)) == NULL ||
	    (cy = registry_cycle_load(req, c, id, ACT_VIEW, e)) == NULL)
		return -1;
	tz = tz_parse(json_string_value(json_object_get(cy, "tz")));
	if (registry_scope_params(&req_auth(req)->principal, &req->arena, scope) < 0)
		goto nomem;
	scope[4] = DBP_INT(id);
	scope[5] = DBP_INT(LIST_LIMIT + 1);
	if (list_after(req, c, scope + 6, e) < 0 ||
	    db_exec(c, DB_CYCLE_STAGES, (struct db_param[]){ DBP_INT(id) }, 1, &stages, e) < 0 ||
	    db_exec(c, DB_CYCLE_COUNTS, scope, 5, &counts, e) < 0 ||
	    list_parts(c, scope, counts, &parts, e) < 0)
		goto fail;
	nw = run_windows(stages, w);
	cal = json_array();
	json_array_foreach(stages, i, row) {
		const char *code = json_string_value(json_object_get(row, "stage"));
		const char *oi = json_string_value(json_object_get(row, "opens_at"));
		const char *di = json_string_value(json_object_get(row, "deadline_at"));
		json_int_t total = 0;

		byst = json_array();
		json_array_foreach(counts, j, row) {
			const char *st = json_string_value(json_object_get(row, "state"));

			if (strcmp(json_string_value(json_object_get(row, "stage")), code) != 0)
				continue;
			json_array_append_new(byst,
			    json_pack("{s:s, s:s, s:I}", "state", st, "label",
				standing(req, w, nw, row), "n",
				json_integer_value(json_object_get(row, "n"))));
			total += json_integer_value(json_object_get(row, "n"));
		}
		snprintf(key, sizeof(key), "stage.%s.name", code);
		o = dl = 0;
		time_parse_iso(oi, &o);
		time_parse_iso(di, &dl);
		json_array_append_new(cal,
		    json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:I}", "code", code, "name",
			i18n_get(l, key), "opens",
			participation_zone_time(req, tz, oi, TIME_NUMERIC), "deadline",
			participation_zone_time(req, tz, di, TIME_NUMERIC), "status",
			i18n_get(l,
			    now < o        ? "cycles.upcoming"
				: now > dl ? "cycles.closed"
					   : "cycles.open"),
			"states", byst, "total", total));
	}
	decorate_parts(req, w, nw, parts);
	/* The building progress of each listed unit (building.h). */
	if (building_progress_decorate(req, c, id,
		json_integer_value(json_object_get(cy, "rulebook_id")), parts, e) < 0)
		goto fail;
	rep->model = json_pack("{s:s, s:o, s:o, s:o, s:b, s:b, s:b}", "page_title",
	    json_string_value(json_object_get(cy, "title")), "cycle", cy, "calendar", cal,
	    "participations", parts, "has_participations", json_array_size(parts) > 0,
	    "may_enrol", ep.grant_count > 0, "may_assess", runs_assessment(req, w, nw));
	json_decref(stages);
	json_decref(counts);
	rep->template = "cycle";
	if (rep->model == NULL)
		return -1;
	list_pager(req, id, json_object_get(rep->model, "participations"), rep->model);
	return ep.grant_count > 0 ? enrol_fields(req, &ep, rep->model, refill, e) : 0;
nomem:
	err_set(e, ERR_NOMEM, "out of memory");
fail:
	json_decref(cy);
	json_decref(stages);
	json_decref(counts);
	json_decref(parts);
	return -1;
}

static int
cycles_show(struct request *req, struct reply *rep, struct err *e)
{
	if (show_model(req, rep, req_param(req, "id")->i, false, e) < 0)
		return -1;
	if (req_param(req, "terdaftar")->present)
		app_notice(rep->model, false,
		    i18n_fill(&req->arena, i18n_get(req_lang(req), "cycles.enrolled"),
			(long)req_param(req, "terdaftar")->i));
	return 0;
}

static int
cycles_enrol(struct request *req, struct reply *rep, struct err *e)
{
	int64_t id = req_param(req, "id")->i, unit = req_param(req, "unit")->i;
	struct principal ep = registry_principal_for(req, ACT_ENROL, OBJ_UNIT, 0);
	struct enrol_in in = { .cycle = id, .units = &unit, .unit_count = unit != 0 };
	struct db_param match[10];
	struct svc s;
	json_t *cy;
	size_t added;

	/* A unit or filter that is not valid is an error, never "every unit". */
	if (form_require_valid(req, e) < 0)
		return -1;
	if (web_svc(req, &s, e) < 0 ||
	    (cy = registry_cycle_load(req, s.c, id, ACT_VIEW, e)) == NULL)
		return -1;
	json_decref(cy);
	if (ep.grant_count == 0) {
		err_set(e, ERR_FORBIDDEN, "may not enrol units");
		return -1;
	}
	/* A search among the units: the page again, nothing enrolled. */
	if (picker_requested(req, enrol_pickers))
		return show_model(req, rep, id, true, e);
	if (unit == 0) {
		/* Every unit of the filter within the caller's enrolment scope. */
		if (registry_scope_params(&ep, &req->arena, match) < 0 ||
		    registry_unit_filters(req, match + 4) < 0)
			return web_nomem(e);
		in.match = match;
	}
	if (cycle_enrol(&s, &in, &added, NULL, e) < 0)
		return -1;
	return web_see_other(req, rep, "/siklus/%lld?terdaftar=%zu", (long long)id, added);
}

/* The addresses this file answers, with their declared inputs: a stage
 * runs or not, and opens and closes on its dates. */
/* clang-format off */
#define STAGE_WINDOW(s) \
	PARAM_CHECK("run_" s), \
	PARAM_DATE("opens_" s, PARAM_FORM, false), \
	PARAM_DATE("deadline_" s, PARAM_FORM, false)
static PARAM_LIST(p_cycle_form,
    PARAM_CHOICE("programme", true, "p2ham|kkpham"),
    { "title", PARAM_FORM, PT_TEXT, true, 3, 120, NULL },
    { "year", PARAM_FORM, PT_INT, true, 2018, 2100, NULL },
    PARAM_REF("rulebook", PARAM_FORM, true),
    PARAM_CHOICE("tz", true, "WIB|WITA|WIT"),
    STAGE_WINDOW("pencanangan"), STAGE_WINDOW("pembangunan"),
    STAGE_WINDOW("evaluasi"), STAGE_WINDOW("penilaian"),
    STAGE_WINDOW("pembinaan"));
#undef STAGE_WINDOW
/* clang-format on */

/* clang-format off */
static const struct route routes[] = {
	ROUTE_GET("/siklus", cycles_list, "cycles", SIGNED_IN,
	    .about = "Lists the programme's cycles"),
	ROUTE_GET("/siklus/baru", cycles_new, "cycle_new", SIGNED_IN,
	    .params = p_cycle_form,
	    .about = "The form to open a cycle"),
	ROUTE_POST("/siklus", cycles_create, "cycle_new", SIGNED_IN,
	    .params = p_cycle_form,
	    .about = "Opens a cycle with its year, rulebook, stages and deadlines"),
	ROUTE_GET("/siklus/{id}", cycles_show, "cycle", SIGNED_IN,
	    .params = PARAMS(PARAM_ID("id"),
		{ "terdaftar", PARAM_QUERY, PT_INT, false, 0, INT64_MAX, NULL },
		PICKER_PARAMS("unit", PARAM_QUERY), PARAM_AFTER),
	    .kept = true,
	    .about = "One cycle: its stages, deadlines and participations in the caller's scope"),
	ROUTE_POST("/siklus/{id}/peserta", cycles_enrol, "cycle", SIGNED_IN,
	    .params = PARAMS(PARAM_ID("id"),
		{ "unit", PARAM_FORM, PT_INT, false, 0, INT64_MAX, NULL },
		UNIT_FILTER_PARAMS(PARAM_FORM), PICKER_PARAMS("unit", PARAM_FORM),
		PICKER_BUTTON_PARAMS, PARAM_AFTER),
	    .about = "Enrols units in a cycle"),
};
/* clang-format on */
ROUTE_TABLE(cycles_routes, routes);
