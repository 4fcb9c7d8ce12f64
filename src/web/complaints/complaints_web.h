/*
 * complaints_web.h - what the complaint pages share with other pages: who
 * handles complaints, and the overdue counts the progress dashboard and the
 * unit's page show.
 */
#ifndef P2HAM_WEB_COMPLAINTS_H
#define P2HAM_WEB_COMPLAINTS_H

#include <jansson.h>

#include "core/policy.h"
#include "db/db.h"
#include "http/request.h"

/* The caller's grants that handle complaints over a region (regional
 * office, admin); grant_count 0 when none. */
struct principal complaints_handler(struct request *req);

/*
 * Put the overdue complaints into model: per unit of the scope parameters
 * ("complaints_overdue_units", with "has_complaints_overdue"), or for unit
 * unit_id alone when scope is NULL ("complaints_overdue" count). -1 with e.
 */
int complaints_overdue_put(struct request *req, const struct db_param scope[4],
    int64_t unit_id, json_t *model, struct err *e);

#endif
