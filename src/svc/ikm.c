/*
 * ikm.c - a unit's satisfaction index from the survey's counters, its view
 * model with the bars' geometry, the dashboards and the grade for an
 * assessment (ikm.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/code.h"
#include "core/region.h"
#include "core/survey.h"
#include "core/unit_type.h"
#include "svc/ikm.h"
#include "svc/registry.h"

const char *const ikm_element_codes[IKM_ELEMENT_COUNT] = {
	"u1",
	"u2",
	"u3",
	"u4",
	"u5",
	"u6",
	"u7",
	"u8",
	"u9",
};
const char *const ikm_element_labels[IKM_ELEMENT_COUNT] = {
	"U1",
	"U2",
	"U3",
	"U4",
	"U5",
	"U6",
	"U7",
	"U8",
	"U9",
};

/* clang-format off */
#define BAR_LEFT	0	/* the bars start at the chart's left edge */
#define BAR_W		300.0	/* the length of an NRR of 4 */
#define CHART_W		400	/* viewBox width: bars, then the value */
#define ROW_H		44	/* one element: its name, then its bar */
#define BAR_H		16
#define TOP		8
/* clang-format on */

bool
ikm_period_valid(const char *t)
{
	return survey_period_year(t) > 0;
}

const char *
ikm_number(struct svc *s, double v, int decimals)
{
	char *out = arena_printf(s->arena, "%.*f", decimals, v), *p;

	if (out != NULL && s->lang != LANG_EN && (p = strchr(out, '.')) != NULL)
		*p = ',';
	return out != NULL ? out : "";
}

const char *
ikm_grade_label(struct svc *s, enum ikm_grade g)
{
	char key[32];

	if (g <= IKM_GRADE_NONE || g >= IKM_GRADE_MAX)
		return "";
	snprintf(key, sizeof(key), "ikm.grade.%s", ikm_grade_code(g));
	return svc_msg(s, key);
}

/* The index of code among the index's elements, or -1. */
static int
element_index(const char *code)
{
	int i = code_find(ikm_element_codes, IKM_ELEMENT_COUNT, code);

	return i < IKM_ELEMENT_COUNT ? i : -1;
}

/* Add counter rows {element, value, n} (grp == want when grp is given)
 * into in. */
static void
add_counts(struct ikm_element_in *in, json_t *rows, json_t *want)
{
	json_int_t v, n;
	json_t *row;
	size_t i;
	int k;

	json_array_foreach(rows, i, row) {
		if (want != NULL && !json_equal(json_object_get(row, "grp"), want))
			continue;
		k = element_index(json_string_value(json_object_get(row, "element")));
		v = json_integer_value(json_object_get(row, "value"));
		n = json_integer_value(json_object_get(row, "n"));
		if (k >= 0 && v >= 1 && v <= IKM_VALUES && n > 0)
			in[k].counts[v - 1] += (uint64_t)n;
	}
}

/* The unit's newest period with answers into u->period, else the year
 * of s->now. */
static int
default_period(struct svc *s, struct ikm_unit *u, struct err *e)
{
	json_t *rows = NULL;
	const char *p;
	struct tm tm;

	if (db_exec(s->c, DB_IKM_PERIODS, (struct db_param[]){ DBP_INT(u->id) }, 1, &rows, e) < 0)
		return -1;
	p = json_string_value(json_object_get(json_array_get(rows, 0), "period"));
	if (p != NULL && ikm_period_valid(p))
		snprintf(u->period, sizeof(u->period), "%s", p);
	else {
		gmtime_r(&s->now, &tm);
		snprintf(u->period, sizeof(u->period), "%04d", (tm.tm_year + 1900) % 10000);
	}
	json_decref(rows);
	return 0;
}

/* The unit's row and names into u; 404 when it is not there or not active. */
static int
unit_row(struct svc *s, int64_t unit_id, struct ikm_unit *u, struct err *e)
{
	json_t *rows = NULL, *row;

	if (db_exec(s->c, DB_UNIT_GET, (struct db_param[]){ DBP_INT(unit_id) }, 1, &rows, e) < 0)
		return -1;
	row = json_array_get(rows, 0);
	if (row == NULL || json_integer_value(json_object_get(row, "active")) == 0) {
		json_decref(rows);
		err_set(e, ERR_NOT_FOUND, "no active unit %" PRId64, unit_id);
		return -1;
	}
	registry_decorate(s->lang, row);
#define TEXT(k) \
	arena_strdup(s->arena, \
	    json_string_value(json_object_get(row, k)) \
		? json_string_value(json_object_get(row, k)) \
		: "")
	u->id = unit_id;
	u->name = TEXT("name");
	u->unit_type = TEXT("unit_type");
	u->unit_type_name = TEXT("unit_type_name");
	u->province_name = TEXT("province_name");
#undef TEXT
	u->province = (int)json_integer_value(json_object_get(row, "province_code"));
	u->organization_id = json_integer_value(json_object_get(row, "organization_id"));
	json_decref(rows);
	if (u->name == NULL || u->unit_type_name == NULL || u->province_name == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	return 0;
}

/* The yearly users the unit entered for the period's year, and the sample
 * they need. The users' table is the survey's; a unit that entered none
 * has an unknown sample. */
static int
sample_of(struct svc *s, struct ikm_unit *u, struct err *e)
{
	int year = (int)strtol(u->period, NULL, 10);
	int64_t users;

	if (db_exec_int(s->c, DB_SURVEY_USERS_GET,
		(struct db_param[]){ DBP_INT(u->id), DBP_INT(year) }, 2, "users", &users, e) < 0)
		return -1;
	u->users = users > 0 ? (uint64_t)users : 0;
	u->sample_min = ikm_sample_min(u->users);
	u->sample_enough = ikm_sample_enough(u->r.respondents, u->users);
	return 0;
}

int
ikm_unit_load(struct svc *s, int64_t unit_id, const char *period, struct ikm_unit *u,
    struct err *e)
{
	struct ikm_element_in in[IKM_ELEMENT_COUNT];
	json_t *rows = NULL, *row;
	const char *last;
	struct db_param prm[2];

	memset(u, 0, sizeof(*u));
	memset(in, 0, sizeof(in));
	if (unit_row(s, unit_id, u, e) < 0)
		return -1;
	if (period != NULL && period[0] != '\0') {
		if (!ikm_period_valid(period)) {
			err_set(e, ERR_NOT_FOUND, "no such period");
			return -1;
		}
		snprintf(u->period, sizeof(u->period), "%s", period);
	} else if (default_period(s, u, e) < 0)
		return -1;
	prm[0] = DBP_INT(unit_id);
	prm[1] = DBP_TEXT(u->period);
	if (db_exec(s->c, DB_IKM_COUNTS, prm, 2, &rows, e) < 0)
		return -1;
	add_counts(in, rows, NULL);
	json_decref(rows);
	if (db_exec(s->c, DB_IKM_RESPONDENTS, prm, 2, &rows, e) < 0)
		return -1;
	row = json_array_get(rows, 0);
	last = json_string_value(json_object_get(row, "last_at"));
	u->last_at = last != NULL ? arena_strdup(s->arena, last) : NULL;
	ikm_compute(in, IKM_ELEMENT_COUNT,
	    (uint64_t)json_integer_value(json_object_get(row, "n")), &u->r);
	json_decref(rows);
	return sample_of(s, u, e);
}

int
ikm_year_grade(struct svc *s, int64_t unit_id, int year, struct ikm_unit *u, struct err *e)
{
	char y[IKM_PERIOD_LEN];

	snprintf(y, sizeof(y), "%04d", year % 10000);
	return ikm_unit_load(s, unit_id, y, u, e);
}

/* "Semester 1 2026", "Tahun 2026", ... in s's language. */
static const char *
period_label(struct svc *s, const char *p)
{
	char year[5], n[3];
	const char *key;

	snprintf(year, sizeof(year), "%.4s", p);
	if (strlen(p) == 4)
		return i18n_subst(s->arena, svc_msg(s, "ikm.period_name.year"), "year",
		    year, (const char *)NULL);
	if (p[5] == 'Q') {
		key = "ikm.period_name.quarter";
		snprintf(n, sizeof(n), "%c", p[6]);
	} else if (strlen(p) == 6) {
		key = "ikm.period_name.semester";
		snprintf(n, sizeof(n), "%c", p[5]);
	} else {
		key = "ikm.period_name.month";
		snprintf(n, sizeof(n), "%.2s", p + 5);
	}
	return i18n_subst(s->arena, svc_msg(s, key), "n", n, "year", year, (const char *)NULL);
}

/* The elements with their bars: {code, name, nrr, weighted, answered,
 * y, bar_y, width, value_x}. */
static json_t *
elements_json(struct svc *s, const struct ikm_unit *u)
{
	json_t *out = json_array();
	char key[32];
	double w;
	int i, y;

	for (i = 0; i < IKM_ELEMENT_COUNT; i++) {
		const struct ikm_element *el = &u->r.elements[i];

		snprintf(key, sizeof(key), "ikm.element.%s", ikm_element_labels[i]);
		y = TOP + i * ROW_H;
		w = el->nrr / 4.0 * BAR_W;
		json_array_append_new(out,
		    json_pack("{s:s, s:s, s:s, s:s, s:I, s:i, s:i, s:s, s:s}", "code",
			ikm_element_labels[i], "name", svc_msg(s, key), "nrr",
			ikm_number(s, el->nrr, 2), "weighted", ikm_number(s, el->weighted, 3),
			"answered", (json_int_t)el->answered, "text_y", y + 14, "bar_y",
			y + 20, "width", arena_printf(s->arena, "%.1f", w), "value_x",
			arena_printf(s->arena, "%.1f", BAR_LEFT + w + 6)));
	}
	return out;
}

json_t *
ikm_unit_json(struct svc *s, const struct ikm_unit *u)
{
	const char *enough = !u->users ? "ikm.sample.unknown"
	    : u->sample_enough         ? "ikm.sample.enough"
				       : "ikm.sample.short";
	char users[24], min[24], n[24];
	json_t *m;

	snprintf(users, sizeof(users), "%" PRIu64, u->users);
	snprintf(min, sizeof(min), "%" PRIu64, u->sample_min);
	snprintf(n, sizeof(n), "%" PRIu64, u->r.respondents);
	m = json_pack("{s:{s:I, s:s, s:s, s:s}, s:s, s:s, s:I, s:b, s:o, s:s, s:s}", "unit",
	    "id", (json_int_t)u->id, "name", u->name, "province_name", u->province_name,
	    "unit_type_name", u->unit_type_name, "period", u->period, "period_label",
	    period_label(s, u->period), "respondents", (json_int_t)u->r.respondents,
	    "has_data", u->r.has_data, "elements", elements_json(s, u), "sample_text",
	    i18n_subst(s->arena, svc_msg(s, enough), "users", users, "min", min, "n", n,
		(const char *)NULL),
	    "last_at", u->last_at != NULL ? u->last_at : "");
	if (m == NULL)
		return NULL;
	if (u->r.has_data) {
		json_object_set_new(m, "index", json_string(ikm_number(s, u->r.index, 4)));
		json_object_set_new(m, "ikm",
		    json_string(ikm_number(s, (double)u->r.ikm_hundredths / 100.0, 2)));
		json_object_set_new(m, "grade", json_string(ikm_grade_code(u->r.grade)));
		json_object_set_new(m, "grade_label",
		    json_string(ikm_grade_label(s, u->r.grade)));
	}
	json_object_set_new(m, "sample_enough", json_boolean(u->sample_enough));
	json_object_set_new(m, "chart",
	    json_pack("{s:i, s:i, s:s}", "width", CHART_W, "height",
		TOP + IKM_ELEMENT_COUNT * ROW_H,
		arena_printf(s->arena, "0 0 %d %d", CHART_W, TOP + IKM_ELEMENT_COUNT * ROW_H),
		"viewbox"));
	return m;
}

int
ikm_periods_all(struct svc *s, json_t **out, struct err *e)
{
	return db_exec(s->c, DB_IKM_PERIODS_ALL, NULL, 0, out, e);
}

/* The name of a dashboard group. */
static const char *
group_name(struct svc *s, enum db_stmt st, json_t *key, json_t *names)
{
	const struct province *p;
	const struct unit_type *t;
	json_t *row;
	size_t i;

	if (st == DB_IKM_RESPONDENTS_BY_PROVINCE) {
		p = province_find((int)json_integer_value(key));
		return p != NULL ? p->name : "";
	}
	if (st == DB_IKM_RESPONDENTS_BY_TYPE) {
		t = unit_type_find(json_string_value(key));
		return t == NULL         ? json_string_value(key)
		    : s->lang == LANG_EN ? t->name_en
					 : t->name_id;
	}
	json_array_foreach(names, i, row)
		if (json_equal(json_object_get(row, "id"), key))
			return json_string_value(json_object_get(row, "name"));
	return "";
}

/* One dashboard table: the respondents' groups with their index. */
static int
group_table(struct svc *s, struct db_param *prm, enum db_stmt counts_st,
    enum db_stmt resp_st, json_t **out, struct err *e)
{
	json_t *counts = NULL, *resp = NULL, *names = NULL, *row, *ids;
	struct ikm_element_in in[IKM_ELEMENT_COUNT];
	struct ikm_result r;
	const char *idtext;
	size_t i;

	*out = json_array();
	if (db_exec(s->c, counts_st, prm, 6, &counts, e) < 0 ||
	    db_exec(s->c, resp_st, prm, 6, &resp, e) < 0)
		goto fail;
	if (resp_st == DB_IKM_RESPONDENTS_BY_UNIT) {
		ids = json_array();
		json_array_foreach(resp, i, row)
			json_array_append(ids, json_object_get(row, "grp"));
		idtext = json_dumps(ids, JSON_COMPACT);
		json_decref(ids);
		if (idtext == NULL ||
		    db_exec(s->c, DB_IKM_UNIT_NAMES,
			(struct db_param[]){ DBP_TEXT(idtext) }, 1, &names, e) < 0) {
			free((void *)idtext);
			goto fail;
		}
		free((void *)idtext);
	}
	json_array_foreach(resp, i, row) {
		json_t *key = json_object_get(row, "grp");

		memset(in, 0, sizeof(in));
		add_counts(in, counts, key);
		ikm_compute(in, IKM_ELEMENT_COUNT,
		    (uint64_t)json_integer_value(json_object_get(row, "n")), &r);
		json_array_append_new(*out,
		    json_pack("{s:O, s:s, s:O, s:O, s:s, s:s, s:s, s:b}", "key", key,
			"name", group_name(s, resp_st, key, names), "units",
			json_object_get(row, "units"), "respondents",
			json_object_get(row, "n"), "ikm",
			r.has_data ? ikm_number(s, (double)r.ikm_hundredths / 100.0, 2) : "-",
			"grade", ikm_grade_code(r.grade), "grade_label",
			ikm_grade_label(s, r.grade), "has_data", r.has_data));
	}
	json_decref(counts);
	json_decref(resp);
	json_decref(names);
	return 0;
fail:
	json_decref(counts);
	json_decref(resp);
	json_decref(names);
	json_decref(*out);
	*out = NULL;
	return -1;
}

int
ikm_dashboard(struct svc *s, const struct db_param *scope, const char *period,
    int province, json_t **out, struct err *e)
{
	json_t *prov = NULL, *types = NULL, *units = NULL;
	struct db_param prm[6];

	memcpy(prm, scope, 4 * sizeof(*prm));
	prm[4] = DBP_TEXT(period);
	prm[5] = DBP_NULL;
	*out = NULL;
	if (group_table(s, prm, DB_IKM_COUNTS_BY_PROVINCE, DB_IKM_RESPONDENTS_BY_PROVINCE,
		&prov, e) < 0)
		return -1;
	if (province != 0)
		prm[5] = DBP_INT(province);
	if (group_table(s, prm, DB_IKM_COUNTS_BY_TYPE, DB_IKM_RESPONDENTS_BY_TYPE, &types, e) < 0)
		goto fail;
	if (province != 0 &&
	    group_table(s, prm, DB_IKM_COUNTS_BY_UNIT, DB_IKM_RESPONDENTS_BY_UNIT, &units, e) < 0)
		goto fail;
	*out = json_pack("{s:o, s:o, s:o}", "provinces", prov, "types", types, "units",
	    units != NULL ? units : json_array());
	return *out != NULL ? 0 : -1;
fail:
	json_decref(prov);
	json_decref(types);
	return -1;
}
