/*
 * participation.h - one unit in one cycle, as the stage pages show it: the
 * header every stage page shares, the notice of a closed window and times
 * in the unit's zone. Loading, guarding and applying transitions are the
 * services' (svc/participation.h), which the pages call through web_svc.
 */
#ifndef P2HAM_PARTICIPATION_H
#define P2HAM_PARTICIPATION_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "base/err.h"
#include "base/timefmt.h"
#include "core/cycle.h"
#include "core/machine.h"
#include "core/policy.h"
#include "core/region.h"
#include "core/rulebook.h"
#include "db/db.h"
#include "http/request.h"
#include "http/route.h"
#include "svc/participation.h"

/*
 * Put into model what every stage page shows above its own content:
 * "participation" {id, unit {id, name, type}, cycle {id, title, year},
 * stage, state, state_label, ended}, "tabs" (the stages the cycle runs, each
 * {code, label, href, current, opens, deadline} with dates in the unit's
 * time zone), "tab_current" (the stage code of this page) and "timeline"
 * (what happened when, by whom: the whole timeline on the overview, tab
 * STAGE_MAX; the stage's own events on a stage page), shown by
 * partials/participation_timeline. tab is the page's stage.
 */
int participation_header(struct request *req, const struct participation *p,
    enum stage tab, json_t *model, struct err *e);

/*
 * The assessment's pages of participation id, for the navigation its
 * pages show above their own content (partials/assessment_nav): an array
 * of {label, href}. NULL when out of memory.
 */
json_t *participation_assessment_nav(struct request *req, int64_t id);

/* "locked" on model: the sentence saying that the plenary minutes serial
 * locked the scores, when serial is not NULL. */
void participation_locked_notice(struct request *req, json_t *model, const char *serial);

/* Does timeline event what say that an assessor scored or submitted
 * scores? Only the admin's timeline names who did. */
bool participation_is_scoring_event(const char *what);

/*
 * The page of stage s for p when p's cycle does not run s: the header with
 * a notice saying which stages the cycle runs, as rep's model (also its
 * JSON twin, with "stage_not_run" {stage, message}), status 404. 1 when
 * rep was filled so, 0 when the cycle runs s (rep untouched), -1 with e.
 */
int participation_stage_not_run(struct request *req, struct reply *rep,
    const struct participation *p, enum stage s, struct err *e);
/*
 * The page of stage st of participation {id} opened: s set up for the
 * request, p loaded (the caller may view it), then as
 * participation_stage_not_run: 1 when rep holds the page saying the cycle
 * does not run st, 0 to go on, -1 with e.
 */
int participation_stage_open(struct request *req, struct reply *rep, struct svc *s,
    struct participation *p, enum stage st, struct err *e);

/*
 * The page of stage st of participation {id} (a route's GET handler's
 * work): participation_stage_open, then build makes it, then the notice
 * of query parameter "ok" from catalog group (web_done_notice).
 * Built again for a refused post (req_again), only build runs. 0, or -1
 * with e.
 */
int participation_stage_page(struct request *req, struct reply *rep, enum stage st,
    route_handler build, const char *group, struct err *e);

/*
 * A post that makes act on participation {id}: when act succeeds, 303
 * See Other to /partisipasi/{id}/then (then a path and query); when it
 * refuses, web_show_again with page (the stage's page). 0, or -1 with e.
 */
int participation_post(struct request *req, struct reply *rep,
    int (*act)(struct svc *, int64_t, struct err *), route_handler page, const char *then,
    struct err *e);

/*
 * When stage s's window is not open now, a notice (status, not error) on
 * model saying when it opens or when it closed, with dates; true then.
 */
bool participation_window_notice(struct request *req, const struct participation *p,
    enum stage s, json_t *model);

/*
 * The admission of a post that carries files to /partisipasi/{id}/...
 * (route_admit): 0 when the policy lets the signed-in caller make
 * transition t on participation {id}, so that its body may be kept; -1
 * with e otherwise, 404 when the caller may not see the participation (or
 * it does not exist), 403 when the role may not make t there. State and
 * window are the handler's to check, once the body is in.
 */
int participation_admit(struct request *req, enum transition t, struct err *e);

/*
 * Defines name, a route_admit (a route's .admit) that is
 * participation_admit for transition t. A use ends with a semicolon (the
 * macro ends in name's declaration).
 */
/* clang-format off */
#define PARTICIPATION_ADMIT(name, t)					\
	static int name(struct request *req, struct err *e)		\
	{								\
		return participation_admit(req, t, e);			\
	}								\
	static int name(struct request *req, struct err *e)
/* clang-format on */

/* A time (ISO-8601 UTC text) as the unit's local date and time, e.g.
 * "29 November 2026 18.00 WITA" (Indonesian) or "29 November 2026 18:00
 * WITA" (English), in the request's arena. */
const char *participation_local_time(struct request *req, const struct participation *p,
    const char *iso);

/* An instant shown in zone tz, in style s (base/timefmt.h):
 * what documents and dashboards show of their participations. */
const char *
participation_zone_time(struct request *req, enum tz tz, const char *iso, enum time_style s);

#endif
