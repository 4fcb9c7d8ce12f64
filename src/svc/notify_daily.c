/*
 * notify_daily.c - the daily deadline job (see notify.h): once a day per
 * time zone, claimed in the database so that one server runs it, every
 * deadline of the zone's units that ends within NOTIFY_DEADLINE_DAYS is
 * told to whoever must act before it, once per deadline (the
 * notification's dedup key names the deadline, so a second run, or a
 * second server, writes nothing new).
 */
#include <stdio.h>
#include <string.h>

#include "svc/audit.h"
#include "svc/notify.h"
#include "base/log.h"
#include "base/timefmt.h"
#include "core/region.h"

#define DAILY_JOB "deadlines"

/* The rows of one deadline statement that lie in zone: each becomes
 * event, deduplicated by what names it. */
static int
tell(struct svc *s, enum db_stmt st, const char *event, const char *item_key,
    enum tz zone, const char *from, const char *until, long *told, struct err *e)
{
	json_t *rows = NULL, *row;
	const struct province *pv;
	const char *deadline, *dedup;
	int64_t pid;
	size_t i;
	int rc = 0;

	if (db_exec(s->c, st, (struct db_param[]){ DBP_TEXT(from), DBP_TEXT(until) }, 2,
		&rows, e) < 0)
		return -1;
	json_array_foreach(rows, i, row) {
		pv = province_find(
		    (int)json_integer_value(json_object_get(row, "province_code")));
		if (pv == NULL || pv->tz != zone)
			continue;
		pid = json_integer_value(json_object_get(row, "participation_id"));
		deadline = json_string_value(json_object_get(row, "deadline_at"));
		dedup = item_key == NULL
		    ? arena_printf(s->arena, "%s:%lld:%s", event, (long long)pid, deadline)
		    : arena_printf(s->arena, "%s:%lld:%lld:%s", event, (long long)pid,
			  (long long)json_integer_value(json_object_get(row, item_key)),
			  deadline);
		if (dedup == NULL || notify_event(s, pid, event, dedup, deadline, e) < 0) {
			rc = -1;
			break;
		}
		(*told)++;
	}
	json_decref(rows);
	return rc;
}

int
notify_daily(struct db_conn *c, int zone, time_t now, const char *server,
    const char *public_url, bool again, bool *ran, long *told, struct err *e)
{
	struct principal p;
	struct arena a;
	struct svc s;
	json_t *rows = NULL;
	char day[TIME_DATE_LEN], at[TIME_ISO_LEN], until[TIME_ISO_LEN];
	enum tz z = (enum tz)zone;
	int rc = -1;

	*ran = false;
	*told = 0;
	time_local_date(now, tz_offset(z), day);
	time_iso(now, at);
	time_iso(now + NOTIFY_DEADLINE_DAYS * 86400, until);
	arena_init(&a, 0);
	svc_cli(&s, &p, c, &a, 0, "system", now, NULL, public_url);
	if (svc_begin(&s, e) < 0)
		goto done;
	if (db_exec(c, DB_NOTIFY_RUN_CLAIM,
		(struct db_param[]){ DBP_TEXT(DAILY_JOB), DBP_TEXT(day),
		    DBP_TEXT(tz_code(z)), DBP_TEXT(server), DBP_TEXT(at) },
		5, &rows, e) < 0)
		goto fail;
	if (json_array_size(rows) == 0 && !again) {
		svc_rollback(&s);
		rc = 0;
		goto done;
	}
	if (tell(&s, DB_NOTIFY_DEADLINE_STAGES, "deadline_stage", NULL, z, at, until,
		told, e) < 0 ||
	    tell(&s, DB_NOTIFY_DEADLINE_ROUNDS, "deadline_round", "number", z, at, until,
		told, e) < 0 ||
	    tell(&s, DB_NOTIFY_DEADLINE_ACTIONS, "deadline_action", "action_id", z, at,
		until, told, e) < 0 ||
	    /* The new notifications show in their recipients' pages, which
	     * are kept at the data's version: the entry moves it. */
	    (*told > 0 &&
		svc_audit_new(&s, "notification.deadlines", "notification", 0,
		    json_pack("{s:s, s:s, s:I}", "day", day, "zone", tz_code(z), "events",
			(json_int_t)*told),
		    e) < 0) ||
	    db_exec(c, DB_NOTIFY_RUN_FINISH,
		(struct db_param[]){ DBP_TEXT(DAILY_JOB), DBP_TEXT(day),
		    DBP_TEXT(tz_code(z)), DBP_TEXT(at) },
		4, NULL, e) < 0 ||
	    svc_commit(&s, e) < 0)
		goto fail;
	*ran = true;
	log_info("event=notify_daily zone=%s day=%s deadlines=%ld", tz_code(z), day, *told);
	rc = 0;
	goto done;
fail:
	svc_rollback(&s);
done:
	json_decref(rows);
	arena_free(&a);
	return rc;
}
