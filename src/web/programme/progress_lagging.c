/*
 * progress_lagging.c - the progress page's units that have not started or
 * are late (see progress_dash.h): the tallies say which stages lag and how
 * many, and the units are read stage by stage in the order of the stages'
 * deadlines, each by province and unit name, LAGGING_LIMIT at most.
 */
#include "web/app.h"
#include "web/programme/progress_dash.h"

#define LAGGING_LIMIT 50 /* units listed as not started or late */

/* Above this share of the scope's participations lagging in a stage, the
 * units are walked in the list's order; below, the few are sorted. */
#define DENSE_PER_MILLE 20

/* Up to limit participations of stage that lag behind, appended to rows. */
static int
lagging_of_stage(struct db_conn *c, struct progress_dash *v, const char *stage, int64_t n,
    int64_t all, int64_t limit, json_t *rows, struct err *e)
{
	json_t *got = NULL;

	v->prm[9] = DBP_TEXT(stage);
	v->prm[10] = DBP_INT(limit);
	if (db_exec(c,
		n * 1000 >= all * DENSE_PER_MILLE ? DB_PROGRESS_LAGGING_DENSE
						  : DB_PROGRESS_LAGGING_SPARSE,
		v->prm, 11, &got, e) < 0)
		return -1;
	json_array_extend(rows, got);
	json_decref(got);
	return 0;
}

int
progress_lagging_model(struct request *req, struct db_conn *c, struct progress_dash *v,
    int64_t all, json_t *model, struct err *e)
{
	json_t *rows = json_array(), *stages = NULL, *st;
	int64_t total = 0, shown, n;
	const char *more;
	size_t i;

	if (db_exec(c, DB_PROGRESS_LAGGING_STAGES, v->prm, 9, &stages, e) < 0)
		goto fail;
	json_array_foreach(stages, i, st) {
		n = json_integer_value(json_object_get(st, "n"));
		if ((int64_t)json_array_size(rows) < LAGGING_LIMIT &&
		    lagging_of_stage(c, v, json_string_value(json_object_get(st, "stage")),
			n, all, LAGGING_LIMIT - (int64_t)json_array_size(rows), rows, e) < 0)
			goto fail;
		total += n;
	}
	json_decref(stages);
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
	json_decref(rows);
	return -1;
}
