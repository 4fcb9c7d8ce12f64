/*
 * settings.c - the installation's settings (see settings.h).
 */
#include "base/timefmt.h"
#include "svc/audit.h"
#include "svc/settings.h"

json_t *
settings_list(struct svc *s, struct err *e)
{
	json_t *rows = NULL;

	return db_exec(s->c, DB_SETTING_LIST, NULL, 0, &rows, e) < 0 ? NULL : rows;
}

int
settings_get(struct svc *s, const char *key, const char **value, struct err *e)
{
	json_t *rows = NULL;
	const char *v;

	*value = NULL;
	if (db_exec(s->c, DB_SETTING_GET, (struct db_param[]){ DBP_TEXT(key) }, 1, &rows, e) < 0)
		return -1;
	v = json_string_value(json_object_get(json_array_get(rows, 0), "value"));
	if (v != NULL && (*value = arena_strdup(s->arena, v)) == NULL) {
		json_decref(rows);
		err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	json_decref(rows);
	return 0;
}

int
settings_change(struct svc *s, const char *key, const char *value, struct err *e)
{
	char now[TIME_ISO_LEN];
	json_t *summary;

	time_iso(s->now, now);
	summary = value != NULL ? json_pack("{s:s, s:s}", "key", key, "value", value)
				: json_pack("{s:s}", "key", key);
	if (summary == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	if (svc_begin(s, e) < 0 ||
	    (value != NULL
		    ? db_exec(s->c, DB_SETTING_PUT,
			  (struct db_param[]){ DBP_TEXT(key), DBP_TEXT(value), DBP_TEXT(now) },
			  3, NULL, e)
		    : db_exec(s->c, DB_SETTING_DELETE,
			  (struct db_param[]){ DBP_TEXT(key) }, 1, NULL, e)) < 0 ||
	    svc_audit_commit(s, value != NULL ? "setting.set" : "setting.unset",
		"setting", 0, json_incref(summary), e) < 0) {
		svc_rollback(s);
		json_decref(summary);
		return -1;
	}
	json_decref(summary);
	return 0;
}
