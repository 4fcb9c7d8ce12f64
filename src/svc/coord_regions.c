/*
 * coord_regions.c - coordination regions (coord_regions.h): the admin's
 * writes, each in its own transaction with its audit entry, and the reads
 * that group provinces by region and route declaration requests.
 *
 * Membership is kept as periods (coord_region_member): moving a province
 * closes its current period and opens one in the new region, so the table
 * is its own history and the unique index on the open period keeps a
 * province in one region at a time. Nothing about a declaration request
 * names its approver: the approver is whoever covers the unit's province
 * now, so a moved province's waiting requests follow it without a write.
 */
#include <string.h>

#include "svc/audit.h"
#include "svc/coord_regions.h"
#include "base/buf.h"
#include "base/str.h"
#include "base/timefmt.h"
#include "core/region.h"
#include "core/registry.h"
#include "svc/registry.h"

/* The policy's reference to region id (0: one to be created). */
static struct object_ref
region_ref(int64_t id)
{
	return (struct object_ref){ .type = OBJ_REGION, .id = id };
}

struct coord_region_map *
coord_region_map_load(struct svc *s, struct err *e)
{
	struct coord_region_map *m;
	json_t *rows = NULL, *row;
	int64_t code;
	size_t i;

	if ((m = arena_alloc(s->arena, sizeof(*m))) == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		return NULL;
	}
	memset(m, 0, sizeof(*m));
	if (db_exec(s->c, DB_COORD_REGION_MEMBERS, NULL, 0, &rows, e) < 0)
		return NULL;
	json_array_foreach(rows, i, row) {
		code = json_integer_value(json_object_get(row, "province_code"));
		if (code <= 0 || code >= 100)
			continue;
		m->id[code] = json_integer_value(json_object_get(row, "region_id"));
		m->name[code] = arena_strdup(s->arena,
		    json_string_value(json_object_get(row, "region_name")));
	}
	json_decref(rows);
	return m;
}

/* {code, name} of province code. */
static json_t *
province_json(int code)
{
	const struct province *p = province_find(code);

	return json_pack("{s:i, s:s}", "code", code, "name", p != NULL ? p->name : "");
}

/* Add to region row its provinces now (from m) and its coordinators. */
static int
region_fill(struct svc *s, json_t *row, const struct coord_region_map *m, struct err *e)
{
	int64_t id = json_integer_value(json_object_get(row, "id"));
	json_t *list = json_array(), *people = NULL;
	int code;

	for (code = 11; code < 100; code++)
		if (m->id[code] == id)
			json_array_append_new(list, province_json(code));
	json_object_set_new(row, "province_count",
	    json_integer((json_int_t)json_array_size(list)));
	json_object_set_new(row, "has_provinces", json_boolean(json_array_size(list) > 0));
	json_object_set_new(row, "provinces", list);
	if (db_exec(s->c, DB_COORD_REGION_COORDINATORS,
		(struct db_param[]){ DBP_INT(id) }, 1, &people, e) < 0)
		return -1;
	json_object_set_new(row, "has_coordinators",
	    json_boolean(json_array_size(people) > 0));
	json_object_set_new(row, "coordinators", people);
	return 0;
}

json_t *
coord_region_list(struct svc *s, struct err *e)
{
	struct coord_region_map *m;
	json_t *rows = NULL, *row;
	size_t i;

	if ((m = coord_region_map_load(s, e)) == NULL ||
	    db_exec(s->c, DB_COORD_REGION_LIST, NULL, 0, &rows, e) < 0)
		return NULL;
	json_array_foreach(rows, i, row)
		if (region_fill(s, row, m, e) < 0) {
			json_decref(rows);
			return NULL;
		}
	return rows;
}

json_t *
coord_region_get(struct svc *s, int64_t id, struct err *e)
{
	struct object_ref ref = region_ref(id);
	struct coord_region_map *m;
	json_t *row, *hist = NULL, *h;
	const struct province *p;
	size_t i;

	if (svc_authorize(s, ACT_VIEW, &ref, e) < 0)
		return NULL;
	if ((row = db_row(s->c, DB_COORD_REGION_GET, id, "region", e)) == NULL)
		return NULL;
	if ((m = coord_region_map_load(s, e)) == NULL || region_fill(s, row, m, e) < 0 ||
	    db_exec(s->c, DB_COORD_REGION_HISTORY, (struct db_param[]){ DBP_INT(id) }, 1,
		&hist, e) < 0) {
		json_decref(row);
		return NULL;
	}
	json_array_foreach(hist, i, h) {
		p = province_find(
		    (int)json_integer_value(json_object_get(h, "province_code")));
		json_object_set_new(h, "province_name", json_string(p != NULL ? p->name : ""));
		json_object_set_new(h, "is_current",
		    json_boolean(json_is_null(json_object_get(h, "left_at"))));
	}
	json_object_set_new(row, "has_history", json_boolean(json_array_size(hist) > 0));
	json_object_set_new(row, "history", hist);
	return row;
}

json_t *
coord_region_options(struct svc *s, int64_t selected)
{
	json_t *rows = NULL, *row, *a = json_array();
	struct err e = { 0 };
	char value[24];
	int64_t id;
	size_t i;

	if (db_exec(s->c, DB_COORD_REGION_LIST, NULL, 0, &rows, &e) < 0)
		return a;
	json_array_foreach(rows, i, row) {
		id = json_integer_value(json_object_get(row, "id"));
		snprintf(value, sizeof(value), "%lld", (long long)id);
		json_array_append_new(a,
		    json_pack("{s:s, s:s, s:b}", "value", value, "label",
			json_string_value(json_object_get(row, "name")), "selected",
			id == selected));
	}
	json_decref(rows);
	return a;
}

/* The name as it will be stored (squeezed, in s->arena), or NULL with the
 * refusal in pr. */
static char *
name_judge(struct svc *s, int64_t id, const char *name, struct svc_problems *pr,
    struct err *e, int *failed)
{
	json_t *rows = NULL, *row;
	char *v;

	*failed = 0;
	if ((v = arena_strdup(s->arena, name != NULL ? name : "")) == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		*failed = 1;
		return NULL;
	}
	registry_squeeze(v);
	if (v[0] == '\0') {
		svc_problem(pr, "name", svc_msg(s, "coord.error.name_empty"));
		return NULL;
	}
	if (utf8_chars(v) > COORD_REGION_NAME_MAX) {
		svc_problem(pr, "name", svc_msg(s, "coord.error.name_long"));
		return NULL;
	}
	if (db_exec(s->c, DB_COORD_REGION_BY_NAME, (struct db_param[]){ DBP_TEXT(v) }, 1,
		&rows, e) < 0) {
		*failed = 1;
		return NULL;
	}
	row = json_array_get(rows, 0);
	if (row != NULL && json_integer_value(json_object_get(row, "id")) != id) {
		json_decref(rows);
		svc_problem(pr, "name", svc_msg(s, "coord.error.name_taken"));
		return NULL;
	}
	json_decref(rows);
	return v;
}

int
coord_region_create(struct svc *s, const char *name, int64_t *id, struct svc_problems *pr,
    struct err *e)
{
	struct object_ref ref = region_ref(0);
	char now[TIME_ISO_LEN];
	char *v;
	int failed;

	*id = 0;
	if (svc_authorize(s, ACT_CREATE, &ref, e) < 0 || svc_begin(s, e) < 0)
		return -1;
	v = name_judge(s, 0, name, pr, e, &failed);
	if (failed)
		goto fail;
	if (v != NULL) {
		time_iso(s->now, now);
		if (db_exec_int(s->c, DB_COORD_REGION_INSERT,
			(struct db_param[]){ DBP_TEXT(v),
			    s->actor_id ? DBP_INT(s->actor_id) : DBP_NULL, DBP_TEXT(now) },
			3, "id", id, e) < 0)
			goto fail;
		if (*id == 0)
			svc_problem(pr, "name", svc_msg(s, "coord.error.name_taken"));
		else if (svc_audit_new(s, "region.create", "region", *id,
			     json_pack("{s:s}", "name", v), e) < 0)
			goto fail;
	}
	return svc_finish(s, pr, e);
fail:
	svc_rollback(s);
	return -1;
}

int
coord_region_rename(struct svc *s, int64_t id, const char *name, struct svc_problems *pr,
    struct err *e)
{
	struct object_ref ref = region_ref(id);
	char now[TIME_ISO_LEN];
	json_t *row;
	char *v;
	int failed;

	if (svc_authorize(s, ACT_EDIT, &ref, e) < 0 || svc_begin(s, e) < 0)
		return -1;
	if ((row = db_row(s->c, DB_COORD_REGION_GET, id, "region", e)) == NULL)
		goto fail;
	v = name_judge(s, id, name, pr, e, &failed);
	if (failed) {
		json_decref(row);
		goto fail;
	}
	if (v != NULL) {
		time_iso(s->now, now);
		if (svc_exec_moved(s, DB_COORD_REGION_RENAME,
			(struct db_param[]){ DBP_INT(id), DBP_TEXT(v), DBP_TEXT(now) }, 3,
			e) < 0 ||
		    svc_audit_new(s, "region.rename", "region", id,
			json_pack("{s:O, s:s}", "from", json_object_get(row, "name"), "to", v),
			e) < 0) {
			json_decref(row);
			goto fail;
		}
	}
	json_decref(row);
	return svc_finish(s, pr, e);
fail:
	svc_rollback(s);
	return -1;
}

/* Mark region id changed at now. */
static int
region_touch(struct svc *s, int64_t id, const char *now, struct err *e)
{
	return db_exec(s->c, DB_COORD_REGION_TOUCH,
	    (struct db_param[]){ DBP_INT(id), DBP_TEXT(now) }, 2, NULL, e);
}

/* Close province's period in region from, the one it is in now, at now. */
static int
province_leave(struct svc *s, int province, int64_t from, const char *now, struct err *e)
{
	if (svc_exec_moved(s, DB_COORD_REGION_LEAVE,
		(struct db_param[]){ DBP_INT(province),
		    s->actor_id ? DBP_INT(s->actor_id) : DBP_NULL, DBP_TEXT(now) },
		3, e) < 0)
		return -1;
	return region_touch(s, from, now, e);
}

int
coord_region_move(struct svc *s, int64_t id, int province, struct svc_problems *pr,
    struct err *e)
{
	struct object_ref ref = region_ref(id);
	char now[TIME_ISO_LEN];
	int64_t from = 0;
	json_t *row;

	if (svc_authorize(s, ACT_EDIT, &ref, e) < 0 || svc_begin(s, e) < 0)
		return -1;
	if ((row = db_row(s->c, DB_COORD_REGION_GET, id, "region", e)) == NULL)
		goto fail;
	json_decref(row);
	if (province_find(province) == NULL) {
		svc_problem(pr, "province_code", svc_msg(s, "coord.error.province_unknown"));
		return svc_finish(s, pr, e);
	}
	if (db_exec_int(s->c, DB_COORD_REGION_OF_PROVINCE,
		(struct db_param[]){ DBP_INT(province) }, 1, "id", &from, e) < 0)
		goto fail;
	if (from == id) {
		svc_problem(pr, "province_code", svc_msg(s, "coord.error.already_there"));
		return svc_finish(s, pr, e);
	}
	time_iso(s->now, now);
	if (from != 0 && province_leave(s, province, from, now, e) < 0)
		goto fail;
	if (db_exec(s->c, DB_COORD_REGION_JOIN,
		(struct db_param[]){ DBP_INT(id), DBP_INT(province),
		    s->actor_id ? DBP_INT(s->actor_id) : DBP_NULL, DBP_TEXT(now) },
		4, NULL, e) < 0 ||
	    region_touch(s, id, now, e) < 0 ||
	    svc_audit_new(s, "region.province_move", "region", id,
		json_pack("{s:i, s:I}", "province", province, "from_region", (json_int_t)from),
		e) < 0)
		goto fail;
	return svc_finish(s, pr, e);
fail:
	svc_rollback(s);
	return -1;
}

int
coord_region_release(struct svc *s, int64_t id, int province, struct err *e)
{
	struct object_ref ref = region_ref(id);
	char now[TIME_ISO_LEN];
	int64_t from = 0;

	if (svc_authorize(s, ACT_EDIT, &ref, e) < 0 || svc_begin(s, e) < 0)
		return -1;
	if (db_exec_int(s->c, DB_COORD_REGION_OF_PROVINCE,
		(struct db_param[]){ DBP_INT(province) }, 1, "id", &from, e) < 0)
		goto fail;
	if (from != id) {
		err_set(e, ERR_REFUSED, "%s", svc_msg(s, "coord.error.not_there"));
		goto fail;
	}
	if (province_leave(s, province, id, time_iso(s->now, now), e) < 0)
		goto fail;
	return svc_audit_commit(s, "region.province_release", "region", id,
	    json_pack("{s:i}", "province", province), e);
fail:
	svc_rollback(s);
	return -1;
}

const char *
coord_region_name_of(struct svc *s, int province, struct err *e)
{
	return svc_first_text(s, DB_COORD_REGION_OF_PROVINCE,
	    (struct db_param[]){ DBP_INT(province) }, 1, "name", e);
}

/* Who decides, in words: the coordinators' names with their region, or
 * the programme admin. In s->arena. */
static const char *
approver_label(struct svc *s, json_t *region, json_t *people)
{
	const char *name = json_string_value(json_object_get(region, "name"));
	struct buf b;
	json_t *p;
	size_t i;
	char *out;

	if (json_array_size(people) == 0)
		return svc_msg(s, "coord.approver_admin");
	buf_init(&b, 0);
	json_array_foreach(people, i, p)
		buf_printf(&b, "%s%s", i ? ", " : "",
		    json_string_value(json_object_get(p, "full_name")));
	if (name != NULL)
		buf_printf(&b, " (%s)",
		    i18n_subst(s->arena, svc_msg(s, "coord.approver_region"), "region",
			name, (const char *)NULL));
	out = b.failed ? NULL : arena_strndup(s->arena, b.data, b.len);
	buf_free(&b);
	return out != NULL ? out : "";
}

json_t *
coord_region_approver(struct svc *s, int province, struct err *e)
{
	json_t *rows = NULL, *out, *region = json_null(), *people = json_array(), *row;
	size_t i;

	if (db_exec(s->c, DB_DECL_APPROVERS, (struct db_param[]){ DBP_INT(province) }, 1,
		&rows, e) < 0) {
		json_decref(people);
		return NULL;
	}
	json_array_foreach(rows, i, row) {
		if (json_is_null(region) && json_is_string(json_object_get(row, "region_name")))
			region = json_pack("{s:O}", "name",
			    json_object_get(row, "region_name"));
		json_array_append_new(people,
		    json_pack("{s:O, s:O}", "id", json_object_get(row, "id"), "full_name",
			json_object_get(row, "full_name")));
	}
	json_decref(rows);
	if (json_is_null(region)) {
		if (db_exec(s->c, DB_COORD_REGION_OF_PROVINCE,
			(struct db_param[]){ DBP_INT(province) }, 1, &rows, e) < 0) {
			json_decref(people);
			return NULL;
		}
		if ((row = json_array_get(rows, 0)) != NULL)
			region = json_pack("{s:O}", "name", json_object_get(row, "name"));
		json_decref(rows);
	}
	out = json_pack("{s:o, s:b, s:o, s:b, s:s}", "region", region, "has_region",
	    !json_is_null(region), "coordinators", people, "is_admin",
	    json_array_size(people) == 0, "label", approver_label(s, region, people));
	if (out == NULL)
		err_set(e, ERR_NOMEM, "out of memory");
	return out;
}

/* Is the actor among the approvers a of the request on row (DECL_DESK)?
 * When no coordinator covers it, whoever may approve it there decides:
 * the programme admin. */
static bool
approver_is_actor(struct svc *s, json_t *a, json_t *row)
{
	json_t *people = json_object_get(a, "coordinators"), *p;
	struct object_ref ref = { .type = OBJ_PARTICIPATION,
		.id = json_integer_value(json_object_get(row, "participation_id")),
		.at.province = (int)json_integer_value(json_object_get(row, "province_code")) };
	size_t i;

	if (json_is_true(json_object_get(a, "is_admin")))
		return policy_check(s->who, ACT_DECLARATION_APPROVE, &ref) == POLICY_ALLOW;
	json_array_foreach(people, i, p)
		if (json_integer_value(json_object_get(p, "id")) == s->actor_id)
			return true;
	return false;
}

json_t *
coord_region_desk(struct svc *s, struct err *e)
{
	struct db_param prm[REGISTRY_SCOPE_PARAMS + 1];
	json_t *rows = NULL, *row, *a;
	const struct province *p;
	size_t i;

	if (registry_scope_params(s->who, s->arena, prm) < 0) {
		err_set(e, ERR_NOMEM, "out of memory");
		return NULL;
	}
	prm[REGISTRY_SCOPE_PARAMS] = DBP_INT(200);
	if (db_exec(s->c, DB_DECL_DESK, prm, REGISTRY_SCOPE_PARAMS + 1, &rows, e) < 0)
		return NULL;
	json_array_foreach(rows, i, row) {
		int code = (int)json_integer_value(json_object_get(row, "province_code"));

		p = province_find(code);
		json_object_set_new(row, "province_name",
		    json_string(p != NULL ? p->name : ""));
		if ((a = coord_region_approver(s, code, e)) == NULL) {
			json_decref(rows);
			return NULL;
		}
		json_object_set_new(row, "is_mine",
		    json_boolean(approver_is_actor(s, a, row)));
		json_object_set_new(row, "approver", a);
	}
	return rows;
}
