/*
 * verification.c - the verifier's page of a participation,
 * /partisipasi/{id}/verifikasi: per indicator the unit's answer, note and
 * evidence with the verdicts given so far (history kept, the latest
 * counts) and the verdict form; sending the flagged indicators back in a
 * numbered revision round with its deadline; site visits with photos; and
 * closing verification, which issues the verification report. Only the
 * assigned verifier writes (403 for anyone else who sees the
 * participation; 404 for whoever does not). The writes are
 * svc/verification.h's.
 */
#include <stdio.h>
#include <string.h>

#include "web/app.h"
#include "web/model.h"
#include "web/stages/building.h"
#include "web/stages/verification.h"
#include "web/form.h"
#include "web/upload.h"
#include "web/routes.h"
#include "svc/offline.h"

#define VERDICT_PREFIX "putusan." /* form field of an indicator's verdict */
#define NOTE_PREFIX "catatan."    /* form field of its note */

static const struct param_spec note_spec = PARAM_NOTE("catatan");

json_t *
verification_verdict_json(struct request *req, json_t *row)
{
	enum verdict vd;
	char key[64];

	if (row == NULL)
		return json_null();
	vd = verdict_parse(json_string_value(json_object_get(row, "verdict")));
	snprintf(key, sizeof(key), "assessment.verdict.label.%s", verdict_code(vd));
	return json_pack("{s:s, s:s, s:O, s:O, s:O, s:b, s:b}", "verdict",
	    verdict_code(vd), "label", i18n_get(req_lang(req), key), "note",
	    json_object_get(row, "note"), "round", json_object_get(row, "round"),
	    "given_by_name", json_object_get(row, "given_by_name"), "final",
	    vd == VERDICT_VERIFIED || vd == VERDICT_NOT_MET, "has_note",
	    json_string_length(json_object_get(row, "note")) > 0);
}

/* The rounds as shown, with their items named and dates written out. */
static json_t *
rounds_json(struct request *req, struct verification *v)
{
	json_t *out = json_array(), *r, *items, *list, *note;
	const struct rb_indicator *ind;
	const char *code;
	size_t i;

	json_array_foreach(v->rounds, i, r) {
		list = json_array();
		items = json_object_get(r, "items");
		json_object_foreach(items, code, note) {
			ind = building_indicator(&v->b, code);
			json_array_append_new(list,
			    json_pack("{s:s, s:s, s:O}", "indicator", code, "text",
				ind ? rb_text_get(&ind->text,
					  req_lang(req) == LANG_EN ? RULEBOOK_LANG_EN : RULEBOOK_LANG_ID)
				    : code,
				"note", note));
		}
		r = json_deep_copy(r);
		json_object_set_new(r, "items", list);
		json_object_set_new(r, "deadline_text",
		    json_string(participation_local_time(req, &v->b.p,
			json_string_value(json_object_get(r, "deadline_at")))));
		json_object_set_new(r, "opened_at_text",
		    json_string(participation_local_time(req, &v->b.p,
			json_string_value(json_object_get(r, "opened_at")))));
		json_object_set_new(r, "resubmitted",
		    json_boolean(!json_is_null(json_object_get(r, "resubmitted_at"))));
		if (json_is_string(json_object_get(r, "resubmitted_at")))
			json_object_set_new(r, "resubmitted_at_text",
			    json_string(participation_local_time(req, &v->b.p,
				json_string_value(json_object_get(r, "resubmitted_at")))));
		json_object_set_new(r, "has_note",
		    json_boolean(json_string_length(json_object_get(r, "note")) > 0));
		json_array_append_new(out, r);
	}
	return out;
}

/* When row (a verdict or a visit) came from a device offline: both times,
 * as the record shows them, into x. */
static void
offline_times(struct request *req, const struct verification *v, json_t *row, json_t *x)
{
	const char *at = json_string_value(json_object_get(row, "recorded_offline_at"));
	const char *got = json_string_value(json_object_get(row, "given_at"));

	if (at == NULL)
		return;
	if (got == NULL)
		got = json_string_value(json_object_get(row, "recorded_at"));
	json_object_set_new(x, "offline",
	    json_pack("{s:s, s:s}", "recorded", participation_local_time(req, &v->b.p, at),
		"received", participation_local_time(req, &v->b.p, got ? got : "")));
}

/* Mark ind's image evidence, which the page shows small. */
static void
previews(json_t *ind)
{
	const char *mime;
	json_t *f;
	size_t i;

	json_array_foreach(json_object_get(ind, "evidence"), i, f) {
		mime = json_string_value(json_object_get(f, "mime"));
		json_object_set_new(f, "is_image",
		    json_boolean(mime != NULL && strncmp(mime, "image/", 6) == 0));
	}
}

int
verification_common(struct request *req, struct svc *s, struct verification *v,
    json_t *model, struct err *e)
{
	enum lang l = req_lang(req);
	json_t *rows = NULL, *docs, *rounds, *visit, *open = json_null();
	long long id = (long long)v->b.p.id;
	size_t i;

	if (db_exec(s->c, DB_VERIFICATION_CLOSE_GET,
		(struct db_param[]){ DBP_INT(v->b.p.id) }, 1, &rows, e) < 0 ||
	    (docs = documents_list(s, v->b.p.id, e)) == NULL) {
		json_decref(rows);
		return -1;
	}
	rounds = rounds_json(req, v);
	json_array_foreach(rounds, i, visit)
		if (v->open_round != NULL &&
		    json_integer_value(json_object_get(visit, "number")) ==
			json_integer_value(json_object_get(v->open_round, "number")))
			open = json_incref(visit);
	json_array_foreach(v->visits, i, visit) {
		json_object_set_new(visit, "visit_date_text",
		    json_string(time_date_text(&req->arena,
			json_string_value(json_object_get(visit, "visit_date")),
			i18n_time_lang(l))));
		offline_times(req, v, visit, visit);
	}
	json_object_set_new(model, "subnav", participation_assessment_nav(req, id));
	json_object_set_new(model, "rounds", rounds);
	json_object_set_new(model, "has_rounds", json_boolean(json_array_size(rounds) > 0));
	json_object_set_new(model, "open_round", open);
	json_object_set(model, "visits", v->visits);
	json_object_set_new(model, "has_visits", json_boolean(json_array_size(v->visits) > 0));
	json_object_set_new(model, "closing",
	    json_incref(json_array_get(rows, 0)) ? json_array_get(rows, 0) : json_null());
	json_object_set_new(model, "documents", docs);
	json_object_set_new(model, "has_documents", json_boolean(json_array_size(docs) > 0));
	json_object_set_new(model, "verdict_counts",
	    json_pack("{s:I, s:I, s:b}", "final", (json_int_t)v->final_count, "flagged",
		(json_int_t)v->flagged_count, "all_final", v->all_final));
	json_decref(rows);
	return 0;
}

/* The indicators with their verdict history and the verdict form (typed:
 * {code: {verdict, note, error}} or NULL). */
static json_t *
indicators_json(struct request *req, struct verification *v, json_t *typed)
{
	struct building_view bv = { 0 };
	json_t *criteria = building_criteria(req, &v->b, &bv), *cr, *ind, *hist, *h, *t;
	char version[OFFLINE_VERSION_LEN];
	size_t i, j, k;

	json_array_foreach(criteria, i, cr)
		json_array_foreach(json_object_get(cr, "indicators"), j, ind) {
			const char *code = json_string_value(json_object_get(ind, "code"));
			json_t *latest = json_object_get(v->latest, code);
			const char *chosen;

			hist = json_array();
			json_array_foreach(json_object_get(v->verdicts, code), k, h) {
				json_t *x = verification_verdict_json(req, h);

				json_object_set_new(x, "given_at_text",
				    json_string(participation_local_time(req, &v->b.p,
					json_string_value(json_object_get(h, "given_at")))));
				offline_times(req, v, h, x);
				json_array_append_new(hist, x);
			}
			offline_version(v, code, version);
			json_object_set_new(ind, "version", json_string(version));
			previews(ind);
			t = typed ? json_object_get(typed, code) : NULL;
			chosen = t ? json_string_value(json_object_get(t, "verdict"))
				   : json_string_value(json_object_get(latest, "verdict"));
			json_object_set_new(ind, "verdict",
			    verification_verdict_json(req, latest));
			if (latest != NULL)
				offline_times(req, v, latest, json_object_get(ind, "verdict"));
			json_object_set_new(ind, "history", hist);
			json_object_set_new(ind, "has_history",
			    json_boolean(json_array_size(hist) > 0));
			json_object_set_new(ind, "choices",
			    json_pack(
				"[{s:s, s:s, s:b}, {s:s, s:s, s:b}, {s:s, s:s, s:b}]",
				"value", "verified", "label",
				i18n_get(req_lang(req), "assessment.verdict.label.verified"),
				"checked", chosen && strcmp(chosen, "verified") == 0,
				"value", "needs_revision", "label",
				i18n_get(req_lang(req), "assessment.verdict.label.needs_revision"),
				"checked", chosen && strcmp(chosen, "needs_revision") == 0,
				"value", "not_met", "label",
				i18n_get(req_lang(req), "assessment.verdict.label.not_met"),
				"checked", chosen && strcmp(chosen, "not_met") == 0));
			/* The latest verdict's note with its choice: posted
			 * unchanged, it is not given again. */
			json_object_set_new(ind, "verdict_note",
			    json_string(t ? json_string_value(json_object_get(t, "note"))
				    : latest ? json_string_value(json_object_get(latest, "note"))
					     : ""));
			if (t != NULL && json_object_get(t, "error") != NULL)
				json_object_set(ind, "verdict_error",
				    json_object_get(t, "error"));
		}
	return criteria;
}

static int
page_model(struct request *req, struct reply *rep, struct svc *s, struct verification *v,
    json_t *typed, struct err *e)
{
	json_t *m;

	if ((m = json_object()) == NULL ||
	    participation_header(req, &v->b.p, STAGE_ASSESSMENT, m, e) < 0 ||
	    verification_common(req, s, v, m, e) < 0) {
		json_decref(m);
		return -1;
	}
	json_object_set_new(m, "page_title",
	    json_sprintf("%s — %s", i18n_get(req_lang(req), "assessment.verify.title"),
		v->b.p.unit_name));
	json_object_set_new(m, "criteria", indicators_json(req, v, typed));
	json_object_set_new(m, "offline_sync",
	    json_sprintf("/partisipasi/%lld/verifikasi/sinkron", (long long)v->b.p.id));
	json_object_set_new(m, "may_verify",
	    json_boolean(participation_may(s, &v->b.p, TR_VERIFY, false)));
	json_object_set_new(m, "may_send_back",
	    json_boolean(participation_may(s, &v->b.p, TR_SEND_BACK, false) &&
		v->flagged_count > 0));
	json_object_set_new(m, "may_close",
	    json_boolean(participation_may(s, &v->b.p, TR_CLOSE_VERIFICATION, true)));
	json_object_set_new(m, "close_ready", json_boolean(v->all_final));
	json_object_set_new(m, "typed_deadline", json_string(form_typed(req, "tenggat")));
	json_object_set_new(m, "typed_round_note", json_string(form_typed(req, "catatan")));
	/* A visit refused: its form as typed. */
	if (req_refill(req) && req_param_find(req, "tanggal") != NULL)
		json_object_set_new(m, "visit_typed",
		    json_pack("{s:s, s:s, s:s}", "tanggal", form_typed(req, "tanggal"), "hadir",
			form_typed(req, "hadir"), "temuan", form_typed(req, "temuan")));
	return web_model_take(rep, m, "verification");
}

/* The verdict form into typed ({code: {verdict, note, error}}); the
 * number of problems. */
static int
read_verdicts(struct request *req, json_t *typed)
{
	const struct kv *kv;
	const char *code;
	json_t *t;
	size_t i = 0;
	bool is_verdict;
	int bad = 0;

	while ((code = form_item_next(req, &i, VERDICT_PREFIX, NOTE_PREFIX, &kv,
		    &is_verdict)) != NULL) {
		t = form_item(typed, code);
		if (is_verdict) {
			json_object_set_new(t, "verdict", json_string(kv->val.p));
			continue;
		}
		if (form_item_value(req, &note_spec, kv, t, "note", NULL) != VE_OK) {
			json_object_set_new(t, "error",
			    json_string(i18n_get(req_lang(req), "validation.too_long")));
			bad++;
		}
	}
	return bad;
}

/* The page of participation {id}; built again for a refused post, with
 * the verdicts, the sending back or the visit as typed. */
static int
page_of(struct request *req, struct reply *rep, struct err *e)
{
	struct verification v;
	struct svc s;
	json_t *typed = NULL;
	int rc = -1;

	memset(&v, 0, sizeof(v));
	if (req_refill(req) && (typed = json_object()) != NULL)
		read_verdicts(req, typed);
	if (web_svc(req, &s, e) == 0 &&
	    verification_load(&s, req_param(req, "id")->i, &v, e) == 0)
		rc = page_model(req, rep, &s, &v, typed, e);
	json_decref(typed);
	verification_free(&v);
	return rc;
}

static int
verification_page(struct request *req, struct reply *rep, struct err *e)
{
	return participation_stage_page(req, rep, STAGE_ASSESSMENT, page_of,
	    "assessment.verify.done", e);
}

/* The verdicts chosen (an empty choice is no verdict), in the arena. */
static struct verdict_in *
verdicts_of(struct request *req, json_t *typed, size_t *n)
{
	struct verdict_in *out = arena_alloc(&req->arena,
	    (json_object_size(typed) + 1) * sizeof(*out));
	const char *code, *vd;
	json_t *t;

	*n = 0;
	if (out == NULL)
		return NULL;
	json_object_foreach(typed, code, t) {
		vd = json_string_value(json_object_get(t, "verdict"));
		if (vd == NULL || vd[0] == '\0')
			continue;
		out[(*n)++] = (struct verdict_in){ code, verdict_parse(vd),
			json_string_value(json_object_get(t, "note")), NULL };
	}
	return out;
}

static int
verdicts_post(struct request *req, struct reply *rep, struct err *e)
{
	int64_t id = req_param(req, "id")->i;
	struct verdict_in *in;
	struct svc s;
	json_t *typed = json_object();
	size_t n;
	int rc = -1;

	if (typed == NULL || web_svc(req, &s, e) < 0)
		goto out;
	if (read_verdicts(req, typed) > 0) {
		err_set(e, ERR_INVALID, "%s",
		    i18n_get(req_lang(req), "assessment.verdict.form_invalid"));
		rc = web_show_again(req, rep, e, verification_page);
		goto out;
	}
	if ((in = verdicts_of(req, typed, &n)) == NULL) {
		err_set(e, ERR_TOO_LARGE, "out of memory");
		goto out;
	}
	rc = web_answer(req, rep, e, verification_verdicts(&s, id, in, n, e),
	    verification_page, "/partisipasi/%lld/verifikasi?ok=putusan", (long long)id);
out:
	json_decref(typed);
	return rc;
}

static int
send_back_post(struct request *req, struct reply *rep, struct err *e)
{
	int64_t id = req_param(req, "id")->i;
	struct svc s;
	int rc;

	if (web_svc(req, &s, e) < 0)
		return -1;
	rc = verification_send_back(&s, id, req_param(req, "tenggat")->text,
	    req_param(req, "catatan")->text, e);
	return web_answer(req, rep, e, rc, verification_page,
	    "/partisipasi/%lld/verifikasi?ok=kembalikan", (long long)id);
}

static int
visit_post(struct request *req, struct reply *rep, struct err *e)
{
	struct visit_in in = { .participation = req_param(req, "id")->i,
		.date = req_param(req, "tanggal")->text,
		.present = req_param(req, "hadir")->text,
		.findings = req_param(req, "temuan")->text };
	struct svc s;
	bool refused;
	int rc;

	if (web_svc(req, &s, e) < 0)
		return -1;
	if (upload_files_in(req, "foto", &in.photos, &in.photo_count) < 0) {
		err_set(e, ERR_TOO_LARGE, "out of memory");
		return -1;
	}
	rc = verification_visit(&s, &in, &refused, e);
	return web_answer(req, rep, e, rc, verification_page,
	    "/partisipasi/%lld/verifikasi?ok=kunjungan#kunjungan",
	    (long long)in.participation);
}

/* Verification closed, its report's serial not asked for. */
static int
close_now(struct svc *s, int64_t id, struct err *e)
{
	return verification_close(s, id, NULL, e);
}

static int
close_post(struct request *req, struct reply *rep, struct err *e)
{
	return participation_post(req, rep, close_now, verification_page,
	    "verifikasi?ok=tutup", e);
}

/* Photos are kept only for the verifier the policy lets verify here. */
PARTICIPATION_ADMIT(visit_admit, TR_VERIFY);

/* The addresses this file answers, with their declared inputs. The
 * verdicts keyed by indicator code are read by the handler. */

/* clang-format off */
static const struct route routes[] = {
	ROUTE_GET("/partisipasi/{id}/verifikasi", verification_page, "verification", SIGNED_IN,
	    .params = PARAMS(PARAM_ID("id"), PARAM_NOTICE("putusan|kembalikan|kunjungan|tutup")),
	    .about = "The verification of a participation's evidence, indicator by indicator"),
	ROUTE_POST("/partisipasi/{id}/verifikasi", verdicts_post, "verification",
	    SIGNED_IN, .params = route_params_id, .page = verification_page,
	    .about = "Saves the verifier's verdicts and notes"),
	ROUTE_POST("/partisipasi/{id}/verifikasi/kembalikan", send_back_post,
	    "verification", SIGNED_IN,
	    .params = PARAMS(PARAM_ID("id"), PARAM_DAY("tenggat"), PARAM_NOTE("catatan")),
	    .page = verification_page, .refill = true,
	    .about = "Sends evidence back to the unit for revision, with a deadline"),
	ROUTE_POST("/partisipasi/{id}/verifikasi/kunjungan", visit_post, "verification", SIGNED_IN,
	    .params = PARAMS(PARAM_ID("id"), PARAM_DAY("tanggal"), PARAM_NOTE("hadir"),
		PARAM_LONG_NOTE("temuan")),
	    .page = verification_page, .refill = true, .upload = true, .max_files = 8,
	    .admit = visit_admit,
	    .about = "Records a site visit with its photos"),
	ROUTE_POST("/partisipasi/{id}/verifikasi/tutup", close_post, "verification",
	    SIGNED_IN, .params = route_params_id, .page = verification_page,
	    .offload = true,
	    .about = "Closes the verification"),
};
/* clang-format on */
ROUTE_TABLE(verification_routes, routes);
