/*
 * throttle.c - attempt counters for guessed secrets (throttle.h), on the
 * THROTTLE_* statements.
 */
#include <string.h>

#include "svc/throttle.h"
#include "base/timefmt.h"

int
throttle_reserve(struct db_conn *c, const char *key, const struct throttle_rule *r,
    time_t now, long *wait, struct err *e)
{
	char at[TIME_ISO_LEN], cutoff[TIME_ISO_LEN];
	json_t *rows = NULL, *row;
	struct throttle t;
	const char *lu;
	time_t v;

	if (db_exec(c, DB_THROTTLE_RESERVE,
		(struct db_param[]){ DBP_TEXT(key), DBP_TEXT(time_iso(now, at)),
		    DBP_TEXT(time_iso(now - r->window, cutoff)) },
		3, &rows, e) < 0)
		return -1;
	memset(&t, 0, sizeof(t));
	if ((row = json_array_get(rows, 0)) != NULL) {
		t.failures = (int)json_integer_value(json_object_get(row, "failures"));
		if (time_parse_iso(json_string_value(json_object_get(row, "window_start")),
			&v) == 0)
			t.window_start = v;
		lu = json_string_value(json_object_get(row, "locked_until"));
		if (lu != NULL && time_parse_iso(lu, &v) == 0)
			t.locked_until = v;
	}
	json_decref(rows);
	*wait = throttle_wait(&t, r, now);
	return 0;
}

int
throttle_fail(struct db_conn *c, const char *key, const struct throttle_rule *r,
    time_t now, bool *locked, struct err *e)
{
	char until[TIME_ISO_LEN];
	json_t *rows = NULL;

	if (db_exec(c, DB_THROTTLE_LOCK,
		(struct db_param[]){ DBP_TEXT(key), DBP_INT(r->max_failures),
		    DBP_TEXT(time_iso(now + r->lock, until)) },
		3, &rows, e) < 0)
		return -1;
	if (locked != NULL)
		*locked = json_array_size(rows) > 0;
	json_decref(rows);
	return 0;
}

int
throttle_clear(struct db_conn *c, const char *key, struct err *e)
{
	return db_exec(c, DB_THROTTLE_CLEAR, (struct db_param[]){ DBP_TEXT(key) }, 1, NULL, e);
}

int
throttle_give_back(struct db_conn *c, const char *key, struct err *e)
{
	return db_exec(c, DB_THROTTLE_GIVE_BACK, (struct db_param[]){ DBP_TEXT(key) }, 1,
	    NULL, e);
}
