/*
 * cycles.c - programme cycles (/siklus): create a cycle under a rulebook with
 * the stages it runs and their windows, see its calendar and how many units
 * stand where, and enrol units one by one (a picker, web/picker.h) or all
 * that match a filter.
 */
#include <string.h>
#include <time.h>

#include "web/app.h"
#include "svc/audit.h"
#include "web/auth.h"
#include "web/stages/building.h"
#include "web/form.h"
#include "web/picker.h"
#include "web/stages/participation.h"
#include "web/registry/registry.h"
#include "base/timefmt.h"
#include "core/cycle.h"
#include "core/rulebook.h"
#include "core/unit_type.h"
#include "web/routes.h"

#define LIST_LIMIT	200	/* participations shown on a cycle page */

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
	    i18n_get(req_lang(req), "cycles.title"), "cycles", rows,
	    "may_create", app_authorize(req, ACT_CYCLE_MANAGE, &manage, &ignore) == 0);
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

/* The new-cycle form's model; problem (catalog key) shown at the top. */
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

		snprintf(id, sizeof(id), "%lld", (long long)json_integer_value(json_object_get(r, "id")));
		json_object_set_new(r, "selected", json_boolean(strcmp(id, rb_sel) == 0));
	}
	for (s = 0; s < STAGE_MAX; s++) {
		snprintf(key, sizeof(key), "stage.%s.name", stage_code((enum stage)s));
		json_array_append_new(stages, json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:s}",
		    "code", stage_code((enum stage)s), "name", i18n_get(l, key),
		    "run_name", stage_fields[s][0], "opens_name", stage_fields[s][1],
		    "deadline_name", stage_fields[s][2],
		    "run", refill && req_param(req, stage_fields[s][0])->i,
		    "opens", refill ? req_param(req, stage_fields[s][1])->text : "",
		    "deadline", refill ? req_param(req, stage_fields[s][2])->text : ""));
	}
	for (s = 0; s < TZ_MAX; s++)
		json_array_append_new(zones, json_pack("{s:s, s:b}", "code", tz_code((enum tz)s),
		    "selected", strcmp(tz_code((enum tz)s), tz_sel) == 0));
	rep->model = json_pack("{s:s, s:o, s:o, s:o, s:o, s:b}", "page_title",
	    i18n_get(l, "cycles.new_title"), "rulebooks", rulebooks, "stages", stages,
	    "zones", zones, "fields", form_fields(req, cycle_fields, refill),
	    "kkpham", refill && strcmp(req_param(req, "programme")->text, "kkpham") == 0);
	rep->template = "cycle_new";
	if (problem != NULL)
		app_notice(rep->model, true, i18n_get(l, problem));
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

/* Parse "YYYY-MM-DD" (already validated as a date). */
static void
ymd(const char *s, int *y, int *m, int *d)
{
	*y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	*m = (s[5] - '0') * 10 + (s[6] - '0');
	*d = (s[8] - '0') * 10 + (s[9] - '0');
}

static int
cycles_create(struct request *req, struct reply *rep, struct err *e)
{
	static const struct object_ref cycles = { .type = OBJ_CYCLE };
	const struct auth *a = req_auth(req);
	struct cycle_window w[STAGE_MAX];
	struct rulebook *rb;
	enum tz tz = tz_parse(req_param(req, "tz")->text);
	const char *problem = NULL;
	char key[96], opens[TIME_ISO_LEN], deadline[TIME_ISO_LEN], now[TIME_ISO_LEN];
	struct db_conn *c;
	json_t *rows = NULL;
	size_t n = 0, bad = 0, i;
	int64_t id;
	int s, y, m, d;

	if (app_authorize(req, ACT_CYCLE_MANAGE, &cycles, e) < 0 || (c = req_db(req, e)) == NULL)
		return -1;
	if (form_has_errors(req))
		problem = "cycles.form_invalid";
	else if ((rb = rulebook_load_parsed(req, c, req_param(req, "rulebook")->i, e)) == NULL) {
		err_clear(e);
		problem = "cycles.rulebook_unknown";
	} else {
		for (s = 0; s < STAGE_MAX; s++) {
			const struct param_value *o = req_param(req, stage_fields[s][1]);
			const struct param_value *dl = req_param(req, stage_fields[s][2]);

			if (!req_param(req, stage_fields[s][0])->i)
				continue;
			if (!o->present || !dl->present) {
				problem = "cycles.window_missing";
				break;
			}
			w[n].stage = (enum stage)s;
			ymd(o->text, &y, &m, &d);
			w[n].opens = cycle_day_start(y, m, d, tz);
			ymd(dl->text, &y, &m, &d);
			w[n].deadline = cycle_day_end(y, m, d, tz);
			n++;
		}
		if (problem == NULL) {
			enum cycle_problem cp = cycle_check(w, n, rb->stages, &bad);

			if (cp != CYCLE_OK) {
				snprintf(key, sizeof(key), "cycles.problem.%s", cycle_problem_key(cp));
				problem = arena_strdup(&req->arena, key);
			}
		}
	}
	if (problem != NULL) {
		rep->status = 422;
		return new_model(req, rep, true, problem, e);
	}
	time_iso(time(NULL), now);
	if (db_begin(c, e) < 0)
		return -1;
	if (db_exec(c, DB_CYCLE_INSERT, (struct db_param[]){
	    DBP_TEXT(req_param(req, "programme")->text), DBP_INT(req_param(req, "year")->i),
	    DBP_TEXT(req_param(req, "title")->text), DBP_INT(req_param(req, "rulebook")->i),
	    DBP_TEXT(tz_code(tz)), DBP_TEXT(now), DBP_INT(a->user_id) }, 7, &rows, e) < 0)
		goto fail;
	if (json_array_size(rows) == 0) {
		db_rollback(c);
		json_decref(rows);
		rep->status = 422;
		return new_model(req, rep, true, "cycles.title_taken", e);
	}
	id = json_integer_value(json_object_get(json_array_get(rows, 0), "id"));
	json_decref(rows);
	rows = NULL;
	for (i = 0; i < n; i++)
		if (db_exec(c, DB_CYCLE_STAGE_INSERT, (struct db_param[]){ DBP_INT(id),
		    DBP_TEXT(stage_code(w[i].stage)), DBP_INT((int64_t)i + 1),
		    DBP_TEXT(time_iso(w[i].opens, opens)),
		    DBP_TEXT(time_iso(w[i].deadline, deadline)) }, 5, NULL, e) < 0)
			goto fail;
	if (audit_record_new(req, c, "cycle.create", "cycle", id, json_pack("{s:s, s:I, s:I}",
	    "title", req_param(req, "title")->text, "rulebook_id",
	    (json_int_t)req_param(req, "rulebook")->i, "stages", (json_int_t)n), e) < 0)
		goto fail;
	if (db_commit(c, e) < 0)
		goto fail;
	rep->status = 303;
	rep->location = arena_printf(&req->arena, "/siklus/%lld", (long long)id);
	return 0;
fail:
	json_decref(rows);
	db_rollback(c);
	return -1;
}

static const char *const enrol_pickers[] = { "unit", NULL };

/* The enrol form's fields into model: the unit picker over the units ep
 * may enrol, the province and unit type filters; refill: as posted. */
static int
enrol_fields(struct request *req, const struct principal *ep, json_t *model, bool refill,
    struct err *e)
{
	enum lang l = req_lang(req);
	struct picker p = { .name = "unit", .query = { .source = PICK_UNIT, .scope = ep },
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
	json_object_set_new(model, "provinces", registry_province_options(refill ?
	    (int)req_param(req, "provinsi")->i : 0));
	json_object_set_new(model, "unit_types", registry_unit_type_options(l, refill ?
	    req_param(req, "jenis")->text : NULL));
	return 0;
}

/* The cycle page's model: calendar, counts, participations, enrol form
 * (refill: as posted, for a search among its units). */
static int
show_model(struct request *req, struct reply *rep, int64_t id, bool refill, struct err *e)
{
	enum lang l = req_lang(req);
	struct db_param scope[REGISTRY_SCOPE_PARAMS + 3];
	struct principal ep = registry_principal_for(req, ACT_ENROL, OBJ_UNIT, 0);
	struct db_conn *c;
	json_t *cy, *stages = NULL, *counts = NULL, *parts = NULL, *row, *cal, *byst;
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
	scope[5] = DBP_INT(LIST_LIMIT);
	scope[6] = DBP_INT(0);
	if (db_exec(c, DB_CYCLE_STAGES, (struct db_param[]){ DBP_INT(id) }, 1, &stages, e) < 0 ||
	    db_exec(c, DB_CYCLE_COUNTS, scope, 5, &counts, e) < 0 ||
	    db_exec(c, DB_PARTICIPATION_LIST, scope, 7, &parts, e) < 0)
		goto fail;
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
			snprintf(key, sizeof(key), "state.%s", st);
			json_array_append_new(byst, json_pack("{s:s, s:s, s:I}", "state", st,
			    "label", i18n_get(l, key), "n", json_integer_value(json_object_get(row, "n"))));
			total += json_integer_value(json_object_get(row, "n"));
		}
		snprintf(key, sizeof(key), "stage.%s.name", code);
		o = dl = 0;
		time_parse_iso(oi, &o);
		time_parse_iso(di, &dl);
		json_array_append_new(cal, json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:I}",
		    "code", code, "name", i18n_get(l, key),
		    "opens", participation_zone_time(req, tz, oi, TIME_NUMERIC),
		    "deadline", participation_zone_time(req, tz, di, TIME_NUMERIC),
		    "status", i18n_get(l, now < o ? "cycles.upcoming" : now > dl ?
		    "cycles.closed" : "cycles.open"), "states", byst, "total", total));
	}
	json_array_foreach(parts, i, row) {
		const char *st = json_string_value(json_object_get(row, "state"));

		snprintf(key, sizeof(key), "state.%s", st);
		json_object_set_new(row, "state_label", json_string(i18n_get(l, key)));
		snprintf(key, sizeof(key), "stage.%s.name",
		    json_string_value(json_object_get(row, "stage")));
		json_object_set_new(row, "stage_label", json_string(i18n_get(l, key)));
		registry_decorate(l, row);
	}
	/* The building progress of each listed unit (building.h). */
	if (building_progress_decorate(req, c, id, json_integer_value(json_object_get(cy,
	    "rulebook_id")), scope, parts, e) < 0)
		goto fail;
	rep->model = json_pack("{s:s, s:o, s:o, s:o, s:b, s:b}", "page_title",
	    json_string_value(json_object_get(cy, "title")), "cycle", cy, "calendar", cal,
	    "participations", parts, "has_participations", json_array_size(parts) > 0,
	    "may_enrol", ep.grant_count > 0);
	json_decref(stages);
	json_decref(counts);
	rep->template = "cycle";
	if (rep->model == NULL)
		return -1;
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
		app_notice(rep->model, false, i18n_fill(&req->arena, i18n_get(req_lang(req),
		    "cycles.enrolled"), (long)req_param(req, "terdaftar")->i));
	return 0;
}

static int
cycles_enrol(struct request *req, struct reply *rep, struct err *e)
{
	const struct auth *a = req_auth(req);
	int64_t id = req_param(req, "id")->i, unit = req_param(req, "unit")->i;
	struct principal ep = registry_principal_for(req, ACT_ENROL, OBJ_UNIT, 0);
	struct db_param prm[16];
	struct rulebook *rb;
	struct db_conn *c;
	json_t *cy, *stages = NULL, *rows = NULL, *u;
	struct buf types;
	enum stage first;
	char now[TIME_ISO_LEN];
	size_t i, added;

	/* A unit or filter that is not valid is an error, never "every unit". */
	if (form_require_valid(req, e) < 0)
		return -1;
	if ((c = req_db(req, e)) == NULL ||
	    (cy = registry_cycle_load(req, c, id, ACT_VIEW, e)) == NULL)
		return -1;
	rb = rulebook_load_parsed(req, c, json_integer_value(json_object_get(cy, "rulebook_id")), e);
	json_decref(cy);
	if (rb == NULL)
		return -1;
	if (ep.grant_count == 0) {
		err_set(e, ERR_FORBIDDEN, "may not enrol units");
		return -1;
	}
	/* A search among the units: the page again, nothing enrolled. */
	if (picker_requested(req, enrol_pickers))
		return show_model(req, rep, id, true, e);
	if (db_exec(c, DB_CYCLE_STAGES, (struct db_param[]){ DBP_INT(id) }, 1, &stages, e) < 0)
		return -1;
	first = stage_parse(json_string_value(json_object_get(json_array_get(stages, 0), "stage")));
	json_decref(stages);
	if (first == STAGE_MAX) {
		err_set(e, ERR_NO_STAGES, "the cycle runs no stage");
		return -1;
	}
	time_iso(time(NULL), now);
	if (db_begin(c, e) < 0)
		return -1;
	if (unit != 0) {
		/* One unit: it must be one the caller may enrol, of a type the
		 * rulebook applies to. */
		if ((u = registry_unit_load(req, c, unit, ACT_ENROL, e)) == NULL)
			goto fail;
		for (i = 0; i < rb->unit_type_count; i++)
			if (strcmp(rb->unit_types[i], json_string_value(json_object_get(u,
			    "unit_type"))) == 0)
				break;
		json_decref(u);
		if (i == rb->unit_type_count) {
			err_set(e, ERR_UNIT_TYPE_NOT_COVERED,
			    "the cycle's rulebook does not apply to this unit type");
			goto fail;
		}
		if (db_exec(c, DB_PARTICIPATION_INSERT, (struct db_param[]){ DBP_INT(id),
		    DBP_INT(unit), DBP_TEXT(stage_code(first)), DBP_TEXT(stage_entry_state(first)),
		    DBP_TEXT(now), DBP_INT(a->user_id) }, 6, &rows, e) < 0)
			goto fail;
	} else {
		buf_init(&types, 0);
		for (i = 0; i < rb->unit_type_count; i++)
			buf_printf(&types, "%s%s", i ? "," : "", rb->unit_types[i]);
		if (registry_scope_params(&ep, &req->arena, prm) < 0 ||
		    registry_unit_filters(req, prm + 4) < 0 || types.failed) {
			buf_free(&types);
			err_set(e, ERR_NOMEM, "out of memory");
			goto fail;
		}
		prm[10] = DBP_TEXT(arena_strdup(&req->arena, buf_cstr(&types)));
		buf_free(&types);
		prm[11] = DBP_INT(id);
		prm[12] = DBP_TEXT(stage_code(first));
		prm[13] = DBP_TEXT(stage_entry_state(first));
		prm[14] = DBP_TEXT(now);
		prm[15] = DBP_INT(a->user_id);
		if (db_exec(c, DB_PARTICIPATION_ENROL, prm, 16, &rows, e) < 0)
			goto fail;
	}
	added = json_array_size(rows);
	if (added > 0 && audit_record_new(req, c, "cycle.enrol", "cycle", id, json_pack(
	    "{s:I, s:I}", "enrolled", (json_int_t)added, "unit", (json_int_t)unit), e) < 0)
		goto fail;
	json_decref(rows);
	if (db_commit(c, e) < 0) {
		db_rollback(c);
		return -1;
	}
	rep->status = 303;
	rep->location = arena_printf(&req->arena, "/siklus/%lld?terdaftar=%zu", (long long)id,
	    added);
	return 0;
fail:
	json_decref(rows);
	db_rollback(c);
	return -1;
}

/* The addresses this file answers, with their declared inputs. */
static const struct param_spec p_cycle_form[] = {
	{ "programme", PARAM_FORM, PT_ENUM, true, 0, 0, "p2ham|kkpham" },
	{ "title", PARAM_FORM, PT_TEXT, true, 3, 120, NULL },
	{ "year", PARAM_FORM, PT_INT, true, 2018, 2100, NULL },
	{ "rulebook", PARAM_FORM, PT_INT, true, 1, INT64_MAX, NULL },
	{ "tz", PARAM_FORM, PT_ENUM, true, 0, 0, "WIB|WITA|WIT" },
#define STAGE_WINDOW(s) \
	{ "run_" s, PARAM_FORM, PT_BOOL, false, 0, 0, NULL }, \
	{ "opens_" s, PARAM_FORM, PT_DATE, false, 0, 0, NULL }, \
	{ "deadline_" s, PARAM_FORM, PT_DATE, false, 0, 0, NULL }
	STAGE_WINDOW("pencanangan"),
	STAGE_WINDOW("pembangunan"),
	STAGE_WINDOW("evaluasi"),
	STAGE_WINDOW("penilaian"),
	STAGE_WINDOW("pembinaan"),
#undef STAGE_WINDOW
	{ NULL },
};
static const struct param_spec p_cycle_show[] = {
	PARAM_ID("id"),
	{ "terdaftar", PARAM_QUERY, PT_INT, false, 0, INT64_MAX, NULL },
	PICKER_PARAMS("unit", PARAM_QUERY),
	{ NULL },
};
static const struct param_spec p_cycle_enrol[] = {
	PARAM_ID("id"),
	{ "unit", PARAM_FORM, PT_INT, false, 0, INT64_MAX, NULL },
	{ "organisasi", PARAM_FORM, PT_INT, false, 1, INT64_MAX, NULL },
	{ "provinsi", PARAM_FORM, PT_INT, false, 11, 99, NULL },
	{ "jenis", PARAM_FORM, PT_TEXT, false, 0, 40, NULL },
	{ "sektor", PARAM_FORM, PT_TEXT, false, 0, 60, NULL },
	{ "q", PARAM_FORM, PT_TEXT, false, 0, 100, NULL },
	{ "kabupaten", PARAM_FORM, PT_INT, false, 1101, 9999, NULL },
	PICKER_PARAMS("unit", PARAM_FORM),
	PICKER_BUTTON_PARAMS,
	{ NULL },
};

static const struct route routes[] = {
	{ .method = HTTP_GET, .pattern = "/siklus", .handler = cycles_list,
	  .template = "cycles", .login = true },
	{ .method = HTTP_GET, .pattern = "/siklus/baru", .handler = cycles_new,
	  .template = "cycle_new", .login = true, .params = p_cycle_form },
	{ .method = HTTP_POST, .pattern = "/siklus", .handler = cycles_create,
	  .template = "cycle_new", .login = true, .csrf = true, .params = p_cycle_form },
	{ .method = HTTP_GET, .pattern = "/siklus/{id}", .handler = cycles_show,
	  .template = "cycle", .login = true, .params = p_cycle_show },
	{ .method = HTTP_POST, .pattern = "/siklus/{id}/peserta", .handler = cycles_enrol,
	  .template = "cycle", .login = true, .csrf = true, .params = p_cycle_enrol },
};
ROUTE_TABLE(cycles_routes, routes);
