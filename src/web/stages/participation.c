/*
 * participation.c - one unit in one cycle as the pages show it: the header
 * of the stage pages, the notice of a closed window, and the overview page
 * /partisipasi/{id} with its timeline.
 */
#include <string.h>
#include <time.h>

#include "web/app.h"
#include "svc/documents.h"
#include "web/stages/participation.h"
#include "base/str.h"
#include "base/timefmt.h"
#include "core/unit_type.h"
#include "web/routes.h"
#include "web/model.h"

/* The stages that have their own page under /partisipasi/{id}/. */
static bool
has_page(enum stage s)
{
	return s == STAGE_DECLARATION || s == STAGE_BUILDING || s == STAGE_EVALUATION ||
	    s == STAGE_ASSESSMENT || s == STAGE_SUPERVISION;
}

/* t in p's zone, in the user's language: "29 November 2026 18.00 WITA". */
static const char *
local_time(struct request *req, const struct participation *p, time_t t)
{
	return participation_time(&req->arena, req_lang(req), p, t);
}

const char *
participation_zone_time(struct request *req, enum tz tz, const char *iso, enum time_style s)
{
	return time_iso_text(&req->arena, iso, tz_offset(tz), tz_code(tz),
	    i18n_time_lang(req_lang(req)), s);
}

const char *
participation_local_time(struct request *req, const struct participation *p, const char *iso)
{
	return participation_zone_time(req, p->tz, iso, TIME_DATE_TIME);
}

/* The catalog's text for key: the key itself, copied, when the catalog
 * lacks it. */
static const char *
lookup(struct request *req, const char *key)
{
	const char *m = i18n_get(req_lang(req), key);

	return m == key ? arena_strdup(&req->arena, key) : m;
}

static const char *
stage_name(struct request *req, enum stage s)
{
	return participation_stage_name(&req->arena, req_lang(req), s);
}

/* Where p stands, or would stand at stage s in state state, as people
 * read it in p's cycle. */
static const char *
state_label(struct request *req, const struct participation *p, enum stage s, enum pstate state)
{
	return participation_standing_label(&req->arena, req_lang(req), s, state,
	    p->windows, p->nwindows);
}

bool
participation_window_notice(struct request *req, const struct participation *p,
    enum stage s, json_t *model)
{
	const struct cycle_window *w = machine_window(p->windows, p->nwindows, s);
	time_t now = time(NULL);
	const char *key;

	if (w == NULL || (now >= w->opens && now <= w->deadline))
		return false;
	key = now < w->opens ? "participation.window.not_open"
			     : "participation.window.closed_notice";
	app_notice(model, false,
	    i18n_subst(&req->arena, i18n_get(req_lang(req), key), "stage",
		stage_name(req, s), "opens", local_time(req, p, w->opens), "deadline",
		local_time(req, p, w->deadline), (const char *)NULL));
	return true;
}

int
participation_stage_open(struct request *req, struct reply *rep, struct svc *s,
    struct participation *p, enum stage st, struct err *e)
{
	if (web_svc(req, s, e) < 0 || participation_load(s, req_param(req, "id")->i, p, e) < 0)
		return -1;
	return participation_stage_not_run(req, rep, p, st, e);
}

void
participation_locked_notice(struct request *req, json_t *model, const char *serial)
{
	if (serial != NULL)
		json_object_set_new(model, "locked",
		    json_string(i18n_subst(&req->arena, i18n_get(req_lang(req), "scores.locked"),
			"serial", serial, (const char *)NULL)));
}

int
participation_stage_page(struct request *req, struct reply *rep, enum stage st,
    route_handler build, const char *group, struct err *e)
{
	struct participation p;
	struct svc s;
	int rc;

	/* Built again for a post, the page is the one it came from. */
	if (!req_again(req) && (rc = participation_stage_open(req, rep, &s, &p, st, e)) != 0)
		return rc < 0 ? -1 : 0;
	if (build(req, rep, e) < 0)
		return -1;
	web_done_notice(req, rep->model, "ok", group);
	return 0;
}

int
participation_post(struct request *req, struct reply *rep,
    int (*act)(struct svc *, int64_t, struct err *), route_handler page, const char *then,
    struct err *e)
{
	int64_t id = req_param(req, "id")->i;
	struct svc s;

	if (web_svc(req, &s, e) < 0)
		return -1;
	return web_answer(req, rep, e, act(&s, id, e), page, "/partisipasi/%lld/%s",
	    (long long)id, then);
}

int
participation_stage_not_run(struct request *req, struct reply *rep,
    const struct participation *p, enum stage s, struct err *e)
{
	enum lang l = req_lang(req);
	const char *msg;
	json_t *m;

	if (machine_window(p->windows, p->nwindows, s) != NULL)
		return 0;
	if ((m = json_object()) == NULL || participation_header(req, p, s, m, e) < 0) {
		json_decref(m);
		if (e->kind == ERR_NONE)
			err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	msg = i18n_subst(&req->arena, i18n_get(l, "participation.not_run"), "cycle",
	    p->cycle_title, "stage", stage_name(req, s), "stages",
	    participation_stages_phrase(&req->arena, l, p->windows, p->nwindows),
	    (const char *)NULL);
	json_object_set_new(m, "page_title",
	    json_sprintf("%s — %s", stage_name(req, s), p->unit_name));
	json_object_set_new(m, "stage_not_run",
	    json_pack("{s:s, s:s}", "stage", stage_code(s), "message", msg));
	app_notice(m, false, msg);
	json_decref(rep->model);
	rep->model = m;
	rep->template = "stage_not_run";
	rep->status = 404;
	return 1;
}

/* The path segment {name} of req as a positive id, or 0. */
static int64_t
path_id(const struct request *req, const char *name)
{
	int64_t v;
	size_t i;

	for (i = 0; i < req->match.count; i++)
		if (slice_eq(req->match.seg[i].name, name))
			return str_to_i64(req->match.seg[i].value.p,
				   req->match.seg[i].value.len, 1, INT64_MAX, &v) == 0
			    ? v
			    : 0;
	return 0;
}

int
participation_admit(struct request *req, enum transition t, struct err *e)
{
	struct participation p;
	struct svc s;
	int64_t id = path_id(req, "id");

	if (id == 0) {
		err_set(e, ERR_NOT_FOUND, "no participation in the path");
		return -1;
	}
	if (web_svc(req, &s, e) < 0 || participation_load(&s, id, &p, e) < 0)
		return -1;
	return participation_authorize(&s, &p, t, e);
}

static json_t *timeline(struct request *req, struct db_conn *c,
    const struct participation *p, enum stage s, struct err *e);

int
participation_header(struct request *req, const struct participation *p, enum stage tab,
    json_t *model, struct err *e)
{
	enum lang l = req_lang(req);
	json_t *tabs = json_array(), *part, *events;
	struct db_conn *c;
	const struct unit_type *t;
	time_t now = time(NULL);
	char key[64];
	size_t i;

	for (i = 0; tabs != NULL && i < p->nwindows; i++) {
		const struct cycle_window *w = &p->windows[i];
		const char *status = now < w->opens ? "upcoming"
		    : now > w->deadline             ? "closed"
						    : "open";

		snprintf(key, sizeof(key), "participation.window.%s", status);
		json_array_append_new(tabs,
		    json_pack("{s:s, s:s, s:o, s:b, s:b, s:s, s:s, s:s}", "code",
			stage_code(w->stage), "label", stage_name(req, w->stage), "href",
			has_page(w->stage) ? json_sprintf("/partisipasi/%lld/%s",
						 (long long)p->id, stage_code(w->stage))
					   : json_null(),
			"current", w->stage == tab, "here", w->stage == p->stage, "opens",
			local_time(req, p, w->opens), "deadline",
			local_time(req, p, w->deadline), "status", i18n_get(l, key)));
	}
	t = unit_type_find(p->unit_type);
	part = json_pack("{s:I, s:{s:I, s:s, s:s, s:s, s:s}, s:{s:I, s:s, s:i},"
			 " s:s, s:s, s:s, s:s, s:b}",
	    "id", (json_int_t)p->id, "unit", "id", (json_int_t)p->unit_id, "name",
	    p->unit_name, "type", p->unit_type, "type_label",
	    t ? (l == LANG_EN ? t->name_en : t->name_id) : p->unit_type, "province",
	    p->province_name, "cycle", "id", (json_int_t)p->cycle_id, "title",
	    p->cycle_title, "year", p->cycle_year, "stage", stage_code(p->stage),
	    "stage_label", stage_name(req, p->stage), "state", pstate_code(p->state),
	    "state_label", state_label(req, p, p->stage, p->state), "ended",
	    !machine_open(p->stage, p->state, p->windows, p->nwindows));
	if (tabs == NULL || part == NULL) {
		json_decref(tabs);
		json_decref(part);
		return web_nomem(e);
	}
	json_object_set_new(model, "participation", part);
	json_object_set_new(model, "tabs", tabs);
	json_object_set_new(model, "tab_current",
	    json_string(tab < STAGE_MAX ? stage_code(tab) : ""));
	json_object_set_new(model, "overview_current", json_boolean(tab == STAGE_MAX));
	if ((c = req_db(req, e)) == NULL || (events = timeline(req, c, p, tab, e)) == NULL)
		return -1;
	json_object_set_new(model, "has_timeline", json_boolean(json_array_size(events) > 0));
	json_object_set_new(model, "timeline", events);
	return 0;
}

/* Did event row (what, stage afterwards) happen in stage s? A transition
 * belongs to its own stage (a confirmation closes the declaration even
 * though it leads to building); other events to the stage they left the
 * participation in. */
static bool
event_in(json_t *row, enum stage s)
{
	const char *what = json_string_value(json_object_get(row, "what"));
	enum transition t = transition_parse(what);

	if (t != TR_MAX)
		return transition_stage(t) == s;
	return stage_parse(json_string_value(json_object_get(row, "stage"))) == s;
}

bool
participation_is_scoring_event(const char *what)
{
	return what != NULL &&
	    (strcmp(what, "score") == 0 || strcmp(what, "score_submit") == 0 ||
		strcmp(what, "scored") == 0);
}

/* The timeline as the pages show it: every event on the overview (s is
 * STAGE_MAX), a stage's own events on its page. */
static json_t *
timeline(struct request *req, struct db_conn *c, const struct participation *p,
    enum stage s, struct err *e)
{
	enum lang l = req_lang(req);
	json_t *rows = NULL, *row;
	char key[96];
	size_t i;
	struct err ignore;
	bool names_scorers;

	/* Which assessor scored when is the admin's to see (and each
	 * assessor's own page's): others read "the assessment team". */
	err_clear(&ignore);
	names_scorers = app_authorize(req, ACT_DECREE, &p->ref, &ignore) == 0;
	if (db_exec(c, DB_PARTICIPATION_EVENTS, (struct db_param[]){ DBP_INT(p->id) }, 1,
		&rows, e) < 0)
		return NULL;
	for (i = 0; i < json_array_size(rows);) {
		if (s != STAGE_MAX && !event_in(json_array_get(rows, i), s))
			json_array_remove(rows, i);
		else
			i++;
	}
	json_array_foreach(rows, i, row) {
		enum stage st = stage_parse(json_string_value(json_object_get(row, "stage")));
		enum pstate ps = pstate_parse(
		    json_string_value(json_object_get(row, "state")));
		const char *what = json_string_value(json_object_get(row, "what"));

		/* A step that finished the cycle's last stage says so where its
		 * usual words would promise a stage to come ("for evaluation"). */
		snprintf(key, sizeof(key), "participation.event.finished.%s", what);
		if (!machine_finished(st, ps, p->windows, p->nwindows) || i18n_get(l, key) == key)
			snprintf(key, sizeof(key), "participation.event.%s", what);
		json_object_set_new(row, "label", json_string(lookup(req, key)));
		json_object_set_new(row, "state_label",
		    json_string(state_label(req, p, st, ps)));
		json_object_set_new(row, "when",
		    json_string(participation_local_time(req, p,
			json_string_value(json_object_get(row, "at")))));
		if (!names_scorers && participation_is_scoring_event(what)) {
			json_object_del(row, "actor_id");
			json_object_set_new(row, "actor_name",
			    json_string(i18n_get(l, "participation.assessment_team")));
		} else if (json_is_null(json_object_get(row, "actor_name")))
			json_object_set_new(row, "actor_name",
			    json_string(i18n_get(l, "participation.system")));
	}
	return rows;
}

/* What the unit is expected to do next, in the user's language. */
static const char *
next_step(struct request *req, const struct participation *p)
{
	char key[96];

	if (!machine_open(p->stage, p->state, p->windows, p->nwindows))
		snprintf(key, sizeof(key), "participation.next.%s",
		    p->state == PSTATE_FAILED ? "failed" : "ended");
	else
		snprintf(key, sizeof(key), "participation.next.%s", pstate_code(p->state));
	return lookup(req, key);
}

static int
participation_page(struct request *req, struct reply *rep, struct err *e)
{
	struct participation p;
	struct svc s;
	json_t *docs;
	const char *next;

	if (web_svc(req, &s, e) < 0 ||
	    participation_load(&s, req_param(req, "id")->i, &p, e) < 0)
		return -1;
	if ((rep->model = json_object()) == NULL ||
	    participation_header(req, &p, STAGE_MAX, rep->model, e) < 0 ||
	    (docs = documents_list(&s, p.id, e)) == NULL)
		return -1;
	next = next_step(req, &p);
	json_object_set_new(rep->model, "page_title",
	    json_sprintf("%s — %s", p.unit_name, p.cycle_title));
	json_object_set_new(rep->model, "documents", docs);
	json_object_set_new(rep->model, "has_documents",
	    json_boolean(json_array_size(docs) > 0));
	json_object_set_new(rep->model, "next", json_string(next));
	return 0;
}

/* The addresses this file answers, with their declared inputs. */

/* clang-format off */
static const struct route routes[] = {
	ROUTE_GET("/partisipasi/{id}", participation_page, "participation", SIGNED_IN,
	    .params = route_params_id, .kept = true,
	    .about = "One unit in one cycle: where it stands, stage by stage, with its timeline"),
};
/* clang-format on */
ROUTE_TABLE(participation_routes, routes);

json_t *
participation_assessment_nav(struct request *req, int64_t id)
{
	static const struct {
		const char *key;  /* catalog key of the label */
		const char *page; /* after /partisipasi/{id}/ */
	} pages[] = {
		{ "assessment.nav.evidence", "penilaian" },
		{ "assessment.nav.verification", "verifikasi" },
		{ "assessment.nav.assignments", "penugasan" },
		{ "scores.nav", "skor" },
		{ "result.nav", "hasil-penilaian" },
		{ "decree.award.nav", "penetapan" },
	};
	json_t *nav = json_array();
	size_t i;

	for (i = 0; nav != NULL && i < sizeof(pages) / sizeof(pages[0]); i++)
		if (json_array_append_new(nav,
			json_pack("{s:s, s:o}", "label",
			    i18n_get(req_lang(req), pages[i].key), "href",
			    json_sprintf("/partisipasi/%lld/%s", (long long)id,
				pages[i].page))) < 0) {
			json_decref(nav);
			return NULL;
		}
	return nav;
}
