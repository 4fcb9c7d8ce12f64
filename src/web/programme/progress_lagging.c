/*
 * progress_lagging.c - the progress page's units that have not started or
 * are late (see progress_dash.h): the tallies say which stages lag and how
 * many, and the units are read stage by stage in the order of the stages'
 * deadlines, each by province and unit name, LAGGING_LIMIT at most.
 */
#include <string.h>

#include "web/app.h"
#include "web/programme/progress_dash.h"

#define LAGGING_LIMIT 50 /* units listed as not started or late */

/*
 * Up to limit participations of stage that lag behind (n of them in the
 * scope), appended to rows. sizes (PROGRESS_STAGE_SIZES) says what each
 * way reads: walking the units in the list's order reads about
 * units * limit / n of them, reading the stage's participations of the
 * whole country reads them all and sorts those kept; the cheaper wins.
 */
static int
lagging_of_stage(struct db_conn *c, struct progress_dash *v, const char *stage, int64_t n,
    json_t *sizes, int64_t limit, json_t *rows, struct err *e)
{
	json_t *got = NULL, *sz;
	int64_t national = 0, units = 0;
	size_t i;

	json_array_foreach(sizes, i, sz) {
		units = json_integer_value(json_object_get(sz, "units"));
		if (strcmp(json_string_value(json_object_get(sz, "stage")), stage) == 0)
			national = json_integer_value(json_object_get(sz, "n"));
	}
	v->prm[9] = DBP_TEXT(stage);
	v->prm[10] = DBP_INT(limit);
	if (db_exec(c,
		n > 0 && units * limit / n < national ? DB_PROGRESS_LAGGING_DENSE
						      : DB_PROGRESS_LAGGING_SPARSE,
		v->prm, 11, &got, e) < 0)
		return -1;
	json_array_extend(rows, got);
	json_decref(got);
	return 0;
}

int
progress_lagging_model(struct request *req, struct db_conn *c, struct progress_dash *v,
    json_t *model, struct err *e)
{
	json_t *rows = json_array(), *stages = NULL, *sizes = NULL, *st;
	int64_t total = 0, shown, n;
	const char *more;
	size_t i;

	if (db_exec(c, DB_PROGRESS_LAGGING_STAGES, v->prm, 9, &stages, e) < 0 ||
	    (json_array_size(stages) > 0 &&
		db_exec(c, DB_PROGRESS_STAGE_SIZES, v->prm + 4, 1, &sizes, e) < 0))
		goto fail;
	json_array_foreach(stages, i, st) {
		n = json_integer_value(json_object_get(st, "n"));
		if ((int64_t)json_array_size(rows) < LAGGING_LIMIT &&
		    lagging_of_stage(c, v, json_string_value(json_object_get(st, "stage")), n,
			sizes, LAGGING_LIMIT - (int64_t)json_array_size(rows), rows, e) < 0)
			goto fail;
		total += n;
	}
	json_decref(stages);
	json_decref(sizes);
	json_array_foreach(rows, i, st)
		progress_decorate(req, v, st, false);
	shown = (int64_t)json_array_size(rows);
	more = i18n_fill(&req->arena, i18n_get(req_lang(req), "progress.more"),
	    (long)(total - shown));
	json_object_set_new(model, "lagging",
	    json_pack("{s:o, s:b, s:I, s:I, s:I, s:b, s:s}", "units", rows, "has_units",
		shown > 0, "count", (json_int_t)total, "shown", (json_int_t)shown, "more",
		(json_int_t)(total - shown), "has_more", total > shown, "more_text",
		more != NULL ? more : ""));
	return 0;
fail:
	json_decref(stages);
	json_decref(sizes);
	json_decref(rows);
	return -1;
}
