/*
 * coord_regions.h - coordination regions (Wilayah I, II, ...): the groups
 * of provinces that coordinators cover, kept by the admin with their
 * history (migration 0022), and what follows from them: which region a
 * province is in, who approves a province's declaration requests, and the
 * requests waiting on a caller's desk.
 */
#ifndef P2HAM_SVC_COORD_REGIONS_H
#define P2HAM_SVC_COORD_REGIONS_H

#include <stdint.h>

#include <jansson.h>

#include "svc/svc.h"

#define COORD_REGION_NAME_MAX 80 /* characters of a region's name */

/* The region each province is in now: id and name by province code. */
struct coord_region_map {
	int64_t id[100];       /* region id by province code, 0: none */
	const char *name[100]; /* its name (in the arena), NULL: none */
};

/* The map of provinces to regions as it stands, in s->arena; NULL with e. */
struct coord_region_map *coord_region_map_load(struct svc *s, struct err *e);

/*
 * Every region by name: {id, name, provinces: [{code, name}], coordinators:
 * [{id, full_name}], province_count}. A new reference, or NULL with e.
 */
json_t *coord_region_list(struct svc *s, struct err *e);

/*
 * Region id with its provinces now, its coordinators and its history
 * ({province_code, province_name, joined_at, left_at, joined_by,
 * left_by}, newest first). NULL with e: 404 when there is none.
 */
json_t *coord_region_get(struct svc *s, int64_t id, struct err *e);

/* Options {value, label, selected} of every region, for a <select>. */
json_t *coord_region_options(struct svc *s, int64_t selected);

/*
 * Create a region named name (admin only): *id receives it. Refusals
 * (empty, too long, taken) in pr under "name", -1 with ERR_INVALID.
 */
int coord_region_create(struct svc *s, const char *name, int64_t *id,
    struct svc_problems *pr, struct err *e);

/* Rename region id; the same refusals. */
int coord_region_rename(struct svc *s, int64_t id, const char *name,
    struct svc_problems *pr, struct err *e);

/*
 * Put province into region id, taking it out of the region that held it
 * (both ends kept in the history, one audit entry). Its declaration
 * requests still waiting go with it to the new region's coordinators.
 * Refusal under "province_code" for an unknown province or one already
 * there.
 */
int coord_region_move(struct svc *s, int64_t id, int province, struct svc_problems *pr,
    struct err *e);

/* Take province out of region id (it then belongs to none); 409 when the
 * region does not hold it. */
int coord_region_release(struct svc *s, int64_t id, int province, struct err *e);

/* The name of the region holding province now, in s->arena; "" when none
 * (or NULL with e on a database error). */
const char *coord_region_name_of(struct svc *s, int province, struct err *e);

/*
 * Who approves a declaration request of a unit in province: {region:
 * {id, name} or null, coordinators: [{id, full_name}], is_admin: true when
 * no coordinator covers it (the programme admin decides)}. New reference,
 * NULL with e.
 */
json_t *coord_region_approver(struct svc *s, int province, struct err *e);

/*
 * The declaration requests waiting for a decision on units the actor
 * sees, oldest first, each with its approver as coord_region_approver
 * says and whether the actor is that approver ("is_mine"). New reference,
 * NULL with e.
 */
json_t *coord_region_desk(struct svc *s, struct err *e);

#endif
