/*
 * units.c - registering and changing units (registry.h). Besides what the
 * fields say on their own (codes, formats), a unit's organization must
 * exist, be active, be national or within the actor's view (what the
 * form's picker offers: svc/pick.h) and own units of that type in that
 * place; its parent
 * must be a unit the actor sees and not the unit itself or one below it;
 * its organization may hold no other unit of that name; and the policy
 * must let the actor create (or edit) a unit there: a regional office
 * cannot move a unit out of its own province. The whole judgement runs in
 * the write's transaction.
 */
#include <string.h>

#include "svc/audit.h"
#include "svc/progress_store.h"
#include "svc/registry.h"
#include "base/timefmt.h"
#include "core/region.h"
#include "core/unit_type.h"

#define PARENT_DEPTH_MAX 64 /* deeper chains are refused as cycles */
#define SECTOR_MAX 64       /* bytes of a normalised sector */

/* The unit as it stands before an update. */
struct unit_now {
	int64_t id;        /* 0: a new unit */
	int64_t org_id;    /* its organization */
	int64_t parent_id; /* its parent, 0: none */
};

/* A unit once judged: what will be written besides the input. */
struct unit_checked {
	char *name;   /* squeezed */
	char *sector; /* normalised */
	int regency;  /* code, 0: none */
};

/* The organization the input names, when usable. */
struct unit_org {
	bool ok; /* found, and active or the unit's own */
	enum org_kind kind;
	int province, regency;
};

/* Unit id exists and the actor may edit it; cur receives where it is. */
static int
unit_reachable(struct svc *s, int64_t id, struct unit_now *cur, struct err *e)
{
	struct object_ref ref;
	json_t *row;

	if ((row = db_row(s->c, DB_UNIT_PLACE, id, "unit", e)) == NULL)
		return -1;
	cur->id = id;
	cur->org_id = json_integer_value(json_object_get(row, "organization_id"));
	cur->parent_id = json_integer_value(json_object_get(row, "parent_unit_id"));
	ref = registry_unit_ref(id,
	    (int)json_integer_value(json_object_get(row, "province_code")), cur->org_id);
	json_decref(row);
	return svc_authorize(s, ACT_EDIT, &ref, e);
}

/* Does following parents up from parent reach unit id? */
static int
reaches(struct svc *s, int64_t parent, int64_t id, bool *cycle, struct err *e)
{
	json_t *rows = NULL;
	int depth;

	*cycle = false;
	for (depth = 0; parent != 0; depth++) {
		if (parent == id || depth == PARENT_DEPTH_MAX) {
			*cycle = true;
			return 0;
		}
		if (db_exec(s->c, DB_UNIT_PLACE, (struct db_param[]){ DBP_INT(parent) },
			1, &rows, e) < 0)
			return -1;
		parent = json_integer_value(
		    json_object_get(json_array_get(rows, 0), "parent_unit_id"));
		json_decref(rows);
		rows = NULL;
	}
	return 0;
}

/* May a unit of the actor's be given to organization id (an ORG_GET row):
 * a national one, or one the actor sees? */
static bool
org_offered(struct svc *s, json_t *row, int64_t id)
{
	int province = (int)json_integer_value(json_object_get(row, "province_code"));
	struct object_ref ref = registry_org_ref(id, province);

	return province == 0 || policy_check(s->who, ACT_VIEW, &ref) == POLICY_ALLOW;
}

/* The organization in->org_id names, into o; problems on its field. */
static int
check_owner(struct svc *s, const struct unit_input *in, const struct unit_now *cur,
    struct unit_org *o, struct svc_problems *pr, struct err *e)
{
	json_t *rows = NULL, *row;

	memset(o, 0, sizeof(*o));
	if (in->org_id <= 0)
		return 0;
	if (db_exec(s->c, DB_ORG_GET, (struct db_param[]){ DBP_INT(in->org_id) }, 1,
		&rows, e) < 0)
		return -1;
	if ((row = json_array_get(rows, 0)) == NULL)
		registry_flag(s, pr, "organization_id", RP_ORG_UNKNOWN);
	else if (!json_integer_value(json_object_get(row, "active")) && in->org_id != cur->org_id)
		registry_flag(s, pr, "organization_id", RP_ORG_INACTIVE);
	else if (in->org_id != cur->org_id && !org_offered(s, row, in->org_id))
		registry_flag(s, pr, "organization_id", RP_ORG_UNKNOWN); /* no probing */
	else {
		o->ok = true;
		o->kind = org_kind_parse(json_string_value(json_object_get(row, "kind")));
		o->province = (int)json_integer_value(json_object_get(row, "province_code"));
		o->regency = (int)json_integer_value(json_object_get(row, "regency_code"));
	}
	json_decref(rows);
	return 0;
}

/* A new parent must be a unit the actor sees, not below the unit. */
static int
check_parent(struct svc *s, const struct unit_input *in, const struct unit_now *cur,
    struct svc_problems *pr, struct err *e)
{
	json_t *rows = NULL, *row;
	struct object_ref ref;
	bool seen, cycle;

	if (in->parent_id <= 0 || in->parent_id == cur->parent_id)
		return 0;
	if (db_exec(s->c, DB_UNIT_PLACE, (struct db_param[]){ DBP_INT(in->parent_id) }, 1,
		&rows, e) < 0)
		return -1;
	row = json_array_get(rows, 0);
	ref = registry_unit_ref(in->parent_id,
	    (int)json_integer_value(json_object_get(row, "province_code")),
	    json_integer_value(json_object_get(row, "organization_id")));
	seen = row != NULL && policy_check(s->who, ACT_VIEW, &ref) == POLICY_ALLOW;
	json_decref(rows);
	if (!seen) {
		registry_flag(s, pr, "parent_unit_id", RP_PARENT_UNKNOWN);
		return 0;
	}
	if (cur->id == 0)
		return 0;
	if (reaches(s, in->parent_id, cur->id, &cycle, e) < 0)
		return -1;
	if (cycle)
		registry_flag(s, pr, "parent_unit_id", RP_PARENT_CYCLE);
	return 0;
}

/* Each field on its own: codes and formats. */
static int
check_fields(struct svc *s, const struct unit_input *in, struct unit_checked *ck,
    struct svc_problems *pr, struct err *e)
{
	if ((ck->name = arena_strdup(s->arena, in->name != NULL ? in->name : "")) == NULL ||
	    (ck->sector = arena_alloc(s->arena, SECTOR_MAX)) == NULL) {
		err_set(e, ERR_TOO_LARGE, "out of memory");
		return -1;
	}
	registry_squeeze(ck->name);
	if (in->unit_type != NULL && in->unit_type[0] != '\0' &&
	    unit_type_find(in->unit_type) == NULL)
		registry_flag(s, pr, "unit_type", RP_UNIT_TYPE_UNKNOWN);
	if (in->sector != NULL && in->sector[0] != '\0' &&
	    registry_sector_normalize(in->sector, ck->sector, SECTOR_MAX) != RP_OK)
		registry_flag(s, pr, "sector", RP_SECTOR_FORMAT);
	if (in->province != 0 && province_find(in->province) == NULL)
		registry_flag(s, pr, "province_code", RP_PROVINCE_UNKNOWN);
	if (registry_regency_check(s, in->regency, in->province, &ck->regency, pr, e) < 0)
		return -1;
	if (registry_phone_check(in->phone != NULL ? in->phone : "") != RP_OK)
		registry_flag(s, pr, "phone", RP_PHONE_FORMAT);
	return 0;
}

/*
 * Judge in for unit cur->id (0: new) into ck and pr: each field on its
 * own, then, when whole and they are fine, the place, the actor's right
 * there and the name. -1 with e only when the database failed.
 */
static int
unit_judge(struct svc *s, const struct unit_now *cur, const struct unit_input *in,
    bool whole, struct unit_checked *ck, struct svc_problems *pr, struct err *e)
{
	struct unit_org o;
	enum registry_problem rp;
	struct object_ref ref;
	json_t *rows = NULL, *row;

	memset(ck, 0, sizeof(*ck));
	if (check_fields(s, in, ck, pr, e) < 0 ||
	    check_owner(s, in, cur, &o, pr, e) < 0 || check_parent(s, in, cur, pr, e) < 0)
		return -1;
	if (!whole || pr->count > 0 || !o.ok)
		return 0;
	rp = registry_unit_place_check(in->unit_type, in->province, ck->regency, o.kind,
	    o.province, o.regency);
	if (rp != RP_OK) {
		registry_flag(s, pr,
		    rp == RP_OWNER_MISMATCH         ? "unit_type"
			: rp == RP_REGENCY_PROVINCE ? "regency_code"
						    : "province_code",
		    rp);
		return 0;
	}
	/* The new place must be one the actor may put a unit in. */
	ref = registry_unit_ref(cur->id, in->province, in->org_id);
	if (policy_check(s->who, cur->id == 0 ? ACT_CREATE : ACT_EDIT, &ref) != POLICY_ALLOW) {
		registry_flag(s, pr, "province_code", RP_OUTSIDE_SCOPE);
		return 0;
	}
	if (db_exec(s->c, DB_UNIT_BY_ORG_NAME,
		(struct db_param[]){ DBP_INT(in->org_id), DBP_TEXT(ck->name) }, 2, &rows, e) < 0)
		return -1;
	row = json_array_get(rows, 0);
	if (row != NULL && json_integer_value(json_object_get(row, "id")) != cur->id)
		registry_flag(s, pr, "name", RP_DUPLICATE);
	json_decref(rows);
	return 0;
}

/* A text of the input, "" when absent. */
static const char *
text(const char *v)
{
	return v != NULL ? v : "";
}

/* Write the judged unit and its audit entry; *id receives a new id. */
static int
unit_write(struct svc *s, int64_t *id, const struct unit_input *in,
    const struct unit_checked *ck, struct err *e)
{
	char now[TIME_ISO_LEN];
	bool update = *id != 0, active = !update || in->active;

	if (svc_save_row(s, DB_UNIT_INSERT, DB_UNIT_UPDATE,
		(struct db_param[]){ DBP_TEXT(ck->name), DBP_TEXT(in->unit_type),
		    DBP_TEXT(ck->sector), DBP_INT(in->province),
		    ck->regency ? DBP_INT(ck->regency) : DBP_NULL, DBP_INT(in->org_id),
		    in->parent_id ? DBP_INT(in->parent_id) : DBP_NULL,
		    DBP_TEXT(text(in->address)), DBP_TEXT(text(in->head_name)),
		    DBP_TEXT(text(in->head_title)), DBP_TEXT(text(in->phone)),
		    DBP_TEXT(text(in->email)), DBP_TEXT(time_iso(s->now, now)),
		    DBP_INT(active), DBP_INT(*id) },
		13, 15, id, e) < 0)
		return -1;
	/* What applies to a unit follows its type: refigure its
	 * self-assessments (progress_store.h). */
	if (update && progress_store_refresh_unit(s->c, s->arena, *id, e) < 0)
		return -1;
	return svc_audit_new(s, update ? "unit.update" : "unit.create", "unit", *id,
	    json_pack("{s:s, s:s, s:s, s:i, s:I, s:b}", "name", ck->name, "unit_type",
		in->unit_type, "sector", ck->sector, "province_code", in->province,
		"organization_id", (json_int_t)in->org_id, "active", active),
	    e);
}

int
registry_unit_save(struct svc *s, int64_t *id, const struct unit_input *in,
    struct svc_problems *pr, struct err *e)
{
	struct unit_now cur = { 0 };
	struct unit_checked ck;

	pr->count = 0;
	if (*id < 0) {
		err_set(e, ERR_NOT_FOUND, "no such unit");
		return -1;
	}
	if (svc_begin(s, e) < 0)
		return -1;
	if ((*id != 0 && unit_reachable(s, *id, &cur, e) < 0) ||
	    unit_judge(s, &cur, in, true, &ck, pr, e) < 0 ||
	    (pr->count == 0 && unit_write(s, id, in, &ck, e) < 0)) {
		svc_rollback(s);
		return -1;
	}
	return svc_finish(s, pr, e);
}

int
registry_unit_check(struct svc *s, int64_t id, const struct unit_input *in,
    struct svc_problems *pr, struct err *e)
{
	struct unit_now cur = { 0 };
	struct unit_checked ck;

	pr->count = 0;
	if (id != 0 && unit_reachable(s, id, &cur, e) < 0)
		return -1;
	return unit_judge(s, &cur, in, false, &ck, pr, e);
}
