/*
 * notify_read.c - what a person reads of notifications: the list with its
 * unread count, marking read, their e-mail choices, and the desk of the
 * signed-in home page (see notify.h).
 */
#include <stdio.h>
#include <string.h>

#include "svc/audit.h"
#include "svc/notify.h"
#include "base/timefmt.h"
#include "core/region.h"
#include "core/stage.h"
#include "svc/participation.h"

#define LIST_MAX 100 /* notifications a page shows */

long
notify_unread(struct db_conn *c, int64_t user)
{
	json_t *rows = NULL;
	struct err e;
	long n = 0;

	err_clear(&e);
	if (db_exec(c, DB_NOTIFICATION_UNREAD, (struct db_param[]){ DBP_INT(user) }, 1,
		&rows, &e) == 0)
		n = (long)json_integer_value(json_object_get(json_array_get(rows, 0), "n"));
	json_decref(rows);
	return n;
}

static const char *
str(json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));

	return v != NULL ? v : "";
}

/* An instant stored as ISO-8601 UTC in zone z, as people read it. */
static const char *
when(struct svc *s, const char *iso, enum tz z)
{
	time_t t;

	if (strlen(iso) == 10 || time_parse_iso(iso, &t) < 0)
		return iso; /* a date already */
	return time_local_text(s->arena, t, tz_offset(z), tz_code(z),
	    i18n_time_lang(s->lang), TIME_DATE_TIME);
}

json_t *
notify_list(struct svc *s, struct err *e)
{
	json_t *rows = NULL, *row, *out = json_array(), *params;
	const struct province *pv;
	const char *title, *text;
	size_t i;

	if (out == NULL ||
	    db_exec(s->c, DB_NOTIFICATION_LIST,
		(struct db_param[]){ DBP_INT(s->actor_id), DBP_INT(INT64_MAX), DBP_INT(LIST_MAX) },
		3, &rows, e) < 0) {
		json_decref(out);
		return NULL;
	}
	json_array_foreach(rows, i, row) {
		params = json_loads(str(row, "params"), 0, NULL);
		notify_words(s->arena, s->lang, str(row, "kind"), params, &title, &text);
		json_array_append_new(out,
		    json_pack("{s:O, s:s, s:s, s:s, s:s, s:b}", "id",
			json_object_get(row, "id"), "kind", str(row, "kind"), "title",
			title, "text", text, "href", str(row, "href"), "unread",
			json_is_null(json_object_get(row, "read_at"))));
		/* Told in the zone of the unit it is about. */
		pv = province_find(
		    (int)json_integer_value(json_object_get(params, "province")));
		json_object_set_new(json_array_get(out, json_array_size(out) - 1), "at",
		    json_string(when(s, str(row, "created_at"), pv != NULL ? pv->tz : TZ_WIB)));
		json_decref(params);
	}
	json_decref(rows);
	return out;
}

/*
 * What a person has read shows in every page's layout (the unread count),
 * and signed-in pages are kept at the data's version (web/pagecache.h):
 * so marking read appends to the audit log in its transaction, which
 * moves the version on every server, as any other write does.
 */
int
notify_mark_read(struct svc *s, int64_t id, struct err *e)
{
	json_t *rows = NULL, *all = NULL, *row;
	char now[TIME_ISO_LEN];
	size_t i;
	bool mine = false;

	time_iso(s->now, now);
	if (svc_begin(s, e) < 0)
		return -1;
	if (db_exec(s->c, DB_NOTIFICATION_READ,
		(struct db_param[]){ DBP_INT(s->actor_id), DBP_INT(id), DBP_TEXT(now) },
		3, &rows, e) < 0)
		goto fail;
	mine = json_array_size(rows) > 0;
	json_decref(rows);
	if (mine) {
		return svc_audit_commit(s, "notification.read", "notification", id, NULL, e);
	}
	svc_rollback(s);
	/* Read already, or not theirs: only the second is refused. */
	if (db_exec(s->c, DB_NOTIFICATION_LIST,
		(struct db_param[]){ DBP_INT(s->actor_id), DBP_INT(id + 1), DBP_INT(1) },
		3, &all, e) < 0)
		return -1;
	json_array_foreach(all, i, row)
		if (json_integer_value(json_object_get(row, "id")) == id)
			mine = true;
	json_decref(all);
	if (!mine) {
		err_set(e, ERR_NOT_FOUND, "no such notification");
		return -1;
	}
	return 0;
fail:
	svc_rollback(s);
	return -1;
}

int
notify_mark_all_read(struct svc *s, struct err *e)
{
	char now[TIME_ISO_LEN];

	time_iso(s->now, now);
	if (svc_begin(s, e) < 0)
		return -1;
	if (db_exec(s->c, DB_NOTIFICATION_READ_ALL,
		(struct db_param[]){ DBP_INT(s->actor_id), DBP_TEXT(now) }, 2, NULL, e) < 0) {
		svc_rollback(s);
		return -1;
	}
	return svc_audit_commit(s, "notification.read_all", "user", s->actor_id, NULL, e);
}

json_t *
notify_prefs_get(struct svc *s, struct err *e)
{
	json_t *rows = NULL, *off = json_array(), *row, *out;
	const char *lang = "id";
	size_t i;

	if (db_exec(s->c, DB_NOTIFY_MAIL_OFF_LIST,
		(struct db_param[]){ DBP_INT(s->actor_id) }, 1, &rows, e) < 0) {
		json_decref(off);
		return NULL;
	}
	json_array_foreach(rows, i, row)
		json_array_append_new(off, json_string(str(row, "kind")));
	json_decref(rows);
	rows = NULL;
	if (db_exec(s->c, DB_NOTIFY_SETTING_GET,
		(struct db_param[]){ DBP_INT(s->actor_id) }, 1, &rows, e) < 0) {
		json_decref(off);
		return NULL;
	}
	if (json_array_size(rows) > 0)
		lang = arena_strdup(s->arena, str(json_array_get(rows, 0), "lang"));
	json_decref(rows);
	out = json_pack("{s:s, s:o}", "lang", lang, "off", off);
	if (out == NULL)
		err_set(e, ERR_NOMEM, "out of memory");
	return out;
}

int
notify_prefs_set(struct svc *s, const char *const *off, size_t count, enum lang lang,
    struct err *e)
{
	char now[TIME_ISO_LEN];
	size_t i;

	time_iso(s->now, now);
	if (svc_begin(s, e) < 0)
		return -1;
	if (db_exec(s->c, DB_NOTIFY_MAIL_OFF_CLEAR,
		(struct db_param[]){ DBP_INT(s->actor_id) }, 1, NULL, e) < 0)
		goto fail;
	for (i = 0; i < count; i++)
		if (notify_kind_parse(off[i]) != NK_MAX &&
		    db_exec(s->c, DB_NOTIFY_MAIL_OFF_ADD,
			(struct db_param[]){ DBP_INT(s->actor_id), DBP_TEXT(off[i]) }, 2,
			NULL, e) < 0)
			goto fail;
	if (db_exec(s->c, DB_NOTIFY_SETTING_PUT,
		(struct db_param[]){ DBP_INT(s->actor_id), DBP_TEXT(i18n_code(lang)),
		    DBP_TEXT(now) },
		3, NULL, e) < 0)
		goto fail;
	return svc_commit(s, e);
fail:
	svc_rollback(s);
	return -1;
}

/* The zone of province code. */
static enum tz
zone_of(json_t *row)
{
	const struct province *p = province_find(
	    (int)json_integer_value(json_object_get(row, "province_code")));

	return p != NULL ? p->tz : TZ_WIB;
}

/* What waits for the actor, one entry per participation. */
static json_t *
desk_waiting(struct svc *s, struct err *e)
{
	json_t *rows = NULL, *row, *out = json_array();
	char now[TIME_ISO_LEN], key[96];
	enum stage st;
	size_t i;

	time_iso(s->now, now);
	if (db_exec(s->c, DB_DESK_WAITING,
		(struct db_param[]){ DBP_INT(s->actor_id), DBP_TEXT(now) }, 2, &rows, e) < 0) {
		json_decref(out);
		return NULL;
	}
	json_array_foreach(rows, i, row) {
		snprintf(key, sizeof(key), "notify.desk.todo.%s", str(row, "state"));
		st = stage_parse(str(row, "stage"));
		json_array_append_new(out,
		    json_pack("{s:O, s:s, s:s, s:s, s:s, s:s}", "participation_id",
			json_object_get(row, "participation_id"), "todo", svc_msg(s, key),
			"unit", str(row, "unit_name"), "cycle", str(row, "cycle_title"), "stage",
			st < STAGE_MAX ? participation_stage_name(s->arena, s->lang, st) : "",
			"deadline", when(s, str(row, "deadline"), zone_of(row))));
	}
	json_decref(rows);
	return out;
}

/* Follow-up actions waiting for the actor. */
static json_t *
desk_actions(struct svc *s, struct err *e)
{
	json_t *rows = NULL, *row, *out = json_array();
	char key[64];
	size_t i;

	if (db_exec(s->c, DB_DESK_ACTIONS, (struct db_param[]){ DBP_INT(s->actor_id) }, 1,
		&rows, e) < 0) {
		json_decref(out);
		return NULL;
	}
	json_array_foreach(rows, i, row) {
		snprintf(key, sizeof(key), "notify.desk.action.%s", str(row, "status"));
		json_array_append_new(out,
		    json_pack("{s:O, s:O, s:s, s:s, s:s, s:s}", "id",
			json_object_get(row, "id"), "participation_id",
			json_object_get(row, "participation_id"), "todo", svc_msg(s, key),
			"description", str(row, "description"), "unit", str(row, "unit_name"),
			"due", when(s, str(row, "due_at"), zone_of(row))));
	}
	json_decref(rows);
	return out;
}

/* The participations of the actor's units and assignments. */
static json_t *
desk_participations(struct svc *s, struct err *e)
{
	json_t *rows = NULL, *row, *out = json_array();
	enum stage st;
	enum pstate ps;
	size_t i;

	if (db_exec(s->c, DB_DESK_PARTICIPATIONS,
		(struct db_param[]){ DBP_INT(s->actor_id) }, 1, &rows, e) < 0) {
		json_decref(out);
		return NULL;
	}
	json_array_foreach(rows, i, row) {
		st = stage_parse(str(row, "stage"));
		ps = pstate_parse(str(row, "state"));
		json_array_append_new(out,
		    json_pack("{s:O, s:s, s:s, s:s, s:s}", "participation_id",
			json_object_get(row, "participation_id"), "unit",
			str(row, "unit_name"), "cycle", str(row, "cycle_title"), "stage",
			st < STAGE_MAX ? participation_stage_name(s->arena, s->lang, st) : "",
			"state",
			ps < PSTATE_MAX ? participation_state_label(s->arena, s->lang, ps)
					: ""));
	}
	json_decref(rows);
	return out;
}

json_t *
notify_desk(struct svc *s, struct err *e)
{
	json_t *w, *a = NULL, *p = NULL;

	if ((w = desk_waiting(s, e)) == NULL || (a = desk_actions(s, e)) == NULL ||
	    (p = desk_participations(s, e)) == NULL) {
		json_decref(w);
		json_decref(a);
		return NULL;
	}
	return json_pack("{s:o, s:o, s:o, s:b, s:b, s:b}", "waiting", w, "actions", a,
	    "participations", p, "has_waiting", json_array_size(w) > 0, "has_actions",
	    json_array_size(a) > 0, "has_participations", json_array_size(p) > 0);
}
