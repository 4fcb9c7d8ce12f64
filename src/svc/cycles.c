/*
 * cycles.c - creating programme cycles and enrolling units (see cycles.h).
 */
#include <stdio.h>
#include <string.h>

#include "svc/audit.h"
#include "svc/cycles.h"
#include "svc/participation.h"
#include "base/buf.h"
#include "base/timefmt.h"
#include "core/registry.h"

/* A refusal of the form, the catalog's text of key in s's language. */
static int
invalid(struct svc *s, const char *key, struct err *e)
{
	err_set(e, ERR_INVALID, "%s", i18n_get(s->lang, key));
	return -1;
}

/* The cycle's rows: the cycle and its stages, with the audit entry. */
static int
create_write(struct svc *s, const struct cycle_in *in, int64_t *id, struct err *e)
{
	char now[TIME_ISO_LEN], opens[TIME_ISO_LEN], deadline[TIME_ISO_LEN];
	size_t i;

	time_iso(s->now, now);
	if (db_exec_int(s->c, DB_CYCLE_INSERT,
		(struct db_param[]){ DBP_TEXT(in->programme), DBP_INT(in->year),
		    DBP_TEXT(in->title), DBP_INT(in->rulebook), DBP_TEXT(tz_code(in->tz)),
		    DBP_TEXT(now), s->actor_id ? DBP_INT(s->actor_id) : DBP_NULL },
		7, "id", id, e) < 0)
		return -1;
	if (*id == 0)
		return invalid(s, "cycles.title_taken", e);
	for (i = 0; i < in->window_count; i++)
		if (db_exec(s->c, DB_CYCLE_STAGE_INSERT,
			(struct db_param[]){ DBP_INT(*id),
			    DBP_TEXT(stage_code(in->windows[i].stage)), DBP_INT((int64_t)i + 1),
			    DBP_TEXT(time_iso(in->windows[i].opens, opens)),
			    DBP_TEXT(time_iso(in->windows[i].deadline, deadline)) },
			5, NULL, e) < 0)
			return -1;
	return svc_audit_new(s, "cycle.create", "cycle", *id,
	    json_pack("{s:s, s:I, s:I}", "title", in->title, "rulebook_id",
		(json_int_t)in->rulebook, "stages", (json_int_t)in->window_count),
	    e);
}

int
cycle_create(struct svc *s, const struct cycle_in *in, int64_t *id, struct err *e)
{
	static const struct object_ref cycles = { .type = OBJ_CYCLE };
	struct rulebook *rb;
	enum cycle_problem cp;
	char key[96];
	size_t bad = 0;
	struct err e2;

	*id = 0;
	if (svc_authorize(s, ACT_CYCLE_MANAGE, &cycles, e) < 0)
		return -1;
	err_clear(&e2);
	if ((rb = rulebook_load_in(s->c, s->arena, in->rulebook, &e2)) == NULL) {
		if (e2.status < 500)
			return invalid(s, "cycles.rulebook_unknown", e);
		*e = e2;
		return -1;
	}
	if ((cp = cycle_check(in->windows, in->window_count, rb->stages, &bad)) != CYCLE_OK) {
		snprintf(key, sizeof(key), "cycles.problem.%s", cycle_problem_key(cp));
		return invalid(s, key, e);
	}
	if (svc_begin(s, e) < 0)
		return -1;
	if (svc_end(s, create_write(s, in, id, e), e) < 0) {
		*id = 0;
		return -1;
	}
	return 0;
}

/* Unit id may be enrolled by s's actor under rb: policy, then type. */
static int
unit_check(struct svc *s, const struct rulebook *rb, int64_t id, struct err *e)
{
	struct object_ref ref;
	const char *type;
	json_t *u;
	size_t i;
	int rc = -1;

	if ((u = db_row(s->c, DB_UNIT_GET, id, "unit", e)) == NULL)
		return -1;
	ref = registry_unit_ref(id,
	    (int)json_integer_value(json_object_get(u, "province_code")),
	    json_integer_value(json_object_get(u, "organization_id")));
	if (svc_authorize(s, ACT_ENROL, &ref, e) < 0)
		goto out;
	type = json_string_value(json_object_get(u, "unit_type"));
	for (i = 0; type != NULL && i < rb->unit_type_count; i++)
		if (strcmp(rb->unit_types[i], type) == 0)
			break;
	if (type == NULL || i == rb->unit_type_count) {
		err_set(e, ERR_UNIT_TYPE_NOT_COVERED,
		    "the cycle's rulebook does not apply to this unit type");
		goto out;
	}
	rc = 0;
out:
	json_decref(u);
	return rc;
}

/* The cycle's rulebook and first stage, after the policy lets the actor
 * see the cycle. */
static struct rulebook *
enrol_start(struct svc *s, int64_t cycle, enum stage *first, struct err *e)
{
	struct object_ref ref = { .type = OBJ_CYCLE, .id = cycle };
	json_t *rows = NULL;
	int64_t rb_id;

	if (svc_authorize(s, ACT_VIEW, &ref, e) < 0 ||
	    db_exec_int(s->c, DB_CYCLE_GET, (struct db_param[]){ DBP_INT(cycle) }, 1,
		"rulebook_id", &rb_id, e) < 0)
		return NULL;
	if (rb_id == 0) {
		err_set(e, ERR_NOT_FOUND, "no such cycle");
		return NULL;
	}
	if (db_exec(s->c, DB_CYCLE_STAGES, (struct db_param[]){ DBP_INT(cycle) }, 1,
		&rows, e) < 0)
		return NULL;
	*first = stage_parse(
	    json_string_value(json_object_get(json_array_get(rows, 0), "stage")));
	json_decref(rows);
	if (*first == STAGE_MAX) {
		err_set(e, ERR_NO_STAGES, "the cycle runs no stage");
		return NULL;
	}
	return rulebook_load_in(s->c, s->arena, rb_id, e);
}

/* Enrol every unit the match holds whose type rb covers; *added. */
static int
enrol_match(struct svc *s, const struct enrol_in *in, const struct rulebook *rb,
    enum stage first, const char *now, size_t *added, struct err *e)
{
	struct db_param prm[16];
	json_t *rows = NULL;
	const char *list;
	struct buf types;
	size_t i;

	buf_init(&types, 0);
	for (i = 0; i < rb->unit_type_count; i++)
		buf_printf(&types, "%s%s", i ? "," : "", rb->unit_types[i]);
	list = types.failed ? NULL : arena_strdup(s->arena, buf_cstr(&types));
	buf_free(&types);
	if (list == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	memcpy(prm, in->match, 10 * sizeof(prm[0]));
	prm[10] = DBP_TEXT(list);
	prm[11] = DBP_INT(in->cycle);
	prm[12] = DBP_TEXT(stage_code(first));
	prm[13] = DBP_TEXT(pstate_code(stage_entry_state(first)));
	prm[14] = DBP_TEXT(now);
	prm[15] = s->actor_id ? DBP_INT(s->actor_id) : DBP_NULL;
	if (db_exec(s->c, DB_PARTICIPATION_ENROL, prm, 16, &rows, e) < 0)
		return -1;
	*added = json_array_size(rows);
	json_decref(rows);
	return 0;
}

/* Enrol in->units, each checked; *added, parts. */
static int
enrol_units(struct svc *s, const struct enrol_in *in, const struct rulebook *rb,
    enum stage first, const char *now, size_t *added, int64_t *parts, struct err *e)
{
	json_t *rows;
	int64_t pid;
	size_t i;

	for (i = 0; i < in->unit_count; i++) {
		rows = NULL;
		if (unit_check(s, rb, in->units[i], e) < 0 ||
		    db_exec(s->c, DB_PARTICIPATION_INSERT,
			(struct db_param[]){ DBP_INT(in->cycle), DBP_INT(in->units[i]),
			    DBP_TEXT(stage_code(first)),
			    DBP_TEXT(pstate_code(stage_entry_state(first))),
			    DBP_TEXT(now), s->actor_id ? DBP_INT(s->actor_id) : DBP_NULL },
			6, &rows, e) < 0)
			return -1;
		pid = json_integer_value(json_object_get(json_array_get(rows, 0), "id"));
		json_decref(rows);
		if (parts != NULL)
			parts[i] = pid;
		if (pid != 0)
			(*added)++;
	}
	return 0;
}

int
cycle_enrol(struct svc *s, const struct enrol_in *in, size_t *added, int64_t *parts,
    struct err *e)
{
	const struct rulebook *rb;
	enum stage first;
	char now[TIME_ISO_LEN];
	int rc;

	*added = 0;
	if ((rb = enrol_start(s, in->cycle, &first, e)) == NULL)
		return -1;
	time_iso(s->now, now);
	if (svc_begin(s, e) < 0)
		return -1;
	rc = in->unit_count > 0 || in->match == NULL
	    ? enrol_units(s, in, rb, first, now, added, parts, e)
	    : enrol_match(s, in, rb, first, now, added, e);
	if (rc == 0 && *added > 0)
		rc = svc_audit_new(s, "cycle.enrol", "cycle", in->cycle,
		    json_pack("{s:I, s:I}", "enrolled", (json_int_t)*added, "unit",
			(json_int_t)(in->unit_count == 1 ? in->units[0] : 0)),
		    e);
	if (svc_end(s, rc, e) < 0) {
		*added = 0;
		return -1;
	}
	return 0;
}

int
cycle_rulebook_latest(struct svc *s, const char *code, int64_t *id, struct err *e)
{
	*id = 0;
	return db_exec_int(s->c, DB_RULEBOOK_LATEST,
	    (struct db_param[]){ DBP_TEXT(code) }, 1, "id", id, e);
}
