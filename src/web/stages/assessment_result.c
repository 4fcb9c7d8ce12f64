/*
 * assessment_result.c - the result of a participation's assessment with
 * its explanation, /partisipasi/{id}/hasil-penilaian: per indicator the
 * three layers side by side (the unit's answer, the verifier's verdict and
 * note, the final score and where it comes from), each criterion's score,
 * the knock-outs, each adjustment with its source, the total, the
 * threshold and the predicate or why there is none, and the explanation
 * in sentences. The unit sees the final scores and the reasons but never
 * which assessor gave which score; the programme admin, and an assessor
 * who submitted, see each assessor's. The admin enters the adjustments'
 * inputs here (POST .../penyesuaian). The services are svc/scoring.h's.
 */
#include <stdio.h>
#include <string.h>

#include "svc/scoring.h"
#include "web/app.h"
#include "web/form.h"
#include "web/routes.h"
#include "web/stages/participation.h"
#include "web/model.h"
#include "web/stages/scoring.h"

static const struct field_spec adjust_fields[] = {
	{ "temuan", "result.adjust.findings", "number", "off", "result.adjust.findings_hint" },
	{ NULL, NULL, NULL, NULL, NULL },
};

/* True when s's actor sees each assessor's scores of a. */
static bool
sees_assessors(struct svc *s, const struct assessment *a)
{
	json_t *me = assessment_assessor(a, s->actor_id);

	if (s->who != NULL && policy_check(s->who, ACT_DECREE, &a->b.p.ref) == POLICY_ALLOW)
		return true;
	return me != NULL && json_is_string(json_object_get(me, "submitted_at"));
}

/* The adjustments' entries as shown, newest first. */
static json_t *
entries(struct request *req, const struct assessment *a)
{
	json_t *out = json_array(), *row;
	char key[64];
	size_t i;

	json_array_foreach(a->adjustments, i, row) {
		snprintf(key, sizeof(key), "result.zone.%s",
		    json_string_value(json_object_get(row, "zone")));
		json_array_append_new(out,
		    json_pack("{s:s, s:O, s:s, s:O}", "zone", i18n_get(req_lang(req), key),
			"findings", json_object_get(row, "findings"), "set_at",
			participation_local_time(req, &a->b.p,
			    json_string_value(json_object_get(row, "set_at"))),
			"set_by", json_object_get(row, "set_by_name")));
	}
	return out;
}

/* The zone choices with the current (or typed) one selected. */
static json_t *
zones(struct request *req, const char *current)
{
	static const char *const codes[] = { "none", "wbk", "wbbm" };
	json_t *out = json_array();
	char key[64];
	size_t i;

	for (i = 0; i < 3; i++) {
		snprintf(key, sizeof(key), "result.zone.%s", codes[i]);
		json_array_append_new(out,
		    json_pack("{s:s, s:s, s:b}", "code", codes[i], "label",
			i18n_get(req_lang(req), key), "selected",
			current != NULL && strcmp(current, codes[i]) == 0));
	}
	return out;
}

/* The admin's form of the adjustments, into m. */
static void
adjust_form(struct request *req, struct svc *s, const struct assessment *a, bool refill,
    json_t *m)
{
	json_t *last = json_array_get(a->adjustments, 0), *fields;
	const struct param_value *z = refill ? req_param_find(req, "zona") : NULL;
	const char *zone = z != NULL && z->present
	    ? z->text
	    : json_string_value(json_object_get(last, "zone"));

	fields = form_fields(req, adjust_fields, refill);
	if (!refill && last != NULL)
		json_object_set_new(json_object_get(fields, "temuan"), "value",
		    json_sprintf("%lld",
			(long long)json_integer_value(json_object_get(last, "findings"))));
	json_object_set_new(m, "adjust_fields", fields);
	json_object_set_new(m, "zones", zones(req, zone ? zone : "none"));
	json_object_set_new(m, "may_adjust",
	    json_boolean(s->who != NULL &&
		policy_check(s->who, ACT_DECREE, &a->b.p.ref) == POLICY_ALLOW &&
		a->lock_serial == NULL && a->b.p.stage == STAGE_ASSESSMENT &&
		a->b.p.state != PSTATE_RECOMMENDED && a->b.p.state != PSTATE_NOT_RECOMMENDED));
}

/* The plenary's recommendation, when there is one. */
static json_t *
recommendation(struct request *req, const struct assessment *a)
{
	json_t *r = a->recommendation;
	bool rec;

	if (r == NULL)
		return json_null();
	rec = json_integer_value(json_object_get(r, "recommended")) != 0;
	return json_pack("{s:b, s:s, s:O, s:O}", "recommended", rec, "label",
	    i18n_get(req_lang(req), rec ? "plenary.recommended" : "plenary.not_recommended"),
	    "reason", json_object_get(r, "reason"), "serial", json_object_get(r, "serial"));
}

/* The result, its explanation and the admin's form. */
static void
result_fill(struct request *req, struct svc *s, const struct assessment *a, json_t *m)
{
	bool per = sees_assessors(s, a);
	/* The unit reads its result once every assessor has submitted. */
	bool ready = a->b.p.stage == STAGE_ASSESSMENT && a->b.p.state >= PSTATE_ASSESSED;

	/* The stage's timeline names who scored when: it belongs to the
	 * stage's pages, not to the result. */
	json_object_del(m, "timeline");
	json_object_del(m, "has_timeline");
	json_object_set_new(m, "per_assessor", json_boolean(per));
	json_object_set_new(m, "is_final", json_boolean(ready));
	if (ready || per)
		json_object_set_new(m, "result", assessment_json(s, a, req_lang(req), per));
	json_object_set_new(m, "entries", entries(req, a));
	json_object_set_new(m, "has_entries",
	    json_boolean(json_array_size(a->adjustments) > 0));
	json_object_set_new(m, "recommendation", recommendation(req, a));
	participation_locked_notice(req, m, a->lock_serial);
	adjust_form(req, s, a, req_refill(req), m);
}

static int
result_page(struct request *req, struct reply *rep, struct err *e)
{
	if (scoring_page_model(req, rep, "assessment_result", "result.title", result_fill, e) < 0)
		return -1;
	web_model_ok_notice(req, rep, "result.adjust.done");
	return 0;
}

static int
adjust_post(struct request *req, struct reply *rep, struct err *e)
{
	int64_t id = req_param(req, "id")->i;
	const struct param_value *f = req_param(req, "temuan");
	struct adjust_in in = { .zone = req_param(req, "zona")->text,
		.findings = f->present ? f->i : 0 };
	struct svc_problems pr = { 0 };
	struct svc s;

	if (web_svc(req, &s, e) < 0)
		return -1;
	if (form_has_errors(req)) {
		err_set(e, ERR_INVALID, "%s", i18n_get(req_lang(req), "result.adjust.invalid"));
		return web_show_again(req, rep, e, result_page);
	}
	if (scoring_adjust(&s, id, &in, &pr, e) < 0)
		return web_show_problems(req, rep, e, result_page, "adjust_fields", &pr);
	return web_see_other(req, rep, "/partisipasi/%lld/hasil-penilaian?ok=1", (long long)id);
}

/* The addresses this file answers, with their declared inputs. */
/* clang-format off */
static const struct route routes[] = {
	ROUTE_GET("/partisipasi/{id}/hasil-penilaian", result_page, "assessment_result", SIGNED_IN,
	    .params = PARAMS(PARAM_ID("id"), PARAM_NOTICE("1")),
	    .about = "The assessment result: the total, its explanation and the adjustments"),
	ROUTE_POST("/partisipasi/{id}/hasil-penilaian/penyesuaian", adjust_post,
	    "assessment_result", SIGNED_IN,
	    .params = PARAMS(PARAM_ID("id"), PARAM_CHOICE("zona", true, "none|wbk|wbbm"),
		{ "temuan", PARAM_FORM, PT_INT, true, 0, 1000, NULL }),
	    .page = result_page, .refill = true,
	    .about = "Enters the facts for the rulebook's adjustments "
		"(integrity zone, Ombudsman findings)"),
};
/* clang-format on */
ROUTE_TABLE(assessment_result_routes, routes);
