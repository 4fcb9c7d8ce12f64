/*
 * participation.c - one unit in one cycle: loading, the stage machine's
 * guard in the user's language, transitions with their timeline and audit
 * entries, the header of the stage pages, and the overview page
 * /partisipasi/{id} with its timeline.
 */
#include <string.h>
#include <time.h>

#include "web/app.h"
#include "svc/audit.h"
#include "web/auth.h"
#include "svc/documents.h"
#include "web/stages/participation.h"
#include "base/timefmt.h"
#include "core/unit_type.h"
#include "web/routes.h"

/* The stages that have their own page under /partisipasi/{id}/. */
static bool
has_page(enum stage s)
{
	return s == STAGE_DECLARATION || s == STAGE_BUILDING || s == STAGE_EVALUATION;
}

/* t in p's zone, in the user's language: "29 November 2026 18.00 WITA". */
static const char *
local_time(struct request *req, const struct participation *p, time_t t)
{
	return time_local_text(&req->arena, t, tz_offset(p->tz), tz_code(p->tz),
	    i18n_time_lang(req_lang(req)), TIME_DATE_TIME);
}

const char *
participation_zone_time(struct request *req, enum tz tz, const char *iso,
    enum time_style s)
{
	return time_iso_text(&req->arena, iso, tz_offset(tz), tz_code(tz),
	    i18n_time_lang(req_lang(req)), s);
}

const char *
participation_local_time(struct request *req, const struct participation *p, const char *iso)
{
	return participation_zone_time(req, p->tz, iso, TIME_DATE_TIME);
}

char *
participation_today(const struct participation *p, char out[TIME_DATE_LEN])
{
	return time_local_date(time(NULL), tz_offset(p->tz), out);
}

/* The catalog's text for key (a stack buffer of the caller): the key
 * itself, copied, when the catalog lacks it. */
static const char *
lookup(struct request *req, const char *key)
{
	const char *m = i18n_get(req_lang(req), key);

	return m == key ? arena_strdup(&req->arena, key) : m;
}

static const char *
stage_name(struct request *req, enum stage s)
{
	char key[64];

	snprintf(key, sizeof(key), "stage.%s.name", stage_code(s));
	return lookup(req, key);
}

static const char *
state_label(struct request *req, const char *state)
{
	char key[64];

	snprintf(key, sizeof(key), "state.%s", state);
	return lookup(req, key);
}

static const char *
dup(struct request *req, json_t *row, const char *key)
{
	const char *s = json_string_value(json_object_get(row, key));

	return arena_strdup(&req->arena, s ? s : "");
}

static int64_t
num(json_t *row, const char *key)
{
	return json_integer_value(json_object_get(row, key));
}

int
participation_load(struct request *req, struct db_conn *c, int64_t id,
    struct participation *p, struct err *e)
{
	const struct province *prov;
	json_t *rows = NULL, *row, *w = NULL;
	time_t o, d;
	size_t i;
	enum stage s;

	memset(p, 0, sizeof(*p));
	if (db_exec(c, DB_PARTICIPATION_GET, (struct db_param[]){ DBP_INT(id) }, 1, &rows,
	    e) < 0)
		return -1;
	if ((row = json_array_get(rows, 0)) == NULL) {
		json_decref(rows);
		err_set(e, ERR_NOT_FOUND, "no such participation");
		return -1;
	}
	p->id = id;
	p->cycle_id = num(row, "cycle_id");
	p->cycle_title = dup(req, row, "cycle_title");
	p->cycle_year = (int)num(row, "cycle_year");
	p->rulebook_id = num(row, "rulebook_id");
	p->unit_id = num(row, "unit_id");
	p->unit_name = dup(req, row, "unit_name");
	p->unit_type = dup(req, row, "unit_type");
	p->head_name = dup(req, row, "head_name");
	p->head_title = dup(req, row, "head_title");
	p->province = (int)num(row, "province_code");
	p->organization_id = num(row, "organization_id");
	p->stage = stage_parse(json_string_value(json_object_get(row, "stage")));
	p->state = dup(req, row, "state");
	json_decref(rows);
	prov = province_find(p->province);
	p->province_name = prov ? prov->name : "";
	p->tz = prov ? prov->tz : TZ_WIB;
	p->ref = (struct object_ref){ .type = OBJ_PARTICIPATION, .id = id,
	    .at = { .province = p->province, .organization = p->organization_id,
	    .unit = p->unit_id, .participation = id } };
	if (app_authorize(req, ACT_VIEW, &p->ref, e) < 0)
		return -1;
	if (db_exec(c, DB_CYCLE_STAGES, (struct db_param[]){ DBP_INT(p->cycle_id) }, 1, &w,
	    e) < 0)
		return -1;
	json_array_foreach(w, i, row) {
		s = stage_parse(json_string_value(json_object_get(row, "stage")));
		if (s == STAGE_MAX || p->nwindows == STAGE_MAX ||
		    time_parse_iso(json_string_value(json_object_get(row, "opens_at")), &o) < 0 ||
		    time_parse_iso(json_string_value(json_object_get(row, "deadline_at")), &d) < 0)
			continue;
		p->windows[p->nwindows++] = (struct cycle_window){ s, o, d };
	}
	json_decref(w);
	return p->id ? 0 : -1;
}

static enum machine_refusal
check(struct request *req, const struct participation *p, enum transition t,
    bool complete, struct machine_step *step)
{
	struct machine_input in = {
		.stage = p->stage, .state = p->state, .windows = p->windows,
		.nwindows = p->nwindows, .now = time(NULL),
		.who = &req_auth(req)->principal, .obj = &p->ref, .complete = complete,
	};

	return machine_check(&in, t, step);
}

bool
participation_may(struct request *req, const struct participation *p, enum transition t,
    bool complete)
{
	struct machine_step step;

	return check(req, p, t, complete, &step) == MR_OK;
}

int
participation_guard(struct request *req, const struct participation *p,
    enum transition t, bool complete, struct machine_step *step, struct err *e)
{
	enum machine_refusal r = check(req, p, t, complete, step);
	enum stage s = transition_stage(t);
	char key[64];
	const char *msg;

	switch (r) {
	case MR_OK:
		return 0;
	case MR_HIDDEN:
		err_set(e, ERR_NOT_FOUND, "outside the user's scope");
		return -1;
	case MR_DENIED:
		err_set(e, ERR_FORBIDDEN, "%s not allowed", transition_code(t));
		return -1;
	default:
		break;
	}
	snprintf(key, sizeof(key), "participation.refusal.%s", machine_refusal_code(r));
	msg = i18n_subst(&req->arena, lookup(req, key), "stage", stage_name(req, s),
	    "now_stage", stage_name(req, p->stage), "state", state_label(req, p->state),
	    "opens", step->window ? local_time(req, p, step->window->opens) : "",
	    "deadline", step->window ? local_time(req, p, step->window->deadline) : "",
	    (const char *)NULL);
	err_set(e, ERR_REFUSED, "%s", msg);
	return -1;
}

static int
insert_event(struct request *req, struct db_conn *c, int64_t id, const char *what,
    const char *stage, const char *state, const char *note, struct err *e)
{
	char now[TIME_ISO_LEN];
	int64_t actor = req_auth(req)->user_id;

	time_iso(time(NULL), now);
	return db_exec(c, DB_PARTICIPATION_EVENT_INSERT, (struct db_param[]){ DBP_INT(id),
	    DBP_TEXT(now), actor ? DBP_INT(actor) : DBP_NULL, DBP_TEXT(what),
	    DBP_TEXT(stage), DBP_TEXT(state), note ? DBP_TEXT(note) : DBP_NULL }, 7, NULL, e);
}

int
participation_apply(struct request *req, struct db_conn *c, struct participation *p,
    enum transition t, const struct machine_step *step, const char *note, struct err *e)
{
	char now[TIME_ISO_LEN], action[64];
	json_t *rows = NULL, *summary;
	bool moved;

	time_iso(time(NULL), now);
	if (db_exec(c, DB_PARTICIPATION_MOVE, (struct db_param[]){ DBP_INT(p->id),
	    DBP_TEXT(stage_code(p->stage)), DBP_TEXT(p->state),
	    DBP_TEXT(stage_code(step->stage)), DBP_TEXT(step->state), DBP_TEXT(now) }, 6,
	    &rows, e) < 0)
		return -1;
	moved = json_array_size(rows) == 1;
	json_decref(rows);
	if (!moved) {
		err_set(e, ERR_REFUSED, "%s",
		    i18n_get(req_lang(req), "participation.refusal.changed"));
		return -1;
	}
	if (insert_event(req, c, p->id, transition_code(t), stage_code(step->stage),
	    step->state, note, e) < 0)
		return -1;
	summary = json_pack("{s:s, s:s, s:s, s:s}", "from_stage", stage_code(p->stage),
	    "from_state", p->state, "stage", stage_code(step->stage), "state", step->state);
	if (summary != NULL && note != NULL)
		json_object_set_new(summary, "note", json_string(note));
	snprintf(action, sizeof(action), "participation.%s", transition_code(t));
	if (audit_record_new(req, c, action, "participation", p->id, summary, e) < 0)
		return -1;
	p->stage = step->stage;
	p->state = step->state;
	return 0;
}

int
participation_event(struct request *req, struct db_conn *c, const struct participation *p,
    const char *what, const char *note, struct err *e)
{
	return insert_event(req, c, p->id, what, stage_code(p->stage), p->state, note, e);
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
	key = now < w->opens ? "participation.window.not_open" :
	    "participation.window.closed_notice";
	app_notice(model, false, i18n_subst(&req->arena, i18n_get(req_lang(req), key), "stage",
	    stage_name(req, s), "opens", local_time(req, p, w->opens),
	    "deadline", local_time(req, p, w->deadline), (const char *)NULL));
	return true;
}

bool
participation_refusal_take(struct err *e, struct err *r)
{
	if (e->status == 403 || e->status == 404 || e->status >= 500)
		return false;
	*r = *e;
	err_clear(e);
	return true;
}

void
participation_refusal_show(struct request *req, struct reply *rep, const struct err *r)
{
	app_notice(rep->model, true, arena_strdup(&req->arena, r->msg));
	json_object_set_new(rep->model, "refusal", json_pack("{s:i, s:s}", "status",
	    r->status, "message", r->msg));
	rep->status = r->status;
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
		const char *status = now < w->opens ? "upcoming" : now > w->deadline ?
		    "closed" : "open";

		snprintf(key, sizeof(key), "participation.window.%s", status);
		json_array_append_new(tabs, json_pack("{s:s, s:s, s:o, s:b, s:b, s:s, s:s, s:s}",
		    "code", stage_code(w->stage), "label", stage_name(req, w->stage),
		    "href", has_page(w->stage) ? json_sprintf("/partisipasi/%lld/%s",
		    (long long)p->id, stage_code(w->stage)) : json_null(),
		    "current", w->stage == tab, "here", w->stage == p->stage,
		    "opens", local_time(req, p, w->opens),
		    "deadline", local_time(req, p, w->deadline),
		    "status", i18n_get(l, key)));
	}
	t = unit_type_find(p->unit_type);
	part = json_pack("{s:I, s:{s:I, s:s, s:s, s:s, s:s}, s:{s:I, s:s, s:i},"
	    " s:s, s:s, s:s, s:s, s:b}",
	    "id", (json_int_t)p->id,
	    "unit", "id", (json_int_t)p->unit_id, "name", p->unit_name, "type", p->unit_type,
	    "type_label", t ? (l == LANG_EN ? t->name_en : t->name_id) : p->unit_type,
	    "province", p->province_name,
	    "cycle", "id", (json_int_t)p->cycle_id, "title", p->cycle_title,
	    "year", p->cycle_year,
	    "stage", stage_code(p->stage), "stage_label", stage_name(req, p->stage),
	    "state", p->state, "state_label", state_label(req, p->state),
	    "ended", !machine_open(p->stage, p->state, p->windows, p->nwindows));
	if (tabs == NULL || part == NULL) {
		json_decref(tabs);
		json_decref(part);
		err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	json_object_set_new(model, "participation", part);
	json_object_set_new(model, "tabs", tabs);
	json_object_set_new(model, "tab_current", json_string(tab < STAGE_MAX ?
	    stage_code(tab) : ""));
	json_object_set_new(model, "overview_current", json_boolean(tab == STAGE_MAX));
	if ((c = req_db(req, e)) == NULL || (events = timeline(req, c, p, tab, e)) == NULL)
		return -1;
	json_object_set_new(model, "has_timeline", json_boolean(json_array_size(events) > 0));
	json_object_set_new(model, "timeline", events);
	return 0;
}

struct rulebook *
participation_rulebook(struct request *req, struct db_conn *c,
    const struct participation *p, struct err *e)
{
	return rulebook_load_parsed(req, c, p->rulebook_id, e);
}

struct rulebook *
rulebook_load_parsed(struct request *req, struct db_conn *c, int64_t id, struct err *e)
{
	return rulebook_load_in(c, &req->arena, id, e);
}

struct rulebook *
rulebook_load_in(struct db_conn *c, struct arena *a, int64_t id, struct err *e)
{
	const char *known[UNIT_TYPE_MAX];
	struct rulebook_problems pr = { 0 };
	struct rulebook *rb = NULL;
	json_t *rows = NULL, *doc;
	const char *body;

	if (db_exec(c, DB_RULEBOOK_GET, (struct db_param[]){ DBP_INT(id) }, 1, &rows, e) < 0)
		return NULL;
	body = json_string_value(json_object_get(json_array_get(rows, 0), "body"));
	unit_type_codes(known);
	if (body != NULL && (doc = rulebook_json_load(body, strlen(body), a, &pr)) != NULL) {
		rb = rulebook_parse(doc, known, UNIT_TYPE_MAX, a, &pr);
		json_decref(doc);
	}
	json_decref(rows);
	if (rb == NULL)
		err_set(e, ERR_NOT_FOUND, "no usable rulebook %lld", (long long)id);
	return rb;
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

	if (db_exec(c, DB_PARTICIPATION_EVENTS, (struct db_param[]){ DBP_INT(p->id) }, 1,
	    &rows, e) < 0)
		return NULL;
	for (i = 0; i < json_array_size(rows); ) {
		if (s != STAGE_MAX && !event_in(json_array_get(rows, i), s))
			json_array_remove(rows, i);
		else
			i++;
	}
	json_array_foreach(rows, i, row) {
		snprintf(key, sizeof(key), "participation.event.%s",
		    json_string_value(json_object_get(row, "what")));
		json_object_set_new(row, "label", json_string(lookup(req, key)));
		json_object_set_new(row, "state_label", json_string(state_label(req,
		    json_string_value(json_object_get(row, "state")))));
		json_object_set_new(row, "when", json_string(participation_local_time(req, p,
		    json_string_value(json_object_get(row, "at")))));
		if (json_is_null(json_object_get(row, "actor_name")))
			json_object_set_new(row, "actor_name", json_string(i18n_get(l,
			    "participation.system")));
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
		    strcmp(p->state, "failed") == 0 ? "failed" : "ended");
	else
		snprintf(key, sizeof(key), "participation.next.%s", p->state);
	return lookup(req, key);
}

static int
participation_page(struct request *req, struct reply *rep, struct err *e)
{
	struct participation p;
	struct db_conn *c;
	json_t *docs;
	const char *next;

	if ((c = req_db(req, e)) == NULL ||
	    participation_load(req, c, req_param(req, "id")->i, &p, e) < 0)
		return -1;
	if ((rep->model = json_object()) == NULL ||
	    participation_header(req, &p, STAGE_MAX, rep->model, e) < 0 ||
	    (docs = documents_list(req, c, p.id, e)) == NULL)
		return -1;
	next = next_step(req, &p);
	json_object_set_new(rep->model, "page_title", json_sprintf("%s — %s", p.unit_name,
	    p.cycle_title));
	json_object_set_new(rep->model, "documents", docs);
	json_object_set_new(rep->model, "has_documents", json_boolean(json_array_size(docs) > 0));
	json_object_set_new(rep->model, "next", json_string(next));
	return 0;
}

/* The addresses this file answers, with their declared inputs. */

static const struct route routes[] = {
	{ .method = HTTP_GET, .pattern = "/partisipasi/{id}", .handler = participation_page,
	  .template = "participation", .login = true, .params = route_params_id },
};
ROUTE_TABLE(participation_routes, routes);
