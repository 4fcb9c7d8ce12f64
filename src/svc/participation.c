/*
 * participation.c - one unit in one cycle: loading, the stage machine's
 * guard in the user's language, transitions with their timeline and audit
 * entries (see participation.h).
 */
#include <stdio.h>
#include <string.h>

#include "svc/audit.h"
#include "svc/notify.h"
#include "svc/participation.h"
#include "base/buf.h"
#include "core/unit_type.h"

/* The catalog's text for key: the key itself, copied, when the catalog
 * lacks it. */
static const char *
lookup(struct arena *a, enum lang l, const char *key)
{
	const char *m = i18n_get(l, key);

	return m == key ? arena_strdup(a, key) : m;
}

const char *
participation_stage_name(struct arena *a, enum lang l, enum stage s)
{
	char key[64];

	snprintf(key, sizeof(key), "stage.%s.name", stage_code(s));
	return lookup(a, l, key);
}

const char *
participation_state_label(struct arena *a, enum lang l, enum pstate state)
{
	char key[64];

	snprintf(key, sizeof(key), "state.%s", pstate_code(state));
	return lookup(a, l, key);
}

const char *
participation_stages_phrase(struct arena *a, enum lang l, const struct cycle_window *w, size_t n)
{
	struct buf b;
	const char *out;
	size_t i, k;

	buf_init(&b, 0);
	for (i = 0; i < n; i++) {
		if (i > 0 && i + 1 < n)
			buf_printf(&b, ", ");
		else if (i > 0)
			buf_printf(&b, " %s ", i18n_get(l, "state.finished_and"));
		k = b.len;
		buf_printf(&b, "%s", participation_stage_name(a, l, w[i].stage));
		for (; k < b.len; k++)
			if (b.data[k] >= 'A' && b.data[k] <= 'Z')
				b.data[k] = (char)(b.data[k] - 'A' + 'a');
	}
	out = b.failed ? NULL : arena_strndup(a, buf_cstr(&b), b.len);
	buf_free(&b);
	return out != NULL ? out : "";
}

const char *
participation_standing_label(struct arena *a, enum lang l, enum stage stage,
    enum pstate state, const struct cycle_window *w, size_t n)
{
	if (!machine_finished(stage, state, w, n))
		return participation_state_label(a, l, state);
	return i18n_subst(a, i18n_get(l, "state.finished"), "stages",
	    participation_stages_phrase(a, l, w, n), (const char *)NULL);
}

const char *
participation_time(struct arena *a, enum lang l, const struct participation *p, time_t t)
{
	return time_local_text(a, t, tz_offset(p->tz), tz_code(p->tz), i18n_time_lang(l),
	    TIME_DATE_TIME);
}

char *
participation_today(const struct participation *p, time_t now, char out[TIME_DATE_LEN])
{
	return time_local_date(now, tz_offset(p->tz), out);
}

static const char *
dup(struct arena *a, json_t *row, const char *key)
{
	const char *s = json_string_value(json_object_get(row, key));

	return arena_strdup(a, s ? s : "");
}

static int64_t
num(json_t *row, const char *key)
{
	return json_integer_value(json_object_get(row, key));
}

int
participation_cycle_windows(struct svc *s, int64_t cycle_id,
    struct cycle_window w[STAGE_MAX], size_t *n, struct err *e)
{
	json_t *rows = NULL, *row;
	time_t o, d;
	size_t i;
	enum stage st;

	*n = 0;
	if (db_exec(s->c, DB_CYCLE_STAGES, (struct db_param[]){ DBP_INT(cycle_id) }, 1,
		&rows, e) < 0)
		return -1;
	json_array_foreach(rows, i, row) {
		st = stage_parse(json_string_value(json_object_get(row, "stage")));
		if (st == STAGE_MAX || *n == STAGE_MAX ||
		    time_parse_iso(json_string_value(json_object_get(row, "opens_at")), &o) < 0 ||
		    time_parse_iso(json_string_value(json_object_get(row, "deadline_at")),
			&d) < 0)
			continue;
		w[(*n)++] = (struct cycle_window){ st, o, d };
	}
	json_decref(rows);
	return 0;
}

int
participation_load(struct svc *s, int64_t id, struct participation *p, struct err *e)
{
	const struct province *prov;
	json_t *row;

	memset(p, 0, sizeof(*p));
	if ((row = db_row(s->c, DB_PARTICIPATION_GET, id, "participation", e)) == NULL)
		return -1;
	p->id = id;
	p->cycle_id = num(row, "cycle_id");
	p->cycle_title = dup(s->arena, row, "cycle_title");
	p->cycle_year = (int)num(row, "cycle_year");
	p->rulebook_id = num(row, "rulebook_id");
	p->unit_id = num(row, "unit_id");
	p->unit_name = dup(s->arena, row, "unit_name");
	p->unit_type = dup(s->arena, row, "unit_type");
	p->head_name = dup(s->arena, row, "head_name");
	p->head_title = dup(s->arena, row, "head_title");
	p->province = (int)num(row, "province_code");
	p->organization_id = num(row, "organization_id");
	p->stage = stage_parse(json_string_value(json_object_get(row, "stage")));
	p->state = pstate_parse(json_string_value(json_object_get(row, "state")));
	json_decref(row);
	prov = province_find(p->province);
	p->province_name = prov ? prov->name : "";
	p->tz = prov ? prov->tz : TZ_WIB;
	p->ref = (struct object_ref){ .type = OBJ_PARTICIPATION,
		.id = id,
		.at = { .province = p->province,
		    .organization = p->organization_id,
		    .unit = p->unit_id,
		    .participation = id } };
	if (svc_authorize(s, ACT_VIEW, &p->ref, e) < 0 ||
	    participation_cycle_windows(s, p->cycle_id, p->windows, &p->nwindows, e) < 0)
		return -1;
	return p->id ? 0 : -1;
}

static enum machine_refusal
check(struct svc *s, const struct participation *p, enum transition t, bool complete,
    struct machine_step *step)
{
	/* clang-format off */
	struct machine_input in = {
		.stage = p->stage, .state = p->state, .windows = p->windows,
		.nwindows = p->nwindows, .now = s->now, .who = s->who, .obj = &p->ref,
		.complete = complete, .round_deadline = p->round_deadline,
	};
	/* clang-format on */

	return machine_check(&in, t, step);
}

/* The refusal of a role that may not make t: who may, in s's language. */
static int
denied(struct svc *s, enum transition t, struct err *e)
{
	char key[64];

	snprintf(key, sizeof(key), "participation.denied.%s", transition_code(t));
	err_set(e, ERR_DENIED, "%s", lookup(s->arena, s->lang, key));
	return -1;
}

int
participation_authorize(struct svc *s, const struct participation *p, enum transition t,
    struct err *e)
{
	switch (machine_policy(s->who, t, &p->ref)) {
	case POLICY_ALLOW:
		return 0;
	case POLICY_DENY:
		return denied(s, t, e);
	default:
		err_set(e, ERR_NOT_FOUND, "outside the user's scope");
		return -1;
	}
}

bool
participation_may(struct svc *s, const struct participation *p, enum transition t, bool complete)
{
	struct machine_step step;

	return check(s, p, t, complete, &step) == MR_OK;
}

int
participation_guard(struct svc *s, const struct participation *p, enum transition t,
    bool complete, struct machine_step *step, struct err *e)
{
	enum machine_refusal r = check(s, p, t, complete, step);
	enum stage st = transition_stage(t);
	struct arena *a = s->arena;
	enum lang l = s->lang;
	char key[64];
	const char *msg;

	switch (r) {
	case MR_OK:
		return 0;
	case MR_HIDDEN:
		err_set(e, ERR_NOT_FOUND, "outside the user's scope");
		return -1;
	case MR_DENIED:
		return denied(s, t, e);
	default:
		break;
	}
	snprintf(key, sizeof(key), "participation.refusal.%s", machine_refusal_code(r));
	msg = i18n_subst(a, lookup(a, l, key), "stage", participation_stage_name(a, l, st),
	    "now_stage", participation_stage_name(a, l, p->stage), "state",
	    participation_standing_label(a, l, p->stage, p->state, p->windows, p->nwindows),
	    "opens", step->window ? participation_time(a, l, p, step->window->opens) : "",
	    "deadline", step->window ? participation_time(a, l, p, step->window->deadline) : "",
	    "round_deadline",
	    p->round_deadline ? participation_time(a, l, p, p->round_deadline) : "",
	    (const char *)NULL);
	err_set(e, ERR_REFUSED, "%s", msg);
	return -1;
}

static int
insert_event(struct svc *s, int64_t id, const char *what, enum stage stage,
    enum pstate state, const char *note, struct err *e)
{
	char now[TIME_ISO_LEN];

	time_iso(s->now, now);
	if (db_exec(s->c, DB_PARTICIPATION_EVENT_INSERT,
		(struct db_param[]){ DBP_INT(id), DBP_TEXT(now),
		    s->actor_id ? DBP_INT(s->actor_id) : DBP_NULL, DBP_TEXT(what),
		    DBP_TEXT(stage_code(stage)), DBP_TEXT(pstate_code(state)),
		    note ? DBP_TEXT(note) : DBP_NULL },
		7, NULL, e) < 0)
		return -1;
	/* Who the event concerns hears of it in the same transaction. */
	return notify_event(s, id, what, NULL, NULL, e);
}

int
participation_apply(struct svc *s, struct participation *p, enum transition t,
    const struct machine_step *step, const char *note, struct err *e)
{
	char now[TIME_ISO_LEN], action[64];
	json_t *summary;

	time_iso(s->now, now);
	if (svc_exec_moved(s, DB_PARTICIPATION_MOVE,
		(struct db_param[]){ DBP_INT(p->id), DBP_TEXT(stage_code(p->stage)),
		    DBP_TEXT(pstate_code(p->state)), DBP_TEXT(stage_code(step->stage)),
		    DBP_TEXT(pstate_code(step->state)), DBP_TEXT(now) },
		6, e) < 0)
		return -1;
	if (insert_event(s, p->id, transition_code(t), step->stage, step->state, note, e) < 0)
		return -1;
	summary = json_pack("{s:s, s:s, s:s, s:s}", "from_stage", stage_code(p->stage),
	    "from_state", pstate_code(p->state), "stage", stage_code(step->stage),
	    "state", pstate_code(step->state));
	if (summary != NULL && note != NULL)
		json_object_set_new(summary, "note", json_string(note));
	snprintf(action, sizeof(action), "participation.%s", transition_code(t));
	if (svc_audit_new(s, action, "participation", p->id, summary, e) < 0)
		return -1;
	p->stage = step->stage;
	p->state = step->state;
	return 0;
}

int
participation_event(struct svc *s, const struct participation *p, const char *what,
    const char *note, struct err *e)
{
	return insert_event(s, p->id, what, p->stage, p->state, note, e);
}

int
participation_event_audit(struct svc *s, const struct participation *p, const char *what,
    const char *note, const char *action, json_t *summary, struct err *e)
{
	if (participation_event(s, p, what, note, e) < 0) {
		json_decref(summary);
		return -1;
	}
	return svc_audit_new(s, action, "participation", p->id, summary, e);
}

struct rulebook *
participation_rulebook(struct svc *s, const struct participation *p, struct err *e)
{
	return rulebook_load_in(s->c, s->arena, p->rulebook_id, e);
}
