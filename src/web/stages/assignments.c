/*
 * assignments.c - who verifies and assesses: a participation's assignments,
 * /partisipasi/{id}/penugasan (the admin assigns one person, or replaces
 * one with a reason; everyone who sees the participation reads who is
 * assigned, who has not answered, and how earlier assignments ended);
 * every participation of a cycle at once, /siklus/{id}/penugasan (by
 * province and unit type, each refusal reported); and each assignee's own
 * list, /penugasan, where an assessor also declares no conflict of
 * interest or recuses. The writes are svc/assignments.h's.
 */
#include <stdio.h>
#include <string.h>

#include "web/app.h"
#include "web/form.h"
#include "web/model.h"
#include "web/stages/participation.h"
#include "svc/assignments.h"
#include "svc/cycles.h"
#include "core/region.h"
#include "core/unit_type.h"
#include "web/routes.h"

/* The role of the form's "peran" (verifikator, penilai). */
static enum role
role_of(struct request *req)
{
	const struct param_value *v = req_param(req, "peran");

	if (!v->present)
		return ROLE_MAX;
	return strcmp(v->text, "verifikator") == 0 ? ROLE_VERIFIER
	    : strcmp(v->text, "penilai") == 0      ? ROLE_ASSESSOR
						   : ROLE_MAX;
}

/* The value of form field name as it came (the pages shown again read
 * what the refused post typed, whichever of them it declared). */
static const char *
typed_value(struct request *req, const char *name)
{
	size_t i;

	for (i = 0; i < req->form.count; i++)
		if (strcmp(req->form.items[i].key.p, name) == 0)
			return req->form.items[i].val.p;
	return "";
}

/* What was typed into the assignment form, for a refused post. */
static json_t *
typed(struct request *req, bool refill)
{
	static const char *const names[] = { "peran", "email", "tenggat", "alasan",
		"provinsi", "jenis" };
	json_t *t = json_object();
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		json_object_set_new(t, names[i],
		    json_string(refill ? typed_value(req, names[i]) : ""));
	json_object_set_new(t, "is_assessor",
	    json_boolean(refill && strcmp(typed_value(req, "peran"), "penilai") == 0));
	return t;
}

/* A participation's assignments, the form as typed when shown again. */
static int
participation_page(struct request *req, struct reply *rep, struct err *e)
{
	struct participation p;
	struct svc s;
	json_t *m, *list;
	bool may;
	struct grant g;

	if (web_svc(req, &s, e) < 0 ||
	    participation_load(&s, req_param(req, "id")->i, &p, e) < 0)
		return -1;
	if ((m = json_object()) == NULL ||
	    participation_header(req, &p, STAGE_ASSESSMENT, m, e) < 0 ||
	    (list = assignments_list(&s, &p, e)) == NULL) {
		json_decref(m);
		return -1;
	}
	g = (struct grant){ .role = ROLE_VERIFIER,
		.scope = SCOPE_PARTICIPATION,
		.scope_id = p.id,
		.where = p.ref.at };
	may = policy_may_grant(s.who, &g, 0);
	json_object_set_new(m, "page_title",
	    json_sprintf("%s — %s", i18n_get(req_lang(req), "assessment.assign.title"),
		p.unit_name));
	json_object_set_new(m, "subnav", participation_assessment_nav(req, p.id));
	json_object_set_new(m, "assignments", list);
	json_object_set_new(m, "has_assignments", json_boolean(json_array_size(list) > 0));
	json_object_set_new(m, "may_assign", json_boolean(may));
	json_object_set_new(m, "typed", typed(req, req_refill(req)));
	web_model_take(rep, m, "assignments");
	web_done_notice(req, rep->model, "ok", "assessment.assign.done");
	return 0;
}

static int
assign_post(struct request *req, struct reply *rep, struct err *e)
{
	struct assign_in in = { .participation = req_param(req, "id")->i,
		.email = req_param(req, "email")->text,
		.role = role_of(req),
		.due_date = req_param(req, "tenggat")->text };
	struct svc s;
	int rc;

	if (web_svc(req, &s, e) < 0)
		return -1;
	rc = assignments_add(&s, &in, NULL, e);
	return web_answer(req, rep, e, rc, participation_page,
	    "/partisipasi/%lld/penugasan?ok=tugaskan", (long long)in.participation);
}

static int
replace_post(struct request *req, struct reply *rep, struct err *e)
{
	int64_t pid = req_param(req, "id")->i;
	struct svc s;
	int rc;

	if (web_svc(req, &s, e) < 0)
		return -1;
	rc = assignments_replace(&s, req_param(req, "tugas")->i, req_param(req, "email")->text,
	    req_param(req, "alasan")->text, req_param(req, "tenggat")->text, NULL, e);
	return web_answer(req, rep, e, rc, participation_page,
	    "/partisipasi/%lld/penugasan?ok=ganti", (long long)pid);
}

/* The filter's choices: every province and unit type, the typed one
 * selected. */
static void
filter_choices(struct request *req, json_t *m, bool refill)
{
	const char *prov = refill ? typed_value(req, "provinsi") : "";
	const char *type = refill ? typed_value(req, "jenis") : "";
	json_t *ps = json_array(), *ts = json_array();
	char code[8];
	size_t i;

	for (i = 0; i < province_count; i++) {
		snprintf(code, sizeof(code), "%d", provinces[i].code);
		json_array_append_new(ps,
		    json_pack("{s:s, s:s, s:b}", "code", code, "name", provinces[i].name,
			"selected", strcmp(code, prov) == 0));
	}
	for (i = 0; i < UNIT_TYPE_MAX; i++)
		json_array_append_new(ts,
		    json_pack("{s:s, s:s, s:b}", "code", unit_types[i].code, "name",
			req_lang(req) == LANG_EN ? unit_types[i].name_en : unit_types[i].name_id,
			"selected", strcmp(unit_types[i].code, type) == 0));
	json_object_set_new(m, "provinces", ps);
	json_object_set_new(m, "unit_types", ts);
}

/* The bulk page of a cycle: the form, and after a post its outcome. */
static int
cycle_model(struct request *req, struct reply *rep, bool refill, json_t *result, struct err *e)
{
	static const struct object_ref programme = { .type = OBJ_CYCLE };
	int64_t id = req_param(req, "id")->i;
	struct svc s;
	json_t *m, *cycle;

	if (web_svc(req, &s, e) < 0)
		return -1;
	if (policy_check(s.who, ACT_CYCLE_MANAGE, &programme) != POLICY_ALLOW) {
		err_set(e, s.who && s.who->grant_count ? ERR_DENIED : ERR_NOT_FOUND, "%s",
		    i18n_get(req_lang(req), "assessment.assign.denied"));
		return -1;
	}
	if ((cycle = db_row(s.c, DB_CYCLE_GET, id, "cycle", e)) == NULL)
		return -1;
	m = json_pack("{s:o, s:o, s:o?, s:b}", "cycle", cycle, "typed", typed(req, refill),
	    "result", result ? json_incref(result) : NULL, "has_result", result != NULL);
	filter_choices(req, m, refill);
	json_object_set_new(m, "page_title",
	    json_sprintf("%s", i18n_get(req_lang(req), "assessment.bulk.title")));
	return web_model_take(rep, m, "assignments_bulk");
}

static int
cycle_page(struct request *req, struct reply *rep, struct err *e)
{
	return cycle_model(req, rep, req_refill(req), NULL, e);
}

static int
bulk_post(struct request *req, struct reply *rep, struct err *e)
{
	const struct param_value *prov = req_param(req, "provinsi");
	struct assign_bulk_in in = { .cycle = req_param(req, "id")->i,
		.province = prov->present ? (int)prov->i : 0,
		.unit_type = req_param(req, "jenis")->text,
		.email = req_param(req, "email")->text,
		.role = role_of(req),
		.due_date = req_param(req, "tenggat")->text };
	struct svc s;
	json_t *result;
	int rc;

	if (web_svc(req, &s, e) < 0)
		return -1;
	/* A filter typed wrong must not widen the assignment to every unit. */
	if (form_has_errors(req) ||
	    (in.unit_type != NULL && in.unit_type[0] != '\0' &&
		unit_type_find(in.unit_type) == NULL)) {
		err_set(e, ERR_INVALID, "%s",
		    i18n_get(req_lang(req), "assessment.bulk.invalid"));
		return web_show_again(req, rep, e, cycle_page);
	}
	if ((result = assignments_bulk(&s, &in, e)) == NULL)
		return e->status == 404 ? -1 : web_show_again(req, rep, e, cycle_page);
	json_object_set_new(result, "assigned_count",
	    json_integer((json_int_t)json_array_size(json_object_get(result, "assigned"))));
	json_object_set_new(result, "refused_count",
	    json_integer((json_int_t)json_array_size(json_object_get(result, "refused"))));
	rc = cycle_model(req, rep, true, result, e);
	if (rc == 0)
		app_notice(rep->model, false,
		    i18n_fill(&req->arena, i18n_get(req_lang(req), "assessment.bulk.done"),
			(long)json_array_size(json_object_get(result, "assigned"))));
	json_decref(result);
	return rc;
}

/* My assignments. */
static int
mine_model(struct request *req, struct reply *rep, struct err *e)
{
	struct svc s;
	json_t *list;

	if (web_svc(req, &s, e) < 0 || (list = assignments_mine(&s, e)) == NULL)
		return -1;
	json_decref(rep->model);
	rep->model = json_pack("{s:s, s:o, s:b, s:s}", "page_title",
	    i18n_get(req_lang(req), "assessment.mine.title"), "assignments", list,
	    "has_assignments", json_array_size(list) > 0, "statement",
	    assignments_statement(req_lang(req)));
	rep->template = "assignments_mine";
	return 0;
}

/* My assignments; shown again, the refused answer's reason as typed. */
static int
mine_page(struct request *req, struct reply *rep, struct err *e)
{
	const struct param_value *reason = NULL, *task = NULL;
	json_t *a;
	size_t i;

	if (mine_model(req, rep, e) < 0)
		return -1;
	web_done_notice(req, rep->model, "ok", "assessment.answer.done");
	if (req_refill(req)) {
		reason = req_param_find(req, "alasan");
		task = req_param_find(req, "tugas");
	}
	if (reason == NULL || !reason->present || task == NULL)
		return 0;
	json_array_foreach(json_object_get(rep->model, "assignments"), i, a)
		if (json_integer_value(json_object_get(a, "id")) == task->i)
			json_object_set_new(a, "typed_reason", json_string(reason->text));
	return 0;
}

static int
answer_post(struct request *req, struct reply *rep, struct err *e)
{
	bool recuse = strcmp(req_param(req, "jawaban")->text, "mundur") == 0;
	struct svc s;
	int rc;

	if (web_svc(req, &s, e) < 0)
		return -1;
	rc = assignments_answer(&s, req_param(req, "tugas")->i, recuse,
	    req_param(req, "alasan")->text, e);
	return web_answer(req, rep, e, rc, mine_page, "/penugasan?ok=%s",
	    recuse ? "mundur" : "bersedia");
}

/* The addresses this file answers, with their declared inputs. An
 * assignment names its role, whom (by address) and by when; the cycle's
 * form assigns many participations at once, chosen by province and type. */
#define ASSIGN_PARAMS \
	PARAM_ID("id"), PARAM_CHOICE("peran", false, "verifikator|penilai"), \
	    PARAM_ACCOUNT_EMAIL(false), PARAM_DAY("tenggat")

/* clang-format off */
static const struct route routes[] = {
	ROUTE_GET("/penugasan", mine_page, "assignments_mine", SIGNED_IN,
	    .params = PARAMS(PARAM_NOTICE("bersedia|mundur")),
	    .about = "The signed-in verifier's or assessor's assignments"),
	ROUTE_POST("/penugasan/{tugas}/jawab", answer_post, "assignments_mine", SIGNED_IN,
	    .params = PARAMS(PARAM_ID("tugas"), PARAM_CHOICE("jawaban", true, "bersedia|mundur"),
		PARAM_NOTE("alasan")),
	    .page = mine_page, .refill = true,
	    .about = "Accepts or declines an assignment, with a conflict-of-interest statement"),
	ROUTE_GET("/partisipasi/{id}/penugasan", participation_page, "assignments", SIGNED_IN,
	    .params = PARAMS(PARAM_ID("id"), PARAM_NOTICE("tugaskan|ganti")),
	    .about = "A participation's verifier and assessors"),
	ROUTE_POST("/partisipasi/{id}/penugasan", assign_post, "assignments", SIGNED_IN,
	    .params = PARAMS(ASSIGN_PARAMS), .page = participation_page, .refill = true,
	    .about = "Assigns a verifier or an assessor to a participation"),
	ROUTE_POST("/partisipasi/{id}/penugasan/{tugas}/ganti", replace_post,
	    "assignments", SIGNED_IN, .params = PARAMS(PARAM_ID("id"), PARAM_ID("tugas"),
		PARAM_ACCOUNT_EMAIL(false), PARAM_DAY("tenggat"), PARAM_NOTE("alasan")),
	    .page = participation_page, .refill = true,
	    .about = "Replaces an assigned verifier or assessor, with a reason"),
	ROUTE_GET("/siklus/{id}/penugasan", cycle_page, "assignments_bulk", SIGNED_IN,
	    .params = route_params_id,
	    .about = "Assignments across a cycle's participations"),
	ROUTE_POST("/siklus/{id}/penugasan", bulk_post, "assignments_bulk", SIGNED_IN,
	    .params = PARAMS(ASSIGN_PARAMS, PARAM_PROVINCE("provinsi", PARAM_FORM, false),
		PARAM_TEXT("jenis", 64)),
	    .page = cycle_page, .refill = true,
	    .about = "Assigns people to many participations at once"),
};
/* clang-format on */
ROUTE_TABLE(assignments_routes, routes);
