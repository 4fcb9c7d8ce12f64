/*
 * participation.h - one unit in one cycle, as the stage pages see it:
 * loading it with its cycle, windows and place; asking the stage machine
 * (core/machine.h) whether a transition may happen and turning a refusal
 * into an error the user understands; applying it with its timeline entry
 * and audit entry; and the header every stage page shares.
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

/* A participation with what the stage pages need; strings live in the
 * request's arena. */
struct participation {
	int64_t		 id;
	int64_t		 cycle_id;
	const char	*cycle_title;
	int		 cycle_year;
	int64_t		 rulebook_id;
	int64_t		 unit_id;
	const char	*unit_name;
	const char	*unit_type;	/* unit type code */
	const char	*head_name;	/* the unit head, as the registry has it */
	const char	*head_title;
	int		 province;	/* Kemendagri code of the unit's province */
	const char	*province_name;
	int64_t		 organization_id;
	enum tz		 tz;		/* the unit's time zone: dates are shown in it */
	enum stage	 stage;		/* where it is now */
	const char	*state;
	struct cycle_window windows[STAGE_MAX]; /* the stages the cycle runs */
	size_t		 nwindows;
	struct object_ref ref;		/* OBJ_PARTICIPATION with its place */
};

/*
 * Load participation id into *p after checking that the caller may view it
 * (else 404, as for one that does not exist). -1 with e.
 */
int	participation_load(struct request *req, struct db_conn *c, int64_t id,
	    struct participation *p, struct err *e);

/*
 * May the caller make transition t on p now? complete is the guard's
 * completeness input (see struct machine_input). 0 with *step filled; -1
 * with e: 404 when p is hidden from the caller, 403 when the role may not,
 * 409 with a message in the user's language for a wrong state, a stage the
 * cycle does not run or missing items, and for a closed or not yet open
 * window a message that gives the window's dates in the unit's time zone.
 */
int	participation_guard(struct request *req, const struct participation *p,
	    enum transition t, bool complete, struct machine_step *step, struct err *e);

/*
 * Apply step (from participation_guard) to p inside the caller's
 * transaction: the new stage and state, one timeline entry (transition,
 * actor, time, note or NULL) and one audit entry ("participation.CODE").
 * p->stage and p->state are updated.
 */
int	participation_apply(struct request *req, struct db_conn *c, struct participation *p,
	    enum transition t, const struct machine_step *step, const char *note,
	    struct err *e);

/*
 * Add a timeline entry without a change of state (a note recorded, a file
 * uploaded, ...), in the caller's transaction: what is a catalog key suffix
 * under participation.event (e.g. "upload"), note free text or NULL.
 */
int	participation_event(struct request *req, struct db_conn *c,
	    const struct participation *p, const char *what, const char *note,
	    struct err *e);

/*
 * True when the caller may make transition t now (no error kept): for
 * showing or hiding a form. The stage pages show a read-only view when
 * false and say why with participation_window_notice.
 */
bool	participation_may(struct request *req, const struct participation *p,
	    enum transition t, bool complete);

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
int	participation_header(struct request *req, const struct participation *p,
	    enum stage tab, json_t *model, struct err *e);

/*
 * When stage s's window is not open now, a notice (status, not error) on
 * model saying when it opens or when it closed, with dates; true then.
 */
bool	participation_window_notice(struct request *req, const struct participation *p,
	    enum stage s, json_t *model);

/*
 * After a refused write on a stage page: when the page can explain the
 * refusal itself (a state, window or form problem; not 403, 404 nor a
 * failure of ours), move it from e into *r, clear e and return true; the
 * caller then builds its page again and shows r with
 * participation_refusal_show. False leaves e as it is, to be the answer.
 */
bool	participation_refusal_take(struct err *e, struct err *r);
/* Put refusal r on the page's model rep->model: an error notice and
 * "refusal" {status, message}; the reply takes r's status. */
void	participation_refusal_show(struct request *req, struct reply *rep,
	    const struct err *r);

/* The rulebook p's cycle runs under, parsed, in the request's arena; NULL
 * with e. */
struct rulebook *participation_rulebook(struct request *req, struct db_conn *c,
	    const struct participation *p, struct err *e);

/* Rulebook id parsed, in the request's arena; NULL with e (404). */
struct rulebook *rulebook_load_parsed(struct request *req, struct db_conn *c, int64_t id,
	    struct err *e);
/* The same into arena a, for callers without a request (the demo). */
struct rulebook *rulebook_load_in(struct db_conn *c, struct arena *a, int64_t id,
	    struct err *e);

/* A time (ISO-8601 UTC text) as the unit's local date and time, e.g.
 * "29 November 2026 18.00 WITA" (Indonesian) or "29 November 2026 18:00
 * WITA" (English), in the request's arena. */
const char *participation_local_time(struct request *req, const struct participation *p,
	    const char *iso);

/* Today's date in p's time zone, "2026-11-29", into out; returns out. */
char	*participation_today(const struct participation *p, char out[TIME_DATE_LEN]);

/* The same for an instant shown in zone tz, in style s (base/timefmt.h):
 * what documents and dashboards show of their participations. */
const char *participation_zone_time(struct request *req, enum tz tz, const char *iso,
	    enum time_style s);

#endif
