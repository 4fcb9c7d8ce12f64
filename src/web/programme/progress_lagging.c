/*
 * progress_lagging.c - the progress page's units that have not started or
 * are late (see progress_dash.h), stage by stage in the order of the
 * stages' deadlines, each by province and unit name, LAGGING_LIMIT at most.
 *
 * Whether a participation lags depends only on its cycle, stage and
 * state (and the stage's window and the clock: progress_lag), so the
 * page's tallies (PROGRESS_COUNTS rows) say which (stage, state) groups
 * lag in the caller's scope, per province, and how many. The units are
 * then read group by group from progress_lag (migration 0031), whose
 * indexes hold each group by province, unit name and unit: the first
 * rows of a group in the country, in a province, of an organization or of
 * single units are an index range each. The few rows read are merged here
 * in the same order: names compare bytewise, as both databases order that
 * column.
 */
#include <stdlib.h>
#include <string.h>

#include "web/app.h"
#include "web/programme/progress_dash.h"
#include "web/model.h"

#define LAGGING_LIMIT 50 /* units listed as not started or late */

/* The scope's parts, as PROGRESS_* statements take them in $1-$4. */
struct lag_scope {
	bool national;
	json_t *provinces, *orgs, *units; /* JSON arrays of ids */
	const struct db_param *prm;       /* $2-$4 as text */
};

static json_t *
param_array(const struct db_param *p)
{
	json_t *a = p->type == DB_T_TEXT ? json_loadb(p->s, p->len, 0, NULL) : NULL;

	if (a == NULL || !json_is_array(a)) {
		json_decref(a);
		a = json_array();
	}
	return a;
}

/* Rows by province, unit name (bytes) and unit, as the indexes hold them. */
static int
row_cmp(const void *pa, const void *pb)
{
	return svc_unit_row_cmp(*(json_t *const *)pa, *(json_t *const *)pb, "unit_id");
}

/* Run stmt and append its rows to got. */
static int
read_into(struct db_conn *c, enum db_stmt stmt, struct db_param *p, size_t n, json_t *got,
    struct err *e)
{
	json_t *rows = NULL;

	if (db_exec(c, stmt, p, n, &rows, e) < 0)
		return -1;
	json_array_extend(got, rows);
	json_decref(rows);
	return 0;
}

static int
code_cmp(const void *pa, const void *pb)
{
	json_int_t a = *(const json_int_t *)pa, b = *(const json_int_t *)pb;

	return a < b ? -1 : a > b;
}

/* How many rows of got lie in a province before province. */
static int64_t
rows_before(json_t *got, json_int_t province)
{
	json_t *row;
	int64_t n = 0;
	size_t i;

	json_array_foreach(got, i, row)
		n += json_integer_value(json_object_get(row, "province_code")) < province;
	return n;
}

/*
 * The first need rows of each lagging group of a stage that lie in the
 * scope's whole provinces, appended to got; p holds $1 cycle and $2
 * stage, groups[from, to) are the stage's groups. Provinces are read in
 * code order, and once got holds need rows of provinces before the next
 * one, no row of a later province can be among the first need.
 */
static int
read_provinces(struct db_conn *c, struct db_param *p, const struct lag_scope *s,
    json_t *groups, size_t from, size_t to, int64_t need, json_t *got, struct err *e)
{
	json_int_t *codes, code;
	size_t i, j, n = 0;
	json_t *g, *v;
	int rc = 0;

	if ((codes = calloc(json_array_size(s->provinces) + 1, sizeof(*codes))) == NULL)
		return web_nomem(e);
	json_array_foreach(s->provinces, i, v)
		codes[n++] = json_integer_value(v);
	qsort(codes, n, sizeof(*codes), code_cmp);
	for (i = 0; i < n && rc == 0; i++) {
		if ((i > 0 && codes[i] == codes[i - 1]) ||
		    rows_before(got, (code = codes[i])) >= need)
			continue;
		for (j = from; j < to && rc == 0; j++) {
			g = json_array_get(groups, j);
			if (json_integer_value(json_object_get(g, "province_code")) != code)
				continue;
			p[2] = DBP_TEXT(json_string_value(json_object_get(g, "state")));
			p[3] = DBP_INT(code);
			p[4] = DBP_INT(need);
			rc = read_into(c, DB_PROGRESS_LAG_PROVINCE, p, 5, got, e);
		}
	}
	free(codes);
	return rc;
}

/* The first need rows of state's group (p: $1 cycle, $2 stage) in the
 * whole country, or else in the scope's organizations and single units
 * outside its provinces, appended to got. */
static int
read_rest(struct db_conn *c, struct db_param *p, const struct lag_scope *s,
    const char *state, int64_t need, json_t *got, struct err *e)
{
	json_t *v;
	size_t i;

	p[2] = DBP_TEXT(state);
	if (s->national) {
		p[3] = DBP_INT(need);
		return read_into(c, DB_PROGRESS_LAG_ALL, p, 4, got, e);
	}
	json_array_foreach(s->orgs, i, v) {
		p[3] = DBP_INT(json_integer_value(v));
		p[4] = s->prm[0];
		p[5] = DBP_INT(need);
		if (read_into(c, DB_PROGRESS_LAG_ORG, p, 6, got, e) < 0)
			return -1;
	}
	if (json_array_size(s->units) == 0)
		return 0;
	p[3] = s->prm[2];
	p[4] = s->prm[0];
	p[5] = s->prm[1];
	p[6] = DBP_INT(need);
	return read_into(c, DB_PROGRESS_LAG_UNITS, p, 7, got, e);
}

/* Is groups[j]'s state that of an earlier group in [from, j)? */
static bool
state_seen(json_t *groups, size_t from, size_t j)
{
	const char *st = json_string_value(json_object_get(json_array_get(groups, j), "state"));

	for (; from < j; from++)
		if (strcmp(json_string_value(
			       json_object_get(json_array_get(groups, from), "state")),
			st) == 0)
			return true;
	return false;
}

/* One lagging group: a (stage, state) in a province, and how many. */
struct group {
	const char *stage, *state, *deadline;
	json_int_t province, n;
};

/* Groups by their stage's deadline (none last), stage, state, province. */
static int
group_cmp(const void *pa, const void *pb)
{
	const struct group *a = pa, *b = pb;
	int d;

	if ((a->deadline == NULL) != (b->deadline == NULL))
		return a->deadline == NULL ? 1 : -1;
	if (a->deadline != NULL && (d = strcmp(a->deadline, b->deadline)) != 0)
		return d;
	if ((d = strcmp(a->stage, b->stage)) != 0 || (d = strcmp(a->state, b->state)) != 0)
		return d;
	return a->province < b->province ? -1 : a->province > b->province;
}

/*
 * The lagging groups of the PROGRESS_COUNTS rows counts, in the list's
 * order: [{stage, deadline_at, state, province_code, n}], the rows of one
 * province, stage and state (of each unit type) added up. The country's
 * rows by unit type name no province and are left out. NULL when out of
 * memory.
 */
static json_t *
lagging_groups(const struct progress_dash *v, json_t *counts)
{
	struct group *g = calloc(json_array_size(counts) + 1, sizeof(*g));
	json_t *out = json_array(), *row, *prov;
	size_t i, n = 0;
	enum stage st;

	if (g == NULL || out == NULL) {
		free(g);
		json_decref(out);
		return NULL;
	}
	json_array_foreach(counts, i, row) {
		struct group x = { json_string_value(json_object_get(row, "stage")),
			json_string_value(json_object_get(row, "state")), NULL, 0,
			json_integer_value(json_object_get(row, "n")) };
		struct cycle_lag lag;

		if (!json_is_integer(prov = json_object_get(row, "province_code")) ||
		    x.stage == NULL || x.state == NULL || x.n <= 0)
			continue;
		lag = progress_lag(v, x.stage, x.state);
		if (!lag.not_started && !lag.late)
			continue;
		x.province = json_integer_value(prov);
		x.deadline = (st = stage_parse(x.stage)) < STAGE_MAX ? v->deadline[st] : NULL;
		g[n++] = x;
	}
	qsort(g, n, sizeof(*g), group_cmp);
	for (i = 0; i < n; i++) {
		if (i + 1 < n && group_cmp(&g[i], &g[i + 1]) == 0) {
			g[i + 1].n += g[i].n;
			continue;
		}
		json_array_append_new(out,
		    json_pack("{s:s, s:s?, s:s, s:I, s:I}", "stage", g[i].stage,
			"deadline_at", g[i].deadline, "state", g[i].state,
			"province_code", g[i].province, "n", g[i].n));
	}
	free(g);
	return out;
}

/* Up to need participations of the stage of groups[from, to) that lag
 * behind, in the list's order, appended to rows. */
static int
stage_rows(struct db_conn *c, const struct progress_dash *v, const struct lag_scope *s,
    json_t *groups, size_t from, size_t to, int64_t need, json_t *rows, struct err *e)
{
	struct db_param p[7];
	json_t *got = json_array(), **sorted = NULL;
	size_t i, n;
	int rc = -1;

	p[0] = v->prm[4];
	p[1] = DBP_TEXT(
	    json_string_value(json_object_get(json_array_get(groups, from), "stage")));
	for (i = from; i < to; i++)
		if (!state_seen(groups, from, i) &&
		    read_rest(c, p, s,
			json_string_value(json_object_get(json_array_get(groups, i), "state")),
			need, got, e) < 0)
			goto out;
	if (!s->national && read_provinces(c, p, s, groups, from, to, need, got, e) < 0)
		goto out;
	n = json_array_size(got);
	if (n > 0 && (sorted = calloc(n, sizeof(*sorted))) == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < n; i++)
		sorted[i] = json_array_get(got, i);
	qsort(sorted, n, sizeof(*sorted), row_cmp);
	for (i = 0; i < n && (int64_t)i < need; i++)
		json_array_append(rows, sorted[i]);
	rc = 0;
out:
	free(sorted);
	json_decref(got);
	return rc;
}

int
progress_lagging_model(struct request *req, struct db_conn *c, struct progress_dash *v,
    json_t *counts, json_t *model, struct err *e)
{
	struct lag_scope s = { v->prm[0].i == 1, param_array(&v->prm[1]),
		param_array(&v->prm[2]), param_array(&v->prm[3]), &v->prm[1] };
	json_t *rows = json_array(), *groups = NULL, *st;
	int64_t total = 0, shown, need;
	const char *more, *stage;
	size_t i, from;

	if ((groups = lagging_groups(v, counts)) == NULL) {
		web_nomem(e);
		goto fail;
	}
	for (from = 0; from < json_array_size(groups); from = i) {
		stage = json_string_value(
		    json_object_get(json_array_get(groups, from), "stage"));
		for (i = from; i < json_array_size(groups); i++) {
			st = json_array_get(groups, i);
			if (strcmp(json_string_value(json_object_get(st, "stage")), stage) != 0)
				break;
			total += json_integer_value(json_object_get(st, "n"));
		}
		need = LAGGING_LIMIT - (int64_t)json_array_size(rows);
		if (need > 0 && stage_rows(c, v, &s, groups, from, i, need, rows, e) < 0)
			goto fail;
	}
	json_decref(groups);
	json_decref(s.provinces);
	json_decref(s.orgs);
	json_decref(s.units);
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
	json_decref(groups);
	json_decref(s.provinces);
	json_decref(s.orgs);
	json_decref(s.units);
	json_decref(rows);
	return -1;
}
