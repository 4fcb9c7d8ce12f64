/*
 * scale.c - `p2ham demo --scale N` after the ordinary demo (scale.h): the
 * national rulebook and cycle made through the services, then every bulk
 * table in one transaction, the identity sequences moved past the rows,
 * the aggregates rebuilt (scale_finish) and the timing reported.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd/demo.h"
#include "cmd/scale.h"
#include "core/cycle.h"
#include "core/region.h"
#include "svc/accounts.h"
#include "svc/cycles.h"
#include "svc/progress_store.h"

void
scale_scratch(struct scale *s, size_t i)
{
	if ((i & 1023) == 1023) {
		arena_free(&s->scratch);
		arena_init(&s->scratch, 0);
	}
}

const char *
scale_ago(const struct scale *s, int days, int secs, char out[TIME_ISO_LEN])
{
	return time_iso(s->now - (time_t)days * 86400 + secs, out);
}

const char *
scale_date(const struct scale *s, int days, char out[TIME_DATE_LEN])
{
	return time_local_date(s->now + (time_t)days * 86400, tz_offset(TZ_WIB), out);
}

int
scale_row(struct scale *s, struct db_bulk *b, const struct db_param *p, size_t n, struct err *e)
{
	if (db_bulk_row(b, p, n, e) < 0)
		return -1;
	s->rows++;
	return 0;
}

int
scale_close(struct scale *s, struct db_bulk *b, int rc, struct err *e)
{
	struct err ignored;

	(void)s;
	if (rc < 0) {
		db_bulk_close(b, NULL, &ignored);
		return -1;
	}
	return db_bulk_close(b, NULL, e);
}

int
scale_next(struct scale *s, struct db_bulk **b, int rc, enum db_bulk_target next, struct err *e)
{
	if (scale_close(s, *b, rc, e) < 0 || (*b = db_bulk_open(s->c, next, e)) == NULL)
		return -1;
	return 0;
}

/* The national cycle, all five stages open since a month ago. */
static int
make_cycle(struct scale *s, const struct demo_env *env, int64_t rulebook, struct err *e)
{
	static const enum stage run[] = { STAGE_DECLARATION, STAGE_BUILDING,
		STAGE_EVALUATION, STAGE_ASSESSMENT, STAGE_SUPERVISION };
	struct cycle_window w[STAGE_MAX];
	struct demo_act x;
	struct tm tm;
	time_t t;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(run) / sizeof(run[0]); i++) {
		t = s->now - (time_t)(31 - i) * 86400 + tz_offset(TZ_WIB);
		gmtime_r(&t, &tm);
		w[i].stage = run[i];
		w[i].opens = cycle_day_start(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
		    TZ_WIB);
		t = s->now + (time_t)180 * 86400 + tz_offset(TZ_WIB);
		gmtime_r(&t, &tm);
		w[i].deadline = cycle_day_end(tm.tm_year + 1900, tm.tm_mon + 1,
		    tm.tm_mday, TZ_WIB);
	}
	if (demo_act(&x, env, 0, s->now, e) < 0)
		return -1;
	rc = cycle_create(&x.s,
	    &(struct cycle_in){ .programme = "p2ham",
		.year = 2024,
		.title = "P2HAM 2024 Nasional",
		.rulebook = rulebook,
		.tz = TZ_WIB,
		.windows = w,
		.window_count = sizeof(run) / sizeof(run[0]) },
	    &s->cycle, e);
	demo_act_end(&x);
	return rc;
}

static int64_t
id_of(json_t *row, const char *key)
{
	return json_integer_value(json_object_get(row, key)) + 1;
}

/* Where each table's new ids start, and the ordinary demo's reviewers. */
static int
start_ids(struct scale *s, struct err *e)
{
	static const char *const who[4] = { "admin@p2ham.demo", "verifikator@p2ham.demo",
		"penilai@p2ham.demo", "penilai2@p2ham.demo" };
	int64_t *ids[4] = { &s->admin, &s->verifier, &s->assessor[0], &s->assessor[1] };
	json_t *rows = NULL, *r;
	size_t i;

	for (i = 0; i < 4; i++) {
		if (db_exec(s->c, DB_SCALE_USER_ID,
			(struct db_param[]){ DBP_TEXT(who[i]) }, 1, &rows, e) < 0)
			return -1;
		*ids[i] = json_integer_value(json_object_get(json_array_get(rows, 0), "id"));
		json_decref(rows);
		if (*ids[i] == 0) {
			err_set(e, ERR_NOT_FOUND, "no demo account %s", who[i]);
			return -1;
		}
	}
	if (db_exec(s->c, DB_SCALE_MAX_IDS, NULL, 0, &rows, e) < 0)
		return -1;
	r = json_array_get(rows, 0);
#define ID_OF(t, name) .name = id_of(r, #name),
	s->next = (struct scale_ids){ SCALE_ID_TABLES(ID_OF, ID_OF) };
#undef ID_OF
	s->org0 = s->next.org;
	json_decref(rows);
	return 0;
}

/*
 * The hook run once the bulk rows are committed: the planner's statistics,
 * and the place where aggregates derived from the loaded rows are rebuilt.
 */
static int
scale_finish(struct scale *s, struct err *e)
{
	struct buf report;
	size_t differences = 0;
	int64_t participations = 0;
	int rc;

	/* The bulk rows bypassed the services (and, on PostgreSQL, maybe the
	 * triggers): the dashboards' figures are recomputed from them. */
	buf_init(&report, 0);
	rc = progress_rebuild(s->c, false, &report, &differences, &participations, e);
	buf_free(&report);
	if (rc < 0)
		return -1;
	return db_exec(s->c, DB_SCALE_ANALYZE, NULL, 0, NULL, e);
}

/* The serial of a document the ordinary demo issued, for the report. */
static int
find_serial(struct scale *s, struct err *e)
{
	json_t *rows = NULL;
	const char *serial;

	if (db_exec(s->c, DB_SCALE_DOCUMENT, NULL, 0, &rows, e) < 0)
		return -1;
	serial = json_string_value(json_object_get(json_array_get(rows, 0), "serial"));
	snprintf(s->serial, sizeof(s->serial), "%s", serial != NULL ? serial : "");
	json_decref(rows);
	return 0;
}

/* The bulk part, in one transaction on a connection tuned for loading. */
static int
load_bulk(struct scale *s, struct err *e)
{
	if (db_bulk_fast(s->c, true, e) < 0)
		return -1;
	if (db_begin(s->c, e) < 0 || start_ids(s, e) < 0 || scale_registry(s, e) < 0 ||
	    scale_stages(s, e) < 0 || scale_audit(s, e) < 0 ||
	    db_exec(s->c, DB_SCALE_RESET_IDS, NULL, 0, NULL, e) < 0 || db_commit(s->c, e) < 0) {
		struct err ignored;

		db_rollback(s->c);
		db_bulk_fast(s->c, false, &ignored);
		return -1;
	}
	return db_bulk_fast(s->c, false, e) < 0 || scale_finish(s, e) < 0 ? -1 : 0;
}

static double
seconds_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* What --json prints about the load. */
static json_t *
report_of(const struct scale *s, double secs)
{
	json_t *states = json_object(), *r;
	int64_t building = s->sample_part[PSTATE_BUILDING];
	int64_t verif = scale_demo_reviewed(s, PSTATE_VERIFICATION);
	size_t k;

	for (k = 0; k < PSTATE_MAX; k++)
		if (s->sample_part[k] != 0)
			json_object_set_new(states, pstate_code((enum pstate)k),
			    json_integer(s->sample_part[k]));
	r = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:f}", "units",
	    (json_int_t)s->n, "participations", (json_int_t)s->n, "rows",
	    (json_int_t)s->rows, "cycle_id", (json_int_t)s->cycle, "participation_id",
	    (json_int_t)building, "verification_participation_id", (json_int_t)verif,
	    "participation_by_state", states, "seconds", secs);
	json_object_set_new(r, "file_id", json_integer(s->sample_file));
	json_object_set_new(r, "document_serial", json_string(s->serial));
	json_object_set_new(r, "urls",
	    json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "participation",
		arena_printf(s->a, "/partisipasi/%lld", (long long)building), "cycle",
		arena_printf(s->a, "/siklus/%lld", (long long)s->cycle), "progress",
		"/progres", "results", "/hasil", "verification",
		arena_printf(s->a, "/partisipasi/%lld/verifikasi", (long long)verif),
		"file", arena_printf(s->a, "/berkas/%lld", (long long)s->sample_file)));
	json_object_set_new(json_object_get(r, "urls"), "document",
	    json_string(arena_printf(s->a, "/verifikasi/%s", s->serial)));
	return r;
}

int
scale_load(const struct demo_env *env, size_t n, const char *password, json_t **report,
    struct err *e)
{
	struct scale s;
	struct arena a;
	struct timespec t0;
	int64_t rulebook;
	char hash[ACCOUNT_HASH_BYTES];
	int rc = -1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	memset(&s, 0, sizeof(s));
	arena_init(&a, 0);
	arena_init(&s.scratch, 0);
	s.a = &a;
	s.c = env->c;
	s.data_dir = env->data_dir;
	s.n = n;
	s.now = time(NULL);
	time_iso(s.now, s.now_iso);
	if ((s.units = calloc(n, sizeof(*s.units))) == NULL) {
		err_set(e, ERR_NOMEM, "out of memory for %zu units", n);
		goto out;
	}
	if (accounts_password_hash(password, hash, e) < 0)
		goto out;
	snprintf(s.hash, sizeof(s.hash), "%s", hash);
	if (scale_rulebook(&s, &rulebook, e) < 0 || make_cycle(&s, env, rulebook, e) < 0 ||
	    load_bulk(&s, e) < 0 || find_serial(&s, e) < 0)
		goto out;
	*report = report_of(&s, seconds_since(&t0));
	rc = 0;
out:
	free(s.units);
	arena_free(&s.scratch);
	arena_free(&a);
	return rc;
}

int
scale_fresh(struct db_conn *c, bool loaded, struct err *e)
{
	json_t *rows = NULL, *r;
	long long units;
	int rc = 0;

	if (db_exec(c, DB_SCALE_FILLED, NULL, 0, &rows, e) < 0)
		return -1;
	r = json_array_get(rows, 0);
	units = (long long)json_integer_value(json_object_get(r, "units"));
	if (loaded || units > 0 ||
	    json_integer_value(json_object_get(r, "participations")) > 0) {
		err_set(e, ERR_CONFLICT,
		    "--scale needs a fresh database (after migrate or init, before "
		    "anything "
		    "is loaded); this one holds %lld units%s",
		    units, loaded ? " and the demo" : "");
		rc = -1;
	}
	json_decref(rows);
	return rc;
}

void
scale_print(const json_t *r)
{
	printf("\np2ham: national-scale data: %lld units with their participations, "
	       "%lld rows in all, cycle %lld, loaded in %.1f s.\n",
	    (long long)json_integer_value(json_object_get(r, "units")),
	    (long long)json_integer_value(json_object_get(r, "rows")),
	    (long long)json_integer_value(json_object_get(r, "cycle_id")),
	    json_real_value(json_object_get(r, "seconds")));
}
