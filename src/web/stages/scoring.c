/*
 * scoring.c - an assessor's scoring of a participation,
 * /partisipasi/{id}/skor: in state scoring each assigned assessor who
 * declared no conflict of interest scores every indicator the verifier
 * verified, choosing an option of its scale with a written justification,
 * beside the unit's answer and the verifier's verdict; drafts can change
 * until the assessor submits. An assessor sees the other assessors' scores
 * only once they submitted their own. The services are svc/scoring.h's.
 */
#include <stdio.h>
#include <string.h>

#include "svc/scoring.h"
#include "web/app.h"
#include "web/form.h"
#include "web/model.h"
#include "web/routes.h"
#include "web/stages/participation.h"
#include "web/stages/scoring.h"

#define OPTION_PREFIX "nilai."  /* form field of an indicator's option */
#define REASON_PREFIX "alasan." /* ... and of its justification */

static const struct param_spec reason_spec = PARAM_LONG_NOTE("alasan");

static enum rulebook_lang
rb_lang(struct request *req)
{
	return req_lang(req) == LANG_EN ? RULEBOOK_LANG_EN : RULEBOOK_LANG_ID;
}

/* The value typed into field prefix+code, or NULL when not posted. */
static const char *
typed(struct request *req, const char *prefix, const char *code)
{
	size_t i, n = strlen(prefix);

	for (i = 0; i < req->form.count; i++)
		if (strncmp(req->form.items[i].key.p, prefix, n) == 0 &&
		    strcmp(req->form.items[i].key.p + n, code) == 0)
			return req->form.items[i].val.p;
	return NULL;
}

/* The scale's options with the chosen one selected. */
static json_t *
options(struct request *req, const struct rb_indicator *ind, const char *chosen)
{
	json_t *out = json_array();
	char n[RULEBOOK_NUMBER_LEN];
	size_t i;

	for (i = 0; i < ind->scale->option_count; i++) {
		const struct rb_option *o = &ind->scale->options[i];

		json_array_append_new(out,
		    json_pack("{s:s, s:s, s:s, s:b}", "code", o->code, "label",
			rb_text_get(&o->label, rb_lang(req)), "value",
			rulebook_number_text(o->value.v, rb_lang(req), false, n),
			"selected", chosen != NULL && strcmp(chosen, o->code) == 0));
	}
	return out;
}

/* The form's row of one indicator: the unit's answer and the verdict
 * beside the actor's score (as typed when refill). */
static json_t *
item_row(struct request *req, struct svc *s, const struct assessment *a,
    const struct assess_item *it, bool refill)
{
	const struct rb_indicator *ind = it->indicator;
	json_t *ans = json_object_get(a->b.answers, ind->code);
	json_t *mine = assessment_score(a, s->actor_id, ind->code);
	const struct rb_option *ao = rulebook_option(ind,
	    ans ? json_string_value(json_object_get(ans, "option_code")) : NULL);
	const char *opt = json_string_value(json_object_get(mine, "option_code"));
	const char *just = json_string_value(json_object_get(mine, "justification"));
	bool verified = strcmp(it->verdict, "verified") == 0;
	char key[64];
	json_t *row;

	if (refill && typed(req, OPTION_PREFIX, ind->code) != NULL)
		opt = typed(req, OPTION_PREFIX, ind->code);
	if (refill && typed(req, REASON_PREFIX, ind->code) != NULL)
		just = typed(req, REASON_PREFIX, ind->code);
	snprintf(key, sizeof(key), "scores.verdict.%s", it->verdict[0] ? it->verdict : "none");
	row = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:o, s:s, s:s, s:s, s:s}",
	    "code", ind->code, "text", rb_text_get(&ind->text, rb_lang(req)), "answer",
	    ao ? rb_text_get(&ao->label, rb_lang(req)) : "", "answer_note",
	    ans ? json_string_value(json_object_get(ans, "note")) : "", "verdict_label",
	    i18n_get(req_lang(req), key), "verdict_note",
	    it->verdict_note ? it->verdict_note : "", "verified", verified, "options",
	    options(req, ind, opt), "justification", just ? just : "", "option_name",
	    arena_printf(&req->arena, OPTION_PREFIX "%s", ind->code), "reason_name",
	    arena_printf(&req->arena, REASON_PREFIX "%s", ind->code), "id",
	    arena_printf(&req->arena, "f-%s", ind->code));
	if (row != NULL) {
		json_object_set_new(row, "has_answer_note",
		    json_boolean(json_string_length(json_object_get(row, "answer_note")) > 0));
		json_object_set_new(row, "has_verdict_note",
		    json_boolean(it->verdict_note != NULL && it->verdict_note[0] != '\0'));
	}
	return row;
}

/* The criteria with the form's rows. */
static json_t *
criteria(struct request *req, struct svc *s, const struct assessment *a, bool refill)
{
	const struct rulebook *rb = a->b.rb;
	json_t *out = json_array(), *rows;
	size_t i, k;

	for (i = 0; i < rb->criterion_count; i++) {
		rows = json_array();
		for (k = 0; k < a->item_count; k++)
			if (a->items[k].criterion == &rb->criteria[i])
				json_array_append_new(rows,
				    item_row(req, s, a, &a->items[k], refill));
		json_array_append_new(out,
		    json_pack("{s:s, s:s, s:o}", "code", rb->criteria[i].code, "name",
			rb_text_get(&rb->criteria[i].name, rb_lang(req)), "indicators", rows));
	}
	return out;
}

/* Where the actor stands as an assessor of a, into m. */
static void
standing(struct request *req, struct svc *s, const struct assessment *a, json_t *m)
{
	json_t *me = assessment_assessor(a, s->actor_id), *list, *as;
	bool submitted = me && json_is_string(json_object_get(me, "submitted_at"));
	bool declared = me && json_is_string(json_object_get(me, "answer")) &&
	    strcmp(json_string_value(json_object_get(me, "answer")), "no_conflict") == 0;
	size_t i, done = 0;

	json_array_foreach(a->assessors, i, as)
		if (json_is_string(json_object_get(as, "submitted_at")))
			done++;
	json_object_set_new(m, "is_assessor", json_boolean(me != NULL));
	json_object_set_new(m, "declared", json_boolean(declared));
	json_object_set_new(m, "submitted", json_boolean(submitted));
	json_object_set_new(m, "may_score",
	    json_boolean(me && declared && !submitted && a->lock_serial == NULL &&
		participation_may(s, &a->b.p, TR_SCORE, false)));
	json_object_set_new(m, "progress_text",
	    json_string(i18n_subst(&req->arena, i18n_get(req_lang(req), "scores.progress"),
		"done", arena_printf(&req->arena, "%zu", done), "all",
		arena_printf(&req->arena, "%zu", json_array_size(a->assessors)),
		(const char *)NULL)));
	if (!submitted)
		return;
	/* Once the actor submitted: who the others are and what they gave. */
	list = json_array();
	json_array_foreach(a->assessors, i, as)
		json_array_append_new(list,
		    json_pack("{s:O, s:b}", "name", json_object_get(as, "name"),
			"submitted", json_is_string(json_object_get(as, "submitted_at"))));
	json_object_set_new(m, "assessors", list);
	json_object_set_new(m, "others", assessment_json(s, a, req_lang(req), true));
}

/* The timeline without the entries that say which assessor scored when:
 * for one who has not submitted, the other assessors stay unnamed. */
static void
hide_scorers(json_t *m)
{
	json_t *tl = json_object_get(m, "timeline"), *ev;
	const char *what;
	size_t i;

	for (i = json_array_size(tl); i-- > 0;) {
		ev = json_array_get(tl, i);
		what = json_string_value(json_object_get(ev, "what"));
		if (participation_is_scoring_event(what))
			json_array_remove(tl, i);
	}
	json_object_set_new(m, "has_timeline", json_boolean(json_array_size(tl) > 0));
}

int
scoring_page_model(struct request *req, struct reply *rep, const char *tpl,
    const char *title_key, scoring_fill fill, struct err *e)
{
	struct assessment a;
	struct svc s;
	json_t *m;
	int rc = -1;

	if (web_svc(req, &s, e) < 0)
		return -1;
	m = json_object();
	if (assessment_load(&s, req_param(req, "id")->i, &a, e) < 0 || m == NULL ||
	    participation_header(req, &a.b.p, STAGE_ASSESSMENT, m, e) < 0)
		goto out;
	json_object_set_new(m, "subnav",
	    participation_assessment_nav(req, (long long)a.b.p.id));
	json_object_set_new(m, "page_title",
	    json_sprintf("%s — %s", i18n_get(req_lang(req), title_key), a.b.p.unit_name));
	fill(req, &s, &a, m);
	web_model_take(rep, m, tpl);
	m = NULL;
	rc = 0;
out:
	json_decref(m);
	assessment_free(&a);
	return rc;
}

/* The assessor's form and where the assessor stands. */
static void
scoring_fill_in(struct request *req, struct svc *s, const struct assessment *a, json_t *m)
{
	json_object_set_new(m, "in_scoring", json_boolean(a->b.p.state == PSTATE_SCORING));
	standing(req, s, a, m);
	json_object_set_new(m, "criteria", criteria(req, s, a, req_refill(req)));
	if (!json_is_true(json_object_get(m, "submitted")))
		hide_scorers(m);
	participation_locked_notice(req, m, a->lock_serial);
}

static int
scoring_page(struct request *req, struct reply *rep, struct err *e)
{
	if (scoring_page_model(req, rep, "scoring", "scores.title", scoring_fill_in, e) < 0)
		return -1;
	web_done_notice(req, rep->model, "ok", "scores.done");
	return 0;
}

/* The scores posted, as the service takes them; a justification too long
 * is a problem of pr. */
static struct score_in *
posted(struct request *req, size_t *n, struct svc_problems *pr)
{
	struct score_in *in = arena_alloc(&req->arena, (req->form.count + 1) * sizeof(*in));
	struct param_value pv;
	const struct kv *kv;
	const char *code, *just;
	size_t i = 0;

	*n = 0;
	while (in != NULL &&
	    (code = form_item_next(req, &i, OPTION_PREFIX, NULL, &kv, NULL)) != NULL) {
		just = typed(req, REASON_PREFIX, code);
		if (just != NULL &&
		    validate_param(&reason_spec, just, strlen(just), &req->arena, &pv) != VE_OK) {
			svc_problem(pr, arena_printf(&req->arena, OPTION_PREFIX "%s", code),
			    i18n_get(req_lang(req), "scores.reason_too_long"));
			continue;
		}
		in[(*n)++] = (struct score_in){ code, kv->val.p,
			just ? (pv.present ? pv.text : "") : NULL };
	}
	return in;
}

/* Each problem of pr next to its indicator in the page's model. */
static void
set_problems(json_t *model, const struct svc_problems *pr)
{
	json_t *cr, *ind;
	size_t i, k, j;

	json_array_foreach(json_object_get(model, "criteria"), i, cr)
		json_array_foreach(json_object_get(cr, "indicators"), k, ind)
			for (j = 0; j < pr->count; j++)
				if (strcmp(pr->list[j].field,
					json_string_value(
					    json_object_get(ind, "option_name"))) == 0)
					json_object_set_new(ind, "error",
					    json_string(pr->list[j].text));
}

static int
scoring_post(struct request *req, struct reply *rep, struct err *e)
{
	int64_t id = req_param(req, "id")->i;
	bool submit = strcmp(req_param(req, "aksi")->text, "serahkan") == 0, fin = false;
	struct svc_problems pr = { 0 };
	struct score_in *in;
	struct svc s;
	size_t n = 0;

	if (web_svc(req, &s, e) < 0)
		return -1;
	if ((in = posted(req, &n, &pr)) == NULL) {
		err_set(e, ERR_TOO_LARGE, "out of memory");
		return -1;
	}
	if (pr.count > 0) {
		svc_refuse(&pr, e);
		goto refused;
	}
	/* What was typed is kept as a draft first, even when the submission
	 * is then refused. */
	if (scoring_save(&s, id, in, n, &pr, e) < 0 ||
	    (submit && scoring_submit(&s, id, &fin, e) < 0))
		goto refused;
	return web_see_other(req, rep, "/partisipasi/%lld/skor?ok=%s", (long long)id,
	    submit ? "serah" : "simpan");
refused:
	if (web_show_again(req, rep, e, scoring_page) < 0)
		return -1;
	set_problems(rep->model, &pr);
	return 0;
}

/* The addresses this file answers, with their declared inputs. */
/* clang-format off */
static const struct route routes[] = {
	ROUTE_GET("/partisipasi/{id}/skor", scoring_page, "scoring", SIGNED_IN,
	    .params = PARAMS(PARAM_ID("id"), PARAM_NOTICE("simpan|serah")),
	    .about = "The signed-in assessor's score sheet for a participation"),
	ROUTE_POST("/partisipasi/{id}/skor", scoring_post, "scoring", SIGNED_IN,
	    .params = PARAMS(PARAM_ID("id"), PARAM_CHOICE("aksi", true, "simpan|serahkan")),
	    .page = scoring_page, .refill = true,
	    .about = "Saves or submits the assessor's scores with justifications"),
};
/* clang-format on */
ROUTE_TABLE(scoring_routes, routes);
