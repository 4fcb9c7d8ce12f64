/*
 * progress_dash.h - what the progress page (progress.c) and its CSV
 * (progress_export.c) share: the caller's dashboard scope with the chosen
 * cycle as statement parameters, and a participation row in words.
 */
#ifndef P2HAM_APP_PROGRESS_DASH_H
#define P2HAM_APP_PROGRESS_DASH_H

#include <stdbool.h>

#include <jansson.h>

#include "base/err.h"
#include "base/timefmt.h"
#include "core/cycle.h"
#include "core/policy.h"
#include "db/db.h"
#include "http/request.h"
#include "core/registry.h"
#include "svc/coord_regions.h"

/* The caller's dashboard scope and the chosen cycle with its stages and
 * the parameters $1-$5 of the PROGRESS_* statements. */
struct progress_dash {
	struct principal who;               /* the grants that open the page */
	json_t *cycles;                     /* CYCLE_LIST */
	json_t *cycle;                      /* the chosen one (borrowed from cycles) */
	json_t *stages;                     /* CYCLE_STAGES */
	struct cycle_window run[STAGE_MAX]; /* the stages it runs (windows
					   unset), for where units stand */
	size_t nrun;
	enum stage first;                /* the first stage it runs */
	const char *opens[STAGE_MAX];    /* each stage's window as stored */
	const char *deadline[STAGE_MAX]; /* (NULL: not run, or unset) */
	struct db_param prm[9];          /* scope, cycle; $6-$9 are the caller's */
	char now[TIME_ISO_LEN];
	struct coord_region_map *map;    /* the region of each province now */
	int64_t region;                  /* ?wilayah= chosen, 0: all */
	struct registry_scope scope_all; /* the scope before the region
					    narrowed it */
};

/*
 * Fill v for the request: who may see the dashboard (404 for no one), the
 * cycles, the chosen cycle (?siklus=, else the newest; 404 for an unknown
 * id; v->cycle NULL when there is none at all) and its stages. -1 with e;
 * v is safe to progress_dash_free either way.
 */
int progress_dash_load(struct request *req, struct db_conn *c, struct progress_dash *v,
    struct err *e);
void progress_dash_free(struct progress_dash *v);

/* Whether a participation of v's cycle at stage and state (codes) lags
 * behind now (cycle_lag_at). */
struct cycle_lag
progress_lag(const struct progress_dash *v, const char *stage, const char *state);

/* Add names and flags to a participation row (PROGRESS_LAG_*, _EXPORT)
 * of v's cycle: province, unit type, stage and state labels (a unit done
 * with the last stage the cycle runs reads as finished), its stage's
 * deadline, in the unit's zone (as a sheet writes it when for_sheet),
 * whether it lags (progress_lag) and why. */
void progress_decorate(struct request *req, const struct progress_dash *v, json_t *row,
    bool for_sheet);

/* progress_region.c: narrow v to the region of ?wilayah= (404 for a
 * region holding no province) after reading the map of regions. */
int progress_region_narrow(struct request *req, struct db_conn *c,
    struct progress_dash *v, struct err *e);
/* The figures of PROGRESS_COUNTS rows counts by region with a chart per
 * region, and the region filter's options, into model. */
int progress_region_model(struct request *req, const struct progress_dash *v,
    json_t *counts, json_t *model, struct err *e);
/* Add row's region_name (by its province_code). */
void progress_region_decorate(const struct progress_dash *v, json_t *row);

/* progress_lagging.c: the units of v's cycle that lag behind into model's
 * "lagging" (at most 50 listed, all counted), given the PROGRESS_COUNTS
 * rows counts. -1 with e. */
int progress_lagging_model(struct request *req, struct db_conn *c,
    struct progress_dash *v, json_t *counts, json_t *model, struct err *e);
/* progress_export.c: the dashboard's CSV (GET /progres.csv). */
int progress_csv(struct request *req, struct reply *rep, struct err *e);
/* Whether the caller's menu offers the dashboard. */
bool progress_may_view(struct request *req);
/* May the caller decide declaration requests anywhere (their desk)? */
bool declaration_desk_may_view(struct request *req);

#endif
