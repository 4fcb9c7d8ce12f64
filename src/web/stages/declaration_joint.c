/*
 * declaration_joint.c - one declaration for several units of a province
 * (/siklus/{id}/pencanangan-bersama): the regional office, often leading
 * one event for a whole province, picks the units of the cycle that have
 * not requested yet and files one request for all of them. Each unit then
 * follows the declaration on its own page; decisions apply to all. The
 * units are a picker (web/picker.h): check boxes by province while few,
 * a search with pages among many.
 */
#include <stdlib.h>
#include <string.h>

#include "web/app.h"
#include "web/auth.h"
#include "web/model.h"
#include "web/stages/declaration.h"
#include "web/form.h"
#include "web/picker.h"
#include "web/registry/registry.h"
#include "base/str.h"
#include "core/region.h"
#include "web/routes.h"

static const char *const joint_pickers[] = { "peserta", NULL };

/* May the caller (ctx, the request) request a declaration for
 * participation pid now? */
static bool
may_request(void *ctx, int64_t pid)
{
	struct svc *s = ctx;
	struct participation p;
	struct err e2;

	err_clear(&e2);
	return participation_load(s, pid, &p, &e2) == 0 &&
	    participation_may(s, &p, TR_REQUEST, false);
}

/* The list's choices grouped by province: [{province, name, units: [{id,
 * unit_name, checked}]}], a province's group once. */
static json_t *
by_province(json_t *options)
{
	json_t *groups = json_array(), *o, *g, *found;
	const struct province *prov;
	size_t i, j;
	int code;

	json_array_foreach(options, i, o) {
		code = (int)json_integer_value(json_object_get(o, "province_code"));
		found = NULL;
		json_array_foreach(groups, j, g)
			if (json_integer_value(json_object_get(g, "province")) == code)
				found = g;
		if (found == NULL) {
			prov = province_find(code);
			found = json_pack("{s:i, s:s, s:[]}", "province", code, "name",
			    prov ? prov->name : "", "units");
			json_array_append_new(groups, found);
		}
		json_array_append_new(json_object_get(found, "units"),
		    json_pack("{s:O, s:O, s:O}", "id", json_object_get(o, "value"),
			"unit_name", json_object_get(o, "choice_name"), "checked",
			json_object_get(o, "selected")));
	}
	return groups;
}

/*
 * The participations of cycle id at draft that the caller may request a
 * declaration for, the ids chosen checked: a picker's model ("members"),
 * whose list, when it is one, also comes grouped by province ("groups").
 * NULL with e.
 */
static json_t *
candidates(struct request *req, struct svc *s, int64_t id, const int64_t *ids,
    size_t nids, struct err *e)
{
	struct picker p = { .name = "peserta",
		.multiple = true,
		.query = { .source = PICK_PARTICIPATION,
		    .cycle = id,
		    .stage = stage_code(STAGE_DECLARATION),
		    .state = pstate_code(PSTATE_DRAFT) },
		.chosen = ids,
		.nchosen = nids,
		.keep = may_request,
		.keep_ctx = s };
	json_t *f = json_pack("{s:s}", "label",
	    i18n_get(req_lang(req), "declaration.joint.members"));

	if (f == NULL || picker_fill(req, s, f, &p, e) < 0) {
		json_decref(f);
		if (e->status == 0)
			err_set(e, ERR_NOMEM, "out of memory");
		return NULL;
	}
	if (!picker_searching(f))
		json_object_set_new(f, "groups", by_province(json_object_get(f, "options")));
	return f;
}

/* The page's model with the request's fields (taken; NULL: empty ones),
 * the ids chosen, problem (a message) on the choice of units and notice
 * (a message) on top; both may be NULL. */
static int
joint_model(struct request *req, struct reply *rep, struct svc *s, json_t *cy, json_t *fields,
    const int64_t *ids, size_t nids, const char *problem, const char *notice, struct err *e)
{
	enum lang l = req_lang(req);
	json_t *members, *groups;

	if (fields == NULL)
		fields = decl_fields(req, DF_REQUEST, false);
	if ((members = candidates(req, s, decl_num(cy, "id"), ids, nids, e)) == NULL) {
		json_decref(fields);
		return -1;
	}
	if (problem != NULL)
		json_object_set_new(members, "error", json_string(problem));
	if ((groups = json_incref(json_object_get(members, "groups"))) == NULL)
		groups = json_array();
	json_object_del(members, "groups");
	rep->template = "declaration_joint";
	rep->model = json_pack("{s:o, s:O, s:b, s:o, s:b, s:o, s:o, s:o}", "page_title",
	    json_sprintf("%s — %s", i18n_get(l, "declaration.joint.title"),
		decl_str(cy, "title")),
	    "cycle", cy, "has_candidates",
	    picker_searching(members) || json_array_size(groups) > 0, "groups", groups,
	    "picker_default", picker_searching(members), "members", members, "fields",
	    fields, "action",
	    json_sprintf("/siklus/%lld/pencanangan-bersama", (long long)decl_num(cy, "id")));
	if (web_model_built(rep, e) < 0)
		return -1;
	if (problem != NULL)
		json_object_set_new(rep->model, "members_error", json_string(problem));
	if (notice != NULL)
		app_notice(rep->model, true, notice);
	return 0;
}

static int
declaration_joint_page(struct request *req, struct reply *rep, struct err *e)
{
	struct svc s;
	json_t *cy;
	int rc;

	if (web_svc(req, &s, e) < 0 ||
	    (cy = registry_cycle_load(req, s.c, req_param(req, "id")->i, ACT_VIEW, e)) == NULL)
		return -1;
	rc = joint_model(req, rep, &s, cy, NULL, NULL, 0, NULL, NULL, e);
	json_decref(cy);
	return rc;
}

/* The participations chosen (every "peserta" value), without repeats, into
 * ids (cap). -1 when a value is not an id or there are too many. */
static int
chosen_ids(struct request *req, int64_t *ids, size_t cap, size_t *n)
{
	size_t i;
	int64_t v;

	*n = 0;
	for (i = 0; i < req->form.count; i++) {
		const struct kv *kv = &req->form.items[i];

		if (!slice_eq(kv->key, "peserta") || kv->val.len == 0)
			continue;
		if (str_to_i64(kv->val.p, kv->val.len, 1, INT64_MAX, &v) < 0 || *n == cap)
			return -1;
		if (!picker_has(ids, *n, v))
			ids[(*n)++] = v;
	}
	return 0;
}

/*
 * The problem with the units chosen, in the user's language, or NULL: a
 * value that is not one of the cycle's participations, none, units of
 * different provinces, or one the caller may not request for (named).
 * parts[0] receives the first unit. -1 with e for a failure of ours.
 */
static int
members_problem(struct request *req, struct svc *s, int64_t cycle, const int64_t *ids,
    size_t n, struct participation *parts, const char **problem, struct err *e)
{
	enum lang l = req_lang(req);
	struct machine_step step;
	size_t i;

	for (i = 0; *problem == NULL && i < n; i++) {
		if (participation_load(s, ids[i], &parts[i], e) < 0) {
			if (e->status >= 500)
				return -1;
			err_clear(e);
			*problem = i18n_get(l, "declaration.joint.error_members");
		} else if (parts[i].cycle_id != cycle)
			*problem = i18n_get(l, "declaration.joint.error_members");
		else if (parts[i].province != parts[0].province)
			*problem = i18n_get(l, "declaration.joint.error_province");
		else if (participation_guard(s, &parts[i], TR_REQUEST, false, &step, e) < 0) {
			if (e->status >= 500)
				return -1;
			*problem = i18n_subst(&req->arena,
			    i18n_get(l, "declaration.error.member_refused"), "unit",
			    parts[i].unit_name, "reason",
			    e->status == 403 || e->status == 404
				? i18n_get(l, "error.403.message")
				: e->msg,
			    (const char *)NULL);
			err_clear(e);
		}
	}
	return 0;
}

static int
declaration_joint_request(struct request *req, struct reply *rep, struct err *e)
{
	enum lang l = req_lang(req);
	int64_t ids[DECL_MEMBERS_MAX], id;
	struct participation *parts;
	struct decl_request_in in;
	const char *problem = NULL, *notice;
	struct svc s;
	json_t *cy, *fields = NULL;
	size_t n = 0;
	bool bad;
	int rc = -1, status = 422;

	if (web_svc(req, &s, e) < 0 ||
	    (cy = registry_cycle_load(req, s.c, req_param(req, "id")->i, ACT_VIEW, e)) == NULL)
		return -1;
	if ((parts = arena_alloc(&req->arena, DECL_MEMBERS_MAX * sizeof(*parts))) == NULL) {
		err_set(e, ERR_TOO_LARGE, "out of memory");
		goto out;
	}
	if (picker_requested(req, joint_pickers)) {
		/* A search among the units: the form again, nothing filed. */
		if (chosen_ids(req, ids, DECL_MEMBERS_MAX, &n) < 0)
			n = 0;
		fields = decl_fields(req, DF_REQUEST, true);
		form_clear_errors(fields);
		rc = joint_model(req, rep, &s, cy, fields, ids, n, NULL, NULL, e);
		fields = NULL;
		goto out;
	}
	if (chosen_ids(req, ids, DECL_MEMBERS_MAX, &n) < 0)
		problem = i18n_get(l, "declaration.joint.error_members");
	else if (n == 0)
		problem = i18n_get(l, "declaration.joint.error_none");
	if (members_problem(req, &s, decl_num(cy, "id"), ids, n, parts, &problem, e) < 0)
		goto out;
	fields = decl_fields(req, DF_REQUEST, true);
	bad = problem != NULL || form_has_errors(req);
	if (problem == NULL && n > 0 && decl_check_request(req, &s, &parts[0], fields))
		bad = true;
	if (bad) {
		notice = i18n_get(l, "declaration.form_invalid");
		goto again;
	}
	in = decl_request_of(req, ids, n, decl_num(cy, "id"));
	if (decl_request(&s, &in, &id, e) == 0) {
		rc = web_see_other(req, rep,
		    "/partisipasi/%lld/pencanangan?selesai=bersama", (long long)ids[0]);
		goto out;
	}
	if (e->kind != ERR_REFUSED)
		goto out;
	/* Refused meanwhile: the page again with the refusal on top. */
	notice = arena_strdup(&req->arena, e->msg);
	status = e->status;
	err_clear(e);
again:
	rc = joint_model(req, rep, &s, cy, fields, ids, n, problem, notice, e);
	fields = NULL;
	if (rc == 0)
		rep->status = status;
out:
	json_decref(fields);
	json_decref(cy);
	return rc;
}

/* The addresses this file answers, with their declared inputs. */
/* clang-format off */
static const struct route routes[] = {
	ROUTE_GET("/siklus/{id}/pencanangan-bersama", declaration_joint_page,
	    "declaration_joint", SIGNED_IN,
	    .params = PARAMS(PARAM_ID("id"), PICKER_PARAMS("peserta", PARAM_QUERY)),
	    .about = "A joint declaration of several units of a cycle"),
	ROUTE_POST("/siklus/{id}/pencanangan-bersama", declaration_joint_request,
	    "declaration_joint", SIGNED_IN,
	    .params = PARAMS(PARAM_ID("id"), PARAM_REF("peserta", PARAM_FORM, false),
		DECL_REQUEST_PARAMS, PICKER_PARAMS("peserta", PARAM_FORM), PICKER_BUTTON_PARAMS),
	    .about = "Requests a joint declaration for several units"),
};
/* clang-format on */
ROUTE_TABLE(declaration_joint_routes, routes);
