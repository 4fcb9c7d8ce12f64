/*
 * survey_recount.c - `p2ham survey recount [--check]`: the counters
 * recomputed from the raw answers, compared with the stored ones or put in
 * their place (see survey.h).
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "svc/survey.h"
#include "svc/survey_tally.h"

#define PAGE 5000

/* A growing array of tallies. */
struct tallies {
	struct tally *t;
	size_t n, cap;
};

struct recount {
	json_t *strings; /* interned strings: key -> the same string */
	struct tallies v, o, r;
};

static const char *
intern(struct recount *rc, const char *s)
{
	json_t *v;

	if (s == NULL)
		return NULL;
	if ((v = json_object_get(rc->strings, s)) == NULL) {
		if (json_object_set_new(rc->strings, s, json_string(s)) < 0)
			return NULL;
		v = json_object_get(rc->strings, s);
	}
	return json_string_value(v);
}

static int
push(struct tallies *ts, const struct tally *t)
{
	struct tally *nt;

	if (ts->n == ts->cap) {
		/* Merge before growing: most keys repeat. */
		ts->n = tally_merge(ts->t, ts->n);
		if (ts->n * 2 >= ts->cap) {
			ts->cap = ts->cap ? ts->cap * 2 : 4096;
			if ((nt = realloc(ts->t, ts->cap * sizeof(*nt))) == NULL)
				return -1;
			ts->t = nt;
		}
	}
	ts->t[ts->n++] = *t;
	return 0;
}

/* One answer row into the tallies. */
static int
add_answer(struct recount *rc, json_t *row)
{
	int64_t unit = json_integer_value(json_object_get(row, "unit_id"));
	const char *period = intern(rc, json_string_value(json_object_get(row, "period")));
	const char *at = intern(rc, json_string_value(json_object_get(row, "answered_at")));
	const char *text, *key;
	json_t *doc, *v;
	int rc2 = 0;

	if (period == NULL || at == NULL)
		return -1;
	text = json_string_value(json_object_get(row, "answers"));
	if ((doc = json_loads(text ? text : "", 0, NULL)) != NULL) {
		json_object_foreach(doc, key, v)
			if (json_is_integer(v) &&
			    push(&rc->v,
				&(struct tally){ unit, period, intern(rc, key), NULL,
				    (int)json_integer_value(v), 1, at }) < 0)
				rc2 = -1;
		json_decref(doc);
	}
	text = json_string_value(json_object_get(row, "profile"));
	if ((doc = json_loads(text ? text : "", 0, NULL)) != NULL) {
		json_object_foreach(doc, key, v)
			if (json_is_string(v) &&
			    push(&rc->o,
				&(struct tally){ unit, period, intern(rc, key),
				    intern(rc, json_string_value(v)), 0, 1, at }) < 0)
				rc2 = -1;
		json_decref(doc);
	}
	if (push(&rc->r, &(struct tally){ unit, period, NULL, NULL, 0, 1, at }) < 0)
		rc2 = -1;
	return rc2;
}

/* The stored counters of st into ts (kind 'v', 'o' or 'r'). */
static int
load_stored(struct recount *rc, struct db_conn *c, enum db_stmt st, char kind,
    struct tallies *ts, struct err *e)
{
	json_t *rows = NULL, *row;
	size_t i;

	if (db_exec(c, st, NULL, 0, &rows, e) < 0)
		return -1;
	json_array_foreach(rows, i, row) {
		struct tally t = {
			.unit = json_integer_value(json_object_get(row, "unit_id")),
			.period = intern(rc, json_string_value(json_object_get(row, "period"))),
			.n = json_integer_value(json_object_get(row, "n")),
			.last_at = "",
		};

		if (kind == 'v') {
			t.a = intern(rc, json_string_value(json_object_get(row, "element")));
			t.value = (int)json_integer_value(json_object_get(row, "value"));
		} else if (kind == 'o') {
			t.a = intern(rc, json_string_value(json_object_get(row, "field")));
			t.b = intern(rc, json_string_value(json_object_get(row, "option")));
		}
		if (push(ts, &t) < 0) {
			json_decref(rows);
			err_set(e, ERR_NOMEM, "out of memory");
			return -1;
		}
	}
	json_decref(rows);
	ts->n = tally_merge(ts->t, ts->n);
	return 0;
}

static void
describe(struct buf *out, const char *what, const struct tally *t, int64_t stored, int64_t counted)
{
	buf_printf(out, "%s unit %" PRId64 " period %s", what, t->unit, t->period);
	if (t->a != NULL)
		buf_printf(out, " %s", t->a);
	if (t->b != NULL)
		buf_printf(out, "=%s", t->b);
	else if (t->a != NULL)
		buf_printf(out, "=%d", t->value);
	buf_printf(out, ": stored %" PRId64 ", answers %" PRId64 "\n", stored, counted);
}

/* Walk the sorted want (from the answers) and have (stored) together. */
static size_t
compare(struct buf *out, const char *what, const struct tallies *want,
    const struct tallies *have)
{
	size_t i = 0, j = 0, d = 0;
	int c;

	while (i < want->n || j < have->n) {
		if (i == want->n)
			c = 1;
		else if (j == have->n)
			c = -1;
		else
			c = tally_cmp(&want->t[i], &have->t[j]);
		if (c < 0) {
			describe(out, what, &want->t[i], 0, want->t[i].n);
			i++, d++;
		} else if (c > 0) {
			if (have->t[j].n != 0) {
				describe(out, what, &have->t[j], have->t[j].n, 0);
				d++;
			}
			j++;
		} else {
			if (want->t[i].n != have->t[j].n) {
				describe(out, what, &want->t[i], have->t[j].n, want->t[i].n);
				d++;
			}
			i++, j++;
		}
	}
	return d;
}

static int
scan(struct recount *rc, struct db_conn *c, int64_t *answers, struct err *e)
{
	json_t *rows = NULL, *row;
	int64_t after = 0;
	size_t i;

	*answers = 0;
	do {
		json_decref(rows);
		if (db_exec(c, DB_SURVEY_ANSWERS_AFTER,
			(struct db_param[]){ DBP_INT(after), DBP_INT(PAGE) }, 2, &rows, e) < 0)
			return -1;
		json_array_foreach(rows, i, row) {
			if (add_answer(rc, row) < 0) {
				json_decref(rows);
				err_set(e, ERR_NOMEM, "out of memory");
				return -1;
			}
			after = json_integer_value(json_object_get(row, "id"));
			(*answers)++;
		}
	} while (json_array_size(rows) == PAGE);
	json_decref(rows);
	rc->v.n = tally_merge(rc->v.t, rc->v.n);
	rc->o.n = tally_merge(rc->o.t, rc->o.n);
	rc->r.n = tally_merge(rc->r.t, rc->r.n);
	return 0;
}

int
survey_recount(struct db_conn *c, bool check, struct buf *report, size_t *differences,
    int64_t *answers, struct err *e)
{
	struct recount rc = { .strings = json_object() };
	struct recount st = { 0 };
	int result = -1;

	*differences = 0;
	st.strings = rc.strings;
	if (rc.strings == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	if (db_begin(c, e) < 0)
		goto done;
	if (scan(&rc, c, answers, e) < 0)
		goto done;
	if (check) {
		if (load_stored(&st, c, DB_SURVEY_COUNTS_ALL, 'v', &st.v, e) < 0 ||
		    load_stored(&st, c, DB_SURVEY_PROFILE_ALL, 'o', &st.o, e) < 0 ||
		    load_stored(&st, c, DB_SURVEY_RESPONDENTS_ALL, 'r', &st.r, e) < 0)
			goto done;
		*differences = compare(report, "answers", &rc.v, &st.v) +
		    compare(report, "profile", &rc.o, &st.o) +
		    compare(report, "respondents", &rc.r, &st.r);
		db_rollback(c);
		result = 0;
		goto done;
	}
	if (db_exec(c, DB_SURVEY_COUNTS_CLEAR, NULL, 0, NULL, e) < 0 ||
	    db_exec(c, DB_SURVEY_PROFILE_CLEAR, NULL, 0, NULL, e) < 0 ||
	    db_exec(c, DB_SURVEY_RESPONDENTS_CLEAR, NULL, 0, NULL, e) < 0 ||
	    tallies_write(c, rc.v.t, rc.v.n, rc.o.t, rc.o.n, rc.r.t, rc.r.n, e) < 0 ||
	    db_commit(c, e) < 0)
		goto done;
	result = 0;
done:
	db_rollback(c);
	free(rc.v.t);
	free(rc.o.t);
	free(rc.r.t);
	free(st.v.t);
	free(st.o.t);
	free(st.r.t);
	json_decref(rc.strings);
	return result;
}
