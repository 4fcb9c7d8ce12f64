/*
 * progress_store.c - the kept progress figures: refreshing one
 * participation's, and recomputing all of them and the tallies from the
 * raw rows, the tallies' national rollups from the tallies, and the rows
 * of the list of lagging units (see progress_store.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/progress.h"
#include "svc/participation.h"
#include "svc/progress_store.h"

#define PAGE 500         /* participations read at once by a rebuild */
#define REPORT_LINES 200 /* differences written out, the rest counted */
#define RB_CACHE 32      /* rulebooks a rebuild keeps parsed */

/* A participation's figures as participation_progress holds them. */
struct figures {
	int64_t applicable, answered, done, percent, complete, evidence;
};

/* The rulebooks parsed so far, in an arena that outlives the pages. */
struct rb_cache {
	int64_t id[RB_CACHE];
	const struct rulebook *rb[RB_CACHE];
	size_t n;
	struct arena a;
};

static const struct rulebook *
rb_get(struct db_conn *c, struct rb_cache *k, struct arena *scratch, int64_t id, struct err *e)
{
	const struct rulebook *rb;
	size_t i;

	for (i = 0; i < k->n; i++)
		if (k->id[i] == id)
			return k->rb[i];
	if (k->n == RB_CACHE) /* many rulebooks: parse into the page's memory */
		return rulebook_load_in(c, scratch, id, e);
	if ((rb = rulebook_load_in(c, &k->a, id, e)) == NULL)
		return NULL;
	k->id[k->n] = id;
	k->rb[k->n++] = rb;
	return rb;
}

/* The figures of a unit of unit_type under rb with answers {code: option
 * or null} and evidence {code: count}. -1 when a is exhausted. */
static int
figures_compute(const struct rulebook *rb, const char *unit_type, json_t *answers,
    json_t *evidence, struct arena *a, struct figures *out)
{
	size_t cap = json_object_size(answers) + json_object_size(evidence) + 1, k = 0;
	struct progress_fact *f = arena_alloc(a, cap * sizeof(*f));
	struct progress pr;
	const char *code;
	json_t *v;

	if (f == NULL)
		return -1;
	memset(out, 0, sizeof(*out));
	json_object_foreach(answers, code, v)
		f[k++] = (struct progress_fact){ code, json_string_value(v),
			(size_t)json_integer_value(json_object_get(evidence, code)) };
	json_object_foreach(evidence, code, v) {
		out->evidence += json_integer_value(v);
		if (json_object_get(answers, code) == NULL)
			f[k++] = (struct progress_fact){ code, NULL,
				(size_t)json_integer_value(v) };
	}
	if (progress_compute(rb, unit_type != NULL ? unit_type : "", f, k, a, &pr) < 0)
		return -1;
	out->applicable = (int64_t)pr.applicable;
	out->answered = (int64_t)pr.answered;
	out->done = (int64_t)pr.done;
	out->percent = pr.percent;
	out->complete = pr.complete;
	return 0;
}

/* The stored figures of a PROG_PART_COLS row; false when it has none. */
static bool
figures_stored(json_t *row, struct figures *out)
{
	if (json_is_null(json_object_get(row, "applicable")) ||
	    json_object_get(row, "applicable") == NULL)
		return false;
	out->applicable = json_integer_value(json_object_get(row, "applicable"));
	out->answered = json_integer_value(json_object_get(row, "answered"));
	out->done = json_integer_value(json_object_get(row, "done"));
	out->percent = json_integer_value(json_object_get(row, "percent"));
	out->complete = json_integer_value(json_object_get(row, "complete"));
	out->evidence = json_integer_value(json_object_get(row, "evidence"));
	return true;
}

static bool
figures_equal(const struct figures *x, const struct figures *y)
{
	return x->applicable == y->applicable && x->answered == y->answered &&
	    x->done == y->done && x->percent == y->percent &&
	    (x->complete != 0) == (y->complete != 0) && x->evidence == y->evidence;
}

static int
figures_put(struct db_conn *c, int64_t pid, const struct figures *f, struct err *e)
{
	return db_exec(c, DB_PROGRESS_PART_PUT,
	    (struct db_param[]){ DBP_INT(pid), DBP_INT(f->applicable),
		DBP_INT(f->answered), DBP_INT(f->done), DBP_INT(f->percent),
		DBP_INT(f->complete ? 1 : 0), DBP_INT(f->evidence) },
	    7, NULL, e);
}

/* The answers and evidence of participations lo..hi, grouped:
 * {"<pid>": {"a": {code: option}, "e": {code: n}}}. */
static json_t *
facts_range(struct db_conn *c, int64_t lo, int64_t hi, struct err *e)
{
	json_t *ans = NULL, *ev = NULL, *by = json_object(), *row, *part;
	const char *keys[2] = { "a", "e" }, *code;
	char key[24];
	size_t i, k;

	if (db_exec(c, DB_PROGRESS_ANSWERS_RANGE,
		(struct db_param[]){ DBP_INT(lo), DBP_INT(hi) }, 2, &ans, e) < 0 ||
	    db_exec(c, DB_PROGRESS_EVIDENCE_RANGE,
		(struct db_param[]){ DBP_INT(lo), DBP_INT(hi) }, 2, &ev, e) < 0) {
		json_decref(ans);
		json_decref(by);
		return NULL;
	}
	for (k = 0; k < 2; k++) {
		json_array_foreach(k == 0 ? ans : ev, i, row) {
			if ((code = json_string_value(json_object_get(row, "indicator"))) == NULL)
				continue;
			snprintf(key, sizeof(key), "%" PRId64,
			    (int64_t)json_integer_value(
				json_object_get(row, "participation_id")));
			if ((part = json_object_get(by, key)) == NULL) {
				part = json_pack("{s:{}, s:{}}", "a", "e");
				json_object_set_new(by, key, part);
			}
			json_object_set(json_object_get(part, keys[k]), code,
			    json_object_get(row, k == 0 ? "option_code" : "n"));
		}
	}
	json_decref(ans);
	json_decref(ev);
	return by;
}

int
progress_store_refresh(struct db_conn *c, struct arena *a, int64_t pid,
    const struct rulebook *rb, const char *unit_type, struct err *e)
{
	json_t *row = NULL, *by = NULL, *mine;
	struct figures f;
	int rc = -1;

	if (rb == NULL || unit_type == NULL) {
		if ((row = db_row(c, DB_PROGRESS_PART_ONE, pid, "participation", e)) == NULL)
			return -1;
		if ((unit_type = arena_strdup(a,
			 json_string_value(json_object_get(row, "unit_type")))) == NULL)
			goto nomem;
		if (rb == NULL &&
		    (rb = rulebook_load_in(c, a,
			 json_integer_value(json_object_get(row, "rulebook_id")), e)) == NULL)
			goto out;
	}
	if ((by = facts_range(c, pid, pid, e)) == NULL)
		goto out;
	mine = json_object_iter_value(json_object_iter(by));
	if (figures_compute(rb, unit_type, json_object_get(mine, "a"),
		json_object_get(mine, "e"), a, &f) < 0)
		goto nomem;
	rc = figures_put(c, pid, &f, e);
	goto out;
nomem:
	err_set(e, ERR_NOMEM, "out of memory");
out:
	json_decref(row);
	json_decref(by);
	return rc;
}

int
progress_store_refresh_unit(struct db_conn *c, struct arena *a, int64_t unit_id, struct err *e)
{
	json_t *rows = NULL, *row;
	size_t i;
	int rc = 0;

	if (db_exec(c, DB_PROGRESS_UNIT_PARTS, (struct db_param[]){ DBP_INT(unit_id) }, 1,
		&rows, e) < 0)
		return -1;
	json_array_foreach(rows, i, row)
		if (progress_store_refresh(c, a,
			json_integer_value(json_object_get(row, "id")), NULL, NULL, e) < 0) {
			rc = -1;
			break;
		}
	json_decref(rows);
	return rc;
}

/* One page of participations (rows of PROG_PART_COLS, by id): compare
 * each one's stored figures with the recomputed ones; unless check, store
 * those that differ (or are stale: stale_only). */
static int
page_run(struct db_conn *c, struct rb_cache *k, json_t *rows, bool check, bool stale_only,
    struct buf *report, size_t *differences, struct err *e)
{
	int64_t lo = json_integer_value(json_object_get(json_array_get(rows, 0), "id"));
	int64_t hi = json_integer_value(
	    json_object_get(json_array_get(rows, json_array_size(rows) - 1), "id"));
	const struct rulebook *rb;
	struct figures want, have;
	struct arena a;
	json_t *by, *row, *mine;
	char key[24];
	int64_t pid;
	bool stored;
	size_t i;
	int rc = -1;

	arena_init(&a, 0);
	if ((by = facts_range(c, lo, hi, e)) == NULL)
		goto out;
	json_array_foreach(rows, i, row) {
		pid = json_integer_value(json_object_get(row, "id"));
		snprintf(key, sizeof(key), "%" PRId64, pid);
		mine = json_object_get(by, key);
		if ((rb = rb_get(c, k, &a,
			 json_integer_value(json_object_get(row, "rulebook_id")), e)) == NULL)
			goto out;
		if (figures_compute(rb, json_string_value(json_object_get(row, "unit_type")),
			json_object_get(mine, "a"), json_object_get(mine, "e"), &a, &want) < 0)
			goto nomem;
		/* No row reads as no answer and no evidence. */
		stored = figures_stored(row, &have);
		if (!stored &&
		    figures_compute(rb, json_string_value(json_object_get(row, "unit_type")),
			NULL, NULL, &a, &have) < 0)
			goto nomem;
		if (!stale_only && figures_equal(&want, &have))
			continue;
		if (!stale_only) {
			if (++*differences <= REPORT_LINES)
				buf_printf(report,
				    "participation %" PRId64 ": stored %" PRId64
				    "/%" PRId64 " done, %" PRId64 " answered, %" PRId64
				    "%%, %" PRId64 " evidence; recomputed %" PRId64
				    "/%" PRId64 " done, %" PRId64 " answered, %" PRId64
				    "%%, %" PRId64 " evidence\n",
				    pid, have.done, have.applicable, have.answered,
				    have.percent, have.evidence, want.done, want.applicable,
				    want.answered, want.percent, want.evidence);
		} else
			++*differences;
		if (!check && figures_put(c, pid, &want, e) < 0)
			goto out;
	}
	rc = 0;
	goto out;
nomem:
	err_set(e, ERR_NOMEM, "out of memory");
out:
	json_decref(by);
	arena_free(&a);
	return rc;
}

/* Every participation (or the stale ones), page by page, each page in a
 * transaction of its own when it writes. */
static int
parts_run(struct db_conn *c, bool check, bool stale_only, struct buf *report,
    size_t *differences, int64_t *count, struct err *e)
{
	struct rb_cache k = { .n = 0 };
	json_t *rows = NULL;
	int64_t after = 0;
	int rc = -1;

	arena_init(&k.a, 0);
	for (;;) {
		rows = NULL;
		if (db_exec(c, stale_only ? DB_PROGRESS_STALE_PAGE : DB_PROGRESS_PART_PAGE,
			(struct db_param[]){ DBP_INT(after), DBP_INT(PAGE) }, 2, &rows, e) < 0)
			goto out;
		if (json_array_size(rows) == 0)
			break;
		*count += (int64_t)json_array_size(rows);
		if (!check && db_begin(c, e) < 0)
			goto out;
		if (page_run(c, &k, rows, check, stale_only, report, differences, e) < 0) {
			if (!check)
				db_rollback(c);
			goto out;
		}
		if (!check && db_commit(c, e) < 0)
			goto out;
		after = json_integer_value(
		    json_object_get(json_array_get(rows, json_array_size(rows) - 1), "id"));
		json_decref(rows);
	}
	rc = 0;
out:
	json_decref(rows);
	arena_free(&k.a);
	return rc;
}

/* What a group's key names besides its cycle, stage and state. */
enum {
	KEY_ORGANIZATION = 1,
	KEY_PROVINCE = 2,
	KEY_TYPE = 4,
};

/* Rows of a tally or rollup as {"key": n}, the counts of rows with the same
 * key summed: "cycle C[ organization O][ province P][ TYPE] STAGE:STATE",
 * with the parts named in parts. */
static json_t *
count_map(json_t *rows, unsigned parts)
{
	json_t *m = json_object(), *row;
	struct buf key;
	size_t i;

	buf_init(&key, 0);
	json_array_foreach(rows, i, row) {
		buf_reset(&key);
		buf_printf(&key, "cycle %lld",
		    (long long)json_integer_value(json_object_get(row, "cycle_id")));
		if (parts & KEY_ORGANIZATION)
			buf_printf(&key, " organization %lld",
			    (long long)json_integer_value(
				json_object_get(row, "organization_id")));
		if (parts & KEY_PROVINCE)
			buf_printf(&key, " province %lld",
			    (long long)json_integer_value(
				json_object_get(row, "province_code")));
		if (parts & KEY_TYPE)
			buf_printf(&key, " %s",
			    json_string_value(json_object_get(row, "unit_type")));
		buf_printf(&key, " %s:%s", json_string_value(json_object_get(row, "stage")),
		    json_string_value(json_object_get(row, "state")));
		json_object_set_new(m, buf_cstr(&key),
		    json_integer(json_integer_value(json_object_get(m, buf_cstr(&key))) +
			json_integer_value(json_object_get(row, "n"))));
	}
	buf_free(&key);
	return m;
}

/* Each group whose count differs between want and have, into report. */
static void
tally_compare(const char *what, json_t *want, json_t *have, struct buf *report,
    size_t *differences)
{
	const char *key;
	json_t *v;
	int64_t w, h;

	json_object_foreach(want, key, v) {
		w = json_integer_value(v);
		h = json_integer_value(json_object_get(have, key));
		if (w != h && ++*differences <= REPORT_LINES)
			buf_printf(report, "%s %s: stored %" PRId64 ", counted %" PRId64 "\n",
			    what, key, h, w);
	}
	json_object_foreach(have, key, v)
		if (json_object_get(want, key) == NULL && json_integer_value(v) != 0 &&
		    ++*differences <= REPORT_LINES)
			buf_printf(report, "%s %s: stored %" PRId64 ", counted 0\n", what,
			    key, (int64_t)json_integer_value(v));
}

/*
 * The rollups (migration 0032) against the sums of progress_tally as
 * stored: they are its sums and nothing else, so a tally changed behind
 * p2ham's back is the tally's difference, not theirs.
 */
static int
rollups_compare(struct db_conn *c, struct buf *report, size_t *differences, struct err *e)
{
	static const struct {
		enum db_stmt summed, stored;
		unsigned parts;
		const char *what;
	} rollups[] = {
		{ DB_ROLLUP_PROVINCE_SUMMED, DB_ROLLUP_PROVINCE_STORED, KEY_PROVINCE,
		    "province rollup" },
		{ DB_ROLLUP_TYPE_SUMMED, DB_ROLLUP_TYPE_STORED, KEY_TYPE, "unit type rollup" },
	};
	json_t *rows[2], *m[2];
	size_t i, k;

	for (i = 0; i < sizeof(rollups) / sizeof(rollups[0]); i++) {
		rows[0] = rows[1] = NULL;
		if (db_exec(c, rollups[i].summed, NULL, 0, &rows[0], e) < 0 ||
		    db_exec(c, rollups[i].stored, NULL, 0, &rows[1], e) < 0) {
			json_decref(rows[0]);
			return -1;
		}
		for (k = 0; k < 2; k++) {
			m[k] = count_map(rows[k], rollups[i].parts);
			json_decref(rows[k]);
		}
		tally_compare(rollups[i].what, m[0], m[1], report, differences);
		json_decref(m[0]);
		json_decref(m[1]);
	}
	return 0;
}

/* Empty the tallies and their rollups and fill them again, in one
 * transaction: the tallies from the raw rows, the rollups from them. */
static int
tallies_fill(struct db_conn *c, struct err *e)
{
	static const enum db_stmt steps[] = { DB_TALLY_CLEAR, DB_TALLY_ORG_CLEAR,
		DB_TALLY_FILL, DB_TALLY_ORG_FILL, DB_ROLLUP_PROVINCE_CLEAR,
		DB_ROLLUP_TYPE_CLEAR, DB_ROLLUP_PROVINCE_FILL, DB_ROLLUP_TYPE_FILL };
	size_t i;

	if (db_begin(c, e) < 0)
		return -1;
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		if (db_exec(c, steps[i], NULL, 0, NULL, e) < 0) {
			db_rollback(c);
			return -1;
		}
	if (db_commit(c, e) < 0) {
		if (db_in_transaction(c))
			db_rollback(c);
		return -1;
	}
	return 0;
}

static int
tallies_run(struct db_conn *c, bool check, struct buf *report, size_t *differences,
    struct err *e)
{
	json_t *computed = NULL, *stored = NULL, *org = NULL, *m[4] = { NULL };
	int rc = -1;

	if (db_exec(c, DB_TALLY_COMPUTED, NULL, 0, &computed, e) < 0 ||
	    db_exec(c, DB_TALLY_STORED, NULL, 0, &stored, e) < 0 ||
	    db_exec(c, DB_TALLY_ORG_STORED, NULL, 0, &org, e) < 0)
		goto out;
	m[0] = count_map(computed, KEY_PROVINCE | KEY_TYPE);
	m[1] = count_map(stored, KEY_PROVINCE | KEY_TYPE);
	m[2] = count_map(computed, KEY_ORGANIZATION | KEY_PROVINCE | KEY_TYPE);
	m[3] = count_map(org, KEY_ORGANIZATION | KEY_PROVINCE | KEY_TYPE);
	tally_compare("tally", m[0], m[1], report, differences);
	tally_compare("organization tally", m[2], m[3], report, differences);
	if (rollups_compare(c, report, differences, e) < 0 ||
	    (!check && tallies_fill(c, e) < 0))
		goto out;
	rc = 0;
out:
	json_decref(computed);
	json_decref(stored);
	json_decref(org);
	for (size_t i = 0; i < 4; i++)
		json_decref(m[i]);
	return rc;
}

/*
 * The list of lagging units' rows (progress_lag, migration 0031) against
 * the raw rows: each differing row into report, and unless check, when
 * any differs, the table refilled from the raw rows. A table the
 * triggers kept is left as it is, so a load that went through them does
 * not write it twice.
 */
static int
lag_run(struct db_conn *c, bool check, struct buf *report, size_t *differences, struct err *e)
{
	json_t *rows = NULL, *row;
	int64_t total;
	size_t i;
	int rc = -1;

	if (db_exec(c, DB_LAG_DIFF, (struct db_param[]){ DBP_INT(REPORT_LINES) }, 1,
		&rows, e) < 0)
		return -1;
	total = json_integer_value(json_object_get(json_array_get(rows, 0), "total"));
	json_array_foreach(rows, i, row)
		if (++*differences <= REPORT_LINES)
			buf_printf(report,
			    "lagging list participation %lld: %s only: cycle %lld %s:%s "
			    "unit %lld "
			    "organization %lld province %lld %s \"%s\"\n",
			    (long long)json_integer_value(json_object_get(row, "id")),
			    json_string_value(json_object_get(row, "kind")),
			    (long long)json_integer_value(json_object_get(row, "cycle_id")),
			    json_string_value(json_object_get(row, "stage")),
			    json_string_value(json_object_get(row, "state")),
			    (long long)json_integer_value(json_object_get(row, "unit_id")),
			    (long long)json_integer_value(
				json_object_get(row, "organization_id")),
			    (long long)json_integer_value(json_object_get(row, "province_code")),
			    json_string_value(json_object_get(row, "unit_type")),
			    json_string_value(json_object_get(row, "unit_name")));
	if (total > (int64_t)json_array_size(rows))
		*differences += (size_t)(total - (int64_t)json_array_size(rows));
	if (!check && total > 0 &&
	    (db_begin(c, e) < 0 || db_exec(c, DB_LAG_CLEAR, NULL, 0, NULL, e) < 0 ||
		db_exec(c, DB_LAG_FILL, NULL, 0, NULL, e) < 0 || db_commit(c, e) < 0)) {
		if (db_in_transaction(c))
			db_rollback(c);
		goto out;
	}
	rc = 0;
out:
	json_decref(rows);
	return rc;
}

int
progress_rebuild(struct db_conn *c, bool check, struct buf *report, size_t *differences,
    int64_t *participations, struct err *e)
{
	*differences = 0;
	*participations = 0;
	if (tallies_run(c, check, report, differences, e) < 0 ||
	    lag_run(c, check, report, differences, e) < 0 ||
	    parts_run(c, check, false, report, differences, participations, e) < 0)
		return -1;
	if (*differences > REPORT_LINES)
		buf_printf(report, "... and %zu more differences\n",
		    *differences - REPORT_LINES);
	return 0;
}

int
progress_store_fill_stale(struct db_conn *c, size_t *n, struct err *e)
{
	struct buf ignore;
	int64_t count = 0;
	int rc;

	*n = 0;
	buf_init(&ignore, 0);
	rc = parts_run(c, false, true, &ignore, n, &count, e);
	buf_free(&ignore);
	return rc;
}
